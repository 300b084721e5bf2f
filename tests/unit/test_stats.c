/* Unit tests for the statistics the reports print (src/stats.c): the
 * median, the 90th percentile by nearest rank, and the mean, as TAP. */
#include <math.h>
#include <stdlib.h>
#include "stats.h"
#include "tap.h"

static int near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

int main(void)
{
	stats_values v = {0};
	static const double odd[] = { 5, 1, 3 };
	static const double even[] = { 4, 1, 3, 2 };

	for (int i = 0; i < 3; i++)
		stats_add(&v, odd[i]);
	stats_sort(&v);
	ok(v.n == 3 && v.v[0] == 1 && v.v[2] == 5, "stats_sort orders the values");
	ok(near(stats_median(v.v, v.n), 3), "median of an odd count is the middle value");
	ok(near(stats_mean(v.v, v.n), 3), "mean of 1 3 5 is 3");
	ok(near(stats_p90(v.v, v.n), 5), "p90 of three values is the largest (rank ceil(2.7) = 3)");
	v.n = 0;
	for (int i = 0; i < 4; i++)
		stats_add(&v, even[i]);
	stats_sort(&v);
	ok(near(stats_median(v.v, v.n), 2.5), "median of an even count is the mean of the two middle values");
	ok(near(stats_mean(v.v, v.n), 2.5), "mean of 1..4 is 2.5");
	v.n = 0;
	for (int i = 10; i >= 1; i--)
		stats_add(&v, i);
	stats_sort(&v);
	ok(near(stats_p90(v.v, v.n), 9), "p90 of 1..10 is 9: nine of ten at or below it");
	stats_add(&v, 11);
	stats_sort(&v);
	ok(near(stats_p90(v.v, v.n), 10), "p90 of 1..11 is 10 (rank ceil(9.9) = 10)");
	ok(near(stats_p90(v.v, 1), 1), "p90 of one value is that value");
	ok(near(stats_mean(v.v, 0), 0), "mean of no values is 0, not a division by zero");
	v.n = 0;
	for (int i = 0; i < 1000; i++)
		stats_add(&v, 1000 - i);
	stats_sort(&v);
	ok(v.n == 1000 && v.v[0] == 1 && v.v[999] == 1000, "the list grows past its first capacity, in order");
	ok(near(stats_median(v.v, v.n), 500.5), "median of 1..1000 is 500.5");
	ok(near(stats_p90(v.v, v.n), 900), "p90 of 1..1000 is 900");
	free(v.v);
	return tap_done();
}
