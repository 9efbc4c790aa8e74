package org.insilico.bench;

import java.util.Locale;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/** GFLOP/s of ND4J's matrix products at the shapes of the presets' dense layers. */
public final class MatmulProfile {

	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final int reps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
		final int[][] shapes = { { 64, 784, 256 }, { 256, 784, 256 }, { 64, 256, 128 }, { 64, 256, 64 } };
		for (int round = 0; round < 3; round++)
			for (final int[] s : shapes) {
				final int m = s[0], k = s[1], n = s[2];
				final INDArray a = Nd4j.rand(DataType.FLOAT, m, k), b = Nd4j.rand(DataType.FLOAT, k, n);
				final INDArray bf = b.dup('f'), outF = Nd4j.createUninitialized(DataType.FLOAT, new long[] { m, n }, 'f'),
					outC = Nd4j.createUninitialized(DataType.FLOAT, new long[] { m, n }, 'c');
				time("mmul c*c", m, k, n, reps, () -> a.mmul(b));
				time("mmul c*f", m, k, n, reps, () -> a.mmul(bf));
				time("mmuli ->f", m, k, n, reps, () -> a.mmuli(b, outF));
				time("mmuli ->c", m, k, n, reps, () -> a.mmuli(b, outC));
				time("gemm ->c", m, k, n, reps, () -> Nd4j.gemm(a, b, outC, false, false, 1.0, 0.0));
				// backward shapes: dW = x^T * delta (k x n), dX = delta * W^T (m x k)
				final INDArray delta = Nd4j.rand(DataType.FLOAT, m, n);
				time("x^T*delta", m, k, n, reps, () -> a.transpose().mmul(delta));
				time("delta*W^T", m, k, n, reps, () -> delta.mmul(b.transpose()));
			}
	}

	static void time(final String what, final int m, final int k, final int n, final int reps, final Runnable r) {
		for (int i = 0; i < 10; i++)
			r.run();
		final long t = System.nanoTime();
		for (int i = 0; i < reps; i++)
			r.run();
		final double s = (System.nanoTime() - t) / 1e9 / reps;
		System.out.printf(Locale.ROOT, "%-10s %4dx%4dx%4d  %7.1f us  %6.2f GFLOP/s%n", what, m, k, n, s * 1e6, 2.0 * m *
			k * n / s / 1e9);
	}
}
