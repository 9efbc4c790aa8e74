package org.insilico.probe.ablation;

import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.insilico.Progress;

/**
 * The ablation map of a layer (Morcos et al. 2018; Barrett, Morcos &amp; Macke 2019, Fig. 2): each unit (channel)
 * silenced alone, and the drop in the network's accuracy, in each class's accuracy, and the rise in its loss.
 */
public final class AblationMap {

	private AblationMap() {}

	/**
	 * @param layer the layer
	 * @param classNames the classes
	 * @param intact accuracy and loss of the intact network
	 * @param ablated per unit, accuracy and loss with that unit silenced
	 */
	public record Result(String layer, List<String> classNames, AblationExperiment.Outcome intact,
		AblationExperiment.Outcome[] ablated)
	{

		public int units() {
			return ablated.length;
		}

		/** Drop in overall accuracy when unit u is silenced (positive = worse). */
		public double accuracyDrop(final int u) {
			return intact.accuracy() - ablated[u].accuracy();
		}

		/** Drop in class c's accuracy when unit u is silenced. */
		public double classAccuracyDrop(final int u, final int c) {
			return intact.classAccuracy()[c] - ablated[u].classAccuracy()[c];
		}

		/** The largest drop of any class's accuracy when unit u is silenced. */
		public double maxClassDrop(final int u) {
			double m = Double.NEGATIVE_INFINITY;
			for (int c = 0; c < classNames.size(); c++)
				if (!Double.isNaN(classAccuracyDrop(u, c))) m = Math.max(m, classAccuracyDrop(u, c));
			return m;
		}

		/** Rise of the mean cross-entropy loss when unit u is silenced. */
		public double lossIncrease(final int u) {
			return ablated[u].loss() - intact.loss();
		}

		/** Overall accuracy drop per unit (the unit's importance). */
		public double[] importance() {
			final double[] d = new double[units()];
			for (int u = 0; u < d.length; u++)
				d[u] = accuracyDrop(u);
			return d;
		}

		/** The map as an image: x = class, y = unit, value = drop of that class's accuracy. */
		public ArrayImg<FloatType, FloatArray> toImg() {
			final int k = classNames.size();
			final float[] v = new float[units() * k];
			for (int u = 0; u < units(); u++)
				for (int c = 0; c < k; c++)
					v[u * k + c] = (float) classAccuracyDrop(u, c);
			return ArrayImgs.floats(v, k, units());
		}
	}

	/** Silences each unit of the experiment's layer in turn. */
	public static Result compute(final AblationExperiment experiment, final Ablation.Mode mode, final double factor,
		final Progress progress)
	{
		final String layer = experiment.layer().name();
		final AblationExperiment.Outcome intact = experiment.evaluate(Ablation.none(layer), Progress.NONE);
		final AblationExperiment.Outcome[] ablated = new AblationExperiment.Outcome[experiment.units()];
		for (int u = 0; u < ablated.length; u++) {
			progress.checkCanceled("ablation map");
			ablated[u] = experiment.evaluate(new Ablation(layer, new int[] { u }, mode, factor), Progress.NONE);
			progress.report("ablating each unit of " + layer, u + 1, ablated.length);
		}
		return new Result(layer, experiment.classNames(), intact, ablated);
	}
}
