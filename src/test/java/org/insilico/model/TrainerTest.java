package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;

import org.insilico.CanceledException;
import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {

	static final int SIZE = 16;

	/** Four classes: a bright 5x5 square in one of the four quadrants, at a random place, on noise. */
	static Dataset quadrants(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] p = new float[n * SIZE * SIZE];
		final int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			final int c = i % 4;
			labels[i] = c;
			final int x0 = (c % 2) * 8 + r.nextInt(4), y0 = (c / 2) * 8 + r.nextInt(4);
			for (int y = 0; y < SIZE; y++)
				for (int x = 0; x < SIZE; x++)
					p[(i * SIZE + y) * SIZE + x] = (float) (0.2 * r.nextDouble() + (x >= x0 && x < x0 + 5 && y >= y0 &&
						y < y0 + 5 ? 0.7 : 0));
		}
		return new Dataset(p, SIZE, SIZE, labels, List.of("top left", "top right", "bottom left", "bottom right"));
	}

	static Trainer.Options fast(final String preset) {
		return Trainer.Options.defaults(preset).withEpochs(3);
	}

	@ParameterizedTest
	@ValueSource(strings = { "lenet", "mlp" })
	void learnsAnEasyTask(final String preset) {
		final Trainer.Result r = Trainer.train(quadrants(800, 1), quadrants(200, 2), fast(preset), Progress.NONE);
		assertEquals(3, r.history().size());
		assertTrue(r.last().testAccuracy() >= 0.95, "test accuracy " + r.last().testAccuracy());
		assertTrue(r.history().get(0).trainLoss() > r.last().trainLoss(), "loss falls");
		assertEquals(r.last().testAccuracy(), r.network().evaluate(quadrants(200, 2), Progress.NONE).accuracy(), 1e-12);
	}

	@Test
	void sameSeedSameAccuracy() {
		final Dataset train = quadrants(400, 1), test = quadrants(400, 2);
		final Trainer.Options o = Trainer.Options.defaults("lenet").withEpochs(1);
		final double a = Trainer.train(train, test, o, Progress.NONE).last().testAccuracy();
		final double b = Trainer.train(train, test, o, Progress.NONE).last().testAccuracy();
		assertEquals(a, b, 0.005);
	}

	@Test
	void snapshotsAreKeptAtTheEpochsAskedFor() {
		final Dataset train = quadrants(200, 1);
		final Trainer.Result r = Trainer.train(train, null, fast("mlp").withSnapshots(Set.of(0, 2)), Progress.NONE);
		assertEquals(Set.of(0, 2), r.snapshots().keySet());
		final var x = r.network().toInput(train.pixels(0, 5));
		final float[] initial = r.snapshots().get(0).output(x).data().asFloat();
		final float[] fresh = Architectures.create("mlp", 1, SIZE, SIZE, train.classNames(), new Architectures.Hyper(
			fast("mlp").updater(), 0, 0, 42, org.nd4j.linalg.api.buffer.DataType.FLOAT)).output(x).data().asFloat();
		assertArrayEquals(fresh, initial, 0f, "snapshot 0 is the untrained network");
		assertNotEquals(r.snapshots().get(2).output(x).getFloat(0), initial[0]);
		assertTrue(Double.isNaN(r.last().testAccuracy()), "no test set, no test accuracy");
	}

	@Test
	void randomLabelsCannotGeneralize() {
		final Trainer.Result r = Trainer.train(quadrants(800, 1), quadrants(400, 2), fast("mlp").withRandomLabels(true),
			Progress.NONE);
		assertTrue(r.last().testAccuracy() < 0.45, "test accuracy with shuffled labels " + r.last().testAccuracy());
	}

	@Test
	void validationIsHeldOut() {
		final Trainer.Options o = new Trainer.Options("mlp", 1, 32, 1e-3, Trainer.Optimizer.SGD, 0.9, 1e-4, 0.2, 3, 0.25,
			false, Set.of());
		final Trainer.Result r = Trainer.train(quadrants(400, 1), null, o, Progress.NONE);
		assertEquals(300, r.trainImages());
		assertEquals(100, r.validationImages());
		assertTrue(r.last().validationAccuracy() >= 0 && r.last().validationAccuracy() <= 1);
	}

	@Test
	void cancellationStopsTraining() {
		final Progress cancelAfterTwo = new Progress() {

			int calls;

			@Override
			public void report(final String stage, final long done, final long total) {
				calls++;
			}

			@Override
			public boolean isCanceled() {
				return calls >= 2;
			}
		};
		assertThrows(CanceledException.class, () -> Trainer.train(quadrants(400, 1), null, fast("mlp"),
			cancelAfterTwo));
	}

	@Test
	void badOptionsNameTheParameter() {
		final Dataset d = quadrants(40, 1);
		final Trainer.Options ok = fast("mlp");
		final Object[][] cases = { //
			{ new Trainer.Options("resnet", 1, 8, 1e-3, Trainer.Optimizer.ADAM, 0.9, 0, 0, 1, 0, false, Set.of()), "preset" },
			{ ok.withEpochs(0), "epochs" },
			{ new Trainer.Options("mlp", 1, 0, 1e-3, Trainer.Optimizer.ADAM, 0.9, 0, 0, 1, 0, false, Set.of()), "batch_size" },
			{ new Trainer.Options("mlp", 1, 8, Double.NaN, Trainer.Optimizer.ADAM, 0.9, 0, 0, 1, 0, false, Set.of()), "learning_rate" },
			{ new Trainer.Options("mlp", 1, 8, 1e-3, Trainer.Optimizer.ADAM, 0.9, 0, 1.5, 1, 0, false, Set.of()), "dropout" },
			{ new Trainer.Options("mlp", 1, 8, 1e-3, Trainer.Optimizer.ADAM, 0.9, -1, 0, 1, 0, false, Set.of()), "weight_decay" },
			{ new Trainer.Options("mlp", 1, 8, 1e-3, Trainer.Optimizer.ADAM, 0.9, 0, 0, 1, 1.0, false, Set.of()), "validation_fraction" },
			{ ok.withSnapshots(Set.of(9)), "snapshot epoch" } };
		for (final Object[] c : cases) {
			final InSilicoException e = assertThrows(InSilicoException.class, () -> Trainer.train(d, null,
				(Trainer.Options) c[0], Progress.NONE));
			assertTrue(e.getMessage().startsWith((String) c[1] + " = "), e.getMessage());
		}
	}

	@Test
	void badDatasetsAreRefused() {
		final Dataset d = quadrants(40, 1);
		final int[] zeros = new int[40];
		final Dataset oneClass = new Dataset(d.pixelArray(), SIZE, SIZE, zeros, d.classNames());
		assertTrue(assertThrows(InSilicoException.class, () -> Trainer.train(oneClass, null, fast("mlp"),
			Progress.NONE)).getMessage().contains("at least two classes"));
		final Dataset other = new Dataset(new float[4 * 20 * 20], 20, 20, new int[] { 0, 1, 2, 3 }, d.classNames());
		assertTrue(assertThrows(InSilicoException.class, () -> Trainer.train(d, other, fast("mlp"), Progress.NONE))
			.getMessage().startsWith("test images = "));
		assertThrows(InSilicoException.class, () -> new Dataset(new float[SIZE * SIZE], SIZE, SIZE, new int[] { 0, 1 },
			d.classNames()));
		final float[] nan = new float[SIZE * SIZE];
		nan[17] = Float.NaN;
		assertTrue(assertThrows(InSilicoException.class, () -> new Dataset(nan, SIZE, SIZE, new int[] { 0 }, d
			.classNames())).getMessage().contains("NaN"));
	}
}
