package org.insilico.command;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;

import java.awt.Color;
import java.io.File;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.DataSources;
import org.insilico.data.Dataset;
import org.insilico.image.ImagePlusBridge;
import org.insilico.model.Network;
import org.insilico.probe.ablation.Ablation;
import org.insilico.probe.ablation.AblationExperiment;
import org.insilico.probe.ablation.SelectivityAndImportance;
import org.scijava.ItemIO;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › In Silico › Ablation Map…: each unit (channel) of a layer silenced alone, and how much each class's
 * accuracy drops (Morcos et al. 2018; Barrett, Morcos &amp; Macke 2019): the map (x = class, y = unit, centred on
 * zero), a table per unit with its class selectivity, and the rank correlation of selectivity with importance.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Ablation Map...")
public class AblationMapCommand extends InSilicoCommand {

	static final String DIGITS = "Built-in digits", FOLDER = "Image folder (one sub-folder per class)";

	@Parameter(required = false, label = "Network")
	private Network network;

	@Parameter(label = "Layer")
	private String layer = "conv2";

	@Parameter(label = "Images", choices = { DIGITS, FOLDER })
	private String images = DIGITS;

	@Parameter(label = "Image folder", style = "directory", required = false)
	private File folder;

	@Parameter(label = "Number of built-in images", min = "1")
	private int count = 2000;

	@Parameter(label = "Seed")
	private long seed = 1;

	@Parameter(label = "Silence by", choices = { "zero", "mean", "scale" })
	private String mode = "zero";

	@Parameter(label = "Factor (scale)", stepSize = "0.1")
	private double factor = 0;

	@Parameter(label = "Permutations (p-values)", min = "0")
	private int permutations = 1000;

	@Parameter(type = ItemIO.OUTPUT, label = "Ablation map")
	private ImagePlus ablation_map;

	@Parameter(type = ItemIO.OUTPUT, label = "Units")
	private ResultsTable units;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private ResultsTable summary;

	@Override
	protected void execute() {
		final Network net = OpenNetworks.resolve(objects, network);
		final Ablation.Mode m = mode(mode, true);
		final CommandProgress progress = new CommandProgress(status);
		final AblationExperiment e = AblationExperiment.record(net, images(net, images, folder, count, seed, log,
			progress), layer, progress);
		final SelectivityAndImportance.Result r = SelectivityAndImportance.compute(e, m, factor, permutations, seed,
			progress);
		ablation_map = ImagePlusBridge.toSignedImagePlus(r.map().toImg(), "Ablation map of " + layer + " (" + mode +
			(m == Ablation.Mode.SCALE ? " x" + factor : "") + "): class accuracy drop", null);
		units = Tables.ablationUnits(r);
		summary = Tables.ablationSummary(r, mode);
		Tables.show(ui, units, "Ablation of " + layer);
		Tables.show(ui, summary, "Selectivity and importance of " + layer);
		if (ui != null && !ui.isHeadless() && !java.awt.GraphicsEnvironment.isHeadless()) scatter(r).show();
	}

	/** Selectivity against importance, one point per unit. */
	static Plot scatter(final SelectivityAndImportance.Result r) {
		final Plot plot = new Plot("Selectivity and importance of " + r.map().layer(), "class selectivity index",
			"accuracy drop when silenced");
		plot.setColor(Color.BLUE, Color.BLUE);
		plot.addPoints(r.selectivity(), r.map().importance(), Plot.CIRCLE);
		plot.setColor(Color.BLACK);
		plot.addLabel(0.02, 0.08, String.format("Spearman %.2f (p = %.3g)", r.accuracySpearman(), r.accuracyP()));
		return plot;
	}

	/** The images the commands of ablation use: built-in digits at the network's size, or a folder. */
	static Dataset images(final Network net, final String images, final File folder, final int count, final long seed,
		final LogService log, final Progress progress)
	{
		final String source;
		if (DIGITS.equals(images)) source = "digits";
		else if (FOLDER.equals(images)) {
			if (folder == null) throw InSilicoException.badParameter("folder", null,
				"choose the folder whose sub-folders hold the images of each class");
			source = "folder:" + folder.getPath();
		}
		else throw InSilicoException.badParameter("images", images, "expected '" + DIGITS + "' or '" + FOLDER + "'");
		final DataSources.Loaded loaded = DataSources.loadFor(source, count, net.height(), net.classNames(), seed,
			"images", progress);
		if (log != null) loaded.notes().forEach(n -> log.info("In Silico: " + n));
		return loaded.dataset();
	}

	static Ablation.Mode mode(final String mode, final boolean scale) {
		for (final Ablation.Mode m : Ablation.Mode.values())
			if (m.name().equalsIgnoreCase(mode) && (scale || m != Ablation.Mode.SCALE)) return m;
		throw InSilicoException.badParameter("mode", mode, scale ? "expected zero, mean or scale" : "expected zero or mean");
	}
}
