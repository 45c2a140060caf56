/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-practice.h — re-practice of wrong answers (错题重练)
 *
 * A Leitner scheduler with five boxes. A question answered wrong (in an
 * exam or in practice) goes to box 1, due one day later; a wrong answer
 * later on sends it back to box 1. Answered right when it comes up, it
 * moves one box on and is due again after that box's interval: 1, 2, 4,
 * 8, 16 days for boxes 1…5. Answered right in box 5, it leaves the queue:
 * five right answers at growing intervals, about a month, take it out.
 * The daily session is every question due by now, longest overdue first,
 * each in its newest version.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_PRACTICE_N_BOXES 5

typedef struct {
  gint64  question_id;   /* the newest version */
  guint   box;           /* 1 … KEFU_PRACTICE_N_BOXES */
  gint64  due_at;
} KefuPracticeCard;

guint     kefu_practice_interval_days  (guint        box);
gboolean  kefu_practice_record         (KefuStore   *store,
                                        gint64       user_id,
                                        gint64       question_id,
                                        gboolean     correct,
                                        gint64       now,
                                        GError     **error);
GArray   *kefu_practice_due            (KefuStore   *store,
                                        gint64       user_id,
                                        gint64       now,
                                        GError     **error);
gboolean  kefu_practice_get_card       (KefuStore   *store,
                                        gint64       user_id,
                                        gint64       question_id,
                                        KefuPracticeCard *card,
                                        GError     **error);
gboolean  kefu_practice_answer         (KefuStore   *store,
                                        gint64       user_id,
                                        gint64       question_id,
                                        const char  *answer,
                                        gint64       now,
                                        gboolean    *correct,
                                        GError     **error);

G_END_DECLS
