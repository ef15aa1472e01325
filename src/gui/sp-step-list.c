/* sp-step-list.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-step-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-gui-util.h"
#include "sp-log-view.h"
#include "sp-step-list.h"

/* How often the time of a running step moves on. */
#define TICK_MS 200

typedef enum
{
  STEP_WAITING,
  STEP_RUNNING,
  STEP_DONE,
  STEP_WARNING,
  STEP_FAILED,
  STEP_NOT_REACHED,
} StepState;

typedef struct
{
  GtkWidget *row;
  GtkWidget *icon;
  GtkWidget *spinner;
  GtkWidget *title;
  GtkWidget *detail;
  GtkWidget *elapsed;
  SpStep     step;     /* SP_STEP_NONE for an attempt's heading */
} Row;

struct _SpStepList
{
  GtkWidget      parent_instance;

  /* owned widgets */
  GtkWidget     *list;

  /* owned references */
  SpTranscript  *transcript;
  GPtrArray     *rows;            /* Row, in list order */
  GArray        *attempt_starts;  /* guint: index into rows of each attempt's heading */

  /* state */
  gint64         dns_started;
  gint64         dns_ended;
  gboolean       dns_used;
  guint          tick_id;
  guint          update_id;
};

G_DEFINE_FINAL_TYPE (SpStepList, sp_step_list, GTK_TYPE_WIDGET)

static void
row_free (Row *row)
{
  g_free (row);
}

static char *
format_elapsed (gint64 usec)
{
  if (usec < 0)
    return g_strdup ("");
  if (usec < 10 * G_USEC_PER_SEC)
    /* Translators: a duration in seconds, with two decimals */
    return g_strdup_printf (_("%.2f s"), usec / (double) G_USEC_PER_SEC);

  return g_strdup_printf (_("%.1f s"), usec / (double) G_USEC_PER_SEC);
}

/* A left-aligned text of @css_class at the end of @box; long host names
 * and replies wrap within words too. */
static GtkWidget *
append_text_label (GtkWidget  *box,
                   const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);

  return label;
}

static Row *
create_row (SpStepList *self,
            gboolean    heading,
            int         position)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *box;
  GtkWidget *texts;
  GtkWidget *line;

  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row->row), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);

  if (heading)
    {
      gtk_widget_add_css_class (row->row, "attempt-heading");
      texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_hexpand (texts, TRUE);
      gtk_box_append (GTK_BOX (box), texts);

      row->title = append_text_label (texts, "heading");
      row->detail = append_text_label (texts, "caption");
      gtk_widget_add_css_class (row->detail, "dim-label");
    }
  else
    {
      GtkWidget *status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      gtk_widget_set_valign (status, GTK_ALIGN_START);
      gtk_widget_set_size_request (status, 16, 16);
      gtk_box_append (GTK_BOX (box), status);

      row->icon = gtk_image_new ();
      gtk_box_append (GTK_BOX (status), row->icon);
      row->spinner = gtk_spinner_new ();
      gtk_widget_set_visible (row->spinner, FALSE);
      gtk_box_append (GTK_BOX (status), row->spinner);

      texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_hexpand (texts, TRUE);
      gtk_box_append (GTK_BOX (box), texts);

      line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_box_append (GTK_BOX (texts), line);

      row->title = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (row->title), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (row->title), TRUE);
      gtk_widget_set_hexpand (row->title, TRUE);
      gtk_box_append (GTK_BOX (line), row->title);

      row->elapsed = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (row->elapsed), 1.0f);
      gtk_widget_set_valign (row->elapsed, GTK_ALIGN_START);
      gtk_widget_add_css_class (row->elapsed, "numeric");
      gtk_widget_add_css_class (row->elapsed, "dim-label");
      gtk_box_append (GTK_BOX (line), row->elapsed);

      row->detail = append_text_label (texts, "caption");
      gtk_label_set_lines (GTK_LABEL (row->detail), 3);
      gtk_label_set_ellipsize (GTK_LABEL (row->detail), PANGO_ELLIPSIZE_END);
    }

  gtk_list_box_insert (GTK_LIST_BOX (self->list), row->row, position);

  return row;
}

static void
set_row_step (Row        *row,
              SpStep      step,
              StepState   state,
              const char *detail,
              const char *detail_class,
              gint64      elapsed)
{
  static const char * const state_classes[] = {
    "waiting", "running", "done", "warning", "failed", "not-reached", NULL
  };
  static const char * const detail_classes[] = {
    SP_LOG_TAG_SUCCESS, SP_LOG_TAG_INTERMEDIATE, SP_LOG_TAG_TRANSIENT, SP_LOG_TAG_PERMANENT,
    SP_LOG_TAG_ERROR, NULL
  };
  g_autofree char *time = format_elapsed (elapsed);
  g_autofree char *accessible = NULL;
  const char *icon = NULL;
  const char *state_word = NULL;

  row->step = step;
  gtk_label_set_text (GTK_LABEL (row->title), sp_step_get_label (step));

  switch (state)
    {
    case STEP_WAITING:
      icon = "content-loading-symbolic";
      state_word = _("Waiting");
      break;

    case STEP_RUNNING:
      state_word = _("Running");
      break;

    case STEP_DONE:
      icon = "emblem-ok-symbolic";
      state_word = _("Done");
      break;

    case STEP_WARNING:
      icon = "dialog-warning-symbolic";
      state_word = _("Temporary failure");
      break;

    case STEP_FAILED:
      icon = "dialog-error-symbolic";
      state_word = _("Failed");
      break;

    case STEP_NOT_REACHED:
    default:
      /* No icon: the dimmed words say it, and a column of symbols would shout. */
      icon = NULL;
      state_word = _("Not reached");
      break;
    }

  if (state == STEP_RUNNING)
    {
      gtk_widget_set_visible (row->icon, FALSE);
      gtk_widget_set_visible (row->spinner, TRUE);
      gtk_spinner_start (GTK_SPINNER (row->spinner));
    }
  else
    {
      gtk_spinner_stop (GTK_SPINNER (row->spinner));
      gtk_widget_set_visible (row->spinner, FALSE);
      gtk_widget_set_visible (row->icon, icon != NULL);
      gtk_image_set_from_icon_name (GTK_IMAGE (row->icon), icon);
    }

  sp_gui_swap_css_class (row->row, state_classes, state_classes[state]);

  gtk_label_set_text (GTK_LABEL (row->detail), detail != NULL ? detail : state_word);
  /* Long error messages stay readable in full as a tooltip and in the log. */
  gtk_widget_set_tooltip_text (row->detail, detail);
  sp_gui_swap_css_class (row->detail, detail_classes, detail_class);
  if (detail_class == NULL)
    gtk_widget_add_css_class (row->detail, "dim-label");
  else
    gtk_widget_remove_css_class (row->detail, "dim-label");

  gtk_label_set_text (GTK_LABEL (row->elapsed), time);

  /* The state is said in words, not only shown by the icon and its colour. */
  accessible = g_strdup_printf ("%s: %s%s%s", sp_step_get_label (step),
                                detail != NULL ? detail : state_word,
                                *time != '\0' ? ", " : "", time);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/* The order of a session that goes well; steps outside it (HELO, STARTTLS,
 * the TLS handshake of implicit TLS, AUTH, RSET) are shown where they
 * happen. */
static int
planned_position (SpStep step)
{
  switch (step)
    {
    case SP_STEP_CONNECT:
    case SP_STEP_TLS:      return 0;
    case SP_STEP_BANNER:   return 1;
    case SP_STEP_EHLO:
    case SP_STEP_HELO:
    case SP_STEP_STARTTLS:
    case SP_STEP_AUTH:     return 2;
    case SP_STEP_MAIL:     return 3;
    case SP_STEP_RCPT:     return 4;
    case SP_STEP_DATA:     return 5;
    case SP_STEP_MESSAGE:  return 6;
    case SP_STEP_RSET:
    case SP_STEP_QUIT:     return 7;
    case SP_STEP_NONE:
    case SP_STEP_DNS:
    case SP_STEP_OTHER:
    default:               return -1;
    }
}

typedef struct
{
  SpStep                  step;
  SpStepRecord *record;   /* NULL for a step that did not happen (yet) */
  gboolean                skipped;  /* passed over: later steps have happened */
} Item;

static gboolean
has_step (SpAttempt *attempt,
          SpStep                     step)
{
  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    if (sp_step_record_get_step (sp_attempt_get_step (attempt, i)) == step)
      return TRUE;

  return FALSE;
}

static GArray *
attempt_items (SpStepList                *self,
               SpAttempt *attempt,
               gboolean                   last)
{
  static const SpStep planned[] = {
    SP_STEP_CONNECT, SP_STEP_BANNER, SP_STEP_EHLO, SP_STEP_MAIL, SP_STEP_RCPT,
    SP_STEP_DATA, SP_STEP_MESSAGE, SP_STEP_QUIT,
  };
  GArray *items = g_array_new (FALSE, FALSE, sizeof (Item));
  gboolean check_only = sp_transcript_get_check_only (self->transcript);

  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    {
      SpStepRecord *record = sp_attempt_get_step (attempt, i);
      Item item = { sp_step_record_get_step (record), record, FALSE };

      g_array_append_val (items, item);
    }

  /* An earlier server that was given up on only shows what happened there; the steps
   * it did not reach belong to the server that is tried now. */
  if (!last && sp_attempt_get_verdict (attempt) != SP_VERDICT_NONE)
    return items;

  /* The steps of a whole session that did not happen go where they belong: before a
   * later step that happened they were passed over (DATA after a refused RCPT, before
   * QUIT); after the last one they are still to come, or were never reached. */
  for (guint i = 0; i < G_N_ELEMENTS (planned); i++)
    {
      Item item = { planned[i], NULL, FALSE };
      guint at = items->len;

      if (has_step (attempt, planned[i]))
        continue;
      if (check_only && (planned[i] == SP_STEP_DATA || planned[i] == SP_STEP_MESSAGE))
        continue;

      for (guint j = 0; j < items->len; j++)
        {
          const Item *other = &g_array_index (items, Item, j);

          if (other->record != NULL &&
              planned_position (other->step) > planned_position (planned[i]))
            {
              at = j;
              item.skipped = TRUE;
              break;
            }
        }

      g_array_insert_val (items, at, item);
    }

  return items;
}

static void
update_step_row (Row                       *row,
                 const Item                *item,
                 SpAttempt *attempt,
                 gint64                     now)
{
  SpStepRecord *record = item->record;
  g_autofree char *detail = NULL;

  if (record == NULL)
    {
      set_row_step (row, item->step,
                    sp_attempt_get_verdict (attempt) == SP_VERDICT_NONE && !item->skipped
                      ? STEP_WAITING : STEP_NOT_REACHED,
                    NULL, NULL, -1);
      return;
    }

  if (sp_step_record_get_elapsed_usec (record) < 0)
    {
      set_row_step (row, item->step, STEP_RUNNING, NULL, NULL,
                    now - sp_step_record_get_started_usec (record));
      return;
    }

  if (sp_step_record_get_error (record) != NULL)
    {
      /* Messages may name hosts from DNS: escaped like the log. */
      g_autofree char *message =
        sp_transcript_escape_text (sp_step_record_get_error (record)->message, -1);

      set_row_step (row, item->step, STEP_FAILED, message, SP_LOG_TAG_ERROR,
                    sp_step_record_get_elapsed_usec (record));
      return;
    }

  if (sp_step_record_get_reply (record) != NULL)
    {
      SpReplyClass klass = sp_reply_get_class (sp_step_record_get_reply (record));
      SpTone tone = sp_diagnosis_get_reply_tone (klass);
      StepState state = tone == SP_TONE_FAILURE ? STEP_FAILED
                      : tone == SP_TONE_TEMPORARY ? STEP_WARNING
                      : STEP_DONE;

      detail = g_strdup_printf ("%u %s %s", sp_reply_get_code (sp_step_record_get_reply (record)),
                                sp_log_view_class_symbol (klass),
                                sp_reply_class_get_label (klass));

      /* The handshake after STARTTLS worked, but the test went on past a certificate that
       * did not validate: the step says so in words, not only in the result. */
      if (item->step == SP_STEP_STARTTLS && klass == SP_REPLY_CLASS_SUCCESS &&
          sp_attempt_get_tls_report (attempt) != NULL &&
          !sp_attempt_get_tls_report (attempt)->validated)
        {
          g_autofree char *plain = g_steal_pointer (&detail);

          /* Translators: "220 ✔ Success · ⚠ Certificate not valid" */
          detail = g_strdup_printf (_("%s · ⚠ Certificate not valid"), plain);
          set_row_step (row, item->step, state, detail, SP_LOG_TAG_TRANSIENT,
                        sp_step_record_get_elapsed_usec (record));
          return;
        }

      set_row_step (row, item->step, state, detail, sp_log_view_tone_tag (tone),
                    sp_step_record_get_elapsed_usec (record));
      return;
    }

  /* Implicit TLS: the handshake is a step of its own, with no reply. */
  if (item->step == SP_STEP_TLS && sp_attempt_get_tls_report (attempt) != NULL)
    {
      set_row_step (row, item->step, STEP_DONE,
                    sp_attempt_get_tls_report (attempt)->validated ? _("Encrypted")
                                            : _("Encrypted · ⚠ Certificate not valid"),
                    sp_attempt_get_tls_report (attempt)->validated ? NULL : SP_LOG_TAG_TRANSIENT,
                    sp_step_record_get_elapsed_usec (record));
      return;
    }

  set_row_step (row, item->step, STEP_DONE,
                item->step == SP_STEP_CONNECT ? _("Connected") : NULL, NULL,
                sp_step_record_get_elapsed_usec (record));
}

static void
update_heading_row (Row                       *row,
                    SpAttempt *attempt)
{
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;

  gtk_label_set_text (GTK_LABEL (row->title),
                      sp_attempt_get_host (attempt) != NULL ? sp_attempt_get_host (attempt) : "");

  if (sp_attempt_get_verdict (attempt) != SP_VERDICT_NONE)
    /* Translators: "192.0.2.1 port 25 · Accepted" */
    detail = g_strdup_printf (_("%s port %u · %s"), sp_attempt_get_address (attempt),
                              sp_attempt_get_port (attempt),
                              sp_verdict_get_label (sp_attempt_get_verdict (attempt)));
  else
    detail = g_strdup_printf (_("%s port %u"), sp_attempt_get_address (attempt),
                              sp_attempt_get_port (attempt));

  gtk_label_set_text (GTK_LABEL (row->detail), detail);
  accessible = g_strdup_printf ("%s, %s", sp_attempt_get_host (attempt), detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
remove_rows (SpStepList *self,
             guint       from)
{
  while (self->rows->len > from)
    {
      Row *row = g_ptr_array_index (self->rows, self->rows->len - 1);

      gtk_list_box_remove (GTK_LIST_BOX (self->list), row->row);
      g_ptr_array_remove_index (self->rows, self->rows->len - 1);
    }
}

static void
sp_step_list_update_dns (SpStepList *self,
                         gint64      now)
{
  SpVerdict verdict = sp_transcript_get_verdict (self->transcript);
  SpMxResult *mx = sp_transcript_get_mx_result (self->transcript);
  g_autofree char *detail = NULL;
  Row *row;

  if (!self->dns_used)
    return;

  if (self->rows->len == 0)
    g_ptr_array_add (self->rows, create_row (self, FALSE, 0));
  row = g_ptr_array_index (self->rows, 0);

  if (self->dns_ended == 0 &&
      (mx != NULL || verdict != SP_VERDICT_NONE ||
       sp_transcript_get_n_attempts (self->transcript) > 0))
    self->dns_ended = now;

  if (self->dns_ended == 0)
    {
      set_row_step (row, SP_STEP_DNS, STEP_RUNNING, NULL, NULL, now - self->dns_started);
      return;
    }

  if (mx == NULL)
    {
      set_row_step (row, SP_STEP_DNS,
                    verdict == SP_VERDICT_CANCELLED ? STEP_NOT_REACHED : STEP_FAILED,
                    verdict == SP_VERDICT_CANCELLED ? NULL
                      : sp_transcript_get_verdict_detail (self->transcript),
                    verdict == SP_VERDICT_CANCELLED ? NULL : SP_LOG_TAG_ERROR,
                    self->dns_ended - self->dns_started);
      return;
    }

  if (mx->implicit)
    detail = g_strdup (_("No MX records: the domain itself"));
  else
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u mail server",
                                           "%u mail servers", mx->hosts->len),
                              mx->hosts->len);
  set_row_step (row, SP_STEP_DNS, STEP_DONE, detail, NULL, self->dns_ended - self->dns_started);
}

void
sp_step_list_update (SpStepList *self)
{
  gint64 now = g_get_monotonic_time ();
  guint next_row;
  guint n_attempts;

  g_return_if_fail (SP_IS_STEP_LIST (self));

  if (self->transcript == NULL)
    return;

  sp_step_list_update_dns (self, now);
  next_row = self->dns_used ? 1 : 0;
  n_attempts = sp_transcript_get_n_attempts (self->transcript);

  for (guint a = 0; a < n_attempts; a++)
    {
      SpAttempt *attempt = sp_transcript_get_attempt (self->transcript, a);
      g_autoptr(GArray) items = attempt_items (self, attempt, a + 1 == n_attempts);
      gboolean matches = TRUE;

      /* Rows are reused while the steps keep their order; a step that appears in
       * between (HELO after a refused EHLO) rebuilds this attempt and the ones after. */
      if (a < self->attempt_starts->len)
        {
          guint start = g_array_index (self->attempt_starts, guint, a);

          for (guint i = 0; i < items->len && matches; i++)
            {
              guint index = start + 1 + i;
              Row *row = index < self->rows->len ? g_ptr_array_index (self->rows, index) : NULL;

              matches = row != NULL && row->step == g_array_index (items, Item, i).step &&
                        (a + 1 >= self->attempt_starts->len ||
                         index < g_array_index (self->attempt_starts, guint, a + 1));
            }
          if (matches && a + 1 < self->attempt_starts->len &&
              g_array_index (self->attempt_starts, guint, a + 1) != start + 1 + items->len)
            matches = FALSE;
          if (!matches)
            {
              remove_rows (self, start);
              g_array_set_size (self->attempt_starts, a);
            }
        }

      if (a >= self->attempt_starts->len)
        {
          remove_rows (self, next_row);
          g_array_append_val (self->attempt_starts, next_row);
          g_ptr_array_add (self->rows, create_row (self, TRUE, -1));
          for (guint i = 0; i < items->len; i++)
            g_ptr_array_add (self->rows, create_row (self, FALSE, -1));
        }

      update_heading_row (g_ptr_array_index (self->rows, next_row), attempt);
      for (guint i = 0; i < items->len; i++)
        {
          const Item *item = &g_array_index (items, Item, i);

          update_step_row (g_ptr_array_index (self->rows, next_row + 1 + i), item, attempt, now);
        }

      next_row += 1 + items->len;
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  SpStepList *self = user_data;

  sp_step_list_update (self);

  if (sp_transcript_get_verdict (self->transcript) != SP_VERDICT_NONE)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
update_cb (gpointer user_data)
{
  SpStepList *self = user_data;

  self->update_id = 0;
  sp_step_list_update (self);

  return G_SOURCE_REMOVE;
}

static void
queue_update (SpStepList *self)
{
  /* Several changes in one main loop iteration make one update. */
  if (self->update_id == 0)
    self->update_id = g_idle_add (update_cb, self);
}

static void
attempt_changed_cb (SpStepList   *self,
                    SpAttempt    *attempt,
                    SpTranscript *transcript)
{
  queue_update (self);
}

static void
entry_added_cb (SpStepList              *self,
                const SpTranscriptEntry *entry,
                SpTranscript            *transcript)
{
  if (entry->step == SP_STEP_DNS && !self->dns_used)
    {
      self->dns_used = TRUE;
      self->dns_started = entry->mono_usec;
      queue_update (self);
    }
}

static void
verdict_changed_cb (SpStepList   *self,
                    GParamSpec   *pspec,
                    SpTranscript *transcript)
{
  queue_update (self);
}

static void
sp_step_list_disconnect (SpStepList *self)
{
  if (self->transcript != NULL)
    g_signal_handlers_disconnect_by_data (self->transcript, self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->update_id, g_source_remove);
}

static void
sp_step_list_dispose (GObject *object)
{
  SpStepList *self = SP_STEP_LIST (object);

  sp_step_list_disconnect (self);
  g_clear_object (&self->transcript);
  g_clear_pointer (&self->list, gtk_widget_unparent);

  G_OBJECT_CLASS (sp_step_list_parent_class)->dispose (object);
}

static void
sp_step_list_finalize (GObject *object)
{
  SpStepList *self = SP_STEP_LIST (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->attempt_starts, g_array_unref);

  G_OBJECT_CLASS (sp_step_list_parent_class)->finalize (object);
}

static void
sp_step_list_class_init (SpStepListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_step_list_dispose;
  object_class->finalize = sp_step_list_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "steplist");
}

static void
sp_step_list_init (SpStepList *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->attempt_starts = g_array_new (FALSE, FALSE, sizeof (guint));

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "step-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Steps of the test"),
                                  -1);
  gtk_widget_set_parent (self->list, GTK_WIDGET (self));
}

GtkWidget *
sp_step_list_new (void)
{
  return g_object_new (SP_TYPE_STEP_LIST, NULL);
}

SpTranscript *
sp_step_list_get_transcript (SpStepList *self)
{
  g_return_val_if_fail (SP_IS_STEP_LIST (self), NULL);

  return self->transcript;
}

void
sp_step_list_set_transcript (SpStepList   *self,
                             SpTranscript *transcript)
{
  g_return_if_fail (SP_IS_STEP_LIST (self));
  g_return_if_fail (!transcript || SP_IS_TRANSCRIPT (transcript));

  if (self->transcript == transcript)
    return;

  sp_step_list_disconnect (self);
  g_set_object (&self->transcript, transcript);

  remove_rows (self, 0);
  g_array_set_size (self->attempt_starts, 0);
  self->dns_used = FALSE;
  self->dns_started = 0;
  self->dns_ended = 0;

  if (transcript == NULL)
    return;

  /* A transcript that already has entries (Back and Next again) is shown as it is. */
  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);

      if (entry->step == SP_STEP_DNS)
        {
          self->dns_used = TRUE;
          self->dns_started = entry->mono_usec;
          break;
        }
    }

  g_signal_connect_object (transcript, "attempt-changed", G_CALLBACK (attempt_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (transcript, "entry-added", G_CALLBACK (entry_added_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (transcript, "notify::verdict", G_CALLBACK (verdict_changed_cb),
                           self, G_CONNECT_SWAPPED);

  sp_step_list_update (self);
  if (sp_transcript_get_verdict (transcript) == SP_VERDICT_NONE)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
}

char *
sp_step_list_dup_text (SpStepList *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (SP_IS_STEP_LIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = g_ptr_array_index (self->rows, i);

      g_string_append (text, gtk_label_get_text (GTK_LABEL (row->title)));
      g_string_append (text, " | ");
      g_string_append (text, gtk_label_get_text (GTK_LABEL (row->detail)));
      if (row->elapsed != NULL)
        {
          g_string_append (text, " | ");
          g_string_append (text, gtk_label_get_text (GTK_LABEL (row->elapsed)));
        }
      g_string_append_c (text, '\n');
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
