package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Running the layers above a layer from its recorded activations gives exactly what a full forward pass gives:
 * what fast ablation from cached activations relies on.
 */
class ForwardFromTest {

	@ParameterizedTest
	@ValueSource(strings = { "conv1", "pool1", "conv2", "pool2", "dense1" })
	void forwardFromCachedActivationsIsBitIdentical(final String layer) {
		final Network net = TestNetworks.preset("lenet", 28, DataType.FLOAT, 4);
		final INDArray x = TestNetworks.randomImages(7, 28, DataType.FLOAT, 8);
		final int l = net.layer(layer).index();
		final INDArray cached = net.activations(x, l);
		final int out = net.layers().size() - 1;
		assertArrayEquals(net.output(x).data().asFloat(), net.forward(cached, l, out).data().asFloat(), 0f);
		assertArrayEquals(net.logits(x, -1).data().asFloat(), net.logits(cached, l).data().asFloat(), 0f);
		// and the full pass equals DL4J's own inference
		assertArrayEquals(((org.deeplearning4j.nn.multilayer.MultiLayerNetwork) net.dl4j()).output(x, false).data().asFloat(), net.output(x).data().asFloat(), 1e-6f);
	}
}
