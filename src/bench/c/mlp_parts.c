/*
 * LEVERS.md, eighth round ("The batch in parts, one BLAS thread each: measured, not kept"): `mlp`'s forward pass
 * (784 -> 256 -> 128 -> 10, ReLU) on a batch, either whole through OpenBLAS's own two threads, or in two halves of
 * the batch at once, each through all three products on its own thread with one BLAS thread (a spinning barrier
 * around each batch, as OpenBLAS's own threads spin). The weights either in c order (W [in][out]) or laid out as
 * DL4J keeps them (f order: the memory holds W transposed, [out][in]). Times per batch, medians.
 *
 *   gcc -O2 -o /tmp/mlp_parts src/bench/c/mlp_parts.c -lopenblas -lpthread
 *   /tmp/mlp_parts ITERATIONS whole|halves|columns BATCH c|f
 *
 * Needs a pthreads OpenBLAS (Debian: libopenblas-dev).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cblas.h>

#include "mlp_common.h"

extern void openblas_set_num_threads(int);

static int batch, fOrder, iterations;
static float *x, *w1, *w2, *w3, *h1, *h2, *o;

/* c = a . W for rows of a (row-major, k wide), W k x n in c or f order */
static void product(int rows, int k, int n, const float *a, const float *w, float *c) {
	cblas_sgemm(CblasRowMajor, CblasNoTrans, fOrder ? CblasTrans : CblasNoTrans, rows, n, k, 1, a, k, w, fOrder ? k : n,
		0, c, n);
}

static void forward(int r0, int rows) {
	product(rows, 784, 256, x + r0 * 784, w1, h1 + r0 * 256);
	relu(h1 + r0 * 256, rows * 256);
	product(rows, 256, 128, h1 + r0 * 256, w2, h2 + r0 * 128);
	relu(h2 + r0 * 128, rows * 128);
	product(rows, 128, 10, h2 + r0 * 128, w3, o + r0 * 10);
}

/* one thread's share of a product by columns: c[:, c0:c0+cols] = a . W[:, c0:c0+cols], then the ReLU on it */
static void columns(int rows, int k, int n, int c0, int cols, const float *a, const float *w, float *c, int act) {
	cblas_sgemm(CblasRowMajor, CblasNoTrans, fOrder ? CblasTrans : CblasNoTrans, rows, cols, k, 1, a, k,
		fOrder ? w + c0 * k : w + c0, fOrder ? k : n, 0, c + c0, n);
	if (act) for (int r = 0; r < rows; r++) relu(c + r * n + c0, cols);
}

static void barrier(void);

/* thread t of 2: its half of the columns of the first two layers, a barrier after each, its half of the rows of the last */
static void forwardColumns(int t) {
	columns(batch, 784, 256, t * 128, 128, x, w1, h1, 1);
	barrier();
	columns(batch, 256, 128, t * 64, 64, h1, w2, h2, 1);
	barrier();
	const int r0 = t * (batch / 2), rows = t ? batch - batch / 2 : batch / 2;
	product(rows, 128, 10, h2 + r0 * 128, w3, o + r0 * 10);
}

static int byColumns;

static atomic_int arrived, generation;

static void barrier(void) {
	int g = atomic_load(&generation);
	if (atomic_fetch_add(&arrived, 1) == 1) {
		atomic_store(&arrived, 0);
		atomic_fetch_add(&generation, 1);
	}
	else while (atomic_load(&generation) == g) __builtin_ia32_pause();
}

static void *second(void *unused) {
	for (int i = 0; i < iterations; i++) {
		barrier();
		if (byColumns) forwardColumns(1);
		else forward(batch / 2, batch - batch / 2);
		barrier();
	}
	return 0;
}

static int compare(const void *a, const void *b) {
	double d = *(const double *) a - *(const double *) b;
	return d < 0 ? -1 : d > 0;
}

int main(int argc, char **argv) {
	if (argc < 5) {
		fprintf(stderr, "usage: %s ITERATIONS whole|halves|columns BATCH c|f\n", argv[0]);
		return 2;
	}
	iterations = atoi(argv[1]);
	byColumns = !strcmp(argv[2], "columns");
	const int halves = byColumns || !strcmp(argv[2], "halves");
	batch = atoi(argv[3]);
	fOrder = argv[4][0] == 'f';
	x = malloc(4 * batch * 784); w1 = malloc(4 * 784 * 256); w2 = malloc(4 * 256 * 128); w3 = malloc(4 * 128 * 10);
	h1 = malloc(4 * batch * 256); h2 = malloc(4 * batch * 128); o = malloc(4 * batch * 10);
	fill(x, batch * 784); fill(w1, 784 * 256); fill(w2, 256 * 128); fill(w3, 128 * 10);
	double *t = malloc(sizeof(double) * iterations);
	pthread_t helper;
	openblas_set_num_threads(halves ? 1 : 2);
	if (halves) pthread_create(&helper, 0, second, 0);
	for (int i = 0; i < iterations; i++) {
		const double s = now();
		if (halves) {
			barrier();
			if (byColumns) forwardColumns(0);
			else forward(0, batch / 2);
			barrier();
		}
		else forward(0, batch);
		t[i] = now() - s;
	}
	if (halves) pthread_join(helper, 0);
	qsort(t, iterations, sizeof(double), compare);
	printf("b%d %s, weights in %s order: median %.0f us per batch (p10 %.0f, p90 %.0f)\n", batch, byColumns ? "columns"
		: halves ? "halves" : "whole", fOrder ? "f" : "c", t[iterations / 2] * 1e6, t[iterations / 10] * 1e6, t[iterations * 9 / 10] * 1e6);
	return 0;
}
