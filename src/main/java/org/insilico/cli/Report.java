package org.insilico.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The demo's HTML report: a title, then sections of paragraphs, tables and pictures (PNG, embedded so the report is
 * one self-contained file). Later analyses add their own sections.
 */
final class Report {

	private final String title;
	private final StringBuilder body = new StringBuilder();

	Report(final String title) {
		this.title = title;
	}

	Report section(final String heading) {
		body.append("<h2>").append(escape(heading)).append("</h2>\n");
		return this;
	}

	Report paragraph(final String text) {
		body.append("<p>").append(escape(text)).append("</p>\n");
		return this;
	}

	/** A table; the first row is the header. */
	Report table(final List<List<String>> rows) {
		body.append("<table>\n");
		for (int r = 0; r < rows.size(); r++) {
			body.append("<tr>");
			for (final String cell : rows.get(r))
				body.append(r == 0 ? "<th>" : "<td>").append(escape(cell)).append(r == 0 ? "</th>" : "</td>");
			body.append("</tr>\n");
		}
		body.append("</table>\n");
		return this;
	}

	/** A picture with a caption, scaled for display by {@code zoom} (nearest neighbour, pixels stay visible). */
	Report picture(final BufferedImage image, final String caption, final int zoom) {
		body.append("<figure><img style=\"image-rendering: pixelated; width: ").append(image.getWidth() * zoom)
			.append("px\" alt=\"").append(escape(caption)).append("\" src=\"data:image/png;base64,").append(Base64
				.getEncoder().encodeToString(png(image))).append("\"><figcaption>").append(escape(caption)).append(
					"</figcaption></figure>\n");
		return this;
	}

	static byte[] png(final BufferedImage image) {
		try {
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	String html() {
		return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) +
			"</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}" +
			"table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}" +
			"figure{display:inline-block;margin:0.5em}figcaption{font-size:90%;color:#444}</style></head><body>\n<h1>" +
			escape(title) + "</h1>\n" + body + "</body></html>\n";
	}

	static String escape(final String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	static List<String> row(final Object... cells) {
		final List<String> r = new ArrayList<>();
		for (final Object c : cells)
			r.add(c instanceof Double d ? String.format("%.4f", d) : String.valueOf(c));
		return r;
	}
}
