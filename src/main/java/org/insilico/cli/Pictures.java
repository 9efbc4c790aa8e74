package org.insilico.cli;

import ij.gui.Plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

import org.insilico.image.ImageStacks;
import org.insilico.model.Trainer;

/** Pictures for the report. */
final class Pictures {

	private Pictures() {}

	/** A 2D image as 8-bit gray, {@code min} black and {@code max} white (values outside are saturated). */
	static BufferedImage gray(final RandomAccessibleInterval<? extends RealType<?>> img, final double min,
		final double max)
	{
		final int w = (int) img.dimension(0), h = (int) img.dimension(1);
		final float[] v = ImageStacks.toFloatArray(img);
		final BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		final byte[] data = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
		for (int i = 0; i < w * h; i++)
			data[i] = (byte) Math.max(0, Math.min(255, Math.round(255 * (v[i] - min) / (max - min))));
		return out;
	}

	/**
	 * A signed 2D image in a diverging colour map centred on zero: negative blue, zero white, positive red, scaled by
	 * {@code scale} (the value shown at full colour; values beyond are saturated).
	 */
	static BufferedImage diverging(final float[] v, final int w, final int h, final double scale) {
		final BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int i = 0; i < w * h; i++) {
			final double t = Math.max(-1, Math.min(1, v[i] / (scale > 0 ? scale : 1)));
			final int fade = (int) Math.round(255 * (1 - Math.abs(t)));
			out.setRGB(i % w, i / w, t >= 0 ? (255 << 16 | fade << 8 | fade) : (fade << 16 | fade << 8 | 255));
		}
		return out;
	}

	/**
	 * A grid of small pictures (rows × columns, each {@code w × h}) separated by {@code border} pixels of gray:
	 * row r, column c is {@code cells[r][c]}.
	 */
	static BufferedImage grid(final BufferedImage[][] cells, final int border) {
		final int rows = cells.length, cols = cells[0].length;
		final int w = cells[0][0].getWidth(), h = cells[0][0].getHeight();
		final BufferedImage out = new BufferedImage(cols * w + (cols + 1) * border, rows * h + (rows + 1) * border,
			BufferedImage.TYPE_INT_RGB);
		final java.awt.Graphics2D g = out.createGraphics();
		g.setColor(new Color(0xb0b0b0));
		g.fillRect(0, 0, out.getWidth(), out.getHeight());
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < cols; c++)
				g.drawImage(cells[r][c], border + c * (w + border), border + r * (h + border), null);
		g.dispose();
		return out;
	}

	/** Train and test accuracy per epoch, drawn by ImageJ's Plot (the loss is in the report's table). */
	static BufferedImage trainingCurve(final List<Trainer.Epoch> history) {
		final double[] epochs = history.stream().mapToDouble(Trainer.Epoch::epoch).toArray();
		final double[] train = history.stream().mapToDouble(Trainer.Epoch::trainAccuracy).toArray();
		final double[] test = history.stream().mapToDouble(Trainer.Epoch::testAccuracy).toArray();
		double low = 1;
		for (int i = 0; i < epochs.length; i++)
			low = Math.min(low, Math.min(train[i], Double.isNaN(test[i]) ? 1 : test[i]));
		final Plot plot = new Plot("Training", "epoch", "accuracy");
		plot.setLineWidth(2);
		plot.setColor(Color.BLUE, Color.BLUE);
		plot.addPoints(epochs, train, Plot.CONNECTED_CIRCLES);
		plot.setColor(Color.RED, Color.RED);
		plot.addPoints(epochs, test, Plot.CONNECTED_CIRCLES);
		plot.setLimits(0.5, history.size() + 0.5, Math.max(0, Math.floor(low * 20 - 0.5) / 20), 1.0);
		plot.setColor(Color.BLACK);
		plot.addLegend("train accuracy\ttest accuracy", "bottom-right");
		return plot.getImagePlus().getBufferedImage();
	}
}
