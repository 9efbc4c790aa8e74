package org.insilico.model;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.insilico.probe.gradient.Attribution;
import org.insilico.Progress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Profiling main: the parts of a gradient image pass (lenet, class logit), ms per batch of 512. */
public final class GradProbe {
	public static void main(final String[] args) throws Exception {
		final int batch = args.length > 0 ? Integer.parseInt(args[0]) : 512;
		final Network net = Architectures.create("lenet", 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7",
			"8", "9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final Random r = new Random(1);
		final float[] pixels = new float[batch * 10 * 784];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = r.nextFloat();
		final Target target = Target.parse("output:class:3", net);
		final KernelChain k = net.kernels();
		final java.lang.reflect.Field f = KernelChain.class.getDeclaredField("steps");
		f.setAccessible(true);
		final KernelChain.Step[] steps = (KernelChain.Step[]) f.get(k);
		final int top = steps.length - 1;
		final INDArray x = net.toInput(java.util.Arrays.copyOf(pixels, batch * 784));
		final INDArray w = Nd4j.zeros(DataType.FLOAT, batch, 10);
		w.getColumn(3).assign(1);
		for (int round = 0; round < 6; round++) {
			long t = System.nanoTime();
			Attribution.of("gradient").attribute(net, pixels, Collections.nCopies(10 * batch, target), Progress.NONE);
			final double whole = (System.nanoTime() - t) / 1e6 / 10;
			t = System.nanoTime();
			for (int i = 0; i < 10; i++)
				k.gradient(x, top, true, w, new double[batch]);
			final double chain = (System.nanoTime() - t) / 1e6 / 10;
			final List<Target> ts = Collections.nCopies(batch, target);
			t = System.nanoTime();
			for (int i = 0; i < 10; i++)
				net.gradientAndValues(x, ts);
			final double gv = (System.nanoTime() - t) / 1e6 / 10;
			t = System.nanoTime();
			for (int i = 0; i < 10; i++)
				net.toInput(java.util.Arrays.copyOfRange(pixels, i * batch * 784, (i + 1) * batch * 784));
			final double toInput = (System.nanoTime() - t) / 1e6 / 10;
			final INDArray g = net.gradientAndValues(x, ts).gradient();
			t = System.nanoTime();
			for (int i = 0; i < 10; i++)
				KernelChain.floats(g);
			final double fl = (System.nanoTime() - t) / 1e6 / 10;
			System.out.printf(Locale.ROOT, "gradientAndValues %.2f toInput %.2f floats %.2f%n", gv, toInput, fl);
			// parts
			final double[] fw = new double[steps.length], bw = new double[steps.length];
			for (int rep = 0; rep < 10; rep++) {
				final float[][] acts = new float[steps.length + 1][];
				acts[0] = KernelChain.floats(x);
				for (int i = 0; i <= top; i++) {
					t = System.nanoTime();
					acts[i + 1] = i == top ? ((KernelChain.Dense) steps[i]).preActivation(acts[i], batch) : steps[i].forward(
						acts[i], batch);
					fw[i] += (System.nanoTime() - t) / 1e6 / 10;
				}
				float[] eps = KernelChain.floats(w);
				t = System.nanoTime();
				eps = ((KernelChain.Dense) steps[top]).inputGradient(eps, batch);
				bw[top] += (System.nanoTime() - t) / 1e6 / 10;
				for (int i = top - 1; i >= 0; i--) {
					t = System.nanoTime();
					eps = steps[i].backward(acts[i], acts[i + 1], eps, batch);
					bw[i] += (System.nanoTime() - t) / 1e6 / 10;
				}
			}
			final StringBuilder sb = new StringBuilder();
			for (int i = 0; i <= top; i++)
				sb.append(String.format(Locale.ROOT, " %s f%.2f b%.2f", steps[i].getClass().getSimpleName(), fw[i], bw[i]));
			System.out.printf(Locale.ROOT, "attribute %.2f  chain %.2f ms/batch |%s%n", whole, chain, sb);
		}
	}
}
