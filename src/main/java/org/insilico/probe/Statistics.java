package org.insilico.probe;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.insilico.InSilicoException;

/** Rank statistics used by several analyses. */
public final class Statistics {

	private Statistics() {}

	/** A standard normal deviate (Box–Muller). */
	public static double gaussian(final SplittableRandom random) {
		final double u = 1 - random.nextDouble(), v = random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	/** Ranks 1..n, ties given the mean of the ranks they span (as scipy.stats.rankdata's "average"). */
	public static double[] ranks(final double[] v) {
		final Integer[] order = new Integer[v.length];
		for (int i = 0; i < v.length; i++)
			order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
		final double[] r = new double[v.length];
		for (int i = 0; i < v.length;) {
			int j = i;
			while (j + 1 < v.length && v[order[j + 1]] == v[order[i]])
				j++;
			final double mean = (i + j) / 2.0 + 1;
			for (int k = i; k <= j; k++)
				r[order[k]] = mean;
			i = j + 1;
		}
		return r;
	}

	/** Pearson's correlation; NaN when either variable is constant. */
	public static double pearson(final double[] x, final double[] y) {
		if (x.length != y.length || x.length < 2) throw InSilicoException.badParameter("values", x.length + " and " +
			y.length, "expected two equally long lists of at least two values");
		double mx = 0, my = 0;
		for (int i = 0; i < x.length; i++) {
			mx += x[i] / x.length;
			my += y[i] / y.length;
		}
		double sxy = 0, sxx = 0, syy = 0;
		for (int i = 0; i < x.length; i++) {
			sxy += (x[i] - mx) * (y[i] - my);
			sxx += (x[i] - mx) * (x[i] - mx);
			syy += (y[i] - my) * (y[i] - my);
		}
		return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
	}

	/** Spearman's rank correlation: Pearson's correlation of the ranks (ties averaged). */
	public static double spearman(final double[] x, final double[] y) {
		return pearson(ranks(x), ranks(y));
	}

	/**
	 * Two-sided permutation p-value of Spearman's correlation: the fraction of {@code permutations} random
	 * re-pairings (seeded) whose |ρ| is at least the observed |ρ|, counting the observed pairing itself
	 * ((k + 1) / (permutations + 1), never 0).
	 */
	public static double spearmanPermutationP(final double[] x, final double[] y, final int permutations,
		final long seed)
	{
		final double[] rx = ranks(x), ry = ranks(y);
		final double observed = Math.abs(pearson(rx, ry));
		if (Double.isNaN(observed)) return Double.NaN;
		final SplittableRandom random = new SplittableRandom(seed);
		final double[] shuffled = ry.clone();
		int atLeast = 0;
		for (int p = 0; p < permutations; p++) {
			for (int i = shuffled.length - 1; i > 0; i--) {
				final int j = random.nextInt(i + 1);
				final double t = shuffled[i];
				shuffled[i] = shuffled[j];
				shuffled[j] = t;
			}
			if (Math.abs(pearson(rx, shuffled)) >= observed - 1e-12) atLeast++;
		}
		return (atLeast + 1.0) / (permutations + 1.0);
	}
}
