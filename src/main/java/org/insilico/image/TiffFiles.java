package org.insilico.image;

import ij.ImagePlus;
import ij.io.FileSaver;

import java.io.IOException;
import java.nio.file.Path;

import org.insilico.AtomicFiles;

/** Opens images through ImageJ; saves them as TIFF (stacks keep their slice labels), atomically. */
public final class TiffFiles {

	private TiffFiles() {}

	/** Opens an image file through ImageJ (TIFF, PNG, JPEG, ...); the error names the file. */
	public static ImagePlus open(final Path file) {
		if (!java.nio.file.Files.isRegularFile(file)) throw org.insilico.InSilicoException.badParameter("image file", file
			.toString(), "no such file");
		final ImagePlus imp = ij.IJ.openImage(file.toString());
		if (imp == null) throw org.insilico.InSilicoException.badParameter("image file", file.toString(),
			"ImageJ cannot read it; expected a TIFF, PNG, JPEG, GIF or BMP image");
		return imp;
	}

	public static void save(final ImagePlus image, final Path file) {
		AtomicFiles.writeVia(file, ".tif", tmp -> {
			final FileSaver saver = new FileSaver(image);
			final boolean ok = image.getStackSize() > 1 ? saver.saveAsTiffStack(tmp.toString()) : saver.saveAsTiff(tmp
				.toString());
			if (!ok) throw new IOException("ImageJ could not write the TIFF");
		});
	}
}
