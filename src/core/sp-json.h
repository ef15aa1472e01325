/* sp-json.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small streaming JSON writer (RFC 8259) with two-space indentation.
 * Strings are escaped, invalid UTF-8 is replaced with U+FFFD. */
typedef struct _SpJsonWriter SpJsonWriter;

#define SP_JSON_ERROR (sp_json_error_quark ())

/* Why sp_json_parse() refused a document. */
typedef enum
{
  SP_JSON_ERROR_INVALID_ENCODING, /* not UTF-8, or a NUL byte */
  SP_JSON_ERROR_SYNTAX,           /* not JSON, or something after the document */
  SP_JSON_ERROR_TOO_DEEP,         /* more than SP_JSON_MAX_DEPTH nested levels */
  SP_JSON_ERROR_UNSUPPORTED,      /* valid JSON that a GVariant cannot hold */
} SpJsonError;

#define SP_JSON_MAX_DEPTH 64

GQuark        sp_json_error_quark          (void);

SpJsonWriter *sp_json_writer_new           (void);
void          sp_json_writer_free          (SpJsonWriter *self);
void          sp_json_writer_begin_object  (SpJsonWriter *self);
void          sp_json_writer_end_object    (SpJsonWriter *self);
void          sp_json_writer_begin_array   (SpJsonWriter *self);
void          sp_json_writer_end_array     (SpJsonWriter *self);
/* Inside an object, every value is preceded by its member name. */
void          sp_json_writer_member        (SpJsonWriter *self,
                                            const char   *name);
void          sp_json_writer_string        (SpJsonWriter *self,
                                            const char   *value);   /* NULL writes null */
void          sp_json_writer_int           (SpJsonWriter *self,
                                            gint64        value);
void          sp_json_writer_double        (SpJsonWriter *self,
                                            double        value);
void          sp_json_writer_boolean       (SpJsonWriter *self,
                                            gboolean      value);
void          sp_json_writer_null          (SpJsonWriter *self);
/* Returns the document (transfer full), ending in a line break, and frees
 * the writer. */
char         *sp_json_writer_free_to_string (SpJsonWriter *self);

/* Parses a JSON document into a GVariant: objects become a{sv}, arrays av,
 * strings s, integers x, other numbers d, booleans b, null the empty
 * maybe "mv". Nesting is limited to 64 levels. */
GVariant     *sp_json_parse                (const char   *text,
                                            gssize        length,
                                            GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpJsonWriter, sp_json_writer_free)

G_END_DECLS
