package org.insilico.model;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.insilico.InSilicoException;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The preset architectures. Both take their input shape from the dataset and end in a softmax output layer
 * named {@code output} trained with cross-entropy.
 * <ul>
 * <li>{@code mlp}: a multilayer perceptron, input (e.g. 784) → dense1 256 → dense2 128 → output (classes), ReLU.</li>
 * <li>{@code lenet}: the two-convolutional, two-fully-connected network of the Primer's Figure 4 (LeNet-5-like,
 * LeCun et al. 1998): conv1 5×5×8 → pool1 2×2 max → conv2 5×5×16 → pool2 2×2 max → dense1 64 → output, ReLU.</li>
 * </ul>
 */
public final class Architectures {

	private Architectures() {}

	/** The preset names. */
	public static final List<String> PRESETS = List.of("lenet", "mlp");

	/**
	 * How the network's parameters are initialized and updated.
	 *
	 * @param updater the optimizer with its learning rate
	 * @param weightDecay decoupled weight decay coefficient (0 for none)
	 * @param dropout probability of dropping a unit of a hidden dense layer during training (0 for none): DL4J's
	 *          dropout, which acts on a layer's input, on each layer that follows a hidden dense layer (inverted
	 *          dropout: kept values are scaled by 1 / (1 − dropout))
	 * @param seed seed of the weight initialization
	 * @param dataType FLOAT normally, DOUBLE for exact checks
	 */
	public record Hyper(IUpdater updater, double weightDecay, double dropout, long seed, DataType dataType) {}

	/** A new, initialized network of the preset for images of channels × height × width and the given classes. */
	public static Network create(final String preset, final int channels, final int height, final int width,
		final List<String> classNames, final Hyper hyper)
	{
		final MultiLayerNetwork net = new MultiLayerNetwork(configure(preset, channels, height, width, classNames
			.size(), hyper));
		net.init();
		return new Network(net, channels, height, width, classNames, preset);
	}

	/** The DL4J configuration of a preset. */
	public static MultiLayerConfiguration configure(final String preset, final int channels, final int height,
		final int width, final int classes, final Hyper hyper)
	{
		Engine.ensure();
		if (classes < 2) throw InSilicoException.badParameter("classes", classes,
			"expected at least two classes to train a classifier");
		final NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder().seed(hyper.seed())
			.dataType(hyper.dataType()).updater(hyper.updater()).weightInit(WeightInit.RELU);
		if (hyper.weightDecay() > 0) base.weightDecay(hyper.weightDecay());
		final double retain = 1 - hyper.dropout();
		final NeuralNetConfiguration.ListBuilder list;
		switch (preset) {
			case "mlp":
				list = base.list() //
					.layer(dense("dense1", 256, 1)) //
					.layer(dense("dense2", 128, retain));
				break;
			case "lenet":
				if (height < 12 || width < 12) throw InSilicoException.badParameter("image size", width + "x" +
					height, "lenet needs images of at least 12x12 pixels (two 5x5 convolutions and two 2x2 poolings)");
				list = base.list() //
					.layer(new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(8).activation(Activation.RELU)
						.build()) //
					.layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("pool1").kernelSize(2, 2).stride(2, 2)
						.build()) //
					.layer(new ConvolutionLayer.Builder(5, 5).name("conv2").nOut(16).activation(Activation.RELU)
						.build()) //
					.layer(new SubsamplingLayer.Builder(PoolingType.MAX).name("pool2").kernelSize(2, 2).stride(2, 2)
						.build()) //
					.layer(dense("dense1", 64, 1));
				break;
			default:
				throw InSilicoException.badParameter("preset", preset, "expected one of " + PRESETS);
		}
		final OutputLayer.Builder output = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(
			classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
		if (retain < 1) output.dropOut(retain);
		return list.layer(output.build()) //
			.setInputType(InputType.convolutional(height, width, channels)).build();
	}

	/** A ReLU dense layer; {@code retain < 1}: DL4J's dropout on its input, keeping each value with that probability. */
	private static DenseLayer dense(final String name, final int units, final double retain) {
		final DenseLayer.Builder b = new DenseLayer.Builder().name(name).nOut(units).activation(Activation.RELU);
		if (retain < 1) b.dropOut(retain);
		return b.build();
	}
}
