/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-people.h — developing people: a profile with a capability radar,
 * the appraisal, SMART goals
 *
 * The profile (能力档案) of one person for a period (normally a quarter):
 * each training module's share of points on the person's graded exam
 * answers (passed at 80 %, weak below), their practical assessments, the
 * dashboard's KPIs over the tickets they own, and a capability radar
 * (能力雷达图) over six families. Each family's score is the weighted mean,
 * 0–100, of its sources that have data; the sources and their family and
 * weight are rows of capability_sources, which trainers edit:
 *   module     the share of points on that module's questions
 *   kpi        a rate KPI ×100 (lower-is-better rates as 100 − rate), satisfaction as is
 *   practical  the mean rater score on the practical criterion of that name
 *   exams      mean_score (percent over graded attempts) or pass_rate
 * Training counts up to the period's end; KPIs over the period.
 *
 * Who sees a profile or an appraisal: the person themselves, the leader of
 * a staff group they belong to (their supervisor, or an agent as 组长), and
 * trainers and managers (everyone's). A supervisor (who has
 * KEFU_PERMISSION_DEVELOP_PEOPLE) sees only their own team: opening anyone
 * else's is refused and the refusal audited ("people_refused"); lists
 * (appraisals, goals) hold only their team. Opening someone else's is
 * audited ("profile_viewed", "appraisal_viewed").
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kefu-kpi.h"
#include "kefu-store.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_CAPABILITY_TECHNICAL,
  KEFU_CAPABILITY_MANAGEMENT,
  KEFU_CAPABILITY_COMMUNICATION,
  KEFU_CAPABILITY_PROBLEM_SOLVING,
  KEFU_CAPABILITY_LEARNING,
  KEFU_CAPABILITY_PROFESSIONALISM,
  KEFU_N_CAPABILITIES
} KefuCapability;

#define KEFU_PEOPLE_MODULE_PASS 80.0   /* percent of a module's points: the exams' pass mark */

const char *kefu_capability_code  (KefuCapability  family);    /* "problem_solving" */
const char *kefu_capability_label (KefuCapability  family);    /* translated */
int         kefu_capability_from_code (const char *code);      /* -1 if none */

/* A row of capability_sources, and what it gave for one person */
typedef struct {
  gint64          id;
  char           *kind;     /* module, kpi, practical, exams */
  char           *key;      /* etiquette, first_contact_resolution_rate, 沟通有效性, mean_score */
  KefuCapability  family;
  double          weight;
  double          value;    /* 0–100, NAN: no data for this person */
  guint           n;        /* how many items, tickets, ratings or attempts it rests on */
} KefuCapabilitySource;

char       *kefu_capability_source_label (const KefuCapabilitySource *source);   /* translated */

typedef struct {
  KefuCapability  family;
  double          score;    /* 0–100, NAN: none of its sources has data */
  GPtrArray      *sources;  /* KefuCapabilitySource *, each source of this family */
} KefuCapabilityScore;

typedef struct {
  char     *module;         /* code: etiquette … */
  double    percent;        /* share of points, 0–100 */
  double    score, max;
  guint     items;          /* answers graded */
  gboolean  passed;         /* percent ≥ KEFU_PEOPLE_MODULE_PASS */
} KefuModuleResult;

typedef struct {
  gint64    assessment_id;
  char     *scenario;
  gint64    held_at;
  guint     n_raters;
  double    mean;           /* NAN until rated */
  double    pass_mark;
  gboolean  passed;
} KefuPracticalResult;

typedef struct {
  gint64               user_id;
  char                *login;
  char                *name;
  char                *role;
  gint64               from, to;
  GPtrArray           *modules;      /* KefuModuleResult *, by module code order */
  GPtrArray           *practicals;   /* KefuPracticalResult *, oldest first */
  KefuKpiReport       *kpi;          /* over the tickets they own */
  KefuCapabilityScore  radar[KEFU_N_CAPABILITIES];
  GPtrArray           *goals;        /* KefuGoal * */
  /* the staff group's average radar (the person's first group by name),
   * only for a group of at least KEFU_PEOPLE_GROUP_MIN people */
  char                *group;        /* NULL: none, or too small */
  guint                group_members;
  double               group_radar[KEFU_N_CAPABILITIES];  /* NAN: no member has data */
} KefuProfile;

#define KEFU_PEOPLE_GROUP_MIN 3   /* a group's average is shown from this many members on */

KefuProfile *kefu_profile_load      (KefuStore          *store,
                                     gint64              user_id,
                                     gint64              from,
                                     gint64              to,
                                     GError            **error);
/* As kefu_profile_load(), checked the same way, without a new audit
 * entry: for a window that opened the profile (audited then) showing it
 * again after a change. */
KefuProfile *kefu_profile_reload    (KefuStore          *store,
                                     gint64              user_id,
                                     gint64              from,
                                     gint64              to,
                                     GError            **error);
void         kefu_profile_free      (KefuProfile        *profile);
char        *kefu_profile_to_json   (const KefuProfile  *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuProfile, kefu_profile_free)

/* Whether @actor leads a staff group @user_id belongs to (their supervisor). */
gboolean     kefu_people_leads           (KefuStore          *store,
                                          gint64              actor,
                                          gint64              user_id);

/* Whether the signed-in user sees everyone's profiles, appraisals, goals
 * and reviews (trainers and managers); supervisors see their own team's:
 * the members of the staff groups they lead, and themselves. */
gboolean     kefu_people_sees_everyone   (KefuStore          *store);
/* Whether the signed-in user may see @user_id's: themselves, their team,
 * or everyone's (kefu_people_sees_everyone). The core refuses the rest
 * (with a message naming the person, audited as "people_refused"). */
gboolean     kefu_people_may_see         (KefuStore          *store,
                                          gint64              user_id);

/* The radar's sources: every row of capability_sources, by family. */
GPtrArray   *kefu_capability_sources     (KefuStore          *store,
                                          GError            **error);
/* Adds a source or changes its family and weight (trainers, supervisors,
 * administrators: KEFU_PERMISSION_TRAIN); audited. */
gboolean     kefu_capability_source_set  (KefuStore          *store,
                                          const char         *kind,
                                          const char         *key,
                                          const char         *family,
                                          double              weight,
                                          GError            **error);
gboolean     kefu_capability_source_remove (KefuStore        *store,
                                          const char         *kind,
                                          const char         *key,
                                          GError            **error);

/* Periods: "2026-Q3" and "2026" as local [from, to). */
gboolean     kefu_people_parse_quarter   (const char  *text,
                                          gint64      *from,
                                          gint64      *to,
                                          GError     **error);
gboolean     kefu_people_parse_year      (const char  *text,
                                          gint64      *from,
                                          gint64      *to,
                                          GError     **error);
void         kefu_people_quarter_of      (gint64       at,
                                          gint64      *from,
                                          gint64      *to);

/* Appraisal (考核) ---------------------------------------------------------- */

typedef enum {
  KEFU_GRADE_EXCELLENT,          /* 优秀 */
  KEFU_GRADE_GOOD,               /* 良好 */
  KEFU_GRADE_FAIR,               /* 一般 */
  KEFU_GRADE_NEEDS_IMPROVEMENT,  /* 需改进 */
  KEFU_GRADE_NONE,               /* no figure to grade */
} KefuGrade;

/* Percent thresholds: excellent ≥ 95, good ≥ 90, fair ≥ 85, needs
 * improvement below 80 (the seed's figures). Between needs_improvement_below
 * and fair the seed names no grade: that is fair, with a note. */
typedef struct {
  double excellent;
  double good;
  double fair;
  double needs_improvement_below;
} KefuGradeThresholds;

const char *kefu_grade_code   (KefuGrade grade);    /* excellent … none */
const char *kefu_grade_label  (KefuGrade grade);    /* translated: 优秀 … */
KefuGrade   kefu_grade_for    (const KefuGradeThresholds *thresholds,
                               double                     percent,
                               gboolean                  *noted);
void        kefu_appraisal_get_thresholds (KefuStore                 *store,
                                           KefuGradeThresholds       *thresholds);
/* Supervisors, managers, administrators (the center's settings); audited. */
gboolean    kefu_appraisal_set_thresholds (KefuStore                 *store,
                                           const KefuGradeThresholds *thresholds,
                                           GError                   **error);

/* The KPIs the appraisal averages, each as a percentage: on-time response,
 * on-time resolution, complaint closure, first-contact resolution,
 * satisfaction (out of 100) and follow-up calls. */
const KefuKpi *kefu_appraisal_kpis (guint *n);

typedef struct {
  gint64          user_id;
  char           *login;
  char           *name;
  KefuKpiReport  *kpi;
  guint           n_used;        /* appraisal KPIs with data */
  double          percent;       /* their mean, NAN without any */
  KefuGrade       grade;
  gboolean        noted;         /* between the needs-improvement and fair thresholds */
} KefuAppraisal;

void        kefu_appraisal_free      (KefuAppraisal  *appraisal);
KefuAppraisal *kefu_appraisal_compute_one (KefuStore  *store,
                                           gint64      user_id,
                                           gint64      from,
                                           gint64      to,
                                           GError    **error);
/* Every active agent's (role agent), by percent, best first; for those
 * with KEFU_PERMISSION_DEVELOP_PEOPLE (a supervisor's list holds their own
 * team only); audited once. */
GPtrArray  *kefu_appraisal_compute   (KefuStore      *store,
                                      gint64          from,
                                      gint64          to,
                                      GError        **error);
char       *kefu_appraisals_to_json  (GPtrArray      *appraisals,
                                      gint64          from,
                                      gint64          to);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuAppraisal, kefu_appraisal_free)

/* SMART goals ---------------------------------------------------------------- */

#define KEFU_GOAL_BASELINE_DAYS 90   /* the baseline: the KPI over the 90 days before the goal is set */

typedef enum {
  KEFU_GOAL_OPEN,
  KEFU_GOAL_ACHIEVED,            /* the figure since the start meets the target */
  KEFU_GOAL_OVERDUE,             /* the deadline passed and the target was not met */
} KefuGoalState;

typedef struct {
  gint64         id;
  gint64         user_id;
  char          *login;
  char          *name;
  KefuKpi        kpi;
  double         baseline;       /* in the KPI's unit (rates 0–1), NAN without data */
  gint64         baseline_from, baseline_to;
  double         target;
  gint64         start_at, deadline;
  char          *note;
  double         current;        /* over [start, min(now, deadline)), NAN without data */
  double         progress;       /* 0–1 of the way from baseline to target, NAN if unknown */
  KefuGoalState  state;
} KefuGoal;

void        kefu_goal_free           (KefuGoal       *goal);
const char *kefu_goal_state_code     (KefuGoalState  state);
const char *kefu_goal_state_label    (KefuGoalState  state);
/* Whether @kpi may be a goal's: the rates, satisfaction and response times. */
gboolean    kefu_goal_kpi_allowed    (KefuKpi        kpi);
/* Sets a goal from now to @deadline; the baseline is measured now. For
 * those with KEFU_PERMISSION_DEVELOP_PEOPLE; audited. Returns its id. */
gint64      kefu_goal_add            (KefuStore      *store,
                                      gint64          user_id,
                                      KefuKpi         kpi,
                                      double          target,
                                      gint64          deadline,
                                      const char     *note,
                                      GError        **error);
/* One person's goals (@user_id > 0; themselves or with the right), or
 * everyone's (0, with the right), newest deadline last; progress measured now. */
GPtrArray  *kefu_goal_list           (KefuStore      *store,
                                      gint64          user_id,
                                      GError        **error);
/* The goals as a JSON array (the profile's and kefu-cli's) */
void        kefu_people_goals_json   (JsonBuilder    *b,
                                      GPtrArray      *goals);

/* The baseline a goal on @kpi for @user_id would get if set now: the KPI
 * over the KEFU_GOAL_BASELINE_DAYS before (NAN without data); for those
 * who may set it (their team, or everyone for trainers and managers). */
gboolean    kefu_goal_baseline       (KefuStore      *store,
                                      gint64          user_id,
                                      KefuKpi         kpi,
                                      double         *value,
                                      GError        **error);
/* The overdue goals of the people in the staff groups the signed-in user
 * leads (their supervisor is told, not the person). With @take, only those
 * nobody was told about yet, and each is then recorded as told (audited
 * "goal_overdue_flagged", which is what makes it once per goal). */
GPtrArray  *kefu_goal_overdue_for_leader (KefuStore  *store,
                                      gboolean        take,
                                      GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuGoal, kefu_goal_free)

/* 360° reviews -------------------------------------------------------------- */

/* The seed's evaluation items: 工作成果, 团队管理, 沟通, 应急处理, 服务质量 */
typedef enum {
  KEFU_REVIEW_RESULTS,
  KEFU_REVIEW_TEAM_MANAGEMENT,
  KEFU_REVIEW_COMMUNICATION,
  KEFU_REVIEW_EMERGENCY,
  KEFU_REVIEW_SERVICE_QUALITY,
  KEFU_N_REVIEW_ITEMS
} KefuReviewItem;

#define KEFU_REVIEW_MIN_PEERS 3   /* peers' scores are shown from this many answers on */

const char *kefu_review_item_code  (KefuReviewItem item);
const char *kefu_review_item_label (KefuReviewItem item);

/* A supervisor, trainer or manager starts a round for @user_id over the
 * period [from, to) and names the peers asked (others than the person);
 * audited. Returns the round's id. */
gint64      kefu_review_start      (KefuStore      *store,
                                    gint64          user_id,
                                    gint64          from,
                                    gint64          to,
                                    const gint64   *peers,
                                    guint           n_peers,
                                    GError        **error);
/* The signed-in user answers, scores 0–100 per item: as the person
 * themselves (self), as a peer asked (once; only added to the peers'
 * totals, the record keeps that they answered, never what), or as a
 * supervisor, trainer or manager (supervisor; again replaces). */
gboolean    kefu_review_answer     (KefuStore      *store,
                                    gint64          round_id,
                                    const double   *scores,
                                    GError        **error);

typedef struct {
  gint64   round_id;
  gint64   user_id;
  char    *name;
  gint64   from, to;
  guint    peers_asked;
  guint    peers_answered;
  gboolean peers_shown;                       /* at least KEFU_REVIEW_MIN_PEERS answered */
  double   self[KEFU_N_REVIEW_ITEMS];         /* NAN: not answered */
  double   supervisor[KEFU_N_REVIEW_ITEMS];   /* the supervisors' mean */
  double   peers[KEFU_N_REVIEW_ITEMS];        /* the peers' mean, NAN until shown */
  double   owners;                            /* satisfaction from follow-ups over the period, 0–100 */
  guint    owner_ratings;
} KefuReviewResult;

/* A round the signed-in user is asked to answer as a peer and has not. */
typedef struct {
  gint64  round_id;
  char   *name;            /* whose review */
  gint64  from, to;
} KefuReviewAsked;

void        kefu_review_asked_free (KefuReviewAsked *asked);
/* KefuReviewAsked, newest round first */
GPtrArray  *kefu_review_asked      (KefuStore      *store,
                                    GError        **error);

/* The latest round of @user_id over exactly [from, to); 0 when none. */
gint64      kefu_review_find_round (KefuStore      *store,
                                    gint64          user_id,
                                    gint64          from,
                                    gint64          to,
                                    GError        **error);

/* For the person and those with KEFU_PERMISSION_DEVELOP_PEOPLE (audited). */
KefuReviewResult *kefu_review_result      (KefuStore         *store,
                                           gint64             round_id,
                                           GError           **error);
/* As kefu_review_result(), checked the same way, without a new audit
 * entry: for a window showing again the result it opened (audited then). */
KefuReviewResult *kefu_review_result_reload (KefuStore       *store,
                                             gint64           round_id,
                                             GError         **error);
void              kefu_review_result_free (KefuReviewResult  *result);
char             *kefu_review_result_to_json (const KefuReviewResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuReviewResult, kefu_review_result_free)

G_END_DECLS
