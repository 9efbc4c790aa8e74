package org.insilico.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.insilico.image.ImagePlusBridge;
import org.insilico.model.Network;
import org.insilico.probe.maximize.ReceptiveFields;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › In Silico › Receptive Fields…: per layer, the receptive-field size measured from the gradients of its
 * centre units on random images and the size the architecture gives ({@link ReceptiveFields}); a table and the
 * footprints (summed |gradient|), one slice per layer.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Receptive Fields...")
public class ReceptiveFieldsCommand extends InSilicoCommand {

	@Parameter(required = false, label = "Network")
	private Network network;

	@Parameter(label = "Random images", min = "1")
	private int images = 8;

	@Parameter(label = "Seed")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Receptive fields")
	private ResultsTable receptive_fields;

	@Parameter(type = ItemIO.OUTPUT, label = "Footprints")
	private ImagePlus footprints;

	@Override
	protected void execute() {
		final Network net = OpenNetworks.resolve(objects, network);
		final List<ReceptiveFields.Size> sizes = ReceptiveFields.measure(net, images, seed, new CommandProgress(status));
		final int per = net.width() * net.height();
		final float[] data = new float[sizes.size() * per];
		final List<String> labels = new ArrayList<>();
		for (int i = 0; i < sizes.size(); i++) {
			final ReceptiveFields.Size s = sizes.get(i);
			System.arraycopy(s.footprint(), 0, data, i * per, per);
			labels.add(s.layer() + " · empirical " + s.empirical() + " px · theoretical " + s.theoretical() + " px");
		}
		footprints = ImagePlusBridge.toImagePlus(ArrayImgs.floats(data, net.width(), net.height(), sizes.size()),
			"Receptive-field footprints (summed |gradient|)", labels);
		receptive_fields = Tables.receptiveFields(sizes);
		Tables.show(ui, receptive_fields, "Receptive fields");
	}
}
