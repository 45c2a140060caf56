/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-private.h — shared by the training modules of the core */
#pragma once

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
/* One step, FALSE only on failure (a row is left to read). Only
 * kefu-assessment.c still uses it; the other modules call
 * kefu_query_run() / kefu_query_step(). */
gboolean  kefu_training_step_done  (KefuStore     *store,
                                    KefuQuery     *stmt,
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

G_END_DECLS
