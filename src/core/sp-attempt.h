/* sp-attempt.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "sp-capabilities.h"
#include "sp-reply.h"
#include "sp-responder.h"
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

/* Where an attempt is: the probe adds the attempts of a test in the order
 * a sending server would try them, and runs some of them at once. */
typedef enum
{
  SP_ATTEMPT_STATE_WAITING,   /* not started yet */
  SP_ATTEMPT_STATE_RUNNING,
  SP_ATTEMPT_STATE_DONE,      /* the verdict is decided */
} SpAttemptState;

/* One line of the log. Entries are shared by the attempt that wrote them
 * and the transcript's log of the whole test, and never change once
 * added. */
typedef struct
{
  guint         index;         /* in the transcript's log of the whole test */
  gint64        mono_usec;     /* g_get_monotonic_time () */
  GDateTime    *wall;
  SpDirection   direction;
  SpReplyClass  klass;         /* server lines: the class of their reply; else LOCAL */
  SpStep        step;
  int           attempt;       /* index of the attempt, -1 for the test's own notes */
  gint64        elapsed_usec;  /* since the step began */
  gboolean      is_error;      /* a note that reports a failure */
  char         *text;          /* one line, no line end */
} SpTranscriptEntry;

/* Limits that keep a hostile server from flooding the log: the text of one
 * entry (longer text is cut, with a note), and the number of client and
 * server lines per attempt (notes are always kept). */
#define SP_TRANSCRIPT_MAX_TEXT_LENGTH (8 * 1024)
#define SP_TRANSCRIPT_MAX_LINES       50000

#define SP_TYPE_STEP_RECORD (sp_step_record_get_type ())

/* One step of an attempt: the command, the reply or the local failure,
 * and its timing. Properties "reply", "error", "elapsed-usec" and
 * "running" notify when the step ends. */
G_DECLARE_FINAL_TYPE (SpStepRecord, sp_step_record, SP, STEP_RECORD, GObject)

/* A step that has ended, from its facts: for a view or a test that shows
 * one step on its own. */
SpStepRecord   *sp_step_record_new_finished     (SpStep        step,
                                                 const char   *command,
                                                 SpReply      *reply,
                                                 const GError *error,
                                                 gint64        elapsed_usec);
SpStep          sp_step_record_get_step         (SpStepRecord *self);
/* The line sent (redacted where needed), NULL for connect and banner. */
const char     *sp_step_record_get_command      (SpStepRecord *self);
/* NULL when no reply arrived */
SpReply        *sp_step_record_get_reply        (SpStepRecord *self);
/* A local failure, or NULL */
const GError   *sp_step_record_get_error        (SpStepRecord *self);
gint64          sp_step_record_get_started_usec (SpStepRecord *self);  /* monotonic */
/* -1 while running */
gint64          sp_step_record_get_elapsed_usec (SpStepRecord *self);
gboolean        sp_step_record_get_running      (SpStepRecord *self);

#define SP_TYPE_ATTEMPT (sp_attempt_get_type ())

/* One connection to one address of one mail server: its steps (a
 * GListModel of SpStepRecord), its own log lines, what the server offered
 * and the outcome. Only the probe and the session that runs the attempt
 * write to it; every property notifies, so front ends bind to it.
 *
 * Signals:
 *  ::entry-added (gpointer entry)  a const SpTranscriptEntry *, after it was added
 *  ::changed ()                    after properties notified, or a step began or ended */
G_DECLARE_FINAL_TYPE (SpAttempt, sp_attempt, SP, ATTEMPT, GObject)

/* @index is the attempt's place in its test (entries carry it). */
SpAttempt      *sp_attempt_new                  (guint           index,
                                                 const char     *host,
                                                 const char     *address,
                                                 guint16         port);

guint           sp_attempt_get_index            (SpAttempt      *self);
/* The exchanger's name, or the server given */
const char     *sp_attempt_get_host             (SpAttempt      *self);
/* "192.0.2.1", "2001:db8::1" */
const char     *sp_attempt_get_address          (SpAttempt      *self);
guint16         sp_attempt_get_port             (SpAttempt      *self);
/* The MX preference of the host, -1 when the server was given or the
 * domain has no MX records (implicit MX). */
int             sp_attempt_get_preference       (SpAttempt      *self);
void            sp_attempt_set_preference       (SpAttempt      *self,
                                                 int             preference);
/* Whether the person named this server (or typed commands to it), rather
 * than the test finding it in DNS: advice to test the domain's own mail
 * servers makes sense only then. Set before the attempt begins. */
void            sp_attempt_set_server_given     (SpAttempt      *self,
                                                 gboolean        server_given);
gboolean        sp_attempt_get_server_given     (SpAttempt      *self);
SpAttemptState  sp_attempt_get_state            (SpAttempt      *self);
SpVerdict       sp_attempt_get_verdict          (SpAttempt      *self);
SpStep          sp_attempt_get_deciding_step    (SpAttempt      *self);
/* The reply of the deciding step, or NULL */
SpReply        *sp_attempt_get_deciding_reply   (SpAttempt      *self);
/* A sentence that explains the result, as the probe decided it */
const char     *sp_attempt_get_detail           (SpAttempt      *self);
/* The time from the start to the end of the attempt, -1 until it ends */
gint64          sp_attempt_get_elapsed_usec     (SpAttempt      *self);
/* From EHLO, or NULL */
SpCapabilities *sp_attempt_get_capabilities     (SpAttempt      *self);
/* The certificate report once encrypted, or NULL */
SpTlsReport    *sp_attempt_get_tls_report       (SpAttempt      *self);
/* "PLAIN" or "LOGIN" once a login was tried, or NULL */
const char     *sp_attempt_get_auth_mechanism   (SpAttempt      *self);
/* The user name of that login (never the password) */
const char     *sp_attempt_get_auth_user        (SpAttempt      *self);
gboolean        sp_attempt_get_authenticated    (SpAttempt      *self);
/* Who answers, as far as the greeting, the EHLO reply and the replies so
 * far tell (see sp-responder.h); SP_RESPONDER_UNKNOWN until they do. */
SpResponder     sp_attempt_get_responder        (SpAttempt      *self);

/* SpStepRecord, in the order the steps began */
GListModel     *sp_attempt_get_steps            (SpAttempt      *self);
guint           sp_attempt_get_n_steps          (SpAttempt      *self);
SpStepRecord   *sp_attempt_get_step             (SpAttempt      *self,
                                                 guint           index);
/* The step under way, or NULL */
SpStepRecord   *sp_attempt_get_running_step     (SpAttempt      *self);
/* The attempt's own log lines */
guint           sp_attempt_get_n_entries        (SpAttempt      *self);
const SpTranscriptEntry *sp_attempt_get_entry   (SpAttempt      *self,
                                                 guint           index);

/* Writing, for the probe and its session. */
void            sp_attempt_begin                (SpAttempt      *self);
/* Ends the step under way, if any, and begins @step; elapsed times of
 * entries count from its start. */
void            sp_attempt_begin_step           (SpAttempt      *self,
                                                 SpStep          step,
                                                 const char     *command);
void            sp_attempt_end_step             (SpAttempt      *self,
                                                 SpReply        *reply,
                                                 const GError   *error);
void            sp_attempt_add_note             (SpAttempt      *self,
                                                 SpStep          step,
                                                 const char     *format,
                                                 ...) G_GNUC_PRINTF (3, 4);
void            sp_attempt_add_error            (SpAttempt      *self,
                                                 SpStep          step,
                                                 const char     *format,
                                                 ...) G_GNUC_PRINTF (3, 4);
void            sp_attempt_add_client_line      (SpAttempt      *self,
                                                 SpStep          step,
                                                 const char     *line);
/* One entry per line of @reply, all with the reply's class. */
void            sp_attempt_add_reply            (SpAttempt      *self,
                                                 SpStep          step,
                                                 const SpReply  *reply);
void            sp_attempt_set_capabilities     (SpAttempt      *self,
                                                 SpCapabilities *capabilities);
/* A report that did not validate marks the test (see
 * sp_transcript_has_tls_problems ()). */
void            sp_attempt_set_tls_report       (SpAttempt      *self,
                                                 SpTlsReport    *report);
/* Records a login. Never pass the password. */
void            sp_attempt_set_auth             (SpAttempt      *self,
                                                 const char     *mechanism,
                                                 const char     *user,
                                                 gboolean        authenticated);
/* Ends the step under way and the attempt; the detail is escaped as
 * every text from a server is (sp_transcript_escape_text ()). */
void            sp_attempt_end                  (SpAttempt      *self,
                                                 SpVerdict       verdict,
                                                 SpStep          deciding_step,
                                                 const char     *detail);

G_END_DECLS
