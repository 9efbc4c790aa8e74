package org.insilico.command;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;

/**
 * The shipped ImageJ macros call In Silico commands by their menu labels with option keys that are the commands'
 * parameter names: a misspelt key would be silently ignored by ImageJ, so each is checked against the command.
 */
class MacrosTest extends AbstractContextTest {

	static final Pattern RUN = Pattern.compile("run\\(\"([^\"]+)\"(?:\\s*,\\s*(.*?))?\\);", Pattern.DOTALL);
	static final Pattern KEY = Pattern.compile("(?:^|\\s|\")(\\w+)=");

	@Test
	void everyMacroCallNamesARealCommandAndItsParameters() throws IOException {
		final List<Path> macros;
		try (var s = Files.walk(Path.of(System.getProperty("basedir", "."), "plugins"))) {
			macros = s.filter(p -> p.toString().endsWith(".ijm")).toList();
		}
		assertFalse(macros.isEmpty(), "no macros found under plugins/");
		final List<CommandInfo> commands = context.service(CommandService.class).getCommands();
		for (final Path macro : macros) {
			final Matcher run = RUN.matcher(Files.readString(macro));
			while (run.find()) {
				final String label = run.group(1);
				final CommandInfo info = commands.stream().filter(c -> c.getMenuPath() != null && c.getMenuPath()
					.getLeaf() != null && label.equals(c.getMenuPath().getLeaf().getName())).findFirst().orElse(null);
				assertNotNull(info, macro.getFileName() + ": no command with the menu label '" + label + "'");
				final Set<String> inputs = java.util.stream.StreamSupport.stream(info.inputs().spliterator(), false).map(
					ModuleItem::getName).collect(Collectors.toSet());
				if (run.group(2) == null) continue;
				final Matcher key = KEY.matcher(run.group(2));
				while (key.find())
					assertTrue(inputs.contains(key.group(1)), macro.getFileName() + ": '" + label + "' has no parameter '" +
						key.group(1) + "'; it has " + inputs);
			}
		}
	}
}
