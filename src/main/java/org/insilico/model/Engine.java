package org.insilico.model;

import java.lang.reflect.Field;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;

/**
 * Sets up ND4J/DL4J once, before the first layer is built. Measured effects and background: shared/ENGINE-NOTES.md,
 * BENCHMARKS.md ("Levers").
 * <ul>
 * <li>Switches on DL4J's oneDNN layer helpers, which stock M2.1 leaves off (the system property
 * {@code org.eclipse.deeplearning4j.helpers.disable} defaults to true; the class lookup that fails is provided by
 * {@code org.nd4j.nativeblas.Nd4jCpu}). With natives built without oneDNN the helpers stay off by themselves. A user
 * can still turn the helpers off with {@code -Dorg.eclipse.deeplearning4j.helpers.disable=true}.</li>
 * <li>Asks the OpenMP runtime of the natives to let idle threads sleep instead of spinning ({@code OMP_WAIT_POLICY=
 * PASSIVE}), by setting the process environment before the natives are loaded. With spinning threads, every other
 * busy process on the machine (a build, Fiji's own threads) makes each parallel region wait for a descheduled
 * spinner: training was measured 5–10× slower on a loaded 2-core machine. An {@code OMP_WAIT_POLICY} already in the
 * environment is kept, as is {@code -Dinsilico.omp.wait.policy=ACTIVE} (or any value, passed on as given); with
 * {@code -Dinsilico.omp.wait.policy=} (empty) nothing is set. Without effect if ND4J's natives were loaded before
 * (e.g. by another plugin).</li>
 * </ul>
 * {@link #tune} then adjusts each network's layers: the oneDNN max-pooling helper is removed (DL4J's own
 * {@code maxpool2d_bp} is faster for the presets' shapes and gives the same gradients); the first network also starts
 * {@link Blas}'s choice of library on a thread of its own, so that its start-up check overlaps the caller's next
 * work.
 */
final class Engine {

	private Engine() {}

	static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

	/** System property choosing the OpenMP wait policy set before the natives load. */
	static final String WAIT_POLICY = "insilico.omp.wait.policy";

	/** What {@link #setWaitPolicy} did: the value set, or why nothing was set. */
	static final String WAIT_POLICY_OUTCOME;

	static {
		if (System.getProperty(HELPERS_DISABLE) == null) System.setProperty(HELPERS_DISABLE, "false");
		WAIT_POLICY_OUTCOME = setWaitPolicy();
	}

	private static final java.util.concurrent.atomic.AtomicBoolean BLAS_CHECK_STARTED =
		new java.util.concurrent.atomic.AtomicBoolean();

	/**
	 * Starts {@link Blas}'s choice (loading the machine's OpenBLAS and comparing its products with ND4J's: about
	 * 0.1 s) on a thread of its own, once, so that it runs beside the caller's next work (reading images, opening a
	 * dialog) rather than inside its first product; a caller that needs Blas before the check has finished waits for
	 * it, as for any class being initialized. Called once a network exists, not earlier: by then the caller's thread has
	 * loaded ND4J and its natives, so the two threads do not initialize ND4J's or JavaCPP's classes at the same time
	 * (JavaCPP loads libraries under one lock, and two threads initializing classes that need each other can
	 * deadlock).
	 */
	private static void startBlasCheck() {
		if (!BLAS_CHECK_STARTED.compareAndSet(false, true)) return;
		final Thread check = new Thread(Blas::description, "In Silico BLAS check");
		check.setDaemon(true);
		check.start();
	}

	/** Runs the static set-up (idempotent). */
	static void ensure() {
		// the static initializer does the work
	}

	private static String setWaitPolicy() {
		final String inherited = System.getenv("OMP_WAIT_POLICY");
		if (inherited != null) return "kept from the environment: " + inherited;
		final String wanted = System.getProperty(WAIT_POLICY, "PASSIVE").trim();
		if (wanted.isEmpty()) return "not set (" + WAIT_POLICY + " is empty)";
		try {
			if (CLibrary.INSTANCE.setenv("OMP_WAIT_POLICY", wanted, 0) != 0) return "setenv failed";
			return wanted;
		}
		catch (final Throwable t) { // no JNA or no C library (e.g. Windows): the runtime's default stays
			return "not set: " + t;
		}
	}

	/** The process environment of the C library, through JNA (which DL4J's dependencies and Fiji ship). */
	interface CLibrary extends com.sun.jna.Library {

		CLibrary INSTANCE = com.sun.jna.Native.load(com.sun.jna.Platform.C_LIBRARY_NAME, CLibrary.class);

		int setenv(String name, String value, int overwrite);

		String getenv(String name);
	}

	/**
	 * Adjusts the layers of a network just built or loaded: removes the oneDNN helper of max-pooling layers, so that
	 * their backward pass runs DL4J's {@code maxpool2d_bp} (the forward pass is DL4J's in both cases). Measured:
	 * lenet training 1.09–1.14× faster; gradients equal (EngineTest). The first call also starts the BLAS check
	 * ({@link #startBlasCheck}).
	 */
	static void tune(final Layer[] layers) {
		startBlasCheck();
		if (POOL_HELPER == null) return;
		for (final Layer l : layers)
			if (l instanceof SubsamplingLayer pool && pool.getHelper() != null && pool.getHelper().getClass()
				.getSimpleName().startsWith("MKLDNN")) try {
					POOL_HELPER.set(pool, null);
				}
				catch (final IllegalAccessException e) {
					// keep the helper: slower, same results
				}
	}

	private static final Field POOL_HELPER = poolHelperField();

	private static Field poolHelperField() {
		try {
			final Field f = SubsamplingLayer.class.getDeclaredField("helper");
			f.setAccessible(true);
			return f;
		}
		catch (final ReflectiveOperationException | RuntimeException e) {
			return null;
		}
	}
}
