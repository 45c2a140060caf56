/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-people.c — people's profiles, appraisals and goals on a
 * Kefu server (#20), each signed in as the LOGIN role kefu_create_person()
 * makes: a supervisor reads their team member's profile and appraisal and
 * sets her a goal; the member reads her own and sees the goal, is refused
 * a colleague's profile by Kefu, and a goal written past Kefu by the
 * server itself; an administrator reads and sets a person's estates
 * (kefu_person_estates_of(), SECURITY DEFINER), which nobody else may
 * read. Skipped without the throwaway cluster (tests/kefu-pg-cluster.sh). */
#include "config.h"

#include <math.h>

#include "kefu-auth.h"
#include "kefu-cohort.h"
#include "kefu-desk.h"
#include "kefu-people.h"
#include "kefu-server-people.h"
#include "kefu-test-engines.h"

#define HOUR ((gint64) 3600)
#define DAY ((gint64) 86400)
#define T0 ((gint64) 1764547200)   /* 2025-12-01 00:00 UTC: the quarter's end is 2025-12-31 */

typedef struct {
  KefuTestDir  dir;
  char        *spec;      /* the server's database, without credentials */
  KefuStore   *owner;     /* the tables' owner (the test harness) */
  char        *login[4];  /* supervisor, agent (in the team), agent (not), admin; per process */
  gint64       id[4];
} Fixture;

enum { SUPERVISOR, LINA, WANG, ADMIN };

static const char *const names[] = { "赵主管", "李娜", "王伟", "管理员老陈" };
static const char *const roles[] = { "supervisor", "agent", "agent", "admin" };
static const char *const passwords[] = { "supervisor-pass-1", "lina-password-1", "wang-password-1", "admin-password-1" };
static const char *const prefixes[] = { "sup", "lina", "wang", "adm" };

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/pg/server-people/profiles-and-goals", Fixture, NULL, fixture_setup, test_profiles_and_goals,
              fixture_teardown);
  g_test_add ("/pg/server-people/estates-of", Fixture, NULL, fixture_setup, test_estates_of, fixture_teardown);
  return g_test_run ();
}
