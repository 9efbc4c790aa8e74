package org.insilico.model;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.insilico.Progress;
import org.insilico.probe.gradient.Attribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Attribution "gradient" of lenet's class-3 logit (or another target) on 5,120 random images in a loop, as the harness
 * times it, for a profiler to attribute (not the harness). Arguments: calls (20), target (output:class:3).
 */
public final class GradientLoop {
	public static void main(final String[] args) {
		final int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20;
		final Network net = Architectures.create("lenet", 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
			"9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final Random r = new Random(1);
		final float[] pixels = new float[5120 * 784];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = r.nextFloat();
		final Target target = Target.parse(args.length > 1 ? args[1] : "output:class:3", net);
		for (int c = 0; c < calls; c++) {
			final long t = System.nanoTime();
			Attribution.of("gradient").attribute(net, pixels, Collections.nCopies(5120, target), Progress.NONE);
			System.out.printf(Locale.ROOT, "%.0f images/s%n", 5120 / ((System.nanoTime() - t) / 1e9));
		}
		System.exit(0);
	}
}
