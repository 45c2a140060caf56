/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-private.h — shared by the training modules of the core */
#pragma once

#include "kefu-cohort.h"
#include "kefu-query.h"
#include "kefu-questions.h"
#include "kefu-store-private.h"

G_BEGIN_DECLS

/* A KefuTransaction (kefu-query.h): a savepoint inside a caller's
 * transaction, BEGIN IMMEDIATE alone. kefu_training_release() commits the
 * innermost one when @ok, and rolls it back otherwise. */
gboolean  kefu_training_savepoint  (KefuStore     *store,
                                    GError       **error);
gboolean  kefu_training_release    (KefuStore     *store,
                                    gboolean       ok,
                                    GError       **error);

/* For a key correction only: q's content over its own row, in place. */
gboolean  kefu_question_overwrite  (KefuStore           *store,
                                    const KefuQuestion  *q,
                                    GError       **error);
/* Staff group membership changes, inside their transaction: a late
 * joiner gets the group's papers that have not closed; a leaver loses
 * those they have not started (kefu-exam.c). */
gboolean  kefu_exam_group_joined   (KefuStore     *store,
                                    gint64         group_id,
                                    gint64         user_id,
                                    GError       **error);
gboolean  kefu_exam_group_left     (KefuStore     *store,
                                    gint64         group_id,
                                    gint64         user_id,
                                    GError       **error);
/* @t as the desk shows a moment, "2025-12-01 09:30" (kefu-exam.c) */
char     *kefu_training_format_moment (gint64   t);
/* kefu_exam_publish() inside the caller's transaction */
gboolean  kefu_exam_publish_locked (KefuStore     *store,
                                    gint64         exam_id,
                                    GError       **error);

/* KEFU_STORE_ERROR_INVALID with the message made from @format; FALSE
 * (kefu-cohort.c) */
gboolean   kefu_training_invalid    (GError       **error,
                                     const char    *format,
                                     ...) G_GNUC_PRINTF (2, 3);

/* Cohorts (kefu-cohort.c), shared with the evaluation (kefu-cohort-report.c) */
/* The columns kefu_cohort_summary_from_row() reads, for a WHERE or ORDER BY */
#define KEFU_COHORT_SUMMARY_SQL \
  "SELECT c.id, c.name, c.course_id, co.name, co.layer, c.starts_at, c.ends_at, c.group_id, g.name, t.name, " \
  "  (SELECT count(*) FROM cohort_members m WHERE m.cohort_id = c.id), " \
  "  (SELECT count(*) FROM cohort_sessions s WHERE s.cohort_id = c.id), c.trainer_id, " \
  "  (SELECT count(*) FROM cohort_surveys v WHERE v.cohort_id = c.id) " \
  "FROM cohorts c JOIN courses co ON co.id = c.course_id LEFT JOIN staff_groups g ON g.id = c.group_id " \
  "LEFT JOIN users t ON t.id = c.trainer_id "
KefuCohortSummary *kefu_cohort_summary_from_row (KefuQuery *stmt,
                                                 gint64     now);
/* "2026-03-01", the local date of @at */
char      *kefu_cohort_local_date   (gint64         at);

G_END_DECLS
