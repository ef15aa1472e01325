/* sp-export-html.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-export"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-export-private.h"

/* HTML */

/* Made safe first, so no control or direction character is left for
 * the markup escape to spell as a character reference. */
static void
html_append (GString    *out,
             const char *text)
{
  g_autofree char *clean = _sp_export_safe (text);
  g_autofree char *markup = g_markup_escape_text (clean, -1);

  g_string_append (out, markup);
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

/* The head of a table, a column for each label up to NULL, and the
 * start of its body. */
/* @text after @open (a <p> tag and what goes before the text), to the
 * end of the paragraph; nothing without text. */
static void
html_paragraph (GString    *out,
                const char *open,
                const char *text)
{
  if (text == NULL)
    return;

  g_string_append (out, open);
  html_append (out, text);
  g_string_append (out, "</p>\n");
}

static void G_GNUC_NULL_TERMINATED
html_table_head (GString    *out,
                 const char *label,
                 ...)
{
  va_list args;

  g_string_append (out, "<thead><tr>");
  va_start (args, label);
  for (; label != NULL; label = va_arg (args, const char *))
    {
      g_string_append (out, "<th scope=\"col\">");
      html_append (out, label);
      g_string_append (out, "</th>");
    }
  va_end (args);
  g_string_append (out, "</tr></thead>\n<tbody>\n");
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

/* How each tone (sp_diagnosis_get_tone ()) looks: the style class of a
 * row of the log, that of a verdict box, and a symbol that stands next to
 * the colour so that either reads without it. */
typedef struct
{
  const char *row_class;
  const char *box_class;
  const char *icon;
} HtmlTone;

static const HtmlTone html_tones[] = {
  [SP_TONE_NEUTRAL] = { "local", "neutral", "•" },
  [SP_TONE_SUCCESS] = { "c2", "good", "✓" },
  [SP_TONE_INTERMEDIATE] = { "c3", "neutral", "→" },
  [SP_TONE_TEMPORARY] = { "c4", "warn", "⚠" },
  [SP_TONE_FAILURE] = { "c5", "bad", "✗" },
  [SP_TONE_CANCELLED] = { "local", "neutral", "•" },
};

static const HtmlTone *
tone_style (SpTone tone)
{
  if ((guint) tone >= G_N_ELEMENTS (html_tones))
    tone = SP_TONE_NEUTRAL;

  return &html_tones[tone];
}

static const char *
html_row_class (SpReplyClass klass)
{
  return tone_style (sp_diagnosis_get_reply_tone (klass))->row_class;
}

static void
html_class_cell (GString      *out,
                 SpReplyClass  klass)
{
  g_string_append (out, "<td class=\"cls\"><span class=\"icon\" aria-hidden=\"true\">");
  g_string_append (out, tone_style (sp_diagnosis_get_reply_tone (klass))->icon);
  g_string_append (out, "</span> ");
  html_append (out, _sp_export_class_label (klass));
  g_string_append (out, "</td>");
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
  "tr.explanation td { background: #f7f7f7; border-top: none; }\n"
  ".explanation p { margin: 0.2em 0; }\n"
  ".explanation ul { margin: 0.1em 0 0.4em 1.4em; padding: 0; }\n"
  ".verdict { border: 2px solid #8a8a8a; border-left-width: 8px; padding: 0.5em 1em;\n"
  "           margin: 1em 0; }\n"
  ".verdict.good { border-color: #2e8b47; }\n"
  ".verdict.warn { border-color: #c98a00; }\n"
  ".verdict.bad { border-color: #c62828; }\n"
  ".verdict .label { font-size: 1.3em; font-weight: bold; }\n"
  ".verdict .headline { font-size: 1.1em; font-weight: bold; }\n"
  ".muted { color: #555555; }\n"
  ".tls ul.bad, .tls p.bad { color: #a51d1d; font-weight: bold; }\n"
  ".tls p.good { color: #146c2e; }\n"
  ".backup-warning { font-weight: bold; }\n"
  "table.servers td.good { color: #146c2e; } table.servers td.warn { color: #7a4d00; }\n"
  "table.servers td.bad { color: #a51d1d; font-weight: bold; }\n"
  "table.servers td.reply { font-family: ui-monospace, \"DejaVu Sans Mono\", monospace;\n"
  "  overflow-wrap: anywhere; }\n"
  ".tls ul.bad { list-style: none; padding-left: 0; }\n"
  "@media print {\n"
  "  body { margin: 0; max-width: none; font-size: 10pt; }\n"
  "  h2 { break-after: avoid; }\n"
  "  tr, .verdict { break-inside: avoid; }\n"
  "  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
  "}\n";

/* Every server's outcome in one table: the same cells as the result page
 * and the CLI, the outcome with its symbol so it reads without colour. */
static void
html_servers (GString      *out,
              SpTranscript *transcript)
{
  guint n_attempts = sp_transcript_get_n_attempts (transcript);

  g_string_append (out, "<section class=\"servers\">\n<h2>");
  html_append (out, _("Mail servers tried"));
  g_string_append (out, "</h2>\n<table class=\"servers\">\n<thead><tr>");
  for (SpServerColumn c = 0; c < SP_N_SERVER_COLUMNS; c++)
    {
      g_string_append (out, "<th scope=\"col\">");
      html_append (out, sp_server_column_get_label (c));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead>\n<tbody>\n");

  for (guint i = 0; i < n_attempts; i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);
      const HtmlTone *tone = tone_style (sp_diagnosis_get_attempt_tone (attempt));

      g_string_append (out, "<tr>");
      for (SpServerColumn c = 0; c < SP_N_SERVER_COLUMNS; c++)
        {
          g_autofree char *cell = sp_diagnosis_dup_server_cell (attempt, c);

          if (c == SP_SERVER_COLUMN_OUTCOME)
            g_string_append_printf (out, "<td class=\"%s\"><span class=\"icon\" "
                                         "aria-hidden=\"true\">%s</span> ",
                                    tone->box_class, tone->icon);
          else if (c == SP_SERVER_COLUMN_PREFERENCE || c == SP_SERVER_COLUMN_TIME)
            g_string_append (out, "<td class=\"num\">");
          else if (c == SP_SERVER_COLUMN_REPLY)
            g_string_append (out, "<td class=\"reply\">");
          else
            g_string_append (out, "<td>");
          html_append (out, cell);
          g_string_append (out, "</td>");
        }
      g_string_append (out, "</tr>\n");
    }

  g_string_append (out, "</tbody>\n</table>\n</section>\n");
}

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
  /* Translators: the heading of the table in the HTML report that says what the classes of
   * replies mean. */
  html_append (out, _("Legend"));
  g_string_append (out, "</h2>\n<table>\n");
  /* Translators: column headings of the legend: the class of a reply (such as “Permanent
   * failure”), its codes (5xx), what it means. */
  html_table_head (out, _("Class"), _("Reply codes"), _("Meaning"), NULL);

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
  html_append (out, sp_transcript_describe_markers ());
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
      g_string_append (out, "<table>\n");
      /* Translators: column headings of the table of mail servers: MX preference, host name,
       * IP addresses, why it has none. */
      html_table_head (out, _("Preference"), _("Host"), _("Addresses"), _("Problem"), NULL);

      for (guint i = 0; i < mx->hosts->len; i++)
        {
          const SpMxHost *host = g_ptr_array_index (mx->hosts, i);
          g_autofree char *addresses = _sp_export_join_addresses (host);

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
      /* Translators: a heading in the HTML report, over the DNS queries made. */
      html_append (out, _("DNS queries"));
      g_string_append (out, "</h3>\n<table>\n");
      /* Translators: column headings of the table of DNS queries: the name looked up, the
       * record type (MX, A, AAAA), the DNS status (NOERROR, NXDOMAIN), how long it took. */
      html_table_head (out, _("Name"), _("Type"), _("Status"), _("Time"), NULL);

      for (guint i = 0; i < mx->queries->len; i++)
        {
          const SpDnsQuery *query = g_ptr_array_index (mx->queries, i);
          g_autofree char *elapsed = _sp_export_format_ms (query->elapsed_usec);

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

  g_string_append (out, "<table class=\"log\">\n");
  /* Translators: column headings of the log in the HTML report: the time of day, the time
   * since the step began, whether a line was sent or received, the line, the class of a reply. */
  html_table_head (out, _("Time"), _("Since step start"), _("Direction"), _("Text"), _("Class"),
                   NULL);

  for (guint i = 0; i < n_entries; i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);
      g_autofree char *clock = NULL;
      g_autofree char *elapsed = NULL;
      const char *direction;
      const char *row_class;

      if (entry->attempt != attempt)
        continue;

      clock = _sp_export_format_clock (entry->wall);
      elapsed = _sp_export_format_elapsed (entry->elapsed_usec);

      switch (entry->direction)
        {
        case SP_DIRECTION_CLIENT:
          /* Translators: the direction of a line in the log of the HTML report: sent to the
           * server. */
          direction = _("Sent");
          row_class = "client";
          break;

        case SP_DIRECTION_SERVER:
          /* Translators: the direction of a line in the log of the HTML report: received from
           * the server. */
          direction = _("Received");
          row_class = html_row_class (entry->klass);
          break;

        case SP_DIRECTION_NOTE:
        default:
          /* Translators: the kind of a line in the log of the HTML report that SMTP Probe
           * wrote itself: a problem or a note. */
          direction = entry->is_error ? _("Problem") : _("Note");
          row_class = entry->is_error ? "problem" : "note";
          break;
        }

      g_string_append_printf (out, "<tr class=\"%s\"><td class=\"num\">", row_class);
      html_append (out, clock);
      g_string_append (out, "</td><td class=\"num\">");
      html_append (out, elapsed);
      /* The mark every log uses, spelled out for a screen reader and on hover. */
      g_string_append (out, "</td><td><abbr title=\"");
      html_append (out, direction);
      g_string_append (out, "\">");
      html_append (out, sp_transcript_entry_get_marker (entry));
      g_string_append (out, "</abbr></td><td class=\"text\">");
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

/* A list: @list_open, then each of @items after @item_open (both
 * markup of our own). */
static void
html_items (GString            *out,
            const char         *list_open,
            const char         *item_open,
            const char * const *items)
{
  g_string_append (out, list_open);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_string_append (out, item_open);
      html_append (out, items[i]);
      g_string_append (out, "</li>\n");
    }
  g_string_append (out, "</ul>\n");
}

static void
html_list (GString            *out,
           const char         *label,
           const char * const *items)
{
  if (items == NULL || items[0] == NULL)
    return;

  g_string_append (out, "<p><strong>");
  html_append (out, label);
  g_string_append (out, "</strong></p>\n");
  html_items (out, "<ul>\n", "<li>", items);
}

/* The explanation's parts, for inside a table cell or a section. */
static void
html_explanation (GString             *out,
                  const SpExplanation *explanation)
{
  const char *meaning = sp_explanation_get_meaning (explanation);
  const char *codes = sp_explanation_get_code_meaning (explanation);

  g_string_append (out, "<p><strong>");
  html_append (out, _("What it means:"));
  g_string_append (out, "</strong> ");
  html_append (out, meaning);
  g_string_append (out, "</p>\n");

  if (codes != NULL && g_strcmp0 (codes, meaning) != 0)
    {
      g_string_append (out, "<p class=\"muted\"><strong>");
      html_append (out, _("The codes:"));
      g_string_append (out, "</strong> ");
      html_append (out, codes);
      g_string_append (out, "</p>\n");
    }

  html_list (out, _("Likely reasons:"), sp_explanation_get_reasons (explanation));
  html_list (out, _("What to try:"), sp_explanation_get_advice (explanation));
}

/* Under a section's text, when there is an explanation. */
static void
html_explanation_block (GString             *out,
                        const SpExplanation *explanation)
{
  if (explanation == NULL)
    return;

  g_string_append (out, "<div class=\"explanation\">\n");
  html_explanation (out, explanation);
  g_string_append (out, "</div>\n");
}

static void
html_tls_row (GString    *out,
              const char *label,
              const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;

  g_string_append (out, "<tr><th scope=\"row\">");
  html_append (out, label);
  g_string_append (out, "</th><td class=\"mono\">");
  html_append (out, value);
  g_string_append (out, "</td></tr>\n");
}

/* The certificate report: what is wrong first, in the "bad" tone and with
 * an icon, then the summary and what it means for delivery, then the
 * facts, then the explanation of the main problem. */
static void
html_tls (GString           *out,
          const SpTlsReport *report)
{
  g_autofree char *heading = _sp_export_format_tls_heading (report);
  g_auto(GStrv) problems = sp_tls_report_dup_problems (report);
  g_autofree char *summary = sp_tls_report_dup_summary (report);
  g_autofree char *impact = sp_diagnosis_dup_tls_delivery_impact (report);
  g_autofree char *dns_names = g_strjoinv (", ", report->dns_names);
  g_autofree char *ip_addresses = g_strjoinv (", ", report->ip_addresses);
  g_autofree char *not_before = _sp_export_format_utc (report->not_before);
  g_autofree char *not_after = _sp_export_format_utc (report->not_after);
  g_autofree char *chain = g_strdup_printf ("%u", report->chain_length);
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_certificate (report);
  const char *trust;

  g_string_append (out, "<section class=\"tls\">\n");
  html_tag_text (out, "h3", heading);
  g_string_append_c (out, '\n');

  if (problems[0] != NULL)
    {
      html_items (out, "<ul class=\"bad\">\n",
                  "<li><span class=\"icon\" aria-hidden=\"true\">✗</span> ",
                  (const char * const *) problems);
    }

  g_string_append_printf (out, "<p class=\"%s\"><span class=\"icon\" aria-hidden=\"true\">"
                          "%s</span> ",
                          report->validated ? "good" : "bad", report->validated ? "✓" : "✗");
  html_append (out, summary);
  g_string_append (out, "</p>\n<p><strong>");
  html_append (out, _("For mail delivery:"));
  g_string_append (out, "</strong> ");
  html_append (out, impact);
  g_string_append (out, "</p>\n");

  switch (report->trust)
    {
    case SP_TLS_TRUST_SYSTEM:
      trust = _("This system’s trust store");
      break;
    case SP_TLS_TRUST_CA_FILE:
      trust = _("The CA file given for the test");
      break;
    case SP_TLS_TRUST_NONE:
    default:
      trust = _("Nothing: it did not validate");
      break;
    }

  g_string_append (out, "<table class=\"summary\">\n");
  /* Translators: row headings of the certificate table in the HTML report; this one is the
   * host name the certificate was checked against. */
  html_tls_row (out, _("Name checked"), report->identity);
  html_tls_row (out, _("Protocol"), report->protocol);
  html_tls_row (out, _("Cipher suite"), report->cipher_suite);
  html_tls_row (out, _("Subject"), report->subject);
  html_tls_row (out, _("Issuer"), report->issuer);
  html_tls_row (out, _("Alternative names"), dns_names);
  html_tls_row (out, _("Alternative addresses"), ip_addresses);
  html_tls_row (out, _("Valid from"), not_before);
  html_tls_row (out, _("Valid until"), not_after);
  html_tls_row (out, _("SHA-256 fingerprint"), report->sha256);
  html_tls_row (out, _("Certificates sent"), chain);
  html_tls_row (out, _("Trusted by"), trust);
  html_tls_row (out, _("CA file"), report->ca_file);
  g_string_append (out, "</table>\n");

  html_explanation_block (out, explanation);

  g_string_append (out, "</section>\n");
}

static void
/* @deciding: the step record that decided the test, explained once with
 * the verdict at the top; NULL when the verdict has no explanation. */
html_attempt (GString      *out,
              SpTranscript *transcript,
              guint         index,
              SpStepRecord *deciding)
{
  SpAttempt *attempt = sp_transcript_get_attempt (transcript, index);
  g_autofree char *title = _sp_export_format_attempt_title (attempt, index);
  g_autofree char *auth = _sp_export_format_auth (attempt);

  g_string_append_printf (out, "<section class=\"attempt\" id=\"attempt-%u\">\n", index + 1);
  html_tag_text (out, "h2", title);
  g_string_append_c (out, '\n');

  g_string_append (out, "<p><strong>");
  /* Translators: the label before how the test ended, such as “Accepted”, in the HTML report. */
  html_append (out, _("Result:"));
  g_string_append (out, "</strong> ");
  if (sp_attempt_get_verdict (attempt) == SP_VERDICT_NONE)
    /* Translators: the result of a test that has not ended yet. */
    html_append (out, _("Not decided"));
  else if (sp_attempt_get_deciding_step (attempt) != SP_STEP_NONE)
    /* Translators: "Refused, at the step “Recipient (RCPT TO)”" */
    html_printf (out, _("%s, at the step “%s”"),
                 sp_verdict_get_label (sp_attempt_get_verdict (attempt)),
                 sp_step_get_label (sp_attempt_get_deciding_step (attempt)));
  else
    html_append (out, sp_verdict_get_label (sp_attempt_get_verdict (attempt)));
  if (sp_attempt_get_detail (attempt) != NULL)
    {
      g_string_append (out, "<br>");
      html_append (out, sp_attempt_get_detail (attempt));
    }
  g_string_append (out, "</p>\n");

  if (sp_attempt_get_capabilities (attempt) != NULL)
    {
      const char * const *keywords =
        sp_capabilities_get_keywords (sp_attempt_get_capabilities (attempt));
      g_autofree char *joined = NULL;

      if (keywords != NULL)
        joined = g_strjoinv (" ", (char **) keywords);

      g_string_append (out, "<p><strong>");
      html_append (out, _("Extensions the server offers:"));
      g_string_append (out, "</strong> <span class=\"mono\">");
      html_append (out, joined);
      g_string_append (out, "</span></p>\n");
    }

  if (auth != NULL)
    {
      g_string_append (out, "<p>");
      html_append (out, auth);
      g_string_append (out, "</p>\n");
    }

  if (sp_attempt_get_tls_report (attempt) != NULL)
    html_tls (out, sp_attempt_get_tls_report (attempt));

  if (sp_attempt_get_n_steps (attempt) > 0)
    {
      g_string_append (out, "<h3>");
      html_append (out, _("Steps"));
      g_string_append (out, "</h3>\n<table class=\"steps\">\n");
      /* Translators: column headings of the table of steps: the step, the command sent, the
       * server's reply, the class of the reply, how long it took. */
      html_table_head (out, _("Step"), _("Command"), _("Reply"), _("Class"), _("Time"), NULL);

      for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
        {
          SpStepRecord *step = sp_attempt_get_step (attempt, i);
          SpReplyClass klass = _sp_export_step_class (step);
          g_autoptr(SpExplanation) explanation = NULL;

          if (step != deciding)
            explanation = _sp_export_explain_step (attempt, step);

          g_string_append_printf (out, "<tr class=\"%s%s\"><td>", html_row_class (klass),
                                  sp_step_record_get_error (step) != NULL ? " problem" : "");
          html_append (out, sp_step_get_label (sp_step_record_get_step (step)));
          g_string_append (out, "</td><td class=\"mono\">");
          if (sp_step_record_get_command (step) != NULL)
            html_append (out, sp_step_record_get_command (step));
          g_string_append (out, "</td><td class=\"mono\">");
          if (sp_step_record_get_reply (step) != NULL)
            {
              const char * const *lines = sp_reply_get_lines (sp_step_record_get_reply (step));
              guint n_lines = sp_reply_get_n_lines (sp_step_record_get_reply (step));

              for (guint l = 0; l < n_lines && lines[l] != NULL; l++)
                {
                  if (l > 0)
                    g_string_append (out, "<br>");
                  html_append (out, lines[l]);
                }
            }
          if (sp_step_record_get_error (step) != NULL)
            {
              if (sp_step_record_get_reply (step) != NULL)
                g_string_append (out, "<br>");
              html_append (out, sp_step_record_get_error (step)->message);
            }
          g_string_append (out, "</td>");
          html_class_cell (out, klass);
          g_string_append (out, "<td class=\"num\">");
          if (sp_step_record_get_elapsed_usec (step) >= 0)
            {
              g_autofree char *elapsed =
                _sp_export_format_ms (sp_step_record_get_elapsed_usec (step));

              html_append (out, elapsed);
            }
          g_string_append (out, "</td></tr>\n");

          /* Right under the reply that caused it. */
          if (explanation != NULL)
            {
              g_string_append (out, "<tr class=\"explanation\"><td colspan=\"5\">\n");
              html_explanation (out, explanation);
              g_string_append (out, "</td></tr>\n");
            }
          else if (step == deciding)
            {
              g_string_append (out, "<tr class=\"explanation\"><td colspan=\"5\"><p>");
              html_append (out, _("This reply decided the test: what it means and what to try "
                                  "are with the verdict at the top."));
              g_string_append (out, "</p></td></tr>\n");
            }
        }

      g_string_append (out, "</tbody>\n</table>\n");
    }

  g_string_append (out, "<h3>");
  /* Translators: a heading in the HTML report, over the full log of the session. */
  html_append (out, _("Log"));
  g_string_append (out, "</h3>\n");
  html_log_table (out, transcript, index);
  g_string_append (out, "</section>\n");
}

char *
_sp_export_html (SpTranscript *transcript)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *started = _sp_export_format_date (sp_transcript_get_started (transcript));
  g_autofree char *tool = g_strdup_printf ("%s %s", TOOL_NAME, PACKAGE_VERSION);
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);
  const char *recipient = sp_transcript_get_recipient (transcript);
  SpVerdict verdict = sp_transcript_get_verdict (transcript);
  /* Amber when mail gets through only partly, as on the result page. */
  const HtmlTone *tone = tone_style (sp_diagnosis_get_transcript_tone (transcript));
  SpStep deciding = sp_transcript_get_deciding_step (transcript);
  const char *detail = sp_transcript_get_verdict_detail (transcript);
  guint n_entries = sp_transcript_get_n_entries (transcript);
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  gboolean have_other_entries = FALSE;
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_transcript (transcript);
  g_autofree char *headline = sp_diagnosis_dup_headline (transcript);
  g_autofree char *warning = sp_diagnosis_dup_certificate_warning (transcript);
  g_autofree char *backup = sp_diagnosis_dup_backup_warning (transcript);
  g_autofree char *responder = sp_diagnosis_dup_responder_note (transcript);
  g_autofree char *heading = NULL;

  if (recipient != NULL)
    heading = g_strdup_printf (_("Mail delivery test for %s"), recipient);
  else
    heading = g_strdup (_("Mail delivery test"));

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
  html_append (out, heading);
  g_string_append (out, "</title>\n<style>\n");
  g_string_append (out, html_style);
  g_string_append (out, "</style>\n</head>\n<body>\n<header>\n<h1>");
  html_append (out, heading);
  g_string_append (out, "</h1>\n</header>\n<main>\n");
  if (_sp_export_describe_simulated (transcript) != NULL)
    {
      g_string_append (out, "<p class=\"simulated\"><strong>");
      html_append (out, _sp_export_describe_simulated (transcript));
      g_string_append (out, "</strong></p>\n");
    }

  g_string_append_printf (out, "<section class=\"verdict %s\">\n<p><span class=\"label\">"
                          "<span class=\"icon\" aria-hidden=\"true\">%s</span> ",
                          tone->box_class, tone->icon);
  html_printf (out, _("Verdict: %s"), sp_verdict_get_label (verdict));
  g_string_append (out, "</span>");
  if (deciding != SP_STEP_NONE)
    {
      g_string_append (out, "<br>");
      html_printf (out, _("Decided at: %s"), sp_step_get_label (deciding));
    }
  g_string_append (out, "</p>\n<p class=\"headline\">");
  html_append (out, headline);
  g_string_append (out, "</p>\n");
  html_paragraph (out, "<p>", detail);
  html_paragraph (out, "<p class=\"responder\">", responder);
  html_paragraph (out, "<p class=\"backup-warning\"><span class=\"icon\" "
                       "aria-hidden=\"true\">⚠</span> ", backup);
  html_paragraph (out, "<p class=\"tls-warning\"><span class=\"icon\" "
                       "aria-hidden=\"true\">⚠</span> ", warning);
  html_explanation_block (out, explanation);
  g_string_append (out, "</section>\n");

  if (n_attempts > 1)
    html_servers (out, transcript);

  g_string_append (out, "<section class=\"request\">\n<h2>");
  html_append (out, _("What was tested"));
  g_string_append (out, "</h2>\n<table class=\"summary\">\n");
  /* Translators: row headings of the summary table at the top of the HTML report. */
  html_summary_row (out, _("Recipient"), recipient);
  html_summary_row (out, _("Sender"), _sp_export_describe_sender (transcript));
  html_summary_row (out, _("Started"), started);
  html_summary_row (out, _("DNS servers"), _sp_export_describe_resolver (transcript));
  html_summary_row (out, _("Mode"), _sp_export_describe_mode (transcript));
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
    html_attempt (out, transcript, i,
                  explanation != NULL ? sp_diagnosis_find_deciding_step (transcript, NULL) : NULL);

  g_string_append (out, "</main>\n<footer class=\"muted\"><p>");
  /* Translators: the first is the app's name and version, the second a date */
  html_printf (out, _("Made with %s on %s."), tool, started);
  g_string_append (out, "</p></footer>\n</body>\n</html>\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}
