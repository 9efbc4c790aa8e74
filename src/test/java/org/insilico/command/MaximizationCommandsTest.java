package org.insilico.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.insilico.Progress;
import org.insilico.data.DataSources;
import org.insilico.data.Dataset;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.model.TestNetworks;
import org.insilico.probe.maximize.ActivationMaximization;
import org.insilico.probe.maximize.GeneticSearch;
import org.insilico.probe.maximize.Objective;
import org.insilico.probe.maximize.ReceptiveFields;
import org.insilico.probe.maximize.TopStimuli;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.scijava.command.CommandModule;
import org.scijava.object.ObjectService;
import org.scijava.prefs.PrefService;

/**
 * Activation Maximization… and Receptive Fields… run through the CommandService as Fiji and a macro run them: the
 * pixels and values are the core's for the same options; one slice per unit of a whole layer; the natural stimuli
 * compared are the built-in digits; bad input cancels the command with a reason naming the parameter.
 */
class MaximizationCommandsTest extends AbstractContextTest {

	static final Network NET = TestNetworks.preset("lenet", 28, DataType.FLOAT, 7);

	/** Every parameter of Activation Maximization… at its default, then the overrides (name, value, …). */
	private static Object[] inputs(final Object... overrides) {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("network", NET);
		m.put("target", "output:class:0");
		m.put("whole_layer", "");
		m.put("copies", 1);
		m.put("diversity", 0.0);
		m.put("minimize", false);
		m.put("steps", 256);
		m.put("learning_rate", 0.05);
		m.put("optimizer", "Adam");
		m.put("l2", 0.0);
		m.put("norm", 0.0);
		m.put("tv", 0.0);
		m.put("blur_every", 0);
		m.put("blur_sigma", 0.5);
		m.put("jitter", 0);
		m.put("scale", 0.0);
		m.put("rotation", 0.0);
		m.put("parameterization", "pixels");
		m.put("clip", true);
		m.put("seed", 1L);
		m.put("start", "gray noise");
		m.put("compare_with_natural", true);
		for (int i = 0; i < overrides.length; i += 2)
			m.put((String) overrides[i], overrides[i + 1]);
		final List<Object> flat = new ArrayList<>();
		m.forEach((k, v) -> {
			flat.add(k);
			flat.add(v);
		});
		return flat.toArray();
	}

	private CommandModule maximize(final Object... overrides) {
		final CommandModule m = run(ActivationMaximizationCommand.class, inputs(overrides));
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		return m;
	}

	private static float[] pixels(final CommandModule m, final String output) {
		return GradientImageCommandTest.pixels((ImagePlus) m.getOutput(output));
	}

	private static Dataset digits(final long seed) {
		return DataSources.loadFor("digits", 2000, 28, NET.classNames(), seed, "test", Progress.NONE).dataset();
	}

	private static List<String> columns(final ResultsTable t) {
		return Arrays.asList(t.getHeadings());
	}

	@Test
	void oneTargetIsTheCoresPixelsAndValue() {
		final CommandModule m = maximize("target", "conv2:channel:5", "steps", 16, "compare_with_natural", false);
		final ActivationMaximization.Result core = ActivationMaximization.run(NET, Objective.of(Target.parse(
			"conv2:channel:5", NET)), ActivationMaximization.Options.defaults().withSteps(16), Progress.NONE);
		final ImagePlus imp = (ImagePlus) m.getOutput("preferred_stimuli");
		assertEquals(1, imp.getStackSize());
		assertArrayEquals(core.images(), pixels(m, "preferred_stimuli"), 0f);
		assertEquals(String.format("conv2:channel:5 · activation %.4g", core.values()[0]), imp.getStack()
			.getSliceLabel(1));
		assertEquals("Preferred stimuli of conv2:channel:5", imp.getTitle());
		assertEquals(0, imp.getDisplayRangeMin(), 0);
		assertEquals(1, imp.getDisplayRangeMax(), 0);
		final ImagePlus montage = (ImagePlus) m.getOutput("montage");
		assertEquals(30, montage.getWidth());
		assertEquals(30, montage.getHeight());
		final ResultsTable t = (ResultsTable) m.getOutput("values");
		assertEquals(List.of("Target", "Activation", "Best natural", "Best natural image", "Ratio"), columns(t));
		assertEquals(1, t.size());
		assertEquals("conv2:channel:5", t.getStringValue("Target", 0));
		assertEquals(core.values()[0], t.getValue("Activation", 0), 1e-12);
		assertTrue(Double.isNaN(t.getValue("Best natural", 0)));
		assertTrue(Double.isNaN(t.getValue("Ratio", 0)));
	}

	@Test
	void wholeLayerGivesOneSlicePerChannelComparedWithTheBestDigit() {
		final CommandModule m = maximize("target", "", "whole_layer", "conv2", "steps", 4, "seed", 2L);
		final ActivationMaximization.Result core = ActivationMaximization.units(NET, "conv2", ActivationMaximization.Options
			.of(4, 0.05, "Adam", false, 0, 0, 0, 0, 0.5, 0, 0, 0, "pixels", true, null, 2), Progress.NONE);
		final ImagePlus imp = (ImagePlus) m.getOutput("preferred_stimuli");
		assertEquals(16, imp.getStackSize());
		assertArrayEquals(core.images(), pixels(m, "preferred_stimuli"), 0f);
		assertEquals("Preferred stimuli of every unit of conv2", imp.getTitle());
		final ImagePlus montage = (ImagePlus) m.getOutput("montage");
		assertEquals(4 * 28 + 5, montage.getWidth(), "4 columns, 1-pixel borders");
		assertEquals(4 * 28 + 5, montage.getHeight());

		final Dataset natural = digits(2);
		final TopStimuli.Best best = TopStimuli.best(NET, natural, core.objectives(), false, Progress.NONE);
		final TopStimuli.Result top = TopStimuli.find(NET, natural, "conv2", 1, Progress.NONE);
		final ResultsTable t = (ResultsTable) m.getOutput("values");
		assertEquals(16, t.size());
		for (int u = 0; u < 16; u++) {
			assertEquals("conv2:channel:" + u, t.getStringValue("Target", u));
			assertEquals(core.values()[u], t.getValue("Activation", u), 1e-12);
			assertEquals(best.value()[u], t.getValue("Best natural", u), 1e-12);
			assertEquals(best.image()[u] + 1, t.getValue("Best natural image", u), 0);
			assertEquals(core.values()[u] / best.value()[u], t.getValue("Ratio", u), 1e-12);
			// a channel's objective is its spatial mean, as TopStimuli ranks it
			assertEquals(top.best(u), best.value()[u], 1e-4 * Math.max(1, Math.abs(best.value()[u])));
			assertEquals(String.format("conv2:channel:%d · activation %.4g · %.3gx the best natural stimulus", u,
				core.values()[u], core.values()[u] / best.value()[u]), imp.getStack().getSliceLabel(u + 1));
		}
	}

	@Test
	void everyOptionReachesTheCore() {
		final float[] start = TestNetworks.randomImages(1, 28, DataType.FLOAT, 3).data().asFloat();
		final CommandModule m = maximize("target", "output:class:3", "minimize", true, "steps", 12, "learning_rate", 0.1,
			"optimizer", "gradient ascent", "l2", 0.01, "norm", 5.0, "tv", 0.05, "blur_every", 3, "blur_sigma", 0.7,
			"jitter", 2, "scale", 0.1, "rotation", 15.0, "parameterization", "Fourier", "clip", false, "seed", 5L, "start",
			"image", "start_image", ArrayImgs.floats(start.clone(), 28, 28));
		final ActivationMaximization.Options o = new ActivationMaximization.Options(12, 0.1,
			ActivationMaximization.Optimizer.GRADIENT, true, 0.01, 5, 0.05, 3, 0.7, 2, 0.1, 15,
			ActivationMaximization.Parameterization.FOURIER, false, 0, 1, ActivationMaximization.Start.IMAGE, start, 5);
		final ActivationMaximization.Result core = ActivationMaximization.run(NET, Objective.of(Target.classLogit(NET, 3)),
			o, Progress.NONE);
		assertArrayEquals(core.images(), pixels(m, "preferred_stimuli"), 0f);
		final ImagePlus imp = (ImagePlus) m.getOutput("preferred_stimuli");
		assertEquals("Inhibitory stimuli of output:class:3", imp.getTitle());
		final TopStimuli.Best best = TopStimuli.best(NET, digits(5), core.objectives(), true, Progress.NONE);
		final ResultsTable t = (ResultsTable) m.getOutput("values");
		assertEquals(core.values()[0], t.getValue("Activation", 0), 1e-12);
		assertEquals(best.value()[0], t.getValue("Best natural", 0), 1e-12);
		assertEquals(core.values()[0] / best.value()[0], t.getValue("Ratio", 0), 1e-12);
	}

	@Test
	void startFromTheMeanDigit() {
		final CommandModule m = maximize("target", "dense1:unit:17", "steps", 8, "start", "mean of built-in digits",
			"compare_with_natural", false, "seed", 3L);
		final ActivationMaximization.Result core = ActivationMaximization.run(NET, Objective.of(Target.unit(NET, "dense1",
			17)), ActivationMaximization.Options.defaults().withSteps(8).startingFrom(ActivationMaximization.meanImage(
				digits(3))), Progress.NONE);
		// the seed only drives the start noise and the jitter, neither used here
		assertArrayEquals(core.images(), pixels(m, "preferred_stimuli"), 0f);
	}

	@Test
	void receptiveFieldsAreTheCoresWithOneFootprintPerLayer() {
		context.service(ObjectService.class).addObject(NET, "lenet"); // a macro passes no network
		final CommandModule m = run(ReceptiveFieldsCommand.class, "images", 3, "seed", 4L);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final List<ReceptiveFields.Size> core = ReceptiveFields.measure(NET, 3, 4, Progress.NONE);
		final ResultsTable t = (ResultsTable) m.getOutput("receptive_fields");
		assertEquals(List.of("Layer", "Empirical size", "Theoretical size"), columns(t));
		assertEquals(NET.layers().size(), t.size());
		final ImagePlus imp = (ImagePlus) m.getOutput("footprints");
		assertEquals(NET.layers().size(), imp.getStackSize());
		final float[] px = GradientImageCommandTest.pixels(imp);
		for (int i = 0; i < core.size(); i++) {
			final ReceptiveFields.Size s = core.get(i);
			assertEquals(s.layer(), t.getStringValue("Layer", i));
			assertEquals(s.empirical(), t.getValue("Empirical size", i), 0);
			assertEquals(s.theoretical(), t.getValue("Theoretical size", i), 0);
			assertArrayEquals(s.footprint(), Arrays.copyOfRange(px, i * 784, (i + 1) * 784), 0f);
			assertEquals(s.layer() + " · empirical " + s.empirical() + " px · theoretical " + s.theoretical() + " px", imp
				.getStack().getSliceLabel(i + 1));
		}
		assertEquals("conv1", imp.getStack().getSliceLabel(1).split(" ")[0]);
	}

	@Test
	void copiesAreTheCoresDiverseImages() {
		final CommandModule m = maximize("target", "conv2:channel:4", "copies", 3, "diversity", 20.0, "steps", 6,
			"compare_with_natural", false, "seed", 4L);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final ActivationMaximization.Result core = ActivationMaximization.diverse(NET, Objective.of(Target.parse(
			"conv2:channel:4", NET)), 3, 20, ActivationMaximization.Options.defaults().withSteps(6).withSeed(4),
			Progress.NONE);
		assertArrayEquals(core.images(), pixels(m, "preferred_stimuli"), 0f);
		assertEquals(3, ((ImagePlus) m.getOutput("preferred_stimuli")).getStackSize());
		assertMaximizationCancelled("copies = 2: several copies are for one target", "target", "", "whole_layer",
			"conv2", "copies", 2);
		assertMaximizationCancelled("diversity = -1.0: ", "diversity", -1.0);
		assertMaximizationCancelled("copies = 0: ", "copies", 0);
	}

	@Test
	void topStimuliAreTheCoresImagesMostThenLeast() {
		// every input given, the unused folder too: SciJava's FilePreprocessor asks for a lone unresolved File input
		final CommandModule m = run(TopStimuliCommand.class, "network", NET, "layer", "conv2", "k", 3, "images",
			AblationMapCommand.DIGITS, "folder", null, "count", 50, "seed", 2L);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final Dataset data = DataSources.loadFor("digits", 50, 28, NET.classNames(), 2, "images", Progress.NONE)
			.dataset();
		final TopStimuli.Result core = TopStimuli.find(NET, data, "conv2", 3, Progress.NONE);
		final ImagePlus imp = (ImagePlus) m.getOutput("top_stimuli");
		assertEquals(16 * 2 * 3, imp.getStackSize());
		final float[] shown = GradientImageCommandTest.pixels(imp), pixels = data.pixelArray();
		final ResultsTable t = (ResultsTable) m.getOutput("top_table");
		assertEquals(16 * 2 * 3, t.size());
		int slice = 0;
		for (int u = 0; u < 16; u++)
			for (final boolean most : new boolean[] { true, false })
				for (int j = 0; j < 3; j++, slice++) {
					final int i = most ? core.top()[u][j] : core.bottom()[u][j];
					assertArrayEquals(Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784), Arrays.copyOfRange(shown, slice * 784,
						(slice + 1) * 784), 0f);
					assertEquals(String.format("conv2 %d · %s #%d · image %d · activation %.4g", u, most ? "most" : "least", j +
						1, i + 1, core.activation()[u][i]), imp.getStack().getSliceLabel(slice + 1));
					assertEquals(i + 1, t.getValue("Image", slice), 0);
					assertEquals(core.activation()[u][i], t.getValue("Activation", slice), 1e-6);
				}
		assertCancelled(TopStimuliCommand.class, "layer = 'conv9': expected one of", new String[] { "top_stimuli",
			"top_table" }, "network", NET, "layer", "conv9", "k", 3, "images", AblationMapCommand.DIGITS, "folder", null, "count", 50,
			"seed", 2L);
		assertCancelled(TopStimuliCommand.class, "k = 60: expected 1 to the number of images (50)", new String[] {
			"top_stimuli", "top_table" }, "network", NET, "layer", "conv2", "k", 60, "images", AblationMapCommand.DIGITS,
			"folder", null, "count", 50, "seed", 2L);
	}

	@Test
	void gradientFreeSearchIsTheCoresSearch() {
		final CommandModule m = run(GradientFreeSearchCommand.class, "network", NET, "target", "conv2:channel:4",
			"population", 8, "generations", 5, "elite", 2, "mutation_start", 0.3, "mutation_end", 0.05, "mutation_blur",
			1.0, "seed", 6L);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final GeneticSearch.Result core = GeneticSearch.search(NET, Objective.of(Target.parse("conv2:channel:4", NET)),
			new GeneticSearch.Options(8, 5, 2, 0.3, 0.05, 1.0, 0, 1, 6), Progress.NONE);
		final ImagePlus imp = (ImagePlus) m.getOutput("best_stimulus");
		assertArrayEquals(core.image(), GradientImageCommandTest.pixels(imp), 0f);
		assertEquals(String.format("conv2:channel:4 · value %.4g · 48 evaluations", core.value()), imp.getStack()
			.getSliceLabel(1));
		final ResultsTable t = (ResultsTable) m.getOutput("search");
		assertEquals(5, t.size());
		for (int g = 0; g < 5; g++)
			assertEquals(core.bestPerGeneration()[g], t.getValue("Best value", g), 1e-12);
		assertEquals(core.evaluations(), t.getValue("Evaluations", 4), 0);
		assertCancelled(GradientFreeSearchCommand.class, "population = 2: ", new String[] { "best_stimulus", "search" },
			"network", NET, "target", "output:class:1", "population", 2, "generations", 5, "elite", 1, "mutation_start",
			0.2, "mutation_end", 0.02, "mutation_blur", 1.5, "seed", 1L);
		assertCancelled(GradientFreeSearchCommand.class, "target = 'dense9:unit:1'", new String[] { "best_stimulus",
			"search" }, "network", NET, "target", "dense9:unit:1", "population", 8, "generations", 5, "elite", 1,
			"mutation_start", 0.2, "mutation_end", 0.02, "mutation_blur", 1.5, "seed", 1L);
	}

	private void assertCancelled(final Class<? extends org.scijava.command.Command> command, final String reason,
		final String[] outputs, final Object... inputs)
	{
		context.service(PrefService.class).clearAll();
		final CommandModule m = run(command, inputs);
		assertTrue(m.isCanceled(), "not cancelled: " + Arrays.toString(inputs));
		assertTrue(m.getCancelReason().startsWith(reason), m.getCancelReason());
		for (final String o : outputs)
			assertNull(m.getOutput(o));
	}

	private void assertMaximizationCancelled(final String reason, final Object... overrides) {
		assertCancelled(ActivationMaximizationCommand.class, reason, new String[] { "preferred_stimuli", "montage",
			"values" }, inputs(overrides));
	}

	@Test
	void badInputCancelsWithAReasonNamingTheParameter() {
		assertMaximizationCancelled("target = 'conv9:channel:1': layer = 'conv9': expected one of [conv1, pool1, " +
			"conv2, pool2, dense1, output]", "target", "conv9:channel:1");
		assertMaximizationCancelled("whole_layer = 'conv9': expected one of [conv1, pool1, conv2, pool2, dense1, output]",
			"target", "", "whole_layer", "conv9");
		assertMaximizationCancelled("target = ", "target", "", "whole_layer", "");
		assertMaximizationCancelled("steps = -1: ", "steps", -1);
		assertMaximizationCancelled("l2 = -0.1: ", "l2", -0.1);
		assertMaximizationCancelled("tv = NaN: ", "tv", Double.NaN);
		assertMaximizationCancelled("jitter = 20: ", "jitter", 20);
		assertMaximizationCancelled("learning_rate = 0", "learning_rate", 0.0);
		assertMaximizationCancelled("blur_every = -2: ", "blur_every", -2);
		assertMaximizationCancelled("optimizer = 'sgd': expected Adam or gradient ascent", "optimizer", "sgd");
		assertMaximizationCancelled("start_image = (none): ", "start", "image");
		assertMaximizationCancelled("start_image = ", "start", "image", "start_image", ArrayImgs.floats(32, 32));
		assertCancelled(ReceptiveFieldsCommand.class, "images = 0: ", new String[] { "receptive_fields", "footprints" },
			"network", NET, "images", 0, "seed", 1L);
		assertCancelled(ReceptiveFieldsCommand.class, "network = (none): no network is open", new String[] {
			"receptive_fields", "footprints" }, "images", 2, "seed", 1L);
	}
}
