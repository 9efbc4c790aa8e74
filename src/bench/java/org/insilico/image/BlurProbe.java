package org.insilico.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Profiling main: Filters.gaussianBlur on 512 random 28 × 28 images with σ in [1, 3] (what activation maximization's
 * random starts do per call) against the tap-by-tap loop it replaced (mirror() per tap), checking the results are
 * bit for bit equal (not the harness). Arguments: repeats (20).
 */
public final class BlurProbe {
	public static void main(final String[] args) {
		final int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
		final SplittableRandom random = new SplittableRandom(9);
		final float[][] images = new float[512][784];
		final double[] sigmas = new double[512];
		for (int i = 0; i < 512; i++) {
			for (int p = 0; p < 784; p++)
				images[i][p] = (float) (random.nextDouble() - 0.5);
			sigmas[i] = 1 + 2 * random.nextDouble();
		}
		for (int round = 0; round < 3; round++) {
			final double[] old = new double[reps], now = new double[reps];
			boolean equal = true;
			for (int rep = 0; rep < reps; rep++) {
				long t = System.nanoTime();
				final float[][] a = new float[512][];
				for (int i = 0; i < 512; i++)
					a[i] = tapByTap(images[i], 28, 28, sigmas[i]);
				old[rep] = (System.nanoTime() - t) / 1e6;
				t = System.nanoTime();
				final float[][] b = new float[512][];
				for (int i = 0; i < 512; i++)
					b[i] = Filters.gaussianBlur(images[i], 28, 28, sigmas[i]);
				now[rep] = (System.nanoTime() - t) / 1e6;
				for (int i = 0; i < 512; i++)
					equal &= Arrays.equals(a[i], b[i]);
			}
			Arrays.sort(old);
			Arrays.sort(now);
			System.out.printf(Locale.ROOT, "512 blurs: tap by tap %.2f ms, by rows %.2f ms (medians); bit for bit equal %b%n",
				old[reps / 2], now[reps / 2], equal);
		}
	}

	/** Filters.gaussianBlur before lever 28. */
	static float[] tapByTap(final float[] image, final int width, final int height, final double sigma) {
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
					v += k[i + r] * image[y * width + Filters.mirror(x + i, width)];
				tmp[y * width + x] = (float) v;
			}
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double v = 0;
				for (int i = -r; i <= r; i++)
					v += k[i + r] * tmp[Filters.mirror(y + i, height) * width + x];
				out[y * width + x] = (float) v;
			}
		return out;
	}
}
