package org.insilico.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.insilico.InSilicoException;
import org.junit.jupiter.api.Test;

/**
 * The Gaussian blur against SciPy's {@code ndimage.gaussian_filter} (mirror edges, radius ⌈3σ⌉), written by
 * {@code src/test/python/blur_fixture.py} into {@code src/test/resources/blur-fixture.txt}: square and oblong images,
 * a radius larger than the image (reflected more than once), images one pixel wide or high.
 */
class FiltersTest {

	@Test
	void blurEqualsScipysGaussianFilter() throws IOException {
		final List<String> lines = Files.readAllLines(Path.of(System.getProperty("basedir", "."), "src", "test",
			"resources", "blur-fixture.txt"));
		int cases = 0;
		for (int i = 0; i + 2 < lines.size(); i += 3) {
			final String[] c = lines.get(i).split(" ");
			assertEquals("case", c[0]);
			final int w = Integer.parseInt(c[1]), h = Integer.parseInt(c[2]);
			final double sigma = Double.parseDouble(c[3]);
			final float[] image = floats(lines.get(i + 1), "image"), want = floats(lines.get(i + 2), "blurred");
			final float[] before = image.clone();
			final float[] got = Filters.gaussianBlur(image, w, h, sigma);
			for (int p = 0; p < want.length; p++)
				assertEquals(want[p], got[p], 2e-6, "case " + w + "×" + h + " σ " + sigma + ", pixel " + p);
			assertArrayEquals(before, image, "the input is left as it was");
			cases++;
		}
		assertEquals(7, cases);
	}

	@Test
	void sigmaZeroIsACopyAndBadSigmasAreNamed() {
		final float[] image = { 1, 2, 3, 4, 5, 6 };
		final float[] copy = Filters.gaussianBlur(image, 3, 2, 0);
		assertArrayEquals(image, copy);
		assertNotSame(image, copy);
		for (final double bad : new double[] { -1, Double.NaN, Double.POSITIVE_INFINITY }) {
			final InSilicoException e = assertThrows(InSilicoException.class, () -> Filters.gaussianBlur(image, 3, 2, bad));
			assertTrue(e.getMessage().contains("blur sigma"), e.getMessage());
		}
	}

	private static float[] floats(final String line, final String tag) {
		final String[] t = line.split(" ");
		assertEquals(tag, t[0]);
		final float[] v = new float[t.length - 1];
		for (int i = 1; i < t.length; i++)
			v[i - 1] = (float) Double.parseDouble(t[i]);
		return v;
	}
}
