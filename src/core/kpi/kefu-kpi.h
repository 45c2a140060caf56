/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-kpi.h — the supervisor's KPIs, defined once
 *
 * Every figure is over the tickets created in [from, to) (Unix seconds,
 * normally local midnights). Rates are fractions 0–1; a figure without
 * data (no ticket had a response yet) is NAN, shown as "—".
 */
#pragma once

#include "kefu-desk.h"
#include "kefu-store.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_KPI_TICKETS,
  KEFU_KPI_MEAN_RESPONSE_MIN,
  KEFU_KPI_P90_RESPONSE_MIN,
  KEFU_KPI_ON_TIME_RESPONSE_RATE,
  KEFU_KPI_ON_TIME_RESOLUTION_RATE,
  KEFU_KPI_COMPLAINT_CLOSURE_RATE,
  KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE,
  KEFU_KPI_REPEAT_COMPLAINT_RATE,
  KEFU_KPI_SATISFACTION,
  KEFU_KPI_SATISFIED_RATE,
  KEFU_KPI_FOLLOW_UP_RATE,
  KEFU_KPI_BACKLOG,
  KEFU_N_KPIS
} KefuKpi;

typedef enum {
  KEFU_KPI_FORMAT_COUNT,
  KEFU_KPI_FORMAT_MINUTES,
  KEFU_KPI_FORMAT_RATE,      /* 0–1, shown as a percentage */
  KEFU_KPI_FORMAT_SCORE,     /* 0–100 */
} KefuKpiFormat;

typedef struct {
  const char    *key;          /* the JSON key of kefu-cli report kpi */
  const char    *label;        /* N_() */
  const char    *how;          /* N_(): how it is computed, for the "How is this computed?" popover */
  KefuKpiFormat  format;
  double         target;       /* NAN: none */
  gboolean       higher_is_better;
} KefuKpiInfo;

const KefuKpiInfo *kefu_kpi_info   (KefuKpi kpi);
char              *kefu_kpi_format (KefuKpi kpi,
                                    double  value);

typedef enum {
  KEFU_KPI_BY_KIND,
  KEFU_KPI_BY_CHANNEL,
  KEFU_KPI_BY_LEVEL,
  KEFU_KPI_BY_BUILDING,
  KEFU_KPI_BY_SUBTYPE,
  KEFU_KPI_N_DIMENSIONS
} KefuKpiDimension;

const char *kefu_kpi_dimension_key (KefuKpiDimension dim);   /* "kind", "channel", … */

typedef struct {
  char   *key;      /* the stored code ("repair"), level ("2") or building id */
  char   *label;    /* translated display name */
  gint64  count;
} KefuKpiCount;

#define KEFU_KPI_N_AGES 4   /* backlog by age: < 1 day, 1–3 days, 3–7 days, > 7 days */

typedef struct {
  gint64      from, to;
  double      value[KEFU_N_KPIS];
  GPtrArray  *by[KEFU_KPI_N_DIMENSIONS];      /* KefuKpiCount, most first */
  gint64      backlog_by_age[KEFU_KPI_N_AGES];
  /* numerators and denominators behind the rates */
  gint64      responded, response_decided, response_met;
  gint64      resolution_decided, resolution_met;
  gint64      complaints, complaints_closed, complaints_repeated;
  gint64      resolved, resolved_first_time, followed_up;
  gint64      ratings, satisfied;
  gint64      unreachable;    /* resolved, closed as unreachable: apart from the follow-up rate */
} KefuKpiReport;

/* The daily roll-up behind every figure below is kept fresh by the
 * functions themselves; this brings it up to date now (after a bulk load,
 * say). Derived data: see README, "kpi_daily". */
gboolean       kefu_kpi_refresh      (KefuStore      *store,
                                      GError        **error);

KefuKpiReport *kefu_kpi_compute      (KefuStore      *store,
                                      gint64          from,
                                      gint64          to,
                                      GError        **error);
/* One agent's figures over the tickets they own (created in [from, to)). */
KefuKpiReport *kefu_kpi_compute_agent (KefuStore     *store,
                                      gint64          agent_id,
                                      gint64          from,
                                      gint64          to,
                                      GError        **error);
int            kefu_kpi_from_key     (const char     *key);
void           kefu_kpi_report_free  (KefuKpiReport  *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuKpiReport, kefu_kpi_report_free)

/* JSON object with exactly the KPI keys (and the breakdowns under "by"). */
char          *kefu_kpi_report_to_json (const KefuKpiReport *report);
const char    *kefu_kpi_age_label      (guint                age);

/* Series for the charts: values[series][category]. Each category and
 * series keeps what a click on it means, as a ticket query. */
typedef enum {
  KEFU_KPI_BUCKET_DAY,
  KEFU_KPI_BUCKET_WEEK,
  KEFU_KPI_BUCKET_MONTH,
} KefuKpiBucket;

typedef enum {
  KEFU_KPI_TABLE_TREND,
  KEFU_KPI_TABLE_MONTHLY_BY,
  KEFU_KPI_TABLE_SHARE,
  KEFU_KPI_TABLE_RESPONSE_HISTOGRAM,
  KEFU_KPI_TABLE_COMPLAINT_HEATMAP,
  KEFU_KPI_TABLE_ARRIVAL_HEATMAP,
  KEFU_KPI_TABLE_AGENTS,           /* series keys are user ids */
} KefuKpiTableKind;

typedef struct {
  KefuKpiTableKind kind;
  KefuKpiDimension dim;          /* MONTHLY_BY and SHARE: what the series or categories are */
  GStrv       categories;        /* labels */
  GStrv       series;            /* labels */
  GStrv       series_keys;       /* codes (kind, subtype …) or NULL */
  double    **values;            /* [series][category] */
  gint64     *starts;            /* per category: bucket start (time series) */
  gint64     *ends;
  char      **category_keys;     /* per category: a code, or NULL (time series) */
  guint       n_categories;
  guint       n_series;
  int         bin_min;           /* RESPONSE_HISTOGRAM */
} KefuKpiTable;

void           kefu_kpi_table_free   (KefuKpiTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuKpiTable, kefu_kpi_table_free)

/* Tickets per bucket; with @with_last_year a second series a year earlier.
 * A bucket with no data is NaN, not 0 (a gap in the chart): one that
 * starts at or after the store's clock, and a year earlier one that ended
 * before the first ticket was recorded. */
KefuKpiTable  *kefu_kpi_trend          (KefuStore        *store,
                                        gint64            from,
                                        gint64            to,
                                        KefuKpiBucket     bucket,
                                        gboolean          with_last_year,
                                        GError          **error);
/* Tickets per month, one series per value of @dim (kind, channel or sub-type);
 * NaN in months that start at or after the store's clock. */
KefuKpiTable  *kefu_kpi_monthly_by     (KefuStore        *store,
                                        gint64            from,
                                        gint64            to,
                                        KefuKpiDimension  dim,
                                        GError          **error);
/* Share of tickets per value of @dim: one series, categories are the values. */
KefuKpiTable  *kefu_kpi_share          (KefuStore        *store,
                                        gint64            from,
                                        gint64            to,
                                        KefuKpiDimension  dim,
                                        GError          **error);
/* First-response times in bins of @bin_min minutes (the last bin open-ended). */
KefuKpiTable  *kefu_kpi_response_histogram (KefuStore    *store,
                                            gint64        from,
                                            gint64        to,
                                            int           bin_min,
                                            int           n_bins,
                                            GError      **error);
/* Complaints: buildings (series) × sub-types (categories). */
KefuKpiTable  *kefu_kpi_complaint_heatmap  (KefuStore    *store,
                                            gint64        from,
                                            gint64        to,
                                            GError      **error);
/* Arrivals: weekday (series, Monday first) × hour (categories 0–23). */
KefuKpiTable  *kefu_kpi_arrival_heatmap    (KefuStore    *store,
                                            gint64        from,
                                            gint64        to,
                                            GError      **error);

typedef struct {
  gint64  user_id;
  char   *name;
  gint64  tickets;
  double  mean_response_min;   /* NAN without responses */
  double  satisfaction;        /* 0–100, NAN without ratings */
  double  weekly[8];           /* tickets per week, the last 8 weeks of the period */
} KefuKpiAgent;

GPtrArray     *kefu_kpi_agents         (KefuStore        *store,
                                        gint64            from,
                                        gint64            to,
                                        GError          **error);

/* What the agents' sparklines mean: one series per agent. */
KefuKpiTable  *kefu_kpi_agents_table   (GPtrArray        *agents);

/* The tickets behind a chart mark: fills @query (strings point into @table). */
void           kefu_kpi_table_query    (const KefuKpiTable *table,
                                        int                 series,
                                        int                 category,
                                        gint64              from,
                                        gint64              to,
                                        KefuTicketQuery    *query);

G_END_DECLS
