/* sp-responder.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-reply.h"

G_BEGIN_DECLS

/* Who answers on the other end: the mail service or the server software,
 * recognised from what the session sees (the greeting, the EHLO reply and
 * later replies). UNKNOWN unless the texts name it clearly: a greeting
 * that only says "ESMTP" says nothing about the software. */
typedef enum
{
  SP_RESPONDER_UNKNOWN = 0,

  /* Mail services: someone else runs the server. */
  SP_RESPONDER_MICROSOFT_365,
  SP_RESPONDER_OUTLOOK_COM,
  SP_RESPONDER_GMAIL,
  SP_RESPONDER_YAHOO,
  SP_RESPONDER_ICLOUD,
  SP_RESPONDER_ZOHO,
  SP_RESPONDER_FASTMAIL,
  SP_RESPONDER_PROTON,
  SP_RESPONDER_UNITED_INTERNET,

  /* Filtering services and gateways in front of the real mail server. */
  SP_RESPONDER_PROOFPOINT,
  SP_RESPONDER_MIMECAST,
  SP_RESPONDER_BARRACUDA,
  SP_RESPONDER_CISCO,
  SP_RESPONDER_SOPHOS,
  SP_RESPONDER_TREND_MICRO,
  SP_RESPONDER_MESSAGELABS,

  /* Server software that the domain's owner (or its host) runs. */
  SP_RESPONDER_EXCHANGE,
  SP_RESPONDER_POSTFIX,
  SP_RESPONDER_EXIM,
  SP_RESPONDER_SENDMAIL,
  SP_RESPONDER_OPENSMTPD,
  SP_RESPONDER_QMAIL,
  SP_RESPONDER_HARAKA,
  SP_RESPONDER_HMAILSERVER,
  SP_RESPONDER_MDAEMON,
  SP_RESPONDER_ZIMBRA,
  SP_RESPONDER_KERIO,
} SpResponder;

#define SP_RESPONDER_N_VALUES (SP_RESPONDER_KERIO + 1)

/* A service answers for its customers, software for its owner: the
 * advice differs (a provider's postmaster pages or the admin's logs). */
typedef enum
{
  SP_RESPONDER_KIND_UNKNOWN,
  SP_RESPONDER_KIND_SERVICE,
  SP_RESPONDER_KIND_GATEWAY,
  SP_RESPONDER_KIND_SOFTWARE,
} SpResponderKind;

/* Where a text came from; each clue applies to some parts only (a host
 * name at the start of the greeting, a keyword in the EHLO reply). */
typedef enum
{
  SP_RESPONDER_PART_BANNER,
  SP_RESPONDER_PART_EHLO,
  SP_RESPONDER_PART_REPLY,
} SpResponderPart;

#define SP_TYPE_RESPONDER_GUESS (sp_responder_guess_get_type ())

/* Collects the clues of one session, reply by reply. A guess belongs to
 * one attempt; the functions below may run in any number of threads at
 * once on different guesses. */
typedef struct _SpResponderGuess SpResponderGuess;

GType              sp_responder_guess_get_type       (void) G_GNUC_CONST;
SpResponderGuess  *sp_responder_guess_new            (void);
SpResponderGuess  *sp_responder_guess_copy           (const SpResponderGuess *self);
void               sp_responder_guess_free           (SpResponderGuess       *self);
/* @text is a reply as the server sent it: lines separated by LF or CRLF,
 * with or without their "250-" codes. NULL adds nothing. Only the first
 * SP_REPLY_MAX_BYTES are read. */
void               sp_responder_guess_add            (SpResponderGuess       *self,
                                                      SpResponderPart         part,
                                                      const char             *text);
void               sp_responder_guess_add_reply      (SpResponderGuess       *self,
                                                      SpResponderPart         part,
                                                      const SpReply          *reply);
/* UNKNOWN until the clues are strong enough, and when two answers are
 * equally likely. A service or gateway wins over the software it runs
 * on ("220 … protonmail.ch ESMTP Postfix" is Proton Mail). */
SpResponder        sp_responder_guess_get_responder  (const SpResponderGuess *self);

/* All at once: @banner and @ehlo may be NULL, @other_replies is a
 * NULL-terminated array or NULL. */
SpResponder        sp_responder_identify             (const char             *banner,
                                                      const char             *ehlo,
                                                      const char * const     *other_replies);

/* The stable id for exports and tests: "microsoft-365", "postfix",
 * "unknown". */
const char        *sp_responder_to_string            (SpResponder             responder);
/* FALSE for an id that names nothing. */
gboolean           sp_responder_from_string          (const char             *id,
                                                      SpResponder            *out_responder);
SpResponderKind    sp_responder_get_kind             (SpResponder             responder);
/* The translated product name: "Microsoft 365 (Exchange Online)". NULL
 * for UNKNOWN. */
const char        *sp_responder_get_name             (SpResponder             responder);
/* For the diagnosis: one translated sentence naming who answers, "You
 * are talking to Microsoft 365 (Exchange Online).", or NULL for UNKNOWN.
 * Free with g_free(). */
char              *sp_responder_dup_sentence         (SpResponder             responder);
/* For the advice: one translated sentence on where that product's
 * administrators (or, for the big mailbox providers, the senders) look
 * next. NULL for UNKNOWN. */
const char        *sp_responder_get_admin_hint       (SpResponder             responder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpResponderGuess, sp_responder_guess_free)

G_END_DECLS
