package org.insilico.cli;

import java.util.List;
import java.util.Locale;

import org.insilico.model.Trainer;

/** Comma-separated tables, numbers in the C locale, empty cells where a value does not exist (NaN). */
final class Csv {

	private Csv() {}

	static String trainingCurve(final List<Trainer.Epoch> history) {
		final StringBuilder sb = new StringBuilder(
			"epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,test_loss,test_accuracy,seconds\n");
		for (final Trainer.Epoch e : history)
			sb.append(e.epoch()).append(',').append(num(e.trainLoss())).append(',').append(num(e.trainAccuracy()))
				.append(',').append(num(e.validationLoss())).append(',').append(num(e.validationAccuracy())).append(',')
				.append(num(e.testLoss())).append(',').append(num(e.testAccuracy())).append(',').append(num(e.seconds()))
				.append('\n');
		return sb.toString();
	}

	static String num(final double v) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
	}
}
