/* sp-diagnosis-headline.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The verdict in one sentence. The result page, the CLI's summary and
 * every export show this sentence, so that a run reads the same
 * wherever it is looked at. */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-diagnosis-private.h"

static guint
count_accepted (SpTranscript *transcript)
{
  guint n_accepted = 0;

  for (guint i = 0; i < sp_transcript_get_n_attempts (transcript); i++)
    if (sp_attempt_get_verdict (sp_transcript_get_attempt (transcript, i)) == SP_VERDICT_ACCEPTED)
      n_accepted++;

  return n_accepted;
}

/* Whether every attempt went to a server of its own: then an attempt is
 * a mail server, else an address of one. */
static gboolean
one_address_each (SpTranscript *transcript)
{
  g_autoptr(GHashTable) hosts = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_attempts = sp_transcript_get_n_attempts (transcript);

  for (guint i = 0; i < n_attempts; i++)
    g_hash_table_add (hosts,
                      (gpointer) sp_attempt_get_host (sp_transcript_get_attempt (transcript, i)));

  return g_hash_table_size (hosts) == n_attempts;
}

/* Some of the mail servers accepted and some did not (every MX tested):
 * the verdict is the first failure's, but the headline must not hide
 * that mail does get through. */
static char *
dup_mixed_headline (SpTranscript *transcript,
                    const char   *recipient)
{
  guint n_attempts = sp_transcript_get_n_attempts (transcript);
  guint n_accepted = count_accepted (transcript);
  gboolean check_only = sp_transcript_get_check_only (transcript);

  /* A server with an IPv4 and an IPv6 address is two attempts: count
   * addresses then, not servers. */
  if (!one_address_each (transcript))
    return g_strdup_printf (check_only
                            ? g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: "Only 1 of 3 addresses of the mail
                                            * servers would receive mail for kate@example.org",
                                            * after a test of every address of every mail server
                                            * that sent no message. The plural form goes by the
                                            * second number. */
                                           "Only %u of %u address of the mail servers would "
                                           "receive mail for %s",
                                           "Only %u of %u addresses of the mail servers would "
                                           "receive mail for %s",
                                           n_attempts)
                            : g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: "Only 1 of 3 addresses of the mail
                                            * servers accepted the test message for
                                            * kate@example.org". The plural form goes by the
                                            * second number. */
                                           "Only %u of %u address of the mail servers accepted "
                                           "the test message for %s",
                                           "Only %u of %u addresses of the mail servers "
                                           "accepted the test message for %s",
                                           n_attempts),
                            n_accepted, n_attempts, recipient);

  if (check_only)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* Translators: "Only 1 of 2 mail servers would receive
                                          * mail for kate@example.org", after a test of every
                                          * mail server that sent no message. The plural form
                                          * goes by the second number. */
                                         "Only %u of %u mail server would receive mail for %s",
                                         "Only %u of %u mail servers would receive mail for %s",
                                         n_attempts),
                            n_accepted, n_attempts, recipient);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: "Only 1 of 2 mail servers accepted the
                                        * test message for kate@example.org", after a test of
                                        * every mail server. The plural form goes by the
                                        * second number. */
                                       "Only %u of %u mail server accepted the test message "
                                       "for %s",
                                       "Only %u of %u mail servers accepted the test message "
                                       "for %s",
                                       n_attempts),
                          n_accepted, n_attempts, recipient);
}

/* What a refusal is about when its cause says so, whatever the step
 * that got it: servers often refuse a sender or the connecting computer
 * only at RCPT TO, and the headline must not blame the recipient then. */

SpDiagnosisSide
_sp_diagnosis_side_of (const char *rule_id)
{
  static const struct
  {
    const char *rule_id;
    SpDiagnosisSide side;
  } sides[] = {
    { "sender-syntax", SIDE_SENDER },
    { "sender-domain", SIDE_SENDER },
    { "sender-verify", SIDE_SENDER },
    { "sender-not-allowed", SIDE_SENDER },
    { "sender-blocked", SIDE_SENDER },
    { "sender-account-blocked", SIDE_SENDER },
    { "domain-reputation", SIDE_SENDER },
    { "blocklist", SIDE_CLIENT },
    { "ip-reputation", SIDE_CLIENT },
    { "reverse-dns", SIDE_CLIENT },
    { "client-blocked", SIDE_CLIENT },
    { "ehlo-rejected", SIDE_CLIENT },
    { "rate-limited", SIDE_CLIENT },
    { "too-many-connections", SIDE_CLIENT },
    { "dnsbl-misconfigured", SIDE_CLIENT },
    { "spf-fail", SIDE_SENDER_AUTH },
    { "dkim-fail", SIDE_SENDER_AUTH },
    { "dmarc-fail", SIDE_SENDER_AUTH },
    { "sender-authentication", SIDE_SENDER_AUTH },
    { "greylisting", SIDE_GREYLISTING },
    { "server-error", SIDE_SERVER },
    { "server-storage", SIDE_SERVER },
    { "client-timeout", SIDE_TIMEOUT },
    { "auth-required", SIDE_LOGIN },
    { "relay-denied", SIDE_RELAY },
  };

  for (guint i = 0; rule_id != NULL && i < G_N_ELEMENTS (sides); i++)
    if (g_str_equal (sides[i].rule_id, rule_id))
      return sides[i].side;

  return SIDE_STEP;
}

static char *
dup_side_headline (SpTranscript    *transcript,
                   SpDiagnosisSide  side,
                   const char   *recipient,
                   gboolean      later)
{
  switch (side)
    {
    case SIDE_SENDER:
      return g_strdup_printf (later
                              ? _("The server put off the sender %s: try again later")
                              : _("The server refused the sender %s"),
                              sp_transcript_get_sender (transcript));
    case SIDE_CLIENT:
      return g_strdup (later
                       ? _("The server is holding back mail from this computer’s address: "
                           "try again later")
                       : _("The server refuses mail from this computer’s address"));
    case SIDE_SENDER_AUTH:
      return g_strdup (later
                       ? _("The server put off the message: the sender’s domain could not be "
                           "verified")
                       : _("The server refused the message: the sender’s domain could not be "
                           "verified"));
    case SIDE_GREYLISTING:
      return g_strdup (_("The server put off the message on purpose (greylisting): try again "
                         "in a few minutes"));
    case SIDE_SERVER:
      return g_strdup (_("The server is not taking mail now: try again later"));
    case SIDE_TIMEOUT:
      return g_strdup (_("The server stopped waiting for this computer and closed the "
                         "connection"));
    case SIDE_LOGIN:
      return g_strdup (_("The server wants you to sign in first"));
    case SIDE_RELAY:
      return g_strdup_printf (_("The server will not pass mail on to %s"), recipient);
    case SIDE_STEP:
    default:
      return NULL;
    }
}

/* A refusal (5xx) or a postponement (4xx), by its cause when that names
 * a side, else by the step that got it. */
static char *
dup_refusal_headline (SpTranscript *transcript,
                      const char   *rule_id,
                      const char   *recipient,
                      gboolean      later)
{
  char *by_side = dup_side_headline (transcript, _sp_diagnosis_side_of (rule_id), recipient,
                                     later);

  if (by_side != NULL)
    return by_side;

  switch (sp_transcript_get_deciding_step (transcript))
    {
    case SP_STEP_RCPT:
      return g_strdup_printf (later
                              ? _("The server put off the recipient %s: try again later")
                              : _("The server refused the recipient %s"),
                              recipient);

    case SP_STEP_MAIL:
      /* A size refusal at MAIL FROM is about the message, not the
       * sender (RFC 1870: the SIZE= parameter). */
      if (g_strcmp0 (rule_id, "message-too-large") == 0)
        return g_strdup (later
                         ? _("The server has no room for the message now: try again later")
                         : _("The message is too large for the server"));
      return g_strdup_printf (later
                              ? _("The server put off the sender %s: try again later")
                              : _("The server refused the sender %s"),
                              sp_transcript_get_sender (transcript));

    case SP_STEP_DATA:
    case SP_STEP_MESSAGE:
      return g_strdup (later ? _("The server put off the message: try again later")
                             : _("The server refused the message"));

    case SP_STEP_AUTH:
      return g_strdup (later ? _("The server put off the sign-in: try again later")
                             : _("The server refused the sign-in"));

    case SP_STEP_CONNECT:
    case SP_STEP_TLS:
    case SP_STEP_BANNER:
    case SP_STEP_EHLO:
    case SP_STEP_HELO:
    case SP_STEP_STARTTLS:
      return g_strdup (later ? _("The server is not taking mail now: try again later")
                             : _("The server refused to talk to this computer"));

    case SP_STEP_NONE:
    case SP_STEP_DNS:
    case SP_STEP_RSET:
    case SP_STEP_QUIT:
    case SP_STEP_OTHER:
    default:
      return g_strdup (later ? _("The server asked to try again later")
                             : _("The server refused the test"));
    }
}

static char *
dup_dns_headline (SpTranscript *transcript,
                  const char   *rule_id,
                  const char   *recipient)
{
  SpMxResult *mx = sp_transcript_get_mx_result (transcript);
  const char *at = strchr (recipient, '@');

  if (g_strcmp0 (rule_id, "dns-mx-names-address") == 0)
    return g_strdup (_("The MX record names an IP address instead of a mail server’s name"));
  if (mx != NULL)
    return g_strdup_printf (_("The mail servers of %s have no usable address"), mx->domain);
  if (at != NULL)
    return g_strdup_printf (_("The mail servers of %s could not be found"), at + 1);

  return g_strdup (_("The mail server could not be found"));
}

static char *
dup_tls_headline (SpTranscript *transcript,
                  const char   *rule_id)
{
  SpStep step = sp_transcript_get_deciding_step (transcript);

  if (g_strcmp0 (rule_id, "certificate-required-untrusted") == 0)
    return g_strdup (_("The server’s certificate did not validate, and encryption was "
                       "required"));

  /* A login or a sender refused until the connection is encrypted. */
  if (step == SP_STEP_AUTH || step == SP_STEP_MAIL || step == SP_STEP_RCPT)
    return g_strdup (_("The server wants an encrypted connection (STARTTLS) first"));

  return g_strdup (step == SP_STEP_STARTTLS
                   ? _("The connection to the mail server could not be encrypted")
                   : _("The encrypted connection to the mail server failed"));
}

static char *
dup_verdict_headline (SpTranscript *transcript)
{
  g_autoptr(SpExplanation) explanation = NULL;
  const char *recipient;
  const char *rule_id = NULL;
  SpVerdict verdict;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  recipient = sp_transcript_get_recipient (transcript);
  if (recipient == NULL)
    recipient = "";
  verdict = sp_transcript_get_verdict (transcript);

  /* The rule that explains the outcome tells the cases apart that the
   * verdict and the step alone do not. */
  explanation = sp_diagnosis_explain_transcript (transcript);
  if (explanation != NULL)
    rule_id = sp_explanation_get_cause (explanation);

  if (sp_transcript_get_mixed (transcript))
    return dup_mixed_headline (transcript, recipient);

  /* Commands typed by hand: the outcome of what was typed, not of a test
   * of the recipient (there may be none). */
  if (sp_transcript_get_manual (transcript))
    {
      if (verdict == SP_VERDICT_ACCEPTED)
        return g_strdup (_("The server accepted the commands typed by hand"));
      if (verdict == SP_VERDICT_PERMANENT)
        return g_strdup (_("The server refused a command typed by hand"));
      if (verdict == SP_VERDICT_TRANSIENT)
        return g_strdup (_("The server put off a command typed by hand: try again later"));
    }

  switch (verdict)
    {
    case SP_VERDICT_ACCEPTED:
      /* Failing over to a second address is still one server's answer;
       * several servers that accepted mean every one was tested. */
      if (count_accepted (transcript) > 1)
        return g_strdup_printf (_("%s would receive mail from these servers"), recipient);
      if (sp_transcript_get_check_only (transcript))
        return g_strdup_printf (_("%s would receive mail from this server"), recipient);
      return g_strdup_printf (_("The server accepted the test message for %s"), recipient);

    case SP_VERDICT_PERMANENT:
      return dup_refusal_headline (transcript, rule_id, recipient, FALSE);

    case SP_VERDICT_TRANSIENT:
      return dup_refusal_headline (transcript, rule_id, recipient, TRUE);

    case SP_VERDICT_CONNECT_FAILED:
      if (g_strcmp0 (rule_id, "port-25-blocked") == 0)
        return g_strdup (_("This network blocks outgoing connections to port 25"));
      if (g_strcmp0 (rule_id, "connect-no-port-answers") == 0)
        return g_strdup (_("The mail servers do not answer on any mail port"));
      return g_strdup (_("Could not connect to the mail server"));

    case SP_VERDICT_DNS_FAILED:
      return dup_dns_headline (transcript, rule_id, recipient);

    case SP_VERDICT_TIMED_OUT:
      if (g_strcmp0 (rule_id, "test-deadline") == 0)
        return g_strdup (_("The test reached its time limit before it finished"));
      return g_strdup (_("The server did not answer in time"));

    case SP_VERDICT_PROTOCOL_ERROR:
      if (sp_transcript_get_deciding_step (transcript) == SP_STEP_DATA)
        return g_strdup (_("The server did not ask for the message text after DATA"));
      return g_strdup (_("The server broke off the conversation"));

    case SP_VERDICT_CANCELLED:
      return g_strdup (_("The test was stopped before it finished"));

    case SP_VERDICT_TLS_FAILED:
      return dup_tls_headline (transcript, rule_id);

    case SP_VERDICT_UNSUPPORTED:
      return g_strdup (_("The server cannot take an address with non-ASCII characters"));

    case SP_VERDICT_AUTH_FAILED:
      if (g_strcmp0 (rule_id, "certificate-auth-untrusted") == 0)
        return g_strdup (_("The password was not sent: the server’s certificate did not "
                           "validate"));
      return g_strdup (_("Could not sign in to the mail server"));

    case SP_VERDICT_NONE:
    default:
      return g_strdup (_("The test has not finished"));
    }
}

char *
sp_diagnosis_dup_certificate_warning (SpTranscript *transcript)
{
  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  if (!sp_transcript_has_tls_problems (transcript))
    return NULL;

  return g_strdup (_("Warning: a server’s certificate does not validate (see the certificate "
                     "report of its attempt). Most sending servers deliver anyway, but senders "
                     "that enforce MTA-STS or DANE would not."));
}

SpTone
sp_diagnosis_get_transcript_tone (SpTranscript *transcript)
{
  g_autofree char *backup = NULL;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), SP_TONE_NEUTRAL);

  /* Mail gets through, but not as it should: some servers refused, or
   * only a backup took it. Neither green nor red. */
  if (sp_transcript_get_mixed (transcript))
    return SP_TONE_TEMPORARY;

  backup = sp_diagnosis_dup_backup_warning (transcript);
  if (backup != NULL)
    return SP_TONE_TEMPORARY;

  return sp_diagnosis_get_tone (sp_transcript_get_verdict (transcript));
}

char *
sp_diagnosis_dup_headline (SpTranscript *transcript)
{
  g_autofree char *headline = NULL;

  g_return_val_if_fail (SP_IS_TRANSCRIPT (transcript), NULL);

  headline = dup_verdict_headline (transcript);
  if (!sp_transcript_get_simulated (transcript))
    return g_steal_pointer (&headline);

  /* Translators: the headline of a practice test against a simulated
   * server, such as “The server refused the recipient kate@example.org
   * (simulated)”; %s is the headline of the test. */
  return g_strdup_printf (_("%s (simulated)"), headline);
}
