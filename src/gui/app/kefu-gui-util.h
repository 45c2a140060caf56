/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-gui-util.h — small helpers shared by Kefu's widgets */
#pragma once

#include <gtk/gtk.h>

#include "kefu-store.h"
#include "kefu-ticket.h"

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

/* The badge of the nearest running clock on a label: green, yellow from
 * the warning threshold, red when due; hidden when no clock runs. */
static inline void
kefu_show_clock_state (GtkWidget      *label,
                       KefuClockState  state,
                       const char     *text)
{
  static const char *classes[] = { NULL, "sla-ok", "sla-warning", "sla-breached" };

  /* only the class that changes: each change restyles the label, and
   * list rows are rebound many times a second while scrolling */
  for (guint i = 1; i < G_N_ELEMENTS (classes); i++)
    if (i != (guint) state)
      gtk_widget_remove_css_class (label, classes[i]);
  if (state != KEFU_CLOCK_STATE_NONE)
    gtk_widget_add_css_class (label, classes[state]);
  gtk_widget_set_visible (label, state != KEFU_CLOCK_STATE_NONE);
  gtk_label_set_text (GTK_LABEL (label), text);
}

G_END_DECLS
