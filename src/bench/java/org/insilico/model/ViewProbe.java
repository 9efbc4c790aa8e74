package org.insilico.model;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/** Profiling main: how a parameter view's buffer, offset and address relate to the flattened parameters. */
public final class ViewProbe {
	public static void main(final String[] args) {
		final Network net = Architectures.create("mlp", 1, 28, 28, List.of("0", "1"), new Architectures.Hyper(new Adam(
			1e-3), 0, 0, 42, DataType.FLOAT));
		final INDArray p = net.dl4j().params();
		System.out.println("params address " + p.data().addressPointer().address() + " offset " + p.offset() +
			" data length " + p.data().length());
		for (int l = 0; l < 3; l++) {
			final INDArray w = net.dl4jLayer(l).getParam("W");
			System.out.println("layer " + l + " W " + w.shapeInfoToString().replace('\n', ' ') + " offset " + w.offset() +
				" data length " + w.data().length() + " address " + w.data().addressPointer().address() + " delta floats " +
				(w.data().addressPointer().address() - p.data().addressPointer().address()) / 4 + " data.offset " + w.data()
					.offset() + " w[0,0] " + w.getFloat(0, 0) + " via buffer at offset " + w.data().asNioFloat().get((int) w
						.offset()));
		}
	}
}
