/* sp-cli-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-address.h"
#include "sp-diagnosis.h"
#include "sp-probe-request.h"
#include "sp-transcript.h"

G_BEGIN_DECLS

/* One exit status per stage that decided the outcome, so scripts and
 * ticket systems can tell failures apart without parsing text. */
typedef enum
{
  SP_EXIT_ACCEPTED  = 0,
  SP_EXIT_INTERNAL  = 1,
  SP_EXIT_USAGE     = 2,
  SP_EXIT_DNS       = 3,
  SP_EXIT_CONNECT   = 4,
  SP_EXIT_BANNER    = 5,
  SP_EXIT_EHLO      = 6,
  SP_EXIT_MAIL      = 7,
  SP_EXIT_RCPT      = 8,
  SP_EXIT_DATA      = 9,
  SP_EXIT_MESSAGE   = 10,
  SP_EXIT_TIMEOUT   = 11,
  SP_EXIT_TLS       = 12,
  SP_EXIT_AUTH      = 13,
  SP_EXIT_UNSUPPORTED = 14,
  SP_EXIT_MIXED     = 15,  /* --all-mx: some servers accepted, some did not */
  SP_EXIT_BATCH     = 16,  /* --batch: some targets did not take mail */
  SP_EXIT_CANCELLED = 130,
} SpExit;

/* A temporary (4xx) refusal at a stage exits with the stage's status plus
 * this, so a script can tell "try again later" from "refused" by the
 * status alone: 28 is RCPT TO put off, 8 RCPT TO refused. */
#define SP_EXIT_TEMPORARY_OFFSET 20

/* What sp-cli.c shares with the console (sp-cli-console.c): the same log
 * lines, colours, exit statuses and usage errors as a guided test. */
void      _sp_cli_print_entry    (gboolean                 color,
                                  const SpTranscriptEntry *entry);
int       _sp_cli_exit_status    (SpTranscript            *transcript);
gboolean  _sp_cli_use_color      (const char              *mode,
                                  gboolean                 json);
guint     _sp_cli_terminal_width (void);
/* The terminal colour of @tone ("" for none). */
const char *_sp_cli_tone_color   (SpTone                   tone);
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

/* The options of smtp-probe-cli --batch (sp-cli-batch.c). */
typedef struct
{
  const char            *list;      /* a file, or "-" for standard input */
  const SpProbeRequest  *request;   /* every test's options; "jobs" at once */
  gboolean               in_order;
  gboolean               json;
  const char            *color;     /* --color: auto, always, never or NULL */
  const char            *output;    /* NULL, or a .txt, .csv or .json file, checked */
} SpCliBatchOptions;

/* Tests every target of the list; returns the exit status. */
int       _sp_cli_batch_run      (const SpCliBatchOptions *options);

G_END_DECLS
