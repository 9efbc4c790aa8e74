package org.insilico.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.insilico.InSilicoException;

/**
 * Printed digits 0–9 made to look like MNIST (LeCun et al. 1998): each image is one digit drawn from a font of this
 * machine with a random style, size, slant, rotation and stroke thickness, fitted in a 20×20 box of a 28×28 image
 * (the same proportions at other sizes), elastically distorted (Simard, Steinkraus and Platt 2003), centred by its
 * centre of mass (that of the undistorted rendering; the distortion moves it by about a pixel), shifted at
 * random, and given additive Gaussian pixel noise. White digit on black; values in
 * [0, 1]: after the noise is added, values are clipped to [0, 1], so the noise of the black background is
 * half-wave rectified and its mean is slightly above 0.
 * <p>
 * The set is a deterministic function of the {@link Options} and the seed on one machine: the fonts are those of
 * the machine ({@link #availableFonts()}), so another machine with other fonts gives other images. To pin the
 * fonts, name them in {@link Options#fonts()}; the logical fonts {@code Serif}, {@code SansSerif},
 * {@code Monospaced} and {@code Dialog} exist on every Java installation (but map to different physical fonts).
 * <p>
 * Thread-safe: {@link #generate} may be called from several threads; it uses the common fork-join pool.
 */
public final class Digits {

	/** The class names: "0" to "9"; the label of an image is its digit. */
	public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

	/** Side of the box the digit is fitted in, as a fraction of the image's smaller side: 20 of 28 as in MNIST. */
	static final double BOX_FRACTION = 20.0 / 28.0;

	/** The logical fonts every Java installation has, used in addition to the machine's physical fonts. */
	private static final List<String> LOGICAL_FONTS = List.of("Dialog", "Monospaced", "SansSerif", "Serif");

	/** Words in a font family's name that mark symbol or picture fonts, whose "digits" are not digits. */
	private static final List<String> SYMBOL_FONT_WORDS = List.of("symbol", "dingbat", "wingding", "webding",
		"emoji", "icon", "marlett", "mt extra", "bookshelf", "ornament", "braille", "barcode", "awesome",
		"opensymbol", "music", "cursor");

	static {
		// Headless where there is no display, so that enumerating fonts does not try to reach an X server. Never
		// forced where a display may exist: set before AWT starts, it would take Fiji's windows away.
		final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (System.getProperty("java.awt.headless") == null && !os.contains("win") && !os.contains("mac") &&
			System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null)
			System.setProperty("java.awt.headless", "true");
	}

	private Digits() {}

	/**
	 * What a set of digits looks like. Lengths are in pixels of the output image; the defaults of
	 * {@link #defaults(int)} are for 28×28 images and {@link #defaults(int, int, int)} scales them to other sizes.
	 *
	 * @param count number of images; labels are balanced ({@code count / 10} or one more per digit)
	 * @param width image width in pixels (default 28)
	 * @param height image height in pixels (default 28)
	 * @param maxRotationDegrees rotation uniform in ±this, in degrees (default 15)
	 * @param maxShift after centring by centre of mass, a shift uniform in ±this along x and y, in pixels
	 *          (default 2)
	 * @param elasticAlpha Simard's α: the displacement field is α times uniform noise in [-1, 1] smoothed by a
	 *          normalized Gaussian of σ {@code elasticSigma}; 0 turns the distortion off. Default 20 (displacements
	 *          of about 0.8 px root mean square; Simard's 34 gives about 1.4 px): with it a LeNet reaches about 99 %
	 *          after 5 epochs on 20,000 images, as on MNIST; at 8 the set was easier (99.8 %), at 34 harder (95.6 %
	 *          after 4 epochs). The
	 *          field's amplitude falls as 1/σ, so for the same look at k times the size α scales by k².
	 * @param elasticSigma Simard's σ in pixels (default 4)
	 * @param noise standard deviation of the additive Gaussian pixel noise, before clipping to [0, 1] (default 0.05)
	 * @param minScale smallest scale of the digit relative to the 20/28 box (default 0.8)
	 * @param maxScale largest scale of the digit relative to the 20/28 box (default 1.05)
	 * @param maxShear horizontal shear (slant) uniform in ±this, as x-offset per unit of y (default 0.25)
	 * @param minStrokeWidth the outline is also stroked with a pen of width uniform in [minStrokeWidth,
	 *          maxStrokeWidth] pixels, which thickens the digit by that much; half the images also use the font's
	 *          bold style. Default 0.5, so that light fonts still have a saturated core as MNIST strokes do
	 * @param maxStrokeWidth see minStrokeWidth (default 1.5)
	 * @param fonts font families to draw from, each one of {@link #availableFonts()}; empty (the default) for all
	 *          of them
	 */
	public record Options(int count, int width, int height, double maxRotationDegrees, double maxShift,
		double elasticAlpha, double elasticSigma, double noise, double minScale, double maxScale, double maxShear,
		double minStrokeWidth, double maxStrokeWidth, List<String> fonts)
	{

		public Options {
			fonts = fonts == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(fonts));
		}

		/** The defaults for {@code count} images of 28×28 pixels. */
		public static Options defaults(final int count) {
			return new Options(count, 28, 28, 15, 2, 20, 4, 0.05, 0.8, 1.05, 0.25, 0.5, 1.5, List.of());
		}

		/**
		 * The defaults for images of {@code width}×{@code height}: the 28×28 defaults with lengths scaled by
		 * {@code k = min(width, height) / 28} (and α by k², see {@link #elasticAlpha()}).
		 */
		public static Options defaults(final int count, final int width, final int height) {
			final double k = Math.min(width, height) / 28.0;
			return new Options(count, width, height, 15, 2 * k, 20 * k * k, 4 * k, 0.05, 0.8, 1.05, 0.25, 0.5 * k,
				1.5 * k, List.of());
		}

		public Options withCount(final int n) {
			return new Options(n, width, height, maxRotationDegrees, maxShift, elasticAlpha, elasticSigma, noise,
				minScale, maxScale, maxShear, minStrokeWidth, maxStrokeWidth, fonts);
		}

		public Options withNoise(final double sd) {
			return new Options(count, width, height, maxRotationDegrees, maxShift, elasticAlpha, elasticSigma, sd,
				minScale, maxScale, maxShear, minStrokeWidth, maxStrokeWidth, fonts);
		}

		public Options withMaxShift(final double pixels) {
			return new Options(count, width, height, maxRotationDegrees, pixels, elasticAlpha, elasticSigma, noise,
				minScale, maxScale, maxShear, minStrokeWidth, maxStrokeWidth, fonts);
		}

		public Options withElastic(final double alpha, final double sigma) {
			return new Options(count, width, height, maxRotationDegrees, maxShift, alpha, sigma, noise, minScale,
				maxScale, maxShear, minStrokeWidth, maxStrokeWidth, fonts);
		}

		public Options withFonts(final List<String> families) {
			return new Options(count, width, height, maxRotationDegrees, maxShift, elasticAlpha, elasticSigma, noise,
				minScale, maxScale, maxShear, minStrokeWidth, maxStrokeWidth, families);
		}

		/** Throws {@link InSilicoException} naming the first option out of range. */
		public void validate() {
			InSilicoException.requireRange("count", count, 1, 10_000_000);
			InSilicoException.requireRange("width", width, 8, 4096);
			InSilicoException.requireRange("height", height, 8, 4096);
			if ((long) count * width * height > Integer.MAX_VALUE - 8) throw InSilicoException.badParameter("count",
				count, "expected at most " + (Integer.MAX_VALUE - 8) / ((long) width * height) + " images of " +
					width + "x" + height + " (one float array holds them all)");
			final int side = Math.min(width, height);
			InSilicoException.requireRange("maxRotationDegrees", maxRotationDegrees, 0, 180);
			InSilicoException.requireRange("maxShift", maxShift, 0, side / 2.0);
			InSilicoException.requireRange("elasticAlpha", elasticAlpha, 0, 1000);
			InSilicoException.requireRange("elasticSigma", elasticSigma, 0.5, side);
			InSilicoException.requireRange("noise", noise, 0, 1);
			InSilicoException.requireRange("minScale", minScale, 0.1, 1.4);
			InSilicoException.requireRange("maxScale", maxScale, minScale, 1.4);
			InSilicoException.requireRange("maxShear", maxShear, 0, 1);
			InSilicoException.requireRange("minStrokeWidth", minStrokeWidth, 0, side / 4.0);
			InSilicoException.requireRange("maxStrokeWidth", maxStrokeWidth, minStrokeWidth, side / 4.0);
			final List<String> available = availableFonts();
			for (final String f : fonts)
				if (!available.contains(f)) throw InSilicoException.badParameter("fonts", f,
					"expected font families of this machine that can draw digits: " + available);
		}
	}

	/** {@code count} images with the default options ({@link Options#defaults(int)}). */
	public static Dataset generate(final int count, final long seed) {
		return generate(Options.defaults(count), seed);
	}

	/**
	 * A balanced set of digits: image i shows digit {@code labels[i]}, the labels {@code i % 10} in a seeded
	 * random order. Each image is drawn from its own random stream derived from the seed and its index, so the set
	 * is the same whatever the number of threads.
	 */
	public static Dataset generate(final Options options, final long seed) {
		options.validate();
		final List<String> families = options.fonts().isEmpty() ? availableFonts() : options.fonts();
		final Glyphs[] glyphs = new Glyphs[families.size()];
		for (int f = 0; f < glyphs.length; f++)
			glyphs[f] = glyphs(families.get(f));
		final int per = options.width() * options.height();
		final int[] labels = Seeds.balancedLabels(options.count(), 10, seed);
		final float[] pixels = new float[options.count() * per];
		IntStream.range(0, options.count()).parallel().forEach(i -> render(options, glyphs, labels[i], Seeds
			.forImage(seed, i), pixels, i * per));
		return new Dataset(pixels, options.width(), options.height(), labels, CLASS_NAMES);
	}

	/**
	 * The font families used by default: the sorted physical families of this machine that can display the ten
	 * digits, whose digit outlines are ten distinct non-empty shapes that look like the logical fonts' digits
	 * ({@link #recognisable}) and whose names do not mark them as symbol fonts, plus the logical fonts Dialog,
	 * Monospaced, SansSerif and Serif. Fixed for the life of the JVM.
	 */
	public static List<String> availableFonts() {
		return FontList.FONTS;
	}

	private static final class FontList {

		static final List<String> FONTS = find();

		private static List<String> find() {
			final TreeSet<String> names = new TreeSet<>(LOGICAL_FONTS);
			final List<float[][]> references = referenceDigits();
			String[] all;
			try {
				all = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT);
			}
			catch (final RuntimeException | Error e) {
				all = new String[0];
			}
			for (final String name : all) {
				final String lower = name.toLowerCase(Locale.ROOT);
				if (name.equals("DialogInput") || SYMBOL_FONT_WORDS.stream().anyMatch(lower::contains)) continue;
				if (new Font(name, Font.PLAIN, 12).canDisplayUpTo("0123456789") != -1) continue;
				if (usable(name) && recognisable(glyphs(name), references)) names.add(name);
			}
			return List.copyOf(names);
		}

		/** True if the ten digits are non-empty shapes, distinct from each other, and not much wider than tall. */
		private static boolean usable(final String family) {
			try {
				final Glyphs g = glyphs(family);
				for (int style = 0; style < 2; style++) {
					final Set<String> seen = new HashSet<>();
					for (int d = 0; d < 10; d++) {
						final Rectangle2D b = g.bounds[style][d];
						if (b.getWidth() <= 0 || b.getHeight() <= 0 || b.getHeight() < 0.6 * b.getWidth()) return false;
						if (!seen.add(signature(g.outlines[style][d]))) return false;
					}
				}
				return true;
			}
			catch (final RuntimeException e) {
				return false;
			}
		}

		/** The segment types and coordinates of an outline, as text: equal for identical outlines. */
		private static String signature(final Shape shape) {
			final StringBuilder sb = new StringBuilder();
			final double[] c = new double[6];
			for (final PathIterator it = shape.getPathIterator(null); !it.isDone(); it.next()) {
				final int type = it.currentSegment(c);
				sb.append(type);
				for (int k = 0; k < 6; k++)
					sb.append(',').append((float) c[k]);
				sb.append(';');
			}
			return sb.toString();
		}
	}

	/** Side of the small renderings on which a family's digits are compared with those of the logical fonts. */
	private static final int SIDE = 16;

	/**
	 * True if at least 9 of a family's ten plain digits are, by correlation, nearest to the same digit of one of the
	 * logical fonts ({@code references}; each rendered at 16 × 16, fitted to the box by its larger side). TeX's symbol
	 * and math fonts (cmex10, stmary10, wasy10, which LyX and matplotlib install) have ten distinct glyphs where the
	 * digits are and passed the other checks: they made the built-in digits partly symbols.
	 */
	static boolean recognisable(final Glyphs glyphs, final List<float[][]> references) {
		final float[][] mine = renderings(glyphs);
		int right = 0;
		for (int d = 0; d < 10; d++) {
			double best = Double.NEGATIVE_INFINITY;
			int label = -1;
			for (final float[][] reference : references)
				for (int e = 0; e < 10; e++) {
					double c = 0;
					for (int i = 0; i < mine[d].length; i++)
						c += mine[d][i] * reference[e][i];
					if (c > best) {
						best = c;
						label = e;
					}
				}
			if (label == d) right++;
		}
		return right >= 9;
	}

	/** The plain digits of a family at SIDE × SIDE, each centred, less its mean and of unit norm. */
	static float[][] renderings(final Glyphs g) {
		final float[][] out = new float[10][];
		for (int d = 0; d < 10; d++) {
			final Rectangle2D b = g.bounds[0][d];
			final double s = 0.8 * SIDE / Math.max(b.getWidth(), b.getHeight());
			final AffineTransform t = AffineTransform.getTranslateInstance(SIDE / 2.0, SIDE / 2.0);
			t.scale(s, s);
			t.translate(-b.getCenterX(), -b.getCenterY());
			final BufferedImage canvas = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
			final Graphics2D gr = canvas.createGraphics();
			try {
				gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
				gr.setColor(Color.WHITE);
				gr.fill(t.createTransformedShape(g.outlines[0][d]));
			}
			finally {
				gr.dispose();
			}
			final byte[] bytes = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
			final float[] v = new float[SIDE * SIDE];
			double mean = 0;
			for (int i = 0; i < v.length; i++)
				mean += v[i] = (bytes[i] & 0xff) / 255f;
			mean /= v.length;
			double norm = 0;
			for (int i = 0; i < v.length; i++) {
				v[i] -= (float) mean;
				norm += v[i] * v[i];
			}
			final float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
			for (int i = 0; i < v.length; i++)
				v[i] *= scale;
			out[d] = v;
		}
		return out;
	}

	/** The logical fonts' digits as {@link #renderings}: the references of {@link #recognisable}. */
	static List<float[][]> referenceDigits() {
		return LOGICAL_FONTS.stream().map(f -> renderings(glyphs(f))).toList();
	}

	/** The outlines of the ten digits of one family, plain and bold, at 100 points, and their bounds. */
	record Glyphs(Shape[][] outlines, Rectangle2D[][] bounds) {}

	private static final Map<String, Glyphs> GLYPHS = new ConcurrentHashMap<>();

	static Glyphs glyphs(final String family) {
		return GLYPHS.computeIfAbsent(family, name -> {
			final FontRenderContext frc = new FontRenderContext(null, true, true);
			final Shape[][] outlines = new Shape[2][10];
			final Rectangle2D[][] bounds = new Rectangle2D[2][10];
			for (int style = 0; style < 2; style++) {
				final Font font = new Font(name, style == 0 ? Font.PLAIN : Font.BOLD, 100);
				for (int d = 0; d < 10; d++) {
					final Shape s = new Path2D.Double(font.createGlyphVector(frc, String.valueOf(d)).getOutline());
					outlines[style][d] = s;
					bounds[style][d] = s.getBounds2D();
				}
			}
			return new Glyphs(outlines, bounds);
		});
	}

	/** Draws one digit into {@code out[offset ...]}, consuming {@code random} in a fixed order. */
	private static void render(final Options o, final Glyphs[] fonts, final int digit,
		final SplittableRandom random, final float[] out, final int offset)
	{
		final Glyphs font = fonts[random.nextInt(fonts.length)];
		final int style = random.nextInt(2);
		final double scale = o.minScale() + (o.maxScale() - o.minScale()) * random.nextDouble();
		final double angle = Math.toRadians(o.maxRotationDegrees() * (2 * random.nextDouble() - 1));
		final double shear = o.maxShear() * (2 * random.nextDouble() - 1);
		final double stroke = o.minStrokeWidth() + (o.maxStrokeWidth() - o.minStrokeWidth()) * random.nextDouble();
		final double shiftX = o.maxShift() * (2 * random.nextDouble() - 1);
		final double shiftY = o.maxShift() * (2 * random.nextDouble() - 1);

		// The glyph, centred on the origin, fitted in the box by its larger side, then slanted and rotated.
		final Rectangle2D b = font.bounds[style][digit];
		final double box = BOX_FRACTION * Math.min(o.width(), o.height());
		final double s = scale * box / Math.max(b.getWidth(), b.getHeight());
		final AffineTransform t = new AffineTransform();
		t.rotate(angle);
		t.shear(shear, 0);
		t.scale(s, s);
		t.translate(-b.getCenterX(), -b.getCenterY());
		Shape shape = t.createTransformedShape(font.outlines[style][digit]);
		final Rectangle2D sb = shape.getBounds2D();
		final int margin = (int) Math.ceil(stroke / 2) + 2;
		final int x0 = (int) Math.floor(sb.getMinX()) - margin, y0 = (int) Math.floor(sb.getMinY()) - margin;
		final int cw = (int) Math.ceil(sb.getMaxX()) + margin - x0, ch = (int) Math.ceil(sb.getMaxY()) + margin - y0;
		shape = AffineTransform.getTranslateInstance(-x0, -y0).createTransformedShape(shape);

		final BufferedImage canvas = new BufferedImage(cw, ch, BufferedImage.TYPE_BYTE_GRAY);
		final Graphics2D g = canvas.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
			g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			g.setColor(Color.WHITE);
			g.fill(shape);
			if (stroke > 0) {
				g.setStroke(new BasicStroke((float) stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
				g.draw(shape);
			}
		}
		finally {
			g.dispose();
		}
		final byte[] bytes = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
		final float[] src = new float[cw * ch];
		double sum = 0, sx = 0, sy = 0;
		for (int y = 0, i = 0; y < ch; y++)
			for (int x = 0; x < cw; x++, i++) {
				final float v = (bytes[i] & 0xff) / 255f;
				src[i] = v;
				sum += v;
				sx += v * x;
				sy += v * y;
			}
		final double comX = sum > 0 ? sx / sum : (cw - 1) / 2.0, comY = sum > 0 ? sy / sum : (ch - 1) / 2.0;

		// One resampling: output pixel p takes the canvas at p - centre + centre of mass + displacement - shift.
		final int w = o.width(), h = o.height();
		final float[] dx = o.elasticAlpha() > 0 ? displacementField(w, h, o.elasticAlpha(), o.elasticSigma(),
			random) : null;
		final float[] dy = o.elasticAlpha() > 0 ? displacementField(w, h, o.elasticAlpha(), o.elasticSigma(),
			random) : null;
		final double ox = comX - (w - 1) / 2.0 - shiftX, oy = comY - (h - 1) / 2.0 - shiftY;
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++, i++) {
				final double px = x + ox + (dx == null ? 0 : dx[i]), py = y + oy + (dy == null ? 0 : dy[i]);
				double v = bilinear(src, cw, ch, px, py);
				if (o.noise() > 0) v += o.noise() * random.nextGaussian();
				out[offset + i] = (float) Math.min(1, Math.max(0, v));
			}
	}

	/**
	 * One component of Simard's elastic displacement field: α times i.i.d. uniform noise in [-1, 1] convolved with a
	 * normalized Gaussian of standard deviation σ (truncated at 3σ, computed in float). The noise is drawn on a grid padded by the
	 * kernel radius, so every output value is an average over a full kernel.
	 */
	static float[] displacementField(final int w, final int h, final double alpha, final double sigma,
		final SplittableRandom random)
	{
		final int r = (int) Math.ceil(3 * sigma);
		final float[] kernel = new float[2 * r + 1];
		double norm = 0;
		for (int k = -r; k <= r; k++)
			norm += Math.exp(-k * k / (2 * sigma * sigma));
		for (int k = -r; k <= r; k++)
			kernel[k + r] = (float) (Math.exp(-k * k / (2 * sigma * sigma)) / norm);
		final int pw = w + 2 * r, ph = h + 2 * r;
		final float[] noise = new float[pw * ph];
		for (int i = 0; i < noise.length; i++)
			noise[i] = (float) (2 * random.nextDouble() - 1);
		// Both passes run the kernel tap in the outer loop, so that the inner loop is an axpy over one row.
		final float[] rows = new float[ph * w]; // rows[y * w + x] = noise convolved along x at (x + r, y)
		for (int y = 0; y < ph; y++)
			for (int k = 0; k < kernel.length; k++) {
				final float c = kernel[k];
				final int from = y * pw + k, to = y * w;
				for (int x = 0; x < w; x++)
					rows[to + x] += c * noise[from + x];
			}
		final float[] field = new float[w * h]; // rows convolved along y
		for (int y = 0; y < h; y++)
			for (int k = 0; k < kernel.length; k++) {
				final float c = kernel[k];
				final int from = (y + k) * w, to = y * w;
				for (int x = 0; x < w; x++)
					field[to + x] += c * rows[from + x];
			}
		final float a = (float) alpha;
		for (int i = 0; i < field.length; i++)
			field[i] *= a;
		return field;
	}

	/** Bilinear interpolation at (x, y) in pixel-index coordinates; 0 outside the image. */
	static double bilinear(final float[] img, final int w, final int h, final double x, final double y) {
		final int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
		final double fx = x - x0, fy = y - y0;
		return (1 - fy) * ((1 - fx) * at(img, w, h, x0, y0) + fx * at(img, w, h, x0 + 1, y0)) + fy * ((1 - fx) *
			at(img, w, h, x0, y0 + 1) + fx * at(img, w, h, x0 + 1, y0 + 1));
	}

	private static float at(final float[] img, final int w, final int h, final int x, final int y) {
		return x < 0 || y < 0 || x >= w || y >= h ? 0 : img[y * w + x];
	}
}
