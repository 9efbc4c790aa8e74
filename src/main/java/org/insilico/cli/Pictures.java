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
