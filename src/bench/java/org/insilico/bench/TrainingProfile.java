package org.insilico.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.model.Architectures;
import org.insilico.model.Network;
import org.insilico.model.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Quick training/inference throughput of the presets: Trainer (what users get) against the bare
 * MultiLayerNetwork.fit loop, interleaved in one process, several repeats, medians. Not a harness: a measuring
 * tool for the levers in LEVERS.md.
 * <p>
 * Arguments: {@code [images=8192] [repeats=5] [workloads=lenet64,lenet256,mlp64,mlp256]}.
 */
public final class TrainingProfile {

	public static void main(final String[] args) {
		engineFirst();
		final int images = args.length > 0 ? Integer.parseInt(args[0]) : 8192;
		final int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		final String[] workloads = (args.length > 2 ? args[2] : "lenet64,lenet256,mlp64,mlp256").split(",");
		final RandomData random = RandomData.of(images);
		final float[] pixels = random.pixels();
		final int[] labels = random.labels();
		final List<String> classes = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
		final Dataset data = new Dataset(pixels, 28, 28, labels, classes);
		System.out.printf(Locale.ROOT, "threads: cores=%d maxThreads=%d masterThreads=%d OMP=%s%n", Runtime
			.getRuntime().availableProcessors(), Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment()
				.maxMasterThreads(), System.getenv("OMP_NUM_THREADS"));
		for (final String w : workloads) {
			final String preset = w.replaceAll("\\d", "");
			final int batch = Integer.parseInt(w.replaceAll("\\D", ""));
			final Map<String, DoubleSupplier> variants = new LinkedHashMap<>();
			// Trainer, one epoch, timing the whole call (includes the per-epoch train evaluation of 5000 images)
			variants.put("trainer", () -> {
				final Trainer.Options o = new Trainer.Options(preset, 1, batch, 1e-3, Trainer.Optimizer.ADAM, 0.9, 0, 0,
					42, 0, false, null);
				final long t = System.nanoTime();
				Trainer.train(data, null, o, Progress.NONE);
				return images / ((System.nanoTime() - t) / 1e9);
			});
			variants.put("bare-fit", () -> {
				final Network net = Architectures.create(preset, 1, 28, 28, classes, new Architectures.Hyper(new Adam(
					1e-3), 0, 0, 42, DataType.FLOAT));
				final MultiLayerNetwork m = (MultiLayerNetwork) net.dl4j();
				final List<INDArray[]> batches = batches(pixels, labels, batch);
				final long t = System.nanoTime();
				for (final INDArray[] b : batches)
					m.fit(b[0], b[1]);
				return images / ((System.nanoTime() - t) / 1e9);
			});
			variants.put("infer-output", () -> {
				final Network net = Architectures.create(preset, 1, 28, 28, classes, new Architectures.Hyper(new Adam(
					1e-3), 0, 0, 42, DataType.FLOAT));
				final List<INDArray[]> batches = batches(pixels, labels, batch);
				net.output(batches.get(0)[0]);
				final long t = System.nanoTime();
				for (final INDArray[] b : batches)
					net.output(b[0]);
				return images / ((System.nanoTime() - t) / 1e9);
			});
			variants.put("infer-mln", () -> {
				final Network net = Architectures.create(preset, 1, 28, 28, classes, new Architectures.Hyper(new Adam(
					1e-3), 0, 0, 42, DataType.FLOAT));
				final MultiLayerNetwork m = (MultiLayerNetwork) net.dl4j();
				final List<INDArray[]> batches = batches(pixels, labels, batch);
				m.output(batches.get(0)[0]);
				final long t = System.nanoTime();
				for (final INDArray[] b : batches)
					m.output(b[0]);
				return images / ((System.nanoTime() - t) / 1e9);
			});
			run(w, variants, repeats);
		}
	}

	/**
	 * Initializes In Silico's engine set-up before anything touches ND4J: its natives must load after
	 * org.insilico.model.Engine has set the OpenMP wait policy (see LEVERS.md, lever 1).
	 */
	/** Seeded uniform random 28×28 images and labels of 10 classes: the profiles' training data. */
	record RandomData(float[] pixels, int[] labels) {

		static RandomData of(final int images) {
			final Random r = new Random(0);
			final float[] pixels = new float[images * 784];
			for (int i = 0; i < pixels.length; i++)
				pixels[i] = r.nextFloat();
			final int[] labels = new int[images];
			for (int i = 0; i < images; i++)
				labels[i] = r.nextInt(10);
			return new RandomData(pixels, labels);
		}
	}

	static void engineFirst() {
		Architectures.configure("mlp", 1, 28, 28, 10, new Architectures.Hyper(new Adam(1e-3), 0, 0, 42,
			DataType.FLOAT));
	}

	static List<INDArray[]> batches(final float[] pixels, final int[] labels, final int batch) {
		final List<INDArray[]> out = new ArrayList<>();
		final int n = labels.length;
		for (int from = 0; from < n; from += batch) {
			final int to = Math.min(n, from + batch);
			final INDArray x = Nd4j.create(Arrays.copyOfRange(pixels, from * 784, to * 784), new long[] { to - from, 1,
				28, 28 }, 'c');
			final float[] y = new float[(to - from) * 10];
			for (int i = from; i < to; i++)
				y[(i - from) * 10 + labels[i]] = 1;
			out.add(new INDArray[] { x, Nd4j.create(y, new long[] { to - from, 10 }, 'c') });
		}
		return out;
	}

	/** Runs every variant once per repeat, in turn (first repeat = warm-up, dropped), and prints medians. */
	static void run(final String workload, final Map<String, DoubleSupplier> variants, final int repeats) {
		final Map<String, double[]> results = new LinkedHashMap<>();
		for (final String v : variants.keySet())
			results.put(v, new double[repeats]);
		for (final DoubleSupplier s : variants.values())
			s.getAsDouble(); // warm-up
		for (int rep = 0; rep < repeats; rep++)
			for (final Map.Entry<String, DoubleSupplier> e : variants.entrySet())
				results.get(e.getKey())[rep] = e.getValue().getAsDouble();
		double base = Double.NaN;
		for (final Map.Entry<String, double[]> e : results.entrySet()) {
			final double[] v = e.getValue().clone();
			Arrays.sort(v);
			final double med = v[v.length / 2];
			if (Double.isNaN(base)) base = med;
			System.out.printf(Locale.ROOT, "%-10s %-22s median %9.0f img/s  (min %9.0f max %9.0f)  x%.2f of first%n",
				workload, e.getKey(), med, v[0], v[v.length - 1], med / base);
		}
	}
}
