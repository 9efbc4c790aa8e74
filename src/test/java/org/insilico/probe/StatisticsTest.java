package org.insilico.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class StatisticsTest {

	/** Reference values from scipy.stats.spearmanr (src/test/python/statistics_fixture.py). */
	@Test
	void spearmanMatchesScipy() throws IOException {
		final List<String> lines = Files.readAllLines(Path.of(System.getProperty("basedir", "."), "src", "test",
			"resources", "spearman.csv"));
		assertEquals(5, lines.size());
		for (final String line : lines.subList(1, lines.size())) {
			final String[] f = line.split(";");
			final double[] x = Arrays.stream(f[0].split(" ")).mapToDouble(Double::parseDouble).toArray();
			final double[] y = Arrays.stream(f[1].split(" ")).mapToDouble(Double::parseDouble).toArray();
			assertEquals(Double.parseDouble(f[2]), Statistics.spearman(x, y), 1e-12, line);
		}
	}

	@Test
	void ranksAverageTies() {
		assertArrayEquals(new double[] { 1, 2.5, 2.5, 4 }, Statistics.ranks(new double[] { 1, 5, 5, 9 }), 0);
	}

	@Test
	void permutationPValues() {
		final double[] x = new double[20], y = new double[20], noise = new double[20];
		final java.util.Random r = new java.util.Random(3);
		for (int i = 0; i < 20; i++) {
			x[i] = i;
			y[i] = i * i;
			noise[i] = r.nextGaussian();
		}
		assertEquals(1.0 / 1001, Statistics.spearmanPermutationP(x, y, 1000, 1), 1e-12, "perfect order: p = 1/(N+1)");
		final double p = Statistics.spearmanPermutationP(x, noise, 1000, 1);
		assertTrue(p > 0.05, "independent values: p " + p);
	}
}
