/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-desk.c — the domain on both engines (#20): the same desk's
 * data in a SQLite file and on the throwaway PostgreSQL cluster (copied
 * there by `migrate`), the same public functions run on each, and the
 * results compared; the query layer's dialect and error kinds on both;
 * the server's clock; the reverse copy (server → an offline, read-only
 * file). Skipped without a test cluster. */
#include <glib/gstdio.h>

#include "kefu-auth.h"
#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-dispatch.h"
#include "kefu-engine.h"
#include "kefu-query.h"
#include "kefu-server.h"
#include "kefu-store.h"
#include "kefu-test-util.h"
#include "kefu-test-pg.h"

/* 2026-11-25 10:00 Beijing time: the sample's moment, and the board's */
#define AT 1795572000

typedef struct {
  KefuTestDir  dir;
  char        *path;       /* the desk's file */
  char        *conninfo;   /* the same data on the server */
  KefuStore   *stores[2];  /* [0] the file, [1] the server */
} Desk;

static char *sample;   /* the sample file, made once */

static void
desk_setup (Desk          *f,
            gconstpointer  data)
{
  g_autofree char *o = NULL, *e = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  kefu_test_dir_setup (&f->dir, data);
  f->conninfo = kefu_test_pg_create ();
  if (f->conninfo == NULL)
    return;
  f->path = kefu_test_path (&f->dir, "desk.db");
  /* the sample once per run (it takes a while on a loaded machine), a
   * copy of it for each case */
  if (sample == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("kefu-desk-XXXXXX", &error);
      g_assert_no_error (error);
      sample = g_build_filename (dir, "sample.db", NULL);
      g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "--db", sample, "init", "--demo", "80", "--seed", "7",
                                          "--now", "2026-11-25 10:00", NULL), ==, 0);
    }
  {
    g_autoptr(GFile) from = g_file_new_for_path (sample);
    g_autoptr(GFile) to = g_file_new_for_path (f->path);
    g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (kefu_server_init (f->conninfo, &created, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_server_migrate (f->path, f->conninfo, NULL, NULL, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      f->stores[i] = kefu_store_open (i == 0 ? f->path : f->conninfo, KEFU_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kefu_store_is_server (f->stores[i]), ==, i == 1);
      kefu_store_set_now (f->stores[i], AT);
    }
}

static void
desk_teardown (Desk          *f,
               gconstpointer  data)
{
  for (int i = 0; i < 2; i++)
    g_clear_object (&f->stores[i]);
  kefu_test_pg_drop (f->conninfo);
  g_free (f->conninfo);
  g_free (f->path);
  kefu_test_dir_teardown (&f->dir, data);
}

static gint64
count (KefuStore  *store,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kefu_query_step (store, q, &error), ==, KEFU_QUERY_ROW);
  g_assert_no_error (error);
  return kefu_query_get_int (q, 0);
}

static KefuBoard *
board_of (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuBoard *board = kefu_dispatch_load_board (store, AT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (board);
  return board;
}

/* Two boards lane by lane and card by card */
static void
assert_same_board (const KefuBoard *a,
                   const KefuBoard *b)
{
  g_assert_cmpint (a->day_start, ==, b->day_start);
  g_assert_cmpuint (a->lanes->len, ==, b->lanes->len);
  g_assert_cmpuint (a->cards->len, ==, b->cards->len);
  for (guint i = 0; i < a->lanes->len; i++)
    {
      const KefuBoardLane *x = a->lanes->pdata[i], *y = b->lanes->pdata[i];

      g_assert_cmpint (x->technician_id, ==, y->technician_id);
      g_assert_cmpstr (x->technician_name, ==, y->technician_name);
      g_assert_cmpstr (x->team_name, ==, y->team_name);
      g_assert_cmpint (x->contractor, ==, y->contractor);
      g_assert_cmpint (x->status, ==, y->status);
      g_assert_cmpint (x->on_shift, ==, y->on_shift);
      g_assert_cmpuint (x->open_jobs, ==, y->open_jobs);
      g_assert_cmpuint (x->finished_this_week, ==, y->finished_this_week);
      g_assert_cmpfloat_with_epsilon (x->mean_finish_minutes, y->mean_finish_minutes, 1e-6);
      g_assert_cmpuint (x->shifts->len, ==, y->shifts->len);
      for (guint s = 0; s < x->shifts->len; s++)
        {
          g_assert_cmpint (g_array_index (x->shifts, KefuMinuteSpan, s).from_min, ==,
                           g_array_index (y->shifts, KefuMinuteSpan, s).from_min);
          g_assert_cmpint (g_array_index (x->shifts, KefuMinuteSpan, s).to_min, ==,
                           g_array_index (y->shifts, KefuMinuteSpan, s).to_min);
        }
    }
  for (guint i = 0; i < a->cards->len; i++)
    {
      const KefuBoardCard *x = a->cards->pdata[i], *y = b->cards->pdata[i];

      g_assert_cmpint (x->ticket_id, ==, y->ticket_id);
      g_assert_cmpstr (x->number, ==, y->number);
      g_assert_cmpstr (x->location, ==, y->location);
      g_assert_cmpstr (x->status, ==, y->status);
      g_assert_cmpint (x->level, ==, y->level);
      g_assert_cmpint (x->technician_id, ==, y->technician_id);
      g_assert_cmpint (x->position, ==, y->position);
      g_assert_cmpint (x->appointment_at, ==, y->appointment_at);
      g_assert_cmpint (x->appointment_minutes, ==, y->appointment_minutes);
      g_assert_cmpint (x->conflicts, ==, y->conflicts);
      g_assert_cmpint (x->next_due_at, ==, y->next_due_at);
    }
}

/* The board of the same data is the same on both engines, and shows what
 * the tables hold (counted here independently) */
static void
test_board (Desk          *f,
            gconstpointer  data)
{
  g_autoptr(KefuBoard) file = NULL;
  g_autoptr(KefuBoard) server = NULL;
  guint assigned = 0;

  if (f->conninfo == NULL)
    return;
  file = board_of (f->stores[0]);
  server = board_of (f->stores[1]);
  for (int i = 0; i < 2; i++)
    {
      KefuBoard *b = i == 0 ? file : server;

      g_assert_cmpint (b->cards->len, ==,
                       count (f->stores[i], "SELECT count(*) FROM tickets WHERE status IN "
                                            "('new','reopened','dispatched','accepted','on_site','on_hold')"));
      g_assert_cmpint (b->lanes->len, ==, count (f->stores[i], "SELECT count(*) FROM technicians WHERE active <> 0"));
    }
  /* the store's own counting is on the query layer; what is not says so */
  g_assert_false (kefu_store_is_empty (f->stores[1]));
  g_assert_cmpint (kefu_store_count_rows (f->stores[1], "tickets", NULL), ==, 80);
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (kefu_store_quick_check (f->stores[1], &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL);
    g_assert_nonnull (strstr (error->message, "does not work on a database server yet"));
  }
  for (guint i = 0; i < server->cards->len; i++)
    assigned += ((KefuBoardCard *) server->cards->pdata[i])->technician_id > 0;
  /* the sample has work in the lanes and in the queue */
  g_assert_cmpuint (assigned, >, 0);
  g_assert_cmpuint (assigned, <, server->cards->len);
  assert_same_board (file, server);
}

/* A move on the board (the last card of a lane to its top), the same on
 * both engines: the lane's new order, and the timeline's event */
static void
test_reorder (Desk          *f,
              gconstpointer  data)
{
  g_autoptr(KefuBoard) before = NULL;
  gint64 ticket = 0, tech = 0, dispatcher;
  guint in_lane = 0;

  if (f->conninfo == NULL)
    return;
  before = board_of (f->stores[0]);
  /* the lane with most cards */
  for (guint i = 0; i < before->lanes->len; i++)
    {
      const KefuBoardLane *l = before->lanes->pdata[i];
      guint n = 0;
      gint64 last = 0;

      for (guint c = 0; c < before->cards->len; c++)
        if (((KefuBoardCard *) before->cards->pdata[c])->technician_id == l->technician_id)
          {
            n++;
            last = ((KefuBoardCard *) before->cards->pdata[c])->ticket_id;
          }
      if (n > in_lane)
        {
          in_lane = n;
          tech = l->technician_id;
          ticket = last;
        }
    }
  g_assert_cmpuint (in_lane, >=, 1);
  if (in_lane < 2)
    {
      /* a second job in that lane, the same on both: the queue's first */
      gint64 queued = 0;
      g_autofree char *sql = NULL;

      for (guint c = 0; c < before->cards->len && queued == 0; c++)
        if (((KefuBoardCard *) before->cards->pdata[c])->technician_id == 0)
          queued = ((KefuBoardCard *) before->cards->pdata[c])->ticket_id;
      g_assert_cmpint (queued, >, 0);
      sql = g_strdup_printf ("UPDATE tickets SET status = 'dispatched', technician_id = ?1, "
                             "team_id = (SELECT team_id FROM technicians WHERE id = ?1), dispatched_at = ?2, "
                             "board_position = NULL WHERE id = %" G_GINT64_FORMAT, queued);
      for (int i = 0; i < 2; i++)
        {
          g_autoptr(GError) error = NULL;
          g_assert_true (kefu_query_exec (f->stores[i], sql, tech, AT - 3600, &error));
          g_assert_no_error (error);
        }
      g_clear_pointer (&before, kefu_board_free);
      before = board_of (f->stores[0]);
      in_lane = 0;
      for (guint c = 0; c < before->cards->len; c++)
        if (((KefuBoardCard *) before->cards->pdata[c])->technician_id == tech)
          {
            in_lane++;
            ticket = ((KefuBoardCard *) before->cards->pdata[c])->ticket_id;
          }
    }
  g_assert_cmpuint (in_lane, >=, 2);
  g_assert_cmpint (((KefuBoardCard *) before->cards->pdata[0])->ticket_id, !=, ticket);
  dispatcher = count (f->stores[0], "SELECT min(id) FROM users WHERE role = 'dispatcher'");
  g_assert_cmpint (dispatcher, >, 0);

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KefuBoard) after = NULL;
      gint64 events = count (f->stores[i], "SELECT count(*) FROM ticket_events");

      kefu_store_set_actor (f->stores[i], dispatcher);
      g_assert_true (kefu_dispatch_reorder (f->stores[i], ticket, 1, &error));
      g_assert_no_error (error);
      after = board_of (f->stores[i]);
      for (guint c = 0; c < after->cards->len; c++)
        {
          const KefuBoardCard *card = after->cards->pdata[c];

          if (card->ticket_id == ticket)
            {
              g_assert_cmpint (card->technician_id, ==, tech);
              g_assert_cmpint (card->position, ==, 1);
            }
        }
      g_assert_cmpint (count (f->stores[i], "SELECT count(*) FROM ticket_events"), ==, events + 1);
      {
        g_autofree char *sql = g_strdup_printf ("SELECT at FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT
                                                " AND kind = 'edit' AND user_id = %" G_GINT64_FORMAT
                                                " ORDER BY id DESC LIMIT 1", ticket, dispatcher);
        g_assert_cmpint (count (f->stores[i], sql), ==, AT);
      }
      {
        g_autofree char *sql = g_strdup_printf ("SELECT board_position FROM tickets WHERE id = %" G_GINT64_FORMAT, ticket);
        g_assert_cmpint (count (f->stores[i], sql), ==, 1);
      }
    }
  {
    g_autoptr(KefuBoard) file = board_of (f->stores[0]);
    g_autoptr(KefuBoard) server = board_of (f->stores[1]);
    assert_same_board (file, server);
  }
  /* an appointment for the moved job, 14:00–15:30 that day, on both */
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KefuBoard) after = NULL;
      gboolean seen = FALSE;

      g_assert_true (kefu_dispatch_set_appointment_window (f->stores[i], ticket, AT + 4 * 3600, 90, &error));
      g_assert_no_error (error);
      after = board_of (f->stores[i]);
      for (guint c = 0; c < after->cards->len; c++)
        {
          const KefuBoardCard *card = after->cards->pdata[c];

          if (card->ticket_id == ticket)
            {
              g_assert_cmpint (card->appointment_at, ==, AT + 4 * 3600);
              g_assert_cmpint (card->appointment_minutes, ==, 90);
              seen = TRUE;
            }
        }
      g_assert_true (seen);
    }
  {
    g_autoptr(KefuBoard) file = board_of (f->stores[0]);
    g_autoptr(KefuBoard) server = board_of (f->stores[1]);
    assert_same_board (file, server);
  }
}

/* Server mode's clock is the server's: now() of the server's transaction
 * (the same moment all through it), not the desk's */
static void
test_server_clock (Desk          *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTransaction) tx = NULL;
  g_autoptr(KefuEngine) other = NULL;
  KefuStore *server;
  gint64 first, second, server_start = 0;

  if (f->conninfo == NULL)
    return;
  server = f->stores[1];
  kefu_store_set_now (server, 0);
  tx = kefu_transaction_begin (server, &error);
  g_assert_no_error (error);
  first = kefu_store_now (server);
  g_usleep (1200 * 1000);
  second = kefu_store_now (server);
  /* the server's now() stands still within its transaction; a desk's
   * clock would have moved on */
  g_assert_cmpint (first, ==, second);
  {
    KEFU_AUTO_QUERY *q = kefu_query_prepare (server, "SELECT floor(extract(epoch FROM now()))::bigint", &error);
    g_assert_no_error (error);
    g_assert_cmpint (kefu_query_step (server, q, &error), ==, KEFU_QUERY_ROW);
    server_start = kefu_query_get_int (q, 0);
  }
  g_assert_cmpint (first, ==, server_start);
  g_assert_true (kefu_transaction_commit (g_steal_pointer (&tx), &error) || TRUE);
  g_assert_no_error (error);
  /* a new transaction: a later moment */
  other = kefu_engine_connect_pg (f->conninfo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_store_now (server), >, first);
  /* pinned (a test, a command's --now), the pin wins on a server too */
  kefu_store_set_now (server, AT);
  g_assert_cmpint (kefu_store_now (server), ==, AT);
}

/* The dialect's rewrites, and what they mean: the same results on both */
static void
test_dialect (Desk          *f,
              gconstpointer  data)
{
  static const char *const cases[][2] = {
    { "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
      "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING" },
    { "SELECT count(*) FROM tickets WHERE technician_id IS ?1 AND team_id IS NOT ?2",
      "SELECT count(*) FROM tickets WHERE technician_id IS NOT DISTINCT FROM ?1 AND team_id IS DISTINCT FROM ?2" },
    { "SELECT group_concat(name) FROM teams", "SELECT string_agg((name)::text, ',') FROM teams" },
    { "SELECT group_concat(coalesce(name, 'x'), '、') FROM teams WHERE name = 'IS ?1'",
      "SELECT string_agg((coalesce(name, 'x'))::text,  '、') FROM teams WHERE name = 'IS ?1'" },
    { "SELECT id FROM tickets WHERE closed_at IS NULL", "SELECT id FROM tickets WHERE closed_at IS NULL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = kefu_query_sql_for_server (cases[i][0]);
      g_assert_cmpstr (got, ==, cases[i][1]);
    }
  if (f->conninfo == NULL)
    return;

  for (int i = 0; i < 2; i++)
    {
      KefuStore *store = f->stores[i];
      g_autoptr(GError) error = NULL;
      gint64 unassigned_want = count (store, "SELECT count(*) FROM tickets WHERE technician_id IS NULL");
      gint64 teams = count (store, "SELECT count(*) FROM teams");

      /* INSERT OR IGNORE: the second is no change, and no error */
      for (int round = 0; round < 2; round++)
        {
          KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)", &error);
          g_assert_no_error (error);
          kefu_query_bind_text (q, 1, "test_dialect");
          kefu_query_bind_text (q, 2, round == 0 ? "first" : "second");
          g_assert_true (kefu_query_run (store, q, &error));
          g_assert_no_error (error);
          g_assert_cmpint (kefu_query_changes (store), ==, round == 0 ? 1 : 0);
        }
      {
        g_autofree char *v = kefu_store_get_setting (store, "test_dialect");
        g_assert_cmpstr (v, ==, "first");
      }
      /* IS ?1 with NULL bound: SQLite's IS */
      {
        KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT count(*) FROM tickets WHERE technician_id IS ?1", &error);
        g_assert_no_error (error);
        kefu_query_bind_id (q, 1, 0);
        g_assert_cmpint (kefu_query_step (store, q, &error), ==, KEFU_QUERY_ROW);
        g_assert_cmpint (kefu_query_get_int (q, 0), ==, unassigned_want);
        g_assert_cmpint (unassigned_want, >, 0);
      }
      /* group_concat: every team once */
      {
        KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT group_concat(name, '|') FROM teams", &error);
        g_auto(GStrv) names = NULL;
        g_assert_no_error (error);
        g_assert_cmpint (kefu_query_step (store, q, &error), ==, KEFU_QUERY_ROW);
        names = g_strsplit (kefu_query_get_text (q, 0), "|", -1);
        g_assert_cmpint (g_strv_length (names), ==, teams);
      }
    }
}

/* kefu-cli's commands that work on a server print the same as on the
 * file; one that does not yet says so, translated */
static void
test_cli (Desk          *f,
          gconstpointer  data)
{
  const char *dbs[2];

  if (f->conninfo == NULL)
    return;
  dbs[0] = f->path;
  dbs[1] = f->conninfo;
  /* the stores of the fixture are not needed: the commands open their own */
  for (int i = 0; i < 2; i++)
    g_clear_object (&f->stores[i]);
  {
    g_autofree char *out[2][3] = { { NULL } };
    g_autofree char *err[2][3] = { { NULL } };

    for (int i = 0; i < 2; i++)
      {
        g_assert_cmpint (kefu_test_run_cli (NULL, "1234\n", &out[i][0], &err[i][0], "--db", dbs[i], "--as", "chenjing",
                                            "search", "漏水", "--limit", "20", NULL), ==, 0);
        g_assert_cmpint (kefu_test_run_cli (NULL, "1234\n", &out[i][1], &err[i][1], "--db", dbs[i], "--as", "chenjing",
                                            "search", "漏水", "--count", NULL), ==, 0);
        g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &out[i][2], &err[i][2], "--db", dbs[i], "sla", "check",
                                            "--now", "2026-11-25 10:00", "--json", NULL), ==, 0);
      }
    g_assert_cmpstr (out[1][0], ==, out[0][0]);
    g_assert_cmpuint (strlen (out[0][0]), >, 0);
    g_assert_cmpstr (out[1][1], ==, out[0][1]);
    g_assert_cmpint (g_ascii_strtoll (out[0][1], NULL, 10), >, 0);
    g_assert_cmpstr (out[1][2], ==, out[0][2]);
    g_assert_nonnull (strstr (out[0][2], "["));
  }
  {
    g_autofree char *o = NULL, *e = NULL;

    g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
    g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
    /* a command not on a server (a server's backups are PostgreSQL's own) */
    g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "--db", f->conninfo, "backup", NULL), ==, 1);
    g_setenv ("LANG", "C.UTF-8", TRUE);
    g_unsetenv ("LC_ALL");
    g_assert_nonnull (strstr (e, "pg_dump"));
    g_assert_nonnull (strstr (e, "“backup”"));
  }
}

/* The query layer's errors and transactions mean the same on both */
static void
test_errors_and_transactions (Desk          *f,
                              gconstpointer  data)
{
  if (f->conninfo == NULL)
    return;
  for (int i = 0; i < 2; i++)
    {
      KefuStore *store = f->stores[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(KefuTransaction) tx = NULL;
      gint64 estates = count (store, "SELECT count(*) FROM estates");
      gint64 id;

      /* a unique key: CONFLICT */
      {
        KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "INSERT INTO estates (name, created_at) "
                                                        "SELECT name, ?1 FROM estates ORDER BY id LIMIT 1", &error);
        g_assert_no_error (error);
        kefu_query_bind_int (q, 1, AT);
        g_assert_false (kefu_query_run (store, q, &error));
        g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
        g_clear_error (&error);
      }
      /* a CHECK: INVALID */
      g_assert_false (kefu_query_exec (store, "UPDATE tickets SET level = ?2 WHERE id = ?1",
                                       count (store, "SELECT min(id) FROM tickets"), 9, &error));
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
      g_clear_error (&error);

      /* a transaction not committed leaves nothing; its inner savepoint
       * rolled back keeps the outer's writes */
      tx = kefu_transaction_begin (store, &error);
      g_assert_no_error (error);
      g_assert_true (kefu_store_in_transaction (store));
      g_assert_true (kefu_query_exec (store, "INSERT INTO estates (name, created_at) VALUES ('外苑', ?1)", AT, 0, &error));
      id = kefu_query_last_id (store);
      g_assert_cmpint (id, >, 0);
      g_assert_cmpint (count (store, "SELECT count(*) FROM estates WHERE name = '外苑'"), ==, 1);
      {
        g_autoptr(KefuTransaction) inner = kefu_transaction_begin (store, &error);
        g_assert_no_error (error);
        g_assert_true (kefu_query_exec (store, "INSERT INTO estates (name, created_at) VALUES ('内苑', ?1)", AT, 0, &error));
        g_assert_cmpint (kefu_query_last_id (store), >, id);
      }
      g_assert_cmpint (count (store, "SELECT count(*) FROM estates WHERE name = '内苑'"), ==, 0);
      g_assert_cmpint (count (store, "SELECT count(*) FROM estates WHERE name = '外苑'"), ==, 1);
      g_clear_pointer (&tx, kefu_transaction_free);
      g_assert_false (kefu_store_in_transaction (store));
      g_assert_cmpint (count (store, "SELECT count(*) FROM estates"), ==, estates);

      /* committed: there, with the id it was given */
      tx = kefu_transaction_begin (store, &error);
      g_assert_true (kefu_query_exec (store, "INSERT INTO estates (name, created_at) VALUES ('新苑', ?1)", AT, 0, &error));
      id = kefu_query_last_id (store);
      g_assert_true (kefu_transaction_commit (g_steal_pointer (&tx), &error));
      g_assert_no_error (error);
      {
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM estates WHERE name = '新苑' AND id = %" G_GINT64_FORMAT, id);
        g_assert_cmpint (count (store, sql), ==, 1);
      }
    }
}

/* The reverse copy: the server to a new file, counted and checksummed;
 * the file opens read-only and says whose copy it is and when */
static void
test_offline_copy (Desk          *f,
                   gconstpointer  data)
{
  g_autofree char *copy = NULL;
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) offline = NULL;
  g_autoptr(KefuBoard) server_board = NULL;
  g_autoptr(KefuBoard) copy_board = NULL;
  const char * const *tables = kefu_store_table_names ();
  const char *of = NULL;
  gint64 at = 0, dispatcher, ticket;
  int rc;

  if (f->conninfo == NULL)
    return;
  copy = kefu_test_path (&f->dir, "offline.db");
  /* the server moves on after the migration: the copy has it */
  dispatcher = count (f->stores[1], "SELECT min(id) FROM users WHERE role = 'dispatcher'");
  ticket = count (f->stores[1], "SELECT max(id) FROM tickets WHERE technician_id IS NOT NULL "
                                "AND status IN ('dispatched','accepted','on_site','on_hold')");
  kefu_store_set_actor (f->stores[1], dispatcher);
  g_assert_true (kefu_dispatch_reorder (f->stores[1], ticket, 1, &error));
  g_assert_no_error (error);
  /* a CLI sign-in session on the server (a token's hash): it stays there */
  g_assert_true (kefu_store_exec (f->stores[1], "INSERT INTO cli_sessions (token_hash, user_id, os_uid, role, "
                                                "created_at, expires_at) VALUES ('d3adb33f', (SELECT min(id) FROM users), "
                                                "1000, 'admin', 1795572000, 1795575600)", &error));
  g_assert_no_error (error);

  rc = kefu_test_run_cli (NULL, NULL, &o1, &e1, "migrate", "--from", f->conninfo, "--to", copy, NULL);
  g_assert_cmpstr (e1, ==, "");
  g_assert_cmpint (rc, ==, 0);
  {
    /* every table but the sessions, which are said to be left behind */
    g_autofree char *n = g_strdup_printf ("%u tables", g_strv_length ((char **) tables) - 1);
    const char *line = strstr (o1, "cli_sessions");

    g_assert_nonnull (strstr (o1, n));
    g_assert_nonnull (strstr (o1, "read-only"));
    g_assert_nonnull (line);
    g_assert_true (g_str_has_prefix (strstr (line, "1 rows"), "1 rows   not copied"));
  }
  /* every table, counted again here */
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
      if (g_str_equal (tables[i], "settings"))
        continue;   /* the copy's two marks */
      if (g_str_equal (tables[i], "cli_sessions"))
        continue;   /* not copied: below */
      if (offline == NULL)
        {
          offline = kefu_store_open (copy, KEFU_STORE_OPEN_DEFAULT, &error);
          g_assert_no_error (error);
        }
      g_assert_cmpint (count (offline, sql), ==, count (f->stores[1], sql));
    }
  /* (the order mark of schema v37 aside: a server reads none, though
   * `migrate` brought the file's along; the copy's is its own) */
  g_assert_cmpint (count (offline, "SELECT count(*) FROM settings WHERE key <> 'tickets_in_order_to'"), ==,
                   count (f->stores[1], "SELECT count(*) FROM settings WHERE key <> 'tickets_in_order_to'") + 2);
  g_assert_cmpint (count (offline, "SELECT count(*) FROM settings WHERE key = 'tickets_in_order_to'"), ==, 1);
  /* the order mark, checked over the copied tickets: up to the first
   * ticket created before the one with the id before it, or all */
  g_assert_cmpint (count (offline, "SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'tickets_in_order_to'"), ==,
                   count (offline, "SELECT coalesce((SELECT min(b.id) - 1 FROM tickets a JOIN tickets b "
                                   "ON b.id = (SELECT min(id) FROM tickets WHERE id > a.id) "
                                   "WHERE b.created_at < a.created_at), (SELECT max(id) FROM tickets))"));
  g_assert_cmpint (count (offline, "SELECT count(*) FROM tickets"), ==, 80);
  g_assert_cmpint (count (offline, "SELECT count(*) FROM cli_sessions"), ==, 0);
  g_assert_cmpint (count (f->stores[1], "SELECT count(*) FROM cli_sessions"), ==, 1);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT board_position FROM tickets WHERE id = %" G_GINT64_FORMAT, ticket);
    g_assert_cmpint (count (offline, sql), ==, 1);
  }
  /* the search index came along: the same hits */
  g_assert_cmpint (count (offline, "SELECT count(*) FROM ticket_search"), ==,
                   count (f->stores[1], "SELECT count(*) FROM ticket_search"));

  /* the same board as the server's */
  kefu_store_set_now (offline, AT);
  server_board = board_of (f->stores[1]);
  copy_board = board_of (offline);
  assert_same_board (server_board, copy_board);

  /* read-only, and it says so */
  g_assert_true (kefu_store_is_offline_copy (offline, &of, &at));
  g_assert_nonnull (strstr (of, "dbname=kefu_case_"));
  g_assert_null (strstr (of, "password"));
  g_assert_cmpint (at, >, AT);   /* the server's clock, at the copy: after the sample's moment */
  g_assert_false (kefu_store_is_offline_copy (f->stores[0], NULL, NULL));
  g_assert_false (kefu_store_set_setting (offline, "x", "y", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "offline copy"));
  g_assert_nonnull (strstr (error->message, of));
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (at);
    g_autofree char *text = g_date_time_format (when, "%Y-%m-%d %H:%M");
    g_assert_nonnull (strstr (error->message, text));
  }
  g_clear_error (&error);
  kefu_store_set_actor (offline, dispatcher);
  g_assert_false (kefu_dispatch_reorder (offline, ticket, 2, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_object (&offline);

  /* kefu-cli in Chinese: a write refused, naming the server */
  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_assert_cmpint (kefu_test_run_cli (NULL, "1234\n", &o2, &e2, "--db", copy, "--as", "admin",
                                      "backup", "config", "--budget", "100", NULL), ==, 1);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  g_assert_nonnull (strstr (e2, "离线副本"));
  g_assert_nonnull (strstr (e2, "dbname=kefu_case_"));

  /* never over an existing file; nothing made from a server without Kefu */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "migrate", "--from", f->conninfo, "--to", copy, NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "exists already"));
  {
    g_autofree char *empty = kefu_test_pg_create ();
    g_autofree char *copy2 = kefu_test_path (&f->dir, "nothing.db");
    g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o4, &e4, "migrate", "--from", empty, "--to", copy2, NULL), ==, 1);
    g_assert_nonnull (strstr (e4, "no Kefu schema"));
    g_assert_false (g_file_test (copy2, G_FILE_TEST_EXISTS));
    kefu_test_pg_drop (empty);
  }
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The ids a search for @text finds on @store, in order */
static GArray *
found (KefuStore  *store,
       const char *text)
{
  g_autoptr(GError) error = NULL;
  KefuTicketQuery q = { 0 };
  GArray *ids;

  q.search = text;
  ids = kefu_desk_query_ticket_ids (store, &q, NULL, &error);
  g_assert_no_error (error);
  g_array_sort (ids, compare_ids);
  return ids;
}

/* A person's offline copy (Backups ▸ Save an Offline Copy…): the server
 * keeps its index's text to itself, so the copy builds its own from the
 * rows it got; a search finds the same tickets in it as on the server */
static void
test_person_copy_search (Desk          *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) person = NULL;
  g_autoptr(KefuStore) offline = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autofree char *login = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *common = NULL;
  KefuTicketDraft draft = { "phone", "repair", "elevator", 1, 0, 0, "电梯", 0, "业主", "13800000000",
                            "琉璃瓦屋顶渗水，业主很着急", 0 };
  gint64 first, second;

  if (f->conninfo == NULL)
    return;
  login = g_strdup_printf ("copier_%d", (int) getpid ());
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '林复制', 'agent', 'copier-password-1')", login);
  g_assert_cmpint (count (f->stores[1], sql), >, 0);
  person = kefu_store_open_as (f->conninfo, login, "copier-password-1", &error);
  g_assert_no_error (error);
  user = kefu_auth_sign_in_server (person, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  /* two tickets of hers, indexed by the server as she logs them */
  draft.building_id = count (person, "SELECT min(id) FROM buildings");
  first = kefu_desk_create_ticket (person, &draft, &error);
  g_assert_no_error (error);
  draft.description = "琉璃瓦掉落，砸到车顶";
  second = kefu_desk_create_ticket (person, &draft, &error);
  g_assert_no_error (error);

  copy = kefu_test_path (&f->dir, "person.db");
  g_assert_true (kefu_server_copy_store_to_file (person, copy, NULL, NULL, &error));
  g_assert_no_error (error);
  offline = kefu_store_open (copy, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_store_is_offline_copy (offline, NULL, NULL));
  kefu_store_set_actor (offline, kefu_user_get_id (user));
  /* an index row for every ticket copied, none stale */
  g_assert_cmpint (count (offline, "SELECT count(*) FROM tickets"), >, 80);
  g_assert_cmpint (count (offline, "SELECT count(*) FROM ticket_search"), ==, count (offline, "SELECT count(*) FROM tickets"));
  g_assert_cmpint (count (offline, "SELECT count(*) FROM settings WHERE key = 'search_index_stale'"), ==, 0);

  /* her two tickets by a word of theirs, and the same hits as the server's
   * for a word and a location's first two characters (a bigram) */
  {
    g_autoptr(GArray) on_server = found (person, "琉璃瓦");
    g_autoptr(GArray) in_copy = found (offline, "琉璃瓦");

    g_assert_cmpuint (in_copy->len, ==, 2);
    g_assert_cmpint (g_array_index (in_copy, gint64, 0), ==, MIN (first, second));
    g_assert_cmpint (g_array_index (in_copy, gint64, 1), ==, MAX (first, second));
    g_assert_cmpuint (on_server->len, ==, 2);
  }
  {
    g_autofree char *location = NULL;
    KEFU_AUTO_QUERY *q = kefu_query_prepare (offline, "SELECT location FROM tickets WHERE id = (SELECT min(id) FROM tickets)",
                                             &error);

    g_assert_no_error (error);
    g_assert_cmpint (kefu_query_step (offline, q, &error), ==, KEFU_QUERY_ROW);
    location = g_strdup (kefu_query_get_text (q, 0));
    common = g_utf8_substring (location, 0, 2);
  }
  {
    const char *words[] = { "渗水", "车顶", common };

    for (guint i = 0; i < G_N_ELEMENTS (words); i++)
      {
        g_autoptr(GArray) on_server = found (person, words[i]);
        g_autoptr(GArray) in_copy = found (offline, words[i]);

        g_assert_cmpuint (in_copy->len, >, 0);
        g_assert_cmpuint (in_copy->len, ==, on_server->len);
        for (guint k = 0; k < in_copy->len; k++)
          g_assert_cmpint (g_array_index (in_copy, gint64, k), ==, g_array_index (on_server, gint64, k));
      }
  }
  g_clear_object (&offline);
  g_clear_object (&person);
  {
    g_autoptr(KefuEngine) admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
    g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", login);

    g_assert_no_error (error);
    g_assert_true (kefu_engine_exec (admin, drop, &error));
    g_assert_no_error (error);
  }
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server-desk/board", Desk, NULL, desk_setup, test_board, desk_teardown);
  g_test_add ("/server-desk/reorder", Desk, NULL, desk_setup, test_reorder, desk_teardown);
  g_test_add ("/server-desk/server-clock", Desk, NULL, desk_setup, test_server_clock, desk_teardown);
  g_test_add ("/server-desk/dialect", Desk, NULL, desk_setup, test_dialect, desk_teardown);
  g_test_add ("/server-desk/errors-and-transactions", Desk, NULL, desk_setup, test_errors_and_transactions, desk_teardown);
  g_test_add ("/server-desk/cli", Desk, NULL, desk_setup, test_cli, desk_teardown);
  g_test_add ("/server-desk/offline-copy", Desk, NULL, desk_setup, test_offline_copy, desk_teardown);
  g_test_add ("/server-desk/person-copy-search", Desk, NULL, desk_setup, test_person_copy_search, desk_teardown);
  rc = g_test_run ();
  if (sample != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (sample);
      g_autofree char *wal = g_strconcat (sample, "-wal", NULL);
      g_autofree char *shm = g_strconcat (sample, "-shm", NULL);
      g_unlink (sample);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }
  return rc;
}
