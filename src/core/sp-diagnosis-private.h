/* sp-diagnosis-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "sp-diagnosis.h"

G_BEGIN_DECLS

/* The rule table (sp-diagnosis-rules.c) is plain data: the matcher in
 * sp-diagnosis.c is generic, so adding a case means adding one entry there
 * and one line to tests/data/diagnosis-corpus.txt. */

/* Which GError domain a local-failure match wants; a GQuark cannot sit in
 * a static table. */
typedef enum
{
  SP_DIAGNOSIS_DOMAIN_NONE,      /* a reply match, not an error match */
  SP_DIAGNOSIS_DOMAIN_ANY,       /* any error at all */
  SP_DIAGNOSIS_DOMAIN_RESOLVER,  /* SP_RESOLVER_ERROR */
  SP_DIAGNOSIS_DOMAIN_SESSION,   /* SP_SESSION_ERROR */
  SP_DIAGNOSIS_DOMAIN_IO,        /* G_IO_ERROR */
  SP_DIAGNOSIS_DOMAIN_TLS,       /* G_TLS_ERROR */
  SP_DIAGNOSIS_DOMAIN_PROBE,     /* SP_PROBE_ERROR */
  /* A certificate that did not validate, on a connection that went on:
   * the code is one SpTlsProblems flag (see sp_diagnosis_explain_certificate()). */
  SP_DIAGNOSIS_DOMAIN_CERTIFICATE,
} SpDiagnosisDomain;

#define SP_DIAGNOSIS_ANY_CODE    (-1)
#define SP_DIAGNOSIS_MAX_MATCHES 32
#define SP_DIAGNOSIS_MAX_REASONS 5
#define SP_DIAGNOSIS_MAX_ADVICE  4

/* One way a rule can match. Every field that is set must match; a rule
 * matches when any of its matches does. A match either names reply codes
 * (code_min > 0) or an error domain (domain != NONE). */
typedef struct
{
  guint32            steps;       /* bits 1 << SpStep; 0 for any step */
  guint16            code_min;    /* reply code range, inclusive */
  guint16            code_max;
  /* "5.1.1"; "*" stands for any part ("5.7.*"), "N-M" for a range
   * ("5.7.606-649"); NULL any */
  const char        *enhanced;
  const char        *pattern;     /* GRegex over the reply text, case-insensitive; NULL any */
  SpDiagnosisDomain  domain;
  int                code;        /* error code, or SP_DIAGNOSIS_ANY_CODE */
  /* Above 0 for a text that outranks other texts: it names the cause
   * more precisely than words another rule looks for ("sender verify
   * failed" over "user unknown", "greylisted" over "spam"); below 0 for
   * a hint, words that count only when no other rule knows the text. */
  int                priority;
} SpDiagnosisMatch;

typedef struct
{
  const char            *id;
  /* For local failures; a reply's severity follows its first digit. */
  SpExplanationSeverity  severity;
  /* NULL: the meaning of the code's digits. Texts are N_() marked and
   * translated when an explanation is made. */
  const char            *meaning;
  const char            *reasons[SP_DIAGNOSIS_MAX_REASONS + 1];
  const char            *advice[SP_DIAGNOSIS_MAX_ADVICE + 1];
  /* Ends at the first match with neither codes nor a domain. */
  SpDiagnosisMatch       matches[SP_DIAGNOSIS_MAX_MATCHES + 1];
  /* The cause it names, when several rules word the same cause for
   * different replies; NULL: the id. */
  const char            *cause;
} SpDiagnosisRule;

const SpDiagnosisRule *_sp_diagnosis_get_rules        (guint                *n_rules);
/* The error domain of SP_DIAGNOSIS_DOMAIN_CERTIFICATE: its codes are
 * SpTlsProblems flags. Only the diagnosis (and its tests) make these. */
GQuark                 _sp_diagnosis_certificate_quark (void);
/* What the digits of the reply code and of its enhanced code say
 * (sp-diagnosis-codes.c). */
char                  *_sp_diagnosis_describe_code    (const SpReply          *reply);
/* The reply's enhanced code, also where qmail writes it ("(#5.1.1)"). */
char                  *_sp_diagnosis_dup_enhanced_code (const SpReply         *reply);
/* How specific a match is: the most specific matching rule wins. */
int                    _sp_diagnosis_match_score      (const SpDiagnosisMatch *match);
/* FALSE for a cause that cannot be the one at @step (a recipient's before
 * RCPT TO, a sender's before MAIL FROM); the causes with such a limit are
 * _sp_diagnosis_get_misplaced_cause (0, 1, …) until NULL. */
gboolean               _sp_diagnosis_cause_fits_step  (const char             *cause,
                                                       SpStep                  step);
const char            *_sp_diagnosis_get_misplaced_cause (guint                index);
/* Which match of the rule produced the explanation, for the corpus test;
 * -1 for the built-in last resort. */
int                    _sp_explanation_get_match_index (const SpExplanation   *self);

/* What a refusal is about when its cause says so, whatever the step
 * that got it (sp-diagnosis-headline.c): the headline and the verdict's
 * sentence name it. */
typedef enum
{
  SIDE_STEP,        /* the step says it */
  SIDE_SENDER,
  SIDE_CLIENT,      /* this computer's address or name */
  SIDE_SENDER_AUTH, /* SPF, DKIM, DMARC */
  SIDE_GREYLISTING,
  SIDE_SERVER,      /* the receiving server's own trouble */
  SIDE_TIMEOUT,     /* the server stopped waiting for this computer */
  SIDE_LOGIN,
  SIDE_RELAY,
} SpDiagnosisSide;

SpDiagnosisSide        _sp_diagnosis_side_of          (const char           *cause);

/* The advice that makes sense only where the person named the server
 * (sp-diagnosis-rules.c). */
extern const char * const _sp_diagnosis_given_server_advice[];

G_END_DECLS
