package org.insilico.probe.maximize;

/**
 * The decorrelated Fourier parameterization of an image (Olah, Mordvintsev &amp; Schubert 2017; Lucent's
 * {@code fft_image}): the image is {@code x = L θ = Cᵀ (s ⊙ θ)}, a sum of cosine basis images whose coefficients θ are
 * scaled by {@code s(f) ∝ 1 / max(f, 1/max(w, h))^decay}, f the basis image's spatial frequency in cycles per pixel.
 * A step of the same size in every coefficient then has the 1/f spectrum of natural images, so that gradient ascent in
 * θ prefers low frequencies: a preconditioner, which changes the path, not the objective.
 * <p>
 * C is the orthonormal two-dimensional DCT-II, {@code C[k][n] = α_k cos(π (2n + 1) k / 2N)} with α₀ = √(1/N), α_k =
 * √(2/N), along y and along x. (Lucent uses the complex FFT; the DCT is its real counterpart: real coefficients, exactly
 * invertible at every image size, no wrap-around at the edges.) Basis image (u, v) has frequency √((u/2h)² + (v/2w)²).
 * The scale is normalized to a root mean square of 1 over the coefficients, so that a learning rate means about the
 * same pixel step as in pixel space. Immutable; thread-safe.
 */
final class FourierBasis {

	private final int w, h;
	private final double[][] cx, cy;
	private final double[] scale;

	/** @param decay the exponent of 1/f (Lucent's {@code decay_power}, default 1) */
	FourierBasis(final int w, final int h, final double decay) {
		this.w = w;
		this.h = h;
		cx = dct(w);
		cy = dct(h);
		scale = new double[w * h];
		final double floor = 1.0 / Math.max(w, h);
		double ss = 0;
		for (int u = 0; u < h; u++)
			for (int v = 0; v < w; v++) {
				final double f = Math.hypot(u / (2.0 * h), v / (2.0 * w));
				scale[u * w + v] = 1 / Math.pow(Math.max(f, floor), decay);
				ss += scale[u * w + v] * scale[u * w + v];
			}
		final double rms = Math.sqrt(ss / scale.length);
		for (int k = 0; k < scale.length; k++)
			scale[k] /= rms;
	}

	/** The orthonormal DCT-II matrix of size n, rows the frequencies. */
	private static double[][] dct(final int n) {
		final double[][] c = new double[n][n];
		for (int k = 0; k < n; k++)
			for (int i = 0; i < n; i++)
				c[k][i] = Math.sqrt((k == 0 ? 1.0 : 2.0) / n) * Math.cos(Math.PI * (2 * i + 1) * k / (2.0 * n));
		return c;
	}

	/** The coefficient scale s, u (y frequency) slowest. */
	double[] scale() {
		return scale.clone();
	}

	/** x = Cᵀ (s ⊙ θ) for each image of a batch (w × h values each). */
	float[] toPixels(final float[] theta) {
		final int per = w * h;
		final float[] x = new float[theta.length];
		final double[] t = new double[per];
		for (int i = 0; i < theta.length / per; i++) {
			for (int k = 0; k < per; k++)
				t[k] = theta[i * per + k] * scale[k];
			write(transform(t, true), x, i * per);
		}
		return x;
	}

	/** θ = (C x) / s, the inverse of {@link #toPixels}. */
	float[] toCoefficients(final float[] x) {
		final int per = w * h;
		final float[] theta = new float[x.length];
		final double[] t = new double[per];
		for (int i = 0; i < x.length / per; i++) {
			for (int k = 0; k < per; k++)
				t[k] = x[i * per + k];
			final double[] c = transform(t, false);
			for (int k = 0; k < per; k++)
				theta[i * per + k] = (float) (c[k] / scale[k]);
		}
		return theta;
	}

	/** Lᵀ g = s ⊙ (C g): the gradient with respect to θ of a function whose gradient in pixels is g. */
	float[] pullBack(final float[] g) {
		final int per = w * h;
		final float[] out = new float[g.length];
		final double[] t = new double[per];
		for (int i = 0; i < g.length / per; i++) {
			for (int k = 0; k < per; k++)
				t[k] = g[i * per + k];
			final double[] c = transform(t, false);
			for (int k = 0; k < per; k++)
				out[i * per + k] = (float) (c[k] * scale[k]);
		}
		return out;
	}

	/** C a (forward) or Cᵀ a (inverse) for one image, a row-major h × w. */
	private double[] transform(final double[] a, final boolean inverse) {
		final double[] rows = new double[w * h], out = new double[w * h];
		for (int y = 0; y < h; y++) // along x
			for (int k = 0; k < w; k++) {
				double s = 0;
				for (int n = 0; n < w; n++)
					s += (inverse ? cx[n][k] : cx[k][n]) * a[y * w + n];
				rows[y * w + k] = s;
			}
		for (int k = 0; k < h; k++) // along y
			for (int x = 0; x < w; x++) {
				double s = 0;
				for (int n = 0; n < h; n++)
					s += (inverse ? cy[n][k] : cy[k][n]) * rows[n * w + x];
				out[k * w + x] = s;
			}
		return out;
	}

	private static void write(final double[] from, final float[] to, final int offset) {
		for (int k = 0; k < from.length; k++)
			to[offset + k] = (float) from[k];
	}
}
