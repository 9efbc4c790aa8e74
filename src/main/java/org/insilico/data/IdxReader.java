package org.insilico.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.insilico.InSilicoException;

/**
 * Reads labelled images in the IDX format of MNIST (LeCun et al. 1998): an images file with magic number
 * {@code 0x00000803} (unsigned bytes, 3 dimensions) followed by the big-endian 32-bit sizes n, rows, cols and
 * n·rows·cols pixel bytes, row by row; a labels file with magic {@code 0x00000801} (unsigned bytes, 1 dimension),
 * the count n and n label bytes. Either file may be gzip-compressed, which is recognized by its content (the gzip
 * magic bytes 1f 8b), not by its name.
 * <p>
 * Pixels are divided by 255; the image width is cols and the height rows. Files must be exactly as long as their
 * header says; trailing bytes are an error, as they mean the file is not what its header claims.
 * <p>
 * Stateless and thread-safe.
 */
public final class IdxReader {

	/** Magic number of an IDX file of unsigned bytes with 3 dimensions: images [n, rows, cols]. */
	public static final int IMAGES_MAGIC = 0x00000803;

	/** Magic number of an IDX file of unsigned bytes with 1 dimension: labels [n]. */
	public static final int LABELS_MAGIC = 0x00000801;

	private IdxReader() {}

	/**
	 * Reads images and labels with class names "0" to "k", k the largest label (an IDX file has no class names).
	 *
	 * @throws InSilicoException naming the file for a wrong magic number, a truncated or overlong file, a corrupt
	 *           gzip stream, an I/O error, or different counts of images and labels
	 */
	public static Dataset read(final Path images, final Path labels) {
		return read(images, labels, null);
	}

	/**
	 * Reads images and labels with the given class names (null for the default of {@link #read(Path, Path)});
	 * every label must be below the number of names.
	 */
	public static Dataset read(final Path images, final Path labels, final List<String> classNames) {
		final byte[] pixelBytes;
		final int n, rows, cols;
		try (InputStream in = open(images)) {
			final int magic = readHeaderInt(in, images, 0);
			if (magic != IMAGES_MAGIC) throw wrongMagic(images, magic, IMAGES_MAGIC);
			n = readSize(in, images, 4, "image count");
			rows = readSize(in, images, 8, "rows");
			cols = readSize(in, images, 12, "columns");
			if (rows < 1 || cols < 1) throw InSilicoException.badParameter("images file", images.toString(),
				"has images of " + cols + "x" + rows + " pixels in its header; expected at least 1x1");
			final long data = (long) n * rows * cols;
			if (data > Integer.MAX_VALUE - 8) throw InSilicoException.badParameter("images file", images.toString(),
				"holds " + n + " images of " + cols + "x" + rows + "; expected at most " + (Integer.MAX_VALUE - 8) +
					" pixels in all");
			pixelBytes = readBody(in, images, 16, (int) data, n + " images of " + cols + "x" + rows + " pixels");
		}
		catch (final IOException e) {
			throw ioError(images, e);
		}
		final byte[] labelBytes;
		try (InputStream in = open(labels)) {
			final int magic = readHeaderInt(in, labels, 0);
			if (magic != LABELS_MAGIC) throw wrongMagic(labels, magic, LABELS_MAGIC);
			final int count = readSize(in, labels, 4, "label count");
			labelBytes = readBody(in, labels, 8, count, count + " labels");
		}
		catch (final IOException e) {
			throw ioError(labels, e);
		}
		if (labelBytes.length != n) throw new InSilicoException("images file '" + images + "' holds " + n +
			" images but labels file '" + labels + "' holds " + labelBytes.length +
			" labels; expected one label per image");

		final int[] l = new int[n];
		int max = -1;
		for (int i = 0; i < n; i++)
			max = Math.max(max, l[i] = labelBytes[i] & 0xff);
		final List<String> names;
		if (classNames == null) {
			names = new ArrayList<>();
			for (int c = 0; c <= max; c++)
				names.add(String.valueOf(c));
		}
		else {
			names = classNames;
			for (int i = 0; i < n; i++)
				if (l[i] >= classNames.size()) throw InSilicoException.badParameter("labels file", labels.toString(),
					"has label " + l[i] + " at image " + i + "; expected labels from 0 to " + (classNames.size() - 1) +
						" for the " + classNames.size() + " class names given");
		}
		final float[] pixels = new float[pixelBytes.length];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (pixelBytes[i] & 0xff) / 255f;
		return new Dataset(pixels, cols, rows, l, names);
	}

	/** Opens a file, decompressing it if it starts with the gzip magic bytes 1f 8b. */
	static InputStream open(final Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw InSilicoException.badParameter("file", file.toString(), Files.exists(
			file) ? "is a folder; expected an IDX file" : "does not exist; expected an IDX file");
		final BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		in.mark(2);
		final int b0 = in.read(), b1 = in.read();
		in.reset();
		if (b0 == 0x1f && b1 == 0x8b) return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
		return in;
	}

	private static int readHeaderInt(final InputStream in, final Path file, final int offset) throws IOException {
		int v = 0;
		for (int k = 0; k < 4; k++) {
			final int b = readOrEof(in, file);
			if (b < 0) throw truncated(file, offset + k, -1, "the IDX header");
			v = v << 8 | b;
		}
		return v;
	}

	private static int readSize(final InputStream in, final Path file, final int offset, final String what)
		throws IOException
	{
		final int v = readHeaderInt(in, file, offset);
		if (v < 0) throw InSilicoException.badParameter("file", file.toString(), "has " + what + " " +
			Integer.toUnsignedString(v) + " in its header; expected at most " + Integer.MAX_VALUE);
		return v;
	}

	private static int readOrEof(final InputStream in, final Path file) throws IOException {
		try {
			return in.read();
		}
		catch (final EOFException e) {
			return -1;
		}
	}

	/** Reads exactly {@code length} bytes after a header of {@code headerBytes}, and checks that nothing follows. */
	private static byte[] readBody(final InputStream in, final Path file, final int headerBytes, final int length,
		final String what) throws IOException
	{
		final byte[] body = new byte[length];
		int got = 0;
		try {
			while (got < length) {
				final int r = in.read(body, got, length - got);
				if (r < 0) break;
				got += r;
			}
		}
		catch (final EOFException e) {
			throw new InSilicoException("file '" + file + "' is a truncated gzip file: it ends after " + (headerBytes +
				got) + " decompressed bytes; expected " + (headerBytes + (long) length) + " for " + what, e);
		}
		if (got < length) throw truncated(file, headerBytes + got, headerBytes + (long) length, what);
		final long extra;
		try {
			extra = in.transferTo(OutputStream.nullOutputStream());
		}
		catch (final EOFException e) {
			throw new InSilicoException("file '" + file + "' is a truncated gzip file after its " + (headerBytes +
				(long) length) + " expected bytes", e);
		}
		if (extra > 0) throw InSilicoException.badParameter("file", file.toString(), "has " + (headerBytes + length +
			extra) + " bytes (after decompression); expected exactly " + (headerBytes + (long) length) + " for " +
			what + " as its header says");
		return body;
	}

	private static InSilicoException truncated(final Path file, final long actual, final long expected,
		final String what)
	{
		return InSilicoException.badParameter("file", file.toString(), "is truncated: it has " + actual +
			" bytes (after decompression); expected " + (expected < 0 ? "at least " + (what.equals("the IDX header")
				? "the header" : "more") : expected) + " bytes for " + what);
	}

	private static InSilicoException wrongMagic(final Path file, final int found, final int expected) {
		return InSilicoException.badParameter("file", file.toString(), "starts with the magic number " + hex(found) +
			" (" + describeMagic(found) + "); expected " + hex(expected) + " (" + describeMagic(expected) + ")");
	}

	private static InSilicoException ioError(final Path file, final IOException e) {
		return new InSilicoException("file '" + file + "' could not be read: " + e.getMessage(), e);
	}

	static String hex(final int v) {
		return String.format("0x%08X", v);
	}

	/** What an IDX magic number says: element type and number of dimensions, or that it is not IDX. */
	static String describeMagic(final int magic) {
		if (magic == IMAGES_MAGIC) return "IDX images: unsigned bytes, 3 dimensions";
		if (magic == LABELS_MAGIC) return "IDX labels: unsigned bytes, 1 dimension";
		if ((magic >>> 16) != 0) return (magic >>> 16) == 0x1f8b ? "a gzip header inside a gzip file" :
			"not an IDX file";
		final String type = switch ((magic >> 8) & 0xff) {
			case 0x08 -> "unsigned bytes";
			case 0x09 -> "signed bytes";
			case 0x0B -> "16-bit integers";
			case 0x0C -> "32-bit integers";
			case 0x0D -> "32-bit floats";
			case 0x0E -> "64-bit floats";
			default -> null;
		};
		return type == null ? "not an IDX file" : "IDX " + type + ", " + (magic & 0xff) + " dimension" + ((magic &
			0xff) == 1 ? "" : "s");
	}
}
