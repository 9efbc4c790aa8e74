package org.insilico.model;

import java.util.Locale;

/**
 * Why {@code Conv.channelForward} and {@code channelBackward} copy each shift first (LEVERS.md, lever 37): the JIT
 * compiler of Java 17 (C2) vectorizes {@code a[j] += w * b[j]}, and {@code a[o + j] += w * b[o + j]} with one offset
 * for both, but not {@code a[j] += w * b[j + shift]}, nor two different offsets that are multiples of the vector
 * width. Prints ns per element of each form over 1,000-float loops; run it with and without
 * {@code -XX:-UseSuperWord} to see which are vectorized. Argument: rounds (3).
 */
public final class ShiftedIndexProbe {

	public static void main(final String[] args) {
		final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3, len = 1000;
		final float[] y = new float[8192], x = new float[8192];
		for (int i = 0; i < x.length; i++)
			x[i] = i * 1e-4f;
		final long reps = 200_000_000L / len;
		for (int round = 0; round < rounds; round++) {
			final long t0 = System.nanoTime();
			for (long k = 0; k < reps; k++)
				same(y, x, 0.5f, len);
			final long t1 = System.nanoTime();
			for (long k = 0; k < reps; k++)
				oneOffset(y, x, (int) (k & 7), 0.5f, len);
			final long t2 = System.nanoTime();
			for (long k = 0; k < reps; k++)
				shifted(y, x, (int) (k & 7), 0.5f, len);
			final long t3 = System.nanoTime();
			for (long k = 0; k < reps; k++)
				blockOffsets(y, x, (int) (k & 7), (int) (k >> 3 & 7), 0.5f, len);
			final long t4 = System.nanoTime();
			final double e = reps * (double) len;
			System.out.printf(Locale.ROOT, "ns per element: a[j] += w b[j] %.3f, a[o+j] += w b[o+j] %.3f, "
				+ "a[j] += w b[j+s] %.3f, a[1024p+j] += w b[1024q+j] %.3f%n", (t1 - t0) / e, (t2 - t1) / e, (t3 - t2) / e,
				(t4 - t3) / e);
		}
	}

	private static void same(final float[] a, final float[] b, final float w, final int len) {
		for (int j = 0; j < len; j++)
			a[j] += w * b[j];
	}

	private static void oneOffset(final float[] a, final float[] b, final int o, final float w, final int len) {
		for (int j = 0; j < len; j++)
			a[o + j] += w * b[o + j];
	}

	private static void shifted(final float[] a, final float[] b, final int s, final float w, final int len) {
		for (int j = 0; j < len; j++)
			a[j] += w * b[j + s];
	}

	private static void blockOffsets(final float[] a, final float[] b, final int p, final int q, final float w,
		final int len)
	{
		final int ao = p * 1024, bo = q * 1024;
		for (int j = 0; j < len; j++)
			a[ao + j] += w * b[bo + j];
	}
}
