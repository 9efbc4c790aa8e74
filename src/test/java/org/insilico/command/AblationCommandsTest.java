package org.insilico.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.util.Arrays;

import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.image.ImagePlusBridge;
import org.insilico.model.Network;
import org.insilico.model.Trainer;
import org.insilico.probe.ablation.Ablation;
import org.insilico.probe.ablation.AblationExperiment;
import org.insilico.probe.ablation.SelectivityAndImportance;
import org.junit.jupiter.api.Test;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.object.ObjectService;
import org.scijava.prefs.PrefService;

/**
 * Ablation Map… and Ablation Curves… run through the CommandService as Fiji and a macro run them: their numbers are
 * the core's; bad input cancels with a reason naming the parameter.
 */
class AblationCommandsTest extends AbstractContextTest {

	/** A LeNet trained for one epoch on digits: well above chance, so ablation has something to take away. */
	static final Network NET = Trainer.train(StimulusSets.generate("digits", 1500, 28, 1), null, Trainer.Options
		.defaults("lenet").withEpochs(1), Progress.NONE).network();

	static final int COUNT = 300;
	static final long SEED = 3;

	/** The images the commands generate for the network. */
	static Dataset digits() {
		final Dataset d = StimulusSets.generate("digits", COUNT, 28, SEED);
		assertEquals(NET.classNames(), d.classNames(), "the built-in digits' classes are the network's");
		return d;
	}

	@Test
	void ablationMapGivesTheCoresNumbers() {
		final CommandModule m = run(AblationMapCommand.class, "network", NET, "layer", "conv2", "count", COUNT, "seed",
			SEED, "mode", "mean", "permutations", 200);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final SelectivityAndImportance.Result core = SelectivityAndImportance.compute(AblationExperiment.record(NET,
			digits(), "conv2", Progress.NONE), Ablation.Mode.MEAN, 0, 200, SEED, Progress.NONE);

		final ImagePlus map = (ImagePlus) m.getOutput("ablation_map");
		assertEquals(10, map.getWidth(), "x = class");
		assertEquals(16, map.getHeight(), "y = unit (conv2 has 16 channels)");
		assertTrue(map.getTitle().contains("conv2") && map.getTitle().contains("mean"), map.getTitle());
		assertEquals(-map.getDisplayRangeMax(), map.getDisplayRangeMin(), 1e-9, "centred on zero");
		assertArrayEquals(core.map().toImg().update(null).getCurrentStorageArray(), ImagePlusBridge.toImg(map,
			ImagePlusBridge.Range.RAW).img().update(null).getCurrentStorageArray(), 0f);

		final ResultsTable units = (ResultsTable) m.getOutput("units");
		assertEquals(16, units.size());
		assertEquals(Arrays.asList("Unit", "Selectivity", "Accuracy drop", "Max class drop", "Loss increase"), Arrays
			.asList(units.getHeadings()).subList(units.getHeadings().length - 5, units.getHeadings().length));
		for (int u = 0; u < 16; u++) {
			assertEquals(u, units.getValue("Unit", u), 0);
			assertEquals(core.selectivity()[u], units.getValue("Selectivity", u), 1e-12);
			assertEquals(core.map().accuracyDrop(u), units.getValue("Accuracy drop", u), 1e-12);
			assertEquals(core.map().maxClassDrop(u), units.getValue("Max class drop", u), 1e-12);
			assertEquals(core.map().lossIncrease(u), units.getValue("Loss increase", u), 1e-9);
		}
		final ResultsTable summary = (ResultsTable) m.getOutput("summary");
		assertEquals(1, summary.size());
		assertEquals(core.accuracySpearman(), summary.getValue("Spearman selectivity vs accuracy drop", 0), 1e-12);
		assertEquals(core.accuracyP(), summary.getValue("p (accuracy drop)", 0), 1e-12);
		assertEquals(core.classSpearman(), summary.getValue("Spearman selectivity vs max class drop", 0), 1e-12);
		assertEquals(core.classP(), summary.getValue("p (max class drop)", 0), 1e-12);
		assertEquals(COUNT, summary.getValue("Images", 0), 0);
		assertTrue(core.map().intact().accuracy() > 0.3, "intact accuracy (chance 0.1) " + core.map().intact().accuracy());
	}

	@Test
	void ablationMapOfADenseLayerUsesTheCurrentNetwork() {
		context.service(ObjectService.class).addObject(NET, "trained digits");
		final CommandModule m = run(AblationMapCommand.class, "layer", "dense1", "count", 200, "seed", SEED, "mode",
			"scale", "factor", 0.5, "permutations", 0);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final ImagePlus map = (ImagePlus) m.getOutput("ablation_map");
		assertEquals(10, map.getWidth());
		assertEquals(64, map.getHeight());
		assertTrue(Double.isNaN(((ResultsTable) m.getOutput("summary")).getValue("p (accuracy drop)", 0)));
	}

	@Test
	void ablationCurvesGiveTheCoresCurvesAndAreas() {
		final CommandModule m = run(AblationCurvesCommand.class, "network", NET, "layer", "conv2", "count", COUNT,
			"seed", SEED, "repeats", 3, "points", 9);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final SelectivityAndImportance.Curves core = SelectivityAndImportance.curves(AblationExperiment.record(NET,
			digits(), "conv2", Progress.NONE), Ablation.Mode.ZERO, 3, 9, SEED, Progress.NONE);
		final ResultsTable t = (ResultsTable) m.getOutput("curves");
		assertEquals(9, t.size());
		assertEquals(Arrays.asList("Fraction", "Random mean", "Random SD", "Selectivity high first",
			"Selectivity low first", "Importance high first"), Arrays.asList(t.getHeadings()).subList(t
				.getHeadings().length - 6, t.getHeadings().length));
		final String[] columns = { "Random mean", "Selectivity high first", "Selectivity low first",
			"Importance high first" };
		for (int i = 0; i < 9; i++) {
			assertEquals(core.random().fractions()[i], t.getValue("Fraction", i), 1e-12);
			assertEquals(core.random().spread()[i], t.getValue("Random SD", i), 1e-12);
			for (int k = 0; k < 4; k++)
				assertEquals(core.all()[k].accuracy()[i], t.getValue(columns[k], i), 1e-12);
		}
		assertEquals(0, t.getValue("Fraction", 0), 0);
		assertEquals(1, t.getValue("Fraction", 8), 0);
		final ResultsTable areas = (ResultsTable) m.getOutput("areas");
		assertEquals(4, areas.size());
		for (int k = 0; k < 4; k++)
			assertEquals(core.all()[k].normalizedArea(), areas.getValue("Normalized area", k), 1e-12);
		assertTrue(core.importanceHighFirst().normalizedArea() <= core.random().normalizedArea() + 0.05,
			"silencing the most important units first hurts at least as fast as random order");
		final ImagePlus plot = (ImagePlus) m.getOutput("curve_plot");
		assertTrue(plot.getWidth() > 100 && plot.getHeight() > 100);
	}

	/** A bad input cancels the command; the reason names the parameter as a macro writes it. */
	private void assertCancelled(final Class<? extends Command> command, final String reason, final Object... inputs) {
		context.service(PrefService.class).clearAll();
		final CommandModule m = run(command, inputs);
		assertTrue(m.isCanceled(), "not cancelled: " + Arrays.toString(inputs));
		assertTrue(m.getCancelReason().startsWith(reason), m.getCancelReason());
		for (final String out : new String[] { "ablation_map", "units", "summary", "curves", "areas", "curve_plot" })
			if (m.getInfo().getOutput(out) != null) assertNull(m.getOutput(out), out);
	}

	@Test
	void badInputCancelsWithAReasonNamingTheParameter() {
		final Class<AblationMapCommand> map = AblationMapCommand.class;
		assertCancelled(map, "layer = 'conv9': expected one of [conv1, pool1, conv2, pool2, dense1, output]", "network",
			NET, "layer", "conv9", "count", 50);
		assertCancelled(map, "layer = 'output': the output layer's units are the classes", "network", NET, "layer",
			"output", "count", 50);
		assertCancelled(map, "count = 0: ", "network", NET, "count", 0);
		assertCancelled(map, "factor = NaN: expected a finite number", "network", NET, "count", 50, "mode", "scale",
			"factor", Double.NaN);
		assertCancelled(map, "factor = Infinity: ", "network", NET, "count", 50, "mode", "scale", "factor",
			Double.POSITIVE_INFINITY);
		assertCancelled(map, "mode = 'halve': ", "network", NET, "count", 50, "mode", "halve");
		assertCancelled(map, "permutations = -1: ", "network", NET, "count", 50, "permutations", -1);
		assertCancelled(map, "folder = (none): ", "network", NET, "images", AblationMapCommand.FOLDER);
		assertCancelled(map, "network = (none): no network is open", "count", 50);
		final Network mlp16 = org.insilico.model.TestNetworks.preset("mlp", 16, org.nd4j.linalg.api.buffer.DataType.FLOAT,
			1);
		assertCancelled(map, "layer = 'conv2': expected one of [dense1, dense2, output]", "network", mlp16, "count", 50);
		final Class<AblationCurvesCommand> curves = AblationCurvesCommand.class;
		assertCancelled(curves, "mode = 'scale': expected zero or mean", "network", NET, "count", 50, "mode", "scale");
		assertCancelled(curves, "repeats = 0: ", "network", NET, "count", 50, "repeats", 0);
		assertCancelled(curves, "points = 1: ", "network", NET, "count", 50, "points", 1);
		assertCancelled(curves, "layer = 'output': ", "network", NET, "layer", "output", "count", 50);
	}
}
