package org.nd4j.nativeblas;

/**
 * Works around a defect of DL4J 1.0.0-M2.1: {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN} by reflection, but nd4j-native M2.1 has the class
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} with the method {@code isUseONEDNN}. Without
 * this class the oneDNN convolution and pooling helpers never switch on, even with oneDNN natives. This class only
 * delegates to the real one; with natives built without oneDNN it answers false and nothing changes.
 * See shared/ENGINE-NOTES.md.
 */
public final class Nd4jCpu {

	private Nd4jCpu() {}

	/** The looked-up shape: {@code getInstance()} and {@code isUseMKLDNN()}. */
	public static final class Environment {

		private static final Environment INSTANCE = new Environment();

		private Environment() {}

		public static Environment getInstance() {
			return INSTANCE;
		}

		public boolean isUseMKLDNN() {
			try {
				return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
			}
			catch (final Throwable t) {
				return false;
			}
		}
	}
}
