package org.insilico.image;

import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.LutLoader;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.insilico.InSilicoException;

/**
 * The one bridge between ImageJ 1.x images and ImgLib2 float stacks (x, y, n), written on {@link ImageStack} and
 * {@link FloatProcessor} directly (no imglib2-ij).
 * <p>
 * ImagePlus to stack: every plane of the ImagePlus's stack becomes one image, in stack order. Gray 8-, 16- and
 * 32-bit values are taken as stored; RGB and indexed-colour images are converted to gray by the luminance
 * {@code 0.299 R + 0.587 G + 0.114 B} (ImageJ's weighted conversion, computed in float without rounding) and the
 * conversion is reported in {@link Converted#notes()}. The display range is ignored; what an 8-bit LUT means is
 * said by {@link ColourTable}.
 * <p>
 * Stack to ImagePlus: a 32-bit stack with one slice per image.
 * <p>
 * Stateless and thread-safe, as far as the ImagePlus given is not changed meanwhile.
 */
public final class ImagePlusBridge {

	/** Weight of red in the luminance of ImageJ's weighted RGB conversion (ITU-R BT.601). */
	public static final double RED_WEIGHT = 0.299;
	/** Weight of green in the luminance of ImageJ's weighted RGB conversion. */
	public static final double GREEN_WEIGHT = 0.587;
	/** Weight of blue in the luminance of ImageJ's weighted RGB conversion. */
	public static final double BLUE_WEIGHT = 0.114;

	private ImagePlusBridge() {}

	/** How stored values become floats. */
	public enum Range {
		/** As stored: 8-bit 0–255, 16-bit 0–65535, 32-bit as is, colour luminance 0–255. */
		RAW,
		/**
		 * Scaled by the type's full range: 8-bit and colour luminance divided by 255, 16-bit by 65535, 32-bit as is
		 * (not rescaled: its range is whatever it is).
		 */
		UNIT
	}

	/**
	 * A converted image: the stack (x, y, n) and what was done to it that the user should know, as sentences; the
	 * list is empty if the values are the stored gray values (scaled as asked).
	 */
	public record Converted(ArrayImg<FloatType, FloatArray> img, List<String> notes) {

		public Converted {
			notes = List.copyOf(notes);
		}
	}

	/** The luminance {@code 0.299 R + 0.587 G + 0.114 B} of a packed RGB value, in [0, 255]. */
	public static float luminance(final int rgb) {
		return luminance((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
	}

	private static float luminance(final int r, final int g, final int b) {
		return (float) (RED_WEIGHT * r + GREEN_WEIGHT * g + BLUE_WEIGHT * b);
	}

	/** What the colour table (LUT) of an 8-bit image stands for. */
	public enum ColourTable {
		/**
		 * Only how the values are shown, as for an image open in Fiji with a LUT applied: the stored values are used
		 * (and a note says that a colour or inverting LUT was not applied).
		 */
		DISPLAY,
		/**
		 * The colours of the image, as for an indexed-colour file (GIF, palette PNG): each value is replaced by the
		 * luminance of its table entry, which for the standard gray table is the value itself.
		 */
		PALETTE
	}

	/** {@link #toImg(ImagePlus, Range, ColourTable)} for an image in Fiji: a LUT of an 8-bit image is display only. */
	public static Converted toImg(final ImagePlus imp, final Range range) {
		return toImg(imp, range, ColourTable.DISPLAY);
	}

	/**
	 * Copies an ImagePlus into a float stack (x, y, n) with n the stack size. RGB and COLOR_256 images, and 8-bit
	 * images with a non-standard LUT read as {@link ColourTable#PALETTE}, are converted to luminance and a note says
	 * so; notes also mention a LUT or a calibration function that was not applied.
	 *
	 * @throws InSilicoException if the image is null or has more than one channel (other than RGB)
	 */
	public static Converted toImg(final ImagePlus imp, final Range range, final ColourTable table) {
		if (imp == null) throw InSilicoException.badParameter("image", null, "expected an open image");
		final String title = imp.getTitle();
		if (imp.getNChannels() > 1 && imp.getType() != ImagePlus.COLOR_RGB) throw InSilicoException.badParameter(
			"image", "'" + title + "' with " + imp.getNChannels() + " channels",
			"expected a single-channel image or stack (split the channels, or make it RGB, first)");
		final int w = imp.getWidth(), h = imp.getHeight(), n = imp.getStackSize(), per = w * h;
		if ((long) per * n > Integer.MAX_VALUE - 8) throw InSilicoException.badParameter("image", "'" + title +
			"' of " + w + "x" + h + "x" + n, "expected at most " + (Integer.MAX_VALUE - 8) + " pixels");
		final List<String> notes = new ArrayList<>();
		final float[] out = new float[per * n];
		final ImageStack stack = imp.getStack();
		final int type = imp.getType();
		final boolean unit = range == Range.UNIT;
		final float byteRange = unit ? 255f : 1f;
		final ImageProcessor first = imp.getProcessor();
		final boolean standardLut = first.isDefaultLut();
		if (type == ImagePlus.COLOR_256 || type == ImagePlus.GRAY8 && table == ColourTable.PALETTE && !standardLut) {
			final float[] lut = indexedLuminance(first.getColorModel());
			for (int s = 0; s < n; s++) {
				final byte[] p = (byte[]) stack.getProcessor(s + 1).getPixels();
				for (int i = 0; i < per; i++)
					out[s * per + i] = lut[p[i] & 0xff] / byteRange;
			}
			notes.add(first.isColorLut() || type == ImagePlus.COLOR_256 ? "8-bit indexed colour converted to gray by the luminance " +
				RED_WEIGHT + " R + " + GREEN_WEIGHT + " G + " + BLUE_WEIGHT + " B of its colour table"
				: "8-bit values mapped through the image's gray table (inverted or non-linear)");
		}
		else switch (type) {
			case ImagePlus.GRAY8 -> {
				for (int s = 0; s < n; s++) {
					final byte[] p = (byte[]) stack.getProcessor(s + 1).getPixels();
					for (int i = 0; i < per; i++)
						out[s * per + i] = (p[i] & 0xff) / byteRange;
				}
				if (first.isColorLut()) notes.add(
					"colour LUT not applied: the stored 8-bit values were used (the LUT only colours the display)");
				else if (imp.isInvertedLut()) notes.add(
					"inverting LUT not applied: the stored values were used (bright on screen = low value)");
			}
			case ImagePlus.GRAY16 -> {
				final float max = unit ? 65535f : 1f;
				for (int s = 0; s < n; s++) {
					final short[] p = (short[]) stack.getProcessor(s + 1).getPixels();
					for (int i = 0; i < per; i++)
						out[s * per + i] = (p[i] & 0xffff) / max;
				}
			}
			case ImagePlus.GRAY32 -> {
				for (int s = 0; s < n; s++)
					System.arraycopy((float[]) stack.getProcessor(s + 1).getPixels(), 0, out, s * per, per);
			}
			case ImagePlus.COLOR_RGB -> {
				for (int s = 0; s < n; s++) {
					final int[] p = (int[]) stack.getProcessor(s + 1).getPixels();
					for (int i = 0; i < per; i++)
						out[s * per + i] = luminance(p[i]) / byteRange;
				}
				notes.add("RGB converted to gray by luminance " + RED_WEIGHT + " R + " + GREEN_WEIGHT + " G + " +
					BLUE_WEIGHT + " B");
			}
			default -> throw InSilicoException.badParameter("image", "'" + title + "' of type " + type,
				"expected an 8-, 16- or 32-bit gray, RGB or indexed-colour image");
		}
		if (imp.getCalibration().calibrated()) notes.add("calibration function (" + (imp.getCalibration()
			.isSigned16Bit() ? "signed 16-bit" : "value unit '" + imp.getCalibration().getValueUnit() + "'") +
			") not applied: the stored values were used");
		return new Converted(ArrayImgs.floats(out, w, h, n), notes);
	}

	private static float[] indexedLuminance(final ColorModel cm) {
		final float[] lut = new float[256];
		if (cm instanceof IndexColorModel icm) {
			for (int i = 0; i < 256; i++)
				lut[i] = i < icm.getMapSize() ? luminance(icm.getRed(i), icm.getGreen(i), icm.getBlue(i)) : 0;
		}
		else for (int i = 0; i < 256; i++)
			lut[i] = i;
		return lut;
	}

	/** {@link #toImagePlus(RandomAccessibleInterval, String, List, String, double, double)} without slice labels, gray, display range = data range. */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title)
	{
		return toImagePlus(img, title, null, (LUT) null, Double.NaN, Double.NaN);
	}

	/** {@link #toImagePlus(RandomAccessibleInterval, String, List, String, double, double)} gray, display range = data range. */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title, final List<String> sliceLabels)
	{
		return toImagePlus(img, title, sliceLabels, (LUT) null, Double.NaN, Double.NaN);
	}

	/**
	 * A signed image or stack (x, y, n) as a 32-bit ImagePlus centred on zero: the {@link Luts#diverging()} table
	 * (white at 0, blue negative, red positive) over the display range {@code [−m, m]}, {@code m} =
	 * {@link Luts#symmetricLimit} of the whole stack.
	 */
	public static ImagePlus toSignedImagePlus(final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title, final List<String> sliceLabels)
	{
		final double m = Luts.symmetricLimit(img);
		return toImagePlus(img, title, sliceLabels, Luts.diverging(), -m, m);
	}

	/**
	 * Copies a 2D image or a stack (x, y, n) into a new 32-bit ImagePlus with one slice per image.
	 *
	 * @param title the window title; null for "untitled"
	 * @param sliceLabels one label per slice, or null for none
	 * @param lut an ImageJ LUT name ("grays", "fire", "ice", "spectrum", "redgreen", "cyan", ... or a LUT of
	 *          Fiji's luts folder), or null for gray
	 * @param displayMin lower end of the display range; NaN for the smallest finite value of the whole stack
	 * @param displayMax upper end of the display range; NaN for the largest finite value of the whole stack
	 * @throws InSilicoException for other dimensionalities, a wrong number of labels, an unknown LUT or
	 *           displayMin &gt; displayMax
	 */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title, final List<String> sliceLabels, final String lut, final double displayMin,
		final double displayMax)
	{
		LUT table = null;
		if (lut != null) {
			final IndexColorModel cm = LutLoader.getLut(lut);
			if (cm == null) throw InSilicoException.badParameter("lut", lut,
				"expected an ImageJ LUT name such as grays, fire, ice, spectrum, redgreen, cyan, magenta");
			table = new LUT(cm, 0, 255);
		}
		return toImagePlus(img, title, sliceLabels, table, displayMin, displayMax);
	}

	/**
	 * Copies a 2D image or a stack (x, y, n) into a new 32-bit ImagePlus with one slice per image, shown with a
	 * given colour table (e.g. {@link Luts#diverging()}).
	 *
	 * @param title the window title; null for "untitled"
	 * @param sliceLabels one label per slice, or null for none
	 * @param lut the colour table, or null for gray
	 * @param displayMin lower end of the display range; NaN for the smallest finite value of the whole stack
	 * @param displayMax upper end of the display range; NaN for the largest finite value of the whole stack
	 * @throws InSilicoException for other dimensionalities, a wrong number of labels or displayMin &gt; displayMax
	 */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<? extends RealType<?>> img,
		final String title, final List<String> sliceLabels, final LUT lut, final double displayMin,
		final double displayMax)
	{
		final float[] data = ImageStacks.toFloatArray(img);
		final int w = (int) img.dimension(0), h = (int) img.dimension(1), n = ImageStacks.count(img);
		if (sliceLabels != null && sliceLabels.size() != n) throw InSilicoException.badParameter("slice labels",
			sliceLabels.size() + " labels", "expected one label per slice (" + n + " slices)");
		final IndexColorModel cm = lut;
		final int per = w * h;
		final ImageStack stack = new ImageStack(w, h);
		for (int s = 0; s < n; s++) {
			final float[] slice = new float[per];
			System.arraycopy(data, s * per, slice, 0, per);
			stack.addSlice(sliceLabels == null ? null : sliceLabels.get(s), new FloatProcessor(w, h, slice));
		}
		final ImagePlus imp = new ImagePlus(title == null ? "untitled" : title, stack);
		double min = displayMin, max = displayMax;
		if (Double.isNaN(min) || Double.isNaN(max)) {
			double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
			for (final float v : data)
				if (Float.isFinite(v)) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
			if (lo > hi) {
				lo = 0;
				hi = 1;
			}
			if (Double.isNaN(min)) min = lo;
			if (Double.isNaN(max)) max = hi;
		}
		if (Double.isInfinite(min) || Double.isInfinite(max) || min > max) throw InSilicoException.badParameter(
			"display range", min + " to " + max, "expected finite numbers with min <= max");
		if (cm != null) {
			imp.setLut(new LUT(cm, min, max));
			final ImageProcessor ip = imp.getProcessor();
			ip.setColorModel(cm);
			imp.getStack().setColorModel(cm);
		}
		imp.setDisplayRange(min, max);
		return imp;
	}
}
