/* sp-field-message.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_FIELD_MESSAGE (sp_field_message_get_type ())

/* The message under a field that says what is wrong with its value, as the
 * person types: an icon and a sentence, hidden while the value is fine. It
 * marks its field as invalid for screen readers and styles it with .error,
 * and the field is described by the message. */
G_DECLARE_FINAL_TYPE (SpFieldMessage, sp_field_message, SP, FIELD_MESSAGE, GtkWidget)

GtkWidget  *sp_field_message_new         (void);
GtkWidget  *sp_field_message_get_field   (SpFieldMessage *self);
void        sp_field_message_set_field   (SpFieldMessage *self,
                                          GtkWidget      *field);
const char *sp_field_message_get_message (SpFieldMessage *self);
void        sp_field_message_set_message (SpFieldMessage *self,
                                          const char     *message);

G_END_DECLS
