/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dispatch.c — automatic dispatch, the board's moves and data, contractor scores
 *
 * A small estate built by hand so every choice can be predicted: two
 * buildings, an own repair team and a special-equipment team, two
 * contractors; everyone works 08:00–20:00 every day and one contractor
 * also the night. "Now" is fixed: Wednesday 2026-11-25 in Shenzhen.
 */
#include "config.h"

#include <string.h>

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

static gint64
scalar (Fixture    *f,
        const char *sql)
{
  return kefu_test_scalar (f->path, sql);
}

/* Through a connection of its own, as the set-up screens of another tool would. */
static void
exec (Fixture    *f,
      const char *sql)
{
  kefu_test_other_exec_script (f->path, sql);
}

static gint64
at (const char *local)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  int y, mo, d, h, mi;
  g_autoptr(GDateTime) dt = NULL;

  g_assert_cmpint (sscanf (local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), ==, 5);
  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

static void
now_is (Fixture    *f,
        const char *local)
{
  kefu_store_set_now (f->store, at (local));
}

static void
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

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  kefu_test_dir_teardown (&f->dir, data);
}

#define DISPATCH_TEST(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

static void
act_as (Fixture *f,
        gint64   user)
{
  kefu_store_set_actor (f->store, user);
}

static gint64
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

static gint64
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

static KefuDispatchDecision *
decide (Fixture *f,
        gint64   ticket)
{
  g_autoptr(GError) error = NULL;
  KefuDispatchDecision *d = kefu_dispatch_decide (f->store, ticket, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

static char *column (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);
static gint64 scalar_fmt (Fixture *f, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* One text from a query, through a connection of its own. */
static char *
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

static gint64
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

/* Rules --------------------------------------------------------------------- */

static void
test_first_match_wins (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 elevator_rule = add_rule (f, "电梯", NULL, "elevator", SPECIAL, -1, -1);
  gint64 repair_rule = add_rule (f, "报修", "repair", NULL, PLUMBING, -1, -1);
  gint64 lift = log_ticket (f, "repair", "elevator", 3, f->b7, "电梯", "电梯按钮失灵");
  gint64 tap = log_ticket (f, "repair", "plumbing_electrical", 3, f->b1, "大堂", "大堂洗手间水龙头漏水");
  g_autoptr(GPtrArray) rules = NULL;

  {
    g_autoptr(KefuDispatchDecision) a = decide (f, lift);
    g_autoptr(KefuDispatchDecision) b = decide (f, tap);
    g_assert_cmpint (a->outcome, ==, KEFU_DISPATCH_ASSIGN);
    g_assert_cmpint (a->team_id, ==, SPECIAL);
    g_assert_cmpint (a->rule_id, ==, elevator_rule);
    g_assert_cmpint (a->rule_position, ==, 1);
    g_assert_cmpint (b->team_id, ==, PLUMBING);
    g_assert_cmpint (b->rule_position, ==, 2);
  }

  /* The catch-all moved first now takes the elevator too. */
  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_move_rule (f->store, repair_rule, 1, &error));
  g_assert_no_error (error);
  rules = kefu_dispatch_list_rules (f->store, &error);
  g_assert_cmpuint (rules->len, ==, 2);
  g_assert_cmpstr (((KefuDispatchRule *) rules->pdata[0])->name, ==, "报修");
  g_assert_cmpint (((KefuDispatchRule *) rules->pdata[0])->position, ==, 1);
  g_assert_cmpstr (((KefuDispatchRule *) rules->pdata[1])->name, ==, "电梯");
  g_assert_cmpint (((KefuDispatchRule *) rules->pdata[1])->position, ==, 2);
  {
    g_autoptr(KefuDispatchDecision) a = decide (f, lift);
    g_assert_cmpint (a->team_id, ==, PLUMBING);
    g_assert_cmpint (a->rule_id, ==, repair_rule);
  }

  /* A rule turned off is passed over; deleting one closes the gap. */
  g_assert_true (kefu_dispatch_set_rule_active (f->store, repair_rule, FALSE, &error));
  {
    g_autoptr(KefuDispatchDecision) a = decide (f, lift);
    g_assert_cmpint (a->team_id, ==, SPECIAL);
    g_assert_cmpint (a->rule_position, ==, 2);
  }
  g_assert_true (kefu_dispatch_delete_rule (f->store, repair_rule, &error));
  g_assert_no_error (error);
  g_clear_pointer (&rules, g_ptr_array_unref);
  rules = kefu_dispatch_list_rules (f->store, &error);
  g_assert_cmpuint (rules->len, ==, 1);
  g_assert_cmpint (((KefuDispatchRule *) rules->pdata[0])->position, ==, 1);
  {
    g_autoptr(KefuDispatchDecision) b = decide (f, tap);
    g_assert_cmpint (b->outcome, ==, KEFU_DISPATCH_NO_RULE);
    g_assert_cmpint (b->team_id, ==, 0);
  }

  /* Agents do not edit the rules. */
  act_as (f, f->agent);
  g_assert_false (kefu_dispatch_set_rule_active (f->store, elevator_rule, FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
}

static void
test_time_of_day (Fixture       *f,
                  gconstpointer  data)
{
  KefuDispatchRule night = { .name = (char *) "夜间", .from_min = 22 * 60, .to_min = 8 * 60, .active = TRUE };
  KefuDispatchRule day = { .name = (char *) "白天", .from_min = 8 * 60, .to_min = 18 * 60, .level = 2,
                           .building_id = 7, .channel = (char *) "phone", .active = TRUE };

  g_assert_true (kefu_dispatch_rule_matches (&night, "repair", NULL, 3, 1, "phone", 23 * 60));
  g_assert_true (kefu_dispatch_rule_matches (&night, "repair", NULL, 3, 1, "phone", 0));
  g_assert_true (kefu_dispatch_rule_matches (&night, "repair", NULL, 3, 1, "phone", 7 * 60 + 59));
  g_assert_false (kefu_dispatch_rule_matches (&night, "repair", NULL, 3, 1, "phone", 8 * 60));
  g_assert_false (kefu_dispatch_rule_matches (&night, "repair", NULL, 3, 1, "phone", 12 * 60));
  g_assert_true (kefu_dispatch_rule_matches (&day, "repair", NULL, 2, 7, "phone", 8 * 60));
  g_assert_true (kefu_dispatch_rule_matches (&day, "repair", NULL, 2, 7, "phone", 18 * 60 - 1));
  g_assert_false (kefu_dispatch_rule_matches (&day, "repair", NULL, 2, 7, "phone", 18 * 60));
  g_assert_false (kefu_dispatch_rule_matches (&day, "repair", NULL, 3, 7, "phone", 9 * 60));
  g_assert_false (kefu_dispatch_rule_matches (&day, "repair", NULL, 2, 1, "phone", 9 * 60));
  g_assert_false (kefu_dispatch_rule_matches (&day, "repair", NULL, 2, 7, "wechat", 9 * 60));

  /* At night the contractor's rule comes first; by day it does not match. */
  add_rule (f, "夜间电梯", NULL, "elevator", TONGDA, 20 * 60, 8 * 60);
  add_rule (f, "电梯", NULL, "elevator", SPECIAL, -1, -1);
  {
    gint64 lift = log_ticket (f, "repair", "elevator", 3, f->b1, "电梯", "电梯异响");
    g_autoptr(KefuDispatchDecision) by_day = decide (f, lift);
    g_autoptr(KefuDispatchDecision) by_night = NULL;

    g_assert_cmpint (by_day->team_id, ==, SPECIAL);
    g_assert_cmpint (by_day->rule_position, ==, 2);
    now_is (f, "2026-11-25 21:00");
    by_night = decide (f, lift);
    g_assert_cmpint (by_night->team_id, ==, TONGDA);
    g_assert_cmpint (by_night->technician_id, ==, ZHOU);
    g_assert_cmpint (by_night->rule_position, ==, 1);
  }
}

/* A job booked for later (预约时段) goes to whoever works then. */
static void
test_appointment_time (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 lift;

  add_rule (f, "夜间电梯", NULL, "elevator", TONGDA, 20 * 60, 8 * 60);
  add_rule (f, "电梯", NULL, "elevator", SPECIAL, -1, -1);
  exec (f, "INSERT INTO shift_exceptions (technician_id, date, kind, note) VALUES (1, '2026-11-26', 'leave', '调休');");
  now_is (f, "2026-11-25 21:00");
  lift = log_ticket (f, "repair", "elevator", 3, f->b1, "电梯", "电梯按钮失灵，业主约明早上门");
  {
    g_autoptr(KefuDispatchDecision) tonight = decide (f, lift);
    g_assert_cmpint (tonight->team_id, ==, TONGDA);
  }
  g_assert_true (kefu_dispatch_set_appointment (f->store, lift, at ("2026-11-26 10:00"), &error));
  g_assert_no_error (error);
  {
    g_autofree char *body = LAST_BODY (lift, "edit");
    g_autoptr(KefuDispatchDecision) booked = decide (f, lift);

    g_assert_cmpstr (body, ==, "Appointment with the owner: 2026-11-26 10:00");
    /* the day rule, and 王 since 李 is off that day */
    g_assert_cmpint (booked->team_id, ==, SPECIAL);
    g_assert_cmpint (booked->technician_id, ==, WANG);
    g_assert_true (g_str_has_suffix (booked->reason, "; for the appointment at 2026-11-26 10:00"));
  }
  g_assert_true (kefu_dispatch_set_appointment (f->store, lift, 0, &error));
  {
    g_autoptr(KefuDispatchDecision) tonight = decide (f, lift);
    g_assert_cmpint (tonight->team_id, ==, TONGDA);
  }
}

/* Shifts -------------------------------------------------------------------- */

static gboolean
on_shift (Fixture    *f,
          gint64      tech,
          const char *when)
{
  g_autoptr(GError) error = NULL;
  gboolean on = kefu_dispatch_is_on_shift (f->store, tech, at (when), &error);

  g_assert_no_error (error);
  return on;
}

static void
test_shifts_and_exceptions (Fixture       *f,
                            gconstpointer  data)
{
  exec (f, "INSERT INTO shift_exceptions (technician_id, date, kind, start_min, end_min, note) VALUES "
           "  (1, '2026-11-25', 'leave', NULL, NULL, '年假'),"
           "  (4, '2026-11-25', 'leave', 480, 720, '体检'),"
           "  (5, '2026-11-25', 'extra', 1200, 1380, '加班');");

  g_assert_true (on_shift (f, WANG, "2026-11-25 10:00"));
  g_assert_false (on_shift (f, WANG, "2026-11-25 21:00"));
  g_assert_false (on_shift (f, WANG, "2026-11-25 07:59"));
  /* leave for the day, and back the next */
  g_assert_false (on_shift (f, LI, "2026-11-25 10:00"));
  g_assert_true (on_shift (f, LI, "2026-11-26 10:00"));
  /* leave for the morning */
  g_assert_false (on_shift (f, ZHANG, "2026-11-25 10:00"));
  g_assert_true (on_shift (f, ZHANG, "2026-11-25 13:00"));
  /* an extra evening */
  g_assert_true (on_shift (f, CHEN, "2026-11-25 22:00"));
  g_assert_false (on_shift (f, CHEN, "2026-11-25 23:30"));
  g_assert_false (on_shift (f, CHEN, "2026-11-26 22:00"));
  /* a night shift runs past midnight into the next weekday */
  g_assert_true (on_shift (f, ZHOU, "2026-11-25 05:00"));
  g_assert_true (on_shift (f, ZHOU, "2026-11-25 23:00"));

  /* Whoever is on leave is not chosen. */
  add_rule (f, "电梯", NULL, "elevator", SPECIAL, -1, -1);
  {
    gint64 lift = log_ticket (f, "repair", "elevator", 3, f->b1, "电梯", "电梯门关不上");
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_assert_cmpint (d->technician_id, ==, WANG);
  }
}

static KefuTechnicianSchedule *
schedule_of (Fixture    *f,
             gint64      technician_id,
             const char *from_date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kefu_dispatch_list_schedules (f->store, from_date, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (((KefuTechnicianSchedule *) list->pdata[i])->id == technician_id)
      return g_ptr_array_steal_index (list, i);
  g_assert_not_reached ();
  return NULL;
}

/* The settings a dispatcher edits: a weekday off, a changed shift, a day of
 * leave that takes the technician off the rules' choice, phone and skills;
 * an agent may change none of it. */
static void
test_technician_settings (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTechnicianSchedule) before = NULL;
  g_autoptr(KefuTechnicianSchedule) after = NULL;
  gint64 leave, old;

  /* seen by team, own teams first */
  {
    g_autoptr(GPtrArray) list = kefu_dispatch_list_schedules (f->store, "2026-11-25", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 7);
    g_assert_cmpint (((KefuTechnicianSchedule *) list->pdata[0])->team_id, ==, PLUMBING);
    g_assert_cmpint (((KefuTechnicianSchedule *) list->pdata[6])->team_id, ==, YOUXIU);
  }
  before = schedule_of (f, ZHOU, "2026-11-25");
  g_assert_cmpint (before->shift_from[2], ==, 480);   /* Wednesday: the first of its two shifts */
  g_assert_cmpint (before->shift_to[2], ==, 1200);

  /* an agent may not */
  g_assert_false (kefu_dispatch_set_shift (f->store, LI, 3, -1, -1, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (kefu_dispatch_add_exception (f->store, LI, "2026-11-26", "leave", -1, -1, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM shift_exceptions"), ==, 0);

  act_as (f, f->dispatcher);
  /* 李师傅 off on Thursdays; 王师傅 on Thursdays from 12:00 to 22:00 */
  g_assert_true (kefu_dispatch_set_shift (f->store, LI, 4, -1, -1, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_dispatch_set_shift (f->store, WANG, 4, 720, 1320, &error));
  g_assert_no_error (error);
  g_assert_false (on_shift (f, LI, "2026-11-26 10:00"));
  g_assert_true (on_shift (f, LI, "2026-11-25 10:00"));
  g_assert_false (on_shift (f, WANG, "2026-11-26 10:00"));
  g_assert_true (on_shift (f, WANG, "2026-11-26 21:00"));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM shifts WHERE technician_id = 2 AND weekday = 4"), ==, 1);
  /* a start equal to the end is refused and changes nothing */
  g_assert_false (kefu_dispatch_set_shift (f->store, WANG, 4, 600, 600, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT start_min FROM shifts WHERE technician_id = 2 AND weekday = 4"), ==, 720);

  /* a day of leave: 王师傅 is not chosen that day; an afternoon of leave for 李师傅 */
  leave = kefu_dispatch_add_exception (f->store, WANG, "2026-11-25", "leave", -1, -1, " 年假 ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (leave, >, 0);
  g_assert_cmpint (kefu_dispatch_add_exception (f->store, LI, "2026-12-01", "leave", 780, 1080, NULL, &error), >, 0);
  g_assert_no_error (error);
  old = kefu_dispatch_add_exception (f->store, LI, "2026-11-20", "extra", 1200, 1320, NULL, &error);
  g_assert_cmpint (old, >, 0);
  g_assert_false (on_shift (f, WANG, "2026-11-25 10:00"));
  /* a bad date or an end before the start is refused */
  g_assert_cmpint (kefu_dispatch_add_exception (f->store, LI, "2026-02-30", "leave", -1, -1, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_dispatch_add_exception (f->store, LI, "2026-12-02", "leave", 900, 600, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  after = schedule_of (f, LI, "2026-11-25");
  g_assert_cmpint (after->shift_from[3], ==, -1);
  g_assert_cmpuint (after->exceptions->len, ==, 1);      /* the past extra shift is not listed */
  {
    KefuShiftException *x = after->exceptions->pdata[0];
    g_assert_cmpstr (x->date, ==, "2026-12-01");
    g_assert_cmpstr (x->kind, ==, "leave");
    g_assert_cmpint (x->from_min, ==, 780);
    g_assert_cmpint (x->to_min, ==, 1080);
  }
  g_clear_pointer (&after, kefu_technician_schedule_free);
  after = schedule_of (f, WANG, "2026-11-25");
  g_assert_cmpuint (after->exceptions->len, ==, 1);
  g_assert_cmpint (((KefuShiftException *) after->exceptions->pdata[0])->from_min, ==, -1);
  g_assert_cmpstr (((KefuShiftException *) after->exceptions->pdata[0])->note, ==, "年假");

  /* removed, 王师傅 is back on shift */
  g_assert_true (kefu_dispatch_remove_exception (f->store, leave, &error));
  g_assert_no_error (error);
  g_assert_true (on_shift (f, WANG, "2026-11-25 10:00"));
  g_assert_false (kefu_dispatch_remove_exception (f->store, leave, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* phone and skills; an unknown skill is refused */
  g_assert_true (kefu_dispatch_update_technician (f->store, ZHAO, " 13800138000 ", "fire, elevator", &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM technicians WHERE id = 3 AND phone = '13800138000' "
                              "AND skills = 'fire,elevator'"), ==, 1);
  g_assert_false (kefu_dispatch_update_technician (f->store, ZHAO, "", "电梯", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM technicians WHERE id = 3 AND skills = 'fire,elevator'"), ==, 1);
}

/* On shift; then skill, area, fewest open jobs, lowest id. */
static void
test_choice_order (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add_rule (f, "特种设备", "repair", NULL, SPECIAL, -1, -1);
  {
    /* 王 and 赵 both know fire equipment; neither covers 1栋; equal jobs: the lower id */
    gint64 fire = log_ticket (f, "repair", "fire", 3, f->b1, "消防通道", "消防栓漏水");
    g_autoptr(KefuDispatchDecision) d = decide (f, fire);
    g_assert_cmpint (d->technician_id, ==, WANG);
  }
  /* 王 gets two jobs: now 赵 has fewer. */
  act_as (f, f->dispatcher);
  for (int i = 0; i < 2; i++)
    {
      gint64 job = log_ticket (f, "repair", "elevator", 3, f->b1, "电梯", "电梯显示屏不亮");
      g_assert_true (kefu_desk_dispatch (f->store, job, SPECIAL, WANG, NULL, &error));
      g_assert_no_error (error);
    }
  {
    gint64 fire = log_ticket (f, "repair", "fire", 3, f->b1, "消防通道", "烟感误报");
    g_autoptr(KefuDispatchDecision) d = decide (f, fire);
    g_assert_cmpint (d->technician_id, ==, ZHAO);
    g_assert_cmpuint (d->open_jobs, ==, 0);
  }
  {
    /* an elevator in 7栋: 王 covers it, which counts before his two jobs */
    gint64 lift = log_ticket (f, "repair", "elevator", 3, f->b7, "电梯", "电梯异响");
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_assert_cmpint (d->technician_id, ==, WANG);
    g_assert_cmpuint (d->open_jobs, ==, 2);
  }
  {
    /* an elevator in 1栋: 李 and 王 have the skill, no one the area: fewer jobs wins */
    gint64 lift = log_ticket (f, "repair", "elevator", 3, f->b1, "电梯", "电梯异响");
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_assert_cmpint (d->technician_id, ==, LI);
  }
  /* Skill counts before area: 李 covers 1栋 but does not know fire equipment. */
  exec (f, "INSERT INTO technician_buildings VALUES (1, 1);");
  {
    gint64 fire = log_ticket (f, "repair", "fire", 3, f->b1, "消防通道", "灭火器过期");
    g_autoptr(KefuDispatchDecision) d = decide (f, fire);
    g_assert_cmpint (d->technician_id, ==, ZHAO);
  }
}

static void
test_suspended_contractor_skipped (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 lift;

  exec (f, "UPDATE teams SET suspended = 1, suspended_reason = '2026-10 评分 72：返工率 18%' WHERE id = 3;");
  add_rule (f, "电梯（外包）", NULL, "elevator", TONGDA, -1, -1);
  add_rule (f, "电梯", NULL, "elevator", SPECIAL, -1, -1);
  lift = log_ticket (f, "repair", "elevator", 3, f->b1, "电梯", "电梯异响");
  {
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_assert_cmpint (d->outcome, ==, KEFU_DISPATCH_ASSIGN);
    g_assert_cmpint (d->team_id, ==, SPECIAL);
    g_assert_cmpint (d->rule_position, ==, 2);
    g_assert_true (g_str_has_prefix (d->reason, "Rule 1: 通达电梯 is suspended (2026-10 评分 72：返工率 18%); Rule 2: 电梯 → 特种设备组; "));
  }
  /* Re-enabled, the contractor takes it again; only a dispatcher may. */
  g_assert_false (kefu_dispatch_reinstate_team (f->store, TONGDA, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_reinstate_team (f->store, TONGDA, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT suspended FROM teams WHERE id = 3"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'reinstate_team' AND subject_id = 3"), ==, 1);
  {
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_assert_cmpint (d->team_id, ==, TONGDA);
    g_assert_cmpint (d->technician_id, ==, ZHOU);
  }
  g_assert_false (kefu_dispatch_reinstate_team (f->store, TONGDA, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
}

/* The queue --------------------------------------------------------------------- */

static void
test_urgent_first (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dry = NULL;
  g_autoptr(GPtrArray) applied = NULL;
  gint64 a, b, c, d;

  add_rule (f, "报修", "repair", NULL, PLUMBING, -1, -1);
  now_is (f, "2026-11-25 09:00");
  a = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "大堂", "大堂灯不亮");
  now_is (f, "2026-11-25 09:10");
  b = log_ticket (f, "repair", "plumbing_electrical", 2, f->b7, "地下车库", "地下车库大面积停电");
  act_as (f, f->checker);
  g_assert_true (kefu_desk_verify (f->store, b, &error));
  g_assert_no_error (error);
  now_is (f, "2026-11-25 09:20");
  c = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "楼道", "楼道插座没电");
  now_is (f, "2026-11-25 09:30");
  d = log_ticket (f, "repair", "plumbing_electrical", 1, f->b7, "配电房", "配电箱冒烟");
  now_is (f, "2026-11-25 10:00");

  act_as (f, f->dispatcher);
  dry = kefu_dispatch_run (f->store, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dry->len, ==, 4);
#define DEC(arr, i) ((KefuDispatchDecision *) (arr)->pdata[i])
  /* levels 1 and 2 first, then the oldest */
  g_assert_cmpint (DEC (dry, 0)->ticket_id, ==, d);
  g_assert_cmpint (DEC (dry, 1)->ticket_id, ==, b);
  g_assert_cmpint (DEC (dry, 2)->ticket_id, ==, a);
  g_assert_cmpint (DEC (dry, 3)->ticket_id, ==, c);
  /* level 1 without its second check is decided but waits */
  g_assert_cmpint (DEC (dry, 0)->outcome, ==, KEFU_DISPATCH_AWAITING_CHECK);
  g_assert_nonnull (strstr (DEC (dry, 0)->reason, "second person"));
  /* each decision counts the jobs given before it */
  g_assert_cmpint (DEC (dry, 1)->technician_id, ==, ZHANG);
  g_assert_cmpint (DEC (dry, 2)->technician_id, ==, CHEN);
  g_assert_cmpint (DEC (dry, 3)->technician_id, ==, ZHANG);
  g_assert_cmpuint (DEC (dry, 3)->open_jobs, ==, 1);
  /* a dry run writes nothing */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets WHERE status = 'new'"), ==, 4);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM ticket_events WHERE kind = 'assign'"), ==, 0);

  /* agents do not run the queue */
  act_as (f, f->agent);
  g_assert_null (kefu_dispatch_run (f->store, 0, TRUE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  act_as (f, f->dispatcher);
  applied = kefu_dispatch_run (f->store, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_false (DEC (applied, 0)->applied);
  g_assert_true (DEC (applied, 1)->applied);
  g_assert_cmpint (TECH_OF (b), ==, ZHANG);
  g_assert_cmpint (TECH_OF (a), ==, CHEN);
  g_assert_cmpint (TECH_OF (c), ==, ZHANG);
  {
    g_autofree char *sd = STATUS_OF (d);
    g_autofree char *sb = STATUS_OF (b);
    g_autofree char *body = LAST_BODY (a, "assign");
    g_assert_cmpstr (sd, ==, "new");
    g_assert_cmpstr (sb, ==, "dispatched");
    g_assert_nonnull (strstr (body, DEC (applied, 2)->reason));
  }
#undef DEC
}

static void
test_explanations (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *expected = g_strdup_printf ("Rule 1: 电梯 → 特种设备组; 王师傅: on shift, skilled in %s, covers 7栋, 0 open jobs",
                                               kefu_code_label (KEFU_CODES_SUBTYPE, "elevator"));
  gint64 lift, fee;

  add_rule (f, "电梯", NULL, "elevator", SPECIAL, -1, -1);
  lift = log_ticket (f, "repair", "elevator", 3, f->b7, "电梯", "电梯异响");
  fee = log_ticket (f, "inquiry", "fees", 3, f->b7, "大堂", "物业费怎么交");
  {
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_autoptr(KefuDispatchDecision) none = decide (f, fee);
    g_assert_cmpstr (d->reason, ==, expected);
    g_assert_cmpstr (d->team_name, ==, "特种设备组");
    g_assert_cmpstr (d->technician_name, ==, "王师傅");
    g_assert_cmpint (none->outcome, ==, KEFU_DISPATCH_NO_RULE);
    g_assert_true (g_str_has_prefix (none->reason, "No dispatch rule matches"));
  }
  now_is (f, "2026-11-25 21:00");
  {
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_assert_cmpint (d->outcome, ==, KEFU_DISPATCH_NO_TECHNICIAN);
    g_assert_cmpstr (d->reason, ==, "Rule 1: nobody of 特种设备组 is on shift; left unassigned");
  }
}

/* Automatic dispatch at intake ---------------------------------------------------- */

static void
test_auto_on_intake (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 on, off;

  add_rule (f, "水电", "repair", "plumbing_electrical", PLUMBING, -1, -1);
  g_assert_false (kefu_dispatch_set_auto (f->store, TRUE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_set_auto (f->store, TRUE, &error));
  g_assert_true (kefu_dispatch_get_auto (f->store));

  on = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "大堂", "大堂灯不亮");
  {
    g_autofree char *status = STATUS_OF (on);
    g_autofree char *body = LAST_BODY (on, "assign");
    g_assert_cmpstr (status, ==, "dispatched");
    g_assert_cmpint (TECH_OF (on), ==, ZHANG);
    g_assert_nonnull (strstr (body, "Rule 1: 水电 → 水电维修组; 张师傅: on shift"));
  }

  g_assert_true (kefu_dispatch_set_auto (f->store, FALSE, &error));
  off = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "大堂", "大堂插座没电");
  {
    g_autofree char *status = STATUS_OF (off);
    g_assert_cmpstr (status, ==, "new");
    g_assert_cmpint (scalar_fmt (f, "SELECT count(*) FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT
                                    " AND kind = 'assign'", off), ==, 0);
  }
}

static void
problem_cb (KefuStore  *store,
            const char *source,
            const char *message,
            GPtrArray  *told)
{
  g_ptr_array_add (told, g_strdup_printf ("%s: %s", source, message));
}

/* An automatic dispatch that fails leaves the ticket standing, waiting in
 * the queue, and tells whoever is at the desk (KefuStore::problem, which
 * the window shows), not only the log. */
static void
test_auto_failure_reported (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) told = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KefuTicket) ticket = NULL;
  gint64 id;

  add_rule (f, "水电", "repair", "plumbing_electrical", PLUMBING, -1, -1);
  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_set_auto (f->store, TRUE, &error));
  exec (f, "CREATE TRIGGER refuse_assignment BEFORE UPDATE OF team_id ON tickets "
           "BEGIN SELECT RAISE (ABORT, 'assignments are refused by the test'); END");
  g_signal_connect (f->store, "problem", G_CALLBACK (problem_cb), told);

  id = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "大堂", "大堂灯不亮");
  ticket = kefu_desk_get_ticket (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kefu_ticket_get_status (ticket), ==, "new");
  g_assert_cmpuint (told->len, ==, 1);
  g_assert_true (g_str_has_prefix (told->pdata[0], "dispatch: "));
  g_assert_nonnull (strstr (told->pdata[0], kefu_ticket_get_number (ticket)));
  g_assert_nonnull (strstr (told->pdata[0], "assignments are refused by the test"));
  g_signal_handlers_disconnect_by_func (f->store, problem_cb, told);
}

/* An import is history, not intake: its tickets keep the file's status and
 * assignment; the unassigned ones wait in the queue for the rules. */
static void
test_imports_keep_their_assignment (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = kefu_test_path (&f->dir, "history.csv");
  g_autoptr(KefuImportReport) report = NULL;
  g_autoptr(GPtrArray) queue = NULL;
  KefuImportOptions options = { KEFU_IMPORT_ENCODING_AUTO, FALSE, FALSE };

  add_rule (f, "水电", "repair", "plumbing_electrical", PLUMBING, -1, -1);
  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_set_auto (f->store, TRUE, &error));
  g_assert_true (g_file_set_contents (csv,
      "number,created_at,channel,kind,subtype,level,building,location,description,status,team,technician\n"
      "GD202611250001,2026-11-25 09:30,phone,repair,plumbing_electrical,3,7栋,7栋 大堂,大堂灯不亮,new,,\n"
      "GD202611250002,2026-11-25 09:40,phone,repair,plumbing_electrical,3,7栋,7栋 车库,车库灯不亮,dispatched,水电维修组,张师傅\n",
      -1, &error));
  report = kefu_import_tickets (f->store, csv, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_import_report_get_outcome (report), ==, KEFU_IMPORT_OUTCOME_IMPORTED);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, 2);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets WHERE number = 'GD202611250001' AND status = 'new' "
                              "AND technician_id IS NULL"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT technician_id FROM tickets WHERE number = 'GD202611250002'"), ==, ZHANG);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM ticket_events WHERE kind = 'assign'"), ==, 0);

  queue = kefu_dispatch_run (f->store, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queue->len, ==, 1);
  g_assert_cmpstr (((KefuDispatchDecision *) queue->pdata[0])->number, ==, "GD202611250001");
  /* the imported job counts: 张 has one, so 陈 gets it */
  g_assert_cmpint (scalar (f, "SELECT technician_id FROM tickets WHERE number = 'GD202611250001'"), ==, CHEN);
}

/* The "done when": an elevator entrapment lands on the on-shift
 * special-equipment technician by itself, with the reason written down. */
static void
test_entrapment_lands_by_itself (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  add_rule (f, "消防", NULL, "fire", SPECIAL, -1, -1);
  add_rule (f, "水电", "repair", "plumbing_electrical", PLUMBING, -1, -1);
  add_rule (f, "电梯", NULL, "elevator", SPECIAL, -1, -1);
  exec (f, "INSERT INTO shift_exceptions (technician_id, date, kind, note) VALUES (1, '2026-11-25', 'leave', '年假');");
  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_set_auto (f->store, TRUE, &error));

  now_is (f, "2026-11-25 10:02");
  id = log_ticket (f, "repair", "elevator", 2, f->b1, "电梯", "电梯困人，有老人被困");
  {
    /* level 2: the second person checks the five facts first */
    g_autofree char *status = STATUS_OF (id);
    g_assert_cmpstr (status, ==, "new");
  }
  now_is (f, "2026-11-25 10:03");
  act_as (f, f->checker);
  g_assert_true (kefu_desk_verify (f->store, id, &error));
  g_assert_no_error (error);
  {
    g_autofree char *status = STATUS_OF (id);
    g_autofree char *body = LAST_BODY (id, "assign");
    g_autofree char *expected = g_strdup_printf ("Rule 3: 电梯 → 特种设备组; 王师傅: on shift, skilled in %s, 0 open jobs",
                                                 kefu_code_label (KEFU_CODES_SUBTYPE, "elevator"));
    g_assert_cmpstr (status, ==, "dispatched");
    g_assert_cmpint (scalar_fmt (f, "SELECT team_id FROM tickets WHERE id = %" G_GINT64_FORMAT, id), ==, SPECIAL);
    g_assert_cmpint (TECH_OF (id), ==, WANG);   /* 李 is on leave */
    g_assert_nonnull (strstr (body, expected));
    g_assert_cmpint (scalar_fmt (f, "SELECT dispatched_at FROM tickets WHERE id = %" G_GINT64_FORMAT, id), ==,
                     at ("2026-11-25 10:03"));
  }
}

/* The manual Dispatch dialog's list: each technician of the team with
 * their state at that moment and their open jobs, those on shift first;
 * one at a job after hours is on site but not on shift (the board's
 * "on shift" count counts them out). */
static void
test_team_members_states (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) day = NULL;
  g_autoptr(GPtrArray) night = NULL;
  g_autoptr(KefuBoard) board = NULL;
  gint64 job;

  /* 李 is at a job; 赵 is on leave today */
  job = log_ticket (f, "repair", "elevator", 3, f->b1, "电梯", "电梯按钮失灵");
  act_as (f, f->dispatcher);
  g_assert_true (kefu_desk_dispatch (f->store, job, SPECIAL, LI, NULL, &error));
  g_assert_true (kefu_dispatch_report (f->store, job, "accepted", &error));
  g_assert_true (kefu_dispatch_report (f->store, job, "on_site", &error));
  g_assert_no_error (error);
  exec (f, "INSERT INTO shift_exceptions (technician_id, date, kind, note) VALUES (3, '2026-11-25', 'leave', '年假');");

  day = kefu_dispatch_list_team_members (f->store, SPECIAL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (day->len, ==, 3);
  {
    KefuTeamMember *wang = day->pdata[0], *li = day->pdata[1], *zhao = day->pdata[2];
    g_autofree char *wang_line = kefu_team_member_describe (wang);
    g_autofree char *li_line = kefu_team_member_describe (li);
    g_autofree char *zhao_line = kefu_team_member_describe (zhao);

    /* on shift, fewest open jobs first; the one on leave last */
    g_assert_cmpint (wang->id, ==, WANG);
    g_assert_true (wang->on_shift);
    g_assert_cmpint (wang->status, ==, KEFU_TECHNICIAN_ON_SHIFT);
    g_assert_cmpuint (wang->open_jobs, ==, 0);
    g_assert_cmpint (li->id, ==, LI);
    g_assert_cmpint (li->status, ==, KEFU_TECHNICIAN_ON_SITE);
    g_assert_true (li->on_shift);
    g_assert_cmpuint (li->open_jobs, ==, 1);
    g_assert_cmpint (zhao->id, ==, ZHAO);
    g_assert_false (zhao->on_shift);
    g_assert_cmpint (zhao->status, ==, KEFU_TECHNICIAN_OFF);
    g_assert_cmpstr (wang_line, ==, "王师傅 · On shift · 0 open jobs");
    g_assert_cmpstr (li_line, ==, "李师傅 · On site, on shift · 1 open job");
    g_assert_cmpstr (zhao_line, ==, "赵师傅 · Off · 0 open jobs");
  }

  /* 21:00: everyone's day is over; 李 is still at the job */
  night = kefu_dispatch_list_team_members (f->store, SPECIAL, at ("2026-11-25 21:00"), &error);
  g_assert_no_error (error);
  {
    KefuTeamMember *li = NULL;
    g_autofree char *line = NULL;

    for (guint i = 0; i < night->len; i++)
      {
        KefuTeamMember *m = night->pdata[i];
        g_assert_false (m->on_shift);
        if (m->id == LI)
          li = m;
      }
    g_assert_nonnull (li);
    line = kefu_team_member_describe (li);
    g_assert_cmpstr (line, ==, "李师傅 · On site, off shift · 1 open job");
  }
  board = kefu_dispatch_load_board (f->store, at ("2026-11-25 21:00"), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < board->lanes->len; i++)
    {
      KefuBoardLane *lane = board->lanes->pdata[i];
      /* only the contractor's night man works at 21:00 */
      g_assert_cmpint (lane->on_shift, ==, lane->technician_id == ZHOU);
      if (lane->technician_id == LI)
        g_assert_cmpint (lane->status, ==, KEFU_TECHNICIAN_ON_SITE);
    }
}

static void
notice_cb (KefuStore  *store,
           const char *source,
           const char *message,
           gint64      ticket_id,
           GPtrArray  *told)
{
  g_ptr_array_add (told, g_strdup_printf ("%s: %" G_GINT64_FORMAT ": %s", source, ticket_id, message));
}

/* Automatic dispatch that leaves a ticket unassigned says why, in the
 * ticket's timeline and to the desk (KefuStore::notice, the window's
 * toast); a run of the rules says it again only when the reason changes. */
static void
test_unassigned_reason_told (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) told = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autofree char *number = NULL;
  g_autofree char *expected = NULL;
  gint64 id;

  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_set_auto (f->store, TRUE, &error));
  g_signal_connect (f->store, "notice", G_CALLBACK (notice_cb), told);

  id = log_ticket (f, "repair", "elevator", 3, f->b1, "电梯", "电梯按钮失灵");
  number = column (f, "SELECT number FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
  {
    g_autofree char *status = STATUS_OF (id);
    g_autofree char *note = column (f, "SELECT body FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT
                                       " AND kind = 'note' AND user_id IS NULL", id);

    g_assert_cmpstr (status, ==, "new");
    g_assert_nonnull (note);
    g_assert_true (g_str_has_prefix (note, "Automatic dispatch: No dispatch rule matches ("));
    g_assert_true (g_str_has_suffix (note, "level 3); left unassigned"));
  }
  g_assert_cmpuint (told->len, ==, 1);
  expected = g_strdup_printf ("dispatch: %" G_GINT64_FORMAT ": %s is not dispatched: No dispatch rule matches", id, number);
  g_assert_true (g_str_has_prefix (told->pdata[0], expected));

  /* an inquiry no rule sends out is the desk's own: in its timeline, no toast */
  {
    gint64 inquiry = log_ticket (f, "inquiry", "fees", 3, f->b1, "大堂", "物业费怎么缴纳");
    g_autofree char *note = LAST_BODY (inquiry, "note");

    g_assert_nonnull (note);
    g_assert_true (g_str_has_prefix (note, "Automatic dispatch: No dispatch rule matches"));
    g_assert_cmpuint (told->len, ==, 1);
  }

  /* the rules run again: the same reason is not written twice */
  first = kefu_dispatch_run (f->store, 0, TRUE, &error);
  g_assert_no_error (error);
  again = kefu_dispatch_run (f->store, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (scalar_fmt (f, "SELECT count(*) FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT
                                  " AND kind = 'note' AND user_id IS NULL", id), ==, 1);

  /* a rule now, but at 22:00 nobody of the team works: a new reason */
  add_rule (f, "电梯", NULL, "elevator", SPECIAL, -1, -1);
  later = kefu_dispatch_run (f->store, at ("2026-11-25 22:00"), TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < later->len; i++)
    if (((KefuDispatchDecision *) later->pdata[i])->ticket_id == id)
      g_assert_cmpint (((KefuDispatchDecision *) later->pdata[i])->outcome, ==, KEFU_DISPATCH_NO_TECHNICIAN);
  {
    g_autofree char *note = LAST_BODY (id, "note");
    g_assert_cmpstr (note, ==, "Automatic dispatch: Rule 1: nobody of 特种设备组 is on shift; left unassigned");
  }
  g_assert_cmpint (scalar_fmt (f, "SELECT count(*) FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT
                                  " AND kind = 'note' AND user_id IS NULL", id), ==, 2);
  g_signal_handlers_disconnect_by_func (f->store, notice_cb, told);
}

/* The board's technician search: names as written, in pinyin or initials,
 * any case, with or without spaces; the team's too. */
static void
test_search_pinyin (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *hay = kefu_dispatch_search_text ("李建国", "特种设备组");

  g_assert_true (kefu_dispatch_search_matches (hay, ""));
  g_assert_true (kefu_dispatch_search_matches (hay, "李"));
  g_assert_true (kefu_dispatch_search_matches (hay, "特种"));
  g_assert_true (kefu_dispatch_search_matches (hay, "lijianguo"));
  g_assert_true (kefu_dispatch_search_matches (hay, "Li Jian"));
  g_assert_true (kefu_dispatch_search_matches (hay, "ljg"));
  g_assert_true (kefu_dispatch_search_matches (hay, "tezhong"));
  g_assert_false (kefu_dispatch_search_matches (hay, "wang"));
  g_assert_false (kefu_dispatch_search_matches (hay, "王"));
  g_assert_false (kefu_dispatch_search_matches (NULL, "li"));
}

/* The sample center has night and weekend cover: an entrapment reported
 * at 03:00 on a Sunday is dispatched (to whoever is on call), not left
 * waiting for Monday. */
static void
test_demo_sunday_night_entrapment (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "demo.db");
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  gint64 sunday = at ("2026-11-29 03:00");
  KefuDemoOptions options = { 60, 7, sunday, NULL };
  g_autoptr(KefuUser) agent = NULL;
  g_autoptr(KefuUser) checker = NULL;
  gint64 building, id;
  KefuTicketDraft draft = { "phone", "repair", "elevator", 1, 0, 0, "电梯", 0, "业主", "13800000000",
                            "电梯困人！有老人被困在电梯里", 0 };

  g_assert_no_error (error);
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (sunday);
    g_assert_cmpint (g_date_time_get_day_of_week (dt), ==, 7);
  }
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  kefu_store_set_now (store, sunday);
  g_assert_true (kefu_dispatch_get_auto (store));
  agent = kefu_desk_find_user (store, "chenjing", &error);
  checker = kefu_desk_find_user (store, "liuyang", &error);
  g_assert_no_error (error);
  building = kefu_test_scalar (path, "SELECT min(id) FROM buildings");
  draft.building_id = building;

  kefu_store_set_actor (store, kefu_user_get_id (agent));
  id = kefu_desk_create_ticket (store, &draft, &error);
  g_assert_no_error (error);
  kefu_store_set_actor (store, kefu_user_get_id (checker));
  g_assert_true (kefu_desk_verify (store, id, &error));
  g_assert_no_error (error);
  {
    g_autoptr(KefuTicket) t = kefu_desk_get_ticket (store, id, &error);
    g_autofree char *sql = g_strdup_printf ("SELECT technician_id FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
    gint64 tech;

    g_assert_no_error (error);
    g_assert_cmpstr (kefu_ticket_get_status (t), ==, "dispatched");
    tech = kefu_test_scalar (path, sql);
    g_assert_cmpint (tech, >, 0);
    g_assert_true (kefu_dispatch_is_on_shift (store, tech, sunday, &error));
  }
}

/* The board's moves ------------------------------------------------------------- */

static void
test_reassign_and_undo (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "大堂", "大堂灯不亮");
  gint64 undone = 0;

  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_assign (f->store, id, ZHANG, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (TECH_OF (id), ==, ZHANG);
  {
    g_autofree char *body = LAST_BODY (id, "assign");
    g_assert_cmpstr (body, ==, "水电维修组 · 张师傅 — Assigned on the dispatch board");
  }
  /* reassigned (改派) to someone of another team */
  g_assert_true (kefu_dispatch_assign (f->store, id, WU, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (TECH_OF (id), ==, WU);
  g_assert_cmpint (scalar_fmt (f, "SELECT team_id FROM tickets WHERE id = %" G_GINT64_FORMAT, id), ==, YOUXIU);
  {
    g_autofree char *body = LAST_BODY (id, "assign");
    g_assert_cmpstr (body, ==, "优修服务 · 吴师傅 — Reassigned from 张师傅");
  }

  /* Undo: back to 张, with an event of its own. */
  g_assert_true (kefu_dispatch_undo (f->store, &undone, &error));
  g_assert_no_error (error);
  g_assert_cmpint (undone, ==, id);
  g_assert_cmpint (TECH_OF (id), ==, ZHANG);
  g_assert_cmpint (scalar_fmt (f, "SELECT team_id FROM tickets WHERE id = %" G_GINT64_FORMAT, id), ==, PLUMBING);
  {
    g_autofree char *body = LAST_BODY (id, "assign");
    g_assert_cmpstr (body, ==, "Undone: back to 水电维修组 · 张师傅");
  }
  /* Undo again: back in the queue, as new. */
  g_assert_true (kefu_dispatch_undo (f->store, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *status = STATUS_OF (id);
    g_autofree char *body = LAST_BODY (id, "assign");
    g_assert_cmpstr (status, ==, "new");
    g_assert_cmpstr (body, ==, "Undone: back to the unassigned queue");
  }
  g_assert_cmpint (TECH_OF (id), ==, 0);
  g_assert_cmpint (scalar_fmt (f, "SELECT dispatched_at IS NULL FROM tickets WHERE id = %" G_GINT64_FORMAT, id), ==, 1);
  g_assert_cmpint (scalar_fmt (f, "SELECT count(*) FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT
                                  " AND kind = 'status' AND from_status = 'dispatched' AND to_status = 'new'", id), ==, 1);
  g_assert_false (kefu_dispatch_undo (f->store, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A move the technician has acted on since is not undone. */
  g_assert_true (kefu_dispatch_assign (f->store, id, CHEN, 0, &error));
  g_assert_true (kefu_dispatch_report (f->store, id, "accepted", &error));
  g_assert_no_error (error);
  {
    g_autofree char *body = column (f, "SELECT body FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT
                                       " AND kind = 'status' ORDER BY id DESC LIMIT 1", id);
    g_assert_cmpstr (body, ==, "Reported by phone by 陈师傅");
  }
  g_assert_false (kefu_dispatch_undo (f->store, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autofree char *status = STATUS_OF (id);
    g_assert_cmpstr (status, ==, "accepted");
  }
  /* Another user has nothing of theirs to undo. */
  act_as (f, f->agent);
  g_assert_false (kefu_dispatch_undo (f->store, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* The technician's report only takes the steps they phone in. */
  g_assert_false (kefu_dispatch_report (f->store, id, "closed", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
}

static GArray *
lane_of (Fixture *f,
         gint64   tech)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuBoard) board = kefu_dispatch_load_board (f->store, 0, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  for (guint i = 0; i < board->cards->len; i++)
    {
      KefuBoardCard *c = board->cards->pdata[i];
      if (c->technician_id == tech)
        {
          g_assert_cmpint (c->position, ==, (int) ids->len + 1);
          g_array_append_val (ids, c->ticket_id);
        }
    }
  return ids;
}

#define ASSERT_LANE(tech, ...) \
  G_STMT_START { \
    gint64 want[] = { __VA_ARGS__ }; \
    g_autoptr(GArray) got = lane_of (f, tech); \
    g_assert_cmpuint (got->len, ==, G_N_ELEMENTS (want)); \
    for (guint k = 0; k < G_N_ELEMENTS (want); k++) \
      g_assert_cmpint (g_array_index (got, gint64, k), ==, want[k]); \
  } G_STMT_END

static void
test_reorder_and_undo (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 a = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "大堂", "大堂灯不亮");
  gint64 b = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "楼道", "楼道灯不亮");
  gint64 c = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "车库", "车库灯不亮");
  gint64 d = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "天台", "天台水箱漏水");

  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_assign (f->store, a, ZHANG, 0, &error));
  g_assert_true (kefu_dispatch_assign (f->store, b, ZHANG, 0, &error));
  g_assert_true (kefu_dispatch_assign (f->store, c, ZHANG, 0, &error));
  g_assert_no_error (error);
  ASSERT_LANE (ZHANG, a, b, c);

  g_assert_true (kefu_dispatch_reorder (f->store, c, 1, &error));
  g_assert_no_error (error);
  ASSERT_LANE (ZHANG, c, a, b);
  {
    g_autofree char *body = LAST_BODY (c, "edit");
    g_assert_cmpstr (body, ==, "Moved to place 1 of 3 in 张师傅’s lane");
  }
  g_assert_true (kefu_dispatch_undo (f->store, NULL, &error));
  g_assert_no_error (error);
  ASSERT_LANE (ZHANG, a, b, c);
  {
    g_autofree char *body = LAST_BODY (c, "edit");
    g_assert_cmpstr (body, ==, "Undone: the lane’s order is restored");
  }

  /* A new job dropped between two cards. */
  g_assert_true (kefu_dispatch_assign (f->store, d, ZHANG, 2, &error));
  g_assert_no_error (error);
  ASSERT_LANE (ZHANG, a, d, b, c);
  /* Dropping a card on its own lane is a reorder. */
  g_assert_true (kefu_dispatch_assign (f->store, a, ZHANG, 0, &error));
  ASSERT_LANE (ZHANG, d, b, c, a);
  g_assert_true (kefu_dispatch_undo (f->store, NULL, &error));
  g_assert_true (kefu_dispatch_undo (f->store, NULL, &error));
  g_assert_no_error (error);
  ASSERT_LANE (ZHANG, a, b, c);
  ASSERT_LANE (0, d);
}

/* The board's data ---------------------------------------------------------------- */

static KefuBoardLane *
lane (KefuBoard *board,
      gint64     tech)
{
  for (guint i = 0; i < board->lanes->len; i++)
    if (((KefuBoardLane *) board->lanes->pdata[i])->technician_id == tech)
      return board->lanes->pdata[i];
  g_assert_not_reached ();
}

static void
test_board_lanes_and_cards (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuBoard) board = NULL;
  gint64 u1, u2, j1, j2, j3;
  static const gint64 lane_order[] = { ZHANG, CHEN, LI, WANG, ZHAO, ZHOU, WU };

  exec (f, "INSERT INTO shift_exceptions (technician_id, date, kind, note) VALUES (1, '2026-11-25', 'leave', '年假');");
  now_is (f, "2026-11-25 08:30");
  j3 = log_ticket (f, "repair", "plumbing_electrical", 3, f->b1, "1栋 大堂", "大堂灯不亮");
  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_assign (f->store, j3, ZHANG, 0, &error));
  g_assert_true (kefu_dispatch_report (f->store, j3, "accepted", &error));
  g_assert_true (kefu_dispatch_report (f->store, j3, "on_site", &error));
  now_is (f, "2026-11-25 10:00");
  g_assert_true (kefu_dispatch_report (f->store, j3, "resolved", &error));
  g_assert_no_error (error);

  now_is (f, "2026-11-25 09:00");
  u1 = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "楼道", "楼道灯不亮");
  now_is (f, "2026-11-25 09:30");
  u2 = log_ticket (f, "repair", "elevator", 2, f->b7, "电梯", "电梯困人");
  j1 = log_ticket (f, "repair", "elevator", 3, f->b7, "电梯", "电梯异响");
  j2 = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "车库", "车库灯不亮");
  g_assert_true (kefu_dispatch_assign (f->store, j1, WANG, 0, &error));
  g_assert_true (kefu_dispatch_report (f->store, j1, "accepted", &error));
  g_assert_true (kefu_dispatch_report (f->store, j1, "on_site", &error));
  g_assert_true (kefu_dispatch_assign (f->store, j2, ZHANG, 0, &error));
  g_assert_no_error (error);

  now_is (f, "2026-11-25 11:30");
  board = kefu_dispatch_load_board (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (board->day_start, ==, at ("2026-11-25 00:00"));
  g_assert_cmpint (board->day_end, ==, at ("2026-11-26 00:00"));

  /* lanes: own teams first, then contractors; each team's technicians together */
  g_assert_cmpuint (board->lanes->len, ==, G_N_ELEMENTS (lane_order));
  for (guint i = 0; i < G_N_ELEMENTS (lane_order); i++)
    g_assert_cmpint (((KefuBoardLane *) board->lanes->pdata[i])->technician_id, ==, lane_order[i]);
  g_assert_cmpstr (lane (board, ZHANG)->team_name, ==, "水电维修组");
  g_assert_cmpstr (lane (board, ZHANG)->technician_name, ==, "张师傅");
  g_assert_true (lane (board, ZHOU)->contractor);
  g_assert_cmpint (lane (board, LI)->status, ==, KEFU_TECHNICIAN_OFF);       /* on leave */
  g_assert_cmpint (lane (board, WANG)->status, ==, KEFU_TECHNICIAN_ON_SITE);
  g_assert_cmpint (lane (board, ZHANG)->status, ==, KEFU_TECHNICIAN_ON_SHIFT);
  g_assert_cmpuint (lane (board, ZHANG)->open_jobs, ==, 1);
  g_assert_cmpuint (lane (board, WANG)->open_jobs, ==, 1);
  g_assert_cmpuint (lane (board, CHEN)->open_jobs, ==, 0);
  /* 张 finished one this week, 90 minutes from dispatch to resolved */
  g_assert_cmpuint (lane (board, ZHANG)->finished_this_week, ==, 1);
  g_assert_cmpfloat_with_epsilon (lane (board, ZHANG)->mean_finish_minutes, 90.0, 0.01);
  g_assert_cmpfloat (lane (board, CHEN)->mean_finish_minutes, <, 0);

  /* cards: the unassigned column first (level 2 before the older level 3), then lane by lane */
  g_assert_cmpuint (board->cards->len, ==, 4);
#define CARD(i) ((KefuBoardCard *) board->cards->pdata[i])
  g_assert_cmpint (CARD (0)->ticket_id, ==, u2);
  g_assert_cmpint (CARD (0)->technician_id, ==, 0);
  g_assert_cmpint (CARD (0)->level, ==, 2);
  g_assert_cmpint (CARD (1)->ticket_id, ==, u1);
  g_assert_cmpint (CARD (1)->position, ==, 2);
  g_assert_cmpint (CARD (2)->ticket_id, ==, j2);
  g_assert_cmpint (CARD (2)->technician_id, ==, ZHANG);
  g_assert_cmpint (CARD (3)->ticket_id, ==, j1);
  g_assert_cmpint (CARD (3)->technician_id, ==, WANG);
  g_assert_cmpstr (CARD (3)->status, ==, "on_site");
  g_assert_cmpstr (CARD (3)->location, ==, "7栋 电梯");
  g_assert_cmpstr (CARD (3)->subtype, ==, "elevator");
  g_assert_true (g_str_has_prefix (CARD (3)->number, "GD20261125"));
  /* the SLA badge's moments */
  g_assert_cmpint (CARD (0)->next_due_at, >, 0);
  g_assert_cmpint (CARD (0)->next_warn_at, >, 0);
  g_assert_cmpint (CARD (0)->next_warn_at, <=, CARD (0)->next_due_at);
#undef CARD

  /* another day: only shifts decide, nobody is on site */
  g_clear_pointer (&board, kefu_board_free);
  board = kefu_dispatch_load_board (f->store, at ("2026-11-26 21:00"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (lane (board, ZHOU)->status, ==, KEFU_TECHNICIAN_ON_SHIFT);
  g_assert_cmpint (lane (board, ZHANG)->status, ==, KEFU_TECHNICIAN_OFF);
  g_assert_cmpint (lane (board, WANG)->status, ==, KEFU_TECHNICIAN_ON_SITE);
}

/* Contractors --------------------------------------------------------------------- */

static void
test_contractor_scores (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  gint64 october = at ("2026-10-01 00:00");

  /* 通达电梯: ten jobs in October, on site in 30 minutes, one reopened, rated 4.2 on average.
   * 优修服务: four jobs, on site in 20 minutes, none reopened, all rated 5.
   * One more 通达 job in November does not count. */
  for (int i = 0; i < 10; i++)
    {
      gint64 t = october + i * 86400 + 3600;
      g_string_append_printf (sql, "INSERT INTO tickets (number, channel, kind, subtype, location, description, status, "
                                   "team_id, technician_id, created_at, dispatched_at, arrived_at, resolved_at, closed_at, "
                                   "satisfaction, reopen_count, updated_at) VALUES ('T%d', 'phone', 'repair', 'elevator', "
                                   "'电梯', '电梯异响', 'closed', 3, 6, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %"
                                   G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %d, %d, 0);",
                              i, t, t, t + 1800, t + 7200, t + 9000, i < 2 ? 5 : 4, i == 0);
    }
  for (int i = 0; i < 4; i++)
    {
      gint64 t = october + i * 86400 + 3600;
      g_string_append_printf (sql, "INSERT INTO tickets (number, channel, kind, location, description, status, team_id, "
                                   "created_at, dispatched_at, arrived_at, satisfaction, updated_at) VALUES ('Y%d', "
                                   "'phone', 'repair', '大堂', '漏水', 'closed', 4, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                   ", %" G_GINT64_FORMAT ", 5, 0);", i, t, t, t + 1200);
    }
  g_string_append_printf (sql, "INSERT INTO tickets (number, channel, kind, location, description, status, team_id, "
                               "created_at, dispatched_at, arrived_at, satisfaction, reopen_count, updated_at) VALUES "
                               "('N1', 'phone', 'repair', '电梯', '电梯异响', 'closed', 3, %" G_GINT64_FORMAT ", %"
                               G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 1, 3, 0);",
                          at ("2026-11-02 10:00"), at ("2026-11-02 10:00"), at ("2026-11-02 16:00"));
  exec (f, sql->str);

  g_assert_null (kefu_dispatch_score_contractors (f->store, "2026-10", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  act_as (f, f->dispatcher);
  g_assert_null (kefu_dispatch_score_contractors (f->store, "2026-13", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  scores = kefu_dispatch_score_contractors (f->store, "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scores->len, ==, 2);
  {
    KefuContractorScore *tongda = scores->pdata[0];
    KefuContractorScore *youxiu = scores->pdata[1];

    g_assert_cmpint (tongda->team_id, ==, TONGDA);
    g_assert_cmpuint (tongda->jobs, ==, 10);
    g_assert_cmpfloat_with_epsilon (tongda->response_minutes, 30.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (tongda->rework_rate, 0.1, 1e-9);
    g_assert_cmpfloat_with_epsilon (tongda->satisfaction, 4.2, 1e-9);
    /* 0.3 × 100 (speed) + 0.4 × 60 (rework) + 0.3 × 80 (ratings) */
    g_assert_cmpint (tongda->score, ==, 78);
    g_assert_true (tongda->suspended);
    g_assert_cmpstr (tongda->reason, ==, "2026-10 score 78: rework rate 10%");
    g_assert_cmpint (youxiu->score, ==, 100);
    g_assert_false (youxiu->suspended);
    g_assert_null (youxiu->reason);
  }
  g_assert_cmpint (scalar (f, "SELECT suspended FROM teams WHERE id = 3"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT suspended FROM teams WHERE id = 4"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT score FROM contractor_scores WHERE team_id = 3 AND month = '2026-10'"), ==, 78);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'suspend_team' AND subject_id = 3"), ==, 1);
  {
    g_autofree char *reason = column (f, "SELECT suspended_reason FROM teams WHERE id = %" G_GINT64_FORMAT, (gint64) TONGDA);
    g_assert_cmpstr (reason, ==, "2026-10 score 78: rework rate 10%");
  }

  /* Scored again: the same row, not a second one. */
  g_clear_pointer (&scores, g_ptr_array_unref);
  scores = kefu_dispatch_score_contractors (f->store, "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM contractor_scores"), ==, 2);
  g_assert_false (((KefuContractorScore *) scores->pdata[0])->suspended);   /* it already was */

  /* Automatic dispatch passes it over. */
  add_rule (f, "电梯（外包）", NULL, "elevator", TONGDA, -1, -1);
  {
    gint64 lift = log_ticket (f, "repair", "elevator", 3, f->b1, "电梯", "电梯异响");
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_assert_cmpint (d->outcome, ==, KEFU_DISPATCH_NO_TECHNICIAN);
    g_assert_nonnull (strstr (d->reason, "通达电梯 is suspended (2026-10 score 78: rework rate 10%)"));
  }
}

/* People and teams ----------------------------------------------------------- */

static gint64
audited (Fixture    *f,
         const char *action,
         gint64      subject_id)
{
  return scalar_fmt (f, "SELECT count(*) FROM audit_log WHERE action = '%s' AND subject_id = %" G_GINT64_FORMAT, action, subject_id);
}

static const KefuTeam *
team_in (GPtrArray *teams,
         gint64     id)
{
  for (guint i = 0; i < teams->len; i++)
    if (((KefuTeam *) teams->pdata[i])->id == id)
      return teams->pdata[i];
  return NULL;
}

/* A dispatcher adds a team with the sub-types it covers, renames it, makes
 * it a contractor; deleting is refused, saying why, while it has
 * technicians, open tickets or rules; an empty team goes. Each change is in
 * the audit log. */
static void
test_team_crud (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) teams = NULL;
  const KefuTeam *t;
  gint64 green, job, rule;

  /* an agent may not */
  g_assert_cmpint (kefu_dispatch_add_team (f->store, "绿化", "environment", FALSE, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  act_as (f, f->dispatcher);
  green = kefu_dispatch_add_team (f->store, " 绿化 ", "environment，common_facilities, environment", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (green, >, 0);
  teams = kefu_dispatch_list_teams (f->store, &error);
  g_assert_no_error (error);
  t = team_in (teams, green);
  g_assert_nonnull (t);
  g_assert_cmpstr (t->name, ==, "绿化");
  g_assert_cmpstr (t->subtypes, ==, "environment,common_facilities");
  g_assert_false (t->contractor);
  g_assert_cmpuint (t->technicians, ==, 0);
  /* own teams first, contractors last */
  g_assert_cmpint (((KefuTeam *) teams->pdata[teams->len - 1])->id, ==, YOUXIU);
  g_assert_cmpuint (team_in (teams, SPECIAL)->technicians, ==, 3);
  g_clear_pointer (&teams, g_ptr_array_unref);
  g_assert_cmpint (audited (f, "add_team", green), ==, 1);

  /* a name taken, an empty name or an unknown sub-type is refused */
  g_assert_cmpint (kefu_dispatch_add_team (f->store, "水电维修组", "", FALSE, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "水电维修组"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_dispatch_add_team (f->store, "  ", "", FALSE, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kefu_dispatch_update_team (f->store, green, "绿化", "绿化", FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kefu_dispatch_update_team (f->store, green, "特种设备组", "", FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* renamed, a contractor now, covering one sub-type */
  g_assert_true (kefu_dispatch_update_team (f->store, green, "绿化外包", "environment", TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar_fmt (f, "SELECT count(*) FROM teams WHERE id = %" G_GINT64_FORMAT " AND name = '绿化外包' "
                                  "AND subtypes = 'environment' AND is_contractor", green), ==, 1);
  g_assert_cmpint (audited (f, "update_team", green), ==, 1);

  /* technicians keep a team */
  g_assert_false (kefu_dispatch_delete_team (f->store, PLUMBING, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "水电维修组 still has 2 technicians"));
  g_clear_error (&error);

  /* an open ticket keeps it */
  job = log_ticket (f, "repair", "environment", 3, f->b1, "绿地", "草坪枯黄");
  g_assert_true (kefu_desk_dispatch (f->store, job, green, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kefu_dispatch_delete_team (f->store, green, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "绿化外包 has 1 open ticket"));
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM teams WHERE name = '绿化外包'"), ==, 1);

  /* a rule sending it jobs keeps it */
  {
    gint64 empty = kefu_dispatch_add_team (f->store, "安保", "security", FALSE, &error);

    g_assert_no_error (error);
    rule = add_rule (f, "安保", NULL, "security", empty, -1, -1);
    g_assert_false (kefu_dispatch_delete_team (f->store, empty, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "1 dispatch rule sends jobs to 安保"));
    g_clear_error (&error);
    /* without it, the team goes, and the audit log says who deleted what */
    g_assert_true (kefu_dispatch_delete_rule (f->store, rule, &error));
    g_assert_no_error (error);
    g_assert_true (kefu_dispatch_delete_team (f->store, empty, &error));
    g_assert_no_error (error);
    g_assert_cmpint (scalar_fmt (f, "SELECT count(*) FROM teams WHERE id = %" G_GINT64_FORMAT, empty), ==, 0);
    g_assert_cmpint (scalar_fmt (f, "SELECT count(*) FROM audit_log WHERE action = 'delete_team' AND subject_id = %"
                                    G_GINT64_FORMAT " AND detail = '安保' AND user_id = %" G_GINT64_FORMAT, empty, f->dispatcher), ==, 1);
    g_assert_false (kefu_dispatch_delete_team (f->store, empty, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* a suspended contractor is enabled again */
  exec (f, "UPDATE teams SET suspended = 1, suspended_reason = '2026-10 评分 72：返工率 18%' WHERE id = 3;");
  teams = kefu_dispatch_list_teams (f->store, &error);
  g_assert_true (team_in (teams, TONGDA)->suspended);
  g_assert_cmpstr (team_in (teams, TONGDA)->suspended_reason, ==, "2026-10 评分 72：返工率 18%");
  g_assert_true (kefu_dispatch_reinstate_team (f->store, TONGDA, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT suspended FROM teams WHERE id = 3"), ==, 0);
}

/* New technicians, renamed; deactivated only without open jobs, and back. */
static void
test_technician_add_rename_deactivate (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTechnicianSchedule) s = NULL;
  gint64 id, job;

  act_as (f, f->dispatcher);
  g_assert_cmpint (kefu_dispatch_add_technician (f->store, "", NULL, PLUMBING, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_dispatch_add_technician (f->store, "孙师傅", NULL, 99, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  id = kefu_dispatch_add_technician (f->store, " 孙师傅 ", "13900001111", PLUMBING, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (audited (f, "add_technician", id), ==, 1);
  g_assert_true (kefu_dispatch_rename_technician (f->store, id, "孙建国", &error));
  g_assert_no_error (error);
  s = schedule_of (f, id, "");
  g_assert_cmpstr (s->name, ==, "孙建国");
  g_assert_cmpstr (s->phone, ==, "13900001111");
  g_assert_cmpint (s->team_id, ==, PLUMBING);
  g_assert_true (s->active);
  g_assert_cmpuint (s->shifts->len, ==, 0);
  g_clear_pointer (&s, kefu_technician_schedule_free);

  /* with a job in hand, not deactivated */
  job = log_ticket (f, "repair", "plumbing_electrical", 3, f->b1, "1栋101", "水管漏水");
  g_assert_true (kefu_desk_dispatch (f->store, job, PLUMBING, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (kefu_dispatch_set_technician_active (f->store, id, FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "孙建国 still has 1 open job"));
  g_clear_error (&error);
  g_assert_true (kefu_desk_dispatch (f->store, job, PLUMBING, ZHANG, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_dispatch_set_technician_active (f->store, id, FALSE, &error));
  g_assert_no_error (error);
  s = schedule_of (f, id, "");
  g_assert_false (s->active);
  g_clear_pointer (&s, kefu_technician_schedule_free);
  g_assert_true (kefu_dispatch_set_technician_active (f->store, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (audited (f, "deactivate_technician", id), ==, 1);
  g_assert_cmpint (audited (f, "activate_technician", id), ==, 1);
  g_assert_cmpint (audited (f, "rename_technician", id), ==, 1);
}

/* 李师傅 works 08:00–12:00 and 14:00–18:00 on Mondays: on shift inside
 * either, off between and after; an overlapping shift is refused, also one
 * that runs into the previous night's shift. */
static void
test_several_shifts_a_day (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTechnicianSchedule) s = NULL;
  gint64 morning, afternoon;

  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_set_shift (f->store, LI, 1, -1, -1, &error));
  g_assert_no_error (error);
  morning = kefu_dispatch_add_shift (f->store, LI, 1, 480, 720, &error);
  g_assert_no_error (error);
  afternoon = kefu_dispatch_add_shift (f->store, LI, 1, 840, 1080, &error);
  g_assert_no_error (error);
  g_assert_cmpint (morning, >, 0);
  g_assert_cmpint (afternoon, >, morning);

  /* 2026-11-23 is a Monday */
  g_assert_false (on_shift (f, LI, "2026-11-23 07:59"));
  g_assert_true (on_shift (f, LI, "2026-11-23 08:00"));
  g_assert_true (on_shift (f, LI, "2026-11-23 11:59"));
  g_assert_false (on_shift (f, LI, "2026-11-23 12:00"));
  g_assert_false (on_shift (f, LI, "2026-11-23 13:00"));
  g_assert_true (on_shift (f, LI, "2026-11-23 15:00"));
  g_assert_false (on_shift (f, LI, "2026-11-23 18:00"));
  g_assert_true (on_shift (f, LI, "2026-11-24 19:00"));   /* Tuesday as before */

  s = schedule_of (f, LI, "");
  g_assert_cmpint (s->shift_from[0], ==, 480);
  {
    guint monday = 0;
    for (guint i = 0; i < s->shifts->len; i++)
      if (g_array_index (s->shifts, KefuShift, i).weekday == 1)
        monday++;
    g_assert_cmpuint (monday, ==, 2);
    g_assert_cmpint (g_array_index (s->shifts, KefuShift, 1).from_min, ==, 840);
  }

  /* overlaps are refused and change nothing */
  g_assert_cmpint (kefu_dispatch_add_shift (f->store, LI, 1, 660, 900, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "11:00–15:00"));
  g_assert_nonnull (strstr (error->message, "08:00–12:00"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_dispatch_add_shift (f->store, LI, 1, 600, 600, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* 周师傅's Sunday night runs to Monday 08:00 */
  g_assert_cmpint (kefu_dispatch_add_shift (f->store, ZHOU, 1, 360, 420, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Sunday"));
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM shifts WHERE technician_id = 1 AND weekday = 1"), ==, 2);
  /* touching is not overlapping */
  g_assert_cmpint (kefu_dispatch_add_shift (f->store, LI, 1, 720, 780, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (on_shift (f, LI, "2026-11-23 12:30"));

  /* removing the afternoon: off at 15:00 */
  g_assert_true (kefu_dispatch_remove_shift (f->store, afternoon, &error));
  g_assert_no_error (error);
  g_assert_false (on_shift (f, LI, "2026-11-23 15:00"));
  g_assert_true (on_shift (f, LI, "2026-11-23 09:00"));
  g_assert_false (kefu_dispatch_remove_shift (f->store, afternoon, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'add_shift' AND subject_id = 1"), ==, 3);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'remove_shift' AND subject_id = 1 "
                              "AND detail = '李师傅: weekday 1 14:00–18:00'"), ==, 1);
  g_assert_cmpint (audited (f, "set_shift", LI), ==, 1);
}

/* 陈师傅 works 李师傅's Thursday (调班): 李 is off and 陈 on that day only;
 * removing either side removes the swap and restores both. A night shift's
 * swap reaches into the next morning. */
static void
test_swapped_shift (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTechnicianSchedule) li = NULL;
  g_autoptr(KefuTechnicianSchedule) chen = NULL;
  gint64 swap, night;

  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_set_shift (f->store, CHEN, 4, -1, -1, &error));   /* 陈 off on Thursdays */
  g_assert_no_error (error);
  g_assert_true (on_shift (f, LI, "2026-11-26 10:00"));
  g_assert_false (on_shift (f, CHEN, "2026-11-26 10:00"));

  swap = kefu_dispatch_swap_shift (f->store, LI, CHEN, "2026-11-26", &error);
  g_assert_no_error (error);
  g_assert_cmpint (swap, >, 0);
  g_assert_false (on_shift (f, LI, "2026-11-26 10:00"));
  g_assert_true (on_shift (f, CHEN, "2026-11-26 10:00"));
  g_assert_true (on_shift (f, CHEN, "2026-11-26 19:59"));
  g_assert_false (on_shift (f, CHEN, "2026-11-26 20:00"));
  g_assert_true (on_shift (f, LI, "2026-11-27 10:00"));       /* only that date */
  g_assert_true (on_shift (f, LI, "2026-11-25 10:00"));

  /* shown as a swap on both sides */
  li = schedule_of (f, LI, "2026-11-25");
  chen = schedule_of (f, CHEN, "2026-11-25");
  g_assert_cmpuint (li->exceptions->len, ==, 1);
  g_assert_cmpuint (chen->exceptions->len, ==, 1);
  {
    KefuShiftException *off = li->exceptions->pdata[0];
    KefuShiftException *works = chen->exceptions->pdata[0];

    g_assert_cmpstr (off->kind, ==, "leave");
    g_assert_cmpstr (works->kind, ==, "extra");
    g_assert_cmpint (off->swap_id, ==, swap);
    g_assert_cmpint (works->swap_id, ==, swap);
    g_assert_cmpint (works->from_min, ==, 480);
    g_assert_cmpint (works->to_min, ==, 1200);
    g_assert_nonnull (strstr (off->note, "陈师傅"));
    g_assert_nonnull (strstr (works->note, "李师傅"));

    /* removing 陈's side removes the swap: both back as they were */
    g_assert_true (kefu_dispatch_remove_exception (f->store, works->id, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM shift_exceptions"), ==, 0);
  g_assert_true (on_shift (f, LI, "2026-11-26 10:00"));
  g_assert_false (on_shift (f, CHEN, "2026-11-26 10:00"));
  g_assert_cmpint (audited (f, "swap_shift", LI), ==, 1);
  g_assert_cmpint (audited (f, "remove_swap", CHEN), ==, 1);

  /* refused: with oneself, on a day off, a bad date */
  g_assert_cmpint (kefu_dispatch_swap_shift (f->store, LI, LI, "2026-11-26", &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_dispatch_swap_shift (f->store, CHEN, LI, "2026-11-26", &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "陈师傅 has no shift on 2026-11-26"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_dispatch_swap_shift (f->store, LI, CHEN, "2026-13-01", &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM shift_exceptions"), ==, 0);

  /* 周师傅 works 08:00–20:00 and 20:00–08:00: 吴师傅 takes both, into Friday 08:00 */
  night = kefu_dispatch_swap_shift (f->store, ZHOU, WU, "2026-11-26", &error);
  g_assert_no_error (error);
  g_assert_true (on_shift (f, WU, "2026-11-26 23:00"));
  g_assert_true (on_shift (f, WU, "2026-11-27 03:00"));
  g_assert_false (on_shift (f, ZHOU, "2026-11-26 23:00"));
  g_assert_false (on_shift (f, ZHOU, "2026-11-27 03:00"));
  g_assert_true (on_shift (f, ZHOU, "2026-11-27 23:00"));
  g_assert_cmpint (scalar_fmt (f, "SELECT count(*) FROM shift_exceptions WHERE swap_id = %" G_GINT64_FORMAT, night), ==, 6);
  g_assert_true (kefu_dispatch_remove_exception (f->store, night, &error));
  g_assert_no_error (error);
  g_assert_true (on_shift (f, ZHOU, "2026-11-27 03:00"));
  g_assert_false (on_shift (f, WU, "2026-11-27 03:00"));
}

/* The buildings a technician usually covers, set in the settings, are what
 * the rules prefer; a member of another team is chosen there too. */
static void
test_buildings_and_other_teams (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTechnicianSchedule) s = NULL;
  const gint64 b1[] = { 1 };
  const gint64 special[] = { SPECIAL };

  add_rule (f, "特种设备", "repair", NULL, SPECIAL, -1, -1);
  {
    /* 王 and 赵 both know fire equipment, neither covers 1栋: the lower id */
    gint64 fire = log_ticket (f, "repair", "fire", 3, f->b1, "消防通道", "消防栓漏水");
    g_autoptr(KefuDispatchDecision) d = decide (f, fire);
    g_assert_cmpint (d->technician_id, ==, WANG);
  }
  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_set_technician_buildings (f->store, ZHAO, b1, G_N_ELEMENTS (b1), &error));
  g_assert_no_error (error);
  s = schedule_of (f, ZHAO, "");
  g_assert_cmpuint (s->buildings->len, ==, 1);
  g_assert_cmpint (g_array_index (s->buildings, gint64, 0), ==, 1);
  g_clear_pointer (&s, kefu_technician_schedule_free);
  {
    gint64 fire = log_ticket (f, "repair", "fire", 3, f->b1, "消防通道", "烟感误报");
    g_autoptr(KefuDispatchDecision) d = decide (f, fire);
    g_assert_cmpint (d->technician_id, ==, ZHAO);
    g_assert_nonnull (strstr (d->reason, "covers 1栋"));
  }
  /* an unknown building is refused and the old ones stay */
  {
    const gint64 bad[] = { 1, 99 };
    g_assert_false (kefu_dispatch_set_technician_buildings (f->store, ZHAO, bad, G_N_ELEMENTS (bad), &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM technician_buildings WHERE technician_id = 3"), ==, 1);
  }
  g_assert_cmpint (audited (f, "set_technician_buildings", ZHAO), ==, 1);

  /* the whole special-equipment team on leave: nobody to send */
  g_assert_cmpint (kefu_dispatch_add_exception (f->store, LI, "2026-11-25", "leave", -1, -1, NULL, &error), >, 0);
  g_assert_cmpint (kefu_dispatch_add_exception (f->store, WANG, "2026-11-25", "leave", -1, -1, NULL, &error), >, 0);
  g_assert_cmpint (kefu_dispatch_add_exception (f->store, ZHAO, "2026-11-25", "leave", -1, -1, NULL, &error), >, 0);
  g_assert_no_error (error);
  {
    gint64 lift = log_ticket (f, "repair", "elevator", 3, f->b7, "电梯", "电梯异响");
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_assert_cmpint (d->outcome, ==, KEFU_DISPATCH_NO_TECHNICIAN);
  }
  /* 张师傅 of the plumbing team also works for special equipment */
  g_assert_true (kefu_dispatch_set_technician_teams (f->store, ZHANG, PLUMBING, special, G_N_ELEMENTS (special), &error));
  g_assert_no_error (error);
  s = schedule_of (f, ZHANG, "");
  g_assert_cmpint (s->team_id, ==, PLUMBING);
  g_assert_cmpuint (s->other_teams->len, ==, 1);
  g_assert_cmpint (g_array_index (s->other_teams, gint64, 0), ==, SPECIAL);
  {
    gint64 lift = log_ticket (f, "repair", "elevator", 3, f->b7, "电梯", "电梯按钮失灵");
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_autoptr(GListStore) members = kefu_desk_list_technicians (f->store, SPECIAL, &error);
    g_autoptr(KefuChoice) first = NULL;

    g_assert_cmpint (d->outcome, ==, KEFU_DISPATCH_ASSIGN);
    g_assert_cmpint (d->team_id, ==, SPECIAL);
    g_assert_cmpint (d->technician_id, ==, ZHANG);
    /* and a dispatcher may send him a special-equipment job by hand */
    g_assert_true (kefu_desk_dispatch (f->store, lift, SPECIAL, ZHANG, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (members)), ==, 4);
  }
  /* still on the plumbing team's lane, and a team of his own can be changed back */
  g_assert_true (kefu_dispatch_set_technician_teams (f->store, ZHANG, PLUMBING, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM technician_teams"), ==, 0);
  g_assert_cmpint (audited (f, "set_technician_teams", ZHANG), ==, 2);
}

/* Every change in the settings leaves one audit row: who, what, which. */
static void
test_settings_audited (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KefuDispatchRule r = { 0, 0, "夜间电梯", "repair", "elevator", 0, 0, NULL, NULL, 1320, 480, SPECIAL, NULL, TRUE };
  gint64 rule, leave;

  act_as (f, f->dispatcher);
  rule = kefu_dispatch_add_rule (f->store, &r, &error);
  g_assert_no_error (error);
  r.id = rule;
  r.level = 2;
  g_assert_true (kefu_dispatch_update_rule (f->store, &r, &error));
  g_assert_true (kefu_dispatch_set_rule_active (f->store, rule, FALSE, &error));
  add_rule (f, "水电", NULL, "plumbing_electrical", PLUMBING, -1, -1);
  g_assert_true (kefu_dispatch_move_rule (f->store, rule, 2, &error));
  g_assert_true (kefu_dispatch_delete_rule (f->store, rule, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar_fmt (f, "SELECT count(*) FROM audit_log WHERE action = 'add_rule' AND subject_table = 'dispatch_rules' "
                                  "AND subject_id = %" G_GINT64_FORMAT " AND detail LIKE '夜间电梯: %%22:00–08:00 → 特种设备组' "
                                  "AND user_id = %" G_GINT64_FORMAT, rule, f->dispatcher), ==, 1);
  g_assert_cmpint (audited (f, "update_rule", rule), ==, 1);
  g_assert_cmpint (audited (f, "deactivate_rule", rule), ==, 1);
  g_assert_cmpint (audited (f, "move_rule", rule), ==, 1);
  g_assert_cmpint (audited (f, "delete_rule", rule), ==, 1);

  leave = kefu_dispatch_add_exception (f->store, WANG, "2026-12-01", "leave", -1, -1, "年假", &error);
  g_assert_no_error (error);
  g_assert_true (kefu_dispatch_remove_exception (f->store, leave, &error));
  g_assert_true (kefu_dispatch_update_technician (f->store, WANG, "13800138000", "elevator", &error));
  g_assert_true (kefu_dispatch_set_shift (f->store, WANG, 6, -1, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'add_exception' AND subject_table = 'technicians' "
                              "AND subject_id = 2 AND detail = '王师傅: leave 2026-12-01 whole day · 年假'"), ==, 1);
  g_assert_cmpint (audited (f, "remove_exception", WANG), ==, 1);
  g_assert_cmpint (audited (f, "update_technician", WANG), ==, 1);
  g_assert_cmpint (audited (f, "set_shift", WANG), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'auto_dispatch_off'"), ==, 1);

  /* a refused change leaves none */
  g_assert_false (kefu_dispatch_set_shift (f->store, WANG, 6, 600, 600, &error));
  g_clear_error (&error);
  g_assert_cmpint (audited (f, "set_shift", WANG), ==, 1);
}

static KefuBoardCard *
card_of (KefuBoard *board,
         gint64     ticket)
{
  for (guint i = 0; i < board->cards->len; i++)
    if (((KefuBoardCard *) board->cards->pdata[i])->ticket_id == ticket)
      return board->cards->pdata[i];
  g_assert_not_reached ();
}

static void
assert_spans (const KefuBoardLane *l,
              const int           *minutes,
              guint                n)
{
  g_assert_cmpuint (l->shifts->len, ==, n / 2);
  for (guint i = 0; i < n / 2; i++)
    {
      g_assert_cmpint (g_array_index (l->shifts, KefuMinuteSpan, i).from_min, ==, minutes[2 * i]);
      g_assert_cmpint (g_array_index (l->shifts, KefuMinuteSpan, i).to_min, ==, minutes[2 * i + 1]);
    }
}

/* The day's shifts of each lane (leave cut out, extra added, the night
 * shift from the evening before), and the appointments a dispatcher must
 * look at again: two overlapping in one lane, one in the technician's leave. */
static void
test_board_day_shifts_and_conflicts (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuBoard) board = NULL;
  g_autoptr(KefuBoard) tomorrow = NULL;
  static const int zhang[] = { 8 * 60, 12 * 60, 14 * 60, 20 * 60 };
  static const int chen[] = { 8 * 60, 22 * 60 };
  static const int zhou[] = { 0, 24 * 60 };
  gint64 a, b, c, d, e;
  KefuMinuteSpan span;

  exec (f, "INSERT INTO shift_exceptions (technician_id, date, kind, start_min, end_min, note) VALUES "
           "  (4, '2026-11-25', 'leave', 720, 840, '看病'), (5, '2026-11-25', 'extra', 1200, 1320, '加班');");
  now_is (f, "2026-11-25 09:00");
  a = log_ticket (f, "repair", "plumbing_electrical", 3, f->b1, "1栋 大堂", "大堂灯不亮");
  b = log_ticket (f, "repair", "plumbing_electrical", 3, f->b1, "1栋 302", "水龙头漏水");
  c = log_ticket (f, "repair", "plumbing_electrical", 3, f->b1, "1栋 501", "插座没电");
  d = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "7栋 801", "热水器不热");
  e = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "7栋 102", "下水道堵");
  act_as (f, f->dispatcher);
  g_assert_true (kefu_dispatch_assign (f->store, a, ZHANG, 0, &error));
  g_assert_true (kefu_dispatch_assign (f->store, b, ZHANG, 0, &error));
  g_assert_true (kefu_dispatch_assign (f->store, c, ZHANG, 0, &error));
  g_assert_true (kefu_dispatch_assign (f->store, d, ZHANG, 0, &error));
  g_assert_true (kefu_dispatch_assign (f->store, e, CHEN, 0, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_dispatch_set_appointment_window (f->store, a, at ("2026-11-25 15:00"), 90, &error));
  g_assert_true (kefu_dispatch_set_appointment (f->store, b, at ("2026-11-25 16:00"), &error));
  g_assert_true (kefu_dispatch_set_appointment_window (f->store, c, at ("2026-11-25 12:30"), 30, &error));
  g_assert_true (kefu_dispatch_set_appointment_window (f->store, d, at ("2026-11-25 18:00"), 120, &error));
  g_assert_true (kefu_dispatch_set_appointment_window (f->store, e, at ("2026-11-25 21:00"), 60, &error));
  g_assert_no_error (error);
  {
    g_autofree char *body = LAST_BODY (a, "edit");
    g_assert_cmpstr (body, ==, "Appointment with the owner: 2026-11-25 15:00–16:30");
  }
  g_assert_false (kefu_dispatch_set_appointment_window (f->store, a, at ("2026-11-25 15:00"), 25 * 60, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  board = kefu_dispatch_load_board (f->store, 0, &error);
  g_assert_no_error (error);
  assert_spans (lane (board, ZHANG), zhang, G_N_ELEMENTS (zhang));
  assert_spans (lane (board, CHEN), chen, G_N_ELEMENTS (chen));
  assert_spans (lane (board, ZHOU), zhou, G_N_ELEMENTS (zhou));

  g_assert_cmpint (card_of (board, a)->appointment_minutes, ==, 90);
  g_assert_cmpint (card_of (board, b)->appointment_minutes, ==, KEFU_APPOINTMENT_DEFAULT_MINUTES);
  g_assert_true (kefu_board_card_span (board, card_of (board, a), &span));
  g_assert_cmpint (span.from_min, ==, 15 * 60);
  g_assert_cmpint (span.to_min, ==, 16 * 60 + 30);
  /* 15:00–16:30 and 16:00–17:00 overlap */
  g_assert_cmpint (card_of (board, a)->conflicts, ==, KEFU_APPOINTMENT_OVERLAPS);
  g_assert_cmpint (card_of (board, a)->overlaps_with, ==, b);
  g_assert_cmpint (card_of (board, b)->conflicts, ==, KEFU_APPOINTMENT_OVERLAPS);
  g_assert_cmpint (card_of (board, b)->overlaps_with, ==, a);
  /* 12:30 falls in 张's two hours off */
  g_assert_cmpint (card_of (board, c)->conflicts, ==, KEFU_APPOINTMENT_OFF_SHIFT);
  /* 18:00–20:00 ends as the shift does; 陈's 21:00 is in his extra shift */
  g_assert_cmpint (card_of (board, d)->conflicts, ==, KEFU_APPOINTMENT_FINE);
  g_assert_cmpint (card_of (board, e)->conflicts, ==, KEFU_APPOINTMENT_FINE);

  /* moved to 17:00, b no longer overlaps a; the next day shows no appointment */
  g_assert_true (kefu_dispatch_set_appointment (f->store, b, at ("2026-11-25 16:30"), &error));
  tomorrow = kefu_dispatch_load_board (f->store, at ("2026-11-26 09:00"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (card_of (tomorrow, b)->conflicts, ==, KEFU_APPOINTMENT_FINE);
  g_assert_cmpint (card_of (tomorrow, a)->conflicts, ==, KEFU_APPOINTMENT_FINE);
  g_assert_false (kefu_board_card_span (tomorrow, card_of (tomorrow, a), NULL));
  /* 张 is not on leave on the 26th */
  g_assert_cmpuint (lane (tomorrow, ZHANG)->shifts->len, ==, 1);
}


/* The queue in batches: another program --------------------------------------- */

typedef struct {
  KefuStore *other;
  guint     calls;
  guint     stop_at;
  gint64    taken;      /* a ticket the other program dispatches itself, after the first batch */
  GArray   *seen;       /* the dispatches it sees committed after each batch */
} Between;

static gboolean
between_batches (guint    done,
                 guint    total,
                 gpointer user_data)
{
  Between *b = user_data;
  g_autoptr(GError) error = NULL;
  gint64 seen;

  b->calls++;
  /* no lock is held between two batches: the other program writes at once */
  kefu_store_set_busy_timeout (b->other, 0);
  if (b->calls == 1 && b->taken > 0)
    {
      if (!kefu_test_try_exec (b->other, "UPDATE tickets SET status = 'dispatched', team_id = ?1, technician_id = ?2 "
                                         "WHERE id = ?3", &error, KEFU_TEST_INT (YOUXIU), KEFU_TEST_INT (WU),
                               KEFU_TEST_INT (b->taken)))
        g_error ("the other program cannot write between batches: %s", error->message);
    }
  else if (!kefu_test_try_exec (b->other, "INSERT OR REPLACE INTO settings (key, value) VALUES ('other_program', 'was here')",
                                &error))
    g_error ("the other program cannot write between batches: %s", error->message);
  seen = kefu_test_int (b->other, "SELECT count(*) FROM ticket_events WHERE kind = 'assign'");
  g_array_append_val (b->seen, seen);
  return b->calls != b->stop_at;
}

/* Dispatching the queue commits in batches: another program writes between
 * two, and sees each batch; a ticket it dispatched itself meanwhile is left
 * as it is; a run stopped between batches leaves those, and the run again
 * dispatches the rest, each ticket once. */
static void
test_queue_in_batches (Fixture       *f,
                       gconstpointer  data)
{
  enum { N = 24, BATCH = 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  Between b = { 0 };
  KefuBatchOptions options = { BATCH, 0, 0, between_batches, &b };
  gint64 ids[N];
  guint applied = 0;

  add_rule (f, "报修", "repair", NULL, PLUMBING, -1, -1);
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *when = g_strdup_printf ("2026-11-25 09:%02u", i);
      g_autofree char *text = g_strdup_printf ("%u楼走廊灯不亮", i + 1);

      now_is (f, when);
      ids[i] = log_ticket (f, "repair", "plumbing_electrical", 3, f->b7, "走廊", text);
    }
  now_is (f, "2026-11-25 10:00");
  act_as (f, f->dispatcher);
  b.other = kefu_test_other_store_for (f->path);
  b.seen = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* the sixth of the queue is taken by another desk after the first batch,
   * before the run comes to it; the run stops after its third batch */
  b.taken = ids[5];
  b.stop_at = 3;
  g_assert_null (kefu_dispatch_run_batched (f->store, 0, TRUE, &options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (b.calls, ==, 3);
  for (guint i = 0; i < b.seen->len; i++)
    g_assert_cmpint (g_array_index (b.seen, gint64, i), ==, BATCH * (i + 1));

  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM ticket_events WHERE kind = 'assign' AND ticket_id = %"
                                            G_GINT64_FORMAT, ids[5]);
    g_assert_cmpint (TECH_OF (ids[5]), ==, WU);
    g_assert_cmpint (scalar (f, sql), ==, 0);
    g_assert_cmpint (TECH_OF (ids[3 * BATCH]), >, 0);       /* the third batch reached one further */
    g_assert_cmpint (TECH_OF (ids[3 * BATCH + 1]), ==, 0);
  }

  /* run again: the rest of the queue */
  b.calls = 0;
  b.stop_at = 0;
  b.taken = 0;
  g_array_set_size (b.seen, 0);
  decisions = kefu_dispatch_run_batched (f->store, 0, TRUE, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decisions->len, ==, N - 3 * BATCH - 1);
  for (guint i = 0; i < decisions->len; i++)
    applied += ((KefuDispatchDecision *) decisions->pdata[i])->applied;
  g_assert_cmpuint (applied, ==, decisions->len);
  g_assert_cmpint (TECH_OF (ids[5]), ==, WU);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM ticket_events WHERE kind = 'assign'"), ==, N - 1);
  g_assert_cmpint (scalar (f, "SELECT count(DISTINCT ticket_id) FROM ticket_events WHERE kind = 'assign'"), ==, N - 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets WHERE status = 'new'"), ==, 0);
  g_clear_pointer (&decisions, g_ptr_array_unref);
  decisions = kefu_dispatch_run_batched (f->store, 0, TRUE, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decisions->len, ==, 0);
  g_object_unref (b.other);
  g_array_unref (b.seen);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

  DISPATCH_TEST ("/core/dispatch/rules/first-match-wins", test_first_match_wins);
  DISPATCH_TEST ("/core/dispatch/rules/time-of-day", test_time_of_day);
  DISPATCH_TEST ("/core/dispatch/rules/appointment-time", test_appointment_time);
  DISPATCH_TEST ("/core/dispatch/shifts/leave-and-extra", test_shifts_and_exceptions);
  DISPATCH_TEST ("/core/dispatch/shifts/settings-edit-shifts-leave-skills", test_technician_settings);
  DISPATCH_TEST ("/core/dispatch/choice/skill-area-jobs-ties", test_choice_order);
  DISPATCH_TEST ("/core/dispatch/teams/add-edit-delete-guard", test_team_crud);
  DISPATCH_TEST ("/core/dispatch/technicians/add-rename-deactivate", test_technician_add_rename_deactivate);
  DISPATCH_TEST ("/core/dispatch/shifts/several-a-day", test_several_shifts_a_day);
  DISPATCH_TEST ("/core/dispatch/shifts/swapped-shift", test_swapped_shift);
  DISPATCH_TEST ("/core/dispatch/choice/buildings-and-other-teams", test_buildings_and_other_teams);
  DISPATCH_TEST ("/core/dispatch/settings/audited", test_settings_audited);
  DISPATCH_TEST ("/core/dispatch/contractors/suspended-skipped", test_suspended_contractor_skipped);
  DISPATCH_TEST ("/core/dispatch/queue/urgent-first", test_urgent_first);
  DISPATCH_TEST ("/core/dispatch/queue/in-batches-others-write-between", test_queue_in_batches);
  DISPATCH_TEST ("/core/dispatch/explanations", test_explanations);
  DISPATCH_TEST ("/core/dispatch/intake/automatic-on-and-off", test_auto_on_intake);
  DISPATCH_TEST ("/core/dispatch/intake/automatic-failure-reported", test_auto_failure_reported);
  DISPATCH_TEST ("/core/dispatch/intake/imports-keep-their-assignment", test_imports_keep_their_assignment);
  DISPATCH_TEST ("/core/dispatch/done-when/entrapment-lands-by-itself", test_entrapment_lands_by_itself);
  DISPATCH_TEST ("/core/dispatch/manual/team-members-states", test_team_members_states);
  DISPATCH_TEST ("/core/dispatch/intake/unassigned-reason-told", test_unassigned_reason_told);
  DISPATCH_TEST ("/core/dispatch/board/search-pinyin", test_search_pinyin);
  DISPATCH_TEST ("/core/dispatch/demo/sunday-night-entrapment", test_demo_sunday_night_entrapment);
  DISPATCH_TEST ("/core/dispatch/board/reassign-and-undo", test_reassign_and_undo);
  DISPATCH_TEST ("/core/dispatch/board/reorder-and-undo", test_reorder_and_undo);
  DISPATCH_TEST ("/core/dispatch/board/lanes-and-cards", test_board_lanes_and_cards);
  DISPATCH_TEST ("/core/dispatch/board/day-shifts-and-appointment-conflicts", test_board_day_shifts_and_conflicts);
  DISPATCH_TEST ("/core/dispatch/contractors/score-and-suspend", test_contractor_scores);

  return g_test_run ();
}
