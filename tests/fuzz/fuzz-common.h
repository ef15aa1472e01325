/* fuzz-common.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* An invariant that must hold whatever the input: a violation is a finding,
 * reported by libFuzzer as a crash with the input that caused it. */
#define FUZZ_CHECK(cond) \
  G_STMT_START { \
    if (!(cond)) \
      { \
        g_printerr ("%s:%d: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

/* The input as a string: NUL bytes (which no API here accepts inside a C
 * string) end it, as they would for a caller. */
static inline char *
fuzz_dup_string (const uint8_t *data,
                 size_t         size)
{
  return g_strndup ((const char *) data, size);
}

/* Messages end up in labels and terminals: valid UTF-8, always. */
static inline void
fuzz_check_error (const GError *error)
{
  if (error == NULL)
    return;
  FUZZ_CHECK (error->message != NULL);
  FUZZ_CHECK (error->message[0] != '\0');
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
}
