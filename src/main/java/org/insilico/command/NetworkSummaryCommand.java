package org.insilico.command;

import ij.measure.ResultsTable;

import org.insilico.model.Network;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins › In Silico › Network Summary: one row per layer with its kind, shape and parameter count. */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Network Summary")
public class NetworkSummaryCommand extends InSilicoCommand {

	@Parameter(required = false, label = "Network")
	private Network network;

	@Parameter(type = ItemIO.OUTPUT, label = "Network summary")
	private ResultsTable summary;

	@Override
	protected void execute() {
		final Network net = OpenNetworks.resolve(objects, network);
		summary = Tables.layers(net);
		Tables.show(ui, summary, "Network Summary");
	}
}
