/* bench-median.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The median of a benchmark's samples (a GArray of double, sorted in
 * place), shared by the C benchmarks that time runs themselves. */

#pragma once

#include <glib.h>

static inline int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @values, so the first and last are the least and the greatest. */
static inline double
bench_median (GArray *values)
{
  g_array_sort (values, bench_compare_doubles);

  return g_array_index (values, double, values->len / 2);
}
