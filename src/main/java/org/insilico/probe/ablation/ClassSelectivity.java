package org.insilico.probe.ablation;

/**
 * The class selectivity index of each unit (Morcos et al. 2018): {@code (μ_max − μ_−max) / (μ_max + μ_−max)}, where
 * μ_max is the unit's largest class-conditional mean activation and μ_−max the mean of its other classes'
 * class-conditional means; a channel's activation is its spatial mean. 0 for a unit that responds equally to every
 * class, 1 for a unit that responds to one class only. Defined for non-negative activations (ReLU); a unit silent for
 * every class gets 0.
 */
public final class ClassSelectivity {

	private ClassSelectivity() {}

	/** The index from class-conditional means [unit][class] (classes without images, NaN, are left out). */
	public static double[] indices(final double[][] classMeans) {
		final double[] si = new double[classMeans.length];
		for (int u = 0; u < si.length; u++) {
			double max = Double.NEGATIVE_INFINITY, sum = 0;
			int n = 0, argmax = -1;
			for (int c = 0; c < classMeans[u].length; c++) {
				final double m = classMeans[u][c];
				if (Double.isNaN(m)) continue;
				if (m > max) {
					max = m;
					argmax = c;
				}
				sum += m;
				n++;
			}
			if (argmax < 0 || n < 2) {
				si[u] = Double.NaN;
				continue;
			}
			final double rest = (sum - max) / (n - 1);
			si[u] = max + rest == 0 ? 0 : (max - rest) / (max + rest);
		}
		return si;
	}

	/** The index of every unit of the experiment's layer. */
	public static double[] indices(final AblationExperiment experiment) {
		return indices(experiment.classConditionalMeans());
	}
}
