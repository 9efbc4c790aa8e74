package org.insilico.command;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;

import java.awt.Color;
import java.io.File;

import org.insilico.model.Network;
import org.insilico.probe.ablation.AblationExperiment;
import org.insilico.probe.ablation.CumulativeAblation;
import org.insilico.probe.ablation.SelectivityAndImportance;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › In Silico › Ablation Curves…: accuracy as a growing fraction of a layer's units is silenced, in random
 * order and ordered by class selectivity or by importance (Morcos et al. 2018, Figs. 1 and 4), with each curve's
 * normalized area.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Ablation Curves...")
public class AblationCurvesCommand extends InSilicoCommand {

	@Parameter(required = false, label = "Network")
	private Network network;

	@Parameter(label = "Layer")
	private String layer = "conv2";

	@Parameter(label = "Images", choices = { AblationMapCommand.DIGITS, AblationMapCommand.FOLDER })
	private String images = AblationMapCommand.DIGITS;

	@Parameter(label = "Image folder", style = "directory", required = false)
	private File folder;

	@Parameter(label = "Number of built-in images", min = "1")
	private int count = 2000;

	@Parameter(label = "Silence by", choices = { "zero", "mean" })
	private String mode = "zero";

	@Parameter(label = "Random orders", min = "1")
	private int repeats = 5;

	@Parameter(label = "Points per curve", min = "2")
	private int points = 21;

	@Parameter(label = "Seed")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Ablation curves")
	private ResultsTable curves;

	@Parameter(type = ItemIO.OUTPUT, label = "Normalized areas")
	private ResultsTable areas;

	@Parameter(type = ItemIO.OUTPUT, label = "Curve plot")
	private ImagePlus curve_plot;

	@Override
	protected void execute() {
		final Network net = OpenNetworks.resolve(objects, network);
		final var m = AblationMapCommand.mode(mode, false);
		final CommandProgress progress = new CommandProgress(status);
		final AblationExperiment e = AblationExperiment.record(net, AblationMapCommand.images(net, images, folder, count,
			seed, log, progress), layer, progress);
		final SelectivityAndImportance.Curves c = SelectivityAndImportance.curves(e, m, repeats, points, seed, progress);
		curves = Tables.ablationCurves(c);
		areas = Tables.ablationAreas(c);
		curve_plot = plot(c, layer, mode).getImagePlus();
		Tables.show(ui, curves, "Ablation curves of " + layer);
		Tables.show(ui, areas, "Normalized areas of " + layer);
	}

	static Plot plot(final SelectivityAndImportance.Curves c, final String layer, final String mode) {
		final Plot plot = new Plot("Ablation curves of " + layer + " (" + mode + ")", "fraction of units silenced",
			"accuracy");
		final Color[] colours = { Color.BLACK, Color.RED, Color.BLUE, new Color(0, 140, 0) };
		final StringBuilder legend = new StringBuilder();
		final CumulativeAblation.Curve[] all = c.all();
		for (int i = 0; i < all.length; i++) {
			plot.setColor(colours[i], colours[i]);
			plot.setLineWidth(2);
			plot.addPoints(all[i].fractions(), all[i].accuracy(), Plot.LINE);
			if (i == 0) plot.addErrorBars(all[i].spread());
			legend.append(i == 0 ? "" : "\t").append(all[i].order());
		}
		plot.setColor(Color.BLACK);
		plot.setLimits(0, 1, 0, 1);
		plot.addLegend(legend.toString(), "top-right");
		return plot;
	}
}
