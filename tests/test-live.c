/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-live.c — many desks at once (#20), on both engines: two stores on
 * one SQLite file, or two connections to one server (the throwaway
 * cluster; those cases skip without it). The store watch: a commit in
 * one store is seen by the other's watch, a burst is one emission, no
 * emission without a change, each topic named; row versions: a change
 * made on a stale version is refused naming who changed what and when,
 * and nothing is overwritten; a dispatcher's drag never takes a job
 * someone else just assigned. */
#include <glib/gstdio.h>

#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-dispatch.h"
#include "kefu-query.h"
#include "kefu-server.h"
#include "kefu-store-watch.h"
#include "kefu-store.h"
#include "kefu-ticket-seen.h"
#include "kefu-test-engines.h"
#include "kefu-test-pg.h"
#include "kefu-test-util.h"

#define SERVER GINT_TO_POINTER (1)

typedef struct {
  KefuTestDir  dir;
  char        *conninfo;   /* the server's, or NULL */
  KefuStore   *a;          /* one desk */
  KefuStore   *b;          /* another, on the same file or server */
  gint64       user_a, user_b, team, tech1, tech2;
  GPtrArray   *emitted;    /* GStrv of each `changed` */
} Live;

static void
run (KefuStore  *store,
     const char *sql)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_true (kefu_query_run (store, q, &error));
  g_assert_no_error (error);
}

static gint64
insert (KefuStore  *store,
        const char *sql)
{
  run (store, sql);
  return kefu_query_last_id (store);
}

static gint64
new_ticket (KefuStore *store,
            const char *number)
{
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) "
      "VALUES ('%s', 'phone', 'repair', '1-1-101', 'leak', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
      number, TEST_NOW, TEST_NOW);
  return insert (store, sql);
}

static void
live_setup (Live          *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  const char *spec;

  kefu_test_dir_setup (&f->dir, data);
  f->emitted = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  if (data == SERVER)
    {
      gboolean created = FALSE;

      f->conninfo = kefu_test_pg_create ();
      if (f->conninfo == NULL)
        return;
      g_assert_true (kefu_server_init (f->conninfo, &created, &error));
      g_assert_no_error (error);
      spec = f->conninfo;
    }
  else
    spec = path = g_build_filename (f->dir.dir, "desk.db", NULL);
  f->a = kefu_store_open (spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->b = kefu_store_open (spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (f->a, TEST_NOW);
  kefu_store_set_now (f->b, TEST_NOW);
  sql = g_strdup_printf ("INSERT INTO users (login, name, role, created_at) VALUES ('li', '李娜', 'dispatcher', %" G_GINT64_FORMAT ")", TEST_NOW);
  f->user_a = insert (f->a, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO users (login, name, role, created_at) VALUES ('wang', '王芳', 'dispatcher', %" G_GINT64_FORMAT ")", TEST_NOW);
  f->user_b = insert (f->a, sql);
  f->team = insert (f->a, "INSERT INTO teams (name) VALUES ('维修一组')");
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO technicians (name, team_id) VALUES ('张师傅', %" G_GINT64_FORMAT ")", f->team);
  f->tech1 = insert (f->a, sql);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO technicians (name, team_id) VALUES ('赵师傅', %" G_GINT64_FORMAT ")", f->team);
  f->tech2 = insert (f->a, sql);
  kefu_store_set_actor (f->a, f->user_a);
  kefu_store_set_actor (f->b, f->user_b);
}

static void
live_teardown (Live          *f,
               gconstpointer  data)
{
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  kefu_test_pg_drop (f->conninfo);
  g_free (f->conninfo);
  g_ptr_array_unref (f->emitted);
  kefu_test_dir_teardown (&f->dir, data);
}

static void
changed_cb (KefuStoreWatch *watch,
            char          **topics,
            Live           *f)
{
  g_ptr_array_add (f->emitted, g_strdupv (topics));
}

static KefuStoreWatch *
watch_of (Live      *f,
          KefuStore *store,
          guint      check_ms,
          guint      coalesce_ms)
{
  g_autoptr(GError) error = NULL;
  KefuStoreWatch *watch = kefu_store_watch_new (store, &error);

  g_assert_no_error (error);
  kefu_test_watch_listening (watch);
  kefu_store_watch_set_intervals (watch, check_ms, coalesce_ms);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), f);
  return watch;
}

static gboolean
give_up_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Until @watch has heard of @id's change of @topic (a server's
 * notification comes through the socket: the main context runs); a
 * failure guard, not a timing: 20 s. */
static void
wait_for (KefuStoreWatch *watch,
          const char     *topic,
          gint64          id)
{
  gboolean gave_up = FALSE;
  guint guard = g_timeout_add_seconds (20, give_up_cb, &gave_up);

  while (!gave_up)
    {
      kefu_store_watch_check (watch);
      if (kefu_store_watch_get_last_id (watch, topic) == id)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (gave_up);
  g_source_remove (guard);
}

static void
assert_topics (char       **topics,
               const char  *expected)
{
  g_autofree char *joined = g_strjoinv (",", topics);

  g_assert_cmpstr (joined, ==, expected);
}

static gboolean
skipped (Live *f)
{
  return f->a == NULL;
}

/* @watch hears of @id's change of @topic, and its next emission (one
 * more) names @topics. */
static void
heard (Live           *f,
       KefuStoreWatch *watch,
       const char     *topic,
       gint64          id,
       const char     *topics)
{
  guint before = f->emitted->len;

  wait_for (watch, topic, id);
  kefu_store_watch_flush (watch);
  g_assert_cmpuint (f->emitted->len, ==, before + 1);
  assert_topics (f->emitted->pdata[before], topics);
}

/* A ticket written by one desk is news to the other's watch. */
static void
test_seen_by_other (Live          *f,
                    gconstpointer  data)
{
  g_autoptr(KefuStoreWatch) watch = NULL;
  gint64 id;

  if (skipped (f))
    return;
  watch = watch_of (f, f->b, 0, G_MAXUINT);
  g_assert_false (kefu_store_watch_check (watch));
  id = new_ticket (f->a, "2026-11-25-0001");
  heard (f, watch, "tickets", id, "board,counts,tickets");
  /* a change of a person is "people" alone; of a technician, the board */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE users SET name = '王芳芳' WHERE id = %" G_GINT64_FORMAT, f->user_b);
    run (f->a, sql);
  }
  heard (f, watch, "people", f->user_b, "people");
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE technicians SET skills = 'plumbing' WHERE id = %" G_GINT64_FORMAT, f->tech2);
    run (f->a, sql);
  }
  heard (f, watch, "board", f->tech2, "board");
}

/* What a store commits itself is no news to its own watch (its screen
 * shows it already): a ticket written through @b is not reported; a
 * person changed through @a then is, alone. */
static void
test_own_commits (Live          *f,
                  gconstpointer  data)
{
  g_autoptr(KefuStoreWatch) watch = NULL;

  if (skipped (f))
    return;
  watch = watch_of (f, f->b, 0, G_MAXUINT);
  new_ticket (f->b, "2026-11-25-0001");
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE technicians SET skills = 'plumbing' WHERE id = %" G_GINT64_FORMAT, f->tech2);
    run (f->b, sql);
  }
  g_assert_false (kefu_store_watch_check (watch));
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE users SET name = '王芳芳' WHERE id = %" G_GINT64_FORMAT, f->user_b);
    run (f->a, sql);
  }
  /* on a server the notifications come in commit order: the own ones
   * were read by then */
  heard (f, watch, "people", f->user_b, "people");
  g_assert_cmpint (kefu_store_watch_get_last_id (watch, "tickets"), ==, 0);
  g_assert_cmpint (kefu_store_watch_get_last_id (watch, "board"), ==, 0);
}

/* Eight commits in a row, then the coalescing window ends: one emission. */
static void
test_burst (Live          *f,
            gconstpointer  data)
{
  g_autoptr(KefuStoreWatch) watch = NULL;
  gint64 first = 0, last = 0;
  gboolean gave_up = FALSE;
  guint guard;

  if (skipped (f))
    return;
  /* the window is real (a timeout on the main context), but the burst
   * does not run the main context, so the window cannot end inside it */
  watch = watch_of (f, f->b, 0, 50);
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *number = g_strdup_printf ("2026-11-25-%04d", i + 1);
      last = new_ticket (f->a, number);
      if (first == 0)
        first = last;
      kefu_store_watch_check (watch);
    }
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE tickets SET flagged = %d WHERE id = %" G_GINT64_FORMAT, i % 2, first);
      run (f->a, sql);
      kefu_store_watch_check (watch);
    }
  last = new_ticket (f->a, "2026-11-25-0009");
  /* the server: wait (without dispatching the window) until the last is in */
  while (kefu_store_watch_get_last_id (watch, "tickets") != last)
    {
      g_assert_true (kefu_store_watch_check (watch) || kefu_store_is_server (f->b));
      if (kefu_store_watch_get_last_id (watch, "tickets") != last)
        g_usleep (2000);
    }
  g_assert_cmpuint (f->emitted->len, ==, 0);
  guard = g_timeout_add_seconds (20, give_up_cb, &gave_up);
  while (f->emitted->len == 0 && !gave_up)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_assert_cmpuint (f->emitted->len, ==, 1);
  assert_topics (f->emitted->pdata[0], "board,counts,tickets");
  /* nothing more is pending */
  g_assert_false (kefu_store_watch_check (watch));
  g_assert_cmpuint (f->emitted->len, ==, 1);
}

/* A read, a rolled-back write and a change of an unwatched table are no
 * news (a setting is "settings" only, since schema 35): the next emission
 * names only the ticket written after them. */
static void
test_no_change (Live          *f,
                gconstpointer  data)
{
  g_autoptr(KefuStoreWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (skipped (f))
    return;
  watch = watch_of (f, f->b, 0, G_MAXUINT);
  g_assert_cmpint (kefu_store_count_rows (f->a, "tickets", &error), ==, 0);
  g_assert_no_error (error);
  {
    g_autoptr(KefuTransaction) tx = kefu_transaction_begin (f->a, &error);
    g_assert_no_error (error);
    new_ticket (f->a, "2026-11-25-0001");
    g_assert_false (kefu_transaction_end (tx, FALSE, NULL));
  }
  g_assert_true (kefu_store_set_setting (f->a, "intake_related_days", "5", &error));
  g_assert_no_error (error);
  /* (the settings are watched since schema 35: news, but of "settings" only) */
  {
    gboolean gave_up = FALSE;
    guint guard = g_timeout_add_seconds (20, give_up_cb, &gave_up);

    while (!kefu_store_watch_check (watch) && !gave_up)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (gave_up);
    g_source_remove (guard);
  }
  kefu_store_watch_flush (watch);
  g_assert_cmpuint (f->emitted->len, ==, 1);
  assert_topics (f->emitted->pdata[0], "settings");
  g_ptr_array_set_size (f->emitted, 0);
  kefu_test_store_exec (f->a, "INSERT INTO estates (name, created_at) VALUES ('无关的小区', 0)");
  g_assert_false (kefu_store_watch_check (watch));
  kefu_store_watch_flush (watch);
  g_assert_cmpuint (f->emitted->len, ==, 0);

  id = new_ticket (f->a, "2026-11-25-0002");
  wait_for (watch, "tickets", id);
  g_assert_cmpint (kefu_store_watch_get_last_id (watch, "people"), ==, 0);
  g_assert_cmpint (kefu_store_watch_get_last_id (watch, "board"), ==, 0);
  kefu_store_watch_flush (watch);
  g_assert_cmpuint (f->emitted->len, ==, 1);
  assert_topics (f->emitted->pdata[0], "board,counts,tickets");
  g_assert_false (kefu_store_watch_check (watch));
}

/* With the desk's own intervals, on the main loop: reported, not asserted
 * (no timed tests); the coalescing window is part of it by design. */
static void
test_latency (Live          *f,
              gconstpointer  data)
{
  g_autoptr(KefuStoreWatch) watch = NULL;
  gboolean gave_up = FALSE;
  gint64 start;
  guint guard;

  if (skipped (f))
    return;
  watch = watch_of (f, f->b, KEFU_STORE_WATCH_CHECK_MS, KEFU_STORE_WATCH_COALESCE_MS);
  new_ticket (f->a, "2026-11-25-0001");
  start = g_get_monotonic_time ();
  guard = g_timeout_add_seconds (20, give_up_cb, &gave_up);
  while (f->emitted->len == 0 && !gave_up)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_assert_cmpuint (f->emitted->len, ==, 1);
  g_test_message ("%s: commit → changed in %.0f ms (check every %d ms, coalescing %d ms)",
                  data == SERVER ? "server" : "file", (g_get_monotonic_time () - start) / 1000.0,
                  data == SERVER ? 0 : KEFU_STORE_WATCH_CHECK_MS, KEFU_STORE_WATCH_COALESCE_MS);
}

static gint64
version_of (KefuStore *store,
            gint64     id)
{
  g_autoptr(GError) error = NULL;
  gint64 v = kefu_ticket_read_version (store, id, &error);

  g_assert_no_error (error);
  return v;
}

/* Two jobs in 张师傅's lane; returns the first */
static gint64
lane (Live *f)
{
  gint64 ids[2];

  for (int i = 0; i < 2; i++)
    {
      g_autofree char *number = g_strdup_printf ("2026-11-25-%04d", i + 1);
      g_autofree char *sql = NULL;

      ids[i] = new_ticket (f->a, number);
      sql = g_strdup_printf ("UPDATE tickets SET status = 'dispatched', team_id = %" G_GINT64_FORMAT ", technician_id = %"
                             G_GINT64_FORMAT ", dispatched_at = %" G_GINT64_FORMAT ", board_position = %d WHERE id = %"
                             G_GINT64_FORMAT, f->team, f->tech1, TEST_NOW, i + 1, ids[i]);
      run (f->a, sql);
    }
  return ids[0];
}

static char *
moment (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (TEST_NOW);

  return g_date_time_format (at, "%H:%M");
}

/* Every UPDATE raises the version; a change made on a stale one is
 * refused, naming who changed it and when, and leaves theirs. */
static void
test_stale_reorder (Live          *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *at = moment ();
  gint64 id, seen;

  if (skipped (f))
    return;
  id = lane (f);
  seen = version_of (f->a, id);
  g_assert_cmpint (seen, >, 1);   /* inserted at 1, then updated */

  /* 王芳 at the other desk moves it to the end of the lane */
  g_assert_true (kefu_dispatch_reorder (f->b, id, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (version_of (f->a, id), >, seen);

  /* this desk, on what it saw, moves it back: refused */
  kefu_store_expect_version (f->a, id, seen);
  g_assert_false (kefu_dispatch_reorder (f->a, id, 1, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_STALE);
  g_assert_nonnull (strstr (error->message, "王芳 changed this ticket at "));
  g_assert_nonnull (strstr (error->message, at));
  g_assert_nonnull (strstr (error->message, "2026-11-25-0001"));
  g_clear_error (&error);
  /* theirs stays: second in the lane */
  {
    g_autoptr(KefuBoard) board = kefu_dispatch_load_board (f->a, TEST_NOW, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < board->cards->len; i++)
      {
        KefuBoardCard *c = board->cards->pdata[i];
        if (c->ticket_id == id)
          {
            g_assert_cmpint (c->position, ==, 2);
            g_assert_cmpint (c->version, ==, version_of (f->a, id));
            seen = c->version;
          }
      }
  }
  /* on the version now shown, the move is made */
  kefu_store_expect_version (f->a, id, seen);
  g_assert_true (kefu_dispatch_reorder (f->a, id, 1, &error));
  g_assert_no_error (error);
  kefu_store_expect_version (f->a, 0, 0);
}

/* The drag of a job someone else just took: refused, naming who took it
 * and for whom; the job stays theirs. (SQLite: assigning goes through the
 * desk's lifecycle, not on the server yet.) */
static void
test_stale_assign (Live          *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTicket) t = NULL;
  gint64 id, seen;

  if (skipped (f))
    return;
  id = new_ticket (f->a, "2026-11-25-0001");
  seen = version_of (f->a, id);
  g_assert_true (kefu_dispatch_assign (f->b, id, f->tech1, 0, &error));
  g_assert_no_error (error);

  kefu_store_expect_version (f->a, id, seen);
  g_assert_false (kefu_dispatch_assign (f->a, id, f->tech2, 0, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_STALE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "王芳 assigned this ticket to 张师傅 at "));
  g_clear_error (&error);
  kefu_store_expect_version (f->a, 0, 0);
  t = kefu_desk_get_ticket (f->a, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kefu_ticket_get_technician_name (t), ==, "张师傅");
  g_assert_cmpint (kefu_ticket_get_version (t), ==, version_of (f->b, id));
}

/* A status change on a stale version: the message names the status. */
static void
test_stale_move (Live          *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTicket) t = NULL;
  gint64 id;

  if (skipped (f))
    return;
  id = lane (f);
  t = kefu_desk_get_ticket (f->a, id, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_desk_move (f->b, id, "on_hold", "业主不在家", &error));
  g_assert_no_error (error);

  kefu_store_expect_version (f->a, id, kefu_ticket_get_version (t));
  g_assert_false (kefu_desk_move (f->a, id, "on_site", NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_STALE);
  g_assert_nonnull (strstr (error->message, "王芳 changed this ticket’s status to “On hold” at "));
  g_clear_error (&error);
  g_clear_object (&t);
  t = kefu_desk_get_ticket (f->a, id, &error);
  g_assert_cmpstr (kefu_ticket_get_status (t), ==, "on_hold");
  /* the expectation holds until set again: a second try is refused too */
  g_assert_false (kefu_desk_resume (f->a, id, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_STALE);
  g_clear_error (&error);
  /* on what is shown now, resuming works */
  kefu_store_expect_version (f->a, id, kefu_ticket_get_version (t));
  g_assert_true (kefu_desk_resume (f->a, id, &error));
  g_assert_no_error (error);
}

/* One `dispatch score` on a connection of its own, in a worker thread */
typedef struct {
  const char *conninfo;
  gint64      actor;
  GPtrArray  *scores;
  GError     *error;
} Scoring;

static gpointer
score_thread (gpointer data)
{
  Scoring *s = data;
  g_autoptr(KefuStore) store = kefu_store_open (s->conninfo, KEFU_STORE_OPEN_DEFAULT, &s->error);

  if (store == NULL)
    return NULL;
  kefu_store_set_now (store, TEST_NOW);
  kefu_store_set_actor (store, s->actor);
  s->scores = kefu_dispatch_score_contractors (store, "2026-11", &s->error);
  return NULL;
}

/* Two dispatchers score the contractors at the same moment, on two
 * connections to the server; both read the slow team as not suspended
 * (a third connection holds its row until both are waiting for it). The
 * team is suspended once: one audit entry, one of them says it suspended
 * it. */
static void
test_score_twice_at_once (Live          *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTransaction) hold = NULL;
  g_autofree char *sql = NULL;
  Scoring one = { f->conninfo, 0, NULL, NULL }, two = { f->conninfo, 0, NULL, NULL };
  GThread *t1, *t2;
  gint64 slow, waiting = 0, end;
  gboolean said_one, said_two;

  if (skipped (f))
    return;
  one.actor = f->user_a;
  two.actor = f->user_b;
  slow = insert (f->a, "INSERT INTO teams (name, is_contractor) VALUES ('慢修外包', 1)");
  /* one job: on site six hours after dispatch, reopened, rated 1 of 5 */
  sql = g_strdup_printf ("INSERT INTO tickets (number, channel, kind, location, description, status, team_id, "
                         "created_at, dispatched_at, arrived_at, satisfaction, reopen_count, updated_at) VALUES "
                         "('2026-11-22-0001', 'phone', 'repair', '电梯', '电梯异响', 'closed', %" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 1, 2, %" G_GINT64_FORMAT ")",
                         slow, TEST_NOW - 3 * 86400, TEST_NOW - 3 * 86400, TEST_NOW - 3 * 86400 + 6 * 3600, TEST_NOW);
  run (f->a, sql);
  g_free (sql);

  /* the team's row held by a third connection */
  hold = kefu_transaction_begin (f->b, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT id FROM teams WHERE id = %" G_GINT64_FORMAT " FOR UPDATE", slow);
  g_assert_cmpint (kefu_test_store_scalarf (f->b, "%s", sql), ==, slow);
  t1 = g_thread_new ("score-1", score_thread, &one);
  t2 = g_thread_new ("score-2", score_thread, &two);
  /* until both wait for a lock (a failure guard, not a timing: 30 s) */
  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((waiting = kefu_test_store_scalarf (f->a, "SELECT count(*) FROM pg_stat_activity "
                                                   "WHERE datname = current_database () AND wait_event_type = 'Lock'"))
         < 2 && g_get_monotonic_time () < end)
    g_usleep (10000);
  g_assert_cmpint (waiting, ==, 2);
  g_assert_true (kefu_transaction_commit (hold, &error));
  g_assert_no_error (error);
  g_thread_join (t1);
  g_thread_join (t2);
  g_assert_no_error (one.error);
  g_assert_no_error (two.error);

  g_assert_cmpint (kefu_test_store_scalarf (f->a, "SELECT suspended FROM teams WHERE id = %" G_GINT64_FORMAT, slow), ==, 1);
  g_assert_cmpint (kefu_test_store_scalarf (f->a, "SELECT count(*) FROM audit_log WHERE action = 'suspend_team' "
                                                  "AND subject_id = %" G_GINT64_FORMAT, slow), ==, 1);
  g_assert_cmpint (kefu_test_store_scalarf (f->a, "SELECT count(*) FROM contractor_scores WHERE team_id = %"
                                                  G_GINT64_FORMAT, slow), ==, 1);
  said_one = FALSE;
  said_two = FALSE;
  for (guint i = 0; i < one.scores->len; i++)
    if (((KefuContractorScore *) one.scores->pdata[i])->team_id == slow)
      said_one = ((KefuContractorScore *) one.scores->pdata[i])->suspended;
  for (guint i = 0; i < two.scores->len; i++)
    if (((KefuContractorScore *) two.scores->pdata[i])->team_id == slow)
      said_two = ((KefuContractorScore *) two.scores->pdata[i])->suspended;
  g_assert_true (said_one != said_two);
  g_ptr_array_unref (one.scores);
  g_ptr_array_unref (two.scores);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);
  kefu_store_init_sqlite ();

#define BOTH(name, func) \
  g_test_add ("/live/file/" name, Live, NULL, live_setup, func, live_teardown); \
  g_test_add ("/live/server/" name, Live, SERVER, live_setup, func, live_teardown)
  BOTH ("watch/seen-by-other", test_seen_by_other);
  BOTH ("watch/own-commits", test_own_commits);
  BOTH ("watch/burst-coalesced", test_burst);
  BOTH ("watch/no-change", test_no_change);
  BOTH ("watch/latency", test_latency);
  BOTH ("version/stale-reorder", test_stale_reorder);
  g_test_add ("/live/file/version/stale-assign", Live, NULL, live_setup, test_stale_assign, live_teardown);
  g_test_add ("/live/file/version/stale-move", Live, NULL, live_setup, test_stale_move, live_teardown);
  g_test_add ("/live/server/dispatch/score-twice-at-once", Live, SERVER, live_setup, test_score_twice_at_once,
              live_teardown);
  return g_test_run ();
}
