/* Statistics over a list of values: mean, median, 90th percentile. */
#ifndef AF_STATS_H
#define AF_STATS_H

/* A list of values, grown as rows arrive. */
typedef struct {
	double *v;
	int n, cap;
} stats_values;

void stats_add(stats_values *vs, double x);
/* Sorts the values: median and p90 read sorted values. */
void stats_sort(stats_values *vs);
/* The median (the mean of the two middle values when n is even) of n
 * sorted values. */
double stats_median(const double *v, int n);
/* The 90th percentile by nearest rank: the smallest value with at least
 * 90% of the values at or below it. */
double stats_p90(const double *v, int n);
/* The mean of n values; 0 when there are none. */
double stats_mean(const double *v, int n);

#endif
