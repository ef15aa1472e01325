/* sp-test-transcript.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test"

#include "config.h"

#include "sp-test-transcript.h"

SpAttempt *
sp_test_begin_attempt (SpTranscript *transcript,
                       const char   *host,
                       const char   *address,
                       guint16       port)
{
  SpAttempt *attempt = sp_transcript_add_attempt (transcript, host, address, port);

  sp_attempt_begin (attempt);
  g_object_set_data (G_OBJECT (transcript), "sp-test-current-attempt", attempt);

  return attempt;
}

SpAttempt *
sp_test_current_attempt (SpTranscript *transcript)
{
  SpAttempt *attempt = g_object_get_data (G_OBJECT (transcript), "sp-test-current-attempt");

  g_assert_nonnull (attempt);

  return attempt;
}
