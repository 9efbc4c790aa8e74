package org.insilico.model;

import org.bytedeco.javacpp.DoublePointer;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Large native buffers backed by transparent huge pages where the machine allows it, as NumPy allocates its arrays.
 * <p>
 * Why: a fresh buffer costs nothing until it is first written, and then one page fault per page. With 4 KB pages a
 * new 64 MB buffer took 41–55 ms to fill on the benchmark machine, against 7–11 ms to fill it again, and 9–10 ms
 * with the advice given here. NumPy asks the kernel for 2 MB pages ({@code madvise(MADV_HUGEPAGE)} on every array of
 * 4 MB or more): its {@code x + 1.0} of 2,000 × 4,096 doubles took 12–16 ms with that advice and 45–58 ms without
 * (Linux's {@code /sys/kernel/mm/transparent_hugepage/enabled} = {@code madvise}, the usual default; LEVERS.md,
 * lever 50).
 * <p>
 * The advice covers the 2 MB-aligned part of a buffer of 4 MB or more. It changes where the memory comes from, never
 * its contents; where it cannot be given (not Linux, no JNA, the kernel refuses), buffers are plain.
 */
public final class NativeMemory {

	/** Buffers from this size on get the advice (NumPy's threshold). */
	static final long MIN_BYTES = 4L << 20;

	private static final long HUGE_PAGE = 2L << 20;

	/** Linux's {@code MADV_HUGEPAGE}, the same on every architecture. */
	private static final int MADV_HUGEPAGE = 14;

	/** libc's {@code madvise}, or null where there is none to call. */
	private static final Function MADVISE;

	static {
		Function f = null;
		try {
			if (Platform.isLinux()) f = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("madvise");
		}
		catch (final Throwable t) { // plain buffers
		}
		MADVISE = f;
	}

	private NativeMemory() {}

	/**
	 * A new native buffer of {@code count} doubles (uninitialized), freed when closed or collected, with huge pages
	 * advised when it is large.
	 */
	public static DoublePointer doubles(final long count) {
		if (count < 1) throw new IllegalArgumentException("count " + count + ": expected 1 or more doubles");
		final DoublePointer p = new DoublePointer(count);
		adviseHugePages(p.address(), 8 * count);
		return p;
	}

	/**
	 * Advises huge pages for the 2 MB-aligned part of {@code [address, address + bytes)}, if that is at least
	 * {@link #MIN_BYTES} long in all and the advice can be given; whether the kernel accepted it.
	 */
	static boolean adviseHugePages(final long address, final long bytes) {
		if (MADVISE == null || bytes < MIN_BYTES) return false;
		final long start = (address + HUGE_PAGE - 1) & -HUGE_PAGE, end = (address + bytes) & -HUGE_PAGE;
		if (end <= start) return false;
		try {
			return MADVISE.invokeInt(new Object[] { new Pointer(start), end - start, MADV_HUGEPAGE }) == 0;
		}
		catch (final Throwable t) {
			return false;
		}
	}

	/** Whether huge pages can be advised on this machine (Linux with libc's {@code madvise} found). */
	public static boolean hugePagesAdvised() {
		return MADVISE != null;
	}
}
