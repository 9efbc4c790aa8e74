package org.insilico.model;

import java.util.List;
import java.util.Locale;

import org.insilico.bench.TrainingProfileAccess;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Profiling main: `mlp` inference per batch against its parts (the first product alone, the kernels' forward pass),
 * interleaved in one JVM, medians (not the harness). Arguments: batch (64), rounds (7).
 */
public final class MlpProbe {
	public static void main(final String[] args) {
		final int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64, rounds = args.length > 1 ? Integer.parseInt(
			args[1]) : 7;
		final Network net = Architectures.create("mlp", 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
			"9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final List<INDArray[]> batches = TrainingProfileAccess.batches(4096, batch);
		final KernelChain k = net.kernels();
		final INDArray w1 = ((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) net.dl4j()).getLayer(0).getParam("W");
		final INDArray z = Nd4j.createUninitialized(DataType.FLOAT, new long[] { batch, 256 }, 'c');
		final int last = ((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) net.dl4j()).getnLayers() - 1;
		final String[] names = { "Network.output", "kernels.forward", "first gemm", "first layer", "gemm W c-order",
			"gemm zT = Wt xT", "new [n, 10] array", "3 products alone" };
		final Runnable[] bodies = new Runnable[8];
		final INDArray wc = w1.dup('c'), zt = Nd4j.createUninitialized(DataType.FLOAT, new long[] { 256, batch }, 'c');
		final int[] at = { 0 };
		bodies[0] = () -> net.output(batches.get(at[0]++ % batches.size())[0]);
		bodies[1] = () -> k.forward(batches.get(at[0]++ % batches.size())[0], -1, last);
		bodies[2] = () -> Gemm.gemm(batches.get(at[0]++ % batches.size())[0].reshape('c', batch, 784), w1, z, false,
			false);
		bodies[3] = () -> k.forward(batches.get(at[0]++ % batches.size())[0], -1, 0);
		bodies[4] = () -> Gemm.gemm(batches.get(at[0]++ % batches.size())[0].reshape('c', batch, 784), wc, z, false,
			false);
		bodies[5] = () -> Gemm.gemm(w1, batches.get(at[0]++ % batches.size())[0].reshape('c', batch, 784), zt, true,
			true);
		final float[] ten = new float[batch * 10];
		bodies[6] = () -> KernelChain.fresh(ten, batch, 10);
		final org.deeplearning4j.nn.multilayer.MultiLayerNetwork m = (org.deeplearning4j.nn.multilayer.MultiLayerNetwork) net
			.dl4j();
		final INDArray w2 = m.getLayer(1).getParam("W"), w3 = m.getLayer(2).getParam("W");
		final INDArray h1 = Nd4j.createUninitialized(DataType.FLOAT, new long[] { batch, 256 }, 'c'), h2 = Nd4j
			.createUninitialized(DataType.FLOAT, new long[] { batch, 128 }, 'c'), o = Nd4j.createUninitialized(
				DataType.FLOAT, new long[] { batch, 10 }, 'c');
		bodies[7] = () -> { // the floor: the three products on arrays made once, nothing around them
			Gemm.gemmRows(batches.get(at[0]++ % batches.size())[0], batch, 784, w1, h1, false);
			Gemm.gemm(h1, w2, h2, false, false);
			Gemm.gemm(h2, w3, o, false, false);
		};
		if (System.getProperty("tail") != null) { // per-call distribution: median against mean and the slow calls
			for (int b = 0; b < bodies.length; b++) {
				final long[] each = new long[400 * rounds];
				long sum = 0;
				for (int i = 0; i < 50; i++)
					bodies[b].run();
				for (int i = 0; i < each.length; i++) {
					final long t = System.nanoTime();
					bodies[b].run();
					sum += each[i] = System.nanoTime() - t;
				}
				java.util.Arrays.sort(each);
				final int c = each.length;
				System.out.printf(Locale.ROOT, "%-18s p50 %.0f p90 %.0f p99 %.0f max %.0f mean %.0f µs%n", names[b],
					each[c / 2] / 1e3, each[c * 9 / 10] / 1e3, each[c * 99 / 100] / 1e3, each[c - 1] / 1e3, sum / 1e3 / c);
			}
			System.exit(0);
		}
		final double[][] us = new double[bodies.length][rounds];
		for (int r = 0; r < rounds; r++)
			for (int b = 0; b < bodies.length; b++) {
				for (int i = 0; i < 50; i++)
					bodies[b].run();
				final long t = System.nanoTime();
				for (int i = 0; i < 400; i++)
					bodies[b].run();
				us[b][r] = (System.nanoTime() - t) / 1e3 / 400;
			}
		for (int b = 0; b < bodies.length; b++) {
			java.util.Arrays.sort(us[b]);
			System.out.printf(Locale.ROOT, "%-16s median %.1f µs (%.1f–%.1f)%n", names[b], us[b][rounds / 2], us[b][0],
				us[b][rounds - 1]);
		}
		System.exit(0);
	}
}
