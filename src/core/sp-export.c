/* sp-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sp-export.h"
#include "sp-json.h"

#define TOOL_NAME "SMTP Probe"

/* Shared helpers */

static const char *
class_to_string (SpReplyClass klass)
{
  switch (klass)
    {
    case SP_REPLY_CLASS_SUCCESS:
      return "success";
    case SP_REPLY_CLASS_INTERMEDIATE:
      return "intermediate";
    case SP_REPLY_CLASS_TRANSIENT:
      return "transient";
    case SP_REPLY_CLASS_PERMANENT:
      return "permanent";
    case SP_REPLY_CLASS_LOCAL:
    default:
      return "local";
    }
}

static const char *
class_label (SpReplyClass klass)
{
  const char *label = sp_reply_class_get_label (klass);

  return label != NULL ? label : class_to_string (klass);
}

/* A symbol that stands next to the colour, so the class reads without it. */
static const char *
class_icon (SpReplyClass klass)
{
  switch (klass)
    {
    case SP_REPLY_CLASS_SUCCESS:
      return "✓";
    case SP_REPLY_CLASS_INTERMEDIATE:
      return "→";
    case SP_REPLY_CLASS_TRANSIENT:
      return "⚠";
    case SP_REPLY_CLASS_PERMANENT:
      return "✗";
    case SP_REPLY_CLASS_LOCAL:
    default:
      return "•";
    }
}

static SpReplyClass
step_class (const SpTranscriptStep *step)
{
  if (step->reply == NULL)
    return SP_REPLY_CLASS_LOCAL;

  return sp_reply_get_class (step->reply);
}

static char *
format_clock (GDateTime *wall)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (wall);
  g_autofree char *hms = g_date_time_format (local, "%H:%M:%S");

  return g_strdup_printf ("%s.%03d", hms, g_date_time_get_microsecond (local) / 1000);
}

static char *
format_date (GDateTime *wall)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (wall);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S %:z");
}

/* RFC 3339 with the local offset spelt out ("+01:00"): the "+01" that
 * g_date_time_format_iso8601() writes trips up many readers. */
static char *
format_iso8601 (GDateTime *wall)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (wall);
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *offset = g_date_time_format (local, "%:z");

  return g_strdup_printf ("%s.%06d%s", date, g_date_time_get_microsecond (local), offset);
}

/* "+1.234s", without the locale's decimal comma, so logs line up. */
static char *
format_elapsed (gint64 usec)
{
  gint64 ms = MAX (usec, 0) / 1000;

  return g_strdup_printf ("+%" G_GINT64_FORMAT ".%03ds", ms / 1000, (int) (ms % 1000));
}

/* "12.3 ms", again without the locale's decimal comma. */
static char *
format_ms (gint64 usec)
{
  gint64 tenths = (MAX (usec, 0) + 50) / 100;
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT ".%d",
                                             tenths / 10, (int) (tenths % 10));

  /* Translators: a duration, such as “12.3 ms” */
  return g_strdup_printf (_("%s ms"), number);
}

static char *
join_addresses (const SpMxHost *host)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; host->addresses != NULL && i < host->addresses->len; i++)
    {
      g_autofree char *text = g_inet_address_to_string (g_ptr_array_index (host->addresses, i));

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, text);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Everything that came from the network or the user goes through this
 * before it is shown. No length limit: entries were cut already, and
 * cutting them again would add a second note. */
static char *
safe (const char *text)
{
  return sp_transcript_escape_text (text != NULL ? text : "", -1);
}

static char *
format_attempt_title (const SpTranscriptAttempt *attempt,
                      guint                      index)
{
  g_autofree char *host = safe (attempt->host);
  g_autofree char *address = safe (attempt->address);

  if (attempt->address != NULL)
    /* Translators: "Attempt 1: mx1.example.com [192.0.2.1]:25" */
    return g_strdup_printf (_("Attempt %u: %s [%s]:%u"), index + 1, host, address, attempt->port);
  else
    /* Translators: "Attempt 1: mx1.example.com port 25" */
    return g_strdup_printf (_("Attempt %u: %s port %u"), index + 1, host, attempt->port);
}

static const char *
describe_servers (SpTranscript *transcript)
{
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);

  if (mx == NULL || mx->servers == NULL || mx->servers[0] == '\0')
    return NULL;

  return mx->servers;
}

static const char *
describe_mode (SpTranscript *transcript)
{
  if (sp_transcript_get_check_only (transcript))
    return _("Check only: the test stops before a message is sent");
  else
    return _("Send a test message");
}

static const char *
describe_sender (SpTranscript *transcript)
{
  const char *sender = sp_transcript_get_sender (transcript);

  /* The empty reverse path is how bounces are sent (RFC 5321 4.5.5). */
  if (sender != NULL && sender[0] == '\0')
    return "<>";

  return sender;
}

/* Text */

static void
text_field (GString    *out,
            const char *label,
            const char *value)
{
  glong width = g_utf8_strlen (label, -1);
  g_autofree char *value_safe = safe (value);

  g_string_append (out, label);
  for (glong i = width; i < 14; i++)
    g_string_append_c (out, ' ');
  g_string_append_c (out, ' ');
  g_string_append (out, value_safe);
  g_string_append_c (out, '\n');
}

static void
text_entry (GString                 *out,
            const SpTranscriptEntry *entry)
{
  g_autofree char *clock = format_clock (entry->wall);
  g_autofree char *elapsed = format_elapsed (entry->elapsed_usec);
  const char *marker;

  switch (entry->direction)
    {
    case SP_DIRECTION_CLIENT:
      marker = ">>";
      break;

    case SP_DIRECTION_SERVER:
      marker = "<<";
      break;

    case SP_DIRECTION_NOTE:
    default:
      marker = entry->is_error ? "!!" : "--";
      break;
    }

  g_string_append_printf (out, "%s  %8s  %s %s", clock, elapsed, marker, entry->text);

  if (entry->direction == SP_DIRECTION_SERVER)
    g_string_append_printf (out, "  [%s]", class_label (entry->klass));

  g_string_append_c (out, '\n');
}

static void
text_attempt_heading (GString                   *out,
                      const SpTranscriptAttempt *attempt,
                      guint                      index)
{
  g_autofree char *title = format_attempt_title (attempt, index);

  g_string_append_printf (out, "\n%s\n", title);
}

static void
text_attempt_result (GString                   *out,
                     const SpTranscriptAttempt *attempt)
{
  g_autofree char *detail = safe (attempt->detail);

  if (attempt->result == SP_VERDICT_NONE)
    return;

  if (attempt->deciding_step != SP_STEP_NONE)
    /* Translators: "Result: Refused, at the step “Recipient (RCPT TO)”" */
    g_string_append_printf (out, _("Result: %s, at the step “%s”"),
                            sp_verdict_get_label (attempt->result),
                            sp_step_get_label (attempt->deciding_step));
  else
    g_string_append_printf (out, _("Result: %s"), sp_verdict_get_label (attempt->result));
  g_string_append_c (out, '\n');

  if (attempt->detail != NULL)
    g_string_append_printf (out, "%s\n", detail);
}

static char *
export_text (SpTranscript *transcript)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *started = format_date (sp_transcript_get_started (transcript));
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);
  guint n_entries = sp_transcript_get_n_entries (transcript);
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  SpVerdict verdict = sp_transcript_get_verdict (transcript);
  SpStep deciding = sp_transcript_get_deciding_step (transcript);
  const char *detail = sp_transcript_get_verdict_detail (transcript);
  int shown = -1;
  int open = -1;

  /* Translators: the first is the app's name, the second its version */
  g_string_append_printf (out, _("%s %s: mail delivery test"), TOOL_NAME, PACKAGE_VERSION);
  g_string_append (out, "\n\n");

  text_field (out, _("Recipient:"), sp_transcript_get_recipient (transcript));
  text_field (out, _("Sender:"), describe_sender (transcript));
  text_field (out, _("Started:"), started);
  text_field (out, _("DNS servers:"),
              describe_servers (transcript) != NULL ? describe_servers (transcript)
                                                    : _("The system’s configuration"));
  text_field (out, _("Mode:"), describe_mode (transcript));

  if (mx != NULL)
    {
      g_autofree char *domain = safe (mx->domain);

      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("Mail servers (MX) for %s:"), domain);
      g_string_append_c (out, '\n');

      if (mx->implicit)
        g_string_append_printf (out, "  %s\n",
                                _("The domain has no MX record, so mail goes to the domain’s own "
                                  "address (implicit MX)."));
      if (mx->hosts == NULL || mx->hosts->len == 0)
        g_string_append_printf (out, "  %s\n", _("No mail servers were found."));

      for (guint i = 0; mx->hosts != NULL && i < mx->hosts->len; i++)
        {
          const SpMxHost *host = g_ptr_array_index (mx->hosts, i);
          g_autofree char *name = safe (host->host);
          g_autofree char *addresses = join_addresses (host);

          g_string_append_printf (out, "  %5u  %s  ", host->preference, name);
          if (addresses[0] != '\0')
            g_string_append (out, addresses);
          else if (host->error != NULL)
            {
              g_autofree char *message = safe (host->error->message);

              g_string_append_printf (out, _("(no addresses: %s)"), message);
            }
          else
            g_string_append (out, _("(no addresses)"));
          g_string_append_c (out, '\n');
        }

      if (mx->queries != NULL && mx->queries->len > 0)
        {
          g_string_append_c (out, '\n');
          g_string_append (out, _("DNS queries:"));
          g_string_append_c (out, '\n');

          for (guint i = 0; i < mx->queries->len; i++)
            {
              const SpDnsQuery *query = g_ptr_array_index (mx->queries, i);
              g_autofree char *name = safe (query->name);
              g_autofree char *type = safe (query->type);
              g_autofree char *status = safe (query->status);
              g_autofree char *elapsed = format_ms (query->elapsed_usec);

              g_string_append_printf (out, "  %-5s %-32s %-9s %s\n", type, name, status, elapsed);
            }
        }
    }

  g_string_append_c (out, '\n');
  g_string_append (out, _("Lines marked “>>” were sent by this app, “<<” came from the server, "
                          "“--” are notes and “!!” are problems."));
  g_string_append_c (out, '\n');

  /* The log in time order, with a heading whenever an attempt starts. */
  for (guint i = 0; i < n_entries; i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);

      if (entry->attempt != open)
        {
          if (open >= 0)
            text_attempt_result (out, sp_transcript_get_attempt (transcript, open));

          if (entry->attempt >= 0 && (guint) entry->attempt < n_attempts)
            {
              /* Attempts that logged nothing still get their heading. */
              for (int a = shown + 1; a < entry->attempt; a++)
                {
                  text_attempt_heading (out, sp_transcript_get_attempt (transcript, a), a);
                  text_attempt_result (out, sp_transcript_get_attempt (transcript, a));
                }
              text_attempt_heading (out, sp_transcript_get_attempt (transcript, entry->attempt),
                                    entry->attempt);
              shown = MAX (shown, entry->attempt);
              open = entry->attempt;
            }
          else
            {
              g_string_append_c (out, '\n');
              open = -1;
            }
        }

      text_entry (out, entry);
    }

  if (open >= 0)
    text_attempt_result (out, sp_transcript_get_attempt (transcript, open));

  for (guint a = shown + 1; a < n_attempts; a++)
    {
      text_attempt_heading (out, sp_transcript_get_attempt (transcript, a), a);
      text_attempt_result (out, sp_transcript_get_attempt (transcript, a));
    }

  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Verdict: %s"), sp_verdict_get_label (verdict));
  g_string_append_c (out, '\n');
  if (deciding != SP_STEP_NONE)
    {
      g_string_append_printf (out, _("Decided at: %s"), sp_step_get_label (deciding));
      g_string_append_c (out, '\n');
    }
  if (detail != NULL)
    {
      g_autofree char *detail_safe = safe (detail);

      g_string_append_printf (out, "%s\n", detail_safe);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* HTML */

static void
html_append (GString    *out,
             const char *text)
{
  g_autofree char *clean = safe (text);

  for (const char *p = clean; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&#39;");
          break;
        default:
          g_string_append_c (out, *p);
          break;
        }
    }
}

static void G_GNUC_PRINTF (2, 3)
html_printf (GString    *out,
             const char *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  html_append (out, text);
}

static void
html_tag_text (GString    *out,
               const char *tag,
               const char *text)
{
  g_string_append_printf (out, "<%s>", tag);
  html_append (out, text);
  g_string_append_printf (out, "</%s>", tag);
}

static void
html_class_cell (GString      *out,
                 SpReplyClass  klass)
{
  g_string_append (out, "<td class=\"cls\"><span class=\"icon\" aria-hidden=\"true\">");
  g_string_append (out, class_icon (klass));
  g_string_append (out, "</span> ");
  html_append (out, class_label (klass));
  g_string_append (out, "</td>");
}

static const char *
html_row_class (SpReplyClass klass)
{
  switch (klass)
    {
    case SP_REPLY_CLASS_SUCCESS:
      return "c2";
    case SP_REPLY_CLASS_INTERMEDIATE:
      return "c3";
    case SP_REPLY_CLASS_TRANSIENT:
      return "c4";
    case SP_REPLY_CLASS_PERMANENT:
      return "c5";
    case SP_REPLY_CLASS_LOCAL:
    default:
      return "local";
    }
}

static const char *
verdict_tone (SpVerdict verdict)
{
  switch (verdict)
    {
    case SP_VERDICT_ACCEPTED:
      return "good";
    case SP_VERDICT_TRANSIENT:
    case SP_VERDICT_TIMED_OUT:
      return "warn";
    case SP_VERDICT_PERMANENT:
    case SP_VERDICT_CONNECT_FAILED:
    case SP_VERDICT_DNS_FAILED:
    case SP_VERDICT_PROTOCOL_ERROR:
      return "bad";
    case SP_VERDICT_NONE:
    case SP_VERDICT_CANCELLED:
    default:
      return "neutral";
    }
}

static const char *
verdict_icon (SpVerdict verdict)
{
  switch (verdict)
    {
    case SP_VERDICT_ACCEPTED:
      return "✓";
    case SP_VERDICT_TRANSIENT:
    case SP_VERDICT_TIMED_OUT:
      return "⚠";
    case SP_VERDICT_PERMANENT:
    case SP_VERDICT_CONNECT_FAILED:
    case SP_VERDICT_DNS_FAILED:
    case SP_VERDICT_PROTOCOL_ERROR:
      return "✗";
    case SP_VERDICT_NONE:
    case SP_VERDICT_CANCELLED:
    default:
      return "•";
    }
}

static const char html_style[] =
  ":root { color-scheme: light; }\n"
  "body { font-family: system-ui, -apple-system, \"Segoe UI\", sans-serif; color: #1c1c1c;\n"
  "       background: #ffffff; margin: 2em auto; max-width: 70em; padding: 0 1em;\n"
  "       line-height: 1.4; }\n"
  "h1 { font-size: 1.6em; margin-bottom: 0.2em; }\n"
  "h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #c8c8c8; }\n"
  "h3 { font-size: 1.05em; }\n"
  "table { border-collapse: collapse; margin: 0.5em 0 1em; }\n"
  "th, td { border: 1px solid #c8c8c8; padding: 0.2em 0.5em; text-align: left;\n"
  "         vertical-align: top; }\n"
  "th { background: #f2f2f2; }\n"
  "table.summary th { width: 10em; }\n"
  "code, .mono, table.log td.text { font-family: ui-monospace, \"DejaVu Sans Mono\", monospace;\n"
  "  white-space: pre-wrap; overflow-wrap: anywhere; }\n"
  "td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }\n"
  "td.cls { white-space: nowrap; }\n"
  ".icon { font-weight: bold; display: inline-block; min-width: 1em; text-align: center; }\n"
  "tr.c2 td { background: #e9f6ec; } tr.c2 td.cls { color: #146c2e; }\n"
  "tr.c3 td { background: #e7f0fb; } tr.c3 td.cls { color: #0b4f9c; }\n"
  "tr.c4 td { background: #fff5dc; } tr.c4 td.cls { color: #7a4d00; }\n"
  "tr.c5 td { background: #fdecec; } tr.c5 td.cls { color: #a51d1d; }\n"
  "tr.c2 td:first-child { border-left: 4px solid #2e8b47; }\n"
  "tr.c3 td:first-child { border-left: 4px solid #2f6fbf; }\n"
  "tr.c4 td:first-child { border-left: 4px solid #c98a00; }\n"
  "tr.c5 td:first-child { border-left: 4px solid #c62828; }\n"
  "tr.problem td { color: #a51d1d; font-weight: bold; }\n"
  ".verdict { border: 2px solid #8a8a8a; border-left-width: 8px; padding: 0.5em 1em;\n"
  "           margin: 1em 0; }\n"
  ".verdict.good { border-color: #2e8b47; }\n"
  ".verdict.warn { border-color: #c98a00; }\n"
  ".verdict.bad { border-color: #c62828; }\n"
  ".verdict .label { font-size: 1.3em; font-weight: bold; }\n"
  ".muted { color: #555555; }\n"
  "@media print {\n"
  "  body { margin: 0; max-width: none; font-size: 10pt; }\n"
  "  h2 { break-after: avoid; }\n"
  "  tr, .verdict { break-inside: avoid; }\n"
  "  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
  "}\n";

static void
html_summary_row (GString    *out,
                  const char *label,
                  const char *value)
{
  g_string_append (out, "<tr><th scope=\"row\">");
  html_append (out, label);
  g_string_append (out, "</th><td>");
  html_append (out, value);
  g_string_append (out, "</td></tr>\n");
}

static void
html_legend (GString *out)
{
  static const struct {
    SpReplyClass  klass;
    const char   *codes;
    const char   *meaning;
  } rows[] = {
    { SP_REPLY_CLASS_SUCCESS, "2xx", N_("The server accepted the command.") },
    { SP_REPLY_CLASS_INTERMEDIATE, "3xx",
      N_("The server waits for more, such as the message text after DATA.") },
    { SP_REPLY_CLASS_TRANSIENT, "4xx",
      N_("The server refused for now; the same command may work later.") },
    { SP_REPLY_CLASS_PERMANENT, "5xx",
      N_("The server refused; repeating the command will not help until something changes.") },
    { SP_REPLY_CLASS_LOCAL, "—", N_("Something this app noted; not a reply from the server.") },
  };

  g_string_append (out, "<section class=\"legend\">\n<h2>");
  html_append (out, _("Legend"));
  g_string_append (out, "</h2>\n<table>\n<thead><tr><th scope=\"col\">");
  html_append (out, _("Class"));
  g_string_append (out, "</th><th scope=\"col\">");
  html_append (out, _("Reply codes"));
  g_string_append (out, "</th><th scope=\"col\">");
  html_append (out, _("Meaning"));
  g_string_append (out, "</th></tr></thead>\n<tbody>\n");

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_string_append_printf (out, "<tr class=\"%s\">", html_row_class (rows[i].klass));
      html_class_cell (out, rows[i].klass);
      g_string_append (out, "<td>");
      html_append (out, rows[i].codes);
      g_string_append (out, "</td><td>");
      html_append (out, _(rows[i].meaning));
      g_string_append (out, "</td></tr>\n");
    }

  g_string_append (out, "</tbody>\n</table>\n<p class=\"muted\">");
  html_append (out, _("In the log, “Sent” lines were sent by this app, “Received” lines came "
                      "from the server, and “Note” and “Problem” lines are the app’s own."));
  g_string_append (out, "</p>\n</section>\n");
}

static void
html_mx (GString    *out,
         SpMxResult *mx)
{
  g_string_append (out, "<section class=\"mx\">\n<h2>");
  html_printf (out, _("Mail servers (MX) for %s"), mx->domain != NULL ? mx->domain : "");
  g_string_append (out, "</h2>\n");

  if (mx->implicit)
    {
      g_string_append (out, "<p>");
      html_append (out, _("The domain has no MX record, so mail goes to the domain’s own "
                          "address (implicit MX)."));
      g_string_append (out, "</p>\n");
    }

  if (mx->hosts == NULL || mx->hosts->len == 0)
    {
      g_string_append (out, "<p>");
      html_append (out, _("No mail servers were found."));
      g_string_append (out, "</p>\n");
    }
  else
    {
      g_string_append (out, "<table>\n<thead><tr><th scope=\"col\">");
      html_append (out, _("Preference"));
      g_string_append (out, "</th><th scope=\"col\">");
      html_append (out, _("Host"));
      g_string_append (out, "</th><th scope=\"col\">");
      html_append (out, _("Addresses"));
      g_string_append (out, "</th><th scope=\"col\">");
      html_append (out, _("Problem"));
      g_string_append (out, "</th></tr></thead>\n<tbody>\n");

      for (guint i = 0; i < mx->hosts->len; i++)
        {
          const SpMxHost *host = g_ptr_array_index (mx->hosts, i);
          g_autofree char *addresses = join_addresses (host);

          g_string_append_printf (out, "<tr><td class=\"num\">%u</td><td class=\"mono\">",
                                  host->preference);
          html_append (out, host->host);
          g_string_append (out, "</td><td class=\"mono\">");
          html_append (out, addresses);
          g_string_append (out, "</td><td>");
          if (host->error != NULL)
            html_append (out, host->error->message);
          g_string_append (out, "</td></tr>\n");
        }

      g_string_append (out, "</tbody>\n</table>\n");
    }

  if (mx->queries != NULL && mx->queries->len > 0)
    {
      g_string_append (out, "<h3>");
      html_append (out, _("DNS queries"));
      g_string_append (out, "</h3>\n<table>\n<thead><tr><th scope=\"col\">");
      html_append (out, _("Name"));
      g_string_append (out, "</th><th scope=\"col\">");
      html_append (out, _("Type"));
      g_string_append (out, "</th><th scope=\"col\">");
      html_append (out, _("Status"));
      g_string_append (out, "</th><th scope=\"col\">");
      html_append (out, _("Time"));
      g_string_append (out, "</th></tr></thead>\n<tbody>\n");

      for (guint i = 0; i < mx->queries->len; i++)
        {
          const SpDnsQuery *query = g_ptr_array_index (mx->queries, i);
          g_autofree char *elapsed = format_ms (query->elapsed_usec);

          g_string_append (out, "<tr><td class=\"mono\">");
          html_append (out, query->name);
          g_string_append (out, "</td><td>");
          html_append (out, query->type);
          g_string_append (out, "</td><td>");
          html_append (out, query->status);
          g_string_append (out, "</td><td class=\"num\">");
          html_append (out, elapsed);
          g_string_append (out, "</td></tr>\n");
        }

      g_string_append (out, "</tbody>\n</table>\n");
    }

  g_string_append (out, "</section>\n");
}

static void
html_log_table (GString      *out,
                SpTranscript *transcript,
                int           attempt)
{
  guint n_entries = sp_transcript_get_n_entries (transcript);

  g_string_append (out, "<table class=\"log\">\n<thead><tr><th scope=\"col\">");
  html_append (out, _("Time"));
  g_string_append (out, "</th><th scope=\"col\">");
  html_append (out, _("Since step start"));
  g_string_append (out, "</th><th scope=\"col\">");
  html_append (out, _("Direction"));
  g_string_append (out, "</th><th scope=\"col\">");
  html_append (out, _("Text"));
  g_string_append (out, "</th><th scope=\"col\">");
  html_append (out, _("Class"));
  g_string_append (out, "</th></tr></thead>\n<tbody>\n");

  for (guint i = 0; i < n_entries; i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);
      g_autofree char *clock = NULL;
      g_autofree char *elapsed = NULL;
      const char *direction;
      const char *row_class;

      if (entry->attempt != attempt)
        continue;

      clock = format_clock (entry->wall);
      elapsed = format_elapsed (entry->elapsed_usec);

      switch (entry->direction)
        {
        case SP_DIRECTION_CLIENT:
          direction = _("Sent");
          row_class = "client";
          break;

        case SP_DIRECTION_SERVER:
          direction = _("Received");
          row_class = html_row_class (entry->klass);
          break;

        case SP_DIRECTION_NOTE:
        default:
          direction = entry->is_error ? _("Problem") : _("Note");
          row_class = entry->is_error ? "problem" : "note";
          break;
        }

      g_string_append_printf (out, "<tr class=\"%s\"><td class=\"num\">", row_class);
      html_append (out, clock);
      g_string_append (out, "</td><td class=\"num\">");
      html_append (out, elapsed);
      g_string_append (out, "</td><td>");
      html_append (out, direction);
      g_string_append (out, "</td><td class=\"text\">");
      html_append (out, entry->text);
      g_string_append (out, "</td>");
      if (entry->direction == SP_DIRECTION_SERVER)
        html_class_cell (out, entry->klass);
      else
        g_string_append (out, "<td></td>");
      g_string_append (out, "</tr>\n");
    }

  g_string_append (out, "</tbody>\n</table>\n");
}

static void
html_attempt (GString      *out,
              SpTranscript *transcript,
              guint         index)
{
  const SpTranscriptAttempt *attempt = sp_transcript_get_attempt (transcript, index);
  g_autofree char *title = format_attempt_title (attempt, index);

  g_string_append_printf (out, "<section class=\"attempt\" id=\"attempt-%u\">\n", index + 1);
  html_tag_text (out, "h2", title);
  g_string_append_c (out, '\n');

  g_string_append (out, "<p><strong>");
  html_append (out, _("Result:"));
  g_string_append (out, "</strong> ");
  if (attempt->result == SP_VERDICT_NONE)
    html_append (out, _("Not decided"));
  else if (attempt->deciding_step != SP_STEP_NONE)
    /* Translators: "Refused, at the step “Recipient (RCPT TO)”" */
    html_printf (out, _("%s, at the step “%s”"), sp_verdict_get_label (attempt->result),
                 sp_step_get_label (attempt->deciding_step));
  else
    html_append (out, sp_verdict_get_label (attempt->result));
  if (attempt->detail != NULL)
    {
      g_string_append (out, "<br>");
      html_append (out, attempt->detail);
    }
  g_string_append (out, "</p>\n");

  if (attempt->capabilities != NULL)
    {
      const char * const *keywords = sp_capabilities_get_keywords (attempt->capabilities);
      g_autofree char *joined = NULL;

      if (keywords != NULL)
        joined = g_strjoinv (" ", (char **) keywords);

      g_string_append (out, "<p><strong>");
      html_append (out, _("Extensions the server offers:"));
      g_string_append (out, "</strong> <span class=\"mono\">");
      html_append (out, joined);
      g_string_append (out, "</span></p>\n");
    }

  if (attempt->steps->len > 0)
    {
      g_string_append (out, "<h3>");
      html_append (out, _("Steps"));
      g_string_append (out, "</h3>\n<table class=\"steps\">\n<thead><tr><th scope=\"col\">");
      html_append (out, _("Step"));
      g_string_append (out, "</th><th scope=\"col\">");
      html_append (out, _("Command"));
      g_string_append (out, "</th><th scope=\"col\">");
      html_append (out, _("Reply"));
      g_string_append (out, "</th><th scope=\"col\">");
      html_append (out, _("Class"));
      g_string_append (out, "</th><th scope=\"col\">");
      html_append (out, _("Time"));
      g_string_append (out, "</th></tr></thead>\n<tbody>\n");

      for (guint i = 0; i < attempt->steps->len; i++)
        {
          const SpTranscriptStep *step = g_ptr_array_index (attempt->steps, i);
          SpReplyClass klass = step_class (step);

          g_string_append_printf (out, "<tr class=\"%s%s\"><td>", html_row_class (klass),
                                  step->error != NULL ? " problem" : "");
          html_append (out, sp_step_get_label (step->step));
          g_string_append (out, "</td><td class=\"mono\">");
          if (step->command != NULL)
            html_append (out, step->command);
          g_string_append (out, "</td><td class=\"mono\">");
          if (step->reply != NULL)
            {
              const char * const *lines = sp_reply_get_lines (step->reply);
              guint n_lines = sp_reply_get_n_lines (step->reply);

              for (guint l = 0; l < n_lines && lines[l] != NULL; l++)
                {
                  if (l > 0)
                    g_string_append (out, "<br>");
                  html_append (out, lines[l]);
                }
            }
          if (step->error != NULL)
            {
              if (step->reply != NULL)
                g_string_append (out, "<br>");
              html_append (out, step->error->message);
            }
          g_string_append (out, "</td>");
          html_class_cell (out, klass);
          g_string_append (out, "<td class=\"num\">");
          if (step->elapsed_usec >= 0)
            {
              g_autofree char *elapsed = format_ms (step->elapsed_usec);

              html_append (out, elapsed);
            }
          g_string_append (out, "</td></tr>\n");
        }

      g_string_append (out, "</tbody>\n</table>\n");
    }

  g_string_append (out, "<h3>");
  html_append (out, _("Log"));
  g_string_append (out, "</h3>\n");
  html_log_table (out, transcript, index);
  g_string_append (out, "</section>\n");
}

static char *
export_html (SpTranscript *transcript)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *started = format_date (sp_transcript_get_started (transcript));
  g_autofree char *tool = g_strdup_printf ("%s %s", TOOL_NAME, PACKAGE_VERSION);
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);
  const char *recipient = sp_transcript_get_recipient (transcript);
  SpVerdict verdict = sp_transcript_get_verdict (transcript);
  SpStep deciding = sp_transcript_get_deciding_step (transcript);
  const char *detail = sp_transcript_get_verdict_detail (transcript);
  guint n_entries = sp_transcript_get_n_entries (transcript);
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  gboolean have_other_entries = FALSE;

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  /* Translators: the language code of your translation, as used in HTML,
   * such as “de” or “pt-BR”; exported reports are marked with it. */
  html_append (out, C_("html lang", "en"));
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\"\n"
                        "      content=\"width=device-width, initial-scale=1\">\n"
                        "<meta name=\"generator\" content=\"");
  html_append (out, tool);
  g_string_append (out, "\">\n<title>");
  if (recipient != NULL)
    html_printf (out, _("Mail delivery test for %s"), recipient);
  else
    html_append (out, _("Mail delivery test"));
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, html_style);
  g_string_append (out, "</style>\n</head>\n<body>\n<header>\n<h1>");
  if (recipient != NULL)
    html_printf (out, _("Mail delivery test for %s"), recipient);
  else
    html_append (out, _("Mail delivery test"));
  g_string_append (out, "</h1>\n</header>\n<main>\n");

  g_string_append_printf (out, "<section class=\"verdict %s\">\n<p><span class=\"label\">"
                          "<span class=\"icon\" aria-hidden=\"true\">%s</span> ",
                          verdict_tone (verdict), verdict_icon (verdict));
  html_printf (out, _("Verdict: %s"), sp_verdict_get_label (verdict));
  g_string_append (out, "</span>");
  if (deciding != SP_STEP_NONE)
    {
      g_string_append (out, "<br>");
      html_printf (out, _("Decided at: %s"), sp_step_get_label (deciding));
    }
  g_string_append (out, "</p>\n");
  if (detail != NULL)
    {
      g_string_append (out, "<p>");
      html_append (out, detail);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</section>\n");

  g_string_append (out, "<section class=\"request\">\n<h2>");
  html_append (out, _("What was tested"));
  g_string_append (out, "</h2>\n<table class=\"summary\">\n");
  html_summary_row (out, _("Recipient"), recipient);
  html_summary_row (out, _("Sender"), describe_sender (transcript));
  html_summary_row (out, _("Started"), started);
  html_summary_row (out, _("DNS servers"),
                    describe_servers (transcript) != NULL ? describe_servers (transcript)
                                                          : _("The system’s configuration"));
  html_summary_row (out, _("Mode"), describe_mode (transcript));
  html_summary_row (out, _("Tool"), tool);
  g_string_append (out, "</table>\n</section>\n");

  html_legend (out);

  if (mx != NULL)
    html_mx (out, mx);

  for (guint i = 0; i < n_entries; i++)
    {
      if (sp_transcript_get_entry (transcript, i)->attempt < 0)
        {
          have_other_entries = TRUE;
          break;
        }
    }

  if (have_other_entries)
    {
      g_string_append (out, "<section class=\"notes\">\n<h2>");
      html_append (out, _("Log outside the attempts"));
      g_string_append (out, "</h2>\n");
      html_log_table (out, transcript, -1);
      g_string_append (out, "</section>\n");
    }

  for (guint i = 0; i < n_attempts; i++)
    html_attempt (out, transcript, i);

  g_string_append (out, "</main>\n<footer class=\"muted\"><p>");
  /* Translators: the first is the app's name and version, the second a date */
  html_printf (out, _("Made with %s on %s."), tool, started);
  g_string_append (out, "</p></footer>\n</body>\n</html>\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* JSON */

static void
json_member_string (SpJsonWriter *writer,
                    const char   *name,
                    const char   *value)
{
  sp_json_writer_member (writer, name);
  sp_json_writer_string (writer, value);
}

static void
json_member_ms (SpJsonWriter *writer,
                const char   *name,
                gint64        usec)
{
  sp_json_writer_member (writer, name);
  if (usec < 0)
    sp_json_writer_null (writer);
  else
    sp_json_writer_double (writer, usec / 1000.0);
}

static void
json_dns_servers (SpJsonWriter *writer,
                  const char   *servers)
{
  g_auto(GStrv) parts = NULL;

  sp_json_writer_member (writer, "dns_servers");

  if (servers == NULL)
    {
      sp_json_writer_null (writer);
      return;
    }

  parts = g_strsplit (servers, ",", -1);
  sp_json_writer_begin_array (writer);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        sp_json_writer_string (writer, parts[i]);
    }
  sp_json_writer_end_array (writer);
}

static void
json_mx (SpJsonWriter *writer,
         SpMxResult   *mx)
{
  sp_json_writer_member (writer, "mx");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; mx != NULL && mx->hosts != NULL && i < mx->hosts->len; i++)
    {
      const SpMxHost *host = g_ptr_array_index (mx->hosts, i);

      sp_json_writer_begin_object (writer);
      sp_json_writer_member (writer, "preference");
      sp_json_writer_int (writer, host->preference);
      json_member_string (writer, "host", host->host);
      sp_json_writer_member (writer, "addresses");
      sp_json_writer_begin_array (writer);
      for (guint a = 0; host->addresses != NULL && a < host->addresses->len; a++)
        {
          GInetAddress *address = g_ptr_array_index (host->addresses, a);
          g_autofree char *text = g_inet_address_to_string (address);

          sp_json_writer_string (writer, text);
        }
      sp_json_writer_end_array (writer);
      json_member_string (writer, "error", host->error != NULL ? host->error->message : NULL);
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);

  sp_json_writer_member (writer, "implicit_mx");
  sp_json_writer_boolean (writer, mx != NULL && mx->implicit);

  sp_json_writer_member (writer, "dns_queries");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; mx != NULL && mx->queries != NULL && i < mx->queries->len; i++)
    {
      const SpDnsQuery *query = g_ptr_array_index (mx->queries, i);

      sp_json_writer_begin_object (writer);
      json_member_string (writer, "name", query->name);
      json_member_string (writer, "type", query->type);
      json_member_string (writer, "status", query->status);
      json_member_ms (writer, "elapsed_ms", MAX (query->elapsed_usec, 0));
      sp_json_writer_end_object (writer);
    }
  sp_json_writer_end_array (writer);
}

static void
json_step (SpJsonWriter           *writer,
           const SpTranscriptStep *step)
{
  sp_json_writer_begin_object (writer);
  json_member_string (writer, "step", sp_step_to_string (step->step));
  json_member_string (writer, "command", step->command);

  sp_json_writer_member (writer, "code");
  if (step->reply != NULL)
    sp_json_writer_int (writer, sp_reply_get_code (step->reply));
  else
    sp_json_writer_null (writer);

  json_member_string (writer, "enhanced_code",
                      step->reply != NULL ? sp_reply_get_enhanced_code (step->reply) : NULL);

  sp_json_writer_member (writer, "reply");
  sp_json_writer_begin_array (writer);
  if (step->reply != NULL)
    {
      const char * const *lines = sp_reply_get_lines (step->reply);
      guint n_lines = sp_reply_get_n_lines (step->reply);

      for (guint i = 0; i < n_lines && lines[i] != NULL; i++)
        sp_json_writer_string (writer, lines[i]);
    }
  sp_json_writer_end_array (writer);

  json_member_string (writer, "class", class_to_string (step_class (step)));
  json_member_string (writer, "error", step->error != NULL ? step->error->message : NULL);
  json_member_ms (writer, "elapsed_ms", step->elapsed_usec);
  sp_json_writer_end_object (writer);
}

static void
json_attempt (SpJsonWriter              *writer,
              const SpTranscriptAttempt *attempt)
{
  sp_json_writer_begin_object (writer);
  json_member_string (writer, "host", attempt->host);
  json_member_string (writer, "address", attempt->address);
  sp_json_writer_member (writer, "port");
  sp_json_writer_int (writer, attempt->port);

  sp_json_writer_member (writer, "steps");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < attempt->steps->len; i++)
    json_step (writer, g_ptr_array_index (attempt->steps, i));
  sp_json_writer_end_array (writer);

  json_member_string (writer, "result", sp_verdict_to_string (attempt->result));
  json_member_string (writer, "deciding_step", sp_step_to_string (attempt->deciding_step));
  json_member_string (writer, "detail", attempt->detail);

  sp_json_writer_member (writer, "capabilities");
  if (attempt->capabilities != NULL)
    {
      const char * const *keywords = sp_capabilities_get_keywords (attempt->capabilities);

      sp_json_writer_begin_array (writer);
      for (guint i = 0; keywords != NULL && keywords[i] != NULL; i++)
        sp_json_writer_string (writer, keywords[i]);
      sp_json_writer_end_array (writer);
    }
  else
    {
      sp_json_writer_null (writer);
    }

  sp_json_writer_end_object (writer);
}

static void
json_entry (SpJsonWriter            *writer,
            const SpTranscriptEntry *entry)
{
  g_autofree char *time = format_iso8601 (entry->wall);

  sp_json_writer_begin_object (writer);
  json_member_string (writer, "time", time);
  json_member_ms (writer, "elapsed_ms", entry->elapsed_usec);
  json_member_string (writer, "direction", sp_direction_to_string (entry->direction));
  json_member_string (writer, "class", class_to_string (entry->klass));
  json_member_string (writer, "step", sp_step_to_string (entry->step));
  sp_json_writer_member (writer, "attempt");
  if (entry->attempt >= 0)
    sp_json_writer_int (writer, entry->attempt);
  else
    sp_json_writer_null (writer);
  sp_json_writer_member (writer, "is_error");
  sp_json_writer_boolean (writer, entry->is_error);
  json_member_string (writer, "text", entry->text);
  sp_json_writer_end_object (writer);
}

static char *
export_json (SpTranscript *transcript)
{
  g_autoptr(SpJsonWriter) writer = sp_json_writer_new ();
  g_autofree char *started = format_iso8601 (sp_transcript_get_started (transcript));
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  guint n_entries = sp_transcript_get_n_entries (transcript);

  sp_json_writer_begin_object (writer);

  json_member_string (writer, "verdict",
                      sp_verdict_to_string (sp_transcript_get_verdict (transcript)));
  json_member_string (writer, "verdict_detail", sp_transcript_get_verdict_detail (transcript));
  json_member_string (writer, "deciding_step",
                      sp_step_to_string (sp_transcript_get_deciding_step (transcript)));
  json_member_string (writer, "recipient", sp_transcript_get_recipient (transcript));
  json_member_string (writer, "sender", sp_transcript_get_sender (transcript));
  sp_json_writer_member (writer, "check_only");
  sp_json_writer_boolean (writer, sp_transcript_get_check_only (transcript));
  json_member_string (writer, "started", started);

  sp_json_writer_member (writer, "tool");
  sp_json_writer_begin_object (writer);
  json_member_string (writer, "name", TOOL_NAME);
  json_member_string (writer, "version", PACKAGE_VERSION);
  json_member_string (writer, "id", APP_ID);
  sp_json_writer_end_object (writer);

  json_member_string (writer, "domain", mx != NULL ? mx->domain : NULL);
  json_dns_servers (writer, describe_servers (transcript));
  json_mx (writer, mx);

  sp_json_writer_member (writer, "attempts");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < n_attempts; i++)
    json_attempt (writer, sp_transcript_get_attempt (transcript, i));
  sp_json_writer_end_array (writer);

  sp_json_writer_member (writer, "entries");
  sp_json_writer_begin_array (writer);
  for (guint i = 0; i < n_entries; i++)
    json_entry (writer, sp_transcript_get_entry (transcript, i));
  sp_json_writer_end_array (writer);

  sp_json_writer_end_object (writer);

  return sp_json_writer_free_to_string (g_steal_pointer (&writer));
}

/* Public API */

gboolean
sp_export_format_from_filename (const char     *filename,
                                SpExportFormat *format)
{
  static const struct {
    const char     *extension;
    SpExportFormat  format;
  } extensions[] = {
    { ".txt", SP_EXPORT_FORMAT_TEXT },
    { ".log", SP_EXPORT_FORMAT_TEXT },
    { ".html", SP_EXPORT_FORMAT_HTML },
    { ".htm", SP_EXPORT_FORMAT_HTML },
    { ".json", SP_EXPORT_FORMAT_JSON },
  };
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;
  const char *dot;

  g_return_val_if_fail (filename != NULL, FALSE);

  /* Only the last component counts: "reports.json/today" is no JSON file. */
  base = g_path_get_basename (filename);
  lower = g_ascii_strdown (base, -1);
  dot = strrchr (lower, '.');
  if (dot == NULL || dot == lower)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      if (strcmp (dot, extensions[i].extension) == 0)
        {
          if (format != NULL)
            *format = extensions[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

char *
sp_export_to_string (SpTranscript   *transcript,
                     SpExportFormat  format)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  switch (format)
    {
    case SP_EXPORT_FORMAT_TEXT:
      return export_text (transcript);

    case SP_EXPORT_FORMAT_HTML:
      return export_html (transcript);

    case SP_EXPORT_FORMAT_JSON:
      return export_json (transcript);

    default:
      g_return_val_if_reached (NULL);
    }
}

/* Saving
 *
 * g_file_replace_contents_bytes_async() was checked with strace on GLib
 * 2.74: for an existing regular file with one link it writes a
 * ".goutputstream-XXXXXX" file beside it, fsyncs and renames it over the
 * old one, which is atomic. But a NEW file is written in place under its
 * final name (a full disk leaves a partial report), and a file with hard
 * links or behind a symlink is truncated and rewritten in place unless
 * G_FILE_CREATE_REPLACE_DESTINATION is given. So local files are written
 * here by hand, always through a temporary file in the same folder, then
 * fsync() and rename(); other GIO backends (sftp://, …) go through
 * g_file_replace_contents_bytes_async(), whose atomicity is the backend's. */

typedef struct
{
  char   *path;
  GBytes *bytes;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *save = data;

  g_free (save->path);
  g_bytes_unref (save->bytes);
  g_free (save);
}

static void G_GNUC_PRINTF (3, 4)
set_errno_error (GError     **error,
                 int          errsv,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), message);
}

static gboolean
write_all (int            fd,
           const guint8  *data,
           gsize          len,
           int           *errsv)
{
  while (len > 0)
    {
      gssize written = write (fd, data, len);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          *errsv = errno;
          return FALSE;
        }

      data += written;
      len -= written;
    }

  return TRUE;
}

static gboolean
save_local_file (const char    *path,
                 GBytes        *bytes,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *display_dir = NULL;
  g_autofree char *display_target = NULL;
  char *resolved;
  GStatBuf st;
  gboolean have_old = FALSE;
  const guint8 *data;
  gsize len;
  int errsv = 0;
  int fd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Replace the file a symlink points to, not the link itself. */
  resolved = realpath (path, NULL);
  target = g_strdup (resolved != NULL ? resolved : path);
  free (resolved);

  if (g_stat (target, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_autofree char *display = g_filename_display_name (target);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                       _("“%s” is a folder. Choose a file name for the report."), display);
          return FALSE;
        }
      have_old = S_ISREG (st.st_mode);
    }

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  tmp_path = g_build_filename (dir, tmp_name, NULL);
  display_dir = g_filename_display_name (dir);
  display_target = g_filename_display_name (target);

  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      errsv = errno;
      set_errno_error (error, errsv,
                       _("The report could not be saved in the folder “%s”: %s. Choose a folder "
                         "that exists and that you may write to."),
                       display_dir, g_strerror (errsv));
      return FALSE;
    }

  /* Keep the permissions the user gave the old report. */
  if (have_old)
    (void) fchmod (fd, st.st_mode & 07777);

  data = g_bytes_get_data (bytes, &len);

  /* fsync() before rename(): otherwise a crash could leave the new name
   * pointing at a file whose data never reached the disk. */
  if (write_all (fd, data, len, &errsv) && fsync (fd) != 0)
    errsv = errno;
  if (errsv != 0)
    {
      close (fd);
      g_unlink (tmp_path);
      set_errno_error (error, errsv,
                       _("The report could not be written to “%s”: %s. Any earlier file of "
                         "that name is unchanged; free some space or choose another place, "
                         "then try again."),
                       display_target, g_strerror (errsv));
      return FALSE;
    }

  if (close (fd) != 0)
    {
      errsv = errno;
      g_unlink (tmp_path);
      set_errno_error (error, errsv,
                       _("The report could not be written to “%s”: %s. Any earlier file of "
                         "that name is unchanged; free some space or choose another place, "
                         "then try again."),
                       display_target, g_strerror (errsv));
      return FALSE;
    }

  if (g_rename (tmp_path, target) != 0)
    {
      errsv = errno;
      g_unlink (tmp_path);
      set_errno_error (error, errsv,
                       _("The report could not be saved as “%s”: %s. Any earlier file of "
                         "that name is unchanged; choose another name and try again."),
                       display_target, g_strerror (errsv));
      return FALSE;
    }

  /* Make the rename itself durable; failing here changes nothing the
   * user can act on. */
  fd = g_open (dir, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      (void) fsync (fd);
      close (fd);
    }

  return TRUE;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *save = task_data;
  GError *error = NULL;

  if (save_local_file (save->path, save->bytes, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sp_export_to_file_async (SpTranscript        *transcript,
                         SpExportFormat       format,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  SaveData *save;
  gsize len;

  g_return_if_fail (SP_IS_TRANSCRIPT (transcript));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_export_to_file_async);
  /* Once the rename happened the file is saved; report that rather than
   * a cancellation that came too late to stop it. */
  g_task_set_check_cancellable (task, FALSE);

  /* The transcript is not thread-safe: render it here, write elsewhere. */
  text = sp_export_to_string (transcript, format);
  if (text == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The report could not be made in this format."));
      return;
    }

  len = strlen (text);
  save = g_new0 (SaveData, 1);
  save->bytes = g_bytes_new_take (g_steal_pointer (&text), len);

  path = g_file_get_path (file);
  if (path != NULL && g_file_is_native (file))
    {
      save->path = g_steal_pointer (&path);
      g_task_set_task_data (task, save, save_data_free);
      g_task_run_in_thread (task, save_thread);
      return;
    }

  g_task_set_task_data (task, save, save_data_free);
  g_file_replace_contents_bytes_async (file, save->bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_contents_cb,
                                       g_steal_pointer (&task));
}

gboolean
sp_export_to_file_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sp_export_to_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
