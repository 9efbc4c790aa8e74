package org.insilico.probe.gradient;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.insilico.InSilicoException;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.probe.Statistics;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * SmoothGrad (Smilkov et al. 2017): the mean gradient over {@code samples} noisy copies of the image,
 * {@code (1/N) Σ ∂t/∂x (x + ε_k)}, ε_k ~ N(0, σ²) per pixel with σ = {@code noise} × (max(x) − min(x)) (the
 * paper's noise level; for a constant image, σ = {@code noise}). The squared variant (SmoothGrad²; Hooker et al.
 * 2019) averages squared gradients. The noise of an image depends only on the seed and the image's pixels, so
 * results do not depend on how images are batched.
 */
public final class SmoothGrad extends Attribution {

	/**
	 * @param samples noisy copies per image, N ≥ 1 (paper: 50)
	 * @param noise σ as a fraction of the image's value range, ≥ 0 (paper: 10–20 %; default 0.15)
	 * @param squared average squared gradients instead of gradients
	 * @param seed seed of the noise
	 */
	public record Options(int samples, double noise, boolean squared, long seed) {

		public static Options defaults() {
			return new Options(50, 0.15, false, 1);
		}

		public void validate() {
			if (samples < 1 || samples > 100_000) throw InSilicoException.badParameter("samples", samples,
				"expected a number of noisy copies from 1 to 100000 (the paper uses 50)");
			if (!(noise >= 0) || !Double.isFinite(noise) || noise > 10) throw InSilicoException.badParameter("noise",
				noise, "expected a fraction of the value range from 0 to 10 (the paper uses 0.1 to 0.2)");
		}
	}

	private final Options options;

	public SmoothGrad(final Options options) {
		options.validate();
		this.options = options;
	}

	@Override
	public String name() {
		return options.squared() ? "SmoothGrad squared" : "SmoothGrad";
	}

	@Override
	protected int passesPerImage(final Network network) {
		return options.samples();
	}

	@Override
	protected float[] attributeBatch(final Network network, final INDArray x, final List<Target> targets) {
		final int b = (int) x.size(0), per = network.width() * network.height(), n = options.samples();
		final float[] pixels = floats(x);
		final float[] noisy = new float[b * n * per];
		for (int i = 0; i < b; i++) {
			final float[] image = Arrays.copyOfRange(pixels, i * per, (i + 1) * per);
			float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
			for (final float v : image) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			final double sigma = options.noise() * (max > min ? max - min : 1);
			final SplittableRandom random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + Arrays.hashCode(
				image));
			for (int k = 0; k < n; k++)
				for (int p = 0; p < per; p++)
					noisy[(i * n + k) * per + p] = (float) (image[p] + sigma * Statistics.gaussian(random));
		}
		final Target[] expanded = new Target[b * n];
		for (int i = 0; i < b; i++)
			Arrays.fill(expanded, i * n, (i + 1) * n, targets.get(i));
		final float[] g = floats(network.gradient(network.toInput(noisy), Arrays.asList(expanded)));
		final float[] out = new float[b * per];
		for (int i = 0; i < b; i++)
			for (int k = 0; k < n; k++)
				for (int p = 0; p < per; p++) {
					final float v = g[(i * n + k) * per + p];
					out[i * per + p] += (options.squared() ? v * v : v) / n;
				}
		return out;
	}
}
