/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-cli-training.c — `kefu-cli --db SERVER questions|exam|training`
 * (#20): the real kefu-cli run against the throwaway cluster as a trainer's
 * login and as an agent's, each command's result checked in the server's
 * tables (read as their owner). The people are LOGIN roles made by
 * kefu_create_person(); the data the cases assert on is made here, dated
 * by the server's clock. Skipped without the cluster
 * (tests/kefu-pg-cluster.sh). */
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>

#include "kefu-assessment.h"
#include "kefu-auth.h"
#include "kefu-cohort.h"
#include "kefu-exam.h"
#include "kefu-questions.h"
#include "kefu-test-engines.h"

#define DAY ((gint64) 24 * 3600)
#define PASSWORD "cli-training-pw-1"

typedef struct {
  KefuTestDir  dir;
  char        *spec;      /* the server's database, without credentials */
  KefuStore   *owner;     /* the tables' owner (the test harness) */
  char        *trainer;   /* logins (roles are the cluster's: named per process) */
  char        *supervisor;
  char        *agent;     /* the trainee */
  char        *out;       /* the last run's standard output and error */
  char        *err;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *sql = NULL;

  if (g_getenv ("KEFU_TEST_PG") == NULL || *g_getenv ("KEFU_TEST_PG") == '\0')
    {
      kefu_test_pg_skip (data);
      return;
    }
  kefu_test_dir_setup (&f->dir, data);
  f->owner = kefu_test_engine_open (&f->dir, &kefu_test_on_server, NULL, &f->spec);
  f->trainer = g_strdup_printf ("cli_trainer_%d", (int) getpid ());
  f->supervisor = g_strdup_printf ("cli_super_%d", (int) getpid ());
  f->agent = g_strdup_printf ("cli_agent_%d", (int) getpid ());
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '赵老师', 'trainer', '" PASSWORD "') + "
                         "kefu_create_person ('%s', '钱主管', 'supervisor', '" PASSWORD "') + "
                         "kefu_create_person ('%s', '学员小刘', 'agent', '" PASSWORD "')",
                         f->trainer, f->supervisor, f->agent);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), >, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) admin = NULL;
  g_autofree char *sql = NULL;

  if (f->owner == NULL)
    return;
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s",
                         f->trainer, f->supervisor, f->agent);
  g_assert_true (kefu_engine_exec (admin, sql, &error));
  g_assert_no_error (error);
  g_free (f->trainer);
  g_free (f->supervisor);
  g_free (f->agent);
  g_free (f->out);
  g_free (f->err);
  kefu_test_dir_teardown (&f->dir, data);
}

/* kefu-cli --db "SERVER user=LOGIN password=…" and the arguments up to
 * NULL; its exit status, its output in f->out and f->err */
static int
cli_as (Fixture    *f,
        const char *login,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *spec = g_strdup_printf ("%s user=%s password=" PASSWORD, f->spec, login);
  va_list args;
  int status;

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_ptr_array_add (argv, (gpointer) g_getenv ("KEFU_CLI"));
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, spec);
  va_start (args, login);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  status = kefu_test_spawn (NULL, (const char * const *) argv->pdata, NULL, &f->out, &f->err);
  /* what it said, in the log of a case that fails */
  g_test_message ("kefu-cli as %s: exit %d\n%s%s", login, status, f->out, f->err);
  return status;
}

/* kefu-cli's messages in Chinese for the runs between */
static void
in_chinese (gboolean on)
{
  g_setenv ("LANG", on ? "zh_CN.UTF-8" : "C.UTF-8", TRUE);
  if (on)
    g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  else
    g_unsetenv ("LC_ALL");
}

/* One number read by the tables' owner */
#define scalar(f, ...) kefu_test_store_scalarf ((f)->owner, __VA_ARGS__)

/* The person at the desk: the server's store signed in with their password */
static KefuStore *
sign_in (Fixture    *f,
         const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open_as (f->spec, login, PASSWORD, &error);
  g_autoptr(KefuUser) user = NULL;

  g_assert_no_error (error);
  user = kefu_auth_sign_in_server (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  return g_steal_pointer (&store);
}

static gint64
user_id (Fixture    *f,
         const char *login)
{
  return scalar (f, "SELECT id FROM users WHERE login = '%s'", login);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” should contain “%s”", text != NULL ? text : "(null)", part);
}

static gboolean
is_pdf (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  return g_file_get_contents (path, &data, &len, NULL) && len > 1000 && g_str_has_prefix (data, "%PDF");
}

static const char bank_gift[] =
  "::接听::座机来电应在响铃几声内接听？{=3声内 ~1声内 ~5声内}\n\n"
  "::保密::业主的电话号码可以告诉无关的人。{F}\n\n"
  "::投诉::业主投诉时首先应当做什么？{=安抚业主 ~争辩 ~挂断}\n";

/* A question bank over the command line: the trainer imports a GIFT file
 * and the server holds its three questions, listed and exported back;
 * the same file again adds nothing; an agent's import is refused (in
 * Chinese too) and nothing of theirs lands; their list has no keys. */
static void
test_question_bank (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *gift = NULL, *exported = NULL, *text = NULL;

  if (f->owner == NULL)
    return;
  gift = kefu_test_path (&f->dir, "礼仪.gift");
  exported = kefu_test_path (&f->dir, "exported.gift");
  g_assert_true (g_file_set_contents (gift, bank_gift, -1, NULL));

  g_assert_cmpint (cli_as (f, f->trainer, "questions", "import", gift, "--bank", "礼仪题库", NULL), ==, 0);
  g_assert_cmpstr (f->err, ==, "");
  assert_contains (f->out, "Imported 3 questions into the bank “礼仪题库”");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM questions q JOIN question_banks b ON b.id = q.bank_id "
                              "WHERE b.name = '礼仪题库'"), ==, 3);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM question_banks b JOIN users u ON u.id = b.created_by "
                              "WHERE b.name = '礼仪题库' AND u.login = '%s'", f->trainer), ==, 1);

  /* listed with their keys, as the trainer */
  g_assert_cmpint (cli_as (f, f->trainer, "questions", "list", "--bank", "礼仪题库", NULL), ==, 0);
  assert_contains (f->out, "座机来电应在响铃几声内接听");
  assert_contains (f->out, "业主投诉时首先应当做什么");
  assert_contains (f->out, "3 questions\n");
  g_assert_cmpint (cli_as (f, f->trainer, "questions", "list", "--bank", "礼仪题库", "--type", "true_false", NULL), ==, 0);
  assert_contains (f->out, "业主的电话号码");
  assert_contains (f->out, "1 question\n");

  /* written back to a file */
  g_assert_cmpint (cli_as (f, f->trainer, "questions", "export", "--bank", "礼仪题库", "--format", "gift", "--out",
                           exported, NULL), ==, 0);
  assert_contains (f->out, "Exported 3 questions");
  g_assert_true (g_file_get_contents (exported, &text, NULL, NULL));
  assert_contains (text, "业主投诉时首先应当做什么");
  assert_contains (text, "=安抚业主");

  /* again: nothing new (exit 1: nothing was imported) */
  g_assert_cmpint (cli_as (f, f->trainer, "questions", "import", gift, "--bank", "礼仪题库", NULL), ==, 1);
  assert_contains (f->out, "already in the bank");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM questions"), ==, 3);

  /* an agent: the import refused, nothing written */
  g_assert_cmpint (cli_as (f, f->agent, "questions", "import", gift, "--bank", "学员题库", NULL), ==, 1);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_cmpstr (f->err, !=, "");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM question_banks WHERE name = '学员题库'"), ==, 0);
  /* the questions without their keys (the server gives their role none) */
  g_assert_cmpint (cli_as (f, f->agent, "questions", "list", "--bank", "礼仪题库", NULL), ==, 0);
  assert_contains (f->out, "3 questions\n");
  g_assert_true (g_regex_match_simple ("^ +[0-9]+  single_choice +— ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^ +[0-9]+  true_false +— ", f->out, G_REGEX_MULTILINE, 0));
  g_assert_false (g_regex_match_simple ("^ +[0-9]+  [a-z_]+ +(A|false) ", f->out, G_REGEX_MULTILINE, 0));
  in_chinese (TRUE);
  g_assert_cmpint (cli_as (f, f->agent, "questions", "import", gift, "--bank", "学员题库", NULL), ==, 1);
  in_chinese (FALSE);
  g_assert_true (g_utf8_validate (f->err, -1, NULL));
  g_assert_null (strstr (f->err, "permission denied"));
  g_assert_true (g_regex_match_simple ("[\\x{4e00}-\\x{9fff}]", f->err, 0, 0));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM questions"), ==, 3);
  /* --as naming someone else than the connection's login */
  g_assert_cmpint (cli_as (f, f->trainer, "--as", f->agent, "questions", "list", "--bank", "礼仪题库", NULL), ==, 1);
  assert_contains (f->err, "--as");
}

/* A paper from the imported bank, sat by the trainee on their own
 * connection (graded by the server); its id */
static gint64
sat_paper (Fixture *f,
           gint64  *attempt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) trainer = sign_in (f, f->trainer);
  g_autoptr(KefuStore) trainee = sign_in (f, f->agent);
  g_auto(KefuExamSettings) s = { 0 };
  g_autofree char *gift = kefu_test_path (&f->dir, "paper.gift");
  gint64 me = user_id (f, f->agent);
  gint64 now = kefu_store_now (trainer);
  gint64 exam;
  /* options in the file's order, the right one first: all right */
  const char *answers[] = { "A", "false", "A" };

  g_assert_true (g_file_set_contents (gift, bank_gift, -1, NULL));
  g_assert_cmpint (cli_as (f, f->trainer, "questions", "import", gift, "--bank", "礼仪题库", NULL), ==, 0);
  kefu_exam_settings_init (&s);
  s.name = g_strdup ("礼仪测验");
  s.pass_mark = 60;
  s.attempts_allowed = 3;
  s.shuffle_questions = FALSE;
  s.shuffle_options = FALSE;
  exam = kefu_exam_create (trainer, &s, &error);
  g_assert_no_error (error);
  for (gint64 q = 1; q <= 3; q++)
    {
      g_assert_true (kefu_exam_add_question (trainer, exam, scalar (f, "SELECT id FROM questions ORDER BY id "
                                                                      "OFFSET %" G_GINT64_FORMAT " LIMIT 1", q - 1),
                                             &error));
      g_assert_no_error (error);
    }
  g_assert_true (kefu_exam_publish (trainer, exam, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_exam_assign (trainer, exam, me, now - DAY, now + 30 * DAY, &error));
  g_assert_no_error (error);
  *attempt = kefu_attempt_start (trainee, exam, me, 7, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_assert_true (kefu_attempt_save_answer (trainee, *attempt, i + 1, answers[i], &error));
      g_assert_no_error (error);
    }
  g_assert_true (kefu_attempt_submit (trainee, *attempt, &error));
  g_assert_no_error (error);
  return exam;
}

/* Papers over the command line: the statistics of the trainee's graded
 * sitting, a printed paper, a corrected key marking the attempt again, a
 * voided attempt and a withdrawn paper, each checked in the tables; an
 * agent is refused the statistics and the withdrawal. */
static void
test_papers (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *pdf = NULL, *id = NULL, *qid = NULL, *aid = NULL;
  gint64 attempt = 0, exam;
  JsonObject *o;

  if (f->owner == NULL)
    return;
  exam = sat_paper (f, &attempt);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM attempts WHERE id = %" G_GINT64_FORMAT " AND state = 'graded' "
                              "AND score = max_score", attempt), ==, 1);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, exam);

  g_assert_cmpint (cli_as (f, f->trainer, "exam", "stats", "礼仪测验", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, f->out, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (o, "exam_id"), ==, exam);
  g_assert_cmpint (json_object_get_int_member (o, "attempts"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "passed"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "questions")), ==, 3);
  g_assert_cmpint (cli_as (f, f->agent, "exam", "stats", id, NULL), ==, 1);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_cmpstr (f->err, !=, "");

  pdf = kefu_test_path (&f->dir, "paper.pdf");
  g_assert_cmpint (cli_as (f, f->trainer, "exam", "print", id, "--out", pdf, "--versions", "A", NULL), ==, 0);
  g_assert_true (is_pdf (pdf));

  /* the first question's key becomes 1声内: the full marks go */
  qid = g_strdup_printf ("%" G_GINT64_FORMAT, scalar (f, "SELECT min(id) FROM questions"));
  g_assert_cmpint (cli_as (f, f->trainer, "questions", "correct-key", qid, "B", "--reason", "题库答案有误", NULL), ==, 0);
  assert_contains (f->out, "Key corrected");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM attempts WHERE id = %" G_GINT64_FORMAT " AND score < max_score",
                           attempt), ==, 1);

  aid = g_strdup_printf ("%" G_GINT64_FORMAT, attempt);
  g_assert_cmpint (cli_as (f, f->agent, "exam", "void", aid, "--reason", "作弊", NULL), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM attempts WHERE state = 'voided'"), ==, 0);
  g_assert_cmpint (cli_as (f, f->trainer, "exam", "void", aid, "--reason", "监考发现作弊", NULL), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM attempts a JOIN users u ON u.id = a.voided_by "
                              "WHERE a.id = %" G_GINT64_FORMAT " AND a.state = 'voided' AND u.login = '%s'",
                           attempt, f->trainer), ==, 1);

  g_assert_cmpint (cli_as (f, f->agent, "exam", "withdraw", id, NULL), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM exams WHERE state = 'withdrawn'"), ==, 0);
  g_assert_cmpint (cli_as (f, f->trainer, "exam", "withdraw", id, NULL), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM exams WHERE id = %" G_GINT64_FORMAT " AND state = 'withdrawn'",
                           exam), ==, 1);
}

/* Cohorts, practicals and certificates over the command line: the
 * trainer lists the cohort and its report, observes the trainee,
 * schedules and shows a practical, and
 * certifies the cohort, whose certificate is listed and printed; a
 * supervisor's sheet cannot be entered on the trainer's connection (no
 * PIN on a server: said how instead); the trainer sets a scenario's
 * criteria, puts themself on the panel and enters their sheet; an agent
 * may not set criteria, score, observe or certify. Each step checked in the tables. */
static void
test_cohort (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) trainer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *cohort_id = NULL, *practical_id = NULL, *certificate_id = NULL, *pdf = NULL;
  gint64 attempt = 0, exam, now, cohort, practical, course;
  JsonArray *list;
  JsonObject *o;

  if (f->owner == NULL)
    return;
  exam = sat_paper (f, &attempt);
  course = scalar (f, "INSERT INTO courses (name, layer, module, hours) VALUES ('新员工入职培训', 'basic', "
                      "'etiquette', 12) RETURNING id");
  trainer = sign_in (f, f->trainer);
  now = kefu_store_now (trainer);
  cohort = kefu_cohort_create (trainer, course, "入职培训 第1期", now - 10 * DAY, now - 8 * DAY, 0,
                               user_id (f, f->trainer), exam, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_cohort_add_member (trainer, cohort, user_id (f, f->agent), "new_hire", &error));
  g_assert_no_error (error);
  cohort_id = g_strdup_printf ("%" G_GINT64_FORMAT, cohort);

  g_assert_cmpint (cli_as (f, f->trainer, "training", "cohorts", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, f->out, -1, NULL));
  list = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  o = json_array_get_object_element (list, 0);
  g_assert_cmpint (json_object_get_int_member (o, "id"), ==, cohort);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "入职培训 第1期");
  g_assert_cmpint (json_object_get_int_member (o, "members"), ==, 1);
  g_assert_cmpint (cli_as (f, f->trainer, "training", "report", cohort_id, NULL), ==, 0);
  assert_contains (f->out, "入职培训 第1期");
  assert_contains (f->out, "学员小刘");
  g_assert_cmpint (cli_as (f, f->trainer, "training", "checkpoints", cohort_id, NULL), ==, 0);
  g_assert_cmpstr (f->err, ==, "");

  /* the weekly observation: the trainer's, not an agent's */
  g_assert_cmpint (cli_as (f, f->agent, "training", "observe", cohort_id, f->agent, "--week", "1", "--phrases", "100",
                           "--cooperation", "5", NULL), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohort_observations"), ==, 0);
  g_assert_cmpint (cli_as (f, f->trainer, "training", "observe", cohort_id, f->agent, "--week", "1", "--phrases", "90",
                           "--cooperation", "4", "--note", "用语规范", NULL), ==, 0);
  assert_contains (f->out, "学员小刘");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohort_observations o JOIN users u ON u.id = o.observer_id "
                              "WHERE o.cohort_id = %" G_GINT64_FORMAT " AND o.week = 1 AND o.phrase_rate = 90 "
                              "AND o.cooperation = 4 AND o.note = '用语规范' AND u.login = '%s'",
                           cohort, f->trainer), ==, 1);

  /* a practical: a scenario's criteria, the trainer's, not an agent's */
  g_assert_cmpint (cli_as (f, f->agent, "training", "practical", "criteria", "投诉演练", "内容=60", "态度=40", NULL), ==, 1);
  g_assert_cmpstr (f->err, !=, "");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM scenario_criteria"), ==, 0);
  g_assert_cmpint (cli_as (f, f->trainer, "training", "practical", "criteria", "投诉演练", "内容=60", "态度=40", NULL), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM scenario_criteria WHERE scenario = '投诉演练'"), ==, 2);
  /* scheduled with the trainer on its panel, and shown */
  g_assert_cmpint (cli_as (f, f->trainer, "training", "practical", "schedule", "接待演练", f->agent, "--rater", f->trainer,
                           NULL), ==, 0);
  assert_contains (f->out, "Scheduled practical assessment");
  practical = scalar (f, "SELECT id FROM assessments WHERE scenario = '接待演练' AND trainee_id = %" G_GINT64_FORMAT
                      " AND created_by = %" G_GINT64_FORMAT, user_id (f, f->agent), user_id (f, f->trainer));
  g_assert_cmpint (practical, >, 0);
  practical_id = g_strdup_printf ("%" G_GINT64_FORMAT, practical);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM assessment_criteria WHERE assessment_id = %" G_GINT64_FORMAT,
                           practical), ==, 3);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM assessment_panel p JOIN users u ON u.id = p.user_id "
                              "WHERE p.assessment_id = %" G_GINT64_FORMAT " AND u.login = '%s'",
                           practical, f->trainer), ==, 1);
  /* the supervisor's sheet on the trainer's connection: said how */
  g_assert_cmpint (cli_as (f, f->trainer, "training", "practical", "score", practical_id, "--rater", f->supervisor,
                           "80", "80", "80", NULL), ==, 1);
  assert_contains (f->err, f->supervisor);
  assert_contains (f->err, "user=");
  in_chinese (TRUE);
  g_assert_cmpint (cli_as (f, f->trainer, "training", "practical", "score", practical_id, "--rater", f->supervisor,
                           "80", "80", "80", NULL), ==, 1);
  in_chinese (FALSE);
  assert_contains (f->err, "本人身份");
  /* the agent may not score; the trainer's own sheet lands */
  g_assert_cmpint (cli_as (f, f->agent, "training", "practical", "score", practical_id, "--rater", f->agent,
                           "100", "100", "100", NULL), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM assessment_scores"), ==, 0);
  g_assert_cmpint (cli_as (f, f->trainer, "training", "practical", "score", practical_id, "--rater", f->trainer,
                           "90", "95", "90", NULL), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM assessment_scores s JOIN users u ON u.id = s.rater_id "
                              "WHERE s.assessment_id = %" G_GINT64_FORMAT " AND u.login = '%s'",
                           practical, f->trainer), ==, 3);
  g_assert_cmpint (cli_as (f, f->trainer, "training", "practical", "show", practical_id, NULL), ==, 0);
  assert_contains (f->out, "赵老师  91.5");

  /* certified: the trainer may, an agent may not */
  g_assert_cmpint (cli_as (f, f->agent, "training", "certify", cohort_id, NULL), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM certificates"), ==, 0);
  g_assert_cmpint (cli_as (f, f->trainer, "training", "certify", cohort_id, NULL), ==, 0);
  assert_contains (f->out, "1 certificate issued.");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM certificates c JOIN users u ON u.id = c.user_id "
                              "JOIN users b ON b.id = c.issued_by WHERE c.cohort_id = %" G_GINT64_FORMAT
                              " AND u.login = '%s' AND b.login = '%s'", cohort, f->agent, f->trainer), ==, 1);
  g_clear_object (&parser);
  parser = json_parser_new ();
  g_assert_cmpint (cli_as (f, f->trainer, "training", "certificates", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, f->out, -1, NULL));
  list = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  o = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (o, "login"), ==, f->agent);
  g_assert_true (json_object_get_boolean_member (o, "valid"));
  certificate_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (o, "id"));
  pdf = kefu_test_path (&f->dir, "certificate.pdf");
  g_assert_cmpint (cli_as (f, f->trainer, "training", "certificate", certificate_id, "--out", pdf, NULL), ==, 0);
  g_assert_true (is_pdf (pdf));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/pg/server-cli-training/question-bank", Fixture, NULL, fixture_setup, test_question_bank,
              fixture_teardown);
  g_test_add ("/pg/server-cli-training/papers", Fixture, NULL, fixture_setup, test_papers, fixture_teardown);
  g_test_add ("/pg/server-cli-training/cohort", Fixture, NULL, fixture_setup, test_cohort, fixture_teardown);
  return g_test_run ();
}
