/* Statistics over a list of values: mean, median, 90th percentile. */
#include "autoconf.h"
#include <math.h>
#include <stdlib.h>
#include "stats.h"
#include "util.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median (the mean of the two middle values when n is even) of n
 * sorted values. */
double stats_median(const double *v, int n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The 90th percentile by nearest rank: the smallest value with at least
 * 90% of the values at or below it. */
double stats_p90(const double *v, int n)
{
	int k = (int)ceil(0.9 * n - 1e-9);

	return v[(k < 1 ? 1 : k) - 1];
}

double stats_mean(const double *v, int n)
{
	double s = 0;

	for (int i = 0; i < n; i++)
		s += v[i];
	return n ? s / n : 0;
}

void stats_add(stats_values *vs, double x)
{
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 16;
		vs->v = xrealloc(vs->v, (size_t)vs->cap * sizeof *vs->v);
	}
	vs->v[vs->n++] = x;
}

void stats_sort(stats_values *vs)
{
	if (vs->n)
		qsort(vs->v, (size_t)vs->n, sizeof *vs->v, cmp_double);
}
