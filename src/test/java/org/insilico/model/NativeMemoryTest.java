package org.insilico.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bytedeco.javacpp.DoublePointer;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

	@Test
	void holdsWhatIsWrittenAndRefusesAnEmptyBuffer() {
		for (final long count : new long[] { 1, 1000, NativeMemory.MIN_BYTES / 8 + 12_345 }) {
			try (DoublePointer p = NativeMemory.doubles(count)) {
				assertEquals(count, p.capacity());
				final DoubleBuffer b = p.asBuffer();
				assertEquals(count, b.capacity());
				for (int i = 0; i < count; i++)
					b.put(i, i * 0.5);
				for (int i = 0; i < count; i++)
					assertEquals(i * 0.5, p.get(i), 0);
			}
		}
		assertThrows(IllegalArgumentException.class, () -> NativeMemory.doubles(0));
	}

	/** The advice goes to the 2 MB-aligned part of large buffers only, and is accepted by Linux. */
	@Test
	void advisesLargeBuffersOnly() {
		assumeTrue(NativeMemory.hugePagesAdvised(), "no madvise on this platform");
		try (DoublePointer p = new DoublePointer(NativeMemory.MIN_BYTES / 8 + 1)) {
			assertTrue(NativeMemory.adviseHugePages(p.address(), 8 * p.capacity()));
			assertFalse(NativeMemory.adviseHugePages(p.address(), NativeMemory.MIN_BYTES - 8), "below the threshold");
		}
	}

	/**
	 * Where the kernel gives huge pages on advice, a large advised buffer is backed by them once written (the
	 * process's AnonHugePages grows by most of it).
	 */
	@Test
	void aWrittenLargeBufferIsBackedByHugePages() throws IOException {
		assumeTrue(NativeMemory.hugePagesAdvised(), "no madvise on this platform");
		final Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
		assumeTrue(Files.isReadable(setting) && !Files.readString(setting).contains("[never]"),
			"transparent huge pages are off");
		final long bytes = 64L << 20, before = anonHugeKb();
		try (DoublePointer p = NativeMemory.doubles(bytes / 8)) {
			final DoubleBuffer b = p.asBuffer();
			for (int i = 0; i < bytes / 8; i += 512)
				b.put(i, 1);
			final long grown = anonHugeKb() - before;
			assertTrue(grown >= (bytes >> 10) - 4096, "huge pages grew by " + grown + " kB for a buffer of " +
				(bytes >> 10) + " kB");
		}
	}

	private static long anonHugeKb() throws IOException {
		for (final String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup")))
			if (line.startsWith("AnonHugePages:")) return Long.parseLong(line.replaceAll("\\D", ""));
		throw new IOException("no AnonHugePages in /proc/self/smaps_rollup");
	}
}
