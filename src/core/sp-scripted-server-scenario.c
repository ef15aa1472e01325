/* sp-scripted-server-scenario.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The parser of the scenario language described in sp-scripted-server.c. */

#define G_LOG_DOMAIN "sp-scripted-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-scripted-server.h"
#include "sp-scripted-server-private.h"

/* The scenario's parser raises these; the server only passes them on. */
G_DEFINE_QUARK (sp-scripted-server-error-quark, sp_scripted_server_error)

#define MAX_DELAY_MS     (10 * 60 * 1000)
#define MAX_DRIP_MS      (60 * 1000)
#define MAX_GARBAGE      (1024 * 1024)
#define DEFAULT_GARBAGE  64
#define DEFAULT_HOSTNAME "mx.example.test"

void
_sp_scripted_server_action_clear (Action *action)
{
  g_clear_pointer (&action->reply, g_bytes_unref);
  if (action->next != NULL)
    {
      _sp_scripted_server_action_clear (action->next);
      g_clear_pointer (&action->next, g_free);
    }
}

void
_sp_scripted_server_rule_clear (gpointer data)
{
  Rule *rule = data;

  g_clear_pointer (&rule->pattern, g_free);
  g_clear_pointer (&rule->glob, g_pattern_spec_free);
  _sp_scripted_server_action_clear (&rule->action);
}

/* Sets a syntax error of the scenario and returns FALSE, so that each
 * check of a line fails in one statement. */
static gboolean G_GNUC_PRINTF (2, 3)
syntax_error (GError     **error,
              const char  *format,
              ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (SP_SCRIPTED_SERVER_ERROR,
                                                SP_SCRIPTED_SERVER_ERROR_SYNTAX,
                                                format, args));
  va_end (args);

  return FALSE;
}

static gboolean
has_keyword (const char  *text,
             const char  *keyword,
             const char **rest)
{
  gsize len = strlen (keyword);

  if (g_ascii_strncasecmp (text, keyword, len) != 0)
    return FALSE;
  if (text[len] != '\0' && !g_ascii_isspace (text[len]))
    return FALSE;

  *rest = text + len;
  while (g_ascii_isspace (**rest))
    (*rest)++;

  return TRUE;
}

/* Sets what the server does after sending @action's bytes: its last line
 * (the one before a final line end, if any) decides. */
static void
action_set_reply (Action *action,
                  GBytes *reply)
{
  gsize size;
  const char *data = g_bytes_get_data (reply, &size);
  gsize end = size;
  gsize start;

  if (end > 0 && data[end - 1] == '\n')
    end--;
  if (end > 0 && data[end - 1] == '\r')
    end--;
  start = end;
  while (start > 0 && data[start - 1] != '\n')
    start--;

  action->kind = ACTION_REPLY;
  action->reply = reply;
  action->repeat = 1;
  action->starts_data = end - start >= 3 && memcmp (data + start, "354", 3) == 0;
  action->closes = end - start >= 3 && memcmp (data + start, "421", 3) == 0;
}

static gboolean
parse_reply_text (const char  *text,
                  Action      *action)
{
  g_autoptr(GString) wire = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == 'n')
        {
          g_string_append (wire, "\r\n");
          p++;
        }
      else if (p[0] == '\\' && p[1] == '\\')
        {
          g_string_append_c (wire, '\\');
          p++;
        }
      else
        {
          g_string_append_c (wire, *p);
        }
    }

  g_string_append (wire, "\r\n");
  action_set_reply (action, g_string_free_to_bytes (g_steal_pointer (&wire)));
  action->is_text = TRUE;

  return TRUE;
}

static gboolean
parse_raw_text (const char  *text,
                guint        line_no,
                Action      *action,
                GError     **error)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();

  if (*text == '\0')
    return syntax_error (error,
                         /* Translators: an error in a scenario file of the practice server; %u
                          * is the number of the line, not a count. */
                         _("Line %u: “raw” has no text after it. Write the bytes to send, for "
                           "example “raw 220 ready\\r\\n”."),
                         line_no);

  for (const char *p = text; *p != '\0'; p++)
    {
      guint8 byte = (guint8) *p;

      if (*p == '\\')
        {
          switch (p[1])
            {
            case 'r': byte = '\r'; p++; break;
            case 'n': byte = '\n'; p++; break;
            case 't': byte = '\t'; p++; break;
            case '\\': byte = '\\'; p++; break;
            case 'x':
            case 'X':
              if (g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]))
                {
                  byte = (guint8) (g_ascii_xdigit_value (p[2]) * 16 +
                                   g_ascii_xdigit_value (p[3]));
                  p += 3;
                  break;
                }
              G_GNUC_FALLTHROUGH;
            default:
              {
                g_autofree char *escape = g_strndup (p, p[1] != '\0' ? 2 : 1);

                return syntax_error (error,
                                     /* Translators: an error in a scenario file of the
                                      * practice server; %u is the number of the line, not a
                                      * count. %s is what followed the backslash. */
                                     _("Line %u: “%s” is not an escape that raw text knows. Use "
                                       "\\r, \\n, \\t, \\\\ or \\x followed by two hex digits."),
                                     line_no, escape);
              }
            }
        }

      g_byte_array_append (wire, &byte, 1);
    }

  action_set_reply (action, g_byte_array_free_to_bytes (g_steal_pointer (&wire)));

  return TRUE;
}

static void
make_garbage (guint   size,
              Action *action)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (size);
  guint8 *data = g_malloc (size + 2);

  for (guint i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  /* Starting with digits could make the noise a reply by chance. */
  if (g_ascii_isdigit (data[0]))
    data[0] ^= 0x80;
  /* Make sure every kind of byte a parser must survive is there. */
  if (size >= 16)
    {
      data[size / 2] = '\0';
      data[size / 2 + 1] = 0x1b;
      data[size / 2 + 2] = 0xff;
      data[size / 2 + 3] = '\r';
      data[size / 2 + 4] = '\n';
    }
  data[size] = '\r';
  data[size + 1] = '\n';

  action_set_reply (action, g_bytes_new_take (data, size + 2));
}

/* Splits @text at the first “then” that stands alone between blanks:
 * returns the part before it, and sets *@rest to the text after it, or
 * NULL when there is none. */
static char *
split_then (const char  *text,
            const char **rest)
{
  *rest = NULL;

  for (const char *p = text + 1; *p != '\0'; p++)
    {
      const char *after;

      if (g_ascii_isspace (p[-1]) && has_keyword (p, "then", &after))
        {
          *rest = after;
          return g_strstrip (g_strndup (text, p - text));
        }
    }

  return g_strdup (text);
}

static gboolean parse_action (const char  *text,
                              guint        line_no,
                              Action      *action,
                              GError     **error);

static gboolean
parse_number (const char   *text,
              const char  **rest,
              guint64       min,
              guint64       max,
              guint64      *value)
{
  g_autofree char *number = NULL;
  const char *end = text;

  while (*end != '\0' && !g_ascii_isspace (*end))
    end++;
  number = g_strndup (text, end - text);
  while (g_ascii_isspace (*end))
    end++;
  *rest = end;

  return g_ascii_string_to_unsigned (number, 10, min, max, value, NULL);
}

/* raw, garbage, flood and drip, without a “then” */
static gboolean
parse_sending (const char  *text,
               guint        line_no,
               Action      *action,
               GError     **error)
{
  const char *rest;
  guint64 value;

  if (has_keyword (text, "raw", &rest))
    return parse_raw_text (rest, line_no, action, error);

  if (has_keyword (text, "garbage", &rest))
    {
      value = DEFAULT_GARBAGE;
      if (*rest != '\0' &&
          (!parse_number (rest, &rest, 1, MAX_GARBAGE, &value) || *rest != '\0'))
        return syntax_error (error,
                             /* Translators: an error in a scenario file of the practice
                              * server; %u is the number of the line, not a count. The second
                              * %u is the limit, a number alone, not a count before a noun. */
                             _("Line %u: “garbage” takes one number of bytes, from 1 to %u, "
                               "for example “garbage 100”."),
                             line_no, (guint) MAX_GARBAGE);
      make_garbage ((guint) value, action);
      return TRUE;
    }

  if (has_keyword (text, "flood", &rest))
    {
      gboolean endless = FALSE;
      const char *body;

      if (has_keyword (rest, "forever", &body))
        endless = TRUE;
      else if (!parse_number (rest, &body, 1, G_MAXUINT, &value))
        return syntax_error (error,
                             /* Translators: an error in a scenario file of the practice
                              * server; %u is the number of the line, not a count. */
                             _("Line %u: “flood” needs a count (at least 1) or “forever” before "
                               "what it sends, for example “flood 500 250-spam”."),
                             line_no);

      if (!parse_action (body, line_no, action, error))
        return FALSE;
      if (action->kind != ACTION_REPLY || action->delay_ms != 0 || action->repeat != 1 ||
          action->endless || action->drip_ms != 0 || action->next != NULL)
        {
          _sp_scripted_server_action_clear (action);
          return syntax_error (error,
                               /* Translators: an error in a scenario file of the practice
                                * server; %u is the number of the line, not a count. */
                               _("Line %u: “flood” repeats a reply, raw text or garbage, and "
                                 "nothing else. Write for example “flood forever raw x”."),
                               line_no);
        }
      action->endless = endless;
      action->repeat = endless ? 1 : (guint) value;
      return TRUE;
    }

  if (has_keyword (text, "drip", &rest))
    {
      const char *body;

      if (!parse_number (rest, &body, 1, MAX_DRIP_MS, &value))
        return syntax_error (error,
                             /* Translators: an error in a scenario file of the practice
                              * server; %u is the number of the line, not a count. The second
                              * %u is the limit, a number alone, not a count before a noun. */
                             _("Line %u: “drip” needs the pause between bytes in milliseconds, "
                               "from 1 to %u, for example “drip 500 220 ready”."),
                             line_no, (guint) MAX_DRIP_MS);

      if (!parse_action (body, line_no, action, error))
        return FALSE;
      if (action->kind != ACTION_REPLY || action->delay_ms != 0 || action->drip_ms != 0 ||
          action->next != NULL)
        {
          _sp_scripted_server_action_clear (action);
          return syntax_error (error,
                               /* Translators: an error in a scenario file of the practice
                                * server; %u is the number of the line, not a count. */
                               _("Line %u: “drip” sends a reply, raw text, garbage or a "
                                 "flood slowly, and nothing else. Write for example "
                                 "“drip 500 220 ready”."),
                               line_no);
        }
      action->drip_ms = (guint) value;
      return TRUE;
    }

  g_assert_not_reached ();
  return FALSE;
}

static gboolean
is_sending_keyword (const char *text)
{
  const char *rest;

  return has_keyword (text, "raw", &rest) || has_keyword (text, "garbage", &rest) ||
         has_keyword (text, "flood", &rest) || has_keyword (text, "drip", &rest);
}

/* On failure @action holds nothing that needs freeing. */
static gboolean
parse_action (const char  *text,
              guint        line_no,
              Action      *action,
              GError     **error)
{
  const char *rest;

  memset (action, 0, sizeof *action);

  if (*text == '\0')
    return syntax_error (error,
                         /* Translators: an error in a scenario file of the practice server; %u
                          * is the number of the line, not a count. */
                         _("Line %u: the reply is missing. Write a reply such as “250 OK”, "
                           "or “silent”, “close” or “delay 500 250 OK”."),
                         line_no);

  if (has_keyword (text, "delay", &rest))
    {
      const char *end;
      guint64 delay_ms;

      if (!parse_number (rest, &end, 0, MAX_DELAY_MS, &delay_ms))
        {
          g_autofree char *number = g_strndup (rest, strcspn (rest, " \t"));

          return syntax_error (error,
                               /* Translators: an error in a scenario file of the practice
                                * server; %u is the number of the line, not a count. %s is what
                                * was written; the last %u is the limit, a number alone, not a
                                * count before a noun. */
                               _("Line %u: “%s” is not a delay. Give the delay in milliseconds, "
                                 "from 0 to %u, for example “delay 500 250 OK”."),
                               line_no, number, (guint) MAX_DELAY_MS);
        }

      if (*end == '\0')
        return syntax_error (error,
                             /* Translators: an error in a scenario file of the practice
                              * server; %u is the number of the line, not a count. */
                             _("Line %u: the delay has no reply after it. Write what to do "
                               "once the time is up, for example “delay 500 250 OK”."),
                             line_no);

      if (has_keyword (end, "delay", &rest))
        return syntax_error (error,
                             /* Translators: an error in a scenario file of the practice
                              * server; %u is the number of the line, not a count. */
                             _("Line %u: a reply can only have one delay. Add the two "
                               "delays up into one."),
                             line_no);

      if (!parse_action (end, line_no, action, error))
        return FALSE;
      action->delay_ms = (guint) delay_ms;

      return TRUE;
    }

  if (g_ascii_strcasecmp (text, "silent") == 0)
    {
      action->kind = ACTION_SILENT;
      return TRUE;
    }

  if (g_ascii_strcasecmp (text, "close") == 0)
    {
      action->kind = ACTION_CLOSE;
      return TRUE;
    }

  if (g_ascii_strcasecmp (text, "hang") == 0)
    {
      action->kind = ACTION_HANG;
      return TRUE;
    }

  if (is_sending_keyword (text))
    {
      g_autofree char *head = NULL;
      const char *then = NULL;

      head = split_then (text, &then);
      if (!parse_sending (head, line_no, action, error))
        return FALSE;

      if (then != NULL)
        {
          if (*then == '\0')
            {
              _sp_scripted_server_action_clear (action);
              return syntax_error (error,
                                   /* Translators: an error in a scenario file of the practice
                                    * server; %u is the number of the line, not a count. */
                                   _("Line %u: “then” has nothing after it. Write the next "
                                     "action, for example “raw 250-a\\r\\n then close”."),
                                   line_no);
            }

          action->next = g_new0 (Action, 1);
          if (!parse_action (then, line_no, action->next, error))
            {
              _sp_scripted_server_action_clear (action);
              return FALSE;
            }
        }

      return TRUE;
    }

  return parse_reply_text (text, action);
}

static gboolean
parse_rule (SpScriptedServer  *self,
            const char        *text,
            guint              line_no,
            GError           **error)
{
  g_autofree char *pattern = NULL;
  const char *arrow = strstr (text, "=>");
  Rule rule = { 0 };

  if (arrow == NULL)
    return syntax_error (error,
                         /* Translators: an error in a scenario file of the practice server; %u
                          * is the number of the line, not a count. */
                         _("Line %u: a rule needs “=>” between the command and the reply, "
                           "for example “on EHLO => 250 OK”."),
                         line_no);

  pattern = g_strstrip (g_strndup (text, arrow - text));
  if (*pattern == '\0')
    return syntax_error (error,
                         /* Translators: an error in a scenario file of the practice server; %u
                          * is the number of the line, not a count. */
                         _("Line %u: the rule does not say which command it answers. "
                           "Write a command or a pattern after “on”, for example “on RCPT*”."),
                         line_no);

  arrow += 2;
  while (g_ascii_isspace (*arrow))
    arrow++;
  if (!parse_action (arrow, line_no, &rule.action, error))
    return FALSE;

  rule.pattern = g_ascii_strup (pattern, -1);
  rule.end_of_data = strcmp (rule.pattern, ".") == 0;
  if (strpbrk (rule.pattern, " \t*?") != NULL)
    rule.glob = g_pattern_spec_new (rule.pattern);
  g_array_append_val (self->rules, rule);

  return TRUE;
}

static gboolean
parse_scenario (SpScriptedServer  *self,
                const char        *scenario,
                gboolean           builtin,
                char             **hostname,
                GError           **error)
{
  g_auto(GStrv) lines = g_strsplit (scenario, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint line_no = i + 1;
      char *line = g_strstrip (lines[i]);
      const char *rest;

      if (*line == '\0' || *line == '#')
        continue;

      if (has_keyword (line, "on", &rest))
        {
          if (!parse_rule (self, rest, line_no, error))
            return FALSE;
        }
      else if (!builtin && has_keyword (line, "banner", &rest))
        {
          if (self->banner.reply != NULL || self->banner.kind != ACTION_REPLY)
            return syntax_error (error,
                                 /* Translators: an error in a scenario file of the practice
                                  * server; %u is the number of the line, not a count. */
                                 _("Line %u: the banner was already given. Keep only one "
                                   "“banner” line."),
                                 line_no);
          if (!parse_action (rest, line_no, &self->banner, error))
            return FALSE;
        }
      else if (!builtin && has_keyword (line, "line-ends", &rest))
        {
          if (self->line_ends_given)
            return syntax_error (error,
                                 /* Translators: an error in a scenario file of the practice
                                  * server; %u is the number of the line, not a count. */
                                 _("Line %u: the line ends were already given. Keep only one "
                                   "“line-ends” line."),
                                 line_no);
          if (g_ascii_strcasecmp (rest, "lf") != 0 && g_ascii_strcasecmp (rest, "crlf") != 0)
            return syntax_error (error,
                                 /* Translators: an error in a scenario file of the practice
                                  * server; %u is the number of the line, not a count. %s is
                                  * what was written. */
                                 _("Line %u: “%s” is not a kind of line end. Write “line-ends LF” "
                                   "or “line-ends CRLF”."),
                                 line_no, rest);
          self->line_ends_given = TRUE;
          self->bare_lf = g_ascii_strcasecmp (rest, "lf") == 0;
        }
      else if (!builtin && has_keyword (line, "hostname", &rest))
        {
          if (*hostname != NULL)
            return syntax_error (error,
                                 /* Translators: an error in a scenario file of the practice
                                  * server; %u is the number of the line, not a count. */
                                 _("Line %u: the host name was already given. Keep only one "
                                   "“hostname” line."),
                                 line_no);
          if (*rest == '\0' || strpbrk (rest, " \t\\") != NULL)
            return syntax_error (error,
                                 /* Translators: an error in a scenario file of the practice
                                  * server; %u is the number of the line, not a count. %s is
                                  * what was written. */
                                 _("Line %u: “%s” is not a host name. Write one name without "
                                   "blanks, for example “hostname mx1.example.test”."),
                                 line_no, rest);
          *hostname = g_strdup (rest);
        }
      else
        {
          g_autofree char *word = g_strndup (line, strcspn (line, " \t"));

          return syntax_error (error,
                               /* Translators: an error in a scenario file of the practice
                                * server; %u is the number of the line, not a count. %s is the
                                * first word of the line. */
                               _("Line %u: “%s” is not a statement. A line starts with “on”, "
                                 "“banner”, “hostname”, “line-ends” or “#” (a comment)."),
                               line_no, word);
        }
    }

  return TRUE;
}

static void
add_builtin_rules (SpScriptedServer *self,
                   const char       *hostname)
{
  g_autofree char *builtin = NULL;
  gboolean ok;

  builtin = g_strdup_printf ("on EHLO => 250-%s\\n250-PIPELINING\\n250-SIZE 10240000\\n"
                             "250-8BITMIME\\n250-ENHANCEDSTATUSCODES\\n250-DSN\\n250 SMTPUTF8\n"
                             "on HELO => 250 %s\n"
                             "on MAIL => 250 2.1.0 Ok\n"
                             "on RCPT => 250 2.1.5 Ok\n"
                             "on DATA => 354 End data with <CR><LF>.<CR><LF>\n"
                             "on . => 250 2.0.0 Ok: queued as SCRIPTED\n"
                             "on RSET => 250 2.0.0 Ok\n"
                             "on NOOP => 250 2.0.0 Ok\n"
                             "on QUIT => 221 2.0.0 Bye\n"
                             "on * => 500 5.5.2 Syntax error, command unrecognized\n",
                             hostname, hostname);
  ok = parse_scenario (self, builtin, TRUE, NULL, NULL);
  g_assert (ok);

  if (self->banner.reply == NULL && self->banner.kind == ACTION_REPLY)
    {
      g_autofree char *banner = g_strdup_printf ("220 %s ESMTP ready", hostname);

      parse_reply_text (banner, &self->banner);
    }
}

/* “line-ends LF”: TEXT replies go out with bare LF line ends. */
static void
action_use_bare_lf (Action *action)
{
  for (; action != NULL; action = action->next)
    {
      g_autoptr(GByteArray) wire = NULL;
      gsize size;
      const char *data;

      if (!action->is_text)
        continue;

      data = g_bytes_get_data (action->reply, &size);
      wire = g_byte_array_sized_new (size);
      for (gsize i = 0; i < size; i++)
        if (!(data[i] == '\r' && i + 1 < size && data[i + 1] == '\n'))
          g_byte_array_append (wire, (const guint8 *) data + i, 1);

      g_bytes_unref (action->reply);
      action->reply = g_byte_array_free_to_bytes (g_steal_pointer (&wire));
    }
}

gboolean
_sp_scripted_server_load_scenario (SpScriptedServer  *self,
                                   const char        *scenario,
                                   GError           **error)
{
  g_autofree char *hostname = NULL;

  if (!parse_scenario (self, scenario, FALSE, &hostname, error))
    return FALSE;
  add_builtin_rules (self, hostname != NULL ? hostname : DEFAULT_HOSTNAME);

  if (self->bare_lf)
    {
      action_use_bare_lf (&self->banner);
      for (guint i = 0; i < self->rules->len; i++)
        action_use_bare_lf (&g_array_index (self->rules, Rule, i).action);
    }

  return TRUE;
}
