package org.insilico.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine a benchmark runs on, as far as it matters for the numbers: CPU model, cores, vector width and clock
 * (from {@code /proc/cpuinfo}), the theoretical float32 peak, thread counts and versions on our side.
 * <p>
 * Peak = cores × float32 FMA lanes per vector × FMA units per core × 2 FLOP per FMA × clock. Assumptions, from the
 * cpuinfo flags: {@code avx512f} → 16 lanes × 2 FMA units (Xeon Scalable Gold 6xxx / Platinum; Zen 4 and some Xeons
 * have one 512-bit unit, half of this); {@code avx2} + {@code fma} → 8 lanes × 2 units (Intel Haswell and later,
 * AMD Zen 2 and later; Zen 1 has half); otherwise SSE, 4 lanes × 1 unit, no FMA (a multiply and an add, counted as
 * one FMA). Clock: the first {@code cpu MHz} (nominal in a VM; turbo can exceed it), else the {@code @ x.xxGHz} of
 * the model name. Cores: the logical processors the JVM may use (SMT siblings would share FMA units; the report
 * says how many siblings cpuinfo lists per core).
 */
record Machine(String cpu, String family, int cores, int siblingsPerCore, String vector, int lanes, int fmaUnits,
	double megahertz, String clockSource, int oursThreads, int oursBlasThreads, String java, String dl4j,
	String nd4jBackend, String helpers, long maxHeap)
{

	/** Theoretical float32 peak, GFLOP/s. */
	double peakGflops() {
		return cores * lanes * fmaUnits * 2 * megahertz / 1000;
	}

	String peakFormula() {
		return String.format(Locale.ROOT, "%d cores × %d float32 lanes (%s) × %d FMA units × 2 FLOP/FMA × %.3f GHz = " +
			"%.1f GFLOP/s", cores, lanes, vector, fmaUnits, megahertz / 1000, peakGflops());
	}

	static Machine describe() {
		String cpu = "unknown", family = "", flags = "", mhz = null;
		int siblings = 0, coresPerPackage = 0;
		try {
			for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				final int colon = line.indexOf(':');
				if (colon < 0) continue;
				final String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
				switch (key) {
					case "model name" -> cpu = cpu.equals("unknown") ? value : cpu;
					case "cpu family" -> family = family.isEmpty() ? "family " + value : family;
					case "model" -> family = family.contains("model") ? family : family + ", model " + value;
					case "flags" -> flags = flags.isEmpty() ? " " + value + " " : flags;
					case "cpu MHz" -> mhz = mhz == null ? value : mhz;
					case "siblings" -> siblings = siblings == 0 ? Integer.parseInt(value) : siblings;
					case "cpu cores" -> coresPerPackage = coresPerPackage == 0 ? Integer.parseInt(value) : coresPerPackage;
					default -> {}
				}
			}
		}
		catch (final IOException | RuntimeException e) {
			// not Linux: the peak stays unknown (NaN clock)
		}
		final String vector;
		final int lanes, units;
		if (flags.contains(" avx512f ")) {
			vector = "AVX-512";
			lanes = 16;
			units = 2;
		}
		else if (flags.contains(" avx2 ") && flags.contains(" fma ")) {
			vector = "AVX2 + FMA";
			lanes = 8;
			units = 2;
		}
		else {
			vector = "SSE";
			lanes = 4;
			units = 1;
		}
		double megahertz = Double.NaN;
		String source = "unknown";
		if (mhz != null) {
			megahertz = Double.parseDouble(mhz);
			source = "cpu MHz in /proc/cpuinfo";
		}
		else {
			final Matcher m = Pattern.compile("@\\s*([0-9.]+)\\s*GHz").matcher(cpu);
			if (m.find()) {
				megahertz = 1000 * Double.parseDouble(m.group(1));
				source = "model name";
			}
		}
		final Map<String, Object> env = Nd4j.getExecutioner().getEnvironmentInformation().entrySet().stream().collect(
			LinkedHashMap::new, (map, e) -> map.put(String.valueOf(e.getKey()), e.getValue()), Map::putAll);
		final int blasThreads = env.get("blas.threads") instanceof Number n ? n.intValue() : -1;
		return new Machine(cpu, family, Runtime.getRuntime().availableProcessors(), coresPerPackage > 0 ? Math.max(1,
			siblings / coresPerPackage) : 1, vector, lanes, units, megahertz, source, Nd4j.getEnvironment().maxThreads(),
			blasThreads, System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")", version(
				"org.deeplearning4j", "deeplearning4j-nn"), Nd4j.getBackend().getClass().getSimpleName() + ", BLAS " + env
					.getOrDefault("blas.vendor", "?") + nativeClassifier() + "; the kernels' products: " + org.insilico.model
					.Blas.description(), "oneDNN layer helpers " + ("false".equals(System
						.getProperty("org.eclipse.deeplearning4j.helpers.disable")) ? "on" : "off"), Runtime.getRuntime()
							.maxMemory());
	}

	/** The version in a jar's Maven metadata, or "?". */
	static String version(final String group, final String artifact) {
		try (InputStream in = Machine.class.getClassLoader().getResourceAsStream("META-INF/maven/" + group + "/" +
			artifact + "/pom.properties"))
		{
			if (in == null) return "?";
			final Properties p = new Properties();
			p.load(in);
			return p.getProperty("version", "?");
		}
		catch (final IOException e) {
			return "?";
		}
	}

	/** ", natives linux-x86_64-onednn" from the nd4j-native jar on the class path, or "". */
	private static String nativeClassifier() {
		for (final String entry : Benchmarks.classPath().split(File.pathSeparator)) {
			final Matcher m = Pattern.compile("(^|[/\\\\])nd4j-native-[0-9][^/\\\\]*?-((linux|macosx|windows|android|ios)-" +
				"[^/\\\\]+)\\.jar$").matcher(entry);
			if (m.find()) return ", natives " + m.group(2);
		}
		return "";
	}

	/** Key facts as a map for results.json. */
	Map<String, Object> toMap(final Map<String, Object> reference) {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("cpu", cpu + (family.isEmpty() ? "" : " (" + family + ")"));
		m.put("cores", cores);
		m.put("vector", vector);
		m.put("clock_mhz", megahertz);
		m.put("peak_float32_gflops", peakGflops());
		m.put("threads_ours", oursThreads);
		m.put("threads_reference", reference.getOrDefault("threads", null));
		m.put("java", java);
		m.put("dl4j", dl4j);
		m.put("nd4j", nd4jBackend + "; " + helpers);
		for (final String k : List.of("python", "torch", "numpy", "scipy"))
			m.put(k, reference.getOrDefault(k, null));
		return m;
	}
}
