package org.insilico.image;

import java.util.Arrays;

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
		// Each pass sums the taps in the same order for every pixel as a tap-by-tap loop would, but over whole rows
		// (loops C2 vectorizes) and with the mirrored indices worked out once per row, not once per tap (activation
		// maximization's random starts blur 512 images per call: LEVERS.md, lever 28).
		final float[] tmp = new float[image.length], out = new float[image.length];
		final float[] padded = new float[width + 2 * r];
		final double[] acc = new double[width];
		for (int y = 0; y < height; y++) { // along x: the row with r mirrored pixels on each side
			final int row = y * width;
			for (int j = 0; j < padded.length; j++)
				padded[j] = image[row + mirror(j - r, width)];
			Arrays.fill(acc, 0);
			for (int i = 0; i < k.length; i++) {
				final double ki = k[i];
				for (int x = 0; x < width; x++)
					acc[x] += ki * padded[x + i];
			}
			for (int x = 0; x < width; x++)
				tmp[row + x] = (float) acc[x];
		}
		for (int y = 0; y < height; y++) { // along y: whole rows of the first pass, mirrored rows at the edges
			Arrays.fill(acc, 0);
			for (int i = -r; i <= r; i++) {
				final double ki = k[i + r];
				final int src = mirror(y + i, height) * width;
				for (int x = 0; x < width; x++)
					acc[x] += ki * tmp[src + x];
			}
			for (int x = 0; x < width; x++)
				out[y * width + x] = (float) acc[x];
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
