/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-dispatch.h — the estate the dispatch tests share
 * (test-dispatch.c, test-dispatch-board.c)
 *
 * A small estate built by hand so every choice can be predicted: two
 * buildings, an own repair team and a special-equipment team, two
 * contractors; everyone works 08:00–20:00 every day and one contractor
 * also the night. "Now" is fixed: Wednesday 2026-11-25 in Shenzhen.
 * Include it after kefu-test-util.h.
 */
#pragma once

#include <glib.h>

#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-enums.h"
#include "kefu-import.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-store.h"
#include "kefu-test-util.h"

enum { PLUMBING = 1, SPECIAL = 2, TONGDA = 3, YOUXIU = 4 };
enum { LI = 1, WANG = 2, ZHAO = 3, ZHANG = 4, CHEN = 5, ZHOU = 6, WU = 7 };

typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;
  char        *path;
  gint64       agent, checker, dispatcher;
  gint64       b1, b7;
} Fixture;

static inline gint64
scalar (Fixture    *f,
        const char *sql)
{
  return kefu_test_scalar (f->path, sql);
}

/* Through a connection of its own, as the set-up screens of another tool would. */
static inline void
exec (Fixture    *f,
      const char *sql)
{
  kefu_test_other_exec_script (f->path, sql);
}

static inline gint64
at (const char *local)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  int y, mo, d, h, mi;
  g_autoptr(GDateTime) dt = NULL;

  g_assert_cmpint (sscanf (local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), ==, 5);
  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

static inline void
now_is (Fixture    *f,
        const char *local)
{
  kefu_store_set_now (f->store, at (local));
}

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kefu_test_dir_setup (&f->dir, data);
  f->path = kefu_test_path (&f->dir, "kefu.db");
  f->store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  now_is (f, "2026-11-25 10:00");
  f->agent = kefu_desk_add_user (f->store, "chenjing", "陈静", "agent", NULL, &error);
  f->checker = kefu_desk_add_user (f->store, "liuyang", "刘洋", "agent", NULL, &error);
  f->dispatcher = kefu_desk_add_user (f->store, "huangwei", "黄伟", "dispatcher", NULL, &error);
  g_assert_no_error (error);
  exec (f,
        "INSERT INTO estates (id, name, created_at) VALUES (1, '测试花园', 0);"
        "INSERT INTO buildings (id, estate_id, name) VALUES (1, 1, '1栋'), (7, 1, '7栋');"
        "INSERT INTO teams (id, name, subtypes, is_contractor) VALUES "
        "  (1, '水电维修组', 'plumbing_electrical', 0), (2, '特种设备组', 'elevator,fire', 0),"
        "  (3, '通达电梯', 'elevator', 1), (4, '优修服务', 'plumbing_electrical', 1);"
        "INSERT INTO technicians (id, name, team_id, skills) VALUES "
        "  (1, '李师傅', 2, 'elevator'), (2, '王师傅', 2, 'elevator,fire'), (3, '赵师傅', 2, 'fire'),"
        "  (4, '张师傅', 1, 'plumbing_electrical'), (5, '陈师傅', 1, 'plumbing_electrical'),"
        "  (6, '周师傅', 3, 'elevator'), (7, '吴师傅', 4, 'plumbing_electrical');"
        "WITH RECURSIVE wd(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM wd WHERE n < 7) "
        "INSERT INTO shifts (technician_id, weekday, start_min, end_min) "
        "  SELECT technicians.id, n, 480, 1200 FROM technicians, wd;"
        "WITH RECURSIVE wd(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM wd WHERE n < 7) "
        "INSERT INTO shifts (technician_id, weekday, start_min, end_min) SELECT 6, n, 1200, 480 FROM wd;"
        "INSERT INTO technician_buildings VALUES (2, 7), (5, 1);");
  f->b1 = 1;
  f->b7 = 7;
  /* Out of the box automatic dispatch is on; most tests decide explicitly. */
  g_assert_true (kefu_dispatch_get_auto (f->store));
  kefu_store_set_actor (f->store, f->dispatcher);
  g_assert_true (kefu_dispatch_set_auto (f->store, FALSE, &error));
  g_assert_no_error (error);
  kefu_store_set_actor (f->store, f->agent);
}

static inline void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  kefu_test_dir_teardown (&f->dir, data);
}

#define DISPATCH_TEST(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

static inline void
act_as (Fixture *f,
        gint64   user)
{
  kefu_store_set_actor (f->store, user);
}

static inline gint64
log_ticket (Fixture    *f,
            const char *kind,
            const char *subtype,
            int         level,
            gint64      building,
            const char *area,
            const char *text)
{
  KefuTicketDraft d = { "phone", kind, subtype, level, building, 0, area, 0, "业主", "13800000000", text, 0 };
  g_autoptr(GError) error = NULL;
  gint64 saved = kefu_store_get_actor (f->store);
  gint64 id;

  act_as (f, f->agent);
  id = kefu_desk_create_ticket (f->store, &d, &error);
  act_as (f, saved);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static inline gint64
add_rule (Fixture    *f,
          const char *name,
          const char *kind,
          const char *subtype,
          gint64      team,
          int         from_min,
          int         to_min)
{
  KefuDispatchRule r = { 0, 0, (char *) name, (char *) kind, (char *) subtype, 0, 0, NULL, NULL,
                         from_min, to_min, team, NULL, TRUE };
  g_autoptr(GError) error = NULL;
  gint64 saved = kefu_store_get_actor (f->store);
  gint64 id;

  act_as (f, f->dispatcher);
  id = kefu_dispatch_add_rule (f->store, &r, &error);
  act_as (f, saved);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static inline KefuDispatchDecision *
decide (Fixture *f,
        gint64   ticket)
{
  g_autoptr(GError) error = NULL;
  KefuDispatchDecision *d = kefu_dispatch_decide (f->store, ticket, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

/* One text from a query, through a connection of its own. */
static inline char *
column (Fixture    *f,
        const char *format,
        ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return kefu_test_other_text (f->path, sql);
}

#define STATUS_OF(id) column (f, "SELECT status FROM tickets WHERE id = %" G_GINT64_FORMAT, id)
#define TECH_OF(id) scalar_fmt (f, "SELECT coalesce(technician_id, 0) FROM tickets WHERE id = %" G_GINT64_FORMAT, id)
#define LAST_BODY(id, kind) column (f, "SELECT body FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT \
                                       " AND kind = '" kind "' ORDER BY id DESC LIMIT 1", id)

static inline gint64
scalar_fmt (Fixture    *f,
            const char *format,
            ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return scalar (f, sql);
}

/* Shifts -------------------------------------------------------------------- */

static inline gboolean
on_shift (Fixture    *f,
          gint64      tech,
          const char *when)
{
  g_autoptr(GError) error = NULL;
  gboolean on = kefu_dispatch_is_on_shift (f->store, tech, at (when), &error);

  g_assert_no_error (error);
  return on;
}

/* The board's data ---------------------------------------------------------------- */

static inline KefuBoardLane *
lane (KefuBoard *board,
      gint64     tech)
{
  for (guint i = 0; i < board->lanes->len; i++)
    if (((KefuBoardLane *) board->lanes->pdata[i])->technician_id == tech)
      return board->lanes->pdata[i];
  g_assert_not_reached ();
}
