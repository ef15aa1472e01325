/* test-transcript.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-transcript"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sp-enums.h"
#include "sp-transcript.h"
#include "sp-test-transcript.h"

typedef struct
{
  guint    n_entries_added;
  GArray  *entry_indexes;     /* guint */
  guint    n_attempts_changed;
  GArray  *attempt_indexes;   /* guint */
  guint    n_verdict_notifies;
} Counters;

static void
entry_added_cb (SpTranscript            *transcript,
                const SpTranscriptEntry *entry,
                Counters                *counters)
{
  guint index = entry->index;

  /* The entry is there when the signal runs. */
  g_assert_cmpuint (index, <, sp_transcript_get_n_entries (transcript));
  g_assert_true (sp_transcript_get_entry (transcript, index) == entry);
  counters->n_entries_added++;
  g_array_append_val (counters->entry_indexes, index);
}

static void
attempt_changed_cb (SpTranscript *transcript,
                    SpAttempt    *attempt,
                    Counters     *counters)
{
  guint index = sp_attempt_get_index (attempt);

  g_assert_cmpuint (index, <, sp_transcript_get_n_attempts (transcript));
  g_assert_true (sp_transcript_get_attempt (transcript, index) == attempt);
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
  SpAttempt *attempt;

  sp_transcript_add_note (transcript, SP_STEP_DNS, "Looking up %s…", "example.test");
  attempt = sp_transcript_add_attempt (transcript, "mx.example.test", "127.0.0.1", 25);
  g_assert_cmpuint (counters.n_attempts_changed, ==, 1);
  sp_attempt_add_client_line (attempt, SP_STEP_EHLO, "EHLO probe.example.org");
  sp_attempt_add_reply (attempt, SP_STEP_EHLO, reply);
  sp_attempt_add_error (attempt, SP_STEP_RCPT, "Refused: %d", 550);
  sp_attempt_add_reply (attempt, SP_STEP_RCPT, refusal);

  g_assert_cmpuint (sp_transcript_get_n_entries (transcript), ==, 7);
  g_assert_cmpuint (counters.n_entries_added, ==, 7);
  /* The attempt keeps its own lines, the same entries as the log's. */
  g_assert_cmpuint (sp_attempt_get_n_entries (attempt), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_true (sp_attempt_get_entry (attempt,
                                         i) == sp_transcript_get_entry (transcript, i + 1));
  for (guint i = 0; i < 7; i++)
    {
      g_assert_cmpuint (g_array_index (counters.entry_indexes, guint, i), ==, i);

      entry = sp_transcript_get_entry (transcript, i);
      g_assert_cmpuint (entry->index, ==, i);
      g_assert_nonnull (entry->wall);
      g_assert_cmpint (entry->attempt, ==, i == 0 ? -1 : 0);
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

  /* Log lines change neither the attempt's properties nor the verdict. */
  g_assert_cmpuint (counters.n_attempts_changed, ==, 1);
  g_assert_cmpuint (counters.n_verdict_notifies, ==, 0);

  counters_clear (&counters);
}

typedef struct
{
  GPtrArray *notified;        /* char *: property names, in order */
  guint      n_changed;       /* ::changed */
  guint      n_steps_added;
  guint      n_attempts_added;
} Observer;

static void
observer_notify_cb (GObject    *object,
                    GParamSpec *pspec,
                    Observer   *observer)
{
  g_ptr_array_add (observer->notified, g_strdup (g_param_spec_get_name (pspec)));
}

static void
observer_changed_cb (SpAttempt *attempt,
                     Observer  *observer)
{
  observer->n_changed++;
}

static void
observer_steps_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Observer   *observer)
{
  g_assert_cmpuint (removed, ==, 0);
  observer->n_steps_added += added;
}

static void
observer_attempts_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      Observer   *observer)
{
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (position + added, ==, g_list_model_get_n_items (model));
  observer->n_attempts_added += added;
}

static gboolean
observer_saw (Observer   *observer,
              const char *name)
{
  for (guint i = 0; i < observer->notified->len; i++)
    if (g_str_equal (g_ptr_array_index (observer->notified, i), name))
      return TRUE;

  return FALSE;
}

static void
observer_reset (Observer *observer)
{
  g_ptr_array_set_size (observer->notified, 0);
  observer->n_changed = 0;
  observer->n_steps_added = 0;
}

/* The CLI's log and the text export mark entries the same way. */
static void
test_markers (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autoptr(SpReply) reply = reply_new ("250 OK");
  static const char * const expected[] = { "--", "!!", "C:", "S:" };
  SpAttempt *attempt;

  sp_transcript_add_note (transcript, SP_STEP_DNS, "Looking up");
  sp_transcript_add_error (transcript, SP_STEP_DNS, "No answer");
  attempt = sp_transcript_add_attempt (transcript, "mx.example.test", "127.0.0.1", 25);
  sp_attempt_add_client_line (attempt, SP_STEP_EHLO, "EHLO probe.example.org");
  sp_attempt_add_reply (attempt, SP_STEP_EHLO, reply);

  g_assert_cmpuint (sp_transcript_get_n_entries (transcript), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (sp_transcript_entry_get_marker (sp_transcript_get_entry (transcript, i)),
                     ==, expected[i]);
}

static void
test_attempts (void)
{
  Counters counters;
  Observer observer = { g_ptr_array_new_with_free_func (g_free), 0, 0, 0 };
  g_autoptr(SpTranscript) transcript = new_counted_transcript (&counters);
  g_autoptr(SpReply) banner = reply_new ("220 mx.example.test ESMTP");
  g_autoptr(SpReply) ehlo = reply_new ("250-mx.example.test\r\n250-SIZE 1000\r\n250 PIPELINING");
  g_autoptr(SpReply) rcpt = reply_new ("550 5.1.1 User unknown");
  g_autoptr(SpCapabilities) capabilities = NULL;
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                                   "Connection refused");
  GListModel *attempts = sp_transcript_get_attempts (transcript);
  SpAttempt *first;
  SpAttempt *second;
  SpStepRecord *step;
  Observer step_observer = { g_ptr_array_new_with_free_func (g_free), 0, 0, 0 };

  g_assert_true (g_list_model_get_item_type (attempts) == SP_TYPE_ATTEMPT);
  g_signal_connect (attempts, "items-changed", G_CALLBACK (observer_attempts_cb), &observer);

  /* The test's own notes (DNS) belong to no attempt. */
  sp_transcript_begin_stage (transcript, SP_STEP_DNS);
  sp_transcript_add_note (transcript, SP_STEP_DNS, "Looking up");
  g_assert_cmpuint (counters.n_attempts_changed, ==, 0);

  /* Attempts are added waiting, in order, and the list says so. */
  first = sp_transcript_add_attempt (transcript, "mx1.example.test", "127.0.0.2", 25);
  second = sp_transcript_add_attempt (transcript, "mx2.example.test", "::1", 2525);
  g_assert_cmpuint (observer.n_attempts_added, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (attempts), ==, 2);
  g_assert_true (sp_transcript_get_attempt (transcript, 1) == second);
  g_assert_cmpuint (sp_attempt_get_index (second), ==, 1);
  g_assert_cmpint (sp_attempt_get_state (first), ==, SP_ATTEMPT_STATE_WAITING);
  g_assert_cmpint (sp_attempt_get_preference (first), ==, -1);
  g_assert_cmpint (sp_attempt_get_elapsed_usec (first), ==, -1);
  g_assert_cmpuint (counters.n_attempts_changed, ==, 2);

  g_signal_connect (first, "notify", G_CALLBACK (observer_notify_cb), &observer);
  g_signal_connect (first, "changed", G_CALLBACK (observer_changed_cb), &observer);
  g_signal_connect (sp_attempt_get_steps (first), "items-changed",
                    G_CALLBACK (observer_steps_cb), &observer);

  sp_attempt_set_preference (first, 10);
  g_assert_true (observer_saw (&observer, "preference"));
  observer_reset (&observer);
  /* The same value again notifies nothing. */
  sp_attempt_set_preference (first, 10);
  g_assert_cmpuint (observer.notified->len, ==, 0);
  g_assert_cmpuint (observer.n_changed, ==, 0);

  /* The first attempt: the connection fails. A step begins the attempt. */
  sp_attempt_begin_step (first, SP_STEP_CONNECT, NULL);
  g_assert_cmpint (sp_attempt_get_state (first), ==, SP_ATTEMPT_STATE_RUNNING);
  g_assert_true (observer_saw (&observer, "state"));
  g_assert_cmpuint (observer.n_steps_added, ==, 1);
  g_assert_cmpuint (observer.n_changed, >=, 1);
  step = sp_attempt_get_step (first, 0);
  g_assert_true (sp_attempt_get_running_step (first) == step);
  g_assert_true (sp_step_record_get_running (step));
  g_assert_cmpint (sp_step_record_get_elapsed_usec (step), ==, -1);
  g_signal_connect (step, "notify", G_CALLBACK (observer_notify_cb), &step_observer);
  observer_reset (&observer);

  g_usleep (20 * 1000);
  sp_attempt_add_error (first, SP_STEP_CONNECT, "Connection refused.");
  /* A log line changes no property. */
  g_assert_cmpuint (observer.notified->len, ==, 0);
  sp_attempt_end_step (first, NULL, refused);
  g_assert_true (observer_saw (&step_observer, "running"));
  g_assert_true (observer_saw (&step_observer, "elapsed-usec"));
  g_assert_true (observer_saw (&step_observer, "error"));
  g_assert_false (observer_saw (&step_observer, "reply"));
  g_assert_cmpuint (observer.n_changed, ==, 1);
  g_assert_null (sp_attempt_get_running_step (first));
  g_assert_error (sp_step_record_get_error (step), G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_true (sp_step_record_get_error (step) != refused);
  g_assert_cmpint (sp_step_record_get_elapsed_usec (step), >=, 20 * 1000);
  observer_reset (&observer);

  sp_attempt_end (first, SP_VERDICT_CONNECT_FAILED, SP_STEP_CONNECT,
                  "mx1 refused the connection.");
  g_assert_true (observer_saw (&observer, "verdict"));
  g_assert_true (observer_saw (&observer, "deciding-step"));
  g_assert_true (observer_saw (&observer, "detail"));
  g_assert_true (observer_saw (&observer, "state"));
  g_assert_true (observer_saw (&observer, "elapsed-usec"));
  /* One batch of notifications, one ::changed. */
  g_assert_cmpuint (observer.n_changed, ==, 1);
  g_assert_cmpint (sp_attempt_get_state (first), ==, SP_ATTEMPT_STATE_DONE);
  g_assert_cmpint (sp_attempt_get_elapsed_usec (first), >=, 20 * 1000);
  g_assert_cmpstr (sp_attempt_get_host (first), ==, "mx1.example.test");
  g_assert_cmpstr (sp_attempt_get_address (first), ==, "127.0.0.2");
  g_assert_cmpuint (sp_attempt_get_port (first), ==, 25);
  g_assert_cmpint (sp_attempt_get_verdict (first), ==, SP_VERDICT_CONNECT_FAILED);
  g_assert_cmpint (sp_attempt_get_deciding_step (first), ==, SP_STEP_CONNECT);
  g_assert_cmpstr (sp_attempt_get_detail (first), ==, "mx1 refused the connection.");
  g_assert_null (sp_attempt_get_deciding_reply (first));
  g_assert_null (sp_attempt_get_capabilities (first));
  observer_reset (&observer);

  /* An ended attempt takes no more steps and is not ended twice. */
  sp_attempt_begin_step (first, SP_STEP_BANNER, NULL);
  sp_attempt_end (first, SP_VERDICT_ACCEPTED, SP_STEP_NONE, NULL);
  g_assert_cmpuint (sp_attempt_get_n_steps (first), ==, 1);
  g_assert_cmpint (sp_attempt_get_verdict (first), ==, SP_VERDICT_CONNECT_FAILED);
  g_assert_cmpuint (observer.notified->len, ==, 0);

  /* The second attempt: a whole session, written while the first is
   * over; its entries carry its own index and its own clock. */
  sp_attempt_add_note (second, SP_STEP_CONNECT, "Connecting");
  g_assert_cmpint (sp_transcript_get_entry (transcript, 2)->attempt, ==, 1);
  g_assert_cmpint (sp_transcript_get_entry (transcript, 1)->attempt, ==, 0);
  g_assert_cmpint (sp_transcript_get_entry (transcript, 1)->elapsed_usec, >=, 20 * 1000);
  sp_attempt_begin_step (second, SP_STEP_CONNECT, NULL);
  sp_attempt_end_step (second, NULL, NULL);
  sp_attempt_begin_step (second, SP_STEP_BANNER, NULL);
  sp_attempt_add_reply (second, SP_STEP_BANNER, banner);
  sp_attempt_end_step (second, banner, NULL);
  sp_attempt_begin_step (second, SP_STEP_EHLO, "EHLO probe.example.org");
  sp_attempt_add_client_line (second, SP_STEP_EHLO, "EHLO probe.example.org");
  sp_attempt_add_reply (second, SP_STEP_EHLO, ehlo);
  sp_attempt_end_step (second, ehlo, NULL);
  capabilities = sp_capabilities_new_from_reply (ehlo);
  sp_attempt_set_capabilities (second, capabilities);
  sp_attempt_begin_step (second, SP_STEP_RCPT, "RCPT TO:<user@example.test>");
  sp_attempt_add_reply (second, SP_STEP_RCPT, rcpt);
  sp_attempt_end_step (second, rcpt, NULL);
  /* A step left running is closed by the end. */
  sp_attempt_begin_step (second, SP_STEP_QUIT, "QUIT");
  sp_attempt_end (second, SP_VERDICT_PERMANENT, SP_STEP_RCPT, "User unknown.");

  g_assert_cmpuint (sp_attempt_get_n_steps (second), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (sp_attempt_get_steps (second)), ==, 5);
  for (guint i = 0; i < sp_attempt_get_n_steps (second); i++)
    {
      step = sp_attempt_get_step (second, i);
      g_assert_false (sp_step_record_get_running (step));
      g_assert_null (sp_step_record_get_error (step));
    }
  g_assert_true (sp_attempt_get_capabilities (second) == capabilities);
  g_assert_true (sp_attempt_get_deciding_reply (second) == rcpt);
  step = sp_attempt_get_step (second, 1);
  g_assert_true (sp_step_record_get_reply (step) == banner);
  step = sp_attempt_get_step (second, 3);
  g_assert_cmpstr (sp_step_record_get_command (step), ==, "RCPT TO:<user@example.test>");
  step = sp_attempt_get_step (second, 4);
  g_assert_cmpint (sp_step_record_get_step (step), ==, SP_STEP_QUIT);
  g_assert_null (sp_step_record_get_reply (step));

  /* The transcript said which attempt changed, and only that one. */
  for (guint i = 0; i < counters.attempt_indexes->len; i++)
    g_assert_cmpuint (g_array_index (counters.attempt_indexes, guint, i), <, 2);
  g_assert_cmpuint (counters.n_verdict_notifies, ==, 0);
  g_assert_cmpuint (sp_transcript_get_n_entries (transcript), ==,
                    1 + sp_attempt_get_n_entries (first) + sp_attempt_get_n_entries (second));

  g_signal_handlers_disconnect_by_data (attempts, &observer);
  g_signal_handlers_disconnect_by_data (first, &observer);
  g_signal_handlers_disconnect_by_data (sp_attempt_get_steps (first), &observer);
  g_ptr_array_unref (observer.notified);
  g_ptr_array_unref (step_observer.notified);
  /* The replies are kept alive by the transcript alone. */
  g_clear_object (&transcript);
  counters_clear (&counters);
}

/* Every class of the model goes away with its last reference, and the
 * transcript takes its attempts and their steps with it. */
static void
test_model_finalize (void)
{
  SpTranscript *transcript = sp_transcript_new ();
  SpAttempt *attempt = sp_attempt_new (0, "mx.example.test", "127.0.0.1", 25);
  g_autoptr(SpReply) reply = reply_new ("250 Ok");
  SpStepRecord *record = sp_step_record_new_finished (SP_STEP_MAIL, "MAIL FROM:<>", reply, NULL,
                                                      1000);
  SpAttempt *held;
  SpStepRecord *step;

  g_assert_cmpint (sp_step_record_get_step (record), ==, SP_STEP_MAIL);
  g_assert_false (sp_step_record_get_running (record));
  g_assert_true (sp_step_record_get_reply (record) == reply);
  g_assert_finalize_object (record);

  sp_attempt_begin_step (attempt, SP_STEP_CONNECT, NULL);
  sp_attempt_add_note (attempt, SP_STEP_CONNECT, "Connecting");
  sp_attempt_end (attempt, SP_VERDICT_CONNECT_FAILED, SP_STEP_CONNECT, NULL);
  g_assert_finalize_object (attempt);

  held = g_object_ref (sp_transcript_add_attempt (transcript, "mx.example.test", "127.0.0.1", 25));
  sp_attempt_begin_step (held, SP_STEP_CONNECT, NULL);
  step = g_object_ref (sp_attempt_get_step (held, 0));
  sp_attempt_add_note (held, SP_STEP_CONNECT, "Connecting");
  g_assert_finalize_object (transcript);
  /* An attempt may outlive its test; it still works. */
  sp_attempt_add_note (held, SP_STEP_CONNECT, "Still here");
  g_assert_cmpuint (sp_attempt_get_n_entries (held), ==, 2);
  g_assert_finalize_object (held);
  g_assert_finalize_object (step);
}

static void
test_elapsed (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  const SpTranscriptEntry *entry;

  sp_test_begin_attempt (transcript, "mx.example.test", "127.0.0.1", 25);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_MAIL, "MAIL FROM:<>");
  g_usleep (30 * 1000);
  sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_MAIL, "MAIL FROM:<>");
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_RCPT,
                         "RCPT TO:<a@example.test>");
  sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_RCPT,
                              "RCPT TO:<a@example.test>");

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

  sp_test_begin_attempt (transcript, "mx.example.test", "127.0.0.1", 25);
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

          sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_OTHER,
                                      cases[i].input);
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
  sp_attempt_add_reply (sp_test_current_attempt (transcript), SP_STEP_BANNER, reply);
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

  sp_test_begin_attempt (transcript, "mx.example.test", "127.0.0.1", 25);
  sp_attempt_add_client_line (sp_test_current_attempt (transcript), SP_STEP_OTHER, long_line);
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
  SpAttempt *attempt = sp_transcript_add_attempt (transcript, "mx.example.test", "127.0.0.1",
                                                  25);
  const SpTranscriptEntry *entry;
  guint n;

  for (guint i = 0; i < SP_TRANSCRIPT_MAX_LINES + 100; i++)
    sp_attempt_add_client_line (attempt, SP_STEP_MESSAGE, "x");

  /* The limit, plus one note that says lines were left out. */
  n = sp_transcript_get_n_entries (transcript);
  g_assert_cmpuint (n, ==, SP_TRANSCRIPT_MAX_LINES + 1);
  entry = sp_transcript_get_entry (transcript, n - 1);
  g_assert_cmpint (entry->direction, ==, SP_DIRECTION_NOTE);
  g_assert_true (entry->is_error);

  /* Notes still get through, and the warning is not repeated. */
  sp_attempt_add_note (attempt, SP_STEP_QUIT, "Done");
  sp_attempt_add_client_line (attempt, SP_STEP_QUIT, "QUIT");
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
  SpAttempt *attempt;
  guint changed;

  valid->validated = TRUE;
  valid->trust = SP_TLS_TRUST_SYSTEM;
  expired->problems = SP_TLS_PROBLEM_EXPIRED;
  g_assert_false (expired->validated);
  g_assert_nonnull (expired->dns_names);

  sp_test_begin_attempt (transcript, "mx1.example.test", "127.0.0.1", 25);
  changed = counters.n_attempts_changed;
  sp_attempt_set_tls_report (sp_test_current_attempt (transcript), valid);
  g_assert_cmpuint (counters.n_attempts_changed, ==, changed + 1);
  /* The same report again changes nothing. */
  sp_attempt_set_tls_report (sp_test_current_attempt (transcript), valid);
  g_assert_cmpuint (counters.n_attempts_changed, ==, changed + 1);
  sp_attempt_set_auth (sp_test_current_attempt (transcript), "LOGIN", "kate", FALSE);
  g_assert_cmpuint (counters.n_attempts_changed, ==, changed + 2);
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH,
                  "Refused.");

  attempt = sp_transcript_get_attempt (transcript, 0);
  g_assert_true (sp_attempt_get_tls_report (attempt) == valid);
  g_assert_cmpstr (sp_attempt_get_auth_mechanism (attempt), ==, "LOGIN");
  g_assert_cmpstr (sp_attempt_get_auth_user (attempt), ==, "kate");
  g_assert_false (sp_attempt_get_authenticated (attempt));
  g_assert_false (sp_transcript_has_tls_problems (transcript));

  /* A second attempt with a certificate that did not validate marks the
   * whole transcript. */
  sp_test_begin_attempt (transcript, "mx2.example.test", "127.0.0.2", 25);
  sp_attempt_set_tls_report (sp_test_current_attempt (transcript), expired);
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE,
                  "Accepted.");
  attempt = sp_transcript_get_attempt (transcript, 1);
  g_assert_true (sp_attempt_get_tls_report (attempt) == expired);
  g_assert_null (sp_attempt_get_auth_mechanism (attempt));
  g_assert_true (sp_transcript_has_tls_problems (transcript));

  g_assert_cmpstr (sp_step_get_label (SP_STEP_AUTH), ==, "Login (AUTH)");
  g_assert_cmpstr (sp_verdict_get_label (SP_VERDICT_TLS_FAILED), ==, "Encryption failed");
}

/* Every property of an attempt reads what its getter returns. */
static void
test_attempt_properties (void)
{
  g_autoptr(SpAttempt) attempt = sp_attempt_new (3, "mx.example.test", "192.0.2.7", 2525);
  g_autoptr(SpTlsReport) report = sp_tls_report_new ("mx.example.test");
  g_autoptr(SpReply) ehlo = reply_new ("250-mx.example.test\r\n250 SIZE 1000");
  g_autoptr(SpCapabilities) capabilities = sp_capabilities_new_from_reply (ehlo);
  g_autofree char *host = NULL;
  g_autofree char *address = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *mechanism = NULL;
  g_autofree char *user = NULL;
  g_autoptr(SpCapabilities) read_capabilities = NULL;
  g_autoptr(SpTlsReport) read_report = NULL;
  g_autoptr(GListModel) steps = NULL;
  guint index, port;
  int preference;
  SpAttemptState state;
  SpVerdict verdict;
  SpStep deciding_step;
  gint64 elapsed_usec;
  gboolean authenticated;

  sp_attempt_set_preference (attempt, 20);
  sp_attempt_begin_step (attempt, SP_STEP_EHLO, "EHLO client.example.test");
  sp_attempt_end_step (attempt, ehlo, NULL);
  sp_attempt_set_capabilities (attempt, capabilities);
  sp_attempt_set_tls_report (attempt, report);
  sp_attempt_set_auth (attempt, "PLAIN", "kate", TRUE);
  sp_attempt_end (attempt, SP_VERDICT_TRANSIENT, SP_STEP_EHLO, "Try later.");

  g_object_get (attempt,
                "index", &index,
                "host", &host,
                "address", &address,
                "port", &port,
                "preference", &preference,
                "state", &state,
                "verdict", &verdict,
                "deciding-step", &deciding_step,
                "detail", &detail,
                "elapsed-usec", &elapsed_usec,
                "capabilities", &read_capabilities,
                "tls-report", &read_report,
                "auth-mechanism", &mechanism,
                "auth-user", &user,
                "authenticated", &authenticated,
                "steps", &steps,
                NULL);

  g_assert_cmpuint (index, ==, 3);
  g_assert_cmpstr (host, ==, "mx.example.test");
  g_assert_cmpstr (address, ==, "192.0.2.7");
  g_assert_cmpuint (port, ==, 2525);
  g_assert_cmpint (preference, ==, 20);
  g_assert_cmpint (state, ==, SP_ATTEMPT_STATE_DONE);
  g_assert_cmpint (verdict, ==, SP_VERDICT_TRANSIENT);
  g_assert_cmpint (deciding_step, ==, SP_STEP_EHLO);
  g_assert_cmpstr (detail, ==, sp_attempt_get_detail (attempt));
  g_assert_cmpint (elapsed_usec, ==, sp_attempt_get_elapsed_usec (attempt));
  g_assert_true (read_capabilities == capabilities);
  g_assert_true (read_report == report);
  g_assert_cmpstr (mechanism, ==, "PLAIN");
  g_assert_cmpstr (user, ==, "kate");
  g_assert_true (authenticated);
  g_assert_true (steps == sp_attempt_get_steps (attempt));
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
  g_test_add_func ("/sp/transcript/markers", test_markers);
  g_test_add_func ("/sp/transcript/attempts", test_attempts);
  g_test_add_func ("/sp/transcript/model-finalize", test_model_finalize);
  g_test_add_func ("/sp/transcript/elapsed", test_elapsed);
  g_test_add_func ("/sp/transcript/verdict-notify", test_verdict_notify);
  g_test_add_func ("/sp/transcript/hostile-text", test_hostile_text);
  g_test_add_func ("/sp/transcript/capping", test_capping);
  g_test_add_func ("/sp/transcript/line-limit", test_line_limit);
  g_test_add_func ("/sp/transcript/tls-and-auth", test_tls_and_auth);
  g_test_add_func ("/sp/transcript/attempt-properties", test_attempt_properties);

  return g_test_run ();
}
