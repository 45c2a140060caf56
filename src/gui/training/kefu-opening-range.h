/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-opening-range.h — when a paper opens and closes, typed in */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KEFU_TYPE_OPENING_RANGE (kefu_opening_range_get_type ())
G_DECLARE_FINAL_TYPE (KefuOpeningRange, kefu_opening_range, KEFU, OPENING_RANGE, GtkBox)

/* From @now to a week later (Unix seconds, the store's clock). */
KefuOpeningRange *kefu_opening_range_new      (gint64            now);
void              kefu_opening_range_set_from (KefuOpeningRange *self,
                                               gint64            now);
/* The two moments; FALSE if one is not a date and time, with @bad_text
 * (owned by the range) the text that is not. */
gboolean          kefu_opening_range_get (KefuOpeningRange *self,
                                          gint64           *opens,
                                          gint64           *closes,
                                          const char      **bad_text);

G_END_DECLS
