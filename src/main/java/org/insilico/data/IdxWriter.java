package org.insilico.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.insilico.AtomicFiles;
import org.insilico.InSilicoException;

/**
 * Writes labelled images in the IDX format read by {@link IdxReader}, raw or gzip-compressed. Each file is written
 * atomically: to a temporary file in the same folder, then moved over the target in one step, so a reader never
 * sees half a file.
 * <p>
 * Stateless and thread-safe (as long as two threads do not write the same file).
 */
public final class IdxWriter {

	private IdxWriter() {}

	/**
	 * Writes a dataset as an images file and a labels file. Pixels are stored as {@code round(255 · v)}, so values
	 * must lie in [0, 1]; labels must be at most 255.
	 *
	 * @throws InSilicoException for a pixel outside [0, 1], a label above 255, or a file that cannot be written
	 */
	public static void write(final Dataset dataset, final Path images, final Path labels, final boolean gzip) {
		final float[] p = dataset.pixelArray();
		final byte[] bytes = new byte[p.length];
		final int w = dataset.width(), h = dataset.height(), per = w * h;
		for (int i = 0; i < p.length; i++) {
			if (!(p[i] >= 0 && p[i] <= 1)) throw InSilicoException.badParameter("pixel (" + (i % w) + ", " + (i / w %
				h) + ") of image " + (i / per), p[i], "IDX stores unsigned bytes; expected values from 0 to 1");
			bytes[i] = (byte) Math.round(p[i] * 255);
		}
		final byte[] l = new byte[dataset.size()];
		for (int i = 0; i < l.length; i++) {
			if (dataset.label(i) > 255) throw InSilicoException.badParameter("label of image " + i, dataset.label(i),
				"IDX stores labels as unsigned bytes; expected labels from 0 to 255");
			l[i] = (byte) dataset.label(i);
		}
		writeImages(images, bytes, dataset.size(), h, w, gzip);
		writeLabels(labels, l, gzip);
	}

	/** Writes an images file: magic {@code 0x00000803}, count, rows, cols, then {@code pixels} (rows · cols per image). */
	public static void writeImages(final Path file, final byte[] pixels, final int count, final int rows,
		final int cols, final boolean gzip)
	{
		if (count < 0 || rows < 0 || cols < 0 || (long) count * rows * cols != pixels.length)
			throw InSilicoException.badParameter("pixels", pixels.length + " bytes", "expected count x rows x cols = " +
				count + " x " + rows + " x " + cols + " bytes");
		writeAtomically(file, gzip, out -> {
			out.writeInt(IdxReader.IMAGES_MAGIC);
			out.writeInt(count);
			out.writeInt(rows);
			out.writeInt(cols);
			out.write(pixels);
		});
	}

	/** Writes a labels file: magic {@code 0x00000801}, count, then one byte per label. */
	public static void writeLabels(final Path file, final byte[] labels, final boolean gzip) {
		writeAtomically(file, gzip, out -> {
			out.writeInt(IdxReader.LABELS_MAGIC);
			out.writeInt(labels.length);
			out.write(labels);
		});
	}

	/** Writes with {@code content}. */
	interface Content {

		void writeTo(DataOutputStream out) throws IOException;
	}

	/** Writes {@code target} atomically ({@link AtomicFiles}), gzip-compressed if asked. */
	static void writeAtomically(final Path target, final boolean gzip, final Content content) {
		AtomicFiles.write(target, raw -> {
			final OutputStream stream = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
			final DataOutputStream out = new DataOutputStream(stream);
			content.writeTo(out);
			out.flush();
			if (stream instanceof GZIPOutputStream g) g.finish();
		});
	}
}
