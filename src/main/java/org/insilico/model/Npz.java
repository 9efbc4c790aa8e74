package org.insilico.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes NumPy {@code .npz} archives: a zip of {@code .npy} files, format version 1.0 (little-endian data,
 * C order), readable by {@code numpy.load}.
 */
final class Npz implements AutoCloseable {

	private final ZipOutputStream zip;

	Npz(final OutputStream out) {
		zip = new ZipOutputStream(out);
	}

	void floats(final String name, final long[] shape, final float[] data) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(data);
		entry(name, "<f4", shape, b.array());
	}

	void doubles(final String name, final long[] shape, final double[] data) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asDoubleBuffer().put(data);
		entry(name, "<f8", shape, b.array());
	}

	void longs(final String name, final long[] data) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asLongBuffer().put(data);
		entry(name, "<i8", new long[] { data.length }, b.array());
	}

	/** A 1-D array of Unicode strings (NumPy dtype {@code <U<width>}, UTF-32LE). */
	void strings(final String name, final List<String> values) throws IOException {
		int width = 1;
		for (final String s : values)
			width = Math.max(width, s.codePointCount(0, s.length()));
		final ByteBuffer b = ByteBuffer.allocate(4 * width * values.size()).order(ByteOrder.LITTLE_ENDIAN);
		for (final String s : values) {
			final int[] cps = s.codePoints().toArray();
			for (int i = 0; i < width; i++)
				b.putInt(i < cps.length ? cps[i] : 0);
		}
		entry(name, "<U" + width, new long[] { values.size() }, b.array());
	}

	private void entry(final String name, final String descr, final long[] shape, final byte[] data)
		throws IOException
	{
		zip.putNextEntry(new ZipEntry(name + ".npy"));
		zip.write(header(descr, shape));
		zip.write(data);
		zip.closeEntry();
	}

	/** The .npy v1.0 header: magic, version, header length, the dict padded so the data starts at a multiple of 64. */
	static byte[] header(final String descr, final long[] shape) {
		final StringBuilder s = new StringBuilder("(");
		for (final long d : shape)
			s.append(d).append(", ");
		if (shape.length > 1) s.setLength(s.length() - 2);
		else if (shape.length == 1) s.setLength(s.length() - 1);
		s.append(")");
		String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
		final int unpadded = 10 + dict.length() + 1;
		dict = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
		final byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
		final ByteBuffer b = ByteBuffer.allocate(10 + d.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0);
		b.putShort((short) d.length).put(d);
		return b.array();
	}

	@Override
	public void close() throws IOException {
		zip.finish();
	}
}
