/* test-netns.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <string.h>

#include "sp-test-util.h"

/* build-aux/test runs every suite through build-aux/netns and sets
 * SP_REQUIRE_NETNS=1: then this test fails unless the suites really are
 * in a network namespace of their own, with loopback up and nothing else,
 * so that no test can reach another host or the system's resolver. Run
 * by hand without the variable, it only says where it runs. */

/* The interfaces of this process's network namespace. /proc/net/dev is
 * per namespace (unlike /sys/class/net, which shows the namespace that
 * mounted sysfs). */
static GStrv
dup_interfaces (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;

  g_file_get_contents ("/proc/net/dev", &contents, NULL, &error);
  g_assert_no_error (error);

  /* Two header lines, then "  name: counters…" per interface. */
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (colon != NULL)
        {
          g_autofree char *name = g_strndup (lines[i], colon - lines[i]);

          g_strv_builder_add (names, g_strstrip (name));
        }
    }

  return g_strv_builder_end (names);
}

static void
test_only_loopback (void)
{
  g_auto(GStrv) interfaces = dup_interfaces ();
  g_autofree char *joined = g_strjoinv (", ", interfaces);
  gboolean required = g_strcmp0 (g_getenv ("SP_REQUIRE_NETNS"), "1") == 0;
  gboolean isolated = g_strv_length (interfaces) == 1 && g_str_equal (interfaces[0], "lo");

  g_test_message ("network interfaces: %s", joined);

  if (!isolated && !required)
    {
      g_test_skip ("Not in a private network namespace; run through build-aux/netns.");
      return;
    }

  g_assert_true (isolated);
}

static void
test_loopback_up (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) v4 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GInetAddress) other = g_inet_address_new_from_string ("127.0.0.21");
  g_autoptr(GSocketAddress) a = g_inet_socket_address_new (v4, 0);
  g_autoptr(GSocketAddress) b = g_inet_socket_address_new (other, 0);
  g_autoptr(GError) error = NULL;

  /* The tests put fake mail servers on many addresses of 127.0.0.0/8;
   * that needs loopback up, which a new namespace does not have. */
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), a, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), b, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error);
  g_assert_no_error (error);
  g_socket_service_stop (service);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/netns/only-loopback", test_only_loopback);
  g_test_add_func ("/sp/netns/loopback-up", test_loopback_up);

  return g_test_run ();
}
