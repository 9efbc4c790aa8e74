package org.insilico.probe.ablation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.insilico.InSilicoException;
import org.insilico.Progress;

/**
 * Cumulative ablation curves (Morcos et al. 2018, Fig. 1; Barrett, Morcos &amp; Macke 2019, Fig. 2a): accuracy as a
 * growing fraction of a layer's units is silenced, in random order (repeated, mean and spread), or in a given order
 * (by class selectivity, by importance).
 */
public final class CumulativeAblation {

	private CumulativeAblation() {}

	/**
	 * @param order how units were ordered, e.g. "random", "selectivity, high first"
	 * @param fractions fraction of units silenced at each point, from 0 to 1
	 * @param accuracy accuracy at each point (for random orders, the mean over repeats)
	 * @param spread standard deviation over repeats (0 for a fixed order)
	 */
	public record Curve(String order, double[] fractions, double[] accuracy, double[] spread) {

		/**
		 * Area under the curve of accuracy normalized by the intact accuracy, over the fraction silenced (trapezoid
		 * rule): 1 for a network that loses nothing, lower for one that loses accuracy sooner.
		 */
		public double normalizedArea() {
			double area = 0;
			for (int i = 1; i < fractions.length; i++)
				area += (fractions[i] - fractions[i - 1]) * (accuracy[i] + accuracy[i - 1]) / 2;
			return area / accuracy[0];
		}
	}

	/** The numbers of units silenced at each point: every count when there are at most {@code points}, else evenly spaced. */
	static int[] counts(final int units, final int points) {
		if (points < 2) throw InSilicoException.badParameter("points", points, "expected at least 2 points on a curve");
		if (units + 1 <= points) {
			final int[] c = new int[units + 1];
			for (int i = 0; i <= units; i++)
				c[i] = i;
			return c;
		}
		final int[] c = new int[points];
		for (int i = 0; i < points; i++)
			c[i] = (int) Math.round(i * units / (double) (points - 1));
		return c;
	}

	/** Silences units in the given order: the first k for each point. */
	public static Curve ordered(final AblationExperiment e, final int[] order, final String name,
		final Ablation.Mode mode, final int points, final Progress progress)
	{
		if (order.length != e.units()) throw InSilicoException.badParameter("order", order.length + " units",
			"expected every unit of " + e.layer().name() + " once (" + e.units() + ")");
		final int[] counts = counts(e.units(), points);
		final double[] fractions = new double[counts.length], accuracy = new double[counts.length];
		for (int i = 0; i < counts.length; i++) {
			progress.checkCanceled("cumulative ablation");
			fractions[i] = counts[i] / (double) e.units();
			accuracy[i] = e.evaluate(new Ablation(e.layer().name(), Arrays.copyOf(order, counts[i]), mode, 0),
				Progress.NONE).accuracy();
			progress.report("cumulative ablation (" + name + ")", i + 1, counts.length);
		}
		return new Curve(name, fractions, accuracy, new double[counts.length]);
	}

	/** Silences units in {@code repeats} seeded random orders; mean and standard deviation per point. */
	public static Curve random(final AblationExperiment e, final int repeats, final long seed, final Ablation.Mode mode,
		final int points, final Progress progress)
	{
		if (repeats < 1) throw InSilicoException.badParameter("repeats", repeats, "expected at least 1 random order");
		final SplittableRandom random = new SplittableRandom(seed);
		final List<Curve> curves = new ArrayList<>();
		for (int r = 0; r < repeats; r++) {
			final int[] order = new int[e.units()];
			for (int i = 0; i < order.length; i++)
				order[i] = i;
			for (int i = order.length - 1; i > 0; i--) {
				final int j = random.nextInt(i + 1), t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
			curves.add(ordered(e, order, "random", mode, points, progress));
		}
		final int m = curves.get(0).fractions().length;
		final double[] mean = new double[m], sd = new double[m];
		for (int i = 0; i < m; i++) {
			for (final Curve c : curves)
				mean[i] += c.accuracy()[i] / repeats;
			for (final Curve c : curves)
				sd[i] += Math.pow(c.accuracy()[i] - mean[i], 2) / Math.max(1, repeats - 1);
			sd[i] = Math.sqrt(sd[i]);
		}
		return new Curve("random (" + repeats + " orders)", curves.get(0).fractions(), mean, sd);
	}

	/** Unit indices sorted by {@code score}, highest first (ties by index); NaN last. */
	public static int[] byScore(final double[] score, final boolean highFirst) {
		final Integer[] idx = new Integer[score.length];
		for (int i = 0; i < idx.length; i++)
			idx[i] = i;
		Arrays.sort(idx, (a, b) -> {
			final boolean na = Double.isNaN(score[a]), nb = Double.isNaN(score[b]);
			if (na != nb) return na ? 1 : -1; // NaN last in either direction
			final int cmp = na ? 0 : highFirst ? Double.compare(score[b], score[a]) : Double.compare(score[a], score[b]);
			return cmp != 0 ? cmp : Integer.compare(a, b);
		});
		return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
	}
}
