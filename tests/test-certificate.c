/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-certificate.c — certificates and the desk's gate, on hand-made data
 * at fixed moments of the store's clock */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "kefu-assessment.h"
#include "kefu-certificate.h"
#include "kefu-cohort.h"
#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-store-private.h"
#include "kefu-test-engines.h"
#include "kefu-test-util.h"

#define DAY ((gint64) 86400)
/* the course: two days from Monday 2026-03-02 00:00 UTC */
#define S ((gint64) 1772409600)
#define E (S + 2 * DAY)

typedef struct {
  KefuTestDir  dir;
  char        *path;       /* the file (NULL on the server) */
  char        *spec;       /* what the store was opened on (kefu-test-engines.h) */
  KefuStore   *store;
  gint64       trainer, certified, newbie, other, cohort;
} Fixture;

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (kefu_store_exec (f->store, sql, &error));
  g_assert_no_error (error);
}

static void
practical (Fixture *f,
           gint64   trainee,
           gint64   at,
           double   score)
{
  g_autoptr(GError) error = NULL;
  guint n;
  const KefuCriterionSpec *criteria = kefu_assessment_default_criteria (&n);
  double scores[3] = { score, score, score };
  gint64 id;

  kefu_store_set_actor (f->store, f->trainer);
  id = kefu_assessment_create (f->store, "电梯困人应急演练", trainee, at, KEFU_ASSESSMENT_PASS_MARK, criteria, n, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_assessment_score (f->store, id, f->trainer, scores, 3, NULL, &error));
  g_assert_no_error (error);
}

/* 郭红 trains the cohort; 陈静 (in post) and 孙杰 (a new hire) take it;
 * 吴浩 is an agent outside it. Exams: 陈静 85 %, 孙杰 90 %; practicals:
 * 陈静 87, 孙杰 none yet. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  kefu_test_dir_setup (&f->dir, data);
  /* on a file, or as the tables' owner on the server (#20) */
  f->store = kefu_test_engine_open (&f->dir, data, NULL, &f->spec);
  f->path = kefu_test_engine_is_server (data) ? NULL : g_strdup (f->spec);
  kefu_store_set_now (f->store, S - 10 * DAY);
  f->trainer = kefu_desk_add_user (f->store, "guohong", "郭红", "trainer", NULL, &error);
  f->certified = kefu_desk_add_user (f->store, "chenjing", "陈静", "agent", NULL, &error);
  f->newbie = kefu_desk_add_user (f->store, "sunjie", "孙杰", "agent", NULL, &error);
  f->other = kefu_desk_add_user (f->store, "wuhao", "吴浩", "agent", NULL, &error);
  g_assert_no_error (error);
  exec (f, "INSERT INTO courses (name, layer, module, hours) VALUES ('新员工入职培训', 'basic', 'etiquette', 12)");
  exec (f, "INSERT INTO exams (name, created_at) VALUES ('入职考试', 0)");
  kefu_store_set_actor (f->store, f->trainer);
  f->cohort = kefu_cohort_create (f->store, 1, "入职培训 第1期", S, E, 0, f->trainer, 1, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_cohort_add_member (f->store, f->cohort, f->certified, "in_post", &error));
  g_assert_true (kefu_cohort_add_member (f->store, f->cohort, f->newbie, "new_hire", &error));
  g_assert_no_error (error);
  sql = g_strdup_printf (
      "INSERT INTO attempts (exam_id, user_id, state, started_at, submitted_at, score, max_score, passed) VALUES "
      "(1, %" G_GINT64_FORMAT ", 'graded', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 17, 20, 1),"
      "(1, %" G_GINT64_FORMAT ", 'graded', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 90, 100, 1)",
      f->certified, E + DAY, E + DAY, f->newbie, E + DAY, E + DAY);
  exec (f, sql);
  practical (f, f->certified, E + DAY, 87);
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

static gint64
urgent_ticket (Fixture *f,
               gint64   by,
               int      level)
{
  g_autoptr(GError) error = NULL;
  KefuTicketDraft d = { "phone", "repair", "elevator", level, 0, 0, "地下车库", 0, NULL, "13800000000", "电梯困人，有老人被困", 0 };
  gint64 id;

  kefu_store_set_actor (f->store, by);
  id = kefu_desk_create_ticket (f->store, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
verified_by (Fixture *f,
             gint64   ticket)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(verified_by, 0) FROM tickets WHERE id = %" G_GINT64_FORMAT, ticket);
  return kefu_test_store_scalar (f->store, sql);
}

/* Who passed gets a certificate dated by the store's clock, valid a year;
 * who did not is named with the reason; the refusal leaves nothing. */
static void
test_issue (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(KefuCertificate) c = NULL;
  const gint64 at = E + 3 * DAY;
  guint held = 99;

  kefu_store_set_now (f->store, at);
  /* an agent may not issue one */
  kefu_store_set_actor (f->store, f->other);
  g_assert_cmpint (kefu_certificate_issue (f->store, f->cohort, f->certified, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (kefu_cohort_certify (f->store, f->cohort, NULL, NULL, &error), ==, -1);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  kefu_store_set_actor (f->store, f->trainer);
  /* 孙杰 has no practical yet: refused, saying so */
  g_assert_cmpint (kefu_certificate_issue (f->store, f->cohort, f->newbie, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "孙杰"));
  g_assert_nonnull (strstr (error->message, "practical"));
  g_assert_null (strstr (error->message, "exam"));
  g_clear_error (&error);
  /* 吴浩 is not in the cohort */
  g_assert_cmpint (kefu_certificate_issue (f->store, f->cohort, f->other, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM certificates"), ==, 0);

  g_assert_cmpint (kefu_cohort_certify (f->store, f->cohort, &refused, &held, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (held, ==, 0);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_nonnull (strstr (refused->pdata[0], "孙杰"));
  list = kefu_certificates (f->store, 0, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  c = kefu_certificate_get (f->store, ((KefuCertificate *) list->pdata[0])->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->user_id, ==, f->certified);
  g_assert_cmpstr (c->tier, ==, "in_post");
  g_assert_cmpstr (c->cohort, ==, "入职培训 第1期");
  g_assert_cmpint (c->issued_at, ==, at);
  g_assert_cmpint (c->expires_at, ==, at + 365 * DAY);
  g_assert_cmpfloat_with_epsilon (c->exam_percent, 85.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (c->practical_score, 87.0, 1e-9);
  g_assert_cmpstr (c->issued_by, ==, "郭红");
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'issue_certificate'"), ==, 1);
  /* a second run issues nothing new: 陈静 holds this cohort's already */
  g_clear_pointer (&refused, g_ptr_array_unref);
  g_assert_cmpint (kefu_cohort_certify (f->store, f->cohort, &refused, &held, &error), ==, 0);
  g_assert_cmpuint (held, ==, 1);
  g_assert_cmpuint (refused->len, ==, 1);
  g_assert_nonnull (strstr (refused->pdata[0], "孙杰"));
  g_assert_cmpint (kefu_certificate_issue (f->store, f->cohort, f->certified, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already"));
  g_clear_error (&error);

  /* a practical of 95 whose panel's owner representative has not scored
   * yet is provisional: not a result, so not a certificate */
  {
    guint n;
    const KefuCriterionSpec *criteria = kefu_assessment_default_criteria (&n);
    double scores[3] = { 95, 95, 95 };
    gint64 id = kefu_assessment_create (f->store, "电梯困人应急演练", f->newbie, at, KEFU_ASSESSMENT_PASS_MARK,
                                        criteria, n, &error);

    g_assert_no_error (error);
    g_assert_true (kefu_assessment_add_rater (f->store, id, f->trainer, &error));
    g_assert_cmpint (kefu_assessment_add_external (f->store, id, "王某", "业主代表", &error), >, 0);
    g_assert_true (kefu_assessment_score (f->store, id, f->trainer, scores, 3, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (kefu_certificate_issue (f->store, f->cohort, f->newbie, &error), ==, 0);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "provisional"));
    g_clear_error (&error);
  }

  /* a practical of 84 is not enough; 86 is */
  practical (f, f->newbie, at + DAY, 84);
  kefu_store_set_now (f->store, at + 2 * DAY);
  g_assert_cmpint (kefu_certificate_issue (f->store, f->cohort, f->newbie, &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "84.0"));
  g_clear_error (&error);
  practical (f, f->newbie, at + 2 * DAY, 86);
  g_assert_cmpint (kefu_certificate_issue (f->store, f->cohort, f->newbie, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM certificates"), ==, 2);
}

/* The gate: a new hire's urgent ticket waits for a certified agent. */
static void
test_gate (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 urgent, by_certified, routine, later;
  const gint64 at = E + 3 * DAY;

  kefu_store_set_now (f->store, at);
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_cmpint (kefu_cohort_certify (f->store, f->cohort, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (kefu_certificate_holds (f->store, f->certified));
  g_assert_false (kefu_certification_pending (f->store, f->certified));
  g_assert_true (kefu_certification_pending (f->store, f->newbie));
  g_assert_false (kefu_certification_pending (f->store, f->other));
  g_assert_false (kefu_certificate_holds (f->store, f->other));

  urgent = urgent_ticket (f, f->newbie, 2);
  /* 吴浩 holds no certificate: refused, naming the new hire and why */
  kefu_store_set_actor (f->store, f->other);
  g_assert_false (kefu_desk_verify (f->store, urgent, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "孙杰"));
  g_assert_nonnull (strstr (error->message, "吴浩"));
  g_assert_nonnull (strstr (error->message, "certif"));
  g_clear_error (&error);
  g_assert_cmpint (verified_by (f, urgent), ==, 0);
  /* 陈静 is certified: her check counts */
  kefu_store_set_actor (f->store, f->certified);
  g_assert_true (kefu_desk_verify (f->store, urgent, &error));
  g_assert_no_error (error);
  g_assert_cmpint (verified_by (f, urgent), ==, f->certified);

  /* the new hire makes no second check of an urgent ticket either */
  by_certified = urgent_ticket (f, f->certified, 1);
  kefu_store_set_actor (f->store, f->newbie);
  g_assert_false (kefu_desk_verify (f->store, by_certified, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "孙杰"));
  g_clear_error (&error);
  /* anyone else checks a certified agent's ticket as before */
  kefu_store_set_actor (f->store, f->other);
  g_assert_true (kefu_desk_verify (f->store, by_certified, &error));
  g_assert_no_error (error);
  /* a level-3 ticket is not gated */
  routine = urgent_ticket (f, f->newbie, 3);
  kefu_store_set_actor (f->store, f->other);
  g_assert_true (kefu_desk_verify (f->store, routine, &error));
  g_assert_no_error (error);

  /* a year on, 陈静's certificate has lapsed: she may not check 孙杰's */
  kefu_store_set_now (f->store, at + 365 * DAY);
  g_assert_false (kefu_certificate_holds (f->store, f->certified));
  later = urgent_ticket (f, f->newbie, 1);
  kefu_store_set_actor (f->store, f->certified);
  g_assert_false (kefu_desk_verify (f->store, later, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* 孙杰 passes his practical and is certified: then anyone checks his */
  practical (f, f->newbie, at + 365 * DAY, 90);
  g_assert_cmpint (kefu_certificate_issue (f->store, f->cohort, f->newbie, &error), >, 0);
  g_assert_no_error (error);
  g_assert_false (kefu_certification_pending (f->store, f->newbie));
  kefu_store_set_actor (f->store, f->other);
  g_assert_true (kefu_desk_verify (f->store, later, &error));
  g_assert_no_error (error);
}

/* Renewal reminders: the certificates that expire within N days, not
 * those already lapsed, nor one renewed by a later certificate. */
static void
test_expiring (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const gint64 at = E + 3 * DAY, expires = at + 365 * DAY;

  kefu_store_set_now (f->store, at);
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_cmpint (kefu_cohort_certify (f->store, f->cohort, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) list = NULL;
    kefu_store_set_now (f->store, expires - 31 * DAY);
    list = kefu_certificates (f->store, 0, 30, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 0);
  }
  {
    g_autoptr(GPtrArray) list = NULL;
    kefu_store_set_now (f->store, expires - 29 * DAY);
    list = kefu_certificates (f->store, 0, 30, &error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpint (((KefuCertificate *) list->pdata[0])->user_id, ==, f->certified);
    g_clear_pointer (&list, g_ptr_array_unref);
    list = kefu_certificates (f->store, f->newbie, 30, &error);
    g_assert_cmpuint (list->len, ==, 0);
  }
  /* the reminders at sign-in: 陈静's date and days left; 孙杰 not certified; 吴浩 nothing */
  {
    g_autofree char *reminder = kefu_certificate_reminder (f->store, f->certified);
    g_autofree char *newbie = kefu_certificate_reminder (f->store, f->newbie);
    g_autoptr(GDateTime) until = g_date_time_new_from_unix_local (expires - 1);
    g_autofree char *day = g_date_time_format (until, "%Y-%m-%d");

    g_assert_nonnull (reminder);
    g_assert_nonnull (strstr (reminder, day));
    g_assert_nonnull (strstr (reminder, "29 days"));
    g_assert_nonnull (newbie);
    g_assert_nonnull (strstr (newbie, "not certified"));
    g_assert_null (kefu_certificate_reminder (f->store, f->other));
  }
  {
    g_autoptr(GPtrArray) list = NULL;
    kefu_store_set_now (f->store, expires);
    list = kefu_certificates (f->store, 0, 30, &error);
    g_assert_cmpuint (list->len, ==, 0);
    g_clear_pointer (&list, g_ptr_array_unref);
    list = kefu_certificates (f->store, 0, -1, &error);
    g_assert_cmpuint (list->len, ==, 1);
  }
  /* renewed by a second cohort 20 days before expiry: no reminder */
  {
    g_autoptr(GPtrArray) list = NULL;
    g_autofree char *sql = NULL;
    gint64 again;

    kefu_store_set_now (f->store, expires - 40 * DAY);
    again = kefu_cohort_create (f->store, 1, "复训 第1期", expires - 40 * DAY, expires - 38 * DAY, 0, f->trainer, 1, &error);
    g_assert_no_error (error);
    g_assert_true (kefu_cohort_add_member (f->store, again, f->certified, "in_post", &error));
    sql = g_strdup_printf ("INSERT INTO attempts (exam_id, user_id, state, started_at, submitted_at, score, max_score, passed) "
                           "VALUES (1, %" G_GINT64_FORMAT ", 'graded', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 9, 10, 1)",
                           f->certified, expires - 37 * DAY, expires - 37 * DAY);
    exec (f, sql);
    practical (f, f->certified, expires - 37 * DAY, 95);
    kefu_store_set_now (f->store, expires - 20 * DAY);
    kefu_store_set_actor (f->store, f->trainer);
    g_assert_cmpint (kefu_certificate_issue (f->store, again, f->certified, &error), >, 0);
    g_assert_no_error (error);
    list = kefu_certificates (f->store, 0, 30, &error);
    g_assert_cmpuint (list->len, ==, 0);
  }
}

static char *
run (const char *program,
     const char *path)
{
  g_autofree char *found = g_find_program_in_path (program);
  const char *argv[] = { found, path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_nonnull (found);
  if (g_str_equal (program, "pdffonts"))
    argv[2] = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  return out;
}

/* The printed certificate names the person, the tier, the cohort and both
 * dates, with Chinese in a Simplified Chinese face. */
static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = kefu_test_path (&f->dir, "certificate.pdf");
  g_autofree char *bad = kefu_test_path (&f->dir, "no/such/folder/c.pdf");
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDateTime) issued = NULL, valid = NULL;
  g_autofree char *issued_day = NULL, *valid_day = NULL;
  gint64 id;

  kefu_store_set_now (f->store, E + 3 * DAY);
  kefu_store_set_actor (f->store, f->trainer);
  g_assert_cmpint (kefu_cohort_certify (f->store, f->cohort, NULL, NULL, &error), ==, 1);
  list = kefu_certificates (f->store, f->certified, -1, &error);
  g_assert_cmpuint (list->len, ==, 1);
  id = ((KefuCertificate *) list->pdata[0])->id;
  g_assert_true (kefu_certificate_write_pdf (f->store, id, out, &error));
  g_assert_no_error (error);
  text = run ("pdftotext", out);
  issued = g_date_time_new_from_unix_local (E + 3 * DAY);
  valid = g_date_time_new_from_unix_local (E + 3 * DAY + 365 * DAY - 1);
  issued_day = g_date_time_format (issued, "%Y-%m-%d");
  valid_day = g_date_time_format (valid, "%Y-%m-%d");
  g_assert_nonnull (strstr (text, "陈静"));
  g_assert_nonnull (strstr (text, "入职培训 第1期"));
  g_assert_nonnull (strstr (text, issued_day));
  g_assert_nonnull (strstr (text, valid_day));
  fonts = run ("pdffonts", out);
  g_assert_true (strstr (fonts, "NotoSansCJKsc") != NULL || strstr (fonts, "WenQuanYi") != NULL);
  g_assert_null (strstr (fonts, "CJKjp"));
  /* a bad path: an error naming it, and no file */
  g_assert_false (kefu_certificate_write_pdf (f->store, id, bad, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, bad));
  g_clear_error (&error);
  g_assert_false (kefu_certificate_write_pdf (f->store, 999, out, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
}


/* The commands on the sample: the renewals due (吴浩's, in 20 days) as
 * JSON, a cohort certified, a certificate printed; signing in first. */
static void
test_cli (KefuTestDir   *f,
          gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "demo.db");
  g_autofree char *pdf = kefu_test_path (f, "c.pdf");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_autofree char *o4 = NULL, *e4 = NULL, *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL;
  g_autofree char *id = NULL, *round = NULL;
  const char *when = "2026-11-25 10:00:00";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *faketime = g_find_program_in_path ("faketime");
  JsonArray *list;
  JsonObject *due;

  if (faketime == NULL || g_getenv ("KEFU_CLI") == NULL)
    {
      g_test_skip ("needs faketime and kefu-cli");
      return;
    }
  g_assert_cmpint (kefu_test_run_cli (when, NULL, &o1, &e1, "--db", path, "init", "--demo", "300", "--now", "2026-11-25 10:00",
                                      NULL), ==, 0);
  /* names and results: signed in only */
  g_assert_cmpint (kefu_test_run_cli (when, NULL, &o2, &e2, "--db", path, "training", "certificates", NULL), ==, 1);
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o3, &e3, "--db", path, "--as", "guohong", "training", "certificates",
                                      "--expiring", "30", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, o3, -1, &error));
  g_assert_no_error (error);
  list = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  due = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (due, "login"), ==, "wuhao");
  g_assert_cmpint (json_object_get_int_member (due, "days_left"), ==, 20);
  g_assert_true (json_object_get_boolean_member (due, "valid"));
  g_assert_cmpint (json_object_get_int_member (due, "id"), ==,
                   kefu_test_scalar (path, "SELECT x.id FROM certificates x JOIN users u ON u.id = x.user_id WHERE u.login = 'wuhao'"));
  /* bad input is named */
  g_clear_pointer (&o2, g_free);
  g_clear_pointer (&e2, g_free);
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o2, &e2, "--db", path, "--as", "guohong", "training", "certificates",
                                      "--expiring", "soon", NULL), ==, 2);
  g_assert_nonnull (strstr (e2, "soon"));

  round = g_strdup_printf ("%" G_GINT64_FORMAT, kefu_test_scalar (path, "SELECT min(cohort_id) FROM certificates"));
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o4, &e4, "--db", path, "--as", "guohong", "training", "certify", round,
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (o4, "周婷"));
  /* an agent may not certify */
  g_clear_pointer (&o2, g_free);
  g_clear_pointer (&e2, g_free);
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o2, &e2, "--db", path, "--as", "chenjing", "training", "certify", round,
                                      NULL), ==, 1);

  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (due, "id"));
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o5, &e5, "--db", path, "--as", "guohong", "training", "certificate", id,
                                      "--out", pdf, NULL), ==, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (kefu_test_run_cli (when, "1234\n", &o6, &e6, "--db", path, "--as", "guohong", "training", "certificate", id,
                                      NULL), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/core/certificate/issue", test_issue);
  ADD ("/core/certificate/gate", test_gate);
  ADD ("/core/certificate/expiring", test_expiring);
  ADD ("/core/certificate/pdf", test_pdf);
  KEFU_TEST_ADD ("/core/certificate/cli", test_cli);
  return g_test_run ();
}
