package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Network#gradient} against central finite differences of {@link Network#targetValues}, in double precision,
 * for a target at every layer kind of both presets (convolution, max pooling, dense, output logit and probability,
 * channel means and directions).
 */
class GradientFiniteDifferenceTest {

	static final int SIZE = 28;
	static final double H = 1e-6;

	static Stream<Arguments> targets() {
		final Network lenet = TestNetworks.preset("lenet", SIZE, DataType.DOUBLE, 7);
		final Network mlp = TestNetworks.preset("mlp", SIZE, DataType.DOUBLE, 8);
		final List<Arguments> a = new ArrayList<>();
		for (final String t : List.of("conv1:unit:max", "conv1:channel:5", "pool1:unit:1,4,7", "conv2:channel:9",
			"conv2:unit:max", "pool2:channel:max", "dense1:unit:max", "output:class:3", "output:probability:seven"))
			a.add(Arguments.of(lenet, t));
		for (final String t : List.of("dense1:unit:max", "dense2:unit:5", "output:class:nine", "output:probability:0"))
			a.add(Arguments.of(mlp, t));
		a.add(Arguments.of(lenet, "dense1:direction:(sin)"));
		final Network graph = TestNetworks.lenetGraph(SIZE, DataType.DOUBLE, 9);
		for (final String t : List.of("conv1:channel:max", "pool2:unit:max", "dense1:unit:max", "output:probability:2"))
			a.add(Arguments.of(graph, t));
		return a.stream();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("targets")
	void gradientMatchesCentralDifferences(final Network network, final String spec) {
		final int n = 2;
		final INDArray x = TestNetworks.randomImages(n, SIZE, DataType.DOUBLE, 11);
		final Target target = resolve(network, spec, x);
		final double[] g = network.gradient(x, target).data().asDouble();
		final int pixels = SIZE * SIZE;
		// a seeded sample of pixels, plus the pixels with the largest gradient (where errors would show most)
		final java.util.TreeSet<Integer> chosen = new java.util.TreeSet<>();
		final java.util.Random r = new java.util.Random(3);
		while (chosen.size() < SAMPLE)
			chosen.add(r.nextInt(pixels));
		final int[] sample = chosen.stream().mapToInt(Integer::intValue).toArray();
		final int m = sample.length;
		double maxRel = 0, maxAbs = 0;
		for (int img = 0; img < n; img++) {
			// all perturbations of one image in one batch: +h for each sampled pixel, then -h
			final INDArray xi = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(img)).reshape(1, 1, SIZE, SIZE);
			final INDArray flat = Nd4j.tile(xi, 2 * m, 1, 1, 1).reshape('c', 2 * m, pixels);
			for (int k = 0; k < m; k++) {
				final int p = sample[k];
				flat.putScalar(k, p, flat.getDouble(k, p) + H);
				flat.putScalar(m + k, p, flat.getDouble(m + k, p) - H);
			}
			final double[] t = network.targetValues(flat.reshape('c', 2 * m, 1, SIZE, SIZE), target).data()
				.asDouble();
			for (int k = 0; k < m; k++) {
				final double fd = (t[k] - t[m + k]) / (2 * H);
				final double an = g[img * pixels + sample[k]];
				final double abs = Math.abs(fd - an);
				maxAbs = Math.max(maxAbs, abs);
				final double scale = Math.max(Math.abs(fd), Math.abs(an));
				if (scale > 1e-6) maxRel = Math.max(maxRel, abs / scale);
			}
		}
		assertTrue(maxRel <= 1e-3, spec + ": max relative error " + maxRel + " (max abs " + maxAbs + ")");
		double norm = 0;
		for (final double v : g)
			norm += v * v;
		assertTrue(norm > 0, spec + ": the gradient must not vanish everywhere");
	}

	static final int SAMPLE = 200;

	/** Parses the spec; {@code layer:unit:max} and {@code layer:channel:max} pick the most active on image 0. */
	private static Target resolve(final Network network, final String spec, final INDArray x) {
		if (spec.contains("(")) return directionOf(network);
		if (!spec.endsWith(":max")) return Target.parse(spec, network);
		final String[] p = spec.split(":");
		final LayerInfo info = network.layer(p[0]);
		final INDArray a = network.activations(x, info.index()).reshape('c', x.size(0), info.units());
		final INDArray row = a.getRow(0);
		if (p[1].equals("unit")) return Target.unit(network, p[0], row.argMax().getInt(0));
		final long hw = info.shape()[1] * info.shape()[2];
		return Target.channel(network, p[0], (int) (row.argMax().getLong(0) / hw));
	}

	private static Target directionOf(final Network network) {
		final double[] w = new double[64];
		for (int i = 0; i < w.length; i++)
			w[i] = Math.sin(i);
		return Target.direction(network, "dense1", w);
	}

	@ParameterizedTest(name = "{0} batched equals one by one")
	@MethodSource("targets")
	void batchedEqualsOneByOne(final Network network, final String spec) {
		final INDArray x = TestNetworks.randomImages(3, SIZE, DataType.DOUBLE, 5);
		final Target target = resolve(network, spec, x);
		final double[] all = network.gradient(x, target).data().asDouble();
		final int pixels = SIZE * SIZE;
		for (int i = 0; i < 3; i++) {
			final INDArray xi = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).reshape(1, 1, SIZE, SIZE).dup();
			final double[] one = network.gradient(xi, target).data().asDouble();
			final double[] part = java.util.Arrays.copyOfRange(all, i * pixels, (i + 1) * pixels);
			assertArrayEquals(part, one, 1e-12, spec);
		}
	}

	/**
	 * The float network (where DL4J's oneDNN helpers run convolution and pooling) gives the gradients of the same
	 * network in double (the built-in path, checked against finite differences above).
	 */
	@org.junit.jupiter.api.Test
	void floatPathAgreesWithDoublePath() {
		final Network f = TestNetworks.preset("lenet", SIZE, DataType.FLOAT, 7);
		final Network d = f.withDataType(DataType.DOUBLE);
		final INDArray x = TestNetworks.randomImages(4, SIZE, DataType.DOUBLE, 12);
		for (final String spec : List.of("conv1:channel:1", "pool2:channel:3", "output:class:2", "output:probability:5")) {
			final double[] gd = d.gradient(x, Target.parse(spec, d)).data().asDouble();
			final double[] gf = f.gradient(x.castTo(DataType.FLOAT), Target.parse(spec, f)).castTo(DataType.DOUBLE)
				.data().asDouble();
			double maxAbs = 0, scale = 0;
			for (int i = 0; i < gd.length; i++) {
				maxAbs = Math.max(maxAbs, Math.abs(gd[i] - gf[i]));
				scale = Math.max(scale, Math.abs(gd[i]));
			}
			assertTrue(scale > 0 && maxAbs <= 1e-4 * scale, spec + ": float vs double max difference " + maxAbs +
				" at gradient scale " + scale);
		}
	}
}
