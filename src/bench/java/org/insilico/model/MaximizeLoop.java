package org.insilico.model;

import java.util.List;
import java.util.Locale;

import org.insilico.Progress;
import org.insilico.probe.maximize.ActivationMaximization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * ActivationMaximization.units of lenet's conv2 (16 channels at once, the defaults) in a loop, for a profiler to
 * attribute (not the harness). Arguments: steps per call (64), calls (20).
 */
public final class MaximizeLoop {
	public static void main(final String[] args) {
		final int steps = args.length > 0 ? Integer.parseInt(args[0]) : 64, calls = args.length > 1 ? Integer.parseInt(
			args[1]) : 20;
		final Network net = Architectures.create("lenet", 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
			"9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final ActivationMaximization.Options o = ActivationMaximization.Options.defaults().withSteps(steps);
		for (int c = 0; c < calls; c++) {
			final long t = System.nanoTime();
			ActivationMaximization.units(net, "conv2", o, Progress.NONE);
			System.out.printf(Locale.ROOT, "%.1f steps/s%n", steps / ((System.nanoTime() - t) / 1e9));
		}
	}
}
