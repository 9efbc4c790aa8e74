package org.insilico.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;

import org.insilico.data.StimulusSets;
import org.insilico.model.Network;
import org.insilico.model.NetworkIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

	@TempDir
	Path dir;

	record Call(int status, String out, String err) {}

	static Call call(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
			StandardCharsets.UTF_8));
		return new Call(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void helpListsEveryVerb() {
		final Call c = call("--help");
		assertEquals(0, c.status());
		for (final String verb : Main.VERBS.keySet())
			assertTrue(c.out().contains(verb), verb);
		assertTrue(call("help", "train").out().contains("--preset"));
	}

	@Test
	void wrongCallsExitNonZeroWithOneLine() {
		for (final String[] args : new String[][] { { "fly" }, { "generate", "--colour", "red" }, { "generate", "--set" },
			{ "train", "--out" } })
		{
			final Call c = call(args);
			assertEquals(2, c.status(), String.join(" ", args));
			assertEquals(1, c.err().strip().lines().count(), c.err());
			assertTrue(c.err().startsWith("insilico: "), c.err());
		}
		final Call badValue = call("generate", "--set", "digits", "--count", "-3", "--out", dir.resolve("x.tif")
			.toString());
		assertEquals(1, badValue.status());
		assertEquals("insilico: --count = -3: expected a whole number from 1 to 1000000", badValue.err().strip());
		final Call badSet = call("generate", "--set", "faces", "--out", dir.resolve("x.tif").toString());
		assertTrue(badSet.err().contains("'faces'") && badSet.err().contains("digits"), badSet.err());
		assertTrue(!Files.exists(dir.resolve("x.tif")), "nothing written on refusal");
	}

	@Test
	void generateWritesALabelledTiffStack() {
		final Path tif = dir.resolve("g.tif");
		assertEquals(0, call("generate", "--set", "gabor", "--count", "8", "--seed", "4", "--out", tif.toString())
			.status());
		final ImagePlus imp = IJ.openImage(tif.toString());
		assertEquals(8, imp.getStackSize());
		final var d = StimulusSets.generate("gabor", 8, 0, 4);
		assertEquals(d.classNames().get(d.label(2)), imp.getStack().getSliceLabel(3));
		assertEquals(d.pixelArray()[32 * 32 + 100], ((float[]) imp.getStack().getPixels(2))[100], 0f);
	}

	@Test
	void trainThenSummaryThenExport() throws Exception {
		final Path zip = dir.resolve("net.zip");
		final Call t = call("train", "--data", "gratings", "--count", "400", "--preset", "mlp", "--epochs", "2", "--out",
			zip.toString(), "--snapshots", "1");
		assertEquals(0, t.status(), t.err());
		final Network net = NetworkIO.load(zip);
		assertEquals(32, net.width());
		final String csv = Files.readString(dir.resolve("net-training.csv"));
		assertEquals(3, csv.lines().count(), csv);
		assertTrue(Files.exists(dir.resolve("net-epoch1.zip")));
		final Call s = call("summary", "--network", zip.toString());
		for (final String layer : net.layerNames())
			assertTrue(s.out().contains(layer), s.out());
		final Path npz = dir.resolve("w.npz");
		assertEquals(0, call("export", "--network", zip.toString(), "--format", "npz", "--out", npz.toString()).status());
		try (var zipFile = new java.util.zip.ZipFile(npz.toFile())) {
			assertTrue(zipFile.getEntry("dense1.W.npy").getSize() > 4L * 1024 * 256, "dense1 weights 1024 x 256");
		}
		assertEquals(1, call("export", "--network", zip.toString(), "--format", "mat", "--out", npz.toString())
			.status());
		final Call missing = call("summary", "--network", dir.resolve("nope.zip").toString());
		assertEquals(1, missing.status());
		assertTrue(missing.err().contains("nope.zip"), missing.err());
	}

	@Test
	void gradientVerbWritesTheCoresAttributions() throws Exception {
		final Network net = org.insilico.model.TestNetworks.preset("lenet", 28, org.nd4j.linalg.api.buffer.DataType.FLOAT,
			3);
		final Path zip = dir.resolve("n.zip"), tif = dir.resolve("digits.tif"), out = dir.resolve("g.tif");
		NetworkIO.save(net, zip);
		assertEquals(0, call("generate", "--set", "digits", "--count", "4", "--seed", "2", "--out", tif.toString())
			.status());
		final Call c = call("gradient", "--network", zip.toString(), "--images", tif.toString(), "--out", out.toString(),
			"--method", "integrated-gradients", "--steps", "16", "--target", "conv2:channel:3");
		assertEquals(0, c.status(), c.err());
		final ImagePlus imp = IJ.openImage(out.toString());
		assertEquals(4, imp.getStackSize());
		assertTrue(imp.getStack().getSliceLabel(2).startsWith("image 2 · conv2:channel:3 · integrated gradients"), imp
			.getStack().getSliceLabel(2));
		final var d = StimulusSets.generate("digits", 4, 28, 2);
		final var expected = new org.insilico.probe.gradient.IntegratedGradients(org.insilico.probe.gradient.IntegratedGradients
			.Options.defaults().withSteps(16)).attribute(net, d.images(), org.insilico.model.Target.parse("conv2:channel:3",
				net), org.insilico.Progress.NONE);
		assertEquals(expected.map().update(null).getCurrentStorageArray()[784 + 300], ((float[]) imp.getStack().getPixels(
			2))[300], 0f);
		final java.util.List<String> csv = Files.readAllLines(dir.resolve("g-values.csv"));
		assertEquals("image,target,value,completeness_error", csv.get(0));
		assertEquals(5, csv.size());
		// refused: an image of another size, named
		final Path small = dir.resolve("small.tif");
		assertEquals(0, call("generate", "--set", "gratings", "--count", "2", "--out", small.toString()).status());
		final Call bad = call("gradient", "--network", zip.toString(), "--images", small.toString(), "--out", dir.resolve(
			"x.tif").toString());
		assertEquals(1, bad.status());
		assertEquals("insilico: image = 32x32 pixels: this network (lenet) takes 28x28 images", bad.err().strip());
	}

	@Test
	void trainingOnOneClassIsRefused() {
		final Call c = call("train", "--data", "noise", "--count", "50", "--out", dir.resolve("n.zip").toString());
		assertEquals(1, c.status());
		assertTrue(c.err().contains("at least two classes"), c.err());
	}
}
