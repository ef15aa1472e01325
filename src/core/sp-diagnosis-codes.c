/* sp-diagnosis-codes.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-diagnosis-private.h"
#include "sp-text-private.h"

/* The meaning of the digits (RFC 5321 4.2.1) and of enhanced status codes
 * (RFC 3463, and the registry RFC 5248 set up).  Every text is a whole
 * sentence, so that a language can make its words agree: a class, a
 * subject and a detail are never glued into one sentence. */

static const char * const first_digit_texts[] = {
  /* Translators: %u is an SMTP reply code such as 250, not a count. */
  [2] = N_("%u means success: the server did what was asked."),
  /* Translators: %u is an SMTP reply code such as 354, not a count. */
  [3] = N_("%u means so far so good: the server accepted the command and waits for the rest, "
           "such as the message text after DATA."),
  /* Translators: %u is an SMTP reply code such as 450, not a count. */
  [4] = N_("%u means a temporary failure: the server refused for now, and a sending server "
           "keeps the message and tries again later."),
  /* Translators: %u is an SMTP reply code such as 550, not a count. */
  [5] = N_("%u means a permanent failure: the server refused, and a sending server gives up "
           "and returns the message to its sender (a bounce)."),
};

/* This sentence follows the one above, about the same reply code. */
static const char * const second_digit_texts[] = {
  [0] = N_("Its second digit says that it concerns the syntax of the command or its "
           "arguments."),
  [1] = N_("Its second digit says that it concerns information, such as a status or a help "
           "text."),
  [2] = N_("Its second digit says that it concerns the connection."),
  /* 3 and 4 are not assigned: the second digit is left out. */
  [5] = N_("Its second digit says that it concerns the mail system: the server itself, a "
           "mailbox or the sender."),
};

/* An enhanced code whose subject is not defined: its class alone. */
static const char * const enhanced_class_texts[] = {
  /* Translators: %s is an enhanced status code such as “2.9.9”. */
  [2] = N_("%s reports success."),
  /* Translators: %s is an enhanced status code such as “4.9.9”. */
  [4] = N_("%s is a temporary failure."),
  /* Translators: %s is an enhanced status code such as “5.9.9”. */
  [5] = N_("%s is a permanent failure."),
};

/* One sentence for each class (first digit) and subject (second digit).
 * A sentence about the detail (third digit) follows it. */
static const char * const enhanced_subject_texts[][8] = {
  [2] = {
    /* Translators: %s is an enhanced status code such as “2.0.0”; the sentence
     * says what its first two digits mean. */
    N_("%s reports success, about no particular subject."),
    N_("%s reports success about an address (of the sender or the recipient)."),
    N_("%s reports success about a mailbox."),
    N_("%s reports success about the receiving mail system."),
    N_("%s reports success about the network or the routing of mail."),
    N_("%s reports success about the mail protocol (SMTP commands)."),
    N_("%s reports success about the content or format of the message."),
    N_("%s reports success about security or policy."),
  },
  [4] = {
    /* Translators: %s is an enhanced status code such as “4.0.0”; the sentence
     * says what its first two digits mean. */
    N_("%s is a temporary failure about no particular subject."),
    N_("%s is a temporary failure about an address (of the sender or the recipient)."),
    N_("%s is a temporary failure about a mailbox."),
    N_("%s is a temporary failure about the receiving mail system."),
    N_("%s is a temporary failure about the network or the routing of mail."),
    N_("%s is a temporary failure about the mail protocol (SMTP commands)."),
    N_("%s is a temporary failure about the content or format of the message."),
    N_("%s is a temporary failure about security or policy."),
  },
  [5] = {
    /* Translators: %s is an enhanced status code such as “5.1.1”; the sentence
     * says what its first two digits mean. */
    N_("%s is a permanent failure about no particular subject."),
    N_("%s is a permanent failure about an address (of the sender or the recipient)."),
    N_("%s is a permanent failure about a mailbox."),
    N_("%s is a permanent failure about the receiving mail system."),
    N_("%s is a permanent failure about the network or the routing of mail."),
    N_("%s is a permanent failure about the mail protocol (SMTP commands)."),
    N_("%s is a permanent failure about the content or format of the message."),
    N_("%s is a permanent failure about security or policy."),
  },
};

typedef struct
{
  guint       subject;
  guint       detail;
  const char *text;
} EnhancedDetail;

/* Detail 0 of every subject says no more than the subject: “Other address
 * status” and so on (RFC 3463), so it shares one sentence. */
static const char detail_zero_text[] = N_("The code gives no more detail than that.");

/* Each sentence follows the sentence about the class and subject. */
static const EnhancedDetail enhanced_details[] = {
  { 1, 1, N_("The recipient’s mailbox address does not exist.") },
  { 1, 2, N_("The recipient’s domain or mail system is wrong or unknown.") },
  { 1, 3, N_("The recipient’s address is not written correctly.") },
  { 1, 4, N_("The recipient’s address is ambiguous: it fits several mailboxes.") },
  { 1, 5, N_("The recipient’s address is valid.") },
  { 1, 6, N_("The mailbox has moved and there is no forwarding address.") },
  { 1, 7, N_("The sender’s address is not written correctly.") },
  { 1, 8, N_("The sender’s domain or mail system is wrong or unknown.") },
  { 1, 9, N_("The message was passed to a mail system that does not send delivery reports.") },
  { 1, 10, N_("The recipient’s domain accepts no mail (null MX).") },
  { 2, 1, N_("The mailbox is disabled and does not accept messages.") },
  { 2, 2, N_("The mailbox is full.") },
  { 2, 3, N_("The message is longer than this mailbox allows.") },
  { 2, 4, N_("A mailing list could not be expanded.") },
  { 3, 1, N_("The mail system is full (out of storage).") },
  { 3, 2, N_("The system is not accepting messages from the network.") },
  { 3, 3, N_("The system cannot do a feature the message asks for.") },
  { 3, 4, N_("The message is too big for the system.") },
  { 3, 5, N_("The system is set up wrongly.") },
  { 4, 1, N_("The next mail server did not answer.") },
  { 4, 2, N_("The connection to the next mail server went wrong.") },
  { 4, 3, N_("A directory server (such as DNS) failed.") },
  { 4, 4, N_("There is no route to the destination.") },
  { 4, 5, N_("The mail system is congested.") },
  { 4, 6, N_("The message is going round in a loop.") },
  { 4, 7, N_("The message was too old to deliver (delivery time expired).") },
  { 5, 1, N_("The command is not valid here.") },
  { 5, 2, N_("The command has a syntax error.") },
  { 5, 3, N_("There are too many recipients.") },
  { 5, 4, N_("An argument or option of the command is not valid.") },
  { 5, 5, N_("The protocol version is wrong.") },
  { 5, 6, N_("An authentication exchange line was too long.") },
  { 6, 1, N_("A content type of the message is not supported.") },
  { 6, 2, N_("The message would have to be converted, and that is not allowed.") },
  { 6, 3, N_("The message would have to be converted, and that is not possible.") },
  { 6, 4, N_("The message was converted with some loss.") },
  { 6, 5, N_("Converting the message failed.") },
  { 6, 6, N_("The message content is not available.") },
  { 6, 7, N_("Addresses with non-ASCII characters are not allowed.") },
  { 6, 8, N_("A UTF-8 reply is required.") },
  { 6, 9, N_("A message with UTF-8 headers cannot be passed on.") },
  { 7, 1, N_("The message was refused by policy (delivery not authorised).") },
  { 7, 2, N_("Expanding a mailing list is not allowed.") },
  { 7, 3, N_("A required security conversion is not possible.") },
  { 7, 4, N_("Security features are not supported.") },
  { 7, 5, N_("A cryptographic operation failed.") },
  { 7, 6, N_("A cryptographic algorithm is not supported.") },
  { 7, 7, N_("The message’s integrity check failed.") },
  { 7, 8, N_("The login details are not valid.") },
  { 7, 9, N_("The login method is too weak.") },
  { 7, 10, N_("Encryption is needed.") },
  { 7, 11, N_("Encryption is required for the chosen login method.") },
  { 7, 12, N_("A password change is needed.") },
  { 7, 13, N_("The user account is disabled.") },
  { 7, 14, N_("A trust relationship is required.") },
  { 7, 15, N_("The message’s priority is too low.") },
  { 7, 16, N_("The message is too big for its priority.") },
  { 7, 17, N_("The mailbox has a new owner.") },
  { 7, 18, N_("The domain has a new owner.") },
  { 7, 19, N_("The check of the recipient’s ownership could not be completed.") },
  { 7, 20, N_("No valid DKIM signature was found.") },
  { 7, 21, N_("No acceptable DKIM signature was found.") },
  { 7, 22, N_("No valid DKIM signature of the author’s domain was found.") },
  { 7, 23, N_("The SPF check failed: the sender’s domain does not allow this IP address.") },
  { 7, 24, N_("The SPF check could not be done because of an error.") },
  { 7, 25, N_("The reverse DNS check of the sending IP address failed.") },
  { 7, 26, N_("Several sender authentication checks (SPF, DKIM, DMARC) failed.") },
  { 7, 27, N_("The sender’s domain accepts no mail (null MX).") },
  { 7, 28, N_("Too much similar mail arrived (a mail flood).") },
  { 7, 29, N_("The ARC check of a forwarded message failed.") },
  { 7, 30, N_("The REQUIRETLS extension is required.") },
};

static const char *
digit_text (const char * const *texts,
            guint               n_texts,
            guint               digit)
{
  if (digit >= n_texts || texts[digit] == NULL)
    return NULL;

  return _(texts[digit]);
}

static gboolean
parse_enhanced (const char *code,
                guint      *klass,
                guint      *subject,
                guint      *detail)
{
  g_auto(GStrv) parts = NULL;
  guint64 values[3];

  if (code == NULL)
    return FALSE;

  parts = g_strsplit (code, ".", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if (!g_ascii_string_to_unsigned (parts[i], 10, 0, 999, &values[i], NULL))
      return FALSE;

  *klass = values[0];
  *subject = values[1];
  *detail = values[2];

  return TRUE;
}

/* The sentences in the tables above name their code, so they are formats
 * that are not literals here.  Each has exactly one placeholder of the
 * type these take, and msgfmt --check holds every translation to the same
 * (build-aux/check-pot). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
append_code_sentence (GString    *out,
                      const char *format,
                      const char *code)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, format, code);
}

static void
append_reply_code_sentence (GString    *out,
                            const char *format,
                            guint       code)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, format, code);
}
#pragma GCC diagnostic pop

static const char *
find_detail_text (guint subject,
                  guint detail)
{
  if (detail == 0)
    return _(detail_zero_text);

  for (guint i = 0; i < G_N_ELEMENTS (enhanced_details); i++)
    if (enhanced_details[i].subject == subject && enhanced_details[i].detail == detail)
      return _(enhanced_details[i].text);

  return NULL;
}

/* The sentences about an enhanced status code, appended to @out. */
static void
describe_enhanced (GString    *out,
                   const char *code)
{
  guint klass, subject, detail;
  const char *class_text;
  const char *subject_text = NULL;
  const char *detail_text;

  if (!parse_enhanced (code, &klass, &subject, &detail))
    return;

  class_text = digit_text (enhanced_class_texts, G_N_ELEMENTS (enhanced_class_texts), klass);
  if (class_text == NULL)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      /* Translators: %s is an enhanced status code such as “3.1.1” */
      g_string_append_printf (out, _("%s is not a valid enhanced status code: its first digit "
                                     "must be 2, 4 or 5."), code);
      return;
    }

  if (subject < G_N_ELEMENTS (enhanced_subject_texts[klass]))
    subject_text = enhanced_subject_texts[klass][subject];

  if (subject_text == NULL)
    {
      append_code_sentence (out, class_text, code);
      g_string_append_c (out, ' ');
      /* Translators: follows “5.9.9 is a permanent failure.”; %u is the
       * undefined middle number of that code (9), not a count. */
      g_string_append_printf (out, _("Its subject %u is not defined, so only its first digit "
                                     "says something."), subject);
      return;
    }

  append_code_sentence (out, _(subject_text), code);
  detail_text = find_detail_text (subject, detail);
  g_string_append_c (out, ' ');
  if (detail_text != NULL)
    {
      g_string_append (out, detail_text);
    }
  else
    {
      /* Translators: follows “5.7.57 is a permanent failure about security
       * or policy.”; %u is the last number of that code (57), not a count. */
      g_string_append_printf (out, _("The detail %u is not a registered code, so the "
                                     "server’s text tells more."), detail);
    }
}

/* The reply's enhanced code (RFC 3463): where RFC 2034 puts it, first on
 * a line, or else where qmail and its descendants write it, "(#5.1.1)"
 * after the text (the last such: other tags may follow it), or a few
 * servers "#5.1.1" at its start. NULL when the reply has none. */
char *
_sp_diagnosis_dup_enhanced_code (const SpReply *reply)
{
  static gsize in_text = 0;
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *text = NULL;

  if (sp_reply_get_enhanced_code (reply) != NULL)
    return g_strdup (sp_reply_get_enhanced_code (reply));

  text = sp_reply_dup_text (reply);
  if (!g_regex_match (_sp_regex_compiled_once (&in_text,
                                               "^#([245]\\.[0-9]{1,3}\\.[0-9]{1,3})(?= |$)|"
                                               "\\(#([245]\\.[0-9]{1,3}\\.[0-9]{1,3})\\)"
                                               "(?!.*\\(#[245]\\.)"),
                      g_strstrip (text), 0, &info))
    return NULL;

  for (int group = 1; group <= 2; group++)
    {
      g_autofree char *code = g_match_info_fetch (info, group);

      if (code != NULL && *code != '\0')
        return g_steal_pointer (&code);
    }

  return NULL;
}

char *
_sp_diagnosis_describe_code (const SpReply *reply)
{
  guint code = sp_reply_get_code (reply);
  const char *first = digit_text (first_digit_texts, G_N_ELEMENTS (first_digit_texts),
                                  code / 100);
  const char *second = digit_text (second_digit_texts, G_N_ELEMENTS (second_digit_texts),
                                   (code / 10) % 10);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *enhanced = NULL;

  /* The reply parser accepts 2xx to 5xx with a second digit of 0 to 5
   * only, but a hand-made reply may hold anything.  Each part is a
   * sentence of its own. */
  if (first == NULL)
    /* Translators: %u is the reply code the server sent, not a count. */
    g_string_append_printf (out, _("%u is not a defined SMTP reply code: the first digit must "
                                   "be 2, 3, 4 or 5."), code);
  else
    append_reply_code_sentence (out, first, code);

  if (first != NULL && second != NULL)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, second);
    }

  enhanced = _sp_diagnosis_dup_enhanced_code (reply);
  describe_enhanced (out, enhanced);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
