package org.insilico.model;

import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Profiling main: µs per new ND4J FLOAT array of [rows, 10] (what each inference batch returns; argument: rows, 64), three ways, and per
 * reshape of a [64, 784] array to itself; not the harness.
 */
public final class AllocProbe {
	public static void main(final String[] args) {
		final int rows = args.length > 0 ? Integer.parseInt(args[0]) : 64;
		final float[] v = new float[10 * rows];
		for (int round = 0; round < 6; round++) {
			final long t = System.nanoTime();
			for (int i = 0; i < 20_000; i++)
				KernelChain.fresh(v, rows, 10);
			final long u = System.nanoTime();
			for (int i = 0; i < 20_000; i++)
				Nd4j.createUninitialized(DataType.FLOAT, new long[] { rows, 10 }, 'c');
			final long w = System.nanoTime();
			for (int i = 0; i < 20_000; i++)
				Nd4j.create(v, new long[] { rows, 10 }, 'c');
			final long x = System.nanoTime();
			final org.nd4j.linalg.api.ndarray.INDArray big = Nd4j.createUninitialized(DataType.FLOAT, new long[] { 64, 784 }, 'c');
			for (int i = 0; i < 20_000; i++)
				big.reshape('c', 64, 784);
			System.out.printf(Locale.ROOT, "fresh %.2f µs, createUninitialized %.2f µs, create(float[], shape) %.2f µs, " +
				"reshape %.2f µs%n", (u - t) / 1e3 / 20_000, (w - u) / 1e3 / 20_000, (x - w) / 1e3 / 20_000, (System
					.nanoTime() - x) / 1e3 / 20_000);
		}
		System.exit(0);
	}
}
