/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-assessment.h — practical assessments (情景模拟)
 *
 * A scenario (an elevator-entrapment drill…) is scored on weighted rubric
 * criteria, by default 流程规范性 process compliance 40, 沟通有效性
 * communication 30, 问题解决效率 problem solving 30; pass 85. Several raters
 * (trainer, supervisor, owner representative) each score every criterion
 * 0–100 independently. A rater's score is the weighted mean of their
 * criteria; the result is the mean of the raters' scores. The spread is the
 * highest rater's score minus the lowest; above 15 points the raters
 * disagree and the result is flagged for a second look.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_ASSESSMENT_PASS_MARK 85.0
#define KEFU_ASSESSMENT_MAX_SPREAD 15.0

typedef struct {
  const char *name;
  double      weight;
} KefuCriterionSpec;

typedef struct {
  gint64  criterion_id;
  char   *name;
  double  weight;
} KefuCriterion;

typedef struct {
  gint64  rater_id;
  char   *role;          /* trainer, supervisor, owner_representative… */
  double  score;         /* weighted, 0–100 */
} KefuRaterScore;

typedef struct {
  guint     n_raters;
  GArray   *raters;      /* KefuRaterScore, by rater id */
  double    mean;        /* the result */
  double    spread;      /* highest − lowest rater */
  double    pass_mark;
  gboolean  passed;
  gboolean  raters_disagree;   /* spread > KEFU_ASSESSMENT_MAX_SPREAD */
} KefuAssessmentResult;

const KefuCriterionSpec *kefu_assessment_default_criteria (guint *n);

gint64    kefu_assessment_create     (KefuStore                *store,
                                      const char               *scenario,
                                      gint64                    trainee_id,
                                      gint64                    held_at,
                                      double                    pass_mark,
                                      const KefuCriterionSpec  *criteria,
                                      guint                     n_criteria,
                                      GError                  **error);
GArray   *kefu_assessment_criteria   (KefuStore                *store,
                                      gint64                    assessment_id,
                                      GError                  **error);
gboolean  kefu_assessment_score      (KefuStore                *store,
                                      gint64                    assessment_id,
                                      gint64                    rater_id,
                                      const char               *rater_role,
                                      const double             *scores,
                                      guint                     n_scores,
                                      GError                  **error);
gboolean  kefu_assessment_result     (KefuStore                *store,
                                      gint64                    assessment_id,
                                      KefuAssessmentResult     *result,
                                      GError                  **error);
void      kefu_assessment_result_clear (KefuAssessmentResult   *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KefuAssessmentResult, kefu_assessment_result_clear)

G_END_DECLS
