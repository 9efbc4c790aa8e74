package org.insilico.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.LUT;

import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;

class LutsTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	void divergingIsBlueWhiteRedWithWhiteAtTheCentre() {
		final LUT lut = Luts.diverging();
		assertEquals(256, lut.getMapSize());
		assertEquals(0xffffff, lut.getRGB(Luts.CENTRE) & 0xffffff);
		assertEquals(0x053061, lut.getRGB(0) & 0xffffff);
		assertEquals(0x67001f, lut.getRGB(255) & 0xffffff);
		for (int i = 1; i < Luts.CENTRE; i++) {
			// towards the centre every channel brightens (to white); past it, green and blue fade (to red)
			assertTrue(lut.getRed(i) >= lut.getRed(i - 1) && lut.getGreen(i) >= lut.getGreen(i - 1) && lut.getBlue(
				i) >= lut.getBlue(i - 1), "entry " + i);
			assertTrue(lut.getBlue(i) >= lut.getRed(i), "bluish below the centre: " + i);
		}
		for (int i = Luts.CENTRE + 1; i < 256; i++) {
			assertTrue(lut.getGreen(i) <= lut.getGreen(i - 1) && lut.getBlue(i) <= lut.getBlue(i - 1), "entry " + i);
			assertTrue(lut.getRed(i) >= lut.getBlue(i), "reddish above the centre: " + i);
		}
	}

	@Test
	void symmetricLimitIsTheLargestMagnitude() {
		assertEquals(3, Luts.symmetricLimit(ArrayImgs.floats(new float[] { -3, 1, 2, Float.NaN }, 2, 2)), 0);
		assertEquals(1, Luts.symmetricLimit(ArrayImgs.floats(2, 2, 3)), 0, "all zero");
	}

	@Test
	void aSignedStackIsShownWhiteAtZeroBlueBelowRedAbove() {
		final ImagePlus imp = ImagePlusBridge.toSignedImagePlus(ArrayImgs.floats(new float[] { -2, 0, 0.5f, 0, 0, 2 },
			3, 1, 2), "signed", List.of("a", "b"));
		assertEquals(-2, imp.getDisplayRangeMin(), 0);
		assertEquals(2, imp.getDisplayRangeMax(), 0);
		assertEquals("b", imp.getStack().getSliceLabel(2));
		final ColorProcessor shown = (ColorProcessor) imp.getProcessor().convertToRGB();
		assertEquals(0xffffff, shown.get(1, 0) & 0xffffff, "zero is white");
		assertEquals(0x053061, shown.get(0, 0) & 0xffffff, "-m is the darkest blue");
		final int r = (shown.get(2, 0) >> 16) & 0xff, b = shown.get(2, 0) & 0xff;
		assertTrue(r > b && b < 255, "a positive value is reddish: " + Integer.toHexString(shown.get(2, 0)));
		imp.setSlice(2);
		final ColorProcessor second = (ColorProcessor) imp.getProcessor().convertToRGB();
		assertEquals(0x67001f, second.get(2, 0) & 0xffffff, "+m is the darkest red, on every slice");
		assertEquals(0xffffff, second.get(0, 0) & 0xffffff);
	}
}
