package org.insilico.bench;

import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.insilico.model.Architectures;
import org.insilico.model.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The bare MultiLayerNetwork.fit loop for a fixed time, for a profiler (JFR) to attribute. Arguments:
 * {@code preset batch seconds [infer]}.
 */
public final class FitLoop {

	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final String preset = args[0];
		final int batch = Integer.parseInt(args[1]);
		final double seconds = Double.parseDouble(args[2]);
		final boolean infer = args.length > 3 && args[3].equals("infer");
		final int n = 8192;
		final TrainingProfile.RandomData random = TrainingProfile.RandomData.of(n);
		final float[] pixels = random.pixels();
		final int[] labels = random.labels();
		final List<INDArray[]> b = TrainingProfile.batches(pixels, labels, batch);
		final Network net = Architectures.create(preset, 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7",
			"8", "9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final MultiLayerNetwork m = (MultiLayerNetwork) net.dl4j();
		final long t = System.nanoTime();
		long images = 0;
		int i = 0;
		while (System.nanoTime() - t < seconds * 1e9) {
			final INDArray[] xy = b.get(i++ % b.size());
			if (infer) m.output(xy[0]);
			else m.fit(xy[0], xy[1]);
			images += xy[0].size(0);
		}
		System.out.printf(Locale.ROOT, "%s b%d %s: %.0f img/s%n", preset, batch, infer ? "infer" : "train", images /
			((System.nanoTime() - t) / 1e9));
	}
}
