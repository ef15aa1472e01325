/* sp-test-cli.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What one run of smtp-probe-cli printed, and its exit status. */
typedef struct
{
  char *out;
  char *err;
  int   status;
} SpTestCliRun;

void  sp_test_cli_run_clear  (SpTestCliRun        *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SpTestCliRun, sp_test_cli_run_clear)

/* Runs $SMTP_PROBE_CLI with @args in @cwd (NULL: this process's) and
 * iterates the default main context meanwhile, so that scripted servers
 * of this process keep answering. At most a minute. */
void  sp_test_cli_run        (const char * const  *args,
                              const char          *cwd,
                              SpTestCliRun        *run);

G_END_DECLS
