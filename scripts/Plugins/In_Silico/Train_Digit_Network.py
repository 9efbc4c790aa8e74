#@ CommandService command
#@ Integer (label="Number of digit images", value=12000, min=20) images
#@ Double (label="Fraction held out for testing", value=0.2, min=0.001, max=0.999, stepSize=0.05) test_fraction
#@ String (label="Architecture", choices={"lenet", "mlp"}, value="lenet") preset
#@ Integer (label="Epochs", value=5, min=1) epochs
#@ Integer (label="Batch size", value=64, min=1) batch_size
#@ Double (label="Learning rate", value=0.001, stepSize=0.0001) learning_rate
#@ Long (label="Seed", value=42) seed
#@ File (label="Save network to .zip (optional)", style="save", required=false, persist=false) network_file
#@output org.insilico.model.Network network
#@output Double test_accuracy

# Train Digit Network: trains a network on In Silico's built-in handwritten-style digits, prints the test
# accuracy after each epoch, and optionally saves the network. The network becomes the current network, so
# Plugins > In Silico > Network Summary (or the other analyses) can be run on it next.
#
# The inputs above are Integer/Double rather than int/double on purpose: SciJava leaves a primitive input
# that a caller (a headless run, another script) does not give at 0 instead of its value=... default.
# The save file is not remembered between runs, so a later run never overwrites it unasked.

from org.insilico.command import TrainNetworkCommand


def run_command(cls, *inputs):
	"""Runs an In Silico command as its menu entry would and waits for it to finish. Returns the finished
	command, or None after saying in one line why it stopped (a bad parameter, or Esc pressed)."""
	module = command.run(cls, True, *inputs).get()
	if module.isCanceled():
		print("Train Digit Network stopped: " + module.getCancelReason())
		return None
	return module


network = None
test_accuracy = None

# Every training parameter is passed, so the result depends only on this script's inputs and not on the
# values last used in the Train Network... dialog (SciJava fills parameters a script leaves out with those).
training = run_command(TrainNetworkCommand,
	"source", "Built-in digits",
	"images", images,
	"test_fraction", test_fraction,
	"preset", preset,
	"epochs", epochs,
	"batch_size", batch_size,
	"learning_rate", learning_rate,
	"optimizer", "Adam",
	"momentum", 0.9,
	"weight_decay", 0.0,
	"dropout", 0.0,
	"validation_fraction", 0.0,
	"random_labels", False,
	"snapshot_epochs", "",
	"seed", seed,
	"save_to", network_file)

if training is not None:
	network = training.getOutput("network")
	curve = training.getOutput("training_curve")
	print("%s on %d digits, seed %d" % (preset, images, seed))
	print("Epoch  Test accuracy")
	for row in range(curve.size()):
		print("%5d  %.4f" % (curve.getValue("Epoch", row), curve.getValue("Test accuracy", row)))
	test_accuracy = curve.getValue("Test accuracy", curve.size() - 1)
	if network_file is not None and network_file.getPath().strip():
		print("Saved to " + network_file.getPath())
