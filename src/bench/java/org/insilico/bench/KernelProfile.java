package org.insilico.bench;

import java.util.ArrayList;
import java.util.List;

import org.insilico.model.Architectures;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/** Prototype: the input gradient of conv2 channels through ND4J ops directly (profiling main, not the harness). */
public final class KernelProfile {

	static INDArray op(final String name, final INDArray[] in, final int[] iargs, final INDArray out) {
		final DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name).addInputs(in).addIntegerArguments(iargs);
		if (out != null) b.addOutputs(out);
		final DynamicCustomOp o = b.build();
		Nd4j.exec(o);
		return o.getOutputArgument(0);
	}

	static final int[] CONV = { 5, 5, 1, 1, 0, 0, 1, 1, 0, 0, 1 };
	static final int[] POOL = { 2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0 };

	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final Network net = Architectures.create("lenet", 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
			"9"), new Architectures.Hyper(new org.nd4j.linalg.learning.config.Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final INDArray w1 = net.dl4jLayer(0).getParam("W"), b1 = net.dl4jLayer(0).getParam("b");
		final INDArray w2 = net.dl4jLayer(2).getParam("W"), b2 = net.dl4jLayer(2).getParam("b");
		System.out.println("W1 " + java.util.Arrays.toString(w1.shape()) + " b1 " + java.util.Arrays.toString(b1.shape()));
		{
			final int n = 512;
			final INDArray xn = Nd4j.rand(DataType.FLOAT, n, 28, 28, 1);
			final INDArray pn = Nd4j.rand(DataType.FLOAT, n, 12, 12, 8);
			final int[] nhwc = { 5, 5, 1, 1, 0, 0, 1, 1, 0, 1, 1 };
			final int[] nhwc2 = { 5, 5, 1, 1, 0, 0, 1, 1, 0, 1, 2 };
			final INDArray w1b = w1.permute(0, 2, 3, 1).dup('c'), w2b = w2.permute(0, 2, 3, 1).dup('c');
			final INDArray e1 = Nd4j.rand(DataType.FLOAT, n, 24, 24, 8), e2 = Nd4j.rand(DataType.FLOAT, n, 8, 8, 16);
			for (int r = 0; r < 3; r++) {
				AnalysisProfile.time("nhwc conv1 w1", 10, () -> op("conv2d", new INDArray[] { xn, w1, b1.reshape(-1) }, nhwc, null));
				AnalysisProfile.time("nhwc conv1 w2", 10, () -> op("conv2d", new INDArray[] { xn, w1b, b1.reshape(-1) }, nhwc2, null));
				AnalysisProfile.time("nhwc conv2 w1", 10, () -> op("conv2d", new INDArray[] { pn, w2, b2.reshape(-1) }, nhwc, null));
				AnalysisProfile.time("nhwc conv2 w2", 10, () -> op("conv2d", new INDArray[] { pn, w2b, b2.reshape(-1) }, nhwc2, null));
				AnalysisProfile.time("nhwc deconv1", 10, () -> op("deconv2d", new INDArray[] { e1, w1 }, nhwc, null));
				AnalysisProfile.time("nhwc deconv2", 10, () -> op("deconv2d", new INDArray[] { e2, w2 }, nhwc, null));
			}
		}
		for (final int n : new int[] { 512 }) {
			final INDArray x = Nd4j.rand(DataType.FLOAT, n, 1, 28, 28);
			final List<Target> chans = new ArrayList<>();
			for (int c = 0; c < n; c++)
				chans.add(Target.channel(net, "conv2", c % 16));
			final INDArray wts = Nd4j.create(DataType.FLOAT, n, 16, 8, 8);
			for (int c = 0; c < n; c++)
				wts.get(org.nd4j.linalg.indexing.NDArrayIndex.point(c), org.nd4j.linalg.indexing.NDArrayIndex.point(c % 16))
					.assign(1.0 / 64);
			final Runnable fast = () -> {
				final INDArray c1 = op("conv2d", new INDArray[] { x, w1, b1.reshape(-1) }, CONV, null);
				final INDArray r1 = Nd4j.nn().relu(c1, 0);
				final INDArray p1 = op("maxpool2d", new INDArray[] { r1 }, POOL, null);
				final INDArray c2 = op("conv2d", new INDArray[] { p1, w2, b2.reshape(-1) }, CONV, null);
				// backward
				final INDArray e2 = wts.mul(c2.gt(0).castTo(DataType.FLOAT));
				final INDArray ep1 = op("deconv2d", new INDArray[] { e2, w2 }, CONV, null);
				final INDArray er1 = op("maxpool2d_bp", new INDArray[] { r1, ep1 }, POOL, null);
				final INDArray ec1 = er1.muli(c1.gt(0).castTo(DataType.FLOAT));
				op("deconv2d", new INDArray[] { ec1, w1 }, CONV, null);
			};
			final INDArray ref = net.gradient(x, chans);
			final INDArray c1 = op("conv2d", new INDArray[] { x, w1, b1.reshape(-1) }, CONV, null);
			final INDArray r1 = Nd4j.nn().relu(c1, 0);
			final INDArray p1 = op("maxpool2d", new INDArray[] { r1 }, POOL, null);
			final INDArray c2 = op("conv2d", new INDArray[] { p1, w2, b2.reshape(-1) }, CONV, null);
			System.out.println("conv2 fwd max diff " + c2.sub(net.activations(x, 2)).amaxNumber());
			final INDArray e2 = wts.mul(c2.gt(0).castTo(DataType.FLOAT));
			final INDArray ep1 = op("deconv2d", new INDArray[] { e2, w2 }, CONV, null);
			final INDArray er1 = op("maxpool2d_bp", new INDArray[] { r1, ep1 }, POOL, null);
			final INDArray ec1 = er1.muli(c1.gt(0).castTo(DataType.FLOAT));
			final INDArray dx = op("deconv2d", new INDArray[] { ec1, w1 }, CONV, null);
			System.out.println("dx shape " + java.util.Arrays.toString(dx.shape()) + " max diff " + dx.sub(ref).amaxNumber() +
				" ref max " + ref.amaxNumber());
			for (int r = 0; r < 2; r++) {
				final int k = n == 16 ? 200 : 10;
				AnalysisProfile.time("  conv2d 1", k, () -> op("conv2d", new INDArray[] { x, w1, b1.reshape(-1) }, CONV, null));
				AnalysisProfile.time("  relu 1", k, () -> Nd4j.nn().relu(c1, 0));
				AnalysisProfile.time("  maxpool 1", k, () -> op("maxpool2d", new INDArray[] { r1 }, POOL, null));
				AnalysisProfile.time("  conv2d 2", k, () -> op("conv2d", new INDArray[] { p1, w2, b2.reshape(-1) }, CONV, null));
				AnalysisProfile.time("  mask 2", k, () -> wts.mul(c2.gt(0).castTo(DataType.FLOAT)));
				AnalysisProfile.time("  deconv 2", k, () -> op("deconv2d", new INDArray[] { e2, w2 }, CONV, null));
				AnalysisProfile.time("  conv2d_bp 2", k, () -> op("conv2d_bp", new INDArray[] { p1, w2, b2.reshape(-1), e2 }, CONV, null));
				AnalysisProfile.time("  maxpool_bp 1", k, () -> op("maxpool2d_bp", new INDArray[] { r1, ep1 }, POOL, null));
				AnalysisProfile.time("  mask 1", k, () -> er1.mul(c1.gt(0).castTo(DataType.FLOAT)));
				AnalysisProfile.time("  deconv 1", k, () -> op("deconv2d", new INDArray[] { ec1, w1 }, CONV, null));
				AnalysisProfile.time("  conv2d_bp 1", k, () -> op("conv2d_bp", new INDArray[] { x, w1, b1.reshape(-1), ec1 }, CONV, null));
			}
			for (int r = 0; r < 3; r++) {
				AnalysisProfile.time("dl4j gradient n=" + n, n == 16 ? 200 : 10, () -> net.gradient(x, chans));
				AnalysisProfile.time("ops gradient n=" + n, n == 16 ? 200 : 10, fast);
			}
		}
	}
}
