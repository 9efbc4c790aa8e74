package org.insilico.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.insilico.InSilicoException;
import org.insilico.image.ImagePlusBridge;
import org.insilico.model.Network;
import org.insilico.probe.gradient.Attribution;
import org.insilico.probe.gradient.GradientImages;
import org.insilico.probe.gradient.IntegratedGradients;
import org.insilico.probe.gradient.Occlusion;
import org.insilico.probe.gradient.SmoothGrad;
import org.scijava.ItemIO;
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

	static final String GRADIENT = "gradient", GRADIENT_X_INPUT = "gradient x input", SMOOTHGRAD = "SmoothGrad",
			INTEGRATED_GRADIENTS = "integrated gradients", OCCLUSION = "occlusion";

	@Parameter(required = false, label = "Network")
	private Network network;

	@Parameter(label = "Image or stack")
	private Img<FloatType> image;

	@Parameter(label = "Target (predicted class, or layer:kind:index)")
	private String target = GradientImages.PREDICTED;

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

	@Override
	protected void execute() {
		final Network net = OpenNetworks.resolve(objects, network);
		if (image == null) throw InSilicoException.badParameter("image", null, "expected an open image or stack");
		final GradientImages.Labelled g = GradientImages.run(net, image, new GradientImages.Request(method,
			new Attribution.Settings(absolute, new SmoothGrad.Options(samples, noise, squared, seed),
				new IntegratedGradients.Options(IntegratedGradients.Baseline.parse(baseline), null, blur_sigma, steps),
				new Occlusion.Options(patch, stride, fill)), target, all_units_of_layer), new CommandProgress(status));
		gradient_image = ImagePlusBridge.toSignedImagePlus(g.result().map(), g.title(), g.labels());
		target_values = Tables.targetValues(g.imageNumbers(), g.targets(), g.result().targetValues(), g
			.completenessErrors());
		Tables.show(ui, target_values, "Target values");
	}
}
