package org.insilico.model;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.bytedeco.openblas.presets.openblas_nolapack.SetNumThreads;
import org.nd4j.linalg.factory.Nd4j;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The BLAS library under {@link Gemm}'s products and the analyses' Gram matrices: the machine's own OpenBLAS when one
 * is installed and runs the same kernels as the one ND4J ships (its products equal on a start-up check), else
 * ND4J's.
 * <p>
 * Why: the OpenBLAS that ships with ND4J (JavaCPP's build of 0.3.26) packs its operands more slowly than Debian's
 * build of the same kernels (0.3.21): 64 × 784 × 256, `mlp`'s first product, took 299–365 µs against 206–300 µs
 * (ctypes, one process per library, alternated), the packing routine {@code sgemm_itcopy} 23 % of the time against
 * 7 %. PyTorch and NumPy on such a machine use the machine's OpenBLAS (LEVERS.md, lever 33).
 * <p>
 * Which library: the system property {@code insilico.blas}.
 * <ul>
 * <li>{@code auto} (the default): on Linux, the first {@code libopenblas.so.0} found in {@code java.library.path} or
 * the usual library folders, if it is an OpenBLAS and its products are bit for bit those of ND4J's on every
 * transposition of a few shapes, single and double, and on a small result with a long sum (a check that it runs
 * the same kernels); otherwise ND4J's. The two split some products over their threads differently, so for some
 * shapes the last bits of a product depend on the library (`sgemm` 16 × 10,000 × 1,024 transposed, `dgemm` 100 ×
 * 2,000 × 10, for example: Python's ctypes, both on two threads), as they depend on the CPU's kernels between
 * machines; on one machine and one setting, results repeat. The first layer's weight gradient, where this showed
 * in training, runs as ND4J's library runs it ({@link #oneThreadPerCall}).</li>
 * <li>{@code bundled}: ND4J's, always.</li>
 * <li>a file's path: that library, if it loads and is an OpenBLAS (no comparison).</li>
 * </ul>
 * The machine's library is loaded after ND4J's natives and privately (its symbols stay out of the process's global
 * table), so ND4J and everything that links its OpenBLAS keep theirs. Its thread count is set to that of ND4J's.
 * {@link #description} says what was chosen and why.
 */
public final class Blas {

	/** System property choosing the library: {@code auto}, {@code bundled} or a path. */
	public static final String PROPERTY = "insilico.blas";

	static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112, UPPER = 121;

	/** Whether the machine's OpenBLAS was chosen (else ND4J's). */
	private static final boolean SYSTEM;

	/** Whether either library can be called (else the callers go through ND4J's own products). */
	private static final boolean AVAILABLE;

	private static final String DESCRIPTION;

	/**
	 * ND4J's library's {@code openblas_set_num_threads}, looked up once (null when the machine's is in use or the symbol
	 * is not found): JavaCPP's {@code blas_set_num_threads} looks up four symbols in the loaded libraries on every call,
	 * 0.4–0.6 ms, which made every {@link #oneThreadEach} cost about a millisecond (LEVERS.md, lever 47).
	 */
	private static final SetNumThreads BUNDLED_SET_THREADS;

	/** ND4J's library's thread count, given to the machine's (set while choosing: no initializer, which would run after). */
	private static int threads;

	static {
		Engine.ensure();
		String why;
		boolean system = false, available = false;
		try {
			Nd4j.create(1); // ND4J's natives (and its OpenBLAS) first, so they link their own library
			openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, 1, 1, 1, 1f, new float[] { 2 }, 1, new float[] {
				3 }, 1, 0f, new float[1], 1); // the bundled library loads
			available = true;
			why = choose();
			system = why.startsWith("system");
		}
		catch (final Throwable t) { // no natives, no JNA: ND4J's library if it loads, else ND4J's products
			why = (available ? "bundled (" : "none (") + t + ")";
		}
		SYSTEM = system;
		AVAILABLE = available;
		DESCRIPTION = why;
		SetNumThreads set = null;
		if (available && !system) try {
			final Pointer address = Loader.addressof("openblas_set_num_threads");
			if (address != null && !address.isNull()) set = new BundledSetThreads().put(address);
		}
		catch (final Throwable t) { // JavaCPP's own call below
		}
		BUNDLED_SET_THREADS = set;
	}

	private Blas() {}

	/** Which library the products use, and why: e.g. "system OpenBLAS 0.3.21 …, /usr/lib/…/libopenblas.so.0". */
	public static String description() {
		return DESCRIPTION;
	}

	/** Whether {@link #sgemm}, {@link #dgemm} and {@link #dsyrkUpper} can be called on this platform. */
	public static boolean available() {
		return AVAILABLE;
	}

	/**
	 * Runs {@code body} with the machine's OpenBLAS on one thread per call, for products with a small result and a
	 * long sum (`lenet`'s first-layer weight gradient: 8 × 25 summed over images × positions). ND4J's library
	 * computes those on one thread anyway; Debian's 0.3.21 splits the sum over its threads, in another order (other
	 * last bits), and serializes concurrent calls: lever 24's two halves at once took 1.6 ms at 64 images against 0.9
	 * whole, and 0.6 on one thread each (`SplitBlasProbe`). Switching costs 1–2 µs. With ND4J's library, just
	 * {@code body}.
	 */
	static void oneThreadPerCall(final Runnable body) {
		if (!SYSTEM) {
			body.run();
			return;
		}
		Machine.openblas_set_num_threads(1);
		try {
			body.run();
		}
		finally {
			Machine.openblas_set_num_threads(threads);
		}
	}

	/**
	 * How many calls {@link #oneThreadEach} runs at once: the library's thread count (1 when no BLAS loads).
	 */
	static int parallelCalls() {
		return AVAILABLE ? Math.max(1, threadCount()) : 1;
	}

	/**
	 * Runs {@code part(0 … parts − 1)} at once with one BLAS thread per call: part 0 on the calling thread, the others
	 * on {@link Helper} threads. For work split by rows where each part's products are independent (LEVERS.md, lever
	 * 41): OpenBLAS splitting each product of a batch over its threads, with waits inside every product, took longer
	 * than one thread per part of the batch through all of its products. The library's thread count is restored
	 * after. One caller at a time (others wait).
	 */
	static void oneThreadEach(final int parts, final IntConsumer part) {
		if (parts <= 1) {
			part.accept(0);
			return;
		}
		synchronized (HELPERS) {
			while (HELPERS.size() < parts - 1)
				HELPERS.add(new Helper(HELPERS.size() + 1));
			final int before = threadCount();
			setThreads(1);
			try {
				for (int p = 1; p < parts; p++) {
					final int q = p;
					HELPERS.get(p - 1).start(() -> part.accept(q));
				}
				Throwable failed = null;
				try {
					part.accept(0);
				}
				catch (final Throwable t) {
					failed = t;
				}
				for (int p = 1; p < parts; p++) {
					final Throwable t = HELPERS.get(p - 1).finish();
					if (failed == null) failed = t;
				}
				if (failed instanceof RuntimeException e) throw e;
				if (failed instanceof Error e) throw e;
			}
			finally {
				setThreads(before);
			}
		}
	}

	/** The helpers of {@link #oneThreadEach}, made as needed; also its lock. */
	private static final List<Helper> HELPERS = new ArrayList<>();

	/** The longest a helper spins for its next part (1 ms: between batches of a loop over images, it stays awake). */
	static final long SPIN_NANOS = 1_000_000;

	/** The shortest a helper spins for its next part (about what waking it costs: 42 µs measured). */
	static final long MIN_SPIN_NANOS = 50_000;

	/** How long each helper now spins for its next part, in nanoseconds (for tests). */
	static long[] helperSpins() {
		synchronized (HELPERS) {
			return HELPERS.stream().mapToLong(h -> h.spin).toArray();
		}
	}

	/**
	 * A daemon thread running one part of {@link #oneThreadEach} at a time. It spins for its next part before it
	 * parks, as OpenBLAS's own threads do (for 0.1 s): waking a parked thread on an idle core of a virtual machine took
	 * longer than a part (with the common pool, the caller mostly ran both parts itself). A part it has not started
	 * when the caller's is done, the caller takes back and runs.
	 * <p>
	 * How long it spins adapts ({@link #spin}): up to {@link #SPIN_NANOS} while parts come while it spins (a loop over
	 * batches), halved each time it parks, down to {@link #MIN_SPIN_NANOS}. In a fresh JVM the caller's code between
	 * parts runs in the interpreter for the first tens of batches, milliseconds apart: a full spin after each took a
	 * core from the JIT compiler and the caller (LEVERS.md, lever 48). When other threads keep the cores busy it stays
	 * near the shortest, where spinning would only take a core from them.
	 */
	private static final class Helper extends Thread {

		private final AtomicReference<Runnable> task = new AtomicReference<>();
		private volatile boolean done = true;
		private volatile Throwable failure;

		/** How long it spins now (written by its own thread only; volatile for {@link #helperSpins}). */
		private volatile long spin = SPIN_NANOS;

		Helper(final int index) {
			super("In Silico BLAS part " + index);
			setDaemon(true);
			start();
		}

		void start(final Runnable r) {
			failure = null;
			done = false;
			task.set(r);
			LockSupport.unpark(this);
		}

		/** Waits for the part given last (running it here if the helper has not taken it); its failure or null. */
		Throwable finish() {
			final Runnable mine = task.getAndSet(null);
			if (mine != null) {
				try {
					mine.run();
				}
				catch (final Throwable t) {
					return t;
				}
				return null;
			}
			while (!done)
				Thread.onSpinWait();
			return failure;
		}

		@Override
		public void run() {
			long idle = System.nanoTime();
			boolean parked = false;
			while (true) {
				final Runnable r = task.getAndSet(null);
				if (r == null) {
					if (System.nanoTime() - idle < spin) Thread.onSpinWait();
					else {
						spin = Math.max(MIN_SPIN_NANOS, spin / 2);
						LockSupport.park(this);
						parked = true;
						idle = System.nanoTime();
					}
					continue;
				}
				if (!parked) spin = Math.min(SPIN_NANOS, spin * 2);
				parked = false;
				try {
					r.run();
				}
				catch (final Throwable t) {
					failure = t;
				}
				done = true;
				idle = System.nanoTime();
			}
		}
	}

	/** The chosen library's thread count (for the machine's, the one given to it: ND4J's). */
	private static int threadCount() {
		return SYSTEM ? threads : openblas_nolapack.blas_get_num_threads();
	}

	private static void setThreads(final int n) {
		if (SYSTEM) Machine.openblas_set_num_threads(n);
		else if (BUNDLED_SET_THREADS != null) BUNDLED_SET_THREADS.call(n);
		else openblas_nolapack.blas_set_num_threads(n);
	}

	/** Whether the machine's OpenBLAS is in use. */
	public static boolean system() {
		return SYSTEM;
	}

	/** Row-major {@code cblas_sgemm}: c = alpha · op(a) · op(b) + beta · c. */
	static void sgemm(final boolean transA, final boolean transB, final int m, final int n, final int k,
		final float alpha, final FloatPointer a, final int lda, final FloatPointer b, final int ldb, final float beta,
		final FloatPointer c, final int ldc)
	{
		final int ta = transA ? TRANS : NO_TRANS, tb = transB ? TRANS : NO_TRANS;
		if (SYSTEM) Machine.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, address(a), lda, address(b), ldb, beta,
			address(c), ldc);
		else openblas_nolapack.cblas_sgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
	}

	/** Row-major {@code cblas_dgemm}: c = alpha · op(a) · op(b) + beta · c. */
	public static void dgemm(final boolean transA, final boolean transB, final int m, final int n, final int k,
		final double alpha, final DoublePointer a, final int lda, final DoublePointer b, final int ldb, final double beta,
		final DoublePointer c, final int ldc)
	{
		final int ta = transA ? TRANS : NO_TRANS, tb = transB ? TRANS : NO_TRANS;
		if (SYSTEM) Machine.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, address(a), lda, address(b), ldb, beta,
			address(c), ldc);
		else openblas_nolapack.cblas_dgemm(ROW_MAJOR, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
	}

	/** Row-major {@code cblas_dsyrk}, upper triangle: c = alpha · op(a) op(a)ᵀ + beta · c, op = transpose when asked. */
	public static void dsyrkUpper(final boolean trans, final int n, final int k, final double alpha,
		final DoublePointer a, final int lda, final double beta, final DoublePointer c, final int ldc)
	{
		final int t = trans ? TRANS : NO_TRANS;
		if (SYSTEM) Machine.cblas_dsyrk(ROW_MAJOR, UPPER, t, n, k, alpha, address(a), lda, beta, address(c), ldc);
		else openblas_nolapack.cblas_dsyrk(ROW_MAJOR, UPPER, t, n, k, alpha, a, lda, beta, c, ldc);
	}

	/** The address JavaCPP would pass for this pointer: its address plus its position. */
	private static long address(final Pointer p) {
		return p.address() + p.position() * p.sizeof();
	}

	// -- the choice --

	private static String choose() {
		return choose(System.getProperty(PROPERTY, "auto").trim());
	}

	/** The choice for a value of {@link #PROPERTY}: "system …" once bound, else "bundled (why)". */
	static String choose(final String wanted) {
		if (wanted.equalsIgnoreCase("bundled")) return "bundled (" + PROPERTY + "=bundled)";
		final boolean auto = wanted.isEmpty() || wanted.equalsIgnoreCase("auto");
		final List<File> candidates = auto ? candidates() : List.of(new File(wanted));
		if (candidates.isEmpty()) return "bundled (no libopenblas.so.0 on this machine)";
		final List<String> refused = new ArrayList<>();
		for (final File f : candidates) {
			final String problem = bind(f, auto);
			if (problem == null) return "system " + config() + ", " + f.getAbsolutePath();
			refused.add(f + ": " + problem);
			if (bound) break; // JNA binds one library to the class: no second try
		}
		return "bundled (" + String.join("; ", refused) + ")";
	}

	/** Linux: libopenblas.so.0 in java.library.path, then the usual folders. Elsewhere none. */
	private static List<File> candidates() {
		if (!Platform.isLinux()) return List.of();
		final Set<String> dirs = new LinkedHashSet<>(Arrays.asList(System.getProperty("java.library.path", "").split(
			File.pathSeparator)));
		dirs.addAll(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib",
			"/usr/local/lib"));
		final List<File> found = new ArrayList<>();
		for (final String d : dirs) {
			if (d.isBlank()) continue;
			final File f = new File(d, "libopenblas.so.0");
			if (f.isFile() && found.stream().noneMatch(g -> same(f, g))) found.add(f);
		}
		return found;
	}

	private static boolean same(final File a, final File b) {
		try {
			return a.getCanonicalPath().equals(b.getCanonicalPath());
		}
		catch (final java.io.IOException e) {
			return false;
		}
	}

	private static boolean bound;

	/** Binds {@link Machine} to the library and checks it; null when usable, else why not. */
	private static String bind(final File f, final boolean compare) {
		try {
			final NativeLibrary lib = NativeLibrary.getInstance(f.getAbsolutePath(), Map.of(Library.OPTION_OPEN_FLAGS,
				RTLD_LAZY | RTLD_LOCAL));
			lib.getFunction("openblas_get_config"); // an OpenBLAS, or this throws
			if (bound) return "not tried (a library is bound already)";
			Native.register(Machine.class, lib);
			bound = true;
		}
		catch (final Throwable t) {
			return "not usable (" + t.getMessage() + ")";
		}
		final String config = config();
		if (!config.startsWith("OpenBLAS")) return "not an OpenBLAS (" + config + ")";
		threads = Math.max(1, openblas_nolapack.blas_get_num_threads());
		Machine.openblas_set_num_threads(threads);
		if (!compare) return null;
		return sameResults();
	}

	private static String config() {
		return Machine.openblas_get_config();
	}

	/**
	 * Null when the machine's products equal ND4J's library's bit for bit on a few shapes (the presets' largest dense
	 * product, odd sizes, a vector: each transposition, float and double, and syrk once per shape; a small result with
	 * a long sum on one thread), else the first that differs.
	 * <p>
	 * It runs in a fresh JVM, often beside a first analysis, so it keeps Java's work small: two arrays of random
	 * values, put into native memory once, are every product's operands. Making new Gaussians, float and double copies
	 * and native arrays for every product had taken most of its 165–198 ms, before the JIT compiler had compiled the
	 * loops; the products themselves take 10–20 ms (LEVERS.md, seventh round).
	 */
	private static String sameResults() {
		final int longM = 8, longK = 4_000, longN = 25; // a sum over about ten of OpenBLAS's blocks of k
		final float[] aValues = uniform(33, 64 * 784), bValues = uniform(34, 784 * 256); // the largest operands
		try (FloatPointer fa = new FloatPointer(aValues); FloatPointer fb = new FloatPointer(bValues);
			DoublePointer da = new DoublePointer(doubles(aValues)); DoublePointer db = new DoublePointer(doubles(bValues)))
		{
			for (final int[] s : new int[][] { { 64, 784, 256 }, { 7, 300, 33 }, { 129, 65, 10 }, { 1, 5, 3 } }) {
				final int m = s[0], k = s[1], n = s[2];
				for (int t = 0; t < 4; t++) {
					final boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
					if (!sameProducts(fa, fb, m, k, n, ta, tb) || !sameProducts(da, db, m, k, n, ta, tb)) return String
						.format("its products differ from ND4J's OpenBLAS (%d × %d × %d, %s%s)", m, k, n, ta ? "T" : "N",
							tb ? "T" : "N");
				}
				if (!sameGram(da, m, k)) return String.format("its syrk differs from ND4J's OpenBLAS (%d × %d)", m, k);
			}
			// a small result with a long sum, as oneThreadPerCall runs it
			Machine.openblas_set_num_threads(1);
			final boolean same = sameProducts(fa, fb, longM, longK, longN, false, true);
			Machine.openblas_set_num_threads(threads);
			return same ? null : "its products differ from ND4J's OpenBLAS (8 × 4000 × 25 on one thread)";
		}
	}

	/**
	 * Seeded values uniform in [-1, 1), multiples of 2⁻²³ (so that the float and double products take the same
	 * numbers), from a xorshift generator: no per-value call for the interpreter to make.
	 */
	private static float[] uniform(final int seed, final int count) {
		final float[] v = new float[count];
		int x = seed;
		for (int i = 0; i < count; i++) {
			x ^= x << 13;
			x ^= x >>> 17;
			x ^= x << 5;
			v[i] = ((x >>> 8) - (1 << 23)) * 0x1p-23f;
		}
		return v;
	}

	/** Whether op(a) · op(b) (m × k by k × n; a and b from their first values) is bit for bit the same from both. */
	private static boolean sameProducts(final FloatPointer a, final FloatPointer b, final int m, final int k,
		final int n, final boolean ta, final boolean tb)
	{
		final int lda = ta ? m : k, ldb = tb ? k : n, opA = ta ? TRANS : NO_TRANS, opB = tb ? TRANS : NO_TRANS;
		try (FloatPointer c1 = new FloatPointer((long) m * n); FloatPointer c2 = new FloatPointer((long) m * n)) {
			openblas_nolapack.cblas_sgemm(ROW_MAJOR, opA, opB, m, n, k, 1f, a, lda, b, ldb, 0f, c1, n);
			Machine.cblas_sgemm(ROW_MAJOR, opA, opB, m, n, k, 1f, address(a), lda, address(b), ldb, 0f, address(c2), n);
			return sameBits(c1, c2);
		}
	}

	/** {@link #sameProducts(FloatPointer, FloatPointer, int, int, int, boolean, boolean)} in double precision. */
	private static boolean sameProducts(final DoublePointer a, final DoublePointer b, final int m, final int k,
		final int n, final boolean ta, final boolean tb)
	{
		final int lda = ta ? m : k, ldb = tb ? k : n, opA = ta ? TRANS : NO_TRANS, opB = tb ? TRANS : NO_TRANS;
		try (DoublePointer c1 = new DoublePointer((long) m * n); DoublePointer c2 = new DoublePointer((long) m * n)) {
			openblas_nolapack.cblas_dgemm(ROW_MAJOR, opA, opB, m, n, k, 1, a, lda, b, ldb, 0, c1, n);
			Machine.cblas_dgemm(ROW_MAJOR, opA, opB, m, n, k, 1, address(a), lda, address(b), ldb, 0, address(c2), n);
			return sameBits(c1, c2);
		}
	}

	/**
	 * Whether the Gram matrix of a's columns (a: m × k from its first value; k × k, upper part), as the analyses ask
	 * for it, is the same.
	 */
	private static boolean sameGram(final DoublePointer a, final int m, final int k) {
		try (DoublePointer s1 = new DoublePointer((long) k * k); DoublePointer s2 = new DoublePointer((long) k * k)) {
			s1.zero(); // syrk leaves the lower triangle as it was
			s2.zero();
			openblas_nolapack.cblas_dsyrk(ROW_MAJOR, UPPER, TRANS, k, m, 1, a, k, 0, s1, k);
			Machine.cblas_dsyrk(ROW_MAJOR, UPPER, TRANS, k, m, 1, address(a), k, 0, address(s2), k);
			return sameBits(s1, s2);
		}
	}

	/** Whether the values between two pointers' positions and limits have the same bytes. */
	private static boolean sameBits(final Pointer a, final Pointer b) {
		return a.asByteBuffer().equals(b.asByteBuffer());
	}

	private static double[] doubles(final float[] v) {
		final double[] d = new double[v.length];
		for (int i = 0; i < v.length; i++)
			d[i] = v[i];
		return d;
	}

	private static final int RTLD_LAZY = 1, RTLD_LOCAL = 0;

	/** A function pointer for {@link #BUNDLED_SET_THREADS}, set by {@code put} as JavaCPP's presets do it. */
	private static final class BundledSetThreads extends SetNumThreads {

		BundledSetThreads() {
			super();
		}
	}

	/** The machine's OpenBLAS, bound by JNA's direct mapping (a JNI call each; pointers as addresses). */
	static final class Machine {

		private Machine() {}

		static native void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, long a,
			int lda, long b, int ldb, float beta, long c, int ldc);

		static native void cblas_dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, long a,
			int lda, long b, int ldb, double beta, long c, int ldc);

		static native void cblas_dsyrk(int order, int uplo, int trans, int n, int k, double alpha, long a, int lda,
			double beta, long c, int ldc);

		static native void openblas_set_num_threads(int n);

		static native String openblas_get_config();
	}
}
