package org.insilico.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.insilico.InSilicoException;

/**
 * Labelled grayscale images: an ImgLib2 stack of float images with axes (x, y, n), one integer label per image in
 * {@code [0, classNames.size())}, and the names of the classes. Immutable: every transformation returns a new
 * dataset; the pixel array is never written after construction. Safe to share between threads.
 * <p>
 * Pixels are stored in one float array, x fastest, then y, then image index, which is also the C-order layout of
 * a tensor of shape [n, 1, height, width].
 */
public final class Dataset {

	private final int width;
	private final int height;
	private final float[] pixels;
	private final int[] labels;
	private final List<String> classNames;

	/**
	 * @param pixels {@code n * height * width} finite values, x fastest
	 * @throws InSilicoException if sizes disagree, a label is out of range, or a pixel is NaN or infinite
	 */
	public Dataset(final float[] pixels, final int width, final int height, final int[] labels,
		final List<String> classNames)
	{
		if (width < 1 || height < 1) throw InSilicoException.badParameter("image size", width + "x" + height,
			"expected at least 1x1 pixels");
		if (classNames == null || classNames.isEmpty()) throw InSilicoException.badParameter("class names", "[]",
			"expected at least one class name");
		final long perImage = (long) width * height;
		if (pixels.length % perImage != 0) throw new InSilicoException("pixels: " + pixels.length +
			" values is not a whole number of " + width + "x" + height + " images");
		final int n = (int) (pixels.length / perImage);
		if (labels.length != n) throw InSilicoException.badParameter("labels", labels.length + " labels",
			"expected one label per image (" + n + " images)");
		for (int i = 0; i < n; i++)
			if (labels[i] < 0 || labels[i] >= classNames.size()) throw InSilicoException.badParameter(
				"label of image " + i, labels[i], "expected a class index from 0 to " + (classNames.size() - 1) +
					" (classes " + classNames + ")");
		for (int i = 0; i < pixels.length; i++)
			if (!Float.isFinite(pixels[i])) throw InSilicoException.badParameter("pixel (" + (i % width) + ", " +
				(i / width % height) + ") of image " + (i / perImage), pixels[i],
				"expected finite pixel values (no NaN or infinity)");
		this.width = width;
		this.height = height;
		this.pixels = pixels;
		this.labels = labels.clone();
		this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
	}

	/** Wraps an ImgLib2 stack (x, y, n); a 2D image counts as a stack of one. The pixels are copied. */
	public static Dataset fromImg(final net.imglib2.RandomAccessibleInterval<? extends net.imglib2.type.numeric.RealType<?>> stack,
		final int[] labels, final List<String> classNames)
	{
		return new Dataset(org.insilico.image.ImageStacks.toFloatArray(stack), (int) stack.dimension(0),
			(int) stack.dimension(1), labels, classNames);
	}

	public int size() {
		return labels.length;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int numClasses() {
		return classNames.size();
	}

	public List<String> classNames() {
		return classNames;
	}

	public int label(final int i) {
		return labels[i];
	}

	/** A copy of the labels. */
	public int[] labels() {
		return labels.clone();
	}

	/**
	 * The backing pixel array (x fastest, then y, then image). Callers must not modify it.
	 */
	public float[] pixelArray() {
		return pixels;
	}

	/** The images as an ImgLib2 stack (x, y, n) backed by the pixel array; callers must not modify it. */
	public ArrayImg<FloatType, FloatArray> images() {
		return ArrayImgs.floats(pixels, width, height, size());
	}

	/** A copy of images {@code [from, to)} as one float array, x fastest. */
	public float[] pixels(final int from, final int to) {
		final int per = width * height;
		return Arrays.copyOfRange(pixels, from * per, to * per);
	}

	/** How many images each class has. */
	public int[] classCounts() {
		final int[] counts = new int[numClasses()];
		for (final int l : labels)
			counts[l]++;
		return counts;
	}

	/** The images at {@code indices}, in that order (indices may repeat). */
	public Dataset subset(final int[] indices) {
		final int per = width * height;
		final float[] p = new float[indices.length * per];
		final int[] l = new int[indices.length];
		for (int k = 0; k < indices.length; k++) {
			final int i = indices[k];
			if (i < 0 || i >= size()) throw InSilicoException.badParameter("image index", i,
				"expected 0 to " + (size() - 1));
			System.arraycopy(pixels, i * per, p, k * per, per);
			l[k] = labels[i];
		}
		return new Dataset(p, width, height, l, classNames);
	}

	/** The same images with other class names (same count). */
	public Dataset withClassNames(final List<String> names) {
		if (names.size() != numClasses()) throw InSilicoException.badParameter("class names", names,
			"expected " + numClasses() + " names");
		return new Dataset(pixels, width, height, labels, names);
	}

	/**
	 * The same images with their labels randomly permuted (a seeded Fisher–Yates shuffle). Class counts are kept,
	 * the link between image and label is destroyed: a network that fits these labels can only memorize (Zhang et
	 * al. 2017).
	 */
	public Dataset withShuffledLabels(final long seed) {
		final int[] l = labels.clone();
		final Random random = new Random(seed);
		for (int i = l.length - 1; i > 0; i--) {
			final int j = random.nextInt(i + 1);
			final int t = l[i];
			l[i] = l[j];
			l[j] = t;
		}
		return new Dataset(pixels, width, height, l, classNames);
	}

	/** Two disjoint parts of a dataset. */
	public record Split(Dataset first, Dataset second) {}

	/**
	 * Splits into two parts, stratified by class: in each class, a seeded random {@code fraction} of its images
	 * (rounded) goes to the second part, the rest to the first. Order within each part follows the original order.
	 *
	 * @param fraction in (0, 1); each part must receive at least one image
	 */
	public Split split(final double fraction, final long seed) {
		if (!(fraction > 0 && fraction < 1)) throw InSilicoException.badParameter("fraction", fraction,
			"expected a number strictly between 0 and 1");
		final Random random = new Random(seed);
		final boolean[] second = new boolean[size()];
		for (int c = 0; c < numClasses(); c++) {
			final List<Integer> members = new ArrayList<>();
			for (int i = 0; i < size(); i++)
				if (labels[i] == c) members.add(i);
			Collections.shuffle(members, random);
			final int take = (int) Math.round(members.size() * fraction);
			for (int k = 0; k < take; k++)
				second[members.get(k)] = true;
		}
		int nSecond = 0;
		for (final boolean b : second)
			if (b) nSecond++;
		if (nSecond == 0 || nSecond == size()) throw InSilicoException.badParameter("fraction", fraction,
			"splitting " + size() + " images by this fraction leaves one part empty; use more images or another fraction");
		final int[] a = new int[size() - nSecond], b = new int[nSecond];
		int ia = 0, ib = 0;
		for (int i = 0; i < size(); i++)
			if (second[i]) b[ib++] = i;
			else a[ia++] = i;
		return new Split(subset(a), subset(b));
	}

	/** Throws unless at least two classes have images: a classifier cannot be trained on fewer. */
	public void requireTrainable(final String parameter) {
		if (size() == 0) throw InSilicoException.badParameter(parameter, "0 images",
			"expected a dataset with images of at least two classes");
		int present = 0;
		for (final int c : classCounts())
			if (c > 0) present++;
		if (present < 2) throw InSilicoException.badParameter(parameter, size() + " images of one class (" +
			classNames.get(labels[0]) + ")", "expected images of at least two classes");
	}

	@Override
	public String toString() {
		return size() + " images of " + width + "x" + height + " in " + numClasses() + " classes";
	}
}
