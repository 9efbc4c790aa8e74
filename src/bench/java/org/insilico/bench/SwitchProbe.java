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
 * Profiling main: an A/B of two code paths in one JVM, alternated round by round, for a build that chooses between
 * them by a temporary boolean system property (how lever 40 was measured: LEVERS.md, eighth round). Each round runs
 * the benchmark's `mlp` inference (4 passes over 9,984 digits) at batch 64 and 256 (or {@code -Dbatches=64,128,...})
 * and, unless {@code -Dinfer=only}, its training at 64 and 256 ({@link Benchmarks#train}: a fresh network, one epoch
 * of 12,800 digits; with {@code -Dtrain=only}, training alone, after two untimed epochs of each), first with the
 * property {@code false}, then {@code true}. Arguments: the property's name, rounds.
 */
public final class SwitchProbe {

	public static void main(final String[] args) throws Exception {
		TrainingProfile.engineFirst();
		final String property = args[0];
		final int rounds = Integer.parseInt(args[1]);
		final boolean train = !"only".equals(System.getProperty("infer"));
		final Dataset data = StimulusSets.generate("digits", 12_800, 28, 2);
		final Network net = Architectures.create("mlp", 1, 28, 28, data.classNames(), new Architectures.Hyper(new Adam(
			1e-3), 0, 0, 42, DataType.FLOAT));
		final List<List<INDArray>> batches = new ArrayList<>();
		final int[] sizes = "only".equals(System.getProperty("train")) ? new int[0] : Arrays.stream(System.getProperty(
			"batches", "64,256").split(",")).mapToInt(Integer::parseInt).toArray();
		for (final int b : sizes) {
			final List<INDArray> list = new ArrayList<>();
			for (int from = 0; from + b <= 9_984; from += b)
				list.add(net.toInput(data.pixels(from, from + b)));
			batches.add(list);
		}
		for (int w = 0; w < 6; w++)
			for (final List<INDArray> list : batches)
				Benchmarks.infer(net, list, 3);
		if (train) for (int w = 0; w < 2; w++) // untimed: the JIT's first compilations
			for (final int b : new int[] { 64, 256 })
				Benchmarks.train(data, "mlp", b, 3);
		final List<String> names = new ArrayList<>();
		for (final int b : sizes)
			names.add("infer b" + b);
		names.addAll(List.of("train b64", "train b256"));
		final int infers = sizes.length;
		final double[][][] rates = new double[infers + 2][2][rounds];
		for (int k = 0; k < 2 * rounds; k++) {
			final int side = k % 2;
			System.setProperty(property, side == 0 ? "false" : "true");
			for (int b = 0; b < infers; b++)
				rates[b][side][k / 2] = Benchmarks.infer(net, batches.get(b), 3, 4);
			if (train) {
				rates[infers][side][k / 2] = Benchmarks.train(data, "mlp", 64, 3);
				rates[infers + 1][side][k / 2] = Benchmarks.train(data, "mlp", 256, 3);
			}
		}
		for (int i = 0; i < (train ? infers + 2 : infers); i++) {
			final double[] off = rates[i][0], on = rates[i][1];
			Arrays.sort(off);
			Arrays.sort(on);
			System.out.printf(Locale.ROOT, "%-10s %s=false %.0f (%.0f-%.0f), true %.0f (%.0f-%.0f) images/s; " +
				"true/false %.3f%n", names.get(i), property, off[rounds / 2], off[0], off[rounds - 1], on[rounds / 2], on[0],
				on[rounds - 1], on[rounds / 2] / off[rounds / 2]);
		}
		System.exit(0);
	}
}
