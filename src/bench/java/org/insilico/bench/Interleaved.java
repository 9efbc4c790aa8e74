package org.insilico.bench;

import java.util.Arrays;
import java.util.Locale;

/** Probes' timing: bodies run in turn, one call each per round, after one untimed round; medians printed. */
public final class Interleaved {

	private Interleaved() {}

	/** Times each body once per round, interleaved, and prints its median and range in ms under {@code header}. */
	public static void print(final String header, final String[] names, final Runnable[] bodies, final int rounds) {
		final double[][] ms = new double[bodies.length][rounds];
		for (int r = -1; r < rounds; r++)
			for (int b = 0; b < bodies.length; b++) {
				final long t = System.nanoTime();
				bodies[b].run();
				if (r >= 0) ms[b][r] = (System.nanoTime() - t) / 1e6;
			}
		System.out.println(header);
		for (int b = 0; b < bodies.length; b++) {
			Arrays.sort(ms[b]);
			System.out.printf(Locale.ROOT, "%-24s median %7.1f ms (%.1f–%.1f)%n", names[b], ms[b][rounds / 2], ms[b][0],
				ms[b][rounds - 1]);
		}
	}
}
