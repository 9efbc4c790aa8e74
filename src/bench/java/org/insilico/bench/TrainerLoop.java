package org.insilico.bench;

import java.util.List;
import java.util.Locale;

import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.model.Trainer;

/** Trainer.train on random images, for a profiler to attribute. Arguments: {@code preset batch epochs [images]}. */
public final class TrainerLoop {

	public static void main(final String[] args) {
		final String preset = args[0];
		final int batch = Integer.parseInt(args[1]), epochs = Integer.parseInt(args[2]);
		final int n = args.length > 3 ? Integer.parseInt(args[3]) : 8192;
		final TrainingProfile.RandomData random = TrainingProfile.RandomData.of(n);
		final float[] pixels = random.pixels();
		final int[] labels = random.labels();
		final Dataset data = new Dataset(pixels, 28, 28, labels, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
			"9"));
		final long t = System.nanoTime();
		final Trainer.Result res = Trainer.train(data, null, new Trainer.Options(preset, epochs, batch, 1e-3,
			Trainer.Optimizer.ADAM, 0.9, 0, 0, 42, 0, false, null), Progress.NONE);
		System.out.printf(Locale.ROOT, "%s b%d: %.0f img/s over %d epochs; last %s%n", preset, batch, (double) n *
			epochs / ((System.nanoTime() - t) / 1e9), epochs, res.last());
	}
}
