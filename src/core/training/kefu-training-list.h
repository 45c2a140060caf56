/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-list.h — what the training screens list
 *
 * Summaries read in one query each, for the training view: the question
 * banks with their counts per type (current versions only), the papers
 * with what a given trainee may still do at each (only the published
 * papers assigned to them, until they close), a trainee's finished
 * attempts, and the practical assessments with their raters so far.
 */
#pragma once

#include "kefu-exam.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;
  char   *name;
  guint   counts[KEFU_QUESTION_N_TYPES];   /* current (not retired) questions per type */
  guint   total;
} KefuBankSummary;

typedef struct {
  gint64  id;
  char   *name;
  double  pass_mark;
  int     time_limit_min;     /* 0: none */
  int     attempts_allowed;   /* 0: no limit */
  guint   n_questions;        /* fixed questions plus the draw rules' counts */
  guint   n_attempts;         /* the user's attempts (all of them), or everyone's finished ones */
  guint   n_passed;           /* of those finished */
  gint64  open_attempt_id;    /* the user's attempt in progress, or 0 */
  gint64  open_deadline_at;   /* its deadline, 0 without a time limit */
  double  best_percent;       /* the user's best graded attempt, or -1 */
  KefuExamState state;
  gint64  opens_at;           /* the user's assignment (0: open to all); with 0, the earliest of them */
  gint64  closes_at;          /* … and its close; with 0, the latest */
  guint   n_assigned;         /* people it is assigned to */
  gint64  makeup_of;          /* the paper a make-up exam (补考) makes up for, or 0 */
} KefuExamSummary;

typedef struct {
  gint64            attempt_id;
  gint64            exam_id;
  char             *exam_name;
  KefuAttemptState  state;
  gint64            started_at;
  gint64            submitted_at;
  double            percent;
  gboolean          passed;
} KefuAttemptSummary;

typedef struct {
  gint64  id;
  char   *scenario;
  gint64  trainee_id;
  char   *trainee;
  gint64  held_at;
  guint   n_raters;
  char   *status;       /* "Final: 88.8 · Passed", "Provisional: 2 of 3 raters scored"…; NULL if not to be seen */
  gboolean provisional;
} KefuAssessmentSummary;

GPtrArray *kefu_training_banks        (KefuStore  *store,
                                       GError    **error);
GPtrArray *kefu_training_exams        (KefuStore  *store,
                                       gint64      user_id,
                                       GError    **error);
gboolean   kefu_exam_summary_can_start (const KefuExamSummary *exam);
GPtrArray *kefu_training_attempts     (KefuStore  *store,
                                       gint64      user_id,
                                       GError    **error);
GPtrArray *kefu_training_assessments  (KefuStore  *store,
                                       GError    **error);

G_END_DECLS
