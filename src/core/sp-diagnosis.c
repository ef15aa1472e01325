/* sp-diagnosis.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-boxed-private.h"
#include "sp-diagnosis-private.h"
#include "sp-probe.h"
#include "sp-resolver.h"
#include "sp-session.h"
#include "sp-text-private.h"

struct _SpExplanation
{
  const char            *rule_id;       /* static, from the rule table */
  const char            *cause;         /* likewise */
  int                    match_index;
  SpStep                 step;
  SpExplanationSeverity  severity;
  gboolean               generic;
  gboolean               local;
  char                  *meaning;
  char                  *code_meaning;
  GStrv                  reasons;
  GStrv                  advice;
};

G_DEFINE_QUARK (sp-diagnosis-certificate-quark, _sp_diagnosis_certificate)

/* Matching */

static GRegex **compiled;
static gint many_replies;

void
sp_diagnosis_expect_many_replies (void)
{
  g_atomic_int_set (&many_replies, TRUE);
}

/* Compiled once, by whichever thread explains something first: the table
 * never changes, and GRegex can be shared between threads. Compiled to
 * machine code (G_REGEX_OPTIMIZE, PCRE2's JIT) only for a process that
 * explains many replies: for the usual few, the JIT's compiling costs more
 * than it saves (83 M instructions against 33 M for a CLI test that fails). */
static GRegex **
get_compiled (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      guint n_rules;
      const SpDiagnosisRule *rules = _sp_diagnosis_get_rules (&n_rules);
      GRegex **regexes = g_new0 (GRegex *, n_rules * (SP_DIAGNOSIS_MAX_MATCHES + 1));
      GRegexCompileFlags flags = G_REGEX_CASELESS;

      if (g_atomic_int_get (&many_replies))
        flags |= G_REGEX_OPTIMIZE;

      for (guint r = 0; r < n_rules; r++)
        for (guint m = 0; m <= SP_DIAGNOSIS_MAX_MATCHES; m++)
          {
            const char *pattern = rules[r].matches[m].pattern;
            g_autoptr(GError) error = NULL;

            if (pattern == NULL)
              continue;

            regexes[r * (SP_DIAGNOSIS_MAX_MATCHES + 1) + m] =
              g_regex_new (pattern, flags, 0, &error);
            if (error != NULL)
              g_critical ("Diagnosis rule %s has a bad pattern: %s", rules[r].id, error->message);
          }

      compiled = regexes;
      g_once_init_leave (&once, 1);
    }

  return compiled;
}

static gboolean
match_is_end (const SpDiagnosisMatch *match)
{
  return match->code_min == 0 && match->domain == SP_DIAGNOSIS_DOMAIN_NONE;
}

/* A range counts as a wildcard: it is less specific than one code. */
static guint
count_wildcards (const char *pattern)
{
  guint n = 0;

  for (const char *p = pattern; *p != '\0'; p++)
    if (*p == '*' || *p == '-')
      n++;

  return n;
}

int
_sp_diagnosis_match_score (const SpDiagnosisMatch *match)
{
  int score = 0;

  /* A text pattern is the strongest hint (the server names a blocklist or
   * says "greylisted"), then the enhanced code, then the basic code, and
   * the step breaks ties between otherwise equal matches. */
  if (match->steps != 0)
    score += 1;
  if (match->code_min != 0)
    score += match->code_min == match->code_max ? 4 : 2;
  if (match->enhanced != NULL)
    score += 8 - 2 * (int) count_wildcards (match->enhanced);
  if (match->pattern != NULL)
    score += 16;
  if (match->domain > SP_DIAGNOSIS_DOMAIN_ANY)
    score += 4;
  if (match->domain != SP_DIAGNOSIS_DOMAIN_NONE && match->code != SP_DIAGNOSIS_ANY_CODE)
    score += 8;
  /* A hint (priority below 0) is words that tip the balance only when no
   * other rule knows the text: above a step and a range of codes (the
   * generic rules), below one code or an enhanced code. */
  if (match->priority < 0)
    return 2 * 3 + 1;
  /* Above everything else together. */
  score += match->priority * 64;

  return 2 * score;
}

static gboolean
enhanced_matches (const char *pattern,
                  const char *code)
{
  g_auto(GStrv) want = NULL;
  g_auto(GStrv) have = NULL;

  if (code == NULL)
    return FALSE;

  want = g_strsplit (pattern, ".", -1);
  have = g_strsplit (code, ".", -1);
  if (g_strv_length (want) != 3 || g_strv_length (have) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    {
      const char *dash = strchr (want[i], '-');
      guint64 number;
      gulong low;
      gulong high;

      if (g_str_equal (want[i], "*"))
        continue;
      low = strtoul (want[i], NULL, 10);
      high = dash != NULL ? strtoul (dash + 1, NULL, 10) : low;
      /* "5.1.01" is 5.1.1. */
      if (!g_ascii_string_to_unsigned (have[i], 10, 0, 999, &number, NULL) ||
          number < low || number > high)
        return FALSE;
    }

  return TRUE;
}

static gboolean
step_matches (const SpDiagnosisMatch *match,
              SpStep                  step)
{
  if (match->steps == 0)
    return TRUE;
  if ((guint) step >= 32)
    return FALSE;

  return (match->steps & (1u << step)) != 0;
}

/* Whether @pattern anchors a match at the start (@anchor '^') or the end
 * ('$') of the text: an @anchor neither escaped nor inside a [character
 * class]. */
static gboolean
pattern_has_anchor (const char *pattern,
                    char        anchor)
{
  gboolean in_class = FALSE;

  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        p++;
      else if (in_class)
        in_class = *p != ']';
      else if (*p == '[')
        {
          /* A ^ just inside negates; a ] first is itself a member. */
          in_class = TRUE;
          if (p[1] == '^')
            p++;
          if (p[1] == ']')
            p++;
        }
      else if (*p == anchor)
        return TRUE;
    }

  return FALSE;
}

/* The ways the rules read a reply's text. */
typedef struct
{
  /* The text, each address as x@x (in angle brackets, <x@x>). */
  const char *text;
  /* Where an answer starts behind Postfix's or Sendmail's words
   * (find_restriction_answer()), NULL-terminated; one answer may stand
   * behind another's words, a few levels at most. */
  const char *answers[4];
  /* The text without the tag some servers end each reply with
   * (find_tag()), or NULL, and its answers. */
  char       *untagged;
  const char *untagged_answers[4];
} ReplyText;

static gboolean
matches_any (GRegex            *regex,
             const char *const *texts)
{
  for (guint i = 0; texts[i] != NULL; i++)
    if (g_regex_match (regex, texts[i], 0, NULL))
      return TRUE;

  return FALSE;
}

/* A pattern that must start (^) where the text starts also matches where
 * an answer starts behind an MTA's words, as when a policy service or an
 * access map answers behind Postfix; one that must end ($) where the text
 * ends also matches before a server's tag (" … - gsmtp"). */
static gboolean
reply_matches (const SpDiagnosisMatch *match,
               GRegex                 *regex,
               SpStep                  step,
               guint                   code,
               const char             *enhanced,
               const ReplyText        *reading)
{
  gboolean starts;

  if (match->code_min == 0 || code < match->code_min || code > match->code_max)
    return FALSE;
  if (!step_matches (match, step))
    return FALSE;
  if (match->enhanced != NULL && !enhanced_matches (match->enhanced, enhanced))
    return FALSE;
  if (match->pattern == NULL)
    return TRUE;
  if (regex == NULL)
    return FALSE;

  if (g_regex_match (regex, reading->text, 0, NULL))
    return TRUE;
  starts = reading->answers[0] != NULL && pattern_has_anchor (match->pattern, '^');
  if (starts && matches_any (regex, reading->answers))
    return TRUE;
  if (reading->untagged == NULL || !pattern_has_anchor (match->pattern, '$'))
    return FALSE;
  if (g_regex_match (regex, reading->untagged, 0, NULL))
    return TRUE;

  return starts && matches_any (regex, reading->untagged_answers);
}

static gboolean
error_domain_matches (SpDiagnosisDomain  domain,
                      GQuark             quark)
{
  switch (domain)
    {
    case SP_DIAGNOSIS_DOMAIN_ANY:
      return TRUE;
    case SP_DIAGNOSIS_DOMAIN_RESOLVER:
      return quark == SP_RESOLVER_ERROR;
    case SP_DIAGNOSIS_DOMAIN_SESSION:
      return quark == SP_SESSION_ERROR;
    case SP_DIAGNOSIS_DOMAIN_IO:
      return quark == G_IO_ERROR;
    case SP_DIAGNOSIS_DOMAIN_TLS:
      return quark == G_TLS_ERROR;
    case SP_DIAGNOSIS_DOMAIN_PROBE:
      return quark == SP_PROBE_ERROR;
    case SP_DIAGNOSIS_DOMAIN_CERTIFICATE:
      return quark == _sp_diagnosis_certificate_quark ();
    case SP_DIAGNOSIS_DOMAIN_NONE:
    default:
      return FALSE;
    }
}

static gboolean
error_matches (const SpDiagnosisMatch *match,
               SpStep                  step,
               const GError           *error)
{
  if (match->domain == SP_DIAGNOSIS_DOMAIN_NONE)
    return FALSE;
  if (!step_matches (match, step))
    return FALSE;
  if (!error_domain_matches (match->domain, error->domain))
    return FALSE;
  if (match->code != SP_DIAGNOSIS_ANY_CODE && match->code != error->code)
    return FALSE;

  return TRUE;
}

/* Building explanations */

static GStrv
translate_list (const char * const *texts)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; texts[i] != NULL; i++)
    g_strv_builder_add (builder, _(texts[i]));

  return g_strv_builder_end (builder);
}

/* The cause a rule names: its own, or its id when several rules do not
 * word the same cause. */
static const char *
rule_cause (const SpDiagnosisRule *rule)
{
  return rule->cause != NULL ? rule->cause : rule->id;
}

static SpExplanation *
explanation_new (const SpDiagnosisRule *rule,
                 int                    match_index,
                 SpStep                 step)
{
  SpExplanation *self = g_atomic_rc_box_new0 (SpExplanation);

  self->rule_id = rule->id;
  self->cause = rule_cause (rule);
  self->match_index = match_index;
  self->step = step;
  self->severity = rule->severity;
  self->generic = g_str_has_prefix (rule->id, "generic-");
  self->reasons = translate_list (rule->reasons);
  self->advice = translate_list (rule->advice);
  if (rule->meaning != NULL)
    self->meaning = g_strdup (_(rule->meaning));

  return self;
}

/* When no rule matches at all (a code outside 200..559 in a hand-made
 * reply); the table's generic rules cover every real reply. */
static const SpDiagnosisRule last_resort_reply = {
  "generic-reply", SP_EXPLANATION_SEVERITY_PERMANENT, NULL,
  { N_("The server gave a reply that SMTP does not define."), NULL },
  { N_("Read the server’s own text in the reply: it often names the exact reason or gives a "
       "web address that explains it."), NULL },
  { { 0 } },
};

#define STEP_BIT(s) (1u << (s))
#define BEFORE_MAIL (STEP_BIT (SP_STEP_BANNER) | STEP_BIT (SP_STEP_EHLO) | \
                     STEP_BIT (SP_STEP_HELO) | STEP_BIT (SP_STEP_STARTTLS))
#define BEFORE_RCPT (BEFORE_MAIL | STEP_BIT (SP_STEP_AUTH) | STEP_BIT (SP_STEP_MAIL))

/* Causes that cannot be the one at some steps, because the session has
 * not got that far: no recipient is known before RCPT TO (a host that
 * takes no mail at all is another matter, RFC 7504), no sender before
 * MAIL FROM, and no message before MAIL FROM either. Readers of real
 * replies never named one there. Spam and virus words at MAIL FROM are
 * about the sender or the connecting address: the content has not been
 * sent yet. (At RCPT TO, readers take "Content rejected" at its word.) */
static const struct
{
  const char *cause;
  guint32     not_at;
} misplaced_causes[] = {
  { "recipient-unknown", BEFORE_RCPT },
  { "recipient-disabled", BEFORE_RCPT },
  { "recipient-busy", BEFORE_RCPT },
  { "recipient-moved", BEFORE_RCPT },
  { "recipient-syntax", BEFORE_RCPT },
  { "recipient-restricted", BEFORE_RCPT },
  { "mailbox-full", BEFORE_RCPT },
  { "too-many-recipients", BEFORE_RCPT },
  { "data-no-recipients", BEFORE_RCPT },
  { "sender-syntax", BEFORE_MAIL },
  { "sender-domain", BEFORE_MAIL },
  { "sender-verify", BEFORE_MAIL },
  { "sender-not-allowed", BEFORE_MAIL },
  { "sender-blocked", BEFORE_MAIL },
  { "sender-account-blocked", BEFORE_MAIL },
  { "sender-authentication", BEFORE_MAIL },
  { "message-content", BEFORE_RCPT },
  { "message-format", BEFORE_MAIL | STEP_BIT (SP_STEP_AUTH) },
  { "virus", BEFORE_RCPT },
  { "dkim-fail", BEFORE_MAIL | STEP_BIT (SP_STEP_AUTH) },
  { "dmarc-fail", BEFORE_MAIL | STEP_BIT (SP_STEP_AUTH) },
};

const char *
_sp_diagnosis_get_misplaced_cause (guint index)
{
  return index < G_N_ELEMENTS (misplaced_causes) ? misplaced_causes[index].cause : NULL;
}

gboolean
_sp_diagnosis_cause_fits_step (const char *cause,
                               SpStep      step)
{
  if ((guint) step >= 32)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (misplaced_causes); i++)
    if (g_str_equal (cause, misplaced_causes[i].cause))
      return (misplaced_causes[i].not_at & STEP_BIT (step)) == 0;

  return TRUE;
}

/* @text with each match of @pattern (compiled once into @regex) replaced
 * by @by, in which "\\1" stands for the first group's text. */
static char *
dup_replaced (gsize      *regex,
              const char *pattern,
              const char *text,
              const char *by)
{
  char *replaced;

  replaced = g_regex_replace (_sp_regex_compiled_once (regex, pattern), text, -1, 0, by, 0,
                              NULL);

  return replaced != NULL ? replaced : g_strdup (text);
}

/* A byte that is not UTF-8, escaped as "\xE1", read as the character it
 * is in ISO 8859-1, or in Windows-1252 for the quotes and dashes of 0x91 to
 * 0x97 (older servers in Brazil, Spain and Italy answer so: "Usu\xE1rio
 * inexistente"). */
static gboolean
append_single_byte (const GMatchInfo *info,
                    GString          *result,
                    gpointer          user_data)
{
  static const gunichar windows_1252[] = {
    0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  };
  g_autofree char *hex = g_match_info_fetch (info, 1);
  guint byte = (guint) g_ascii_strtoull (hex, NULL, 16);

  if (byte >= 0xA0)
    g_string_append_unichar (result, byte);
  else if (byte >= 0x91 && byte <= 0x97)
    g_string_append_unichar (result, windows_1252[byte - 0x91]);
  else
    {
      g_autofree char *escape = g_match_info_fetch (info, 0);

      g_string_append (result, escape);
    }

  return FALSE;
}

/* The text as the rules read it. The words inside an address are a name,
 * not what the server says: <kate@blocked.example> says nothing about a
 * blocked mailbox, nor "spam@example.com: User unknown" about spam. So each
 * address in angle brackets reads as <x@x>, and each without them as x@x,
 * without a dot, so that patterns that stop at the end of a sentence
 * ("mailbox[^.]* does not exist") read on past it. A role address a server
 * names as where to ask (postmaster@, abuse@, support@ …) stays: it is part
 * of the tag or the advice around the answer (find_tag()). A client's IPv6
 * address says what its IPv4 address would ("2001:db8::25 is
 * blacklisted"), so each reads as 192.0.2.1: an address with "::" or with
 * eight groups, not a time such as 10:00:00. */
static char *
dup_for_rules (const char *text)
{
  /* Typographic quotes and dashes, as a web page or a newer server writes
   * them, read as the ASCII ones the rules are written with ("doesn’t"
   * as "doesn't"); a no-break space or a tab, escaped as "\u00A0" or
   * "\x09" by then, as a space. */
  static const struct {
    const char *typographic;
    const char *ascii;
  } plain[] = {
    { "\\u00A0", " " },
    { "\\x09", " " },
    { "\xe2\x80\x98", "'" }, /* ‘ */
    { "\xe2\x80\x99", "'" }, /* ’ */
    { "\xe2\x80\x9c", "\"" }, /* “ */
    { "\xe2\x80\x9d", "\"" }, /* ” */
    { "\xe2\x80\x93", "-" }, /* – */
    { "\xe2\x80\x94", "-" }, /* — */
    /* A reply copied out of a web page's source. */
    { "&lt;", "<" },
    { "&gt;", ">" },
    { "&quot;", "\"" },
    { "&#39;", "'" },
    { "&apos;", "'" },
    { "&nbsp;", " " },
    { "&amp;", "&" },
  };
  /* Then, in this order: */
  static const struct {
    const char *pattern;
    const char *by;
  } rewrites[] = {
    /* The rules are written with single spaces, and with full stops where
     * some servers exclaim ("Relay not permitted!"); an exclamation mark
     * inside a word is a bang path (example.com!user) and stays. */
    { " {2,}", " " },
    { "!+(?=\\s|$)", "." },
    /* A multi-line reply that a bounce or a log flattened into one line
     * keeps each line's "550-5.7.1 " in the middle of a sentence ("is not
     * permitted to 550-relay through"): the words read on past it. */
    { "(?<=\\s)[2-5][0-9]{2}-([245]\\.[0-9]{1,3}\\.[0-9]{1,3} )?", "" },
    /* Addresses, in angle brackets and without (see above). */
    { "<[^<>@\\s]+@[^<>@\\s]+>", "<x@x>" },
    { "(?<![a-z0-9._%+=@-])(?!(postmaster|abuse|admin|administrator|support|help|helpdesk|"
      "hostmaster|webmaster|delist|delisting|removals?|unblock|noc|security)@)"
      "[a-z0-9._%+=-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*(?![a-z0-9_-])", "x@x" },
    /* IPv6 addresses (see above). */
    { "(?<![0-9a-z:.])(([0-9a-f]{1,4}:){1,7}:([0-9a-f]{1,4}(:[0-9a-f]{1,4}){0,6})?|"
      "::[0-9a-f]{1,4}(:[0-9a-f]{1,4}){0,6}|([0-9a-f]{1,4}:){7}[0-9a-f]{1,4})(?![0-9a-z:])",
      "192.0.2.1" },
    /* Words that servers use for one another read as the one the rules are
     * written with: "excessive connections" as "too many connections",
     * "mandatory" and "needed" as "required", "deactivated" as "disabled",
     * "denylist" as "blocklist", "forbidden" as "not allowed", "refused",
     * "declined" and "denied" as "rejected" (but not a socket's "Connection
     * refused", nor "Access denied", "Relay access denied", "Permission
     * denied" or "Service denied", whose words are fixed; "Access rejected"
     * reads as "Access denied"), "inbox" as "mailbox",
     * "unauthorized" as "not authorized", "SMTP AUTH" as "authentication",
     * a sending quota "over quota" as "quota exceeded" …, and "temporary"
     * and "temporarily" where a server wrote one for the other ("Recipient
     * temporary unavailable"). Contractions read as the words they stand for
     * ("isn't" as "is not", "can't" and "can not" as "cannot"), and British
     * spelling as American ("unrecognised"). The rules' patterns are written
     * with the words on the right. */
    { "\\bexcessive(?= ((new|smtp|tls|concurrent|simultaneous|open|recent|failed|invalid|"
      "bad|auth|login|syntax|nonmail) ){0,2}(connections?|sessions|errors|recipients|"
      "messages|e-?mails|mails|commands|hops|attempts|requests|spams|failures|rcpt|"
      "addresses|times)\\b)",
      "too many" },
    { "\\brate[- ]?limit", "rate limit" },
    { "\\b(mandatory|needed)\\b", "required" },
    { "\\b(inactive|de-?activated)\\b", "disabled" },
    { "\\bjunk[ -](e-?)?mails?\\b", "spam" },
    { "\\b(in|mail[ -])box\\b", "mailbox" },
    { "\\bunauthori[sz]ed\\b", "not authorized" },
    { "\\bsmtp[- ]?auth(entication)?\\b", "authentication" },
    { "\\b(black|block|deny)[ -]?list", "blocklist" },
    { "\\b(do|does|did|is|are|was|were|has|have|had|could|would|should)n'?t\\b", "\\1 not" },
    { "\\bcan'?t\\b|\\bcan not\\b", "cannot" },
    { "(?<=authori|recogni|organi)s(?=e|ing|ation)", "z" },
    { "\\bwon't\\b", "will not" },
    { "\\b(prohibited|forbidden|not permitted)\\b", "not allowed" },
    { "\\bdeclined\\b|(?<!connection |query )\\brefused\\b(?! to\\b)", "rejected" },
    { "(?<=\\baccess |\\brelaying |\\brelay )rejected\\b", "denied" },
    { "(?<!access |relaying |relay |permission |service )\\bdenied\\b", "rejected" },
    { "(?<=sending |hourly |daily |monthly |outbound mail |submission |queue |count )"
      "over quota\\b", "quota exceeded" },
    { "\\btemporary(?= (unavailable|disabled|deferred|banned|blocklisted|blocked|rejected|"
      "suspended|locked|bounced|not available|not allowed|not possible)\\b)",
      "temporarily" },
    { "\\btemporarily(?= ((dns|domain|local|system|server) )?(failure|error|problem|issue|"
      "deferral)s?\\b)", "temporary" },
  };
  static gsize single_byte = 0;
  static gsize rewrite_regexes[G_N_ELEMENTS (rewrites)];
  g_autofree char *decoded = NULL;
  GString *ascii;
  char *rules_text;

  decoded = g_regex_replace_eval (_sp_regex_compiled_once (&single_byte,
                                                           "\\\\x([89A-F][0-9A-F])"),
                                  text, -1, 0, 0, append_single_byte, NULL, NULL);
  ascii = g_string_new (decoded != NULL ? decoded : text);
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    g_string_replace (ascii, plain[i].typographic, plain[i].ascii, 0);

  rules_text = g_string_free (ascii, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (rewrites); i++)
    {
      char *rewritten = dup_replaced (&rewrite_regexes[i], rewrites[i].pattern, rules_text,
                                      rewrites[i].by);

      g_free (rules_text);
      rules_text = rewritten;
    }

  return rules_text;
}

/* Whether @pattern (caseless, compiled once into @regex) matches @text, and
 * where the match starts and ends. */
static gboolean
match_compiled_once (gsize      *regex,
                     const char *pattern,
                     const char *text,
                     int        *start,
                     int        *end)
{
  g_autoptr(GMatchInfo) info = NULL;

  return g_regex_match (_sp_regex_compiled_once (regex, pattern), text, 0, &info) &&
         g_match_info_fetch_pos (info, 0, start, end);
}

/* Where the answer starts behind the words Postfix puts before what a
 * restriction says ("<address>: Recipient address rejected: "), or
 * Sendmail before what its access map or a milter says ("<address>... "),
 * or behind the server's name that many servers start with ("421
 * mx.example.com Service not available"), or behind a label such as
 * "Error: " or RFC 5321's "Requested action not taken: ", or NULL. */
static const char *
find_restriction_answer (const char *text)
{
  static gsize prefix = 0;
  int end;

  if (!match_compiled_once (&prefix,
                            "^((<[^<>]*>: )?(recipient address|sender address|client host|"
                            "helo command|data command|end-of-data) rejected: |"
                            "<[^<>]*>\\.\\.\\. |"
                            "[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z][a-z0-9-]*:? |"
                            "(error|sorry|rejected|refused|denied)[:,] |"
                            "requested (mail )?action (not taken|aborted): |"
                            ".{0,200}?(said|from mta\\([^()]*\\)|response|error):? "
                            "[245][0-9]{2}[ -]([245]\\.[0-9]{1,3}\\.[0-9]{1,3} )?)",
                            text, NULL, &end) ||
      text[end] == '\0')
    return NULL;

  return text + end;
}

/* Where the tags start that some servers end each reply with, after what
 * they say (at 0 when they say nothing else), or -1: Gmail's "<id> -
 * gsmtp", Microsoft's "[host timestamp id]", another server's "[host]",
 * qmail's enhanced code "(#5.1.1)", an identifier ("[ID 1234-5678]",
 * "(S2017062302)", "id=5F3A2B1C"), a page to read ("For more information
 * see https://…"), whom to ask ("Please contact your system
 * administrator.", "If you believe this is an error, …"). */
static gssize
find_tag (const char *text)
{
  static gsize tag = 0;
  int start;

  if (!match_compiled_once (&tag,
                            "((^|\\s+)([a-z0-9_.-]+\\s+)?-\\s+gsmtp|"
                            "\\s*\\[[a-z0-9-]+(\\.[a-z0-9-]+)+(\\s[^\\[\\]]*)?\\]|"
                            "\\s*\\(#[245]\\.[0-9]{1,3}\\.[0-9]{1,3}\\)\\.?|"
                            /* An identifier: a group with a number, or named;
                             * the command a bounce says a reply answered. */
                            "(^|\\s+)(\\[[^][()]*[0-9][^][()]*\\]|"
                            "\\([^][()#]*[0-9][^][()]*\\))\\.?|"
                            "[.,;]?\\s*(-\\s*)?\\b(id|qid|sid|ref|reference|session|"
                            "queue id|msgid|tracking id)\\b\\s*[=:#]?\\s*"
                            "[a-z0-9._-]*[0-9][a-z0-9._-]*\\.?|"
                            "\\s*\\(in reply to [a-z /]+ command\\)\\.?|"
                            "[.,;]?\\s*(please\\s+)?(contact|e-?mail|write to)\\s+"
                            "((your|the)\\s+)?((system|mail|e-?mail|it|network)\\s+)?"
                            "(administrator|admin|postmaster|help ?desk|support|provider)"
                            "(@\\S+|(\\s+at)?\\s+\\S+@\\S+)?\\.?|"
                            /* A sentence: up to a full stop that ends it. */
                            "[.,;]?\\s*if you (believe|think|feel)([^.]|\\.(?=\\S))*"
                            "\\b(error|mistake)\\b([^.]|\\.(?=\\S))*\\.?|"
                            "[.,;]?\\s*\\(?((for (more )?(information|info|details|help)[,:]?"
                            "\\s+)?(please\\s+)?(see|visit|go to|refer to|read|check|consult):?"
                            "\\s+)?<?https?://[^\\s<>()]+>?\\)?\\.?)+\\s*$",
                            text, &start, NULL))
    return -1;

  return start;
}

/* A few levels of answers behind an MTA's words in @text, NULL-terminated. */
static void
find_answers (const char  *text,
              const char **answers,
              guint        n_answers)
{
  answers[0] = find_restriction_answer (text);
  for (guint i = 1; i < n_answers - 1 && answers[i - 1] != NULL; i++)
    answers[i] = find_restriction_answer (answers[i - 1]);
}

/* Fills @reading for @text; free its untagged text with g_free(). */
static void
read_text (ReplyText  *reading,
           const char *text)
{
  gssize tag;

  reading->text = text;
  find_answers (text, reading->answers, G_N_ELEMENTS (reading->answers));
  tag = find_tag (text);
  if (tag >= 0)
    {
      reading->untagged = g_strndup (text, tag);
      find_answers (reading->untagged, reading->untagged_answers,
                    G_N_ELEMENTS (reading->untagged_answers));
    }
}

/* The highest priority of a match whose words count only where they stand
 * in what the server says itself (dup_own_words()). */
#define COMMON_WORDS_MAX_PRIORITY 4

/* What the server says itself in @reading: its text without the tags after
 * it, and with each link in it as https://x.x/ (the words of the link are
 * gone, it still reads as a link); NULL when that is the whole text. */
static char *
dup_own_words (const ReplyText *reading)
{
  static const char link_pattern[] = "\\b(https?://|www\\.)[^\\s<>()\"']+";
  static gsize link = 0;
  const char *text = reading->untagged != NULL ? reading->untagged : reading->text;

  if (!match_compiled_once (&link, link_pattern, text, NULL, NULL))
    return reading->untagged != NULL ? g_strdup (text) : NULL;

  return dup_replaced (&link, link_pattern, text, "https://x.x/");
}

static const SpDiagnosisRule *
find_rule (SpStep        step,
           const SpReply *reply,
           const GError *error,
           int          *match_index)
{
  guint n_rules;
  const SpDiagnosisRule *rules = _sp_diagnosis_get_rules (&n_rules);
  GRegex **regexes = get_compiled ();
  const SpDiagnosisRule *best = NULL;
  int best_score = -1;
  g_autofree char *raw_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *own_text = NULL;
  ReplyText reading = { NULL };
  ReplyText own = { NULL };
  g_autofree char *enhanced = NULL;
  guint code = 0;

  if (reply != NULL)
    {
      g_autofree char *escaped = NULL;

      raw_text = sp_reply_dup_text (reply);
      /* GRegex wants valid UTF-8; servers do not always send it. */
      escaped = sp_transcript_escape_text (raw_text, -1);
      text = dup_for_rules (escaped);
      read_text (&reading, text);
      own_text = dup_own_words (&reading);
      if (own_text != NULL)
        read_text (&own, own_text);
      code = sp_reply_get_code (reply);
      enhanced = _sp_diagnosis_dup_enhanced_code (reply);
    }

  *match_index = -1;

  for (guint r = 0; r < n_rules; r++)
    for (guint m = 0; m <= SP_DIAGNOSIS_MAX_MATCHES && !match_is_end (&rules[r].matches[m]); m++)
      {
        const SpDiagnosisMatch *match = &rules[r].matches[m];
        GRegex *regex = regexes[r * (SP_DIAGNOSIS_MAX_MATCHES + 1) + m];
        gboolean matched;
        int score;

        if (reply != NULL)
          matched = reply_matches (match, regex, step, code, enhanced, &reading) &&
                    _sp_diagnosis_cause_fits_step (rule_cause (&rules[r]), step);
        else
          matched = error_matches (match, step, error);

        if (!matched)
          continue;

        /* Common words found only in a tag or inside a link ("If you
         * believe this is an error", "/postmaster/policies.html") name no
         * cause: when the rules know nothing else, the codes speak. A link
         * or a tag that names a list or a service ("spamhaus.org/query") is
         * a rule's own, with a higher priority. */
        if (reply != NULL && own.text != NULL && match->pattern != NULL &&
            match->priority <= COMMON_WORDS_MAX_PRIORITY &&
            !reply_matches (match, regex, step, code, enhanced, &own))
          continue;

        /* Strictly greater: on a tie the earlier rule wins. */
        score = _sp_diagnosis_match_score (match);
        if (score > best_score)
          {
            best = &rules[r];
            best_score = score;
            *match_index = m;
          }
      }

  g_free (reading.untagged);
  g_free (own.untagged);

  return best;
}

SpExplanation *
sp_diagnosis_explain (SpStep         step,
                      const SpReply *reply)
{
  const SpDiagnosisRule *rule;
  SpExplanation *self;
  SpReplyClass klass;
  int match_index;

  g_return_val_if_fail (reply != NULL, NULL);

  rule = find_rule (step, reply, NULL, &match_index);
  if (rule == NULL)
    rule = &last_resort_reply;

  self = explanation_new (rule, match_index, step);
  self->code_meaning = _sp_diagnosis_describe_code (reply);
  if (self->meaning == NULL)
    self->meaning = g_strdup (self->code_meaning);
  if (rule == &last_resort_reply)
    self->generic = TRUE;

  /* A reply's own first digit says how final it is; a rule only raises a
   * 2xx or 3xx that the step did not expect. */
  klass = sp_reply_get_class (reply);
  if (klass == SP_REPLY_CLASS_TRANSIENT)
    self->severity = SP_EXPLANATION_SEVERITY_TEMPORARY;
  else if (klass == SP_REPLY_CLASS_PERMANENT)
    self->severity = SP_EXPLANATION_SEVERITY_PERMANENT;

  return self;
}

SpExplanation *
sp_diagnosis_explain_error (SpStep        step,
                            const GError *error)
{
  const SpDiagnosisRule *rule;
  SpExplanation *self;
  int match_index;

  g_return_val_if_fail (error != NULL, NULL);

  /* The table ends with a rule for any error, so there is always one. */
  rule = find_rule (step, NULL, error, &match_index);
  g_assert (rule != NULL);

  self = explanation_new (rule, match_index, step);
  self->local = TRUE;
  g_assert (self->meaning != NULL);

  return self;
}

SpExplanation *
sp_diagnosis_explain_certificate (const SpTlsReport *report)
{
  /* The problem that matters most to a sending server comes first: dates
   * and revocation are plain failures, a wrong name or an unknown issuer
   * may be a set-up choice. */
  static const SpTlsProblems order[] = {
    SP_TLS_PROBLEM_EXPIRED,
    SP_TLS_PROBLEM_NOT_YET_VALID,
    SP_TLS_PROBLEM_REVOKED,
    SP_TLS_PROBLEM_NAME_MISMATCH,
    SP_TLS_PROBLEM_SELF_SIGNED,
    SP_TLS_PROBLEM_UNKNOWN_ISSUER,
    SP_TLS_PROBLEM_INSECURE,
    SP_TLS_PROBLEM_OTHER,
  };
  g_autoptr(GError) error = NULL;
  SpTlsProblems problem = SP_TLS_PROBLEM_OTHER;
  SpStep step;

  g_return_val_if_fail (report != NULL, NULL);

  if (report->validated)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if ((report->problems & order[i]) != 0)
        {
          problem = order[i];
          break;
        }
    }

  step = report->mode == SP_TLS_MODE_IMPLICIT ? SP_STEP_TLS : SP_STEP_STARTTLS;
  error = g_error_new_literal (_sp_diagnosis_certificate_quark (), (int) problem,
                               "The certificate did not validate");

  return sp_diagnosis_explain_error (step, error);
}

SpExplanation *
sp_diagnosis_explain_step (SpStepRecord *step)
{
  g_return_val_if_fail (step != NULL, NULL);

  if (sp_step_record_get_error (step) != NULL)
    return sp_diagnosis_explain_error (sp_step_record_get_step (step),
                                       sp_step_record_get_error (step));
  if (sp_step_record_get_reply (step) != NULL)
    return sp_diagnosis_explain (sp_step_record_get_step (step), sp_step_record_get_reply (step));

  return NULL;
}

static gboolean
reply_expected (SpStep step,
                guint  code)
{
  switch (step)
    {
    case SP_STEP_BANNER:
      return code == 220;
    case SP_STEP_DATA:
      return code == 354;
    case SP_STEP_AUTH:
      /* 334 is a challenge on the way to 235. */
      return code >= 200 && code < 400;
    case SP_STEP_TLS:
    case SP_STEP_NONE:
    case SP_STEP_DNS:
    case SP_STEP_CONNECT:
    case SP_STEP_EHLO:
    case SP_STEP_HELO:
    case SP_STEP_STARTTLS:
    case SP_STEP_MAIL:
    case SP_STEP_RCPT:
    case SP_STEP_MESSAGE:
    case SP_STEP_RSET:
    case SP_STEP_QUIT:
    case SP_STEP_OTHER:
    default:
      return code >= 200 && code < 300;
    }
}

gboolean
sp_diagnosis_step_failed (SpStepRecord *step)
{
  g_return_val_if_fail (step != NULL, FALSE);

  if (sp_step_record_get_error (step) != NULL)
    return !g_error_matches (sp_step_record_get_error (step), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (sp_step_record_get_reply (step) == NULL)
    return FALSE;
  /* A typed command may well get a 3xx (AUTH, DATA by hand). */
  if (sp_step_record_get_step (step) == SP_STEP_OTHER)
    return sp_reply_get_code (sp_step_record_get_reply (step)) >= 400;

  return !reply_expected (sp_step_record_get_step (step),
                          sp_reply_get_code (sp_step_record_get_reply (step)));
}

SpStepRecord *
sp_diagnosis_find_attempt_deciding_step (SpAttempt *attempt)
{
  g_return_val_if_fail (attempt != NULL, NULL);

  if (sp_attempt_get_deciding_step (attempt) == SP_STEP_NONE)
    return NULL;

  for (guint s = sp_attempt_get_n_steps (attempt); s > 0; s--)
    {
      SpStepRecord *step = sp_attempt_get_step (attempt, s - 1);

      if (sp_step_record_get_step (step) == sp_attempt_get_deciding_step (attempt)
          && (sp_step_record_get_reply (step) != NULL || sp_step_record_get_error (step) != NULL))
        return step;
    }

  return NULL;
}

gboolean
sp_diagnosis_step_needs_explanation (SpAttempt *attempt,
                                     SpStepRecord    *step)
{
  SpStepRecord *deciding;

  g_return_val_if_fail (attempt != NULL, FALSE);
  g_return_val_if_fail (step != NULL, FALSE);

  if (sp_step_record_get_reply (step) == NULL && sp_step_record_get_error (step) == NULL)
    return FALSE;
  deciding = sp_diagnosis_find_attempt_deciding_step (attempt);
  if (step == deciding)
    return !g_error_matches (sp_step_record_get_error (step), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  if (sp_step_record_get_step (step) == SP_STEP_RSET
      || sp_step_record_get_step (step) == SP_STEP_QUIT)
    return FALSE;

  /* Nor does what came after the deciding step: besides RSET and QUIT,
   * only the replies to commands sent in one go with it (PIPELINING),
   * such as DATA's 554 after the only recipient was refused. */
  for (guint i = 0; deciding != NULL && i < sp_attempt_get_n_steps (attempt); i++)
    {
      SpStepRecord *other = sp_attempt_get_step (attempt, i);

      if (other == deciding)
        return FALSE;
      if (other == step)
        break;
    }

  return sp_diagnosis_step_failed (step);
}

SpStepRecord *
sp_diagnosis_find_deciding_step (SpTranscript *transcript,
                                 int          *attempt_index)
{
  SpAttempt *attempt;
  SpStepRecord *step;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  if (attempt_index != NULL)
    *attempt_index = -1;

  /* The verdict repeats the outcome of one attempt: with all MX servers
   * tested it is the first failure, otherwise the last attempt. */
  attempt = sp_transcript_get_deciding_attempt (transcript);
  if (attempt == NULL)
    return NULL;

  step = sp_diagnosis_find_attempt_deciding_step (attempt);
  if (step != NULL && attempt_index != NULL)
    *attempt_index = (int) sp_attempt_get_index (attempt);

  return step;
}

SpTone
sp_diagnosis_get_tone (SpVerdict verdict)
{
  switch (verdict)
    {
    case SP_VERDICT_ACCEPTED:
      return SP_TONE_SUCCESS;

    /* A time-out is amber like a 4xx: the same test may pass later. */
    case SP_VERDICT_TRANSIENT:
    case SP_VERDICT_TIMED_OUT:
      return SP_TONE_TEMPORARY;

    case SP_VERDICT_PERMANENT:
    case SP_VERDICT_CONNECT_FAILED:
    case SP_VERDICT_DNS_FAILED:
    case SP_VERDICT_PROTOCOL_ERROR:
    case SP_VERDICT_TLS_FAILED:
    case SP_VERDICT_AUTH_FAILED:
    case SP_VERDICT_UNSUPPORTED:
      return SP_TONE_FAILURE;

    case SP_VERDICT_CANCELLED:
      return SP_TONE_CANCELLED;

    case SP_VERDICT_NONE:
    default:
      return SP_TONE_NEUTRAL;
    }
}

SpTone
sp_diagnosis_get_reply_tone (SpReplyClass klass)
{
  switch (klass)
    {
    case SP_REPLY_CLASS_SUCCESS:
      return SP_TONE_SUCCESS;
    case SP_REPLY_CLASS_INTERMEDIATE:
      return SP_TONE_INTERMEDIATE;
    case SP_REPLY_CLASS_TRANSIENT:
      return SP_TONE_TEMPORARY;
    case SP_REPLY_CLASS_PERMANENT:
      return SP_TONE_FAILURE;
    case SP_REPLY_CLASS_LOCAL:
    default:
      return SP_TONE_NEUTRAL;
    }
}

SpResponder
sp_diagnosis_get_responder (SpTranscript *transcript)
{
  SpAttempt *deciding;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), SP_RESPONDER_UNKNOWN);

  deciding = sp_transcript_get_deciding_attempt (transcript);
  if (deciding != NULL && sp_attempt_get_responder (deciding) != SP_RESPONDER_UNKNOWN)
    return sp_attempt_get_responder (deciding);

  for (guint i = 0; i < sp_transcript_get_n_attempts (transcript); i++)
    {
      SpResponder responder = sp_attempt_get_responder (sp_transcript_get_attempt (transcript,
                                                                                   i));

      if (responder != SP_RESPONDER_UNKNOWN)
        return responder;
    }

  return SP_RESPONDER_UNKNOWN;
}

char *
sp_diagnosis_dup_responder_note (SpTranscript *transcript)
{
  SpResponder responder;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  responder = sp_diagnosis_get_responder (transcript);
  if (responder == SP_RESPONDER_UNKNOWN)
    return NULL;

  return sp_responder_dup_sentence (responder);
}

/* A new explanation with @explanation's words; the caller sets its advice. */
static SpExplanation *
explanation_copy_but_advice (const SpExplanation *explanation)
{
  SpExplanation *self = g_atomic_rc_box_new0 (SpExplanation);

  *self = *explanation;
  self->meaning = g_strdup (explanation->meaning);
  self->code_meaning = g_strdup (explanation->code_meaning);
  self->reasons = g_strdupv (explanation->reasons);
  self->advice = NULL;

  return self;
}

/* @explanation with @hint as its last piece of advice (in place of the
 * last one when the list is full). Takes over @explanation. */
static SpExplanation *
explanation_with_advice (SpExplanation *explanation,
                         const char    *hint)
{
  g_autoptr(SpExplanation) owned = explanation;
  SpExplanation *self = explanation_copy_but_advice (owned);
  g_autoptr(GStrvBuilder) advice = g_strv_builder_new ();
  guint n_advice = g_strv_length (owned->advice);

  for (guint i = 0; i < n_advice && i < SP_DIAGNOSIS_MAX_ADVICE - 1; i++)
    g_strv_builder_add (advice, owned->advice[i]);
  g_strv_builder_add (advice, hint);
  self->advice = g_strv_builder_end (advice);

  return self;
}

/* @explanation without the pieces of advice in @msgids (translated). Takes
 * over @explanation. */
static SpExplanation *
explanation_without_advice (SpExplanation      *explanation,
                            const char * const *msgids)
{
  g_autoptr(SpExplanation) owned = explanation;
  SpExplanation *self = explanation_copy_but_advice (owned);
  g_autoptr(GStrvBuilder) advice = g_strv_builder_new ();

  for (guint i = 0; owned->advice[i] != NULL; i++)
    {
      gboolean dropped = FALSE;

      for (guint j = 0; msgids[j] != NULL && !dropped; j++)
        dropped = g_strcmp0 (owned->advice[i], _(msgids[j])) == 0;
      if (!dropped)
        g_strv_builder_add (advice, owned->advice[i]);
    }
  self->advice = g_strv_builder_end (advice);

  return self;
}

SpExplanation *
sp_diagnosis_explain_attempt_step (SpAttempt    *attempt,
                                   SpStepRecord *step)
{
  SpExplanation *explanation;

  g_return_val_if_fail (attempt == NULL || SP_IS_ATTEMPT (attempt), NULL);

  explanation = sp_diagnosis_explain_step (step);
  if (explanation == NULL || attempt == NULL || sp_attempt_get_server_given (attempt))
    return explanation;

  return explanation_without_advice (explanation, _sp_diagnosis_given_server_advice);
}

static SpExplanation *explain_transcript_facts (SpTranscript *transcript);

SpExplanation *
sp_diagnosis_explain_transcript (SpTranscript *transcript)
{
  SpExplanation *explanation;
  SpResponder responder;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  explanation = explain_transcript_facts (transcript);
  if (explanation == NULL || explanation->local)
    return explanation;

  /* Advice for the product that answered: where its administrators look. */
  responder = sp_diagnosis_get_responder (transcript);
  if (responder == SP_RESPONDER_UNKNOWN)
    return explanation;

  return explanation_with_advice (explanation, sp_responder_get_admin_hint (responder));
}

static SpExplanation *
explain_transcript_facts (SpTranscript *transcript)
{
  int index = -1;
  SpStepRecord *step;
  SpVerdict verdict;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  verdict = sp_transcript_get_verdict (transcript);
  if (verdict == SP_VERDICT_NONE || verdict == SP_VERDICT_ACCEPTED)
    return NULL;

  /* Every server timed out on port 25: the check of other ports tells
   * whether the servers are up behind a blocked port 25. */
  if (sp_transcript_get_port_check (transcript) != NULL)
    {
      SpPortCheck *check = sp_transcript_get_port_check (transcript);

      error = g_error_new_literal (SP_PROBE_ERROR,
                                   sp_port_check_any_answered (check)
                                     ? SP_PROBE_ERROR_PORT_25_BLOCKED
                                     : SP_PROBE_ERROR_NO_PORT_ANSWERS,
                                   "");
      return sp_diagnosis_explain_error (SP_STEP_CONNECT, error);
    }

  step = sp_diagnosis_find_deciding_step (transcript, &index);
  if (step != NULL)
    return sp_diagnosis_explain_attempt_step (index >= 0
                                                ? sp_transcript_get_attempt (transcript, index)
                                                : NULL,
                                              step);

  /* No step to point at. A failed lookup keeps its error in the
   * transcript; otherwise fall back on what the verdict and the MX list
   * tell. */
  switch (verdict)
    {
    case SP_VERDICT_DNS_FAILED:
      {
        SpMxResult *mx = sp_transcript_get_mx_result (transcript);
        const GError *dns_error = sp_transcript_get_dns_error (transcript);

        if (dns_error != NULL)
          return sp_diagnosis_explain_error (SP_STEP_DNS, dns_error);

        if (mx != NULL && mx->hosts != NULL && mx->hosts->len > 0)
          error = g_error_new_literal (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_NO_ADDRESSES, "");
        else
          error = g_error_new_literal (SP_RESOLVER_ERROR, SP_RESOLVER_ERROR_FAILED, "");
        return sp_diagnosis_explain_error (SP_STEP_DNS, error);
      }

    case SP_VERDICT_CANCELLED:
      /* The person stopped it: the verdict's one sentence says so, and there is no cause
       * to explain. */
      return NULL;

    case SP_VERDICT_CONNECT_FAILED:
      error = g_error_new_literal (SP_SESSION_ERROR, SP_SESSION_ERROR_CONNECT_FAILED, "");
      return sp_diagnosis_explain_error (SP_STEP_CONNECT, error);

    case SP_VERDICT_TIMED_OUT:
      /* The whole test's deadline, reached before any attempt. */
      if (sp_transcript_get_dns_error (transcript) != NULL)
        return sp_diagnosis_explain_error (SP_STEP_DNS, sp_transcript_get_dns_error (transcript));
      error = g_error_new_literal (SP_SESSION_ERROR, SP_SESSION_ERROR_TIMED_OUT, "");
      return sp_diagnosis_explain_error (sp_transcript_get_deciding_step (transcript), error);

    case SP_VERDICT_AUTH_FAILED:
      error = g_error_new_literal (SP_SESSION_ERROR, SP_SESSION_ERROR_AUTH_UNSUPPORTED, "");
      return sp_diagnosis_explain_error (SP_STEP_AUTH, error);

    case SP_VERDICT_TLS_FAILED:
      error = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE, "");
      return sp_diagnosis_explain_error (sp_transcript_get_deciding_step (transcript), error);

    case SP_VERDICT_UNSUPPORTED:
      error = g_error_new_literal (SP_PROBE_ERROR, SP_PROBE_ERROR_SMTPUTF8_NOT_OFFERED, "");
      return sp_diagnosis_explain_error (sp_transcript_get_deciding_step (transcript), error);

    case SP_VERDICT_NONE:
    case SP_VERDICT_ACCEPTED:
    case SP_VERDICT_TRANSIENT:
    case SP_VERDICT_PERMANENT:
    case SP_VERDICT_PROTOCOL_ERROR:
    default:
      error = g_error_new_literal (SP_SESSION_ERROR, SP_SESSION_ERROR_PROTOCOL, "");
      return sp_diagnosis_explain_error (sp_transcript_get_deciding_step (transcript), error);
    }
}

/* The explanation */

static void
sp_explanation_clear (SpExplanation *self)
{
  g_free (self->meaning);
  g_free (self->code_meaning);
  g_strfreev (self->reasons);
  g_strfreev (self->advice);
}

SP_DEFINE_RC_BOXED_TYPE (SpExplanation, sp_explanation, sp_explanation_clear)

const char *
sp_explanation_get_rule_id (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->rule_id;
}

const char *
sp_explanation_get_cause (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->generic ? "generic" : self->cause;
}

int
_sp_explanation_get_match_index (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->match_index;
}

SpExplanationSeverity
sp_explanation_get_severity (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, SP_EXPLANATION_SEVERITY_INFO);

  return self->severity;
}

const char *
sp_explanation_severity_to_string (SpExplanationSeverity severity)
{
  switch (severity)
    {
    case SP_EXPLANATION_SEVERITY_TEMPORARY:
      return "temporary";
    case SP_EXPLANATION_SEVERITY_PERMANENT:
      return "permanent";
    case SP_EXPLANATION_SEVERITY_INFO:
    default:
      return "info";
    }
}

SpStep
sp_explanation_get_step (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, SP_STEP_NONE);

  return self->step;
}

gboolean
sp_explanation_is_generic (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->generic;
}

gboolean
sp_explanation_is_local (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->local;
}

const char *
sp_explanation_get_meaning (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->meaning;
}

const char *
sp_explanation_get_code_meaning (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->code_meaning;
}

const char * const *
sp_explanation_get_reasons (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->reasons;
}

const char * const *
sp_explanation_get_advice (const SpExplanation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->advice;
}

/* Plain text */

/* Appends @text wrapped at @width characters; the first line follows what
 * is already on the line (@column characters), the others start with
 * @indent. Words longer than a line stay whole. */
static void
append_wrapped (GString    *out,
                const char *text,
                guint       column,
                const char *indent,
                guint       width)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n", -1);
  guint indent_width = g_utf8_strlen (indent, -1);
  gboolean line_empty = TRUE;

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint len = g_utf8_strlen (words[i], -1);

      if (len == 0)
        continue;

      if (!line_empty && column + 1 + len > width)
        {
          g_string_append_c (out, '\n');
          g_string_append (out, indent);
          column = indent_width;
          line_empty = TRUE;
        }

      if (!line_empty)
        {
          g_string_append_c (out, ' ');
          column++;
        }

      g_string_append (out, words[i]);
      column += len;
      line_empty = FALSE;
    }

  g_string_append_c (out, '\n');
}

static void
append_heading (GString    *out,
                const char *indent,
                const char *label,
                const char *start,
                const char *end)
{
  g_string_append (out, indent);
  g_string_append (out, start != NULL ? start : "");
  g_string_append (out, label);
  g_string_append (out, end != NULL ? end : "");
}

static void
append_list (GString            *out,
             const char * const *items,
             const char         *indent,
             guint               width)
{
  g_autofree char *item_indent = g_strconcat (indent, "    ", NULL);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_string_append (out, indent);
      g_string_append (out, "  • ");
      append_wrapped (out, items[i], g_utf8_strlen (indent, -1) + 4, item_indent, width);
    }
}

char *
sp_explanation_format_text (const SpExplanation *self,
                            const char          *indent,
                            guint                width,
                            const char          *heading_start,
                            const char          *heading_end)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *more_indent = NULL;
  const char *label;

  g_return_val_if_fail (self != NULL, NULL);

  if (indent == NULL)
    indent = "";
  more_indent = g_strconcat (indent, "  ", NULL);
  width = MAX (width, g_utf8_strlen (indent, -1) + 20);

  label = _("What it means:");
  append_heading (out, indent, label, heading_start, heading_end);
  g_string_append_c (out, ' ');
  append_wrapped (out, self->meaning, g_utf8_strlen (indent, -1) + g_utf8_strlen (label, -1) + 1,
                  more_indent, width);

  if (self->code_meaning != NULL && g_strcmp0 (self->code_meaning, self->meaning) != 0)
    {
      /* Translators: a heading in the text of a diagnosis, before what the reply codes mean. */
      label = _("The codes:");
      append_heading (out, indent, label, heading_start, heading_end);
      g_string_append_c (out, ' ');
      append_wrapped (out, self->code_meaning,
                      g_utf8_strlen (indent, -1) + g_utf8_strlen (label, -1) + 1,
                      more_indent, width);
    }

  if (self->reasons[0] != NULL)
    {
      /* Translators: a heading in the text of a diagnosis, before a list of reasons. */
      append_heading (out, indent, _("Likely reasons:"), heading_start, heading_end);
      g_string_append_c (out, '\n');
      append_list (out, (const char * const *) self->reasons, indent, width);
    }

  if (self->advice[0] != NULL)
    {
      append_heading (out, indent, _("What to try:"), heading_start, heading_end);
      g_string_append_c (out, '\n');
      append_list (out, (const char * const *) self->advice, indent, width);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
