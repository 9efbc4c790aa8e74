package org.insilico.model;

import java.util.List;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/** Profiling main: one update step of KernelUpdater against DL4J's updater on a preset (not the harness). */
public final class UpdaterProbe {
	public static void main(final String[] args) {
		final String preset = args.length > 0 ? args[0] : "mlp";
		final Network net = Architectures.create(preset, 1, 28, 28, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8",
			"9"), new Architectures.Hyper(new Adam(1e-3), 0, 0, 42, DataType.FLOAT));
		final MultiLayerNetwork m = (MultiLayerNetwork) net.dl4j();
		m.getFlattenedGradients().assign(1e-3);
		final KernelUpdater k = KernelUpdater.of(m);
		System.out.println("params " + m.numParams() + " kernel updater " + (k != null));
		final LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
		for (int r = 0; r < 4; r++) {
			time("kernel updater", 300, () -> k.step(m, 5, 0, 64));
			time("dl4j updater", 300, () -> {
				m.getUpdater().update(m, new DefaultGradient(m.getFlattenedGradients()), 5, 0, 64, ws);
				m.params().subi(m.getFlattenedGradients().reshape(m.params().shape()));
			});
		}
	}

	static void time(final String what, final int n, final Runnable r) {
		for (int i = 0; i < 20; i++)
			r.run();
		final long t = System.nanoTime();
		for (int i = 0; i < n; i++)
			r.run();
		System.out.printf("%-20s %8.3f ms%n", what, (System.nanoTime() - t) / 1e6 / n);
	}
}
