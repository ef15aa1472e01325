/* sp-test-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test-util"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sp-test-util.h"

GVariant *
sp_test_parse_json (const char  *text,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GVariant *value;

  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           "The document is empty.");
      return NULL;
    }

  value = json_gvariant_deserialize (json_parser_get_root (parser), NULL, error);

  return value != NULL ? g_variant_ref_sink (value) : NULL;
}

guint16
sp_test_free_port (gboolean udp)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4,
                         udp ? G_SOCKET_TYPE_DATAGRAM : G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

gboolean
sp_test_wait_for_port (guint16 port,
                       guint   timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
      if (connection != NULL)
        return TRUE;
      g_usleep (50 * 1000);
    }

  return FALSE;
}

static gboolean
process_running (GSubprocess *process)
{
  /* GSubprocess reaps its child on GLib's worker thread, so this turns NULL
   * without the test iterating any main context. */
  return process != NULL && g_subprocess_get_identifier (process) != NULL;
}

static gboolean
answers_with_banner (const char *address,
                     guint16     port,
                     const char *banner_prefix)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new (inet, port);
  g_autoptr(GSocketConnection) connection = NULL;
  char banner[512];
  gsize got = 0;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, 2);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (target), NULL, NULL);
  if (connection == NULL)
    return FALSE;

  while (got < sizeof banner - 1 && memchr (banner, '\n', got) == NULL)
    {
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                      banner + got, sizeof banner - 1 - got, NULL, NULL);

      if (n <= 0)
        break;
      got += n;
    }
  banner[got] = '\0';

  return g_str_has_prefix (banner, banner_prefix);
}

gboolean
sp_test_wait_for_banner (GSubprocess *process,
                         const char  *address,
                         guint16      port,
                         const char  *banner_prefix,
                         guint        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      if (!process_running (process))
        return FALSE;
      if (answers_with_banner (address, port, banner_prefix))
        return TRUE;
      g_usleep (20 * 1000);
    }

  return FALSE;
}

char *
sp_test_make_tmpdir (const char *prefix)
{
  g_autofree char *template = NULL;
  const char *base = g_getenv ("G_TEST_BUILDDIR");
  char *dir;

  template = g_strdup_printf ("%s/%s-XXXXXX", base != NULL ? base : g_get_tmp_dir (), prefix);
  dir = g_mkdtemp (template);
  g_assert_nonnull (dir);

  return g_steal_pointer (&template);
}

void
sp_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      sp_test_rm_rf (child);
    }

  g_rmdir (path);
}

void
sp_test_stop_pid (GPid  pid,
                  guint timeout_ms)
{
  gint64 deadline;

  if (pid <= 0)
    return;

  kill (pid, SIGTERM);
  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      pid_t r = waitpid (pid, NULL, WNOHANG);

      /* ECHILD: not our child (a daemon that forked); fall back to kill (0). */
      if (r == pid || (r < 0 && errno == ECHILD && kill (pid, 0) != 0))
        return;
      g_usleep (20 * 1000);
    }

  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
}

static gboolean
iterate_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
sp_test_iterate_until (const gboolean *flag,
                       guint           timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id;

  id = g_timeout_add (timeout_ms, iterate_timeout_cb, &timed_out);
  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);

  return *flag;
}

gboolean
sp_test_is_root (void)
{
  return geteuid () == 0;
}

char *
sp_test_find_program (const char *program)
{
  static const char * const dirs[] = { "/usr/sbin", "/sbin", "/usr/bin" };
  char *found = g_find_program_in_path (program);

  if (found != NULL)
    return found;

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], program, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);
    }

  return NULL;
}

gpointer
sp_test_peer_or_skip (gpointer      peer,
                      const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_test_skip (error->message);
      return NULL;
    }
  g_assert_no_error (error);

  return peer;
}

void
sp_test_assert_file_contents (const char *path,
                              const char *expected)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected);
}

void
sp_test_assert_no_temp_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] == '.')
      g_error ("A temporary file was left behind in %s: %s", dir_path, name);
}

static char *made_locales;

static void
remove_made_locales (void)
{
  if (made_locales == NULL)
    return;
  /* localedef wrote a directory of a few files for the locale. */
  sp_test_rm_rf (made_locales);
  g_clear_pointer (&made_locales, g_free);
}

/* Compiles pl_PL.UTF-8 from the locale sources (Debian's locales package)
 * into a temporary directory that LOCPATH then names, for a machine that has
 * only C.UTF-8 installed, as a fresh Debian has. */
static const char *
make_decimal_comma_locale (void)
{
  g_autofree char *localedef = sp_test_find_program ("localedef");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (localedef == NULL || !g_file_test ("/usr/share/i18n/locales/pl_PL", G_FILE_TEST_EXISTS))
    return NULL;

  made_locales = g_dir_make_tmp ("sp-test-locale-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_made_locales);
  path = g_build_filename (made_locales, "pl_PL.UTF-8", NULL);
  {
    const char *argv[] = { localedef, "-i", "pl_PL", "-f", "UTF-8", path, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
        !g_spawn_check_wait_status (status, NULL))
      return NULL;
  }
  /* glibc reads LOCPATH at each setlocale (). */
  g_setenv ("LOCPATH", made_locales, TRUE);

  return "pl_PL.UTF-8";
}

const char *
sp_test_find_decimal_comma_locale (void)
{
  /* The languages SMTP Probe is translated into first, then others. */
  static const char * const candidates[] = {
    "pl_PL.UTF-8", "pt_BR.UTF-8", "es_ES.UTF-8", "it_IT.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8",
    "pl_PL.utf8", "pt_BR.utf8", "es_ES.utf8", "it_IT.utf8", "de_DE.utf8", "fr_FR.utf8",
    NULL,
  };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  const char *found = NULL;

  for (guint i = 0; candidates[i] != NULL && found == NULL; i++)
    if (setlocale (LC_NUMERIC, candidates[i]) != NULL &&
        g_strcmp0 (localeconv ()->decimal_point, ",") == 0)
      found = candidates[i];

  /* None installed: make one, once. */
  if (found == NULL && made_locales == NULL)
    {
      const char *made = make_decimal_comma_locale ();

      if (made != NULL && setlocale (LC_NUMERIC, made) != NULL &&
          g_strcmp0 (localeconv ()->decimal_point, ",") == 0)
        found = made;
    }

  setlocale (LC_NUMERIC, saved);

  return found;
}
