package org.insilico.command;

import org.insilico.CanceledException;
import org.insilico.InSilicoException;
import org.scijava.Cancelable;
import org.scijava.command.Command;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.object.ObjectService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

/**
 * The shape of every In Silico command: parameters, then {@link #execute()} which calls one method of the core.
 * A bad parameter or a cancellation ends the command as <em>cancelled with a reason</em> ({@link #getCancelReason()}):
 * the reason is shown in a dialog in Fiji, logged as one line when headless, never as a stack trace.
 */
public abstract class InSilicoCommand implements Command, Cancelable {

	@Parameter(required = false)
	protected UIService ui;

	@Parameter(required = false)
	protected LogService log;

	/** Where open networks are registered (see {@link OpenNetworks}). */
	@Parameter(required = false)
	protected ObjectService objects;

	@Parameter(required = false)
	protected StatusService status;

	private String cancelReason;

	/** The command's work. */
	protected abstract void execute();

	@Override
	public final void run() {
		try {
			execute();
		}
		catch (final InSilicoException | CanceledException e) {
			cancel(e.getMessage());
			if (ui != null && !ui.isHeadless() && !java.awt.GraphicsEnvironment.isHeadless()) ui.showDialog(e
				.getMessage(), "In Silico", DialogPrompt.MessageType.ERROR_MESSAGE);
			else if (log != null) log.error("In Silico: " + e.getMessage());
		}
	}

	@Override
	public boolean isCanceled() {
		return cancelReason != null;
	}

	@Override
	public void cancel(final String reason) {
		cancelReason = reason == null ? "cancelled" : reason;
	}

	@Override
	public String getCancelReason() {
		return cancelReason;
	}
}
