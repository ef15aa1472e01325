/* test-transcript.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-transcript"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sp-enums.h"
#include "sp-transcript.h"

typedef struct
{
  guint    n_entries_added;
  GArray  *entry_indexes;     /* guint */
  guint    n_attempts_changed;
  GArray  *attempt_indexes;   /* guint */
  guint    n_verdict_notifies;
} Counters;

static void
entry_added_cb (SpTranscript *transcript,
                guint         index,
                Counters     *counters)
{
  /* The entry is there when the signal runs. */
  g_assert_cmpuint (index, <, sp_transcript_get_n_entries (transcript));
  counters->n_entries_added++;
  g_array_append_val (counters->entry_indexes, index);
}

static void
attempt_changed_cb (SpTranscript *transcript,
                    guint         index,
                    Counters     *counters)
{
  g_assert_cmpuint (index, <, sp_transcript_get_n_attempts (transcript));
  counters->n_attempts_changed++;
  g_array_append_val (counters->attempt_indexes, index);
}

static void
verdict_notify_cb (SpTranscript *transcript,
                   GParamSpec   *pspec,
                   Counters     *counters)
{
  counters->n_verdict_notifies++;
}

static SpTranscript *
new_counted_transcript (Counters *counters)
{
  SpTranscript *transcript = sp_transcript_new ();

  memset (counters, 0, sizeof *counters);
  counters->entry_indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  counters->attempt_indexes = g_array_new (FALSE, FALSE, sizeof (guint));

  g_signal_connect (transcript, "entry-added", G_CALLBACK (entry_added_cb), counters);
  g_signal_connect (transcript, "attempt-changed", G_CALLBACK (attempt_changed_cb), counters);
  g_signal_connect (transcript, "notify::verdict", G_CALLBACK (verdict_notify_cb), counters);

  return transcript;
}

static void
counters_clear (Counters *counters)
{
  g_clear_pointer (&counters->entry_indexes, g_array_unref);
  g_clear_pointer (&counters->attempt_indexes, g_array_unref);
}

static SpReply *
reply_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  SpReply *reply = sp_reply_new_from_text (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);

  return reply;
}

static void
test_new_destroy (void)
{
  SpTranscript *transcript = sp_transcript_new ();
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();

  g_assert_true (SP_IS_TRANSCRIPT (transcript));
  g_assert_cmpuint (sp_transcript_get_n_entries (transcript), ==, 0);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 0);
  g_assert_cmpint (sp_transcript_get_current_attempt (transcript), ==, -1);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_NONE);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_NONE);
  g_assert_null (sp_transcript_get_verdict_detail (transcript));
  g_assert_null (sp_transcript_get_mx_result (transcript));
  g_assert_null (sp_transcript_get_recipient (transcript));
  g_assert_nonnull (sp_transcript_get_started (transcript));
  g_assert_cmpint (g_date_time_difference (before, sp_transcript_get_started (transcript)),
                   <, 5 * G_USEC_PER_SEC);

  g_assert_finalize_object (transcript);
}

static void
test_enums (void)
{
  static const char * const steps[] = {
    "none", "dns", "connect", "banner", "ehlo", "helo", "starttls", "mail", "rcpt", "data",
    "message", "rset", "quit", "other", "tls", "auth",
  };
  static const char * const verdicts[] = {
    "none", "accepted", "transient-failure", "permanent-failure", "connect-failed",
    "dns-failed", "timed-out", "protocol-error", "cancelled", "tls-failed", "auth-failed",
    "unsupported",
  };
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GEnumClass) enum_class = NULL;

  g_assert_cmpint (SP_STEP_AUTH + 1, ==, G_N_ELEMENTS (steps));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      const char *label = sp_step_get_label ((SpStep) i);

      g_assert_cmpstr (sp_step_to_string ((SpStep) i), ==, steps[i]);
      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
      /* Every step reads differently. */
      g_assert_false (g_hash_table_contains (labels, label));
      g_hash_table_add (labels, (gpointer) label);
    }

  g_hash_table_remove_all (labels);
  g_assert_cmpint (SP_VERDICT_UNSUPPORTED + 1, ==, G_N_ELEMENTS (verdicts));
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      const char *label = sp_verdict_get_label ((SpVerdict) i);

      g_assert_cmpstr (sp_verdict_to_string ((SpVerdict) i), ==, verdicts[i]);
      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
      g_assert_false (g_hash_table_contains (labels, label));
      g_hash_table_add (labels, (gpointer) label);
    }

  g_assert_cmpstr (sp_direction_to_string (SP_DIRECTION_NOTE), ==, "note");
  g_assert_cmpstr (sp_direction_to_string (SP_DIRECTION_CLIENT), ==, "client");
  g_assert_cmpstr (sp_direction_to_string (SP_DIRECTION_SERVER), ==, "server");

  /* The registered enum matches the JSON names. */
  enum_class = g_type_class_ref (SP_TYPE_VERDICT);
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      GEnumValue *value = g_enum_get_value (enum_class, i);

      g_assert_nonnull (value);
      g_assert_cmpstr (value->value_nick, ==, verdicts[i]);
    }
  g_assert_null (g_enum_get_value (enum_class, G_N_ELEMENTS (verdicts)));
  g_assert_cmpstr (g_type_name (SP_TYPE_VERDICT), ==, "SpVerdict");

  g_type_class_unref (g_steal_pointer (&enum_class));
  enum_class = g_type_class_ref (SP_TYPE_STEP);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_assert_cmpstr (g_enum_get_value (enum_class, i)->value_nick, ==, steps[i]);
  g_assert_null (g_enum_get_value (enum_class, G_N_ELEMENTS (steps)));

  /* Out-of-range values do not crash the labels. */
  g_assert_cmpstr (sp_step_to_string ((SpStep) 999), ==, "none");
  g_assert_cmpstr (sp_verdict_to_string ((SpVerdict) 999), ==, "none");
  g_assert_cmpstr (sp_direction_to_string ((SpDirection) 999), ==, "note");
  g_assert_cmpstr (sp_step_get_label ((SpStep) 999), ==, sp_step_get_label (SP_STEP_NONE));
}

static void
test_request (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpMxResult) mx = sp_mx_result_new ("example.test");

  sp_transcript_set_request (transcript, "user@example.test", "probe@example.org", TRUE);
  g_assert_cmpstr (sp_transcript_get_recipient (transcript), ==, "user@example.test");
  g_assert_cmpstr (sp_transcript_get_sender (transcript), ==, "probe@example.org");
  g_assert_true (sp_transcript_get_check_only (transcript));

  sp_transcript_set_request (transcript, "other@example.test", "", FALSE);
  g_assert_cmpstr (sp_transcript_get_recipient (transcript), ==, "other@example.test");
  g_assert_cmpstr (sp_transcript_get_sender (transcript), ==, "");
  g_assert_false (sp_transcript_get_check_only (transcript));

  /* The transcript keeps its own reference. */
  sp_transcript_set_mx_result (transcript, mx);
  g_assert_true (sp_transcript_get_mx_result (transcript) == mx);
  g_assert_cmpint (mx->ref_count, ==, 2);
  sp_transcript_set_mx_result (transcript, mx);
  g_assert_cmpint (mx->ref_count, ==, 2);
  sp_transcript_set_mx_result (transcript, NULL);
  g_assert_cmpint (mx->ref_count, ==, 1);
  sp_transcript_set_mx_result (transcript, mx);
  g_clear_object (&transcript);
  g_assert_cmpint (mx->ref_count, ==, 1);
}

static void
test_entries (void)
{
  Counters counters;
  g_autoptr(SpTranscript) transcript = new_counted_transcript (&counters);
  g_autoptr(SpReply) reply = reply_new ("250-mx.example.test Hello\r\n"
                                        "250-SIZE 1000\r\n"
                                        "250 8BITMIME\r\n");
  g_autoptr(SpReply) refusal = reply_new ("550 5.1.1 User unknown");
  const SpTranscriptEntry *entry;
  gint64 last_mono = 0;

  sp_transcript_add_note (transcript, SP_STEP_DNS, "Looking up %s…", "example.test");
  sp_transcript_add_client_line (transcript, SP_STEP_EHLO, "EHLO probe.example.org");
  sp_transcript_add_reply (transcript, SP_STEP_EHLO, reply);
  sp_transcript_add_error (transcript, SP_STEP_RCPT, "Refused: %d", 550);
  sp_transcript_add_reply (transcript, SP_STEP_RCPT, refusal);

  g_assert_cmpuint (sp_transcript_get_n_entries (transcript), ==, 7);
  g_assert_cmpuint (counters.n_entries_added, ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpuint (g_array_index (counters.entry_indexes, guint, i), ==, i);

      entry = sp_transcript_get_entry (transcript, i);
      g_assert_cmpuint (entry->index, ==, i);
      g_assert_nonnull (entry->wall);
      g_assert_cmpint (entry->attempt, ==, -1);
      g_assert_cmpint (entry->elapsed_usec, >=, 0);
      g_assert_cmpint (entry->mono_usec, >=, last_mono);
      last_mono = entry->mono_usec;
    }

  entry = sp_transcript_get_entry (transcript, 0);
  g_assert_cmpint (entry->direction, ==, SP_DIRECTION_NOTE);
  g_assert_cmpint (entry->klass, ==, SP_REPLY_CLASS_LOCAL);
  g_assert_cmpint (entry->step, ==, SP_STEP_DNS);
  g_assert_false (entry->is_error);
  g_assert_cmpstr (entry->text, ==, "Looking up example.test…");

  entry = sp_transcript_get_entry (transcript, 1);
  g_assert_cmpint (entry->direction, ==, SP_DIRECTION_CLIENT);
  g_assert_cmpint (entry->klass, ==, SP_REPLY_CLASS_LOCAL);
  g_assert_cmpint (entry->step, ==, SP_STEP_EHLO);
  g_assert_cmpstr (entry->text, ==, "EHLO probe.example.org");

  /* One entry per reply line, each with the reply's class. */
  entry = sp_transcript_get_entry (transcript, 2);
  g_assert_cmpint (entry->direction, ==, SP_DIRECTION_SERVER);
  g_assert_cmpint (entry->klass, ==, SP_REPLY_CLASS_SUCCESS);
  g_assert_cmpstr (entry->text, ==, "250-mx.example.test Hello");
  entry = sp_transcript_get_entry (transcript, 3);
  g_assert_cmpstr (entry->text, ==, "250-SIZE 1000");
  entry = sp_transcript_get_entry (transcript, 4);
  g_assert_cmpstr (entry->text, ==, "250 8BITMIME");
  g_assert_cmpint (entry->klass, ==, SP_REPLY_CLASS_SUCCESS);

  entry = sp_transcript_get_entry (transcript, 5);
  g_assert_cmpint (entry->direction, ==, SP_DIRECTION_NOTE);
  g_assert_true (entry->is_error);
  g_assert_cmpint (entry->step, ==, SP_STEP_RCPT);
  g_assert_cmpstr (entry->text, ==, "Refused: 550");

  entry = sp_transcript_get_entry (transcript, 6);
  g_assert_cmpint (entry->klass, ==, SP_REPLY_CLASS_PERMANENT);
  g_assert_cmpstr (entry->text, ==, "550 5.1.1 User unknown");

  /* Nothing here touches attempts or the verdict. */
  g_assert_cmpuint (counters.n_attempts_changed, ==, 0);
  g_assert_cmpuint (counters.n_verdict_notifies, ==, 0);

  counters_clear (&counters);
}

static void
test_attempts (void)
{
  Counters counters;
  g_autoptr(SpTranscript) transcript = new_counted_transcript (&counters);
  g_autoptr(SpReply) banner = reply_new ("220 mx.example.test ESMTP");
  g_autoptr(SpReply) ehlo = reply_new ("250-mx.example.test\r\n250-SIZE 1000\r\n250 PIPELINING");
  g_autoptr(SpReply) rcpt = reply_new ("550 5.1.1 User unknown");
  g_autoptr(SpCapabilities) capabilities = NULL;
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                                   "Connection refused");
  const SpTranscriptAttempt *attempt;
  const SpTranscriptStep *step;
  const SpTranscriptEntry *entry;
  guint index;

  /* A step before any attempt (DNS) is not recorded in an attempt. */
  sp_transcript_begin_step (transcript, SP_STEP_DNS, NULL);
  sp_transcript_add_note (transcript, SP_STEP_DNS, "Looking up");
  sp_transcript_end_step (transcript, NULL, NULL);
  g_assert_cmpuint (counters.n_attempts_changed, ==, 0);

  /* Attempt 1: the connection fails. */
  index = sp_transcript_begin_attempt (transcript, "mx1.example.test", "127.0.0.2", 25);
  g_assert_cmpuint (index, ==, 0);
  g_assert_cmpint (sp_transcript_get_current_attempt (transcript), ==, 0);
  g_assert_cmpuint (counters.n_attempts_changed, ==, 1);

  sp_transcript_begin_step (transcript, SP_STEP_CONNECT, NULL);
  g_assert_cmpuint (counters.n_attempts_changed, ==, 2);
  attempt = sp_transcript_get_attempt (transcript, 0);
  step = g_ptr_array_index (attempt->steps, 0);
  g_assert_cmpint (step->elapsed_usec, ==, -1);

  g_usleep (20 * 1000);
  sp_transcript_add_error (transcript, SP_STEP_CONNECT, "Connection refused.");
  sp_transcript_end_step (transcript, NULL, refused);
  g_assert_cmpuint (counters.n_attempts_changed, ==, 3);
  sp_transcript_end_attempt (transcript, SP_VERDICT_CONNECT_FAILED, SP_STEP_CONNECT,
                             "mx1 refused the connection.");
  g_assert_cmpuint (counters.n_attempts_changed, ==, 4);
  g_assert_cmpint (sp_transcript_get_current_attempt (transcript), ==, -1);

  attempt = sp_transcript_get_attempt (transcript, 0);
  g_assert_cmpstr (attempt->host, ==, "mx1.example.test");
  g_assert_cmpstr (attempt->address, ==, "127.0.0.2");
  g_assert_cmpuint (attempt->port, ==, 25);
  g_assert_cmpint (attempt->result, ==, SP_VERDICT_CONNECT_FAILED);
  g_assert_cmpint (attempt->deciding_step, ==, SP_STEP_CONNECT);
  g_assert_cmpstr (attempt->detail, ==, "mx1 refused the connection.");
  g_assert_null (attempt->capabilities);
  g_assert_cmpuint (attempt->steps->len, ==, 1);
  step = g_ptr_array_index (attempt->steps, 0);
  g_assert_cmpint (step->step, ==, SP_STEP_CONNECT);
  g_assert_null (step->command);
  g_assert_null (step->reply);
  g_assert_error (step->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_true (step->error != refused);
  g_assert_cmpint (step->elapsed_usec, >=, 20 * 1000);

  /* The error entry counts from the step's start. */
  entry = sp_transcript_get_entry (transcript, 1);
  g_assert_cmpint (entry->attempt, ==, 0);
  g_assert_cmpint (entry->elapsed_usec, >=, 20 * 1000);

  /* Attempt 2: a whole session. */
  index = sp_transcript_begin_attempt (transcript, "mx2.example.test", "::1", 2525);
  g_assert_cmpuint (index, ==, 1);
  sp_transcript_add_note (transcript, SP_STEP_CONNECT, "Connecting");
  entry = sp_transcript_get_entry (transcript, 2);
  g_assert_cmpint (entry->attempt, ==, 1);
  /* Time counts from the new attempt, not from the old step. */
  g_assert_cmpint (entry->elapsed_usec, <, 20 * 1000);

  sp_transcript_begin_step (transcript, SP_STEP_CONNECT, NULL);
  sp_transcript_end_step (transcript, NULL, NULL);
  sp_transcript_begin_step (transcript, SP_STEP_BANNER, NULL);
  sp_transcript_add_reply (transcript, SP_STEP_BANNER, banner);
  sp_transcript_end_step (transcript, banner, NULL);
  sp_transcript_begin_step (transcript, SP_STEP_EHLO, "EHLO probe.example.org");
  sp_transcript_add_client_line (transcript, SP_STEP_EHLO, "EHLO probe.example.org");
  sp_transcript_add_reply (transcript, SP_STEP_EHLO, ehlo);
  sp_transcript_end_step (transcript, ehlo, NULL);
  capabilities = sp_capabilities_new_from_reply (ehlo);
  sp_transcript_set_capabilities (transcript, capabilities);
  sp_transcript_begin_step (transcript, SP_STEP_RCPT, "RCPT TO:<user@example.test>");
  sp_transcript_add_reply (transcript, SP_STEP_RCPT, rcpt);
  sp_transcript_end_step (transcript, rcpt, NULL);
  /* A step left running is closed by the next one or by the end. */
  sp_transcript_begin_step (transcript, SP_STEP_QUIT, "QUIT");
  sp_transcript_end_attempt (transcript, SP_VERDICT_PERMANENT, SP_STEP_RCPT, "User unknown.");

  /* begin + 5 begin_step + 4 end_step + capabilities + end = 12 */
  g_assert_cmpuint (counters.n_attempts_changed, ==, 4 + 12);
  for (guint i = 4; i < counters.attempt_indexes->len; i++)
    g_assert_cmpuint (g_array_index (counters.attempt_indexes, guint, i), ==, 1);

  attempt = sp_transcript_get_attempt (transcript, 1);
  g_assert_cmpstr (attempt->address, ==, "::1");
  g_assert_cmpuint (attempt->port, ==, 2525);
  g_assert_true (attempt->capabilities == capabilities);
  g_assert_cmpuint (attempt->steps->len, ==, 5);
  for (guint i = 0; i < attempt->steps->len; i++)
    {
      step = g_ptr_array_index (attempt->steps, i);
      g_assert_cmpint (step->elapsed_usec, >=, 0);
      g_assert_null (step->error);
    }
  step = g_ptr_array_index (attempt->steps, 1);
  g_assert_cmpint (step->step, ==, SP_STEP_BANNER);
  g_assert_true (step->reply == banner);
  step = g_ptr_array_index (attempt->steps, 3);
  g_assert_cmpint (step->step, ==, SP_STEP_RCPT);
  g_assert_cmpstr (step->command, ==, "RCPT TO:<user@example.test>");
  g_assert_true (step->reply == rcpt);
  step = g_ptr_array_index (attempt->steps, 4);
  g_assert_cmpint (step->step, ==, SP_STEP_QUIT);
  g_assert_null (step->reply);

  /* Ending a step or attempt when none is open changes nothing. */
  sp_transcript_end_step (transcript, NULL, NULL);
  sp_transcript_end_attempt (transcript, SP_VERDICT_ACCEPTED, SP_STEP_NONE, NULL);
  g_assert_cmpuint (counters.n_attempts_changed, ==, 16);
  g_assert_cmpint (attempt->result, ==, SP_VERDICT_PERMANENT);

  /* Beginning an attempt while one is open leaves the old one undecided. */
  sp_transcript_begin_attempt (transcript, "mx3.example.test", "127.0.0.3", 25);
  sp_transcript_begin_step (transcript, SP_STEP_CONNECT, NULL);
  index = sp_transcript_begin_attempt (transcript, "mx4.example.test", "127.0.0.4", 25);
  g_assert_cmpuint (index, ==, 3);
  attempt = sp_transcript_get_attempt (transcript, 2);
  g_assert_cmpint (attempt->result, ==, SP_VERDICT_NONE);
  step = g_ptr_array_index (attempt->steps, 0);
  g_assert_cmpint (step->elapsed_usec, >=, 0);
  g_assert_cmpint (sp_transcript_get_current_attempt (transcript), ==, 3);
  g_assert_cmpuint (sp_transcript_get_n_attempts (transcript), ==, 4);

  g_assert_cmpuint (counters.n_verdict_notifies, ==, 0);

  /* The replies are kept alive by the transcript alone. */
  g_clear_object (&transcript);
  counters_clear (&counters);
}

static void
test_elapsed (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  const SpTranscriptEntry *entry;

  sp_transcript_begin_attempt (transcript, "mx.example.test", "127.0.0.1", 25);
  sp_transcript_begin_step (transcript, SP_STEP_MAIL, "MAIL FROM:<>");
  g_usleep (30 * 1000);
  sp_transcript_add_client_line (transcript, SP_STEP_MAIL, "MAIL FROM:<>");
  sp_transcript_begin_step (transcript, SP_STEP_RCPT, "RCPT TO:<a@example.test>");
  sp_transcript_add_client_line (transcript, SP_STEP_RCPT, "RCPT TO:<a@example.test>");

  entry = sp_transcript_get_entry (transcript, 0);
  g_assert_cmpint (entry->elapsed_usec, >=, 30 * 1000);
  entry = sp_transcript_get_entry (transcript, 1);
  g_assert_cmpint (entry->elapsed_usec, <, 30 * 1000);
  g_assert_cmpint (entry->mono_usec - sp_transcript_get_entry (transcript, 0)->mono_usec,
                   >=, 0);
}

static void
test_verdict_notify (void)
{
  Counters counters;
  g_autoptr(SpTranscript) transcript = new_counted_transcript (&counters);
  SpVerdict verdict = SP_VERDICT_NONE;

  /* Same verdict: no notification, but the detail is kept. */
  sp_transcript_set_verdict (transcript, SP_VERDICT_NONE, SP_STEP_NONE, "Nothing yet");
  g_assert_cmpuint (counters.n_verdict_notifies, ==, 0);
  g_assert_cmpstr (sp_transcript_get_verdict_detail (transcript), ==, "Nothing yet");

  sp_transcript_set_verdict (transcript, SP_VERDICT_ACCEPTED, SP_STEP_RCPT, "Accepted.");
  g_assert_cmpuint (counters.n_verdict_notifies, ==, 1);
  g_object_get (transcript, "verdict", &verdict, NULL);
  g_assert_cmpint (verdict, ==, SP_VERDICT_ACCEPTED);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_ACCEPTED);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_RCPT);

  sp_transcript_set_verdict (transcript, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, "Delivered.");
  g_assert_cmpuint (counters.n_verdict_notifies, ==, 1);
  g_assert_cmpint (sp_transcript_get_deciding_step (transcript), ==, SP_STEP_MESSAGE);
  g_assert_cmpstr (sp_transcript_get_verdict_detail (transcript), ==, "Delivered.");

  sp_transcript_set_verdict (transcript, SP_VERDICT_PERMANENT, SP_STEP_MESSAGE, NULL);
  g_assert_cmpuint (counters.n_verdict_notifies, ==, 2);
  g_assert_null (sp_transcript_get_verdict_detail (transcript));

  /* A frozen notify queue still delivers one notification per change. */
  g_object_freeze_notify (G_OBJECT (transcript));
  sp_transcript_set_verdict (transcript, SP_VERDICT_TIMED_OUT, SP_STEP_DATA, NULL);
  sp_transcript_set_verdict (transcript, SP_VERDICT_TIMED_OUT, SP_STEP_DATA, NULL);
  g_object_thaw_notify (G_OBJECT (transcript));
  g_assert_cmpuint (counters.n_verdict_notifies, ==, 3);

  g_assert_cmpuint (counters.n_entries_added, ==, 0);
  counters_clear (&counters);
}

static void
test_hostile_text (void)
{
  static const struct {
    const char *input;
    gssize      length;
    const char *expected;
  } cases[] = {
    { "plain text", -1, "plain text" },
    { "tab\tstays", -1, "tab\tstays" },
    { "\x1b[2J\x1b]0;owned\x07", -1, "\\x1B[2J\\x1B]0;owned\\x07" },
    { "cr\rlf\nnul", -1, "cr\\x0Dlf\\x0Anul" },
    { "del\x7f", -1, "del\\x7F" },
    { "bad\xff\xfeutf8", -1, "bad\\xFF\\xFEutf8" },
    { "cut\xc3", -1, "cut\\xC3" },
    { "c1\xc2\x85next\xc2\x9b", -1, "c1\\xC2\\x85next\\xC2\\x9B" },
    { "rlo\xe2\x80\xaetxt.exe", -1, "rlo\\u202Etxt.exe" },
    { "ls\xe2\x80\xa8", -1, "ls\\u2028" },
    { "caf\xc3\xa9 \xf0\x9f\x93\xa7", -1, "caf\xc3\xa9 \xf0\x9f\x93\xa7" },
    { "nul\0inside", 10, "nul\\x00inside" },
    { "", -1, "" },
  };
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *clean = sp_transcript_sanitize_text (cases[i].input, cases[i].length);

      g_assert_cmpstr (clean, ==, cases[i].expected);
      g_assert_true (g_utf8_validate (clean, -1, NULL));

      /* Entries are stored the same way, whatever adds them. */
      if (cases[i].length < 0)
        {
          const SpTranscriptEntry *entry;
          guint n;

          sp_transcript_add_client_line (transcript, SP_STEP_OTHER, cases[i].input);
          n = sp_transcript_get_n_entries (transcript);
          entry = sp_transcript_get_entry (transcript, n - 1);
          g_assert_cmpstr (entry->text, ==, cases[i].expected);

          sp_transcript_add_note (transcript, SP_STEP_OTHER, "%s", cases[i].input);
          n = sp_transcript_get_n_entries (transcript);
          entry = sp_transcript_get_entry (transcript, n - 1);
          g_assert_cmpstr (entry->text, ==, cases[i].expected);
        }
    }

  {
    g_autofree char *empty = sp_transcript_sanitize_text (NULL, -1);

    g_assert_cmpstr (empty, ==, "");
  }

  /* A server line with terminal escapes, as it would arrive. */
  reply = sp_reply_new_from_text ("220 mx.example.test \x1b[31mESMTP\x1b[0m", &error);
  g_assert_no_error (error);
  sp_transcript_add_reply (transcript, SP_STEP_BANNER, reply);
  g_assert_cmpstr (sp_transcript_get_entry (transcript,
                                            sp_transcript_get_n_entries (transcript) - 1)->text,
                   ==, "220 mx.example.test \\x1B[31mESMTP\\x1B[0m");
}

static void
test_capping (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autofree char *long_line = g_malloc (100 * 1024 + 1);
  g_autofree char *expected_note = NULL;
  g_autofree char *binary = NULL;
  g_autofree char *clean = NULL;
  GString *accents = g_string_new (NULL);
  const SpTranscriptEntry *entry;
  const char *ellipsis;
  gsize kept;

  memset (long_line, 'A', 100 * 1024);
  long_line[100 * 1024] = '\0';

  sp_transcript_add_client_line (transcript, SP_STEP_OTHER, long_line);
  entry = sp_transcript_get_entry (transcript, 0);

  ellipsis = strstr (entry->text, "…");
  g_assert_nonnull (ellipsis);
  kept = ellipsis - entry->text;
  g_assert_cmpuint (kept, ==, SP_TRANSCRIPT_MAX_TEXT_LENGTH);
  g_assert_cmpuint (strspn (entry->text, "A"), ==, kept);
  expected_note = g_strdup_printf ("… [%u more bytes left out]",
                                   (guint) (100 * 1024 - SP_TRANSCRIPT_MAX_TEXT_LENGTH));
  g_assert_cmpstr (ellipsis, ==, expected_note);

  /* A line just at the limit is kept whole. */
  long_line[SP_TRANSCRIPT_MAX_TEXT_LENGTH] = '\0';
  clean = sp_transcript_sanitize_text (long_line, -1);
  g_assert_cmpstr (clean, ==, long_line);
  g_clear_pointer (&clean, g_free);

  /* The cut never splits a character, and escapes count toward the limit. */
  for (guint i = 0; i < 5000; i++)
    g_string_append (accents, "\xc3\xa9");
  clean = sp_transcript_sanitize_text (accents->str, -1);
  g_assert_true (g_utf8_validate (clean, -1, NULL));
  g_assert_cmpuint (strstr (clean, "…") - clean, <=, SP_TRANSCRIPT_MAX_TEXT_LENGTH);
  g_clear_pointer (&clean, g_free);
  g_string_free (accents, TRUE);

  binary = g_malloc (8000);
  memset (binary, 0x01, 8000);
  clean = sp_transcript_sanitize_text (binary, 8000);
  /* Each byte became "\x01"; 2048 of them fit. */
  g_assert_true (g_str_has_prefix (clean, "\\x01\\x01"));
  g_assert_cmpuint (strstr (clean, "…") - clean, ==, SP_TRANSCRIPT_MAX_TEXT_LENGTH);
  g_assert_true (g_str_has_suffix (clean, "[5952 more bytes left out]"));
  g_clear_pointer (&clean, g_free);

  /* Escaping alone never cuts, and leaves escaped text as it is. */
  clean = sp_transcript_escape_text (binary, 8000);
  g_assert_cmpuint (strlen (clean), ==, 4 * 8000);
  g_assert_null (strstr (clean, "…"));
  {
    g_autofree char *again = sp_transcript_escape_text (clean, -1);

    g_assert_cmpstr (again, ==, clean);
  }
}

static void
test_line_limit (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  const SpTranscriptEntry *entry;
  guint n;

  for (guint i = 0; i < SP_TRANSCRIPT_MAX_LINES + 100; i++)
    sp_transcript_add_client_line (transcript, SP_STEP_MESSAGE, "x");

  /* The limit, plus one note that says lines were left out. */
  n = sp_transcript_get_n_entries (transcript);
  g_assert_cmpuint (n, ==, SP_TRANSCRIPT_MAX_LINES + 1);
  entry = sp_transcript_get_entry (transcript, n - 1);
  g_assert_cmpint (entry->direction, ==, SP_DIRECTION_NOTE);
  g_assert_true (entry->is_error);

  /* Notes still get through, and the warning is not repeated. */
  sp_transcript_add_note (transcript, SP_STEP_QUIT, "Done");
  sp_transcript_add_client_line (transcript, SP_STEP_QUIT, "QUIT");
  g_assert_cmpuint (sp_transcript_get_n_entries (transcript), ==, SP_TRANSCRIPT_MAX_LINES + 2);
  entry = sp_transcript_get_entry (transcript, SP_TRANSCRIPT_MAX_LINES + 1);
  g_assert_cmpstr (entry->text, ==, "Done");
}

static void
test_tls_and_auth (void)
{
  Counters counters;
  g_autoptr(SpTranscript) transcript = new_counted_transcript (&counters);
  g_autoptr(SpTlsReport) valid = sp_tls_report_new ("mx1.example.test");
  g_autoptr(SpTlsReport) expired = sp_tls_report_new ("mx2.example.test");
  const SpTranscriptAttempt *attempt;
  guint changed;

  valid->validated = TRUE;
  valid->trust = SP_TLS_TRUST_SYSTEM;
  expired->problems = SP_TLS_PROBLEM_EXPIRED;
  g_assert_false (expired->validated);
  g_assert_nonnull (expired->dns_names);

  /* Without an open attempt, there is nothing to attach them to. */
  sp_transcript_set_tls_report (transcript, valid);
  sp_transcript_set_auth (transcript, "PLAIN", "kate", TRUE);
  g_assert_cmpuint (counters.n_attempts_changed, ==, 0);

  sp_transcript_begin_attempt (transcript, "mx1.example.test", "127.0.0.1", 25);
  changed = counters.n_attempts_changed;
  sp_transcript_set_tls_report (transcript, valid);
  g_assert_cmpuint (counters.n_attempts_changed, ==, changed + 1);
  /* The same report again changes nothing. */
  sp_transcript_set_tls_report (transcript, valid);
  g_assert_cmpuint (counters.n_attempts_changed, ==, changed + 1);
  sp_transcript_set_auth (transcript, "LOGIN", "kate", FALSE);
  g_assert_cmpuint (counters.n_attempts_changed, ==, changed + 2);
  sp_transcript_end_attempt (transcript, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, "Refused.");

  attempt = sp_transcript_get_attempt (transcript, 0);
  g_assert_true (attempt->tls == valid);
  g_assert_cmpstr (attempt->auth_mechanism, ==, "LOGIN");
  g_assert_cmpstr (attempt->auth_user, ==, "kate");
  g_assert_false (attempt->authenticated);
  g_assert_false (sp_transcript_has_tls_problems (transcript));

  /* A second attempt with a certificate that did not validate marks the
   * whole transcript. */
  sp_transcript_begin_attempt (transcript, "mx2.example.test", "127.0.0.2", 25);
  sp_transcript_set_tls_report (transcript, expired);
  sp_transcript_end_attempt (transcript, SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, "Accepted.");
  attempt = sp_transcript_get_attempt (transcript, 1);
  g_assert_true (attempt->tls == expired);
  g_assert_null (attempt->auth_mechanism);
  g_assert_true (sp_transcript_has_tls_problems (transcript));

  g_assert_cmpstr (sp_step_get_label (SP_STEP_AUTH), ==, "Login (AUTH)");
  g_assert_cmpstr (sp_verdict_get_label (SP_VERDICT_TLS_FAILED), ==, "Encryption failed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/transcript/new-destroy", test_new_destroy);
  g_test_add_func ("/sp/transcript/enums", test_enums);
  g_test_add_func ("/sp/transcript/request", test_request);
  g_test_add_func ("/sp/transcript/entries", test_entries);
  g_test_add_func ("/sp/transcript/attempts", test_attempts);
  g_test_add_func ("/sp/transcript/elapsed", test_elapsed);
  g_test_add_func ("/sp/transcript/verdict-notify", test_verdict_notify);
  g_test_add_func ("/sp/transcript/hostile-text", test_hostile_text);
  g_test_add_func ("/sp/transcript/capping", test_capping);
  g_test_add_func ("/sp/transcript/line-limit", test_line_limit);
  g_test_add_func ("/sp/transcript/tls-and-auth", test_tls_and_auth);

  return g_test_run ();
}
