package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.util.ModelSerializer;
import org.insilico.InSilicoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class NetworkIOTest {

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "lenet", "mlp" })
	void roundTripGivesBitIdenticalOutputs(final String preset) {
		final Network net = TestNetworks.preset(preset, 28, DataType.FLOAT, 5);
		final Path file = dir.resolve(preset + ".zip");
		NetworkIO.save(net, file);
		final Network back = NetworkIO.load(file);
		final INDArray x = TestNetworks.randomImages(8, 28, DataType.FLOAT, 1);
		assertArrayEquals(net.output(x).data().asFloat(), back.output(x).data().asFloat(), 0f);
		assertEquals(net.layerNames(), back.layerNames());
		assertEquals(net.classNames(), back.classNames());
		assertEquals(net.layers(), back.layers());
		assertEquals(preset, back.architecture());
		assertEquals(28, back.width());
	}

	@Test
	void computationGraphsRoundTripToo() {
		final Network graph = TestNetworks.lenetGraph(28, DataType.FLOAT, 3);
		assertEquals(java.util.List.of("conv1", "pool1", "conv2", "pool2", "dense1", "output"), graph.layerNames());
		final Path file = dir.resolve("graph.zip");
		NetworkIO.save(graph, file);
		final Network back = NetworkIO.load(file);
		assertTrue(back.dl4j() instanceof org.deeplearning4j.nn.graph.ComputationGraph);
		final INDArray x = TestNetworks.randomImages(5, 28, DataType.FLOAT, 1);
		assertArrayEquals(graph.output(x).data().asFloat(), back.output(x).data().asFloat(), 0f);
		// the same weights as the multilayer preset give the same outputs
		final Network mln = TestNetworks.preset("lenet", 28, DataType.FLOAT, 3);
		((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) mln.dl4j()).setParams(graph.dl4j().params());
		assertArrayEquals(mln.output(x).data().asFloat(), graph.output(x).data().asFloat(), 1e-6f);
	}

	@Test
	void graphsThatAreNotAChainAreRefusedByName() {
		final var b = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1).graphBuilder().addInputs(
			"image");
		b.addLayer("a", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(8).build(), "image");
		b.addLayer("b", new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(8).build(), "image");
		b.addVertex("both", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "a", "b");
		b.addLayer("output", new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nOut(2).activation(
			org.nd4j.linalg.activations.Activation.SOFTMAX).build(), "both");
		b.setOutputs("output").setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(4, 4, 1));
		final var graph = new org.deeplearning4j.nn.graph.ComputationGraph(b.build());
		graph.init();
		final InSilicoException e = assertThrows(InSilicoException.class, () -> new Network(graph, 1, 4, 4,
			java.util.List.of("x", "y"), "branched"));
		assertTrue(e.getMessage().contains("'both'") || e.getMessage().contains("several inputs or outputs"), e
			.getMessage());
	}

	@Test
	void dl4jReadsOurZipToo() throws IOException {
		final Network net = TestNetworks.preset("lenet", 28, DataType.FLOAT, 5);
		final Path file = dir.resolve("n.zip");
		NetworkIO.save(net, file);
		final var plain = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
		final INDArray x = TestNetworks.randomImages(4, 28, DataType.FLOAT, 2);
		// the same probabilities (to float rounding: In Silico computes them with its own kernels, DL4J with its layers)
		assertArrayEquals(plain.output(x, false).data().asFloat(), net.output(x).data().asFloat(), 1e-6f);
	}

	@Test
	void truncatedFileGivesAClearError() throws IOException {
		final Path file = dir.resolve("n.zip");
		NetworkIO.save(TestNetworks.preset("lenet", 28, DataType.FLOAT, 5), file);
		final byte[] all = Files.readAllBytes(file);
		for (final int keep : new int[] { 10, all.length / 3, all.length / 2, all.length - 30 }) {
			final Path cut = dir.resolve("cut" + keep + ".zip");
			Files.write(cut, java.util.Arrays.copyOf(all, keep));
			final InSilicoException e = assertThrows(InSilicoException.class, () -> NetworkIO.load(cut));
			assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
		}
	}

	@Test
	void corruptedBytesGiveAClearError() throws IOException {
		final Path file = dir.resolve("n.zip");
		NetworkIO.save(TestNetworks.preset("mlp", 28, DataType.FLOAT, 5), file);
		final byte[] all = Files.readAllBytes(file);
		for (int i = all.length / 4; i < all.length / 4 + 64; i++)
			all[i] ^= 0x5a;
		Files.write(file, all);
		final InSilicoException e = assertThrows(InSilicoException.class, () -> NetworkIO.load(file));
		assertTrue(e.getMessage().contains("n.zip"), e.getMessage());
	}

	@Test
	void foreignZipAndOtherFilesAreRefusedByName() throws IOException {
		final Path foreign = dir.resolve("photos.zip");
		try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(foreign))) {
			z.putNextEntry(new ZipEntry("a.txt"));
			z.write("hello".getBytes(StandardCharsets.UTF_8));
		}
		assertTrue(assertThrows(InSilicoException.class, () -> NetworkIO.load(foreign)).getMessage().contains(
			"not an In Silico network"));
		final Path text = dir.resolve("notes.zip");
		Files.writeString(text, "not a zip at all");
		assertTrue(assertThrows(InSilicoException.class, () -> NetworkIO.load(text)).getMessage().contains(
			"notes.zip"));
		final Path missing = dir.resolve("missing.zip");
		assertTrue(assertThrows(InSilicoException.class, () -> NetworkIO.load(missing)).getMessage().contains(
			"no such file"));
	}

	@Test
	void savingOverAFileIsAtomic() throws IOException {
		final Path file = dir.resolve("n.zip");
		NetworkIO.save(TestNetworks.preset("mlp", 28, DataType.FLOAT, 5), file);
		NetworkIO.save(TestNetworks.preset("lenet", 28, DataType.FLOAT, 6), file);
		assertEquals("lenet", NetworkIO.load(file).architecture());
		try (var s = Files.list(dir)) {
			assertEquals(1, s.count(), "no temporary files left behind");
		}
	}

	/** Reads the .npz with a parser written from the NumPy format specification, not from our writer. */
	@Test
	void npzHoldsEveryLayersWeightsWithShapesAndNames() throws IOException {
		final Network net = TestNetworks.preset("lenet", 28, DataType.FLOAT, 5);
		final Path file = dir.resolve("w.npz");
		NetworkIO.exportNpz(net, file);
		final Map<String, byte[]> entries = new HashMap<>();
		try (ZipInputStream z = new ZipInputStream(Files.newInputStream(file))) {
			ZipEntry e;
			while ((e = z.getNextEntry()) != null)
				entries.put(e.getName(), z.readAllBytes());
		}
		final Pattern header = Pattern.compile("\\{'descr': '([^']+)', 'fortran_order': False, 'shape': \\(([^)]*)\\), \\}");
		for (final String layer : new String[] { "conv1", "conv2", "dense1", "output" })
			for (final String p : new String[] { "W", "b" }) {
				final byte[] bytes = entries.get(layer + "." + p + ".npy");
				assertTrue(bytes != null, layer + "." + p);
				assertEquals((byte) 0x93, bytes[0]);
				assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.ISO_8859_1));
				final int hlen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
				assertEquals(0, (10 + hlen) % 64, "data aligned to 64 bytes");
				final Matcher m = header.matcher(new String(bytes, 10, hlen, StandardCharsets.ISO_8859_1));
				assertTrue(m.find());
				assertEquals("<f4", m.group(1));
				final INDArray expected = net.dl4jLayer(net.layer(layer).index()).getParam(p);
				final long[] shape = java.util.Arrays.stream(m.group(2).split(",")).map(String::trim).filter(s -> !s
					.isEmpty()).mapToLong(Long::parseLong).toArray();
				assertArrayEquals(expected.shape(), shape);
				final float[] values = new float[(int) expected.length()];
				ByteBuffer.wrap(bytes, 10 + hlen, bytes.length - 10 - hlen).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
					.get(values);
				assertArrayEquals(expected.dup('c').data().asFloat(), values, 0f);
			}
		assertTrue(entries.containsKey("layer_names.npy") && entries.containsKey("class_names.npy") && entries
			.containsKey("input_shape.npy"));
		assertTrue(!entries.containsKey("pool1.W.npy"), "pooling layers have no weights");
		final ByteArrayOutputStream names = new ByteArrayOutputStream();
		names.write(entries.get("layer_names.npy"));
		assertTrue(new String(names.toByteArray(), StandardCharsets.ISO_8859_1).contains("'descr': '<U6'"));
	}
}
