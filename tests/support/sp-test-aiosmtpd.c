/* sp-test-aiosmtpd.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test-aiosmtpd"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sp-test-aiosmtpd.h"
#include "sp-test-certs.h"
#include "sp-test-util.h"

#define PYTHON            "/usr/bin/python3"
#define DEFAULT_HOSTNAME  "aiosmtpd.example.test"
#define START_TIMEOUT_MS  20000
#define STOP_TIMEOUT_MS   5000
#define MAX_ATTEMPTS      3

struct _SpTestAiosmtpd
{
  char        *dir;
  char        *messages_dir;
  char        *address;
  char        *hostname;
  GSubprocess *process;
  guint16      port;
  guint        start_ms;
  gboolean     implicit_tls;
};

/* Servers still running, stopped at exit if a test forgot to. */
static GList *running;

static void
stop_all_at_exit (void)
{
  while (running != NULL)
    sp_test_aiosmtpd_stop (running->data);
}

static gboolean
python_has_aiosmtpd (void)
{
  static gsize checked;
  static gboolean available;

  if (g_once_init_enter (&checked))
    {
      const char *argv[] = { PYTHON, "-c", "import aiosmtpd", NULL };
      int status = -1;

      available = g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE)
                  && g_spawn_sync (NULL, (char **) argv, NULL,
                                   G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, NULL)
                  && g_spawn_check_wait_status (status, NULL);
      g_once_init_leave (&checked, 1);
    }

  return available;
}

static char *
find_support_dir (GError **error)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;

  if (srcdir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "G_TEST_SRCDIR is not set, so aiosmtpd_saver.py cannot be found; "
                   "run the test through meson test or set it to the tests/ directory.");
      return NULL;
    }

  dir = g_build_filename (srcdir, "support", NULL);
  script = g_build_filename (dir, "aiosmtpd_saver.py", NULL);
  if (!g_file_test (script, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s does not exist; G_TEST_SRCDIR should point at the tests/ directory.",
                   script);
      return NULL;
    }

  return g_canonicalize_filename (dir, NULL);
}

/* The server must not outlive the test, even one that aborts on a failed
 * assertion: the kernel sends it SIGTERM when its parent goes away. */
static void
child_setup (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != parent)
    _exit (1);
}

static gboolean
process_running (SpTestAiosmtpd *self)
{
  /* GSubprocess reaps its child on GLib's worker thread, so this turns NULL
   * without the test iterating any main context. */
  return self->process != NULL && g_subprocess_get_identifier (self->process) != NULL;
}

static void
stop_process (SpTestAiosmtpd *self)
{
  gint64 deadline;

  if (self->process == NULL)
    return;

  if (process_running (self))
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      deadline = g_get_monotonic_time () + (gint64) STOP_TIMEOUT_MS * 1000;
      while (process_running (self) && g_get_monotonic_time () < deadline)
        g_usleep (5 * 1000);
      if (process_running (self))
        g_subprocess_force_exit (self->process);
    }

  g_clear_object (&self->process);
}

/* Another listener could hold the port, so the banner must be ours. */
static gboolean
wait_until_listening (SpTestAiosmtpd *self,
                      guint           timeout_ms)
{
  g_autofree char *expected = g_strdup_printf ("220 %s ", self->hostname);

  if (self->implicit_tls)
    return sp_test_wait_for_tls_banner (self->process, self->address, self->port, expected,
                                        timeout_ms);

  return sp_test_wait_for_banner (self->process, self->address, self->port, expected,
                                  timeout_ms);
}

static gboolean
launch (SpTestAiosmtpd              *self,
        const SpTestAiosmtpdOptions *options,
        const char                  *support_dir,
        GError                     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out_path = g_build_filename (self->dir, "aiosmtpd.out", NULL);

  g_ptr_array_add (argv, g_strdup (PYTHON));
  g_ptr_array_add (argv, g_strdup ("-m"));
  g_ptr_array_add (argv, g_strdup ("aiosmtpd"));
  g_ptr_array_add (argv, g_strdup ("-n"));
  g_ptr_array_add (argv, g_strdup ("-l"));
  /* aiosmtpd splits host and port at the last colon, which suits ::1. */
  g_ptr_array_add (argv, g_strdup_printf ("%s:%u", self->address, self->port));
  if (options->tls_cert_file != NULL)
    {
      g_ptr_array_add (argv, g_strdup (self->implicit_tls ? "--smtpscert" : "--tlscert"));
      g_ptr_array_add (argv, g_strdup (options->tls_cert_file));
      g_ptr_array_add (argv, g_strdup (self->implicit_tls ? "--smtpskey" : "--tlskey"));
      g_ptr_array_add (argv, g_strdup (options->tls_key_file != NULL ? options->tls_key_file
                                                                     : options->tls_cert_file));
    }
  if (!options->require_tls)
    g_ptr_array_add (argv, g_strdup ("--no-requiretls"));
  if (options->smtputf8)
    g_ptr_array_add (argv, g_strdup ("--smtputf8"));
  if (options->size_limit > 0)
    {
      g_ptr_array_add (argv, g_strdup ("--size"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", options->size_limit));
    }
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup ("aiosmtpd_saver.Saver"));
  g_ptr_array_add (argv, g_strdup (self->messages_dir));
  g_ptr_array_add (argv, g_strdup (self->hostname));
  if (options->auth_user != NULL)
    {
      g_autofree char *auth_path = g_build_filename (self->dir, "auth", NULL);
      g_autofree char *auth = g_strdup_printf ("%s\n%s", options->auth_user,
                                               options->auth_password != NULL
                                                 ? options->auth_password : "");

      /* In a file, not on the command line, where ps would show it. */
      if (!g_file_set_contents_full (auth_path, auth, -1, G_FILE_SET_CONTENTS_NONE, 0600, error))
        return FALSE;
      g_ptr_array_add (argv, g_strdup_printf ("auth-file=%s", auth_path));
    }
  if (options->auth_allow_plaintext)
    g_ptr_array_add (argv, g_strdup ("auth-plaintext"));
  if (options->auth_exclude != NULL)
    g_ptr_array_add (argv, g_strdup_printf ("auth-exclude=%s", options->auth_exclude));
  if (self->implicit_tls)
    g_ptr_array_add (argv, g_strdup ("implicit-tls"));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  /* Never the test's stdout: that carries TAP. */
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  g_subprocess_launcher_setenv (launcher, "PYTHONPATH", support_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "PYTHONDONTWRITEBYTECODE", "1", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup,
                                         GINT_TO_POINTER (getpid ()), NULL);
  self->process = g_subprocess_launcher_spawnv (launcher,
                                                (const char * const *) argv->pdata, error);

  return self->process != NULL;
}

static char *
describe_failure (SpTestAiosmtpd *self)
{
  g_autofree char *out_path = g_build_filename (self->dir, "aiosmtpd.out", NULL);
  g_autofree char *out = NULL;

  g_file_get_contents (out_path, &out, NULL, NULL);

  return g_strdup_printf ("aiosmtpd did not start listening on %s port %u. It said:\n%s",
                          self->address, self->port, out != NULL ? out : "");
}

SpTestAiosmtpd *
sp_test_aiosmtpd_start (const SpTestAiosmtpdOptions  *options,
                        GError                      **error)
{
  static const SpTestAiosmtpdOptions defaults = { 0 };
  static gboolean atexit_added;
  g_autoptr(SpTestAiosmtpd) self = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autofree char *support_dir = NULL;
  gint64 started;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;

  if (!python_has_aiosmtpd ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s cannot import aiosmtpd (Debian package python3-aiosmtpd).", PYTHON);
      return NULL;
    }

  support_dir = find_support_dir (error);
  if (support_dir == NULL)
    return NULL;

  inet = g_inet_address_new_from_string (options->address != NULL ? options->address
                                                                  : "127.0.0.1");
  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The test aiosmtpd listens on loopback addresses only, not “%s”.",
                   options->address);
      return NULL;
    }

  started = g_get_monotonic_time ();
  self = g_new0 (SpTestAiosmtpd, 1);
  self->address = g_inet_address_to_string (inet);
  self->hostname = g_strdup (options->hostname != NULL ? options->hostname : DEFAULT_HOSTNAME);
  self->implicit_tls = options->implicit_tls && options->tls_cert_file != NULL;
  self->dir = sp_test_make_tmpdir ("aiosmtpd");
  self->messages_dir = g_build_filename (self->dir, "messages", NULL);
  if (g_mkdir (self->messages_dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Could not make %s.", self->messages_dir);
      return NULL;
    }

  if (!atexit_added)
    {
      atexit (stop_all_at_exit);
      atexit_added = TRUE;
    }

  for (guint attempt = 1; ; attempt++)
    {
      g_autofree char *failure = NULL;

      self->port = options->port != 0 ? options->port : sp_test_free_port (FALSE);
      if (!launch (self, options, support_dir, error))
        return NULL;
      running = g_list_prepend (running, self);

      if (wait_until_listening (self, START_TIMEOUT_MS))
        break;

      /* A port picked for us may have been taken in the meantime. */
      if (options->port == 0 && attempt < MAX_ATTEMPTS && !process_running (self))
        {
          running = g_list_remove (running, self);
          stop_process (self);
          continue;
        }

      failure = describe_failure (self);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, failure);
      return NULL;
    }

  self->start_ms = (guint) ((g_get_monotonic_time () - started) / 1000);
  if (g_test_initialized ())
    g_test_message ("aiosmtpd on %s port %u started in %u ms (PID %s, dir %s)",
                    self->address, self->port, self->start_ms,
                    g_subprocess_get_identifier (self->process), self->dir);

  return g_steal_pointer (&self);
}

SpTestAiosmtpd *
sp_test_aiosmtpd_start_or_skip (const SpTestAiosmtpdOptions *options)
{
  g_autoptr(GError) error = NULL;
  SpTestAiosmtpd *self;

  self = sp_test_aiosmtpd_start (options, &error);

  return sp_test_peer_or_skip (self, error);
}

void
sp_test_aiosmtpd_stop (SpTestAiosmtpd *self)
{
  if (self == NULL)
    return;

  running = g_list_remove (running, self);
  stop_process (self);

  if (self->dir != NULL && g_getenv ("SP_TEST_KEEP_TMPDIR") == NULL)
    sp_test_rm_rf (self->dir);

  g_free (self->dir);
  g_free (self->messages_dir);
  g_free (self->address);
  g_free (self->hostname);
  g_free (self);
}

const char *
sp_test_aiosmtpd_get_address (SpTestAiosmtpd *self)
{
  return self->address;
}

guint16
sp_test_aiosmtpd_get_port (SpTestAiosmtpd *self)
{
  return self->port;
}

const char *
sp_test_aiosmtpd_get_dir (SpTestAiosmtpd *self)
{
  return self->dir;
}

guint
sp_test_aiosmtpd_get_start_ms (SpTestAiosmtpd *self)
{
  return self->start_ms;
}

guint
sp_test_aiosmtpd_get_n_messages (SpTestAiosmtpd *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->messages_dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".envelope"))
      n++;

  return n;
}

gboolean
sp_test_aiosmtpd_wait_for_messages (SpTestAiosmtpd *self,
                                    guint           n,
                                    guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      if (sp_test_aiosmtpd_get_n_messages (self) >= n)
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (10 * 1000);
    }
}

static void
strv_free (gpointer data)
{
  g_strfreev (data);
}

static GStrv
steal_strv (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (GStrv) g_ptr_array_free (array, FALSE);
}

SpTestSavedMessage *
sp_test_aiosmtpd_dup_message (SpTestAiosmtpd  *self,
                              guint            index,
                              GError         **error)
{
  g_autoptr(SpTestSavedMessage) message = NULL;
  g_autofree char *base = g_strdup_printf ("%04u", index + 1);
  g_autofree char *envelope_path = NULL;
  g_autofree char *data_path = NULL;
  g_autofree char *envelope = NULL;
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) mail_params = g_ptr_array_new ();
  g_autoptr(GPtrArray) rcpt_tos = g_ptr_array_new ();
  GPtrArray *current_rcpt = NULL;
  gsize data_len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  envelope_path = g_strconcat (self->messages_dir, G_DIR_SEPARATOR_S, base, ".envelope", NULL);
  data_path = g_strconcat (self->messages_dir, G_DIR_SEPARATOR_S, base, ".eml", NULL);
  /* The .envelope file appears last, once the message is complete. */
  if (!g_file_get_contents (envelope_path, &envelope, NULL, error)
      || !g_file_get_contents (data_path, &data, &data_len, error))
    return NULL;

  message = g_new0 (SpTestSavedMessage, 1);
  message->rcpt_params = g_ptr_array_new_with_free_func (strv_free);
  message->data = g_bytes_new_take (g_steal_pointer (&data), data_len);

  lines = g_strsplit (envelope, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *space = strchr (lines[i], ' ');
      g_autofree char *key = NULL;
      const char *value;

      if (space == NULL)
        continue;
      key = g_strndup (lines[i], space - lines[i]);
      value = space + 1;

      if (strcmp (key, "helo") == 0)
        {
          g_free (message->helo);
          message->helo = g_strdup (value);
        }
      else if (strcmp (key, "mail_from") == 0)
        {
          g_free (message->mail_from);
          message->mail_from = g_strdup (value);
        }
      else if (strcmp (key, "auth_login") == 0)
        {
          g_free (message->auth_login);
          message->auth_login = g_strdup (value);
        }
      else if (strcmp (key, "mail_param") == 0)
        {
          g_ptr_array_add (mail_params, g_strdup (value));
        }
      else if (strcmp (key, "rcpt") == 0)
        {
          if (current_rcpt != NULL)
            g_ptr_array_add (message->rcpt_params, steal_strv (current_rcpt));
          current_rcpt = g_ptr_array_new ();
          g_ptr_array_add (rcpt_tos, g_strdup (value));
        }
      else if (strcmp (key, "rcpt_param") == 0 && current_rcpt != NULL)
        {
          g_ptr_array_add (current_rcpt, g_strdup (value));
        }
    }
  if (current_rcpt != NULL)
    g_ptr_array_add (message->rcpt_params, steal_strv (current_rcpt));

  message->mail_params = steal_strv (g_steal_pointer (&mail_params));
  message->rcpt_tos = steal_strv (g_steal_pointer (&rcpt_tos));

  return g_steal_pointer (&message);
}

void
sp_test_saved_message_free (SpTestSavedMessage *message)
{
  if (message == NULL)
    return;

  g_free (message->helo);
  g_free (message->auth_login);
  g_free (message->mail_from);
  g_strfreev (message->mail_params);
  g_strfreev (message->rcpt_tos);
  g_clear_pointer (&message->rcpt_params, g_ptr_array_unref);
  g_clear_pointer (&message->data, g_bytes_unref);
  g_free (message);
}

/* Where the header ends: the offset of the blank line's first byte, and of
 * the body after it. */
static void
find_header_end (const char *text,
                 gsize       len,
                 gsize      *header_end,
                 gsize      *body_start)
{
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && text[i - 1] != '\n')
        continue;
      if (text[i] == '\n')
        {
          *header_end = i;
          *body_start = i + 1;
          return;
        }
      if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
        {
          *header_end = i;
          *body_start = i + 2;
          return;
        }
    }

  *header_end = len;
  *body_start = len;
}

char *
sp_test_saved_message_dup_header (SpTestSavedMessage *message,
                                  const char         *name)
{
  gsize len;
  const char *text = g_bytes_get_data (message->data, &len);
  gsize header_end;
  gsize body_start;
  g_autofree char *header = NULL;
  g_auto(GStrv) lines = NULL;
  gsize name_len = strlen (name);

  find_header_end (text, len, &header_end, &body_start);
  header = g_strndup (text, header_end);
  lines = g_strsplit (header, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) value = NULL;

      if (g_ascii_strncasecmp (lines[i], name, name_len) != 0 || lines[i][name_len] != ':')
        continue;

      value = g_string_new (lines[i] + name_len + 1);
      /* Folded lines continue with a blank (RFC 5322 2.2.3). */
      while (lines[i + 1] != NULL && (lines[i + 1][0] == ' ' || lines[i + 1][0] == '\t'))
        {
          g_strchomp (value->str);
          g_string_set_size (value, strlen (value->str));
          g_string_append (value, lines[++i]);
        }

      return g_strstrip (g_string_free (g_steal_pointer (&value), FALSE));
    }

  return NULL;
}

char *
sp_test_saved_message_dup_body (SpTestSavedMessage *message)
{
  gsize len;
  const char *text = g_bytes_get_data (message->data, &len);
  gsize header_end;
  gsize body_start;

  find_header_end (text, len, &header_end, &body_start);

  return g_strndup (text + body_start, len - body_start);
}

const char * const *
sp_test_saved_message_get_rcpt_params (SpTestSavedMessage *message,
                                       const char         *address)
{
  for (guint i = 0; message->rcpt_tos[i] != NULL; i++)
    if (g_ascii_strcasecmp (message->rcpt_tos[i], address) == 0 && i < message->rcpt_params->len)
      return g_ptr_array_index (message->rcpt_params, i);

  return NULL;
}
