package org.insilico.probe.gradient;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.insilico.InSilicoException;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks a network's gradients against central finite differences, {@code (t(x + h e_p) − t(x − h e_p)) / 2h}, in
 * double precision at randomly chosen pixels: the independent truth behind every gradient image.
 */
public final class GradientCheck {

	private GradientCheck() {}

	/** The step h of the central differences (in double precision). */
	public static final double STEP = 1e-6;

	/**
	 * The largest relative error {@code |g − fd| / max(|g|, |fd|)} over {@code pixelsPerImage} seeded random pixels
	 * of each image (pixels where both are below 1e-6 in magnitude are skipped as zero), with the network converted
	 * to double precision.
	 */
	public static double maxRelativeError(final Network network, final float[] pixels, final List<Target> targets,
		final int pixelsPerImage, final long seed)
	{
		final Network net = network.dataType() == DataType.DOUBLE ? network : network.withDataType(DataType.DOUBLE);
		final int per = net.width() * net.height(), n = pixels.length / per;
		if (targets.size() != n) throw InSilicoException.badParameter("targets", targets.size(),
			"expected one per image (" + n + ")");
		final INDArray x = net.toInput(pixels);
		final double[] g = net.gradient(x, targets).data().asDouble();
		final SplittableRandom random = new SplittableRandom(seed);
		final int m = Math.min(pixelsPerImage, per);
		double worst = 0;
		for (int i = 0; i < n; i++) {
			final int[] chosen = random.ints(0, per).distinct().limit(m).toArray();
			final double[] image = Arrays.copyOfRange(x.data().asDouble(), i * per, (i + 1) * per);
			final double[] batch = new double[2 * m * per];
			for (int k = 0; k < 2 * m; k++)
				System.arraycopy(image, 0, batch, k * per, per);
			for (int k = 0; k < m; k++) {
				batch[k * per + chosen[k]] += STEP;
				batch[(m + k) * per + chosen[k]] -= STEP;
			}
			final double[] t = net.targetValues(Nd4j.create(batch, new long[] { 2 * m, 1, net.height(), net.width() }, 'c'),
				java.util.Collections.nCopies(2 * m, targets.get(i))).data().asDouble();
			for (int k = 0; k < m; k++) {
				final double fd = (t[k] - t[m + k]) / (2 * STEP), an = g[i * per + chosen[k]];
				final double scale = Math.max(Math.abs(fd), Math.abs(an));
				if (scale > 1e-6) worst = Math.max(worst, Math.abs(fd - an) / scale);
			}
		}
		return worst;
	}
}
