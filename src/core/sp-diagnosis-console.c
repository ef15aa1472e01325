/* sp-diagnosis-console.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The console's words: the hint before a line that would probably get
 * "500 5.3.3 Unrecognized command" or "501 5.5.4" is sent, and how a
 * session typed by hand went. The console finds the facts
 * (sp_console_check_line ()); the sentences are here, so that the GUI
 * console and the CLI say the same. */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-diagnosis.h"

char *
sp_diagnosis_dup_console_hint (SpConsoleCheck  check,
                               const char     *line,
                               const char     *suggestion)
{
  g_autofree char *verb = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (line != NULL, NULL);

  shown = sp_transcript_escape_text (line, -1);
  verb = g_strndup (shown, strcspn (shown, " "));

  switch (check)
    {
    case SP_CONSOLE_CHECK_LINE_BREAK:
      return g_strdup (_("A command cannot contain a line break: the server would read a "
                         "second command in it."));

    case SP_CONSOLE_CHECK_MISSPELLED:
      if (suggestion != NULL)
        {
          g_autofree char *fixed = sp_transcript_escape_text (suggestion, -1);

          /* Translators: before sending a command; the servers would answer
           * "500 Unrecognized command" or "501 Syntax error". The first %s is
           * the line as typed, the second the corrected line. */
          return g_strdup_printf (_("The server would not understand “%s”. Did you mean "
                                    "“%s”?"), shown, fixed);
        }
      G_GNUC_FALLTHROUGH;

    case SP_CONSOLE_CHECK_UNKNOWN:
      /* Translators: %s is the first word typed, such as "HLEO". */
      return g_strdup_printf (_("“%s” is not an SMTP command; the server will probably answer "
                                "500 (command not recognized). Commands are EHLO, MAIL FROM:, "
                                "RCPT TO:, DATA, RSET, VRFY, NOOP, STARTTLS, AUTH and QUIT."),
                              verb);

    case SP_CONSOLE_CHECK_NOT_OFFERED:
      /* Translators: %s is a keyword of the EHLO reply, such as STARTTLS or AUTH. */
      return g_strdup_printf (_("The server did not offer %s in its reply to EHLO, so it will "
                                "probably refuse this command."),
                              suggestion != NULL ? suggestion : verb);

    case SP_CONSOLE_CHECK_AUTH_NOT_ENCRYPTED:
      return g_strdup (_("The connection is not encrypted: anyone on the way could read the "
                         "password (Base64 is not encryption). Send STARTTLS first."));

    case SP_CONSOLE_CHECK_ALREADY_ENCRYPTED:
      return g_strdup (_("The connection is already encrypted; the server will refuse a second "
                         "STARTTLS."));

    case SP_CONSOLE_CHECK_OK:
    case SP_CONSOLE_CHECK_EMPTY:
    default:
      return NULL;
    }
}

char *
sp_diagnosis_dup_console_detail (SpAttempt *attempt)
{
  guint n_commands = 0;
  guint n_refused = 0;

  g_return_val_if_fail (SP_IS_ATTEMPT (attempt), NULL);

  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    {
      SpStepRecord *step = sp_attempt_get_step (attempt, i);
      SpStep kind = sp_step_record_get_step (step);
      SpReply *reply = sp_step_record_get_reply (step);

      if (kind == SP_STEP_CONNECT || kind == SP_STEP_BANNER || kind == SP_STEP_TLS)
        continue;
      n_commands++;
      if (reply != NULL && sp_reply_get_code (reply) >= 400)
        n_refused++;
    }

  if (n_refused == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "A session typed by hand: %u command, none refused.",
                                         "A session typed by hand: %u commands, none refused.",
                                         n_commands), n_commands);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: the first %u is how many commands were
                                        * typed (the plural form goes by it), the second how
                                        * many of them the server refused. */
                                       "A session typed by hand: %u command, of which the "
                                       "server refused %u.",
                                       "A session typed by hand: %u commands, of which the "
                                       "server refused %u.",
                                       n_commands), n_commands, n_refused);
}
