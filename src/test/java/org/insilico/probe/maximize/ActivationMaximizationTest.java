package org.insilico.probe.maximize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.StimulusSets;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.model.TestNetworks;
import org.insilico.model.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ActivationMaximizationTest {

	static final Network LENET = TestNetworks.preset("lenet", 28, DataType.FLOAT, 7);

	/**
	 * A first-layer unit is w·patch + b through a ReLU: on the sphere ‖x‖ = c its maximum is c·w/‖w‖ on its receptive
	 * field and zero elsewhere (Erhan et al. 2009).
	 */
	@Test
	void firstLayerUnitUnderANormConstraintConvergesToItsFilter() {
		final ActivationMaximization.Options gray = ActivationMaximization.Options.defaults();
		// the channel whose centre unit responds to the start image, so the ReLU passes its gradient
		final float[] start = new float[784];
		java.util.Arrays.fill(start, 0.5f);
		final INDArray a = LENET.activations(LENET.toInput(start), 0).reshape(8, 24, 24);
		int channel = 0;
		for (int c = 1; c < 8; c++)
			if (a.getDouble(c, 12, 12) > a.getDouble(channel, 12, 12)) channel = c;
		assertTrue(a.getDouble(channel, 12, 12) > 0);
		final Target unit = Target.parse("conv1:unit:" + channel + ",12,12", LENET);
		final ActivationMaximization.Result r = ActivationMaximization.run(LENET, Objective.of(unit), gray.withSteps(300)
			.withNormConstraint(14, 0.05), Progress.NONE);
		final float[] x = r.images();
		final INDArray filter = LENET.dl4jLayer(0).getParam("W").get(org.nd4j.linalg.indexing.NDArrayIndex.point(
			channel)).dup().reshape(5, 5);
		double dot = 0, nx = 0, nw = 0, outside = 0, norm = 0;
		for (int y = 0; y < 28; y++)
			for (int xx = 0; xx < 28; xx++) {
				final double v = x[y * 28 + xx];
				norm += v * v;
				if (y >= 12 && y < 17 && xx >= 12 && xx < 17) {
					final double f = filter.getDouble(y - 12, xx - 12);
					dot += v * f;
					nx += v * v;
					nw += f * f;
				}
				else outside += v * v;
			}
		final double cosine = dot / Math.sqrt(nx * nw);
		assertTrue(cosine >= 0.99, "cosine with the filter " + cosine);
		assertTrue(Math.sqrt(outside / norm) <= 0.01, "norm outside the receptive field " + Math.sqrt(outside / norm));
		assertEquals(14, Math.sqrt(norm), 1e-3, "on the sphere");
	}

	/** The core's filter check agrees: every channel whose centre unit responds converges to its filter. */
	@Test
	void filterConvergenceCheck() {
		final FilterConvergence.Result r = FilterConvergence.check(LENET, ActivationMaximization.Options.defaults()
			.withSteps(300).withNormConstraint(14, 0.05), Progress.NONE);
		assertEquals(8, r.cosine().length);
		assertEquals(25, r.filters()[0].length);
		assertTrue(r.activeCount() >= 1);
		assertTrue(r.minimumActiveCosine() >= 0.99, "cosine " + r.minimumActiveCosine());
		assertTrue(assertThrows(InSilicoException.class, () -> FilterConvergence.check(TestNetworks.preset("mlp", 28,
			DataType.FLOAT, 1), ActivationMaximization.Options.defaults(), Progress.NONE)).getMessage().startsWith(
				"network = 'mlp'"));
	}

	static final class Trained {

		static final Network NET = Trainer.train(StimulusSets.generate("digits", 8000, 28, 5), null, Trainer.Options
			.defaults("lenet").withEpochs(2), Progress.NONE).network();
	}

	@Test
	void classImagesAreClassifiedAsTheirClass() {
		final Network net = Trained.NET;
		final ActivationMaximization.Result r = ActivationMaximization.units(net, "output", ActivationMaximization.Options
			.defaults(), Progress.NONE);
		assertEquals(10, r.objectives().size());
		final INDArray p = net.output(net.toInput(r.images()));
		for (int c = 0; c < 10; c++)
			assertTrue(p.getDouble(c, c) >= 0.99, "class " + c + " image: probability " + p.getDouble(c, c));
		for (final float v : r.images())
			assertTrue(v >= 0 && v <= 1, "clipped to the data range");
	}

	/**
	 * Issue 4: the synthesized image drives the unit harder than the best of 2,000 natural digits for at least 90 % of
	 * the units of the last hidden layer (dense1) of the trained LeNet. Units that no digit drives at all (best natural
	 * value 0: the ratio is undefined) are not counted; there are 8 of 64 in this network. (Measured: 52 of the 56 other
	 * units; without the search for an active start, 41.)
	 */
	@Test
	void preferredStimuliBeatTheBestNaturalStimulus() {
		final Network net = Trained.NET;
		final ActivationMaximization.Result r = ActivationMaximization.units(net, "dense1", ActivationMaximization.Options
			.defaults(), Progress.NONE);
		final TopStimuli.Best best = TopStimuli.best(net, StimulusSets.generate("digits", 2000, 28, 9), r.objectives(),
			false, Progress.NONE);
		int beaten = 0, driven = 0;
		for (int u = 0; u < r.values().length; u++)
			if (best.value()[u] > 0) {
				driven++;
				if (r.values()[u] > best.value()[u]) beaten++;
			}
		assertTrue(driven >= 0.75 * r.values().length, driven + " units driven by some digit");
		assertTrue(beaten >= 0.9 * driven, beaten + " of " + driven + " units");
	}

	@Test
	void objectivesComposeAndGradientsAdd() {
		final Target a = Target.parse("conv2:channel:3", LENET), b = Target.parse("conv2:channel:9", LENET);
		final Objective o = Objective.of(a).minus(Objective.of(b).times(2));
		assertEquals("conv2:channel:3 - 2.0 × conv2:channel:9", o.description());
		final float[] img = TestNetworks.randomImages(1, 28, DataType.FLOAT, 4).data().asFloat();
		final INDArray x = LENET.toInput(img);
		final float[] g = ActivationMaximization.gradient(LENET, x, List.of(o));
		final float[] ga = LENET.gradient(x, a).data().asFloat(), gb = LENET.gradient(x, b).data().asFloat();
		for (int p = 0; p < 784; p++)
			assertEquals(ga[p] - 2 * gb[p], g[p], 1e-6);
		assertEquals(LENET.targetValues(x, a).getDouble(0) - 2 * LENET.targetValues(x, b).getDouble(0),
			ActivationMaximization.value(LENET, x, List.of(o))[0], 1e-5);
	}

	@Test
	void minimizingLowersAndMaximizingRaises() {
		final ActivationMaximization.Options opt = ActivationMaximization.Options.defaults().withSteps(64);
		final float[] startImage = ActivationMaximization.run(LENET, Objective.of(Target.parse("dense1:unit:0", LENET)),
			opt.withSteps(0), Progress.NONE).images();
		final int unit = LENET.activations(LENET.toInput(startImage), LENET.layer("dense1").index()).argMax().getInt(0);
		final Objective o = Objective.of(Target.unit(LENET, "dense1", unit));
		final double start = ActivationMaximization.run(LENET, o, opt.withSteps(0), Progress.NONE).values()[0];
		assertTrue(ActivationMaximization.run(LENET, o, opt, Progress.NONE).values()[0] > start);
		assertTrue(ActivationMaximization.run(LENET, o, opt.minimizing(), Progress.NONE).values()[0] <= start);
	}

	@Test
	void totalVariationGradientMatchesFiniteDifferences() {
		final int w = 5, h = 4;
		final float[] x = new float[w * h];
		final java.util.Random r = new java.util.Random(2);
		for (int i = 0; i < x.length; i++)
			x[i] = r.nextFloat();
		final float[] g = new float[x.length];
		ActivationMaximization.addTotalVariationGradient(g, x, w, h, 1);
		for (int k = 0; k < x.length; k++) {
			final float[] p = x.clone(), m = x.clone();
			p[k] += 1e-3f;
			m[k] -= 1e-3f;
			assertEquals(-(tv(p, w, h) - tv(m, w, h)) / 2e-3, g[k], 1e-2, "pixel " + k);
		}
	}

	static double tv(final float[] x, final int w, final int h) {
		double s = 0;
		for (int y = 0; y < h; y++)
			for (int xx = 0; xx < w; xx++) {
				if (xx + 1 < w) s += Math.pow(x[y * w + xx + 1] - x[y * w + xx], 2);
				if (y + 1 < h) s += Math.pow(x[(y + 1) * w + xx] - x[y * w + xx], 2);
			}
		return s;
	}

	@Test
	void rollIsUndone() {
		final float[] x = TestNetworks.randomImages(2, 28, DataType.FLOAT, 1).data().asFloat();
		final int[] dx = { 3, -2 }, dy = { -1, 4 };
		assertArrayEquals(x, ActivationMaximization.roll(ActivationMaximization.roll(x, 28, 28, dx, dy, 1), 28, 28, dx, dy,
			-1), 0f);
	}

	@Test
	void badInputIsRefusedWithTheParameterNamed() {
		final Objective o = Objective.of(Target.parse("dense1:unit:5", LENET));
		final ActivationMaximization.Options d = ActivationMaximization.Options.defaults();
		message("steps = -1", () -> ActivationMaximization.run(LENET, o, d.withSteps(-1), Progress.NONE));
		message("start image = 100 pixels", () -> ActivationMaximization.run(LENET, o, d.startingFrom(new float[100]),
			Progress.NONE));
		message("l2 = -0.1", () -> ActivationMaximization.run(LENET, o, d.withRegularizers(-0.1, 0, 0, 0), Progress.NONE));
		message("tv = NaN", () -> ActivationMaximization.run(LENET, o, d.withRegularizers(0, Double.NaN, 0, 0),
			Progress.NONE));
		message("jitter = 20", () -> ActivationMaximization.run(LENET, o, d.withRegularizers(0, 0, 0, 20), Progress.NONE));
		message("scale = 0.7", () -> ActivationMaximization.run(LENET, o, d.withTransforms(0, 0.7, 0), Progress.NONE));
		message("rotation = -5", () -> ActivationMaximization.run(LENET, o, d.withTransforms(0, 0, -5), Progress.NONE));
		message("rotation = NaN", () -> ActivationMaximization.run(LENET, o, d.withTransforms(0, 0, Double.NaN),
			Progress.NONE));
		message("parameterization = 'wavelets': expected pixels or Fourier", () -> ActivationMaximization.Parameterization
			.parse("wavelets"));
		message("objective weight = Infinity", () -> o.times(Double.POSITIVE_INFINITY));
		message("target = 'conv7:unit:1'", () -> Target.parse("conv7:unit:1", LENET));
	}

	static void message(final String start, final org.junit.jupiter.api.function.Executable e) {
		final InSilicoException x = assertThrows(InSilicoException.class, e);
		assertTrue(x.getMessage().startsWith(start), x.getMessage());
	}
}
