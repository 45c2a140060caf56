/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam.h — papers, draw rules, attempts and scoring
 *
 * A paper (exams) holds fixed questions and draw rules ("10 from 应急处理,
 * difficulty ≥ 3"), a time limit, a pass mark (percent, 80), the attempts
 * allowed, whether questions and choices are shuffled, the multiple-choice
 * scoring rule and what the trainee may review afterwards.
 *
 * A paper is a draft while it is put together (only then may questions and
 * draw rules be added). Publishing checks it as a whole — the draw rules
 * together must find enough different questions (two rules drawing 6
 * each from the same 7 are refused, with the reason) — and it is then
 * open to the people it is assigned to, each between an opening and a
 * closing moment; only they see it in My Exams and may start it. Points
 * per type (type_points) give every question of a type the same weight
 * on the paper, so the trainer controls the mix.
 *
 * An attempt is laid out once, when it starts: the draw, the order of the
 * questions and of each question's choices come from a seed stored with
 * the attempt, and the layout is written to attempt_answers at once, so a
 * resumed attempt shows exactly what it showed before. Each answer is
 * saved in its own transaction the moment it is given. The remaining time
 * is the stored deadline minus the clock: it survives a crash or a power
 * cut (the clock runs on while the machine is off, as in an exam hall).
 *
 * Answers are stored in the question's own terms, whatever order the
 * choices were shown in: "B" (single), "ACD" (multiple, sorted), "true" or
 * "false", or the text written. kefu_attempt_item_from_shown() turns the
 * letters the trainee saw (or ticked on a paper answer sheet) into these.
 *
 * Scoring: single choice and true/false are all-or-nothing. Multiple
 * choice scores the sum of the chosen choices' weights, never below zero
 * (KEFU_SCORING_PARTIAL), or full points only for exactly the right set
 * (KEFU_SCORING_ALL_OR_NOTHING), per paper. A short answer scores the best
 * weight of the accepted answers it matches, compared trimmed, without
 * case, full-width letters and digits as half-width (Unicode NFKC). Case
 * analysis waits for a trainer's grade against the rubric; until every
 * such answer is graded the attempt is "submitted", then "graded".
 */
#pragma once

#include "kefu-questions.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_SCORING_PARTIAL,
  KEFU_SCORING_ALL_OR_NOTHING,
} KefuScoring;

typedef enum {
  KEFU_REVIEW_SCORE_ONLY,      /* the score and whether it passed */
  KEFU_REVIEW_MISTAKES,        /* … and which answers were wrong */
  KEFU_REVIEW_FULL,            /* … and the right answers with their explanations */
} KefuReview;

typedef enum {
  KEFU_EXAM_DRAFT,                 /* being put together: nobody sees it */
  KEFU_EXAM_PUBLISHED,             /* checked as a whole; open to those it is assigned to */
  KEFU_EXAM_WITHDRAWN,             /* no new attempts */
} KefuExamState;

typedef struct {
  char        *name;
  double       pass_mark;          /* percent of the maximum score */
  int          time_limit_min;     /* 0: no limit */
  int          attempts_allowed;   /* 0: no limit */
  gboolean     shuffle_questions;
  gboolean     shuffle_options;
  KefuScoring  scoring;
  KefuReview   review;
  guint32      paper_seed;         /* the draw of printed versions; 0: chosen at random */
  double       type_points[KEFU_QUESTION_N_TYPES];   /* points per question of a type on this paper; 0: the question's own */
  KefuExamState state;             /* read by kefu_exam_load(); a new paper is a draft */
  gboolean     open_to_all;        /* papers from before assignments: everyone may sit them */
} KefuExamSettings;

typedef struct {
  gint64       bank_id;            /* 0: any bank */
  const char  *module;             /* a module code (emergency…), or NULL */
  const char  *category;           /* 分类 as written, or NULL */
  int          type;               /* a KefuQuestionType, or -1 for any */
  int          min_difficulty;     /* 0: any */
  int          max_difficulty;     /* 0: any */
  guint        count;
} KefuDrawRule;

typedef enum {
  KEFU_ATTEMPT_IN_PROGRESS,
  KEFU_ATTEMPT_SUBMITTED,          /* written answers wait for a trainer */
  KEFU_ATTEMPT_GRADED,
  KEFU_ATTEMPT_VOIDED,             /* a trainer voided it: it does not count */
} KefuAttemptState;

typedef struct {
  guint         position;          /* 1, 2, … in the order shown */
  KefuQuestion *question;          /* the version this attempt was given */
  GArray       *option_order;      /* guint: shown choice i is the question's choice option_order[i] */
  char         *answer;            /* in the question's own letters, or NULL */
  gboolean      flagged;
  gboolean      graded;
  double        score;             /* when graded */
  double        max_score;
  gboolean      correct;           /* full points */
  char         *comment;           /* the trainer's, for a graded written answer */
} KefuAttemptItem;

typedef struct {
  gint64            id;
  gint64            exam_id;
  gint64            user_id;
  KefuAttemptState  state;
  guint32           seed;
  char             *paper_version; /* "A", "B"… for a paper keyed in; NULL at the desk */
  gint64            started_at;
  gint64            deadline_at;   /* 0: no time limit */
  gint64            submitted_at;  /* 0 while in progress */
  double            score;         /* of what is graded so far */
  double            max_score;
  double            percent;
  gboolean          passed;        /* once graded */
  guint             n_ungraded;    /* written answers waiting for a trainer */
} KefuAttemptInfo;

void              kefu_exam_settings_init       (KefuExamSettings      *settings);
void              kefu_exam_settings_clear      (KefuExamSettings      *settings);
const char       *kefu_scoring_code             (KefuScoring            scoring);
const char       *kefu_review_code              (KefuReview             review);

gint64            kefu_exam_create              (KefuStore             *store,
                                                 const KefuExamSettings *settings,
                                                 GError               **error);
gboolean          kefu_exam_load                (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 KefuExamSettings      *settings,
                                                 GError               **error);
gint64            kefu_exam_find                (KefuStore             *store,
                                                 const char            *id_or_name,
                                                 GError               **error);
gboolean          kefu_exam_add_question        (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 gint64                 question_id,
                                                 GError               **error);
gboolean          kefu_exam_add_draw            (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 const KefuDrawRule    *rule,
                                                 GError               **error);
gboolean          kefu_exam_check               (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 GError               **error);
gboolean          kefu_exam_publish             (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 GError               **error);
gboolean          kefu_exam_withdraw            (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 GError               **error);
gboolean          kefu_exam_assign              (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 gint64                 user_id,
                                                 gint64                 opens_at,
                                                 gint64                 closes_at,
                                                 GError               **error);
gboolean          kefu_exam_assign_group        (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 gint64                 group_id,
                                                 gint64                 opens_at,
                                                 gint64                 closes_at,
                                                 GError               **error);
#define KEFU_EXAM_DEADLINE_NOTICE ((gint64) 24 * 3600)   /* a trainee is told a day before a paper closes */
GPtrArray        *kefu_exam_take_notices        (KefuStore             *store,
                                                 gint64                 user_id,
                                                 GError               **error);
gboolean          kefu_exam_may_start           (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 gint64                 user_id,
                                                 GError               **error);
const char       *kefu_exam_state_code          (KefuExamState          state);
gint64            kefu_draw_rule_n_matching     (KefuStore             *store,
                                                 const KefuDrawRule    *rule,
                                                 GError               **error);
GPtrArray        *kefu_exam_layout              (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 guint32                draw_seed,
                                                 guint32                order_seed,
                                                 GError               **error);
GPtrArray        *kefu_exam_paper_version       (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 const char            *label,
                                                 GError               **error);

void              kefu_attempt_item_free        (KefuAttemptItem       *item);
char             *kefu_attempt_item_from_shown  (const KefuAttemptItem *item,
                                                 const char            *shown);
char             *kefu_attempt_item_to_shown    (const KefuAttemptItem *item,
                                                 const char            *answer);

gint64            kefu_attempt_start            (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 gint64                 user_id,
                                                 guint32                seed,
                                                 GError               **error);
gint64            kefu_attempts_count           (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 gint64                 user_id);
gint64            kefu_attempt_find_open        (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 gint64                 user_id,
                                                 GError               **error);
gboolean          kefu_attempt_get_info         (KefuStore             *store,
                                                 gint64                 attempt_id,
                                                 KefuAttemptInfo       *info,
                                                 GError               **error);
void              kefu_attempt_info_clear       (KefuAttemptInfo       *info);
GPtrArray        *kefu_attempt_items            (KefuStore             *store,
                                                 gint64                 attempt_id,
                                                 GError               **error);
gboolean          kefu_attempt_save_answer      (KefuStore             *store,
                                                 gint64                 attempt_id,
                                                 guint                  position,
                                                 const char            *answer,
                                                 GError               **error);
gboolean          kefu_attempt_set_flagged      (KefuStore             *store,
                                                 gint64                 attempt_id,
                                                 guint                  position,
                                                 gboolean               flagged,
                                                 GError               **error);
gint64            kefu_attempt_remaining_seconds (KefuStore            *store,
                                                 gint64                 attempt_id,
                                                 gint64                 now,
                                                 GError               **error);
gboolean          kefu_attempt_submit           (KefuStore             *store,
                                                 gint64                 attempt_id,
                                                 GError               **error);
gboolean          kefu_attempt_check_time       (KefuStore             *store,
                                                 gint64                 attempt_id,
                                                 gint64                 now,
                                                 gboolean              *submitted,
                                                 GError               **error);
gboolean          kefu_attempt_grade            (KefuStore             *store,
                                                 gint64                 attempt_id,
                                                 guint                  position,
                                                 double                 score,
                                                 const char            *comment,
                                                 GError               **error);
GArray           *kefu_attempts_awaiting_grading (KefuStore            *store,
                                                 gint64                 exam_id,
                                                 GError               **error);
gint64            kefu_attempt_key_in           (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 gint64                 user_id,
                                                 const char            *label,
                                                 const char * const    *shown_answers,
                                                 GError               **error);
gint64            kefu_attempt_key_in_sheet     (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 gint64                 user_id,
                                                 const char            *label,
                                                 gint64                 sat_at,
                                                 gboolean               replace,
                                                 const char * const    *shown_answers,
                                                 GError               **error);
gint64            kefu_attempt_find_keyed       (KefuStore             *store,
                                                 gint64                 exam_id,
                                                 gint64                 user_id,
                                                 const char            *label,
                                                 char                 **message);

double            kefu_question_score           (const KefuQuestion    *q,
                                                 const char            *answer,
                                                 KefuScoring            scoring,
                                                 gboolean              *correct);
char             *kefu_answer_normalize         (const char            *text);
char             *kefu_answer_canonical         (const KefuQuestion    *q,
                                                 const char            *answer,
                                                 GError               **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KefuExamSettings, kefu_exam_settings_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KefuAttemptInfo, kefu_attempt_info_clear)

G_END_DECLS
