package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The oneDNN layer helpers are on wherever the natives have oneDNN (the Linux x86-64 build). */
class EngineTest {

	@Test
	void oneDnnHelpersRunConvolutionAndPooling() {
		final Network net = TestNetworks.preset("lenet", 28, DataType.FLOAT, 1);
		final boolean natives = org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance()
			.isUseONEDNN();
		assumeTrue(natives, "natives built without oneDNN on this platform");
		final var conv = (ConvolutionLayer) net.dl4jLayer(net.layer("conv1").index());
		final var pool = (SubsamplingLayer) net.dl4jLayer(net.layer("pool1").index());
		assertEquals("MKLDNNConvHelper", conv.getHelper() == null ? "none" : conv.getHelper().getClass()
			.getSimpleName());
		assertEquals("MKLDNNSubsamplingHelper", pool.getHelper() == null ? "none" : pool.getHelper().getClass()
			.getSimpleName());
	}
}
