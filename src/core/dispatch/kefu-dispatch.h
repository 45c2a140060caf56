/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch.h — automatic dispatch, the dispatch board's data and moves,
 * contractors' monthly scores
 *
 * Rules (table dispatch_rules) are tried in order; a rule matches a ticket
 * when each condition it sets agrees (kind, sub-type, level, building,
 * channel, time of day [from_min, to_min) in local minutes from midnight,
 * which may wrap midnight: 22:00–08:00). The first active matching rule
 * whose team can take the job wins. A rule is passed over, with the reason
 * written into the explanation, when its team is a suspended contractor or
 * has nobody on shift at that moment; the next matching rule is tried.
 *
 * Within the team (its members by primary team or as one of their other
 * teams) the technician is chosen among the active ones on shift
 * (weekly shifts; a "leave" exception that day removes the time it covers,
 * the whole day without times; an "extra" one adds it): first those whose
 * skills include the ticket's sub-type, then those who cover its building
 * (technician_buildings), then the fewest open jobs (dispatched, accepted,
 * on site, on hold), then the lowest id.
 *
 * A job with an appointment later than the moment of the decision is
 * decided for the appointment's time: the time-of-day conditions and who is
 * on shift are taken then.
 *
 * Urgent tickets: level 1 and 2 must pass the second person's check
 * (工单双人复核) before any dispatch (kefu_desk_dispatch refuses them). The
 * rules still decide for them, but the decision is KEFU_DISPATCH_AWAITING_CHECK
 * and is not applied; kefu_desk_verify dispatches them automatically right
 * after the check. In the unassigned queue levels 1 and 2 come first, then
 * by creation time.
 *
 * Contractor score for a month (0–100), from the contractor's jobs
 * dispatched that month:
 *   speed   = 100 at ≤ 30 min mean dispatched → on site, 0 at ≥ 150 min, linear between
 *   rework  = 100 × (1 − reopened share / 25 %), at least 0
 *   ratings = (mean 回访 rating − 1) / 4 × 100
 *   score   = round (0.3 × speed + 0.4 × rework + 0.3 × ratings)
 * A part without data (nothing arrived, nothing rated) is left out and
 * the weights of the others scaled up. Below 80 the team is suspended with
 * the month, the score and its weakest part ("2026-10 评分 72：返工率 18%")
 * until kefu_dispatch_reinstate_team().
 *
 * Each section below is implemented in its own file of src/core/dispatch/
 * (what they share is in kefu-dispatch-private.h): Settings in
 * kefu-dispatch.c, Rules in kefu-dispatch-rules.c, Shifts and Teams in
 * kefu-dispatch-roster.c, Decisions in kefu-dispatch-engine.c, the board in
 * kefu-board.c (reading it) and kefu-dispatch-moves.c (moves, appointments,
 * reports by phone), Contractors in kefu-dispatch-contractors.c.
 */
#pragma once

#include "kefu-batch.h"
#include "kefu-store.h"

G_BEGIN_DECLS

/* Settings ------------------------------------------------------------------ */

gboolean    kefu_dispatch_get_auto          (KefuStore   *store);
gboolean    kefu_dispatch_set_auto          (KefuStore   *store,
                                             gboolean     enabled,
                                             GError     **error);

/* Rules --------------------------------------------------------------------- */

typedef struct {
  gint64    id;
  int       position;      /* 1, 2, 3… in the order they are tried */
  char     *name;          /* e.g. "电梯" */
  char     *kind;          /* NULL = any */
  char     *subtype;       /* NULL = any */
  int       level;         /* 1–3, 0 = any */
  gint64    building_id;   /* 0 = any */
  char     *building_name; /* filled by kefu_dispatch_list_rules */
  char     *channel;       /* NULL = any */
  int       from_min;      /* minutes from local midnight; -1 = any time */
  int       to_min;        /* end, exclusive; may be below from_min (wraps midnight) */
  gint64    team_id;
  char     *team_name;     /* filled by kefu_dispatch_list_rules */
  gboolean  active;
} KefuDispatchRule;

void        kefu_dispatch_rule_free         (KefuDispatchRule *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuDispatchRule, kefu_dispatch_rule_free)

GPtrArray  *kefu_dispatch_list_rules        (KefuStore               *store,
                                             GError                 **error);
char       *kefu_dispatch_rule_describe     (const KefuDispatchRule  *rule);
gint64      kefu_dispatch_add_rule          (KefuStore               *store,
                                             const KefuDispatchRule  *rule,
                                             GError                 **error);
gboolean    kefu_dispatch_update_rule       (KefuStore               *store,
                                             const KefuDispatchRule  *rule,
                                             GError                 **error);
gboolean    kefu_dispatch_delete_rule       (KefuStore               *store,
                                             gint64                   rule_id,
                                             GError                 **error);
gboolean    kefu_dispatch_move_rule         (KefuStore               *store,
                                             gint64                   rule_id,
                                             int                      position,
                                             GError                 **error);
gboolean    kefu_dispatch_set_rule_active   (KefuStore               *store,
                                             gint64                   rule_id,
                                             gboolean                 active,
                                             GError                 **error);
gboolean    kefu_dispatch_rule_matches      (const KefuDispatchRule  *rule,
                                             const char              *kind,
                                             const char              *subtype,
                                             int                      level,
                                             gint64                   building_id,
                                             const char              *channel,
                                             int                      minute_of_day);

/* Shifts -------------------------------------------------------------------- */

typedef enum {
  KEFU_TECHNICIAN_OFF,
  KEFU_TECHNICIAN_ON_SHIFT,
  KEFU_TECHNICIAN_ON_SITE,     /* on shift or not, at a job now */
} KefuTechnicianStatus;

const char *kefu_technician_status_label    (KefuTechnicianStatus status);
gboolean    kefu_dispatch_is_on_shift       (KefuStore   *store,
                                             gint64       technician_id,
                                             gint64       at,
                                             GError     **error);

/* A team's technician as the manual Dispatch dialog lists them. */
typedef struct {
  gint64                id;
  char                 *name;
  KefuTechnicianStatus  status;      /* on site before on shift */
  gboolean              on_shift;    /* at @at, whatever their status */
  guint                 open_jobs;   /* dispatched, accepted, on site, on hold */
} KefuTeamMember;

void        kefu_team_member_free           (KefuTeamMember *member);
/* The active technicians of @team_id (theirs or one of their other teams)
 * at @at (0 = now): those on shift first, then the fewest open jobs, then
 * by id. */
GPtrArray  *kefu_dispatch_list_team_members (KefuStore   *store,
                                             gint64       team_id,
                                             gint64       at,
                                             GError     **error);
/* "李师傅 · On shift · 2 open jobs": one line for a list. */
char       *kefu_team_member_describe       (const KefuTeamMember *member);

/* What the board's technician search looks in: the names as written, their
 * pinyin and initials (李师傅 → "lishifu", "lsf"), lower-case. */
char       *kefu_dispatch_search_text       (const char  *technician,
                                             const char  *team);
/* Whether @haystack (from kefu_dispatch_search_text) has @text: as written,
 * or typed as pinyin or initials (spaces and case ignored). Empty text
 * matches everything. */
gboolean    kefu_dispatch_search_matches    (const char  *haystack,
                                             const char  *text);

/* Technicians' settings: who they are, their teams, skills, buildings,
 * weekly shifts and the exceptions to them. Each write is one transaction,
 * allowed to those who may dispatch, and writes one audit_log row. */

typedef struct {
  gint64    id;
  char     *date;        /* "YYYY-MM-DD", local */
  char     *kind;        /* "leave" or "extra" */
  int       from_min;    /* -1: the whole day */
  int       to_min;
  char     *note;        /* may be NULL */
  gint64    swap_id;     /* > 0: part of a swap (调班), removed together */
} KefuShiftException;

typedef struct {
  gint64    id;
  int       weekday;     /* 1 (Monday) … 7 */
  int       from_min;
  int       to_min;      /* below from_min: runs past midnight */
} KefuShift;

typedef struct {
  gint64     id;
  char      *name;
  gint64     team_id;        /* the primary team: the lane on the board */
  char      *team_name;
  GArray    *other_teams;    /* gint64: the technician's other teams */
  char      *phone;          /* may be NULL */
  char      *skills;         /* comma list of sub-type codes */
  GArray    *buildings;      /* gint64: the buildings they usually cover */
  gboolean   active;
  int        shift_from[7];  /* [0] Monday … [6] Sunday: the day's first shift; -1: off that day */
  int        shift_to[7];    /* may be below shift_from: runs past midnight */
  GArray    *shifts;         /* KefuShift, by weekday and start */
  GPtrArray *exceptions;     /* KefuShiftException, by date */
} KefuTechnicianSchedule;

void        kefu_shift_exception_free       (KefuShiftException *exception);
void        kefu_technician_schedule_free   (KefuTechnicianSchedule *schedule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuTechnicianSchedule, kefu_technician_schedule_free)

/* The technicians by team (own teams first) then id, the active ones first,
 * then the deactivated; with their exceptions dated @from_date
 * ("YYYY-MM-DD") or later. */
GPtrArray  *kefu_dispatch_list_schedules    (KefuStore   *store,
                                             const char  *from_date,
                                             GError     **error);
/* @weekday 1 (Monday) … 7; @from_min = -1: off that day. Replaces the
 * weekday's shifts with this one. */
gboolean    kefu_dispatch_set_shift         (KefuStore   *store,
                                             gint64       technician_id,
                                             int          weekday,
                                             int          from_min,
                                             int          to_min,
                                             GError     **error);
/* One more shift on @weekday (08:00–12:00 and 14:00–18:00); an end before
 * the start runs past midnight. Refused when it overlaps another shift of
 * the technician's week. Returns the shift's id. */
gint64      kefu_dispatch_add_shift         (KefuStore   *store,
                                             gint64       technician_id,
                                             int          weekday,
                                             int          from_min,
                                             int          to_min,
                                             GError     **error);
gboolean    kefu_dispatch_remove_shift      (KefuStore   *store,
                                             gint64       shift_id,
                                             GError     **error);
/* @kind "leave" or "extra"; @from_min = -1 for the whole day. */
gint64      kefu_dispatch_add_exception     (KefuStore   *store,
                                             gint64       technician_id,
                                             const char  *date,
                                             const char  *kind,
                                             int          from_min,
                                             int          to_min,
                                             const char  *note,
                                             GError     **error);
/* Removes the exception, or the whole swap it is part of. */
gboolean    kefu_dispatch_remove_exception  (KefuStore   *store,
                                             gint64       exception_id,
                                             GError     **error);
/* A swapped shift (调班) on @date: @technician_id's weekly shifts that day
 * are worked by @with_id. Records leave for the one and extra shifts for
 * the other over the same times (a shift past midnight also the next
 * morning), linked, noted "调班：与 …". Returns the swap's id. */
gint64      kefu_dispatch_swap_shift        (KefuStore   *store,
                                             gint64       technician_id,
                                             gint64       with_id,
                                             const char  *date,
                                             GError     **error);
/* Skills are sub-type codes, comma separated. */
gboolean    kefu_dispatch_update_technician (KefuStore   *store,
                                             gint64       technician_id,
                                             const char  *phone,
                                             const char  *skills,
                                             GError     **error);
gint64      kefu_dispatch_add_technician    (KefuStore   *store,
                                             const char  *name,
                                             const char  *phone,
                                             gint64       team_id,
                                             GError     **error);
gboolean    kefu_dispatch_rename_technician (KefuStore   *store,
                                             gint64       technician_id,
                                             const char  *name,
                                             GError     **error);
/* Deactivating is refused while the technician has open jobs. */
gboolean    kefu_dispatch_set_technician_active (KefuStore *store,
                                             gint64       technician_id,
                                             gboolean     active,
                                             GError     **error);
/* @team_id the primary team, @other_teams the others (may be NULL). */
gboolean    kefu_dispatch_set_technician_teams (KefuStore *store,
                                             gint64       technician_id,
                                             gint64       team_id,
                                             const gint64 *other_teams,
                                             guint        n_other_teams,
                                             GError     **error);
gboolean    kefu_dispatch_set_technician_buildings (KefuStore *store,
                                             gint64       technician_id,
                                             const gint64 *buildings,
                                             guint        n_buildings,
                                             GError     **error);
/* Every building, detail = its estate's name, by estate then building. */

/* Teams ---------------------------------------------------------------------- */

typedef struct {
  gint64    id;
  char     *name;
  char     *subtypes;          /* comma list of the sub-type codes it covers */
  gboolean  contractor;        /* 外包服务商 */
  gboolean  suspended;
  char     *suspended_reason;
  guint     technicians;       /* active, primary or not */
  guint     open_tickets;
} KefuTeam;

void        kefu_team_free                  (KefuTeam *team);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuTeam, kefu_team_free)

/* Own teams first, then contractors; each by id. */
GPtrArray  *kefu_dispatch_list_teams        (KefuStore   *store,
                                             GError     **error);
gint64      kefu_dispatch_add_team          (KefuStore   *store,
                                             const char  *name,
                                             const char  *subtypes,
                                             gboolean     contractor,
                                             GError     **error);
gboolean    kefu_dispatch_update_team       (KefuStore   *store,
                                             gint64       team_id,
                                             const char  *name,
                                             const char  *subtypes,
                                             gboolean     contractor,
                                             GError     **error);
/* Refused, saying why, while the team has technicians, open tickets, rules
 * sending it jobs, or past tickets whose history names it. */
gboolean    kefu_dispatch_delete_team       (KefuStore   *store,
                                             gint64       team_id,
                                             GError     **error);

/* Decisions ----------------------------------------------------------------- */

typedef enum {
  KEFU_DISPATCH_ASSIGN,           /* team and technician chosen */
  KEFU_DISPATCH_AWAITING_CHECK,   /* level 1/2 not yet verified: chosen, not applied */
  KEFU_DISPATCH_NO_RULE,          /* no active rule matches */
  KEFU_DISPATCH_NO_TECHNICIAN,    /* rules match, but no team of theirs can take it now */
} KefuDispatchOutcome;

typedef struct {
  gint64               ticket_id;
  char                *number;
  int                  level;
  KefuDispatchOutcome  outcome;
  gint64               rule_id;
  int                  rule_position;
  gint64               team_id;
  char                *team_name;
  gint64               technician_id;
  char                *technician_name;
  guint                open_jobs;        /* the technician's, before this one */
  char                *reason;           /* translated: "规则3：电梯 → 特种设备组；李师傅：在班，2 单进行中" */
  gboolean             applied;          /* kefu_dispatch_run dispatched it */
} KefuDispatchDecision;

void        kefu_dispatch_decision_free     (KefuDispatchDecision *decision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuDispatchDecision, kefu_dispatch_decision_free)

/* What the rules would do with @ticket_id at @at (0 = now); writes nothing. */
KefuDispatchDecision *kefu_dispatch_decide  (KefuStore   *store,
                                             gint64       ticket_id,
                                             gint64       at,
                                             GError     **error);
/* The unassigned queue (new and reopened tickets; levels 1 and 2 first,
 * then oldest first), one decision each; each decision counts the jobs
 * given before it. With @apply, each ASSIGN decision is dispatched through
 * kefu_desk_dispatch with its reason in the timeline, and a ticket the
 * rules leave unassigned gets why as a note, unless its timeline's last
 * such note says the same. Returns
 * KefuDispatchDecision, in queue order. */
GPtrArray  *kefu_dispatch_run               (KefuStore   *store,
                                             gint64       at,
                                             gboolean     apply,
                                             GError     **error);
/* The same, written in batches of @options (NULL: kefu-batch.h's
 * defaults): other programs write between two batches; a ticket someone
 * else dispatched meanwhile is left as they did (not applied); a run
 * stopped between batches leaves the batches before, and a run again goes
 * on with the tickets still in the queue. */
GPtrArray  *kefu_dispatch_run_batched       (KefuStore               *store,
                                             gint64                   at,
                                             gboolean                 apply,
                                             const KefuBatchOptions  *options,
                                             GError                 **error);
/* Called by intake after a ticket is saved or verified: when automatic
 * dispatch is on and the rules assign it, dispatches it. When the rules
 * leave it unassigned (no rule, nobody on shift), says why in its timeline
 * (a note without a user: "Automatic dispatch: …") and, when nobody
 * can take it, it is urgent (levels 1–2) or a repair, through
 * KefuStore::notice ("dispatch", the same words with its number) for the
 * window's toast. Never fails the caller; returns whether the ticket was
 * dispatched. */
gboolean    kefu_dispatch_on_intake         (KefuStore   *store,
                                             gint64       ticket_id);

/* The board ----------------------------------------------------------------- */

/* A span of the board's day in minutes from its local midnight, [from, to). */
typedef struct {
  int  from_min;
  int  to_min;
} KefuMinuteSpan;

/* Why an appointment is marked on the board. */
typedef enum {
  KEFU_APPOINTMENT_FINE      = 0,
  KEFU_APPOINTMENT_OVERLAPS  = 1 << 0,   /* with another appointment in the same lane */
  KEFU_APPOINTMENT_OFF_SHIFT = 1 << 1,   /* not all within the technician's shifts of the day */
} KefuAppointmentConflict;

#define KEFU_APPOINTMENT_DEFAULT_MINUTES 60

typedef struct {
  gint64                technician_id;
  char                 *technician_name;
  gint64                team_id;
  char                 *team_name;
  gboolean              contractor;
  gboolean              suspended;       /* the team */
  KefuTechnicianStatus  status;          /* at the board's moment */
  gboolean              on_shift;        /* at the board's moment (on site or not) */
  guint                 open_jobs;
  guint                 finished_this_week;
  double                mean_finish_minutes;  /* dispatched → resolved, this week (Monday on); -1 if none */
  GArray               *shifts;          /* KefuMinuteSpan: on shift during the board's day, by time
                                            (weekly shifts, the night before's, leave and extra shifts) */
} KefuBoardLane;

typedef struct {
  gint64      ticket_id;
  char       *number;
  char       *location;
  char       *kind;
  char       *subtype;
  char       *status;
  int         level;
  gboolean    flagged;
  gint64      created_at;
  gint64      appointment_at;   /* 0 = none */
  int         appointment_minutes;  /* the window agreed; KEFU_APPOINTMENT_DEFAULT_MINUTES when not given */
  KefuAppointmentConflict conflicts;
  gint64      overlaps_with;    /* with KEFU_APPOINTMENT_OVERLAPS: the ticket id of one it overlaps */
  gint64      team_id;
  gint64      technician_id;    /* 0 = the Unassigned column */
  int         position;         /* 1… within the lane */
  gint64      next_due_at;      /* for the SLA badge; 0 = no clock running */
  gint64      next_warn_at;
  gint64      version;          /* the ticket's row version read (#20): kefu_store_expect_version() */
} KefuBoardCard;

typedef struct {
  gint64      at;          /* the moment the statuses are for */
  gint64      day_start;   /* local midnight of the day shown */
  gint64      day_end;
  GPtrArray  *lanes;       /* KefuBoardLane: by team (own teams, then contractors), then technician */
  GPtrArray  *cards;       /* KefuBoardCard: the Unassigned column first (levels 1 and 2 first, then
                              oldest), then lane by lane in the lanes' order, each by position */
} KefuBoard;

void        kefu_board_free                 (KefuBoard *board);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuBoard, kefu_board_free)

/* Every open job and every active technician, for the local day of @at
 * (0 = now): three queries whatever the size. */
KefuBoard  *kefu_dispatch_load_board        (KefuStore   *store,
                                             gint64       at,
                                             GError     **error);
/* The bench's floor for the board: its cards' statement with every value
 * read, no card built; @n_cards the rows read */
gboolean    kefu_dispatch_read_board_floor  (KefuStore   *store,
                                             guint       *n_cards,
                                             GError     **error);
/* Marks each lane's appointments (kefu_dispatch_load_board does): those
 * whose windows overlap in one technician's lane, and those of the board's
 * day not wholly within the technician's shifts that day. Reads nothing. */
void        kefu_board_mark_conflicts       (KefuBoard   *board);
/* The appointment's window as minutes of the board's day, clipped to it;
 * FALSE when the card has no appointment that day. */
gboolean    kefu_board_card_span            (const KefuBoard     *board,
                                             const KefuBoardCard *card,
                                             KefuMinuteSpan      *span);

/* Moves on the board; each is one transaction with an event in the timeline,
 * recorded so the acting user can undo their last one. @position is 1… in
 * the lane, or 0 for the end. Assigning a new ticket dispatches it;
 * assigning a dispatched one to someone else is a reassignment (改派). */
gboolean    kefu_dispatch_assign            (KefuStore   *store,
                                             gint64       ticket_id,
                                             gint64       technician_id,
                                             int          position,
                                             GError     **error);
gboolean    kefu_dispatch_reorder           (KefuStore   *store,
                                             gint64       ticket_id,
                                             int          position,
                                             GError     **error);
/* Undoes the acting user's last move not yet undone, if its ticket is still
 * where the move left it: the previous assignment, status and order come
 * back, with an event of their own. Sets @ticket_id to the ticket. */
gboolean    kefu_dispatch_undo              (KefuStore   *store,
                                             gint64      *ticket_id,
                                             GError     **error);
/* The owner's preferred time (预约时段); 0 clears it. The rules then choose
 * among those on shift at that time, and the card sits at that time on the
 * technician's day. */
gboolean    kefu_dispatch_set_appointment   (KefuStore   *store,
                                             gint64       ticket_id,
                                             gint64       appointment_at,
                                             GError     **error);
/* The same with the window's length in minutes (0: one hour, unsaid). */
gboolean    kefu_dispatch_set_appointment_window (KefuStore   *store,
                                                  gint64       ticket_id,
                                                  gint64       appointment_at,
                                                  int          minutes,
                                                  GError     **error);
/* A technician phones in: "accepted", "on_site" or "resolved" through
 * kefu_desk_move (the clocks react), noting who reported it. */
gboolean    kefu_dispatch_report            (KefuStore   *store,
                                             gint64       ticket_id,
                                             const char  *to_status,
                                             GError     **error);

/* Contractors --------------------------------------------------------------- */

#define KEFU_CONTRACTOR_MIN_SCORE 80

typedef struct {
  gint64    team_id;
  char     *team_name;
  char     *month;              /* "YYYY-MM" */
  guint     jobs;
  double    response_minutes;   /* -1 if none arrived */
  double    rework_rate;        /* 0–1 */
  double    satisfaction;       /* mean rating 1–5; -1 if none rated */
  int       score;              /* 0–100; -1 without jobs */
  gboolean  suspended;          /* suspended by this scoring */
  char     *reason;             /* "2026-10 评分 72：返工率 18%" when suspended */
} KefuContractorScore;

void        kefu_contractor_score_free      (KefuContractorScore *score);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuContractorScore, kefu_contractor_score_free)

GPtrArray  *kefu_dispatch_score_contractors (KefuStore   *store,
                                             const char  *month,
                                             GError     **error);
gboolean    kefu_dispatch_reinstate_team    (KefuStore   *store,
                                             gint64       team_id,
                                             GError     **error);

G_END_DECLS
