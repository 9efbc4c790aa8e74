package org.insilico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.insilico.Progress;
import org.insilico.data.StimulusSets;
import org.insilico.model.Network;
import org.insilico.model.NetworkIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job at its default size: a CNN trained on the built-in digits must reach at least 97 % test accuracy,
 * and every promised file must be there and agree with the others.
 */
class DemoTest {

	@TempDir
	Path dir;

	@Test
	void demoAtDefaultSizeReachesNinetySevenPercentAndWritesEveryFile() throws Exception {
		final MainTest.Call c = MainTest.call("demo", "--out", dir.toString());
		assertEquals(0, c.status(), c.err());
		for (final String f : new String[] { "network.zip", "network.npz", "training.csv", "stimuli.tif", "report.html",
			"summary.json" })
			assertTrue(Files.size(dir.resolve(f)) > 0, f);
		final String json = Files.readString(dir.resolve("summary.json"));
		final double accuracy = number(json, "test_accuracy");
		assertTrue(accuracy >= 0.97, "test accuracy " + accuracy);
		assertEquals(Demo.TRAIN, (int) number(json, "train_images"));
		assertEquals(Demo.TEST, (int) number(json, "test_images"));
		assertTrue(json.contains("\"dataset\": \"digits\""));
		assertTrue(number(json, "seconds") > 0);
		// the saved network is the one measured: on fresh digits of another seed it does as well
		final Network net = NetworkIO.load(dir.resolve("network.zip"));
		final double fresh = net.evaluate(StimulusSets.generate("digits", 1000, 28, 12345), Progress.NONE).accuracy();
		assertTrue(Math.abs(fresh - accuracy) < 0.03, "fresh digits " + fresh + " vs reported " + accuracy);
		final String csv = Files.readString(dir.resolve("training.csv"));
		assertEquals(Demo.EPOCHS + 1, csv.lines().count());
		// the gradient section's own checks
		assertTrue(number(json, "finite_difference_max_rel_error") <= 1e-3, json);
		assertTrue(number(json, "ig_completeness_max_rel_error") <= 0.01, json);
		// the ablation section: a memorizing network depends on more of its units (Barrett et al. 2019, Fig. 2a)
		assertTrue(number(json, "memorizing_auc") < number(json, "generalizing_auc"), json);
		assertTrue(number(json, "memorizing_train_accuracy") >= 0.9, json);
		assertTrue(number(json, "speedup_vs_naive") > 1, json);
		final double rho = number(json, "selectivity_importance_spearman");
		assertTrue(rho >= -1 && rho <= 1, json);
		assertTrue(json.contains("\"ablation\": {"), json);
		// the maximization section: class images are their class, first-layer units find their filters (Erhan et al.
		// 2009), and receptive fields grow with depth
		assertTrue(json.contains("\"maximization\": {"), json);
		assertEquals(10, (int) number(json, "class_targets_reached"), json);
		assertTrue(number(json, "first_layer_filter_cosine_min") >= 0.99, json);
		assertTrue(number(json, "first_layer_active_channels") >= 1, json);
		final Matcher rf = Pattern.compile("\"rf_size_by_layer\": \\{([^}]*)\\}").matcher(json);
		assertTrue(rf.find(), json);
		final Matcher size = Pattern.compile("\"(\\w+)\": (\\d+)").matcher(rf.group(1));
		int previous = 0, layers = 0;
		while (size.find()) {
			final int s = Integer.parseInt(size.group(2));
			assertTrue(s >= previous, "receptive field of " + size.group(1) + " " + s + " < " + previous);
			previous = s;
			layers++;
		}
		assertEquals(6, layers, json);
		assertTrue(previous == 28, "the output sees the whole image: " + json);
		final String html = Files.readString(dir.resolve("report.html"));
		assertTrue(html.contains("Preferred stimuli"));
		assertTrue(html.contains("Ablation"));
		assertTrue(html.contains("Gradient images"));
		assertTrue(html.contains("data:image/png;base64,"), "the report has pictures");
		assertTrue(html.contains(String.format("%.2f %%", 100 * accuracy)), "the report states the accuracy");
	}

	static double number(final String json, final String key) {
		final Matcher m = Pattern.compile("\"" + key + "\": ([-0-9.eE]+)").matcher(json);
		assertTrue(m.find(), key);
		return Double.parseDouble(m.group(1));
	}
}
