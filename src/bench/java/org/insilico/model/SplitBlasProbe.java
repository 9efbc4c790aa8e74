package org.insilico.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Profiling main: `lenet`'s first-layer weight gradient E · colsᵀ (8 × rows by 25 × rows, rows = images × 576) on
 * the machine's OpenBLAS and on ND4J's, whole and as two halves computed at once from two Java threads (lever 24),
 * blocks alternated, medians of 9 (not the harness). Arguments: images (64).
 */
public final class SplitBlasProbe {
	public static void main(final String[] args) throws Exception {
		final int images = args.length > 0 ? Integer.parseInt(args[0]) : 64, rows = images * 576, m = 8, n = 25;
		System.out.println(Blas.description());
		final Random random = new Random(2);
		final float[] ev = new float[m * rows], cv = new float[n * rows];
		for (int i = 0; i < ev.length; i++)
			ev[i] = (float) random.nextGaussian();
		for (int i = 0; i < cv.length; i++)
			cv[i] = (float) random.nextGaussian();
		final FloatPointer e = new FloatPointer(ev), c = new FloatPointer(cv), g = new FloatPointer(m * n), h =
			new FloatPointer(m * n);
		final int half = rows / 2;
		final FloatPointer e2 = new FloatPointer(e).position(half), c2 = new FloatPointer(c).position(half);
		final String[] names = { "machine whole", "machine halves", "ND4J's whole", "ND4J's halves",
			"machine halves, 1 thread each" };
		final double[][] us = new double[5][9];
		for (int r = 0; r < 9; r++)
			for (int v = 0; v < 5; v++) {
				final boolean machine = v < 2 || v == 4, split = v % 2 == 1 || v == 4;
				long t = 0;
				for (int i = 0; i < 60; i++) {
					if (i == 20) t = System.nanoTime();
					if (!split) call(machine, e, c, g, rows, rows);
					else if (v == 4) {
						Blas.Machine.openblas_set_num_threads(1);
						final Thread other = new Thread(() -> call(machine, e2, c2, h, rows - half, rows));
						other.start();
						call(machine, e, c, g, half, rows);
						other.join();
						Blas.Machine.openblas_set_num_threads(2);
					}
					else {
						final Thread other = new Thread(() -> call(machine, e2, c2, h, rows - half, rows));
						other.start();
						call(machine, e, c, g, half, rows);
						other.join();
					}
				}
				us[v][r] = (System.nanoTime() - t) / 1e3 / 40;
			}
		for (int v = 0; v < 5; v++) {
			Arrays.sort(us[v]);
			System.out.printf(Locale.ROOT, "%d images, %-15s %.0f µs (%.0f–%.0f)%n", images, names[v], us[v][4], us[v][0],
				us[v][8]);
		}
		System.exit(0);
	}

	/** g = e[:, 0:k] · c[:, 0:k]ᵀ, rows ld apart. */
	private static void call(final boolean machine, final FloatPointer e, final FloatPointer c, final FloatPointer g,
		final int k, final int ld)
	{
		if (machine) Blas.Machine.cblas_sgemm(Blas.ROW_MAJOR, Blas.NO_TRANS, Blas.TRANS, 8, 25, k, 1f, e.address() + e
			.position() * 4, ld, c.address() + c.position() * 4, ld, 0f, g.address(), 25);
		else openblas_nolapack.cblas_sgemm(Blas.ROW_MAJOR, Blas.NO_TRANS, Blas.TRANS, 8, 25, k, 1f, e, ld, c, ld, 0f, g,
			25);
	}
}
