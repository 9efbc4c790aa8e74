package org.insilico.command;

import ij.ImagePlus;

import java.util.ArrayList;
import java.util.List;

import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.image.ImagePlusBridge;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › In Silico › Generate Stimuli…: a built-in stimulus set as an image stack whose slice labels name each
 * image's class.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Generate Stimuli...")
public class GenerateStimuliCommand extends InSilicoCommand {

	@Parameter(label = "Stimulus set", choices = { "digits", "gratings", "gabor", "noise" })
	private String set = "digits";

	@Parameter(label = "Number of images", min = "1")
	private int count = 100;

	@Parameter(label = "Image size (0 = the set's default)", min = "0")
	private int size = 0;

	@Parameter(label = "Seed")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus stimuli;

	@Override
	protected void execute() {
		final Dataset d = StimulusSets.generate(set, count, size, seed);
		final List<String> labels = new ArrayList<>(d.size());
		for (int i = 0; i < d.size(); i++)
			labels.add(set + " " + d.classNames().get(d.label(i)));
		stimuli = ImagePlusBridge.toImagePlus(d.images(), set + " (seed " + seed + ")", labels);
	}
}
