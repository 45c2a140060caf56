/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-item-stats.h — how an exam went, question by question
 *
 * Computed as Moodle's quiz statistics define them
 * (https://docs.moodle.org/dev/Quiz_statistics_calculations), over every
 * graded attempt at the paper (Moodle's "all attempts"):
 *   facility index   F = mean of (score on the question / its maximum), 0–1
 *   discrimination   D = Pearson correlation between the score on the
 *                    question and the score on the rest of the test (the
 *                    attempt's total minus this question), −1…1; Moodle
 *                    shows it ×100. Undefined (NAN) when either does not vary.
 * A question drawn at random is counted over the attempts it appeared in;
 * versions of a question count as one. Flags for review, from Moodle's
 * guidance on reading these figures:
 *   too easy   F > 0.90
 *   too hard   F < 0.20
 *   poor       D < 0.20 ("weak" or worse; negative means the question
 *              probably marks the wrong people right), with at least
 *              KEFU_STATS_MIN_ATTEMPTS attempts
 * The score distribution is ten bins of the attempt's percentage:
 * [0,10), [10,20) … [90,100].
 */
#pragma once

#include "kefu-questions.h"

G_BEGIN_DECLS

#define KEFU_STATS_N_BINS 10
#define KEFU_STATS_TOO_EASY 0.90
#define KEFU_STATS_TOO_HARD 0.20
#define KEFU_STATS_POOR_DISCRIMINATION 0.20
#define KEFU_STATS_MIN_ATTEMPTS 3

typedef struct {
  gint64            question_id;      /* the newest version given in this exam */
  gint64            family_id;
  guint             position;         /* the first position it was given at */
  KefuQuestionType  type;
  char             *stem;
  guint             n;                /* attempts it appeared in */
  double            facility;         /* 0–1 */
  double            sd;               /* of the score fraction */
  double            discrimination;   /* −1…1, or NAN */
  gboolean          too_easy;
  gboolean          too_hard;
  gboolean          poor_discrimination;
} KefuItemStat;

typedef struct {
  gint64      exam_id;
  char       *name;
  double      pass_mark;
  guint       n_attempts;
  guint       n_passed;
  double      pass_rate;              /* 0–1 */
  double      mean_percent;
  double      sd_percent;
  guint       bins[KEFU_STATS_N_BINS];
  GPtrArray  *items;                  /* KefuItemStat *, by position */
} KefuExamStats;

KefuExamStats *kefu_exam_stats           (KefuStore           *store,
                                          gint64               exam_id,
                                          GError             **error);
void           kefu_exam_stats_free      (KefuExamStats       *stats);
double         kefu_stats_correlation    (const double        *x,
                                          const double        *y,
                                          guint                n);

/* Per-choice (distractor) analysis and the export (kefu-item-export.c). */
typedef struct {
  guint             position;
  gint64            question_id;
  KefuQuestionType  type;
  char             *stem;
  double            facility;         /* the question's, 0–1 */
  double            discrimination;   /* the question's, or NAN */
  guint             n_attempts;       /* graded attempts it appeared in */
  char              letter;           /* 'A'…, 'T'/'F' for true/false; '\0': not a choice question */
  char             *text;             /* the choice */
  gboolean          right;
  guint             n_chosen;
  double            mean_percent;     /* of those who picked it; NAN: nobody */
} KefuChoiceStat;

void           kefu_choice_stat_free     (KefuChoiceStat      *stat);
GPtrArray     *kefu_exam_choice_stats    (KefuStore           *store,
                                          gint64               exam_id,
                                          GError             **error);
gboolean       kefu_exam_stats_export    (KefuStore           *store,
                                          gint64               exam_id,
                                          const char          *path,
                                          GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuExamStats, kefu_exam_stats_free)

G_END_DECLS
