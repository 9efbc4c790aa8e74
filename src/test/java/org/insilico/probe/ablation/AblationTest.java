package org.insilico.probe.ablation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.model.Network;
import org.insilico.model.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class AblationTest {

	static final Network NET = Trainer.train(StimulusSets.generate("digits", 2000, 28, 1), null, Trainer.Options.defaults(
		"lenet").withEpochs(1), Progress.NONE).network();

	static final Dataset TEST = StimulusSets.generate("digits", 600, 28, 2);

	@Test
	void noAblationChangesNothing() {
		final AblationExperiment e = AblationExperiment.record(NET, TEST, "conv2", Progress.NONE);
		final AblationExperiment.Outcome none = e.evaluate(Ablation.none("conv2"), Progress.NONE);
		final var full = NET.evaluate(TEST, Progress.NONE);
		assertEquals(full.accuracy(), none.accuracy(), 0);
		assertEquals(full.loss(), none.loss(), 1e-12, "the same outputs (bit-identical: ForwardFromTest), summed per class");
		for (int c = 0; c < 10; c++)
			assertEquals(full.classAccuracy(c), none.classAccuracy()[c], 0);
		final AblationExperiment.Outcome scaledByOne = e.evaluate(new Ablation("conv2", new int[] { 1, 2 },
			Ablation.Mode.SCALE, 1), Progress.NONE);
		assertEquals(none.loss(), scaledByOne.loss(), 0, "scaling by 1 is the intact network");
	}

	@Test
	void zeroingEveryUnitEqualsANetworkWhoseLayerOutputsZero() {
		for (final String layer : List.of("dense1", "conv2")) {
			final AblationExperiment e = AblationExperiment.record(NET, TEST, layer, Progress.NONE);
			final int[] all = Ablation.parseUnits("units", "all", e.units());
			final AblationExperiment.Outcome ablated = e.evaluate(Ablation.zero(layer, all), Progress.NONE);
			final Network silenced = NET.copy();
			final var l = silenced.dl4jLayer(silenced.layer(layer).index());
			l.getParam("W").assign(0);
			l.getParam("b").assign(0); // ReLU(0) = 0: the layer outputs zero
			final var reference = silenced.evaluate(TEST, Progress.NONE);
			assertEquals(reference.accuracy(), ablated.accuracy(), 0, layer);
			assertEquals(reference.loss(), ablated.loss(), 1e-6, layer);
			assertTrue(ablated.accuracy() < 0.5, layer + " silenced: " + ablated.accuracy());
		}
	}

	/** Ablations' batches: the fewest that the cap allows, as equal as batches of one size can be. */
	@Test
	void evenBatchesAreTheFewestAndAsEqualAsPossible() {
		assertEquals(5000, AblationExperiment.evenBatch(10_000, 8192));
		assertEquals(8192, AblationExperiment.evenBatch(8192, 8192));
		assertEquals(4097, AblationExperiment.evenBatch(8193, 8192));
		assertEquals(1, AblationExperiment.evenBatch(1, 8192));
		for (int n = 1; n <= 300; n++)
			for (int cap = 1; cap <= 40; cap++) {
				final int b = AblationExperiment.evenBatch(n, cap), batches = (n + b - 1) / b;
				assertTrue(b <= cap, n + " / " + cap);
				assertEquals((n + cap - 1) / cap, batches, n + " / " + cap + ": the fewest batches");
				// the smallest size with that many batches: one image less per batch would take another batch
				if (b > 1) assertTrue((n + b - 2) / (b - 1) > batches, n + " / " + cap + ": " + b + " is not the smallest");
			}
	}

	@Test
	void cachedAblationEqualsTheNaiveFullPass() {
		final AblationExperiment e = AblationExperiment.record(NET, TEST, "conv2", Progress.NONE);
		for (final Ablation a : List.of(Ablation.zero("conv2", 3, 7), new Ablation("conv2", new int[] { 0, 5 },
			Ablation.Mode.MEAN, 0), new Ablation("conv2", new int[] { 9 }, Ablation.Mode.SCALE, 0.5)))
		{
			final AblationExperiment.Outcome cached = e.evaluate(a, Progress.NONE), naive = e.evaluateNaively(a,
				Progress.NONE);
			assertEquals(naive.accuracy(), cached.accuracy(), 0, a.toString());
			assertEquals(naive.loss(), cached.loss(), 1e-6, a.toString() + " (batches of other sizes round differently)");
			assertArrayEquals(naive.classAccuracy(), cached.classAccuracy(), 0);
		}
	}

	@Test
	void meanAblationSetsTheUnitToItsMean() {
		final AblationExperiment e = AblationExperiment.record(NET, TEST, "dense1", Progress.NONE);
		final int u = 11;
		double mean = 0;
		for (int i = 0; i < TEST.size(); i++)
			mean += e.activations().value(i, u) / TEST.size();
		// by hand: the recorded activations with unit 11 replaced by its mean, through the layers above
		final float[] a = e.activations().values().clone();
		for (int i = 0; i < TEST.size(); i++)
			a[i * 64 + u] = (float) mean;
		final INDArray p = NET.forward(org.nd4j.linalg.factory.Nd4j.create(a, new long[] { TEST.size(), 64 }, 'c'), NET
			.layer("dense1").index(), NET.layers().size() - 1);
		int right = 0;
		for (int i = 0; i < TEST.size(); i++)
			if (p.getRow(i).argMax().getInt(0) == TEST.label(i)) right++;
		assertEquals(right / (double) TEST.size(), e.evaluate(new Ablation("dense1", new int[] { u }, Ablation.Mode.MEAN,
			0), Progress.NONE).accuracy(), 0);
	}

	@Test
	void ablationMapAndSelectivity() {
		final AblationExperiment e = AblationExperiment.record(NET, TEST, "dense1", Progress.NONE);
		final AblationMap.Result map = AblationMap.compute(e, Ablation.Mode.ZERO, 0, Progress.NONE);
		assertEquals(64, map.units());
		assertArrayEquals(new long[] { 10, 64 }, map.toImg().dimensionsAsLongArray());
		for (final int u : new int[] { 0, 31 })
			assertEquals(e.evaluate(Ablation.zero("dense1", u), Progress.NONE).accuracy(), map.intact().accuracy() - map
				.accuracyDrop(u), 1e-12);
		final double[] si = ClassSelectivity.indices(e);
		for (final double s : si)
			assertTrue(Double.isNaN(s) || s >= 0 && s <= 1, "selectivity of ReLU units lies in [0, 1]: " + s);
	}

	@Test
	void selectivityIndexClosedForm() {
		final double[] si = ClassSelectivity.indices(new double[][] { { 1, 0, 0 }, { 1, 1, 1 }, { 0, 0, 0 }, { 3, 1, 1 },
			{ 2, Double.NaN, 0 } });
		assertArrayEquals(new double[] { 1, 0, 0, 0.5, 1 }, si, 1e-12);
	}

	@Test
	void cumulativeCurvesStartIntactAndEndSilenced() {
		final AblationExperiment e = AblationExperiment.record(NET, TEST, "conv2", Progress.NONE);
		final CumulativeAblation.Curve random = CumulativeAblation.random(e, 3, 1, Ablation.Mode.ZERO, 21,
			Progress.NONE);
		assertEquals(17, random.fractions().length, "16 channels: every count from 0 to 16");
		assertEquals(NET.evaluate(TEST, Progress.NONE).accuracy(), random.accuracy()[0], 0);
		assertEquals(0, random.spread()[0], 0);
		assertEquals(e.evaluate(Ablation.zero("conv2", Ablation.parseUnits("u", "all", 16)), Progress.NONE).accuracy(),
			random.accuracy()[16], 1e-12);
		final double area = random.normalizedArea();
		assertTrue(area > 0 && area < 1, "area " + area);
		assertArrayEquals(new int[] { 2, 0, 1 }, CumulativeAblation.byScore(new double[] { 0.5, 0.1, 0.9 }, true));
		assertArrayEquals(new int[] { 2, 0, 1 }, CumulativeAblation.byScore(new double[] { 0.5, Double.NaN, 0.1 }, false),
			"NaN last");
		assertArrayEquals(new int[] { 0, 3, 5, 8, 10 }, CumulativeAblation.counts(10, 5));
	}

	@Test
	void connectionLesionsCopyTheNetwork() {
		final float before = NET.output(NET.toInput(TEST.pixels(0, 1))).getFloat(0);
		final Network lesioned = ConnectionLesion.apply(NET, "output", Ablation.parseUnits("from", "0-63", 64), new int[] {
			3 });
		assertEquals(before, NET.output(NET.toInput(TEST.pixels(0, 1))).getFloat(0), 0f, "the original is untouched");
		final var w = lesioned.dl4jLayer(lesioned.layer("output").index()).getParam("W");
		assertEquals(0, w.getColumn(3).sumNumber().doubleValue(), 0);
		assertTrue(w.getColumn(4).norm2Number().doubleValue() > 0);
		// with every input to class 3 cut, its logit is its bias alone, for every image
		final INDArray logits = lesioned.logits(lesioned.toInput(TEST.pixels(0, 5)), -1);
		for (int i = 1; i < 5; i++)
			assertEquals(logits.getDouble(0, 3), logits.getDouble(i, 3), 1e-6);
	}

	@Test
	void badInputIsRefusedWithTheParameterNamed() {
		final AblationExperiment e = AblationExperiment.record(NET, TEST, "dense1", Progress.NONE);
		message("unit = 64", () -> e.evaluate(Ablation.zero("dense1", 64), Progress.NONE));
		message("unit = 3: listed twice", () -> e.evaluate(Ablation.zero("dense1", 3, 3), Progress.NONE));
		message("units = '': expected at least one unit", () -> Ablation.parseUnits("units", "", 64));
		message("units = '5-2'", () -> Ablation.parseUnits("units", "5-2", 64));
		message("units = '60-70': unit 64 is out of range", () -> Ablation.parseUnits("units", "60-70", 64));
		message("layer = 'output'", () -> AblationExperiment.record(NET, TEST, "output", Progress.NONE));
		message("layer = 'conv9'", () -> AblationExperiment.record(NET, TEST, "conv9", Progress.NONE));
		message("dataset classes", () -> AblationExperiment.record(NET, StimulusSets.generate("gratings", 20, 28, 1),
			"dense1", Progress.NONE));
		message("layer = 'conv2'", () -> ConnectionLesion.apply(NET, "conv2", new int[] { 1 }, new int[] { 1 }));
		message("from unit = 99999", () -> ConnectionLesion.apply(NET, "dense1", new int[] { 99999 }, new int[] { 1 }));
		message("factor = NaN", () -> e.evaluate(new Ablation("dense1", new int[] { 1 }, Ablation.Mode.SCALE,
			Double.NaN), Progress.NONE));
	}

	static void message(final String start, final org.junit.jupiter.api.function.Executable e) {
		final InSilicoException x = assertThrows(InSilicoException.class, e);
		assertTrue(x.getMessage().startsWith(start), x.getMessage());
	}
}
