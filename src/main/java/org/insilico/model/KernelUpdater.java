package org.insilico.model;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * DL4J's parameter update ({@code BaseMultiLayerUpdater.update}, then {@code params -= update}) as one pass of Java
 * loops over the network's flattened gradient, parameters and updater state: division by the batch size, the
 * optimizer (Adam, Nesterov momentum, plain SGD, with the arithmetic of libnd4j's {@code adam_updater},
 * {@code nesterovs_updater} and {@code sgd_updater}), decoupled weight decay ({@link WeightDecay}), and the step.
 * <p>
 * The updater state stays in DL4J's own array, in DL4J's layout (per updater block: Adam's m then v, Nesterov's v),
 * so a network trained here saves, copies and resumes with DL4J exactly as before. Why: libnd4j's
 * {@code adam_updater} takes its slow per-element path on DL4J's state views (their ordering differs from the
 * gradient's), which made the update cost as much as the MLP's matrix products (LEVERS.md, lever 11).
 * <p>
 * {@link #of} returns null for anything else (other optimizers, L1/L2 regularization, a network that is not a FLOAT
 * MultiLayerNetwork): such networks keep DL4J's updater. Gradient normalization never gets here: networks with it
 * train on DL4J's own path ({@link KernelChain#trainable}).
 */
final class KernelUpdater {

	private enum Kind {
		ADAM, NESTEROVS, SGD
	}

	/** One DL4J updater block: a run of parameters sharing an optimizer configuration. */
	private record Block(Kind kind, IUpdater config, int paramStart, int paramEnd, int stateStart,
		List<Segment> segments) {}

	/** One parameter of a block, [start, end) in the flattened parameters, with its weight decays (often none). */
	private record Segment(int start, int end, List<WeightDecay> decays) {}

	/** Parameters [start, end) and their weight decay factor in this step (0 for none). */
	private record Run(int start, int end, float decay) {}

	private final Updater updater;
	private final List<Block> blocks;
	private final boolean divideByBatch;

	private KernelUpdater(final Updater updater, final List<Block> blocks, final boolean divideByBatch) {
		this.updater = updater;
		this.blocks = blocks;
		this.divideByBatch = divideByBatch;
	}

	/** The update for this network, or null when it is not one this class reproduces (DL4J's updater is used then). */
	static KernelUpdater of(final MultiLayerNetwork net) {
		if (net.params().dataType() != DataType.FLOAT || !(net.getUpdater() instanceof BaseMultiLayerUpdater<?> u))
			return null;
		final List<Block> blocks = new ArrayList<>();
		for (final UpdaterBlock b : u.getUpdaterBlocks()) {
			if (b.isPretrainUpdaterBlock()) return null;
			if (b.getLayersAndVariablesInBlock().get(0).getLayer().numParams() == 0) continue;
			b.getGradientUpdater(); // DL4J initializes (zeroes) the block's state lazily, on first use
			final UpdaterBlock.ParamState first = b.getLayersAndVariablesInBlock().get(0);
			final IUpdater config = first.getLayer().getConfig().getUpdaterByParam(first.getParamName());
			final Kind kind = config instanceof Adam ? Kind.ADAM : config instanceof Nesterovs ? Kind.NESTEROVS
				: config instanceof Sgd ? Kind.SGD : null;
			if (kind == null) return null;
			final List<Segment> segments = new ArrayList<>();
			int next = b.getParamOffsetStart();
			for (final UpdaterBlock.ParamState p : b.getLayersAndVariablesInBlock()) {
				if (!p.getLayer().updaterDivideByMinibatch(p.getParamName()) || p.getParamOffsetStart() != next)
					return null;
				next = p.getParamOffsetEnd();
				final List<Regularization> regs = p.getLayer().getConfig().getRegularizationByParam(p.getParamName());
				final List<WeightDecay> decays = new ArrayList<>();
				if (regs != null) for (final Regularization r : regs) {
					if (!(r instanceof WeightDecay w)) return null;
					decays.add(w);
				}
				segments.add(new Segment(p.getParamOffsetStart(), p.getParamOffsetEnd(), List.copyOf(decays)));
			}
			if (next != b.getParamOffsetEnd()) return null;
			blocks.add(new Block(kind, config, b.getParamOffsetStart(), b.getParamOffsetEnd(), b
				.getUpdaterViewOffsetStart(), List.copyOf(segments)));
		}
		return new KernelUpdater(u, List.copyOf(blocks), net.getLayerWiseConfigurations().getConf(0).isMiniBatch());
	}

	/** Whether this still describes the network's updater (DL4J replaces it when the network is re-initialized). */
	boolean matches(final MultiLayerNetwork net) {
		return net.getUpdater() == updater;
	}

	/** Values per array in one piece of {@link #step}: four arrays of 32 KB, which stay in a core's cache. */
	private static final int PIECE = 1 << 13;

	/** Per thread, a piece of the gradient, the parameters and two state arrays. */
	private static final ThreadLocal<float[][]> PIECES = ThreadLocal.withInitial(() -> new float[4][PIECE]);

	/** An optimizer's loop over one piece: {@code count} values of each array, and the weight decay factor. */
	@FunctionalInterface
	private interface Body {
		void run(float[] g, float[] p, float[] s1, float[] s2, int count, float decay);
	}

	/**
	 * One training step on the network's flattened gradient (the batch's summed gradients): params −= update, the
	 * updater state advanced. The gradient array is left as it was.
	 */
	void step(final MultiLayerNetwork net, final int iteration, final int epoch, final int batchSize) {
		final FloatBuffer gb = buffer(net.getFlattenedGradients()), pb = buffer(net.params());
		final INDArray stateArray = updater.getStateViewArray();
		final FloatBuffer sb = stateArray == null ? null : buffer(stateArray);
		final float batch = divideByBatch ? batchSize : 1f;
		for (final Block b : blocks) {
			final double lr = b.config.getLearningRate(iteration, epoch);
			final List<Run> runs = runs(b, lr, iteration, epoch);
			switch (b.kind) {
			case ADAM -> {
				final Adam config = (Adam) b.config;
				// libnd4j's adam_updater in float: update = m·lr·√(1−β2ᵗ)/(1−β1ᵗ) / (√v + ε), t = iteration + 1
				final float rate = (float) lr, beta1 = (float) config.getBeta1(), beta2 = (float) config.getBeta2(),
					eps = (float) config.getEpsilon();
				final float beta1T = (float) Math.pow(beta1, iteration + 1f), beta2T = (float) Math.pow(beta2, iteration +
					1f);
				float epsT = rate * (float) Math.sqrt(1f - beta2T) / (1f - beta1T);
				if (Float.isNaN(epsT) || epsT == 0 || Float.isInfinite(epsT)) epsT = eps;
				final float step = epsT, oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2;
				inPieces(b, runs, gb, pb, sb, 2, (g, p, m, v, count, decay) -> {
					for (int i = 0; i < count; i++) {
						final float grad = g[i] / batch;
						final float mi = beta1 * m[i] + grad * oneMinusBeta1;
						final float vi = beta2 * v[i] + grad * grad * oneMinusBeta2;
						m[i] = mi;
						v[i] = vi;
						p[i] -= mi * step / ((float) Math.sqrt(vi) + eps) + decay * p[i];
					}
				});
			}
			case NESTEROVS -> {
				// libnd4j's nesterovs_updater in float: v' = μv − lr·g, update = μv − (1 + μ)v'
				final float mu = (float) ((Nesterovs) b.config).currentMomentum(iteration, epoch), rate = (float) lr,
					muT = -mu - 1;
				inPieces(b, runs, gb, pb, sb, 1, (g, p, v, unused, count, decay) -> {
					for (int i = 0; i < count; i++) {
						final float prev = mu * v[i], vi = prev - rate * (g[i] / batch);
						v[i] = vi;
						p[i] -= prev + muT * vi + decay * p[i];
					}
				});
			}
			case SGD -> {
				final float rate = (float) lr;
				inPieces(b, runs, gb, pb, sb, 0, (g, p, unused1, unused2, count, decay) -> {
					for (int i = 0; i < count; i++)
						p[i] -= g[i] / batch * rate + decay * p[i];
				});
			}
			}
		}
	}

	/**
	 * {@code body} over the runs' parameters, piece by piece, the pieces of each run in parallel: each piece's
	 * gradient, parameters and {@code states} state arrays (Adam's m and v, Nesterov's v, in DL4J's layout: a block's
	 * first state array from {@code stateStart}, its second one block's length after) copied from native memory into
	 * arrays of the thread, the loop, the parameters and state copied back. A piece of each array fits in a core's
	 * cache, so the copies and the loop touch memory once, on both cores (lever 43).
	 */
	private static void inPieces(final Block b, final List<Run> runs, final FloatBuffer gb, final FloatBuffer pb,
		final FloatBuffer sb, final int states, final Body body)
	{
		final int len = b.paramEnd - b.paramStart;
		for (final Run r : runs) KernelChain.parallel(r.end - r.start, k -> {
			final float[][] a = PIECES.get();
			// views of their own (buffers are not for concurrent use); absolute copies leave them as they are
			final FloatBuffer g = gb.duplicate(), p = pb.duplicate(), s = states > 0 ? sb.duplicate() : null;
			for (int at = r.start + k, to = Math.min(r.end, at + KernelChain.CHUNK); at < to; at += PIECE) {
				final int count = Math.min(PIECE, to - at), state = b.stateStart + at - b.paramStart;
				g.get(at, a[0], 0, count);
				p.get(at, a[1], 0, count);
				if (states > 0) s.get(state, a[2], 0, count);
				if (states > 1) s.get(state + len, a[3], 0, count);
				body.run(a[0], a[1], a[2], a[3], count, r.decay);
				p.put(at, a[1], 0, count);
				if (states > 0) s.put(state, a[2], 0, count);
				if (states > 1) s.put(state + len, a[3], 0, count);
			}
		});
	}

	/**
	 * The block's parameters with their weight decay factor in this step: the coefficient, times the learning rate
	 * when the decay applies it. DL4J adds factor · param to the update after the optimizer (WeightDecay.apply).
	 */
	private static List<Run> runs(final Block b, final double lr, final int iteration, final int epoch) {
		final List<Run> runs = new ArrayList<>(b.segments.size());
		for (final Segment s : b.segments) {
			float decay = 0;
			for (final WeightDecay d : s.decays)
				decay += (float) (d.getCoeff().valueAt(iteration, epoch) * (d.isApplyLR() ? lr : 1));
			runs.add(new Run(s.start, s.end, decay));
		}
		return runs;
	}

	/** The float buffer behind a contiguous array that starts its buffer (the network's flattened arrays do). */
	private static FloatBuffer buffer(final INDArray a) {
		if (a.offset() != 0 || a.data().length() != a.length() || a.dataType() != DataType.FLOAT)
			throw new IllegalStateException("expected a network's own flattened FLOAT array, got " + a.shapeInfoToString());
		return a.data().asNioFloat();
	}
}
