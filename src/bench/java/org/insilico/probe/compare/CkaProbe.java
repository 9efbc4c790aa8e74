package org.insilico.probe.compare;

import java.util.Locale;
import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Profiling main: linear CKA in feature space at the harness's size, 10,000 × 1,024 (not the harness): the path with
 * centred copies and syrk in parts, the path with transposed copies in parts, and the whole of what
 * CenteredKernelAlignment.linear does now.
 */
public final class CkaProbe {
	public static void main(final String[] args) {
		final int n = 10_000, p = 1024;
		final Random r = new Random(4);
		final double[] xv = new double[n * p], yv = new double[n * p];
		for (int i = 0; i < xv.length; i++) {
			xv[i] = r.nextGaussian();
			yv[i] = r.nextGaussian();
		}
		for (int round = 0; round < 4; round++) {
			long t = System.nanoTime();
			final Patterns x = Patterns.of("x", xv, p), y = Patterns.of("y", yv, p);
			final boolean constant = x.allColumnsConstant() || y.allColumnsConstant();
			final long t1 = System.nanoTime();
			final INDArray xt = x.toNd4jTransposed(), yt = y.toNd4jTransposed();
			final long t2 = System.nanoTime();
			xt.subiColumnVector(xt.mean(1));
			yt.subiColumnVector(yt.mean(1));
			final long t3 = System.nanoTime();
			final double cross = Nd4j.gemm(xt, yt, false, true).norm2Number().doubleValue();
			final long t4 = System.nanoTime();
			final double similarity = CenteredKernelAlignment.linear(x, y, CenteredKernelAlignment.Options.defaults(),
				CenteredKernelAlignment.BLOCK_BYTES).similarity();
			final long t5 = System.nanoTime();
			final long s0 = System.nanoTime();
			final INDArray xc = x.toNd4jCentred(), yc = y.toNd4jCentred();
			final long s1 = System.nanoTime();
			final double crossRows = Nd4j.gemm(xc, yc, true, false).norm2Number().doubleValue();
			final long s2 = System.nanoTime();
			final double gram = Gram.squaredNormOfTransposeGram(xc);
			final long s3 = System.nanoTime();
			System.out.printf(Locale.ROOT, "new path: centred copies %.0f ms, cross %.0f ms (%.3f), one syrk %.0f ms (%.1f)%n",
				(s1 - s0) / 1e6, (s2 - s1) / 1e6, crossRows, (s3 - s2) / 1e6, gram);
			System.out.printf(Locale.ROOT, "checks %.0f ms, transposes %.0f ms, centring %.0f ms, cross product %.0f ms; " +
				"whole CKA %.0f ms (%b, CKA %.4f, ‖XᵀY‖ %.3f)%n", (t1 - t) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 -
					t4) / 1e6, constant, similarity, cross);
		}
		System.exit(0);
	}
}
