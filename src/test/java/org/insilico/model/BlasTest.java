package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;

/**
 * The library under the products: whichever was chosen, its products are checked against plain double loops, and
 * when it is the machine's OpenBLAS, against ND4J's OpenBLAS bit for bit (the condition on which it was chosen).
 */
class BlasTest {

	@Test
	void saysWhatItChose() {
		final String d = Blas.description();
		assertTrue(d.startsWith("system OpenBLAS") || d.startsWith("bundled ("), d);
		assertEquals(Blas.system(), d.startsWith("system"));
		assertTrue(Blas.available(), "ND4J's OpenBLAS loads on the platforms the build supports: " + d);
	}

	@Test
	void productsAgreeWithLoops() {
		final Random random = new Random(5);
		for (final int[] s : new int[][] { { 3, 7, 5 }, { 64, 100, 33 }, { 1, 1, 1 } })
			for (int t = 0; t < 4; t++) {
				final boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
				final int m = s[0], k = s[1], n = s[2], shift = 3; // operands start 3 values into their memory
				final double[] a = gaussian(random, shift + m * k), b = gaussian(random, shift + k * n);
				final double[] expected = new double[m * n];
				for (int i = 0; i < m; i++)
					for (int j = 0; j < n; j++)
						for (int l = 0; l < k; l++)
							expected[i * n + j] += a[shift + (ta ? l * m + i : i * k + l)] * b[shift + (tb ? j * k + l : l *
								n + j)];
				final int lda = ta ? m : k, ldb = tb ? k : n;
				try (DoublePointer pa = new DoublePointer(a); DoublePointer pb = new DoublePointer(b);
					DoublePointer pc = new DoublePointer((long) m * n); FloatPointer fa = new FloatPointer(floats(a));
					FloatPointer fb = new FloatPointer(floats(b)); FloatPointer fc = new FloatPointer((long) m * n))
				{
					pa.position(shift);
					pb.position(shift);
					fa.position(shift);
					fb.position(shift);
					Blas.dgemm(ta, tb, m, n, k, 1, pa, lda, pb, ldb, 0, pc, n);
					Blas.sgemm(ta, tb, m, n, k, 1f, fa, lda, fb, ldb, 0f, fc, n);
					final double[] got = new double[m * n];
					final float[] gotF = new float[m * n];
					pc.get(got);
					fc.get(gotF);
					for (int i = 0; i < got.length; i++) {
						assertEquals(expected[i], got[i], 1e-12 * k, "dgemm " + ta + " " + tb + " at " + i);
						assertEquals(expected[i], gotF[i], 1e-5 * k, "sgemm " + ta + " " + tb + " at " + i);
					}
				}
			}
	}

	@Test
	void gramOfColumnsAgreesWithLoops() {
		final Random random = new Random(6);
		final int n = 50, p = 9;
		final double[] a = gaussian(random, n * p);
		try (DoublePointer pa = new DoublePointer(a); DoublePointer pc = new DoublePointer((long) p * p)) {
			pc.put(new double[p * p]);
			Blas.dsyrkUpper(true, p, n, 1, pa, p, 0, pc, p);
			final double[] got = new double[p * p];
			pc.get(got);
			for (int i = 0; i < p; i++)
				for (int j = i; j < p; j++) {
					double sum = 0;
					for (int r = 0; r < n; r++)
						sum += a[r * p + i] * a[r * p + j];
					assertEquals(sum, got[i * p + j], 1e-12 * n, i + "," + j);
				}
		}
	}

	@Test
	void theMachinesLibraryGivesNd4jsBits() {
		if (!Blas.system()) return; // ND4J's own library: nothing to compare
		sameBitsAsNd4j(96, 700, 130);
		// a small result with a long sum (a first layer's weight gradient) on one thread, as ND4J's library does it
		Blas.oneThreadPerCall(() -> sameBitsAsNd4j(8, 30_000, 25));
		sameBitsAsNd4j(96, 700, 130); // the thread count restored: at another count, this product's last bits differ
	}

	private static void sameBitsAsNd4j(final int m, final int k, final int n) {
		final Random random = new Random(7);
		final float[] a = new float[m * k], b = new float[k * n];
		for (int i = 0; i < a.length; i++)
			a[i] = (float) random.nextGaussian();
		for (int i = 0; i < b.length; i++)
			b[i] = (float) random.nextGaussian();
		try (FloatPointer pa = new FloatPointer(a); FloatPointer pb = new FloatPointer(b);
			FloatPointer c1 = new FloatPointer((long) m * n); FloatPointer c2 = new FloatPointer((long) m * n))
		{
			Blas.sgemm(false, true, m, n, k, 1f, pa, k, pb, k, 0f, c1, n);
			openblas_nolapack.cblas_sgemm(Blas.ROW_MAJOR, Blas.NO_TRANS, Blas.TRANS, m, n, k, 1f, pa, k, pb, k, 0f, c2, n);
			final float[] x = new float[m * n], y = new float[m * n];
			c1.get(x);
			c2.get(y);
			assertArrayEquals(y, x);
		}
	}

	/**
	 * ND4J's own library (what Windows and macOS get) runs the dense layers in parts ({@link BundledBlasCheck}, in a
	 * JVM of its own): the thread count switched through a function pointer looked up once (lever 47; looked up wrong,
	 * it crashed the JVM).
	 */
	@Test
	void nd4jsLibraryRunsTheDenseLayersInParts() throws Exception {
		final Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Dinsilico.blas=bundled", "-cp", System.getProperty("java.class.path"), BundledBlasCheck.class.getName())
				.redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the check's JVM ends");
		assertEquals(0, p.exitValue(), out);
		assertTrue(out.contains("OK"), out);
	}

	/**
	 * A helper spins for its next part while parts keep coming as it spins, and half as long after each time it had to
	 * park (lever 48): after pauses longer than its longest spin it parks sooner; in a loop it is back at the longest.
	 */
	@Test
	void helpersSpinLessAfterPausesAndFullyInALoop() throws InterruptedException {
		final double[] sink = new double[2];
		final IntConsumer part = p -> { // about 0.1-0.2 ms, so that the helper takes its part while the caller runs its own
			double s = 0;
			for (int i = 1; i < 100_000; i++)
				s += Math.sqrt(i);
			sink[p] += s;
		};
		Blas.oneThreadEach(2, part); // the helper exists
		for (int i = 0; i < 4; i++) {
			Thread.sleep(5);
			Blas.oneThreadEach(2, part);
		}
		Thread.sleep(5);
		final long afterPauses = Blas.helperSpins()[0];
		assertTrue(afterPauses <= Blas.SPIN_NANOS / 4 && afterPauses >= Blas.MIN_SPIN_NANOS, "after 5 pauses of 5 ms " +
			"it spins " + afterPauses + " ns");
		// in a loop it gets its parts while it spins, unless other threads take the cores (a busy loop on one of two
		// cores kept it parking and at the shortest): up to three tries of 500 parts
		long most = 0;
		for (int i = 0; i < 1500 && most < Blas.SPIN_NANOS; i++) {
			Blas.oneThreadEach(2, part);
			if (i % 500 >= 400) most = Math.max(most, Blas.helperSpins()[0]);
		}
		assertEquals(Blas.SPIN_NANOS, most, "in a loop of parts it spins the longest again");
	}

	@Test
	void refusesWhatIsNotAnOpenBlas() {
		assertEquals("bundled (insilico.blas=bundled)", Blas.choose("bundled"));
		final String missing = Blas.choose("/no/such/libopenblas.so.0");
		assertTrue(missing.startsWith("bundled (/no/such/libopenblas.so.0: not usable"), missing);
		if (com.sun.jna.Platform.isLinux() && !Blas.system()) { // the C library loads, but is no OpenBLAS
			final String libc = Blas.choose("/lib/x86_64-linux-gnu/libc.so.6");
			if (new java.io.File("/lib/x86_64-linux-gnu/libc.so.6").isFile()) assertTrue(libc.contains("not usable"),
				libc);
		}
	}

	private static double[] gaussian(final Random random, final int count) {
		final double[] v = new double[count];
		for (int i = 0; i < count; i++)
			v[i] = random.nextGaussian();
		return v;
	}

	private static float[] floats(final double[] v) {
		final float[] f = new float[v.length];
		for (int i = 0; i < v.length; i++)
			f[i] = (float) v[i];
		return f;
	}
}
