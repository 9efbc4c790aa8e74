package org.insilico.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.LUT;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.insilico.InSilicoException;
import org.insilico.data.DataSources;
import org.insilico.data.Dataset;
import org.insilico.image.ImagePlusBridge;
import org.insilico.image.ImageStacks;
import org.insilico.image.Montages;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.probe.maximize.ActivationMaximization;
import org.insilico.probe.maximize.Objective;
import org.insilico.probe.maximize.TopStimuli;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › In Silico › Activation Maximization…: the image that drives a target (a class logit, a channel, a unit)
 * most, or least, found by gradient ascent on the pixels with the usual regularizers ({@link ActivationMaximization});
 * optionally for every unit of a layer at once, or several different images of one target (copies pushed apart by a
 * diversity penalty). For digit networks the achieved value is compared with the best of
 * 2000 built-in digits ({@link TopStimuli#best}). Outputs: the stack of preferred stimuli, their montage, and a table.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Activation Maximization...")
public class ActivationMaximizationCommand extends InSilicoCommand {

	static final String ADAM = "Adam", GRADIENT_ASCENT = "gradient ascent";
	static final String PIXELS = "pixels", FOURIER = "Fourier";
	static final String NOISE = "gray noise", IMAGE = "image", MEAN = "mean of built-in digits";

	/** How many built-in digits the preferred stimuli are compared with. */
	static final int NATURAL_IMAGES = 2000;

	@Parameter(required = false, label = "Network")
	private Network network;

	@Parameter(label = "Target (layer:kind:index)", required = false)
	private String target = "output:class:0";

	@Parameter(label = "Whole layer (optional: every unit, replaces the target)", required = false)
	private String whole_layer = "";

	@Parameter(label = "Copies (several different images of one target)", min = "1")
	private int copies = 1;

	@Parameter(label = "Diversity (penalty on the copies' similarity)", min = "0")
	private double diversity = 0;

	@Parameter(label = "Minimize (inhibitory stimulus)")
	private boolean minimize = false;

	@Parameter(label = "Steps", min = "0")
	private int steps = 256;

	@Parameter(label = "Learning rate", stepSize = "0.01")
	private double learning_rate = 0.05;

	@Parameter(label = "Optimizer", choices = { ADAM, GRADIENT_ASCENT })
	private String optimizer = ADAM;

	@Parameter(label = "L2 decay", min = "0")
	private double l2 = 0;

	@Parameter(label = "Fixed pixel norm (0 = none)", min = "0")
	private double norm = 0;

	@Parameter(label = "Total variation", min = "0")
	private double tv = 0;

	@Parameter(label = "Blur every k steps (0 = never)", min = "0")
	private int blur_every = 0;

	@Parameter(label = "Blur sigma, pixels", min = "0")
	private double blur_sigma = 0.5;

	@Parameter(label = "Jitter, pixels", min = "0")
	private int jitter = 0;

	@Parameter(label = "Random scale (relative, e.g. 0.1)", min = "0", max = "0.5", stepSize = "0.05")
	private double scale = 0;

	@Parameter(label = "Random rotation, degrees", min = "0", max = "180")
	private double rotation = 0;

	@Parameter(label = "Parameterization", choices = { PIXELS, FOURIER })
	private String parameterization = PIXELS;

	@Parameter(label = "Clip to [0, 1]")
	private boolean clip = true;

	@Parameter(label = "Seed")
	private long seed = 1;

	@Parameter(label = "Start from", choices = { NOISE, IMAGE, MEAN })
	private String start = NOISE;

	@Parameter(label = "Start image (start from image)", required = false)
	private Img<FloatType> start_image;

	@Parameter(label = "Compare with natural stimuli (digit networks)")
	private boolean compare_with_natural = true;

	@Parameter(type = ItemIO.OUTPUT, label = "Preferred stimuli")
	private ImagePlus preferred_stimuli;

	@Parameter(type = ItemIO.OUTPUT, label = "Montage")
	private ImagePlus montage;

	@Parameter(type = ItemIO.OUTPUT, label = "Values")
	private ResultsTable values;

	@Override
	protected void execute() {
		final Network net = OpenNetworks.resolve(objects, network);
		final boolean layer = whole_layer != null && !whole_layer.isBlank();
		if (!layer && (target == null || target.isBlank())) throw InSilicoException.badParameter("target", target,
			"give a target layer:kind:index (e.g. output:class:3, conv2:channel:5, dense1:unit:17), or a layer in " +
				"whole_layer for every unit of it");
		if (layer && !net.layerNames().contains(whole_layer.trim())) throw InSilicoException.badParameter(
			"whole_layer", whole_layer, "expected one of " + net.layerNames());
		final Target one = layer ? null : Target.parse(target.trim(), net);
		InSilicoException.requireRange("copies", copies, 1, 1000);
		if (!(diversity >= 0) || !Double.isFinite(diversity)) throw InSilicoException.badParameter("diversity",
			diversity, "expected a finite number, 0 or more");
		if (layer && copies > 1) throw InSilicoException.badParameter("copies", copies,
			"several copies are for one target; with whole_layer, copies must be 1");
		final CommandProgress progress = new CommandProgress(status);
		final boolean digits = isDigitNetwork(net);
		if (compare_with_natural && !digits && log != null) log.info("In Silico: compare_with_natural needs a network " +
			"of the ten digit classes; this one has " + net.classNames() + ", so there is no comparison");
		// the options are checked before the natural stimuli are generated
		ActivationMaximization.Options.of(steps, learning_rate, optimizer, minimize, l2, norm, tv, blur_every,
			blur_sigma, jitter, scale, rotation, parameterization, clip, null, seed).validate(net);
		if (!NOISE.equals(start) && !IMAGE.equals(start) && !MEAN.equals(start)) throw InSilicoException.badParameter(
			"start", start, "expected '" + NOISE + "', '" + IMAGE + "' or '" + MEAN + "'");
		final Dataset natural = (compare_with_natural && digits) || MEAN.equals(start) ? naturalDigits(net, seed,
			progress) : null;
		final ActivationMaximization.Options options = ActivationMaximization.Options.of(steps, learning_rate,
			optimizer, minimize, l2, norm, tv, blur_every, blur_sigma, jitter, scale, rotation, parameterization, clip,
			startImage(net, start, start_image, natural), seed);
		final ActivationMaximization.Result r = layer ? ActivationMaximization.units(net, whole_layer.trim(), options,
			progress) : copies > 1 ? ActivationMaximization.diverse(net, Objective.of(one), copies, diversity, options,
				progress) : ActivationMaximization.run(net, Objective.of(one), options, progress);
		final TopStimuli.Best best = compare_with_natural && digits ? TopStimuli.best(net, natural, r.objectives(),
			minimize, progress) : null;
		final String what = (minimize ? "Inhibitory stimuli of " : "Preferred stimuli of ") + (layer ? "every unit of " +
			whole_layer.trim() : one.description());
		final ArrayImg<FloatType, FloatArray> stack = ArrayImgs.floats(r.images(), r.width(), r.height(), r.values()
			.length);
		final List<String> labels = new ArrayList<>();
		for (int i = 0; i < r.values().length; i++)
			labels.add(label(r, best, i));
		final double lo = clip ? 0 : Double.NaN, hi = clip ? 1 : Double.NaN;
		preferred_stimuli = ImagePlusBridge.toImagePlus(stack, what, labels, (LUT) null, lo, hi);
		final int columns = (int) Math.ceil(Math.sqrt(r.values().length));
		montage = ImagePlusBridge.toImagePlus(Montages.of(stack, columns, 1, clip ? 1f : 0f), "Montage: " + what, null,
			(LUT) null, lo, hi);
		values = Tables.maximization(r, best);
		Tables.show(ui, values, what);
	}

	/** "conv2:channel:5 · activation 3.21 · 1.85x the best natural stimulus" (without the last part when not compared). */
	static String label(final ActivationMaximization.Result r, final TopStimuli.Best best, final int i) {
		final String s = r.objectives().get(i).description() + " · activation " + String.format("%.4g", r.values()[i]);
		return best == null ? s : s + " · " + String.format("%.3g", Tables.ratio(r, best, i)) +
			"x the best natural stimulus";
	}

	/** A network of the ten digit classes, named 0 … 9 or zero … nine. */
	static boolean isDigitNetwork(final Network net) {
		final List<String> names = net.classNames();
		return names.equals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")) || names.equals(List.of("zero",
			"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"));
	}

	/** The built-in digits the command compares with (and whose mean it may start from), at the network's size. */
	static Dataset naturalDigits(final Network net, final long seed, final org.insilico.Progress progress) {
		if (net.width() != net.height()) throw InSilicoException.badParameter("compare_with_natural", true,
			"the built-in digits are square; this network takes " + net.width() + "x" + net.height() + " images");
		final List<String> classes = net.classNames().size() == 10 ? net.classNames() : List.of("0", "1", "2", "3", "4",
			"5", "6", "7", "8", "9");
		return DataSources.loadFor("digits", NATURAL_IMAGES, net.height(), classes, seed, "compare_with_natural",
			progress).dataset();
	}

	/** The start image of the options: none (gray noise), the given image, or the mean of the built-in digits. */
	static float[] startImage(final Network net, final String start, final Img<FloatType> image,
		final Dataset digits)
	{
		if (NOISE.equals(start)) return null;
		if (MEAN.equals(start)) return ActivationMaximization.meanImage(digits);
		if (!IMAGE.equals(start)) throw InSilicoException.badParameter("start", start, "expected '" + NOISE + "', '" +
			IMAGE + "' or '" + MEAN + "'");
		if (image == null) throw InSilicoException.badParameter("start_image", null,
			"start = image needs an open image of the network's input size");
		net.checkImageSize(image.dimension(0), image.dimension(1), "start_image");
		if (ImageStacks.count(image) != 1) throw InSilicoException.badParameter("start_image", ImageStacks.count(image) +
			" images", "expected one image");
		return ImageStacks.toFloatArray(image);
	}
}
