#@ CommandService command
#@ File (label="Network file .zip", style="extensions:zip") network_file
#@output org.insilico.model.Network network
#@output ij.measure.ResultsTable summary

# Summarize Saved Network: opens a network saved by In Silico (it becomes the current network) and prints its
# layers: kind, output shape, units, activation function and number of parameters.

from org.insilico.command import OpenNetworkCommand, NetworkSummaryCommand


def run_command(cls, *inputs):
	"""Runs an In Silico command as its menu entry would and waits for it to finish. Returns the finished
	command, or None after saying in one line why it stopped."""
	module = command.run(cls, True, *inputs).get()
	if module.isCanceled():
		print("Summarize Saved Network stopped: " + module.getCancelReason())
		return None
	return module


network = None
summary = None

opened = run_command(OpenNetworkCommand, "file", network_file)
if opened is not None:
	network = opened.getOutput("network")
	described = run_command(NetworkSummaryCommand, "network", network)
	if described is not None:
		summary = described.getOutput("summary")
		print("%s: %s, input %dx%dx%d, %d classes" % (network_file.getName(), network.architecture(),
			network.channels(), network.height(), network.width(), len(network.classNames())))
		row_format = "%-10s %-16s %-12s %8s  %-10s %12s"
		print(row_format % ("Layer", "Kind", "Shape", "Units", "Activation", "Parameters"))
		total = 0
		for row in range(summary.size()):
			parameters = int(summary.getValue("Parameters", row))
			total += parameters
			print(row_format % (summary.getStringValue("Layer", row), summary.getStringValue("Kind", row),
				summary.getStringValue("Shape", row), "%d" % summary.getValue("Units", row),
				summary.getStringValue("Activation", row), "{:,}".format(parameters)))
		print("")
		print("Total parameters: {:,}".format(total))
