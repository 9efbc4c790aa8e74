package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Gemm} against a product summed in double precision in Java (the independent truth), for every combination
 * of transposes and of c-order, f-order and offset views (DL4J's weights are f-order views into the flattened
 * parameters), and against {@code Nd4j.gemm}, which ends in the same OpenBLAS.
 */
class GemmTest {

	@Test
	void productsOfEveryLayout() {
		Nd4j.getRandom().setSeed(4);
		final int m = 7, k = 13, n = 5;
		for (final boolean ta : new boolean[] { false, true })
			for (final boolean tb : new boolean[] { false, true })
				for (final int layoutA : new int[] { 0, 1, 2, 3, 4 })
					for (final int layoutB : new int[] { 0, 1, 2, 3, 4 }) {
						final INDArray a = layout(ta ? new long[] { k, m } : new long[] { m, k }, layoutA);
						final INDArray b = layout(tb ? new long[] { n, k } : new long[] { k, n }, layoutB);
						final INDArray c = Nd4j.create(DataType.FLOAT, m, n);
						assertTrue(Gemm.direct(a) && Gemm.direct(b) && Gemm.direct(c), "handled by OpenBLAS itself");
						Gemm.gemm(a, b, c, ta, tb);
						final INDArray opA = ta ? a.transpose() : a, opB = tb ? b.transpose() : b;
						for (int i = 0; i < m; i++)
							for (int j = 0; j < n; j++) {
								double sum = 0;
								for (int l = 0; l < k; l++)
									sum += opA.getDouble(i, l) * opB.getDouble(l, j);
								assertEquals(sum, c.getDouble(i, j), 1e-5 * k, "ta " + ta + " tb " + tb + " layouts " +
									layoutA + "," + layoutB + " at " + i + "," + j);
							}
						final INDArray viaNd4j = Nd4j.create(DataType.FLOAT, m, n);
						Nd4j.gemm(a, b, viaNd4j, ta, tb, 1, 0);
						assertEquals(0, viaNd4j.sub(c).amaxNumber().doubleValue(), 1e-6, "as Nd4j.gemm");
					}
	}

	/** A plain array of any rank read as the row-major matrix its memory holds, times B in every layout. */
	@Test
	void plainArraysOfAnyRankAsRowMajorMatrices() {
		Nd4j.getRandom().setSeed(6);
		final int m = 6, k = 12, n = 5; // k = 2 × 2 × 3: images [m, 2, 2, 3]
		final INDArray images = Nd4j.rand(DataType.FLOAT, m, 2, 2, 3);
		assertTrue(KernelChain.plain(images));
		for (final boolean tb : new boolean[] { false, true })
			for (final int layoutB : new int[] { 0, 1, 2, 3, 4 }) {
				final INDArray b = layout(tb ? new long[] { n, k } : new long[] { k, n }, layoutB);
				final INDArray c = Nd4j.create(DataType.FLOAT, m, n);
				Gemm.gemmRows(images, m, k, b, c, tb);
				final INDArray opB = tb ? b.transpose() : b;
				for (int i = 0; i < m; i++)
					for (int j = 0; j < n; j++) {
						double sum = 0;
						for (int l = 0; l < k; l++)
							sum += images.getDouble(i, l / 6, l / 3 % 2, l % 3) * opB.getDouble(l, j);
						assertEquals(sum, c.getDouble(i, j), 1e-5 * k, "tb " + tb + " layout " + layoutB + " at " + i + "," + j);
					}
			}
		final INDArray c = Nd4j.create(DataType.FLOAT, m, n), b = Nd4j.rand(DataType.FLOAT, k, n);
		assertThrows(IllegalArgumentException.class, () -> Gemm.gemmRows(images.permute(0, 3, 2, 1), m, k, b, c, false),
			"a permuted array is not plain");
		assertThrows(IllegalArgumentException.class, () -> Gemm.gemmRows(images, m, k - 1, b, c, false));
		assertThrows(IllegalArgumentException.class, () -> Gemm.gemmRows(images, m / 2, 2 * k, b, c, false));
	}

	/**
	 * With beta = 1 the product is added to what c holds (how a dense layer's bias is added: lever 42), through
	 * {@code gemmRows} and {@code rowsTimes}; with beta = 0, c's previous values (here NaN) are ignored.
	 */
	@Test
	void betaOneAddsTheProductToWhatCHolds() {
		Nd4j.getRandom().setSeed(8);
		final int m = 9, k = 21, n = 6;
		final INDArray a = Nd4j.rand(DataType.FLOAT, m, k), b = layout(new long[] { k, n }, 2), prior = Nd4j.rand(
			DataType.FLOAT, m, n).subi(0.5);
		final INDArray viaRows = prior.dup('c'), nan = Nd4j.valueArrayOf(new long[] { m, n }, Float.NaN, DataType.FLOAT);
		Gemm.gemmRows(a, m, k, b, viaRows, false, 1);
		Gemm.gemmRows(a, m, k, b, nan, false, 0);
		try (FloatPointer pa = new FloatPointer(a.dup('c').data().asFloat()); FloatPointer pc = new FloatPointer(prior
			.dup('c').data().asFloat()))
		{
			Gemm.rowsTimes(pa, m, k, b, pc, 1);
			for (int i = 0; i < m; i++)
				for (int j = 0; j < n; j++) {
					double sum = 0;
					for (int l = 0; l < k; l++)
						sum += a.getDouble(i, l) * b.getDouble(l, j);
					assertEquals(sum + prior.getDouble(i, j), viaRows.getDouble(i, j), 1e-5 * k, "gemmRows, beta 1, at " +
						i + "," + j);
					assertEquals(sum + prior.getDouble(i, j), pc.get((long) i * n + j), 1e-5 * k, "rowsTimes, beta 1, at " +
						i + "," + j);
					assertEquals(sum, nan.getDouble(i, j), 1e-5 * k, "beta 0 ignores c, at " + i + "," + j);
				}
		}
	}

	/**
	 * A block of c's columns (lever 46) for b in each layout: the block against a double-precision sum, beta 1 added
	 * to what it held, and c's other columns untouched.
	 */
	@Test
	void aBlockOfColumnsTouchesOnlyItself() {
		Nd4j.getRandom().setSeed(9);
		final int m = 7, k = 19, n = 11, c0 = 3, c1 = 8;
		final INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
		for (int kind = 0; kind < 5; kind++) {
			final INDArray b = layout(new long[] { k, n }, kind), prior = Nd4j.rand(DataType.FLOAT, m, n).subi(0.5);
			try (FloatPointer pa = new FloatPointer(a.dup('c').data().asFloat()); FloatPointer pc = new FloatPointer(prior
				.dup('c').data().asFloat()))
			{
				Gemm.columnsTimes(pa, m, k, b, c0, c1, pc, n, 1);
				for (int i = 0; i < m; i++)
					for (int j = 0; j < n; j++) {
						double sum = 0;
						for (int l = 0; l < k; l++)
							sum += a.getDouble(i, l) * b.getDouble(l, j);
						final double want = prior.getDouble(i, j) + (j >= c0 && j < c1 ? sum : 0);
						assertEquals(want, pc.get((long) i * n + j), 1e-5 * k, "layout " + kind + ", at " + i + "," + j);
					}
			}
		}
	}

	@Test
	void mismatchedShapesAreRefused() {
		assertThrows(IllegalArgumentException.class, () -> Gemm.gemm(Nd4j.rand(DataType.FLOAT, 3, 4), Nd4j.rand(
			DataType.FLOAT, 5, 2), Nd4j.create(DataType.FLOAT, 3, 2), false, false));
	}

	/**
	 * 0: c order; 1: f order; 2: an f-order view at an offset inside a larger buffer (as DL4J's weights); 3: a block
	 * of columns of a wider c-order matrix (rows further apart than their length); 4: a block of rows of a taller
	 * f-order matrix.
	 */
	private static INDArray layout(final long[] shape, final int kind) {
		final INDArray values = Nd4j.rand(DataType.FLOAT, shape);
		if (kind == 0) return values.dup('c');
		if (kind == 1) return values.dup('f');
		if (kind == 3 || kind == 4) {
			final INDArray wide = kind == 3 ? Nd4j.rand(DataType.FLOAT, new long[] { shape[0], shape[1] + 9 }) : Nd4j.rand(
				DataType.FLOAT, new long[] { shape[0] + 9, shape[1] }).dup('f');
			final INDArray view = kind == 3 ? wide.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 4 + shape[1])) : wide
				.get(NDArrayIndex.interval(4, 4 + shape[0]), NDArrayIndex.all());
			view.assign(values);
			assertTrue(kind == 3 ? view.stride(0) > shape[1] : view.stride(1) > shape[0], "rows (columns) further apart");
			return view;
		}
		final long size = shape[0] * shape[1];
		final INDArray flat = Nd4j.rand(DataType.FLOAT, 1, size + 17);
		final INDArray view = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(17, 17 + size)).reshape('f',
			shape[0], shape[1]);
		view.assign(values);
		assertTrue(view.data().offset() == 17 && view.ordering() == 'f', "an f-order view at an offset");
		return view;
	}
}
