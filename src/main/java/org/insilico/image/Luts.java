package org.insilico.image;

import ij.process.LUT;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * Colour tables for showing results, and the display ranges that go with them.
 * <p>
 * A signed map (a gradient image, a difference) is shown with the {@link #diverging()} table over the range
 * {@code [−m, m]}, {@code m = max |v|} ({@link #symmetricLimit}): zero is white, negative values blue, positive red,
 * and equal magnitudes get equally strong colours. {@link ImagePlusBridge#toSignedImagePlus} does both.
 * <p>
 * Stateless and thread-safe; every call returns a new LUT.
 */
public final class Luts {

	private Luts() {}

	/** Index of the white entry of {@link #diverging()}: ImageJ maps the middle of the display range to it. */
	public static final int CENTRE = 128;

	/**
	 * ColorBrewer's RdBu anchors (Brewer 2002, 11 classes), blue for negative to red for positive, with the centre made
	 * pure white: from the darkest blue to white, then white to the darkest red.
	 */
	private static final int[] BLUE_TO_WHITE = { 0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xffffff },
			WHITE_TO_RED = { 0xffffff, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f };

	/**
	 * A diverging blue–white–red table of 256 entries ("RdBu" reversed): entry 0 dark blue ({@code #053061}), entry
	 * {@value #CENTRE} white, entry 255 dark red ({@code #67001f}), linear in RGB between ColorBrewer's RdBu anchors.
	 * With a display range {@code [−m, m]}, ImageJ shows 0 as entry 128, white.
	 */
	public static LUT diverging() {
		final byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int i = 0; i < 256; i++) {
			final int rgb = i <= CENTRE ? ramp(BLUE_TO_WHITE, i / (double) CENTRE) : ramp(WHITE_TO_RED, (i - CENTRE) /
				(255.0 - CENTRE));
			r[i] = (byte) (rgb >> 16);
			g[i] = (byte) (rgb >> 8);
			b[i] = (byte) rgb;
		}
		return new LUT(r, g, b);
	}

	/** The colour at {@code s} ∈ [0, 1] of a piecewise-linear ramp through equally spaced anchors. */
	private static int ramp(final int[] anchors, final double s) {
		final double pos = s * (anchors.length - 1);
		final int k = Math.min(anchors.length - 2, (int) Math.floor(pos));
		final double f = pos - k;
		int rgb = 0;
		for (int shift = 16; shift >= 0; shift -= 8) {
			final int a = (anchors[k] >> shift) & 0xff, c = (anchors[k + 1] >> shift) & 0xff;
			rgb |= ((int) Math.round(a + f * (c - a)) & 0xff) << shift;
		}
		return rgb;
	}

	/**
	 * The half-width {@code m} of a display range {@code [−m, m]} centred on zero: the largest finite |value| of the
	 * whole image or stack; 1 if there is none or it is 0 (an all-zero map is shown white).
	 */
	public static double symmetricLimit(final RandomAccessibleInterval<? extends RealType<?>> img) {
		double m = 0;
		for (final RealType<?> t : Views.flatIterable(img)) {
			final double v = Math.abs(t.getRealDouble());
			if (Double.isFinite(v) && v > m) m = v;
		}
		return m > 0 ? m : 1;
	}
}
