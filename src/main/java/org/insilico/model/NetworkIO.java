package org.insilico.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.CRC32;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.insilico.AtomicFiles;
import org.insilico.InSilicoException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Saves and loads a {@link Network} (a MultiLayerNetwork or a chain-shaped ComputationGraph) as one {@code .zip}: DL4J's own {@code configuration.json} and
 * {@code coefficients.bin} (so DL4J's {@code ModelSerializer} reads it too) and our {@code insilico.json} (input
 * shape, class names, layer names, architecture). Exports weights to NumPy {@code .npz}. Writes are atomic; loading
 * checks the archive (entries, checksums, sizes) before building anything, so a damaged or foreign file gives a
 * message, never a crash.
 */
public final class NetworkIO {

	private NetworkIO() {}

	static final String METADATA = "insilico.json";
	static final String FORMAT = "insilico-network";
	static final int VERSION = 1;
	private static final ObjectMapper JSON = new ObjectMapper();

	/** Writes the network to {@code file} atomically. */
	public static void save(final Network network, final Path file) {
		final Model model = network.dl4j();
		final String configuration = model instanceof MultiLayerNetwork net ? net.getLayerWiseConfigurations().toJson()
			: ((ComputationGraph) model).getConfiguration().toJson();
		AtomicFiles.write(file, out -> {
			final ZipOutputStream zip = new ZipOutputStream(out);
			zip.putNextEntry(new ZipEntry(ModelSerializer.CONFIGURATION_JSON));
			zip.write(configuration.getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry(ModelSerializer.COEFFICIENTS_BIN));
			final DataOutputStream data = new DataOutputStream(zip);
			Nd4j.write(model.params(), data);
			data.flush();
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry(METADATA));
			zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata(network)));
			zip.closeEntry();
			zip.finish();
		});
	}

	private static ObjectNode metadata(final Network network) {
		final ObjectNode m = JSON.createObjectNode();
		m.put("format", FORMAT);
		m.put("version", VERSION);
		m.put("architecture", network.architecture());
		final ObjectNode input = m.putObject("input");
		input.put("channels", network.channels());
		input.put("height", network.height());
		input.put("width", network.width());
		final ArrayNode classes = m.putArray("classes");
		network.classNames().forEach(classes::add);
		final ArrayNode layers = m.putArray("layers");
		network.layerNames().forEach(layers::add);
		m.put("parameters", network.parameterCount());
		m.put("dataType", network.dataType().name());
		m.put("dl4j", network.dl4j() instanceof ComputationGraph ? "ComputationGraph" : "MultiLayerNetwork");
		return m;
	}

	/**
	 * Reads a network written by {@link #save}.
	 *
	 * @throws InSilicoException naming the file when it is missing, not a zip, truncated, damaged, or not an In
	 *           Silico network
	 */
	public static Network load(final Path file) {
		Engine.ensure();
		if (!Files.isRegularFile(file)) throw InSilicoException.badParameter("network file", file.toString(),
			"no such file; expected a .zip saved by In Silico");
		final Map<String, byte[]> entries = readZip(file);
		final byte[] meta = entries.get(METADATA);
		if (meta == null) throw new InSilicoException("network file '" + file + "' is a zip but not an In Silico " +
			"network: it has no " + METADATA + (entries.containsKey(ModelSerializer.CONFIGURATION_JSON)
				? " (it looks like a plain DL4J model; In Silico needs its input shape and class names)" : "") +
			"; entries: " + entries.keySet());
		for (final String needed : List.of(ModelSerializer.CONFIGURATION_JSON, ModelSerializer.COEFFICIENTS_BIN))
			if (!entries.containsKey(needed)) throw new InSilicoException("network file '" + file +
				"' is damaged: it has no " + needed);
		try {
			final JsonNode m = JSON.readTree(meta);
			if (!FORMAT.equals(m.path("format").asText())) throw new InSilicoException("network file '" + file +
				"': " + METADATA + " does not describe an In Silico network");
			if (m.path("version").asInt() > VERSION) throw new InSilicoException("network file '" + file +
				"' was written by a newer In Silico (format version " + m.path("version").asInt() +
				"); this one reads version " + VERSION);
			final JsonNode input = m.path("input");
			final int c = input.path("channels").asInt(), h = input.path("height").asInt(), w = input.path("width")
				.asInt();
			final List<String> classes = new ArrayList<>();
			m.path("classes").forEach(n -> classes.add(n.asText()));
			if (c < 1 || h < 1 || w < 1 || classes.size() < 2) throw new InSilicoException("network file '" + file +
				"': " + METADATA + " has no valid input shape or class list");
			final String json = new String(entries.get(ModelSerializer.CONFIGURATION_JSON), StandardCharsets.UTF_8);
			final boolean graph = "ComputationGraph".equals(m.path("dl4j").asText());
			final List<NeuralNetConfiguration> layerConfs = new ArrayList<>();
			MultiLayerConfiguration mlc = null;
			ComputationGraphConfiguration cgc = null;
			if (graph) {
				cgc = ComputationGraphConfiguration.fromJson(json);
				for (final GraphVertex v : cgc.getVertices().values())
					if (v instanceof LayerVertex lv) layerConfs.add(lv.getLayerConf());
			}
			else {
				mlc = MultiLayerConfiguration.fromJson(json);
				layerConfs.addAll(mlc.getConfs());
			}
			long expected = 0;
			for (final NeuralNetConfiguration lc : layerConfs)
				expected += lc.getLayer().initializer().numParams(lc);
			final int coefficientBytes = entries.get(ModelSerializer.COEFFICIENTS_BIN).length;
			if (coefficientBytes < expected * 4 || coefficientBytes > expected * 8 + (1 << 16))
				throw new InSilicoException("network file '" + file + "' is damaged: " + coefficientBytes +
					" bytes of coefficients for a network of " + expected + " parameters");
			final INDArray params = Nd4j.read(new DataInputStream(new ByteArrayInputStream(entries.get(
				ModelSerializer.COEFFICIENTS_BIN))));
			if (params.length() != expected) throw new InSilicoException("network file '" + file +
				"' is damaged: " + params.length() + " coefficients for a network of " + expected + " parameters");
			final Model model;
			if (graph) {
				final ComputationGraph g = new ComputationGraph(cgc);
				g.init(params.reshape(1, expected), false);
				model = g;
			}
			else {
				final MultiLayerNetwork net = new MultiLayerNetwork(mlc);
				net.init(params.reshape(1, expected), false);
				model = net;
			}
			return new Network(model, c, h, w, classes, m.path("architecture").asText("network"));
		}
		catch (final InSilicoException e) {
			throw e;
		}
		catch (final Exception | OutOfMemoryError | StackOverflowError e) {
			throw new InSilicoException("network file '" + file + "' is damaged or not an In Silico network (" + e
				.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")",
				e);
		}
	}

	/** Reads every entry, verifying checksums; at most 2 GiB in all. */
	private static Map<String, byte[]> readZip(final Path file) {
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		long total = 0;
		try (ZipFile zip = new ZipFile(file.toFile())) {
			for (final ZipEntry e : java.util.Collections.list(zip.entries())) {
				final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
				final CRC32 crc = new CRC32();
				try (InputStream in = zip.getInputStream(e)) {
					final byte[] buf = new byte[1 << 16];
					int r;
					while ((r = in.read(buf)) > 0) {
						bytes.write(buf, 0, r);
						crc.update(buf, 0, r);
						total += r;
						if (total > (2L << 30)) throw new InSilicoException("network file '" + file +
							"' unpacks to more than 2 GiB; it is not a network In Silico wrote");
					}
				}
				if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) throw new InSilicoException("network file '" +
					file + "' is damaged: the checksum of " + e.getName() + " does not match");
				entries.put(e.getName(), bytes.toByteArray());
			}
		}
		catch (final InSilicoException e) {
			throw e;
		}
		catch (final IOException | RuntimeException e) {
			throw new InSilicoException("network file '" + file + "' is not a readable zip archive (truncated or " +
				"damaged: " + firstLine(String.valueOf(e.getMessage())) + ")", e);
		}
		if (entries.isEmpty()) throw new InSilicoException("network file '" + file +
			"' is not a zip archive (or it is empty); expected a .zip saved by In Silico");
		return entries;
	}

	private static String firstLine(final String s) {
		final int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

	/**
	 * Writes every layer's weights and biases to a NumPy {@code .npz}: arrays {@code <layer>.W}, {@code <layer>.b}
	 * (convolution weights [out, in, kh, kw], dense weights [in, out]), and {@code layer_names},
	 * {@code layer_kinds}, {@code class_names}, {@code input_shape} (channels, height, width).
	 */
	public static void exportNpz(final Network network, final Path file) {
		AtomicFiles.write(file, out -> {
			try (Npz npz = new Npz(out)) {
				for (int i = 0; i < network.layers().size(); i++) {
					final String name = network.layers().get(i).name();
					final Map<String, INDArray> table = new HashMap<>(network.dl4jLayer(i).paramTable());
					for (final Map.Entry<String, INDArray> p : new java.util.TreeMap<>(table).entrySet()) {
						final INDArray a = p.getValue();
						if (a.dataType() == DataType.DOUBLE) npz.doubles(name + "." + p.getKey(), a.shape(), a.dup('c')
							.data().asDouble());
						else npz.floats(name + "." + p.getKey(), a.shape(), a.castTo(DataType.FLOAT).dup('c').data()
							.asFloat());
					}
				}
				npz.strings("layer_names", network.layerNames());
				npz.strings("layer_kinds", network.layers().stream().map(LayerInfo::kind).toList());
				npz.strings("class_names", network.classNames());
				npz.longs("input_shape", new long[] { network.channels(), network.height(), network.width() });
			}
		});
	}
}
