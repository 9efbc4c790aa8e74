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

	/** Loss and accuracy per epoch, drawn by ImageJ's Plot. */
	static BufferedImage trainingCurve(final List<Trainer.Epoch> history) {
		final double[] epochs = history.stream().mapToDouble(Trainer.Epoch::epoch).toArray();
		final Plot plot = new Plot("Training", "epoch", "accuracy / loss");
		plot.setColor(Color.BLUE);
		plot.addPoints(epochs, history.stream().mapToDouble(Trainer.Epoch::trainAccuracy).toArray(), Plot.CONNECTED_CIRCLES);
		plot.setColor(Color.RED);
		plot.addPoints(epochs, history.stream().mapToDouble(Trainer.Epoch::testAccuracy).toArray(), Plot.CONNECTED_CIRCLES);
		plot.setColor(Color.DARK_GRAY);
		plot.addPoints(epochs, history.stream().mapToDouble(Trainer.Epoch::trainLoss).toArray(), Plot.LINE);
		plot.setLimits(0.5, history.size() + 0.5, 0, Math.max(1.05, history.get(0).trainLoss() * 1.05));
		plot.setColor(Color.BLACK);
		plot.addLegend("train accuracy\ttest accuracy\ttrain loss");
		return plot.getImagePlus().getBufferedImage();
	}
}
