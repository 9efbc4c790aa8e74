package org.insilico.data;

import java.util.List;
import java.util.SplittableRandom;

import org.insilico.InSilicoException;

/**
 * White-noise images: every pixel independent and identically distributed, uniform or Gaussian with a given mean
 * and standard deviation, not clipped. The stimulus of reverse correlation (spike-triggered averages) and of
 * activation statistics, not a classification task: every image has label 0 of the one class "noise", and
 * {@link Dataset#requireTrainable} refuses such a set for training.
 * <p>
 * Stateless and thread-safe.
 */
public final class WhiteNoise {

	/** The one class of a noise set. */
	public static final List<String> CLASS_NAMES = List.of("noise");

	private WhiteNoise() {}

	/** The distribution of each pixel. */
	public enum Distribution {
		/** Uniform in [mean − √3·std, mean + √3·std]. */
		UNIFORM,
		/** Normal with the given mean and standard deviation. */
		GAUSSIAN
	}

	/**
	 * A set of noise images.
	 *
	 * @param count number of images
	 * @param width image width in pixels (default 28)
	 * @param height image height in pixels (default 28)
	 * @param distribution of each pixel (default {@link Distribution#UNIFORM})
	 * @param mean of each pixel (default 0.5)
	 * @param std standard deviation of each pixel (default 1/√12 ≈ 0.2887, which makes the uniform default
	 *          uniform in [0, 1])
	 */
	public record Options(int count, int width, int height, Distribution distribution, double mean, double std) {

		/** The defaults: {@code count} 28×28 images uniform in [0, 1]. */
		public static Options defaults(final int count) {
			return new Options(count, 28, 28, Distribution.UNIFORM, 0.5, 1 / Math.sqrt(12));
		}

		/** Throws {@link InSilicoException} naming the first option out of range. */
		public void validate() {
			InSilicoException.requireRange("count", count, 1, 10_000_000);
			InSilicoException.requireRange("width", width, 1, 4096);
			InSilicoException.requireRange("height", height, 1, 4096);
			if ((long) count * width * height > Integer.MAX_VALUE - 8) throw InSilicoException.badParameter("count",
				count, "expected at most " + (Integer.MAX_VALUE - 8) / ((long) width * height) + " images of " +
					width + "x" + height + " (one float array holds them all)");
			if (distribution == null) throw InSilicoException.badParameter("distribution", null,
				"expected UNIFORM or GAUSSIAN");
			InSilicoException.requireRange("mean", mean, -1e6, 1e6);
			InSilicoException.requireRange("std", std, 0, 1e6);
		}
	}

	/** {@code count} noise images, image i from a random stream of its own derived from the seed and i. */
	public static Dataset generate(final Options o, final long seed) {
		o.validate();
		final int per = o.width() * o.height();
		final float[] pixels = new float[o.count() * per];
		final double halfWidth = Math.sqrt(3) * o.std();
		for (int i = 0; i < o.count(); i++) {
			final SplittableRandom random = Seeds.forImage(seed, i);
			final int offset = i * per;
			if (o.distribution() == Distribution.UNIFORM) for (int k = 0; k < per; k++)
				pixels[offset + k] = (float) (o.mean() + halfWidth * (2 * random.nextDouble() - 1));
			else for (int k = 0; k < per; k++)
				pixels[offset + k] = (float) (o.mean() + o.std() * random.nextGaussian());
		}
		return new Dataset(pixels, o.width(), o.height(), new int[o.count()], CLASS_NAMES);
	}
}
