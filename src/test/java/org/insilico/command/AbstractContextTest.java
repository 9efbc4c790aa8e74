package org.insilico.command;

import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Owns a SciJava context for each test, as Fiji would have one, and disposes of it. */
public abstract class AbstractContextTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	protected Context context;

	@BeforeEach
	void createContext() {
		context = new Context();
		// commands remember their last-used parameter values (as in Fiji); tests start from the defaults
		context.service(org.scijava.prefs.PrefService.class).clearAll();
	}

	@AfterEach
	void disposeContext() {
		context.dispose();
	}

	/** Runs a command through the CommandService, as a menu entry or a macro would, and waits for it. */
	protected CommandModule run(final Class<? extends Command> command, final Object... inputs) {
		try {
			return context.service(CommandService.class).run(command, true, inputs).get();
		}
		catch (final InterruptedException | ExecutionException e) {
			throw new AssertionError(e);
		}
	}
}
