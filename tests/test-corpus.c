/* test-corpus.c: the diagnosis scored on real server replies
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/data/corpus/ holds replies that real servers send, each with the
 * step it comes at, the cause an expert names and its public source (see
 * tests/data/corpus/README.md). Every reply goes through the diagnosis as
 * the app would explain it, and the explanation is scored:
 *
 *   correct   the explanation names the expected cause (or, for a reply
 *             whose text names no cause, says only what the codes mean);
 *   generic   it says only what the codes mean, though the text names a
 *             cause;
 *   second    it names the cause a second blind reader gave, where two
 *             readers differ: a line may carry a "# also read as CAUSE …"
 *             comment above it (see tests/data/corpus/README.md);
 *   wrong     it names another cause: the worst outcome, as it sends the
 *             helpdesk off to fix the wrong thing.
 *
 * The test fails when fewer than 95 % are correct (by the first reading
 * alone) or more than 1 % wrong (by both readings).
 * With SP_CORPUS_REPORT=FILE it writes the figures per family as Markdown
 * (bench/run-diagnosis-corpus keeps them in bench/results/); with
 * SP_CORPUS_VERBOSE=1 it lists every reply that was not explained right.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sp-diagnosis-private.h"
#include "sp-enums.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

#define GOAL_CORRECT_PERCENT 95.0
#define LIMIT_WRONG_PERCENT  1.0
#define MIN_REPLIES          800

/* The families the figures are kept by: what a helpdesk person would call
 * the kind of problem. */
typedef struct
{
  const char *family;
  const char *causes[12];
} Family;

static const Family families[] = {
  { "Recipient", { "recipient-unknown", "recipient-disabled", "mailbox-full", "recipient-busy",
                   "recipient-moved", "recipient-domain", "recipient-syntax",
                   "recipient-restricted", "too-many-recipients", "relay-denied", NULL } },
  { "Sender address, domain or permission",
    { "sender-syntax", "sender-domain", "sender-verify", "sender-not-allowed", "sender-blocked",
      "sender-account-blocked", NULL } },
  { "SPF, DKIM and DMARC", { "sender-authentication", "spf-fail", "dkim-fail", "dmarc-fail",
                             NULL } },
  { "Blocklist, reputation and reverse DNS",
    { "blocklist", "ip-reputation", "domain-reputation", "reverse-dns", "client-blocked",
      "dnsbl-misconfigured", NULL } },
  { "Greylisting", { "greylisting", NULL } },
  { "Rate and connection limits", { "rate-limited", "too-many-connections", NULL } },
  { "Login and encryption", { "auth-required", "auth-failed", "auth-basic-disabled",
                              "auth-mechanism", "auth-encryption-required", "auth-temporary",
                              "starttls-required", "tls-unavailable", NULL } },
  { "Content, size and format", { "message-content", "virus", "message-too-large",
                                  "message-format", "mail-loop", "policy-refused", NULL } },
  { "Server-side trouble", { "server-storage", "server-error", NULL } },
  { "HELO/EHLO and protocol", { "ehlo-syntax", "ehlo-rejected", "unrecognized-command",
                                "bad-sequence", "syntax-error", "unsupported-parameter",
                                "smtputf8-required", "data-no-recipients", "client-timeout",
                                "too-many-errors", NULL } },
  { "No cause named", { "generic", NULL } },
};

typedef struct
{
  guint total;
  guint correct;
  guint second;
  guint generic;
  guint wrong;
} Tally;

typedef struct
{
  Tally      all;
  Tally      by_family[G_N_ELEMENTS (families)];
  GString   *problems;   /* lines that cannot be read */
  GString   *misses;     /* replies not explained right */
  GHashTable *files;     /* file name → its Tally */
} Score;

static int
family_of (const char *cause)
{
  for (guint f = 0; f < G_N_ELEMENTS (families); f++)
    for (guint c = 0; families[f].causes[c] != NULL; c++)
      if (g_str_equal (families[f].causes[c], cause))
        return (int) f;

  return -1;
}

static gboolean
parse_step (const char *name,
            SpStep     *step)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SP_TYPE_STEP);
  GEnumValue *value = g_enum_get_value_by_nick (klass, name);

  if (value == NULL)
    return FALSE;

  *step = (SpStep) value->value;
  return TRUE;
}

typedef enum
{
  OUTCOME_CORRECT,
  OUTCOME_SECOND,
  OUTCOME_GENERIC,
  OUTCOME_WRONG,
} Outcome;

static void
tally_add (Tally   *tally,
           Outcome  outcome)
{
  tally->total++;
  switch (outcome)
    {
    case OUTCOME_CORRECT: tally->correct++; break;
    case OUTCOME_SECOND:  tally->second++;  break;
    case OUTCOME_GENERIC: tally->generic++; break;
    case OUTCOME_WRONG:
    default:              tally->wrong++;   break;
    }
}

static const char * const outcome_words[] = { "correct", "second", "generic", "WRONG" };

/* @second: the cause a second blind reader gave, or %NULL. */
static void
score_line (Score      *score,
            const char *file,
            guint       line_number,
            char       *line,
            const char *second)
{
  g_auto(GStrv) fields = g_strsplit (line, " | ", -1);
  g_autoptr(GString) text = NULL;
  g_autoptr(SpReply) reply = NULL;
  g_autoptr(SpExplanation) explanation = NULL;
  g_autoptr(GError) error = NULL;
  const char *cause;
  Outcome outcome;
  SpStep step;
  int family;

  if (g_strv_length (fields) != 4 || !parse_step (fields[0], &step) ||
      g_strstrip (fields[3])[0] == '\0')
    {
      g_string_append_printf (score->problems, "%s:%u: not STEP | CAUSE | REPLY | SOURCE\n",
                              file, line_number);
      return;
    }

  family = family_of (fields[1]);
  if (family < 0 || (second != NULL && family_of (second) < 0))
    {
      g_string_append_printf (score->problems, "%s:%u: unknown cause “%s”\n",
                              file, line_number, family < 0 ? fields[1] : second);
      return;
    }

  text = g_string_new (fields[2]);
  g_string_replace (text, "\\n", "\n", 0);
  reply = sp_reply_new_from_text (text->str, &error);
  if (reply == NULL)
    {
      g_string_append_printf (score->problems, "%s:%u: not a reply: %s\n",
                              file, line_number, error->message);
      return;
    }

  explanation = sp_diagnosis_explain (step, reply);
  cause = sp_explanation_get_cause (explanation);
  if (g_str_equal (cause, fields[1]))
    outcome = OUTCOME_CORRECT;
  else if (g_strcmp0 (cause, second) == 0)
    outcome = OUTCOME_SECOND;
  else if (g_str_equal (cause, "generic"))
    outcome = OUTCOME_GENERIC;
  else
    outcome = OUTCOME_WRONG;

  tally_add (&score->all, outcome);
  tally_add (&score->by_family[family], outcome);
  tally_add (g_hash_table_lookup (score->files, file), outcome);

  if (outcome != OUTCOME_CORRECT)
    g_string_append_printf (score->misses, "%s %s:%u %s: expected %s, got %s (rule %s): %s\n",
                            outcome_words[outcome], file, line_number, fields[0],
                            fields[1], cause, sp_explanation_get_rule_id (explanation),
                            fields[2]);
}

/* "# also read as CAUSE (…)": a second blind reader's cause for the next
 * reply line. */
static char *
parse_second_reading (const char *comment)
{
  const char *prefix = "# also read as ";
  const char *end;

  if (!g_str_has_prefix (comment, prefix))
    return NULL;
  comment += strlen (prefix);
  for (end = comment; g_ascii_isalnum (*end) || *end == '-'; end++)
    ;

  return end > comment ? g_strndup (comment, end - comment) : NULL;
}

static void
score_file (Score      *score,
            const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (contents, -1, NULL));

  g_hash_table_insert (score->files, g_strdup (name), g_new0 (Tally, 1));
  lines = g_strsplit (contents, "\n", -1);
  for (guint n = 0; lines[n] != NULL; n++)
    {
      g_autofree char *second = NULL;
      char *line = g_strstrip (lines[n]);

      if (*line == '\0' || *line == '#')
        continue;
      if (n > 0)
        second = parse_second_reading (lines[n - 1]);
      score_line (score, name, n + 1, line, second);
    }
}


/* Through a session: every reply sent by an in-process server at its step,
 * as a real server sends it, and explained as the app explains that step.
 * The app must read the reply there exactly as the scorer did. */

typedef struct
{
  SpStep      step;
  const char *reply;   /* with "\n" between lines, as the corpus writes it */
} Line;

/* The scenario that answers every step as a willing server does, except
 * @line's step, which gets the reply. */
static char *
scenario_for (const Line *line)
{
  g_autoptr(GString) reply = g_string_new (NULL);
  GString *scenario = g_string_new ("hostname mx.example.test\n");

  /* The scenario language also reads "\n" as a line break; other
   * backslashes are written doubled. */
  for (const char *p = line->reply; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] == 'n')
        {
          g_string_append (reply, "\\n");
          p++;
        }
      else if (*p == '\\')
        g_string_append (reply, "\\\\");
      else
        g_string_append_c (reply, *p);
    }

  switch (line->step)
    {
    case SP_STEP_BANNER:
      g_string_append_printf (scenario, "banner %s\n", reply->str);
      break;
    case SP_STEP_EHLO:
    case SP_STEP_HELO:
      /* A client that gets a refusal to EHLO may try HELO. */
      g_string_append_printf (scenario, "on EHLO => %s\non HELO => %s\n", reply->str,
                              reply->str);
      break;
    case SP_STEP_STARTTLS:
      g_string_append_printf (scenario, "on EHLO => 250-mx.example.test\\n250 STARTTLS\n"
                                        "on STARTTLS => %s\n", reply->str);
      break;
    case SP_STEP_AUTH:
      g_string_append_printf (scenario, "on EHLO => 250-mx.example.test\\n250 AUTH PLAIN\n"
                                        "on AUTH => %s\n", reply->str);
      break;
    case SP_STEP_MAIL:
      g_string_append_printf (scenario, "on MAIL => %s\n", reply->str);
      break;
    case SP_STEP_RCPT:
      g_string_append_printf (scenario, "on RCPT => %s\n", reply->str);
      break;
    case SP_STEP_DATA:
      g_string_append_printf (scenario, "on DATA => %s\n", reply->str);
      break;
    case SP_STEP_MESSAGE:
    default:
      g_string_append_printf (scenario, "on . => %s\n", reply->str);
      break;
    }

  return g_string_free (scenario, FALSE);
}

/* The last step of the test that got a reply at @step (HELO for EHLO). */
static SpStepRecord *
find_step (SpTranscript *transcript,
           SpStep        step)
{
  SpStepRecord *found = NULL;

  for (guint a = 0; a < sp_transcript_get_n_attempts (transcript); a++)
    {
      GListModel *steps = sp_attempt_get_steps (sp_transcript_get_attempt (transcript, a));

      for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
        {
          g_autoptr(SpStepRecord) record = g_list_model_get_item (steps, i);
          SpStep at = sp_step_record_get_step (record);

          if (sp_step_record_get_reply (record) != NULL &&
              (at == step || (step == SP_STEP_EHLO && at == SP_STEP_HELO) ||
               (step == SP_STEP_HELO && at == SP_STEP_EHLO)))
            found = record;
        }
    }

  return found;
}

/* Sides of a refusal that the headline names by address. */
static const char * const sender_causes[] = {
  "sender-syntax", "sender-domain", "sender-verify", "sender-not-allowed", "sender-blocked",
  "sender-account-blocked", "domain-reputation", NULL
};
static const char * const recipient_causes[] = {
  "recipient-unknown", "recipient-disabled", "mailbox-full", "recipient-busy",
  "recipient-moved", "recipient-syntax", "recipient-restricted", NULL
};

/* NULL when the test as a whole reads as its deciding step does; else
 * what disagrees. */
static char *
check_one_voice (SpTranscript  *transcript,
                 SpStepRecord  *record,
                 SpExplanation *step_explanation)
{
  g_autoptr(SpExplanation) verdict_explanation = sp_diagnosis_explain_transcript (transcript);
  g_autofree char *headline = sp_diagnosis_dup_headline (transcript);
  const char *cause = sp_explanation_get_cause (step_explanation);
  SpReplyClass klass = sp_reply_get_class (sp_step_record_get_reply (record));
  SpTone tone = sp_diagnosis_get_transcript_tone (transcript);

  if (verdict_explanation == NULL ||
      !g_str_equal (sp_explanation_get_cause (verdict_explanation), cause))
    return g_strdup_printf ("the verdict is explained as %s, the step as %s",
                            verdict_explanation != NULL
                              ? sp_explanation_get_cause (verdict_explanation) : "nothing",
                            cause);

  if ((klass == SP_REPLY_CLASS_TRANSIENT && tone != SP_TONE_TEMPORARY) ||
      (klass == SP_REPLY_CLASS_PERMANENT && tone != SP_TONE_FAILURE))
    return g_strdup_printf ("the test's tone does not follow the reply's first digit");

  /* At AUTH the sign-in is what failed, whatever the account's trouble. */
  if (g_strv_contains (sender_causes, cause) && sp_step_record_get_step (record) != SP_STEP_AUTH &&
      strstr (headline, "helpdesk@example.org") == NULL)
    return g_strdup_printf ("a sender cause, but the headline is “%s”", headline);

  if (g_strv_contains (recipient_causes, cause) &&
      sp_step_record_get_step (record) == SP_STEP_RCPT &&
      strstr (headline, "kate@example.test") == NULL)
    return g_strdup_printf ("a recipient cause, but the headline is “%s”", headline);

  return NULL;
}

static char *
check_in_session (const Line *line)
{
  g_autofree char *scenario = scenario_for (line);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScriptedServer) server = sp_scripted_server_new (scenario, &error);
  g_autoptr(SpProbeRequest) request = NULL;
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpExplanation) in_session = NULL;
  g_autoptr(SpExplanation) direct = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(SpReply) reply = NULL;
  SpTestProbeRun run = { 0 };
  SpStepRecord *record;

  g_assert_no_error (error);
  sp_scripted_server_start (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);

  request = sp_test_request_new ("127.0.0.1", sp_scripted_server_get_port (server));
  request->timeout_ms = 5000;
  if (line->step == SP_STEP_AUTH)
    {
      request->tls = SP_TLS_POLICY_OFF;
      request->auth_user = g_strdup ("helpdesk");
      request->auth_password = g_strdup ("Zq8-xv2Lm-test");
      request->auth_allow_plaintext = TRUE;
    }

  probe = sp_probe_new (request);
  sp_probe_run_async (probe, NULL, sp_test_probe_run_cb, &run);
  g_assert_true (sp_test_iterate_until (&run.done, 30000));
  g_clear_error (&run.error);
  sp_scripted_server_stop (server);

  text = g_string_new (line->reply);
  g_string_replace (text, "\\n", "\n", 0);
  reply = sp_reply_new_from_text (text->str, NULL);
  direct = sp_diagnosis_explain (line->step, reply);

  record = find_step (sp_probe_get_transcript (probe), line->step);
  if (record == NULL)
    return g_strdup_printf ("%s: the session never got to the step", line->reply);

  in_session = sp_diagnosis_explain_step (record);
  if (!g_str_equal (sp_explanation_get_cause (in_session), sp_explanation_get_cause (direct)))
    {
      g_autofree char *seen = sp_step_record_get_reply (record) != NULL
                                ? sp_reply_dup_text (sp_step_record_get_reply (record))
                                : NULL;

      return g_strdup_printf ("%s at %s: %s in the session (after “%s”), %s alone",
                              line->reply, sp_step_to_string (sp_step_record_get_step (record)),
                              sp_explanation_get_cause (in_session),
                              sp_step_record_get_error (record) != NULL
                                ? sp_step_record_get_error (record)->message
                                : seen,
                              sp_explanation_get_cause (direct));
    }

  /* When that step decided the test, the verdict, its tone and the
   * headline must say what the step's explanation says. */
  if (sp_diagnosis_find_deciding_step (sp_probe_get_transcript (probe), NULL) == record)
    {
      g_autofree char *disagreement = check_one_voice (sp_probe_get_transcript (probe), record,
                                                       in_session);

      if (disagreement != NULL)
        return g_strdup_printf ("%s at %s: %s", line->reply,
                                sp_step_to_string (sp_step_record_get_step (record)),
                                disagreement);
    }

  return NULL;
}

static double
percent (guint part,
         guint total)
{
  return total > 0 ? 100.0 * part / total : 0.0;
}

static void
append_row (GString     *table,
            const char  *name,
            const Tally *tally)
{
  g_string_append_printf (table, "| %s | %u | %.1f %% | %.1f %% | %.1f %% | %.1f %% |\n",
                          name, tally->total, percent (tally->correct, tally->total),
                          percent (tally->second, tally->total),
                          percent (tally->generic, tally->total),
                          percent (tally->wrong, tally->total));
}

/* The columns of append_row(), after the one that names the row. */
static void
append_header (GString    *table,
               const char *first)
{
  g_string_append_printf (table,
                          "| %s | replies | correct | second reading | codes only | wrong |\n"
                          "|---|---:|---:|---:|---:|---:|\n", first);
}

static char *
format_report (Score *score)
{
  GString *table = g_string_new (NULL);
  g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (score->files),
                                        (GCompareFunc) g_strcmp0);

  append_header (table, "family");
  for (guint f = 0; f < G_N_ELEMENTS (families); f++)
    append_row (table, families[f].family, &score->by_family[f]);
  append_row (table, "**All**", &score->all);

  g_string_append_c (table, '\n');
  append_header (table, "file");
  for (GList *l = names; l != NULL; l = l->next)
    append_row (table, l->data, g_hash_table_lookup (score->files, l->data));

  return g_string_free (table, FALSE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
test_corpus_score (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "corpus", NULL);
  g_autoptr(GDir) folder = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;
  const char *report_path = g_getenv ("SP_CORPUS_REPORT");
  const char *name;
  Score score = { 0 };

  score.problems = g_string_new (NULL);
  score.misses = g_string_new (NULL);
  score.files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  folder = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (folder)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    score_file (&score, dir, g_ptr_array_index (names, i));

  report = format_report (&score);
  g_test_message ("The diagnosis on %u real replies:\n%s", score.all.total, report);
  /* Every miss, when asked or when the goal is missed, to see why. */
  if (g_strcmp0 (g_getenv ("SP_CORPUS_VERBOSE"), "1") == 0 ||
      percent (score.all.correct, score.all.total) < GOAL_CORRECT_PERCENT ||
      percent (score.all.wrong, score.all.total) > LIMIT_WRONG_PERCENT)
    g_test_message ("%s", score.misses->str);
  if (report_path != NULL)
    {
      g_file_set_contents (report_path, report, -1, &error);
      g_assert_no_error (error);
    }

  g_assert_cmpstr (score.problems->str, ==, "");
  g_assert_cmpuint (score.all.total, >=, MIN_REPLIES);
  g_assert_cmpfloat (percent (score.all.correct, score.all.total), >=, GOAL_CORRECT_PERCENT);
  g_assert_cmpfloat (percent (score.all.wrong, score.all.total), <=, LIMIT_WRONG_PERCENT);

  g_string_free (score.problems, TRUE);
  g_string_free (score.misses, TRUE);
  g_hash_table_unref (score.files);
}

static void
test_corpus_in_session (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "corpus", NULL);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GString) failures = g_string_new (NULL);
  const char *name;
  guint n_lines = 0;
  guint n_seen = 0;
  /* CI's slower builds (sanitizers, another c-ares) may send only every
   * Nth reply, to keep CI short; the normal build sends them all. */
  const char *every_text = g_getenv ("SP_CORPUS_SESSION_EVERY");
  guint every = every_text != NULL ? MAX (1, (guint) g_ascii_strtoull (every_text, NULL, 10)) : 1;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_auto(GStrv) lines = NULL;

      if (!g_str_has_suffix (name, ".txt"))
        continue;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      lines = g_strsplit (contents, "\n", -1);
      for (guint n = 0; lines[n] != NULL; n++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[n], " | ", -1);
          g_autofree char *failure = NULL;
          Line line;

          if (lines[n][0] == '#' || g_strv_length (fields) != 4 ||
              !parse_step (fields[0], &line.step))
            continue;

          if (n_seen++ % every != 0)
            continue;

          line.reply = fields[2];
          failure = check_in_session (&line);
          n_lines++;
          if (failure != NULL)
            g_string_append_printf (failures, "%s:%u: %s\n", name, n + 1, failure);
        }
    }

  g_test_message ("%u replies sent by a server at their step", n_lines);
  if (failures->len > 0)
    g_test_message ("%s", failures->str);
  g_assert_cmpstr (failures->str, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Thousands of replies: worth compiling the patterns to machine code. */
  sp_diagnosis_expect_many_replies ();

  g_test_add_func ("/sp/corpus/score", test_corpus_score);
  g_test_add_func ("/sp/corpus/in-session", test_corpus_in_session);

  return g_test_run ();
}
