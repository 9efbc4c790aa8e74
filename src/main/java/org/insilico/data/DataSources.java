package org.insilico.data;

import java.nio.file.Path;
import java.util.List;

import org.insilico.InSilicoException;
import org.insilico.Progress;

/**
 * Where labelled images come from, by one written form shared by the menu and the command line:
 * {@code digits}, {@code gratings}, {@code gabor}, {@code noise} (built-in, generated), {@code folder:DIR} (one
 * sub-folder per class), {@code idx:IMAGES,LABELS} (MNIST IDX files, raw or gzip).
 */
public final class DataSources {

	private DataSources() {}

	/** Images read or generated, with notes on what was done to them (e.g. colour converted to gray). */
	public record Loaded(Dataset dataset, List<String> notes) {}

	public static final String ACCEPTED = "expected " + String.join(", ", StimulusSets.NAMES) +
		", folder:DIR or idx:IMAGES,LABELS";

	/**
	 * @param count images to generate for a built-in set
	 * @param size image size for a built-in set (0: the set's default)
	 */
	public static Loaded load(final String source, final int count, final int size, final long seed,
		final Progress progress)
	{
		if (source == null || source.isBlank()) throw InSilicoException.badParameter("data", source, ACCEPTED);
		if (source.startsWith("folder:")) {
			final ImageFolderReader.Result r = ImageFolderReader.read(Path.of(source.substring(7).trim()), progress);
			return new Loaded(r.dataset(), r.notes());
		}
		if (source.startsWith("idx:")) {
			final String[] files = source.substring(4).split(",");
			if (files.length != 2) throw InSilicoException.badParameter("data", source,
				"expected idx:IMAGES,LABELS (two files separated by a comma)");
			return new Loaded(IdxReader.read(Path.of(files[0].trim()), Path.of(files[1].trim())), List.of());
		}
		if (StimulusSets.NAMES.contains(source.toLowerCase())) return new Loaded(StimulusSets.generate(source, count,
			size, seed), List.of());
		throw InSilicoException.badParameter("data", source, ACCEPTED);
	}

	/**
	 * Labelled images for probing a trained network with classes {@code classNames} taking {@code size}×{@code size}
	 * images: a built-in set generated at that size, its classes renamed to the network's (the set must have as many
	 * classes), or a folder or IDX files, whose classes must be the network's (same names, same order).
	 *
	 * @param parameter the parameter named when the classes or the size do not fit
	 * @throws InSilicoException for an unknown source, or images whose classes or size are not the network's
	 */
	public static Loaded loadFor(final String source, final int count, final int size, final List<String> classNames,
		final long seed, final String parameter, final Progress progress)
	{
		final boolean builtIn = source != null && StimulusSets.NAMES.contains(source.toLowerCase());
		final Loaded loaded = load(source, count, builtIn ? size : 0, seed, progress);
		final Dataset d = loaded.dataset();
		if (d.width() != size || d.height() != size) throw InSilicoException.badParameter(parameter, d.width() + "x" + d
			.height() + " pixels", "the network takes " + size + "x" + size + " images");
		if (builtIn) {
			if (d.numClasses() != classNames.size()) throw InSilicoException.badParameter(parameter, source + " (" + d
				.numClasses() + " classes)", "the network has " + classNames.size() + " classes " + classNames +
					"; use images of its own classes");
			return new Loaded(d.withClassNames(classNames), loaded.notes());
		}
		if (!d.classNames().equals(classNames)) throw InSilicoException.badParameter(parameter, "classes " + d
			.classNames(), "expected the network's classes " + classNames + " (one sub-folder per class, same names)");
		return loaded;
	}
}
