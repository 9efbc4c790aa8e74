package org.insilico.model;

import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Profiling main: the input gradient of a stride-1 convolution at lenet's conv1 and conv2 shapes (b512, b64), by
 * oneDNN's deconv2d as the kernels compute it, against deconv2d_tf (oneDNN's convolution_backward_data), a forward
 * conv2d of the output gradient with the flipped, transposed kernels and full padding, a Java transposed convolution
 * (dense), a Java scatter of the nonzero output gradients at densities 0.1, 0.25, 0.5, and (one input channel)
 * OpenBLAS products with col2im in Java a block of images at a time; and the parts of the
 * kernels' backward step (ReLU backward, write, deconv2d, read). LEVERS.md, levers 26 and "measured, not kept". Not
 * the harness. Arguments: repeats (30). System properties: {@code tfonly} (only deconv2d, deconv2d_tf and the
 * parts), {@code nounroll} (the dense Java version one channel per pass).
 */
public final class DeconvProbe {
	static final boolean UNROLL = !Boolean.getBoolean("nounroll");

	public static void main(final String[] args) {
		final int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
		org.insilico.bench.TrainingProfileAccess.batches(64, 64); // engine first
		Nd4j.getRandom().setSeed(7);
		for (int round = 0; round < 3; round++)
			for (final int[] s : new int[][] { { 512, 1, 28, 8 }, { 64, 1, 28, 8 }, { 512, 8, 12, 16 }, { 64, 8, 12,
				16 } }) {
				final int n = s[0], c = s[1], hw = s[2], o = s[3], k = 5, out = hw - k + 1;
				final INDArray e = Nd4j.rand(DataType.FLOAT, n, o, out, out).subi(0.5), w = Nd4j.rand(DataType.FLOAT, o, c, k, k)
					.subi(0.5);
				final INDArray dx = Nd4j.create(DataType.FLOAT, n, c, hw, hw), dx2 = Nd4j.create(DataType.FLOAT, n, c, hw, hw);
				final INDArray flipped = Nd4j.createUninitialized(DataType.FLOAT, new long[] { c, o, k, k }, 'c');
				final Runnable deconv = () -> Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(e, w).addOutputs(dx)
					.addIntegerArguments(k, k, 1, 1, 0, 0, 1, 1, 0, 0, 1).build());
				final Runnable conv = () -> {
					final float[] ws = w.data().asFloat(), f = new float[ws.length];
					for (int oc = 0; oc < o; oc++)
						for (int ic = 0; ic < c; ic++)
							for (int t = 0; t < k * k; t++)
								f[((ic * o + oc) * k * k) + t] = ws[(oc * c + ic) * k * k + k * k - 1 - t];
					KernelChain.write(flipped, f);
					Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(e, flipped).addOutputs(dx2).addIntegerArguments(k,
						k, 1, 1, k - 1, k - 1, 1, 1, 0, 0, 1).build());
				};
				final float[] es = e.data().asFloat(), ws = w.data().asFloat(), dxs = new float[n * c * hw * hw];
				final Runnable deconvCopies = () -> {
					KernelChain.write(e, es);
					deconv.run();
					KernelChain.read(dx, dxs);
				};
				final Runnable java = () -> transposed(es, ws, dxs, n, o, out, out, c, hw, hw, k, k);
				final INDArray wTf = w.permute(2, 3, 1, 0).dup('c'); // [kh, kw, in, out]
				final INDArray shape = Nd4j.createFromArray(n, c, hw, hw);
				final Runnable tf = () -> Nd4j.exec(DynamicCustomOp.builder("deconv2d_tf").addInputs(shape, wTf, e).addOutputs(
					dx2).addIntegerArguments(k, k, 1, 1, 0, 0, 1, 1, 0, 0).build());
				deconv.run();
				tf.run();
				System.out.printf(Locale.ROOT, "n %d in %d: deconv2d %.3f ms, deconv2d_tf %.3f ms (max diff %.1e)%n", n, c,
					DirectConvProbe.time(deconv, reps), DirectConvProbe.time(tf, reps), dx.sub(dx2).amaxNumber().doubleValue());
				{
					final float[] es0 = e.data().asFloat(), dxs0 = new float[(int) dx.length()], acts = es0.clone();
					final INDArray eN = Nd4j.createUninitialized(DataType.FLOAT, e.shape(), 'c');
					System.out.printf(Locale.ROOT, "   relu bwd %.3f, write %.3f, deconv %.3f, read %.3f ms%n",
						DirectConvProbe.time(() -> KernelChain.Act.RELU.backward(acts, es0.clone(), 1), reps) - DirectConvProbe.time(
							() -> es0.clone(), reps), DirectConvProbe.time(() -> KernelChain.write(eN, es0), reps), DirectConvProbe
								.time(deconv, reps), DirectConvProbe.time(() -> KernelChain.read(dx, dxs0), reps));
				}
				if (c == 1) {
					final float[] es1 = e.data().asFloat(), ws1 = w.data().asFloat(), dxg = new float[(int) dx.length()];
					final INDArray eN = Nd4j.createUninitialized(DataType.FLOAT, e.shape(), 'c');
					final float[] dxd = new float[(int) dx.length()];
					final Runnable viaDeconv = () -> {
						KernelChain.write(eN, es1);
						Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(eN, w).addOutputs(dx).addIntegerArguments(k, k,
							1, 1, 0, 0, 1, 1, 0, 0, 1).build());
						KernelChain.read(dx, dxd);
					};
					for (final int block : new int[] { 16, 64 }) {
						final Runnable viaGemm = () -> gemmCol2im(es1, ws1, dxg, n, o, out, out, hw, hw, k, k, block);
						viaDeconv.run();
						viaGemm.run();
						double gd = 0;
						for (int i = 0; i < dxd.length; i++)
							gd = Math.max(gd, Math.abs(dxd[i] - dxg[i]));
						System.out.printf(Locale.ROOT, "   one input channel: deconv2d with copies %.3f ms, gemm + col2im " +
							"(blocks of %d) %.3f ms (max diff %.1e)%n", DirectConvProbe.time(viaDeconv, reps), block,
							DirectConvProbe.time(viaGemm, reps), gd);
					}
				}
				if (Boolean.getBoolean("tfonly")) continue;
				conv.run();
				java.run();
				double jd = 0;
				final float[] ref = dx.data().asFloat();
				for (int i = 0; i < ref.length; i++)
					jd = Math.max(jd, Math.abs(ref[i] - dxs[i]));
				System.out.printf(Locale.ROOT, "n %d: deconv2d with copies %.3f ms, Java %.3f ms (max diff %.1e)%n", n,
					DirectConvProbe.time(deconvCopies, reps), DirectConvProbe.time(java, reps), jd);
				for (final double density : new double[] { 0.1, 0.25, 0.5 }) {
					final java.util.Random rnd = new java.util.Random(3);
					final float[] sp = es.clone();
					for (int i = 0; i < sp.length; i++)
						if (rnd.nextDouble() >= density) sp[i] = 0;
					final Runnable sparse = () -> sparse(sp, ws, dxs, n, o, out, out, c, hw, hw, k, k);
					final Runnable dense = () -> {
						KernelChain.write(e, sp);
						deconv.run();
						KernelChain.read(dx, dxs);
					};
					dense.run();
					final float[] want = dxs.clone();
					sparse.run();
					double sd = 0;
					for (int i = 0; i < want.length; i++)
						sd = Math.max(sd, Math.abs(want[i] - dxs[i]));
					System.out.printf(Locale.ROOT, "   density %.2f: deconv2d with copies %.3f ms, sparse Java %.3f ms (max diff %.1e)%n",
						density, DirectConvProbe.time(dense, reps), DirectConvProbe.time(sparse, reps), sd);
				}
				final double diff = dx.sub(dx2).amaxNumber().doubleValue(), scale = dx.amaxNumber().doubleValue();
				System.out.printf(Locale.ROOT, "n %d in %d hw %d out %d: deconv2d %.3f ms, flipped conv2d %.3f ms (max diff %.1e of %.1f)%n",
					n, c, hw, o, DirectConvProbe.time(deconv, reps), DirectConvProbe.time(conv, reps), diff, scale);
			}
		System.exit(0);
	}

	/**
	 * dx[n, ci, y, x] = Σ_c Σ_{ky,kx} w[c, ci, ky, kx] e[n, c, y − ky, x − kx]: the input gradient of a stride-1 valid
	 * convolution, per image: for each (ci, ky, kx) the row r = Σ_c w[c, ci, ky, kx] e[n, c, ·] (four channels per
	 * pass), then r added into dx shifted by (ky, kx).
	 */
	static void transposed(final float[] e, final float[] w, final float[] dx, final int n, final int outC, final int oh,
		final int ow, final int inC, final int ih, final int iw, final int kh, final int kw)
	{
		final int p = oh * ow, kk = kh * kw;
		KernelChain.parallelCount(n, Math.max(1, n / 8), img -> {
			final float[] r = new float[p];
			final int eb = img * outC * p;
			for (int ci = 0; ci < inC; ci++) {
				final int db = (img * inC + ci) * ih * iw;
				java.util.Arrays.fill(dx, db, db + ih * iw, 0f);
				for (int t = 0; t < kk; t++) {
					int c = 0;
					for (; UNROLL && c + 3 < outC; c += 4) {
						final float w0 = w[(c * inC + ci) * kk + t], w1 = w[((c + 1) * inC + ci) * kk + t], w2 = w[((c + 2) *
							inC + ci) * kk + t], w3 = w[((c + 3) * inC + ci) * kk + t];
						final int e0 = eb + c * p, e1 = e0 + p, e2 = e1 + p, e3 = e2 + p;
						if (c == 0) for (int q = 0; q < p; q++)
							r[q] = w0 * e[e0 + q] + w1 * e[e1 + q] + w2 * e[e2 + q] + w3 * e[e3 + q];
						else for (int q = 0; q < p; q++)
							r[q] += w0 * e[e0 + q] + w1 * e[e1 + q] + w2 * e[e2 + q] + w3 * e[e3 + q];
					}
					for (; c < outC; c++) {
						final float w0 = w[(c * inC + ci) * kk + t];
						final int e0 = eb + c * p;
						if (c == 0) for (int q = 0; q < p; q++)
							r[q] = w0 * e[e0 + q];
						else for (int q = 0; q < p; q++)
							r[q] += w0 * e[e0 + q];
					}
					final int ky = t / kw, kx = t % kw;
					for (int y = 0; y < oh; y++) {
						final int d = db + (y + ky) * iw + kx, s = y * ow;
						for (int x = 0; x < ow; x++)
							dx[d + x] += r[s + x];
					}
				}
			}
		});
	}

	/** As {@link #transposed}, scattering each nonzero output gradient's kernel into dx (stride 1, no padding). */
	static void sparse(final float[] e, final float[] w, final float[] dx, final int n, final int outC, final int oh,
		final int ow, final int inC, final int ih, final int iw, final int kh, final int kw)
	{
		final int p = oh * ow, kk = kh * kw, plane = ih * iw;
		KernelChain.parallelCount(n, Math.max(1, n / 8), img -> {
			final int db = img * inC * plane;
			java.util.Arrays.fill(dx, db, db + inC * plane, 0f);
			for (int c = 0; c < outC; c++) {
				final int eb = (img * outC + c) * p;
				for (int q = 0; q < p; q++) {
					final float g = e[eb + q];
					if (g == 0) continue;
					final int y = q / ow, x = q % ow;
					for (int ci = 0; ci < inC; ci++) {
						final int wb = (c * inC + ci) * kk, d = db + ci * plane + y * iw + x;
						for (int ky = 0; ky < kh; ky++) {
							final int r = d + ky * iw, t = wb + ky * kw;
							for (int kx = 0; kx < kw; kx++)
								dx[r + kx] += g * w[t + kx];
						}
					}
				}
			}
		});
	}

	/**
	 * The input gradient of a stride-1 valid convolution with one input channel, a block of images at a time: the
	 * output gradients as [out channels, block × positions] in native memory, cols = Wᵀ · E by OpenBLAS ([kh·kw,
	 * block × positions]), then each column's kh·kw values added into dx (col2im, in Java, parallel over images).
	 */
	static void gemmCol2im(final float[] e, final float[] w, final float[] dx, final int n, final int outC, final int oh,
		final int ow, final int ih, final int iw, final int kh, final int kw, final int block)
	{
		final int p = oh * ow, kk = kh * kw;
		final INDArray wm = Nd4j.createUninitialized(DataType.FLOAT, new long[] { outC, kk }, 'c');
		KernelChain.write(wm, java.util.Arrays.copyOf(w, outC * kk));
		final INDArray et = Nd4j.createUninitialized(DataType.FLOAT, new long[] { outC, (long) block * p }, 'c');
		final INDArray cols = Nd4j.createUninitialized(DataType.FLOAT, new long[] { kk, (long) block * p }, 'c');
		final float[] cj = new float[kk * block * p];
		for (int from = 0; from < n; from += block) {
			final int count = Math.min(block, n - from), first = from;
			final INDArray etv = count == block ? et : et.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
				org.nd4j.linalg.indexing.NDArrayIndex.interval(0, (long) count * p));
			final java.nio.FloatBuffer eb = et.data().asNioFloat();
			KernelChain.parallelCount(count * outC, 8, t -> {
				final int img = t / outC, ch = t % outC;
				eb.duplicate().put(ch * block * p + img * p, e, ((first + img) * outC + ch) * p, p);
			});
			final INDArray cv = count == block ? cols : cols.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
				org.nd4j.linalg.indexing.NDArrayIndex.interval(0, (long) count * p));
			Gemm.gemm(wm, etv, cv, true, false);
			cols.data().asNioFloat().get(0, cj, 0, kk * block * p);
			KernelChain.parallelCount(count, Math.max(1, count / 2), img -> {
				final int db = (first + img) * ih * iw;
				java.util.Arrays.fill(dx, db, db + ih * iw, 0f);
				for (int t = 0; t < kk; t++) {
					final int ky = t / kw, kx = t % kw, src = t * block * p + img * p;
					for (int y = 0; y < oh; y++) {
						final int d = db + (y + ky) * iw + kx, sr = src + y * ow;
						for (int x = 0; x < ow; x++)
							dx[d + x] += cj[sr + x];
					}
				}
			});
		}
	}
}
