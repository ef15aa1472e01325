/* test-color.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* When smtp-probe-cli colours its output: --color=auto on a terminal
 * colours unless NO_COLOR is set to something (no-color.org: set and not
 * empty), and an explicit --color=always wins over NO_COLOR. The CLI
 * writes to a pseudo-terminal here, as it would in a user's shell; a
 * practice test gives it output without any network. */

/* posix_openpt() and the other pseudo-terminal calls */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "sp-test-util.h"

typedef struct
{
  const char *path;
  const char *no_color;  /* NULL: unset */
  const char *option;
  gboolean    coloured;
} ColorCase;

static const ColorCase color_cases[] = {
  { "/sp/cli-color/no-color/unset", NULL, "--color=auto", TRUE },
  { "/sp/cli-color/no-color/empty", "", "--color=auto", TRUE },
  { "/sp/cli-color/no-color/set", "1", "--color=auto", FALSE },
  { "/sp/cli-color/no-color/any-value", "0", "--color=auto", FALSE },
  { "/sp/cli-color/no-color/default-is-auto", "1", NULL, FALSE },
  { "/sp/cli-color/no-color/always-wins", "1", "--color=always", TRUE },
};

typedef struct
{
  int      master;
  GString *shown;
} Terminal;

/* Everything the CLI wrote so far; EIO once it closed its end. */
static gboolean
terminal_read_cb (int          fd,
                  GIOCondition condition,
                  gpointer     user_data)
{
  Terminal *terminal = user_data;
  char buffer[4096];
  gssize n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (terminal->shown, buffer, n);

  return n < 0 && errno == EAGAIN ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL));
  *done = TRUE;
}

static void
test_color_case (gconstpointer data)
{
  const ColorCase *c = data;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);
  const char *cli = g_getenv ("SMTP_PROBE_CLI");
  const char *argv[] = { cli, "--practice", "accepted", "--no-send", c->option, NULL };
  Terminal terminal = { -1, shown };
  gboolean done = FALSE;
  guint watch;
  int slave;

  g_assert_nonnull (cli);
  terminal.master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (terminal.master < 0 || grantpt (terminal.master) != 0 ||
      unlockpt (terminal.master) != 0)
    {
      if (terminal.master >= 0)
        close (terminal.master);
      g_test_skip ("No pseudo-terminal can be opened here.");
      return;
    }
  slave = open (ptsname (terminal.master), O_RDWR | O_NOCTTY | O_CLOEXEC);
  g_assert_cmpint (slave, >=, 0);
  g_assert_true (g_unix_set_fd_nonblocking (terminal.master, TRUE, NULL));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* A terminal that can show colour, so that only NO_COLOR and --color decide. */
  g_subprocess_launcher_setenv (launcher, "TERM", "xterm-256color", TRUE);
  if (c->no_color != NULL)
    g_subprocess_launcher_setenv (launcher, "NO_COLOR", c->no_color, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "NO_COLOR");
  g_subprocess_launcher_take_stdout_fd (launcher, slave);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* Read while it runs: a full terminal would block the CLI. */
  watch = g_unix_fd_add (terminal.master, G_IO_IN | G_IO_HUP | G_IO_ERR,
                         terminal_read_cb, &terminal);
  g_subprocess_wait_async (process, NULL, wait_cb, &done);
  g_assert_true (sp_test_iterate_until (&done, 60000));
  g_source_remove (watch);
  /* The child is gone, and the launcher (holding the slave) once unreffed. */
  g_clear_object (&launcher);
  terminal_read_cb (terminal.master, G_IO_IN, &terminal);
  close (terminal.master);

  g_test_message ("NO_COLOR %s%s%s, %s:\n%s", c->no_color != NULL ? "\"" : "unset",
                  c->no_color != NULL ? c->no_color : "", c->no_color != NULL ? "\"" : "",
                  c->option != NULL ? c->option : "no --color", shown->str);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  /* The test ran and said so, whatever the colour. */
  g_assert_nonnull (strstr (shown->str, "250 2.1.5"));
  if (c->coloured)
    g_assert_nonnull (strstr (shown->str, "\033["));
  else
    g_assert_null (strstr (shown->str, "\033["));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_cases); i++)
    g_test_add_data_func (color_cases[i].path, &color_cases[i], test_color_case);

  return g_test_run ();
}
