/* sp-diagnosis-verdict.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The sentences that say how an attempt and a whole test ended. The probe
 * decides the verdict from facts (the step, the reply, the error, what was
 * not tried) and records the sentence these functions make of them, so
 * the result page, the CLI and every export read the same words. */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-diagnosis-private.h"

/* The refusal at @step as a sentence that quotes the reply, @quote. */
static char *
dup_step_refusal (SpStep      step,
                  const char *quote)
{
  switch (step)
    {
    case SP_STEP_BANNER:
      /* Translators: %s is the server’s reply, such as “550 5.7.1 Refused”. */
      return g_strdup_printf (_("The server refused the connection in its greeting: %s."),
                              quote);
    case SP_STEP_EHLO:
      return g_strdup_printf (_("The server did not accept the greeting (EHLO): %s."), quote);
    case SP_STEP_HELO:
      return g_strdup_printf (_("The server did not accept the greeting (HELO): %s."), quote);
    case SP_STEP_MAIL:
      return g_strdup_printf (_("The server refused the sender (MAIL FROM): %s."), quote);
    case SP_STEP_RCPT:
      return g_strdup_printf (_("The server refused the recipient (RCPT TO): %s."), quote);
    case SP_STEP_DATA:
      return g_strdup_printf (_("The server would not take the message text (DATA): %s."),
                              quote);
    case SP_STEP_MESSAGE:
      return g_strdup_printf (_("The server refused the message after its final dot: %s."),
                              quote);
    case SP_STEP_STARTTLS:
      return g_strdup_printf (_("The server refused encryption (STARTTLS): %s."), quote);
    case SP_STEP_AUTH:
      return g_strdup_printf (_("The server refused the login (AUTH): %s."), quote);
    case SP_STEP_TLS:
    case SP_STEP_RSET:
    case SP_STEP_QUIT:
    case SP_STEP_NONE:
    case SP_STEP_DNS:
    case SP_STEP_CONNECT:
    case SP_STEP_OTHER:
    default:
      return g_strdup_printf (_("The server refused the command: %s."), quote);
    }
}

/* A cause that names the sender, this computer or the sender's domain
 * gets said as such, at whatever step it came: a refusal of the sender at
 * RCPT TO is not about the recipient. */
static char *
dup_side_refusal (SpStep         step,
                  const SpReply *reply,
                  const char    *quote)
{
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain (step, reply);

  switch (_sp_diagnosis_side_of (sp_explanation_get_cause (explanation)))
    {
    case SIDE_SENDER:
      if (step == SP_STEP_MAIL || step == SP_STEP_AUTH)
        break;
      return g_strdup_printf (_("The server refused the sender: %s."), quote);
    case SIDE_CLIENT:
      if (step == SP_STEP_AUTH)
        break;
      return g_strdup_printf (_("The server refused mail from this computer’s address: %s."),
                              quote);
    case SIDE_SENDER_AUTH:
      return g_strdup_printf (_("The server refused the message because the sender’s domain "
                                "could not be verified: %s."), quote);
    case SIDE_STEP:
    case SIDE_GREYLISTING:
    case SIDE_SERVER:
    case SIDE_TIMEOUT:
    case SIDE_LOGIN:
    case SIDE_RELAY:
    default:
      break;
    }

  return dup_step_refusal (step, quote);
}

/* Sentences in a row: @first (may be NULL or empty), then @then. */
static char *
join_sentences (const char *first,
                const char *then)
{
  if (first == NULL || *first == '\0')
    return g_strdup (then);

  return g_strconcat (first, " ", then, NULL);
}

static gboolean
reply_has_rule (SpStep         step,
                const SpReply *reply,
                const char    *rule_id)
{
  g_autoptr(SpExplanation) explanation = sp_diagnosis_explain (step, reply);

  return g_strcmp0 (sp_explanation_get_rule_id (explanation), rule_id) == 0;
}

gboolean
sp_diagnosis_wants_encryption (SpStep         step,
                               const SpReply *reply)
{
  g_return_val_if_fail (reply != NULL, FALSE);

  return sp_reply_get_class (reply) == SP_REPLY_CLASS_PERMANENT &&
         (reply_has_rule (step, reply, "starttls-required") ||
          reply_has_rule (step, reply, "auth-encryption-required"));
}

char *
sp_diagnosis_dup_refusal_detail (SpStep         step,
                                 const SpReply *reply)
{
  g_autofree char *quote = NULL;
  g_autofree char *sentence = NULL;

  g_return_val_if_fail (reply != NULL, NULL);

  quote = sp_reply_dup_quote (reply);

  /* RFC 1870: a size refusal at MAIL FROM (the SIZE= parameter) is about
   * the message, not the sender. */
  if (step == SP_STEP_MAIL && reply_has_rule (step, reply, "message-too-large"))
    /* Translators: %s is the server’s reply, such as “552 5.3.4 Message too big”. */
    sentence = g_strdup_printf (_("The server refused the message as too large at MAIL FROM: "
                                  "%s."), quote);
  else
    sentence = dup_side_refusal (step, reply, quote);

  /* Two sentences: what the server said, then what the class of its reply
   * means. */
  if (sp_reply_get_class (reply) == SP_REPLY_CLASS_TRANSIENT)
    return g_strconcat (sentence, " ",
                        _("This is a temporary failure: the server refused for now, and a "
                          "sending server would try again later."),
                        NULL);

  return g_strconcat (sentence, " ",
                      _("This is a permanent failure: a sending server would give up and "
                        "return the message to its sender."),
                      NULL);
}

char *
sp_diagnosis_dup_encryption_wanted_detail (SpStep         step,
                                           const SpReply *reply)
{
  g_autofree char *quote = NULL;

  g_return_val_if_fail (reply != NULL, NULL);

  quote = sp_reply_dup_quote (reply);

  /* TRANSLATORS: the first %s is a step such as "Login (AUTH)", the
   * second the reply, such as "530 5.7.0 Must issue a STARTTLS command
   * first". */
  return g_strdup_printf (_("The server wants an encrypted connection (STARTTLS) before "
                            "this step, and this session was not encrypted. %s: %s."),
                          sp_step_get_label (step), quote);
}

/* The identifier a server gives an accepted message in its queue, as the
 * common servers word it: Postfix "queued as 4XyZ", Exim "OK id=1abc-2def",
 * Sendmail "3AB1C2 Message accepted for delivery", Microsoft "<id>
 * [InternalId=…] Queued mail for delivery"; NULL when the reply names none. */
static char *
dup_queue_id (const char *text)
{
  static const char * const patterns[] = {
    "queued as ([A-Za-z0-9]{4,})",
    "\\bid=([A-Za-z0-9-]{6,})",
    "([A-Za-z0-9]{8,}) Message accepted for delivery",
    "<([^<>\\s]{6,})> \\[InternalId=",
    NULL,
  };

  for (guint i = 0; patterns[i] != NULL; i++)
    {
      g_autoptr(GRegex) regex = g_regex_new (patterns[i], G_REGEX_CASELESS, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      if (regex != NULL && g_regex_match (regex, text, 0, &match))
        return g_match_info_fetch (match, 1);
    }

  return NULL;
}

char *
sp_diagnosis_dup_accepted_detail (SpStep         step,
                                  const SpReply *reply,
                                  const char    *recipient)
{
  g_autofree char *text = NULL;
  g_autofree char *queue_id = NULL;

  g_return_val_if_fail (reply != NULL, NULL);

  text = sp_reply_dup_text (reply);
  if (step == SP_STEP_RCPT)
    /* Translators: %s first is the recipient, then the reply's code (250, not a
     * count) and text. */
    return g_strdup_printf (_("The server accepted the recipient %s (%u %s). No message "
                              "was sent: the test stopped after RCPT TO. Some servers accept "
                              "every address at this point and send a bounce later, so "
                              "only a message that arrives proves the mailbox exists."),
                            recipient, sp_reply_get_code (reply), text);

  /* The sentence below ends the reply with its own full stop. */
  sp_reply_trim_final_stop (text);
  queue_id = dup_queue_id (text);
  if (queue_id != NULL)
    /* Translators: %s first is the recipient, then the reply's code (250, not a
     * count) and text, then the identifier the server gave the message in its
     * queue. */
    return g_strdup_printf (_("The server accepted the message for %s: %u %s. It has taken "
                              "responsibility for it and will deliver it or send a bounce; "
                              "the recipient’s own filters can still put it in junk or "
                              "quarantine. The server’s administrator can find it in the "
                              "mail log by its queue ID, %s."),
                            recipient, sp_reply_get_code (reply), text, queue_id);

  /* Translators: %s first is the recipient, then the reply's code (250, not a
   * count) and text. */
  return g_strdup_printf (_("The server accepted the message for %s: %u %s. It has taken "
                            "responsibility for it and will deliver it or send a bounce; the "
                            "recipient’s own filters can still put it in junk or "
                            "quarantine."),
                          recipient, sp_reply_get_code (reply), text);
}

char *
sp_diagnosis_dup_data_not_354_detail (const SpReply *reply)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (reply != NULL, NULL);

  text = sp_reply_dup_text (reply);

  /* Translators: %u and %s are the reply's code (such as 250, not a count) and text. */
  return g_strdup_printf (_("The server answered DATA with %u %s instead of 354, so it "
                            "never asked for the message text; no message was sent. "
                            "This is a protocol error on the server’s side, not a "
                            "refusal."),
                          sp_reply_get_code (reply), text);
}

char *
sp_diagnosis_dup_login_refused_detail (const char    *user,
                                       const SpReply *reply)
{
  g_autofree char *quote = NULL;

  g_return_val_if_fail (reply != NULL, NULL);

  quote = sp_reply_dup_quote (reply);

  /* What to check depends on the reply (a wrong password, an app
   * password, a login that needs encryption): the explanation says it. */
  /* TRANSLATORS: the first %s is the user name, the second the reply,
   * such as "535 5.7.8 Authentication credentials invalid". */
  return g_strdup_printf (_("The server refused the login as %s: %s."), user, quote);
}

char *
sp_diagnosis_dup_starttls_refused_detail (const SpReply *reply)
{
  g_autofree char *quote = NULL;

  g_return_val_if_fail (reply != NULL, NULL);

  quote = sp_reply_dup_quote (reply);

  /* TRANSLATORS: %s is the reply, such as "454 4.7.0 TLS not available" */
  return g_strdup_printf (_("The server refused encryption (STARTTLS): %s. This "
                            "test requires encryption, and so would a sending "
                            "server for a domain that enforces MTA-STS or DANE."),
                          quote);
}

char *
sp_diagnosis_dup_untrusted_certificate_detail (const char        *so_far,
                                               const SpTlsReport *report)
{
  g_autoptr(GString) labels = g_string_new (NULL);
  g_autofree char *detail = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  for (guint bit = 1; bit <= SP_TLS_PROBLEM_OTHER; bit <<= 1)
    if (report->problems & bit)
      g_string_append_printf (labels, "%s%s", labels->len > 0 ? ", " : "",
                              sp_tls_problem_get_label ((SpTlsProblems) bit));

  if (report->accepted)
    /* TRANSLATORS: %s first is the host name, then a list of problems such
     * as "Expired, Name mismatch" and a SHA-256 fingerprint. */
    detail = g_strdup_printf (_("The server’s certificate does not validate for %s (%s); it "
                                "was accepted for this test by its SHA-256 fingerprint %s. "
                                "Senders that enforce MTA-STS or DANE would not deliver."),
                              report->identity, labels->str, report->sha256);
  else
    /* TRANSLATORS: %s first is the host name, then a list of problems such
     * as "Expired, Name mismatch". */
    detail = g_strdup_printf (_("The server’s certificate does not validate for %s (%s). The "
                                "test went on anyway, as most sending servers would; senders "
                                "that enforce MTA-STS or DANE would not deliver."),
                              report->identity, labels->str);

  return join_sentences (so_far, detail);
}

char *
sp_diagnosis_dup_mx_names_address_detail (const char *so_far,
                                          const char *address)
{
  g_autofree char *detail = NULL;

  /* Translators: follows the result of the test, such as “The server
   * accepted the message for kate@example.com: 250 Ok.”; %s is an IP address. */
  detail = g_strdup_printf (_("But the MX record names the IP address %s instead of a host "
                              "name, which RFC 5321 (section 5.1) does not allow: sending "
                              "servers refuse such a record, so mail to the domain does not "
                              "arrive this way."),
                            address);

  return join_sentences (so_far, detail);
}

/* What a test did not get to, as sentences appended to @out: one for the
 * addresses and one for the mail servers, since a sentence with two
 * counts cannot take the plural form each needs. */
static void
append_untried (GString         *out,
                const SpUntried *untried)
{
  if (untried->n_addresses > 0)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                /* Translators: %u is how many addresses of the
                                                 * mail server %s were not tried, “Not tried: 3
                                                 * more addresses of mx1.example.test.” */
                                                "Not tried: %u more address of %s.",
                                                "Not tried: %u more addresses of %s.",
                                                untried->n_addresses),
                              untried->n_addresses, untried->host);
    }

  if (untried->n_servers > 0)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                                "Not tried: %u more mail server.",
                                                "Not tried: %u more mail servers.",
                                                untried->n_servers),
                              untried->n_servers);
    }
}

char *
sp_diagnosis_dup_deadline_detail (const GError    *error,
                                  const SpUntried *untried)
{
  GString *detail;

  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (untried != NULL, NULL);

  /* How to raise the limit is the explanation's advice ("test-deadline"). */
  detail = g_string_new (error->message);
  append_untried (detail, untried);

  return g_string_free (detail, FALSE);
}

char *
sp_diagnosis_dup_attempt_limit_note (const SpUntried *untried,
                                     guint            limit)
{
  GString *note = g_string_new (NULL);

  g_return_val_if_fail (untried != NULL, NULL);

  g_string_append_printf (note, g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: --max-attempts is the command-line
                                              * option and Advanced the section of the app's
                                              * options; sentences such as “Not tried: 3 more
                                              * addresses of mx1.example.test.” follow. */
                                             "The test reached its limit of %u connection "
                                             "attempt; raise it with --max-attempts, or under "
                                             "Advanced in the app.",
                                             "The test reached its limit of %u connection "
                                             "attempts; raise it with --max-attempts, or under "
                                             "Advanced in the app.",
                                             limit),
                          limit);
  append_untried (note, untried);

  return g_string_free (note, FALSE);
}

char *
sp_diagnosis_dup_all_accepted_detail (guint    n_attempts,
                                      gboolean tls_problems)
{
  if (tls_problems)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The %u mail server accepted the test, but its "
                                         "certificate does not validate; see the "
                                         "certificate report.",
                                         "All %u mail servers accepted the test, but not "
                                         "every one has a certificate that validates; "
                                         "see the certificate reports.",
                                         n_attempts),
                            n_attempts);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The %u mail server accepted the test.",
                                       "All %u mail servers accepted the test.",
                                       n_attempts),
                          n_attempts);
}

char *
sp_diagnosis_dup_mixed_detail (guint       n_accepted,
                               guint       n_attempts,
                               const char *first_failure)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: "1 of 2 mail servers accepted the test.
                                        * The first failure: …" with the first failure's own
                                        * sentence. The plural form goes by the second
                                        * number. */
                                       "%u of %u mail server accepted the test. The first "
                                       "failure: %s",
                                       "%u of %u mail servers accepted the test. The first "
                                       "failure: %s",
                                       n_attempts),
                          n_accepted, n_attempts, first_failure != NULL ? first_failure : "");
}

char *
sp_diagnosis_dup_failover_detail (guint       n_attempts,
                                  const char *last)
{
  if (n_attempts == 1)
    /* Translators: the %s is the address's own sentence. */
    return g_strdup_printf (_("No mail server could take the message: the one address tried "
                              "failed. %s"),
                            last != NULL ? last : "");

  /* Both forms take the count and the last address's own sentence, so
   * that a language whose form for 21 is the first one has both. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: the %s is the last address's own
                                        * sentence. */
                                       "No mail server could take the message: %u address "
                                       "tried failed. The last one: %s",
                                       "No mail server could take the message: all %u "
                                       "addresses tried failed. The last one: %s",
                                       n_attempts),
                          n_attempts, last != NULL ? last : "");
}

char *
sp_diagnosis_dup_cancelled_detail (gboolean whole_test)
{
  if (whole_test)
    return g_strdup (_("The test was stopped before it finished; the log shows what happened "
                       "until then."));

  return g_strdup (_("The test was cancelled."));
}

/* Telling a blocked port 25 from dead servers */

static char *
dup_reach_sentence (GInetSocketAddress *tried,
                    SpPortReach         reach)
{
  g_autofree char *address =
    g_inet_address_to_string (g_inet_socket_address_get_address (tried));
  guint port = g_inet_socket_address_get_port (tried);

  switch (reach)
    {
    case SP_PORT_REACH_OPEN:
      /* Translators: %s is an IP address, %u a port such as 587 (not a count). */
      return g_strdup_printf (_("%s answered on port %u: the server is up."), address, port);
    case SP_PORT_REACH_REFUSED:
      /* Translators: %s is an IP address, %u a port such as 587 (not a count). */
      return g_strdup_printf (_("%s refused a connection on port %u at once: the server is up, "
                                "though nothing takes connections on that port."),
                              address, port);
    case SP_PORT_REACH_TIMED_OUT:
      /* Translators: %s is an IP address, %u a port such as 587 (not a count). */
      return g_strdup_printf (_("%s did not answer on port %u at all."), address, port);
    case SP_PORT_REACH_NO_ROUTE:
      /* Translators: %s is an IP address, %u a port such as 587 (not a count). */
      return g_strdup_printf (_("There is no route from here to %s (port %u)."), address, port);
    case SP_PORT_REACH_NO_NETWORK:
      /* Translators: %s is an IP address, %u a port such as 587 (not a count). */
      return g_strdup_printf (_("This computer has no route to the network of %s (port %u) at "
                                "all."),
                              address, port);
    case SP_PORT_REACH_FAILED:
    default:
      /* Translators: %s is an IP address, %u a port such as 587 (not a count). */
      return g_strdup_printf (_("A connection to %s on port %u failed."), address, port);
    }
}

char *
sp_diagnosis_dup_port_check_note (const SpPortCheck *check)
{
  g_autoptr(GString) note = g_string_new (NULL);

  g_return_val_if_fail (check != NULL, NULL);

  for (guint i = 0; i < sp_port_check_get_n_results (check); i++)
    {
      g_autofree char *sentence =
        dup_reach_sentence (sp_port_check_get_address (check, i),
                            sp_port_check_get_reach (check, i));

      if (note->len > 0)
        g_string_append_c (note, ' ');
      g_string_append (note, sentence);
    }

  if (note->len == 0)
    g_string_append (note, _("There was no address to check on other ports."));

  return g_string_free (g_steal_pointer (&note), FALSE);
}

char *
sp_diagnosis_dup_port_check_detail (const char        *so_far,
                                    const SpPortCheck *check)
{
  g_autofree char *meaning = NULL;

  g_return_val_if_fail (check != NULL, NULL);

  if (sp_port_check_any_answered (check))
    /* Translators: %u is a port such as 587, not a count. */
    meaning = g_strdup_printf (_("The same servers answer on port %u, so they are up: this "
                                 "network, or its internet provider, blocks outgoing "
                                 "connections to port 25."),
                               sp_port_check_get_answering_port (check));
  else
    meaning = g_strdup (_("They do not answer on ports 587 and 465 either: they are down, "
                          "or something drops every connection from here to them."));

  /* What happened, then what the check of other ports means. */
  return join_sentences (so_far, meaning);
}
