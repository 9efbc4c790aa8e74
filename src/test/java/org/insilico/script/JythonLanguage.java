package org.insilico.script;

import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Jython for the tests: Fiji's {@code scripting-jython} is not on Maven Central, so this wraps the JSR-223 engine
 * of {@code jython-standalone} (test scope) under the name Fiji uses, so that {@code ScriptService} runs
 * {@code .py} scripts with their {@code #@} parameters as Fiji does.
 */
@Plugin(type = ScriptLanguage.class, name = "Python (Jython)")
public class JythonLanguage extends AdaptedScriptLanguage {

	public JythonLanguage() {
		super("jython");
	}
}
