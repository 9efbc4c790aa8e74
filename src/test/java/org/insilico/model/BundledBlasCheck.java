package org.insilico.model;

import java.util.Random;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Run by {@code BlasTest.nd4jsLibraryRunsTheDenseLayersInParts} in a JVM of its own with
 * {@code -Dinsilico.blas=bundled} (the library is chosen once per JVM): `mlp`'s dense layers in parts of the rows and
 * in blocks of the first layer's units, one BLAS thread each, on ND4J's OpenBLAS, against DL4J's layers and the whole
 * batch; the library's thread count as it was after. Prints {@code OK}, or what failed, and exits with 0 or 1.
 */
public final class BundledBlasCheck {

	public static void main(final String[] args) {
		try {
			check();
			System.out.println("OK");
			System.exit(0);
		}
		catch (final Throwable t) {
			System.out.println("FAILED: " + t);
			System.exit(1);
		}
	}

	private static void check() {
		if (Blas.system()) throw new AssertionError("expected ND4J's library: " + Blas.description());
		final int threads = Blas.parallelCalls();
		if (threads < 2) return; // nothing runs in parts
		final Model model = TestNetworks.preset("mlp", 28, DataType.FLOAT, 17).dl4j();
		final Random r = new Random(96);
		final INDArray p = model.params();
		final float[] v = new float[(int) p.length()];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) (0.1 * r.nextGaussian());
		model.setParams(Nd4j.create(v, new long[] { 1, v.length }));
		final Network fast = new Network(model, 1, 28, 28, TestNetworks.DIGIT_CLASSES, "mlp");
		System.setProperty(KernelChain.PROPERTY, "false");
		final Network dl4j = new Network(model, 1, 28, 28, TestNetworks.DIGIT_CLASSES, "mlp");
		System.clearProperty(KernelChain.PROPERTY);
		final int last = fast.layers().size() - 1;
		for (final int n : new int[] { 64, 2 * KernelChain.PART_ROWS + 3 }) {
			if (fast.kernels().rowParts(-1, last, n) < 2 && fast.kernels().columnParts(-1, last, n) < 2)
				throw new AssertionError(n + " images: not in parts");
			final float[] pixels = new float[n * 28 * 28];
			for (int i = 0; i < pixels.length; i++)
				pixels[i] = r.nextFloat();
			final INDArray x = Nd4j.create(pixels, new long[] { n, 1, 28, 28 }, 'c');
			final INDArray parts = fast.activations(x, 1);
			close(dl4j.activations(x, 1), parts, n + " images in parts against DL4J's layers");
			System.setProperty(KernelChain.ROW_PARTS, "false");
			final INDArray whole = fast.activations(x, 1);
			System.clearProperty(KernelChain.ROW_PARTS);
			close(whole, parts, n + " images in parts against the whole batch");
			if (Blas.parallelCalls() != threads) throw new AssertionError("thread count " + Blas.parallelCalls() +
				" after the parts, not " + threads);
		}
	}

	/** Within 1e-5 of the largest value. */
	private static void close(final INDArray expected, final INDArray actual, final String what) {
		final float[] e = KernelChain.floats(expected), a = KernelChain.floats(actual);
		double scale = 0;
		for (final float x : e)
			scale = Math.max(scale, Math.abs(x));
		for (int i = 0; i < e.length; i++)
			if (Math.abs(e[i] - a[i]) > 1e-5 * scale + 1e-7) throw new AssertionError(what + ": value " + i + " is " +
				a[i] + ", not " + e[i]);
	}
}
