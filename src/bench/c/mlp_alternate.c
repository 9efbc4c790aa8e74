/*
 * LEVERS.md, tenth round (lever 46): `mlp`'s forward pass (784 -> 256 -> 128 -> 10, ReLU; weights laid out as DL4J
 * keeps them, f order: the memory holds W transposed) on a batch three ways, alternated in one process, round by
 * round, so that the machine's drift touches all three alike:
 *   whole   each product on OpenBLAS's own two threads;
 *   halves  two halves of the batch at once, each through all three products on its own thread with one BLAS thread
 *           (lever 41);
 *   blocks  the first product in two blocks of its 256 units, one thread each with one BLAS thread, a wait, then the
 *           halves of the batch through the other two products (lever 46).
 * Prints, per way, the median over the rounds of each round's median batch time.
 *
 *   gcc -O2 -o /tmp/mlp_alternate src/bench/c/mlp_alternate.c -lopenblas -lpthread
 *   /tmp/mlp_alternate BATCH ROUNDS BATCHES_PER_ROUND
 *
 * Needs a pthreads OpenBLAS (Debian: libopenblas-dev). The second thread spins for 1 ms after its part, then sleeps,
 * as Blas.Helper does.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cblas.h>

#include "mlp_common.h"

extern void openblas_set_num_threads(int);

static int batch = 64, way;
static float *x, *w1, *w2, *w3, *h1, *h2, *o;
static atomic_int go, done, phase;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

/* c[:, c0:c0+cols] = a . W[:, c0:c0+cols] for rows of a (k wide); W k x n in f order; c rows n apart */
static void product(int rows, int k, int n, int c0, int cols, const float *a, const float *w, float *c) {
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, cols, k, 1, a, k, w + (long) c0 * k, k, 0, c + c0, n);
}

/* rows r0 ... r0 + rows - 1 from layer `first` (1: the images) on */
static void rows_from(int r0, int rows, int first) {
	if (first == 1) product(rows, 784, 256, 0, 256, x + r0 * 784, w1, h1 + r0 * 256);
	relu(h1 + r0 * 256, rows * 256);
	product(rows, 256, 128, 0, 128, h1 + r0 * 256, w2, h2 + r0 * 128);
	relu(h2 + r0 * 128, rows * 128);
	product(rows, 128, 10, 0, 10, h2 + r0 * 128, w3, o + r0 * 10);
}

static void part(int p) {
	const int half = batch / 2;
	if (way == 1) rows_from(p * half, half, 1);
	else {
		product(batch, 784, 256, p * 128, 128, x, w1, h1);
		atomic_fetch_add(&phase, 1);
		while (atomic_load(&phase) < 2);
		rows_from(p * half, half, 2);
	}
}

static void *helper(void *unused) {
	int seen = 0;
	for (;;) {
		const double idle = now();
		while (atomic_load(&go) == seen)
			if (now() - idle > 1e-3) {
				pthread_mutex_lock(&mutex);
				while (atomic_load(&go) == seen) pthread_cond_wait(&wake, &mutex);
				pthread_mutex_unlock(&mutex);
			}
		seen = atomic_load(&go);
		part(1);
		atomic_fetch_add(&done, 1);
	}
	return unused;
}

static void one_batch(void) {
	if (way == 0) {
		openblas_set_num_threads(2);
		rows_from(0, batch, 1);
		return;
	}
	openblas_set_num_threads(1);
	atomic_store(&phase, 0);
	atomic_store(&done, 0);
	pthread_mutex_lock(&mutex);
	atomic_fetch_add(&go, 1);
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&mutex);
	part(0);
	while (atomic_load(&done) < 1);
}

static int by_value(const void *a, const void *b) {
	const double d = *(const double *) a - *(const double *) b;
	return d < 0 ? -1 : d > 0;
}

int main(int argc, char **argv) {
	batch = argc > 1 ? atoi(argv[1]) : 64;
	const int rounds = argc > 2 ? atoi(argv[2]) : 20, per = argc > 3 ? atoi(argv[3]) : 200;
	x = malloc(4L * batch * 784), w1 = malloc(4L * 784 * 256), w2 = malloc(4L * 256 * 128), w3 = malloc(4L * 128 * 10);
	h1 = malloc(4L * batch * 256), h2 = malloc(4L * batch * 128), o = malloc(4L * batch * 10);
	srand(1);
	fill(x, batch * 784), fill(w1, 784 * 256), fill(w2, 256 * 128), fill(w3, 128 * 10);
	pthread_t t;
	pthread_create(&t, 0, helper, 0);
	const char *names[] = { "whole", "halves", "blocks" };
	double *medians[3], *each = malloc(sizeof(double) * per);
	for (int m = 0; m < 3; m++) medians[m] = malloc(sizeof(double) * rounds);
	for (int r = -1; r < rounds; r++) /* round -1: untimed */
		for (way = 0; way < 3; way++) {
			for (int i = 0; i < per; i++) {
				const double start = now();
				one_batch();
				each[i] = now() - start;
			}
			qsort(each, per, sizeof(double), by_value);
			if (r >= 0) medians[way][r] = each[per / 2] * 1e6;
		}
	for (int m = 0; m < 3; m++) {
		qsort(medians[m], rounds, sizeof(double), by_value);
		printf("%-6s batch of %d: median %.0f us (quartiles %.0f-%.0f)\n", names[m], batch, medians[m][rounds / 2],
			medians[m][rounds / 4], medians[m][3 * rounds / 4]);
	}
	return 0;
}
