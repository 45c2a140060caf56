/* kefu-gui-util.h — small helpers shared by Kefu's widgets */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* For widgets with a layout manager and no container API: their template
 * root must be unparented by hand when they are disposed. */
static inline void
kefu_widget_unparent_children (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

G_END_DECLS
