package org.insilico.command;

import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.model.Network;
import org.scijava.object.ObjectService;

/**
 * The networks open in this Fiji session: each network a command trains or opens is registered with SciJava's
 * {@link ObjectService}, so later commands can offer it as a choice; a command given no network uses the most
 * recent one (what a macro, which cannot pass a network object, relies on).
 */
final class OpenNetworks {

	private OpenNetworks() {}

	static void register(final ObjectService objects, final Network network, final String name) {
		if (objects != null) objects.addObject(network, name);
	}

	/** The given network, or the most recently opened one. */
	static Network resolve(final ObjectService objects, final Network given) {
		if (given != null) return given;
		final List<Network> open = objects == null ? List.of() : objects.getObjects(Network.class);
		if (open.isEmpty()) throw InSilicoException.badParameter("network", null,
			"no network is open: train one (Train Network...) or open one (Open Network...) first");
		return open.get(open.size() - 1);
	}
}
