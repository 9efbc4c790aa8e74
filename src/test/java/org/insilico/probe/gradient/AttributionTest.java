package org.insilico.probe.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.imglib2.img.array.ArrayImgs;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.model.TestNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * One table of (method, network, target) drives the invariants every method must satisfy (after Captum's tests):
 * the result has the images' dimensions, and attributing a stack equals attributing its images one by one. Then
 * each method against its own independent truth.
 */
class AttributionTest {

	static final Network LENET = TestNetworks.preset("lenet", 28, DataType.FLOAT, 7);
	static final Network LENET64 = LENET.withDataType(DataType.DOUBLE);
	static final Network MLP = TestNetworks.preset("mlp", 28, DataType.FLOAT, 8);

	static float[] images(final int n, final long seed) {
		return TestNetworks.randomImages(n, 28, DataType.FLOAT, seed).data().asFloat();
	}

	static Stream<Arguments> table() {
		final List<Arguments> a = new ArrayList<>();
		final List<Attribution> methods = List.of(new Saliency(false), new Saliency(true), new GradientTimesInput(),
			new SmoothGrad(new SmoothGrad.Options(8, 0.15, false, 3)), new SmoothGrad(new SmoothGrad.Options(8, 0.15, true,
				3)), new IntegratedGradients(IntegratedGradients.Options.defaults().withSteps(16)), new IntegratedGradients(
					new IntegratedGradients.Options(IntegratedGradients.Baseline.BLURRED, null, 3, 16)), new Occlusion(
						new Occlusion.Options(7, 7, 0)));
		for (final Attribution m : methods) {
			a.add(Arguments.of(m, LENET, "output:class:3"));
			a.add(Arguments.of(m, LENET, "conv2:channel:4"));
			a.add(Arguments.of(m, MLP, "dense2:unit:9"));
			a.add(Arguments.of(m, LENET, "predicted"));
		}
		return a.stream();
	}

	@ParameterizedTest(name = "{0} on {2}")
	@MethodSource("table")
	void shapeIsTheImagesAndBatchedEqualsOneByOne(final Attribution method, final Network net, final String spec) {
		final float[] pixels = images(3, 5);
		final Target target = spec.equals("predicted") ? null : Target.parse(spec, net);
		final Attribution.Result all = method.attribute(net, ArrayImgs.floats(pixels, 28, 28, 3), target, Progress.NONE);
		assertArrayEquals(new long[] { 28, 28, 3 }, all.map().dimensionsAsLongArray());
		assertEquals(3, all.targetValues().length);
		final float[] map = all.map().update(null).getCurrentStorageArray();
		for (int i = 0; i < 3; i++) {
			final float[] one = java.util.Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784);
			final Attribution.Result single = method.attribute(net, ArrayImgs.floats(one, 28, 28), target, Progress.NONE);
			assertArrayEquals(java.util.Arrays.copyOfRange(map, i * 784, (i + 1) * 784), single.map().update(null)
				.getCurrentStorageArray(), 1e-5f, method.name() + " image " + i);
			assertEquals(all.targetValues()[i], single.targetValues()[0], 1e-5);
		}
	}

	@Test
	void gradientAndGradientTimesInputAgreeWithFiniteDifferences() {
		final float[] pixels = images(2, 9);
		final Target t = mostActive(LENET64, pixels);
		final float[] g = new Saliency(false).attribute(LENET64, ArrayImgs.floats(pixels, 28, 28, 2), t, Progress.NONE)
			.map().update(null).getCurrentStorageArray();
		final float[] gx = new GradientTimesInput().attribute(LENET64, ArrayImgs.floats(pixels, 28, 28, 2), t,
			Progress.NONE).map().update(null).getCurrentStorageArray();
		final double h = 1e-5;
		double maxRel = 0, norm = 0;
		for (int img = 0; img < 2; img++)
			for (int p = 0; p < 784; p += 7) {
				final double[] plus = new double[784], minus = new double[784];
				for (int k = 0; k < 784; k++)
					plus[k] = minus[k] = pixels[img * 784 + k];
				plus[p] += h;
				minus[p] -= h;
				final INDArray x = org.nd4j.linalg.factory.Nd4j.create(new double[][] { plus, minus }).reshape(2, 1, 28, 28);
				final double[] v = LENET64.targetValues(x, t).data().asDouble();
				final double fd = (v[0] - v[1]) / (2 * h);
				final double an = g[img * 784 + p];
				norm += an * an;
				if (Math.max(Math.abs(fd), Math.abs(an)) > 1e-6) maxRel = Math.max(maxRel, Math.abs(fd - an) / Math.max(Math
					.abs(fd), Math.abs(an)));
				assertEquals(pixels[img * 784 + p] * fd, gx[img * 784 + p], 1e-3 * Math.abs(fd) + 1e-9);
			}
		assertTrue(norm > 0);
		assertTrue(maxRel <= 1e-3, "max relative error " + maxRel);
	}

	/** A network of one dense softmax layer: the gradient image of class k is row k of the weight matrix, exactly. */
	@Test
	void linearNetworkGradientIsTheWeightRow() {
		final MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).dataType(
			DataType.FLOAT).list().layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(4)
				.activation(Activation.SOFTMAX).build()).setInputType(InputType.convolutional(10, 10, 1)).build());
		net.init();
		final Network linear = new Network(net, 1, 10, 10, List.of("a", "b", "c", "d"), "linear");
		final INDArray weights = linear.dl4jLayer(0).getParam("W"); // [in, out]: column k is row k of W (out × in)
		final float[] pixels = TestNetworks.randomImages(2, 10, DataType.FLOAT, 4).data().asFloat();
		for (int k = 0; k < 4; k++) {
			final float[] g = new Saliency(false).attribute(linear, ArrayImgs.floats(pixels, 10, 10, 2), Target.classLogit(
				linear, k), Progress.NONE).map().update(null).getCurrentStorageArray();
			final float[] row = weights.getColumn(k).dup().data().asFloat();
			assertArrayEquals(row, java.util.Arrays.copyOfRange(g, 0, 100), 0f);
			assertArrayEquals(row, java.util.Arrays.copyOfRange(g, 100, 200), 0f);
		}
	}

	@Test
	void occlusionWithAWholeImagePatchIsTheDropToTheFillImage() {
		final float[] pixels = images(2, 3);
		final Target t = Target.parse("output:probability:2", LENET);
		final float fill = 0.25f;
		final float[] map = new Occlusion(new Occlusion.Options(28, 1, fill)).attribute(LENET, ArrayImgs.floats(pixels,
			28, 28, 2), t, Progress.NONE).map().update(null).getCurrentStorageArray();
		final float[] filled = new float[2 * 784];
		java.util.Arrays.fill(filled, fill);
		final double[] tx = LENET.targetValues(LENET.toInput(pixels), t).castTo(DataType.DOUBLE).data().asDouble();
		final double tf = LENET.targetValues(LENET.toInput(filled), t).getDouble(0);
		for (int i = 0; i < 2 * 784; i++)
			assertEquals(tx[i / 784] - tf, map[i], 1e-6);
	}

	/**
	 * A LeNet trained on the built-in digits. (An untrained DL4J network has zero biases, so a black image lies
	 * exactly on a kink of every ReLU and a tie of every max-pool, where the gradient is arbitrary.)
	 */
	static final class Trained {

		static final Network NET = org.insilico.model.Trainer.train(org.insilico.data.StimulusSets.generate("digits",
			8000, 28, 5), null, org.insilico.model.Trainer.Options.defaults("lenet").withEpochs(2), Progress.NONE).network();
	}

	static final float[] DIGITS = org.insilico.data.StimulusSets.generate("digits", 10, 28, 77).pixelArray();

	/**
	 * Completeness, Σ attributions = t(x) − t(x'). The trapezoid rule's error is O(1/M) at the ReLU kinks along the
	 * path: for each digit's predicted-class logit, within 2 % at M = 64 (typically under 1 %: the demo reports its
	 * worst digit; the worst seen here is 1.3 %, blurred baseline) and within 1 % at M = 256, from each baseline; and
	 * within 1 % at M = 256 for the predicted class's probability and for targets at every layer. (Relative to
	 * t(x) − t(x'), the error is largest where the target barely changes along the path, e.g. the probability of a
	 * class the image is not.)
	 */
	@Test
	void integratedGradientsAreComplete() {
		final Network net = Trained.NET;
		final var images = ArrayImgs.floats(DIGITS, 28, 28, 10);
		for (final IntegratedGradients.Baseline b : List.of(IntegratedGradients.Baseline.BLACK,
			IntegratedGradients.Baseline.BLURRED, IntegratedGradients.Baseline.MEAN))
			for (final int m : new int[] { 64, 256 }) {
				final IntegratedGradients ig = new IntegratedGradients(new IntegratedGradients.Options(b, null, 4, m));
				final double worst = max(ig.completenessErrors(net, DIGITS, ig.attribute(net, images, null, Progress.NONE)));
				assertTrue(worst <= (m == 64 ? 0.02 : 0.01), "predicted-class logits, baseline " + b + ", M = " + m +
					": completeness error " + worst);
			}
		final float[] two = java.util.Arrays.copyOf(DIGITS, 2 * 784);
		final List<Target> probabilities = Attribution.predictedClasses(net, two, Progress.NONE).stream().map(t -> Target
			.classProbability(net, argmax(t.weights()))).toList();
		final IntegratedGradients ig256 = new IntegratedGradients(IntegratedGradients.Options.defaults().withSteps(256));
		final double worstProbability = max(ig256.completenessErrors(net, two, ig256.attribute(net, two, probabilities,
			Progress.NONE)));
		assertTrue(worstProbability <= 0.01, "predicted-class probabilities, black baseline, M = 256: completeness error " +
			worstProbability);
		for (final String spec : List.of("conv1:channel:2", "pool1:channel:5", "conv2:channel:3",
			"pool2:channel:9", "dense1:unit:max"))
		{
			final Target t = spec.endsWith("max") ? mostActive(net, two) : Target.parse(spec, net);
			final IntegratedGradients ig = new IntegratedGradients(IntegratedGradients.Options.defaults().withSteps(256));
			final double worst = max(ig.completenessErrors(net, two, ig.attribute(net, ArrayImgs.floats(two, 28, 28, 2), t,
				Progress.NONE)));
			assertTrue(worst <= 0.01, spec + ", black baseline, M = 256: completeness error " + worst);
		}
		// a method without a baseline has no completeness to check
		assertEquals(0, new Saliency(false).completenessErrors(LENET, two, new Saliency(false).attribute(LENET,
			ArrayImgs.floats(two, 28, 28, 2), null, Progress.NONE)).length);
	}

	static int argmax(final double[] v) {
		int best = 0;
		for (int i = 1; i < v.length; i++)
			if (v[i] > v[best]) best = i;
		return best;
	}

	static double max(final double[] v) {
		double m = 0;
		for (final double x : v)
			m = Math.max(m, x);
		return m;
	}

	static Target mostActive(final Network net, final float[] pixels) {
		final INDArray a = net.activations(net.toInput(pixels), net.layer("dense1").index());
		return Target.unit(net, "dense1", a.sum(0).argMax().getInt(0));
	}

	@Test
	void smoothGradWithoutNoiseIsTheGradientAndIsSeeded() {
		final float[] pixels = images(2, 4);
		final Target t = Target.parse("output:class:5", LENET);
		final float[] g = new Saliency(false).attribute(LENET, ArrayImgs.floats(pixels, 28, 28, 2), t, Progress.NONE)
			.map().update(null).getCurrentStorageArray();
		final float[] s0 = new SmoothGrad(new SmoothGrad.Options(5, 0, false, 1)).attribute(LENET, ArrayImgs.floats(
			pixels, 28, 28, 2), t, Progress.NONE).map().update(null).getCurrentStorageArray();
		assertArrayEquals(g, s0, 1e-6f);
		final SmoothGrad noisy = new SmoothGrad(new SmoothGrad.Options(5, 0.2, true, 9));
		final float[] a = noisy.attribute(LENET, ArrayImgs.floats(pixels, 28, 28, 2), t, Progress.NONE).map().update(
			null).getCurrentStorageArray();
		final float[] b = noisy.attribute(LENET, ArrayImgs.floats(pixels, 28, 28, 2), t, Progress.NONE).map().update(
			null).getCurrentStorageArray();
		assertArrayEquals(a, b, 0f);
		for (final float v : a)
			assertTrue(v >= 0, "squared gradients are not negative");
	}

	@Test
	void allUnitsOfALayerForOneImage() {
		final float[] one = images(1, 6);
		final Attribution.Result r = new Saliency(false).attributeUnits(LENET, ArrayImgs.floats(one, 28, 28), "conv2",
			Progress.NONE);
		assertArrayEquals(new long[] { 28, 28, 16 }, r.map().dimensionsAsLongArray());
		final float[] channel7 = new Saliency(false).attribute(LENET, ArrayImgs.floats(one, 28, 28), Target.channel(
			LENET, "conv2", 7), Progress.NONE).map().update(null).getCurrentStorageArray();
		assertArrayEquals(channel7, java.util.Arrays.copyOfRange(r.map().update(null).getCurrentStorageArray(), 7 * 784,
			8 * 784), 1e-6f);
		assertEquals(10, new Saliency(false).attributeUnits(LENET, ArrayImgs.floats(one, 28, 28), "output",
			Progress.NONE).targets().size());
	}

	@Test
	void tenThousandImagesRunInBatchesWithProgressAndCanBeCancelled() {
		final int n = 10_000;
		final float[] pixels = new float[n * 784];
		final float[] few = images(10, 2);
		for (int i = 0; i < n; i++)
			System.arraycopy(few, (i % 10) * 784, pixels, i * 784, 784);
		final List<Long> reports = new ArrayList<>();
		final Progress record = (stage, done, total) -> {
			assertEquals(n, total);
			reports.add(done);
		};
		final Attribution.Result r = new Saliency(false).attribute(MLP, ArrayImgs.floats(pixels, 28, 28, n), Target.parse(
			"output:class:1", MLP), record);
		assertTrue(reports.size() > 10, "batches: " + reports.size());
		for (int i = 1; i < reports.size(); i++)
			assertTrue(reports.get(i) > reports.get(i - 1));
		assertEquals(n, (long) reports.get(reports.size() - 1));
		final float[] map = r.map().update(null).getCurrentStorageArray();
		assertArrayEquals(java.util.Arrays.copyOfRange(map, 3 * 784, 4 * 784), java.util.Arrays.copyOfRange(map, 9993 *
			784, 9994 * 784), 1e-6f, "image 9993 is image 3 again");
		final Progress cancelAtOnce = new Progress() {

			@Override
			public void report(final String stage, final long done, final long total) {}

			@Override
			public boolean isCanceled() {
				return true;
			}
		};
		assertThrows(org.insilico.CanceledException.class, () -> new IntegratedGradients(IntegratedGradients.Options
			.defaults()).attribute(MLP, ArrayImgs.floats(pixels, 28, 28, n), null, cancelAtOnce));
	}

	@Test
	void badInputIsRefusedWithTheParameterNamed() {
		final var img = ArrayImgs.floats(images(1, 1), 28, 28);
		message("steps = 0", () -> new IntegratedGradients(IntegratedGradients.Options.defaults().withSteps(0)));
		message("samples = 0", () -> new SmoothGrad(new SmoothGrad.Options(0, 0.1, false, 1)));
		message("samples = -2", () -> new SmoothGrad(new SmoothGrad.Options(-2, 0.1, false, 1)));
		message("noise = -0.1", () -> new SmoothGrad(new SmoothGrad.Options(5, -0.1, false, 1)));
		message("patch = 29", () -> new Occlusion(new Occlusion.Options(29, 2, 0)).attribute(LENET, img, null,
			Progress.NONE));
		message("stride = 5", () -> new Occlusion(new Occlusion.Options(4, 5, 0)));
		message("baseline image = 100 pixels", () -> new IntegratedGradients(IntegratedGradients.Options.defaults()
			.withBaseline(IntegratedGradients.Baseline.IMAGE, new float[100])).attribute(LENET, img, null, Progress.NONE));
		message("images = 32x32 pixels", () -> new Saliency(false).attribute(LENET, ArrayImgs.floats(32, 32), null,
			Progress.NONE));
		message("method = 'lrp'", () -> Attribution.of("lrp"));
		message("target = 'conv3:channel:1': layer = 'conv3'", () -> Target.parse("conv3:channel:1", LENET));
		for (final String m : Attribution.METHODS)
			assertEquals(28 * 28, Attribution.of(m).attribute(MLP, img, null, Progress.NONE).map().size());
	}

	static void message(final String start, final org.junit.jupiter.api.function.Executable e) {
		final InSilicoException x = assertThrows(InSilicoException.class, e);
		assertTrue(x.getMessage().startsWith(start), x.getMessage());
	}
}
