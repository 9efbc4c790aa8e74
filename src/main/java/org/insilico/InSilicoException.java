package org.insilico;

/**
 * A problem with what the user gave: a parameter value, a file, a dataset. The message is meant to be shown to a
 * person as it is, and says what was given and what would be accepted; commands and the command line show it
 * without a stack trace.
 */
public class InSilicoException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public InSilicoException(final String message) {
		super(message);
	}

	public InSilicoException(final String message, final Throwable cause) {
		super(message, cause);
	}

	/**
	 * The standard message for a bad parameter: {@code <name> = <value>: <accepted>}, for example
	 * {@code epochs = -1: expected a whole number from 1 to 10000}.
	 */
	public static InSilicoException badParameter(final String name, final Object value, final String accepted) {
		return new InSilicoException(name + " = " + describe(value) + ": " + accepted);
	}

	private static String describe(final Object value) {
		if (value == null) return "(none)";
		if (value instanceof String) return "'" + value + "'";
		return String.valueOf(value);
	}

	/** Checks that {@code value} lies in [min, max] and returns it. */
	public static int requireRange(final String name, final int value, final int min, final int max) {
		if (value < min || value > max)
			throw badParameter(name, value, "expected a whole number from " + min + " to " + max);
		return value;
	}

	/** Checks that {@code value} is finite and lies in [min, max] and returns it. */
	public static double requireRange(final String name, final double value, final double min, final double max) {
		if (!Double.isFinite(value) || value < min || value > max)
			throw badParameter(name, value, "expected a number from " + min + " to " + max);
		return value;
	}
}
