package org.insilico.model;

import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Profiling main: a convolution's activations (lenet conv1 at 512 images, 8 × 24 × 24 each) read from native memory
 * and then passed through the ReLU, against both done a chunk at a time in parallel while the chunk is in cache; and
 * the ReLU's backward pass then the write to native memory, against both a chunk at a time (not the harness).
 * Arguments: images (512), repeats (30).
 */
public final class FuseProbe {
	public static void main(final String[] args) {
		final int n = args.length > 0 ? Integer.parseInt(args[0]) : 512, reps = args.length > 1 ? Integer.parseInt(
			args[1]) : 30;
		final int len = n * 8 * 24 * 24;
		final Random r = new Random(5);
		final float[] z0 = new float[len], e0 = new float[len];
		for (int i = 0; i < len; i++) {
			z0[i] = (float) r.nextGaussian();
			e0[i] = (float) r.nextGaussian();
		}
		final INDArray z = KernelChain.fresh(z0, len), e = Nd4j.createUninitialized(DataType.FLOAT, new long[] { len }, 'c');
		final float[] a = new float[len], b = new float[len], eps = new float[len], acts = z0.clone();
		KernelChain.Act.RELU.apply(acts, 1);
		for (int round = 0; round < 4; round++) {
			final double sep = DirectConvProbe.time(() -> {
				KernelChain.read(z, a);
				KernelChain.Act.RELU.apply(a, 1);
			}, reps);
			final double fused = DirectConvProbe.time(() -> readRelu(z, b), reps);
			final double bsep = DirectConvProbe.time(() -> {
				System.arraycopy(e0, 0, eps, 0, len);
				KernelChain.Act.RELU.backward(acts, eps, 1);
				KernelChain.write(e, eps);
			}, reps);
			final float[] want = e.data().asFloat();
			final double bfused = DirectConvProbe.time(() -> {
				System.arraycopy(e0, 0, eps, 0, len);
				reluBackwardWrite(acts, eps, e);
			}, reps);
			final double copy = DirectConvProbe.time(() -> System.arraycopy(e0, 0, eps, 0, len), reps);
			System.out.printf(Locale.ROOT, "forward: read then ReLU %.3f ms, fused %.3f ms (equal %b); backward: ReLU then " +
				"write %.3f ms, fused %.3f ms (equal %b; both include a %.3f ms copy)%n", sep, fused, java.util.Arrays.equals(a,
					b), bsep, bfused, java.util.Arrays.equals(want, e.data().asFloat()), copy);
		}
		System.exit(0);
	}

	static void readRelu(final INDArray source, final float[] dest) {
		final FloatBuffer buffer = source.data().asNioFloat();
		final int len = (int) source.length();
		KernelChain.parallel(len, k -> {
			final int end = Math.min(len, k + KernelChain.CHUNK);
			buffer.duplicate().get(k, dest, k, end - k);
			for (int j = k; j < end; j++)
				dest[j] = Math.max(dest[j], 0f);
		});
	}

	static void reluBackwardWrite(final float[] a, final float[] eps, final INDArray target) {
		final FloatBuffer buffer = target.data().asNioFloat();
		KernelChain.parallel(a.length, k -> {
			final int end = Math.min(a.length, k + KernelChain.CHUNK);
			for (int j = k; j < end; j++) {
				final int keep = a[j] > 0 ? -1 : 0;
				eps[j] = Float.intBitsToFloat(Float.floatToRawIntBits(eps[j]) & keep);
			}
			buffer.duplicate().put(k, eps, k, end - k);
		});
	}
}
