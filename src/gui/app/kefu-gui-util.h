/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-gui-util.h — small helpers shared by Kefu's widgets */
#pragma once

#include <gtk/gtk.h>

#include "kefu-enums.h"
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

/* A status badge's "status-<code>" class for @status, and no other
 * status's; a class already right is left alone (rows are rebound often). */
static inline void
kefu_show_status_class (GtkWidget  *widget,
                        const char *status)
{
  guint n = 0;
  const KefuCode *codes = kefu_codes (KEFU_CODES_STATUS, &n);
  char css[64];

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (codes[i].code, status) != 0)
      {
        g_snprintf (css, sizeof css, "status-%s", codes[i].code);
        gtk_widget_remove_css_class (widget, css);
      }
  g_snprintf (css, sizeof css, "status-%s", status);
  gtk_widget_add_css_class (widget, css);
}

/* A moment typed as "YYYY-MM-DD" or "YYYY-MM-DD HH:MM", local time, as
 * seconds since the epoch; -1 when it is not one. */
static inline gint64
kefu_parse_local_moment (const char *text)
{
  int y, mo, d, h = 0, mi = 0;
  g_autoptr(GDateTime) dt = NULL;

  if (sscanf (text, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi) < 3)
    return -1;
  dt = g_date_time_new_local (y, mo, d, h, mi, 0);
  return dt != NULL ? g_date_time_to_unix (dt) : -1;
}

G_END_DECLS
