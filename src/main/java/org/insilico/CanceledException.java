package org.insilico;

/** Thrown by a long computation when its {@link Progress} says the user has cancelled it. */
public class CanceledException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CanceledException(final String what) {
		super(what + " was cancelled");
	}
}
