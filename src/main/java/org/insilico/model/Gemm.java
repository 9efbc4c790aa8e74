package org.insilico.model;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * FLOAT matrix products for the kernels, handed straight to {@code cblas_sgemm} ({@link Blas}: ND4J's OpenBLAS, or
 * the machine's), without ND4J's op dispatch in front of it, which costs 30–70 µs per call and made the presets'
 * small dense products 3–9× slower than the product itself (LEVERS.md, lever 12). With ND4J's library, results are
 * bit for bit those of {@code Nd4j.gemm}. Arrays whose memory layout this does not describe, or a platform where
 * OpenBLAS does not load, go to {@code Nd4j.gemm}.
 */
final class Gemm {

	private Gemm() {}

	/** {@code c = op(a) · op(b)} for 2-D FLOAT arrays, op = transpose when asked: {@code Nd4j.gemm(a, b, c, ta, tb, 1, 0)}. */
	static void gemm(final INDArray a, final INDArray b, final INDArray c, final boolean transA, final boolean transB) {
		gemm(a, b, c, transA, transB, 0);
	}

	/** {@code c = op(a) · op(b) + beta · c}. */
	static void gemm(final INDArray a, final INDArray b, final INDArray c, final boolean transA, final boolean transB,
		final float beta)
	{
		final Layout la = Layout.of(a), lb = Layout.of(b), lc = Layout.of(c);
		if (!Blas.available() || la == null || lb == null || lc == null || lc.transposed) {
			Nd4j.gemm(a, b, c, transA, transB, 1, beta);
			return;
		}
		final long m = c.size(0), n = c.size(1), k = transA ? a.size(0) : a.size(1);
		if ((transA ? a.size(1) : a.size(0)) != m || (transB ? b.size(1) : b.size(0)) != k || (transB ? b.size(0)
			: b.size(1)) != n) throw new IllegalArgumentException("gemm: shapes " + java.util.Arrays.toString(a.shape()) +
				(transA ? "ᵀ" : "") + " · " + java.util.Arrays.toString(b.shape()) + (transB ? "ᵀ" : "") + " → " + java.util
					.Arrays.toString(c.shape()));
		sgemm(la, lb, lc, transA, transB, m, n, k, beta);
	}

	/**
	 * {@code c = a · op(b)} with {@code a} a plain array (FLOAT, c order, its own whole buffer, any rank) taken as the
	 * row-major matrix [rows, cols] its memory holds: what {@code a.reshape('c', rows, cols)} would give, without
	 * ND4J's reshape, which costs 9–13 µs a call (a fifth of the work around `mlp`'s products at b64; LEVERS.md,
	 * lever 29).
	 */
	static void gemmRows(final INDArray a, final int rows, final int cols, final INDArray b, final INDArray c,
		final boolean transB)
	{
		gemmRows(a, rows, cols, b, c, transB, 0);
	}

	/** {@code c = a · op(b) + beta · c}, {@code a} as in {@link #gemmRows(INDArray, int, int, INDArray, INDArray, boolean)}. */
	static void gemmRows(final INDArray a, final int rows, final int cols, final INDArray b, final INDArray c,
		final boolean transB, final float beta)
	{
		if (!KernelChain.plain(a) || a.length() != (long) rows * cols) throw new IllegalArgumentException(
			"gemmRows: not a plain array of " + rows + " × " + cols + " values: " + a.shapeInfoToString());
		final Layout lb = Layout.of(b), lc = Layout.of(c);
		if (!Blas.available() || lb == null || lc == null || lc.transposed) {
			gemm(a.reshape('c', rows, cols), b, c, false, transB, beta);
			return;
		}
		if (c.size(0) != rows || (transB ? b.size(1) : b.size(0)) != cols) throw new IllegalArgumentException(
			"gemmRows: shapes [" + rows + ", " + cols + "] · " + java.util.Arrays.toString(b.shape()) + (transB ? "ᵀ" : "") +
				" → " + java.util.Arrays.toString(c.shape()));
		sgemm(new Layout((FloatPointer) a.data().addressPointer(), false, Math.max(1, cols)), lb, lc, false, transB, rows,
			c.size(1), cols, beta);
	}

	/**
	 * {@code c = a · b + beta · c} for {@code a} (rows × cols) and {@code c} (rows × b's columns) dense row-major blocks in
	 * native memory, and {@code b} a 2-D FLOAT array that {@link #direct} accepts (checked by the caller).
	 */
	static void rowsTimes(final FloatPointer a, final int rows, final int cols, final INDArray b, final FloatPointer c,
		final float beta)
	{
		final Layout lb = Layout.of(b);
		if (lb == null || b.size(0) != cols) throw new IllegalArgumentException("rowsTimes: not a BLAS matrix of " +
			cols + " rows: " + b.shapeInfoToString());
		final int n = (int) b.size(1);
		blockTimes(a, rows, cols, lb, 0, n, c, Math.max(1, n), beta);
	}

	/**
	 * Columns {@code [c0, c1)} of {@code c = a · b + beta · c}: {@code a} (rows × cols) a dense row-major block in
	 * native memory, {@code b} a 2-D FLOAT array that {@link #direct} accepts, {@code c} row-major with rows
	 * {@code ldc} floats apart (only the block's columns are touched).
	 */
	static void columnsTimes(final FloatPointer a, final int rows, final int cols, final INDArray b, final int c0,
		final int c1, final FloatPointer c, final int ldc, final float beta)
	{
		final Layout lb = Layout.of(b);
		if (lb == null || b.size(0) != cols || c0 < 0 || c1 > b.size(1) || c0 > c1) throw new IllegalArgumentException(
			"columnsTimes: columns " + c0 + " to " + c1 + " of " + b.shapeInfoToString());
		blockTimes(a, rows, cols, lb, c0, c1, c, ldc, beta);
	}

	/** Columns {@code [c0, c1)} of {@code c = a · b + beta · c}, for {@link #rowsTimes} and {@link #columnsTimes}. */
	private static void blockTimes(final FloatPointer a, final int rows, final int cols, final Layout lb, final int c0,
		final int c1, final FloatPointer c, final int ldc, final float beta)
	{
		final FloatPointer block = c0 == 0 ? lb.pointer : new FloatPointer(lb.pointer).position(lb.pointer.position() +
			(lb.transposed ? (long) c0 * lb.ld : c0));
		Blas.sgemm(false, lb.transposed, rows, c1 - c0, cols, 1f, a, Math.max(1, cols), block, lb.ld, beta, c0 == 0 ? c
			: new FloatPointer(c).position(c.position() + c0), ldc);
	}

	private static void sgemm(final Layout la, final Layout lb, final Layout lc, final boolean transA,
		final boolean transB, final long m, final long n, final long k, final float beta)
	{
		Blas.sgemm(transA ^ la.transposed, transB ^ lb.transposed, (int) m, (int) n, (int) k, 1f, la.pointer, la.ld,
			lb.pointer, lb.ld, beta, lc.pointer, lc.ld);
	}

	/** Whether {@link #gemm} hands this operand to OpenBLAS itself (rather than to Nd4j.gemm); for tests. */
	static boolean direct(final INDArray operand) {
		return Blas.available() && Layout.of(operand) != null;
	}

	/**
	 * A 2-D FLOAT array as cblas sees it: its memory is a row-major matrix, the array itself or ({@code transposed})
	 * its transpose (a column-major array), rows {@code ld} floats apart; null when its memory is not such a block.
	 */
	private record Layout(FloatPointer pointer, boolean transposed, int ld) {

		static Layout of(final INDArray x) {
			if (x.rank() != 2 || x.dataType() != DataType.FLOAT || x.offset() != x.data().offset()) return null;
			final long rows = x.size(0), cols = x.size(1), s0 = x.stride(0), s1 = x.stride(1);
			final FloatPointer p = (FloatPointer) x.data().addressPointer(); // includes a view's offset
			// rows s0 ≥ cols apart: a block of columns of a wider row-major matrix is one too (its leading dimension s0)
			if ((s1 == 1 || cols == 1) && (s0 >= cols || rows == 1)) return new Layout(p, false, (int) (rows == 1 ? Math
				.max(1, cols) : s0));
			if ((s0 == 1 || rows == 1) && (s1 >= rows || cols == 1)) return new Layout(p, true, (int) (cols == 1 ? Math
				.max(1, rows) : s1));
			return null;
		}
	}
}
