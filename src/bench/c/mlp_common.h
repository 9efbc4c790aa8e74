/* The helpers of mlp_parts.c and mlp_alternate.c: a monotonic clock, seeded small values, the ReLU. */
#ifndef MLP_COMMON_H
#define MLP_COMMON_H

#include <stdlib.h>
#include <time.h>

static double now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void fill(float *a, int n) {
	for (int i = 0; i < n; i++) a[i] = (rand() / (float) RAND_MAX - 0.5f) * 0.1f;
}

static void relu(float *a, int n) {
	for (int i = 0; i < n; i++) a[i] = a[i] > 0 ? a[i] : 0;
}

#endif
