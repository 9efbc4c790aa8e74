package org.insilico.cli;

import java.util.Collection;
import java.util.Map;

/**
 * Writes JSON from maps (objects, key order kept), collections and arrays, strings, numbers, booleans and null.
 * Non-finite numbers become {@code null}, as JSON has no NaN.
 */
final class Json {

	private Json() {}

	static String write(final Object value) {
		final StringBuilder sb = new StringBuilder();
		write(sb, value, 0);
		return sb.append('\n').toString();
	}

	private static void write(final StringBuilder sb, final Object v, final int indent) {
		if (v == null) sb.append("null");
		else if (v instanceof String s) string(sb, s);
		else if (v instanceof Boolean) sb.append(v);
		else if (v instanceof Double || v instanceof Float) {
			final double d = ((Number) v).doubleValue();
			if (!Double.isFinite(d)) sb.append("null");
			else if (d == Math.rint(d) && Math.abs(d) < 1e15) sb.append((long) d).append(".0");
			else sb.append(d);
		}
		else if (v instanceof Number) sb.append(v);
		else if (v instanceof Map<?, ?> m) {
			if (m.isEmpty()) {
				sb.append("{}");
				return;
			}
			sb.append("{\n");
			int i = 0;
			for (final Map.Entry<?, ?> e : m.entrySet()) {
				pad(sb, indent + 1);
				string(sb, String.valueOf(e.getKey()));
				sb.append(": ");
				write(sb, e.getValue(), indent + 1);
				sb.append(++i < m.size() ? ",\n" : "\n");
			}
			pad(sb, indent);
			sb.append('}');
		}
		else if (v instanceof Collection<?> c) list(sb, c.toArray(), indent);
		else if (v instanceof double[] a) list(sb, java.util.Arrays.stream(a).boxed().toArray(), indent);
		else if (v instanceof int[] a) list(sb, java.util.Arrays.stream(a).boxed().toArray(), indent);
		else if (v instanceof long[] a) list(sb, java.util.Arrays.stream(a).boxed().toArray(), indent);
		else if (v instanceof Object[] a) list(sb, a, indent);
		else string(sb, v.toString());
	}

	private static void list(final StringBuilder sb, final Object[] a, final int indent) {
		sb.append('[');
		for (int i = 0; i < a.length; i++) {
			if (i > 0) sb.append(", ");
			write(sb, a[i], indent);
		}
		sb.append(']');
	}

	private static void pad(final StringBuilder sb, final int indent) {
		sb.append("  ".repeat(indent));
	}

	private static void string(final StringBuilder sb, final String s) {
		sb.append('"');
		for (int i = 0; i < s.length(); i++) {
			final char c = s.charAt(i);
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				default -> {
					if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
					else sb.append(c);
				}
			}
		}
		sb.append('"');
	}
}
