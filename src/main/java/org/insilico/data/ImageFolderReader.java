package org.insilico.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.io.Opener;

import org.insilico.InSilicoException;
import org.insilico.Progress;
import org.insilico.image.ImagePlusBridge;

/**
 * Reads a labelled dataset from a folder with one sub-folder per class:
 * <pre>
 * folder/
 *   cat/  a.png b.png ...
 *   dog/  c.tif ...
 * </pre>
 * The class names are the sub-folder names in sorted order (plain string order: "10" comes before "2"); the images
 * are listed class by class, files in sorted name order. Files are read by ImageJ 1.x ({@link Opener}); accepted
 * extensions are {@link #EXTENSIONS} (any case).
 * <ul>
 * <li>Values: 8-bit divided by 255, 16-bit by 65535, 32-bit kept as stored (see {@link ImagePlusBridge.Range#UNIT}).
 * <li>RGB and indexed-colour files (GIF, palette PNG) are converted to gray by luminance; this is reported in the
 * notes. The colour table of an 8-bit file is taken as its colours ({@link ImagePlusBridge.ColourTable#PALETTE}).
 * <li>A file with several slices (a stack) gives one image per slice, of the folder's class; reported in the
 * notes. Files with several channels are refused.
 * <li>Every image must have the size of the first one read.
 * <li>Nothing is skipped silently: a file that cannot be read, a file with another extension, a folder inside a
 * class folder and an empty class folder are errors naming the path. Hidden files (names starting with "."),
 * {@code Thumbs.db} and {@code desktop.ini} are ignored. Files directly in {@code folder} are ignored and listed
 * in the notes.
 * </ul>
 * Stateless; call from one thread per read (ImageJ's file openers are not documented as thread-safe).
 */
public final class ImageFolderReader {

	/** The file extensions read, lower case, without the dot. */
	public static final Set<String> EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp");

	private static final String STAGE = "Reading images";

	private ImageFolderReader() {}

	/**
	 * A dataset read from a folder, and what the user should know about how it was read (colour conversions,
	 * stacks, ignored files), as sentences; empty if nothing needs saying.
	 */
	public record Result(Dataset dataset, List<String> notes) {

		public Result {
			notes = List.copyOf(notes);
		}
	}

	/** {@link #read(Path, Progress)} without progress reports. */
	public static Result read(final Path folder) {
		return read(folder, Progress.NONE);
	}

	/**
	 * Reads every image of every class folder of {@code folder}; reports one step per file to {@code progress}
	 * and stops with {@link org.insilico.CanceledException} when it is cancelled.
	 *
	 * @throws InSilicoException for a missing folder, fewer than two class folders, an empty class folder, an
	 *           unreadable or unexpected file, or images of different sizes; the message names the path
	 */
	public static Result read(final Path folder, final Progress progress) {
		if (folder == null) throw InSilicoException.badParameter("folder", null,
			"expected a folder with one sub-folder per class");
		if (!Files.exists(folder)) throw InSilicoException.badParameter("folder", folder.toString(),
			"does not exist; expected a folder with one sub-folder per class");
		if (!Files.isDirectory(folder)) throw InSilicoException.badParameter("folder", folder.toString(),
			"is a file; expected a folder with one sub-folder per class, each holding that class's images");

		final List<Path> classFolders = new ArrayList<>();
		final List<String> ignored = new ArrayList<>();
		for (final Path p : list(folder)) {
			if (isIgnored(p)) continue;
			if (Files.isDirectory(p)) classFolders.add(p);
			else ignored.add(name(p));
		}
		if (classFolders.isEmpty()) throw InSilicoException.badParameter("folder", folder.toString(),
			(ignored.isEmpty() ? "is empty" : "has no sub-folders, only files") +
				"; expected one sub-folder per class, each holding that class's images");
		if (classFolders.size() == 1) throw InSilicoException.badParameter("folder", folder.toString(),
			"has one class folder ('" + name(classFolders.get(0)) +
				"'); expected at least two sub-folders, one per class, each holding that class's images");

		// List every file first, so that a bad file name is reported before minutes of reading.
		final List<String> classNames = new ArrayList<>();
		final List<List<Path>> files = new ArrayList<>();
		int total = 0;
		for (final Path c : classFolders) {
			final List<Path> images = new ArrayList<>();
			for (final Path p : list(c)) {
				if (isIgnored(p)) continue;
				if (Files.isDirectory(p)) throw InSilicoException.badParameter("class folder entry", p.toString(),
					"is a folder; a class folder must hold image files only (one level of sub-folders)");
				if (!EXTENSIONS.contains(extension(p))) throw InSilicoException.badParameter("file", p.toString(),
					"expected an image file with one of the extensions " + EXTENSIONS.stream().sorted().map(e -> "." + e)
						.toList());
				images.add(p);
			}
			if (images.isEmpty()) throw InSilicoException.badParameter("class folder", c.toString(),
				"has no images; every class folder must hold at least one image");
			classNames.add(name(c));
			files.add(images);
			total += images.size();
		}

		final Map<String, List<String>> notesByKind = new LinkedHashMap<>();
		final List<float[]> planes = new ArrayList<>();
		final List<Integer> labels = new ArrayList<>();
		int width = -1, height = -1;
		Path first = null;
		int done = 0;
		progress.report(STAGE, 0, total);
		for (int c = 0; c < files.size(); c++)
			for (final Path file : files.get(c)) {
				progress.checkCanceled(STAGE);
				final ImagePlus imp = open(file);
				if (first == null) {
					first = file;
					width = imp.getWidth();
					height = imp.getHeight();
				}
				else if (imp.getWidth() != width || imp.getHeight() != height) throw InSilicoException.badParameter(
					"file", file.toString(), "is " + imp.getWidth() + "x" + imp.getHeight() + " pixels; expected " +
						width + "x" + height + " like '" + first + "' (all images must have the same size)");
				final ImagePlusBridge.Converted converted;
				try {
					converted = ImagePlusBridge.toImg(imp, ImagePlusBridge.Range.UNIT, ImagePlusBridge.ColourTable.PALETTE);
				}
				catch (final InSilicoException e) {
					throw new InSilicoException("file '" + file + "': " + e.getMessage(), e);
				}
				final String relative = name(file.getParent()) + "/" + name(file);
				for (final String note : converted.notes())
					notesByKind.computeIfAbsent(note, k -> new ArrayList<>()).add(relative);
				final float[] values = converted.img().update(null).getCurrentStorageArray();
				final int per = width * height, slices = values.length / per;
				if (slices > 1) notesByKind.computeIfAbsent("stacks: each slice was read as one image of its folder's class",
					k -> new ArrayList<>()).add(relative + " (" + slices + " slices)");
				for (int i = 0; i < values.length; i++)
					if (!Float.isFinite(values[i])) throw InSilicoException.badParameter("file", file.toString(),
						"has the value " + values[i] + " at (" + (i % width) + ", " + (i / width % height) + ")" + (slices > 1
							? " of slice " + (i / per + 1) : "") + "; expected finite pixel values (no NaN or infinity)");
				for (int s = 0; s < slices; s++) {
					final float[] plane = new float[per];
					System.arraycopy(values, s * per, plane, 0, per);
					planes.add(plane);
					labels.add(c);
				}
				progress.report(STAGE, ++done, total);
			}

		final int per = width * height;
		if ((long) per * planes.size() > Integer.MAX_VALUE - 8) throw InSilicoException.badParameter("folder",
			folder.toString(), "holds " + planes.size() + " images of " + width + "x" + height +
				"; expected at most " + (Integer.MAX_VALUE - 8) / per + " (one float array holds them all)");
		final float[] pixels = new float[per * planes.size()];
		for (int k = 0; k < planes.size(); k++)
			System.arraycopy(planes.get(k), 0, pixels, k * per, per);
		final int[] l = labels.stream().mapToInt(Integer::intValue).toArray();

		final List<String> notes = new ArrayList<>();
		for (final Map.Entry<String, List<String>> e : notesByKind.entrySet())
			notes.add(capitalize(e.getKey()) + ": " + fileList(e.getValue()));
		if (!ignored.isEmpty()) notes.add("Files directly in the folder were ignored (only class sub-folders are read): " +
			fileList(ignored));
		return new Result(new Dataset(pixels, width, height, l, classNames), notes);
	}

	private static ImagePlus open(final Path file) {
		ImagePlus imp;
		try {
			final Opener opener = new Opener();
			opener.setSilentMode(true);
			imp = opener.openImage(file.toAbsolutePath().toString());
		}
		catch (final RuntimeException e) {
			throw new InSilicoException("file '" + file + "' could not be read as an image: " + e, e);
		}
		if (imp == null || imp.getStackSize() < 1) throw InSilicoException.badParameter("file", file.toString(),
			"could not be read as an image (ImageJ cannot open it: it may be corrupt, truncated, or not the format " +
				"its extension says)");
		return imp;
	}

	private static List<Path> list(final Path folder) {
		try (Stream<Path> s = Files.list(folder)) {
			return s.sorted((a, b) -> name(a).compareTo(name(b))).toList();
		}
		catch (final IOException e) {
			throw new InSilicoException("folder '" + folder + "' could not be listed: " + e.getMessage(), e);
		}
	}

	private static boolean isIgnored(final Path p) {
		final String n = name(p);
		return n.startsWith(".") || n.equalsIgnoreCase("Thumbs.db") || n.equalsIgnoreCase("desktop.ini");
	}

	private static String name(final Path p) {
		return p.getFileName().toString();
	}

	private static String extension(final Path p) {
		final String n = name(p);
		final int dot = n.lastIndexOf('.');
		return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

	private static String capitalize(final String s) {
		return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}

	/** "3 files (a, b, c)" or "120 files (a, b, c, ...)". */
	private static String fileList(final List<String> names) {
		final int shown = Math.min(3, names.size());
		return names.size() + (names.size() == 1 ? " file (" : " files (") + String.join(", ", names.subList(0,
			shown)) + (names.size() > shown ? ", ..." : "") + ")";
	}
}
