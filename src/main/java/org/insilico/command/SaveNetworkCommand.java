package org.insilico.command;

import java.io.File;

import org.insilico.model.Network;
import org.insilico.model.NetworkIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Plugins › In Silico › Save Network…: writes a network to one .zip (atomically), or its weights to a NumPy .npz
 * when the file name ends in .npz.
 */
@Plugin(type = org.scijava.command.Command.class, menuPath = "Plugins>In Silico>Save Network...")
public class SaveNetworkCommand extends InSilicoCommand {

	@Parameter(required = false, label = "Network")
	private Network network;

	@Parameter(label = "Save to (.zip, or .npz for the weights)", style = "save")
	private File file;

	@Override
	protected void execute() {
		final Network net = OpenNetworks.resolve(objects, network);
		if (file.getName().toLowerCase().endsWith(".npz")) NetworkIO.exportNpz(net, file.toPath());
		else NetworkIO.save(net, file.toPath());
	}
}
