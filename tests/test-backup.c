/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backup.c — online backups, their retention, and restore, as an
 * administrator relies on them (core and kefu-cli)
 *
 * SQLite-specific: backups are SQLite files (the online backup API);
 * their pages, integrity and contents are checked through plain sqlite3
 * connections. A server is backed up with PostgreSQL's own tools. */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kefu-auth.h"
#include "kefu-backup.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-store.h"
#include "kefu-test-sqlite.h"
#include "kefu-test-util.h"

#include <glib/gstdio.h>


static void
make_db (const char *path,
         guint       n_tickets)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  KefuDemoOptions options = { n_tickets, 7, TEST_NOW };

  g_assert_no_error (error);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char *
file_sha (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

/* The names in @dir, sorted */
static char *
dir_listing (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* A row count of the same table in two files */
static void
assert_same_counts (const char *a,
                    const char *b,
                    const char *skip)
{
  const char * const *tables = kefu_store_table_names ();

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      if (g_strcmp0 (tables[i], skip) == 0)
        continue;
      g_assert_cmpint (kefu_test_file_scalar (a, sql), ==, kefu_test_file_scalar (b, sql));
    }
  /* and the same tickets, not only as many */
  g_assert_cmpint (kefu_test_file_scalar (a, "SELECT sum(id * length(description) + created_at % 1000) FROM tickets"), ==,
                   kefu_test_file_scalar (b, "SELECT sum(id * length(description) + created_at % 1000) FROM tickets"));
}

static void
gzip_file (const char *src,
           const char *dst)
{
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GFile) file = g_file_new_for_path (dst);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) raw = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (G_OUTPUT_STREAM (raw), G_CONVERTER (compressor));

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (src, &data, &len, NULL));
  g_assert_true (g_output_stream_write_all (out, data, len, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);
}

/* Names and their times ------------------------------------------------------ */

static void
test_names (void)
{
  g_autoptr(GTimeZone) shenzhen = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *name = kefu_backup_file_name ("/srv/kefu/kefu.db", TEST_NOW, shenzhen);
  g_autofree char *in_utc = kefu_backup_file_name ("/srv/kefu/kefu.db", TEST_NOW, utc);
  g_autofree char *other = kefu_backup_file_name ("/srv/center.sqlite", TEST_NOW, shenzhen);

  g_assert_cmpstr (name, ==, "kefu-2026-11-25-100000+0800.db.gz");
  g_assert_cmpstr (in_utc, ==, "kefu-2026-11-25-020000+0000.db.gz");
  g_assert_cmpstr (other, ==, "center.sqlite-2026-11-25-100000+0800.db.gz");
  /* the same moment, whatever the zone it was written in */
  g_assert_cmpint (kefu_backup_parse_name ("/srv/kefu/kefu.db", name), ==, TEST_NOW);
  g_assert_cmpint (kefu_backup_parse_name ("/srv/kefu/kefu.db", in_utc), ==, TEST_NOW);
  g_assert_cmpint (kefu_backup_parse_name ("/srv/kefu/kefu.db", "kefu-2026-11-25-100000+0800-2.db.gz"), ==, TEST_NOW);
  g_assert_cmpint (kefu_backup_parse_name ("kefu.db", "kefu-2028-02-29-235000+0800.db.gz"), ==, 1835452200);
  /* not one: another database's, an impossible date, a temporary file */
  g_assert_cmpint (kefu_backup_parse_name ("/srv/kefu/kefu.db", other), ==, -1);
  g_assert_cmpint (kefu_backup_parse_name ("/srv/center.sqlite", name), ==, -1);
  g_assert_cmpint (kefu_backup_parse_name ("kefu.db", "kefu-2027-02-29-235000+0800.db.gz"), ==, -1);
  g_assert_cmpint (kefu_backup_parse_name ("kefu.db", "kefu-2026-11-25-100000+0800.db.gz.tmp"), ==, -1);
  g_assert_cmpint (kefu_backup_parse_name ("kefu.db", ".kefu-2026-11-25-100000+0800.db.gz.tmp-12-abcdef"), ==, -1);
  g_assert_cmpint (kefu_backup_parse_name ("kefu.db", "kefu-old-2026-11-25-100000+0800.db.gz"), ==, -1);
}

/* Retention ------------------------------------------------------------------ */

static gint64
at (const char *local)   /* "YYYY-MM-DD HH:MM" in Shenzhen */
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  int y, mo, d, h, mi;
  g_autoptr(GDateTime) dt = NULL;

  g_assert_cmpint (sscanf (local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), ==, 5);
  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

static void
add_file (GPtrArray  *files,
          const char *local,
          gint64      size)
{
  KefuBackupFile *f = g_new0 (KefuBackupFile, 1);

  f->name = g_strdup (local);
  f->path = g_strdup (local);
  f->time = at (local);
  f->size = size;
  g_ptr_array_add (files, f);
}

/* The names kept, newest first, as one string */
static char *
kept (GPtrArray *files,
      gint64     budget)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autofree gboolean *keep = kefu_backup_retain ((KefuBackupFile * const *) files->pdata, files->len, tz, budget);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < files->len; i++)
    if (keep[i])
      g_ptr_array_add (names, ((KefuBackupFile *) files->pdata[i])->name);
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* Across a year end: a daily backup from 15 November 2026 to 6 January 2027
 * and one on the 10th of each month before. 2026 has 53 ISO weeks: week 53
 * runs from Monday 28 December to Sunday 3 January. */
static void
test_retention_year_end (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_backup_file_free);
  g_autoptr(GDateTime) day = g_date_time_new_local (2026, 11, 15, 3, 0, 0);
  g_autofree char *result = NULL;

  for (int m = 0; m < 14; m++)   /* 2025-09-10 … 2026-10-10 */
    {
      g_autofree char *text = g_strdup_printf ("%04d-%02d-10 03:00", 2025 + (8 + m) / 12, (8 + m) % 12 + 1);
      add_file (files, text, 100);
    }
  for (int i = 0; i < 53; i++)   /* 2026-11-15 … 2027-01-06 */
    {
      g_autoptr(GDateTime) d = g_date_time_add_days (day, i);
      g_autofree char *text = g_date_time_format (d, "%Y-%m-%d 03:00");

      /* New Year's Day's backup at 07:00 in Shenzhen: still 31 December in UTC */
      if (g_str_has_prefix (text, "2027-01-01"))
        add_file (files, "2027-01-01 07:00", 100);
      else
        add_file (files, text, 100);
    }
  add_file (files, "2027-01-05 20:00", 100);   /* a second one that day */

  result = kept (files, 0);
  g_assert_cmpstr (result, ==,
                   /* monthly: the newest of the 12 most recent months */
                   "2026-02-10 03:00, 2026-03-10 03:00, 2026-04-10 03:00, 2026-05-10 03:00, "
                   "2026-06-10 03:00, 2026-07-10 03:00, 2026-08-10 03:00, 2026-09-10 03:00, "
                   "2026-10-10 03:00, 2026-11-30 03:00, "
                   /* weekly: weeks 51 and 52 of 2026 (53 and 1 are kept by days) */
                   "2026-12-20 03:00, 2026-12-27 03:00, "
                   /* daily: 7 days; the 5th's later backup is that day's */
                   "2026-12-31 03:00, 2027-01-01 07:00, 2027-01-02 03:00, 2027-01-03 03:00, "
                   "2027-01-04 03:00, 2027-01-05 20:00, 2027-01-06 03:00");
}

/* Around 29 February 2028, with a backup 30 minutes after midnight on 1
 * March in Shenzhen (still February in UTC). */
static void
test_retention_leap_day (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_backup_file_free);
  g_autofree char *result = NULL;
  g_autofree char *over_budget = NULL;
  g_autofree char *tiny_budget = NULL;

  for (int d = 20; d <= 29; d++)
    {
      g_autofree char *text = g_strdup_printf ("2028-02-%02d 03:00", d);
      add_file (files, text, 100);
    }
  add_file (files, "2028-02-29 23:50", 100);
  add_file (files, "2028-03-01 00:30", 100);
  add_file (files, "2028-03-01 03:00", 100);
  add_file (files, "2028-03-02 03:00", 100);
  /* the order they are listed in does not matter: newest first here */
  for (guint i = 0; i < files->len / 2; i++)
    {
      gpointer tmp = files->pdata[i];
      files->pdata[i] = files->pdata[files->len - 1 - i];
      files->pdata[files->len - 1 - i] = tmp;
    }

  result = kept (files, 0);
  g_assert_cmpstr (result, ==,
                   "2028-02-20 03:00, "                                       /* week 7 */
                   "2028-02-25 03:00, 2028-02-26 03:00, 2028-02-27 03:00, "  /* days; 27 also week 8 */
                   "2028-02-28 03:00, 2028-02-29 23:50, "                     /* 29 also February */
                   "2028-03-01 03:00, 2028-03-02 03:00");                     /* the 2nd also March, week 9 */

  /* a budget of 650 bytes: the two oldest of those 8 go */
  over_budget = kept (files, 650);
  g_assert_cmpstr (over_budget, ==,
                   "2028-02-26 03:00, 2028-02-27 03:00, 2028-02-28 03:00, 2028-02-29 23:50, "
                   "2028-03-01 03:00, 2028-03-02 03:00");
  /* the newest stays even when it alone is over the budget */
  tiny_budget = kept (files, 50);
  g_assert_cmpstr (tiny_budget, ==, "2028-03-02 03:00");
}

/* Every backup of the 24 hours before the newest stays: a backup made
 * after a mistake never pushes out the one made before it. */
static void
test_retention_last_day (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_backup_file_free);
  g_autofree char *result = NULL;
  g_autofree char *none = NULL;
  g_autofree gboolean *keep = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();

  add_file (files, "2026-12-06 08:00", 100);
  add_file (files, "2026-12-07 07:59", 100);   /* 24 h and a minute before the newest */
  add_file (files, "2026-12-07 08:00", 100);   /* exactly 24 h before: no longer */
  add_file (files, "2026-12-07 08:01", 100);
  add_file (files, "2026-12-07 23:00", 100);
  add_file (files, "2026-12-08 08:00", 100);
  add_file (files, "2026-12-08 08:00", 100);   /* two in the same second */
  result = kept (files, 0);
  g_assert_cmpstr (result, ==, "2026-12-06 08:00, 2026-12-07 08:01, 2026-12-07 23:00, "
                               "2026-12-08 08:00, 2026-12-08 08:00");
  keep = kefu_backup_retain (NULL, 0, tz, 0);
  g_assert_nonnull (keep);
  none = kept (empty, 0);
  g_assert_cmpstr (none, ==, "");
}

/* kefu_backup_run names each backup by its @now and prunes by the rules. */
static void
test_run_prunes (KefuTestDir   *f,
                 gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *folder = kefu_test_path (f, "backups");
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  static const char *moments[] = { "2026-12-06 03:00", "2026-12-06 12:00", "2026-12-07 13:00", "2026-12-08 14:00" };
  guint pruned = 99;

  make_db (path, 30);
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
    {
      g_autofree char *made = kefu_backup_run (store, folder, at (moments[i]), 0, &pruned, NULL, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (g_file_test (made, G_FILE_TEST_IS_REGULAR));
      /* the third run leaves 6 December 03:00 behind: not that day's newest,
       * more than 24 h before the newest */
      g_assert_cmpuint (pruned, ==, i == 2 ? 1 : 0);
    }
  listing = dir_listing (folder);
  g_assert_cmpstr (listing, ==, "kefu-2026-12-06-120000+0800.db.gz kefu-2026-12-07-130000+0800.db.gz "
                                "kefu-2026-12-08-140000+0800.db.gz");
  {
    g_autoptr(GPtrArray) list = kefu_backup_list (folder, path, &error);
    KefuBackupFile *newest;

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 3);
    newest = list->pdata[0];
    g_assert_cmpint (newest->time, ==, at ("2026-12-08 14:00"));
    g_assert_cmpint (newest->size, >, 0);
  }
}

/* Backup while another connection writes ------------------------------------ */

typedef struct {
  const char *path;
  gint        written;   /* atomic */
  gint        stop;      /* atomic */
  GError     *error;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(KefuStore) store = kefu_store_open (w->path, KEFU_STORE_OPEN_DEFAULT, &w->error);

  for (int i = 0; store != NULL && !g_atomic_int_get (&w->stop); i++)
    {
      g_autofree char *key = g_strdup_printf ("writer-%06d", i);

      if (!kefu_store_set_setting (store, key, "written during a backup", &w->error))
        break;
      g_atomic_int_inc (&w->written);
    }
  return NULL;
}

typedef struct {
  Writer *writer;
  int     at_snapshot;   /* rows written when the copy was under way; -1 before */
  int     more;          /* rows the writer committed while the copy held its snapshot */
} Watch;

/* Inside the copy, the writer must go on: 20 more commits before the copy
 * may finish. */
static void
watch_progress (double      fraction,
                const char *message,
                gpointer    data)
{
  Watch *w = data;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  if (w->at_snapshot >= 0 || fraction <= 0.0 || g_strcmp0 (message, "Copying the database") != 0)
    return;
  w->at_snapshot = g_atomic_int_get (&w->writer->written);
  while (g_atomic_int_get (&w->writer->written) < w->at_snapshot + 20 && g_get_monotonic_time () < end &&
         w->writer->error == NULL)
    g_usleep (1000);
  w->more = g_atomic_int_get (&w->writer->written) - w->at_snapshot;
}

static void
test_backup_while_writing (KefuTestDir   *f,
                           gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *dest = g_build_filename (f->dir, "backups", "copy.db.gz", NULL);
  g_autofree char *plain = kefu_test_path (f, "restored-copy.db");
  g_autofree char *listing = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Writer writer = { 0 };
  Watch watch = { &writer, -1, 0 };
  GThread *thread;
  gint64 before, in_backup, first_missing;
  GStatBuf st;

  make_db (path, 400);
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  writer.path = path;
  thread = g_thread_new ("writer", writer_thread, &writer);
  while (g_atomic_int_get (&writer.written) < 5 && writer.error == NULL)
    g_usleep (1000);
  before = g_atomic_int_get (&writer.written);

  g_assert_true (kefu_backup_write (store, dest, watch_progress, &watch, NULL, &error));
  g_assert_no_error (error);
  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);
  /* the writer was never refused or kept waiting into an error */
  g_assert_no_error (writer.error);
  g_assert_cmpint (watch.at_snapshot, >=, 0);
  g_assert_cmpint (watch.more, >=, 20);

  /* a private, complete file and nothing else in the folder */
  g_assert_cmpint (g_stat (dest, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    g_autofree char *folder = g_path_get_dirname (dest);
    listing = dir_listing (folder);
  }
  g_assert_cmpstr (listing, ==, "copy.db.gz");

  /* restored elsewhere, it opens and has the same rows as the database */
  g_assert_true (kefu_restore (dest, plain, TEST_NOW, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KefuStore) copy = kefu_store_open (plain, KEFU_STORE_OPEN_DEFAULT, &error);
    g_autoptr(GString) report = g_string_new (NULL);

    g_assert_no_error (error);
    g_assert_true (kefu_store_check (copy, report, &error));
    g_assert_no_error (error);
  }
  assert_same_counts (path, plain, "settings");
  /* one moment's snapshot: the writer's rows up to some point, none after */
  in_backup = kefu_test_file_scalar (plain, "SELECT count(*) FROM settings WHERE key LIKE 'writer-%'");
  first_missing = kefu_test_file_scalar (plain, "SELECT count(*) FROM settings WHERE key LIKE 'writer-%' "
                                           "AND key < printf('writer-%06d', (SELECT count(*) FROM settings "
                                           "WHERE key LIKE 'writer-%'))");
  g_assert_cmpint (first_missing, ==, in_backup);   /* writer-000000 … writer-(n-1), no gap */
  g_assert_cmpint (in_backup, >=, before);
  g_assert_cmpint (in_backup, <=, watch.at_snapshot);
  g_assert_cmpint (kefu_test_file_scalar (path, "SELECT count(*) FROM settings WHERE key LIKE 'writer-%'"), >=,
                   in_backup + 20);
}

/* A plain copy (no .gz) is a SQLite file one can open at once. */
static void
test_backup_plain_file (KefuTestDir   *f,
                        gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *dest = kefu_test_path (f, "copy.db");
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  make_db (path, 50);
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_backup_write (store, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_counts (path, dest, NULL);
  /* a self-contained file: rollback journal, no WAL to carry around */
  g_assert_cmpint (sqlite3_open_v2 (dest, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "delete");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_backup_unwritable_folder (KefuTestDir   *f,
                               gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *blocker = kefu_test_path (f, "a-file");
  g_autofree char *dest = g_build_filename (blocker, "backups", "copy.db.gz", NULL);
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;

  make_db (path, 10);
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (kefu_backup_write (store, dest, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == KEFU_STORE_ERROR);
  g_assert_nonnull (strstr (error->message, blocker));
}

/* The folder and the space are the administrator's */
static void
test_folder_and_budget_settings (KefuTestDir   *f,
                                 gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *second_disk = g_build_filename (f->dir, "mnt", "second-disk", "kefu", NULL);
  g_autofree char *blocker = kefu_test_path (f, "a-file");
  g_autofree char *under_file = g_build_filename (blocker, "backups", NULL);
  g_autofree char *folder = NULL;
  g_autofree char *def = kefu_backup_default_folder (path);
  g_autofree char *usual_db = g_build_filename (g_get_user_data_dir (), "kefu", "kefu.db", NULL);
  g_autofree char *usual = kefu_backup_default_folder (usual_db);
  g_autofree char *other_kefu = g_build_filename (f->dir, "copy", "kefu.db", NULL);
  g_autofree char *other = kefu_backup_default_folder (other_kefu);
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;

  make_db (path, 10);
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  folder = kefu_backup_get_folder (store);
  g_assert_cmpstr (folder, ==, def);
  /* the usual database's in $XDG_DATA_HOME/kefu/backups; any other's
   * below it in a folder of its own, even with the same file name */
  g_assert_true (g_str_has_suffix (usual, "/kefu/backups"));
  g_assert_true (g_str_has_prefix (def, usual));
  g_assert_true (g_str_has_prefix (strrchr (def, '/'), "/kefu-"));
  g_assert_true (g_str_has_prefix (other, usual));
  g_assert_cmpstr (other, !=, def);
  g_assert_cmpint (kefu_backup_get_budget (store), ==, (gint64) KEFU_BACKUP_DEFAULT_BUDGET_MB * 1000 * 1000);

  /* nobody signed in changes nothing */
  g_assert_false (kefu_backup_set_folder (store, second_disk, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (kefu_backup_set_budget (store, 5000, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (g_file_test (second_disk, G_FILE_TEST_EXISTS));
  g_assert_cmpint (kefu_backup_get_budget (store), ==, (gint64) KEFU_BACKUP_DEFAULT_BUDGET_MB * 1000 * 1000);

  kefu_store_set_actor (store, kefu_test_file_scalar (path, "SELECT id FROM users WHERE role = 'admin' LIMIT 1"));
  g_assert_true (kefu_backup_set_folder (store, second_disk, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (second_disk, G_FILE_TEST_IS_DIR));
  g_clear_pointer (&folder, g_free);
  folder = kefu_backup_get_folder (store);
  g_assert_cmpstr (folder, ==, second_disk);

  g_assert_false (kefu_backup_set_folder (store, "relative/folder", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  g_assert_false (kefu_backup_set_folder (store, under_file, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "backups"));
  g_clear_error (&error);
  g_clear_pointer (&folder, g_free);
  folder = kefu_backup_get_folder (store);
  g_assert_cmpstr (folder, ==, second_disk);   /* unchanged by the refusals */

  g_assert_false (kefu_backup_set_budget (store, 10, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_backup_set_budget (store, 5000, &error));
  g_assert_cmpint (kefu_backup_get_budget (store), ==, G_GINT64_CONSTANT (5000000000));

  /* an agent may not move the backups; an administrator may */
  kefu_store_set_actor (store, kefu_test_file_scalar (path, "SELECT id FROM users WHERE role = 'agent' LIMIT 1"));
  g_assert_false (kefu_backup_set_folder (store, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (store, kefu_test_file_scalar (path, "SELECT id FROM users WHERE role = 'admin' LIMIT 1"));
  g_assert_true (kefu_backup_set_folder (store, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&folder, g_free);
  folder = kefu_backup_get_folder (store);
  g_assert_cmpstr (folder, ==, def);
  /* each change is in the audit log */
  g_assert_cmpint (kefu_test_file_scalar (path, "SELECT count(*) FROM audit_log WHERE action IN "
                                           "('backup_folder', 'backup_budget_mb')"), ==, 3);
}

/* Restore -------------------------------------------------------------------- */

static char *
make_backup (const char *db_path,
             const char *dest)
{
  g_autoptr(KefuStore) store = kefu_store_open (db_path, KEFU_STORE_OPEN_DEFAULT, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (store);
  g_assert_true (kefu_backup_write (store, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (dest);
}

static void
set_marker (const char *db_path,
            const char *value)
{
  g_autoptr(KefuStore) store = kefu_store_open (db_path, KEFU_STORE_OPEN_DEFAULT, NULL);

  g_assert_nonnull (store);
  g_assert_true (kefu_store_set_setting (store, "test_marker", value, NULL));
}

static char *
get_marker (const char *db_path)
{
  g_autoptr(KefuStore) store = kefu_store_open (db_path, KEFU_STORE_OPEN_DEFAULT, NULL);

  g_assert_nonnull (store);
  return kefu_store_get_setting (store, "test_marker");
}

static void
test_restore_keeps_current_aside (KefuTestDir   *f,
                                  gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *backup = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *aside_marker = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *expected_aside = g_strconcat (path, ".before-restore-2026-11-25-100000", NULL);
  g_autofree char *expected_second = g_strconcat (path, ".before-restore-2026-11-25-100000-2", NULL);
  g_autoptr(GError) error = NULL;
  gint64 tickets;

  make_db (path, 60);
  set_marker (path, "in the backup");
  backup = make_backup (path, kefu_test_path (f, "monday.db.gz"));
  set_marker (path, "after the backup");
  tickets = kefu_test_file_scalar (path, "SELECT count(*) FROM tickets");

  /* the last change is only in the WAL, as a program that was killed leaves it */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    sqlite3 *db;
    GStatBuf st;

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DELETE FROM tickets WHERE id = (SELECT max(id) FROM tickets)",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    g_assert_cmpint (g_stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 0);
  }

  g_assert_true (kefu_restore (backup, path, TEST_NOW, &aside, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (aside, ==, expected_aside);
  /* nothing of the old file's WAL is left for the new one to pick up; its
   * audit anchor goes aside with it (the restored log is anchored anew) */
  listing = dir_listing (f->dir);
  g_assert_cmpstr (listing, ==, "kefu.db kefu.db.before-restore-2026-11-25-100000 "
                                "kefu.db.before-restore-2026-11-25-100000.audit-anchor monday.db.gz");

  /* a second restore in the same second keeps a second file aside */
  {
    g_autofree char *again = NULL;

    g_assert_true (kefu_restore (backup, path, TEST_NOW, &again, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (again, ==, expected_second);
  }
  g_clear_pointer (&listing, g_free);
  listing = dir_listing (f->dir);
  g_assert_cmpstr (listing, ==, "kefu.db kefu.db.before-restore-2026-11-25-100000 "
                                "kefu.db.before-restore-2026-11-25-100000-2 "
                                "kefu.db.before-restore-2026-11-25-100000.audit-anchor monday.db.gz");

  marker = get_marker (path);
  g_assert_cmpstr (marker, ==, "in the backup");
  g_assert_cmpint (kefu_test_file_scalar (path, "SELECT count(*) FROM tickets"), ==, tickets);
  /* the file kept aside is complete on its own, with what was in its WAL */
  g_assert_cmpint (kefu_test_file_scalar (aside, "SELECT count(*) FROM tickets"), ==, tickets - 1);
  aside_marker = get_marker (aside);
  g_assert_cmpstr (aside_marker, ==, "after the backup");
}

/* A damaged or foreign backup is refused before anything is touched. */
static void
test_restore_refuses_damaged (KefuTestDir   *f,
                              gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *good = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *before = NULL;
  g_autofree char *listing_before = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  struct { const char *name; int code; } cases[] = {
    { "cut-off.db.gz", KEFU_STORE_ERROR_CORRUPT },
    { "bit-flip.db.gz", KEFU_STORE_ERROR_CORRUPT },
    { "bad-pages.db.gz", KEFU_STORE_ERROR_CORRUPT },
    { "bad-pages.db", KEFU_STORE_ERROR_CORRUPT },
    { "future.db.gz", KEFU_STORE_ERROR_NEWER_SCHEMA },
    { "other-app.db.gz", KEFU_STORE_ERROR_NOT_A_DATABASE },
    { "notes.txt", KEFU_STORE_ERROR_NOT_A_DATABASE },
    { "missing.db.gz", KEFU_STORE_ERROR_NOT_FOUND },
  };

  make_db (path, 300);
  good = make_backup (path, kefu_test_path (f, "good.db.gz"));
  plain = make_backup (path, kefu_test_path (f, "good.db"));
  g_assert_true (g_file_get_contents (good, &contents, &len, NULL));

  {
    g_autofree char *p = kefu_test_path (f, "cut-off.db.gz");
    g_assert_true (g_file_set_contents (p, contents, len / 2, NULL));
  }
  {
    g_autofree char *p = kefu_test_path (f, "bit-flip.db.gz");
    g_autofree char *copy = g_memdup2 (contents, len);

    copy[len / 2] ^= 0x55;
    g_assert_true (g_file_set_contents (p, copy, len, NULL));
  }
  {
    /* a good gzip of a file whose pages are damaged */
    g_autofree char *p = kefu_test_path (f, "bad-pages.db");
    g_autofree char *gz = kefu_test_path (f, "bad-pages.db.gz");
    g_autofree char *bytes = NULL;
    gsize n;
    gint64 root = kefu_test_file_scalar (plain, "SELECT rootpage FROM sqlite_master WHERE name = 'tickets'");

    g_assert_true (g_file_get_contents (plain, &bytes, &n, NULL));
    g_assert_cmpint ((gint64) n, >, root * 4096);
    /* the tickets table's root page: its header and cell pointers */
    memset (bytes + (root - 1) * 4096, 0xA5, 64);
    g_assert_true (g_file_set_contents (p, bytes, n, NULL));
    gzip_file (p, gz);
  }
  {
    g_autofree char *db_file = kefu_test_path (f, "future.db");
    g_autofree char *gz = kefu_test_path (f, "future.db.gz");
    g_autofree char *copy = NULL;
    gsize n;
    sqlite3 *db;

    g_assert_true (g_file_get_contents (plain, &copy, &n, NULL));
    g_assert_true (g_file_set_contents (db_file, copy, n, NULL));
    g_assert_cmpint (sqlite3_open (db_file, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    gzip_file (db_file, gz);
  }
  {
    g_autofree char *db_file = kefu_test_path (f, "other-app.db");
    g_autofree char *gz = kefu_test_path (f, "other-app.db.gz");
    sqlite3 *db;

    g_assert_cmpint (sqlite3_open (db_file, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE photos (x); PRAGMA user_version = 3", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    gzip_file (db_file, gz);
  }
  {
    g_autofree char *p = kefu_test_path (f, "notes.txt");
    g_assert_true (g_file_set_contents (p, "Backup notes: the USB disk is in the second drawer.\n", -1, NULL));
  }

  before = file_sha (path);
  listing_before = dir_listing (f->dir);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *p = kefu_test_path (f, cases[i].name);
      g_autofree char *after = NULL;
      g_autofree char *listing = NULL;
      g_autofree char *aside = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("restoring %s", cases[i].name);
      g_assert_false (kefu_restore (p, path, TEST_NOW, &aside, NULL, NULL, NULL, &error));
      g_assert_error (error, KEFU_STORE_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].name));
      g_assert_null (aside);
      /* the database is exactly as it was, nothing kept aside, no leftovers */
      after = file_sha (path);
      g_assert_cmpstr (after, ==, before);
      listing = dir_listing (f->dir);
      g_assert_cmpstr (listing, ==, listing_before);
    }

  /* the good ones restore */
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (kefu_restore (good, path, TEST_NOW, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (kefu_restore (plain, path, TEST_NOW + 1, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
}

/* Not while anyone has the database open: the running app's own
 * connection, or a reader of it. */
static void
test_restore_refused_while_open (KefuTestDir   *f,
                                 gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *backup = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing_before = NULL;
  g_autofree char *listing_after = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuStore) reader = NULL;
  g_autoptr(GError) error = NULL;

  make_db (path, 30);
  backup = make_backup (path, kefu_test_path (f, "backup.db.gz"));
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_store_set_setting (store, "test_marker", "current", &error));
  reader = kefu_store_open_reader (store, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  listing_before = dir_listing (f->dir);

  g_assert_false (kefu_restore (backup, path, TEST_NOW, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  listing_after = dir_listing (f->dir);
  g_assert_cmpstr (listing_after, ==, listing_before);
  {
    g_autofree char *marker = kefu_store_get_setting (reader, "test_marker");
    g_assert_cmpstr (marker, ==, "current");
  }

  /* once it is closed, the restore goes ahead */
  g_clear_object (&reader);
  before = file_sha (backup);
  g_assert_true (kefu_restore (backup, path, TEST_NOW, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  after = get_marker (path);
  g_assert_null (after);
  g_clear_pointer (&after, g_free);
  after = file_sha (backup);
  g_assert_cmpstr (after, ==, before);   /* the backup itself is only read */
}

/* The remedy for a damaged database: restoring over it keeps it aside. */
static void
test_restore_over_damaged_file (KefuTestDir   *f,
                                gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *backup = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  const char *garbage = "this was a database until the disk failed";

  make_db (path, 30);
  backup = make_backup (path, kefu_test_path (f, "backup.db.gz"));
  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  g_assert_true (kefu_restore (backup, path, TEST_NOW, &aside, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, garbage);
  g_assert_cmpint (kefu_test_file_scalar (path, "SELECT count(*) FROM tickets"), ==, 30);
}

/* Onto a new machine: no database yet. */
static void
test_restore_into_new_place (KefuTestDir   *f,
                             gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *target = g_build_filename (f->dir, "new-pc", "share", "kefu", "kefu.db", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *aside = g_strdup ("unset");
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  make_db (path, 30);
  backup = make_backup (path, kefu_test_path (f, "backup.db.gz"));
  g_assert_true (kefu_restore (backup, target, TEST_NOW, &aside, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (aside);
  assert_same_counts (path, target, NULL);
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

/* kefu-cli ------------------------------------------------------------------- */

static void
limit_file_size (gpointer data)
{
  struct rlimit rl = { 256 * 1024, 256 * 1024 };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &rl);
}

static int
run_cli_full (GSpawnChildSetupFunc   setup,
              char                 **out,
              char                 **err,
              const char            *first,
              va_list                args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("KEFU_CLI");
  int status = -1;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, setup, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static int
run_cli (char       **out,
         char       **err,
         const char  *first,
         ...)
{
  va_list args;
  int rc;

  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  va_start (args, first);
  rc = run_cli_full (NULL, out, err, first, args);
  va_end (args);
  return rc;
}

/* kefu-cli acting as the sample's administrator: the PIN on its standard input */
static int
run_cli_admin (char       **out,
               char       **err,
               const char  *first,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("KEFU_CLI");
  va_list args;

  g_assert_nonnull (cli);
  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    {
      g_ptr_array_add (argv, (gpointer) a);
      if (g_str_equal (a, "--db"))
        {
          g_ptr_array_add (argv, (gpointer) va_arg (args, const char *));
          g_ptr_array_add (argv, (gpointer) "--as");
          g_ptr_array_add (argv, (gpointer) "admin");
        }
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return kefu_test_spawn (NULL, (const char * const *) argv->pdata, KEFU_DEMO_PIN "\n", out, err);
}

static int
run_cli_limited (char       **out,
                 char       **err,
                 const char  *first,
                 ...)
{
  va_list args;
  int rc;

  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  va_start (args, first);
  rc = run_cli_full (limit_file_size, out, err, first, args);
  va_end (args);
  return rc;
}

static void
test_cli_backup_list_restore (KefuTestDir   *f,
                              gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *folder = kefu_test_path (f, "usb-disk");
  g_autofree char *out_file = kefu_test_path (f, "before-upgrade.db.gz");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GPtrArray) files = NULL;
  gint64 tickets;

  g_assert_cmpint (run_cli (&out, &err, "--db", path, "init", "--demo", "200", NULL), ==, 0);
  tickets = kefu_test_file_scalar (path, "SELECT count(*) FROM tickets");

  /* the folder is the administrator's choice: signed in, with the PIN */
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "config", "--folder", folder, "--budget", "500", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--as LOGIN"));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_cli_admin (&out, &err, "--db", path, "backup", "config", "--folder", folder, "--budget", "500", NULL), ==, 0);
  g_assert_nonnull (strstr (out, folder));
  g_assert_nonnull (strstr (out, "500.0"));   /* 500,000,000 bytes */
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No backups"));

  /* into the folder */
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", NULL), ==, 0);
  g_assert_nonnull (strstr (out, folder));
  g_assert_nonnull (strstr (out, "integrity check"));
  g_assert_nonnull (strstr (err, "Compressing"));   /* progress on stderr */
  files = kefu_backup_list (folder, path, NULL);
  g_assert_cmpuint (files->len, ==, 1);
  backup = g_strdup (((KefuBackupFile *) files->pdata[0])->path);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, backup));
  g_assert_nonnull (strstr (out, "1 backup,"));

  /* to a file */
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "--out", out_file, NULL), ==, 0);
  g_assert_true (g_file_test (out_file, G_FILE_TEST_IS_REGULAR));

  /* a change, then back to the backup */
  set_marker (path, "made after the backup");
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "restore", backup, NULL), ==, 0);
  g_assert_nonnull (strstr (out, ".before-restore-"));
  {
    g_autofree char *marker = get_marker (path);
    g_assert_null (marker);
  }
  g_assert_cmpint (kefu_test_file_scalar (path, "SELECT count(*) FROM tickets"), ==, tickets);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "restore", out_file, NULL), ==, 0);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "check", NULL), ==, 0);

  listing = dir_listing (folder);
  g_assert_cmpstr (listing, ==, strrchr (backup, '/') + 1);
}

static void
test_cli_failures (KefuTestDir   *f,
                   gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *backup = kefu_test_path (f, "backup.db.gz");
  g_autofree char *cut = kefu_test_path (f, "cut.db.gz");
  g_autofree char *future = kefu_test_path (f, "future.db");
  g_autofree char *blocker = kefu_test_path (f, "a-file");
  g_autofree char *under_file = g_build_filename (blocker, "x.db.gz", NULL);
  g_autofree char *full_dir = kefu_test_path (f, "small-disk");
  g_autofree char *full_file = g_build_filename (full_dir, "x.db.gz", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  gsize len;

  g_assert_cmpint (run_cli (&out, &err, "--db", path, "init", "--demo", "600", NULL), ==, 0);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "--out", backup, NULL), ==, 0);
  before = file_sha (path);

  /* usage */
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "restore", NULL), ==, 2);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "restore", backup, "extra", NULL), ==, 2);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "--out", NULL), ==, 2);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "--frobnicate", NULL), ==, 2);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "config", "--budget", "lots", NULL), ==, 2);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "backup list"));

  /* a damaged backup, a missing one, a newer one */
  g_assert_true (g_file_get_contents (backup, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (cut, contents, len - 100, NULL));
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "restore", cut, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "damaged"));
  g_assert_nonnull (strstr (err, cut));
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "restore", "/nonexistent/backup.db.gz", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/backup.db.gz"));
  {
    sqlite3 *db;

    g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "--out", future, NULL), ==, 0);
    g_assert_cmpint (sqlite3_open (future, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "restore", future, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "newer version of Kefu"));
  g_assert_nonnull (strstr (err, "99"));

  /* while another program has the database open */
  {
    g_autoptr(KefuStore) open = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, NULL);

    g_assert_nonnull (open);
    g_assert_cmpint (run_cli (&out, &err, "--db", path, "restore", backup, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "open in another program"));
  }
  after = file_sha (path);
  g_assert_cmpstr (after, ==, before);

  /* a folder that cannot be made */
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "backup", "--out", under_file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, blocker));
  g_assert_cmpint (run_cli_admin (&out, &err, "--db", path, "backup", "config", "--folder", under_file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, blocker));

  /* no room: files may not grow past 256 KB (as on a full disk) */
  g_assert_cmpint (g_mkdir (full_dir, 0700), ==, 0);
  g_assert_cmpint (run_cli_limited (&out, &err, "--db", path, "backup", "--out", full_file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "disk is full"));
  g_assert_nonnull (strstr (err, full_file));
  listing = dir_listing (full_dir);
  g_assert_cmpstr (listing, ==, "");   /* no partial or temporary file left */

  /* translated */
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "restore", cut, NULL), ==, 1);
  g_unsetenv ("LC_ALL");
  g_assert_nonnull (strstr (err, cut));
  g_assert_nonnull (strstr (err, "损坏"));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  /* every test names its folder: nothing may land in the tester's home */
  g_setenv ("XDG_DATA_HOME", "/nonexistent/kefu-test-data", TRUE);
  g_test_init (&argc, &argv, NULL);
  /* a child that fails before reading the PIN closes its standard input:
   * the write fails (and GSubprocess ignores it) instead of killing the test */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/backup/names", test_names);
  g_test_add_func ("/backup/retention/year-end", test_retention_year_end);
  g_test_add_func ("/backup/retention/leap-day-and-budget", test_retention_leap_day);
  g_test_add_func ("/backup/retention/last-day", test_retention_last_day);
  KEFU_TEST_ADD ("/backup/run-names-and-prunes", test_run_prunes);
  KEFU_TEST_ADD ("/backup/while-another-connection-writes", test_backup_while_writing);
  KEFU_TEST_ADD ("/backup/plain-file", test_backup_plain_file);
  KEFU_TEST_ADD ("/backup/unwritable-folder", test_backup_unwritable_folder);
  KEFU_TEST_ADD ("/backup/folder-and-budget-settings", test_folder_and_budget_settings);
  KEFU_TEST_ADD ("/backup/restore/keeps-current-aside", test_restore_keeps_current_aside);
  KEFU_TEST_ADD ("/backup/restore/refuses-damaged", test_restore_refuses_damaged);
  KEFU_TEST_ADD ("/backup/restore/refused-while-open", test_restore_refused_while_open);
  KEFU_TEST_ADD ("/backup/restore/over-a-damaged-file", test_restore_over_damaged_file);
  KEFU_TEST_ADD ("/backup/restore/into-a-new-place", test_restore_into_new_place);
  KEFU_TEST_ADD ("/backup/cli/backup-list-restore", test_cli_backup_list_restore);
  KEFU_TEST_ADD ("/backup/cli/failures", test_cli_failures);

  return g_test_run ();
}
