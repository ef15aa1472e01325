/* sp-test-certs.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test-certs"

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "sp-test-certs.h"
#include "sp-test-util.h"
#include "sp-tls-report-private.h"

#define PYTHON "/usr/bin/python3"

SpTestCerts *
sp_test_certs_make (GError **error)
{
  g_autoptr(SpTestCerts) certs = NULL;
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dir = NULL;
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  const char *argv[4] = { PYTHON, NULL, NULL, NULL };
  int status = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (srcdir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "G_TEST_SRCDIR is not set, so make-certs.py cannot be found; run the "
                   "test through meson test.");
      return NULL;
    }
  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s is missing.", PYTHON);
      return NULL;
    }

  script = g_build_filename (srcdir, "support", "make-certs.py", NULL);
  certs = g_new0 (SpTestCerts, 1);
  dir = sp_test_make_tmpdir ("certs");
  /* Absolute, and open to the test Postfix's own user. */
  certs->dir = g_canonicalize_filename (dir, NULL);
  g_chmod (certs->dir, 0755);
  argv[1] = script;
  argv[2] = certs->dir;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &out, &status, error))
    return NULL;

  if (g_spawn_check_wait_status (status, NULL) == FALSE)
    {
      if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     "%s has no cryptography module (Debian package python3-cryptography).",
                     PYTHON);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "make-certs.py failed: %s",
                     out != NULL ? out : "");
      return NULL;
    }

  certs->ca_file = g_build_filename (certs->dir, "ca.pem", NULL);
  certs->other_ca_file = g_build_filename (certs->dir, "other-ca.pem", NULL);
  certs->key_file = g_build_filename (certs->dir, "leaf.key", NULL);
  certs->valid = g_build_filename (certs->dir, "valid.pem", NULL);
  certs->wrong_name = g_build_filename (certs->dir, "wrong-name.pem", NULL);
  certs->expired = g_build_filename (certs->dir, "expired.pem", NULL);
  certs->not_yet_valid = g_build_filename (certs->dir, "not-yet-valid.pem", NULL);
  certs->self_signed = g_build_filename (certs->dir, "self-signed.pem", NULL);
  certs->wildcard = g_build_filename (certs->dir, "wildcard.pem", NULL);

  return g_steal_pointer (&certs);
}

SpTestCerts *
sp_test_certs_make_or_skip (void)
{
  g_autoptr(GError) error = NULL;
  SpTestCerts *certs;

  certs = sp_test_certs_make (&error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    {
      g_test_skip (error->message);
      return NULL;
    }
  g_assert_no_error (error);

  return certs;
}

static SpTestCerts *shared_certs;
static char *shared_skip_reason;

SpTestCerts *
sp_test_certs_make_shared (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (shared_certs);

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      shared_skip_reason = g_strdup ("GLib has no TLS backend here (glib-networking).");
      return NULL;
    }

  shared_certs = sp_test_certs_make (&error);
  if (shared_certs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        g_error ("Could not make the test certificates: %s", error->message);
      shared_skip_reason = g_strdup (error->message);
    }

  return shared_certs;
}

gboolean
sp_test_certs_have_shared (void)
{
  if (shared_certs == NULL)
    {
      g_test_skip (shared_skip_reason != NULL ? shared_skip_reason
                                              : "sp_test_certs_make_shared () was not called.");
      return FALSE;
    }

  return TRUE;
}

void
sp_test_certs_free_shared (void)
{
  g_clear_pointer (&shared_certs, sp_test_certs_free);
  g_clear_pointer (&shared_skip_reason, g_free);
}

void
sp_test_certs_free (SpTestCerts *certs)
{
  if (certs == NULL)
    return;

  if (certs->dir != NULL && g_getenv ("SP_TEST_KEEP_TMPDIR") == NULL)
    sp_test_rm_rf (certs->dir);

  g_free (certs->dir);
  g_free (certs->ca_file);
  g_free (certs->other_ca_file);
  g_free (certs->key_file);
  g_free (certs->valid);
  g_free (certs->wrong_name);
  g_free (certs->expired);
  g_free (certs->not_yet_valid);
  g_free (certs->self_signed);
  g_free (certs->wildcard);
  g_free (certs);
}

static gboolean
accept_any_certificate_cb (GTlsConnection       *tls,
                           GTlsCertificate      *peer,
                           GTlsCertificateFlags  errors,
                           gpointer              user_data)
{
  /* Only the banner matters here, not who the server is. */
  return TRUE;
}

static gboolean
answers_with_tls_banner (const char *address,
                         guint16     port,
                         const char *banner_prefix)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new (inet, port);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GIOStream) tls = NULL;
  char banner[512];
  gsize got = 0;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, 2);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (target), NULL, NULL);
  if (connection == NULL)
    return FALSE;

  tls = g_tls_client_connection_new (G_IO_STREAM (connection), NULL, NULL);
  if (tls == NULL)
    return FALSE;
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_certificate_cb), NULL);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
    return FALSE;

  while (got < sizeof banner - 1 && memchr (banner, '\n', got) == NULL)
    {
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (tls),
                                      banner + got, sizeof banner - 1 - got, NULL, NULL);

      if (n <= 0)
        break;
      got += n;
    }
  banner[got] = '\0';

  return g_str_has_prefix (banner, banner_prefix);
}

gboolean
sp_test_wait_for_tls_banner (GSubprocess *process,
                             const char  *address,
                             guint16      port,
                             const char  *banner_prefix,
                             guint        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      /* GSubprocess reaps its child on GLib's worker thread, so this turns
       * NULL without the test iterating any main context. */
      if (process == NULL || g_subprocess_get_identifier (process) == NULL)
        return FALSE;
      if (answers_with_tls_banner (address, port, banner_prefix))
        return TRUE;
      g_usleep (20 * 1000);
    }

  return FALSE;
}

static void
count_ca_read (const char *path,
               gpointer    user_data)
{
  SpTestCaReads *reads = user_data;

  g_mutex_lock (&reads->lock);
  reads->n_reads++;
  if (g_thread_self () == reads->thread)
    reads->n_reads_in_thread++;
  g_mutex_unlock (&reads->lock);
}

void
sp_test_ca_reads_start (SpTestCaReads *reads)
{
  memset (reads, 0, sizeof *reads);
  g_mutex_init (&reads->lock);
  reads->thread = g_thread_self ();
  _sp_tls_set_ca_file_read_hook (count_ca_read, reads);
}

void
sp_test_ca_reads_stop (SpTestCaReads *reads)
{
  _sp_tls_set_ca_file_read_hook (NULL, NULL);
  g_mutex_clear (&reads->lock);
}
