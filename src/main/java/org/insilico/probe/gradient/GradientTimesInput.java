package org.insilico.probe.gradient;

import java.util.List;

import org.insilico.model.Network;
import org.insilico.model.Target;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient × input: {@code x ⊙ ∂t/∂x} (Shrikumar et al. 2016), the first-order contribution of each pixel relative to a
 * black image.
 */
public final class GradientTimesInput extends Attribution {

	@Override
	public String name() {
		return "gradient x input";
	}

	@Override
	protected float[] attributeBatch(final Network network, final INDArray x, final List<Target> targets) {
		return attributeBatchWithValues(network, x, targets).map();
	}

	@Override
	protected Batch attributeBatchWithValues(final Network network, final INDArray x, final List<Target> targets) {
		final Network.GradientAndValues gv = network.gradientAndValues(x, targets);
		return new Batch(floats(gv.gradient().muli(x)), gv.values());
	}
}
