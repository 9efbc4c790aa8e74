package org.insilico.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;

import org.insilico.CanceledException;
import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

	@TempDir
	Path root;

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	private static final int W = 4, H = 3;

	private static ByteProcessor gray8(final int offset) {
		final ByteProcessor ip = new ByteProcessor(W, H);
		for (int i = 0; i < W * H; i++)
			ip.set(i, (offset + 20 * i) % 256);
		return ip;
	}

	private static ShortProcessor gray16() {
		final ShortProcessor ip = new ShortProcessor(W, H);
		for (int i = 0; i < W * H; i++)
			ip.set(i, 5000 * i + 7);
		return ip;
	}

	private static ColorProcessor rgb() {
		final ColorProcessor ip = new ColorProcessor(W, H);
		for (int i = 0; i < W * H; i++)
			ip.set(i, (10 * i) << 16 | (200 - 10 * i) << 8 | (7 * i));
		return ip;
	}

	private Path folder(final String name) throws IOException {
		return Files.createDirectories(root.resolve(name));
	}

	/** a/ one 8-bit PNG and one 16-bit TIFF; b/ one RGB PNG. */
	private void writeTree() throws IOException {
		final Path a = folder("a"), b = folder("b");
		assertTrue(new FileSaver(new ImagePlus("x", gray8(3))).saveAsPng(a.resolve("1.png").toString()));
		assertTrue(new FileSaver(new ImagePlus("y", gray16())).saveAsTiff(a.resolve("2.tif").toString()));
		assertTrue(new FileSaver(new ImagePlus("z", rgb())).saveAsPng(b.resolve("3.PNG").toString()));
		Files.write(a.resolve(".DS_Store"), new byte[] { 1, 2, 3 });
		Files.write(b.resolve("Thumbs.db"), new byte[] { 1, 2, 3 });
	}

	@Test
	void readsGray8Gray16AndRgbWithClassNamesAndNotes() throws IOException {
		writeTree();
		Files.writeString(root.resolve("README.txt"), "not an image");
		final ImageFolderReader.Result r = ImageFolderReader.read(root);
		final Dataset d = r.dataset();
		assertEquals(List.of("a", "b"), d.classNames());
		assertArrayEquals(new int[] { 0, 0, 1 }, d.labels());
		assertEquals(W, d.width());
		assertEquals(H, d.height());
		final float[] p = d.pixelArray();
		final int per = W * H;
		for (int i = 0; i < per; i++) {
			assertEquals(((3 + 20 * i) % 256) / 255.0, p[i], 1e-6, "8-bit pixel " + i);
			assertEquals((5000 * i + 7) / 65535.0, p[per + i], 1e-6, "16-bit pixel " + i);
			final double lum = 0.299 * (10 * i) + 0.587 * (200 - 10 * i) + 0.114 * (7 * i);
			assertEquals(lum / 255, p[2 * per + i], 1e-6, "RGB pixel " + i);
		}
		final String notes = String.join("\n", r.notes());
		assertTrue(notes.contains("RGB") && notes.contains("b/3.PNG"), notes);
		assertTrue(notes.contains("README.txt"), notes);
		assertEquals(2, r.notes().size(), notes);
	}

	@Test
	void aPalettePngIsReadAsTheLuminanceOfItsColours() throws IOException {
		writeTree();
		final byte[] red = new byte[256], green = new byte[256], blue = new byte[256];
		for (int i = 0; i < 256; i++) {
			red[i] = (byte) i;
			green[i] = (byte) (i / 2);
			blue[i] = (byte) (255 - i);
		}
		final BufferedImage palette = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8,
			256, red, green, blue));
		for (int i = 0; i < W * H; i++)
			palette.getRaster().setSample(i % W, i / W, 0, 20 * i);
		assertTrue(ImageIO.write(palette, "png", root.resolve("b/5.png").toFile()));
		final ImageFolderReader.Result r = ImageFolderReader.read(root);
		final float[] p = r.dataset().pixelArray();
		for (int i = 0; i < W * H; i++) {
			final int v = 20 * i;
			assertEquals((0.299 * v + 0.587 * (v / 2) + 0.114 * (255 - v)) / 255, p[3 * W * H + i], 1e-6);
		}
		assertTrue(String.join("\n", r.notes()).contains("indexed colour converted to gray by the luminance"), r
			.notes().toString());
	}

	@Test
	void aStackGivesOneImagePerSliceAndSaysSo() throws IOException {
		writeTree();
		final ImageStack stack = new ImageStack(W, H);
		for (int s = 0; s < 3; s++)
			stack.addSlice(gray8(50 * s));
		assertTrue(new FileSaver(new ImagePlus("s", stack)).saveAsTiffStack(root.resolve("b/4.tif").toString()));
		final ImageFolderReader.Result r = ImageFolderReader.read(root);
		assertArrayEquals(new int[] { 0, 0, 1, 1, 1, 1 }, r.dataset().labels());
		assertEquals(100 / 255f, r.dataset().pixelArray()[5 * W * H], 1e-6);
		assertTrue(String.join("\n", r.notes()).contains("b/4.tif (3 slices)"), r.notes().toString());
	}

	@Test
	void progressIsReportedAndCancellationStops() throws IOException {
		writeTree();
		final List<Long> done = new ArrayList<>();
		ImageFolderReader.read(root, (stage, n, total) -> {
			assertEquals(3, total);
			done.add(n);
		});
		assertEquals(List.of(0L, 1L, 2L, 3L), done);
		final Progress cancelled = new Progress() {

			@Override
			public void report(final String stage, final long n, final long total) {}

			@Override
			public boolean isCanceled() {
				return true;
			}
		};
		assertThrows(CanceledException.class, () -> ImageFolderReader.read(root, cancelled));
	}

	@Test
	void anImageOfAnotherSizeIsNamedWithBothSizes() throws IOException {
		writeTree();
		final Path odd = root.resolve("b/9.png");
		new FileSaver(new ImagePlus("big", new ByteProcessor(W + 1, H))).saveAsPng(odd.toString());
		final InSilicoException e = assertThrows(InSilicoException.class, () -> ImageFolderReader.read(root));
		assertTrue(e.getMessage().contains(odd.toString()) && e.getMessage().contains("5x3") && e.getMessage()
			.contains("4x3"), e.getMessage());
	}

	@Test
	void aCorruptFileIsNamed() throws IOException {
		writeTree();
		final Path bad = root.resolve("a/broken.png");
		Files.write(bad, new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 1, 2 });
		final InSilicoException e = assertThrows(InSilicoException.class, () -> ImageFolderReader.read(root));
		assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains("could not be read"), e
			.getMessage());
	}

	@Test
	void anUnknownExtensionOrANestedFolderIsNamed() throws IOException {
		writeTree();
		final Path txt = root.resolve("b/labels.csv");
		Files.writeString(txt, "1,2");
		InSilicoException e = assertThrows(InSilicoException.class, () -> ImageFolderReader.read(root));
		assertTrue(e.getMessage().contains(txt.toString()) && e.getMessage().contains(".png"), e.getMessage());
		Files.delete(txt);
		final Path nested = Files.createDirectories(root.resolve("a/more"));
		e = assertThrows(InSilicoException.class, () -> ImageFolderReader.read(root));
		assertTrue(e.getMessage().contains(nested.toString()), e.getMessage());
	}

	@Test
	void folderShapeErrors() throws IOException {
		InSilicoException e = assertThrows(InSilicoException.class, () -> ImageFolderReader.read(root));
		assertTrue(e.getMessage().contains("is empty"), e.getMessage());
		final Path a = folder("a");
		new FileSaver(new ImagePlus("x", gray8(0))).saveAsPng(a.resolve("1.png").toString());
		e = assertThrows(InSilicoException.class, () -> ImageFolderReader.read(root));
		assertTrue(e.getMessage().contains("one class folder ('a')"), e.getMessage());
		final Path b = folder("b");
		e = assertThrows(InSilicoException.class, () -> ImageFolderReader.read(root));
		assertTrue(e.getMessage().contains(b.toString()) && e.getMessage().contains("no images"), e.getMessage());
		e = assertThrows(InSilicoException.class, () -> ImageFolderReader.read(a.resolve("1.png")));
		assertTrue(e.getMessage().contains("is a file"), e.getMessage());
		e = assertThrows(InSilicoException.class, () -> ImageFolderReader.read(root.resolve("nowhere")));
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
	}
}
