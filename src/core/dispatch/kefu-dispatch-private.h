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
#include "kefu-sla.h"
#include "kefu-store-private.h"

G_BEGIN_DECLS

/* A job in a technician's lane; "new" and "reopened" wait in the queue. */
#define ASSIGNED_STATES "'dispatched','accepted','on_site','on_hold'"
#define QUEUE_STATES "'new','reopened'"
#define LANE_ORDER "board_position IS NULL, board_position, appointment_at IS NULL, appointment_at, created_at, id"

/* kefu-dispatch.c */
gboolean fail_sql (KefuStore  *store,
                   GError    **error);
gpointer fail_sql_null (KefuStore  *store,
                        GError    **error);
gboolean step_done (KefuStore    *store,
                    sqlite3_stmt *stmt,
                    GError      **error);
gboolean finish (KefuStore  *store,
                 gboolean    ok,
                 GError    **error);
gboolean may_dispatch (KefuStore  *store,
                       GError    **error);
gboolean audit (KefuStore   *store,
                const char  *action,
                const char  *table,
                gint64       subject_id,
                const char  *detail,
                GError     **error);

/* kefu-dispatch-rules.c */
GPtrArray *list_rules (KefuStore  *store,
                       gboolean    active_only,
                       GError    **error);
char *format_minute (int minute);

/* kefu-dispatch-roster.c */
char *team_name (KefuStore  *store,
                 gint64      team_id,
                 GError    **error);

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

void local_moment (gint64       at,
                   LocalMoment *m);
GHashTable *load_on_shift (KefuStore  *store,
                           gint64      at,
                           gint64      only,
                           GError    **error);

G_END_DECLS
