/* sp-diagnosis-codes.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-diagnosis-private.h"

/* The meaning of the digits (RFC 5321 4.2.1) and of enhanced status codes
 * (RFC 3463, and the registry RFC 5248 set up) */

static const char * const first_digit_texts[] = {
  [2] = N_("success: the server did what was asked"),
  [3] = N_("so far so good: the server accepted the command and waits for the rest, such as "
           "the message text after DATA"),
  [4] = N_("a temporary failure: the server refused for now, and a sending server keeps the "
           "message and tries again later"),
  [5] = N_("a permanent failure: the server refused, and a sending server gives up and "
           "returns the message to its sender (a bounce)"),
};

static const char * const second_digit_texts[] = {
  [0] = N_("the syntax of the command or its arguments"),
  [1] = N_("information, such as a status or a help text"),
  [2] = N_("the connection"),
  /* 3 and 4 are not assigned: the sentence leaves the second digit out. */
  [5] = N_("the mail system: the server itself, a mailbox or the sender"),
};

static const char * const enhanced_class_texts[] = {
  [2] = N_("success"),
  [4] = N_("a temporary failure"),
  [5] = N_("a permanent failure"),
};

static const char * const enhanced_subject_texts[] = {
  [0] = N_("no particular subject"),
  [1] = N_("an address (of the sender or the recipient)"),
  [2] = N_("the recipient’s mailbox"),
  [3] = N_("the receiving mail system"),
  [4] = N_("the network or the routing of mail"),
  [5] = N_("the mail protocol (SMTP commands)"),
  [6] = N_("the content or format of the message"),
  [7] = N_("security or policy"),
};

typedef struct
{
  guint       subject;
  guint       detail;
  const char *text;
} EnhancedDetail;

static const EnhancedDetail enhanced_details[] = {
  { 0, 0, N_("no further detail is given") },
  { 1, 0, N_("a problem with an address") },
  { 1, 1, N_("the recipient’s mailbox address does not exist") },
  { 1, 2, N_("the recipient’s domain or mail system is wrong or unknown") },
  { 1, 3, N_("the recipient’s address is not written correctly") },
  { 1, 4, N_("the recipient’s address is ambiguous: it fits several mailboxes") },
  { 1, 5, N_("the recipient’s address is valid") },
  { 1, 6, N_("the mailbox has moved and there is no forwarding address") },
  { 1, 7, N_("the sender’s address is not written correctly") },
  { 1, 8, N_("the sender’s domain or mail system is wrong or unknown") },
  { 1, 9, N_("the message was passed to a mail system that does not send delivery reports") },
  { 1, 10, N_("the recipient’s domain accepts no mail (null MX)") },
  { 2, 0, N_("a problem with the mailbox") },
  { 2, 1, N_("the mailbox is disabled and does not accept messages") },
  { 2, 2, N_("the mailbox is full") },
  { 2, 3, N_("the message is longer than this mailbox allows") },
  { 2, 4, N_("a mailing list could not be expanded") },
  { 3, 0, N_("a problem with the mail system") },
  { 3, 1, N_("the mail system is full (out of storage)") },
  { 3, 2, N_("the system is not accepting messages from the network") },
  { 3, 3, N_("the system cannot do a feature the message asks for") },
  { 3, 4, N_("the message is too big for the system") },
  { 3, 5, N_("the system is set up wrongly") },
  { 4, 0, N_("a network or routing problem") },
  { 4, 1, N_("the next mail server did not answer") },
  { 4, 2, N_("the connection to the next mail server went wrong") },
  { 4, 3, N_("a directory server (such as DNS) failed") },
  { 4, 4, N_("there is no route to the destination") },
  { 4, 5, N_("the mail system is congested") },
  { 4, 6, N_("the message is going round in a loop") },
  { 4, 7, N_("the message was too old to deliver (delivery time expired)") },
  { 5, 0, N_("a protocol problem") },
  { 5, 1, N_("the command is not valid here") },
  { 5, 2, N_("the command has a syntax error") },
  { 5, 3, N_("there are too many recipients") },
  { 5, 4, N_("an argument or option of the command is not valid") },
  { 5, 5, N_("the protocol version is wrong") },
  { 5, 6, N_("an authentication exchange line was too long") },
  { 6, 0, N_("a problem with the message’s content or format") },
  { 6, 1, N_("a content type of the message is not supported") },
  { 6, 2, N_("the message would have to be converted, and that is not allowed") },
  { 6, 3, N_("the message would have to be converted, and that is not possible") },
  { 6, 4, N_("the message was converted with some loss") },
  { 6, 5, N_("converting the message failed") },
  { 6, 6, N_("the message content is not available") },
  { 6, 7, N_("addresses with non-ASCII characters are not allowed") },
  { 6, 8, N_("a UTF-8 reply is required") },
  { 6, 9, N_("a message with UTF-8 headers cannot be passed on") },
  { 7, 0, N_("a security or policy problem") },
  { 7, 1, N_("the message was refused by policy (delivery not authorised)") },
  { 7, 2, N_("expanding a mailing list is not allowed") },
  { 7, 3, N_("a required security conversion is not possible") },
  { 7, 4, N_("security features are not supported") },
  { 7, 5, N_("a cryptographic operation failed") },
  { 7, 6, N_("a cryptographic algorithm is not supported") },
  { 7, 7, N_("the message’s integrity check failed") },
  { 7, 8, N_("the login details are not valid") },
  { 7, 9, N_("the login method is too weak") },
  { 7, 10, N_("encryption is needed") },
  { 7, 11, N_("encryption is required for the chosen login method") },
  { 7, 12, N_("a password change is needed") },
  { 7, 13, N_("the user account is disabled") },
  { 7, 14, N_("a trust relationship is required") },
  { 7, 15, N_("the message’s priority is too low") },
  { 7, 16, N_("the message is too big for its priority") },
  { 7, 17, N_("the mailbox has a new owner") },
  { 7, 18, N_("the domain has a new owner") },
  { 7, 19, N_("the check of the recipient’s ownership could not be completed") },
  { 7, 20, N_("no valid DKIM signature was found") },
  { 7, 21, N_("no acceptable DKIM signature was found") },
  { 7, 22, N_("no valid DKIM signature of the author’s domain was found") },
  { 7, 23, N_("the SPF check failed: the sender’s domain does not allow this IP address") },
  { 7, 24, N_("the SPF check could not be done because of an error") },
  { 7, 25, N_("the reverse DNS check of the sending IP address failed") },
  { 7, 26, N_("several sender authentication checks (SPF, DKIM, DMARC) failed") },
  { 7, 27, N_("the sender’s domain accepts no mail (null MX)") },
  { 7, 28, N_("too much similar mail arrived (a mail flood)") },
  { 7, 29, N_("the ARC check of a forwarded message failed") },
  { 7, 30, N_("the REQUIRETLS extension is required") },
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

static char *
describe_enhanced (const char *code)
{
  guint klass, subject, detail;
  const char *class_text;
  const char *subject_text;

  if (!parse_enhanced (code, &klass, &subject, &detail))
    return NULL;

  class_text = digit_text (enhanced_class_texts, G_N_ELEMENTS (enhanced_class_texts), klass);
  subject_text = digit_text (enhanced_subject_texts, G_N_ELEMENTS (enhanced_subject_texts),
                             subject);

  if (class_text == NULL)
    /* Translators: %s is an enhanced status code such as “3.1.1” */
    return g_strdup_printf (_("%s is not a valid enhanced status code: its first digit must "
                              "be 2, 4 or 5."), code);

  if (subject_text == NULL)
    /* Translators: “5.9.9 is a permanent failure; its subject 9 is not defined, …” */
    return g_strdup_printf (_("%s is %s; its subject %u is not defined, so only its first "
                              "digit says something."), code, class_text, subject);

  for (guint i = 0; i < G_N_ELEMENTS (enhanced_details); i++)
    if (enhanced_details[i].subject == subject && enhanced_details[i].detail == detail)
      /* Translators: “5.1.1 is a permanent failure about an address (of the sender
       * or the recipient): the recipient’s mailbox address does not exist.” */
      return g_strdup_printf (_("%s is %s about %s: %s."), code, class_text, subject_text,
                              _(enhanced_details[i].text));

  /* Translators: “5.7.57 is a permanent failure about security or policy; the
   * detail 57 is not a registered code, so the server’s text tells more.” */
  return g_strdup_printf (_("%s is %s about %s; the detail %u is not a registered code, so "
                            "the server’s text tells more."),
                          code, class_text, subject_text, detail);
}

char *
_sp_diagnosis_describe_code (const SpReply *reply)
{
  guint code = sp_reply_get_code (reply);
  const char *first = digit_text (first_digit_texts, G_N_ELEMENTS (first_digit_texts),
                                  code / 100);
  const char *second = digit_text (second_digit_texts, G_N_ELEMENTS (second_digit_texts),
                                   (code / 10) % 10);
  g_autofree char *enhanced = describe_enhanced (sp_reply_get_enhanced_code (reply));
  g_autoptr(GString) out = g_string_new (NULL);

  /* The reply parser accepts 2xx to 5xx with a second digit of 0 to 5
   * only, but a hand-made reply may hold anything. */
  if (first == NULL)
    g_string_append_printf (out, _("%u is not a defined SMTP reply code: the first digit must "
                                   "be 2, 3, 4 or 5."), code);
  else if (second == NULL)
    /* Translators: “550 means a permanent failure: …” */
    g_string_append_printf (out, _("%u means %s."), code, first);
  else
    /* Translators: “550 means a permanent failure: …; its second digit says that it
     * concerns the mail system: ….” */
    g_string_append_printf (out, _("%u means %s; its second digit says that it concerns %s."),
                            code, first, second);

  if (enhanced != NULL)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, enhanced);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
