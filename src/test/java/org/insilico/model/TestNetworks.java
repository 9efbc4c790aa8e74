package org.insilico.model;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Untrained preset networks and random inputs for tests, all from fixed seeds. */
public final class TestNetworks {

	private TestNetworks() {}

	public static final List<String> DIGIT_CLASSES = List.of("zero", "one", "two", "three", "four", "five", "six",
		"seven", "eight", "nine");

	public static Network preset(final String preset, final int size, final DataType type, final long seed) {
		return Architectures.create(preset, 1, size, size, DIGIT_CLASSES, new Architectures.Hyper(new Adam(1e-3), 0, 0,
			seed, type));
	}

	/**
	 * The lenet preset built as a DL4J ComputationGraph (a chain of layer vertices), to check that graphs are probed
	 * like multilayer networks.
	 */
	public static Network lenetGraph(final int size, final DataType type, final long seed) {
		final var conf = Architectures.configure("lenet", 1, size, size, 10, new Architectures.Hyper(new Adam(1e-3), 0, 0,
			seed, type));
		final var b = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(seed).dataType(type).updater(
			new Adam(1e-3)).graphBuilder().addInputs("image");
		String previous = "image";
		for (final var layerConf : conf.getConfs()) {
			final var layer = layerConf.getLayer().clone();
			b.addLayer(layer.getLayerName(), layer, previous);
			previous = layer.getLayerName();
		}
		b.setOutputs(previous).setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(size, size, 1));
		final var graph = new org.deeplearning4j.nn.graph.ComputationGraph(b.build());
		graph.init();
		return new Network(graph, 1, size, size, DIGIT_CLASSES, "lenet-graph");
	}

	/** Images [n, 1, size, size] with pixels uniform in [0, 1). */
	public static INDArray randomImages(final int n, final int size, final DataType type, final long seed) {
		final Random r = new Random(seed);
		final double[] v = new double[n * size * size];
		for (int i = 0; i < v.length; i++)
			v[i] = r.nextDouble();
		return Nd4j.create(v, new long[] { n, 1, size, size }, 'c').castTo(type);
	}
}
