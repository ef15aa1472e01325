/* sp-test-probe.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test-probe"

#include <string.h>

#include "sp-test-probe.h"
#include "sp-test-util.h"

void
sp_test_probe_run_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  SpTestProbeRun *r = user_data;

  r->verdict = sp_probe_run_finish (SP_PROBE (object), result, &r->error);
  r->done = TRUE;
}

SpProbeRequest *
sp_test_request_new (const char *server,
                     guint16     port)
{
  SpProbeRequest *request = sp_probe_request_new ();

  request->recipient = g_strdup ("kate@example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->server = g_strdup (server);
  request->port = port;

  return request;
}

static SpProbe *
run_probe (const SpProbeRequest *request,
           gboolean              keep_session)
{
  SpProbe *probe = sp_probe_new (request);
  SpTestProbeRun r = { 0 };

  sp_probe_set_keep_session (probe, keep_session);
  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, &r);
  g_assert_true (sp_test_iterate_until (&r.done, 60000));
  g_assert_no_error (r.error);

  return probe;
}

SpProbe *
sp_test_probe_run (const SpProbeRequest *request)
{
  return run_probe (request, FALSE);
}

SpProbe *
sp_test_probe_run_keeping (const SpProbeRequest *request)
{
  return run_probe (request, TRUE);
}

SpScriptedServer *
sp_test_scripted_start (const char *scenario)
{
  g_autoptr(GError) error = NULL;
  SpScriptedServer *server = sp_scripted_server_new (scenario, &error);

  g_assert_no_error (error);
  sp_scripted_server_start (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);

  return server;
}

gboolean
sp_test_received_has (SpScriptedServer *server,
                      const char       *line)
{
  GPtrArray *received = sp_scripted_server_get_received (server);

  for (guint i = 0; i < received->len; i++)
    if (g_strcmp0 (g_ptr_array_index (received, i), line) == 0)
      return TRUE;

  return FALSE;
}

gboolean
sp_test_received_has_prefix (SpScriptedServer *server,
                             const char       *prefix)
{
  GPtrArray *received = sp_scripted_server_get_received (server);

  for (guint i = 0; i < received->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (received, i), prefix))
      return TRUE;

  return FALSE;
}

gboolean
sp_test_transcript_has (SpTranscript *transcript,
                        SpDirection   direction,
                        const char   *needle)
{
  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);

      if (entry->direction == direction && strstr (entry->text, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

void
sp_test_transcript_dump (SpTranscript *transcript)
{
  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    g_test_message ("%s", sp_transcript_get_entry (transcript, i)->text);
}

SpProbe *
sp_test_probe_run_dumped (const SpProbeRequest *request)
{
  SpProbe *probe = sp_test_probe_run (request);

  sp_test_transcript_dump (sp_probe_get_transcript (probe));

  return probe;
}

void
sp_test_assert_verdict (SpProbe   *probe,
                        SpVerdict  verdict,
                        SpStep     step)
{
  SpTranscript *transcript = sp_probe_get_transcript (probe);

  g_assert_cmpstr (sp_verdict_to_string (sp_transcript_get_verdict (transcript)), ==,
                   sp_verdict_to_string (verdict));
  g_assert_cmpstr (sp_step_to_string (sp_transcript_get_deciding_step (transcript)), ==,
                   sp_step_to_string (step));
}

SpAttempt *
sp_test_probe_last_attempt (SpProbe *probe)
{
  SpTranscript *transcript = sp_probe_get_transcript (probe);
  guint n = sp_transcript_get_n_attempts (transcript);

  g_assert_cmpuint (n, >, 0);

  return sp_transcript_get_attempt (transcript, n - 1);
}
