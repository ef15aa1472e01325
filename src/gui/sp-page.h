/* sp-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "sp-field-message.h"
#include "sp-form-model.h"

G_BEGIN_DECLS

/* Where the pages' templates are in the GResource. */
#define SP_RESOURCE_PREFIX "/io/github/smtpprobe/SmtpProbe"

#define SP_TYPE_PAGE (sp_page_get_type ())

/* One page of the wizard. The window shows them in a GtkStack and computes
 * Back and Next from their "complete" and "busy" properties: Next moves on
 * once the page is complete and not busy, after the page's apply step.
 *
 * Pages are final types with a template each. SpPage disposes of the
 * template and drops the model, so a page needs a dispose of its own only
 * for what else it holds. */
G_DECLARE_DERIVABLE_TYPE (SpPage, sp_page, SP, PAGE, GtkWidget)

struct _SpPageClass
{
  GtkWidgetClass parent_class;

  /* A model was set, and the page's bindings follow it: show the rest of
   * its values. */
  void      (*bind_model)      (SpPage               *self,
                                SpFormModel          *model);
  /* A property of the model, or of its request, changed. */
  void      (*model_notify)    (SpPage               *self,
                                GParamSpec           *pspec);
  /* The page became the visible one; @forward when reached with Next. */
  void      (*enter)           (SpPage               *self,
                                gboolean              forward);
  /* Next was asked for on an incomplete page: show every field's message
   * and focus the first field at fault. The default does that with
   * update_messages and first_problem. */
  void      (*reveal_problems) (SpPage               *self);
  /* Show the messages of the page's fields (sp_page_show_field_message ());
   * @delayed: typing has paused (or Next was pressed), so new problems may
   * show. */
  void      (*update_messages) (SpPage               *self,
                                gboolean              delayed);
  /* The widget of the first field at fault, or NULL. */
  GtkWidget *(*first_problem)  (SpPage               *self);
  /* Stop the work that makes the page busy, keeping what it showed. The
   * default cancels the page's work (sp_page_begin_work ()). */
  void      (*cancel)          (SpPage               *self);
  /* A new test starts: forget what this page found out. SpPage has
   * already forgotten that problems were revealed. */
  void      (*reset)           (SpPage               *self);
  /* Commit the page's input before the next page; the default succeeds. */
  void      (*apply_async)     (SpPage               *self,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
  gboolean  (*apply_finish)    (SpPage               *self,
                                GAsyncResult         *result,
                                GError              **error);

  gpointer padding[8];
};

const char   *sp_page_get_title           (SpPage               *self);
void          sp_page_set_title           (SpPage               *self,
                                           const char           *title);
gboolean      sp_page_get_complete        (SpPage               *self);
void          sp_page_set_complete        (SpPage               *self,
                                           gboolean              complete);
gboolean      sp_page_get_busy            (SpPage               *self);
void          sp_page_set_busy            (SpPage               *self,
                                           gboolean              busy);
SpFormModel  *sp_page_get_model           (SpPage               *self);
void          sp_page_set_model           (SpPage               *self,
                                           SpFormModel          *model);
/* The window's cancellable: work a page starts ends when the window closes. */
GCancellable *sp_page_get_cancellable     (SpPage               *self);
void          sp_page_set_cancellable     (SpPage               *self,
                                           GCancellable         *cancellable);

void          sp_page_enter               (SpPage               *self,
                                           gboolean              forward);
void          sp_page_reveal_problems     (SpPage               *self);
void          sp_page_cancel              (SpPage               *self);
void          sp_page_reset               (SpPage               *self);
void          sp_page_apply_async         (SpPage               *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      sp_page_apply_finish        (SpPage               *self,
                                           GAsyncResult         *result,
                                           GError              **error);

/* For subclasses, in init: bindings to the model set on the page, or to
 * its request; they are made when a model is set and dropped with it. */
GBindingGroup *sp_page_get_model_bindings   (SpPage               *self);
GBindingGroup *sp_page_get_request_bindings (SpPage               *self);
/* The usual binding: @target's @target_property edits the request's
 * @property, both ways. */
void          sp_page_bind_request        (SpPage               *self,
                                           const char           *property,
                                           gpointer              target,
                                           const char           *target_property);

/* For subclasses: a cancellable for one piece of work, cancelled with the
 * window's; release it with sp_page_release_cancellable() when the work
 * ends so the window stops holding it. */
GCancellable *sp_page_new_cancellable     (SpPage               *self);
void          sp_page_release_cancellable (SpPage               *self,
                                           GCancellable         *cancellable);
/* For subclasses: whether Next was asked for since the last reset, so that
 * an empty field counts as a problem. */
gboolean      sp_page_get_revealed        (SpPage               *self);
void          sp_page_set_revealed        (SpPage               *self,
                                           gboolean              revealed);
/* For subclasses: the model changed, so the page's messages do too: those
 * that no longer apply go now, new ones once typing pauses. */
void          sp_page_queue_messages      (SpPage               *self);
/* For subclasses, in update_messages: shows the model's message about
 * @field under @widget, or hides it. Returns whether one shows. */
gboolean      sp_page_show_field_message  (SpPage               *self,
                                           SpFieldMessage       *message,
                                           SpField               field,
                                           GtkWidget            *widget,
                                           gboolean              delayed);
/* For subclasses: the page's one piece of work under way (a lookup, a
 * test). Beginning one drops the one before; sp_page_end_work () says
 * whether @cancellable, done, is still the page's work, and forgets it. */
GCancellable *sp_page_begin_work          (SpPage               *self);
gboolean      sp_page_end_work            (SpPage               *self,
                                           GCancellable         *cancellable);
void          sp_page_drop_work           (SpPage               *self);
gboolean      sp_page_is_working          (SpPage               *self);
/* For subclasses: stops the work of *@cancellable (from
 * sp_page_new_cancellable ()), releases it and sets it to NULL. */
void          sp_page_drop_cancellable    (SpPage               *self,
                                           GCancellable        **cancellable);
/* For subclasses: asks the window to go on, as Enter in a field does. */
void          sp_page_request_next        (SpPage               *self);
/* For subclasses: Enter in @spin_button commits its value and goes on, as in
 * an entry (GTK 4.8's spin buttons keep Enter to themselves). */
void          sp_page_add_spin_button     (SpPage               *self,
                                           GtkSpinButton        *spin_button);

G_END_DECLS
