package org.insilico.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.image.ImageStacks;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained network to probe: a DL4J {@link MultiLayerNetwork} (or a {@link ComputationGraph} that is a chain of
 * layers) with readable layer names, an input shape
 * (channels, height, width), class names, and the three abilities every analysis needs:
 * <ul>
 * <li>{@link #activations}: a layer's output for a set of images, computed in memory-bounded batches;</li>
 * <li>{@link #gradient}: {@code ∂t/∂x}, the gradient of a {@link Target} at any layer with respect to the input
 * pixels, by exact back-propagation;</li>
 * <li>{@link #forward(INDArray, int, int)}: the layers above a layer run from given activations at that layer (for
 * fast ablation from cached activations).</li>
 * </ul>
 * Every input is an image tensor of shape [n, channels, height, width]; the layers' own pre-processors flatten it
 * for dense layers. The network is evaluated in inference mode throughout: dropout, a training-only device, is
 * removed from the wrapped network's configuration (training on the kernels reads it first and applies it).
 * <p>
 * Threading: DL4J layers keep their last input, so calls on one Network are serialized (methods are
 * {@code synchronized}); use {@link #copy()} for parallel work.
 */
public final class Network {

	static {
		Engine.ensure();
	}

	/** Activation memory allowed per batch when the caller does not say (bytes). */
	static final long BATCH_BYTES = 64L << 20;

	private final Model model;
	private final Layer[] chain;
	private final InputPreProcessor[] preprocessors;
	private final int channels, height, width;
	private final List<String> classNames;
	private final String architecture;
	private final List<LayerInfo> layers;
	private final DataType dataType;
	private final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
	/** Direct kernels for inference, input gradients and training, or null for DL4J's layers ({@link KernelChain}). */
	private final KernelChain kernels;
	/**
	 * Per layer, the probability of keeping each input value in training (DL4J's dropout, read from the configuration
	 * before it is removed for inference); null for graphs.
	 */
	private final double[] retain;
	/**
	 * Whether {@link #fit} computes gradients on the kernels (then DL4J's update, see {@code fitOnKernels}), else
	 * DL4J's own fit.
	 */
	private final boolean trainsOnKernels;
	/** DL4J's update as Java loops, when it covers the network's optimizer (made on the first step; else null). */
	private KernelUpdater updater;
	/** {@link #gradientViews()}, when training on the kernels (the flattened gradient never moves). */
	private final List<Map<String, INDArray>> gradientViews;

	/**
	 * Wraps an initialized network: a {@link MultiLayerNetwork}, or a {@link ComputationGraph} whose layers form one
	 * chain (one input, each layer feeding the next, one output). Its last layer must be a dense output layer (e.g.
	 * softmax) and its input [n, channels, height, width].
	 *
	 * @param architecture a short description, e.g. the preset name {@code lenet}
	 * @throws InSilicoException if the network does not have that form
	 */
	public Network(final Model model, final int channels, final int height, final int width,
		final List<String> classNames, final String architecture)
	{
		this.model = model;
		this.channels = channels;
		this.height = height;
		this.width = width;
		this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
		this.architecture = architecture;
		this.dataType = model.params().dataType();
		final List<Layer> layerList = new ArrayList<>();
		final List<InputPreProcessor> preList = new ArrayList<>();
		final List<String> nameList = new ArrayList<>();
		double[] retainList = null;
		if (model instanceof MultiLayerNetwork net) {
			if (net.getFlattenedGradients() == null) net.initGradientsView(); // back-propagation writes into these
			retainList = new double[net.getLayers().length];
			for (int i = 0; i < net.getLayers().length; i++) {
				retainList[i] = net.getLayerWiseConfigurations().getConf(i).getLayer().getIDropout() instanceof
					org.deeplearning4j.nn.conf.dropout.Dropout d && d.getPSchedule() == null ? d.getP() : 1;
				layerList.add(net.getLayer(i));
				preList.add(net.getLayerWiseConfigurations().getInputPreProcess(i));
				nameList.add(net.getLayer(i).conf().getLayer().getLayerName());
				net.getLayerWiseConfigurations().getConf(i).getLayer().setIDropout(null);
			}
		}
		else if (model instanceof ComputationGraph graph) {
			if (graph.getFlattenedGradients() == null) graph.initGradientsView();
			chainOf(graph, layerList, preList, nameList);
		}
		else throw new InSilicoException("network: expected a DL4J MultiLayerNetwork or ComputationGraph, not " +
			model.getClass().getSimpleName());
		this.chain = layerList.toArray(new Layer[0]);
		Engine.tune(chain);
		this.preprocessors = preList.toArray(new InputPreProcessor[0]);
		for (final Layer l : chain)
			l.conf().getLayer().setIDropout(null);
		if (chain.length == 0 || !(chain[chain.length - 1] instanceof BaseOutputLayer) || chain[chain.length - 1]
			.getParam("W") == null) throw new InSilicoException("network: the last layer must be a dense output layer " +
				"(softmax over the classes); this network ends in " + (chain.length == 0 ? "nothing" : chain[chain.length -
					1].getClass().getSimpleName()));
		this.layers = describeLayers(nameList);
		this.kernels = KernelChain.of(chain, preprocessors, channels, height, width, dataType);
		this.retain = retainList;
		this.trainsOnKernels = kernels != null && retainList != null && KernelChain.trainable(chain);
		this.gradientViews = trainsOnKernels ? gradientViewsOf(chain) : null;
		final LayerInfo out = layers.get(layers.size() - 1);
		if (out.units() != classNames.size()) throw new InSilicoException("network: the output layer has " + out
			.units() + " units but " + classNames.size() + " class names were given " + classNames);
	}

	/** The layers of a graph that is one chain, in order; a clear error for any other graph. */
	private static void chainOf(final ComputationGraph graph, final List<Layer> layers,
		final List<InputPreProcessor> pre, final List<String> names)
	{
		final var conf = graph.getConfiguration();
		if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1)
			throw new InSilicoException("network: In Silico probes graphs with one input and one output; this one has " +
				conf.getNetworkInputs().size() + " inputs and " + conf.getNetworkOutputs().size() + " outputs");
		for (final int index : graph.topologicalSortOrder()) {
			final GraphVertex v = graph.getVertices()[index];
			if (v.isInputVertex()) continue;
			if (!(v instanceof LayerVertex lv)) throw new InSilicoException("network: vertex '" + v.getVertexName() +
				"' is a " + v.getClass().getSimpleName() + "; In Silico probes graphs that are a chain of layers");
			if (v.getInputVertices() == null || v.getInputVertices().length != 1 || (v.getOutputVertices() != null && v
				.getOutputVertices().length > 1)) throw new InSilicoException("network: layer '" + v.getVertexName() +
					"' has several inputs or outputs; In Silico probes graphs that are a chain of layers");
			layers.add(v.getLayer());
			pre.add(lv.getLayerPreProcessor());
			names.add(v.getVertexName());
		}
	}

	private List<LayerInfo> describeLayers(final List<String> givenNames) {
		final INDArray probe = Nd4j.zeros(dataType, 1, channels, height, width);
		final List<LayerInfo> infos = new ArrayList<>();
		final Set<String> used = new HashSet<>();
		INDArray a = probe;
		final Layer[] ls = chain;
		for (int i = 0; i < ls.length; i++) {
			a = activateLayer(i, layerInput(i, a, 1));
			final long[] shape = new long[a.rank() - 1];
			System.arraycopy(a.shape(), 1, shape, 0, shape.length);
			String name = givenNames.get(i);
			if (name == null || name.isBlank() || name.matches("\\d+") || !used.add(name)) {
				name = "layer" + i;
				used.add(name);
			}
			final String activation = ls[i].conf().getLayer() instanceof BaseLayer b && b.getActivationFn() != null
				? b.getActivationFn().toString() : "identity";
			infos.add(new LayerInfo(i, name, kindOf(ls[i]), shape, ls[i].numParams(), activation));
		}
		return Collections.unmodifiableList(infos);
	}

	private static String kindOf(final Layer layer) {
		if (layer instanceof BaseOutputLayer) return "output";
		if (layer instanceof ConvolutionLayer) return "convolution";
		if (layer instanceof SubsamplingLayer) {
			final PoolingType p = ((org.deeplearning4j.nn.conf.layers.SubsamplingLayer) layer.conf().getLayer())
				.getPoolingType();
			return p == PoolingType.MAX ? "max pooling" : p == PoolingType.AVG ? "average pooling" : "pooling";
		}
		if (layer instanceof DenseLayer) return "dense";
		return layer.getClass().getSimpleName();
	}

	// -- description --

	/** The wrapped DL4J network (for saving; analyses use the methods of this class). */
	public Model dl4j() {
		return model;
	}

	/** Whether inference and input gradients run on direct kernels ({@link KernelChain}) rather than DL4J's layers. */
	public boolean usesKernels() {
		return kernels != null;
	}

	/** The DL4J layer behind {@code layers().get(index)}. */
	public Layer dl4jLayer(final int index) {
		return chain[index];
	}

	/** One training step on a batch (images [n, c, h, w], one-hot labels [n, classes]); returns the batch loss. */
	synchronized double fit(final INDArray images, final INDArray labels) {
		if (trainsOnKernels) return fitOnKernels((MultiLayerNetwork) model, images, labels);
		if (model instanceof MultiLayerNetwork net) net.fit(images, labels);
		else ((ComputationGraph) model).fit(new INDArray[] { images }, new INDArray[] { labels });
		return model.score();
	}

	/**
	 * DL4J's training step (StochasticGradientDescent.optimize) with the gradients from the kernels: gradients summed
	 * over the batch into the network's gradient view, DL4J's update (division by the batch size, the optimizer,
	 * weight decay; in Java by {@link KernelUpdater} on DL4J's own state when it covers the optimizer, else by DL4J's
	 * updater), params −= update, iteration count + 1, constraints. The score is DL4J's: mean cross-entropy plus
	 * the regularization score. Dropout masks come from the configuration's seed and the iteration, so a run repeats.
	 */
	private double fitOnKernels(final MultiLayerNetwork net, final INDArray images, final INDArray labels) {
		final int iteration = BaseOptimizer.getIterationCount(net), epoch = BaseOptimizer.getEpochCount(net);
		final long seed = net.getLayerWiseConfigurations().getConf(0).getSeed();
		final double loss = kernels.train(images, labels, retain, new SplittableRandom(seed * 1_000_003L + iteration),
			gradientViews);
		final double score = loss + net.calcRegularizationScore(true); // before the step, as DL4J's fit
		if (updater == null || !updater.matches(net)) updater = KernelUpdater.of(net);
		if (updater != null) updater.step(net, iteration, epoch, (int) images.size(0));
		else {
			net.getUpdater().update(net, new DefaultGradient(net.getFlattenedGradients()), iteration, epoch, (int) images
				.size(0), workspaces);
			final INDArray params = net.params();
			params.subi(net.getFlattenedGradients().reshape(params.shape()));
		}
		BaseOptimizer.incrementIterationCount(net, 1);
		BaseOptimizer.applyConstraints(net);
		net.setScore(score);
		return score;
	}

	/** The kernels this network runs on, or null on DL4J's path; for tests and probes. */
	KernelChain kernels() {
		return kernels;
	}

	/** Whether {@link #fit} runs on the kernels ({@link KernelChain}) rather than DL4J's layers. */
	boolean trainsOnKernels() {
		return trainsOnKernels;
	}

	/** Per layer, its parameters' views into the network's flattened gradient (empty for layers without any). */
	List<Map<String, INDArray>> gradientViews() {
		return gradientViews;
	}

	private static List<Map<String, INDArray>> gradientViewsOf(final Layer[] chain) {
		final List<Map<String, INDArray>> views = new ArrayList<>(chain.length);
		for (final Layer l : chain)
			views.add(l.numParams() == 0 ? Map.of() : l.conf().getLayer().initializer().getGradientsFromFlattened(l.conf(),
				l.getGradientsViewArray()));
		return Collections.unmodifiableList(views);
	}

	public int channels() {
		return channels;
	}

	public int height() {
		return height;
	}

	public int width() {
		return width;
	}

	public List<String> classNames() {
		return classNames;
	}

	public String architecture() {
		return architecture;
	}

	public DataType dataType() {
		return dataType;
	}

	public List<LayerInfo> layers() {
		return layers;
	}

	public List<String> layerNames() {
		return layers.stream().map(LayerInfo::name).toList();
	}

	public long parameterCount() {
		return model.numParams();
	}

	/** The layer with this name; the error lists the layers. */
	public LayerInfo layer(final String name) {
		for (final LayerInfo l : layers)
			if (l.name().equals(name)) return l;
		throw InSilicoException.badParameter("layer", name, "expected one of " + layerNames());
	}

	/** The same network in another floating-point type (e.g. DOUBLE for finite-difference checks). */
	public Network withDataType(final DataType type) {
		final Model converted = model instanceof MultiLayerNetwork net ? net.convertDataType(type)
			: ((ComputationGraph) model).convertDataType(type);
		return new Network(converted, channels, height, width, classNames, architecture);
	}

	/** An independent copy (parameters copied). */
	public Network copy() {
		final Model clone = model instanceof MultiLayerNetwork net ? net.clone() : ((ComputationGraph) model).clone();
		return new Network(clone, channels, height, width, classNames, architecture);
	}

	// -- inputs --

	/** Throws unless images of this size can be given to the network. */
	public void checkImageSize(final long imageWidth, final long imageHeight, final String parameter) {
		if (imageWidth != width || imageHeight != height) throw new InSilicoException(parameter + " = " + imageWidth +
			"x" + imageHeight + " pixels: this network (" + architecture + ") takes " + width + "x" + height + " images");
	}

	/** A tensor [n, channels, height, width] of this network's data type from pixels (x fastest, then y, n). */
	public INDArray toInput(final float[] pixels) {
		final long per = (long) channels * height * width;
		if (pixels.length % per != 0) throw InSilicoException.badParameter("pixels", pixels.length + " values",
			"expected a multiple of " + per + " (" + channels + "x" + height + "x" + width + ")");
		return tensor(pixels, 0, (int) (pixels.length / per));
	}

	/**
	 * {@link #toInput(float[])} of images {@code [from, from + count)} of {@code pixels}, copied straight into the
	 * tensor (no intermediate copy of the batch).
	 */
	public INDArray toInput(final float[] pixels, final int from, final int count) {
		final int per = channels * height * width;
		if (from < 0 || count < 1 || (long) from + count > pixels.length / per) throw InSilicoException.badParameter(
			"images", from + " to " + ((long) from + count), "expected a range within the " + pixels.length / per +
				" images given");
		return tensor(pixels, from * per, count);
	}

	/** {@code count} images from {@code pixels[offset ...]} as a tensor of this network's data type (one bulk copy). */
	private INDArray tensor(final float[] pixels, final int offset, final int count) {
		final INDArray x = floatTensor(pixels, offset, count, channels, height, width);
		return dataType == DataType.FLOAT ? x : x.castTo(dataType);
	}

	/**
	 * A FLOAT tensor of this shape (c order) holding {@code values[offset …]}: one bulk copy into native memory, where
	 * {@code Nd4j.create(Arrays.copyOfRange(…))} copies twice and leaves a Java array of the whole tensor behind.
	 */
	public static INDArray floatTensor(final float[] values, final int offset, final long... shape) {
		long length = 1;
		for (final long d : shape)
			length *= d;
		if (offset < 0 || length < 1 || offset + length > values.length) throw new IllegalArgumentException(
			"values from " + offset + " for shape " + java.util.Arrays.toString(shape) + ": expected a range within the " +
				values.length + " values");
		final INDArray x = KernelChain.uninitialized(shape);
		x.data().asNioFloat().put(0, values, offset, (int) length);
		return x;
	}

	/**
	 * The values of a tensor in c order (row-major, last index fastest) as floats: one bulk copy out of native memory
	 * for a plain FLOAT tensor, else through a c-order copy. ND4J's {@code data().asFloat()} reads one value at a time
	 * (it showed in a profile of gradient images; LEVERS.md, lever 31).
	 */
	public static float[] values(final INDArray a) {
		return KernelChain.floats(a);
	}

	/** The images of a 2D image or a 3D stack (x, y, n) as a tensor, after checking their size. */
	public INDArray toInput(final RandomAccessibleInterval<? extends RealType<?>> images) {
		checkImageSize(images.dimension(0), images.numDimensions() > 1 ? images.dimension(1) : 1, "images");
		return toInput(ImageStacks.toFloatArray(images));
	}

	/** How many images to process at once so that activations up to {@code layer} stay within the memory bound. */
	public int batchSize(final int layer) {
		return batchSize(-1, layer, 512);
	}

	/**
	 * How many images to run through layers {@code from + 1 … to} at once (from activations of layer {@code from},
	 * -1 for the images) so that their activations stay within the memory bound; at most {@code cap}. Layers high in
	 * the network need little memory per image, and larger batches amortize ND4J's cost per operation.
	 */
	public int batchSize(final int from, final int to, final int cap) {
		long perImage = from < 0 ? (long) channels * height * width : layers.get(from).units();
		for (int i = from + 1; i <= to && i < layers.size(); i++)
			perImage += 2 * layers.get(i).units();
		final long bytes = perImage * (dataType == DataType.DOUBLE ? 8 : 4);
		return (int) Math.max(1, Math.min(cap, BATCH_BYTES / bytes));
	}

	// -- the three abilities, on tensors --

	private INDArray layerInput(final int layer, final INDArray previous, final int miniBatch) {
		final InputPreProcessor p = preprocessors[layer];
		return p == null ? previous : p.preProcess(previous, miniBatch, workspaces);
	}

	private INDArray activateLayer(final int layer, final INDArray input) {
		return chain[layer].activate(input, false, workspaces);
	}

	/**
	 * Runs layers {@code from + 1 … to} on {@code activations}, the output of layer {@code from} (or the input
	 * images when {@code from == -1}), and returns the output of layer {@code to}.
	 */
	public synchronized INDArray forward(final INDArray activations, final int from, final int to) {
		if (kernels != null && to > from) return kernels.forward(activations, from, to);
		final int mb = (int) activations.size(0);
		INDArray a = activations;
		for (int i = from + 1; i <= to; i++)
			a = activateLayer(i, layerInput(i, a, mb));
		return a;
	}

	/**
	 * The output layer's logits (scores before the softmax) computed from the activations of layer {@code from}.
	 */
	public synchronized INDArray logits(final INDArray activations, final int from) {
		if (kernels != null) return kernels.logits(activations, from);
		final int out = layers.size() - 1;
		final INDArray below = forward(activations, from, out - 1);
		return logitsOf(layerInput(out, below, (int) below.size(0)));
	}

	private INDArray logitsOf(final INDArray outputLayerInput) {
		final Layer out = chain[chain.length - 1];
		final INDArray z = outputLayerInput.mmul(out.getParam("W"));
		final INDArray b = out.getParam("b");
		return b == null ? z : z.addiRowVector(b);
	}

	/** Class probabilities [n, classes] for images [n, c, h, w]. */
	public INDArray output(final INDArray images) {
		return forward(images, -1, layers.size() - 1);
	}

	/** The activations of {@code layer} for images [n, c, h, w], shape [n, …] as the layer gives them. */
	public INDArray activations(final INDArray images, final int layer) {
		return forward(images, -1, layer);
	}

	/**
	 * The target's value {@code t(x)} for each image: a vector of length n.
	 */
	public INDArray targetValues(final INDArray images, final Target target) {
		checkTarget(target);
		return targetValues(images, target, weights(target).reshape(1, -1));
	}

	/**
	 * Every target's value on every image: element (i, j) is {@code targets.get(j)} read out of image i, from one
	 * forward pass. The targets must read the same layer the same way (e.g. all units of one layer, or all class
	 * logits).
	 */
	public INDArray targetMatrix(final INDArray images, final List<Target> targets) {
		final Target first = targets.get(0);
		final INDArray w = weightRows(targets, "targets read together must read the same layer the same way");
		final int n = (int) images.size(0);
		final INDArray a;
		synchronized (this) {
			a = first.onLogits() ? logits(images, -1) : forward(images, -1, first.layerIndex());
		}
		return a.reshape('c', n, -1).mmul(w.transpose());
	}

	/**
	 * Each image's own target's value: {@code targets.get(i)} is read out of image i. The targets must read the
	 * same layer the same way (e.g. all class logits, or all units of one layer).
	 */
	public INDArray targetValues(final INDArray images, final List<Target> targets) {
		return targetValues(images, targets.get(0), weights(targets, images.size(0)));
	}

	private synchronized INDArray targetValues(final INDArray images, final Target first, final INDArray w) {
		final int n = (int) images.size(0);
		final INDArray a = first.onLogits() ? logits(images, -1) : forward(images, -1, first.layerIndex());
		final INDArray flat = a.reshape('c', n, -1);
		return (w.size(0) == 1 ? flat.mulRowVector(w) : flat.mul(w)).sum(1).reshape(n);
	}

	/**
	 * {@code ∂t/∂x}: the gradient of the target with respect to each input pixel, for each image separately, by
	 * back-propagation through the layers below the target (inference mode). Shape equals the input's.
	 */
	public INDArray gradient(final INDArray images, final Target target) {
		checkTarget(target);
		return gradient(images, target, weights(target).reshape(1, -1));
	}

	/**
	 * Each image's gradient of its own target, {@code targets.get(i)} for image i (e.g. each image's predicted
	 * class, or every unit of a layer for copies of one image). The targets must read the same layer the same way.
	 */
	public INDArray gradient(final INDArray images, final List<Target> targets) {
		return gradient(images, targets.get(0), weights(targets, images.size(0)));
	}

	/** A gradient {@code ∂t/∂x} per image (the images' shape) and the target's value {@code t(x)} per image. */
	public record GradientAndValues(INDArray gradient, double[] values) {}

	/**
	 * {@link #gradient(INDArray, List)} and {@link #targetValues(INDArray, List)} together, from one forward pass
	 * when the network runs on the kernels.
	 */
	public GradientAndValues gradientAndValues(final INDArray images, final List<Target> targets) {
		final INDArray w = weights(targets, images.size(0));
		final Target first = targets.get(0);
		synchronized (this) {
			if (kernels != null) {
				final double[] values = new double[(int) images.size(0)];
				final INDArray g = kernels.gradient(images, first.layerIndex(), first.onLogits(), w, values);
				return new GradientAndValues(g, values);
			}
			return new GradientAndValues(gradient(images, first, w), targetValues(images, first, w).castTo(
				DataType.DOUBLE).data().asDouble());
		}
	}

	/** Row weights [1, units] (broadcast) or [n, units] (one row per image). */
	private synchronized INDArray gradient(final INDArray images, final Target first, final INDArray weights) {
		final int mb = (int) images.size(0);
		final int top = first.layerIndex();
		final INDArray w = weights.size(0) == mb ? weights : Nd4j.tile(weights, mb, 1);
		if (kernels != null) return kernels.gradient(images, top, first.onLogits(), w);
		INDArray a = images;
		for (int i = 0; i < top; i++)
			a = activateLayer(i, layerInput(i, a, mb));
		final INDArray in = layerInput(top, a, mb);
		final Layer layer = chain[top];
		INDArray eps;
		if (layer instanceof BaseOutputLayer) {
			final INDArray dz;
			if (first.onLogits()) dz = w;
			else {
				final IActivation fn = ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) layer.conf().getLayer())
					.getActivationFn();
				dz = fn.backprop(logitsOf(in), w.dup()).getFirst();
			}
			eps = dz.mmul(layer.getParam("W").transpose());
		}
		else {
			final INDArray out = activateLayer(top, in);
			eps = layer.backpropGradient(w.dup().reshape('c', out.shape()), workspaces).getSecond();
		}
		eps = preprocessorBackprop(top, eps, mb);
		for (int i = top - 1; i >= 0; i--) {
			eps = chain[i].backpropGradient(eps, workspaces).getSecond();
			eps = preprocessorBackprop(i, eps, mb);
		}
		return eps.reshape('c', images.shape());
	}

	private INDArray preprocessorBackprop(final int layer, final INDArray eps, final int mb) {
		final InputPreProcessor p = preprocessors[layer];
		return p == null ? eps : p.backprop(eps, mb, workspaces);
	}

	private INDArray weights(final Target target) {
		return Nd4j.create(target.weights()).castTo(dataType);
	}

	/** One row of weights per image from per-image targets that read the same layer the same way. */
	private INDArray weights(final List<Target> targets, final long n) {
		if (targets.size() != n) throw InSilicoException.badParameter("targets", targets.size() + " targets",
			"expected one target per image (" + n + ")");
		return weightRows(targets, "per-image targets must read the same layer the same way");
	}

	/** The targets' weights, one row each, after checking that they all read the same layer the same way. */
	private INDArray weightRows(final List<Target> targets, final String sameReading) {
		final Target first = targets.get(0);
		final double[][] rows = new double[targets.size()][];
		for (int i = 0; i < rows.length; i++) {
			final Target t = targets.get(i);
			checkTarget(t);
			if (t.layerIndex() != first.layerIndex() || t.onLogits() != first.onLogits() || (t
				.kind() == Target.Kind.PROBABILITY) != (first.kind() == Target.Kind.PROBABILITY))
				throw InSilicoException.badParameter("targets", t + " and " + first, sameReading);
			rows[i] = t.weights();
		}
		if (dataType != DataType.FLOAT) return Nd4j.create(rows).castTo(dataType);
		// floats written once, in one bulk copy: Nd4j.create(double[][]) flattens, copies in and casts, three passes
		// over n × units doubles (a channel target of conv2: 512 × 1,024 per batch of gradient images)
		final int units = rows[0].length;
		final float[] w = new float[Math.multiplyExact(rows.length, units)];
		for (int i = 0; i < rows.length; i++)
			for (int u = 0; u < units; u++)
				w[i * units + u] = (float) rows[i][u];
		return KernelChain.fresh(w, rows.length, units);
	}

	private void checkTarget(final Target target) {
		if (target.layerIndex() >= layers.size() || !layers.get(target.layerIndex()).name().equals(target.layer()) ||
			target.weights().length != (target.onLogits() || target.kind() == Target.Kind.PROBABILITY ? classNames
				.size() : layers.get(target.layerIndex()).units())) throw InSilicoException.badParameter("target",
					target.description(), "this target was made for another network; layers here: " + layerNames());
	}

	// -- the same abilities on images, batched --

	/**
	 * Records the activations of {@code layer} for every image of a 2D image or (x, y, n) stack, in batches whose
	 * memory stays bounded; progress is reported per batch and cancellation honoured.
	 */
	public Activations activations(final RandomAccessibleInterval<? extends RealType<?>> images, final String layer,
		final Progress progress)
	{
		checkImageSize(images.dimension(0), images.dimension(1), "images");
		return activations(ImageStacks.toFloatArray(images), layer, progress);
	}

	/** {@link #activations(RandomAccessibleInterval, String, Progress)} for a dataset's images. */
	public Activations activations(final Dataset data, final String layer, final Progress progress) {
		checkImageSize(data.width(), data.height(), "dataset images");
		return activations(data.pixelArray(), layer, progress);
	}

	private Activations activations(final float[] pixels, final String layer, final Progress progress) {
		final LayerInfo info = layer(layer);
		final int per = channels * height * width;
		final int n = pixels.length / per;
		final int units = (int) info.units();
		final float[] values = new float[Math.multiplyExact(n, units)];
		final int batch = batchSize(info.index());
		for (int from = 0; from < n; from += batch) {
			progress.checkCanceled("recording activations");
			final int to = Math.min(n, from + batch);
			final INDArray x = toInput(pixels, from, to - from);
			final INDArray a = activations(x, info.index()).reshape('c', to - from, units);
			System.arraycopy(values(a), 0, values, from * units, (to - from) * units);
			progress.report("recording activations of " + layer, to, n);
		}
		return new Activations(info.name(), info.shape(), n, values);
	}

	/** Accuracy and loss of the network on a labelled dataset. */
	public record Evaluation(int count, double loss, double accuracy, int[] predictions, int[] classCorrect,
		int[] classCount)
	{

		/** Accuracy within one class (NaN when the class has no images). */
		public double classAccuracy(final int c) {
			return classCount[c] == 0 ? Double.NaN : classCorrect[c] / (double) classCount[c];
		}
	}

	/** Mean cross-entropy loss and accuracy over a dataset, in batches. */
	public Evaluation evaluate(final Dataset data, final Progress progress) {
		checkImageSize(data.width(), data.height(), "dataset images");
		if (data.numClasses() != classNames.size()) throw InSilicoException.badParameter("dataset classes", data
			.classNames(), "this network has " + classNames.size() + " classes " + classNames);
		final int n = data.size();
		final int[] predictions = new int[n];
		final int[] correct = new int[classNames.size()], count = new int[classNames.size()];
		double loss = 0;
		int right = 0;
		final int batch = batchSize(layers.size() - 1);
		for (int from = 0; from < n; from += batch) {
			progress.checkCanceled("evaluation");
			final int to = Math.min(n, from + batch);
			final INDArray p = output(toInput(data.pixels(from, to))).castTo(DataType.DOUBLE);
			final double[] probs = p.data().asDouble();
			final int k = classNames.size();
			for (int i = from; i < to; i++) {
				int best = 0;
				for (int c = 1; c < k; c++)
					if (probs[(i - from) * k + c] > probs[(i - from) * k + best]) best = c;
				predictions[i] = best;
				final int label = data.label(i);
				loss -= Math.log(Math.max(1e-12, probs[(i - from) * k + label]));
				count[label]++;
				if (best == label) {
					correct[label]++;
					right++;
				}
			}
			progress.report("evaluating", to, n);
		}
		return new Evaluation(n, n == 0 ? Double.NaN : loss / n, n == 0 ? Double.NaN : right / (double) n,
			predictions, correct, count);
	}

	/** Layer, kind, shape, parameters, one line per layer. */
	public String summary() {
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format("%s: input %dx%dx%d, %d classes, %d parameters%n", architecture, channels, height,
			width, classNames.size(), parameterCount()));
		for (final LayerInfo l : layers)
			sb.append(String.format("  %-8s %-14s %-10s %-8s %,d%n", l.name(), l.kind(), l.shapeText(), l
				.activation(), l.parameters()));
		return sb.toString();
	}

	@Override
	public String toString() {
		return architecture + " (" + layers.size() + " layers, " + classNames.size() + " classes)";
	}
}
