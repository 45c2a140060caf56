/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sla.c — each ticket's clocks: policies, due moments, holds */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "kefu-calendar-store.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-sla.h"
#include "kefu-test-desk.h"
#include "kefu-test-engines.h"

typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;
  char        *spec;       /* the file or the server's database */
  gint64       agent, other, team, tech, building, unit, owner;
} Fixture;


static gint64
at (const char *local)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi;

  g_assert_cmpint (sscanf (local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), ==, 5);
  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

static gint64
scalar (Fixture    *f,
        const char *sql)
{
  return kefu_test_store_scalar (f->store, sql);
}

static char *
when (Fixture    *f,
      const char *column,
      gint64      id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM tickets WHERE id = %" G_GINT64_FORMAT, column, id);
  gint64 t = scalar (f, sql);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (t <= 0)
    return g_strdup ("-");
  utc = g_date_time_new_from_unix_utc (t);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

#define ASSERT_WHEN(column, id, expected) \
  G_STMT_START { g_autofree char *got = when (f, column, id); g_assert_cmpstr (got, ==, expected); } G_STMT_END

/* The sample: 20 tickets, the year ending at the tests' now */
static void
fill_sample (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { 20, 2, 0 };

  kefu_store_set_now (store, TEST_NOW);   /* the sample year ends then */
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  Fixture *f = fx;
  g_autoptr(GError) error = NULL;

  kefu_test_dir_setup (&f->dir, data);
  f->store = kefu_test_engine_open (&f->dir, data, fill_sample, &f->spec);
  kefu_store_set_now (f->store, TEST_NOW);
  f->agent = scalar (f, "SELECT id FROM users WHERE login = 'chenjing'");
  f->other = scalar (f, "SELECT id FROM users WHERE login = 'liuyang'");
  f->team = scalar (f, "SELECT id FROM teams WHERE name = '特种设备组'");
  f->tech = scalar (f, "SELECT min(id) FROM technicians WHERE team_id = (SELECT id FROM teams WHERE name = '特种设备组')");
  f->building = scalar (f, "SELECT id FROM buildings WHERE name = '7栋'");
  f->unit = scalar (f, "SELECT min(id) FROM units WHERE building_id = (SELECT id FROM buildings WHERE name = '7栋')");
  f->owner = scalar (f, "SELECT owner_id FROM owner_units WHERE unit_id = (SELECT min(id) FROM units WHERE building_id = "
                        "(SELECT id FROM buildings WHERE name = '7栋'))");
  /* the clocks are followed through manual dispatch: the rules are off */
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
log_at (Fixture    *f,
        const char *now,
        const char *kind,
        const char *channel,
        int         level,
        const char *text)
{
  KefuTicketDraft d = { channel, kind, "elevator", level, f->building, 0, "电梯", f->owner, NULL, NULL, text, 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  kefu_store_set_now (f->store, at (now));
  id = kefu_desk_create_ticket (f->store, &d, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_policy_choice (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  struct { const char *kind, *channel; int level; const char *policy; } cases[] = {
    { "repair", "phone", 1, "一级响应（火灾、人员伤亡）" },
    { "repair", "phone", 2, "二级响应（电梯困人、大面积停水）" },
    { "repair", "phone", 3, "三级响应（一般报修）" },
    { "complaint", "phone", 3, "投诉处理" },
    { "inquiry", "wechat", 3, "微信留言" },
    { "repair", "app", 3, "APP留言" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 id = kefu_sla_policy_for (f->store, cases[i].kind, cases[i].level, cases[i].channel, &error);
      g_autofree char *sql = g_strdup_printf ("SELECT name = '%s' FROM sla_policies WHERE id = %" G_GINT64_FORMAT,
                                              cases[i].policy, id);
      g_assert_no_error (error);
      g_assert_cmpint (scalar (f, sql), ==, 1);
    }
}

/* The case: an elevator entrapment (level 2) logged at 17:55 on the
 * Friday before the Spring Festival, on the 24/7 policy. An entrapment
 * runs the domain's own clocks: talk to those trapped at once (1 min),
 * an update every 5 minutes, on site within 15, and — as every level 2
 * incident — the review report within 24 hours, closed or not. */
static void
test_entrapment_clocks (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = log_at (f, "2025-01-24 17:55", "repair", "phone", 2, "7栋电梯困人，两位老人被困");
  gint64 outage = log_at (f, "2025-01-24 17:55", "repair", "phone", 2, "7栋地下室爆管跑水");

  ASSERT_WHEN ("response_due_at", id, "2025-01-24 17:56");     /* at once */
  ASSERT_WHEN ("response_due_at", outage, "2025-01-24 18:00"); /* the level 2 policy's 5 min */
  ASSERT_WHEN ("update_due_at", id, "2025-01-24 18:00");       /* every 5 min */
  ASSERT_WHEN ("update_due_at", outage, "2025-01-24 18:05");   /* every 10 min */
  ASSERT_WHEN ("review_due_at", id, "2025-01-25 17:55");       /* the review report within 24 h */
  ASSERT_WHEN ("review_due_at", outage, "2025-01-25 17:55");
  /* the list's badge: green, then red a minute after it was logged */
  {
    g_autoptr(KefuTicket) t = kefu_desk_get_ticket (f->store, id, &error);
    g_autofree char *t1 = NULL, *t3 = NULL;

    g_assert_cmpint (kefu_ticket_get_clock_state (t, at ("2025-01-24 17:55"), &t1), ==, KEFU_CLOCK_STATE_OK);
    g_assert_cmpstr (t1, ==, "1 min left");
    g_assert_cmpint (kefu_ticket_get_clock_state (t, at ("2025-01-24 17:58"), &t3), ==, KEFU_CLOCK_STATE_BREACHED);
    g_assert_cmpstr (t3, ==, "2 min late");
  }
  ASSERT_WHEN ("resolution_due_at", id, "2025-01-25 01:55");   /* 8 h */
  ASSERT_WHEN ("onsite_due_at", id, "-");                      /* not dispatched yet */
  ASSERT_WHEN ("next_due_at", id, "2025-01-24 17:56");
  /* "Due soon" from the warning threshold (48 s) until due; then "Overdue" */
  {
    g_autoptr(GArray) late_ids = NULL;
    KefuTicketQuery soon = { .due_soon = TRUE }, late = { .overdue = TRUE };
    kefu_store_set_now (f->store, at ("2025-01-24 17:55") + 40);
    g_assert_cmpint (kefu_desk_count_tickets (f->store, &soon, &error), ==, 0);
    kefu_store_set_now (f->store, at ("2025-01-24 17:55") + 50);
    g_assert_cmpint (kefu_desk_count_tickets (f->store, &soon, &error), ==, 1);
    g_assert_cmpint (kefu_desk_count_tickets (f->store, &late, &error), ==, 0);
    kefu_store_set_now (f->store, at ("2025-01-24 17:57"));
    g_assert_cmpint (kefu_desk_count_tickets (f->store, &late, &error), ==, 1);
    late_ids = kefu_desk_query_ticket_ids (f->store, &late, NULL, &error);
    g_assert_cmpuint (late_ids->len, ==, 1);
    g_assert_cmpint (g_array_index (late_ids, gint64, 0), ==, id);
  }

  kefu_store_set_now (f->store, at ("2025-01-24 17:56"));
  g_assert_true (kefu_desk_log_call (f->store, id, "已安抚被困人员，每5分钟通报进展", &error));
  /* talked to at once: the next update is due 5 minutes after the call */
  ASSERT_WHEN ("update_due_at", id, "2025-01-24 18:01");
  ASSERT_WHEN ("next_due_at", id, "2025-01-24 18:01");
  kefu_store_set_now (f->store, at ("2025-01-24 17:57"));
  g_assert_true (kefu_desk_log_call (f->store, id, "告知救援人员已出发", &error));

  kefu_store_set_actor (f->store, f->other);
  g_assert_true (kefu_desk_verify (f->store, id, &error));
  kefu_store_set_now (f->store, at ("2025-01-24 17:58"));
  g_assert_true (kefu_desk_dispatch (f->store, id, f->team, f->tech, NULL, &error));
  g_assert_no_error (error);
  ASSERT_WHEN ("onsite_due_at", id, "2025-01-24 18:13");       /* on site in 15 min */
  ASSERT_WHEN ("next_due_at", id, "2025-01-24 18:02");         /* the next update comes first */

  kefu_store_set_now (f->store, at ("2025-01-24 18:01"));
  g_assert_true (kefu_desk_move (f->store, id, "accepted", NULL, &error));
  kefu_store_set_now (f->store, at ("2025-01-24 18:06"));
  g_assert_true (kefu_desk_log_call (f->store, id, "维保人员已到楼下", &error));
  ASSERT_WHEN ("next_due_at", id, "2025-01-24 18:11");         /* the next update, then on site */
  kefu_store_set_now (f->store, at ("2025-01-24 18:09"));
  g_assert_true (kefu_desk_move (f->store, id, "on_site", NULL, &error));
  ASSERT_WHEN ("next_due_at", id, "2025-01-24 18:11");
  kefu_store_set_now (f->store, at ("2025-01-24 18:30"));
  g_assert_true (kefu_desk_move (f->store, id, "resolved", NULL, &error));
  ASSERT_WHEN ("followup_due_at", id, "2025-01-25 18:30");     /* call back within 24 h */
  ASSERT_WHEN ("next_due_at", id, "2025-01-25 17:55");         /* the review report comes first */
  kefu_store_set_now (f->store, at ("2025-01-25 10:00"));
  g_assert_true (kefu_desk_follow_up (f->store, id, 5, TRUE, NULL, &error));
  /* closed, but the review report's clock runs on, and is overdue in its time */
  ASSERT_WHEN ("next_due_at", id, "2025-01-25 17:55");
  {
    KefuTicketQuery late = { .overdue = TRUE };
    g_autoptr(GArray) late_ids = NULL;
    gboolean found = FALSE;

    kefu_store_set_now (f->store, at ("2025-01-25 18:00"));
    late_ids = kefu_desk_query_ticket_ids (f->store, &late, NULL, &error);
    for (guint i = 0; i < late_ids->len; i++)
      found |= g_array_index (late_ids, gint64, i) == id;
    g_assert_true (found);
  }
  /* the short form: each of its three parts is needed */
  kefu_store_set_now (f->store, at ("2025-01-25 12:00"));
  g_assert_false (kefu_desk_file_review (f->store, id, "曳引机制动器故障", "  ", "每月检查制动器", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "What was done"));
  g_clear_error (&error);
  g_assert_true (kefu_desk_file_review (f->store, id, "曳引机制动器故障", "18:09到场，18:25救出两位老人，电梯停用检修",
                                        "每月检查制动器，困人演练每季度一次", &error));
  g_assert_no_error (error);
  ASSERT_WHEN ("next_due_at", id, "-");                        /* filed in time: no clock runs */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM ticket_events WHERE kind = 'sla' AND ticket_id = %"
                                            G_GINT64_FORMAT, id);
    g_assert_cmpint (scalar (f, sql), ==, 0);   /* every clock met */
  }
  g_assert_false (kefu_desk_file_review (f->store, id, "再次", "再次", "再次", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* a level 3 ticket has no such report */
  {
    gint64 ordinary = log_at (f, "2025-01-25 12:00", "repair", "phone", 3, "7栋电梯按钮失灵");
    ASSERT_WHEN ("review_due_at", ordinary, "-");
    g_assert_false (kefu_desk_file_review (f->store, ordinary, "a", "b", "c", &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  }
}

static gint64
events_like (Fixture    *f,
             gint64      id,
             const char *kind,
             const char *pattern)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT
                                          " AND kind = '%s' AND body LIKE '%s'", id, kind, pattern);
  return scalar (f, sql);
}

/* Level 1: starting the emergency plan is the response (1 minute), before
 * the second check; a call or saving the ticket is not. A call still
 * answers the other levels. */
static void
test_level1_plan (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 fire = log_at (f, "2025-03-03 10:00", "repair", "phone", 1, "7栋电梯机房冒烟，有焦糊味");
  gint64 ordinary = log_at (f, "2025-03-03 10:00", "repair", "phone", 3, "7栋电梯按钮失灵");
  g_autofree char *first = g_strdup_printf ("SELECT coalesce(first_response_at, 0) FROM tickets WHERE id = %" G_GINT64_FORMAT, fire);

  ASSERT_WHEN ("response_due_at", fire, "2025-03-03 10:01");
  g_assert_cmpint (scalar (f, first), ==, 0);                  /* saved: not yet answered */
  kefu_store_set_now (f->store, at ("2025-03-03 10:00") + 20);
  g_assert_true (kefu_desk_log_call (f->store, fire, "业主报告机房冒烟", &error));
  g_assert_cmpint (scalar (f, first), ==, 0);                  /* a call is not the plan */
  ASSERT_WHEN ("next_due_at", fire, "2025-03-03 10:01");
  /* dispatch still waits for the second check; the plan does not */
  g_assert_false (kefu_desk_dispatch (f->store, fire, f->team, f->tech, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  kefu_store_set_now (f->store, at ("2025-03-03 10:00") + 40);
  g_assert_true (kefu_desk_start_plan (f->store, fire, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, first), ==, at ("2025-03-03 10:00") + 40);
  {
    g_autoptr(KefuTicket) t = kefu_desk_get_ticket (f->store, fire, &error);
    g_assert_cmpint (kefu_ticket_get_plan_started_at (t), ==, at ("2025-03-03 10:00") + 40);
    g_assert_false (kefu_ticket_get_verified (t));
  }
  /* the timeline has the plan and its checklist: 119/120, security, the family */
  g_assert_cmpint (events_like (f, fire, "note", "Emergency plan started%119%120%security%family%"), ==, 1);
  g_assert_cmpint (events_like (f, fire, "sla", "%"), ==, 0);   /* answered in time */
  g_assert_false (kefu_desk_start_plan (f->store, fire, &error));   /* once */
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* the plan is level 1's only; level 3 is answered by a call */
  g_assert_false (kefu_desk_start_plan (f->store, ordinary, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  kefu_store_set_now (f->store, at ("2025-03-03 10:05"));
  g_assert_true (kefu_desk_log_call (f->store, ordinary, "已联系业主，今日维修", &error));
  ASSERT_WHEN ("first_response_at", ordinary, "2025-03-03 10:05");
}

/* A response made late before any check ran is written in the timeline as
 * a breach, like the other clocks'; once, and not after a check told it. */
static void
test_missed_response_in_timeline (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 fire = log_at (f, "2025-03-03 10:00", "repair", "phone", 1, "7栋电梯机房冒烟");
  gint64 ordinary = log_at (f, "2025-03-03 10:00", "repair", "phone", 3, "7栋电梯按钮失灵");
  gint64 told = log_at (f, "2025-03-03 10:00", "repair", "phone", 3, "7栋电梯灯不亮");
  gint64 in_time = log_at (f, "2025-03-03 10:00", "repair", "phone", 3, "7栋电梯门慢");

  /* a check at 10:20 tells the breach of the ones still unanswered */
  kefu_store_set_now (f->store, at ("2025-03-03 10:10"));
  g_assert_true (kefu_desk_log_call (f->store, in_time, "已联系业主", &error));
  kefu_store_set_now (f->store, at ("2025-03-03 10:04"));
  g_assert_true (kefu_desk_start_plan (f->store, fire, &error));
  g_assert_cmpint (events_like (f, fire, "sla", "The first response was missed by 3 min"), ==, 1);
  kefu_store_set_now (f->store, at ("2025-03-03 10:20"));
  g_assert_true (kefu_desk_log_call (f->store, ordinary, "已联系业主", &error));
  g_assert_cmpint (events_like (f, ordinary, "sla", "The first response was missed by 5 min"), ==, 1);
  {
    g_autoptr(GPtrArray) alerts = kefu_sla_check (f->store, at ("2025-03-03 10:20"), TRUE, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < alerts->len; i++)
      {
        KefuSlaAlert *a = alerts->pdata[i];
        /* recorded as missed: not told again */
        g_assert_false ((a->ticket_id == fire || a->ticket_id == ordinary) && a->clock == KEFU_CLOCK_RESPONSE);
      }
  }
  kefu_store_set_now (f->store, at ("2025-03-03 10:25"));
  g_assert_true (kefu_desk_log_call (f->store, told, "已联系业主", &error));
  g_assert_cmpint (events_like (f, told, "sla", "The first response is overdue"), ==, 1);
  g_assert_cmpint (events_like (f, told, "sla", "%missed%"), ==, 0);   /* told once */
  g_assert_cmpint (events_like (f, in_time, "sla", "%"), ==, 0);
  /* a later step records nothing more */
  kefu_store_set_now (f->store, at ("2025-03-03 10:30"));
  g_assert_true (kefu_desk_log_call (f->store, ordinary, "维修人员下午到", &error));
  g_assert_cmpint (events_like (f, ordinary, "sla", "%missed%"), ==, 1);
}

/* A breach of level 1 or 2 is for whoever is signed in; the rest for the
 * ticket's agent and supervisors (escalations: supervisors and managers). */
static void
test_urgent_breach_concerns_everyone (Fixture       *f,
                                      gconstpointer  data)
{
  KefuSlaAlert a = { 1, (char *) "GD202503030001", (char *) "7栋", 1, f->agent, KEFU_CLOCK_ONSITE,
                     KEFU_THRESHOLD_BREACH, 0, 60 };

  g_assert_true (kefu_sla_alert_concerns (&a, f->other, "agent"));     /* not its agent: told too */
  g_assert_true (kefu_sla_alert_concerns (&a, f->other, "dispatcher"));
  a.level = 2;
  g_assert_true (kefu_sla_alert_concerns (&a, f->other, "agent"));
  a.threshold = KEFU_THRESHOLD_ESCALATION;                              /* the manager's */
  g_assert_false (kefu_sla_alert_concerns (&a, f->other, "agent"));
  g_assert_true (kefu_sla_alert_concerns (&a, f->other, "manager"));
  a.threshold = KEFU_THRESHOLD_WARNING;
  g_assert_false (kefu_sla_alert_concerns (&a, f->other, "agent"));    /* a warning stays with its agent */
  g_assert_true (kefu_sla_alert_concerns (&a, f->agent, "agent"));
  a.level = 3;
  a.threshold = KEFU_THRESHOLD_BREACH;
  g_assert_false (kefu_sla_alert_concerns (&a, f->other, "agent"));
  g_assert_true (kefu_sla_alert_concerns (&a, f->other, "supervisor"));
  a.threshold = KEFU_THRESHOLD_ESCALATION;
  g_assert_false (kefu_sla_alert_concerns (&a, f->agent, "agent"));
  g_assert_true (kefu_sla_alert_concerns (&a, f->other, "manager"));
}

/* Every desk tells its own user a level 1 or 2 breach once, though the
 * first desk to see it records it (once per clock and threshold, ever). */
static void
test_urgent_breach_every_desk_once (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) told = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) third = NULL;
  gint64 supervisor = scalar (f, "SELECT id FROM users WHERE login = 'xuqiang'");
  gint64 outage = log_at (f, "2025-03-03 10:00", "repair", "phone", 2, "地下车库爆管跑水");
  gint64 ordinary = log_at (f, "2025-03-03 10:00", "repair", "phone", 3, "7栋电梯按钮失灵");

  /* 10:20: the supervisor's desk finds and records both breaches */
  told = kefu_sla_check (f->store, at ("2025-03-03 10:20"), TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_sla_mark_seen (f->store, supervisor, told, at ("2025-03-03 10:20"), &error));
  /* 陈静's desk: nothing new to record, but the level 2 breach is hers to see */
  {
    g_autoptr(GPtrArray) none = kefu_sla_check (f->store, at ("2025-03-03 10:20"), FALSE, &error);
    g_assert_cmpuint (none->len, ==, 0);
  }
  mine = kefu_sla_urgent_unseen (f->store, f->agent, at ("2025-03-03 10:20"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, >=, 1);
  for (guint i = 0; i < mine->len; i++)
    {
      KefuSlaAlert *a = mine->pdata[i];
      g_assert_cmpint (a->ticket_id, ==, outage);            /* never the level 3 one */
      g_assert_cmpint (a->threshold, ==, KEFU_THRESHOLD_BREACH);
    }
  g_assert_cmpint (ordinary, >, 0);
  g_assert_true (kefu_sla_mark_seen (f->store, f->agent, mine, at ("2025-03-03 10:20"), &error));
  again = kefu_sla_urgent_unseen (f->store, f->agent, at ("2025-03-03 10:21"), &error);
  g_assert_cmpuint (again->len, ==, 0);                         /* once */
  third = kefu_sla_urgent_unseen (f->store, f->other, at ("2025-03-03 10:21"), &error);
  g_assert_cmpuint (third->len, ==, mine->len);                 /* each desk its own */
  /* the supervisor's desk recorded and saw them */
  {
    g_autoptr(GPtrArray) sup = kefu_sla_urgent_unseen (f->store, supervisor, at ("2025-03-03 10:21"), &error);
    g_assert_cmpuint (sup->len, ==, 0);
  }
  /* answered: no longer late, not told */
  kefu_store_set_now (f->store, at ("2025-03-03 10:22"));
  g_assert_true (kefu_desk_log_call (f->store, outage, "已告知业主抢修进展", &error));
  {
    g_autoptr(GPtrArray) after = kefu_sla_urgent_unseen (f->store, f->other, at ("2025-03-03 10:22"), &error);
    for (guint i = 0; i < after->len; i++)
      g_assert_cmpint (((KefuSlaAlert *) after->pdata[i])->clock, !=, KEFU_CLOCK_RESPONSE);
  }
}

static gboolean
has_id (GArray *ids,
        gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Overdue includes a breached follow-up call; every saved view's count is
 * its list's length, on tickets made for each view at a fixed moment. */
static void
test_views_count_their_lists (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 late_followup, awaiting, late_response, soon, flagged, first, repeat1, repeat2, mine, once, once_again;
  gint64 again1, again2;
  struct { KefuSavedView view; gint64 *in; } expect[] = {
    { KEFU_VIEW_OVERDUE, &late_followup }, { KEFU_VIEW_OVERDUE, &late_response },
    { KEFU_VIEW_AWAITING_FOLLOW_UP, &awaiting }, { KEFU_VIEW_AWAITING_FOLLOW_UP, &late_followup },
    { KEFU_VIEW_DUE_SOON, &soon }, { KEFU_VIEW_FLAGGED, &flagged }, { KEFU_VIEW_RECURRING, &first },
    { KEFU_VIEW_RECURRING, &repeat2 }, { KEFU_VIEW_MY_OPEN, &mine }, { KEFU_VIEW_ALL, &awaiting },
  };

  /* resolved on Monday morning: its call back is due Tuesday 09:00 */
  late_followup = log_at (f, "2025-03-03 08:00", "repair", "phone", 3, "7栋电梯按钮失灵");
  kefu_store_set_now (f->store, at ("2025-03-03 09:00"));
  g_assert_true (kefu_desk_move (f->store, late_followup, "resolved", NULL, &error));
  awaiting = log_at (f, "2025-03-04 08:00", "repair", "phone", 3, "7栋电梯灯不亮");
  kefu_store_set_now (f->store, at ("2025-03-04 08:10"));
  g_assert_true (kefu_desk_move (f->store, awaiting, "resolved", NULL, &error));
  late_response = log_at (f, "2025-03-04 09:00", "repair", "phone", 3, "7栋电梯门慢");
  soon = log_at (f, "2025-03-04 09:48", "repair", "phone", 3, "7栋电梯有异响");
  flagged = log_at (f, "2025-03-04 09:49", "complaint", "phone", 3, "电梯三天没修好，太离谱了，要曝光");
  first = log_at (f, "2025-03-04 09:50", "repair", "phone", 3, "7栋电梯又停了");
  repeat1 = log_at (f, "2025-03-04 09:50", "repair", "phone", 3, "7栋电梯又停了，第二次");
  repeat2 = log_at (f, "2025-03-04 09:50", "repair", "phone", 3, "7栋电梯又停了，第三次");
  g_assert_true (kefu_desk_link (f->store, repeat1, first, &error));
  g_assert_true (kefu_desk_link (f->store, repeat2, first, &error));
  /* reported twice: not yet a recurring fault */
  once = log_at (f, "2025-03-04 09:51", "repair", "phone", 3, "7栋楼道灯不亮");
  once_again = log_at (f, "2025-03-04 09:52", "repair", "phone", 3, "7栋楼道灯还是不亮");
  g_assert_true (kefu_desk_link (f->store, once_again, once, &error));
  /* a repeat that is the first report of a recurring fault of its own (a
   * row linked as an older Kefu or an import left it): in the fault's
   * three and its own three, counted once */
  again1 = log_at (f, "2025-03-04 09:53", "repair", "phone", 3, "7栋电梯按钮又坏了");
  again2 = log_at (f, "2025-03-04 09:54", "repair", "phone", 3, "7栋电梯按钮还是坏的");
  g_assert_true (kefu_query_exec (f->store, "UPDATE tickets SET linked_to = ?1 WHERE id = ?2", repeat1, again1, &error));
  g_assert_true (kefu_query_exec (f->store, "UPDATE tickets SET linked_to = ?1 WHERE id = ?2", repeat1, again2, &error));
  kefu_store_set_actor (f->store, f->other);
  mine = log_at (f, "2025-03-04 09:50", "inquiry", "phone", 3, "询问电梯年检时间");
  kefu_store_set_actor (f->store, f->agent);
  g_assert_no_error (error);

  kefu_store_set_now (f->store, at ("2025-03-04 10:00"));
  for (KefuSavedView v = 0; v < KEFU_N_VIEWS; v++)
    {
      KefuTicketQuery q = { 0 };
      g_autoptr(GArray) ids = NULL;
      gint64 n;

      kefu_saved_view_apply (v, f->other, &q);
      n = kefu_desk_count_tickets (f->store, &q, &error);
      g_assert_no_error (error);
      ids = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, ==, (gint64) ids->len);
      g_assert_cmpint (n, >, 0);
      for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
        if (expect[i].view == v)
          g_assert_true (has_id (ids, *expect[i].in));
      /* the resolved one in time is nobody's overdue; the answered one not due soon */
      if (v == KEFU_VIEW_OVERDUE)
        g_assert_false (has_id (ids, awaiting) || has_id (ids, soon));
      if (v == KEFU_VIEW_DUE_SOON)
        g_assert_false (has_id (ids, late_response) || has_id (ids, late_followup));
      if (v == KEFU_VIEW_MY_OPEN)
        g_assert_false (has_id (ids, flagged));
      /* the fault's three reports and the repeat's two, not the pair's two */
      if (v == KEFU_VIEW_RECURRING)
        {
          g_assert_cmpint (n, ==, 5);
          g_assert_true (has_id (ids, repeat1) && has_id (ids, again1) && has_id (ids, again2));
          g_assert_false (has_id (ids, once) || has_id (ids, once_again) || has_id (ids, late_response));
        }
    }
}

/* The ids of @view's list, and its count (which must agree) in @n. */
static GArray *
view_ids (Fixture       *f,
          KefuSavedView  view,
          gint64        *n)
{
  g_autoptr(GError) error = NULL;
  KefuTicketQuery q = { 0 };
  GArray *ids;

  kefu_saved_view_apply (view, f->agent, &q);
  *n = kefu_desk_count_tickets (f->store, &q, &error);
  g_assert_no_error (error);
  ids = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
  g_assert_no_error (error);
  return ids;
}

/* A resolved ticket whose owner was not reached leaves Awaiting Follow-up
 * (list and count alike) until its next try is due, 24 hours after the
 * last try; then it is back, still the longest waiting first. */
static void
test_awaiting_follow_up_waits_for_next_try (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 tried, waiting, retry_at = 0, n;
  gboolean unreachable = TRUE;

  /* both resolved on Monday morning; nobody answers for the first at 10:00 */
  tried = log_at (f, "2025-03-03 08:00", "repair", "phone", 3, "9栋电梯按钮失灵");
  waiting = log_at (f, "2025-03-03 08:05", "repair", "phone", 3, "9栋电梯灯不亮");
  kefu_store_set_now (f->store, at ("2025-03-03 09:00"));
  g_assert_true (kefu_desk_move (f->store, tried, "resolved", NULL, &error));
  kefu_store_set_now (f->store, at ("2025-03-03 09:30"));
  g_assert_true (kefu_desk_move (f->store, waiting, "resolved", NULL, &error));
  kefu_store_set_now (f->store, at ("2025-03-03 10:00"));
  g_assert_true (kefu_desk_follow_up_unreachable (f->store, tried, "无人接听", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_desk_get_follow_up_tries (f->store, tried, &retry_at, &unreachable), ==, 1);
  g_assert_false (unreachable);
  g_assert_cmpint (retry_at, ==, at ("2025-03-04 10:00"));

  /* from just after the try to a minute before the next: not awaiting */
  {
    static const char *moments[] = { "2025-03-03 10:01", "2025-03-03 18:00", "2025-03-04 09:59" };

    for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
      {
        g_autoptr(GArray) ids = NULL;

        kefu_store_set_now (f->store, at (moments[i]));
        ids = view_ids (f, KEFU_VIEW_AWAITING_FOLLOW_UP, &n);
        g_assert_cmpint (n, ==, (gint64) ids->len);
        g_assert_false (has_id (ids, tried));
        g_assert_true (has_id (ids, waiting));
      }
  }
  /* the next try is due: back in the queue, first as resolved first */
  {
    g_autoptr(GArray) ids = NULL;

    kefu_store_set_now (f->store, at ("2025-03-04 10:00"));
    ids = view_ids (f, KEFU_VIEW_AWAITING_FOLLOW_UP, &n);
    g_assert_cmpint (n, ==, (gint64) ids->len);
    g_assert_cmpuint (ids->len, >=, 2);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, tried);
    g_assert_true (has_id (ids, waiting));
  }
  /* reached at last: off the queue for good */
  g_assert_true (kefu_desk_follow_up (f->store, tried, 5, TRUE, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GArray) ids = view_ids (f, KEFU_VIEW_AWAITING_FOLLOW_UP, &n);

    g_assert_cmpint (n, ==, (gint64) ids->len);
    g_assert_false (has_id (ids, tried));
  }
}

/* On a business calendar with the 2025 holidays, a hold across the
 * Spring Festival is credited in working time, exactly. */
static void
test_business_hours_and_hold (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *json = g_test_build_filename (G_TEST_DIST, "data", "2025.json", NULL);
  g_autoptr(GArray) days = kefu_holidays_read (json, NULL);   /* tests/data, through G_TEST_SRCDIR */
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_nonnull (days);
  /* calendars are a supervisor's to change */
  kefu_store_set_actor (f->store, scalar (f, "SELECT id FROM users WHERE login = 'xuqiang'"));
  g_assert_true (kefu_calendar_store_import (f->store, "工作日", "Mon-Fri 08:30-12:00,13:30-18:00", days, NULL, &error));
  kefu_store_set_actor (f->store, f->agent);
  kefu_test_store_exec (f->store, "UPDATE sla_policies SET calendar_id = (SELECT id FROM calendars WHERE name = '工作日') "
                                  "WHERE level = 3 AND kind IS NULL AND channel IS NULL");

  id = log_at (f, "2025-01-24 17:55", "repair", "phone", 3, "7栋电梯按钮失灵");
  /* 15 working minutes: 5 on Friday, 10 on the make-up Sunday */
  ASSERT_WHEN ("response_due_at", id, "2025-01-26 08:40");
  /* 24 working hours: 5 min Friday, Sunday 26th and Monday 27th, then after the holiday */
  ASSERT_WHEN ("resolution_due_at", id, "2025-02-05 17:55");

  kefu_store_set_now (f->store, at ("2025-01-26 08:35"));
  g_assert_true (kefu_desk_log_call (f->store, id, "已联系业主", &error));
  kefu_store_set_now (f->store, at ("2025-01-27 17:00"));
  g_assert_true (kefu_desk_move (f->store, id, "on_hold", "等待电梯配件", &error));
  ASSERT_WHEN ("next_due_at", id, "-");                        /* on hold: the clocks stand still */
  kefu_store_set_now (f->store, at ("2025-02-05 09:00"));
  g_assert_true (kefu_desk_resume (f->store, id, &error));
  g_assert_no_error (error);
  /* 1 h on Monday + 30 min on Wednesday were on hold: the due moment moves 1.5 working hours */
  g_assert_cmpint (scalar (f, "SELECT paused_seconds FROM tickets ORDER BY id DESC LIMIT 1"), ==, 90 * 60);
  ASSERT_WHEN ("resolution_due_at", id, "2025-02-06 09:55");
  ASSERT_WHEN ("next_due_at", id, "2025-02-06 09:55");
}

/* Editing a policy applies to new tickets; a ticket keeps what it was opened under. */
static void
test_ticket_keeps_its_policy (Fixture       *f,
                              gconstpointer  data)
{
  gint64 before = log_at (f, "2025-03-03 10:00", "repair", "phone", 2, "地下车库爆管跑水");
  gint64 after;

  /* a new version of the level-2 policy: on site in 10 minutes */
  kefu_test_store_exec (f->store, "UPDATE sla_policies SET active = 0 WHERE level = 2; "
                                  "INSERT INTO sla_policies (name, level, response_min, onsite_min, resolution_min, "
                                  "followup_min, calendar_id, created_at) SELECT name || '（新）', level, 3, 10, 240, 1440, "
                                  "calendar_id, 0 FROM sla_policies WHERE level = 2");
  after = log_at (f, "2025-03-03 10:00", "repair", "phone", 2, "地下车库爆管跑水");
  ASSERT_WHEN ("response_due_at", before, "2025-03-03 10:05");
  ASSERT_WHEN ("response_due_at", after, "2025-03-03 10:03");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(DISTINCT sla_policy_id) FROM tickets WHERE id IN (%" G_GINT64_FORMAT
                                            ", %" G_GINT64_FORMAT ")", before, after);
    g_assert_cmpint (scalar (f, sql), ==, 2);
  }
}

/* A supervisor edits a policy: a new version for new tickets. */
static void
test_edit_policy (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) policies = kefu_sla_list_policies (f->store, &error);
  g_auto(GStrv) calendars = kefu_sla_list_calendars (f->store, &error);
  KefuSlaPolicy *level2 = NULL;
  gint64 before, after, new_id;
  gint64 supervisor = scalar (f, "SELECT id FROM users WHERE login = 'xuqiang'");

  g_assert_no_error (error);
  g_assert_cmpuint (policies->len, ==, 6);
  g_assert_true (g_strv_contains ((const char * const *) calendars, "工作日"));
  for (guint i = 0; i < policies->len; i++)
    if (((KefuSlaPolicy *) policies->pdata[i])->level == 2)
      level2 = policies->pdata[i];
  g_assert_nonnull (level2);
  g_assert_cmpint (level2->minutes[KEFU_CLOCK_ONSITE], ==, 15);
  g_assert_cmpint (level2->minutes[KEFU_CLOCK_UPDATE], ==, 10);

  before = log_at (f, "2025-03-03 10:00", "repair", "phone", 2, "地下车库爆管跑水");
  level2->minutes[KEFU_CLOCK_RESPONSE] = 3;
  /* an agent may not */
  g_assert_cmpint (kefu_sla_save_policy (f->store, level2, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, supervisor);
  new_id = kefu_sla_save_policy (f->store, level2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (new_id, >, level2->id);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT update_interval_min * 1000 + response_min FROM sla_policies WHERE id = %"
                                            G_GINT64_FORMAT, new_id);
    g_assert_cmpint (scalar (f, sql), ==, 10 * 1000 + 3);   /* the new version keeps the other targets */
  }
  g_assert_cmpint (kefu_sla_save_policy (f->store, level2, &error), ==, 0);   /* the old version is retired */
  g_clear_error (&error);

  after = log_at (f, "2025-03-03 10:00", "repair", "phone", 2, "地下车库爆管跑水");
  ASSERT_WHEN ("response_due_at", before, "2025-03-03 10:05");
  ASSERT_WHEN ("response_due_at", after, "2025-03-03 10:03");
  ASSERT_WHEN ("onsite_due_at", after, "-");
}

static char *
alerts_text (GPtrArray *alerts)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; alerts != NULL && i < alerts->len; i++)
    {
      KefuSlaAlert *a = alerts->pdata[i];
      g_string_append_printf (s, "%s%s:%s", i ? " " : "", kefu_clock_code (a->clock), kefu_threshold_code (a->threshold));
    }
  return g_string_free (s, FALSE);
}

#define ASSERT_CHECK(store, when, record, expected) \
  G_STMT_START { \
    g_autoptr(GError) e_ = NULL; \
    g_autoptr(GPtrArray) got_ = kefu_sla_check (store, at (when), record, &e_); \
    g_autofree char *text_ = alerts_text (got_); \
    g_assert_no_error (e_); \
    g_assert_cmpstr (text_, ==, expected); \
  } G_STMT_END

/* One notification per clock per threshold, ever: also after a restart. */
static void
test_check_once_only (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) restarted = NULL;
  gint64 id = log_at (f, "2025-01-24 17:55", "repair", "phone", 2, "7栋地下室爆管跑水");

  /* response target 5 min: warning at 80 % (17:59), breach 18:00, escalation at 150 % (18:02:30) */
  ASSERT_CHECK (f->store, "2025-01-24 17:58", TRUE, "");
  ASSERT_CHECK (f->store, "2025-01-24 17:59", FALSE, "response:warning");   /* a look, nothing recorded */
  ASSERT_CHECK (f->store, "2025-01-24 17:59", TRUE, "response:warning");
  ASSERT_CHECK (f->store, "2025-01-24 17:59", TRUE, "");

  /* the app restarts: what was notified is in the database */
  restarted = kefu_store_open (f->spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  ASSERT_CHECK (restarted, "2025-01-24 18:00", TRUE, "response:breach");
  /* the progress update (every 10 min from 17:55) warns at 18:03 */
  ASSERT_CHECK (restarted, "2025-01-24 18:03", TRUE, "response:escalation update:warning");
  ASSERT_CHECK (restarted, "2025-01-24 18:30", TRUE, "update:breach update:escalation");
  ASSERT_CHECK (restarted, "2025-01-24 18:30", TRUE, "");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM ticket_events WHERE kind IN ('sla', 'escalation') "
                              "AND ticket_id = (SELECT max(id) FROM tickets WHERE level = 2)"), ==, 6);
  g_assert_cmpint (id, >, 0);

  /* answered: the response clock stops; resolution (8 h) warns at 80 % */
  kefu_store_set_now (restarted, at ("2025-01-24 18:31"));
  kefu_store_set_actor (restarted, f->agent);
  g_assert_true (kefu_desk_log_call (restarted, id, "已告知业主抢修进展", &error));
  ASSERT_CHECK (restarted, "2025-01-24 18:38", TRUE, "");
  ASSERT_CHECK (restarted, "2025-01-24 18:39", TRUE, "update:warning");       /* a new round */
  kefu_store_set_now (restarted, at ("2025-01-24 18:40"));
  g_assert_true (kefu_test_cancel_ticket (restarted, id, "业主家属已联系电梯公司处理", &error));
  ASSERT_CHECK (restarted, "2025-01-25 09:00", TRUE, "");
}

/* Level 1 and 2: the owner hears how it goes every 10 minutes until it is
 * resolved. Each logged call starts a new round, notified anew; an
 * ordinary request has no such clock. */
static void
test_progress_update_rounds (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = log_at (f, "2025-01-24 17:55", "repair", "phone", 2, "7栋地下室爆管跑水");
  gint64 ordinary = log_at (f, "2025-01-24 17:55", "repair", "phone", 3, "7栋电梯按钮失灵");

  ASSERT_WHEN ("update_due_at", id, "2025-01-24 18:05");
  ASSERT_WHEN ("update_due_at", ordinary, "-");
  kefu_store_set_now (f->store, at ("2025-01-24 17:56"));
  g_assert_true (kefu_desk_log_call (f->store, id, "已告知业主抢修进展", &error));
  g_assert_true (kefu_desk_log_call (f->store, ordinary, "已登记，今日安排维修", &error));
  ASSERT_WHEN ("update_due_at", id, "2025-01-24 18:06");
  ASSERT_WHEN ("update_due_at", ordinary, "-");
  ASSERT_CHECK (f->store, "2025-01-24 18:04", TRUE, "update:warning");
  kefu_store_set_now (f->store, at ("2025-01-24 18:05"));
  g_assert_true (kefu_desk_log_call (f->store, id, "告知救援预计5分钟到达", &error));
  ASSERT_WHEN ("update_due_at", id, "2025-01-24 18:15");
  ASSERT_CHECK (f->store, "2025-01-24 18:12", TRUE, "");
  ASSERT_CHECK (f->store, "2025-01-24 18:13", TRUE, "update:warning");        /* round two, notified anew */
  ASSERT_CHECK (f->store, "2025-01-24 18:15", TRUE, "update:breach");
  ASSERT_CHECK (f->store, "2025-01-24 18:16", TRUE, "");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM sla_notifications WHERE clock = 'update'"), ==, 2);

  kefu_store_set_now (f->store, at ("2025-01-24 18:17"));
  g_assert_true (kefu_test_cancel_ticket (f->store, id, "已脱困", &error));
  ASSERT_CHECK (f->store, "2025-01-24 19:00", TRUE, "");
}

/* A machine that slept through the warning: the breach is sent, not a stale warning. */
static void
test_check_after_sleep (Fixture       *f,
                        gconstpointer  data)
{
  log_at (f, "2025-01-24 17:55", "repair", "phone", 2, "7栋地下室爆管跑水");
  ASSERT_CHECK (f->store, "2025-01-24 18:01", TRUE, "response:breach");
  ASSERT_CHECK (f->store, "2025-01-24 18:01", TRUE, "");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM sla_notifications WHERE threshold = 'warning'"), ==, 1);
}

/* The clocks of @alerts of @ticket (of @clock only, unless it is
 * KEFU_N_CLOCKS) and their thresholds: "response:escalation,…" in
 * @alerts' order */
static char *
clocks_of (GPtrArray *alerts,
           gint64     ticket,
           KefuClock  clock)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < alerts->len; i++)
    {
      KefuSlaAlert *a = alerts->pdata[i];

      if (a->ticket_id == ticket && (clock == KEFU_N_CLOCKS || a->clock == clock))
        g_string_append_printf (s, "%s%s:%s", s->len ? "," : "", kefu_clock_code (a->clock),
                                kefu_threshold_code (a->threshold));
    }
  return g_strdup (s->str);
}

/* The checker ran late (its host slept): one pass finds the response
 * past its warning, breach and escalation at once. All three are
 * recorded, once; what a desk shows of the pass is one notice per clock,
 * the worst; each person is told once the most severe level that is
 * theirs (the agent the breach, on a server the supervisor the
 * escalation), never nothing, at any desk. */
static void
test_late_pass_tells_the_worst (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) told = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) agent = NULL;
  g_autoptr(GPtrArray) agent_again = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *got = NULL;
  gint64 supervisor = scalar (f, "SELECT id FROM users WHERE login = 'xuqiang'");
  gint64 id = log_at (f, "2025-01-24 17:55", "repair", "phone", 2, "7栋地下室爆管跑水");

  /* due 18:00, escalated from 18:02:30; the checker next runs at 18:03 */
  told = kefu_sla_notify (f->store, at ("2025-01-24 18:03"), NULL, NULL, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT count(*) FROM sla_notifications WHERE ticket_id = %" G_GINT64_FORMAT
                         " AND clock = 'response'", id);
  g_assert_cmpint (scalar (f, sql), ==, 3);
  got = clocks_of (told, id, KEFU_N_CLOCKS);
  /* the warning is not sent late; the first progress update is due soon */
  g_assert_cmpstr (got, ==, "response:breach,response:escalation,update:warning");
  shown = kefu_sla_alerts_by_clock (told);
  g_clear_pointer (&got, g_free);
  got = clocks_of (shown, id, KEFU_N_CLOCKS);
  g_assert_cmpstr (got, ==, "response:escalation,update:warning");
  for (guint i = 0; i < shown->len; i++)
    for (guint j = i + 1; j < shown->len; j++)
      g_assert_false (((KefuSlaAlert *) shown->pdata[i])->ticket_id == ((KefuSlaAlert *) shown->pdata[j])->ticket_id &&
                      ((KefuSlaAlert *) shown->pdata[i])->clock == ((KefuSlaAlert *) shown->pdata[j])->clock);
  /* recorded once: the next pass has nothing of it */
  again = kefu_sla_notify (f->store, at ("2025-01-24 18:04"), NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, g_free);
  got = clocks_of (again, id, KEFU_N_CLOCKS);
  g_assert_cmpstr (got, ==, "");
  g_assert_cmpint (scalar (f, sql), ==, 3);

  /* 陈静 signs in at a desk: the breach (the escalation is the
   * manager's), once */
  agent = kefu_sla_unseen (f->store, f->agent, "agent", at ("2025-01-24 18:04"), &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, g_free);
  got = clocks_of (agent, id, KEFU_CLOCK_RESPONSE);
  g_assert_cmpstr (got, ==, "response:breach");
  g_assert_true (kefu_sla_mark_seen (f->store, f->agent, agent, at ("2025-01-24 18:04"), &error));
  g_assert_no_error (error);
  agent_again = kefu_sla_unseen (f->store, f->agent, "agent", at ("2025-01-24 18:05"), &error);
  g_assert_no_error (error);
  g_clear_pointer (&got, g_free);
  got = clocks_of (agent_again, id, KEFU_N_CLOCKS);
  g_assert_cmpstr (got, ==, "");

  /* on a server every level reaches its people through the desks: the
   * supervisor is told the escalation, once */
  if (kefu_store_is_server (f->store))
    {
      g_autoptr(GPtrArray) sup = kefu_sla_unseen (f->store, supervisor, "supervisor", at ("2025-01-24 18:04"), &error);
      g_autoptr(GPtrArray) sup_again = NULL;

      g_assert_no_error (error);
      g_clear_pointer (&got, g_free);
      got = clocks_of (sup, id, KEFU_CLOCK_RESPONSE);
      g_assert_cmpstr (got, ==, "response:escalation");
      g_assert_true (kefu_sla_mark_seen (f->store, supervisor, sup, at ("2025-01-24 18:04"), &error));
      g_assert_no_error (error);
      sup_again = kefu_sla_unseen (f->store, supervisor, "supervisor", at ("2025-01-24 18:05"), &error);
      g_assert_no_error (error);
      g_clear_pointer (&got, g_free);
      got = clocks_of (sup_again, id, KEFU_N_CLOCKS);
      g_assert_cmpstr (got, ==, "");
    }
}

/* The checker reads only tickets with a threshold to come. */
static void
test_check_reads_only_running (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = log_at (f, "2025-01-24 17:55", "repair", "phone", 2, "7栋地下室爆管跑水");

  kefu_store_set_now (f->store, at ("2025-01-24 17:56"));
  g_assert_true (kefu_test_cancel_ticket (f->store, id, "业主已自行脱困", &error));
  ASSERT_CHECK (f->store, "2025-01-26 09:00", TRUE, "");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets WHERE status IN ('closed', 'cancelled') AND next_alert_at IS NOT NULL"), ==, 0);
}


/* The pass in batches: another program ------------------------------------ */

typedef struct {
  KefuStore *other;         /* another program's connection */
  KefuStore *holder_store;  /* and its second one, that writes a while */
  char      *ids;           /* "1,2,…": the tickets of the test */
  guint      calls;
  guint      stop_at;       /* the batch after which the pass "crashes" (0: never) */
  guint      hold_at;       /* the batch after which the other program takes the lock a while */
  GThread   *holder;
  GArray    *seen;          /* what the other program sees committed after each batch */
} Between;

static gpointer
release_later (gpointer data)
{
  g_usleep (300 * 1000);
  kefu_test_store_exec (data, "COMMIT");
  return NULL;
}

/* Between two batches the pass holds no lock: the other program writes at
 * once, without waiting (SQLite: no busy timeout; a server has no lock on
 * the table to wait for), and sees the batches so far committed. */
static gboolean
between_batches (guint    done,
                 guint    total,
                 gpointer user_data)
{
  Between *b = user_data;
  g_autofree char *write = g_strdup_printf ("INSERT INTO settings (key, value) VALUES ('between-%u-%u', 'x')",
                                            total, done);
  g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM sla_notifications WHERE ticket_id IN (%s)", b->ids);
  gint64 seen;

  b->calls++;
  kefu_store_set_busy_timeout (b->other, 0);
  kefu_test_store_exec (b->other, write);
  seen = kefu_test_store_scalar (b->other, count);
  g_array_append_val (b->seen, seen);
  if (b->calls == b->hold_at)
    {
      /* it writes for a while: on a file the next batch waits for it */
      kefu_test_store_exec (b->holder_store, kefu_store_is_server (b->holder_store) ? "BEGIN" : "BEGIN IMMEDIATE");
      kefu_test_store_exec (b->holder_store, "INSERT INTO settings (key, value) VALUES ('held', 'x')");
      b->holder = g_thread_new ("holder", release_later, b->holder_store);
    }
  return b->calls != b->stop_at;
}

/* The recording pass over many due tickets commits in batches: another
 * program writes between any two (and a batch waits while it writes);
 * every batch is visible to it as soon as it is committed; a pass stopped
 * between batches, as by a crash, leaves those batches, and the pass run
 * again records the rest, nothing twice. */
static void
test_check_in_batches (Fixture       *f,
                       gconstpointer  data)
{
  enum { N = 60, BATCH = 10 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) recorded = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_autofree char *sql = NULL;
  Between b = { 0 };
  KefuBatchOptions options = { BATCH, 0, 0, between_batches, &b };

  for (guint i = 0; i < N; i++)
    {
      g_autofree char *text = g_strdup_printf ("7栋%u单元爆管跑水", i + 1);
      g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "", log_at (f, "2025-01-24 17:55", "repair", "phone", 2, text));
    }
  b.ids = ids->str;
  b.seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  b.other = kefu_store_open (f->spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  b.holder_store = kefu_store_open (f->spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  /* 18:01: each ticket's response warning has passed (recorded as such)
   * and its breach is due: two records a ticket. The pass stops after
   * its third batch. */
  b.stop_at = 3;
  b.hold_at = 2;
  alerts = kefu_sla_notify (f->store, at ("2025-01-24 18:01"), &options, &recorded, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (alerts);
  g_clear_error (&error);
  /* the three batches' breaches count as told: handed back to be told now */
  g_assert_nonnull (recorded);
  g_assert_cmpuint (recorded->len, ==, 3 * BATCH);
  for (guint i = 0; i < recorded->len; i++)
    {
      const KefuSlaAlert *a = recorded->pdata[i];
      g_assert_cmpint (a->clock, ==, KEFU_CLOCK_RESPONSE);
      g_assert_cmpint (a->threshold, ==, KEFU_THRESHOLD_BREACH);
    }
  g_thread_join (b.holder);
  g_assert_cmpuint (b.calls, ==, 3);
  for (guint i = 0; i < b.seen->len; i++)
    g_assert_cmpint (g_array_index (b.seen, gint64, i), ==, 2 * BATCH * (i + 1));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM settings WHERE key LIKE 'between-%' OR key = 'held'"), ==, 4);

  /* run again: the other half, and then nothing */
  b.stop_at = 0;
  b.hold_at = 0;
  b.calls = 0;
  g_array_set_size (b.seen, 0);
  alerts = kefu_sla_notify (f->store, at ("2025-01-24 18:01"), &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, N - 3 * BATCH);
  for (guint i = 0; i < alerts->len; i++)
    {
      const KefuSlaAlert *a = alerts->pdata[i];
      g_assert_cmpint (a->clock, ==, KEFU_CLOCK_RESPONSE);
      g_assert_cmpint (a->threshold, ==, KEFU_THRESHOLD_BREACH);
    }
  g_assert_cmpuint (b.calls, ==, (N - 3 * BATCH) / BATCH);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM settings WHERE key LIKE 'between-%'"), ==, 3 + (N - 3 * BATCH) / BATCH);
  g_assert_cmpint (g_array_index (b.seen, gint64, b.seen->len - 1), ==, 2 * N);
  g_clear_pointer (&alerts, g_ptr_array_unref);
  alerts = kefu_sla_notify (f->store, at ("2025-01-24 18:01"), &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 0);

  /* once per ticket, clock and threshold; one timeline event each */
  sql = g_strdup_printf ("SELECT count(*) FROM sla_notifications WHERE ticket_id IN (%s)", ids->str);
  g_assert_cmpint (scalar (f, sql), ==, 2 * N);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM (SELECT DISTINCT ticket_id, clock, threshold FROM sla_notifications "
                         "WHERE ticket_id IN (%s)) AS d", ids->str);
  g_assert_cmpint (scalar (f, sql), ==, 2 * N);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM ticket_events WHERE kind = 'sla' AND ticket_id IN (%s)", ids->str);
  g_assert_cmpint (scalar (f, sql), ==, 2 * N);
  g_object_unref (b.other);
  g_object_unref (b.holder_store);
  g_array_unref (b.seen);
}

/* The worst first, one per ticket: what a summary lists and the CLI prints. */
static void
test_alerts_by_ticket (Fixture       *f,
                       gconstpointer  data)
{
  /* ticket, level, clock, threshold, late seconds */
  static const struct { gint64 ticket; int level; KefuClock clock; KefuThreshold t; gint64 late; } given[] = {
    { 1, 3, KEFU_CLOCK_RESPONSE, KEFU_THRESHOLD_WARNING, -300 },
    { 1, 3, KEFU_CLOCK_ONSITE, KEFU_THRESHOLD_BREACH, 600 },       /* ticket 1's worst */
    { 2, 1, KEFU_CLOCK_RESPONSE, KEFU_THRESHOLD_WARNING, -30 },
    { 3, 2, KEFU_CLOCK_RESOLUTION, KEFU_THRESHOLD_ESCALATION, 9000 },
    { 4, 1, KEFU_CLOCK_ONSITE, KEFU_THRESHOLD_BREACH, 60 },
    { 5, 3, KEFU_CLOCK_RESOLUTION, KEFU_THRESHOLD_BREACH, 7200 },
    { 4, 1, KEFU_CLOCK_RESPONSE, KEFU_THRESHOLD_WARNING, -10 },
  };
  /* escalation; breaches level 1 first, then the longest late; the warning */
  static const gint64 expected[] = { 3, 4, 5, 1, 2 };
  static const KefuThreshold expected_t[] = { KEFU_THRESHOLD_ESCALATION, KEFU_THRESHOLD_BREACH, KEFU_THRESHOLD_BREACH,
                                              KEFU_THRESHOLD_BREACH, KEFU_THRESHOLD_WARNING };
  g_autoptr(GPtrArray) alerts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tickets = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    {
      KefuSlaAlert *a = g_new0 (KefuSlaAlert, 1);
      a->ticket_id = given[i].ticket;
      a->level = given[i].level;
      a->clock = given[i].clock;
      a->threshold = given[i].t;
      a->late_seconds = given[i].late;
      g_ptr_array_add (alerts, a);
    }
  tickets = kefu_sla_alerts_by_ticket (alerts);
  g_assert_cmpuint (tickets->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < tickets->len; i++)
    {
      const KefuSlaAlert *a = tickets->pdata[i];
      g_assert_cmpint (a->ticket_id, ==, expected[i]);
      g_assert_cmpint (a->threshold, ==, expected_t[i]);
    }
  g_assert_cmpint (((KefuSlaAlert *) tickets->pdata[3])->clock, ==, KEFU_CLOCK_ONSITE);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)
  ADD ("/core/sla/policy/most-specific-wins", test_policy_choice);
  ADD ("/core/sla/clocks/entrapment-before-spring-festival", test_entrapment_clocks);
  ADD ("/core/sla/clocks/business-hours-and-hold-credit", test_business_hours_and_hold);
  ADD ("/core/sla/clocks/ticket-keeps-its-policy", test_ticket_keeps_its_policy);
  ADD ("/core/sla/policy/edit-makes-a-new-version", test_edit_policy);
  ADD ("/core/sla/check/once-only-and-restart", test_check_once_only);
  ADD ("/core/sla/check/after-sleep", test_check_after_sleep);
  ADD ("/core/sla/check/late-pass-tells-the-worst", test_late_pass_tells_the_worst);
  ADD ("/core/sla/check/progress-update-rounds", test_progress_update_rounds);
  ADD ("/core/sla/check/reads-only-running", test_check_reads_only_running);
  ADD ("/core/sla/check/in-batches-others-write-between", test_check_in_batches);
  ADD ("/core/sla/alerts/worst-first-one-per-ticket", test_alerts_by_ticket);
  ADD ("/core/sla/level1/plan-is-the-response", test_level1_plan);
  ADD ("/core/sla/clocks/missed-response-in-timeline", test_missed_response_in_timeline);
  ADD ("/core/sla/alerts/urgent-breach-for-every-desk", test_urgent_breach_concerns_everyone);
  ADD ("/core/sla/views/counts-equal-lists", test_views_count_their_lists);
  ADD ("/core/sla/views/awaiting-follow-up-waits-for-next-try", test_awaiting_follow_up_waits_for_next_try);
  ADD ("/core/sla/alerts/urgent-breach-every-desk-once", test_urgent_breach_every_desk_once);
#undef ADD
  return g_test_run ();
}
