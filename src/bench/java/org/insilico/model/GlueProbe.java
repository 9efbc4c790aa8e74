package org.insilico.model;

import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Profiling main: the pieces around `mlp`'s products at batch 64, each alone in a loop, medians of 9 rounds (not the
 * harness): reading a [64, 256] product out of native memory, writing it back, the bias, the ReLU, the softmax of
 * [64, 10], a fresh [64, 10] array, and a product's overhead (a 1 × 1 × 1 product through Gemm).
 */
public final class GlueProbe {
	public static void main(final String[] args) {
		final int n = 64, rounds = 9;
		final INDArray z = Nd4j.rand(DataType.FLOAT, n, 256), one = Nd4j.rand(DataType.FLOAT, 1, 1), c1 = Nd4j.create(
			DataType.FLOAT, 1, 1);
		final float[] a = new float[n * 256], b = new float[256], s = new float[n * 10];
		Arrays.fill(b, 0.1f);
		final String[] names = { "read [64,256]", "write [64,256]", "bias add", "relu", "softmax [64,10]",
			"fresh [64,10]", "Gemm 1x1x1", "asNioFloat" };
		final Runnable[] bodies = { () -> KernelChain.read(z, a), () -> KernelChain.write(z, a), () -> {
			for (int r = 0; r < n; r++)
				for (int j = 0; j < 256; j++)
					a[r * 256 + j] += b[j];
		}, () -> KernelChain.Act.RELU.apply(a, 256), () -> {
			for (int i = 0; i < s.length; i++)
				s[i] = (i % 7) * 0.3f;
			KernelChain.Act.SOFTMAX.apply(s, 10);
		}, () -> KernelChain.fresh(s, n, 10), () -> Gemm.gemm(one, one, c1, false, false), () -> z.data()
			.asNioFloat() };
		final double[][] us = new double[bodies.length][rounds];
		for (int r = 0; r < rounds; r++)
			for (int k = 0; k < bodies.length; k++) {
				for (int i = 0; i < 2000; i++)
					bodies[k].run();
				final long t = System.nanoTime();
				for (int i = 0; i < 5000; i++)
					bodies[k].run();
				us[k][r] = (System.nanoTime() - t) / 1e3 / 5000;
			}
		for (int k = 0; k < bodies.length; k++) {
			Arrays.sort(us[k]);
			System.out.printf(Locale.ROOT, "%-16s %.2f µs (%.2f–%.2f)%n", names[k], us[k][rounds / 2], us[k][0],
				us[k][rounds - 1]);
		}
		System.exit(0);
	}
}
