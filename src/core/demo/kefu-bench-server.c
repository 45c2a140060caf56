/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bench-server.c — kefu-cli bench --db URI: the paths a desk waits on,
 * timed on a PostgreSQL server beside the same paths on the SQLite file
 * they were copied from, in the same run (#20)
 *
 * The sample is generated on a file (the generator writes SQLite), made a
 * busy day there (technicians, open work, the roll-up), copied to the
 * empty server by `kefu-cli migrate` (timed: it is the way a center moves
 * its desk's history), and then each path runs on both stores in turn.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "kefu-bench.h"
#include "kefu-bench-private.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-kpi.h"
#include "kefu-query.h"
#include "kefu-search.h"
#include "kefu-server.h"
#include "kefu-sla.h"
#include "kefu-store-private.h"

typedef struct {
  KefuStore       *store;
  KefuTicketQuery  query;
  GArray          *ids;
  guint            position;
  guint            hits;
  gint64           from, to;      /* a year, for the KPIs */
  GError          *error;         /* the first failure, kept */
} Path;

static void
keep_error (Path    *p,
            GError **error)
{
  if (*error != NULL && p->error == NULL)
    p->error = g_steal_pointer (error);
}

static void
first_page (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  /* what the list shows first: on the server one statement for the
   * first page's ids and rows (kefu_desk_query_first_tickets()) */
  g_autoptr(GPtrArray) page = kefu_desk_query_first_tickets (p->store, &p->query, 64, NULL, &error);

  keep_error (p, &error);
}

/* The floor of a page on the screen: one bare statement for 50 whole
 * rows, newest first, each column read as text */
static void
bare_page (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (p->store, "SELECT * FROM tickets ORDER BY created_at DESC, id DESC LIMIT 50",
                                              &error);
  KefuQueryStep rc = KEFU_QUERY_FAILED;

  while (stmt != NULL && (rc = kefu_query_step (p->store, stmt, &error)) == KEFU_QUERY_ROW)
    for (int i = 0; i < kefu_query_column_count (stmt); i++)
      (void) kefu_query_get_text (stmt, i);
  if (rc == KEFU_QUERY_FAILED)
    keep_error (p, &error);
}

/* The floor of a search: how many tickets the index finds (on the server,
 * its search function: every hit the caller may see) */
static void
bare_hits (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *match = kefu_search_match_expr (p->query.search);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (p->store, "SELECT count(*) FROM ticket_search WHERE ticket_search MATCH ?1",
                                              &error);

  if (stmt != NULL)
    {
      kefu_query_bind_text (stmt, 1, match);
      if (kefu_query_step (p->store, stmt, &error) == KEFU_QUERY_ROW)
        p->hits = kefu_query_get_int (stmt, 0);
    }
  keep_error (p, &error);
}

static void
whole_result (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = kefu_desk_query_ticket_ids (p->store, &p->query, NULL, &error);
  g_autoptr(GPtrArray) page = NULL;

  if (ids != NULL)
    {
      p->hits = ids->len;
      page = kefu_desk_load_tickets (p->store, (gint64 *) ids->data, MIN (ids->len, 50), &error);
    }
  keep_error (p, &error);
}

static void
page_at (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  guint at = MIN (p->position, p->ids->len > 50 ? p->ids->len - 50 : 0);
  g_autoptr(GPtrArray) page = kefu_desk_load_tickets (p->store, &g_array_index (p->ids, gint64, at),
                                                      MIN (50, p->ids->len - at), &error);
  keep_error (p, &error);
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
      keep_error (p, &error);
    }
}

static void
sla_pass (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) alerts = kefu_sla_check (p->store, kefu_store_now (p->store), FALSE, &error);

  keep_error (p, &error);
}

static void
board_model (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuBoard) board = kefu_dispatch_load_board (p->store, 0, &error);

  if (board != NULL)
    p->hits = board->cards->len;
  keep_error (p, &error);
}

/* its floor: the cards' statement, every value read, no card built */
static void
board_floor (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (kefu_dispatch_read_board_floor (p->store, &n, &error))
    p->hits = n;
  keep_error (p, &error);
}

static void
kpis_year (gpointer data)
{
  Path *p = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuKpiReport) report = kefu_kpi_compute (p->store, p->from, p->to, &error);
  g_autoptr(KefuKpiReport) before = NULL;

  if (report != NULL)
    before = kefu_kpi_compute (p->store, p->from - (p->to - p->from), p->from, &error);
  keep_error (p, &error);
}

/* Times @func on the server (@srv) and on the file (@file), the file
 * first, each after one untimed run (both warm); a path the server cannot
 * run yet gets no figures and a note saying so. */
static KefuBenchResult *
both (const char *key,
      const char *label,
      double      target,
      guint       runs,
      void      (*func) (gpointer),
      Path       *file,
      Path       *srv)
{
  KefuBenchResult *r = kefu_bench_result_new (key, label, "ms", target);

  r->runs = runs;
  g_clear_error (&file->error);
  g_clear_error (&srv->error);
  func (file);
  kefu_bench_time (runs, func, file, &r->baseline_median, &r->baseline_p95);
  func (srv);
  if (srv->error != NULL)
    {
      r->median = r->p95 = NAN;
      r->target = NAN;
      r->note = g_strdup_printf (_("not on the server yet: %s"), srv->error->message);
      return r;
    }
  kefu_bench_time (runs, func, srv, &r->median, &r->p95);
  if (file->error != NULL)
    r->note = g_strdup_printf (_("the file failed: %s"), file->error->message);
  return r;
}

static void
note (KefuBenchResult *r,
      const char      *text)
{
  if (r->note == NULL)
    r->note = g_strdup (text);
}

static void
count_rows (const KefuMigratedTable *table,
            gpointer                 user_data)
{
  gint64 *rows = user_data;

  *rows += table->rows;
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

/* --reuse: @path and the server both hold the sample an earlier run
 * built and copied (the same number of tickets, and more than none) */
static gboolean
reuse_sample (const char  *path,
              const char  *conninfo,
              GError     **error)
{
  g_autoptr(KefuEngine) pg = kefu_engine_connect_pg (conninfo, error);
  g_autoptr(KefuStore) file = NULL;
  gint64 on_server = 0, on_file = 0;

  if (pg == NULL || !kefu_engine_scalar (pg, "SELECT count(*) FROM tickets", 0, &on_server, error))
    return FALSE;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("There is no database “%s” to time again: run the benchmark with --keep FILE first."), path);
      return FALSE;
    }
  file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, error);
  if (file == NULL)
    return FALSE;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (file, "SELECT count(*) FROM tickets", error);

    if (stmt == NULL || kefu_query_step (file, stmt, error) != KEFU_QUERY_ROW)
      return FALSE;
    on_file = kefu_query_get_int (stmt, 0);
  }
  if (on_file == 0 || on_file != on_server)
    {
      g_autofree char *where = kefu_engine_describe_spec (conninfo);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” has %lld tickets and the server “%s” %lld: --reuse needs the sample of one earlier run on both."),
                   path, (long long) on_file, where, (long long) on_server);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
kefu_bench_run_server (const KefuBenchOptions *options,
                       const char             *conninfo,
                       KefuProgressFunc        progress,
                       gpointer                progress_data,
                       GError                **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_bench_result_free);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KefuStore) file = NULL;
  g_autoptr(KefuStore) server = NULL;
  static const KefuBatchOptions one_go = { 0, 0, 0, NULL, NULL };
  KefuDemoOptions demo = { options->n_tickets, options->seed, 0, &one_go };
  guint runs = options->runs > 0 ? options->runs : 21;
  KefuBenchResult *r;
  gboolean created = FALSE;
  gint64 start, copied = 0, laid_out = 0;
  Path f = { 0 }, s = { 0 };
  gboolean ok = FALSE;

  dir = g_dir_make_tmp ("kefu-bench-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  path = options->keep != NULL ? g_strdup (options->keep) : g_build_filename (dir, "bench.db", NULL);

  if (options->reuse)
    {
      /* an earlier run's sample, on the file and the server alike */
      if (!reuse_sample (path, conninfo, error))
        goto out;
      goto timing;
    }
  /* the server first: an empty one, or nothing is built */
  report (progress, progress_data, 0.0, _("Preparing the server…"));
  if (!kefu_server_init (conninfo, &created, error))
    goto out;
  {
    g_autoptr(KefuEngine) pg = kefu_engine_connect_pg (conninfo, error);
    gint64 tickets = 0;

    if (pg == NULL || !kefu_engine_scalar (pg, "SELECT count(*) FROM tickets", 0, &tickets, error))
      goto out;
    if (tickets > 0)
      {
        g_autofree char *where = kefu_engine_describe_spec (conninfo);
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("The server “%s” already has data; the benchmark copies its own sample into an empty one."),
                     where);
        goto out;
      }
  }

  file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, error);
  if (file == NULL)
    goto out;
  if (!kefu_store_is_empty (file))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The database “%s” already has data; the benchmark builds its own."), path);
      goto out;
    }
  report (progress, progress_data, 0.05, _("Building the database…"));
  start = g_get_monotonic_time ();
  if (!kefu_demo_generate (file, &demo, NULL, NULL, NULL, error))
    goto out;
  r = kefu_bench_result_new ("load.generator", _("Bulk load, sample generator (on the file)"), "rows/s", NAN);
  r->higher_is_better = TRUE;
  r->runs = 1;
  r->median = r->p95 = options->n_tickets / ((g_get_monotonic_time () - start) / 1e6);
  r->note = g_strdup_printf (_("%u tickets with their events and search index"), options->n_tickets);
  g_ptr_array_add (results, r);
  {
    g_autoptr(KefuUser) supervisor = kefu_desk_find_user (file, "xuqiang", error);
    if (supervisor == NULL)
      goto out;
    kefu_store_set_actor (file, kefu_user_get_id (supervisor));
  }
  /* a busy day, on the file: the server gets it by the copy */
  report (progress, progress_data, 0.3, _("Laying out the dispatch board…"));
  if (!kefu_bench_prepare_open_work (file, 200, 2000, 1600, error)
      || !kefu_bench_prepare_open_work (file, 200, 8000, 0, error))
    goto out;
  {
    g_autoptr(GPtrArray) first = kefu_sla_check (file, kefu_store_now (file), TRUE, error);
    if (first == NULL || !kefu_kpi_refresh (file, error))
      goto out;
  }
  g_clear_object (&file);

  /* the copy, as a center moves its desk's history */
  report (progress, progress_data, 0.4, _("Copying the file to the server…"));
  start = g_get_monotonic_time ();
  if (!kefu_server_migrate (path, conninfo, count_rows, &copied, error))
    goto out;
  r = kefu_bench_result_new ("migrate.copy", _("kefu-cli migrate, file to server (COPY)"), "rows/s", NAN);
  r->higher_is_better = TRUE;
  r->runs = 1;
  r->median = r->p95 = copied / ((g_get_monotonic_time () - start) / 1e6);
  r->note = g_strdup_printf (_("%lld rows in %.1f s, every table read back and compared"),
                             (long long) copied, (g_get_monotonic_time () - start) / 1e6);
  g_ptr_array_add (results, r);

timing:
  file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, error);
  if (file == NULL)
    goto out;
  server = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, error);
  if (server == NULL)
    goto out;
  {
    g_autoptr(KefuUser) a = kefu_desk_find_user (file, "xuqiang", error);
    g_autoptr(KefuUser) b = a != NULL ? kefu_desk_find_user (server, "xuqiang", error) : NULL;
    if (b == NULL)
      goto out;
    kefu_store_set_actor (file, kefu_user_get_id (a));
    kefu_store_set_actor (server, kefu_user_get_id (b));
  }
  f.store = file;
  s.store = server;
  /* both clocks at the moment the sample was laid out (its newest
   * ticket; the SLA pass an hour later: a checker catching up on an
   * hour of clocks come due), not today’s: a sample timed again hours later (--reuse)
   * would otherwise have more clocks come due, another week on the
   * board and another year of KPIs, and its figures would not compare
   * with the first run's */
  {
    KEFU_AUTO_QUERY *newest = kefu_query_prepare (file, "SELECT max(created_at) FROM tickets", error);

    if (newest == NULL || kefu_query_step (file, newest, error) != KEFU_QUERY_ROW)
      goto out;
    if (!kefu_query_is_null (newest, 0))
      laid_out = kefu_query_get_int (newest, 0);
    if (laid_out > 0)
      {
        kefu_store_set_now (file, laid_out);
        kefu_store_set_now (server, laid_out);
      }
  }

  report (progress, progress_data, 0.6, _("Searching…"));
  {
    struct { const char *key, *label, *text; } searches[] = {
      { "search.two_chars", N_("Search, two Chinese characters (漏水)"), "漏水" },
      { "search.four_chars", N_("Search, four Chinese characters (电梯困人)"), "电梯困人" },
      { "search.phone", N_("Search, phone digits (5678)"), "5678" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
      {
        g_autofree char *all_key = g_strconcat (searches[i].key, ".all", NULL);
        g_autofree char *all_label = g_strdup_printf (_("%s, the whole result"), _(searches[i].label));

        memset (&f.query, 0, sizeof f.query);
        memset (&s.query, 0, sizeof s.query);
        f.query.search = s.query.search = searches[i].text;
        r = both (searches[i].key, _(searches[i].label), 30, runs, first_page, &f, &s);
        note (r, _("first page on screen: its ids, then 50 rows"));
        g_ptr_array_add (results, r);
        r = both (all_key, all_label, NAN, runs, whole_result, &f, &s);
        if (r->note == NULL)
          r->note = g_strdup_printf (ngettext ("%u hit on the server (%u on the file); every id in order and the first page",
                                               "%u hits on the server (%u on the file); every id in order and the first page",
                                               s.hits), s.hits, f.hits);
        g_ptr_array_add (results, r);
        {
          g_autofree char *floor_key = g_strconcat (searches[i].key, ".floor", NULL);
          g_autofree char *floor_label = g_strdup_printf (_("%s, the floor: the hits counted"), _(searches[i].label));

          r = both (floor_key, floor_label, NAN, runs, bare_hits, &f, &s);
          note (r, _("the search index alone (on the server its search function), one statement"));
          g_ptr_array_add (results, r);
        }
      }
  }

  report (progress, progress_data, 0.7, _("Paging the ticket list…"));
  memset (&f.query, 0, sizeof f.query);
  memset (&s.query, 0, sizeof s.query);
  r = both ("list.first_page", _("Ticket list, the first page"), 5, runs, first_page, &f, &s);
  note (r, _("64 ids, then 50 rows"));
  g_ptr_array_add (results, r);
  r = both ("list.floor", _("Ticket list, the floor: a bare SELECT of 50 rows"), NAN, runs, bare_page, &f, &s);
  note (r, _("SELECT * … ORDER BY created_at DESC, id DESC LIMIT 50: one statement, one round trip"));
  g_ptr_array_add (results, r);
  f.ids = kefu_desk_query_ticket_ids (file, &f.query, NULL, error);
  s.ids = f.ids != NULL ? kefu_desk_query_ticket_ids (server, &s.query, NULL, error) : NULL;
  if (s.ids == NULL)
    goto out;
  f.position = f.ids->len / 2;
  s.position = s.ids->len / 2;
  r = both ("list.deep_page", _("Ticket list, a page half way down"), 5, runs, page_at, &f, &s);
  if (r->note == NULL)
    r->note = g_strdup_printf (_("row %u of %u, from the id list in memory"), s.position, s.ids->len);
  g_ptr_array_add (results, r);
  g_clear_pointer (&f.ids, g_array_unref);
  g_clear_pointer (&s.ids, g_array_unref);

  memset (&f.query, 0, sizeof f.query);
  memset (&s.query, 0, sizeof s.query);
  r = both ("list.view_counts", _("Sidebar counts of the saved views"), NAN, runs, count_views, &f, &s);
  if (r->note == NULL)
    r->note = g_strdup_printf (_("%d views"), (int) KEFU_N_VIEWS);
  g_ptr_array_add (results, r);

  report (progress, progress_data, 0.8, _("Laying out the dispatch board…"));
  r = both ("board.model", _("Dispatch board's model, 200 technicians"), 16, runs, board_model, &f, &s);
  if (r->note == NULL)
    r->note = g_strdup_printf (_("%u open jobs on the board"), s.hits);
  g_ptr_array_add (results, r);
  r = both ("board.floor", _("Dispatch board, the floor: its cards read"), NAN, runs, board_floor, &f, &s);
  note (r, _("the cards' statement alone, every value read, no card built"));
  g_ptr_array_add (results, r);

  report (progress, progress_data, 0.85, _("Checking the clocks…"));
  if (laid_out > 0)
    {
      kefu_store_set_now (file, laid_out + 3600);
      kefu_store_set_now (server, laid_out + 3600);
    }
  r = both ("sla.pass", _("SLA checker's pass"), 10, runs, sla_pass, &f, &s);
  if (laid_out > 0)
    {
      kefu_store_set_now (file, laid_out);
      kefu_store_set_now (server, laid_out);
    }
  note (r, _("10,000 open tickets, an hour after the newest ticket"));
  g_ptr_array_add (results, r);

  report (progress, progress_data, 0.9, _("Computing a year of KPIs…"));
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (file));
    g_autoptr(GDateTime) month = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now), 1, 0, 0, 0);
    g_autoptr(GDateTime) next = g_date_time_add_months (month, 1);
    g_autoptr(GDateTime) first = g_date_time_add_months (month, -11);

    f.from = s.from = g_date_time_to_unix (first);
    f.to = s.to = g_date_time_to_unix (next);
    r = both ("dashboard.kpis", _("Dashboard, a year's KPIs and the previous year's"), 200,
              MAX (runs / 3, 3), kpis_year, &f, &s);
    g_ptr_array_add (results, r);
  }
  report (progress, progress_data, 1.0, _("Done"));
  ok = TRUE;

out:
  g_clear_error (&f.error);
  g_clear_error (&s.error);
  g_clear_pointer (&f.ids, g_array_unref);
  g_clear_pointer (&s.ids, g_array_unref);
  g_clear_object (&file);
  g_clear_object (&server);
  if (options->keep == NULL && path != NULL && !options->reuse)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_autofree char *anchor = g_strconcat (path, ".audit-anchor", NULL);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_unlink (anchor);
    }
  if (dir != NULL)
    g_rmdir (dir);
  return ok ? g_steal_pointer (&results) : NULL;
}
