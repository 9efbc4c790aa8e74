package org.insilico.probe.maximize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.insilico.Progress;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.probe.maximize.ActivationMaximization.Options;
import org.insilico.probe.maximize.ActivationMaximization.Parameterization;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The random scale and rotation (transformation robustness) and the decorrelated Fourier parameterization of
 * activation maximization: their linear maps against their definitions (adjoint identities, exact permutations, the
 * inverse), then their effect on the images.
 */
class TransformsAndFourierTest {

	private static float[] random(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] x = new float[n];
		for (int i = 0; i < n; i++)
			x[i] = (float) r.nextGaussian();
		return x;
	}

	private static double dot(final float[] a, final float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++)
			s += a[i] * (double) b[i];
		return s;
	}

	/** ⟨A x, g⟩ = ⟨x, Aᵀ g⟩: the gradient carried back through a scale and rotation is the transpose of that map. */
	@Test
	void theAffineAdjointIsTheTranspose() {
		final int w = 28, h = 21;
		final float[] x = random(3 * w * h, 1), g = random(3 * w * h, 2);
		final double[] scales = { 0.9, 1.07, 1.1 }, degrees = { -10, 3.3, 45 };
		final float[] ax = ActivationMaximization.affine(x, w, h, scales, degrees, false);
		final float[] atg = ActivationMaximization.affine(g, w, h, scales, degrees, true);
		assertEquals(dot(ax, g), dot(x, atg), 1e-6 * Math.abs(dot(ax, g)) + 1e-3);
	}

	/** Scale 1 and no rotation is the identity; 90° maps pixel centres onto pixel centres: out[y][x] = in[w−1−x][y]. */
	@Test
	void identityAndAQuarterTurnAreExact() {
		final int n = 28;
		final float[] x = random(n * n, 3);
		assertArrayEquals(x, ActivationMaximization.affine(x, n, n, new double[] { 1 }, new double[] { 0 }, false), 1e-6f);
		final float[] r = ActivationMaximization.affine(x, n, n, new double[] { 1 }, new double[] { 90 }, false);
		for (int y = 0; y < n; y++)
			for (int xx = 0; xx < n; xx++)
				assertEquals(x[(n - 1 - xx) * n + y], r[y * n + xx], 1e-5f, "pixel " + xx + "," + y);
		// a scale of 2 about the centre: the centre stays, a pixel d from it samples the image d/2 from it
		final float[] ramp = new float[n * n];
		for (int y = 0; y < n; y++)
			for (int xx = 0; xx < n; xx++)
				ramp[y * n + xx] = xx;
		final float[] zoomed = ActivationMaximization.affine(ramp, n, n, new double[] { 2 }, new double[] { 0 }, false);
		for (int xx = 0; xx < n; xx++)
			assertEquals(13.5 + (xx - 13.5) / 2, zoomed[5 * n + xx], 1e-5);
	}

	/** The basis is orthonormal up to the scale: L⁻¹ L θ = θ, and the pull-back is Lᵀ (⟨L θ, g⟩ = ⟨θ, Lᵀ g⟩). */
	@Test
	void theFourierBasisInvertsAndItsPullBackIsTheTranspose() {
		final int w = 28, h = 20;
		final FourierBasis basis = new FourierBasis(w, h, 1);
		final float[] theta = random(2 * w * h, 4), g = random(2 * w * h, 5);
		assertArrayEquals(theta, basis.toCoefficients(basis.toPixels(theta)), 1e-4f);
		final float[] x = basis.toPixels(theta);
		assertEquals(dot(x, g), dot(theta, basis.pullBack(g)), 1e-4 * Math.abs(dot(x, g)) + 1e-3);
		// the scale: root mean square 1, largest at the constant image, falling as 1/frequency
		final double[] s = basis.scale();
		double ss = 0;
		for (final double v : s)
			ss += v * v;
		assertEquals(1, Math.sqrt(ss / s.length), 1e-9);
		assertEquals(2, s[2] / s[4], 1e-9, "frequency 2/2w against 4/2w along x");
		assertEquals(s[0], s[1], 1e-9, "below 1/max(w, h) the scale is capped, as in Lucent");
		// one coefficient is one cosine: the DCT-II basis image along x
		final float[] unit = new float[w * h];
		unit[3] = (float) (1 / s[3]);
		final float[] image = basis.toPixels(unit);
		for (int xx = 0; xx < w; xx++)
			assertEquals(Math.sqrt(2.0 / w) * Math.sqrt(1.0 / h) * Math.cos(Math.PI * (2 * xx + 1) * 3 / (2.0 * w)),
				image[7 * w + xx], 1e-6);
	}

	/** The share of an image's (mean-removed) power above a quarter of the sampling frequency, from its DCT. */
	static double highFrequencyShare(final float[] image, final int w, final int h) {
		final FourierBasis plain = new FourierBasis(w, h, 0); // decay 0: scale 1, the bare orthonormal DCT
		final float[] c = plain.toCoefficients(image);
		double high = 0, all = 0;
		for (int u = 0; u < h; u++)
			for (int v = 0; v < w; v++) {
				if (u == 0 && v == 0) continue;
				final double p = c[u * w + v] * (double) c[u * w + v];
				all += p;
				if (Math.hypot(u / (2.0 * h), v / (2.0 * w)) > 0.25) high += p;
			}
		return high / all;
	}

	/**
	 * Olah et al. (2017): the decorrelated parameterization gives images with less high-frequency noise. For every
	 * channel of conv2 of the trained LeNet, the Fourier images mostly have a smaller share of power above a quarter of
	 * the sampling frequency (on average at least 20 % smaller), and still drive their channel.
	 */
	@Test
	void theFourierParameterizationPrefersLowFrequencies() {
		final Network net = ActivationMaximizationTest.Trained.NET;
		final Options pixels = Options.defaults().withSteps(128);
		final ActivationMaximization.Result p = ActivationMaximization.units(net, "conv2", pixels, Progress.NONE);
		final ActivationMaximization.Result f = ActivationMaximization.units(net, "conv2", pixels.withParameterization(
			Parameterization.FOURIER), Progress.NONE);
		final ActivationMaximization.Result none = ActivationMaximization.units(net, "conv2", pixels.withSteps(0),
			Progress.NONE);
		int lower = 0, climbed = 0;
		double sumP = 0, sumF = 0;
		for (int u = 0; u < 16; u++) {
			final double hp = highFrequencyShare(java.util.Arrays.copyOfRange(p.images(), u * 784, (u + 1) * 784), 28, 28);
			final double hf = highFrequencyShare(java.util.Arrays.copyOfRange(f.images(), u * 784, (u + 1) * 784), 28, 28);
			sumP += hp;
			sumF += hf;
			if (hf < hp) lower++;
			if (f.values()[u] > none.values()[u] + 1e-3) climbed++;
		}
		// measured: 14 of 16 channels
		assertTrue(lower >= 12, lower + " of 16 channels have less high-frequency power with the Fourier basis");
		assertTrue(sumF < 0.8 * sumP, "mean high-frequency share: Fourier " + sumF / 16 + ", pixels " + sumP / 16);
		assertTrue(climbed >= 15, climbed + " of 16 channels climbed from the start");
	}

	/**
	 * Transformation robustness: an image optimized under random jitter, scale and rotation keeps more of its value
	 * when it is itself slightly transformed than an image optimized without them (the purpose of the transforms).
	 * Class images of the trained LeNet, mean over classes of the value after 8 random transforms.
	 */
	@Test
	void transformedOptimizationGivesRobustImages() {
		final Network net = ActivationMaximizationTest.Trained.NET;
		final Options plain = Options.defaults();
		final ActivationMaximization.Result a = ActivationMaximization.units(net, "output", plain, Progress.NONE);
		final ActivationMaximization.Result b = ActivationMaximization.units(net, "output", plain.withTransforms(1, 0.1,
			10), Progress.NONE);
		final double ra = robustness(net, a), rb = robustness(net, b);
		assertTrue(rb > ra, "value kept under transforms: with them " + rb + ", without " + ra);
		// still the class: the probability of its own class
		final double[] own = ActivationMaximization.ownClassProbabilities(net, b);
		for (int c = 0; c < 10; c++)
			assertTrue(own[c] > 0.9, "class " + c + ": " + own[c]);
	}

	/** The mean over images of (value after a random scale and rotation) / (value), 8 draws each. */
	private static double robustness(final Network net, final ActivationMaximization.Result r) {
		final Random random = new Random(11);
		double sum = 0;
		final int n = r.values().length;
		for (int k = 0; k < 8; k++) {
			final double[] scales = new double[n], degrees = new double[n];
			for (int i = 0; i < n; i++) {
				scales[i] = 1 + 0.1 * (2 * random.nextDouble() - 1);
				degrees[i] = 10 * (2 * random.nextDouble() - 1);
			}
			final INDArray x = net.toInput(ActivationMaximization.affine(r.images(), 28, 28, scales, degrees, false));
			final double[] v = ActivationMaximization.value(net, x, r.objectives());
			for (int i = 0; i < n; i++)
				sum += v[i] / r.values()[i];
		}
		return sum / (8 * n);
	}
}
