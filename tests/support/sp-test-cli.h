/* sp-test-cli.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <pwd.h>

#include <gio/gio.h>

G_BEGIN_DECLS

/* What smtp-probe-cli wrote and how it ended. */
typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  int       status;   /* the exit status, or -1 when a signal ended it */
} SpTestCliResult;

void         sp_test_cli_result_clear (SpTestCliResult     *r);

/* Starts @cli (NULL: $SMTP_PROBE_CLI) with @args, in a session of its own
 * (no terminal, so it never prompts), with SMTP_PROBE_PASSWORD set to
 * @password (NULL: unset), as @user (NULL: as this process; else this
 * process must be root). */
GSubprocess *sp_test_cli_spawn        (const char          *cli,
                                       const char * const  *args,
                                       const char          *password,
                                       const struct passwd *user);
/* Starts $SMTP_PROBE_CLI with @args as sp_test_cli_spawn() does, with a
 * pipe on its standard input (see sp_test_cli_watch_input()). */
GSubprocess *sp_test_cli_spawn_piped  (const char * const  *args);
/* Starts reading what @process writes; @r->done is set once it exited.
 * The output is kept byte for byte, so that a wrong byte fails the
 * test's own check. The main context must be iterated meanwhile. */
void         sp_test_cli_watch        (GSubprocess         *process,
                                       SpTestCliResult     *r);
/* sp_test_cli_watch() for a process started with a pipe on its standard
 * input, which gets @input (NULL: nothing) and then its end. */
void         sp_test_cli_watch_input  (GSubprocess         *process,
                                       GBytes              *input,
                                       SpTestCliResult     *r);
/* sp_test_cli_watch(), then iterates the main context until the process
 * exited (a minute at most), so that in-process servers keep serving. */
void         sp_test_cli_wait         (GSubprocess         *process,
                                       SpTestCliResult     *r);
/* Runs $SMTP_PROBE_CLI with @args in @cwd (NULL: this process's), with no
 * password, and waits for it as sp_test_cli_wait() does. */
void         sp_test_cli_run          (const char * const  *args,
                                       const char          *cwd,
                                       SpTestCliResult     *r);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SpTestCliResult, sp_test_cli_result_clear)

G_END_DECLS
