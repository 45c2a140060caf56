/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dispatch-board.c — the board's moves and data, contractor scores
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
#include "kefu-test-dispatch.h"

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
  /* and suspended once: no second audit entry */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'suspend_team' AND subject_id = 3"), ==, 1);

  /* Automatic dispatch passes it over. */
  add_rule (f, "电梯（外包）", NULL, "elevator", TONGDA, -1, -1);
  {
    gint64 lift = log_ticket (f, "repair", "elevator", 3, f->b1, "电梯", "电梯异响");
    g_autoptr(KefuDispatchDecision) d = decide (f, lift);
    g_assert_cmpint (d->outcome, ==, KEFU_DISPATCH_NO_TECHNICIAN);
    g_assert_nonnull (strstr (d->reason, "通达电梯 is suspended (2026-10 score 78: rework rate 10%)"));
  }
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

/* The cards' order within each lane, now sorted in memory, is the order the
 * cards' statement gave with its ORDER BY: on 80 cards with ties in every
 * key (levels, lanes, set and unset positions and appointments, equal
 * creation times), each card's position is the one that statement's order
 * gives it. */
static void
test_board_lane_order (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuBoard) board = NULL;
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 lane = -1;
  int seq = 0;
  guint n = 0;

  exec (f,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80) "
        "INSERT INTO tickets (number, channel, kind, estate_id, location, description, created_at, updated_at, status, "
        "  level, technician_id, board_position, appointment_at) "
        "SELECT 'GD2026112599' || printf('%02d', i), 'phone', 'repair', 1, '1栋', '漏水', 1795000000 + (i % 7) * 60, "
        "  1795000000, CASE i % 4 WHEN 0 THEN 'new' WHEN 1 THEN 'dispatched' WHEN 2 THEN 'on_site' ELSE 'reopened' END, "
        "  1 + i % 3, CASE WHEN i % 5 = 0 THEN NULL ELSE 1 + i % 7 END, CASE WHEN i % 3 = 0 THEN i % 4 END, "
        "  CASE WHEN i % 2 = 0 THEN 1795000000 + (i % 5) * 600 END FROM n;");
  stmt = kefu_query_prepare (f->store,
      "SELECT id, lane FROM (SELECT id, level, created_at, appointment_at, board_position, "
      "  CASE WHEN status IN ('dispatched','accepted','on_site','on_hold') THEN technician_id END AS lane FROM tickets "
      "  WHERE status IN ('new','reopened','dispatched','accepted','on_site','on_hold')) AS c "
      "ORDER BY lane IS NOT NULL, CASE WHEN lane IS NULL THEN level END, lane, "
      "  board_position IS NULL, board_position, appointment_at IS NULL, appointment_at, created_at, id", &error);
  g_assert_no_error (error);
  while (kefu_query_step (f->store, stmt, &error) == KEFU_QUERY_ROW)
    {
      gint64 in_lane = kefu_query_get_int (stmt, 1);

      if (in_lane != lane)
        {
          lane = in_lane;
          seq = 0;
        }
      g_hash_table_insert (want, g_memdup2 (&(gint64) { kefu_query_get_int (stmt, 0) }, sizeof (gint64)),
                           GINT_TO_POINTER (++seq));
    }
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (want), ==, 80);

  board = kefu_dispatch_load_board (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (board->cards->len, ==, 80);
  for (guint i = 0; i < board->cards->len; i++)
    {
      KefuBoardCard *c = board->cards->pdata[i];

      g_assert_cmpint (c->position, ==, GPOINTER_TO_INT (g_hash_table_lookup (want, &c->ticket_id)));
      n += c->technician_id == 0;
    }
  /* the unassigned column: the queue (40, some named for a technician) and
   * the 8 dispatched or on site without one */
  g_assert_cmpuint (n, ==, 48);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

  DISPATCH_TEST ("/core/dispatch/manual/team-members-states", test_team_members_states);
  DISPATCH_TEST ("/core/dispatch/board/search-pinyin", test_search_pinyin);
  DISPATCH_TEST ("/core/dispatch/demo/sunday-night-entrapment", test_demo_sunday_night_entrapment);
  DISPATCH_TEST ("/core/dispatch/board/reassign-and-undo", test_reassign_and_undo);
  DISPATCH_TEST ("/core/dispatch/board/reorder-and-undo", test_reorder_and_undo);
  DISPATCH_TEST ("/core/dispatch/board/lanes-and-cards", test_board_lanes_and_cards);
  DISPATCH_TEST ("/core/dispatch/board/day-shifts-and-appointment-conflicts", test_board_day_shifts_and_conflicts);
  DISPATCH_TEST ("/core/dispatch/board/lane-order", test_board_lane_order);
  DISPATCH_TEST ("/core/dispatch/contractors/score-and-suspend", test_contractor_scores);

  return g_test_run ();
}
