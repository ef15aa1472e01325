/* sp-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "sp-address.h"
#include "sp-auth.h"
#include "sp-batch.h"
#include "sp-cli-private.h"
#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-locale.h"
#include "sp-practice.h"
#include "sp-probe.h"

/* Where the password comes from when the user does not type it. There is
 * deliberately no option for it: a command line shows up in the shell's
 * history and in every process list. */
#define PASSWORD_VARIABLE "SMTP_PROBE_PASSWORD"

/* A string that holds a password: wiped before it is freed. */
typedef char CliSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliSecret, sp_auth_secret_free)

typedef struct
{
  GMainLoop      *loop;
  GCancellable   *cancellable;
  SpProbe        *probe;
  gboolean        color;
  gboolean        json;
  char           *output;
  SpExportFormat  output_format;
  int             status;
  guint           n_printed;
  guint           width;
  /* Attempts that run at once print one after another, in the order a
   * sending server would try them: the lines of this one print as they
   * come, the others' once it has ended. */
  guint           foreground;
  /* Of the attempt in the foreground: its steps looked at so far (steps
   * end in order, only the last one runs), and whether the heading and
   * the explanation of its certificate report were printed. */
  guint           n_steps_done;
  gboolean        tls_heading_done;
  gboolean        tls_explained;
  /* The note on the lookup of the mail servers was printed. */
  gboolean        lookup_noted;
} Cli;

/* Explanations line up under the text of the log line above them:
 * "12:00:00.123 S: " is 16 characters wide. */
#define EXPLANATION_INDENT "                "

/* The terminal's colour of each tone; what has which tone is the
 * diagnosis's to say (sp_diagnosis_get_tone()), as for the GUI and the
 * exports. */
static const char *
tone_color (SpTone tone)
{
  switch (tone)
    {
    case SP_TONE_SUCCESS:      return "\033[32m";
    case SP_TONE_INTERMEDIATE: return "\033[36m";
    case SP_TONE_TEMPORARY:    return "\033[33m";
    case SP_TONE_FAILURE:      return "\033[1;31m";
    case SP_TONE_NEUTRAL:
    case SP_TONE_CANCELLED:
    default:                   return "";
    }
}

static void
print_entry (Cli                     *cli,
             const SpTranscriptEntry *entry)
{
  g_autofree char *time = g_date_time_format (entry->wall, "%H:%M:%S");
  int ms = g_date_time_get_microsecond (entry->wall) / 1000;
  const char *start = "";
  const char *end = "";

  switch (entry->direction)
    {
    case SP_DIRECTION_CLIENT:
      if (cli->color)
        start = "\033[1m";
      break;

    case SP_DIRECTION_SERVER:
      if (cli->color)
        start = tone_color (sp_diagnosis_get_reply_tone (entry->klass));
      break;

    case SP_DIRECTION_NOTE:
    default:
      if (cli->color)
        start = entry->is_error ? tone_color (SP_TONE_FAILURE) : "\033[2m";
      break;
    }

  if (*start != '\0')
    end = "\033[0m";

  g_print ("%s.%03d %s %s%s%s\n", time, ms, sp_transcript_entry_get_marker (entry), start,
           entry->text, end);
}

/* A heading under a log line, in bold where there is colour. */
static void
print_heading (Cli        *cli,
               const char *heading)
{
  g_print ("%s%s%s%s\n", EXPLANATION_INDENT, cli->color ? "\033[1m" : "", heading,
           cli->color ? "\033[0m" : "");
}

/* Under the lookup's lines, what the mail servers page says about them, in
 * the diagnosis's words (sp-diagnosis-dns.c): once the lookup is over,
 * before the first line of the next step or the summary. A failed
 * lookup's advice is the summary's "What to try", so only its heading
 * goes here. */
static void
print_lookup_note (Cli          *cli,
                   SpTranscript *transcript)
{
  const GError *error = sp_transcript_get_dns_error (transcript);
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *advice = NULL;

  if (cli->lookup_noted || (error == NULL && mx == NULL))
    return;
  cli->lookup_noted = TRUE;

  if (error != NULL)
    heading = g_strdup (sp_diagnosis_get_lookup_heading (error));
  else
    heading = sp_diagnosis_dup_lookup_note (mx, &body, &advice);
  if (heading == NULL)
    return;

  /* The domain in the body comes from the request or from DNS. */
  print_heading (cli, heading);
  if (body != NULL)
    {
      g_autofree char *escaped = sp_transcript_escape_text (body, -1);

      g_print ("%s%s\n", EXPLANATION_INDENT, escaped);
    }
  if (advice != NULL)
    g_print ("%s%s %s\n", EXPLANATION_INDENT, _("What to do:"), advice);
}

static void
entry_added_cb (SpTranscript            *transcript,
                const SpTranscriptEntry *entry,
                Cli                     *cli)
{
  if (entry->step != SP_STEP_DNS)
    print_lookup_note (cli, transcript);
  if (entry->attempt < 0 || (guint) entry->attempt == cli->foreground)
    print_entry (cli, entry);
}

static void
print_explanation (Cli                 *cli,
                   const SpExplanation *explanation,
                   const char          *indent)
{
  g_autofree char *text = NULL;

  /* The labels carry the structure; colour only helps the eye find them. */
  text = sp_explanation_format_text (explanation, indent, cli->width,
                                     cli->color ? "\033[1;36m" : NULL,
                                     cli->color ? "\033[0m" : NULL);
  g_print ("%s", text);
}

/* The report arrives right after the handshake, before the session logs
 * its lines (sp_tls_report_format()): a heading makes them one section. */
static void
print_tls_heading (Cli               *cli,
                   const SpTlsReport *report)
{
  g_autofree char *identity = sp_transcript_escape_text (report->identity, -1);
  g_autofree char *heading = NULL;

  if (report->mode == SP_TLS_MODE_IMPLICIT)
    heading = g_strdup_printf (_("Certificate report (implicit TLS) for %s:"), identity);
  else
    heading = g_strdup_printf (_("Certificate report (STARTTLS) for %s:"), identity);

  print_heading (cli, heading);
}

/* Under the report: what a certificate that did not validate means for
 * delivery. The test goes on past it, so no failed step explains it. */
static void
print_certificate_explanation (Cli               *cli,
                               const SpTlsReport *report)
{
  g_autoptr(SpExplanation) explanation = NULL;

  if (cli->tls_explained)
    return;

  explanation = sp_diagnosis_explain_certificate (report);
  if (explanation != NULL)
    print_explanation (cli, explanation, EXPLANATION_INDENT);
  cli->tls_explained = TRUE;
}

/* Prints the explanation under each failing reply or local failure of the
 * attempt in the foreground as soon as its step ends, which is right
 * after its lines were printed. */
static void
explain_attempt (Cli       *cli,
                 SpAttempt *attempt)
{
  SpTlsReport *report = sp_attempt_get_tls_report (attempt);
  guint n_steps = sp_attempt_get_n_steps (attempt);

  if (report != NULL && !cli->tls_heading_done)
    {
      print_tls_heading (cli, report);
      cli->tls_heading_done = TRUE;
    }

  for (; cli->n_steps_done < n_steps; cli->n_steps_done++)
    {
      SpStepRecord *step = sp_attempt_get_step (attempt, cli->n_steps_done);
      SpStep kind = sp_step_record_get_step (step);
      g_autoptr(SpExplanation) explanation = NULL;

      if (sp_step_record_get_running (step))
        break;

      /* RSET and QUIT come after the outcome is decided. */
      if (!sp_diagnosis_step_failed (step) || kind == SP_STEP_RSET || kind == SP_STEP_QUIT)
        {
          /* The handshake's step ends after the report was logged. */
          if ((kind == SP_STEP_STARTTLS || kind == SP_STEP_TLS) && report != NULL)
            print_certificate_explanation (cli, report);
          continue;
        }

      explanation = sp_diagnosis_explain_attempt_step (attempt, step);
      print_explanation (cli, explanation, EXPLANATION_INDENT);
    }
}

/* Once the attempt in the foreground has ended, the next one's lines so
 * far are printed, and it prints live from then on. */
static void
attempt_changed_cb (SpTranscript *transcript,
                    SpAttempt    *attempt,
                    Cli          *cli)
{
  if (sp_attempt_get_index (attempt) != cli->foreground)
    return;

  explain_attempt (cli, attempt);

  while (cli->foreground < sp_transcript_get_n_attempts (transcript) &&
         sp_attempt_get_state (sp_transcript_get_attempt (transcript, cli->foreground)) ==
           SP_ATTEMPT_STATE_DONE)
    {
      SpAttempt *next;

      cli->foreground++;
      cli->n_steps_done = 0;
      cli->tls_heading_done = FALSE;
      cli->tls_explained = FALSE;
      if (cli->foreground >= sp_transcript_get_n_attempts (transcript))
        break;

      next = sp_transcript_get_attempt (transcript, cli->foreground);
      for (guint i = 0; i < sp_attempt_get_n_entries (next); i++)
        print_entry (cli, sp_attempt_get_entry (next, i));
      explain_attempt (cli, next);
    }
}

static guint
terminal_width (void)
{
  struct winsize size = { 0 };
  const char *columns = g_getenv ("COLUMNS");
  guint64 width = 80;

  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    width = size.ws_col;
  else if (columns != NULL)
    g_ascii_string_to_unsigned (columns, 10, 1, 1000, &width, NULL);

  return CLAMP (width, 60, 160);
}

static int
stage_status (SpStep step)
{
  switch (step)
    {
    case SP_STEP_DNS:      return SP_EXIT_DNS;
    case SP_STEP_CONNECT:  return SP_EXIT_CONNECT;
    case SP_STEP_BANNER:   return SP_EXIT_BANNER;
    case SP_STEP_EHLO:
    case SP_STEP_HELO:     return SP_EXIT_EHLO;
    case SP_STEP_STARTTLS:
    case SP_STEP_TLS:      return SP_EXIT_TLS;
    case SP_STEP_AUTH:     return SP_EXIT_AUTH;
    case SP_STEP_MAIL:     return SP_EXIT_MAIL;
    case SP_STEP_RCPT:     return SP_EXIT_RCPT;
    case SP_STEP_DATA:     return SP_EXIT_DATA;
    case SP_STEP_MESSAGE:  return SP_EXIT_MESSAGE;
    case SP_STEP_NONE:
    case SP_STEP_RSET:
    case SP_STEP_QUIT:
    case SP_STEP_OTHER:
    default:               return SP_EXIT_INTERNAL;
    }
}

/* Whether a 4xx reply decided the test: a temporary refusal, also when
 * the verdict is about encryption (STARTTLS put off under --tls required). */
static gboolean
decided_by_temporary_reply (SpTranscript *transcript)
{
  SpStepRecord *step = sp_diagnosis_find_deciding_step (transcript, NULL);

  if (sp_transcript_get_verdict (transcript) == SP_VERDICT_TRANSIENT)
    return TRUE;

  return step != NULL && sp_step_record_get_error (step) == NULL &&
         sp_step_record_get_reply (step) != NULL &&
         sp_reply_get_class (sp_step_record_get_reply (step)) == SP_REPLY_CLASS_TRANSIENT;
}

static int
exit_status_for (SpTranscript *transcript)
{
  SpVerdict verdict = sp_transcript_get_verdict (transcript);
  SpStep step = sp_transcript_get_deciding_step (transcript);
  int status;

  switch (verdict)
    {
    case SP_VERDICT_ACCEPTED:
      return SP_EXIT_ACCEPTED;
    case SP_VERDICT_DNS_FAILED:
      return SP_EXIT_DNS;
    case SP_VERDICT_CONNECT_FAILED:
      return SP_EXIT_CONNECT;
    case SP_VERDICT_TIMED_OUT:
      return SP_EXIT_TIMEOUT;
    case SP_VERDICT_CANCELLED:
      return SP_EXIT_CANCELLED;
    case SP_VERDICT_UNSUPPORTED:
      return SP_EXIT_UNSUPPORTED;
    case SP_VERDICT_NONE:
      return SP_EXIT_INTERNAL;
    case SP_VERDICT_TLS_FAILED:
      status = SP_EXIT_TLS;
      break;
    case SP_VERDICT_AUTH_FAILED:
      status = SP_EXIT_AUTH;
      break;
    case SP_VERDICT_TRANSIENT:
    case SP_VERDICT_PERMANENT:
    case SP_VERDICT_PROTOCOL_ERROR:
    default:
      status = stage_status (step);
      break;
    }

  if (status != SP_EXIT_INTERNAL && decided_by_temporary_reply (transcript))
    status += SP_EXIT_TEMPORARY_OFFSET;

  return status;
}

gboolean
_sp_cli_finish_export (GAsyncResult *result,
                       const char   *path,
                       gboolean      json)
{
  g_autoptr(GError) error = NULL;

  if (!sp_export_to_file_finish (result, &error))
    {
      g_printerr (_("smtp-probe-cli: could not save the log to %s: %s\n"), path,
                  error->message);
      return FALSE;
    }

  if (!json)
    g_print (_("Log saved to %s\n"), path);

  return TRUE;
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Cli *cli = user_data;

  if (!_sp_cli_finish_export (result, cli->output, cli->json) &&
      cli->status == SP_EXIT_ACCEPTED)
    cli->status = SP_EXIT_INTERNAL;

  g_main_loop_quit (cli->loop);
}

/* When the certificate stopped the test, the option that accepts it,
 * ready to copy: the diagnosis says what to check first. */
static void
print_accept_hint (Cli          *cli,
                   SpTranscript *transcript)
{
  const SpTlsReport *report = sp_probe_find_untrusted_certificate (transcript);

  if (report == NULL)
    return;

  g_print (_("To trust this certificate for one test, once its owner has confirmed the "
             "fingerprint, run the test again with:\n  --accept-certificate %s\n"),
           report->sha256);
}

static int usage_error (const char *option,
                        const char *message);

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Cli *cli = user_data;
  SpTranscript *transcript = sp_probe_get_transcript (cli->probe);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  SpVerdict verdict;

  verdict = sp_probe_run_finish (SP_PROBE (object), result, &error);
  /* The test reads the CA file before any traffic; a file that holds no
   * certificate is a bad option value, as one that is missing. */
  if (g_error_matches (error, SP_TLS_ERROR, SP_TLS_ERROR_CA_FILE))
    {
      cli->status = usage_error ("--ca-file", error->message);
      g_main_loop_quit (cli->loop);
      return;
    }
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("smtp-probe-cli: %s\n", error->message);
      cli->status = SP_EXIT_INTERNAL;
    }
  else
    {
      verdict = sp_transcript_get_verdict (transcript);
      cli->status = exit_status_for (transcript);
      if (sp_transcript_get_mixed (transcript))
        cli->status = SP_EXIT_MIXED;
    }

  if (!cli->json)
    print_lookup_note (cli, transcript);

  if (!cli->json && verdict != SP_VERDICT_NONE)
    {
      /* The headline is the diagnosis's sentence, as the result page and
       * the exports have it. It and the detail quote the request and the
       * server: escaped like every log line, so that no direction or
       * format character reaches the terminal. */
      g_autofree char *headline_text = sp_diagnosis_dup_headline (transcript);
      g_autofree char *headline = sp_transcript_escape_text (headline_text, -1);
      g_autofree char *detail =
        sp_transcript_escape_text (sp_transcript_get_verdict_detail (transcript), -1);
      g_autofree char *warning = sp_diagnosis_dup_certificate_warning (transcript);
      g_autofree char *backup = sp_diagnosis_dup_backup_warning (transcript);
      g_autofree char *responder = sp_diagnosis_dup_responder_note (transcript);
      const char *bold = "";
      const char *start = "";
      const char *end = "";

      if (cli->color)
        {
          bold = "\033[1m";
          start = tone_color (sp_diagnosis_get_transcript_tone (transcript));
          end = "\033[0m";
        }
      g_print ("\n%s%s%s%s\n%s%s%s\n%s\n", bold, start, sp_verdict_get_label (verdict), end,
               bold, headline, end, detail);

      /* The test may well have passed: say it anyway, in one line a
       * script or a ticket can pick up. */
      if (backup != NULL)
        g_print ("%s%s%s\n", cli->color ? "\033[1;33m" : "", backup,
                 cli->color ? "\033[0m" : "");
      if (warning != NULL)
        g_print ("%s%s%s\n", cli->color ? "\033[1;33m" : "", warning,
                 cli->color ? "\033[0m" : "");
      if (responder != NULL)
        g_print ("%s\n", responder);

      /* Every server's outcome, as the result page and the exports show
       * it, when there was more than one. */
      if (sp_transcript_get_n_attempts (transcript) > 1)
        {
          g_autofree char *table = sp_export_format_server_table (transcript, "  ");

          g_print ("\n%s\n%s", _("Mail servers tried:"), table);
        }

      /* Failures without a reply to print under, such as a DNS lookup,
       * are explained here. */
      if (verdict != SP_VERDICT_ACCEPTED && verdict != SP_VERDICT_CANCELLED)
        {
          int attempt = -1;
          SpStepRecord *step = sp_diagnosis_find_deciding_step (transcript, &attempt);

          /* Every attempt printed had its failing steps explained under
           * them; a test decided without one (a failed lookup) has not. */
          if (step == NULL || attempt < 0 || (guint) attempt >= cli->foreground ||
              !sp_diagnosis_step_failed (step))
            {
              g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_transcript (transcript);

              if (explanation != NULL)
                print_explanation (cli, explanation, "");
            }

          print_accept_hint (cli, transcript);
        }
    }

  if (cli->json)
    {
      g_autofree char *json = sp_export_to_string (transcript, SP_EXPORT_FORMAT_JSON);

      g_print ("%s\n", json);
    }

  if (cli->output == NULL)
    {
      g_main_loop_quit (cli->loop);
      return;
    }

  /* Even a cancelled test keeps its log: write what there is. Always a
   * local path: "ticket:1234.json" is a file name, not a URI. */
  file = g_file_new_for_path (cli->output);
  sp_export_to_file_async (transcript, cli->output_format, file, NULL, export_cb, cli);
}

static gboolean
sigint_cb (gpointer user_data)
{
  Cli *cli = user_data;

  g_cancellable_cancel (cli->cancellable);

  return G_SOURCE_CONTINUE;
}

static gboolean
use_color (const char *mode,
           gboolean    json)
{
  const char *term = g_getenv ("TERM");
  const char *no_color = g_getenv ("NO_COLOR");

  if (g_strcmp0 (mode, "always") == 0)
    return TRUE;
  if (g_strcmp0 (mode, "never") == 0 || json)
    return FALSE;

  /* no-color.org: NO_COLOR counts only when it is set and not empty, so
   * "NO_COLOR= command" does not switch colour off. */
  return isatty (STDOUT_FILENO) && (no_color == NULL || no_color[0] == '\0') &&
         term != NULL && strcmp (term, "dumb") != 0;
}

static const char *
field_option (SpField field)
{
  switch (field)
    {
    case SP_FIELD_RECIPIENT:   return "RECIPIENT";
    case SP_FIELD_SENDER:      return "--from";
    case SP_FIELD_EHLO_NAME:   return "--ehlo";
    case SP_FIELD_SUBJECT:     return "--subject";
    case SP_FIELD_BODY:        return "--body";
    case SP_FIELD_NOTIFY:      return "--notify";
    case SP_FIELD_SERVER:      return "--server";
    case SP_FIELD_PORT:        return "--port";
    case SP_FIELD_DNS_SERVERS: return "--dns-server";
    case SP_FIELD_TIMEOUT:     return "--timeout";
    case SP_FIELD_TLS:         return "--tls";
    case SP_FIELD_CA_FILE:     return "--ca-file";
    case SP_FIELD_AUTH_USER:   return "--auth-user";
    case SP_FIELD_AUTH_PASSWORD: return "--auth-user";
    case SP_FIELD_MAX_ATTEMPTS: return "--max-attempts";
    case SP_FIELD_DEADLINE:    return "--deadline";
    case SP_FIELD_JOBS:        return "--jobs";
    case SP_FIELD_ACCEPT_CERTIFICATE: return "--accept-certificate";
    case SP_FIELD_NONE:
    default:                   return NULL;
    }
}

/* @option: the option whose value is wrong, or NULL when @message names
 * it already (GOptionContext's own errors do). */
static int
usage_error (const char *option,
             const char *message)
{
  if (option != NULL)
    g_printerr ("smtp-probe-cli: %s: %s\n", option, message);
  else
    g_printerr ("smtp-probe-cli: %s\n", message);
  g_printerr (_("Run “smtp-probe-cli --help” to see every option.\n"));
  return SP_EXIT_USAGE;
}

/* For the console (sp-cli-console.c) */

void
_sp_cli_print_entry (gboolean                 color,
                     const SpTranscriptEntry *entry)
{
  Cli cli = { .color = color };

  print_entry (&cli, entry);
}

int
_sp_cli_exit_status (SpTranscript *transcript)
{
  return exit_status_for (transcript);
}

gboolean
_sp_cli_use_color (const char *mode,
                   gboolean    json)
{
  return use_color (mode, json);
}

guint
_sp_cli_terminal_width (void)
{
  return terminal_width ();
}

const char *
_sp_cli_tone_color (SpTone tone)
{
  return tone_color (tone);
}

void
_sp_cli_print_explanation (gboolean             color,
                           guint                width,
                           const SpExplanation *explanation)
{
  Cli cli = { .color = color, .width = width };

  print_explanation (&cli, explanation, EXPLANATION_INDENT);
}

int
_sp_cli_usage_error (const char *option,
                     const char *message)
{
  return usage_error (option, message);
}

/* Takes the password from the environment and removes it there: the
 * value is overwritten in place first, because the environment block the
 * process started with stays readable (/proc/PID/environ) even after the
 * variable is unset. */
static char *
take_password_from_environment (void)
{
  const char *value = g_getenv (PASSWORD_VARIABLE);
  char *password;

  if (value == NULL)
    return NULL;

  /* Held until the process ends: the copies are wiped as soon as they are
   * no longer needed, but what a server echoed of the password may still be
   * in freed memory afterwards. */
  sp_auth_guard_hold ();
  password = g_strdup (value);
  sp_auth_wipe ((gpointer) value, strlen (value));
  g_unsetenv (PASSWORD_VARIABLE);

  return password;
}

/* The terminal as it was before the prompt turned echo off, for the
 * signal handler. */
static int tty_fd = -1;
static struct termios tty_saved;
static volatile sig_atomic_t tty_quiet = 0;

static const int prompt_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

/* Ctrl+C at the prompt: echo back on, then die of the signal as usual.
 * Only async-signal-safe calls here. */
static void
prompt_signal_handler (int signum)
{
  if (tty_quiet)
    tcsetattr (tty_fd, TCSAFLUSH, &tty_saved);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* Asks for the password on the terminal, without echo. The prompt goes to
 * stderr, so that stdout stays the log. */
static char *
prompt_password (const char  *user,
                 GError     **error)
{
  struct sigaction action;
  struct sigaction saved[G_N_ELEMENTS (prompt_signals)];
  struct termios quiet;
  char buffer[1024];
  gsize len = 0;
  gboolean ended = FALSE;
  gboolean too_long = FALSE;
  gboolean nothing = FALSE;
  int errsv = 0;
  char *password;
  int fd;

  fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0 || tcgetattr (fd, &tty_saved) != 0)
    {
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The login needs a password, but there is no terminal to type it in. Set "
                     "the environment variable %s to the password, or run the command in a "
                     "terminal. There is no option for the password, so that it does not "
                     "end up in the shell’s history or the process list."),
                   PASSWORD_VARIABLE);
      return NULL;
    }

  /* As for the environment's password: held until the process ends. */
  sp_auth_guard_hold ();

  memset (&action, 0, sizeof action);
  action.sa_handler = prompt_signal_handler;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (prompt_signals); i++)
    sigaction (prompt_signals[i], &action, &saved[i]);

  quiet = tty_saved;
  quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHOE | ECHOK | ECHONL);
  tty_fd = fd;
  tty_quiet = 1;
  tcsetattr (fd, TCSAFLUSH, &quiet);

  g_printerr (_("Password for %s (not shown): "), user);

  while (!ended)
    {
      char c;
      gssize n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        errsv = errno;
      /* Ctrl+D before anything was typed. */
      if (n == 0 && len == 0)
        nothing = TRUE;
      if (n <= 0 || c == '\n' || c == '\r')
        ended = TRUE;
      else if (len < sizeof buffer - 1)
        buffer[len++] = c;
      else
        too_long = TRUE;
    }

  tcsetattr (fd, TCSAFLUSH, &tty_saved);
  tty_quiet = 0;
  tty_fd = -1;
  for (guint i = 0; i < G_N_ELEMENTS (prompt_signals); i++)
    sigaction (prompt_signals[i], &saved[i], NULL);
  close (fd);
  /* The Enter key was not echoed either: end the prompt's line. */
  g_printerr ("\n");

  buffer[len] = '\0';
  password = g_strndup (buffer, len);
  sp_auth_wipe (buffer, sizeof buffer);

  if (errsv != 0 || too_long || nothing)
    {
      sp_auth_secret_free (password);
      if (nothing)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("No password was typed, so the test did not start."));
      else if (too_long)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("The password is longer than 1023 characters; no mail server "
                               "takes that."));
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                     _("The password could not be read from the terminal: %s."),
                     g_strerror (errsv));
      return NULL;
    }

  return password;
}

/* The limits for --help, a line for each, as the exit statuses: one
 * sentence for each count, so that each can take its own plural form. */
static char *
dup_limits_help (void)
{
  GString *out = g_string_new (_("Limits, whatever DNS or the servers say:"));

  g_string_append (out, "\n  ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            "At most %u MX record is kept from DNS.",
                                            "At most %u MX records are kept from DNS.",
                                            SP_RESOLVER_MAX_MX_HOSTS),
                          SP_RESOLVER_MAX_MX_HOSTS);
  g_string_append (out, "\n  ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            "At most %u address per mail server is kept.",
                                            "At most %u addresses per mail server are kept.",
                                            SP_RESOLVER_MAX_HOST_ADDRESSES),
                          SP_RESOLVER_MAX_HOST_ADDRESSES);
  g_string_append (out, "\n  ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: --help text; the plural form goes
                                             * by the first number, the default (5); then
                                             * the default with --all-mx (20) and the
                                             * highest --max-attempts (100). */
                                            "A test connects to at most %u address (%u with "
                                            "--all-mx; --max-attempts up to %u).",
                                            "A test connects to at most %u addresses (%u with "
                                            "--all-mx; --max-attempts up to %u).",
                                            SP_PROBE_FAILOVER_ATTEMPTS),
                          SP_PROBE_FAILOVER_ATTEMPTS, SP_PROBE_ALL_MX_ATTEMPTS,
                          SP_PROBE_MAX_ATTEMPTS);
  g_string_append (out, "\n  ");
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: --help text; the plural form goes
                                             * by the first number, the default (300); then
                                             * the highest --deadline (3600). */
                                            "A test lasts at most %u second by default "
                                            "(--deadline up to %u).",
                                            "A test lasts at most %u seconds by default "
                                            "(--deadline up to %u).",
                                            SP_PROBE_DEFAULT_DEADLINE),
                          SP_PROBE_DEFAULT_DEADLINE, SP_PROBE_MAX_DEADLINE);
  g_string_append (out, "\n  ");
  g_string_append (out, _("The log says what was left out."));
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *ehlo = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *notify = NULL;
  g_autofree char *server = NULL;
  g_autofree char *dns = NULL;
  g_autofree char *output = NULL;
  g_autofree char *color = NULL;
  g_autofree char *tls = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *accept_certificate = NULL;
  g_autofree char *auth_user = NULL;
  g_autofree char *practice_id = NULL;
  g_autofree char *batch = NULL;
  g_autoptr(SpPractice) practice = NULL;
  g_autofree char *description = NULL;
  g_autofree char *limits = NULL;
  g_autofree char *full_description = NULL;
  g_autofree char *port_help = NULL;
  g_autofree char *timeout_help = NULL;
  g_autofree char *deadline_help = NULL;
  g_autofree char *attempts_help = NULL;
  g_autofree char *jobs_help = NULL;
  g_autoptr(CliSecret) env_password = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean no_send = FALSE;
  gboolean all_mx = FALSE;
  gboolean pipelining = FALSE;
  gboolean json = FALSE;
  gboolean ipv4 = FALSE;
  gboolean ipv6 = FALSE;
  gboolean version = FALSE;
  gboolean interactive = FALSE;
  gboolean allow_plaintext = FALSE;
  gboolean in_order = FALSE;
  SpTlsPolicy policy = SP_TLS_POLICY_OPPORTUNISTIC;
  SpNotifyFlags notify_flags;
  /* G_MININT: not given, the request's default (for the port: 25, or 465
   * for implicit TLS). */
  int port = G_MININT;
  int timeout = G_MININT;
  int max_attempts = G_MININT;
  int deadline = G_MININT;
  int jobs = G_MININT;
  SpField field = SP_FIELD_NONE;
  SpField skip;
  gboolean need_password = FALSE;
  guint max = 0;
  guint default_value = 0;
  Cli cli = { 0 };
  guint sigint_id;
  GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server,
      N_("Test this server instead of looking up the domain’s mail servers"), N_("HOST[:PORT]") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, NULL, N_("N") },
    { "tls", 0, 0, G_OPTION_ARG_STRING, &tls,
      N_("Encryption: off, opportunistic (STARTTLS when the server offers it, the default), "
         "required (STARTTLS or fail) or implicit (TLS from the first byte, as on port 465)"),
      N_("MODE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Also trust the certificate authorities in this PEM file, such as your "
         "organisation’s own"), N_("FILE") },
    { "accept-certificate", 0, 0, G_OPTION_ARG_STRING, &accept_certificate,
      N_("Trust the server certificate with this SHA-256 fingerprint for this test, although "
         "it does not validate (copy it from the certificate report)"), N_("SHA256") },
    { "auth-user", 0, 0, G_OPTION_ARG_STRING, &auth_user,
      N_("Log in as this user (AUTH PLAIN or LOGIN) before MAIL FROM. The password comes from "
         "the environment variable SMTP_PROBE_PASSWORD, or is asked for without echo"),
      N_("NAME") },
    { "auth-allow-plaintext", 0, 0, G_OPTION_ARG_NONE, &allow_plaintext,
      N_("Log in even without encryption, where anyone on the way can read the password"),
      NULL },
    { "from", 'f', 0, G_OPTION_ARG_STRING, &from,
      N_("Sender address for MAIL FROM and the From header (required)"), N_("ADDRESS") },
    { "ehlo", 'e', 0, G_OPTION_ARG_STRING, &ehlo,
      N_("Name to greet the server with (default: the sender’s domain)"), N_("NAME") },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject,
      N_("Subject of the test message"), N_("TEXT") },
    { "body", 0, 0, G_OPTION_ARG_STRING, &body,
      N_("Text of the test message"), N_("TEXT") },
    { "notify", 0, 0, G_OPTION_ARG_STRING, &notify,
      N_("Delivery notifications to ask for: success,failure,delay or never; empty to leave "
         "out (default success,failure)"), N_("LIST") },
    { "no-send", 'n', 0, G_OPTION_ARG_NONE, &no_send,
      N_("Check the recipient only: stop after RCPT TO and send no message"), NULL },
    { "all-mx", 'a', 0, G_OPTION_ARG_NONE, &all_mx,
      N_("Test every mail server and every address, not just the first that answers"), NULL },
    { "pipelining", 0, 0, G_OPTION_ARG_NONE, &pipelining,
      /* Translators: --help text; PIPELINING is the SMTP extension's name (RFC 2920). */
      N_("Fast path: send MAIL FROM, RCPT TO and DATA in one go when the server offers "
         "PIPELINING, each reply still shown with its command; step by step, the default, "
         "is the diagnostic one"), NULL },
    { "dns-server", 'd', 0, G_OPTION_ARG_STRING, &dns,
      N_("DNS servers to ask, such as 1.1.1.1 or 127.0.0.1:5353 (default: the system’s)"),
      N_("LIST") },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout, NULL, N_("SECONDS") },
    { "deadline", 0, 0, G_OPTION_ARG_INT, &deadline, NULL, N_("SECONDS") },
    { "max-attempts", 0, 0, G_OPTION_ARG_INT, &max_attempts, NULL, N_("N") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the report as JSON instead of the live log"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Save the log; the format follows the extension: .txt, .html or .json (with --batch, "
         "the summary: .txt, .csv or .json)"), N_("FILE") },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color,
      N_("Colour server replies: auto, always or never (default auto)"), N_("WHEN") },
    { "ipv4", '4', 0, G_OPTION_ARG_NONE, &ipv4, N_("Use IPv4 addresses only"), NULL },
    { "ipv6", '6', 0, G_OPTION_ARG_NONE, &ipv6, N_("Use IPv6 addresses only"), NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, N_("Show the version and exit"), NULL },
    { "practice", 0, 0, G_OPTION_ARG_STRING, &practice_id,
      N_("Practise against a simulated server on this computer (no network needed); "
         "“--practice list” lists the scenarios"), N_("SCENARIO") },
    { "interactive", 'i', 0, G_OPTION_ARG_NONE, &interactive,
      N_("Type SMTP commands by hand on a connection to --server, or to the first mail server "
         "of RECIPIENT; commands are read line by line when input is not a terminal"), NULL },
    { "batch", 'b', 0, G_OPTION_ARG_FILENAME, &batch,
      N_("Test every target in FILE (“-” for standard input), one per line: a recipient "
         "address, a domain (tested as postmaster@ the domain) or a server as HOST:PORT or an "
         "IP address (tested with RECIPIENT, or postmaster@ the host); blank lines and lines "
         "starting with “#” are skipped. One line per target as it ends, then the totals"),
      N_("FILE") },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &jobs, NULL, N_("N") },
    { "in-order", 0, 0, G_OPTION_ARG_NONE, &in_order,
      N_("With --batch, print the targets in the order of the list rather than as they end"),
      NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, N_("RECIPIENT") },
    { NULL }
  };

  sp_locale_init ();

  /* First of all, so that the password does not linger in the
   * environment whatever happens next. */
  env_password = take_password_from_environment ();

  /* The ranges come from the request's table of limits. */
  sp_probe_request_get_limits (SP_FIELD_PORT, NULL, &max, &default_value);
  /* Translators: --help text; the default port (25), then the highest (65535):
   * port numbers, not a count. */
  port_help = g_strdup_printf (_("Port to connect to (default %u, or 465 with --tls=implicit; "
                                 "587 for submission, 2525; at most %u)"), default_value, max);
  sp_probe_request_get_limits (SP_FIELD_TIMEOUT, NULL, &max, &default_value);
  /* Translators: --help text; the default (30), then the maximum (600), in seconds:
   * numbers alone, not a count before a noun. */
  timeout_help = g_strdup_printf (_("Time limit for each step in seconds (default %u, at most "
                                    "%u)"), default_value, max);
  sp_probe_request_get_limits (SP_FIELD_DEADLINE, NULL, &max, &default_value);
  /* Translators: --help text; the default (300), then the maximum (3600), in seconds:
   * numbers alone, not a count before a noun. */
  deadline_help = g_strdup_printf (_("Time limit for the whole test in seconds (default %u, at "
                                     "most %u)"), default_value, max);
  /* Translators: --help text; the defaults (5, and 20 with --all-mx), then the maximum:
   * numbers alone, not a count before a noun. */
  attempts_help = g_strdup_printf (_("Connect to at most N addresses (default %u as a sending "
                                     "server would, or %u with --all-mx; at most %u)"),
                                   SP_PROBE_FAILOVER_ATTEMPTS, SP_PROBE_ALL_MX_ATTEMPTS,
                                   SP_PROBE_MAX_ATTEMPTS);
  sp_probe_request_get_limits (SP_FIELD_JOBS, NULL, &max, &default_value);
  /* Translators: --help text; the default (8), then the maximum (200): numbers alone,
   * not a count before a noun. */
  jobs_help = g_strdup_printf (_("With --batch, test N targets at once (default %u, at most %u)"),
                               default_value, max);
  for (guint i = 0; entries[i].long_name != NULL; i++)
    {
      if (entries[i].arg_data == &port)
        entries[i].description = port_help;
      else if (entries[i].arg_data == &timeout)
        entries[i].description = timeout_help;
      else if (entries[i].arg_data == &deadline)
        entries[i].description = deadline_help;
      else if (entries[i].arg_data == &max_attempts)
        entries[i].description = attempts_help;
      else if (entries[i].arg_data == &jobs)
        entries[i].description = jobs_help;
    }

  /* The usage line names the RECIPIENT from G_OPTION_REMAINING's own
   * description; the summary below says what the tool does. */
  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Finds the mail servers of the recipient’s domain and walks through an SMTP session "
      "with them, step by step, as an administrator would with telnet: EHLO, MAIL FROM, "
      "RCPT TO, DATA and QUIT."));
  description = g_strdup_printf (
    /* Translators: --help text; every %-3d and %d is an exit status such as 3,
     * not a count: keep them in this order and the columns aligned. */
    _("Exit status:\n"
      "  %-3d the server accepted the message (or the recipient, with --no-send)\n"
      "  %-3d internal error\n"
      "  %-3d bad input or usage\n"
      "  %-3d DNS lookup failed, or an MX record names an IP address instead of a host\n"
      "  %-3d could not connect\n"
      "  %-3d the greeting (banner) refused the session\n"
      "  %-3d EHLO/HELO refused\n"
      "  %-3d MAIL FROM refused, also as too large for the server\n"
      "  %-3d RCPT TO refused\n"
      "  %-3d DATA refused, or not answered with 354\n"
      "  %-3d the message was refused after its final dot\n"
      "  %-3d a step, or the whole test (--deadline), ran out of time\n"
      "  %-3d encryption (STARTTLS or TLS) failed, was required and not offered or its "
      "certificate did not validate (see --accept-certificate), or the server wants it first\n"
      "  %-3d the login (AUTH) was refused or could not be tried\n"
      "  %-3d stopped before MAIL FROM: the server lacks SMTPUTF8, which a non-ASCII "
      "address needs\n"
      "  %-3d with --all-mx: some mail servers accepted and some did not\n"
      "  %-3d with --batch: some targets did not take mail (or were no targets)\n"
      "  %-3d cancelled (Ctrl+C)\n"
      "A temporary refusal (a 4xx reply: try again later) adds %d to its stage's status:\n"
      "  %d greeting, %d EHLO/HELO, %d MAIL FROM, %d RCPT TO, %d DATA, %d final dot,\n"
      "  %d STARTTLS, %d AUTH\n"),
    SP_EXIT_ACCEPTED, SP_EXIT_INTERNAL, SP_EXIT_USAGE, SP_EXIT_DNS, SP_EXIT_CONNECT,
    SP_EXIT_BANNER, SP_EXIT_EHLO, SP_EXIT_MAIL, SP_EXIT_RCPT, SP_EXIT_DATA, SP_EXIT_MESSAGE,
    SP_EXIT_TIMEOUT, SP_EXIT_TLS, SP_EXIT_AUTH, SP_EXIT_UNSUPPORTED, SP_EXIT_MIXED,
    SP_EXIT_BATCH, SP_EXIT_CANCELLED, SP_EXIT_TEMPORARY_OFFSET,
    SP_EXIT_BANNER + SP_EXIT_TEMPORARY_OFFSET, SP_EXIT_EHLO + SP_EXIT_TEMPORARY_OFFSET,
    SP_EXIT_MAIL + SP_EXIT_TEMPORARY_OFFSET, SP_EXIT_RCPT + SP_EXIT_TEMPORARY_OFFSET,
    SP_EXIT_DATA + SP_EXIT_TEMPORARY_OFFSET, SP_EXIT_MESSAGE + SP_EXIT_TEMPORARY_OFFSET,
    SP_EXIT_TLS + SP_EXIT_TEMPORARY_OFFSET, SP_EXIT_AUTH + SP_EXIT_TEMPORARY_OFFSET);
  limits = dup_limits_help ();
  full_description = g_strconcat (description, "\n", limits, NULL);
  g_option_context_set_description (context, full_description);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (NULL, error->message);

  if (version)
    {
      g_print ("smtp-probe-cli %s\n", PACKAGE_VERSION);
      return SP_EXIT_ACCEPTED;
    }

  /* Practice: the scenario's simulated servers stand in for the
   * recipient's; the addresses are optional. */
  if (g_strcmp0 (practice_id, "list") == 0)
    {
      for (guint i = 0; i < sp_practice_get_n_scenarios (); i++)
        {
          const SpPracticeScenario *scenario = sp_practice_get_scenario (i);

          g_print ("%s\t%s\n", sp_practice_scenario_get_id (scenario),
                   sp_practice_scenario_get_description (scenario));
        }
      return SP_EXIT_ACCEPTED;
    }
  if (practice_id != NULL)
    {
      const SpPracticeScenario *scenario = sp_practice_find_scenario (practice_id);

      if (scenario == NULL)
        return usage_error ("--practice", _("There is no practice scenario of that name; "
                                            "“--practice list” lists them."));
      if (server != NULL || dns != NULL || all_mx)
        return usage_error ("--practice", _("A practice test uses its own simulated mail "
                                            "servers: leave out --server, --dns-server and "
                                            "--all-mx."));
      practice = sp_practice_start (scenario, &error);
      if (practice == NULL)
        {
          g_printerr ("smtp-probe-cli: %s\n", error->message);
          return SP_EXIT_INTERNAL;
        }
      if (rest == NULL || rest[0] == NULL)
        {
          g_strfreev (rest);
          rest = g_strdupv ((char *[]) { (char *) SP_PRACTICE_RECIPIENT, NULL });
        }
      if (from == NULL)
        from = g_strdup (SP_PRACTICE_SENDER);
    }

  if (batch == NULL && (jobs != G_MININT || in_order))
    return usage_error (jobs != G_MININT ? "--jobs" : "--in-order",
                        _("This option only applies to a list of targets: add --batch FILE."));
  if (batch != NULL && (interactive || practice != NULL))
    return usage_error ("--batch", _("A list of targets is tested for real: leave out "
                                     "--interactive and --practice."));

  if (interactive)
    {
      g_autofree char *practice_server = NULL;
      SpCliConsoleOptions options = {
        .server = server, .recipient = rest != NULL ? rest[0] : NULL, .port = port,
        .timeout = timeout, .dns_servers = dns, .color = color, .json = json, .output = output,
        .tls = tls, .accept_certificate = accept_certificate,
        .family = ipv4 ? SP_ADDRESS_FAMILY_IPV4 : ipv6 ? SP_ADDRESS_FAMILY_IPV6
                                                       : SP_ADDRESS_FAMILY_ANY,
      };

      if (ipv4 && ipv6)
        return usage_error ("-4/-6", _("Choose either IPv4 only or IPv6 only, not both."));
      /* Practice by hand: the scenario's simulated server. */
      if (practice != NULL)
        {
          practice_server = g_strdup_printf ("%s:%u", sp_practice_get_address (practice),
                                             sp_practice_get_port (practice));
          options.server = practice_server;
          options.simulated = TRUE;
          options.recipient = NULL;
        }
      return _sp_cli_console_run (&options);
    }

  if (batch == NULL && (rest == NULL || rest[0] == NULL))
    return usage_error ("RECIPIENT", _("Give the recipient address to test, for example "
                                       "smtp-probe-cli --from you@example.org kate@example.com."));
  if (rest != NULL && rest[0] != NULL && rest[1] != NULL)
    return usage_error ("RECIPIENT", _("Give one recipient address at a time."));

  if (tls != NULL && !sp_tls_policy_parse (tls, &policy, &error))
    return usage_error ("--tls", error->message);
  if (port == G_MININT && policy == SP_TLS_POLICY_IMPLICIT)
    port = 465;

  /* The numbers against the request's table of limits, before they are
   * cut to fit its fields. */
  {
    const struct { SpField field; int value; } numbers[] = {
      { SP_FIELD_PORT, port },
      { SP_FIELD_TIMEOUT, timeout },
      { SP_FIELD_MAX_ATTEMPTS, max_attempts },
      { SP_FIELD_DEADLINE, deadline },
      { SP_FIELD_JOBS, jobs },
    };

    for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
      if (numbers[i].value != G_MININT &&
          !sp_probe_request_check_limits (numbers[i].field, numbers[i].value, &error))
        return usage_error (field_option (numbers[i].field), error->message);
  }
  if (ipv4 && ipv6)
    return usage_error ("-4/-6", _("Choose either IPv4 only or IPv6 only, not both."));
  if (color != NULL && g_strcmp0 (color, "auto") != 0 && g_strcmp0 (color, "always") != 0 &&
      g_strcmp0 (color, "never") != 0)
    return usage_error ("--color", _("Use auto, always or never."));

  request = sp_probe_request_new ();
  sp_probe_request_set_recipient (request, rest != NULL ? rest[0] : NULL);
  sp_probe_request_set_sender (request, from);
  sp_probe_request_set_ehlo_name (request, ehlo);
  sp_probe_request_set_subject (request, subject);
  sp_probe_request_set_body (request, body);
  sp_probe_request_set_check_only (request, no_send);
  sp_probe_request_set_all_mx (request, all_mx);
  sp_probe_request_set_pipelining (request, pipelining);
  sp_probe_request_set_server (request, server);
  if (port != G_MININT)
    sp_probe_request_set_port (request, port);
  sp_probe_request_set_dns_servers (request, dns);
  if (timeout != G_MININT)
    sp_probe_request_set_timeout_ms (request, timeout * 1000);
  if (max_attempts != G_MININT)
    sp_probe_request_set_max_attempts (request, max_attempts);
  if (deadline != G_MININT)
    sp_probe_request_set_deadline_ms (request, deadline * 1000);
  if (jobs != G_MININT)
    sp_probe_request_set_jobs (request, jobs);
  sp_probe_request_set_family (request, ipv4 ? SP_ADDRESS_FAMILY_IPV4
                                        : ipv6 ? SP_ADDRESS_FAMILY_IPV6
                                        : SP_ADDRESS_FAMILY_ANY);
  sp_probe_request_set_tls (request, policy);
  sp_probe_request_set_ca_file (request, ca_file);
  sp_probe_request_set_accept_certificate (request, accept_certificate);
  sp_probe_request_set_auth_user (request, auth_user);
  sp_probe_request_set_auth_allow_plaintext (request, allow_plaintext);

  if (notify != NULL)
    {
      if (!sp_notify_parse (notify, &notify_flags, &error))
        return usage_error ("--notify", error->message);
      sp_probe_request_set_notify (request, notify_flags);
    }

  /* The password is checked last: everything else is checked before
   * anybody is asked for one. */
  /* A list gives each test its recipient; RECIPIENT only serves server lines. */
  skip = batch != NULL && (rest == NULL || rest[0] == NULL) ? SP_FIELD_RECIPIENT : SP_FIELD_NONE;
  if (!sp_probe_request_validate_except (request, skip, &field, &error))
    {
      if (field != SP_FIELD_AUTH_PASSWORD || sp_probe_request_get_has_password (request))
        return usage_error (field_option (field), error->message);
      need_password = TRUE;
      g_clear_error (&error);
    }

  if (batch != NULL && output != NULL && !sp_batch_format_from_filename (output, NULL))
    return usage_error ("--output", _("Name the file with .txt, .csv or .json at the end, so "
                                      "that the format is clear."));
  if (batch == NULL && output != NULL &&
      !sp_export_format_from_filename (output, &cli.output_format))
    return usage_error ("--output", _("Name the file with .txt, .html or .json at the end, so "
                                      "that the format is clear."));
  /* Before any DNS or SMTP traffic: a test that cannot keep its log is
   * not worth running. */
  if (output != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (output);

      if (!sp_export_check_file (file, &error))
        return usage_error ("--output", error->message);
    }

  if (need_password)
    {
      if (env_password != NULL)
        sp_probe_request_take_password (request, g_steal_pointer (&env_password));
      else
        sp_probe_request_take_password (request, prompt_password (auth_user, &error));
      if (!sp_probe_request_get_has_password (request))
        return usage_error ("--auth-user", error->message);

      if (!sp_probe_request_validate_except (request, skip, &field, &error))
        return usage_error (field_option (field), error->message);

      if (allow_plaintext)
        g_printerr (_("smtp-probe-cli: warning: with --auth-allow-plaintext the password is "
                      "sent even when the connection is not encrypted; anyone on the way can "
                      "read it (Base64 is not encryption).\n"));
    }

  if (batch != NULL)
    {
      SpCliBatchOptions options = {
        .list = batch, .request = request, .in_order = in_order, .json = json, .color = color,
        .output = output,
      };

      return _sp_cli_batch_run (&options);
    }

  cli.loop = g_main_loop_new (NULL, FALSE);
  cli.cancellable = g_cancellable_new ();
  cli.probe = practice != NULL ? sp_practice_create_probe (practice, request)
                               : sp_probe_new (request);
  /* The probe has its own copy, which it wipes when the test ends. */
  sp_probe_request_clear_password (request);
  cli.color = use_color (color, json);
  cli.json = json;
  cli.output = g_steal_pointer (&output);
  cli.status = SP_EXIT_INTERNAL;
  cli.width = terminal_width ();

  if (!json)
    {
      g_signal_connect (sp_probe_get_transcript (cli.probe), "entry-added",
                        G_CALLBACK (entry_added_cb), &cli);
      g_signal_connect (sp_probe_get_transcript (cli.probe), "attempt-changed",
                        G_CALLBACK (attempt_changed_cb), &cli);
      /* A practice test's log starts before the test: it says so first. */
      for (guint i = 0; i < sp_transcript_get_n_entries (sp_probe_get_transcript (cli.probe)); i++)
        entry_added_cb (sp_probe_get_transcript (cli.probe),
                        sp_transcript_get_entry (sp_probe_get_transcript (cli.probe), i), &cli);
    }

  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &cli);
  sp_probe_run_async (cli.probe, cli.cancellable, run_cb, &cli);
  g_main_loop_run (cli.loop);
  g_source_remove (sigint_id);

  g_clear_object (&cli.probe);
  g_clear_object (&cli.cancellable);
  g_clear_pointer (&cli.loop, g_main_loop_unref);
  g_free (cli.output);

  return cli.status;
}
