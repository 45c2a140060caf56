/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-practical.c — a practical assessment's panel: staff raters with
 * their own PIN, an external rater the trainer vouches for, the score
 * history, provisional until all scored and within 15 points or decided,
 * a scenario's own weighted criteria */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kefu-assessment.h"
#include "kefu-auth.h"
#include "kefu-desk.h"
#include "kefu-test-engines.h"
#include "kefu-test-util.h"

#define T0 ((gint64) 1764568800)   /* 2025-12-01 14:00 in Shenzhen (06:00 UTC) */

typedef struct {
  KefuTestDir  dir;
  char        *path;       /* the file (NULL on the server) */
  char        *spec;       /* what the store was opened on (kefu-test-engines.h) */
  KefuStore   *store;
  gint64       trainer;
  gint64       supervisor;
  gint64       manager;
  gint64       trainee;
  gint64       agent;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 admin;

  kefu_test_dir_setup (&f->dir, data);
  /* on a file, or as the tables' owner on the server (#20) */
  f->store = kefu_test_engine_open (&f->dir, data, NULL, &f->spec);
  f->path = kefu_test_engine_is_server (data) ? NULL : g_strdup (f->spec);
  kefu_store_set_now (f->store, T0);
  admin = kefu_desk_add_user (f->store, "admin", "管理员", "admin", NULL, &error);
  g_assert_no_error (error);
  kefu_store_set_actor (f->store, admin);
  f->trainer = kefu_auth_add_user (f->store, "zhaolaoshi", "赵老师", "trainer", NULL, "9753", &error);
  f->supervisor = kefu_auth_add_user (f->store, "xuqiang", "许强", "supervisor", NULL, "2468", &error);
  f->manager = kefu_auth_add_user (f->store, "zhengjun", "郑军", "manager", NULL, "1357", &error);
  f->trainee = kefu_auth_add_user (f->store, "xueyuan1", "学员1", "agent", NULL, "1111", &error);
  f->agent = kefu_auth_add_user (f->store, "xueyuan2", "学员2", "agent", NULL, "2222", &error);
  g_assert_no_error (error);
  kefu_store_set_actor (f->store, f->trainer);
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

/* every case on a SQLite file and on the server (#20) */
#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)

/* One text from a query through the store (NULL without a row) */
static char *
text_of (Fixture    *f,
         const char *sql)
{
  return kefu_test_store_text (f->store, sql);
}

static gint64
scalar (Fixture    *f,
        const char *sql)
{
  return kefu_test_store_scalar (f->store, sql);
}

/* A staff rater's sheet, confirmed with their own PIN at the trainer's desk. */
static void
score_with_pin (Fixture       *f,
                gint64         assessment,
                gint64         rater,
                const char    *pin,
                const double  *scores,
                const char    *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) confirmed = kefu_auth_confirm (f->store, rater, pin, KEFU_PERMISSION_RATE_PRACTICAL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kefu_user_get_id (confirmed), ==, rater);
  g_assert_true (kefu_assessment_score (f->store, assessment, rater, scores, 3, reason, &error));
  g_assert_no_error (error);
  /* the desk stays the trainer's */
  g_assert_cmpint (kefu_store_get_actor (f->store), ==, f->trainer);
}

static void
result_of (Fixture              *f,
           gint64                assessment,
           KefuAssessmentResult *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_assessment_result (f->store, assessment, result, &error));
  g_assert_no_error (error);
}

static void
test_panel (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const double supervisor[] = { 90, 80, 85 };   /* .4·90 + .3·80 + .3·85 = 85.5 */
  static const double owner_rep[] = { 70, 60, 75 };    /* 28 + 18 + 22.5 = 68.5 */
  static const double manager[] = { 95, 90, 90 };      /* 38 + 27 + 27 = 92 */
  static const double owner_rep2[] = { 80, 70, 75 };   /* 32 + 21 + 22.5 = 75.5 */
  static const double supervisor2[] = { 90, 75, 85 };  /* 36 + 22.5 + 25.5 = 84 */
  gint64 a = kefu_assessment_create (f->store, "电梯困人应急演练", f->trainee, T0, 0, NULL, 0, &error);
  g_autoptr(GPtrArray) history = NULL;
  KefuPracticalChange *last;
  gint64 wang;

  g_assert_no_error (error);
  g_assert_cmpint (a, >, 0);
  /* the panel: two staff raters and the owners' representative */
  g_assert_true (kefu_assessment_add_rater (f->store, a, f->supervisor, &error));
  g_assert_true (kefu_assessment_add_rater (f->store, a, f->manager, &error));
  wang = kefu_assessment_add_external (f->store, a, " 王某 ", "业主代表", &error);
  g_assert_no_error (error);
  g_assert_cmpint (wang, >, 0);
  {
    g_autofree char *who = text_of (f, "SELECT name || '/' || role FROM assessment_external_raters");
    g_assert_cmpstr (who, ==, "王某/业主代表");
  }
  /* not the trainee, not an agent, not twice, not without a role */
  g_assert_false (kefu_assessment_add_rater (f->store, a, f->trainee, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (kefu_assessment_add_rater (f->store, a, f->agent, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (kefu_assessment_add_rater (f->store, a, f->manager, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_assessment_add_external (f->store, a, "李某", "  ", &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_auto(KefuAssessmentResult) r = { 0 };
    g_autofree char *status = NULL;

    result_of (f, a, &r);
    g_assert_cmpuint (r.n_panel, ==, 3);
    g_assert_cmpuint (r.n_complete, ==, 0);
    g_assert_true (r.provisional);
    status = kefu_assessment_status (&r);
    g_assert_cmpstr (status, ==, "Provisional: 0 of 3 raters scored");
  }

  /* the supervisor's wrong PIN is refused, and nothing is recorded */
  {
    g_autoptr(KefuUser) nobody = kefu_auth_confirm (f->store, f->supervisor, "0000", KEFU_PERMISSION_RATE_PRACTICAL, &error);

    g_assert_null (nobody);
    g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN);
    g_clear_error (&error);
    g_assert_false (kefu_assessment_score (f->store, a, f->supervisor, supervisor, 3, NULL, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM assessment_scores"), ==, 0);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM assessment_score_history"), ==, 0);
  }
  score_with_pin (f, a, f->supervisor, "2468", supervisor, NULL);
  /* the trainer at the desk is not on this panel */
  g_assert_false (kefu_assessment_score (f->store, a, f->trainer, manager, 3, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* nothing to decide before everyone has scored */
  g_assert_false (kefu_assessment_decide (f->store, a, 80, "合议", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* the trainer enters the owners' representative's sheet and vouches for it */
  kefu_store_set_now (f->store, T0 + 600);
  g_assert_true (kefu_assessment_score_external (f->store, a, wang, owner_rep, 3, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM assessment_external_scores WHERE entered_by = "
                              "(SELECT id FROM users WHERE login = 'zhaolaoshi')"), ==, 3);
  {
    g_auto(KefuAssessmentResult) r = { 0 };
    g_autofree char *status = NULL;

    result_of (f, a, &r);
    g_assert_cmpuint (r.n_complete, ==, 2);
    g_assert_true (r.provisional);
    status = kefu_assessment_status (&r);
    g_assert_cmpstr (status, ==, "Provisional: 2 of 3 raters scored");
  }
  score_with_pin (f, a, f->manager, "1357", manager, NULL);
  {
    g_auto(KefuAssessmentResult) r = { 0 };
    g_autofree char *status = NULL;

    result_of (f, a, &r);
    g_assert_cmpuint (r.n_complete, ==, 3);
    g_assert_cmpuint (r.n_raters, ==, 3);
    /* (85.5 + 92 + 68.5) / 3 = 82; 沟通有效性 90 − 60 = 30 is the widest */
    g_assert_cmpfloat (fabs (r.mean - 82), <, 1e-9);
    g_assert_cmpstr (r.widest_criterion, ==, "沟通有效性");
    g_assert_cmpfloat (fabs (r.widest_spread - 30), <, 1e-9);
    g_assert_true (r.raters_disagree);
    g_assert_true (r.provisional);
    status = kefu_assessment_status (&r);
    g_assert_cmpstr (status, ==, "Provisional: spread 30 > 15 on 沟通有效性");
    /* each rater's real role: the users' and the external one's own */
    g_assert_cmpstr (g_array_index (r.raters, KefuRaterScore, 0).role, ==, "supervisor");
    g_assert_cmpstr (g_array_index (r.raters, KefuRaterScore, 1).role, ==, "manager");
    g_assert_cmpstr (g_array_index (r.raters, KefuRaterScore, 2).role, ==, "业主代表");
    g_assert_cmpint (g_array_index (r.raters, KefuRaterScore, 2).entered_by, ==, f->trainer);
  }
  {
    g_autofree char *roles = text_of (f, "SELECT group_concat(rater_role, ',') FROM "
                                               "(SELECT DISTINCT rater_role FROM assessment_scores ORDER BY rater_role) AS r");
    g_assert_cmpstr (roles, ==, "manager,supervisor");
  }

  /* a re-score after the video: closer, still 20 apart on 沟通有效性 */
  kefu_store_set_now (f->store, T0 + 3600);
  g_assert_true (kefu_assessment_score_external (f->store, a, wang, owner_rep2, 3, "复核录像后更正", &error));
  {
    g_auto(KefuAssessmentResult) r = { 0 };
    g_autofree char *status = NULL;

    result_of (f, a, &r);
    status = kefu_assessment_status (&r);
    g_assert_cmpstr (status, ==, "Provisional: spread 20 > 15 on 沟通有效性");
  }
  /* each change is kept: 3 + 3 + 3 first scores, then two changed (75 stayed) */
  history = kefu_assessment_history (f->store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 11);
  last = history->pdata[10];
  g_assert_cmpstr (last->criterion, ==, "沟通有效性");
  g_assert_cmpstr (last->rater, ==, "王某");
  g_assert_cmpfloat (last->old_score, ==, 60);
  g_assert_cmpfloat (last->new_score, ==, 70);
  g_assert_cmpint (last->changed_by, ==, f->trainer);
  g_assert_cmpint (last->changed_at, ==, T0 + 3600);
  g_assert_cmpstr (last->reason, ==, "复核录像后更正");
  g_assert_true (isnan (((KefuPracticalChange *) history->pdata[0])->old_score));
  g_assert_cmpint (((KefuPracticalChange *) history->pdata[0])->changed_by, ==, f->supervisor);
  /* and audited: one entry per sheet that changed something */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'assessment.score'"), ==, 4);

  /* a decision needs a reason; then it settles the result */
  g_assert_false (kefu_assessment_decide (f->store, a, 82, "  ", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_assessment_decide (f->store, a, 82, "三位评委合议，以沟通环节录像为准", &error));
  g_assert_no_error (error);
  {
    g_auto(KefuAssessmentResult) r = { 0 };
    g_autofree char *status = NULL;

    result_of (f, a, &r);
    g_assert_false (r.provisional);
    g_assert_true (r.decided);
    g_assert_cmpint (r.decided_by, ==, f->trainer);
    g_assert_cmpfloat (r.mean, ==, 82);
    g_assert_false (r.passed);
    status = kefu_assessment_status (&r);
    g_assert_cmpstr (status, ==, "Final (decided): 82.0 · Not passed");
  }
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'assessment.decide'"), ==, 1);
  /* the same sheet again changes nothing; a changed score reopens it */
  score_with_pin (f, a, f->supervisor, "2468", supervisor, NULL);
  {
    g_auto(KefuAssessmentResult) r = { 0 };

    result_of (f, a, &r);
    g_assert_false (r.provisional);
  }
  score_with_pin (f, a, f->supervisor, "2468", supervisor2, "沟通环节扣分");
  {
    g_auto(KefuAssessmentResult) r = { 0 };

    result_of (f, a, &r);
    g_assert_true (r.provisional);
    g_assert_false (r.decided);
    /* (84 + 92 + 75.5) / 3 = 83.8333… */
    g_assert_cmpfloat (fabs (r.mean - 251.5 / 3), <, 1e-9);
  }
  /* the trainee reads their own result (an explicit reader), another agent does not */
  {
    g_auto(KefuAssessmentResult) own = { 0 };
    g_auto(KefuAssessmentResult) other = { 0 };

    g_assert_true (kefu_assessment_result_for (f->store, a, f->trainee, &own, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (own.n_panel, ==, 3);
    g_assert_false (kefu_assessment_result_for (f->store, a, f->agent, &other, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_cmpint (kefu_store_get_actor (f->store), ==, f->trainer);
  }
}

/* A trainer's trial lecture (讲师试讲) with its own four criteria. */
static void
test_scenario_criteria (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KefuCriterionSpec lecture[] = { { "内容", 40 }, { "清晰", 20 }, { "互动", 20 }, { "表达", 15 } };
  static const double sup[] = { 90, 80, 70, 60 };   /* 36 + 16 + 14 + 12 = 78 */
  static const double ext[] = { 85, 80, 75, 60 };   /* 34 + 16 + 15 + 12 = 77 */
  g_autoptr(GArray) own = NULL;
  g_autoptr(GArray) criteria = NULL;
  g_autoptr(GArray) defaults = NULL;
  g_auto(KefuAssessmentResult) r = { 0 };
  g_autofree char *status = NULL;
  gint64 a, drill, wang;

  /* 95 is refused, naming the scenario and the sum */
  g_assert_false (kefu_assessment_define_criteria (f->store, "讲师试讲", lecture, 4, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "讲师试讲"));
  g_assert_nonnull (strstr (error->message, "95"));
  g_assert_nonnull (strstr (error->message, "100"));
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM scenario_criteria"), ==, 0);
  /* an agent may not define them */
  lecture[3].weight = 20;
  kefu_store_set_actor (f->store, f->agent);
  g_assert_false (kefu_assessment_define_criteria (f->store, "讲师试讲", lecture, 4, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_true (kefu_assessment_define_criteria (f->store, "讲师试讲", lecture, 4, &error));
  g_assert_no_error (error);
  own = kefu_assessment_scenario_criteria (f->store, "讲师试讲", &error);
  g_assert_cmpuint (own->len, ==, 4);

  /* an assessment of the scenario takes them; another keeps the defaults */
  a = kefu_assessment_create (f->store, "讲师试讲", f->trainee, T0, 75, NULL, 0, &error);
  drill = kefu_assessment_create (f->store, "电梯困人应急演练", f->trainee, T0, 0, NULL, 0, &error);
  g_assert_no_error (error);
  criteria = kefu_assessment_criteria (f->store, a, &error);
  defaults = kefu_assessment_criteria (f->store, drill, &error);
  g_assert_cmpuint (criteria->len, ==, 4);
  g_assert_cmpstr (g_array_index (criteria, KefuCriterion, 0).name, ==, "内容");
  g_assert_cmpstr (g_array_index (criteria, KefuCriterion, 3).name, ==, "表达");
  g_assert_cmpfloat (g_array_index (criteria, KefuCriterion, 0).weight, ==, 40);
  g_assert_cmpuint (defaults->len, ==, 3);
  g_assert_cmpstr (g_array_index (defaults, KefuCriterion, 0).name, ==, "流程规范性");

  /* a panel of the supervisor and a named external rater */
  g_assert_true (kefu_assessment_add_rater (f->store, a, f->supervisor, &error));
  wang = kefu_assessment_add_external (f->store, a, "王某", "业主代表", &error);
  g_assert_no_error (error);
  {
    g_autoptr(KefuUser) c = kefu_auth_confirm (f->store, f->supervisor, "2468", KEFU_PERMISSION_RATE_PRACTICAL, &error);
    g_assert_nonnull (c);
  }
  g_assert_true (kefu_assessment_score (f->store, a, f->supervisor, sup, 4, NULL, &error));
  g_assert_true (kefu_assessment_score_external (f->store, a, wang, ext, 4, NULL, &error));
  g_assert_no_error (error);
  result_of (f, a, &r);
  /* each rater's weighted mean, then the mean of the raters: (78 + 77) / 2 */
  g_assert_cmpfloat (fabs (g_array_index (r.raters, KefuRaterScore, 0).score - 78), <, 1e-9);
  g_assert_cmpfloat (fabs (g_array_index (r.raters, KefuRaterScore, 1).score - 77), <, 1e-9);
  g_assert_cmpfloat (fabs (r.mean - 77.5), <, 1e-9);
  g_assert_false (r.provisional);
  g_assert_true (r.passed);
  status = kefu_assessment_status (&r);
  g_assert_cmpstr (status, ==, "Final: 77.5 · Passed");
  /* nothing to decide when they agree */
  g_assert_false (kefu_assessment_decide (f->store, a, 80, "不需要", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
}

/* kefu-cli training practical: a scenario's criteria, scheduling with
 * the panel, a staff rater's own PIN (a wrong one refused), the trainer
 * entering the external rater's sheet, and the status it prints. */
static void
test_cli (KefuTestDir   *dir,
          gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (dir, "demo.db");
  g_autofree char *sup = NULL, *agent = NULL, *sql = NULL;
  char *o[8] = { NULL }, *e[8] = { NULL };
  g_autofree char *faketime = g_find_program_in_path ("faketime");
  const char *when = "2026-11-25 10:00:00";
  gint64 id;

  if (faketime == NULL || g_getenv ("KEFU_CLI") == NULL)
    {
      g_test_skip ("needs faketime and kefu-cli");
      return;
    }
  g_assert_cmpint (kefu_test_run_cli (when, NULL, &o[0], &e[0], "--db", path, "init", "--demo", "300", "--now",
                                      "2026-11-25 10:00", NULL), ==, 0);
  sup = kefu_test_other_text (path, "SELECT login FROM users WHERE role = 'supervisor' AND active ORDER BY id LIMIT 1");
  agent = kefu_test_other_text (path, "SELECT login FROM users WHERE role = 'agent' AND active ORDER BY id LIMIT 1");
  g_assert_nonnull (sup);
  g_assert_nonnull (agent);

  /* weights adding up to 95 are refused, naming the sum */
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o[1], &e[1], "--db", path, "--as", "guohong", "training", "practical",
                                      "criteria", "讲师试讲", "内容=40", "清晰=20", "互动=20", "表达=15", NULL), ==, 1);
  g_assert_nonnull (strstr (e[1], "95"));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM scenario_criteria"), ==, 0);
  g_clear_pointer (&o[1], g_free);
  g_clear_pointer (&e[1], g_free);
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o[1], &e[1], "--db", path, "--as", "guohong", "training", "practical",
                                      "criteria", "讲师试讲", "内容=40", "清晰=20", "互动=20", "表达=20", NULL), ==, 0);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT sum(weight) FROM scenario_criteria WHERE scenario = '讲师试讲'"), ==, 100);

  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o[2], &e[2], "--db", path, "--as", "guohong", "training", "practical",
                                      "schedule", "讲师试讲", agent, "--at", "2026-11-25 09:00", "--pass", "75",
                                      "--rater", sup, "--external", "王某=业主代表", NULL), ==, 0);
  id = kefu_test_scalar (path, "SELECT max(id) FROM assessments WHERE scenario = '讲师试讲'");
  g_assert_cmpint (id, >, 0);
  g_assert_nonnull (strstr (o[2], "Provisional: 0 of 2 raters scored"));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM assessment_criteria WHERE assessment_id = "
                                           "(SELECT max(id) FROM assessments)"), ==, 4);
  {
    g_autofree char *num = g_strdup_printf ("%" G_GINT64_FORMAT, id);

    /* the supervisor's wrong PIN after the trainer's: refused, nothing kept */
    g_assert_cmpint (kefu_test_run_cli (when, "1234\n0000\n", &o[3], &e[3], "--db", path, "--as", "guohong", "training",
                                        "practical", "score", num, "--rater", sup, "90", "80", "70", "60", NULL), ==, 1);
    g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM assessment_score_history"), ==, 0);
    g_assert_cmpint (kefu_test_run_cli (when, "1234\n1234\n", &o[4], &e[4], "--db", path, "--as", "guohong", "training",
                                        "practical", "score", num, "--rater", sup, "90", "80", "70", "60", NULL), ==, 0);
    g_assert_nonnull (strstr (o[4], "Provisional: 1 of 2 raters scored"));
    /* the trainer enters 王某's: (78 + 77) / 2 */
    g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o[5], &e[5], "--db", path, "--as", "guohong", "training",
                                        "practical", "score", num, "--external", "王某", "85", "80", "75", "60", NULL), ==, 0);
    g_assert_nonnull (strstr (o[5], "Final: 77.5 · Passed"));
    sql = g_strdup_printf ("SELECT count(*) FROM assessment_external_scores WHERE assessment_id = %s AND entered_by = "
                           "(SELECT id FROM users WHERE login = 'guohong')", num);
    g_assert_cmpint (kefu_test_scalar (path, sql), ==, 4);
    g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM assessment_score_history"), ==, 8);
    /* an agent may not decide a result */
    g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o[6], &e[6], "--db", path, "--as", agent, "training",
                                        "practical", "decide", num, "80", "--why", "不行", NULL), ==, 1);
  }
  for (guint i = 0; i < G_N_ELEMENTS (o); i++)
    {
      g_free (o[i]);
      g_free (e[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/practical/panel", test_panel);
  ADD ("/practical/scenario-criteria", test_scenario_criteria);
  KEFU_TEST_ADD ("/practical/cli", test_cli);
  return g_test_run ();
}
