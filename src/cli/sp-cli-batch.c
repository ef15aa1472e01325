/* sp-cli-batch.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* smtp-probe-cli --batch: a list of targets tested a few at once by an
 * SpBatch (sp-batch.h), one line per target as it ends, then the totals.
 * The words are the diagnosis's; this only prints them. */

#define G_LOG_DOMAIN "sp-cli"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>

#include "sp-batch.h"
#include "sp-cli-private.h"
#include "sp-export.h"

/* Targets are padded to this many characters, so that most outcomes line
 * up; a longer one just pushes its line on. */
#define TARGET_WIDTH 30

/* --output is written by a thread of its own, so that a slow disk never
 * holds up the tests on the main loop. The rows go to it in the order
 * they end; the tally, pushed last, tells it to finish the file. */
typedef struct
{
  SpBatchReport *report;
  GAsyncQueue   *rows;   /* SpBatchResult *, then &tally */
  GThread       *thread;
  SpBatchTally   tally;
  GError        *error;  /* the first failure, read after the join */
} FileWriter;

typedef struct
{
  GMainLoop     *loop;
  GCancellable  *cancellable;
  FileWriter    *file_writer;   /* --output */
  SpBatchReport *json_report;   /* --json, on standard output */
  GError        *write_error;
  GError        *error;
  gboolean       printing;
  gboolean       color;
} Run;

static gpointer
file_writer_thread (gpointer data)
{
  FileWriter *writer = data;
  gpointer row;

  /* A file that cannot be written to any more is said once, at the end;
   * the tests go on. */
  while ((row = g_async_queue_pop (writer->rows)) != (gpointer) &writer->tally)
    {
      if (writer->error == NULL)
        sp_batch_report_add (writer->report, row, &writer->error);
      sp_batch_result_unref (row);
    }
  if (writer->error == NULL)
    sp_batch_report_finish (writer->report, &writer->tally, &writer->error);

  return NULL;
}

static FileWriter *
file_writer_new (SpBatchReport *report)
{
  FileWriter *writer = g_new0 (FileWriter, 1);

  writer->report = report;
  writer->rows = g_async_queue_new ();
  writer->thread = g_thread_new ("sp-batch-output", file_writer_thread, writer);

  return writer;
}

/* Hands the last row to the thread and waits for the file to be closed:
 * the tests are over by then. FALSE, with @error set, when it could not
 * be written. */
static gboolean
file_writer_finish (FileWriter          *writer,
                    const SpBatchTally  *tally,
                    GError             **error)
{
  writer->tally = *tally;
  g_async_queue_push (writer->rows, &writer->tally);
  g_thread_join (g_steal_pointer (&writer->thread));

  if (writer->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&writer->error));
      return FALSE;
    }

  return TRUE;
}

static void
file_writer_free (FileWriter *writer)
{
  g_assert (writer->thread == NULL);

  g_async_queue_unref (writer->rows);
  sp_batch_report_free (writer->report);
  g_clear_error (&writer->error);
  g_free (writer);
}

static void
result_cb (SpBatch       *batch,
           SpBatchResult *result,
           Run           *run)
{
  if (run->printing)
    {
      /* The outcome in its tone's colour, as the verdict of a single test. */
      const char *start = run->color ? _sp_cli_tone_color (sp_batch_result_get_tone (result))
                                     : NULL;
      g_autofree char *row = sp_batch_format_text_row (result, TARGET_WIDTH, start,
                                                       start != NULL && *start != '\0'
                                                         ? "\033[0m" : NULL);

      g_print ("%s\n", row);
    }

  /* Standard output that cannot be written to any more is said once, at
   * the end; the tests go on. */
  if (run->json_report != NULL && run->write_error == NULL)
    sp_batch_report_add (run->json_report, result, &run->write_error);
  if (run->file_writer != NULL)
    g_async_queue_push (run->file_writer->rows, sp_batch_result_ref (result));
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Run *run = user_data;

  sp_batch_run_finish (SP_BATCH (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
sigint_cb (gpointer user_data)
{
  Run *run = user_data;

  g_cancellable_cancel (run->cancellable);

  return G_SOURCE_CONTINUE;
}

/* Each test holds a connection (up to eight at once with --all-mx) and
 * its DNS sockets, so 200 tests at once need more open files than the
 * usual soft limit of 1024; running out would show as targets that could
 * not be connected to. The hard limit is there to be asked for. */
static void
raise_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == limit.rlim_max)
    return;

  limit.rlim_cur = limit.rlim_max;
  if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
    g_debug ("Could not raise the limit of open files: %s", g_strerror (errno));
}

static GInputStream *
open_list (const char  *list,
           GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (list, "-") == 0)
    return g_unix_input_stream_new (STDIN_FILENO, FALSE);

  file = g_file_new_for_path (list);
  return G_INPUT_STREAM (g_file_read (file, NULL, error));
}

int
_sp_cli_batch_run (const SpCliBatchOptions *options)
{
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(SpBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  const SpBatchTally *tally;
  Run run = { 0 };
  /* Where run.write_error happened: standard output, or --output. */
  const char *write_error_path = "-";
  guint sigint_id;
  int status;

  input = open_list (options->list, &error);
  if (input == NULL)
    return _sp_cli_usage_error ("--batch", error->message);

  if (options->output != NULL)
    {
      SpBatchFormat format = SP_BATCH_FORMAT_TEXT;
      SpBatchReport *file_report;

      sp_batch_format_from_filename (options->output, &format);
      file_report = sp_batch_report_new_for_path (format, options->output, &error);
      if (file_report == NULL)
        return _sp_cli_usage_error ("--output", error->message);
      run.file_writer = file_writer_new (file_report);
    }
  if (options->json)
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      run.json_report = sp_batch_report_new (SP_BATCH_FORMAT_JSON, out);
    }
  run.printing = !options->json;
  run.color = _sp_cli_use_color (options->color, options->json);

  raise_file_limit ();
  batch = sp_batch_new (input, options->request);
  sp_batch_set_in_order (batch, options->in_order);
  g_signal_connect (batch, "result", G_CALLBACK (result_cb), &run);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.cancellable = g_cancellable_new ();
  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &run);
  sp_batch_run_async (batch, run.cancellable, run_cb, &run);
  g_main_loop_run (run.loop);
  g_source_remove (sigint_id);

  /* What finished is summed up, also after Ctrl+C. */
  tally = sp_batch_get_tally (batch);
  if (run.printing)
    {
      g_autofree char *totals = sp_batch_format_text_totals (tally, "");

      g_print ("\n%s", totals);
    }
  if (run.json_report != NULL && run.write_error == NULL)
    sp_batch_report_finish (run.json_report, tally, &run.write_error);
  if (run.file_writer != NULL)
    {
      g_autoptr(GError) file_error = NULL;

      if (file_writer_finish (run.file_writer, tally, &file_error))
        {
          if (run.printing)
            g_print (_("Log saved to %s\n"), options->output);
        }
      else if (run.write_error == NULL)
        {
          run.write_error = g_steal_pointer (&file_error);
          write_error_path = options->output;
        }
    }

  if (g_error_matches (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = SP_EXIT_CANCELLED;
  else if (run.error != NULL)
    {
      /* Translators: the list of targets could not be read to its end;
       * %s says why. */
      g_printerr (_("smtp-probe-cli: the list could not be read further: %s\n"),
                  run.error->message);
      status = SP_EXIT_INTERNAL;
    }
  else if (tally->n_accepted == tally->n_targets)
    status = SP_EXIT_ACCEPTED;
  else
    status = SP_EXIT_BATCH;

  if (run.write_error != NULL)
    {
      /* Translators: %s first is the file name (or “-”), then the system's reason. */
      g_printerr (_("smtp-probe-cli: could not save the log to %s: %s\n"),
                  write_error_path, run.write_error->message);
      if (status == SP_EXIT_ACCEPTED)
        status = SP_EXIT_INTERNAL;
    }

  g_clear_pointer (&run.file_writer, file_writer_free);
  g_clear_pointer (&run.json_report, sp_batch_report_free);
  g_clear_error (&run.write_error);
  g_clear_error (&run.error);
  g_clear_object (&run.cancellable);
  g_clear_pointer (&run.loop, g_main_loop_unref);

  return status;
}
