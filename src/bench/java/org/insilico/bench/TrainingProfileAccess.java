package org.insilico.bench;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/** TrainingProfile's random batches for the probes in other packages. */
public final class TrainingProfileAccess {
	public static List<INDArray[]> batches(final int images, final int batch) {
		final TrainingProfile.RandomData r = TrainingProfile.RandomData.of(images);
		return TrainingProfile.batches(r.pixels(), r.labels(), batch);
	}
}
