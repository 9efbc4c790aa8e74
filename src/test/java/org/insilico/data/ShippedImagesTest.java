package org.insilico.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.insilico.Progress;
import org.insilico.model.Trainer;
import org.junit.jupiter.api.Test;

/** The example folder shipped in test-images/ reads as the README says and is learnable. */
class ShippedImagesTest {

	static final Path SHAPES = Path.of(System.getProperty("basedir", "."), "test-images", "shapes");

	@Test
	void shapesFolderReadsWithItsColourNoteAndCanBeLearned() {
		final ImageFolderReader.Result r = ImageFolderReader.read(SHAPES, Progress.NONE);
		final Dataset d = r.dataset();
		assertEquals(List.of("circle", "square", "triangle"), d.classNames());
		assertEquals(153, d.size());
		assertEquals(32, d.width());
		assertTrue(r.notes().stream().anyMatch(n -> n.contains("circle_colour.png")), r.notes().toString());
		final Dataset.Split s = d.split(0.3, 1);
		final Trainer.Result t = Trainer.train(s.first(), s.second(), new Trainer.Options("lenet", 15, 16, 1e-3,
			Trainer.Optimizer.ADAM, 0.9, 0, 0, 42, 0, false, java.util.Set.of()), Progress.NONE);
		// measured 0.67 with 107 training images (seed 42); chance is 0.33
		assertTrue(t.last().testAccuracy() > 0.5, "test accuracy " + t.last().testAccuracy() + " (chance 0.33)");
	}
}
