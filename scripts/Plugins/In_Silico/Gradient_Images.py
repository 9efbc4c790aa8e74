#@ CommandService command
#@ org.insilico.model.Network (label="Network (none: the current one)", required=false) network
#@ Integer (label="Number of digit images", value=4, min=1) count
#@ String (label="Target (predicted class, or layer:kind:index)", value="predicted class") target
#@ Integer (label="Noisy samples (SmoothGrad)", value=50, min=1) samples
#@ Integer (label="Steps (integrated gradients)", value=64, min=1) steps
#@ Long (label="Seed", value=1) seed
#@output ij.ImagePlus comparison

# Gradient Images: the five attribution methods of Plugins > In Silico > Gradient Image... side by side, on a few of
# In Silico's built-in digits. Each method's gradient images are divided by their largest magnitude, so that all
# share one display range [-1, 1]: white is 0, blue negative, red positive. Prints the target's value for each image
# and how far integrated gradients are from completeness (their sum should equal t(image) - t(black)).

from ij import ImagePlus, ImageStack
from org.insilico.command import GradientImageCommand
from org.insilico.data import StimulusSets
from org.insilico.image import ImagePlusBridge, Luts

METHODS = ["gradient", "gradient x input", "SmoothGrad", "integrated gradients", "occlusion"]


def run_command(cls, *inputs):
	"""Runs an In Silico command as its menu entry would and waits for it to finish. Returns the finished
	command, or None after saying in one line why it stopped (a bad parameter, or Esc pressed)."""
	module = command.run(cls, True, *inputs).get()
	if module.isCanceled():
		print("Gradient Images stopped: " + module.getCancelReason())
		return None
	return module


def gradient_image(method, images):
	"""Runs Gradient Image... with every parameter given (none from the values last used in its dialog)."""
	inputs = ["image", images, "target", target, "method", method, "absolute", False, "samples", samples,
		"noise", 0.15, "squared", False, "baseline", "black", "blur_sigma", 4.0, "steps", steps, "patch", 4,
		"stride", 2, "fill", 0.0, "seed", seed, "all_units_of_layer", ""]
	if network is not None:
		inputs += ["network", network]
	return run_command(GradientImageCommand, *inputs)


comparison = None
size = network.width() if network is not None else 0  # 0: the digits' own size
digits = StimulusSets.generate("digits", count, size, seed).images()

stack = None
labels = []
table = None
for method in METHODS:
	done = gradient_image(method, digits)
	if done is None:
		stack = None
		break
	result = done.getOutput("gradient_image")
	if method == "integrated gradients":
		table = done.getOutput("target_values")
	m = result.getDisplayRangeMax()  # the command shows [-m, m], m the largest magnitude
	if stack is None:
		stack = ImageStack(result.getWidth(), result.getHeight())
	for s in range(1, result.getStackSize() + 1):
		scaled = result.getStack().getProcessor(s).duplicate()
		scaled.multiply(1.0 / m)
		label = "%s (x 1/%.3g)" % (result.getStack().getSliceLabel(s), m)
		stack.addSlice(label, scaled)
		labels.append(label)

if stack is not None:
	scaled = ImagePlusBridge.toImg(ImagePlus("scaled", stack), ImagePlusBridge.Range.RAW).img()
	comparison = ImagePlusBridge.toImagePlus(scaled, "Gradient images of %d digits" % count, labels,
		Luts.diverging(), -1.0, 1.0)
	print("%5s  %-22s %12s  %s" % ("Image", "Target", "Value", "IG completeness error"))
	for row in range(table.size()):
		print("%5d  %-22s %12.6g  %.4f" % (table.getValue("Image", row), table.getStringValue("Target", row),
			table.getValue("Value", row), table.getValue("Completeness error", row)))
