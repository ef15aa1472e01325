/* test-scripted-server.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-scripted-server"

#include "config.h"

#include <string.h>

#include "sp-scripted-server.h"
#include "sp-test-util.h"

/* The client runs on the same main context as the server: it connects with
 * a plain GSocketClient (the kernel completes the handshake from the listen
 * backlog) and then waits for data by iterating the main context with a
 * socket source, so the server's async callbacks run while it waits. */
typedef struct
{
  GSocketConnection *connection;
  GSocket           *socket;
  GString           *inbuf;     /* received, not yet returned as a reply */
  GString           *raw;       /* everything received, as sent */
  gboolean           eof;
  gboolean           bare_lf;   /* a line ended in LF without CR */
} TestClient;

static void
test_client_free (TestClient *c)
{
  g_clear_object (&c->connection);
  g_string_free (c->inbuf, TRUE);
  g_string_free (c->raw, TRUE);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestClient, test_client_free)

static TestClient *
test_client_try_new (const char  *host,
                     guint16      port,
                     GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  GSocketConnection *connection;
  TestClient *c;

  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, host, port, NULL, error);
  if (connection == NULL)
    return NULL;

  c = g_new0 (TestClient, 1);
  c->connection = connection;
  c->socket = g_socket_connection_get_socket (connection);
  c->inbuf = g_string_new (NULL);
  c->raw = g_string_new (NULL);

  return c;
}

static TestClient *
test_client_new (guint16 port)
{
  g_autoptr(GError) error = NULL;
  TestClient *c = test_client_try_new ("127.0.0.1", port, &error);

  g_assert_no_error (error);
  return c;
}

static gboolean
socket_ready_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  gboolean *ready = user_data;

  *ready = TRUE;
  return G_SOURCE_REMOVE;
}

/* Returns TRUE when some bytes arrived within @timeout_ms. */
static gboolean
test_client_read_more (TestClient *c,
                       guint       timeout_ms)
{
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSource) source = NULL;
      gboolean ready = FALSE;
      char buf[4096];
      gssize n;

      n = g_socket_receive_with_blocking (c->socket, buf, sizeof buf, FALSE, NULL, &error);
      if (n > 0)
        {
          g_string_append_len (c->inbuf, buf, n);
          g_string_append_len (c->raw, buf, n);
          return TRUE;
        }
      if (n == 0 || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          /* A reset counts as the end of the connection too. */
          c->eof = TRUE;
          return FALSE;
        }
      if (attempt == 1)
        return FALSE;

      source = g_socket_create_source (c->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (source, G_SOURCE_FUNC (socket_ready_cb), &ready, NULL);
      g_source_attach (source, NULL);
      sp_test_iterate_until (&ready, timeout_ms);
      g_source_destroy (source);
      if (!ready)
        return FALSE;
    }

  return FALSE;
}

/* Returns the next complete reply, its lines joined with "\n", or NULL when
 * none came within @timeout_ms or the server closed the connection. */
static char *
test_client_read_reply (TestClient *c,
                        guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      gsize start = 0;
      gint64 left;

      while (start < c->inbuf->len)
        {
          const char *line = c->inbuf->str + start;
          const char *lf = memchr (line, '\n', c->inbuf->len - start);
          gsize len;

          if (lf == NULL)
            break;
          len = lf - line;
          if (len == 0 || line[len - 1] != '\r')
            c->bare_lf = TRUE;
          else
            len--;
          start = (lf - c->inbuf->str) + 1;

          if (len < 4 || line[3] != '-')
            {
              g_autoptr(GString) reply = g_string_new_len (c->inbuf->str, start);

              g_string_erase (c->inbuf, 0, start);
              g_string_replace (reply, "\r\n", "\n", 0);
              g_string_truncate (reply, reply->len - 1);
              return g_string_free (g_steal_pointer (&reply), FALSE);
            }
        }

      left = (deadline - g_get_monotonic_time ()) / 1000;
      if (c->eof || left <= 0)
        return NULL;
      test_client_read_more (c, (guint) left);
    }
}

static gboolean
test_client_wait_closed (TestClient *c,
                         guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!c->eof)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;

      if (left <= 0)
        return FALSE;
      test_client_read_more (c, (guint) left);
    }

  return TRUE;
}

/* Sends @data as it is; keeps the server running while the socket is full. */
static gboolean
test_client_send_raw (TestClient *c,
                      const char *data,
                      gsize       len)
{
  gsize done = 0;

  while (done < len)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      n = g_socket_send_with_blocking (c->socket, data + done, len - done, FALSE, NULL, &error);
      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
          continue;
        }
      if (n < 0)
        return FALSE;
      done += n;
    }

  return TRUE;
}

static void
test_client_send (TestClient *c,
                  const char *line)
{
  g_autofree char *data = g_strconcat (line, "\r\n", NULL);

  g_assert_true (test_client_send_raw (c, data, strlen (data)));
}

static void
assert_reply (TestClient *c,
              const char *expected)
{
  g_autofree char *reply = test_client_read_reply (c, 5000);

  g_assert_cmpstr (reply, ==, expected);
  g_assert_false (c->bare_lf);
}

static void
assert_exchange (TestClient *c,
                 const char *line,
                 const char *expected)
{
  test_client_send (c, line);
  assert_reply (c, expected);
}

static SpScriptedServer *
start_server (const char *scenario)
{
  g_autoptr(GError) error = NULL;
  SpScriptedServer *server;

  server = sp_scripted_server_new (scenario, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server);
  sp_scripted_server_start (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sp_scripted_server_get_port (server), !=, 0);

  return server;
}

static void
assert_received (SpScriptedServer  *server,
                 const char *const *expected)
{
  GPtrArray *received = sp_scripted_server_get_received (server);
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (n, received->len); i++)
    g_assert_cmpstr (g_ptr_array_index (received, i), ==, expected[i]);
  g_assert_cmpuint (received->len, ==, n);
}

static void
test_new_destroy (void)
{
  g_autoptr(GError) error = NULL;
  SpScriptedServer *server;

  server = sp_scripted_server_new ("", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sp_scripted_server_get_port (server), ==, 0);
  g_assert_true (sp_scripted_server_start (server, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_scripted_server_get_port (server), !=, 0);
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 0);
  g_assert_cmpuint (sp_scripted_server_get_received (server)->len, ==, 0);
  sp_scripted_server_stop (server);
  g_assert_cmpuint (sp_scripted_server_get_port (server), ==, 0);
  g_assert_finalize_object (server);

  /* Never started at all. */
  server = sp_scripted_server_new ("on NOOP => silent", NULL);
  g_assert_finalize_object (server);
}

static void
test_defaults (void)
{
  g_autoptr(SpScriptedServer) server = start_server ("");
  g_autoptr(TestClient) c = test_client_new (sp_scripted_server_get_port (server));
  g_autofree char *ehlo = NULL;
  g_auto(GStrv) lines = NULL;
  static const char * const expected[] = {
    "EHLO client.example.org", "HELO client.example.org", "MAIL FROM:<a@example.org>",
    "RCPT TO:<b@example.test>", "DATA", "Subject: hello", "", "body", ".", "RSET", "NOOP",
    "VRFY b", ".", "QUIT", NULL
  };

  assert_reply (c, "220 mx.example.test ESMTP ready");

  test_client_send (c, "EHLO client.example.org");
  ehlo = test_client_read_reply (c, 5000);
  g_assert_nonnull (ehlo);
  lines = g_strsplit (ehlo, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 6);
  g_assert_cmpstr (lines[0], ==, "250-mx.example.test");
  g_assert_true (g_strv_contains ((const char * const *) lines, "250-PIPELINING"));
  g_assert_true (g_strv_contains ((const char * const *) lines, "250-SIZE 10240000"));
  g_assert_true (g_strv_contains ((const char * const *) lines, "250-8BITMIME"));
  g_assert_true (g_strv_contains ((const char * const *) lines, "250-ENHANCEDSTATUSCODES"));
  g_assert_true (g_strv_contains ((const char * const *) lines, "250-DSN"));
  for (guint i = 0; lines[i + 1] != NULL; i++)
    g_assert_true (g_str_has_prefix (lines[i], "250-"));
  g_assert_true (g_str_has_prefix (lines[g_strv_length (lines) - 1], "250 "));

  assert_exchange (c, "HELO client.example.org", "250 mx.example.test");
  assert_exchange (c, "MAIL FROM:<a@example.org>", "250 2.1.0 Ok");
  assert_exchange (c, "RCPT TO:<b@example.test>", "250 2.1.5 Ok");
  assert_exchange (c, "DATA", "354 End data with <CR><LF>.<CR><LF>");
  test_client_send (c, "Subject: hello");
  test_client_send (c, "");
  test_client_send (c, "body");
  assert_exchange (c, ".", "250 2.0.0 Ok: queued as SCRIPTED");
  assert_exchange (c, "RSET", "250 2.0.0 Ok");
  assert_exchange (c, "NOOP", "250 2.0.0 Ok");
  assert_exchange (c, "VRFY b", "500 5.5.2 Syntax error, command unrecognized");
  /* A stray dot outside DATA is not the end of a message. */
  assert_exchange (c, ".", "500 5.5.2 Syntax error, command unrecognized");
  assert_exchange (c, "QUIT", "221 2.0.0 Bye");
  g_assert_true (test_client_wait_closed (c, 5000));

  assert_received (server, expected);
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 1);
}

static void
test_globs (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;

  server = start_server ("# rules are tried in order\n"
                         "on MAIL FROM:<*@bad.test>* => 550 5.1.7 Invalid address\n"
                         "  on RCPT TO:<unknown@*  =>  550 5.1.1 User unknown  \n"
                         "on RCPT TO:<*@example.test> => 250 2.1.5 Local\n"
                         "ON rcpt => 451 4.3.0 Other\n"
                         "on EHLO => 250 only\n"
                         "on X?Z => 250 one character\n");
  c = test_client_new (sp_scripted_server_get_port (server));

  assert_reply (c, "220 mx.example.test ESMTP ready");
  assert_exchange (c, "EHLO client.example.org", "250 only");
  /* A bare word names the whole command word, not a prefix. */
  assert_exchange (c, "EHLOX", "500 5.5.2 Syntax error, command unrecognized");
  assert_exchange (c, "mail from:<x@BAD.test> SIZE=10", "550 5.1.7 Invalid address");
  assert_exchange (c, "MAIL FROM:<x@good.test>", "250 2.1.0 Ok");
  assert_exchange (c, "RCPT TO:<unknown@example.test>", "550 5.1.1 User unknown");
  assert_exchange (c, "RCPT TO:<kate@example.test>", "250 2.1.5 Local");
  /* The glob covers the whole line, so parameters make it miss. */
  assert_exchange (c, "RCPT TO:<kate@example.test> NOTIFY=NEVER", "451 4.3.0 Other");
  assert_exchange (c, "xyz", "250 one character");
  assert_exchange (c, "XYYZ", "500 5.5.2 Syntax error, command unrecognized");
}

static void
test_multiline (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;

  server = start_server ("hostname mx9.example.test\n"
                         "on EHLO => 250-a.test\\n250-SIZE 100\\n250 8BITMIME\n"
                         "on NOOP => 250 back\\\\slash and \\t kept\n"
                         "on RSET => 250-almost\\n\n");
  c = test_client_new (sp_scripted_server_get_port (server));

  assert_reply (c, "220 mx9.example.test ESMTP ready");
  assert_exchange (c, "EHLO me", "250-a.test\n250-SIZE 100\n250 8BITMIME");
  g_assert_true (g_str_has_suffix (c->raw->str,
                                   "\r\n250-a.test\r\n250-SIZE 100\r\n250 8BITMIME\r\n"));
  assert_exchange (c, "HELO me", "250 mx9.example.test");
  assert_exchange (c, "NOOP", "250 back\\slash and \\t kept");
  /* Trailing blanks are dropped, the empty last line is sent as written. */
  assert_exchange (c, "RSET", "250-almost\n");
}

static void
test_silent (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;
  char *reply;

  server = start_server ("banner silent\non NOOP => silent");
  c = test_client_new (sp_scripted_server_get_port (server));

  reply = test_client_read_reply (c, 300);
  g_assert_null (reply);
  g_assert_false (c->eof);

  /* A client that talks first is still answered. */
  assert_exchange (c, "EHLO me", "250-mx.example.test\n250-PIPELINING\n250-SIZE 10240000\n"
                                 "250-8BITMIME\n250-ENHANCEDSTATUSCODES\n250-DSN\n250 SMTPUTF8");

  test_client_send (c, "NOOP");
  reply = test_client_read_reply (c, 300);
  g_assert_null (reply);
  g_assert_false (c->eof);

  /* The next reply belongs to the next command. */
  assert_exchange (c, "RSET", "250 2.0.0 Ok");
  g_assert_cmpuint (c->inbuf->len, ==, 0);
}

static void
test_close (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(SpScriptedServer) closing = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autoptr(TestClient) d = NULL;
  g_autoptr(TestClient) e = NULL;

  server = start_server ("on RSET => close\non MAIL* => 421 4.7.0 Try again later");
  c = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (c, "220 mx.example.test ESMTP ready");
  assert_exchange (c, "NOOP", "250 2.0.0 Ok");
  test_client_send (c, "RSET");
  g_assert_true (test_client_wait_closed (c, 5000));
  g_assert_cmpuint (c->inbuf->len, ==, 0);

  /* A 421 closes after it is sent. */
  d = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (d, "220 mx.example.test ESMTP ready");
  assert_exchange (d, "MAIL FROM:<>", "421 4.7.0 Try again later");
  g_assert_true (test_client_wait_closed (d, 5000));

  closing = start_server ("banner close");
  e = test_client_new (sp_scripted_server_get_port (closing));
  g_assert_true (test_client_wait_closed (e, 5000));
  g_assert_cmpuint (e->raw->len, ==, 0);
  g_assert_cmpuint (sp_scripted_server_get_n_connections (closing), ==, 1);
}

static void
test_delay (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;
  static const char pipelined[] = "XYZ\r\nNOOP\r\n";
  gint64 start;

  server = start_server ("banner delay 200 220 slow banner\n"
                         "on XYZ => delay 300 250 ok\n"
                         "on ABC => DELAY 100 close\n");
  start = g_get_monotonic_time ();
  c = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (c, "220 slow banner");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);

  /* The pipelined NOOP waits for the delayed reply before it. */
  start = g_get_monotonic_time ();
  g_assert_true (test_client_send_raw (c, pipelined, strlen (pipelined)));
  assert_reply (c, "250 ok");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  assert_reply (c, "250 2.0.0 Ok");

  start = g_get_monotonic_time ();
  test_client_send (c, "ABC");
  g_assert_true (test_client_wait_closed (c, 5000));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_assert_cmpuint (c->inbuf->len, ==, 0);
}

static void
test_data (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(SpScriptedServer) refusing = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autoptr(TestClient) d = NULL;
  GPtrArray *received;
  static const char pipelined[] = "DATA\r\nSubject: two\r\n\r\nx\r\n.\r\nNOOP\r\n";
  static const char * const expected[] = {
    "MAIL FROM:<a@example.org>", "RCPT TO:<b@example.test>", "DATA",
    "Subject: dots", "", "..leading dot", "QUIT", ". not the end", "",
    ".", "MAIL FROM:<>",
    "DATA", "Subject: two", "", "x", ".", "NOOP", NULL
  };

  server = start_server ("on DATA => 354 go ahead\non . => 250 2.0.0 Ok: queued as TEST");
  c = test_client_new (sp_scripted_server_get_port (server));

  assert_reply (c, "220 mx.example.test ESMTP ready");
  assert_exchange (c, "MAIL FROM:<a@example.org>", "250 2.1.0 Ok");
  assert_exchange (c, "RCPT TO:<b@example.test>", "250 2.1.5 Ok");
  assert_exchange (c, "DATA", "354 go ahead");
  test_client_send (c, "Subject: dots");
  test_client_send (c, "");
  test_client_send (c, "..leading dot");
  /* Message lines are not commands: no reply, no close. */
  test_client_send (c, "QUIT");
  test_client_send (c, ". not the end");
  test_client_send (c, "");
  g_assert_null (test_client_read_reply (c, 200));
  g_assert_false (c->eof);
  assert_exchange (c, ".", "250 2.0.0 Ok: queued as TEST");
  assert_exchange (c, "MAIL FROM:<>", "250 2.1.0 Ok");

  g_assert_true (test_client_send_raw (c, pipelined, strlen (pipelined)));
  assert_reply (c, "354 go ahead");
  assert_reply (c, "250 2.0.0 Ok: queued as TEST");
  assert_reply (c, "250 2.0.0 Ok");
  assert_received (server, expected);

  /* A DATA refused does not start a message. */
  refusing = start_server ("on DATA => 554 5.5.1 No valid recipients");
  d = test_client_new (sp_scripted_server_get_port (refusing));
  assert_reply (d, "220 mx.example.test ESMTP ready");
  assert_exchange (d, "DATA", "554 5.5.1 No valid recipients");
  assert_exchange (d, "NOOP", "250 2.0.0 Ok");
  received = sp_scripted_server_get_received (refusing);
  g_assert_cmpuint (received->len, ==, 2);
}

static void
test_syntax_errors (void)
{
  static const struct {
    const char *scenario;
    guint line;
  } cases[] = {
    { "on EHLO 250 ok", 1 },
    { "# comment\n\nfoo bar", 3 },
    { "on => 250 ok", 1 },
    { "on EHLO =>", 1 },
    { "on EHLO =>   ", 1 },
    { "banner 220 a\non X => 250 x\nbanner 220 b", 3 },
    { "banner", 1 },
    { "on X => delay abc 250 x", 1 },
    { "on X => delay 500", 1 },
    { "on X => delay -5 250 x", 1 },
    { "on X => delay 999999999 250 x", 1 },
    { "on X => delay 1 delay 2 250 x", 1 },
    { "\n\n\nhostname two words", 4 },
    { "hostname a.test\nhostname b.test", 2 },
    { "hostname", 1 },
    { "onEHLO => 250 x", 1 },
    { "banner raw", 1 },
    { "banner raw 220 \\q", 1 },
    { "banner raw 220 \\x4", 1 },
    { "banner raw 220 \\", 1 },
    { "banner raw 220 x then", 1 },
    { "banner raw 220 x then delay abc close", 1 },
    { "banner raw 220 x then raw", 1 },
    { "banner garbage 0", 1 },
    { "banner garbage x", 1 },
    { "banner garbage 2000000", 1 },
    { "banner garbage 5 6", 1 },
    { "banner flood x 250 a", 1 },
    { "banner flood 0 raw x", 1 },
    { "banner flood 3", 1 },
    { "banner flood 3 close", 1 },
    { "banner flood 3 silent", 1 },
    { "banner flood 3 delay 5 raw x", 1 },
    { "banner flood 3 flood 2 raw x", 1 },
    { "banner flood 3 drip 5 raw x", 1 },
    { "banner drip 0 raw x", 1 },
    { "banner drip 70000 raw x", 1 },
    { "banner drip 5", 1 },
    { "banner drip 5 close", 1 },
    { "banner drip 5 hang", 1 },
    { "banner drip 5 drip 5 raw x", 1 },
    { "\nline-ends CR", 2 },
    { "line-ends", 1 },
    { "line-ends LF\nline-ends LF", 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpScriptedServer) server = NULL;
      g_autofree char *prefix = g_strdup_printf ("Line %u: ", cases[i].line);

      g_test_message ("scenario: %s", cases[i].scenario);
      server = sp_scripted_server_new (cases[i].scenario, &error);
      g_assert_null (server);
      g_assert_error (error, SP_SCRIPTED_SERVER_ERROR, SP_SCRIPTED_SERVER_ERROR_SYNTAX);
      g_assert_true (g_str_has_prefix (error->message, prefix));

      g_assert_null (sp_scripted_server_new (cases[i].scenario, NULL));
    }
}

static void
test_stop_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScriptedServer) server = start_server ("");
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) b = NULL;
  g_autoptr(TestClient) stale = NULL;
  g_autoptr(TestClient) again = NULL;
  guint16 old_port = sp_scripted_server_get_port (server);
  guint16 fixed_port;

  a = test_client_new (old_port);
  assert_reply (a, "220 mx.example.test ESMTP ready");
  assert_exchange (a, "NOOP", "250 2.0.0 Ok");

  sp_scripted_server_stop (server);
  g_assert_cmpuint (sp_scripted_server_get_port (server), ==, 0);
  g_assert_true (test_client_wait_closed (a, 5000));
  stale = test_client_try_new ("127.0.0.1", old_port, &error);
  g_assert_null (stale);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_clear_error (&error);
  sp_scripted_server_stop (server);

  g_assert_true (sp_scripted_server_start (server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  b = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (b, "220 mx.example.test ESMTP ready");
  assert_exchange (b, "QUIT", "221 2.0.0 Bye");
  g_assert_true (test_client_wait_closed (b, 5000));
  sp_scripted_server_stop (server);

  /* A given port is used as it is. */
  fixed_port = sp_test_free_port (FALSE);
  g_assert_true (sp_scripted_server_start (server, "127.0.0.1", fixed_port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_scripted_server_get_port (server), ==, fixed_port);
  again = test_client_new (fixed_port);
  assert_reply (again, "220 mx.example.test ESMTP ready");

  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 3);
  g_assert_cmpuint (sp_scripted_server_get_received (server)->len, ==, 2);
}

static void
test_addresses (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;
  static const char * const refused[] = { "0.0.0.0", "::", "not an address", "mx.example.test" };

  server = sp_scripted_server_new ("", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_false (sp_scripted_server_start (server, refused[i], 0, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      g_assert_cmpuint (sp_scripted_server_get_port (server), ==, 0);
    }
  g_assert_true (sp_scripted_server_start (server, "127.0.0.1", 0, NULL));
  sp_scripted_server_stop (server);

  /* Any address in 127.0.0.0/8 is loopback. */
  g_assert_true (sp_scripted_server_start (server, "127.0.0.2", 0, &error));
  g_assert_no_error (error);
  c = test_client_try_new ("127.0.0.2", sp_scripted_server_get_port (server), &error);
  g_assert_no_error (error);
  assert_reply (c, "220 mx.example.test ESMTP ready");
  g_clear_pointer (&c, test_client_free);
  sp_scripted_server_stop (server);

  if (!sp_scripted_server_start (server, "::1", 0, &error))
    {
      g_test_message ("No IPv6 loopback here: %s", error->message);
      return;
    }
  c = test_client_try_new ("::1", sp_scripted_server_get_port (server), &error);
  g_assert_no_error (error);
  assert_reply (c, "220 mx.example.test ESMTP ready");
}

static void
test_concurrent (void)
{
  g_autoptr(SpScriptedServer) server = start_server ("on NOOP => delay 300 250 slow");
  TestClient *clients[3];
  guint16 port = sp_scripted_server_get_port (server);

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    clients[i] = test_client_new (port);
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    assert_reply (clients[i], "220 mx.example.test ESMTP ready");

  /* One client in a delay or in DATA does not hold up or change the others. */
  test_client_send (clients[0], "NOOP");
  assert_exchange (clients[1], "DATA", "354 End data with <CR><LF>.<CR><LF>");
  assert_exchange (clients[2], "RSET", "250 2.0.0 Ok");
  g_assert_null (test_client_read_reply (clients[0], 0));
  test_client_send (clients[1], "NOOP");
  assert_exchange (clients[2], "NOOP", "250 slow");
  assert_reply (clients[0], "250 slow");
  assert_exchange (clients[1], ".", "250 2.0.0 Ok: queued as SCRIPTED");

  test_client_free (clients[2]);
  assert_exchange (clients[0], "QUIT", "221 2.0.0 Bye");
  assert_exchange (clients[1], "RSET", "250 2.0.0 Ok");
  g_assert_cmpuint (sp_scripted_server_get_n_connections (server), ==, 3);

  sp_scripted_server_stop (server);
  g_assert_true (test_client_wait_closed (clients[0], 5000));
  g_assert_true (test_client_wait_closed (clients[1], 5000));
  test_client_free (clients[0]);
  test_client_free (clients[1]);
}

static void
test_long_line (void)
{
  g_autoptr(SpScriptedServer) server = start_server ("on * => 250 seen");
  g_autoptr(TestClient) c = NULL;
  g_autoptr(TestClient) d = NULL;
  g_autofree char *at_limit = NULL;
  g_autofree char *too_long = NULL;
  GPtrArray *received;

  c = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (c, "220 mx.example.test ESMTP ready");
  at_limit = g_strnfill (64 * 1024, 'a');
  assert_exchange (c, at_limit, "250 seen");
  received = sp_scripted_server_get_received (server);
  g_assert_cmpuint (received->len, ==, 1);
  g_assert_cmpuint (strlen (g_ptr_array_index (received, 0)), ==, 64 * 1024);

  /* Over the limit, without or with a line end. */
  too_long = g_strnfill (70 * 1024, 'b');
  test_client_send_raw (c, too_long, strlen (too_long));
  g_assert_true (test_client_wait_closed (c, 5000));
  g_assert_cmpuint (c->inbuf->len, ==, 0);

  d = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (d, "220 mx.example.test ESMTP ready");
  too_long[64 * 1024 + 1] = '\0';
  test_client_send (d, too_long);
  g_assert_true (test_client_wait_closed (d, 5000));
  g_assert_cmpuint (d->inbuf->len, ==, 0);
  g_assert_cmpuint (received->len, ==, 1);
}

static void
test_dispose_open (void)
{
  SpScriptedServer *server = start_server ("on NOOP => delay 5000 250 late");
  g_autoptr(TestClient) c = test_client_new (sp_scripted_server_get_port (server));
  g_autoptr(TestClient) d = test_client_new (sp_scripted_server_get_port (server));

  assert_reply (c, "220 mx.example.test ESMTP ready");
  assert_reply (d, "220 mx.example.test ESMTP ready");
  test_client_send (c, "NOOP");
  test_client_send (d, "DATA");
  g_assert_null (test_client_read_reply (c, 100));

  /* Dropping the server ends the connections and the pending delay. */
  g_assert_finalize_object (server);
  g_assert_true (test_client_wait_closed (c, 2000));
  g_assert_true (test_client_wait_closed (d, 2000));
  g_assert_cmpuint (c->inbuf->len, ==, 0);
}

/* Hostile and broken servers */

/* Reads until @c->raw holds at least @n bytes, the server closes, or
 * @timeout_ms passes; returns whether the @n bytes came. */
static gboolean
test_client_read_bytes (TestClient *c,
                        gsize       n,
                        guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (c->raw->len < n && !c->eof)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;

      if (left <= 0)
        break;
      test_client_read_more (c, (guint) left);
    }

  return c->raw->len >= n;
}

static void
assert_raw (TestClient *c,
            const char *expected,
            gsize       len)
{
  g_assert_true (test_client_read_bytes (c, len, 5000));
  g_assert_cmpmem (c->raw->str, c->raw->len, expected, len);
  g_string_truncate (c->raw, 0);
  g_string_truncate (c->inbuf, 0);
}

static void
test_raw (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;
  static const char escapes[] = " a\r\nb\tc\\d\0e\x7f\xff\xA0 then ";
  GPtrArray *received;

  server = start_server ("banner raw 220 no line end\n"
                         "on NOOP => raw \\x20a\\r\\nb\\tc\\\\d\\x00e"
                         "\\x7F\\xff\\XA0\\x20\\x74hen\\x20\n"
                         "on DATA => raw 354 go on\\n\n"
                         "on . => raw 250 bare\\n\n");
  c = test_client_new (sp_scripted_server_get_port (server));

  /* Nothing is added: the banner line never ends. */
  assert_raw (c, "220 no line end", 15);
  g_assert_null (test_client_read_reply (c, 200));
  g_assert_false (c->eof);

  test_client_send (c, "NOOP");
  assert_raw (c, escapes, sizeof escapes - 1);

  /* A raw 354 starts a message as a TEXT one does. */
  test_client_send (c, "DATA");
  assert_raw (c, "354 go on\n", 10);
  test_client_send (c, "NOOP");
  g_assert_false (test_client_read_bytes (c, 1, 200));
  test_client_send (c, ".");
  assert_raw (c, "250 bare\n", 9);

  received = sp_scripted_server_get_received (server);
  g_assert_cmpuint (received->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (received, 2), ==, "NOOP");
}

static void
test_garbage (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(SpScriptedServer) other = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autoptr(TestClient) d = NULL;
  g_autoptr(TestClient) e = NULL;
  g_autofree char *first = NULL;

  server = start_server ("banner garbage 100\non NOOP => garbage");
  c = test_client_new (sp_scripted_server_get_port (server));
  g_assert_true (test_client_read_bytes (c, 102, 5000));
  g_assert_cmpuint (c->raw->len, ==, 102);
  g_assert_false (g_ascii_isdigit (c->raw->str[0]));
  g_assert_cmpmem (c->raw->str + 100, 2, "\r\n", 2);
  g_assert_nonnull (memchr (c->raw->str, '\0', 100));
  g_assert_nonnull (memchr (c->raw->str, '\n', 100));
  g_assert_nonnull (memchr (c->raw->str, 0x1b, 100));
  g_assert_false (g_utf8_validate (c->raw->str, 100, NULL));
  first = g_memdup2 (c->raw->str, c->raw->len);

  /* The default size, and the same noise for the same size every time. */
  g_string_truncate (c->raw, 0);
  test_client_send (c, "NOOP");
  g_assert_true (test_client_read_bytes (c, 66, 5000));
  g_assert_false (test_client_read_bytes (c, 67, 200));
  g_assert_cmpmem (c->raw->str + 64, 2, "\r\n", 2);

  other = start_server ("banner garbage 100");
  d = test_client_new (sp_scripted_server_get_port (other));
  e = test_client_new (sp_scripted_server_get_port (server));
  g_assert_true (test_client_read_bytes (d, 102, 5000));
  g_assert_true (test_client_read_bytes (e, 102, 5000));
  g_assert_cmpmem (d->raw->str, d->raw->len, first, 102);
  g_assert_cmpmem (e->raw->str, e->raw->len, first, 102);
}

static void
test_flood (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autoptr(TestClient) d = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *big = NULL;
  g_autofree char *scenario = NULL;
  g_auto(GStrv) lines = NULL;

  big = g_strnfill (20000, 'q');
  scenario = g_strdup_printf ("on NOOP => flood 1000 250-x then 250 end\n"
                              "on RSET => flood 3 raw ab\n"
                              "on HELP => flood 2 raw %s\\r\\n\n"
                              "on VRFY => flood forever raw y\n"
                              "on EXPN => flood forever 250-spam\n",
                              big);
  server = start_server (scenario);
  c = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (c, "220 mx.example.test ESMTP ready");

  test_client_send (c, "NOOP");
  reply = test_client_read_reply (c, 5000);
  g_assert_nonnull (reply);
  lines = g_strsplit (reply, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1001);
  g_assert_cmpstr (lines[0], ==, "250-x");
  g_assert_cmpstr (lines[999], ==, "250-x");
  g_assert_cmpstr (lines[1000], ==, "250 end");
  g_string_truncate (c->raw, 0);

  test_client_send (c, "RSET");
  assert_raw (c, "ababab", 6);
  g_assert_false (test_client_read_bytes (c, 1, 200));

  /* A reply bigger than one write block goes out whole, twice. */
  test_client_send (c, "HELP");
  g_assert_true (test_client_read_bytes (c, 2 * 20002, 5000));
  g_assert_false (test_client_read_bytes (c, 2 * 20002 + 1, 200));
  g_assert_true (g_str_has_suffix (c->raw->str, "qqq\r\n"));
  g_assert_cmpuint (strspn (c->raw->str, "q"), ==, 20000);
  g_string_truncate (c->raw, 0);
  g_string_truncate (c->inbuf, 0);

  /* Without end: far more than any buffer, until the client goes. */
  test_client_send (c, "VRFY");
  g_assert_true (test_client_read_bytes (c, 2 * 1024 * 1024, 20000));
  g_assert_cmpuint (strspn (c->raw->str, "y"), ==, c->raw->len);
  g_clear_pointer (&c, test_client_free);

  d = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (d, "220 mx.example.test ESMTP ready");
  test_client_send (d, "EXPN");
  g_assert_true (test_client_read_bytes (d, 1024 * 1024, 20000));
  g_assert_true (g_str_has_prefix (d->raw->str, "220 mx.example.test ESMTP ready\r\n"
                                                "250-spam\r\n250-spam\r\n"));
  g_assert_null (strstr (d->raw->str, "250 "));
  g_clear_pointer (&d, test_client_free);

  /* The server lets go of both and still answers. */
  d = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (d, "220 mx.example.test ESMTP ready");
  assert_exchange (d, "QUIT", "221 2.0.0 Bye");
  g_assert_true (test_client_wait_closed (d, 5000));
}

static void
test_drip (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autoptr(TestClient) d = NULL;
  gint64 start;
  gint64 elapsed;

  server = start_server ("banner drip 40 220 hi\n"
                         "on NOOP => drip 5 flood forever raw z\n"
                         "on RSET => drip 1 flood 2 250-a\\n250 b\n");
  start = g_get_monotonic_time ();
  c = test_client_new (sp_scripted_server_get_port (server));

  /* One byte at a time: after a while, only part of the banner is there. */
  g_assert_true (test_client_read_bytes (c, 1, 5000));
  g_assert_false (test_client_read_bytes (c, 8, 100));
  g_assert_cmpuint (c->raw->len, >=, 2);
  g_assert_cmpuint (c->raw->len, <, 8);
  assert_reply (c, "220 hi");
  elapsed = g_get_monotonic_time () - start;
  /* Eight bytes, seven pauses. */
  g_assert_cmpint (elapsed, >=, 7 * 40 * 1000);
  g_string_truncate (c->raw, 0);

  /* Two copies of a whole reply are two replies. */
  assert_exchange (c, "RSET", "250-a\n250 b");
  assert_reply (c, "250-a\n250 b");
  g_assert_cmpstr (c->raw->str, ==, "250-a\r\n250 b\r\n250-a\r\n250 b\r\n");
  g_string_truncate (c->raw, 0);

  /* A drip without end, until the client gives up. */
  test_client_send (c, "NOOP");
  g_assert_true (test_client_read_bytes (c, 10, 5000));
  g_assert_false (test_client_read_bytes (c, 100000, 300));
  g_assert_cmpuint (strspn (c->raw->str, "z"), ==, c->raw->len);
  g_clear_pointer (&c, test_client_free);

  d = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (d, "220 hi");
  sp_scripted_server_stop (server);
  g_assert_true (test_client_wait_closed (d, 5000));
}

static void
test_then (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autoptr(TestClient) d = NULL;
  g_autoptr(TestClient) e = NULL;
  static const char message[] = "Subject: x\r\n\r\nbody\r\n.\r\n";
  gint64 start;

  server = start_server ("on EHLO => raw 250-mx\\r\\n250-SI then close\n"
                         "on DATA => raw 354 go on\\r\\n THEN delay 200 close\n"
                         "on NOOP => garbage 8 then raw 250 after\\r\\n then silent\n"
                         "on RSET => delay 50 raw 250-a\\r\\n then 250 then text stays\n"
                         "on QUIT => raw 221-bye\\r\\n then 221 bye\n");

  /* Closed in the middle of a line of a multi-line reply. */
  c = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (c, "220 mx.example.test ESMTP ready");
  test_client_send (c, "EHLO me");
  g_assert_true (test_client_wait_closed (c, 5000));
  g_assert_true (g_str_has_suffix (c->raw->str, "\r\n250-mx\r\n250-SI"));

  /* Closed after 354, while the client sends the message. */
  d = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (d, "220 mx.example.test ESMTP ready");
  assert_exchange (d, "DATA", "354 go on");
  start = g_get_monotonic_time ();
  test_client_send_raw (d, message, strlen (message));
  g_assert_true (test_client_wait_closed (d, 5000));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 150 * 1000);
  g_assert_cmpuint (d->inbuf->len, ==, 0);

  /* Chains go on with the next command; TEXT after “then” is a reply as
   * usual, “then” and all. A chain that answers QUIT closes at its end. */
  e = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (e, "220 mx.example.test ESMTP ready");
  g_string_truncate (e->raw, 0);
  test_client_send (e, "NOOP");
  g_assert_true (test_client_read_bytes (e, 10 + 11, 5000));
  g_assert_true (g_str_has_suffix (e->raw->str, "\r\n250 after\r\n"));
  g_string_truncate (e->inbuf, 0);
  assert_exchange (e, "RSET", "250-a\n250 then text stays");
  assert_exchange (e, "HELO x", "250 mx.example.test");
  assert_exchange (e, "QUIT", "221-bye\n221 bye");
  g_assert_true (test_client_wait_closed (e, 5000));
}

static void
test_hang (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autoptr(TestClient) d = NULL;
  GPtrArray *received;

  server = start_server ("on STARTTLS => raw 220 2.0.0 Ready\\r\\n then hang\n"
                         "on NOOP => hang\n");
  c = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (c, "220 mx.example.test ESMTP ready");
  assert_exchange (c, "STARTTLS", "220 2.0.0 Ready");

  /* What follows is neither read nor answered, and the connection stays. */
  test_client_send (c, "\x16\x03\x01 not a handshake");
  test_client_send (c, "NOOP");
  g_assert_null (test_client_read_reply (c, 300));
  g_assert_false (c->eof);
  received = sp_scripted_server_get_received (server);
  g_assert_cmpuint (received->len, ==, 1);

  d = test_client_new (sp_scripted_server_get_port (server));
  assert_reply (d, "220 mx.example.test ESMTP ready");
  test_client_send (d, "NOOP");
  g_assert_null (test_client_read_reply (d, 200));
  g_assert_false (d->eof);

  sp_scripted_server_stop (server);
  g_assert_true (test_client_wait_closed (c, 5000));
  g_assert_true (test_client_wait_closed (d, 5000));
}

static void
test_line_ends (void)
{
  g_autoptr(SpScriptedServer) server = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autofree char *reply = NULL;

  server = start_server ("LINE-ENDS lf\n"
                         "on NOOP => 250-one\\n250 two\n"
                         "on RSET => raw 250 still crlf\\r\\n\n"
                         "on VRFY => flood 2 250-x then 252 y\n");
  c = test_client_new (sp_scripted_server_get_port (server));

  g_assert_true (test_client_read_bytes (c, 32, 5000));
  g_assert_cmpstr (c->raw->str, ==, "220 mx.example.test ESMTP ready\n");
  g_string_truncate (c->raw, 0);
  g_string_truncate (c->inbuf, 0);

  test_client_send (c, "EHLO me");
  reply = test_client_read_reply (c, 5000);
  g_assert_true (g_str_has_prefix (reply, "250-mx.example.test\n250-PIPELINING\n"));
  g_assert_null (strchr (c->raw->str, '\r'));
  g_string_truncate (c->raw, 0);

  test_client_send (c, "NOOP");
  assert_raw (c, "250-one\n250 two\n", 16);
  test_client_send (c, "VRFY b");
  assert_raw (c, "250-x\n250-x\n252 y\n", 18);
  test_client_send (c, "RSET");
  assert_raw (c, "250 still crlf\r\n", 16);

  /* The default is CRLF, and saying so changes nothing. */
  g_clear_object (&server);
  g_clear_pointer (&c, test_client_free);
  server = start_server ("line-ends CRLF");
  c = test_client_new (sp_scripted_server_get_port (server));
  assert_raw (c, "220 mx.example.test ESMTP ready\r\n", 33);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sp/scripted-server/new-destroy", test_new_destroy);
  g_test_add_func ("/sp/scripted-server/defaults", test_defaults);
  g_test_add_func ("/sp/scripted-server/globs", test_globs);
  g_test_add_func ("/sp/scripted-server/multiline", test_multiline);
  g_test_add_func ("/sp/scripted-server/silent", test_silent);
  g_test_add_func ("/sp/scripted-server/close", test_close);
  g_test_add_func ("/sp/scripted-server/delay", test_delay);
  g_test_add_func ("/sp/scripted-server/data", test_data);
  g_test_add_func ("/sp/scripted-server/syntax-errors", test_syntax_errors);
  g_test_add_func ("/sp/scripted-server/stop-restart", test_stop_restart);
  g_test_add_func ("/sp/scripted-server/addresses", test_addresses);
  g_test_add_func ("/sp/scripted-server/concurrent", test_concurrent);
  g_test_add_func ("/sp/scripted-server/long-line", test_long_line);
  g_test_add_func ("/sp/scripted-server/dispose-open", test_dispose_open);
  g_test_add_func ("/sp/scripted-server/raw", test_raw);
  g_test_add_func ("/sp/scripted-server/garbage", test_garbage);
  g_test_add_func ("/sp/scripted-server/flood", test_flood);
  g_test_add_func ("/sp/scripted-server/drip", test_drip);
  g_test_add_func ("/sp/scripted-server/then", test_then);
  g_test_add_func ("/sp/scripted-server/hang", test_hang);
  g_test_add_func ("/sp/scripted-server/line-ends", test_line_ends);

  return g_test_run ();
}
