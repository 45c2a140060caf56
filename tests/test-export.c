/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c — exporting tickets as a service center would */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>   /* only for the damaged page: see test_export_damaged_database */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kefu-choice.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-export.h"
#include "kefu-import-private.h"
#include "kefu-kpi.h"
#include "kefu-pinyin.h"
#include "kefu-safe-file.h"
#include "kefu-store-private.h"
#include "kefu-test-util.h"
#include "kefu-test-import.h"

/* Export ---------------------------------------------------------------- */

static void
load_demo (Fixture *f,
           guint    n_tickets)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { n_tickets, 11, TEST_NOW };

  g_assert_true (kefu_demo_generate (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* exports carry owners' phones: a supervisor's right (kefu-auth.h) */
  kefu_store_set_actor (f->store, query_int (f, "SELECT id FROM users WHERE login = 'xuqiang'"));
}

/* Every exported column, by name rather than id, one line per ticket */
static const char exported_sql[] =
  "SELECT group_concat(line, char(10)) FROM (SELECT "
  "ifnull(t.number, '') || '|' || ifnull(t.created_at, '') || '|' || ifnull(t.channel, '') || '|' || "
  "ifnull(t.kind, '') || '|' || ifnull(t.subtype, '') || '|' || ifnull(t.level, '') || '|' || "
  "ifnull(e.name, '') || '|' || ifnull(b.name, '') || '|' || ifnull(u.name, '') || '|' || "
  "ifnull(t.location, '') || '|' || ifnull(coalesce(t.contact_name, o.name), '') || '|' || ifnull(coalesce(t.contact_phone, o.phone), '') || '|' || "
  "ifnull(t.description, '') || '|' || ifnull(t.status, '') || '|' || ifnull(ag.name, '') || '|' || "
  "ifnull(tm.name, '') || '|' || ifnull(tc.name, '') || '|' || ifnull(t.first_response_at, '') || '|' || "
  "ifnull(t.dispatched_at, '') || '|' || ifnull(t.accepted_at, '') || '|' || ifnull(t.arrived_at, '') || '|' || "
  "ifnull(t.resolved_at, '') || '|' || ifnull(t.closed_at, '') || '|' || ifnull(t.satisfaction, '') || '|' || "
  "ifnull(t.reopen_count, '') || '|' || ifnull(t.followed_up_at, '') || '|' || ifnull(t.cancelled_at, '') || '|' || "
  "ifnull(t.hold_reason, '') || '|' || ifnull(t.cancel_reason, '') || '|' || ifnull(t.followup_comment, '') AS line "
  "FROM tickets t LEFT JOIN estates e ON e.id = t.estate_id LEFT JOIN buildings b ON b.id = t.building_id "
  "LEFT JOIN units u ON u.id = t.unit_id LEFT JOIN owners o ON o.id = t.owner_id "
  "LEFT JOIN users ag ON ag.id = t.agent_id LEFT JOIN teams tm ON tm.id = t.team_id "
  "LEFT JOIN technicians tc ON tc.id = t.technician_id ORDER BY t.number)";

static char *
exported_columns (KefuStore *db)
{
  return kefu_test_row_text (db, exported_sql);
}

static void
test_csv_roundtrip (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = kefu_test_path (&f->dir, "tickets.csv");
  g_autofree char *fresh_path = kefu_test_path (&f->dir, "fresh.db");
  g_autofree char *contents = NULL;
  g_autofree char *original = NULL, *copy = NULL;
  g_autoptr(KefuStore) fresh = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  /* in full: names and phones as they are, by a role that may */
  KefuExportOptions options = { KEFU_EXPORT_CSV, csv, 0, 0, FALSE, NULL, TRUE };
  g_auto(GStrv) lines = NULL;
  g_autoptr(KefuUser) admin = NULL;
  g_autoptr(KefuStore) fresh_db = NULL;
  gsize len;

  load_demo (f, 400);
  admin = kefu_desk_find_user (f->store, "admin", &error);
  g_assert_no_error (error);
  kefu_store_set_actor (f->store, kefu_user_get_id (admin));
  g_assert_true (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* What Excel and other tools expect. */
  g_assert_true (g_file_get_contents (csv, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbfnumber,created_at,channel,kind,"));
  g_assert_true (g_str_has_suffix (contents, "\r\n"));
  g_assert_null (strstr (contents, "\r\r"));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 400 + 1);   /* header, tickets, "" after the last CRLF */

  fresh = kefu_store_open (fresh_path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  report = kefu_import_tickets (fresh, csv, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 0);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 400);

  fresh_db = kefu_test_other_store_for (fresh_path);
  original = exported_columns (f->other);
  copy = exported_columns (fresh_db);
  g_clear_object (&fresh_db);
  g_assert_cmpuint (strlen (original), >, 400 * 50);
  g_assert_cmpstr (copy, ==, original);
}

static char *
unzip (const char *archive,
       const char *member)
{
  const char *argv[] = { "unzip", "-p", archive, member, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  return out;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_xlsx (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "工单.xlsx");
  g_autofree char *sheet = NULL, *strings = NULL, *text = NULL;
  g_autofree char *unzip_path = g_find_program_in_path ("unzip");
  KefuExportOptions options = { KEFU_EXPORT_XLSX, path, 0, 0, FALSE };
  gint64 closed;

  if (unzip_path == NULL)
    {
      g_test_skip ("unzip is not installed");
      return;
    }
  load_demo (f, 300);
  g_assert_true (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  sheet = unzip (path, "xl/worksheets/sheet1.xml");
  strings = unzip (path, "xl/sharedStrings.xml");   /* absent when strings are inline */
  text = g_strconcat (sheet, strings, NULL);
  g_assert_nonnull (strstr (sheet, "<worksheet"));
  /* Chinese headers and values, whatever the locale. */
  g_assert_nonnull (strstr (text, ">工单号<"));
  g_assert_nonnull (strstr (text, ">创建时间<"));
  g_assert_nonnull (strstr (text, ">首问客服<"));
  g_assert_nonnull (strstr (text, ">已关闭<"));
  g_assert_nonnull (strstr (text, ">翠湖花园<"));
  g_assert_null (strstr (text, ">closed<"));
  closed = query_int (f, "SELECT count(*) FROM tickets WHERE status = 'closed'");
  g_assert_cmpuint (count_occurrences (text, ">已关闭<"), ==, closed);
  /* A header row and one row per ticket. */
  g_assert_cmpuint (count_occurrences (sheet, "<row "), ==, 301);
  /* Frozen header, a filter over all of it, widths, dates as numbers with a date format. */
  g_assert_nonnull (strstr (sheet, "state=\"frozen\""));
  g_assert_nonnull (strstr (sheet, "<autoFilter ref=\"A1:AD301\"/>"));
  g_assert_nonnull (strstr (sheet, "customWidth=\"1\""));
  g_assert_true (g_regex_match_simple ("<c r=\"B2\" s=\"[0-9]+\"><v>4[0-9]{4}\\.[0-9]+</v></c>", sheet, 0, 0));
  g_free (strings);
  strings = unzip (path, "xl/styles.xml");
  g_assert_nonnull (strstr (strings, "yyyy-mm-dd hh:mm:ss"));
}

static void
test_date_range (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "november.csv");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  KefuExportOptions options = { KEFU_EXPORT_CSV, path, 0, 0, TRUE };
  gint64 expected;
  guint rows = 0;

  load_demo (f, 500);
  g_assert_true (kefu_export_parse_date ("2026-11-01", &options.from));
  g_assert_true (kefu_export_parse_date ("2026-11-25", &options.to));
  g_assert_false (kefu_export_parse_date ("2026-11-31", &options.to) || kefu_export_parse_date ("11/25", &options.to));
  /* Local midnight in Shenzhen is 16:00 UTC the day before: 2026-11-01
   * is 24 days and 10 hours before TEST_NOW, 2026-11-25 is 10 hours. */
  g_assert_cmpint (options.from, ==, TEST_NOW - 24 * 86400 - 10 * 3600);
  g_assert_cmpint (options.to, ==, TEST_NOW - 10 * 3600);
  expected = query_int (f, "SELECT count(*) FROM tickets WHERE created_at >= 1793462400 AND created_at < 1795536000");
  g_assert_cmpint (expected, >, 10);
  g_assert_cmpint (kefu_export_count_tickets (f->store, &options, NULL), ==, expected);

  g_assert_true (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "\xef\xbb\xbf工单号,创建时间,渠道,"));
  for (guint i = 1; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], ",", 3);
      g_assert_true (g_str_has_prefix (cols[1], "2026-11-"));
      g_assert_cmpstr (cols[1], <, "2026-11-25");
      rows++;
    }
  g_assert_cmpint (rows, ==, expected);
}

/* Exports that fail half-way ------------------------------------------- */

static int
by_name (gconstpointer a,
         gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in @dir, sorted, space-separated: what a user sees there
 * (temporary files included) */
static char *
list_dir (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, by_name);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", (const char *) names->pdata[i]);
  return g_string_free (s, FALSE);
}

typedef struct {
  Fixture  *f;
  char     *dir;       /* the folder the exports go to */
  char     *old;       /* a file there with contents of its own */
} ExportPlace;

static void
export_place_init (ExportPlace *e,
                   Fixture     *f)
{
  e->f = f;
  e->dir = kefu_test_path (&f->dir, "exports");
  e->old = g_build_filename (e->dir, "old.csv", NULL);
  g_assert_cmpint (g_mkdir (e->dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (e->old, "what was there before\n", -1, NULL));
}

static void
export_place_clear (ExportPlace *e)
{
  g_free (e->dir);
  g_free (e->old);
}

/* The folder holds only the old file, as it was: no new file, no
 * truncated one, no temporary one. */
static void
assert_untouched (ExportPlace *e)
{
  g_autofree char *names = list_dir (e->dir);
  g_autofree char *contents = NULL;

  g_assert_cmpstr (names, ==, "old.csv");
  g_assert_true (g_file_get_contents (e->old, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "what was there before\n");
}

static gboolean
export_to (Fixture          *f,
           KefuExportFormat  format,
           const char       *path,
           KefuProgressFunc  progress,
           gpointer          user_data,
           GCancellable     *cancellable,
           GError          **error)
{
  KefuExportOptions options = { format, path, 0, 0, FALSE };
  return kefu_export_tickets (f->store, &options, progress, user_data, cancellable, error);
}

/* The disk fills half-way (the process's file-size limit makes writes past
 * 64 KiB fail, as a full disk would): CSV and XLSX, new file or over an
 * old one, leave the folder as it was. */
static void
test_export_disk_full_half_way (Fixture       *f,
                                gconstpointer  data)
{
  ExportPlace e;
  g_autofree char *fresh = NULL, *xlsx = NULL, *whole = NULL;
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL, e4 = NULL;
  struct rlimit saved, small;
  gboolean ok1, ok2, ok3;
  GStatBuf st;

  load_demo (f, 3000);
  export_place_init (&e, f);
  fresh = g_build_filename (e.dir, "new.csv", NULL);
  xlsx = g_build_filename (e.dir, "new.xlsx", NULL);

  /* the whole export is far bigger than the limit */
  whole = kefu_test_path (&f->dir, "whole.csv");
  g_assert_true (export_to (f, KEFU_EXPORT_CSV, whole, NULL, NULL, NULL, &e4));
  g_assert_cmpint (g_stat (whole, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 8 * 64 * 1024);

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small = saved;
  small.rlim_cur = 64 * 1024;
  signal (SIGXFSZ, SIG_IGN);   /* a write past the limit fails with EFBIG instead */
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  ok1 = export_to (f, KEFU_EXPORT_CSV, fresh, NULL, NULL, NULL, &e1);
  ok2 = export_to (f, KEFU_EXPORT_CSV, e.old, NULL, NULL, NULL, &e2);
  ok3 = export_to (f, KEFU_EXPORT_XLSX, xlsx, NULL, NULL, NULL, &e3);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

  g_assert_false (ok1);
  g_assert_error (e1, KEFU_EXPORT_ERROR, KEFU_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (e1->message, fresh));
  g_assert_false (ok2);
  g_assert_error (e2, KEFU_EXPORT_ERROR, KEFU_EXPORT_ERROR_WRITE);
  g_assert_false (ok3);
  g_assert_error (e3, KEFU_EXPORT_ERROR, KEFU_EXPORT_ERROR_WRITE);
  assert_untouched (&e);
  export_place_clear (&e);
}

static void
cancel_at_first_progress (double      fraction,
                          const char *message,
                          gpointer    user_data)
{
  if (fraction > 0)
    g_cancellable_cancel (user_data);
}

/* Cancelled half-way (after the first thousand rows): nothing is left. */
static void
test_export_cancelled_half_way (Fixture       *f,
                                gconstpointer  data)
{
  ExportPlace e;
  g_autoptr(GCancellable) c1 = g_cancellable_new ();
  g_autoptr(GCancellable) c2 = g_cancellable_new ();
  g_autoptr(GError) e1 = NULL, e2 = NULL;

  load_demo (f, 3000);
  export_place_init (&e, f);
  g_assert_false (export_to (f, KEFU_EXPORT_CSV, e.old, cancel_at_first_progress, c1, c1, &e1));
  g_assert_error (e1, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (export_to (f, KEFU_EXPORT_XLSX, e.old, cancel_at_first_progress, c2, c2, &e2));
  g_assert_error (e2, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_untouched (&e);
  export_place_clear (&e);
}

static void
count_progress (double      fraction,
                const char *message,
                gpointer    user_data)
{
  if (fraction > 0)
    (*(guint *) user_data)++;
}

/* A database page damaged in the middle of the tickets: the export fails
 * when it reaches it, after writing part of the rows, and leaves nothing.
 * SQLite-specific: it finds the page with SQLite's dbstat and writes over
 * it in the file, through a plain sqlite3 connection. */
static void
test_export_damaged_database (Fixture       *f,
                              gconstpointer  data)
{
  ExportPlace e;
  g_autofree char *fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) leaves = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 page_size, page;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  guint rows_reported = 0;
  gint64 supervisor;
  int fd;

  load_demo (f, 3000);
  supervisor = kefu_store_get_actor (f->store);
  export_place_init (&e, f);
  fresh = g_build_filename (e.dir, "new.csv", NULL);
  g_clear_object (&f->store);   /* checkpoints the WAL into the file */
  g_clear_object (&f->other);
  g_assert_cmpint (sqlite3_open_v2 (f->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  /* and empties it: a page still in the log would be read from there */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT pageno FROM dbstat WHERE name = 'tickets' AND pagetype = 'leaf' "
                                              "ORDER BY pageno", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 n = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (leaves, n);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (leaves->len, >, 20);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page_size = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  page = g_array_index (leaves, gint64, leaves->len / 2);
  sqlite3_close (db);

  /* garbage over the middle leaf page's cells, its header kept */
  fd = g_open (f->db_path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  {
    g_autofree char *junk = g_strnfill (page_size - 16, '\xee');
    g_assert_cmpint (pwrite (fd, junk, page_size - 16, (page - 1) * page_size + 16), ==, page_size - 16);
  }
  close (fd);

  f->store = kefu_store_open (f->db_path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (f->store, TEST_NOW);
  /* exports carry owners' phones: a supervisor's right (kefu-auth.h) */
  kefu_store_set_actor (f->store, supervisor);
  g_assert_false (export_to (f, KEFU_EXPORT_CSV, fresh, count_progress, &rows_reported, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT);
  g_assert_cmpuint (rows_reported, >, 0);   /* a thousand rows and more went out first */
  g_clear_error (&error);
  g_assert_false (export_to (f, KEFU_EXPORT_CSV, e.old, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  assert_untouched (&e);
  export_place_clear (&e);
}

/* A target that is not a regular file (a pipe, a device like /dev/full)
 * is never replaced. */
static void
test_export_not_a_regular_file (Fixture       *f,
                                gconstpointer  data)
{
  ExportPlace e;
  g_autofree char *fifo = NULL, *names = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  load_demo (f, 50);
  export_place_init (&e, f);
  fifo = g_build_filename (e.dir, "pipe.csv", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_false (export_to (f, KEFU_EXPORT_CSV, fifo, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_EXPORT_ERROR, KEFU_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_assert_cmpint (g_stat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  names = list_dir (e.dir);
  g_assert_cmpstr (names, ==, "old.csv pipe.csv");
  export_place_clear (&e);
}

/* A writer killed mid-export (here a child that begins a file and dies
 * without a word, as under kill -9) leaves its temporary file; the next
 * export to that folder removes it. A live writer's, and one of another
 * machine sharing the folder, stay. */
static void
test_export_sweeps_orphans (Fixture       *f,
                            gconstpointer  data)
{
  ExportPlace e;
  KefuSafeFile live;
  g_autofree char *target = NULL, *other = NULL, *names = NULL, *orphan = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  pid_t pid;

  load_demo (f, 50);
  export_place_init (&e, f);
  target = g_build_filename (e.dir, "tickets.csv", NULL);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      KefuSafeFile dying;
      _exit (kefu_safe_file_begin (&dying, target, NULL) ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  names = list_dir (e.dir);
  g_assert_true (g_str_has_prefix (names, ".kefu-write-"));   /* the dead writer's */
  orphan = g_strdup (names);
  *strchr (orphan, ' ') = '\0';
  {
    g_autofree char *by_pid = g_strdup_printf ("-%ld-", (long) pid);
    g_assert_nonnull (strstr (orphan, by_pid));
  }
  g_clear_pointer (&names, g_free);

  other = g_build_filename (e.dir, ".kefu-write-another-desk-1-abcdef", NULL);
  g_assert_true (g_file_set_contents (other, "half", -1, NULL));
  g_assert_true (kefu_safe_file_begin (&live, target, &error));
  g_assert_no_error (error);

  g_assert_true (export_to (f, KEFU_EXPORT_CSV, target, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  names = list_dir (e.dir);
  g_assert_null (strstr (names, orphan));
  {
    g_autofree char *live_name = g_path_get_basename (live.tmp);
    g_auto(GStrv) listed = g_strsplit (names, " ", -1);

    /* the old file, the export, the live writer's and the other desk's */
    g_assert_cmpuint (g_strv_length (listed), ==, 4);
    g_assert_true (g_strv_contains ((const char * const *) listed, "old.csv"));
    g_assert_true (g_strv_contains ((const char * const *) listed, "tickets.csv"));
    g_assert_true (g_strv_contains ((const char * const *) listed, live_name));
    g_assert_true (g_strv_contains ((const char * const *) listed, ".kefu-write-another-desk-1-abcdef"));
  }
  kefu_safe_file_abort (&live);
  export_place_clear (&e);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/export/csv-roundtrip", test_csv_roundtrip);
  ADD ("/core/export/xlsx", test_xlsx);
  ADD ("/core/export/date-range", test_date_range);
  ADD ("/core/export/fails-half-way/disk-full", test_export_disk_full_half_way);
  ADD ("/core/export/fails-half-way/cancelled", test_export_cancelled_half_way);
  ADD ("/core/export/fails-half-way/damaged-database", test_export_damaged_database);
  ADD ("/core/export/not-a-regular-file", test_export_not_a_regular_file);
  ADD ("/core/export/sweeps-a-killed-writers-file", test_export_sweeps_orphans);
#undef ADD

  return g_test_run ();
}
