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

class GaborPatchesTest {

	static double gabor(final int x, final int y, final double thetaDeg, final double f, final double phase,
		final double contrast, final double cx, final double cy, final double sigma)
	{
		final double t = thetaDeg * Math.PI / 180, dx = x - cx, dy = y - cy;
		return 0.5 + 0.5 * contrast * Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)) * Math.sin(2 * Math.PI *
			f * (dx * Math.sin(t) + dy * Math.cos(t)) + phase);
	}

	@Test
	void pixelsFollowTheClosedForm() {
		final int w = 40, h = 30;
		final float[] img = GaborPatches.render(w, h, 60, 0.12, 0.8, 0.9, 17.3, 12.6, 4.5);
		for (final int[] p : new int[][] { { 17, 12 }, { 18, 13 }, { 10, 20 }, { 25, 5 }, { 0, 0 }, { 39, 29 } })
			assertEquals(gabor(p[0], p[1], 60, 0.12, 0.8, 0.9, 17.3, 12.6, 4.5), img[p[1] * w + p[0]], 1e-6);
	}

	@Test
	void envelopeBoundsTheModulationAndBackgroundIsMeanGray() {
		final int n = 48;
		final double sigma = 3, cx = 20, cy = 25;
		final float[] img = GaborPatches.render(n, n, 45, 0.2, 1.57, 1, cx, cy, sigma);
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++) {
				final double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
				assertTrue(Math.abs(img[y * n + x] - 0.5) <= 0.5 * Math.exp(-r2 / (2 * sigma * sigma)) + 1e-6);
			}
		assertEquals(0.5, img[0], 1e-6);
		// phase π/2 at the centre: the cosine peak
		assertEquals(1.0, GaborPatches.render(9, 9, 45, 0.2, Math.PI / 2, 1, 4, 4, 2)[4 * 9 + 4], 1e-6);
	}

	@Test
	void aWideEnvelopeGivesTheGrating() {
		final float[] gabor = GaborPatches.render(20, 14, 75, 0.17, 2.0, 0.6, 9.5, 6.5, 1e7);
		final float[] grating = Gratings.render(20, 14, 75, 0.17, 2.0, 0.6);
		for (int i = 0; i < gabor.length; i++)
			assertEquals(grating[i], gabor[i], 1e-5);
	}

	@Test
	void setIsBalancedDeterministicAndOrientedByClass() {
		final GaborPatches.Options o = new GaborPatches.Options(24, 32, 32, List.of(0.0, 90.0), List.of(0.125),
			6, 2, 1, 0, Gratings.ClassBy.ORIENTATION);
		final Dataset d = GaborPatches.generate(o, 5);
		assertEquals(List.of("0°", "90°"), d.classNames());
		assertArrayEquals(new int[] { 12, 12 }, d.classCounts());
		assertArrayEquals(d.pixelArray(), GaborPatches.generate(o, 5).pixelArray());
		assertFalse(Arrays.equals(d.pixelArray(), GaborPatches.generate(o, 6).pixelArray()));
		for (int i = 0; i < d.size(); i++) {
			final double found = GratingsTest.peakOrientation(GratingsTest.spectralPeak(d.pixels(i, i + 1), 32, 32));
			final double expected = d.label(i) == 0 ? 0 : 90;
			assertTrue(GratingsTest.angleDifference(found, expected) < 20, "image " + i + " at " + found);
		}
	}

	@Test
	void badOptionsAreNamed() {
		final InSilicoException e = assertThrows(InSilicoException.class, () -> GaborPatches.generate(
			new GaborPatches.Options(10, 32, 32, List.of(0.0), List.of(0.1), 0, 0, 1, 0, Gratings.ClassBy.ORIENTATION),
			1));
		assertTrue(e.getMessage().startsWith("sigma = 0"), e.getMessage());
	}
}
