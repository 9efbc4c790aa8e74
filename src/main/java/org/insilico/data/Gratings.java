package org.insilico.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import org.insilico.InSilicoException;

/**
 * Full-field sinusoidal gratings, the classic stimulus for orientation and spatial-frequency tuning:
 * <pre>
 * I(x, y) = 0.5 + 0.5 · contrast · sin(2π f (x' sin θ + y' cos θ) + φ),   x' = x − (width − 1)/2,  y' = y − (height − 1)/2
 * </pre>
 * with (x, y) the pixel index (x to the right, y down, as in ImageJ), f the spatial frequency in <b>cycles per
 * pixel</b> (a grating of k cycles across an image of width w has f = k / w), φ the phase in radians, and θ the
 * orientation in degrees: the angle of the stripes, counter-clockwise on screen from horizontal, as ImageJ
 * measures angles. θ = 0° gives horizontal stripes, 90° vertical stripes, 45° stripes running from bottom left to
 * top right ("/"). Mean luminance is 0.5; with contrast ≤ 1 values stay in [0, 1] (Michelson contrast = contrast).
 * <p>
 * Stateless and thread-safe.
 */
public final class Gratings {

	private Gratings() {}

	/** Which stimulus parameter a set's classes stand for; the other one is drawn at random per image. */
	public enum ClassBy {
		/** One class per orientation, named like "45°"; the frequency of each image is drawn from the list. */
		ORIENTATION,
		/** One class per spatial frequency, named like "0.1 c/px"; the orientation is drawn from the list. */
		FREQUENCY
	}

	/**
	 * A set of gratings.
	 *
	 * @param count number of images; labels are balanced and in seeded random order
	 * @param width image width in pixels (default 32)
	 * @param height image height in pixels (default 32)
	 * @param orientations distinct orientations in degrees, each in [0, 180) (default 0, 45, 90, 135)
	 * @param frequencies distinct spatial frequencies in cycles per pixel, each in (0, 0.5] (default 0.1, 0.15, 0.2)
	 * @param contrast amplitude as a fraction of the mean, in [0, 1] (default 1)
	 * @param noise standard deviation of additive Gaussian pixel noise, not clipped (default 0)
	 * @param classBy what the classes are (default {@link ClassBy#ORIENTATION}); the phase is always uniform in
	 *          [0, 2π) per image
	 */
	public record Options(int count, int width, int height, List<Double> orientations, List<Double> frequencies,
		double contrast, double noise, ClassBy classBy)
	{

		public Options {
			orientations = orientations == null ? null : List.copyOf(orientations);
			frequencies = frequencies == null ? null : List.copyOf(frequencies);
		}

		/** The defaults: {@code count} 32×32 gratings at 0°, 45°, 90°, 135° and 0.1, 0.15, 0.2 cycles/pixel. */
		public static Options defaults(final int count) {
			return new Options(count, 32, 32, List.of(0.0, 45.0, 90.0, 135.0), List.of(0.1, 0.15, 0.2), 1, 0,
				ClassBy.ORIENTATION);
		}

		/** Throws {@link InSilicoException} naming the first option out of range. */
		public void validate() {
			validateSet(count, width, height, orientations, frequencies, contrast, noise, classBy);
		}
	}

	/**
	 * {@code count} gratings; image i has class {@code labels[i]} (labels {@code i % classes} in seeded random
	 * order), the other parameter drawn uniformly from its list and the phase uniform in [0, 2π), from a random
	 * stream of its own derived from the seed and i.
	 */
	public static Dataset generate(final Options o, final long seed) {
		o.validate();
		final boolean byOrientation = o.classBy() == ClassBy.ORIENTATION;
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
			final float[] image = render(o.width(), o.height(), theta, f, phase, o.contrast());
			addNoise(image, o.noise(), random);
			System.arraycopy(image, 0, pixels, i * per, per);
		}
		return new Dataset(pixels, o.width(), o.height(), labels, classNames(o.orientations(), o.frequencies(),
			o.classBy()));
	}

	/**
	 * One grating, by the formula of the class comment, computed in double precision and rounded to float.
	 *
	 * @param orientationDegrees stripe angle, counter-clockwise from horizontal
	 * @param cyclesPerPixel spatial frequency, in [0, 0.5] (0.5 is the Nyquist limit)
	 * @param phase in radians
	 * @param contrast in [0, 1]
	 * @return {@code width * height} values, x fastest
	 */
	public static float[] render(final int width, final int height, final double orientationDegrees,
		final double cyclesPerPixel, final double phase, final double contrast)
	{
		checkImage(width, height, orientationDegrees, cyclesPerPixel, phase, contrast);
		final double t = Math.toRadians(orientationDegrees);
		final double kx = 2 * Math.PI * cyclesPerPixel * Math.sin(t), ky = 2 * Math.PI * cyclesPerPixel * Math.cos(t);
		final double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
		final float[] out = new float[width * height];
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++)
				out[i] = (float) (0.5 + 0.5 * contrast * Math.sin(kx * (x - cx) + ky * (y - cy) + phase));
		return out;
	}

	/** The name of an orientation class: the angle in degrees without trailing zeros and a degree sign, as "22.5°". */
	public static String orientationName(final double degrees) {
		return number(degrees) + "°";
	}

	/** The name of a spatial-frequency class, as "0.1 c/px" (cycles per pixel). */
	public static String frequencyName(final double cyclesPerPixel) {
		return number(cyclesPerPixel) + " c/px";
	}

	private static String number(final double v) {
		final String s = String.format(Locale.ROOT, "%.6f", v == 0 ? 0.0 : v).replaceAll("0+$", "");
		return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
	}

	static List<String> classNames(final List<Double> orientations, final List<Double> frequencies,
		final ClassBy classBy)
	{
		final List<String> names = new ArrayList<>();
		if (classBy == ClassBy.ORIENTATION) for (final double o : orientations)
			names.add(orientationName(o));
		else for (final double f : frequencies)
			names.add(frequencyName(f));
		return names;
	}

	static void addNoise(final float[] image, final double sd, final SplittableRandom random) {
		if (sd > 0) for (int k = 0; k < image.length; k++)
			image[k] += (float) (sd * random.nextGaussian());
	}

	static void checkImage(final int width, final int height, final double orientationDegrees,
		final double cyclesPerPixel, final double phase, final double contrast)
	{
		InSilicoException.requireRange("width", width, 1, 16384);
		InSilicoException.requireRange("height", height, 1, 16384);
		if ((long) width * height > Integer.MAX_VALUE - 8) throw InSilicoException.badParameter("image size",
			width + "x" + height, "expected at most " + (Integer.MAX_VALUE - 8) + " pixels");
		InSilicoException.requireRange("orientation", orientationDegrees, -3600, 3600);
		InSilicoException.requireRange("cycles per pixel", cyclesPerPixel, 0, 0.5);
		InSilicoException.requireRange("phase", phase, -1e6, 1e6);
		InSilicoException.requireRange("contrast", contrast, 0, 1);
	}

	static void validateSet(final int count, final int width, final int height, final List<Double> orientations,
		final List<Double> frequencies, final double contrast, final double noise, final ClassBy classBy)
	{
		InSilicoException.requireRange("count", count, 1, 10_000_000);
		InSilicoException.requireRange("width", width, 1, 4096);
		InSilicoException.requireRange("height", height, 1, 4096);
		if ((long) count * width * height > Integer.MAX_VALUE - 8) throw InSilicoException.badParameter("count",
			count, "expected at most " + (Integer.MAX_VALUE - 8) / ((long) width * height) + " images of " + width +
				"x" + height + " (one float array holds them all)");
		if (orientations == null || orientations.isEmpty()) throw InSilicoException.badParameter("orientations",
			orientations, "expected at least one orientation in degrees, in [0, 180)");
		final Set<Double> seen = new HashSet<>();
		for (final Double o : orientations)
			if (o == null || !(o >= 0 && o < 180) || !seen.add(o)) throw InSilicoException.badParameter(
				"orientations", orientations, "expected distinct angles in degrees, each in [0, 180)");
		if (frequencies == null || frequencies.isEmpty()) throw InSilicoException.badParameter("frequencies",
			frequencies, "expected at least one spatial frequency in cycles per pixel, in (0, 0.5]");
		seen.clear();
		for (final Double f : frequencies)
			if (f == null || !(f > 0 && f <= 0.5) || !seen.add(f)) throw InSilicoException.badParameter(
				"frequencies", frequencies,
				"expected distinct spatial frequencies in cycles per pixel, each in (0, 0.5] (0.5 is the Nyquist limit)");
		InSilicoException.requireRange("contrast", contrast, 0, 1);
		InSilicoException.requireRange("noise", noise, 0, 10);
		if (classBy == null) throw InSilicoException.badParameter("classBy", null,
			"expected ORIENTATION or FREQUENCY");
	}
}
