package org.insilico.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.insilico.AtomicFiles;
import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.image.ImagePlusBridge;
import org.insilico.image.Montages;
import org.insilico.image.TiffFiles;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.NetworkIO;
import org.insilico.model.Trainer;

/**
 * The main job: trains {@code lenet} on the built-in digits and writes, into one folder, the network
 * ({@code network.zip}, {@code network.npz}), the training curve ({@code training.csv}), a sample of the stimuli
 * ({@code stimuli.tif}), a report ({@code report.html}) and the numbers ({@code summary.json}). Later analyses add
 * their sections to the same report and summary.
 */
final class Demo {

	private Demo() {}

	static final int TRAIN = 20_000, TEST = 4_000, EPOCHS = 5;

	static final String USAGE = """
		usage: insilico demo --out DIR [--train %d] [--test %d] [--epochs %d] [--seed 42]
		  trains lenet on rendered digits and writes network.zip, network.npz, training.csv, stimuli.tif,
		  report.html and summary.json into DIR""".formatted(TRAIN, TEST, EPOCHS);

	static void run(final List<String> list, final PrintStream out, final PrintStream err) {
		final Args a = new Args("demo", list, Set.of("out", "train", "test", "epochs", "seed"), Set.of());
		final Path dir = a.path("out", "demo-output");
		final int nTrain = a.integer("train", TRAIN, 20, 1_000_000), nTest = a.integer("test", TEST, 10, 1_000_000);
		final int epochs = a.integer("epochs", EPOCHS, 1, 1000);
		final long seed = a.seed("seed", 42);
		final long started = System.nanoTime();
		final ConsoleProgress progress = new ConsoleProgress(err);

		err.println("generating " + (nTrain + nTest) + " digit images...");
		final Dataset all = StimulusSets.generate("digits", nTrain + nTest, 28, seed);
		final Dataset.Split split = all.split(nTest / (double) (nTrain + nTest), seed + 1);
		final Dataset train = split.first(), test = split.second();

		final Trainer.Result result = Trainer.train(train, test, Trainer.Options.defaults("lenet").withEpochs(epochs)
			.withSeed(seed), progress);
		final Network net = result.network();
		final Network.Evaluation eval = net.evaluate(test, progress);

		NetworkIO.save(net, dir.resolve("network.zip"));
		NetworkIO.exportNpz(net, dir.resolve("network.npz"));
		AtomicFiles.writeString(dir.resolve("training.csv"), Csv.trainingCurve(result.history()));
		final Dataset sample = test.subset(perClass(test, 10));
		TiffFiles.save(ImagePlusBridge.toImagePlus(sample.images(), "stimuli", Verbs.sliceLabels(sample)), dir
			.resolve("stimuli.tif"));

		final Map<String, Object> summary = new LinkedHashMap<>();
		final Report report = new Report("In Silico demo: a LeNet trained on rendered digits");
		report.paragraph(String.format("Trained %s on %,d rendered digits for %d epochs (Adam, learning rate 0.001, " +
			"batch 64, seed %d) and tested on %,d other digits. Test accuracy %.2f %%.", net.architecture(), train.size(),
			epochs, seed, test.size(), 100 * eval.accuracy()));
		report.section("Stimuli");
		report.paragraph("Digits 0-9 drawn from the fonts of this machine's JDK with random font, size, stroke, " +
			"rotation, shear, translation and elastic distortion, plus pixel noise. Ten test images per class (stimuli.tif):");
		report.picture(Pictures.gray(Montages.of(sample.images(), 10, 1, 0.3f), 0, 1), "Test stimuli, one row per class",
			3);
		report.section("Training");
		final List<List<String>> rows = new ArrayList<>();
		rows.add(Report.row("epoch", "train loss", "train accuracy", "test loss", "test accuracy", "seconds"));
		for (final Trainer.Epoch e : result.history())
			rows.add(Report.row(e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(), String
				.format("%.1f", e.seconds())));
		report.table(rows).picture(Pictures.trainingCurve(result.history()), "Training curve (training.csv)", 1);
		report.section("Network");
		final List<List<String>> layers = new ArrayList<>();
		layers.add(Report.row("layer", "kind", "shape", "activation", "parameters"));
		for (final LayerInfo l : net.layers())
			layers.add(Report.row(l.name(), l.kind(), l.shapeText(), l.activation(), l.parameters()));
		report.table(layers).paragraph("Saved as network.zip (open it with Plugins > In Silico > Open Network...) " +
			"and its weights as network.npz (numpy.load).");
		report.section("Accuracy per class");
		final List<List<String>> perClass = new ArrayList<>();
		perClass.add(Report.row("class", "test images", "accuracy"));
		final Map<String, Object> classAccuracy = new LinkedHashMap<>();
		for (int c = 0; c < net.classNames().size(); c++) {
			perClass.add(Report.row(net.classNames().get(c), eval.classCount()[c], eval.classAccuracy(c)));
			classAccuracy.put(net.classNames().get(c), eval.classAccuracy(c));
		}
		report.table(perClass);
		summary.put("dataset", "digits");
		summary.put("train_images", train.size());
		summary.put("test_images", test.size());
		summary.put("test_accuracy", eval.accuracy());
		summary.put("seconds", 0.0); // set when everything is done
		summary.put("network", net.architecture());
		summary.put("parameters", net.parameterCount());
		summary.put("epochs", epochs);
		summary.put("seed", seed);
		summary.put("training_seconds", result.last().seconds());
		summary.put("class_accuracy", classAccuracy);
		DemoGradients.add(report, summary, net, test, progress);
		DemoAblation.add(report, summary, net, train, test, seed, progress);
		DemoMaximization.add(report, summary, net, test, seed, progress);
		final double seconds = (System.nanoTime() - started) / 1e9;
		summary.put("seconds", seconds);
		report.section("Cost").paragraph(String.format("Everything above took %.0f s on %d cores (training %.0f s).",
			seconds, Runtime.getRuntime().availableProcessors(), result.last().seconds()));

		AtomicFiles.writeString(dir.resolve("report.html"), report.html());
		AtomicFiles.writeString(dir.resolve("summary.json"), Json.write(summary));
		out.printf("test accuracy %.4f on %d digits after %d epochs; %.0f s; wrote %s%n", eval.accuracy(), test.size(),
			epochs, seconds, dir.toAbsolutePath());
	}

	/** The first {@code k} images of each class, class by class. */
	static int[] perClass(final Dataset d, final int k) {
		final List<Integer> idx = new ArrayList<>();
		for (int c = 0; c < d.numClasses(); c++) {
			int taken = 0;
			for (int i = 0; i < d.size() && taken < k; i++)
				if (d.label(i) == c) {
					idx.add(i);
					taken++;
				}
		}
		return idx.stream().mapToInt(Integer::intValue).toArray();
	}
}
