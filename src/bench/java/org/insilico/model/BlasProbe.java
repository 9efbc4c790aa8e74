package org.insilico.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Profiling main: the machine's OpenBLAS ({@link Blas}) against ND4J's, on the presets' dense products, in one JVM:
 * blocks of 400 products per library alternated, the first 100 of each block untimed (so the other library's
 * spinning threads have gone to sleep), medians over the rounds (not the harness). Arguments: rounds (9).
 */
public final class BlasProbe {
	public static void main(final String[] args) {
		final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
		System.out.println(Blas.description());
		if (!Blas.system()) return;
		final Random random = new Random(1);
		for (final int[] s : new int[][] { { 64, 784, 256 }, { 64, 256, 128 }, { 64, 128, 10 }, { 256, 784, 256 } }) {
			final int m = s[0], k = s[1], n = s[2];
			final FloatPointer a = new FloatPointer(gaussian(random, m * k)), b = new FloatPointer(gaussian(random, k *
				n)), c = new FloatPointer((long) m * n);
			final double[][] us = new double[2][rounds];
			for (int r = 0; r < rounds; r++)
				for (int lib = 0; lib < 2; lib++) {
					final boolean machine = lib == 0;
					long t = 0;
					for (int i = 0; i < 400; i++) {
						if (i == 100) t = System.nanoTime();
						if (machine) Blas.Machine.cblas_sgemm(Blas.ROW_MAJOR, Blas.NO_TRANS, Blas.TRANS, m, n, k, 1f, a
							.address(), k, b.address(), k, 0f, c.address(), n);
						else openblas_nolapack.cblas_sgemm(Blas.ROW_MAJOR, Blas.NO_TRANS, Blas.TRANS, m, n, k, 1f, a, k, b, k,
							0f, c, n);
					}
					us[lib][r] = (System.nanoTime() - t) / 1e3 / 300;
				}
			for (final double[] u : us)
				Arrays.sort(u);
			System.out.printf(Locale.ROOT, "%d × %d × %d (x Wᵀ): machine's %.0f µs (%.0f–%.0f), ND4J's %.0f µs (%.0f–%.0f)%n",
				m, k, n, us[0][rounds / 2], us[0][0], us[0][rounds - 1], us[1][rounds / 2], us[1][0], us[1][rounds - 1]);
		}
		System.exit(0);
	}

	private static float[] gaussian(final Random random, final int count) {
		final float[] v = new float[count];
		for (int i = 0; i < count; i++)
			v[i] = (float) random.nextGaussian();
		return v;
	}
}
