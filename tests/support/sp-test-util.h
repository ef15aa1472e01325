/* sp-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Parses a JSON document with json-glib into a GVariant, the way
 * json_gvariant_deserialize() guesses types: objects a{sv}, arrays av,
 * strings s, integers x, other numbers d, booleans b, null the empty
 * maybe "mv". */
GVariant *sp_test_parse_json         (const char   *text,
                                      GError      **error);
/* A TCP (or UDP when @udp) port on 127.0.0.1 that was free a moment ago. */
guint16   sp_test_free_port          (gboolean      udp);
/* Polls until something accepts TCP connections on 127.0.0.1:@port. */
gboolean  sp_test_wait_for_port      (guint16       port,
                                      guint         timeout_ms);
/* Polls until the SMTP server on @address:@port greets with a line that
 * starts with @banner_prefix; FALSE once @process has exited or after
 * @timeout_ms. */
gboolean  sp_test_wait_for_banner    (GSubprocess  *process,
                                      const char   *address,
                                      guint16       port,
                                      const char   *banner_prefix,
                                      guint         timeout_ms);
/* A fresh directory under the test build dir, removed by sp_test_rm_rf(). */
char     *sp_test_make_tmpdir        (const char   *prefix);
void      sp_test_rm_rf              (const char   *path);
/* Sends SIGTERM to @pid, waits up to @timeout_ms, then SIGKILL. */
void      sp_test_stop_pid           (GPid          pid,
                                      guint         timeout_ms);
/* Iterates the default main context until *@flag is set or @timeout_ms
 * passes; returns *@flag. */
gboolean  sp_test_iterate_until      (const gboolean *flag,
                                      guint           timeout_ms);
/* For a peer launcher's _start_or_skip(): skips the test when @error is
 * G_IO_ERROR_NOT_SUPPORTED (the peer cannot run here), fails it on any
 * other error, and otherwise returns @peer. */
gpointer  sp_test_peer_or_skip       (gpointer      peer,
                                      const GError *error);
/* TRUE when running as root, which the real peers need. */
gboolean  sp_test_is_root            (void);
/* An installed locale that writes numbers with a decimal comma (de_DE,
 * pl_PL, pt_BR…), or, when none is, pl_PL.UTF-8 compiled with localedef into
 * a temporary directory that LOCPATH names (removed at exit); NULL without
 * the locale sources. The locale of the process is left as it was. */
const char *sp_test_find_decimal_comma_locale (void);
/* Finds @program in PATH or in /usr/sbin and /sbin; NULL when missing. */
char     *sp_test_find_program       (const char   *program);
/* Asserts that the file at @path holds exactly @expected. */
void      sp_test_assert_file_contents (const char *path,
                                        const char *expected);
/* Asserts that @dir holds no file whose name starts with ".": the
 * temporary files of a save that replaces a file atomically. */
void      sp_test_assert_no_temp_files (const char *dir);

G_END_DECLS
