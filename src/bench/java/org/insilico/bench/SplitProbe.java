package org.insilico.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Profiling main for LEVERS.md, levers 17a and 17b (not the harness): the cost of switching OpenBLAS's thread count
 * through JavaCPP's preset and of handing work to a spinning Java thread; then products at the presets' float shapes
 * (or, with a second argument, two large double products) with OpenBLAS on its 2 threads, on 1 thread, and on 1
 * thread with the rows or the columns of the result split between the caller and one Java worker thread. Arguments:
 * repeats [d].
 */
public final class SplitProbe {

	static final AtomicInteger job = new AtomicInteger();
	static volatile Runnable task;
	static volatile Thread worker;

	public static void main(final String[] args) {
		TrainingProfile.engineFirst();
		final int reps = args.length > 0 ? Integer.parseInt(args[0]) : 500;
		worker = new Thread(() -> {
			int seen = 0;
			while (true) {
				int spins = 0;
				while (job.get() == seen) {
					if (++spins > 20000) LockSupport.parkNanos(50_000);
					else Thread.onSpinWait();
				}
				seen = job.get();
				task.run();
				job.incrementAndGet();
				seen++;
			}
		});
		worker.setDaemon(true);
		worker.start();
		for (int r = 0; r < 3; r++) {
			MatmulProfile.time("toggle", 1, 1, 1, 20000, () -> {
				openblas_nolapack.blas_set_num_threads(1);
				openblas_nolapack.blas_set_num_threads(2);
			});
			MatmulProfile.time("handoff", 1, 1, 1, 20000, () -> {
				task = () -> {};
				job.incrementAndGet();
				while ((job.get() & 1) == 1)
					Thread.onSpinWait();
			});
		}
		if (args.length > 1) {
			for (final int[] s : new int[][] { { 1024, 10000, 1024 }, { 2000, 4096, 2000 } }) {
				final int m = s[0], k = s[1], n = s[2];
				final INDArray a = Nd4j.rand(DataType.DOUBLE, k, m), b = Nd4j.rand(DataType.DOUBLE, k, n),
					c = Nd4j.create(DataType.DOUBLE, m, n);
				final org.bytedeco.javacpp.DoublePointer pa = (org.bytedeco.javacpp.DoublePointer) a.data().addressPointer(),
					pb = (org.bytedeco.javacpp.DoublePointer) b.data().addressPointer(),
					pc = (org.bytedeco.javacpp.DoublePointer) c.data().addressPointer();
				for (int r = 0; r < 2; r++) {
					openblas_nolapack.blas_set_num_threads(2);
					MatmulProfile.time("d 2t", m, k, n, 3, () -> dmm(pa, pb, pc, 0, m, m, k, n));
					openblas_nolapack.blas_set_num_threads(1);
					MatmulProfile.time("d 1t", m, k, n, 3, () -> dmm(pa, pb, pc, 0, m, m, k, n));
					MatmulProfile.time("d split", m, k, n, 3, () -> {
						final int h = n / 2;
						task = () -> dmm(pa, pb, pc, h, n, m, k, n);
						job.incrementAndGet();
						dmm(pa, pb, pc, 0, h, m, k, n);
						while ((job.get() & 1) == 1)
							Thread.onSpinWait();
					});
					openblas_nolapack.blas_set_num_threads(2);
				}
			}
			System.exit(0);
		}
		for (int round = 0; round < 2; round++)
			for (final int[] s : new int[][] { { 64, 784, 256 }, { 64, 256, 128 }, { 64, 128, 10 }, { 256, 784, 256 }, {
				256, 256, 128 } })
			{
				final int m = s[0], k = s[1], n = s[2];
				final INDArray a = Nd4j.rand(DataType.FLOAT, m, k), b = Nd4j.rand(DataType.FLOAT, k, n),
					c = Nd4j.create(DataType.FLOAT, m, n);
				final FloatPointer pa = (FloatPointer) a.data().addressPointer(), pb = (FloatPointer) b.data()
					.addressPointer(), pc = (FloatPointer) c.data().addressPointer();
				openblas_nolapack.blas_set_num_threads(2);
				MatmulProfile.time("2t", m, k, n, reps, () -> mm(pa, pb, pc, 0, m, k, n));
				openblas_nolapack.blas_set_num_threads(1);
				MatmulProfile.time("1t", m, k, n, reps, () -> mm(pa, pb, pc, 0, m, k, n));
				MatmulProfile.time("1t split m", m, k, n, reps, () -> {
					final int h = m / 2;
					task = () -> mm(pa, pb, pc, h, m, k, n);
					job.incrementAndGet();
					mm(pa, pb, pc, 0, h, k, n);
					while ((job.get() & 1) == 1)
						Thread.onSpinWait();
				});
				MatmulProfile.time("1t split n", m, k, n, reps, () -> {
					final int h = n / 2;
					task = () -> mmCols(pa, pb, pc, h, n, m, k, n);
					job.incrementAndGet();
					mmCols(pa, pb, pc, 0, h, m, k, n);
					while ((job.get() & 1) == 1)
						Thread.onSpinWait();
				});
				openblas_nolapack.blas_set_num_threads(2);
			}
		System.exit(0);
	}

	/** Columns [from, to) of c = aᵀ · b, all row-major doubles (a is k × m). */
	static void dmm(final org.bytedeco.javacpp.DoublePointer a, final org.bytedeco.javacpp.DoublePointer b,
		final org.bytedeco.javacpp.DoublePointer c, final int from, final int to, final int m, final int k, final int n)
	{
		openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasTrans,
			openblas_nolapack.CblasNoTrans, m, to - from, k, 1, a, m, b.getPointer(from), n, 0, c.getPointer(from), n);
	}

	/** Columns [from, to) of c = a · b, all row-major. */
	static void mmCols(final FloatPointer a, final FloatPointer b, final FloatPointer c, final int from, final int to,
		final int m, final int k, final int n)
	{
		openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
			openblas_nolapack.CblasNoTrans, m, to - from, k, 1f, a, k, b.getPointer(from), n, 0f, c.getPointer(from), n);
	}

	/** Rows [from, to) of c = a · b, all row-major. */
	static void mm(final FloatPointer a, final FloatPointer b, final FloatPointer c, final int from, final int to,
		final int k, final int n)
	{
		openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
			openblas_nolapack.CblasNoTrans, to - from, n, k, 1f, a.getPointer((long) from * k), k, b, n, 0f, c.getPointer(
				(long) from * n), n);
	}
}
