package org.insilico.bench;

import java.nio.FloatBuffer;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Profiling main: ways to move floats between ND4J's native buffers and Java arrays (not the harness). */
public final class CopyProbe {
	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final int n = 1 << 18;
		final INDArray a = Nd4j.rand(DataType.FLOAT, 1, n);
		final float[] f = new float[n];
		final FloatBuffer b = a.data().asNioFloat();
		System.out.println("order " + b.order() + " direct " + b.isDirect());
		final FloatPointer fp = (FloatPointer) a.data().addressPointer();
		for (int r = 0; r < 3; r++) {
			AnalysisProfile.time("nio bulk get", 200, () -> b.get(0, f, 0, n));
			AnalysisProfile.time("nio bulk put", 200, () -> b.put(0, f, 0, n));
			AnalysisProfile.time("pointer get", 200, () -> fp.get(f, 0, n));
			AnalysisProfile.time("pointer put", 200, () -> fp.put(f, 0, n));
			AnalysisProfile.time("nio loop get/put", 200, () -> {
				for (int i = 0; i < n; i++)
					b.put(i, b.get(i) * 0.5f + 1f);
			});
			AnalysisProfile.time("array loop", 200, () -> {
				for (int i = 0; i < n; i++)
					f[i] = f[i] * 0.5f + 1f;
			});
		}
	}
}
