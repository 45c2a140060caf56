/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-sla.h — each ticket's service-level clocks */
#pragma once

#include "kefu-batch.h"
#include "kefu-calendar.h"
#include "kefu-store.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_CLOCK_RESPONSE,     /* created → first response */
  KEFU_CLOCK_ONSITE,       /* dispatched → on site */
  KEFU_CLOCK_RESOLUTION,   /* created → resolved */
  KEFU_CLOCK_FOLLOWUP,     /* resolved → follow-up call */
  KEFU_CLOCK_UPDATE,       /* last call to the owner (or created) → the next progress update, until resolved */
  KEFU_CLOCK_REVIEW,       /* level 2: created → incident review report filed (not a policy's target) */
  KEFU_N_CLOCKS
} KefuClock;
/* The clocks a policy sets targets for (the review report's is the domain's). */
#define KEFU_N_POLICY_CLOCKS KEFU_CLOCK_REVIEW

/* The domain's own targets (docs/domain.md, 三级响应), in minutes. An
 * elevator entrapment (level 2) runs its own clocks: talk to those trapped
 * at once, an update every 5 minutes, on site within 15; every level 2
 * incident has its review report within 24 hours. */
#define KEFU_ENTRAPMENT_TALK_MIN    1
#define KEFU_ENTRAPMENT_UPDATE_MIN  5
#define KEFU_ENTRAPMENT_ONSITE_MIN  15
#define KEFU_REVIEW_REPORT_MIN      (24 * 60)

gint64        kefu_sla_policy_for     (KefuStore   *store,
                                       const char  *kind,
                                       int          level,
                                       const char  *channel,
                                       GError     **error);
KefuCalendar *kefu_sla_calendar_of    (KefuStore   *store,
                                       gint64       ticket_id,
                                       GError     **error);
gboolean      kefu_sla_update_ticket  (KefuStore   *store,
                                       gint64       ticket_id,
                                       GError     **error);
gboolean      kefu_sla_credit_pause   (KefuStore   *store,
                                       gint64       ticket_id,
                                       gint64       hold_start,
                                       gint64       hold_end,
                                       GError     **error);

typedef enum {
  KEFU_THRESHOLD_WARNING,      /* warn_percent of the target elapsed (default 80) */
  KEFU_THRESHOLD_BREACH,       /* the due moment passed */
  KEFU_THRESHOLD_ESCALATION,   /* escalate_percent elapsed (default 150): the manager is told */
  KEFU_N_THRESHOLDS
} KefuThreshold;

typedef struct {
  gint64         ticket_id;
  char          *number;
  char          *location;
  int            level;
  gint64         agent_id;
  KefuClock      clock;
  KefuThreshold  threshold;
  gint64         due_at;
  gint64         late_seconds;   /* working seconds past due; negative before it */
} KefuSlaAlert;

const char *kefu_clock_code      (KefuClock      clock);
const char *kefu_clock_label     (KefuClock      clock);
const char *kefu_threshold_code  (KefuThreshold  threshold);

/* The thresholds crossed by @now and not yet recorded; with @record they
 * are recorded (once per clock and threshold, ever) with a timeline event.
 * Only tickets whose next_alert_at has come are read (an index). */
GPtrArray  *kefu_sla_check       (KefuStore     *store,
                                  gint64         now,
                                  gboolean       record,
                                  GError       **error);
/* kefu_sla_check() recording, in batches of @options (NULL: the defaults
 * of kefu-batch.h): other programs can write between two batches. A pass
 * stopped between batches (a crash, or @options' callback) has recorded
 * the tickets of the batches before, and a pass run again records the
 * rest, nothing twice. On such a failure the function returns NULL and,
 * in @recorded (optional), the alerts those batches recorded: they count
 * as told and will not be found again, so the caller tells them anyway. */
GPtrArray  *kefu_sla_notify      (KefuStore               *store,
                                  gint64                   now,
                                  const KefuBatchOptions  *options,
                                  GPtrArray              **recorded,
                                  GError                 **error);

/* What is in warning, breach or escalation at @now, whether notified or
 * not (kefu-cli sla check); reads open tickets only. */
GPtrArray  *kefu_sla_states      (KefuStore     *store,
                                  gint64         now,
                                  GError       **error);
char       *kefu_sla_alert_text  (const KefuSlaAlert *alert,
                                  char              **body);
/* One alert per ticket, its worst, worst first: escalation, then breach,
 * then warning; within each, level 1 first, then the longest late. The
 * array borrows @alerts' elements. */
GPtrArray  *kefu_sla_alerts_by_ticket (GPtrArray    *alerts);
/* One alert per ticket and clock, its most severe threshold, in @alerts'
 * order (where the clock first appears): what a desk shows of a pass that
 * found a clock past several thresholds at once (a late check: the
 * breach and the escalation), all of which it records. The array borrows
 * @alerts' elements. */
GPtrArray  *kefu_sla_alerts_by_clock (GPtrArray    *alerts);
/* Records @alerts as notified (once per clock and threshold, ever). */
gboolean    kefu_sla_record      (KefuStore     *store,
                                  GPtrArray     *alerts,
                                  gint64         now,
                                  GError       **error);
/* The acting user has seen it: recorded on the notification and in the timeline. */
gboolean    kefu_sla_acknowledge (KefuStore     *store,
                                  gint64         ticket_id,
                                  KefuClock      clock,
                                  KefuThreshold  threshold,
                                  GError       **error);
/* Whether @alert is for a user of @role (and @user_id): the ticket's agent
 * and supervisors see warnings and breaches; managers see escalations; a
 * breach of level 1 or 2 is for whoever is signed in. */
gboolean    kefu_sla_alert_concerns (const KefuSlaAlert *alert,
                                     gint64              user_id,
                                     const char         *role);

/* Whether a level 2 ticket described by @description is an elevator
 * entrapment (电梯困人), which runs the entrapment clocks. */
gboolean    kefu_sla_is_entrapment  (int                 level,
                                     const char         *description);

/* Records, in the timeline, the breach of each clock that stopped after
 * its due moment without its breach recorded (the check had not run in
 * between), once; inside the caller's transaction. */
gboolean    kefu_sla_record_missed  (KefuStore          *store,
                                     gint64              ticket_id,
                                     GError            **error);

/* The breaches of level 1 and 2 already recorded (told at another desk, or
 * by the timer) and still late at @now that @user_id has not been shown:
 * each desk tells its own user once (kefu_sla_mark_seen). */
GPtrArray  *kefu_sla_urgent_unseen  (KefuStore          *store,
                                     gint64              user_id,
                                     gint64              now,
                                     GError            **error);
/* Every notification recorded (by the center's checker or another desk)
 * that concerns @user_id of @role (kefu_sla_alert_concerns) and that this
 * person was not shown at any desk (kefu_sla_mark_seen): for each clock
 * still running, its most severe threshold reached by @now, recorded, not
 * acknowledged, not shown to them, and for them (a late checker's pass
 * recorded breach and escalation at once: an agent gets the breach, a
 * manager the escalation; one per clock).
 * On a server: every threshold, since its checker runs on the server's
 * host, where nobody sees a desktop, and a person may sign in at any
 * desk. On a file: the level 1 and 2 breaches only
 * (kefu_sla_urgent_unseen), since its timer runs on the desk's computer
 * and tells that desktop itself. */
GPtrArray  *kefu_sla_unseen         (KefuStore          *store,
                                     gint64              user_id,
                                     const char         *role,
                                     gint64              now,
                                     GError            **error);
/* Records that @user_id was shown the level 1 and 2 breaches in @alerts
 * (on a server, every alert in @alerts: see kefu_sla_unseen). */
gboolean    kefu_sla_mark_seen      (KefuStore          *store,
                                     gint64              user_id,
                                     GPtrArray          *alerts,
                                     gint64              now,
                                     GError            **error);

/* The center's one SLA checker (`kefu-cli sla check --notify`): takes
 * the checker's lock for this store's connection (kefu_store_try_lock),
 * *@taken FALSE when another checker holds it on the same server. On a
 * file, always taken. */
gboolean    kefu_sla_checker_lock   (KefuStore          *store,
                                     gboolean           *taken,
                                     GError            **error);
void        kefu_sla_checker_unlock (KefuStore          *store);

/* Policies as the preferences page edits them. */
typedef struct {
  gint64  id;
  char   *name;
  char   *kind;          /* NULL: any */
  int     level;         /* 0: any */
  char   *channel;       /* NULL: any */
  int     minutes[KEFU_N_POLICY_CLOCKS];   /* 0: no target */
  char   *calendar;
} KefuSlaPolicy;

GPtrArray  *kefu_sla_list_policies  (KefuStore           *store,
                                     GError             **error);
/* Saves a new version of @policy (the old one stays for the tickets opened
 * under it); returns the new id. Supervisors, managers and administrators only. */
gint64      kefu_sla_save_policy    (KefuStore           *store,
                                     const KefuSlaPolicy *policy,
                                     GError             **error);
GStrv       kefu_sla_list_calendars (KefuStore           *store,
                                     GError             **error);

G_END_DECLS
