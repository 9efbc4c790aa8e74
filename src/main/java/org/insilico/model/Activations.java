package org.insilico.model;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Recorded activations of one layer for a set of images: {@code count} rows of {@code units} values, each row one
 * image's activations flattened in (channel, y, x) order.
 *
 * @param layer the layer's name
 * @param shape one image's activation shape, {channels, height, width} or {units}
 * @param count number of images
 * @param values {@code count × units} values, row-major
 */
public record Activations(String layer, long[] shape, int count, float[] values) {

	public int units() {
		return values.length / Math.max(1, count);
	}

	public float value(final int image, final int unit) {
		return values[image * units() + unit];
	}

	/** A copy of one image's activations. */
	public float[] row(final int image) {
		final int u = units();
		final float[] r = new float[u];
		System.arraycopy(values, image * u, r, 0, u);
		return r;
	}

	/**
	 * As an image backed by the values: (x, y, channel, n) for spatial layers, (unit, n) for flat ones.
	 */
	public ArrayImg<FloatType, FloatArray> toImg() {
		if (shape.length == 3) return ArrayImgs.floats(values, shape[2], shape[1], shape[0], count);
		return ArrayImgs.floats(values, units(), count);
	}
}
