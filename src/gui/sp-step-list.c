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
  STEP_KEPT_OPEN,     /* QUIT not sent: the connection waits for "Continue by hand" */
} StepState;

#define SP_TYPE_STEP_ITEM (sp_step_item_get_type ())

/* What one row shows: the DNS lookup, the heading of an attempt, or a step
 * of an attempt, that happened (a record) or did not (yet). A private
 * helper of the list, which puts them in the GListModel its GtkListBox is
 * bound to. */
G_DECLARE_FINAL_TYPE (SpStepItem, sp_step_item, SP, STEP_ITEM, GObject)

struct _SpStepItem
{
  GObject        parent_instance;

  /* owned references */
  SpAttempt     *attempt;   /* NULL for the DNS lookup */
  SpStepRecord  *record;    /* NULL for a heading and a step that did not happen (yet) */

  /* state */
  SpStep         step;      /* SP_STEP_NONE for an attempt's heading */
  gboolean       skipped;   /* passed over: later steps have happened */
};

G_DEFINE_FINAL_TYPE (SpStepItem, sp_step_item, G_TYPE_OBJECT)

static void
sp_step_item_dispose (GObject *object)
{
  SpStepItem *self = SP_STEP_ITEM (object);

  g_clear_object (&self->attempt);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (sp_step_item_parent_class)->dispose (object);
}

static void
sp_step_item_class_init (SpStepItemClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sp_step_item_dispose;
}

static void
sp_step_item_init (SpStepItem *self)
{
}

static SpStepItem *
sp_step_item_new (SpAttempt    *attempt,
                  SpStepRecord *record,
                  SpStep        step,
                  gboolean      skipped)
{
  SpStepItem *self = g_object_new (SP_TYPE_STEP_ITEM, NULL);

  g_set_object (&self->attempt, attempt);
  g_set_object (&self->record, record);
  self->step = step;
  self->skipped = skipped;

  return self;
}

typedef struct
{
  SpStepList *list;      /* borrowed: the row lives in it */
  SpStepItem *item;
  GtkWidget  *row;
  GtkWidget  *icon;
  GtkWidget  *spinner;
  GtkWidget  *title;
  GtkWidget  *detail;
  GtkWidget  *elapsed;
} Row;

struct _SpStepList
{
  GtkWidget      parent_instance;

  /* owned widgets */
  GtkWidget     *list;

  /* owned references */
  SpTranscript  *transcript;
  GListStore    *dns;       /* the DNS lookup's item, once it began */
  GHashTable    *sections;  /* SpAttempt → GListStore of its SpStepItems, heading first */
  SpAttempt     *kept_open; /* whose connection stays open for "Continue by hand", or NULL */

  /* state */
  gint64         dns_started;
  gint64         dns_ended;
  guint          tick_id;
};

G_DEFINE_FINAL_TYPE (SpStepList, sp_step_list, GTK_TYPE_WIDGET)

static void
row_free (Row *row)
{
  g_clear_object (&row->item);
  g_free (row);
}

static char *
format_elapsed (gint64 usec)
{
  if (usec < 0)
    return g_strdup ("");
  if (usec < 10 * G_USEC_PER_SEC)
    /* Translators: how long a step took, in seconds, such as “0.25 s”. */
    return g_strdup_printf (_("%.2f s"), usec / (double) G_USEC_PER_SEC);

  /* Translators: how long a step took, in seconds, such as “1.5 s”. */
  return g_strdup_printf (_("%.1f s"), usec / (double) G_USEC_PER_SEC);
}

static Row *
create_row (SpStepList *self,
            SpStepItem *item)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *box;
  GtkWidget *texts;
  GtkWidget *line;

  row->list = self;
  row->item = g_object_ref (item);
  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row->row), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);

  if (item->step == SP_STEP_NONE)
    {
      gtk_widget_add_css_class (row->row, "attempt-heading");
      texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_hexpand (texts, TRUE);
      gtk_box_append (GTK_BOX (box), texts);

      row->title = sp_gui_append_label (GTK_BOX (texts), NULL, "heading");
      row->detail = sp_gui_append_label (GTK_BOX (texts), NULL, "caption");
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

      row->detail = sp_gui_append_label (GTK_BOX (texts), NULL, "caption");
      gtk_label_set_lines (GTK_LABEL (row->detail), 3);
      gtk_label_set_ellipsize (GTK_LABEL (row->detail), PANGO_ELLIPSIZE_END);
    }

  g_object_set_data_full (G_OBJECT (row->row), "sp-step-row", row, (GDestroyNotify) row_free);

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
  /* Not reached has no icon: the dimmed words say it, and a column of
   * symbols would shout. */
  static const struct
  {
    const char *icon;
    const char *word;
  } states[] = {
    /* Translators: the state of a step in the list of steps, for screen readers beside its
     * icon. */
    [STEP_WAITING]     = { "content-loading-symbolic", N_("Waiting") },
    /* Translators: the state of a step in the list of steps, for screen readers beside its
     * icon. */
    [STEP_RUNNING]     = { NULL, N_("Running") },
    /* Translators: the state of a step in the list of steps, for screen readers beside its
     * icon. */
    [STEP_DONE]        = { "emblem-ok-symbolic", N_("Done") },
    /* Translators: the state of a step in the list of steps, for screen readers beside its
     * icon. */
    [STEP_WARNING]     = { "dialog-warning-symbolic", N_("Temporary failure") },
    /* Translators: the state of a step in the list of steps, for screen readers beside its
     * icon. */
    [STEP_FAILED]      = { "dialog-error-symbolic", N_("Failed") },
    /* Translators: the state of a step in the list of steps, for screen readers beside its
     * icon. */
    [STEP_NOT_REACHED] = { NULL, N_("Not reached") },
    /* Translators: the state of the Goodbye (QUIT) step when the connection
     * stays open for "Continue by hand". */
    [STEP_KEPT_OPEN]   = { NULL, N_("Kept open") },
  };
  g_autofree char *time = format_elapsed (elapsed);
  g_autofree char *accessible = NULL;
  const char *icon = states[state].icon;
  const char *state_word = _(states[state].word);

  gtk_label_set_text (GTK_LABEL (row->title), sp_step_get_label (step));

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
  SpStep        step;
  SpStepRecord *record;   /* NULL for a step that did not happen (yet) */
  gboolean      skipped;  /* passed over: later steps have happened */
} Item;

static gboolean
has_step (SpAttempt *attempt,
          SpStep     step)
{
  for (guint i = 0; i < sp_attempt_get_n_steps (attempt); i++)
    if (sp_step_record_get_step (sp_attempt_get_step (attempt, i)) == step)
      return TRUE;

  return FALSE;
}

static GArray *
attempt_items (SpStepList *self,
               SpAttempt  *attempt,
               gboolean    last)
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
update_step_row (Row    *row,
                 gint64  now)
{
  const SpStepItem *item = row->item;
  SpAttempt *attempt = item->attempt;
  SpStepRecord *record = item->record;
  g_autofree char *detail = NULL;

  if (record == NULL && item->step == SP_STEP_QUIT && attempt == row->list->kept_open)
    {
      set_row_step (row, item->step, STEP_KEPT_OPEN, NULL, NULL, -1);
      return;
    }
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
                    /* Translators: a state shown under the Encryption step in the list of
                     * steps. */
                    sp_attempt_get_tls_report (attempt)->validated ? _("Encrypted")
                                            : _("Encrypted · ⚠ Certificate not valid"),
                    sp_attempt_get_tls_report (attempt)->validated ? NULL : SP_LOG_TAG_TRANSIENT,
                    sp_step_record_get_elapsed_usec (record));
      return;
    }

  set_row_step (row, item->step, STEP_DONE,
                /* Translators: a state shown under the Connection step in the list of steps. */
                item->step == SP_STEP_CONNECT ? _("Connected") : NULL, NULL,
                sp_step_record_get_elapsed_usec (record));
}

static void
update_heading_row (Row *row)
{
  SpAttempt *attempt = row->item->attempt;
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;

  gtk_label_set_text (GTK_LABEL (row->title),
                      sp_attempt_get_host (attempt) != NULL ? sp_attempt_get_host (attempt) : "");

  if (sp_attempt_get_verdict (attempt) != SP_VERDICT_NONE)
    /* Translators: “192.0.2.1 port 25 · Accepted”: an IP address, the port (not a count) and how
     * the attempt ended. */
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
update_dns_row (Row    *row,
                gint64  now)
{
  SpStepList *self = row->list;
  SpVerdict verdict = sp_transcript_get_verdict (self->transcript);
  SpMxResult *mx = sp_transcript_get_mx_result (self->transcript);
  g_autofree char *detail = NULL;

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

static void
update_row (Row    *row,
            gint64  now)
{
  if (row->item->attempt == NULL)
    update_dns_row (row, now);
  else if (row->item->step == SP_STEP_NONE)
    update_heading_row (row);
  else
    update_step_row (row, now);
}

static void
row_notify_cb (GtkWidget *widget)
{
  update_row (g_object_get_data (G_OBJECT (widget), "sp-step-row"), g_get_monotonic_time ());
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  SpStepList *self = user_data;
  Row *row = create_row (self, item);

  /* The row follows what it shows; a step's row follows its attempt too,
   * which says whether a step still to come is waiting or not reached. */
  if (row->item->attempt != NULL)
    g_signal_connect_object (row->item->attempt, "notify", G_CALLBACK (row_notify_cb),
                             row->row, G_CONNECT_SWAPPED);
  if (row->item->record != NULL)
    g_signal_connect_object (row->item->record, "notify", G_CALLBACK (row_notify_cb),
                             row->row, G_CONNECT_SWAPPED);

  update_row (row, g_get_monotonic_time ());

  return row->row;
}

static SpStepItem *
find_item (GListModel   *section,
           SpStepRecord *record,
           SpStep        step,
           gboolean      skipped)
{
  for (guint i = 0; i < g_list_model_get_n_items (section); i++)
    {
      g_autoptr(SpStepItem) item = g_list_model_get_item (section, i);

      if (item->record == record && item->step == step && item->skipped == skipped)
        return g_steal_pointer (&item);
    }

  return NULL;
}

/* Brings the items of @attempt up to date. Items that stay keep their
 * place and their row; only the ones that came or went are spliced. */
static void
sync_section (SpStepList *self,
              SpAttempt  *attempt)
{
  GListStore *section = g_hash_table_lookup (self->sections, attempt);
  GListModel *attempts = sp_transcript_get_attempts (self->transcript);
  guint n_attempts = g_list_model_get_n_items (attempts);
  g_autoptr(SpAttempt) last = n_attempts > 0 ? g_list_model_get_item (attempts, n_attempts - 1)
                                             : NULL;
  g_autoptr(GArray) items = attempt_items (self, attempt, attempt == last);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_old;
  guint prefix = 0;
  guint suffix = 0;

  if (section == NULL)
    return;

  n_old = g_list_model_get_n_items (G_LIST_MODEL (section));
  g_ptr_array_add (wanted, g_list_model_get_item (G_LIST_MODEL (section), 0));
  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = &g_array_index (items, Item, i);
      SpStepItem *old = find_item (G_LIST_MODEL (section), item->record, item->step,
                                   item->skipped);

      g_ptr_array_add (wanted, old != NULL ? old : sp_step_item_new (attempt, item->record,
                                                                     item->step, item->skipped));
    }

  for (; prefix < n_old && prefix < wanted->len; prefix++)
    {
      g_autoptr(GObject) old = g_list_model_get_item (G_LIST_MODEL (section), prefix);

      if (old != g_ptr_array_index (wanted, prefix))
        break;
    }
  for (; suffix < n_old - prefix && suffix < wanted->len - prefix; suffix++)
    {
      g_autoptr(GObject) old = g_list_model_get_item (G_LIST_MODEL (section),
                                                      n_old - 1 - suffix);

      if (old != g_ptr_array_index (wanted, wanted->len - 1 - suffix))
        break;
    }

  if (prefix + suffix < n_old || prefix + suffix < wanted->len)
    g_list_store_splice (section, prefix, n_old - prefix - suffix,
                         wanted->pdata + prefix, wanted->len - prefix - suffix);
}

static void
steps_changed_cb (SpStepList *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *steps)
{
  GHashTableIter iter;
  gpointer attempt;

  g_hash_table_iter_init (&iter, self->sections);
  while (g_hash_table_iter_next (&iter, &attempt, NULL))
    if (sp_attempt_get_steps (attempt) == steps)
      sync_section (self, attempt);
}

static void
attempt_verdict_cb (SpStepList *self,
                    GParamSpec *pspec,
                    SpAttempt  *attempt)
{
  sync_section (self, attempt);
}

/* The GtkMapListModel's function: the items of one attempt, made when
 * the attempt is added and followed from then on. */
static gpointer
section_for_attempt_cb (gpointer item,
                        gpointer user_data)
{
  SpStepList *self = user_data;
  g_autoptr(SpAttempt) attempt = item;
  GListStore *section = g_hash_table_lookup (self->sections, attempt);
  g_autoptr(SpStepItem) heading = NULL;
  GListModel *steps;

  if (section != NULL)
    return g_object_ref (section);

  section = g_list_store_new (SP_TYPE_STEP_ITEM);
  heading = sp_step_item_new (attempt, NULL, SP_STEP_NONE, FALSE);
  g_list_store_append (section, heading);
  g_hash_table_insert (self->sections, g_object_ref (attempt), section);

  steps = sp_attempt_get_steps (attempt);
  g_signal_connect_object (steps, "items-changed", G_CALLBACK (steps_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (attempt, "notify::verdict", G_CALLBACK (attempt_verdict_cb),
                           self, G_CONNECT_SWAPPED);
  sync_section (self, attempt);

  return g_object_ref (section);
}

static void
attempts_changed_cb (SpStepList *self)
{
  GHashTableIter iter;
  gpointer attempt;

  /* The attempt that was the last one may now be an earlier one. */
  g_hash_table_iter_init (&iter, self->sections);
  while (g_hash_table_iter_next (&iter, &attempt, NULL))
    sync_section (self, attempt);

  sp_step_list_update (self);
}

void
sp_step_list_update (SpStepList *self)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (SP_IS_STEP_LIST (self));

  for (GtkWidget *child = gtk_widget_get_first_child (self->list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Row *row = g_object_get_data (G_OBJECT (child), "sp-step-row");

      if (row != NULL)
        update_row (row, now);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  SpStepList *self = user_data;

  /* Only the time of a running step moves on by itself. */
  sp_step_list_update (self);

  if (sp_transcript_get_verdict (self->transcript) != SP_VERDICT_NONE)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
begin_dns (SpStepList *self,
           gint64      started)
{
  g_autoptr(SpStepItem) item = sp_step_item_new (NULL, NULL, SP_STEP_DNS, FALSE);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->dns)) > 0)
    return;

  self->dns_started = started;
  g_list_store_append (self->dns, item);
}

static void
entry_added_cb (SpStepList              *self,
                const SpTranscriptEntry *entry,
                SpTranscript            *transcript)
{
  if (entry->step == SP_STEP_DNS)
    begin_dns (self, entry->mono_usec);
}

static void
sp_step_list_disconnect (SpStepList *self)
{
  GHashTableIter iter;
  gpointer attempt;

  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), NULL, NULL, NULL, NULL);

  if (self->sections != NULL)
    {
      g_hash_table_iter_init (&iter, self->sections);
      while (g_hash_table_iter_next (&iter, &attempt, NULL))
        {
          g_signal_handlers_disconnect_by_data (attempt, self);
          g_signal_handlers_disconnect_by_data (sp_attempt_get_steps (attempt), self);
        }
      g_hash_table_remove_all (self->sections);
    }

  if (self->transcript != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->transcript, self);
      g_signal_handlers_disconnect_by_data (sp_transcript_get_attempts (self->transcript), self);
    }

  if (self->dns != NULL)
    g_list_store_remove_all (self->dns);
  self->dns_started = 0;
  self->dns_ended = 0;
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
sp_step_list_dispose (GObject *object)
{
  SpStepList *self = SP_STEP_LIST (object);

  sp_step_list_disconnect (self);
  g_clear_object (&self->transcript);
  g_clear_object (&self->kept_open);
  g_clear_object (&self->dns);
  g_clear_pointer (&self->sections, g_hash_table_unref);
  g_clear_pointer (&self->list, gtk_widget_unparent);

  G_OBJECT_CLASS (sp_step_list_parent_class)->dispose (object);
}

static void
sp_step_list_class_init (SpStepListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_step_list_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "steplist");
}

static void
sp_step_list_init (SpStepList *self)
{
  self->dns = g_list_store_new (SP_TYPE_STEP_ITEM);
  self->sections = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "step-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Steps of the test"),
                                  -1);
  gtk_widget_set_parent (self->list, GTK_WIDGET (self));
}

/* The list box shows the DNS lookup, then every attempt's heading and
 * steps: one flat model made of the transcript's own models. */
static void
bind_models (SpStepList *self)
{
  g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
  GtkMapListModel *sections;
  g_autoptr(GtkFlattenListModel) attempts = NULL;
  g_autoptr(GtkFlattenListModel) rows = NULL;

  sections = gtk_map_list_model_new (g_object_ref (sp_transcript_get_attempts (self->transcript)),
                                     section_for_attempt_cb, self, NULL);
  attempts = gtk_flatten_list_model_new (G_LIST_MODEL (sections));
  g_list_store_append (parts, self->dns);
  g_list_store_append (parts, attempts);
  rows = gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts)));

  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), G_LIST_MODEL (rows),
                           create_row_cb, self, NULL);
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
sp_step_list_set_kept_open (SpStepList *self,
                            SpAttempt  *attempt)
{
  g_return_if_fail (SP_IS_STEP_LIST (self));
  g_return_if_fail (!attempt || SP_IS_ATTEMPT (attempt));

  if (g_set_object (&self->kept_open, attempt))
    sp_step_list_update (self);
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
  g_clear_object (&self->kept_open);

  if (transcript == NULL)
    return;

  /* A transcript that already has entries (Back and Next again) is shown as it is. */
  for (guint i = 0; i < sp_transcript_get_n_entries (transcript); i++)
    {
      const SpTranscriptEntry *entry = sp_transcript_get_entry (transcript, i);

      if (entry->step == SP_STEP_DNS)
        {
          begin_dns (self, entry->mono_usec);
          break;
        }
    }

  g_signal_connect_object (transcript, "entry-added", G_CALLBACK (entry_added_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (transcript, "notify::verdict", G_CALLBACK (sp_step_list_update),
                           self, G_CONNECT_SWAPPED);
  /* Before the map model's own handler, which may make the section of a
   * new attempt: the sections already there learn first which one is last. */
  g_signal_connect_object (sp_transcript_get_attempts (transcript), "items-changed",
                           G_CALLBACK (attempts_changed_cb), self, G_CONNECT_SWAPPED);
  bind_models (self);

  if (sp_transcript_get_verdict (transcript) == SP_VERDICT_NONE)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
}

char *
sp_step_list_dup_text (SpStepList *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (SP_IS_STEP_LIST (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (self->list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const Row *row = g_object_get_data (G_OBJECT (child), "sp-step-row");

      if (row == NULL)
        continue;

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
