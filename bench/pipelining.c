/* pipelining.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Benchmark: the PIPELINING fast path (issue 13, point 5). An in-process
 * server answers every command, the banner included, 50 ms after it
 * arrived, as over a link with a 50 ms round trip: replies to commands
 * that came in one go leave together, 50 ms later, in one write. The
 * probe runs the same test step by step and pipelined, alternately (A B
 * A B …), and the medians of the wall times are compared, for a message
 * sent and for a check only (--no-send), then again with the connection
 * kept open at the end, as the app keeps it for its console.
 *
 *   bench/pipelining [RUNS]
 *
 * Prints a Markdown table; the goal is a ratio of at most 0.6. */

#define G_LOG_DOMAIN "bench-pipelining"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench-probe.h"
#include "sp-probe.h"
#include "sp-session.h"

#define REPLY_DELAY_MS 50

/* One connection to the server */

typedef struct
{
  gint64  due_usec;   /* monotonic */
  char   *text;       /* with its line ends */
  gboolean closes;    /* the reply to QUIT */
} Reply;

typedef struct
{
  GSocketConnection *connection;
  GByteArray        *inbuf;
  GQueue             replies;    /* Reply, in the order the commands came */
  GSource           *timer;
  GCancellable      *cancellable;
  char              *outbuf;     /* the write under way */
  gboolean           in_data;
  gboolean           writing;
  gboolean           closing;    /* the write under way ends with the reply to QUIT */
  gboolean           closed;
  guint8             chunk[4096];
} Conn;

static void conn_schedule (Conn *conn);
static void reply_free    (gpointer data);

static void
reply_free (gpointer data)
{
  Reply *reply = data;

  g_free (reply->text);
  g_free (reply);
}

static void
conn_close (Conn *conn)
{
  if (conn->closed)
    return;

  conn->closed = TRUE;
  g_cancellable_cancel (conn->cancellable);
  if (conn->timer != NULL)
    g_source_destroy (conn->timer);
  g_clear_pointer (&conn->timer, g_source_unref);
  g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
}

/* Connections live until the benchmark ends, so that no callback still
 * pending can outlive its connection. */
static void
conn_free (gpointer data)
{
  Conn *conn = data;

  conn_close (conn);
  g_queue_clear_full (&conn->replies, reply_free);
  g_byte_array_unref (conn->inbuf);
  g_object_unref (conn->cancellable);
  g_object_unref (conn->connection);
  g_free (conn->outbuf);
  g_free (conn);
}

static void
conn_queue (Conn       *conn,
            gint64      arrived_usec,
            const char *text,
            gboolean    closes)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->due_usec = arrived_usec + REPLY_DELAY_MS * 1000;
  reply->text = g_strdup (text);
  reply->closes = closes;
  g_queue_push_tail (&conn->replies, reply);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Conn *conn = user_data;

  conn->writing = FALSE;
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL) ||
      conn->closing)
    {
      conn_close (conn);
      return;
    }

  conn_schedule (conn);
}

/* Sends every reply that is due, in one write. */
static gboolean
timer_cb (gpointer user_data)
{
  Conn *conn = user_data;
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 now = g_get_monotonic_time ();
  gboolean closes = FALSE;
  GOutputStream *output;
  gsize size;

  g_clear_pointer (&conn->timer, g_source_unref);

  while (!g_queue_is_empty (&conn->replies) && !closes)
    {
      Reply *reply = g_queue_peek_head (&conn->replies);

      if (reply->due_usec > now)
        break;
      g_string_append (out, reply->text);
      closes = reply->closes;
      reply_free (g_queue_pop_head (&conn->replies));
    }

  output = g_io_stream_get_output_stream (G_IO_STREAM (conn->connection));
  conn->closing = closes;
  conn->writing = TRUE;
  size = out->len;
  g_free (conn->outbuf);
  conn->outbuf = g_string_free (g_steal_pointer (&out), FALSE);
  g_output_stream_write_all_async (output, conn->outbuf, size, G_PRIORITY_DEFAULT,
                                   conn->cancellable, write_cb, conn);

  return G_SOURCE_REMOVE;
}

static void
conn_schedule (Conn *conn)
{
  Reply *next;
  gint64 wait_usec;

  if (conn->closed || conn->writing || conn->timer != NULL || g_queue_is_empty (&conn->replies))
    return;

  next = g_queue_peek_head (&conn->replies);
  wait_usec = MAX (0, next->due_usec - g_get_monotonic_time ());
  conn->timer = g_timeout_source_new ((guint) ((wait_usec + 999) / 1000));
  g_source_set_callback (conn->timer, timer_cb, conn, NULL);
  g_source_attach (conn->timer, NULL);
}

static void
conn_answer (Conn       *conn,
             const char *line,
             gint64      arrived_usec)
{
  if (conn->in_data)
    {
      if (strcmp (line, ".") == 0)
        {
          conn->in_data = FALSE;
          conn_queue (conn, arrived_usec, "250 2.0.0 Ok: queued as BENCH\r\n", FALSE);
        }
      return;
    }

  if (g_ascii_strncasecmp (line, "EHLO", 4) == 0)
    conn_queue (conn, arrived_usec,
                "250-mx.bench.example.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
                "250-8BITMIME\r\n250 ENHANCEDSTATUSCODES\r\n", FALSE);
  else if (g_ascii_strncasecmp (line, "MAIL", 4) == 0)
    conn_queue (conn, arrived_usec, "250 2.1.0 Ok\r\n", FALSE);
  else if (g_ascii_strncasecmp (line, "RCPT", 4) == 0)
    conn_queue (conn, arrived_usec, "250 2.1.5 Ok\r\n", FALSE);
  else if (g_ascii_strncasecmp (line, "DATA", 4) == 0)
    {
      conn->in_data = TRUE;
      conn_queue (conn, arrived_usec, "354 End data with <CR><LF>.<CR><LF>\r\n", FALSE);
    }
  else if (g_ascii_strncasecmp (line, "RSET", 4) == 0)
    conn_queue (conn, arrived_usec, "250 2.0.0 Ok\r\n", FALSE);
  else if (g_ascii_strncasecmp (line, "QUIT", 4) == 0)
    conn_queue (conn, arrived_usec, "221 2.0.0 Bye\r\n", TRUE);
  else
    conn_queue (conn, arrived_usec, "500 5.5.2 Syntax error\r\n", FALSE);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Conn *conn = user_data;
  gint64 arrived_usec = g_get_monotonic_time ();
  gssize n;
  guint8 *lf;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);
  if (n <= 0 || conn->closed)
    {
      conn_close (conn);
      return;
    }

  g_byte_array_append (conn->inbuf, conn->chunk, n);
  while ((lf = memchr (conn->inbuf->data, '\n', conn->inbuf->len)) != NULL)
    {
      gsize len = lf - conn->inbuf->data;
      g_autofree char *line = NULL;

      if (len > 0 && conn->inbuf->data[len - 1] == '\r')
        len--;
      line = g_strndup ((const char *) conn->inbuf->data, len);
      g_byte_array_remove_range (conn->inbuf, 0, (lf - conn->inbuf->data) + 1);
      conn_answer (conn, line, arrived_usec);
    }

  conn_schedule (conn);
  g_input_stream_read_async (G_INPUT_STREAM (object), conn->chunk, sizeof conn->chunk,
                             G_PRIORITY_DEFAULT, conn->cancellable, read_cb, conn);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  GPtrArray *conns = user_data;
  Conn *conn = g_new0 (Conn, 1);

  conn->connection = g_object_ref (connection);
  conn->inbuf = g_byte_array_new ();
  conn->cancellable = g_cancellable_new ();
  g_ptr_array_add (conns, conn);

  conn_queue (conn, g_get_monotonic_time (), "220 mx.bench.example.test ESMTP\r\n", FALSE);
  conn_schedule (conn);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                             conn->chunk, sizeof conn->chunk, G_PRIORITY_DEFAULT,
                             conn->cancellable, read_cb, conn);

  return TRUE;
}

/* The probe */

/* The wall time of one test, in milliseconds. */
static double
time_test (guint16  port,
           gboolean pipelining,
           gboolean check_only,
           gboolean keep)
{
  g_autoptr(SpProbeRequest) request = sp_probe_request_new ();
  g_autoptr(SpProbe) probe = NULL;
  g_autoptr(SpSession) kept = NULL;
  double ms;

  request->recipient = g_strdup ("kate@bench.example.test");
  request->sender = g_strdup ("helpdesk@example.org");
  request->server = g_strdup ("127.0.0.1");
  request->port = port;
  request->check_only = check_only;
  request->pipelining = pipelining;

  probe = sp_probe_new (request);
  sp_probe_set_keep_session (probe, keep);
  ms = bench_time_probe (probe);

  /* As the app does, the connection stays open for the console. */
  kept = sp_probe_take_session (probe);
  if (kept != NULL)
    sp_session_disconnect (kept);

  return ms;
}

/* One row of the table: step by step and pipelined, paired. */
static void
measure (guint16  port,
         guint    runs,
         gboolean check_only,
         gboolean keep)
{
  g_autoptr(GArray) step_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pipe_times = g_array_new (FALSE, FALSE, sizeof (double));
  double step_median;
  double pipe_median;

  /* A B A B …: drift of the machine falls on both alike. */
  for (guint i = 0; i < runs; i++)
    {
      double step_ms = time_test (port, FALSE, check_only, keep);
      double pipe_ms = time_test (port, TRUE, check_only, keep);

      g_array_append_val (step_times, step_ms);
      g_array_append_val (pipe_times, pipe_ms);
    }

  step_median = bench_median (step_times);
  pipe_median = bench_median (pipe_times);
  g_print ("| %s%s | %.1f ms | %.1f ms | %.2f |\n",
           check_only ? "check only (--no-send)" : "message sent",
           keep ? ", connection kept (the app)" : "",
           step_median, pipe_median, pipe_median / step_median);
}

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 21;
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func (conn_free);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  if (runs == 0)
    {
      g_printerr ("Usage: pipelining [RUNS]\n");
      return 2;
    }

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, &error))
    g_error ("Could not start the server: %s", error->message);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), conns);
  g_socket_service_start (service);

  g_print ("| test | step by step | pipelined | ratio (goal: at most 0.6) |\n"
           "|---|---|---|---|\n");
  measure (port, runs, FALSE, FALSE);
  measure (port, runs, TRUE, FALSE);
  measure (port, runs, FALSE, TRUE);
  measure (port, runs, TRUE, TRUE);

  return 0;
}
