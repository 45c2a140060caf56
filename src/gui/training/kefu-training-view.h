/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-view.h — the Training view: my exams, practice, results;
 * for trainers also banks, papers, statistics and practical assessments */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_TRAINING_VIEW (kefu_training_view_get_type ())
G_DECLARE_FINAL_TYPE (KefuTrainingView, kefu_training_view, KEFU, TRAINING_VIEW, GtkWidget)

void        kefu_training_view_set_store   (KefuTrainingView *self,
                                            KefuStore        *store,
                                            KefuUser         *user);
void        kefu_training_view_reload      (KefuTrainingView *self);
gboolean    kefu_training_view_is_loading  (KefuTrainingView *self);
gboolean    kefu_training_view_can_manage  (KefuTrainingView *self);
GtkWindow  *kefu_training_view_take_exam   (KefuTrainingView *self,
                                            gint64            exam_id);
GtkWindow  *kefu_training_view_confirm_start (KefuTrainingView *self,
                                            gint64            exam_id);
GtkWindow  *kefu_training_view_publish_paper (KefuTrainingView *self,
                                            gint64            exam_id);
GtkWindow  *kefu_training_view_assign_paper (KefuTrainingView *self,
                                            gint64            exam_id);
GtkWindow  *kefu_training_view_show_stats (KefuTrainingView *self,
                                            gint64            exam_id);
GtkWindow  *kefu_training_view_new_paper  (KefuTrainingView *self);
GtkWindow  *kefu_training_view_grade      (KefuTrainingView *self,
                                           gint64            exam_id);
GtkWindow  *kefu_training_view_key_in     (KefuTrainingView *self,
                                           gint64            exam_id);
gboolean    kefu_training_view_print_paper (KefuTrainingView    *self,
                                            gint64               exam_id,
                                            const char * const  *labels,
                                            const char          *path,
                                            GError             **error);
GtkWindow  *kefu_training_view_show_assessment (KefuTrainingView *self,
                                                gint64            assessment_id);
GtkWindow  *kefu_training_view_show_cohort     (KefuTrainingView *self,
                                                gint64            cohort_id);
GtkWindow  *kefu_training_view_rate_cohort     (KefuTrainingView *self,
                                                gint64            cohort_id);
GtkWindow  *kefu_training_view_manage_cohort   (KefuTrainingView *self,
                                                gint64            cohort_id);
GtkWindow  *kefu_training_view_new_assessment (KefuTrainingView *self);
GtkWindow  *kefu_training_view_practise    (KefuTrainingView *self);
void        kefu_training_view_import_file (KefuTrainingView *self,
                                            const char       *path,
                                            const char       *bank_name);
gboolean    kefu_training_view_is_importing (KefuTrainingView *self);
GtkWindow  *kefu_training_view_name_bank   (KefuTrainingView *self,
                                            gint64            bank_id);
GtkWindow  *kefu_training_view_delete_bank (KefuTrainingView *self,
                                            gint64            bank_id);
GtkWindow  *kefu_training_view_edit_mapping (KefuTrainingView *self);
GtkWindow  *kefu_training_view_show_questions (KefuTrainingView *self,
                                               gint64            bank_id);
GtkWindow  *kefu_training_view_show_result    (KefuTrainingView *self,
                                               gint64            attempt_id);
GtkWindow  *kefu_training_view_show_attempts  (KefuTrainingView *self,
                                               gint64            exam_id);
GtkWindow  *kefu_training_view_withdraw_paper (KefuTrainingView *self,
                                               gint64            exam_id);
GtkWindow  *kefu_training_view_make_up        (KefuTrainingView *self,
                                               gint64            exam_id);
gint64      kefu_training_view_copy_paper     (KefuTrainingView *self,
                                               gint64            exam_id);

G_END_DECLS
