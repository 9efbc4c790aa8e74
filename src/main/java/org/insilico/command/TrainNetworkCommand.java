package org.insilico.command;

import ij.measure.ResultsTable;

import java.io.File;

import org.insilico.InSilicoException;
import org.insilico.data.DataSources;
import org.insilico.data.Dataset;
import org.insilico.model.Network;
import org.insilico.model.NetworkIO;
import org.insilico.model.Trainer;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › In Silico › Train Network…: trains a preset network on a built-in stimulus set, a folder of labelled
 * images, or IDX files; outputs the network (the current network for later commands) and the training curve.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Train Network...")
public class TrainNetworkCommand extends InSilicoCommand {

	static final String DIGITS = "Built-in digits", GRATINGS = "Built-in gratings", GABOR = "Built-in Gabor patches",
			FOLDER = "Image folder (one sub-folder per class)", IDX = "IDX files (MNIST format)";

	@Parameter(label = "Images", choices = { DIGITS, GRATINGS, GABOR, FOLDER, IDX })
	private String source = DIGITS;

	@Parameter(label = "Number of built-in images", min = "20")
	private int images = 12_000;

	@Parameter(label = "Image folder", style = "directory", required = false)
	private File folder;

	@Parameter(label = "IDX images file", required = false)
	private File idx_images;

	@Parameter(label = "IDX labels file", required = false)
	private File idx_labels;

	@Parameter(label = "Fraction held out for testing", min = "0.001", max = "0.999", stepSize = "0.05")
	private double test_fraction = 0.2;

	@Parameter(label = "Architecture", choices = { "lenet", "mlp" })
	private String preset = "lenet";

	@Parameter(label = "Epochs", min = "1")
	private int epochs = 5;

	@Parameter(label = "Batch size", min = "1")
	private int batch_size = 64;

	@Parameter(label = "Learning rate", stepSize = "0.0001")
	private double learning_rate = 1e-3;

	@Parameter(label = "Optimizer", choices = { "Adam", "SGD with momentum" })
	private String optimizer = "Adam";

	@Parameter(label = "Momentum (SGD)")
	private double momentum = 0.9;

	@Parameter(label = "Weight decay")
	private double weight_decay = 0;

	@Parameter(label = "Dropout (hidden dense layers)")
	private double dropout = 0;

	@Parameter(label = "Validation fraction (of the training images)")
	private double validation_fraction = 0;

	@Parameter(label = "Random labels (memorize)")
	private boolean random_labels = false;

	@Parameter(label = "Keep snapshots after epochs (e.g. 1,3)", required = false)
	private String snapshot_epochs = "";

	@Parameter(label = "Seed")
	private long seed = 42;

	@Parameter(label = "Save network to (.zip, optional)", style = "save", required = false)
	private File save_to;

	@Parameter(type = ItemIO.OUTPUT)
	private Network network;

	@Parameter(type = ItemIO.OUTPUT, label = "Training curve")
	private ResultsTable training_curve;

	@Override
	protected void execute() {
		final CommandProgress progress = new CommandProgress(status);
		final DataSources.Loaded loaded = DataSources.load(sourceSpec(), images, 0, seed, progress);
		if (log != null) loaded.notes().forEach(n -> log.info("In Silico: " + n));
		final Dataset.Split split = loaded.dataset().split(test_fraction, seed + 7);
		final Trainer.Options options = new Trainer.Options(preset, epochs, batch_size, learning_rate, optimizer
			.startsWith("SGD") ? Trainer.Optimizer.SGD : Trainer.Optimizer.ADAM, momentum, weight_decay, dropout, seed,
			validation_fraction, random_labels, Trainer.Options.parseEpochs("snapshot_epochs", snapshot_epochs));
		final Trainer.Result result = Trainer.train(split.first(), split.second(), options, progress);
		network = result.network();
		training_curve = Tables.trainingCurve(result.history());
		final String name = preset + " on " + source.toLowerCase() + " (seed " + seed + ")";
		OpenNetworks.register(objects, network, name);
		result.snapshots().forEach((epoch, snapshot) -> OpenNetworks.register(objects, snapshot, name + ", epoch " +
			epoch));
		if (save_to != null && !save_to.getPath().isBlank()) NetworkIO.save(network, save_to.toPath());
		Tables.show(ui, training_curve, "Training curve");
	}

	private String sourceSpec() {
		switch (source) {
			case DIGITS:
				return "digits";
			case GRATINGS:
				return "gratings";
			case GABOR:
				return "gabor";
			case FOLDER:
				if (folder == null) throw InSilicoException.badParameter("folder", null,
					"choose the folder whose sub-folders hold the images of each class");
				return "folder:" + folder.getPath();
			case IDX:
				if (idx_images == null || idx_labels == null) throw InSilicoException.badParameter(idx_images == null
					? "idx_images" : "idx_labels", null, "choose both IDX files (images and labels)");
				return "idx:" + idx_images.getPath() + "," + idx_labels.getPath();
			default:
				throw InSilicoException.badParameter("source", source, "expected one of: " + String.join(", ", DIGITS,
					GRATINGS, GABOR, FOLDER, IDX));
		}
	}
}
