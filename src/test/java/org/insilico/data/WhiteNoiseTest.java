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

class WhiteNoiseTest {

	@Test
	void uniformDefaultsFillTheUnitInterval() {
		final Dataset d = WhiteNoise.generate(WhiteNoise.Options.defaults(100), 1);
		final double[] m = moments(d.pixelArray());
		assertEquals(0.5, m[0], 0.005);
		assertEquals(1 / Math.sqrt(12), m[1], 0.005);
		for (final float v : d.pixelArray())
			assertTrue(v >= 0 && v <= 1);
		assertEquals(List.of("noise"), d.classNames());
		assertArrayEquals(new int[100], d.labels());
		assertThrows(InSilicoException.class, () -> d.requireTrainable("training set"));
	}

	@Test
	void gaussianHasTheMeanAndStdAskedForAndNeighboursAreUncorrelated() {
		final Dataset d = WhiteNoise.generate(new WhiteNoise.Options(50, 32, 32, WhiteNoise.Distribution.GAUSSIAN,
			-1, 2), 2);
		final float[] p = d.pixelArray();
		final double[] m = moments(p);
		assertEquals(-1, m[0], 0.05);
		assertEquals(2, m[1], 0.05);
		double c = 0;
		for (int i = 0; i + 1 < p.length; i++)
			c += (p[i] - m[0]) * (p[i + 1] - m[0]);
		assertEquals(0, c / (p.length - 1) / (m[1] * m[1]), 0.02);
	}

	@Test
	void sameSeedSameImages() {
		final WhiteNoise.Options o = WhiteNoise.Options.defaults(5);
		assertArrayEquals(WhiteNoise.generate(o, 7).pixelArray(), WhiteNoise.generate(o, 7).pixelArray());
		assertFalse(Arrays.equals(WhiteNoise.generate(o, 7).pixelArray(), WhiteNoise.generate(o, 8).pixelArray()));
		final InSilicoException e = assertThrows(InSilicoException.class, () -> WhiteNoise.generate(
			new WhiteNoise.Options(5, 8, 8, WhiteNoise.Distribution.UNIFORM, 0, -1), 1));
		assertTrue(e.getMessage().startsWith("std = -1"), e.getMessage());
	}

	private static double[] moments(final float[] p) {
		double s = 0, s2 = 0;
		for (final float v : p)
			s += v;
		final double mean = s / p.length;
		for (final float v : p)
			s2 += (v - mean) * (v - mean);
		return new double[] { mean, Math.sqrt(s2 / p.length) };
	}
}
