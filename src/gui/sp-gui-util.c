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

guint
sp_gui_set_bullets (GtkBox             *list,
                    const char * const *items)
{
  GtkWidget *child;
  guint n = 0;

  g_return_val_if_fail (GTK_IS_BOX (list), 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_box_remove (list, child);

  for (; items != NULL && items[n] != NULL; n++)
    {
      GtkWidget *row = g_object_new (GTK_TYPE_BOX,
                                     "accessible-role", GTK_ACCESSIBLE_ROLE_LIST_ITEM,
                                     "spacing", 6,
                                     NULL);
      GtkWidget *bullet = gtk_label_new ("•");
      GtkWidget *text = gtk_label_new (items[n]);

      /* The bullet is decoration: the list item is named by its text. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (bullet), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      items[n], -1);
      gtk_widget_set_valign (bullet, GTK_ALIGN_START);
      gtk_label_set_xalign (GTK_LABEL (text), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_hexpand (text, TRUE);
      gtk_box_append (GTK_BOX (row), bullet);
      gtk_box_append (GTK_BOX (row), text);
      gtk_box_append (list, row);
    }

  return n;
}

/* "_Next" → "Next", "Rock __n Roll" → "Rock _n Roll". */
static char *
strip_mnemonic (const char *label)
{
  GString *text = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (text, *p);
    }

  return g_string_free (text, FALSE);
}

static GtkWidget *
find_toggle_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_TOGGLE_BUTTON (child) ? child : find_toggle_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

void
sp_gui_fix_mnemonic_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  /* GTK 4.8 names the button inside a drop-down by its class: it gets the name of the
   * drop-down's label. */
  if (GTK_IS_LABEL (root) && GTK_IS_DROP_DOWN (gtk_label_get_mnemonic_widget (GTK_LABEL (root))))
    {
      GtkWidget *button = find_toggle_button (gtk_label_get_mnemonic_widget (GTK_LABEL (root)));

      if (button != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        gtk_label_get_text (GTK_LABEL (root)),
                                        -1);
    }

  if (GTK_IS_CHECK_BUTTON (root) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (root)) &&
      gtk_check_button_get_label (GTK_CHECK_BUTTON (root)) != NULL)
    {
      g_autofree char *name = NULL;

      name = strip_mnemonic (gtk_check_button_get_label (GTK_CHECK_BUTTON (root)));

      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
    }
  else if (GTK_IS_MENU_BUTTON (root) &&
           gtk_menu_button_get_use_underline (GTK_MENU_BUTTON (root)) &&
           gtk_menu_button_get_label (GTK_MENU_BUTTON (root)) != NULL)
    {
      /* GTK 4.8 names a menu button with a label by its class. */
      g_autofree char *name = NULL;

      name = strip_mnemonic (gtk_menu_button_get_label (GTK_MENU_BUTTON (root)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
    }
  else if (GTK_IS_EXPANDER (root) && gtk_expander_get_use_underline (GTK_EXPANDER (root)) &&
           gtk_expander_get_label (GTK_EXPANDER (root)) != NULL)
    {
      /* GTK 4.8 names an expander by its class. */
      g_autofree char *name = strip_mnemonic (gtk_expander_get_label (GTK_EXPANDER (root)));

      gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
    }
  else if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)) &&
           gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    {
      /* The label inside the button, which it is labelled by, names it already. */
      gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }

  /* A collapsed expander keeps its child out of the widget tree. */
  if (GTK_IS_EXPANDER (root) && gtk_expander_get_child (GTK_EXPANDER (root)) != NULL &&
      !gtk_expander_get_expanded (GTK_EXPANDER (root)))
    sp_gui_fix_mnemonic_names (gtk_expander_get_child (GTK_EXPANDER (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    sp_gui_fix_mnemonic_names (child);
}
