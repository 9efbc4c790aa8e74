package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Training on the kernels ({@link Network#fit} through {@link KernelChain#train} and {@link KernelUpdater}) against
 * DL4J's own {@code MultiLayerNetwork.fit} on the same network, the independent truth: the same parameter gradients,
 * the same parameters after several steps of SGD, Nesterov momentum and Adam, with and without weight decay, the same
 * scores and iteration counts; the Java update equals DL4J's updater, state included; and
 * dropout, which DL4J's configuration asks for, is applied (it used to be removed with the inference settings).
 */
class KernelTrainingTest {

	private static final int BATCH = 16;

	@Test
	void gradientsEqualDl4js() {
		for (final String preset : List.of("lenet", "mlp", "unusual"))
			gradientsEqualDl4js(preset, preset.equals("unusual") ? unusualBatch() : batch(1));
	}

	/**
	 * From 57 images on, the lowest convolution's weight gradient is summed in two halves at once
	 * ({@link KernelChain#SPLIT_SUM_ROWS}); at 64 images it must still equal DL4J's.
	 */
	@Test
	void largeBatchGradientsEqualDl4js() {
		assertTrue(64 * 24 * 24 >= KernelChain.SPLIT_SUM_ROWS, "the batch takes the two halves");
		gradientsEqualDl4js("lenet", batch(3, 64));
	}

	/** The kernels' parameter gradients and loss on a batch, before DL4J's updater turns them into an update. */
	private static void gradientsEqualDl4js(final String preset, final INDArray[] batch) {
		final Network fast = network(preset, new Sgd(0.1), 0, true), dl4j = network(preset, new Sgd(0.1), 0, false);
		assertTrue(fast.trainsOnKernels(), preset);
		assertFalse(dl4j.trainsOnKernels(), preset);
		final MultiLayerNetwork reference = (MultiLayerNetwork) dl4j.dl4j();
		reference.setInput(batch[0]);
		reference.setLabels(batch[1]);
		reference.computeGradientAndScore();
		final float[] expected = KernelChain.floats(reference.getFlattenedGradients());
		final MultiLayerNetwork net = (MultiLayerNetwork) fast.dl4j();
		final double[] keepAll = new double[net.getnLayers()];
		java.util.Arrays.fill(keepAll, 1);
		final double loss = fast.kernels().train(batch[0], batch[1], keepAll, null, fast.gradientViews());
		final float[] actual = KernelChain.floats(net.getFlattenedGradients());
		final String what = preset + ", " + batch[0].size(0) + " images";
		assertClose(expected, actual, 1e-4, what + ": parameter gradients");
		assertEquals(reference.score(), loss, 1e-5 * Math.abs(loss), what + ": loss");
	}

	@Test
	void sgdWithWeightDecayFollowsDl4j() {
		steps("lenet", new Sgd(0.05), 1e-2, 10, 1e-4);
		steps("mlp", new Sgd(0.05), 1e-2, 10, 1e-4);
	}

	@Test
	void adamFollowsDl4j() {
		steps("lenet", new Adam(1e-3), 0, 10, 2e-3);
		steps("mlp", new Adam(1e-3), 1e-2, 10, 2e-3);
	}

	@Test
	void nesterovMomentumWithWeightDecayFollowsDl4j() { // the Trainer's SGD
		steps("lenet", new Nesterovs(0.02, 0.9), 1e-2, 10, 1e-4);
	}

	/**
	 * {@link KernelUpdater} against DL4J's updater on the same gradients, step after step: the parameters and DL4J's
	 * updater state (Adam's m and v, the momentum's v) agree, so the state stays DL4J's to save and resume.
	 */
	@Test
	void javaUpdateEqualsDl4jsUpdater() {
		for (final IUpdater u : List.of(new Adam(1e-2), new Nesterovs(0.05, 0.9), new Sgd(0.1)))
			for (final double decay : new double[] { 0, 0.05 }) {
				final MultiLayerNetwork ours = (MultiLayerNetwork) network("mlp", u, decay, true).dl4j(),
					theirs = (MultiLayerNetwork) network("mlp", u, decay, true).dl4j();
				final KernelUpdater updater = KernelUpdater.of(ours);
				assertTrue(updater != null, u + " is covered");
				final Random r = new Random(8);
				final float[] start = KernelChain.floats(theirs.params());
				for (int step = 0; step < 6; step++) {
					final float[] g = new float[(int) ours.numParams()];
					for (int i = 0; i < g.length; i++)
						g[i] = (float) (r.nextGaussian() * BATCH * (i % 7 == 0 ? 10 : 0.1));
					KernelChain.write(ours.getFlattenedGradients(), g);
					KernelChain.write(theirs.getFlattenedGradients(), g);
					updater.step(ours, step, 0, BATCH);
					theirs.getUpdater().update(theirs, new org.deeplearning4j.nn.gradient.DefaultGradient(theirs
						.getFlattenedGradients()), step, 0, BATCH, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr
							.noWorkspaces());
					theirs.params().subi(theirs.getFlattenedGradients().reshape(theirs.params().shape()));
				}
				final float[] expected = KernelChain.floats(theirs.params()), actual = KernelChain.floats(ours.params());
				double moved = 0;
				for (int i = 0; i < start.length; i++)
					moved = Math.max(moved, Math.abs(expected[i] - start[i]));
				assertTrue(moved > 1e-3, u + ": the steps moved the parameters");
				for (int i = 0; i < start.length; i++)
					assertEquals(expected[i], actual[i], 1e-5 * moved, u + " decay " + decay + ": parameter " + i);
				if (!(u instanceof Sgd)) assertClose(KernelChain.floats(theirs.getUpdater().getStateViewArray()),
					KernelChain.floats(ours.getUpdater().getStateViewArray()), 1e-5, u + " decay " + decay + ": state");
			}
	}

	@Test
	void otherOptimizersKeepDl4jsUpdater() {
		final MultiLayerNetwork net = (MultiLayerNetwork) network("mlp", new RmsProp(1e-3), 0, true).dl4j();
		assertEquals(null, KernelUpdater.of(net));
		steps("mlp", new RmsProp(1e-3), 0, 3, 2e-3);
	}

	/**
	 * Dropout as configured (keep probability 0.5 on the inputs of the layers after the hidden dense layers): the same
	 * seed repeats, and it changes training.
	 */
	@Test
	void dropoutIsAppliedAndRepeats() {
		final INDArray[] batch = batch(4);
		final Network a = withDropout(0.5), b = withDropout(0.5), none = withDropout(0);
		final double la = a.fit(batch[0], batch[1]), lb = b.fit(batch[0], batch[1]), ln = none.fit(batch[0], batch[1]);
		assertEquals(la, lb, 0, "same seed, same masks");
		assertEquals(a.dl4j().params(), b.dl4j().params());
		assertNotEquals(la, ln, "dropout changes the loss of the step");
		assertNotEquals(a.dl4j().params(), none.dl4j().params());
		assertEquals(a.fit(batch[0], batch[1]), b.fit(batch[0], batch[1]), 0, "the second step repeats too");
	}

	private static Network withDropout(final double dropout) {
		return Architectures.create("mlp", 1, 28, 28, TestNetworks.DIGIT_CLASSES, new Architectures.Hyper(new Sgd(0.1), 0,
			dropout, 3, DataType.FLOAT));
	}

	/**
	 * n steps on both paths: scores and iteration counts agree, and the parameters differ by at most {@code tolerance}
	 * times the largest change training made to any parameter.
	 */
	private static void steps(final String preset, final IUpdater updater, final double decay, final int n,
		final double tolerance)
	{
		final Network fast = network(preset, updater, decay, true), dl4j = network(preset, updater, decay, false);
		for (int s = 0; s < n; s++) {
			final INDArray[] batch = batch(10 + s);
			final double a = fast.fit(batch[0], batch[1]), b = dl4j.fit(batch[0], batch[1]);
			assertEquals(b, a, 1e-3 * Math.abs(b), preset + " score at step " + s);
		}
		assertEquals(BaseOptimizer.getIterationCount(dl4j.dl4j()), BaseOptimizer.getIterationCount(fast.dl4j()));
		assertEquals(n, BaseOptimizer.getIterationCount(fast.dl4j()));
		final float[] expected = KernelChain.floats(dl4j.dl4j().params()), actual = KernelChain.floats(fast.dl4j()
			.params());
		final float[] start = KernelChain.floats(network(preset, updater, decay, false).dl4j().params());
		double moved = 0, differ = 0;
		for (int i = 0; i < start.length; i++) {
			moved = Math.max(moved, Math.abs(expected[i] - start[i]));
			differ = Math.max(differ, Math.abs(expected[i] - actual[i]));
		}
		System.out.printf("%s %s: parameters moved up to %.3g, the two paths differ by up to %.3g%n", preset, updater
			.getClass().getSimpleName(), moved, differ);
		assertTrue(moved > 0.005, preset + ": training moved the parameters by " + moved);
		assertTrue(differ <= tolerance * moved, preset + " " + updater + ": the paths differ by " + differ +
			" after parameters moved by " + moved);
	}

	private static Network network(final String preset, final IUpdater updater, final double decay,
		final boolean kernels)
	{
		if (!kernels) System.setProperty(KernelChain.PROPERTY, "false");
		try {
			if (preset.equals("unusual")) // padding with a stride that leaves a remainder (the first layer), Same mode,
				return new Network(KernelChainTest.unusual(), 2, 21, 19, List.of("a", "b", "c", "d"), preset); // average pooling
			return Architectures.create(preset, 1, 28, 28, TestNetworks.DIGIT_CLASSES, new Architectures.Hyper(updater,
				decay, 0, 21, DataType.FLOAT));
		}
		finally {
			System.clearProperty(KernelChain.PROPERTY);
		}
	}


	/** Images and labels for {@link KernelChainTest#unusual}: 2 channels, 21 × 19 pixels, 4 classes. */
	private static INDArray[] unusualBatch() {
		final Random r = new Random(5);
		final float[] v = new float[BATCH * 2 * 21 * 19];
		for (int i = 0; i < v.length; i++)
			v[i] = r.nextFloat();
		final INDArray x = Nd4j.create(v, new long[] { BATCH, 2, 21, 19 }, 'c');
		final INDArray y = Nd4j.zeros(DataType.FLOAT, BATCH, 4);
		for (int i = 0; i < BATCH; i++)
			y.putScalar(i, i % 4, 1);
		return new INDArray[] { x, y };
	}

	/** Random images and one-hot labels from a seed. */
	private static INDArray[] batch(final long seed) {
		return batch(seed, BATCH);
	}

	private static INDArray[] batch(final long seed, final int size) {
		final INDArray x = TestNetworks.randomImages(size, 28, DataType.FLOAT, seed);
		final Random r = new Random(seed);
		final INDArray y = Nd4j.zeros(DataType.FLOAT, size, 10);
		for (int i = 0; i < size; i++)
			y.putScalar(i, r.nextInt(10), 1);
		return new INDArray[] { x, y };
	}

	/** Every value within tolerance × the largest magnitude. */
	private static void assertClose(final float[] expected, final float[] actual, final double tolerance,
		final String what)
	{
		assertEquals(expected.length, actual.length, what);
		double scale = 0;
		for (final float v : expected)
			scale = Math.max(scale, Math.abs(v));
		assertTrue(scale > 0, what + ": all zero");
		for (int i = 0; i < expected.length; i++)
			assertEquals(expected[i], actual[i], tolerance * scale, what + ": value " + i);
	}
}
