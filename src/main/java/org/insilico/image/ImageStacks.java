package org.insilico.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.insilico.InSilicoException;

/** Float stacks with axes (x, y, n) as one flat array, x fastest, and back. */
public final class ImageStacks {

	private ImageStacks() {}

	/**
	 * Copies a 2D image or a 3D stack (x, y, n) into a flat float array, x fastest, then y, then n.
	 *
	 * @throws InSilicoException for images of other dimensionality
	 */
	public static float[] toFloatArray(final RandomAccessibleInterval<? extends RealType<?>> img) {
		if (img.numDimensions() < 2 || img.numDimensions() > 3) throw InSilicoException.badParameter("image",
			img.numDimensions() + " dimensions", "expected a 2D image or a 3D stack (x, y, n)");
		final long size = Views.iterable(img).size();
		if (size > Integer.MAX_VALUE - 8) throw InSilicoException.badParameter("image", size + " pixels",
			"expected at most " + (Integer.MAX_VALUE - 8) + " pixels");
		final float[] out = new float[(int) size];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(img).cursor();
		int i = 0;
		while (c.hasNext())
			out[i++] = c.next().getRealFloat();
		return out;
	}

	/** Wraps a flat array (x fastest) as a stack (x, y, n) without copying. */
	public static ArrayImg<FloatType, FloatArray> wrap(final float[] data, final int width, final int height) {
		return ArrayImgs.floats(data, width, height, data.length / ((long) width * height));
	}

	/** The number of images in a 2D image (one) or a 3D stack. */
	public static int count(final RandomAccessibleInterval<?> img) {
		return img.numDimensions() < 3 ? 1 : (int) img.dimension(2);
	}
}
