package org.insilico.probe.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bytedeco.javacpp.DoublePointer;
import org.insilico.model.Blas;
import org.junit.jupiter.api.Test;

class GramTest {

	/**
	 * Every block of the upper triangle of A Aᵀ holds, on and above the diagonal, the inner products of A's rows
	 * computed in the test, by OpenBLAS (syrk and gemm) and by ND4J's fallback alike.
	 */
	@Test
	void upperTriangleHoldsTheRowsInnerProducts() {
		final int m = 23, k = 11, block = 6;
		final double[] a = CompareFixture.gaussian(m, k, 9);
		try (DoublePointer pa = new DoublePointer(a); DoublePointer slab = new DoublePointer((long) block * m)) {
			for (final boolean blas : Blas.available() ? new boolean[] { true, false } : new boolean[] { false })
				for (int from = 0; from < m; from += block) {
					final int to = Math.min(m, from + block), width = m - from;
					Gram.upperTriangle(pa, m, k, from, to, slab, blas);
					for (int i = from; i < to; i++)
						for (int j = i; j < m; j++) {
							double dot = 0;
							for (int f = 0; f < k; f++)
								dot += a[i * k + f] * a[j * k + f];
							assertEquals(dot, slab.get((long) (i - from) * width + (j - from)), 1e-12,
								(blas ? "OpenBLAS" : "ND4J") + ", rows " + from + "–" + to + ": (" + i + ", " + j + ")");
						}
				}
			assertThrows(IllegalArgumentException.class, () -> Gram.upperTriangle(pa, m, k, 0, block + 1, slab),
				"a slab too small for the block");
		}
	}
}
