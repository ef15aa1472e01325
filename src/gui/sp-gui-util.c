/* sp-gui-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sp-gui-util"

#include "config.h"

#include "sp-gui-util.h"

const char * const sp_gui_tone_classes[] = { "success", "warning", "error", "info", NULL };

/**
 * sp_gui_swap_css_class:
 * @widget: a #GtkWidget
 * @group: (array zero-terminated=1): classes of which @widget carries at
 *   most one, such as the tones "success", "warning", "error"
 * @css_class: (nullable): the one to carry from now on
 *
 * Views are shown again for every run, so the class of the previous run
 * must go before the new one comes; the widget's other classes stay.
 */
void
sp_gui_swap_css_class (GtkWidget          *widget,
                       const char * const *group,
                       const char         *css_class)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (group != NULL);

  for (guint i = 0; group[i] != NULL; i++)
    gtk_widget_remove_css_class (widget, group[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (widget, css_class);
}

/**
 * sp_gui_set_icon:
 * @image: a #GtkImage
 * @icon_name: (nullable): the icon
 * @label: what the icon says, for screen readers
 *
 * An icon that stands for a state says it in words as well.
 */
void
sp_gui_set_icon (GtkImage   *image,
                 const char *icon_name,
                 const char *label)
{
  g_return_if_fail (GTK_IS_IMAGE (image));

  gtk_image_set_from_icon_name (image, icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/**
 * sp_gui_tone_style:
 * @tone: a tone of the diagnosis
 * @icon_name: (out): the icon that says the outcome without its colour
 * @css_class: (out): the colour, one of sp_gui_tone_classes
 */
void
sp_gui_tone_style (SpTone       tone,
                   const char **icon_name,
                   const char **css_class)
{
  switch (tone)
    {
    case SP_TONE_SUCCESS:
      *icon_name = "emblem-ok-symbolic";
      *css_class = "success";
      break;

    case SP_TONE_TEMPORARY:
      *icon_name = "dialog-warning-symbolic";
      *css_class = "warning";
      break;

    case SP_TONE_FAILURE:
      *icon_name = "dialog-error-symbolic";
      *css_class = "error";
      break;

    case SP_TONE_CANCELLED:
    case SP_TONE_NEUTRAL:
    case SP_TONE_INTERMEDIATE:
    default:
      *icon_name = "dialog-information-symbolic";
      *css_class = "info";
      break;
    }
}

/**
 * sp_gui_show_tone:
 * @widget: the widget that carries the colour
 * @image: the icon, in @widget or @widget itself
 * @tone: a tone of the diagnosis
 * @label: the outcome in words, for screen readers
 *
 * Every view colours an outcome by the diagnosis's tone, as the CLI and
 * the exports do.
 */
void
sp_gui_show_tone (GtkWidget  *widget,
                  GtkImage   *image,
                  SpTone      tone,
                  const char *label)
{
  const char *icon_name;
  const char *css_class;

  sp_gui_tone_style (tone, &icon_name, &css_class);
  sp_gui_swap_css_class (widget, sp_gui_tone_classes, css_class);
  sp_gui_set_icon (image, icon_name, label);
}

/**
 * sp_gui_append_label:
 * @box: a #GtkBox
 * @text: (nullable): the text
 * @css_class: the label's style class
 *
 * Host names and replies from servers can be long and have no spaces:
 * the label wraps, within words too, start-aligned, at the end of @box.
 *
 * Returns: (transfer none): the label
 */
GtkWidget *
sp_gui_append_label (GtkBox     *box,
                     const char *text,
                     const char *css_class)
{
  GtkWidget *label;

  g_return_val_if_fail (GTK_IS_BOX (box), NULL);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);

  return label;
}
