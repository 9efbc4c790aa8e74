package org.insilico.probe.maximize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.image.Filters;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Activation maximization: the image that drives an objective most (or least), found by gradient ascent on the
 * pixels (Erhan et al. 2009; Olah, Mordvintsev &amp; Schubert 2017). Each step: jitter the image by a random shift,
 * then scale and rotate it at random about its centre (transformation robustness; the gradient is carried back
 * through the adjoints of these maps), take the objective's gradient, add the regularizers' gradients (L2 decay,
 * total variation), step (normalized gradient ascent as Erhan et al., or Adam as Olah et al.) in pixel space or in
 * the decorrelated Fourier basis ({@link FourierBasis}), then blur every k steps, clip to the data range, and rescale
 * to a fixed pixel norm if one is set. Many objectives (e.g. every unit of a
 * layer) run as one batch. Deterministic for a seed. Threading: one call per thread.
 */
public final class ActivationMaximization {

	private ActivationMaximization() {}

	/** The update rule. */
	public enum Optimizer {
		/** x ← x + lr · g / rms(g): Erhan et al.'s gradient ascent with a step of lr per pixel. */
		GRADIENT,
		/** Adam (β1 0.9, β2 0.999) as in Olah et al. / Lucent, lr 0.05. */
		ADAM;

		/** The words of the menu: {@code Adam} or {@code gradient ascent} (also the constants' names). */
		public static Optimizer parse(final String word) {
			final String w = word == null ? "" : word.trim();
			if (w.equalsIgnoreCase("Adam")) return ADAM;
			if (w.equalsIgnoreCase("gradient ascent") || w.equalsIgnoreCase("gradient")) return GRADIENT;
			throw InSilicoException.badParameter("optimizer", word, "expected Adam or gradient ascent");
		}
	}

	/** Where the image starts. */
	public enum Start {
		/**
		 * Gray (the middle of the data range) plus uniform noise of ±5 % of the range, from the seed; an objective with
		 * no gradient there (a silent ReLU unit) starts from the best of 512 smooth random images instead.
		 */
		NOISE,
		/** A given image (e.g. the mean stimulus, or a natural image). */
		IMAGE
	}

	/** Where the optimizer takes its steps. */
	public enum Parameterization {
		/** In pixel space. */
		PIXELS,
		/** In the decorrelated Fourier basis ({@link FourierBasis}, Olah et al. 2017): prefers low frequencies. */
		FOURIER;

		/** The words of the menu: {@code pixels} or {@code Fourier} (also the constants' names). */
		public static Parameterization parse(final String word) {
			final String w = word == null ? "" : word.trim();
			if (w.equalsIgnoreCase("pixels")) return PIXELS;
			if (w.equalsIgnoreCase("Fourier")) return FOURIER;
			throw InSilicoException.badParameter("parameterization", word, "expected pixels or Fourier");
		}
	}

	/**
	 * @param steps gradient steps, 0 to 100,000 (default 256)
	 * @param learningRate step size (default 0.05)
	 * @param optimizer GRADIENT or ADAM (default ADAM)
	 * @param minimize find the image that drives the objective least (the inhibitory stimulus)
	 * @param l2 L2 decay coefficient, ≥ 0: adds −l2 · x to the gradient (default 0)
	 * @param norm fixed pixel norm ‖x‖₂ the image is rescaled to after each step; 0 for none (default 0)
	 * @param tv total-variation weight, ≥ 0 (default 0)
	 * @param blurEvery blur every k steps, 0 for never (default 0)
	 * @param blurSigma σ of that blur in pixels (default 0.5)
	 * @param jitter largest random shift in pixels before each step, ≥ 0 (default 0; Lucent's standard transforms
	 *          jitter by 8 pixels of 224, about 1 of 28)
	 * @param scale largest random relative change of size before each step, 0 to 0.5: the image is scaled by a factor
	 *          drawn uniformly from [1 − scale, 1 + scale] (default 0; Lucent's standard transforms use 0.1)
	 * @param rotation largest random rotation before each step, 0 to 180 degrees, drawn uniformly from [−rotation,
	 *          rotation] (default 0; Lucent's standard transforms use 10)
	 * @param parameterization PIXELS or FOURIER (default PIXELS)
	 * @param clip clip to [low, high] after each step (default true)
	 * @param low data range low (default 0)
	 * @param high data range high (default 1)
	 * @param start NOISE or IMAGE
	 * @param image the start image for IMAGE (width × height values), else null
	 * @param seed seed of the start noise and the random transforms
	 */
	public record Options(int steps, double learningRate, Optimizer optimizer, boolean minimize, double l2, double norm,
		double tv, int blurEvery, double blurSigma, int jitter, double scale, double rotation,
		Parameterization parameterization, boolean clip, double low, double high, Start start, float[] image, long seed)
	{

		/** Adam at 0.05 for 256 steps in pixel space, clipped to [0, 1], from gray noise; no regularizer or transform. */
		public static Options defaults() {
			return new Options(256, 0.05, Optimizer.ADAM, false, 0, 0, 0, 0, 0.5, 0, 0, 0, Parameterization.PIXELS, true,
				0, 1, Start.NOISE, null, 1);
		}

		/**
		 * The options as the menu and a macro give them: the optimizer and parameterization by their words
		 * ({@link Optimizer#parse}, {@link Parameterization#parse}), data range [0, 1], starting from gray noise when
		 * {@code startImage} is null, else from that image.
		 */
		public static Options of(final int steps, final double learningRate, final String optimizer,
			final boolean minimize, final double l2, final double norm, final double tv, final int blurEvery,
			final double blurSigma, final int jitter, final double scale, final double rotation,
			final String parameterization, final boolean clip, final float[] startImage, final long seed)
		{
			return new Options(steps, learningRate, Optimizer.parse(optimizer), minimize, l2, norm, tv, blurEvery,
				blurSigma, jitter, scale, rotation, Parameterization.parse(parameterization), clip, 0, 1, startImage == null
					? Start.NOISE : Start.IMAGE, startImage, seed);
		}

		public Options withSteps(final int s) {
			return new Options(s, learningRate, optimizer, minimize, l2, norm, tv, blurEvery, blurSigma, jitter, scale,
				rotation, parameterization, clip, low, high, start, image, seed);
		}

		/** Erhan et al.: normalized gradient ascent on the sphere ‖x‖ = norm, no clipping. */
		public Options withNormConstraint(final double n, final double lr) {
			return new Options(steps, lr, Optimizer.GRADIENT, minimize, 0, n, tv, blurEvery, blurSigma, jitter, scale,
				rotation, parameterization, false, low, high, start, image, seed);
		}

		public Options withRegularizers(final double l2Decay, final double totalVariation, final int blurEveryK,
			final int jitterPixels)
		{
			return new Options(steps, learningRate, optimizer, minimize, l2Decay, norm, totalVariation, blurEveryK,
				blurSigma, jitterPixels, scale, rotation, parameterization, clip, low, high, start, image, seed);
		}

		/** Random jitter, scaling and rotation before each step (Olah et al. 2017's transformation robustness). */
		public Options withTransforms(final int jitterPixels, final double scaleChange, final double rotationDegrees) {
			return new Options(steps, learningRate, optimizer, minimize, l2, norm, tv, blurEvery, blurSigma, jitterPixels,
				scaleChange, rotationDegrees, parameterization, clip, low, high, start, image, seed);
		}

		public Options withParameterization(final Parameterization p) {
			return new Options(steps, learningRate, optimizer, minimize, l2, norm, tv, blurEvery, blurSigma, jitter, scale,
				rotation, p, clip, low, high, start, image, seed);
		}

		public Options minimizing() {
			return new Options(steps, learningRate, optimizer, true, l2, norm, tv, blurEvery, blurSigma, jitter, scale,
				rotation, parameterization, clip, low, high, start, image, seed);
		}

		public Options startingFrom(final float[] startImage) {
			return new Options(steps, learningRate, optimizer, minimize, l2, norm, tv, blurEvery, blurSigma, jitter, scale,
				rotation, parameterization, clip, low, high, Start.IMAGE, startImage, seed);
		}

		public Options withSeed(final long s) {
			return new Options(steps, learningRate, optimizer, minimize, l2, norm, tv, blurEvery, blurSigma, jitter, scale,
				rotation, parameterization, clip, low, high, start, image, s);
		}

		/** Throws naming the first option out of range. */
		public void validate(final Network network) {
			InSilicoException.requireRange("steps", steps, 0, 100_000);
			positive("learning_rate", learningRate, false);
			positive("l2", l2, true);
			positive("norm", norm, true);
			positive("tv", tv, true);
			positive("blur_sigma", blurSigma, true);
			InSilicoException.requireRange("blur_every", blurEvery, 0, 100_000);
			InSilicoException.requireRange("jitter", jitter, 0, Math.min(network.width(), network.height()) / 2);
			if (!(scale >= 0 && scale <= 0.5)) throw InSilicoException.badParameter("scale", scale,
				"expected a relative change of size from 0 to 0.5");
			if (!(rotation >= 0 && rotation <= 180)) throw InSilicoException.badParameter("rotation", rotation,
				"expected degrees from 0 to 180");
			if (parameterization == null) throw InSilicoException.badParameter("parameterization", null,
				"expected PIXELS or FOURIER");
			if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) throw InSilicoException.badParameter(
				"data range", low + " to " + high, "expected finite low < high");
			if (optimizer == null) throw InSilicoException.badParameter("optimizer", null, "expected GRADIENT or ADAM");
			if (start == Start.IMAGE && (image == null || image.length != network.width() * network.height()))
				throw new InSilicoException("start image = " + (image == null ? "none" : image.length + " pixels") +
					": expected an image of the network's input size " + network.width() + "x" + network.height());
		}

		private static void positive(final String name, final double v, final boolean zeroAllowed) {
			if (!Double.isFinite(v) || v < 0 || (!zeroAllowed && v == 0)) throw InSilicoException.badParameter(name, v,
				zeroAllowed ? "expected a finite number, 0 or more" : "expected a finite number greater than 0");
		}
	}

	/**
	 * @param images one synthesized image per objective, width × height values each, x fastest
	 * @param values the objective's value at each image
	 * @param objectives the objectives, in order
	 */
	public record Result(float[] images, double[] values, List<Objective> objectives, int width, int height) {}

	/** The preferred (or, minimizing, the inhibitory) stimulus of one objective. */
	public static Result run(final Network network, final Objective objective, final Options options,
		final Progress progress)
	{
		return run(network, List.of(objective), options, progress);
	}

	/**
	 * The preferred stimulus of every unit of a layer in one run: per channel (its spatial mean) for convolution and
	 * pooling layers, per unit for dense layers, per class (logit) for the output layer.
	 */
	public static Result units(final Network network, final String layer, final Options options,
		final Progress progress)
	{
		final LayerInfo info = network.layer(layer);
		final boolean output = info.index() == network.layers().size() - 1;
		final int n = (int) (info.isSpatial() ? info.channels() : info.units());
		final List<Objective> objectives = new ArrayList<>(n);
		for (int u = 0; u < n; u++)
			objectives.add(Objective.of(output ? Target.classLogit(network, u) : info.isSpatial() ? Target.channel(network,
				layer, u) : Target.unit(network, layer, u)));
		return run(network, objectives, options, progress);
	}

	/**
	 * One image per objective, in batches. The objectives of one run must have the same shape: the same number of
	 * targets, the k-th target of each reading the same layer the same way (as "every unit of a layer" does).
	 */
	public static Result run(final Network network, final List<Objective> objectives, final Options options,
		final Progress progress)
	{
		if (network.channels() != 1) throw new InSilicoException("activation maximization of " + network.channels() +
			"-channel networks is not supported yet");
		options.validate(network);
		final int w = network.width(), h = network.height(), per = w * h, n = objectives.size();
		int top = 0;
		for (final Target t : objectives.get(0).targets())
			top = Math.max(top, t.layerIndex());
		final int batch = Math.max(1, network.batchSize(top));
		final float[] images = new float[n * per];
		final double[] values = new double[n];
		for (int from = 0; from < n; from += batch) {
			final int to = Math.min(n, from + batch);
			final float[] x = climb(network, objectives.subList(from, to), options, progress, from, n, 0);
			System.arraycopy(x, 0, images, from * per, (to - from) * per);
			final double[] v = value(network, network.toInput(x), objectives.subList(from, to));
			System.arraycopy(v, 0, values, from, to - from);
		}
		return new Result(images, values, List.copyOf(objectives), w, h);
	}

	/**
	 * For the class images of {@link #units} on the output layer: the probability the network gives each image for
	 * its own class.
	 */
	public static double[] ownClassProbabilities(final Network network, final Result classes) {
		final INDArray p = network.output(network.toInput(classes.images())).castTo(DataType.DOUBLE);
		final double[] own = new double[classes.objectives().size()];
		for (int c = 0; c < own.length; c++)
			own[c] = p.getDouble(c, c);
		return own;
	}

	/** The mean of a dataset's images (width × height values), a start image near natural stimuli. */
	public static float[] meanImage(final Dataset data) {
		final int per = data.width() * data.height(), n = data.size();
		final float[] pixels = data.pixelArray();
		final double[] sum = new double[per];
		for (int i = 0; i < n; i++)
			for (int p = 0; p < per; p++)
				sum[p] += pixels[i * per + p];
		final float[] mean = new float[per];
		for (int p = 0; p < per; p++)
			mean[p] = (float) (sum[p] / Math.max(1, n));
		return mean;
	}

	/**
	 * {@code copies} preferred stimuli of one objective that differ from each other (Olah et al. 2017, diversity):
	 * each step also climbs {@code −diversity · Σ_{i<j} cos(x̃_i, x̃_j)}, x̃ the mean-centred image, so that the copies
	 * spread over the several things the objective likes. (A pixel-space form of the paper's penalty, which compares
	 * a layer's Gram matrices.) All copies run in one batch.
	 */
	public static Result diverse(final Network network, final Objective objective, final int copies,
		final double diversity, final Options options, final Progress progress)
	{
		InSilicoException.requireRange("copies", copies, 2, 1000);
		if (!(diversity >= 0) || !Double.isFinite(diversity)) throw InSilicoException.badParameter("diversity", diversity,
			"expected a finite number, 0 or more");
		options.validate(network);
		final List<Objective> objectives = java.util.Collections.nCopies(copies, objective);
		final float[] x = climb(network, objectives, options, progress, 0, copies, diversity);
		return new Result(x, value(network, network.toInput(x), objectives), List.copyOf(objectives), network.width(),
			network.height());
	}

	/** Adds −λ ∂/∂x_i Σ_{pairs} cos(x̃, x̃') to each image's gradient (each pair counted once). */
	static void addDiversityGradient(final float[] g, final float[] x, final int per, final float lambda) {
		final int b = x.length / per;
		final double[][] c = new double[b][per];
		final double[] norm = new double[b];
		for (int i = 0; i < b; i++) {
			double mean = 0;
			for (int p = 0; p < per; p++)
				mean += x[i * per + p] / (double) per;
			double ss = 0;
			for (int p = 0; p < per; p++) {
				c[i][p] = x[i * per + p] - mean;
				ss += c[i][p] * c[i][p];
			}
			norm[i] = Math.sqrt(ss) + 1e-12;
		}
		for (int i = 0; i < b; i++) {
			final double[] d = new double[per];
			for (int j = 0; j < b; j++) {
				if (j == i) continue;
				double dot = 0;
				for (int p = 0; p < per; p++)
					dot += c[i][p] * c[j][p];
				final double cos = dot / (norm[i] * norm[j]);
				for (int p = 0; p < per; p++)
					d[p] += c[j][p] / (norm[i] * norm[j]) - cos * c[i][p] / (norm[i] * norm[i]);
			}
			double mean = 0; // through the centring: project onto zero-mean images
			for (final double v : d)
				mean += v / per;
			for (int p = 0; p < per; p++)
				g[i * per + p] -= (float) (lambda * (d[p] - mean));
		}
	}

	/** The mean cosine similarity of the mean-centred images, over all pairs. */
	public static double meanPairwiseCosine(final float[] images, final int per) {
		final int b = images.length / per;
		double sum = 0;
		int pairs = 0;
		for (int i = 0; i < b; i++)
			for (int j = i + 1; j < b; j++) {
				double mi = 0, mj = 0;
				for (int p = 0; p < per; p++) {
					mi += images[i * per + p] / (double) per;
					mj += images[j * per + p] / (double) per;
				}
				double dot = 0, ni = 0, nj = 0;
				for (int p = 0; p < per; p++) {
					final double a = images[i * per + p] - mi, c = images[j * per + p] - mj;
					dot += a * c;
					ni += a * a;
					nj += c * c;
				}
				sum += dot / Math.sqrt(ni * nj + 1e-24);
				pairs++;
			}
		return pairs == 0 ? Double.NaN : sum / pairs;
	}

	/** The objective's value at each image of a batch. */
	static double[] value(final Network network, final INDArray x, final List<Objective> objectives) {
		final int b = objectives.size(), terms = objectives.get(0).targets().size();
		final double[] v = new double[b];
		for (int k = 0; k < terms; k++) {
			final double[] t = network.targetValues(x, term(objectives, k)).castTo(DataType.DOUBLE).data().asDouble();
			for (int i = 0; i < b; i++)
				v[i] += objectives.get(i).weights()[k] * t[i];
		}
		return v;
	}

	/** The objective's gradient for each image of a batch, b × per values. */
	static float[] gradient(final Network network, final INDArray x, final List<Objective> objectives) {
		final int b = objectives.size(), terms = objectives.get(0).targets().size(), per = network.width() * network
			.height();
		final float[] g = new float[b * per];
		for (int k = 0; k < terms; k++) {
			final float[] gk = Network.values(network.gradient(x, term(objectives, k)));
			for (int i = 0; i < b; i++) {
				final float wk = (float) objectives.get(i).weights()[k];
				for (int p = 0; p < per; p++)
					g[i * per + p] += wk * gk[i * per + p];
			}
		}
		return g;
	}

	private static List<Target> term(final List<Objective> objectives, final int k) {
		final List<Target> t = new ArrayList<>(objectives.size());
		for (final Objective o : objectives) {
			if (o.targets().size() <= k) throw InSilicoException.badParameter("objectives", o.description(),
				"objectives run together must have the same number of targets");
			t.add(o.targets().get(k));
		}
		return t;
	}

	private static float[] climb(final Network network, final List<Objective> objectives, final Options o,
		final Progress progress, final int done, final int total, final double diversity)
	{
		final int w = network.width(), h = network.height(), per = w * h, b = objectives.size();
		final SplittableRandom random = new SplittableRandom(o.seed() * 31 + done);
		final float[] x = new float[b * per];
		final float mid = (float) ((o.low() + o.high()) / 2), amp = (float) (0.05 * (o.high() - o.low()));
		for (int i = 0; i < b; i++)
			for (int p = 0; p < per; p++)
				x[i * per + p] = o.start() == Start.IMAGE ? o.image()[p] : mid + amp * (float) (2 * random.nextDouble() - 1);
		if (o.start() == Start.NOISE && !o.minimize() && o.steps() > 0) activeStarts(network, objectives, x, o, done);
		final FourierBasis basis = o.parameterization() == Parameterization.FOURIER ? new FourierBasis(w, h, 1) : null;
		// the parameters the optimizer steps: the pixels themselves, or their Fourier coefficients
		float[] theta = basis == null ? x : basis.toCoefficients(x);
		final float[] m = new float[x.length], v = new float[x.length];
		final int[] dx = new int[b], dy = new int[b];
		final boolean transform = o.scale() > 0 || o.rotation() > 0;
		final double[] scales = new double[b], degrees = new double[b];
		for (int step = 1; step <= o.steps(); step++) {
			if (step % 8 == 1) {
				progress.checkCanceled("activation maximization");
				progress.report("activation maximization", (long) done * o.steps() + (long) step * b, (long) total * o
					.steps());
			}
			for (int i = 0; i < b; i++) {
				dx[i] = o.jitter() == 0 ? 0 : random.nextInt(2 * o.jitter() + 1) - o.jitter();
				dy[i] = o.jitter() == 0 ? 0 : random.nextInt(2 * o.jitter() + 1) - o.jitter();
			}
			if (transform) for (int i = 0; i < b; i++) {
				scales[i] = 1 + o.scale() * (2 * random.nextDouble() - 1);
				degrees[i] = o.rotation() * (2 * random.nextDouble() - 1);
			}
			// the objective's gradient at the randomly transformed image, carried back through the transforms' adjoints
			final float[] shifted = roll(x, w, h, dx, dy, 1);
			final float[] seen = transform ? affine(shifted, w, h, scales, degrees, false) : shifted;
			final float[] gSeen = gradient(network, network.toInput(seen), objectives);
			float[] g = roll(transform ? affine(gSeen, w, h, scales, degrees, true) : gSeen, w, h, dx, dy, -1);
			for (int k = 0; k < g.length; k++) {
				if (o.minimize()) g[k] = -g[k];
				g[k] -= (float) (o.l2() * x[k]);
			}
			if (o.tv() > 0) addTotalVariationGradient(g, x, w, h, (float) o.tv());
			if (diversity > 0) addDiversityGradient(g, x, per, (float) diversity);
			if (basis != null) g = basis.pullBack(g);
			if (o.optimizer() == Optimizer.ADAM) {
				final double c1 = 1 - Math.pow(0.9, step), c2 = 1 - Math.pow(0.999, step);
				for (int k = 0; k < theta.length; k++) {
					m[k] = 0.9f * m[k] + 0.1f * g[k];
					v[k] = 0.999f * v[k] + 0.001f * g[k] * g[k];
					theta[k] += (float) (o.learningRate() * (m[k] / c1) / (Math.sqrt(v[k] / c2) + 1e-8));
				}
			}
			else for (int i = 0; i < b; i++) {
				double ss = 0;
				for (int p = 0; p < per; p++)
					ss += g[i * per + p] * (double) g[i * per + p];
				final double rms = Math.sqrt(ss / per);
				if (rms > 0) for (int p = 0; p < per; p++)
					theta[i * per + p] += (float) (o.learningRate() * g[i * per + p] / rms);
			}
			if (basis != null) System.arraycopy(basis.toPixels(theta), 0, x, 0, x.length);
			final boolean blur = o.blurEvery() > 0 && step % o.blurEvery() == 0;
			if (blur) for (int i = 0; i < b; i++)
				System.arraycopy(Filters.gaussianBlur(Arrays.copyOfRange(x, i * per, (i + 1) * per), w, h, o.blurSigma()), 0,
					x, i * per, per);
			if (o.clip()) for (int k = 0; k < x.length; k++)
				x[k] = (float) Math.max(o.low(), Math.min(o.high(), x[k]));
			if (o.norm() > 0) for (int i = 0; i < b; i++) {
				double ss = 0;
				for (int p = 0; p < per; p++)
					ss += x[i * per + p] * (double) x[i * per + p];
				final double s = ss > 0 ? o.norm() / Math.sqrt(ss) : 1;
				for (int p = 0; p < per; p++)
					x[i * per + p] *= (float) s;
			}
			// blur, clipping and the norm act on the image; the coefficients follow it
			if (basis != null && (blur || o.clip() || o.norm() > 0)) theta = basis.toCoefficients(x);
		}
		return x;
	}

	/** Random start images tried for an objective that has no gradient at the gray start. */
	static final int START_CANDIDATES = 512;

	/**
	 * A unit behind a ReLU that is silent on the gray start has no gradient there, so gradient ascent cannot move (for
	 * the last hidden layer of a trained LeNet, 23 of 64 units). For each such objective the start is replaced by the
	 * best of the same {@link #START_CANDIDATES} smooth random images (one forward pass for all of them) (uniform noise blurred by σ of 1 to 3 pixels, contrast 0.25
	 * to 0.5 of the range, mean within the middle half of the range), chosen by forward passes only; if none drives it,
	 * the gray start stays. On that layer this leaves 10 units silent (8 of them silent on every natural digit too),
	 * against 23 without the candidates. Objectives with a gradient keep their start and their results.
	 */
	private static void activeStarts(final Network network, final List<Objective> objectives, final float[] x,
		final Options o, final int done)
	{
		final int w = network.width(), h = network.height(), per = w * h, b = objectives.size();
		final float[] g = gradient(network, network.toInput(x), objectives);
		final List<Integer> stuck = new ArrayList<>();
		for (int i = 0; i < b; i++) {
			boolean zero = true;
			for (int p = 0; p < per && zero; p++)
				zero = g[i * per + p] == 0;
			if (zero) stuck.add(i);
		}
		if (stuck.isEmpty()) return;
		final SplittableRandom random = new SplittableRandom(o.seed() * 131 + done + 17);
		final int k = START_CANDIDATES;
		final float[] candidates = new float[k * per];
		final double mid = (o.low() + o.high()) / 2, range = o.high() - o.low();
		for (int c = 0; c < k; c++) {
			final float[] v = new float[per];
			for (int p = 0; p < per; p++)
				v[p] = (float) (random.nextDouble() - 0.5);
			final float[] smooth = Filters.gaussianBlur(v, w, h, 1 + 2 * random.nextDouble());
			double ss = 0;
			for (final float q : smooth)
				ss += q * q;
			final double scale = (0.25 + 0.25 * random.nextDouble()) * range / Math.sqrt(ss / per + 1e-24);
			final double centre = mid + (random.nextDouble() - 0.5) * range / 2;
			for (int p = 0; p < per; p++)
				candidates[c * per + p] = (float) Math.max(o.low(), Math.min(o.high(), centre + scale * smooth[p]));
		}
		// every stuck objective's value on every candidate, from one forward pass per term
		final List<Objective> stuckObjectives = new ArrayList<>(stuck.size());
		for (final int s : stuck)
			stuckObjectives.add(objectives.get(s));
		final double[][] values = valueMatrix(network, network.toInput(candidates), stuckObjectives);
		final double[] atStart = value(network, network.toInput(x), objectives);
		for (int s = 0; s < stuck.size(); s++) {
			int best = -1;
			double top = atStart[stuck.get(s)];
			for (int c = 0; c < k; c++)
				if (values[c][s] > top) {
					top = values[c][s];
					best = c;
				}
			if (best >= 0) System.arraycopy(candidates, best * per, x, stuck.get(s) * per, per);
		}
	}

	/** Each objective's value on each image: element [i][j] for image i and objective j. */
	static double[][] valueMatrix(final Network network, final INDArray x, final List<Objective> objectives) {
		final int n = (int) x.size(0), m = objectives.size(), terms = objectives.get(0).targets().size();
		final double[][] v = new double[n][m];
		for (int k = 0; k < terms; k++) {
			final double[] t = network.targetMatrix(x, term(objectives, k)).castTo(DataType.DOUBLE).dup('c').data()
				.asDouble();
			for (int i = 0; i < n; i++)
				for (int j = 0; j < m; j++)
					v[i][j] += objectives.get(j).weights()[k] * t[i * m + j];
		}
		return v;
	}

	/** Shifts each image by (sign·dx, sign·dy), wrapping around. */
	static float[] roll(final float[] x, final int w, final int h, final int[] dx, final int[] dy, final int sign) {
		final int per = w * h;
		final float[] out = new float[x.length];
		for (int i = 0; i < dx.length; i++) {
			if (dx[i] == 0 && dy[i] == 0) {
				System.arraycopy(x, i * per, out, i * per, per);
				continue;
			}
			for (int y = 0; y < h; y++)
				for (int xx = 0; xx < w; xx++)
					out[i * per + Math.floorMod(y + sign * dy[i], h) * w + Math.floorMod(xx + sign * dx[i], w)] = x[i * per + y *
						w + xx];
		}
		return out;
	}

	/**
	 * Scales each image by {@code scales[i]} and rotates it by {@code degrees[i]} (clockwise on screen, y pointing down)
	 * about its centre ((w − 1)/2, (h − 1)/2), by bilinear interpolation with the edge pixels repeated outside the image:
	 * {@code out(p) = x(c + R(−θ)(p − c)/s)}. With {@code adjoint} the transpose of that linear map instead, which
	 * carries a gradient at the transformed image back to the image: ⟨A x, g⟩ = ⟨x, Aᵀ g⟩.
	 */
	static float[] affine(final float[] x, final int w, final int h, final double[] scales, final double[] degrees,
		final boolean adjoint)
	{
		final int per = w * h;
		final float[] out = new float[x.length];
		final double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		for (int i = 0; i < scales.length; i++) {
			final double a = Math.toRadians(degrees[i]), cos = Math.cos(a) / scales[i], sin = Math.sin(a) / scales[i];
			for (int y = 0; y < h; y++)
				for (int xx = 0; xx < w; xx++) {
					final double px = xx - cx, py = y - cy;
					final double qx = cx + cos * px + sin * py, qy = cy - sin * px + cos * py;
					final int x0 = (int) Math.floor(qx), y0 = (int) Math.floor(qy);
					final double fx = qx - x0, fy = qy - y0;
					final int o = i * per + y * w + xx;
					for (int dy = 0; dy <= 1; dy++)
						for (int dx = 0; dx <= 1; dx++) {
							final double weight = (dy == 0 ? 1 - fy : fy) * (dx == 0 ? 1 - fx : fx);
							if (weight == 0) continue;
							final int k = i * per + Math.max(0, Math.min(h - 1, y0 + dy)) * w + Math.max(0, Math.min(w - 1, x0 +
								dx));
							if (adjoint) out[k] += (float) (weight * x[o]);
							else out[o] += (float) (weight * x[k]);
						}
				}
		}
		return out;
	}

	/**
	 * Adds −tv · ∂TV/∂x to g, TV(x) = Σ (x[y][x+1] − x[y][x])² + (x[y+1][x] − x[y][x])² (the squared, smooth form of
	 * Mahendran &amp; Vedaldi 2015).
	 */
	static void addTotalVariationGradient(final float[] g, final float[] x, final int w, final int h, final float tv) {
		final int per = w * h;
		for (int i = 0; i < x.length / per; i++)
			for (int y = 0; y < h; y++)
				for (int xx = 0; xx < w; xx++) {
					final int k = i * per + y * w + xx;
					if (xx + 1 < w) {
						final float d = x[k + 1] - x[k];
						g[k] += 2 * tv * d;
						g[k + 1] -= 2 * tv * d;
					}
					if (y + 1 < h) {
						final float d = x[k + w] - x[k];
						g[k] += 2 * tv * d;
						g[k + w] -= 2 * tv * d;
					}
				}
	}
}
