package org.insilico.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.insilico.model.Architectures;
import org.insilico.model.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Configuration levers of the bare fit loop against the preset as built, interleaved, medians. Arguments:
 * {@code [images=4096] [repeats=5] [workloads=lenet64,lenet256,mlp64,mlp256]}.
 */
public final class LeverProfile {

	static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

	public static void main(final String[] args) throws Exception {
		TrainingProfile.engineFirst();
		final int images = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
		final int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		final TrainingProfile.RandomData random = TrainingProfile.RandomData.of(images);
		final float[] pixels = random.pixels();
		final int[] labels = random.labels();
		for (final String w : (args.length > 2 ? args[2] : "lenet64,lenet256,mlp64,mlp256").split(",")) {
			final String preset = w.replaceAll("\\d", "");
			final int batch = Integer.parseInt(w.replaceAll("\\D", ""));
			final List<INDArray[]> batches = TrainingProfile.batches(pixels, labels, batch);
			final Map<String, Function<MultiLayerConfiguration, MultiLayerNetwork>> nets = new LinkedHashMap<>();
			nets.put("as built", c -> init(c));
			if (preset.equals("lenet")) nets.put("pool helper off", c -> {
				final MultiLayerNetwork m = init(c);
				for (final Layer l : m.getLayers())
					if (l instanceof SubsamplingLayer) try {
						HelperProfile.clear(SubsamplingLayer.class, l);
					}
					catch (final ReflectiveOperationException e) {
						throw new IllegalStateException(e);
					}
				return m;
			});
			nets.put("workspaces NONE", c -> {
				c.setTrainingWorkspaceMode(WorkspaceMode.NONE);
				c.setInferenceWorkspaceMode(WorkspaceMode.NONE);
				return init(c);
			});
			nets.put("CacheMode.DEVICE", c -> {
				c.setCacheMode(CacheMode.DEVICE);
				for (int i = 0; i < c.getConfs().size(); i++)
					c.getConf(i).setCacheMode(CacheMode.DEVICE);
				return init(c);
			});
			final Map<String, DoubleSupplier> v = new LinkedHashMap<>();
			for (final Map.Entry<String, Function<MultiLayerConfiguration, MultiLayerNetwork>> e : nets.entrySet())
				v.put("train " + e.getKey(), () -> {
					final MultiLayerNetwork m = e.getValue().apply(conf(preset));
					final long t = System.nanoTime();
					for (final INDArray[] b : batches)
						m.fit(b[0], b[1]);
					return images / ((System.nanoTime() - t) / 1e9);
				});
			for (final Map.Entry<String, Function<MultiLayerConfiguration, MultiLayerNetwork>> e : nets.entrySet())
				v.put("infer " + e.getKey(), () -> {
					final MultiLayerNetwork m = e.getValue().apply(conf(preset));
					m.output(batches.get(0)[0]);
					final long t = System.nanoTime();
					for (final INDArray[] b : batches)
						m.output(b[0]);
					return images / ((System.nanoTime() - t) / 1e9);
				});
			v.put("infer Network.output", () -> {
				final Network n = new Network(init(conf(preset)), 1, 28, 28, CLASSES, preset);
				n.output(batches.get(0)[0]);
				final long t = System.nanoTime();
				for (final INDArray[] b : batches)
					n.output(b[0]);
				return images / ((System.nanoTime() - t) / 1e9);
			});
			TrainingProfile.run(w, v, repeats);
		}
	}

	static MultiLayerConfiguration conf(final String preset) {
		return Architectures.configure(preset, 1, 28, 28, 10, new Architectures.Hyper(new Adam(1e-3), 0, 0, 42,
			DataType.FLOAT));
	}

	static MultiLayerNetwork init(final MultiLayerConfiguration c) {
		final MultiLayerNetwork m = new MultiLayerNetwork(c);
		m.init();
		return m;
	}
}
