/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-private.h — shared by the training modules of the core */
#pragma once

#include "kefu-questions.h"
#include "kefu-store-private.h"

G_BEGIN_DECLS

/* A savepoint: the write works inside a caller's transaction or alone.
 * kefu_training_release() rolls back to it when @ok is FALSE. */
gboolean  kefu_training_savepoint  (KefuStore     *store,
                                    GError       **error);
gboolean  kefu_training_release    (KefuStore     *store,
                                    gboolean       ok,
                                    GError       **error);
gboolean  kefu_training_step_done  (KefuStore     *store,
                                    sqlite3_stmt  *stmt,
                                    GError       **error);

/* For a key correction only: q's content over its own row, in place. */
gboolean  kefu_question_overwrite  (KefuStore           *store,
                                    const KefuQuestion  *q,
                                    GError       **error);
/* kefu_exam_publish() inside the caller's transaction */
gboolean  kefu_exam_publish_locked (KefuStore     *store,
                                    gint64         exam_id,
                                    GError       **error);

G_END_DECLS
