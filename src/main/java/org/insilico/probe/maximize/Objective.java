package org.insilico.probe.maximize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.model.Target;

/**
 * What activation maximization climbs: a weighted sum of targets, {@code Σ_k w_k t_k(x)} (after Lucent's objectives).
 * Immutable; objectives add, subtract and scale, and carry a description.
 *
 * @param targets the targets
 * @param weights one weight per target
 */
public record Objective(List<Target> targets, double[] weights) {

	public Objective {
		if (targets.isEmpty() || targets.size() != weights.length) throw InSilicoException.badParameter("objective",
			targets.size() + " targets and " + weights.length + " weights", "expected one weight per target, at least one");
		for (final double w : weights)
			if (!Double.isFinite(w)) throw InSilicoException.badParameter("objective weight", w, "expected finite weights");
		targets = Collections.unmodifiableList(new ArrayList<>(targets));
		weights = weights.clone();
	}

	public static Objective of(final Target target) {
		return new Objective(List.of(target), new double[] { 1 });
	}

	public Objective plus(final Objective other) {
		final List<Target> t = new ArrayList<>(targets);
		t.addAll(other.targets);
		final double[] w = java.util.Arrays.copyOf(weights, weights.length + other.weights.length);
		System.arraycopy(other.weights, 0, w, weights.length, other.weights.length);
		return new Objective(t, w);
	}

	public Objective minus(final Objective other) {
		return plus(other.times(-1));
	}

	public Objective times(final double factor) {
		final double[] w = weights.clone();
		for (int i = 0; i < w.length; i++)
			w[i] *= factor;
		return new Objective(targets, w);
	}

	/** E.g. {@code conv2:channel:5 - 0.5 × conv2:channel:7}. */
	public String description() {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < targets.size(); i++) {
			final double w = weights[i];
			if (i > 0) sb.append(w < 0 ? " - " : " + ");
			else if (w < 0) sb.append("-");
			if (Math.abs(w) != 1) sb.append(Math.abs(w)).append(" × ");
			sb.append(targets.get(i).description());
		}
		return sb.toString();
	}

	@Override
	public String toString() {
		return description();
	}
}
