package org.insilico.probe.compare;

import java.util.SplittableRandom;

import org.bytedeco.javacpp.DoublePointer;
import org.insilico.bench.Interleaved;
import org.insilico.model.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Profiling main: the parts of the benchmark's linear CKA (10,000 × 1,024 twice, double) timed apart, interleaved,
 * medians: the centred copies, XᵀY by dgemm, ‖XᵀX‖ by dsyrk, and XᵀX by dgemm for comparison; the three products
 * after whole centred copies (as before LEVERS.md's lever 36) against blocks of centred rows of a few sizes. Arguments: rows
 * (10000), columns (1024), rounds (5).
 */
public final class CkaProbe {
	public static void main(final String[] args) {
		final int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000, columns = args.length > 1 ? Integer
			.parseInt(args[1]) : 1024, rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
		final SplittableRandom random = new SplittableRandom(4);
		final double[] x = new double[rows * columns], y = new double[rows * columns];
		for (int i = 0; i < x.length; i++) {
			x[i] = random.nextGaussian();
			y[i] = random.nextGaussian();
		}
		final Patterns px = Patterns.of("x", x, columns), py = Patterns.of("y", y, columns);
		final INDArray xc = px.toNd4jCentred(), yc = py.toNd4jCentred();
		final String[] names = { "two centred copies", "X'Y dgemm", "||X'X|| dsyrk", "||X'X|| dgemm",
			"copies + 3 products", "blocks of 256 rows", "blocks of 1024 rows", "blocks of 4096 rows", "whole linear" };
		final Runnable[] bodies = { () -> {
			px.toNd4jCentred();
			py.toNd4jCentred();
		}, () -> Gram.squaredNormOfProduct(xc, true, yc, false), () -> syrkNorm(xc),
			() -> Gram.squaredNormOfProduct(xc, true, xc, false), () -> { // the way before the blocks
				final org.nd4j.linalg.api.ndarray.INDArray a = px.toNd4jCentred(), b = py.toNd4jCentred();
				Gram.squaredNormOfProduct(a, true, b, false);
				syrkNorm(a);
				syrkNorm(b);
			}, () -> Gram.featureSpaceNorms(px, py, 256), () -> Gram.featureSpaceNorms(px, py, 1024),
			() -> Gram.featureSpaceNorms(px, py, 4096), () -> CenteredKernelAlignment.linear(x, columns, y, columns,
				CenteredKernelAlignment.Options.defaults()) };
		Interleaved.print(Blas.description(), names, bodies, rounds);
		System.exit(0);
	}

	/** ‖AᵀA‖²_F by one {@code dsyrk} over the whole centred matrix, as CKA computed it before the blocks. */
	private static double syrkNorm(final INDArray a) {
		final int n = (int) a.size(0), p = (int) a.size(1);
		final INDArray c = Nd4j.createUninitialized(DataType.DOUBLE, new long[] { p, p }, 'c');
		Blas.dsyrkUpper(true, p, n, 1.0, (DoublePointer) a.data().addressPointer(), p, 0.0, (DoublePointer) c.data()
			.addressPointer(), p);
		return Gram.squaredNormOfUpper(c.data().asDouble(), p);
	}
}
