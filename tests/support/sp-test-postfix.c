/* sp-test-postfix.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test-postfix"

#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "sp-test-certs.h"
#include "sp-test-postfix.h"
#include "sp-test-util.h"

#define MASTER_CF_PROTO   "/etc/postfix/master.cf.proto"
#define START_TIMEOUT_MS  20000
#define STOP_TIMEOUT_MS   5000
#define MAX_ATTEMPTS      3

struct _SpTestPostfix
{
  char        *dir;
  char        *config_dir;
  char        *queue_dir;
  char        *address;
  char        *hostname;
  GSubprocess *wrapper;
  GPid         master_pid;
  guint16      port;
  guint        start_ms;
  gboolean     implicit_tls;
};

/* Instances still running, stopped at exit if a test forgot to. */
static GList *running;

/* The wrapper keeps the test's end of its stdin pipe open for as long as the
 * test runs. When that end closes (the test stopped the instance, exited or
 * died on a failed assertion), the watchdog runs “postfix stop”, so no
 * Postfix outlives its test. $1 is the postfix command, $2 the config dir.
 * A non-interactive shell gives background jobs /dev/null as stdin, hence
 * the copy of the pipe on fd 3. */
static const char wrapper_script[] =
  "exec 3<&0 </dev/null\n"
  "\"$1\" -c \"$2\" start-fg 3<&- &\n"
  "pf=$!\n"
  "{ cat <&3 >/dev/null; \"$1\" -c \"$2\" stop; } &\n"
  "wd=$!\n"
  "exec 3<&-\n"
  "wait \"$pf\"\n"
  "status=$?\n"
  "kill \"$wd\" 2>/dev/null\n"
  "exit \"$status\"\n";

static void
stop_all_at_exit (void)
{
  while (running != NULL)
    sp_test_postfix_stop (running->data);
}

static gboolean
is_traversable_by_all (const char *path)
{
  g_autofree char *dir = g_strdup (path);

  for (;;)
    {
      struct stat st;
      char *parent;

      if (g_stat (dir, &st) != 0 || (st.st_mode & S_IXOTH) == 0)
        return FALSE;
      if (strcmp (dir, "/") == 0 || strcmp (dir, ".") == 0)
        return TRUE;

      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = parent;
    }
}

/* Postfix's daemons run as the postfix user without chroot here, so they
 * must reach the queue through every parent directory, and Unix socket
 * paths under spool/ must stay under 108 bytes. */
static char *
make_instance_dir (GError **error)
{
  g_autofree char *dir = sp_test_make_tmpdir ("postfix");

  if (g_chmod (dir, 0755) != 0 || !is_traversable_by_all (dir) || strlen (dir) > 60)
    {
      sp_test_rm_rf (dir);
      g_clear_pointer (&dir, g_free);
      dir = g_dir_make_tmp ("sp-postfix-XXXXXX", error);
      if (dir == NULL || g_chmod (dir, 0755) != 0)
        return NULL;
    }

  return g_steal_pointer (&dir);
}

static gboolean
is_simple_word (const char *word)
{
  if (word == NULL || *word == '\0')
    return FALSE;

  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr (".-_+", *p) == NULL)
      return FALSE;

  return TRUE;
}

static char *
make_main_cf (SpTestPostfix              *self,
              const SpTestPostfixOptions *options,
              gboolean                    ipv6,
              GError                    **error)
{
  static const char * const default_users[] = { "kate", NULL };
  const char * const *users = options->local_users != NULL ? options->local_users : default_users;
  const char *hostname = self->hostname;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) recipients = g_string_new ("inline:{ postmaster=ok");

  if (!is_simple_word (hostname))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a usable host name for the test Postfix.", hostname);
      return NULL;
    }

  for (guint i = 0; users[i] != NULL; i++)
    {
      if (!is_simple_word (users[i]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "“%s” is not a usable local user name for the test Postfix.", users[i]);
          return NULL;
        }
      g_string_append_printf (recipients, ", %s=ok", users[i]);
    }
  g_string_append (recipients, " }");

  g_string_append_printf (text,
                          "# Written by sp-test-postfix.c for one test run.\n"
                          "compatibility_level = 3.6\n"
                          "queue_directory = %s\n"
                          "data_directory = %s/data\n"
                          "maillog_file = %s/maillog\n"
                          "maillog_file_prefixes = %s\n"
                          "myhostname = %s\n"
                          "mydomain = example.test\n"
                          "myorigin = example.test\n"
                          "mydestination = example.test, $myhostname, localhost\n"
                          "smtpd_banner = $myhostname ESMTP Postfix\n"
                          /* Postfix wants these to be interface addresses, which
                           * 127.0.0.2 is not; master.cf sets where smtpd listens. */
                          "inet_interfaces = loopback-only\n"
                          "inet_protocols = %s\n"
                          "mynetworks = 127.0.0.0/8%s\n"
                          "smtpd_relay_restrictions = reject_unauth_destination\n"
                          "local_recipient_maps = %s\n"
                          "unknown_local_recipient_reject_code = 550\n"
                          "alias_maps =\n"
                          "alias_database =\n"
                          "local_transport = discard:\n"
                          "default_transport = error:5.7.1 the test Postfix relays nothing\n"
                          "relay_transport = error:5.7.1 the test Postfix relays nothing\n"
                          "biff = no\n"
                          /* No DNS at all: a machine without a resolver must not
                           * make Postfix hang at start or per connection. */
                          "smtpd_peername_lookup = no\n"
                          "smtp_dns_support_level = disabled\n"
                          "smtp_host_lookup = native\n"
                          "lmtp_host_lookup = native\n"
                          "smtp_tls_security_level = none\n",
                          self->queue_dir, self->dir, self->dir, self->dir,
                          hostname,
                          ipv6 ? "all" : "ipv4",
                          ipv6 ? ", [::1]/128" : "",
                          recipients->str);

  if (options->tls_cert_file != NULL)
    g_string_append_printf (text,
                            "smtpd_tls_security_level = may\n"
                            "smtpd_tls_cert_file = %s\n"
                            "smtpd_tls_key_file = %s\n",
                            options->tls_cert_file,
                            options->tls_key_file != NULL ? options->tls_key_file
                                                          : options->tls_cert_file);
  if (options->tls_cert_file != NULL && options->implicit_tls)
    g_string_append (text,
                     "smtpd_tls_wrappermode = yes\n"
                     "smtpd_tls_security_level = encrypt\n");
  else if (options->tls_cert_file == NULL)
    g_string_append (text, "smtpd_tls_security_level = none\n");

  if (options->extra_main_cf != NULL)
    g_string_append_printf (text, "%s\n", options->extra_main_cf);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Debian's master.cf.proto, with every service out of chroot (the private
 * queue is not set up as a chroot jail) and smtpd on our address only. */
static char *
make_master_cf (const char  *listen,
                GError     **error)
{
  g_autofree char *proto = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean found_smtp = FALSE;

  if (!g_file_get_contents (MASTER_CF_PROTO, &proto, NULL, error))
    return NULL;

  lines = g_strsplit (proto, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *p = line;
      char *fields[7] = { NULL };
      guint n = 0;

      if (*line == '\0' || *line == '#' || g_ascii_isspace (*line))
        {
          if (lines[i + 1] != NULL || *line != '\0')
            g_string_append_printf (text, "%s\n", line);
          continue;
        }

      while (n < G_N_ELEMENTS (fields))
        {
          const char *start;

          while (g_ascii_isspace (*p))
            p++;
          start = p;
          while (*p != '\0' && !g_ascii_isspace (*p))
            p++;
          if (p == start)
            break;
          fields[n++] = g_strndup (start, p - start);
        }
      while (g_ascii_isspace (*p))
        p++;

      if (n < G_N_ELEMENTS (fields) || *p == '\0')
        {
          g_string_append_printf (text, "%s\n", line);
        }
      else
        {
          gboolean is_smtpd = strcmp (fields[0], "smtp") == 0 && strcmp (fields[1], "inet") == 0;

          found_smtp |= is_smtpd;
          g_string_append_printf (text, "%-10s %-5s %-7s %-7s %-7s %-7s %-7s %s\n",
                                  is_smtpd ? listen : fields[0], fields[1], fields[2],
                                  fields[3], "n", fields[5], fields[6], p);
        }

      for (guint j = 0; j < n; j++)
        g_free (fields[j]);
    }

  if (!found_smtp)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "%s has no “smtp inet” service line to change.", MASTER_CF_PROTO);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Postfix waits for a configuration file written in the last second to
 * settle (up to about 2 s at each start), so the files are dated back. */
static gboolean
write_config_file (const char  *path,
                   const char  *contents,
                   GError     **error)
{
  struct utimbuf past;

  if (!g_file_set_contents (path, contents, -1, error))
    return FALSE;

  past.actime = past.modtime = time (NULL) - 10;
  g_utime (path, &past);

  return TRUE;
}

static gboolean
wrapper_running (SpTestPostfix *self)
{
  /* GSubprocess reaps its child on GLib's worker thread, so this turns NULL
   * without the test iterating any main context. */
  return self->wrapper != NULL && g_subprocess_get_identifier (self->wrapper) != NULL;
}

static GPid
read_master_pid (SpTestPostfix *self)
{
  g_autofree char *path = g_build_filename (self->queue_dir, "pid", "master.pid", NULL);
  g_autofree char *text = NULL;
  gint64 pid;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  pid = g_ascii_strtoll (g_strstrip (text), NULL, 10);

  return pid > 1 ? (GPid) pid : 0;
}

/* A connection alone could reach someone else's listener on that port, so
 * the banner must be ours. */
static gboolean
wait_until_listening (SpTestPostfix *self,
                      guint          timeout_ms)
{
  g_autofree char *expected = g_strdup_printf ("220 %s ESMTP", self->hostname);

  if (self->implicit_tls)
    return sp_test_wait_for_tls_banner (self->wrapper, self->address, self->port, expected,
                                        timeout_ms);

  return sp_test_wait_for_banner (self->wrapper, self->address, self->port, expected,
                                  timeout_ms);
}

static gboolean
process_alive (GPid pid)
{
  return kill (pid, 0) == 0 || errno == EPERM;
}

static void
stop_processes (SpTestPostfix *self)
{
  gint64 deadline;

  if (self->master_pid == 0)
    self->master_pid = read_master_pid (self);

  /* The master runs in its own session and process group; ending the group
   * ends the master and every daemon it started. Checking that the PID
   * still leads its group keeps a stale PID from hitting anything else.
   * Only the master is waited for: its parent reaps it at once, while the
   * daemons, orphaned, stay zombies until init gets to them. */
  if (self->master_pid > 1 && getpgid (self->master_pid) == self->master_pid)
    {
      kill (-self->master_pid, SIGTERM);
      deadline = g_get_monotonic_time () + (gint64) STOP_TIMEOUT_MS * 1000;
      while (process_alive (self->master_pid) && g_get_monotonic_time () < deadline)
        g_usleep (10 * 1000);
      kill (-self->master_pid, SIGKILL);
    }
  self->master_pid = 0;

  if (self->wrapper != NULL)
    {
      /* Closing the pipe lets the watchdog run “postfix stop”, which finds
       * nothing left to stop on this path. */
      g_output_stream_close (g_subprocess_get_stdin_pipe (self->wrapper), NULL, NULL);
      deadline = g_get_monotonic_time () + (gint64) STOP_TIMEOUT_MS * 1000;
      while (wrapper_running (self) && g_get_monotonic_time () < deadline)
        g_usleep (10 * 1000);
      if (wrapper_running (self))
        g_subprocess_force_exit (self->wrapper);
      g_clear_object (&self->wrapper);
    }
}

static gboolean
launch (SpTestPostfix  *self,
        const char     *postfix,
        GError        **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *out_path = g_build_filename (self->dir, "postfix.out", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  /* Never the test's stdout: that carries TAP. */
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  self->wrapper = g_subprocess_launcher_spawn (launcher, error,
                                               "/bin/sh", "-c", wrapper_script,
                                               "sp-test-postfix", postfix, self->config_dir,
                                               NULL);

  return self->wrapper != NULL;
}

static char *
describe_failure (SpTestPostfix *self)
{
  g_autofree char *out_path = g_build_filename (self->dir, "postfix.out", NULL);
  g_autofree char *out = NULL;
  g_autofree char *log = sp_test_postfix_dup_log (self);

  g_file_get_contents (out_path, &out, NULL, NULL);

  /* Postfix reports a fatal configuration error to syslog only, which
   * tests do not have, so point at the command that shows it. */
  return g_strdup_printf ("Postfix did not start listening on %s port %u; "
                          "“postfix -c %s check” may say why.\n"
                          "start-fg said:\n%s\nmaillog:\n%s",
                          self->address, self->port, self->config_dir,
                          out != NULL ? out : "", log != NULL ? log : "");
}

SpTestPostfix *
sp_test_postfix_start (const SpTestPostfixOptions  *options,
                       GError                     **error)
{
  static const SpTestPostfixOptions defaults = { 0 };
  static gboolean atexit_added;
  g_autoptr(SpTestPostfix) self = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autofree char *postfix = NULL;
  g_autofree char *main_cf = NULL;
  g_autofree char *main_cf_path = NULL;
  g_autofree char *master_cf_path = NULL;
  g_autofree char *data_dir = NULL;
  struct passwd *pw;
  gboolean ipv6;
  gint64 started;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;

  if (!sp_test_is_root ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "A private Postfix needs root.");
      return NULL;
    }
  postfix = sp_test_find_program ("postfix");
  pw = getpwnam ("postfix");
  if (postfix == NULL || pw == NULL || !g_file_test (MASTER_CF_PROTO, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Postfix is not installed (no postfix command, postfix user or %s).",
                   MASTER_CF_PROTO);
      return NULL;
    }

  inet = g_inet_address_new_from_string (options->address != NULL ? options->address
                                                                  : "127.0.0.1");
  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The test Postfix listens on loopback addresses only, not “%s”.",
                   options->address);
      return NULL;
    }
  ipv6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;

  started = g_get_monotonic_time ();
  self = g_new0 (SpTestPostfix, 1);
  self->address = g_inet_address_to_string (inet);
  self->hostname = g_strdup (options->hostname != NULL ? options->hostname : "mx1.example.test");
  self->implicit_tls = options->implicit_tls && options->tls_cert_file != NULL;
  self->dir = make_instance_dir (error);
  if (self->dir == NULL)
    return NULL;
  self->config_dir = g_build_filename (self->dir, "etc", NULL);
  self->queue_dir = g_build_filename (self->dir, "spool", NULL);
  data_dir = g_build_filename (self->dir, "data", NULL);
  if (g_mkdir (self->config_dir, 0755) != 0 || g_mkdir (self->queue_dir, 0755) != 0
      || g_mkdir (data_dir, 0700) != 0 || chown (data_dir, pw->pw_uid, pw->pw_gid) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "Could not set up the directories in %s: %s.", self->dir, g_strerror (errno));
      return NULL;
    }

  main_cf = make_main_cf (self, options, ipv6, error);
  main_cf_path = g_build_filename (self->config_dir, "main.cf", NULL);
  if (main_cf == NULL || !write_config_file (main_cf_path, main_cf, error))
    return NULL;
  master_cf_path = g_build_filename (self->config_dir, "master.cf", NULL);

  if (!atexit_added)
    {
      atexit (stop_all_at_exit);
      atexit_added = TRUE;
    }

  for (guint attempt = 1; ; attempt++)
    {
      g_autofree char *listen = NULL;
      g_autofree char *master_cf = NULL;
      g_autofree char *failure = NULL;

      self->port = options->port != 0 ? options->port : sp_test_free_port (FALSE);
      listen = g_strdup_printf (ipv6 ? "[%s]:%u" : "%s:%u", self->address, self->port);
      master_cf = make_master_cf (listen, error);
      if (master_cf == NULL || !write_config_file (master_cf_path, master_cf, error))
        return NULL;

      if (!launch (self, postfix, error))
        return NULL;
      running = g_list_prepend (running, self);

      if (wait_until_listening (self, START_TIMEOUT_MS))
        break;

      /* A port picked for us may have been taken in the meantime. */
      if (options->port == 0 && attempt < MAX_ATTEMPTS && !wrapper_running (self))
        {
          running = g_list_remove (running, self);
          stop_processes (self);
          continue;
        }

      failure = describe_failure (self);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, failure);
      return NULL;
    }

  self->master_pid = read_master_pid (self);
  self->start_ms = (guint) ((g_get_monotonic_time () - started) / 1000);
  if (g_test_initialized ())
    g_test_message ("Postfix on %s port %u started in %u ms (master PID %d, dir %s)",
                    self->address, self->port, self->start_ms, self->master_pid, self->dir);

  return g_steal_pointer (&self);
}

SpTestPostfix *
sp_test_postfix_start_or_skip (const SpTestPostfixOptions *options)
{
  g_autoptr(GError) error = NULL;
  SpTestPostfix *self;

  self = sp_test_postfix_start (options, &error);

  return sp_test_peer_or_skip (self, error);
}

void
sp_test_postfix_stop (SpTestPostfix *self)
{
  if (self == NULL)
    return;

  running = g_list_remove (running, self);
  stop_processes (self);

  if (self->dir != NULL && g_getenv ("SP_TEST_KEEP_TMPDIR") == NULL)
    sp_test_rm_rf (self->dir);

  g_free (self->dir);
  g_free (self->config_dir);
  g_free (self->queue_dir);
  g_free (self->address);
  g_free (self->hostname);
  g_free (self);
}

const char *
sp_test_postfix_get_address (SpTestPostfix *self)
{
  return self->address;
}

guint16
sp_test_postfix_get_port (SpTestPostfix *self)
{
  return self->port;
}

const char *
sp_test_postfix_get_dir (SpTestPostfix *self)
{
  return self->dir;
}

guint
sp_test_postfix_get_start_ms (SpTestPostfix *self)
{
  return self->start_ms;
}

char *
sp_test_postfix_dup_log (SpTestPostfix *self)
{
  g_autofree char *path = g_build_filename (self->dir, "maillog", NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");

  return text;
}

gboolean
sp_test_postfix_wait_for_log (SpTestPostfix *self,
                              const char    *needle,
                              guint          timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      g_autofree char *log = sp_test_postfix_dup_log (self);

      if (strstr (log, needle) != NULL)
        return TRUE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      g_usleep (20 * 1000);
    }
}
