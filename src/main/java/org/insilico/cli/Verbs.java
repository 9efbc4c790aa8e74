package org.insilico.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.insilico.AtomicFiles;
import org.insilico.InSilicoException;
import org.insilico.data.Dataset;
import org.insilico.data.DataSources;
import org.insilico.data.StimulusSets;
import org.insilico.image.ImagePlusBridge;
import org.insilico.image.TiffFiles;
import org.insilico.model.LayerInfo;
import org.insilico.model.Network;
import org.insilico.model.NetworkIO;
import org.insilico.model.Trainer;
import org.insilico.probe.gradient.Attribution;
import org.insilico.probe.gradient.GradientImages;
import org.insilico.probe.gradient.IntegratedGradients;
import org.insilico.probe.gradient.Occlusion;
import org.insilico.probe.gradient.SmoothGrad;

/** The verbs other than the demo: generate, train, summary, export. */
final class Verbs {

	private Verbs() {}

	static final String GENERATE_USAGE = """
		usage: insilico generate --set digits|gratings|gabor|noise --out FILE.tif [--count 100] [--size 0] [--seed 1]
		  --size 0 takes the set's own default (28 for digits, 32 for the others)""";

	static void generate(final List<String> list, final PrintStream out, final PrintStream err) {
		final Args a = new Args("generate", list, Set.of("set", "out", "count", "size", "seed"), Set.of());
		final Dataset d = StimulusSets.generate(a.required("set"), a.integer("count", 100, 1, 1_000_000), a.integer(
			"size", 0, 0, 1024), a.seed("seed", 1));
		final Path file = a.path("out", null);
		TiffFiles.save(ImagePlusBridge.toImagePlus(d.images(), file.getFileName().toString(), sliceLabels(d)), file);
		out.println("wrote " + d + " to " + file);
	}

	static List<String> sliceLabels(final Dataset d) {
		final List<String> labels = new ArrayList<>(d.size());
		for (int i = 0; i < d.size(); i++)
			labels.add(d.classNames().get(d.label(i)));
		return labels;
	}

	static final String TRAIN_USAGE = """
		usage: insilico train --data SOURCE --out NETWORK.zip [options]
		  SOURCE: digits | gratings | gabor (built-in, --count images) | folder:DIR (one sub-folder per class)
		          | idx:IMAGES,LABELS (MNIST IDX files, raw or .gz)
		  --preset lenet|mlp (lenet)  --epochs 5  --batch-size 64  --learning-rate 0.001  --optimizer adam|sgd
		  --momentum 0.9  --weight-decay 0  --dropout 0  --seed 42  --validation-fraction 0  --random-labels
		  --snapshots 1,3 (epochs whose networks are saved beside --out)  --count 12000  --size 0
		  --test-fraction 0.2  --curve FILE.csv (default: beside --out)""";

	static void train(final List<String> list, final PrintStream out, final PrintStream err) {
		final Args a = new Args("train", list, Set.of("data", "out", "preset", "epochs", "batch-size", "learning-rate",
			"optimizer", "momentum", "weight-decay", "dropout", "seed", "validation-fraction", "snapshots", "count",
			"size", "test-fraction", "curve"), Set.of("random-labels"));
		final Path outFile = a.path("out", null);
		final long seed = a.seed("seed", 42);
		final Dataset all = load(a.required("data"), a.integer("count", 12_000, 2, 1_000_000), a.integer("size", 0, 0,
			1024), seed, err);
		final Dataset.Split split = all.split(a.number("test-fraction", 0.2, 0.001, 0.999), seed + 7);
		final String optimizer = a.string("optimizer", "adam").toUpperCase();
		if (!optimizer.equals("ADAM") && !optimizer.equals("SGD")) throw InSilicoException.badParameter(
			"--optimizer", a.string("optimizer", ""), "expected adam or sgd");
		final Trainer.Options options = new Trainer.Options(a.string("preset", "lenet"), a.integer("epochs", 5, 1,
			10_000), a.integer("batch-size", 64, 1, 65_536), a.number("learning-rate", 1e-3, 1e-9, 10),
			Trainer.Optimizer.valueOf(optimizer), a.number("momentum", 0.9, 0, 0.999999), a.number("weight-decay", 0, 0,
				0.999999), a.number("dropout", 0, 0, 0.999999), seed, a.number("validation-fraction", 0, 0, 0.999),
			a.flag("random-labels"), org.insilico.model.Trainer.Options.parseEpochs("--snapshots", a.string("snapshots", "")));
		final Trainer.Result r = Trainer.train(split.first(), split.second(), options, new ConsoleProgress(err));
		NetworkIO.save(r.network(), outFile);
		final Path curve = a.path("curve", sibling(outFile, "-training.csv").toString());
		AtomicFiles.writeString(curve, Csv.trainingCurve(r.history()));
		for (final var s : r.snapshots().entrySet())
			NetworkIO.save(s.getValue(), sibling(outFile, "-epoch" + s.getKey() + ".zip"));
		out.printf("trained %s on %d images (%d held out for testing): test accuracy %.4f; wrote %s and %s%n", options
			.preset(), r.trainImages(), r.testImages(), r.last().testAccuracy(), outFile, curve);
	}

	static Path sibling(final Path file, final String suffix) {
		final String name = file.getFileName().toString();
		final String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
		return file.toAbsolutePath().resolveSibling(stem + suffix);
	}

	/** A dataset from a --data source; notes on conversions go to the error stream. */
	static Dataset load(final String source, final int count, final int size, final long seed,
		final PrintStream err)
	{
		final DataSources.Loaded l = DataSources.load(source, count, size, seed, new ConsoleProgress(err));
		l.notes().forEach(n -> err.println("note: " + n));
		return l.dataset();
	}

	static final String GRADIENT_USAGE = """
		usage: insilico gradient --network NET.zip --images STACK.tif --out GRADIENTS.tif [options]
		  --method gradient|gradient-x-input|smoothgrad|integrated-gradients|occlusion (gradient)
		  --target "predicted class" (default) or layer:kind:index, e.g. output:class:3, conv2:channel:5
		  --all-units-of-layer LAYER   every unit of LAYER for one image, one slice per unit
		  gradient: --absolute   smoothgrad: --samples 50 --noise 0.15 --squared --seed 1
		  integrated-gradients: --baseline black|mean|blurred --blur-sigma 4 --steps 64
		  occlusion: --patch 4 --stride 2 --fill 0
		  8- and 16-bit images are scaled to [0, 1] (divided by 255 or 65535), as the built-in stimuli are;
		  writes a 32-bit TIFF stack (diverging colour table centred on zero, slice labels) and, beside it,
		  GRADIENTS-values.csv: image, target, value (and completeness error for integrated gradients)""";

	static void gradient(final List<String> list, final PrintStream out, final PrintStream err) {
		final Args a = new Args("gradient", list, Set.of("network", "images", "out", "method", "target",
			"all-units-of-layer", "samples", "noise", "seed", "baseline", "blur-sigma", "steps", "patch", "stride",
			"fill"), Set.of("absolute", "squared"));
		final Network net = NetworkIO.load(a.path("network", null));
		final Path imagesFile = a.path("images", null), outFile = a.path("out", null);
		final ImagePlusBridge.Converted images = ImagePlusBridge.toImg(TiffFiles.open(imagesFile),
			ImagePlusBridge.Range.UNIT);
		images.notes().forEach(n -> err.println("note: " + n));
		final GradientImages.Labelled g = GradientImages.run(net, images.img(), new GradientImages.Request(a.string(
			"method", "gradient"), new Attribution.Settings(a.flag("absolute"), new SmoothGrad.Options(a.integer("samples",
				50, 1, 100_000), a.number("noise", 0.15, 0, 10), a.flag("squared"), a.seed("seed", 1)),
			new IntegratedGradients.Options(IntegratedGradients.Baseline.parse(a.string("baseline", "black")), null, a
				.number("blur-sigma", 4, 0, 1000), a.integer("steps", 64, 1, 100_000)), new Occlusion.Options(a.integer(
					"patch", 4, 1, 100_000), a.integer("stride", 2, 1, 100_000), a.number("fill", 0, -1e30, 1e30))), a.string(
						"target", GradientImages.PREDICTED), a.string("all-units-of-layer", "")), new ConsoleProgress(err));
		TiffFiles.save(ImagePlusBridge.toSignedImagePlus(g.result().map(), g.title(), g.labels()), outFile);
		final StringBuilder csv = new StringBuilder("image,target,value" + (g.completenessErrors().length > 0
			? ",completeness_error" : "") + "\n");
		for (int i = 0; i < g.labels().size(); i++) {
			csv.append(g.imageNumbers().get(i)).append(",\"").append(g.targets().get(i)).append("\",").append(Csv.num(g
				.result().targetValues()[i]));
			if (g.completenessErrors().length > 0) csv.append(',').append(Csv.num(g.completenessErrors()[i]));
			csv.append('\n');
		}
		final Path values = sibling(outFile, "-values.csv");
		AtomicFiles.writeString(values, csv.toString());
		out.println("wrote " + g.title() + " (" + g.labels().size() + " slices) to " + outFile + " and " + values);
	}

	static final String SUMMARY_USAGE = "usage: insilico summary --network NETWORK.zip";

	static void summary(final List<String> list, final PrintStream out, final PrintStream err) {
		final Args a = new Args("summary", list, Set.of("network"), Set.of());
		final Network n = NetworkIO.load(a.path("network", null));
		out.print(n.summary());
	}

	static final String EXPORT_USAGE = "usage: insilico export --network NETWORK.zip --format npz --out FILE.npz";

	static void export(final List<String> list, final PrintStream out, final PrintStream err) {
		final Args a = new Args("export", list, Set.of("network", "format", "out"), Set.of());
		final String format = a.string("format", "npz");
		if (!format.equals("npz")) throw InSilicoException.badParameter("--format", format, "expected npz");
		final Network n = NetworkIO.load(a.path("network", null));
		final Path file = a.path("out", null);
		NetworkIO.exportNpz(n, file);
		long weights = 0;
		for (final LayerInfo l : n.layers())
			weights += l.parameters();
		out.println("wrote " + weights + " weights and biases of " + n.layers().size() + " layers to " + file);
	}
}
