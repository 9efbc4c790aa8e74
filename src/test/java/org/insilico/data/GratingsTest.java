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

class GratingsTest {

	/** The formula, written out here: stripe angle θ counter-clockwise on screen, y down, origin at the centre. */
	static double grating(final int w, final int h, final int x, final int y, final double thetaDeg, final double f,
		final double phase, final double contrast)
	{
		final double t = thetaDeg * Math.PI / 180;
		final double xc = x - (w - 1) / 2.0, yc = y - (h - 1) / 2.0;
		return 0.5 + 0.5 * contrast * Math.sin(2 * Math.PI * f * (xc * Math.sin(t) + yc * Math.cos(t)) + phase);
	}

	@Test
	void pixelsFollowTheClosedForm() {
		final int w = 31, h = 24;
		final float[] img = Gratings.render(w, h, 30, 0.13, 1.1, 0.7);
		for (final int[] p : new int[][] { { 0, 0 }, { 30, 23 }, { 15, 11 }, { 7, 19 }, { 22, 3 } })
			assertEquals(grating(w, h, p[0], p[1], 30, 0.13, 1.1, 0.7), img[p[1] * w + p[0]], 1e-6);
	}

	@Test
	void orientationIsTheStripeAngleOnScreen() {
		final int n = 16;
		final float[] horizontal = Gratings.render(n, n, 0, 0.1, 0.3, 1);
		final float[] vertical = Gratings.render(n, n, 90, 0.1, 0.3, 1);
		final float[] slash = Gratings.render(n, n, 45, 0.1, 0.3, 1);
		for (int y = 1; y < n - 1; y++)
			for (int x = 1; x < n - 1; x++) {
				assertEquals(horizontal[y * n + x], horizontal[y * n + x + 1], 1e-6); // constant along a row
				assertEquals(vertical[y * n + x], vertical[(y + 1) * n + x], 1e-6); // constant along a column
				assertEquals(slash[y * n + x], slash[(y - 1) * n + x + 1], 1e-6); // constant up and to the right
			}
	}

	/** The orientation found at the peak of the 2D Fourier spectrum is the one asked for. */
	@Test
	void dftPeakRecoversOrientation() {
		final int n = 64;
		for (final double theta : new double[] { 0, 30, 45, 60, 90, 120, 135, 170 }) {
			final double[] peak = spectralPeak(Gratings.render(n, n, theta, 10.0 / n, 0.4, 1), n, n);
			assertEquals(10, Math.hypot(peak[0], peak[1]), 0.75, "frequency at " + theta + "°");
			assertEquals(0, angleDifference(peakOrientation(peak), theta), 3.5, "orientation " + theta + "°");
		}
	}

	@Test
	void setHasBalancedOrientationClassesAndTheirStripes() {
		final Gratings.Options o = Gratings.Options.defaults(40);
		final Dataset d = Gratings.generate(o, 9);
		assertEquals(List.of("0°", "45°", "90°", "135°"), d.classNames());
		for (final int c : d.classCounts())
			assertEquals(10, c);
		for (int i = 0; i < d.size(); i++) {
			final double found = peakOrientation(spectralPeak(d.pixels(i, i + 1), 32, 32));
			int nearest = 0;
			for (int c = 1; c < 4; c++)
				if (angleDifference(found, 45 * c) < angleDifference(found, 45 * nearest)) nearest = c;
			assertEquals(d.label(i), nearest, "image " + i + " found at " + found + "°");
		}
		for (final float v : d.pixelArray())
			assertTrue(v >= 0 && v <= 1);
	}

	@Test
	void sameSeedSameSetOtherSeedOtherPhases() {
		final Gratings.Options o = Gratings.Options.defaults(20);
		assertArrayEquals(Gratings.generate(o, 3).pixelArray(), Gratings.generate(o, 3).pixelArray());
		assertFalse(Arrays.equals(Gratings.generate(o, 3).pixelArray(), Gratings.generate(o, 4).pixelArray()));
	}

	@Test
	void classesByFrequency() {
		final Gratings.Options o = new Gratings.Options(30, 32, 32, List.of(0.0, 90.0), List.of(0.0625, 0.25), 0.5,
			0, Gratings.ClassBy.FREQUENCY);
		final Dataset d = Gratings.generate(o, 2);
		assertEquals(List.of("0.0625 c/px", "0.25 c/px"), d.classNames());
		for (int i = 0; i < d.size(); i++) {
			final double[] peak = spectralPeak(d.pixels(i, i + 1), 32, 32);
			assertEquals(d.label(i) == 0 ? 2 : 8, Math.hypot(peak[0], peak[1]), 0.5, "image " + i);
		}
	}

	@Test
	void badOptionsAreNamed() {
		final InSilicoException e = assertThrows(InSilicoException.class, () -> Gratings.generate(
			new Gratings.Options(10, 32, 32, List.of(0.0, 180.0), List.of(0.1), 1, 0, Gratings.ClassBy.ORIENTATION),
			1));
		assertTrue(e.getMessage().startsWith("orientations = [0.0, 180.0]"), e.getMessage());
		final InSilicoException f = assertThrows(InSilicoException.class, () -> Gratings.generate(
			new Gratings.Options(10, 32, 32, List.of(0.0), List.of(0.6), 1, 0, Gratings.ClassBy.ORIENTATION), 1));
		assertTrue(f.getMessage().contains("Nyquist"), f.getMessage());
		assertThrows(InSilicoException.class, () -> Gratings.render(8, 8, 0, 0.1, 0, 1.5));
	}

	/** (u, v): the frequency (cycles per image along x and y) of the largest non-DC magnitude, u ≥ 0. */
	static double[] spectralPeak(final float[] img, final int w, final int h) {
		double mean = 0;
		for (final float v : img)
			mean += v / img.length;
		// rows: DFT along x
		final double[][] re = new double[h][w], im = new double[h][w];
		for (int y = 0; y < h; y++)
			for (int u = 0; u < w; u++)
				for (int x = 0; x < w; x++) {
					final double a = -2 * Math.PI * u * x / w, v = img[y * w + x] - mean;
					re[y][u] += v * Math.cos(a);
					im[y][u] += v * Math.sin(a);
				}
		double best = -1;
		double[] peak = null;
		for (int u = 0; u <= w / 2; u++)
			for (int vIndex = 0; vIndex < h; vIndex++) {
				double r = 0, i = 0;
				for (int y = 0; y < h; y++) {
					final double a = -2 * Math.PI * vIndex * y / h, c = Math.cos(a), s = Math.sin(a);
					r += re[y][u] * c - im[y][u] * s;
					i += re[y][u] * s + im[y][u] * c;
				}
				final double m = r * r + i * i;
				if (m > best) {
					best = m;
					peak = new double[] { u, vIndex > h / 2 ? vIndex - h : vIndex };
				}
			}
		return peak;
	}

	/**
	 * The stripe angle, counter-clockwise on screen, of a wave vector (u, v) in image coordinates (v down): the
	 * wave vector on screen is (u, −v), the stripes run perpendicular to it.
	 */
	static double peakOrientation(final double[] peak) {
		final double waveAngle = Math.toDegrees(Math.atan2(-peak[1], peak[0]));
		return ((waveAngle + 90) % 180 + 180) % 180;
	}

	static double angleDifference(final double a, final double b) {
		final double d = Math.abs(a - b) % 180;
		return Math.min(d, 180 - d);
	}
}
