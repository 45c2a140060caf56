/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-kpi.c — each KPI on a hand-made month whose answers are worked out here */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-export.h"
#include "kefu-import.h"
#include "kefu-kpi-private.h"
#include "kefu-query.h"
#include "kefu-server.h"
#include "kefu-test-engines.h"
#include "kefu-test-util.h"

/* Each case runs on a file and again on the server ("/pg/…",
 * kefu-test-engines.h), with the same month copied there by `migrate`
 * and the same answers; the generated year is also compared field by
 * field between a file and its copy on the server. */
typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;
  char        *spec;
  gint64       from, to;
} Fixture;

static gint64
at (const char *local)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi;

  g_assert_cmpint (sscanf (local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), ==, 5);
  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

#define MIN_ (60)
#define HOUR (3600)

/* One ticket, written as an analyst would read the row. */
typedef struct {
  const char *channel, *kind, *subtype;
  int         level;
  const char *created;
  gint64      response_after, resolved_after;   /* seconds after creation; 0: not yet */
  const char *status;
  int         satisfaction;                      /* 0: none */
  gboolean    followed_up;
  int         reopened;
  gint64      response_due_after, resolution_due_after;   /* stored due moments; 0: none (imported) */
  gboolean    cancelled;
} Row;

/* July 2025 (Asia/Shanghai); "now" is 10 August.
 *  #  channel kind      level created         response  resolved  status     rating  follow-up  notes
 *  1  phone   repair    3     07-10 09:00     10 min    5 h       closed     5       yes
 *  2  wechat  repair    3     07-10 10:00     40 min    30 h      closed     3       yes        reopened once
 *  3  phone   complaint 3     07-10 11:00     20 min    40 h      closed     4       yes        unit A, noise
 *  4  app     complaint 3     07-15 09:00     5 min     —         dispatched                   unit A, noise again
 *  5  phone   inquiry   3     07-10 12:00     —         —         cancelled
 *  6  phone   repair    2     07-31 23:00     7 min     —         on_site                      due 5 min / 8 h stored
 *  7  phone   repair    3     06-30 23:59     —         —         new                          before the period
 *  8  phone   repair    3     07-20 10:00     15 min    2 h       resolved                     awaiting follow-up
 */
static const Row rows[] = {
  { "phone", "repair", "plumbing_electrical", 3, "2025-07-10 09:00", 10 * MIN_, 5 * HOUR, "closed", 5, TRUE, 0, 0, 0, FALSE },
  { "wechat", "repair", "plumbing_electrical", 3, "2025-07-10 10:00", 40 * MIN_, 30 * HOUR, "closed", 3, TRUE, 1, 0, 0, FALSE },
  { "phone", "complaint", "noise", 3, "2025-07-10 11:00", 20 * MIN_, 40 * HOUR, "closed", 4, TRUE, 0, 0, 0, FALSE },
  { "app", "complaint", "noise", 3, "2025-07-15 09:00", 5 * MIN_, 0, "dispatched", 0, FALSE, 0, 0, 0, FALSE },
  { "phone", "inquiry", "fees", 3, "2025-07-10 12:00", 0, 0, "cancelled", 0, FALSE, 0, 0, 0, TRUE },
  { "phone", "repair", "elevator", 2, "2025-07-31 23:00", 7 * MIN_, 0, "on_site", 0, FALSE, 0, 5 * MIN_, 8 * HOUR, FALSE },
  { "phone", "repair", "elevator", 3, "2025-06-30 23:59", 0, 0, "new", 0, FALSE, 0, 0, 0, FALSE },
  { "phone", "repair", "doors_windows", 3, "2025-07-20 10:00", 15 * MIN_, 2 * HOUR, "resolved", 0, FALSE, 0, 0, 0, FALSE },
};

/* Data written through the store's own connection (the query layer), as
 * the application would hold it; no engine-specific calls. */
static char *with_moments (const char *text);

static void
store_exec (KefuStore  *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = with_moments (sql);

  if (!kefu_store_exec (store, text, &error))
    g_error ("%s: %s", text, error->message);
}

/* The month of rows[] (on a file; the server gets a copy of it) */
static void
fill_july (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuQuery *insert;

  store_exec (store, "INSERT INTO estates (id, name, created_at) VALUES (1, '翠湖花园', 0);"
                        "INSERT INTO buildings (id, estate_id, name) VALUES (1, 1, '3栋'), (2, 1, '12栋');"
                        "INSERT INTO units (id, building_id, name) VALUES (1, 1, '502'), (2, 2, '1101');");
  insert = kefu_query_prepare (store,
      "INSERT INTO tickets (number, channel, kind, subtype, level, estate_id, building_id, unit_id, location, description, "
      "status, created_at, first_response_at, resolved_at, closed_at, cancelled_at, satisfaction, followed_up_at, "
      "reopen_count, response_due_at, resolution_due_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, '3栋502', '测试', ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?9)",
      &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row *r = &rows[i];
      gint64 created = at (r->created);
      g_autofree char *number = g_strdup_printf ("20250700-%04u", i + 1);
      gboolean unit_a = g_str_equal (r->kind, "complaint");

      kefu_query_bind_text (insert, 1, number);
      kefu_query_bind_text (insert, 2, r->channel);
      kefu_query_bind_text (insert, 3, r->kind);
      kefu_query_bind_text (insert, 4, r->subtype);
      kefu_query_bind_int (insert, 5, r->level);
      kefu_query_bind_int (insert, 6, unit_a ? 1 : 2);
      kefu_query_bind_int (insert, 7, unit_a ? 1 : 2);
      kefu_query_bind_text (insert, 8, r->status);
      kefu_query_bind_int (insert, 9, created);
#define OPT(col, cond, value) if (cond) kefu_query_bind_int (insert, col, value); else kefu_query_bind_null (insert, col)
      OPT (10, r->response_after > 0, created + r->response_after);
      OPT (11, r->resolved_after > 0, created + r->resolved_after);
      OPT (12, g_str_equal (r->status, "closed"), created + r->resolved_after + HOUR);
      OPT (13, r->cancelled, created + HOUR);
      OPT (14, r->satisfaction > 0, r->satisfaction);
      OPT (15, r->followed_up, created + r->resolved_after + HOUR);
      kefu_query_bind_int (insert, 16, r->reopened);
      OPT (17, r->response_due_after > 0, created + r->response_due_after);
      OPT (18, r->resolution_due_after > 0, created + r->resolution_due_after);
#undef OPT
      g_assert_true (kefu_query_run (store, insert, &error));
      g_assert_no_error (error);
    }
  kefu_query_reset (insert);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_dir_setup (&f->dir, data);
  f->store = kefu_test_engine_open (&f->dir, data, fill_july, &f->spec);
  f->from = at ("2025-07-01 00:00");
  f->to = at ("2025-08-01 00:00");
  kefu_store_set_now (f->store, at ("2025-08-10 12:00"));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  kefu_test_engine_close (data, &f->spec);
  kefu_test_dir_teardown (&f->dir, data);
}

/* @text with each strftime('%s', 'YYYY-MM-DD HH:MM[:SS]') (a UTC moment,
 * as SQLite reads it) written as its number, for both engines */
static char *
with_moments (const char *text)
{
  g_autoptr(GRegex) re = g_regex_new ("strftime\\('%s', '([^']+)'\\)", 0, 0, NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GMatchInfo) m = NULL;
  gint start = 0, end = 0, last = 0;

  g_regex_match (re, text, 0, &m);
  while (g_match_info_matches (m))
    {
      g_autofree char *when = g_match_info_fetch (m, 1);
      int y, mo, d, h, mi, sec = 0;
      g_autoptr(GDateTime) dt = NULL;

      g_assert_cmpint (sscanf (when, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &sec), >=, 5);
      dt = g_date_time_new_utc (y, mo, d, h, mi, sec);
      g_match_info_fetch_pos (m, 0, &start, &end);
      g_string_append_len (out, text + last, start - last);
      g_string_append_printf (out, "%" G_GINT64_FORMAT, g_date_time_to_unix (dt));
      last = end;
      g_match_info_next (m, NULL);
    }
  g_string_append (out, text + last);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ASSERT_KPI(report, kpi, expected) \
  g_assert_cmpfloat_with_epsilon ((report)->value[kpi], (expected), 1e-9)

static void
test_every_kpi (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiReport) r = kefu_kpi_compute (f->store, f->from, f->to, &error);

  g_assert_no_error (error);
  /* #7 was created before the period */
  ASSERT_KPI (r, KEFU_KPI_TICKETS, 7);
  /* responses 10, 40, 20, 5, 7, 15 minutes */
  ASSERT_KPI (r, KEFU_KPI_MEAN_RESPONSE_MIN, 97.0 / 6);
  /* nearest rank: ⌈0.9 × 6⌉ = 6th of 5, 7, 10, 15, 20, 40 */
  ASSERT_KPI (r, KEFU_KPI_P90_RESPONSE_MIN, 40);
  /* targets (today's policies for the imported ones): #1 phone 15 min met, #2 WeChat 30 missed,
   * #3 complaint 15 missed, #4 app 15 met, #6 its stored 5 missed, #8 15 met exactly;
   * #5 was cancelled unanswered and is not judged */
  ASSERT_KPI (r, KEFU_KPI_ON_TIME_RESPONSE_RATE, 3.0 / 6);
  g_assert_cmpint (r->response_decided, ==, 6);
  /* resolution: #1 5 h of 24 met, #2 30 h of 24 missed, #3 40 h of 48 met, #4 open past its 24 h,
   * #6 open past its stored 8 h, #8 2 h met */
  ASSERT_KPI (r, KEFU_KPI_ON_TIME_RESOLUTION_RATE, 3.0 / 6);
  /* two complaints, #3 closed */
  ASSERT_KPI (r, KEFU_KPI_COMPLAINT_CLOSURE_RATE, 0.5);
  /* resolved #1 #2 #3 #8; #2 was reopened */
  ASSERT_KPI (r, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, 0.75);
  /* #3 was followed five days later by #4: same unit, same sub-type */
  ASSERT_KPI (r, KEFU_KPI_REPEAT_COMPLAINT_RATE, 0.5);
  /* ratings 5, 3, 4 */
  ASSERT_KPI (r, KEFU_KPI_SATISFACTION, 80);
  ASSERT_KPI (r, KEFU_KPI_SATISFIED_RATE, 2.0 / 3);
  /* #8 is resolved but not yet called back */
  ASSERT_KPI (r, KEFU_KPI_FOLLOW_UP_RATE, 0.75);
  /* open on 1 August: #6 (1 hour old), #4 (17 days) and #7 from June */
  ASSERT_KPI (r, KEFU_KPI_BACKLOG, 3);
  g_assert_cmpint (r->backlog_by_age[0], ==, 1);
  g_assert_cmpint (r->backlog_by_age[1], ==, 0);
  g_assert_cmpint (r->backlog_by_age[2], ==, 0);
  g_assert_cmpint (r->backlog_by_age[3], ==, 2);

  /* the breakdowns, most first */
  {
    KefuKpiCount *top_kind = r->by[KEFU_KPI_BY_KIND]->pdata[0];
    KefuKpiCount *top_channel = r->by[KEFU_KPI_BY_CHANNEL]->pdata[0];
    KefuKpiCount *top_building = r->by[KEFU_KPI_BY_BUILDING]->pdata[0];

    g_assert_cmpuint (r->by[KEFU_KPI_BY_KIND]->len, ==, 3);
    g_assert_cmpstr (top_kind->key, ==, "repair");
    g_assert_cmpint (top_kind->count, ==, 4);
    g_assert_cmpstr (top_channel->key, ==, "phone");
    g_assert_cmpint (top_channel->count, ==, 5);
    g_assert_cmpstr (top_building->label, ==, "12栋");
    g_assert_cmpint (top_building->count, ==, 5);
  }
}

/* A period without tickets has no rates, not zeros. */
static void
test_empty_period (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiReport) r = kefu_kpi_compute (f->store, at ("2024-01-01 00:00"), at ("2024-02-01 00:00"), &error);
  g_autofree char *shown = NULL;

  g_assert_no_error (error);
  ASSERT_KPI (r, KEFU_KPI_TICKETS, 0);
  g_assert_true (isnan (r->value[KEFU_KPI_MEAN_RESPONSE_MIN]));
  g_assert_true (isnan (r->value[KEFU_KPI_SATISFACTION]));
  g_assert_true (isnan (r->value[KEFU_KPI_COMPLAINT_CLOSURE_RATE]));
  shown = kefu_kpi_format (KEFU_KPI_COMPLAINT_CLOSURE_RATE, r->value[KEFU_KPI_COMPLAINT_CLOSURE_RATE]);
  g_assert_cmpstr (shown, ==, "—");
}

static void
test_json_keys (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiReport) r = kefu_kpi_compute (f->store, f->from, f->to, &error);
  g_autofree char *json = kefu_kpi_report_to_json (r);

  g_assert_no_error (error);
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      g_autofree char *key = g_strdup_printf ("\"%s\":", kefu_kpi_info (k)->key);
      g_assert_nonnull (strstr (json, key));
    }
  g_assert_nonnull (strstr (json, "\"complaint_closure_rate\": 0.5,"));
  g_assert_nonnull (strstr (json, "\"mean_response_min\": 16.1667,"));
  g_assert_nonnull (strstr (json, "\"over_7d\": 2"));
  g_assert_nonnull (strstr (json, "\"from\": \"2025-07-01\""));
}

/* A click on a chart's mark lists exactly the tickets behind it. */
static void
test_drill_down (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiTable) share = kefu_kpi_share (f->store, f->from, f->to, KEFU_KPI_BY_KIND, &error);
  g_autoptr(KefuKpiTable) histogram = kefu_kpi_response_histogram (f->store, f->from, f->to, 15, 4, &error);
  g_autoptr(KefuKpiTable) heat = kefu_kpi_complaint_heatmap (f->store, f->from, f->to, &error);
  g_autoptr(KefuKpiTable) arrivals = kefu_kpi_arrival_heatmap (f->store, f->from, f->to, &error);
  g_autoptr(KefuKpiTable) months = kefu_kpi_monthly_by (f->store, at ("2025-06-01 00:00"), f->to, KEFU_KPI_BY_KIND, &error);
  KefuTicketQuery q;

  g_assert_no_error (error);
  /* the donut: repair 4, complaint 2, inquiry 1 */
  g_assert_cmpuint (share->n_categories, ==, 3);
  g_assert_cmpstr (share->category_keys[1], ==, "complaint");
  g_assert_cmpfloat (share->values[0][1], ==, 2);
  kefu_kpi_table_query (share, 0, 1, f->from, f->to, &q);
  g_assert_cmpint (kefu_desk_count_tickets (f->store, &q, &error), ==, 2);

  /* response times in 15-minute bins: 5 7 10 | 15 20 | 40 | — */
  g_assert_cmpfloat (histogram->values[0][0], ==, 3);
  g_assert_cmpfloat (histogram->values[0][1], ==, 2);
  g_assert_cmpfloat (histogram->values[0][2], ==, 1);
  g_assert_cmpfloat (histogram->values[0][3], ==, 0);
  kefu_kpi_table_query (histogram, 0, 1, f->from, f->to, &q);
  g_assert_cmpint (kefu_desk_count_tickets (f->store, &q, &error), ==, 2);
  kefu_kpi_table_query (histogram, 0, 0, f->from, f->to, &q);
  g_assert_cmpint (kefu_desk_count_tickets (f->store, &q, &error), ==, 3);

  /* complaints: 3栋 × noise = 2 */
  g_assert_cmpuint (heat->n_series, ==, 1);
  g_assert_cmpstr (heat->series[0], ==, "3栋");
  g_assert_cmpfloat (heat->values[0][0], ==, 2);
  kefu_kpi_table_query (heat, 0, 0, f->from, f->to, &q);
  g_assert_cmpint (kefu_desk_count_tickets (f->store, &q, &error), ==, 2);

  /* arrivals: 10 July 2025 was a Thursday; #2 came at 10:00 */
  g_assert_cmpfloat (arrivals->values[3][10], ==, 1);
  g_assert_cmpfloat (arrivals->values[3][9], ==, 1);
  kefu_kpi_table_query (arrivals, 3, 10, f->from, f->to, &q);
  g_assert_cmpint (kefu_desk_count_tickets (f->store, &q, &error), ==, 1);

  /* by kind per month: June has #7 only */
  g_assert_cmpuint (months->n_categories, ==, 2);
  g_assert_cmpstr (months->series_keys[0], ==, "repair");
  g_assert_cmpfloat (months->values[0][0], ==, 1);
  g_assert_cmpfloat (months->values[0][1], ==, 4);
  kefu_kpi_table_query (months, 0, 1, 0, 0, &q);
  g_assert_cmpint (kefu_desk_count_tickets (f->store, &q, &error), ==, 4);
  g_assert_no_error (error);
}

static void
test_trend_with_last_year (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiTable) t = NULL;

  /* one ticket on 10 July 2024 */
  store_exec (f->store, "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) "
                        "VALUES ('20240710-0001', 'phone', 'repair', '3栋502', '去年', strftime('%s', '2024-07-10 02:00'), 0)");
  t = kefu_kpi_trend (f->store, f->from, f->to, KEFU_KPI_BUCKET_WEEK, TRUE, &error);
  g_assert_no_error (error);
  /* weeks starting Monday: 30 Jun (cut to 1 Jul), 7, 14, 21, 28 July */
  g_assert_cmpuint (t->n_categories, ==, 5);
  g_assert_cmpint (t->starts[0], ==, f->from);
  g_assert_cmpfloat (t->values[0][1], ==, 4);    /* 10 July: #1 #2 #3 #5 */
  g_assert_cmpfloat (t->values[0][2], ==, 2);    /* 15 July: #4; Sunday 20 July: #8 */
  g_assert_cmpfloat (t->values[0][3], ==, 0);
  g_assert_cmpfloat (t->values[0][4], ==, 1);    /* 31 July: #6 */
  g_assert_cmpfloat (t->values[1][1], ==, 1);    /* a year earlier, the same week */
}

/* Days still to come and a year before any record are gaps (NaN), not
 * zeros; a week or month already begun, and weeks after the first record
 * with no ticket, are real counts. */
static void
test_missing_data_is_a_gap (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiTable) t = NULL;
  g_autoptr(KefuKpiTable) months = NULL;

  /* the clock in the middle of July 2025 */
  kefu_store_set_now (f->store, at ("2025-07-16 12:00"));
  t = kefu_kpi_trend (f->store, f->from, f->to, KEFU_KPI_BUCKET_WEEK, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (t->n_categories, ==, 5);
  g_assert_cmpfloat (t->values[0][1], ==, 4);     /* 10 July */
  g_assert_cmpfloat (t->values[0][2], ==, 2);     /* the week under way: 15 July and (stored) 20 July */
  g_assert_true (isnan (t->values[0][3]));        /* 21 July: still to come */
  g_assert_true (isnan (t->values[0][4]));        /* 28 July */
  /* nothing was recorded a year earlier (the first ticket is of 30 June 2025) */
  for (guint i = 0; i < t->n_categories; i++)
    g_assert_true (isnan (t->values[1][i]));
  g_clear_pointer (&t, kefu_kpi_table_free);

  /* from 10 July 2024 on there are records: the weeks after it are zeros */
  store_exec (f->store, "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) "
                        "VALUES ('20240710-0001', 'phone', 'repair', '3栋502', '去年', strftime('%s', '2024-07-10 02:00'), 0)");
  t = kefu_kpi_trend (f->store, f->from, f->to, KEFU_KPI_BUCKET_WEEK, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (isnan (t->values[1][0]));        /* 1–6 July 2024: before any record */
  g_assert_cmpfloat (t->values[1][1], ==, 1);
  g_assert_cmpfloat (t->values[1][2], ==, 0);
  g_assert_cmpfloat (t->values[1][4], ==, 0);

  /* by month over the year: the months after July are gaps in every series */
  months = kefu_kpi_monthly_by (f->store, at ("2025-06-01 00:00"), at ("2025-10-01 00:00"), KEFU_KPI_BY_KIND, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->n_categories, ==, 4);
  g_assert_cmpuint (months->n_series, >, 0);
  for (guint s = 0; s < months->n_series; s++)
    {
      g_assert_true (isfinite (months->values[s][0]));
      g_assert_true (isfinite (months->values[s][1]));
      g_assert_true (isnan (months->values[s][2]));
      g_assert_true (isnan (months->values[s][3]));
    }
}

static void
test_agents (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agents = NULL;

  store_exec (f->store, "INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'chenjing', '陈静', 'agent', 0), "
                        "(2, 'liuyang', '刘洋', 'agent', 0);"
                        "UPDATE tickets SET agent_id = 1 WHERE number IN ('20250700-0001', '20250700-0002', '20250700-0003');"
                        "UPDATE tickets SET agent_id = 2 WHERE number = '20250700-0008';");
  agents = kefu_kpi_agents (f->store, f->from, f->to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, ==, 2);
  {
    KefuKpiAgent *a = agents->pdata[0];
    g_assert_cmpstr (a->name, ==, "陈静");
    g_assert_cmpint (a->tickets, ==, 3);
    g_assert_cmpfloat_with_epsilon (a->mean_response_min, (10 + 40 + 20) / 3.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (a->satisfaction, 80, 1e-9);
  }
}

/* The roll-up ---------------------------------------------------------------
 * Each figure read through the daily roll-up must equal the same figure
 * computed straight from the tickets (the roll-up switched off). */

static void
assert_same_report (const KefuKpiReport *a,
                    const KefuKpiReport *b)
{
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      if (isnan (b->value[k]))
        g_assert_true (isnan (a->value[k]));
      else
        g_assert_cmpfloat_with_epsilon (a->value[k], b->value[k], 1e-9 * MAX (1, fabs (b->value[k])));
    }
  g_assert_cmpint (a->responded, ==, b->responded);
  g_assert_cmpint (a->response_decided, ==, b->response_decided);
  g_assert_cmpint (a->response_met, ==, b->response_met);
  g_assert_cmpint (a->resolution_decided, ==, b->resolution_decided);
  g_assert_cmpint (a->resolution_met, ==, b->resolution_met);
  g_assert_cmpint (a->complaints, ==, b->complaints);
  g_assert_cmpint (a->complaints_closed, ==, b->complaints_closed);
  g_assert_cmpint (a->complaints_repeated, ==, b->complaints_repeated);
  g_assert_cmpint (a->resolved, ==, b->resolved);
  g_assert_cmpint (a->resolved_first_time, ==, b->resolved_first_time);
  g_assert_cmpint (a->followed_up, ==, b->followed_up);
  g_assert_cmpint (a->ratings, ==, b->ratings);
  g_assert_cmpint (a->satisfied, ==, b->satisfied);
  for (guint i = 0; i < KEFU_KPI_N_AGES; i++)
    g_assert_cmpint (a->backlog_by_age[i], ==, b->backlog_by_age[i]);
  for (KefuKpiDimension d = 0; d < KEFU_KPI_N_DIMENSIONS; d++)
    {
      g_assert_cmpuint (a->by[d]->len, ==, b->by[d]->len);
      for (guint i = 0; i < a->by[d]->len; i++)
        {
          KefuKpiCount *x = a->by[d]->pdata[i], *y = b->by[d]->pdata[i];
          g_assert_cmpstr (x->key, ==, y->key);
          g_assert_cmpstr (x->label, ==, y->label);
          g_assert_cmpint (x->count, ==, y->count);
        }
    }
}

static void
assert_same_table (const KefuKpiTable *a,
                   const KefuKpiTable *b)
{
  g_assert_cmpuint (a->n_series, ==, b->n_series);
  g_assert_cmpuint (a->n_categories, ==, b->n_categories);
  for (guint s = 0; s < a->n_series; s++)
    {
      g_assert_cmpstr (a->series[s], ==, b->series[s]);
      if (a->series_keys != NULL)
        g_assert_cmpstr (a->series_keys[s], ==, b->series_keys[s]);
      for (guint c = 0; c < a->n_categories; c++)
        if (!(isnan (a->values[s][c]) && isnan (b->values[s][c])))   /* both gaps, or the same count */
          g_assert_cmpfloat (a->values[s][c], ==, b->values[s][c]);
    }
  for (guint c = 0; c < a->n_categories; c++)
    g_assert_cmpstr (a->categories[c], ==, b->categories[c]);
}

typedef struct {
  KefuKpiReport *report;
  KefuKpiTable  *tables[8];
  GPtrArray     *agents;
} Everything;

static void
everything_clear (Everything *e)
{
  g_clear_pointer (&e->report, kefu_kpi_report_free);
  for (guint i = 0; i < G_N_ELEMENTS (e->tables); i++)
    g_clear_pointer (&e->tables[i], kefu_kpi_table_free);
  g_clear_pointer (&e->agents, g_ptr_array_unref);
}

static void
compute_everything (KefuStore  *store,
                    gint64      from,
                    gint64      to,
                    gboolean    rollup,
                    Everything *e)
{
  g_autoptr(GError) error = NULL;

  kefu_kpi_set_rollup_enabled (rollup);
  e->report = kefu_kpi_compute (store, from, to, &error);
  g_assert_no_error (error);
  e->tables[0] = kefu_kpi_trend (store, from, to, KEFU_KPI_BUCKET_DAY, TRUE, &error);
  g_assert_no_error (error);
  e->tables[1] = kefu_kpi_trend (store, from, to, KEFU_KPI_BUCKET_WEEK, TRUE, &error);
  g_assert_no_error (error);
  e->tables[2] = kefu_kpi_monthly_by (store, from, to, KEFU_KPI_BY_SUBTYPE, &error);
  g_assert_no_error (error);
  e->tables[3] = kefu_kpi_share (store, from, to, KEFU_KPI_BY_CHANNEL, &error);
  g_assert_no_error (error);
  e->tables[4] = kefu_kpi_response_histogram (store, from, to, 10, 13, &error);
  g_assert_no_error (error);
  e->tables[5] = kefu_kpi_complaint_heatmap (store, from, to, &error);
  g_assert_no_error (error);
  e->tables[6] = kefu_kpi_arrival_heatmap (store, from, to, &error);
  g_assert_no_error (error);
  e->agents = kefu_kpi_agents (store, from, to, &error);
  g_assert_no_error (error);
  e->tables[7] = kefu_kpi_agents_table (e->agents);
  kefu_kpi_set_rollup_enabled (TRUE);
}

/* Every KPI, chart table and agent of [from, to), through the roll-up and
 * straight from the tickets. */
static void
assert_same_everything (const Everything *fast,
                        const Everything *direct)
{
  assert_same_report (fast->report, direct->report);
  for (guint i = 0; i < G_N_ELEMENTS (fast->tables); i++)
    assert_same_table (fast->tables[i], direct->tables[i]);
  g_assert_cmpuint (fast->agents->len, ==, direct->agents->len);
  for (guint i = 0; i < fast->agents->len; i++)
    {
      KefuKpiAgent *a = fast->agents->pdata[i], *b = direct->agents->pdata[i];
      g_assert_cmpint (a->user_id, ==, b->user_id);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpint (a->tickets, ==, b->tickets);
      for (guint w = 0; w < G_N_ELEMENTS (a->weekly); w++)
        g_assert_cmpfloat (a->weekly[w], ==, b->weekly[w]);
      if (isnan (b->mean_response_min))
        g_assert_true (isnan (a->mean_response_min));
      else
        g_assert_cmpfloat_with_epsilon (a->mean_response_min, b->mean_response_min, 1e-9);
      if (isnan (b->satisfaction))
        g_assert_true (isnan (a->satisfaction));
      else
        g_assert_cmpfloat_with_epsilon (a->satisfaction, b->satisfaction, 1e-9);
    }
}

/* The same figures from a file and from its copy on a server: every KPI,
 * chart table and agent of [from, to), through each one's roll-up. */
static void
assert_same_on_both (KefuStore *file,
                     KefuStore *server,
                     gint64     from,
                     gint64     to)
{
  Everything a = { 0 }, b = { 0 };

  compute_everything (server, from, to, TRUE, &a);
  compute_everything (file, from, to, TRUE, &b);
  assert_same_everything (&a, &b);
  everything_clear (&a);
  everything_clear (&b);
}

static void
assert_rollup_matches (KefuStore *store,
                       gint64     from,
                       gint64     to)
{
  Everything fast = { 0 }, direct = { 0 };

  compute_everything (store, from, to, TRUE, &fast);
  compute_everything (store, from, to, FALSE, &direct);
  assert_same_everything (&fast, &direct);
  everything_clear (&fast);
  everything_clear (&direct);
}

static gint64
count_dirty_days (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 n = kefu_store_count_rows (store, "kpi_dirty", &error);

  g_assert_no_error (error);
  return n;
}

static void
sql (Fixture    *f,
     const char *text)
{
  g_autofree char *script = with_moments (text);

  /* another connection, as another program (or desk) would write */
  kefu_test_other_exec_script (f->spec, script);
}

static double
tickets_in (KefuStore *store,
            gint64     from,
            gint64     to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiReport) r = kefu_kpi_compute (store, from, to, &error);

  g_assert_no_error (error);
  return r->value[KEFU_KPI_TICKETS];
}

/* Inserts, updates and deletes, however they are made, reach the roll-up,
 * on both sides of a midnight. */
static void
test_rollup_follows_writes (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 august = at ("2025-08-01 00:00");

  /* the first figure builds the roll-up; nothing is left to redo */
  assert_rollup_matches (f->store, f->from, f->to);
  g_assert_cmpint (count_dirty_days (f->store), ==, 0);
  g_assert_cmpfloat (tickets_in (f->store, at ("2025-07-31 00:00"), august), ==, 1);

  /* one second before and at midnight: one day each */
  sql (f,
       "INSERT INTO users (id, login, name, role, created_at) VALUES (7, 'wangfang', '王芳', 'agent', 0);"
       "INSERT INTO tickets (number, channel, kind, subtype, level, building_id, unit_id, location, description, status, "
       "  agent_id, created_at, first_response_at, updated_at) VALUES "
       "('20250731-0001', 'wechat', 'complaint', 'noise', 3, 1, 1, '3栋502', '半夜施工', 'dispatched', 7, "
       "  strftime('%s', '2025-07-31 15:59:59'), strftime('%s', '2025-07-31 16:29:59'), 0),"
       "('20250801-0001', 'phone', 'repair', 'elevator', 1, 2, 2, '12栋1101', '电梯困人', 'new', 7, "
       "  strftime('%s', '2025-07-31 16:00:00'), NULL, 0)");
  g_assert_cmpint (count_dirty_days (f->store), >, 0);
  g_assert_cmpfloat (tickets_in (f->store, at ("2025-07-31 00:00"), august), ==, 2);
  g_assert_cmpfloat (tickets_in (f->store, august, at ("2025-08-02 00:00")), ==, 1);
  assert_rollup_matches (f->store, f->from, f->to);
  assert_rollup_matches (f->store, f->from, at ("2025-09-01 00:00"));

  /* the July complaint of unit 502 now has a repeat: #4 of 15 July is followed on the 31st */
  {
    g_autoptr(KefuKpiReport) r = kefu_kpi_compute (f->store, f->from, f->to, &error);
    g_assert_no_error (error);
    g_assert_cmpint (r->complaints, ==, 3);
    g_assert_cmpint (r->complaints_repeated, ==, 2);
  }

  /* a status change, a rating, a reopen, a later response */
  sql (f,
       "UPDATE tickets SET status = 'resolved', resolved_at = created_at + 7200 WHERE number = '20250700-0004';"
       "UPDATE tickets SET satisfaction = 1 WHERE number = '20250700-0008';"
       "UPDATE tickets SET reopen_count = reopen_count + 1, resolved_at = NULL, closed_at = NULL, status = 'reopened' "
       "  WHERE number = '20250700-0001';"
       "UPDATE tickets SET first_response_at = created_at + 3 * 3600 WHERE number = '20250801-0001'");
  assert_rollup_matches (f->store, f->from, f->to);
  {
    g_autoptr(KefuKpiReport) r = kefu_kpi_compute (f->store, f->from, f->to, &error);
    g_assert_no_error (error);
    /* ratings 5, 3, 4, 1 */
    ASSERT_KPI (r, KEFU_KPI_SATISFACTION, 65);
    /* resolved #2 #3 #4 #8; #2 was reopened before */
    ASSERT_KPI (r, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, 0.75);
  }

  /* a moved ticket and a deleted one; the complaint that made the repeat goes */
  sql (f,
       "UPDATE tickets SET created_at = created_at - 86400 WHERE number = '20250700-0002';"
       "DELETE FROM tickets WHERE number = '20250731-0001'");
  assert_rollup_matches (f->store, f->from, f->to);
  {
    g_autoptr(KefuKpiReport) r = kefu_kpi_compute (f->store, f->from, f->to, &error);
    g_assert_no_error (error);
    g_assert_cmpint (r->complaints_repeated, ==, 1);
  }
  g_assert_cmpfloat (tickets_in (f->store, at ("2025-07-31 00:00"), august), ==, 1);

  /* a new policy target judges the tickets imported without due moments */
  sql (f, "UPDATE sla_policies SET response_min = 45 WHERE kind IS NULL AND level = 3 AND channel IS NULL");
  g_assert_cmpint (count_dirty_days (f->store), >, 0);
  assert_rollup_matches (f->store, f->from, f->to);
}

/* Periods that do not start or end at midnight, the P90 and the backlog at
 * past moments, over a generated year; on a server, the year is the
 * file's copied by `migrate`, and every figure equals the file's. */
static void
test_rollup_generated_year (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "demo.db");
  g_autoptr(KefuStore) file = NULL;
  g_autoptr(KefuStore) server = NULL;
  g_autofree char *conninfo = NULL;
  KefuStore *demo;
  KefuDemoOptions options = { 3000, 7, at ("2025-08-10 12:00") };
  gint64 year = at ("2024-08-01 00:00"), end = at ("2025-08-01 00:00");
  const struct { const char *from, *to; } periods[] = {
    { "2024-08-01 00:00", "2025-08-01 00:00" },
    { "2023-08-01 00:00", "2024-08-01 00:00" },
    /* from and to inside days, and a period inside one day */
    { "2025-02-03 09:17", "2025-06-20 17:45" },
    { "2025-03-03 08:00", "2025-03-03 20:00" },
    /* up to now: the unanswered tickets fall due while we watch */
    { "2025-08-01 00:00", "2025-09-01 00:00" },
  };

  {
    g_autoptr(KefuStore) made = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_true (kefu_demo_generate (made, &options, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_dirty_days (made), >, 300);
  }
  if (kefu_test_engine_is_server (data))
    {
      gboolean created = FALSE;

      conninfo = kefu_test_pg_create ();
      g_assert_true (kefu_server_init (conninfo, &created, &error));
      g_assert_no_error (error);
      g_assert_true (kefu_server_migrate (path, conninfo, NULL, NULL, &error));
      g_assert_no_error (error);
      server = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_true (kefu_store_is_server (server));
      /* the server builds its own roll-up from the marks */
      g_assert_cmpint (count_dirty_days (server), >, 300);
    }
  file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  demo = server != NULL ? server : file;

  for (int clock = 0; clock < 2; clock++)
    {
      kefu_store_set_now (file, at (clock == 0 ? "2025-08-10 12:00" : "2025-08-11 03:00"));
      if (server != NULL)
        kefu_store_set_now (server, at (clock == 0 ? "2025-08-10 12:00" : "2025-08-11 03:00"));
      for (guint i = clock == 0 ? 0 : G_N_ELEMENTS (periods) - 1; i < G_N_ELEMENTS (periods); i++)
        {
          assert_rollup_matches (demo, at (periods[i].from), at (periods[i].to));
          if (server != NULL)
            assert_same_on_both (file, server, at (periods[i].from), at (periods[i].to));
        }
    }

  /* the P90 is a ticket's own response time, the ⌈0.9 n⌉-th */
  {
    g_autoptr(KefuKpiReport) r = kefu_kpi_compute (demo, year, end, &error);
    KEFU_AUTO_QUERY *stmt = NULL;

    g_assert_no_error (error);
    stmt = kefu_query_prepare (demo,
        "SELECT first_response_at - created_at FROM tickets WHERE created_at >= ?1 AND created_at < ?2 "
        "AND first_response_at IS NOT NULL ORDER BY 1 LIMIT 1 OFFSET ?3", &error);
    g_assert_no_error (error);
    kefu_query_bind_int (stmt, 1, year);
    kefu_query_bind_int (stmt, 2, end);
    kefu_query_bind_int (stmt, 3, (gint64) ceil (0.9 * r->responded) - 1);
    g_assert_cmpint (kefu_query_step (demo, stmt, &error), ==, KEFU_QUERY_ROW);
    g_assert_no_error (error);
    g_assert_cmpfloat (r->value[KEFU_KPI_P90_RESPONSE_MIN], ==, kefu_query_get_int (stmt, 0) / 60.0);
    g_assert_cmpfloat (r->value[KEFU_KPI_TICKETS], >, 2000);
  }
  if (conninfo != NULL)
    {
      g_clear_object (&server);
      kefu_test_pg_drop (conninfo);
    }
}

/* A CSV import writes many rows in one transaction; the roll-up follows. */
static void
test_rollup_after_import (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_path = kefu_test_path (&f->dir, "demo.db");
  g_autofree char *csv = kefu_test_path (&f->dir, "tickets.csv");
  g_autoptr(KefuStore) demo = kefu_store_open (demo_path, KEFU_STORE_OPEN_DEFAULT, &error);
  KefuDemoOptions options = { 1500, 11, at ("2025-08-10 12:00") };
  /* in full (the import needs the phones), by a supervisor */
  KefuExportOptions export = { KEFU_EXPORT_CSV, csv, 0, 0, FALSE, NULL, TRUE };
  g_autoptr(KefuImportReport) report = NULL;
  double before;

  g_assert_no_error (error);
  g_assert_true (kefu_demo_generate (demo, &options, NULL, NULL, NULL, &error));
  /* exports carry owners' phones: a supervisor's right (kefu-auth.h) */
  kefu_store_set_actor (demo, kefu_test_scalar (demo_path, "SELECT id FROM users WHERE login = 'xuqiang'"));
  g_assert_true (kefu_export_tickets (demo, &export, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* the hand-made month is built into the roll-up first */
  before = tickets_in (f->store, at ("2024-08-01 00:00"), at ("2025-09-01 00:00"));
  g_assert_cmpfloat (before, ==, 8);
  report = kefu_import_tickets (f->store, csv, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 1500);
  g_assert_cmpfloat (tickets_in (f->store, at ("2024-08-01 00:00"), at ("2025-09-01 00:00")), ==, before + 1500);
  assert_rollup_matches (f->store, at ("2024-08-01 00:00"), at ("2025-09-01 00:00"));
  assert_rollup_matches (f->store, f->from, f->to);
}

/* The dashboard reads on its own connection: right after a write made
 * elsewhere, it sees the new figures. */
static void
test_rollup_reader_sees_writes (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) reader = kefu_store_open_reader (f->store, &error);
  g_autoptr(KefuKpiTable) share = NULL;

  g_assert_no_error (error);
  g_assert_cmpfloat (tickets_in (reader, f->from, f->to), ==, 7);
  store_exec (f->store, "INSERT INTO tickets (number, channel, kind, level, location, description, created_at, updated_at) "
                        "VALUES ('20250720-0009', 'app', 'praise', 3, '3栋502', '表扬保安', strftime('%s', '2025-07-20 04:00'), 0)");
  g_assert_cmpfloat (tickets_in (reader, f->from, f->to), ==, 8);
  share = kefu_kpi_share (reader, f->from, f->to, KEFU_KPI_BY_KIND, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (share->n_categories, ==, 4);
  assert_rollup_matches (reader, f->from, f->to);

  /* while another connection holds the write lock, the reader does not wait
   * for the roll-up: it counts from the tickets */
  /* (a server's readers never wait: the other desk's marks are not yet
   * committed, and the roll-up is read as it was) */
  store_exec (f->store, kefu_test_engine_is_server (data) ? "BEGIN;"
                        "INSERT INTO tickets (number, channel, kind, level, location, description, created_at, updated_at) "
                        "VALUES ('20250721-0009', 'app', 'inquiry', 3, '3栋502', '咨询', strftime('%s', '2025-07-21 04:00'), 0)"
                        : "BEGIN IMMEDIATE;"
                        "INSERT INTO tickets (number, channel, kind, level, location, description, created_at, updated_at) "
                        "VALUES ('20250721-0009', 'app', 'inquiry', 3, '3栋502', '咨询', strftime('%s', '2025-07-21 04:00'), 0)");
  kefu_store_set_busy_timeout (reader, 0);
  g_assert_cmpfloat (tickets_in (reader, f->from, f->to), ==, 8);
  store_exec (f->store, "COMMIT");
  g_assert_cmpfloat (tickets_in (reader, f->from, f->to), ==, 9);
  assert_rollup_matches (reader, f->from, f->to);
}

typedef struct {
  const char *spec;
  GError     *error;
} Refresher;

static gpointer
refresh_thread (gpointer data)
{
  Refresher *r = data;
  g_autoptr(KefuStore) desk = kefu_store_open (r->spec, KEFU_STORE_OPEN_DEFAULT, &r->error);

  if (desk != NULL)
    kefu_kpi_refresh (desk, &r->error);
  return NULL;
}

/* Two desks refresh the roll-up at once (a year of marked days): each
 * either does it or, on a file, finds the write lock taken;
 * the roll-up ends with every day once and equal to the tickets. */
static void
test_rollup_two_desks_at_once (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Refresher r[2] = { { f->spec, NULL }, { f->spec, NULL } };
  GThread *threads[2];
  g_autofree char *fill = g_strdup_printf (
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) "
      "INSERT INTO tickets (number, channel, kind, subtype, level, building_id, unit_id, location, description, status, "
      "  created_at, first_response_at, updated_at) "
      "SELECT 'Y' || i, 'phone', CASE WHEN i %% 5 = 0 THEN 'complaint' ELSE 'repair' END, 'noise', 3, 1 + i %% 2, "
      "  1 + i %% 2, '3栋502', '一年', 'new', %" G_GINT64_FORMAT " + i * 20000, %" G_GINT64_FORMAT " + i * 20000 + i %% 7200, 0 "
      "FROM n", at ("2024-08-01 08:00"), at ("2024-08-01 08:00"));

  store_exec (f->store, fill);
  g_assert_true (kefu_kpi_refresh (f->store, &error));
  g_assert_no_error (error);
  /* every day marked: the next refresh recomputes them all */
  store_exec (f->store, "INSERT OR IGNORE INTO kpi_dirty (utc_day) SELECT DISTINCT created_at / 86400 FROM tickets");

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("refresh", refresh_thread, &r[i]);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    {
      if (r[i].error != NULL && !g_error_matches (r[i].error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED))
        g_error ("desk %u: %s", i, r[i].error->message);
      g_clear_error (&r[i].error);
    }

  g_assert_cmpint (count_dirty_days (f->store), ==, 0);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM (SELECT dim, day, key FROM kpi_daily_by "
                                                     "GROUP BY dim, day, key HAVING count(*) > 1) x"), ==, 0);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM (SELECT day, building_id, subtype "
                                                     "FROM kpi_daily_complaints GROUP BY 1, 2, 3 HAVING count(*) > 1) x"),
                   ==, 0);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM kpi_daily"), >, 340);
  assert_rollup_matches (f->store, at ("2024-08-01 00:00"), at ("2025-09-01 00:00"));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)
  ADD ("/core/kpi/july/every-kpi", test_every_kpi);
  ADD ("/core/kpi/empty-period-has-no-rates", test_empty_period);
  ADD ("/core/kpi/json-has-the-keys", test_json_keys);
  ADD ("/core/kpi/charts/drill-down-lists-the-tickets", test_drill_down);
  ADD ("/core/kpi/charts/trend-with-last-year", test_trend_with_last_year);
  ADD ("/core/kpi/charts/missing-data-is-a-gap", test_missing_data_is_a_gap);
  ADD ("/core/kpi/agents", test_agents);
  ADD ("/core/kpi/rollup/follows-inserts-updates-deletes", test_rollup_follows_writes);
  ADD ("/core/kpi/rollup/generated-year-partial-days-p90", test_rollup_generated_year);
  ADD ("/core/kpi/rollup/after-a-csv-import", test_rollup_after_import);
  ADD ("/core/kpi/rollup/reader-sees-writes", test_rollup_reader_sees_writes);
  ADD ("/core/kpi/rollup/two-desks-refresh-at-once", test_rollup_two_desks_at_once);
#undef ADD
  return g_test_run ();
}
