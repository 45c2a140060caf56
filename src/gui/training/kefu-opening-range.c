/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-opening-range.c — when a paper opens and closes, typed in
 *
 * "Opens [2026-12-07 09:00] Closes [2026-12-14 09:00]", local time, by
 * default from the store's now to a week later: the assigning of a paper
 * and a make-up exam ask for it.
 */
#include "config.h"

#include <stdio.h>

#include "kefu-opening-range.h"
#include "kefu-gui-util.h"

struct _KefuOpeningRange
{
  GtkBox    parent_instance;

  /* template */
  GtkEntry *opens_entry;
  GtkEntry *closes_entry;
};

G_DEFINE_FINAL_TYPE (KefuOpeningRange, kefu_opening_range, GTK_TYPE_BOX)

static void
kefu_opening_range_class_init (KefuOpeningRangeClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-opening-range.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuOpeningRange, opens_entry);
  gtk_widget_class_bind_template_child (widget_class, KefuOpeningRange, closes_entry);
}

static void
kefu_opening_range_init (KefuOpeningRange *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

KefuOpeningRange *
kefu_opening_range_new (gint64 now)
{
  KefuOpeningRange *self = g_object_new (KEFU_TYPE_OPENING_RANGE, NULL);

  kefu_opening_range_set_from (self, now);
  return self;
}

void
kefu_opening_range_set_from (KefuOpeningRange *self,
                             gint64            now)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) week = g_date_time_add_days (start, 7);
  g_autofree char *start_text = g_date_time_format (start, "%Y-%m-%d %H:%M");
  g_autofree char *week_text = g_date_time_format (week, "%Y-%m-%d %H:%M");

  gtk_editable_set_text (GTK_EDITABLE (self->opens_entry), start_text);
  gtk_editable_set_text (GTK_EDITABLE (self->closes_entry), week_text);
}

gboolean
kefu_opening_range_get (KefuOpeningRange *self,
                        gint64           *opens,
                        gint64           *closes,
                        const char      **bad_text)
{
  const char *opens_text, *closes_text;

  g_return_val_if_fail (KEFU_IS_OPENING_RANGE (self), FALSE);
  opens_text = gtk_editable_get_text (GTK_EDITABLE (self->opens_entry));
  closes_text = gtk_editable_get_text (GTK_EDITABLE (self->closes_entry));
  *opens = kefu_parse_local_moment (opens_text);
  *closes = kefu_parse_local_moment (closes_text);
  if (bad_text != NULL)
    *bad_text = *opens < 0 ? opens_text : *closes < 0 ? closes_text : NULL;
  return *opens >= 0 && *closes >= 0;
}
