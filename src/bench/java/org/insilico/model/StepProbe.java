package org.insilico.model;

import java.util.List;
import java.util.Locale;

import org.insilico.bench.TrainingProfileAccess;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/** Profiling main: ms per Network.fit step and per part of it (not the harness). Arguments: preset batch. */
public final class StepProbe {
	public static void main(final String[] args) {
		final String preset = args.length > 0 ? args[0] : "mlp";
		final int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
		final Network net = Architectures.create(preset, 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
			"9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final List<INDArray[]> batches = TrainingProfileAccess.batches(4096, batch);
		final double[] keep = new double[((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) net.dl4j()).getnLayers()];
		java.util.Arrays.fill(keep, 1);
		final KernelChain k = net.kernels();
		for (int r = 0; r < 5; r++) {
			time("Network.fit", batches, b -> net.fit(b[0], b[1]));
			time("  kernels.train", batches, b -> k.train(b[0], b[1], keep, null, net.gradientViews()));
			time("  forward (output)", batches, b -> net.output(b[0]));
		}
	}


	interface Body {
		void run(INDArray[] b);
	}

	static void time(final String what, final List<INDArray[]> batches, final Body body) {
		for (int i = 0; i < 5; i++)
			body.run(batches.get(i));
		final long t = System.nanoTime();
		for (final INDArray[] b : batches)
			body.run(b);
		System.out.printf(Locale.ROOT, "%-22s %7.3f ms/step%n", what, (System.nanoTime() - t) / 1e6 / batches.size());
	}
}
