package org.insilico.model;

import java.util.Arrays;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Profiling main: a stride-1 convolution forward as shifted sums on a padded-width grid in Java (loops C2 vectorizes),
 * against oneDNN's conv2d as the kernels call it, at lenet's conv1 and conv2 shapes (not the harness).
 */
public final class DirectConvProbe {

	public static void main(final String[] args) {
		final int reps = args.length > 0 ? Integer.parseInt(args[0]) : 50;
		org.insilico.bench.TrainingProfileAccess.batches(64, 64); // engine first
		for (int round = 0; round < 3; round++)
			for (final int[] s : new int[][] { { 64, 1, 28, 8 }, { 256, 1, 28, 8 }, { 64, 8, 12, 16 }, { 256, 8, 12, 16 } }) {
				final int n = s[0], c = s[1], hw = s[2], o = s[3], k = 5, out = hw - k + 1;
				final INDArray x = Nd4j.rand(DataType.FLOAT, n, c, hw, hw), w = Nd4j.rand(DataType.FLOAT, o, c, k, k), b = Nd4j
					.rand(DataType.FLOAT, o), z = Nd4j.create(DataType.FLOAT, n, o, out, out);
				final INDArray wNd = w.permute(2, 3, 1, 0).dup('c'); // [kh, kw, in, out], libnd4j's weight format 0
				final float[] xs = x.data().asFloat(), ws = w.data().asFloat(), bs = b.data().asFloat();
				final float[] zs = new float[n * o * out * out];
				final Runnable onednn = () -> Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, wNd, b).addOutputs(z)
					.addIntegerArguments(k, k, 1, 1, 0, 0, 1, 1, 0, 0, 0).build());
				final Runnable java = () -> direct(xs, n, c, hw, hw, ws, bs, o, k, k, zs);
				onednn.run();
				java.run();
				final float[] ref = z.data().asFloat();
				double diff = 0, scale = 0;
				for (int i = 0; i < ref.length; i++) {
					diff = Math.max(diff, Math.abs(ref[i] - zs[i]));
					scale = Math.max(scale, Math.abs(ref[i]));
				}
				System.out.printf(Locale.ROOT, "n %d in %d hw %d out %d: oneDNN %.3f ms, Java %.3f ms (max diff %.1e of %.1f)%n",
					n, c, hw, o, time(onednn, reps), time(java, reps), diff, scale);
			}
		System.exit(0);
	}

	static double time(final Runnable r, final int reps) {
		for (int i = 0; i < 3; i++)
			r.run();
		final double[] t = new double[reps];
		for (int i = 0; i < reps; i++) {
			final long s = System.nanoTime();
			r.run();
			t[i] = (System.nanoTime() - s) / 1e6;
		}
		Arrays.sort(t);
		return t[reps / 2];
	}

	/** z[n, o, oh, ow] = b[o] + Σ w[o, c, ky, kx] x[n, c, oy + ky, ox + kx]: no padding, stride 1. */
	static void direct(final float[] x, final int n, final int c, final int h, final int w, final float[] wt,
		final float[] b, final int o, final int kh, final int kw, final float[] z)
	{
		final int oh = h - kh + 1, ow = w - kw + 1, plane = h * w, len = (oh - 1) * w + ow;
		KernelChain.parallelCount(n * o, Math.max(1, (n * o) / 2), task -> {
			final int img = task / o, oc = task % o;
			final float[] acc = new float[oh * w];
			Arrays.fill(acc, b[oc]);
			for (int ic = 0; ic < c; ic++) {
				final int src = (img * c + ic) * plane, wb = (oc * c + ic) * kh * kw;
				for (int ky = 0; ky < kh; ky++) {
					if (kw == 5) {
						final int r = src + ky * w, t = wb + ky * 5;
						final float w0 = wt[t], w1 = wt[t + 1], w2 = wt[t + 2], w3 = wt[t + 3], w4 = wt[t + 4];
						for (int q = 0; q < len; q++)
							acc[q] += w0 * x[r + q] + w1 * x[r + q + 1] + w2 * x[r + q + 2] + w3 * x[r + q + 3] + w4 * x[r +
								q + 4];
					}
					else for (int kx = 0; kx < kw; kx++) {
						final int r = src + ky * w + kx;
						final float wv = wt[wb + ky * kw + kx];
						for (int q = 0; q < len; q++)
							acc[q] += wv * x[r + q];
					}
				}
			}
			final int dst = (img * o + oc) * oh * ow;
			for (int y = 0; y < oh; y++)
				System.arraycopy(acc, y * w, z, dst + y * ow, ow);
		});
	}
}
