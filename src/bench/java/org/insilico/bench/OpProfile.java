package org.insilico.bench;

import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.insilico.model.Architectures;
import org.insilico.model.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.profiler.OpProfiler;

/**
 * Counts and times the ND4J ops of training steps of a preset (ND4J's OpProfiler; its dashboard is logged, so run
 * with an SLF4J binding such as slf4j-simple on the class path). Arguments: {@code preset batch steps [infer]}.
 */
public final class OpProfile {

	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final String preset = args.length > 0 ? args[0] : "lenet";
		final int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
		final int steps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
		final boolean infer = args.length > 3 && args[3].equals("infer");
		final TrainingProfile.RandomData random = TrainingProfile.RandomData.of(batch);
		final float[] pixels = random.pixels();
		final int[] labels = random.labels();
		final List<INDArray[]> b = TrainingProfile.batches(pixels, labels, batch);
		final Network net = Architectures.create(preset, 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7",
			"8", "9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final MultiLayerNetwork m = (MultiLayerNetwork) net.dl4j();
		for (int i = 0; i < 20; i++)
			if (infer) m.output(b.get(0)[0]);
			else m.fit(b.get(0)[0], b.get(0)[1]);
		Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.OPERATIONS);
		OpProfiler.getInstance().reset();
		final long t = System.nanoTime();
		for (int i = 0; i < steps; i++)
			if (infer) m.output(b.get(0)[0]);
			else m.fit(b.get(0)[0], b.get(0)[1]);
		final double s = (System.nanoTime() - t) / 1e9;
		Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
		System.out.printf(Locale.ROOT, "%s b%d: %d steps, %.2f ms/step (profiled), %d op invocations = %.1f per step%n",
			preset, batch, steps, s * 1e3 / steps, OpProfiler.getInstance().getInvocationsCount(), OpProfiler
				.getInstance().getInvocationsCount() / (double) steps);
		OpProfiler.getInstance().printOutDashboard();
	}
}
