package org.insilico.model;

import java.util.Arrays;

/**
 * One layer of a {@link Network} as a person reads it.
 *
 * @param index position in the network, 0 for the layer next to the input
 * @param name readable name such as {@code conv1}, {@code pool1}, {@code dense1}, {@code output}
 * @param kind {@code convolution}, {@code max pooling}, {@code average pooling}, {@code dense}, {@code output}, or the
 *          DL4J layer class for others
 * @param shape shape of one image's activations: {channels, height, width} for spatial layers, {units} otherwise
 * @param parameters number of trainable parameters (weights and biases)
 * @param activation the activation function, e.g. {@code relu}, {@code softmax}, {@code identity}
 */
public record LayerInfo(int index, String name, String kind, long[] shape, long parameters, String activation) {

	/** Number of units: the product of the shape. */
	public long units() {
		long u = 1;
		for (final long s : shape)
			u *= s;
		return u;
	}

	/** True for layers with channels and a spatial map (convolution, pooling). */
	public boolean isSpatial() {
		return shape.length == 3;
	}

	/** Channels of a spatial layer; units of a flat layer. */
	public long channels() {
		return shape[0];
	}

	/** The shape as text, {@code 8x24x24} (channels × height × width) or {@code 64}. */
	public String shapeText() {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < shape.length; i++)
			sb.append(i == 0 ? "" : "x").append(shape[i]);
		return sb.toString();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof LayerInfo l && l.index == index && l.name.equals(name) && l.kind.equals(kind) &&
			Arrays.equals(l.shape, shape) && l.parameters == parameters && l.activation.equals(activation);
	}

	@Override
	public int hashCode() {
		return 31 * name.hashCode() + Arrays.hashCode(shape);
	}

	@Override
	public String toString() {
		return name + " (" + kind + ", " + shapeText() + ")";
	}
}
