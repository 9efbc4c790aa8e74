package org.insilico.probe.compare;

import org.insilico.InSilicoException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A response-pattern matrix checked at the boundary: {@code rows} stimuli (conditions, samples) × {@code columns}
 * features (units, channels, voxels), given as one flat row-major array, converted to double precision.
 */
final class Patterns {

	final String name;
	final int rows, columns;
	final double[] values;

	private Patterns(final String name, final int rows, final int columns, final double[] values) {
		this.name = name;
		this.rows = rows;
		this.columns = columns;
		this.values = values;
	}

	/**
	 * Checks a row-major matrix of {@code features} columns: at least two rows, a length that is a multiple of
	 * {@code features}, finite values. Errors name the parameter {@code name}.
	 */
	static Patterns of(final String name, final double[] values, final int features) {
		final int rows = rows(name, values == null ? -1 : values.length, features);
		for (int k = 0; k < values.length; k++)
			if (!Double.isFinite(values[k])) throw nonFinite(name, values[k], k, features);
		return new Patterns(name, rows, features, values);
	}

	/** {@link #of(String, double[], int)} for float values (converted to double). */
	static Patterns of(final String name, final float[] values, final int features) {
		final int rows = rows(name, values == null ? -1 : values.length, features);
		final double[] d = new double[values.length];
		for (int k = 0; k < values.length; k++) {
			if (!Float.isFinite(values[k])) throw nonFinite(name, values[k], k, features);
			d[k] = values[k];
		}
		return new Patterns(name, rows, features, d);
	}

	private static int rows(final String name, final int length, final int features) {
		if (length < 0) throw InSilicoException.badParameter(name, null, "expected a stimuli × features matrix");
		if (features < 1) throw InSilicoException.badParameter(name + " features", features,
			"expected the number of features (columns) per stimulus, 1 or more");
		if (length % features != 0) throw InSilicoException.badParameter(name, length + " values",
			"expected whole rows of " + features + " features (a multiple of " + features + ")");
		final int rows = length / features;
		if (rows < 2) throw InSilicoException.badParameter(name, rows + (rows == 1 ? " stimulus" : " stimuli"),
			"expected at least 2 stimuli (rows of " + features + " features)");
		return rows;
	}

	private static InSilicoException nonFinite(final String name, final double v, final int k, final int features) {
		return InSilicoException.badParameter(name, v + " at row " + k / features + ", column " + k % features,
			"expected finite numbers");
	}

	/** Index of the first row whose values are all equal (zero variance), or -1. */
	int firstConstantRow() {
		for (int i = 0; i < rows; i++) {
			final double first = values[i * columns];
			boolean constant = true;
			for (int j = 1; j < columns && constant; j++)
				constant = values[i * columns + j] == first;
			if (constant) return i;
		}
		return -1;
	}

	/** True when every column is constant (no variance across stimuli). */
	boolean allColumnsConstant() {
		for (int i = 1; i < rows; i++)
			for (int j = 0; j < columns; j++)
				if (values[i * columns + j] != values[j]) return false;
		return true;
	}

	/** The transposed matrix [columns, rows] in double precision (off-heap; transposed in Java, by tiles). */
	INDArray toNd4jTransposed() {
		final double[] t = new double[values.length];
		final int tile = 64;
		for (int i0 = 0; i0 < rows; i0 += tile)
			for (int j0 = 0; j0 < columns; j0 += tile)
				for (int i = i0; i < Math.min(rows, i0 + tile); i++)
					for (int j = j0; j < Math.min(columns, j0 + tile); j++)
						t[j * rows + i] = values[i * columns + j];
		return offHeap(t, columns, rows);
	}

	/**
	 * The matrix [rows, columns] with each column's mean subtracted, in double precision (off-heap, a copy): centring
	 * in Java while copying costs less than ND4J's mean and subtraction over the rows of a c-order array.
	 */
	INDArray toNd4jCentred() {
		final INDArray a = Nd4j.createUninitialized(DataType.DOUBLE, new long[] { rows, columns }, 'c');
		centredRows(columnMeans(), 0, rows, a.data().asNioDouble());
		return a;
	}

	/**
	 * Writes the matrix with each row centred and scaled to unit norm, {@code (x_i − mean(x_i)) / ‖x_i −
	 * mean(x_i)‖}, row-major from the start of {@code buffer}, in one parallel pass over the rows. In ND4J (a copy,
	 * then the rows' means, a subtraction, the norms and a division) the same took 105–108 ms for 2,000 × 4,096,
	 * against 31 ms this way into fresh huge-page memory ({@code RdmProbe}, medians; LEVERS.md, lever 50). A constant
	 * row gives NaN; callers refuse those first.
	 */
	void standardizedRows(final java.nio.DoubleBuffer buffer) {
		final int block = Math.max(1, (1 << 16) / Math.max(1, columns)); // rows per task: about 64 k values
		java.util.stream.IntStream.range(0, (rows + block - 1) / block).parallel().forEach(b -> {
			final java.nio.DoubleBuffer out = buffer.duplicate();
			final double[] row = new double[columns];
			for (int i = b * block; i < Math.min(rows, (b + 1) * block); i++) {
				final int r = i * columns;
				double sum = 0;
				for (int j = 0; j < columns; j++)
					sum += values[r + j];
				final double mean = sum / columns;
				double squares = 0;
				for (int j = 0; j < columns; j++) {
					final double v = values[r + j] - mean;
					row[j] = v;
					squares += v * v;
				}
				final double norm = Math.sqrt(squares);
				for (int j = 0; j < columns; j++)
					row[j] /= norm;
				out.put(r, row, 0, columns);
			}
		});
	}

	/** Σ_j (x_ij − mean_j)² of each row i, {@code mean} the columns' means. */
	double[] centredRowSquares(final double[] mean) {
		final double[] squares = new double[rows];
		java.util.stream.IntStream.range(0, rows).parallel().forEach(i -> {
			double s = 0;
			for (int j = 0, r = i * columns; j < columns; j++) {
				final double v = values[r + j] - mean[j];
				s += v * v;
			}
			squares[i] = s;
		});
		return squares;
	}

	/** Each column's mean over the rows. */
	double[] columnMeans() {
		final double[] mean = new double[columns];
		for (int i = 0; i < rows; i++)
			for (int j = 0, r = i * columns; j < columns; j++)
				mean[j] += values[r + j];
		for (int j = 0; j < columns; j++)
			mean[j] /= rows;
		return mean;
	}

	/** Rows {@code [from, to)} minus {@code mean}, written from the start of {@code buffer} (row-major), in parallel. */
	void centredRows(final double[] mean, final int from, final int to, final java.nio.DoubleBuffer buffer) {
		final int block = Math.max(1, (1 << 16) / Math.max(1, columns)); // rows per task: about 64 k values
		java.util.stream.IntStream.range(0, (to - from + block - 1) / block).parallel().forEach(b -> {
			final java.nio.DoubleBuffer out = buffer.duplicate(); // absolute puts; a view of its own per task
			final double[] row = new double[columns];
			for (int i = from + b * block; i < Math.min(to, from + (b + 1) * block); i++) {
				for (int j = 0, r = i * columns; j < columns; j++)
					row[j] = values[r + j] - mean[j];
				out.put((i - from) * columns, row, 0, columns);
			}
		});
	}

	/**
	 * A new c-order DOUBLE array holding {@code values}, by one bulk copy: {@code Nd4j.create(double[], shape)} puts
	 * the values one at a time (for the 10,000 × 1,024 matrices of CKA, 0.1 s each).
	 */
	private static INDArray offHeap(final double[] values, final long rows, final long columns) {
		final INDArray a = Nd4j.createUninitialized(DataType.DOUBLE, new long[] { rows, columns }, 'c');
		a.data().asNioDouble().put(0, values, 0, values.length);
		return a;
	}
}
