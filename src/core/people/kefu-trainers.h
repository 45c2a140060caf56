/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-trainers.h — internal trainers (内训师): the certification screen
 * and the yearly evaluation
 *
 * The screen: at least KEFU_TRAINER_MIN_YEARS years of service, trainees'
 * satisfaction at least KEFU_TRAINER_MIN_SATISFACTION (out of 100), no
 * major complaint, and a 15-minute trial lecture whose score — the mean of
 * its four criteria, content, clarity, interaction and delivery, each
 * 0–100 and weighted alike — is at least KEFU_TRAINER_LECTURE_PASS. Every
 * condition not met is named.
 *
 * The yearly evaluation: satisfaction 40 %, results applied 30 %, new
 * courses 20 %, contribution 10 %, each figure 0–100, graded with the
 * appraisal's thresholds (kefu_appraisal_get_thresholds).
 *
 * The satisfaction can be measured: the trainees' 讲师 rating (1–5) in the
 * reaction surveys of the cohorts the person trained, ×20.
 */
#pragma once

#include "kefu-people.h"

G_BEGIN_DECLS

#define KEFU_TRAINER_MIN_YEARS        3.0
#define KEFU_TRAINER_MIN_SATISFACTION 90.0
#define KEFU_TRAINER_LECTURE_PASS     80.0

typedef enum {
  KEFU_LECTURE_CONTENT,
  KEFU_LECTURE_CLARITY,
  KEFU_LECTURE_INTERACTION,
  KEFU_LECTURE_DELIVERY,
  KEFU_N_LECTURE_CRITERIA
} KefuLectureCriterion;

const char *kefu_lecture_criterion_label (KefuLectureCriterion criterion);   /* translated */

typedef struct {
  double   years;                              /* of service */
  double   satisfaction;                       /* 0–100 */
  gboolean major_complaint;
  double   lecture[KEFU_N_LECTURE_CRITERIA];   /* 0–100 each */
} KefuTrainerCandidate;

typedef struct {
  gboolean   passed;
  double     lecture;       /* the trial lecture's score, the criteria's mean */
  GPtrArray *unmet;         /* char *, translated: each condition not met */
} KefuTrainerScreen;

void               kefu_trainer_screen_free (KefuTrainerScreen          *screen);
/* NULL and an error naming the figure for a figure out of range */
KefuTrainerScreen *kefu_trainer_screen      (const KefuTrainerCandidate *candidate,
                                             GError                    **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuTrainerScreen, kefu_trainer_screen_free)

typedef struct {
  double satisfaction;      /* 0–100, weight 40 % */
  double results;           /* results applied, 0–100, 30 % */
  double courses;           /* new courses, 0–100, 20 % */
  double contribution;      /* 0–100, 10 % */
} KefuTrainerYear;

/* The weighted score, 0–100; NAN and an error naming the figure out of range */
double      kefu_trainer_evaluate        (const KefuTrainerYear *year,
                                          GError               **error);

/* The trainees' rating of @trainer_id over [from, to) in the cohorts'
 * reaction surveys, ×20 (NAN and @n 0 without any); for the person, their
 * supervisor, trainers and managers (kefu_people_may_see), audited. */
gboolean    kefu_trainer_satisfaction    (KefuStore  *store,
                                          gint64      trainer_id,
                                          gint64      from,
                                          gint64      to,
                                          double     *percent,
                                          guint      *n,
                                          GError    **error);

G_END_DECLS
