package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.img.array.ArrayImgs;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TargetTest {

	static final Network NET = TestNetworks.preset("lenet", 28, DataType.FLOAT, 1);

	@Test
	void parsesEveryKind() {
		final Target unit = Target.parse("dense1:unit:17", NET);
		assertEquals(Target.Kind.UNIT, unit.kind());
		assertEquals(1.0, unit.weights()[17]);
		assertEquals(64, unit.weights().length);

		final Target channel = Target.parse("conv2:channel:5", NET);
		final double[] w = channel.weights();
		assertEquals(16 * 8 * 8, w.length);
		assertEquals(1.0 / 64, w[5 * 64], 0);
		assertEquals(0, w[4 * 64 + 63], 0);
		assertEquals(1.0, java.util.Arrays.stream(w).sum(), 1e-12, "a channel mean");

		assertEquals(Target.parse("conv1:unit:" + ((2 * 24 + 10) * 24 + 11), NET), Target.parse("conv1:unit:2,10,11",
			NET));
		assertEquals(Target.parse("output:class:7", NET), Target.parse("output:class:seven", NET));
		assertTrue(Target.parse("output:class:3", NET).onLogits());
		assertEquals(Target.Kind.PROBABILITY, Target.parse("output:probability:3", NET).kind());
		assertArrayEquals(new double[] { 0.5, -1, 2 }, java.util.Arrays.copyOf(Target.parse("dense1:direction:" +
			"0.5,-1,2" + ",0".repeat(61), NET).weights(), 3));
	}

	@Test
	void targetValuesAreTheReadOut() {
		final INDArray x = TestNetworks.randomImages(3, 28, DataType.FLOAT, 2);
		final INDArray a = NET.activations(x, NET.layer("conv2").index()).reshape('c', 3, 16, 64);
		final INDArray expected = a.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex
			.point(5), org.nd4j.linalg.indexing.NDArrayIndex.all()).mean(1);
		assertArrayEquals(expected.data().asFloat(), NET.targetValues(x, Target.parse("conv2:channel:5", NET)).data()
			.asFloat(), 1e-6f);
		final INDArray p = NET.output(x);
		assertArrayEquals(p.getColumn(4).dup().data().asFloat(), NET.targetValues(x, Target.parse("output:probability:4",
			NET)).data().asFloat(), 1e-6f);
		// logits: softmax of the class targets gives the probabilities
		final double[] logits = new double[10];
		for (int c = 0; c < 10; c++)
			logits[c] = NET.targetValues(x, Target.classLogit(NET, c)).getDouble(0);
		double z = 0;
		for (final double l : logits)
			z += Math.exp(l);
		assertEquals(p.getDouble(0, 4), Math.exp(logits[4]) / z, 1e-5);
	}

	@Test
	void errorsListTheLayersOrTheRange() {
		assertMessage("conv9:channel:1", "layer = 'conv9': expected one of [conv1, pool1, conv2, pool2, dense1, output]");
		assertMessage("dense1:unit:64", "unit = 64: expected 0 to 63");
		assertMessage("conv2:channel:16", "channel = 16: expected 0 to 15");
		assertMessage("dense1:channel:0", "has units, not channels");
		assertMessage("output:class:ten", "neither a class name");
		assertMessage("output:class:10", "class = 10: expected a class index from 0 to 9");
		assertMessage("dense1:class:1", "classes are read at the output layer");
		assertMessage("dense1:neuron:1", "unknown kind 'neuron'");
		assertMessage("dense1", "expected layer:kind:index");
		assertMessage("conv1:unit:1,2", "channel,y,x");
		assertMessage("conv1:unit:1,2,30", "x = 30: expected 0 to 23");
		assertMessage("dense1:direction:1,2", "expected one weight per unit of dense1 (64)");
		assertMessage("dense1:direction:1,x" + ",0".repeat(62), "must be numbers");
	}

	static void assertMessage(final String spec, final String expected) {
		final InSilicoException e = assertThrows(InSilicoException.class, () -> Target.parse(spec, NET));
		assertTrue(e.getMessage().contains(expected), spec + " -> " + e.getMessage());
		assertTrue(e.getMessage().startsWith("target = '" + spec + "': "), "names the parameter: " + e.getMessage());
	}

	@Test
	void imagesOfAnotherSizeAreRefused() {
		final InSilicoException e = assertThrows(InSilicoException.class, () -> NET.activations(ArrayImgs.floats(32, 32,
			2), "conv1", Progress.NONE));
		assertEquals("images = 32x32 pixels: this network (lenet) takes 28x28 images", e.getMessage());
		assertThrows(InSilicoException.class, () -> NET.activations(ArrayImgs.floats(28, 27), "conv1", Progress.NONE));
		final Network other = TestNetworks.preset("mlp", 28, DataType.FLOAT, 1);
		assertTrue(assertThrows(InSilicoException.class, () -> other.targetValues(TestNetworks.randomImages(1, 28,
			DataType.FLOAT, 1), Target.parse("conv1:channel:0", NET))).getMessage().contains("another network"));
	}

	@Test
	void activationsOfImgLib2Stacks() {
		final var stack = ArrayImgs.floats(TestNetworks.randomImages(5, 28, DataType.FLOAT, 3).data().asFloat(), 28, 28,
			5);
		final Activations a = NET.activations(stack, "pool1", Progress.NONE);
		assertEquals(5, a.count());
		assertEquals(8 * 12 * 12, a.units());
		assertArrayEquals(new long[] { 12, 12, 8, 5 }, a.toImg().dimensionsAsLongArray());
		final float[] direct = NET.activations(NET.toInput(stack), NET.layer("pool1").index()).data().asFloat();
		assertArrayEquals(direct, a.values(), 0f);
	}

	/** A range of images straight from the pixels equals the range copied out first; a range outside is refused. */
	@Test
	void imagesFromARangeOfPixels() {
		final float[] pixels = TestNetworks.randomImages(7, 28, DataType.FLOAT, 4).data().asFloat();
		final int per = 28 * 28;
		final INDArray range = NET.toInput(pixels, 2, 3);
		assertArrayEquals(new long[] { 3, 1, 28, 28 }, range.shape());
		assertArrayEquals(java.util.Arrays.copyOfRange(pixels, 2 * per, 5 * per), range.data().asFloat(), 0f);
		final Network doubles = TestNetworks.preset("mlp", 28, DataType.DOUBLE, 1);
		assertEquals(DataType.DOUBLE, doubles.toInput(pixels, 6, 1).dataType());
		assertEquals(pixels[6 * per + 5], doubles.toInput(pixels, 6, 1).getDouble(0, 0, 0, 5), 0);
		for (final int[] bad : new int[][] { { -1, 2 }, { 5, 3 }, { 0, 0 } })
			assertTrue(assertThrows(InSilicoException.class, () -> NET.toInput(pixels, bad[0], bad[1])).getMessage()
				.contains("within the 7 images"));
	}
}
