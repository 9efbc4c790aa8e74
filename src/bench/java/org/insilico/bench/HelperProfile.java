package org.insilico.bench;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.insilico.model.Architectures;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * oneDNN helper against DL4J's built-in implementation, per layer kind (convolution, pooling), bare fit loop of
 * lenet; interleaved, medians. Arguments: {@code [images=4096] [repeats=5] [batches=64,256]}.
 */
public final class HelperProfile {

	public static void main(final String[] args) throws Exception {
		TrainingProfile.engineFirst();
		final int images = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
		final int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
		final TrainingProfile.RandomData random = TrainingProfile.RandomData.of(images);
		final float[] pixels = random.pixels();
		final int[] labels = random.labels();
		for (final String bs : (args.length > 2 ? args[2] : "64,256").split(",")) {
			final int batch = Integer.parseInt(bs);
			final List<INDArray[]> batches = TrainingProfile.batches(pixels, labels, batch);
			final Map<String, DoubleSupplier> v = new LinkedHashMap<>();
			for (final boolean conv : new boolean[] { true, false })
				for (final boolean pool : new boolean[] { true, false })
					v.put("train conv" + (conv ? "+" : "-") + " pool" + (pool ? "+" : "-"), () -> {
						final MultiLayerNetwork m = net(conv, pool);
						final long t = System.nanoTime();
						for (final INDArray[] b : batches)
							m.fit(b[0], b[1]);
						return images / ((System.nanoTime() - t) / 1e9);
					});
			for (final boolean conv : new boolean[] { true, false })
				v.put("infer conv" + (conv ? "+" : "-"), () -> {
					final MultiLayerNetwork m = net(conv, true);
					final long t = System.nanoTime();
					for (final INDArray[] b : batches)
						m.output(b[0]);
					return images / ((System.nanoTime() - t) / 1e9);
				});
			TrainingProfile.run("lenet" + batch, v, repeats);
		}
	}

	static MultiLayerNetwork net(final boolean convHelper, final boolean poolHelper) {
		final MultiLayerNetwork m = (MultiLayerNetwork) Architectures.create("lenet", 1, 28, 28, List.of("0", "1", "2",
			"3", "4", "5", "6", "7", "8", "9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT)).dl4j();
		try {
			for (final Layer l : m.getLayers()) {
				if (l instanceof ConvolutionLayer && !convHelper) clear(ConvolutionLayer.class, l);
				if (l instanceof SubsamplingLayer && !poolHelper) clear(SubsamplingLayer.class, l);
			}
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
		return m;
	}

	static void clear(final Class<?> c, final Object layer) throws ReflectiveOperationException {
		final Field f = c.getDeclaredField("helper");
		f.setAccessible(true);
		if (f.get(layer) == null) throw new IllegalStateException("no helper on " + layer);
		f.set(layer, null);
	}
}
