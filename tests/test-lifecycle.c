/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lifecycle.c — intake, the state machine and follow-up */
#include "config.h"

#include <string.h>


#include "kefu-choice.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-enums.h"
#include "kefu-engine.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-kpi.h"
#include "kefu-store.h"
#include "kefu-ticket.h"
#include "kefu-test-desk.h"
#include "kefu-test-engines.h"

/* The lifecycle of docs/domain.md, restated as the spec. */

static const char *legal[] = {
  "new>dispatched", "new>resolved", "new>on_hold", "new>cancelled",
  "dispatched>accepted", "dispatched>on_hold", "dispatched>cancelled", "dispatched>new",
  "accepted>on_site", "accepted>on_hold", "accepted>cancelled",
  "on_site>resolved", "on_site>on_hold", "on_site>cancelled",
  "on_hold>new", "on_hold>dispatched", "on_hold>accepted", "on_hold>on_site", "on_hold>reopened", "on_hold>cancelled",
  "resolved>closed", "resolved>reopened",
  "reopened>dispatched", "reopened>resolved", "reopened>on_hold", "reopened>cancelled",
  "closed>reopened",
  NULL
};

static void
test_rules (void)
{
  guint n;
  const KefuCode *statuses = kefu_codes (KEFU_CODES_STATUS, &n);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        g_autofree char *pair = g_strdup_printf ("%s>%s", statuses[i].code, statuses[j].code);
        gboolean expected = g_strv_contains (legal, pair);

        if (kefu_lifecycle_can_move (statuses[i].code, statuses[j].code) != expected)
          g_error ("%s should be %s", pair, expected ? "legal" : "illegal");
      }
  g_assert_false (kefu_lifecycle_can_move ("cancelled", "new"));
  g_assert_false (kefu_lifecycle_can_move ("nonsense", "new"));
  g_assert_true (kefu_lifecycle_needs_reason ("on_hold"));
  g_assert_true (kefu_lifecycle_needs_reason ("cancelled"));
  g_assert_false (kefu_lifecycle_needs_reason ("resolved"));

  /* the SQL list of open statuses says what kefu_status_is_open says */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *quoted = g_strdup_printf ("'%s'", statuses[i].code);
      g_assert_cmpint (strstr (KEFU_OPEN_STATUSES, quoted) != NULL, ==, kefu_status_is_open (statuses[i].code));
    }
}

static void
test_taboo_and_emotion (void)
{
  const char *text = "这不是我的事，按规定不能办。";
  g_autoptr(GArray) m = kefu_text_find_taboo (text);
  g_autoptr(GArray) none = kefu_text_find_taboo ("您好，我马上为您处理。");

  g_assert_cmpuint (m->len, ==, 2);
  g_assert_cmpstr (g_array_index (m, KefuTabooMatch, 0).phrase, ==, "这不是我的事");
  g_assert_cmpuint (g_array_index (m, KefuTabooMatch, 0).offset, ==, 0);
  g_assert_cmpstr (g_array_index (m, KefuTabooMatch, 1).phrase, ==, "按规定不能办");
  g_assert_cmpuint (g_array_index (m, KefuTabooMatch, 1).offset, ==, strlen ("这不是我的事，"));
  g_assert_nonnull (g_array_index (m, KefuTabooMatch, 1).suggestion);
  g_assert_cmpuint (none->len, ==, 0);

  g_assert_true (kefu_text_has_emotion ("报修三次了，太离谱了！", NULL));
  g_assert_true (kefu_text_has_emotion ("再不修我就找媒体曝光", NULL));
  g_assert_false (kefu_text_has_emotion ("厨房水龙头漏水", NULL));
  g_assert_true (kefu_text_has_emotion ("我要找物业经理", "物业经理,投诉"));

  g_assert_cmpint (kefu_suggest_level ("repair", "elevator", "电梯困人，有老人被困"), ==, 2);
  g_assert_cmpint (kefu_suggest_level ("repair", "plumbing_electrical", "配电箱冒烟"), ==, 1);
  g_assert_cmpint (kefu_suggest_level ("repair", "doors_windows", "门锁坏了"), ==, 3);
}

typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;
  char        *spec;       /* the file or the server's database */
  gint64       agent, other_agent, trainer;
  gint64       building, unit, owner;
  gint64       team, tech_a, tech_b;
} Fixture;

static gint64
scalar (Fixture    *f,
        const char *sql)
{
  return kefu_test_store_scalar (f->store, sql);
}

/* The sample: 40 tickets ending at the tests' now */
static void
fill_sample (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { 40, 3, 0 };   /* ends at the store's now */

  kefu_store_set_now (store, TEST_NOW);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kefu_test_dir_setup (&f->dir, data);
  f->store = kefu_test_engine_open (&f->dir, data, fill_sample, &f->spec);
  kefu_store_set_now (f->store, TEST_NOW);
  f->agent = scalar (f, "SELECT id FROM users WHERE login = 'chenjing'");
  f->other_agent = scalar (f, "SELECT id FROM users WHERE login = 'liuyang'");
  f->trainer = scalar (f, "SELECT id FROM users WHERE login = 'guohong'");
  f->building = scalar (f, "SELECT id FROM buildings WHERE name = '3栋'");
  f->unit = scalar (f, "SELECT u.id FROM units u WHERE u.building_id = (SELECT id FROM buildings WHERE name = '3栋') AND u.name = '502'");
  f->owner = scalar (f, "SELECT owner_id FROM owner_units WHERE unit_id = (SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.name = '3栋' AND u.name = '502')");
  f->team = scalar (f, "SELECT id FROM teams WHERE name = '水电维修组'");
  f->tech_a = scalar (f, "SELECT min(id) FROM technicians WHERE team_id = (SELECT id FROM teams WHERE name = '水电维修组')");
  f->tech_b = scalar (f, "SELECT max(id) FROM technicians WHERE team_id = (SELECT id FROM teams WHERE name = '水电维修组')");
  /* these tests walk the lifecycle by hand: the dispatcher turns the rules off */
  kefu_store_set_actor (f->store, scalar (f, "SELECT id FROM users WHERE login = 'huangwei'"));
  g_assert_true (kefu_dispatch_set_auto (f->store, FALSE, &error));
  kefu_store_set_actor (f->store, f->agent);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  kefu_test_engine_close (data, &f->spec);
  kefu_test_dir_teardown (&f->dir, data);
}

static gint64
log_ticket (Fixture    *f,
            int         level,
            const char *description)
{
  KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", level, f->building, f->unit, NULL, f->owner,
                        NULL, NULL, description, 0 };
  g_autoptr(GError) error = NULL;
  gint64 id = kefu_desk_create_ticket (f->store, &d, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static char *
status_of (Fixture *f,
           gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTicket) t = kefu_desk_get_ticket (f->store, id, &error);

  g_assert_no_error (error);
  return g_strdup (kefu_ticket_get_status (t));
}

static char *
event_kinds (Fixture *f,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) events = kefu_desk_list_events (f->store, id, &error);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (events)); i++)
    {
      g_autoptr(KefuTicketEvent) e = g_list_model_get_item (G_LIST_MODEL (events), i);
      g_string_append_printf (s, "%s%s", i ? " " : "", kefu_ticket_event_get_kind (e));
      if (kefu_ticket_event_get_to_status (e) != NULL && !g_str_equal (kefu_ticket_event_get_kind (e), "created"))
        g_string_append_printf (s, ":%s", kefu_ticket_event_get_to_status (e));
    }
  return g_string_free (s, FALSE);
}

static void
test_five_facts (Fixture       *f,
                 gconstpointer  data)
{
  KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 0, 0, 0, NULL, 0, NULL, NULL, "  ", 0 };
  g_autoptr(GError) error = NULL;
  KefuFacts missing = kefu_draft_missing_facts (f->store, &d);
  g_autofree char *number = NULL;
  gint64 id;

  g_assert_cmpint (missing, ==, KEFU_FACT_ADDRESS | KEFU_FACT_UNIT | KEFU_FACT_NEED | KEFU_FACT_URGENCY | KEFU_FACT_CONTACT);
  g_assert_cmpint (kefu_desk_create_ticket (f->store, &d, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "unit"));
  g_assert_nonnull (strstr (error->message, "urgency"));
  g_clear_error (&error);

  /* The owner's phone counts as the contact; a common area as the unit. */
  d.building_id = f->building;
  d.common_area = "电梯";
  d.owner_id = f->owner;
  d.level = 3;
  d.description = "电梯按钮失灵";
  g_assert_cmpint (kefu_draft_missing_facts (f->store, &d), ==, 0);
  id = kefu_desk_create_ticket (f->store, &d, &error);
  g_assert_no_error (error);
  number = g_strdup_printf ("SELECT location = '3栋 电梯' AND unit_id IS NULL AND "
                            "contact_phone = (SELECT phone FROM owners WHERE id = owner_id) "
                            "FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (scalar (f, number), ==, 1);
  g_assert_cmpint (id, ==, scalar (f, "SELECT max(id) FROM tickets"));
}

static void
test_numbers_and_first_contact (Fixture       *f,
                                gconstpointer  data)
{
  gint64 a = log_ticket (f, 3, "厨房水龙头漏水");
  gint64 b;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTicket) ta = kefu_desk_get_ticket (f->store, a, &error);
  g_autoptr(KefuTicket) tb = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (f->store));
  g_autofree char *prefix = g_date_time_format (now, "GD%Y%m%d");
  g_autofree char *events = NULL;

  kefu_store_set_actor (f->store, f->other_agent);
  b = log_ticket (f, 3, "楼道灯不亮，太离谱了");
  tb = kefu_desk_get_ticket (f->store, b, &error);
  g_assert_true (g_str_has_prefix (kefu_ticket_get_number (ta), prefix));
  g_assert_cmpint (strcmp (kefu_ticket_get_number (tb), kefu_ticket_get_number (ta)), >, 0);
  g_assert_cmpuint (strlen (kefu_ticket_get_number (ta)), ==, 14);
  g_assert_cmpstr (kefu_ticket_get_location (ta), ==, "3栋502");
  g_assert_cmpstr (kefu_ticket_get_agent_name (ta), ==, "陈静");
  g_assert_cmpstr (kefu_ticket_get_agent_name (tb), ==, "刘洋");
  g_assert_false (kefu_ticket_get_flagged (ta));
  g_assert_true (kefu_ticket_get_flagged (tb));
  events = event_kinds (f, a);
  g_assert_cmpstr (events, ==, "created");

  /* Nobody signed in: nothing is written. */
  kefu_store_set_actor (f->store, 0);
  {
    KefuTicketDraft d = { "phone", "repair", NULL, 3, f->building, f->unit, NULL, f->owner, NULL, NULL, "x", 0 };
    g_assert_cmpint (kefu_desk_create_ticket (f->store, &d, &error), ==, 0);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  }
}

static void
test_walk_to_closure (Fixture       *f,
                      gconstpointer  data)
{
  gint64 id = log_ticket (f, 3, "卫生间天花板漏水");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTicket) t = NULL;
  g_autofree char *events = NULL;
  g_autofree char *status = NULL;

  g_assert_true (kefu_desk_log_call (f->store, id, "已致电业主，约今天下午上门", &error));
  g_assert_true (kefu_desk_dispatch (f->store, id, f->team, f->tech_a, NULL, &error));
  g_assert_true (kefu_desk_move (f->store, id, "accepted", NULL, &error));
  g_assert_true (kefu_desk_move (f->store, id, "on_site", NULL, &error));
  g_assert_true (kefu_desk_move (f->store, id, "on_hold", "等待配件到货", &error));
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "on_hold");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT on_hold_since IS NOT NULL AND hold_reason = '等待配件到货' "
                                            "FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
    g_assert_cmpint (scalar (f, sql), ==, 1);
  }
  g_assert_true (kefu_desk_resume (f->store, id, &error));
  g_clear_pointer (&status, g_free);
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "on_site");
  g_assert_true (kefu_desk_move (f->store, id, "resolved", NULL, &error));
  g_assert_true (kefu_desk_follow_up (f->store, id, 5, TRUE, "师傅很专业", &error));
  g_assert_no_error (error);

  t = kefu_desk_get_ticket (f->store, id, &error);
  g_assert_cmpstr (kefu_ticket_get_status (t), ==, "closed");
  g_assert_cmpint (kefu_ticket_get_satisfaction (t), ==, 5);
  g_assert_cmpstr (kefu_ticket_get_technician_name (t), !=, NULL);
  for (KefuTicketMilestone m = KEFU_TICKET_CREATED; m <= KEFU_TICKET_CLOSED; m++)
    g_assert_cmpint (kefu_ticket_get_milestone (t, m), >, 0);
  g_assert_cmpint (kefu_ticket_get_milestone (t, KEFU_TICKET_CANCELLED), ==, 0);
  events = event_kinds (f, id);
  g_assert_cmpstr (events, ==, "created call assign status:dispatched status:accepted status:on_site "
                               "status:on_hold status:on_site status:resolved followup status:closed");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM ticket_events WHERE ticket_id = (SELECT max(id) FROM tickets) "
                              "AND user_id = (SELECT id FROM users WHERE login = 'chenjing')"), ==, 11);
  g_assert_cmpint (scalar (f, "SELECT on_hold_since IS NULL AND held_from IS NULL AND paused_seconds >= 0 FROM tickets WHERE id = (SELECT max(id) FROM tickets)"), ==, 1);
}

/* Puts a new ticket into @status by legal moves. */
static gint64
ticket_in (Fixture    *f,
           const char *status)
{
  gint64 id = log_ticket (f, 3, "测试工单");
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (g_str_equal (status, "new"))
    return id;
  if (g_str_equal (status, "cancelled"))
    ok = kefu_test_cancel_ticket (f->store, id, "业主撤回", &error);
  else if (g_str_equal (status, "on_hold"))
    ok = kefu_desk_move (f->store, id, "on_hold", "等业主在家", &error);
  else
    {
      ok = kefu_desk_dispatch (f->store, id, f->team, f->tech_a, NULL, &error);
      if (ok && !g_str_equal (status, "dispatched"))
        ok = kefu_desk_move (f->store, id, "accepted", NULL, &error);
      if (ok && !g_str_equal (status, "dispatched") && !g_str_equal (status, "accepted"))
        ok = kefu_desk_move (f->store, id, "on_site", NULL, &error);
      if (ok && (g_str_equal (status, "resolved") || g_str_equal (status, "closed") || g_str_equal (status, "reopened")))
        ok = kefu_desk_move (f->store, id, "resolved", NULL, &error);
      if (ok && g_str_equal (status, "closed"))
        ok = kefu_desk_follow_up (f->store, id, 4, TRUE, NULL, &error);
      if (ok && g_str_equal (status, "reopened"))
        ok = kefu_desk_follow_up (f->store, id, 2, TRUE, "还是漏", &error);
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  {
    g_autofree char *now = status_of (f, id);
    g_assert_cmpstr (now, ==, status);
  }
  return id;
}

static void
test_every_illegal_move_refused (Fixture       *f,
                                 gconstpointer  data)
{
  guint n;
  const KefuCode *statuses = kefu_codes (KEFU_CODES_STATUS, &n);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        const char *from = statuses[i].code, *to = statuses[j].code;
        g_autofree char *pair = g_strdup_printf ("%s>%s", from, to);
        g_autoptr(GError) error = NULL;
        g_autofree char *after = NULL;
        gint64 id;

        if (g_strv_contains (legal, pair))
          continue;
        id = ticket_in (f, from);
        if (g_str_equal (to, "dispatched"))
          g_assert_false (kefu_desk_dispatch (f->store, id, f->team, f->tech_b, NULL, &error) &&
                          !g_str_equal (from, "dispatched") && !g_str_equal (from, "accepted"));
        else
          g_assert_false (kefu_desk_move (f->store, id, to, "原因", &error));
        after = status_of (f, id);
        /* reassigning a dispatched/accepted ticket is allowed and is not a status move */
        if (!g_str_equal (to, "dispatched") || (!g_str_equal (from, "dispatched") && !g_str_equal (from, "accepted")))
          {
            g_assert_nonnull (error);
            g_assert_cmpstr (after, ==, from);
          }
      }
}

static void
test_every_legal_move_accepted (Fixture       *f,
                                gconstpointer  data)
{
  for (guint i = 0; legal[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (legal[i], ">", 2);
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      gboolean ok;
      gint64 id;

      if (g_str_equal (pair[0], "on_hold"))
        {
          /* resuming returns to the held state: hold from that state first */
          const char *back = g_str_equal (pair[1], "cancelled") ? "new" : pair[1];
          if (g_str_equal (back, "reopened") || g_str_equal (back, "dispatched") ||
              g_str_equal (back, "accepted") || g_str_equal (back, "on_site"))
            id = ticket_in (f, back);
          else
            id = ticket_in (f, "new");
          g_assert_true (kefu_desk_move (f->store, id, "on_hold", "等待", &error));
          ok = g_str_equal (pair[1], "cancelled") ? kefu_test_cancel_ticket (f->store, id, "撤回", &error)
                                                  : kefu_desk_resume (f->store, id, &error);
        }
      else
        {
          id = ticket_in (f, pair[0]);
          if (g_str_equal (pair[1], "dispatched"))
            ok = kefu_desk_dispatch (f->store, id, f->team, f->tech_a, NULL, &error);
          else if (g_str_equal (pair[1], "closed"))
            ok = kefu_desk_follow_up (f->store, id, 5, TRUE, NULL, &error);
          else if (g_str_equal (pair[1], "cancelled"))
            ok = kefu_test_cancel_ticket (f->store, id, "原因", &error);
          else
            ok = kefu_desk_move (f->store, id, pair[1], "原因", &error);
        }
      if (!ok)
        g_error ("%s refused: %s", legal[i], error ? error->message : "?");
      after = status_of (f, id);
      g_assert_cmpstr (after, ==, pair[1]);
    }
}

static void
test_reasons_required (Fixture       *f,
                       gconstpointer  data)
{
  gint64 id = log_ticket (f, 3, "门锁坏了");
  g_autoptr(GError) error = NULL;

  g_assert_false (kefu_desk_move (f->store, id, "on_hold", "  ", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kefu_desk_move (f->store, id, "cancelled", NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_test_cancel_ticket (f->store, id, "业主已自行修好", &error));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT cancel_reason = '业主已自行修好' AND cancelled_at > 0 "
                                            "FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
    g_assert_cmpint (scalar (f, sql), ==, 1);
  }
}

static void
test_urgent_needs_second_check (Fixture       *f,
                                gconstpointer  data)
{
  gint64 id = log_ticket (f, 2, "电梯困人，有老人被困");
  g_autoptr(GError) error = NULL;

  g_assert_false (kefu_desk_dispatch (f->store, id, f->team, f->tech_a, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* not by the agent who logged it */
  g_assert_false (kefu_desk_verify (f->store, id, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* not by a role that may not verify */
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_false (kefu_desk_verify (f->store, id, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->other_agent);
  g_assert_true (kefu_desk_verify (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_false (kefu_desk_verify (f->store, id, &error));
  g_clear_error (&error);
  g_assert_true (kefu_desk_dispatch (f->store, id, f->team, f->tech_a, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM ticket_events WHERE kind = 'verify' AND user_id = (SELECT id FROM users WHERE login = 'liuyang')"), ==, 1);
}

static void
test_low_rating_reopens (Fixture       *f,
                         gconstpointer  data)
{
  gint64 id = ticket_in (f, "resolved");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTicket) t = NULL;

  g_assert_false (kefu_desk_follow_up (f->store, id, 0, TRUE, NULL, &error));
  g_clear_error (&error);
  g_assert_true (kefu_desk_follow_up (f->store, id, 4, FALSE, "还在漏水", &error));
  t = kefu_desk_get_ticket (f->store, id, &error);
  g_assert_cmpstr (kefu_ticket_get_status (t), ==, "reopened");
  g_assert_cmpint (kefu_ticket_get_reopen_count (t), ==, 1);
  g_assert_cmpint (kefu_ticket_get_milestone (t, KEFU_TICKET_RESOLVED), ==, 0);
  g_assert_cmpint (kefu_ticket_get_satisfaction (t), ==, 4);
  /* a follow-up is only for resolved tickets */
  g_assert_false (kefu_desk_follow_up (f->store, id, 5, TRUE, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
}

static void
test_reassign (Fixture       *f,
               gconstpointer  data)
{
  gint64 id = ticket_in (f, "accepted");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTicket) t = NULL;
  g_autofree char *events = NULL;
  gint64 other_team = scalar (f, "SELECT id FROM teams WHERE name = '工程部'");

  g_assert_false (kefu_desk_dispatch (f->store, id, other_team, f->tech_b, NULL, &error));
  g_clear_error (&error);
  g_assert_true (kefu_desk_dispatch (f->store, id, f->team, f->tech_b, "李师傅请假", &error));
  t = kefu_desk_get_ticket (f->store, id, &error);
  g_assert_cmpstr (kefu_ticket_get_status (t), ==, "dispatched");
  events = event_kinds (f, id);
  g_assert_true (g_str_has_suffix (events, "assign status:dispatched"));
}

static void
test_related_and_recurring (Fixture       *f,
                            gconstpointer  data)
{
  gint64 first = log_ticket (f, 3, "卫生间漏水");
  gint64 second, third;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) related = kefu_desk_find_related (f->store, f->unit, NULL, "plumbing_electrical", 7, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (related->len, >=, 1);
  g_assert_cmpint (g_array_index (related, gint64, 0), ==, first);
  g_assert_cmpuint (kefu_desk_count_linked (f->store, first), ==, 1);

  {
    KefuTicketDraft d = { "wechat", "repair", "plumbing_electrical", 3, f->building, f->unit, NULL, f->owner,
                          NULL, NULL, "还是漏水", first };
    second = kefu_desk_create_ticket (f->store, &d, &error);
    g_assert_no_error (error);
  }
  third = log_ticket (f, 3, "第三次报漏水");
  g_assert_true (kefu_desk_link (f->store, third, second, &error));   /* linked to the first report */
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_desk_count_linked (f->store, first), ==, 3);
  g_assert_cmpuint (kefu_desk_count_linked (f->store, third), >=, KEFU_RECURRING_FAULT_REPORTS);
  g_assert_false (kefu_desk_link (f->store, third, third, &error));
}

static void
test_attachments (Fixture       *f,
                  gconstpointer  data)
{
  gint64 id = log_ticket (f, 3, "墙面渗水，附照片");
  guchar photo[4096];
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) files = NULL;
  g_autoptr(KefuChoice) first = NULL;
  g_autofree char *name = NULL;
  gint64 att;

  for (guint i = 0; i < sizeof photo; i++)
    photo[i] = (guchar) (i * 7);
  bytes = g_bytes_new (photo, sizeof photo);
  att = kefu_desk_add_attachment (f->store, id, "渗水.jpg", "image/jpeg", bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (att, >, 0);

  files = kefu_desk_list_attachments (f->store, id, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (files)), ==, 1);
  first = g_list_model_get_item (G_LIST_MODEL (files), 0);
  g_assert_cmpstr (kefu_choice_get_name (first), ==, "渗水.jpg");
  back = kefu_desk_get_attachment (f->store, att, &name, &error);
  g_assert_true (g_bytes_equal (back, bytes));
  g_assert_cmpstr (name, ==, "渗水.jpg");

  /* Too large: refused, nothing stored. */
  huge = g_bytes_new_take (g_malloc0 (KEFU_ATTACHMENT_MAX_BYTES + 1), KEFU_ATTACHMENT_MAX_BYTES + 1);
  g_assert_cmpint (kefu_desk_add_attachment (f->store, id, "video.mp4", "video/mp4", huge, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_store_count_rows (f->store, "ticket_attachments", &error), ==, 1);

  /* Another connection (another desk) reads the same photo. */
  {
    g_autoptr(KefuStore) other = kefu_store_open (f->spec, KEFU_STORE_OPEN_DEFAULT, &error);
    g_autoptr(GBytes) again = NULL;

    g_assert_no_error (error);
    again = kefu_desk_get_attachment (other, att, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (again, bytes));
  }
}

/* What the database's triggers do (SQLite's, and on a server the same in
 * PL/pgSQL: server migration 27): each timeline event is written to the
 * audit log by its id; the timeline and the log cannot be changed or
 * removed; a new ticket marks its day for the KPI roll-up. */
static void
test_triggers (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *events_audited = NULL;
  gint64 id, event, day;

  kefu_test_store_exec (f->store, "DELETE FROM kpi_dirty");
  id = log_ticket (f, 3, "阳台地漏返水");
  event = scalar (f, "SELECT max(id) FROM ticket_events");
  day = scalar (f, "SELECT max(created_at) / 86400 FROM tickets");
  g_assert_cmpint (scalar (f, "SELECT ticket_id FROM ticket_events ORDER BY id DESC LIMIT 1"), ==, id);
  events_audited = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE subject_table = 'tickets' AND subject_id = %"
                                    G_GINT64_FORMAT " AND action = 'ticket_created' AND detail = 'event=%" G_GINT64_FORMAT "'",
                                    id, scalar (f, "SELECT min(id) FROM ticket_events WHERE ticket_id = (SELECT max(id) FROM tickets)"));
  g_assert_cmpint (scalar (f, events_audited), ==, 1);
  {
    g_autofree char *marked = g_strdup_printf ("SELECT count(*) FROM kpi_dirty WHERE utc_day = %" G_GINT64_FORMAT, day);
    g_assert_cmpint (scalar (f, marked), ==, 1);
  }

  g_assert_false (kefu_query_exec (f->store, "UPDATE ticket_events SET body = 'x' WHERE id = ?1", event, 0, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kefu_query_exec (f->store, "DELETE FROM ticket_events WHERE id = ?1", event, 0, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kefu_query_exec (f->store, "UPDATE audit_log SET detail = 'x' WHERE id = ?1",
                                   scalar (f, "SELECT max(id) FROM audit_log"), 0, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kefu_query_exec (f->store, "DELETE FROM audit_log WHERE id = ?1",
                                   scalar (f, "SELECT max(id) FROM audit_log"), 0, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, events_audited), ==, 1);
}

/* Whether @list holds the choice with id @id */
static gboolean
has_choice (GListStore *list,
            gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (kefu_choice_get_id (c) == id)
        return TRUE;
    }
  return FALSE;
}

/* What intake looks up: an owner by phone digits, name, pinyin initials
 * or unit as people write it, with their history; the buildings in
 * number order (2栋 before 10栋), a building's places; agents, teams and
 * technicians to pick from */
static void
test_lookups (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = kefu_test_store_text (f->store, "SELECT phone FROM owners o WHERE id = (SELECT owner_id FROM owner_units "
                                                           "WHERE unit_id = (SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id "
                                                           "WHERE b.name = '3栋' AND u.name = '502'))");
  g_autofree char *name = NULL, *initials = NULL, *summary = NULL;
  g_autofree char *sql = NULL;
  const char *typed[4];
  double mean = 0;
  guint n_tickets = 0;
  gint64 previous = -1;

  g_assert_nonnull (phone);
  sql = g_strdup_printf ("SELECT name FROM owners WHERE id = %" G_GINT64_FORMAT, f->owner);
  name = kefu_test_store_text (f->store, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT name_initials FROM owners WHERE id = %" G_GINT64_FORMAT, f->owner);
  initials = kefu_test_store_text (f->store, sql);
  typed[0] = phone + 7;   /* the last four digits */
  typed[1] = name;
  typed[2] = initials;
  typed[3] = "3-502";
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(GListStore) found = kefu_desk_find_owners (f->store, typed[i], 50, &error);

      g_assert_no_error (error);
      g_assert_true (has_choice (found, f->owner));
    }
  {
    g_autoptr(GListStore) none = kefu_desk_find_owners (f->store, "没有这个人%", 50, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (none)), ==, 0);
  }

  log_ticket (f, 3, "厨房水龙头滴水");
  summary = kefu_desk_owner_summary (f->store, f->owner, &mean, &n_tickets, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE owner_id = %" G_GINT64_FORMAT, f->owner);
  g_assert_cmpint (n_tickets, ==, scalar (f, sql));
  g_assert_cmpint (n_tickets, >=, 1);

  {
    g_autoptr(GListStore) buildings = kefu_desk_list_buildings (f->store, &error);
    g_autoptr(GListStore) places = kefu_desk_list_places (f->store, f->building, &error);
    g_autoptr(GListStore) agents = kefu_desk_list_agents (f->store, &error);
    g_autoptr(GListStore) teams = kefu_desk_list_teams (f->store, &error);
    g_autoptr(GListStore) techs = kefu_desk_list_technicians (f->store, f->team, &error);

    g_assert_no_error (error);
    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (buildings)), ==, scalar (f, "SELECT count(*) FROM buildings"));
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (buildings)); i++)
      {
        g_autoptr(KefuChoice) c = g_list_model_get_item (G_LIST_MODEL (buildings), i);
        gint64 number = g_ascii_strtoll (kefu_choice_get_name (c), NULL, 10);

        g_assert_cmpint (number, >, previous);
        previous = number;
      }
    g_assert_cmpint (previous, >=, 10);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (places)), >, 0);
    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (agents)), ==,
                     scalar (f, "SELECT count(*) FROM users WHERE role = 'agent' AND active <> 0"));
    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (teams)), ==, scalar (f, "SELECT count(*) FROM teams"));
    g_assert_true (has_choice (techs, f->tech_a));
    g_assert_true (has_choice (techs, f->tech_b));
  }
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;
  gint64 supervisor = scalar (f, "SELECT id FROM users WHERE login = 'xuqiang'");
  gint64 id;
  g_autoptr(KefuTicket) t = NULL;

  g_assert_cmpint (kefu_intake_get_related_days (f->store), ==, KEFU_DEFAULT_RELATED_DAYS);
  /* an agent may not change the center's settings */
  g_assert_false (kefu_intake_set_related_days (f->store, 14, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  kefu_store_set_actor (f->store, supervisor);
  g_assert_false (kefu_intake_set_related_days (f->store, 0, &error));
  g_clear_error (&error);
  g_assert_true (kefu_intake_set_related_days (f->store, 14, &error));
  g_assert_cmpint (kefu_intake_get_related_days (f->store), ==, 14);
  g_assert_true (kefu_intake_set_emotion_words (f->store, " 太离谱，物业经理、\n, 举报 ", &error));
  words = kefu_intake_get_emotion_words (f->store);
  g_assert_cmpstr (words, ==, "太离谱,物业经理,举报");

  /* the new word flags a new ticket */
  kefu_store_set_actor (f->store, f->agent);
  id = log_ticket (f, 3, "我要向物业经理反映楼道照明问题");
  t = kefu_desk_get_ticket (f->store, id, &error);
  g_assert_true (kefu_ticket_get_flagged (t));
}

/* Durations in one style whatever their size: 117 minutes reads
 * "1 h 57 min" next to "2 h", not "117 minutes" next to "2 hours"; rounded
 * up to the minute, late or left alike. */
static void
test_durations_one_style (void)
{
  static const struct { gint64 seconds; const char *text; } cases[] = {
    { 0, "0 min" }, { 1, "1 min" }, { 45 * 60, "45 min" }, { 59 * 60 + 1, "1 h" },
    { 117 * 60, "1 h 57 min" }, { 120 * 60, "2 h" }, { 125 * 60, "2 h 05 min" },
    { 47 * 3600 + 59 * 60, "47 h 59 min" }, { 48 * 3600, "2 d" }, { 76 * 3600 + 30 * 60, "3 d 4 h" },
    { -117 * 60, "1 h 57 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = kefu_format_duration (cases[i].seconds);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static gboolean
scalar_is_unit (Fixture *f,
                gint64   id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT unit_id = %" G_GINT64_FORMAT " FROM tickets WHERE id = %" G_GINT64_FORMAT,
                                          f->unit, id);
  return scalar (f, sql) == 1;
}

/* Resolving records the work done, the materials and photos, on the
 * ticket and in its timeline, in one step; without the work it is refused. */
static gint64
resolve (Fixture    *f,
         gint64      id,
         const char *work)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_desk_resolve (f->store, id, work, NULL, NULL, 0, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_resolve_records_the_work (Fixture       *f,
                               gconstpointer  data)
{
  gint64 id = log_ticket (f, 3, "厨房水龙头漏水");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff\xe0 not really a photo", 22);
  KefuPhoto photos[] = { { "换阀后.jpg", "image/jpeg", jpeg } };
  g_autoptr(GListStore) files = NULL;
  g_autoptr(GListStore) events = NULL;
  g_autoptr(KefuTicketEvent) last = NULL;
  g_autofree char *status = NULL;
  g_autofree char *work = NULL;
  g_autofree char *materials = NULL;

  /* no work said: refused, nothing changed */
  g_assert_false (kefu_desk_resolve (f->store, id, "   ", "生料带", NULL, 0, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "new");

  g_assert_true (kefu_desk_resolve (f->store, id, " 更换角阀，试水无渗漏 ", "角阀 1 个，生料带", photos, 1, &error));
  g_assert_no_error (error);
  g_free (status);
  status = status_of (f, id);
  g_assert_cmpstr (status, ==, "resolved");
  work = kefu_desk_get_work_done (f->store, id, &materials);
  g_assert_cmpstr (work, ==, "更换角阀，试水无渗漏");
  g_assert_cmpstr (materials, ==, "角阀 1 个，生料带");
  files = kefu_desk_list_attachments (f->store, id, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (files)), ==, 1);
  events = kefu_desk_list_events (f->store, id, &error);
  last = g_list_model_get_item (G_LIST_MODEL (events), g_list_model_get_n_items (G_LIST_MODEL (events)) - 1);
  g_assert_cmpstr (kefu_ticket_event_get_to_status (last), ==, "resolved");
  g_assert_nonnull (strstr (kefu_ticket_event_get_body (last), "更换角阀，试水无渗漏"));
  g_assert_nonnull (strstr (kefu_ticket_event_get_body (last), "角阀 1 个，生料带"));

  /* a resolved ticket is not resolved again */
  g_assert_false (kefu_desk_resolve (f->store, id, "再修一次", NULL, NULL, 0, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
}

/* 回访 on hand-made tickets, one day far from the sample's: not reached
 * schedules the next try, three close the ticket as unreachable (apart
 * in the follow-up rate); every rating is kept, the final one counts. */
static void
test_follow_up_tries_and_ratings (Fixture       *f,
                                  gconstpointer  data)
{
  gint64 day = TEST_NOW + 100 * 86400;
  gint64 a, b, c, d, retry_at = 0;
  gboolean unreachable = TRUE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ratings = NULL;
  g_autoptr(KefuKpiReport) r = NULL;
  g_autoptr(KefuTicket) tb = NULL;
  g_autofree char *status = NULL;

  kefu_store_set_now (f->store, day);
  a = resolve (f, log_ticket (f, 3, "A 灯不亮"), "更换灯泡");
  b = resolve (f, log_ticket (f, 3, "B 下水道堵塞"), "疏通下水道");
  c = resolve (f, log_ticket (f, 3, "C 门铃坏了"), "更换门铃");
  d = resolve (f, log_ticket (f, 3, "D 窗户关不上"), "调整合页");

  kefu_store_set_now (f->store, day + 2 * 3600);
  g_assert_true (kefu_desk_follow_up (f->store, a, 5, TRUE, NULL, &error));
  /* B: rated 2, reopened, resolved again and rated 4: both are kept */
  g_assert_true (kefu_desk_follow_up (f->store, b, 2, TRUE, "还是堵", &error));
  resolve (f, b, "更换存水弯");
  g_assert_true (kefu_desk_follow_up (f->store, b, 4, TRUE, NULL, &error));
  g_assert_no_error (error);
  ratings = kefu_desk_list_ratings (f->store, b, &error);
  g_assert_cmpuint (ratings->len, ==, 2);
  g_assert_cmpint (g_array_index (ratings, int, 0), ==, 2);
  g_assert_cmpint (g_array_index (ratings, int, 1), ==, 4);
  tb = kefu_desk_get_ticket (f->store, b, &error);
  g_assert_cmpint (kefu_ticket_get_satisfaction (tb), ==, 4);
  g_assert_cmpstr (kefu_ticket_get_status (tb), ==, "closed");

  /* C: nobody answers three times */
  for (int i = 1; i <= KEFU_FOLLOW_UP_TRIES; i++)
    {
      g_autoptr(GListStore) events = NULL;
      g_autoptr(KefuTicketEvent) e = NULL;
      gint64 now = day + i * 4 * 3600;

      kefu_store_set_now (f->store, now);
      g_assert_true (kefu_desk_follow_up_unreachable (f->store, c, i == 1 ? "无人接听" : NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (kefu_desk_get_follow_up_tries (f->store, c, &retry_at, &unreachable), ==, (guint) i);
      g_free (status);
      status = status_of (f, c);
      events = kefu_desk_list_events (f->store, c, &error);
      if (i < KEFU_FOLLOW_UP_TRIES)
        {
          g_assert_cmpstr (status, ==, "resolved");
          g_assert_false (unreachable);
          g_assert_cmpint (retry_at, ==, now + KEFU_FOLLOW_UP_RETRY_HOURS * 3600);
          e = g_list_model_get_item (G_LIST_MODEL (events), g_list_model_get_n_items (G_LIST_MODEL (events)) - 1);
          g_assert_cmpstr (kefu_ticket_event_get_kind (e), ==, "followup");
        }
      else
        {
          g_assert_cmpstr (status, ==, "closed");
          g_assert_true (unreachable);
          g_assert_cmpint (retry_at, ==, 0);
          e = g_list_model_get_item (G_LIST_MODEL (events), g_list_model_get_n_items (G_LIST_MODEL (events)) - 1);
          g_assert_cmpstr (kefu_ticket_event_get_to_status (e), ==, "closed");
        }
    }
  /* closed: no fourth try */
  g_assert_false (kefu_desk_follow_up_unreachable (f->store, c, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&ratings, g_array_unref);
  ratings = kefu_desk_list_ratings (f->store, c, &error);
  g_assert_cmpuint (ratings->len, ==, 0);

  /* D: not reached once, then reached: the tries start again from none */
  g_assert_true (kefu_desk_follow_up_unreachable (f->store, d, NULL, &error));
  g_assert_true (kefu_desk_follow_up (f->store, d, 5, TRUE, NULL, &error));
  g_assert_cmpuint (kefu_desk_get_follow_up_tries (f->store, d, &retry_at, &unreachable), ==, 0);
  g_assert_false (unreachable);

  /* the day's figures: four resolved, C counted apart; B's final rating only */
  r = kefu_kpi_compute (f->store, day - 3600, day + 86400, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->resolved, ==, 4);
  g_assert_cmpint (r->unreachable, ==, 1);
  g_assert_cmpint (r->followed_up, ==, 3);
  g_assert_cmpfloat_with_epsilon (r->value[KEFU_KPI_FOLLOW_UP_RATE], 1.0, 1e-9);
  g_assert_cmpint (r->ratings, ==, 3);
  g_assert_cmpfloat_with_epsilon (r->value[KEFU_KPI_SATISFACTION], (5 + 4 + 5) / 3.0 * 20, 1e-9);
  /* B, reopened once, is the one repeat */
  g_assert_cmpint (r->resolved_first_time, ==, 3);
  g_assert_cmpfloat_with_epsilon (r->value[KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE], 0.75, 1e-9);
}

/* Intake shows every ticket at the unit, whoever reported it; only an open
 * ticket takes a repeat. */
static void
test_unit_history_and_open_links (Fixture       *f,
                                  gconstpointer  data)
{
  gint64 other = scalar (f, "SELECT min(id) FROM owners WHERE id NOT IN "
                            "(SELECT owner_id FROM owner_units WHERE unit_id = (SELECT u.id FROM units u JOIN buildings b "
                            "ON b.id = u.building_id WHERE b.name = '3栋' AND u.name = '502'))");
  KefuTicketDraft by_other = { "phone", "repair", "plumbing_electrical", 3, f->building, f->unit, NULL, other,
                               NULL, "13800001111", "租客报：阳台地漏返水", 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) history = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  gint64 closed, open, linked;
  gboolean seen_closed = FALSE, seen_open = FALSE, finished_yet = FALSE;
  guint finished = 0;

  g_assert_cmpint (other, >, 0);
  g_assert_cmpint (other, !=, f->owner);
  closed = kefu_desk_create_ticket (f->store, &by_other, &error);
  g_assert_no_error (error);
  resolve (f, closed, "疏通地漏");
  g_assert_true (kefu_desk_follow_up (f->store, closed, 5, TRUE, NULL, &error));
  open = log_ticket (f, 3, "卫生间漏水");

  history = kefu_desk_unit_history (f->store, f->unit, f->owner, 5, &error);
  g_assert_no_error (error);
  tickets = kefu_desk_load_tickets (f->store, (gint64 *) history->data, history->len, &error);
  for (guint i = 0; i < tickets->len; i++)
    {
      KefuTicket *t = tickets->pdata[i];
      gboolean is_open = kefu_status_is_open (kefu_ticket_get_status (t));

      seen_closed |= kefu_ticket_get_id (t) == closed;
      seen_open |= kefu_ticket_get_id (t) == open;
      /* the unit's or the caller's, open ones first, at most five finished */
      g_assert_true (kefu_ticket_get_owner_id (t) == f->owner ||
                     scalar_is_unit (f, kefu_ticket_get_id (t)));
      g_assert_false (is_open && finished_yet);
      finished_yet |= !is_open;
      finished += !is_open;
    }
  g_assert_true (seen_closed);
  g_assert_true (seen_open);
  g_assert_cmpuint (finished, <=, 5);

  /* a finished ticket is reopened, not linked to */
  {
    KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 3, f->building, f->unit, NULL, f->owner,
                          NULL, NULL, "地漏又返水", closed };
    g_assert_cmpint (kefu_desk_create_ticket (f->store, &d, &error), ==, 0);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
    g_clear_error (&error);
    d.link_to = open;
    linked = kefu_desk_create_ticket (f->store, &d, &error);
    g_assert_no_error (error);
    g_assert_cmpint (linked, >, 0);
  }
}

/* A save with the intake's client key (#20, schema 31) */
static gint64
log_keyed (Fixture     *f,
           const char  *key,
           const char  *description,
           GError     **error)
{
  KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 3, f->building, f->unit, NULL, f->owner,
                        NULL, NULL, description, 0 };

  return kefu_desk_create_ticket_keyed (f->store, &d, key, error);
}

static char *
number_of (Fixture *f,
           gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTicket) t = kefu_desk_get_ticket (f->store, id, &error);

  g_assert_no_error (error);
  return g_strdup (kefu_ticket_get_number (t));
}

/* The tickets that carry @key */
static gint64
with_key (Fixture    *f,
          const char *key)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE client_key = '%s'", key);

  return scalar (f, sql);
}

/* The day's sequence of a number: GD20261207 0007 → 7 */
static guint64
sequence_of (const char *number)
{
  guint64 seq = 0;

  g_assert_true (g_ascii_string_to_unsigned (number + 10, 10, 0, G_MAXUINT32, &seq, NULL));
  return seq;
}

/* The same intake saved twice with its key is one ticket: the second
 * save returns the first's id and number, writes nothing, and takes no
 * number from the day's sequence. Without a key, two saves are two. */
static void
test_client_key (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *other_key = g_uuid_string_random ();
  g_autofree char *number = NULL, *again_number = NULL, *next_number = NULL, *events = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = scalar (f, "SELECT count(*) FROM tickets");
  gint64 id, again, next, plain_a, plain_b;

  id = log_keyed (f, key, "厨房水龙头漏水", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  number = number_of (f, id);

  again = log_keyed (f, key, "厨房水龙头漏水", &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, id);
  again_number = number_of (f, again);
  g_assert_cmpstr (again_number, ==, number);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets"), ==, before + 1);
  g_assert_cmpint (with_key (f, key), ==, 1);
  events = event_kinds (f, id);
  g_assert_cmpstr (events, ==, "created");

  /* the next intake (its own key) has the next number: none was spent */
  next = log_keyed (f, other_key, "楼道灯不亮", &error);
  g_assert_no_error (error);
  g_assert_cmpint (next, !=, id);
  next_number = number_of (f, next);
  g_assert_cmpuint (sequence_of (next_number), ==, sequence_of (number) + 1);

  /* no key: as before, every save a ticket */
  plain_a = log_ticket (f, 3, "门禁卡失灵");
  plain_b = log_ticket (f, 3, "门禁卡失灵");
  g_assert_cmpint (plain_a, !=, plain_b);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets"), ==, before + 4);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets WHERE client_key IS NULL"), ==,
                   scalar (f, "SELECT count(*) FROM tickets") - 2);
}

/* The server commits the ticket but the desk never hears so (the
 * connection drops after COMMIT): the desk is told the connection was
 * lost, and its next try of the same intake (same key) gets that ticket,
 * same id and number, and saves nothing twice. On a file a commit has
 * no answer to lose: the second try is still the same ticket. */
static void
test_lost_reply (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *other_key = g_uuid_string_random ();
  g_autofree char *kept_sql = g_strdup_printf ("SELECT id FROM tickets WHERE client_key = '%s'", key);
  g_autofree char *kept_number = NULL, *retry_number = NULL, *next_number = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = scalar (f, "SELECT count(*) FROM tickets");
  gint64 kept, retry, next;

  if (kefu_test_engine_is_server (data))
    {
      g_assert_true (kefu_engine_pg_lose_next_commit_reply (kefu_store_get_engine (f->store)));
      g_assert_cmpint (log_keyed (f, key, "卫生间漏水，楼下天花板渗水", &error), ==, 0);
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
      g_assert_nonnull (strstr (error->message, "may have kept it"));
      g_clear_error (&error);
    }
  else
    {
      g_assert_null (kefu_store_get_engine (f->store));
      g_assert_cmpint (log_keyed (f, key, "卫生间漏水，楼下天花板渗水", &error), >, 0);
      g_assert_no_error (error);
    }
  /* the server kept it (read on a new connection) */
  kept = scalar (f, kept_sql);
  g_assert_cmpint (kept, >, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets"), ==, before + 1);
  kept_number = number_of (f, kept);

  /* the desk tries again: the same ticket, nothing saved twice */
  retry = log_keyed (f, key, "卫生间漏水，楼下天花板渗水", &error);
  g_assert_no_error (error);
  g_assert_cmpint (retry, ==, kept);
  retry_number = number_of (f, retry);
  g_assert_cmpstr (retry_number, ==, kept_number);
  g_assert_cmpint (with_key (f, key), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets"), ==, before + 1);

  /* and the next intake's number follows it */
  next = log_keyed (f, other_key, "楼道灯不亮", &error);
  g_assert_no_error (error);
  next_number = number_of (f, next);
  g_assert_cmpuint (sequence_of (next_number), ==, sequence_of (kept_number) + 1);
}

typedef struct {
  Fixture    *f;
  const char *key;
  gint64      id;
  GError     *error;
} KeyedSave;

static gpointer
keyed_save_thread (gpointer data)
{
  KeyedSave *save = data;

  save->id = log_keyed (save->f, save->key, "卫生间漏水，楼下天花板渗水", &save->error);
  return NULL;
}

/* Two tries of one intake on the server at once: the first (another
 * connection) has inserted the ticket and not committed yet when the
 * second looks for the key, finds none and inserts; its INSERT waits for
 * the first, then does nothing, and the second returns the first's
 * ticket. Its transaction is taken back whole: the day's number it drew
 * is given to the next intake. (A file has one writer at a time.) */
static void
test_key_taken_meanwhile (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *other_key = g_uuid_string_random ();
  g_autofree char *earlier_key = g_uuid_string_random ();
  g_autofree char *insert = NULL, *first_number = NULL, *next_number = NULL;
  g_autofree char *first_sql = g_strdup_printf ("SELECT id FROM tickets WHERE client_key = '%s'", key);
  g_autoptr(KefuEngine) first = NULL;
  g_autoptr(KefuEngine) look = NULL;
  g_autoptr(GError) error = NULL;
  KeyedSave save = { f, key, 0, NULL };
  GThread *thread;
  gint64 before, waiting = 0, earlier, next;

  if (!kefu_test_engine_is_server (data))
    {
      g_test_skip ("a file has one writer at a time");
      return;
    }
  earlier = log_keyed (f, earlier_key, "门禁卡失灵", &error);   /* the day's last number */
  g_assert_no_error (error);
  first_number = number_of (f, earlier);
  before = scalar (f, "SELECT count(*) FROM tickets");

  first = kefu_engine_connect_pg (f->spec, &error);
  g_assert_no_error (error);
  look = kefu_engine_connect_pg (f->spec, &error);
  g_assert_no_error (error);
  insert = g_strdup_printf ("INSERT INTO tickets (number, channel, kind, location, description, created_at, "
                            "updated_at, client_key) VALUES ('GD-first-try', 'phone', 'repair', '3栋502', "
                            "'卫生间漏水，楼下天花板渗水', 0, 0, '%s')", key);
  g_assert_true (kefu_engine_begin (first, &error));
  g_assert_true (kefu_engine_exec (first, insert, &error));
  g_assert_no_error (error);

  thread = g_thread_new ("second-try", keyed_save_thread, &save);
  /* until the second try's INSERT waits for the first's transaction */
  for (int i = 0; i < 3000 && waiting == 0; i++)
    {
      g_assert_true (kefu_engine_scalar (look, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                               "AND wait_event_type = 'Lock' AND wait_event = 'transactionid'",
                                         0, &waiting, &error));
      if (waiting == 0)
        g_usleep (10000);
    }
  g_assert_cmpint (waiting, ==, 1);
  g_assert_true (kefu_engine_commit (first, &error));
  g_assert_no_error (error);
  g_thread_join (thread);

  g_assert_no_error (save.error);
  g_assert_cmpint (save.id, ==, scalar (f, first_sql));
  g_assert_cmpint (with_key (f, key), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets"), ==, before + 1);
  /* the number the second try drew went back with its transaction */
  next = log_keyed (f, other_key, "楼道灯不亮", &error);
  g_assert_no_error (error);
  g_assert_cmpint (next, >, 0);
  next_number = number_of (f, next);
  g_assert_cmpuint (sequence_of (next_number), ==, sequence_of (first_number) + 1);
}

/* The owner's note: kept trimmed, by the acting user (audited, without
 * the text), emptied to none; too long or an owner that is not there is
 * refused, naming it, and changes nothing */
static void
test_owner_note (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM owners WHERE id = %" G_GINT64_FORMAT
                                          " AND note = '独居老人，来电请说慢些'", f->owner);
  g_autofree char *audited = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'owner_note' AND subject_id = %"
                                              G_GINT64_FORMAT " AND user_id = %" G_GINT64_FORMAT " AND detail IS NULL",
                                              f->owner, f->agent);
  GString *long_note = g_string_new (NULL);

  g_assert_true (kefu_desk_set_owner_note (f->store, f->owner, "  独居老人，来电请说慢些 \n", &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, sql), ==, 1);
  g_assert_cmpint (scalar (f, audited), ==, 1);
  note = kefu_desk_get_owner_note (f->store, f->owner, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (note, ==, "独居老人，来电请说慢些");

  for (guint i = 0; i < KEFU_OWNER_NOTE_MAX + 1; i++)
    g_string_append (long_note, "长");
  g_assert_false (kefu_desk_set_owner_note (f->store, f->owner, long_note->str, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "201"));
  g_clear_error (&error);
  g_string_free (long_note, TRUE);
  g_assert_cmpint (scalar (f, sql), ==, 1);
  g_assert_false (kefu_desk_set_owner_note (f->store, 999999, "备注", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "999999"));
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, audited), ==, 1);

  g_assert_true (kefu_desk_set_owner_note (f->store, f->owner, "   ", &error));
  g_assert_no_error (error);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM owners WHERE id = %" G_GINT64_FORMAT " AND note IS NULL", f->owner);
  g_assert_cmpint (scalar (f, sql), ==, 1);
  g_clear_pointer (&note, g_free);
  note = kefu_desk_get_owner_note (f->store, f->owner, &error);
  g_assert_cmpstr (note, ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/lifecycle/rules", test_rules);
  g_test_add_func ("/core/lifecycle/durations-one-style", test_durations_one_style);
  g_test_add_func ("/core/lifecycle/taboo-emotion-level", test_taboo_and_emotion);
#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)
  ADD ("/core/intake/five-facts", test_five_facts);
  ADD ("/core/intake/numbers-and-first-contact", test_numbers_and_first_contact);
  ADD ("/core/intake/client-key-saves-once", test_client_key);
  ADD ("/core/intake/lost-reply-saves-once", test_lost_reply);
  ADD ("/core/intake/key-taken-meanwhile", test_key_taken_meanwhile);
  ADD ("/core/lifecycle/walk-to-closure", test_walk_to_closure);
  ADD ("/core/lifecycle/every-illegal-move-refused", test_every_illegal_move_refused);
  ADD ("/core/lifecycle/every-legal-move-accepted", test_every_legal_move_accepted);
  ADD ("/core/lifecycle/reasons-required", test_reasons_required);
  ADD ("/core/lifecycle/urgent-needs-second-check", test_urgent_needs_second_check);
  ADD ("/core/lifecycle/low-rating-reopens", test_low_rating_reopens);
  ADD ("/core/lifecycle/reassign", test_reassign);
  ADD ("/core/intake/related-and-recurring", test_related_and_recurring);
  ADD ("/core/intake/attachments", test_attachments);
  ADD ("/core/intake/settings", test_settings);
  ADD ("/core/intake/triggers", test_triggers);
  ADD ("/core/intake/lookups", test_lookups);
  ADD ("/core/intake/owner-note", test_owner_note);
  ADD ("/core/intake/unit-history-and-open-links", test_unit_history_and_open_links);
  ADD ("/core/lifecycle/resolve-records-the-work", test_resolve_records_the_work);
  ADD ("/core/lifecycle/follow-up-tries-and-every-rating", test_follow_up_tries_and_ratings);
#undef ADD
  return g_test_run ();
}
