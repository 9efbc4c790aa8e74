package org.insilico.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The PyTorch/NumPy side of the benchmark: one {@code python3 src/bench/python/reference.py --serve} process for
 * the whole run, asked for one workload at a time (one command line in, one JSON line out), so that its calls can
 * be interleaved with ours and Python's start-up and imports are paid once. Its stderr goes to ours. Not thread-safe.
 */
final class ReferenceProcess implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Process process;
	private final BufferedWriter in;
	private final BufferedReader out;

	ReferenceProcess(final String python, final Path script, final int threads) throws IOException {
		final ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--serve", "--threads", Integer.toString(
			threads));
		pb.redirectError(ProcessBuilder.Redirect.INHERIT);
		// the same OpenMP wait policy as ours (org.insilico.model.Engine sets PASSIVE unless the environment has one)
		pb.environment().putIfAbsent("OMP_WAIT_POLICY", System.getProperty("insilico.omp.wait.policy", "PASSIVE"));
		process = pb.start();
		in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
		out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	/**
	 * Runs one command line of reference.py (e.g. {@code --workload train_lenet_b64 --repeats 1 --images 6400}) and
	 * returns its JSON answer.
	 *
	 * @throws IOException if the process died or answered with an error
	 */
	Map<String, Object> call(final List<String> arguments) throws IOException {
		in.write(String.join(" ", arguments));
		in.newLine();
		in.flush();
		final String line = out.readLine();
		if (line == null) throw new IOException("the reference process ended (exit code " + exitCode() + ")");
		final Map<String, Object> answer = JSON.readValue(line, new TypeReference<Map<String, Object>>() {});
		if (answer.containsKey("error")) throw new IOException("reference.py " + String.join(" ", arguments) + ": " +
			answer.get("error"));
		return answer;
	}

	private String exitCode() {
		try {
			return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
		}
		catch (final IllegalThreadStateException e) {
			return "unknown";
		}
	}

	@Override
	public void close() {
		try {
			in.write("quit");
			in.newLine();
			in.flush();
			in.close();
		}
		catch (final IOException e) {
			// already gone
		}
		try {
			if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroy();
		}
		catch (final InterruptedException e) {
			process.destroy();
			Thread.currentThread().interrupt();
		}
	}
}
