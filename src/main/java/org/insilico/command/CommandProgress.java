package org.insilico.command;

import org.insilico.Progress;
import org.scijava.app.StatusService;

/**
 * Progress of a command: shown on SciJava's status bar; cancelled by the user pressing Esc in ImageJ, or by the
 * command's thread being interrupted (SciJava's cancel).
 */
final class CommandProgress implements Progress {

	private final StatusService status;
	private long last;

	CommandProgress(final StatusService status) {
		this.status = status;
	}

	@Override
	public void report(final String stage, final long done, final long total) {
		if (status == null) return;
		final long now = System.nanoTime();
		if (done < total && now - last < 100_000_000L) return;
		last = now;
		final int scale = total > Integer.MAX_VALUE ? (int) (total / Integer.MAX_VALUE + 1) : 1;
		status.showStatus((int) (done / scale), (int) (total / scale), stage);
	}

	@Override
	public boolean isCanceled() {
		return Thread.currentThread().isInterrupted() || escapePressed();
	}

	private static boolean escapePressed() {
		try {
			return ij.IJ.escapePressed();
		}
		catch (final Throwable t) {
			return false;
		}
	}
}
