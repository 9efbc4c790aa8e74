package org.insilico.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.insilico.InSilicoException;
import org.junit.jupiter.api.Test;

class DigitsTest {

	private static final Dataset SET = Digits.generate(Digits.Options.defaults(600), 11);

	@Test
	void sameSeedGivesIdenticalPixelsAndOtherSeedOthers() {
		final Dataset again = Digits.generate(Digits.Options.defaults(600), 11);
		assertArrayEquals(SET.pixelArray(), again.pixelArray());
		assertArrayEquals(SET.labels(), again.labels());
		final Dataset other = Digits.generate(Digits.Options.defaults(600), 12);
		assertFalse(Arrays.equals(SET.pixelArray(), other.pixelArray()));
	}

	@Test
	void labelsAreBalancedAndNamedByDigit() {
		assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), SET.classNames());
		for (final int c : SET.classCounts())
			assertEquals(60, c);
		final int[] counts = Digits.generate(Digits.Options.defaults(1005).withElastic(0, 4), 3).classCounts();
		for (final int c : counts)
			assertTrue(c == 100 || c == 101, Arrays.toString(counts));
		assertEquals(1005, Arrays.stream(counts).sum());
	}

	@Test
	void valuesAreInUnitRangeAndDigitsAreBrightOnDark() {
		for (final float v : SET.pixelArray())
			assertTrue(v >= 0 && v <= 1, "value " + v);
		final int per = 28 * 28;
		for (int i = 0; i < SET.size(); i++) {
			double sum = 0, corner = 0;
			float max = 0;
			for (int k = 0; k < per; k++) {
				final float v = SET.pixelArray()[i * per + k];
				sum += v;
				max = Math.max(max, v);
			}
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 3; x++)
					corner += SET.pixelArray()[i * per + y * 28 + x];
			assertTrue(max > 0.8, "image " + i + " has no bright stroke");
			assertTrue(sum / per < 0.4, "image " + i + " is not mostly dark");
			assertTrue(corner / 9 < 0.15, "image " + i + " has a bright corner");
		}
	}

	@Test
	void centreOfMassIsAtTheImageCentre() {
		final Dataset centred = Digits.generate(Digits.Options.defaults(300).withMaxShift(0).withNoise(0).withElastic(0, 4), 5);
		for (int i = 0; i < centred.size(); i++) {
			final double[] com = centreOfMass(centred, i);
			assertEquals(13.5, com[0], 0.75, "x of image " + i);
			assertEquals(13.5, com[1], 0.75, "y of image " + i);
		}
		double meanOffset = 0;
		for (int i = 0; i < SET.size(); i++) {
			final double[] com = centreOfMass(SET, i);
			final double d = Math.hypot(com[0] - 13.5, com[1] - 13.5);
			assertTrue(d < 2 * Math.sqrt(2) + 1, "image " + i + " centre of mass is " + d + " px off");
			meanOffset += d / SET.size();
		}
		assertTrue(meanOffset > 0.3 && meanOffset < 2.5, "mean offset " + meanOffset);
	}

	@Test
	void twoRenderingsOfOneDigitDiffer() {
		int first = -1;
		for (int i = 0; i < SET.size(); i++)
			if (SET.label(i) == 3) {
				if (first < 0) first = i;
				else {
					assertFalse(Arrays.equals(SET.pixels(first, first + 1), SET.pixels(i, i + 1)));
					return;
				}
			}
	}

	/** The labels match the pictures: a nearest-centroid classifier fitted on one seed's set works on another's. */
	@Test
	void nearestCentroidOfOneSetClassifiesAnother() {
		final Dataset train = Digits.generate(Digits.Options.defaults(2000), 1);
		final Dataset test = Digits.generate(Digits.Options.defaults(500), 2);
		final int per = 28 * 28;
		final double[][] centroids = new double[10][per];
		for (int i = 0; i < train.size(); i++)
			for (int k = 0; k < per; k++)
				centroids[train.label(i)][k] += train.pixelArray()[i * per + k] / train.classCounts()[train.label(i)];
		int correct = 0;
		for (int i = 0; i < test.size(); i++) {
			int best = -1;
			double bestD = Double.POSITIVE_INFINITY;
			for (int c = 0; c < 10; c++) {
				double d = 0;
				for (int k = 0; k < per; k++) {
					final double e = test.pixelArray()[i * per + k] - centroids[c][k];
					d += e * e;
				}
				if (d < bestD) {
					bestD = d;
					best = c;
				}
			}
			if (best == test.label(i)) correct++;
		}
		assertTrue(correct > 0.6 * test.size(), "nearest centroid accuracy " + correct + "/" + test.size());
	}

	@Test
	void otherSizesAndPinnedFonts() {
		final Dataset big = Digits.generate(Digits.Options.defaults(20, 40, 36).withFonts(List.of("Serif",
			"SansSerif")), 4);
		assertEquals(40, big.width());
		assertEquals(36, big.height());
		assertTrue(Digits.availableFonts().containsAll(List.of("Dialog", "Monospaced", "SansSerif", "Serif")));
	}

	@Test
	void badOptionsAreNamed() {
		final InSilicoException count = assertThrows(InSilicoException.class, () -> Digits.generate(
			Digits.Options.defaults(0), 1));
		assertTrue(count.getMessage().startsWith("count = 0"), count.getMessage());
		final InSilicoException font = assertThrows(InSilicoException.class, () -> Digits.generate(Digits.Options
			.defaults(10).withFonts(List.of("No Such Font")), 1));
		assertTrue(font.getMessage().contains("'No Such Font'"), font.getMessage());
		final InSilicoException noise = assertThrows(InSilicoException.class, () -> Digits.generate(Digits.Options
			.defaults(10).withNoise(-1), 1));
		assertTrue(noise.getMessage().startsWith("noise = -1"), noise.getMessage());
	}

	private static double[] centreOfMass(final Dataset d, final int i) {
		final int w = d.width(), per = w * d.height();
		double s = 0, sx = 0, sy = 0;
		for (int k = 0; k < per; k++) {
			final double v = d.pixelArray()[i * per + k];
			s += v;
			sx += v * (k % w);
			sy += v * (k / w);
		}
		return new double[] { sx / s, sy / s };
	}

	/**
	 * The check that keeps symbol fonts out: every font used passes it; the digits of a logical font shifted by one
	 * (each drawn as the next digit) or with two digits exchanged do not.
	 */
	@Test
	void fontsWhoseDigitsAreNotTheDigitsAreRefused() {
		final List<float[][]> references = Digits.referenceDigits();
		for (final String family : Digits.availableFonts())
			assertTrue(Digits.recognisable(Digits.glyphs(family), references), family);
		final Digits.Glyphs sans = Digits.glyphs("SansSerif");
		final java.awt.Shape[][] shifted = new java.awt.Shape[2][10], swapped = new java.awt.Shape[2][10];
		final java.awt.geom.Rectangle2D[][] shiftedBounds = new java.awt.geom.Rectangle2D[2][10],
			swappedBounds = new java.awt.geom.Rectangle2D[2][10];
		for (int style = 0; style < 2; style++)
			for (int d = 0; d < 10; d++) {
				shifted[style][d] = sans.outlines()[style][(d + 1) % 10];
				shiftedBounds[style][d] = sans.bounds()[style][(d + 1) % 10];
				final int e = d == 3 ? 8 : d == 8 ? 3 : d;
				swapped[style][d] = sans.outlines()[style][e];
				swappedBounds[style][d] = sans.bounds()[style][e];
			}
		assertFalse(Digits.recognisable(new Digits.Glyphs(shifted, shiftedBounds), references));
		assertFalse(Digits.recognisable(new Digits.Glyphs(swapped, swappedBounds), references));
	}
}
