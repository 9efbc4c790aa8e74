package org.insilico.bench;

import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** BLAS gemm against libnd4j's matmul op (oneDNN platform helper) at the presets' dense shapes (profiling main). */
public final class MatmulOpProbe {

	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final int reps = args.length > 0 ? Integer.parseInt(args[0]) : 300;
		final int[][] shapes = { { 64, 784, 256 }, { 256, 784, 256 }, { 64, 256, 128 }, { 64, 128, 10 } };
		for (int round = 0; round < 2; round++)
			for (final int[] s : shapes) {
				final int m = s[0], k = s[1], n = s[2];
				final INDArray a = Nd4j.rand(DataType.FLOAT, m, k), b = Nd4j.rand(DataType.FLOAT, k, n);
				final INDArray out = Nd4j.create(DataType.FLOAT, m, n), d = Nd4j.rand(DataType.FLOAT, m, n);
				final INDArray gw = Nd4j.create(DataType.FLOAT, k, n), dx = Nd4j.create(DataType.FLOAT, m, k);
				MatmulProfile.time("gemm fwd", m, k, n, reps, () -> Nd4j.gemm(a, b, out, false, false, 1, 0));
				MatmulProfile.time("op fwd", m, k, n, reps, () -> op(a, b, out, 0, 0));
				final org.nd4j.linalg.api.blas.Blas blas = Nd4j.factory().blas();
				final int threads = blas.getMaxThreads();
				MatmulProfile.time("gemm fwd 1t toggled", m, k, n, reps, () -> {
					blas.setMaxThreads(1);
					Nd4j.gemm(a, b, out, false, false, 1, 0);
					blas.setMaxThreads(threads);
				});
				blas.setMaxThreads(1);
				MatmulProfile.time("gemm fwd 1t", m, k, n, reps, () -> Nd4j.gemm(a, b, out, false, false, 1, 0));
				MatmulProfile.time("gemm dW 1t", m, k, n, reps, () -> Nd4j.gemm(a, d, gw, true, false, 1, 0));
				blas.setMaxThreads(threads);
				MatmulProfile.time("gemm dW", m, k, n, reps, () -> Nd4j.gemm(a, d, gw, true, false, 1, 0));
				MatmulProfile.time("op dW", m, k, n, reps, () -> op(a, d, gw, 1, 0));
				MatmulProfile.time("gemm dX", m, k, n, reps, () -> Nd4j.gemm(d, b, dx, false, true, 1, 0));
				MatmulProfile.time("op dX", m, k, n, reps, () -> op(d, b, dx, 0, 1));
				final INDArray r1 = Nd4j.create(DataType.FLOAT, m, n);
				op(a, b, r1, 0, 0);
				Nd4j.gemm(a, b, out, false, false, 1, 0);
				System.out.printf(Locale.ROOT, "  max |op - gemm| %.2e%n", r1.sub(out).amaxNumber().doubleValue());
			}
	}

	static void op(final INDArray a, final INDArray b, final INDArray out, final int ta, final int tb) {
		Nd4j.exec(DynamicCustomOp.builder("matmul").addInputs(a, b).addOutputs(out).addIntegerArguments(ta, tb, 0)
			.build());
	}
}
