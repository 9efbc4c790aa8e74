package org.insilico.bench;

import java.util.Locale;

import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.model.Network;
import org.insilico.model.Trainer;
import org.insilico.probe.ablation.Ablation;
import org.insilico.probe.ablation.AblationExperiment;

/**
 * The ablation map of every channel of conv2 over 10,000 images: recorded activations and only the layers above
 * (ours) against a full forward pass per ablation (the naive approach, as feature-ablation tools do), measured in the
 * same run, interleaved, several repeats. Prints the median times and their ratio. Not a test: run with
 * {@code mvn -B -q -Pbench test-compile exec:java} (see README).
 */
public final class AblationBenchmark {

	public static void main(final String[] args) {
		final int images = args.length > 0 ? Integer.parseInt(args[0]) : 10_000, repeats = args.length > 1 ? Integer
			.parseInt(args[1]) : 3;
		final Network net = Trainer.train(StimulusSets.generate("digits", 6000, 28, 1), null, Trainer.Options.defaults(
			"lenet").withEpochs(1), Progress.NONE).network();
		final Dataset data = StimulusSets.generate("digits", images, 28, 2);
		final double[] ours = new double[repeats], naive = new double[repeats];
		long peak = 0;
		for (int r = 0; r < repeats; r++) {
			System.gc();
			long t = System.nanoTime();
			final AblationExperiment e = AblationExperiment.record(net, data, "conv2", Progress.NONE);
			for (int c = 0; c < e.units(); c++)
				e.evaluate(Ablation.zero("conv2", c), Progress.NONE);
			ours[r] = (System.nanoTime() - t) / 1e9;
			peak = Math.max(peak, Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
			t = System.nanoTime();
			for (int c = 0; c < e.units(); c++)
				e.evaluateNaively(Ablation.zero("conv2", c), Progress.NONE);
			naive[r] = (System.nanoTime() - t) / 1e9;
			System.out.printf(Locale.ROOT, "repeat %d: ours %.2f s (recording included), naive %.2f s%n", r + 1, ours[r],
				naive[r]);
		}
		java.util.Arrays.sort(ours);
		java.util.Arrays.sort(naive);
		System.out.printf(Locale.ROOT,
			"ablation map of conv2 (16 channels) over %d images: ours %.2f s, naive %.2f s (medians of %d), " +
				"speed-up %.1fx; heap in use after ours %.0f MB; %d cores%n", images, ours[repeats / 2], naive[repeats / 2],
			repeats, naive[repeats / 2] / ours[repeats / 2], peak / 1e6, Runtime.getRuntime().availableProcessors());
	}
}
