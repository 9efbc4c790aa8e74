package org.insilico.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.insilico.Progress;
import org.insilico.data.Dataset;
import org.insilico.data.StimulusSets;
import org.insilico.model.Architectures;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.Target;
import org.insilico.model.Trainer;
import org.insilico.probe.Statistics;
import org.insilico.probe.ablation.Ablation;
import org.insilico.probe.ablation.AblationExperiment;
import org.insilico.probe.ablation.AblationMap;
import org.insilico.probe.compare.CenteredKernelAlignment;
import org.insilico.probe.compare.RepresentationalDissimilarity;
import org.insilico.probe.gradient.Attribution;
import org.insilico.probe.maximize.ActivationMaximization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The benchmark of issue 6: every workload for this project ("ours") and for its reference (PyTorch 1.13, NumPy,
 * SciPy through {@code src/bench/python/reference.py}) in the same run, interleaved, several rounds; then the peak
 * memory of each analysis over 10,000 images in a JVM limited to 2 GiB ({@link MemoryBenchmark}). Writes
 * {@code BENCHMARKS.md} at the repository root and {@code src/bench/results.json}.
 * <p>
 * Order: one untimed warm-up round (every workload once on each side at a reduced size, then at full size for
 * {@code --warmup-seconds} on each side: JIT compilation, oneDNN primitive creation, allocator growth, PyTorch's first
 * calls), then {@code --repeats} rounds; in each round every workload runs ours, then the reference, and a short one
 * does so several times, alternated ({@link #callsPerRound}, sized from the warm-up). Within a call, each side also
 * runs a few untimed iterations first (3 batches of training on the fresh network, 3 inference batches, one gradient
 * batch, 3 maximization steps). Values: median and spread (min–max) over all calls. Then the
 * first calls: a few workloads' first call in a fresh JVM ({@link FirstCall}) and a fresh Python process, what the
 * warm-up leaves out.
 * <p>
 * Run from the repository root: {@code mvn -B -q -Pbench test-compile exec:java} (the default {@code bench.main});
 * options through {@code -Dexec.args="..."}: {@code --repeats N} (5: on a shared machine three rounds left the
 * medians at the mercy of its load), {@code --warmup-seconds S} (3), {@code --only name,prefix,...} (first calls:
 * {@code first_infer_mlp_b64} or a prefix of it), {@code --no-memory}, {@code --quick} (small
 * sizes, a smoke test), {@code --out DIR}, {@code --python PATH} ({@code /usr/bin/python3}). A partial or quick
 * run writes to {@code target/bench/} unless {@code --out} says otherwise, so that the committed files only ever hold
 * full runs.
 */
public final class Benchmarks {

	private Benchmarks() {}

	/** How ours runs one workload once; returns the value in the workload's unit. */
	@FunctionalInterface
	interface Ours {

		double run(boolean warmup) throws Exception;
	}

	/**
	 * A workload.
	 *
	 * @param name as in results.json (training workloads start with {@code train_})
	 * @param unit {@code images/s}, {@code steps/s} (higher is better) or {@code s} (lower is better)
	 * @param description what both sides do, with the sizes
	 * @param reference what the reference is, in a few words
	 * @param flopsPerImage for training: forward + backward FLOPs per image (0 otherwise)
	 * @param parameters the network's parameter count, checked against the reference's (0: no network)
	 * @param referenceArgs reference.py's arguments of a timed call (without --seed)
	 * @param referenceWarmupArgs reference.py's arguments of the warm-up call
	 */
	record Workload(String name, String unit, String description, String reference, long flopsPerImage,
		long parameters, Ours ours, List<String> referenceArgs, List<String> referenceWarmupArgs)
	{

		boolean isTime() {
			return unit.equals("s");
		}
	}

	/**
	 * A workload's values, {@code calls} per round (NaN where a side failed).
	 *
	 * @param calls the calls of each side per round, alternated ({@link #callsPerRound})
	 */
	record Measured(Workload workload, double[] ours, double[] reference, int calls, String error) {

		double ratio() {
			final double o = median(ours), r = median(reference);
			return workload.isTime() ? r / o : o / r;
		}
	}

	/** The sizes of the run. */
	record Sizes(int trainLenet, int trainMlp, int infer, int inferPasses, int gradient, int steps, int ablation,
		int rdmRows, int rdmColumns, int ckaRows, int ckaColumns, int warmupIterations, int memoryImages, int igSteps)
	{

		static Sizes full() {
			return new Sizes(6400, 12_800, 10_000, 4, 5120, 64, 10_000, 2000, 4096, 10_000, 1024, 3, 10_000, 4);
		}

		static Sizes quick() {
			return new Sizes(1280, 1280, 1280, 1, 1024, 16, 1024, 300, 4096, 2000, 1024, 3, 1000, 2);
		}
	}

	public static void main(final String[] args) throws Exception {
		TrainingProfile.engineFirst(); // ND4J's natives load after Engine has set the OpenMP wait policy
		int repeats = 5;
		double warmupSeconds = 3;
		boolean memory = true, quick = false;
		String python = "/usr/bin/python3";
		Path out = null;
		List<String> only = null;
		final List<String> words = new ArrayList<>();
		for (final String a : args)
			for (final String w : a.trim().split("\\s+"))
				if (!w.isEmpty()) words.add(w);
		for (int i = 0; i < words.size(); i++)
			switch (words.get(i)) {
				case "--repeats" -> repeats = Integer.parseInt(words.get(++i));
				case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(words.get(++i));
				case "--only" -> only = Arrays.asList(words.get(++i).split(","));
				case "--no-memory" -> memory = false;
				case "--quick" -> quick = true;
				case "--out" -> out = Path.of(words.get(++i));
				case "--python" -> python = words.get(++i);
				default -> throw new IllegalArgumentException("unknown option " + words.get(i) + "; expected --repeats N, " +
					"--warmup-seconds S, --only names, --no-memory, --quick, --out DIR, --python PATH");
			}
		if (repeats < 1) throw new IllegalArgumentException("--repeats " + repeats + ": expected 1 or more");
		if (!(warmupSeconds >= 0)) throw new IllegalArgumentException("--warmup-seconds " + warmupSeconds +
			": expected 0 or more");
		final long warmupNanos = (long) (warmupSeconds * 1e9);
		final Path root = Path.of("").toAbsolutePath();
		final Path script = root.resolve("src/bench/python/reference.py");
		if (!Files.isRegularFile(script)) throw new IllegalStateException("run from the repository root: " + script +
			" not found");
		final boolean complete = !quick && only == null && memory;
		if (out == null) out = complete ? root : root.resolve("target/bench");
		final Sizes sizes = quick ? Sizes.quick() : Sizes.full();
		final long started = System.nanoTime();
		final String loadBefore = loadAverage();

		log("setting up: digits, a LeNet trained for one epoch, matrices");
		final List<Workload> workloads = new ArrayList<>();
		for (final Workload w : define(sizes))
			if (only == null || only.stream().anyMatch(o -> w.name().startsWith(o))) workloads.add(w);
		final Machine machine = Machine.describe(); // after the first network: DL4J's set-up (Engine) has run
		log("setup done in %.1f s; %s, %d cores, ND4J threads %d, %s; %d workloads, %d rounds", (System.nanoTime() -
			started) / 1e9, machine.cpu(), machine.cores(), machine.oursThreads(), machine.helpers(), workloads.size(),
			repeats);

		final List<Measured> measured = new ArrayList<>();
		Map<String, Object> referenceInfo = Map.of();
		try (ReferenceProcess ref = new ReferenceProcess(python, script, machine.oursThreads())) {
			final double[][] ours = new double[workloads.size()][], reference = new double[workloads.size()][];
			final int[] calls = new int[workloads.size()];
			final String[] errors = new String[workloads.size()];
			log("warm-up round (untimed)");
			for (int k = 0; k < workloads.size(); k++) {
				final Workload w = workloads.get(k);
				long oursSpent = 0, referenceSpent = 0;
				int oursCalls = 0, referenceCalls = 0;
				try {
					w.ours().run(true);
					// then full-size calls until the JIT has had its time: a workload's own code paths reach C2 only
					// after thousands of calls, and until then compilations take a core from the products (`mlp`
					// inference from a fresh JVM: about 100k images/s over its first 3,000 batches, 170-200k after;
					// LEVERS.md, sixth round)
					for (final long t = System.nanoTime(); (oursSpent = System.nanoTime() - t) < warmupNanos; oursCalls++)
						w.ours().run(false);
				}
				catch (final Exception e) {
					errors[k] = "ours: " + e;
				}
				try {
					final Map<String, Object> answer = ref.call(w.referenceWarmupArgs());
					if (referenceInfo.isEmpty()) referenceInfo = referenceInfo(answer);
					if (answer.get("network_parameters") instanceof Number p && w.parameters() > 0 && p.longValue() != w
						.parameters()) errors[k] = "the networks differ: ours has " + w.parameters() + " parameters, the " +
							"reference " + p;
					for (final long t = System.nanoTime(); (referenceSpent = System.nanoTime() - t) < warmupNanos;
						referenceCalls++) // the same for PyTorch
						ref.call(w.referenceArgs());
				}
				catch (final IOException e) {
					errors[k] = (errors[k] == null ? "" : errors[k] + "; ") + "reference: " + e.getMessage();
				}
				calls[k] = callsPerRound(oursCalls == 0 ? 0 : oursSpent / 1e9 / oursCalls, referenceCalls == 0 ? 0 :
					referenceSpent / 1e9 / referenceCalls);
				ours[k] = new double[repeats * calls[k]];
				reference[k] = new double[repeats * calls[k]];
			}
			for (int r = 0; r < repeats; r++)
				for (int k = 0; k < workloads.size(); k++)
					for (int c = 0; c < calls[k]; c++) {
						final Workload w = workloads.get(k);
						final int i = r * calls[k] + c;
						ours[k][i] = Double.NaN;
						reference[k][i] = Double.NaN;
						try {
							ours[k][i] = w.ours().run(false);
						}
						catch (final Exception e) {
							errors[k] = "ours: " + e;
						}
						try {
							final List<String> a = new ArrayList<>(w.referenceArgs());
							a.addAll(List.of("--seed", Integer.toString(i + 1)));
							final Map<String, Object> answer = ref.call(a);
							reference[k][i] = ((Number) answer.get("median")).doubleValue();
						}
						catch (final IOException e) {
							errors[k] = (errors[k] == null ? "" : errors[k] + "; ") + "reference: " + e.getMessage();
						}
						log("round %d/%d %-32s ours %10s  reference %10s  %s%s", r + 1, repeats, w.name(), format(ours[k][i]),
							format(reference[k][i]), w.unit(), calls[k] == 1 ? "" : String.format(Locale.ROOT, " (call %d/%d)",
								c + 1, calls[k]));
					}
			for (int k = 0; k < workloads.size(); k++)
				measured.add(new Measured(workloads.get(k), ours[k], reference[k], calls[k], errors[k]));
		}

		final List<Measured> firstCalls = new ArrayList<>();
		for (final String name : FIRST_CALLS)
			if (only == null || only.stream().anyMatch(o -> name.startsWith(o) || ("first_" + name).startsWith(o)))
				firstCalls.add(firstCall(name, sizes, python, script, machine.oursThreads()));

		List<Map<String, Object>> memoryRows = List.of();
		if (memory) {
			log("memory: %d images in a JVM with -Xmx2g", sizes.memoryImages());
			memoryRows = runMemoryBenchmark(sizes);
		}
		final double minutes = (System.nanoTime() - started) / 60e9;
		final String load = "load average (1, 5, 15 min) " + loadBefore + " at the start, " + loadAverage() +
			" at the end";
		final BenchmarkReport report = new BenchmarkReport(machine, referenceInfo, sizes, repeats, warmupSeconds,
			measured, firstCalls, memoryRows, minutes, complete, load, root.resolve("src/bench/LEVERS.md"));
		final Path markdown = out.resolve("BENCHMARKS.md"), json = complete ? root.resolve("src/bench/results.json") : out
			.resolve("results.json");
		report.write(markdown, json);
		log("wrote %s and %s in %.1f minutes", markdown, json, minutes);
	}

	/** A round's calls of a workload on each side together last at least this long ({@link #callsPerRound}). */
	static final double ROUND_SECONDS = 2;

	/** At most this many calls per round. */
	static final int MAX_CALLS = 5;

	/**
	 * How many calls of a workload each side makes per round, alternated (ours, reference, ours, ...): as many as
	 * make the longer side's calls last {@link #ROUND_SECONDS}, from 1 to {@link #MAX_CALLS}. A call of {@code mlp}
	 * inference lasts about 0.3 s; the machine's load changes over such spans by more than the sides differ, and five
	 * values per side left the medians of these short workloads at its mercy (LEVERS.md, eleventh round).
	 *
	 * @param ours the mean seconds of one of ours' warm-up calls (0 if none ran)
	 * @param reference the same for the reference
	 */
	static int callsPerRound(final double ours, final double reference) {
		final double longer = Math.max(ours, reference);
		if (!(longer > 0)) return 1;
		return (int) Math.max(1, Math.min(MAX_CALLS, Math.ceil(ROUND_SECONDS / longer)));
	}

	// -- first calls --

	/** The workloads whose first call in a fresh process is measured too. */
	static final List<String> FIRST_CALLS = List.of("train_lenet_b64", "train_mlp_b64", "infer_lenet_b64",
		"infer_mlp_b64");

	/** Rounds of the first calls (each a fresh JVM and a fresh Python process). */
	private static final int FIRST_CALL_ROUNDS = 3;

	/**
	 * A workload's first call, {@link #FIRST_CALL_ROUNDS} times on each side, alternated: ours in a fresh JVM
	 * ({@link FirstCall}), the reference in a fresh Python process with {@code --warmup 0}. Same sizes as the timed
	 * workload.
	 */
	private static Measured firstCall(final String name, final Sizes s, final String python, final Path script,
		final int threads) throws IOException, InterruptedException
	{
		final int batch = Integer.parseInt(name.substring(name.lastIndexOf("_b") + 2));
		final int images = roundDown(name.startsWith("infer") ? s.infer() : name.contains("lenet") ? s.trainLenet() : s
			.trainMlp(), batch);
		final Workload w = new Workload("first_" + name, "images/s", String.format(Locale.ROOT, "the first call of " +
			"`%s` in a fresh process (%,d images, nothing untimed before it)", name, images), "PyTorch, fresh process",
			0, 0, null, List.of(), List.of());
		final double[] ours = new double[FIRST_CALL_ROUNDS], reference = new double[FIRST_CALL_ROUNDS];
		String error = null;
		final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		for (int r = 0; r < FIRST_CALL_ROUNDS; r++) {
			ours[r] = reference[r] = Double.NaN;
			try {
				ours[r] = Double.parseDouble(lineOf(new ProcessBuilder(java, "-cp", classPath(), FirstCall.class.getName(),
					name, Integer.toString(images)), "FIRST "));
			}
			catch (final IOException | NumberFormatException e) {
				error = "ours: " + e.getMessage();
			}
			try {
				final ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--workload", name, "--repeats",
					"1", "--warmup", "0", "--images", Integer.toString(images), "--seed", Integer.toString(r + 1),
					"--threads", Integer.toString(threads));
				pb.environment().putIfAbsent("OMP_WAIT_POLICY", System.getProperty("insilico.omp.wait.policy",
					"PASSIVE"));
				final String answer = lineOf(pb, "{");
				reference[r] = ((Number) new ObjectMapper().readValue(answer, Map.class).get("median")).doubleValue();
			}
			catch (final IOException e) {
				error = (error == null ? "" : error + "; ") + "reference: " + e.getMessage();
			}
			log("first call %d/%d %-26s ours %10s  reference %10s  images/s", r + 1, FIRST_CALL_ROUNDS, name, format(
				ours[r]), format(reference[r]));
		}
		return new Measured(w, ours, reference, 1, error);
	}

	/** Runs a process to its end and returns the rest of its last stdout line that starts with {@code prefix}. */
	private static String lineOf(final ProcessBuilder pb, final String prefix) throws IOException,
		InterruptedException
	{
		pb.redirectError(ProcessBuilder.Redirect.INHERIT);
		final Process p = pb.start();
		String found = null;
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line; (line = r.readLine()) != null;)
				if (line.startsWith(prefix)) found = prefix.equals("{") ? line : line.substring(prefix.length());
		}
		final int exit = p.waitFor();
		if (exit != 0 || found == null) throw new IOException(String.join(" ", pb.command().subList(0, Math.min(4, pb
			.command().size()))) + "… exited with " + exit + (found == null ? " without a '" + prefix + "' line" : ""));
		return found;
	}

	// -- the workloads --

	/** The workloads, with their data: digits, a LeNet trained for one epoch, a fresh MLP, Gaussian matrices. */
	private static List<Workload> define(final Sizes s) {
		final Dataset train = StimulusSets.generate("digits", Math.max(s.trainLenet(), s.trainMlp()), 28, 1);
		final Dataset test = StimulusSets.generate("digits", Math.max(s.infer(), Math.max(s.gradient(), s.ablation())),
			28, 2);
		final Network lenet = Trainer.train(train.subset(range(0, Math.min(6000, train.size()))), null, Trainer.Options
			.defaults("lenet").withEpochs(1), Progress.NONE).network();
		final Network mlp = Architectures.create("mlp", 1, 28, 28, test.classNames(), new Architectures.Hyper(new Adam(
			1e-3), 0, 0, 42, DataType.FLOAT));
		final List<Workload> list = new ArrayList<>();
		for (final Network net : List.of(lenet, mlp))
			for (final int batch : new int[] { 64, 256 })
				list.add(training(net.architecture(), net, batch, train, s));
		for (final Network net : List.of(lenet, mlp))
			for (final int batch : new int[] { 64, 256 })
				list.add(inference(net.architecture(), net, batch, test, s));
		list.add(gradient("class", Target.parse("output:class:3", lenet), "the class-3 logit", lenet, test, s));
		list.add(gradient("conv2", Target.parse("conv2:channel:5", lenet), "conv2 channel 5's spatial mean", lenet, test,
			s));
		list.add(maximization(lenet, s));
		list.add(ablation(lenet, test, s));
		list.addAll(dissimilarity(s));
		list.add(alignment(s));
		return list;
	}

	private static Workload training(final String preset, final Network net, final int batch, final Dataset train,
		final Sizes s)
	{
		final String name = "train_" + preset + "_b" + batch;
		final int w = s.warmupIterations(), warmupImages = batch * (w + 2);
		final int n = roundDown(Math.max(preset.equals("lenet") ? s.trainLenet() : s.trainMlp(), warmupImages), batch);
		final Dataset data = train.subset(range(0, n)), warmup = train.subset(range(0, warmupImages));
		return new Workload(name, "images/s", String.format(Locale.ROOT, "Trainer.train, %s, batch %d, Adam lr 1e-3, " +
			"one epoch of %,d digits on a fresh network; images/s over the batches after the first %d", preset, batch, n,
			w), "PyTorch, same network and optimizer", trainingFlopsPerImage(net), net.parameterCount(), warm -> train(
				warm ? warmup : data, preset, batch, w), referenceArgs(name, "--images", n, "--warmup", w), referenceArgs(
					name, "--images", warmupImages, "--warmup", w));
	}

	private static Workload inference(final String preset, final Network net, final int batch, final Dataset test,
		final Sizes s)
	{
		final String name = "infer_" + preset + "_b" + batch;
		final int w = s.warmupIterations(), n = roundDown(s.infer(), batch);
		final List<INDArray> batches = new ArrayList<>();
		for (int from = 0; from + batch <= n; from += batch)
			batches.add(net.toInput(test.pixels(from, from + batch)));
		final List<INDArray> warmup = batches.subList(0, Math.min(2 * w, batches.size()));
		final int passes = s.inferPasses();
		return new Workload(name, "images/s", String.format(Locale.ROOT, "Network.output (class probabilities) of %,d " +
			"digits in batches of %d, %d passes over them, after %d untimed batches", n, batch, passes, w),
			"PyTorch, inference mode, softmax", 0, net.parameterCount(), warm -> infer(net, warm ? warmup : batches, w,
				warm ? 1 : passes), referenceArgs(name, "--images", n, "--warmup", w, "--passes", passes), referenceArgs(name,
					"--images", warmup.size() * batch, "--warmup", w));
	}

	private static Workload gradient(final String kind, final Target target, final String what, final Network lenet,
		final Dataset test, final Sizes s)
	{
		final String name = "gradient_" + kind + "_lenet";
		final int batch = lenet.batchSize(target.layerIndex()), n = s.gradient();
		final float[] pixels = test.pixels(0, n), warmup = Arrays.copyOf(pixels, Math.min(n, batch) * 784);
		return new Workload(name, "images/s", String.format(Locale.ROOT, "Attribution gradient (saliency) of %s (%s), " +
			"%,d digits, batches of %d (ours returns the images and t(x)), after one untimed batch", what, target, n,
			batch), "PyTorch autograd (as Captum's Saliency)", 0, lenet.parameterCount(), warm -> gradient(lenet, warm
				? warmup : pixels, target, batch), referenceArgs(name, "--images", n, "--batch", batch, "--warmup", 1),
			referenceArgs(name, "--images", batch, "--batch", batch, "--warmup", 1));
	}

	private static Workload maximization(final Network lenet, final Sizes s) {
		final String name = "maximize_conv2_lenet";
		final int w = s.warmupIterations();
		return new Workload(name, "steps/s", String.format(Locale.ROOT, "ActivationMaximization.units(conv2): 16 " +
			"channels at once, Adam lr 0.05 on the pixels, clip [0, 1], %d steps after %d untimed", s.steps(), w),
			"PyTorch, torch.optim.Adam on the images", 0, lenet.parameterCount(), warm -> maximize(lenet, warm ? w : s
				.steps(), w), referenceArgs(name, "--steps", s.steps(), "--warmup", w), referenceArgs(name, "--steps", w,
					"--warmup", w));
	}

	private static Workload ablation(final Network lenet, final Dataset test, final Sizes s) {
		final String name = "ablation_conv2_lenet";
		final Dataset data = test.subset(range(0, s.ablation())), warmup = test.subset(range(0, Math.min(1024, s
			.ablation())));
		final int batch = lenet.batchSize(lenet.layers().size() - 1);
		return new Workload(name, "s", String.format(Locale.ROOT, "AblationMap of conv2 (intact + 16 channels zeroed, " +
			"accuracy and loss per class) over %,d digits, recording included", s.ablation()), "PyTorch, a full forward " +
				"pass per ablation (as Captum's feature ablation), batches of " + batch, 0, lenet.parameterCount(),
			warm -> ablation(lenet, warm ? warmup : data), referenceArgs(name, "--images", s.ablation(), "--batch", batch),
			referenceArgs(name, "--images", warmup.size(), "--batch", batch));
	}

	/** The RDM against NumPy (rsatoolbox's formula with BLAS) and against SciPy's pdist: ours is timed for each. */
	private static List<Workload> dissimilarity(final Sizes s) {
		final int rows = s.rdmRows(), columns = s.rdmColumns(), warmupRows = Math.min(200, rows);
		final double[] data = gaussian(rows * columns, 3), warmup = Arrays.copyOf(data, warmupRows * columns);
		final List<Workload> list = new ArrayList<>();
		for (final boolean pdist : new boolean[] { false, true }) {
			final String reference = "rdm_correlation_2000x4096" + (pdist ? "_pdist" : "");
			list.add(new Workload("rdm_correlation_" + rows + "x" + columns + (pdist ? "_pdist" : ""), "s", String.format(
				Locale.ROOT, "RepresentationalDissimilarity, correlation distance, %,d × %,d doubles (condensed result)",
				rows, columns), pdist ? "SciPy pdist(X, 'correlation')" : "NumPy, rsatoolbox's formula with BLAS " +
					"(ma @ ma.T)", 0, 0, warm -> rdm(warm ? warmup : data, columns), referenceArgs(reference, "--rows", rows,
						"--columns", columns), referenceArgs(reference, "--rows", warmupRows, "--columns", columns)));
		}
		return list;
	}

	private static Workload alignment(final Sizes s) {
		final int rows = s.ckaRows(), columns = s.ckaColumns(), warmupRows = Math.min(1000, rows);
		final double[] x = gaussian(rows * columns, 4), y = gaussian(rows * columns, 5);
		final double[] xs = Arrays.copyOf(x, warmupRows * columns), ys = Arrays.copyOf(y, warmupRows * columns);
		final String reference = "cka_linear_10000x1024";
		return new Workload("cka_linear_" + rows + "x" + columns, "s", String.format(Locale.ROOT,
			"CenteredKernelAlignment.linear of two %,d × %,d double matrices (feature space)", rows, columns),
			"NumPy, Kornblith et al.'s feature_space_linear_cka", 0, 0, warm -> cka(warm ? xs : x, warm ? ys : y,
				columns), referenceArgs(reference, "--rows", rows, "--columns", columns), referenceArgs(reference, "--rows",
					warmupRows, "--columns", columns));
	}

	/** Reference arguments: the workload (one repeat) and option–value pairs. */
	private static List<String> referenceArgs(final String workload, final Object... optionValues) {
		final List<String> a = new ArrayList<>(List.of("--workload", workload, "--repeats", "1"));
		for (final Object o : optionValues)
			a.add(String.valueOf(o));
		return Collections.unmodifiableList(a);
	}

	/**
	 * Images/s of {@link Trainer#train} on a fresh network, timed by the progress reports it makes after every batch:
	 * from the end of batch {@code warm} to the end of the last batch (network creation, the first batches and the
	 * evaluation after the epoch are outside).
	 */
	static double train(final Dataset data, final String preset, final int batch, final int warm) {
		final int batches = data.size() / batch;
		final long[] done = new long[batches + 1];
		final Trainer.Options d = Trainer.Options.defaults(preset);
		final Trainer.Options options = new Trainer.Options(preset, 1, batch, d.learningRate(), d.optimizer(), d
			.momentum(), 0, 0, 7, 0, false, java.util.Set.of());
		Trainer.train(data, null, options, (stage, step, total) -> {
			if (step >= 1 && step <= batches) done[(int) step] = System.nanoTime();
		});
		final int w = Math.min(warm, batches - 1);
		if (done[w] == 0 || done[batches] == 0) throw new IllegalStateException(
			"Trainer.train no longer reports every batch; the training benchmark needs those reports");
		return (batches - w) * (double) batch / ((done[batches] - done[w]) / 1e9);
	}

	static double infer(final Network net, final List<INDArray> batches, final int warm) {
		return infer(net, batches, warm, 1);
	}

	/** Images/s of {@link Network#output} over {@code batches}, {@code passes} times, after {@code warm} untimed. */
	static double infer(final Network net, final List<INDArray> batches, final int warm, final int passes) {
		for (int i = 0; i < Math.min(warm, batches.size()); i++)
			net.output(batches.get(i));
		final long t = System.nanoTime();
		long images = 0;
		for (int p = 0; p < passes; p++)
			for (final INDArray b : batches) {
				net.output(b);
				images += b.size(0);
			}
		return images / ((System.nanoTime() - t) / 1e9);
	}

	static double gradient(final Network net, final float[] pixels, final Target target, final int batch) {
		final Attribution saliency = Attribution.of("gradient");
		final int per = net.width() * net.height(), n = pixels.length / per;
		saliency.attribute(net, Arrays.copyOf(pixels, Math.min(n, batch) * per), Collections.nCopies(Math.min(n, batch),
			target), Progress.NONE);
		final long t = System.nanoTime();
		saliency.attribute(net, pixels, Collections.nCopies(n, target), Progress.NONE);
		return n / ((System.nanoTime() - t) / 1e9);
	}

	static double maximize(final Network net, final int steps, final int warm) {
		final ActivationMaximization.Options o = ActivationMaximization.Options.defaults();
		ActivationMaximization.units(net, "conv2", o.withSteps(warm), Progress.NONE);
		final long t = System.nanoTime();
		ActivationMaximization.units(net, "conv2", o.withSteps(steps), Progress.NONE);
		return steps / ((System.nanoTime() - t) / 1e9);
	}

	static double ablation(final Network net, final Dataset data) {
		final long t = System.nanoTime();
		AblationMap.compute(AblationExperiment.record(net, data, "conv2", Progress.NONE), Ablation.Mode.ZERO, 0,
			Progress.NONE);
		return (System.nanoTime() - t) / 1e9;
	}

	static double rdm(final double[] data, final int columns) {
		final long t = System.nanoTime();
		RepresentationalDissimilarity.compute(data, columns, RepresentationalDissimilarity.Options.defaults());
		return (System.nanoTime() - t) / 1e9;
	}

	static double cka(final double[] x, final double[] y, final int columns) {
		final long t = System.nanoTime();
		CenteredKernelAlignment.linear(x, columns, y, columns, CenteredKernelAlignment.Options.defaults());
		return (System.nanoTime() - t) / 1e9;
	}

	/**
	 * FLOPs of one training step per image, counted analytically from the architecture: each layer with weights does
	 * {@code MACs = (number of weights) × (output positions)} multiply–adds per image in its forward pass (a dense
	 * layer: 1 position; a convolution: its output's height × width). Backward: the weight gradient costs the same
	 * MACs again, and so does the gradient with respect to the layer's input, except for the first layer (nothing
	 * below needs it). FLOPs = 2 × MACs: {@code training = 2 × (3 Σ MACs − MACs_first)}. Bias, ReLU, pooling, softmax
	 * and Adam's update are not counted (a few per cent). LeNet: 1,791,744; MLP: 1,007,104.
	 */
	static long trainingFlopsPerImage(final Network net) {
		long sum = 0, first = -1;
		for (final LayerInfo layer : net.layers()) {
			final INDArray w = net.dl4jLayer(layer.index()).getParam("W");
			if (w == null) continue;
			final long positions = layer.isSpatial() ? layer.shape()[1] * layer.shape()[2] : 1;
			final long macs = w.length() * positions;
			if (first < 0) first = macs;
			sum += macs;
		}
		return 2 * (3 * sum - first);
	}

	// -- the memory benchmark in its own JVM --

	private static List<Map<String, Object>> runMemoryBenchmark(final Sizes sizes) throws IOException,
		InterruptedException
	{
		final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		final ProcessBuilder pb = new ProcessBuilder(java, "-Xmx2g", "-cp", classPath(), MemoryBenchmark.class.getName(),
			"--images", Integer.toString(sizes.memoryImages()), "--ig-steps", Integer.toString(sizes.igSteps()));
		pb.redirectError(ProcessBuilder.Redirect.INHERIT);
		final Process p = pb.start();
		final List<Map<String, Object>> rows = new ArrayList<>();
		final ObjectMapper json = new ObjectMapper();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line; (line = r.readLine()) != null;)
				if (line.startsWith("MEMORY ")) {
					@SuppressWarnings("unchecked")
					final Map<String, Object> row = json.readValue(line.substring(7), LinkedHashMap.class);
					rows.add(row);
					log("memory: %-70s heap peak %6.0f MB, after GC %6.0f MB, %.1f s", row.get("analysis"), mb(row,
						"heap_pool_peaks"), mb(row, "heap_after_gc_max"), ((Number) row.get("seconds")).doubleValue());
				}
		}
		final int exit = p.waitFor();
		if (exit != 0) {
			final Map<String, Object> failed = new LinkedHashMap<>();
			failed.put("analysis", "the memory benchmark JVM stopped with exit code " + exit + " after " + rows.size() +
				" analyses (an OutOfMemoryError under -Xmx2g would show here)");
			rows.add(failed);
		}
		return rows;
	}

	/** The class path of this run: the class loader's (exec:java) or the JVM's. */
	static String classPath() {
		final ClassLoader loader = Benchmarks.class.getClassLoader();
		if (loader instanceof URLClassLoader u && u.getURLs().length > 0) {
			final List<String> entries = new ArrayList<>();
			for (final URL url : u.getURLs())
				try {
					entries.add(Path.of(url.toURI()).toString());
				}
				catch (final URISyntaxException | IllegalArgumentException e) {
					entries.add(url.getPath());
				}
			return String.join(File.pathSeparator, entries);
		}
		return System.getProperty("java.class.path");
	}

	// -- helpers --

	private static Map<String, Object> referenceInfo(final Map<String, Object> answer) {
		final Map<String, Object> info = new LinkedHashMap<>();
		info.put("threads", answer.get("threads"));
		if (answer.get("versions") instanceof Map<?, ?> v) for (final Map.Entry<?, ?> e : v.entrySet())
			info.put(String.valueOf(e.getKey()), e.getValue());
		return info;
	}

	/** The first three fields of /proc/loadavg, or "unknown": how busy the machine was (2 = both cores busy). */
	private static String loadAverage() {
		try {
			final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return f[0] + ", " + f[1] + ", " + f[2];
		}
		catch (final IOException | RuntimeException e) {
			return "unknown";
		}
	}

	static double median(final double[] v) {
		final double[] s = Arrays.stream(v).filter(d -> !Double.isNaN(d)).sorted().toArray();
		if (s.length == 0) return Double.NaN;
		return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	}

	private static double[] gaussian(final int count, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final double[] v = new double[count];
		for (int i = 0; i < count; i++)
			v[i] = Statistics.gaussian(r);
		return v;
	}

	private static int[] range(final int from, final int to) {
		final int[] r = new int[to - from];
		for (int i = 0; i < r.length; i++)
			r[i] = from + i;
		return r;
	}

	private static int roundDown(final int n, final int multiple) {
		return Math.max(multiple, n / multiple * multiple);
	}

	private static double mb(final Map<String, Object> row, final String key) {
		return row.get(key) instanceof Number n ? n.doubleValue() / (1 << 20) : Double.NaN;
	}

	static String format(final double v) {
		if (Double.isNaN(v)) return "—";
		if (Math.abs(v) >= 100) return String.format(Locale.ROOT, "%,.0f", v);
		if (Math.abs(v) >= 10) return String.format(Locale.ROOT, "%.1f", v);
		return String.format(Locale.ROOT, "%.3g", v);
	}

	static void log(final String format, final Object... args) {
		System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
		System.err.flush();
	}
}
