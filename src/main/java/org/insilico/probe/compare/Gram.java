package org.insilico.probe.compare;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Gram matrix {@code A Aᵀ} of a row-major matrix A (m × k) by blocks of rows, upper part only: block
 * {@code [from, to)} is the slab {@code A[from:to] · A[from:m]ᵀ}, (to − from) × (m − from) values whose first
 * (to − from) columns are the symmetric diagonal block and the rest lies above the diagonal. With 16 blocks this does
 * about 53 % of the multiply–adds of the full product (BLAS's {@code syrk} would do 50 %; ND4J M2.1 does not expose
 * a working one, so {@link #squaredNormOfTransposeGram} calls OpenBLAS's where the whole result fits), and each
 * slab's memory stays bounded. The slabs come back as Java arrays: sums over them are plain
 * loops, cheaper than ND4J operations on strided views.
 */
final class Gram {

	private Gram() {}

	/** Rows per block: about m/16 (at least 128), at most what keeps a slab within {@code bytes}. */
	static int rowsPerBlock(final long m, final long bytes) {
		final long wanted = Math.max(128, (m + 15) / 16), fits = bytes / (8 * Math.max(1, m));
		return (int) Math.max(1, Math.min(m, Math.min(wanted, fits)));
	}

	/** The slab {@code A[from:to] · A[from:m]ᵀ}, row-major, (to − from) rows of m − from values. */
	static double[] upperSlab(final INDArray a, final int from, final int to) {
		final long m = a.size(0);
		return Nd4j.gemm(a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), a.get(NDArrayIndex.interval(from,
			m), NDArrayIndex.all()), false, true).data().asDouble();
	}

	/**
	 * ‖AᵀA‖²_F of a c-order DOUBLE matrix A (n × p) in its own buffer: BLAS {@code dsyrk} computes the upper triangle
	 * of AᵀA (p × p, half the multiply–adds of the product, and no transposed copy of A); where OpenBLAS's natives do
	 * not load, ND4J's full product.
	 */
	static double squaredNormOfTransposeGram(final INDArray a) {
		final int n = (int) a.size(0), p = (int) a.size(1);
		final INDArray c = Nd4j.createUninitialized(DataType.DOUBLE, new long[] { p, p }, 'c');
		try {
			openblas_nolapack.cblas_dsyrk(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasUpper,
				openblas_nolapack.CblasTrans, p, n, 1.0, (DoublePointer) a.data().addressPointer(), p, 0.0,
				(DoublePointer) c.data().addressPointer(), p);
		}
		catch (final LinkageError e) {
			return sumOfSquares(Nd4j.gemm(a, a, true, false).data().asDouble(), p);
		}
		final double[] v = c.data().asDouble();
		double diagonal = 0, above = 0;
		for (int i = 0; i < p; i++) {
			diagonal += v[i * p + i] * v[i * p + i];
			for (int j = i * p + i + 1; j < (i + 1) * p; j++)
				above += v[j] * v[j];
		}
		return diagonal + 2 * above;
	}

	/** Σ over the whole symmetric matrix of its squared entries, from a slab of {@code rows} rows. */
	static double sumOfSquares(final double[] slab, final int rows) {
		return sumOfProducts(slab, slab, rows);
	}

	/**
	 * Σ over two whole symmetric matrices of the products of their entries ({@code ⟨K, L⟩_F}), from their slabs of
	 * the same block: the diagonal block once, the part above it twice.
	 */
	static double sumOfProducts(final double[] k, final double[] l, final int rows) {
		final int width = k.length / rows;
		double diagonal = 0, above = 0;
		for (int i = 0; i < rows; i++) {
			final int row = i * width;
			for (int j = 0; j < rows; j++)
				diagonal += k[row + j] * l[row + j];
			for (int j = rows; j < width; j++)
				above += k[row + j] * l[row + j];
		}
		return diagonal + 2 * above;
	}
}
