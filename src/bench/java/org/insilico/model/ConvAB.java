package org.insilico.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.insilico.bench.TrainingProfileAccess;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Profiling main: the lowest layer's weight gradients by im2col + BLAS against oneDNN's conv2d_bp, interleaved in one
 * JVM (fit; output and the input gradient of a class, which they do not touch, show the noise), medians over rounds.
 * Arguments: preset batch rounds.
 */
public final class ConvAB {
	public static void main(final String[] args) {
		final String preset = args.length > 0 ? args[0] : "lenet";
		final int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64, rounds = args.length > 2 ? Integer.parseInt(
			args[2]) : 7;
		final Network[] nets = new Network[2];
		for (int v = 0; v < 2; v++) {
			System.setProperty(KernelChain.IM2COL, v == 0 ? "true" : "false");
			nets[v] = Architectures.create(preset, 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
				new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		}
		System.clearProperty(KernelChain.IM2COL);
		final List<INDArray[]> batches = TrainingProfileAccess.batches(2048, batch);
		final List<Target> cls = new java.util.ArrayList<>();
		for (int i = 0; i < batch; i++)
			cls.add(Target.classLogit(nets[0], 3));
		final String[] names = { "fit", "output", "gradient" };
		final double[][][] t = new double[2][3][rounds];
		for (int r = 0; r < rounds; r++)
			for (int v = 0; v < 2; v++) {
				final Network net = nets[v];
				t[v][0][r] = time(batches, b -> net.fit(b[0], b[1]));
				t[v][1][r] = time(batches, b -> net.output(b[0]));
				t[v][2][r] = time(batches, b -> net.gradient(b[0], cls));
			}
		for (int w = 0; w < 3; w++) {
			final double a = median(t[0][w]), b = median(t[1][w]);
			System.out.printf(Locale.ROOT, "%s b%d %-9s first-layer im2col %7.3f ms  all oneDNN %7.3f ms  (ratio %.2f)%n", preset,
				batch, names[w], a, b, a / b);
		}
	}

	static double median(final double[] v) {
		final double[] c = v.clone();
		Arrays.sort(c);
		return c[c.length / 2];
	}

	static double time(final List<INDArray[]> batches, final StepProbe.Body body) {
		for (int i = 0; i < 3; i++)
			body.run(batches.get(i));
		final long t = System.nanoTime();
		for (final INDArray[] b : batches)
			body.run(b);
		return (System.nanoTime() - t) / 1e6 / batches.size();
	}
}
