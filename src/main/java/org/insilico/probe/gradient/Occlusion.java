package org.insilico.probe.gradient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Occlusion (Zeiler &amp; Fergus 2014): a square patch of {@code fill} slides over the image with {@code stride}; for
 * each position the drop of the target, {@code t(x) − t(x occluded)}, is recorded, and each pixel gets the mean drop
 * over the patch positions that cover it. Forward passes only, so it applies to any unit one can only record from.
 * Positions start at 0 and step by the stride; the last row and column of patches touches the image border.
 */
public final class Occlusion extends Attribution {

	/**
	 * @param patch side of the square patch in pixels (default 4: a stroke-sized patch at 28 × 28)
	 * @param stride step between patch positions, 1 ≤ stride ≤ patch (default 2)
	 * @param fill value painted into the patch (default 0, black)
	 */
	public record Options(int patch, int stride, double fill) {

		public static Options defaults() {
			return new Options(4, 2, 0);
		}

		public void validate() {
			if (patch < 1) throw InSilicoException.badParameter("patch", patch, "expected a patch side of 1 pixel or more");
			if (stride < 1 || stride > patch) throw InSilicoException.badParameter("stride", stride,
				"expected 1 to the patch side (" + patch + "), so that every pixel is covered");
			if (!Double.isFinite(fill)) throw InSilicoException.badParameter("fill", fill, "expected a finite value");
		}
	}

	private final Options options;

	public Occlusion(final Options options) {
		options.validate();
		this.options = options;
	}

	@Override
	public String name() {
		return "occlusion";
	}


	@Override
	protected int passesPerImage(final Network network) {
		return starts(network.width()).length * starts(network.height()).length + 1;
	}

	@Override
	protected Attribution prepare(final Network network, final float[] pixels) {
		if (options.patch() > Math.min(network.width(), network.height())) throw InSilicoException.badParameter("patch",
			options.patch(), "larger than the " + network.width() + "x" + network.height() +
				" image; expected at most " + Math.min(network.width(), network.height()));
		return this;
	}

	int[] starts(final int size) {
		final List<Integer> s = new ArrayList<>();
		for (int p = 0; p + options.patch() <= size; p += options.stride())
			s.add(p);
		if (s.get(s.size() - 1) + options.patch() < size) s.add(size - options.patch());
		return s.stream().mapToInt(Integer::intValue).toArray();
	}

	@Override
	protected float[] attributeBatch(final Network network, final INDArray x, final List<Target> targets) {
		final int b = (int) x.size(0), w = network.width(), h = network.height(), per = w * h;
		final int[] xs = starts(w), ys = starts(h);
		final int windows = xs.length * ys.length, k = options.patch();
		final float[] pixels = floats(x);
		final float[] out = new float[b * per];
		final float[] covered = new float[per];
		for (final int y0 : ys)
			for (final int x0 : xs)
				for (int y = y0; y < y0 + k; y++)
					for (int xx = x0; xx < x0 + k; xx++)
						covered[y * w + xx]++;
		final double[] full = network.targetValues(x, targets).castTo(DataType.DOUBLE).data().asDouble();
		for (int i = 0; i < b; i++) {
			final float[] occluded = new float[windows * per];
			int window = 0;
			for (final int y0 : ys)
				for (final int x0 : xs) {
					System.arraycopy(pixels, i * per, occluded, window * per, per);
					for (int y = y0; y < y0 + k; y++)
						Arrays.fill(occluded, window * per + y * w + x0, window * per + y * w + x0 + k, (float) options.fill());
					window++;
				}
			final double[] t = network.targetValues(network.toInput(occluded), java.util.Collections.nCopies(windows,
				targets.get(i))).castTo(DataType.DOUBLE).data().asDouble();
			window = 0;
			for (final int y0 : ys)
				for (final int x0 : xs) {
					final float drop = (float) (full[i] - t[window++]);
					for (int y = y0; y < y0 + k; y++)
						for (int xx = x0; xx < x0 + k; xx++)
							out[i * per + y * w + xx] += drop / covered[y * w + xx];
				}
		}
		return out;
	}
}
