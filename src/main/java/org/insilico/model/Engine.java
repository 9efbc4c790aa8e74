package org.insilico.model;

/**
 * Sets up ND4J/DL4J once, before the first layer is built: switches on DL4J's oneDNN layer helpers, which stock
 * M2.1 leaves off (the system property {@code org.eclipse.deeplearning4j.helpers.disable} defaults to true; the
 * class lookup that fails is provided by {@code org.nd4j.nativeblas.Nd4jCpu}). With natives built without oneDNN
 * the helpers stay off by themselves. Measured effect and background: shared/ENGINE-NOTES.md, BENCHMARKS.md.
 * A user can still turn the helpers off with {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true}.
 */
final class Engine {

	private Engine() {}

	static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

	static {
		if (System.getProperty(HELPERS_DISABLE) == null) System.setProperty(HELPERS_DISABLE, "false");
	}

	/** Runs the static set-up (idempotent). */
	static void ensure() {
		// the static initializer does the work
	}
}
