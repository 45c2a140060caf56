/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bench.c — kefu-cli bench: Kefu's speed at scale, with baselines
 *
 * The database is built with the sample generator (the same code as
 * "Load a sample service center"), then each path a user waits on is timed
 * beside the naive query a helpdesk without indexes would run.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>

#include "kefu-bench.h"
#include "kefu-bench-private.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-export.h"
#include "kefu-import.h"
#include "kefu-dispatch.h"
#include "kefu-enums.h"
#include "kefu-kpi-charts.h"
#include "kefu-kpi.h"
#include "kefu-sla.h"
#include "kefu-query.h"
#include "kefu-store-bench.h"
#include "kefu-store-private.h"

/* A failure inside a timed path is reported, not hidden: the run goes on. */
#define CHECK(error) G_STMT_START { if ((error) != NULL) g_warning ("bench: %s", (error)->message); } G_STMT_END

void
kefu_bench_result_free (KefuBenchResult *r)
{
  if (r == NULL)
    return;
  g_free (r->key);
  g_free (r->label);
  g_free (r->note);
  g_free (r);
}

KefuBenchResult *
kefu_bench_result_new (const char *key,
                       const char *label,
                       const char *unit,
                       double      target)
{
  KefuBenchResult *r = g_new0 (KefuBenchResult, 1);

  r->key = g_strdup (key);
  r->label = g_strdup (label);
  r->unit = unit;
  r->target = target;
  r->baseline_median = r->baseline_p95 = NAN;
  return r;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

void
kefu_bench_percentiles (GArray *times,
                        double *median,
                        double *p95)
{
  g_array_sort (times, compare_double);
  *median = g_array_index (times, double, (times->len - 1) / 2);
  *p95 = g_array_index (times, double, (guint) ceil (0.95 * times->len) - 1);
}

void
kefu_bench_time (guint    runs,
                 void   (*func) (gpointer data),
                 gpointer data,
                 double  *median,
                 double  *p95)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  runs = MAX (runs, 1);
  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      func (data);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  kefu_bench_percentiles (times, median, p95);
}

/* The paths ----------------------------------------------------------------- */

typedef struct {
  KefuStore       *store;
  KefuTicketQuery  query;
  const char      *sql;          /* the baseline */
  const char      *param;
  gint64           offset;
  GArray          *ids;
  guint            position;
  guint            hits;
} Path;

/* What the list does for a query: every matching id in order, then the
 * first page of rows. */
static void
query_and_first_page (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = kefu_desk_query_ticket_ids (p->store, &p->query, NULL, &error);
  g_autoptr(GPtrArray) page = NULL;

  CHECK (error);
  if (ids == NULL)
    return;
  p->hits = ids->len;
  page = kefu_desk_load_tickets (p->store, (gint64 *) ids->data, MIN (ids->len, 50), &error);
  CHECK (error);
}

/* What the user waits for: the list's first page of ids, found without
 * the rest, and its rows (the whole list follows in the background). */
static void
first_page_only (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = kefu_desk_query_first_ticket_ids (p->store, &p->query, 64, NULL, &error);
  g_autoptr(GPtrArray) page = NULL;

  CHECK (error);
  if (ids == NULL)
    return;
  page = kefu_desk_load_tickets (p->store, (gint64 *) ids->data, MIN (ids->len, 50), &error);
  CHECK (error);
}

/* A page further down the list: the ids are in memory already. */
static void
page_at (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  guint at = MIN (p->position, p->ids->len > 50 ? p->ids->len - 50 : 0);
  g_autoptr(GPtrArray) page = kefu_desk_load_tickets (p->store, &g_array_index (p->ids, gint64, at),
                                                      MIN (50, p->ids->len - at), &error);
  CHECK (error);
}

static void
count_views (gpointer data)
{
  Path *p = data;

  for (KefuSavedView v = 0; v < KEFU_N_VIEWS; v++)
    {
      KefuTicketQuery q = { 0 };
      g_autoptr(GError) error = NULL;

      kefu_saved_view_apply (v, 1, &q);
      kefu_desk_count_tickets (p->store, &q, &error);
      CHECK (error);
    }
}

/* The baseline: the same question asked the naive way. */
static void
baseline_sql (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  guint rows = 0;

  if (!kefu_store_bench_naive_query (p->store, p->sql, p->param, p->offset, &rows, &error))
    {
      g_warning ("bench: %s", error->message);
      return;
    }
  p->hits = rows;
}

static void
sla_pass (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) alerts = kefu_sla_check (p->store, kefu_store_now (p->store), FALSE, &error);

  CHECK (error);
  p->hits = alerts != NULL ? alerts->len : 0;
}

static void
sla_scan (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) states = kefu_sla_states (p->store, kefu_store_now (p->store), &error);

  CHECK (error);
  p->hits = states != NULL ? states->len : 0;
}

/* A busy day: @n_technicians on shift around the clock and the newest
 * @n_open tickets reopened as work in hand (the first @n_assigned of them
 * on technicians' lanes), each with its clocks computed as intake does. */
gboolean
kefu_bench_prepare_open_work (KefuStore  *store,
                   guint       n_technicians,
                   guint       n_open,
                   guint       n_assigned,
                   GError    **error)
{
  g_autofree char *sql = g_strdup_printf (
      "CREATE TEMP TABLE bench_teams AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS r FROM teams;"
      "WITH RECURSIVE n(i) AS (SELECT (SELECT count(*) FROM technicians) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < %u) "
      "INSERT INTO technicians (name, phone, team_id, skills) "
      "SELECT '技师' || (i + 1), '1390000' || printf('%%04d', i), "
      "  (SELECT id FROM bench_teams WHERE r = i %% (SELECT count(*) FROM bench_teams)), '' "
      "FROM n WHERE i < %u;"
      "INSERT INTO shifts (technician_id, weekday, start_min, end_min) "
      "SELECT t.id, d.value, 0, 1440 FROM technicians t, json_each('[1,2,3,4,5,6,7]') d "
      "WHERE NOT EXISTS (SELECT 1 FROM shifts s WHERE s.technician_id = t.id);"
      "CREATE TEMP TABLE bench_techs AS SELECT id, team_id, row_number() OVER (ORDER BY id) - 1 AS r FROM technicians;"
      "CREATE TEMP TABLE bench_open AS SELECT id, row_number() OVER (ORDER BY created_at DESC) AS k FROM tickets "
      "  WHERE status IN ('closed', 'resolved') ORDER BY created_at DESC LIMIT %u;"
      "UPDATE tickets SET status = CASE WHEN b.k <= %u THEN 'dispatched' ELSE 'new' END, "
      "  resolved_at = NULL, closed_at = NULL, followed_up_at = NULL, satisfaction = NULL, sla_policy_id = NULL, "
      "  technician_id = CASE WHEN b.k <= %u THEN (SELECT id FROM bench_techs WHERE r = b.k %% %u) END, "
      "  team_id = CASE WHEN b.k <= %u THEN (SELECT team_id FROM bench_techs WHERE r = b.k %% %u) END "
      "FROM bench_open b WHERE b.id = tickets.id;"
      "DROP TABLE temp.bench_teams; DROP TABLE temp.bench_techs;",
      n_technicians, n_technicians, n_open, n_assigned, n_assigned, n_technicians, n_assigned, n_technicians);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!kefu_store_begin (store, error))
    return FALSE;
  if (!kefu_store_exec (store, sql, error))
    goto fail;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT id FROM temp.bench_open", error);
    KefuQueryStep rc;

    if (stmt == NULL)
      goto fail;
    while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
      {
        gint64 id = kefu_query_get_int (stmt, 0);
        g_array_append_val (ids, id);
      }
    if (rc == KEFU_QUERY_FAILED)
      goto fail;
  }
  for (guint i = 0; i < ids->len; i++)
    if (!kefu_sla_update_ticket (store, g_array_index (ids, gint64, i), error))
      goto fail;
  if (!kefu_store_exec (store, "DROP TABLE temp.bench_open", error))
    goto fail;
  return kefu_store_commit (store, error);

fail:
  kefu_store_rollback (store);
  return FALSE;
}

static void
board_model (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuBoard) board = kefu_dispatch_load_board (p->store, 0, &error);

  CHECK (error);
  p->hits = board != NULL ? board->cards->len : 0;
}

typedef struct {
  KefuStore *store;
  gint64     from, to;
} Year;

typedef struct {
  KefuChart *chart;
  cairo_t   *cr;
} Drawing;

static void
draw_chart (gpointer data)
{
  Drawing *d = data;

  cairo_save (d->cr);
  cairo_set_source_rgb (d->cr, 1, 1, 1);
  cairo_paint (d->cr);
  cairo_restore (d->cr);
  kefu_chart_render (d->chart, d->cr, 1920, 1080);
}

static void
dashboard_year (gpointer data)
{
  Year *y = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiReport) report = kefu_kpi_compute (y->store, y->from, y->to, &error);
  g_autoptr(KefuKpiReport) before = kefu_kpi_compute (y->store, y->from - (y->to - y->from), y->from, &error);

  CHECK (error);
}

static void
dashboard_charts (gpointer data)
{
  Year *y = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiTable) trend = kefu_kpi_trend (y->store, y->from, y->to, KEFU_KPI_BUCKET_MONTH, TRUE, &error);
  g_autoptr(KefuKpiTable) by_kind = kefu_kpi_monthly_by (y->store, y->from, y->to, KEFU_KPI_BY_KIND, &error);
  g_autoptr(KefuKpiTable) share = kefu_kpi_share (y->store, y->from, y->to, KEFU_KPI_BY_KIND, &error);
  g_autoptr(KefuKpiTable) histogram = kefu_kpi_response_histogram (y->store, y->from, y->to, 10, 13, &error);
  g_autoptr(KefuKpiTable) heat = kefu_kpi_complaint_heatmap (y->store, y->from, y->to, &error);
  g_autoptr(KefuKpiTable) arrivals = kefu_kpi_arrival_heatmap (y->store, y->from, y->to, &error);
  g_autoptr(GPtrArray) agents = kefu_kpi_agents (y->store, y->from, y->to, &error);

  CHECK (error);
}

static KefuBenchResult *
measure (const char *key,
         const char *label,
         double      target,
         guint       runs,
         void      (*func) (gpointer),
         Path       *path,
         const char *baseline)
{
  KefuBenchResult *r = kefu_bench_result_new (key, label, "ms", target);

  r->runs = runs;
  kefu_bench_time (runs, func, path, &r->median, &r->p95);
  if (baseline != NULL)
    {
      guint hits = path->hits;
      path->sql = baseline;
      /* the baseline is slow by design: fewer runs */
      kefu_bench_time (MAX (runs / 3, 3), baseline_sql, path, &r->baseline_median, &r->baseline_p95);
      path->hits = hits;
    }
  return r;
}

static void
report (KefuProgressFunc  progress,
        gpointer          data,
        double            fraction,
        const char       *message)
{
  if (progress != NULL)
    progress (fraction, message, data);
}

/* The naive search: LIKE over the same fields, newest first. */
#define LIKE_SEARCH \
  "SELECT t.id FROM tickets t LEFT JOIN owners o ON o.id = t.owner_id " \
  "WHERE t.number LIKE '%' || ?1 || '%' OR t.description LIKE '%' || ?1 || '%' OR t.location LIKE '%' || ?1 || '%' " \
  "OR o.name LIKE '%' || ?1 || '%' OR coalesce(t.contact_phone, o.phone) LIKE '%' || ?1 || '%' ORDER BY t.created_at DESC"

GPtrArray *
kefu_bench_run (const KefuBenchOptions *options,
                KefuBenchExtraFunc      extra,
                gpointer                extra_data,
                KefuProgressFunc        progress,
                gpointer                progress_data,
                GError                **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_bench_result_free);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *scratch = NULL;
  g_autoptr(KefuStore) store = NULL;
  /* (a file of its own, that nobody else writes to: the tickets in one go) */
  static const KefuBatchOptions one_go = { 0, 0, 0, NULL, NULL };
  KefuDemoOptions demo = { options->n_tickets, options->seed, 0, &one_go };
  guint runs = options->runs > 0 ? options->runs : 21;
  KefuBenchResult *r;
  gint64 start;
  Path p = { 0 };

  dir = g_dir_make_tmp ("kefu-bench-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  path = options->keep != NULL ? g_strdup (options->keep) : g_build_filename (dir, "bench.db", NULL);
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, error);
  if (store == NULL)
    goto fail;
  if (!kefu_store_is_empty (store))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The database “%s” already has data; the benchmark builds its own."), path);
      g_clear_object (&store);
      goto fail;
    }

  /* bulk load: the sample generator writes tickets, events and the search index */
  report (progress, progress_data, 0.0, _("Building the database…"));
  start = g_get_monotonic_time ();
  if (!kefu_demo_generate (store, &demo, NULL, NULL, NULL, error))
    {
      g_clear_object (&store);
      goto fail;
    }
  /* the bench's own throwaway sample, worked as its supervisor (exports
   * carry owners' phones: kefu-auth.h) */
  {
    g_autoptr(KefuUser) supervisor = kefu_desk_find_user (store, "xuqiang", error);
    if (supervisor == NULL)
      {
        g_clear_object (&store);
        goto fail;
      }
    kefu_store_set_actor (store, kefu_user_get_id (supervisor));
  }
  r = kefu_bench_result_new ("load.generator", _("Bulk load, sample generator"), "rows/s", 25000);
  r->higher_is_better = TRUE;
  r->floor_ratio = 1.5;
  r->runs = 1;
  r->median = r->p95 = options->n_tickets / ((g_get_monotonic_time () - start) / 1e6);
  {
    g_autofree char *floor_note = NULL;
    g_autoptr(GError) floor_error = NULL;
    double seconds = kefu_bench_floor_seconds (path, dir, NULL, &floor_note, &floor_error);

    CHECK (floor_error);
    r->baseline_median = r->baseline_p95 = options->n_tickets / seconds;
    r->note = g_strdup_printf (_("%u tickets with their events and search index, in one transaction; %s"),
                               options->n_tickets, floor_note != NULL ? floor_note : "");
  }
  g_ptr_array_add (results, r);

  /* bulk load through the import path: 20,000 rows of CSV into an empty desk */
  report (progress, progress_data, 0.4, _("Importing a CSV file…"));
  {
    guint n = MIN (options->n_tickets, 20000);
    KefuTicketQuery recent = { .sort = "created" };
    g_autoptr(GArray) ids = kefu_desk_query_ticket_ids (store, &recent, NULL, error);
    /* in full, as the sample's administrator: the import matches owners by phone */
    KefuExportOptions export = { KEFU_EXPORT_CSV, NULL, 0, 0, FALSE, NULL, TRUE };
    /* skip_bad: the generator can close a ticket made in the last hours
     * after "now" (a follow-up call days later), which the import refuses
     * as a time in the future; the rows skipped are said in the note */
    KefuImportOptions import = { .skip_bad = TRUE };
    g_autoptr(KefuStore) empty = NULL;
    g_autoptr(KefuImportReport) rep = NULL;
    g_autoptr(KefuUser) admin = kefu_desk_find_user (store, "admin", NULL);

    if (ids == NULL)
      goto fail;
    kefu_store_set_actor (store, admin != NULL ? kefu_user_get_id (admin) : 0);
    csv = g_build_filename (dir, "tickets.csv", NULL);
    scratch = g_build_filename (dir, "import.db", NULL);
    export.path = csv;
    /* the newest n tickets (the list is newest first) */
    if (ids->len > n)
      {
        g_autoptr(KefuTicket) t = kefu_desk_get_ticket (store, g_array_index (ids, gint64, n - 1), error);
        if (t == NULL)
          goto fail;
        export.from = kefu_ticket_get_milestone (t, KEFU_TICKET_CREATED);
      }
    if (!kefu_export_tickets (store, &export, NULL, NULL, NULL, error))
      goto fail;
    /* into an empty desk: its places and owners are created as the rows come */
    empty = kefu_store_open (scratch, KEFU_STORE_OPEN_DEFAULT, error);
    if (empty == NULL)
      goto fail;
    start = g_get_monotonic_time ();
    rep = kefu_import_tickets (empty, csv, &import, NULL, NULL, NULL, error);
    if (rep == NULL)
      goto fail;
    /* rows the import refused are not timed as imported: say why */
    if (kefu_import_report_get_n_problems (rep) > 0)
      {
        g_autofree char *problem = kefu_import_problem_format (kefu_import_report_get_problem (rep, 0));
        g_message ("bench: the import skipped %u bad rows; the first: %s",
                   kefu_import_report_get_n_bad (rep), problem);
      }
    r = kefu_bench_result_new ("load.import", _("Bulk load, CSV import"), "rows/s", 30000);
    r->higher_is_better = TRUE;
    r->floor_ratio = 1.5;
    r->runs = 1;
    r->median = r->p95 = kefu_import_report_get_n_imported (rep) / ((g_get_monotonic_time () - start) / 1e6);
    {
      g_autofree char *floor_note = NULL;
      g_autoptr(GError) floor_error = NULL;
      double seconds;

      g_clear_object (&empty);   /* the import's file as it stays */
      seconds = kefu_bench_floor_seconds (scratch, dir, NULL, &floor_note, &floor_error);
      CHECK (floor_error);
      r->baseline_median = r->baseline_p95 = kefu_import_report_get_n_imported (rep) / seconds;
      r->note = g_strdup_printf (_("%u rows, with places and owners created as they come; %s"),
                                 kefu_import_report_get_n_imported (rep), floor_note != NULL ? floor_note : "");
    }
    g_ptr_array_add (results, r);
  }

  /* search: what the list runs for a query typed in the search field */
  report (progress, progress_data, 0.5, _("Searching…"));
  p.store = store;
  {
    struct { const char *key, *label, *text; } searches[] = {
      { "search.two_chars", N_("Search, two Chinese characters (漏水)"), "漏水" },
      { "search.four_chars", N_("Search, four Chinese characters (电梯困人)"), "电梯困人" },
      { "search.phone", N_("Search, phone digits (5678)"), "5678" },
      { "search.number", N_("Search, a ticket number"), NULL },
    };
    g_autofree char *number = NULL;
    {
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT number FROM tickets ORDER BY id LIMIT 1 OFFSET ?1", NULL);
      if (stmt != NULL)
        {
          kefu_query_bind_int (stmt, 1, options->n_tickets / 2);
          if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
            number = g_strdup (kefu_query_get_text (stmt, 0));
        }
    }
    for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
      {
        const char *text = searches[i].text != NULL ? searches[i].text : number;
        g_autofree char *all_key = g_strconcat (searches[i].key, ".all", NULL);
        g_autofree char *all_label = g_strdup_printf (_("%s, the whole result"), _(searches[i].label));

        memset (&p.query, 0, sizeof p.query);
        p.query.search = text;
        p.param = text;
        r = measure (searches[i].key, _(searches[i].label), 30, runs, first_page_only, &p, LIKE_SEARCH " LIMIT 50");
        r->note = g_strdup (_("first page on screen (its ids, then 50 rows), beside LIKE '%…%' … LIMIT 50"));
        g_ptr_array_add (results, r);
        r = measure (all_key, all_label, 30, runs, query_and_first_page, &p, LIKE_SEARCH);
        r->note = g_strdup_printf (ngettext ("%u hit; every id in order and the first page, beside LIKE '%%…%%'",
                                             "%u hits; every id in order and the first page, beside LIKE '%%…%%'", p.hits), p.hits);
        g_ptr_array_add (results, r);
      }
    p.param = NULL;
  }

  /* the ticket list */
  report (progress, progress_data, 0.65, _("Paging the ticket list…"));
  {
    memset (&p.query, 0, sizeof p.query);
    r = measure ("list.first_page", _("Ticket list, the first page"), 5, runs, first_page_only, &p,
                 "SELECT * FROM tickets ORDER BY created_at DESC LIMIT 50");
    r->note = g_strdup (_("64 ids, then 50 rows, beside LIMIT 50"));
    g_ptr_array_add (results, r);
    r = measure ("list.all_ids", _("Ticket list, every ticket's id in order (in the background)"), NAN, runs,
                 query_and_first_page, &p, NULL);
    r->note = g_strdup_printf (_("%u ids in order, then 50 rows"), p.hits);
    g_ptr_array_add (results, r);

    p.ids = kefu_desk_query_ticket_ids (store, &p.query, NULL, error);
    if (p.ids == NULL)
      goto fail;
    p.position = p.ids->len / 2;
    p.offset = p.position;
    r = measure ("list.deep_page", _("Ticket list, a page half way down"), 5, runs, page_at, &p,
                 "SELECT * FROM tickets ORDER BY created_at DESC LIMIT 50 OFFSET :offset");
    r->note = g_strdup_printf (_("row %u of %u, beside LIMIT … OFFSET"), p.position, p.ids->len);
    g_ptr_array_add (results, r);
    g_clear_pointer (&p.ids, g_array_unref);

    memset (&p.query, 0, sizeof p.query);
    p.query.kind = "complaint";
    p.query.status = "open";
    p.query.sort = "priority";
    r = measure ("list.filter_change", _("Ticket list, after a filter change (open complaints, urgent first)"), 5, runs,
                 query_and_first_page, &p, NULL);
    r->note = g_strdup_printf (ngettext ("%u ticket", "%u tickets", p.hits), p.hits);
    g_ptr_array_add (results, r);

    r = measure ("list.view_counts", _("Sidebar counts of the saved views"), NAN, runs, count_views, &p, NULL);
    r->note = g_strdup_printf (_("%d views"), (int) KEFU_N_VIEWS);
    g_ptr_array_add (results, r);
  }

  /* the dispatch board: 200 technicians and 2,000 open jobs */
  report (progress, progress_data, 0.72, _("Laying out the dispatch board…"));
  if (!kefu_bench_prepare_open_work (store, 200, 2000, 1600, error))
    goto fail;
  {
    r = kefu_bench_result_new ("board.model", _("Dispatch board's model, 200 technicians"), "ms", 16);
    r->runs = runs;
    kefu_bench_time (runs, board_model, &p, &r->median, &r->p95);
    r->note = g_strdup_printf (_("%u open jobs on the board"), p.hits);
    g_ptr_array_add (results, r);
  }

  /* service levels, with 10,000 open tickets */
  report (progress, progress_data, 0.75, _("Checking the clocks…"));
  /* (the 2,000 above stay open: 10,000 in all) */
  if (!kefu_bench_prepare_open_work (store, 200, 8000, 0, error))   /* 10,000 open in all */
    goto fail;
  {
    gint64 open = 0;
    g_autoptr(GPtrArray) first = NULL;

    /* what was due is notified once (a first pass after a weekend); the
     * checker's steady pass then reads only what comes due */
    first = kefu_sla_check (store, kefu_store_now (store), TRUE, error);
    if (first == NULL)
      goto fail;
    {
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
          "SELECT count(*) FROM tickets WHERE status NOT IN ('resolved','closed','cancelled')", NULL);
      if (stmt != NULL && kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
        open = kefu_query_get_int (stmt, 0);
    }
    r = kefu_bench_result_new ("sla.pass", _("SLA checker's pass"), "ms", 10);
    r->runs = runs;
    kefu_bench_time (runs, sla_pass, &p, &r->median, &r->p95);
    kefu_bench_time (MAX (runs / 3, 3), sla_scan, &p, &r->baseline_median, &r->baseline_p95);
    r->note = g_strdup_printf (_("%lld open tickets; the due-time index beside reading every open ticket's clocks"),
                               (long long) open);
    g_ptr_array_add (results, r);
  }

  /* the dashboard for a year */
  report (progress, progress_data, 0.85, _("Computing a year of KPIs…"));
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (store));
    g_autoptr(GDateTime) month = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now), 1, 0, 0, 0);
    g_autoptr(GDateTime) next = g_date_time_add_months (month, 1);
    g_autoptr(GDateTime) first = g_date_time_add_months (month, -11);
    Year y = { store, g_date_time_to_unix (first), g_date_time_to_unix (next) };

    /* the bulk load only marked its days; the first figure builds the roll-up */
    r = kefu_bench_result_new ("dashboard.rollup", _("Dashboard, building the daily roll-up after the bulk load"), "ms", NAN);
    r->runs = 1;
    start = g_get_monotonic_time ();
    if (!kefu_kpi_refresh (store, error))
      goto fail;
    r->median = r->p95 = (g_get_monotonic_time () - start) / 1000.0;
    r->note = g_strdup (_("once, then only the days that change"));
    g_ptr_array_add (results, r);

    r = kefu_bench_result_new ("dashboard.kpis", _("Dashboard, a year's KPIs and the previous year's"), "ms", 200);
    r->runs = MAX (runs / 3, 3);
    kefu_bench_time (r->runs, dashboard_year, &y, &r->median, &r->p95);
    g_ptr_array_add (results, r);
    r = kefu_bench_result_new ("dashboard.tables", _("Dashboard, a year's chart data"), "ms", 200);
    r->runs = MAX (runs / 3, 3);
    kefu_bench_time (r->runs, dashboard_charts, &y, &r->median, &r->p95);
    g_ptr_array_add (results, r);

    /* each chart drawn at 1920×1080; the slowest is reported */
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
      Drawing d = { NULL, cairo_create (surface) };
      double worst_median = 0, worst_p95 = 0;
      const char *worst = "";

      for (KefuReportChart c = 0; c < KEFU_N_REPORT_CHARTS; c++)
        {
          double median, p95;

          d.chart = kefu_report_chart_build (store, c, y.from, y.to, NULL, error);
          if (d.chart == NULL)
            {
              cairo_destroy (d.cr);
              cairo_surface_destroy (surface);
              goto fail;
            }
          draw_chart (&d);   /* the fonts and glyph caches are warm in a running app */
          kefu_bench_time (runs, draw_chart, &d, &median, &p95);
          if (p95 > worst_p95)
            {
              worst_median = median;
              worst_p95 = p95;
              worst = kefu_report_chart_key (c);
            }
          g_clear_object (&d.chart);
        }
      cairo_destroy (d.cr);
      cairo_surface_destroy (surface);
      r = kefu_bench_result_new ("chart.draw", _("A chart drawn at 1920×1080 (the slowest of ten)"), "ms", 16);
      r->runs = runs;
      r->median = worst_median;
      r->p95 = worst_p95;
      r->note = g_strdup_printf (_("the slowest: %s"), worst);
      g_ptr_array_add (results, r);
    }
  }

  if (extra != NULL)
    {
      report (progress, progress_data, 0.92, _("Drawing and laying out…"));
      extra (store, results, runs, extra_data);
    }

  /* kefu-cli as whole processes, beside their floors */
  report (progress, progress_data, 0.95, _("Timing kefu-cli as whole processes…"));
  kefu_bench_processes (store, path, "xuqiang", results, runs);

  {
    struct rusage usage;
    getrusage (RUSAGE_SELF, &usage);
    r = kefu_bench_result_new ("memory.peak", _("Peak resident memory"), "MB", 200);
    r->runs = 1;
    r->median = r->p95 = usage.ru_maxrss / 1024.0;
    g_ptr_array_add (results, r);
  }
  report (progress, progress_data, 1.0, _("Done"));
  goto out;

fail:
  g_clear_pointer (&results, g_ptr_array_unref);
out:
  g_clear_object (&store);
  if (options->keep == NULL && path != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_autofree char *anchor = g_strconcat (path, ".audit-anchor", NULL);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_unlink (anchor);   /* or the temporary directory stays */
    }
  if (scratch != NULL)
    {
      g_autofree char *wal = g_strconcat (scratch, "-wal", NULL);
      g_autofree char *shm = g_strconcat (scratch, "-shm", NULL);
      g_autofree char *anchor = g_strconcat (scratch, ".audit-anchor", NULL);
      g_unlink (scratch);
      g_unlink (wal);
      g_unlink (shm);
      g_unlink (anchor);
    }
  if (csv != NULL)
    g_unlink (csv);
  if (dir != NULL)
    g_rmdir (dir);
  return results != NULL ? g_steal_pointer (&results) : NULL;
}

/* Output ------------------------------------------------------------------ */

static gboolean
met (const KefuBenchResult *r)
{
  if (isnan (r->target))
    return TRUE;
  /* a bulk load is also on target within floor_ratio of its floor */
  if (r->higher_is_better && r->floor_ratio > 0 && !isnan (r->baseline_median) &&
      r->median * r->floor_ratio >= r->baseline_median)
    return TRUE;
  return r->higher_is_better ? r->median >= r->target : r->p95 <= r->target;
}

static char *
number (double      value,
        const char *unit)
{
  if (isnan (value))
    return g_strdup ("");
  if (g_str_equal (unit, "rows/s"))
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf (value < 10 ? "%.2f" : "%.1f", value);
}

char *
kefu_bench_format_table (GPtrArray *results)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%-58s %10s %10s %12s %8s %10s  %s\n", _("Measurement"), _("median"), _("p95"),
                          _("baseline"), _("ratio"), _("target"), _("unit"));
  for (guint i = 0; i < results->len; i++)
    {
      KefuBenchResult *r = results->pdata[i];
      g_autofree char *median = number (r->median, r->unit);
      g_autofree char *p95 = number (r->p95, r->unit);
      g_autofree char *base = number (r->baseline_median, r->unit);
      double times = r->median > 0 ? r->baseline_median / r->median : NAN;
      /* below 10× a tenth tells more (0.2× is slower than the baseline) */
      g_autofree char *ratio = isnan (times) ? g_strdup ("")
                               : g_strdup_printf (times < 10 ? "%.1f×" : "%.0f×", times);
      g_autofree char *target_value = number (r->target, r->unit);
      g_autofree char *target = isnan (r->target) ? g_strdup ("")
                                : g_strdup_printf ("%s%s", r->higher_is_better ? "≥" : "≤", target_value);
      int width = 0;

      for (const char *c = r->label; *c != '\0'; c = g_utf8_next_char (c))
        width += g_unichar_iswide (g_utf8_get_char (c)) ? 2 : 1;
      g_string_append_printf (out, "%s%*s %10s %10s %12s %8s %10s  %s%s\n", r->label, MAX (58 - width, 0), "",
                              median, p95, base, ratio, target, r->unit, met (r) ? "" : _("  (missed)"));
      if (r->note != NULL)
        g_string_append_printf (out, "    %s\n", r->note);
    }
  return g_string_free (out, FALSE);
}

char *
kefu_bench_format_json (GPtrArray *results)
{
  GString *out = g_string_new ("{\n  \"machine\": ");
  g_autofree char *machine = kefu_bench_machine ();

  kefu_json_append_string (out, machine);
  g_string_append (out, ",\n  \"results\": [");
  for (guint i = 0; i < results->len; i++)
    {
      KefuBenchResult *r = results->pdata[i];
      char m[G_ASCII_DTOSTR_BUF_SIZE], q[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], t[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (m, sizeof m, "%.3f", r->median);
      g_ascii_formatd (q, sizeof q, "%.3f", r->p95);
      g_ascii_formatd (b, sizeof b, "%.3f", r->baseline_median);
      g_ascii_formatd (t, sizeof t, "%.3f", r->target);
      g_string_append_printf (out, "%s\n    {\"key\": \"%s\", \"unit\": \"%s\", \"median\": %s, \"p95\": %s, "
                              "\"baseline_median\": %s, \"target\": %s, \"met\": %s, \"runs\": %u, \"note\": ",
                              i ? "," : "", r->key, r->unit, m, q, isnan (r->baseline_median) ? "null" : b,
                              isnan (r->target) ? "null" : t, met (r) ? "true" : "false", r->runs);
      kefu_json_append_string (out, r->note != NULL ? r->note : "");
      g_string_append_c (out, '}');
    }
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}

char *
kefu_bench_machine (void)
{
  struct utsname u;
  g_autofree char *cpuinfo = NULL;
  g_autofree char *model = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      char *line = strstr (cpuinfo, "model name");
      if (line != NULL && (line = strchr (line, ':')) != NULL)
        model = g_strstrip (g_strndup (line + 1, strcspn (line + 1, "\n")));
    }
  uname (&u);
  return g_strdup_printf ("%s %s, %s, %u CPUs, SQLite %s", u.sysname, u.release,
                          model != NULL ? model : u.machine, g_get_num_processors (), kefu_store_bench_sqlite_version ());
}
