package org.insilico.command;

import java.io.File;

import org.insilico.model.Network;
import org.insilico.model.NetworkIO;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Plugins › In Silico › Open Network…: reads a network saved by In Silico and makes it the current network. */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Open Network...")
public class OpenNetworkCommand extends InSilicoCommand {

	@Parameter(label = "Network file (.zip)", style = "extensions:zip")
	private File file;

	@Parameter(type = ItemIO.OUTPUT)
	private Network network;

	@Override
	protected void execute() {
		network = NetworkIO.load(file.toPath());
		OpenNetworks.register(objects, network, file.getName());
	}
}
