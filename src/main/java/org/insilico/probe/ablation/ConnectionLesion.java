package org.insilico.probe.ablation;

import org.insilico.InSilicoException;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lesions of connections: the weights from a group of units feeding a dense (or output) layer to a group of that
 * layer's units are set to zero, in a copy of the network (the original is never modified). The inputs of a dense
 * layer are the previous layer's units, flattened in (channel, y, x) order when it is spatial.
 */
public final class ConnectionLesion {

	private ConnectionLesion() {}

	/**
	 * A copy of {@code network} with the connections {@code from} (inputs of {@code layer}) → {@code to} (units of
	 * {@code layer}) removed.
	 */
	public static Network apply(final Network network, final String layer, final int[] from, final int[] to) {
		final LayerInfo info = network.layer(layer);
		if (info.isSpatial() || network.dl4jLayer(info.index()).getParam("W") == null || network.dl4jLayer(info.index())
			.getParam("W").rank() != 2) throw InSilicoException.badParameter("layer", layer,
				"connections can be lesioned in dense layers; this one is " + info.kind());
		if (from.length == 0 || to.length == 0) throw InSilicoException.badParameter(from.length == 0 ? "from units"
			: "to units", "none", "expected at least one unit");
		final Network copy = network.copy();
		final INDArray w = copy.dl4jLayer(info.index()).getParam("W"); // [inputs, units]
		for (final int i : from)
			if (i < 0 || i >= w.size(0)) throw InSilicoException.badParameter("from unit", i, "expected 0 to " + (w.size(0) -
				1) + " (the inputs of " + layer + ")");
		for (final int j : to)
			if (j < 0 || j >= w.size(1)) throw InSilicoException.badParameter("to unit", j, "expected 0 to " + (w.size(1) -
				1) + " (the units of " + layer + ")");
		for (final int i : from)
			for (final int j : to)
				w.putScalar(i, j, 0);
		return copy;
	}
}
