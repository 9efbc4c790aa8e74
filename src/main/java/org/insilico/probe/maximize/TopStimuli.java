package org.insilico.probe.maximize;

import java.util.Arrays;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.model.Activations;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;

/**
 * The natural stimuli that drive each unit most and least: for every unit (channel, by its spatial mean) of a layer,
 * the k images of a dataset with the highest and the lowest activation (ties by image order).
 */
public final class TopStimuli {

	private TopStimuli() {}

	/**
	 * @param top per unit, the indices of the k images driving it most, strongest first
	 * @param bottom per unit, the k images driving it least, weakest first
	 * @param activation per unit and image, the activation used for ranking [unit][image]
	 */
	public record Result(String layer, int[][] top, int[][] bottom, float[][] activation) {

		/** The unit's best natural stimulus's activation. */
		public float best(final int unit) {
			return activation[unit][top[unit][0]];
		}
	}

	public static Result find(final Network network, final Dataset data, final String layer, final int k,
		final Progress progress)
	{
		if (k < 1 || k > data.size()) throw InSilicoException.badParameter("k", k, "expected 1 to the number of images (" +
			data.size() + ")");
		final LayerInfo info = network.layer(layer);
		final Activations a = network.activations(data, layer, progress);
		final int units = (int) (info.isSpatial() ? info.channels() : info.units()), per = a.units() / units;
		final float[][] act = new float[units][data.size()];
		for (int i = 0; i < data.size(); i++)
			for (int u = 0; u < units; u++) {
				double s = 0;
				for (int j = u * per; j < (u + 1) * per; j++)
					s += a.values()[i * a.units() + j];
				act[u][i] = (float) (s / per);
			}
		final int[][] top = new int[units][], bottom = new int[units][];
		for (int u = 0; u < units; u++) {
			final float[] v = act[u];
			final Integer[] order = new Integer[v.length];
			for (int i = 0; i < order.length; i++)
				order[i] = i;
			Arrays.sort(order, (p, q) -> v[p] != v[q] ? Float.compare(v[q], v[p]) : Integer.compare(p, q));
			top[u] = new int[k];
			bottom[u] = new int[k];
			for (int j = 0; j < k; j++) {
				top[u][j] = order[j];
				bottom[u][j] = order[order.length - 1 - j];
			}
		}
		return new Result(info.name(), top, bottom, act);
	}
}
