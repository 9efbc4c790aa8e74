package org.insilico.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.insilico.InSilicoException;

/**
 * The options of one verb: {@code --name value} pairs and {@code --flag}s. Every option must be one the verb
 * declares; typed getters name the option and what it accepts when a value does not parse.
 */
final class Args {

	private final String verb;
	private final Map<String, String> values = new LinkedHashMap<>();

	/**
	 * @param options the verb's options taking a value
	 * @param flags the verb's options taking none
	 */
	Args(final String verb, final List<String> args, final Set<String> options, final Set<String> flags) {
		this.verb = verb;
		for (int i = 0; i < args.size(); i++) {
			final String a = args.get(i);
			if (!a.startsWith("--")) throw new UsageException("unexpected argument '" + a + "' for '" + verb +
				"'; options start with --");
			String name = a.substring(2);
			String value = null;
			final int eq = name.indexOf('=');
			if (eq >= 0) {
				value = name.substring(eq + 1);
				name = name.substring(0, eq);
			}
			if (flags.contains(name)) {
				values.put(name, value == null ? "true" : value);
				continue;
			}
			if (!options.contains(name)) {
				final Set<String> all = new TreeSet<>(options);
				all.addAll(flags);
				throw new UsageException("unknown option --" + name + " for '" + verb + "'; accepted: --" + String
					.join(", --", all));
			}
			if (value == null) {
				if (i + 1 >= args.size()) throw new UsageException("option --" + name + " of '" + verb +
					"' needs a value");
				value = args.get(++i);
			}
			values.put(name, value);
		}
	}

	boolean has(final String name) {
		return values.containsKey(name);
	}

	String string(final String name, final String fallback) {
		return values.getOrDefault(name, fallback);
	}

	String required(final String name) {
		final String v = values.get(name);
		if (v == null) throw new UsageException("'" + verb + "' needs --" + name);
		return v;
	}

	Path path(final String name, final String fallback) {
		final String v = values.getOrDefault(name, fallback);
		if (v == null) throw new UsageException("'" + verb + "' needs --" + name);
		return Path.of(v);
	}

	int integer(final String name, final int fallback, final int min, final int max) {
		final String v = values.get(name);
		if (v == null) return fallback;
		try {
			return InSilicoException.requireRange("--" + name, Integer.parseInt(v.trim()), min, max);
		}
		catch (final NumberFormatException e) {
			throw InSilicoException.badParameter("--" + name, v, "expected a whole number from " + min + " to " + max);
		}
	}

	long seed(final String name, final long fallback) {
		final String v = values.get(name);
		if (v == null) return fallback;
		try {
			return Long.parseLong(v.trim());
		}
		catch (final NumberFormatException e) {
			throw InSilicoException.badParameter("--" + name, v, "expected a whole number");
		}
	}

	double number(final String name, final double fallback, final double min, final double max) {
		final String v = values.get(name);
		if (v == null) return fallback;
		try {
			return InSilicoException.requireRange("--" + name, Double.parseDouble(v.trim()), min, max);
		}
		catch (final NumberFormatException e) {
			throw InSilicoException.badParameter("--" + name, v, "expected a number from " + min + " to " + max);
		}
	}

	boolean flag(final String name) {
		final String v = values.get(name);
		return v != null && !v.equalsIgnoreCase("false");
	}

	/** A wrong call: unknown verb or option, missing value. */
	static final class UsageException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UsageException(final String message) {
			super(message);
		}
	}
}
