package org.insilico.probe.maximize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The closed-form check of activation maximization (Erhan et al. 2009): a first-layer convolution unit is
 * {@code w · patch + b} through a ReLU, so on the sphere ‖x‖ = c its preferred stimulus is c·w/‖w‖ on its receptive
 * field. For the unit at the centre of each channel's map, the cosine between the synthesized image on the
 * receptive field and the channel's filter; a unit silent at the start image receives no gradient and is reported as
 * inactive.
 */
public final class FilterConvergence {

	private FilterConvergence() {}

	/**
	 * @param filters per channel, the filter (kernelWidth × kernelHeight values, x fastest)
	 * @param patches per channel, the synthesized image on the centre unit's receptive field
	 * @param cosine per channel, the cosine between patch and filter
	 * @param active per channel, whether the centre unit responded to the start image
	 */
	public record Result(int kernelWidth, int kernelHeight, float[][] filters, float[][] patches, double[] cosine,
		boolean[] active)
	{

		/** The smallest cosine over the active channels (NaN if none is active). */
		public double minimumActiveCosine() {
			double m = Double.NaN;
			for (int c = 0; c < cosine.length; c++)
				if (active[c]) m = Double.isNaN(m) ? cosine[c] : Math.min(m, cosine[c]);
			return m;
		}

		public int activeCount() {
			int n = 0;
			for (final boolean a : active)
				if (a) n++;
			return n;
		}
	}

	/** Runs the check on the first layer, which must be a convolution, with the given (norm-constrained) options. */
	public static Result check(final Network network, final ActivationMaximization.Options sphere,
		final Progress progress)
	{
		final LayerInfo first = network.layers().get(0);
		final INDArray weights = network.dl4jLayer(0).getParam("W");
		if (!first.isSpatial() || weights == null || weights.rank() != 4) throw InSilicoException.badParameter("network",
			network.architecture(), "the filter check needs a first layer that is a convolution");
		final int channels = (int) first.channels(), cy = (int) first.shape()[1] / 2, cx = (int) first.shape()[2] / 2;
		final int kh = (int) weights.size(2), kw = (int) weights.size(3), w = network.width(), per = w * network.height();
		final List<Objective> centre = new ArrayList<>();
		for (int c = 0; c < channels; c++)
			centre.add(Objective.of(Target.parse(first.name() + ":unit:" + c + "," + cy + "," + cx, network)));
		final float[] start = ActivationMaximization.run(network, centre, sphere.withSteps(0), progress).images();
		final INDArray startActivation = network.activations(network.toInput(start), 0);
		final float[] images = ActivationMaximization.run(network, centre, sphere, progress).images();
		final float[][] filters = new float[channels][], patches = new float[channels][];
		final double[] cosine = new double[channels];
		final boolean[] active = new boolean[channels];
		for (int c = 0; c < channels; c++) {
			active[c] = startActivation.getDouble(c, c, cy, cx) > 0;
			final float[] x = Arrays.copyOfRange(images, c * per, (c + 1) * per);
			final INDArray f = weights.get(NDArrayIndex.point(c)).dup().reshape(kh, kw);
			filters[c] = new float[kh * kw];
			patches[c] = new float[kh * kw];
			double dot = 0, nx = 0, nf = 0;
			for (int y = 0; y < kh; y++)
				for (int xx = 0; xx < kw; xx++) {
					final double v = x[(cy + y) * w + cx + xx], fv = f.getDouble(y, xx);
					patches[c][y * kw + xx] = (float) v;
					filters[c][y * kw + xx] = (float) fv;
					dot += v * fv;
					nx += v * v;
					nf += fv * fv;
				}
			cosine[c] = nx > 0 && nf > 0 ? dot / Math.sqrt(nx * nf) : Double.NaN;
		}
		return new Result(kw, kh, filters, patches, cosine, active);
	}
}
