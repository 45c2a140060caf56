/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-people.c — people's profiles, appraisals and goals on a
 * Kefu server (#20), each signed in as the LOGIN role kefu_create_person()
 * makes: a supervisor reads their team member's profile and appraisal and
 * sets her a goal; the member reads her own and sees the goal, is refused
 * a colleague's profile by Kefu, and a goal written past Kefu by the
 * server itself; an administrator reads and sets a person's estates
 * (kefu_person_estates_of(), SECURITY DEFINER), which nobody else may
 * read; each role's own connection reads and writes of the training
 * results (server migration 42), the cohorts and the exam assignments
 * (47) only what Kefu shows it; a refusal the server codes reads its own
 * sentence. Skipped without
 * the throwaway cluster (tests/kefu-pg-cluster.sh). */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "kefu-assessment.h"
#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-certificate.h"
#include "kefu-cohort.h"
#include "kefu-desk.h"
#include "kefu-people.h"
#include "kefu-cases.h"
#include "kefu-engine.h"
#include "kefu-enums.h"
#include "kefu-exam.h"
#include "kefu-privacy.h"
#include "kefu-search.h"
#include "kefu-server-people.h"
#include "kefu-trainers.h"
#include "kefu-training-list.h"
#include "kefu-test-engines.h"

#define HOUR ((gint64) 3600)
#define DAY ((gint64) 86400)
#define T0 ((gint64) 1764547200)   /* 2025-12-01 00:00 UTC: the quarter's end is 2025-12-31 */

typedef struct {
  KefuTestDir  dir;
  char        *spec;      /* the server's database, without credentials */
  KefuStore   *owner;     /* the tables' owner (the test harness) */
  char        *login[6];  /* supervisor, agent (in the team), agent (not), admin, trainer, manager; per process */
  gint64       id[6];
} Fixture;

enum { SUPERVISOR, LINA, WANG, ADMIN, TRAINER, MANAGER };

static const char *const names[] = { "赵主管", "李娜", "王伟", "管理员老陈", "罗老师", "周经理" };
static const char *const roles[] = { "supervisor", "agent", "agent", "admin", "trainer", "manager" };
static const char *const passwords[] = { "supervisor-pass-1", "lina-password-1", "wang-password-1", "admin-password-1",
                                         "trainer-password-1", "manager-password-1" };
static const char *const prefixes[] = { "sup", "lina", "wang", "adm", "trn", "mgr" };

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  if (g_getenv ("KEFU_TEST_PG") == NULL || *g_getenv ("KEFU_TEST_PG") == '\0')
    {
      kefu_test_pg_skip (data);
      return;
    }
  kefu_test_dir_setup (&f->dir, data);
  f->owner = kefu_test_engine_open (&f->dir, &kefu_test_on_server, NULL, &f->spec);
  for (guint i = 0; i < G_N_ELEMENTS (f->login); i++)
    {
      g_autofree char *sql = NULL;

      f->login[i] = g_strdup_printf ("%s_%d", prefixes[i], (int) getpid ());
      sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '%s', '%s', '%s')", f->login[i], names[i], roles[i],
                             passwords[i]);
      f->id[i] = kefu_test_store_scalar (f->owner, sql);
      g_assert_cmpint (f->id[i], >, 0);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) admin = NULL;

  if (f->owner == NULL)
    return;
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  /* the people's roles belong to the cluster: dropped with the case */
  admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (f->login); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS %s", f->login[i]);

      g_assert_true (kefu_engine_exec (admin, sql, &error));
      g_assert_no_error (error);
      g_free (f->login[i]);
    }
  kefu_test_dir_teardown (&f->dir, data);
}

/* The person at the desk: the server's store signed in with their password */
static KefuStore *
sign_in (Fixture *f,
         guint    who)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open_as (f->spec, f->login[who], passwords[who], &error);
  g_autoptr(KefuUser) user = NULL;

  g_assert_no_error (error);
  user = kefu_auth_sign_in_server (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpint (kefu_user_get_id (user), ==, f->id[who]);
  kefu_store_set_now (store, T0 + 20 * DAY);
  return g_steal_pointer (&store);
}

/* A closed ticket of @agent's, created @day days into December 2025,
 * answered in 10 minutes, resolved in 2 hours, rated @rating */
static void
ticket (Fixture *f,
        gint64   agent,
        int      day,
        int      rating)
{
  static guint n;
  gint64 c = T0 + day * DAY + 9 * HOUR;
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO tickets (number, channel, kind, level, location, description, status, agent_id, created_at, "
      "first_response_at, resolved_at, closed_at, satisfaction, reopen_count, response_due_at, resolution_due_at, "
      "updated_at) VALUES ('P-%04u', 'phone', 'repair', 3, '3栋502', '测试', 'closed', %" G_GINT64_FORMAT ", %"
      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %d, 0, %" G_GINT64_FORMAT
      ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
      ++n, agent, c, c + 600, c + 2 * HOUR, c + 3 * HOUR, rating, c + 900, c + DAY, c);

  kefu_test_store_exec (f->owner, sql);
}

static gint64
count (Fixture    *f,
       const char *format,
       ...) G_GNUC_PRINTF (2, 3);

static gint64
count (Fixture    *f,
       const char *format,
       ...)
{
  va_list args;
  g_autofree char *sql = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return kefu_test_store_scalar (f->owner, sql);
}

/* A supervisor's team, profiles, appraisal and goals, each as their role */
static void
test_profiles_and_goals (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) sup = NULL;
  g_autoptr(KefuStore) lina = NULL;
  g_autoptr(KefuProfile) profile = NULL;
  g_autoptr(GPtrArray) appraisals = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  gint64 team, goal, from, to;

  if (f->owner == NULL)
    return;
  ticket (f, f->id[LINA], 1, 5);
  ticket (f, f->id[LINA], 2, 4);
  ticket (f, f->id[WANG], 3, 3);
  g_assert_true (kefu_people_parse_quarter ("2025-Q4", &from, &to, &error));
  g_assert_no_error (error);

  /* the supervisor makes their team (a trainer's right they have too) */
  sup = sign_in (f, SUPERVISOR);
  team = kefu_staff_group_create (sup, "客服组", f->id[SUPERVISOR], &error);
  g_assert_no_error (error);
  g_assert_true (kefu_staff_group_add_member (sup, team, f->id[LINA], &error));
  g_assert_no_error (error);

  /* her profile: her two tickets, audited as the supervisor by the server */
  profile = kefu_profile_load (sup, f->id[LINA], from, to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (profile);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'profile_viewed' AND subject_id = %"
                          G_GINT64_FORMAT " AND user_id = %" G_GINT64_FORMAT, f->id[LINA], f->id[SUPERVISOR]), ==, 1);
  g_clear_pointer (&profile, kefu_profile_free);
  /* the appraisal: the team only */
  appraisals = kefu_appraisal_compute (sup, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (appraisals->len, ==, 1);
  g_assert_cmpint (((KefuAppraisal *) appraisals->pdata[0])->user_id, ==, f->id[LINA]);
  /* a goal for her: satisfaction (ratings 5 and 4: 90 out of 100) up to 95 */
  goal = kefu_goal_add (sup, f->id[LINA], KEFU_KPI_SATISFACTION, 95, T0 + 60 * DAY, "回访前先致歉", &error);
  g_assert_no_error (error);
  g_assert_cmpint (goal, >, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM people_goals WHERE id = %" G_GINT64_FORMAT " AND user_id = %"
                          G_GINT64_FORMAT, goal, f->id[LINA]), ==, 1);

  /* 李娜: her own profile and goal; not her colleague's */
  lina = sign_in (f, LINA);
  profile = kefu_profile_load (lina, f->id[LINA], from, to, &error);
  g_assert_no_error (error);
  g_clear_pointer (&profile, kefu_profile_free);
  goals = kefu_goal_list (lina, f->id[LINA], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (goals->len, ==, 1);
  g_assert_cmpstr (((KefuGoal *) goals->pdata[0])->note, ==, "回访前先致歉");
  g_assert_cmpfloat_with_epsilon (((KefuGoal *) goals->pdata[0])->baseline, 90, 1e-9);
  g_assert_null (kefu_profile_load (lina, f->id[WANG], from, to, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (kefu_goal_add (lina, f->id[LINA], KEFU_KPI_SATISFACTION, 3, T0 + 60 * DAY, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* and the server itself refuses her a goal written past Kefu */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO people_goals (user_id, kpi, baseline, baseline_from, baseline_to, "
                                            "target, start_at, deadline, created_by, created_at) VALUES (%" G_GINT64_FORMAT
                                            ", 'satisfaction', 4, 0, 1, 3, 0, 1, %" G_GINT64_FORMAT ", 0)",
                                            f->id[LINA], f->id[LINA]);

    g_assert_false (kefu_store_exec (lina, sql, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM people_goals"), ==, 1);
}

/* An administrator reads a person's estates as the server keeps them:
 * every estate at first, then the one they were given; nobody else may */
static void
test_estates_of (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) admin = NULL;
  g_autoptr(KefuStore) lina = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean every = FALSE;
  gint64 east, west;

  if (f->owner == NULL)
    return;
  kefu_test_store_exec (f->owner, "INSERT INTO estates (name, created_at) VALUES ('东苑', 0), ('西苑', 0)");
  east = count (f, "SELECT id FROM estates WHERE name = '东苑'");
  west = count (f, "SELECT id FROM estates WHERE name = '西苑'");

  admin = sign_in (f, ADMIN);
  ids = kefu_server_person_estates (admin, f->login[LINA], &every, &error);
  g_assert_no_error (error);
  g_assert_true (every);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  g_array_append_val (chosen, west);
  g_assert_true (kefu_server_person_set_estates (admin, f->login[LINA], chosen, &error));
  g_assert_no_error (error);
  ids = kefu_server_person_estates (admin, f->login[LINA], &every, &error);
  g_assert_no_error (error);
  g_assert_false (every);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, west);
  g_assert_cmpint (g_array_index (ids, gint64, 0), !=, east);
  g_clear_pointer (&ids, g_array_unref);

  /* not an administrator: refused in words, by the server */
  lina = sign_in (f, LINA);
  g_assert_null (kefu_server_person_estates (lina, f->login[LINA], &every, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, kefu_permission_refusal (KEFU_PERMISSION_MANAGE_USERS));
}

/* @sql, typed by @store's person in psql: refused by the server */
static void
refused (KefuStore  *store,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
refused (KefuStore  *store,
         const char *format,
         ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  if (kefu_store_exec (store, sql, &error))
    g_error ("%s should have been refused", sql);
  g_assert_nonnull (error);
}

/* What @store's person reads of a count, in psql */
static gint64
seen (KefuStore  *store,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gint64
seen (KefuStore  *store,
      const char *format,
      ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return kefu_test_store_scalar (store, sql);
}

/* Goals, past Kefu (#20): each person's own connection reads only the
 * goals of whom they may see in People — their own, their team's for a
 * supervisor, everyone's for trainers and managers; an agent reads no
 * colleague's and an administrator none — and sets goals only for whom
 * Kefu lets them, as themselves. The desk still lists what it listed. */
static void
test_goals_rights (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) sup = NULL;
  g_autoptr(KefuStore) lina = NULL;
  g_autoptr(KefuStore) wang = NULL;
  g_autoptr(KefuStore) trainer = NULL;
  g_autoptr(KefuStore) manager = NULL;
  g_autoptr(KefuStore) admin = NULL;
  g_autoptr(GPtrArray) goals = NULL;
  gint64 team, lina_goal, wang_goal;

  if (f->owner == NULL)
    return;
  ticket (f, f->id[LINA], 1, 4);
  ticket (f, f->id[WANG], 3, 3);
  sup = sign_in (f, SUPERVISOR);
  lina = sign_in (f, LINA);
  wang = sign_in (f, WANG);
  trainer = sign_in (f, TRAINER);
  manager = sign_in (f, MANAGER);
  admin = sign_in (f, ADMIN);
  team = kefu_staff_group_create (sup, "客服组", f->id[SUPERVISOR], &error);
  g_assert_no_error (error);
  g_assert_true (kefu_staff_group_add_member (sup, team, f->id[LINA], &error));
  g_assert_no_error (error);
  lina_goal = kefu_goal_add (sup, f->id[LINA], KEFU_KPI_SATISFACTION, 95, T0 + 60 * DAY, "回访前先致歉", &error);
  g_assert_no_error (error);
  wang_goal = kefu_goal_add (trainer, f->id[WANG], KEFU_KPI_SATISFACTION, 90, T0 + 60 * DAY, "多听少说", &error);
  g_assert_no_error (error);
  g_assert_cmpint (lina_goal, >, 0);
  g_assert_cmpint (wang_goal, >, 0);

  /* reading, in psql */
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM people_goals WHERE user_id = %" G_GINT64_FORMAT, f->id[LINA]), ==, 0);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM people_goals"), ==, 1);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM people_goals WHERE note = '多听少说'"), ==, 1);
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM people_goals WHERE user_id = %" G_GINT64_FORMAT, f->id[WANG]), ==, 0);
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM people_goals"), ==, 1);
  g_assert_cmpint (seen (sup, "SELECT count(*) FROM people_goals WHERE user_id = %" G_GINT64_FORMAT, f->id[LINA]), ==, 1);
  g_assert_cmpint (seen (sup, "SELECT count(*) FROM people_goals WHERE user_id = %" G_GINT64_FORMAT, f->id[WANG]), ==, 0);
  g_assert_cmpint (seen (trainer, "SELECT count(*) FROM people_goals"), ==, 2);
  g_assert_cmpint (seen (manager, "SELECT count(*) FROM people_goals"), ==, 2);
  g_assert_cmpint (seen (admin, "SELECT count(*) FROM people_goals"), ==, 0);

  /* writing, in psql: only for whom one may set goals, as oneself */
  refused (sup, "INSERT INTO people_goals (user_id, kpi, baseline, baseline_from, baseline_to, target, start_at, deadline, "
                "created_by, created_at) VALUES (%" G_GINT64_FORMAT ", 'satisfaction', 60, 0, 1, 99, 0, 1, %"
                G_GINT64_FORMAT ", 0)", f->id[WANG], f->id[SUPERVISOR]);
  refused (sup, "INSERT INTO people_goals (user_id, kpi, baseline, baseline_from, baseline_to, target, start_at, deadline, "
                "created_by, created_at) VALUES (%" G_GINT64_FORMAT ", 'satisfaction', 60, 0, 1, 99, 0, 1, %"
                G_GINT64_FORMAT ", 0)", f->id[LINA], f->id[TRAINER]);
  refused (wang, "UPDATE people_goals SET target = 1");
  refused (admin, "INSERT INTO people_goals (user_id, kpi, baseline, baseline_from, baseline_to, target, start_at, "
                  "deadline, created_by, created_at) VALUES (%" G_GINT64_FORMAT ", 'satisfaction', 60, 0, 1, 99, 0, 1, %"
                  G_GINT64_FORMAT ", 0)", f->id[WANG], f->id[ADMIN]);
  g_assert_true (kefu_store_exec (sup, "UPDATE people_goals SET target = 1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM people_goals WHERE target = 1 AND id = %" G_GINT64_FORMAT, wang_goal),
                   ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM people_goals"), ==, 2);

  /* the desk: the supervisor's list holds her team's, a trainer's everyone's */
  goals = kefu_goal_list (sup, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (goals->len, ==, 1);
  g_assert_cmpint (((KefuGoal *) goals->pdata[0])->user_id, ==, f->id[LINA]);
  g_clear_pointer (&goals, g_ptr_array_unref);
  goals = kefu_goal_list (trainer, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (goals->len, ==, 2);
  g_clear_pointer (&goals, g_ptr_array_unref);
  goals = kefu_goal_list (wang, f->id[WANG], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (goals->len, ==, 1);
  g_assert_cmpstr (((KefuGoal *) goals->pdata[0])->note, ==, "多听少说");
  g_clear_pointer (&goals, g_ptr_array_unref);
  g_assert_null (kefu_goal_list (wang, f->id[LINA], &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
}

/* A 360° round, each as their role: the supervisor starts it for 李娜 of
 * her team (not for 王伟, outside it), 李娜 answers as herself, the
 * supervisor as supervisor, three peers each once through the server;
 * the peers' mean shows from the third answer. Past Kefu, each one's own
 * connection: an agent starts no round, writes no supervisor's score and
 * changes no one else's, no peer writes the totals or answers twice, the
 * totals are unreadable before the third answer, and only the person,
 * her supervisor, trainers and managers read the scores. */
static void
test_reviews (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) sup = NULL, lina = NULL, wang = NULL, trainer = NULL, manager = NULL, admin = NULL;
  g_autoptr(KefuReviewResult) result = NULL;
  const double self[KEFU_N_REVIEW_ITEMS] = { 90, 80, 85, 70, 95 };
  const double boss[KEFU_N_REVIEW_ITEMS] = { 80, 70, 75, 60, 85 };
  const double peer[3][KEFU_N_REVIEW_ITEMS] = { { 60, 60, 60, 60, 60 }, { 70, 70, 70, 70, 70 }, { 80, 80, 80, 80, 89 } };
  gint64 peers[3], team, round, from, to;

  if (f->owner == NULL)
    return;
  g_assert_true (kefu_people_parse_quarter ("2025-Q4", &from, &to, &error));
  g_assert_no_error (error);
  peers[0] = f->id[WANG];
  peers[1] = f->id[TRAINER];
  peers[2] = f->id[MANAGER];
  sup = sign_in (f, SUPERVISOR);
  lina = sign_in (f, LINA);
  wang = sign_in (f, WANG);
  trainer = sign_in (f, TRAINER);
  manager = sign_in (f, MANAGER);
  admin = sign_in (f, ADMIN);
  team = kefu_staff_group_create (sup, "客服组", f->id[SUPERVISOR], &error);
  g_assert_no_error (error);
  g_assert_true (kefu_staff_group_add_member (sup, team, f->id[LINA], &error));
  g_assert_no_error (error);

  /* starting: the supervisor for her team only; an agent not at all */
  round = kefu_review_start (sup, f->id[LINA], from, to, peers, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (round, >, 0);
  g_assert_cmpint (kefu_review_start (sup, f->id[WANG], from, to, NULL, 0, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  refused (sup, "INSERT INTO review_rounds (user_id, period_from, period_to, created_by, created_at) "
                "VALUES (%" G_GINT64_FORMAT ", 0, 1, %" G_GINT64_FORMAT ", 0)", f->id[WANG], f->id[SUPERVISOR]);
  refused (lina, "INSERT INTO review_rounds (user_id, period_from, period_to, created_by, created_at) "
                 "VALUES (%" G_GINT64_FORMAT ", 0, 1, %" G_GINT64_FORMAT ", 0)", f->id[LINA], f->id[LINA]);
  g_assert_cmpint (count (f, "SELECT count(*) FROM review_rounds"), ==, 1);

  /* the person and her supervisor answer */
  g_assert_true (kefu_review_answer (lina, round, self, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_review_answer (sup, round, boss, &error));
  g_assert_no_error (error);
  /* 李娜 past Kefu: no supervisor's score of her own, none changed of the supervisor's */
  refused (lina, "INSERT INTO review_scores (round_id, rater_id, rater_kind, item, score) VALUES (%" G_GINT64_FORMAT
                 ", %" G_GINT64_FORMAT ", 'supervisor', 'results', 100)", round, f->id[LINA]);
  refused (lina, "INSERT INTO review_scores (round_id, rater_id, rater_kind, item, score) VALUES (%" G_GINT64_FORMAT
                 ", %" G_GINT64_FORMAT ", 'self', 'results', 100)", round, f->id[SUPERVISOR]);
  g_assert_true (kefu_store_exec (lina, "UPDATE review_scores SET score = 100 WHERE rater_kind = 'supervisor'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM review_scores WHERE rater_kind = 'supervisor' AND score = 100"), ==, 0);
  /* a peer asked: not the person's own scores */
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM review_scores"), ==, 0);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM review_rounds"), ==, 1);
  refused (wang, "INSERT INTO review_scores (round_id, rater_id, rater_kind, item, score) VALUES (%" G_GINT64_FORMAT
                 ", %" G_GINT64_FORMAT ", 'supervisor', 'results', 10)", round, f->id[WANG]);

  /* the first peer: through the server, once */
  g_assert_true (kefu_review_answer (wang, round, peer[0], &error));
  g_assert_no_error (error);
  g_assert_false (kefu_review_answer (wang, round, peer[0], &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  refused (wang, "SELECT kefu_review_peer_answer (%" G_GINT64_FORMAT ", 0, 0, 0, 0, 0, 0)", round);
  refused (wang, "UPDATE review_peer_totals SET total = 0");
  refused (wang, "INSERT INTO review_peer_totals (round_id, item, total, answers) VALUES (%" G_GINT64_FORMAT
                 ", 'results', 0, 5) ON CONFLICT DO NOTHING", round);
  refused (wang, "UPDATE review_peers SET answered = 0");
  /* a colleague not asked answers nothing; a score out of range is no answer */
  refused (lina, "SELECT kefu_review_peer_answer (%" G_GINT64_FORMAT ", 0, 1, 1, 1, 1, 1)", round);
  {
    const double wild[KEFU_N_REVIEW_ITEMS] = { 60, 60, 60, 60, 60 };
    g_autofree char *sql = g_strdup_printf ("SELECT kefu_review_peer_answer (%" G_GINT64_FORMAT
                                            ", 0, 1000, %g, %g, %g, %g)", round, wild[1], wild[2], wild[3], wild[4]);

    g_assert_false (kefu_store_exec (trainer, sql, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  /* one answer of three: the totals stay unread, even by the supervisor */
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM review_peer_totals"), ==, 0);
  g_assert_cmpint (seen (sup, "SELECT count(*) FROM review_peer_totals"), ==, 0);
  g_assert_cmpint (count (f, "SELECT answers FROM review_peer_totals WHERE item = 'results'"), ==, 1);

  g_assert_true (kefu_review_answer (trainer, round, peer[1], &error));
  g_assert_no_error (error);
  g_assert_true (kefu_review_answer (manager, round, peer[2], &error));
  g_assert_no_error (error);

  /* the result: to the supervisor, the person, trainers and managers */
  result = kefu_review_result (sup, round, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_true (result->peers_shown);
  g_assert_cmpuint (result->peers_answered, ==, 3);
  g_assert_cmpfloat_with_epsilon (result->self[KEFU_REVIEW_RESULTS], 90, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->supervisor[KEFU_REVIEW_EMERGENCY], 60, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->peers[KEFU_REVIEW_RESULTS], 70, 1e-9);
  g_assert_cmpfloat_with_epsilon (result->peers[KEFU_REVIEW_SERVICE_QUALITY], 73, 1e-9);
  g_clear_pointer (&result, kefu_review_result_free);
  result = kefu_review_result (lina, round, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (result->peers[KEFU_REVIEW_RESULTS], 70, 1e-9);
  g_clear_pointer (&result, kefu_review_result_free);
  g_assert_cmpint (seen (trainer, "SELECT count(*) FROM review_scores"), ==, 10);
  g_assert_cmpint (seen (manager, "SELECT count(*) FROM review_peer_totals"), ==, 5);
  /* and to nobody else: a colleague, an administrator (no develop_people) */
  g_assert_null (kefu_review_result (wang, round, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* (the administrator's server shows no such round: not found) */
  g_assert_null (kefu_review_result (admin, round, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM review_scores"), ==, 0);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM review_peer_totals"), ==, 0);
  g_assert_cmpint (seen (admin, "SELECT count(*) FROM review_scores"), ==, 0);
  g_assert_cmpint (seen (admin, "SELECT count(*) FROM review_rounds"), ==, 0);
  /* who answered is in the log, what they gave nowhere with their name */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'review_answered' AND detail LIKE '%%as=peer'"),
                   ==, 3);
}

/* The case library: a trainer drafts a case from a ticket and saves it;
 * an agent reads the library but saves nothing, in Kefu or past it. */
static void
test_cases (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) trainer = NULL, lina = NULL, manager = NULL;
  g_autoptr(KefuCase) draft = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 ticket_id, id;

  if (f->owner == NULL)
    return;
  ticket (f, f->id[LINA], 1, 2);
  ticket_id = count (f, "SELECT max(id) FROM tickets");
  trainer = sign_in (f, TRAINER);
  lina = sign_in (f, LINA);
  manager = sign_in (f, MANAGER);

  draft = kefu_case_draft_from_ticket (trainer, ticket_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  g_free (draft->title);
  draft->title = g_strdup ("3栋502报修回访");
  id = kefu_case_save (trainer, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cases WHERE created_by = %" G_GINT64_FORMAT, f->id[TRAINER]), ==, 1);

  /* an agent and a manager (no training right): the library to read, nothing to save */
  list = kefu_case_list (lina, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((KefuCase *) list->pdata[0])->title, ==, "某单元报修回访");
  g_assert_cmpint (kefu_case_save (lina, draft, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  refused (lina, "INSERT INTO cases (title, type, risk, happened, handling, result, lessons, created_by, created_at) "
                 "VALUES ('业主王建国 13812345678', 'service', 'blue', 'x', 'x', 'x', 'x', %" G_GINT64_FORMAT ", 0)",
           f->id[LINA]);
  refused (lina, "UPDATE cases SET lessons = '改过了'");
  refused (manager, "INSERT INTO case_links (case_id, question_id, course_id) VALUES (%" G_GINT64_FORMAT
                    ", NULL, NULL)", id);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cases"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cases WHERE lessons = '改过了'"), ==, 0);
}

/* An internal trainer's satisfaction from the trainees' surveys: a member
 * answers her own (once a cohort, as herself); a colleague outside the
 * cohort writes none and changes hers in no way, reads none but his own;
 * a manager reads the trainer's figure, an agent may not. */
static void
test_trainer_satisfaction (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) trainer = NULL, lina = NULL, wang = NULL, manager = NULL;
  const int lina_says[KEFU_SURVEY_N_ITEMS] = { 5, 4, 4, 5 };
  const int keyed[KEFU_SURVEY_N_ITEMS] = { 3, 5, 3, 3 };
  gint64 course, cohort;
  double percent;
  guint n;

  if (f->owner == NULL)
    return;
  kefu_test_store_exec (f->owner, "INSERT INTO courses (name, layer, module) VALUES ('服务礼仪', 'basic', 'etiquette')");
  course = count (f, "SELECT max(id) FROM courses");
  trainer = sign_in (f, TRAINER);
  lina = sign_in (f, LINA);
  wang = sign_in (f, WANG);
  manager = sign_in (f, MANAGER);
  cohort = kefu_cohort_create (trainer, course, "礼仪一期", T0, T0 + 10 * DAY, 0, f->id[TRAINER], 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cohort, >, 0);
  g_assert_true (kefu_cohort_add_member (trainer, cohort, f->id[LINA], "in_post", &error));
  g_assert_no_error (error);

  /* 李娜 answers her own; the trainer keys in an unsigned paper form */
  g_assert_cmpint (kefu_cohort_add_survey (lina, cohort, f->id[LINA], lina_says, "讲得清楚", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_cohort_add_survey (trainer, cohort, 0, keyed, NULL, &error), >, 0);
  g_assert_no_error (error);
  /* 王伟, not a member: no survey of his own, none of hers changed, none read */
  refused (wang, "INSERT INTO cohort_surveys (cohort_id, user_id, usefulness, trainer, format, organisation, at) "
                 "VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 1, 1, 1, 1, 0)", cohort, f->id[WANG]);
  refused (wang, "INSERT INTO cohort_surveys (cohort_id, user_id, usefulness, trainer, format, organisation, at) "
                 "VALUES (%" G_GINT64_FORMAT ", NULL, 1, 1, 1, 1, 0)", cohort);
  g_assert_true (kefu_store_exec (wang, "UPDATE cohort_surveys SET trainer = 1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM cohort_surveys"), ==, 0);
  /* 李娜 reads her own only, and cannot key one in as somebody else */
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM cohort_surveys"), ==, 1);
  refused (lina, "UPDATE cohort_surveys SET keyed_by = %" G_GINT64_FORMAT, f->id[TRAINER]);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cohort_surveys WHERE trainer = 1"), ==, 0);

  /* the manager reads the trainer's satisfaction: (4 + 5) / 2 × 20 */
  g_assert_true (kefu_trainer_satisfaction (manager, f->id[TRAINER], T0 - DAY, T0 + 60 * DAY, &percent, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat_with_epsilon (percent, 90, 1e-9);
  g_assert_false (kefu_trainer_satisfaction (wang, f->id[TRAINER], T0 - DAY, T0 + 60 * DAY, &percent, &n, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
}

/* A ticket of @estate for the sidebar's counts, made by the tables' owner */
static gint64
add_ticket (Fixture    *f,
            const char *number,
            gint64      estate,
            const char *status,
            gint64      agent,
            int         flagged,
            gint64      due,
            gint64      warn,
            gint64      linked_to)
{
  g_autofree char *sql = g_strdup_printf (
      "INSERT INTO tickets (number, channel, kind, estate_id, location, description, created_at, updated_at, status, "
      "agent_id, flagged, next_due_at, next_warn_at, linked_to) VALUES ('%s', 'phone', 'repair', %" G_GINT64_FORMAT
      ", '3栋', '电梯停了', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '%s', NULLIF (%" G_GINT64_FORMAT ", 0), %d, "
      "NULLIF (%" G_GINT64_FORMAT ", 0), NULLIF (%" G_GINT64_FORMAT ", 0), NULLIF (%" G_GINT64_FORMAT ", 0)) RETURNING id",
      number, estate, T0, T0, status, agent, flagged, due, warn, linked_to);

  return kefu_test_store_scalar (f->owner, sql);
}

/* The sidebar's seven counts as a person sees them: an agent of one estate
 * counts that estate's tickets only (row-level security), through the
 * same statements as everyone's; a supervisor of every estate and the
 * tables' owner count them all. Each count is its list's length too. The
 * recurring faults cross estates: a fault whose first report is in the
 * other estate is the agent's by its two repeats; one with a single repeat
 * in the agent's estate is not; a repeat that is a fault's first report
 * itself is counted once. */
static void
test_counts_by_estate (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) admin = NULL;
  g_autoptr(KefuStore) lina = NULL;
  g_autoptr(KefuStore) sup = NULL;
  g_autoptr(GArray) chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  const gint64 now = T0 + 20 * DAY, me = f->id[LINA];
  gint64 east, west, e3, e4, w2, w3;
  /* per view (KefuSavedView's order): the agent of 东苑, everyone */
  static const gint64 want[][2] = {
    [KEFU_VIEW_ALL] = { 11, 15 }, [KEFU_VIEW_MY_OPEN] = { 2, 3 }, [KEFU_VIEW_AWAITING_FOLLOW_UP] = { 1, 1 },
    [KEFU_VIEW_DUE_SOON] = { 1, 1 }, [KEFU_VIEW_OVERDUE] = { 1, 2 }, [KEFU_VIEW_FLAGGED] = { 1, 2 },
    [KEFU_VIEW_RECURRING] = { 7, 11 },
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (want) == KEFU_N_VIEWS);

  if (f->owner == NULL)
    return;
  kefu_test_store_exec (f->owner, "INSERT INTO estates (name, created_at) VALUES ('东苑', 0), ('西苑', 0)");
  east = count (f, "SELECT id FROM estates WHERE name = '东苑'");
  west = count (f, "SELECT id FROM estates WHERE name = '西苑'");

  add_ticket (f, "GD202512210001", east, "new", me, 1, now - HOUR, now - 2 * HOUR, 0);
  add_ticket (f, "GD202512210002", east, "dispatched", me, 0, now + HOUR, now - HOUR, 0);
  e3 = add_ticket (f, "GD202512210003", east, "closed", me, 0, 0, 0, 0);
  e4 = add_ticket (f, "GD202512210004", east, "closed", 0, 0, 0, 0, e3);
  add_ticket (f, "GD202512210005", east, "new", 0, 0, 0, 0, e3);
  add_ticket (f, "GD202512210006", east, "resolved", f->id[WANG], 0, 0, 0, 0);
  add_ticket (f, "GD202512210007", west, "new", me, 1, now - HOUR, now - 2 * HOUR, 0);
  w2 = add_ticket (f, "GD202512210008", west, "closed", 0, 0, 0, 0, 0);
  add_ticket (f, "GD202512210009", east, "closed", 0, 0, 0, 0, w2);
  add_ticket (f, "GD202512210010", east, "closed", 0, 0, 0, 0, w2);
  w3 = add_ticket (f, "GD202512210011", west, "closed", 0, 0, 0, 0, 0);
  add_ticket (f, "GD202512210012", west, "closed", 0, 0, 0, 0, w3);
  add_ticket (f, "GD202512210013", east, "closed", 0, 0, 0, 0, w3);
  add_ticket (f, "GD202512210014", east, "closed", 0, 0, 0, 0, e4);
  add_ticket (f, "GD202512210015", east, "closed", 0, 0, 0, 0, e4);

  admin = sign_in (f, ADMIN);
  g_array_append_val (chosen, east);
  g_assert_true (kefu_server_person_set_estates (admin, f->login[LINA], chosen, &error));
  g_assert_no_error (error);
  lina = sign_in (f, LINA);
  sup = sign_in (f, SUPERVISOR);
  kefu_store_set_now (f->owner, now);

  for (KefuSavedView v = 0; v < KEFU_N_VIEWS; v++)
    {
      KefuStore *who[] = { lina, sup, f->owner };

      for (guint i = 0; i < G_N_ELEMENTS (who); i++)
        {
          KefuTicketQuery q = { 0 };
          g_autoptr(GArray) ids = NULL;
          gint64 n;

          kefu_saved_view_apply (v, me, &q);
          n = kefu_desk_count_tickets (who[i], &q, &error);
          g_assert_no_error (error);
          ids = kefu_desk_query_ticket_ids (who[i], &q, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpint (n, ==, want[v][MIN (i, 1)]);
          g_assert_cmpint (n, ==, (gint64) ids->len);
        }
    }
}

/* The Audit window on a server, as a supervisor: the log is listed,
 * filtered by person and by action, named by the person's name, and its
 * chain checked, all through the view a supervisor may read (the table
 * itself only the owner reads); an agent is refused the log. */
static void
test_audit_as_supervisor (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) sup = NULL;
  g_autoptr(KefuStore) lina = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) mine = NULL;
  g_autoptr(GListModel) none = NULL;
  g_auto(GStrv) actions = NULL;
  KefuAuditFilter by_me = { 0 };
  KefuAuditHead head = { 0 };
  gint64 broken = -1, entries;

  if (f->owner == NULL)
    return;
  sup = sign_in (f, SUPERVISOR);
  lina = sign_in (f, LINA);
  /* two entries of the supervisor's own, stamped by the server */
  g_assert_true (kefu_audit_append (sup, f->id[SUPERVISOR], "print", "tickets", 7, "copies=2", &error));
  g_assert_no_error (error);
  g_assert_true (kefu_audit_append (sup, f->id[SUPERVISOR], "export", "tickets", 0, "rows=3", &error));
  g_assert_no_error (error);
  entries = kefu_test_store_scalar (f->owner, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (entries, >=, 2);

  all = kefu_audit_list (sup, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, (guint) entries);

  by_me.user_id = f->id[SUPERVISOR];
  mine = kefu_audit_list (sup, &by_me, &error);
  g_assert_no_error (error);
  /* hers: these two and her signing in */
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==,
                    (guint) count (f, "SELECT count(*) FROM audit_log WHERE user_id = %" G_GINT64_FORMAT,
                                   f->id[SUPERVISOR]));
  g_assert_cmpuint (g_list_model_get_n_items (mine), >=, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(KefuAuditEntry) e = g_list_model_get_item (mine, i);

      g_assert_cmpint (kefu_audit_entry_get_user_id (e), ==, f->id[SUPERVISOR]);
      g_assert_cmpstr (kefu_audit_entry_get_user_name (e), ==, names[SUPERVISOR]);
      /* newest first */
      g_assert_cmpstr (kefu_audit_entry_get_action (e), ==, i == 0 ? "export" : "print");
    }
  by_me.action = "print";
  g_clear_object (&mine);
  mine = kefu_audit_list (sup, &by_me, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 1);

  actions = kefu_audit_list_actions (sup, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) actions, "print"));
  g_assert_true (g_strv_contains ((const char * const *) actions, "export"));

  g_assert_true (kefu_audit_verify (sup, NULL, &head, &broken, &error));
  g_assert_no_error (error);
  g_assert_cmpint (broken, ==, 0);
  g_assert_cmpint (head.entries, ==, entries);

  /* an agent may not read the log */
  none = kefu_audit_list (lina, NULL, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
}

/* Training results, past Kefu (#20, server migration 42): each person's
 * own connection. Both agents have a row of their own in every training
 * table (a practical assessment with its criterion, panel, scores,
 * external rater, decision and history; an observation, a certificate,
 * attendance, a reaction evaluation, a regraded attempt, a practice card,
 * an exam notice, a saved view); each agent reads only their own, and
 * trainers, supervisors, managers and administrators (who see training
 * results) read both, but nobody another's saved views. An agent writes
 * no colleague's rows: refused, or (UPDATE, DELETE) nothing changed.
 * Kefu still shows each what it showed: the trainee her own result, the
 * trainer anyone's, and every desk's certificate gate who holds one. */
static const struct {
  const char *table;
  gboolean    own_only;   /* nobody reads another's, with or without the right */
} training_tables[] = {
  { "assessments", FALSE }, { "assessment_criteria", FALSE }, { "assessment_scores", FALSE },
  { "assessment_panel", FALSE }, { "assessment_external_raters", FALSE }, { "assessment_external_scores", FALSE },
  { "assessment_decisions", FALSE }, { "assessment_score_history", FALSE }, { "cohort_observations", FALSE },
  { "certificates", FALSE }, { "session_attendance", FALSE }, { "training_evaluations", FALSE },
  { "score_changes", FALSE }, { "practice_queue", FALSE }, { "exam_notices", FALSE }, { "user_views", TRUE },
};

typedef struct {
  gint64 course, cohort, session, question, exam;
} TrainingSetup;

#define ID G_GINT64_FORMAT

/* @who's rows in every training table, written by the tables' owner; the
 * assessment's id */
static gint64
training_rows (Fixture             *f,
               const TrainingSetup *s,
               guint                who)
{
  gint64 p = f->id[who], t = f->id[TRAINER], assessment, criterion, external, attempt;

  count (f, "INSERT INTO cohort_members (cohort_id, user_id, tier) VALUES (%" ID ", %" ID ", 'new_hire') RETURNING 1",
         s->cohort, p);
  count (f, "INSERT INTO session_attendance (session_id, user_id, present) VALUES (%" ID ", %" ID ", 1) RETURNING 1",
         s->session, p);
  count (f, "INSERT INTO cohort_observations (cohort_id, user_id, week, phrase_rate, cooperation, note, observer_id, at) "
            "VALUES (%" ID ", %" ID ", 1, 80, 4, '用语规范', %" ID ", %" ID ") RETURNING 1", s->cohort, p, t, T0);
  count (f, "INSERT INTO certificates (user_id, tier, cohort_id, exam_percent, practical_score, issued_at, expires_at, "
            "issued_by) VALUES (%" ID ", 'new_hire', %" ID ", 90, 88, %" ID ", %" ID ", %" ID ") RETURNING 1",
         p, s->cohort, T0, T0 + 365 * DAY, t);
  count (f, "INSERT INTO training_evaluations (course_id, user_id, level, at, score) "
            "VALUES (%" ID ", %" ID ", 1, %" ID ", 4.5) RETURNING 1", s->course, p, T0);
  assessment = count (f, "INSERT INTO assessments (scenario, trainee_id, held_at, created_by) "
                         "VALUES ('报修受理', %" ID ", %" ID ", %" ID ") RETURNING id", p, T0, t);
  criterion = count (f, "INSERT INTO assessment_criteria (assessment_id, name, weight) VALUES (%" ID ", '沟通', 1) "
                        "RETURNING id", assessment);
  count (f, "INSERT INTO assessment_panel (assessment_id, user_id, added_by, added_at) "
            "VALUES (%" ID ", %" ID ", %" ID ", %" ID ") RETURNING 1", assessment, t, t, T0);
  count (f, "INSERT INTO assessment_scores (assessment_id, criterion_id, rater_id, rater_role, score, scored_at) "
            "VALUES (%" ID ", %" ID ", %" ID ", 'trainer', 90, %" ID ") RETURNING 1", assessment, criterion, t, T0);
  external = count (f, "INSERT INTO assessment_external_raters (assessment_id, name, role, added_by, added_at) "
                       "VALUES (%" ID ", '孙先生', '业主代表', %" ID ", %" ID ") RETURNING id", assessment, t, T0);
  count (f, "INSERT INTO assessment_external_scores (assessment_id, criterion_id, external_id, score, entered_by, "
            "scored_at) VALUES (%" ID ", %" ID ", %" ID ", 86, %" ID ", %" ID ") RETURNING 1",
         assessment, criterion, external, t, T0);
  count (f, "INSERT INTO assessment_score_history (assessment_id, criterion_id, rater_id, new_score, changed_by, "
            "changed_at) VALUES (%" ID ", %" ID ", %" ID ", 90, %" ID ", %" ID ") RETURNING 1",
         assessment, criterion, t, t, T0);
  count (f, "INSERT INTO assessment_decisions (assessment_id, score, reason, decided_by, decided_at, last_change) "
            "SELECT %" ID ", 88, '两位评分人一致', %" ID ", %" ID ", max(id) FROM assessment_score_history "
            "WHERE assessment_id = %" ID " RETURNING 1", assessment, t, T0, assessment);
  attempt = count (f, "INSERT INTO attempts (exam_id, user_id, state, started_at, score, max_score) "
                      "VALUES (%" ID ", %" ID ", 'graded', %" ID ", 2, 2) RETURNING id", s->exam, p, T0);
  count (f, "INSERT INTO score_changes (attempt_id, position, kind, old_score, new_score, reason, changed_by, changed_at) "
            "VALUES (%" ID ", 1, 'regrade', 1, 2, '复核', %" ID ", %" ID ") RETURNING 1", attempt, t, T0);
  count (f, "INSERT INTO practice_queue (user_id, question_id, box, due_at, added_at, reviewed_at) "
            "VALUES (%" ID ", %" ID ", 1, %" ID ", %" ID ", %" ID ") RETURNING 1", p, s->question, T0 + DAY, T0, T0);
  count (f, "INSERT INTO exam_notices (exam_id, user_id, kind, told_at) VALUES (%" ID ", %" ID ", 'new', %" ID ") "
            "RETURNING 1", s->exam, p, T0);
  count (f, "INSERT INTO user_views (user_id, name, created_at, updated_at) VALUES (%" ID ", '我的报修', %" ID ", %" ID ") "
            "RETURNING 1", p, T0, T0);
  return assessment;
}

static void
test_training_rights (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) lina = NULL;
  g_autoptr(KefuStore) wang = NULL;
  g_autoptr(GPtrArray) certificates = NULL;
  g_autoptr(GArray) certified = NULL;
  KefuStore *with_right[4];
  TrainingSetup s;
  g_autofree char *own = NULL;
  gint64 lina_assessment, wang_assessment, criterion, group, bank;

  if (f->owner == NULL)
    return;
  s.course = count (f, "INSERT INTO courses (name, layer, module) VALUES ('报修受理', 'basic', 'communication') "
                       "RETURNING id");
  s.cohort = count (f, "INSERT INTO cohorts (course_id, name, starts_at, ends_at, trainer_id, created_at) "
                       "VALUES (%" ID ", '十二月新员工班', %" ID ", %" ID ", %" ID ", %" ID ") RETURNING id",
                    s.course, T0, T0 + 30 * DAY, f->id[TRAINER], T0);
  s.session = count (f, "INSERT INTO cohort_sessions (cohort_id, starts_at, hours, topic) "
                        "VALUES (%" ID ", %" ID ", 2, '接听礼仪') RETURNING id", s.cohort, T0 + DAY);
  bank = count (f, "INSERT INTO question_banks (name, created_at) VALUES ('入职题库', %" ID ") RETURNING id", T0);
  s.question = count (f, "INSERT INTO questions (bank_id, type, stem, answer, created_at) "
                         "VALUES (%" ID ", 'true_false', '报修需登记房号', 'true', %" ID ") RETURNING id", bank, T0);
  s.exam = count (f, "INSERT INTO exams (name, created_at) VALUES ('入职考试', %" ID ") RETURNING id", T0);
  lina_assessment = training_rows (f, &s, LINA);
  wang_assessment = training_rows (f, &s, WANG);

  lina = sign_in (f, LINA);
  wang = sign_in (f, WANG);
  with_right[0] = sign_in (f, TRAINER);
  with_right[1] = sign_in (f, SUPERVISOR);
  with_right[2] = sign_in (f, MANAGER);
  with_right[3] = sign_in (f, ADMIN);

  /* reading, in psql */
  for (guint i = 0; i < G_N_ELEMENTS (training_tables); i++)
    {
      const char *table = training_tables[i].table;

      g_test_message ("%s", table);
      g_assert_cmpint (count (f, "SELECT count(*) FROM %s", table), ==, 2);
      g_assert_cmpint (seen (lina, "SELECT count(*) FROM %s", table), ==, 1);
      g_assert_cmpint (seen (wang, "SELECT count(*) FROM %s", table), ==, 1);
      for (guint r = 0; r < G_N_ELEMENTS (with_right); r++)
        g_assert_cmpint (seen (with_right[r], "SELECT count(*) FROM %s", table), ==, training_tables[i].own_only ? 0 : 2);
    }
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM assessments WHERE trainee_id = %" ID, f->id[WANG]), ==, 1);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM assessment_scores WHERE assessment_id = %" ID, lina_assessment),
                   ==, 0);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM certificates WHERE user_id = %" ID, f->id[LINA]), ==, 0);
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM practice_queue WHERE user_id = %" ID, f->id[LINA]), ==, 1);
  /* who holds a certificate, without the scores, for every desk's gate */
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM certificate_validity"), ==, 2);
  refused (wang, "SELECT exam_percent FROM certificate_validity");

  /* writing, in psql: nothing of a colleague's */
  criterion = seen (with_right[0], "SELECT min(id) FROM assessment_criteria WHERE assessment_id = %" ID,
                    lina_assessment);
  refused (wang, "INSERT INTO assessment_scores (assessment_id, criterion_id, rater_id, rater_role, score) "
                 "VALUES (%" ID ", %" ID ", %" ID ", 'agent', 100)", lina_assessment, criterion, f->id[WANG]);
  refused (wang, "UPDATE certificates SET expires_at = expires_at + 86400");
  refused (wang, "INSERT INTO certificates (user_id, tier, issued_at, expires_at) VALUES (%" ID ", 'new_hire', 1, 2)",
           f->id[WANG]);
  refused (wang, "UPDATE cohort_observations SET phrase_rate = 100");
  refused (wang, "INSERT INTO training_evaluations (course_id, user_id, level, at) VALUES (%" ID ", %" ID ", 1, 1)",
           s.course, f->id[LINA]);
  refused (wang, "INSERT INTO practice_queue (user_id, question_id, box, due_at) VALUES (%" ID ", %" ID ", 5, 1) "
                 "ON CONFLICT (user_id, question_id) DO UPDATE SET box = 5", f->id[LINA], s.question);
  refused (wang, "INSERT INTO exam_notices (exam_id, user_id, kind, told_at) VALUES (%" ID ", %" ID ", 'deadline', 1)",
           s.exam, f->id[LINA]);
  refused (wang, "INSERT INTO user_views (user_id, name, created_at, updated_at) VALUES (%" ID ", '偷看', 1, 1)",
           f->id[LINA]);
  refused (wang, "UPDATE training_evaluations SET user_id = %" ID, f->id[LINA]);
  g_assert_true (kefu_store_exec (wang, "UPDATE practice_queue SET box = 5", &error));
  g_assert_true (kefu_store_exec (wang, "UPDATE training_evaluations SET score = 1", &error));
  g_assert_true (kefu_store_exec (wang, "UPDATE user_views SET name = '改名'", &error));
  g_assert_true (kefu_store_exec (wang, "DELETE FROM user_views", &error));
  g_assert_true (kefu_store_exec (wang, "DELETE FROM practice_queue", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT box FROM practice_queue WHERE user_id = %" ID, f->id[LINA]), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM practice_queue"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM training_evaluations WHERE score = 1"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM user_views WHERE user_id = %" ID " AND name = '我的报修'",
                          f->id[LINA]), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM user_views"), ==, 1);
  /* one's own reaction evaluation */
  own = g_strdup_printf ("INSERT INTO training_evaluations (course_id, user_id, level, at) VALUES (%" ID ", %" ID
                         ", 2, 1)", s.course, f->id[WANG]);
  g_assert_true (kefu_store_exec (wang, own, &error));
  g_assert_no_error (error);
  /* a trainer writes anyone's */
  g_assert_true (kefu_store_exec (with_right[0], "UPDATE cohort_observations SET note = '已复核'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cohort_observations WHERE note = '已复核'"), ==, 2);

  /* Kefu, as each: the trainee's own result; not a colleague's; the trainer's anyone's */
  {
    g_auto(KefuAssessmentResult) mine = { 0 };
    g_auto(KefuAssessmentResult) hers = { 0 };
    g_auto(KefuAssessmentResult) theirs = { 0 };

    g_assert_true (kefu_assessment_result_for (lina, lina_assessment, f->id[LINA], &mine, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (mine.n_raters, ==, 2);
    g_assert_true (mine.decided);
    g_assert_cmpfloat_with_epsilon (mine.decided_score, 88, 1e-9);
    g_assert_false (kefu_assessment_result_for (wang, lina_assessment, f->id[WANG], &hers, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_true (kefu_assessment_result_for (with_right[0], wang_assessment, f->id[TRAINER], &theirs, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (theirs.n_raters, ==, 2);
  }
  certificates = kefu_certificates (lina, 0, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (certificates->len, ==, 1);
  g_assert_cmpint (((KefuCertificate *) certificates->pdata[0])->user_id, ==, f->id[LINA]);
  g_clear_pointer (&certificates, g_ptr_array_unref);
  certificates = kefu_certificates (with_right[0], 0, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (certificates->len, ==, 2);
  /* the gate: 李娜, a new hire, holds a valid certificate, seen from 王伟's desk */
  g_assert_false (kefu_certification_pending (wang, f->id[LINA]));
  g_assert_true (kefu_certificate_holds (wang, f->id[LINA]));
  certified = kefu_certified_people (wang, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (certified->len, ==, 2);

  /* a staff group's leader sees the members' results, as People shows them */
  group = count (f, "INSERT INTO staff_groups (name, leader_id, created_at) VALUES ('夜班', %" ID ", %" ID ") "
                    "RETURNING id", f->id[WANG], T0);
  count (f, "INSERT INTO staff_group_members (group_id, user_id) VALUES (%" ID ", %" ID ") RETURNING 1",
         group, f->id[LINA]);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM certificates"), ==, 2);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM assessment_scores"), ==, 2);
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM certificates"), ==, 1);

  for (guint r = 0; r < G_N_ELEMENTS (with_right); r++)
    g_object_unref (with_right[r]);
#undef ID
}

/* Cohorts and exam assignments, past Kefu (#20, server migration 47):
 * each person's own connection. 李娜 (a new hire) is in one cohort and
 * 王伟 in another, each with a session, costs and a follow-up; a paper is
 * assigned to both. Each agent reads their own cohort, membership,
 * sessions and assignment and nobody else's, and no costs or follow-ups;
 * trainers, supervisors, managers and administrators read all; a staff
 * group's leader reads their member's. Agents and managers write none of
 * it, trainers do. Kefu still shows each what it showed: the trainee her
 * courses and her paper, which she starts (the server draws it by her
 * assignment); every desk's certificate gate who is a new hire; the
 * trainer the cohorts' plans; the manager a cohort's evaluation. */
static const struct {
  const char *table;
  gint64      agent;   /* rows each agent reads of the two */
} cohort_tables[] = {
  { "cohorts", 1 }, { "cohort_members", 1 }, { "cohort_sessions", 1 }, { "exam_assignments", 1 },
  { "cohort_ledger", 0 }, { "cohort_checkpoints", 0 }, { "enrolments", 1 },
};

static gint64
cohort_rows (Fixture *f,
             gint64   course,
             gint64   exam,
             guint    who,
             const char *name,
             const char *tier)
{
  gint64 cohort = count (f, "INSERT INTO cohorts (course_id, name, starts_at, ends_at, trainer_id, created_at) "
                            "VALUES (%" G_GINT64_FORMAT ", '%s', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %"
                            G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id",
                         course, name, T0, T0 + 10 * DAY, f->id[TRAINER], T0);

  count (f, "INSERT INTO cohort_members (cohort_id, user_id, tier) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
            ", '%s') RETURNING 1", cohort, f->id[who], tier);
  count (f, "INSERT INTO cohort_sessions (cohort_id, starts_at, hours, topic) VALUES (%" G_GINT64_FORMAT ", %"
            G_GINT64_FORMAT ", 2, '投诉处理') RETURNING 1", cohort, T0 + DAY);
  count (f, "INSERT INTO cohort_ledger (cohort_id, kind, item, amount, entered_by, entered_at) VALUES (%" G_GINT64_FORMAT
            ", 'cost', '讲师费', 1200, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING 1", cohort, f->id[TRAINER], T0);
  count (f, "INSERT INTO cohort_checkpoints (cohort_id, months, done_at, done_by, note) VALUES (%" G_GINT64_FORMAT
            ", 1, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '回访已做') RETURNING 1", cohort, T0 + 15 * DAY,
         f->id[TRAINER]);
  /* open from the course's start for a century: by the desk's clock and the server's */
  count (f, "INSERT INTO exam_assignments (exam_id, user_id, opens_at, closes_at, assigned_by, assigned_at) "
            "VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %"
            G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING 1",
         exam, f->id[who], T0, T0 + 36500 * DAY, f->id[TRAINER], T0);
  return cohort;
}

static void
test_cohort_rights (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) lina = NULL;
  g_autoptr(KefuStore) wang = NULL;
  g_autoptr(KefuStore) manager = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) exams = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(KefuCohortReport) report = NULL;
  KefuStore *with_right[4];
  gint64 course, bank, question, exam, lina_cohort, wang_cohort, attempt, group;
  int scores[KEFU_SURVEY_N_ITEMS] = { 5, 4, 4, 5 };

  if (f->owner == NULL)
    return;
  course = count (f, "INSERT INTO courses (name, layer, module) VALUES ('投诉处理', 'basic', 'communication') "
                     "RETURNING id");
  bank = count (f, "INSERT INTO question_banks (name, created_at) VALUES ('投诉题库', %" G_GINT64_FORMAT ") RETURNING id",
                T0);
  question = count (f, "INSERT INTO questions (bank_id, type, stem, answer, created_at) VALUES (%" G_GINT64_FORMAT
                       ", 'true_false', '投诉需在24小时内回复', 'true', %" G_GINT64_FORMAT ") RETURNING id", bank, T0);
  exam = count (f, "INSERT INTO exams (name, created_at, state, open_to_all, published_at) "
                   "VALUES ('投诉处理考核', %" G_GINT64_FORMAT ", 'published', 0, %" G_GINT64_FORMAT ") RETURNING id",
                T0, T0);
  count (f, "INSERT INTO exam_items (exam_id, position, question_id) VALUES (%" G_GINT64_FORMAT ", 1, %" G_GINT64_FORMAT
            ") RETURNING 1", exam, question);
  lina_cohort = cohort_rows (f, course, exam, LINA, "十二月新员工班", "new_hire");
  wang_cohort = cohort_rows (f, course, exam, WANG, "十二月在岗班", "in_post");

  lina = sign_in (f, LINA);
  wang = sign_in (f, WANG);
  with_right[0] = sign_in (f, TRAINER);
  with_right[1] = sign_in (f, SUPERVISOR);
  with_right[2] = sign_in (f, MANAGER);
  with_right[3] = sign_in (f, ADMIN);
  manager = g_object_ref (with_right[2]);

  /* reading, in psql */
  for (guint i = 0; i < G_N_ELEMENTS (cohort_tables); i++)
    {
      const char *table = cohort_tables[i].table;

      g_test_message ("%s", table);
      g_assert_cmpint (count (f, "SELECT count(*) FROM %s", table), ==, 2);
      g_assert_cmpint (seen (lina, "SELECT count(*) FROM %s", table), ==, cohort_tables[i].agent);
      g_assert_cmpint (seen (wang, "SELECT count(*) FROM %s", table), ==, cohort_tables[i].agent);
      for (guint r = 0; r < G_N_ELEMENTS (with_right); r++)
        g_assert_cmpint (seen (with_right[r], "SELECT count(*) FROM %s", table), ==, 2);
    }
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM cohorts WHERE id = %" G_GINT64_FORMAT, lina_cohort), ==, 1);
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM cohort_sessions WHERE cohort_id = %" G_GINT64_FORMAT, wang_cohort),
                   ==, 0);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM exam_assignments WHERE user_id = %" G_GINT64_FORMAT, f->id[LINA]),
                   ==, 0);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM cohort_members WHERE user_id = %" G_GINT64_FORMAT, f->id[LINA]),
                   ==, 0);
  /* who is a new hire, without the cohort, for every desk's gate */
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM cohort_new_hires"), ==, 1);
  g_assert_cmpint (seen (wang, "SELECT min(user_id) FROM cohort_new_hires"), ==, f->id[LINA]);

  /* writing, in psql: agents and managers nothing, trainers anything */
  refused (wang, "INSERT INTO cohort_members (cohort_id, user_id, tier) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                 ", 'in_post')", lina_cohort, f->id[WANG]);
  refused (wang, "UPDATE exam_assignments SET closes_at = closes_at + 86400");
  refused (wang, "INSERT INTO exam_assignments (exam_id, user_id, opens_at, closes_at, assigned_at) "
                 "VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 1, 2, 1) ON CONFLICT DO NOTHING", exam, f->id[WANG]);
  refused (wang, "UPDATE cohorts SET name = '改名'");
  refused (wang, "DELETE FROM cohort_sessions");
  refused (wang, "INSERT INTO cohort_ledger (cohort_id, kind, item, amount, entered_at) VALUES (%" G_GINT64_FORMAT
                 ", 'saving', '虚报', 99999, 1)", wang_cohort);
  refused (manager, "UPDATE cohort_ledger SET amount = 0");
  refused (manager, "DELETE FROM cohort_members");
  g_assert_true (kefu_store_exec (with_right[0], "UPDATE cohort_sessions SET place = '培训室'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cohort_sessions WHERE place = '培训室'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cohort_ledger WHERE amount = 1200"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM cohort_members"), ==, 2);

  /* Kefu, as the trainee: her course, her paper and its window, its
   * notice, the course's survey, and her attempt drawn by the server */
  mine = kefu_cohorts_of_member (lina, f->id[LINA], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpstr (((KefuCohortSummary *) mine->pdata[0])->name, ==, "十二月新员工班");
  exams = kefu_training_exams (lina, f->id[LINA], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exams->len, ==, 1);
  g_assert_cmpint (((KefuExamSummary *) exams->pdata[0])->id, ==, exam);
  g_assert_cmpint (((KefuExamSummary *) exams->pdata[0])->opens_at, ==, T0);
  notices = kefu_exam_take_notices (lina, f->id[LINA], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_true (kefu_exam_may_start (lina, exam, f->id[LINA], &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_cohort_add_survey (lina, lina_cohort, f->id[LINA], scores, "很实用", &error), >, 0);
  g_assert_no_error (error);
  attempt = kefu_attempt_start (lina, exam, f->id[LINA], 7, &error);
  g_assert_no_error (error);
  g_assert_cmpint (attempt, >, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM attempt_answers WHERE attempt_id = %" G_GINT64_FORMAT, attempt), ==, 1);
  /* not another's cohort */
  g_assert_cmpint (kefu_cohort_add_survey (lina, wang_cohort, f->id[LINA], scores, NULL, &error), <, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* every desk's gate: 李娜 is a new hire without a certificate, 王伟 is not one */
  g_assert_true (kefu_certification_pending (wang, f->id[LINA]));
  g_assert_false (kefu_certification_pending (wang, f->id[WANG]));
  g_assert_true (kefu_certification_pending (lina, f->id[LINA]));

  /* the trainer's plans, and her changes */
  all = kefu_cohorts (with_right[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_true (kefu_cohort_add_member (with_right[0], wang_cohort, f->id[LINA], "in_post", &error));
  g_assert_no_error (error);
  members = kefu_cohort_members (with_right[0], wang_cohort, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 2);
  g_assert_cmpint (kefu_cohort_add_session (with_right[0], wang_cohort, T0 + 2 * DAY, 1.5, "回访技巧", 0, NULL, &error),
                   >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_cohort_add_ledger (with_right[0], wang_cohort, TRUE, "返工减少", 3000, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (kefu_exam_assign (with_right[0], exam, f->id[MANAGER], T0, T0 + 30 * DAY, &error));
  g_assert_no_error (error);
  /* the trainee now reads both her cohorts, not the new assignment */
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM cohorts"), ==, 2);
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM cohort_sessions"), ==, 3);
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM exam_assignments"), ==, 1);

  /* the manager: every cohort, and an evaluation with its costs and savings */
  g_clear_pointer (&all, g_ptr_array_unref);
  all = kefu_cohorts (manager, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  report = kefu_cohort_report (manager, wang_cohort, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpfloat_with_epsilon (report->costs, 1200, 1e-9);
  g_assert_cmpfloat_with_epsilon (report->savings, 3000, 1e-9);

  /* a staff group's leader reads the member's training, not the costs */
  group = count (f, "INSERT INTO staff_groups (name, leader_id, created_at) VALUES ('早班', %" G_GINT64_FORMAT ", %"
                    G_GINT64_FORMAT ") RETURNING id", f->id[WANG], T0);
  count (f, "INSERT INTO staff_group_members (group_id, user_id) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
            ") RETURNING 1", group, f->id[LINA]);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM cohort_members WHERE user_id = %" G_GINT64_FORMAT, f->id[LINA]),
                   ==, 2);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM exam_assignments"), ==, 2);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM cohorts"), ==, 2);
  g_assert_cmpint (seen (wang, "SELECT count(*) FROM cohort_ledger"), ==, 0);
  g_assert_cmpint (seen (lina, "SELECT count(*) FROM exam_assignments"), ==, 1);

  for (guint r = 0; r < G_N_ELEMENTS (with_right); r++)
    g_object_unref (with_right[r]);
}

/* Changing another's password, refused by the server (KF020), reads its
 * own sentence through Kefu, not that only an administrator manages
 * users: 李娜's desk, whose login an administrator renamed in psql while
 * she was signed in, asks for a new password for the old login. */
static void
test_own_password_refusal (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) lina = NULL;
  g_autoptr(KefuEngine) admin = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *before = NULL;

  if (f->owner == NULL)
    return;
  lina = sign_in (f, LINA);
  admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
  g_assert_no_error (error);
  renamed = g_strdup_printf ("%s_x", f->login[LINA]);
  sql = g_strdup_printf ("ALTER ROLE %s RENAME TO %s", f->login[LINA], renamed);
  g_assert_true (kefu_engine_exec (admin, sql, &error));
  g_assert_no_error (error);

  g_assert_false (kefu_server_change_own_password (lina, passwords[LINA], "lina-password-2", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, "A person changes only their own password.");
  g_clear_error (&error);
  before = g_strdup (setlocale (LC_ALL, NULL));
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    g_error ("no zh_CN.UTF-8 locale (Debian: locales-all)");
  g_assert_false (kefu_server_change_own_password (lina, passwords[LINA], "lina-password-2", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, "每个人只能修改自己的密码。");
  g_clear_error (&error);
  setlocale (LC_ALL, before);
  /* someone who is not an administrator making a person: that one */
  g_assert_cmpint (kefu_server_person_create (lina, "nobody_new", "无名", "agent", "password-123", NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpstr (error->message, ==, kefu_permission_refusal (KEFU_PERMISSION_MANAGE_USERS));
  g_clear_error (&error);

  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("ALTER ROLE %s RENAME TO %s", renamed, f->login[LINA]);
  g_assert_true (kefu_engine_exec (admin, sql, &error));
  g_assert_no_error (error);
}

/* @sql run by the person signed in to @store, refused by the server: its
 * error (the caller frees it) */
static GError *
refusal (KefuStore  *store,
         const char *sql)
{
  GError *error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, &error);

  g_assert_no_error (error);
  while (kefu_query_step (store, q, &error) == KEFU_QUERY_ROW)
    ;
  if (error == NULL)
    g_error ("%s should have been refused", sql);
  return error;
}

static void
assert_refusal (GError     *error,
                int         code,
                const char *message)
{
  g_assert_error (error, KEFU_STORE_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_error_free (error);
}

/* The refusals of the server's own functions (kefu-server-rights.sql,
 * server migration 43) reach a person who lacks the right as Kefu's
 * translated sentences with the right kind of error, the same sentences a
 * file's desk says where it refuses the same thing; in English, then in
 * Chinese. */
static void
test_refusals_translated (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) admin = NULL;
  g_autoptr(KefuStore) lina = NULL;
  g_autoptr(KefuStore) trainer = NULL;
  g_autofree char *before = NULL;
  g_autofree char *nobody = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *wangs = NULL;
  gint64 wangs_id;

  if (f->owner == NULL)
    return;
  admin = sign_in (f, ADMIN);
  lina = sign_in (f, LINA);
  trainer = sign_in (f, TRAINER);
  nobody = g_strdup_printf ("nobody_%d", (int) getpid ());
  ticket (f, f->id[WANG], 3, 5);
  wangs_id = count (f, "SELECT max(id) FROM tickets WHERE agent_id = %" G_GINT64_FORMAT, f->id[WANG]);
  wangs = g_strdup_printf ("P-%04" G_GINT64_FORMAT, count (f, "SELECT substr(number, 3)::bigint FROM tickets WHERE id = %"
                                                          G_GINT64_FORMAT, wangs_id));

  /* an administrator switching off someone the server does not know,
   * through Kefu: the server's refusal, in Kefu's words, naming them */
  g_assert_false (kefu_server_person_set_active (admin, nobody, FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  {
    g_autofree char *expected = g_strdup_printf ("The server refused the change to “%s”: There is no Kefu user “%s” "
                                                 "on the server.", nobody, nobody);
    g_assert_cmpstr (error->message, ==, expected);
  }
  g_clear_error (&error);
  /* switching herself off past the desk: the desk's own sentence */
  g_assert_false (kefu_server_person_set_active (admin, f->login[ADMIN], FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_set_person_active ('%s', false)", f->login[ADMIN]);
  assert_refusal (refusal (admin, sql), KEFU_STORE_ERROR_INVALID, error->message);
  g_clear_error (&error);
  /* a role, a login and a password the server will not take */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_set_person_role ('%s', 'boss')", f->login[WANG]);
  assert_refusal (refusal (admin, sql), KEFU_STORE_ERROR_INVALID, "“boss” is not a role of Kefu.");
  assert_refusal (refusal (admin, "SELECT kefu_create_person ('kefu_x', 'x', 'agent', 'password-123')"),
                  KEFU_STORE_ERROR_INVALID, "The login “kefu_x” cannot be used: it needs 1 to 63 characters without "
                  "spaces, not starting with kefu_ or pg_.");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_set_person_password ('%s', 'short')", f->login[WANG]);
  assert_refusal (refusal (admin, sql), KEFU_STORE_ERROR_INVALID, "A password needs at least 8 characters.");
  /* an agent setting a colleague's password */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_change_own_password ('%s', 'taken-over-1')", f->login[WANG]);
  assert_refusal (refusal (lina, sql), KEFU_STORE_ERROR_PERMISSION, "A person changes only their own password.");
  /* phones: a trainer's role may not see them (the sentence a file's desk
   * says, kefu_permission_refusal()); an agent says why for another's
   * ticket; a ticket nobody may see */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_reveal_phone (%" G_GINT64_FORMAT ", '回访')", wangs_id);
  assert_refusal (refusal (trainer, sql), KEFU_STORE_ERROR_PERMISSION,
                  kefu_permission_refusal (KEFU_PERMISSION_SEE_PHONE));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_reveal_phone (%" G_GINT64_FORMAT ")", wangs_id);
  {
    g_autofree char *expected = g_strdup_printf ("Ticket %s is not yours: say why you need the owner’s phone number.",
                                                 wangs);
    assert_refusal (refusal (lina, sql), KEFU_STORE_ERROR_INVALID, expected);
  }
  assert_refusal (refusal (lina, "SELECT kefu_reveal_phone (987654321, '回访')"), KEFU_STORE_ERROR_NOT_FOUND,
                  "There is no ticket 987654321 among those you may see.");
  /* the audit log stays as written, even for its owner */
  assert_refusal (refusal (f->owner, "UPDATE audit_log SET action = 'forged'"), KEFU_STORE_ERROR_INVALID,
                  "The audit log is append-only: its entries cannot be changed or removed.");

  /* in Chinese */
  before = g_strdup (setlocale (LC_ALL, NULL));
  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    g_error ("no zh_CN.UTF-8 locale (Debian: locales-all)");
  g_assert_false (kefu_server_person_set_active (admin, nobody, FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  {
    g_autofree char *expected = g_strdup_printf ("服务器上没有名为“%s”的客服台用户。", nobody);
    g_assert_nonnull (strstr (error->message, expected));
  }
  g_clear_error (&error);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_set_person_role ('%s', 'boss')", f->login[WANG]);
  assert_refusal (refusal (admin, sql), KEFU_STORE_ERROR_INVALID, "“boss”不是客服台的角色。");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_reveal_phone (%" G_GINT64_FORMAT ", '回访')", wangs_id);
  assert_refusal (refusal (trainer, sql), KEFU_STORE_ERROR_PERMISSION, "您的角色无权查看业主的完整电话号码。");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_reveal_phone (%" G_GINT64_FORMAT ")", wangs_id);
  {
    g_autofree char *expected = g_strdup_printf ("工单 %s 不是您受理的：请说明为什么需要业主的电话号码。", wangs);
    assert_refusal (refusal (lina, sql), KEFU_STORE_ERROR_INVALID, expected);
  }
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO ticket_events (ticket_id, at, kind, body) VALUES (%" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT ", 'note', '已回访')", wangs_id, T0 + 4 * DAY);
  kefu_test_store_exec (f->owner, sql);
  assert_refusal (refusal (f->owner, "DELETE FROM ticket_events"), KEFU_STORE_ERROR_INVALID,
                  "工单的时间线只能追加：其中的事件不能修改或删除。");
  setlocale (LC_ALL, before);
}

/* An owner's erasure on the server (#20, server migration 45): an agent
 * is refused, by the desk and by the server's function called past it
 * (translated; nothing changed); a manager erases them: their name and
 * phone are gone from the owners row, their tickets, the tickets' texts
 * and timeline, their phone from another owner's ticket that quoted it,
 * and from the search index; the audit log names the manager; a second
 * erasure is refused; the timeline stays append-only for everyone else. */
static gint64
search_count (Fixture    *f,
              const char *text)
{
  g_autofree char *expr = kefu_search_match_expr (text);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM kefu_search_ticket_ids ('%s')", expr);

  return kefu_test_store_scalar (f->owner, sql);
}

static void
test_owner_erasure (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) lina = NULL;
  g_autoptr(KefuStore) manager = NULL;
  KefuErasureReport report = { 0 };
  g_autofree char *sql = NULL;
  gint64 owner, other, own_ticket, other_ticket, quoting_ticket;

  if (f->owner == NULL)
    return;
  owner = count (f, "INSERT INTO owners (name, phone, note, preferred_channel, created_at) VALUES "
                    "('张秀英', '13912345678', '独居老人，下午在家', 'phone', %" G_GINT64_FORMAT ") RETURNING id", T0);
  other = count (f, "INSERT INTO owners (name, phone, created_at) VALUES ('刘建国', '13800001111', %" G_GINT64_FORMAT
                    ") RETURNING id", T0);
  kefu_test_store_exec (f->owner, "INSERT INTO owner_tags (owner_id, tag) SELECT max(id), '重点关注' FROM owners "
                                  "WHERE name = '张秀英'");
#define ERASE_TICKET(num, who, name, phone, text) \
  count (f, "INSERT INTO tickets (number, channel, kind, level, location, description, status, agent_id, owner_id, " \
            "contact_name, contact_phone, created_at, reopen_count, updated_at) VALUES ('%s', 'phone', 'repair', 3, " \
            "'3栋502', '%s', 'new', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '%s', '%s', %" G_GINT64_FORMAT \
            ", 0, %" G_GINT64_FORMAT ") RETURNING id", num, text, f->id[LINA], who, name, phone, T0, T0)
  own_ticket = ERASE_TICKET ("E-0001", owner, "张秀英", "13912345678", "张秀英来电：厨房漏水，回电139-1234-5678");
  other_ticket = ERASE_TICKET ("E-0002", other, "刘建国", "13800001111", "楼道灯不亮");
  quoting_ticket = ERASE_TICKET ("E-0003", other, "刘建国", "13800001111", "楼上住户电话139 1234 5678，漏水到我家");
#undef ERASE_TICKET
  sql = g_strdup_printf ("INSERT INTO ticket_events (ticket_id, at, kind, body) VALUES (%" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ", 'note', '张秀英说晚上在家，电话13912345678'), (%" G_GINT64_FORMAT ", %"
                         G_GINT64_FORMAT ", 'call', '已联系楼上 13912345678')", own_ticket, T0 + HOUR, quoting_ticket,
                         T0 + HOUR);
  kefu_test_store_exec (f->owner, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("INSERT INTO ticket_attachments (ticket_id, name, mime_type, data, created_at) VALUES (%"
                         G_GINT64_FORMAT ", '厨房.jpg', 'image/jpeg', '\\xffd8ff', %" G_GINT64_FORMAT ")",
                         own_ticket, T0);
  kefu_test_store_exec (f->owner, sql);
  for (gint64 t = own_ticket; t <= quoting_ticket; t++)
    {
      g_assert_true (kefu_search_index_ticket (f->owner, t, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (search_count (f, "张秀英"), ==, 1);
  g_assert_cmpint (search_count (f, "13912345678"), ==, 2);

  /* an agent: refused by the desk, and by the server past it */
  lina = sign_in (f, LINA);
  g_assert_false (kefu_owner_erase (lina, owner, &report, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT * FROM kefu_erase_owner (%" G_GINT64_FORMAT ", 'x', 'y')", owner);
  assert_refusal (refusal (lina, sql), KEFU_STORE_ERROR_PERMISSION,
                  "Only managers and administrators may erase an owner’s personal data.");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE ticket_events SET body = '' WHERE ticket_id = %" G_GINT64_FORMAT, own_ticket);
  g_clear_error (&error);
  error = refusal (lina, sql);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM owners WHERE name = '张秀英' AND phone = '13912345678'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM owner_erasures"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM ticket_events WHERE body LIKE '%%13912345678%%'"), ==, 2);

  /* a manager */
  manager = sign_in (f, MANAGER);
  g_assert_true (kefu_owner_erase (manager, owner, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.tickets, ==, 1);
  g_assert_cmpint (report.attachments, ==, 1);
  /* own description (name and phone: 2), own note (2), the quoting
   * ticket's description and call (1 each) */
  g_assert_cmpint (report.texts, ==, 6);
  g_assert_cmpint (count (f, "SELECT count(*) FROM owners WHERE id = %" G_GINT64_FORMAT " AND name = 'Erased owner' "
                             "AND phone IS NULL AND note IS NULL AND preferred_channel IS NULL", owner), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM owner_tags WHERE owner_id = %" G_GINT64_FORMAT, owner), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets WHERE contact_name = '张秀英' OR contact_phone = '13912345678' "
                             "OR description LIKE '%%张秀英%%' OR description ~ '139[- ]?1234[- ]?5678'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM ticket_events WHERE body LIKE '%%张秀英%%' OR body LIKE '%%13912345678%%'"),
                   ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM ticket_events WHERE body = '[erased]说晚上在家，电话[erased]'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT
                             " AND description = '楼上住户电话[erased]，漏水到我家' AND contact_name = '刘建国'",
                             quoting_ticket), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT
                             " AND description = '楼道灯不亮' AND contact_phone = '13800001111'", other_ticket), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM ticket_attachments"), ==, 0);
  g_assert_cmpint (search_count (f, "张秀英"), ==, 0);
  g_assert_cmpint (search_count (f, "13912345678"), ==, 0);
  g_assert_cmpint (search_count (f, "漏水"), ==, 2);   /* the rest of the texts still indexed */
  g_assert_cmpint (count (f, "SELECT count(*) FROM owner_erasures WHERE owner_id = %" G_GINT64_FORMAT
                             " AND state = 'done' AND requested_by = %" G_GINT64_FORMAT, owner, f->id[MANAGER]), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE subject_id = %" G_GINT64_FORMAT " AND user_id = %"
                             G_GINT64_FORMAT " AND action IN ('erase_owner_request', 'erase_owner_done')",
                          owner, f->id[MANAGER]), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'erase_owner_done' AND detail LIKE "
                             "'%%tickets=1 texts=6 attachments=1'"), ==, 1);

  /* once only; an owner the server does not have */
  g_assert_false (kefu_owner_erase (manager, owner, &report, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  {
    g_autofree char *expected = g_strdup_printf ("Owner %" G_GINT64_FORMAT " was erased already.", owner);

    g_clear_pointer (&sql, g_free);
    sql = g_strdup_printf ("SELECT * FROM kefu_erase_owner (%" G_GINT64_FORMAT ", 'x', 'y')", owner);
    assert_refusal (refusal (manager, sql), KEFU_STORE_ERROR_INVALID, expected);
  }
  assert_refusal (refusal (manager, "SELECT * FROM kefu_erase_owner (987654321, 'x', 'y')"), KEFU_STORE_ERROR_NOT_FOUND,
                  "There is no owner 987654321.");
  /* the timeline: append-only again, for the manager too */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE ticket_events SET body = 'x' WHERE ticket_id = %" G_GINT64_FORMAT, other_ticket);
  error = refusal (manager, sql);
  g_clear_error (&error);
  assert_refusal (refusal (f->owner, "UPDATE ticket_events SET body = 'x'"), KEFU_STORE_ERROR_INVALID,
                  "A ticket’s timeline is append-only: its events cannot be changed or removed.");
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'erase_owner_done'"), ==, 1);
}

/* An erasure that fails after its request (a trigger of the test's
 * refuses the owner's update, as a full disk or a lost server would cut it
 * off): the request stays recorded and audited, as in a file (server
 * migration 49); nothing of the owner is erased. Tried again, it goes
 * through as a request of its own. */
static void
test_erasure_request_kept (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) manager = NULL;
  KefuErasureReport report = { 0 };
  gint64 owner, failed;

  if (f->owner == NULL)
    return;
  owner = count (f, "INSERT INTO owners (name, phone, created_at) VALUES ('王桂兰', '13766665555', %" G_GINT64_FORMAT
                    ") RETURNING id", T0);
  kefu_test_store_exec (f->owner, "CREATE FUNCTION test_refuse_owner_update () RETURNS trigger LANGUAGE plpgsql AS "
                                  "$$ BEGIN RAISE EXCEPTION 'the disk is full'; END $$");
  kefu_test_store_exec (f->owner, "CREATE TRIGGER test_refuse BEFORE UPDATE ON owners FOR EACH ROW "
                                  "EXECUTE FUNCTION test_refuse_owner_update ()");

  manager = sign_in (f, MANAGER);
  g_assert_false (kefu_owner_erase (manager, owner, &report, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  failed = report.erasure_id;
  g_assert_cmpint (failed, >, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM owner_erasures WHERE id = %" G_GINT64_FORMAT " AND owner_id = %"
                             G_GINT64_FORMAT " AND state = 'requested' AND requested_by = %" G_GINT64_FORMAT,
                          failed, owner, f->id[MANAGER]), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'erase_owner_request' AND subject_id = %"
                             G_GINT64_FORMAT " AND user_id = %" G_GINT64_FORMAT " AND detail = 'erasure=%"
                             G_GINT64_FORMAT "'", owner, f->id[MANAGER], failed), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'erase_owner_done'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM owners WHERE id = %" G_GINT64_FORMAT " AND name = '王桂兰' "
                             "AND phone = '13766665555'", owner), ==, 1);

  /* a request is carried out once: that one again is refused */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT * FROM kefu_erase_owner (%" G_GINT64_FORMAT ", 'x', 'y', %"
                                            G_GINT64_FORMAT ")", owner, failed + 1000);
    GError *refused = refusal (manager, sql);

    g_assert_error (refused, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
    g_error_free (refused);
  }

  /* the disk has room again: a new request, carried out */
  kefu_test_store_exec (f->owner, "DROP TRIGGER test_refuse ON owners");
  g_assert_true (kefu_owner_erase (manager, owner, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.erasure_id, >, failed);
  g_assert_cmpint (count (f, "SELECT count(*) FROM owner_erasures WHERE owner_id = %" G_GINT64_FORMAT, owner), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM owner_erasures WHERE id = %" G_GINT64_FORMAT " AND state = 'done'",
                          report.erasure_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM owners WHERE id = %" G_GINT64_FORMAT " AND phone IS NULL", owner),
                   ==, 1);
  kefu_test_store_exec (f->owner, "DROP FUNCTION test_refuse_owner_update ()");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  kefu_i18n_init ();   /* the refusals read in Chinese (refusals-translated) */
  g_test_add ("/pg/server-people/profiles-and-goals", Fixture, NULL, fixture_setup, test_profiles_and_goals,
              fixture_teardown);
  g_test_add ("/pg/server-people/estates-of", Fixture, NULL, fixture_setup, test_estates_of, fixture_teardown);
  g_test_add ("/pg/server-people/goals-rights", Fixture, NULL, fixture_setup, test_goals_rights, fixture_teardown);
  g_test_add ("/pg/server-people/counts-by-estate", Fixture, NULL, fixture_setup, test_counts_by_estate, fixture_teardown);
  g_test_add ("/pg/server-people/reviews", Fixture, NULL, fixture_setup, test_reviews, fixture_teardown);
  g_test_add ("/pg/server-people/cases", Fixture, NULL, fixture_setup, test_cases, fixture_teardown);
  g_test_add ("/pg/server-people/trainer-satisfaction", Fixture, NULL, fixture_setup, test_trainer_satisfaction,
              fixture_teardown);
  g_test_add ("/pg/server-people/training-rights", Fixture, NULL, fixture_setup, test_training_rights,
              fixture_teardown);
  g_test_add ("/pg/server-people/cohort-rights", Fixture, NULL, fixture_setup, test_cohort_rights, fixture_teardown);
  g_test_add ("/pg/server-people/own-password-refusal", Fixture, NULL, fixture_setup, test_own_password_refusal,
              fixture_teardown);
  g_test_add ("/pg/server-people/audit-as-supervisor", Fixture, NULL, fixture_setup, test_audit_as_supervisor,
              fixture_teardown);
  g_test_add ("/pg/server-people/refusals-translated", Fixture, NULL, fixture_setup, test_refusals_translated,
              fixture_teardown);
  g_test_add ("/pg/server-people/owner-erasure", Fixture, NULL, fixture_setup, test_owner_erasure, fixture_teardown);
  g_test_add ("/pg/server-people/erasure-request-kept", Fixture, NULL, fixture_setup, test_erasure_request_kept,
              fixture_teardown);
  return g_test_run ();
}
