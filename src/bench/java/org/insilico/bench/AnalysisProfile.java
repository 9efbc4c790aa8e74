package org.insilico.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.insilico.Progress;
import org.insilico.data.Digits;
import org.insilico.model.Architectures;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.probe.maximize.ActivationMaximization;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Times the pieces of an activation-maximization step and of a gradient batch (profiling main, not the harness). */
public final class AnalysisProfile {

	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final Network net = Architectures.create("lenet", 1, 28, 28, java.util.List.of("0","1","2","3","4","5","6","7","8","9"), new Architectures.Hyper(new org.nd4j.linalg.learning.config.Adam(1e-3), 0, 0, 42, org.nd4j.linalg.api.buffer.DataType.FLOAT));
		final INDArray x16 = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 1, 28, 28);
		final INDArray x512 = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 512, 1, 28, 28);
		final List<Target> chans = new ArrayList<>();
		for (int c = 0; c < 16; c++)
			chans.add(Target.channel(net, "conv2", c));
		final Target cls = Target.classLogit(net, 3);
		for (int r = 0; r < 3; r++) {
			time("forward conv2 x16", 200, () -> net.activations(x16, 2));
			time("gradient conv2 x16", 200, () -> net.gradient(x16, chans));
			time("gradient class x512", 10, () -> net.gradient(x512, Collections.nCopies(512, cls)));
			time("gradient conv2ch5 x512", 10, () -> net.gradient(x512, Collections.nCopies(512, Target.channel(net,
				"conv2", 5))));
			time("output x512", 20, () -> net.output(x512));
			time("AM 16 steps", 3, () -> ActivationMaximization.units(net, "conv2", ActivationMaximization.Options
				.defaults().withSteps(16), Progress.NONE));
		}
	}

	static void time(final String what, final int n, final Runnable r) {
		r.run();
		final long t = System.nanoTime();
		for (int i = 0; i < n; i++)
			r.run();
		System.out.printf("%-28s %8.3f ms%n", what, (System.nanoTime() - t) / 1e6 / n);
	}
}
