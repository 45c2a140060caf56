/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort.h — cohorts, staff groups and the four-level evaluation
 *
 * A cohort is one run of a course for a group of people, with its dates
 * [starts_at, ends_at); a person may take a course again in a later
 * cohort. Staff groups (班组) are groups of desk staff that a trainer or
 * supervisor keeps for assigning courses and comparing results (the
 * technicians' teams are something else). Sessions carry hours, a trainer,
 * a place and who attended; the reaction survey keeps four answers from
 * 1 to 5; the ledger the costs and savings behind the training's ROI.
 *
 * The report (kefu_cohort_report()) puts Kirkpatrick's four levels side by
 * side, computed from what the desk already records:
 *  1 reaction   the survey's mean (target ≥ 4.5) and response rate;
 *  2 learning   each member's best exam result (≥ 80) and practical
 *               assessment (≥ 85) from the course's start to a week after
 *               its end;
 *  3 behaviour  each trainee's own tickets (tickets.agent_id), 13 weeks
 *               before the start against 13 weeks after the end: mean
 *               response time, first-contact resolution, repeat
 *               complaints, satisfaction — the dashboard's definitions;
 *  4 results    the center's (and the cohort's staff group's) satisfaction,
 *               complaint closure and repeat complaints, 26 weeks before
 *               against 26 weeks after, and the ROI from the ledger.
 * Whole weeks keep the mix of weekdays alike on both sides. A figure shows
 * no trend when it rests on fewer than KEFU_COHORT_MIN_CASES cases on
 * either side, or when its window after the course has not yet ended by
 * the store's clock; the report says which instead.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_COHORT_BEHAVIOUR_DAYS   91    /* 13 weeks: "three months" */
#define KEFU_COHORT_RESULTS_DAYS     182   /* 26 weeks: "six months" */
#define KEFU_COHORT_LEARNING_DAYS    7     /* results count up to a week after the end */
#define KEFU_COHORT_MIN_CASES        20    /* per figure and side, for a trend */
#define KEFU_COHORT_REACTION_TARGET  4.5
#define KEFU_COHORT_EXAM_PASS        80.0
#define KEFU_COHORT_PRACTICAL_PASS   85.0
#define KEFU_COHORT_ATTENDANCE_TARGET 0.95
#define KEFU_COHORT_ROI_TARGET       3.0   /* savings : costs, 1:3 */
#define KEFU_COHORT_SEASON_CHANGE    0.30  /* ticket volume changed this much: say so */

/* Staff groups ----------------------------------------------------------- */

typedef struct {
  gint64  id;
  char   *name;
  gint64  leader_id;      /* 0: none */
  char   *leader;         /* NULL: none */
  guint   n_members;
} KefuStaffGroup;

void        kefu_staff_group_free        (KefuStaffGroup *group);
gint64      kefu_staff_group_create      (KefuStore   *store,
                                          const char  *name,
                                          gint64       leader_id,
                                          GError     **error);
gboolean    kefu_staff_group_add_member  (KefuStore   *store,
                                          gint64       group_id,
                                          gint64       user_id,
                                          GError     **error);
gboolean    kefu_staff_group_remove_member (KefuStore *store,
                                          gint64       group_id,
                                          gint64       user_id,
                                          GError     **error);
GPtrArray  *kefu_staff_groups            (KefuStore   *store,
                                          GError     **error);

/* Cohorts ---------------------------------------------------------------- */

typedef enum {
  KEFU_COHORT_PLANNED,     /* now < starts_at */
  KEFU_COHORT_RUNNING,
  KEFU_COHORT_FINISHED,    /* now ≥ ends_at */
} KefuCohortState;

typedef struct {
  gint64           id;
  char            *name;
  gint64           course_id;
  char            *course;
  char            *layer;         /* basic, professional, management */
  gint64           starts_at, ends_at;
  gint64           group_id;      /* 0: none */
  char            *group;
  char            *trainer;       /* NULL: none */
  gint64           trainer_id;    /* 0: none */
  guint            n_members;
  guint            n_sessions;
  guint            n_surveys;     /* survey answers, signed or not */
  KefuCohortState  state;         /* by the store's clock */
  gboolean         answered;      /* kefu_cohorts_of_member(): the member answered its survey */
} KefuCohortSummary;

void        kefu_cohort_summary_free     (KefuCohortSummary *cohort);
const char *kefu_cohort_state_label      (KefuCohortState    state);
const char *kefu_cohort_state_code       (KefuCohortState    state);
const char *kefu_tier_label              (const char        *tier);

gint64      kefu_cohort_create           (KefuStore   *store,
                                          gint64       course_id,
                                          const char  *name,
                                          gint64       starts_at,
                                          gint64       ends_at,
                                          gint64       group_id,
                                          gint64       trainer_id,
                                          gint64       exam_id,
                                          GError     **error);
/* @tier: new_hire, in_post or supervisor */
gboolean    kefu_cohort_add_member       (KefuStore   *store,
                                          gint64       cohort_id,
                                          gint64       user_id,
                                          const char  *tier,
                                          GError     **error);
/* Every member of the staff group; returns how many were added (-1: error). */
int         kefu_cohort_add_group        (KefuStore   *store,
                                          gint64       cohort_id,
                                          gint64       group_id,
                                          const char  *tier,
                                          GError     **error);
gboolean    kefu_cohort_set_completed    (KefuStore   *store,
                                          gint64       cohort_id,
                                          gint64       user_id,
                                          gint64       completed_at,
                                          GError     **error);
/* By id or exact name; 0 and an error when none (or several) match. */
gint64      kefu_cohort_find             (KefuStore   *store,
                                          const char  *id_or_name,
                                          GError     **error);
/* KefuCohortSummary, newest start first */
GPtrArray  *kefu_cohorts                 (KefuStore   *store,
                                          GError     **error);
/* The cohorts @user_id is a member of that have started, latest end first,
 * with whether they answered the survey: what the desk asks them to rate. */
GPtrArray  *kefu_cohorts_of_member       (KefuStore   *store,
                                          gint64       user_id,
                                          GError     **error);

gint64      kefu_cohort_add_session      (KefuStore   *store,
                                          gint64       cohort_id,
                                          gint64       starts_at,
                                          double       hours,
                                          const char  *topic,
                                          gint64       trainer_id,
                                          const char  *place,
                                          GError     **error);
gboolean    kefu_session_set_attendance  (KefuStore   *store,
                                          gint64       session_id,
                                          gint64       user_id,
                                          gboolean     present,
                                          GError     **error);

typedef enum {
  KEFU_SURVEY_USEFULNESS,     /* the content was useful */
  KEFU_SURVEY_TRAINER,
  KEFU_SURVEY_FORMAT,
  KEFU_SURVEY_ORGANISATION,
  KEFU_SURVEY_N_ITEMS
} KefuSurveyItem;

const char *kefu_survey_item_label       (KefuSurveyItem item);

/* One member's answers, 1–5 each: by the member at the desk, or keyed in
 * from paper by a trainer (@user_id 0: an unsigned form). */
gint64      kefu_cohort_add_survey       (KefuStore   *store,
                                          gint64       cohort_id,
                                          gint64       user_id,
                                          const int    scores[KEFU_SURVEY_N_ITEMS],
                                          const char  *comment,
                                          GError     **error);

/* A cost (trainer's fee, room, hours away from the desk) or a saving
 * (rework avoided, fewer compensations), in yuan. */
gint64      kefu_cohort_add_ledger       (KefuStore   *store,
                                          gint64       cohort_id,
                                          gboolean     saving,
                                          const char  *item,
                                          double       amount,
                                          GError     **error);

/* Editing a plan (kefu-cohort-plan.c) ------------------------------------ */

typedef struct {
  gint64  id;
  char   *name;
  char   *layer;
} KefuCourseRef;

void        kefu_course_ref_free         (KefuCourseRef *course);
/* The courses a cohort may run, KefuCourseRef by layer and name */
GPtrArray  *kefu_cohort_courses          (KefuStore   *store,
                                          GError     **error);
/* "2026-03-02" as its local midnight; an error naming @what otherwise. */
gboolean    kefu_cohort_parse_day        (const char  *text,
                                          const char  *what,
                                          gint64      *at,
                                          GError     **error);

/* Trainers, supervisors and administrators (KEFU_PERMISSION_TRAIN); renames
 * and deletions are audited. */
gboolean    kefu_staff_group_rename      (KefuStore   *store,
                                          gint64       group_id,
                                          const char  *name,
                                          GError     **error);
/* The group's cohorts keep their members and lose the group. */
gboolean    kefu_staff_group_delete      (KefuStore   *store,
                                          gint64       group_id,
                                          GError     **error);

typedef struct {
  gint64    user_id;
  char     *login;
  char     *name;
  char     *tier;          /* NULL for a staff group's member */
  gboolean  answered;      /* answered the cohort's survey */
  guint     attended;      /* sessions marked present */
} KefuCohortMember;

void        kefu_cohort_member_free      (KefuCohortMember *member);
/* KefuCohortMember, by name */
GPtrArray  *kefu_staff_group_members     (KefuStore   *store,
                                          gint64       group_id,
                                          GError     **error);
GPtrArray  *kefu_cohort_members          (KefuStore   *store,
                                          gint64       cohort_id,
                                          GError     **error);
KefuCohortSummary *kefu_cohort_get       (KefuStore   *store,
                                          gint64       cohort_id,
                                          GError     **error);
/* Name, dates, staff group (0: none) and trainer (0: none); audited. */
gboolean    kefu_cohort_update           (KefuStore   *store,
                                          gint64       cohort_id,
                                          const char  *name,
                                          gint64       starts_at,
                                          gint64       ends_at,
                                          gint64       group_id,
                                          gint64       trainer_id,
                                          GError     **error);
/* With its members, sessions, attendance, survey answers, ledger,
 * checkpoints and observations; audited. */
gboolean    kefu_cohort_delete           (KefuStore   *store,
                                          gint64       cohort_id,
                                          GError     **error);
/* With their attendance and observations in the cohort. */
gboolean    kefu_cohort_remove_member    (KefuStore   *store,
                                          gint64       cohort_id,
                                          gint64       user_id,
                                          GError     **error);

typedef struct {
  gint64   id;
  gint64   starts_at;
  double   hours;
  char    *topic;
  char    *place;
  char    *trainer;        /* NULL: none */
  GArray  *present;        /* gint64 user ids marked present */
  guint    n_marked;       /* members with attendance taken (present or absent) */
} KefuCohortSession;

void        kefu_cohort_session_free     (KefuCohortSession *session);
gboolean    kefu_cohort_session_has      (const KefuCohortSession *session,
                                          gint64                   user_id);
/* KefuCohortSession, by start */
GPtrArray  *kefu_cohort_sessions         (KefuStore   *store,
                                          gint64       cohort_id,
                                          GError     **error);
gboolean    kefu_session_delete          (KefuStore   *store,
                                          gint64       session_id,
                                          GError     **error);

/* Follow-up: checkpoints 1, 3 and 6 months after the end (30, 91 and 182
 * days: the report's behaviour and results windows close by the last
 * two). They exist by themselves from the cohort's end; a trainer marks
 * one done with a note. */
#define KEFU_COHORT_N_CHECKPOINTS 3

typedef enum {
  KEFU_CHECKPOINT_UPCOMING,
  KEFU_CHECKPOINT_DUE,       /* its date has come and nobody marked it done */
  KEFU_CHECKPOINT_DONE,
} KefuCheckpointState;

typedef struct {
  int                  months;   /* 1, 3, 6 */
  gint64               due_at;
  KefuCheckpointState  state;
  gint64               done_at;
  char                *done_by;
  char                *note;
} KefuCohortCheckpoint;

void        kefu_cohort_checkpoint_free  (KefuCohortCheckpoint *checkpoint);
const char *kefu_checkpoint_title        (int months);               /* translated */
const char *kefu_checkpoint_description  (int months);               /* what to look at, translated */
/* The three, in order; none before the cohort has ended (an empty array). */
GPtrArray  *kefu_cohort_checkpoints      (KefuStore   *store,
                                          gint64       cohort_id,
                                          GError     **error);
gboolean    kefu_cohort_checkpoint_done  (KefuStore   *store,
                                          gint64       cohort_id,
                                          int          months,
                                          const char  *note,
                                          GError     **error);

/* The supervisor's weekly observation form for the 13 weeks after the
 * course (week 1 starts at the cohort's end): standard-phrase use in
 * percent (target ≥ 90), mean handling time in minutes (NAN: not timed)
 * and cooperation 1–5. Supervisors, trainers and managers
 * (KEFU_PERMISSION_DEVELOP_PEOPLE); again for the same week replaces;
 * audited. */
#define KEFU_COHORT_OBSERVATION_WEEKS 13
#define KEFU_COHORT_PHRASE_TARGET     90.0

typedef struct {
  gint64   id;
  gint64   user_id;
  char    *name;
  guint    week;
  double   phrase_rate;
  double   handling_min;     /* NAN: not timed */
  int      cooperation;
  char    *note;
  char    *observer;
} KefuObservation;

void        kefu_observation_free        (KefuObservation *observation);
/* The observation week @now falls in: 0 before the end, 1–13, 14 after. */
guint       kefu_cohort_week_at          (gint64       ends_at,
                                          gint64       now);
gint64      kefu_cohort_observe          (KefuStore   *store,
                                          gint64       cohort_id,
                                          gint64       user_id,
                                          guint        week,
                                          double       phrase_rate,
                                          double       handling_min,
                                          int          cooperation,
                                          const char  *note,
                                          GError     **error);
/* KefuObservation, by week then name */
GPtrArray  *kefu_cohort_observations     (KefuStore   *store,
                                          gint64       cohort_id,
                                          GError     **error);

/* The report ------------------------------------------------------------- */

typedef enum {
  KEFU_TREND_SHOWN,        /* both sides complete and large enough */
  KEFU_TREND_NO_DATA,      /* nothing on one side */
  KEFU_TREND_TOO_FEW,      /* fewer than KEFU_COHORT_MIN_CASES cases on a side */
  KEFU_TREND_WINDOW_OPEN,  /* the window after the course has not ended */
  KEFU_TREND_NOT_YET,      /* the course has not ended */
} KefuTrendVerdict;

typedef struct {
  double            before, after;      /* NAN: no data */
  gint64            n_before, n_after;  /* the cases each rests on */
  KefuTrendVerdict  verdict;
} KefuCohortFigure;

typedef enum {
  KEFU_BEHAVIOUR_RESPONSE_MIN,     /* mean minutes to the first response */
  KEFU_BEHAVIOUR_FIRST_CONTACT,    /* resolved and never reopened / resolved */
  KEFU_BEHAVIOUR_REPEAT_COMPLAINT, /* repeated complaints / complaints */
  KEFU_BEHAVIOUR_SATISFACTION,     /* mean rating × 20 */
  KEFU_BEHAVIOUR_N
} KefuBehaviourFigure;

typedef enum {
  KEFU_RESULT_SATISFACTION,
  KEFU_RESULT_COMPLAINT_CLOSURE,
  KEFU_RESULT_REPEAT_COMPLAINT,
  KEFU_RESULT_N
} KefuResultFigure;

typedef struct {
  const char *key;          /* JSON key */
  const char *label;        /* N_() */
  double      target;       /* NAN: none */
  gboolean    higher_is_better;
  gboolean    is_rate;      /* 0–1, shown as a percentage */
  gboolean    is_minutes;
} KefuCohortFigureInfo;

const KefuCohortFigureInfo *kefu_behaviour_info (KefuBehaviourFigure figure);
const KefuCohortFigureInfo *kefu_result_info    (KefuResultFigure    figure);
char       *kefu_cohort_figure_format    (const KefuCohortFigureInfo *info,
                                          double                      value);
/* "+4.0 pts", "−12.5 min", or a translated reason when no trend is shown */
char       *kefu_cohort_figure_change    (const KefuCohortFigureInfo *info,
                                          const KefuCohortFigure     *figure);

typedef struct {
  gint64            user_id;
  char             *name;
  char             *tier;
  guint             sessions_attended;
  double            hours;
  gboolean          answered_survey;
  double            exam_percent;        /* best in the window, NAN: none */
  double            practical_score;     /* best in the window, NAN: none */
  KefuCohortFigure  behaviour[KEFU_BEHAVIOUR_N];
} KefuCohortTrainee;

typedef struct {
  char             *scope;               /* the center, or the staff group's name */
  gint64            group_id;            /* 0: the center */
  gint64            tickets_before, tickets_after;
  KefuCohortFigure  figures[KEFU_RESULT_N];
} KefuCohortResults;

typedef struct {
  gint64      id;
  char       *name;
  char       *course;
  char       *layer;
  gint64      starts_at, ends_at, now;
  char       *group;                     /* NULL: none */
  char       *trainer;
  KefuCohortState state;

  /* attendance (参训率) */
  guint       n_members, n_sessions;
  double      planned_hours;
  double      attendance_rate;           /* NAN: no attendance taken */

  /* 1 reaction */
  guint       responses;
  double      response_rate;
  double      reaction_mean;             /* NAN: no answers */
  double      item_mean[KEFU_SURVEY_N_ITEMS];

  /* 2 learning */
  gint64      learning_until;            /* ends_at + a week */
  guint       exam_taken, exam_passed;
  double      exam_mean;
  guint       practical_taken, practical_passed;
  double      practical_mean;

  /* 3 behaviour: before [before_from, starts_at), after [ends_at, after_to) */
  gint64      behaviour_before_from, behaviour_after_to;
  KefuCohortFigure behaviour[KEFU_BEHAVIOUR_N];   /* all trainees' tickets together */
  GPtrArray  *trainees;                  /* KefuCohortTrainee, by name */

  /* 4 results */
  gint64      results_before_from, results_after_to;
  GPtrArray  *results;                   /* KefuCohortResults: the center, then the group */
  double      costs, savings;
  double      roi;                       /* savings / costs; NAN without costs */

  /* 3 behaviour: the supervisor's observation forms */
  guint       observations, observed_trainees;
  double      phrase_mean, handling_mean, cooperation_mean;   /* NAN: none */

  /* what the figures cannot tell, per level (translated sentences) */
  GPtrArray  *notes[5];                  /* [0]: attendance, [1]–[4]: the levels */
} KefuCohortReport;

KefuCohortReport *kefu_cohort_report      (KefuStore          *store,
                                           gint64              cohort_id,
                                           GError            **error);
void              kefu_cohort_report_free (KefuCohortReport   *report);
char             *kefu_cohort_report_to_json (const KefuCohortReport *report);
/* The report as FILE.xlsx (a sheet of figures and notes, one of trainees)
 * or FILE.pdf (kefu-cohort-export.c). */
gboolean          kefu_cohort_report_write   (const KefuCohortReport  *report,
                                              const char              *path,
                                              GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuCohortReport, kefu_cohort_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuStaffGroup, kefu_staff_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuCohortSummary, kefu_cohort_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuCohortMember, kefu_cohort_member_free)

G_END_DECLS
