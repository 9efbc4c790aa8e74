package org.insilico.bench;

import java.util.Locale;
import java.util.stream.IntStream;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Profiling main for LEVERS.md, lever 24 (not the harness): the product behind the lowest convolution's weight
 * gradient in lenet, E (8 × K) · colsᵀ (K × 25) with K = images × 576 (b64 and b256), as one OpenBLAS call against
 * two halves of K computed at the same time on two threads.
 */
public final class KSplitProbe {

	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		for (final int k : new int[] { 64 * 576, 256 * 576 }) {
			final INDArray e = Nd4j.rand(DataType.FLOAT, 8, k), c = Nd4j.rand(DataType.FLOAT, 25, k);
			final INDArray g = Nd4j.create(DataType.FLOAT, 8, 25), g2 = Nd4j.create(DataType.FLOAT, 8, 25);
			final FloatPointer pe = (FloatPointer) e.data().addressPointer(), pc = (FloatPointer) c.data()
				.addressPointer(), pg = (FloatPointer) g.data().addressPointer(), pg2 = (FloatPointer) g2.data()
					.addressPointer();
			final int half = k / 2;
			final Runnable one = () -> product(pe, pc, pg, k, k);
			final Runnable halves = () -> IntStream.range(0, 2).parallel().forEach(i -> product(pe.getPointer((long) i *
				half), pc.getPointer((long) i * half), i == 0 ? pg : pg2, half, k));
			for (int round = 0; round < 3; round++)
				System.out.printf(Locale.ROOT, "K %d: one call %.0f µs, two halves on two threads %.0f µs%n", k, time(one),
					time(halves));
		}
		System.exit(0);
	}

	/** g = e[:, :length] · c[:, :length]ᵀ, rows {@code ld} apart. */
	private static void product(final FloatPointer e, final FloatPointer c, final FloatPointer g, final int length,
		final int ld)
	{
		openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
			openblas_nolapack.CblasTrans, 8, 25, length, 1f, e, ld, c, ld, 0f, g, 25);
	}

	private static double time(final Runnable body) {
		for (int i = 0; i < 20; i++)
			body.run();
		final long t = System.nanoTime();
		for (int i = 0; i < 100; i++)
			body.run();
		return (System.nanoTime() - t) / 1e3 / 100;
	}
}
