/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-people-window.h — a person's capability profile (能力档案): the radar
 * and where each score comes from, modules, practicals, KPIs and goals */
#pragma once

#include <adwaita.h>

#include "kefu-people.h"
#include "kefu-store-watch.h"

G_BEGIN_DECLS

#define KEFU_TYPE_PEOPLE_WINDOW (kefu_people_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuPeopleWindow, kefu_people_window, KEFU, PEOPLE_WINDOW, AdwWindow)

/* The profile of @person_id for the quarter of the store's now; those who
 * may (supervisors, trainers, managers) pick anyone from a list, and each
 * other person they open is audited. NULL and @error when not allowed. */
KefuPeopleWindow  *kefu_people_window_new         (GtkWindow         *parent,
                                                   KefuStore         *store,
                                                   gint64             person_id,
                                                   GError           **error);
const KefuProfile *kefu_people_window_get_profile (KefuPeopleWindow  *self);
/* Shows another person (as picking them from the list does). */
gboolean           kefu_people_window_show_person (KefuPeopleWindow  *self,
                                                   gint64             person_id,
                                                   GError           **error);
/* Follows @watch: what another desk changes of the people shown (their
 * goals, estates) or of the radar's sources and grades is read anew. */
void               kefu_people_window_follow      (KefuPeopleWindow  *self,
                                                   KefuStoreWatch    *watch);

G_END_DECLS
