package org.insilico.model;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/** Profiling main: time of each kernel step (forward, train) of a preset at a batch size (not the harness). */
public final class LayerProbe {
	public static void main(final String[] args) throws Exception {
		final String preset = args.length > 0 ? args[0] : "lenet";
		final int n = args.length > 1 ? Integer.parseInt(args[1]) : 64;
		final Network net = Architectures.create(preset, 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
			"9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final KernelChain k = net.kernels();
		final var f = KernelChain.class.getDeclaredField("steps");
		f.setAccessible(true);
		final KernelChain.Step[] steps = (KernelChain.Step[]) f.get(k);
		final Random r = new Random(1);
		float[] x = new float[n * 784];
		for (int i = 0; i < x.length; i++)
			x[i] = r.nextFloat();
		final float[][] ins = new float[steps.length][], outs = new float[steps.length][];
		for (int i = 0; i < steps.length; i++) {
			ins[i] = x.clone();
			x = steps[i].forward(x, n).clone();
			outs[i] = x;
		}
		final List<Map<String, INDArray>> grads = net.gradientViews();
		for (int i = 0; i < steps.length; i++)
			if (steps[i] instanceof KernelChain.Conv c) {
				final var im2col = KernelChain.Conv.class.getDeclaredMethod("im2col", float[].class, int.class, int.class);
				im2col.setAccessible(true);
				final float[] in = ins[i];
				final INDArray cols = (INDArray) im2col.invoke(c, in, 0, n);
				final INDArray w = net.dl4jLayer(i).getParam("W");
				final INDArray wm = w.reshape('c', w.size(0), w.length() / w.size(0));
				final INDArray z = org.nd4j.linalg.factory.Nd4j.create(DataType.FLOAT, wm.size(0), cols.size(1));
				System.out.println("layer " + i + " cols " + java.util.Arrays.toString(cols.shape()) + " W direct " + Gemm
					.direct(wm));
				for (int rep = 0; rep < 3; rep++) {
					System.out.printf(Locale.ROOT, "  im2col %7.3f ms%n", time(() -> {
						try {
							im2col.invoke(c, in, 0, n);
						}
						catch (final ReflectiveOperationException e) {
							throw new AssertionError(e);
						}
					}));
					System.out.printf(Locale.ROOT, "  gemm W·cols %7.3f ms%n", time(() -> Gemm.gemm(wm, cols, z, false,
						false)));
					final INDArray colsT = cols.transpose().dup('c'), zT = org.nd4j.linalg.factory.Nd4j.create(DataType.FLOAT,
						cols.size(1), wm.size(0));
					System.out.printf(Locale.ROOT, "  gemm colsT·Wt %7.3f ms%n", time(() -> Gemm.gemm(colsT, wm, zT, false,
						true)));
				}
			}
		for (int rep = 0; rep < 3; rep++)
			for (int i = 0; i < steps.length; i++) {
				final int layer = i;
				final double fwd = time(() -> steps[layer].forward(ins[layer], n));
				final float[] eps = new float[outs[layer].length];
				for (int j = 0; j < eps.length; j++)
					eps[j] = r.nextFloat() - 0.5f;
				final Map<String, INDArray> g = grads.get(layer).isEmpty() ? new HashMap<>() : grads.get(layer);
				final double train = time(() -> steps[layer].train(ins[layer], outs[layer], eps.clone(), n, g, layer > 0));
				System.out.printf(Locale.ROOT, "%-8s layer %d %-6s forward %7.3f ms  train %7.3f ms%n", preset, layer,
					steps[layer].getClass().getSimpleName(), fwd, train);
			}
	}

	static double time(final Runnable body) {
		for (int i = 0; i < 5; i++)
			body.run();
		final int reps = 50;
		final long t = System.nanoTime();
		for (int i = 0; i < reps; i++)
			body.run();
		return (System.nanoTime() - t) / 1e6 / reps;
	}
}
