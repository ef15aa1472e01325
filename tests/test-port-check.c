/* test-port-check.c: telling a dead server from a blocked port 25
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs in a private network namespace (build-aux/netns), where nftables
 * drops packets to addresses of the test's own, the way a network that
 * blocks outgoing port 25 does.
 */

#include "config.h"

#include "sp-port-check.h"
#include "sp-test-firewall.h"
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/port-check/reach", test_reach);
  g_test_add_func ("/sp/port-check/cancel", test_cancel);
  g_test_add_func ("/sp/port-check/empty", test_empty);

  return g_test_run ();
}
