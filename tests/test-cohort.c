/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cohort.c — cohorts, staff groups, and the four-level report on a
 * hand-made data set whose answers are worked out here by hand */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "kefu-assessment.h"
#include "kefu-cohort.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-kpi.h"
#include "kefu-store-private.h"
#include "kefu-test-engines.h"
#include "kefu-test-util.h"

#define DAY ((gint64) 86400)
#define MINUTE ((gint64) 60)
/* the course: two days from Monday 2026-03-02 00:00 UTC */
#define S ((gint64) 1772409600)
#define E (S + 2 * DAY)

typedef struct {
  KefuTestDir  dir;
  char        *path;       /* the file (NULL on the server) */
  char        *spec;       /* what the store was opened on (kefu-test-engines.h) */
  KefuStore   *store;
  gint64       trainer, a, b, other, group, course, cohort;
} Fixture;

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (kefu_store_exec (f->store, sql, &error));
  g_assert_no_error (error);
}

static guint ticket_seq;

/* One ticket of @agent created at @at, answered after @response_min, … */
static void
ticket (Fixture    *f,
        gint64      agent,
        gint64      at,
        const char *kind,
        int         response_min,
        gboolean    resolved,
        gboolean    reopened,
        gboolean    closed,
        int         rating)
{
  g_autofree char *resolved_at = resolved ? g_strdup_printf ("%" G_GINT64_FORMAT, at + 3600) : g_strdup ("NULL");
  g_autofree char *closed_at = closed ? g_strdup_printf ("%" G_GINT64_FORMAT, at + 7200) : g_strdup ("NULL");
  g_autofree char *rated = rating > 0 ? g_strdup_printf ("%d", rating) : g_strdup ("NULL");
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO tickets (number, channel, kind, location, description, status, agent_id, created_at, updated_at, "
      "first_response_at, resolved_at, closed_at, reopen_count, satisfaction) VALUES "
      "('T%05u', 'phone', '%s', '3栋502', '测试', '%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", "
      "%" G_GINT64_FORMAT ", %s, %s, %d, %s)",
      ++ticket_seq, kind, closed ? "closed" : resolved ? "resolved" : "accepted", agent, at, at,
      at + response_min * MINUTE, resolved_at, closed_at, reopened ? 1 : 0, rated);
  exec (f, sql);
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
  kefu_store_set_now (f->store, S - 10 * DAY);
  f->trainer = kefu_desk_add_user (f->store, "guohong", "郭红", "trainer", NULL, &error);
  f->a = kefu_desk_add_user (f->store, "chenjing", "陈静", "agent", NULL, &error);
  f->b = kefu_desk_add_user (f->store, "sunjie", "孙杰", "agent", NULL, &error);
  f->other = kefu_desk_add_user (f->store, "wuhao", "吴浩", "agent", NULL, &error);
  g_assert_no_error (error);
  exec (f, "INSERT INTO courses (name, layer, module, hours) VALUES ('沟通技巧与3F倾听', 'basic', 'communication', 6)");
  f->course = kefu_query_last_id (f->store);
  kefu_store_set_actor (f->store, f->trainer);
  f->group = kefu_staff_group_create (f->store, "前台一班", 0, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_staff_group_add_member (f->store, f->group, f->a, &error));
  g_assert_true (kefu_staff_group_add_member (f->store, f->group, f->other, &error));
  f->cohort = kefu_cohort_create (f->store, f->course, "沟通技巧 第1期", S, E, f->group, f->trainer, 0, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_cohort_add_member (f->store, f->cohort, f->a, "in_post", &error));
  g_assert_true (kefu_cohort_add_member (f->store, f->cohort, f->b, "new_hire", &error));
  g_assert_no_error (error);
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

/* The hand-made desk:
 *  A (陈静, in the cohort and the group), 13 weeks before the start: 20
 *    complaints answered in 30 min, all resolved, 5 reopened, 16 closed,
 *    each rated 3; 13 weeks after the end: 20 complaints answered in 10
 *    min, 1 reopened, all closed, rated 5.
 *  B (孙杰, in the cohort only): 5 repairs before answered in 20 min, 3
 *    after in 15 min, resolved, never reopened, not rated.
 *  The other agent (吴浩, in the group only), 26 weeks around: 10
 *    complaints on each side, closed, rated 4 before and 5 after.
 */
static void
make_tickets (Fixture *f)
{
  for (int i = 0; i < 20; i++)
    {
      ticket (f, f->a, S - 80 * DAY + i * DAY, "complaint", 30, TRUE, i < 5, i < 16, 3);
      ticket (f, f->a, E + 10 * DAY + i * DAY, "complaint", 10, TRUE, i < 1, TRUE, 5);
    }
  for (int i = 0; i < 5; i++)
    ticket (f, f->b, S - 50 * DAY + i * DAY, "repair", 20, TRUE, FALSE, FALSE, 0);
  for (int i = 0; i < 3; i++)
    ticket (f, f->b, E + 20 * DAY + i * DAY, "repair", 15, TRUE, FALSE, FALSE, 0);
  for (int i = 0; i < 10; i++)
    {
      ticket (f, f->other, S - 150 * DAY + i * DAY, "complaint", 5, TRUE, FALSE, TRUE, 4);
      ticket (f, f->other, E + 120 * DAY + i * DAY, "complaint", 5, TRUE, FALSE, TRUE, 5);
    }
  /* outside every window: a ticket of A's a year before, one during the course */
  ticket (f, f->a, S - 365 * DAY, "complaint", 500, TRUE, TRUE, FALSE, 1);
  ticket (f, f->a, S + DAY, "complaint", 500, TRUE, TRUE, FALSE, 1);
}

static void
make_training_records (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  int a_answers[4] = { 5, 4, 5, 4 }, b_answers[4] = { 4, 4, 3, 5 };
  gint64 s1, s2, assessment;
  guint n;
  const KefuCriterionSpec *criteria = kefu_assessment_default_criteria (&n);
  double scores[3] = { 90, 80, 90 };   /* × 0.4, 0.3, 0.3 = 87 */

  s1 = kefu_cohort_add_session (f->store, f->cohort, S + 9 * 3600, 3, "3F倾听", f->trainer, "三楼培训室", &error);
  s2 = kefu_cohort_add_session (f->store, f->cohort, S + DAY + 9 * 3600, 3, "投诉演练", f->trainer, "三楼培训室", &error);
  g_assert_no_error (error);
  g_assert_true (kefu_session_set_attendance (f->store, s1, f->a, TRUE, &error));
  g_assert_true (kefu_session_set_attendance (f->store, s2, f->a, TRUE, &error));
  g_assert_true (kefu_session_set_attendance (f->store, s1, f->b, TRUE, &error));
  g_assert_true (kefu_session_set_attendance (f->store, s2, f->b, FALSE, &error));
  g_assert_no_error (error);

  /* A answers at the desk; the trainer keys in B's paper form */
  kefu_store_set_now (f->store, E);
  kefu_store_set_actor (f->store, f->a);
  g_assert_cmpint (kefu_cohort_add_survey (f->store, f->cohort, f->a, a_answers, NULL, &error), >, 0);
  g_assert_no_error (error);
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_cmpint (kefu_cohort_add_survey (f->store, f->cohort, f->b, b_answers, "多些演练", &error), >, 0);
  g_assert_no_error (error);

  /* exams: A 85 three days after the end (and 95 a month before the start,
   * which does not count); B 70 the day after, 90 eight days after (too late) */
  exec (f, "INSERT INTO exams (name, created_at) VALUES ('期末', 0)");
  {
    g_autofree char *sql = g_strdup_printf (
        "INSERT INTO attempts (exam_id, user_id, state, started_at, submitted_at, score, max_score, passed) VALUES "
        "(1, %1$" G_GINT64_FORMAT ", 'graded', %3$" G_GINT64_FORMAT ", %3$" G_GINT64_FORMAT ", 17, 20, 1),"
        "(1, %1$" G_GINT64_FORMAT ", 'graded', %4$" G_GINT64_FORMAT ", %4$" G_GINT64_FORMAT ", 95, 100, 1),"
        "(1, %2$" G_GINT64_FORMAT ", 'graded', %5$" G_GINT64_FORMAT ", %5$" G_GINT64_FORMAT ", 70, 100, 0),"
        "(1, %2$" G_GINT64_FORMAT ", 'graded', %6$" G_GINT64_FORMAT ", %6$" G_GINT64_FORMAT ", 90, 100, 1)",
        f->a, f->b, E + 3 * DAY, S - 30 * DAY, E + DAY, E + 8 * DAY);
    exec (f, sql);
  }
  assessment = kefu_assessment_create (f->store, "电梯困人应急演练", f->a, E + 2 * DAY, KEFU_ASSESSMENT_PASS_MARK,
                                       criteria, n, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_assessment_score (f->store, assessment, f->trainer, scores, 3, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (kefu_cohort_add_ledger (f->store, f->cohort, FALSE, "讲师课酬", 1000, &error), >, 0);
  g_assert_cmpint (kefu_cohort_add_ledger (f->store, f->cohort, FALSE, "场地", 500, &error), >, 0);
  g_assert_cmpint (kefu_cohort_add_ledger (f->store, f->cohort, TRUE, "返工减少", 6000, &error), >, 0);
  g_assert_no_error (error);
}

static KefuCohortTrainee *
trainee (KefuCohortReport *r,
         gint64            user)
{
  for (guint i = 0; i < r->trainees->len; i++)
    if (((KefuCohortTrainee *) r->trainees->pdata[i])->user_id == user)
      return r->trainees->pdata[i];
  g_assert_not_reached ();
}

static gboolean
has_note (KefuCohortReport *r,
          guint             level,
          const char       *part)
{
  for (guint i = 0; i < r->notes[level]->len; i++)
    if (strstr (r->notes[level]->pdata[i], part) != NULL)
      return TRUE;
  return FALSE;
}

#define EPS 1e-9

static void
test_report_after_six_months (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuCohortReport) r = NULL;
  KefuCohortTrainee *ta, *tb;
  KefuCohortResults *center, *group;

  make_tickets (f);
  make_training_records (f);
  kefu_store_set_now (f->store, E + 200 * DAY);
  r = kefu_cohort_report (f->store, f->cohort, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->state, ==, KEFU_COHORT_FINISHED);
  g_assert_cmpstr (r->group, ==, "前台一班");

  /* attendance: 3 of 4 member-sessions; A 6 hours, B 3 */
  g_assert_cmpuint (r->n_members, ==, 2);
  g_assert_cmpuint (r->n_sessions, ==, 2);
  g_assert_cmpfloat_with_epsilon (r->attendance_rate, 0.75, EPS);
  g_assert_cmpfloat_with_epsilon (r->planned_hours, 6, EPS);
  ta = trainee (r, f->a);
  tb = trainee (r, f->b);
  g_assert_cmpfloat_with_epsilon (ta->hours, 6, EPS);
  g_assert_cmpfloat_with_epsilon (tb->hours, 3, EPS);
  g_assert_true (has_note (r, 0, "75.0%"));

  /* 1 reaction: (4.5 + 4.0) / 2; both answered */
  g_assert_cmpuint (r->responses, ==, 2);
  g_assert_cmpfloat_with_epsilon (r->response_rate, 1.0, EPS);
  g_assert_cmpfloat_with_epsilon (r->reaction_mean, 4.25, EPS);
  g_assert_cmpfloat_with_epsilon (r->item_mean[KEFU_SURVEY_USEFULNESS], 4.5, EPS);
  g_assert_cmpfloat_with_epsilon (r->item_mean[KEFU_SURVEY_FORMAT], 4.0, EPS);
  g_assert_cmpfloat_with_epsilon (r->item_mean[KEFU_SURVEY_ORGANISATION], 4.5, EPS);

  /* 2 learning: A 85 % (17/20) passes, B 70 fails, the rest lies outside */
  g_assert_cmpfloat_with_epsilon (ta->exam_percent, 85, EPS);
  g_assert_cmpfloat_with_epsilon (tb->exam_percent, 70, EPS);
  g_assert_cmpuint (r->exam_taken, ==, 2);
  g_assert_cmpuint (r->exam_passed, ==, 1);
  g_assert_cmpfloat_with_epsilon (r->exam_mean, 77.5, EPS);
  g_assert_cmpfloat_with_epsilon (ta->practical_score, 87, 1e-6);
  g_assert_true (isnan (tb->practical_score));
  g_assert_cmpuint (r->practical_taken, ==, 1);
  g_assert_cmpuint (r->practical_passed, ==, 1);

  /* 3 behaviour, A's own tickets: a trend on each figure */
  g_assert_cmpfloat_with_epsilon (ta->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].before, 30, EPS);
  g_assert_cmpfloat_with_epsilon (ta->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].after, 10, EPS);
  g_assert_cmpint (ta->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].verdict, ==, KEFU_TREND_SHOWN);
  g_assert_cmpfloat_with_epsilon (ta->behaviour[KEFU_BEHAVIOUR_FIRST_CONTACT].before, 15.0 / 20, EPS);
  g_assert_cmpfloat_with_epsilon (ta->behaviour[KEFU_BEHAVIOUR_FIRST_CONTACT].after, 19.0 / 20, EPS);
  g_assert_cmpfloat_with_epsilon (ta->behaviour[KEFU_BEHAVIOUR_REPEAT_COMPLAINT].before, 5.0 / 20, EPS);
  g_assert_cmpfloat_with_epsilon (ta->behaviour[KEFU_BEHAVIOUR_REPEAT_COMPLAINT].after, 1.0 / 20, EPS);
  g_assert_cmpfloat_with_epsilon (ta->behaviour[KEFU_BEHAVIOUR_SATISFACTION].before, 60, EPS);
  g_assert_cmpfloat_with_epsilon (ta->behaviour[KEFU_BEHAVIOUR_SATISFACTION].after, 100, EPS);
  g_assert_cmpint (ta->behaviour[KEFU_BEHAVIOUR_SATISFACTION].verdict, ==, KEFU_TREND_SHOWN);
  {
    g_autofree char *change = kefu_cohort_figure_change (kefu_behaviour_info (KEFU_BEHAVIOUR_FIRST_CONTACT),
                                                         &ta->behaviour[KEFU_BEHAVIOUR_FIRST_CONTACT]);
    g_assert_cmpstr (change, ==, "+20.0 pts");
  }
  /* B's: 5 and 3 tickets, too few for a trend; no complaints at all */
  g_assert_cmpfloat_with_epsilon (tb->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].before, 20, EPS);
  g_assert_cmpfloat_with_epsilon (tb->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].after, 15, EPS);
  g_assert_cmpint (tb->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].n_after, ==, 3);
  g_assert_cmpint (tb->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].verdict, ==, KEFU_TREND_TOO_FEW);
  g_assert_cmpint (tb->behaviour[KEFU_BEHAVIOUR_REPEAT_COMPLAINT].verdict, ==, KEFU_TREND_NO_DATA);
  {
    g_autofree char *change = kefu_cohort_figure_change (kefu_behaviour_info (KEFU_BEHAVIOUR_RESPONSE_MIN),
                                                         &tb->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN]);
    g_assert_cmpstr (change, ==, "too few cases");
  }
  g_assert_true (has_note (r, 3, "1 of 2 trainees"));
  /* all trainees together: (20×30 + 5×20) / 25 and (20×10 + 3×15) / 23 */
  g_assert_cmpfloat_with_epsilon (r->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].before, 700.0 / 25, EPS);
  g_assert_cmpfloat_with_epsilon (r->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].after, 245.0 / 23, EPS);
  g_assert_cmpfloat_with_epsilon (r->behaviour[KEFU_BEHAVIOUR_FIRST_CONTACT].before, 20.0 / 25, EPS);
  g_assert_cmpfloat_with_epsilon (r->behaviour[KEFU_BEHAVIOUR_FIRST_CONTACT].after, 22.0 / 23, EPS);
  g_assert_cmpint (r->behaviour[KEFU_BEHAVIOUR_FIRST_CONTACT].verdict, ==, KEFU_TREND_SHOWN);

  /* 4 results: the center (A, B, other) and the group (A, other) */
  g_assert_cmpuint (r->results->len, ==, 2);
  center = r->results->pdata[0];
  group = r->results->pdata[1];
  g_assert_cmpint (center->tickets_before, ==, 20 + 5 + 10);
  g_assert_cmpint (center->tickets_after, ==, 20 + 3 + 10);
  g_assert_cmpint (group->tickets_before, ==, 30);
  /* ratings: 20 × 3 and 10 × 4 before, 30 × 5 after */
  g_assert_cmpfloat_with_epsilon (group->figures[KEFU_RESULT_SATISFACTION].before, (60.0 + 40) / 30 * 20, EPS);
  g_assert_cmpfloat_with_epsilon (group->figures[KEFU_RESULT_SATISFACTION].after, 100, EPS);
  g_assert_cmpfloat_with_epsilon (group->figures[KEFU_RESULT_COMPLAINT_CLOSURE].before, 26.0 / 30, EPS);
  g_assert_cmpfloat_with_epsilon (group->figures[KEFU_RESULT_COMPLAINT_CLOSURE].after, 1.0, EPS);
  g_assert_cmpfloat_with_epsilon (group->figures[KEFU_RESULT_REPEAT_COMPLAINT].before, 5.0 / 30, EPS);
  g_assert_cmpfloat_with_epsilon (group->figures[KEFU_RESULT_REPEAT_COMPLAINT].after, 1.0 / 30, EPS);
  g_assert_cmpint (group->figures[KEFU_RESULT_SATISFACTION].verdict, ==, KEFU_TREND_SHOWN);
  /* the center's figures are the dashboard's over the same weeks */
  {
    g_autoptr(KefuKpiReport) before = kefu_kpi_compute (f->store, S - 182 * DAY, S, &error);
    g_autoptr(KefuKpiReport) after = kefu_kpi_compute (f->store, E, E + 182 * DAY, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (center->figures[KEFU_RESULT_SATISFACTION].before, before->value[KEFU_KPI_SATISFACTION], EPS);
    g_assert_cmpfloat_with_epsilon (center->figures[KEFU_RESULT_SATISFACTION].after, after->value[KEFU_KPI_SATISFACTION], EPS);
    g_assert_cmpfloat_with_epsilon (center->figures[KEFU_RESULT_COMPLAINT_CLOSURE].before,
                                    before->value[KEFU_KPI_COMPLAINT_CLOSURE_RATE], EPS);
    g_assert_cmpfloat_with_epsilon (center->figures[KEFU_RESULT_REPEAT_COMPLAINT].after,
                                    after->value[KEFU_KPI_REPEAT_COMPLAINT_RATE], EPS);
  }
  /* ROI: 6000 / 1500 */
  g_assert_cmpfloat_with_epsilon (r->costs, 1500, EPS);
  g_assert_cmpfloat_with_epsilon (r->roi, 4, EPS);
  g_assert_false (has_note (r, 4, "cannot be computed"));
  g_assert_false (has_note (r, 4, "season"));

  /* written as a spreadsheet and a PDF; another name is refused */
  {
    g_autofree char *xlsx = kefu_test_path (&f->dir, "report.xlsx");
    g_autofree char *pdf = kefu_test_path (&f->dir, "report.pdf");
    g_autofree char *doc = kefu_test_path (&f->dir, "report.doc");
    g_autofree char *contents = NULL;
    gsize length = 0;

    g_assert_true (kefu_cohort_report_write (r, xlsx, &error));
    g_assert_true (kefu_cohort_report_write (r, pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
    g_assert_true (length > 1000 && memcmp (contents, "%PDF", 4) == 0);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (xlsx, &contents, &length, NULL));
    g_assert_true (length > 1000 && memcmp (contents, "PK", 2) == 0);
    g_assert_false (kefu_cohort_report_write (r, doc, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "report.doc"));
    g_clear_error (&error);
    g_assert_false (g_file_test (doc, G_FILE_TEST_EXISTS));
  }

  /* the JSON says the same */
  {
    g_autofree char *json = kefu_cohort_report_to_json (r);
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root, *reaction, *results;

    g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
    root = json_node_get_object (json_parser_get_root (parser));
    reaction = json_object_get_object_member (root, "reaction");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (reaction, "mean"), 4.25, EPS);
    results = json_object_get_object_member (root, "results");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (results, "roi"), 4, EPS);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
        json_object_get_object_member (root, "behaviour"), "trainees")), ==, 2);
  }
}

/* A month after the end: behaviour and results are windows still open;
 * during the course there is nothing after yet. */
static void
test_report_windows_not_complete (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  make_tickets (f);
  kefu_store_set_now (f->store, E + 30 * DAY);
  {
    g_autoptr(KefuCohortReport) r = kefu_cohort_report (f->store, f->cohort, &error);
    KefuCohortTrainee *ta;

    g_assert_no_error (error);
    ta = trainee (r, f->a);
    /* A's tickets of the first 30 days after: days 10 … 29, 20 of them */
    g_assert_cmpint (ta->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].n_after, ==, 20);
    g_assert_cmpint (ta->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].verdict, ==, KEFU_TREND_WINDOW_OPEN);
    g_assert_cmpint (((KefuCohortResults *) r->results->pdata[0])->figures[0].verdict, ==, KEFU_TREND_WINDOW_OPEN);
    g_assert_true (has_note (r, 3, "13 weeks"));
    g_assert_true (has_note (r, 4, "26 weeks"));
    g_assert_true (has_note (r, 1, "No one has answered"));
    g_assert_true (has_note (r, 4, "No costs"));
  }
  kefu_store_set_now (f->store, S + DAY);
  {
    g_autoptr(KefuCohortReport) r = kefu_cohort_report (f->store, f->cohort, &error);
    g_assert_no_error (error);
    g_assert_cmpint (r->state, ==, KEFU_COHORT_RUNNING);
    g_assert_cmpint (r->behaviour[KEFU_BEHAVIOUR_SATISFACTION].verdict, ==, KEFU_TREND_NOT_YET);
    g_assert_true (isnan (r->behaviour[KEFU_BEHAVIOUR_SATISFACTION].after));
    g_assert_true (has_note (r, 2, "more may still come"));
  }
}

static void
test_rights_and_bad_input (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int good[4] = { 5, 5, 5, 5 }, bad[4] = { 5, 6, 5, 5 };

  /* an agent may answer their own survey, not someone else's, and sees no report */
  kefu_store_set_actor (f->store, f->a);
  g_assert_cmpint (kefu_cohort_add_survey (f->store, f->cohort, f->b, good, NULL, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (kefu_cohort_add_survey (f->store, f->cohort, f->a, bad, NULL, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Trainer"));
  g_clear_error (&error);
  g_assert_null (kefu_cohort_report (f->store, f->cohort, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (kefu_cohort_create (f->store, f->course, "x", S, E, 0, 0, 0, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* the other agent is not a member */
  kefu_store_set_actor (f->store, f->other);
  g_assert_cmpint (kefu_cohort_add_survey (f->store, f->cohort, f->other, good, NULL, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  kefu_store_set_actor (f->store, f->trainer);
  g_assert_cmpint (kefu_cohort_create (f->store, f->course, "反了", E, S, 0, 0, 0, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "反了"));
  g_clear_error (&error);
  g_assert_false (kefu_cohort_add_member (f->store, f->cohort, f->a, "boss", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_staff_group_create (f->store, "前台一班", 0, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_cohort_add_session (f->store, f->cohort, S, 0, NULL, 0, NULL, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (kefu_cohort_report (f->store, 999, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* a course may be taken again: A in a second cohort of the same course */
  {
    gint64 again = kefu_cohort_create (f->store, f->course, "沟通技巧 第2期", E + 100 * DAY, E + 102 * DAY, 0, 0, 0, &error);
    g_autoptr(GPtrArray) list = NULL;

    g_assert_no_error (error);
    g_assert_true (kefu_cohort_add_member (f->store, again, f->a, "in_post", &error));
    g_assert_no_error (error);
    g_assert_cmpint (kefu_cohort_find (f->store, "沟通技巧 第2期", &error), ==, again);
    g_assert_cmpint (kefu_cohort_find (f->store, "1", &error), ==, f->cohort);
    g_assert_cmpint (kefu_cohort_find (f->store, "第9期", &error), ==, 0);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    list = kefu_cohorts (f->store, &error);
    g_assert_cmpuint (list->len, ==, 2);
    g_assert_cmpint (((KefuCohortSummary *) list->pdata[0])->id, ==, again);   /* newest first */
    g_assert_cmpint (((KefuCohortSummary *) list->pdata[0])->state, ==, KEFU_COHORT_PLANNED);
    g_assert_cmpuint (((KefuCohortSummary *) list->pdata[1])->n_members, ==, 2);
    g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM enrolments WHERE user_id = 2"), ==, 2);
  }
}

/* The trainer's plan: a group renamed and deleted, members and sessions
 * with attendance, a member removed with their marks, the cohort deleted
 * with everything about it; each change audited, agents refused. */
static void
test_plan_edit_and_delete (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  gint64 s1, s2, second, starts = 0;
  KefuCohortSummary *c;

  s1 = kefu_cohort_add_session (f->store, f->cohort, S + 9 * 3600, 3, "3F倾听", f->trainer, "三楼培训室", &error);
  s2 = kefu_cohort_add_session (f->store, f->cohort, S + DAY + 9 * 3600, 2.5, "投诉演练", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_session_set_attendance (f->store, s1, f->a, TRUE, &error));
  g_assert_true (kefu_session_set_attendance (f->store, s1, f->b, FALSE, &error));
  g_assert_true (kefu_session_set_attendance (f->store, s2, f->b, TRUE, &error));
  g_assert_no_error (error);

  /* each member's tier and sessions attended */
  members = kefu_cohort_members (f->store, f->cohort, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  for (guint i = 0; i < members->len; i++)
    {
      KefuCohortMember *m = members->pdata[i];
      g_assert_cmpuint (m->attended, ==, 1);   /* A in s1, B in s2 */
      g_assert_cmpstr (m->tier, ==, m->user_id == f->a ? "in_post" : "new_hire");
    }
  sessions = kefu_cohort_sessions (f->store, f->cohort, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 2);
  g_assert_cmpint (((KefuCohortSession *) sessions->pdata[0])->id, ==, s1);
  g_assert_cmpuint (((KefuCohortSession *) sessions->pdata[0])->n_marked, ==, 2);
  g_assert_true (kefu_cohort_session_has (sessions->pdata[0], f->a));
  g_assert_false (kefu_cohort_session_has (sessions->pdata[0], f->b));
  g_assert_cmpstr (((KefuCohortSession *) sessions->pdata[0])->trainer, ==, "郭红");
  g_assert_null (((KefuCohortSession *) sessions->pdata[1])->place);

  /* an agent may change nothing */
  kefu_store_set_actor (f->store, f->a);
  g_assert_false (kefu_cohort_delete (f->store, f->cohort, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (kefu_staff_group_rename (f->store, f->group, "x", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, f->trainer);

  /* the group: renamed, not to an empty or taken name */
  g_assert_cmpint (kefu_staff_group_create (f->store, "夜班", 0, &error), >, 0);
  g_assert_false (kefu_staff_group_rename (f->store, f->group, "夜班", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "夜班"));
  g_clear_error (&error);
  g_assert_false (kefu_staff_group_rename (f->store, f->group, "  ", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_staff_group_rename (f->store, f->group, "前台甲班", &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) gm = kefu_staff_group_members (f->store, f->group, &error);
    g_assert_cmpuint (gm->len, ==, 2);
  }

  /* the cohort's dates: the last day must not come before the first */
  g_assert_true (kefu_cohort_parse_day ("2026-03-02", "first day", &starts, &error));
  g_assert_false (kefu_cohort_parse_day ("2026-02-30", "last day", &starts, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-02-30"));
  g_clear_error (&error);
  g_assert_false (kefu_cohort_update (f->store, f->cohort, "沟通技巧 第1期", E, S, f->group, f->trainer, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_cohort_update (f->store, f->cohort, "沟通技巧 一期", S, E + DAY, f->group, f->trainer, &error));
  g_assert_no_error (error);
  c = kefu_cohort_get (f->store, f->cohort, &error);
  g_assert_cmpstr (c->name, ==, "沟通技巧 一期");
  g_assert_cmpint (c->ends_at, ==, E + DAY);
  g_assert_cmpstr (c->group, ==, "前台甲班");
  g_assert_cmpint (c->trainer_id, ==, f->trainer);
  kefu_cohort_summary_free (c);

  /* B leaves: their marks go, A's stay */
  g_assert_true (kefu_cohort_remove_member (f->store, f->cohort, f->b, &error));
  g_assert_no_error (error);
  g_assert_false (kefu_cohort_remove_member (f->store, f->cohort, f->b, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM session_attendance"), ==, 1);

  /* a session deleted takes its attendance */
  g_assert_true (kefu_session_delete (f->store, s1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM session_attendance"), ==, 0);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM cohort_sessions"), ==, 1);

  /* the group deleted: the cohort keeps its member, without a group */
  g_assert_true (kefu_staff_group_delete (f->store, f->group, &error));
  g_assert_no_error (error);
  c = kefu_cohort_get (f->store, f->cohort, &error);
  g_assert_null (c->group);
  g_assert_cmpuint (c->n_members, ==, 1);
  kefu_cohort_summary_free (c);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM staff_group_members"), ==, 0);

  /* the cohort deleted with all of it; another cohort untouched */
  second = kefu_cohort_create (f->store, f->course, "沟通技巧 第2期", E + 100 * DAY, E + 102 * DAY, 0, 0, 0, &error);
  g_assert_true (kefu_cohort_add_member (f->store, second, f->a, "in_post", &error));
  g_assert_true (kefu_cohort_delete (f->store, f->cohort, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM cohorts"), ==, 1);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM cohort_members"), ==, 1);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM cohort_sessions"), ==, 0);
  g_assert_false (kefu_cohort_delete (f->store, f->cohort, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action IN ('rename_staff_group', "
                                              "'update_cohort', 'delete_session', 'delete_staff_group', 'delete_cohort')"), ==, 5);
}

/* After the course: the 1-, 3- and 6-month checkpoints appear by
 * themselves at 30, 91 and 182 days; the supervisor's weekly forms
 * are kept per trainee and week and averaged in the report. */
static void
test_follow_up_and_observations (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) checkpoints = NULL;
  g_autoptr(GPtrArray) observations = NULL;
  g_autoptr(KefuCohortReport) r = NULL;
  gint64 supervisor = kefu_desk_add_user (f->store, "zhaomin", "赵敏", "supervisor", NULL, &error);

  g_assert_no_error (error);
  /* before the end: none yet, and no observation */
  kefu_store_set_now (f->store, E - 1);
  checkpoints = kefu_cohort_checkpoints (f->store, f->cohort, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checkpoints->len, ==, 0);
  g_clear_pointer (&checkpoints, g_ptr_array_unref);
  kefu_store_set_actor (f->store, supervisor);
  g_assert_cmpint (kefu_cohort_observe (f->store, f->cohort, f->a, 1, 90, 5, 4, NULL, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* ten days after the end: week 2 */
  kefu_store_set_now (f->store, E + 10 * DAY);
  g_assert_cmpuint (kefu_cohort_week_at (E, E - 1), ==, 0);
  g_assert_cmpuint (kefu_cohort_week_at (E, E), ==, 1);
  g_assert_cmpuint (kefu_cohort_week_at (E, E + 10 * DAY), ==, 2);
  g_assert_cmpuint (kefu_cohort_week_at (E, E + 200 * DAY), ==, 14);
  checkpoints = kefu_cohort_checkpoints (f->store, f->cohort, &error);
  g_assert_cmpuint (checkpoints->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      static const int months[] = { 1, 3, 6 };
      static const gint64 days[] = { 30, 91, 182 };
      KefuCohortCheckpoint *k = checkpoints->pdata[i];
      g_assert_cmpint (k->months, ==, months[i]);
      g_assert_cmpint (k->due_at, ==, E + days[i] * DAY);
      g_assert_cmpint (k->state, ==, KEFU_CHECKPOINT_UPCOMING);
    }
  g_clear_pointer (&checkpoints, g_ptr_array_unref);

  /* the forms: A weeks 1 and 2, B week 1 (written twice: replaced) */
  g_assert_cmpint (kefu_cohort_observe (f->store, f->cohort, f->a, 1, 80, 6.5, 3, "开场白遗漏", &error), >, 0);
  g_assert_cmpint (kefu_cohort_observe (f->store, f->cohort, f->a, 2, 100, NAN, 5, NULL, &error), >, 0);
  g_assert_cmpint (kefu_cohort_observe (f->store, f->cohort, f->b, 1, 50, 9, 2, NULL, &error), >, 0);
  g_assert_cmpint (kefu_cohort_observe (f->store, f->cohort, f->b, 1, 90, 7.5, 4, NULL, &error), >, 0);
  g_assert_no_error (error);
  /* not a week that has not begun, not a non-member, not out of range */
  g_assert_cmpint (kefu_cohort_observe (f->store, f->cohort, f->a, 3, 90, 5, 4, NULL, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Week 3"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_cohort_observe (f->store, f->cohort, f->other, 1, 90, 5, 4, NULL, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "吴浩"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_cohort_observe (f->store, f->cohort, f->a, 1, 101, 5, 4, NULL, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_cohort_observe (f->store, f->cohort, f->a, 1, 90, 5, 6, NULL, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* an agent observes nobody */
  kefu_store_set_actor (f->store, f->other);
  g_assert_cmpint (kefu_cohort_observe (f->store, f->cohort, f->a, 1, 90, 5, 4, NULL, &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  observations = kefu_cohort_observations (f->store, f->cohort, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (observations->len, ==, 3);
  g_assert_cmpuint (((KefuObservation *) observations->pdata[2])->week, ==, 2);
  g_assert_true (isnan (((KefuObservation *) observations->pdata[2])->handling_min));
  g_assert_cmpstr (((KefuObservation *) observations->pdata[0])->observer, ==, "赵敏");
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'observe_trainee'"), ==, 4);

  /* the report: (80 + 100 + 90) / 3 = 90 %, handling (6.5 + 7.5) / 2 = 7, cooperation (3 + 5 + 4) / 3 = 4 */
  kefu_store_set_actor (f->store, f->trainer);
  r = kefu_cohort_report (f->store, f->cohort, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->observations, ==, 3);
  g_assert_cmpuint (r->observed_trainees, ==, 2);
  g_assert_cmpfloat_with_epsilon (r->phrase_mean, 90, EPS);
  g_assert_cmpfloat_with_epsilon (r->handling_mean, 7, EPS);
  g_assert_cmpfloat_with_epsilon (r->cooperation_mean, 4, EPS);
  {
    g_autofree char *json = kefu_cohort_report_to_json (r);
    g_autoptr(JsonNode) node = json_from_string (json, &error);
    JsonObject *behaviour = json_object_get_object_member (json_node_get_object (node), "behaviour");
    JsonObject *forms = json_object_get_object_member (behaviour, "observations");

    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (forms, "phrase_rate_mean"), 90, 1e-6);
    g_assert_cmpint (json_object_get_int_member (forms, "forms"), ==, 3);
  }

  /* 31 days on: the first is due; done with a note; the later ones not yet */
  kefu_store_set_now (f->store, E + 31 * DAY);
  g_assert_false (kefu_cohort_checkpoint_done (f->store, f->cohort, 3, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kefu_cohort_checkpoint_done (f->store, f->cohort, 2, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  checkpoints = kefu_cohort_checkpoints (f->store, f->cohort, &error);
  g_assert_cmpint (((KefuCohortCheckpoint *) checkpoints->pdata[0])->state, ==, KEFU_CHECKPOINT_DUE);
  g_clear_pointer (&checkpoints, g_ptr_array_unref);
  g_assert_true (kefu_cohort_checkpoint_done (f->store, f->cohort, 1, "两人均已面谈", &error));
  g_assert_no_error (error);
  checkpoints = kefu_cohort_checkpoints (f->store, f->cohort, &error);
  {
    KefuCohortCheckpoint *k = checkpoints->pdata[0];
    g_assert_cmpint (k->state, ==, KEFU_CHECKPOINT_DONE);
    g_assert_cmpint (k->done_at, ==, E + 31 * DAY);
    g_assert_cmpstr (k->done_by, ==, "郭红");
    g_assert_cmpstr (k->note, ==, "两人均已面谈");
    g_assert_cmpint (((KefuCohortCheckpoint *) checkpoints->pdata[1])->state, ==, KEFU_CHECKPOINT_UPCOMING);
  }
  g_clear_pointer (&checkpoints, g_ptr_array_unref);
  /* the end moved later: the checkpoints move with it */
  g_assert_true (kefu_cohort_update (f->store, f->cohort, "沟通技巧 第1期", S, E + 7 * DAY, f->group, f->trainer, &error));
  checkpoints = kefu_cohort_checkpoints (f->store, f->cohort, &error);
  g_assert_cmpint (((KefuCohortCheckpoint *) checkpoints->pdata[2])->due_at, ==, E + 7 * DAY + 182 * DAY);
}

/* A database of the version before cohorts: its enrolments become cohorts' members. */
static void
test_migration (KefuTestDir   *f,
                gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "old.db");
  g_autoptr(GError) error = NULL;

  {
    /* v16: the last version before cohorts (migration 17) */
    g_autoptr(KefuStore) old = kefu_store_open_at_version (path, 16, &error);
    g_assert_no_error (error);
    g_assert_true (kefu_store_exec (old,
        "INSERT INTO users (id, login, name, role, created_at) VALUES (1, 'a', '甲', 'agent', 0), (2, 'b', '乙', 'agent', 0);"
        "INSERT INTO courses (id, name, layer, module) VALUES (1, '服务礼仪', 'basic', 'etiquette'), (2, '法律', 'professional', 'law');"
        "INSERT INTO enrolments (user_id, course_id, tier, started_at, completed_at) VALUES "
        "  (1, 1, 'in_post', 1000000, 1500000), (2, 1, 'new_hire', 1000000, 1600000), (1, 2, 'in_post', 2000000, NULL);",
        &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM cohorts"), ==, 2);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM cohort_members"), ==, 3);
  /* the first course's cohort ends at its last completion, the second a day after its start */
  g_assert_cmpint (kefu_test_scalar (path, "SELECT ends_at FROM cohorts WHERE course_id = 1"), ==, 1600000);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT ends_at FROM cohorts WHERE course_id = 2"), ==, 2000000 + 86400);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM enrolments WHERE tier = 'new_hire' AND completed_at = 1600000"), ==, 1);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id "
                                           "WHERE c.course_id = 1 AND c.starts_at = 1000000"), ==, 2);
}

/* The sample: two cohorts at least, one finished more than six months ago,
 * and its report complete. */
static void
test_sample (KefuTestDir   *f,
             gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "demo.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  KefuDemoOptions options = { 2000, 5, TEST_NOW, NULL };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(KefuCohortReport) r = NULL;
  gint64 old = 0;

  kefu_store_set_now (store, TEST_NOW);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  list = kefu_cohorts (store, &error);
  g_assert_cmpuint (list->len, >=, 2);
  for (guint i = 0; i < list->len; i++)
    {
      KefuCohortSummary *c = list->pdata[i];
      if (c->ends_at + KEFU_COHORT_RESULTS_DAYS * DAY <= TEST_NOW)
        old = c->id;
    }
  g_assert_cmpint (old, >, 0);
  {
    g_autoptr(KefuUser) trainer = kefu_desk_find_user (store, "guohong", NULL);
    kefu_store_set_actor (store, kefu_user_get_id (trainer));
  }
  r = kefu_cohort_report (store, old, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (r->n_members, >, 0);
  g_assert_cmpuint (r->responses, >, 0);
  g_assert_false (isnan (r->roi));
  g_assert_cmpint (((KefuCohortResults *) r->results->pdata[0])->figures[KEFU_RESULT_SATISFACTION].verdict, ==,
                   KEFU_TREND_SHOWN);
  /* the sample's tickets span a year: the 26 weeks before reach past their start */
  if (r->results_before_from < TEST_NOW - 366 * DAY)
    g_assert_true (has_note (r, 4, "begin on"));
}

/* kefu-cli with @input on standard input, the system's clock at @when */
#define run_cli kefu_test_run_cli

/* The commands on the sample: the cohorts, and a report for those
 * who may see others' results */
static void
test_cli (KefuTestDir   *f,
          gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "demo.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_autofree char *o4 = NULL, *e4 = NULL, *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL;
  const char *when = "2026-11-25 10:00:00";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *old_id = NULL;
  JsonArray *list;
  JsonObject *report, *reaction, *results;
  g_autofree char *faketime = g_find_program_in_path ("faketime");

  if (faketime == NULL || g_getenv ("KEFU_CLI") == NULL)
    {
      g_test_skip ("needs faketime and kefu-cli");
      return;
    }
  g_assert_cmpint (run_cli (when, NULL, &o1, &e1, "--db", path, "init", "--demo", "1500", "--now", "2026-11-25 10:00", NULL), ==, 0);
  g_assert_cmpint (run_cli (when, NULL, &o2, &e2, "--db", path, "training", "cohorts", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, o2, -1, &error));
  list = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (list), >=, 2);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *c = json_array_get_object_element (list, i);
      /* six months (26 weeks) before 2026-11-25 is 2026-05-27 */
      if (strcmp (json_object_get_string_member (c, "ends"), "2026-05-27") < 0)
        old_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (c, "id"));
    }
  g_assert_nonnull (old_id);

  /* each trainee's results: not without signing in, not for an agent */
  g_assert_cmpint (run_cli (when, NULL, &o3, &e3, "--db", path, "training", "report", old_id, NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "--as LOGIN"));
  g_assert_cmpint (run_cli (when, "1234\n", &o4, &e4, "--db", path, "--as", "chenjing", "training", "report", old_id, NULL), ==, 1);
  g_assert_nonnull (strstr (e4, "training results"));

  g_assert_cmpint (run_cli (when, "1234\n", &o5, &e5, "--db", path, "--as", "guohong", "training", "report", old_id,
                            "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, o5, -1, &error));
  report = json_node_get_object (json_parser_get_root (parser));
  reaction = json_object_get_object_member (report, "reaction");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM cohort_surveys WHERE cohort_id = %s", old_id);
    g_assert_cmpint (json_object_get_int_member (reaction, "responses"), ==, kefu_test_scalar (path, sql));
  }
  results = json_object_get_object_member (report, "results");
  {
    g_autofree char *costs = g_strdup_printf ("SELECT sum(amount) FROM cohort_ledger WHERE kind = 'cost' AND cohort_id = %s", old_id);
    g_autofree char *savings = g_strdup_printf ("SELECT sum(amount) FROM cohort_ledger WHERE kind = 'saving' AND cohort_id = %s", old_id);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (results, "roi"),
                                    (double) kefu_test_scalar (path, savings) / (double) kefu_test_scalar (path, costs), 1e-4);
  }
  /* six months on, the center's figures show their trend */
  {
    JsonObject *center = json_array_get_object_element (json_object_get_array_member (results, "scopes"), 0);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (center, "satisfaction"), "trend"), ==, "shown");
  }

  /* the follow-up from the command line: all three checkpoints due by now;
   * a supervisor's weekly form, then the report's behaviour level has it */
  {
    g_autofree char *o7 = NULL, *e7 = NULL, *o8 = NULL, *e8 = NULL, *o9 = NULL, *e9 = NULL, *o10 = NULL, *e10 = NULL;
    g_autofree char *sql = g_strdup_printf ("SELECT u.login FROM cohort_members m JOIN users u ON u.id = m.user_id "
                                            "WHERE m.cohort_id = %s ORDER BY u.id LIMIT 1", old_id);
    g_autofree char *login = NULL;
    g_autoptr(JsonParser) again = json_parser_new ();
    JsonObject *forms;

    login = kefu_test_other_row_text (path, sql);

    g_assert_cmpint (run_cli (when, "1234\n", &o7, &e7, "--db", path, "--as", "guohong", "training", "checkpoints", old_id, NULL), ==, 0);
    g_assert_nonnull (strstr (o7, "1-month follow-up  due"));
    g_assert_nonnull (strstr (o7, "6-month follow-up  due"));
    g_assert_cmpint (run_cli (when, "1234\n", &o8, &e8, "--db", path, "--as", "guohong", "training", "observe", old_id, login,
                              "--week", "3", "--phrases", "88", "--cooperation", "5", NULL), ==, 0);
    g_assert_cmpint (run_cli (when, "1234\n", &o9, &e9, "--db", path, "--as", "guohong", "training", "observe", old_id, login,
                              "--week", "14", "--phrases", "88", "--cooperation", "5", NULL), ==, 1);
    g_assert_nonnull (strstr (e9, "not 14"));
    g_assert_cmpint (run_cli (when, "1234\n", &o10, &e10, "--db", path, "--as", "guohong", "training", "report", old_id,
                              "--json", NULL), ==, 0);
    g_assert_true (json_parser_load_from_data (again, o10, -1, &error));
    forms = json_object_get_object_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (again)),
                                                                          "behaviour"), "observations");
    g_assert_cmpint (json_object_get_int_member (forms, "forms"), ==, 1);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (forms, "phrase_rate_mean"), 88, 1e-9);
  }

  g_assert_cmpint (run_cli (when, "1234\n", &o6, &e6, "--db", path, "--as", "guohong", "training", "report", old_id, NULL), ==, 0);
  {
    g_autofree char *xlsx = kefu_test_path (f, "cohort.xlsx");
    g_autofree char *o7 = NULL, *e7 = NULL, *contents = NULL;
    gsize length = 0;

    g_assert_cmpint (run_cli (when, "1234\n", &o7, &e7, "--db", path, "--as", "guohong", "training", "report", old_id,
                              "--out", xlsx, NULL), ==, 0);
    g_assert_true (g_file_get_contents (xlsx, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 1000);
    g_assert_true (memcmp (contents, "PK", 2) == 0);
  }
  g_assert_nonnull (strstr (o6, "1 Reaction"));
  g_assert_nonnull (strstr (o6, "2 Learning"));
  g_assert_nonnull (strstr (o6, "3 Behaviour"));
  g_assert_nonnull (strstr (o6, "4 Results"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/core/cohort/report/after-six-months", test_report_after_six_months);
  ADD ("/core/cohort/report/windows-not-complete", test_report_windows_not_complete);
  ADD ("/core/cohort/rights-and-bad-input", test_rights_and_bad_input);
  ADD ("/core/cohort/plan/edit-and-delete", test_plan_edit_and_delete);
  ADD ("/core/cohort/plan/follow-up-and-observations", test_follow_up_and_observations);
  KEFU_TEST_ADD ("/core/cohort/migration", test_migration);
  KEFU_TEST_ADD ("/core/cohort/sample", test_sample);
  KEFU_TEST_ADD ("/core/cohort/cli", test_cli);
  return g_test_run ();
}
