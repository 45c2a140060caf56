/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-views.c — the views users save for themselves (kefu-user-views.c)
 *
 * Hand-made tickets at fixed moments: two agents, three buildings, a team.
 */
#include "config.h"

#include <string.h>

#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-dispatch.h"
#include "kefu-store.h"
#include "kefu-test-engines.h"
#include "kefu-user-views.h"

typedef struct {
  KefuTestDir  dir;
  char        *path;
  KefuStore   *store;
  gint64       chen;      /* agents */
  gint64       liu;
  gint64       xu;        /* supervisor */
} Fixture;

static gint64
at (const char *local)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi;

  g_assert_cmpint (sscanf (local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), ==, 5);
  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

static void
exec (Fixture    *f,
      const char *sql)
{
  kefu_test_store_exec (f->store, sql);
}

static gint64
log_ticket (Fixture    *f,
            gint64      agent,
            const char *when,
            const char *kind,
            int         level,
            gint64      building,
            const char *text)
{
  KefuTicketDraft d = { "phone", kind, kind[0] == 'r' ? "plumbing_electrical" : NULL, level, building, 0, "大堂",
                        0, "业主", "13800000000", text, 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  kefu_store_set_now (f->store, at (when));
  kefu_store_set_actor (f->store, agent);
  id = kefu_desk_create_ticket (f->store, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 dispatcher;

  kefu_test_dir_setup (&f->dir, data);
  f->store = kefu_test_engine_open (&f->dir, data, NULL, &f->path);
  kefu_store_set_now (f->store, at ("2026-11-20 09:00"));
  f->chen = kefu_desk_add_user (f->store, "chenjing", "陈静", "agent", NULL, &error);
  f->liu = kefu_desk_add_user (f->store, "liuyang", "刘洋", "agent", NULL, &error);
  f->xu = kefu_desk_add_user (f->store, "xuqiang", "徐强", "supervisor", NULL, &error);
  dispatcher = kefu_desk_add_user (f->store, "huangwei", "黄伟", "dispatcher", NULL, &error);
  g_assert_no_error (error);
  exec (f,
        "INSERT INTO estates (id, name, created_at) VALUES (1, '测试花园', 0);"
        "INSERT INTO buildings (id, estate_id, name) VALUES (1, 1, '1栋'), (7, 1, '7栋'), (9, 1, '9栋');"
        "INSERT INTO teams (id, name, subtypes) VALUES (1, '水电维修组', 'plumbing_electrical');");
  kefu_store_set_actor (f->store, dispatcher);
  g_assert_true (kefu_dispatch_set_auto (f->store, FALSE, &error));
  g_assert_no_error (error);

  /* 1栋: three repairs (two urgent) and a complaint; 7栋: two repairs */
  log_ticket (f, f->chen, "2026-11-21 08:30", "repair", 3, 1, "厨房漏水");
  log_ticket (f, f->chen, "2026-11-22 14:00", "repair", 2, 1, "楼道灯不亮");
  log_ticket (f, f->liu, "2026-11-23 23:50", "repair", 2, 1, "水管爆裂");
  log_ticket (f, f->liu, "2026-11-24 09:00", "complaint", 3, 1, "噪音扰民");
  log_ticket (f, f->chen, "2026-11-24 10:00", "repair", 3, 7, "门禁故障");
  log_ticket (f, f->liu, "2026-11-25 09:30", "repair", 3, 7, "地漏堵塞");
  kefu_store_set_now (f->store, at ("2026-11-25 10:00"));
  kefu_store_set_actor (f->store, f->chen);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  kefu_test_engine_close (data, &f->path);
  kefu_test_dir_teardown (&f->dir, data);
}

/* What the list of @view holds, as the sidebar counts it. */
static gint64
count (Fixture      *f,
       KefuUserView *view,
       char        **dropped)
{
  KefuTicketQuery q;
  g_autoptr(GError) error = NULL;
  gint64 n;

  kefu_user_view_apply (f->store, view, &q, dropped);
  n = kefu_desk_count_tickets (f->store, &q, &error);
  g_assert_no_error (error);
  return n;
}

static KefuUserView *
view_for (gint64      user,
          const char *name)
{
  KefuUserView *v = kefu_user_view_new ();

  v->user_id = user;
  v->name = g_strdup (name);
  return v;
}

static void
test_save_list_apply (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KefuUserView) repairs = view_for (f->chen, "  1栋报修  ");
  g_autoptr(KefuUserView) urgent = view_for (f->chen, "Urgent 7");
  g_autoptr(KefuUserView) mine = view_for (f->chen, "我的急单");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) again = NULL;

  repairs->kind = g_strdup ("repair");
  repairs->building_id = 1;
  repairs->building_name = g_strdup ("1栋");
  g_assert_true (kefu_user_view_save (f->store, repairs, &error));
  g_assert_no_error (error);
  g_assert_cmpint (repairs->id, >, 0);
  g_assert_cmpstr (repairs->name, ==, "1栋报修");   /* trimmed */
  g_assert_cmpint (count (f, repairs, NULL), ==, 3);

  urgent->level = 3;
  urgent->building_id = 7;
  urgent->building_name = g_strdup ("7栋");
  urgent->search = g_strdup ("地漏");
  g_assert_true (kefu_user_view_save (f->store, urgent, &error));
  g_assert_cmpint (count (f, urgent, NULL), ==, 1);

  /* a built-in view narrowed: my open tickets, urgency 2, in a date range
   * whose last day counts whole (the 23:50 ticket of the 23rd is liu's) */
  mine->base = KEFU_VIEW_MY_OPEN;
  mine->level = 2;
  g_assert_true (kefu_user_view_save (f->store, mine, &error));
  g_assert_cmpint (count (f, mine, NULL), ==, 1);
  mine->base = KEFU_VIEW_ALL;
  mine->from_day = at ("2026-11-22 00:00");
  mine->to_day = at ("2026-11-23 00:00");
  g_assert_true (kefu_user_view_save (f->store, mine, &error));
  g_assert_cmpint (count (f, mine, NULL), ==, 2);
  mine->to_day = at ("2026-11-22 00:00");
  g_assert_true (kefu_user_view_save (f->store, mine, &error));
  g_assert_cmpint (count (f, mine, NULL), ==, 1);
  /* a range backwards is refused */
  mine->to_day = at ("2026-11-21 00:00");
  g_assert_false (kefu_user_view_save (f->store, mine, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* listed by name, as saved, from another connection too */
  again = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  list = kefu_user_view_list (again, f->chen, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (((KefuUserView *) list->pdata[0])->name, ==, "1栋报修");
  g_assert_cmpstr (((KefuUserView *) list->pdata[1])->name, ==, "Urgent 7");
  g_assert_cmpstr (((KefuUserView *) list->pdata[2])->name, ==, "我的急单");
  {
    KefuUserView *read = list->pdata[2];

    g_assert_cmpint (read->base, ==, KEFU_VIEW_ALL);
    g_assert_cmpint (read->level, ==, 2);
    g_assert_cmpint (read->from_day, ==, at ("2026-11-22 00:00"));
    g_assert_cmpint (read->to_day, ==, at ("2026-11-22 00:00"));
    g_assert_cmpint (count (f, read, NULL), ==, 1);
    read = list->pdata[1];
    g_assert_cmpstr (read->search, ==, "地漏");
    g_assert_cmpint (read->building_id, ==, 7);
    g_assert_cmpint (count (f, read, NULL), ==, 1);
  }

  /* the counts move with the tickets */
  log_ticket (f, f->liu, "2026-11-25 10:05", "repair", 1, 1, "电梯困人后的检修");
  g_assert_cmpint (count (f, repairs, NULL), ==, 4);
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KefuUserView) v = view_for (f->chen, "Night shift");
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "", "   ", "tab\there", "Overdue", "overdue", "Night Shift",
                        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一" };

  g_assert_true (kefu_user_view_save (f->store, v, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(KefuUserView) other = view_for (f->chen, bad[i]);

      g_assert_false (kefu_user_view_check_name (f->store, f->chen, bad[i], 0, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
      g_assert_false (kefu_user_view_save (f->store, other, &error));
      g_assert_true (g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID) ||
                     g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT));
      g_clear_error (&error);
    }
  /* the messages say which rule */
  g_assert_false (kefu_user_view_check_name (f->store, f->chen, "night SHIFT", 0, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "night SHIFT"));
  g_clear_error (&error);
  /* forty characters are fine; a view keeps its own name when saved again */
  g_assert_true (kefu_user_view_check_name (f->store, f->chen, "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十", 0, &error));
  g_assert_true (kefu_user_view_check_name (f->store, f->chen, "Night shift", v->id, &error));
  g_assert_no_error (error);
  /* another user may use the same name */
  g_assert_true (kefu_user_view_check_name (f->store, f->liu, "Night shift", 0, &error));
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM user_views"), ==, 1);
}

static void
test_rename_update_delete (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KefuUserView) a = view_for (f->chen, "A");
  g_autoptr(KefuUserView) b = view_for (f->chen, "B");
  g_autoptr(KefuUserView) read = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  a->kind = g_strdup ("complaint");
  g_assert_true (kefu_user_view_save (f->store, a, &error));
  g_assert_true (kefu_user_view_save (f->store, b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, a, NULL), ==, 1);

  g_assert_true (kefu_user_view_rename (f->store, f->chen, a->id, " 投诉 ", &error));
  g_assert_no_error (error);
  g_assert_false (kefu_user_view_rename (f->store, f->chen, a->id, "b", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (kefu_user_view_rename (f->store, f->chen, a->id, "", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  read = kefu_user_view_get (f->store, f->chen, a->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->name, ==, "投诉");
  g_assert_cmpstr (read->kind, ==, "complaint");   /* renaming keeps the filters */

  /* updated with other filters: the count follows */
  g_clear_pointer (&read->kind, g_free);
  read->building_id = 7;
  read->building_name = g_strdup ("7栋");
  g_assert_true (kefu_user_view_save (f->store, read, &error));
  g_clear_pointer (&read, kefu_user_view_free);
  read = kefu_user_view_get (f->store, f->chen, a->id, &error);
  g_assert_null (read->kind);
  g_assert_cmpint (count (f, read, NULL), ==, 2);

  g_assert_true (kefu_user_view_delete (f->store, f->chen, b->id, &error));
  g_assert_no_error (error);
  g_assert_false (kefu_user_view_delete (f->store, f->chen, b->id, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  list = kefu_user_view_list (f->store, f->chen, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((KefuUserView *) list->pdata[0])->id, ==, a->id);
  /* the name of a deleted view is free again */
  g_assert_true (kefu_user_view_check_name (f->store, f->chen, "B", 0, &error));
}

static void
test_per_user (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KefuUserView) chen = view_for (f->chen, "我的");
  g_autoptr(KefuUserView) liu = view_for (f->liu, "我的");
  g_autoptr(KefuUserView) stolen = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  chen->base = liu->base = KEFU_VIEW_MY_OPEN;
  g_assert_true (kefu_user_view_save (f->store, chen, &error));
  g_assert_true (kefu_user_view_save (f->store, liu, &error));
  g_assert_no_error (error);
  /* the same saved view counts each user's own tickets */
  g_assert_cmpint (count (f, chen, NULL), ==, 3);
  g_assert_cmpint (count (f, liu, NULL), ==, 3);
  list = kefu_user_view_list (f->store, f->liu, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((KefuUserView *) list->pdata[0])->id, ==, liu->id);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = kefu_user_view_list (f->store, f->xu, &error);
  g_assert_cmpuint (list->len, ==, 0);

  /* another user's view is not found, whatever its id */
  stolen = kefu_user_view_get (f->store, f->liu, chen->id, &error);
  g_assert_null (stolen);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kefu_user_view_rename (f->store, f->liu, chen->id, "偷来的", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kefu_user_view_delete (f->store, f->liu, chen->id, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  stolen = kefu_user_view_copy (chen);
  stolen->user_id = f->liu;
  g_free (stolen->name);
  stolen->name = g_strdup ("改掉");
  g_assert_false (kefu_user_view_save (f->store, stolen, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&stolen, kefu_user_view_free);
  stolen = kefu_user_view_get (f->store, f->chen, chen->id, &error);
  g_assert_cmpstr (stolen->name, ==, "我的");
  g_assert_cmpint (stolen->user_id, ==, f->chen);
}

static void
test_gone (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(KefuUserView) v = view_for (f->chen, "9栋刘洋");
  g_autoptr(GError) error = NULL;
  g_autofree char *dropped = NULL;
  gint64 all = kefu_test_store_scalar (f->store, "SELECT count(*) FROM tickets");

  v->building_id = 9;
  v->building_name = g_strdup ("9栋");
  v->agent_id = f->liu;
  v->agent_name = g_strdup ("刘洋");
  g_assert_true (kefu_user_view_save (f->store, v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, v, &dropped), ==, 0);
  g_assert_null (dropped);

  /* the building is pulled down, the agent leaves: the view still opens,
   * without them, and says so by name */
  exec (f, "DELETE FROM buildings WHERE id = 9; UPDATE users SET active = 0 WHERE login = 'liuyang';");
  g_assert_cmpint (count (f, v, &dropped), ==, all);
  g_assert_nonnull (dropped);
  g_assert_nonnull (strstr (dropped, "9栋"));
  g_assert_nonnull (strstr (dropped, "刘洋"));
  g_clear_pointer (&dropped, g_free);
  /* the saved view keeps them (the building may come back under its id) */
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT building_id FROM user_views"), ==, 9);

  /* only what is gone is left out */
  exec (f, "UPDATE users SET active = 1 WHERE login = 'liuyang';");
  g_assert_cmpint (count (f, v, &dropped), ==, 3);
  g_assert_nonnull (strstr (dropped, "9栋"));
  g_assert_null (strstr (dropped, "刘洋"));
}

static void
test_schema (Fixture       *f,
             gconstpointer  data)
{
  /* a view goes with its user; nothing else does */
  g_autoptr(KefuUserView) v = view_for (f->xu, "队列");
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_user_view_save (f->store, v, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM user_views WHERE user_id = "
                                     "(SELECT id FROM users WHERE login = 'xuqiang')"), ==, 1);
  g_assert_cmpint (kefu_store_get_schema_version (f->store), ==, KEFU_SCHEMA_VERSION);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)
  ADD ("/views/save-list-apply", test_save_list_apply);
  ADD ("/views/names", test_names);
  ADD ("/views/rename-update-delete", test_rename_update_delete);
  ADD ("/views/per-user", test_per_user);
  ADD ("/views/gone", test_gone);
  ADD ("/views/schema", test_schema);
#undef ADD
  return g_test_run ();
}
