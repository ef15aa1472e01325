/* sp-message.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the body travels: as 8-bit text when the server advertises 8BITMIME
 * (RFC 6152), otherwise as quoted-printable so that it stays 7-bit. ASCII
 * bodies are always 7bit. */
typedef enum
{
  SP_MESSAGE_TRANSPORT_7BIT,
  SP_MESSAGE_TRANSPORT_8BITMIME,
} SpMessageTransport;

typedef struct
{
  const char *from;        /* mailbox, required */
  const char *to;          /* mailbox, required */
  const char *subject;     /* UTF-8, may be NULL or empty */
  const char *body;        /* UTF-8, any line ends, may be NULL */
  GDateTime  *date;        /* NULL for now */
  const char *message_id;  /* "<...>", NULL to generate one from @from's domain */
} SpMessageParams;

/* The whole message (headers, blank line, body) with CRLF line ends, not yet
 * dot-stuffed. @uses_8bit tells whether it needs BODY=8BITMIME. */
char     *sp_message_build                (const SpMessageParams *params,
                                           SpMessageTransport     transport,
                                           gboolean              *uses_8bit);
/* RFC 2047 "=?UTF-8?B?...?=" encoded words for non-ASCII text, folded so
 * that no header line exceeds 78 characters; ASCII text is returned as is. */
char     *sp_message_encode_header        (const char            *name,
                                           const char            *value);
/* Quoted-printable (RFC 2045 6.7) with CRLF line ends and soft breaks. */
char     *sp_message_encode_qp            (const char            *text);
/* Doubles a leading "." on every line (RFC 5321 4.5.2) and appends the
 * terminating CRLF "." CRLF. @message must use CRLF line ends. */
GBytes   *sp_message_dot_stuff            (const char            *message);
/* "<random@domain>" */
char     *sp_message_generate_id          (const char            *domain);

G_END_DECLS
