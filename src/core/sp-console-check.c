/* sp-console-check.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The console's look at a line before it is sent, and completion: what
 * the commands are, which step each one is, and how close a typo is. */

#define G_LOG_DOMAIN "sp-console"

#include "config.h"

#include <string.h>

#include "sp-console-private.h"

/* The commands of RFC 5321 and its extensions that a person types, with
 * what usually follows them; the order is that of a session. BDAT is
 * left out: its chunk of bytes follows the command before any reply, which
 * a console of lines cannot send. */
static const struct
{
  const char *verb;
  const char *typed;    /* what completion offers */
  SpStep      step;
  const char *keyword;  /* the EHLO keyword that offers it, or NULL */
} commands[] = {
  { "EHLO",     "EHLO ",      SP_STEP_EHLO,     NULL },
  { "HELO",     "HELO ",      SP_STEP_HELO,     NULL },
  { "STARTTLS", "STARTTLS",   SP_STEP_STARTTLS, "STARTTLS" },
  { "AUTH",     "AUTH ",      SP_STEP_AUTH,     "AUTH" },
  { "MAIL",     "MAIL FROM:<", SP_STEP_MAIL,    NULL },
  { "RCPT",     "RCPT TO:<",  SP_STEP_RCPT,     NULL },
  { "DATA",     "DATA",       SP_STEP_DATA,     NULL },
  { "RSET",     "RSET",       SP_STEP_RSET,     NULL },
  { "VRFY",     "VRFY ",      SP_STEP_OTHER,    NULL },
  { "EXPN",     "EXPN ",      SP_STEP_OTHER,    NULL },
  { "HELP",     "HELP",       SP_STEP_OTHER,    NULL },
  { "NOOP",     "NOOP",       SP_STEP_OTHER,    NULL },
  { "ETRN",     "ETRN ",      SP_STEP_OTHER,    "ETRN" },
  { "QUIT",     "QUIT",       SP_STEP_QUIT,     NULL },
};

/* Checking a line */

/* The optimal string alignment distance (Levenshtein plus swapping two
 * neighbours), as a typist's slips are: "RCTP" is one from "RCPT". */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  guint d[16][16];

  if (la >= 16 || lb >= 16)
    return G_MAXUINT;

  for (gsize i = 0; i <= la; i++)
    d[i][0] = i;
  for (gsize j = 0; j <= lb; j++)
    d[0][j] = j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        guint cost = g_ascii_toupper (a[i - 1]) == g_ascii_toupper (b[j - 1]) ? 0 : 1;

        d[i][j] = MIN (MIN (d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && g_ascii_toupper (a[i - 1]) == g_ascii_toupper (b[j - 2]) &&
            g_ascii_toupper (a[i - 2]) == g_ascii_toupper (b[j - 1]))
          d[i][j] = MIN (d[i][j], d[i - 2][j - 2] + 1);
      }

  return d[la][lb];
}

/* The command of @verb, or -1 for none. */
static int
find_command (const char *verb)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_ascii_strcasecmp (verb, commands[i].verb) == 0)
      return i;

  return -1;
}

static char *
dup_verb (const char *line)
{
  const char *end = line + strcspn (line, " ");

  return g_strndup (line, end - line);
}

/* The argument keyword of MAIL and RCPT, "FROM:" and "TO:", misspelled or
 * without its colon, is the telnet procedure's 501 5.5.4. */
static char *
dup_fixed_argument (int         command,
                    const char *rest)
{
  const char *keyword;
  const char *colon;
  g_autofree char *word = NULL;

  if (commands[command].step == SP_STEP_MAIL)
    keyword = "FROM";
  else if (commands[command].step == SP_STEP_RCPT)
    keyword = "TO";
  else
    return NULL;

  while (*rest == ' ')
    rest++;
  colon = strchr (rest, ':');
  if (colon != NULL)
    word = g_strndup (rest, colon - rest);
  else
    word = g_strndup (rest, strcspn (rest, " <"));

  if (colon != NULL && g_ascii_strcasecmp (word, keyword) == 0)
    return NULL;
  if (edit_distance (word, keyword) > 1 && *word != '\0')
    return NULL;

  rest += strlen (word);
  if (colon != NULL)
    rest++;
  while (*rest == ' ')
    rest++;

  return g_strdup_printf ("%s %s:%s", commands[command].verb, keyword, rest);
}

SpConsoleCheck
_sp_console_check_line_in (SpConsoleMode   mode,
                           SpSession      *session,
                           const char     *line,
                           char          **suggestion)
{
  g_autofree char *verb = NULL;
  SpCapabilities *capabilities;
  int command;
  int best = -1;
  guint best_distance = G_MAXUINT;

  if (suggestion != NULL)
    *suggestion = NULL;

  if (strpbrk (line, "\r\n") != NULL)
    return SP_CONSOLE_CHECK_LINE_BREAK;
  /* The answer to a challenge and the lines of a message are no commands. */
  if (mode == SP_CONSOLE_MODE_AUTH || mode == SP_CONSOLE_MODE_MESSAGE)
    return SP_CONSOLE_CHECK_OK;
  if (*line == '\0' || strspn (line, " \t") == strlen (line))
    return SP_CONSOLE_CHECK_EMPTY;

  verb = dup_verb (line);
  command = find_command (verb);
  if (command < 0)
    {
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        {
          guint distance = edit_distance (verb, commands[i].verb);

          if (distance < best_distance)
            {
              best = i;
              best_distance = distance;
            }
        }
      if (best < 0 || best_distance > 1 + strlen (verb) / 4)
        return SP_CONSOLE_CHECK_UNKNOWN;

      if (suggestion != NULL)
        {
          g_autofree char *fixed = g_strconcat (commands[best].verb, line + strlen (verb), NULL);
          char *argument = dup_fixed_argument (best, line + strlen (verb));

          *suggestion = argument != NULL ? argument : g_steal_pointer (&fixed);
        }
      return SP_CONSOLE_CHECK_MISSPELLED;
    }

  {
    char *argument = dup_fixed_argument (command, line + strlen (verb));

    if (argument != NULL)
      {
        if (suggestion != NULL)
          *suggestion = argument;
        else
          g_free (argument);
        return SP_CONSOLE_CHECK_MISSPELLED;
      }
  }

  if (commands[command].step == SP_STEP_STARTTLS && session != NULL &&
      sp_session_is_encrypted (session))
    return SP_CONSOLE_CHECK_ALREADY_ENCRYPTED;

  capabilities = session != NULL ? sp_session_get_capabilities (session) : NULL;
  if (commands[command].keyword != NULL && capabilities != NULL &&
      !sp_capabilities_has (capabilities, commands[command].keyword))
    {
      if (suggestion != NULL)
        *suggestion = g_strdup (commands[command].keyword);
      return SP_CONSOLE_CHECK_NOT_OFFERED;
    }

  if (commands[command].step == SP_STEP_AUTH && session != NULL &&
      !sp_session_is_encrypted (session))
    return SP_CONSOLE_CHECK_AUTH_NOT_ENCRYPTED;

  return SP_CONSOLE_CHECK_OK;
}

GStrv
sp_console_complete (const char *prefix)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (prefix != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_ascii_strncasecmp (commands[i].typed, prefix, strlen (prefix)) == 0 &&
        strlen (prefix) <= strlen (commands[i].typed))
      g_strv_builder_add (builder, commands[i].typed);

  return g_strv_builder_end (builder);
}

SpStep
_sp_console_step_of_line (const char *line)
{
  g_autofree char *verb = dup_verb (line);
  int command = find_command (verb);

  return command >= 0 ? commands[command].step : SP_STEP_OTHER;
}
