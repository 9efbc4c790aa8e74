package org.insilico.cli;

import ij.gui.Plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.model.Network;
import org.insilico.model.Trainer;
import org.insilico.probe.ablation.Ablation;
import org.insilico.probe.ablation.AblationExperiment;
import org.insilico.probe.ablation.CumulativeAblation;
import org.insilico.probe.ablation.SelectivityAndImportance;

/**
 * The demo's ablation section: the ablation maps of conv2 and dense1 with the rank correlation of class selectivity
 * and importance (Morcos et al. 2018), the speed of cached ablation against a full forward pass per ablation, and
 * Barrett, Morcos &amp; Macke (2019) Fig. 2a at small scale: random cumulative ablation of a network that generalizes
 * and of one that memorized random labels, each on its own training set.
 */
final class DemoAblation {

	private DemoAblation() {}

	static final int MAP_IMAGES = 2000, MEMORY_IMAGES = 2000, MEMORY_EPOCHS = 25, MEMORY_BATCH = 64, REPEATS = 5,
			POINTS = 21, PERMUTATIONS = 1000, NAIVE_UNITS = 3;
	static final double MEMORY_RATE = 0.002;

	static void add(final Report report, final Map<String, Object> summary, final Network net, final Dataset train,
		final Dataset test, final long seed, final Progress progress)
	{
		final long started = System.nanoTime();
		final Dataset mapImages = test.subset(first(Math.min(MAP_IMAGES, test.size())));

		// ablation maps, and the speed of cached ablation against naive
		final AblationExperiment conv2 = AblationExperiment.record(net, mapImages, "conv2", progress);
		long t = System.nanoTime();
		final SelectivityAndImportance.Result conv2Map = SelectivityAndImportance.compute(conv2, Ablation.Mode.ZERO, 0,
			PERMUTATIONS, seed, progress);
		final double cachedPerUnit = (System.nanoTime() - t) / 1e9 / (conv2.units() + 1);
		t = System.nanoTime();
		for (int u = 0; u < NAIVE_UNITS; u++)
			conv2.evaluateNaively(Ablation.zero("conv2", u), progress);
		final double naivePerUnit = (System.nanoTime() - t) / 1e9 / NAIVE_UNITS;
		final double speedup = naivePerUnit / cachedPerUnit;
		final AblationExperiment dense1 = AblationExperiment.record(net, mapImages, "dense1", progress);
		final SelectivityAndImportance.Result dense1Map = SelectivityAndImportance.compute(dense1, Ablation.Mode.ZERO, 0,
			PERMUTATIONS, seed, progress);

		// Barrett et al. 2019, Fig. 2a: a generalizing and a memorizing MLP, each ablated on its own training set
		final Dataset memoryTrain = train.subset(first(Math.min(MEMORY_IMAGES, train.size())));
		final CumulativeAblation.Curve[] curves = new CumulativeAblation.Curve[2];
		final double[] ownAccuracy = new double[2], trainSeconds = new double[2];
		for (int r = 0; r < 2; r++) {
			final boolean random = r == 1;
			final Trainer.Options options = new Trainer.Options("mlp", MEMORY_EPOCHS, MEMORY_BATCH, MEMORY_RATE,
				Trainer.Optimizer.ADAM, 0.9, 0, 0, seed, 0, random, Set.of());
			final Trainer.Result trained = Trainer.train(memoryTrain, null, options, progress);
			trainSeconds[r] = trained.last().seconds();
			// the labels it was trained on: the trainer shuffles with the options' seed
			final Dataset own = random ? memoryTrain.withShuffledLabels(seed) : memoryTrain;
			final AblationExperiment e = AblationExperiment.record(trained.network(), own, "dense1", progress);
			ownAccuracy[r] = e.evaluate(Ablation.none("dense1"), progress).accuracy();
			curves[r] = CumulativeAblation.random(e, REPEATS, seed, Ablation.Mode.ZERO, POINTS, progress);
		}
		final double seconds = (System.nanoTime() - started) / 1e9;

		report.section("Ablation");
		report.paragraph(String.format("Each unit of conv2 (a channel) and of dense1 silenced alone (set to 0) on %,d " +
			"test digits, and the drop of each class's accuracy: rows are units, columns classes 0-9; red = the class " +
			"loses accuracy, blue = it gains, each map scaled to its own largest drop. Intact accuracy %.2f %%.",
			mapImages.size(), 100 * dense1Map.map().intact().accuracy()));
		report.picture(mapPicture(conv2Map), "Ablation map of conv2 (16 channels x 10 classes)", 8);
		report.picture(mapPicture(dense1Map), "Ablation map of dense1 (64 units x 10 classes)", 6);
		report.picture(scatter(dense1Map), "Class selectivity and importance (accuracy drop when silenced) of the " +
			"units of dense1", 1);
		final List<List<String>> rows = new ArrayList<>();
		rows.add(Report.row("layer", "units", "Spearman selectivity vs accuracy drop", "p", "Spearman selectivity vs " +
			"max class drop", "p"));
		for (final SelectivityAndImportance.Result r : List.of(conv2Map, dense1Map))
			rows.add(Report.row(r.map().layer(), r.map().units(), String.format("%.3f", r.accuracySpearman()), String
				.format("%.3g", r.accuracyP()), String.format("%.3f", r.classSpearman()), String.format("%.3g", r
					.classP())));
		report.table(rows);
		report.paragraph(String.format("p-values from %d permutations. Morcos et al. (2018) found class selectivity " +
			"a poor or negative predictor of a unit's importance. Cached ablation (conv2's activations recorded once, " +
			"only the layers above run per ablation) took %.3f s per unit; a full forward pass per ablation %.3f s " +
			"(%d units timed): %.1fx faster.", PERMUTATIONS, cachedPerUnit, naivePerUnit, NAIVE_UNITS, speedup));
		report.paragraph(String.format("Barrett, Morcos & Macke (2019), Fig. 2a, at small scale: two MLPs (784-256-" +
			"128-10) trained on the same %,d training digits for %d epochs (Adam %.3f, batch %d, seed %d), one on the " +
			"true labels, one on randomly permuted labels (it can only memorize). Accuracy on their own training " +
			"labels: %.1f %% and %.1f %%. Then the units of dense1 silenced cumulatively in random order (%d orders, " +
			"mean and SD), each network on its own training set: the memorizing network depends on more of its " +
			"units. Normalized area under the curve: generalizing %.3f, memorizing %.3f.", memoryTrain.size(),
			MEMORY_EPOCHS, MEMORY_RATE, MEMORY_BATCH, seed, 100 * ownAccuracy[0], 100 * ownAccuracy[1], REPEATS, curves[0]
				.normalizedArea(), curves[1].normalizedArea()));
		report.picture(curvesPicture(curves), "Accuracy (relative to intact) as dense1's units are silenced in " +
			"random order", 1);
		report.table(List.of(Report.row("step", "seconds"), Report.row("training the two MLPs", String.format("%.1f",
			trainSeconds[0] + trainSeconds[1])), Report.row("whole section", String.format("%.1f", seconds))));

		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("layer", "dense1");
		a.put("units", dense1Map.map().units());
		a.put("selectivity_importance_spearman", dense1Map.accuracySpearman());
		a.put("selectivity_importance_p", dense1Map.accuracyP());
		a.put("conv2_selectivity_importance_spearman", conv2Map.accuracySpearman());
		a.put("generalizing_auc", curves[0].normalizedArea());
		a.put("memorizing_auc", curves[1].normalizedArea());
		a.put("generalizing_train_accuracy", ownAccuracy[0]);
		a.put("memorizing_train_accuracy", ownAccuracy[1]);
		a.put("speedup_vs_naive", speedup);
		a.put("seconds", seconds);
		summary.put("ablation", a);
	}

	private static int[] first(final int n) {
		final int[] idx = new int[n];
		for (int i = 0; i < n; i++)
			idx[i] = i;
		return idx;
	}

	private static BufferedImage mapPicture(final SelectivityAndImportance.Result r) {
		final float[] v = r.map().toImg().update(null).getCurrentStorageArray();
		double m = 0;
		for (final float x : v)
			if (Float.isFinite(x)) m = Math.max(m, Math.abs(x));
		return Pictures.diverging(v, r.map().classNames().size(), r.map().units(), m);
	}

	private static BufferedImage scatter(final SelectivityAndImportance.Result r) {
		final Plot plot = new Plot("Selectivity and importance", "class selectivity index",
			"accuracy drop when silenced");
		plot.setColor(Color.BLUE, Color.BLUE);
		plot.addPoints(r.selectivity(), r.map().importance(), Plot.CIRCLE);
		plot.setColor(Color.BLACK);
		plot.addLabel(0.02, 0.08, String.format("%s: Spearman %.2f (p = %.3g)", r.map().layer(), r.accuracySpearman(),
			r.accuracyP()));
		return plot.getImagePlus().getBufferedImage();
	}

	private static BufferedImage curvesPicture(final CumulativeAblation.Curve[] curves) {
		final Plot plot = new Plot("Cumulative ablation", "fraction of dense1 units silenced",
			"accuracy / intact accuracy");
		final Color[] colours = { Color.BLUE, Color.RED };
		for (int r = 0; r < 2; r++) {
			final double a0 = curves[r].accuracy()[0];
			final double[] y = curves[r].accuracy().clone(), sd = curves[r].spread().clone();
			for (int i = 0; i < y.length; i++) {
				y[i] /= a0;
				sd[i] /= a0;
			}
			plot.setColor(colours[r], colours[r]);
			plot.setLineWidth(2);
			plot.addPoints(curves[r].fractions(), y, Plot.CONNECTED_CIRCLES);
			plot.addErrorBars(sd);
		}
		plot.setColor(Color.BLACK);
		plot.setLimits(0, 1, 0, 1.05);
		plot.addLegend("generalizing (true labels)\tmemorizing (random labels)", "bottom-left");
		return plot.getImagePlus().getBufferedImage();
	}
}
