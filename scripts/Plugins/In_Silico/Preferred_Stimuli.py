#@ CommandService command
#@ org.insilico.model.Network (label="Network (none: the current one)", required=false) network
#@ String (label="Layer (every unit of it)", value="conv2") layer
#@ Integer (label="Steps", value=256, min=1) steps
#@ Double (label="Total variation", value=0.05, min=0) tv
#@ Integer (label="Jitter, pixels", value=1, min=0) jitter
#@ Long (label="Seed", value=1) seed
#@output ij.ImagePlus montage

# Preferred Stimuli: the image that drives each unit of a layer most (Plugins > In Silico > Activation Maximization...
# with every unit of the layer), lightly regularized so the images stay readable, compared with the best of 2,000
# built-in digits. Prints, per unit, the activation reached, the best digit's activation and their ratio, then how many
# units the synthesized image drives harder than any digit.

from org.insilico.command import ActivationMaximizationCommand


def run_command(cls, *inputs):
	"""Runs an In Silico command as its menu entry would and waits for it to finish. Returns the finished
	command, or None after saying in one line why it stopped (a bad parameter, or Esc pressed)."""
	module = command.run(cls, True, *inputs).get()
	if module.isCanceled():
		print("Preferred Stimuli stopped: " + module.getCancelReason())
		return None
	return module


# every parameter given, none from the values last used in the dialog
inputs = ["target", "", "whole_layer", layer, "copies", 1, "diversity", 0.0, "minimize", False, "steps", steps,
	"learning_rate", 0.05, "optimizer", "Adam", "l2", 0.0, "norm", 0.0, "tv", tv, "blur_every", 0, "blur_sigma", 0.5,
	"jitter", jitter, "scale", 0.0, "rotation", 0.0, "parameterization", "pixels", "clip", True, "seed", seed,
	"start", "gray noise", "compare_with_natural", True]
if network is not None:
	inputs += ["network", network]
montage = None
done = run_command(ActivationMaximizationCommand, *inputs)
if done is not None:
	montage = done.getOutput("montage")
	table = done.getOutput("values")
	print("%-22s %12s %12s %9s" % ("Target", "Activation", "Best digit", "Ratio"))
	beaten = 0
	for row in range(table.size()):
		value, natural = table.getValue("Activation", row), table.getValue("Best natural", row)
		if value > natural:
			beaten += 1
		print("%-22s %12.5f %12.5f %9.3f" % (table.getStringValue("Target", row), value, natural,
			table.getValue("Ratio", row)))
	print("%d of %d units: the synthesized image beats every digit" % (beaten, table.size()))
