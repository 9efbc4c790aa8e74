package org.insilico.probe.ablation;

import java.util.Arrays;
import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.model.Activations;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network, a labelled dataset and a layer, with the layer's activations recorded once: each ablation then changes
 * the recorded activations (one multiply-add per batch, {@code a' = a ⊙ keep + add}) and runs only the layers above,
 * instead of a full forward pass per ablation. Memory: the recorded activations (images × units floats).
 * Threading: one experiment per thread (the network serializes its calls).
 */
public final class AblationExperiment {

	private final Network network;
	private final Dataset data;
	private final LayerInfo layer;
	private final Activations recorded;
	private final float[] means;

	private AblationExperiment(final Network network, final Dataset data, final LayerInfo layer,
		final Activations recorded)
	{
		this.network = network;
		this.data = data;
		this.layer = layer;
		this.recorded = recorded;
		final int u = recorded.units(), n = recorded.count();
		means = new float[u];
		final double[] sum = new double[u];
		final float[] v = recorded.values();
		for (int i = 0; i < n; i++)
			for (int k = 0; k < u; k++)
				sum[k] += v[i * u + k];
		for (int k = 0; k < u; k++)
			means[k] = (float) (sum[k] / n);
	}

	/**
	 * Records the activations of {@code layer} for every image of {@code data}.
	 *
	 * @throws InSilicoException if the dataset's classes are not the network's, the layer is the output layer, or
	 *           the dataset is empty
	 */
	public static AblationExperiment record(final Network network, final Dataset data, final String layer,
		final Progress progress)
	{
		if (!data.classNames().equals(network.classNames())) throw InSilicoException.badParameter("dataset classes", data
			.classNames(), "expected the network's classes " + network.classNames());
		if (data.size() == 0) throw InSilicoException.badParameter("dataset", "0 images", "expected labelled images");
		final LayerInfo info = Ablation.none(layer).check(network);
		return new AblationExperiment(network, data, info, network.activations(data, layer, progress));
	}

	public Network network() {
		return network;
	}

	public Dataset data() {
		return data;
	}

	public LayerInfo layer() {
		return layer;
	}

	/** Number of ablatable units: channels of a spatial layer, units of a dense one. */
	public int units() {
		return Ablation.count(layer);
	}

	/** The recorded activations. */
	public Activations activations() {
		return recorded;
	}

	/**
	 * Accuracy and loss with and without an ablation.
	 *
	 * @param accuracy fraction of images classified correctly
	 * @param loss mean cross-entropy
	 * @param classAccuracy accuracy within each class (NaN for a class without images)
	 * @param classLoss mean cross-entropy within each class
	 */
	public record Outcome(double accuracy, double loss, double[] classAccuracy, double[] classLoss) {}

	/** The network's accuracy and loss on the dataset with {@code ablation} applied at this layer. */
	public Outcome evaluate(final Ablation ablation, final Progress progress) {
		return evaluate(ablation, false, progress);
	}

	/**
	 * The same as {@link #evaluate} computed the naive way, with a full forward pass from the images for every batch
	 * (what feature-ablation tools do): the reference for correctness and speed.
	 */
	public Outcome evaluateNaively(final Ablation ablation, final Progress progress) {
		return evaluate(ablation, true, progress);
	}

	private Outcome evaluate(final Ablation ablation, final boolean naive, final Progress progress) {
		if (!ablation.layer().equals(layer.name())) throw InSilicoException.badParameter("ablation layer", ablation
			.layer(), "this experiment recorded layer " + layer.name());
		ablation.check(network);
		final int u = recorded.units(), n = recorded.count(), per = u / units();
		final float[] keep = new float[u], add = new float[u];
		Arrays.fill(keep, 1);
		for (final int unit : ablation.units())
			for (int k = unit * per; k < (unit + 1) * per; k++) {
				keep[k] = ablation.mode() == Ablation.Mode.SCALE ? (float) ablation.factor() : 0;
				add[k] = ablation.mode() == Ablation.Mode.MEAN ? means[k] : 0;
			}
		final boolean intact = ablation.units().length == 0 || ablation.mode() == Ablation.Mode.SCALE && ablation
			.factor() == 1;
		final INDArray keepRow = Nd4j.create(keep).reshape(1, u).castTo(network.dataType());
		final INDArray addRow = Nd4j.create(add).reshape(1, u).castTo(network.dataType());
		final int k = network.classNames().size();
		final int[] correct = new int[k], count = new int[k];
		final double[] lossSum = new double[k];
		final long[] shape = new long[layer.shape().length + 1];
		System.arraycopy(layer.shape(), 0, shape, 1, layer.shape().length);
		// Ablations run in large batches (the layers above need little memory per image; larger batches amortize ND4J's
		// cost per operation: the conv2 map over 10,000 images 4.6x faster than a full pass per ablation, against 2.4x
		// with the network's own batches), all of one size (10,000 images: 2 x 5,000, not 8,192 + 1,808, so that the
		// layers' buffers are kept between batches instead of made again at each change of size). The intact network
		// keeps its own batches, so that no ablation gives exactly, bit for bit, what the network gives; batch size
		// changes float rounding in the last bits.
		final int out = network.layers().size() - 1;
		final int batch = naive || intact ? network.batchSize(out) : evenBatch(n, network.batchSize(layer.index(), out,
			8192));
		for (int from = 0; from < n; from += batch) {
			progress.checkCanceled("ablation");
			final int to = Math.min(n, from + batch);
			INDArray a = naive ? network.activations(network.toInput(data.pixels(from, to)), layer.index()).reshape('c', to -
				from, u) : Network.floatTensor(recorded.values(), from * u, to - from, u).castTo(network.dataType());
			if (!intact) a = a.muliRowVector(keepRow).addiRowVector(addRow);
			shape[0] = to - from;
			final double[] p = network.forward(a.reshape('c', shape), layer.index(), out).castTo(DataType.DOUBLE).data()
				.asDouble();
			for (int i = from; i < to; i++) {
				int best = 0;
				for (int c = 1; c < k; c++)
					if (p[(i - from) * k + c] > p[(i - from) * k + best]) best = c;
				final int label = data.label(i);
				count[label]++;
				if (best == label) correct[label]++;
				lossSum[label] -= Math.log(Math.max(1e-12, p[(i - from) * k + label]));
			}
		}
		final double[] classAccuracy = new double[k], classLoss = new double[k];
		int right = 0;
		double loss = 0;
		for (int c = 0; c < k; c++) {
			classAccuracy[c] = count[c] == 0 ? Double.NaN : correct[c] / (double) count[c];
			classLoss[c] = count[c] == 0 ? Double.NaN : lossSum[c] / count[c];
			right += correct[c];
			loss += lossSum[c];
		}
		return new Outcome(right / (double) n, loss / n, classAccuracy, classLoss);
	}

	/**
	 * The size of the fewest batches, none above {@code cap}, that cover {@code n} images in sizes as equal as batches
	 * of one size allow: ⌈n / ⌈n / cap⌉⌉ (10,000 images, cap 8,192: 5,000).
	 */
	static int evenBatch(final int n, final int cap) {
		final int batches = (n + cap - 1) / cap;
		return (n + batches - 1) / batches;
	}

	/**
	 * Each unit's mean activation within each class: [unit][class], a channel's activation being its spatial mean
	 * (NaN for a class without images).
	 */
	public double[][] classConditionalMeans() {
		final int u = recorded.units(), units = units(), per = u / units, k = network.classNames().size();
		final double[][] m = new double[units][k];
		final int[] count = new int[k];
		final float[] v = recorded.values();
		for (int i = 0; i < recorded.count(); i++) {
			final int c = data.label(i);
			count[c]++;
			for (int unit = 0; unit < units; unit++) {
				double s = 0;
				for (int j = unit * per; j < (unit + 1) * per; j++)
					s += v[i * u + j];
				m[unit][c] += s / per;
			}
		}
		for (final double[] row : m)
			for (int c = 0; c < k; c++)
				row[c] = count[c] == 0 ? Double.NaN : row[c] / count[c];
		return m;
	}

	/** The class names, for tables. */
	public List<String> classNames() {
		return network.classNames();
	}
}
