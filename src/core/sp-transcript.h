/* sp-transcript.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-capabilities.h"
#include "sp-reply.h"
#include "sp-resolver.h"
#include "sp-tls-report.h"

G_BEGIN_DECLS

/* The stages of a test, in the order they happen; the two added last
 * belong after CONNECT (TLS) and after STARTTLS (AUTH). */
typedef enum
{
  SP_STEP_NONE,
  SP_STEP_DNS,
  SP_STEP_CONNECT,
  SP_STEP_BANNER,
  SP_STEP_EHLO,
  SP_STEP_HELO,
  SP_STEP_STARTTLS,
  SP_STEP_MAIL,
  SP_STEP_RCPT,
  SP_STEP_DATA,
  SP_STEP_MESSAGE,   /* the message text and the final "." */
  SP_STEP_RSET,
  SP_STEP_QUIT,
  SP_STEP_OTHER,     /* a command typed by hand */
  SP_STEP_TLS,       /* the TLS handshake of implicit TLS, before the banner */
  SP_STEP_AUTH,      /* logging in (AUTH), after EHLO */
} SpStep;

typedef enum
{
  SP_DIRECTION_NOTE,    /* something the app says: "Connecting to …" */
  SP_DIRECTION_CLIENT,  /* a line the app sent */
  SP_DIRECTION_SERVER,  /* a line the server sent */
} SpDirection;

typedef enum
{
  SP_VERDICT_NONE,            /* not decided yet */
  SP_VERDICT_ACCEPTED,
  /* A 4xx reply decided it: try again later. The nicks of these two say
   * "failure": they are the JSON export's names (sp_verdict_to_string()). */
  SP_VERDICT_TRANSIENT,       /*< nick=transient-failure >*/
  SP_VERDICT_PERMANENT,       /*< nick=permanent-failure >*/  /* a 5xx reply decided it */
  SP_VERDICT_CONNECT_FAILED,
  SP_VERDICT_DNS_FAILED,
  SP_VERDICT_TIMED_OUT,
  SP_VERDICT_PROTOCOL_ERROR,  /* the server broke the protocol or closed the connection */
  SP_VERDICT_CANCELLED,
  SP_VERDICT_TLS_FAILED,      /* encryption was required, or it failed */
  SP_VERDICT_AUTH_FAILED,     /* the login was refused or could not be tried */
  /* Stopped on this side: the server lacks an extension the test needs
   * (SMTPUTF8 for a non-ASCII address); nothing was refused. */
  SP_VERDICT_UNSUPPORTED,
} SpVerdict;

typedef struct
{
  guint         index;
  gint64        mono_usec;     /* g_get_monotonic_time () */
  GDateTime    *wall;
  SpDirection   direction;
  SpReplyClass  klass;         /* server lines: the class of their reply; else LOCAL */
  SpStep        step;
  int           attempt;       /* index into the attempts, -1 before the first one */
  gint64        elapsed_usec;  /* since the step began */
  gboolean      is_error;      /* a note that reports a failure */
  char         *text;          /* one line, no line end */
} SpTranscriptEntry;

typedef struct
{
  SpStep     step;
  char      *command;       /* the line sent (redacted where needed), NULL for connect/banner */
  SpReply   *reply;         /* NULL when no reply arrived */
  GError    *error;         /* a local failure, or NULL */
  gint64     started_usec;  /* monotonic */
  gint64     elapsed_usec;  /* -1 while running */
} SpTranscriptStep;

typedef struct
{
  char           *host;           /* the exchanger's name, or the server given */
  char           *address;        /* "192.0.2.1", "2001:db8::1" */
  guint16         port;
  GPtrArray      *steps;          /* SpTranscriptStep */
  SpCapabilities *capabilities;   /* from EHLO, or NULL */
  SpVerdict       result;         /* SP_VERDICT_NONE while running */
  SpStep          deciding_step;
  char           *detail;         /* a sentence that explains the result */
  SpTlsReport    *tls;            /* the certificate report once encrypted, or NULL */
  char           *auth_mechanism; /* "PLAIN" or "LOGIN" once a login was tried, or NULL */
  char           *auth_user;      /* the user name of that login (never the password) */
  gboolean        authenticated;  /* the server accepted the login */
} SpTranscriptAttempt;

/* Limits that keep a hostile server from flooding the log: the text of one
 * entry (longer text is cut, with a note), and the number of client and
 * server lines (notes are always kept). */
#define SP_TRANSCRIPT_MAX_TEXT_LENGTH (8 * 1024)
#define SP_TRANSCRIPT_MAX_LINES       50000

/* The names are the nicks of the enum types (SP_TYPE_STEP … in
 * "sp-enums.h"); out of range, the nick of the first value. */
const char *sp_step_to_string      (SpStep     step);   /* "rcpt": stable, for JSON */
const char *sp_step_get_label      (SpStep     step);   /* translated: "Recipient (RCPT TO)" */
const char *sp_direction_to_string (SpDirection direction);
const char *sp_verdict_to_string   (SpVerdict  verdict); /* "accepted": stable, for JSON */
const char *sp_verdict_get_label   (SpVerdict  verdict); /* translated: "Accepted" */

/* Makes text from a server safe to show: valid UTF-8, with controls
 * other than tab, format and direction characters, separators and other invisible
 * characters escaped (the rule of _sp_text_char_is_hidden(): "\xNN",
 * "\uNNNN"), and at most SP_TRANSCRIPT_MAX_TEXT_LENGTH bytes (then "…"
 * and a note). @length may be -1. Entries, attempt details and the
 * verdict detail are stored like this already. */
char       *sp_transcript_sanitize_text (const char *text,
                                         gssize      length);
/* The same escaping without the length limit, for text that was already
 * cut (entries) or that is short by construction. */
char       *sp_transcript_escape_text   (const char *text,
                                         gssize      length);

#define SP_TYPE_TRANSCRIPT (sp_transcript_get_type ())

G_DECLARE_FINAL_TYPE (SpTranscript, sp_transcript, SP, TRANSCRIPT, GObject)

/* Signals:
 *  ::entry-added (guint index)     after every entry, for a live log
 *  ::attempt-changed (guint index) when an attempt begins, gains a step, or ends
 * Properties: verdict (notify when it changes). */
SpTranscript              *sp_transcript_new                (void);

/* What was tested, for the exports. */
void                       sp_transcript_set_request        (SpTranscript        *self,
                                                             const char          *recipient,
                                                             const char          *sender,
                                                             gboolean             check_only);
const char                *sp_transcript_get_recipient      (SpTranscript        *self);
const char                *sp_transcript_get_sender         (SpTranscript        *self);
gboolean                   sp_transcript_get_check_only     (SpTranscript        *self);
GDateTime                 *sp_transcript_get_started        (SpTranscript        *self);
void                       sp_transcript_set_mx_result      (SpTranscript        *self,
                                                             SpMxResult          *result);
SpMxResult                *sp_transcript_get_mx_result      (SpTranscript        *self);
/* The error of a failed lookup (SP_RESOLVER_ERROR), kept so that the
 * diagnosis can tell NXDOMAIN from a time-out; NULL when the lookup
 * worked. A failed lookup has no attempt, so no step holds it. */
void                       sp_transcript_set_dns_error      (SpTranscript        *self,
                                                             const GError        *error);
const GError              *sp_transcript_get_dns_error      (SpTranscript        *self);

void                       sp_transcript_add_note           (SpTranscript        *self,
                                                             SpStep               step,
                                                             const char          *format,
                                                             ...) G_GNUC_PRINTF (3, 4);
void                       sp_transcript_add_error          (SpTranscript        *self,
                                                             SpStep               step,
                                                             const char          *format,
                                                             ...) G_GNUC_PRINTF (3, 4);
void                       sp_transcript_add_client_line    (SpTranscript        *self,
                                                             SpStep               step,
                                                             const char          *line);
/* One entry per line of @reply, all with the reply's class. */
void                       sp_transcript_add_reply          (SpTranscript        *self,
                                                             SpStep               step,
                                                             const SpReply       *reply);

guint                      sp_transcript_begin_attempt      (SpTranscript        *self,
                                                             const char          *host,
                                                             const char          *address,
                                                             guint16              port);
/* Steps belong to the current attempt; elapsed times of entries count from
 * the step's start. */
void                       sp_transcript_begin_step         (SpTranscript        *self,
                                                             SpStep               step,
                                                             const char          *command);
void                       sp_transcript_end_step           (SpTranscript        *self,
                                                             SpReply             *reply,
                                                             const GError        *error);
void                       sp_transcript_set_capabilities   (SpTranscript        *self,
                                                             SpCapabilities      *capabilities);
/* The TLS facts of the current attempt; shown in the result and exports.
 * A report that did not validate marks the attempt (see has_tls_problems). */
void                       sp_transcript_set_tls_report     (SpTranscript        *self,
                                                             SpTlsReport         *report);
/* Records a login on the current attempt. Never pass the password. */
void                       sp_transcript_set_auth           (SpTranscript        *self,
                                                             const char          *mechanism,
                                                             const char          *user,
                                                             gboolean             authenticated);
void                       sp_transcript_end_attempt        (SpTranscript        *self,
                                                             SpVerdict            result,
                                                             SpStep               deciding_step,
                                                             const char          *detail);

void                       sp_transcript_set_verdict        (SpTranscript        *self,
                                                             SpVerdict            verdict,
                                                             SpStep               deciding_step,
                                                             const char          *detail);
SpVerdict                  sp_transcript_get_verdict        (SpTranscript        *self);
SpStep                     sp_transcript_get_deciding_step  (SpTranscript        *self);
const char                *sp_transcript_get_verdict_detail (SpTranscript        *self);
/* With every mail server tested (--all-mx): some accepted and some did not.
 * The verdict is then the first failure's; set before the verdict. */
void                       sp_transcript_set_mixed          (SpTranscript        *self,
                                                             gboolean             mixed);
gboolean                   sp_transcript_get_mixed          (SpTranscript        *self);

guint                      sp_transcript_get_n_entries      (SpTranscript        *self);
const SpTranscriptEntry   *sp_transcript_get_entry          (SpTranscript        *self,
                                                             guint                index);
guint                      sp_transcript_get_n_attempts     (SpTranscript        *self);
const SpTranscriptAttempt *sp_transcript_get_attempt        (SpTranscript        *self,
                                                             guint                index);
/* Whether any attempt was encrypted with a certificate that did not
 * validate: the test went on, but the result must say so. */
gboolean                   sp_transcript_has_tls_problems   (SpTranscript        *self);
/* -1 when no attempt is open */
int                        sp_transcript_get_current_attempt (SpTranscript       *self);

G_END_DECLS
