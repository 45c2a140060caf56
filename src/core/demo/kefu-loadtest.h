/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-loadtest.h — kefu-cli loadtest: a busy day of many desks against
 * one PostgreSQL server, sped up (#20)
 *
 * Each desk is a thread with a store of its own (one connection to the
 * server) signed in as one of the center's people, doing what a desk does
 * in a busy hour, with think times between: logging new tickets (intake),
 * moving tickets on through their lifecycle (dispatch, accepted, on site,
 * resolved) after looking at them, searching, follow-up calls, and
 * refreshing the sidebar counts and the list (and the dashboard's KPIs
 * where they run on the server). A move names the version the desk saw,
 * so two desks moving one ticket meet as users would: the second is
 * refused (stale) and tries again on what it reads then. Every write a
 * desk was told succeeded is recorded, and checked on the server at the
 * end from a connection of its own.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

typedef struct {
  guint    desks;
  double   seconds;     /* how long the desks work (wall time) */
  double   speed;       /* 10: a desk's day ten times faster */
  guint32  seed;
} KefuLoadtestOptions;

typedef enum {
  KEFU_LOAD_INTAKE,
  KEFU_LOAD_MOVE,
  KEFU_LOAD_SEARCH,
  KEFU_LOAD_FOLLOW_UP,
  KEFU_LOAD_REFRESH,
  KEFU_LOAD_DASHBOARD,
  KEFU_LOAD_N_ACTIONS
} KefuLoadAction;

/* A write a desk was told succeeded: its ticket and the timeline event it
 * wrote (found after the commit; 0 when it could not be found then) */
typedef struct {
  KefuLoadAction action;
  guint          desk;
  gint64         ticket_id;
  gint64         event_id;
} KefuLoadAck;

typedef struct _KefuLoadtestReport KefuLoadtestReport;

KefuLoadtestReport *kefu_loadtest_run       (const char                *conninfo,
                                             const KefuLoadtestOptions *options,
                                             GError                   **error);
void                kefu_loadtest_report_free (KefuLoadtestReport      *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuLoadtestReport, kefu_loadtest_report_free)

/* The acknowledged writes, in the order they were acknowledged */
GArray             *kefu_loadtest_report_get_acks (KefuLoadtestReport *report);
/* How many actions of @action ran (timed) and failed */
guint               kefu_loadtest_report_count    (KefuLoadtestReport *report,
                                                   KefuLoadAction      action,
                                                   guint              *failed);

/* Looks up every acknowledged write on the server @conninfo (a connection
 * of its own): its ticket and its event must be there. Returns how many
 * are missing (-1 with @error when the server could not be asked);
 * @missing (optional) gets a line for each missing one. */
gint64              kefu_loadtest_verify    (const char          *conninfo,
                                             KefuLoadtestReport  *report,
                                             GPtrArray          **missing,
                                             GError             **error);

/* The table: per action count, p50/p95/p99, errors; conflicts; writes */
char               *kefu_loadtest_format    (KefuLoadtestReport  *report,
                                             gint64               missing);

G_END_DECLS
