/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-people.c — a person's profile and capability radar, the appraisal's
 * grades and SMART goals, on hand-made data whose answers are worked out here */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kefu-auth.h"
#include "kefu-cases.h"
#include "kefu-cohort.h"
#include "kefu-desk.h"
#include "kefu-people.h"
#include "kefu-store-private.h"
#include "kefu-trainers.h"
#include "kefu-test-engines.h"
#include "kefu-test-util.h"

#define MIN_ ((gint64) 60)
#define HOUR ((gint64) 3600)
#define DAY ((gint64) 86400)

typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;
  char        *path;       /* the file (NULL on the server) */
  char        *spec;       /* what the store was opened on (kefu-test-engines.h) */
  gint64       lina, wangwei, supervisor, trainer, admin;
  gint64       team;           /* 赵主管's staff group: 李娜 and 王伟 */
  gint64       q4_from, q4_to;
  guint        n_tickets;
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

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!kefu_store_exec (f->store, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

/* One ticket as an analyst reads the row: level 3, due 15 min to respond
 * and 24 h to resolve (stored), times in seconds after creation (0: not yet). */
/* "NULL" or the number, in @buf */
static const char *
or_null (char    *buf,
         gboolean set,
         gint64   value)
{
  if (!set)
    return "NULL";
  g_snprintf (buf, 32, "%" G_GINT64_FORMAT, value);
  return buf;
}

/* One ticket as an analyst reads the row: level 3, due 15 min to respond
 * and 24 h to resolve (stored), times in seconds after creation (0: not yet). */
static void
ticket (Fixture    *f,
        gint64      agent,
        const char *kind,
        const char *created,
        gint64      response_after,
        gint64      resolved_after,
        const char *status,
        int         satisfaction,
        gboolean    followed_up,
        int         reopened)
{
  gint64 c = at (created);
  char b1[32], b2[32], b3[32], b4[32], b5[32];
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO tickets (number, channel, kind, level, location, description, status, agent_id, created_at, "
      "first_response_at, resolved_at, closed_at, satisfaction, followed_up_at, reopen_count, response_due_at, "
      "resolution_due_at, updated_at) VALUES ('T-%04u', 'phone', '%s', 3, '3栋502', '测试', '%s', %" G_GINT64_FORMAT
      ", %" G_GINT64_FORMAT ", %s, %s, %s, %s, %s, %d, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
      ++f->n_tickets, kind, status, agent, c,
      or_null (b1, response_after > 0, c + response_after),
      or_null (b2, resolved_after > 0, c + resolved_after),
      or_null (b3, g_str_equal (status, "closed"), c + resolved_after + HOUR),
      or_null (b4, satisfaction > 0, satisfaction),
      or_null (b5, followed_up, c + resolved_after + HOUR),
      reopened, c + 15 * MIN_, c + 24 * HOUR, c);
  exec (f, sql);
}

/* 李娜's training, all in the fourth quarter of 2026.
 *  question  module          points   paper 1 (10-10)  paper 2 (11-10)  paper 3 (in progress)
 *  1         etiquette       2        2                2
 *  2         etiquette       2        0
 *  3         communication   4        3                4
 *  4         engineering     5        2                4                0
 *  5         emergency       5        5                4
 *  6         law             2        2
 *  total                              14 / 20 = 70 %   14 / 16 = 87.5 % (counts nowhere)
 * A practical (11-05), criteria 流程规范性 40, 沟通有效性 30, 问题解决效率 30:
 *   trainer 90 80 70 (81), supervisor 80 90 60 (77): result 79, not passed (85). */
static void
training (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO question_banks (id, name, created_at) VALUES (1, '题库', 0);"
      "INSERT INTO questions (id, bank_id, module, type, stem, answer, points, created_at) VALUES "
      "  (1, 1, 'etiquette', 'true_false', 'q1', 'true', 2, 0), (2, 1, 'etiquette', 'true_false', 'q2', 'true', 2, 0),"
      "  (3, 1, 'communication', 'true_false', 'q3', 'true', 4, 0), (4, 1, 'engineering', 'true_false', 'q4', 'true', 5, 0),"
      "  (5, 1, 'emergency', 'true_false', 'q5', 'true', 5, 0), (6, 1, 'law', 'true_false', 'q6', 'true', 2, 0);"
      "INSERT INTO exams (id, name, created_at) VALUES (1, '季度考试', 0);"
      "INSERT INTO attempts (id, exam_id, user_id, state, started_at, submitted_at, graded_at, score, max_score, passed) VALUES "
      "  (1, 1, %1$" G_GINT64_FORMAT ", 'graded', %2$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT ", 14, 20, 0),"
      "  (2, 1, %1$" G_GINT64_FORMAT ", 'graded', %3$" G_GINT64_FORMAT ", %3$" G_GINT64_FORMAT ", %3$" G_GINT64_FORMAT ", 14, 16, 1),"
      "  (3, 1, %1$" G_GINT64_FORMAT ", 'in_progress', %3$" G_GINT64_FORMAT ", NULL, NULL, NULL, NULL, NULL);"
      "INSERT INTO attempt_answers (attempt_id, position, question_id, score, max_score) VALUES "
      "  (1, 1, 1, 2, 2), (1, 2, 2, 0, 2), (1, 3, 3, 3, 4), (1, 4, 4, 2, 5), (1, 5, 5, 5, 5), (1, 6, 6, 2, 2),"
      "  (2, 1, 1, 2, 2), (2, 2, 3, 4, 4), (2, 3, 4, 4, 5), (2, 4, 5, 4, 5),"
      "  (3, 1, 4, 0, 5);"
      "INSERT INTO assessments (id, scenario, trainee_id, held_at, pass_mark) VALUES "
      "  (1, '电梯困人演练', %1$" G_GINT64_FORMAT ", %4$" G_GINT64_FORMAT ", 85);"
      "INSERT INTO assessment_criteria (id, assessment_id, name, weight) VALUES "
      "  (1, 1, '流程规范性', 40), (2, 1, '沟通有效性', 30), (3, 1, '问题解决效率', 30);"
      "INSERT INTO assessment_scores (assessment_id, criterion_id, rater_id, rater_role, score) VALUES "
      "  (1, 1, %5$" G_GINT64_FORMAT ", 'trainer', 90), (1, 2, %5$" G_GINT64_FORMAT ", 'trainer', 80),"
      "  (1, 3, %5$" G_GINT64_FORMAT ", 'trainer', 70),"
      "  (1, 1, %6$" G_GINT64_FORMAT ", 'supervisor', 80), (1, 2, %6$" G_GINT64_FORMAT ", 'supervisor', 90),"
      "  (1, 3, %6$" G_GINT64_FORMAT ", 'supervisor', 60);",
      f->lina, at ("2026-10-10 15:00"), at ("2026-11-10 15:00"), at ("2026-11-05 10:00"), f->trainer, f->supervisor);
  exec (f, sql);
}

/* The tickets. 李娜 in the quarter:
 *  #  kind       created      response  resolved  status      rating follow-up reopened
 *  1  repair     11-02 09:00  10 min    5 h       closed      5      yes
 *  2  repair     11-03 09:00  20 min ✗  30 h ✗    closed      3      yes       1
 *  3  complaint  11-04 09:00  5 min     10 h      closed      4      yes
 *  4  complaint  11-20 09:00  10 min    —  (due 11-21, past: missed)  dispatched
 * and one before it (09-10, resolved after 2 h, reopened), which the
 * quarter leaves out and the goals' 90-day baseline takes in.
 * 王伟 in the quarter: three repairs, all on time; ratings 4 and 3, two of
 * three followed up, one reopened. */
static void
tickets (Fixture *f)
{
  ticket (f, f->lina, "repair", "2026-11-02 09:00", 10 * MIN_, 5 * HOUR, "closed", 5, TRUE, 0);
  ticket (f, f->lina, "repair", "2026-11-03 09:00", 20 * MIN_, 30 * HOUR, "closed", 3, TRUE, 1);
  ticket (f, f->lina, "complaint", "2026-11-04 09:00", 5 * MIN_, 10 * HOUR, "closed", 4, TRUE, 0);
  ticket (f, f->lina, "complaint", "2026-11-20 09:00", 10 * MIN_, 0, "dispatched", 0, FALSE, 0);
  ticket (f, f->lina, "repair", "2026-09-10 09:00", 10 * MIN_, 2 * HOUR, "resolved", 0, FALSE, 1);
  ticket (f, f->wangwei, "repair", "2026-11-05 09:00", 5 * MIN_, 3 * HOUR, "closed", 4, TRUE, 0);
  ticket (f, f->wangwei, "repair", "2026-11-06 09:00", 5 * MIN_, 2 * HOUR, "resolved", 0, FALSE, 0);
  ticket (f, f->wangwei, "repair", "2026-11-07 09:00", 5 * MIN_, 4 * HOUR, "closed", 3, TRUE, 1);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kefu_test_dir_setup (&f->dir, data);
  /* on a file, or as the tables' owner on the server (#20) */
  f->store = kefu_test_engine_open (&f->dir, data, NULL, &f->spec);
  f->path = kefu_test_engine_is_server (data) ? NULL : g_strdup (f->spec);
  kefu_store_set_now (f->store, at ("2026-11-25 10:00"));
  f->lina = kefu_desk_add_user (f->store, "lina", "李娜", "agent", NULL, &error);
  f->wangwei = kefu_desk_add_user (f->store, "wangwei", "王伟", "agent", NULL, &error);
  f->supervisor = kefu_desk_add_user (f->store, "zhaozhuguan", "赵主管", "supervisor", NULL, &error);
  f->trainer = kefu_desk_add_user (f->store, "qianlaoshi", "钱老师", "trainer", NULL, &error);
  f->admin = kefu_desk_add_user (f->store, "guanliyuan", "管理员", "admin", NULL, &error);
  g_assert_no_error (error);
  /* 赵主管 leads 李娜 and 王伟 (named after 前台一班, so test_group_overlay_and_leader's group comes first) */
  kefu_store_set_actor (f->store, f->trainer);
  f->team = kefu_staff_group_create (f->store, "客服组", f->supervisor, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_staff_group_add_member (f->store, f->team, f->lina, &error));
  g_assert_true (kefu_staff_group_add_member (f->store, f->team, f->wangwei, &error));
  g_assert_no_error (error);
  kefu_store_set_actor (f->store, 0);
  g_assert_true (kefu_people_parse_quarter ("2026-Q4", &f->q4_from, &f->q4_to, &error));
  g_assert_no_error (error);
  training (f);
  tickets (f);
  kefu_test_store_ids_caught_up (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  kefu_test_engine_close (data, &f->spec);
  kefu_test_dir_teardown (&f->dir, data);
}

/* every case on a SQLite file and on the server (#20); FILE_ONLY: one
 * that runs kefu-cli on the file */
#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)
#define FILE_ONLY(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

static gint64
audits (Fixture    *f,
        const char *action)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = '%s'", action);
  return kefu_test_store_scalar (f->store, sql);
}

static const KefuCapabilitySource *
source (const KefuProfile *p,
        KefuCapability     family,
        const char        *key)
{
  for (guint i = 0; i < p->radar[family].sources->len; i++)
    {
      const KefuCapabilitySource *s = p->radar[family].sources->pdata[i];
      if (g_str_equal (s->key, key))
        return s;
    }
  return NULL;
}

#define assert_near(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 1e-6)

static void
test_periods (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 from, to;

  g_assert_cmpint (f->q4_from, ==, at ("2026-10-01 00:00"));
  g_assert_cmpint (f->q4_to, ==, at ("2027-01-01 00:00"));
  kefu_people_quarter_of (at ("2026-11-25 10:00"), &from, &to);
  g_assert_cmpint (from, ==, f->q4_from);
  g_assert_cmpint (to, ==, f->q4_to);
  g_assert_true (kefu_people_parse_quarter ("2027-Q1", &from, &to, &error));
  g_assert_cmpint (from, ==, at ("2027-01-01 00:00"));
  g_assert_cmpint (to, ==, at ("2027-04-01 00:00"));
  g_assert_true (kefu_people_parse_year ("2026", &from, &to, &error));
  g_assert_cmpint (from, ==, at ("2026-01-01 00:00"));
  g_assert_cmpint (to, ==, at ("2027-01-01 00:00"));
  g_assert_false (kefu_people_parse_quarter ("2026-Q5", &from, &to, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-Q5"));
  g_clear_error (&error);
  g_assert_false (kefu_people_parse_quarter ("2026-Q3x", &from, &to, &error));
  g_clear_error (&error);
  g_assert_false (kefu_people_parse_year ("26", &from, &to, &error));
  g_clear_error (&error);
}

/* The profile's parts, and the radar worked out from them:
 *   modules   etiquette 4/6 = 66.67 % (weak), communication 7/8 = 87.5 %,
 *             engineering 6/10 = 60 % (weak), emergency 9/10 = 90 %, law 2/2 = 100 %
 *   exams     mean (70 + 87.5) / 2 = 78.75, passed 1 of 2 = 50
 *   practical 流程规范性 (90 + 80) / 2 = 85, 沟通有效性 85, 问题解决效率 65
 *   tickets   on-time response 3/4 = 75 %, follow-up 3/3 = 100 %,
 *             first-contact resolution 2/3, satisfaction (5 + 3 + 4) / 3 × 20 = 80
 * so, each family the mean of its sources with data:
 *   technical        engineering 60                                   = 60
 *   management       nothing                                          = none
 *   communication    (66.67 + 87.5 + 80 + 85) / 4                     = 79.79
 *   problem solving  (90 + 66.67 + 65) / 3                            = 73.89
 *   learning         (78.75 + 50) / 2                                 = 64.375
 *   professionalism  (100 + 75 + 100 + 85) / 4                        = 90 */
static void
test_profile_radar (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuProfile) p = NULL;
  const KefuModuleResult *m;

  kefu_store_set_actor (f->store, f->lina);
  p = kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->name, ==, "李娜");

  g_assert_cmpuint (p->modules->len, ==, 5);
  m = p->modules->pdata[0];
  g_assert_cmpstr (m->module, ==, "etiquette");
  assert_near (m->percent, 400.0 / 6);
  g_assert_cmpuint (m->items, ==, 3);
  g_assert_false (m->passed);
  m = p->modules->pdata[1];
  g_assert_cmpstr (m->module, ==, "communication");
  assert_near (m->percent, 87.5);
  g_assert_true (m->passed);
  m = p->modules->pdata[2];
  g_assert_cmpstr (m->module, ==, "engineering");
  assert_near (m->percent, 60);       /* the answer of the unfinished paper is not counted */
  g_assert_cmpuint (m->items, ==, 2);
  g_assert_false (m->passed);
  g_assert_cmpstr (((KefuModuleResult *) p->modules->pdata[3])->module, ==, "law");
  g_assert_cmpstr (((KefuModuleResult *) p->modules->pdata[4])->module, ==, "emergency");

  g_assert_cmpuint (p->practicals->len, ==, 1);
  assert_near (((KefuPracticalResult *) p->practicals->pdata[0])->mean, 79);
  g_assert_false (((KefuPracticalResult *) p->practicals->pdata[0])->passed);

  g_assert_cmpint ((gint64) p->kpi->value[KEFU_KPI_TICKETS], ==, 4);     /* September's is not in Q4 */
  assert_near (p->kpi->value[KEFU_KPI_ON_TIME_RESPONSE_RATE], 0.75);
  assert_near (p->kpi->value[KEFU_KPI_ON_TIME_RESOLUTION_RATE], 0.5);
  assert_near (p->kpi->value[KEFU_KPI_COMPLAINT_CLOSURE_RATE], 0.5);
  assert_near (p->kpi->value[KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE], 2.0 / 3);
  assert_near (p->kpi->value[KEFU_KPI_SATISFACTION], 80);
  assert_near (p->kpi->value[KEFU_KPI_FOLLOW_UP_RATE], 1);

  assert_near (p->radar[KEFU_CAPABILITY_TECHNICAL].score, 60);
  g_assert_true (isnan (p->radar[KEFU_CAPABILITY_MANAGEMENT].score));
  assert_near (p->radar[KEFU_CAPABILITY_COMMUNICATION].score, (400.0 / 6 + 87.5 + 80 + 85) / 4);
  assert_near (p->radar[KEFU_CAPABILITY_PROBLEM_SOLVING].score, (90 + 200.0 / 3 + 65) / 3);
  assert_near (p->radar[KEFU_CAPABILITY_LEARNING].score, 64.375);
  assert_near (p->radar[KEFU_CAPABILITY_PROFESSIONALISM].score, 90);

  /* each score names its sources, with what each gave and rests on */
  g_assert_nonnull (source (p, KEFU_CAPABILITY_COMMUNICATION, "etiquette"));
  g_assert_nonnull (source (p, KEFU_CAPABILITY_COMMUNICATION, "沟通有效性"));
  assert_near (source (p, KEFU_CAPABILITY_PROBLEM_SOLVING, "first_contact_resolution_rate")->value, 200.0 / 3);
  g_assert_cmpuint (source (p, KEFU_CAPABILITY_PROBLEM_SOLVING, "first_contact_resolution_rate")->n, ==, 3);
  g_assert_true (isnan (source (p, KEFU_CAPABILITY_TECHNICAL, "digital_tools")->value));
  g_assert_cmpuint (source (p, KEFU_CAPABILITY_LEARNING, "pass_rate")->n, ==, 2);
  {
    g_autofree char *label = kefu_capability_source_label (source (p, KEFU_CAPABILITY_COMMUNICATION, "etiquette"));
    g_assert_cmpstr (label, ==, "Exam items: Service etiquette");
  }
  {
    g_autofree char *json = kefu_profile_to_json (p);
    g_assert_nonnull (strstr (json, "\"family\" : \"professionalism\""));
    g_assert_nonnull (strstr (json, "\"score\" : 90"));
  }
}

/* A trainer moves 法律实务 to technical: technical (60 + 100) / 2 = 80,
 * professionalism (75 + 100 + 85) / 3 = 86.67; then doubles satisfaction:
 * communication (66.67 + 87.5 + 2 × 80 + 85) / 5 = 79.83. */
static void
test_sources_edited (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuProfile) p = NULL;

  kefu_store_set_actor (f->store, f->lina);
  g_assert_false (kefu_capability_source_set (f->store, "module", "law", "technical", 1, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  kefu_store_set_actor (f->store, f->trainer);
  g_assert_true (kefu_capability_source_set (f->store, "module", "law", "technical", 1, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_capability_source_set (f->store, "kpi", "satisfaction", "communication", 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (audits (f, "capability_source_set"), ==, 2);

  /* bad sources are refused by name */
  g_assert_false (kefu_capability_source_set (f->store, "module", "cooking", "technical", 1, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cooking"));
  g_clear_error (&error);
  g_assert_false (kefu_capability_source_set (f->store, "kpi", "tickets", "technical", 1, &error));
  g_assert_nonnull (strstr (error->message, "tickets"));
  g_clear_error (&error);
  g_assert_false (kefu_capability_source_set (f->store, "module", "law", "cooking", 1, &error));
  g_assert_nonnull (strstr (error->message, "cooking"));
  g_clear_error (&error);
  g_assert_false (kefu_capability_source_set (f->store, "module", "law", "technical", 0, &error));
  g_clear_error (&error);

  p = kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  assert_near (p->radar[KEFU_CAPABILITY_TECHNICAL].score, 80);
  assert_near (p->radar[KEFU_CAPABILITY_PROFESSIONALISM].score, 260.0 / 3);
  assert_near (p->radar[KEFU_CAPABILITY_COMMUNICATION].score, (400.0 / 6 + 87.5 + 160 + 85) / 5);
  g_clear_pointer (&p, kefu_profile_free);

  /* without 应急处理, problem solving is (66.67 + 65) / 2 */
  g_assert_true (kefu_capability_source_remove (f->store, "module", "emergency", &error));
  g_assert_no_error (error);
  p = kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  assert_near (p->radar[KEFU_CAPABILITY_PROBLEM_SOLVING].score, (200.0 / 3 + 65) / 2);
  g_assert_false (kefu_capability_source_remove (f->store, "module", "emergency", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
}

/* Oneself, unaudited; a supervisor or trainer, audited; another agent or
 * an administrator, refused. */
static void
test_profile_access (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuProfile) p = NULL;

  kefu_store_set_actor (f->store, f->lina);
  p = kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  g_clear_pointer (&p, kefu_profile_free);
  g_assert_cmpint (audits (f, "profile_viewed"), ==, 0);

  kefu_store_set_actor (f->store, f->wangwei);
  g_assert_null (kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->admin);
  g_assert_null (kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (audits (f, "profile_viewed"), ==, 0);

  kefu_store_set_actor (f->store, f->supervisor);
  p = kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  g_clear_pointer (&p, kefu_profile_free);
  kefu_store_set_actor (f->store, f->trainer);
  p = kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'profile_viewed' "
                                            "AND subject_table = 'users' AND subject_id = %" G_GINT64_FORMAT
                                            " AND user_id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                                            f->lina, f->supervisor, f->trainer);
    g_assert_cmpint (kefu_test_store_scalar (f->store, sql), ==, 2);
  }
  g_assert_null (kefu_profile_load (f->store, 9999, f->q4_from, f->q4_to, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
}

/* The staff group's average under the radar, from three members on, and
 * the group's leader (an agent, 组长) may open their members' profiles:
 * audited, and only theirs. Each family's average is the mean over the
 * members with data, checked against each member's own profile. */
static void
test_group_overlay_and_leader (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuProfile) p = NULL;
  KefuProfile *members[3];
  gint64 leader = kefu_desk_add_user (f->store, "zhangzu", "张组长", "agent", NULL, &error);
  gint64 group;

  g_assert_no_error (error);
  kefu_store_set_actor (f->store, f->trainer);
  group = kefu_staff_group_create (f->store, "前台一班", leader, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_staff_group_add_member (f->store, group, f->lina, &error));
  g_assert_true (kefu_staff_group_add_member (f->store, group, f->wangwei, &error));
  g_assert_no_error (error);

  /* two members: no average (it would tell the other one's scores) */
  kefu_store_set_actor (f->store, f->lina);
  p = kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  g_assert_null (p->group);
  g_clear_pointer (&p, kefu_profile_free);

  kefu_store_set_actor (f->store, f->trainer);
  g_assert_true (kefu_staff_group_add_member (f->store, group, leader, &error));
  for (guint i = 0; i < 3; i++)
    {
      gint64 who = i == 0 ? f->lina : i == 1 ? f->wangwei : leader;
      kefu_store_set_actor (f->store, who);
      members[i] = kefu_profile_load (f->store, who, f->q4_from, f->q4_to, &error);
      g_assert_no_error (error);
    }
  kefu_store_set_actor (f->store, f->lina);
  p = kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->group, ==, "前台一班");
  g_assert_cmpuint (p->group_members, ==, 3);
  for (guint c = 0; c < KEFU_N_CAPABILITIES; c++)
    {
      double sum = 0;
      guint n = 0;
      for (guint i = 0; i < 3; i++)
        if (!isnan (members[i]->radar[c].score))
          {
            sum += members[i]->radar[c].score;
            n++;
          }
      if (n == 0)
        g_assert_true (isnan (p->group_radar[c]));
      else
        assert_near (p->group_radar[c], sum / n);
    }
  /* lina's technical 60 (test_profile_radar) is one of the three */
  g_assert_false (isnan (p->group_radar[KEFU_CAPABILITY_TECHNICAL]));
  for (guint i = 0; i < 3; i++)
    kefu_profile_free (members[i]);
  g_clear_pointer (&p, kefu_profile_free);
  /* computing the average opened nobody's profile on its own */
  g_assert_cmpint (audits (f, "profile_viewed"), ==, 0);

  /* the leader opens a member's profile (audited), not someone outside the group */
  kefu_store_set_actor (f->store, leader);
  p = kefu_profile_load (f->store, f->wangwei, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  g_assert_cmpint (audits (f, "profile_viewed"), ==, 1);
  /* shown again (a window's refresh): checked, not audited again */
  g_clear_pointer (&p, kefu_profile_free);
  p = kefu_profile_reload (f->store, f->wangwei, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->user_id, ==, f->wangwei);
  g_assert_cmpint (audits (f, "profile_viewed"), ==, 1);
  g_assert_null (kefu_profile_reload (f->store, f->admin, f->q4_from, f->q4_to, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_true (kefu_people_leads (f->store, leader, f->lina));
  g_assert_false (kefu_people_leads (f->store, f->lina, leader));
  g_assert_null (kefu_profile_load (f->store, f->admin, f->q4_from, f->q4_to, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
}

/* Supervisors see only their own team: 孙主管 leads a group holding only
 * 王伟. Opening 李娜's profile, appraisal, goals or review is refused with
 * a message naming her, and each refusal is audited; the appraisal list
 * and everyone's goals hold only 王伟. The trainer and a manager see both;
 * 赵主管 (who leads both) sees both. */
static void
test_supervisor_team_only (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuProfile) p = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 sun = kefu_desk_add_user (f->store, "sunzhuguan", "孙主管", "supervisor", NULL, &error);
  gint64 manager = kefu_desk_add_user (f->store, "zhoujingli", "周经理", "manager", NULL, &error);
  gint64 group, goal;
  gint64 deadline = at ("2026-12-31 00:00");
  gint64 peers[] = { 0 };

  g_assert_no_error (error);
  kefu_store_set_actor (f->store, f->trainer);
  group = kefu_staff_group_create (f->store, "维修组", sun, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_staff_group_add_member (f->store, group, f->wangwei, &error));
  g_assert_no_error (error);
  peers[0] = f->wangwei;

  /* 赵主管 sets a goal for each (both in his team) */
  kefu_store_set_actor (f->store, f->supervisor);
  goal = kefu_goal_add (f->store, f->lina, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, 0.95, deadline, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (goal, >, 0);
  g_assert_cmpint (kefu_goal_add (f->store, f->wangwei, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, 0.95, deadline, NULL,
                                  &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (kefu_people_may_see (f->store, f->lina));
  g_assert_false (kefu_people_sees_everyone (f->store));

  kefu_store_set_actor (f->store, sun);
  g_assert_true (kefu_people_may_see (f->store, f->wangwei));
  g_assert_true (kefu_people_may_see (f->store, sun));
  g_assert_false (kefu_people_may_see (f->store, f->lina));
  p = kefu_profile_load (f->store, f->wangwei, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  g_clear_pointer (&p, kefu_profile_free);
  g_assert_null (kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "李娜"));
  g_clear_error (&error);
  g_assert_null (kefu_appraisal_compute_one (f->store, f->lina, f->q4_from, f->q4_to, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (kefu_goal_list (f->store, f->lina, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (kefu_goal_add (f->store, f->lina, KEFU_KPI_SATISFACTION, 95, deadline, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (kefu_review_start (f->store, f->lina, f->q4_from, f->q4_to, peers, 1, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* five refusals, each audited about 李娜, naming what was tried */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'people_refused' AND user_id = %"
                                            G_GINT64_FORMAT " AND subject_id = %" G_GINT64_FORMAT, sun, f->lina);
    g_assert_cmpint (kefu_test_store_scalar (f->store, sql), ==, 5);
    g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'people_refused' "
                                                "AND detail = 'tried=goal_set'"), ==, 1);
  }
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM people_goals"), ==, 2);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM review_rounds"), ==, 0);

  /* the lists: his team only */
  list = kefu_appraisal_compute (f->store, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((KefuAppraisal *) list->pdata[0])->user_id, ==, f->wangwei);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = kefu_goal_list (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((KefuGoal *) list->pdata[0])->user_id, ==, f->wangwei);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* trainers and managers: everyone */
  for (guint i = 0; i < 2; i++)
    {
      kefu_store_set_actor (f->store, i == 0 ? f->trainer : manager);
      g_assert_true (kefu_people_sees_everyone (f->store));
      p = kefu_profile_load (f->store, f->lina, f->q4_from, f->q4_to, &error);
      g_assert_no_error (error);
      g_clear_pointer (&p, kefu_profile_free);
      list = kefu_appraisal_compute (f->store, f->q4_from, f->q4_to, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, 2);
      g_clear_pointer (&list, g_ptr_array_unref);
      list = kefu_goal_list (f->store, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, 2);
      g_clear_pointer (&list, g_ptr_array_unref);
    }
  g_assert_cmpint (audits (f, "people_refused"), ==, 5);
}

static void
test_grades (void)
{
  KefuGradeThresholds t = { 95, 90, 85, 80 };
  gboolean noted;

  g_assert_cmpint (kefu_grade_for (&t, 100, &noted), ==, KEFU_GRADE_EXCELLENT);
  g_assert_cmpint (kefu_grade_for (&t, 95, &noted), ==, KEFU_GRADE_EXCELLENT);
  g_assert_cmpint (kefu_grade_for (&t, 94.99, &noted), ==, KEFU_GRADE_GOOD);
  g_assert_cmpint (kefu_grade_for (&t, 90, &noted), ==, KEFU_GRADE_GOOD);
  g_assert_cmpint (kefu_grade_for (&t, 85, &noted), ==, KEFU_GRADE_FAIR);
  g_assert_false (noted);
  g_assert_cmpint (kefu_grade_for (&t, 84.9, &noted), ==, KEFU_GRADE_FAIR);
  g_assert_true (noted);
  g_assert_cmpint (kefu_grade_for (&t, 80, &noted), ==, KEFU_GRADE_FAIR);
  g_assert_true (noted);
  g_assert_cmpint (kefu_grade_for (&t, 79.99, &noted), ==, KEFU_GRADE_NEEDS_IMPROVEMENT);
  g_assert_false (noted);
  g_assert_cmpint (kefu_grade_for (&t, NAN, &noted), ==, KEFU_GRADE_NONE);
}

/* The appraisal for Q4, the mean of the rates that have data:
 *   李娜  response 75, resolution 2/4 = 50 (the open complaint is past due),
 *         complaints closed 50, first contact 66.67, satisfaction 80,
 *         follow-up 100: 421.67 / 6 = 70.28 → 需改进
 *   王伟  response 100, resolution 100, no complaints (left out),
 *         first contact 66.67, satisfaction (4 + 3) / 2 × 20 = 70,
 *         follow-up 66.67: 403.33 / 5 = 80.67 → 一般, noted (80–85) */
static void
test_appraisal (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  KefuGradeThresholds t;
  KefuAppraisal *a;

  kefu_store_set_actor (f->store, f->wangwei);
  g_assert_null (kefu_appraisal_compute (f->store, f->q4_from, f->q4_to, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  {
    g_autoptr(KefuAppraisal) own = kefu_appraisal_compute_one (f->store, f->wangwei, f->q4_from, f->q4_to, &error);
    g_assert_no_error (error);
    assert_near (own->percent, (100 + 100 + 200.0 / 3 + 70 + 200.0 / 3) / 5);
  }

  kefu_store_set_actor (f->store, f->supervisor);
  list = kefu_appraisal_compute (f->store, f->q4_from, f->q4_to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  a = list->pdata[0];
  g_assert_cmpstr (a->login, ==, "wangwei");
  g_assert_cmpuint (a->n_used, ==, 5);
  assert_near (a->percent, (100 + 100 + 200.0 / 3 + 70 + 200.0 / 3) / 5);
  g_assert_cmpint (a->grade, ==, KEFU_GRADE_FAIR);
  g_assert_true (a->noted);
  a = list->pdata[1];
  g_assert_cmpstr (a->login, ==, "lina");
  g_assert_cmpuint (a->n_used, ==, 6);
  assert_near (a->percent, (75 + 50 + 50 + 200.0 / 3 + 80 + 100) / 6);
  g_assert_cmpint (a->grade, ==, KEFU_GRADE_NEEDS_IMPROVEMENT);
  g_assert_false (a->noted);
  g_assert_cmpint (audits (f, "appraisal_viewed"), ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* the thresholds, edited: no gap below 一般 any more, and 一般 from 70 */
  kefu_appraisal_get_thresholds (f->store, &t);
  g_assert_cmpfloat (t.excellent, ==, 95);
  g_assert_cmpfloat (t.needs_improvement_below, ==, 80);
  t.fair = 85;
  t.needs_improvement_below = 85;
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_false (kefu_appraisal_set_thresholds (f->store, &t, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->supervisor);
  g_assert_true (kefu_appraisal_set_thresholds (f->store, &t, &error));
  g_assert_no_error (error);
  list = kefu_appraisal_compute (f->store, f->q4_from, f->q4_to, &error);
  a = list->pdata[0];
  g_assert_cmpint (a->grade, ==, KEFU_GRADE_NEEDS_IMPROVEMENT);
  g_assert_false (a->noted);
  g_clear_pointer (&list, g_ptr_array_unref);

  t.fair = 70;
  t.needs_improvement_below = 70;
  g_assert_true (kefu_appraisal_set_thresholds (f->store, &t, &error));
  list = kefu_appraisal_compute (f->store, f->q4_from, f->q4_to, &error);
  g_assert_cmpint (((KefuAppraisal *) list->pdata[0])->grade, ==, KEFU_GRADE_FAIR);
  g_assert_cmpint (((KefuAppraisal *) list->pdata[1])->grade, ==, KEFU_GRADE_FAIR);
  g_assert_cmpint (audits (f, "appraisal_thresholds"), ==, 2);

  /* rising thresholds are refused, and nothing changes */
  t.good = 96;
  g_assert_false (kefu_appraisal_set_thresholds (f->store, &t, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  t.good = 90;
  t.excellent = 101;
  g_assert_false (kefu_appraisal_set_thresholds (f->store, &t, &error));
  g_clear_error (&error);
  kefu_appraisal_get_thresholds (f->store, &t);
  g_assert_cmpfloat (t.excellent, ==, 95);
  g_assert_cmpfloat (t.good, ==, 90);
  g_assert_cmpfloat (t.fair, ==, 70);
}

/* A goal set on 11-25 for 李娜's first-contact resolution, target 90 %
 * by 12-25. Baseline, the 90 days before: resolved 11-02, 11-03 (reopened),
 * 11-04 and 09-10 (reopened): 2/4 = 50 %. Three tickets after the start,
 * one reopened: 2/3 = 66.67 %, a third of the way... (0.6667 − 0.5) / 0.4
 * = 41.67 %; past the deadline, overdue. */
static void
test_goal_progress (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  gint64 start = at ("2026-11-25 10:00"), id;
  KefuGoal *g;

  kefu_store_set_actor (f->store, f->lina);
  g_assert_cmpint (kefu_goal_add (f->store, f->lina, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, 0.9,
                                  start + 30 * DAY, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  kefu_store_set_actor (f->store, f->supervisor);
  id = kefu_goal_add (f->store, f->lina, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, 0.9, start + 30 * DAY,
                      "一次解决率提升", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (audits (f, "goal_set"), ==, 1);

  goals = kefu_goal_list (f->store, f->lina, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (goals->len, ==, 1);
  g = goals->pdata[0];
  assert_near (g->baseline, 0.5);
  g_assert_cmpint (g->baseline_from, ==, start - 90 * DAY);
  g_assert_true (isnan (g->current));          /* nothing since the start yet */
  g_assert_true (isnan (g->progress));
  g_assert_cmpint (g->state, ==, KEFU_GOAL_OPEN);
  g_clear_pointer (&goals, g_ptr_array_unref);

  ticket (f, f->lina, "repair", "2026-11-26 09:00", 5 * MIN_, 2 * HOUR, "closed", 5, TRUE, 0);
  ticket (f, f->lina, "repair", "2026-11-27 09:00", 5 * MIN_, 2 * HOUR, "closed", 4, TRUE, 0);
  ticket (f, f->lina, "repair", "2026-11-28 09:00", 5 * MIN_, 2 * HOUR, "closed", 2, TRUE, 1);
  ticket (f, f->wangwei, "repair", "2026-11-29 09:00", 5 * MIN_, 2 * HOUR, "closed", 5, TRUE, 0);
  kefu_store_set_now (f->store, at ("2026-12-05 10:00"));
  goals = kefu_goal_list (f->store, f->lina, &error);
  g = goals->pdata[0];
  assert_near (g->current, 2.0 / 3);
  assert_near (g->progress, (2.0 / 3 - 0.5) / 0.4);
  g_assert_cmpint (g->state, ==, KEFU_GOAL_OPEN);
  g_clear_pointer (&goals, g_ptr_array_unref);

  /* a ticket after the deadline does not count for it */
  ticket (f, f->lina, "repair", "2026-12-26 09:00", 5 * MIN_, 2 * HOUR, "closed", 5, TRUE, 0);
  kefu_store_set_now (f->store, at ("2026-12-27 10:00"));
  goals = kefu_goal_list (f->store, 0, &error);
  g_assert_no_error (error);
  g = goals->pdata[0];
  g_assert_cmpint (g->state, ==, KEFU_GOAL_OVERDUE);
  assert_near (g->current, 2.0 / 3);
  g_assert_cmpint (audits (f, "goals_viewed"), ==, 3);
}

/* Satisfaction from 80 (ratings 5, 3, 4 in the 90 days before 11-25) to
 * 85: one rating of 5 after the start makes 100, achieved. */
static void
test_goal_achieved_and_refused (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  gint64 now = at ("2026-11-25 10:00");
  KefuGoal *g;

  kefu_store_set_actor (f->store, f->supervisor);
  g_assert_cmpint (kefu_goal_add (f->store, f->lina, KEFU_KPI_SATISFACTION, 85, now + 60 * DAY, NULL, &error), >, 0);
  g_assert_no_error (error);
  ticket (f, f->lina, "repair", "2026-11-30 09:00", 5 * MIN_, 2 * HOUR, "closed", 5, TRUE, 0);
  kefu_store_set_now (f->store, at ("2026-12-01 10:00"));
  goals = kefu_goal_list (f->store, f->lina, &error);
  g = goals->pdata[0];
  assert_near (g->baseline, 80);
  assert_near (g->current, 100);
  g_assert_cmpint (g->state, ==, KEFU_GOAL_ACHIEVED);
  assert_near (g->progress, 1);

  /* follow-up calls stand at 4/5 = 80 % already (the 90 days before 12-01); a rate above 100 %; a count; the past */
  g_assert_cmpint (kefu_goal_add (f->store, f->lina, KEFU_KPI_FOLLOW_UP_RATE, 0.7, now + 60 * DAY, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already met"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_goal_add (f->store, f->lina, KEFU_KPI_ON_TIME_RESPONSE_RATE, 1.5, now + 60 * DAY, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_goal_add (f->store, f->lina, KEFU_KPI_TICKETS, 30, now + 60 * DAY, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_goal_add (f->store, f->lina, KEFU_KPI_ON_TIME_RESPONSE_RATE, 0.95, now - DAY, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* a response time: lower is better, 8 min against a baseline of (10 + 20 + 5 + 10 + 10 + 5) / 6 = 10 */
  g_assert_cmpint (kefu_goal_add (f->store, f->lina, KEFU_KPI_MEAN_RESPONSE_MIN, 8, now + 60 * DAY, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM people_goals"), ==, 2);
}

/* The baseline a goal would get, before it is set: 李娜's first-contact
 * resolution over the 90 days before 11-25 is 2/4 = 50 % (test_goal_progress),
 * 王伟's 2/3 (11-05, 11-06, 11-07 resolved, one reopened). Two goals by
 * 赵主管, target 90 %: 李娜's by 12-01, 王伟's by 12-20. On 12-05 李娜's
 * (no ticket since) is past its deadline: her supervisor is told once;
 * the trainer, who leads no group, is told nothing. */
static void
test_goal_overdue_flagged (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 lina_goal;
  double baseline;

  kefu_store_set_actor (f->store, f->lina);
  g_assert_false (kefu_goal_baseline (f->store, f->wangwei, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, &baseline, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->supervisor);
  g_assert_true (kefu_goal_baseline (f->store, f->lina, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, &baseline, &error));
  g_assert_no_error (error);
  assert_near (baseline, 0.5);
  g_assert_true (kefu_goal_baseline (f->store, f->wangwei, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, &baseline, &error));
  assert_near (baseline, 2.0 / 3);
  g_assert_false (kefu_goal_baseline (f->store, f->lina, KEFU_KPI_TICKETS, &baseline, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  lina_goal = kefu_goal_add (f->store, f->lina, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, 0.9, at ("2026-12-01 00:00"),
                             NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_goal_add (f->store, f->wangwei, KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE, 0.9,
                                  at ("2026-12-20 00:00"), NULL, &error), >, 0);
  g_assert_no_error (error);
  list = kefu_goal_overdue_for_leader (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);   /* 11-25: none due yet */
  g_clear_pointer (&list, g_ptr_array_unref);

  kefu_store_set_now (f->store, at ("2026-12-05 10:00"));
  list = kefu_goal_overdue_for_leader (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((KefuGoal *) list->pdata[0])->id, ==, lina_goal);
  g_assert_cmpint (((KefuGoal *) list->pdata[0])->state, ==, KEFU_GOAL_OVERDUE);
  g_clear_pointer (&list, g_ptr_array_unref);
  /* once per goal: not taken again, still listed */
  list = kefu_goal_overdue_for_leader (f->store, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = kefu_goal_overdue_for_leader (f->store, FALSE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_cmpint (audits (f, "goal_overdue_flagged"), ==, 1);

  kefu_store_set_actor (f->store, f->trainer);
  list = kefu_goal_overdue_for_leader (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
}

/* A 360° round for 李娜 in Q4 with four peers asked. Peers' scores
 *   王伟  80 70 90 60 85
 *   周一  90 80 70 80 75
 *   吴二  70 60 80 70 95
 * mean  80 70 80 70 85, shown from the third answer on; self 90 80 85 75 90,
 * her supervisor and a manager 70 60 80 60 80 and 80 70 90 70 90: mean 75 65 85 65 85
 * (a supervisor of another team may not answer as supervisor);
 * owners: 李娜's Q4 satisfaction, 80 over 3 ratings. */
static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  static const double wang[] = { 80, 70, 90, 60, 85 }, zhou[] = { 90, 80, 70, 80, 75 }, wu[] = { 70, 60, 80, 70, 95 };
  static const double self[] = { 90, 80, 85, 75, 90 };
  static const double sup1[] = { 70, 60, 80, 60, 80 }, sup2[] = { 80, 70, 90, 70, 90 };
  static const double bad[] = { 80, 70, 101, 60, 85 };
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuReviewResult) r = NULL;
  gint64 zhouyi, wuer, zhengsan, supervisor2, outsider, round, peers[4];

  zhouyi = kefu_desk_add_user (f->store, "zhouyi", "周一", "agent", NULL, &error);
  wuer = kefu_desk_add_user (f->store, "wuer", "吴二", "agent", NULL, &error);
  zhengsan = kefu_desk_add_user (f->store, "zhengsan", "郑三", "agent", NULL, &error);
  supervisor2 = kefu_desk_add_user (f->store, "zhoujingli", "周经理", "manager", NULL, &error);
  outsider = kefu_desk_add_user (f->store, "sunzhuguan", "孙主管", "supervisor", NULL, &error);
  g_assert_no_error (error);
  peers[0] = f->wangwei;
  peers[1] = zhouyi;
  peers[2] = wuer;
  peers[3] = zhengsan;

  kefu_store_set_actor (f->store, f->wangwei);
  g_assert_cmpint (kefu_review_start (f->store, f->lina, f->q4_from, f->q4_to, peers, 4, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->supervisor);
  peers[3] = f->lina;
  g_assert_cmpint (kefu_review_start (f->store, f->lina, f->q4_from, f->q4_to, peers, 4, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  peers[3] = zhengsan;
  round = kefu_review_start (f->store, f->lina, f->q4_from, f->q4_to, peers, 4, &error);
  g_assert_no_error (error);

  kefu_store_set_actor (f->store, f->lina);
  g_assert_true (kefu_review_answer (f->store, round, self, &error));
  kefu_store_set_actor (f->store, f->supervisor);
  g_assert_true (kefu_review_answer (f->store, round, sup1, &error));
  kefu_store_set_actor (f->store, outsider);
  g_assert_false (kefu_review_answer (f->store, round, sup2, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, supervisor2);
  g_assert_true (kefu_review_answer (f->store, round, sup2, &error));
  kefu_store_set_actor (f->store, f->wangwei);
  g_assert_false (kefu_review_answer (f->store, round, bad, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_review_answer (f->store, round, wang, &error));
  g_assert_false (kefu_review_answer (f->store, round, wang, &error));    /* once */
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, zhouyi);
  g_assert_true (kefu_review_answer (f->store, round, zhou, &error));
  g_assert_no_error (error);

  /* two peers: their scores stay hidden, even from the person */
  kefu_store_set_actor (f->store, f->lina);
  r = kefu_review_result (f->store, round, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->peers_asked, ==, 4);
  g_assert_cmpuint (r->peers_answered, ==, 2);
  g_assert_false (r->peers_shown);
  g_assert_true (isnan (r->peers[0]));
  assert_near (r->self[2], 85);
  g_clear_pointer (&r, kefu_review_result_free);

  /* a fourth agent who was not asked may not answer */
  {
    gint64 other = kefu_desk_add_user (f->store, "qianxiao", "钱晓", "agent", NULL, &error);
    kefu_store_set_actor (f->store, other);
    g_assert_false (kefu_review_answer (f->store, round, wu, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_null (kefu_review_result (f->store, round, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
  }

  kefu_store_set_actor (f->store, wuer);
  g_assert_true (kefu_review_answer (f->store, round, wu, &error));
  kefu_store_set_actor (f->store, f->trainer);
  r = kefu_review_result (f->store, round, &error);
  g_assert_no_error (error);
  g_assert_true (r->peers_shown);
  g_assert_cmpuint (r->peers_answered, ==, 3);
  for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
    {
      assert_near (r->peers[i], (wang[i] + zhou[i] + wu[i]) / 3);
      assert_near (r->supervisor[i], (sup1[i] + sup2[i]) / 2);
      assert_near (r->self[i], self[i]);
    }
  assert_near (r->peers[KEFU_REVIEW_SERVICE_QUALITY], 85);
  assert_near (r->owners, 80);
  g_assert_cmpuint (r->owner_ratings, ==, 3);

  /* the file keeps that 王伟 answered, never what: no row has a peer's id with a score */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM review_scores WHERE rater_id IN (%" G_GINT64_FORMAT
                                            ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", f->wangwei, zhouyi, wuer);
    g_assert_cmpint (kefu_test_store_scalar (f->store, sql), ==, 0);
  }
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM review_peers WHERE answered = 1"), ==, 3);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'review_answered' "
                                              "AND detail LIKE '%as=peer'"), ==, 3);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'review_answered' "
                                              "AND (detail LIKE '%80%' OR detail LIKE '%70%')"), ==, 0);
  g_assert_cmpint (audits (f, "review_viewed"), ==, 1);   /* the trainer's; 李娜's own is not */

  /* shown again (a window's refresh): the same result, checked the same
   * way, no new entry; refused to whom the first is */
  g_clear_pointer (&r, kefu_review_result_free);
  r = kefu_review_result_reload (f->store, round, &error);
  g_assert_no_error (error);
  g_assert_true (r->peers_shown);
  assert_near (r->peers[KEFU_REVIEW_SERVICE_QUALITY], 85);
  g_assert_cmpint (audits (f, "review_viewed"), ==, 1);
  g_clear_pointer (&r, kefu_review_result_free);
  {
    gint64 other = kefu_test_store_scalar (f->store, "SELECT id FROM users WHERE login = 'qianxiao'");

    kefu_store_set_actor (f->store, other);
    g_assert_null (kefu_review_result_reload (f->store, round, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
  }
}

/* A complaint ticket made a case: the owner's name (and 张先生), phones
 * (whole, masked, a landline) and the unit are gone before anything is
 * saved; the case keeps no link to the ticket. */
static void
test_case_from_ticket (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuCase) draft = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO estates (id, name, created_at) VALUES (1, '翠湖花园', 0);"
      "INSERT INTO buildings (id, estate_id, name) VALUES (1, 1, '3栋');"
      "INSERT INTO units (id, building_id, name) VALUES (1, 1, '502');"
      "INSERT INTO owners (id, name, phone, created_at) VALUES (1, '张海涛', '13812345678', 0);"
      "INSERT INTO tickets (id, number, channel, kind, subtype, level, estate_id, building_id, unit_id, location, "
      "  owner_id, contact_name, contact_phone, description, status, agent_id, created_at, satisfaction, "
      "  followup_comment, updated_at) VALUES (900, 'GD-900', 'phone', 'complaint', 'service', 2, 1, 1, 1, '3栋502', 1, "
      "  '张海涛', '13812345678', '3栋502业主张海涛来电：楼上漏水三天无人处理，电话138 1234 5678，说再不解决就曝光', "
      "  'closed', %1$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT ", 4, '张先生表示满意，留了座机0755-86001234', %2$" G_GINT64_FORMAT ");"
      "INSERT INTO ticket_events (ticket_id, at, user_id, kind, body) VALUES "
      "  (900, %2$" G_GINT64_FORMAT " + 600, %1$" G_GINT64_FORMAT ", 'note', '已与张先生沟通（138****5678），安排维修'),"
      "  (900, %2$" G_GINT64_FORMAT " + 7200, %1$" G_GINT64_FORMAT ", 'call', '回访502室业主，漏水已修好'),"
      "  (900, %2$" G_GINT64_FORMAT " + 7300, %1$" G_GINT64_FORMAT ", 'note', "
      "   '楼上王建国业主（5号楼1单元1201室，电话13700001111）已配合；邻居刘女士也反映过');",
      f->lina, at ("2026-11-10 09:00"));

  exec (f, sql);
  kefu_store_set_actor (f->store, f->lina);
  g_assert_null (kefu_case_draft_from_ticket (f->store, 900, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  kefu_store_set_actor (f->store, f->trainer);
  draft = kefu_case_draft_from_ticket (f->store, 900, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM cases"), ==, 0);   /* a draft only */
  g_assert_cmpstr (draft->happened, ==, "某单元业主某业主来电：楼上漏水三天无人处理，电话***，说再不解决就曝光");
  g_assert_nonnull (strstr (draft->handling, "已与某业主沟通（***），安排维修"));
  g_assert_nonnull (strstr (draft->handling, "回访某单元室业主，漏水已修好"));
  /* names, a unit and a phone that are not the ticket's owner's, written in the notes */
  g_assert_nonnull (strstr (draft->handling, "楼上某业主（某单元，电话***）已配合；邻居某女士也反映过"));
  g_assert_null (strstr (draft->handling, "王建国"));
  g_assert_null (strstr (draft->handling, "1201"));
  g_assert_null (strstr (draft->result, "张"));
  g_assert_null (strstr (draft->result, "0755"));
  g_assert_nonnull (strstr (draft->result, "某业主表示满意，留了座机***"));
  g_assert_cmpint (draft->type, ==, KEFU_CASE_SERVICE);
  g_assert_cmpint (draft->risk, ==, KEFU_RISK_YELLOW);   /* level 2 */

  /* what the trainer types or edits is scrubbed too, before it is saved */
  draft->lessons = g_strdup ("首问负责，及时回电 13900001111；陈先生的诉求见3#502；渗漏类投诉24小时内上门");
  {
    char *happened = g_strconcat (draft->happened, "（周阿姨转述）", NULL);
    g_free (draft->happened);
    draft->happened = happened;
  }
  draft->type = KEFU_CASE_PUBLIC_OPINION;
  draft->id = kefu_case_save (f->store, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (draft->id, >, 0);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM cases WHERE type = 'public_opinion' AND risk = 'yellow' "
                                              "AND happened NOT LIKE '%张海涛%' AND happened NOT LIKE '%5678%' "
                                              "AND happened LIKE '%（某阿姨转述）' AND handling NOT LIKE '%王建国%'"), ==, 1);
  g_assert_cmpint (audits (f, "case_saved"), ==, 1);

  g_assert_true (kefu_case_link (f->store, draft->id, 1, 0, &error));
  g_assert_no_error (error);
  g_assert_false (kefu_case_link (f->store, draft->id, 0, 4242, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM case_links"), ==, 1);

  list = kefu_case_list (f->store, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((KefuCase *) list->pdata[0])->lessons, ==, "首问负责，及时回电 ***；某先生的诉求见某单元；渗漏类投诉24小时内上门");
}

/* Internal trainers. 钱老师's screen: 4 years, satisfaction 92, no major
 * complaint, lecture 85 80 78 90 → mean 83.25: passes. With 2.5 years, a
 * major complaint and a lecture of 80 75 70 85 (77.5): three conditions
 * named. The year: 92 × 0.4 + 80 × 0.3 + 70 × 0.2 + 60 × 0.1 = 36.8 + 24
 * + 14 + 6 = 80.8. Satisfaction measured: two cohorts of 钱老师's with
 * surveys rating the trainer 5, 4 and 4 in 2026 (mean 13/3 × 20 = 86.67),
 * and one of 2025 (rated 1) that 2026 leaves out. */
static void
test_internal_trainers (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTrainerScreen) screen = NULL;
  KefuTrainerCandidate c = { 4, 92, FALSE, { 85, 80, 78, 90 } };
  KefuTrainerYear y = { 92, 80, 70, 60 };
  gint64 from, to;
  double percent;
  guint n;

  screen = kefu_trainer_screen (&c, &error);
  g_assert_no_error (error);
  g_assert_true (screen->passed);
  assert_near (screen->lecture, 83.25);
  g_assert_cmpuint (screen->unmet->len, ==, 0);
  g_clear_pointer (&screen, kefu_trainer_screen_free);

  c.years = 2.5;
  c.major_complaint = TRUE;
  c.lecture[1] = 75, c.lecture[2] = 70, c.lecture[3] = 85, c.lecture[0] = 80;
  screen = kefu_trainer_screen (&c, &error);
  g_assert_false (screen->passed);
  assert_near (screen->lecture, 77.5);
  g_assert_cmpuint (screen->unmet->len, ==, 3);
  g_clear_pointer (&screen, kefu_trainer_screen_free);
  c.satisfaction = 89.9;
  screen = kefu_trainer_screen (&c, &error);
  g_assert_cmpuint (screen->unmet->len, ==, 4);
  g_clear_pointer (&screen, kefu_trainer_screen_free);
  c.lecture[2] = 101;
  g_assert_null (kefu_trainer_screen (&c, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  assert_near (kefu_trainer_evaluate (&y, &error), 80.8);
  g_assert_no_error (error);
  y.courses = -1;
  g_assert_true (isnan (kefu_trainer_evaluate (&y, &error)));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autofree char *sql = g_strdup_printf (
        "INSERT INTO courses (id, name, layer, module) VALUES (1, '沟通技巧', 'basic', 'communication');"
        "INSERT INTO cohorts (id, course_id, name, starts_at, ends_at, trainer_id, created_at) VALUES "
        "  (1, 1, '一期', %1$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT " + 3600, %3$" G_GINT64_FORMAT ", 0),"
        "  (2, 1, '二期', %1$" G_GINT64_FORMAT ", %1$" G_GINT64_FORMAT " + 3600, %3$" G_GINT64_FORMAT ", 0),"
        "  (3, 1, '旧期', %2$" G_GINT64_FORMAT ", %2$" G_GINT64_FORMAT " + 3600, %3$" G_GINT64_FORMAT ", 0);"
        "INSERT INTO cohort_surveys (cohort_id, user_id, usefulness, trainer, format, organisation, at) VALUES "
        "  (1, %4$" G_GINT64_FORMAT ", 4, 5, 4, 4, %1$" G_GINT64_FORMAT "),"
        "  (1, %5$" G_GINT64_FORMAT ", 4, 4, 4, 4, %1$" G_GINT64_FORMAT "),"
        "  (2, %4$" G_GINT64_FORMAT ", 4, 4, 4, 4, %1$" G_GINT64_FORMAT "),"
        "  (3, %4$" G_GINT64_FORMAT ", 4, 1, 4, 4, %2$" G_GINT64_FORMAT ");",
        at ("2026-06-10 10:00"), at ("2025-06-10 10:00"), f->trainer, f->lina, f->wangwei);
    exec (f, sql);
  }
  g_assert_true (kefu_people_parse_year ("2026", &from, &to, &error));
  kefu_store_set_actor (f->store, f->lina);
  g_assert_false (kefu_trainer_satisfaction (f->store, f->trainer, from, to, &percent, &n, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_true (kefu_trainer_satisfaction (f->store, f->trainer, from, to, &percent, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  assert_near (percent, 13.0 / 3 * 20);
}

/* kefu-cli now, with @input on its standard input (the PIN, one line) */
#define run_cli(input, out, err, ...) kefu_test_run_cli (NULL, input, out, err, __VA_ARGS__)

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* The radar of test_profile_radar and 王伟's appraisal of test_appraisal,
 * through kefu-cli (the figures that do not depend on today: kefu-cli
 * reads the real clock) */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *hash = kefu_auth_hash ("1234", &error);
  g_autofree char *sql = g_strdup_printf ("UPDATE users SET pin_hash = '%s'", hash);
  char *out = NULL, *err = NULL;
  JsonObject *root;
  JsonArray *radar, *agents;

  g_assert_no_error (error);
  /* a supervisor of no team of theirs here */
  kefu_desk_add_user (f->store, "sunzhuguan", "孙主管", "supervisor", NULL, &error);
  g_assert_no_error (error);
  exec (f, sql);
  g_clear_object (&f->store);

  g_assert_cmpint (run_cli ("1234\n", &out, &err, "--db", f->path, "--as", "zhaozhuguan", "people", "profile", "lina",
                            "--quarter", "2026-Q4", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  g_assert_cmpstr (json_object_get_string_member (root, "login"), ==, "lina");
  radar = json_object_get_array_member (root, "radar");
  g_assert_cmpuint (json_array_get_length (radar), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      JsonObject *family = json_array_get_object_element (radar, i);
      const char *code = json_object_get_string_member (family, "family");
      JsonArray *sources = json_object_get_array_member (family, "sources");

      g_assert_cmpuint (json_array_get_length (sources), >, 0);
      if (g_str_equal (code, "professionalism"))
        assert_near (json_object_get_double_member (family, "score"), 90);
      else if (g_str_equal (code, "communication"))
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (family, "score"),
                                        (400.0 / 6 + 87.5 + 80 + 85) / 4, 1e-4);
      else if (g_str_equal (code, "management"))
        g_assert_true (json_object_get_null_member (family, "score"));
    }
  g_free (out);
  g_free (err);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'profile_viewed'"), ==, 1);

  g_assert_cmpint (run_cli ("1234\n", &out, &err, "--db", f->path, "--as", "zhaozhuguan", "people", "appraisal",
                            "--quarter", "2026-Q4", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  agents = json_object_get_array_member (root, "agents");
  g_assert_cmpuint (json_array_get_length (agents), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *a = json_array_get_object_element (agents, i);
      if (g_str_equal (json_object_get_string_member (a, "login"), "wangwei"))
        {
          g_assert_cmpstr (json_object_get_string_member (a, "grade"), ==, "fair");
          g_assert_true (json_object_get_boolean_member (a, "noted"));
          g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "percent"),
                                          (100 + 100 + 200.0 / 3 + 70 + 200.0 / 3) / 5, 1e-4);
        }
    }
  g_free (out);
  g_free (err);

  /* another agent may not; a bad quarter is named */
  g_assert_cmpint (run_cli ("1234\n", &out, &err, "--db", f->path, "--as", "wangwei", "people", "profile", "lina", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "supervisors, trainers and managers"));
  g_free (out);
  g_free (err);
  /* an internal trainer's screen and year, the figures given */
  g_assert_cmpint (run_cli ("1234\n", &out, &err, "--db", f->path, "--as", "qianlaoshi", "people", "trainer", "screen",
                            "qianlaoshi", "--years", "2.5", "--satisfaction", "92", "--lecture", "80,75,70,85",
                            "--major-complaint", "yes", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Trial lecture: 77.5"));
  g_assert_nonnull (strstr (out, "2.5 years of service, fewer than 3."));
  g_assert_nonnull (strstr (out, "A major complaint against them."));
  g_free (out);
  g_free (err);
  g_assert_cmpint (run_cli ("1234\n", &out, &err, "--db", f->path, "--as", "qianlaoshi", "people", "trainer", "evaluate",
                            "qianlaoshi", "--year", "2026", "--satisfaction", "92", "--results", "80", "--courses", "70",
                            "--contribution", "60", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "= 80.8"));
  g_free (out);
  g_free (err);
  g_assert_cmpint (run_cli ("1234\n", &out, &err, "--db", f->path, "--as", "qianlaoshi", "people", "trainer", "screen",
                            "qianlaoshi", "--years", "4", "--satisfaction", "92", "--lecture", "80,75", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--lecture"));
  g_free (out);
  g_free (err);

  /* a supervisor outside 李娜's team: refused, naming her, and audited; their appraisal list is empty */
  g_assert_cmpint (run_cli ("1234\n", &out, &err, "--db", f->path, "--as", "sunzhuguan", "people", "profile", "lina", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "李娜 is not in a staff group you lead"));
  g_free (out);
  g_free (err);
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action = 'people_refused'"), ==, 1);
  g_assert_cmpint (run_cli ("1234\n", &out, &err, "--db", f->path, "--as", "sunzhuguan", "people", "appraisal",
                            "--quarter", "2026-Q4", "--json", NULL), ==, 0);
  root = parse_object (parser, out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "agents")), ==, 0);
  g_free (out);
  g_free (err);
  g_assert_cmpint (run_cli ("1234\n", &out, &err, "--db", f->path, "--as", "zhaozhuguan", "people", "appraisal",
                            "--quarter", "2026-Q7", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "2026-Q7"));
  g_free (out);
  g_free (err);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

  ADD ("/core/people/periods", test_periods);
  ADD ("/core/people/profile-radar", test_profile_radar);
  ADD ("/core/people/sources-edited", test_sources_edited);
  ADD ("/core/people/profile-access", test_profile_access);
  ADD ("/core/people/supervisor-team-only", test_supervisor_team_only);
  ADD ("/core/people/group-overlay-and-leader", test_group_overlay_and_leader);
  g_test_add_func ("/core/people/grades", test_grades);
  ADD ("/core/people/appraisal", test_appraisal);
  ADD ("/core/people/goal-progress", test_goal_progress);
  ADD ("/core/people/goal-achieved-and-refused", test_goal_achieved_and_refused);
  ADD ("/core/people/goal-overdue-flagged", test_goal_overdue_flagged);
  ADD ("/core/people/review-360", test_review);
  ADD ("/core/people/case-from-ticket", test_case_from_ticket);
  ADD ("/core/people/internal-trainers", test_internal_trainers);
  FILE_ONLY ("/core/people/cli", test_cli);
  return g_test_run ();
}
