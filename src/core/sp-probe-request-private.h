/* sp-probe-request-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-probe-request.h"

G_BEGIN_DECLS

/* The param spec of the number field @field, the row of the table of
 * limits; @scale is the front ends' unit in the field's (1000 for seconds
 * of a field in milliseconds). NULL for a field that is no number. */
GParamSpecUInt *_sp_probe_request_find_number_spec (SpField  field,
                                                    guint   *scale);

G_END_DECLS
