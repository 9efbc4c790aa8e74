package org.insilico.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;
import java.nio.file.Path;

import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.data.IdxWriter;
import org.insilico.data.StimulusSets;
import org.insilico.image.ImagePlusBridge;
import org.insilico.model.Network;
import org.insilico.model.NetworkIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.object.ObjectService;

class TrainAndGenerateCommandsTest extends AbstractContextTest {

	@TempDir
	Path dir;

	@Test
	void generateStimuliGivesTheGeneratorsImagesWithLabels() {
		final CommandModule m = run(GenerateStimuliCommand.class, "set", "gratings", "count", 12, "size", 0, "seed", 3L);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final ImagePlus imp = (ImagePlus) m.getOutput("stimuli");
		final Dataset expected = StimulusSets.generate("gratings", 12, 0, 3);
		assertEquals(12, imp.getStackSize());
		final float[] pixels = ImagePlusBridge.toImg(imp, ImagePlusBridge.Range.RAW).img().update(null)
			.getCurrentStorageArray();
		assertEquals(java.util.Arrays.toString(expected.pixelArray()), java.util.Arrays.toString(pixels));
		assertEquals("gratings " + expected.classNames().get(expected.label(4)), imp.getStack().getSliceLabel(5));
	}

	@Test
	void trainOnBuiltInDigitsOutputsANetworkACurveAndASavedFile() {
		final File zip = dir.resolve("digits.zip").toFile();
		final CommandModule m = run(TrainNetworkCommand.class, "source", TrainNetworkCommand.DIGITS, "images", 1500,
			"preset", "lenet", "epochs", 2, "seed", 5L, "snapshot_epochs", "1", "save_to", zip);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final Network net = (Network) m.getOutput("network");
		final ResultsTable curve = (ResultsTable) m.getOutput("training_curve");
		assertEquals(2, curve.size());
		assertTrue(curve.getValue("Test accuracy", 1) > 0.6, "test accuracy " + curve.getValue("Test accuracy", 1));
		// the saved file is the output network
		final Network saved = NetworkIO.load(zip.toPath());
		final var x = net.toInput(StimulusSets.generate("digits", 4, 28, 9).pixelArray());
		assertTrue(saved.output(x).equalsWithEps(net.output(x), 0));
		// the network and its epoch-1 snapshot are open for later commands
		assertEquals(2, context.service(ObjectService.class).getObjects(Network.class).size());
	}

	@Test
	void trainOnIdxFiles() {
		final Dataset d = StimulusSets.generate("gabor", 800, 16, 2);
		final Path images = dir.resolve("images.idx.gz"), labels = dir.resolve("labels.idx");
		IdxWriter.write(d, images, labels, true);
		final CommandModule m = run(TrainNetworkCommand.class, "source", TrainNetworkCommand.IDX, "idx_images", images
			.toFile(), "idx_labels", labels.toFile(), "preset", "lenet", "epochs", 4, "seed", 1L);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		final Network net = (Network) m.getOutput("network");
		assertEquals(16, net.width());
		assertEquals(4, net.classNames().size(), "an IDX file with labels 0-3 has four classes");
		final double accuracy = net.evaluate(d.withClassNames(net.classNames()), Progress.NONE).accuracy();
		assertTrue(accuracy > 0.5, "accuracy " + accuracy + " (chance 0.25)");
	}

	@Test
	void badParametersCancelWithTheParameterNamed() {
		final CommandModule noFolder = run(TrainNetworkCommand.class, "source", TrainNetworkCommand.FOLDER);
		assertTrue(noFolder.isCanceled());
		assertTrue(noFolder.getCancelReason().startsWith("folder = "), noFolder.getCancelReason());
		final CommandModule zeroEpochs = run(TrainNetworkCommand.class, "source", TrainNetworkCommand.DIGITS, "images", 100, "epochs", 0);
		assertTrue(zeroEpochs.getCancelReason().startsWith("epochs = 0"), zeroEpochs.getCancelReason());
		final CommandModule snapshots = run(TrainNetworkCommand.class, "source", TrainNetworkCommand.DIGITS, "images", 100, "epochs", 1,
			"snapshot_epochs", "one");
		assertTrue(snapshots.getCancelReason().startsWith("snapshot_epochs = 'one'"), snapshots.getCancelReason());
		final CommandModule emptyFolder = run(TrainNetworkCommand.class, "source", TrainNetworkCommand.FOLDER, "folder",
			dir.toFile());
		assertTrue(emptyFolder.isCanceled());
		assertTrue(emptyFolder.getCancelReason().contains(dir.toString()), emptyFolder.getCancelReason());
		final CommandModule set = run(GenerateStimuliCommand.class, "set", "digits", "count", 0);
		assertTrue(set.getCancelReason().startsWith("count = 0"), set.getCancelReason());
	}
}
