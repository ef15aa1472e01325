/* fuzz-diagnosis.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The diagnosis matcher: the first byte picks the step, the second an error
 * to explain instead of a reply, the rest is the server's reply (made into
 * a valid one when it is not, so that the rules' patterns see the text). */

#define G_LOG_DOMAIN "fuzz-diagnosis"

#include "config.h"

#include <gio/gio.h>

#include "sp-diagnosis.h"
#include "sp-resolver.h"
#include "sp-session.h"

#include "fuzz-common.h"

#define N_STEPS (SP_STEP_OTHER + 1)

static SpReply *
make_reply (const char *text)
{
  g_autoptr(GString) wrapped = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  SpReply *reply;
  guint code;
  guint n;

  reply = sp_reply_new_from_text (text, NULL);
  if (reply != NULL)
    return reply;

  /* A code from the first bytes, the lines of the input as its text. */
  code = 200 + (guint) (((guchar) text[0] * 7u + (text[0] ? (guchar) text[1] : 0u)) % 360);
  if ((code / 10) % 10 > 5)
    code -= 50;
  lines = g_strsplit (text, "\n", SP_REPLY_MAX_LINES - 1);
  n = g_strv_length (lines);
  if (n == 0)
    return sp_reply_new_from_text ("250", NULL);
  for (guint i = 0; i < n; i++)
    {
      char *cr = strchr (lines[i], '\r');

      if (cr != NULL)
        *cr = '\0';
      g_string_append_printf (wrapped, "%u%c%.4000s\r\n", code, i + 1 < n ? '-' : ' ', lines[i]);
    }

  return sp_reply_new_from_text (wrapped->str, NULL);
}

static GError *
make_error (guint8      selector,
            const char *message)
{
  /* The domains the diagnosis knows, and one it does not. */
  switch (selector % 5)
    {
    case 0:
      return g_error_new_literal (SP_RESOLVER_ERROR, selector / 5 % 12, message);
    case 1:
      return g_error_new_literal (SP_SESSION_ERROR, selector / 5 % 12, message);
    case 2:
      return g_error_new_literal (G_IO_ERROR, selector / 5 % 50, message);
    case 3:
      return g_error_new_literal (G_TLS_ERROR, selector / 5 % 10, message);
    default:
      return g_error_new_literal (G_FILE_ERROR, selector / 5 % 30, message);
    }
}

static void
check_strv (const char * const *strv,
            gboolean            may_be_empty)
{
  FUZZ_CHECK (strv != NULL);
  FUZZ_CHECK (may_be_empty || strv[0] != NULL);
  for (guint i = 0; strv[i] != NULL; i++)
    {
      FUZZ_CHECK (strv[i][0] != '\0');
      FUZZ_CHECK (g_utf8_validate (strv[i], -1, NULL));
    }
}

static void
check_explanation (SpExplanation *explanation,
                   guint          width)
{
  SpExplanationSeverity severity;
  g_autofree char *text = NULL;
  const char *meaning;

  FUZZ_CHECK (explanation != NULL);
  severity = sp_explanation_get_severity (explanation);
  FUZZ_CHECK (severity <= SP_EXPLANATION_SEVERITY_PERMANENT);
  FUZZ_CHECK (sp_explanation_severity_to_string (severity) != NULL);
  FUZZ_CHECK (sp_explanation_get_rule_id (explanation) != NULL);
  FUZZ_CHECK (sp_explanation_get_rule_id (explanation)[0] != '\0');
  (void) sp_explanation_get_step (explanation);
  (void) sp_explanation_is_generic (explanation);

  meaning = sp_explanation_get_meaning (explanation);
  FUZZ_CHECK (meaning != NULL && meaning[0] != '\0');
  FUZZ_CHECK (g_utf8_validate (meaning, -1, NULL));
  if (sp_explanation_get_code_meaning (explanation) != NULL)
    FUZZ_CHECK (g_utf8_validate (sp_explanation_get_code_meaning (explanation), -1, NULL));
  if (sp_explanation_is_local (explanation))
    FUZZ_CHECK (sp_explanation_get_code_meaning (explanation) == NULL);

  check_strv (sp_explanation_get_reasons (explanation),
              severity == SP_EXPLANATION_SEVERITY_INFO);
  check_strv (sp_explanation_get_advice (explanation),
              severity == SP_EXPLANATION_SEVERITY_INFO);

  text = sp_explanation_format_text (explanation, "  ", width, "<", ">");
  FUZZ_CHECK (text != NULL);
  FUZZ_CHECK (g_utf8_validate (text, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  SpStep step;
  guint8 error_selector;
  guint width;

  if (size < 2)
    return 0;

  step = (SpStep) (data[0] % N_STEPS);
  error_selector = data[1];
  width = 10 + data[0] % 120;
  text = fuzz_dup_string (data + 2, size - 2);

  if (error_selector < 64)
    {
      /* Local errors carry messages this program wrote: valid UTF-8. */
      g_autofree char *message = g_utf8_make_valid (text[0] != '\0' ? text : "x", -1);
      g_autoptr(GError) error = make_error (error_selector, message);
      g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_error (step, error);

      check_explanation (explanation, width);
      FUZZ_CHECK (sp_explanation_is_local (explanation));
    }
  else
    {
      g_autoptr(SpReply) reply = make_reply (text);
      g_autoptr(SpExplanation) explanation = NULL;

      if (reply == NULL)
        return 0;
      explanation = sp_diagnosis_explain (step, reply);
      check_explanation (explanation, width);
      FUZZ_CHECK (!sp_explanation_is_local (explanation));
    }

  return 0;
}
