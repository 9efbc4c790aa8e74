package org.insilico.probe.compare;

import org.insilico.InSilicoException;
import org.insilico.model.Activations;
import org.insilico.model.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Linear centered kernel alignment (CKA; Kornblith, Norouzi, Lee &amp; Hinton 2019, "Similarity of neural network
 * representations revisited", ICML; after Cortes, Mohri &amp; Rostamizadeh 2012): how similar two representations of
 * the same n stimuli are, X (n × p₁) and Y (n × p₂), e.g. two layers, or one layer of two networks. With the
 * columns centred (each feature's mean over the stimuli subtracted),
 *
 * <pre>
 *   CKA(X, Y) = ‖Yᵀ X‖²_F / (‖Xᵀ X‖_F · ‖Yᵀ Y‖_F)
 * </pre>
 *
 * equivalently, with the Gram matrices K = X Xᵀ and L = Y Yᵀ of the centred matrices,
 * {@code ⟨K, L⟩_F / (‖K‖_F ‖L‖_F)} — HSIC(K, L) / √(HSIC(K, K) · HSIC(L, L)) with the linear kernel (Gretton et al.
 * 2005). In [0, 1]; 1 for X with itself; invariant to orthogonal transformations and isotropic scaling of either
 * representation, not to arbitrary invertible linear maps (Kornblith et al. §3). The number of features may differ
 * between X and Y.
 * <p>
 * Computation: matrix products (ND4J gemm) in double precision, either in feature space (XᵀY, and the symmetric
 * XᵀX and YᵀY by blocks of their upper part: ~n·(p₁p₂ + 0.53 (p₁² + p₂²)) multiply–adds, memory 8·p₁p₂ bytes plus
 * a transposed copy of the inputs) or in sample space (the upper part of K and L by blocks of rows: ~0.53 n²·(p₁ +
 * p₂), at most 64 MB per block); {@link Computation#AUTO} picks the cheaper. Both give the same value up to
 * rounding.
 * <p>
 * Threading: stateless; calls may run in parallel.
 */
public final class CenteredKernelAlignment {

	private CenteredKernelAlignment() {}

	/** Bytes of one block of a Gram matrix in sample space. */
	static final long BLOCK_BYTES = 64L << 20;

	/** Bytes of the two blocks of centred rows in feature space (both matrices' rows of one block). */
	static final long ROWS_BYTES = 16L << 20;

	/** Where the products are computed. */
	public enum Computation {
		/** The cheaper of the two for the matrices' sizes. */
		AUTO,
		/** Feature space: Xᵀ Y, Xᵀ X, Yᵀ Y (best when stimuli outnumber features). */
		FEATURES,
		/** Sample space: the n × n Gram matrices, by blocks of rows (best when features outnumber stimuli). */
		SAMPLES
	}

	/**
	 * @param computation where the products are computed (default {@link Computation#AUTO}); it changes the cost,
	 *          not the value
	 */
	public record Options(Computation computation) {

		public static Options defaults() {
			return new Options(Computation.AUTO);
		}

		public Options withComputation(final Computation c) {
			return new Options(c);
		}

		public void validate() {
			if (computation == null) throw InSilicoException.badParameter("computation", null,
				"expected AUTO, FEATURES or SAMPLES");
		}
	}

	/**
	 * @param similarity linear CKA, in [0, 1]
	 * @param hsicXY {@code ‖YᵀX‖²_F / (n−1)²}, the (biased) HSIC of the two linear kernels
	 * @param hsicXX {@code ‖XᵀX‖²_F / (n−1)²}
	 * @param hsicYY {@code ‖YᵀY‖²_F / (n−1)²}
	 * @param stimuli n, the number of rows
	 * @param computation where it was computed (FEATURES or SAMPLES)
	 */
	public record Result(double similarity, double hsicXY, double hsicXX, double hsicYY, int stimuli,
		Computation computation)
	{}

	/**
	 * Linear CKA of two representations of the same stimuli, each a row-major matrix with one row per stimulus.
	 *
	 * @param x n × {@code xFeatures} values
	 * @param y n × {@code yFeatures} values (the same n stimuli, in the same order)
	 * @throws InSilicoException for fewer than 2 stimuli, different numbers of rows, non-finite values, or a
	 *           representation without variance across the stimuli (CKA is then undefined)
	 */
	public static Result linear(final double[] x, final int xFeatures, final double[] y, final int yFeatures,
		final Options options)
	{
		return linear(Patterns.of("x", x, xFeatures), Patterns.of("y", y, yFeatures), options, BLOCK_BYTES);
	}

	/** {@link #linear(double[], int, double[], int, Options)} for float values (computed in double precision). */
	public static Result linear(final float[] x, final int xFeatures, final float[] y, final int yFeatures,
		final Options options)
	{
		return linear(Patterns.of("x", x, xFeatures), Patterns.of("y", y, yFeatures), options, BLOCK_BYTES);
	}

	/** Linear CKA of two layers' recorded activations for the same images. */
	public static Result linear(final Activations x, final Activations y, final Options options) {
		if (x.count() != y.count()) throw InSilicoException.badParameter("activations of " + y.layer(), y.count() +
			" images", "expected the same images as the activations of " + x.layer() + " (" + x.count() + ")");
		return linear(x.values(), x.units(), y.values(), y.units(), options);
	}

	static Result linear(final Patterns x, final Patterns y, final Options options, final long blockBytes) {
		if (options == null) throw InSilicoException.badParameter("options", null, "expected CKA options");
		options.validate();
		if (x.rows != y.rows) throw InSilicoException.badParameter("y", y.rows + " stimuli (rows of " + y.columns +
			" features)", "expected as many stimuli as x (" + x.rows + "), the same stimuli in the same order");
		if (x.allColumnsConstant()) throw InSilicoException.badParameter("x", "no variance across the " + x.rows +
			" stimuli", "CKA is undefined for a representation that is the same for every stimulus");
		if (y.allColumnsConstant()) throw InSilicoException.badParameter("y", "no variance across the " + y.rows +
			" stimuli", "CKA is undefined for a representation that is the same for every stimulus");
		final long n = x.rows, p = x.columns, q = y.columns;
		Computation where = options.computation();
		if (where == Computation.AUTO) where = p * q + 0.53 * (p * p + q * q) <= 0.53 * n * (p + q + 3) ? Computation.FEATURES
			: Computation.SAMPLES;
		final double cross, kk, ll;
		if (where == Computation.FEATURES && 8 * Math.max(p * p, q * q) <= blockBytes && Blas.available()) {
			// p × p and q × q fit the block: XᵀY, XᵀX and YᵀY by BLAS (the Grams by syrk, half the work), accumulated
			// over blocks of centred rows
			final double[] norms = Gram.featureSpaceNorms(x, y, (int) Math.max(1, Math.min(n, Math.min(blockBytes,
				ROWS_BYTES) / (8 * (p + q)))));
			cross = norms[0];
			kk = norms[1];
			ll = norms[2];
		}
		else if (where == Computation.FEATURES) { // with the transposed matrices (features × stimuli), rows centred
			// (also where no OpenBLAS loads: Gram's products then go through ND4J)
			final INDArray xt = x.toNd4jTransposed(), yt = y.toNd4jTransposed();
			xt.subiColumnVector(xt.mean(1));
			yt.subiColumnVector(yt.mean(1));
			cross = Gram.squaredNormOfProduct(xt, false, yt, true);
			kk = squaredGramNorm(xt, blockBytes);
			ll = squaredGramNorm(yt, blockBytes);
		}
		else {
			final INDArray xc = x.toNd4jCentred(), yc = y.toNd4jCentred();
			double c = 0, a = 0, b = 0;
			final int block = Gram.rowsPerBlock(n, blockBytes);
			for (int from = 0; from < n; from += block) {
				final int to = (int) Math.min(n, from + block);
				final double[] k = Gram.upperSlab(xc, from, to), l = Gram.upperSlab(yc, from, to);
				c += Gram.sumOfProducts(k, l, to - from);
				a += Gram.sumOfSquares(k, to - from);
				b += Gram.sumOfSquares(l, to - from);
			}
			cross = c;
			kk = a;
			ll = b;
		}
		final double scale = 1.0 / square(n - 1);
		return new Result(cross / Math.sqrt(kk * ll), cross * scale, kk * scale, ll * scale, (int) n, where);
	}

	/** ‖A Aᵀ‖²_F of a row-major A, by blocks of the upper part of A Aᵀ. */
	private static double squaredGramNorm(final INDArray a, final long blockBytes) {
		final int m = (int) a.size(0), block = Gram.rowsPerBlock(m, blockBytes);
		double sum = 0;
		for (int from = 0; from < m; from += block) {
			final int to = Math.min(m, from + block);
			sum += Gram.sumOfSquares(Gram.upperSlab(a, from, to), to - from);
		}
		return sum;
	}

	private static double square(final double v) {
		return v * v;
	}
}
