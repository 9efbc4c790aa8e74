package org.insilico.model;

import java.util.Arrays;
import java.util.List;

import org.insilico.InSilicoException;

/**
 * <em>What</em> is probed: a linear read-out of one layer's activations, {@code t(x) = Σ_u w_u a_u(x)}, where
 * {@code a(x)} is the layer's output for image {@code x} flattened in (channel, y, x) order.
 * <ul>
 * <li><b>unit</b>: one unit, {@code w = e_u};</li>
 * <li><b>channel</b>: the spatial mean of one channel of a convolution or pooling layer, {@code w = 1/(H·W)} on that
 * channel;</li>
 * <li><b>class</b>: one class's logit, the output layer's input to its softmax (Simonyan et al. 2014 use these
 * unnormalized scores);</li>
 * <li><b>probability</b>: one class's softmax probability;</li>
 * <li><b>direction</b>: any weights over the layer's units.</li>
 * </ul>
 * Written as text {@code layer:kind:index}, e.g. {@code conv2:channel:5}, {@code dense1:unit:17},
 * {@code output:class:3}, {@code output:class:seven} (by class name), {@code output:probability:3},
 * {@code conv1:unit:2,10,11} (channel, y, x), {@code dense1:direction:0.5,-1,0,...}. Immutable.
 *
 * @param layer the layer's name
 * @param layerIndex the layer's index in the network
 * @param kind the selector
 * @param weights {@code w}, one per unit of the layer (for class and probability: one per class)
 * @param description the text form
 */
public record Target(String layer, int layerIndex, Kind kind, double[] weights, String description) {

	/** The kinds of selector. */
	public enum Kind {
		UNIT, CHANNEL, CLASS, PROBABILITY, DIRECTION;

		String word() {
			return name().toLowerCase();
		}
	}

	/** True when the read-out is of the output layer's logits rather than its activations. */
	public boolean onLogits() {
		return kind == Kind.CLASS;
	}

	/** One unit of a layer, by flat index in (channel, y, x) order. */
	public static Target unit(final Network network, final String layer, final int unit) {
		final LayerInfo info = network.layer(layer);
		checkIndex("unit", unit, info.units(), info);
		final double[] w = new double[(int) info.units()];
		w[unit] = 1;
		return new Target(info.name(), info.index(), Kind.UNIT, w, info.name() + ":unit:" + unit);
	}

	/** The spatial mean of one channel of a convolution or pooling layer. */
	public static Target channel(final Network network, final String layer, final int channel) {
		final LayerInfo info = network.layer(layer);
		if (!info.isSpatial()) throw InSilicoException.badParameter("target", layer + ":channel:" + channel,
			"layer '" + layer + "' (" + info.kind() + ") has units, not channels; use " + layer + ":unit:N " +
				"or a channel of " + spatialLayers(network));
		checkIndex("channel", channel, info.channels(), info);
		final int hw = (int) (info.shape()[1] * info.shape()[2]);
		final double[] w = new double[(int) info.units()];
		Arrays.fill(w, channel * hw, (channel + 1) * hw, 1.0 / hw);
		return new Target(info.name(), info.index(), Kind.CHANNEL, w, info.name() + ":channel:" + channel);
	}

	/** One class's logit (the score before the softmax). */
	public static Target classLogit(final Network network, final int classIndex) {
		return classTarget(network, classIndex, Kind.CLASS);
	}

	/** One class's softmax probability. */
	public static Target classProbability(final Network network, final int classIndex) {
		return classTarget(network, classIndex, Kind.PROBABILITY);
	}

	/** A weighted sum of a layer's units; {@code weights} has one value per unit. */
	public static Target direction(final Network network, final String layer, final double[] weights) {
		final LayerInfo info = network.layer(layer);
		if (weights.length != info.units()) throw InSilicoException.badParameter("direction weights",
			weights.length + " values", "expected one weight per unit of " + info.name() + " (" + info.units() + ")");
		for (final double v : weights)
			if (!Double.isFinite(v)) throw InSilicoException.badParameter("direction weights", v,
				"expected finite numbers");
		return new Target(info.name(), info.index(), Kind.DIRECTION, weights.clone(), info.name() +
			":direction:" + (weights.length <= 8 ? join(weights) : "(" + weights.length + " weights)"));
	}

	private static Target classTarget(final Network network, final int classIndex, final Kind kind) {
		final LayerInfo out = network.layers().get(network.layers().size() - 1);
		final int classes = network.classNames().size();
		if (classIndex < 0 || classIndex >= classes) throw InSilicoException.badParameter("class", classIndex,
			"expected a class index from 0 to " + (classes - 1) + " or a class name " + network.classNames());
		final double[] w = new double[classes];
		w[classIndex] = 1;
		return new Target(out.name(), out.index(), kind, w, out.name() + ":" + kind.word() + ":" + classIndex);
	}

	/**
	 * Parses {@code layer:kind:index}. Errors start with {@code target = '<text>': } and name the layers of the
	 * network or the valid range of the index, e.g.
	 * {@code target = 'conv2:channel:16': channel = 16: expected 0 to 15 for layer conv2 (...)}.
	 */
	public static Target parse(final String text, final Network network) {
		try {
			return read(text, network);
		}
		catch (final InSilicoException e) {
			if (e.getMessage().startsWith("target = ")) throw e;
			throw InSilicoException.badParameter("target", text, e.getMessage());
		}
	}

	private static Target read(final String text, final Network network) {
		if (text == null || text.isBlank()) throw InSilicoException.badParameter("target", text,
			"expected layer:kind:index, e.g. conv2:channel:5, dense1:unit:17 or output:class:3");
		final String[] parts = text.trim().split(":", 3);
		if (parts.length != 3) throw InSilicoException.badParameter("target", text,
			"expected layer:kind:index with kind one of unit, channel, class, probability, direction, e.g. " +
				"conv2:channel:5, dense1:unit:17 or output:class:3");
		final String layer = parts[0].trim();
		final String kindWord = parts[1].trim().toLowerCase();
		final String index = parts[2].trim();
		final LayerInfo info = network.layer(layer);
		switch (kindWord) {
			case "unit":
				return unit(network, layer, parseUnit(text, index, info));
			case "channel":
				return channel(network, layer, parseInt(text, index, "channel"));
			case "class":
			case "probability":
			case "prob":
				if (info.index() != network.layers().size() - 1) throw InSilicoException.badParameter("target", text,
					"classes are read at the output layer '" + network.layers().get(network.layers().size() - 1)
						.name() + "', not at '" + layer + "'");
				final int c = parseClass(text, index, network.classNames());
				return kindWord.equals("class") ? classLogit(network, c) : classProbability(network, c);
			case "direction":
				final String[] values = index.split(",");
				final double[] w = new double[values.length];
				for (int i = 0; i < values.length; i++)
					try {
						w[i] = Double.parseDouble(values[i].trim());
					}
					catch (final NumberFormatException e) {
						throw InSilicoException.badParameter("target", text, "direction weights must be numbers " +
							"separated by commas, one per unit of " + layer + " (" + info.units() + ")");
					}
				return direction(network, layer, w);
			default:
				throw InSilicoException.badParameter("target", text, "unknown kind '" + parts[1] +
					"': expected unit, channel, class, probability or direction");
		}
	}

	private static int parseUnit(final String text, final String index, final LayerInfo info) {
		final String[] idx = index.split(",");
		if (idx.length == 1) return parseInt(text, index, "unit");
		if (idx.length != 3 || !info.isSpatial()) throw InSilicoException.badParameter("target", text,
			"a unit is one number" + (info.isSpatial() ? " or channel,y,x" : "") + " for layer " + info.name());
		final long[] s = info.shape();
		final int c = parseInt(text, idx[0], "channel"), y = parseInt(text, idx[1], "y"), x = parseInt(text, idx[2],
			"x");
		checkIndex("channel", c, s[0], info);
		checkIndex("y", y, s[1], info);
		checkIndex("x", x, s[2], info);
		return (int) ((c * s[1] + y) * s[2] + x);
	}

	private static int parseClass(final String text, final String index, final List<String> classNames) {
		final int named = classNames.indexOf(index);
		if (named >= 0) return named;
		try {
			return Integer.parseInt(index);
		}
		catch (final NumberFormatException e) {
			throw InSilicoException.badParameter("target", text, "'" + index + "' is neither a class name " +
				classNames + " nor a class index from 0 to " + (classNames.size() - 1));
		}
	}

	private static int parseInt(final String text, final String value, final String what) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (final NumberFormatException e) {
			throw InSilicoException.badParameter("target", text, "the " + what + " must be a whole number");
		}
	}

	private static void checkIndex(final String what, final long value, final long size, final LayerInfo info) {
		if (value < 0 || value >= size) throw InSilicoException.badParameter(what, value, "expected 0 to " +
			(size - 1) + " for layer " + info.name() + " (" + info.kind() + ", " + info.shapeText() + ")");
	}

	private static String spatialLayers(final Network network) {
		return network.layers().stream().filter(LayerInfo::isSpatial).map(LayerInfo::name).toList().toString();
	}

	private static String join(final double[] w) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < w.length; i++)
			sb.append(i == 0 ? "" : ",").append(w[i]);
		return sb.toString();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Target t && t.layerIndex == layerIndex && t.kind == kind && Arrays.equals(t.weights,
			weights);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * layerIndex + kind.hashCode()) + Arrays.hashCode(weights);
	}

	@Override
	public String toString() {
		return description;
	}
}
