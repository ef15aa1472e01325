/* sp-cli-console.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* smtp-probe-cli --interactive: SMTP typed by hand over an SpConsole.
 * On a terminal, a small line editor of its own (raw mode through
 * termios, restored on exit and on signals): history, cursor keys,
 * Backspace, Home/End and completion of the verbs, with a hint before a
 * line the server would not understand. Otherwise the commands are read
 * line by line, so that a session can be scripted. */

#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>

#include "sp-auth.h"
#include "sp-cli-private.h"
#include "sp-console.h"
#include "sp-diagnosis.h"
#include "sp-export.h"
#include "sp-probe-request.h"
#include "sp-resolver.h"

typedef struct
{
  GMainLoop          *loop;
  GCancellable       *cancellable;
  SpTranscript       *transcript;
  SpConsole          *console;
  SpResolver         *resolver;
  GDataInputStream   *input;        /* not a terminal: lines */
  const SpCliConsoleOptions *options;
  gboolean            color;
  guint               width;
  guint16             port;
  char               *host;
  int                 status;
  guint               n_steps_done;
  gboolean            tls_explained;

  /* the line editor, on a terminal */
  gboolean            tty;
  guint               stdin_id;
  GString            *line;
  gsize               cursor;       /* in bytes, on a character boundary */
  GPtrArray          *history;
  guint               history_pos;  /* == history->len: the line being typed */
  char               *edited;       /* the line being typed, while browsing the history */
  char               *flagged;      /* the last line a hint was given for */
  GString            *keys;         /* bytes of an escape sequence so far */
  GByteArray         *ahead;        /* keys typed while a command waited for its reply */
  gboolean            waiting;      /* for a reply: no line is read meanwhile */
  gboolean            prompt_shown;
} Console;

/* The terminal as it was, for exit and for the signal handlers. */
static struct termios tty_saved;
static volatile sig_atomic_t tty_raw = 0;

static void
tty_restore (void)
{
  if (tty_raw)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &tty_saved);
      tty_raw = 0;
    }
}

/* Only async-signal-safe calls: the terminal back, then die of the signal. */
static void
tty_signal_handler (int signum)
{
  if (tty_raw)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &tty_saved);
  signal (signum, SIG_DFL);
  raise (signum);
}

static gboolean
tty_enter_raw (void)
{
  static const int signals[] = { SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT };
  struct termios raw;

  if (tcgetattr (STDIN_FILENO, &tty_saved) != 0)
    return FALSE;

  raw = tty_saved;
  /* Keys one by one and no echo; Ctrl+C stays a signal (ISIG). */
  raw.c_lflag &= ~(ICANON | ECHO | IEXTEN);
  raw.c_iflag &= ~(IXON | ICRNL);
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  if (tcsetattr (STDIN_FILENO, TCSAFLUSH, &raw) != 0)
    return FALSE;

  tty_raw = 1;
  atexit (tty_restore);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    signal (signals[i], tty_signal_handler);

  return TRUE;
}

/* Printing */

static void
print_bold (Console    *self,
            const char *text)
{
  g_print ("%s%s%s\n", self->color ? "\033[1m" : "", text, self->color ? "\033[0m" : "");
}

static void
print_explanation (Console             *self,
                   const SpExplanation *explanation)
{
  _sp_cli_print_explanation (self->color, self->width, explanation);
}

/* The prompt goes away before log lines are printed and comes back after. */
static void
hide_prompt (Console *self)
{
  if (self->tty && self->prompt_shown)
    {
      g_print ("\r\033[K");
      self->prompt_shown = FALSE;
    }
}

static void
entry_added_cb (SpTranscript            *transcript,
                const SpTranscriptEntry *entry,
                Console                 *self)
{
  hide_prompt (self);
  _sp_cli_print_entry (self->color, entry);
}

/* Under each failed reply, what it means, as in a guided run; under the
 * certificate report, what a certificate that did not validate means. */
static void
attempt_changed_cb (SpTranscript *transcript,
                    SpAttempt    *attempt,
                    Console      *self)
{
  SpTlsReport *report = sp_attempt_get_tls_report (attempt);

  if (self->console == NULL || attempt != sp_console_get_attempt (self->console))
    return;

  for (; self->n_steps_done < sp_attempt_get_n_steps (attempt); self->n_steps_done++)
    {
      SpStepRecord *step = sp_attempt_get_step (attempt, self->n_steps_done);
      SpStep kind = sp_step_record_get_step (step);
      g_autoptr(SpExplanation) explanation = NULL;

      if (sp_step_record_get_running (step))
        break;

      if ((kind == SP_STEP_STARTTLS || kind == SP_STEP_TLS) && report != NULL &&
          !self->tls_explained)
        {
          g_autoptr(SpExplanation) certificate = sp_diagnosis_explain_certificate (report);

          if (certificate != NULL)
            print_explanation (self, certificate);
          self->tls_explained = TRUE;
        }
      if (!sp_diagnosis_step_failed (step) || kind == SP_STEP_QUIT)
        continue;

      hide_prompt (self);
      explanation = sp_diagnosis_explain_attempt_step (attempt, step);
      print_explanation (self, explanation);
    }
}

/* The line editor */

static const char *
prompt_for (Console *self)
{
  switch (sp_console_get_mode (self->console))
    {
    /* Translators: the prompts of the console: a command, a line of the
     * message after DATA, the answer to a login challenge. */
    case SP_CONSOLE_MODE_MESSAGE: return _("message> ");
    /* Translators: the prompt of the CLI console while a login (AUTH) waits for an answer;
     * keep it short, with the space after “>”. */
    case SP_CONSOLE_MODE_AUTH:    return _("answer> ");
    case SP_CONSOLE_MODE_COMMAND:
    case SP_CONSOLE_MODE_CLOSED:
    /* Translators: the prompt of the CLI console for an SMTP command; keep it short, with the
     * space after “>”. */
    default:                      return _("smtp> ");
    }
}

static void
redraw (Console *self)
{
  const char *prompt = prompt_for (self);
  glong before = g_utf8_strlen (self->line->str, self->cursor);
  glong after = g_utf8_strlen (self->line->str + self->cursor, -1);
  gboolean secret = sp_console_get_mode (self->console) == SP_CONSOLE_MODE_AUTH;
  g_autoptr(GString) out = g_string_new ("\r");

  g_string_append (out, prompt);
  /* The answer to a login challenge holds the password: never on screen. */
  if (secret)
    for (glong i = 0; i < before + after; i++)
      g_string_append_c (out, '*');
  else
    {
      g_autofree char *shown = sp_transcript_escape_text (self->line->str, -1);

      g_string_append (out, shown);
    }
  g_string_append (out, "\033[K");
  if (after > 0)
    g_string_append_printf (out, "\033[%ldD", after);

  fputs (out->str, stdout);
  fflush (stdout);
  self->prompt_shown = TRUE;
}

static void
set_line (Console    *self,
          const char *text)
{
  g_string_assign (self->line, text);
  self->cursor = self->line->len;
}

static void
history_move (Console *self,
              int      delta)
{
  if (delta < 0 && self->history_pos == 0)
    return;
  if (delta > 0 && self->history_pos >= self->history->len)
    return;

  if (self->history_pos == self->history->len)
    {
      g_free (self->edited);
      self->edited = g_strdup (self->line->str);
    }
  self->history_pos += delta;
  if (self->history_pos == self->history->len)
    set_line (self, self->edited != NULL ? self->edited : "");
  else
    set_line (self, self->history->pdata[self->history_pos]);
}

static void
complete (Console *self)
{
  g_auto(GStrv) matches = NULL;
  guint n;
  gsize common;

  if (sp_console_get_mode (self->console) != SP_CONSOLE_MODE_COMMAND ||
      self->cursor != self->line->len)
    return;

  matches = sp_console_complete (self->line->str);
  n = g_strv_length (matches);
  if (n == 0)
    return;

  /* As far as all the matches agree. */
  common = strlen (matches[0]);
  for (guint i = 1; i < n; i++)
    {
      gsize j = 0;

      while (j < common && g_ascii_toupper (matches[i][j]) == g_ascii_toupper (matches[0][j]))
        j++;
      common = j;
    }

  if (common > self->line->len || n == 1)
    {
      g_autofree char *text = g_strndup (matches[0], n == 1 ? strlen (matches[0]) : common);

      set_line (self, text);
    }
  else
    {
      g_autofree char *list = g_strjoinv ("  ", matches);

      g_print ("\n%s\n", list);
    }
}

static void submit (Console    *self,
                    const char *line);

static void
delete_before_cursor (Console *self)
{
  const char *prev;

  if (self->cursor == 0)
    return;
  prev = g_utf8_find_prev_char (self->line->str, self->line->str + self->cursor);
  g_string_erase (self->line, prev - self->line->str, self->line->str + self->cursor - prev);
  self->cursor = prev - self->line->str;
}

/* One key of an escape sequence "ESC [ …" or "ESC O …", once complete. */
static void
escape_key (Console    *self,
            const char *sequence)
{
  const char *end = self->line->str + self->line->len;

  if (strcmp (sequence, "[A") == 0 || strcmp (sequence, "OA") == 0)
    history_move (self, -1);
  else if (strcmp (sequence, "[B") == 0 || strcmp (sequence, "OB") == 0)
    history_move (self, 1);
  else if ((strcmp (sequence, "[C") == 0 || strcmp (sequence, "OC") == 0) &&
           self->cursor < self->line->len)
    self->cursor = g_utf8_next_char (self->line->str + self->cursor) - self->line->str;
  else if ((strcmp (sequence, "[D") == 0 || strcmp (sequence, "OD") == 0) && self->cursor > 0)
    self->cursor = g_utf8_find_prev_char (self->line->str, self->line->str + self->cursor) -
                   self->line->str;
  else if (strcmp (sequence, "[H") == 0 || strcmp (sequence, "OH") == 0 ||
           strcmp (sequence, "[1~") == 0 || strcmp (sequence, "[7~") == 0)
    self->cursor = 0;
  else if (strcmp (sequence, "[F") == 0 || strcmp (sequence, "OF") == 0 ||
           strcmp (sequence, "[4~") == 0 || strcmp (sequence, "[8~") == 0)
    self->cursor = self->line->len;
  else if (strcmp (sequence, "[3~") == 0 && self->cursor < self->line->len)
    {
      const char *next = g_utf8_find_next_char (self->line->str + self->cursor, end);

      g_string_erase (self->line, self->cursor,
                      (next != NULL ? next : end) - (self->line->str + self->cursor));
    }
}

/* Returns FALSE once the input has ended (Ctrl+D on an empty line). */
static gboolean
handle_byte (Console *self,
             guchar   c)
{
  if (self->keys->len > 0)
    {
      g_string_append_c (self->keys, c);
      /* ESC, then "[" or "O", then parameters up to a final letter or "~". */
      if (self->keys->len == 2 && c != '[' && c != 'O')
        g_string_truncate (self->keys, 0);
      else if (self->keys->len > 2 && (g_ascii_isalpha (c) || c == '~'))
        {
          escape_key (self, self->keys->str + 1);
          g_string_truncate (self->keys, 0);
          redraw (self);
        }
      else if (self->keys->len > 8)
        g_string_truncate (self->keys, 0);
      return TRUE;
    }

  switch (c)
    {
    case 0x1b:
      g_string_append_c (self->keys, c);
      return TRUE;
    case '\r':
    case '\n':
      {
        g_autofree char *line = g_strdup (self->line->str);

        g_print ("\n");
        self->prompt_shown = FALSE;
        set_line (self, "");
        self->history_pos = self->history->len;
        submit (self, line);
        return TRUE;
      }
    case 0x7f:
    case 0x08:
      delete_before_cursor (self);
      break;
    case 0x01:  /* Ctrl+A */
      self->cursor = 0;
      break;
    case 0x05:  /* Ctrl+E */
      self->cursor = self->line->len;
      break;
    case 0x15:  /* Ctrl+U */
      set_line (self, "");
      break;
    case 0x04:  /* Ctrl+D */
      if (self->line->len == 0)
        return FALSE;
      break;
    case '\t':
      complete (self);
      break;
    default:
      /* Control characters never get into a command. */
      if (c >= 0x20)
        {
          g_string_insert_c (self->line, self->cursor, c);
          self->cursor++;
        }
      break;
    }

  /* In the middle of a UTF-8 character, wait for the rest before drawing. */
  if (c < 0x80 || g_utf8_validate (self->line->str, self->line->len, NULL))
    redraw (self);

  return TRUE;
}

static void input_ended (Console *self);

static gboolean
stdin_ready_cb (int           fd,
                GIOCondition  condition,
                gpointer      user_data)
{
  Console *self = user_data;
  guchar buffer[256];
  gssize n;

  n = read (fd, buffer, sizeof buffer);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;

  for (gssize i = 0; i < n; i++)
    {
      if (!handle_byte (self, buffer[i]))
        {
          n = 0;
          break;
        }
      /* A submitted line stops reading until its reply came. */
      if (self->waiting)
        {
          /* What was typed ahead is handled once the reply came. */
          g_byte_array_append (self->ahead, buffer + i + 1, n - i - 1);
          return G_SOURCE_REMOVE;
        }
    }

  if (n <= 0)
    {
      self->stdin_id = 0;
      g_print ("\n");
      input_ended (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Reading the next line */

static void read_line_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
read_next (Console *self)
{
  if (sp_console_get_mode (self->console) == SP_CONSOLE_MODE_CLOSED)
    {
      g_main_loop_quit (self->loop);
      return;
    }

  if (self->tty)
    {
      g_autoptr(GByteArray) ahead = g_steal_pointer (&self->ahead);

      /* Keys typed ahead come first, up to the next line submitted. */
      self->ahead = g_byte_array_new ();
      redraw (self);
      for (guint i = 0; i < ahead->len; i++)
        {
          if (!handle_byte (self, ahead->data[i]))
            {
              input_ended (self);
              return;
            }
          if (self->waiting)
            {
              g_byte_array_append (self->ahead, ahead->data + i + 1, ahead->len - i - 1);
              return;
            }
        }
      if (self->stdin_id == 0)
        self->stdin_id = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP, stdin_ready_cb, self);
      return;
    }

  g_data_input_stream_read_line_async (self->input, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, self);
}

static void
reply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Console *self = user_data;
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  self->waiting = FALSE;
  if (g_task_get_source_tag (G_TASK (result)) == sp_console_end_message_async)
    reply = sp_console_end_message_finish (SP_CONSOLE (object), result, &error);
  else
    reply = sp_console_send_finish (SP_CONSOLE (object), result, &error);

  /* The session's failures are in the log already; the console's own
   * refusals are not. */
  if (error != NULL && error->domain == SP_CONSOLE_ERROR)
    {
      hide_prompt (self);
      g_printerr ("smtp-probe-cli: %s\n", error->message);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_main_loop_quit (self->loop);
      return;
    }

  read_next (self);
}

static void
stop_reading (Console *self)
{
  g_clear_handle_id (&self->stdin_id, g_source_remove);
}

/* Stops reading until the reply to what is sent now came. */
static void
wait_for_reply (Console *self)
{
  stop_reading (self);
  self->waiting = TRUE;
}

/* A login's initial response is a credential: the history keeps only
 * "AUTH PLAIN ", so that Up never shows it again. */
static void
add_history (Console    *self,
             const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 3);
  g_autofree char *kept = NULL;

  if (words[0] != NULL && g_ascii_strcasecmp (words[0], "AUTH") == 0 && words[1] != NULL &&
      words[2] != NULL)
    kept = g_strconcat (words[0], " ", words[1], " ", NULL);
  else
    kept = g_strdup (line);
  for (guint i = 0; words[i] != NULL; i++)
    sp_auth_wipe (words[i], strlen (words[i]));

  if (self->history->len == 0 ||
      strcmp (g_ptr_array_index (self->history, self->history->len - 1), kept) != 0)
    g_ptr_array_add (self->history, g_steal_pointer (&kept));
}

static void
submit (Console    *self,
        const char *line)
{
  SpConsoleMode mode = sp_console_get_mode (self->console);
  g_autofree char *suggestion = NULL;
  g_autofree char *hint = NULL;
  SpConsoleCheck check;

  if (mode == SP_CONSOLE_MODE_MESSAGE)
    {
      g_autoptr(GError) error = NULL;

      /* As in telnet, a lone "." ends the message: the explicit end. */
      if (strcmp (line, ".") == 0)
        {
          wait_for_reply (self);
          sp_console_end_message_async (self->console, self->cancellable, reply_cb, self);
          return;
        }
      if (!sp_console_add_message_line (self->console, line, &error))
        g_printerr ("smtp-probe-cli: %s\n", error->message);
      if (!self->tty)
        read_next (self);
      return;
    }

  check = sp_console_check_line (self->console, line, &suggestion);
  if (check == SP_CONSOLE_CHECK_EMPTY)
    {
      if (!self->tty)
        read_next (self);
      return;
    }

  if (mode == SP_CONSOLE_MODE_COMMAND)
    add_history (self, line);
  self->history_pos = self->history->len;

  hint = sp_diagnosis_dup_console_hint (check, line, suggestion);
  if (hint != NULL)
    {
      gboolean again = g_strcmp0 (self->flagged, line) == 0;

      g_printerr ("%s%s%s\n", self->color ? "\033[33m" : "", hint, self->color ? "\033[0m" : "");
      /* On a terminal the line waits (fixed, when the fix is known) until
       * Enter is pressed on it once more; a script's line goes as written,
       * so that the script sees what the server says. */
      if (self->tty && !again)
        {
          g_free (self->flagged);
          self->flagged = g_strdup (check == SP_CONSOLE_CHECK_MISSPELLED ? suggestion : line);
          set_line (self, self->flagged);
          /* Translators: under a hint, on a terminal. */
          g_printerr ("%s\n", _("Press Enter to send the line as it stands, or edit it."));
          redraw (self);
          return;
        }
    }
  g_clear_pointer (&self->flagged, g_free);

  wait_for_reply (self);
  sp_console_send_async (self->console, line, self->cancellable, reply_cb, self);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Console *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize len;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, &len,
                                                    &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_main_loop_quit (self->loop);
      return;
    }
  if (error != NULL)
    g_printerr ("smtp-probe-cli: %s\n", error->message);
  if (line == NULL)
    {
      input_ended (self);
      return;
    }

  /* Lines from Windows end in CRLF; the CR is no part of the command. */
  if (len > 0 && line[len - 1] == '\r')
    line[len - 1] = '\0';
  submit (self, line);
}

/* The end of the input: say goodbye when the server is still listening. */
static void
input_ended (Console *self)
{
  wait_for_reply (self);
  if (sp_console_get_mode (self->console) == SP_CONSOLE_MODE_COMMAND)
    {
      sp_console_send_async (self->console, "QUIT", self->cancellable, reply_cb, self);
      return;
    }

  sp_console_close (self->console);
  g_main_loop_quit (self->loop);
}

/* Connecting */

static void
open_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Console *self = user_data;
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = sp_console_open_finish (SP_CONSOLE (object), result, &error);
  if (reply == NULL || sp_console_get_mode (self->console) == SP_CONSOLE_MODE_CLOSED)
    {
      g_main_loop_quit (self->loop);
      return;
    }

  if (self->tty)
    /* Translators: once connected, on a terminal. */
    print_bold (self, _("Type SMTP commands; Tab completes a command, Up and Down recall "
                        "earlier ones, Ctrl+D ends the session."));
  read_next (self);
}

static gboolean
sigint_cb (gpointer user_data)
{
  Console *self = user_data;

  g_cancellable_cancel (self->cancellable);
  g_main_loop_quit (self->loop);

  return G_SOURCE_CONTINUE;
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Console *self = user_data;

  if (!_sp_cli_finish_export (result, self->options->output, self->options->json))
    self->status = 1;

  g_main_loop_quit (self->loop);
}

static int
check_options (const SpCliConsoleOptions  *options,
               SpExportFormat             *format,
               char                      **host,
               guint16                    *port,
               char                      **domain,
               SpTlsPolicy                *policy,
               char                      **sha256)
{
  g_autoptr(GError) error = NULL;

  if (options->server == NULL && options->recipient == NULL)
    return _sp_cli_usage_error ("--interactive",
                                _("Give the server to connect to with --server HOST:PORT, or a "
                                  "recipient whose first mail server to connect to."));
  if (options->color != NULL && g_strcmp0 (options->color, "auto") != 0 &&
      g_strcmp0 (options->color, "always") != 0 && g_strcmp0 (options->color, "never") != 0)
    return _sp_cli_usage_error ("--color", _("Use auto, always or never."));
  if (options->port != G_MININT &&
      !sp_probe_request_check_limits (SP_FIELD_PORT, options->port, &error))
    return _sp_cli_usage_error ("--port", error->message);
  if (options->timeout != G_MININT &&
      !sp_probe_request_check_limits (SP_FIELD_TIMEOUT, options->timeout, &error))
    return _sp_cli_usage_error ("--timeout", error->message);
  if (options->output != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (options->output);

      if (!sp_export_format_from_filename (options->output, format))
        return _sp_cli_usage_error ("--output", _("Name the file with .txt, .html or .json at "
                                                  "the end, so that the format is clear."));
      if (!sp_export_check_file (file, &error))
        return _sp_cli_usage_error ("--output", error->message);
    }

  if (options->tls != NULL && !sp_tls_policy_parse (options->tls, policy, &error))
    return _sp_cli_usage_error ("--tls", error->message);
  if (options->accept_certificate != NULL &&
      (*sha256 = sp_tls_fingerprint_normalize (options->accept_certificate, &error)) == NULL)
    return _sp_cli_usage_error ("--accept-certificate", error->message);

  /* STARTTLS is typed by hand; only TLS from the first byte is chosen here. */
  *port = options->port != G_MININT ? options->port
                                    : *policy == SP_TLS_POLICY_IMPLICIT ? 465 : 25;
  if (options->server != NULL)
    {
      if (!sp_server_parse (options->server, host, port, &error))
        return _sp_cli_usage_error ("--server", error->message);
    }
  else
    {
      if (!sp_address_validate (options->recipient, &error))
        return _sp_cli_usage_error ("RECIPIENT", error->message);
      *domain = sp_address_dup_domain (options->recipient);
    }

  return 0;
}

int
_sp_cli_console_run (const SpCliConsoleOptions *options)
{
  Console self = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GInputStream) stdin_stream = NULL;
  SpTlsPolicy policy = SP_TLS_POLICY_OPPORTUNISTIC;
  SpExportFormat format = SP_EXPORT_FORMAT_TEXT;
  guint sigint_id;
  int status;

  status = check_options (options, &format, &self.host, &self.port, &domain, &policy, &sha256);
  if (status != 0)
    return status;

  self.resolver = sp_resolver_new (options->dns_servers, &error);
  if (self.resolver == NULL)
    return _sp_cli_usage_error ("--dns-server", error->message);
  sp_resolver_set_family (self.resolver, options->family);

  self.options = options;
  self.loop = g_main_loop_new (NULL, FALSE);
  self.cancellable = g_cancellable_new ();
  self.transcript = sp_transcript_new ();
  sp_transcript_set_simulated (self.transcript, options->simulated);
  self.console = sp_console_new (self.transcript);
  self.color = _sp_cli_use_color (options->color, options->json);
  self.width = _sp_cli_terminal_width ();
  self.line = g_string_new (NULL);
  self.keys = g_string_new (NULL);
  self.ahead = g_byte_array_new ();
  self.history = g_ptr_array_new_with_free_func (g_free);
  self.status = -1;
  if (options->timeout != G_MININT)
    sp_console_set_timeout_ms (self.console, options->timeout * 1000);
  sp_console_set_implicit_tls (self.console, policy == SP_TLS_POLICY_IMPLICIT);
  sp_console_set_accepted_certificate (self.console, sha256);
  sp_transcript_set_request (self.transcript, options->recipient, NULL, TRUE);

  self.tty = isatty (STDIN_FILENO) && isatty (STDOUT_FILENO) && !options->json &&
             tty_enter_raw ();
  if (!self.tty)
    {
      stdin_stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
      self.input = g_data_input_stream_new (stdin_stream);
      g_data_input_stream_set_newline_type (self.input, G_DATA_STREAM_NEWLINE_TYPE_LF);
    }

  if (!options->json)
    {
      g_signal_connect (self.transcript, "entry-added", G_CALLBACK (entry_added_cb), &self);
      g_signal_connect (self.transcript, "attempt-changed", G_CALLBACK (attempt_changed_cb),
                        &self);
    }

  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &self);
  sp_console_open_async (self.console, self.resolver,
                         options->server != NULL ? self.host : domain,
                         options->server != NULL, self.port, self.cancellable, open_cb, &self);
  g_main_loop_run (self.loop);
  g_source_remove (sigint_id);
  stop_reading (&self);
  tty_restore ();

  /* Cancelled (Ctrl+C): the connection goes without QUIT. */
  sp_console_close (self.console);
  if (g_cancellable_is_cancelled (self.cancellable))
    status = 130;
  else
    status = _sp_cli_exit_status (self.transcript);

  if (options->json)
    {
      g_autofree char *json = sp_export_to_string (self.transcript, SP_EXPORT_FORMAT_JSON);

      g_print ("%s\n", json);
    }
  else if (sp_transcript_get_verdict (self.transcript) != SP_VERDICT_NONE)
    {
      g_autofree char *detail =
        sp_transcript_escape_text (sp_transcript_get_verdict_detail (self.transcript), -1);

      g_print ("\n");
      print_bold (&self, sp_verdict_get_label (sp_transcript_get_verdict (self.transcript)));
      g_print ("%s\n", detail);
    }

  if (options->output != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (options->output);

      self.status = status;
      sp_export_to_file_async (self.transcript, format, file, NULL, export_cb, &self);
      g_main_loop_run (self.loop);
      status = self.status;
    }

  g_signal_handlers_disconnect_by_data (self.transcript, &self);
  g_clear_object (&self.console);
  g_clear_object (&self.transcript);
  g_clear_object (&self.resolver);
  g_clear_object (&self.input);
  g_clear_object (&self.cancellable);
  g_clear_pointer (&self.loop, g_main_loop_unref);
  g_string_free (self.line, TRUE);
  g_string_free (self.keys, TRUE);
  g_byte_array_unref (self.ahead);
  g_ptr_array_unref (self.history);
  g_free (self.edited);
  g_free (self.flagged);
  g_free (self.host);

  return status;
}
