/* sp-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "sp-address.h"
#include "sp-export.h"
#include "sp-probe.h"

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
  SP_EXIT_CANCELLED = 130,
} SpExit;

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
} Cli;

static const char *
class_color (SpReplyClass klass)
{
  switch (klass)
    {
    case SP_REPLY_CLASS_SUCCESS:      return "\033[32m";
    case SP_REPLY_CLASS_INTERMEDIATE: return "\033[36m";
    case SP_REPLY_CLASS_TRANSIENT:    return "\033[33m";
    case SP_REPLY_CLASS_PERMANENT:    return "\033[1;31m";
    case SP_REPLY_CLASS_LOCAL:
    default:                          return "";
    }
}

static void
print_entry (Cli                     *cli,
             const SpTranscriptEntry *entry)
{
  g_autofree char *time = g_date_time_format (entry->wall, "%H:%M:%S");
  int ms = g_date_time_get_microsecond (entry->wall) / 1000;
  const char *marker;
  const char *start = "";
  const char *end = "";

  switch (entry->direction)
    {
    case SP_DIRECTION_CLIENT:
      marker = ">>";
      if (cli->color)
        start = "\033[1m";
      break;

    case SP_DIRECTION_SERVER:
      marker = "<<";
      if (cli->color)
        start = class_color (entry->klass);
      break;

    case SP_DIRECTION_NOTE:
    default:
      marker = entry->is_error ? "!!" : "--";
      if (cli->color)
        start = entry->is_error ? "\033[1;31m" : "\033[2m";
      break;
    }

  if (*start != '\0')
    end = "\033[0m";

  g_print ("%s.%03d %s %s%s%s\n", time, ms, marker, start, entry->text, end);
}

static void
entry_added_cb (SpTranscript *transcript,
                guint         index,
                Cli          *cli)
{
  print_entry (cli, sp_transcript_get_entry (transcript, index));
}

static int
exit_status_for (SpVerdict verdict,
                 SpStep    step)
{
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
    case SP_VERDICT_NONE:
      return SP_EXIT_INTERNAL;
    case SP_VERDICT_TRANSIENT:
    case SP_VERDICT_PERMANENT:
    case SP_VERDICT_PROTOCOL_ERROR:
    default:
      break;
    }

  switch (step)
    {
    case SP_STEP_DNS:      return SP_EXIT_DNS;
    case SP_STEP_CONNECT:  return SP_EXIT_CONNECT;
    case SP_STEP_BANNER:   return SP_EXIT_BANNER;
    case SP_STEP_EHLO:
    case SP_STEP_HELO:
    case SP_STEP_STARTTLS: return SP_EXIT_EHLO;
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

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Cli *cli = user_data;
  g_autoptr(GError) error = NULL;

  if (!sp_export_to_file_finish (result, &error))
    {
      g_printerr (_("smtp-probe-cli: could not save the log to %s: %s\n"),
                  cli->output, error->message);
      if (cli->status == SP_EXIT_ACCEPTED)
        cli->status = SP_EXIT_INTERNAL;
    }
  else if (!cli->json)
    g_print (_("Log saved to %s\n"), cli->output);

  g_main_loop_quit (cli->loop);
}

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
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr ("smtp-probe-cli: %s\n", error->message);
      cli->status = SP_EXIT_INTERNAL;
    }
  else
    {
      verdict = sp_transcript_get_verdict (transcript);
      cli->status = exit_status_for (verdict, sp_transcript_get_deciding_step (transcript));
    }

  if (!cli->json && verdict != SP_VERDICT_NONE)
    {
      const char *start = "";
      const char *end = "";

      if (cli->color)
        {
          start = verdict == SP_VERDICT_ACCEPTED ? "\033[1;32m" : "\033[1;31m";
          end = "\033[0m";
        }
      g_print ("\n%s%s%s\n%s\n", start, sp_verdict_get_label (verdict), end,
               sp_transcript_get_verdict_detail (transcript));
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

  /* Even a cancelled test keeps its log: write what there is. */
  file = g_file_new_for_commandline_arg (cli->output);
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

  if (g_strcmp0 (mode, "always") == 0)
    return TRUE;
  if (g_strcmp0 (mode, "never") == 0 || json)
    return FALSE;

  return isatty (STDOUT_FILENO) && g_getenv ("NO_COLOR") == NULL &&
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
    case SP_FIELD_NONE:
    default:                   return "smtp-probe-cli";
    }
}

static int
usage_error (const char *option,
             const char *message)
{
  g_printerr ("smtp-probe-cli: %s: %s\n", option, message);
  g_printerr (_("Run “smtp-probe-cli --help” to see every option.\n"));
  return SP_EXIT_USAGE;
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
  g_autofree char *description = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean no_send = FALSE;
  gboolean all_mx = FALSE;
  gboolean json = FALSE;
  gboolean ipv4 = FALSE;
  gboolean ipv6 = FALSE;
  gboolean version = FALSE;
  int port = 25;
  int timeout = 30;
  SpField field = SP_FIELD_NONE;
  Cli cli = { 0 };
  guint sigint_id;
  GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server,
      N_("Test this server instead of looking up the domain’s mail servers"), N_("HOST[:PORT]") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Port to connect to (default 25; 587 for submission, 2525)"), N_("N") },
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
    { "dns-server", 'd', 0, G_OPTION_ARG_STRING, &dns,
      N_("DNS servers to ask, such as 1.1.1.1 or 127.0.0.1:5353 (default: the system’s)"),
      N_("LIST") },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
      N_("Time limit for each step in seconds (default 30)"), N_("SECONDS") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the report as JSON instead of the live log"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Save the log; the format follows the extension: .txt, .html or .json"), N_("FILE") },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color,
      N_("Colour server replies: auto, always or never (default auto)"), N_("WHEN") },
    { "ipv4", '4', 0, G_OPTION_ARG_NONE, &ipv4, N_("Use IPv4 addresses only"), NULL },
    { "ipv6", '6', 0, G_OPTION_ARG_NONE, &ipv6, N_("Use IPv6 addresses only"), NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, N_("Show the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, N_("RECIPIENT") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("RECIPIENT — test mail delivery to an address"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Finds the mail servers of the recipient’s domain and walks through an SMTP session "
      "with them, step by step, as an administrator would with telnet: EHLO, MAIL FROM, "
      "RCPT TO, DATA and QUIT."));
  description = g_strdup_printf (
    _("Exit status:\n"
      "  %d   the server accepted the message (or the recipient, with --no-send)\n"
      "  %d   internal error\n"
      "  %d   bad input or usage\n"
      "  %d   DNS lookup failed\n"
      "  %d   could not connect\n"
      "  %d   the greeting (banner) refused the session\n"
      "  %d   EHLO/HELO refused\n"
      "  %d   MAIL FROM refused\n"
      "  %d   RCPT TO refused\n"
      "  %d   DATA refused\n"
      "  %d   the message was refused after its final dot\n"
      "  %d  a step timed out\n"
      "  %d cancelled (Ctrl+C)\n"),
    SP_EXIT_ACCEPTED, SP_EXIT_INTERNAL, SP_EXIT_USAGE, SP_EXIT_DNS, SP_EXIT_CONNECT,
    SP_EXIT_BANNER, SP_EXIT_EHLO, SP_EXIT_MAIL, SP_EXIT_RCPT, SP_EXIT_DATA, SP_EXIT_MESSAGE,
    SP_EXIT_TIMEOUT, SP_EXIT_CANCELLED);
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("smtp-probe-cli", error->message);

  if (version)
    {
      g_print ("smtp-probe-cli %s\n", PACKAGE_VERSION);
      return SP_EXIT_ACCEPTED;
    }

  if (rest == NULL || rest[0] == NULL)
    return usage_error ("RECIPIENT", _("Give the recipient address to test, for example "
                                       "smtp-probe-cli --from you@example.org kate@example.com."));
  if (rest[1] != NULL)
    return usage_error ("RECIPIENT", _("Give one recipient address at a time."));

  if (port < 1 || port > 65535)
    return usage_error ("--port", _("The port must be a number from 1 to 65535."));
  if (timeout < 1 || timeout > 3600)
    return usage_error ("--timeout", _("The time limit must be between 1 and 3600 seconds."));
  if (ipv4 && ipv6)
    return usage_error ("-4/-6", _("Choose either IPv4 only or IPv6 only, not both."));
  if (color != NULL && g_strcmp0 (color, "auto") != 0 && g_strcmp0 (color, "always") != 0 &&
      g_strcmp0 (color, "never") != 0)
    return usage_error ("--color", _("Use auto, always or never."));

  request = sp_probe_request_new ();
  request->recipient = g_strdup (rest[0]);
  request->sender = g_strdup (from);
  request->ehlo_name = g_strdup (ehlo);
  request->subject = g_strdup (subject);
  request->body = g_strdup (body);
  request->check_only = no_send;
  request->all_mx = all_mx;
  request->server = g_strdup (server);
  request->port = port;
  request->dns_servers = g_strdup (dns);
  request->timeout_ms = timeout * 1000;
  request->family = ipv4 ? SP_ADDRESS_FAMILY_IPV4
                  : ipv6 ? SP_ADDRESS_FAMILY_IPV6
                  : SP_ADDRESS_FAMILY_ANY;

  if (notify != NULL && !sp_notify_parse (notify, &request->notify, &error))
    return usage_error ("--notify", error->message);

  if (!sp_probe_request_validate (request, &field, &error))
    return usage_error (field_option (field), error->message);

  if (output != NULL && !sp_export_format_from_filename (output, &cli.output_format))
    return usage_error ("--output", _("Name the file with .txt, .html or .json at the end, so "
                                      "that the format is clear."));

  cli.loop = g_main_loop_new (NULL, FALSE);
  cli.cancellable = g_cancellable_new ();
  cli.probe = sp_probe_new (request);
  cli.color = use_color (color, json);
  cli.json = json;
  cli.output = g_steal_pointer (&output);
  cli.status = SP_EXIT_INTERNAL;

  if (!json)
    g_signal_connect (sp_probe_get_transcript (cli.probe), "entry-added",
                      G_CALLBACK (entry_added_cb), &cli);

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
