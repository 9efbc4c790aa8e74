package org.insilico.probe.compare;

import org.bytedeco.javacpp.DoublePointer;
import org.insilico.model.Blas;
import org.insilico.model.NativeMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Gram matrix {@code A Aᵀ} of a row-major matrix A (m × k) by blocks of rows, upper part only.
 * {@link #upperTriangle} (the RDM's) computes block {@code [from, to)}'s entries on and above the diagonal by
 * OpenBLAS's {@code syrk} and {@code gemm}, half the multiply–adds of the full product. {@link #upperSlab} (CKA's in
 * sample space) computes the slab {@code A[from:to] · A[from:m]ᵀ} by gemm alone, its diagonal block whole: with 16
 * blocks about 53 % of the multiply–adds; the slabs come back as Java arrays, where sums over them are plain loops.
 * {@link #featureSpaceNorms} accumulates CKA's products in feature space over blocks of rows. Each block's memory
 * stays bounded.
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
		final int m = (int) a.size(0), k = (int) a.size(1), rows = to - from, cols = m - from;
		if (!plain(a) || !Blas.available()) return Nd4j.gemm(a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), a.get(NDArrayIndex
			.interval(from, m), NDArrayIndex.all()), false, true).data().asDouble();
		final DoublePointer at = (DoublePointer) a.data().addressPointer(); // a fresh pointer object each call
		at.position(at.position() + (long) from * k);
		final double[] slab = new double[rows * cols];
		try (DoublePointer c = new DoublePointer((long) rows * cols)) {
			Blas.dgemm(false, true, rows, cols, k, 1, at, k, at, k, 0, c, cols);
			c.get(slab);
		}
		return slab;
	}

	/**
	 * Rows per block for {@link #upperTriangle}: as many as keep a slab within {@code bytes} (all m rows, one
	 * {@code syrk}, where m × m fits), else that many, and at least one.
	 */
	static int rowsPerTriangleBlock(final long m, final long bytes) {
		return (int) Math.max(1, Math.min(m, bytes / (8 * Math.max(1, m))));
	}

	/**
	 * Rows {@code [from, to)} of the upper triangle of {@code A Aᵀ}, A row-major (m × k) at {@code a}: the slab
	 * {@code A[from:to] · A[from:m]ᵀ}, (to − from) rows of m − from values, row-major, of which only the entries on
	 * and above the diagonal are set — the diagonal block by {@code syrk} (its upper triangle), the rest by
	 * {@code gemm}: half the multiply–adds of the full product, as NumPy's {@code ma @ ma.T} does. With all rows in
	 * one block, this is the one {@code syrk} NumPy calls. The slab is written into {@code slab} (at least (to − from)
	 * × (m − from) values). Where no OpenBLAS can be called, through ND4J's gemm (all of the slab set).
	 */
	static void upperTriangle(final DoublePointer a, final int m, final int k, final int from, final int to,
		final DoublePointer slab)
	{
		upperTriangle(a, m, k, from, to, slab, Blas.available());
	}

	/** {@link #upperTriangle(DoublePointer, int, int, int, int, DoublePointer)} by OpenBLAS or by ND4J (for tests). */
	static void upperTriangle(final DoublePointer a, final int m, final int k, final int from, final int to,
		final DoublePointer slab, final boolean blas)
	{
		final int rows = to - from, cols = m - from;
		if ((long) rows * cols > slab.capacity()) throw new IllegalArgumentException("a slab of " + slab.capacity() +
			" values for " + rows + " × " + cols);
		final DoublePointer block = new DoublePointer(a).position(a.position() + (long) from * k);
		if (!blas) {
			final INDArray rest = Nd4j.createUninitialized(DataType.DOUBLE, new long[] { cols, k }, 'c');
			rest.data().asNioDouble().put(0, block.asBuffer(), 0, cols * k);
			slab.put(upperSlab(rest, 0, rows));
			return;
		}
		Blas.dsyrkUpper(false, rows, k, 1, block, k, 0, slab, cols);
		if (to < m) Blas.dgemm(false, true, rows, m - to, k, 1, block, k, new DoublePointer(a).position(a.position() +
			(long) to * k), k, 0, new DoublePointer(slab).position(slab.position() + rows), cols);
	}

	/**
	 * Σ of the squared entries of {@code op(A) · op(B)}, for A and B c-order DOUBLE matrices (op: transpose when
	 * asked), the product computed whole by BLAS.
	 */
	static double squaredNormOfProduct(final INDArray a, final boolean transA, final INDArray b,
		final boolean transB)
	{
		if (!plain(a) || !plain(b) || !Blas.available()) return sumOfSquaresOf(Nd4j.gemm(a, b, transA, transB).data().asDouble());
		final int m = (int) a.size(transA ? 1 : 0), k = (int) a.size(transA ? 0 : 1), n = (int) b.size(transB ? 0 : 1);
		final double[] c = new double[m * n];
		try (DoublePointer p = new DoublePointer((long) m * n)) {
			Blas.dgemm(transA, transB, m, n, k, 1, pointer(a), (int) a.size(1), pointer(b), (int) b.size(1), 0, p, n);
			p.get(c);
		}
		return sumOfSquaresOf(c);
	}

	private static double sumOfSquaresOf(final double[] v) {
		double sum = 0;
		for (final double x : v)
			sum += x * x;
		return sum;
	}

	/** A 2-D c-order DOUBLE matrix in its own buffer (not a view), as BLAS can take it by its address. */
	private static boolean plain(final INDArray a) {
		return a.rank() == 2 && a.dataType() == DataType.DOUBLE && a.ordering() == 'c' && a.offset() == 0 && a
			.stride(1) == 1 && a.stride(0) == a.size(1) && a.data().length() == a.length() && a.size(1) > 0;
	}

	/** Σ of the squared entries of a symmetric p × p matrix (row-major) of which only the upper triangle is set. */
	static double squaredNormOfUpper(final double[] v, final int p) {
		double diagonal = 0, above = 0;
		for (int i = 0; i < p; i++) {
			diagonal += v[i * p + i] * v[i * p + i];
			for (int j = i * p + i + 1; j < (i + 1) * p; j++)
				above += v[j] * v[j];
		}
		return diagonal + 2 * above;
	}

	/**
	 * ‖XcᵀYc‖²_F, ‖XcᵀXc‖²_F and ‖YcᵀYc‖²_F, Xc and Yc the two matrices with their columns centred, from blocks of
	 * {@code rows} rows: each block is centred into one of two native buffers used for every block, and BLAS adds its
	 * share to the three products (β = 1; the two Grams by {@code syrk}, half the multiply–adds). The whole centred
	 * copies are never made: for 10,000 × 1,024 they were 2 × 80 MB of fresh native memory and took 175 ms beside the
	 * products' 690; by blocks the whole takes 702 ms against 771 ({@code CkaProbe}). Needs {@link Blas#available}.
	 */
	static double[] featureSpaceNorms(final Patterns x, final Patterns y, final int rows) {
		final int n = x.rows, p = x.columns, q = y.columns;
		final double[] mx = x.columnMeans(), my = y.columnMeans();
		try (DoublePointer xb = NativeMemory.doubles((long) rows * p); DoublePointer yb = NativeMemory.doubles((long) rows *
			q); DoublePointer cross = NativeMemory.doubles((long) p * q); DoublePointer gx = NativeMemory.doubles((long) p *
				p); DoublePointer gy = NativeMemory.doubles((long) q * q))
		{
			for (int from = 0; from < n; from += rows) {
				final int to = Math.min(n, from + rows), k = to - from;
				final double beta = from == 0 ? 0 : 1;
				x.centredRows(mx, from, to, xb.asBuffer());
				y.centredRows(my, from, to, yb.asBuffer());
				Blas.dgemm(true, false, p, q, k, 1, xb, p, yb, q, beta, cross, q);
				Blas.dsyrkUpper(true, p, k, 1, xb, p, beta, gx, p);
				Blas.dsyrkUpper(true, q, k, 1, yb, q, beta, gy, q);
			}
			return new double[] { sumOfSquaresOf(values(cross)), squaredNormOfUpper(values(gx), p), squaredNormOfUpper(
				values(gy), q) };
		}
	}

	private static double[] values(final DoublePointer p) {
		final double[] v = new double[(int) p.capacity()];
		p.get(v);
		return v;
	}

	private static DoublePointer pointer(final INDArray a) {
		return (DoublePointer) a.data().addressPointer();
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
