/* test-diagnosis.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-diagnosis"

#include "config.h"

#include "sp-test-transcript.h"

#include <string.h>

#include <gio/gio.h>

#include "sp-diagnosis-private.h"
#include "sp-enums.h"
#include "sp-probe.h"
#include "sp-resolver.h"
#include "sp-session.h"

/* Helpers */

static SpReply *
reply_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  SpReply *reply = sp_reply_new_from_text (text, &error);

  g_assert_no_error (error);

  return reply;
}

static SpExplanation *
explain_text (SpStep      step,
              const char *text)
{
  g_autoptr(SpReply) reply = reply_new (text);

  return sp_diagnosis_explain (step, reply);
}

/* The highest step number, found from the names so that steps added
 * later are covered too. */
static guint
last_step (void)
{
  guint last = 0;

  for (guint i = 1; i < 64; i++)
    if (!g_str_equal (sp_step_to_string ((SpStep) i), "none"))
      last = i;

  return last;
}

static gboolean
parse_step (const char *name,
            SpStep     *step)
{
  for (guint i = 0; i <= last_step (); i++)
    {
      if (g_str_equal (sp_step_to_string ((SpStep) i), name))
        {
          *step = (SpStep) i;
          return TRUE;
        }
    }

  return FALSE;
}

static guint
strv_len (const char * const *strv)
{
  return strv != NULL ? g_strv_length ((char **) strv) : 0;
}

/* Never an empty explanation: a meaning always, and for every failure at
 * least one reason and one thing to try, within the limits. */
static void
assert_complete (const SpExplanation *explanation)
{
  const char * const *reasons = sp_explanation_get_reasons (explanation);
  const char * const *advice = sp_explanation_get_advice (explanation);

  g_assert_nonnull (explanation);
  g_assert_nonnull (sp_explanation_get_rule_id (explanation));
  g_assert_nonnull (sp_explanation_get_meaning (explanation));
  g_assert_cmpuint (strlen (sp_explanation_get_meaning (explanation)), >, 10);
  g_assert_nonnull (reasons);
  g_assert_nonnull (advice);
  g_assert_cmpuint (strv_len (reasons), <=, SP_DIAGNOSIS_MAX_REASONS);
  g_assert_cmpuint (strv_len (advice), <=, SP_DIAGNOSIS_MAX_ADVICE);

  if (sp_explanation_get_severity (explanation) != SP_EXPLANATION_SEVERITY_INFO)
    {
      g_assert_cmpuint (strv_len (reasons), >=, 1);
      g_assert_cmpuint (strv_len (advice), >=, 1);
    }

  for (guint i = 0; reasons[i] != NULL; i++)
    g_assert_cmpstr (reasons[i], !=, "");
  for (guint i = 0; advice[i] != NULL; i++)
    g_assert_cmpstr (advice[i], !=, "");

  if (sp_explanation_is_local (explanation))
    g_assert_null (sp_explanation_get_code_meaning (explanation));
  else
    g_assert_nonnull (sp_explanation_get_code_meaning (explanation));
}

/* error:DOMAIN:CODE as the corpus writes it */

typedef struct
{
  const char *name;
  int         code;
} NamedCode;

static const NamedCode resolver_codes[] = {
  { "invalid-name", SP_RESOLVER_ERROR_INVALID_NAME },
  { "invalid-server", SP_RESOLVER_ERROR_INVALID_SERVER },
  { "not-found", SP_RESOLVER_ERROR_NOT_FOUND },
  { "null-mx", SP_RESOLVER_ERROR_NULL_MX },
  { "no-mail-host", SP_RESOLVER_ERROR_NO_MAIL_HOST },
  { "no-addresses", SP_RESOLVER_ERROR_NO_ADDRESSES },
  { "server-failure", SP_RESOLVER_ERROR_SERVER_FAILURE },
  { "refused", SP_RESOLVER_ERROR_REFUSED },
  { "timed-out", SP_RESOLVER_ERROR_TIMED_OUT },
  { "connection", SP_RESOLVER_ERROR_CONNECTION },
  { "failed", SP_RESOLVER_ERROR_FAILED },
  { "bad-answer", SP_RESOLVER_ERROR_BAD_ANSWER },
  { "mx-names-address", SP_RESOLVER_ERROR_MX_NAMES_ADDRESS },
  { NULL, 0 }
};

static const NamedCode session_codes[] = {
  { "connection-refused", SP_SESSION_ERROR_CONNECTION_REFUSED },
  { "connect-timed-out", SP_SESSION_ERROR_CONNECT_TIMED_OUT },
  { "unreachable", SP_SESSION_ERROR_UNREACHABLE },
  { "connect-failed", SP_SESSION_ERROR_CONNECT_FAILED },
  { "timed-out", SP_SESSION_ERROR_TIMED_OUT },
  { "closed", SP_SESSION_ERROR_CLOSED },
  { "protocol", SP_SESSION_ERROR_PROTOCOL },
  { "not-connected", SP_SESSION_ERROR_NOT_CONNECTED },
  { "busy", SP_SESSION_ERROR_BUSY },
  { "tls-unavailable", SP_SESSION_ERROR_TLS_UNAVAILABLE },
  { "tls-failed", SP_SESSION_ERROR_TLS_FAILED },
  { "tls-injection", SP_SESSION_ERROR_TLS_INJECTION },
  { "auth-not-encrypted", SP_SESSION_ERROR_AUTH_NOT_ENCRYPTED },
  { "auth-unsupported", SP_SESSION_ERROR_AUTH_UNSUPPORTED },
  { "auth-untrusted", SP_SESSION_ERROR_AUTH_UNTRUSTED },
  { "tls-plaintext-peer", SP_SESSION_ERROR_TLS_PLAINTEXT_PEER },
  { "network-unreachable", SP_SESSION_ERROR_NETWORK_UNREACHABLE },
  { NULL, 0 }
};

static const NamedCode probe_codes[] = {
  { "invalid-input", SP_PROBE_ERROR_INVALID_INPUT },
  { "busy", SP_PROBE_ERROR_BUSY },
  { "tls-not-offered", SP_PROBE_ERROR_TLS_NOT_OFFERED },
  { "smtputf8-not-offered", SP_PROBE_ERROR_SMTPUTF8_NOT_OFFERED },
  { "deadline", SP_PROBE_ERROR_DEADLINE },
  { "certificate-untrusted", SP_PROBE_ERROR_CERTIFICATE_UNTRUSTED },
  { "starttls-unexpected", SP_PROBE_ERROR_STARTTLS_UNEXPECTED },
  { "port-25-blocked", SP_PROBE_ERROR_PORT_25_BLOCKED },
  { "no-port-answers", SP_PROBE_ERROR_NO_PORT_ANSWERS },
  { NULL, 0 }
};

/* A certificate problem by its JSON name: "expired", "name-mismatch", ... */
static gboolean
lookup_certificate_problem (const char *name,
                            int        *code)
{
  for (guint bit = 1; bit <= SP_TLS_PROBLEM_OTHER; bit <<= 1)
    {
      if (g_strcmp0 (sp_tls_problem_to_string ((SpTlsProblems) bit), name) == 0)
        {
          *code = (int) bit;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
lookup_named (const NamedCode *codes,
              const char      *name,
              int             *code)
{
  for (guint i = 0; codes[i].name != NULL; i++)
    {
      if (g_str_equal (codes[i].name, name))
        {
          *code = codes[i].code;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
lookup_enum_nick (GType       type,
                  const char *nick,
                  int        *code)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *value = g_enum_get_value_by_nick (klass, nick);

  if (value == NULL)
    return FALSE;

  *code = value->value;

  return TRUE;
}

static GError *
parse_error (const char *spec)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", 3);
  int code = 0;

  if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], "error"))
    return NULL;

  if (g_str_equal (parts[1], "resolver") && lookup_named (resolver_codes, parts[2], &code))
    return g_error_new_literal (SP_RESOLVER_ERROR, code, "A resolver failure");
  if (g_str_equal (parts[1], "session") && lookup_named (session_codes, parts[2], &code))
    return g_error_new_literal (SP_SESSION_ERROR, code, "A session failure");
  if (g_str_equal (parts[1], "probe") && lookup_named (probe_codes, parts[2], &code))
    return g_error_new_literal (SP_PROBE_ERROR, code, "A probe failure");
  if (g_str_equal (parts[1], "certificate") && lookup_certificate_problem (parts[2], &code))
    return g_error_new_literal (_sp_diagnosis_certificate_quark (), code,
                                "A certificate that did not validate");
  if (g_str_equal (parts[1], "io") && lookup_enum_nick (G_TYPE_IO_ERROR_ENUM, parts[2], &code))
    return g_error_new_literal (G_IO_ERROR, code, "An I/O failure");
  if (g_str_equal (parts[1], "tls") && lookup_enum_nick (G_TYPE_TLS_ERROR, parts[2], &code))
    return g_error_new_literal (G_TLS_ERROR, code, "A TLS failure");

  return NULL;
}

static int
find_rule_index (const char *id)
{
  guint n_rules;
  const SpDiagnosisRule *rules = _sp_diagnosis_get_rules (&n_rules);

  for (guint i = 0; i < n_rules; i++)
    if (g_str_equal (rules[i].id, id))
      return i;

  return -1;
}

static gboolean
match_is_end (const SpDiagnosisMatch *match)
{
  return match->code_min == 0 && match->domain == SP_DIAGNOSIS_DOMAIN_NONE;
}

/* The corpus of real replies (tests/data/corpus, scored by test-corpus)
 * counts too: a match that explains a real reply right is reached. */
static void
mark_real_corpus (gboolean *covered)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "corpus", NULL);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const guint stride = SP_DIAGNOSIS_MAX_MATCHES + 1;
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_str_has_suffix (name, ".txt") || !g_file_get_contents (path, &contents, NULL, NULL))
        continue;

      lines = g_strsplit (contents, "\n", -1);
      for (guint n = 0; lines[n] != NULL; n++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[n], " | ", -1);
          g_autoptr(GString) text = NULL;
          g_autoptr(SpReply) reply = NULL;
          g_autoptr(SpExplanation) explanation = NULL;
          SpStep step;
          int rule_index;

          if (lines[n][0] == '#' || g_strv_length (fields) != 4 || !parse_step (fields[0], &step))
            continue;

          text = g_string_new (fields[2]);
          g_string_replace (text, "\\n", "\n", 0);
          reply = sp_reply_new_from_text (text->str, NULL);
          if (reply == NULL)
            continue;

          explanation = sp_diagnosis_explain (step, reply);
          rule_index = find_rule_index (sp_explanation_get_rule_id (explanation));
          if (g_str_equal (sp_explanation_get_cause (explanation), fields[1]) && rule_index >= 0 &&
              _sp_explanation_get_match_index (explanation) >= 0)
            covered[rule_index * stride + _sp_explanation_get_match_index (explanation)] = TRUE;
        }
    }
}

/* The corpus: every line explained by the rule it names; every rule and
 * every match of every rule reached by at least one line of it or of the
 * corpus of real replies. */

static void
test_corpus (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "diagnosis-corpus.txt",
                                                 NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autofree gboolean *covered = NULL;
  const SpDiagnosisRule *rules;
  guint n_rules;
  guint n_checked = 0;
  const guint stride = SP_DIAGNOSIS_MAX_MATCHES + 1;

  rules = _sp_diagnosis_get_rules (&n_rules);
  covered = g_new0 (gboolean, n_rules * stride);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  for (guint n = 0; lines[n] != NULL; n++)
    {
      g_auto(GStrv) parts = NULL;
      g_autoptr(SpExplanation) explanation = NULL;
      g_autoptr(GError) failure = NULL;
      const char *line = g_strstrip (lines[n]);
      SpStep step;
      int rule_index;
      int match_index;

      if (*line == '\0' || *line == '#')
        continue;

      parts = g_strsplit (line, " | ", 3);
      if (g_strv_length (parts) != 3 || !parse_step (parts[0], &step))
        {
          g_string_append_printf (failures, "line %u: cannot read “%s”\n", n + 1, line);
          continue;
        }

      if (g_str_has_prefix (parts[2], "error:"))
        {
          failure = parse_error (parts[2]);
          if (failure == NULL)
            {
              g_string_append_printf (failures, "line %u: unknown error “%s”\n", n + 1, parts[2]);
              continue;
            }
          explanation = sp_diagnosis_explain_error (step, failure);
          g_assert_true (sp_explanation_is_local (explanation));
        }
      else
        {
          g_autoptr(GString) text = g_string_new (parts[2]);
          g_autoptr(SpReply) reply = NULL;

          g_string_replace (text, "\\n", "\n", 0);
          reply = sp_reply_new_from_text (text->str, &error);
          g_assert_no_error (error);
          explanation = sp_diagnosis_explain (step, reply);
          g_assert_false (sp_explanation_is_local (explanation));
        }

      assert_complete (explanation);
      g_assert_cmpint (sp_explanation_get_step (explanation), ==, step);
      n_checked++;

      if (!g_str_equal (sp_explanation_get_rule_id (explanation), parts[1]))
        {
          g_string_append_printf (failures, "line %u: expected %s, got %s for “%s”\n",
                                  n + 1, parts[1], sp_explanation_get_rule_id (explanation),
                                  parts[2]);
          continue;
        }

      rule_index = find_rule_index (parts[1]);
      match_index = _sp_explanation_get_match_index (explanation);
      g_assert_cmpint (rule_index, >=, 0);
      g_assert_cmpint (match_index, >=, 0);
      covered[rule_index * stride + match_index] = TRUE;
    }

  mark_real_corpus (covered);

  for (guint r = 0; r < n_rules; r++)
    for (guint m = 0; m < stride && !match_is_end (&rules[r].matches[m]); m++)
      if (!covered[r * stride + m])
        g_string_append_printf (failures, "rule %s: no corpus line reaches its match %u\n",
                                rules[r].id, m + 1);

  g_test_message ("%u corpus lines checked against %u rules", n_checked, n_rules);
  if (failures->len > 0)
    g_test_message ("%s", failures->str);
  g_assert_cmpstr (failures->str, ==, "");
  g_assert_cmpuint (n_checked, >=, n_rules);
}

/* The table itself */

static gboolean
enhanced_pattern_valid (const char *pattern)
{
  g_auto(GStrv) parts = g_strsplit (pattern, ".", -1);

  if (g_strv_length (parts) != 3)
    return FALSE;
  if (!g_str_equal (parts[0], "*") && !g_str_equal (parts[0], "2") &&
      !g_str_equal (parts[0], "4") && !g_str_equal (parts[0], "5"))
    return FALSE;

  for (guint i = 1; i < 3; i++)
    {
      g_auto(GStrv) range = g_strsplit (parts[i], "-", -1);
      guint64 low;
      guint64 high;

      if (g_str_equal (parts[i], "*"))
        continue;
      /* A number, or a range "606-649" that is not empty. */
      if (g_strv_length (range) > 2 ||
          !g_ascii_string_to_unsigned (range[0], 10, 0, 999, &low, NULL) ||
          !g_ascii_string_to_unsigned (range[1] != NULL ? range[1] : range[0], 10, 0, 999,
                                       &high, NULL) ||
          low > high)
        return FALSE;
    }

  return TRUE;
}

static void
test_rules_table (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GRegex) id_regex = g_regex_new ("^[a-z0-9]+(-[a-z0-9]+)*$", 0, 0, NULL);
  const SpDiagnosisRule *rules;
  guint n_rules;
  gboolean has_catch_all = FALSE;

  rules = _sp_diagnosis_get_rules (&n_rules);
  g_assert_cmpuint (n_rules, >=, 60);

  for (guint r = 0; r < n_rules; r++)
    {
      const SpDiagnosisRule *rule = &rules[r];
      gboolean is_generic = g_str_has_prefix (rule->id, "generic-");
      gboolean has_error_match = FALSE;
      guint n_matches = 0;
      guint n_reasons = 0;
      guint n_advice = 0;

      g_test_message ("rule %s", rule->id);
      g_assert_true (g_regex_match (id_regex, rule->id, 0, NULL));
      g_assert_false (g_hash_table_contains (ids, rule->id));
      g_hash_table_add (ids, (gpointer) rule->id);

      while (n_reasons <= SP_DIAGNOSIS_MAX_REASONS && rule->reasons[n_reasons] != NULL)
        n_reasons++;
      while (n_advice <= SP_DIAGNOSIS_MAX_ADVICE && rule->advice[n_advice] != NULL)
        n_advice++;
      g_assert_cmpuint (n_reasons, <=, SP_DIAGNOSIS_MAX_REASONS);
      g_assert_cmpuint (n_advice, <=, SP_DIAGNOSIS_MAX_ADVICE);

      /* Reasons and advice are what helpdesk staff act on; only rules for
       * what is no failure may go without. */
      if (rule->severity != SP_EXPLANATION_SEVERITY_INFO)
        {
          g_assert_cmpuint (n_reasons, >=, 1);
          g_assert_cmpuint (n_advice, >=, 1);
        }
      else
        g_assert_true (is_generic || n_advice >= 1);

      /* Specific rules say what happened; generic ones read the digits. */
      if (!is_generic)
        {
          g_assert_nonnull (rule->meaning);
          g_assert_true (g_str_has_suffix (rule->meaning, "."));
        }
      else
        g_assert_null (rule->meaning);

      for (guint m = 0; m <= SP_DIAGNOSIS_MAX_MATCHES && !match_is_end (&rule->matches[m]); m++)
        {
          const SpDiagnosisMatch *match = &rule->matches[m];

          n_matches++;

          if (match->domain != SP_DIAGNOSIS_DOMAIN_NONE)
            {
              has_error_match = TRUE;
              g_assert_cmpuint (match->code_min, ==, 0);
              g_assert_null (match->enhanced);
              g_assert_null (match->pattern);
              if (match->domain == SP_DIAGNOSIS_DOMAIN_ANY &&
                  match->code == SP_DIAGNOSIS_ANY_CODE && match->steps == 0)
                has_catch_all = TRUE;
            }
          else
            {
              g_assert_cmpuint (match->code_min, >=, 200);
              g_assert_cmpuint (match->code_max, <=, 559);
              g_assert_cmpuint (match->code_min, <=, match->code_max);
            }

          if (match->enhanced != NULL)
            g_assert_true (enhanced_pattern_valid (match->enhanced));

          if (match->pattern != NULL)
            {
              g_autoptr(GError) error = NULL;
              g_autoptr(GRegex) regex = g_regex_new (match->pattern, G_REGEX_CASELESS, 0, &error);

              g_assert_no_error (error);
            }

          g_assert_cmpint (_sp_diagnosis_match_score (match), >=, 0);
        }

      g_assert_cmpuint (n_matches, >=, 1);
      g_assert_cmpuint (n_matches, <=, SP_DIAGNOSIS_MAX_MATCHES);
      if (has_error_match)
        g_assert_nonnull (rule->meaning);
    }

  g_assert_true (has_catch_all);

  /* Every cause that has steps where it cannot be is a rule's cause. */
  for (guint i = 0; _sp_diagnosis_get_misplaced_cause (i) != NULL; i++)
    {
      const char *cause = _sp_diagnosis_get_misplaced_cause (i);
      gboolean found = FALSE;

      for (guint r = 0; r < n_rules && !found; r++)
        found = g_strcmp0 (rules[r].cause != NULL ? rules[r].cause : rules[r].id, cause) == 0;
      g_test_message ("misplaced cause %s", cause);
      g_assert_true (found);
      g_assert_false (_sp_diagnosis_cause_fits_step (cause, SP_STEP_BANNER));
      g_assert_true (_sp_diagnosis_cause_fits_step (cause, SP_STEP_MESSAGE));
    }
}

/* Specificity: step + code + enhanced + text beats code + enhanced beats
 * code beats a hint beats the digits. */
static void
test_specificity (void)
{
  SpDiagnosisMatch digits = { 0, 500, 559, NULL, NULL, SP_DIAGNOSIS_DOMAIN_NONE, 0 };
  SpDiagnosisMatch code = { 0, 550, 550, NULL, NULL, SP_DIAGNOSIS_DOMAIN_NONE, 0 };
  SpDiagnosisMatch code_enhanced = { 0, 550, 550, "5.1.1", NULL, SP_DIAGNOSIS_DOMAIN_NONE, 0 };
  SpDiagnosisMatch wildcard = { 0, 550, 550, "*.1.*", NULL, SP_DIAGNOSIS_DOMAIN_NONE, 0 };
  SpDiagnosisMatch all = { 1u << SP_STEP_RCPT, 550, 550, "5.1.1", "unknown",
                           SP_DIAGNOSIS_DOMAIN_NONE, 0 };
  SpDiagnosisMatch hint = { 1u << SP_STEP_RCPT, 500, 559, NULL, "failed",
                            SP_DIAGNOSIS_DOMAIN_NONE, 0, -1 };
  SpDiagnosisMatch any_error = { 0, 0, 0, NULL, NULL, SP_DIAGNOSIS_DOMAIN_ANY, -1 };
  SpDiagnosisMatch domain = { 0, 0, 0, NULL, NULL, SP_DIAGNOSIS_DOMAIN_SESSION, -1 };
  SpDiagnosisMatch domain_code = { 0, 0, 0, NULL, NULL, SP_DIAGNOSIS_DOMAIN_SESSION, 2 };

  const SpDiagnosisMatch *order[] = { &all, &code_enhanced, &wildcard, &code, &hint, &digits };
  const SpDiagnosisMatch *error_order[] = { &domain_code, &domain, &any_error };

  for (guint i = 1; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpint (_sp_diagnosis_match_score (order[i - 1]), >,
                     _sp_diagnosis_match_score (order[i]));
  for (guint i = 1; i < G_N_ELEMENTS (error_order); i++)
    g_assert_cmpint (_sp_diagnosis_match_score (error_order[i - 1]), >,
                     _sp_diagnosis_match_score (error_order[i]));
}

/* The same code means different things at different steps. */
static void
test_step_matters (void)
{
  static const struct
  {
    SpStep      step;
    const char *reply;
    const char *rule;
  } cases[] = {
    { SP_STEP_MAIL, "550 5.7.1 Rejected", "generic-mail-policy" },
    { SP_STEP_RCPT, "550 5.7.1 Rejected", "generic-rcpt-5xx" },
    { SP_STEP_MESSAGE, "550 5.7.1 Rejected", "generic-message-5xx" },
    { SP_STEP_EHLO, "501 5.5.4 Argument rejected", "ehlo-syntax" },
    { SP_STEP_MAIL, "501 5.5.4 Argument rejected", "syntax-error" },
    { SP_STEP_BANNER, "554 5.0.0 Refused", "generic-banner-5xx" },
    { SP_STEP_RCPT, "554 5.0.0 Refused", "generic-rcpt-5xx" },
    { SP_STEP_DATA, "250 2.0.0 Ok", "data-no-go-ahead" },
    { SP_STEP_MESSAGE, "250 2.0.0 Ok", "generic-success" },
    { SP_STEP_BANNER, "220 mx.example.test ESMTP", "generic-success" },
    { SP_STEP_BANNER, "221 2.0.0 Bye", "unexpected-reply" },
    /* No recipient is known before RCPT TO, and no sender or message
     * before MAIL FROM: the words cannot be about them. */
    { SP_STEP_RCPT, "550 5.1.1 User unknown", "recipient-unknown" },
    { SP_STEP_MAIL, "550 5.1.1 User unknown", "generic-mail-5xx" },
    { SP_STEP_RCPT, "452 4.2.2 Mailbox full", "mailbox-full" },
    { SP_STEP_EHLO, "452 4.2.2 Mailbox full", "generic-greeting-4xx" },
    { SP_STEP_MAIL, "550 5.7.1 Sender not allowed", "sender-blocked" },
    { SP_STEP_BANNER, "550 5.7.1 Sender not allowed", "generic-banner-5xx" },
    { SP_STEP_MESSAGE, "554 5.7.1 Message content rejected", "message-content" },
    { SP_STEP_EHLO, "554 5.7.1 Message content rejected", "generic-greeting-5xx" },
    { SP_STEP_MAIL, "554 5.7.1 Message content rejected", "generic-mail-policy" },
    /* A 421 is the server closing: about itself, or about something else. */
    { SP_STEP_MAIL, "421 sorry I have an emergency", "service-unavailable" },
    { SP_STEP_BANNER, "421", "service-unavailable" },
    { SP_STEP_MAIL, "421 4.7.0 Please reconnect", "generic-mail-4xx" },
    /* The words of an address in angle brackets are its name, not what the
     * server says about it; the same words outside the brackets count. */
    { SP_STEP_RCPT, "550 Invalid recipient: <kate@blocked.example>", "recipient-unknown" },
    { SP_STEP_RCPT, "550 5.2.1 <kate@example.org>: Recipient address rejected: blocked",
      "recipient-disabled" },
    /* So are the words of an address without brackets, the one the person
     * tests among them; a role address the server says to write to is
     * not a name but where to ask. */
    { SP_STEP_RCPT, "550 spam.reports@example.com: User unknown", "recipient-unknown" },
    { SP_STEP_RCPT, "550 unknown user blocked.account@virus-lab.example.com",
      "recipient-unknown" },
    { SP_STEP_RCPT, "550 Mailbox spam@example.com does not exist", "recipient-unknown" },
    { SP_STEP_RCPT, "421 Try again later (192.0.2.4). Please contact abuse@mail.example",
      "ip-reputation" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpExplanation) explanation = explain_text (cases[i].step, cases[i].reply);

      g_test_message ("%s at %s", cases[i].reply, sp_step_to_string (cases[i].step));
      g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, cases[i].rule);
      assert_complete (explanation);
    }

  /* The reasons differ too, not just the rule's name. */
  {
    g_autoptr(SpExplanation) at_mail = explain_text (SP_STEP_MAIL, "550 5.0.0 No");
    g_autoptr(SpExplanation) at_rcpt = explain_text (SP_STEP_RCPT, "550 5.0.0 No");

    g_assert_cmpstr (sp_explanation_get_reasons (at_mail)[0], !=,
                     sp_explanation_get_reasons (at_rcpt)[0]);
    g_assert_cmpstr (sp_explanation_get_meaning (at_mail), ==,
                     sp_explanation_get_meaning (at_rcpt));
  }
}

/* What a policy service, a milter or an access map answers reads the same
 * behind the words Postfix or Sendmail puts before it. */
static void
test_behind_postfix (void)
{
  static const char *const answers[] = {
    "550 5.5.1 Protocol error",
    "450 [S09] Try Again Later",
    "550 #5.1.0 Address rejected",
    "501 5.1.3 TO syntax error",
    "550 5.7.1 Recipient domain not allowed",
    "550 Verification failed for <kate@example.net>",
  };
  static const char *const befores[] = {
    "<kate@example.org>: Recipient address rejected: ",
    "<kate@example.org>... ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers) * G_N_ELEMENTS (befores); i++)
    {
      const char *answer = answers[i / G_N_ELEMENTS (befores)];
      g_autoptr(SpExplanation) plain = explain_text (SP_STEP_RCPT, answer);
      g_autofree char *behind = NULL;
      g_autoptr(SpExplanation) wrapped = NULL;
      const char *code_end = answer + 4;

      if (g_ascii_isdigit (*code_end))
        code_end = strchr (code_end, ' ') + 1;
      behind = g_strdup_printf ("%.*s%s%s", (int) (code_end - answer), answer,
                                befores[i % G_N_ELEMENTS (befores)], code_end);
      wrapped = explain_text (SP_STEP_RCPT, behind);

      g_test_message ("%s", behind);
      g_assert_false (sp_explanation_is_generic (plain));
      g_assert_cmpstr (sp_explanation_get_cause (wrapped), ==, sp_explanation_get_cause (plain));
    }
}

/* A reply reads the same with the tag a server ends each reply with:
 * Gmail's "<id> - gsmtp", Microsoft's "[host timestamp id]", a "[host]". */
static void
test_server_tags (void)
{
  static const struct {
    SpStep step;
    const char *reply;
  } replies[] = {
    { SP_STEP_RCPT, "451 4.3.0 Please try again later." },
    { SP_STEP_EHLO, "550 5.5.0 Invalid EHLO domain" },
    { SP_STEP_MAIL, "421 4.4.1 Connection timed out" },
    { SP_STEP_MAIL, "550 5.1.8 Sender address rejected" },
    { SP_STEP_BANNER, "421" },
  };
  static const char *const tags[] = {
    " a640c23a62f3a-ab7e0f5e1b9si123456.45 - gsmtp",
    " [BN8NAM12FT045.eop-nam12.prod.protection.outlook.com 2024-05-01T10:00:00.000Z "
    "08DC6A1B2C3D4E5F] [BN8NAM12FT046.eop-nam12.prod.protection.outlook.com]",
    " [mx2.example.net]",
    " For more information see https://support.example.com/mail/answer/81126",
    " If you believe this is an error, please contact postmaster@example.com.",
    " [ID 1234-5678]",
    " (S2017062302)",
    " QID 4PxT8hQa012345",
    " (in reply to RCPT TO command)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    for (guint j = 0; j < G_N_ELEMENTS (tags); j++)
      {
        g_autoptr(SpExplanation) plain = explain_text (replies[i].step, replies[i].reply);
        g_autofree char *tagged_text = g_strconcat (replies[i].reply, tags[j], NULL);
        g_autoptr(SpExplanation) tagged = explain_text (replies[i].step, tagged_text);

        g_test_message ("%s", tagged_text);
        g_assert_false (sp_explanation_is_generic (plain));
        g_assert_cmpstr (sp_explanation_get_cause (tagged), ==,
                         sp_explanation_get_cause (plain));
      }
}

static char *
with_address (const char *reply,
              const char *address)
{
  GString *text = g_string_new (reply);

  g_string_replace (text, "ADDRESS", address, 0);

  return g_string_free (text, FALSE);
}

/* The common words in a link ("/postmaster/spam-policy-blocklist.html")
 * name no cause; a link that names a list does. */
static void
test_link_words (void)
{
  static const struct {
    SpStep step;
    const char *reply;
  } replies[] = {
    { SP_STEP_RCPT, "550 5.1.1 Unknown or illegal user" },
    { SP_STEP_RCPT, "550 Rejected" },
    { SP_STEP_MESSAGE, "554 5.7.1 Message rejected as spam" },
  };
  static const char link[] = " Please visit https://www.example.com/postmaster/"
                             "spam-policy-blocklist.html";

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(SpExplanation) plain = explain_text (replies[i].step, replies[i].reply);
      g_autofree char *linked_text = g_strconcat (replies[i].reply, link, NULL);
      g_autoptr(SpExplanation) linked = explain_text (replies[i].step, linked_text);

      g_test_message ("%s", linked_text);
      g_assert_cmpstr (sp_explanation_get_cause (linked), ==, sp_explanation_get_cause (plain));
      g_assert_cmpint (sp_explanation_is_generic (linked), ==,
                       sp_explanation_is_generic (plain));
    }

  {
    g_autoptr(SpExplanation) listed = explain_text (SP_STEP_RCPT,
      "554 Rejected as spam see: http://spamcop.net/bl.shtml?192.0.2.30");

    g_assert_cmpstr (sp_explanation_get_cause (listed), ==, "blocklist");
  }
}

/* @variant, a way a server words @reference, explains the same cause,
 * and @reference a specific one. */
static void
assert_reads_the_same (SpStep      step,
                       const char *reference,
                       const char *variant)
{
  g_autoptr(SpExplanation) expected = explain_text (step, reference);
  g_autoptr(SpExplanation) got = explain_text (step, variant);
  /* TAP output must be UTF-8: a variant in ISO 8859-1 is shown escaped. */
  g_autofree char *shown = g_utf8_validate (variant, -1, NULL) ? g_strdup (variant)
                                                               : g_strescape (variant, NULL);

  g_test_message ("%s", shown);
  g_assert_false (sp_explanation_is_generic (expected));
  g_assert_cmpstr (sp_explanation_get_cause (got), ==, sp_explanation_get_cause (expected));
}

/* A reply and the same reply as another server words or formats it. */
typedef struct {
  SpStep step;
  const char *reference;
  const char *variant;
} ReplyPair;

static void
assert_pairs_read_the_same (const ReplyPair *pairs,
                            gsize            n_pairs)
{
  for (gsize i = 0; i < n_pairs; i++)
    assert_reads_the_same (pairs[i].step, pairs[i].reference, pairs[i].variant);
}

/* A client's IPv6 address says what its IPv4 address would. */
static void
test_ipv6_client (void)
{
  static const struct {
    SpStep step;
    const char *reply;
  } replies[] = {
    { SP_STEP_RCPT, "550 5.7.1 Rejecting mail, ADDRESS is blacklisted" },
    { SP_STEP_RCPT, "550 ADDRESS is not allowed to send mail from example.com" },
    { SP_STEP_MAIL, "550 sender IP address ADDRESS is blacklisted here." },
    { SP_STEP_RCPT, "554 5.7.1 Service unavailable; Client host [ADDRESS] blocked you may be "
                    "infected" },
  };
  static const char *const ipv6[] = { "2001:db8::25", "2a00:1450:4864:20::531",
                                      "2001:0db8:0000:0000:0000:ff00:0042:8329" };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    for (guint j = 0; j < G_N_ELEMENTS (ipv6); j++)
      {
        g_autofree char *over_ipv4 = with_address (replies[i].reply, "192.0.2.25");
        g_autofree char *over_ipv6 = with_address (replies[i].reply, ipv6[j]);

        assert_reads_the_same (replies[i].step, over_ipv4, over_ipv6);
      }
}

/* Many servers send no enhanced code (qmail, Exim and Sendmail without
 * their DSN settings, appliances, rewritten replies): where the words
 * name the cause, a reply reads the same with or without one. */
static void
test_words_without_code (void)
{
  static const struct {
    SpStep step;
    const char *code;
    const char *text;
  } replies[] = {
    { SP_STEP_RCPT, "550 5.1.1", "Mailbox <kate@example.com> does not exist" },
    { SP_STEP_RCPT, "550 5.1.1", "This mailbox is not found." },
    { SP_STEP_RCPT, "550 5.1.1", "<kate@example.com>... User is unknown" },
    { SP_STEP_RCPT, "550 5.1.1", "Bad destination mailbox address" },
    { SP_STEP_RCPT, "550 5.1.2", "Requested action not taken: Bad destination system address" },
    { SP_STEP_RCPT, "553 5.1.1", "unknown or illegal alias: kate@example.com" },
    { SP_STEP_RCPT, "452 4.5.3", "max of 1000 recipients reached" },
    { SP_STEP_MAIL, "501 5.1.8", "Sorry, can't find a mail exchanger for sender address" },
    { SP_STEP_MAIL, "501 5.1.7", "Sender address malformed" },
    { SP_STEP_MAIL, "501 5.5.4", "SIZE requires a value" },
    { SP_STEP_RCPT, "451 4.3.0", "cannot initialize Hesiod map (Connection refused)" },
    { SP_STEP_MESSAGE, "451 4.3.0", "Error queuing message" },
    { SP_STEP_MESSAGE, "554 5.6.0", "Error parsing message" },
    { SP_STEP_MESSAGE, "452 4.3.1", "Insufficient storage." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autofree char *with_code = g_strdup_printf ("%s %s", replies[i].code, replies[i].text);
      g_autofree char *without = g_strdup_printf ("%.3s %s", replies[i].code, replies[i].text);

      assert_reads_the_same (replies[i].step, with_code, without);
    }
}

/* A reply copied from a web page, or sent by a newer server, may have
 * typographic quotes and dashes or no-break spaces, an older server may
 * send ISO 8859-1, some servers pad with two spaces or exclaim, and a bounce
 * puts a multi-line reply on one line: it reads as with ASCII punctuation,
 * UTF-8, single spaces and its own lines. */
static void
test_typographic (void)
{
  static const ReplyPair replies[] = {
    { SP_STEP_MESSAGE, "554 delivery error: dd This user doesn't have a yahoo.com account",
      "554 delivery error: dd This user doesn\u2019t have a yahoo.com account" },
    { SP_STEP_RCPT, "553 mailbox can't be empty", "553 mailbox can\u2019t be empty" },
    { SP_STEP_MAIL, "550 5.7.1 We don't accept mail from spammers",
      "550 5.7.1 We don\u2019t accept mail from spammers" },
    { SP_STEP_RCPT, "550 User unknown", "550 User\u00a0unknown" },
    { SP_STEP_RCPT, "550 Mailbox does not exist", "550 Mailbox  does  not  exist" },
    { SP_STEP_RCPT, "451 4.7.1 Please try again later.", "451 4.7.1 Please try again later!" },
    /* Taken from a web page's source. */
    { SP_STEP_MAIL, "550 5.7.1 <root@example.jp>... Access denied",
      "550 5.7.1 &lt;root@example.jp&gt;... Access denied" },
    { SP_STEP_MESSAGE, "554 delivery error: dd This user doesn't have a yahoo.com account",
      "554 delivery error: dd This user doesn&#39;t have a yahoo.com account" },
    /* Bytes of ISO 8859-1 or Windows-1252, as older servers send them. */
    { SP_STEP_RCPT, "550 Usu\xc3\xa1rio inexistente", "550 Usu\xe1" "rio inexistente" },
    { SP_STEP_MESSAGE, "554 delivery error: dd This user doesn't have a yahoo.com account",
      "554 delivery error: dd This user doesn\x92t have a yahoo.com account" },
    /* A multi-line reply as a bounce puts it on one line. */
    { SP_STEP_RCPT,
      "550-example.net [192.0.2.211] is currently not permitted to\n"
      "550-relay through this server. Perhaps you have not logged into the pop/imap\n"
      "550 server in the last 30 minutes or do not have SMTP Authentication turned on.",
      "550 example.net [192.0.2.211] is currently not permitted to 550-relay through this "
      "server. Perhaps you have not logged into the pop/imap 550 server in the last 30 minutes "
      "or do not have SMTP Authentication turned on." },
  };

  assert_pairs_read_the_same (replies, G_N_ELEMENTS (replies));
}

/* Servers name one cause in other words: "excessive" for "too many",
 * "mandatory" or "needed" for "required", "forbidden" for "not allowed",
 * "deactivated" for "disabled", "junk mail" for spam, "blocklist" or
 * "denylist" for "blacklist", "refused", "declined" or "denied" for
 * "rejected", "Access rejected" for "Access denied", "inbox" for "mailbox",
 * "unauthorized" for "not authorized", "SMTP AUTH" for "authentication",
 * a hyphen in "rate-limit", "temporary" for "temporarily"; with
 * contractions ("isn't", "can't") and British spelling ("unrecognised"). */
static void
test_synonyms (void)
{
  static const ReplyPair replies[] = {
    { SP_STEP_BANNER, "421 4.7.0 Error: too many connections from 192.0.2.10",
      "421 4.7.0 Error: excessive connections from 192.0.2.10" },
    { SP_STEP_RCPT, "421 4.7.0 Error: too many errors", "421 4.7.0 Error: excessive errors" },
    { SP_STEP_MAIL, "451 4.7.1 Rate limit exceeded, please try again later",
      "451 4.7.1 Rate-limit exceeded, please try again later" },
    { SP_STEP_MAIL, "550 Authentication is required for relay",
      "550 Authentication is mandatory for relay" },
    { SP_STEP_MAIL, "501 5.5.4 You are not allowed to send from this address.",
      "501 5.5.4 You are forbidden to send from this address." },
    { SP_STEP_MAIL, "501 5.5.4 You are not allowed to send from this address.",
      "501 5.5.4 You are prohibited to send from this address." },
    { SP_STEP_RCPT, "550 5.7.1 Relaying not allowed", "550 5.7.1 Relaying is forbidden" },
    { SP_STEP_RCPT, "450 4.2.0 Recipient temporarily unavailable",
      "450 4.2.0 Recipient temporary unavailable" },
    { SP_STEP_RCPT, "451 4.4.3 Temporary error checking address",
      "451 4.4.3 Temporarily error checking address" },
    { SP_STEP_RCPT, "550 5.7.1 Message contains spam or virus.",
      "550 5.7.1 Message contains junk mail or virus." },
    { SP_STEP_RCPT, "550 User unknown", "550 User nonexistent" },
    { SP_STEP_RCPT, "550 Addressee unknown", "550 Addressee nonexistent" },
    { SP_STEP_MAIL, "550 <user@example.com>, Sender does not exist",
      "550 <user@example.com>, Sender nonexistent" },
    { SP_STEP_AUTH, "421 4.7.0 Too many AUTH failures from your IP",
      "421 4.7.0 Excessive AUTH failures from your IP" },
    { SP_STEP_RCPT, "550 5.7.1 Session encryption is required",
      "550 5.7.1 Session encryption is needed" },
    { SP_STEP_MAIL, "501 5.5.4 MT-PRIORITY extension has been disabled.",
      "501 5.5.4 MT-PRIORITY extension has been deactivated." },
    { SP_STEP_MAIL, "550 mail not accepted from blacklisted IP address (192.0.2.20)",
      "550 mail not accepted from blocklisted IP address (192.0.2.20)" },
    { SP_STEP_RCPT, "550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using "
                    "Blacklist 1",
      "550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using Denylist 1" },
    { SP_STEP_RCPT, "550 5.7.1 Relaying denied", "550 5.7.1 Relaying rejected" },
    { SP_STEP_BANNER, "554 5.7.1 Access denied", "554 5.7.1 Access rejected" },
    { SP_STEP_RCPT, "550 5.1.0 Address rejected", "550 5.1.0 Address refused" },
    { SP_STEP_RCPT, "550 5.1.0 Address rejected", "550 5.1.0 Address denied" },
    { SP_STEP_RCPT, "550 5.7.1 Relaying denied", "550 5.7.1 Relaying is denied" },
    { SP_STEP_MAIL, "550 5.7.1 sender rejected by policy", "550 5.7.1 sender declined by policy" },
    { SP_STEP_RCPT, "552 user@example.com has a full mailbox",
      "552 user@example.com has a full inbox" },
    { SP_STEP_MAIL, "550 5.7.1 You are not authorized to send email using this identity",
      "550 5.7.1 You are unauthorized to send email using this identity" },
    { SP_STEP_AUTH, "535 Authentication failure", "535 SMTP AUTH failure" },
    { SP_STEP_MESSAGE, "550 5.4.5 Daily sending quota exceeded.",
      "550 5.4.5 Daily sending over quota." },
    { SP_STEP_RCPT, "550 Recipient is not valid", "550 Recipient isn't valid" },
    { SP_STEP_RCPT, "450 Client host rejected: cannot find your hostname",
      "450 Client host rejected: can not find your hostname" },
    { SP_STEP_EHLO, "500 5.5.2 Syntax error, command unrecognized",
      "500 5.5.2 Syntax error, command unrecognised" },
  };

  assert_pairs_read_the_same (replies, G_N_ELEMENTS (replies));
}

/* Many servers start a reply with their own name ("421 mx.example.com
 * Service not available") or a label ("Error: ", "Requested action not
 * taken: "), and a filter or a bounce quotes another server's reply:
 * what follows reads as it would alone. */
static void
test_openings (void)
{
  static const struct {
    SpStep step;
    const char *code;
    const char *text;
  } replies[] = {
    { SP_STEP_RCPT, "451 4.7.1", "Please try again later" },
    { SP_STEP_RCPT, "550", "#5.1.0 Address rejected" },
    { SP_STEP_BANNER, "554", "Service currently unavailable" },
    { SP_STEP_MAIL, "421", "Timeout - closing connection" },
    { SP_STEP_MAIL, "553 5.1.7", "Sender address rejected" },
  };
  static const char *const openings[] = { "mx.example.com ", "mx1.mail.example.net: ",
                                          "Sorry, ", "Requested action not taken: " };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autofree char *alone = g_strdup_printf ("%s %s", replies[i].code, replies[i].text);
      g_autofree char *relayed = g_strdup_printf ("%s id=12345-01 - Rejected by next-hop MTA "
                                                  "on relaying, from MTA(smtp:[127.0.0.1]:10025): "
                                                  "%s", replies[i].code, alone);
      g_autofree char *bounced = g_strdup_printf ("%s host mx.example.net[192.0.2.25] said: %s",
                                                  replies[i].code, alone);

      for (guint j = 0; j < G_N_ELEMENTS (openings); j++)
        {
          g_autofree char *opened = g_strdup_printf ("%s %s%s", replies[i].code, openings[j],
                                                     replies[i].text);

          assert_reads_the_same (replies[i].step, alone, opened);
        }

      /* A content filter or a bounce quoting the reply: it starts after
       * the quoted codes. */
      assert_reads_the_same (replies[i].step, alone, relayed);
      assert_reads_the_same (replies[i].step, alone, bounced);
    }
}

/* qmail and its descendants write the enhanced code after the text,
 * "(#5.1.1)", and a few servers "#5.1.1" before it: it counts as the
 * enhanced code, in the cause and in what the codes mean. */
static void
test_qmail_enhanced_code (void)
{
  static const struct {
    SpStep step;
    const char *rfc;
    const char *qmail;
  } replies[] = {
    { SP_STEP_RCPT, "550 5.1.1 Something odd", "550 Something odd (#5.1.1)" },
    { SP_STEP_MAIL, "553 5.1.8 Sender address rejected", "553 Sender address rejected (#5.1.8)" },
    { SP_STEP_RCPT, "451 4.3.0 Please try again later.", "451 Please try again later. (#4.3.0)" },
    { SP_STEP_RCPT, "550 5.1.0 Address rejected", "550 #5.1.0 Address rejected" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(SpExplanation) rfc = explain_text (replies[i].step, replies[i].rfc);
      g_autoptr(SpExplanation) qmail = explain_text (replies[i].step, replies[i].qmail);
      char code[6];

      g_test_message ("%s", replies[i].qmail);
      g_assert_cmpstr (sp_explanation_get_cause (qmail), ==, sp_explanation_get_cause (rfc));
      g_assert_cmpint (sp_explanation_is_generic (qmail), ==, sp_explanation_is_generic (rfc));
      g_strlcpy (code, replies[i].rfc + 4, sizeof code);
      g_assert_nonnull (strstr (sp_explanation_get_code_meaning (qmail), code));
    }
}

/* What a reply says about the client (its address on a list or blocked, its
 * rate) reads the same at whatever step the server says it: words such as
 * "spam", "exploits" or "infected" around it name no content. */
static void
test_client_at_any_step (void)
{
  static const struct {
    const char *reply;
    const char *cause;
  } replies[] = {
    { "554 mx.example.com IB105. Connection refused. 192.0.2.44 is listed on the Exploits "
      "Block List (XBL)", "blocklist" },
    { "550 rejected because 192.0.2.6 is in a black list at dnsbl.example.net", "blocklist" },
    { "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked you may be infected",
      "ip-reputation" },
    { "550 5.7.1 Rejected recent spam source [mx.example.net]", "ip-reputation" },
    { "503 Bad sequence of commands: Maximum allowed mail transactions exceeded.",
      "rate-limited" },
    { "450 4.7.1 Too many rcpt per IP; try later", "rate-limited" },
  };
  static const SpStep steps[] = {
    SP_STEP_BANNER, SP_STEP_EHLO, SP_STEP_MAIL, SP_STEP_RCPT, SP_STEP_DATA,
    SP_STEP_MESSAGE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    for (guint j = 0; j < G_N_ELEMENTS (steps); j++)
      {
        g_autoptr(SpExplanation) explanation = explain_text (steps[j], replies[i].reply);

        g_test_message ("%s at %s", replies[i].reply, sp_step_to_string (steps[j]));
        g_assert_cmpstr (sp_explanation_get_cause (explanation), ==, replies[i].cause);
      }

  /* A named list still outranks the words of a block, and a domain on a
   * list is the sender's. */
  {
    g_autoptr(SpExplanation) listed = explain_text (SP_STEP_RCPT,
      "550 5.7.1 Client address [192.0.2.44] blocked. Listed on The Spamhaus Project.");
    g_autoptr(SpExplanation) domain = explain_text (SP_STEP_MAIL,
      "550 5.7.1 Service unavailable, MailFrom domain is listed in Spamhaus.");

    g_assert_cmpstr (sp_explanation_get_cause (listed), ==, "blocklist");
    g_assert_cmpstr (sp_explanation_get_cause (domain), ==, "sender-blocked");
  }
}

/* No rule knows a reply: its digits and enhanced code still speak. */
static void
test_generic_fallback (void)
{
  g_autoptr(SpExplanation) success = explain_text (SP_STEP_RCPT, "259 2.9.9 Odd but fine");
  g_autoptr(SpExplanation) permanent = explain_text (SP_STEP_RCPT, "554 5.9.9 Something odd");
  g_autoptr(SpExplanation) temporary = explain_text (SP_STEP_MAIL, "432 4.4.99 Something odd");
  g_autoptr(SpExplanation) bare = explain_text (SP_STEP_DATA, "550 Something odd");
  g_autoptr(SpExplanation) known = explain_text (SP_STEP_RCPT, "550 5.1.1 User unknown");
  g_autoptr(SpExplanation) other = explain_text (SP_STEP_RCPT, "451 4.2.0 Try later");
  /* Words of the server's own failure that no rule knows, and the same
   * kind of words about something else. */
  g_autoptr(SpExplanation) hinted = explain_text (SP_STEP_MESSAGE, "451 Blob storage failed");
  g_autoptr(SpExplanation) unhinted = explain_text (SP_STEP_MESSAGE, "451 Nothing failed");
  const char *meaning;

  g_assert_cmpstr (sp_explanation_get_cause (hinted), ==, "server-error");
  g_assert_false (sp_explanation_is_generic (hinted));
  g_assert_true (sp_explanation_is_generic (unhinted));

  g_assert_cmpstr (sp_explanation_get_rule_id (success), ==, "generic-success");
  g_assert_true (sp_explanation_is_generic (success));
  g_assert_cmpint (sp_explanation_get_severity (success), ==, SP_EXPLANATION_SEVERITY_INFO);
  meaning = sp_explanation_get_meaning (success);
  g_assert_nonnull (strstr (meaning, "259 means success"));
  g_assert_nonnull (strstr (meaning, "the mail system"));
  g_assert_nonnull (strstr (meaning, "2.9.9 reports success. Its subject 9 is not defined"));
  assert_complete (success);

  g_assert_cmpstr (sp_explanation_get_rule_id (permanent), ==, "generic-rcpt-5xx");
  g_assert_true (sp_explanation_is_generic (permanent));
  g_assert_cmpint (sp_explanation_get_severity (permanent), ==,
                   SP_EXPLANATION_SEVERITY_PERMANENT);
  meaning = sp_explanation_get_meaning (permanent);
  g_assert_nonnull (strstr (meaning, "554 means a permanent failure"));
  g_assert_nonnull (strstr (meaning, "5.9.9 is a permanent failure"));
  g_assert_cmpstr (meaning, ==, sp_explanation_get_code_meaning (permanent));
  assert_complete (permanent);

  g_assert_cmpstr (sp_explanation_get_rule_id (temporary), ==, "generic-mail-4xx");
  g_assert_cmpint (sp_explanation_get_severity (temporary), ==,
                   SP_EXPLANATION_SEVERITY_TEMPORARY);
  meaning = sp_explanation_get_meaning (temporary);
  g_assert_nonnull (strstr (meaning, "432 means a temporary failure"));
  /* The second digit 3 means nothing, so it is not mentioned. */
  g_assert_null (strstr (meaning, "second digit"));
  g_assert_nonnull (strstr (meaning, "about the network or the routing of mail"));
  g_assert_nonnull (strstr (meaning, "4.4.99 is a temporary failure about the network or the "
                            "routing of mail. The detail 99 is not a registered code"));
  assert_complete (temporary);

  g_assert_cmpstr (sp_explanation_get_rule_id (bare), ==, "generic-data-5xx");
  g_assert_true (g_str_has_prefix (sp_explanation_get_meaning (bare),
                                   "550 means a permanent failure"));
  g_assert_null (strstr (sp_explanation_get_meaning (bare), "5."));
  assert_complete (bare);

  /* A known rule keeps the digits apart from its own meaning. */
  g_assert_false (sp_explanation_is_generic (known));
  g_assert_nonnull (strstr (sp_explanation_get_meaning (known), "does not exist"));
  g_assert_nonnull (strstr (sp_explanation_get_code_meaning (known),
                            "5.1.1 is a permanent failure about an address"));
  g_assert_nonnull (strstr (sp_explanation_get_code_meaning (known),
                            "permanent failure about an address (of the sender or the "
                            "recipient). The recipient’s mailbox address does not exist."));

  /* Issue 14: whole sentences, never a class, a subject and a detail glued
   * into one, so that a translation can make its words agree. */
  g_assert_cmpstr (sp_explanation_get_code_meaning (known), ==,
                   "550 means a permanent failure: the server refused, and a sending server "
                   "gives up and returns the message to its sender (a bounce). Its second "
                   "digit says that it concerns the mail system: the server itself, a mailbox "
                   "or the sender. 5.1.1 is a permanent failure about an address (of the "
                   "sender or the recipient). The recipient’s mailbox address does not exist.");
  g_assert_cmpstr (sp_explanation_get_code_meaning (other), ==,
                   "451 means a temporary failure: the server refused for now, and a sending "
                   "server keeps the message and tries again later. Its second digit says that "
                   "it concerns the mail system: the server itself, a mailbox or the sender. "
                   "4.2.0 is a temporary failure about a mailbox. The code gives no more "
                   "detail than that.");
}

/* Every code a server can send, at every step, with and without enhanced
 * codes, explained completely. */
static void
test_never_empty (void)
{
  static const char * const details[] = { NULL, "9.9", "0.0", "1.1", "7.999" };
  guint steps = last_step ();
  guint n = 0;

  for (guint first = 2; first <= 5; first++)
    for (guint second = 0; second <= 5; second++)
      for (guint third = 0; third <= 9; third += 3)
        for (guint d = 0; d < G_N_ELEMENTS (details); d++)
          {
            guint code = first * 100 + second * 10 + third;
            g_autofree char *enhanced = NULL;
            g_autofree char *text = NULL;
            g_autoptr(SpReply) reply = NULL;

            if (details[d] != NULL && first != 3)
              enhanced = g_strdup_printf ("%u.%s", first, details[d]);
            text = g_strdup_printf ("%u %s Something happened", code,
                                    enhanced != NULL ? enhanced : "");
            reply = reply_new (text);

            for (guint step = 0; step <= steps; step++)
              {
                g_autoptr(SpExplanation) explanation = sp_diagnosis_explain ((SpStep) step, reply);
                g_autofree char *code_text = g_strdup_printf ("%u", code);

                assert_complete (explanation);
                g_assert_nonnull (strstr (sp_explanation_get_code_meaning (explanation),
                                          code_text));
                if (enhanced != NULL)
                  g_assert_nonnull (strstr (sp_explanation_get_code_meaning (explanation),
                                            enhanced));
                if (first >= 4)
                  g_assert_cmpint (sp_explanation_get_severity (explanation), ==,
                                   first == 4 ? SP_EXPLANATION_SEVERITY_TEMPORARY
                                              : SP_EXPLANATION_SEVERITY_PERMANENT);
                n++;
              }
          }

  /* And every local failure, known or not. */
  {
    static const struct
    {
      GQuark (*domain) (void);
      int      max_code;
    } domains[] = {
      { sp_resolver_error_quark, SP_RESOLVER_ERROR_MX_NAMES_ADDRESS + 2 },
      { sp_session_error_quark, SP_SESSION_ERROR_BUSY + 2 },
      { g_io_error_quark, G_IO_ERROR_MESSAGE_TOO_LARGE + 10 },
      { g_tls_error_quark, G_TLS_ERROR_INAPPROPRIATE_FALLBACK + 2 },
      { g_resolver_error_quark, 3 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
      for (int code = 0; code <= domains[i].max_code; code++)
        for (guint step = 0; step <= steps; step++)
          {
            g_autoptr(GError) error = g_error_new_literal (domains[i].domain (), code, "Oops");
            g_autoptr(SpExplanation) explanation = sp_diagnosis_explain_error ((SpStep) step,
                                                                               error);

            assert_complete (explanation);
            g_assert_true (sp_explanation_is_local (explanation));
            n++;
          }
  }

  g_test_message ("%u explanations checked", n);
}

static void
test_severity (void)
{
  g_autoptr(SpExplanation) transient = explain_text (SP_STEP_RCPT, "451 4.7.1 Greylisted");
  g_autoptr(SpExplanation) permanent = explain_text (SP_STEP_RCPT, "550 5.1.1 User unknown");
  g_autoptr(SpExplanation) fine = explain_text (SP_STEP_RCPT, "250 2.1.5 Ok");
  g_autoptr(SpExplanation) unexpected = explain_text (SP_STEP_DATA, "250 2.0.0 Ok");
  g_autoptr(GError) refused = g_error_new_literal (SP_SESSION_ERROR,
                                                   SP_SESSION_ERROR_CONNECTION_REFUSED, "x");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) slow = g_error_new_literal (SP_SESSION_ERROR, SP_SESSION_ERROR_TIMED_OUT, "x");
  g_autoptr(SpExplanation) local = sp_diagnosis_explain_error (SP_STEP_CONNECT, refused);
  g_autoptr(SpExplanation) stopped = sp_diagnosis_explain_error (SP_STEP_RCPT, cancelled);
  g_autoptr(SpExplanation) timeout = sp_diagnosis_explain_error (SP_STEP_RCPT, slow);

  g_assert_cmpint (sp_explanation_get_severity (transient), ==,
                   SP_EXPLANATION_SEVERITY_TEMPORARY);
  g_assert_cmpstr (sp_explanation_severity_to_string (SP_EXPLANATION_SEVERITY_TEMPORARY), ==,
                   "temporary");
  g_assert_cmpint (sp_explanation_get_severity (permanent), ==,
                   SP_EXPLANATION_SEVERITY_PERMANENT);
  g_assert_cmpint (sp_explanation_get_severity (fine), ==, SP_EXPLANATION_SEVERITY_INFO);
  g_assert_cmpuint (strv_len (sp_explanation_get_reasons (fine)), ==, 0);
  g_assert_cmpint (sp_explanation_get_severity (unexpected), ==,
                   SP_EXPLANATION_SEVERITY_PERMANENT);
  g_assert_cmpint (sp_explanation_get_severity (local), ==, SP_EXPLANATION_SEVERITY_PERMANENT);
  g_assert_true (sp_explanation_is_local (local));
  g_assert_null (sp_explanation_get_code_meaning (local));
  g_assert_cmpstr (sp_explanation_get_rule_id (stopped), ==, "cancelled");
  g_assert_cmpint (sp_explanation_get_severity (stopped), ==, SP_EXPLANATION_SEVERITY_INFO);
  g_assert_cmpint (sp_explanation_get_severity (timeout), ==, SP_EXPLANATION_SEVERITY_TEMPORARY);
}

/* The telnet procedure's own failures, word for word. */
static void
test_telnet_procedure (void)
{
  static const struct
  {
    SpStep      step;
    const char *reply;
    const char *rule;
    const char *meaning;
  } cases[] = {
    { SP_STEP_EHLO, "501 5.5.4 Invalid domain name", "ehlo-syntax", "name is invalid" },
    { SP_STEP_MAIL, "550 5.1.7 Invalid address", "sender-syntax", "not a valid address" },
    { SP_STEP_MAIL, "530 5.7.1 Client was not authenticated", "auth-required",
      "anonymous senders" },
    { SP_STEP_RCPT, "550 5.1.1 User unknown", "recipient-unknown", "does not exist" },
    { SP_STEP_DATA, "500 5.3.3 Unrecognized command", "unrecognized-command",
      "does not know this command" },
  };
  g_autoptr(GError) refused = g_error_new_literal (SP_SESSION_ERROR,
                                                   SP_SESSION_ERROR_CONNECTION_REFUSED, "x");
  g_autoptr(SpExplanation) no_connection = sp_diagnosis_explain_error (SP_STEP_CONNECT, refused);
  const char * const *reasons = sp_explanation_get_reasons (no_connection);
  g_autofree char *all_reasons = g_strjoinv ("\n", (char **) reasons);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpExplanation) explanation = explain_text (cases[i].step, cases[i].reply);

      g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, cases[i].rule);
      g_assert_nonnull (strstr (sp_explanation_get_meaning (explanation), cases[i].meaning));
    }

  /* "Could not open connection": its five reasons. */
  g_assert_cmpstr (sp_explanation_get_rule_id (no_connection), ==, "connect-refused");
  g_assert_nonnull (strstr (all_reasons, "stopped"));
  g_assert_nonnull (strstr (all_reasons, "firewall at the destination"));
  g_assert_nonnull (strstr (all_reasons, "firewall on your side"));
  g_assert_nonnull (strstr (all_reasons, "host name or IP address is wrong"));
  g_assert_nonnull (strstr (all_reasons, "port is wrong"));

  /* A timeout is told apart from a refusal, with the port 25 advice. */
  {
    g_autoptr(GError) silent = g_error_new_literal (SP_SESSION_ERROR,
                                                    SP_SESSION_ERROR_CONNECT_TIMED_OUT, "x");
    g_autoptr(SpExplanation) timeout = sp_diagnosis_explain_error (SP_STEP_CONNECT, silent);
    g_autofree char *advice = g_strjoinv ("\n", (char **) sp_explanation_get_advice (timeout));
    g_autofree char *why = g_strjoinv ("\n", (char **) sp_explanation_get_reasons (timeout));

    g_assert_cmpstr (sp_explanation_get_rule_id (timeout), ==, "connect-timeout");
    g_assert_nonnull (strstr (advice, "587"));
    g_assert_nonnull (strstr (advice, "another network"));
    g_assert_nonnull (strstr (why, "outgoing connections to port 25"));
  }
}

/* Servers send anything; the explanation must still work. */
static void
test_hostile_text (void)
{
  g_autoptr(SpExplanation) invalid = NULL;
  g_autoptr(SpExplanation) regexy = explain_text (SP_STEP_RCPT,
                                                  "550 5.1.1 (((( [[[ \\ ** ?? user unknown");
  g_autoptr(SpExplanation) long_detail = explain_text (SP_STEP_RCPT, "550 5.999.999 Odd");

  invalid = explain_text (SP_STEP_RCPT, "554 5.7.1 \xff\xfe blocked using spamhaus \xc3");

  g_assert_cmpstr (sp_explanation_get_rule_id (invalid), ==, "blocklist");
  g_assert_true (g_utf8_validate (sp_explanation_get_meaning (invalid), -1, NULL));
  g_assert_cmpstr (sp_explanation_get_rule_id (regexy), ==, "recipient-unknown");
  assert_complete (long_detail);
  g_assert_nonnull (strstr (sp_explanation_get_code_meaning (long_detail),
                            "subject 999 is not defined"));
}

/* Steps and transcripts */

static SpStepRecord *
step_new (SpStep      kind,
          const char *reply_text,
          GError     *error)
{
  g_autoptr(SpReply) reply = reply_text != NULL ? reply_new (reply_text) : NULL;
  g_autoptr(GError) owned = error;

  return sp_step_record_new_finished (kind, NULL, reply, owned, 1000);
}

static void
test_explain_step (void)
{
  g_autoptr(SpStepRecord) rcpt = step_new (SP_STEP_RCPT, "550 5.1.1 User unknown", NULL);
  g_autoptr(SpStepRecord) mail = step_new (SP_STEP_MAIL, "250 2.1.0 Ok", NULL);
  g_autoptr(SpStepRecord) data = step_new (SP_STEP_DATA, "354 Go ahead", NULL);
  g_autoptr(SpStepRecord) data_bad = step_new (SP_STEP_DATA, "250 Ok", NULL);
  g_autoptr(SpStepRecord) banner = step_new (SP_STEP_BANNER, "220 ready", NULL);
  g_autoptr(SpStepRecord) banner_bad = step_new (SP_STEP_BANNER, "221 bye", NULL);
  g_autoptr(SpStepRecord) typed = step_new (SP_STEP_OTHER, "334 VXNlcm5hbWU6", NULL);
  g_autoptr(SpStepRecord) connect_ok = step_new (SP_STEP_CONNECT, NULL, NULL);
  g_autoptr(SpStepRecord) refused = NULL;
  g_autoptr(SpStepRecord) cancelled = NULL;
  g_autoptr(SpExplanation) from_error = NULL;
  g_autoptr(SpExplanation) from_reply = NULL;

  refused = step_new (SP_STEP_CONNECT, NULL,
                      g_error_new_literal (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECTION_REFUSED,
                                           "refused"));
  cancelled = step_new (SP_STEP_RCPT, NULL,
                        g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled."));

  g_assert_true (sp_diagnosis_step_failed (rcpt));
  g_assert_false (sp_diagnosis_step_failed (mail));
  g_assert_false (sp_diagnosis_step_failed (data));
  g_assert_true (sp_diagnosis_step_failed (data_bad));
  g_assert_false (sp_diagnosis_step_failed (banner));
  g_assert_true (sp_diagnosis_step_failed (banner_bad));
  g_assert_false (sp_diagnosis_step_failed (typed));
  g_assert_false (sp_diagnosis_step_failed (connect_ok));
  g_assert_true (sp_diagnosis_step_failed (refused));
  g_assert_false (sp_diagnosis_step_failed (cancelled));

  g_assert_null (sp_diagnosis_explain_step (connect_ok));
  from_error = sp_diagnosis_explain_step (refused);
  g_assert_cmpstr (sp_explanation_get_rule_id (from_error), ==, "connect-refused");
  from_reply = sp_diagnosis_explain_step (rcpt);
  g_assert_cmpstr (sp_explanation_get_rule_id (from_reply), ==, "recipient-unknown");
}

static void
add_command (SpTranscript *transcript,
             SpStep        step,
             const char   *command,
             const char   *reply_text)
{
  g_autoptr(SpReply) reply = reply_new (reply_text);

  sp_attempt_begin_step (sp_test_current_attempt (transcript), step, command);
  if (command != NULL)
    sp_attempt_add_client_line (sp_test_current_attempt (transcript), step, command);
  sp_attempt_add_reply (sp_test_current_attempt (transcript), step, reply);
  sp_attempt_end_step (sp_test_current_attempt (transcript), reply, NULL);
}

static void
add_failed_connect (SpTranscript *transcript,
                    const char   *address)
{
  g_autoptr(GError) error = g_error_new_literal (SP_SESSION_ERROR,
                                                 SP_SESSION_ERROR_CONNECTION_REFUSED, "refused");

  sp_test_begin_attempt (transcript, "mx.example.test", address, 25);
  sp_attempt_begin_step (sp_test_current_attempt (transcript), SP_STEP_CONNECT, NULL);
  sp_attempt_add_error (sp_test_current_attempt (transcript), SP_STEP_CONNECT, "%s",
                        error->message);
  sp_attempt_end_step (sp_test_current_attempt (transcript), NULL, error);
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_CONNECT_FAILED, SP_STEP_CONNECT,
                  "refused");
}

static void
test_transcript (void)
{
  g_autoptr(SpTranscript) rejected = sp_transcript_new ();
  g_autoptr(SpTranscript) accepted = sp_transcript_new ();
  g_autoptr(SpTranscript) no_dns = sp_transcript_new ();
  g_autoptr(SpTranscript) no_addresses = sp_transcript_new ();
  g_autoptr(SpExplanation) explanation = NULL;
  SpAttempt *attempt;
  SpStepRecord *step;
  int attempt_index = -2;

  /* One refused connection, then a session refused at RCPT TO. */
  sp_transcript_set_request (rejected, "nobody@example.test", "helpdesk@example.org", FALSE);
  add_failed_connect (rejected, "127.0.0.2");
  sp_test_begin_attempt (rejected, "mx.example.test", "127.0.0.1", 25);
  add_command (rejected, SP_STEP_BANNER, NULL, "220 mx.example.test ESMTP");
  add_command (rejected, SP_STEP_EHLO, "EHLO example.org", "250 mx.example.test");
  add_command (rejected, SP_STEP_MAIL, "MAIL FROM:<helpdesk@example.org>", "250 2.1.0 Ok");
  add_command (rejected, SP_STEP_RCPT, "RCPT TO:<nobody@example.test>", "550 5.1.1 No such user");
  add_command (rejected, SP_STEP_QUIT, "QUIT", "221 2.0.0 Bye");
  sp_attempt_end (sp_test_current_attempt (rejected), SP_VERDICT_PERMANENT, SP_STEP_RCPT,
                  "Refused.");
  sp_transcript_set_verdict (rejected, SP_VERDICT_PERMANENT, SP_STEP_RCPT, "Refused.");

  step = sp_diagnosis_find_deciding_step (rejected, &attempt_index);
  g_assert_nonnull (step);
  g_assert_cmpint (attempt_index, ==, 1);
  g_assert_cmpint (sp_step_record_get_step (step), ==, SP_STEP_RCPT);
  explanation = sp_diagnosis_explain_transcript (rejected);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "recipient-unknown");
  g_clear_pointer (&explanation, sp_explanation_unref);

  /* Which steps the log and the exports explain. */
  attempt = sp_transcript_get_attempt (rejected, 0);
  g_assert_true (sp_diagnosis_step_needs_explanation (attempt,
                                                      sp_attempt_get_step (attempt, 0)));
  attempt = sp_transcript_get_attempt (rejected, 1);
  g_assert_true (sp_diagnosis_find_attempt_deciding_step (attempt) == step);
  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    {
      SpStepRecord *s = sp_attempt_get_step (attempt, i);

      g_assert_cmpint (sp_diagnosis_step_needs_explanation (attempt, s), ==,
                       sp_step_record_get_step (s) == SP_STEP_RCPT);
    }

  /* Accepted: nothing to explain at the top, but the deciding reply of the
   * attempt is still explained next to it. */
  sp_test_begin_attempt (accepted, "mx.example.test", "127.0.0.1", 25);
  add_command (accepted, SP_STEP_BANNER, NULL, "220 mx.example.test ESMTP");
  add_command (accepted, SP_STEP_RCPT, "RCPT TO:<kate@example.test>", "250 2.1.5 Ok");
  sp_attempt_end (sp_test_current_attempt (accepted), SP_VERDICT_ACCEPTED, SP_STEP_RCPT,
                  "Accepted.");
  sp_transcript_set_verdict (accepted, SP_VERDICT_ACCEPTED, SP_STEP_RCPT, "Accepted.");
  g_assert_null (sp_diagnosis_explain_transcript (accepted));
  attempt = sp_transcript_get_attempt (accepted, 0);
  g_assert_true (sp_diagnosis_step_needs_explanation (attempt,
                                                      sp_attempt_get_step (attempt, 1)));
  g_assert_false (sp_diagnosis_step_needs_explanation (attempt,
                                                       sp_attempt_get_step (attempt, 0)));

  /* A DNS failure has no step: the verdict is explained as a lookup
   * failure, or as MX hosts without addresses when the MX list says so. */
  sp_transcript_set_verdict (no_dns, SP_VERDICT_DNS_FAILED, SP_STEP_DNS, "No DNS.");
  g_assert_null (sp_diagnosis_find_deciding_step (no_dns, NULL));
  explanation = sp_diagnosis_explain_transcript (no_dns);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "dns-failed");
  g_clear_pointer (&explanation, sp_explanation_unref);

  {
    g_autoptr(SpMxResult) mx = sp_mx_result_new ("example.test");
    SpMxHost *host = g_new0 (SpMxHost, 1);

    host->host = g_strdup ("gone.example.test");
    host->addresses = g_ptr_array_new_with_free_func (g_object_unref);
    g_ptr_array_add (mx->hosts, host);
    sp_transcript_set_mx_result (no_addresses, mx);
  }
  sp_transcript_set_verdict (no_addresses, SP_VERDICT_DNS_FAILED, SP_STEP_DNS, "None.");
  explanation = sp_diagnosis_explain_transcript (no_addresses);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "dns-no-addresses");
}

/* The lookup's error, kept in the transcript, gets its own explanation
 * rather than the generic one of the verdict. */
static void
test_transcript_dns_error (void)
{
  static const struct
  {
    SpResolverError  code;
    const char      *rule;
  } cases[] = {
    { SP_RESOLVER_ERROR_NOT_FOUND, "dns-nxdomain" },
    { SP_RESOLVER_ERROR_NULL_MX, "dns-null-mx" },
    { SP_RESOLVER_ERROR_NO_MAIL_HOST, "dns-no-mail-host" },
    { SP_RESOLVER_ERROR_NO_ADDRESSES, "dns-no-addresses" },
    { SP_RESOLVER_ERROR_SERVER_FAILURE, "dns-server-failure" },
    { SP_RESOLVER_ERROR_REFUSED, "dns-refused" },
    { SP_RESOLVER_ERROR_TIMED_OUT, "dns-timeout" },
    { SP_RESOLVER_ERROR_FAILED, "dns-failed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpTranscript) transcript = sp_transcript_new ();
      g_autoptr(SpExplanation) explanation = NULL;
      g_autoptr(GError) error = g_error_new_literal (SP_RESOLVER_ERROR, cases[i].code,
                                                     "The lookup failed.");

      sp_transcript_set_dns_error (transcript, error);
      sp_transcript_set_verdict (transcript, SP_VERDICT_DNS_FAILED, SP_STEP_DNS, "Failed.");
      explanation = sp_diagnosis_explain_transcript (transcript);
      g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, cases[i].rule);
      g_assert_true (sp_explanation_is_local (explanation));
      g_assert_cmpint (sp_explanation_get_step (explanation), ==, SP_STEP_DNS);

      /* Cleared again, the verdict alone is explained. */
      sp_transcript_set_dns_error (transcript, NULL);
      g_assert_null (sp_transcript_get_dns_error (transcript));
      g_clear_pointer (&explanation, sp_explanation_unref);
      explanation = sp_diagnosis_explain_transcript (transcript);
      g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "dns-failed");
    }
}

/* A certificate that did not validate, on a test that went on: what it
 * means for delivery, by the problem that matters most. */
static void
test_certificate (void)
{
  static const struct
  {
    SpTlsProblems  problems;
    SpTlsMode      mode;
    const char    *rule;
  } cases[] = {
    { SP_TLS_PROBLEM_EXPIRED | SP_TLS_PROBLEM_NAME_MISMATCH, SP_TLS_MODE_STARTTLS,
      "certificate-expired" },
    { SP_TLS_PROBLEM_NAME_MISMATCH | SP_TLS_PROBLEM_UNKNOWN_ISSUER, SP_TLS_MODE_STARTTLS,
      "certificate-name-mismatch" },
    { SP_TLS_PROBLEM_SELF_SIGNED | SP_TLS_PROBLEM_UNKNOWN_ISSUER, SP_TLS_MODE_IMPLICIT,
      "certificate-self-signed" },
    { SP_TLS_PROBLEM_UNKNOWN_ISSUER, SP_TLS_MODE_IMPLICIT, "certificate-untrusted" },
    { SP_TLS_PROBLEM_NOT_YET_VALID, SP_TLS_MODE_STARTTLS, "certificate-not-yet-valid" },
    { SP_TLS_PROBLEM_REVOKED | SP_TLS_PROBLEM_UNKNOWN_ISSUER, SP_TLS_MODE_STARTTLS,
      "certificate-invalid" },
    { SP_TLS_PROBLEM_INSECURE, SP_TLS_MODE_STARTTLS, "certificate-invalid" },
    /* Not validated without a flag: no certificate at all, say. */
    { SP_TLS_PROBLEM_NONE, SP_TLS_MODE_STARTTLS, "certificate-invalid" },
  };
  g_autoptr(SpTlsReport) valid = sp_tls_report_new ("mx.example.test");

  valid->validated = TRUE;
  valid->trust = SP_TLS_TRUST_SYSTEM;
  g_assert_null (sp_diagnosis_explain_certificate (valid));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpTlsReport) report = sp_tls_report_new ("mx.example.test");
      g_autoptr(SpExplanation) explanation = NULL;
      const char *meaning;

      report->mode = cases[i].mode;
      report->problems = cases[i].problems;
      explanation = sp_diagnosis_explain_certificate (report);
      g_assert_nonnull (explanation);
      assert_complete (explanation);
      g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, cases[i].rule);
      g_assert_cmpint (sp_explanation_get_step (explanation), ==,
                       cases[i].mode == SP_TLS_MODE_IMPLICIT ? SP_STEP_TLS : SP_STEP_STARTTLS);
      g_assert_true (sp_explanation_is_local (explanation));
      g_assert_cmpint (sp_explanation_get_severity (explanation), ==,
                       SP_EXPLANATION_SEVERITY_PERMANENT);
      /* Every one says what it means for delivery. */
      meaning = sp_explanation_get_meaning (explanation);
      g_assert_nonnull (strstr (meaning, "MTA-STS"));
      g_assert_nonnull (strstr (meaning, "deliver"));
    }
}

static void
test_format_text (void)
{
  g_autoptr(SpExplanation) explanation = explain_text (SP_STEP_RCPT, "550 5.1.1 User unknown");
  g_autofree char *plain = sp_explanation_format_text (explanation, "    ", 60, NULL, NULL);
  g_autofree char *coloured = sp_explanation_format_text (explanation, "", 72, "\033[1m",
                                                          "\033[0m");
  g_auto(GStrv) lines = g_strsplit (plain, "\n", -1);
  g_autoptr(GString) unwrapped = g_string_new (NULL);
  const char * const *reasons = sp_explanation_get_reasons (explanation);
  const char * const *advice = sp_explanation_get_advice (explanation);

  g_assert_true (g_str_has_prefix (plain, "    What it means: The recipient"));
  g_assert_true (g_str_has_suffix (plain, "\n"));
  g_assert_null (strchr (plain, '\033'));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      g_assert_true (g_str_has_prefix (lines[i], "    "));
      g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <=, 60);
      g_string_append_printf (unwrapped, "%s ", g_strstrip (lines[i]));
    }

  /* Nothing is lost by wrapping. */
  g_assert_nonnull (strstr (unwrapped->str, "Likely reasons:"));
  g_assert_nonnull (strstr (unwrapped->str, "What to try:"));
  g_assert_nonnull (strstr (unwrapped->str, "The codes:"));
  for (guint i = 0; reasons[i] != NULL; i++)
    g_assert_nonnull (strstr (unwrapped->str, reasons[i]));
  for (guint i = 0; advice[i] != NULL; i++)
    g_assert_nonnull (strstr (unwrapped->str, advice[i]));

  g_assert_nonnull (strstr (coloured, "\033[1mWhat it means:\033[0m "));
  g_assert_nonnull (strstr (coloured, "\033[1mWhat to try:\033[0m\n"));
}

static void
test_boxed (void)
{
  g_autoptr(SpExplanation) explanation = explain_text (SP_STEP_RCPT, "550 5.1.1 User unknown");
  SpExplanation *copy;

  g_assert_true (G_TYPE_IS_BOXED (SP_TYPE_EXPLANATION));
  copy = g_boxed_copy (SP_TYPE_EXPLANATION, explanation);
  g_assert_true (copy == explanation);
  g_boxed_free (SP_TYPE_EXPLANATION, copy);
  g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "recipient-unknown");
}

/* Issue 9: one tone per verdict and per reply class, which every front end
 * colours in its own way. A temporary failure is "temporary" (amber), not
 * a failure (red). Every value of the enum types is listed, so that a new
 * verdict must get its tone here. */
static void
test_tone (void)
{
  static const struct
  {
    const char *verdict;  /* the nick: the JSON name */
    SpTone      tone;
  } verdicts[] = {
    { "none", SP_TONE_NEUTRAL },
    { "accepted", SP_TONE_SUCCESS },
    { "transient-failure", SP_TONE_TEMPORARY },
    { "permanent-failure", SP_TONE_FAILURE },
    { "connect-failed", SP_TONE_FAILURE },
    { "dns-failed", SP_TONE_FAILURE },
    { "timed-out", SP_TONE_TEMPORARY },
    { "protocol-error", SP_TONE_FAILURE },
    { "cancelled", SP_TONE_CANCELLED },
    { "tls-failed", SP_TONE_FAILURE },
    { "auth-failed", SP_TONE_FAILURE },
    { "unsupported", SP_TONE_FAILURE },
  };
  static const struct
  {
    SpReplyClass           klass;
    SpStep                 step;
    const char            *reply;
    SpTone                 tone;
    SpExplanationSeverity  severity;
  } replies[] = {
    { SP_REPLY_CLASS_SUCCESS, SP_STEP_RCPT, "250 2.1.5 Ok",
      SP_TONE_SUCCESS, SP_EXPLANATION_SEVERITY_INFO },
    { SP_REPLY_CLASS_INTERMEDIATE, SP_STEP_DATA, "354 End data with <CR><LF>.<CR><LF>",
      SP_TONE_INTERMEDIATE, SP_EXPLANATION_SEVERITY_INFO },
    { SP_REPLY_CLASS_TRANSIENT, SP_STEP_RCPT, "450 4.2.0 Greylisted, try again later",
      SP_TONE_TEMPORARY, SP_EXPLANATION_SEVERITY_TEMPORARY },
    { SP_REPLY_CLASS_PERMANENT, SP_STEP_RCPT, "550 5.1.1 User unknown",
      SP_TONE_FAILURE, SP_EXPLANATION_SEVERITY_PERMANENT },
  };
  g_autoptr(GEnumClass) verdict_class = g_type_class_ref (SP_TYPE_VERDICT);
  g_autoptr(GEnumClass) tone_class = g_type_class_ref (SP_TYPE_TONE);

  g_assert_cmpuint (verdict_class->n_values, ==, G_N_ELEMENTS (verdicts));
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      GEnumValue *value = g_enum_get_value_by_nick (verdict_class, verdicts[i].verdict);

      g_assert_nonnull (value);
      g_test_message ("verdict %s", verdicts[i].verdict);
      g_assert_cmpint (sp_diagnosis_get_tone (value->value), ==, verdicts[i].tone);
    }
  g_assert_cmpint (sp_diagnosis_get_tone ((SpVerdict) 999), ==, SP_TONE_NEUTRAL);

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(SpExplanation) explanation = explain_text (replies[i].step,
                                                           replies[i].reply);

      g_assert_cmpint (sp_diagnosis_get_reply_tone (replies[i].klass), ==, replies[i].tone);
      /* The tone of a reply agrees with how serious its explanation says it is. */
      g_assert_cmpint (sp_explanation_get_severity (explanation), ==, replies[i].severity);
    }
  g_assert_cmpint (sp_diagnosis_get_reply_tone (SP_REPLY_CLASS_LOCAL), ==, SP_TONE_NEUTRAL);

  /* The tone's names, for front ends that use them as style classes. */
  g_assert_cmpstr (g_enum_get_value (tone_class, SP_TONE_TEMPORARY)->value_nick, ==,
                   "temporary");
  g_assert_cmpstr (g_enum_get_value (tone_class, SP_TONE_FAILURE)->value_nick, ==, "failure");
}

/* Headlines: one sentence per verdict, told apart further by the step
 * and the rule that explains the outcome. */

typedef GQuark (*QuarkFunc) (void);

typedef struct
{
  SpVerdict    verdict;
  SpStep       step;
  const char  *reply;          /* the deciding reply, or NULL for @error */
  QuarkFunc    error_domain;   /* a local failure at @step, or NULL */
  int          error_code;
  gboolean     in_attempt;     /* FALSE: no attempt, the error is the lookup's */
  gboolean     check_only;
  guint        n_accepted;     /* attempts that accepted before the deciding one */
  gboolean     mixed;
  const char  *mx_domain;      /* an MX result for this domain, or NULL */
  const char  *headline;
} HeadlineCase;

static SpTranscript *
headline_transcript (const HeadlineCase *c)
{
  SpTranscript *transcript = sp_transcript_new ();
  g_autoptr(GError) error = NULL;

  sp_transcript_set_request (transcript, "kate@example.test", "helpdesk@example.org",
                             c->check_only);
  if (c->mx_domain != NULL)
    {
      g_autoptr(SpMxResult) mx = sp_mx_result_new (c->mx_domain);

      sp_transcript_set_mx_result (transcript, mx);
    }
  if (c->error_domain != NULL)
    error = g_error_new_literal (c->error_domain (), c->error_code, "It failed.");

  /* One server each: a server with several addresses is counted apart. */
  for (guint i = 0; i < c->n_accepted; i++)
    {
      g_autofree char *host = g_strdup_printf ("mx1-%u.example.test", i);

      sp_test_begin_attempt (transcript, host, "127.0.0.1", 25);
      add_command (transcript, SP_STEP_RCPT, "RCPT TO:<kate@example.test>", "250 2.1.5 Ok");
      sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_ACCEPTED, SP_STEP_RCPT,
                      "Accepted.");
    }

  if (c->in_attempt)
    {
      sp_test_begin_attempt (transcript, "mx2.example.test", "127.0.0.2", 25);
      if (c->reply != NULL)
        add_command (transcript, c->step, "COMMAND", c->reply);
      else
        {
          sp_attempt_begin_step (sp_test_current_attempt (transcript), c->step, NULL);
          sp_attempt_end_step (sp_test_current_attempt (transcript), NULL, error);
        }
      sp_attempt_end (sp_test_current_attempt (transcript), c->verdict, c->step, "Decided.");
    }
  else if (error != NULL)
    sp_transcript_set_dns_error (transcript, error);

  sp_transcript_set_mixed (transcript, c->mixed);
  sp_transcript_set_verdict (transcript, c->verdict, c->step, "Decided.");

  return transcript;
}

static void
test_headlines (void)
{
  static const HeadlineCase cases[] = {
    /* Accepted: one server, a check that sent nothing, every server. */
    { SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, "250 2.0.0 Queued", NULL, 0, TRUE, FALSE, 0,
      FALSE, NULL, "The server accepted the test message for kate@example.test" },
    { SP_VERDICT_ACCEPTED, SP_STEP_RCPT, "250 2.1.5 Ok", NULL, 0, TRUE, TRUE, 0, FALSE, NULL,
      "kate@example.test would receive mail from this server" },
    { SP_VERDICT_ACCEPTED, SP_STEP_RCPT, "250 2.1.5 Ok", NULL, 0, TRUE, TRUE, 1, FALSE, NULL,
      "kate@example.test would receive mail from these servers" },
    /* Every server tested, one accepted and one did not: the verdict is
     * the failure's, the headline says that mail gets through. */
    { SP_VERDICT_CONNECT_FAILED, SP_STEP_CONNECT, NULL, sp_session_error_quark,
      SP_SESSION_ERROR_CONNECTION_REFUSED, TRUE, FALSE, 1, TRUE, NULL,
      "Only 1 of 2 mail servers accepted the test message for kate@example.test" },
    { SP_VERDICT_PERMANENT, SP_STEP_RCPT, "550 5.1.1 User unknown", NULL, 0, TRUE, TRUE, 2,
      TRUE, NULL, "Only 2 of 3 mail servers would receive mail for kate@example.test" },
    /* Refused and put off, by step. */
    { SP_VERDICT_PERMANENT, SP_STEP_RCPT, "550 5.1.1 User unknown", NULL, 0, TRUE, FALSE, 0,
      FALSE, NULL, "The server refused the recipient kate@example.test" },
    { SP_VERDICT_TRANSIENT, SP_STEP_RCPT, "450 4.2.0 Greylisted", NULL, 0, TRUE, FALSE, 0,
      FALSE, NULL,
      "The server put off the message on purpose (greylisting): try again in a few minutes" },
    { SP_VERDICT_TRANSIENT, SP_STEP_RCPT, "450 4.2.1 Mailbox busy", NULL, 0, TRUE, FALSE, 0,
      FALSE, NULL, "The server put off the recipient kate@example.test: try again later" },
    /* A refusal at RCPT TO whose cause is the sender, or this computer. */
    { SP_VERDICT_PERMANENT, SP_STEP_RCPT,
      "550 5.1.8 <helpdesk@example.org>: Sender address rejected: Domain not found", NULL, 0,
      TRUE, FALSE, 0, FALSE, NULL, "The server refused the sender helpdesk@example.org" },
    { SP_VERDICT_PERMANENT, SP_STEP_RCPT,
      "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
      NULL, 0, TRUE, FALSE, 0, FALSE, NULL,
      "The server refuses mail from this computer’s address" },
    { SP_VERDICT_PERMANENT, SP_STEP_MAIL, "552 5.3.4 Message size exceeds fixed limit", NULL, 0,
      TRUE, FALSE, 0, FALSE, NULL, "The message is too large for the server" },
    { SP_VERDICT_PERMANENT, SP_STEP_MAIL, "550 5.1.7 Invalid address", NULL, 0, TRUE, FALSE, 0,
      FALSE, NULL, "The server refused the sender helpdesk@example.org" },
    { SP_VERDICT_TRANSIENT, SP_STEP_MAIL, "451 4.3.0 Try later", NULL, 0, TRUE, FALSE, 0,
      FALSE, NULL, "The server is not taking mail now: try again later" },
    { SP_VERDICT_TRANSIENT, SP_STEP_MAIL, "450 4.1.8 Sender domain lookup failed", NULL, 0,
      TRUE, FALSE, 0, FALSE, NULL,
      "The server put off the sender helpdesk@example.org: try again later" },
    { SP_VERDICT_PERMANENT, SP_STEP_MESSAGE, "554 5.6.0 Message refused", NULL, 0, TRUE, FALSE,
      0, FALSE, NULL, "The server refused the message" },
    { SP_VERDICT_TRANSIENT, SP_STEP_DATA, "451 4.3.0 Try later", NULL, 0, TRUE, FALSE, 0,
      FALSE, NULL, "The server is not taking mail now: try again later" },
    { SP_VERDICT_TRANSIENT, SP_STEP_DATA, "450 4.6.0 Not now", NULL, 0, TRUE, FALSE, 0,
      FALSE, NULL, "The server put off the message: try again later" },
    { SP_VERDICT_PERMANENT, SP_STEP_AUTH, "535 5.7.8 Authentication failed", NULL, 0, TRUE,
      FALSE, 0, FALSE, NULL, "The server refused the sign-in" },
    { SP_VERDICT_PERMANENT, SP_STEP_BANNER, "554 5.7.1 No SMTP service here", NULL, 0, TRUE,
      FALSE, 0, FALSE, NULL, "The server refuses mail from this computer’s address" },
    { SP_VERDICT_PERMANENT, SP_STEP_BANNER, "554 5.0.0 Refused", NULL, 0, TRUE,
      FALSE, 0, FALSE, NULL, "The server refused to talk to this computer" },
    { SP_VERDICT_TRANSIENT, SP_STEP_EHLO, "421 4.3.2 Shutting down", NULL, 0, TRUE, FALSE, 0,
      FALSE, NULL, "The server is not taking mail now: try again later" },
    /* The server waited too long for this computer: not its own trouble. */
    { SP_VERDICT_TRANSIENT, SP_STEP_MESSAGE, "421 4.4.2 mx1.example.test Error: timeout exceeded",
      NULL, 0, TRUE, FALSE, 0, FALSE, NULL,
      "The server stopped waiting for this computer and closed the connection" },
    /* Local failures and the special cases. */
    { SP_VERDICT_CONNECT_FAILED, SP_STEP_CONNECT, NULL, sp_session_error_quark,
      SP_SESSION_ERROR_CONNECTION_REFUSED, TRUE, FALSE, 0, FALSE, NULL,
      "Could not connect to the mail server" },
    { SP_VERDICT_DNS_FAILED, SP_STEP_DNS, NULL, sp_resolver_error_quark,
      SP_RESOLVER_ERROR_MX_NAMES_ADDRESS, TRUE, FALSE, 0, FALSE, "example.test",
      "The MX record names an IP address instead of a mail server’s name" },
    { SP_VERDICT_DNS_FAILED, SP_STEP_DNS, NULL, sp_resolver_error_quark,
      SP_RESOLVER_ERROR_NO_ADDRESSES, FALSE, FALSE, 0, FALSE, "example.test",
      "The mail servers of example.test have no usable address" },
    { SP_VERDICT_DNS_FAILED, SP_STEP_DNS, NULL, sp_resolver_error_quark,
      SP_RESOLVER_ERROR_NOT_FOUND, FALSE, FALSE, 0, FALSE, NULL,
      "The mail servers of example.test could not be found" },
    { SP_VERDICT_TIMED_OUT, SP_STEP_RCPT, NULL, sp_session_error_quark,
      SP_SESSION_ERROR_TIMED_OUT, TRUE, FALSE, 0, FALSE, NULL,
      "The server did not answer in time" },
    { SP_VERDICT_TIMED_OUT, SP_STEP_BANNER, NULL, sp_probe_error_quark,
      SP_PROBE_ERROR_DEADLINE, TRUE, FALSE, 0, FALSE, NULL,
      "The test reached its time limit before it finished" },
    { SP_VERDICT_TIMED_OUT, SP_STEP_DNS, NULL, sp_probe_error_quark,
      SP_PROBE_ERROR_DEADLINE, FALSE, FALSE, 0, FALSE, NULL,
      "The test reached its time limit before it finished" },
    { SP_VERDICT_PROTOCOL_ERROR, SP_STEP_DATA, "250 2.0.0 Ok", NULL, 0, TRUE, FALSE, 0, FALSE,
      NULL, "The server did not ask for the message text after DATA" },
    { SP_VERDICT_PROTOCOL_ERROR, SP_STEP_EHLO, NULL, sp_session_error_quark,
      SP_SESSION_ERROR_PROTOCOL, TRUE, FALSE, 0, FALSE, NULL,
      "The server broke off the conversation" },
    { SP_VERDICT_CANCELLED, SP_STEP_NONE, NULL, NULL, 0, FALSE, FALSE, 0, FALSE, NULL,
      "The test was stopped before it finished" },
    { SP_VERDICT_TLS_FAILED, SP_STEP_AUTH, "530 5.7.0 Must issue a STARTTLS command first",
      NULL, 0, TRUE, FALSE, 0, FALSE, NULL,
      "The server wants an encrypted connection (STARTTLS) first" },
    { SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS, "454 4.7.0 TLS not available", NULL, 0, TRUE,
      FALSE, 0, FALSE, NULL, "The connection to the mail server could not be encrypted" },
    { SP_VERDICT_TLS_FAILED, SP_STEP_TLS, NULL, g_tls_error_quark, G_TLS_ERROR_HANDSHAKE, TRUE,
      FALSE, 0, FALSE, NULL, "The encrypted connection to the mail server failed" },
    { SP_VERDICT_TLS_FAILED, SP_STEP_STARTTLS, NULL, sp_probe_error_quark,
      SP_PROBE_ERROR_CERTIFICATE_UNTRUSTED, TRUE, FALSE, 0, FALSE, NULL,
      "The server’s certificate did not validate, and encryption was required" },
    { SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, NULL, sp_session_error_quark,
      SP_SESSION_ERROR_AUTH_UNTRUSTED, TRUE, FALSE, 0, FALSE, NULL,
      "The password was not sent: the server’s certificate did not validate" },
    { SP_VERDICT_AUTH_FAILED, SP_STEP_AUTH, NULL, sp_session_error_quark,
      SP_SESSION_ERROR_AUTH_UNSUPPORTED, TRUE, FALSE, 0, FALSE, NULL,
      "Could not sign in to the mail server" },
    { SP_VERDICT_UNSUPPORTED, SP_STEP_MAIL, NULL, sp_probe_error_quark,
      SP_PROBE_ERROR_SMTPUTF8_NOT_OFFERED, TRUE, FALSE, 0, FALSE, NULL,
      "The server cannot take an address with non-ASCII characters" },
    { SP_VERDICT_NONE, SP_STEP_NONE, NULL, NULL, 0, FALSE, FALSE, 0, FALSE, NULL,
      "The test has not finished" },
  };
  GEnumClass *verdicts = g_type_class_ref (SP_TYPE_VERDICT);
  gboolean *covered = g_new0 (gboolean, verdicts->maximum + 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpTranscript) transcript = headline_transcript (&cases[i]);
      g_autofree char *headline = sp_diagnosis_dup_headline (transcript);

      g_test_message ("case %u: %s at %s", i, sp_verdict_to_string (cases[i].verdict),
                      sp_step_to_string (cases[i].step));
      g_assert_cmpstr (headline, ==, cases[i].headline);
      covered[cases[i].verdict] = TRUE;
    }

  /* A verdict added later gets a case here too. */
  for (guint i = 0; i < verdicts->n_values; i++)
    g_assert_true (covered[verdicts->values[i].value]);

  g_free (covered);
  g_type_class_unref (verdicts);
}

/* The warning under the headline: only when a certificate did not
 * validate, whatever the verdict. */
static void
test_certificate_warning (void)
{
  static const HeadlineCase accepted = {
    SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE, "250 2.0.0 Queued", NULL, 0, TRUE, FALSE, 0, FALSE,
    NULL, NULL
  };
  g_autoptr(SpTranscript) transcript = headline_transcript (&accepted);
  g_autoptr(SpTlsReport) report = sp_tls_report_new ("mx2.example.test");
  g_autofree char *none = sp_diagnosis_dup_certificate_warning (transcript);
  g_autofree char *warning = NULL;

  g_assert_null (none);

  report->validated = FALSE;
  sp_test_begin_attempt (transcript, "mx2.example.test", "127.0.0.2", 25);
  sp_attempt_set_tls_report (sp_test_current_attempt (transcript), report);
  sp_attempt_end (sp_test_current_attempt (transcript), SP_VERDICT_ACCEPTED, SP_STEP_MESSAGE,
                  "Accepted.");
  warning = sp_diagnosis_dup_certificate_warning (transcript);
  g_assert_true (g_str_has_prefix (warning, "Warning: a server’s certificate does not "
                                            "validate"));
  g_assert_nonnull (strstr (warning, "MTA-STS"));
}

/* The texts reach translators: the rule table and the fallback texts are
 * listed for xgettext. */
static void
test_translatable (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "po", "POTFILES.in", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "src/core/sp-diagnosis.c\n"));
  g_assert_nonnull (strstr (contents, "src/core/sp-diagnosis-rules.c\n"));
  g_assert_nonnull (strstr (contents, "src/core/sp-diagnosis-codes.c\n"));
  g_assert_nonnull (strstr (contents, "src/core/sp-diagnosis-headline.c\n"));
}

/* Issue 12: a test stopped by hand is said in one calm sentence, with no cause to explain. */
static void
test_cancelled_calm (void)
{
  g_autoptr(SpTranscript) transcript = sp_transcript_new ();
  g_autofree char *detail = sp_diagnosis_dup_cancelled_detail (TRUE);

  sp_transcript_set_verdict (transcript, SP_VERDICT_CANCELLED, SP_STEP_NONE, detail);
  g_assert_null (sp_diagnosis_explain_transcript (transcript));
  g_assert_nonnull (strstr (detail, "stopped before it finished"));
}

/* Issue 12: what an acceptance means and does not, with the server's queue ID. */
static void
test_accepted_detail (void)
{
  static const struct {
    const char *reply;
    const char *queue_id;    /* NULL: none named */
  } cases[] = {
    { "250 2.0.0 Ok: queued as 3ECC551A53A", "3ECC551A53A" },
    { "250 OK id=1tJk2L-0001aB-Cd", "1tJk2L-0001aB-Cd" },
    { "250 2.0.0 4B5C6D7E8F Message accepted for delivery", "4B5C6D7E8F" },
    { "250 2.6.0 <a1b2c3@mail.example.com> [InternalId=1234, Hostname=EX1] Queued mail for "
      "delivery", "a1b2c3@mail.example.com" },
    { "250 2.0.0 OK", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpReply) reply = sp_reply_new_from_text (cases[i].reply, NULL);
      g_autofree char *detail = sp_diagnosis_dup_accepted_detail (SP_STEP_MESSAGE, reply,
                                                                  "kate@example.test");

      g_assert_nonnull (strstr (detail, "junk or quarantine"));
      if (cases[i].queue_id != NULL)
        {
          g_autofree char *id = g_strdup_printf ("queue ID, %s.", cases[i].queue_id);

          g_assert_nonnull (strstr (detail, id));
        }
      else
        g_assert_null (strstr (detail, "queue ID"));
    }

  {
    g_autoptr(SpReply) reply = sp_reply_new_from_text ("250 2.1.5 Ok", NULL);
    g_autofree char *detail = sp_diagnosis_dup_accepted_detail (SP_STEP_RCPT, reply,
                                                                "kate@example.test");

    g_assert_nonnull (strstr (detail, "send a bounce later"));
  }
}

/* Issue 12: "leave the server field empty" only to someone who filled it in. */
static void
test_given_server_advice (void)
{
  for (guint given = 0; given < 2; given++)
    {
      g_autoptr(SpAttempt) attempt = sp_attempt_new (0, "mx1.example.test", "192.0.2.1", 25);
      g_autoptr(GError) error = g_error_new_literal (SP_SESSION_ERROR,
                                                     SP_SESSION_ERROR_CONNECTION_REFUSED,
                                                     "Connection refused");
      g_autoptr(SpExplanation) explanation = NULL;
      gboolean found = FALSE;
      const char * const *advice;

      sp_attempt_set_server_given (attempt, given);
      sp_attempt_begin (attempt);
      sp_attempt_begin_step (attempt, SP_STEP_CONNECT, NULL);
      sp_attempt_end_step (attempt, NULL, error);
      explanation = sp_diagnosis_explain_attempt_step (attempt, sp_attempt_get_step (attempt, 0));
      g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, "connect-refused");
      advice = sp_explanation_get_advice (explanation);
      for (guint i = 0; advice[i] != NULL; i++)
        found |= strstr (advice[i], "Leave the server field empty") != NULL;
      g_assert_cmpint (found, ==, given);
      /* The rest of the advice stays. */
      g_assert_nonnull (advice[0]);
      g_assert_nonnull (strstr (advice[0], "Check the server name"));
    }
}

/* Issue 14: the sentences of a verdict are whole sentences, never a
 * fragment (“The server refused the sender”) that a translation must
 * finish with words glued on elsewhere (“for now: …”), and never two
 * counts in one sentence. */
static void
test_whole_sentences (void)
{
  g_autoptr(SpReply) busy = reply_new ("450 4.2.0 Mailbox busy");
  g_autoptr(SpReply) unknown = reply_new ("550 5.1.1 User unknown");
  g_autoptr(GError) deadline = g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_DEADLINE,
                                                    "The whole test reached its time limit "
                                                    "of 2 seconds.");
  SpUntried both = { 3, "mx1.example.test", 1 };
  SpUntried servers = { 0, NULL, 7 };
  g_autofree char *temporary = sp_diagnosis_dup_refusal_detail (SP_STEP_RCPT, busy);
  g_autofree char *permanent = sp_diagnosis_dup_refusal_detail (SP_STEP_RCPT, unknown);
  /* A reply that ends with its own full stop does not get a second one. */
  g_autoptr(SpReply) errors = reply_new ("550 5.7.1 Too many errors.");
  g_autoptr(SpReply) ok = reply_new ("250 2.0.0 Ok: queued as 4AbC12.");
  g_autoptr(SpReply) wait = reply_new ("451 Please wait...");
  g_autofree char *stopped = sp_diagnosis_dup_refusal_detail (SP_STEP_RCPT, errors);
  g_autofree char *queued = sp_diagnosis_dup_accepted_detail (SP_STEP_MESSAGE, ok,
                                                              "user@example.test");
  g_autofree char *trailing = sp_diagnosis_dup_refusal_detail (SP_STEP_RCPT, wait);
  g_autofree char *late = sp_diagnosis_dup_deadline_detail (deadline, &both);
  g_autofree char *limit = sp_diagnosis_dup_attempt_limit_note (&servers, 1);

  g_assert_cmpstr (temporary, ==,
                   "The server refused the recipient (RCPT TO): 450 4.2.0 Mailbox busy. This "
                   "is a temporary failure: the server refused for now, and a sending server "
                   "would try again later.");
  g_assert_cmpstr (permanent, ==,
                   "The server refused the recipient (RCPT TO): 550 5.1.1 User unknown. This "
                   "is a permanent failure: a sending server would give up and return the "
                   "message to its sender.");
  g_assert_null (strstr (stopped, ".."));
  g_assert_nonnull (strstr (stopped, "550 5.7.1 Too many errors. This is a permanent"));
  g_assert_nonnull (strstr (queued, "queued as 4AbC12. It has taken"));
  /* An ellipsis stays whole, and the sentence still ends: four dots. */
  g_assert_nonnull (strstr (trailing, "Please wait.... This is a temporary"));
  g_assert_cmpstr (late, ==,
                   "The whole test reached its time limit of 2 seconds. Not tried: 3 more "
                   "addresses of mx1.example.test. Not tried: 1 more mail server.");
  g_assert_cmpstr (limit, ==,
                   "The test reached its limit of 1 connection attempt; raise it with "
                   "--max-attempts, or under Advanced in the app. Not tried: 7 more mail "
                   "servers.");
}

/* Texts that two readers, blind to each other, read as two causes: the
 * explanation names both, so that neither reading sends the helpdesk the
 * wrong way (the corpus keeps one reading per text; the words cover both). */
static void
test_both_readings (void)
{
  static const struct
  {
    SpStep      step;
    const char *reply;
    const char *rule_id;
    const char *first;   /* words of one reading */
    const char *second;  /* words of the other */
  } cases[] = {
    { SP_STEP_BANNER, "550 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?"
      "ip=192.0.2.1", "ip-reputation", "its own filters", "a public blocklist it consults" },
    { SP_STEP_MAIL, "501 Value for RET is invalid", "unsupported-parameter",
      "does not accept one of the options", "RET value" },
    { SP_STEP_DATA, "503 5.5.2 Need rcpt command", "rcpt-first", "no recipient had been accepted",
      "out of order" },
    { SP_STEP_RCPT, "550 Requested action not taken: mailbox unavailable", "mailbox-unavailable",
      "does not exist", "disabled" },
    { SP_STEP_RCPT, "550 5.7.1 Recipient doesn't want your mail", "sender-blocked",
      "block list of the receiver", "their own mailbox settings" },
    { SP_STEP_AUTH, "530 5.7.0 Must issue a STARTTLS command first", "starttls-required",
      "requires an encrypted connection", "sign in only over an encrypted connection" },
    { SP_STEP_MESSAGE, "451 Try again later", "try-later", "(greylisting)",
      "A temporary problem on the server itself" },
    { SP_STEP_RCPT, "451 4.7.1 Please try again later", "try-later-grey", "(greylisting)",
      "A temporary problem on the server itself" },
    /* Postfix says it while a milter is down; greylisting milters say it too. */
    { SP_STEP_DATA, "451 4.7.1 Service unavailable - try again later", "try-later",
      "(greylisting)", "A temporary problem on the server itself" },
    { SP_STEP_MESSAGE, "421 4.7.0 Our system has detected an unusual rate of unsolicited mail "
      "originating from your IP address. To protect our users from spam, mail sent from your IP "
      "address has been temporarily blocked.", "gmail-rate", "unusual amount of mail",
      "unwanted mail, from your IP address" },
    { SP_STEP_MESSAGE, "554-Transaction failed\n554-Reject due to policy restrictions.\n554 For "
      "explanation visit https://postmaster.web.de/error-messages?ip=192.0.2.1&c=hi",
      "policy-refused", "on policy grounds", "one about its headers" },
    /* The issue reads it as a block of the sender, the corpus as content. */
    { SP_STEP_MESSAGE, "521 5.2.1 AOL will not accept delivery of this message", "aol-refused",
      "the message, the sender or the sending IP address", "poor reputation of your sending IP" },
    /* Bounce handlers count it as a limit on volume; readers also as reputation. */
    { SP_STEP_MAIL, "421 4.7.1 : (DYN:T1) http://postmaster.info.aol.com/errors/421dynt1.html",
      "aol-deferred", "an unusual volume of mail", "complaints about it" },
    /* Read as trouble on the server and as a mail loop: Sendmail's MX loop. */
    { SP_STEP_RCPT, "554 5.3.5 Local configuration error", "local-config-loop",
      "an error in its own set-up", "go round in a loop" },
    /* Exim's words for an unknown user and an unroutable domain alike. */
    { SP_STEP_RCPT, "550 Unrouteable address", "unrouteable-address",
      "the mailbox does not exist there", "cannot route mail for the domain" },
    /* MailEnable's words: an unknown mailbox, or a relay it refuses. */
    { SP_STEP_RCPT, "550 Requested action not taken: mailbox unavailable or is not local",
      "mailbox-not-local", "the mailbox does not exist there", "will not pass the mail on" },
    /* GMX: readers find no cause; the reasons name both ends of it. */
    { SP_STEP_RCPT, "550-Requested action not taken: mailbox unavailable\n550 Failure sending "
      "mail. Try again later.", "generic-mailbox-failure", "the mailbox is disabled",
      "a problem of its own" },
    /* Read as a limit and as a block of the account by its own provider. */
    { SP_STEP_MAIL, "550 5.2.252 Sender throttled due to continuous send as denied errors.",
      "microsoft-error-throttle", "for a while", "stopped this mailbox from sending" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpExplanation) explanation = explain_text (cases[i].step, cases[i].reply);
      g_autofree char *reasons = g_strjoinv ("\n",
                                             (char **) sp_explanation_get_reasons (explanation));
      g_autofree char *advice = g_strjoinv ("\n",
                                            (char **) sp_explanation_get_advice (explanation));
      g_autofree char *all = g_strjoin ("\n", sp_explanation_get_meaning (explanation), reasons,
                                        advice, NULL);

      g_test_message ("%s", cases[i].reply);
      g_assert_cmpstr (sp_explanation_get_rule_id (explanation), ==, cases[i].rule_id);
      g_assert_nonnull (strstr (all, cases[i].first));
      g_assert_nonnull (strstr (all, cases[i].second));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Thousands of replies: worth compiling the patterns to machine code. */
  sp_diagnosis_expect_many_replies ();

  g_test_add_func ("/sp/diagnosis/corpus", test_corpus);
  g_test_add_func ("/sp/diagnosis/rules-table", test_rules_table);
  g_test_add_func ("/sp/diagnosis/specificity", test_specificity);
  g_test_add_func ("/sp/diagnosis/step-matters", test_step_matters);
  g_test_add_func ("/sp/diagnosis/behind-postfix", test_behind_postfix);
  g_test_add_func ("/sp/diagnosis/client-at-any-step", test_client_at_any_step);
  g_test_add_func ("/sp/diagnosis/server-tags", test_server_tags);
  g_test_add_func ("/sp/diagnosis/qmail-enhanced-code", test_qmail_enhanced_code);
  g_test_add_func ("/sp/diagnosis/ipv6-client", test_ipv6_client);
  g_test_add_func ("/sp/diagnosis/words-without-code", test_words_without_code);
  g_test_add_func ("/sp/diagnosis/typographic", test_typographic);
  g_test_add_func ("/sp/diagnosis/synonyms", test_synonyms);
  g_test_add_func ("/sp/diagnosis/openings", test_openings);
  g_test_add_func ("/sp/diagnosis/link-words", test_link_words);
  g_test_add_func ("/sp/diagnosis/generic-fallback", test_generic_fallback);
  g_test_add_func ("/sp/diagnosis/whole-sentences", test_whole_sentences);
  g_test_add_func ("/sp/diagnosis/never-empty", test_never_empty);
  g_test_add_func ("/sp/diagnosis/severity", test_severity);
  g_test_add_func ("/sp/diagnosis/telnet-procedure", test_telnet_procedure);
  g_test_add_func ("/sp/diagnosis/hostile-text", test_hostile_text);
  g_test_add_func ("/sp/diagnosis/explain-step", test_explain_step);
  g_test_add_func ("/sp/diagnosis/transcript", test_transcript);
  g_test_add_func ("/sp/diagnosis/transcript-dns-error", test_transcript_dns_error);
  g_test_add_func ("/sp/diagnosis/certificate", test_certificate);
  g_test_add_func ("/sp/diagnosis/format-text", test_format_text);
  g_test_add_func ("/sp/diagnosis/boxed", test_boxed);
  g_test_add_func ("/sp/diagnosis/tone", test_tone);
  g_test_add_func ("/sp/diagnosis/headlines", test_headlines);
  g_test_add_func ("/sp/diagnosis/certificate-warning", test_certificate_warning);
  g_test_add_func ("/sp/diagnosis/translatable", test_translatable);

  g_test_add_func ("/sp/diagnosis/given-server-advice", test_given_server_advice);
  g_test_add_func ("/sp/diagnosis/accepted-detail", test_accepted_detail);
  g_test_add_func ("/sp/diagnosis/cancelled-calm", test_cancelled_calm);
  g_test_add_func ("/sp/diagnosis/both-readings", test_both_readings);
  return g_test_run ();
}
