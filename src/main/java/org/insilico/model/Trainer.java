package org.insilico.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * Trains a preset network on a labelled dataset by mini-batch gradient descent on the cross-entropy loss.
 * {@link #train} blocks until training is done or cancelled; it is safe to run several trainings on different
 * threads (each builds its own network).
 */
public final class Trainer {

	private Trainer() {}

	/** The optimizers. */
	public enum Optimizer {
		/** Adam (Kingma &amp; Ba 2015), β1 = 0.9, β2 = 0.999. */
		ADAM,
		/** Stochastic gradient descent with Nesterov momentum. */
		SGD
	}

	/**
	 * Training options.
	 *
	 * @param preset {@code lenet} or {@code mlp}
	 * @param epochs passes over the training images, 1 to 10,000
	 * @param batchSize images per update, 1 to 65,536
	 * @param learningRate step size, in (0, 10]
	 * @param optimizer ADAM or SGD (with {@code momentum})
	 * @param momentum momentum of SGD, in [0, 1)
	 * @param weightDecay decoupled weight decay, in [0, 1)
	 * @param dropout probability of dropping a hidden dense unit during training, in [0, 1)
	 * @param seed seed of initialization, shuffling, the validation split and random labels
	 * @param validationFraction fraction of the training images held out for validation, in [0, 1)
	 * @param randomLabels train on randomly permuted labels (a memorizing network)
	 * @param snapshotEpochs epochs after which a copy of the network is kept (0 = before training)
	 */
	public record Options(String preset, int epochs, int batchSize, double learningRate, Optimizer optimizer,
		double momentum, double weightDecay, double dropout, long seed, double validationFraction,
		boolean randomLabels, Set<Integer> snapshotEpochs)
	{

		public Options {
			snapshotEpochs = Collections.unmodifiableSet(new TreeSet<>(snapshotEpochs == null ? Set.of()
				: snapshotEpochs));
		}

		/** Adam at 1e-3, batch 64, 5 epochs, no regularization, seed 42. */
		public static Options defaults(final String preset) {
			return new Options(preset, 5, 64, 1e-3, Optimizer.ADAM, 0.9, 0, 0, 42, 0, false, Set.of());
		}

		public Options withEpochs(final int e) {
			return new Options(preset, e, batchSize, learningRate, optimizer, momentum, weightDecay, dropout, seed,
				validationFraction, randomLabels, snapshotEpochs);
		}

		public Options withSeed(final long s) {
			return new Options(preset, epochs, batchSize, learningRate, optimizer, momentum, weightDecay, dropout, s,
				validationFraction, randomLabels, snapshotEpochs);
		}

		public Options withRandomLabels(final boolean r) {
			return new Options(preset, epochs, batchSize, learningRate, optimizer, momentum, weightDecay, dropout,
				seed, validationFraction, r, snapshotEpochs);
		}

		public Options withSnapshots(final Set<Integer> epochsToKeep) {
			return new Options(preset, epochs, batchSize, learningRate, optimizer, momentum, weightDecay, dropout,
				seed, validationFraction, randomLabels, epochsToKeep);
		}

		/** Epoch numbers written as {@code 1,3,5} (blank: none); errors name {@code parameter}. */
		public static Set<Integer> parseEpochs(final String parameter, final String text) {
			final Set<Integer> set = new TreeSet<>();
			if (text == null) return set;
			for (final String part : text.split(","))
				if (!part.isBlank()) try {
					set.add(Integer.parseInt(part.trim()));
				}
				catch (final NumberFormatException e) {
					throw InSilicoException.badParameter(parameter, text,
						"expected epoch numbers separated by commas, e.g. 1,3");
				}
			return set;
		}

		/** Throws naming the first parameter outside its accepted range. */
		public void validate() {
			if (!Architectures.PRESETS.contains(preset)) throw InSilicoException.badParameter("preset", preset,
				"expected one of " + Architectures.PRESETS);
			InSilicoException.requireRange("epochs", epochs, 1, 10_000);
			InSilicoException.requireRange("batch_size", batchSize, 1, 65_536);
			if (!(learningRate > 0 && learningRate <= 10)) throw InSilicoException.badParameter("learning_rate",
				learningRate, "expected a number greater than 0 and at most 10");
			if (optimizer == null) throw InSilicoException.badParameter("optimizer", null, "expected ADAM or SGD");
			if (!(momentum >= 0 && momentum < 1)) throw InSilicoException.badParameter("momentum", momentum,
				"expected a number from 0 up to (not including) 1");
			if (!(weightDecay >= 0 && weightDecay < 1)) throw InSilicoException.badParameter("weight_decay",
				weightDecay, "expected a number from 0 up to (not including) 1");
			if (!(dropout >= 0 && dropout < 1)) throw InSilicoException.badParameter("dropout", dropout,
				"expected a probability from 0 up to (not including) 1");
			if (!(validationFraction >= 0 && validationFraction < 1)) throw InSilicoException.badParameter(
				"validation_fraction", validationFraction, "expected a number from 0 up to (not including) 1");
			for (final int e : snapshotEpochs)
				if (e < 0 || e > epochs) throw InSilicoException.badParameter("snapshot epoch", e,
					"expected epochs from 0 (before training) to " + epochs);
		}

		IUpdater updater() {
			return optimizer == Optimizer.ADAM ? new Adam(learningRate) : new Nesterovs(learningRate, momentum);
		}
	}

	/**
	 * One row of the training curve. Validation and test columns are NaN when there is no such set.
	 */
	public record Epoch(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
		double validationAccuracy, double testLoss, double testAccuracy, double seconds)
	{}

	/**
	 * @param network the trained network
	 * @param history one row per epoch
	 * @param snapshots copies of the network after the epochs asked for, by epoch
	 * @param trainImages images used for the updates
	 * @param validationImages images held out for validation
	 * @param testImages images of the test set
	 */
	public record Result(Network network, List<Epoch> history, Map<Integer, Network> snapshots, Options options,
		int trainImages, int validationImages, int testImages)
	{

		public Epoch last() {
			return history.get(history.size() - 1);
		}
	}

	/** At most this many training images are re-evaluated after each epoch for the train accuracy column. */
	static final int TRAIN_EVAL_IMAGES = 5000;

	/**
	 * Trains a new network of {@code options.preset()} on {@code train}, evaluating on {@code test} (may be null)
	 * after every epoch.
	 *
	 * @throws InSilicoException for bad options or datasets (fewer than two classes, mismatched sizes or classes)
	 * @throws org.insilico.CanceledException when {@code progress} says stop
	 */
	public static Result train(final Dataset train, final Dataset test, final Options options,
		final Progress progress)
	{
		options.validate();
		train.requireTrainable("training images");
		if (test != null) {
			if (test.width() != train.width() || test.height() != train.height()) throw new InSilicoException(
				"test images = " + test.width() + "x" + test.height() + " pixels: expected the training images' size " +
					train.width() + "x" + train.height());
			if (!test.classNames().equals(train.classNames())) throw InSilicoException.badParameter("test classes",
				test.classNames(), "expected the training classes " + train.classNames());
		}
		Dataset fit = options.randomLabels() ? train.withShuffledLabels(options.seed()) : train;
		Dataset validation = null;
		if (options.validationFraction() > 0) {
			final Dataset.Split s = fit.split(options.validationFraction(), options.seed() + 1);
			fit = s.first();
			validation = s.second();
		}
		final Network network = Architectures.create(options.preset(), 1, train.height(), train.width(), train
			.classNames(), new Architectures.Hyper(options.updater(), options.weightDecay(), options.dropout(),
				options.seed(), DataType.FLOAT));
		final Map<Integer, Network> snapshots = new LinkedHashMap<>();
		if (options.snapshotEpochs().contains(0)) snapshots.put(0, network.copy());

		final int n = fit.size(), k = fit.numClasses(), per = fit.width() * fit.height();
		final float[] pixels = fit.pixelArray();
		final Random random = new Random(options.seed());
		final int[] order = new int[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		final Dataset trainEval = n <= TRAIN_EVAL_IMAGES ? fit : fit.subset(firstIndices(TRAIN_EVAL_IMAGES));
		final List<Epoch> history = new ArrayList<>();
		final int batches = (n + options.batchSize() - 1) / options.batchSize();
		final long started = System.nanoTime();
		for (int epoch = 1; epoch <= options.epochs(); epoch++) {
			shuffle(order, random);
			double lossSum = 0;
			for (int b = 0; b < batches; b++) {
				progress.checkCanceled("training");
				final int from = b * options.batchSize(), to = Math.min(n, from + options.batchSize());
				final float[] x = new float[(to - from) * per];
				final float[] y = new float[(to - from) * k];
				for (int i = from; i < to; i++) {
					System.arraycopy(pixels, order[i] * per, x, (i - from) * per, per);
					y[(i - from) * k + fit.label(order[i])] = 1;
				}
				final INDArray features = network.toInput(x);
				final INDArray labels = KernelChain.fresh(y, to - from, k);
				lossSum += network.fit(features, labels) * (to - from);
				progress.report("training epoch " + epoch + "/" + options.epochs(), (long) (epoch - 1) * batches + b +
					1, (long) options.epochs() * batches);
			}
			final Network.Evaluation tr = network.evaluate(trainEval, Progress.NONE);
			final Network.Evaluation va = validation == null ? null : network.evaluate(validation, Progress.NONE);
			final Network.Evaluation te = test == null ? null : network.evaluate(test, Progress.NONE);
			history.add(new Epoch(epoch, lossSum / n, tr.accuracy(), va == null ? Double.NaN : va.loss(), va == null
				? Double.NaN : va.accuracy(), te == null ? Double.NaN : te.loss(), te == null ? Double.NaN : te
					.accuracy(), (System.nanoTime() - started) / 1e9));
			if (options.snapshotEpochs().contains(epoch)) snapshots.put(epoch, network.copy());
		}
		return new Result(network, Collections.unmodifiableList(history), Collections.unmodifiableMap(snapshots),
			options, n, validation == null ? 0 : validation.size(), test == null ? 0 : test.size());
	}

	private static int[] firstIndices(final int count) {
		final int[] idx = new int[count];
		for (int i = 0; i < count; i++)
			idx[i] = i;
		return idx;
	}

	private static void shuffle(final int[] a, final Random random) {
		for (int i = a.length - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final int t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
	}
}
