package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The direct kernels ({@link KernelChain}) against DL4J's own layers, the independent truth (itself checked against
 * finite differences in GradientFiniteDifferenceTest): activations of every layer, logits, forward passes from a
 * middle layer, and input gradients of every kind of target, for the presets and for a network with the less common
 * settings (two input channels, padding, stride with a remainder, Same mode, average pooling, sigmoid and tanh).
 */
class KernelChainTest {

	private static final int N = 7;

	@Test
	void lenetAgreesWithDl4j() {
		compare(() -> TestNetworks.preset("lenet", 28, DataType.FLOAT, 11).dl4j(), 1, 28, 28, "lenet");
	}

	@Test
	void mlpAgreesWithDl4j() {
		compare(() -> TestNetworks.preset("mlp", 28, DataType.FLOAT, 12).dl4j(), 1, 28, 28, "mlp");
	}

	/**
	 * Dense layers on a batch large enough to run in parts, one BLAS thread each ({@link KernelChain#denseInParts}):
	 * the same values as DL4J's layers and as the whole batch at once (to float rounding: OpenBLAS's last bits depend
	 * on the number of rows), for images read in place and through a copy, a batch that does not split evenly, and
	 * from a hidden layer.
	 */
	@Test
	void denseLayersInPartsAgreeWithDl4jAndTheWholeBatch() {
		final Mlp mlp = Mlp.of(14, 98);
		final Network fast = mlp.fast(), dl4j = mlp.dl4j();
		final int last = fast.layers().size() - 1;
		Assumptions.assumeTrue(Blas.parallelCalls() > 1, "one BLAS thread: the batch is never split");
		final int uneven = 2 * KernelChain.PART_ROWS + 3;
		assertEquals(Math.min(Blas.parallelCalls(), 2), fast.kernels().rowParts(-1, last, uneven), "parts of " + uneven +
			" images");
		assertEquals(1, fast.kernels().rowParts(-1, last, 2 * KernelChain.PART_ROWS - 1), "a batch too small to split");
		final Random r = new Random(8);
		for (final int n : new int[] { uneven, 4 * KernelChain.PART_ROWS }) {
			final INDArray x = randomImages(r, n, 1, 28, 28);
			// probabilities to 4e-5 (logits of 80–100: see denseLayersInColumnsThenRowsAgreeWithDl4jAndTheWholeBatch;
			// with 4 BLAS threads, 1.1e-5 was seen), activations to 1e-5 of the largest
			final INDArray expected = dl4j.output(x);
			assertClose(expected, fast.output(x), 4e-5, "output of " + n + " images in parts, read in place");
			assertClose(expected, fast.output(x.dup('f')), 4e-5, "output of " + n + " images in parts, copied");
			final INDArray hidden = dl4j.activations(x, 0);
			assertClose(dl4j.forward(hidden, 0, last), fast.forward(hidden, 0, last), 4e-5, "forward from the first " +
				"layer");
			assertClose(dl4j.activations(x, 1), fast.activations(x, 1), "the second layer's activations");
			agreesWithTheWholeBatch(fast, x, n + " images in parts");
		}
	}

	/**
	 * Dense layers on a batch too small for parts of the rows ({@link KernelChain#denseColumnsThenRows}, lever 46): the
	 * first layer's units in blocks, one thread each, then the rest on parts of the batch. The same values as DL4J's
	 * layers and as the whole batch on OpenBLAS's threads, for the smallest batch taken, odd ones, images read in place
	 * and through a copy, one layer alone (the first: its activation straight into the output), and from a hidden layer.
	 */
	@Test
	void denseLayersInColumnsThenRowsAgreeWithDl4jAndTheWholeBatch() {
		final Mlp mlp = Mlp.of(16, 97);
		final Network fast = mlp.fast(), dl4j = mlp.dl4j();
		final int last = fast.layers().size() - 1;
		Assumptions.assumeTrue(Blas.parallelCalls() > 1, "one BLAS thread: nothing is split");
		// as many parts as BLAS has threads, each with 2 images at least
		assertEquals(2, fast.kernels().columnParts(-1, last, KernelChain.COLUMN_ROWS), "the smallest batch");
		assertEquals(1, fast.kernels().columnParts(-1, last, KernelChain.COLUMN_ROWS - 1), "below it");
		assertEquals(1, fast.kernels().columnParts(0, last, KernelChain.COLUMN_ROWS), "a first layer too small (256 × 128)");
		assertEquals(Math.min(Blas.parallelCalls(), 4), fast.kernels().columnParts(0, last, 9), "from the first layer, " +
			"9 images");
		final Random r = new Random(7);
		for (final int n : new int[] { KernelChain.COLUMN_ROWS, 9, 64, 2 * KernelChain.PART_ROWS - 1 }) {
			assertEquals(1, fast.kernels().rowParts(-1, last, n), n + " images: not in parts of the rows");
			final INDArray x = randomImages(r, n, 1, 28, 28);
			// the probabilities to 4e-5: the logits reach 80–100 here, so their float rounding (a few units in the
			// last place, 1e-5 and more) moves a probability by up to a quarter of that
			final INDArray expected = dl4j.output(x);
			assertClose(expected, fast.output(x), 4e-5, "output of " + n + " images, read in place");
			assertClose(expected, fast.output(x.dup('f')), 4e-5, "output of " + n + " images, copied");
			assertClose(dl4j.activations(x, 0), fast.activations(x, 0), "the first layer alone, " + n + " images");
			assertClose(dl4j.activations(x, 1), fast.activations(x, 1), "the second layer's activations, " + n +
				" images");
			final INDArray hidden = dl4j.activations(x, 0);
			assertClose(dl4j.forward(hidden, 0, last), fast.forward(hidden, 0, last), 4e-5, "from the first layer, " + n +
				" images");
			agreesWithTheWholeBatch(fast, x, n + " images in blocks");
		}
	}

	/**
	 * The output (to 4e-5: probabilities) and the second layer's activations (to 2e-5 of the largest: each within 1e-5
	 * of DL4J's) of {@code x} as they run now, against the whole batch on OpenBLAS's threads.
	 */
	private static void agreesWithTheWholeBatch(final Network fast, final INDArray x, final String what) {
		final INDArray output = fast.output(x), second = fast.activations(x, 1);
		System.setProperty(KernelChain.ROW_PARTS, "false");
		try {
			assertClose(fast.output(x), output, 4e-5, what + ": output against the whole batch");
			assertClose(fast.activations(x, 1), second, 2e-5, what + ": the second layer against the whole batch");
		}
		finally {
			System.clearProperty(KernelChain.ROW_PARTS);
		}
	}

	/**
	 * The dense layers keep their biases tiled to the batch's rows between calls (lever 42): a bias changed through
	 * DL4J between two calls, all of it or one value, as a script can through {@code Network.dl4j()}, must be seen,
	 * on the whole batch and in parts.
	 */
	@Test
	void biasesChangedBetweenCallsAreSeen() {
		final Mlp mlp = Mlp.of(15, 99);
		final MultiLayerNetwork model = mlp.model();
		final Network fast = mlp.fast(), dl4j = mlp.dl4j();
		final Random r = new Random(9);
		for (final int n : new int[] { 5, 2 * KernelChain.PART_ROWS + 3 }) {
			final INDArray x = randomImages(r, n, 1, 28, 28);
			// 1e-4 of the largest value: float rounding of logits in the tens is below it; a bias kept from before the
			// change would be off by the change (tenths and more)
			assertClose(dl4j.output(x), fast.output(x), 1e-4, "before, " + n + " images");
			randomize(model, 100 + n); // every parameter, biases included
			assertClose(dl4j.output(x), fast.output(x), 1e-4, "after new parameters, " + n + " images");
			for (int l = 0; l < model.getnLayers(); l++)
				model.getLayer(l).getParam("b").putScalar(1, 2.5f);
			assertClose(dl4j.output(x), fast.output(x), 1e-4, "after one value of each bias, " + n + " images");
			assertClose(dl4j.activations(x, 0), fast.activations(x, 0), 1e-4, "the first layer's activations, " + n +
				" images");
		}
	}

	/**
	 * The softmax's exponential in single precision (lever 45) against {@code Math.exp} in double precision rounded
	 * to float: within one unit in the last place over its whole fast range (every 1/4096 and the ends), and the same
	 * float outside it (underflow, overflow, infinities, NaN).
	 */
	@Test
	void expIsWithinAUnitInTheLastPlace() {
		final List<Float> xs = new ArrayList<>();
		for (int i = -87 * 4096; i <= 88 * 4096; i++)
			xs.add(i / 4096f);
		xs.addAll(List.of(-87.33654f, -87.3f, -87.01f, -1e-30f, 0f, -0f, 1e-30f, 87.99999f, 88f));
		for (final float x : xs) {
			final float want = (float) Math.exp(x), got = KernelChain.Act.exp(x);
			assertTrue(Math.abs(got - (double) want) <= Math.ulp(want), "exp(" + x + ") = " + got + ", not " + want);
		}
		for (final float x : new float[] { -87.34f, -100f, -104f, -200f, 88.1f, 88.72f, 89f, 1000f,
			Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN })
			assertEquals((float) Math.exp(x), KernelChain.Act.exp(x), "exp(" + x + ") outside the fast range");
	}

	/**
	 * The softmax of each image against the same in double precision: a few units in the last place for values
	 * near 1, and the small probabilities to their own rounding (relative 1e-5, as |x| ≤ 40 loses |x| · 2⁻²⁴ in the
	 * float difference x − max); a NaN makes its image NaN and no other; −∞ gives 0.
	 */
	@Test
	void softmaxAgreesWithDoublePrecision() {
		final Random r = new Random(21);
		final int units = 10, images = 50;
		final float[] z = new float[units * images];
		for (int i = 0; i < z.length; i++)
			z[i] = (float) (8 * r.nextGaussian());
		z[3 * units + 4] = Float.NaN;
		z[5 * units + 1] = Float.NEGATIVE_INFINITY;
		final float[] p = z.clone();
		KernelChain.Act.SOFTMAX.apply(p, units);
		for (int i = 0; i < images; i++) {
			double max = Double.NEGATIVE_INFINITY, sum = 0;
			for (int j = 0; j < units; j++)
				max = Math.max(max, z[i * units + j]);
			for (int j = 0; j < units; j++)
				sum += Math.exp(z[i * units + j] - max);
			for (int j = 0; j < units; j++) {
				final double want = Math.exp(z[i * units + j] - max) / sum;
				final float got = p[i * units + j];
				if (i == 3) assertTrue(Float.isNaN(got), "image 3 holds a NaN: " + got);
				else assertEquals(want, got, 1e-5 * want + 4 * Math.ulp(1f), "image " + i + ", unit " + j);
			}
		}
		assertEquals(0f, p[5 * units + 1], "exp(−∞) is 0");
	}

	/**
	 * {@link KernelChain#uninitialized} (lever 44) makes ordinary arrays: plain, of the shape asked for, each with
	 * its own memory (the shape information is what they share), usable by ND4J's ops; empty shapes work too.
	 */
	@Test
	void uninitializedArraysAreOrdinaryAndTheirOwn() {
		final INDArray a = KernelChain.uninitialized(3, 4), b = KernelChain.uninitialized(3, 4);
		for (final INDArray x : new INDArray[] { a, b }) {
			assertTrue(KernelChain.plain(x), x.shapeInfoToString());
			assertArrayEquals(new long[] { 3, 4 }, x.shape());
			assertArrayEquals(new long[] { 4, 1 }, x.stride());
			assertEquals(1, x.elementWiseStride());
		}
		final float[] values = new float[12];
		for (int i = 0; i < values.length; i++)
			values[i] = i;
		KernelChain.write(a, values);
		KernelChain.write(b, new float[12]);
		assertArrayEquals(values, KernelChain.floats(a), 0f, "writing b leaves a as it was");
		assertEquals(66, a.sumNumber().doubleValue(), 0, "an ND4J reduction");
		assertEquals(7f, a.add(1).getFloat(1, 2), 0f, "an ND4J op, and indexing");
		assertArrayEquals(new float[] { 0, 4, 8 }, KernelChain.floats(a.getColumn(0).dup()), 0f, "a view's copy");
		final INDArray image = KernelChain.uninitialized(2, 1, 3, 3);
		assertArrayEquals(new long[] { 9, 9, 3, 1 }, image.stride());
		assertEquals(0, KernelChain.uninitialized(0, 10).length(), "no rows");
		// one image's output, a column, one value, one image of one channel, a vector: each holds all of its values
		for (final long[] shape : new long[][] { { 1, 10 }, { 10, 1 }, { 1, 1 }, { 1, 1, 28, 28 }, { 7 } }) {
			final INDArray x = KernelChain.uninitialized(shape);
			assertArrayEquals(shape, x.shape());
			assertTrue(KernelChain.plain(x), x.shapeInfoToString());
			final float[] v = new float[(int) x.length()];
			for (int i = 0; i < v.length; i++)
				v[i] = i + 1;
			assertArrayEquals(v, KernelChain.floats(KernelChain.write(x, v)), 0f, java.util.Arrays.toString(shape));
			assertEquals(v.length * (v.length + 1) / 2.0, x.sumNumber().doubleValue(), 0, "ND4J's sum over " + java.util
				.Arrays.toString(shape));
		}
	}

	@Test
	void lenetGraphAgreesWithDl4j() {
		compare(() -> TestNetworks.lenetGraph(28, DataType.FLOAT, 13).dl4j(), 1, 28, 28, "lenet-graph");
	}

	@Test
	void unusualSettingsAgreeWithDl4j() {
		compare(KernelChainTest::unusual, 2, 21, 19, "unusual");
	}

	@Test
	void stridesAndPaddingAgreeWithDl4j() {
		compare(KernelChainTest::strided, 2, 21, 19, "strided");
	}

	@Test
	void twoInputChannelsThroughMaxPoolingAgreeWithDl4j() {
		compare(KernelChainTest::twoChannels, 2, 12, 11, "two-channels");
	}

	@Test
	void doubleNetworksAndUnsupportedLayersKeepDl4jsPath() {
		assertFalse(TestNetworks.preset("lenet", 28, DataType.DOUBLE, 1).usesKernels());
		assertTrue(TestNetworks.preset("lenet", 28, DataType.FLOAT, 1).usesKernels());
		final MultiLayerNetwork dilated = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).dataType(
			DataType.FLOAT).list().layer(new ConvolutionLayer.Builder(3, 3).dilation(2, 2).nOut(4).activation(
				Activation.RELU).build()).layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
					.activation(Activation.SOFTMAX).build()).setInputType(InputType.convolutional(12, 12, 1)).build());
		dilated.init();
		assertFalse(new Network(dilated, 1, 12, 12, List.of("a", "b", "c"), "dilated").usesKernels());
	}

	/**
	 * Max pooling gives a window's gradient to its first maximum (row by row), as DL4J does, also for ties: a 1 × 1
	 * identity convolution passes images with equal values in their windows straight to a 2 × 2 max pooling, so a
	 * gradient sent to another of the tied values shows (after a ReLU, ties of zeros would hide it).
	 */
	@Test
	void maxPoolingTiesGoToTheFirstMaximumAsInDl4j() {
		// with a ReLU, the first layer's input gradient comes straight from the pooling's (lever 34)
		for (final Activation activation : List.of(Activation.IDENTITY, Activation.RELU))
			tiesGoToTheFirstMaximum(activation);
	}

	private static void tiesGoToTheFirstMaximum(final Activation activation) {
		final MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4).dataType(
			DataType.FLOAT).list() //
			.layer(new ConvolutionLayer.Builder(1, 1).name("c").nOut(1).activation(activation).build()) //
			.layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("p").kernelSize(2, 2).stride(2, 2).build()) //
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(2).activation(
				Activation.SOFTMAX).build()) //
			.setInputType(InputType.convolutional(4, 4, 1)).build());
		net.init();
		net.getLayer(0).setParam("W", Nd4j.ones(DataType.FLOAT, net.getLayer(0).getParam("W").shape()));
		net.getLayer(0).setParam("b", Nd4j.zeros(DataType.FLOAT, net.getLayer(0).getParam("b").shape()));
		final List<String> classes = List.of("a", "b");
		final Network fast = new Network(net, 1, 4, 4, classes, "ties");
		final Network dl4j = onDl4jsLayers(net, 1, 4, 4, classes, "ties");
		assertTrue(fast.usesKernels());
		final INDArray x = Nd4j.create(new float[] { //
			1, 1, 2, 2, /* */ 1, 1, 2, 2, /* */ 3, 3, 4, 4, /* */ 3, 3, 4, 4, // all four tied in every window
			1, 1, 0, 5, /* */ 0, 0, 5, 0, /* */ 0, 0, 2, 7, /* */ 7, 7, 7, 1, // top row tied; b = d; d = e; a = d = e
			0, 2, 3, 1, /* */ 2, 2, 3, 3, /* */ 6, 5, 4, 4, /* */ 6, 6, 4, 4 }, new long[] { 3, 1, 4, 4 }, 'c');
		for (final Target t : List.of(Target.classLogit(fast, 0), Target.classLogit(fast, 1)))
			assertClose(dl4j.gradient(x, t), fast.gradient(x, t), "gradient of " + t + " through tied maxima after " +
				activation);
	}

	/** Two channels; padding 1 with stride 2 and a remainder; Same mode; average pooling; sigmoid and tanh. */
	static Model unusual() {
		final MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5).dataType(
			DataType.FLOAT).updater(new Adam(1e-3)).list() //
			.layer(new ConvolutionLayer.Builder(4, 3).name("c1").stride(2, 2).padding(1, 1).nOut(5).activation(
				Activation.RELU).build()) //
			.layer(new SubsamplingLayer.Builder(PoolingType.AVG).name("p1").kernelSize(3, 2).stride(1, 2).build()) //
			.layer(new ConvolutionLayer.Builder(3, 3).name("c2").convolutionMode(ConvolutionMode.Same).nOut(6)
				.activation(Activation.TANH).build()) //
			.layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("p2").kernelSize(2, 2).stride(2, 2).build()) //
			.layer(new DenseLayer.Builder().name("d1").nOut(9).activation(Activation.SIGMOID).build()) //
			.layer(new DenseLayer.Builder().name("d2").nOut(7).activation(Activation.IDENTITY).build()) //
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(4).activation(
				Activation.SOFTMAX).build()) //
			.setInputType(InputType.convolutional(21, 19, 2)).build());
		net.init();
		return net;
	}

	/**
	 * Strides and padding whose transposed convolution gives back the input's size (the input gradient by deconv2d):
	 * 2 × 21 × 19 → 8 × 11 × 10 (3 × 3, stride 2, padding 1) → 4 × 9 × 6 (3 × 2, strides 1 and 2, padding 0 and 1).
	 */
	static Model strided() {
		final MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(6).dataType(
			DataType.FLOAT).updater(new Adam(1e-3)).list() //
			.layer(new ConvolutionLayer.Builder(3, 3).name("c1").stride(2, 2).padding(1, 1).nOut(8).activation(
				Activation.RELU).build()) //
			.layer(new ConvolutionLayer.Builder(3, 2).name("c2").stride(1, 2).padding(0, 1).nOut(4).activation(
				Activation.TANH).build()) //
			.layer(new DenseLayer.Builder().name("d1").nOut(9).activation(Activation.SIGMOID).build()) //
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(4).activation(
				Activation.SOFTMAX).build()) //
			.setInputType(InputType.convolutional(21, 19, 2)).build());
		net.init();
		return net;
	}

	/**
	 * Two input channels, a 3 × 3 ReLU convolution and a 2 × 2 max pooling that leaves a column out: the first
	 * layer's input gradient comes straight from the pooling's (lever 34), by the general loops: 2 × 12 × 11 → 6 × 10
	 * × 9 → 6 × 5 × 4.
	 */
	static Model twoChannels() {
		final MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7).dataType(
			DataType.FLOAT).updater(new Adam(1e-3)).list() //
			.layer(new ConvolutionLayer.Builder(3, 3).name("c1").nOut(6).activation(Activation.RELU).build()) //
			.layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("p1").kernelSize(2, 2).stride(2, 2).build()) //
			.layer(new DenseLayer.Builder().name("d1").nOut(7).activation(Activation.TANH).build()) //
			.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("out").nOut(3).activation(
				Activation.SOFTMAX).build()) //
			.setInputType(InputType.convolutional(12, 11, 2)).build());
		net.init();
		return net;
	}

	private static void compare(final Supplier<Model> build, final int channels, final int h, final int w,
		final String name)
	{
		final Model model = build.get();
		randomize(model, 99);
		final int k = (int) model.params().length() > 0 ? outputs(model) : 0;
		final List<String> classes = classNames(k);
		final Network fast = new Network(model, channels, h, w, classes, name);
		final Network dl4j = onDl4jsLayers(model, channels, h, w, classes, name);
		assertTrue(fast.usesKernels(), name + ": expected the kernels to support this network");
		assertFalse(dl4j.usesKernels());
		final Random r = new Random(7);
		final INDArray x = randomImages(r, N, channels, h, w);
		final int layers = fast.layers().size();
		for (int l = 0; l < layers; l++) {
			final INDArray a = dl4j.activations(x, l);
			assertClose(a, fast.activations(x, l), name + " activations of " + fast.layers().get(l));
			assertArrayEquals(a.shape(), fast.activations(x, l).shape(), name + " shape of layer " + l);
			if (l < layers - 1) {
				assertClose(dl4j.forward(a, l, layers - 1), fast.forward(a, l, layers - 1), name + " forward from " + l);
				assertClose(dl4j.logits(a, l), fast.logits(a, l), name + " logits from " + l);
			}
		}
		// the first layer reads plain (c-order, own buffer) input in place, other input through a copy: both agree
		final INDArray xf = x.dup('f'), xView = Nd4j.create(DataType.FLOAT, 2 * N, channels, h, w).get(NDArrayIndex
			.interval(N, 2 * N), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).assign(x);
		// a permuted array: its own whole buffer, reported as neither a view nor f order, but not in c order
		final INDArray xPermuted = Nd4j.create(DataType.FLOAT, x.size(0), w, h, channels).permute(0, 3, 2, 1).assign(x);
		assertFalse(KernelChain.plain(xf) || KernelChain.plain(xView) || KernelChain.plain(xPermuted) || !KernelChain
			.plain(x), "the layouts meant");
		// a reshaped array (as ablations pass recorded activations): ND4J calls it a view, but it is its whole buffer
		final INDArray xReshaped = Nd4j.create(DataType.FLOAT, x.size(0), x.length() / x.size(0)).assign(x.reshape('c',
			x.size(0), x.length() / x.size(0))).reshape('c', x.shape());
		assertTrue(xReshaped.isView() && KernelChain.plain(xReshaped), xReshaped.shapeInfoToString());
		final INDArray expected = dl4j.output(x);
		for (final INDArray input : new INDArray[] { x, xf, xView, xPermuted, xReshaped })
			assertClose(expected, fast.output(input), name + " output of images in order " + input.ordering() +
				(input.isView() ? ", a view" : "") + (input == xPermuted ? ", permuted" : ""));
		for (final LayerInfo info : fast.layers()) {
			final List<Target> targets = new ArrayList<>();
			for (int i = 0; i < N; i++)
				targets.add(info.index() == layers - 1 ? (i % 2 == 0 ? Target.classLogit(fast, i % k) : Target
					.classProbability(fast, i % k)) : info.isSpatial() && i % 2 == 0 ? Target.channel(fast, info.name(), i %
						(int) info.channels()) : Target.unit(fast, info.name(), (int) ((i * 37L) % info.units())));
			if (info.index() == layers - 1) { // logits and probabilities separately: one call reads one kind
				checkGradient(fast, dl4j, x, targets.stream().filter(t -> t.onLogits()).toList(), name, info);
				checkGradient(fast, dl4j, x, targets.stream().filter(t -> !t.onLogits()).toList(), name, info);
			}
			else checkGradient(fast, dl4j, x, targets, name, info);
			if (info.isSpatial()) { // every image on one channel
				int live = 0; // the first channel whose gradient is not zero (with ReLU, a channel can be silent)
				while (live < info.channels() - 1 && dl4j.gradient(x, Target.channel(dl4j, info.name(), live))
					.amaxNumber().doubleValue() == 0)
					live++;
				checkGradient(fast, dl4j, x, java.util.Collections.nCopies(N, Target.channel(fast, info.name(), live)), name,
					info);
			}
			final Target one = info.index() == layers - 1 ? Target.classLogit(fast, 1) : Target.unit(fast, info.name(), 0);
			assertClose(dl4j.gradient(x, one), fast.gradient(x, one), name + " gradient of " + one);
		}
	}

	private static void checkGradient(final Network fast, final Network dl4j, final INDArray x, final List<Target> ts,
		final String name, final LayerInfo info)
	{
		final INDArray sub = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, ts.size())).dup('c');
		final INDArray expected = dl4j.gradient(sub, ts);
		assertTrue(expected.amaxNumber().doubleValue() > 0 || info.index() == 0, name + ": the gradient of " + info +
			" should not be zero everywhere (a test that cannot fail)");
		assertClose(expected, fast.gradient(sub, ts), name + " gradients of targets on " + info);
		final INDArray values = dl4j.targetValues(sub, ts);
		for (final Network net : List.of(fast, dl4j)) { // both paths of gradientAndValues
			final Network.GradientAndValues gv = net.gradientAndValues(sub, ts);
			assertClose(expected, gv.gradient(), name + " gradientAndValues' gradients on " + info);
			assertClose(values, Nd4j.createFromArray(gv.values()), name + " gradientAndValues' values on " + info);
		}
	}

	/** "class0", "class1", …: k names. */
	private static List<String> classNames(final int k) {
		final List<String> classes = new ArrayList<>();
		for (int c = 0; c < k; c++)
			classes.add("class" + c);
		return classes;
	}

	/** n images [n, channels, h, w] (c order) of values uniform in [0, 1). */
	private static INDArray randomImages(final Random r, final int n, final int channels, final int h, final int w) {
		final float[] pixels = new float[n * channels * h * w];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = r.nextFloat();
		return Nd4j.create(pixels, new long[] { n, channels, h, w }, 'c');
	}

	private static int outputs(final Model model) {
		final INDArray out = model instanceof MultiLayerNetwork m ? m.getLayer(m.getnLayers() - 1).getParam("b")
			: ((org.deeplearning4j.nn.graph.ComputationGraph) model).getLayers()[((org.deeplearning4j.nn.graph.ComputationGraph) model)
				.getLayers().length - 1].getParam("b");
		return (int) out.length();
	}

	/** The network on DL4J's layers ({@code insilico.kernels=false}): the reference the kernels are compared with. */
	private static Network onDl4jsLayers(final Model model, final int channels, final int h, final int w,
		final List<String> classes, final String name)
	{
		System.setProperty(KernelChain.PROPERTY, "false");
		try {
			return new Network(model, channels, h, w, classes, name);
		}
		finally {
			System.clearProperty(KernelChain.PROPERTY);
		}
	}

	/**
	 * The `mlp` preset (built with {@code seed}, then {@link #randomize}d with {@code parameters}), on the kernels and
	 * on DL4J's layers; both read the same DL4J model.
	 */
	private record Mlp(MultiLayerNetwork model, Network fast, Network dl4j) {

		static Mlp of(final long seed, final long parameters) {
			final MultiLayerNetwork model = (MultiLayerNetwork) TestNetworks.preset("mlp", 28, DataType.FLOAT, seed)
				.dl4j();
			randomize(model, parameters);
			final List<String> classes = classNames(outputs(model));
			return new Mlp(model, new Network(model, 1, 28, 28, classes, "mlp"), onDl4jsLayers(model, 1, 28, 28, classes,
				"mlp"));
		}
	}

	/** Every parameter drawn from N(0, 0.3²), so that biases are not zero. */
	private static void randomize(final Model model, final long seed) {
		final Random r = new Random(seed);
		final INDArray p = model.params();
		final float[] v = new float[(int) p.length()];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) (0.3 * r.nextGaussian());
		model.setParams(Nd4j.create(v, new long[] { 1, v.length }));
	}

	private static void assertClose(final INDArray expected, final INDArray actual, final String what) {
		assertClose(expected, actual, 1e-5, what);
	}

	/** Equal to {@code relative} × the largest |expected| (+ 1e-7). */
	private static void assertClose(final INDArray expected, final INDArray actual, final double relative,
		final String what)
	{
		assertNotNull(actual, what);
		assertEquals(expected.length(), actual.length(), what + ": length");
		final float[] e = KernelChain.floats(expected), a = KernelChain.floats(actual);
		double scale = 0;
		for (final float v : e)
			scale = Math.max(scale, Math.abs(v));
		for (int i = 0; i < e.length; i++)
			assertEquals(e[i], a[i], relative * scale + 1e-7, what + ": value " + i + " of " + e.length);
	}
}
