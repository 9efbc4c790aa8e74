package org.insilico;

/**
 * Where a long loop reports how far it is and learns whether it should stop. Commands map this to SciJava's
 * status bar, the command line to a console bar. Implementations must be cheap to call once per batch and may be
 * called from the computing thread only.
 */
public interface Progress {

	/** Reports that {@code done} of {@code total} steps of {@code stage} are finished. */
	void report(String stage, long done, long total);

	/** True once the user has asked to stop. */
	default boolean isCanceled() {
		return false;
	}

	/** Throws {@link CanceledException} if the user has asked to stop. */
	default void checkCanceled(final String stage) {
		if (isCanceled()) throw new CanceledException(stage);
	}

	/** Reports nothing and never cancels. */
	Progress NONE = (stage, done, total) -> {};
}
