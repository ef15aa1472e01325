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
  g_assert_true (g_str_has_suffix (c->raw->str, "\r\n250-a.test\r\n250-SIZE 100\r\n250 8BITMIME\r\n"));
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

  return g_test_run ();
}
