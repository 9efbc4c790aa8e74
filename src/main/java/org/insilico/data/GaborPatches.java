package org.insilico.data;

import java.util.List;
import java.util.SplittableRandom;

import org.insilico.InSilicoException;

/**
 * Gabor patches: a {@link Gratings grating} under a circular Gaussian envelope on a mean-gray background,
 * <pre>
 * I(x, y) = 0.5 + 0.5 · contrast · exp(−((x − cx)² + (y − cy)²) / (2σ²)) · sin(2π f ((x − cx) sin θ + (y − cy) cos θ) + φ)
 * </pre>
 * with the conventions of {@link Gratings}: (x, y) the pixel index (y down), θ the stripe angle in degrees
 * counter-clockwise on screen from horizontal, f in cycles per pixel, φ in radians (φ = π/2 gives the
 * even-symmetric, cosine Gabor), and (cx, cy) the centre of the patch in pixel coordinates, (width − 1)/2 and
 * (height − 1)/2 for a centred patch. Far from the centre the image is the background 0.5.
 * <p>
 * Stateless and thread-safe.
 */
public final class GaborPatches {

	private GaborPatches() {}

	/**
	 * A set of Gabor patches.
	 *
	 * @param count number of images; labels are balanced and in seeded random order
	 * @param width image width in pixels (default 32)
	 * @param height image height in pixels (default 32)
	 * @param orientations distinct stripe angles in degrees, each in [0, 180) (default 0, 45, 90, 135)
	 * @param frequencies distinct spatial frequencies in cycles per pixel, in (0, 0.5] (default 0.1, 0.15, 0.2)
	 * @param sigma standard deviation of the Gaussian envelope in pixels (default 5)
	 * @param maxOffset the centre is the image centre plus an offset uniform in ±this along x and y, in pixels
	 *          (default 0: always centred)
	 * @param contrast peak amplitude as a fraction of the mean, in [0, 1] (default 1)
	 * @param noise standard deviation of additive Gaussian pixel noise, not clipped (default 0)
	 * @param classBy what the classes are (default {@link Gratings.ClassBy#ORIENTATION}); the phase is uniform in
	 *          [0, 2π) per image
	 */
	public record Options(int count, int width, int height, List<Double> orientations, List<Double> frequencies,
		double sigma, double maxOffset, double contrast, double noise, Gratings.ClassBy classBy)
	{

		public Options {
			orientations = orientations == null ? null : List.copyOf(orientations);
			frequencies = frequencies == null ? null : List.copyOf(frequencies);
		}

		/** The defaults: {@code count} centred 32×32 patches of σ = 5 px at 0°, 45°, 90°, 135°. */
		public static Options defaults(final int count) {
			return new Options(count, 32, 32, List.of(0.0, 45.0, 90.0, 135.0), List.of(0.1, 0.15, 0.2), 5, 0, 1, 0,
				Gratings.ClassBy.ORIENTATION);
		}

		/** Throws {@link InSilicoException} naming the first option out of range. */
		public void validate() {
			Gratings.validateSet(count, width, height, orientations, frequencies, contrast, noise, classBy);
			InSilicoException.requireRange("sigma", sigma, 0.5, Math.max(width, height));
			InSilicoException.requireRange("maxOffset", maxOffset, 0, Math.min(width, height) / 2.0);
		}
	}

	/**
	 * {@code count} patches; image i has class {@code labels[i]} (labels {@code i % classes} in seeded random
	 * order), the other of orientation and frequency drawn uniformly from its list, the phase uniform in [0, 2π)
	 * and the centre offset uniform in ±maxOffset, from a random stream of its own derived from the seed and i.
	 */
	public static Dataset generate(final Options o, final long seed) {
		o.validate();
		final boolean byOrientation = o.classBy() == Gratings.ClassBy.ORIENTATION;
		final int classes = byOrientation ? o.orientations().size() : o.frequencies().size();
		final int[] labels = Seeds.balancedLabels(o.count(), classes, seed);
		final int per = o.width() * o.height();
		final float[] pixels = new float[o.count() * per];
		for (int i = 0; i < o.count(); i++) {
			final SplittableRandom random = Seeds.forImage(seed, i);
			final double theta = byOrientation ? o.orientations().get(labels[i]) : o.orientations().get(random
				.nextInt(o.orientations().size()));
			final double f = byOrientation ? o.frequencies().get(random.nextInt(o.frequencies().size())) : o
				.frequencies().get(labels[i]);
			final double phase = 2 * Math.PI * random.nextDouble();
			final double cx = (o.width() - 1) / 2.0 + o.maxOffset() * (2 * random.nextDouble() - 1);
			final double cy = (o.height() - 1) / 2.0 + o.maxOffset() * (2 * random.nextDouble() - 1);
			final float[] image = render(o.width(), o.height(), theta, f, phase, o.contrast(), cx, cy, o.sigma());
			Gratings.addNoise(image, o.noise(), random);
			System.arraycopy(image, 0, pixels, i * per, per);
		}
		return new Dataset(pixels, o.width(), o.height(), labels, Gratings.classNames(o.orientations(), o
			.frequencies(), o.classBy()));
	}

	/**
	 * One Gabor patch, by the formula of the class comment, computed in double precision and rounded to float.
	 *
	 * @param orientationDegrees stripe angle, counter-clockwise from horizontal
	 * @param cyclesPerPixel spatial frequency, in [0, 0.5]
	 * @param phase in radians, relative to the patch centre
	 * @param contrast in [0, 1]
	 * @param cx centre x in pixel coordinates (may lie outside the image)
	 * @param cy centre y in pixel coordinates
	 * @param sigma envelope standard deviation in pixels, &gt; 0
	 * @return {@code width * height} values, x fastest
	 */
	public static float[] render(final int width, final int height, final double orientationDegrees,
		final double cyclesPerPixel, final double phase, final double contrast, final double cx, final double cy,
		final double sigma)
	{
		Gratings.checkImage(width, height, orientationDegrees, cyclesPerPixel, phase, contrast);
		InSilicoException.requireRange("cx", cx, -1e6, 1e6);
		InSilicoException.requireRange("cy", cy, -1e6, 1e6);
		if (!(sigma > 0) || !Double.isFinite(sigma)) throw InSilicoException.badParameter("sigma", sigma,
			"expected a positive number of pixels");
		final double t = Math.toRadians(orientationDegrees);
		final double kx = 2 * Math.PI * cyclesPerPixel * Math.sin(t), ky = 2 * Math.PI * cyclesPerPixel * Math.cos(t);
		final double twoSigma2 = 2 * sigma * sigma;
		final float[] out = new float[width * height];
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++) {
				final double dx = x - cx, dy = y - cy;
				out[i] = (float) (0.5 + 0.5 * contrast * Math.exp(-(dx * dx + dy * dy) / twoSigma2) * Math.sin(kx *
					dx + ky * dy + phase));
			}
		return out;
	}
}
