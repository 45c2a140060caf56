/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-gui-trainer.h — widget finders the training window tests
 * share (test-gui-training.c, test-gui-exams.c). Include it after
 * kefu-test-gui.h.
 */
#pragma once

#include <adwaita.h>

/* Widgets of @type under @widget, in order; a button by its label. */
static inline void
collect (GtkWidget  *widget,
         GType       type,
         const char *label,
         GPtrArray  *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (label == NULL || (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, type, label, out);
}

static inline GtkWidget *
row_named (GtkWidget  *widget,
           const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = row_named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}
