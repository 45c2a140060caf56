/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-staff-groups-window.h — the staff groups (班组) with their members */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_STAFF_GROUPS_WINDOW (kefu_staff_groups_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuStaffGroupsWindow, kefu_staff_groups_window, KEFU, STAFF_GROUPS_WINDOW, AdwWindow)

KefuStaffGroupsWindow *kefu_staff_groups_window_new (GtkWindow    *parent,
                                                     KefuStore    *store,
                                                     GError      **error);
GtkWindow  *kefu_staff_groups_window_new_group     (KefuStaffGroupsWindow *self);
GtkWindow  *kefu_staff_groups_window_rename        (KefuStaffGroupsWindow *self,
                                                    gint64                 group_id);
GtkWindow  *kefu_staff_groups_window_delete        (KefuStaffGroupsWindow *self,
                                                    gint64                 group_id);
GtkWindow  *kefu_staff_groups_window_add_member    (KefuStaffGroupsWindow *self,
                                                    gint64                 group_id);
gboolean    kefu_staff_groups_window_remove_member (KefuStaffGroupsWindow *self,
                                                    gint64                 group_id,
                                                    gint64                 user_id);

G_END_DECLS
