package org.insilico.image;

import ij.ImagePlus;
import ij.io.FileSaver;

import java.io.IOException;
import java.nio.file.Path;

import org.insilico.AtomicFiles;

/** Saves images as TIFF (stacks keep their slice labels), atomically. */
public final class TiffFiles {

	private TiffFiles() {}

	public static void save(final ImagePlus image, final Path file) {
		AtomicFiles.writeVia(file, ".tif", tmp -> {
			final FileSaver saver = new FileSaver(image);
			final boolean ok = image.getStackSize() > 1 ? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp
				.toString());
			if (!ok) throw new IOException("ImageJ could not write the TIFF");
		});
	}
}
