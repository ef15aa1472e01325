/* sp-cli-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-address.h"
#include "sp-diagnosis.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

/* What sp-cli.c shares with the console (sp-cli-console.c): the same log
 * lines, colours, exit statuses and usage errors as a guided test. */
void      _sp_cli_print_entry    (gboolean                 color,
                                  const SpTranscriptEntry *entry);
int       _sp_cli_exit_status    (SpTranscript            *transcript);
gboolean  _sp_cli_use_color      (const char              *mode,
                                  gboolean                 json);
guint     _sp_cli_terminal_width (void);
/* Prints @explanation under the log line it explains, wrapped at @width. */
void      _sp_cli_print_explanation (gboolean             color,
                                     guint                width,
                                     const SpExplanation *explanation);
/* Ends saving the log to @path and says how it went (nothing on success
 * with @json); FALSE when it could not be saved. */
gboolean  _sp_cli_finish_export  (GAsyncResult            *result,
                                  const char              *path,
                                  gboolean                 json);
/* Prints the error and returns the usage exit status. */
int       _sp_cli_usage_error    (const char              *option,
                                  const char              *message);

/* The options of smtp-probe-cli --interactive. */
typedef struct
{
  const char      *server;      /* HOST[:PORT], or NULL to use the recipient's MX */
  const char      *recipient;   /* NULL with a server */
  int              port;        /* G_MININT: not given */
  int              timeout;     /* seconds, G_MININT: not given */
  const char      *dns_servers;
  SpAddressFamily  family;
  const char      *color;
  gboolean         json;
  const char      *output;
  const char      *tls;                 /* only "implicit" changes anything */
  const char      *accept_certificate;  /* a SHA-256 fingerprint, or NULL */
  gboolean         simulated;           /* the server is a practice scenario's */
} SpCliConsoleOptions;

/* Runs the console until the session ends; returns the exit status. */
int       _sp_cli_console_run    (const SpCliConsoleOptions *options);

G_END_DECLS
