/* sp-test-dnsmasq.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test-dnsmasq"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

#include "sp-test-dnsmasq.h"
#include "sp-test-util.h"

/* A port can be taken between sp_test_free_port() and dnsmasq's bind. */
#define START_ATTEMPTS   4
#define READY_TIMEOUT_MS 5000
#define STOP_TIMEOUT_MS  3000

struct _SpTestDnsmasq
{
  GMainContext *context;
  GSubprocess  *process;
  char         *dir;
  char         *log_path;
  char         *server;
  guint16       port;
  GPid          pid;
  gboolean      exited;
};

static const char * const default_zone[] = {
  "--local=/example.test/",
  "--mx-host=example.test,mx1.example.test,10",
  "--mx-host=example.test,mx2.example.test,20",
  "--txt-record=example.test,v=spf1 -all",
  "--host-record=mx1.example.test,127.0.0.1,::1",
  "--host-record=mx2.example.test,127.0.0.2",
  "--mx-host=nullmx.example.test,.,0",
  "--host-record=implicit.example.test,127.0.0.3",
  "--txt-record=nomail.example.test,no mail here",
  "--mx-host=broken.example.test,nothere.example.test,10",
  "--mx-host=broken.example.test,mx1.example.test,20",
  "--mx-host=failover.example.test,dead.example.test,10",
  "--mx-host=failover.example.test,mx1.example.test,20",
  "--host-record=dead.example.test,127.0.0.9",
};

static void
child_setup (gpointer user_data)
{
  pid_t parent = GPOINTER_TO_INT (user_data);

  /* A test that aborts on a failed assertion runs no cleanup; this way the
   * kernel still takes dnsmasq down with it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (1);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
}

/* A DNS query for mx1.example.test/A; any answer means dnsmasq is up. */
static gsize
build_probe (guint8  *buf,
             gsize    size,
             guint16  id)
{
  static const char * const labels[] = { "mx1", "example", "test" };
  gsize n = 0;

  g_assert_cmpuint (size, >=, 64);

  buf[n++] = id >> 8;
  buf[n++] = id & 0xff;
  buf[n++] = 0x01;          /* RD */
  buf[n++] = 0x00;
  buf[n++] = 0; buf[n++] = 1;   /* QDCOUNT */
  buf[n++] = 0; buf[n++] = 0;
  buf[n++] = 0; buf[n++] = 0;
  buf[n++] = 0; buf[n++] = 0;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      gsize len = strlen (labels[i]);

      buf[n++] = (guint8) len;
      memcpy (buf + n, labels[i], len);
      n += len;
    }
  buf[n++] = 0;
  buf[n++] = 0; buf[n++] = 1;   /* A */
  buf[n++] = 0; buf[n++] = 1;   /* IN */

  return n;
}

static gboolean
wait_until_answering (SpTestDnsmasq *self)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->port);
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  guint16 id = (guint16) g_random_int_range (1, G_MAXUINT16);
  guint8 query[64];
  gsize query_len = build_probe (query, sizeof query, id);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, NULL);
  g_assert_nonnull (socket);
  g_socket_set_blocking (socket, FALSE);

  while (g_get_monotonic_time () < deadline)
    {
      guint8 answer[512];
      gssize n;

      /* Lets wait_cb() run if dnsmasq died (a port already in use, say). */
      while (g_main_context_iteration (self->context, FALSE))
        ;
      if (self->exited)
        return FALSE;

      g_socket_send_to (socket, address, (const char *) query, query_len, NULL, NULL);
      if (!g_socket_condition_timed_wait (socket, G_IO_IN, 100 * G_TIME_SPAN_MILLISECOND,
                                          NULL, NULL))
        continue;

      n = g_socket_receive (socket, (char *) answer, sizeof answer, NULL, NULL);
      /* Before dnsmasq binds, the kernel answers with "port unreachable". */
      if (n >= 12 && answer[0] == (id >> 8) && answer[1] == (id & 0xff) && (answer[2] & 0x80))
        return TRUE;
    }

  return FALSE;
}

static void
stop_process (SpTestDnsmasq *self)
{
  gint64 deadline;

  if (self->process == NULL)
    return;

  if (!self->exited)
    {
      /* The wait_cb() of g_subprocess_wait_async() reaps the child: a
       * waitpid() of our own would race GLib's child watch. */
      kill (self->pid, SIGTERM);
      deadline = g_get_monotonic_time () + STOP_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
      while (!self->exited && g_get_monotonic_time () < deadline)
        {
          if (!g_main_context_iteration (self->context, FALSE))
            g_usleep (10 * 1000);
        }

      if (!self->exited)
        {
          kill (self->pid, SIGKILL);
          while (!self->exited)
            g_main_context_iteration (self->context, TRUE);
        }
    }

  g_clear_object (&self->process);
  self->pid = 0;
}

static gboolean
try_start (SpTestDnsmasq       *self,
           const char          *program,
           const char * const  *extra_args,
           GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *identifier;

  self->port = sp_test_free_port (TRUE);
  self->exited = FALSE;

  g_ptr_array_add (argv, g_strdup (program));
  g_ptr_array_add (argv, g_strdup ("--keep-in-foreground"));
  g_ptr_array_add (argv, g_strdup ("--log-facility=-"));
  g_ptr_array_add (argv, g_strdup ("--log-queries"));
  g_ptr_array_add (argv, g_strdup ("--conf-file=/dev/null"));
  g_ptr_array_add (argv, g_strdup ("--no-resolv"));
  g_ptr_array_add (argv, g_strdup ("--no-hosts"));
  /* An answer with many addresses does not fit in 512 bytes, and c-ares
   * 1.18 (no EDNS) asks again over TCP, all of a big MX set's hosts at
   * once: dnsmasq's default of 20 TCP connections would make a slow test
   * (valgrind) see time-outs that a real resolver would not cause. */
  g_ptr_array_add (argv, g_strdup ("--max-tcp-connections=500"));
  g_ptr_array_add (argv, g_strdup_printf ("--port=%u", self->port));
  g_ptr_array_add (argv, g_strdup ("--listen-address=127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--bind-interfaces"));
  g_ptr_array_add (argv, g_strdup ("--pid-file="));
  g_ptr_array_add (argv, g_strdup ("--user=root"));
  /* Otherwise dnsmasq switches to group "dip", and a change of credentials
   * makes the kernel forget PR_SET_PDEATHSIG. */
  g_ptr_array_add (argv, g_strdup ("--group=root"));
  for (guint i = 0; i < G_N_ELEMENTS (default_zone); i++)
    g_ptr_array_add (argv, g_strdup (default_zone[i]));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, self->log_path);
  g_subprocess_launcher_set_child_setup (launcher, child_setup,
                                         GINT_TO_POINTER (getpid ()), NULL);

  self->process = g_subprocess_launcher_spawnv (launcher,
                                                (const char * const *) argv->pdata,
                                                error);
  if (self->process == NULL)
    return FALSE;

  /* A dnsmasq that is gone already (its port was taken since it was
   * free) has no identifier: no PID to keep, nothing to kill, and the
   * caller tries again on another port. */
  identifier = g_subprocess_get_identifier (self->process);
  self->pid = identifier != NULL ? atoi (identifier) : 0;
  g_subprocess_wait_async (self->process, NULL, wait_cb, &self->exited);

  if (self->pid > 0 && wait_until_answering (self))
    return TRUE;

  while (self->pid <= 0 && !self->exited)
    g_main_context_iteration (self->context, TRUE);
  stop_process (self);

  {
    g_autofree char *log = NULL;

    g_file_get_contents (self->log_path, &log, NULL, NULL);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "dnsmasq did not answer on 127.0.0.1:%u; its log:\n%s",
                 self->port, log != NULL ? log : "");
  }

  return FALSE;
}

SpTestDnsmasq *
sp_test_dnsmasq_start (const char * const *extra_args)
{
  g_autofree char *program = sp_test_find_program ("dnsmasq");
  g_autoptr(GError) error = NULL;
  SpTestDnsmasq *self;

  if (program == NULL)
    {
      g_test_skip ("dnsmasq is not installed (Debian package dnsmasq-base)");
      return NULL;
    }

  if (!sp_test_is_root ())
    {
      g_test_skip ("dnsmasq needs root to run in these tests");
      return NULL;
    }

  self = g_new0 (SpTestDnsmasq, 1);
  self->context = g_main_context_ref_thread_default ();
  self->dir = sp_test_make_tmpdir ("dnsmasq");
  self->log_path = g_build_filename (self->dir, "dnsmasq.log", NULL);

  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    {
      g_clear_error (&error);
      if (try_start (self, program, extra_args, &error))
        {
          self->server = g_strdup_printf ("127.0.0.1:%u", self->port);
          g_test_message ("dnsmasq %d serves %s", (int) self->pid, self->server);
          return self;
        }
    }

  g_test_fail_printf ("Could not start dnsmasq: %s", error->message);
  sp_test_dnsmasq_stop (self);

  return NULL;
}

const char *
sp_test_dnsmasq_get_server (SpTestDnsmasq *self)
{
  g_assert_nonnull (self);

  return self->server;
}

guint16
sp_test_dnsmasq_get_port (SpTestDnsmasq *self)
{
  g_assert_nonnull (self);

  return self->port;
}

GPid
sp_test_dnsmasq_get_pid (SpTestDnsmasq *self)
{
  g_assert_nonnull (self);

  return self->pid;
}

char *
sp_test_dnsmasq_dup_log (SpTestDnsmasq *self)
{
  char *log = NULL;

  g_assert_nonnull (self);

  if (!g_file_get_contents (self->log_path, &log, NULL, NULL))
    return g_strdup ("");

  return log;
}

void
sp_test_dnsmasq_stop (SpTestDnsmasq *self)
{
  if (self == NULL)
    return;

  stop_process (self);
  sp_test_rm_rf (self->dir);
  g_free (self->dir);
  g_free (self->log_path);
  g_free (self->server);
  g_main_context_unref (self->context);
  g_free (self);
}
