package org.insilico.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A {@link Network}'s layers evaluated by direct kernels instead of DL4J's layer objects, for inference, input
 * gradients and the parameter gradients of training (DL4J's updater then takes the step): convolutions through ND4J's
 * oneDNN {@code conv2d}, {@code deconv2d} and {@code conv2d_bp} ops, dense products through BLAS {@code gemm}, and
 * pooling, activations, their derivatives, softmax and the loss as plain Java loops on float arrays. DL4J's path computes the same values but spends most of its time in small
 * element-wise and pooling ops and in weight gradients nobody asked for (measured in BENCHMARKS.md, lever
 * 10, "Kernels"); the values agree with DL4J's to float rounding ({@code KernelChainTest}).
 * <p>
 * Supported: FLOAT networks whose layers are DL4J {@code ConvolutionLayer} (NCHW, dilation 1), {@code
 * SubsamplingLayer} (max or average, NCHW, no padding, not {@code Same} mode), {@code DenseLayer} and a dense output
 * layer, with identity, ReLU, sigmoid or tanh activations (softmax, identity or sigmoid on the output), and no
 * pre-processors other than the NCHW flattening before a dense layer. {@link #of} returns null for anything else and
 * the network keeps DL4J's path. Parameters are read from the layers at every call, so training and edits show.
 * <p>
 * Threading: keeps scratch buffers between calls, so one call at a time ({@link Network} serializes its calls).
 */
final class KernelChain {

	/** System property: {@code false} keeps every network on DL4J's layer path. */
	static final String PROPERTY = "insilico.kernels";

	private final Step[] steps;
	private final Scratch scratch = new Scratch();
	private RowBuffers[] rowBuffers = new RowBuffers[0];

	private KernelChain(final Step[] steps) {
		this.steps = steps;
		for (int i = 0; i < steps.length; i++) {
			steps[i].slot = i;
			steps[i].scratch = scratch;
		}
	}

	/** The kernels for a chain of layers with the input shape given, or null if some layer is not supported. */
	static KernelChain of(final Layer[] chain, final InputPreProcessor[] pre, final int channels, final int height,
		final int width, final DataType type)
	{
		if (type != DataType.FLOAT || "false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())) return null;
		final Step[] steps = new Step[chain.length];
		int c = channels, h = height, w = width;
		boolean flat = false;
		for (int i = 0; i < chain.length; i++) {
			final Layer layer = chain[i];
			final InputPreProcessor p = pre[i];
			if (p != null) {
				if (!(p instanceof CnnToFeedForwardPreProcessor f) || f.getFormat() != CNN2DFormat.NCHW || flat)
					return null;
				flat = true;
			}
			final Object conf = layer.conf().getLayer();
			final boolean last = i == chain.length - 1;
			final Step s;
			if (layer.getClass() == org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class &&
				conf instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer cl && !flat) s = Conv.of(layer, cl, c, h,
					w);
			else if (layer.getClass() == org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer.class &&
				conf instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer sl && !flat) s = Pool.of(sl, c, h, w);
			else if ((layer.getClass() == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class && !last) ||
				(layer.getClass() == org.deeplearning4j.nn.layers.OutputLayer.class && last)) s = Dense.of(layer, c * h * w,
					last);
			else return null;
			if (s == null) return null;
			steps[i] = s;
			if (s instanceof Dense d) {
				c = d.out;
				h = 1;
				w = 1;
				flat = true;
			}
			else {
				c = s.outC;
				h = s.outH;
				w = s.outW;
			}
		}
		return new KernelChain(steps);
	}

	/**
	 * Whether {@link #train} computes what DL4J's fit would for these layers: a softmax output layer with plain
	 * cross-entropy (no class weights), and no gradient normalization or weight noise on any layer.
	 */
	static boolean trainable(final Layer[] chain) {
		final Object out = chain[chain.length - 1].conf().getLayer();
		if (!(out instanceof org.deeplearning4j.nn.conf.layers.OutputLayer o) || !(o.getLossFn() instanceof LossMCXENT
			loss) || loss.getWeights() != null || !(o.getActivationFn() instanceof ActivationSoftmax)) return false;
		for (final Layer l : chain)
			if (l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b && ((b
				.getGradientNormalization() != null && b.getGradientNormalization() != GradientNormalization.None) || b
					.getWeightNoise() != null)) return false;
		return true;
	}

	// -- the three abilities --

	/** Layers {@code from + 1 … to} run on the activations of layer {@code from} (-1: images), shaped as DL4J does. */
	INDArray forward(final INDArray activations, final int from, final int to) {
		final int n = (int) activations.size(0);
		if (to <= from) return shaped(floats(activations), n, to);
		final int parts = rowParts(from, to, n);
		if (parts > 1) return shaped(denseInParts(activations, from, to, n, parts), n, to);
		final int columnParts = columnParts(from, to, n);
		if (columnParts > 1) return shaped(denseColumnsThenRows(activations, from, to, n, columnParts), n, to);
		float[] a = steps[from + 1].forwardFrom(activations, n);
		for (int i = from + 2; i <= to; i++)
			a = steps[i].forward(a, n);
		return shaped(a, n, to);
	}

	/**
	 * In how many parts of the batch {@link #denseInParts} runs layers {@code from + 1 … to}: one (not that way) unless
	 * they are all dense, BLAS can take their weights as they are, and each part gets at least
	 * {@link #PART_ROWS} images and {@link #PART_MACS} multiply–adds; at most {@link Blas#parallelCalls}.
	 */
	int rowParts(final int from, final int to, final int n) {
		if (!inParts(from, to)) return 1;
		long macs = 0;
		for (int i = from + 1; i <= to; i++)
			macs += (long) ((Dense) steps[i]).in * ((Dense) steps[i]).out;
		final long parts = Math.min(Math.min(n / PART_ROWS, macs * n / PART_MACS), Blas.parallelCalls());
		return (int) Math.max(1, parts);
	}

	/**
	 * In how many parts {@link #denseColumnsThenRows} runs layers {@code from + 1 … to} when {@link #rowParts} does not
	 * split the batch: one (not that way) unless they are all dense, BLAS can take their weights as they are, the batch
	 * has at least {@link #COLUMN_ROWS} images and the first layer at least {@link #COLUMN_MACS} multiply–adds and 16
	 * units; then {@link Blas#parallelCalls}.
	 */
	int columnParts(final int from, final int to, final int n) {
		if (n < COLUMN_ROWS || !inParts(from, to)) return 1;
		final Dense first = (Dense) steps[from + 1];
		if (first.out < 16 || (long) n * first.in * first.out < COLUMN_MACS) return 1;
		return Math.min(Blas.parallelCalls(), n / 2);
	}

	/** Whether layers {@code from + 1 … to} can run in parts: all dense, with weights BLAS takes as they are. */
	private boolean inParts(final int from, final int to) {
		if ("false".equals(System.getProperty(ROW_PARTS)) || Blas.parallelCalls() < 2) return false;
		for (int i = from + 1; i <= to; i++)
			if (!(steps[i] instanceof Dense d) || !Gemm.direct(d.layer.getParam("W"))) return false;
		return true;
	}

	/**
	 * Dense layers {@code from + 1 … to} on {@code parts} parts of the batch at once, each part through all of them on
	 * one thread with one BLAS thread, and one wait at the end (LEVERS.md, lever 41): OpenBLAS's own split of each
	 * product over its threads waits inside every product. The values are those of the layers one by one to float
	 * rounding: OpenBLAS's last bits depend on the number of rows and threads of a product, so they differ from the
	 * whole batch's at once, as they differ between batch sizes ({@code KernelChainTest}); for one batch size and
	 * thread count, results repeat. Returns the last layer's output (a scratch buffer).
	 */
	private float[] denseInParts(final INDArray input, final int from, final int to, final int n, final int parts) {
		final Dense first = (Dense) steps[from + 1];
		final boolean inPlace = plain(input) && input.length() == (long) n * first.in; // read where it is
		final FloatPointer images = inPlace ? (FloatPointer) input.data().addressPointer() : null;
		final float[] values = inPlace ? null : floats(input);
		return partsThrough(n, parts, from + 1, to, (r0, rows, buffers, out) -> {
			if (inPlace) return new FloatPointer(images).position(images.position() + (long) r0 * first.in);
			final FloatPointer x = buffers.x(rows * first.in);
			x.put(values, r0 * first.in, rows * first.in);
			return x;
		});
	}

	/** A part's input to {@link #partsThrough}'s layers, in native memory; null when it wrote the part's output. */
	@FunctionalInterface
	private interface PartInput {
		FloatPointer of(int r0, int rows, RowBuffers buffers, float[] out);
	}

	/**
	 * Dense layers {@code i0 … to} on {@code parts} parts of a batch of n images at once, one thread with one BLAS
	 * thread each ({@link Blas#oneThreadEach}): each part's input from {@code input}, each layer's bias tiled to a
	 * part's rows (levers 40, 42), the last layer's output into the part's rows of a scratch buffer, which is returned.
	 */
	private float[] partsThrough(final int n, final int parts, final int i0, final int to, final PartInput input) {
		final float[][] biases = new float[to + 1][];
		final int most = (n + parts - 1) / parts;
		for (int i = i0; i <= to; i++)
			biases[i] = ((Dense) steps[i]).biasRows(most, "part bias rows");
		final float[] out = scratch.array("parts", to, n * steps[to].outC);
		if (rowBuffers.length < parts) rowBuffers = Arrays.copyOf(rowBuffers, parts);
		for (int p = 0; p < parts; p++)
			if (rowBuffers[p] == null) rowBuffers[p] = new RowBuffers();
		final RowBuffers[] buffers = rowBuffers;
		Blas.oneThreadEach(parts, p -> {
			final int r0 = (int) ((long) p * n / parts), rows = (int) ((long) (p + 1) * n / parts) - r0;
			final FloatPointer x = input.of(r0, rows, buffers[p], out);
			if (x != null) rowsThrough(x, r0, rows, i0, to, biases, out, buffers[p]);
		});
		return out;
	}

	/**
	 * Dense layers {@code i0 … to} on {@code rows} images from row {@code r0}, their input at {@code x} in native
	 * memory: the last layer's output into its rows of {@code out}, each layer's bias tiled in {@code biases[i]}.
	 */
	private void rowsThrough(FloatPointer x, final int r0, final int rows, final int i0, final int to,
		final float[][] biases, final float[] out, final RowBuffers buffers)
	{
		for (int i = i0; i <= to; i++) {
			final Dense d = (Dense) steps[i];
			final int count = rows * d.out, at = i == to ? r0 * d.out : 0; // the last layer's into the output's rows
			final float[] a = i == to ? out : buffers.values(count);
			d.forwardRows(x, rows, buffers.z(count), biases[i], a, at);
			if (i < to) {
				x = buffers.x(count);
				x.put(a, 0, count);
			}
		}
	}

	/**
	 * Dense layers {@code from + 1 … to} on a batch too small for {@link #denseInParts} (LEVERS.md, lever 46): the first
	 * layer's product in {@code parts} blocks of its units (columns), one thread with one BLAS thread each, so that each
	 * packs its share of the weights, the largest operand, once; then, after one wait, its activation and the other
	 * layers on parts of the batch as in {@link #denseInParts}. OpenBLAS's own split of these products over its threads
	 * waited inside every product; parts of the rows alone packed the whole first weight matrix in each part. The values
	 * are those of the layers one by one to float rounding (each unit's sum in one product, as with one thread), as
	 * {@code KernelChainTest} checks against DL4J's layers. Returns the last layer's output (a scratch buffer).
	 */
	private float[] denseColumnsThenRows(final INDArray input, final int from, final int to, final int n,
		final int parts)
	{
		final Dense first = (Dense) steps[from + 1];
		final boolean inPlace = plain(input) && input.length() == (long) n * first.in; // read where it is
		final FloatPointer images = (FloatPointer) (inPlace ? input : write(scratch.nativeArray("x", first.slot, n,
			first.in), floats(input))).data().addressPointer();
		final INDArray z = scratch.nativeArray("z", first.slot, n, first.out);
		final boolean bias = first.biasInto(z, n);
		final FloatPointer sums = (FloatPointer) z.data().addressPointer();
		final INDArray w = first.layer.getParam("W");
		Blas.oneThreadEach(parts, p -> Gemm.columnsTimes(images, n, first.in, w, p * first.out / parts, (p + 1) *
			first.out / parts, sums, first.out, bias ? 1 : 0));
		final boolean alone = from + 1 == to; // the first layer's activation is the output
		return partsThrough(n, parts, from + 2, to, (r0, rows, buffers, out) -> {
			final int count = rows * first.out, at = alone ? r0 * first.out : 0;
			final float[] a = alone ? out : buffers.values(count);
			new FloatPointer(sums).position(sums.position() + (long) r0 * first.out).get(a, at, count);
			first.act.apply(a, at, at + count, first.out);
			if (alone) return null;
			final FloatPointer x = buffers.x(count);
			x.put(a, 0, count);
			return x;
		});
	}

	/** Native and Java buffers of one part of {@link #denseInParts} and {@link #denseColumnsThenRows}, kept between calls. */
	private static final class RowBuffers {

		private FloatPointer x = new FloatPointer(0L), z = new FloatPointer(0L);
		private float[] values = new float[0];

		FloatPointer x(final int floats) {
			if (x.capacity() < floats) x = new FloatPointer((long) floats);
			return x;
		}

		FloatPointer z(final int floats) {
			if (z.capacity() < floats) z = new FloatPointer((long) floats);
			return z;
		}

		float[] values(final int floats) {
			if (values.length < floats) values = new float[floats];
			return values;
		}
	}

	/** The output layer's scores before its activation, from the activations of layer {@code from}. */
	INDArray logits(final INDArray activations, final int from) {
		final int n = (int) activations.size(0), out = steps.length - 1;
		final Dense top = (Dense) steps[out];
		if (from + 1 == out) return fresh(top.preActivationFrom(activations, n), n, top.outC);
		float[] a = steps[from + 1].forwardFrom(activations, n);
		for (int i = from + 2; i < out; i++)
			a = steps[i].forward(a, n);
		return fresh(top.preActivation(a, n), n, top.outC);
	}

	/**
	 * ∂t/∂x for t = Σ weights ⊙ (layer {@code top}'s activations, or its logits when {@code onLogits}), one row of
	 * weights per image; shape of the images.
	 */
	INDArray gradient(final INDArray images, final int top, final boolean onLogits, final INDArray weights) {
		return gradient(images, top, onLogits, weights, null);
	}

	/** {@link #gradient}, and each image's t(x) into {@code values} (when not null) from the same forward pass. */
	INDArray gradient(final INDArray images, final int top, final boolean onLogits, final INDArray weights,
		final double[] values)
	{
		final int n = (int) images.size(0);
		final float[][] acts = new float[top + 2][];
		acts[0] = imageFloats(images);
		float[] eps = floats(weights);
		final int channel = !onLogits && steps[top] instanceof Conv conv && conv.oneChannelAlone() ? onlyChannel(eps, n,
			conv) : -1;
		for (int i = 0; i <= top; i++)
			acts[i + 1] = onLogits && i == top ? ((Dense) steps[i]).preActivation(acts[i], n) : i == top && channel >= 0
				? ((Conv) steps[i]).channelForward(acts[i], n, channel) : steps[i].forward(acts[i], n);
		if (channel >= 0) eps = channelOf(eps, n, (Conv) steps[top], channel);
		if (values != null) {
			final float[] a = acts[top + 1];
			final int units = a.length / n;
			for (int i = 0; i < n; i++) {
				double v = 0;
				for (int u = i * units; u < (i + 1) * units; u++)
					v += eps[u] * (double) a[u];
				values[i] = v;
			}
		}
		if (onLogits) eps = ((Dense) steps[top]).inputGradient(eps, n);
		else if (channel >= 0) eps = ((Conv) steps[top]).channelBackward(acts[top + 1], eps, n, channel);
		else eps = steps[top].backward(acts[top], acts[top + 1], eps, n);
		for (int i = top - 1; i >= 0; i--) {
			if (i == 1 && steps[1] instanceof Pool pool && steps[0] instanceof Conv conv && conv.scattersThrough(pool)) {
				// the first layer's input gradient straight from the pooling's (LEVERS.md, lever 34)
				eps = conv.inputGradientThroughMaxPool(acts[1], acts[2], eps, n, pool);
				break;
			}
			eps = steps[i].backward(acts[i], acts[i + 1], eps, n);
		}
		return fresh(eps, images.shape());
	}

	/**
	 * The one channel of a convolution's output where the weights of t(x) are not zero, for every image, or -1 when
	 * there are several (or none): then only that channel's output and gradient are computed (LEVERS.md, lever 37).
	 */
	private static int onlyChannel(final float[] weights, final int n, final Conv conv) {
		final int plane = conv.outH * conv.outW;
		int channel = -1;
		for (int i = 0; i < n; i++)
			for (int c = 0; c < conv.outC; c++) {
				final int from = (i * conv.outC + c) * plane;
				for (int u = from; u < from + plane; u++)
					if (weights[u] != 0) {
						if (channel >= 0 && channel != c) return -1;
						channel = c;
						break;
					}
			}
		return channel;
	}

	/** The weights of channel c of each image, [n, outH, outW], out of weights for every channel. */
	private static float[] channelOf(final float[] weights, final int n, final Conv conv, final int c) {
		final int plane = conv.outH * conv.outW;
		final float[] w = new float[n * plane];
		for (int i = 0; i < n; i++)
			System.arraycopy(weights, (i * conv.outC + c) * plane, w, i * plane, plane);
		return w;
	}

	/**
	 * One training step's gradients for a softmax output trained with cross-entropy: the forward pass (with inverted
	 * dropout on the input of layer i when {@code retain[i] < 1}: each value kept with probability retain[i] and
	 * scaled by 1/retain[i], DL4J's semantics of a layer's dropout), then the backward pass, writing each layer's
	 * parameter gradients, summed over the batch, into {@code grads.get(i)} (its views). No input gradient is computed
	 * below the first layer with parameters. Returns the batch's mean cross-entropy.
	 */
	double train(final INDArray images, final INDArray labels, final double[] retain, final SplittableRandom random,
		final List<Map<String, INDArray>> grads)
	{
		final int n = (int) images.size(0), last = steps.length - 1;
		final float[][] outs = new float[steps.length + 1][], ins = new float[steps.length][], masks =
			new float[steps.length][];
		// a dense first layer without input dropout reads plain images where they are, forward and for ∂L/∂W
		final INDArray x0 = retain[0] >= 1 && steps[0] instanceof Dense d && plain(images) && images.length() == (long) n *
			d.in ? images.reshape('c', n, d.in) : null;
		outs[0] = x0 == null ? imageFloats(images) : null;
		for (int i = 0; i <= last; i++) {
			if (i == 0 && x0 != null) {
				final Dense d = (Dense) steps[0];
				outs[1] = last == 0 ? d.preActivation(x0, n) : d.forwardFrom(images, n); // (x0 is a view: not plain)
				continue;
			}
			float[] input = outs[i];
			if (retain[i] < 1) {
				final float[] mask = scratch.array("mask", i, input.length), kept = scratch.array("kept", i, input.length);
				final float keep = (float) (1 / retain[i]);
				for (int j = 0; j < input.length; j++) {
					mask[j] = random.nextDouble() < retain[i] ? keep : 0f;
					kept[j] = input[j] * mask[j];
				}
				masks[i] = mask;
				input = kept;
			}
			ins[i] = input;
			outs[i + 1] = i == last ? ((Dense) steps[i]).preActivation(input, n) : steps[i].forward(input, n);
		}
		final int k = steps[last].outC;
		final float[] p = outs[last + 1], y = floats(labels);
		Act.SOFTMAX.apply(p, k);
		double loss = 0;
		for (int j = 0; j < p.length; j++) {
			if (y[j] != 0) loss -= y[j] * Math.log(Math.max(p[j], 1e-10));
			p[j] -= y[j]; // ∂L/∂z of softmax with cross-entropy, per image
		}
		int lowest = 0; // the first layer with parameters: nothing below it needs a gradient
		while (lowest < last && grads.get(lowest).isEmpty())
			lowest++;
		float[] eps = p;
		for (int i = last; i >= lowest; i--) {
			final boolean need = i > lowest;
			final float[] e;
			if (i == 0 && x0 != null) {
				final Dense d = (Dense) steps[0];
				e = last == 0 ? d.trainFromPreActivation(x0, eps, n, grads.get(0), need) : d.train(x0, outs[1], eps, n,
					grads.get(0), need);
			}
			else e = i == last ? ((Dense) steps[i]).trainFromPreActivation(ins[i], eps, n, grads.get(i), need)
				: steps[i].train(ins[i], outs[i + 1], eps, n, grads.get(i), need);
			if (!need) break;
			if (masks[i] != null) for (int j = 0; j < e.length; j++)
				e[j] *= masks[i][j];
			eps = e;
		}
		return loss / n;
	}

	private INDArray shaped(final float[] a, final int n, final int layer) {
		final Step s = steps[layer];
		return s instanceof Dense ? fresh(a, n, s.outC) : fresh(a, n, s.outC, s.outH, s.outW);
	}

	/** The values of an array in c order as floats (a copy). */
	static float[] floats(final INDArray a) {
		INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
		if (!plain(f)) f = f.dup('c');
		return read(f, new float[(int) f.length()]);
	}

	/**
	 * The images' values as floats in a buffer kept for them (valid until the next pass): a new array per batch was
	 * as large as the batch (at 256 images of 28 × 28, above G1's limit for ordinary objects: 0.8–1.3 ms per step).
	 */
	private float[] imageFloats(final INDArray images) {
		return scratch.floats(images, "images", -1);
	}

	/**
	 * Whether an array is FLOAT, the whole of its buffer from its start, with c-order strides: what the layers can read
	 * natively as it is. A reshaped array counts (ND4J calls it a view, but it covers its buffer as its source does:
	 * ablations pass recorded activations reshaped to the layer's shape, which were copied out again for every
	 * batch; LEVERS.md, lever 49). The strides are checked, not only {@code ordering()}: a permuted array reports
	 * neither a view nor another order, but its memory is not in c order.
	 */
	static boolean plain(final INDArray a) {
		if (a.dataType() != DataType.FLOAT || a.ordering() != 'c' || a.offset() != 0 || a.data().length() != a
			.length()) return false;
		long expected = 1;
		for (int d = a.rank() - 1; d >= 0; d--) {
			final long size = a.size(d);
			if (size != 1 && a.stride(d) != expected) return false;
			expected *= size;
		}
		return true;
	}

	/** A new array of this shape holding {@code values} (c order). */
	static INDArray fresh(final float[] values, final long... shape) {
		return write(uninitialized(shape), values);
	}

	/**
	 * A new FLOAT array of this shape in c order, its values not set: {@code Nd4j.createUninitialized}, except that its
	 * shape information comes from ND4J's cache of them (LEVERS.md, lever 44). ND4J's array constructors make a new
	 * native shape buffer for every array; its factory's constructor with paddings (here none) takes the cached one, as
	 * arrays of one shape share it elsewhere in ND4J. After a batch's products, the new buffer took 15–30 µs, a twentieth
	 * of `mlp`'s inference of 64 images. Empty and scalar shapes, and two-dimensional vectors, go through
	 * {@code createUninitialized}: for [1, k] the constructor with paddings sizes its buffer from ND4J's strides for
	 * vectors, [1, 1], and made it one value long. Any array whose buffer is not as long as its shape is made again
	 * that way.
	 */
	static INDArray uninitialized(final long... shape) {
		boolean ordinary = shape.length > 0 && !(shape.length == 2 && (shape[0] == 1 || shape[1] == 1));
		long length = 1;
		for (final long d : shape) {
			ordinary &= d > 0;
			length *= d;
		}
		if (ordinary) {
			final long[] none = new long[shape.length];
			final INDArray a = Nd4j.getNDArrayFactory().create(DataType.FLOAT, shape, none, none, 'c', Nd4j
				.getMemoryManager().getCurrentWorkspace());
			if (a.data().length() == length && a.length() == length) return a;
		}
		return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
	}

	/** Copies {@code values} into a contiguous c-order FLOAT array that does not start at an offset (bulk copy). */
	static INDArray write(final INDArray target, final float[] values) {
		target.data().asNioFloat().put(0, values, 0, (int) target.length());
		return target;
	}

	/**
	 * Copies {@code values} into a view whose elements are contiguous in memory (any order), in memory order: for
	 * the parameter-gradient views inside DL4J's flattened gradient (a bulk copy, where {@code assign} between
	 * orders copies element by element).
	 */
	static void writeMemory(final INDArray view, final float[] values) {
		view.data().asNioFloat().put((int) view.offset(), values, 0, (int) view.length());
	}

	/**
	 * The values of a parameter (a view into DL4J's flattened parameters) into {@code dest}: a bulk copy from its
	 * memory when its elements are contiguous (a bias vector), where {@link #floats} would first duplicate the view
	 * through an ND4J op (15–20 µs per call, three times per `mlp` batch).
	 */
	static float[] parameter(final INDArray view, final float[] dest) {
		if (!contiguous(view)) return read(view.dup('c'), dest);
		view.data().asNioFloat().get((int) view.offset(), dest, 0, (int) view.length());
		return dest;
	}

	/** Whether a FLOAT vector's elements are contiguous in memory (a bias or its gradient inside DL4J's flat arrays). */
	static boolean contiguous(final INDArray view) {
		return view.dataType() == DataType.FLOAT && view.elementWiseStride() == 1 && (view.isRowVector() || view
			.isColumnVector());
	}

	/**
	 * {@code b} repeated {@code n} times into {@code dest} (by doubling copies): a per-row value laid out like the
	 * rows it is added to (lever 40: a sum on one index, which C2 vectorizes, where it does not vectorize two
	 * different offsets, {@code ShiftedIndexProbe}; lever 42: the start of a product that adds itself to it).
	 */
	static float[] tile(final float[] b, final int n, final float[] dest) {
		final int total = n * b.length;
		if (total == 0) return dest;
		System.arraycopy(b, 0, dest, 0, b.length);
		for (int filled = b.length; filled < total; filled *= 2)
			System.arraycopy(dest, 0, dest, filled, Math.min(filled, total - filled));
		return dest;
	}

	/** Copies a contiguous c-order FLOAT array that does not start at an offset into {@code dest} (bulk copy). */
	static float[] read(final INDArray source, final float[] dest) {
		source.data().asNioFloat().get(0, dest, 0, (int) source.length());
		return dest;
	}

	/**
	 * Buffers kept between calls, one per (layer, role), replaced when the batch size changes: allocating native
	 * arrays and large Java arrays for every batch cost as much as the convolutions (BENCHMARKS.md, lever 10, "Kernels").
	 * Nothing kept here is handed to a caller.
	 */
	private static final class Scratch {

		private final Map<String, INDArray> natives = new HashMap<>();
		private final Map<String, float[]> arrays = new HashMap<>();

		INDArray nativeArray(final String role, final int layer, final long... shape) {
			final String key = role + "/" + layer;
			INDArray a = natives.get(key);
			if (a == null || !Arrays.equals(a.shape(), shape)) {
				a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
				natives.put(key, a);
			}
			return a;
		}

		/** The values of {@code a} as floats: a {@link #plain} one read into {@link #array}, any other copied. */
		float[] floats(final INDArray a, final String role, final int layer) {
			return plain(a) ? read(a, array(role, layer, (int) a.length())) : KernelChain.floats(a);
		}

		/** A float array of this length (contents undefined). */
		float[] array(final String role, final int layer, final int length) {
			final String key = role + "/" + layer;
			float[] a = arrays.get(key);
			if (a == null || a.length != length) {
				a = new float[length];
				arrays.put(key, a);
			}
			return a;
		}
	}

	// -- steps --

	/** One layer: forward from its input, and backward from the gradient of its output to that of its input. */
	abstract static class Step {

		int outC, outH, outW;
		/** The layer's index (names its scratch buffers). */
		int slot;
		Scratch scratch;

		/** The output for an input of n images; a scratch buffer of this layer, valid until its next forward call. */
		abstract float[] forward(float[] in, int n);

		/**
		 * {@link #forward} from the input as an array (the first layer of a pass): layers that read their input in
		 * native memory read a {@link #plain} one where it is instead of copying it out and back in (for `mlp`
		 * inference, a tenth of the time); the others read a plain one into a buffer kept for it (a pass from recorded
		 * activations, as ablations run it, made a new array of the batch each time: 0.67 GB of garbage for one
		 * ablation map of `lenet`'s conv2, every array above G1's limit for ordinary objects; LEVERS.md, lever 49).
		 */
		float[] forwardFrom(final INDArray in, final int n) {
			return forward(scratch.floats(in, "in", slot), n);
		}

		/**
		 * ∂/∂input given ∂/∂output (of the activations; overwritten), the layer's input and output. The result is a
		 * scratch buffer of this layer, valid until the layer's next call.
		 */
		abstract float[] backward(float[] in, float[] out, float[] epsOut, int n);

		/**
		 * Backward for training: from ∂L/∂output (overwritten) writes the gradients of the layer's parameters, summed
		 * over the batch (DL4J's convention), into {@code grads}, the layer's gradient views; returns ∂L/∂input when
		 * {@code needInput}, else null. Layers without parameters only pass the gradient on.
		 */
		float[] train(final float[] in, final float[] out, final float[] epsOut, final int n,
			final Map<String, INDArray> grads, final boolean needInput)
		{
			return needInput ? backward(in, out, epsOut, n) : null;
		}
	}

	/** An element-wise activation function. */
	enum Act {
		IDENTITY, RELU, SIGMOID, TANH, SOFTMAX;

		static Act of(final IActivation fn, final boolean output) {
			if (fn == null || fn instanceof ActivationIdentity) return IDENTITY;
			if (fn instanceof ActivationReLU r) return isPlainRelu(r) ? RELU : null;
			if (fn instanceof ActivationSigmoid) return SIGMOID;
			if (fn instanceof ActivationTanH && !output) return TANH;
			if (fn instanceof ActivationSoftmax && output) return SOFTMAX;
			return null;
		}

		private static boolean isPlainRelu(final ActivationReLU r) {
			return r.equals(new ActivationReLU()); // no maximum, threshold or negative slope
		}

		/** Applies the function in place; {@code units} values per image (softmax is per image). */
		void apply(final float[] z, final int units) {
			if (this == RELU) parallel(z.length, k -> apply(z, k, Math.min(z.length, k + CHUNK), units));
			else apply(z, 0, z.length, units);
		}

		/** {@link #apply} on {@code z[from, to)}, whole images (one thread). */
		void apply(final float[] z, final int from, final int to, final int units) {
			switch (this) {
				case IDENTITY -> {}
				case RELU -> {
					for (int j = from; j < to; j++) // branch-free (signs are random: a branch mispredicts half the time)
						z[j] = Math.max(z[j], 0f); // NaN stays NaN, as in DL4J's relu
				}
				case SIGMOID -> {
					for (int j = from; j < to; j++)
						z[j] = (float) (1 / (1 + Math.exp(-z[j])));
				}
				case TANH -> {
					for (int j = from; j < to; j++)
						z[j] = (float) Math.tanh(z[j]);
				}
				case SOFTMAX -> {
					for (int r = from; r < to; r += units) {
						float max = Float.NEGATIVE_INFINITY;
						for (int j = r; j < r + units; j++) // a NaN is passed over here, and makes the sum NaN below
							max = z[j] > max ? z[j] : max;
						double sum = 0;
						for (int j = r; j < r + units; j++) {
							z[j] = exp(z[j] - max);
							sum += z[j];
						}
						final double inverse = 1 / sum;
						for (int j = r; j < r + units; j++)
							z[j] = (float) (z[j] * inverse);
					}
				}
			}
		}

		/**
		 * e^x in single precision, within one unit in the last place of the float nearest e^x for x in [-87.3, 88]
		 * ({@code KernelChainTest.expIsWithinAUnitInTheLastPlace}); outside it (and for NaN), {@code Math.exp}. Cephes'
		 * {@code expf}: x = n ln 2 + r with |r| ≤ ln 2 / 2, e^r by a polynomial, 2^n through the exponent bits (n ≤ 127
		 * below 88). The softmax's exponentials through {@code Math.exp} in double precision took 12 µs for 64 × 10
		 * values, 6–7 this way (LEVERS.md, lever 45).
		 */
		static float exp(final float x) {
			if (!(x >= -87.33654f && x <= 88f)) return (float) Math.exp(x);
			final float shifted = x * 1.44269504088896341f + 12582912f; // 1.5 · 2²³: rounds x / ln 2 to an integer
			final float n = shifted - 12582912f;
			final int exponent = Float.floatToRawIntBits(shifted) - 0x4B400000; // that integer, from the bits
			final float r = x - n * 0.693359375f - n * -2.12194440e-4f; // ln 2 in two parts
			float p = 1.9875691500E-4f;
			p = p * r + 1.3981999507E-3f;
			p = p * r + 8.3334519073E-3f;
			p = p * r + 4.1665795894E-2f;
			p = p * r + 1.6666665459E-1f;
			p = p * r + 5.0000001201E-1f;
			p = p * r * r + r + 1f;
			return exponent > -127 ? p * Float.intBitsToFloat(exponent + 127 << 23) : p * Float.intBitsToFloat(
				exponent + 127 + 64 << 23) * 0x1p-64f; // 2^n below the normal floats in two steps
		}

		/** ∂/∂z from ∂/∂a (in place in {@code eps}), given the outputs a. */
		void backward(final float[] a, final float[] eps, final int units) {
			switch (this) {
				case IDENTITY -> {}
				case RELU -> parallel(a.length, k -> {
					final int end = Math.min(a.length, k + CHUNK);
					for (int j = k; j < end; j++) { // eps where a > 0, else +0: an integer select on the bits, branch-free
						// (C2 turns the float select into a branch that mispredicts half the time: 13–16 ms against
						// 1.3–1.6 ms for 2.4 million values; LEVERS.md, lever 26)
						final int keep = a[j] > 0 ? -1 : 0;
						eps[j] = Float.intBitsToFloat(Float.floatToRawIntBits(eps[j]) & keep);
					}
				});
				case SIGMOID -> {
					for (int j = 0; j < a.length; j++)
						eps[j] *= a[j] * (1 - a[j]);
				}
				case TANH -> {
					for (int j = 0; j < a.length; j++)
						eps[j] *= 1 - a[j] * a[j];
				}
				case SOFTMAX -> {
					for (int r = 0; r < a.length; r += units) {
						double dot = 0;
						for (int j = r; j < r + units; j++)
							dot += eps[j] * (double) a[j];
						for (int j = r; j < r + units; j++)
							eps[j] = (float) (a[j] * (eps[j] - dot));
					}
				}
			}
		}
	}

	/** A convolution through oneDNN: conv2d forward, deconv2d (or conv2d_bp) for the input gradient. */
	static final class Conv extends Step {

		private final Layer layer;
		private final Act act;
		private final int inC, inH, inW;
		private final int[] args;
		/** Whether deconv2d gives back exactly the input's size (else conv2d_bp computes the input gradient). */
		private final boolean exactTranspose;
		/** Padding before the first row and column (Same mode: half the total, rounded down, as DL4J and libnd4j). */
		private final int padTop, padLeft;
		/** Whether, as the lowest layer, its weight gradients come from im2col and BLAS; images per im2col block. */
		private final boolean weightsByGemm;
		private final int block;

		private Conv(final Layer layer, final Act act, final int inC, final int inH, final int inW, final int[] args,
			final int outH, final int outW, final boolean exactTranspose)
		{
			this.layer = layer;
			this.act = act;
			this.inC = inC;
			this.inH = inH;
			this.inW = inW;
			this.args = args;
			this.outC = (int) layer.getParam("W").size(0);
			this.outH = outH;
			this.outW = outW;
			this.exactTranspose = exactTranspose;
			final boolean same = args[8] == 1;
			this.padTop = same ? ((outH - 1) * args[2] + args[0] - inH) / 2 : args[4];
			this.padLeft = same ? ((outW - 1) * args[3] + args[1] - inW) / 2 : args[5];
			this.weightsByGemm = padTop >= 0 && padLeft >= 0 && !"false".equals(System.getProperty(IM2COL));
			this.block = (int) Math.max(1, Math.min(Integer.MAX_VALUE / 2, COLS_LIMIT / ((long) inC * args[0] * args[1] *
				outH * outW)));
		}

		static Conv of(final Layer layer, final org.deeplearning4j.nn.conf.layers.ConvolutionLayer cl, final int c,
			final int h, final int w)
		{
			final Act act = Act.of(cl.getActivationFn(), false);
			final INDArray weights = layer.getParam("W");
			if (act == null || cl.getCnn2dDataFormat() != CNN2DFormat.NCHW || weights == null || weights.rank() != 4 ||
				weights.size(1) != c || cl.getDilation()[0] != 1 || cl.getDilation()[1] != 1) return null;
			final int[] k = cl.getKernelSize(), s = cl.getStride(), p = cl.getPadding();
			final boolean same = cl.getConvolutionMode() == ConvolutionMode.Same;
			if (!same && cl.getConvolutionMode() != ConvolutionMode.Truncate && cl
				.getConvolutionMode() != ConvolutionMode.Strict) return null;
			final int oh = same ? (h + s[0] - 1) / s[0] : (h + 2 * p[0] - k[0]) / s[0] + 1;
			final int ow = same ? (w + s[1] - 1) / s[1] : (w + 2 * p[1] - k[1]) / s[1] + 1;
			if (oh < 1 || ow < 1) return null;
			final boolean exact = !same && (h + 2 * p[0] - k[0]) % s[0] == 0 && (w + 2 * p[1] - k[1]) % s[1] == 0;
			return new Conv(layer, act, c, h, w, new int[] { k[0], k[1], s[0], s[1], same ? 0 : p[0], same ? 0 : p[1], 1, 1,
				same ? 1 : 0, 0, 1 }, oh, ow, exact);
		}

		@Override
		float[] forward(final float[] in, final int n) {
			final float[] z = preActivation(in, n);
			act.apply(z, outC * outH * outW);
			return z;
		}

		@Override
		float[] forwardFrom(final INDArray in, final int n) {
			if (!plain(in) || in.rank() != 4 || in.size(1) != inC || in.size(2) != inH || in.size(3) != inW) return forward(
				floats(in), n);
			final float[] z = preActivation(in, n);
			act.apply(z, outC * outH * outW);
			return z;
		}

		float[] preActivation(final float[] in, final int n) {
			return preActivation(write(scratch.nativeArray("x", slot, n, inC, inH, inW), in), n);
		}

		/**
		 * The bias as the vector oneDNN's ops take; DL4J M2.1 keeps a convolution's bias as one already, and ND4J's
		 * reshape, which it went through before, costs 9–13 µs a call (LEVERS.md, lever 29). Null without a bias.
		 */
		private INDArray biasVector() {
			final INDArray b = layer.getParam("b");
			return b == null || b.rank() == 1 ? b : b.reshape(-1);
		}

		/** The pre-activation from the input [n, inC, inH, inW] in native memory. */
		private float[] preActivation(final INDArray x, final int n) {
			final INDArray z = scratch.nativeArray("z", slot, n, outC, outH, outW);
			final INDArray b = biasVector();
			exec("conv2d", b == null ? new INDArray[] { x, layer.getParam("W") } : new INDArray[] { x, layer.getParam("W"),
				b }, args, z);
			return read(z, scratch.array("a", slot, (int) z.length()));
		}

		@Override
		float[] backward(final float[] in, final float[] out, final float[] epsOut, final int n) {
			act.backward(out, epsOut, outC * outH * outW);
			final INDArray eps = write(scratch.nativeArray("e", slot, n, outC, outH, outW), epsOut);
			final INDArray dx;
			if (exactTranspose) exec("deconv2d", new INDArray[] { eps, layer.getParam("W") }, args, dx = scratch
				.nativeArray("dx", slot, n, inC, inH, inW));
			else dx = convBackprop(in, eps, n);
			return read(dx, scratch.array("d", slot, (int) dx.length()));
		}

		@Override
		float[] train(final float[] in, final float[] out, final float[] epsOut, final int n,
			final Map<String, INDArray> grads, final boolean needInput)
		{
			act.backward(out, epsOut, outC * outH * outW);
			if (!needInput && weightsByGemm) {
				weightGradientsByGemm(in, epsOut, n, grads);
				return null;
			}
			final INDArray dx = convBackprop(in, write(scratch.nativeArray("e", slot, n, outC, outH, outW), epsOut), n);
			grads.get("W").assign(scratch.nativeArray("gw", slot, layer.getParam("W").shape()));
			if (grads.get("b") != null) grads.get("b").assign(scratch.nativeArray("gb", slot, outC).reshape(grads.get("b")
				.shape()));
			return needInput ? read(dx, scratch.array("d", slot, (int) dx.length())) : null;
		}

		/**
		 * Whether {@link #inputGradientThroughMaxPool} applies: a ReLU convolution with stride 1 and no padding, at most
		 * two input channels (where oneDNN's transposed convolution is slow: one input channel leaves its vectors
		 * idle), followed by a 2 × 2 max pooling with stride 2 of all its output.
		 */
		boolean scattersThrough(final Pool pool) {
			return act == Act.RELU && inC <= 2 && args[2] == 1 && args[3] == 1 && args[8] == 0 && padTop == 0 &&
				padLeft == 0 && pool.max2x2() && pool.c == outC && pool.h == outH && pool.w == outW && inH * inW < 1 << 20 &&
				outC < 1 << 11; // (a window is packed as channel << 20 | position)
		}

		/**
		 * ∂/∂input from ∂/∂(the pooling's output), through the pooling, the ReLU and this convolution at once. The
		 * pooling passes each window's gradient to its first maximum, the ReLU keeps it where that maximum is positive,
		 * and the transposed convolution adds it times the channel's weights at that position: so only the windows'
		 * maxima are visited (a quarter of the positions), and the gradient of this layer's output (9.4 MB for
		 * `lenet`'s conv1 at 512 images) is never written, masked, copied to native memory and convolved by oneDNN.
		 * Per image, when at most a quarter of the windows pass, each adds its share in scalar loops; when more do, a
		 * vectorized transposed convolution of the windows' gradients on grids ({@link #transposedFromGrids}, when its
		 * grids take at most {@link KernelChain#GRID_FLOATS} floats) is the faster. Equal to the three steps one by one
		 * up to the order of the sums (KernelChainTest against DL4J).
		 *
		 * @param a this layer's output (after the ReLU)
		 * @param pooled the pooling's output
		 * @param epsPool ∂/∂(the pooling's output)
		 */
		float[] inputGradientThroughMaxPool(final float[] a, final float[] pooled, final float[] epsPool, final int n,
			final Pool pool)
		{
			final int kh = args[0], kw = args[1], inPlane = inH * inW, plane = outH * outW, ph = pool.outH,
				pw = pool.outW, taps = kh * kw;
			final float[] weights = floats(layer.getParam("W")); // [outC, inC, kh, kw]
			final float[] dx = scratch.array("d", slot, n * inC * inPlane);
			final boolean gridsFit = (long) outC * ((outH - 1) * inW + outW) <= GRID_FLOATS;
			parallelCount(n, Math.max(1, CHUNK / (outC * ph * pw * inC * taps / 4 + 1)), image -> {
				final int windows = outC * ph * pw;
				final int[] at = LOCAL.get().at(windows);
				final float[] gs = LOCAL.get().gradients(windows);
				// 1. the windows whose gradient passes (maximum > 0: the ReLU; gradient ≠ 0), as (channel, position of
				// the first maximum in the input) and the gradient, compacted without branches on the values
				int count = 0;
				for (int c = 0; c < outC; c++) {
					final int ab = (image * outC + c) * plane, pb = (image * outC + c) * ph * pw;
					for (int py = 0; py < ph; py++)
						for (int px = 0; px < pw; px++) {
							final float m = pooled[pb + py * pw + px];
							final float g = epsPool[pb + py * pw + px];
							final int i0 = ab + 2 * py * outW + 2 * px, d0 = 2 * py * inW + 2 * px;
							int d = d0 + inW + 1; // the first of the four equal to the maximum: top row first, then left
							d = a[i0 + outW] == m ? d0 + inW : d;
							d = a[i0 + 1] == m ? d0 + 1 : d;
							d = a[i0] == m ? d0 : d;
							at[count] = c << 20 | d;
							gs[count] = g;
							count += m > 0 && g != 0 ? 1 : 0;
						}
				}
				final int db0 = image * inC * inPlane;
				Arrays.fill(dx, db0, db0 + inC * inPlane, 0f);
				if (4 * count > windows && gridsFit) { // 2a. many: the transposed convolution of their gradients on grids
					transposedFromGrids(at, gs, count, weights, dx, db0);
					return;
				}
				// 2b. few: each such window adds its gradient times its channel's weights at that position
				for (int k = 0; k < count; k++) {
					final int c = at[k] >>> 20, d = at[k] & 0xFFFFF;
					final float g = gs[k];
					for (int ci = 0; ci < inC; ci++) {
						final int wb = (c * inC + ci) * taps, db = db0 + ci * inPlane + d;
						for (int ky = 0; ky < kh; ky++) {
							final int row = db + ky * inW, wr = wb + ky * kw;
							for (int kx = 0; kx < kw; kx++)
								dx[row + kx] += g * weights[wr + kx];
						}
					}
				}
			});
			return dx;
		}

		/**
		 * Whether {@link #channelForward} and {@link #channelBackward} apply: stride 1 and no padding, so that an output
		 * channel is a sum of shifted input planes.
		 */
		boolean oneChannelAlone() {
			return args[2] == 1 && args[3] == 1 && args[8] == 0 && padTop == 0 && padLeft == 0;
		}

		/**
		 * Output channel c alone, after the activation, [n, outH, outW]: for the gradient of one channel's units, where
		 * the other channels' outputs and gradients are not needed (LEVERS.md, lever 37). Shifted sums on a grid as wide
		 * as the input, so that each tap is one contiguous loop the compiler vectorizes (the columns past the output's
		 * width are computed and dropped); oneDNN's conv2d of one output channel leaves its vectors idle.
		 */
		float[] channelForward(final float[] in, final int n, final int c) {
			final int kh = args[0], kw = args[1], plane = outH * outW, inPlane = inH * inW, span = (outH - 1) * inW + outW;
			final float[] weights = floats(layer.getParam("W")); // [outC, inC, kh, kw]
			final INDArray b = layer.getParam("b");
			final float bias = b == null ? 0f : b.getFloat(c);
			final float[] a = scratch.array("ac", slot, n * plane);
			parallelCount(n, Math.max(1, CHUNK / (inC * kh * kw * span + 1)), image -> {
				final float[] wide = LOCAL.get().wide(span), shifted = LOCAL.get().shifted(span);
				Arrays.fill(wide, 0, span, 0f);
				for (int ci = 0; ci < inC; ci++)
					for (int ky = 0; ky < kh; ky++)
						for (int kx = 0; kx < kw; kx++) {
							final float w = weights[((c * inC + ci) * kh + ky) * kw + kx];
							// copied first: C2 vectorizes a[j] += w * b[j], not a[j] += w * b[j + shift] (3 × slower)
							System.arraycopy(in, (image * inC + ci) * inPlane + ky * inW + kx, shifted, 0, span);
							for (int j = 0; j < span; j++)
								wide[j] += w * shifted[j];
						}
				for (int y = 0; y < outH; y++)
					for (int x = 0; x < outW; x++)
						a[image * plane + y * outW + x] = wide[y * inW + x] + bias;
			});
			act.apply(a, plane);
			return a;
		}

		/**
		 * ∂/∂input [n, inC, inH, inW] from ∂/∂(output channel c after the activation) [n, outH, outW] (overwritten),
		 * given that channel's output a from {@link #channelForward}: the transposed convolution of that channel alone,
		 * as shifted sums on a grid as wide as the input.
		 */
		float[] channelBackward(final float[] a, final float[] eps, final int n, final int c) {
			act.backward(a, eps, outH * outW);
			final int kh = args[0], kw = args[1], plane = outH * outW, inPlane = inH * inW, span = (outH - 1) * inW + outW;
			final float[] weights = floats(layer.getParam("W"));
			final float[] dx = scratch.array("d", slot, n * inC * inPlane);
			parallelCount(n, Math.max(1, CHUNK / (inC * kh * kw * span + 1)), image -> {
				final float[] wide = LOCAL.get().wide(span), shifted = LOCAL.get().shifted(span);
				Arrays.fill(wide, 0, span, 0f); // the gradient on the wide grid, 0 past the output's width
				for (int y = 0; y < outH; y++)
					System.arraycopy(eps, image * plane + y * outW, wide, y * inW, outW);
				Arrays.fill(dx, image * inC * inPlane, (image + 1) * inC * inPlane, 0f);
				for (int ci = 0; ci < inC; ci++)
					for (int ky = 0; ky < kh; ky++)
						for (int kx = 0; kx < kw; kx++) {
							final float w = weights[((c * inC + ci) * kh + ky) * kw + kx];
							final int to = (image * inC + ci) * inPlane + ky * inW + kx;
							System.arraycopy(dx, to, shifted, 0, span); // out and back: see channelForward
							for (int j = 0; j < span; j++)
								shifted[j] += w * wide[j];
							System.arraycopy(shifted, 0, dx, to, span);
						}
			});
			return dx;
		}

		/**
		 * Step 2a of {@link #inputGradientThroughMaxPool}: the windows' gradients (count of them, as packed there) put
		 * on one grid per channel as wide as the input, 0 elsewhere; then, shift by shift, the part of ∂/∂input (from
		 * dx[db0], zeroed) that a shift adds to is copied out, gets each channel's grid times that channel's weight,
		 * and is copied back. Copying lets C2 vectorize the sums (it does not vectorize b[j + shift]; LEVERS.md, lever
		 * 37); four channels a pass read and write that part a quarter as often. Its cost does not depend on how many
		 * windows pass, the scatter's does: with `lenet`'s conv1, this is the faster above about a quarter of the
		 * windows (LEVERS.md, lever 39).
		 */
		private void transposedFromGrids(final int[] at, final float[] gs, final int count, final float[] weights,
			final float[] dx, final int db0)
		{
			final int kh = args[0], kw = args[1], inPlane = inH * inW, span = (outH - 1) * inW + outW, stride = inC * kh *
				kw;
			final float[][] grids = LOCAL.get().grids(outC, span);
			final float[] part = LOCAL.get().shifted(span);
			for (int c = 0; c < outC; c++)
				Arrays.fill(grids[c], 0, span, 0f);
			for (int k = 0; k < count; k++) // (a window's first maximum on the grid: at's position for tap (0, 0))
				grids[at[k] >>> 20][at[k] & 0xFFFFF] = gs[k];
			for (int ci = 0; ci < inC; ci++)
				for (int ky = 0; ky < kh; ky++)
					for (int kx = 0; kx < kw; kx++) {
						final int to = db0 + ci * inPlane + ky * inW + kx, tap = (ci * kh + ky) * kw + kx;
						System.arraycopy(dx, to, part, 0, span);
						int c = 0;
						for (; c + 4 <= outC; c += 4) {
							final float w0 = weights[c * stride + tap], w1 = weights[(c + 1) * stride + tap],
								w2 = weights[(c + 2) * stride + tap], w3 = weights[(c + 3) * stride + tap];
							final float[] g0 = grids[c], g1 = grids[c + 1], g2 = grids[c + 2], g3 = grids[c + 3];
							for (int j = 0; j < span; j++)
								part[j] += w0 * g0[j] + w1 * g1[j] + w2 * g2[j] + w3 * g3[j];
						}
						for (; c < outC; c++) {
							final float w = weights[c * stride + tap];
							final float[] grid = grids[c];
							for (int j = 0; j < span; j++)
								part[j] += w * grid[j];
						}
						System.arraycopy(part, 0, dx, to, span);
					}
		}

		/**
		 * oneDNN's conv2d_bp on this layer's input and the gradient of its pre-activation: returns ∂/∂input and leaves
		 * ∂/∂W and ∂/∂b in the scratch buffers "gw" and "gb".
		 */
		private INDArray convBackprop(final float[] in, final INDArray eps, final int n) {
			final INDArray x = write(scratch.nativeArray("x", slot, n, inC, inH, inW), in);
			final INDArray dx = scratch.nativeArray("dx", slot, n, inC, inH, inW);
			final INDArray w = layer.getParam("W"), b = biasVector();
			final INDArray gw = scratch.nativeArray("gw", slot, w.shape());
			Nd4j.exec(b == null ? DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, eps).addIntegerArguments(args)
				.addOutputs(dx, gw).build() : DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, b, eps)
					.addIntegerArguments(args).addOutputs(dx, gw, scratch.nativeArray("gb", slot, outC)).build());
			return dx;
		}

		/**
		 * ∂L/∂W and ∂L/∂b alone, for the lowest layer with parameters, whose input needs no gradient: oneDNN's
		 * conv2d_bp always computes the input gradient too, which for a first layer with one input channel cost more
		 * than the rest of the layer's backward pass (LEVERS.md, lever 10). Here, a block of images at a time,
		 * ∂L/∂W = E · colsᵀ summed over the blocks and ∂L/∂b = the row sums of E, with E the output gradients as
		 * [out channels, images × positions] and cols the input patches (im2col).
		 */
		private void weightGradientsByGemm(final float[] in, final float[] eps, final int n,
			final Map<String, INDArray> grads)
		{
			final int positions = outH * outW, k = inC * args[0] * args[1];
			final INDArray gw = scratch.nativeArray("gw2", slot, outC, k);
			final double[] biasSum = new double[outC];
			for (int from = 0; from < n; from += block) {
				final int count = Math.min(block, n - from), rows = count * positions, first = from;
				// E straight into native memory, and each (image, channel) plane's sum for ∂L/∂b on the way, with four
				// accumulators (one accumulator's chain of dependent additions took longer than the copy)
				final INDArray e = scratch.nativeArray("et", slot, outC, rows);
				final java.nio.FloatBuffer buffer = e.data().asNioFloat();
				final double[] planeSums = new double[count * outC];
				parallelCount(count * outC, Math.max(1, CHUNK / positions), p -> {
					final int img = p / outC, c = p % outC, src = ((first + img) * outC + c) * positions, end = src + positions;
					buffer.duplicate().put(c * rows + img * positions, eps, src, positions); // absolute: disjoint ranges
					double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
					int j = src;
					for (; j + 3 < end; j += 4) {
						s0 += eps[j];
						s1 += eps[j + 1];
						s2 += eps[j + 2];
						s3 += eps[j + 3];
					}
					for (; j < end; j++)
						s0 += eps[j];
					planeSums[p] = (s0 + s1) + (s2 + s3);
				});
				final INDArray cols = im2col(in, from, count);
				final float beta = from == 0 ? 0 : 1;
				// a result this small (out channels × k) on one OpenBLAS thread per product, as ND4J's library computes
				// it anyway: the machine's would split the long sum over its threads, in another order (Blas)
				if (rows < SPLIT_SUM_ROWS) Blas.oneThreadPerCall(() -> Gemm.gemm(e, cols, gw, false, true, beta));
				else { // the sum over images and positions in two halves at once (LEVERS.md, lever 24: 1.15× at b64,
					// 1.7× at b256)
					final INDArray half = scratch.nativeArray("gw half", slot, outC, k);
					final INDArray[][] parts = new INDArray[2][];
					for (int i = 0; i < 2; i++) {
						final org.nd4j.linalg.indexing.INDArrayIndex range = i == 0 ? NDArrayIndex.interval(0, rows / 2) : NDArrayIndex.interval(rows / 2,
							rows);
						parts[i] = new INDArray[] { e.get(NDArrayIndex.all(), range), cols.get(NDArrayIndex.all(), range) };
					}
					Blas.oneThreadPerCall(() -> parallelCount(2, 1, i -> Gemm.gemm(parts[i][0], parts[i][1], i == 0 ? gw
						: half, false, true, i == 0 ? beta : 0)));
					gw.addi(half);
				}
				for (int p = 0; p < planeSums.length; p++)
					biasSum[p % outC] += planeSums[p];
			}
			grads.get("W").assign(gw.reshape(grads.get("W").shape()));
			final INDArray gradB = grads.get("b");
			if (gradB != null) {
				final float[] sum = scratch.array("gb", slot, outC);
				for (int c = 0; c < outC; c++)
					sum[c] = (float) biasSum[c];
				gradB.assign(write(scratch.nativeArray("gb1", slot, outC), sum).reshape(gradB.shape()));
			}
		}

		/**
		 * The input patches of images [from, from + count) as the native matrix cols [in channels × kh × kw, count ×
		 * positions], zero outside the image: row (c, ky, kx), column (image, oy, ox) = in[image, c, oy·sh + ky − pt,
		 * ox·sw + kx − pl].
		 */
		private INDArray im2col(final float[] in, final int from, final int count) {
			final int kh = args[0], kw = args[1], sh = args[2], sw = args[3];
			final int positions = outH * outW, rows = count * positions, k = inC * kh * kw;
			final float[] cols = scratch.array("cols", slot, k * rows);
			parallelCount(k * count, Math.max(1, CHUNK / positions), task -> {
				final int row = task / count, img = task % count;
				final int c = row / (kh * kw), ky = row / kw % kh, kx = row % kw;
				final int plane = ((from + img) * inC + c) * inH * inW, base = row * rows + img * positions;
				for (int oy = 0; oy < outH; oy++) {
					final int y = oy * sh + ky - padTop, at = base + oy * outW;
					if (y < 0 || y >= inH) {
						Arrays.fill(cols, at, at + outW, 0f);
						continue;
					}
					final int line = plane + y * inW;
					if (sw == 1) { // a run of the input row, zeros where the kernel hangs over the edges
						final int lo = Math.max(0, Math.min(outW, padLeft - kx)), hi = Math.max(lo, Math.min(outW, inW +
							padLeft - kx));
						Arrays.fill(cols, at, at + lo, 0f);
						System.arraycopy(in, line + lo + kx - padLeft, cols, at + lo, hi - lo);
						Arrays.fill(cols, at + hi, at + outW, 0f);
					}
					else for (int ox = 0; ox < outW; ox++) {
						final int x = ox * sw + kx - padLeft;
						cols[at + ox] = x < 0 || x >= inW ? 0f : in[line + x];
					}
				}
			});
			return write(scratch.nativeArray("cols", slot, k, rows), cols);
		}
	}

	/** Max or average pooling without padding, in Java. */
	static final class Pool extends Step {

		private final boolean max;
		private final int c, h, w, kh, kw, sh, sw;

		private Pool(final boolean max, final int c, final int h, final int w, final int[] k, final int[] s) {
			this.max = max;
			this.c = c;
			this.h = h;
			this.w = w;
			this.kh = k[0];
			this.kw = k[1];
			this.sh = s[0];
			this.sw = s[1];
			this.outC = c;
			this.outH = (h - kh) / sh + 1;
			this.outW = (w - kw) / sw + 1;
		}

		static Pool of(final org.deeplearning4j.nn.conf.layers.SubsamplingLayer sl, final int c, final int h,
			final int w)
		{
			final PoolingType type = sl.getPoolingType();
			final int[] k = sl.getKernelSize(), s = sl.getStride(), p = sl.getPadding(), d = sl.getDilation();
			if ((type != PoolingType.MAX && type != PoolingType.AVG) || sl.getCnn2dDataFormat() != CNN2DFormat.NCHW ||
				p[0] != 0 || p[1] != 0 || (d != null && (d[0] != 1 || d[1] != 1)) || (sl
					.getConvolutionMode() != ConvolutionMode.Truncate && sl.getConvolutionMode() != ConvolutionMode.Strict) ||
				k[0] > h || k[1] > w) return null;
			return new Pool(type == PoolingType.MAX, c, h, w, k, s);
		}

		/** The common 2 × 2 max pooling with stride 2 (both presets), unrolled. */
		private boolean max2x2() {
			return max && kh == 2 && kw == 2 && sh == 2 && sw == 2;
		}

		@Override
		float[] forward(final float[] in, final int n) {
			final float[] out = scratch.array("a", slot, n * c * outH * outW);
			if (max2x2()) {
				planes(n * c, p -> {
					final int ib = p * h * w, ob = p * outH * outW;
					// Math.max is branch-free; comparisons of values with random signs mispredicted half the time and
					// were 6× slower (PoolProbe). A NaN in a window gives NaN.
					for (int y = 0; y < outH; y++) {
						final int r0 = ib + 2 * y * w, r1 = r0 + w, o = ob + y * outW;
						for (int x = 0; x < outW; x++)
							out[o + x] = Math.max(Math.max(in[r0 + 2 * x], in[r0 + 2 * x + 1]), Math.max(in[r1 + 2 * x],
								in[r1 + 2 * x + 1]));
					}
				});
				return out;
			}
			final float scale = 1f / (kh * kw);
			planes(n * c, p -> {
				final int ib = p * h * w, ob = p * outH * outW;
				for (int y = 0; y < outH; y++)
					for (int x = 0; x < outW; x++) {
						final int at = ib + y * sh * w + x * sw;
						float v = max ? in[at] : 0;
						for (int dy = 0; dy < kh; dy++)
							for (int dx = 0; dx < kw; dx++) {
								final float q = in[at + dy * w + dx];
								v = max ? Math.max(q, v) : v + q;
							}
						out[ob + y * outW + x] = max ? v : v * scale;
					}
			});
			return out;
		}

		@Override
		float[] backward(final float[] in, final float[] out, final float[] epsOut, final int n) {
			final float[] dx = scratch.array("d", slot, in.length);
			if (max2x2()) { // every input written once, in order: the gradient to the window's first maximum, +0 elsewhere
				planes(n * c, p -> {
					final int ib = p * h * w, ob = p * outH * outW;
					// The first of the four equal to the window's maximum (the forward pass's output) by integer masks on
					// the gradient's bits: no branches on the values (they mispredict), no float selects (C2 makes them
					// branches), no fill and scatter; 2× faster than the index selects before (PoolProbe). Ties go to the
					// top row, then to the left, as DL4J.
					for (int y = 0; y < outH; y++) {
						final int r0 = ib + 2 * y * w, r1 = r0 + w, o = ob + y * outW;
						for (int x = 0; x < outW; x++) {
							final int i0 = r0 + 2 * x, i2 = r1 + 2 * x;
							final float m = out[o + x];
							final int g = Float.floatToRawIntBits(epsOut[o + x]);
							final int ma = in[i0] == m ? -1 : 0, mb = in[i0 + 1] == m ? ~ma : 0, md = in[i2] == m ? ~(ma | mb) : 0,
								me = ~(ma | mb | md);
							dx[i0] = Float.intBitsToFloat(g & ma);
							dx[i0 + 1] = Float.intBitsToFloat(g & mb);
							dx[i2] = Float.intBitsToFloat(g & md);
							dx[i2 + 1] = Float.intBitsToFloat(g & me);
						}
						if (w > 2 * outW) { // a last column no window covers
							Arrays.fill(dx, r0 + 2 * outW, r0 + w, 0f);
							Arrays.fill(dx, r1 + 2 * outW, r1 + w, 0f);
						}
					}
					Arrays.fill(dx, ib + 2 * outH * w, ib + h * w, 0f); // a last row no window covers (if any)
				});
				return dx;
			}
			parallel(dx.length, k -> Arrays.fill(dx, k, Math.min(dx.length, k + CHUNK), 0f));
			final float scale = 1f / (kh * kw);
			planes(n * c, p -> {
				final int ib = p * h * w, ob = p * outH * outW;
				for (int y = 0; y < outH; y++)
					for (int x = 0; x < outW; x++) {
						final int at = ib + y * sh * w + x * sw;
						final float e = epsOut[ob + y * outW + x];
						if (max) { // to the first maximum, as libnd4j's maxpool2d_bp
							int arg = at;
							float v = in[at];
							for (int dy = 0; dy < kh; dy++)
								for (int dxx = 0; dxx < kw; dxx++) {
									final float q = in[at + dy * w + dxx];
									if (q > v) {
										v = q;
										arg = at + dy * w + dxx;
									}
								}
							dx[arg] += e;
						}
						else for (int dy = 0; dy < kh; dy++)
							for (int dxx = 0; dxx < kw; dxx++)
								dx[at + dy * w + dxx] += e * scale;
					}
			});
			return dx;
		}

		/** Runs {@code body} for every plane (image × channel), in two or more parallel ranges when large. */
		private void planes(final int count, final IntConsumer body) {
			final int per = Math.max(1, CHUNK / (h * w));
			parallelCount(count, per, body);
		}
	}

	/** A dense or output layer: x W + b through BLAS gemm, then the activation in Java. */
	static final class Dense extends Step {

		private final Layer layer;
		private final Act act;
		private final int in, out;
		/** Per role of {@link #biasRows}: the bias last tiled and the buffer it was tiled into. */
		private final Map<String, float[][]> tiled = new HashMap<>();

		private Dense(final Layer layer, final Act act, final int in, final int out) {
			this.layer = layer;
			this.act = act;
			this.in = in;
			this.out = out;
			this.outC = out;
			this.outH = 1;
			this.outW = 1;
		}

		static Dense of(final Layer layer, final int in, final boolean output) {
			final INDArray w = layer.getParam("W");
			if (w == null || w.rank() != 2 || w.size(0) != in) return null;
			if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.DenseLayer d && d.hasLayerNorm())
				return null;
			final Act act = Act.of(((org.deeplearning4j.nn.conf.layers.BaseLayer) layer.conf().getLayer())
				.getActivationFn(), output);
			return act == null ? null : new Dense(layer, act, in, (int) w.size(1));
		}

		@Override
		float[] forward(final float[] x, final int n) {
			final float[] z = preActivation(x, n);
			act.apply(z, out);
			return z;
		}

		@Override
		float[] forwardFrom(final INDArray x, final int n) {
			final float[] a = preActivationFrom(x, n);
			act.apply(a, out);
			return a;
		}

		/**
		 * The pre-activation from the input as an array: a {@link #plain} one of n × in values (any shape) read where
		 * it is, any other through a copy.
		 */
		float[] preActivationFrom(final INDArray x, final int n) {
			if (!plain(x) || x.length() != (long) n * in) return preActivation(floats(x), n);
			final INDArray z = scratch.nativeArray("z", slot, n, out);
			// without a reshape (LEVERS.md, lever 29)
			Gemm.gemmRows(x, n, in, layer.getParam("W"), z, false, biasInto(z, n) ? 1 : 0);
			return read(z, scratch.array("a", slot, n * out));
		}

		/**
		 * Whether this layer has a bias; if so, z [n, out] (native) now holds it repeated for each row, for the product
		 * to add itself to (beta = 1: lever 42), which saves OpenBLAS's zeroing of z and a pass over the values.
		 */
		private boolean biasInto(final INDArray z, final int n) {
			final float[] b = biasRows(n, "bias rows");
			if (b != null) write(z, b);
			return b != null;
		}

		float[] preActivation(final float[] x, final int n) {
			return preActivation(write(scratch.nativeArray("x", slot, n, in), x), n);
		}

		/** The pre-activation from the input [n, in] in native memory. */
		float[] preActivation(final INDArray x, final int n) {
			final INDArray z = scratch.nativeArray("z", slot, n, out);
			Gemm.gemm(x, layer.getParam("W"), z, false, false, biasInto(z, n) ? 1 : 0);
			return read(z, scratch.array("a", slot, n * out));
		}

		/**
		 * This layer's bias repeated for {@code rows} rows, in the scratch buffer {@code role}, or null without a bias:
		 * laid out like the rows it is added to (lever 40). Tiled again only when the bias or the buffer changed: the
		 * bias is compared with the one last tiled, so that changes through DL4J (training, a script) are seen.
		 */
		float[] biasRows(final int rows, final String role) {
			final INDArray bias = layer.getParam("b");
			if (bias == null) return null;
			final float[] b = parameter(bias, scratch.array("bias", slot, out)), dest = scratch.array(role, slot, rows * out);
			final float[][] kept = tiled.get(role); // {the bias tiled, the buffer}
			if (kept != null && kept[1] == dest && Arrays.equals(kept[0], b)) return dest;
			tiled.put(role, new float[][] { b.clone(), dest });
			return tile(b, rows, dest);
		}

		/**
		 * The output of {@code rows} images whose input rows are at {@code x} in native memory, into {@code a} from
		 * {@code at}: the product into {@code z} (native, rows × out floats at least), the bias from {@link #biasRows}
		 * (or null), the activation. Touches nothing shared but {@code a}'s range, for {@link #denseInParts}.
		 */
		void forwardRows(final FloatPointer x, final int rows, final FloatPointer z, final float[] biasRows,
			final float[] a, final int at)
		{
			final int count = rows * out;
			if (biasRows != null) z.put(biasRows, 0, count);
			Gemm.rowsTimes(x, rows, in, layer.getParam("W"), z, biasRows != null ? 1 : 0);
			z.get(a, at, count);
			act.apply(a, at, at + count, out);
		}

		@Override
		float[] backward(final float[] x, final float[] a, final float[] epsOut, final int n) {
			act.backward(a, epsOut, out);
			return inputGradient(epsOut, n);
		}

		@Override
		float[] train(final float[] x, final float[] a, final float[] epsOut, final int n,
			final Map<String, INDArray> grads, final boolean needInput)
		{
			act.backward(a, epsOut, out);
			return trainFromPreActivation(x, epsOut, n, grads, needInput);
		}

		/** {@link #train} from the input [n, in] in native memory. */
		float[] train(final INDArray x, final float[] a, final float[] epsOut, final int n,
			final Map<String, INDArray> grads, final boolean needInput)
		{
			act.backward(a, epsOut, out);
			return trainFromPreActivation(x, epsOut, n, grads, needInput);
		}

		/** {@link #train} given ∂L/∂z, the gradient before the activation: ∂L/∂W = xᵀ ε, ∂L/∂b = Σ ε, ∂L/∂x = ε Wᵀ. */
		float[] trainFromPreActivation(final float[] x, final float[] epsZ, final int n,
			final Map<String, INDArray> grads, final boolean needInput)
		{
			return trainFromPreActivation(write(scratch.nativeArray("x", slot, n, in), x), epsZ, n, grads, needInput);
		}

		/** {@link #trainFromPreActivation(float[], float[], int, Map, boolean)} from the input [n, in] in native memory. */
		float[] trainFromPreActivation(final INDArray xs, final float[] epsZ, final int n,
			final Map<String, INDArray> grads, final boolean needInput)
		{
			final INDArray es = write(scratch.nativeArray("e", slot, n, out), epsZ);
			// εᵀx = (∂L/∂W)ᵀ: [out, in] in c order, the memory layout of DL4J's f-order [in, out] weight gradient
			final INDArray gwT = scratch.nativeArray("gw", slot, out, in), gradW = grads.get("W");
			Gemm.gemm(es, xs, gwT, true, false);
			if (gradW.ordering() == 'f' && gradW.stride(0) == 1 && gradW.stride(1) == in) writeMemory(gradW, read(gwT,
				scratch.array("gw", slot, in * out)));
			else gradW.assign(gwT.transpose()); // a strided copy: several times slower than the gemm
			final INDArray gradB = grads.get("b");
			if (gradB != null) {
				final float[] sum = scratch.array("gb", slot, out), row = scratch.array("gb row", slot, out);
				Arrays.fill(sum, 0f);
				for (int r = 0; r < n; r++) { // the rows in order, each copied first so that both have one index (vectorized)
					System.arraycopy(epsZ, r * out, row, 0, out);
					for (int j = 0; j < out; j++)
						sum[j] += row[j];
				}
				if (contiguous(gradB)) writeMemory(gradB, sum);
				else gradB.assign(write(scratch.nativeArray("gb", slot, out), sum).reshape(gradB.shape()));
			}
			if (!needInput) return null;
			final INDArray dx = scratch.nativeArray("dx", slot, n, in);
			Gemm.gemm(es, layer.getParam("W"), dx, false, true);
			return read(dx, scratch.array("d", slot, n * in));
		}

		/** ∂/∂x from ∂/∂z (before the activation): ε Wᵀ. */
		float[] inputGradient(final float[] epsZ, final int n) {
			final INDArray dx = scratch.nativeArray("dx", slot, n, in);
			Gemm.gemm(write(scratch.nativeArray("e", slot, n, out), epsZ), layer.getParam("W"), dx, false, true);
			return read(dx, scratch.array("d", slot, n * in));
		}
	}

	// -- helpers --

	/**
	 * Per-thread buffers of {@link Conv#inputGradientThroughMaxPool}, {@link Conv#transposedFromGrids},
	 * {@link Conv#channelForward} and {@link Conv#channelBackward}.
	 */
	private static final ThreadLocal<Buffers> LOCAL = ThreadLocal.withInitial(Buffers::new);

	private static final class Buffers {
		private float[] gradients = new float[0], wide = new float[0], shifted = new float[0];
		private float[][] grids = new float[0][0];
		private int[] at = new int[0];

		float[] wide(final int length) {
			return wide = atLeast(wide, length);
		}

		float[] shifted(final int length) {
			return shifted = atLeast(shifted, length);
		}

		/** count arrays of at least length floats each (separate arrays: one with offsets would be a shifted index). */
		float[][] grids(final int count, final int length) {
			if (grids.length < count || grids[0].length < length) grids = new float[count][length];
			return grids;
		}

		float[] gradients(final int length) {
			return gradients = atLeast(gradients, length);
		}

		/** a, or a new array when a is shorter than length. */
		private static float[] atLeast(final float[] a, final int length) {
			return a.length < length ? new float[length] : a;
		}

		int[] at(final int length) {
			if (at.length < length) at = new int[length];
			return at;
		}
	}

	/** Rows of the lowest layer's patch matrix from which its weight gradient is summed in two halves at once. */
	static final int SPLIT_SUM_ROWS = 1 << 15;

	/** Floats in one block of im2col patches (64 MB): larger batches are done a block of images at a time. */
	static final long COLS_LIMIT = 16L << 20;

	/**
	 * System property: {@code false} takes the lowest layer's weight gradients from oneDNN's conv2d_bp instead of
	 * im2col and BLAS (for measuring; LEVERS.md, lever 10).
	 */
	static final String IM2COL = "insilico.kernels.im2col";

	/**
	 * System property: {@code false} runs dense layers on the whole batch, never in parts ({@link #denseInParts},
	 * {@link #denseColumnsThenRows}).
	 */
	static final String ROW_PARTS = "insilico.kernels.rowparts";

	/**
	 * Images per part of {@link #denseInParts} at least: `mlp` at batch 64 in parts of 32 ran at 0.95–1.05 × the whole
	 * batch, at 128 and 256 in parts of 64 and 128 at 1.09–1.30 × (LEVERS.md, lever 41).
	 */
	static final int PART_ROWS = 64;

	/** Multiply–adds per part of {@link #denseInParts} at least. */
	static final long PART_MACS = 1 << 20;

	/**
	 * Images of a batch for {@link #denseColumnsThenRows} at least: `mlp` at batch 4 ran at 1.54 × OpenBLAS's own
	 * split, at 2 at 1.02 × (LEVERS.md, lever 46).
	 */
	static final int COLUMN_ROWS = 4;

	/**
	 * Multiply–adds of the first layer for {@link #denseColumnsThenRows} at least: where OpenBLAS 0.3.21 runs a
	 * product on its threads (m · n · k ≥ 2¹⁸), not on one.
	 */
	static final long COLUMN_MACS = 1 << 18;

	/** Floats of {@link Conv#transposedFromGrids}'s grids per thread at most (4 MB); larger layers scatter. */
	static final int GRID_FLOATS = 1 << 20;

	/** Values handled per parallel task (about 256 KB of floats). */
	static final int CHUNK = 1 << 16;

	private static void exec(final String name, final INDArray[] inputs, final int[] args, final INDArray output) {
		Nd4j.exec(DynamicCustomOp.builder(name).addInputs(inputs).addIntegerArguments(args).addOutputs(output).build());
	}

	/** body(k) for k = 0, CHUNK, 2·CHUNK, … < length; in parallel when there is more than one chunk. */
	static void parallel(final int length, final IntConsumer body) {
		if (length <= CHUNK) {
			if (length > 0) body.accept(0);
			return;
		}
		IntStream.range(0, (length + CHUNK - 1) / CHUNK).parallel().forEach(i -> body.accept(i * CHUNK));
	}

	/** body(i) for i in [0, count), in groups of {@code per}, the groups in parallel when there are several. */
	static void parallelCount(final int count, final int per, final IntConsumer body) {
		final int groups = (count + per - 1) / per;
		if (groups <= 1) {
			for (int i = 0; i < count; i++)
				body.accept(i);
			return;
		}
		IntStream.range(0, groups).parallel().forEach(g -> {
			final int end = Math.min(count, (g + 1) * per);
			for (int i = g * per; i < end; i++)
				body.accept(i);
		});
	}
}
