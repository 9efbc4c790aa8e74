package org.insilico.cli;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.probe.gradient.Attribution;
import org.insilico.probe.gradient.GradientCheck;
import org.insilico.probe.gradient.IntegratedGradients;
import org.insilico.probe.gradient.Occlusion;
import org.insilico.probe.gradient.Saliency;
import org.insilico.probe.gradient.SmoothGrad;

/**
 * The demo's gradient-image section: for one test digit per class, the gradient, SmoothGrad, integrated-gradient and
 * occlusion images of the predicted class, with the finite-difference and completeness checks.
 */
final class DemoGradients {

	private DemoGradients() {}

	static final int IG_STEPS = 64, FD_PIXELS = 40;

	static void add(final Report report, final Map<String, Object> summary, final Network net, final Dataset test,
		final Progress progress)
	{
		final long started = System.nanoTime();
		final Dataset digits = test.subset(Demo.perClass(test, 1));
		final float[] pixels = digits.pixelArray();
		final var images = ArrayImgs.floats(pixels, net.width(), net.height(), digits.size());
		final List<Target> predicted = Attribution.predictedClasses(net, pixels, progress);
		final IntegratedGradients ig = new IntegratedGradients(IntegratedGradients.Options.defaults().withSteps(IG_STEPS));
		final List<Attribution> methods = List.of(new Saliency(false), new SmoothGrad(SmoothGrad.Options.defaults()), ig,
			new Occlusion(Occlusion.Options.defaults()));
		final List<Attribution.Result> results = new ArrayList<>();
		for (final Attribution m : methods)
			results.add(m.attribute(net, pixels, predicted, progress));
		final double[] completeness = ig.completenessErrors(net, pixels, results.get(2));
		final double fd = GradientCheck.maxRelativeError(net, pixels, predicted, FD_PIXELS, 7);
		final double seconds = (System.nanoTime() - started) / 1e9;

		final int w = net.width(), h = net.height(), n = digits.size(), per = w * h;
		final BufferedImage[][] cells = new BufferedImage[1 + methods.size()][n];
		for (int i = 0; i < n; i++)
			cells[0][i] = Pictures.gray(ArrayImgs.floats(java.util.Arrays.copyOfRange(pixels, i * per, (i + 1) * per), w,
				h), 0, 1);
		for (int r = 0; r < results.size(); r++) {
			final float[] map = results.get(r).map().update(null).getCurrentStorageArray();
			for (int i = 0; i < n; i++) {
				final float[] one = java.util.Arrays.copyOfRange(map, i * per, (i + 1) * per);
				double m = 0;
				for (final float v : one)
					m = Math.max(m, Math.abs(v));
				cells[r + 1][i] = Pictures.diverging(one, w, h, m);
			}
		}
		double worstCompleteness = 0;
		for (final double e : completeness)
			worstCompleteness = Math.max(worstCompleteness, e);

		report.section("Gradient images");
		report.paragraph("For one test digit of each class (top row), how each pixel matters to the network's score " +
			"(logit) for the class it predicts: the gradient (Simonyan et al. 2014), SmoothGrad (Smilkov et al. 2017; 50 " +
			"noisy copies, noise 15 % of the range), integrated gradients (Sundararajan et al. 2017; black baseline, " +
			IG_STEPS + " steps) and occlusion (Zeiler & Fergus 2014; 4x4 black patch, stride 2), one row each. Red " +
			"raises the score, blue lowers it; each picture is scaled to its own largest magnitude.");
		report.picture(Pictures.grid(cells, 1), "Rows: digit, gradient, SmoothGrad, integrated gradients, occlusion", 3);
		final List<List<String>> rows = new ArrayList<>();
		rows.add(Report.row("check", "value"));
		rows.add(Report.row("gradient vs central finite differences (double precision, " + FD_PIXELS +
			" pixels per digit), max relative error", String.format("%.2e", fd)));
		rows.add(Report.row("integrated gradients: |sum - (t(x) - t(black))| / |t(x) - t(black)|, worst digit",
			String.format("%.2f %%", 100 * worstCompleteness)));
		rows.add(Report.row("seconds", String.format("%.1f", seconds)));
		report.table(rows);

		final Map<String, Object> g = new LinkedHashMap<>();
		g.put("finite_difference_max_rel_error", fd);
		g.put("ig_completeness_max_rel_error", worstCompleteness);
		g.put("ig_steps", IG_STEPS);
		g.put("digits", n);
		g.put("seconds", seconds);
		summary.put("gradients", g);
	}
}
