package org.insilico.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.insilico.data.Dataset;
import org.insilico.image.ImagePlusBridge;
import org.insilico.model.Network;
import org.insilico.probe.maximize.TopStimuli;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › In Silico › Top Stimuli…: for every unit (channel, by its spatial mean) of a layer, the k images of a
 * dataset that drive it most and the k that drive it least ({@link TopStimuli}). Outputs: a stack with, per unit, its
 * k strongest images then its k weakest (slice labels: unit, rank, image number, activation), and a table.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Top Stimuli...")
public class TopStimuliCommand extends InSilicoCommand {

	@Parameter(required = false, label = "Network")
	private Network network;

	@Parameter(label = "Layer")
	private String layer = "dense1";

	@Parameter(label = "Images per unit (k)", min = "1")
	private int k = 8;

	@Parameter(label = "Images", choices = { AblationMapCommand.DIGITS, AblationMapCommand.FOLDER })
	private String images = AblationMapCommand.DIGITS;

	@Parameter(label = "Image folder", style = "directory", required = false)
	private File folder;

	@Parameter(label = "Number of built-in images", min = "1")
	private int count = 2000;

	@Parameter(label = "Seed")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Top stimuli")
	private ImagePlus top_stimuli;

	@Parameter(type = ItemIO.OUTPUT, label = "Top stimuli table")
	private ResultsTable top_table;

	@Override
	protected void execute() {
		final Network net = OpenNetworks.resolve(objects, network);
		final String name = layer == null ? "" : layer.trim();
		net.layer(name); // a wrong layer is refused before the images are made
		final CommandProgress progress = new CommandProgress(status);
		final Dataset data = AblationMapCommand.images(net, images, folder, count, seed, log, progress);
		final TopStimuli.Result r = TopStimuli.find(net, data, name, k, progress); // refuses k beyond the images
		final int units = r.top().length, per = data.width() * data.height();
		final float[] pixels = data.pixelArray(), stack = new float[units * 2 * k * per];
		final List<String> labels = new ArrayList<>();
		top_table = new ResultsTable();
		int slice = 0;
		for (int u = 0; u < units; u++)
			for (int most = 1; most >= 0; most--)
				for (int j = 0; j < k; j++) {
					final int i = most == 1 ? r.top()[u][j] : r.bottom()[u][j];
					System.arraycopy(pixels, i * per, stack, slice++ * per, per);
					final String which = most == 1 ? "most" : "least";
					labels.add(String.format("%s %d · %s #%d · image %d · activation %.4g", r.layer(), u, which, j + 1, i +
						1, r.activation()[u][i]));
					top_table.incrementCounter();
					top_table.addValue("Unit", u);
					top_table.addValue("Drives it", which);
					top_table.addValue("Rank", j + 1);
					top_table.addValue("Image", i + 1);
					top_table.addValue("Class", data.classNames().get(data.labels()[i]));
					top_table.addValue("Activation", r.activation()[u][i]);
				}
		top_stimuli = ImagePlusBridge.toImagePlus(ArrayImgs.floats(stack, data.width(), data.height(), slice),
			"Top stimuli of " + r.layer() + " (" + k + " most, then " + k + " least, per unit)", labels);
		Tables.show(ui, top_table, "Top stimuli of " + r.layer());
	}
}
