package org.insilico.image;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

import org.insilico.InSilicoException;

/** Tiles the slices of a stack into one image, row by row. */
public final class Montages {

	private Montages() {}

	/**
	 * A montage of the slices of a stack (x, y, n): {@code columns} per row, separated by {@code border} pixels of
	 * {@code background}; slices keep their values.
	 */
	public static ArrayImg<FloatType, FloatArray> of(final RandomAccessibleInterval<? extends RealType<?>> stack,
		final int columns, final int border, final float background)
	{
		if (columns < 1) throw InSilicoException.badParameter("columns", columns, "expected at least 1");
		if (border < 0) throw InSilicoException.badParameter("border", border, "expected 0 or more pixels");
		final int w = (int) stack.dimension(0), h = (int) stack.dimension(1);
		final int n = ImageStacks.count(stack);
		final int cols = Math.max(1, Math.min(columns, n));
		final int rows = (n + cols - 1) / cols;
		final int mw = cols * w + (cols + 1) * border, mh = rows * h + (rows + 1) * border;
		final ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(mw, mh);
		final float[] data = out.update(null).getCurrentStorageArray();
		java.util.Arrays.fill(data, background);
		final RandomAccess<? extends RealType<?>> in = stack.randomAccess();
		final long[] pos = new long[stack.numDimensions()];
		for (int k = 0; k < n; k++) {
			final int ox = border + (k % cols) * (w + border), oy = border + (k / cols) * (h + border);
			if (pos.length > 2) pos[2] = stack.min(2) + k;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					pos[0] = stack.min(0) + x;
					pos[1] = stack.min(1) + y;
					in.setPosition(pos);
					data[(oy + y) * mw + ox + x] = in.get().getRealFloat();
				}
		}
		return out;
	}
}
