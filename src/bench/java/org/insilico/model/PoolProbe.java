package org.insilico.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Profiling main: 2 × 2 stride-2 max pooling of lenet's pool1 input (8 × 24 × 24 per image), backward and forward, as
 * the kernels did it (branches, then index selects) against candidates: float selects, index selects, integer masks,
 * integer masks with the maximum from the forward pass (adopted, LEVERS.md lever 27); for the forward pass comparisons,
 * row pairs first, Math.max (adopted, lever 21). Not the harness. Arguments: images (512), repeats (50).
 */
public final class PoolProbe {

	public static void main(final String[] args) {
		final int n = args.length > 0 ? Integer.parseInt(args[0]) : 512, reps = args.length > 1 ? Integer.parseInt(
			args[1]) : 50;
		final int planes = n * 8, h = 24, w = 24, oh = 12, ow = 12;
		final Random r = new Random(3);
		final float[] in = new float[planes * h * w];
		for (int i = 0; i < in.length; i++)
			in[i] = (float) r.nextGaussian();
		final float[] a = new float[planes * oh * ow], b = new float[a.length], c = new float[a.length];
		final float[] rowMax = new float[w];
		final float[] eps = new float[a.length], dA = new float[in.length], dB = new float[in.length];
		for (int i = 0; i < eps.length; i++)
			eps[i] = (float) r.nextGaussian();
		for (int i = 0; i < in.length; i += 97) // ties: the first maximum takes the gradient
			in[i + 1 < in.length ? i + 1 : i] = in[i];
		for (int round = 0; round < 3; round++) {
			final double bA = time(reps, () -> backCurrent(in, eps, planes, h, w, dA));
			final double bB = time(reps, () -> backSelect(in, eps, planes, h, w, dB));
			final boolean selectsEqual = Arrays.equals(dA, dB);
			final double bC = time(reps, () -> backIndex(in, eps, planes, h, w, dB));
			final boolean indexEqual = Arrays.equals(dA, dB);
			final double bD = time(reps, () -> backMasks(in, eps, planes, h, w, dB));
			System.out.printf(Locale.ROOT, "n %d backward: branches %.3f ms, float selects %.3f ms, index selects %.3f ms, " +
				"integer masks %.3f ms; equal %b %b %b%n", n, bA, bB, bC, bD, selectsEqual, indexEqual, Arrays.equals(dA, dB));
			maxes(in, planes, h, w, c);
			final double bE = time(reps, () -> backMasksOut(in, c, eps, planes, h, w, dB));
			System.out.printf(Locale.ROOT, "   integer masks, maximum from the forward pass %.3f ms; equal %b%n", bE, Arrays
				.equals(dA, dB));
		}
		for (int round = 0; round < 3; round++) {
			final double tA = time(reps, () -> current(in, planes, h, w, a));
			final double tB = time(reps, () -> verticalFirst(in, planes, h, w, b, rowMax));
			final double tC = time(reps, () -> maxes(in, planes, h, w, c));
			System.out.printf(Locale.ROOT, "n %d: comparisons %.3f ms, vertical then horizontal %.3f ms, Math.max %.3f ms;" +
				" equal %b %b%n", n, tA, tB, tC, Arrays.equals(a, b), Arrays.equals(a, c));
		}
	}

	static double time(final int reps, final Runnable body) {
		for (int i = 0; i < 5; i++)
			body.run();
		final double[] t = new double[reps];
		for (int i = 0; i < reps; i++) {
			final long s = System.nanoTime();
			body.run();
			t[i] = (System.nanoTime() - s) / 1e6;
		}
		Arrays.sort(t);
		return t[reps / 2];
	}

	/** As KernelChain.Pool (single-threaded here). */
	static void current(final float[] in, final int planes, final int h, final int w, final float[] out) {
		final int outH = h / 2, outW = w / 2;
		for (int p = 0; p < planes; p++) {
			final int ib = p * h * w, ob = p * outH * outW;
			for (int y = 0; y < outH; y++) {
				final int r0 = ib + 2 * y * w, r1 = r0 + w, o = ob + y * outW;
				for (int x = 0; x < outW; x++) {
					final float a = in[r0 + 2 * x], b = in[r0 + 2 * x + 1], d = in[r1 + 2 * x], e = in[r1 + 2 * x + 1];
					final float top = b > a ? b : a, bottom = e > d ? e : d;
					out[o + x] = bottom > top ? bottom : top;
				}
			}
		}
	}

	/** As KernelChain.Pool's backward (single-threaded here). */
	static void backCurrent(final float[] in, final float[] epsOut, final int planes, final int h, final int w,
		final float[] dx)
	{
		final int outH = h / 2, outW = w / 2;
		for (int p = 0; p < planes; p++) {
			final int ib = p * h * w, ob = p * outH * outW;
			Arrays.fill(dx, ib, ib + h * w, 0f);
			for (int y = 0; y < outH; y++) {
				final int r0 = ib + 2 * y * w, r1 = r0 + w, o = ob + y * outW;
				for (int x = 0; x < outW; x++) {
					final int i0 = r0 + 2 * x, i1 = i0 + 1, i2 = r1 + 2 * x, i3 = i2 + 1;
					int arg = i0;
					float v = in[i0];
					if (in[i1] > v) v = in[arg = i1];
					if (in[i2] > v) v = in[arg = i2];
					if (in[i3] > v) arg = i3;
					dx[arg] = epsOut[o + x];
				}
			}
		}
	}

	/** The gradient to the first of the four equal to their maximum, by selects. */
	static void backSelect(final float[] in, final float[] epsOut, final int planes, final int h, final int w,
		final float[] dx)
	{
		final int outH = h / 2, outW = w / 2;
		for (int p = 0; p < planes; p++) {
			final int ib = p * h * w, ob = p * outH * outW;
			for (int y = 0; y < outH; y++) {
				final int r0 = ib + 2 * y * w, r1 = r0 + w, o = ob + y * outW;
				for (int x = 0; x < outW; x++) {
					final int i0 = r0 + 2 * x, i2 = r1 + 2 * x;
					final float a = in[i0], b = in[i0 + 1], d = in[i2], e = in[i2 + 1], g = epsOut[o + x];
					final float m = Math.max(Math.max(a, b), Math.max(d, e));
					final boolean ta = a == m, tb = !ta && b == m, td = !ta && !tb && d == m;
					dx[i0] = ta ? g : 0f;
					dx[i0 + 1] = tb ? g : 0f;
					dx[i2] = td ? g : 0f;
					dx[i2 + 1] = ta || tb || td ? 0f : g;
				}
			}
		}
	}

	/** The window's maximum by Math.max, then the index of the first value equal to it by integer selects. */
	static void backIndex(final float[] in, final float[] epsOut, final int planes, final int h, final int w,
		final float[] dx)
	{
		final int outH = h / 2, outW = w / 2;
		for (int p = 0; p < planes; p++) {
			final int ib = p * h * w, ob = p * outH * outW;
			Arrays.fill(dx, ib, ib + h * w, 0f);
			for (int y = 0; y < outH; y++) {
				final int r0 = ib + 2 * y * w, r1 = r0 + w, o = ob + y * outW;
				for (int x = 0; x < outW; x++) {
					final int i0 = r0 + 2 * x, i2 = r1 + 2 * x;
					final float a = in[i0], b = in[i0 + 1], d = in[i2], e = in[i2 + 1];
					final float top = Math.max(a, b), bottom = Math.max(d, e);
					final int t = a == top ? i0 : i0 + 1, u = d == bottom ? i2 : i2 + 1;
					dx[top >= bottom ? t : u] = epsOut[o + x];
				}
			}
		}
	}

	/** Maximum of each row pair first (contiguous, vectorizable), then of each column pair of that. */
	static void verticalFirst(final float[] in, final int planes, final int h, final int w, final float[] out,
		final float[] m)
	{
		final int outH = h / 2, outW = w / 2;
		for (int p = 0; p < planes; p++) {
			final int ib = p * h * w, ob = p * outH * outW;
			for (int y = 0; y < outH; y++) {
				final int r0 = ib + 2 * y * w, r1 = r0 + w, o = ob + y * outW;
				for (int x = 0; x < w; x++)
					m[x] = Math.max(in[r0 + x], in[r1 + x]);
				for (int x = 0; x < outW; x++)
					out[o + x] = Math.max(m[2 * x], m[2 * x + 1]);
			}
		}
	}

	/** Math.max on the four values of each window. */
	static void maxes(final float[] in, final int planes, final int h, final int w, final float[] out) {
		final int outH = h / 2, outW = w / 2;
		for (int p = 0; p < planes; p++) {
			final int ib = p * h * w, ob = p * outH * outW;
			for (int y = 0; y < outH; y++) {
				final int r0 = ib + 2 * y * w, r1 = r0 + w, o = ob + y * outW;
				for (int x = 0; x < outW; x++)
					out[o + x] = Math.max(Math.max(in[r0 + 2 * x], in[r0 + 2 * x + 1]), Math.max(in[r1 + 2 * x], in[r1 + 2 *
						x + 1]));
			}
		}
	}

	/**
	 * Every input written once, in order: the gradient where an integer mask marks the first of the four equal to
	 * their maximum, +0 elsewhere (no fill, no scatter, no float select).
	 */
	static void backMasks(final float[] in, final float[] epsOut, final int planes, final int h, final int w,
		final float[] dx)
	{
		final int outH = h / 2, outW = w / 2;
		for (int p = 0; p < planes; p++) {
			final int ib = p * h * w, ob = p * outH * outW;
			for (int y = 0; y < outH; y++) {
				final int r0 = ib + 2 * y * w, r1 = r0 + w, o = ob + y * outW;
				for (int x = 0; x < outW; x++) {
					final int i0 = r0 + 2 * x, i2 = r1 + 2 * x;
					final float a = in[i0], b = in[i0 + 1], d = in[i2], e = in[i2 + 1];
					final float m = Math.max(Math.max(a, b), Math.max(d, e));
					final int g = Float.floatToRawIntBits(epsOut[o + x]);
					final int ma = a == m ? -1 : 0, mb = b == m ? ~ma : 0, md = d == m ? ~(ma | mb) : 0, me = ~(ma | mb | md);
					dx[i0] = Float.intBitsToFloat(g & ma);
					dx[i0 + 1] = Float.intBitsToFloat(g & mb);
					dx[i2] = Float.intBitsToFloat(g & md);
					dx[i2 + 1] = Float.intBitsToFloat(g & me);
				}
			}
		}
	}

	/** {@link #backMasks} with each window's maximum taken from the forward pass's output. */
	static void backMasksOut(final float[] in, final float[] out, final float[] epsOut, final int planes, final int h,
		final int w, final float[] dx)
	{
		final int outH = h / 2, outW = w / 2;
		for (int p = 0; p < planes; p++) {
			final int ib = p * h * w, ob = p * outH * outW;
			for (int y = 0; y < outH; y++) {
				final int r0 = ib + 2 * y * w, r1 = r0 + w, o = ob + y * outW;
				for (int x = 0; x < outW; x++) {
					final int i0 = r0 + 2 * x, i2 = r1 + 2 * x;
					final float m = out[o + x];
					final int g = Float.floatToRawIntBits(epsOut[o + x]);
					final int ma = in[i0] == m ? -1 : 0, mb = in[i0 + 1] == m ? ~ma : 0, md = in[i2] == m ? ~(ma | mb) : 0,
						me = ~(ma | mb | md);
					dx[i0] = Float.intBitsToFloat(g & ma);
					dx[i0 + 1] = Float.intBitsToFloat(g & mb);
					dx[i2] = Float.intBitsToFloat(g & md);
					dx[i2 + 1] = Float.intBitsToFloat(g & me);
				}
			}
		}
	}
}
