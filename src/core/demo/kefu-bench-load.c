/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bench-load.c — kefu-cli bench --only load: the bulk loads and
 * their floor, in turn, several times
 *
 * The whole bench builds its database once, so its bulk-load figures are
 * one run each. Here each run builds a new file with the sample generator,
 * times the sqlite3 shell copying its rows (kefu-bench-floor.c), then
 * imports the first file's CSV export into a new empty file and times the
 * floor on that: generator, floor, import, floor, again and again, so a
 * busy machine slows both alike. Medians and 95th percentiles of each.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "kefu-bench.h"
#include "kefu-bench-private.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-export.h"
#include "kefu-import.h"

/* the file and what the store keeps beside it (a new file of the same
 * name would not match the old audit anchor) */
static void
remove_db (const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", ".audit-anchor" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

/* rows/s of the generator's @n tickets into the new file @path */
static double
generate (const KefuBenchOptions  *options,
          const char              *path,
          GArray                  *cpu,
          GError                 **error)
{
  /* (a file of its own, that nobody else writes to: the tickets in one go) */
  static const KefuBatchOptions one_go = { 0, 0, 0, NULL, NULL };
  KefuDemoOptions demo = { options->n_tickets, options->seed, 0, &one_go };
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, error);
  double cpu_start, used;
  gint64 start;

  if (store == NULL)
    return NAN;
  cpu_start = kefu_bench_cpu_seconds (FALSE);
  start = g_get_monotonic_time ();
  if (!kefu_demo_generate (store, &demo, NULL, NULL, NULL, error))
    return NAN;
  used = kefu_bench_cpu_seconds (FALSE) - cpu_start;
  g_array_append_val (cpu, used);
  return options->n_tickets / ((g_get_monotonic_time () - start) / 1e6);
}

/* the newest min(n, 20,000) tickets of @path, exported in full to @csv */
static gboolean
export_csv (const KefuBenchOptions  *options,
            const char              *path,
            const char              *csv,
            GError                 **error)
{
  guint n = MIN (options->n_tickets, 20000);
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, error);
  g_autoptr(KefuUser) admin = NULL;
  g_autoptr(GArray) ids = NULL;
  KefuTicketQuery recent = { .sort = "created" };
  /* in full, as the sample's administrator: the import matches owners by phone */
  KefuExportOptions export = { KEFU_EXPORT_CSV, NULL, 0, 0, FALSE, NULL, TRUE };

  if (store == NULL)
    return FALSE;
  admin = kefu_desk_find_user (store, "admin", NULL);
  kefu_store_set_actor (store, admin != NULL ? kefu_user_get_id (admin) : 0);
  ids = kefu_desk_query_ticket_ids (store, &recent, NULL, error);
  if (ids == NULL)
    return FALSE;
  export.path = csv;
  if (ids->len > n)
    {
      g_autoptr(KefuTicket) t = kefu_desk_get_ticket (store, g_array_index (ids, gint64, n - 1), error);
      if (t == NULL)
        return FALSE;
      export.from = kefu_ticket_get_milestone (t, KEFU_TICKET_CREATED);
    }
  return kefu_export_tickets (store, &export, NULL, NULL, NULL, error);
}

/* rows/s of importing @csv into the new file @path; @n_rows the rows imported */
static double
import (const char  *csv,
        const char  *path,
        guint       *n_rows,
        GArray      *cpu,
        GError     **error)
{
  /* skip_bad: as in the whole bench (kefu-bench.c) */
  KefuImportOptions options = { .skip_bad = TRUE };
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, error);
  g_autoptr(KefuImportReport) rep = NULL;
  double cpu_start, used;
  gint64 start;

  if (store == NULL)
    return NAN;
  cpu_start = kefu_bench_cpu_seconds (FALSE);
  start = g_get_monotonic_time ();
  rep = kefu_import_tickets (store, csv, &options, NULL, NULL, NULL, error);
  if (rep == NULL)
    return NAN;
  used = kefu_bench_cpu_seconds (FALSE) - cpu_start;
  g_array_append_val (cpu, used);
  *n_rows = kefu_import_report_get_n_imported (rep);
  return *n_rows / ((g_get_monotonic_time () - start) / 1e6);
}

/* @n rows in @seconds, as rows/s, into @rates; FALSE when not measured */
static gboolean
floor_rate (const char  *path,
            const char  *dir,
            guint        n,
            GArray      *rates,
            GArray      *cpu,
            char       **note,
            GError     **error)
{
  double seconds, used = NAN;

  g_clear_pointer (note, g_free);
  seconds = kefu_bench_floor_seconds (path, dir, &used, note, error);
  if (isnan (seconds))
    return FALSE;
  g_array_append_val (cpu, used);
  {
    double rate = n / seconds;
    g_array_append_val (rates, rate);
  }
  return TRUE;
}

/* the CPU seconds of the load and of its floor (medians), for the note:
 * on a machine other programs keep busy, the wall-time ratio moves with
 * them, the CPU ratio much less */
static char *
cpu_note (const char *note,
          GArray     *cpu,
          GArray     *floor_cpu)
{
  double median, p95, floor_median;

  if (cpu->len == 0 || floor_cpu->len == 0)
    return g_strdup (note != NULL ? note : "");
  kefu_bench_percentiles (cpu, &median, &p95);
  kefu_bench_percentiles (floor_cpu, &floor_median, &p95);
  return g_strdup_printf (_("%s; CPU (user and system, medians): %.2f s, the floor %.2f s, %.2f×"),
                          note != NULL ? note : "", median, floor_median,
                          floor_median > 0 ? median / floor_median : NAN);
}

static KefuBenchResult *
result (const char *key,
        const char *label,
        double      target,
        GArray     *rates,
        GArray     *floors,
        char       *note)
{
  KefuBenchResult *r = kefu_bench_result_new (key, label, "rows/s", target);

  r->higher_is_better = TRUE;
  r->floor_ratio = 1.5;
  r->runs = rates->len;
  /* the slow end of a rate is its 5th percentile: as p95 of the times */
  kefu_bench_percentiles (rates, &r->median, &r->p95);
  r->p95 = g_array_index (rates, double, 0);
  if (floors->len > 0)
    {
      kefu_bench_percentiles (floors, &r->baseline_median, &r->baseline_p95);
      r->baseline_p95 = g_array_index (floors, double, 0);
    }
  r->note = note;
  return r;
}

GPtrArray *
kefu_bench_run_load (const KefuBenchOptions  *options,
                     KefuProgressFunc         progress,
                     gpointer                 progress_data,
                     GError                 **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_bench_result_free);
  g_autoptr(GArray) generated = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) generated_floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) imported = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) imported_floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) generated_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) generated_floor_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) imported_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) imported_floor_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *generated_cpu_note = NULL;
  g_autofree char *imported_cpu_note = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kefu-bench-XXXXXX", error);
  g_autofree char *csv = NULL;
  g_autofree char *note = NULL;
  guint runs = options->runs > 0 ? options->runs : 5;
  guint n_rows = 0;
  gboolean ok = FALSE;

  if (dir == NULL)
    return NULL;
  csv = g_build_filename (dir, "tickets.csv", NULL);
  for (guint run = 0; run < runs; run++)
    {
      g_autofree char *path = g_build_filename (dir, "load.db", NULL);
      g_autofree char *scratch = g_build_filename (dir, "import.db", NULL);
      double rate;

      if (progress != NULL)
        progress ((double) run / runs, _("Building the database…"), progress_data);
      rate = generate (options, path, generated_cpu, error);
      if (isnan (rate))
        goto out;
      g_array_append_val (generated, rate);
      if (run == 0 && !export_csv (options, path, csv, error))
        goto out;
      if (!floor_rate (path, dir, options->n_tickets, generated_floor, generated_floor_cpu, &note, error) && error != NULL && *error != NULL)
        goto out;
      remove_db (path);

      if (progress != NULL)
        progress ((run + 0.5) / runs, _("Importing a CSV file…"), progress_data);
      rate = import (csv, scratch, &n_rows, imported_cpu, error);
      if (isnan (rate))
        goto out;
      g_array_append_val (imported, rate);
      if (!floor_rate (scratch, dir, n_rows, imported_floor, imported_floor_cpu, &note, error) && error != NULL && *error != NULL)
        goto out;
      remove_db (scratch);
    }
  /* the floor's note, then the CPU */
  generated_cpu_note = cpu_note (note, generated_cpu, generated_floor_cpu);
  imported_cpu_note = cpu_note (note, imported_cpu, imported_floor_cpu);
  g_ptr_array_add (results, result ("load.generator", _("Bulk load, sample generator"), 25000, generated, generated_floor,
                                    g_strdup_printf (_("%u tickets with their events and search index, in one transaction, "
                                                       "%u runs alternating with the floor; %s"),
                                                     options->n_tickets, runs, generated_cpu_note)));
  g_ptr_array_add (results, result ("load.import", _("Bulk load, CSV import"), 30000, imported, imported_floor,
                                    g_strdup_printf (_("%u rows, with places and owners created as they come, "
                                                       "%u runs alternating with the floor; %s"),
                                                     n_rows, runs, imported_cpu_note)));
  ok = TRUE;
out:
  g_unlink (csv);
  {
    g_autofree char *path = g_build_filename (dir, "load.db", NULL);
    g_autofree char *scratch = g_build_filename (dir, "import.db", NULL);
    remove_db (path);
    remove_db (scratch);
  }
  g_rmdir (dir);
  return ok ? g_steal_pointer (&results) : NULL;
}
