package org.insilico.model;

import java.util.List;

import org.insilico.bench.TrainingProfileAccess;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/** Profiling main: Network.output in a loop for a profiler (not the harness). Arguments: preset batch seconds. */
public final class InferProbe {
	public static void main(final String[] args) {
		final String preset = args[0];
		final int batch = Integer.parseInt(args[1]);
		final double seconds = Double.parseDouble(args[2]);
		final Network net = Architectures.create(preset, 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
			"9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final List<INDArray[]> batches = TrainingProfileAccess.batches(4096, batch);
		final long t = System.nanoTime();
		long images = 0;
		int i = 0;
		while (System.nanoTime() - t < seconds * 1e9) {
			net.output(batches.get(i++ % batches.size())[0]);
			images += batch;
		}
		System.out.printf("%s b%d output: %.0f img/s%n", preset, batch, images / ((System.nanoTime() - t) / 1e9));
	}
}
