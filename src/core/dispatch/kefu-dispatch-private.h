/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-private.h — what the dispatch files share
 *
 * kefu-dispatch.c holds the SQL and transaction helpers, the permission
 * check and the audit entry that every part uses; the other parts are
 * kefu-dispatch-rules.c, kefu-dispatch-roster.c (shifts, technicians,
 * teams), kefu-dispatch-engine.c, kefu-board.c, kefu-dispatch-moves.c and
 * kefu-dispatch-contractors.c. Nothing here is for callers outside
 * src/core/dispatch/.
 */
#pragma once

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-batch-private.h"
#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-enums.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-desk-lifecycle-private.h"
#include "kefu-pinyin.h"
#include "kefu-query.h"
#include "kefu-sla.h"
#include "kefu-store-private.h"

G_BEGIN_DECLS

/* A job in a technician's lane; "new" and "reopened" wait in the queue. */
#define ASSIGNED_STATES "'dispatched','accepted','on_site','on_hold'"
#define QUEUE_STATES "'new','reopened'"
#define LANE_ORDER "board_position IS NULL, board_position, appointment_at IS NULL, appointment_at, created_at, id"

/* kefu-dispatch.c: the dispatch permission of the acting user; one
 * audit-log entry by the acting user (kefu-audit.c), in the caller's
 * transaction */
gboolean    kefu_dispatch_may_dispatch  (KefuStore     *store,
                                         GError       **error);
gboolean    kefu_dispatch_audit         (KefuStore     *store,
                                         const char    *action,
                                         const char    *table,
                                         gint64         subject_id,
                                         const char    *detail,
                                         GError       **error);

/* kefu-dispatch-rules.c: the rules in order, all or only the active ones;
 * "08:00" */
GPtrArray  *kefu_dispatch_read_rules    (KefuStore     *store,
                                         gboolean       active_only,
                                         GError       **error);
char       *kefu_dispatch_format_minute (int            minute);

/* kefu-dispatch-roster.c */

/* The team's name, or NULL with an error when there is none. */
char       *kefu_dispatch_team_name     (KefuStore     *store,
                                         gint64         team_id,
                                         GError       **error);

/* The local calendar facts of a moment. */
typedef struct {
  int     weekday;        /* 1 = Monday */
  int     minute;         /* from local midnight */
  char    date[11];       /* YYYY-MM-DD */
  gint64  day_start;
  gint64  day_end;
  gint64  week_start;     /* Monday 00:00 */
} LocalMoment;

enum { ROW_WEEKLY, ROW_OVERNIGHT, ROW_LEAVE, ROW_EXTRA };

void        kefu_dispatch_local_moment  (gint64         at,
                                         LocalMoment   *m);
/* The set of technician ids on shift at @at (@only > 0: that one only) */
GHashTable *kefu_dispatch_load_on_shift (KefuStore     *store,
                                         gint64         at,
                                         gint64         only,
                                         GError       **error);

G_END_DECLS
