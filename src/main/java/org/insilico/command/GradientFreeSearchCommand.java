package org.insilico.command;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.LUT;

import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.insilico.InSilicoException;
import org.insilico.image.ImagePlusBridge;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.probe.maximize.GeneticSearch;
import org.insilico.probe.maximize.Objective;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › In Silico › Gradient-Free Search…: a target's preferred stimulus found with forward passes only, by a
 * genetic algorithm ({@link GeneticSearch}; Yamane et al. 2008, Ponce et al. 2019), the method one can take to a real
 * neuron. Outputs: the best image (its label gives the value reached and the evaluations spent) and a table of the
 * best value per generation.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Gradient-Free Search...")
public class GradientFreeSearchCommand extends InSilicoCommand {

	@Parameter(required = false, label = "Network")
	private Network network;

	@Parameter(label = "Target (layer:kind:index)")
	private String target = "output:class:0";

	@Parameter(label = "Population", min = "4")
	private int population = 64;

	@Parameter(label = "Generations", min = "1")
	private int generations = 300;

	@Parameter(label = "Elite (kept unchanged)", min = "1")
	private int elite = 8;

	@Parameter(label = "Mutation size, first generation", stepSize = "0.01")
	private double mutation_start = 0.2;

	@Parameter(label = "Mutation size, last generation", stepSize = "0.01")
	private double mutation_end = 0.02;

	@Parameter(label = "Mutation smoothness (sigma, pixels)", min = "0")
	private double mutation_blur = 1.5;

	@Parameter(label = "Seed")
	private long seed = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "Best stimulus")
	private ImagePlus best_stimulus;

	@Parameter(type = ItemIO.OUTPUT, label = "Search")
	private ResultsTable search;

	@Override
	protected void execute() {
		final Network net = OpenNetworks.resolve(objects, network);
		if (target == null || target.isBlank()) throw InSilicoException.badParameter("target", target,
			"give a target layer:kind:index (e.g. output:class:3, conv2:channel:5, dense1:unit:17)");
		final Objective objective = Objective.of(Target.parse(target.trim(), net));
		final GeneticSearch.Result r = GeneticSearch.search(net, objective, new GeneticSearch.Options(population,
			generations, elite, mutation_start, mutation_end, mutation_blur, 0, 1, seed), new CommandProgress(status));
		final String label = objective.description() + " · value " + String.format("%.4g", r.value()) + " · " + r
			.evaluations() + " evaluations";
		best_stimulus = ImagePlusBridge.toImagePlus(ArrayImgs.floats(r.image(), net.width(), net.height(), 1),
			"Gradient-free preferred stimulus of " + objective.description(), List.of(label), (LUT) null, 0, 1);
		search = new ResultsTable();
		for (int g = 0; g < r.bestPerGeneration().length; g++) {
			search.incrementCounter();
			search.addValue("Generation", g + 1);
			search.addValue("Best value", r.bestPerGeneration()[g]);
			search.addValue("Evaluations", (long) population * (g + 2));
		}
		Tables.show(ui, search, "Gradient-free search: " + objective.description());
	}
}
