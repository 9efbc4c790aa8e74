package org.insilico.probe.gradient;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.model.Network;
import org.insilico.model.Target;

/**
 * Gradient images as the menu and the command line ask for them: a method by name with its settings, and either a
 * target (text; "predicted class" or empty for each image's predicted class) for every image, or every unit of one
 * layer for one image. Returns the attribution with what a person needs to read it: per slice, the image number,
 * the target in words, a label, and (for methods with a baseline) the completeness error.
 */
public final class GradientImages {

	private GradientImages() {}

	/** The words for "each image's predicted class". */
	public static final String PREDICTED = "predicted class";

	/**
	 * @param method one of {@link Attribution#METHODS}
	 * @param settings the methods' options
	 * @param target {@code layer:kind:index}, or "predicted class" / empty
	 * @param allUnitsOfLayer a layer name to attribute every unit of it for one image, or empty
	 */
	public record Request(String method, Attribution.Settings settings, String target, String allUnitsOfLayer) {}

	/**
	 * @param result the attributions, one slice per image (or per unit)
	 * @param imageNumbers the image (1-based) each slice belongs to
	 * @param targets each slice's target in words
	 * @param labels each slice's label: "image 3 · output:class:7 · SmoothGrad"
	 * @param completenessErrors per slice, for methods with a baseline; else empty
	 * @param title e.g. "SmoothGrad of the predicted class"
	 */
	public record Labelled(Attribution.Result result, List<Integer> imageNumbers, List<String> targets,
		List<String> labels, double[] completenessErrors, String title)
	{}

	public static Labelled run(final Network net, final RandomAccessibleInterval<? extends RealType<?>> image,
		final Request request, final Progress progress)
	{
		if (image.numDimensions() < 2 || image.numDimensions() > 3) throw InSilicoException.badParameter("image", image
			.numDimensions() + " dimensions", "expected a 2D image or a stack (x, y, n)");
		net.checkImageSize(image.dimension(0), image.dimension(1), "image");
		final Attribution attribution = Attribution.of(request.method(), request.settings());
		final String layer = request.allUnitsOfLayer() == null ? "" : request.allUnitsOfLayer().trim();
		final boolean units = !layer.isEmpty(), predicted = !units && isPredicted(request.target());
		if (units && !net.layerNames().contains(layer)) throw InSilicoException.badParameter("all_units_of_layer", layer,
			"expected a layer of the network, one of " + net.layerNames() + ", or nothing for one target");
		if (units && image.numDimensions() == 3 && image.dimension(2) != 1) throw new InSilicoException("image = " +
			image.dimension(2) + " images: all_units_of_layer attributes every unit of " + layer +
			" for one image; give one image, or leave all_units_of_layer empty to attribute one target in each image");
		final Attribution.Result result = units ? attribution.attributeUnits(net, image, layer, progress) : attribution
			.attribute(net, image, predicted ? null : Target.parse(request.target(), net), progress);
		final double[] errors = attribution.completenessErrors(net, image, result);
		final List<Integer> numbers = new ArrayList<>();
		final List<String> targets = new ArrayList<>(), labels = new ArrayList<>();
		for (int i = 0; i < result.targets().size(); i++) {
			numbers.add(units ? 1 : i + 1);
			targets.add(predicted ? predictedText(net, result.targets().get(i)) : result.targets().get(i).description());
			labels.add("image " + numbers.get(i) + " · " + targets.get(i) + " · " + result.method());
		}
		final String title = result.method() + " of " + (units ? "every unit of " + layer : predicted
			? "the predicted class" : request.target().trim());
		return new Labelled(result, numbers, targets, labels, errors, title);
	}

	/** Whether the target text asks for each image's predicted class (also when left empty). */
	public static boolean isPredicted(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase();
		return t.isEmpty() || t.equals(PREDICTED) || t.equals("predicted");
	}

	/** "predicted 7", or "predicted 7 (seven)" when the class has a name other than its number. */
	static String predictedText(final Network net, final Target classTarget) {
		int c = 0;
		for (int k = 1; k < classTarget.weights().length; k++)
			if (classTarget.weights()[k] > classTarget.weights()[c]) c = k;
		final String name = net.classNames().get(c);
		return "predicted " + c + (name.equals(String.valueOf(c)) ? "" : " (" + name + ")");
	}
}
