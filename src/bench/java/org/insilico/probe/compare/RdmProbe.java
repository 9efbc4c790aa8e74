package org.insilico.probe.compare;

import java.util.SplittableRandom;

import org.bytedeco.javacpp.DoublePointer;
import org.insilico.bench.Interleaved;
import org.insilico.model.Blas;
import org.insilico.model.NativeMemory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Profiling main: the parts of the benchmark's correlation RDM (2,000 × 4,096 doubles) timed apart, interleaved,
 * medians (LEVERS.md, lever 50): the whole RDM; its one syrk alone (into a buffer made once); the standardized rows
 * written into fresh plain native memory and into fresh huge-page memory; the way before lever 50 (a copy into ND4J,
 * then ND4J's means, subtraction, norms and division; the products by 16 gemm slabs copied into Java). Arguments:
 * rows (2000), columns (4096), rounds (7).
 */
public final class RdmProbe {
	public static void main(final String[] args) {
		final int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000, p = args.length > 1 ? Integer.parseInt(
			args[1]) : 4096, rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
		final SplittableRandom random = new SplittableRandom(5);
		final double[] x = new double[n * p];
		for (int i = 0; i < x.length; i++)
			x[i] = random.nextGaussian();
		final Patterns patterns = Patterns.of("x", x, p);
		final DoublePointer z = NativeMemory.doubles((long) n * p), c = NativeMemory.doubles((long) n * n);
		patterns.standardizedRows(z.asBuffer());
		final String[] names = { "the RDM", "its syrk alone", "rows into plain memory", "rows into huge pages",
			"before: ND4J rows", "before: rows, 16 slabs" };
		final Runnable[] bodies = { () -> RepresentationalDissimilarity.compute(x, p, RepresentationalDissimilarity.Options
			.defaults()), () -> Blas.dsyrkUpper(false, n, p, 1, z, p, 0, c, n), () -> {
				try (DoublePointer fresh = new DoublePointer((long) n * p)) {
					patterns.standardizedRows(fresh.asBuffer());
				}
			}, () -> {
				try (DoublePointer fresh = NativeMemory.doubles((long) n * p)) {
					patterns.standardizedRows(fresh.asBuffer());
				}
			}, () -> ndRows(patterns).close(), () -> {
				final INDArray a = ndRows(patterns);
				final int block = Gram.rowsPerBlock(n, RepresentationalDissimilarity.BLOCK_BYTES);
				for (int from = 0; from < n - 1; from += block)
					Gram.upperSlab(a, from, Math.min(n, from + block));
				a.close();
			} };
		Interleaved.print(Blas.description() + "; huge pages advised: " + NativeMemory.hugePagesAdvised(), names, bodies, rounds);
		System.exit(0);
	}

	/** The standardized rows the way before lever 50: a copy into ND4J, then ND4J's operations. */
	private static INDArray ndRows(final Patterns patterns) {
		final INDArray z = Nd4j.createUninitialized(DataType.DOUBLE, new long[] { patterns.rows, patterns.columns }, 'c');
		z.data().asNioDouble().put(0, patterns.values, 0, patterns.values.length);
		z.subiColumnVector(z.mean(1));
		z.diviColumnVector(z.norm2(1));
		return z;
	}
}
