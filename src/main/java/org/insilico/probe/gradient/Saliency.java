package org.insilico.probe.gradient;

import java.util.List;

import org.insilico.model.Network;
import org.insilico.model.Target;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient image (saliency map): {@code ∂t/∂x}, how a small change of each pixel changes the target (Simonyan,
 * Vedaldi &amp; Zisserman 2014). Signed by default; {@code absolute} gives {@code |∂t/∂x|} as in the paper.
 */
public final class Saliency extends Attribution {

	private final boolean absolute;

	public Saliency(final boolean absolute) {
		this.absolute = absolute;
	}

	@Override
	public String name() {
		return absolute ? "|gradient|" : "gradient";
	}

	@Override
	protected float[] attributeBatch(final Network network, final INDArray x, final List<Target> targets) {
		return attributeBatchWithValues(network, x, targets).map();
	}

	@Override
	protected Batch attributeBatchWithValues(final Network network, final INDArray x, final List<Target> targets) {
		final Network.GradientAndValues gv = network.gradientAndValues(x, targets);
		final float[] g = floats(gv.gradient());
		if (absolute) for (int i = 0; i < g.length; i++)
			g[i] = Math.abs(g[i]);
		return new Batch(g, gv.values());
	}
}
