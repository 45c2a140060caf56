/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-editor.h — a cohort's plan for the trainer: members,
 * sessions with attendance, keyed-in surveys, the follow-up checkpoints
 * and the supervisor's weekly observations (the staff groups window,
 * opened from the same view, is kefu-staff-groups-window.h) */
#pragma once

#include <adwaita.h>

#include "kefu-cohort.h"
#include "kefu-staff-groups-window.h"

G_BEGIN_DECLS

#define KEFU_TYPE_COHORT_EDITOR (kefu_cohort_editor_get_type ())
G_DECLARE_FINAL_TYPE (KefuCohortEditor, kefu_cohort_editor, KEFU, COHORT_EDITOR, AdwWindow)

KefuCohortEditor *kefu_cohort_editor_new          (GtkWindow         *parent,
                                                   KefuStore         *store,
                                                   gint64             cohort_id,
                                                   GError           **error);
gint64      kefu_cohort_editor_get_cohort         (KefuCohortEditor  *self);
/* @refresh (held; may be NULL) gets "training.refresh" after each change. */
void        kefu_cohort_editor_set_refresh        (KefuCohortEditor  *self,
                                                   GtkWidget         *refresh);
GtkWidget  *kefu_cohort_editor_get_gantt          (KefuCohortEditor  *self);   /* the plan's KefuPlanGantt */
/* The dialogs behind the buttons (each returns the dialog shown) */
GtkWindow  *kefu_cohort_editor_edit               (KefuCohortEditor  *self);
GtkWindow  *kefu_cohort_editor_add_member         (KefuCohortEditor  *self);
GtkWindow  *kefu_cohort_editor_add_group          (KefuCohortEditor  *self);
GtkWindow  *kefu_cohort_editor_remove_member      (KefuCohortEditor  *self,
                                                   gint64             user_id);
GtkWindow  *kefu_cohort_editor_add_session        (KefuCohortEditor  *self);
GtkWindow  *kefu_cohort_editor_delete_session     (KefuCohortEditor  *self,
                                                   gint64             session_id);
GtkWindow  *kefu_cohort_editor_key_in_survey      (KefuCohortEditor  *self);
GtkWindow  *kefu_cohort_editor_checkpoint         (KefuCohortEditor  *self,
                                                   int                months);
GtkWindow  *kefu_cohort_editor_observe            (KefuCohortEditor  *self);
/* The attendance check button of @user_id in session @session_id */
GtkWidget  *kefu_cohort_editor_attendance_button  (KefuCohortEditor  *self,
                                                   gint64             session_id,
                                                   gint64             user_id);

/* A new cohort (course, name, dates, staff group); on success the view
 * @refresh gets "training.refresh" and the new cohort's editor opens. */
GtkWindow  *kefu_cohort_new_dialog                (GtkWindow         *parent,
                                                   KefuStore         *store,
                                                   GtkWidget         *refresh);
/* Asks before deleting a cohort with everything recorded about it. */
GtkWindow  *kefu_cohort_delete_dialog             (GtkWindow         *parent,
                                                   KefuStore         *store,
                                                   gint64             cohort_id,
                                                   GtkWidget         *refresh);

G_END_DECLS
