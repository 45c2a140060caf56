/* SPDX-License-Identifier: GPL-3.0-or-later *
 * SQLite-specific: what a SIGKILL leaves in a SQLite file (its journal and
 * WAL recovered by the next opening) is read back through plain sqlite3
 * connections, read-only, so that nothing Kefu does at opening hides it.
 */
/* test-crash.c — writing processes killed with SIGKILL at random moments
 *
 * Each case runs one of the programs that write to the database — an
 * import of a big CSV, the sample generator, a dispatch run over a long
 * queue, the SLA watcher with --notify, a trainee answering an exam — and
 * kills it with SIGKILL after a random delay (seeded: KEFU_CRASH_SEED,
 * 2026 unless set), again and again. A first run that is not killed says
 * how long the whole job takes; the delays are drawn from that span, so
 * the kills land before, during and after its transactions. After each
 * kill:
 *   - the file opens as the app opens it, and passes integrity_check and
 *     foreign_key_check (kefu_store_check);
 *   - everything the program had reported as done is there (it reports a
 *     commit only once it has returned);
 *   - an import is all or nothing: the ticket count is the one before or
 *     the one before plus every row;
 *   - a dispatched ticket has its team, its time and its one assignment
 *     event, or it is still in the queue untouched.
 * Each case says how many kills it survived (a run that ended before its
 * kill is not counted as one).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include <json-glib/json-glib.h>

#include "kefu-auth.h"
#include "kefu-store.h"
#include "kefu-test-sqlite.h"
#include "kefu-test-util.h"

#define QUEUE_ROWS   150    /* new tickets waiting for dispatch in the template */
#define IMPORT_ROWS  3000   /* the big file's tickets */
#define DEMO_TICKETS 500

typedef struct {
  char  *dir;
  char  *template_db;   /* a sample service center plus a dispatch queue */
  char  *import_csv;
  gint64 template_tickets;
  GRand *rand;
  guint  total_kills;
} Crash;

static Crash crash;
static gint64 case_start;

typedef struct {
  GString *out;        /* everything the program printed before it died */
  gboolean killed;     /* still running when the kill came */
  int      status;     /* wait status */
  double   seconds;
} Run;

static void
run_clear (Run *r)
{
  if (r->out != NULL)
    g_string_free (r->out, TRUE);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static const char *
cli (void)
{
  const char *path = g_getenv ("KEFU_CLI");

  g_assert_nonnull (path);
  return path;
}

/* The child's stderr goes to a file of the test folder, for failures. */
static void
child_setup (gpointer data)
{
  int fd = open (data, O_WRONLY | O_CREAT | O_APPEND, 0600);

  if (fd >= 0)
    {
      dup2 (fd, 2);
      close (fd);
    }
}

/* Runs @argv, reading its output, and kills it after @delay seconds
 * (never when @delay < 0). */
static void
run_program (char      **argv,
             double      delay,
             Run        *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stderr_path = g_build_filename (crash.dir, "stderr.log", NULL);
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = delay < 0 ? G_MAXINT64 : start + (gint64) (delay * G_USEC_PER_SEC);
  gboolean open_out = TRUE;
  GPid pid;
  int in_fd, out_fd;

  /* no session bus: the SLA watcher's desktop notifications must not reach
   * the mocked daemon other tests count calls on (they fail, and it says so) */
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "DBUS_SESSION_BUS_ADDRESS",
                                        "unix:path=/nonexistent/kefu-test-crash", TRUE);

  r->out = g_string_new (NULL);
  r->killed = FALSE;
  g_unlink (stderr_path);
  g_assert_true (g_spawn_async_with_pipes (NULL, argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                                           child_setup, stderr_path, &pid, &in_fd, &out_fd, NULL, &error));
  g_assert_no_error (error);
  /* the PIN of the sample's user it acts as (--as), read from a pipe */
  if (write (in_fd, KEFU_DEMO_PIN "\n", strlen (KEFU_DEMO_PIN) + 1) < 0 && errno != EPIPE)
    g_error ("write: %s", g_strerror (errno));
  close (in_fd);

  while (open_out)
    {
      gint64 now = g_get_monotonic_time ();
      struct pollfd p = { out_fd, POLLIN, 0 };
      char buf[4096];
      int timeout_ms;
      ssize_t n;

      if (now >= deadline && !r->killed)
        {
          if (waitpid (pid, &r->status, WNOHANG) == 0)
            {
              g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
              r->killed = TRUE;
            }
          else
            {
              /* it ended on its own just before: reaped already */
              deadline = G_MAXINT64;
              pid = 0;
            }
        }
      timeout_ms = deadline == G_MAXINT64 || r->killed ? 60000 : (int) MAX ((deadline - now) / 1000, 0);
      if (poll (&p, 1, timeout_ms) < 0 && errno != EINTR)
        g_error ("poll: %s", g_strerror (errno));
      if ((p.revents & (POLLIN | POLLHUP | POLLERR)) == 0)
        continue;
      n = read (out_fd, buf, sizeof buf);
      if (n > 0)
        g_string_append_len (r->out, buf, n);
      else if (n == 0 || errno != EINTR)
        open_out = FALSE;
    }
  close (out_fd);
  if (pid != 0)
    g_assert_cmpint (waitpid (pid, &r->status, 0), ==, pid);
  r->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  if (!r->killed && !(WIFEXITED (r->status) && WEXITSTATUS (r->status) == 0))
    {
      g_autofree char *err = NULL;
      g_file_get_contents (stderr_path, &err, NULL, NULL);
      g_error ("%s failed (status %d):\n%s\n%s", argv[0], r->status, r->out->str, err != NULL ? err : "");
    }
}

static void
remove_db (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

/* A fresh copy of the template (its -wal and -shm from the last run gone). */
static char *
fresh_copy (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  char *path = g_build_filename (crash.dir, name, NULL);
  gsize len;

  remove_db (path);
  g_assert_true (g_file_get_contents (crash.template_db, &contents, &len, &error));
  g_assert_true (g_file_set_contents (path, contents, len, &error));
  g_assert_no_error (error);
  return path;
}

/* The file opens as the app opens it and passes its checks. */
static void
assert_sound (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_no_error (error);
  if (!kefu_store_check (store, report, &error))
    g_error ("%s after a kill: %s\n%s", path, error->message, report->str);
}

static double
random_delay (double span)
{
  return g_rand_double_range (crash.rand, 0, span);
}

/* Marks the start of a case; its kills to survive. */
static guint
kills_wanted (guint n)
{
  case_start = g_get_monotonic_time ();
  return n;
}

/* A CSV of @n new tickets numbered PREFIX000001…, spread over the sample's
 * buildings, created on 2026-11-20…25. */
static char *
write_tickets_csv (const char *name,
                   const char *prefix,
                   guint       n)
{
  g_autoptr(GString) csv = g_string_new ("number,created_at,channel,kind,subtype,level,building,unit,location,"
                                         "owner_name,owner_phone,description,status,agent\n");
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (crash.dir, name, NULL);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (csv, "%s%06u,2026-11-2%u 0%u:%02u,phone,repair,plumbing_electrical,3,%u栋,%u%02u,,"
                                 "业主%u,139%08u,卫生间漏水 %u,new,刘洋\n",
                            prefix, i, i % 6, 8 + i % 2, i % 60, 1 + i % 12, 1 + i % 18, 1 + i % 4,
                            i, i, i);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, &error));
  g_assert_no_error (error);
  return path;
}

static void
setup_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *queue = NULL;
  g_auto(Run) demo = { 0 };
  g_auto(Run) import = { 0 };
  const char *seed = g_getenv ("KEFU_CRASH_SEED");

  crash.rand = g_rand_new_with_seed (seed != NULL ? atoi (seed) : 2026);
  crash.dir = g_dir_make_tmp ("kefu-crash-XXXXXX", &error);
  g_assert_no_error (error);
  crash.template_db = g_build_filename (crash.dir, "template.db", NULL);
  {
    char *argv[] = { (char *) cli (), "--db", crash.template_db, "init", "--demo", "300", "--seed", "5", NULL };
    run_program (argv, -1, &demo);
  }
  queue = write_tickets_csv ("queue.csv", "GDQ", QUEUE_ROWS);
  {
    char *argv[] = { (char *) cli (), "--db", crash.template_db, "--as", "admin", "import", "tickets", queue, NULL };
    run_program (argv, -1, &import);
  }
  crash.import_csv = write_tickets_csv ("import.csv", "GDI", IMPORT_ROWS);
  crash.template_tickets = kefu_test_file_scalar (crash.template_db, "SELECT count(*) FROM tickets");
  g_assert_cmpint (crash.template_tickets, ==, 300 + QUEUE_ROWS);
}

static void
report_kills (const char *what,
              guint       kills,
              guint       completed,
              double      span)
{
  crash.total_kills += kills;
  g_test_message ("%s: %u kills survived (%u runs ended before their kill; a whole run takes %.2f s; %.1f s in all)",
                  what, kills, completed, span, (g_get_monotonic_time () - case_start) / (double) G_USEC_PER_SEC);
}

/* Import ------------------------------------------------------------------ */

static void
test_import (void)
{
  const guint wanted = kills_wanted (22);
  guint kills = 0, completed = 0;
  double span;

  {
    g_autofree char *db = fresh_copy ("import.db");
    char *argv[] = { (char *) cli (), "--db", db, "--as", "admin", "import", "tickets", crash.import_csv, NULL };
    g_auto(Run) full = { 0 };

    run_program (argv, -1, &full);
    g_assert_cmpint (kefu_test_file_scalar (db, "SELECT count(*) FROM tickets"), ==, crash.template_tickets + IMPORT_ROWS);
    span = full.seconds;
  }
  for (guint i = 0; kills < wanted && i < 3 * wanted; i++)
    {
      g_autofree char *db = fresh_copy ("import.db");
      char *argv[] = { (char *) cli (), "--db", db, "--as", "admin", "import", "tickets", crash.import_csv, NULL };
      g_auto(Run) r = { 0 };
      gint64 n;

      run_program (argv, random_delay (span), &r);
      kills += r.killed;
      completed += !r.killed;
      assert_sound (db);
      n = kefu_test_file_scalar (db, "SELECT count(*) FROM tickets");
      if (strstr (r.out->str, "Imported ") != NULL || !r.killed)
        g_assert_cmpint (n, ==, crash.template_tickets + IMPORT_ROWS);
      else if (n != crash.template_tickets)
        g_assert_cmpint (n, ==, crash.template_tickets + IMPORT_ROWS);
    }
  g_assert_cmpuint (kills, >=, wanted);
  report_kills ("import", kills, completed, span);
}

/* The sample generator ------------------------------------------------------ */

static void
test_demo (void)
{
  const guint wanted = kills_wanted (20);
  g_autofree char *db = g_build_filename (crash.dir, "demo.db", NULL);
  g_autofree char *n_tickets = g_strdup_printf ("%u", DEMO_TICKETS);
  char *argv[] = { (char *) cli (), "--db", db, "init", "--demo", n_tickets, "--seed", "9", NULL };
  guint kills = 0, completed = 0;
  double span;

  {
    g_auto(Run) full = { 0 };

    remove_db (db);
    run_program (argv, -1, &full);
    g_assert_cmpint (kefu_test_file_scalar (db, "SELECT count(*) FROM tickets"), ==, DEMO_TICKETS);
    span = full.seconds;
  }
  for (guint i = 0; kills < wanted && i < 3 * wanted; i++)
    {
      g_auto(Run) r = { 0 };

      remove_db (db);
      run_program (argv, random_delay (span), &r);
      kills += r.killed;
      completed += !r.killed;
      if (!g_file_test (db, G_FILE_TEST_EXISTS))
        {
          /* killed before it created the file: it had said nothing */
          g_assert_true (r.killed);
          g_assert_cmpuint (r.out->len, ==, 0);
          continue;
        }
      assert_sound (db);
      if (strstr (r.out->str, "Sample service center loaded") != NULL || !r.killed)
        g_assert_cmpint (kefu_test_file_scalar (db, "SELECT count(*) FROM tickets"), ==, DEMO_TICKETS);
    }
  g_assert_cmpuint (kills, >=, wanted);
  report_kills ("init --demo", kills, completed, span);
}

/* A dispatch run ------------------------------------------------------------ */

/* Every ticket of the queue is dispatched whole or still waiting untouched. */
static void
assert_queue_consistent (const char *db)
{
  g_assert_cmpint (kefu_test_file_scalar (db,
    "SELECT count(*) FROM tickets t WHERE number LIKE 'GDQ%' AND status = 'dispatched' AND "
    "(team_id IS NULL OR dispatched_at IS NULL OR "
    " (SELECT count(*) FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'assign') != 1)"), ==, 0);
  g_assert_cmpint (kefu_test_file_scalar (db,
    "SELECT count(*) FROM tickets t WHERE number LIKE 'GDQ%' AND status = 'new' AND "
    "(team_id IS NOT NULL OR dispatched_at IS NOT NULL OR "
    " EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'assign'))"), ==, 0);
  g_assert_cmpint (kefu_test_file_scalar (db,
    "SELECT count(*) FROM tickets WHERE number LIKE 'GDQ%' AND status NOT IN ('new', 'dispatched')"), ==, 0);
}

/* The tickets the run printed as given to a team are given to that team. */
static guint
assert_reported_dispatched (const char *db,
                            const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  sqlite3 *conn;
  guint n = 0;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  /* the last line may have been cut by the kill: only whole lines count */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", 4);
      sqlite3_stmt *stmt;

      if (g_strv_length (f) < 4 || g_str_equal (f[1], "-"))
        continue;
      g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT t.status, m.name FROM tickets t LEFT JOIN teams m ON m.id = t.team_id "
                                                 "WHERE t.number = ?", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, f[0], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "dispatched");
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, f[1]);
      sqlite3_finalize (stmt);
      n++;
    }
  sqlite3_close (conn);
  return n;
}

static void
test_dispatch (void)
{
  const guint wanted = kills_wanted (20);
  guint kills = 0, completed = 0;
  double span;

  {
    g_autofree char *db = fresh_copy ("dispatch.db");
    char *argv[] = { (char *) cli (), "--db", db, "--as", "admin", "dispatch", "run", "--now", "2026-11-25 10:00", NULL };
    g_auto(Run) full = { 0 };

    run_program (argv, -1, &full);
    /* most of the queue finds a technician: the kills meet real work */
    g_assert_cmpuint (assert_reported_dispatched (db, full.out->str), >=, QUEUE_ROWS / 2);
    assert_queue_consistent (db);
    span = full.seconds;
  }
  for (guint i = 0; kills < wanted && i < 3 * wanted; i++)
    {
      g_autofree char *db = fresh_copy ("dispatch.db");
      char *argv[] = { (char *) cli (), "--db", db, "--as", "admin", "dispatch", "run", "--now", "2026-11-25 10:00", NULL };
      g_auto(Run) r = { 0 };

      run_program (argv, random_delay (span), &r);
      kills += r.killed;
      completed += !r.killed;
      assert_sound (db);
      assert_reported_dispatched (db, r.out->str);
      assert_queue_consistent (db);
    }
  g_assert_cmpuint (kills, >=, wanted);
  report_kills ("dispatch run", kills, completed, span);
}

/* The SLA watcher ----------------------------------------------------------- */

/* Every alert the watcher printed is recorded; returns how many. */
static guint
assert_alerts_recorded (const char *db,
                        const char *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *alerts;
  sqlite3 *conn;
  guint n;

  /* cut by the kill: nothing was reported */
  if (!json_parser_load_from_data (parser, out, -1, NULL) || json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return 0;
  alerts = json_node_get_array (json_parser_get_root (parser));
  n = json_array_get_length (alerts);
  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *a = json_array_get_object_element (alerts, i);
      sqlite3_stmt *stmt;

      g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT count(*) FROM sla_notifications s JOIN tickets t ON t.id = s.ticket_id "
                                                 "WHERE t.number = ? AND s.clock = ? AND s.threshold = ?", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, json_object_get_string_member (a, "number"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, json_object_get_string_member (a, "clock"), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, json_object_get_string_member (a, "state"), -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != 1)
        g_error ("the alert %s %s %s was reported but not recorded", json_object_get_string_member (a, "number"),
                 json_object_get_string_member (a, "clock"), json_object_get_string_member (a, "state"));
      sqlite3_finalize (stmt);
    }
  sqlite3_close (conn);
  return n;
}

static void
test_sla_notify (void)
{
  const guint wanted = kills_wanted (20);
  guint kills = 0, completed = 0;
  double span;

  {
    g_autofree char *db = fresh_copy ("sla.db");
    char *argv[] = { (char *) cli (), "--db", db, "sla", "check", "--notify", "--json", NULL };
    g_auto(Run) full = { 0 };

    run_program (argv, -1, &full);
    /* the sample is made for today: some of its open tickets are late */
    g_assert_cmpuint (assert_alerts_recorded (db, full.out->str), >, 0);
    span = full.seconds;
  }
  for (guint i = 0; kills < wanted && i < 3 * wanted; i++)
    {
      g_autofree char *db = fresh_copy ("sla.db");
      char *argv[] = { (char *) cli (), "--db", db, "sla", "check", "--notify", "--json", NULL };
      g_auto(Run) r = { 0 };

      run_program (argv, random_delay (span), &r);
      kills += r.killed;
      completed += !r.killed;
      assert_sound (db);
      assert_alerts_recorded (db, r.out->str);
    }
  g_assert_cmpuint (kills, >=, wanted);
  report_kills ("sla check --notify", kills, completed, span);
}

/* Exam answers -------------------------------------------------------------- */

static char *
answerer (void)
{
  return g_test_build_filename (G_TEST_BUILT, "crash-exam-answerer", NULL);
}

/* position → answer, of the attempt */
static GHashTable *
stored_answers (const char *db,
                gint64      attempt)
{
  GHashTable *answers = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  sqlite3 *conn;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT position, answer FROM attempt_answers WHERE attempt_id = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, attempt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (answers, GINT_TO_POINTER (sqlite3_column_int (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return answers;
}

/* Replays the answerer's report over the answers before the run: every
 * saved answer is there; the one being saved at the kill may be either. */
static gint64
assert_answers_kept (const char *db,
                     const char *out,
                     GHashTable *before)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  g_autoptr(GHashTable) now = NULL;
  g_autofree char *in_flight = NULL;
  int in_flight_position = 0;
  gint64 attempt = 0;
  GHashTableIter iter;
  gpointer key, value;

  if (before != NULL)
    {
      g_hash_table_iter_init (&iter, before);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (expected, key, g_strdup (value));
    }
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", 3);

      if (g_str_equal (f[0], "attempt"))
        attempt = g_ascii_strtoll (f[1], NULL, 10);
      else if (g_str_equal (f[0], "saving"))
        {
          in_flight_position = atoi (f[1]);
          g_free (in_flight);
          in_flight = g_strdup (f[2]);
        }
      else if (g_str_equal (f[0], "saved"))
        {
          g_assert_cmpint (atoi (f[1]), ==, in_flight_position);
          g_hash_table_insert (expected, GINT_TO_POINTER (in_flight_position), g_strdup (f[2]));
          in_flight_position = 0;
        }
    }
  if (attempt == 0)
    return 0;   /* killed before it said which attempt: it saved nothing */

  now = stored_answers (db, attempt);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *stored = g_hash_table_lookup (now, key);

      if (GPOINTER_TO_INT (key) == in_flight_position && g_strcmp0 (stored, in_flight) == 0)
        continue;
      if (g_strcmp0 (stored, value) != 0)
        g_error ("answer %d: “%s” was saved, the database holds “%s”", GPOINTER_TO_INT (key),
                 (const char *) value, stored);
    }
  return attempt;
}

static void
test_exam_answers (void)
{
  const guint wanted = kills_wanted (22);
  g_autofree char *db = fresh_copy ("exam.db");
  g_autofree char *helper = answerer ();
  guint kills = 0, completed = 0;
  gint64 attempt;
  double span;

  {
    char *argv[] = { helper, db, "guohong", "chenjing", "5", NULL };
    g_auto(Run) full = { 0 };

    run_program (argv, -1, &full);
    attempt = assert_answers_kept (db, full.out->str, NULL);
    g_assert_cmpint (attempt, >, 0);
    g_assert_cmpint (kefu_test_file_scalar (db, "SELECT count(*) FROM attempt_answers WHERE answer IS NOT NULL AND attempt_id = "
                                           "(SELECT max(id) FROM attempts)"), ==, 20);
    span = full.seconds;
  }
  for (guint i = 0; kills < wanted && i < 3 * wanted; i++)
    {
      /* until killed: the same attempt, resumed each time */
      char *argv[] = { helper, db, "guohong", "chenjing", "0", NULL };
      g_autoptr(GHashTable) before = stored_answers (db, attempt);
      g_auto(Run) r = { 0 };
      gint64 resumed;

      run_program (argv, random_delay (span), &r);
      kills += r.killed;
      completed += !r.killed;
      assert_sound (db);
      resumed = assert_answers_kept (db, r.out->str, before);
      g_assert_true (resumed == 0 || resumed == attempt);
    }
  g_assert_cmpuint (kills, >=, wanted);
  report_kills ("exam answers", kills, completed, span);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* a child that ended before reading its PIN closes the pipe */
  signal (SIGPIPE, SIG_IGN);
  setup_template ();
  g_test_add_func ("/crash/import", test_import);
  g_test_add_func ("/crash/init-demo", test_demo);
  g_test_add_func ("/crash/dispatch-run", test_dispatch);
  g_test_add_func ("/crash/sla-check-notify", test_sla_notify);
  g_test_add_func ("/crash/exam-answers", test_exam_answers);
  status = g_test_run ();
  g_test_message ("%u kills survived in all", crash.total_kills);
  kefu_test_rm_rf (crash.dir);
  return status;
}
