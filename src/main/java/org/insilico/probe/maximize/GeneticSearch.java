package org.insilico.probe.maximize;

import java.util.Arrays;
import java.util.Collections;
import java.util.SplittableRandom;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.image.Filters;
import org.insilico.model.Network;
import org.insilico.probe.Statistics;

/**
 * Gradient-free search for a unit's preferred stimulus, with forward passes only: the method one can take to a real
 * neuron, in the spirit of Yamane et al. (2008) and Ponce et al. (2019). A population of images evolves: each
 * generation keeps its best ({@code elite}), and fills the rest with children of two parents chosen by tournament,
 * mixed through a smooth random mask (uniform crossover of blurred regions), plus a smooth mutation (Gaussian noise
 * blurred by σ = {@code mutationBlur} pixels, scaled to {@code mutationSigma} per pixel); images are clipped to the
 * data range. The budget is population × generations evaluations of the objective.
 */
public final class GeneticSearch {

	private GeneticSearch() {}

	/**
	 * @param population images per generation, ≥ 4 (default 64)
	 * @param generations generations, ≥ 1 (default 300)
	 * @param elite best images kept unchanged, 1 to population − 1 (default 8)
	 * @param mutationSigma mutation size per pixel (default 0.05)
	 * @param mutationBlur σ in pixels of the mutation and crossover smoothing (default 1.5)
	 * @param low data range low (default 0)
	 * @param high data range high (default 1)
	 * @param seed seed of everything random
	 */
	public record Options(int population, int generations, int elite, double mutationSigma, double mutationBlur,
		double low, double high, long seed)
	{

		public static Options defaults() {
			return new Options(64, 300, 8, 0.05, 1.5, 0, 1, 1);
		}

		public Options withBudget(final int pop, final int gens) {
			return new Options(pop, gens, Math.min(elite, pop - 1), mutationSigma, mutationBlur, low, high, seed);
		}

		public void validate() {
			InSilicoException.requireRange("population", population, 4, 100_000);
			InSilicoException.requireRange("generations", generations, 1, 1_000_000);
			InSilicoException.requireRange("elite", elite, 1, population - 1);
			if (!(mutationSigma > 0) || !Double.isFinite(mutationSigma)) throw InSilicoException.badParameter(
				"mutation sigma", mutationSigma, "expected a finite number greater than 0");
			if (!(mutationBlur >= 0) || !Double.isFinite(mutationBlur)) throw InSilicoException.badParameter(
				"mutation blur", mutationBlur, "expected a number of pixels, 0 or more");
			if (!(Double.isFinite(low) && Double.isFinite(high) && low < high)) throw InSilicoException.badParameter(
				"data range", low + " to " + high, "expected finite low < high");
		}
	}

	/**
	 * @param image the best image found (width × height values)
	 * @param value the objective at that image
	 * @param evaluations how many images the objective was evaluated on (the budget spent)
	 * @param bestPerGeneration the best value after each generation
	 */
	public record Result(float[] image, double value, int evaluations, double[] bestPerGeneration) {}

	public static Result search(final Network network, final Objective objective, final Options o,
		final Progress progress)
	{
		o.validate();
		final int w = network.width(), h = network.height(), per = w * h, n = o.population();
		final SplittableRandom random = new SplittableRandom(o.seed());
		float[] pop = new float[n * per];
		final float mid = (float) ((o.low() + o.high()) / 2), range = (float) (o.high() - o.low());
		for (int k = 0; k < pop.length; k++)
			pop[k] = mid + 0.1f * range * (float) (2 * random.nextDouble() - 1);
		final var objectives = Collections.nCopies(n, objective);
		double[] fitness = ActivationMaximization.value(network, network.toInput(pop), objectives);
		int evaluations = n;
		final double[] best = new double[o.generations()];
		for (int g = 0; g < o.generations(); g++) {
			progress.checkCanceled("gradient-free search");
			final Integer[] order = rank(fitness);
			final float[] next = new float[pop.length];
			for (int e = 0; e < o.elite(); e++)
				System.arraycopy(pop, order[e] * per, next, e * per, per);
			for (int c = o.elite(); c < n; c++) {
				final int a = tournament(fitness, random), b = tournament(fitness, random);
				final float[] mask = smoothNoise(random, w, h, o.mutationBlur());
				final float[] noise = smoothNoise(random, w, h, o.mutationBlur());
				for (int p = 0; p < per; p++) {
					final float v = (mask[p] > 0 ? pop[a * per + p] : pop[b * per + p]) + (float) (o.mutationSigma() * range) *
						noise[p];
					next[c * per + p] = (float) Math.max(o.low(), Math.min(o.high(), v));
				}
			}
			pop = next;
			fitness = ActivationMaximization.value(network, network.toInput(pop), objectives);
			evaluations += n;
			best[g] = Arrays.stream(fitness).max().getAsDouble();
			if (g % 10 == 0) progress.report("gradient-free search", g + 1, o.generations());
		}
		final int top = rank(fitness)[0];
		return new Result(Arrays.copyOfRange(pop, top * per, (top + 1) * per), fitness[top], evaluations, best);
	}

	private static Integer[] rank(final double[] fitness) {
		final Integer[] order = new Integer[fitness.length];
		for (int i = 0; i < order.length; i++)
			order[i] = i;
		Arrays.sort(order, (p, q) -> Double.compare(fitness[q], fitness[p]));
		return order;
	}

	private static int tournament(final double[] fitness, final SplittableRandom random) {
		int best = random.nextInt(fitness.length);
		for (int k = 0; k < 2; k++) {
			final int c = random.nextInt(fitness.length);
			if (fitness[c] > fitness[best]) best = c;
		}
		return best;
	}

	/** Gaussian noise blurred by σ and rescaled to unit standard deviation. */
	private static float[] smoothNoise(final SplittableRandom random, final int w, final int h, final double sigma) {
		final float[] v = new float[w * h];
		for (int p = 0; p < v.length; p++)
			v[p] = (float) Statistics.gaussian(random);
		final float[] s = Filters.gaussianBlur(v, w, h, sigma);
		double ss = 0;
		for (final float x : s)
			ss += x * x;
		final float scale = (float) (1 / Math.sqrt(ss / s.length + 1e-12));
		for (int p = 0; p < s.length; p++)
			s[p] *= scale;
		return s;
	}
}
