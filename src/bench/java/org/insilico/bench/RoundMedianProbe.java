package org.insilico.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.model.Architectures;
import org.insilico.model.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Profiling main: an A/B of two code paths chosen by a boolean system property, in one JVM, for inference of a preset
 * (how levers 44–46 were measured: LEVERS.md, tenth round). Each round times every batch of 9,984 digits through
 * {@link Network#output} with the property {@code false}, then {@code true}; after 3 untimed rounds, it prints the
 * median over the rounds of each side's median batch time and mean batch time, and of the per-round ratio of the
 * means. A round's median is steadier than {@link SwitchProbe}'s rate on this machine, where other virtual machines
 * take the cores for a few milliseconds at a time. Arguments: the property, rounds, batch size, preset ({@code mlp}).
 */
public final class RoundMedianProbe {

	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final String property = args[0], preset = args.length > 3 ? args[3] : "mlp";
		final int rounds = Integer.parseInt(args[1]), batch = Integer.parseInt(args[2]);
		final Dataset test = StimulusSets.generate("digits", 9_984, 28, 2);
		final Network net = Architectures.create(preset, 1, 28, 28, test.classNames(), new Architectures.Hyper(new Adam(
			1e-3), 0, 0, 42, DataType.FLOAT));
		final List<INDArray> batches = new ArrayList<>();
		for (int from = 0; from + batch <= test.size(); from += batch)
			batches.add(net.toInput(test.pixels(from, from + batch)));
		final double[][] medians = new double[2][rounds], means = new double[2][rounds];
		final long[] each = new long[batches.size()];
		for (int r = -3; r < rounds; r++)
			for (int side = 0; side < 2; side++) {
				System.setProperty(property, Boolean.toString(side == 1));
				long sum = 0;
				for (int i = 0; i < each.length; i++) {
					final long t = System.nanoTime();
					net.output(batches.get(i));
					sum += each[i] = System.nanoTime() - t;
				}
				Arrays.sort(each);
				if (r >= 0) {
					medians[side][r] = each[each.length / 2] / 1e3;
					means[side][r] = sum / 1e3 / each.length;
				}
			}
		final double[] ratio = new double[rounds];
		for (int r = 0; r < rounds; r++)
			ratio[r] = means[0][r] / means[1][r];
		for (int side = 0; side < 2; side++) {
			Arrays.sort(medians[side]);
			Arrays.sort(means[side]);
			System.out.printf(Locale.ROOT, "%s %s=%s: batch time, median of the rounds' medians %.0f µs, of their " +
				"means %.0f µs%n", preset, property, side == 1, medians[side][rounds / 2], means[side][rounds / 2]);
		}
		Arrays.sort(ratio);
		System.out.printf(Locale.ROOT, "mean time false ÷ true per round: median %.3f, quartiles %.3f–%.3f%n",
			ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
		System.exit(0);
	}
}
