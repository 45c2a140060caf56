/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-kpi-private.h — the daily roll-up behind the KPIs (kefu-kpi-rollup.c)
 *
 * A period [from, to) is read as three parts: whole local days [m1, m2)
 * from the roll-up, and the partial days at either end, [from, m1) and
 * [m2, to), straight from the tickets. When the roll-up cannot be used
 * (it is stale and the write lock is taken, or it is switched off),
 * m1 = m2 = to: everything is read from the tickets.
 */
#pragma once

#include "kefu-kpi.h"
#include "kefu-query.h"
#include "kefu-sla-private.h"
#include "kefu-store-private.h"

G_BEGIN_DECLS

typedef struct {
  KefuStore *store;
  gint64    from, m1, m2, to;
  gboolean  rollup;   /* the roll-up is complete and fresh in this snapshot */
  gboolean  in_transaction;
} KefuKpiSpan;

gboolean  kefu_kpi_span_begin          (KefuStore    *store,
                                        gint64        from,
                                        gint64        to,
                                        KefuKpiSpan  *span,
                                        GError      **error);
/* Ends the snapshot that kefu_kpi_span_begin() opened; for g_auto(). */
void      kefu_kpi_span_clear          (KefuKpiSpan  *span);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KefuKpiSpan, kefu_kpi_span_clear)

/* Local midnights as the roll-up counts days. */
gint64    kefu_kpi_day_start           (gint64        at);
gint64    kefu_kpi_day_after           (gint64        day);

/* What the insert triggers would have marked, for a bulk load's tickets */
gboolean  kefu_kpi_mark_new_tickets    (KefuStore    *store,
                                        gint64        first_id,
                                        GError      **error);

/* Tests: FALSE computes every figure straight from the tickets. */
void      kefu_kpi_set_rollup_enabled  (gboolean      enabled);

/* A ticket's due moments: the stored ones or, for tickets imported without
 * a policy, today's policy's target counted from creation (the policy is
 * looked up only when a due moment is missing). */
#define KEFU_KPI_POLICY_OF(T) \
  "coalesce(" T ".sla_policy_id, (" KEFU_SLA_POLICY_MATCH (T ".kind", T ".level", T ".channel") "))"
#define KEFU_KPI_RESPONSE_DUE \
  "coalesce(t.response_due_at, t.created_at + 60 * " \
  "(SELECT pol.response_min FROM sla_policies pol WHERE pol.id = " KEFU_KPI_POLICY_OF ("t") "))"
#define KEFU_KPI_RESOLUTION_DUE \
  "coalesce(t.resolution_due_at, t.created_at + 60 * " \
  "(SELECT pol.resolution_min FROM sla_policies pol WHERE pol.id = " KEFU_KPI_POLICY_OF ("t") "))"
/* The columns of a ticket the figures read: named, not t.*, so that a
 * role whose column rights leave out the owner's phone (the server's
 * kefu-server-rights.sql) reads them too. */
#define KEFU_KPI_COLUMNS \
  "t.id, t.created_at, t.kind, t.subtype, t.unit_id, t.status, t.agent_id, t.first_response_at, t.resolved_at, " \
  "t.cancelled_at, t.closed_at, t.reopen_count, t.followed_up_at, t.unreachable, t.satisfaction, " \
  "t.response_due_at, t.resolution_due_at"
/* The tickets created in [A, B) with their due moments, as p. */
#define KEFU_KPI_PERIOD(A, B) \
  "(SELECT " KEFU_KPI_COLUMNS ", " KEFU_KPI_RESPONSE_DUE " AS rdue, " KEFU_KPI_RESOLUTION_DUE " AS sdue " \
  "FROM tickets t WHERE t.created_at >= " A " AND t.created_at < " B ") p"
/* A complaint that was reopened or followed within 30 days by another of
 * the same sub-type from the same unit. */
#define KEFU_KPI_REPEATED \
  "(p.kind = 'complaint' AND (p.reopen_count > 0 OR (p.unit_id IS NOT NULL AND EXISTS (SELECT 1 FROM tickets n " \
  "  WHERE n.unit_id = p.unit_id AND n.kind = 'complaint' AND n.subtype IS NOT DISTINCT FROM p.subtype " \
  "  AND (n.created_at, n.id) > (p.created_at, p.id) AND n.created_at <= p.created_at + 30 * 86400))))"
/* How many rows meet @COND (a string literal): a sum of CASE rather than
 * of the truth value, which PostgreSQL does not add up (kefu-query.h). */
#define KEFU_KPI_COUNT_IF(COND) "coalesce(sum(CASE WHEN " COND " THEN 1 ELSE 0 END), 0)"
/* When a ticket stopped being open: the first of resolved, cancelled and
 * closed; NEVER while none is set. */
#define KEFU_KPI_NEVER "9000000000000000000"
#define KEFU_KPI_ENDED \
  "min(coalesce(resolved_at, " KEFU_KPI_NEVER "), coalesce(cancelled_at, " KEFU_KPI_NEVER "), " \
  "coalesce(closed_at, " KEFU_KPI_NEVER "))"
/* First-response times in buckets: -1 for negative ones (clock skew),
 * minutes below three hours, then hours: bucket b ≥ 180 holds
 * [3 h + (b − 180) h, 3 h + (b − 179) h). */
#define KEFU_KPI_RESPONSE_BUCKET(R) \
  "(CASE WHEN " R " < 0 THEN -1 WHEN " R " < 10800 THEN (" R ") / 60 ELSE 180 + (" R " - 10800) / 3600 END)"

void      kefu_kpi_bucket_range        (int           bucket,
                                        gint64       *lo_seconds,
                                        gint64       *hi_seconds);

/* Shared by the KPI files (kefu-kpi.c, -compute.c, -tables.c, -agents.c) */
void        kefu_kpi_count_free        (gpointer           data);
const char *kefu_kpi_dimension_column  (KefuKpiDimension   dim);
char       *kefu_kpi_dimension_label   (KefuKpiDimension   dim,
                                        const char        *key,
                                        const char        *name);
/* Binds the span's from, m1, m2, to as ?1–?4. */
void        kefu_kpi_bind_span         (KefuQuery         *stmt,
                                        const KefuKpiSpan *span);
GPtrArray  *kefu_kpi_count_by          (KefuStore         *store,
                                        const KefuKpiSpan *span,
                                        KefuKpiDimension   dim,
                                        gboolean           complaints,
                                        GError           **error);
GHashTable *kefu_kpi_response_buckets  (KefuStore         *store,
                                        const KefuKpiSpan *span,
                                        GError           **error);
KefuKpiTable *kefu_kpi_table_new       (KefuKpiTableKind   kind,
                                        GPtrArray         *categories,
                                        GPtrArray         *series);

G_END_DECLS
