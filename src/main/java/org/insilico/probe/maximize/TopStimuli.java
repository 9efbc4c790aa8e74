package org.insilico.probe.maximize;

import java.util.Arrays;
import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.model.Activations;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

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

	/**
	 * @param image per objective, the index of the natural image with its highest value (lowest when minimizing)
	 * @param value per objective, that value {@code o(x)}
	 */
	public record Best(int[] image, double[] value) {}

	/**
	 * The best natural stimulus of each objective: its value {@code o(x) = Σ w_k t_k(x)} at every image of the
	 * dataset, read exactly as activation maximization reads it (class targets on the logits, channels as their
	 * spatial mean), and the image where it is highest (lowest when {@code minimize}); ties by image order. The
	 * yardstick of a synthesized image: how far beyond natural images it drives the objective.
	 */
	public static Best best(final Network network, final Dataset data, final List<Objective> objectives,
		final boolean minimize, final Progress progress)
	{
		if (data.size() < 1) throw InSilicoException.badParameter("images", "none", "expected at least one image");
		network.checkImageSize(data.width(), data.height(), "images");
		final int n = data.size(), m = objectives.size();
		final int[] image = new int[m];
		final double[] value = new double[m];
		Arrays.fill(value, Double.NaN);
		int top = 0;
		for (final Objective o : objectives)
			for (final Target t : o.targets())
				top = Math.max(top, t.layerIndex());
		final int batch = Math.max(1, network.batchSize(top));
		for (int from = 0; from < n; from += batch) {
			progress.checkCanceled("best natural stimuli");
			final int to = Math.min(n, from + batch);
			final INDArray x = network.toInput(data.pixels(from, to));
			for (int j = 0; j < m; j++) {
				final Objective o = objectives.get(j);
				final double[] v = new double[to - from];
				for (int k = 0; k < o.targets().size(); k++) {
					final double[] t = network.targetValues(x, o.targets().get(k)).castTo(DataType.DOUBLE).data()
						.asDouble();
					for (int i = 0; i < v.length; i++)
						v[i] += o.weights()[k] * t[i];
				}
				for (int i = 0; i < v.length; i++)
					if (Double.isNaN(value[j]) || (minimize ? v[i] < value[j] : v[i] > value[j])) {
						value[j] = v[i];
						image[j] = from + i;
					}
			}
			progress.report("best natural stimuli", to, n);
		}
		return new Best(image, value);
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
