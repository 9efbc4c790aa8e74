package org.insilico.probe.maximize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.model.Network;
import org.insilico.model.TestNetworks;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TopStimuliAndReceptiveFieldsTest {

	static final Network LENET = TestNetworks.preset("lenet", 28, DataType.FLOAT, 7);

	@Test
	void topStimuliAreTheStrongestImagesOfEachUnit() {
		final Dataset d = StimulusSets.generate("digits", 60, 28, 3).withClassNames(TestNetworks.DIGIT_CLASSES);
		final TopStimuli.Result r = TopStimuli.find(LENET, d, "conv2", 5, Progress.NONE);
		final INDArray a = LENET.activations(LENET.toInput(d.pixelArray()), LENET.layer("conv2").index()).reshape(60, 16,
			64).mean(2); // channel means [image, channel]
		for (int u = 0; u < 16; u++) {
			int best = 0, worst = 0;
			for (int i = 1; i < 60; i++) {
				if (a.getDouble(i, u) > a.getDouble(best, u)) best = i;
				if (a.getDouble(i, u) < a.getDouble(worst, u)) worst = i;
			}
			assertEquals(a.getDouble(best, u), a.getDouble(r.top()[u][0], u), 1e-6, "unit " + u);
			assertEquals(a.getDouble(worst, u), a.getDouble(r.bottom()[u][0], u), 1e-6, "unit " + u);
			for (int j = 1; j < 5; j++)
				assertTrue(r.activation()[u][r.top()[u][j - 1]] >= r.activation()[u][r.top()[u][j]]);
		}
		assertTrue(assertThrows(InSilicoException.class, () -> TopStimuli.find(LENET, d, "conv2", 0, Progress.NONE))
			.getMessage().startsWith("k = 0"));
	}

	@Test
	void receptiveFieldsGrowWithDepthAndStayWithinTheArchitecture() {
		final List<ReceptiveFields.Size> sizes = ReceptiveFields.measure(LENET, 8, 1, Progress.NONE);
		assertEquals(List.of(5, 6, 14, 16, 28, 28), sizes.stream().map(ReceptiveFields.Size::theoretical).toList());
		int previous = 0;
		for (final ReceptiveFields.Size s : sizes) {
			assertTrue(s.empirical() <= s.theoretical(), s.toString());
			assertTrue(s.empirical() >= previous, "grows with depth: " + s.layer() + " " + s.empirical());
			previous = s.empirical();
		}
		assertEquals(5, sizes.get(0).empirical(), "a 5x5 convolution sees 5x5 pixels");
		assertTrue(sizes.get(4).empirical() >= 20, "dense units spread over the image: " + sizes.get(4).empirical());
	}
}
