/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-schedule.h — moving a cohort's plan: what its Gantt edits
 *
 * Trainers, supervisors and administrators (KEFU_PERMISSION_TRAIN). Each
 * change is one transaction, audited, and refused with a message naming
 * the rule it would break: a cohort or session that ends before (or as)
 * it starts, a session outside its cohort's dates, a session over 24
 * hours.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

/* The cohort's new dates (ends_at exclusive). @move_sessions: the whole
 * plan moves, each session by the same amount as the start (a bar dragged
 * along); otherwise the sessions stay and must still fit. */
gboolean    kefu_cohort_reschedule   (KefuStore   *store,
                                      gint64       cohort_id,
                                      gint64       starts_at,
                                      gint64       ends_at,
                                      gboolean     move_sessions,
                                      GError     **error);
/* A session's new start and end (its hours are the difference). */
gboolean    kefu_session_reschedule  (KefuStore   *store,
                                      gint64       session_id,
                                      gint64       starts_at,
                                      gint64       ends_at,
                                      GError     **error);

G_END_DECLS
