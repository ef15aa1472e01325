/* sp-test-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test-cli"

#include <grp.h>
#include <unistd.h>

#include "sp-test-cli.h"
#include "sp-test-util.h"

void
sp_test_cli_result_clear (SpTestCliResult *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

/* In the child, before exec: async-signal-safe calls only. */
static void
child_setup_cb (gpointer user_data)
{
  const struct passwd *user = user_data;

  setsid ();
  if (user != NULL &&
      (setgroups (0, NULL) != 0 || setgid (user->pw_gid) != 0 || setuid (user->pw_uid) != 0))
    _exit (126);
}

static GSubprocess *
spawn_in (const char          *cli,
          const char * const  *args,
          const char          *password,
          const struct passwd *user,
          const char          *cwd,
          GSubprocessFlags     flags)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  if (cli == NULL)
    cli = g_getenv ("SMTP_PROBE_CLI");
  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (flags | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (password != NULL)
    g_subprocess_launcher_setenv (launcher, "SMTP_PROBE_PASSWORD", password, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "SMTP_PROBE_PASSWORD");
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  g_subprocess_launcher_set_child_setup (launcher, child_setup_cb, (gpointer) user, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  return process;
}

GSubprocess *
sp_test_cli_spawn (const char          *cli,
                   const char * const  *args,
                   const char          *password,
                   const struct passwd *user)
{
  return spawn_in (cli, args, password, user, NULL, G_SUBPROCESS_FLAGS_NONE);
}

GSubprocess *
sp_test_cli_spawn_piped (const char * const *args)
{
  return spawn_in (NULL, args, NULL, NULL, NULL, G_SUBPROCESS_FLAGS_STDIN_PIPE);
}

/* Never NULL: empty output is "" (an empty GBytes may have no data). */
static char *
dup_bytes (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return data != NULL ? g_strndup (data, size) : g_strdup ("");
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SpTestCliResult *r = user_data;
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  /* Not the _utf8 variant: a byte that is not UTF-8 must fail the test's
   * own check, with the output to look at, not this one. */
  g_subprocess_communicate_finish (process, result, &out, &err, &error);
  g_assert_no_error (error);
  r->out = dup_bytes (out);
  r->err = dup_bytes (err);
  r->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  r->done = TRUE;
}

void
sp_test_cli_watch (GSubprocess     *process,
                   SpTestCliResult *r)
{
  sp_test_cli_watch_input (process, NULL, r);
}

void
sp_test_cli_watch_input (GSubprocess     *process,
                         GBytes          *input,
                         SpTestCliResult *r)
{
  g_subprocess_communicate_async (process, input, NULL, communicate_cb, r);
}

void
sp_test_cli_wait (GSubprocess     *process,
                  SpTestCliResult *r)
{
  sp_test_cli_watch (process, r);
  g_assert_true (sp_test_iterate_until (&r->done, 60000));
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", r->status, r->out, r->err);
}

void
sp_test_cli_run (const char * const *args,
                 const char         *cwd,
                 SpTestCliResult    *r)
{
  g_autoptr(GSubprocess) process = spawn_in (NULL, args, NULL, NULL, cwd, G_SUBPROCESS_FLAGS_NONE);

  sp_test_cli_wait (process, r);
}
