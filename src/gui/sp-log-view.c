/* sp-log-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-log-view"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-compat.h"
#include "sp-diagnosis.h"
#include "sp-log-view.h"
#include "sp-scroll-follow.h"

/* Batches keep a flood of lines from costing one relayout each; a batch stops after
 * FLUSH_BUDGET_US, checked every FLUSH_STEP lines, so that a flood never holds a frame
 * up for long (bench/log-scale). */
#define FLUSH_INTERVAL_MS   40
#define MAX_LINES_PER_FLUSH 1000
#define FLUSH_STEP          25
#define FLUSH_BUDGET_US     8000
/* Trim in chunks, so the buffer is not cut on every single line at the cap. */
#define TRIM_CHUNK          500

/* The key below the log, in its order. Text tags take no CSS, so each item's tags borrow
 * the colour style.css gives its label's class: the theme (light, dark, high contrast)
 * stays the only source of colour. A reply class is said by its symbol, its codes and its
 * label; the app's own lines by a symbol and a text. */
static const struct
{
  const char   *css_class;
  const char   *tags[3];    /* NULL-terminated */
  SpReplyClass  klass;
  const char   *symbol;     /* for SP_REPLY_CLASS_LOCAL */
  const char   *text;       /* for SP_REPLY_CLASS_LOCAL */
} legend_items[] = {
  /* Translators: the key of the log's line marks "C:" and "S:" (RFC 5321's notation). */
  { "log-client", { NULL }, SP_REPLY_CLASS_LOCAL, "C:", N_("sent by SMTP Probe") },
  { "log-server", { NULL }, SP_REPLY_CLASS_LOCAL, "S:", N_("the server’s reply:") },
  { "reply-success", { SP_LOG_TAG_SUCCESS, NULL }, SP_REPLY_CLASS_SUCCESS, NULL, NULL },
  { "reply-intermediate", { SP_LOG_TAG_INTERMEDIATE, NULL }, SP_REPLY_CLASS_INTERMEDIATE,
    NULL, NULL },
  { "reply-transient", { SP_LOG_TAG_TRANSIENT, NULL }, SP_REPLY_CLASS_TRANSIENT, NULL, NULL },
  { "reply-permanent", { SP_LOG_TAG_PERMANENT, NULL }, SP_REPLY_CLASS_PERMANENT, NULL, NULL },
  { "log-note", { SP_LOG_TAG_NOTE, SP_LOG_TAG_TIME, NULL }, SP_REPLY_CLASS_LOCAL, "--",
    N_("note") },
  { "log-error", { SP_LOG_TAG_ERROR, NULL }, SP_REPLY_CLASS_LOCAL, "!!",
    N_("problem on this side") },
};

struct _SpLogView
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkBox         *box;
  GtkFlowBox     *legend;
  GtkScrolledWindow *scroller;
  GtkTextView    *text_view;

  /* borrowed references: the labels of legend_items, in the legend */
  GtkWidget      *legend_labels[G_N_ELEMENTS (legend_items)];

  /* owned references */
  SpTranscript   *transcript;
  GArray         *pending;        /* guint entry indexes */
  GQueue         *explanations;   /* Explanation, in entry order */
  GArray         *steps_done;     /* guint per attempt: its ended steps looked at */

  /* borrowed references */
  GtkSettings    *settings;

  /* state */
  gulong          entry_added_id;
  gulong          attempt_changed_id;
  gulong          verdict_id;
  guint           flush_id;
  guint           colors_id;
  guint           n_lines;        /* lines in the buffer, without the header */
  guint           n_dropped;
  int             last_attempt;   /* of the line appended last, -1: none */
  gboolean        has_header;
};

G_DEFINE_FINAL_TYPE (SpLogView, sp_log_view, GTK_TYPE_WIDGET)

const char *
sp_log_view_class_symbol (SpReplyClass klass)
{
  /* Shapes that differ without colour: a tick, an arrow, a warning sign, a cross. */
  switch (sp_diagnosis_get_reply_tone (klass))
    {
    case SP_TONE_SUCCESS:      return "✔";
    case SP_TONE_INTERMEDIATE: return "➜";
    case SP_TONE_TEMPORARY:    return "⚠";
    case SP_TONE_FAILURE:      return "✖";
    case SP_TONE_NEUTRAL:
    case SP_TONE_CANCELLED:
    default:                   return "·";
    }
}

const char *
sp_log_view_tone_tag (SpTone tone)
{
  switch (tone)
    {
    case SP_TONE_SUCCESS:      return SP_LOG_TAG_SUCCESS;
    case SP_TONE_INTERMEDIATE: return SP_LOG_TAG_INTERMEDIATE;
    case SP_TONE_TEMPORARY:    return SP_LOG_TAG_TRANSIENT;
    case SP_TONE_FAILURE:      return SP_LOG_TAG_PERMANENT;
    case SP_TONE_NEUTRAL:
    case SP_TONE_CANCELLED:
    default:                   return NULL;
    }
}

const char *
sp_log_view_tag_for_entry (const SpTranscriptEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  switch (entry->direction)
    {
    case SP_DIRECTION_CLIENT:
      return SP_LOG_TAG_CLIENT;

    case SP_DIRECTION_SERVER:
      {
        const char *tag = sp_log_view_tone_tag (sp_diagnosis_get_reply_tone (entry->klass));

        return tag != NULL ? tag : SP_LOG_TAG_NOTE;
      }

    case SP_DIRECTION_NOTE:
    default:
      return entry->is_error ? SP_LOG_TAG_ERROR : SP_LOG_TAG_NOTE;
    }
}

/* The last line of a reply has a space (or nothing) after the code; the others "-". */
static gboolean
is_last_reply_line (const char *text)
{
  return !(g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
           g_ascii_isdigit (text[2]) && text[3] == '-');
}

static void
set_tag_color (SpLogView  *self,
               const char *tag_name,
               GtkWidget  *source)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, tag_name);
  GdkRGBA color;

  sp_compat_widget_get_color (source, &color);
  g_object_set (tag, "foreground-rgba", &color, NULL);
}

static void
sp_log_view_update_colors (SpLogView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (legend_items); i++)
    for (guint j = 0; legend_items[i].tags[j] != NULL; j++)
      set_tag_color (self, legend_items[i].tags[j], self->legend_labels[i]);
}

static void
sp_log_view_update_indent (SpLogView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  g_autoptr(PangoLayout) layout = NULL;
  int width = 0;

  /* Wrapped lines start under the text, not under the time: a negative indent leaves
   * the first line of a paragraph at the margin and indents the others. */
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->text_view), "00:00:00 S: ");
  pango_layout_get_pixel_size (layout, &width, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "line"), "indent", -width, NULL);
}

static gboolean
update_style_cb (gpointer user_data)
{
  SpLogView *self = user_data;

  self->colors_id = 0;
  sp_log_view_update_colors (self);
  sp_log_view_update_indent (self);

  return G_SOURCE_REMOVE;
}

static void
settings_changed_cb (SpLogView  *self,
                     GParamSpec *pspec,
                     GtkSettings *settings)
{
  /* The new theme is in place once this notification is over. */
  if (self->colors_id == 0)
    self->colors_id = g_idle_add (update_style_cb, self);
}

/* An explanation waits until the entry it follows is shown. */
typedef struct
{
  guint  after_index;
  char  *text;
} Explanation;

static void
explanation_free (Explanation *explanation)
{
  g_free (explanation->text);
  g_free (explanation);
}

/* Takes @explanation, which may be NULL. */
static void
queue_explanation (SpLogView     *self,
                   SpExplanation *explanation)
{
  g_autoptr(SpExplanation) owned = explanation;
  Explanation *item;
  guint n_entries = sp_transcript_get_n_entries (self->transcript);

  if (explanation == NULL || n_entries == 0)
    return;

  /* The text view wraps lines itself: a wide width keeps each item on one
   * paragraph, and the tag's margin indents it under the reply. */
  item = g_new0 (Explanation, 1);
  item->after_index = n_entries - 1;
  item->text = sp_explanation_format_text (explanation, "", 400, NULL, NULL);
  g_queue_push_tail (self->explanations, item);
}

static void
append_explanation (SpLogView     *self,
                    GtkTextBuffer *buffer,
                    GtkTextIter   *iter,
                    const char    *text)
{
  g_autofree char *body = g_strchomp (g_strdup (text));
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);

  /* The text view wraps and indents, so each line goes in without the plain
   * text's leading blanks: a bullet hangs from its own tag instead. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *tag = SP_LOG_TAG_EXPLANATION;

      while (*line == ' ')
        line++;
      if (g_str_has_prefix (line, "•"))
        tag = "explanation-item";

      gtk_text_buffer_insert_with_tags_by_name (buffer, iter, line, -1,
                                                SP_LOG_TAG_EXPLANATION, tag, NULL);
      gtk_text_buffer_insert_with_tags_by_name (buffer, iter, "\n", 1,
                                                SP_LOG_TAG_EXPLANATION, tag, NULL);
      self->n_lines++;
    }
}

static void
attempt_changed_cb (SpLogView    *self,
                    SpAttempt    *attempt,
                    SpTranscript *transcript)
{
  guint index = sp_attempt_get_index (attempt);

  /* A failing step is explained once, as soon as it ends, right under the
   * reply or the error that ended it. Steps end in order: each attempt
   * goes on from the first step not looked at. */
  if (self->steps_done->len <= index)
    g_array_set_size (self->steps_done, index + 1);

  for (guint *done = &g_array_index (self->steps_done, guint, index);
       *done < sp_attempt_get_n_steps (attempt); (*done)++)
    {
      SpStepRecord *step = sp_attempt_get_step (attempt, *done);
      SpStep kind = sp_step_record_get_step (step);

      if (sp_step_record_get_running (step))
        break;

      if (kind == SP_STEP_RSET || kind == SP_STEP_QUIT || !sp_diagnosis_step_failed (step))
        continue;

      queue_explanation (self, sp_diagnosis_explain_attempt_step (attempt, step));
    }
}

static void
verdict_changed_cb (SpLogView    *self,
                    GParamSpec   *pspec,
                    SpTranscript *transcript)
{
  /* A failed lookup has no step to hang its explanation on. */
  if (sp_transcript_get_verdict (transcript) != SP_VERDICT_DNS_FAILED ||
      sp_transcript_get_n_attempts (transcript) > 0)
    return;

  queue_explanation (self, sp_diagnosis_explain_transcript (transcript));
}

static void
append_entry (SpLogView               *self,
              GtkTextBuffer           *buffer,
              GtkTextIter             *iter,
              const SpTranscriptEntry *entry)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (entry->wall);
  g_autofree char *time = g_date_time_format (local, "%H:%M:%S ");
  const char *tag = sp_log_view_tag_for_entry (entry);
  GtkTextIter start;
  int start_offset;

  start_offset = gtk_text_iter_get_offset (iter);

  gtk_text_buffer_insert_with_tags_by_name (buffer, iter, time, -1, SP_LOG_TAG_TIME, NULL);
  /* The mark every log and export uses ("C:", "S:", "--", "!!"), then a space. */
  gtk_text_buffer_insert_with_tags_by_name (buffer, iter, sp_transcript_entry_get_marker (entry),
                                            -1, tag, SP_LOG_TAG_CLASS_LABEL, NULL);
  gtk_text_buffer_insert_with_tags_by_name (buffer, iter, " ", -1, tag, NULL);
  gtk_text_buffer_insert_with_tags_by_name (buffer, iter, entry->text, -1, tag, NULL);

  if (entry->direction == SP_DIRECTION_SERVER && is_last_reply_line (entry->text))
    {
      g_autofree char *label = g_strdup_printf ("  %s %s",
                                                sp_log_view_class_symbol (entry->klass),
                                                sp_reply_class_get_label (entry->klass));

      gtk_text_buffer_insert_with_tags_by_name (buffer, iter, label, -1,
                                                tag, SP_LOG_TAG_CLASS_LABEL, NULL);
    }

  gtk_text_buffer_insert (buffer, iter, "\n", 1);

  gtk_text_buffer_get_iter_at_offset (buffer, &start, start_offset);
  gtk_text_buffer_apply_tag_by_name (buffer, "line", &start, iter);

  self->n_lines++;
}

/* Attempts that run at once (every mail server tested) write their lines
 * as they come: a heading names the server whenever the lines switch to
 * one while another is still under way. */
static void
append_switch_heading (SpLogView               *self,
                       GtkTextBuffer           *buffer,
                       GtkTextIter             *iter,
                       const SpTranscriptEntry *entry)
{
  SpAttempt *previous;
  SpAttempt *attempt;
  g_autofree char *host = NULL;
  g_autofree char *heading = NULL;

  if (entry->attempt < 0 || entry->attempt == self->last_attempt)
    return;

  previous = self->last_attempt >= 0
             ? sp_transcript_get_attempt (self->transcript, self->last_attempt) : NULL;
  self->last_attempt = entry->attempt;
  /* The server before goes on after this line: under way now, or with
   * lines further down in a log shown after the test. */
  if (previous == NULL ||
      (sp_attempt_get_state (previous) == SP_ATTEMPT_STATE_DONE &&
       sp_attempt_get_entry (previous, sp_attempt_get_n_entries (previous) - 1)->index <
         entry->index))
    return;

  attempt = sp_transcript_get_attempt (self->transcript, entry->attempt);
  host = sp_transcript_escape_text (sp_attempt_get_host (attempt), -1);
  /* Translators: a heading in the log when the lines of several servers
   * tested at once alternate: "▸ mx2.example.test (127.0.0.2)" */
  heading = g_strdup_printf (_("▸ %s (%s)\n"), host, sp_attempt_get_address (attempt));
  gtk_text_buffer_insert_with_tags_by_name (buffer, iter, heading, -1, SP_LOG_TAG_NOTE, NULL);
  self->n_lines++;
}

static void
sp_log_view_trim (SpLogView     *self,
                  GtkTextBuffer *buffer)
{
  g_autofree char *header = NULL;
  GtkTextIter start;
  GtkTextIter end;
  guint first_line;
  guint n_remove;

  if (self->n_lines <= SP_LOG_VIEW_MAX_LINES + TRIM_CHUNK)
    return;

  n_remove = self->n_lines - SP_LOG_VIEW_MAX_LINES;
  first_line = self->has_header ? 1 : 0;

  gtk_text_buffer_get_iter_at_line (buffer, &start, first_line);
  gtk_text_buffer_get_iter_at_line (buffer, &end, first_line + n_remove);
  gtk_text_buffer_delete (buffer, &start, &end);
  self->n_lines -= n_remove;
  self->n_dropped += n_remove;

  /* Say what is missing where it is missing, and where to find it. */
  if (self->has_header)
    {
      gtk_text_buffer_get_start_iter (buffer, &start);
      end = start;
      gtk_text_iter_forward_line (&end);
      gtk_text_buffer_delete (buffer, &start, &end);
    }

  header = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "… %u earlier line is not shown here; Export and Copy "
                                         "include the whole log.\n",
                                         "… %u earlier lines are not shown here; Export and Copy "
                                         "include the whole log.\n",
                                         self->n_dropped),
                            self->n_dropped);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &start, header, -1, SP_LOG_TAG_NOTE, NULL);
  self->has_header = TRUE;
}

static gboolean flush_cb (gpointer user_data);

static void
sp_log_view_flush_some (SpLogView *self,
                        guint      max_lines)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter iter;
  guint n;

  if (self->transcript == NULL || self->pending->len == 0)
    return;

  n = MIN (self->pending->len, max_lines);
  gtk_text_buffer_get_end_iter (buffer, &iter);
  for (guint i = 0; i < n; i++)
    {
      guint index = g_array_index (self->pending, guint, i);

      const SpTranscriptEntry *entry = sp_transcript_get_entry (self->transcript, index);

      append_switch_heading (self, buffer, &iter, entry);
      append_entry (self, buffer, &iter, entry);

      while (!g_queue_is_empty (self->explanations) &&
             ((Explanation *)g_queue_peek_head (self->explanations))->after_index <= index)
        {
          Explanation *item = g_queue_pop_head (self->explanations);

          append_explanation (self, buffer, &iter, item->text);
          explanation_free (item);
        }
    }
  g_array_remove_range (self->pending, 0, n);

  sp_log_view_trim (self, buffer);
}

static gboolean
flush_cb (gpointer user_data)
{
  SpLogView *self = user_data;
  gint64 started = g_get_monotonic_time ();

  for (guint done = 0;
       done < MAX_LINES_PER_FLUSH && self->pending->len > 0 &&
       g_get_monotonic_time () - started < FLUSH_BUDGET_US;
       done += FLUSH_STEP)
    sp_log_view_flush_some (self, FLUSH_STEP);

  if (self->pending->len > 0)
    return G_SOURCE_CONTINUE;

  self->flush_id = 0;
  return G_SOURCE_REMOVE;
}

static void
entry_added_cb (SpLogView               *self,
                const SpTranscriptEntry *entry,
                SpTranscript            *transcript)
{
  g_array_append_val (self->pending, entry->index);

  if (self->flush_id == 0)
    self->flush_id = g_timeout_add (FLUSH_INTERVAL_MS, flush_cb, self);
}

static void
sp_log_view_disconnect (SpLogView *self)
{
  if (self->transcript != NULL)
    {
      g_clear_signal_handler (&self->entry_added_id, self->transcript);
      g_clear_signal_handler (&self->attempt_changed_id, self->transcript);
      g_clear_signal_handler (&self->verdict_id, self->transcript);
    }
  g_queue_clear_full (self->explanations, (GDestroyNotify)explanation_free);
  g_array_set_size (self->steps_done, 0);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_array_set_size (self->pending, 0);
}

static void
sp_log_view_root (GtkWidget *widget)
{
  SpLogView *self = SP_LOG_VIEW (widget);

  GTK_WIDGET_CLASS (sp_log_view_parent_class)->root (widget);

  self->settings = gtk_widget_get_settings (widget);
  g_signal_connect_object (self->settings, "notify::gtk-application-prefer-dark-theme",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::gtk-theme-name",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::gtk-font-name",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
sp_log_view_unroot (GtkWidget *widget)
{
  SpLogView *self = SP_LOG_VIEW (widget);

  if (self->settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings, self);
      self->settings = NULL;
    }

  GTK_WIDGET_CLASS (sp_log_view_parent_class)->unroot (widget);
}

static void
sp_log_view_map (GtkWidget *widget)
{
  SpLogView *self = SP_LOG_VIEW (widget);

  GTK_WIDGET_CLASS (sp_log_view_parent_class)->map (widget);

  sp_log_view_update_colors (self);
  sp_log_view_update_indent (self);
}

static void
sp_log_view_dispose (GObject *object)
{
  SpLogView *self = SP_LOG_VIEW (object);

  sp_log_view_disconnect (self);
  g_clear_object (&self->transcript);
  g_clear_handle_id (&self->colors_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_LOG_VIEW);

  G_OBJECT_CLASS (sp_log_view_parent_class)->dispose (object);
}

static void
sp_log_view_finalize (GObject *object)
{
  SpLogView *self = SP_LOG_VIEW (object);

  g_clear_pointer (&self->pending, g_array_unref);
  g_queue_free_full (self->explanations, (GDestroyNotify)explanation_free);
  g_clear_pointer (&self->steps_done, g_array_unref);

  G_OBJECT_CLASS (sp_log_view_parent_class)->finalize (object);
}

static void
sp_log_view_class_init (SpLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_log_view_dispose;
  object_class->finalize = sp_log_view_finalize;

  widget_class->root = sp_log_view_root;
  widget_class->unroot = sp_log_view_unroot;
  widget_class->map = sp_log_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/smtpprobe/SmtpProbe/sp-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpLogView, box);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, legend);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, SpLogView, text_view);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "logview");
}

static void
add_legend_items (SpLogView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (legend_items); i++)
    {
      SpReplyClass klass = legend_items[i].klass;
      g_autofree char *text = NULL;
      GtkWidget *label;

      if (klass == SP_REPLY_CLASS_LOCAL)
        text = g_strdup_printf ("%s %s", legend_items[i].symbol, _(legend_items[i].text));
      else
        /* "✔ 2xx success": the symbol, the codes of the class and its name. */
        text = g_strdup_printf ("%s %dxx %s", sp_log_view_class_symbol (klass), (int) klass,
                                sp_reply_class_get_label (klass));

      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_add_css_class (label, legend_items[i].css_class);
      gtk_flow_box_append (self->legend, label);
      self->legend_labels[i] = label;
    }
}

static void
sp_log_view_init (SpLogView *self)
{
  GtkTextBuffer *buffer;

  self->pending = g_array_new (FALSE, FALSE, sizeof (guint));
  self->last_attempt = -1;
  self->explanations = g_queue_new ();
  self->steps_done = g_array_new (FALSE, TRUE, sizeof (guint));

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_create_tag (buffer, "line", NULL);
  gtk_text_buffer_create_tag (buffer, SP_LOG_TAG_TIME, NULL);
  gtk_text_buffer_create_tag (buffer, SP_LOG_TAG_NOTE, NULL);
  gtk_text_buffer_create_tag (buffer, SP_LOG_TAG_ERROR, "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, SP_LOG_TAG_CLIENT, "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, SP_LOG_TAG_SUCCESS, NULL);
  gtk_text_buffer_create_tag (buffer, SP_LOG_TAG_INTERMEDIATE, NULL);
  gtk_text_buffer_create_tag (buffer, SP_LOG_TAG_TRANSIENT, NULL);
  gtk_text_buffer_create_tag (buffer, SP_LOG_TAG_PERMANENT, NULL);
  gtk_text_buffer_create_tag (buffer, SP_LOG_TAG_CLASS_LABEL, "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, SP_LOG_TAG_EXPLANATION,
                              "style", PANGO_STYLE_ITALIC,
                              "left-margin", 48,
                              "indent", 0,
                              "pixels-below-lines", 2,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "explanation-item",
                              "left-margin", 72,
                              "indent", -14,
                              NULL);

  /* New lines stay in view unless the reader scrolls up to older ones. */
  sp_scroll_follow_attach (self->scroller);

  add_legend_items (self);

  /* The key is read, not visited: keep it out of the Tab order. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->legend));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}

GtkWidget *
sp_log_view_new (void)
{
  return g_object_new (SP_TYPE_LOG_VIEW, NULL);
}

SpTranscript *
sp_log_view_get_transcript (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), NULL);

  return self->transcript;
}

void
sp_log_view_set_transcript (SpLogView    *self,
                            SpTranscript *transcript)
{
  GtkTextBuffer *buffer;
  guint n;

  g_return_if_fail (SP_IS_LOG_VIEW (self));
  g_return_if_fail (!transcript || SP_IS_TRANSCRIPT (transcript));

  if (self->transcript == transcript)
    return;

  sp_log_view_disconnect (self);
  g_set_object (&self->transcript, transcript);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_text (buffer, "", 0);
  self->n_lines = 0;
  self->n_dropped = 0;
  self->last_attempt = -1;
  self->has_header = FALSE;
  sp_scroll_follow_reset (self->scroller);

  if (transcript == NULL)
    return;

  n = sp_transcript_get_n_entries (transcript);
  for (guint i = 0; i < n; i++)
    g_array_append_val (self->pending, i);

  /* Steps that ended before the view saw them have no place in the stream
   * of entries any more; the result page explains what decided the test. */
  g_array_set_size (self->steps_done, sp_transcript_get_n_attempts (transcript));
  for (guint i = 0; i < self->steps_done->len; i++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (transcript, i);
      guint *done = &g_array_index (self->steps_done, guint, i);

      while (*done < sp_attempt_get_n_steps (attempt) &&
             !sp_step_record_get_running (sp_attempt_get_step (attempt, *done)))
        (*done)++;
    }

  self->entry_added_id = g_signal_connect_object (transcript, "entry-added",
                                                  G_CALLBACK (entry_added_cb), self,
                                                  G_CONNECT_SWAPPED);
  self->attempt_changed_id = g_signal_connect_object (transcript, "attempt-changed",
                                                      G_CALLBACK (attempt_changed_cb), self,
                                                      G_CONNECT_SWAPPED);
  self->verdict_id = g_signal_connect_object (transcript, "notify::verdict",
                                              G_CALLBACK (verdict_changed_cb), self,
                                              G_CONNECT_SWAPPED);
  if (n > 0)
    self->flush_id = g_timeout_add (0, flush_cb, self);
}

GtkTextBuffer *
sp_log_view_get_buffer (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), NULL);

  return gtk_text_view_get_buffer (self->text_view);
}

void
sp_log_view_flush (SpLogView *self)
{
  g_return_if_fail (SP_IS_LOG_VIEW (self));

  sp_log_view_flush_some (self, G_MAXUINT);
  g_clear_handle_id (&self->flush_id, g_source_remove);
}

guint
sp_log_view_get_n_pending (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), 0);

  return self->pending->len;
}

guint
sp_log_view_get_n_dropped (SpLogView *self)
{
  g_return_val_if_fail (SP_IS_LOG_VIEW (self), 0);

  return self->n_dropped;
}
