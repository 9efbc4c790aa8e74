package org.insilico.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
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
 * Profiling main: the benchmark's `mlp` inference (10,000 digits, {@link Benchmarks#infer}) in a fresh JVM, to see how
 * its rate depends on the JIT compiler's progress and on the reference process run beside it (LEVERS.md, "Warm-up").
 * Arguments: batch (64), rounds (7), pause between the sides in ms (0). System properties:
 * <ul>
 * <li>{@code -Dwarm=N}: N untimed rounds first ({@code -Dcurve=true} prints each one's rate and time: the curve
 * from a fresh JVM to steady state);</li>
 * <li>{@code -Dpollute=true}: `lenet`'s inference and gradients for 4 s first, through the same kernel code;</li>
 * <li>{@code -Dtail=true}: instead of rounds, each batch timed alone over {@code rounds} rounds: percentiles, maximum
 * and mean (slow batches show as a mean far above the median).</li>
 * </ul>
 * Without {@code tail}: {@code rounds} rounds alone, then as many alternated with the reference's same workload.
 */
public final class InferLoop {
	public static void main(final String[] args) throws Exception {
		TrainingProfile.engineFirst();
		final int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64, rounds = args.length > 1 ? Integer.parseInt(
			args[1]) : 7, pause = args.length > 2 ? Integer.parseInt(args[2]) : 0;
		final Dataset test = StimulusSets.generate("digits", 10_000, 28, 2);
		final Network net = Architectures.create("mlp", 1, 28, 28, test.classNames(), new Architectures.Hyper(new Adam(
			1e-3), 0, 0, 42, DataType.FLOAT));
		final List<INDArray> batches = new ArrayList<>();
		for (int from = 0; from + batch <= 10_000; from += batch)
			batches.add(net.toInput(test.pixels(from, from + batch)));
		if (Boolean.getBoolean("pollute")) { // lenet's layers through the same code first, as in the benchmark's JVM
			final Network lenet = Architectures.create("lenet", 1, 28, 28, test.classNames(), new Architectures.Hyper(
				new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
			final List<INDArray> lb = new ArrayList<>();
			for (int from = 0; from + 64 <= 2560; from += 64)
				lb.add(lenet.toInput(test.pixels(from, from + 64)));
			final org.insilico.model.Target t = org.insilico.model.Target.parse("output:class:3", lenet);
			for (final long t0 = System.nanoTime(); System.nanoTime() - t0 < 4e9;) {
				Benchmarks.infer(lenet, lb, 0);
				Benchmarks.gradient(lenet, test.pixels(0, 512), t, 128);
			}
		}
		for (int r = 0; r < Integer.getInteger("warm", 0); r++) {
			final double rate = Benchmarks.infer(net, batches, 0);
			if (Boolean.getBoolean("curve")) System.out.printf(Locale.ROOT, "warm-up round %d at %d ms: %.0f images/s%n",
				r, ManagementFactory.getRuntimeMXBean().getUptime(), rate);
		}
		if (Boolean.getBoolean("tail")) {
			final long[] each = new long[batches.size() * rounds];
			long sum = 0;
			int k = 0;
			for (int r = 0; r < rounds; r++)
				for (final INDArray b : batches) {
					final long t = System.nanoTime();
					net.output(b);
					sum += each[k++] = System.nanoTime() - t;
				}
			Arrays.sort(each);
			System.out.printf(Locale.ROOT, "per batch µs: p10 %.0f p50 %.0f p90 %.0f p99 %.0f max %.0f mean %.0f%n",
				each[k / 10] / 1e3, each[k / 2] / 1e3, each[k * 9 / 10] / 1e3, each[k * 99 / 100] / 1e3, each[k - 1] / 1e3,
				sum / 1e3 / k);
			System.exit(0);
		}
		final double[] alone = new double[rounds], between = new double[rounds], ref = new double[rounds];
		for (int r = 0; r < rounds; r++)
			alone[r] = Benchmarks.infer(net, batches, 3);
		try (ReferenceProcess p = new ReferenceProcess("/usr/bin/python3", Path.of("src/bench/python/reference.py"),
			2))
		{
			final List<String> a = List.of("--workload", "infer_mlp_b" + batch, "--repeats", "1", "--images", Integer
				.toString(batches.size() * batch), "--warmup", "3");
			p.call(a);
			for (int r = 0; r < rounds; r++) {
				ref[r] = ((Number) p.call(a).get("median")).doubleValue();
				if (pause > 0) Thread.sleep(pause);
				between[r] = Benchmarks.infer(net, batches, 3);
			}
		}
		for (final double[] v : new double[][] { alone, between, ref })
			Arrays.sort(v);
		System.out.printf(Locale.ROOT, "b%d alone %.0f (%.0f-%.0f), after the reference %.0f (%.0f-%.0f), reference " +
			"%.0f (%.0f-%.0f) images/s%n", batch, alone[rounds / 2], alone[0], alone[rounds - 1], between[rounds / 2],
			between[0], between[rounds - 1], ref[rounds / 2], ref[0], ref[rounds - 1]);
		System.exit(0);
	}
}
