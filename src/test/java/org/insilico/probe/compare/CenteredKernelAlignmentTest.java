package org.insilico.probe.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.insilico.InSilicoException;
import org.insilico.model.Activations;
import org.insilico.probe.compare.CenteredKernelAlignment.Computation;
import org.insilico.probe.compare.CenteredKernelAlignment.Options;
import org.insilico.probe.compare.CenteredKernelAlignment.Result;
import org.junit.jupiter.api.Test;

class CenteredKernelAlignmentTest {

	private static final CompareFixture FIXTURE = CompareFixture.load();

	private static double cka(final double[] x, final int p, final double[] y, final int q) {
		return CenteredKernelAlignment.linear(x, p, y, q, Options.defaults()).similarity();
	}

	/** Every fixture pair equals NumPy, in feature space, in sample space, and in sample space by blocks of rows. */
	@Test
	void matchesNumpy() {
		assertEquals(4, FIXTURE.ckas.size());
		for (final CompareFixture.Cka ref : FIXTURE.ckas) {
			final CompareFixture.Matrix x = FIXTURE.matrices.get(ref.x()), y = FIXTURE.matrices.get(ref.y());
			for (final Computation c : Computation.values())
				for (final long block : new long[] { CenteredKernelAlignment.BLOCK_BYTES, 4 * 8L * x.rows() }) {
					final String what = "CKA(" + ref.x() + ", " + ref.y() + ") " + c + " block " + block;
					final Result r = CenteredKernelAlignment.linear(Patterns.of("x", x.values(), x.columns()), Patterns.of("y",
						y.values(), y.columns()), Options.defaults().withComputation(c), block);
					assertEquals(ref.cka(), r.similarity(), 1e-12, what);
					assertEquals(ref.hsicXY(), r.hsicXY(), 1e-12 * ref.hsicXY(), what);
					assertEquals(ref.hsicXX(), r.hsicXX(), 1e-12 * ref.hsicXX(), what);
					assertEquals(ref.hsicYY(), r.hsicYY(), 1e-12 * ref.hsicYY(), what);
					assertEquals(x.rows(), r.stimuli());
					if (c != Computation.AUTO) assertEquals(c, r.computation());
				}
		}
	}

	@Test
	void autoPicksTheCheaperSpace() {
		final CompareFixture.Matrix b = FIXTURE.matrices.get("B"), c = FIXTURE.matrices.get("C"), p = FIXTURE.matrices.get(
			"P"), q = FIXTURE.matrices.get("Q");
		assertEquals(Computation.FEATURES, CenteredKernelAlignment.linear(b.values(), b.columns(), c.values(), c
			.columns(), Options.defaults()).computation(), "30 stimuli, 5 and 3 features");
		assertEquals(Computation.SAMPLES, CenteredKernelAlignment.linear(p.values(), p.columns(), q.values(), q
			.columns(), Options.defaults()).computation(), "10 stimuli, 25 and 8 features");
	}

	@Test
	void oneWithItselfAndSymmetric() {
		final double[] x = CompareFixture.gaussian(50, 12, 4), y = CompareFixture.gaussian(50, 7, 5);
		assertEquals(1, cka(x, 12, x, 12), 1e-13);
		assertEquals(cka(x, 12, y, 7), cka(y, 7, x, 12), 1e-14);
		final double independent = cka(x, 12, y, 7);
		assertTrue(independent > 0 && independent < 0.6, "independent random representations: " + independent);
	}

	/**
	 * Kornblith et al. §3: invariant to orthogonal transformations and isotropic scaling, not to anisotropic scaling
	 * (the last check shows the first two can fail).
	 */
	@Test
	void invariances() {
		final int n = 40, p = 10, q = 6;
		final double[] x = CompareFixture.gaussian(n, p, 6);
		final double[] y = CompareFixture.multiply(x, p, CompareFixture.gaussian(p, q, 7), q);
		for (int k = 0; k < y.length; k++)
			y[k] = Math.tanh(y[k]);
		final double reference = cka(x, p, y, q);
		final double[] rotation = CompareFixture.orthogonal(p, 8);
		final double[] qtq = CompareFixture.multiply(transpose(rotation, p), p, rotation, p);
		for (int i = 0; i < p; i++)
			for (int j = 0; j < p; j++)
				assertEquals(i == j ? 1 : 0, qtq[i * p + j], 1e-12, "the rotation is orthogonal");
		assertEquals(reference, cka(CompareFixture.multiply(x, p, rotation, p), p, y, q), 1e-12, "X rotated");
		final double[] scaled = y.clone(), stretched = x.clone();
		for (int k = 0; k < scaled.length; k++)
			scaled[k] *= 7.5;
		assertEquals(reference, cka(x, p, scaled, q), 1e-12, "Y scaled isotropically");
		for (int k = 0; k < stretched.length; k++)
			stretched[k] *= k % p == 0 ? 20 : 1;
		final double anisotropic = cka(stretched, p, y, q);
		assertTrue(Math.abs(anisotropic - reference) > 1e-3, "anisotropic scaling changes CKA: " + reference + " vs " +
			anisotropic);
		final double[] shifted = x.clone();
		for (int k = 0; k < shifted.length; k++)
			shifted[k] += 1000 + k % p;
		assertEquals(reference, cka(shifted, p, y, q), 1e-9, "columns are centred");
	}

	@Test
	void floatInputAndActivations() {
		final CompareFixture.Matrix b = FIXTURE.matrices.get("B"), c = FIXTURE.matrices.get("C");
		final float[] fb = new float[b.values().length], fc = new float[c.values().length];
		final double[] db = new double[fb.length], dc = new double[fc.length];
		for (int k = 0; k < fb.length; k++)
			db[k] = fb[k] = (float) b.values()[k];
		for (int k = 0; k < fc.length; k++)
			dc[k] = fc[k] = (float) c.values()[k];
		final double fromDoubles = cka(db, b.columns(), dc, c.columns());
		assertEquals(fromDoubles, CenteredKernelAlignment.linear(fb, b.columns(), fc, c.columns(), Options.defaults())
			.similarity(), 0);
		assertEquals(fromDoubles, CenteredKernelAlignment.linear(new Activations("conv2", new long[] { 5 }, 30, fb),
			new Activations("dense1", new long[] { 3 }, 30, fc), Options.defaults()).similarity(), 0);
		final InSilicoException e = assertThrows(InSilicoException.class, () -> CenteredKernelAlignment.linear(
			new Activations("conv2", new long[] { 5 }, 30, fb), new Activations("dense1", new long[] { 3 }, 29, new float[87]),
			Options.defaults()));
		assertTrue(e.getMessage().startsWith("activations of dense1 = '29 images': expected the same images"), e
			.getMessage());
	}

	@Test
	void refusesBadInput() {
		final Options o = Options.defaults();
		final double[] x = CompareFixture.gaussian(12, 3, 9);
		assertMessage("y = '10 stimuli (rows of 3 features)': expected as many stimuli as x (12)", () ->
			CenteredKernelAlignment.linear(x, 3, new double[30], 3, o));
		assertMessage("x = '1 stimulus': expected at least 2 stimuli", () -> CenteredKernelAlignment.linear(new double[] {
			1, 2 }, 2, new double[] { 1 }, 1, o));
		assertMessage("y = 'NaN at row 2, column 1'", () -> {
			final double[] y = x.clone();
			y[7] = Double.NaN;
			CenteredKernelAlignment.linear(x, 3, y, 3, o);
		});
		assertMessage("y = 'no variance across the 12 stimuli'", () -> {
			final double[] y = new double[24];
			java.util.Arrays.fill(y, 3);
			CenteredKernelAlignment.linear(x, 3, y, 2, o);
		});
		assertMessage("x = '36 values': expected whole rows of 5 features", () -> CenteredKernelAlignment.linear(x, 5, x, 3,
			o));
		assertMessage("computation = (none)", () -> CenteredKernelAlignment.linear(x, 3, x, 3, new Options(null)));
	}

	private static double[] transpose(final double[] m, final int p) {
		final double[] t = new double[p * p];
		for (int i = 0; i < p; i++)
			for (int j = 0; j < p; j++)
				t[j * p + i] = m[i * p + j];
		return t;
	}

	private static void assertMessage(final String start, final org.junit.jupiter.api.function.Executable call) {
		final InSilicoException e = assertThrows(InSilicoException.class, call);
		assertTrue(e.getMessage().startsWith(start), e.getMessage());
	}
}
