/* sp-text-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The one rule for showing untrusted text (server replies, DNS names,
 * certificate fields) in a terminal, a label or an export.
 *
 * TRUE for a character that must not be shown as itself: controls (Cc),
 * format characters (Cf: direction marks, overrides and isolates, zero
 * width characters, the BOM, tags), line and paragraph separators (Zl,
 * Zp), spaces other than U+0020 (Zs), unassigned code points and
 * noncharacters (Cn), and the few letters and marks that draw nothing. */
gboolean  _sp_text_char_is_hidden  (gunichar     c);
/* Appends the character (or invalid byte) at @p, which has @avail bytes
 * left, to @out the way the rule above wants it: visible characters as
 * they are, C0 controls (tab too), DEL and bytes that are not UTF-8 as
 * "\xNN", C1 controls as the "\xC2\xNN" of their UTF-8 bytes and every
 * other hidden character as "\uNNNN" (or "\UNNNNNNNN" beyond the BMP).
 * The output never holds a hidden character, so escaping it again
 * changes nothing. Returns the number of bytes of @p it used (at least
 * 1). */
gsize     _sp_text_append_char     (GString     *out,
                                    const char  *p,
                                    gsize        avail);
/* The whole of @data (@len bytes, or -1 for up to the NUL) escaped with
 * _sp_text_append_char(). */
char     *_sp_text_escape          (const char  *data,
                                    gssize       len);
/* A log line: escaped as above except for tabs, and cut after
 * @max_length bytes with "…" and a note of how much was left out. NULL
 * gives "". */
char     *_sp_text_sanitize        (const char  *text,
                                    gssize       length,
                                    gsize        max_length);
/* A short excerpt of untrusted text for an error message: escaped as
 * above, at most 80 characters then "…". Text that may hold a secret
 * must be redacted (sp_auth_redact ()) before it is quoted, never after:
 * the cut and the escapes can leave a piece of the secret that no longer
 * matches. */
char     *_sp_text_quote_excerpt   (const char  *data,
                                    gssize       len);

/* g_set_str () of GLib 2.76: replaces *@field with a copy of @value.
 * FALSE, and nothing changes, when they are equal already, so that
 * setters notify only on a real change. */
gboolean    _sp_set_str            (char       **field,
                                    const char  *value);

/* The same for a detail that quotes what a server said: it is stored
 * escaped (_sp_text_escape ()), as it is shown, so that every reader
 * (terminal, GUI, exports) gets the escaped text. */
gboolean    _sp_set_escaped_str    (char       **field,
                                    const char  *value);

/* @pattern, compiled caseless the first time it is asked for into
 * *@regex, a static gsize that starts at 0, by whichever thread asks
 * first. A GRegex is immutable and can be shared between threads. */
GRegex     *_sp_regex_compiled_once (gsize      *regex,
                                     const char *pattern);

/* The stable name of an enumeration value, for JSON and the log: its
 * nick in the enum @type (sp-enums.h), or the first value's nick when
 * @value is out of range. */
const char *_sp_enum_get_nick      (GType        type,
                                    int          value);

G_END_DECLS
