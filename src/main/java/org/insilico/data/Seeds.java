package org.insilico.data;

import java.util.SplittableRandom;

/**
 * Per-image random streams for the stimulus generators: image {@code index} of a set made with {@code seed} draws
 * from its own generator, so images can be made in any order or in parallel and still be bit-identical.
 */
final class Seeds {

	private Seeds() {}

	/** The random stream of image {@code index} of the set made with {@code seed}. */
	static SplittableRandom forImage(final long seed, final long index) {
		return new SplittableRandom(mix64(seed ^ mix64(index + 0x9E3779B97F4A7C15L)));
	}

	/** The random stream for set-level choices (such as the order of labels) of the set made with {@code seed}. */
	static SplittableRandom forSet(final long seed) {
		return new SplittableRandom(mix64(seed ^ 0x5DEECE66DL));
	}

	/** The SplitMix64 finalizer (Steele, Lea and Flood 2014): a bijective mixing of 64 bits. */
	static long mix64(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/**
	 * Labels {@code i % classes} for {@code i < count}, in a seeded random order: every class has
	 * {@code count / classes} or one more images.
	 */
	static int[] balancedLabels(final int count, final int classes, final long seed) {
		final int[] labels = new int[count];
		for (int i = 0; i < count; i++)
			labels[i] = i % classes;
		final SplittableRandom random = forSet(seed);
		for (int i = count - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final int t = labels[i];
			labels[i] = labels[j];
			labels[j] = t;
		}
		return labels;
	}
}
