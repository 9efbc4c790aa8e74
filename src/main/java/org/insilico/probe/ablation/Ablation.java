package org.insilico.probe.ablation;

import java.util.Arrays;

import org.insilico.InSilicoException;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;

/**
 * Which units of a layer are silenced and how: set to zero, set to their mean over a dataset, or scaled by a factor
 * (partial silencing). A unit of a convolution or pooling layer is a whole channel (its map); of a dense layer, one
 * unit. An ablation is a view: it changes the activations passed on to the layers above, never the network.
 *
 * @param layer the layer's name
 * @param units the units (channels) silenced, each once
 * @param mode how
 * @param factor for {@link Mode#SCALE}: the factor the units are multiplied by (0 = zero)
 */
public record Ablation(String layer, int[] units, Mode mode, double factor) {

	/** How silenced units are set. */
	public enum Mode {
		/** a = 0 (Morcos et al. 2018). */
		ZERO,
		/** a = the unit's mean activation over the dataset, per position for a channel. */
		MEAN,
		/** a = factor × a. */
		SCALE
	}

	public static Ablation zero(final String layer, final int... units) {
		return new Ablation(layer, units, Mode.ZERO, 0);
	}

	/** No unit silenced: the intact network. */
	public static Ablation none(final String layer) {
		return new Ablation(layer, new int[0], Mode.ZERO, 0);
	}

	public Ablation {
		units = units.clone();
	}

	/** Checks the ablation against a network: a hidden layer, units in range, each once, a finite factor. */
	public LayerInfo check(final Network network) {
		final LayerInfo info = network.layer(layer);
		if (info.index() == network.layers().size() - 1) throw InSilicoException.badParameter("layer", layer,
			"the output layer's units are the classes themselves; ablate a hidden layer, one of " + network.layerNames()
				.subList(0, network.layers().size() - 1));
		final int count = count(info);
		final boolean[] seen = new boolean[count];
		for (final int u : units) {
			if (u < 0 || u >= count) throw InSilicoException.badParameter("unit", u, "expected 0 to " + (count - 1) +
				" for layer " + layer + " (" + count + (info.isSpatial() ? " channels)" : " units)"));
			if (seen[u]) throw InSilicoException.badParameter("unit", u, "listed twice; list each unit once");
			seen[u] = true;
		}
		if (mode == null) throw InSilicoException.badParameter("mode", null, "expected zero, mean or scale");
		if (!Double.isFinite(factor)) throw InSilicoException.badParameter("factor", factor, "expected a finite number");
		return info;
	}

	/**
	 * Units written as a person lists them: {@code 3}, {@code 1,4,9}, {@code 0-15} (ranges inclusive), {@code all}.
	 *
	 * @param count the layer's number of units, for ranges and {@code all}
	 * @throws InSilicoException naming {@code parameter} for an empty list, bad syntax or a unit out of range
	 */
	public static int[] parseUnits(final String parameter, final String text, final int count) {
		final java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
		final String t = text == null ? "" : text.trim();
		if (t.equalsIgnoreCase("all")) for (int i = 0; i < count; i++)
			set.add(i);
		else for (final String part : t.split(",")) {
			if (part.isBlank()) continue;
			try {
				final String[] ends = part.trim().split("-");
				final int a = Integer.parseInt(ends[0].trim()), b = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : a;
				if (ends.length > 2 || a > b) throw new NumberFormatException();
				for (int i = a; i <= b; i++) {
					if (i < 0 || i >= count) throw InSilicoException.badParameter(parameter, text, "unit " + i +
						" is out of range; expected units from 0 to " + (count - 1));
					set.add(i);
				}
			}
			catch (final NumberFormatException e) {
				throw InSilicoException.badParameter(parameter, text, "expected unit numbers like 3, 1,4,9 or 0-15, or all");
			}
		}
		if (set.isEmpty()) throw InSilicoException.badParameter(parameter, text, "expected at least one unit (e.g. 3, " +
			"1,4,9, 0-15 or all)");
		return set.stream().mapToInt(Integer::intValue).toArray();
	}

	/** The number of ablatable units of a layer: channels of a spatial layer, units of a dense one. */
	public static int count(final LayerInfo info) {
		return (int) (info.isSpatial() ? info.channels() : info.units());
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Ablation a && a.layer.equals(layer) && Arrays.equals(a.units, units) && a.mode == mode &&
			a.factor == factor;
	}

	@Override
	public int hashCode() {
		return layer.hashCode() * 31 + Arrays.hashCode(units);
	}

	@Override
	public String toString() {
		return mode.name().toLowerCase() + (mode == Mode.SCALE ? " x" + factor : "") + " " + layer + " units " + Arrays
			.toString(units);
	}
}
