package org.insilico.bench;

import org.insilico.model.Architectures;
import org.insilico.model.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Profiling main: BLAS gemm on DL4J's parameter views against contiguous copies (not the harness). */
public final class GemmProbe {
	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final Network net = Architectures.create("mlp", 1, 28, 28, java.util.List.of("0", "1", "2", "3", "4", "5", "6",
			"7", "8", "9"), new Architectures.Hyper(new org.nd4j.linalg.learning.config.Adam(1e-3), 0, 0, 42,
				DataType.FLOAT));
		final INDArray w = net.dl4jLayer(0).getParam("W");
		System.out.println("W order " + w.ordering() + " view " + w.isView() + " offset " + w.offset() + " stride " + java.util.Arrays.toString(w.stride()));
		final INDArray wc = w.dup('c'), wf = w.dup('f');
		final INDArray x = Nd4j.rand(DataType.FLOAT, 64, 784), z = Nd4j.create(DataType.FLOAT, 64, 256);
		final INDArray img = Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28);
		for (int r = 0; r < 3; r++) {
			AnalysisProfile.time("gemm view", 500, () -> Nd4j.gemm(x, w, z, false, false, 1, 0));
			AnalysisProfile.time("gemm c", 500, () -> Nd4j.gemm(x, wc, z, false, false, 1, 0));
			AnalysisProfile.time("gemm f", 500, () -> Nd4j.gemm(x, wf, z, false, false, 1, 0));
			AnalysisProfile.time("mlp output b64", 500, () -> net.output(img));
		}
	}
}
