package org.insilico.data;

import java.util.List;

import org.insilico.InSilicoException;

/**
 * The built-in stimulus sets by name, as the menu and the command line offer them: {@code digits},
 * {@code gratings}, {@code gabor}, {@code noise}. Each is a deterministic function of count, size and seed.
 */
public final class StimulusSets {

	private StimulusSets() {}

	public static final List<String> NAMES = List.of("digits", "gratings", "gabor", "noise");

	/**
	 * Generates {@code count} images of the set at {@code size}×{@code size} pixels (0: the set's default, 28 for
	 * digits and 32 for the others) with the set's default options.
	 */
	public static Dataset generate(final String set, final int count, final int size, final long seed) {
		InSilicoException.requireRange("count", count, 1, 1_000_000);
		if (size != 0) InSilicoException.requireRange("size", size, 8, 1024);
		switch (set == null ? "" : set.toLowerCase()) {
			case "digits": {
				final int s = size == 0 ? 28 : size;
				return Digits.generate(Digits.Options.defaults(count, s, s), seed);
			}
			case "gratings": {
				final Gratings.Options d = Gratings.Options.defaults(count);
				final int s = size == 0 ? d.width() : size;
				return Gratings.generate(new Gratings.Options(count, s, s, d.orientations(), d.frequencies(), d
					.contrast(), d.noise(), d.classBy()), seed);
			}
			case "gabor":
			case "gabor patches": {
				final GaborPatches.Options d = GaborPatches.Options.defaults(count);
				final int s = size == 0 ? d.width() : size;
				return GaborPatches.generate(new GaborPatches.Options(count, s, s, d.orientations(), d.frequencies(), d
					.sigma() * s / d.width(), d.maxOffset(), d.contrast(), d.noise(), d.classBy()), seed);
			}
			case "noise":
			case "white noise": {
				final WhiteNoise.Options d = WhiteNoise.Options.defaults(count);
				final int s = size == 0 ? d.width() : size;
				return WhiteNoise.generate(new WhiteNoise.Options(count, s, s, d.distribution(), d.mean(), d.std()),
					seed);
			}
			default:
				throw InSilicoException.badParameter("stimulus set", set, "expected one of " + NAMES);
		}
	}
}
