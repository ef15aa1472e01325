/* test-port-check.c: telling a dead server from a blocked port 25
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs in a private network namespace (build-aux/netns), where nftables
 * drops packets to addresses of the test's own, the way a network that
 * blocks outgoing port 25 does.
 */

#include "config.h"

#include <string.h>

#include "sp-diagnosis.h"
#include "sp-port-check.h"
#include "sp-test-firewall.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

typedef struct
{
  gboolean      done;
  SpPortCheck  *check;
  GError       *error;
} Outcome;

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->check = sp_port_check_run_finish (result, &outcome->error);
  outcome->done = TRUE;
}

static GPtrArray *
addresses_of (const char * const *strings)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; strings[i] != NULL; i++)
    g_ptr_array_add (addresses, g_inet_address_new_from_string (strings[i]));

  return addresses;
}

static GSocketService *
listen_on (const char *address,
           guint16     port)
{
  GSocketService *service = g_socket_service_new ();
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, port);
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), socket_address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, NULL,
                                 &error);
  g_assert_no_error (error);

  return service;
}

static void
run_check (GPtrArray     *addresses,
           const guint16 *ports,
           guint          n_ports,
           GCancellable  *cancellable,
           Outcome       *outcome)
{
  sp_port_check_run_async (addresses, ports, n_ports, 1500, cancellable, check_cb, outcome);
  g_assert_true (sp_test_iterate_until (&outcome->done, 10000));
}

static SpPortReach
reach_of (SpPortCheck *check,
          const char  *address,
          guint16      port)
{
  for (guint i = 0; i < sp_port_check_get_n_results (check); i++)
    {
      GInetSocketAddress *tried = sp_port_check_get_address (check, i);
      g_autofree char *string =
        g_inet_address_to_string (g_inet_socket_address_get_address (tried));

      if (g_str_equal (string, address) && g_inet_socket_address_get_port (tried) == port)
        return sp_port_check_get_reach (check, i);
    }

  g_assert_not_reached ();
}

/* Open, refused and dropped ports tell apart; an address that answers on
 * none of them does not count as answering. */
static void
test_reach (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpTestFirewall) firewall = sp_test_peer_or_skip (sp_test_firewall_new (&error),
                                                             error);
  const char *both[] = { "127.0.0.31", "127.0.0.32", NULL };
  const char *dropped[] = { "127.0.0.32", NULL };
  g_autoptr(GPtrArray) addresses = addresses_of (both);
  g_autoptr(GPtrArray) dropped_only = addresses_of (dropped);
  g_autoptr(GSocketService) service = NULL;
  guint16 ports[2];
  Outcome outcome = { 0 };
  Outcome silent = { 0 };

  if (firewall == NULL)
    return;

  ports[0] = sp_test_free_port (FALSE);
  ports[1] = sp_test_free_port (FALSE);
  g_assert_cmpuint (ports[0], !=, ports[1]);
  service = listen_on ("127.0.0.31", ports[0]);
  sp_test_firewall_drop (firewall, "127.0.0.32", ports[0]);
  sp_test_firewall_drop (firewall, "127.0.0.32", ports[1]);

  run_check (addresses, ports, G_N_ELEMENTS (ports), NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (sp_port_check_get_n_results (outcome.check), ==, 4);
  g_assert_cmpint (reach_of (outcome.check, "127.0.0.31", ports[0]), ==, SP_PORT_REACH_OPEN);
  g_assert_cmpint (reach_of (outcome.check, "127.0.0.31", ports[1]), ==,
                   SP_PORT_REACH_REFUSED);
  g_assert_cmpint (reach_of (outcome.check, "127.0.0.32", ports[0]), ==,
                   SP_PORT_REACH_TIMED_OUT);
  g_assert_cmpint (reach_of (outcome.check, "127.0.0.32", ports[1]), ==,
                   SP_PORT_REACH_TIMED_OUT);
  g_assert_true (sp_port_check_any_answered (outcome.check));
  g_assert_cmpuint (sp_port_check_get_answering_port (outcome.check), ==, ports[0]);
  sp_port_check_unref (outcome.check);

  run_check (dropped_only, ports, G_N_ELEMENTS (ports), NULL, &silent);
  g_assert_no_error (silent.error);
  g_assert_false (sp_port_check_any_answered (silent.check));
  g_assert_cmpuint (sp_port_check_get_answering_port (silent.check), ==, 0);
  sp_port_check_unref (silent.check);

  g_socket_service_stop (service);
}

/* Cancelled by the caller: an error, not a result that says "no answer". */
static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpTestFirewall) firewall = sp_test_peer_or_skip (sp_test_firewall_new (&error),
                                                             error);
  const char *dropped[] = { "127.0.0.33", NULL };
  g_autoptr(GPtrArray) addresses = addresses_of (dropped);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint16 port = sp_test_free_port (FALSE);
  Outcome outcome = { 0 };

  if (firewall == NULL)
    return;

  sp_test_firewall_drop (firewall, "127.0.0.33", port);
  sp_port_check_run_async (addresses, &port, 1, 60000, cancellable, check_cb, &outcome);
  g_cancellable_cancel (cancellable);
  g_assert_true (sp_test_iterate_until (&outcome.done, 5000));
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (outcome.check);
  g_clear_error (&outcome.error);
}

/* Nothing to try: a result at once, with nothing answering. */
static void
test_empty (void)
{
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_object_unref);
  guint16 port = 587;
  Outcome outcome = { 0 };

  run_check (addresses, &port, 1, NULL, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (sp_port_check_get_n_results (outcome.check), ==, 0);
  g_assert_false (sp_port_check_any_answered (outcome.check));
  sp_port_check_unref (outcome.check);
}

/* A whole test against one server on port 25, as a user runs it. */
static SpProbe *
probe_port_25 (const char *server)
{
  g_autoptr(SpProbeRequest) request = NULL;

  request = sp_test_request_new (server, 25);
  request->timeout_ms = 1500;

  return sp_test_probe_run_dumped (request);
}

/* Port 25 dropped on the way, 587 open: the servers are up and this
 * network blocks port 25, which the verdict, the explanation and the log
 * all say. */
static void
test_probe_port_25_blocked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpTestFirewall) firewall = sp_test_peer_or_skip (sp_test_firewall_new (&error),
                                                             error);
  g_autoptr(GSocketService) submission = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  SpTranscript *transcript;
  SpPortCheck *check;

  if (firewall == NULL)
    return;

  sp_test_firewall_drop (firewall, "127.0.0.25", 25);
  submission = listen_on ("127.0.0.25", 587);

  probe = probe_port_25 ("127.0.0.25");
  transcript = sp_probe_get_transcript (probe);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_CONNECT_FAILED);

  check = sp_transcript_get_port_check (transcript);
  g_assert_nonnull (check);
  g_assert_true (sp_port_check_any_answered (check));
  g_assert_cmpuint (sp_port_check_get_answering_port (check), ==, 587);

  explanation = sp_diagnosis_explain_transcript (transcript);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "port-25-blocked");
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (transcript),
                            "blocks outgoing connections to port 25"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "127.0.0.25 answered on port 587"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "127.0.0.25 refused a connection on port 465"));

  g_socket_service_stop (submission);
}

/* Every port dropped: the servers answer nowhere, which is not a blocked
 * port 25. */
static void
test_probe_nothing_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpTestFirewall) firewall = sp_test_peer_or_skip (sp_test_firewall_new (&error),
                                                             error);
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  SpTranscript *transcript;

  if (firewall == NULL)
    return;

  sp_test_firewall_drop (firewall, "127.0.0.26", 25);
  sp_test_firewall_drop (firewall, "127.0.0.26", 587);
  sp_test_firewall_drop (firewall, "127.0.0.26", 465);

  probe = probe_port_25 ("127.0.0.26");
  transcript = sp_probe_get_transcript (probe);
  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_CONNECT_FAILED);
  g_assert_nonnull (sp_transcript_get_port_check (transcript));
  g_assert_false (sp_port_check_any_answered (sp_transcript_get_port_check (transcript)));

  explanation = sp_diagnosis_explain_transcript (transcript);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "connect-no-port-answers");
  g_assert_nonnull (strstr (sp_transcript_get_verdict_detail (transcript),
                            "do not answer on ports 587 and 465 either"));
  g_assert_true (sp_test_transcript_has (transcript, SP_DIRECTION_NOTE,
                                         "127.0.0.26 did not answer on port 587 at all"));
}

/* A refusal on port 25 is an answer: no check of other ports. */
static void
test_probe_refused_no_check (void)
{
  g_autoptr(SpProbe) probe = probe_port_25 ("127.0.0.27");
  SpTranscript *transcript = sp_probe_get_transcript (probe);
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_transcript (transcript);

  g_assert_cmpint (sp_transcript_get_verdict (transcript), ==, SP_VERDICT_CONNECT_FAILED);
  g_assert_null (sp_transcript_get_port_check (transcript));
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "connect-refused");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/port-check/reach", test_reach);
  g_test_add_func ("/sp/port-check/cancel", test_cancel);
  g_test_add_func ("/sp/port-check/empty", test_empty);
  g_test_add_func ("/sp/port-check/probe/port-25-blocked", test_probe_port_25_blocked);
  g_test_add_func ("/sp/port-check/probe/nothing-answers", test_probe_nothing_answers);
  g_test_add_func ("/sp/port-check/probe/refused-no-check", test_probe_refused_no_check);

  return g_test_run ();
}
