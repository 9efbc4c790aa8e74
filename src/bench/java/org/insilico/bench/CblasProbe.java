package org.insilico.bench;

import java.util.Locale;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Profiling main: OpenBLAS's cblas_sgemm called directly against Nd4j.gemm at the dense shapes (not the harness). */
public final class CblasProbe {
	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final int reps = 300;
		for (int round = 0; round < 2; round++)
			for (final int[] s : new int[][] { { 64, 784, 256 }, { 64, 256, 128 }, { 64, 128, 10 }, { 256, 784, 256 } }) {
				final int m = s[0], k = s[1], n = s[2];
				final INDArray a = Nd4j.rand(DataType.FLOAT, m, k), b = Nd4j.rand(DataType.FLOAT, k, n),
					c = Nd4j.create(DataType.FLOAT, m, n);
				final FloatPointer pa = (FloatPointer) a.data().addressPointer(), pb = (FloatPointer) b.data()
					.addressPointer(), pc = (FloatPointer) c.data().addressPointer();
				final float[] ja = a.data().asFloat(), jb = b.data().asFloat(), jc = new float[m * n];
				MatmulProfile.time("nd4j gemm", m, k, n, reps, () -> Nd4j.gemm(a, b, c, false, false, 1, 0));
				MatmulProfile.time("cblas pointers", m, k, n, reps, () -> openblas_nolapack.cblas_sgemm(
					openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans, m, n,
					k, 1f, pa, k, pb, n, 0f, pc, n));
				MatmulProfile.time("cblas arrays", m, k, n, reps, () -> openblas_nolapack.cblas_sgemm(
					openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans, openblas_nolapack.CblasNoTrans, m, n,
					k, 1f, ja, k, jb, n, 0f, jc, n));
				final float[] viaNd4j = c.data().asFloat();
				double d = 0;
				for (int i = 0; i < jc.length; i++)
					d = Math.max(d, Math.abs(jc[i] - viaNd4j[i]));
				System.out.printf(Locale.ROOT, "  max diff %.2e%n", d);
			}
	}
}
