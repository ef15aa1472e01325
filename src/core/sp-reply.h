/* sp-reply.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* RFC 5321 4.5.3.1.5 allows 512 octets; real servers exceed it, so allow
 * some slack, but never an unbounded amount from a hostile server. */
#define SP_REPLY_MAX_LINE_LENGTH 4096
#define SP_REPLY_MAX_LINES       128
#define SP_REPLY_MAX_BYTES       (64 * 1024)

#define SP_REPLY_ERROR (sp_reply_error_quark ())

typedef enum
{
  SP_REPLY_ERROR_MALFORMED,      /* no three-digit code, or a bad separator */
  SP_REPLY_ERROR_CODE_RANGE,     /* a code whose digits are out of range */
  SP_REPLY_ERROR_CODE_MISMATCH,  /* lines of one multi-line reply with different codes */
  SP_REPLY_ERROR_TOO_LONG,       /* a line over SP_REPLY_MAX_LINE_LENGTH */
  SP_REPLY_ERROR_TOO_MANY_LINES, /* more than SP_REPLY_MAX_LINES or SP_REPLY_MAX_BYTES */
} SpReplyError;

/* The first digit of a reply code (RFC 5321 4.2.1). LOCAL marks events
 * that are not server replies at all. */
typedef enum
{
  SP_REPLY_CLASS_LOCAL = 0,
  SP_REPLY_CLASS_SUCCESS = 2,
  SP_REPLY_CLASS_INTERMEDIATE = 3,
  SP_REPLY_CLASS_TRANSIENT = 4,
  SP_REPLY_CLASS_PERMANENT = 5,
} SpReplyClass;

#define SP_TYPE_REPLY (sp_reply_get_type ())

typedef struct _SpReply       SpReply;
typedef struct _SpReplyParser SpReplyParser;

GQuark              sp_reply_error_quark          (void);
GType               sp_reply_get_type             (void) G_GNUC_CONST;

/* Parses a complete reply from @text (lines separated by CRLF or LF). */
SpReply            *sp_reply_new_from_text        (const char     *text,
                                                   GError        **error);
SpReply            *sp_reply_ref                  (SpReply        *self);
void                sp_reply_unref                (SpReply        *self);
guint               sp_reply_get_code             (const SpReply  *self);
SpReplyClass        sp_reply_get_class            (const SpReply  *self);
/* The RFC 3463 code, "5.1.1", or NULL when no line has one. Lines without a
 * code are ignored; when lines disagree, the last line's code wins. */
const char         *sp_reply_get_enhanced_code    (const SpReply  *self);
/* The raw lines as the server sent them, without line ends. */
const char * const *sp_reply_get_lines            (const SpReply  *self);
guint               sp_reply_get_n_lines          (const SpReply  *self);
/* The text of each line after the code, separator and enhanced code. */
const char * const *sp_reply_get_texts            (const SpReply  *self);
/* The texts joined with spaces: "User unknown". */
char               *sp_reply_dup_text             (const SpReply  *self);
/* Removes one final full stop in place, so that a reply quoted before a
 * sentence's own full stop does not show two; returns @text. */
char               *sp_reply_trim_final_stop      (char           *text);
/* "550 5.1.1 User unknown.": the code, the enhanced code when there is
 * one, and the text, whole, as a table shows a reply. */
char               *sp_reply_dup_one_line         (const SpReply  *self);
/* The same as a sentence quotes it: without its own final full stop,
 * since the sentence ends it. */
char               *sp_reply_dup_quote            (const SpReply  *self);
gboolean            sp_reply_is_success           (const SpReply  *self);

const char         *sp_reply_class_to_string      (SpReplyClass    klass);
/* A short translated label that stands next to the colour: "Success". */
const char         *sp_reply_class_get_label      (SpReplyClass    klass);

/* Incremental parser: feed it one line at a time as lines arrive. */
SpReplyParser      *sp_reply_parser_new           (void);
void                sp_reply_parser_free          (SpReplyParser  *self);
void                sp_reply_parser_reset         (SpReplyParser  *self);
/* Returns FALSE with @error set when the line breaks the grammar or a
 * limit; on TRUE, sp_reply_parser_is_complete() says whether the line was
 * the last one of the reply. @line has no line end; @len may be -1. */
gboolean            sp_reply_parser_push_line     (SpReplyParser  *self,
                                                   const char     *line,
                                                   gssize          len,
                                                   GError        **error);
gboolean            sp_reply_parser_is_complete   (SpReplyParser  *self);
/* Returns the complete reply (transfer full) and resets the parser. */
SpReply            *sp_reply_parser_take_reply    (SpReplyParser  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpReply, sp_reply_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpReplyParser, sp_reply_parser_free)

G_END_DECLS
