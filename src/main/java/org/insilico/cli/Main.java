package org.insilico.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.insilico.CanceledException;
import org.insilico.InSilicoException;

/**
 * The headless entry point, with the verbs of the menu: {@code java org.insilico.cli.Main VERB [--option value …]},
 * or {@code mvn -B -q exec:java -Dexec.args="VERB …"}. Exit status 0 on success, 1 when the input was refused (one
 * line says why), 2 for a wrong call (unknown verb or option).
 */
public final class Main {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private Main() {}

	/** A verb: its one-line description and what it runs. */
	record Verb(String summary, String usage, Runner runner) {}

	@FunctionalInterface
	interface Runner {

		void run(List<String> args, PrintStream out, PrintStream err) throws Exception;
	}

	static final Map<String, Verb> VERBS = new LinkedHashMap<>();

	static {
		VERBS.put("demo", new Verb("train lenet on the built-in digits and write a report", Demo.USAGE, Demo::run));
		VERBS.put("generate", new Verb("generate a built-in stimulus set as a TIFF stack", Verbs.GENERATE_USAGE,
			Verbs::generate));
		VERBS.put("train", new Verb("train a network on stimuli, an image folder or IDX files", Verbs.TRAIN_USAGE,
			Verbs::train));
		VERBS.put("gradient", new Verb("gradient images of a saved network for a stack of images", Verbs.GRADIENT_USAGE,
			Verbs::gradient));
		VERBS.put("summary", new Verb("list a saved network's layers, shapes and parameters", Verbs.SUMMARY_USAGE,
			Verbs::summary));
		VERBS.put("export", new Verb("export a saved network's weights to NumPy .npz", Verbs.EXPORT_USAGE,
			Verbs::export));
	}

	public static void main(final String[] args) {
		final int status = run(args, System.out, System.err);
		System.out.flush();
		System.exit(status);
	}

	/** Runs one call and returns its exit status (without exiting), printing to the given streams. */
	public static int run(final String[] args, final PrintStream out, final PrintStream err) {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
			if (args.length > 1 && VERBS.containsKey(args[1])) out.println(VERBS.get(args[1]).usage());
			else help(out);
			return 0;
		}
		final Verb verb = VERBS.get(args[0]);
		if (verb == null) {
			err.println("insilico: unknown verb '" + args[0] + "'; verbs: " + String.join(", ", VERBS.keySet()) +
				" (--help lists them)");
			return 2;
		}
		final List<String> rest = Arrays.asList(args).subList(1, args.length);
		if (rest.contains("--help")) {
			out.println(verb.usage());
			return 0;
		}
		try {
			verb.runner().run(rest, out, err);
			return 0;
		}
		catch (final Args.UsageException e) {
			err.println("insilico: " + e.getMessage());
			return 2;
		}
		catch (final InSilicoException | CanceledException e) {
			err.println("insilico: " + e.getMessage());
			return 1;
		}
		catch (final Exception | Error e) {
			err.println("insilico: internal error (" + e + "); please report it with the command you ran");
			if (System.getenv("INSILICO_DEBUG") != null) e.printStackTrace(err);
			return 1;
		}
	}

	static void help(final PrintStream out) {
		out.println("In Silico: in-silico electrophysiology of artificial neural networks.");
		out.println("usage: insilico VERB [--option value ...]   (insilico help VERB for its options)");
		out.println("verbs:");
		for (final Map.Entry<String, Verb> v : VERBS.entrySet())
			out.printf("  %-9s %s%n", v.getKey(), v.getValue().summary());
	}
}
