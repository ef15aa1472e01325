/* sp-test-transcript.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-transcript.h"

G_BEGIN_DECLS

/* Tests that write a transcript by hand, line by line as a probe would:
 * adds an attempt, begins it and remembers it as the one the next lines
 * go to (sp_test_current_attempt ()). */
SpAttempt *sp_test_begin_attempt   (SpTranscript *transcript,
                                    const char   *host,
                                    const char   *address,
                                    guint16       port);
/* The attempt begun last by sp_test_begin_attempt (); there must be one. */
SpAttempt *sp_test_current_attempt (SpTranscript *transcript);

G_END_DECLS
