package org.insilico.cli;

import java.io.PrintStream;

import org.insilico.Progress;

/** A one-line console bar on standard error, redrawn at most every 200 ms; plain lines when not a terminal. */
final class ConsoleProgress implements Progress {

	private final PrintStream out;
	private final boolean terminal = System.console() != null;
	private long last;
	private String lastStage = "";

	ConsoleProgress(final PrintStream out) {
		this.out = out;
	}

	@Override
	public void report(final String stage, final long done, final long total) {
		final long now = System.nanoTime();
		final boolean finished = done >= total;
		if (!finished && now - last < 200_000_000L && stage.equals(lastStage)) return;
		if (!terminal && !finished) return;
		last = now;
		lastStage = stage;
		final int width = 30;
		final int filled = total <= 0 ? width : (int) (width * Math.min(1.0, done / (double) total));
		final String bar = "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total + " " +
			stage;
		if (terminal) out.print("\r" + bar + (finished ? "\n" : ""));
		else out.println(bar);
		out.flush();
	}
}
