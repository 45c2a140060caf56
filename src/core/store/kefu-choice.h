/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-choice.h — one named row to pick from a list (a team, a building…) */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KEFU_TYPE_CHOICE (kefu_choice_get_type ())
G_DECLARE_FINAL_TYPE (KefuChoice, kefu_choice, KEFU, CHOICE, GObject)

KefuChoice *kefu_choice_new        (gint64      id,
                                    const char *name,
                                    const char *detail);
gint64      kefu_choice_get_id     (KefuChoice *self);
const char *kefu_choice_get_name   (KefuChoice *self);
const char *kefu_choice_get_detail (KefuChoice *self);
/* For owners: the unit they were found by. */
gint64      kefu_choice_get_unit_id      (KefuChoice *self);
gint64      kefu_choice_get_building_id  (KefuChoice *self);
void        kefu_choice_set_place        (KefuChoice *self,
                                          gint64      building_id,
                                          gint64      unit_id);

G_END_DECLS
