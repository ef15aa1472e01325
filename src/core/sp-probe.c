/* sp-probe.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-probe"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-address.h"
#include "sp-auth.h"
#include "sp-boxed-private.h"
#include "sp-cancellable-private.h"
#include "sp-diagnosis.h"
#include "sp-message.h"
#include "sp-probe.h"
#include "sp-session.h"

struct _SpProbe
{
  GObject          parent_instance;

  /* owned references */
  SpProbeRequest  *request;
  SpTranscript    *transcript;
  SpResolver      *resolver;     /* injected, or NULL: one for the request */
  SpMxResult      *mx_result;    /* found before the test, or NULL */
  SpSession       *kept_session; /* left open for a person to go on, or NULL */

  /* state */
  gboolean         running;
  gboolean         keep_session;
  gboolean         guarding;     /* holds the core dump guard for the password */
};

G_DEFINE_FINAL_TYPE (SpProbe, sp_probe, G_TYPE_OBJECT)

/* Wipes the password, once the test no longer needs it. */
static void
forget_password (SpProbe *self)
{
  sp_probe_request_clear_password (self->request);
  if (self->guarding)
    sp_auth_guard_release ();
  self->guarding = FALSE;
}

/* The probe */

static void
sp_probe_finalize (GObject *object)
{
  SpProbe *self = (SpProbe *)object;

  forget_password (self);
  g_clear_pointer (&self->request, sp_probe_request_free);
  g_clear_object (&self->transcript);
  g_clear_object (&self->resolver);
  g_clear_pointer (&self->mx_result, sp_mx_result_unref);
  if (self->kept_session != NULL)
    sp_session_disconnect (self->kept_session);
  g_clear_object (&self->kept_session);

  G_OBJECT_CLASS (sp_probe_parent_class)->finalize (object);
}

static void
sp_probe_class_init (SpProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_probe_finalize;
}

static void
sp_probe_init (SpProbe *self)
{
  self->transcript = sp_transcript_new ();
}

SpProbe *
sp_probe_new (const SpProbeRequest *request)
{
  SpProbe *self;

  g_return_val_if_fail (request != NULL, NULL);

  self = g_object_new (SP_TYPE_PROBE, NULL);
  self->request = sp_probe_request_copy (request);
  /* No core file may hold the password while the probe has a copy. */
  if (self->request->auth_password != NULL)
    {
      sp_auth_guard_hold ();
      self->guarding = TRUE;
    }

  return self;
}

const SpProbeRequest *
sp_probe_get_request (SpProbe *self)
{
  g_return_val_if_fail (SP_IS_PROBE (self), NULL);

  return self->request;
}

SpTranscript *
sp_probe_get_transcript (SpProbe *self)
{
  g_return_val_if_fail (SP_IS_PROBE (self), NULL);

  return self->transcript;
}

void
sp_probe_set_resolver (SpProbe    *self,
                       SpResolver *resolver)
{
  g_return_if_fail (SP_IS_PROBE (self));
  g_return_if_fail (resolver == NULL || SP_IS_RESOLVER (resolver));

  g_set_object (&self->resolver, resolver);
}

void
sp_probe_set_mx_result (SpProbe    *self,
                        SpMxResult *result)
{
  g_return_if_fail (SP_IS_PROBE (self));

  _sp_set_ref ((gpointer *) &self->mx_result, result,
               (GBoxedCopyFunc) sp_mx_result_ref, (GDestroyNotify) sp_mx_result_unref);
}

void
sp_probe_set_keep_session (SpProbe  *self,
                           gboolean  keep_session)
{
  g_return_if_fail (SP_IS_PROBE (self));

  self->keep_session = !!keep_session;
}

SpSession *
sp_probe_take_session (SpProbe *self)
{
  g_return_val_if_fail (SP_IS_PROBE (self), NULL);

  if (self->running || self->kept_session == NULL)
    return NULL;

  /* The server may have closed it since. */
  if (!sp_session_is_connected (self->kept_session))
    g_clear_object (&self->kept_session);

  return g_steal_pointer (&self->kept_session);
}

/* One running test */

/* How many attempts run at once when every mail server is tested: all of
 * a domain's usual two to eight MX hosts at once, so the test takes about
 * one host's time, and few enough connections not to look like a flood
 * to the receiving side. */
#define SP_PROBE_PARALLEL_ATTEMPTS 8

typedef struct
{
  char               *host;
  GInetSocketAddress *address;
  int                 preference;      /* -1: a server given, or an implicit MX */
  guint               n_host_dropped;  /* addresses of the host DNS had beyond these */
  gboolean            mx_names_address;  /* from an MX record that names an address */
} Candidate;

typedef struct
{
  SpResolver   *resolver;
  GPtrArray    *candidates;   /* Candidate */
  guint         next;
  char         *recipient;    /* domain in ASCII */
  char         *sender;
  char         *ehlo_name;
  char         *server_host;
  GTlsDatabase *ca_database;  /* the request's CA file, read once for all attempts */
  char         *accepted_sha256;  /* the certificate accepted for this test, or NULL */

  /* over all attempts */
  guint         n_running;
  guint         n_started;
  guint         attempt_limit;    /* sp_probe_request_get_attempt_limit () */
  guint         n_hosts_dropped;  /* MX records the resolver did not keep */
  gboolean      failover;         /* the last attempt to end asks for the next one */
  SpVerdict     verdict;          /* of the test, once decided without attempts */
  SpStep        deciding_step;
  char         *detail;
  /* The whole test's time limit: the source cancels the task's own
   * cancellable, which also follows the caller's. */
  GSource      *deadline_source;
  SpCancelLink  outer;
  gboolean      deadline_reached;
  gboolean      port_checked;  /* the check of other ports has run */
} Run;

/* One attempt under way: its own session, writing into its own attempt.
 * Each is a GTask of its own, whose data this is. */
typedef struct
{
  GTask        *test;          /* the test's task, which holds the run */
  Run          *run;           /* borrowed from @test */
  Candidate    *candidate;     /* borrowed from the run */
  SpAttempt    *attempt;
  SpSession    *session;
  GBytes       *message;       /* dot-stuffed, built once MAIL FROM needs its size */
  SpVerdict     verdict;
  SpStep        deciding_step;
  char         *detail;
  gboolean      failover;      /* a sending server would move on to the next candidate */
  gboolean      tls_tried;     /* STARTTLS was sent or found missing */
  gboolean      auth_tried;
  gboolean      stopped_by_certificate;  /* the certificate decided the outcome */
  gboolean      kept;          /* the session stays open for a person to go on */
  gboolean      pipelined;     /* MAIL FROM went with the commands after it */
} Job;

static void
candidate_free (Candidate *candidate)
{
  g_free (candidate->host);
  g_clear_object (&candidate->address);
  g_free (candidate);
}

static void
run_stop_deadline (Run *run)
{
  if (run->deadline_source != NULL)
    g_source_destroy (run->deadline_source);
  g_clear_pointer (&run->deadline_source, g_source_unref);
}

static void
run_free (Run *run)
{
  run_stop_deadline (run);
  _sp_cancel_link_clear (&run->outer);
  g_clear_object (&run->resolver);
  g_clear_pointer (&run->candidates, g_ptr_array_unref);
  g_free (run->recipient);
  g_free (run->sender);
  g_free (run->ehlo_name);
  g_free (run->server_host);
  g_clear_object (&run->ca_database);
  g_free (run->accepted_sha256);
  g_free (run->detail);
  g_free (run);
}

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  g_clear_object (&job->attempt);
  g_clear_pointer (&job->message, g_bytes_unref);
  g_free (job->detail);
  g_clear_object (&job->test);
  g_free (job);
}

static void after_greeting (GTask *task);
static void start_jobs     (GTask *test);

static void
job_set_outcome (Job        *job,
                 SpVerdict   verdict,
                 SpStep      step,
                 const char *detail)
{
  job->verdict = verdict;
  job->deciding_step = step;
  g_free (job->detail);
  job->detail = g_strdup (detail);
}

/* The server took the recipient (a check only) or the message: no other
 * server needs to be tried. */
static void
job_accept (Job     *job,
            SpStep   step,
            SpReply *reply)
{
  g_autofree char *detail = sp_diagnosis_dup_accepted_detail (step, reply, job->run->recipient);

  job_set_outcome (job, SP_VERDICT_ACCEPTED, step, detail);
  job->failover = FALSE;
}

/* The step the attempt is at: the last one begun. */
static SpStep
job_get_step (Job *job)
{
  guint n = sp_attempt_get_n_steps (job->attempt);

  if (n == 0)
    return SP_STEP_CONNECT;

  return sp_step_record_get_step (sp_attempt_get_step (job->attempt, n - 1));
}

/* What the test did not get to: the addresses of the last host tried
 * and the mail servers after it. Candidates come grouped by host, in MX
 * order. */
static void
get_untried (Run       *run,
             SpUntried *untried)
{
  const Candidate *last = NULL;
  const char *previous = NULL;

  untried->n_addresses = 0;
  untried->host = NULL;
  untried->n_servers = run->n_hosts_dropped;

  if (run->next > 0)
    {
      last = g_ptr_array_index (run->candidates, run->next - 1);
      untried->n_addresses = last->n_host_dropped;
      untried->host = last->host;
    }

  for (guint i = run->next; i < run->candidates->len; i++)
    {
      const Candidate *candidate = g_ptr_array_index (run->candidates, i);

      if (last != NULL && g_str_equal (candidate->host, last->host))
        untried->n_addresses++;
      else if (g_strcmp0 (candidate->host, previous) != 0)
        untried->n_servers++;
      previous = candidate->host;
    }
}

/* The fact for the step under way, and in @detail the sentence for the
 * log: what was not tried. */
static GError *
deadline_error_new (SpProbe  *self,
                    Run      *run,
                    char    **detail)
{
  guint seconds = self->request->deadline_ms / 1000;
  SpUntried untried;
  GError *error;

  error = g_error_new (SP_PROBE_ERROR, SP_PROBE_ERROR_DEADLINE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The whole test reached its time limit of %u second.",
                                    "The whole test reached its time limit of %u seconds.",
                                    seconds),
                       seconds);
  get_untried (run, &untried);
  *detail = sp_diagnosis_dup_deadline_detail (error, &untried);

  return error;
}

/* The limit of connection attempts is reached with candidates left. */
static void
note_attempt_limit (SpTranscript *transcript,
                    Run          *run)
{
  g_autofree char *note = NULL;
  SpUntried untried;

  get_untried (run, &untried);
  note = sp_diagnosis_dup_attempt_limit_note (&untried, run->attempt_limit);
  sp_transcript_add_note (transcript, SP_STEP_CONNECT, "%s", note);
}

/* The verdict of the attempt that decided, with what the check of other
 * ports found when every server timed out on port 25. */
static void
set_failure_verdict (SpTranscript *transcript,
                     SpAttempt    *decider,
                     const char   *detail)
{
  SpPortCheck *check = sp_transcript_get_port_check (transcript);
  g_autofree char *with_check = NULL;

  if (check != NULL)
    with_check = sp_diagnosis_dup_port_check_detail (detail, check);

  sp_transcript_set_verdict (transcript, sp_attempt_get_verdict (decider),
                             sp_attempt_get_deciding_step (decider),
                             with_check != NULL ? with_check : detail);
}

/* The verdict of the whole test, from its attempts in the order a sending
 * server would try them. */
static void
decide_test (SpProbe *self,
             Run     *run)
{
  SpTranscript *transcript = self->transcript;
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  SpAttempt *first_failure = NULL;
  SpAttempt *last = NULL;
  guint n_accepted = 0;

  if (sp_transcript_get_verdict (transcript) != SP_VERDICT_NONE)
    return;

  if (n_attempts == 0)
    {
      sp_transcript_set_verdict (transcript, run->verdict, run->deciding_step, run->detail);
      return;
    }

  for (guint i = 0; i < n_attempts; i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);

      if (sp_attempt_get_verdict (attempt) == SP_VERDICT_ACCEPTED)
        n_accepted++;
      else if (first_failure == NULL)
        first_failure = attempt;
      last = attempt;
    }

  /* Failing over, the last attempt decides; with every server tested and
   * all accepting, the last acceptance stands for them. */
  sp_transcript_set_deciding_attempt (transcript, last);

  if (self->request->all_mx && n_attempts > 1)
    {
      g_autofree char *detail = NULL;

      if (first_failure == NULL)
        {
          detail = sp_diagnosis_dup_all_accepted_detail (n_attempts,
                                                         sp_transcript_has_tls_problems (
                                                           transcript));
          sp_transcript_set_verdict (transcript, SP_VERDICT_ACCEPTED,
                                     sp_attempt_get_deciding_step (last), detail);
          return;
        }

      detail = sp_diagnosis_dup_mixed_detail (n_accepted, n_attempts,
                                              sp_attempt_get_detail (first_failure));
      sp_transcript_set_mixed (transcript, n_accepted > 0);
      sp_transcript_set_deciding_attempt (transcript, first_failure);
      sp_transcript_set_verdict (transcript, sp_attempt_get_verdict (first_failure),
                                 sp_attempt_get_deciding_step (first_failure), detail);
      return;
    }

  if (!self->request->all_mx && run->failover && n_attempts > 1)
    {
      g_autofree char *detail = NULL;

      detail = sp_diagnosis_dup_failover_detail (n_attempts, sp_attempt_get_detail (last));
      set_failure_verdict (transcript, last, detail);
      return;
    }

  set_failure_verdict (transcript, last, sp_attempt_get_detail (last));
}

/* Telling a blocked port 25 from dead servers */

static void run_complete (GTask *test);

/* The other mail ports: submission with STARTTLS and with implicit TLS. */
static const guint16 other_mail_ports[] = { 587, 465 };
#define PORT_CHECK_MAX_ADDRESSES 8
#define PORT_CHECK_MAX_MS        5000

/* Every server tried on port 25, and none answered at all: then whether
 * the same addresses answer on another port tells a network that blocks
 * port 25 from servers that are down. */
static gboolean
port_check_wanted (SpProbe *self,
                   Run     *run)
{
  SpTranscript *transcript = self->transcript;
  guint n_attempts = sp_transcript_get_n_attempts (transcript);

  if (run->port_checked || n_attempts == 0 ||
      sp_transcript_get_verdict (transcript) != SP_VERDICT_NONE)
    return FALSE;

  for (guint i = 0; i < n_attempts; i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);
      SpStepRecord *step = sp_diagnosis_find_attempt_deciding_step (attempt);
      const GError *error = step != NULL ? sp_step_record_get_error (step) : NULL;

      if (sp_attempt_get_port (attempt) != 25 || error == NULL ||
          sp_step_record_get_step (step) != SP_STEP_CONNECT ||
          !(g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_TIMED_OUT) ||
            g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)))
        return FALSE;
    }

  return TRUE;
}

static void
port_check_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *test = user_data;
  SpProbe *self = g_task_get_source_object (test);
  Run *run = g_task_get_task_data (test);
  g_autoptr(SpPortCheck) check = NULL;
  g_autoptr(GError) error = NULL;

  check = sp_port_check_run_finish (result, &error);
  if (check != NULL)
    {
      g_autofree char *note = sp_diagnosis_dup_port_check_note (check);

      sp_transcript_add_note (self->transcript, SP_STEP_CONNECT, "%s", note);
      sp_transcript_set_port_check (self->transcript, check);
    }

  /* Cancelled meanwhile: run_complete() says so. */
  run->port_checked = TRUE;
  run_complete (test);
}

/* Takes over @test. */
static void
start_port_check (GTask *test)
{
  SpProbe *self = g_task_get_source_object (test);
  SpTranscript *transcript = self->transcript;
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint timeout_ms = MIN (self->request->timeout_ms, PORT_CHECK_MAX_MS);

  for (guint i = 0; i < sp_transcript_get_n_attempts (transcript); i++)
    {
      const char *address = sp_attempt_get_address (sp_transcript_get_attempt (transcript, i));
      GInetAddress *inet;

      if (addresses->len == PORT_CHECK_MAX_ADDRESSES || address == NULL ||
          !g_hash_table_add (seen, (gpointer) address))
        continue;
      inet = g_inet_address_new_from_string (address);
      if (inet != NULL)
        g_ptr_array_add (addresses, inet);
    }

  sp_transcript_add_note (transcript, SP_STEP_CONNECT, "%s",
                          /* TRANSLATORS: a note in the log, after every mail server timed out
                           * on port 25; 587 and 465 are the ports for sending mail as a user. */
                          _("No server answered on port 25. Checking whether the same "
                            "addresses answer on ports 587 and 465, to tell a blocked "
                            "port 25 from servers that are down…"));
  sp_port_check_run_async (addresses, other_mail_ports, G_N_ELEMENTS (other_mail_ports),
                           MAX (timeout_ms, 1), g_task_get_cancellable (test),
                           port_check_cb, test);
}

/* Every attempt has ended, or none could start: the test's verdict.
 * Takes over @test. */
static void
run_complete (GTask *test)
{
  SpProbe *self = g_task_get_source_object (test);
  Run *run = g_task_get_task_data (test);
  gboolean cancelled = g_cancellable_is_cancelled (g_task_get_cancellable (test));

  /* Still running: the check is part of the test, within its deadline. */
  if (!cancelled && port_check_wanted (self, run))
    {
      start_port_check (test);
      return;
    }

  self->running = FALSE;
  forget_password (self);
  run_stop_deadline (run);

  if (cancelled && !run->deadline_reached)
    {
      g_autofree char *detail = sp_diagnosis_dup_cancelled_detail (TRUE);

      /* The log, which people read and attach to tickets, says it too. */
      sp_transcript_add_error (self->transcript, SP_STEP_NONE, "%s",
                               _("Stopped by hand; the lines above are what happened until "
                                 "then."));
      sp_transcript_set_verdict (self->transcript, SP_VERDICT_CANCELLED, SP_STEP_NONE, detail);
      g_task_return_new_error (test, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The test was cancelled."));
      g_object_unref (test);
      return;
    }

  decide_test (self, run);
  g_task_return_int (test, sp_transcript_get_verdict (self->transcript));
  g_object_unref (test);
}

/* Cancelled, or out of time, before any attempt: during the lookup or
 * while the CA file was read. */
static void
run_cancelled (GTask *test)
{
  SpProbe *self = g_task_get_source_object (test);
  Run *run = g_task_get_task_data (test);

  if (run->deadline_reached)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *detail = NULL;

      error = deadline_error_new (self, run, &detail);
      sp_transcript_add_error (self->transcript, SP_STEP_DNS, "%s", detail);
      sp_transcript_set_dns_error (self->transcript, error);
      sp_transcript_set_verdict (self->transcript, SP_VERDICT_TIMED_OUT, SP_STEP_DNS, detail);
    }

  run_complete (g_object_ref (test));
}

/* The server was reached through an MX record that names an address:
 * sending servers refuse that record (RFC 5321 5.1), so the domain does
 * not get mail this way whatever the server said. The result says so; an
 * acceptance becomes a DNS failure, held by a DNS step of the attempt, and
 * a sending server would go on to the next MX. */
static void
mark_mx_names_address (Job *job)
{
  g_autofree char *detail = sp_diagnosis_dup_mx_names_address_detail (job->detail,
                                                                      job->candidate->host);

  if (job->verdict == SP_VERDICT_ACCEPTED)
    {
      g_autoptr(GError) error = NULL;

      error = g_error_new (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_MX_NAMES_ADDRESS,
                           _("The MX record names the IP address %s instead of a host name."),
                           job->candidate->host);
      sp_attempt_begin_step (job->attempt, SP_STEP_DNS, NULL);
      sp_attempt_end_step (job->attempt, NULL, error);
      job_set_outcome (job, SP_VERDICT_DNS_FAILED, SP_STEP_DNS, detail);
      job->failover = TRUE;
    }
  else
    job_set_outcome (job, job->verdict, job->deciding_step, detail);
}

/* The test went past a bad certificate, as a diagnostic tool must; the
 * result says so. */
static void
note_untrusted_certificate (Job *job)
{
  SpTlsReport *report = job->session != NULL ? sp_session_get_tls_report (job->session) : NULL;
  g_autofree char *detail = NULL;

  if (report == NULL || report->validated || job->stopped_by_certificate)
    return;

  detail = sp_diagnosis_dup_untrusted_certificate_detail (job->detail, report);
  job_set_outcome (job, job->verdict, job->deciding_step, detail);
}

/* Ends the attempt with the outcome decided, and the job. */
static void
job_done (GTask *task)
{
  Job *job = g_task_get_task_data (task);

  note_untrusted_certificate (job);
  if (job->verdict != SP_VERDICT_CANCELLED && job->candidate->mx_names_address)
    mark_mx_names_address (job);

  sp_attempt_end (job->attempt, job->verdict, job->deciding_step, job->detail);
  if (!job->kept)
    sp_session_disconnect (job->session);

  g_task_return_boolean (task, TRUE);
}

/* The step under way failed as cancelled: by the user, or by the whole
 * test's time limit. */
static void
job_cancelled (GTask *task)
{
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  if (!job->run->deadline_reached)
    {
      g_autofree char *detail = sp_diagnosis_dup_cancelled_detail (FALSE);

      job_set_outcome (job, SP_VERDICT_CANCELLED, SP_STEP_NONE, detail);
    }
  /* Only the goodbye (RSET, QUIT) was left: the outcome stands. */
  else if (job->verdict == SP_VERDICT_NONE)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *detail = NULL;
      SpStep step = job_get_step (job);

      error = deadline_error_new (self, job->run, &detail);
      sp_attempt_add_error (job->attempt, step, "%s", detail);
      /* The step under way ended as cancelled; this one says why. */
      sp_attempt_begin_step (job->attempt, step, NULL);
      sp_attempt_end_step (job->attempt, NULL, error);
      job_set_outcome (job, SP_VERDICT_TIMED_OUT, step, detail);
      job->failover = FALSE;
    }

  job_done (task);
}

static void connect_cb      (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);
static void job_finished_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

/* Runs one attempt on the next candidate, as a task of its own. */
static void
start_job (GTask *test)
{
  SpProbe *self = g_task_get_source_object (test);
  Run *run = g_task_get_task_data (test);
  g_autoptr(GTask) task = NULL;
  g_autofree char *address = NULL;
  Candidate *candidate;
  Job *job;

  candidate = g_ptr_array_index (run->candidates, run->next++);
  address = g_inet_address_to_string (g_inet_socket_address_get_address (candidate->address));

  job = g_new0 (Job, 1);
  job->test = g_object_ref (test);
  job->run = run;
  job->candidate = candidate;
  job->attempt = g_object_ref (sp_transcript_add_attempt (self->transcript, candidate->host,
                                                          address,
                                                          g_inet_socket_address_get_port (
                                                            candidate->address)));
  sp_attempt_set_preference (job->attempt, candidate->preference);
  sp_attempt_set_server_given (job->attempt, run->server_host != NULL);

  task = g_task_new (self, g_task_get_cancellable (test), job_finished_cb, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  run->n_running++;
  run->n_started++;

  job->session = sp_session_new (job->attempt);
  sp_session_set_timeout_ms (job->session, self->request->timeout_ms);
  sp_session_set_implicit_tls (job->session, self->request->tls == SP_TLS_POLICY_IMPLICIT);
  sp_session_set_ca_database (job->session, run->ca_database, self->request->ca_file);
  sp_session_set_accepted_certificate (job->session, run->accepted_sha256);
  sp_session_connect_async (job->session, candidate->address, candidate->host,
                            g_task_get_cancellable (test), connect_cb, g_steal_pointer (&task));
}

/* An attempt ended: count it, and start the next ones that a sending
 * server would (the next address after a failure), or that the test wants
 * (every server). */
static void
job_finished_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  GTask *test = job->test;
  SpProbe *self = g_task_get_source_object (test);
  Run *run = job->run;
  gboolean cancelled = g_cancellable_is_cancelled (g_task_get_cancellable (test));

  run->n_running--;

  if (!self->request->all_mx)
    {
      run->failover = job->failover;
      if (job->failover && run->next < run->candidates->len && !cancelled)
        {
          if (run->n_started >= run->attempt_limit)
            note_attempt_limit (self->transcript, run);
          else
            sp_transcript_add_note (self->transcript, SP_STEP_CONNECT,
                                    _("Trying the next address, as a sending server would."));
        }
    }

  start_jobs (g_object_ref (test));
}

/* Starts as many attempts as may run now; completes the test when none
 * runs and none is left to start. Takes over @test. */
static void
start_jobs (GTask *test)
{
  SpProbe *self = g_task_get_source_object (test);
  Run *run = g_task_get_task_data (test);
  gboolean cancelled = g_cancellable_is_cancelled (g_task_get_cancellable (test));
  guint parallel = self->request->all_mx ? SP_PROBE_PARALLEL_ATTEMPTS : 1;
  gboolean more;

  /* Failing over moves on only after a failure that a sending server
   * would retry elsewhere; every server is tested with all_mx. */
  more = !cancelled && run->next < run->candidates->len &&
         (run->n_started == 0 || self->request->all_mx || run->failover);

  while (more && run->n_running < parallel && run->n_started < run->attempt_limit)
    {
      start_job (test);
      more = run->next < run->candidates->len && self->request->all_mx;
    }

  if (run->n_running > 0)
    {
      g_object_unref (test);
      return;
    }

  if (run->next < run->candidates->len && !cancelled &&
      (self->request->all_mx || run->failover))
    {
      if (self->request->all_mx && run->n_started >= run->attempt_limit)
        note_attempt_limit (self->transcript, run);
    }
  else if (run->next < run->candidates->len && run->deadline_reached &&
           (self->request->all_mx || run->failover))
    {
      g_autofree char *detail = NULL;
      /* Only the sentence is wanted here, not the error. */
      g_autoptr(GError) unused = deadline_error_new (self, run, &detail);

      /* The deadline came while an attempt said goodbye: its outcome
       * stands, and the log says what the test did not get to. */
      (void) unused;
      sp_transcript_add_error (self->transcript, SP_STEP_CONNECT, "%s", detail);
    }

  run_complete (test);
}

/* Ends a command sent after the outcome was decided (RSET, QUIT): its
 * reply changes nothing, only cancelling stops the job. FALSE when
 * cancelled; the job is then over. */
static gboolean
finish_tidying (GTask        *task,
                GObject      *object,
                GAsyncResult *result)
{
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = sp_session_command_finish (SP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      job_cancelled (task);
      return FALSE;
    }

  return TRUE;
}

static void
quit_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  /* A failed QUIT changes nothing about the outcome already decided. */
  if (finish_tidying (task, object, result))
    job_done (task);
}

static void send_quit (GTask *task);

static void
owed_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* A failure is in the log, at the step it happened in, and closed the
   * connection: nothing is then handed over. */
  if (!sp_session_read_owed_finish (SP_SESSION (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      job_cancelled (task);
      return;
    }

  send_quit (g_steal_pointer (&task));
}

static void
send_quit (GTask *task)
{
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  /* The attempt that decides a test of one server (failing over, nothing
   * is left to try after it) is handed over instead, if asked for. */
  if (self->keep_session && !self->request->all_mx && !job->failover &&
      sp_session_is_connected (job->session) && !job->run->deadline_reached &&
      !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      /* Replies to commands pipelined with the deciding one belong to this
       * test's log, not to what is typed next. */
      if (sp_session_owes_replies (job->session))
        {
          sp_session_read_owed_async (job->session, g_task_get_cancellable (task), owed_cb, task);
          return;
        }

      job->kept = TRUE;
      g_set_object (&self->kept_session, job->session);
      sp_attempt_add_note (job->attempt, SP_STEP_QUIT,
                           _("The connection stays open to go on by hand."));
    }

  if (job->kept || !sp_session_is_connected (job->session))
    {
      job_done (task);
      g_object_unref (task);
      return;
    }

  sp_session_command_async (job->session, SP_STEP_QUIT, "QUIT",
                            g_task_get_cancellable (task), quit_cb, task);
}

/* A refusal until the connection is encrypted (“530 5.7.0 Must issue a
 * STARTTLS command first”), on a session that is not: the verdict is about
 * encryption, whatever the step. Returns TRUE when it took over @task. */
static gboolean
decide_if_encryption_wanted (GTask   *task,
                             SpStep   step,
                             SpReply *reply)
{
  Job *job = g_task_get_task_data (task);
  g_autofree char *detail = NULL;

  if (sp_session_is_encrypted (job->session) || !sp_diagnosis_wants_encryption (step, reply))
    return FALSE;

  detail = sp_diagnosis_dup_encryption_wanted_detail (step, reply);
  job_set_outcome (job, SP_VERDICT_TLS_FAILED, step, detail);
  job->failover = FALSE;
  send_quit (task);

  return TRUE;
}

/* Records a reply that ends the attempt, then says goodbye. */
static void
decide_by_reply (GTask   *task,
                 SpStep   step,
                 SpReply *reply)
{
  Job *job = g_task_get_task_data (task);
  g_autofree char *detail = NULL;

  if (decide_if_encryption_wanted (task, step, reply))
    return;

  detail = sp_diagnosis_dup_refusal_detail (step, reply);
  job_set_outcome (job,
                   sp_reply_get_class (reply) == SP_REPLY_CLASS_TRANSIENT ? SP_VERDICT_TRANSIENT
                                                                          : SP_VERDICT_PERMANENT,
                   step, detail);

  /* A temporary refusal at the greeting sends mail on to the next host. */
  job->failover = (step == SP_STEP_BANNER &&
                   sp_reply_get_class (reply) == SP_REPLY_CLASS_TRANSIENT);

  send_quit (task);
}

/* A local failure in the middle of the session: nothing more to say to
 * this server. */
static void
decide_by_error (GTask  *task,
                 SpStep  step,
                 GError *error)
{
  Job *job = g_task_get_task_data (task);
  SpVerdict verdict;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      job_cancelled (task);
      g_object_unref (task);
      return;
    }

  if (g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_TIMED_OUT))
    verdict = SP_VERDICT_TIMED_OUT;
  else if (g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_UNAVAILABLE) ||
           g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_FAILED) ||
           g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_INJECTION) ||
           g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_TLS_PLAINTEXT_PEER))
    verdict = SP_VERDICT_TLS_FAILED;
  else if (g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_NOT_ENCRYPTED) ||
           g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNTRUSTED) ||
           g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNSUPPORTED))
    verdict = SP_VERDICT_AUTH_FAILED;
  else if (step == SP_STEP_CONNECT)
    verdict = SP_VERDICT_CONNECT_FAILED;
  else
    verdict = SP_VERDICT_PROTOCOL_ERROR;

  job_set_outcome (job, verdict, step, error->message);
  /* A sending server moves on when it cannot reach a host or the host
   * never greets it. */
  job->failover = (step == SP_STEP_CONNECT || step == SP_STEP_BANNER);

  job_done (task);
  g_object_unref (task);
}

/* The sp_session_*_finish () of a command that gets a reply. */
typedef SpReply *(*ReplyFinishFunc) (SpSession     *session,
                                     GAsyncResult  *result,
                                     GError       **error);

/* Finishes the command of @step with @finish. When it failed, ends the
 * attempt, takes over *@task and returns NULL. */
static SpReply *
finish_reply (GTask           **task,
              SpStep            step,
              ReplyFinishFunc   finish,
              GObject          *session,
              GAsyncResult     *result)
{
  g_autoptr(GError) error = NULL;
  SpReply *reply;

  reply = finish (SP_SESSION (session), result, &error);
  if (reply == NULL)
    decide_by_error (g_steal_pointer (task), step, error);

  return reply;
}

/* As finish_reply (), and a refusal ends the attempt as well. */
static SpReply *
finish_success (GTask           **task,
                SpStep            step,
                ReplyFinishFunc   finish,
                GObject          *session,
                GAsyncResult     *result)
{
  g_autoptr(SpReply) reply = finish_reply (task, step, finish, session, result);

  if (reply != NULL && !sp_reply_is_success (reply))
    {
      decide_by_reply (g_steal_pointer (task), step, reply);
      return NULL;
    }

  return g_steal_pointer (&reply);
}

static void
rset_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  /* The recipient was already accepted; RSET only tidies up. */
  if (finish_tidying (task, object, result))
    send_quit (g_steal_pointer (&task));
}

static void
message_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SpReply) reply = NULL;

  reply = finish_success (&task, SP_STEP_MESSAGE, sp_session_send_message_finish, object, result);
  if (reply == NULL)
    return;

  job_accept (g_task_get_task_data (task), SP_STEP_MESSAGE, reply);
  send_quit (g_steal_pointer (&task));
}

static GBytes *
build_message (SpProbe  *self,
               Job      *job,
               gboolean *uses_8bit)
{
  SpCapabilities *caps = sp_session_get_capabilities (job->session);
  SpMessageParams params = { 0 };
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (self->request->subject != NULL)
    subject = g_strdup (self->request->subject);
  else
    subject = g_strdup (_("SMTP Probe test message"));

  if (self->request->body != NULL)
    body = g_strdup (self->request->body);
  else
    {
      g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M:%S %z");

      /* Translators: the body of the test message; %s first is the recipient, then the date and
       * time (2026-01-31 14:05:00 +0100), then the name this computer gave in EHLO. */
      body = g_strdup_printf (_("This is a test message sent by SMTP Probe to check that mail "
                                "reaches %s.\n\nSent at %s from %s. No reply is needed."),
                              job->run->recipient, when, job->run->ehlo_name);
    }

  params.from = job->run->sender;
  params.to = job->run->recipient;
  params.subject = subject;
  params.body = body;
  params.date = now;

  message = sp_message_build (&params,
                              caps != NULL && sp_capabilities_has (caps, "8BITMIME")
                                ? SP_MESSAGE_TRANSPORT_8BITMIME : SP_MESSAGE_TRANSPORT_7BIT,
                              uses_8bit);

  return sp_message_dot_stuff (message);
}

static void
data_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(SpReply) reply = NULL;

  reply = finish_reply (&task, SP_STEP_DATA, sp_session_command_finish, object, result);
  if (reply == NULL)
    return;

  /* RFC 5321 4.1.1.4: DATA gets 354, or a refusal. Anything else is a
   * broken server, not a verdict on the message: nothing was sent. */
  if (sp_reply_get_code (reply) != 354 && sp_reply_get_code (reply) < 400)
    {
      g_autofree char *detail = sp_diagnosis_dup_data_not_354_detail (reply);

      job_set_outcome (job, SP_VERDICT_PROTOCOL_ERROR, SP_STEP_DATA, detail);
      job->failover = FALSE;
      send_quit (g_steal_pointer (&task));
      return;
    }

  if (sp_reply_get_code (reply) != 354)
    {
      decide_by_reply (g_steal_pointer (&task), SP_STEP_DATA, reply);
      return;
    }

  if (job->pipelined && !self->keep_session)
    {
      /* RFC 2920 3.1: the message may go first in a group, QUIT last; it
       * goes whatever the reply to the message, and is read as its own
       * step (see send_quit ()). */
      SpSessionCommand quit = { SP_STEP_QUIT, "QUIT" };

      sp_session_send_message_then_async (job->session, job->message, &quit, 1,
                                          g_task_get_cancellable (task), message_cb,
                                          g_object_ref (task));
      return;
    }

  sp_session_send_message_async (job->session, job->message, g_task_get_cancellable (task),
                                 message_cb, g_object_ref (task));
}

static void
rcpt_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(SpReply) reply = NULL;

  reply = finish_success (&task, SP_STEP_RCPT, sp_session_command_finish, object, result);
  if (reply == NULL)
    return;

  if (self->request->check_only)
    {
      job_accept (job, SP_STEP_RCPT, reply);
      sp_session_command_async (job->session, SP_STEP_RSET, "RSET",
                                g_task_get_cancellable (task), rset_cb, g_object_ref (task));
      return;
    }

  sp_session_command_async (job->session, SP_STEP_DATA, "DATA",
                            g_task_get_cancellable (task), data_cb, g_object_ref (task));
}

/* The RCPT TO line; @log_note: say in the log what it leaves out, once. */
static char *
dup_rcpt_command (SpProbe  *self,
                  Job      *job,
                  gboolean  log_note)
{
  SpCapabilities *caps = sp_session_get_capabilities (job->session);
  g_autoptr(GString) command = g_string_new (NULL);
  g_autofree char *notify = NULL;

  g_string_printf (command, "RCPT TO:<%s>", job->run->recipient);

  notify = sp_notify_to_string (self->request->notify);
  if (notify != NULL)
    {
      if (caps != NULL && sp_capabilities_has (caps, "DSN"))
        g_string_append_printf (command, " NOTIFY=%s", notify);
      else if (log_note)
        sp_attempt_add_note (job->attempt, SP_STEP_RCPT,
                                _("The server does not offer delivery status notifications "
                                  "(DSN), so NOTIFY=%s is left out of RCPT TO."),
                                notify);
    }

  return g_string_free (g_steal_pointer (&command), FALSE);
}

static void
mail_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(SpReply) reply = NULL;
  g_autofree char *command = NULL;

  reply = finish_success (&task, SP_STEP_MAIL, sp_session_command_finish, object, result);
  if (reply == NULL)
    return;

  /* After PIPELINING, the same line only reads the reply already owed. */
  command = dup_rcpt_command (self, job, TRUE);
  sp_session_command_async (job->session, SP_STEP_RCPT, command,
                            g_task_get_cancellable (task), rcpt_cb, g_object_ref (task));
}

/* RFC 2920: MAIL FROM, RCPT TO and DATA (RSET and QUIT for a check only)
 * in one go, a round trip instead of three or four; the callbacks ask for
 * the same commands as step by step, and the session reads each reply into
 * its own step. QUIT stays out when the connection may be handed over to
 * go on by hand. FALSE when the server does not offer PIPELINING: the test
 * goes on step by step, as the log says. */
static gboolean
send_pipelined (GTask      *task,
                const char *mail_command)
{
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  SpCapabilities *caps = sp_session_get_capabilities (job->session);
  g_autofree char *rcpt_command = NULL;
  SpSessionCommand commands[4];
  guint n_commands = 0;

  if (caps == NULL || !sp_capabilities_has (caps, "PIPELINING"))
    {
      sp_attempt_add_note (job->attempt, SP_STEP_MAIL,
                           /* Translators: PIPELINING is the SMTP extension (RFC 2920)
                            * that lets commands go in one go; keep the name. */
                           _("The server does not offer PIPELINING, so the commands go one "
                             "at a time."));
      return FALSE;
    }

  rcpt_command = dup_rcpt_command (self, job, FALSE);
  commands[n_commands++] = (SpSessionCommand) { SP_STEP_MAIL, mail_command };
  commands[n_commands++] = (SpSessionCommand) { SP_STEP_RCPT, rcpt_command };
  if (!self->request->check_only)
    commands[n_commands++] = (SpSessionCommand) { SP_STEP_DATA, "DATA" };
  else
    {
      commands[n_commands++] = (SpSessionCommand) { SP_STEP_RSET, "RSET" };
      if (!self->keep_session)
        commands[n_commands++] = (SpSessionCommand) { SP_STEP_QUIT, "QUIT" };
    }

  job->pipelined = TRUE;
  sp_session_pipeline_async (job->session, commands, n_commands,
                             g_task_get_cancellable (task), mail_cb, task);

  return TRUE;
}

/* A refusal on this side, before anything was sent: no command, so no
 * step holds it. A step of its own gives the diagnosis, the result page
 * and the reports the error to explain, as for any other failed step. */
static void
record_local_failure (SpAttempt    *attempt,
                      SpStep        step,
                      const GError *error)
{
  sp_attempt_begin_step (attempt, step, NULL);
  sp_attempt_end_step (attempt, NULL, error);
}

static void
send_mail_from (GTask *task)
{
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  SpCapabilities *caps = sp_session_get_capabilities (job->session);
  g_autoptr(GString) command = g_string_new (NULL);
  gboolean uses_8bit = FALSE;

  g_string_printf (command, "MAIL FROM:<%s>", job->run->sender);

  if (!self->request->check_only)
    {
      /* Build the message now: its size and encoding go into MAIL FROM. */
      g_clear_pointer (&job->message, g_bytes_unref);
      job->message = build_message (self, job, &uses_8bit);
      if (uses_8bit)
        g_string_append (command, " BODY=8BITMIME");
      if (caps != NULL && sp_capabilities_has (caps, "SIZE"))
        g_string_append_printf (command, " SIZE=%" G_GSIZE_FORMAT,
                                g_bytes_get_size (job->message));
    }

  if (sp_address_needs_smtputf8 (job->run->sender)
      || sp_address_needs_smtputf8 (job->run->recipient))
    {
      g_autoptr(GError) error = NULL;

      if (caps != NULL && sp_capabilities_has (caps, "SMTPUTF8"))
        g_string_append (command, " SMTPUTF8");
      else
        {
          /* RFC 6531 3.4: such an address must not be sent to a server that
           * did not offer SMTPUTF8; a sending server would bounce it. */
          error = g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_SMTPUTF8_NOT_OFFERED,
                                       _("An address has characters beyond plain ASCII before "
                                         "the “@”, and the server does not offer SMTPUTF8, "
                                         "the extension for such addresses; the test stopped "
                                         "before MAIL FROM."));
          sp_attempt_add_error (job->attempt, SP_STEP_MAIL, "%s", error->message);
          record_local_failure (job->attempt, SP_STEP_MAIL, error);
          /* Nothing was refused: the server lacks what the test needs. */
          job_set_outcome (job, SP_VERDICT_UNSUPPORTED, SP_STEP_MAIL, error->message);
          send_quit (task);
          return;
        }
    }

  if (self->request->pipelining && send_pipelined (task, command->str))
    return;

  sp_session_command_async (job->session, SP_STEP_MAIL, command->str,
                            g_task_get_cancellable (task), mail_cb, task);
}

static void
helo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SpReply) reply = NULL;

  reply = finish_success (&task, SP_STEP_HELO, sp_session_command_finish, object, result);
  if (reply == NULL)
    return;

  after_greeting (g_steal_pointer (&task));
}

static void
ehlo_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(SpReply) reply = NULL;
  g_autofree char *helo = NULL;
  guint code;

  reply = finish_reply (&task, SP_STEP_EHLO, sp_session_command_finish, object, result);
  if (reply == NULL)
    return;

  code = sp_reply_get_code (reply);
  if (code == 500 || code == 502)
    {
      /* RFC 5321 3.2: an old server that does not know EHLO. */
      sp_attempt_add_note (job->attempt, SP_STEP_HELO,
                              _("The server does not understand EHLO; trying the older HELO."));
      helo = g_strdup_printf ("HELO %s", job->run->ehlo_name);
      sp_session_command_async (job->session, SP_STEP_HELO, helo,
                                g_task_get_cancellable (task), helo_cb, g_object_ref (task));
      return;
    }

  if (!sp_reply_is_success (reply))
    {
      decide_by_reply (g_steal_pointer (&task), SP_STEP_EHLO, reply);
      return;
    }

  after_greeting (g_steal_pointer (&task));
}

/* After the greeting, and again once encrypted. */
static void
send_ehlo (GTask *task)
{
  Job *job = g_task_get_task_data (task);
  g_autofree char *ehlo = g_strdup_printf ("EHLO %s", job->run->ehlo_name);

  sp_session_command_async (job->session, SP_STEP_EHLO, ehlo,
                            g_task_get_cancellable (task), ehlo_cb, g_object_ref (task));
}

/* No login was tried: the session is still usable, so say goodbye. Takes
 * over @task. */
static void
auth_refused_locally (GTask        *task,
                      const GError *error)
{
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  record_local_failure (job->attempt, SP_STEP_AUTH, error);
  /* The reports still say who was to log in. */
  sp_attempt_set_auth (job->attempt, NULL, self->request->auth_user, FALSE);
  job_set_outcome (job, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, error->message);
  job->stopped_by_certificate = g_error_matches (error, SP_SESSION_ERROR,
                                                 SP_SESSION_ERROR_AUTH_UNTRUSTED);
  send_quit (task);
}

static void
auth_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;

  reply = sp_session_authenticate_finish (SP_SESSION (object), result, &error);
  if (reply == NULL)
    {
      /* Refused before any traffic: the connection is still fine. */
      if (g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_NOT_ENCRYPTED) ||
          g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNTRUSTED) ||
          g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNSUPPORTED))
        {
          auth_refused_locally (g_steal_pointer (&task), error);
          return;
        }

      decide_by_error (g_steal_pointer (&task), SP_STEP_AUTH, error);
      return;
    }

  if (sp_reply_get_code (reply) == 235)
    {
      send_mail_from (g_steal_pointer (&task));
      return;
    }

  if (sp_reply_get_class (reply) == SP_REPLY_CLASS_TRANSIENT)
    {
      decide_by_reply (g_steal_pointer (&task), SP_STEP_AUTH, reply);
      return;
    }

  /* Not the password's fault: the server wants encryption first. */
  if (decide_if_encryption_wanted (task, SP_STEP_AUTH, reply))
    {
      g_steal_pointer (&task);
      return;
    }

  detail = sp_diagnosis_dup_login_refused_detail (self->request->auth_user, reply);
  job_set_outcome (job, SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, detail);
  send_quit (g_steal_pointer (&task));
}

/* @error: the reason to record as the STARTTLS step's, when no reply
 * to STARTTLS holds it already; may be NULL. */
static void
tls_refused (GTask        *task,
             const char   *detail,
             const GError *error)
{
  Job *job = g_task_get_task_data (task);

  sp_attempt_add_error (job->attempt, SP_STEP_STARTTLS, "%s", detail);
  if (error != NULL)
    record_local_failure (job->attempt, SP_STEP_STARTTLS, error);
  job_set_outcome (job, SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS, detail);
  send_quit (task);
}

static void
starttls_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(SpReply) reply = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *detail = NULL;
  SpTlsReport *report;

  reply = finish_reply (&task, SP_STEP_STARTTLS, sp_session_starttls_finish, object, result);
  if (reply == NULL)
    return;

  /* RFC 3207 4: only 220 starts TLS. Any other success leaves the
   * connection in plain text, whatever the server meant by it. */
  if (sp_reply_is_success (reply) && sp_reply_get_code (reply) != 220)
    {
      g_autoptr(GError) unexpected = NULL;

      quote = sp_reply_dup_quote (reply);
      unexpected = g_error_new (SP_PROBE_ERROR, SP_PROBE_ERROR_STARTTLS_UNEXPECTED,
                                /* Translators: %s is the reply, such as "250 2.0.0 Ok" */
                                _("The server answered STARTTLS with %s instead of 220, "
                                  "so the connection was not encrypted."),
                                quote);
      if (self->request->tls == SP_TLS_POLICY_REQUIRED)
        {
          tls_refused (g_steal_pointer (&task), unexpected->message, unexpected);
          return;
        }

      sp_attempt_add_note (job->attempt, SP_STEP_STARTTLS,
                              _("%s The session goes on in plain text, as most sending "
                                "servers would."),
                              unexpected->message);
      after_greeting (g_steal_pointer (&task));
      return;
    }

  if (sp_reply_get_code (reply) != 220)
    {
      quote = sp_reply_dup_quote (reply);
      if (self->request->tls == SP_TLS_POLICY_REQUIRED)
        {
          detail = sp_diagnosis_dup_starttls_refused_detail (reply);
          tls_refused (g_steal_pointer (&task), detail, NULL);
          return;
        }

      sp_attempt_add_note (job->attempt, SP_STEP_STARTTLS,
                              /* Translators: %s is the reply, such as "454 4.7.0 TLS not
                               * available" */
                              _("The server refused encryption (STARTTLS): %s. The session "
                                "goes on in plain text, as most sending servers would."),
                              quote);
      after_greeting (g_steal_pointer (&task));
      return;
    }

  /* Required means encrypted and trusted: nothing of the envelope goes to
   * a server whose certificate proves nothing. */
  report = sp_session_get_tls_report (job->session);
  if (self->request->tls == SP_TLS_POLICY_REQUIRED &&
      (report == NULL || !sp_tls_report_is_trusted (report)))
    {
      g_autoptr(GError) untrusted = NULL;

      untrusted = g_error_new (SP_PROBE_ERROR, SP_PROBE_ERROR_CERTIFICATE_UNTRUSTED,
                               /* Translators: the second %s is a SHA-256 fingerprint. */
                               _("The certificate of %s did not validate, and this test "
                                 "requires a trusted one; its SHA-256 fingerprint is %s."),
                               report != NULL ? report->identity : "?",
                               report != NULL && report->sha256 != NULL ? report->sha256
                                                                        : "?");
      job->stopped_by_certificate = TRUE;
      tls_refused (g_steal_pointer (&task), untrusted->message, untrusted);
      return;
    }

  /* Greet again: the server may offer more (AUTH, for one) over TLS. */
  send_ehlo (task);
}

/* After EHLO (or HELO): encryption and the login, as the request wants
 * them, then the envelope. Takes over @task. */
static void
after_greeting (GTask *task)
{
  SpProbe *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  SpCapabilities *caps = sp_session_get_capabilities (job->session);
  SpTlsPolicy policy = self->request->tls;

  if (!job->tls_tried && !sp_session_is_encrypted (job->session) &&
      (policy == SP_TLS_POLICY_OPPORTUNISTIC || policy == SP_TLS_POLICY_REQUIRED))
    {
      job->tls_tried = TRUE;

      if (caps != NULL && sp_capabilities_has (caps, "STARTTLS"))
        {
          sp_session_starttls_async (job->session, g_task_get_cancellable (task),
                                     starttls_cb, task);
          return;
        }

      if (policy == SP_TLS_POLICY_REQUIRED)
        {
          g_autoptr(GError) error = NULL;

          error = g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_TLS_NOT_OFFERED,
                                       caps == NULL
                                       ? _("The server does not understand EHLO, so it cannot "
                                           "offer encryption (STARTTLS), which this test "
                                           "requires.")
                                       : _("The server does not offer encryption (STARTTLS). "
                                           "This test requires it."));
          tls_refused (task, error->message, error);
          return;
        }

      sp_attempt_add_note (job->attempt, SP_STEP_STARTTLS,
                              _("The server does not offer encryption (STARTTLS), so the "
                                "session goes on in plain text, as a sending server’s "
                                "would."));
    }

  if (self->request->auth_user != NULL && *self->request->auth_user != '\0' && !job->auth_tried)
    {
      g_autoptr(GError) error = NULL;

      job->auth_tried = TRUE;
      /* The session refuses as well; deciding here keeps the password out
       * of every code path that could reach an unproved server. */
      if (sp_session_is_encrypted (job->session) &&
          !sp_session_check_trusted (job->session, &error))
        {
          sp_attempt_add_error (job->attempt, SP_STEP_AUTH, "%s", error->message);
          auth_refused_locally (task, error);
          return;
        }

      sp_session_authenticate_async (job->session, self->request->auth_user,
                                     self->request->auth_password != NULL
                                       ? self->request->auth_password : "",
                                     self->request->auth_allow_plaintext,
                                     g_task_get_cancellable (task), auth_cb, task);
      return;
    }

  send_mail_from (task);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job = g_task_get_task_data (task);
  g_autoptr(SpReply) reply = NULL;

  reply = finish_reply (&task, job_get_step (job), sp_session_connect_finish, object, result);
  if (reply == NULL)
    return;

  if (sp_reply_get_code (reply) != 220)
    {
      decide_by_reply (g_steal_pointer (&task), SP_STEP_BANNER, reply);
      return;
    }

  send_ehlo (task);
}

static void
add_candidates (Run        *run,
                SpMxResult *mx,
                guint16     port)
{
  for (guint i = 0; i < mx->hosts->len; i++)
    {
      SpMxHost *host = g_ptr_array_index (mx->hosts, i);

      for (guint j = 0; host->addresses != NULL && j < host->addresses->len; j++)
        {
          Candidate *candidate = g_new0 (Candidate, 1);

          candidate->host = g_strdup (host->host);
          candidate->address = G_INET_SOCKET_ADDRESS (
            g_inet_socket_address_new (g_ptr_array_index (host->addresses, j), port));
          candidate->preference = mx->implicit || mx->host_lookup ? -1 : (int) host->preference;
          candidate->n_host_dropped = host->n_addresses_dropped;
          candidate->mx_names_address = host->names_address;
          g_ptr_array_add (run->candidates, candidate);
        }
    }
}

static void
log_mx_result (SpTranscript *transcript,
               SpMxResult   *mx)
{
  if (mx->implicit)
    sp_transcript_add_note (transcript, SP_STEP_DNS,
                            _("%s has no MX record, so mail goes to the domain’s own address "
                              "(an implicit MX, RFC 5321 section 5.1)."),
                            mx->domain);

  for (guint i = 0; i < mx->hosts->len; i++)
    {
      SpMxHost *host = g_ptr_array_index (mx->hosts, i);
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint j = 0; host->addresses != NULL && j < host->addresses->len; j++)
        {
          GInetAddress *address = g_ptr_array_index (host->addresses, j);
          g_autofree char *text = g_inet_address_to_string (address);

          if (list->len > 0)
            g_string_append (list, ", ");
          g_string_append (list, text);
        }

      if (host->error != NULL)
        /* Translators: a line of the DNS step: “MX 10 mx1.example.com: 192.0.2.1, 2001:db8::1”,
         * the MX preference (not a count), the mail server's name, then its addresses or why it
         * has none. */
        sp_transcript_add_error (transcript, SP_STEP_DNS, _("MX %u %s: %s"),
                                 host->preference, host->host, host->error->message);
      else
        sp_transcript_add_note (transcript, SP_STEP_DNS, _("MX %u %s: %s"),
                                host->preference, host->host, list->str);

      if (host->n_addresses_dropped > 0)
        sp_transcript_add_note (transcript, SP_STEP_DNS,
                                g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: %s is a mail server's name, %u how
                                              * many of its addresses were left out (the plural
                                              * form goes by it), the last %u the limit, 10. */
                                             "%s has %u more address in DNS, left out: a test "
                                             "keeps at most %u per mail server.",
                                             "%s has %u more addresses in DNS, left out: a test "
                                             "keeps at most %u per mail server.",
                                             host->n_addresses_dropped),
                                host->host, host->n_addresses_dropped,
                                SP_RESOLVER_MAX_HOST_ADDRESSES);
      if (host->names_address)
        sp_transcript_add_error (transcript, SP_STEP_DNS,
                                 _("The MX record names the IP address %s instead of a host "
                                   "name, which RFC 5321 (section 5.1) does not allow; "
                                   "sending servers refuse such a record. The server is "
                                   "tested anyway, and the result says so."),
                                 host->host);
    }

  if (mx->n_hosts_dropped > 0)
    sp_transcript_add_note (transcript, SP_STEP_DNS,
                            g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: %s is the domain, %u how many of its MX
                                          * records were left out (the plural form goes by it), the
                                          * last %u the limit, 50. */
                                         "%s has %u more MX record, left out: a test keeps the "
                                         "%u most preferred.",
                                         "%s has %u more MX records, left out: a test keeps the "
                                         "%u most preferred.",
                                         mx->n_hosts_dropped),
                            mx->domain, mx->n_hosts_dropped, SP_RESOLVER_MAX_MX_HOSTS);
}

/* The lookup failed: there is nobody to talk to. The error goes into the
 * transcript as well as its sentence, so the diagnosis can tell NXDOMAIN
 * from a time-out. Takes over @task. */
static void
dns_failed (GTask        *task,
            const GError *error)
{
  SpProbe *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  sp_transcript_add_error (self->transcript, SP_STEP_DNS, "%s", error->message);
  sp_transcript_set_dns_error (self->transcript, error);
  run->verdict = SP_VERDICT_DNS_FAILED;
  run->deciding_step = SP_STEP_DNS;
  g_free (run->detail);
  run->detail = g_strdup (error->message);
  run_complete (task);
}

/* Logs what DNS said and starts with the first candidate. Takes over
 * @task. */
static void
use_mx_result (GTask      *task,
               SpMxResult *mx)
{
  SpProbe *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  sp_transcript_set_mx_result (self->transcript, mx);
  log_mx_result (self->transcript, mx);
  add_candidates (run, mx, self->request->port);
  run->n_hosts_dropped = mx->n_hosts_dropped;

  if (run->candidates->len == 0)
    {
      g_autoptr(GError) none = NULL;

      none = g_error_new_literal (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES,
                                  _("None of the mail servers has an address to connect to."));
      dns_failed (task, none);
      return;
    }

  start_jobs (task);
}

/* Whether @name, as given, is the name the resolver wrote as @ascii:
 * ASCII, without the root's dot, in any case. */
static gboolean
same_name (const char *name,
           const char *ascii)
{
  g_autofree char *wanted = g_strstrip (g_strdup (name));
  g_autofree char *converted = NULL;
  gsize len = strlen (wanted);

  if (len > 0 && wanted[len - 1] == '.')
    wanted[len - 1] = '\0';
  if (g_utf8_validate (wanted, -1, NULL))
    converted = g_hostname_to_ascii (wanted);

  return converted != NULL && ascii != NULL && g_ascii_strcasecmp (converted, ascii) == 0;
}

/* Whether the result found before the test was asked through the DNS
 * servers and for the address families of this test, and is bounded as
 * a lookup's own result, which it claims to be. */
static gboolean
mx_result_usable (SpProbe *self)
{
  SpMxResult *mx = self->mx_result;
  g_autofree char *servers = NULL;
  g_autofree char *asked = NULL;

  if (mx == NULL || mx->domain == NULL || mx->family != self->request->family ||
      mx->hosts->len > SP_RESOLVER_MAX_MX_HOSTS)
    return FALSE;

  for (guint i = 0; i < mx->hosts->len; i++)
    {
      SpMxHost *host = g_ptr_array_index (mx->hosts, i);

      if (host->addresses != NULL && host->addresses->len > SP_RESOLVER_MAX_HOST_ADDRESSES)
        return FALSE;
    }

  /* NULL and "" both mean the system's DNS servers. */
  servers = g_strdup (self->resolver != NULL ? sp_resolver_get_servers (self->resolver)
                                             : self->request->dns_servers);
  asked = g_strdup (mx->servers);

  return g_strcmp0 (servers != NULL ? g_strstrip (servers) : "",
                    asked != NULL ? g_strstrip (asked) : "") == 0;
}

/* The answer to the question the test would ask DNS, the MX records of
 * @name or the addresses of the host @name, if the result found before
 * the test holds it: as the same lookup, or for a host, as one of the
 * mail servers of an MX lookup (the one a person picked from the list).
 * NULL when DNS has to be asked. */
static SpMxResult *
dup_known_result (SpProbe    *self,
                  const char *name,
                  gboolean    host_lookup)
{
  SpMxResult *mx = self->mx_result;

  if (!mx_result_usable (self))
    return NULL;

  if (mx->host_lookup == host_lookup && same_name (name, mx->domain))
    return sp_mx_result_ref (mx);

  for (guint i = 0; host_lookup && !mx->host_lookup && i < mx->hosts->len; i++)
    {
      SpMxHost *host = g_ptr_array_index (mx->hosts, i);
      SpMxResult *one;
      SpMxHost *copy;

      if (host->error != NULL || host->addresses == NULL || host->addresses->len == 0 ||
          !same_name (name, host->host))
        continue;

      /* As sp_resolver_lookup_host_async () would have answered. */
      one = sp_mx_result_new (host->host);
      copy = sp_mx_host_copy (host);
      copy->preference = 0;
      g_ptr_array_add (one->hosts, copy);
      for (guint j = 0; j < mx->queries->len; j++)
        {
          SpDnsQuery *query = g_ptr_array_index (mx->queries, j);

          if (g_ascii_strcasecmp (query->name, host->host) == 0)
            g_ptr_array_add (one->queries, sp_dns_query_copy (query));
        }
      one->servers = g_strdup (mx->servers);
      one->family = mx->family;
      one->host_lookup = TRUE;

      return one;
    }

  return NULL;
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(SpMxResult) mx = NULL;
  g_autoptr(GError) error = NULL;

  if (run->server_host != NULL)
    mx = sp_resolver_lookup_host_finish (SP_RESOLVER (object), result, &error);
  else
    mx = sp_resolver_lookup_mx_finish (SP_RESOLVER (object), result, &error);

  if (mx == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          run_cancelled (task);
          return;
        }

      dns_failed (g_steal_pointer (&task), error);
      return;
    }

  use_mx_result (g_steal_pointer (&task), mx);
}

static gboolean
deadline_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  /* Whatever is under way fails with G_IO_ERROR_CANCELLED and ends in
   * job_cancelled () or run_cancelled (), which see the flag. */
  run->deadline_reached = TRUE;
  g_clear_pointer (&run->deadline_source, g_source_unref);
  g_cancellable_cancel (g_task_get_cancellable (task));

  return G_SOURCE_REMOVE;
}

/* Asks DNS for the MX records of @name, or for the addresses of the host
 * @name, unless the result found before the test answers that already.
 * @error: why there is no resolver, if there is none. Takes over @task. */
static void
look_up (GTask        *task,
         const char   *name,
         gboolean      host_lookup,
         const GError *error)
{
  SpProbe *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(SpMxResult) known = NULL;

  known = dup_known_result (self, name, host_lookup);
  if (known != NULL)
    {
      if (host_lookup)
        sp_transcript_add_note (self->transcript, SP_STEP_DNS,
                                /* Translators: %s is a host name; its addresses were
                                 * found before the test started, on the app's list
                                 * of mail servers. */
                                _("Using the addresses of %s found before the test, "
                                  "without looking them up again."), name);
      else
        sp_transcript_add_note (self->transcript, SP_STEP_DNS,
                                /* Translators: %s is a mail domain; its MX records
                                 * were found before the test started, on the app's
                                 * list of mail servers. */
                                _("Using the mail servers (MX records) of %s found before "
                                  "the test, without looking them up again."), name);
      use_mx_result (task, known);
      return;
    }

  if (run->resolver == NULL)
    {
      dns_failed (task, error);
      return;
    }

  if (host_lookup)
    {
      sp_transcript_add_note (self->transcript, SP_STEP_DNS,
                              _("Looking up the address of %s…"), name);
      sp_resolver_lookup_host_async (run->resolver, name, g_task_get_cancellable (task),
                                     resolve_cb, task);
    }
  else
    {
      sp_transcript_add_note (self->transcript, SP_STEP_DNS,
                              _("Looking up the mail servers (MX records) of %s…"), name);
      sp_resolver_lookup_mx_async (run->resolver, name, g_task_get_cancellable (task),
                                   resolve_cb, task);
    }
}

/* Finds the mail servers to talk to, or takes them as given or as found
 * before the test. Takes over @task. */
static void
start_lookup (GTask *task)
{
  SpProbe *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) literal = NULL;
  g_autofree char *domain = sp_address_dup_domain (run->recipient);
  guint16 port = self->request->port;

  /* The notes on the lookup count their time from here. */
  sp_transcript_begin_stage (self->transcript, SP_STEP_DNS);

  /* NULL when c-ares cannot start (no memory, no file descriptors left);
   * a server given as an address needs no DNS, so that test still runs. */
  if (self->resolver != NULL)
    run->resolver = g_object_ref (self->resolver);
  else
    run->resolver = sp_resolver_new (self->request->dns_servers, &error);
  if (run->resolver != NULL)
    sp_resolver_set_family (run->resolver, self->request->family);

  /* RFC 5321 4.1.3: kate@[192.0.2.1] names the server itself; there is
   * nothing to look up. A server given explicitly still wins. */
  if (run->server_host == NULL && domain != NULL && domain[0] == '[')
    {
      g_autofree char *bracketed = g_strndup (domain + 1, strlen (domain) - 2);
      const char *text = bracketed;

      if (g_ascii_strncasecmp (text, "IPv6:", 5) == 0)
        text += 5;
      run->server_host = g_strdup (text);
    }

  if (run->server_host != NULL)
    {
      literal = g_inet_address_new_from_string (run->server_host);
      if (literal != NULL)
        {
          Candidate *candidate = g_new0 (Candidate, 1);

          candidate->host = g_strdup (run->server_host);
          candidate->preference = -1;
          candidate->address = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (literal, port));
          g_ptr_array_add (run->candidates, candidate);
          sp_transcript_add_note (self->transcript, SP_STEP_CONNECT,
                                  _("Testing %s as given, without an MX lookup."),
                                  run->server_host);
          start_jobs (task);
          return;
        }

      look_up (task, run->server_host, TRUE, error);
      return;
    }

  look_up (task, domain, FALSE, error);
}

static void start_test        (GTask        *task);
static void ca_file_loaded_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data);

void
sp_probe_run_async (SpProbe             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) inner = NULL;
  SpField field;
  Run *run;

  g_return_if_fail (SP_IS_PROBE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  /* A cancellable of the test's own, so that the deadline can stop
   * every step the way the caller's cancellable does. */
  inner = g_cancellable_new ();
  task = g_task_new (self, inner, callback, user_data);
  g_task_set_source_tag (task, sp_probe_run_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->running)
    {
      g_task_return_new_error (task, SP_PROBE_ERROR, SP_PROBE_ERROR_BUSY,
                               _("This test is already running."));
      return;
    }

  if (!sp_probe_request_validate (self->request, &field, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  run = g_new0 (Run, 1);
  run->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify)candidate_free);
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);
  self->running = TRUE;

  run->attempt_limit = sp_probe_request_get_attempt_limit (self->request);
  _sp_cancel_link_connect (&run->outer, cancellable, inner);
  /* The task holds the run, and the run the source: no reference back,
   * or the task would never be freed; run_free () destroys the source. */
  run->deadline_source = g_timeout_source_new (self->request->deadline_ms);
  g_source_set_callback (run->deadline_source, deadline_cb, task, NULL);
  g_source_set_static_name (run->deadline_source, "[smtp-probe] test deadline");
  g_source_attach (run->deadline_source, g_main_context_get_thread_default ());

  run->recipient = sp_address_normalize (self->request->recipient, NULL);
  run->sender = sp_address_normalize (self->request->sender, NULL);
  if (self->request->ehlo_name != NULL && *self->request->ehlo_name != '\0')
    run->ehlo_name = g_strdup (self->request->ehlo_name);
  else
    run->ehlo_name = sp_address_dup_domain (run->sender);

  /* Read once for every attempt, and off the main loop: the test starts
   * when it is loaded. */
  if (self->request->ca_file != NULL && *self->request->ca_file != '\0')
    {
      sp_tls_load_ca_file_async (self->request->ca_file, inner, ca_file_loaded_cb,
                                 g_steal_pointer (&task));
      return;
    }

  start_test (g_steal_pointer (&task));
}

/* Writes what the test is about into the transcript and finds the mail
 * servers. Takes over @task. */
static void
start_test (GTask *task)
{
  SpProbe *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  guint16 port;

  sp_transcript_set_request (self->transcript, run->recipient, run->sender,
                             self->request->check_only);
  /* Practice mode writes its own: what the person asked for. */
  if (sp_transcript_get_summary (self->transcript) == NULL)
    {
      g_autofree char *summary = sp_probe_request_dup_summary (self->request);

      sp_transcript_set_summary (self->transcript, summary);
    }

  port = self->request->port;
  if (self->request->server != NULL && *self->request->server != '\0')
    sp_server_parse (self->request->server, &run->server_host, &port, NULL);
  self->request->port = port;

  if (self->request->accept_certificate != NULL && *self->request->accept_certificate != '\0')
    {
      run->accepted_sha256 = sp_tls_fingerprint_normalize (self->request->accept_certificate,
                                                           NULL);
      sp_transcript_add_note (self->transcript, SP_STEP_CONNECT,
                              _("A certificate with the SHA-256 fingerprint %s counts as "
                                "trusted for this test, even if it does not validate."),
                              run->accepted_sha256);
    }

  start_lookup (task);
}

static void
ca_file_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpProbe *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run->ca_database = sp_tls_load_ca_file_finish (result, &error);
  if (run->ca_database != NULL)
    {
      start_test (g_steal_pointer (&task));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      run_cancelled (task);
      return;
    }

  /* Invalid input, as a CA file that validation rejects: nothing was
   * sent, and the transcript stays empty. */
  run_stop_deadline (run);
  self->running = FALSE;
  forget_password (self);
  g_task_return_error (task, g_steal_pointer (&error));
}

const SpTlsReport *
sp_probe_find_untrusted_certificate (SpTranscript *transcript)
{
  SpStepRecord *step;
  SpTlsReport *report;
  const GError *error;
  int index = -1;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  step = sp_diagnosis_find_deciding_step (transcript, &index);
  if (step == NULL || index < 0)
    return NULL;

  error = sp_step_record_get_error (step);
  if (!(g_error_matches (error, SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNTRUSTED) ||
        g_error_matches (error, SP_PROBE_ERROR, SP_PROBE_ERROR_CERTIFICATE_UNTRUSTED)))
    return NULL;

  report = sp_attempt_get_tls_report (sp_transcript_get_attempt (transcript, index));
  if (report == NULL || report->sha256 == NULL || sp_tls_report_is_trusted (report))
    return NULL;

  return report;
}

SpVerdict
sp_probe_run_finish (SpProbe       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  gssize ret;

  g_return_val_if_fail (SP_IS_PROBE (self), SP_VERDICT_NONE);
  g_return_val_if_fail (g_task_is_valid (result, self), SP_VERDICT_NONE);

  ret = g_task_propagate_int (G_TASK (result), error);

  return ret < 0 ? SP_VERDICT_NONE : (SpVerdict)ret;
}
