package org.insilico.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.IndexColorModel;
import java.util.List;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.LutLoader;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.insilico.InSilicoException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImagePlusBridgeTest {

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	private static float[] values(final ArrayImg<FloatType, FloatArray> img) {
		return img.update(null).getCurrentStorageArray();
	}

	@Test
	void floatStackRoundTrip() {
		final float[] data = new float[5 * 4 * 3];
		final Random r = new Random(1);
		for (int i = 0; i < data.length; i++)
			data[i] = (float) r.nextGaussian();
		data[2 * 20 + 7] = 9; // the largest value is in the last slice
		final ImagePlus imp = ImagePlusBridge.toImagePlus(ArrayImgs.floats(data, 5, 4, 3), "stack", List.of("a", "b",
			"c"));
		assertEquals("stack", imp.getTitle());
		assertEquals(ImagePlus.GRAY32, imp.getType());
		assertEquals(3, imp.getStackSize());
		assertEquals("b", imp.getStack().getSliceLabel(2));
		assertEquals(data[20 + 4 * 5 - 1], imp.getStack().getProcessor(2).getf(4, 3));
		assertEquals(9, imp.getDisplayRangeMax(), 1e-6);
		final ImagePlusBridge.Converted back = ImagePlusBridge.toImg(imp, ImagePlusBridge.Range.UNIT);
		assertArrayEquals(new long[] { 5, 4, 3 }, back.img().dimensionsAsLongArray());
		assertArrayEquals(data, values(back.img()));
		assertTrue(back.notes().isEmpty());
	}

	@Test
	void twoDimensionalImageIsOneSlice() {
		final ImagePlus imp = ImagePlusBridge.toImagePlus(ArrayImgs.floats(new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2),
			null);
		assertEquals(1, imp.getStackSize());
		assertEquals(6, imp.getProcessor().getf(2, 1));
		assertArrayEquals(new long[] { 3, 2, 1 }, ImagePlusBridge.toImg(imp, ImagePlusBridge.Range.RAW).img()
			.dimensionsAsLongArray());
	}

	@Test
	void grayIntegerTypesRawAndUnit() {
		final ByteProcessor b = new ByteProcessor(2, 1, new byte[] { 0, (byte) 200 });
		final ImagePlus imp8 = new ImagePlus("b", b);
		assertArrayEquals(new float[] { 0, 200 }, values(ImagePlusBridge.toImg(imp8, ImagePlusBridge.Range.RAW).img()));
		assertArrayEquals(new float[] { 0, 200 / 255f }, values(ImagePlusBridge.toImg(imp8, ImagePlusBridge.Range.UNIT)
			.img()));
		final ShortProcessor s = new ShortProcessor(2, 1, new short[] { 1000, (short) 65535 }, null);
		final ImagePlus imp16 = new ImagePlus("s", s);
		assertArrayEquals(new float[] { 1000 / 65535f, 1 }, values(ImagePlusBridge.toImg(imp16,
			ImagePlusBridge.Range.UNIT).img()), 1e-7f);
	}

	@Test
	void rgbAndIndexedColourBecomeLuminanceWithANote() {
		final ColorProcessor c = new ColorProcessor(2, 1, new int[] { 0xff0000, 0x204080 });
		final ImagePlusBridge.Converted rgb = ImagePlusBridge.toImg(new ImagePlus("c", c), ImagePlusBridge.Range.RAW);
		assertEquals(0.299 * 255, values(rgb.img())[0], 1e-4);
		assertEquals(0.299 * 0x20 + 0.587 * 0x40 + 0.114 * 0x80, values(rgb.img())[1], 1e-4);
		assertTrue(rgb.notes().get(0).contains("RGB"), rgb.notes().toString());

		final byte[] red = new byte[256], green = new byte[256], blue = new byte[256];
		for (int i = 0; i < 256; i++) {
			red[i] = (byte) i;
			blue[i] = (byte) (255 - i);
		}
		final ByteProcessor indexed = new ByteProcessor(2, 1, new byte[] { 10, (byte) 250 }, new IndexColorModel(8,
			256, red, green, blue));
		final ImagePlus imp = new ImagePlus("i", indexed);
		final ImagePlusBridge.Converted palette = ImagePlusBridge.toImg(imp, ImagePlusBridge.Range.UNIT,
			ImagePlusBridge.ColourTable.PALETTE);
		assertEquals((0.299 * 250 + 0.114 * 5) / 255, values(palette.img())[1], 1e-6);
		assertTrue(palette.notes().get(0).contains("indexed colour"), palette.notes().toString());
		final ImagePlusBridge.Converted display = ImagePlusBridge.toImg(imp, ImagePlusBridge.Range.RAW);
		assertArrayEquals(new float[] { 10, 250 }, values(display.img()));
		assertTrue(display.notes().get(0).contains("colour LUT not applied"), display.notes().toString());
		assertTrue(ImagePlusBridge.toImg(new ImagePlus("g", new ByteProcessor(2, 2)), ImagePlusBridge.Range.RAW,
			ImagePlusBridge.ColourTable.PALETTE).notes().isEmpty(), "the standard gray table changes nothing");
	}

	@Test
	void multiChannelImagesAreRefused() {
		final ImageStack stack = new ImageStack(2, 2);
		stack.addSlice(new ByteProcessor(2, 2));
		stack.addSlice(new ByteProcessor(2, 2));
		final ImagePlus imp = new ImagePlus("two channels", stack);
		imp.setDimensions(2, 1, 1);
		final InSilicoException e = assertThrows(InSilicoException.class, () -> ImagePlusBridge.toImg(imp,
			ImagePlusBridge.Range.RAW));
		assertTrue(e.getMessage().contains("2 channels"), e.getMessage());
	}

	@Test
	void lutAndDisplayRange() {
		final ImagePlus imp = ImagePlusBridge.toImagePlus(ArrayImgs.floats(new float[] { -1, 0, 1, 2 }, 2, 2), "t",
			null, "fire", -0.5, 0.5);
		assertEquals(-0.5, imp.getDisplayRangeMin(), 1e-9);
		assertEquals(0.5, imp.getDisplayRangeMax(), 1e-9);
		final IndexColorModel fire = LutLoader.getLut("fire");
		final IndexColorModel cm = (IndexColorModel) imp.getProcessor().getColorModel();
		assertEquals(fire.getRed(128), cm.getRed(128));
		assertEquals(fire.getBlue(40), cm.getBlue(40));
		final InSilicoException lut = assertThrows(InSilicoException.class, () -> ImagePlusBridge.toImagePlus(
			ArrayImgs.floats(2, 2), "t", null, "no such lut", Double.NaN, Double.NaN));
		assertTrue(lut.getMessage().contains("'no such lut'"), lut.getMessage());
		final InSilicoException labels = assertThrows(InSilicoException.class, () -> ImagePlusBridge.toImagePlus(
			ArrayImgs.floats(2, 2, 3), "t", List.of("one")));
		assertTrue(labels.getMessage().contains("3 slices"), labels.getMessage());
	}
}
