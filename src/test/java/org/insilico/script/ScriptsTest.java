package org.insilico.script;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.insilico.Progress;
import org.insilico.data.DataSources;
import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.probe.maximize.ActivationMaximization;
import org.insilico.probe.maximize.TopStimuli;
import org.insilico.image.ImagePlusBridge;
import org.insilico.image.Luts;
import org.insilico.model.Network;
import org.insilico.model.NetworkIO;
import org.insilico.model.Target;
import org.insilico.model.TestNetworks;
import org.insilico.probe.gradient.Attribution;
import org.insilico.probe.gradient.GradientTimesInput;
import org.insilico.probe.gradient.IntegratedGradients;
import org.insilico.probe.gradient.Occlusion;
import org.insilico.probe.gradient.Saliency;
import org.insilico.probe.gradient.SmoothGrad;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scijava.Context;
import org.scijava.MenuEntry;
import org.scijava.MenuPath;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.object.ObjectService;
import org.scijava.script.ScriptInfo;
import org.scijava.script.ScriptLanguage;
import org.scijava.script.ScriptModule;
import org.scijava.script.ScriptService;

/**
 * Runs every Jython script under {@code scripts/} through a SciJava {@link ScriptService}, with its {@code #@}
 * parameters, as Fiji runs it from the menu, and checks what it prints and outputs against the core.
 */
class ScriptsTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private static final Path SCRIPTS = Paths.get(System.getProperty("basedir", "."), "scripts");

	private static Context context;

	@TempDir
	static Path dir;

	@BeforeAll
	static void createContext() {
		context = new Context();
	}

	@AfterAll
	static void disposeContext() {
		context.dispose();
	}

	/** What a script printed, returned, and whether it wrote anything to its error stream. */
	record Run(String printed, String errors, ScriptModule module) {

		Object output(final String name) {
			return module.getOutput(name);
		}

		List<String> lines() {
			return Arrays.asList(printed.split("\\R"));
		}
	}

	/** Runs a script file as Fiji does (pre- and postprocessing on), with these inputs (name, value, ...). */
	static Run run(final Path script, final Object... inputs) {
		final ScriptService scripts = context.service(ScriptService.class);
		final ModuleService modules = context.service(ModuleService.class);
		final Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < inputs.length; i += 2)
			map.put((String) inputs[i], inputs[i + 1]);
		final StringWriter out = new StringWriter(), err = new StringWriter();
		try {
			final ScriptInfo info = scripts.getScript(script.toFile());
			final ScriptModule module = (ScriptModule) modules.createModule(info);
			module.setOutputWriter(out);
			module.setErrorWriter(err);
			modules.run(module, true, map).get();
			return new Run(out.toString(), err.toString(), module);
		}
		catch (final InterruptedException | ExecutionException e) {
			throw new AssertionError(e);
		}
	}

	static List<Path> scripts() throws IOException {
		if (!Files.isDirectory(SCRIPTS)) return List.of();
		try (Stream<Path> s = Files.walk(SCRIPTS)) {
			return s.filter(p -> p.toString().endsWith(".py")).sorted().collect(Collectors.toList());
		}
	}

	/** How each script is tested: small inputs, then checks on what it did. Every script needs an entry. */
	static final Map<String, BiConsumer<Path, Path>> CASES = Map.of( //
		"Train_Digit_Network.py", ScriptsTest::trainDigitNetwork, //
		"Summarize_Saved_Network.py", ScriptsTest::summarizeSavedNetwork, //
		"Gradient_Images.py", ScriptsTest::gradientImages, //
		"Preferred_Stimuli.py", ScriptsTest::preferredStimuli);

	@TestFactory
	List<DynamicTest> everyScriptRuns() throws IOException {
		final List<Path> found = scripts();
		assertFalse(found.isEmpty(), "no .py scripts found under " + SCRIPTS.toAbsolutePath());
		final List<DynamicTest> tests = new ArrayList<>();
		for (final Path script : found) {
			final String name = script.getFileName().toString();
			tests.add(DynamicTest.dynamicTest(SCRIPTS.relativize(script).toString(), () -> {
				final BiConsumer<Path, Path> check = CASES.get(name);
				if (check == null) fail("no test inputs for " + script + ": add it to ScriptsTest.CASES");
				final Path work = Files.createTempDirectory(dir, name);
				check.accept(script, work);
			}));
		}
		return tests;
	}

	@Test
	void jythonIsTheLanguageOfPyFiles() {
		final ScriptService scripts = context.service(ScriptService.class);
		final ScriptLanguage byName = scripts.getLanguageByName("Python (Jython)");
		assertNotNull(byName, "the test-scope Jython plugin is indexed");
		assertTrue(byName instanceof JythonLanguage, byName.getClass().getName());
		assertTrue(scripts.getLanguageByExtension("py") instanceof JythonLanguage);
	}

	/**
	 * The ScriptService finds the scripts in the application's {@code scripts/} folder (here the project, in Fiji
	 * its installation) and puts each in the menu as Fiji does, under Plugins › In Silico, beside the commands
	 * and with labels of their own.
	 */
	@Test
	void theMenuShowsEveryScriptBesideTheCommands() throws IOException {
		final Map<String, List<String>> menu = new LinkedHashMap<>();
		for (final ScriptInfo info : context.service(ScriptService.class).getScripts())
			menu.put(info.getPath().replace('\\', '/'), names(info.getMenuPath()));
		final List<List<String>> commands = context.service(CommandService.class).getCommands().stream().map(
			c -> names(c.getMenuPath())).collect(Collectors.toList());
		for (final Path script : scripts()) {
			final String path = SCRIPTS.relativize(script).toString().replace('\\', '/');
			final String label = script.getFileName().toString().replaceFirst("\\.py$", "").replace('_', ' ');
			assertEquals(List.of("Plugins", "In Silico", label), menu.get(path), path + " in " + menu);
			assertFalse(commands.contains(menu.get(path)), path + ": a command has the same menu entry");
		}
	}

	private static List<String> names(final MenuPath path) {
		return path.stream().map(MenuEntry::getName).collect(Collectors.toList());
	}

	/**
	 * SciJava leaves a primitive script input ({@code int}, {@code double}) that the caller does not give at 0,
	 * ignoring its {@code value=} default (boxed types get it): so every input with a default must be boxed.
	 */
	@Test
	void everyDefaultIsOnABoxedInput() throws IOException {
		final ScriptService scripts = context.service(ScriptService.class);
		for (final Path script : scripts()) {
			final ScriptInfo info = scripts.getScript(script.toFile());
			for (final ModuleItem<?> item : info.inputs())
				if (item.getDefaultValue() != null) assertFalse(item.getType().isPrimitive(), script.getFileName() + ": " +
					item.getName() + " is a primitive " + item.getType() + " with a default: use the boxed type");
		}
	}

	// -- the scripts --

	static final int IMAGES = 600, EPOCHS = 2, SEED = 3;
	static final double TEST_FRACTION = 0.2;

	/** Every input of the Train script, so that nothing comes from values remembered from an earlier run. */
	static Object[] trainInputs(final int epochs, final File save) {
		return new Object[] { "images", IMAGES, "test_fraction", TEST_FRACTION, "preset", "lenet", "epochs", epochs,
			"batch_size", 64, "learning_rate", 1e-3, "seed", (long) SEED, "network_file", save };
	}

	static void trainDigitNetwork(final Path script, final Path work) {
		final File saved = work.resolve("digits.zip").toFile();
		final Run r = run(script, trainInputs(EPOCHS, saved));
		assertEquals("", r.errors());
		final Network net = (Network) r.output("network");
		assertNotNull(net, r.printed());
		final double accuracy = (Double) r.output("test_accuracy");

		// the accuracy it reports is the network's own on the held-out digits the command split off
		final Dataset all = DataSources.load("digits", IMAGES, 0, SEED, Progress.NONE).dataset();
		final Dataset test = all.split(TEST_FRACTION, SEED + 7).second();
		assertEquals(net.evaluate(test, Progress.NONE).accuracy(), accuracy, 1e-9, r.printed());
		// chance is 0.1; measured 0.32 to 0.44 for seeds 1 to 8 (0.12 to 0.28 after one epoch)
		assertTrue(accuracy > 0.2 && accuracy <= 1, "above chance: " + accuracy);

		// one printed line per epoch, the last with that accuracy
		final List<String> epochs = r.lines().stream().filter(l -> l.matches("\\s*\\d+\\s+[0-9.]+")).collect(
			Collectors.toList());
		assertEquals(EPOCHS, epochs.size(), r.printed());
		assertEquals(String.format(Locale.ROOT, "%5d  %.4f", EPOCHS, accuracy), epochs.get(EPOCHS - 1));

		// saved where asked, the same network; and the current network of the session
		assertTrue(saved.isFile(), r.printed());
		final INDArray x = TestNetworks.randomImages(3, 28, DataType.FLOAT, 5);
		assertArrayEquals(net.output(x).data().asFloat(), NetworkIO.load(saved.toPath()).output(x).data().asFloat(), 0f);
		final List<Network> open = context.service(ObjectService.class).getObjects(Network.class);
		assertTrue(open.contains(net));

		// a bad input: the command's reason in one line, no stack trace, no outputs
		final Run bad = run(script, trainInputs(0, null));
		assertEquals(List.of("Train Digit Network stopped: epochs = 0: expected a whole number from 1 to 10000"), bad
			.lines());
		assertEquals("", bad.errors());
		assertNull(bad.output("network"));
		assertNull(bad.output("test_accuracy"));
	}

	static void preferredStimuli(final Path script, final Path work) {
		final Network net = TestNetworks.preset("lenet", 28, DataType.FLOAT, 7);
		final Run r = run(script, "network", net, "layer", "conv2", "steps", 3, "tv", 0.05, "jitter", 1, "seed", 2L);
		assertEquals("", r.errors());
		final ImagePlus montage = (ImagePlus) r.output("montage");
		assertNotNull(montage, r.printed());
		final ActivationMaximization.Result core = ActivationMaximization.units(net, "conv2", ActivationMaximization
			.Options.defaults().withSteps(3).withRegularizers(0, 0.05, 0, 1).withSeed(2), Progress.NONE);
		final TopStimuli.Best best = TopStimuli.best(net, DataSources.loadFor("digits", 2000, 28, net.classNames(), 2,
			"test", Progress.NONE).dataset(), core
			.objectives(), false, Progress.NONE);
		final List<String> lines = r.lines();
		assertEquals(1 + 16 + 1, lines.size(), r.printed());
		int beaten = 0;
		for (int u = 0; u < 16; u++) {
			assertEquals(String.format(Locale.ROOT, "%-22s %12.5f %12.5f %9.3f", "conv2:channel:" + u, core.values()[u],
				best.value()[u], core.values()[u] / best.value()[u]), lines.get(u + 1));
			if (core.values()[u] > best.value()[u]) beaten++;
		}
		assertEquals(beaten + " of 16 units: the synthesized image beats every digit", lines.get(17));
	}

	static void gradientImages(final Path script, final Path work) {
		final Network net = TestNetworks.preset("lenet", 28, DataType.FLOAT, 7);
		final Run r = run(script, "network", net, "count", 2, "target", "predicted class", "samples", 4, "steps", 8,
			"seed", 1L);
		assertEquals("", r.errors());
		final ImagePlus comparison = (ImagePlus) r.output("comparison");
		assertNotNull(comparison, r.printed());

		// five methods × two digits, each method's maps the core's divided by their largest magnitude
		final var digits = StimulusSets.generate("digits", 2, 28, 1).images();
		final List<Attribution> methods = List.of(new Saliency(false), new GradientTimesInput(), new SmoothGrad(
			new SmoothGrad.Options(4, 0.15, false, 1)), new IntegratedGradients(IntegratedGradients.Options.defaults()
				.withSteps(8)), new Occlusion(Occlusion.Options.defaults()));
		assertEquals(10, comparison.getStackSize());
		assertEquals(-1, comparison.getDisplayRangeMin(), 0);
		assertEquals(1, comparison.getDisplayRangeMax(), 0);
		final float[] shown = ImagePlusBridge.toImg(comparison, ImagePlusBridge.Range.RAW).img().update(null)
			.getCurrentStorageArray();
		final List<Target> predicted = Attribution.predictedClasses(net, digits.update(null).getCurrentStorageArray(),
			Progress.NONE);
		for (int k = 0; k < methods.size(); k++) {
			final Attribution.Result core = methods.get(k).attribute(net, digits, null, Progress.NONE);
			final float[] map = core.map().update(null).getCurrentStorageArray();
			final double m = Luts.symmetricLimit(core.map());
			for (int p = 0; p < map.length; p++)
				assertEquals(map[p] / m, shown[k * map.length + p], 1e-6, core.method() + " pixel " + p);
			final String c = predicted.get(1).description().replace("output:class:", "");
			assertEquals(String.format(Locale.ROOT, "image 2 · predicted %s (%s) · %s (x 1/%.3g)", c,
				TestNetworks.DIGIT_CLASSES.get(Integer.parseInt(c)), core.method(), m), comparison.getStack()
					.getSliceLabel(2 * k + 2));
			if (k == 3) {
				// the printed table: a header, then per image its target, value and completeness error
				final double[] errors = methods.get(k).completenessErrors(net, digits, core);
				final List<String> lines = r.lines();
				assertEquals(3, lines.size(), r.printed());
				assertTrue(lines.get(0).contains("IG completeness error"), r.printed());
				for (int i = 0; i < 2; i++)
					assertTrue(lines.get(i + 1).endsWith(String.format(Locale.ROOT, "%.4f", errors[i])), r.printed());
			}
		}

		// a bad target: the command's reason in one line, no output
		final Run bad = run(script, "network", net, "count", 2, "target", "conv9:channel:1", "samples", 4, "steps", 8,
			"seed", 1L);
		assertEquals(List.of("Gradient Images stopped: target = 'conv9:channel:1': layer = 'conv9': expected one of " +
			"[conv1, pool1, conv2, pool2, dense1, output]"), bad.lines());
		assertEquals("", bad.errors());
		assertNull(bad.output("comparison"));
	}

	static void summarizeSavedNetwork(final Path script, final Path work) {
		final Network net = TestNetworks.preset("lenet", 28, DataType.FLOAT, 3);
		final Path file = work.resolve("lenet.zip");
		NetworkIO.save(net, file);
		final Run r = run(script, "network_file", file.toFile());
		assertEquals("", r.errors());

		// the printed table: a header, then one row per layer, first column the layer name
		final List<String> lines = r.lines();
		final int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("Layer ")).findFirst().orElseThrow(
			() -> new AssertionError(r.printed())));
		final List<String> rows = lines.subList(header + 1, lines.indexOf(""));
		assertEquals(net.layerNames(), rows.stream().map(l -> l.split("\\s+")[0]).collect(Collectors.toList()), r
			.printed());
		assertTrue(r.printed().contains(String.format(Locale.ROOT, "Total parameters: %,d", net.parameterCount())), r.printed());

		final ResultsTable summary = (ResultsTable) r.output("summary");
		assertEquals(net.layerNames().size(), summary.size());
		final Network opened = (Network) r.output("network");
		assertEquals(net.layerNames(), opened.layerNames());

		// a file that is no network: one line with the reason
		final Path junk = work.resolve("junk.zip");
		try {
			Files.writeString(junk, "junk");
		}
		catch (final IOException e) {
			throw new AssertionError(e);
		}
		final Run bad = run(script, "network_file", junk.toFile());
		assertEquals(1, bad.lines().size(), bad.printed());
		assertTrue(bad.printed().startsWith("Summarize Saved Network stopped: ") && bad.printed().contains("junk.zip"), bad
			.printed());
		assertEquals("", bad.errors());
		assertNull(bad.output("summary"));
	}
}
