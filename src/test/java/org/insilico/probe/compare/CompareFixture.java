package org.insilico.probe.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.insilico.probe.Statistics;

/**
 * The reference values written by {@code src/test/python/compare_fixture.py} (scipy's pdist, CKA in NumPy) into
 * {@code src/test/resources/compare-fixture.txt}, and seeded random matrices for property tests.
 */
final class CompareFixture {

	/** A row-major matrix. */
	record Matrix(int rows, int columns, double[] values) {}

	/** A reference RDM: matrix name, scipy metric, condensed dissimilarities. */
	record Rdm(String matrix, String metric, double[] condensed) {}

	/** A reference CKA: the two matrices' names and NumPy's values. */
	record Cka(String x, String y, double cka, double hsicXY, double hsicXX, double hsicYY) {}

	final Map<String, Matrix> matrices = new LinkedHashMap<>();
	final List<Rdm> rdms = new ArrayList<>();
	final List<Cka> ckas = new ArrayList<>();

	static CompareFixture load() {
		final CompareFixture f = new CompareFixture();
		final List<String> lines;
		try {
			lines = Files.readAllLines(Path.of(System.getProperty("basedir", "."), "src", "test", "resources",
				"compare-fixture.txt"));
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
		for (final String line : lines) {
			if (line.isBlank()) continue;
			final String[] t = line.trim().split(" ");
			switch (t[0]) {
				case "matrix" -> f.matrices.put(t[1], new Matrix(Integer.parseInt(t[2]), Integer.parseInt(t[3]), numbers(t,
					4)));
				case "rdm" -> f.rdms.add(new Rdm(t[1], t[2], numbers(t, 3)));
				case "cka" -> {
					final double[] v = numbers(t, 3);
					f.ckas.add(new Cka(t[1], t[2], v[0], v[1], v[2], v[3]));
				}
				default -> throw new IllegalStateException("unknown fixture line: " + t[0]);
			}
		}
		return f;
	}

	private static double[] numbers(final String[] t, final int from) {
		return Arrays.stream(t, from, t.length).mapToDouble(Double::parseDouble).toArray();
	}

	/** n × p standard normal values from a seed, row-major. */
	static double[] gaussian(final int n, final int p, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final double[] v = new double[n * p];
		for (int k = 0; k < v.length; k++)
			v[k] = Statistics.gaussian(r);
		return v;
	}

	/** Y = X M for row-major X (n × p) and M (p × q). */
	static double[] multiply(final double[] x, final int p, final double[] m, final int q) {
		final int n = x.length / p;
		final double[] y = new double[n * q];
		for (int i = 0; i < n; i++)
			for (int k = 0; k < p; k++)
				for (int j = 0; j < q; j++)
					y[i * q + j] += x[i * p + k] * m[k * q + j];
		return y;
	}

	/**
	 * A random p × p orthogonal matrix: the product of three Householder reflections {@code I − 2 v vᵀ / vᵀv}.
	 */
	static double[] orthogonal(final int p, final long seed) {
		double[] q = new double[p * p];
		for (int i = 0; i < p; i++)
			q[i * p + i] = 1;
		final SplittableRandom r = new SplittableRandom(seed);
		for (int h = 0; h < 3; h++) {
			final double[] v = new double[p];
			double vv = 0;
			for (int i = 0; i < p; i++) {
				v[i] = Statistics.gaussian(r);
				vv += v[i] * v[i];
			}
			final double[] reflection = new double[p * p];
			for (int i = 0; i < p; i++)
				for (int j = 0; j < p; j++)
					reflection[i * p + j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv;
			q = multiply(q, p, reflection, p);
		}
		return q;
	}
}
