package org.insilico.image;

import org.insilico.InSilicoException;

/** Small image filters on flat float images (x fastest). */
public final class Filters {

	private Filters() {}

	/**
	 * Separable Gaussian blur of one {@code width × height} image with standard deviation {@code sigma} pixels; the
	 * kernel is truncated at 3σ and normalized; borders are mirrored (the edge pixel is not repeated), so a
	 * constant image stays constant. {@code sigma = 0} returns a copy.
	 */
	public static float[] gaussianBlur(final float[] image, final int width, final int height, final double sigma) {
		if (!(sigma >= 0) || !Double.isFinite(sigma)) throw InSilicoException.badParameter("blur sigma", sigma,
			"expected a number of pixels, 0 or more");
		if (sigma == 0) return image.clone();
		final int r = (int) Math.ceil(3 * sigma);
		final double[] k = new double[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++)
			sum += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
		for (int i = 0; i < k.length; i++)
			k[i] /= sum;
		final float[] tmp = new float[image.length], out = new float[image.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double v = 0;
				for (int i = -r; i <= r; i++)
					v += k[i + r] * image[y * width + mirror(x + i, width)];
				tmp[y * width + x] = (float) v;
			}
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double v = 0;
				for (int i = -r; i <= r; i++)
					v += k[i + r] * tmp[mirror(y + i, height) * width + x];
				out[y * width + x] = (float) v;
			}
		return out;
	}

	/** Mirrors an index into [0, n): -1 → 1, n → n - 2 (for n = 1, always 0). */
	static int mirror(int i, final int n) {
		if (n == 1) return 0;
		final int period = 2 * (n - 1);
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}
}
