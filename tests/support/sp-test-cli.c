/* sp-test-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-test-cli"

#include "sp-test-cli.h"
#include "sp-test-util.h"

typedef struct
{
  SpTestCliRun *run;
  gboolean      done;
} Wait;

void
sp_test_cli_run_clear (SpTestCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GSubprocess *process = G_SUBPROCESS (object);
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  /* Not the _utf8 variant: the output is checked byte by byte, and a
   * wrong byte must fail the test's own check, not this one. */
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;

  g_subprocess_communicate_finish (process, result, &out, &err, &error);
  g_assert_no_error (error);
  wait->run->out = g_strndup (g_bytes_get_data (out, NULL), g_bytes_get_size (out));
  wait->run->err = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
  wait->run->status = g_subprocess_get_if_exited (process)
                    ? g_subprocess_get_exit_status (process) : -1;
  wait->done = TRUE;
}

void
sp_test_cli_run (const char * const *args,
                 const char         *cwd,
                 SpTestCliRun       *run)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SMTP_PROBE_CLI");
  Wait wait = { run, FALSE };

  g_assert_nonnull (cli);
  g_strv_builder_add (argv, cli);
  g_strv_builder_addv (argv, (const char **) args);
  strv = g_strv_builder_end (argv);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_subprocess_launcher_unsetenv (launcher, "SMTP_PROBE_PASSWORD");
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) strv, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_async (process, NULL, NULL, communicated_cb, &wait);
  g_assert_true (sp_test_iterate_until (&wait.done, 60000));
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}
