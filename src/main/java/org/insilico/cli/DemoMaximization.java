package org.insilico.cli;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.probe.maximize.ActivationMaximization;
import org.insilico.probe.maximize.FilterConvergence;
import org.insilico.probe.maximize.Objective;
import org.insilico.probe.maximize.ReceptiveFields;
import org.insilico.probe.maximize.TopStimuli;

/**
 * The demo's activation-maximization section: the preferred stimulus of every unit of every layer (Erhan et al. 2009;
 * Olah et al. 2017), the class images and whether the network calls them their class, the first-layer check (under a
 * norm constraint a first-layer unit's preferred stimulus is its filter), the natural digits that drive dense1's units
 * most, and the receptive-field sizes.
 */
final class DemoMaximization {

	private DemoMaximization() {}

	static final double L2 = 1e-3, TV = 0.05, CLASS_PROBABILITY = 0.99, NORM = 14, NORM_RATE = 0.05;
	/**
	 * Steps per layer montage, for the class images and for the first-layer check: the section's cost is almost all
	 * gradient steps (those through the pooling layers dominate), so these are as few as the checks allow.
	 */
	static final int STEPS = 48, CLASS_STEPS = 128, FILTER_STEPS = 100;
	static final int BLUR_EVERY = 4, JITTER = 1, TOP_UNITS = 8, TOP_K = 6, RF_IMAGES = 4, COLUMNS = 16;


	static void add(final Report report, final Map<String, Object> summary, final Network net, final Dataset test,
		final long seed, final Progress progress)
	{
		final long started = System.nanoTime();
		final int w = net.width(), h = net.height(), per = w * h;
		final ActivationMaximization.Options defaults = ActivationMaximization.Options.defaults().withSteps(CLASS_STEPS);

		// preferred stimuli of every unit of every layer, lightly regularized
		final ActivationMaximization.Options readable = defaults.withSteps(STEPS).withRegularizers(L2, TV, BLUR_EVERY,
			JITTER);
		final Map<String, ActivationMaximization.Result> preferred = new LinkedHashMap<>();
		for (final LayerInfo info : net.layers()) {
			preferred.put(info.name(), ActivationMaximization.units(net, info.name(), readable, progress));
		}

		// class images, unregularized: does the network call each its class?
		final String outputLayer = net.layers().get(net.layers().size() - 1).name();
		final ActivationMaximization.Result classes = ActivationMaximization.units(net, outputLayer, defaults, progress);
		final double[] classProbability = ActivationMaximization.ownClassProbabilities(net, classes);
		final int nClasses = classProbability.length;
		int reached = 0;
		for (final double p : classProbability)
			if (p >= CLASS_PROBABILITY) reached++;

		// first layer: under ‖x‖ = NORM the preferred stimulus of a unit is its filter on its receptive field
		final FilterConvergence.Result check = FilterConvergence.check(net, defaults.withSteps(FILTER_STEPS)
			.withNormConstraint(NORM, NORM_RATE), progress);
		final int channels = check.cosine().length, kh = check.kernelHeight(), kw = check.kernelWidth();
		final double[] cosine = check.cosine();
		final boolean[] active = check.active();
		final LayerInfo first = net.layers().get(0);
		final int cy = (int) first.shape()[1] / 2, cx = (int) first.shape()[2] / 2;
		final double cosineMin = check.minimumActiveCosine();
		final int activeCount = check.activeCount();
		final BufferedImage[][] filterCells = new BufferedImage[2][channels];
		for (int c = 0; c < channels; c++) {
			filterCells[0][c] = selfScaled(check.filters()[c], kw, kh);
			filterCells[1][c] = selfScaled(check.patches()[c], kw, kh);
		}

		// the natural digits that drive dense1's most responsive units most (a dead unit has nothing to show)
		final String dense = net.layers().stream().filter(l -> !l.isSpatial() && l.index() < net.layers().size() - 1)
			.map(LayerInfo::name).findFirst().orElse(outputLayer);
		final TopStimuli.Result top = TopStimuli.find(net, test, dense, TOP_K, progress);
		final int topUnits = Math.min(TOP_UNITS, top.top().length);
		final int[] shown = strongest(top, topUnits);
		final BufferedImage[][] topCells = new BufferedImage[topUnits][TOP_K + 1];
		final float[] testPixels = test.pixelArray();
		final float[] densePreferred = preferred.get(dense).images();
		for (int row = 0; row < topUnits; row++) {
			final int u = shown[row];
			topCells[row][0] = selfScaled(Arrays.copyOfRange(densePreferred, u * per, (u + 1) * per), w, h);
			for (int j = 0; j < TOP_K; j++) {
				final int i = top.top()[u][j];
				topCells[row][j + 1] = Pictures.gray(ArrayImgs.floats(Arrays.copyOfRange(testPixels, i * per, (i + 1) * per), w,
					h), 0, 1);
			}
		}

		// receptive fields
		final List<ReceptiveFields.Size> rf = ReceptiveFields.measure(net, RF_IMAGES, seed, progress);
		final double seconds = (System.nanoTime() - started) / 1e9;

		report.section("Preferred stimuli");
		report.paragraph(String.format("The image each unit responds to most (activation maximization, Erhan et al. " +
			"2009; Olah, Mordvintsev & Schubert 2017): from gray noise, %d steps of Adam (learning rate %.2f) on the " +
			"pixels, clipped to [0, 1], with light regularization so the images stay readable (L2 decay %.0e, total " +
			"variation %.2f, a Gaussian blur of sigma 0.5 every %d steps, random shifts of up to %d pixel). For " +
			"convolution and pooling layers the objective is a channel's mean over its map, for dense layers a unit, " +
			"for the output layer a class's score (logit). Each picture is scaled to its own minimum and maximum.",
			STEPS, defaults.learningRate(), L2, TV, BLUR_EVERY, JITTER));
		for (final Map.Entry<String, ActivationMaximization.Result> e : preferred.entrySet()) {
			final ActivationMaximization.Result r = e.getValue();
			report.picture(montage(r.images(), r.objectives().size(), w, h), e.getKey() + ": " + r.objectives().size() +
				(e.getKey().equals(outputLayer) ? " classes" : net.layer(e.getKey()).isSpatial() ? " channels" : " units"),
				2);
		}
		report.paragraph(String.format("Class images without regularization (%d steps of Adam from gray noise, clipped " +
			"to [0, 1]): %d of %d are classified as their class with probability at least %.2f.", defaults.steps(), reached,
			nClasses, CLASS_PROBABILITY));
		report.picture(montage(classes.images(), nClasses, w, h), "Class images 0-9, unregularized", 3);
		final List<List<String>> classRows = new ArrayList<>();
		classRows.add(Report.row("class", "probability of its class"));
		for (int c = 0; c < nClasses; c++)
			classRows.add(Report.row(net.classNames().get(c), String.format("%.4f", classProbability[c])));
		report.table(classRows);
		report.paragraph(String.format("First layer: a %s unit is w·patch + b through a ReLU, so on the sphere ‖x‖ = " +
			"%.0f its preferred stimulus is its filter on its %dx%d receptive field and zero elsewhere. For the centre " +
			"unit (%d, %d) of each channel, %d steps of normalized gradient ascent (step %.2f) on that sphere from gray " +
			"noise; of the %d channels, %d have their centre unit active on the start image (an inactive ReLU passes no " +
			"gradient). Cosine between the synthesized patch and the filter: lowest %.4f over the active ones.",
			first.name(), NORM, kw, kh, cx, cy, FILTER_STEPS, NORM_RATE, channels, activeCount, cosineMin));
		report.picture(Pictures.grid(filterCells, 1), "Top: the " + channels + " filters of " + first.name() +
			"; bottom: the synthesized image on each centre unit's receptive field", 8);
		final List<List<String>> filterRows = new ArrayList<>();
		filterRows.add(Report.row("channel", "active at start", "cosine with filter"));
		for (int c = 0; c < channels; c++)
			filterRows.add(Report.row(c, active[c] ? "yes" : "no", String.format("%.4f", cosine[c])));
		report.table(filterRows);
		report.paragraph(String.format("Top natural stimuli: the %d test digits that drive each of %s's %d most " +
			"responsive units most (the units whose best digit drives them hardest; first column: the unit's preferred " +
			"stimulus from above).", TOP_K, dense, topUnits));
		report.picture(Pictures.grid(topCells, 1), dense + " units " + Arrays.toString(shown) +
			", one per row: preferred stimulus, then the top " + TOP_K + " digits", 3);
		report.paragraph(String.format("Receptive fields: the side of the bounding box of the pixels that move the " +
			"centre unit of each channel (each unit for flat layers, up to 16) over %d random images, against the size " +
			"from the architecture. Footprints: the summed |gradient| of the first unit, one per layer.", RF_IMAGES));
		final List<List<String>> rfRows = new ArrayList<>();
		rfRows.add(Report.row("layer", "empirical (pixels)", "theoretical (pixels)"));
		final BufferedImage[][] footprints = new BufferedImage[1][rf.size()];
		final Map<String, Object> rfSizes = new LinkedHashMap<>();
		for (int l = 0; l < rf.size(); l++) {
			final ReceptiveFields.Size s = rf.get(l);
			rfRows.add(Report.row(s.layer(), s.empirical(), s.theoretical()));
			footprints[0][l] = selfScaled(s.footprint(), w, h);
			rfSizes.put(s.layer(), s.empirical());
		}
		report.table(rfRows);
		report.picture(Pictures.grid(footprints, 1), "Receptive-field footprints, " + String.join(", ", rfSizes
			.keySet()), 3);
		report.table(List.of(Report.row("check", "value"), Report.row("seconds", String.format("%.1f", seconds))));

		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("first_layer_filter_cosine_min", cosineMin);
		m.put("first_layer_active_channels", activeCount);
		m.put("class_targets_reached", reached);
		m.put("rf_size_by_layer", rfSizes);
		m.put("seconds", seconds);
		summary.put("maximization", m);
	}

	/** n images of w × h values as a grid of up to {@link #COLUMNS} per row, each scaled to its own min and max. */
	/** The n units whose best natural stimulus drives them most, strongest first. */
	static int[] strongest(final TopStimuli.Result top, final int n) {
		return java.util.stream.IntStream.range(0, top.top().length).boxed().sorted((a, b) -> Float.compare(top.best(b),
			top.best(a))).limit(n).mapToInt(Integer::intValue).toArray();
	}

	static BufferedImage montage(final float[] images, final int n, final int w, final int h) {
		final int per = w * h, cols = Math.min(COLUMNS, n), rows = (n + cols - 1) / cols;
		final BufferedImage[][] cells = new BufferedImage[rows][cols];
		for (int k = 0; k < rows * cols; k++)
			cells[k / cols][k % cols] = k < n ? selfScaled(Arrays.copyOfRange(images, k * per, (k + 1) * per), w, h)
				: blank(w, h);
		return Pictures.grid(cells, 1);
	}

	/** A gray picture scaled to the image's own minimum (black) and maximum (white). */
	static BufferedImage selfScaled(final float[] v, final int w, final int h) {
		float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
		for (final float x : v) {
			lo = Math.min(lo, x);
			hi = Math.max(hi, x);
		}
		return Pictures.gray(ArrayImgs.floats(v.clone(), w, h), lo, hi > lo ? hi : lo + 1);
	}

	private static BufferedImage blank(final int w, final int h) {
		final BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		final java.awt.Graphics2D g = b.createGraphics();
		g.setColor(new java.awt.Color(0xb0b0b0));
		g.fillRect(0, 0, w, h);
		g.dispose();
		return b;
	}
}
