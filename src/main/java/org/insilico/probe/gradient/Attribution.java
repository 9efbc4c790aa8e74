package org.insilico.probe.gradient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.image.ImageStacks;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An attribution method: for each image {@code x} and target {@code t}, an image of the same size saying how each
 * pixel matters to {@code t(x)}. Every method has the same call shape (after Captum): images, target, progress; the
 * method's options are given when it is made, so a user swaps methods by one word ({@link #of(String)}).
 * <p>
 * Images are a 2D image or a stack (x, y, n) of the network's input size; the result has the same dimensions,
 * signed values kept. A {@code null} target means each image's own predicted class (its logit). Images are
 * processed in batches whose size follows the network's memory bound and the method's number of forward or
 * backward passes per image; progress is reported per batch and cancellation honoured.
 * <p>
 * Threading: instances are immutable and may be shared; a {@link Network} serializes the calls made on it.
 */
public abstract class Attribution {

	/** The method's name as the menu and the command line write it. */
	public abstract String name();

	/** How many network passes one image costs (for batching); 1 for plain gradients. */
	protected int passesPerImage(final Network network) {
		return 1;
	}

	/**
	 * The attributions of one batch.
	 *
	 * @param x images [b, 1, h, w] in the network's data type
	 * @param targets one target per image, all reading the same layer the same way
	 * @return attributions, b × h × w values, x fastest
	 */
	protected abstract float[] attributeBatch(Network network, INDArray x, List<Target> targets);

	/** A batch's attribution maps (b × pixels) and t(x) per image. */
	protected record Batch(float[] map, double[] values) {}

	/**
	 * {@link #attributeBatch} and t(x); methods whose pass computes t(x) anyway (the gradient) override this to save a
	 * forward pass.
	 */
	protected Batch attributeBatchWithValues(final Network network, final INDArray x, final List<Target> targets) {
		return new Batch(attributeBatch(network, x, targets), network.targetValues(x, targets).castTo(DataType.DOUBLE)
			.data().asDouble());
	}

	/**
	 * This method ready for these images: checks that it can run on them (e.g. a baseline of the right size) and
	 * fixes what depends on the whole set (e.g. a mean-image baseline). Returns {@code this} when nothing depends.
	 */
	protected Attribution prepare(final Network network, final float[] pixels) {
		return this;
	}

	/**
	 * The reference image of a method that compares with one (integrated gradients), for one image
	 * (width × height values); null for methods without a baseline.
	 */
	protected float[] baseline(final float[] image, final int width, final int height) {
		return null;
	}

	/**
	 * Completeness (Sundararajan et al. 2017, axiom of completeness): for a method with a baseline x', the
	 * attributions of each image should sum to {@code t(x) − t(x')}. Returns, per image of the result,
	 * {@code |Σ attributions − (t(x) − t(x'))| / |t(x) − t(x')|}; empty for methods without a baseline.
	 *
	 * @param pixels the images attributed (x fastest, then y, n); for a result of
	 *          {@link #attributeUnits attributeUnits}, the one image
	 */
	public final double[] completenessErrors(final Network network, final float[] pixels, final Result result) {
		final int w = network.width(), h = network.height(), per = w * h;
		final float[] images = tiled(pixels, per, result.targets().size());
		final int n = images.length / per;
		final Attribution prepared = prepare(network, images);
		final float[] base = new float[images.length];
		for (int i = 0; i < n; i++) {
			final float[] b = prepared.baseline(Arrays.copyOfRange(images, i * per, (i + 1) * per), w, h);
			if (b == null) return new double[0];
			System.arraycopy(b, 0, base, i * per, per);
		}
		final double[] atBaseline = network.targetValues(network.toInput(base), result.targets()).castTo(DataType.DOUBLE)
			.data().asDouble();
		final float[] map = result.map().update(null).getCurrentStorageArray();
		final double[] errors = new double[n];
		for (int i = 0; i < n; i++) {
			double sum = 0;
			for (int k = i * per; k < (i + 1) * per; k++)
				sum += map[k];
			final double diff = result.targetValues()[i] - atBaseline[i];
			errors[i] = Math.abs(sum - diff) / Math.max(Math.abs(diff), 1e-12);
		}
		return errors;
	}

	/** {@link #completenessErrors(Network, float[], Result)} of images given as a 2D image or a stack (x, y, n). */
	public final double[] completenessErrors(final Network network,
		final RandomAccessibleInterval<? extends RealType<?>> images, final Result result)
	{
		return completenessErrors(network, ImageStacks.toFloatArray(images), result);
	}

	/** One image repeated once per target (as {@link #attributeUnits} attributes it); several images as they are. */
	private static float[] tiled(final float[] pixels, final int per, final int targets) {
		final int n = pixels.length / per;
		if (n == targets) return pixels;
		if (n != 1) throw InSilicoException.badParameter("images", n + " images", "expected the " + targets +
			" images of the result, or the one image of a result of attributeUnits");
		final float[] copies = new float[per * targets];
		for (int i = 0; i < targets; i++)
			System.arraycopy(pixels, 0, copies, i * per, per);
		return copies;
	}

	/**
	 * The result of an attribution.
	 *
	 * @param map attributions, same dimensions as the images (x, y, n)
	 * @param targetValues {@code t(x)} per image
	 * @param targets the target read out of each image
	 * @param method the method's name
	 */
	public record Result(ArrayImg<FloatType, FloatArray> map, double[] targetValues, List<Target> targets,
		String method)
	{}

	/** Attributes {@code target} (null: each image's predicted class) for every image. */
	public final Result attribute(final Network network, final RandomAccessibleInterval<? extends RealType<?>> images,
		final Target target, final Progress progress)
	{
		if (network.channels() != 1) throw new InSilicoException("gradient images of " + network.channels() +
			"-channel networks are not supported yet");
		network.checkImageSize(images.dimension(0), images.numDimensions() > 1 ? images.dimension(1) : 1, "images");
		if (images.numDimensions() > 3) throw InSilicoException.badParameter("images", images.numDimensions() +
			" dimensions", "expected a 2D image or a stack (x, y, n)");
		final float[] pixels = ImageStacks.toFloatArray(images);
		final List<Target> targets = target != null ? Collections.nCopies(pixels.length / (network.width() * network
			.height()), target) : predictedClasses(network, pixels, progress);
		return attribute(network, pixels, targets, progress);
	}

	/**
	 * Attributes a different target in each image: {@code targets.get(i)} for image i. The targets must read the
	 * same layer the same way.
	 */
	public final Result attribute(final Network network, final float[] pixels, final List<Target> targets,
		final Progress progress)
	{
		final int w = network.width(), h = network.height(), per = w * h;
		final int n = pixels.length / per;
		if (targets.size() != n) throw InSilicoException.badParameter("targets", targets.size(),
			"expected one target per image (" + n + ")");
		final Attribution method = prepare(network, pixels);
		final float[] out = new float[pixels.length];
		final double[] values = new double[n];
		final int batch = Math.max(1, network.batchSize(targets.isEmpty() ? 0 : targets.get(0).layerIndex()) /
			method.passesPerImage(network));
		for (int from = 0; from < n; from += batch) {
			progress.checkCanceled(name());
			final int to = Math.min(n, from + batch);
			final INDArray x = network.toInput(pixels, from, to - from);
			final List<Target> t = targets.subList(from, to);
			final Batch b = method.attributeBatchWithValues(network, x, t);
			System.arraycopy(b.map(), 0, out, from * per, (to - from) * per);
			System.arraycopy(b.values(), 0, values, from, to - from);
			progress.report(name() + " of " + (targets.isEmpty() ? "" : targets.get(0).layer()), to, n);
		}
		return new Result(ImageStacks.wrap(out, w, h), values, List.copyOf(targets), name());
	}

	/**
	 * The attribution of every unit of a layer for one image, one slice per unit: per channel (its spatial mean)
	 * for convolution and pooling layers, per unit for dense layers, per class (logit) for the output layer.
	 */
	public final Result attributeUnits(final Network network, final RandomAccessibleInterval<? extends RealType<?>> image,
		final String layer, final Progress progress)
	{
		network.checkImageSize(image.dimension(0), image.dimension(1), "image");
		if (image.numDimensions() > 2 && image.dimension(2) != 1) throw InSilicoException.badParameter("image", image
			.dimension(2) + " images", "expected one image");
		final LayerInfo info = network.layer(layer);
		final boolean output = info.index() == network.layers().size() - 1;
		final int units = (int) (info.isSpatial() ? info.channels() : info.units());
		final List<Target> targets = new ArrayList<>(units);
		for (int u = 0; u < units; u++)
			targets.add(output ? Target.classLogit(network, u) : info.isSpatial() ? Target.channel(network, layer, u)
				: Target.unit(network, layer, u));
		final float[] one = ImageStacks.toFloatArray(image);
		final float[] copies = new float[one.length * units];
		for (int u = 0; u < units; u++)
			System.arraycopy(one, 0, copies, u * one.length, one.length);
		return attribute(network, copies, targets, progress);
	}

	/** Each image's predicted class, as a logit target. */
	public static List<Target> predictedClasses(final Network network, final float[] pixels, final Progress progress) {
		final var data = new org.insilico.data.Dataset(pixels, network.width(), network.height(), new int[pixels.length /
			(network.width() * network.height())], network.classNames());
		final int[] predicted = network.evaluate(data, progress).predictions();
		final List<Target> targets = new ArrayList<>(predicted.length);
		for (final int c : predicted)
			targets.add(Target.classLogit(network, c));
		return targets;
	}

	/** The method names {@link #of(String)} accepts. */
	public static final List<String> METHODS = List.of("gradient", "gradient-x-input", "smoothgrad",
		"integrated-gradients", "occlusion");

	/** A method by name with its paper's default options. */
	public static Attribution of(final String method) {
		return of(method, Settings.defaults());
	}

	/**
	 * The options of every method in one value, for a caller (a dialog, a script, the command line) that lets the
	 * user pick the method by name: {@link #of(String, Settings)} uses the part that belongs to the method chosen and
	 * validates only that part.
	 *
	 * @param absolute for the gradient: {@code |∂t/∂x|} instead of the signed gradient
	 * @param smoothGrad SmoothGrad's options
	 * @param integratedGradients integrated gradients' options
	 * @param occlusion occlusion's options
	 */
	public record Settings(boolean absolute, SmoothGrad.Options smoothGrad,
		IntegratedGradients.Options integratedGradients, Occlusion.Options occlusion)
	{

		/** Every method's paper defaults; the signed gradient. */
		public static Settings defaults() {
			return new Settings(false, SmoothGrad.Options.defaults(), IntegratedGradients.Options.defaults(),
				Occlusion.Options.defaults());
		}
	}

	/**
	 * A method by name ({@link #METHODS}; case, spaces and "×" are forgiven: "SmoothGrad", "gradient x input",
	 * "integrated gradients") with its options from {@code settings}.
	 *
	 * @throws InSilicoException naming {@code method} for an unknown name, or the option that is out of range
	 */
	public static Attribution of(final String method, final Settings settings) {
		switch (method == null ? "" : method.trim().toLowerCase().replace(' ', '-').replace('×', 'x')) {
			case "gradient":
			case "saliency":
				return new Saliency(settings.absolute());
			case "gradient-x-input":
			case "gradientxinput":
				return new GradientTimesInput();
			case "smoothgrad":
				return new SmoothGrad(settings.smoothGrad());
			case "integrated-gradients":
				return new IntegratedGradients(settings.integratedGradients());
			case "occlusion":
				return new Occlusion(settings.occlusion());
			default:
				throw InSilicoException.badParameter("method", method, "expected one of " + METHODS);
		}
	}

	/** Flat float values of a tensor (c order). */
	static float[] floats(final INDArray a) {
		return Network.values(a);
	}
}
