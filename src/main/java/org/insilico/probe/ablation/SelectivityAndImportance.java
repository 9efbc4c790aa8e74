package org.insilico.probe.ablation;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.probe.Statistics;

/**
 * Is a unit's class selectivity a sign of its importance? (Morcos et al. 2018, Fig. 4; Barrett, Morcos &amp; Macke
 * 2019.) The ablation map of a layer, each unit's class selectivity index, and Spearman's rank correlation of
 * selectivity with the unit's importance (the drop of overall accuracy when it alone is silenced) and with the
 * largest drop of any one class's accuracy, each with a two-sided permutation p-value. Cumulative ablation curves of
 * the same layer in random order, by selectivity and by importance.
 * <p>
 * Threading: one call per thread (the network serializes its calls).
 */
public final class SelectivityAndImportance {

	private SelectivityAndImportance() {}

	/**
	 * @param map the ablation map (each unit silenced alone)
	 * @param selectivity each unit's class selectivity index
	 * @param accuracySpearman Spearman's ρ of selectivity and overall accuracy drop
	 * @param accuracyP its permutation p-value
	 * @param classSpearman Spearman's ρ of selectivity and the largest class accuracy drop
	 * @param classP its permutation p-value
	 * @param images the number of images evaluated
	 * @param permutations the permutations of the p-values
	 */
	public record Result(AblationMap.Result map, double[] selectivity, double accuracySpearman, double accuracyP,
		double classSpearman, double classP, int images, int permutations)
	{

		/** Largest class accuracy drop per unit. */
		public double[] maxClassDrops() {
			final double[] d = new double[map.units()];
			for (int u = 0; u < d.length; u++)
				d[u] = map.maxClassDrop(u);
			return d;
		}
	}

	/**
	 * The ablation map of the experiment's layer, selectivity, and their rank correlations.
	 *
	 * @param factor the factor of {@link Ablation.Mode#SCALE} (ignored by the other modes)
	 * @param permutations re-pairings for the p-values, 0 to 1,000,000 (0: p-values NaN)
	 * @param seed seed of the permutations
	 */
	public static Result compute(final AblationExperiment experiment, final Ablation.Mode mode, final double factor,
		final int permutations, final long seed, final Progress progress)
	{
		InSilicoException.requireRange("permutations", permutations, 0, 1_000_000);
		final double f = mode == Ablation.Mode.SCALE ? factor : 0;
		new Ablation(experiment.layer().name(), new int[0], mode, f).check(experiment.network());
		final AblationMap.Result map = AblationMap.compute(experiment, mode, f, progress);
		final double[] si = ClassSelectivity.indices(experiment);
		final double[] importance = map.importance();
		final double[] classDrop = new double[map.units()];
		for (int u = 0; u < classDrop.length; u++)
			classDrop[u] = map.maxClassDrop(u);
		return new Result(map, si, Statistics.spearman(si, importance), permutations == 0 ? Double.NaN : Statistics
			.spearmanPermutationP(si, importance, permutations, seed), Statistics.spearman(si, classDrop),
			permutations == 0 ? Double.NaN : Statistics.spearmanPermutationP(si, classDrop, permutations, seed + 1),
			experiment.data().size(), permutations);
	}

	/**
	 * Cumulative ablation curves of one layer.
	 *
	 * @param random random orders (mean and SD over repeats)
	 * @param selectivityHighFirst the most class-selective units silenced first
	 * @param selectivityLowFirst the least class-selective units silenced first
	 * @param importanceHighFirst the units whose single ablation costs most accuracy silenced first
	 */
	public record Curves(CumulativeAblation.Curve random, CumulativeAblation.Curve selectivityHighFirst,
		CumulativeAblation.Curve selectivityLowFirst, CumulativeAblation.Curve importanceHighFirst)
	{

		public CumulativeAblation.Curve[] all() {
			return new CumulativeAblation.Curve[] { random, selectivityHighFirst, selectivityLowFirst,
				importanceHighFirst };
		}
	}

	/**
	 * Cumulative ablation of the experiment's layer: {@code repeats} random orders, and the orders by selectivity
	 * (both ways) and by importance (from the ablation map in the same mode).
	 *
	 * @param mode {@link Ablation.Mode#ZERO} or {@link Ablation.Mode#MEAN}
	 * @param points points on each curve, at least 2
	 */
	public static Curves curves(final AblationExperiment experiment, final Ablation.Mode mode, final int repeats,
		final int points, final long seed, final Progress progress)
	{
		if (mode != Ablation.Mode.ZERO && mode != Ablation.Mode.MEAN) throw InSilicoException.badParameter("mode",
			mode == null ? null : mode.name().toLowerCase(), "cumulative ablation silences units: expected zero or mean");
		if (repeats < 1) throw InSilicoException.badParameter("repeats", repeats, "expected at least 1 random order");
		if (points < 2) throw InSilicoException.badParameter("points", points, "expected at least 2 points on a curve");
		final double[] si = ClassSelectivity.indices(experiment);
		final double[] importance = AblationMap.compute(experiment, mode, 0, progress).importance();
		return new Curves(CumulativeAblation.random(experiment, repeats, seed, mode, points, progress),
			CumulativeAblation.ordered(experiment, CumulativeAblation.byScore(si, true), "selectivity, high first", mode,
				points, progress), CumulativeAblation.ordered(experiment, CumulativeAblation.byScore(si, false),
					"selectivity, low first", mode, points, progress), CumulativeAblation.ordered(experiment,
						CumulativeAblation.byScore(importance, true), "importance, high first", mode, points, progress));
	}
}
