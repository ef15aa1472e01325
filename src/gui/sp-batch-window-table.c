/* sp-batch-window-table.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The table of a list of targets and what is made from its rows: the
 * columns of the GtkColumnView, the count of targets in a list, and the
 * summary files. */

#define G_LOG_DOMAIN "sp-batch-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-batch-item.h"
#include "sp-batch-window-private.h"
#include "sp-gui-util.h"

/* The columns of the table, in order. */
typedef enum
{
  COLUMN_LINE,
  COLUMN_TARGET,
  COLUMN_OUTCOME,
  COLUMN_REPLY,
  COLUMN_EXPLANATION,
  COLUMN_TIME,
  N_COLUMNS
} Column;

/* The targets of a list, counted as SpBatch reads them: every line that
 * is not blank and does not start with "#" after its blanks, and every
 * line too long to be a target (reported as a bad line). */
guint64
_sp_batch_count_targets (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  const char *end = data + size;
  const char *p = data;
  guint64 n = 0;

  /* Lists saved by Windows editors start with a byte order mark. */
  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    p += 3;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      const char *c = p;

      while (c < line_end && g_ascii_isspace (*c))
        c++;
      if (line_end - p > SP_BATCH_MAX_LINE_LENGTH || (c < line_end && *c != '#'))
        n++;
      p = line_end + 1;
    }

  return n;
}

/* The table */

static int
compare_numbers (gint64 a,
                 gint64 b)
{
  return a < b ? GTK_ORDERING_SMALLER : a > b ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  SpBatchItem *ia = SP_BATCH_ITEM ((gpointer) a);
  SpBatchItem *ib = SP_BATCH_ITEM ((gpointer) b);
  SpBatchResult *ra = sp_batch_item_get_result (ia);
  SpBatchResult *rb = sp_batch_item_get_result (ib);
  int order = GTK_ORDERING_EQUAL;
  Column column = GPOINTER_TO_INT (user_data);

  /* Targets under way have no outcome and no time yet: by either, they
   * come after those that ended, in the order of the list. */
  if ((column == COLUMN_OUTCOME || column == COLUMN_TIME) && (ra == NULL || rb == NULL))
    {
      if (ra != rb)
        return ra == NULL ? GTK_ORDERING_LARGER : GTK_ORDERING_SMALLER;
      column = COLUMN_LINE;
    }

  switch (column)
    {
    case COLUMN_TARGET:
      order = g_utf8_collate (sp_batch_item_get_target (ia), sp_batch_item_get_target (ib));
      break;

    case COLUMN_OUTCOME:
      /* Failures first: what needs a look. */
      order = compare_numbers (sp_batch_result_get_tone (rb), sp_batch_result_get_tone (ra));
      if (order == GTK_ORDERING_EQUAL)
        order = g_utf8_collate (sp_diagnosis_get_batch_outcome (sp_batch_result_get_kind (ra),
                                                                sp_batch_result_get_verdict (ra)),
                                sp_diagnosis_get_batch_outcome (sp_batch_result_get_kind (rb),
                                                                sp_batch_result_get_verdict (rb)));
      break;

    case COLUMN_TIME:
      order = compare_numbers (sp_batch_result_get_elapsed_usec (ra),
                               sp_batch_result_get_elapsed_usec (rb));
      break;

    case COLUMN_LINE:
    default:
      break;
    }

  /* Equal rows stay in the order of the list. */
  if (order == GTK_ORDERING_EQUAL)
    order = compare_numbers (sp_batch_item_get_index (ia), sp_batch_item_get_index (ib));

  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static GtkWidget *
cell_label (gboolean    numeric,
            int         max_width_chars,
            PangoWrapMode wrap_mode)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  else
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), wrap_mode);
      gtk_label_set_max_width_chars (GTK_LABEL (label), max_width_chars);
      gtk_label_set_width_chars (GTK_LABEL (label), MIN (max_width_chars, 12));
    }

  return label;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkWidget *child;

  switch (GPOINTER_TO_INT (user_data))
    {
    case COLUMN_OUTCOME:
      {
        GtkWidget *image = gtk_image_new ();

        /* The words beside it say the outcome; the icon repeats it for the eye. */
        g_object_set (image, "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
        gtk_widget_set_valign (image, GTK_ALIGN_START);
        child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        gtk_widget_add_css_class (child, "batch-outcome");
        gtk_box_append (GTK_BOX (child), image);
        gtk_box_append (GTK_BOX (child), cell_label (FALSE, 18, PANGO_WRAP_WORD));
      }
      break;

    case COLUMN_LINE:
    case COLUMN_TIME:
      child = cell_label (TRUE, 0, PANGO_WRAP_WORD);
      break;

    case COLUMN_TARGET:
      child = cell_label (FALSE, 28, PANGO_WRAP_WORD_CHAR);
      break;

    case COLUMN_REPLY:
      child = cell_label (FALSE, 28, PANGO_WRAP_WORD_CHAR);
      break;

    case COLUMN_EXPLANATION:
    default:
      child = cell_label (FALSE, 60, PANGO_WRAP_WORD);
      break;
    }

  gtk_list_item_set_child (list_item, child);
}

static char *
format_elapsed (const SpBatchResult *result)
{
  gint64 elapsed;

  /* A bad line was not tested. */
  if (sp_batch_result_get_kind (result) == SP_BATCH_TARGET_INVALID)
    return g_strdup ("");

  elapsed = sp_batch_result_get_elapsed_usec (result);
  /* A server on the same network answers within milliseconds: "0.0 s" would say nothing. */
  if (elapsed < G_USEC_PER_SEC)
    /* Translators: the time a target's test took, in milliseconds, as in "35 ms"; not a
     * count: a unit symbol, which does not change with the number. */
    return g_strdup_printf (_("%u ms"), (guint) (elapsed / 1000));

  /* Translators: the time a target's test took, in seconds, as in "2.4 s". */
  return g_strdup_printf (_("%.1f s"), elapsed / (double) G_USEC_PER_SEC);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  SpBatchItem *item = SP_BATCH_ITEM (gtk_list_item_get_item (list_item));
  SpBatchResult *result = sp_batch_item_get_result (item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;
  Column column = GPOINTER_TO_INT (user_data);

  switch (column)
    {
    case COLUMN_LINE:
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, sp_batch_item_get_line (item));
      break;

    case COLUMN_TARGET:
      text = g_strdup (sp_batch_item_get_target (item));
      break;

    case COLUMN_OUTCOME:
      {
        const char *icon_name = "content-loading-symbolic";
        const char *css_class = NULL;

        /* Under way, no tone: nothing is known yet. */
        if (result != NULL)
          sp_gui_tone_style (sp_batch_result_get_tone (result), &icon_name, &css_class);
        sp_gui_swap_css_class (child, sp_gui_tone_classes, css_class);
        gtk_image_set_from_icon_name (GTK_IMAGE (gtk_widget_get_first_child (child)), icon_name);
        child = gtk_widget_get_last_child (child);
        if (result != NULL)
          text = g_strdup (sp_diagnosis_get_batch_outcome (sp_batch_result_get_kind (result),
                                                           sp_batch_result_get_verdict (result)));
        else
          text = g_strdup (sp_diagnosis_get_batch_outcome_under_way ());
      }
      break;

    case COLUMN_REPLY:
      text = g_strdup (result != NULL ? sp_batch_result_get_reply (result) : "");
      break;

    case COLUMN_EXPLANATION:
      text = g_strdup (result != NULL ? sp_batch_result_get_headline (result) : "");
      break;

    case COLUMN_TIME:
    default:
      text = result != NULL ? format_elapsed (result) : g_strdup ("");
      break;
    }

  gtk_label_set_text (GTK_LABEL (child), text);
}

void
_sp_batch_table_setup (GtkColumnView *view,
                       GListModel    *results)
{
  static const struct {
    const char *title;
    gboolean    sortable;
    gboolean    expand;
  } columns[N_COLUMNS] = {
    /* Translators: the heading of the column with the number of a target's line in the list. */
    [COLUMN_LINE] = { N_("Line"), TRUE, FALSE },
    [COLUMN_TARGET] = { N_("Target"), TRUE, FALSE },
    [COLUMN_OUTCOME] = { N_("Outcome"), TRUE, FALSE },
    /* Translators: the heading of the column with the server's reply that decided the outcome. */
    [COLUMN_REPLY] = { N_("Deciding Reply"), FALSE, FALSE },
    [COLUMN_EXPLANATION] = { N_("Explanation"), FALSE, TRUE },
    [COLUMN_TIME] = { N_("Time"), TRUE, FALSE },
  };
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkColumnViewColumn *line_column = NULL;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(columns[i].title), g_steal_pointer (&factory));
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (columns[i].sortable)
        {
          g_autoptr(GtkSorter) sorter =
            GTK_SORTER (gtk_custom_sorter_new (compare_cb, GINT_TO_POINTER (i), NULL));

          gtk_column_view_column_set_sorter (column, sorter);
        }
      gtk_column_view_append_column (view, column);
      if (i == COLUMN_LINE)
        line_column = column;
    }

  sorted = gtk_sort_list_model_new (g_object_ref (results),
                                    g_object_ref (gtk_column_view_get_sorter (view)));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&sorted)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  /* The order of the list, until a heading is clicked. */
  gtk_column_view_sort_by_column (view, line_column, GTK_SORT_ASCENDING);
}

static gint
compare_index (gconstpointer a,
               gconstpointer b)
{
  const SpBatchResult *ra = *(SpBatchResult * const *) a;
  const SpBatchResult *rb = *(SpBatchResult * const *) b;

  return compare_numbers (sp_batch_result_get_index (ra), sp_batch_result_get_index (rb));
}

GPtrArray *
_sp_batch_dup_rows (GListModel *results)
{
  guint n = g_list_model_get_n_items (results);
  GPtrArray *rows = g_ptr_array_new_full (n, (GDestroyNotify) sp_batch_result_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpBatchItem) item = g_list_model_get_item (results, i);
      SpBatchResult *result = sp_batch_item_get_result (item);

      /* A summary holds the targets that ended. */
      if (result != NULL)
        g_ptr_array_add (rows, sp_batch_result_ref (result));
    }
  g_ptr_array_sort (rows, compare_index);

  return rows;
}

gboolean
_sp_batch_write_summary (SpBatchReport       *report,
                         GPtrArray           *rows,
                         const SpBatchTally  *tally,
                         GError             **error)
{
  for (guint i = 0; i < rows->len; i++)
    if (!sp_batch_report_add (report, g_ptr_array_index (rows, i), error))
      return FALSE;

  return sp_batch_report_finish (report, tally, error);
}

GBytes *
_sp_batch_dup_summary (GPtrArray           *rows,
                       const SpBatchTally  *tally,
                       SpBatchFormat        format,
                       GError             **error)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(SpBatchReport) report = sp_batch_report_new (format, stream);

  if (!_sp_batch_write_summary (report, rows, tally, error))
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

gboolean
_sp_batch_format_from_string (const char    *text,
                              SpBatchFormat *format)
{
  if (g_strcmp0 (text, "text") == 0)
    *format = SP_BATCH_FORMAT_TEXT;
  else if (g_strcmp0 (text, "csv") == 0)
    *format = SP_BATCH_FORMAT_CSV;
  else if (g_strcmp0 (text, "json") == 0)
    *format = SP_BATCH_FORMAT_JSON;
  else
    return FALSE;

  return TRUE;
}

/* "customers-results.csv" beside "customers.txt". */
char *
_sp_batch_suggest_file_name (GFile         *list,
                             SpBatchFormat  format)
{
  static const char * const extensions[] = {
    [SP_BATCH_FORMAT_TEXT] = "txt",
    [SP_BATCH_FORMAT_CSV] = "csv",
    [SP_BATCH_FORMAT_JSON] = "json",
  };
  g_autofree char *base = list != NULL ? g_file_get_basename (list) : g_strdup ("list");
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';

  /* Translators: the file name offered for the summary of a list; %s is the list's name
   * without its extension, %s after the dot the format's extension (txt, csv, json). */
  return g_strdup_printf (_("%s-results.%s"), base, extensions[format]);
}

