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

		// a range of recorded values copied into a tensor (Network.floatTensor, as ablations feed the layers above)
		// gives what those images' own pass gives (to float rounding: a product's last bits depend on its rows), and a
		// pass of another size in between changes nothing (the first layer's input buffer is kept between passes and
		// made again when the size changes)
		final float[] recorded = Network.values(cached);
		final int per = recorded.length / 7;
		final long[] shape = cached.shape().clone();
		shape[0] = 3;
		final INDArray three = Network.floatTensor(recorded, 2 * per, shape);
		final float[] x25 = Network.values(net.output(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5))));
		final float[] first = net.forward(three, l, out).data().asFloat();
		assertArrayEquals(x25, first, 1e-6f);
		assertArrayEquals(net.output(x).data().asFloat(), net.forward(cached, l, out).data().asFloat(), 0f);
		assertArrayEquals(first, net.forward(three, l, out).data().asFloat(), 0f);
	}

	@org.junit.jupiter.api.Test
	void floatTensorRefusesARangeOutsideTheValues() {
		final float[] v = new float[12];
		assertArrayEquals(new float[] { 4, 5, 6, 7 }, Network.floatTensor(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }, 4, 2,
			2).data().asFloat(), 0f);
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Network.floatTensor(v, 9, 2,
			2));
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Network.floatTensor(v, -1, 2,
			2));
	}
}
