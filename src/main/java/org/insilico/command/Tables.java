package org.insilico.command;

import ij.measure.ResultsTable;

import java.util.List;

import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.Trainer;
import org.insilico.probe.ablation.AblationMap;
import org.insilico.probe.ablation.CumulativeAblation;
import org.insilico.probe.ablation.SelectivityAndImportance;
import org.insilico.probe.maximize.ActivationMaximization;
import org.insilico.probe.maximize.ReceptiveFields;
import org.insilico.probe.maximize.TopStimuli;
import org.scijava.ui.UIService;

/** Results of the core as ImageJ results tables, the tables Fiji users measure, save and script with. */
final class Tables {

	private Tables() {}

	static ResultsTable layers(final Network net) {
		final ResultsTable t = new ResultsTable();
		for (final LayerInfo l : net.layers()) {
			t.incrementCounter();
			t.addValue("Layer", l.name());
			t.addValue("Kind", l.kind());
			t.addValue("Shape", l.shapeText());
			t.addValue("Units", l.units());
			t.addValue("Activation", l.activation());
			t.addValue("Parameters", l.parameters());
		}
		return t;
	}

	static ResultsTable trainingCurve(final List<Trainer.Epoch> history) {
		final ResultsTable t = new ResultsTable();
		for (final Trainer.Epoch e : history) {
			t.incrementCounter();
			t.addValue("Epoch", e.epoch());
			t.addValue("Train loss", e.trainLoss());
			t.addValue("Train accuracy", e.trainAccuracy());
			t.addValue("Validation loss", e.validationLoss());
			t.addValue("Validation accuracy", e.validationAccuracy());
			t.addValue("Test loss", e.testLoss());
			t.addValue("Test accuracy", e.testAccuracy());
			t.addValue("Seconds", e.seconds());
		}
		return t;
	}

	/**
	 * One row per attributed image: its number (1-based, as its slice), the target as the slice label says it, the
	 * target's value {@code t(x)}, and for methods with a baseline the completeness error.
	 */
	static ResultsTable targetValues(final List<Integer> images, final List<String> targets, final double[] values,
		final double[] completenessErrors)
	{
		final ResultsTable t = new ResultsTable();
		for (int i = 0; i < values.length; i++) {
			t.incrementCounter();
			t.addValue("Image", images.get(i));
			t.addValue("Target", targets.get(i));
			t.addValue("Value", values[i]);
			if (completenessErrors.length > 0) t.addValue("Completeness error", completenessErrors[i]);
		}
		return t;
	}

	/** One row per unit: its class selectivity and what silencing it alone costs. */
	static ResultsTable ablationUnits(final SelectivityAndImportance.Result r) {
		final AblationMap.Result map = r.map();
		final ResultsTable t = new ResultsTable();
		for (int u = 0; u < map.units(); u++) {
			t.incrementCounter();
			t.addValue("Unit", u);
			t.addValue("Selectivity", r.selectivity()[u]);
			t.addValue("Accuracy drop", map.accuracyDrop(u));
			t.addValue("Max class drop", map.maxClassDrop(u));
			t.addValue("Loss increase", map.lossIncrease(u));
		}
		return t;
	}

	/** One row: the layer, the intact accuracy, and the rank correlations of selectivity with importance. */
	static ResultsTable ablationSummary(final SelectivityAndImportance.Result r, final String mode) {
		final ResultsTable t = new ResultsTable();
		t.incrementCounter();
		t.addValue("Layer", r.map().layer());
		t.addValue("Mode", mode);
		t.addValue("Units", r.map().units());
		t.addValue("Images", r.images());
		t.addValue("Intact accuracy", r.map().intact().accuracy());
		t.addValue("Spearman selectivity vs accuracy drop", r.accuracySpearman());
		t.addValue("p (accuracy drop)", r.accuracyP());
		t.addValue("Spearman selectivity vs max class drop", r.classSpearman());
		t.addValue("p (max class drop)", r.classP());
		t.addValue("Permutations", r.permutations());
		return t;
	}

	/** One row per point: the fraction silenced and the accuracy of each order. */
	static ResultsTable ablationCurves(final SelectivityAndImportance.Curves c) {
		final ResultsTable t = new ResultsTable();
		for (int i = 0; i < c.random().fractions().length; i++) {
			t.incrementCounter();
			t.addValue("Fraction", c.random().fractions()[i]);
			t.addValue("Random mean", c.random().accuracy()[i]);
			t.addValue("Random SD", c.random().spread()[i]);
			t.addValue("Selectivity high first", c.selectivityHighFirst().accuracy()[i]);
			t.addValue("Selectivity low first", c.selectivityLowFirst().accuracy()[i]);
			t.addValue("Importance high first", c.importanceHighFirst().accuracy()[i]);
		}
		return t;
	}

	/** One row per order: the area under its curve normalized by the intact accuracy. */
	static ResultsTable ablationAreas(final SelectivityAndImportance.Curves c) {
		final ResultsTable t = new ResultsTable();
		for (final CumulativeAblation.Curve curve : c.all()) {
			t.incrementCounter();
			t.addValue("Order", curve.order());
			t.addValue("Normalized area", curve.normalizedArea());
		}
		return t;
	}

	/** Shows the table in its own window, unless Fiji runs headless. */
	/**
	 * One row per synthesized image: the target, its value at the image, the best natural stimulus's value and
	 * number (1-based; NaN and 0 when there was no comparison), and the ratio achieved / best natural.
	 */
	static ResultsTable maximization(final ActivationMaximization.Result r, final TopStimuli.Best natural) {
		final ResultsTable t = new ResultsTable();
		for (int i = 0; i < r.values().length; i++) {
			t.incrementCounter();
			t.addValue("Target", r.objectives().get(i).description());
			t.addValue("Activation", r.values()[i]);
			t.addValue("Best natural", natural == null ? Double.NaN : natural.value()[i]);
			t.addValue("Best natural image", natural == null ? 0 : natural.image()[i] + 1);
			t.addValue("Ratio", ratio(r, natural, i));
		}
		return t;
	}

	/** Achieved / best natural for objective i; NaN without a comparison or when the best natural value is 0. */
	static double ratio(final ActivationMaximization.Result r, final TopStimuli.Best natural, final int i) {
		return natural == null || natural.value()[i] == 0 ? Double.NaN : r.values()[i] / natural.value()[i];
	}

	/** One row per layer: its empirical and theoretical receptive-field size in pixels. */
	static ResultsTable receptiveFields(final List<ReceptiveFields.Size> sizes) {
		final ResultsTable t = new ResultsTable();
		for (final ReceptiveFields.Size s : sizes) {
			t.incrementCounter();
			t.addValue("Layer", s.layer());
			t.addValue("Empirical size", s.empirical());
			t.addValue("Theoretical size", s.theoretical());
		}
		return t;
	}

	static void show(final UIService ui, final ResultsTable table, final String title) {
		if (ui != null && !ui.isHeadless() && !java.awt.GraphicsEnvironment.isHeadless()) table.show(title);
	}
}
