package org.insilico.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.awt.image.IndexColorModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.insilico.Progress;
import org.insilico.image.ImagePlusBridge;
import org.insilico.image.Luts;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.model.TestNetworks;
import org.insilico.probe.gradient.Attribution;
import org.insilico.probe.gradient.GradientTimesInput;
import org.insilico.probe.gradient.IntegratedGradients;
import org.insilico.probe.gradient.Occlusion;
import org.insilico.probe.gradient.Saliency;
import org.insilico.probe.gradient.SmoothGrad;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.scijava.command.CommandModule;
import org.scijava.object.ObjectService;
import org.scijava.prefs.PrefService;

/**
 * Gradient Image… run through the CommandService with ImgLib2 inputs, as Fiji and a macro run it: its pixels are
 * the core's, exactly; the stack is shown centred on zero; bad input cancels the command with a reason naming the
 * parameter.
 */
class GradientImageCommandTest extends AbstractContextTest {

	static final Network NET = TestNetworks.preset("lenet", 28, DataType.FLOAT, 7);

	/** Three random 28 × 28 images (x, y, n). */
	static ArrayImg<FloatType, FloatArray> images() {
		return ArrayImgs.floats(TestNetworks.randomImages(3, 28, DataType.FLOAT, 5).data().asFloat(), 28, 28, 3);
	}

	static float[] pixels(final ImagePlus imp) {
		return ImagePlusBridge.toImg(imp, ImagePlusBridge.Range.RAW).img().update(null).getCurrentStorageArray();
	}

	static float[] pixels(final Attribution.Result r) {
		return r.map().update(null).getCurrentStorageArray();
	}

	private CommandModule ok(final Object... inputs) {
		final CommandModule m = run(GradientImageCommand.class, inputs);
		assertFalse(m.isCanceled(), String.valueOf(m.getCancelReason()));
		return m;
	}

	private static List<String> labels(final ImagePlus imp) {
		final List<String> l = new ArrayList<>();
		for (int s = 1; s <= imp.getStackSize(); s++)
			l.add(imp.getStack().getSliceLabel(s));
		return l;
	}

	/** A diverging table (blue, white at the centre, red) over a display range symmetric about zero. */
	private static void assertCentredOnZero(final ImagePlus imp, final float[] values) {
		assertEquals(ImagePlus.GRAY32, imp.getType());
		double m = 0;
		for (final float v : values)
			m = Math.max(m, Math.abs(v));
		assertTrue(m > 0);
		assertEquals(-m, imp.getDisplayRangeMin(), 0);
		assertEquals(m, imp.getDisplayRangeMax(), 0);
		final IndexColorModel cm = (IndexColorModel) imp.getProcessor().getColorModel();
		assertEquals(List.of(255, 255, 255), List.of(cm.getRed(Luts.CENTRE), cm.getGreen(Luts.CENTRE), cm.getBlue(
			Luts.CENTRE)), "white at the centre");
		assertTrue(cm.getBlue(0) > 2 * cm.getRed(0), "blue at the negative end");
		assertTrue(cm.getRed(255) > 2 * cm.getBlue(255), "red at the positive end");
	}

	@Test
	void gradientIsTheCoresPixelByPixelWithLabelsTableAndDivergingLut() {
		final var img = images();
		final CommandModule m = ok("network", NET, "image", img, "target", "output:class:3", "method", "gradient");
		final ImagePlus imp = (ImagePlus) m.getOutput("gradient_image");
		final Attribution.Result core = new Saliency(false).attribute(NET, img, Target.parse("output:class:3", NET),
			Progress.NONE);
		assertArrayEquals(pixels(core), pixels(imp), 0f);
		assertEquals(3, imp.getStackSize());
		assertEquals(List.of("image 1 · output:class:3 · gradient", "image 2 · output:class:3 · gradient",
			"image 3 · output:class:3 · gradient"), labels(imp));
		assertEquals("gradient of output:class:3", imp.getTitle());
		assertCentredOnZero(imp, pixels(core));

		final ResultsTable t = (ResultsTable) m.getOutput("target_values");
		assertEquals(3, t.size());
		for (int i = 0; i < 3; i++) {
			assertEquals(i + 1, t.getValue("Image", i), 0);
			assertEquals("output:class:3", t.getStringValue("Target", i));
			assertEquals(core.targetValues()[i], t.getValue("Value", i), 1e-12);
		}
		assertFalse(t.columnExists("Completeness error"), "the gradient has no baseline");
	}

	@Test
	void absoluteGradientAndClassByName() {
		final var img = images();
		final CommandModule m = ok("network", NET, "image", img, "target", "output:class:seven", "method", "gradient",
			"absolute", true);
		final ImagePlus imp = (ImagePlus) m.getOutput("gradient_image");
		assertArrayEquals(pixels(new Saliency(true).attribute(NET, img, Target.classLogit(NET, 7), Progress.NONE)),
			pixels(imp), 0f);
		assertEquals("image 1 · output:class:7 · |gradient|", imp.getStack().getSliceLabel(1));
	}

	@Test
	void theDefaultTargetIsEachImagesPredictedClassAndTheNetworkTheCurrentOne() {
		final var img = images();
		context.service(ObjectService.class).addObject(NET, "lenet"); // a macro passes no network
		final CommandModule m = ok("image", img, "method", "SmoothGrad", "samples", 4, "noise", 0.2, "seed", 9L);
		final ImagePlus imp = (ImagePlus) m.getOutput("gradient_image");
		final Attribution.Result core = new SmoothGrad(new SmoothGrad.Options(4, 0.2, false, 9)).attribute(NET, img, null,
			Progress.NONE);
		assertArrayEquals(pixels(core), pixels(imp), 0f);
		final List<Target> predicted = Attribution.predictedClasses(NET, img.update(null).getCurrentStorageArray(),
			Progress.NONE);
		assertEquals(predicted, core.targets());
		final ResultsTable t = (ResultsTable) m.getOutput("target_values");
		for (int i = 0; i < 3; i++) {
			final int c = Integer.parseInt(predicted.get(i).description().replace("output:class:", ""));
			final String said = "predicted " + c + " (" + TestNetworks.DIGIT_CLASSES.get(c) + ")";
			assertEquals("image " + (i + 1) + " · " + said + " · SmoothGrad", imp.getStack().getSliceLabel(i + 1));
			assertEquals(said, t.getStringValue("Target", i));
			assertEquals(core.targetValues()[i], t.getValue("Value", i), 1e-12);
		}
		assertEquals("SmoothGrad of the predicted class", imp.getTitle());
		assertCentredOnZero(imp, pixels(core));
	}

	@Test
	void allUnitsOfALayerGiveOneSlicePerChannel() {
		final var one = ArrayImgs.floats(Arrays.copyOf(images().update(null).getCurrentStorageArray(), 784), 28, 28);
		final CommandModule m = ok("network", NET, "image", one, "method", "gradient x input", "all_units_of_layer",
			"conv2");
		final ImagePlus imp = (ImagePlus) m.getOutput("gradient_image");
		assertEquals(16, imp.getStackSize());
		final Attribution.Result core = new GradientTimesInput().attributeUnits(NET, one, "conv2", Progress.NONE);
		assertArrayEquals(pixels(core), pixels(imp), 0f);
		assertEquals("image 1 · conv2:channel:5 · gradient x input", imp.getStack().getSliceLabel(6));
		assertEquals("gradient x input of every unit of conv2", imp.getTitle());
		final ResultsTable t = (ResultsTable) m.getOutput("target_values");
		assertEquals(16, t.size());
		assertEquals(1, t.getValue("Image", 15), 0);
		assertEquals("conv2:channel:15", t.getStringValue("Target", 15));
		assertCentredOnZero(imp, pixels(core));
	}

	@Test
	void integratedGradientsTableHasTheCompletenessErrors() {
		final var img = images();
		final CommandModule m = ok("network", NET, "image", img, "target", "conv2:channel:4", "method",
			"integrated gradients", "baseline", "blurred image", "blur_sigma", 3.0, "steps", 8);
		final ImagePlus imp = (ImagePlus) m.getOutput("gradient_image");
		final IntegratedGradients ig = new IntegratedGradients(new IntegratedGradients.Options(
			IntegratedGradients.Baseline.BLURRED, null, 3, 8));
		final Attribution.Result core = ig.attribute(NET, img, Target.parse("conv2:channel:4", NET), Progress.NONE);
		assertArrayEquals(pixels(core), pixels(imp), 0f);
		assertEquals("image 3 · conv2:channel:4 · integrated gradients", imp.getStack().getSliceLabel(3));
		final double[] errors = ig.completenessErrors(NET, img, core);
		final ResultsTable t = (ResultsTable) m.getOutput("target_values");
		assertEquals(3, errors.length);
		for (int i = 0; i < 3; i++)
			assertEquals(errors[i], t.getValue("Completeness error", i), 1e-12);
	}

	@Test
	void integratedGradientsOfAllUnitsHaveOneCompletenessErrorPerUnit() {
		final var one = ArrayImgs.floats(Arrays.copyOf(images().update(null).getCurrentStorageArray(), 784), 28, 28);
		final CommandModule m = ok("network", NET, "image", one, "method", "integrated gradients", "baseline",
			"mean image", "steps", 4, "all_units_of_layer", "output");
		final IntegratedGradients ig = new IntegratedGradients(new IntegratedGradients.Options(
			IntegratedGradients.Baseline.MEAN, null, 4, 4));
		final Attribution.Result core = ig.attributeUnits(NET, one, "output", Progress.NONE);
		assertArrayEquals(pixels(core), pixels((ImagePlus) m.getOutput("gradient_image")), 0f);
		final double[] errors = ig.completenessErrors(NET, one, core);
		assertEquals(10, errors.length);
		final ResultsTable t = (ResultsTable) m.getOutput("target_values");
		assertEquals(10, t.size());
		assertEquals("output:class:9", t.getStringValue("Target", 9));
		for (int i = 0; i < 10; i++)
			assertEquals(errors[i], t.getValue("Completeness error", i), 1e-12);
	}

	@Test
	void occlusionOfAProbability() {
		final var img = images();
		final CommandModule m = ok("network", NET, "image", img, "target", "output:probability:2", "method", "occlusion",
			"patch", 7, "stride", 7, "fill", 0.5);
		final Attribution.Result core = new Occlusion(new Occlusion.Options(7, 7, 0.5)).attribute(NET, img, Target.parse(
			"output:probability:2", NET), Progress.NONE);
		final ImagePlus imp = (ImagePlus) m.getOutput("gradient_image");
		assertArrayEquals(pixels(core), pixels(imp), 0f);
		assertEquals("image 2 · output:probability:2 · occlusion", imp.getStack().getSliceLabel(2));
	}

	/** A bad input cancels the command; the reason names the parameter as a macro writes it. */
	private void assertCancelled(final String reason, final Object... inputs) {
		context.service(PrefService.class).clearAll(); // not the values of the run before
		final CommandModule m = run(GradientImageCommand.class, inputs);
		assertTrue(m.isCanceled(), "not cancelled: " + Arrays.toString(inputs));
		assertTrue(m.getCancelReason().startsWith(reason), m.getCancelReason());
		assertNull(m.getOutput("gradient_image"));
		assertNull(m.getOutput("target_values"));
	}

	@Test
	void badInputCancelsWithAReasonNamingTheParameter() {
		final var img = images();
		assertCancelled("target = 'conv9:channel:1': layer = 'conv9': expected one of [conv1, pool1, conv2, pool2, " +
			"dense1, output]", "network", NET, "image", img, "target", "conv9:channel:1");
		assertCancelled("target = 'conv2:channel:16': channel = 16: expected 0 to 15", "network", NET, "image", img, "target", "conv2:channel:16");
		assertCancelled("image = 32x32 pixels: this network (lenet) takes 28x28 images", "network", NET, "image",
			ArrayImgs.floats(32, 32, 2));
		assertCancelled("steps = 0: ", "network", NET, "image", img, "method", "integrated gradients", "steps", 0);
		assertCancelled("patch = 40: larger than the 28x28 image", "network", NET, "image", img, "method", "occlusion",
			"patch", 40, "stride", 2);
		assertCancelled("samples = 0: ", "network", NET, "image", img, "method", "SmoothGrad", "samples", 0);
		assertCancelled("all_units_of_layer = 'conv9': ", "network", NET, "image", img, "all_units_of_layer", "conv9");
		assertCancelled("image = 3 images: all_units_of_layer attributes every unit of conv2 for one image", "network", NET, "image", img, "all_units_of_layer",
			"conv2");
		assertCancelled("method = 'saliency maps': ", "network", NET, "image", img, "method", "saliency maps");
		assertCancelled("network = (none): no network is open", "image", img);
	}
}
