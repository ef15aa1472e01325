/* bench-probe.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the benchmarks that run the core's probe in-process
 * (bench/all-mx.c, bench/pipelining.c). */

#pragma once

#include "bench-median.h"
#include "sp-probe.h"

G_BEGIN_DECLS

/* Runs @probe to its end on the default main context and returns its wall
 * time in milliseconds; a test that was not accepted ends the benchmark. */
double  bench_time_probe  (SpProbe *probe);

G_END_DECLS
