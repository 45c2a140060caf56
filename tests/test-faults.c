/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-faults.c — a full disk, a failing disk, read-only places, a lock
 * held by another writer, damaged files and a clock gone backwards
 *
 * Each fault meets a database that already holds saved tickets. Each test
 * asserts the message a user gets (in English, and in Chinese for the
 * messages that say what to do), that the write was refused whole, and that
 * everything saved before is still there, byte for byte where the file must
 * not be touched. test-store.c covers what happens at opening: a file that
 * is not a database, a newer schema, a file and folder both read-only, a
 * folder that cannot be created, a lock held at opening.
 *
 * SQLite-specific: the faults are a SQLite file's (a full or failing disk
 * under it, its lock held by another sqlite3 connection, its transaction
 * state asked of the connection itself, its bytes compared).
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include "kefu-auth.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-import.h"
#include "kefu-store-private.h"
#include "kefu-test-sqlite.h"
#include "kefu-test-util.h"

#define HEADER "number,created_at,channel,kind,subtype,level,building,unit,location,owner_name,owner_phone,description,status,agent\n"

typedef struct {
  KefuTestDir  dir;
  char        *db;
  char        *saved;    /* what the saved tickets look like */
} Fixture;

static char *
tickets_csv (const char *prefix,
             guint       n)
{
  GString *csv = g_string_new (HEADER);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (csv, "%s%05u,2026-11-2%u 09:%02u,phone,repair,plumbing_electrical,3,%u栋,%u01,,"
                                 "业主%u,139%08u,%s 卫生间漏水 %u,new,刘洋\n",
                            prefix, i, 1 + i % 4, i % 60, 1 + i % 9, 1 + i % 18, i, i, prefix, i);
  return g_string_free (csv, FALSE);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = kefu_test_path (&f->dir, name);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static KefuImportReport *
import (KefuStore   *store,
        const char  *path,
        GError     **error)
{
  KefuImportOptions options = { KEFU_IMPORT_ENCODING_AUTO, FALSE, FALSE };

  return kefu_import_tickets (store, path, &options, NULL, NULL, NULL, error);
}

/* Every saved ticket and event, as one text (through a plain connection;
 * read-write, so that it leaves no -shm file behind as a read-only one does). */
static char *
fingerprint (const char *db_path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *text;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT (SELECT group_concat(x, ';') FROM (SELECT number || '|' || description || '|' || status || '|' || created_at AS x "
    "                                          FROM tickets ORDER BY id)) || '#' || "
    "       (SELECT group_concat(x, ';') FROM (SELECT ticket_id || '|' || kind || '|' || coalesce(body, '') || '|' || at AS x "
    "                                          FROM ticket_events ORDER BY id))", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_nonnull (text);
  return text;
}

static void
assert_nothing_lost (Fixture *f)
{
  g_autofree char *now = fingerprint (f->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (f->db, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_cmpstr (now, ==, f->saved);
  g_assert_no_error (error);
  g_assert_true (kefu_store_check (store, report, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  g_autofree char *csv = tickets_csv ("GDS", 12);
  g_autofree char *path = NULL;

  kefu_test_dir_setup (&f->dir, data);
  f->db = kefu_test_path (&f->dir, "kefu.db");
  path = write_file (f, "saved.csv", csv);
  store = kefu_store_open (f->db, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (store, TEST_NOW);
  report = import (store, path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 12);
  g_clear_object (&store);   /* checkpointed: the saved tickets are in the file itself */
  f->saved = fingerprint (f->db);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->saved);
  g_free (f->db);
  kefu_test_dir_teardown (&f->dir, data);
}

/* Runs @func with messages in Simplified Chinese. */
static void
in_chinese (void (*func) (Fixture *f, gboolean chinese),
            Fixture *f)
{
  g_autofree char *before = g_strdup (setlocale (LC_ALL, NULL));

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    g_error ("no zh_CN.UTF-8 locale (Debian: locales-all)");
  func (f, TRUE);
  setlocale (LC_ALL, before);
}

static void
assert_says (const GError *error,
             gboolean      chinese,
             const char   *english,
             const char   *zh)
{
  g_assert_nonnull (error);
  if (strstr (error->message, chinese ? zh : english) == NULL)
    g_error ("“%s” does not say “%s”", error->message, chinese ? zh : english);
}

/* Disk full ------------------------------------------------------------------ */

/* SQLite's own limit on the file's pages stands in for the disk: a write
 * past it fails exactly as on a full disk (SQLITE_FULL). */
static void
disk_full (Fixture  *f,
           gboolean  chinese)
{
  g_autofree char *csv = tickets_csv (chinese ? "GDZ" : "GDF", 2000);
  g_autofree char *path = write_file (f, "big.csv", csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (f->db, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(KefuImportReport) report = NULL;
  sqlite3 *db = kefu_store_get_db (store);
  gint64 pages = -1;

  g_assert_no_error (error);
  kefu_store_set_now (store, TEST_NOW);
  {
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    pages = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
  }
  {
    g_autofree char *limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 4);
    g_assert_cmpint (sqlite3_exec (db, limit, NULL, NULL, NULL), ==, SQLITE_OK);
  }

  report = import (store, path, &error);
  g_assert_null (report);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, f->db));
  assert_says (error, chinese, "is full. Nothing was saved", "磁盘已满。未保存任何内容");
  g_assert_true (sqlite3_get_autocommit (db));
  g_clear_error (&error);

  /* the same connection, space freed: the same file imports whole */
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL), ==, SQLITE_OK);
  if (!chinese)
    {
      g_autofree char *saved = fingerprint (f->db);
      g_assert_cmpstr (saved, ==, f->saved);
      report = import (store, path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 2000);
      g_assert_cmpint (kefu_store_count_rows (store, "tickets", NULL), ==, 2012);
    }
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  in_chinese (disk_full, f);
  disk_full (f, FALSE);
}

/* I/O error ------------------------------------------------------------------ */

/* kefu-cli's files may not grow past @limit bytes: the kernel refuses the
 * write (EFBIG) and SQLite reports a disk I/O error, as for a failing disk. */
static void
limit_file_size (gpointer data)
{
  struct rlimit r = { GPOINTER_TO_SIZE (data), GPOINTER_TO_SIZE (data) };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &r);
}

static void
io_error (Fixture  *f,
          gboolean  chinese)
{
  g_autofree char *csv = tickets_csv ("GDE", 3000);
  g_autofree char *path = write_file (f, "big.csv", csv);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  /* kefu-cli imports as a user: the administrator, whose password it reads */
  const char *argv[] = { g_getenv ("KEFU_CLI"), "--db", f->db, "--as", "admin", "import", "tickets", path, NULL };
  GStatBuf st;

  g_assert_nonnull (argv[0]);
  if (kefu_test_file_scalar (f->db, "SELECT count(*) FROM users WHERE login = 'admin'") == 0)
    {
      /* (the imported tickets' agents are users already) */
      g_autoptr(KefuStore) store = kefu_store_open (f->db, KEFU_STORE_OPEN_DEFAULT, &error);
      gint64 admin;

      g_assert_no_error (error);
      admin = kefu_desk_add_user (store, "admin", "管理员", "admin", NULL, &error);
      g_assert_no_error (error);
      kefu_store_set_actor (store, admin);
      g_assert_true (kefu_auth_reset_pin (store, admin, "客服台管理员的长密码", &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (g_stat (f->db, &st), ==, 0);
  env = g_environ_setenv (env, "LC_ALL", chinese ? "zh_CN.UTF-8" : "C.UTF-8", TRUE);
  /* the file as it is may stay; its write-ahead log may not grow past it */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_child_setup (launcher, limit_file_size, GSIZE_TO_POINTER ((gsize) st.st_size), NULL);
  g_assert_cmpint (kefu_test_spawn (launcher, argv, "客服台管理员的长密码\n", &out, &err), ==, 1);
  if (strstr (err, f->db) == NULL)
    g_error ("kefu-cli said: %s", err);
  if (strstr (err, chinese ? "读写失败" : "failed to read or write it") == NULL ||
      strstr (err, chinese ? "之前保存的内容均已保留" : "what was saved before is kept") == NULL)
    g_error ("kefu-cli said: %s", err);
  assert_nothing_lost (f);
}

static void
test_io_error (Fixture       *f,
               gconstpointer  data)
{
  io_error (f, FALSE);
  io_error (f, TRUE);
}

/* Read-only file and folder ---------------------------------------------- */

/* Root writes through any file mode: the check runs as nobody then. */
static void
drop_root (void)
{
  if (geteuid () != 0)
    return;
  g_assert_cmpint (setgid (65534), ==, 0);
  g_assert_cmpint (setuid (65534), ==, 0);
  g_assert_cmpint (geteuid (), ==, 65534);
}

static void
open_read_only (const char *db,
                gboolean    chinese)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;

  if (chinese)
    g_assert_nonnull (setlocale (LC_ALL, "zh_CN.UTF-8"));
  drop_root ();
  store = kefu_store_open (db, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, db));
  assert_says (error, chinese, "the file or its folder is read-only", "该文件或其所在文件夹是只读的");
}

static void
read_only (Fixture    *f,
           const char *which)
{
  g_autofree char *before = NULL, *after = NULL;
  gsize len_before, len_after;
  gboolean folder = g_str_equal (which, "folder");

  g_assert_true (g_file_get_contents (f->db, &before, &len_before, NULL));
  /* closed cleanly: no -wal or -shm file left for the check to meet */
  {
    g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
    g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  }
  /* nobody may reach the folder; the file is writable when only the folder is not */
  g_assert_cmpint (g_chmod (f->dir.dir, folder ? 0555 : 0777), ==, 0);
  g_assert_cmpint (g_chmod (f->db, folder ? 0666 : 0444), ==, 0);
  g_setenv ("KEFU_FAULTS_DB", f->db, TRUE);
  for (int chinese = 0; chinese < 2; chinese++)
    {
      g_autofree char *path = g_strdup_printf ("/faults/read-only/%s/subprocess/%s", which, chinese ? "zh_CN" : "en");
      g_test_trap_subprocess (path, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
    }
  g_assert_true (g_file_get_contents (f->db, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
  g_assert_cmpint (g_chmod (f->dir.dir, 0700), ==, 0);
  g_assert_cmpint (g_chmod (f->db, 0600), ==, 0);
  assert_nothing_lost (f);
}

static void
test_read_only_file (Fixture       *f,
                     gconstpointer  data)
{
  read_only (f, "file");
}

static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  read_only (f, "folder");
}

/* Child halves: the fixture's files live in the parent; they are found
 * through KEFU_FAULTS_DB, set just before the trap. */
static void
read_only_child (gconstpointer data)
{
  open_read_only (g_getenv ("KEFU_FAULTS_DB"), GPOINTER_TO_INT (data));
}

/* Another writer holds the lock ------------------------------------------ */

static void
locked (Fixture  *f,
        gboolean  chinese)
{
  g_autofree char *csv = tickets_csv ("GDL", 50);
  g_autofree char *path = write_file (f, "more.csv", csv);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (f->db, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(KefuImportReport) report = NULL;
  sqlite3 *other;

  g_assert_no_error (error);
  kefu_store_set_now (store, TEST_NOW);
  kefu_store_set_busy_timeout (store, 200);
  /* opened first; then another program starts writing and keeps at it */
  g_assert_cmpint (sqlite3_open (f->db, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE; UPDATE settings SET value = value", NULL, NULL, NULL), ==, SQLITE_OK);

  report = import (store, path, &error);
  g_assert_null (report);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, f->db));
  assert_says (error, chinese, "is locked by another program", "已被另一个正在写入的程序锁定");
  g_clear_error (&error);
  g_assert_true (sqlite3_get_autocommit (kefu_store_get_db (store)));

  /* the other program lets go: the same import goes through */
  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  {
    g_autofree char *saved = fingerprint (f->db);
    g_assert_cmpstr (saved, ==, f->saved);
  }
  if (!chinese)
    {
      report = import (store, path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 50);
    }
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  in_chinese (locked, f);
  locked (f, FALSE);
}

/* Damaged files ---------------------------------------------------------- */

/* A damaged file is reported as damaged, at opening or by the check, with
 * what to do; neither touches its bytes. */
static void
assert_reported_damaged (const char *db,
                         gboolean    chinese)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize len_before, len_after;

  g_assert_true (g_file_get_contents (db, &before, &len_before, NULL));
  store = kefu_store_open (db, KEFU_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    {
      g_autoptr(GString) report = g_string_new (NULL);
      g_assert_false (kefu_store_check (store, report, &error));
      g_clear_object (&store);
    }
  g_assert_nonnull (error);
  g_assert_true (error->domain == KEFU_STORE_ERROR);
  g_assert_true (error->code == KEFU_STORE_ERROR_CORRUPT || error->code == KEFU_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, db));
  if (error->code == KEFU_STORE_ERROR_CORRUPT)
    assert_says (error, chinese, "damaged", "损坏");
  else
    assert_says (error, chinese, "is not a Kefu database", "不是");
  g_assert_true (g_file_get_contents (db, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (f->db, &contents, &len, NULL));
  /* cut at half, and cut inside the first page */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = kefu_test_path (&f->dir, i ? "header.db" : "half.db");
      gsize keep = i ? 200 : len / 2;

      g_assert_cmpuint (len, >, 16384);
      g_assert_true (g_file_set_contents (path, contents, keep, NULL));
      assert_reported_damaged (path, FALSE);
      setlocale (LC_ALL, "zh_CN.UTF-8");
      assert_reported_damaged (path, TRUE);
      setlocale (LC_ALL, "C.UTF-8");
    }
  assert_nothing_lost (f);
}

static void
test_garbage_pages (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "scribbled.db");
  g_autoptr(GRand) rand = g_rand_new_with_seed (13);
  gsize len;

  g_assert_true (g_file_get_contents (f->db, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 5 * 4096);
  /* the second page on (the schema and the first tables) overwritten */
  for (gsize i = 4096; i < 4 * 4096; i++)
    contents[i] = g_rand_int (rand) & 0xff;
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  assert_reported_damaged (path, FALSE);
  setlocale (LC_ALL, "zh_CN.UTF-8");
  assert_reported_damaged (path, TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  assert_nothing_lost (f);
}

/* The clock goes backwards -------------------------------------------------- */

/* The computer's clock is set back a day after tickets were saved (a dead
 * CMOS battery, a wrong manual setting): work goes on and nothing saved is
 * changed or lost; the new note is kept after the older events. */
static void
test_clock_backwards (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (f->db, KEFU_STORE_OPEN_DEFAULT, &error);
  gint64 latest = kefu_test_file_scalar (f->db, "SELECT max(at) FROM ticket_events");
  gint64 ticket = kefu_test_file_scalar (f->db, "SELECT min(id) FROM tickets");
  g_autofree char *saved = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (latest, >, 0);
  kefu_store_set_actor (store, kefu_test_file_scalar (f->db, "SELECT min(id) FROM users"));
  kefu_store_set_now (store, latest - 86400);
  g_assert_true (kefu_desk_add_note (store, ticket, "时钟回拨后的备注", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* what was there is there as it was; the note follows it */
  saved = fingerprint (f->db);
  g_assert_true (g_str_has_prefix (saved, f->saved));
  g_assert_nonnull (strstr (saved + strlen (f->saved), "时钟回拨后的备注"));
  g_assert_cmpint (kefu_test_file_scalar (f->db, "SELECT max(id) FROM ticket_events WHERE body = '时钟回拨后的备注'"), ==,
                   kefu_test_file_scalar (f->db, "SELECT max(id) FROM ticket_events"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* a child that fails before reading the PIN closes its standard input:
   * the write fails (and GSubprocess ignores it) instead of killing the test */
  signal (SIGPIPE, SIG_IGN);
  setlocale (LC_ALL, "C.UTF-8");
  kefu_i18n_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/faults/disk-full", test_disk_full);
  ADD ("/faults/io-error", test_io_error);
  ADD ("/faults/read-only/file", test_read_only_file);
  ADD ("/faults/read-only/folder", test_read_only_folder);
  ADD ("/faults/locked-by-another-writer", test_locked);
  ADD ("/faults/truncated", test_truncated);
  ADD ("/faults/garbage-pages", test_garbage_pages);
  ADD ("/faults/clock-backwards", test_clock_backwards);
#undef ADD
  g_test_add_data_func ("/faults/read-only/file/subprocess/en", GINT_TO_POINTER (FALSE), read_only_child);
  g_test_add_data_func ("/faults/read-only/file/subprocess/zh_CN", GINT_TO_POINTER (TRUE), read_only_child);
  g_test_add_data_func ("/faults/read-only/folder/subprocess/en", GINT_TO_POINTER (FALSE), read_only_child);
  g_test_add_data_func ("/faults/read-only/folder/subprocess/zh_CN", GINT_TO_POINTER (TRUE), read_only_child);
  return g_test_run ();
}
