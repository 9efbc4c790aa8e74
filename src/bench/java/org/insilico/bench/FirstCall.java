package org.insilico.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.model.Architectures;
import org.insilico.model.Network;
import org.insilico.model.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * One workload's first call in a fresh JVM, for the benchmark's "first calls" table: what a scientist's first
 * analysis of a Fiji session costs before the JIT compiler has seen any of it. Arguments: {@code train_P_bB} or
 * {@code infer_P_bB}, and the number of images. Prints {@code FIRST <images/s>}.
 * <p>
 * Timed as the reference's {@code --warmup 0} call is: training from before the first batch (the network made) to
 * after the last; inference over every batch, the first included. The JVM's start, ND4J's natives (loaded before
 * the network is made) and the data's generation are not timed, as Python's start and imports are not; the JIT
 * compiler's work and oneDNN's first primitives are.
 */
public final class FirstCall {

	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final String[] parts = args[0].split("_");
		final String kind = parts[0], preset = parts[1];
		final int batch = Integer.parseInt(parts[2].substring(1)), images = Integer.parseInt(args[1]);
		final double value = switch (kind) {
			case "train" -> train(StimulusSets.generate("digits", images, 28, 1), preset, batch);
			case "infer" -> Boolean.getBoolean("networkFirst") ? inferNetworkFirst(preset, batch, images) : infer(
				StimulusSets.generate("digits", images, 28, 2), preset, batch);
			default -> throw new IllegalArgumentException(args[0] + ": expected train_P_bB or infer_P_bB");
		};
		System.out.printf(Locale.ROOT, "FIRST %.1f%n", value);
		System.exit(0);
	}

	private static double train(final Dataset data, final String preset, final int batch) {
		final Trainer.Options d = Trainer.Options.defaults(preset);
		final Trainer.Options options = new Trainer.Options(preset, 1, batch, d.learningRate(), d.optimizer(), d
			.momentum(), 0, 0, 7, 0, false, java.util.Set.of());
		final long[] first = { 0 }, last = { 0 };
		Trainer.train(data, null, options, new Progress() {

			@Override
			public void report(final String stage, final long done, final long total) {
				last[0] = System.nanoTime();
			}

			@Override
			public void checkCanceled(final String stage) { // before every batch: the first is the start
				if (first[0] == 0) first[0] = System.nanoTime();
			}
		});
		return data.size() / batch * (double) batch / ((last[0] - first[0]) / 1e9);
	}

	private static double infer(final Dataset test, final String preset, final int batch) {
		return infer(test, network(preset, test.classNames()), batch);
	}

	/**
	 * {@code -DnetworkFirst=true}: the network made before the images, as when a scientist opens a saved network and
	 * then the images: Blas's start-up check, which the first network starts on a thread of its own, then runs while
	 * the images are made.
	 */
	private static double inferNetworkFirst(final String preset, final int batch, final int images) {
		final Network net = network(preset, StimulusSets.generate("digits", 10, 28, 2).classNames());
		return infer(StimulusSets.generate("digits", images, 28, 2), net, batch);
	}

	private static Network network(final String preset, final List<String> classes) {
		return Architectures.create(preset, 1, 28, 28, classes, new Architectures.Hyper(new Adam(1e-3), 0, 0, 42,
			DataType.FLOAT));
	}

	private static double infer(final Dataset test, final Network net, final int batch) {
		final List<INDArray> batches = new ArrayList<>();
		for (int from = 0; from + batch <= test.size(); from += batch)
			batches.add(net.toInput(test.pixels(from, from + batch)));
		return Benchmarks.infer(net, batches, 0);
	}
}
