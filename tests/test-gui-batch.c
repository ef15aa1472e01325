/* test-gui-batch.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The window that tests a list of targets (SpBatchWindow) against
 * in-process scripted servers on loopback: the rows as the targets end,
 * their outcomes in the diagnosis's words, bad lines, Stop, the export
 * through the CLI's report code, and screenshots of each state. */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sp-batch-item.h"
#include "sp-batch-window.h"
#include "sp-scripted-server.h"
#include "sp-test-gui.h"
#include "sp-test-probe.h"
#include "sp-test-util.h"

#define SENDER "helpdesk@example.org"

static const char *refusing_scenario = "on RCPT => 550 5.1.1 User unknown";

static void
async_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
pointer_is_set (gpointer user_data)
{
  return *(gpointer *) user_data != NULL;
}

static gboolean
pointer_is_null (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static gboolean
server_has_connections (gpointer user_data)
{
  return sp_scripted_server_get_n_connections (user_data) > 0;
}

static SpBatchWindow *
new_batch_window (void)
{
  g_autoptr(SpProbeRequest) template = sp_probe_request_new ();
  SpBatchWindow *window;

  sp_probe_request_set_sender (template, SENDER);
  window = sp_batch_window_new (GTK_APPLICATION (sp_test_gui_get_app ()), template);
  gtk_window_present (GTK_WINDOW (window));
  sp_test_gui_wait_for_draw (GTK_WIDGET (window));

  return window;
}

static void
close_batch_window (SpBatchWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  /* Cancelled tests end from the main loop; then nothing of the window is left. */
  g_assert_true (sp_test_gui_wait_until (pointer_is_null, &weak, 5000));
}

static GFile *
write_list (const char *name,
            const char *contents)
{
  g_autofree char *dir = sp_test_make_tmpdir ("gui-batch");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

typedef struct
{
  SpBatchWindow      *window;
  SpBatchWindowState  state;
} StateWait;

static gboolean
state_is (gpointer user_data)
{
  StateWait *wait = user_data;

  return sp_batch_window_get_state (wait->window) == wait->state;
}

static void
wait_for_state (SpBatchWindow      *window,
                SpBatchWindowState  state)
{
  StateWait wait = { window, state };

  g_assert_true (sp_test_gui_wait_until (state_is, &wait, 60000));
}

typedef struct
{
  GListModel *model;
  guint       n;
} CountWait;

/* Rows of targets that ended; with @under_way, of targets under way. */
static guint
count_rows (GListModel *model,
            gboolean    under_way)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SpBatchItem) item = g_list_model_get_item (model, i);

      if ((sp_batch_item_get_result (item) == NULL) == under_way)
        n++;
    }

  return n;
}

static gboolean
has_n_ended (gpointer user_data)
{
  CountWait *wait = user_data;

  return count_rows (wait->model, FALSE) >= wait->n;
}

/* The result of the target on @line. */
static SpBatchResult *
result_on_line (SpBatchWindow *window,
                guint64        line)
{
  GListModel *results = sp_batch_window_get_results (window);

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(SpBatchItem) item = g_list_model_get_item (results, i);

      if (sp_batch_item_get_line (item) == line && sp_batch_item_get_result (item) != NULL)
        return sp_batch_item_get_result (item);
    }

  g_error ("No result for line %" G_GUINT64_FORMAT, line);
}

static const char *
label_text (SpBatchWindow *window,
            const char    *name)
{
  return gtk_label_get_text (GTK_LABEL (sp_test_gui_child (window, name)));
}

/* Whether the action of @name is enabled, as the button that carries it
 * shows (an actionable button is insensitive while its action is not). */
static gboolean
action_enabled (SpBatchWindow *window,
                const char    *name)
{
  static const char * const buttons[][2] = {
    { "batch.open", "empty_open_button" },
    { "batch.stop", "stop_button" },
    { "batch.run-again", "again_button" },
    { "batch.export", "export_button" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (g_strcmp0 (buttons[i][0], name) == 0)
      return gtk_widget_get_sensitive (sp_test_gui_child (window, buttons[i][1]));

  g_error ("No button for %s", name);
}

/* The table's cell with @text: its label, and the outcome's box around it. */
static GtkWidget *
find_cell (SpBatchWindow *window,
           const char    *text)
{
  return sp_test_gui_find_widget (sp_test_gui_child (window, "column_view"), GTK_TYPE_LABEL,
                                  text);
}

static gboolean
file_exists (gpointer user_data)
{
  return g_file_test (user_data, G_FILE_TEST_IS_REGULAR);
}

/* The file chooser that an action opened (GtkFileChooserNative falls back
 * to a dialog here). */
static GtkWidget *
wait_for_file_chooser (void)
{
  for (guint tries = 0; tries < 300; tries++)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      sp_test_gui_iterate (10);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

          if (GTK_IS_FILE_CHOOSER (toplevel) && gtk_widget_get_visible (toplevel))
            return toplevel;
        }
    }

  g_error ("No file chooser opened");
}

/* Every mnemonic of the window once, so that Alt+letter is never ambiguous
 * (a menu's items are a scope of their own). */
static void
collect_mnemonics (GtkWidget  *widget,
                   GHashTable *seen)
{
  if (GTK_IS_POPOVER (widget))
    return;

  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)) &&
      gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    {
      guint key = gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)));

      g_test_message ("mnemonic %s: %s", gdk_keyval_name (key),
                      gtk_label_get_label (GTK_LABEL (widget)));
      g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (key)));
      g_hash_table_add (seen, GUINT_TO_POINTER (key));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, seen);
}

/* Every control of the window has a name a screen reader announces: its
 * own label, the label that names it (mnemonic-widget), or its text. */
static void
test_accessible_names (void)
{
  static const char * const controls[] = {
    "open_button", "export_button", "sender_entry", "jobs_spin", "empty_open_button",
    "column_view", "progress_bar", "stop_button", "again_button",
  };
  SpBatchWindow *window = new_batch_window ();

  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    {
      GtkWidget *widget = sp_test_gui_child (window, controls[i]);
      GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
      gboolean named =
        gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
        gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
        (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL);

      g_test_message ("%s named: %d", controls[i], named);
      g_assert_true (named);
    }

  close_batch_window (window);
}

/* Before a list: the way in, the explanation of the format, nothing to
 * stop or export; a sender that cannot run says so at its field. */
static void
test_empty (void)
{
  SpBatchWindow *window = new_batch_window ();
  g_autoptr(GHashTable) mnemonics = g_hash_table_new (NULL, NULL);
  g_autoptr(GFile) file = write_list ("empty.txt", "example.test\n");
  GtkWidget *open = sp_test_gui_child (window, "empty_open_button");
  GtkWidget *spin = sp_test_gui_child (window, "jobs_spin");
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin));

  g_assert_cmpint (sp_batch_window_get_state (window), ==, SP_BATCH_WINDOW_EMPTY);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (sp_test_gui_child (window, "content_stack"))), ==, "empty");
  g_assert_true (gtk_widget_has_focus (open));
  g_assert_true (action_enabled (window, "batch.open"));
  g_assert_false (action_enabled (window, "batch.stop"));
  g_assert_false (action_enabled (window, "batch.export"));
  g_assert_false (gtk_widget_get_visible (sp_test_gui_child (window, "stop_button")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sp_test_gui_child (window,
                                                                           "sender_entry"))),
                   ==, SENDER);
  /* The CLI's --jobs: default 8, from 1 to 200. */
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, SP_BATCH_DEFAULT_JOBS);
  g_assert_cmpfloat (gtk_adjustment_get_lower (adjustment), ==, 1);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, SP_BATCH_MAX_JOBS);
  collect_mnemonics (GTK_WIDGET (window), mnemonics);
  g_assert_cmpuint (g_hash_table_size (mnemonics), >=, 6);

  sp_test_gui_shoot (GTK_WINDOW (window), "batch-empty", TRUE, NULL);

  /* No sender: nothing runs, and the field says why. */
  gtk_editable_set_text (GTK_EDITABLE (sp_test_gui_child (window, "sender_entry")), "");
  sp_batch_window_open (window, file);
  g_assert_cmpint (sp_batch_window_get_state (window), ==, SP_BATCH_WINDOW_EMPTY);
  g_assert_true (gtk_widget_get_visible (sp_test_gui_child (window, "options_message")));
  g_assert_cmpstr (label_text (window, "options_message"), !=, "");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                        sp_test_gui_child (window, "sender_entry")));

  close_batch_window (window);
}

/* A list of an accepting server, a bad line and a refusing server, with a
 * comment and a blank line: one row per target, in the diagnosis's words,
 * then the summary, and an export in each format. */
static void
test_run (void)
{
  g_autoptr(SpScriptedServer) good = sp_test_scripted_start ("");
  g_autoptr(SpScriptedServer) refusing = sp_test_scripted_start (refusing_scenario);
  g_autofree char *list = g_strdup_printf ("# customers\n"
                                           "127.0.0.1:%u\n"
                                           "\n"
                                           "not a target\n"
                                           "127.0.0.1:%u\n",
                                           sp_scripted_server_get_port (good),
                                           sp_scripted_server_get_port (refusing));
  g_autoptr(GFile) file = write_list ("customers.txt", list);
  SpBatchWindow *window = new_batch_window ();
  const SpBatchTally *tally;
  SpBatchResult *result;
  GtkWidget *cell;
  GtkWidget *image;
  g_autofree char *summary = NULL;

  sp_batch_window_open (window, file);
  wait_for_state (window, SP_BATCH_WINDOW_FINISHED);

  g_assert_cmpuint (g_list_model_get_n_items (sp_batch_window_get_results (window)), ==, 3);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==,
                   "customers.txt — Test a List");
  tally = sp_batch_window_get_tally (window);
  g_assert_nonnull (tally);
  g_assert_cmpuint (tally->n_targets, ==, 3);
  g_assert_cmpuint (tally->n_accepted, ==, 1);
  g_assert_cmpuint (tally->n_invalid, ==, 1);

  /* Every test was only checked up to the recipient. */
  g_assert_true (sp_test_received_has_prefix (good, "RCPT TO:<postmaster@[127.0.0.1]>"));
  g_assert_false (sp_test_received_has_prefix (good, "DATA"));

  result = result_on_line (window, 2);
  g_assert_cmpint (sp_batch_result_get_verdict (result), ==, SP_VERDICT_ACCEPTED);
  result = result_on_line (window, 4);
  g_assert_cmpint (sp_batch_result_get_kind (result), ==, SP_BATCH_TARGET_INVALID);
  result = result_on_line (window, 5);
  g_assert_cmpstr (sp_batch_result_get_reply (result), ==, "550 5.1.1 User unknown");

  /* The table shows the diagnosis's words, and an icon beside each outcome. */
  sp_test_gui_wait_for_draw (GTK_WIDGET (window));
  cell = find_cell (window, "Accepted");
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (cell), "success"));
  g_assert_nonnull (find_cell (window, "not a target"));
  g_assert_nonnull (find_cell (window, "Not a target"));
  g_assert_nonnull (find_cell (window, "550 5.1.1 User unknown"));
  g_assert_nonnull (find_cell (window, sp_batch_result_get_headline (result)));
  cell = find_cell (window, sp_diagnosis_get_batch_outcome (SP_BATCH_TARGET_SERVER,
                                                            sp_batch_result_get_verdict (result)));
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (cell), "error"));
  image = gtk_widget_get_first_child (gtk_widget_get_parent (cell));
  g_assert_true (GTK_IS_IMAGE (image));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, "dialog-error-symbolic");

  /* The progress line ends as the diagnosis's summary. */
  summary = sp_diagnosis_dup_batch_summary (tally);
  g_assert_cmpstr (label_text (window, "progress_label"), ==, summary);
  g_assert_true (action_enabled (window, "batch.export"));
  g_assert_true (action_enabled (window, "batch.run-again"));
  g_assert_false (gtk_widget_get_visible (sp_test_gui_child (window, "stop_button")));
  g_assert_true (gtk_widget_get_visible (sp_test_gui_child (window, "again_button")));

  sp_test_gui_shoot (GTK_WINDOW (window), "batch-finished", TRUE, NULL);

  /* Enter on a row tests that target step by step in the wizard. */
  {
    GtkWidget *view = sp_test_gui_child (window, "column_view");
    GtkApplication *app = GTK_APPLICATION (sp_test_gui_get_app ());
    SpWindow *wizard = NULL;
    SpFormModel *model;
    SpProbeRequest *request;

    g_assert_true (gtk_widget_get_visible (sp_test_gui_child (window, "hint_label")));
    /* The rows are in the order of the list: the accepting server first. */
    g_signal_emit_by_name (view, "activate", 0);
    for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
      if (SP_IS_WINDOW (l->data))
        wizard = l->data;
    g_assert_nonnull (wizard);
    model = sp_window_get_model (wizard);
    request = sp_form_model_get_request (model);
    g_assert_cmpint (sp_form_model_get_mode (model), ==, SP_TEST_MODE_SERVER);
    g_assert_cmpstr (request->server, ==, "127.0.0.1");
    g_assert_cmpuint (request->port, ==, sp_scripted_server_get_port (good));
    g_assert_cmpstr (request->recipient, ==, "postmaster@[127.0.0.1]");
    g_assert_cmpstr (request->sender, ==, SENDER);
    g_assert_true (gtk_window_is_active (GTK_WINDOW (wizard)) ||
                   gtk_widget_get_visible (GTK_WIDGET (wizard)));
    sp_test_gui_close_window (wizard);
  }

  /* Export: the report code of the CLI, in list order, written asynchronously. */
  {
    g_autofree char *dir = sp_test_make_tmpdir ("gui-batch-export");
    g_autofree char *csv_path = g_build_filename (dir, "summary.csv", NULL);
    g_autofree char *json_path = g_build_filename (dir, "summary.json", NULL);
    g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
    g_autoptr(GFile) json = g_file_new_for_path (json_path);
    g_autoptr(GAsyncResult) res = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *contents = NULL;
    g_auto(GStrv) rows = NULL;
    JsonObject *root;
    JsonArray *targets;

    sp_batch_window_export_async (window, SP_BATCH_FORMAT_CSV, csv, NULL,
                                  async_result_cb, &res);
    g_assert_true (sp_test_gui_wait_until (pointer_is_set, &res, 10000));
    g_assert_true (sp_batch_window_export_finish (window, res, &error));
    g_assert_no_error (error);
    g_clear_object (&res);

    g_file_get_contents (csv_path, &contents, NULL, &error);
    g_assert_no_error (error);
    rows = g_strsplit (contents, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (rows), ==, 5);
    g_assert_true (g_str_has_prefix (rows[0], "\"line\",\"target\",\"kind\""));
    g_assert_true (g_str_has_prefix (rows[1], "\"2\","));
    g_assert_nonnull (strstr (rows[1], "\"accepted\""));
    g_assert_true (g_str_has_prefix (rows[2], "\"4\",\"not a target\",\"bad-line\""));
    g_assert_nonnull (strstr (rows[3], "\"550 5.1.1 User unknown\""));

    sp_batch_window_export_async (window, SP_BATCH_FORMAT_JSON, json, NULL,
                                  async_result_cb, &res);
    g_assert_true (sp_test_gui_wait_until (pointer_is_set, &res, 10000));
    g_assert_true (sp_batch_window_export_finish (window, res, &error));
    json_parser_load_from_file (parser, json_path, &error);
    g_assert_no_error (error);
    root = json_node_get_object (json_parser_get_root (parser));
    targets = json_object_get_array_member (root, "targets");
    g_assert_cmpuint (json_array_get_length (targets), ==, 3);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "summary"),
                                                 "bad_lines"), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (
                       json_array_get_object_element (targets, 2), "cause"),
                     ==, "recipient-unknown");

    /* What the CLI's --output refuses is refused here too: a pipe stays a pipe. */
    {
      g_autofree char *fifo_path = g_build_filename (dir, "pipe.csv", NULL);
      g_autoptr(GFile) fifo = g_file_new_for_path (fifo_path);
      GStatBuf st;

      g_assert_cmpint (mkfifo (fifo_path, 0644), ==, 0);
      g_clear_object (&res);
      sp_batch_window_export_async (window, SP_BATCH_FORMAT_CSV, fifo, NULL,
                                    async_result_cb, &res);
      g_assert_true (sp_test_gui_wait_until (pointer_is_set, &res, 10000));
      g_assert_false (sp_batch_window_export_finish (window, res, &error));
      g_assert_nonnull (error);
      g_test_message ("a pipe: %s", error->message);
      g_clear_error (&error);
      g_assert_cmpint (g_stat (fifo_path, &st), ==, 0);
      g_assert_true (S_ISFIFO (st.st_mode));
    }

    /* As the person does it: Export → As CSV…, a name in the file chooser. The
     * name's extension decides, as with --output. */
    {
      g_autofree char *chosen = g_build_filename (dir, "chosen.json", NULL);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);
      g_autoptr(JsonParser) chosen_parser = json_parser_new ();
      g_autofree char *suggested = NULL;
      GtkWidget *dialog;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "batch.export", "s",
                                                 "csv"));
      dialog = wait_for_file_chooser ();
      g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) ==
                     GTK_WINDOW (window));
      suggested = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));
      g_assert_cmpstr (suggested, ==, "customers-results.csv");
      g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder,
                                                          NULL));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "chosen.json");
      gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
      g_assert_true (sp_test_gui_wait_until (file_exists, chosen, 10000));
      sp_test_gui_iterate (100);
      json_parser_load_from_file (chosen_parser, chosen, &error);
      g_assert_no_error (error);
      g_assert_true (gtk_widget_get_visible (sp_test_gui_child (window, "export_label")));
      g_assert_nonnull (strstr (label_text (window, "export_label"), "chosen.json"));
    }
  }

  close_batch_window (window);
}

/* Stop: the tests under way end as cancelled rows, no more start, and the
 * rows so far stay, with a summary of them. */
static void
test_cancel (void)
{
  g_autoptr(SpScriptedServer) good = sp_test_scripted_start ("");
  g_autoptr(SpScriptedServer) slow =
    sp_test_scripted_start ("banner delay 20000 220 mx.example.test ESMTP");
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  SpBatchWindow *window = new_batch_window ();
  CountWait wait = { sp_batch_window_get_results (window), 4 };
  guint cancelled = 0;

  for (guint i = 0; i < 3; i++)
    g_string_append_printf (list, "127.0.0.1:%u\n", sp_scripted_server_get_port (good));
  g_string_append (list, "mx..example.test:25\n");
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (list, "127.0.0.1:%u\n", sp_scripted_server_get_port (slow));
  file = write_list ("slow.txt", list->str);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_gui_child (window, "jobs_spin")), 2);
  sp_batch_window_open (window, file);
  g_assert_true (sp_test_gui_wait_until (has_n_ended, &wait, 30000));
  g_assert_cmpint (sp_batch_window_get_state (window), ==, SP_BATCH_WINDOW_RUNNING);
  /* Two at once: both slow servers' tests hold the places. */
  g_assert_cmpuint (sp_scripted_server_get_max_open (slow), <=, 2);
  g_assert_cmpstr (label_text (window, "progress_label"), ==, "4 of 8 targets tested");
  g_assert_true (gtk_widget_get_visible (sp_test_gui_child (window, "stop_button")));
  g_assert_false (gtk_widget_get_sensitive (sp_test_gui_child (window, "options_box")));
  g_assert_false (action_enabled (window, "batch.export"));
  g_assert_false (action_enabled (window, "batch.open"));
  /* The bad line is a row of its own, and the run went on past it. */
  g_assert_cmpint (sp_batch_result_get_kind (result_on_line (window, 4)), ==,
                   SP_BATCH_TARGET_INVALID);
  /* The two slow tests under way have their rows, which say so. */
  g_assert_cmpuint (count_rows (wait.model, TRUE), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (wait.model); i++)
    {
      g_autoptr(SpBatchItem) item = g_list_model_get_item (wait.model, i);

      if (sp_batch_item_get_result (item) == NULL)
        {
          g_autofree char *target = g_strdup_printf ("127.0.0.1:%u",
                                                     sp_scripted_server_get_port (slow));

          g_assert_cmpuint (sp_batch_item_get_line (item), >=, 5);
          g_assert_cmpuint (sp_batch_item_get_line (item), <=, 6);
          g_assert_cmpstr (sp_batch_item_get_target (item), ==, target);
        }
    }
  sp_test_gui_wait_for_draw (GTK_WIDGET (window));
  g_assert_nonnull (find_cell (window, "Testing…"));

  sp_test_gui_shoot (GTK_WINDOW (window), "batch-running", TRUE, NULL);

  /* By outcome, failures first and the rows under way last. */
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (sp_test_gui_child (window, "column_view"));
    g_autoptr(GListModel) columns = g_object_ref (gtk_column_view_get_columns (view));
    g_autoptr(GtkColumnViewColumn) outcome = g_list_model_get_item (columns, 2);
    g_autoptr(GtkColumnViewColumn) line = g_list_model_get_item (columns, 0);
    GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (view));
    guint n = g_list_model_get_n_items (rows);

    gtk_column_view_sort_by_column (view, outcome, GTK_SORT_ASCENDING);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(SpBatchItem) item = g_list_model_get_item (rows, i);

        g_assert_true ((sp_batch_item_get_result (item) == NULL) == (i >= n - 2));
        if (i == 0)
          g_assert_cmpint (sp_batch_result_get_kind (sp_batch_item_get_result (item)), ==,
                           SP_BATCH_TARGET_INVALID);
      }
    /* Back to the order of the list alone, as the window opens. */
    gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
    gtk_column_view_sort_by_column (view, line, GTK_SORT_ASCENDING);
  }

  gtk_widget_activate_action (GTK_WIDGET (window), "batch.stop", NULL);
  wait_for_state (window, SP_BATCH_WINDOW_CANCELLED);

  g_assert_cmpuint (g_list_model_get_n_items (sp_batch_window_get_results (window)), ==, 6);
  g_assert_cmpuint (count_rows (sp_batch_window_get_results (window), TRUE), ==, 0);
  for (guint64 line = 5; line <= 8; line++)
    {
      GListModel *results = sp_batch_window_get_results (window);

      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        {
          g_autoptr(SpBatchItem) item = g_list_model_get_item (results, i);
          SpBatchResult *result = sp_batch_item_get_result (item);

          if (sp_batch_result_get_line (result) == line &&
              sp_batch_result_get_verdict (result) == SP_VERDICT_CANCELLED)
            cancelled++;
        }
    }
  g_assert_cmpuint (cancelled, ==, 2);
  /* Nothing started after Stop. */
  g_assert_cmpuint (sp_scripted_server_get_n_connections (slow), <=, 2);
  g_assert_true (g_str_has_prefix (label_text (window, "progress_label"),
                                   "Stopped after 6 of 8 targets. 6 targets in "));
  g_assert_true (action_enabled (window, "batch.export"));
  g_assert_true (action_enabled (window, "batch.run-again"));
  g_assert_true (action_enabled (window, "batch.open"));
  g_assert_true (gtk_widget_get_sensitive (sp_test_gui_child (window, "options_box")));

  sp_test_gui_shoot (GTK_WINDOW (window), "batch-cancelled", FALSE, NULL);

  close_batch_window (window);
}

/* A longer list at 50 at once: every target gets its row, the table stays
 * in the order of the list, and the progress ends in the summary. How long
 * the run took and the longest the main loop was kept busy are logged,
 * not checked (the machines are shared). */
static void
test_many (void)
{
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  SpBatchWindow *window = new_batch_window ();
  GtkWidget *view = sp_test_gui_child (window, "column_view");
  guint max_open = 0;
  GListModel *rows;
  SpTestGuiHeartbeat *beat;
  gint64 started;

  /* Ten servers, so that none gets more connections at once than its listen backlog. */
  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (servers, sp_test_scripted_start (""));
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (list, "127.0.0.1:%u\n",
                            sp_scripted_server_get_port (g_ptr_array_index (servers, i % 10)));
  file = write_list ("many.txt", list->str);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_gui_child (window, "jobs_spin")), 50);
  beat = sp_test_gui_heartbeat_start ();
  started = g_get_monotonic_time ();
  sp_batch_window_open (window, file);
  wait_for_state (window, SP_BATCH_WINDOW_FINISHED);
  g_test_message ("1000 targets at 50 at once: %.2f s, main loop busy at most %.0f ms",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC,
                  sp_test_gui_heartbeat_stop (beat) / 1000.0);

  g_assert_cmpuint (sp_batch_window_get_tally (window)->n_accepted, ==, 1000);
  for (guint i = 0; i < servers->len; i++)
    max_open += sp_scripted_server_get_max_open (g_ptr_array_index (servers, i));
  g_assert_cmpuint (max_open, <=, 50);
  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1000);
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(SpBatchItem) item = g_list_model_get_item (rows, i);

      g_assert_cmpuint (sp_batch_result_get_line (sp_batch_item_get_result (item)), ==, i + 1);
    }
  g_assert_true (g_str_has_prefix (label_text (window, "progress_label"), "1000 targets in "));

  close_batch_window (window);
}

/* Closing the window while tests run stops them, and nothing of the
 * window is left once they have ended. */
static void
test_close_while_running (void)
{
  g_autoptr(SpScriptedServer) slow =
    sp_test_scripted_start ("banner delay 20000 220 mx.example.test ESMTP");
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  SpBatchWindow *window = new_batch_window ();
  gpointer weak = window;

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (list, "127.0.0.1:%u\n", sp_scripted_server_get_port (slow));
  file = write_list ("closed.txt", list->str);

  sp_batch_window_open (window, file);
  wait_for_state (window, SP_BATCH_WINDOW_RUNNING);
  g_assert_true (sp_test_gui_wait_until (server_has_connections, slow, 10000));

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (sp_test_gui_wait_until (pointer_is_null, &weak, 10000));
  /* No test started after the close. */
  sp_test_gui_iterate (200);
  g_assert_cmpuint (sp_scripted_server_get_n_connections (slow), <=, 4);
}

/* Drops @file on @window's drop target, as a file manager would. */
static void
drop_file (SpBatchWindow *window,
           GFile         *file)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean taken = FALSE;

  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !taken; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &taken);
    }
  g_assert_true (taken);
}

/* A file with only comments: the window says that the list names no
 * targets; a file that cannot be read says why. */
static void
test_no_targets (void)
{
  g_autoptr(GFile) file = write_list ("comments.txt", "# nothing yet\n\n   \n");
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/list.txt");
  SpBatchWindow *window = new_batch_window ();

  /* Dropped on the window, as from a file manager. */
  drop_file (window, file);
  wait_for_state (window, SP_BATCH_WINDOW_FINISHED);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (sp_test_gui_child (window, "content_stack"))), ==, "empty");
  g_assert_cmpstr (label_text (window, "empty_title"), ==, "The List Names No Targets");

  sp_batch_window_open (window, missing);
  wait_for_state (window, SP_BATCH_WINDOW_FAILED);
  g_assert_true (g_str_has_prefix (label_text (window, "progress_label"),
                                   "The list could not be read: "));
  g_assert_false (action_enabled (window, "batch.export"));

  close_batch_window (window);
}

/* "Tests at once" is remembered: the next list window starts with it. */
static void
test_remembers_jobs (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.smtpprobe.SmtpProbe");
  SpBatchWindow *window = NULL;
  GtkSpinButton *spin = NULL;

  /* Other tests here change it. */
  g_settings_reset (settings, "batch-jobs");
  window = new_batch_window ();
  spin = GTK_SPIN_BUTTON (sp_test_gui_child (window, "jobs_spin"));

  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, SP_BATCH_DEFAULT_JOBS);
  gtk_spin_button_set_value (spin, 13);
  close_batch_window (window);
  g_assert_cmpuint (g_settings_get_uint (settings, "batch-jobs"), ==, 13);

  window = new_batch_window ();
  spin = GTK_SPIN_BUTTON (sp_test_gui_child (window, "jobs_spin"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 13);
  close_batch_window (window);

  g_settings_reset (settings, "batch-jobs");
}

/* The keys the shortcuts window lists for a list are those of the window. */
static void
test_shortcuts (void)
{
  static const char * const keys[][2] = {
    { "<Control>o", "batch.open" },
    { "Escape", "batch.stop" },
    { "<Control>r", "batch.run-again" },
    { "<Control>e", "batch.popup-export" },
    { "<Control>w", "window.close" },
  };
  SpBatchWindow *window = new_batch_window ();
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GBytes) overlay = NULL;
  g_autofree char *overlay_text = NULL;

  overlay = g_resources_lookup_data ("/io/github/smtpprobe/SmtpProbe/sp-shortcuts-window.ui",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  overlay_text = g_strndup (g_bytes_get_data (overlay, NULL), g_bytes_get_size (overlay));

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      gboolean bound = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (controllers) && !bound; i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller),
                                                                       j);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
              g_autofree char *trigger =
                gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

              if (GTK_IS_NAMED_ACTION (action) && g_strcmp0 (trigger, keys[k][0]) == 0 &&
                  g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                             keys[k][1]) == 0)
                bound = TRUE;
            }
        }
      g_test_message ("%s → %s: %s", keys[k][0], keys[k][1], bound ? "bound" : "missing");
      g_assert_true (bound);
    }

  /* The shortcuts window names them (its markup escapes the angle brackets). */
  g_assert_nonnull (strstr (overlay_text, "Stop testing the list"));
  g_assert_nonnull (strstr (overlay_text, "Test the list again"));
  g_assert_nonnull (strstr (overlay_text, "Export the summary"));

  close_batch_window (window);
}

/* The way in: the main menu's item, its shortcut, and the shortcuts window. */
static void
test_way_in (void)
{
  SpWindow *window = sp_test_gui_new_window ();
  GtkApplication *app = GTK_APPLICATION (sp_test_gui_get_app ());
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, "wizard.test-list");
  g_autoptr(GBytes) overlay = NULL;
  GtkWidget *menu_button;
  GMenuModel *menu;
  gboolean found = FALSE;

  g_assert_nonnull (accels[0]);
  g_assert_cmpstr (accels[0], ==, "<Control>o");

  menu_button = sp_test_gui_child (window, "primary_menu_button");
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s",
                                               &action) &&
              g_strcmp0 (action, "wizard.test-list") == 0)
            found = TRUE;
        }
      g_clear_object (&section);
    }
  g_assert_true (found);

  overlay = g_resources_lookup_data ("/io/github/smtpprobe/SmtpProbe/sp-shortcuts-window.ui",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (overlay);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (overlay, NULL), g_bytes_get_size (overlay),
                                  "Test a list of targets"));

  /* The whole way: the action opens the list window and its file chooser; the
   * list chosen there is tested. */
  {
    g_autoptr(GFile) file = write_list ("chosen-list.txt", "# one bad line\nnot a target\n");
    g_autoptr(GFile) selected = NULL;
    SpBatchWindow *batch = NULL;
    GtkWidget *dialog;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "wizard.test-list", NULL));
    dialog = wait_for_file_chooser ();
    for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
      if (SP_IS_BATCH_WINDOW (l->data))
        batch = l->data;
    g_assert_nonnull (batch);
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (batch));
    g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)), ==,
                     GTK_FILE_CHOOSER_ACTION_OPEN);
    /* The wizard's sender comes along. */
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sp_test_gui_child (batch,
                                                                            "sender_entry"))),
                     ==, sp_form_model_get_request (sp_window_get_model (window))->sender);
    gtk_editable_set_text (GTK_EDITABLE (sp_test_gui_child (batch, "sender_entry")), SENDER);

    /* The chooser selects the file once it has read its folder. */
    g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, NULL));
    for (guint tries = 0; tries < 500 && selected == NULL; tries++)
      {
        sp_test_gui_iterate (10);
        selected = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      }
    g_assert_nonnull (selected);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    wait_for_state (batch, SP_BATCH_WINDOW_FINISHED);
    g_assert_cmpuint (g_list_model_get_n_items (sp_batch_window_get_results (batch)), ==, 1);
    close_batch_window (batch);
  }

  sp_test_gui_close_window (window);
}

/* A row under way and a row with its result, as the table has them; each
 * item goes away with its last reference. */
static void
bad_line_cb (SpBatch        *batch,
             SpBatchResult  *result,
             SpBatchResult **out)
{
  *out = sp_batch_result_ref (result);
}

static gboolean
points_somewhere (gpointer user_data)
{
  return *(gpointer *) user_data != NULL;
}

static void
test_item (void)
{
  g_autoptr(SpProbeRequest) request = sp_test_request_new (NULL, 25);
  g_autoptr(GInputStream) input =
    g_memory_input_stream_new_from_data ("\n  mx..example.test:25\n", -1, NULL);
  g_autoptr(SpBatch) batch = sp_batch_new (input, request);
  g_autoptr(SpBatchResult) result = NULL;
  SpBatchItem *started = sp_batch_item_new_started (3, 7, "kate@example.test");
  SpBatchItem *ended;

  g_assert_null (sp_batch_item_get_result (started));
  g_assert_cmpuint (sp_batch_item_get_index (started), ==, 3);
  g_assert_cmpuint (sp_batch_item_get_line (started), ==, 7);
  g_assert_cmpstr (sp_batch_item_get_target (started), ==, "kate@example.test");
  g_assert_finalize_object (started);

  /* A line that is no target has its result at once, without a server. */
  g_signal_connect (batch, "result", G_CALLBACK (bad_line_cb), &result);
  sp_batch_run_async (batch, NULL, NULL, NULL);
  g_assert_true (sp_test_gui_wait_until (points_somewhere, &result, 10000));
  ended = sp_batch_item_new (result);
  g_assert_true (sp_batch_item_get_result (ended) == result);
  g_assert_cmpuint (sp_batch_item_get_index (ended), ==, 0);
  g_assert_cmpuint (sp_batch_item_get_line (ended), ==, 2);
  g_assert_cmpstr (sp_batch_item_get_target (ended), ==, "mx..example.test:25");
  g_assert_finalize_object (ended);
}

int
main (int   argc,
      char *argv[])
{
  sp_test_gui_init (&argc, &argv);

  g_test_add_func ("/sp/gui-batch/accessible-names", test_accessible_names);
  g_test_add_func ("/sp/gui-batch/empty", test_empty);
  g_test_add_func ("/sp/gui-batch/item", test_item);
  g_test_add_func ("/sp/gui-batch/run", test_run);
  g_test_add_func ("/sp/gui-batch/cancel", test_cancel);
  g_test_add_func ("/sp/gui-batch/close-while-running", test_close_while_running);
  g_test_add_func ("/sp/gui-batch/many", test_many);
  g_test_add_func ("/sp/gui-batch/no-targets", test_no_targets);
  g_test_add_func ("/sp/gui-batch/remembers-jobs", test_remembers_jobs);
  g_test_add_func ("/sp/gui-batch/shortcuts", test_shortcuts);
  g_test_add_func ("/sp/gui-batch/way-in", test_way_in);

  return g_test_run ();
}
