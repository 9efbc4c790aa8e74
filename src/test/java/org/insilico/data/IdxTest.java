package org.insilico.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.insilico.InSilicoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

	@TempDir
	Path dir;

	/** 12 images of 5 wide × 3 high, pixel bytes (7·i + k) mod 256, labels i mod 10. */
	private static Dataset sample() {
		final int n = 12, per = 15;
		final float[] p = new float[n * per];
		for (int k = 0; k < p.length; k++)
			p[k] = ((7 * (k / per) + k % per) % 256) / 255f;
		final int[] l = new int[n];
		for (int i = 0; i < n; i++)
			l[i] = i % 10;
		return new Dataset(p, 5, 3, l, Digits.CLASS_NAMES);
	}

	@Test
	void roundTripRawAndGzip() throws IOException {
		for (final boolean gzip : new boolean[] { false, true }) {
			final Path images = dir.resolve("images-" + gzip + ".idx"), labels = dir.resolve("labels-" + gzip);
			final Dataset d = sample();
			IdxWriter.write(d, images, labels, gzip);
			final byte[] head = Arrays.copyOf(Files.readAllBytes(images), 4);
			assertArrayEquals(gzip ? new byte[] { 0x1f, (byte) 0x8b, 8, 0 } : new byte[] { 0, 0, 8, 3 }, gzip
				? new byte[] { head[0], head[1], head[2], 0 } : head);
			final Dataset back = IdxReader.read(images, labels);
			assertArrayEquals(d.pixelArray(), back.pixelArray());
			assertArrayEquals(d.labels(), back.labels());
			assertEquals(5, back.width());
			assertEquals(3, back.height());
			assertEquals(Digits.CLASS_NAMES, back.classNames());
		}
		try (Stream<Path> files = Files.list(dir)) {
			assertEquals(4, files.count(), "no temporary files are left behind");
		}
	}

	/** The layout read is MNIST's: big-endian header, then rows of cols bytes, image after image. */
	@Test
	void readsAFileBuiltByHand() throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(16 + 2 * 6);
		b.putInt(0x803).putInt(2).putInt(2).putInt(3);
		for (int k = 0; k < 12; k++)
			b.put((byte) (k * 20));
		final Path images = dir.resolve("i"), labels = dir.resolve("l");
		Files.write(images, b.array());
		Files.write(labels, ByteBuffer.allocate(10).putInt(0x801).putInt(2).put((byte) 4).put((byte) 11).array());
		final Dataset d = IdxReader.read(images, labels);
		assertEquals(3, d.width());
		assertEquals(2, d.height());
		// image 1, x = 2, y = 1: byte 6 + 1·3 + 2 = 11
		assertEquals(220 / 255f, d.pixelArray()[6 + 3 + 2]);
		assertArrayEquals(new int[] { 4, 11 }, d.labels());
		assertEquals(12, d.numClasses(), "labels above 9 extend the class names");
		assertEquals("11", d.classNames().get(11));
		final InSilicoException e = assertThrows(InSilicoException.class, () -> IdxReader.read(images, labels, List
			.of("a", "b", "c", "d", "e")));
		assertTrue(e.getMessage().contains("label 11") && e.getMessage().contains(labels.toString()), e.getMessage());
	}

	@Test
	void wrongMagicNamesFileFoundAndExpected() {
		final Path images = dir.resolve("images"), labels = dir.resolve("labels");
		IdxWriter.write(sample(), images, labels, true);
		final InSilicoException e = assertThrows(InSilicoException.class, () -> IdxReader.read(labels, images));
		assertTrue(e.getMessage().contains(labels.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("0x00000801") && e.getMessage().contains("0x00000803"), e.getMessage());
		IdxWriter.writeImages(images, new byte[0], 3, 0, 5, false);
		final InSilicoException empty = assertThrows(InSilicoException.class, () -> IdxReader.read(images, labels));
		assertTrue(empty.getMessage().contains("5x0"), empty.getMessage());
	}

	@Test
	void truncatedAndOverlongFilesAreRefusedWithByteCounts() throws IOException {
		final Path images = dir.resolve("images"), labels = dir.resolve("labels");
		IdxWriter.write(sample(), images, labels, false);
		final byte[] full = Files.readAllBytes(images);
		assertEquals(16 + 12 * 15, full.length);
		Files.write(images, Arrays.copyOf(full, full.length - 7));
		InSilicoException e = assertThrows(InSilicoException.class, () -> IdxReader.read(images, labels));
		assertTrue(e.getMessage().contains(images.toString()) && e.getMessage().contains("189") && e.getMessage()
			.contains("196"), e.getMessage());
		Files.write(images, Arrays.copyOf(full, 10));
		e = assertThrows(InSilicoException.class, () -> IdxReader.read(images, labels));
		assertTrue(e.getMessage().contains("truncated"), e.getMessage());
		Files.write(images, Arrays.copyOf(full, full.length + 3));
		e = assertThrows(InSilicoException.class, () -> IdxReader.read(images, labels));
		assertTrue(e.getMessage().contains("199") && e.getMessage().contains("196"), e.getMessage());

		final Path gz = dir.resolve("images.gz");
		IdxWriter.write(sample(), gz, labels, true);
		final byte[] compressed = Files.readAllBytes(gz);
		Files.write(gz, Arrays.copyOf(compressed, compressed.length / 2));
		e = assertThrows(InSilicoException.class, () -> IdxReader.read(gz, labels));
		assertTrue(e.getMessage().contains(gz.toString()), e.getMessage());
	}

	@Test
	void countMismatchNamesBothFiles() {
		final Path images = dir.resolve("images"), labels = dir.resolve("labels");
		IdxWriter.write(sample(), images, labels, false);
		IdxWriter.writeLabels(labels, new byte[11], false);
		final InSilicoException e = assertThrows(InSilicoException.class, () -> IdxReader.read(images, labels));
		assertTrue(e.getMessage().contains("12 images") && e.getMessage().contains("11 labels") && e.getMessage()
			.contains(labels.toString()), e.getMessage());
	}

	@Test
	void writerRefusesValuesIdxCannotHoldAndReplacesFiles() {
		final Dataset bright = new Dataset(new float[] { 0, 1.5f }, 2, 1, new int[] { 0 }, List.of("a"));
		final InSilicoException e = assertThrows(InSilicoException.class, () -> IdxWriter.write(bright, dir.resolve(
			"i"), dir.resolve("l"), false));
		assertTrue(e.getMessage().contains("1.5"), e.getMessage());
		final Path labels = dir.resolve("labels");
		IdxWriter.writeLabels(labels, new byte[3], false);
		IdxWriter.writeLabels(labels, new byte[5], false);
		final InSilicoException missing = assertThrows(InSilicoException.class, () -> IdxReader.read(dir.resolve(
			"nothing"), labels));
		assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
	}
}
