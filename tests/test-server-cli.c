/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-cli.c — kefu-cli's people, user, audit and dispatch score
 * with --db naming a server (#20): the real kefu-cli run as a person of
 * the center (a PostgreSQL login, its password in the connection string),
 * one who may and one who may not, and what it did read back from the
 * database; search as the connection's person (no --as, no PIN); the
 * commands that do not apply to a server say what to use instead; an
 * owner's erasure as a manager and refused to an agent. Skipped
 * without the throwaway cluster (tests/kefu-pg-cluster.sh). */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "kefu-auth.h"
#include "kefu-demo.h"
#include "kefu-dispatch.h"
#include "kefu-engine.h"
#include "kefu-test-engines.h"

#define PASSWORD "s3cret-Kefu-pw"

typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;      /* the database's owner, who ran server init */
  char        *spec;
} Fixture;

static void
fill_sample (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { 20, 2, 0 };

  kefu_store_set_now (store, TEST_NOW);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_dir_setup (&f->dir, data);
  if (g_getenv ("KEFU_TEST_PG") == NULL || *g_getenv ("KEFU_TEST_PG") == '\0')
    return;
  f->store = kefu_test_engine_open (&f->dir, &kefu_test_on_server, fill_sample, &f->spec);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  if (f->spec != NULL)
    kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  kefu_test_dir_teardown (&f->dir, data);
}

static gboolean
skipped (Fixture *f)
{
  if (f->store != NULL)
    return FALSE;
  g_test_skip ("no PostgreSQL test cluster: KEFU_TEST_PG is not set");
  return TRUE;
}

#define scalar(f, ...) kefu_test_store_scalarf ((f)->store, __VA_ARGS__)

/* Role names belong to the whole cluster: each test's get names of their own */
static char *
role_name (const char *base)
{
  return g_strdup_printf ("%s_%d", base, (int) getpid ());
}

static char *
signed_in (Fixture    *f,
           const char *login,
           const char *password)
{
  return g_strdup_printf ("%s user=%s password=%s", f->spec, login, password);
}

/* A person made through kefu_create_person() (as the owner, a superuser
 * here): their users id */
static gint64
make_person (Fixture    *f,
             const char *login,
             const char *role)
{
  return scalar (f, "SELECT kefu_create_person('%s', '%s', '%s', '%s')", login, login, role, PASSWORD);
}

/* Whether @login can connect with @password */
static gboolean
can_connect (Fixture    *f,
             const char *login,
             const char *password)
{
  g_autofree char *spec = signed_in (f, login, password);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) engine = kefu_engine_connect_pg (spec, &error);

  return engine != NULL;
}

/* kefu-cli in Chinese */
static int
run_cli_zh (const char  *input,
            char       **out,
            char       **err,
            const char  *first,
            ...)
{
  va_list args;
  int status;

  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  va_start (args, first);
  status = kefu_test_run_cli_valist (NULL, input, out, err, first, args);
  va_end (args);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  return status;
}

/* `user` on a server, as an administrator (a PostgreSQL login): a person
 * added with a password (no PIN) and a job title, kept as on a file, who
 * can then connect, moved to another role, given a new password, switched
 * off and on; listed. An agent's `user add` is refused (in Chinese too)
 * and makes nobody; a PIN reset says what applies instead. */
static void
test_user_on_server (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *admin = role_name ("cli_admin");
  g_autofree char *agent = role_name ("cli_agent");
  g_autofree char *fresh = role_name ("cli_new");
  g_autofree char *stranger = role_name ("cli_nobody");
  g_autofree char *admin_spec = NULL, *agent_spec = NULL;
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autofree char *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL, *o7 = NULL, *e7 = NULL, *o8 = NULL, *e8 = NULL;
  g_autofree char *line = NULL;
  int rc;

  if (skipped (f))
    return;
  make_person (f, admin, "admin");
  make_person (f, agent, "agent");
  admin_spec = signed_in (f, admin, PASSWORD);
  agent_spec = signed_in (f, agent, PASSWORD);

  /* added, with a password read from standard input, and a title */
  rc = kefu_test_run_cli (NULL, "first-pass-word\n", &o1, &e1, "--db", admin_spec, "user", "add", fresh, "--name",
                          "命令行新人", "--role", "agent", "--title", "客服组长", NULL);
  g_assert_cmpstr (e1, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (o1, fresh));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM users WHERE login = '%s' AND name = '命令行新人' AND role = 'agent' "
                              "AND title = '客服组长' AND active <> 0", fresh), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                              "JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = '%s' AND g.rolname = 'kefu_agent'",
                           fresh), ==, 1);
  g_assert_true (can_connect (f, fresh, "first-pass-word"));

  /* another role: the users row and the group move together */
  rc = kefu_test_run_cli (NULL, NULL, &o2, &e2, "--db", admin_spec, "user", "role", fresh, "dispatcher", NULL);
  g_assert_cmpstr (e2, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM users WHERE login = '%s' AND role = 'dispatcher'", fresh), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                              "JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = '%s' AND g.rolname = 'kefu_dispatcher'",
                           fresh), ==, 1);

  /* a new password: the old one no longer lets them in */
  rc = kefu_test_run_cli (NULL, "second-pass-word\n", &o3, &e3, "--db", admin_spec, "user", "password", fresh, NULL);
  g_assert_cmpstr (e3, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_true (can_connect (f, fresh, "second-pass-word"));
  g_assert_false (can_connect (f, fresh, "first-pass-word"));

  /* switched off, listed so, and on again */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o4, &e4, "--db", admin_spec, "user", "disable", fresh, NULL), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM users WHERE login = '%s' AND active = 0", fresh), ==, 1);
  g_assert_false (can_connect (f, fresh, "second-pass-word"));
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o5, &e5, "--db", admin_spec, "user", "list", NULL), ==, 0);
  line = g_strdup_printf ("%s\t命令行新人\tDispatcher\tdisabled\n", fresh);
  g_assert_nonnull (strstr (o5, line));
  g_clear_pointer (&o4, g_free);
  g_clear_pointer (&e4, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o4, &e4, "--db", admin_spec, "user", "enable", fresh, NULL), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM users WHERE login = '%s' AND active <> 0", fresh), ==, 1);
  g_assert_true (can_connect (f, fresh, "second-pass-word"));

  /* an agent may not make people: refused in their language, nobody made */
  rc = run_cli_zh ("some-pass-word\n", &o6, &e6, "--db", agent_spec, "user", "add", stranger, "--name", "外人", "--role",
                   "admin", NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (e6, "管理员"));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM users WHERE login = '%s'", stranger), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM pg_roles WHERE rolname = '%s'", stranger), ==, 0);

  /* a PIN does not apply on a server */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o7, &e7, "--db", admin_spec, "user", "reset-pin", fresh, NULL), ==, 2);
  g_assert_nonnull (strstr (e7, "user password LOGIN"));
  /* without --title, none */
  g_assert_cmpint (kefu_test_run_cli (NULL, "x-pass-word\n", &o8, &e8, "--db", admin_spec, "user", "add", stranger,
                                      "--name", "外人", "--role", "agent", NULL), ==, 0);
  g_assert_cmpstr (e8, ==, "");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM users WHERE login = '%s' AND title IS NULL", stranger), ==, 1);
}

/* The first contractor team's jobs of the sample's month: four tickets
 * dispatched to it the day before the sample's end, on site 200 minutes
 * later, half of them reopened, rated 2 of 5: a score far below 80 */
static void
slow_contractor (KefuStore *store)
{
  g_autofree char *sql = g_strdup_printf (
      "UPDATE tickets SET team_id = (SELECT min(id) FROM teams WHERE is_contractor <> 0), "
      "dispatched_at = %" G_GINT64_FORMAT ", arrived_at = %" G_GINT64_FORMAT ", "
      "reopen_count = CASE WHEN id %% 2 = 0 THEN 1 ELSE 0 END, satisfaction = 2 "
      "WHERE id IN (SELECT id FROM tickets WHERE status <> 'cancelled' ORDER BY id LIMIT 4)",
      TEST_NOW - 86400, TEST_NOW - 86400 + 200 * 60);

  kefu_test_store_exec (store, sql);
}

/* `dispatch score` on a server, as a dispatcher: the same scores as the
 * same sample's file scored by its dispatcher; the month's scores are on
 * the server, the suspensions the same as on the file and audited under
 * the person; an agent is refused and nothing is written. */
static void
test_dispatch_score_on_server (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (TEST_NOW);
  g_autofree char *month = g_date_time_format (at, "%Y-%m");
  g_autofree char *path = kefu_test_path (&f->dir, "same-sample.db");
  g_autofree char *dispatcher = role_name ("cli_disp");
  g_autofree char *agent = role_name ("cli_agent2");
  g_autofree char *disp_spec = NULL, *agent_spec = NULL;
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  gint64 suspended_on_file, scores_before, lines = 0;
  int rc;

  if (skipped (f))
    return;
  {
    g_autoptr(KefuStore) file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    fill_sample (file);
    slow_contractor (file);
  }
  slow_contractor (f->store);
  make_person (f, dispatcher, "dispatcher");
  make_person (f, agent, "agent");
  disp_spec = signed_in (f, dispatcher, PASSWORD);
  agent_spec = signed_in (f, agent, PASSWORD);

  scores_before = scalar (f, "SELECT count(*) FROM contractor_scores");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM contractor_scores WHERE month = '%s'", month), ==, 0);
  /* an agent first: refused, nothing scored */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "--db", agent_spec, "dispatch", "score", month, NULL), ==, 1);
  g_assert_cmpstr (e3, !=, "");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM contractor_scores"), ==, scores_before);

  g_assert_cmpint (kefu_test_run_cli (NULL, KEFU_DEMO_PIN "\n", &o1, &e1, "--db", path, "--as", "huangwei", "dispatch",
                                      "score", month, NULL), ==, 0);
  rc = kefu_test_run_cli (NULL, NULL, &o2, &e2, "--db", disp_spec, "dispatch", "score", month, NULL);
  g_assert_cmpstr (e2, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_cmpstr (o2, !=, "");
  g_assert_cmpstr (o2, ==, o1);
  g_test_message ("scores: %s", o2);
  /* the slow team is suspended, on the record */
  g_assert_nonnull (strstr (o2, " score 8: "));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM teams WHERE suspended <> 0 AND id = (SELECT min(id) FROM teams "
                              "WHERE is_contractor <> 0)"), ==, 1);
  for (const char *p = o2; (p = strchr (p, '\n')) != NULL; p++)
    lines++;
  /* one score a contractor team, for that month, on the server */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM contractor_scores WHERE month = '%s'", month), ==,
                   scalar (f, "SELECT count(*) FROM teams WHERE is_contractor <> 0"));
  g_assert_cmpint (lines, ==, scalar (f, "SELECT count(*) FROM teams WHERE is_contractor <> 0"));
  {
    g_autoptr(KefuStore) file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    suspended_on_file = kefu_test_store_scalar (file, "SELECT count(*) FROM teams WHERE suspended <> 0");
  }
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM teams WHERE suspended <> 0"), ==, suspended_on_file);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id "
                              "WHERE a.action = 'suspend_team' AND u.login = '%s'", dispatcher), ==,
                   scalar (f, "SELECT count(*) FROM contractor_scores WHERE month = '%s' AND score < %d", month,
                           KEFU_CONTRACTOR_MIN_SCORE));
}

/* `people goal add` on a server as a trainer (who may set anyone's
 * goals): the goal is on the server, set by them; an agent's is refused
 * and writes nothing. `people goal list` as the agent shows their own. */
static void
test_people_on_server (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *trainer = role_name ("cli_trainer");
  g_autofree char *agent = role_name ("cli_agent3");
  g_autofree char *trainer_spec = NULL, *agent_spec = NULL;
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  gint64 trainer_id, agent_id;
  int rc;

  if (skipped (f))
    return;
  trainer_id = make_person (f, trainer, "trainer");
  agent_id = make_person (f, agent, "agent");
  trainer_spec = signed_in (f, trainer, PASSWORD);
  agent_spec = signed_in (f, agent, PASSWORD);

  rc = kefu_test_run_cli (NULL, NULL, &o1, &e1, "--db", trainer_spec, "people", "goal", "add", agent, "--kpi",
                          "satisfaction", "--target", "4.6", "--deadline", "2099-12-31", "--note", "命令行目标", NULL);
  g_assert_cmpstr (e1, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (o1, "Goal #"));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM people_goals WHERE user_id = %" G_GINT64_FORMAT " AND created_by = %"
                              G_GINT64_FORMAT " AND kpi = 'satisfaction' AND note = '命令行目标'", agent_id, trainer_id),
                   ==, 1);

  /* an agent may not set goals */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "--db", agent_spec, "people", "goal", "add", trainer, "--kpi",
                                      "satisfaction", "--target", "4", "--deadline", "2099-12-31", NULL), ==, 1);
  g_assert_cmpstr (e2, !=, "");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM people_goals"), ==, 1);

  /* the agent sees their own goal */
  rc = kefu_test_run_cli (NULL, NULL, &o3, &e3, "--db", agent_spec, "people", "goal", "list", agent, NULL);
  g_assert_cmpstr (e3, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (o3, "命令行目标"));
}

/* `audit verify` on a server: an administrator's check of the chain
 * (no anchor file beside a server: said so); an agent is refused.
 * `audit list`: the administrator reads an agent's sign-ins; the agent
 * may not read the log.
 * `search` as the connection's person: no --as, no PIN; --as naming
 * someone else is refused. */
static void
test_audit_and_search_on_server (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *admin = role_name ("cli_admin4");
  g_autofree char *agent = role_name ("cli_agent4");
  g_autofree char *admin_spec = NULL, *agent_spec = NULL;
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autofree char *o5 = NULL, *e5 = NULL;
  int rc;

  if (skipped (f))
    return;
  make_person (f, admin, "admin");
  make_person (f, agent, "agent");
  admin_spec = signed_in (f, admin, PASSWORD);
  agent_spec = signed_in (f, agent, PASSWORD);

  rc = kefu_test_run_cli (NULL, NULL, &o1, &e1, "--db", admin_spec, "audit", "verify", NULL);
  g_assert_cmpstr (e1, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (o1, "Audit log: the chain holds"));
  g_assert_nonnull (strstr (o1, "--anchor"));
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "--db", agent_spec, "audit", "verify", NULL), ==, 1);
  g_assert_cmpstr (e2, !=, "");
  g_assert_null (strstr (o2, "chain holds"));

  /* search: the same count as the owner's sample holds, as the agent */
  rc = kefu_test_run_cli (NULL, NULL, &o3, &e3, "--db", agent_spec, "search", "漏水", "--count", NULL);
  g_assert_cmpstr (e3, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_cmpint (g_ascii_strtoll (o3, NULL, 10), >=, 0);
  /* the sign-in is the server's, as that person */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id "
                              "WHERE u.login = '%s' AND a.action LIKE 'sign_in%%'", agent), >=, 1);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o4, &e4, "--db", agent_spec, "--as", "chenjing", "search", "漏水", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (e4, "--as"));
  g_assert_cmpstr (o4, ==, "");

  /* audit list: the agent's sign-ins, read by the administrator; not by the agent */
  {
    g_autofree char *o6 = NULL, *e6 = NULL, *o7 = NULL, *e7 = NULL, *name = NULL;
    g_auto(GStrv) lines = NULL;
    gint64 signed_in_entries = scalar (f, "SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id "
                                          "WHERE u.login = '%s' AND a.action = 'sign_in'", agent);

    rc = kefu_test_run_cli (NULL, NULL, &o6, &e6, "--db", admin_spec, "audit", "list", agent, "--action", "sign_in", NULL);
    g_assert_cmpstr (e6, ==, "");
    g_assert_cmpint (rc, ==, 0);
    lines = g_strsplit (g_strstrip (o6), "\n", -1);
    g_assert_cmpint (g_strv_length (lines), ==, signed_in_entries);
    name = g_strdup_printf ("\t%s\t", agent);   /* their name is their login here */
    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_nonnull (strstr (lines[i], name));
    g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o7, &e7, "--db", agent_spec, "audit", "list", NULL), ==, 1);
    g_assert_cmpstr (e7, !=, "");
    g_assert_cmpstr (o7, ==, "");
  }

  /* a server's own backups and sign-in: what to use instead, translated */
  g_assert_cmpint (run_cli_zh (NULL, &o5, &e5, "--db", admin_spec, "backup", NULL), ==, 1);
  g_assert_nonnull (strstr (e5, "pg_dump"));
  g_assert_nonnull (strstr (e5, "“backup”"));
  g_assert_null (strstr (e5, "names a database"));
}

/* `signin` on a server says that signing in is PostgreSQL's login */
static void
test_signin_not_on_server (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *o = NULL, *e = NULL;

  if (skipped (f))
    return;
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "--db", f->spec, "--as", "chenjing", "signin", NULL), ==, 1);
  g_assert_nonnull (strstr (e, "user=LOGIN"));
  g_assert_nonnull (strstr (e, ".pgpass"));
  g_assert_cmpstr (o, ==, "");
}

/* `owner erase` on a server as the connection's person: an agent is
 * refused (in Chinese) and nothing changes; a manager erases the owner,
 * their ticket's contact and texts, audited as the manager */
static void
test_owner_erase_on_server (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *manager = role_name ("cli_mgr6");
  g_autofree char *agent = role_name ("cli_agent6");
  g_autofree char *manager_spec = NULL, *agent_spec = NULL, *id = NULL, *expected = NULL;
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  gint64 owner, manager_id;
  int rc;

  if (skipped (f))
    return;
  manager_id = make_person (f, manager, "manager");
  make_person (f, agent, "agent");
  manager_spec = signed_in (f, manager, PASSWORD);
  agent_spec = signed_in (f, agent, PASSWORD);
  owner = scalar (f, "INSERT INTO owners (name, phone, created_at) VALUES ('欧阳娜娜', '13700002222', %" G_GINT64_FORMAT
                     ") RETURNING id", (gint64) TEST_NOW);
  scalar (f, "INSERT INTO tickets (number, channel, kind, level, location, description, owner_id, contact_name, "
             "contact_phone, created_at, reopen_count, updated_at) VALUES ('CLI-ERASE-1', 'phone', 'complaint', 3, "
             "'5栋101', '欧阳娜娜投诉噪音，电话13700002222', %" G_GINT64_FORMAT ", '欧阳娜娜', '13700002222', %"
             G_GINT64_FORMAT ", 0, %" G_GINT64_FORMAT ") RETURNING id", owner, (gint64) TEST_NOW, (gint64) TEST_NOW);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, owner);

  rc = run_cli_zh (NULL, &o1, &e1, "--db", agent_spec, "owner", "erase", id, NULL);
  g_assert_cmpint (rc, ==, 1);
  g_assert_nonnull (strstr (e1, "只有项目经理和管理员可以删除业主的个人信息"));
  g_assert_cmpstr (o1, ==, "");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM owners WHERE name = '欧阳娜娜' AND phone = '13700002222'"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM owner_erasures WHERE owner_id = %" G_GINT64_FORMAT, owner), ==, 0);

  rc = kefu_test_run_cli (NULL, NULL, &o2, &e2, "--db", manager_spec, "owner", "erase", id, NULL);
  g_assert_cmpstr (e2, ==, "");
  g_assert_cmpint (rc, ==, 0);
  expected = g_strdup_printf ("Owner %s erased: 1 tickets anonymised, 2 texts rewritten, 0 attachments removed.", id);
  g_assert_nonnull (strstr (o2, expected));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM owners WHERE id = %" G_GINT64_FORMAT " AND phone IS NULL "
                              "AND name <> '欧阳娜娜'", owner), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets WHERE number = 'CLI-ERASE-1' AND contact_name IS NULL "
                              "AND contact_phone IS NULL AND description = '[erased]投诉噪音，电话[erased]'"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'erase_owner_done' AND subject_id = %"
                              G_GINT64_FORMAT " AND user_id = %" G_GINT64_FORMAT, owner, manager_id), ==, 1);
  /* once only */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "--db", manager_spec, "owner", "erase", id, NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "erased already"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server-cli/user", Fixture, NULL, fixture_setup, test_user_on_server, fixture_teardown);
  g_test_add ("/server-cli/dispatch-score", Fixture, NULL, fixture_setup, test_dispatch_score_on_server,
              fixture_teardown);
  g_test_add ("/server-cli/people-goals", Fixture, NULL, fixture_setup, test_people_on_server, fixture_teardown);
  g_test_add ("/server-cli/audit-and-search", Fixture, NULL, fixture_setup, test_audit_and_search_on_server,
              fixture_teardown);
  g_test_add ("/server-cli/owner-erase", Fixture, NULL, fixture_setup, test_owner_erase_on_server, fixture_teardown);
  g_test_add ("/server-cli/signin-not-on-server", Fixture, NULL, fixture_setup, test_signin_not_on_server,
              fixture_teardown);
  return g_test_run ();
}
