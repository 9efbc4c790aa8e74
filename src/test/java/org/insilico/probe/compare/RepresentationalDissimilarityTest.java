package org.insilico.probe.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.model.Activations;
import org.insilico.probe.compare.RepresentationalDissimilarity.Measure;
import org.insilico.probe.compare.RepresentationalDissimilarity.Options;
import org.insilico.probe.compare.RepresentationalDissimilarity.Result;
import org.junit.jupiter.api.Test;

class RepresentationalDissimilarityTest {

	private static final CompareFixture FIXTURE = CompareFixture.load();

	private static Options options(final String metric) {
		return Options.defaults().withMeasure(Measure.parse(metric));
	}

	private static void assertClose(final double[] expected, final double[] actual, final double tolerance,
		final String what)
	{
		assertEquals(expected.length, actual.length, what + ": length");
		for (int k = 0; k < expected.length; k++)
			assertEquals(expected[k], actual[k], tolerance * Math.max(1, Math.abs(expected[k])), what + " [" + k + "]");
	}

	/** Every fixture RDM equals scipy's pdist, computed in one block and in blocks of a few rows. */
	@Test
	void matchesScipyPdist() {
		assertEquals(6, FIXTURE.rdms.size());
		for (final CompareFixture.Rdm ref : FIXTURE.rdms) {
			final CompareFixture.Matrix m = FIXTURE.matrices.get(ref.matrix());
			final String what = ref.metric() + " RDM of " + ref.matrix();
			final Result rdm = RepresentationalDissimilarity.compute(m.values(), m.columns(), options(ref.metric()));
			assertEquals(m.rows(), rdm.size(), what);
			assertEquals(ref.metric(), rdm.measure(), what);
			assertClose(ref.condensed(), rdm.dissimilarities(), 1e-12, what);
			final Result blocked = RepresentationalDissimilarity.compute(Patterns.of("patterns", m.values(), m.columns()),
				options(ref.metric()), 3 * 8L * m.rows()); // blocks of 3 rows
			assertClose(ref.condensed(), blocked.dissimilarities(), 1e-12, what + " in blocks");
		}
	}

	/**
	 * A larger RDM (many parallel tasks; the diagonal blocks by syrk, the rest by gemm) equals the definitions computed
	 * pair by pair: in one block, and in blocks of 37 rows (the last one shorter).
	 */
	@Test
	void equalsTheDefinitionPairByPairInOneBlockAndInBlocks() {
		final int n = 260, p = 40;
		final double[] x = CompareFixture.gaussian(n, p, 7);
		for (int k = 0; k < x.length; k++)
			x[k] += k / p % 5; // rows with different means
		final double[] correlation = new double[n * (n - 1) / 2], euclidean = correlation.clone();
		for (int i = 0, k = 0; i < n; i++)
			for (int j = i + 1; j < n; j++, k++) {
				double mi = 0, mj = 0;
				for (int f = 0; f < p; f++) {
					mi += x[i * p + f] / p;
					mj += x[j * p + f] / p;
				}
				double sij = 0, sii = 0, sjj = 0, squares = 0;
				for (int f = 0; f < p; f++) {
					final double a = x[i * p + f] - mi, b = x[j * p + f] - mj, e = x[i * p + f] - x[j * p + f];
					sij += a * b;
					sii += a * a;
					sjj += b * b;
					squares += e * e;
				}
				correlation[k] = 1 - sij / Math.sqrt(sii * sjj);
				euclidean[k] = Math.sqrt(squares);
			}
		for (final long blockBytes : new long[] { RepresentationalDissimilarity.BLOCK_BYTES, 37 * 8L * n }) {
			final Patterns patterns = Patterns.of("patterns", x, p);
			assertClose(correlation, RepresentationalDissimilarity.compute(patterns, Options.defaults(), blockBytes)
				.dissimilarities(), 1e-12, "correlation, blocks of " + blockBytes + " bytes");
			assertClose(euclidean, RepresentationalDissimilarity.compute(patterns, Options.defaults().withMeasure(
				Measure.EUCLIDEAN), blockBytes).dissimilarities(), 1e-12, "euclidean, blocks of " + blockBytes + " bytes");
		}
	}

	/** Float input is computed in double: the same as double input holding the same (float) numbers. */
	@Test
	void floatInputEqualsDoubleInput() {
		final CompareFixture.Matrix m = FIXTURE.matrices.get("A");
		final float[] f = new float[m.values().length];
		final double[] d = new double[f.length];
		for (int k = 0; k < f.length; k++) {
			f[k] = (float) m.values()[k];
			d[k] = f[k];
		}
		for (final Measure measure : Measure.values())
			assertClose(RepresentationalDissimilarity.compute(d, m.columns(), Options.defaults().withMeasure(measure))
				.dissimilarities(), RepresentationalDissimilarity.compute(f, m.columns(), Options.defaults().withMeasure(
					measure)).dissimilarities(), 0, measure.word);
	}

	@Test
	void symmetricWithZeroDiagonal() {
		final double[] x = CompareFixture.gaussian(25, 9, 1);
		for (final Measure measure : Measure.values()) {
			final Result rdm = RepresentationalDissimilarity.compute(x, 9, Options.defaults().withMeasure(measure));
			final double[] full = rdm.matrix();
			for (int i = 0; i < 25; i++) {
				assertEquals(0, full[i * 25 + i], 0, "diagonal");
				assertEquals(0, rdm.get(i, i), 0);
				for (int j = 0; j < 25; j++) {
					assertEquals(full[i * 25 + j], full[j * 25 + i], 0, "symmetric");
					assertEquals(full[i * 25 + j], rdm.get(j, i), 0);
					if (i != j) assertTrue(full[i * 25 + j] > 0, "distinct random patterns are dissimilar");
					if (measure == Measure.CORRELATION) assertTrue(full[i * 25 + j] <= 2);
				}
			}
		}
	}

	/**
	 * Correlation distance does not see a positive gain or an offset of a pattern; a pattern and its negative are at
	 * distance 2. Euclidean distance does not see a common translation and scales with a common gain.
	 */
	@Test
	void invariances() {
		final int n = 15, p = 6;
		final double[] x = CompareFixture.gaussian(n, p, 2), affine = x.clone(), translated = x.clone(), scaled = x
			.clone();
		final double[] shift = CompareFixture.gaussian(1, p, 3);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < p; j++) {
				affine[i * p + j] = (0.5 + i) * x[i * p + j] + 10 * i;
				translated[i * p + j] += 100 * shift[j];
				scaled[i * p + j] *= 3;
			}
		final Options corr = Options.defaults(), eucl = Options.defaults().withMeasure(Measure.EUCLIDEAN);
		assertClose(RepresentationalDissimilarity.compute(x, p, corr).dissimilarities(), RepresentationalDissimilarity
			.compute(affine, p, corr).dissimilarities(), 1e-12, "correlation, affine per row");
		final double[] d = RepresentationalDissimilarity.compute(x, p, eucl).dissimilarities();
		assertClose(d, RepresentationalDissimilarity.compute(translated, p, eucl).dissimilarities(), 1e-11,
			"euclidean, translated");
		final double[] d3 = RepresentationalDissimilarity.compute(scaled, p, eucl).dissimilarities();
		for (int k = 0; k < d.length; k++)
			assertEquals(3 * d[k], d3[k], 1e-12 * d3[k]);
		final double[] opposite = { 1, 2, 4, -1, -2, -4 };
		assertEquals(2, RepresentationalDissimilarity.compute(opposite, 3, corr).get(0, 1), 1e-15);
		assertEquals(0, RepresentationalDissimilarity.compute(new double[] { 1, 2, 4, 3, 5, 9 }, 3, corr).get(0, 1),
			1e-15, "a pattern and 2x + 1");
	}

	@Test
	void descriptors() {
		final Activations a = new Activations("dense1", new long[] { 4 }, 3, new float[] { 1, 2, 3, 5, 0, 1, 0, 2, 4, 4, 1,
			0 });
		final Result rdm = RepresentationalDissimilarity.of(a, Options.defaults());
		assertEquals("dense1", rdm.descriptors().get("layer"));
		assertEquals(List.of("0", "1", "2"), rdm.patternDescriptors().get("index"));
		final Result labelled = rdm.withPatternDescriptor("class", List.of("a", "b", "a")).withDescriptor("network",
			"lenet");
		assertEquals(List.of("a", "b", "a"), labelled.patternDescriptors().get("class"));
		assertEquals("lenet", labelled.descriptors().get("network"));
		assertFalse(rdm.patternDescriptors().containsKey("class"), "values: the original is unchanged");
		final InSilicoException e = assertThrows(InSilicoException.class, () -> rdm.withPatternDescriptor("class", List
			.of("a")));
		assertTrue(e.getMessage().contains("one value per stimulus (3)"), e.getMessage());
	}

	@Test
	void refusesBadInput() {
		final Options o = Options.defaults();
		assertMessage("patterns = '1 stimulus': expected at least 2 stimuli", () -> RepresentationalDissimilarity.compute(
			new double[] { 1, 2, 3 }, 3, o));
		assertMessage("patterns = '7 values': expected whole rows of 3 features", () -> RepresentationalDissimilarity
			.compute(new double[7], 3, o));
		assertMessage("patterns features = 0", () -> RepresentationalDissimilarity.compute(new double[6], 0, o));
		assertMessage("patterns = 'NaN at row 1, column 0': expected finite numbers", () -> RepresentationalDissimilarity
			.compute(new double[] { 1, 2, Double.NaN, 4 }, 2, o));
		assertMessage("patterns = 'Infinity at row 0, column 1'", () -> RepresentationalDissimilarity.compute(new float[] {
			1, Float.POSITIVE_INFINITY, 3, 4 }, 2, o));
		assertMessage("patterns = 'stimulus 1 with the same value in all 3 features'", () -> RepresentationalDissimilarity
			.compute(new double[] { 1, 2, 3, 5, 5, 5 }, 3, o));
		assertEquals(Math.sqrt(29), RepresentationalDissimilarity.compute(new double[] { 1, 2, 3, 5, 5, 5 }, 3, o
			.withMeasure(Measure.EUCLIDEAN)).get(0, 1), 1e-12, "a constant pattern has a Euclidean distance");
		assertMessage("measure = 'cosine': expected correlation or euclidean", () -> Measure.parse("cosine"));
		assertMessage("measure = (none)", () -> RepresentationalDissimilarity.compute(new double[4], 2, new Options(
			null)));
	}

	private static void assertMessage(final String start, final org.junit.jupiter.api.function.Executable call) {
		final InSilicoException e = assertThrows(InSilicoException.class, call);
		assertTrue(e.getMessage().startsWith(start), e.getMessage());
	}
}
