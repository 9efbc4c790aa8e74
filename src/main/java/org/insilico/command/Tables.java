package org.insilico.command;

import ij.measure.ResultsTable;

import java.util.List;

import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.Trainer;
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

	/** Shows the table in its own window, unless Fiji runs headless. */
	static void show(final UIService ui, final ResultsTable table, final String title) {
		if (ui != null && !ui.isHeadless() && !java.awt.GraphicsEnvironment.isHeadless()) table.show(title);
	}
}
