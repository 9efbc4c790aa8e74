package org.insilico;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files atomically: the content goes to a temporary file in the target's folder, which is then moved over
 * the target. A reader sees the old file or the complete new one, never a half-written one; a failure leaves the
 * old file as it was and no temporary file behind.
 */
public final class AtomicFiles {

	private AtomicFiles() {}

	/** What writes the content. */
	@FunctionalInterface
	public interface Writer {

		void write(OutputStream out) throws IOException;
	}

	/**
	 * Writes {@code target} atomically, creating its parent folders.
	 *
	 * @throws InSilicoException naming the file if it cannot be written
	 */
	public static void write(final Path target, final Writer writer) {
		writeVia(target, ".part", tmp -> {
			try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
				writer.write(out);
			}
		});
	}

	/** What writes the content to a file at a path it is given (for libraries that only write to paths). */
	@FunctionalInterface
	public interface PathWriter {

		void write(Path file) throws IOException;
	}

	/**
	 * Writes {@code target} atomically through a writer that wants a path: it writes a temporary file beside the
	 * target, which is then moved over the target.
	 */
	public static void writeVia(final Path target, final String suffix, final PathWriter writer) {
		final Path absolute = target.toAbsolutePath();
		Path tmp = null;
		try {
			Files.createDirectories(absolute.getParent());
			tmp = temporaryBeside(absolute, suffix);
			writer.write(tmp);
			if (!Files.isRegularFile(tmp)) throw new IOException("nothing was written");
			try {
				Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
			}
			tmp = null;
		}
		catch (final IOException | UncheckedIOException e) {
			throw new InSilicoException("cannot write '" + target + "': " + e.getMessage(), e);
		}
		finally {
			if (tmp != null) try {
				Files.deleteIfExists(tmp);
			}
			catch (final IOException ignored) {
				// the target is untouched
			}
		}
	}

	/**
	 * A new empty file beside {@code target}, hidden by a leading dot, created with the default permissions (the
	 * umask applies, unlike {@link Files#createTempFile}, whose files only their owner may read).
	 */
	private static Path temporaryBeside(final Path target, final String suffix) throws IOException {
		for (int attempt = 0;; attempt++)
			try {
				return Files.createFile(target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(
					java.util.concurrent.ThreadLocalRandom.current().nextLong()) + suffix));
			}
			catch (final java.nio.file.FileAlreadyExistsException e) {
				if (attempt > 10) throw e;
			}
	}

	/** Writes a text file atomically in UTF-8. */
	public static void writeString(final Path target, final String text) {
		write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
	}
}
