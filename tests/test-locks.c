/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-locks.c — the database's locks hold, and nothing is written where
 * it would be lost
 *
 * What another descriptor, another connection or another program does to
 * the file while Kefu has it open: the locks stay (kefu-locks.c), readers
 * never wait, other writers are kept out and served in turn, a removed or
 * replaced WAL stops the writes, and a damaged file is never written to.
 *
 * SQLite-specific: file locks, the WAL and busy connections are SQLite's;
 * the other connections here are plain sqlite3 ones on purpose.
 */
#define _GNU_SOURCE   /* F_OFD_GETLK */
#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kefu-locks.h"
#include "kefu-store-private.h"
#include "kefu-test-locks.h"
#include "kefu-test-util.h"

#define SHARED_FIRST   KEFU_TEST_SHARED_FIRST
#define SHARED_SIZE    KEFU_TEST_SHARED_SIZE
#define SHM_WRITE_LOCK KEFU_TEST_SHM_WRITE_LOCK
#define SHM_DMS        KEFU_TEST_SHM_DMS
#define lock_in_the_way kefu_test_lock_in_the_way
#define inode_of       kefu_test_inode
#define run            kefu_test_run
#define shell_scalar   kefu_test_shell_scalar

/* What a file chooser or a thumbnailer does: open, read, close. */
static void
peek (const char *path)
{
  char buf[4096];
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (read (fd, buf, sizeof buf), >=, 0);
  g_assert_cmpint (close (fd), ==, 0);
}

static gint64
settings_like (KefuStore  *store,
               const char *pattern)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, "SELECT count(*) FROM settings WHERE key LIKE ?", NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
put (KefuStore  *store,
     const char *key)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_store_set_setting (store, key, "1", &error));
  g_assert_no_error (error);
}

/* The premise, on this system: closing any descriptor of a file drops the
 * process's POSIX locks on it, and leaves an open-file-description lock. */
static void
test_posix_locks_drop (KefuTestDir   *f,
                       gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "scratch");
  struct flock rd = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
  int fd;

  g_assert_true (g_file_set_contents (path, "x", -1, NULL));
  fd = open (path, O_RDWR | O_CLOEXEC);
  g_assert_cmpint (fcntl (fd, F_SETLK, &rd), ==, 0);
  g_assert_cmpint (lock_in_the_way (path, 0, 1, F_WRLCK), ==, F_RDLCK);
  peek (path);
  g_assert_cmpint (lock_in_the_way (path, 0, 1, F_WRLCK), ==, F_UNLCK);   /* gone */

  rd.l_pid = 0;
  g_assert_cmpint (fcntl (fd, F_OFD_SETLK, &rd), ==, 0);
  peek (path);
  g_assert_cmpint (lock_in_the_way (path, 0, 1, F_WRLCK), ==, F_RDLCK);   /* kept */
  close (fd);
  g_assert_cmpint (lock_in_the_way (path, 0, 1, F_WRLCK), ==, F_UNLCK);
}

/* The file, its WAL and its -shm opened, read and closed in Kefu's own
 * process (as a GTK file chooser does), then another program opening and
 * closing the database: Kefu's locks and its WAL stay, and every write
 * made afterwards is in the files a crash would leave. */
static void
test_foreign_close_keeps_locks (KefuTestDir   *f,
                                gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *crash_dir = kefu_test_path (f, "after-the-crash");
  g_autofree char *crash_db = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  const char *cli = g_getenv ("KEFU_CLI");
  ino_t wal_inode;

  g_assert_no_error (error);
  g_assert_true (kefu_locks_installed ());
  put (store, "before");
  wal_inode = inode_of (wal);
  /* an idle WAL connection: SHARED on the file, the -shm's switch read */
  g_assert_cmpint (lock_in_the_way (path, SHARED_FIRST, SHARED_SIZE, F_WRLCK), ==, F_RDLCK);
  g_assert_cmpint (lock_in_the_way (shm, SHM_DMS, 1, F_WRLCK), ==, F_RDLCK);

  peek (path);
  peek (wal);
  peek (shm);
  g_assert_cmpint (lock_in_the_way (path, SHARED_FIRST, SHARED_SIZE, F_WRLCK), ==, F_RDLCK);
  g_assert_cmpint (lock_in_the_way (shm, SHM_DMS, 1, F_WRLCK), ==, F_RDLCK);

  /* the sqlite3 shell and kefu-cli open and close it: the last one out
   * would checkpoint and delete the WAL if nobody else held the file */
  g_assert_cmpint (shell_scalar (path, "SELECT count(*) FROM settings WHERE key = 'before'"), ==, 1);
  g_assert_nonnull (cli);
  g_assert_cmpint (run (&out, &err, cli, "--db", path, "check", NULL), ==, 0);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (inode_of (wal), ==, wal_inode);
  g_assert_cmpint (lock_in_the_way (path, SHARED_FIRST, SHARED_SIZE, F_WRLCK), ==, F_RDLCK);

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *key = g_strdup_printf ("after-%02d", i);
      put (store, key);
    }
  g_assert_true (kefu_store_can_write (store, &error));
  g_assert_no_error (error);

  /* a kill -9 now leaves the database and its WAL: all twenty are there */
  crash_db = kefu_test_crash_copy (path, crash_dir);
  g_assert_cmpint (shell_scalar (crash_db, "SELECT count(*) FROM settings WHERE key LIKE 'after-%'"), ==, 20);
  g_assert_true (kefu_test_shell_integrity_ok (crash_db));
}

typedef struct {
  KefuStore *reader;
  gint64     committed;
  guint      reads;
  gint64     slowest_us;
  GError    *error;
} ReaderJob;

static gpointer
reader_thread (gpointer data)
{
  ReaderJob *job = data;

  /* no waiting at all: a lock in the way is an error at once */
  kefu_store_set_busy_timeout (job->reader, 0);
  for (int i = 0; i < 100 && job->error == NULL; i++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 n = kefu_store_count_rows (job->reader, "settings", &job->error);

      job->slowest_us = MAX (job->slowest_us, g_get_monotonic_time () - start);
      if (n >= 0)
        {
          g_assert_cmpint (n, ==, job->committed);   /* not the writer's open transaction */
          job->reads++;
        }
    }
  return NULL;
}

/* One process, one writer and four reader connections in worker threads:
 * the readers read while the writer holds its transaction open (WAL),
 * and SQLite's own lock accounting still works: the last connection out
 * checkpoints and removes the WAL, whichever closes first. */
static void
test_readers_and_writer (KefuTestDir   *f,
                         gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  ReaderJob jobs[4] = { { 0 } };
  GThread *threads[4];
  KefuStore *last;
  gint64 committed;

  g_assert_no_error (error);
  put (store, "one");
  put (store, "two");
  committed = kefu_store_count_rows (store, "settings", &error);

  g_assert_true (kefu_store_begin (store, &error));
  g_assert_true (kefu_store_exec (store, "INSERT INTO settings (key, value) VALUES ('pending', '1')", &error));
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i].reader = kefu_store_open_reader (store, &error);
      g_assert_no_error (error);
      jobs[i].committed = committed;
      threads[i] = g_thread_new ("reader", reader_thread, &jobs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_thread_join (threads[i]);
      g_assert_no_error (jobs[i].error);
      g_assert_cmpuint (jobs[i].reads, ==, 100);
      g_assert_cmpint (jobs[i].slowest_us, <, G_USEC_PER_SEC);
    }
  g_assert_true (kefu_store_commit (store, &error));
  g_assert_no_error (error);

  /* the readers see the commit; one of them writes in turn */
  g_assert_cmpint (kefu_store_count_rows (jobs[0].reader, "settings", &error), ==, committed + 1);
  put (jobs[1].reader, "from-a-reader");
  g_assert_cmpint (settings_like (store, "from-a-reader"), ==, 1);

  /* the writer goes first; the readers, opened after it, close last */
  last = jobs[3].reader;
  for (guint i = 0; i < 3; i++)
    g_clear_object (&jobs[i].reader);
  g_clear_object (&store);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_object_unref (last);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (shell_scalar (path, "SELECT count(*) FROM settings"), ==, committed + 2);
}

/* SQLite counts a process's SHARED locks itself: a second connection's is
 * only a number, and its last unlock may come through another connection's
 * descriptor. Locks owned by each descriptor would keep the first reader's
 * lock after it finished and block the second connection's commit; one
 * lock owner per file and process does not. (Rollback journal: the mode
 * in which a commit needs every other reader gone.) */
static void
test_two_connections_rollback_journal (KefuTestDir   *f,
                                       gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "plain.db");
  sqlite3 *a, *b;
  sqlite3_stmt *stmt;

  kefu_store_init_sqlite ();
  g_assert_cmpint (sqlite3_open (path, &a), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (a, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_open (path, &b), ==, SQLITE_OK);
  sqlite3_busy_timeout (b, 500);

  /* a reads first (its descriptor takes the lock), then b reads */
  g_assert_cmpint (sqlite3_exec (a, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (a, "SELECT x FROM t", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (b, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (b, "SELECT x FROM t", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sqlite3_finalize (stmt);
  /* a is done; b writes and commits */
  g_assert_cmpint (sqlite3_exec (a, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (b, "INSERT INTO t VALUES (2); COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (a);
  sqlite3_close (b);
  g_assert_cmpint (shell_scalar (path, "SELECT count(*) FROM t"), ==, 2);
}

static GSubprocess *
shell_with_input (const char     *path,
                  GOutputStream **input)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *shell = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                                         &error, "sqlite3", path, NULL);

  g_assert_no_error (error);
  *input = g_subprocess_get_stdin_pipe (shell);
  return shell;
}

static void
say (GOutputStream *input,
     const char    *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (input, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (input, NULL, &error);
  g_assert_no_error (error);
}

/* until another program holds the WAL write lock, at most ten seconds */
static void
wait_for_write_lock (const char *shm)
{
  for (int i = 0; i < 1000; i++)
    {
      if (g_file_test (shm, G_FILE_TEST_EXISTS) &&
          lock_in_the_way (shm, SHM_WRITE_LOCK, 1, F_WRLCK) == F_WRLCK)
        return;
      g_usleep (10000);
    }
  g_error ("the other program never took the write lock");
}

/* Another process: kept out while Kefu writes, served as soon as Kefu
 * commits; and while it writes, Kefu reads, opens the file, and its own
 * write waits its turn. */
static void
test_other_process (KefuTestDir   *f,
                    gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(KefuStore) second = NULL;
  g_autoptr(GSubprocess) waiting = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  GOutputStream *input;
  gint64 start;

  g_assert_no_error (error);
  put (store, "committed");

  /* Kefu writes: the other program may read, not write */
  g_assert_true (kefu_store_begin (store, &error));
  g_assert_true (kefu_store_exec (store, "INSERT INTO settings (key, value) VALUES ('ours', '1')", &error));
  g_assert_cmpint (run (&out, &err, "sqlite3", "-cmd", ".timeout 0", path,
                        "INSERT INTO settings (key, value) VALUES ('theirs', '1')", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "locked"));
  g_assert_cmpint (shell_scalar (path, "SELECT count(*) FROM settings WHERE key IN ('committed', 'ours')"), ==, 1);

  /* one that waits is served when Kefu commits */
  waiting = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "sqlite3", "-cmd", ".timeout 20000", path,
                              "INSERT INTO settings (key, value) VALUES ('theirs', '1')", NULL);
  g_assert_no_error (error);
  g_usleep (300000);
  g_assert_nonnull (g_subprocess_get_identifier (waiting));   /* still waiting */
  g_assert_true (kefu_store_commit (store, &error));
  g_assert_true (g_subprocess_wait_check (waiting, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (settings_like (store, "theirs"), ==, 1);
  g_assert_cmpint (settings_like (store, "ours"), ==, 1);

  /* the other program writes and holds its transaction open */
  writer = shell_with_input (path, &input);
  say (input, "BEGIN IMMEDIATE;\nINSERT INTO settings (key, value) VALUES ('held', '1');\n");
  wait_for_write_lock (shm);

  /* Kefu reads, and another Kefu opens the file, without waiting */
  start = g_get_monotonic_time ();
  g_assert_cmpint (settings_like (store, "held"), ==, 0);
  second = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (settings_like (second, "theirs"), ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);   /* the busy timeout is 5 s */

  /* Kefu's own write waits, then says who is in the way */
  kefu_store_set_busy_timeout (store, 200);
  g_assert_false (kefu_store_begin (store, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  say (input, "COMMIT;\n");
  g_assert_true (g_output_stream_close (input, NULL, &error));
  g_assert_true (g_subprocess_wait_check (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_store_begin (store, &error));
  g_assert_cmpint (settings_like (store, "held"), ==, 1);
  g_assert_true (kefu_store_exec (store, "INSERT INTO settings (key, value) VALUES ('after', '1')", &error));
  g_assert_true (kefu_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (shell_scalar (path, "SELECT count(*) FROM settings WHERE key IN ('committed', 'ours', 'theirs', 'held', 'after')"), ==, 5);
}

/* kefu-cli check: a command that only reads. */
static int
cli_check (gboolean     as_nobody,
           const char  *path,
           char       **out,
           char       **err)
{
  const char *cli = g_getenv ("KEFU_CLI");
  int status;

  g_assert_nonnull (cli);
  if (as_nobody)
    status = run (out, err, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                  cli, "--db", path, "check", NULL);
  else
    status = run (out, err, cli, "--db", path, "check", NULL);
  if (status != 0)
    g_printerr ("kefu-cli check%s exited with %d:\n%s\n%s\n",
                as_nobody ? " (as nobody)" : "", status, *out, *err);
  return status;
}

/* A command that only reads works while another program holds the write
 * lock (it neither migrates nor takes the lock), and on a file its user
 * may not write (0444, in a folder they may write, where SQLite keeps
 * the -shm), which it leaves exactly as it was. Root may write any file,
 * so as root the command runs as nobody. */
static void
test_cli_reads_without_writing (KefuTestDir   *f,
                                gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GSubprocess) writer = NULL;
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  gboolean as_nobody = geteuid () == 0;
  GOutputStream *input;
  gsize len_before, len_after;

  g_assert_no_error (error);
  put (store, "committed");

  /* another program writes and holds its transaction open */
  writer = shell_with_input (path, &input);
  say (input, "BEGIN IMMEDIATE;\nINSERT INTO settings (key, value) VALUES ('held', '1');\n");
  wait_for_write_lock (shm);
  g_assert_cmpint (cli_check (FALSE, path, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Integrity and foreign keys: ok"));
  say (input, "COMMIT;\n");
  g_assert_true (g_output_stream_close (input, NULL, &error));
  g_assert_true (g_subprocess_wait_check (writer, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);   /* checkpointed: the file holds everything */
  /* on a busy machine the last close can find the file still open and
   * leave -wal and -shm (root's, 0600); one more connection, alone now,
   * checkpoints and removes them, so the file alone is what nobody reads */
  g_assert_cmpint (shell_scalar (path, "SELECT count(*) FROM settings WHERE key = 'held'"), ==, 1);
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  if (as_nobody && setpriv == NULL)
    {
      g_test_skip ("running as root without setpriv: a read-only file is writable to root");
      return;
    }
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 01777), ==, 0);
  g_assert_true (g_file_get_contents (path, &before, &len_before, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli_check (as_nobody, path, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Integrity and foreign keys: ok"));
  g_assert_nonnull (strstr (out, "settings"));
  g_assert_true (g_file_get_contents (path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
}

/* A command that only reads takes a file in the journal mode it finds:
 * a backup (one self-contained file, delete journal) checked with
 * kefu-cli check is not turned into a WAL database with -wal and -shm
 * beside it. */
static void
test_cli_reads_backup_as_it_is (KefuTestDir   *f,
                                gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "backup.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *out = NULL, *err = NULL, *mode = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  put (store, "committed");
  g_clear_object (&store);
  g_assert_cmpint (run (&mode, &err, "sqlite3", path, "PRAGMA journal_mode = DELETE", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (mode), ==, "delete");
  g_clear_pointer (&mode, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (cli_check (FALSE, path, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Integrity and foreign keys: ok"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&mode, &err, "sqlite3", path, "PRAGMA journal_mode", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (mode), ==, "delete");
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* The WAL deleted, or replaced by another file, or the database replaced:
 * no more writes, with a message that says why; reads go on. */
static void
test_replaced_files (KefuTestDir   *f,
                     gconstpointer  data)
{
  const char *what = data;
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *other = kefu_test_path (f, "other");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(KefuStore) reader = NULL;
  g_autofree char *value = NULL;

  g_assert_no_error (error);
  put (store, "before");
  reader = kefu_store_open_reader (store, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_store_can_write (store, NULL));

  if (g_str_equal (what, "wal-removed"))
    g_assert_cmpint (g_unlink (wal), ==, 0);
  else if (g_str_equal (what, "wal-replaced"))
    {
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (wal, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (other, contents, len, NULL));
      g_assert_cmpint (g_rename (other, wal), ==, 0);
    }
  else
    {
      sqlite3 *db;

      g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
      g_assert_cmpint (g_rename (other, path), ==, 0);
    }

  g_assert_false (kefu_store_can_write (store, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_REPLACED);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_false (kefu_store_begin (store, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_REPLACED);
  g_clear_error (&error);
  /* a write without kefu_store_begin() is refused at its commit */
  g_assert_false (kefu_store_set_setting (store, "after", "1", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_REPLACED);
  g_clear_error (&error);
  /* so is the reader's: the process's connections share what they know */
  g_assert_false (kefu_store_set_setting (reader, "after", "1", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_REPLACED);
  g_clear_error (&error);

  value = kefu_store_get_setting (store, "before");
  g_assert_cmpstr (value, ==, "1");
  g_assert_null (kefu_store_get_setting (store, "after"));
}

/* A copy of @path with the first leaf page of @table made unreadable
 * (an invalid b-tree page type): SQLite reports SQLITE_CORRUPT on it. */
static void
damage_table (const char *path,
              const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pageno FROM dbstat WHERE name = '%s' AND pagetype = 'leaf'", table);
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  sqlite3 *db;
  gint64 page_size;
  FILE *file;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page_size = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 page = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (pages, page);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (pages->len, >, 0);

  file = fopen (path, "r+b");
  g_assert_nonnull (file);
  for (guint i = 0; i < pages->len; i++)
    {
      g_assert_cmpint (fseeko (file, (g_array_index (pages, gint64, i) - 1) * page_size, SEEK_SET), ==, 0);
      g_assert_cmpint (fputc (0x0b, file), ==, 0x0b);
    }
  g_assert_cmpint (fclose (file), ==, 0);
}

static char *
contents_of (const char *path,
             gsize      *len)
{
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, len, NULL));
  return data;
}

/* A damaged file: the background check finds it, and from then on nothing
 * is written to it, by this connection or any other of the process. */
static void
test_damaged_quick_check (KefuTestDir   *f,
                          gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(KefuStore) reader = NULL;
  gsize len_before, len_after;
  struct stat wal_before, wal_after;

  g_assert_no_error (error);
  g_assert_true (kefu_store_quick_check (store, &error));   /* a sound file passes */
  g_assert_no_error (error);
  g_assert_true (kefu_store_exec (store, "INSERT INTO calendars (name) VALUES ('a'), ('b')", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  damage_table (path, "calendars");
  before = contents_of (path, &len_before);
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);   /* opening does not read that page */
  g_assert_false (kefu_store_is_damaged (store));
  g_assert_cmpint (stat (wal, &wal_before), ==, 0);

  /* the check runs on a reader in a worker thread, as in the window */
  reader = kefu_store_open_reader (store, &error);
  g_assert_no_error (error);
  g_assert_false (kefu_store_quick_check (reader, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "Restore the latest backup (Preferences ▸ Backups)"));
  g_clear_error (&error);
  g_assert_true (kefu_store_is_damaged (store));

  g_assert_false (kefu_store_begin (store, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "Preferences ▸ Backups"));
  g_clear_error (&error);
  g_assert_false (kefu_store_set_setting (store, "after", "1", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  g_clear_object (&reader);
  g_clear_object (&store);

  /* not a byte written: the file as it was, its WAL without a frame */
  after = contents_of (path, &len_after);
  g_assert_cmpmem (before, len_before, after, len_after);
  g_assert_true (stat (wal, &wal_after) != 0 || wal_after.st_size == 0 || wal_after.st_size == wal_before.st_size);
}

/* Any statement that meets damage marks the file, even one whose caller
 * took the error for "no such row": every later write is refused. */
static void
test_damaged_statement (KefuTestDir   *f,
                        gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *copy = kefu_test_path (f, "copy.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  sqlite3_stmt *stmt;
  guint seen;

  g_assert_no_error (error);
  g_assert_true (kefu_store_exec (store, "INSERT INTO calendars (name) VALUES ('a'), ('b')", &error));
  g_clear_object (&store);
  damage_table (path, "calendars");
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  }

  /* an error reported */
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (kefu_store_exec (store, "SELECT hours FROM calendars", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_true (kefu_store_is_damaged (store));
  g_assert_false (kefu_store_set_setting (store, "after", "1", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  g_clear_object (&store);

  /* an error swallowed: a lookup that took it for "no such row" */
  store = kefu_store_open (copy, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  seen = kefu_store_corruption_count ();
  g_assert_cmpint (sqlite3_prepare_v2 (kefu_store_get_db (store), "SELECT hours FROM calendars WHERE name = 'b'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt) & 0xff, ==, SQLITE_CORRUPT);
  sqlite3_finalize (stmt);
  g_assert_cmpuint (kefu_store_corruption_count (), >, seen);
  g_assert_true (kefu_store_is_damaged (store));
  g_assert_false (kefu_store_set_setting (store, "swallowed", "1", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (kefu_store_begin (store, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  g_clear_object (&store);
  g_assert_cmpint (shell_scalar (copy, "SELECT count(*) FROM settings WHERE key = 'swallowed'"), ==, 0);
}

/* kefu-cli on a file whose tickets cannot be read: every command that
 * reads them fails (exit 1) and leads to the latest backup, and the
 * commands that write leave the file as it was. The commands that act as
 * a user (--as, kefu-auth.h) record the sign-in first: that row is all
 * they add. */
static void
test_cli_damaged_exit (KefuTestDir   *f,
                       gconstpointer  data)
{
  static const char *const commands[][8] = {
    { "--as", "xuqiang", "search", "漏水", NULL },
    { "--as", "xuqiang", "export", "tickets", "--out", "@OUT@", NULL },
    { "--as", "xuqiang", "dispatch", "run", NULL },
    { "sla", "check", NULL },
    { "sla", "check", "--notify", NULL },
    { "report", "kpi", "--from", "2026-01-01", "--to", "2026-02-01", NULL },
  };
  g_autofree char *sound = kefu_test_path (f, "sound.db");
  g_autofree char *damaged = kefu_test_path (f, "damaged.db");
  g_autofree char *csv = kefu_test_path (f, "tickets.csv");
  g_autofree char *out = NULL, *err = NULL;
  const char *cli = g_getenv ("KEFU_CLI");

  g_assert_nonnull (cli);
  g_assert_cmpint (run (&out, &err, cli, "--db", sound, "init", "--demo", "300", "--seed", "3", NULL), ==, 0);
  damage_table (sound, "tickets");

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *before = NULL, *after = NULL;
      g_autofree char *cmd_out = NULL, *cmd_err = NULL;
      int status;
      gboolean as_user = g_str_equal (commands[c][0], "--as");
      /* an export is audited before its first row is read: the attempt stays on record */
      gboolean export = as_user && g_str_equal (commands[c][2], "export");
      gsize len_before, len_after;

      before = contents_of (sound, &len_before);
      g_assert_true (g_file_set_contents (damaged, before, len_before, NULL));
      g_ptr_array_add (argv, (gpointer) cli);
      g_ptr_array_add (argv, "--db");
      g_ptr_array_add (argv, damaged);
      for (guint i = 0; commands[c][i] != NULL; i++)
        g_ptr_array_add (argv, g_str_equal (commands[c][i], "@OUT@") ? csv : (gpointer) commands[c][i]);
      g_ptr_array_add (argv, NULL);
      /* the sample's PIN on its input, for those that act as a user */
      status = kefu_test_spawn (NULL, (const char * const *) argv->pdata, "1234\n", &cmd_out, &cmd_err);
      if (status != 1)
        g_error ("kefu-cli %s %s: exit %d, stderr: %s", commands[c][0], commands[c][1], status, cmd_err);
      g_assert_nonnull (strstr (cmd_err, damaged));
      g_assert_nonnull (strstr (cmd_err, "Preferences ▸ Backups"));
      if (as_user)
        {
          /* the sign-in, and nothing else of the command (but the export's audit entry) */
          g_assert_cmpint (shell_scalar (damaged, "SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND user_id = "
                                                  "(SELECT id FROM users WHERE login = 'xuqiang')"), ==, 1);
          g_assert_cmpint (shell_scalar (damaged, "SELECT count(*) FROM audit_log WHERE action = 'export_tickets'"), ==, export ? 1 : 0);
          g_assert_cmpint (shell_scalar (damaged, "SELECT count(*) FROM audit_log"), ==,
                           shell_scalar (sound, "SELECT count(*) FROM audit_log") + 1 + export);
          g_assert_cmpint (shell_scalar (damaged, "SELECT count(*) FROM ticket_events"), ==,
                           shell_scalar (sound, "SELECT count(*) FROM ticket_events"));
        }
      else
        {
          after = contents_of (damaged, &len_after);
          g_assert_cmpmem (before, len_before, after, len_after);
        }
      g_unlink (damaged);
      {
        g_autofree char *wal = g_strconcat (damaged, "-wal", NULL);
        g_autofree char *shm = g_strconcat (damaged, "-shm", NULL);
        g_unlink (wal);
        g_unlink (shm);
      }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A sqlite3 shell that quits early must fail the test with the write's
   * error (say() asserts it), not kill it with SIGPIPE before its TAP
   * lines are out: once, under a loaded machine, the leap-day run died
   * that way with nothing to show which test. */
  signal (SIGPIPE, SIG_IGN);
  /* as the programs do: no SQLite before the first KefuStore's setup */
  kefu_store_init_sqlite ();

  KEFU_TEST_ADD ("/core/locks/premise-posix-locks-drop", test_posix_locks_drop);
  KEFU_TEST_ADD ("/core/locks/foreign-close-then-other-process", test_foreign_close_keeps_locks);
  KEFU_TEST_ADD ("/core/locks/readers-and-writer-in-one-process", test_readers_and_writer);
  KEFU_TEST_ADD ("/core/locks/two-connections-rollback-journal", test_two_connections_rollback_journal);
  KEFU_TEST_ADD ("/core/locks/other-process-excluded-and-served", test_other_process);
  KEFU_TEST_ADD ("/core/locks/cli-reads-without-writing", test_cli_reads_without_writing);
  KEFU_TEST_ADD ("/core/locks/cli-reads-backup-as-it-is", test_cli_reads_backup_as_it_is);
  g_test_add ("/core/locks/wal-removed", KefuTestDir, "wal-removed",
              kefu_test_dir_setup, test_replaced_files, kefu_test_dir_teardown);
  g_test_add ("/core/locks/wal-replaced", KefuTestDir, "wal-replaced",
              kefu_test_dir_setup, test_replaced_files, kefu_test_dir_teardown);
  g_test_add ("/core/locks/database-replaced", KefuTestDir, "database-replaced",
              kefu_test_dir_setup, test_replaced_files, kefu_test_dir_teardown);
  KEFU_TEST_ADD ("/core/integrity/quick-check-stops-writes", test_damaged_quick_check);
  KEFU_TEST_ADD ("/core/integrity/statement-stops-writes", test_damaged_statement);
  KEFU_TEST_ADD ("/core/integrity/cli-exit-on-damage", test_cli_damaged_exit);

  return g_test_run ();
}
