package org.insilico.probe.maximize;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.Target;

/**
 * Receptive-field size per layer. Empirical: the footprint of the unit at the centre of the layer's map (for a
 * spatial layer, the centre position of each channel; for a flat layer, each unit), the pixels where
 * {@code |∂unit/∂pixel|} is non-zero for at least one of several random images, measured as the side of its bounding
 * box. Theoretical: the size from the architecture, r_l = r_{l−1} + (k_l − 1)·j_{l−1}, j_l = j_{l−1}·s_l (kernel k,
 * stride s; dense layers see the whole image).
 */
public final class ReceptiveFields {

	private ReceptiveFields() {}

	/**
	 * @param layer the layer
	 * @param empirical side in pixels of the bounding box of the footprint, the largest over the layer's units
	 * @param theoretical side from the architecture (the image's larger side for dense layers)
	 * @param footprint the summed |gradient| image of the first unit measured (width × height), for display
	 */
	public record Size(String layer, int empirical, int theoretical, float[] footprint) {}

	public static List<Size> measure(final Network network, final int images, final long seed,
		final Progress progress)
	{
		InSilicoException.requireRange("images", images, 1, 10_000);
		final int w = network.width(), h = network.height(), per = w * h;
		final SplittableRandom random = new SplittableRandom(seed);
		final float[] x = new float[images * per];
		for (int i = 0; i < x.length; i++)
			x[i] = (float) random.nextDouble();
		final var input = network.toInput(x);
		final List<Size> sizes = new ArrayList<>();
		int r = 1, j = 1;
		for (final LayerInfo info : network.layers()) {
			progress.checkCanceled("receptive fields");
			final var conf = network.dl4jLayer(info.index()).conf().getLayer();
			if (conf instanceof ConvolutionLayer c) {
				r += (c.getKernelSize()[0] - 1) * j;
				j *= c.getStride()[0];
			}
			else if (conf instanceof SubsamplingLayer s) {
				r += (s.getKernelSize()[0] - 1) * j;
				j *= s.getStride()[0];
			}
			else r = Math.max(w, h);
			final int units = (int) (info.isSpatial() ? info.channels() : Math.min(info.units(), 16));
			int largest = 0;
			float[] first = null;
			for (int u = 0; u < units; u++) {
				final Target t = info.isSpatial() ? Target.unit(network, info.name(), (int) ((u * info.shape()[1] + info
					.shape()[1] / 2) * info.shape()[2] + info.shape()[2] / 2)) : info.index() == network.layers().size() - 1
						? Target.classLogit(network, u) : Target.unit(network, info.name(), u);
				final float[] g = Network.values(network.gradient(input, t));
				final float[] sum = new float[per];
				for (int i = 0; i < g.length; i++)
					sum[i % per] += Math.abs(g[i]);
				int x0 = w, x1 = -1, y0 = h, y1 = -1;
				for (int p = 0; p < per; p++)
					if (sum[p] > 0) {
						x0 = Math.min(x0, p % w);
						x1 = Math.max(x1, p % w);
						y0 = Math.min(y0, p / w);
						y1 = Math.max(y1, p / w);
					}
				final int side = x1 < 0 ? 0 : Math.max(x1 - x0 + 1, y1 - y0 + 1);
				largest = Math.max(largest, side);
				if (first == null && side > 0) first = sum;
			}
			sizes.add(new Size(info.name(), largest, Math.min(r, Math.max(w, h)), first == null ? new float[per] : first));
			progress.report("receptive fields", sizes.size(), network.layers().size());
		}
		return sizes;
	}
}
