/* sp-test-probe.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-probe.h"
#include "sp-scripted-server.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

/* What sp_test_probe_run_cb() saw when a probe ended. */
typedef struct
{
  gboolean   done;
  SpVerdict  verdict;
  GError    *error;
} SpTestProbeRun;

/* The callback for sp_probe_run_async(); @user_data is an SpTestProbeRun. */
void              sp_test_probe_run_cb           (GObject              *object,
                                                  GAsyncResult         *result,
                                                  gpointer              user_data);
/* A request from helpdesk@example.org to kate@example.test, to @server
 * (NULL: the recipient's mail servers) on @port: what most tests send. */
SpProbeRequest   *sp_test_request_new            (const char           *server,
                                                  guint16               port);
/* Runs a probe for @request until it ends (at most a minute) and asserts
 * that it ended without an error. */
SpProbe          *sp_test_probe_run              (const SpProbeRequest *request);
/* The same, with the connection kept open for sp_probe_take_session (). */
SpProbe          *sp_test_probe_run_keeping      (const SpProbeRequest *request);
/* Starts a scripted server for @scenario on 127.0.0.1, on a free port. */
SpScriptedServer *sp_test_scripted_start         (const char           *scenario);
/* Whether the scripted server received exactly @line. */
gboolean          sp_test_received_has           (SpScriptedServer     *server,
                                                  const char           *line);
/* Whether the scripted server received a line starting with @prefix. */
gboolean          sp_test_received_has_prefix    (SpScriptedServer     *server,
                                                  const char           *prefix);
/* Whether an entry going @direction contains @needle. */
gboolean          sp_test_transcript_has         (SpTranscript         *transcript,
                                                  SpDirection           direction,
                                                  const char           *needle);
/* Every entry of @transcript as a test message, to read after a failure. */
void              sp_test_transcript_dump        (SpTranscript         *transcript);
/* Like sp_test_probe_run(), and dumps the transcript (see above). */
SpProbe          *sp_test_probe_run_dumped       (const SpProbeRequest *request);
/* Asserts the verdict and the step that decided it. */
void              sp_test_assert_verdict         (SpProbe              *probe,
                                                  SpVerdict             verdict,
                                                  SpStep                step);
/* The last attempt of the probe's transcript; there must be one. */
SpAttempt *sp_test_probe_last_attempt (SpProbe         *probe);

G_END_DECLS
