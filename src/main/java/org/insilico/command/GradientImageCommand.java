package org.insilico.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.insilico.InSilicoException;
import org.insilico.image.ImagePlusBridge;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.probe.gradient.Attribution;
import org.insilico.probe.gradient.IntegratedGradients;
import org.insilico.probe.gradient.Occlusion;
import org.insilico.probe.gradient.SmoothGrad;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.object.ObjectService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › In Silico › Gradient Image…: how each pixel of an image matters to a target (a class, a channel, a unit)
 * of the network, by one of the {@link Attribution} methods; a 32-bit stack with one slice per image (or per unit of
 * a layer), shown with a diverging colour table centred on zero, and a table of the target's values.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Gradient Image...")
public class GradientImageCommand extends InSilicoCommand {

	/** The target word that means each image's own predicted class. */
	static final String PREDICTED = "predicted class";

	static final String GRADIENT = "gradient", GRADIENT_X_INPUT = "gradient x input", SMOOTHGRAD = "SmoothGrad",
			INTEGRATED_GRADIENTS = "integrated gradients", OCCLUSION = "occlusion";

	@Parameter(required = false, label = "Network")
	private Network network;

	@Parameter(label = "Image or stack")
	private Img<FloatType> image;

	@Parameter(label = "Target (predicted class, or layer:kind:index)")
	private String target = PREDICTED;

	@Parameter(label = "Method", choices = { GRADIENT, GRADIENT_X_INPUT, SMOOTHGRAD, INTEGRATED_GRADIENTS,
		OCCLUSION })
	private String method = GRADIENT;

	@Parameter(label = "Absolute value (gradient)")
	private boolean absolute = false;

	@Parameter(label = "Noisy samples (SmoothGrad)", min = "1")
	private int samples = 50;

	@Parameter(label = "Noise, fraction of the value range (SmoothGrad)", stepSize = "0.05")
	private double noise = 0.15;

	@Parameter(label = "Squared (SmoothGrad)")
	private boolean squared = false;

	@Parameter(label = "Baseline (integrated gradients)", choices = { "black", "mean image", "blurred image" })
	private String baseline = "black";

	@Parameter(label = "Blur sigma, pixels (blurred baseline)")
	private double blur_sigma = 4;

	@Parameter(label = "Steps (integrated gradients)", min = "1")
	private int steps = 64;

	@Parameter(label = "Patch size, pixels (occlusion)", min = "1")
	private int patch = 4;

	@Parameter(label = "Stride, pixels (occlusion)", min = "1")
	private int stride = 2;

	@Parameter(label = "Fill value (occlusion)")
	private double fill = 0;

	@Parameter(label = "Seed (SmoothGrad)")
	private long seed = 1;

	@Parameter(label = "All units of layer (optional: one image, replaces the target)", required = false)
	private String all_units_of_layer = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Gradient image")
	private ImagePlus gradient_image;

	@Parameter(type = ItemIO.OUTPUT, label = "Target values")
	private ResultsTable target_values;

	@Parameter(required = false)
	private ObjectService objects;

	@Parameter(required = false)
	private StatusService status;

	@Override
	protected void execute() {
		final Network net = OpenNetworks.resolve(objects, network);
		if (image == null) throw InSilicoException.badParameter("image", null, "expected an open image or stack");
		if (image.numDimensions() < 2 || image.numDimensions() > 3) throw InSilicoException.badParameter("image", image
			.numDimensions() + " dimensions", "expected a 2D image or a stack (x, y, n)");
		net.checkImageSize(image.dimension(0), image.dimension(1), "image");
		final Attribution attribution = Attribution.of(method, new Attribution.Settings(absolute, new SmoothGrad.Options(
			samples, noise, squared, seed), new IntegratedGradients.Options(IntegratedGradients.Baseline.parse(baseline),
				null, blur_sigma, steps), new Occlusion.Options(patch, stride, fill)));
		final CommandProgress progress = new CommandProgress(status);
		final String layer = all_units_of_layer == null ? "" : all_units_of_layer.trim();
		final boolean units = !layer.isEmpty(), predicted = !units && isPredicted(target);
		if (units && !net.layerNames().contains(layer)) throw InSilicoException.badParameter("all_units_of_layer", layer,
			"expected a layer of the network, one of " + net.layerNames() + ", or nothing for one target");
		if (units && image.numDimensions() == 3 && image.dimension(2) != 1) throw new InSilicoException("image = " +
			image.dimension(2) + " images: all_units_of_layer attributes every unit of " + layer +
			" for one image; give one image, or leave all_units_of_layer empty to attribute one target in each image");
		final Attribution.Result result = units ? attribution.attributeUnits(net, image, layer, progress) : attribution
			.attribute(net, image, predicted ? null : Target.parse(target, net), progress);
		final double[] errors = attribution.completenessErrors(net, image, result);

		final List<Integer> imageNumbers = new ArrayList<>();
		final List<String> targets = new ArrayList<>(), labels = new ArrayList<>();
		for (int i = 0; i < result.targets().size(); i++) {
			imageNumbers.add(units ? 1 : i + 1);
			targets.add(predicted ? predictedText(net, result.targets().get(i)) : result.targets().get(i).description());
			labels.add("image " + imageNumbers.get(i) + " · " + targets.get(i) + " · " + result.method());
		}
		gradient_image = ImagePlusBridge.toSignedImagePlus(result.map(), result.method() + " of " + (units
			? "every unit of " + layer : predicted ? "the predicted class" : target.trim()), labels);
		target_values = Tables.targetValues(imageNumbers, targets, result.targetValues(), errors);
		Tables.show(ui, target_values, "Target values");
	}

	/** Whether the target text asks for each image's predicted class (also when left empty). */
	static boolean isPredicted(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase();
		return t.isEmpty() || t.equals(PREDICTED) || t.equals("predicted");
	}

	/** "predicted 7", or "predicted 7 (seven)" when the class has a name other than its number. */
	private static String predictedText(final Network net, final Target classTarget) {
		int c = 0;
		for (int k = 1; k < classTarget.weights().length; k++)
			if (classTarget.weights()[k] > classTarget.weights()[c]) c = k;
		final String name = net.classNames().get(c);
		return "predicted " + c + (name.equals(String.valueOf(c)) ? "" : " (" + name + ")");
	}
}
