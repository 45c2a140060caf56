/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-assessment.h — practical assessments (情景模拟)
 *
 * A scenario (an elevator-entrapment drill…) is scored on weighted rubric
 * criteria, by default 流程规范性 process compliance 40, 沟通有效性
 * communication 30, 问题解决效率 problem solving 30; pass 85. A scenario
 * may define its own criteria (a trainer's trial lecture: 内容 40, 清晰 20,
 * 互动 20, 表达 20), whose weights must sum to 100.
 *
 * The trainer names the panel when scheduling: staff raters (users whose
 * role may rate) and named external raters (an owner representative, who
 * is not a user). A staff rater confirms their own sheet with their PIN
 * (kefu_auth_confirm; the desk's user does not change); an external
 * rater's sheet is entered by a trainer, who vouches for it (recorded as
 * entered_by). Each score is stored with the rater's real role: the
 * user's role, or the external rater's named role. Every change of a
 * score is kept (old, new, who, when, why) and audited.
 *
 * A rater's score is the weighted mean of their criteria; the result is
 * the mean of the raters' scores. The result is provisional while a
 * panel member has not scored every criterion, or while on some
 * criterion the highest and lowest rater differ by more than 15 points
 * (the spread is taken per criterion: a total's spread never exceeds the
 * widest criterion's, so the totals are covered too) — until a re-score
 * brings it within 15 or a trainer records a decision (the result's value
 * and why). A decision stands until a score changes after it. An
 * assessment without a named panel takes the raters who scored as its
 * panel (assessments from before the panel, and the sample's).
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
  gint64  rater_id;      /* a staff rater (user), or 0 */
  char   *role;          /* the user's role (trainer, supervisor, manager) or the external's (业主代表) */
  double  score;         /* weighted over the criteria scored, 0–100 */
  gint64  external_id;   /* an external rater, or 0 */
  char   *name;
  guint   n_scored;      /* criteria scored */
  gint64  entered_by;    /* who entered the sheet: the rater, or the trainer vouching for an external */
} KefuRaterScore;

typedef struct {
  guint     n_raters;    /* raters with at least one score */
  GArray   *raters;      /* KefuRaterScore: staff by id, then externals by id */
  double    mean;        /* the result: the raters' mean, or the decided value */
  double    spread;      /* highest − lowest rater's score */
  double    pass_mark;
  gboolean  passed;      /* mean ≥ pass mark (final or not: see provisional) */
  gboolean  raters_disagree;   /* some criterion's spread > KEFU_ASSESSMENT_MAX_SPREAD */
  /* the panel and the status */
  guint     n_panel;     /* staff and external panel members */
  guint     n_complete;  /* of them, who scored every criterion */
  guint     n_criteria;
  char     *widest_criterion;  /* the criterion whose raters differ most, or NULL */
  double    widest_spread;
  gboolean  decided;     /* a decision stands (no score changed after it) */
  double    decided_score;
  char     *decision_reason;
  gint64    decided_by;
  gboolean  provisional;
} KefuAssessmentResult;

typedef struct {
  gint64  user_id;       /* a staff rater, or 0 */
  gint64  external_id;   /* an external rater, or 0 */
  char   *name;
  char   *role;          /* role code of a user, or the external's named role */
  guint   n_scored;
} KefuPanelMember;

typedef struct {
  gint64  id;
  char   *criterion;
  gint64  rater_id;
  gint64  external_id;
  char   *rater;         /* the rater's name */
  double  old_score;     /* NAN: the first score */
  double  new_score;
  gint64  changed_by;
  char   *changed_by_name;
  gint64  changed_at;
  char   *reason;        /* NULL: none given */
} KefuPracticalChange;

const KefuCriterionSpec *kefu_assessment_default_criteria (guint *n);

gboolean  kefu_assessment_define_criteria (KefuStore               *store,
                                           const char              *scenario,
                                           const KefuCriterionSpec *criteria,
                                           guint                    n_criteria,
                                           GError                 **error);
GArray   *kefu_assessment_scenario_criteria (KefuStore             *store,
                                             const char            *scenario,
                                             GError               **error);

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
gboolean  kefu_assessment_add_rater  (KefuStore                *store,
                                      gint64                    assessment_id,
                                      gint64                    user_id,
                                      GError                  **error);
gint64    kefu_assessment_add_external (KefuStore              *store,
                                        gint64                  assessment_id,
                                        const char             *name,
                                        const char             *role,
                                        GError                **error);
GPtrArray *kefu_assessment_panel     (KefuStore                *store,
                                      gint64                    assessment_id,
                                      GError                  **error);
gboolean  kefu_assessment_score      (KefuStore                *store,
                                      gint64                    assessment_id,
                                      gint64                    rater_id,
                                      const double             *scores,
                                      guint                     n_scores,
                                      const char               *reason,
                                      GError                  **error);
gboolean  kefu_assessment_score_external (KefuStore            *store,
                                          gint64                assessment_id,
                                          gint64                external_id,
                                          const double         *scores,
                                          guint                 n_scores,
                                          const char           *reason,
                                          GError              **error);
gboolean  kefu_assessment_decide     (KefuStore                *store,
                                      gint64                    assessment_id,
                                      double                    score,
                                      const char               *reason,
                                      GError                  **error);
GPtrArray *kefu_assessment_history   (KefuStore                *store,
                                      gint64                    assessment_id,
                                      GError                  **error);
gboolean  kefu_assessment_result     (KefuStore                *store,
                                      gint64                    assessment_id,
                                      KefuAssessmentResult     *result,
                                      GError                  **error);
gboolean  kefu_assessment_result_for (KefuStore                *store,
                                      gint64                    assessment_id,
                                      gint64                    reader_id,
                                      KefuAssessmentResult     *result,
                                      GError                  **error);
/* for a list whose caller gated who sees it, on a reader without a user */
gboolean  kefu_assessment_result_listed (KefuStore             *store,
                                         gint64                 assessment_id,
                                         KefuAssessmentResult  *result,
                                         GError               **error);
char     *kefu_assessment_status     (const KefuAssessmentResult *result);
void      kefu_assessment_result_clear (KefuAssessmentResult   *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KefuAssessmentResult, kefu_assessment_result_clear)

G_END_DECLS
