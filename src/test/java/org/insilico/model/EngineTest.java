package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The engine set-up: oneDNN convolution helpers on wherever the natives have oneDNN (the Linux x86-64 build), the
 * oneDNN max-pooling helper removed without changing training, the OpenMP wait policy set before the natives load.
 */
class EngineTest {

	private static boolean oneDnnNatives() {
		return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
	}

	@Test
	void oneDnnHelperRunsConvolutionAndDl4jRunsPooling() {
		final Network net = TestNetworks.preset("lenet", 28, DataType.FLOAT, 1);
		assumeTrue(oneDnnNatives(), "natives built without oneDNN on this platform");
		final var conv = (ConvolutionLayer) net.dl4jLayer(net.layer("conv1").index());
		final var pool = (SubsamplingLayer) net.dl4jLayer(net.layer("pool1").index());
		assertEquals("MKLDNNConvHelper", conv.getHelper() == null ? "none" : conv.getHelper().getClass()
			.getSimpleName());
		assertEquals("none", pool.getHelper() == null ? "none" : pool.getHelper().getClass().getSimpleName());
	}

	/**
	 * Removing the oneDNN max-pooling helper (Engine.tune) leaves DL4J's training unchanged: the same lenet trained for 30
	 * Adam steps with and without the helper gives the same losses and parameters. Max pooling routes each gradient
	 * to the window's maximum in both implementations; they may differ only at ties between positive values, which
	 * random continuous inputs do not produce, so the parameters agree to float rounding (measured: bit for bit).
	 */
	@Test
	void poolingWithoutTheOneDnnHelperTrainsTheSame() {
		assumeTrue(oneDnnNatives(), "natives built without oneDNN on this platform");
		final var hyper = new Architectures.Hyper(new Adam(1e-3), 0, 0, 7, DataType.FLOAT);
		final MultiLayerNetwork withHelper = new MultiLayerNetwork(Architectures.configure("lenet", 1, 28, 28, 10,
			hyper));
		withHelper.init();
		assertNotNull(((SubsamplingLayer) withHelper.getLayer(1)).getHelper(), "a raw network keeps DL4J's helper");
		// DL4J's own training path (graphs and networks the kernels do not cover train there), where the tuning acts
		System.setProperty(KernelChain.PROPERTY, "false");
		final Network tuned;
		try {
			tuned = Architectures.create("lenet", 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
				hyper);
		}
		finally {
			System.clearProperty(KernelChain.PROPERTY);
		}
		assertFalse(tuned.trainsOnKernels());
		assertEquals(withHelper.params(), ((MultiLayerNetwork) tuned.dl4j()).params());
		final Random random = new Random(3);
		for (int step = 0; step < 30; step++) {
			final float[] x = new float[32 * 784];
			for (int i = 0; i < x.length; i++)
				x[i] = random.nextFloat();
			final float[] y = new float[32 * 10];
			for (int i = 0; i < 32; i++)
				y[i * 10 + random.nextInt(10)] = 1;
			final INDArray features = Nd4j.create(x, new long[] { 32, 1, 28, 28 }, 'c');
			final INDArray labels = Nd4j.create(y, new long[] { 32, 10 }, 'c');
			withHelper.fit(features, labels);
			final double loss = tuned.fit(features, labels);
			assertEquals(withHelper.score(), loss, 1e-6 * Math.abs(loss), "loss at step " + step);
		}
		final float[] a = withHelper.params().toFloatVector(), b = tuned.dl4j().params().toFloatVector();
		float maxRel = 0;
		for (int i = 0; i < a.length; i++)
			maxRel = Math.max(maxRel, Math.abs(a[i] - b[i]) / Math.max(1e-3f, Math.abs(a[i])));
		assertEquals(0, maxRel, 1e-5, "largest relative parameter difference");
	}

	@Test
	void openMpWaitPolicyIsSetBeforeTheNativesLoad() {
		Engine.ensure();
		final String inherited = System.getenv("OMP_WAIT_POLICY");
		if (inherited != null) assertEquals("kept from the environment: " + inherited, Engine.WAIT_POLICY_OUTCOME);
		else if (System.getProperty(Engine.WAIT_POLICY) == null) {
			assumeTrue(!Engine.WAIT_POLICY_OUTCOME.startsWith("not set: "), Engine.WAIT_POLICY_OUTCOME);
			assertEquals("PASSIVE", Engine.WAIT_POLICY_OUTCOME);
			assertEquals("PASSIVE", Engine.CLibrary.INSTANCE.getenv("OMP_WAIT_POLICY"));
		}
	}
}
