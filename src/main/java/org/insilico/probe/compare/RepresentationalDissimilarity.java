package org.insilico.probe.compare;

import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.bytedeco.javacpp.DoublePointer;
import org.insilico.InSilicoException;
import org.insilico.model.Activations;
import org.insilico.model.NativeMemory;

/**
 * The representational dissimilarity matrix (RDM) of a set of response patterns (Kriegeskorte, Mur &amp; Bandettini
 * 2008): for n stimuli, each with a response pattern {@code x_i} of p features (units of a layer, voxels, neurons),
 * the n × n matrix of dissimilarities {@code d(x_i, x_j)}. Symmetric with a zero diagonal; stored, as in rsatoolbox
 * ({@code rdm/calc.py}) and {@code scipy.spatial.distance.pdist}, as the n(n−1)/2 entries above the diagonal, row
 * by row.
 * <ul>
 * <li><b>correlation distance</b> (the default, as in Kriegeskorte et al. 2008):
 * {@code d_ij = 1 − r(x_i, x_j)}, r Pearson's correlation across features: with {@code z_i = (x_i − mean(x_i)) /
 * ‖x_i − mean(x_i)‖}, {@code d_ij = 1 − z_i · z_j}, in [0, 2]. Undefined for a constant pattern (zero variance),
 * which is refused. Equals {@code pdist(X, 'correlation')} and rsatoolbox's {@code calc_rdm_correlation}.</li>
 * <li><b>Euclidean distance</b>: {@code d_ij = ‖x_i − x_j‖₂}, as {@code pdist(X, 'euclidean')}. (rsatoolbox's
 * {@code 'euclidean'} method returns the <em>squared</em> distance divided by p: square these values and divide by
 * p to compare.)</li>
 * </ul>
 * Computation: the inner products by matrix multiplication (OpenBLAS) in double precision, by blocks of rows and
 * only on and above the diagonal (half the multiply–adds of the full product: {@code syrk} on the diagonal blocks,
 * {@code gemm} beside them; see {@code Gram.upperTriangle}), each block's products under 64 MB — for up to 2,896
 * stimuli one block, one {@code syrk}, as NumPy's {@code ma @ ma.T}. For the Euclidean distance the features are
 * first centred (distances do not change under translation), which keeps {@code ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j}
 * accurate; a negative rounding residue is set to 0. Memory: the input as doubles, once more in native memory, a
 * block's products (at most 64 MB) and the result, 8·n(n−1)/2 bytes.
 * <p>
 * Threading: stateless; calls may run in parallel.
 */
public final class RepresentationalDissimilarity {

	private RepresentationalDissimilarity() {}

	/** Bytes of inner products computed in one block. */
	static final long BLOCK_BYTES = 64L << 20;

	/** At most this many stimuli (the n(n−1)/2 dissimilarities must fit one Java array). */
	public static final int MAX_STIMULI = 65_536;

	/** The dissimilarity measures. */
	public enum Measure {
		/** 1 − Pearson's r between two patterns. */
		CORRELATION("correlation"),
		/** The Euclidean norm of the difference of two patterns. */
		EUCLIDEAN("euclidean");

		/** The name rsatoolbox and scipy use. */
		public final String word;

		Measure(final String word) {
			this.word = word;
		}

		/** A measure by its word ({@code correlation} or {@code euclidean}, any case). */
		public static Measure parse(final String word) {
			for (final Measure m : values())
				if (m.word.equalsIgnoreCase(word == null ? "" : word.trim())) return m;
			throw InSilicoException.badParameter("measure", word, "expected correlation or euclidean");
		}
	}

	/**
	 * @param measure the dissimilarity measure (default {@link Measure#CORRELATION}, Kriegeskorte et al. 2008)
	 */
	public record Options(Measure measure) {

		public static Options defaults() {
			return new Options(Measure.CORRELATION);
		}

		public Options withMeasure(final Measure m) {
			return new Options(m);
		}

		public void validate() {
			if (measure == null) throw InSilicoException.badParameter("measure", null, "expected correlation or euclidean");
		}
	}

	/**
	 * An RDM as a value, with its descriptors in the style of rsatoolbox's {@code RDMs}.
	 *
	 * @param measure the dissimilarity measure's name ({@code correlation}, {@code euclidean})
	 * @param size n, the number of stimuli (conditions)
	 * @param dissimilarities the n(n−1)/2 entries above the diagonal, row by row: (0,1), (0,2), …, (0,n−1), (1,2), …
	 *          (scipy's condensed form); not copied, do not modify
	 * @param descriptors descriptors of the RDM as a whole (e.g. {@code layer → conv2}); rsatoolbox's
	 *          {@code rdm_descriptors}
	 * @param patternDescriptors descriptors of the stimuli, each a list of n values (e.g. {@code index}, {@code class});
	 *          rsatoolbox's {@code pattern_descriptors}
	 */
	public record Result(String measure, int size, double[] dissimilarities, Map<String, String> descriptors,
		Map<String, List<String>> patternDescriptors)
	{

		public Result {
			if ((long) size * (size - 1) / 2 != dissimilarities.length) throw new IllegalArgumentException(
				dissimilarities.length + " dissimilarities for " + size + " stimuli: expected " + (long) size * (size - 1) /
					2);
			descriptors = Collections.unmodifiableMap(new LinkedHashMap<>(descriptors));
			final Map<String, List<String>> p = new LinkedHashMap<>();
			for (final Map.Entry<String, List<String>> e : patternDescriptors.entrySet()) {
				if (e.getValue().size() != size) throw InSilicoException.badParameter("pattern descriptor " + e.getKey(), e
					.getValue().size() + " values", "expected one value per stimulus (" + size + ")");
				p.put(e.getKey(), List.copyOf(e.getValue()));
			}
			patternDescriptors = Collections.unmodifiableMap(p);
		}

		/** {@code d(x_i, x_j)}: 0 on the diagonal, symmetric. */
		public double get(final int i, final int j) {
			if (i < 0 || i >= size || j < 0 || j >= size) throw InSilicoException.badParameter("stimulus", i + "," + j,
				"expected indices from 0 to " + (size - 1));
			if (i == j) return 0;
			return dissimilarities[condensedIndex(size, Math.min(i, j), Math.max(i, j))];
		}

		/** The full symmetric n × n matrix, row-major (scipy's {@code squareform}). */
		public double[] matrix() {
			final double[] m = new double[Math.multiplyExact(size, size)];
			int k = 0;
			for (int i = 0; i < size; i++)
				for (int j = i + 1; j < size; j++, k++) {
					m[i * size + j] = dissimilarities[k];
					m[j * size + i] = dissimilarities[k];
				}
			return m;
		}

		/** This RDM with one more descriptor of the whole (replacing one of the same key). */
		public Result withDescriptor(final String key, final String value) {
			final Map<String, String> d = new LinkedHashMap<>(descriptors);
			d.put(key, value);
			return new Result(measure, size, dissimilarities, d, patternDescriptors);
		}

		/** This RDM with one more descriptor of the stimuli, one value per stimulus (e.g. their class names). */
		public Result withPatternDescriptor(final String key, final List<String> values) {
			final Map<String, List<String>> p = new LinkedHashMap<>(patternDescriptors);
			p.put(key, values);
			return new Result(measure, size, dissimilarities, descriptors, p);
		}
	}

	/** Position of (i, j), i &lt; j, in the condensed form of an n × n RDM. */
	static int condensedIndex(final int n, final int i, final int j) {
		return (int) ((long) n * i - (long) i * (i + 1) / 2 + (j - i - 1));
	}

	/**
	 * The RDM of the rows of a stimuli × features matrix.
	 *
	 * @param patterns row-major, one row of {@code features} values per stimulus (at least 2 stimuli)
	 * @param features values per stimulus (columns)
	 * @throws InSilicoException for fewer than 2 stimuli, a length that is not whole rows, non-finite values, or (for
	 *           the correlation distance) a constant row
	 */
	public static Result compute(final double[] patterns, final int features, final Options options) {
		return compute(Patterns.of("patterns", patterns, features), options);
	}

	/** {@link #compute(double[], int, Options)} for float values (computed in double precision). */
	public static Result compute(final float[] patterns, final int features, final Options options) {
		return compute(Patterns.of("patterns", patterns, features), options);
	}

	/**
	 * The RDM of recorded activations, one stimulus per image (a channel's units are features like any other),
	 * described by the layer's name; pattern descriptor {@code index} = the image's index.
	 */
	public static Result of(final Activations activations, final Options options) {
		return compute(activations.values(), activations.units(), options).withDescriptor("layer", activations.layer());
	}

	private static Result compute(final Patterns x, final Options options) {
		return compute(x, options, BLOCK_BYTES);
	}

	/** The RDM computed in blocks of rows whose inner products take at most {@code blockBytes} (for tests). */
	static Result compute(final Patterns x, final Options options, final long blockBytes) {
		if (options == null) throw InSilicoException.badParameter("options", null, "expected RDM options");
		options.validate();
		final int n = x.rows, p = x.columns;
		if (n > MAX_STIMULI) throw InSilicoException.badParameter("patterns", n + " stimuli", "expected at most " +
			MAX_STIMULI + " stimuli");
		final boolean correlation = options.measure() == Measure.CORRELATION;
		if (correlation) {
			final int constant = x.firstConstantRow();
			if (constant >= 0) throw InSilicoException.badParameter("patterns", "stimulus " + constant +
				" with the same value in all " + p + " features", "the correlation distance needs patterns that vary " +
					"across features; use the euclidean distance, or leave such stimuli out");
		}
		final double[] d = new double[(int) ((long) n * (n - 1) / 2)];
		final int block = Gram.rowsPerTriangleBlock(n, blockBytes);
		try (DoublePointer z = NativeMemory.doubles((long) n * p); DoublePointer slab = NativeMemory.doubles(
			(long) block * n))
		{
			final double[] squares;
			if (correlation) {
				x.standardizedRows(z.asBuffer());
				squares = null;
			}
			else {
				final double[] mean = x.columnMeans();
				x.centredRows(mean, 0, n, z.asBuffer());
				squares = x.centredRowSquares(mean);
			}
			for (int from = 0; from < n - 1; from += block) {
				final int to = Math.min(n, from + block), width = n - from, first = from;
				Gram.upperTriangle(z, n, p, from, to, slab); // z_i · z_j, i in [from, to), j ≥ i
				final DoubleBuffer g = slab.asBuffer();
				IntStream.range(from, Math.min(to, n - 1)).parallel().forEach(i -> {
					final int k = condensedIndex(n, i, i + 1), length = n - 1 - i;
					g.get((i - first) * width + (i + 1 - first), d, k, length);
					if (correlation) for (int e = k; e < k + length; e++)
						d[e] = Math.max(0, Math.min(2, 1 - d[e]));
					else for (int e = k, j = i + 1; e < k + length; e++, j++)
						d[e] = Math.sqrt(Math.max(0, squares[i] + squares[j] - 2 * d[e]));
				});
			}
		}
		final List<String> index = new ArrayList<>(n);
		for (int i = 0; i < n; i++)
			index.add(Integer.toString(i));
		return new Result(options.measure().word, n, d, Map.of(), Map.of("index", index));
	}
}
