/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server.c — server mode (#20) so far: a server named by --db or
 * KEFU_DB is never a file, and `kefu-cli server init` on the throwaway
 * PostgreSQL cluster (skipped without one) */
#include "kefu-engine.h"
#include "kefu-desk.h"
#include "kefu-query.h"
#include "kefu-questions.h"
#include "kefu-search.h"
#include "kefu-server.h"
#include "kefu-store.h"
#include "kefu-test-util.h"
#include "kefu-test-pg.h"

/* The names in @dir, sorted, joined by spaces: "" when it is empty */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* kefu-cli's commands not on a server yet refuse one, say why, and
 * create nothing: no file, no folder named after the URI */
static void
test_uri_is_not_a_file (KefuTestDir   *f,
                        gconstpointer  data)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_autofree char *o4 = NULL, *e4 = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;

  /* relative paths would land here */
  g_assert_cmpint (g_chdir (f->dir), ==, 0);

  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o1, &e1, "--db", "postgresql://db.example/kefu", "init", NULL), ==, 1);
  g_assert_nonnull (strstr (e1, "names a database server"));
  g_assert_nonnull (strstr (e1, "host=db.example"));
  /* a command not on a server (a server's backups are PostgreSQL's own) */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "--db", "postgresql:/kefu", "backup", NULL), ==, 1);
  g_assert_nonnull (strstr (e2, "“backup”"));

  g_setenv ("KEFU_DB", "service=kefu", TRUE);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "check", NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "service=kefu"));
  /* and in Chinese */
  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o4, &e4, "init", NULL), ==, 1);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  g_assert_nonnull (strstr (e4, "数据库服务器"));
  g_unsetenv ("KEFU_DB");

  /* the program signs in to a server instead (test-gui-server) */

  /* and the core itself */
  store = kefu_store_open ("service=kefu", KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN);

  after = listing (f->dir);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_cmpstr (after, ==, "");
}

/* The names of @table's columns, in order, comma-separated */
static char *
columns (KefuEngine *engine,
         const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *sqlite_sql = g_strdup_printf ("PRAGMA table_info(\"%s\")", table);
  g_autoptr(KefuEngineStmt) st = NULL;
  gboolean pg = kefu_engine_get_kind (engine) == KEFU_ENGINE_POSTGRES;
  int col = pg ? 0 : 1;

  st = kefu_engine_prepare (engine, pg ? "SELECT column_name FROM information_schema.columns "
                                         "WHERE table_schema = 'public' AND table_name = ?1 ORDER BY ordinal_position"
                                       : sqlite_sql, &error);
  g_assert_no_error (error);
  if (pg)
    kefu_engine_bind_text (st, 1, table);
  while (kefu_engine_step (st, &error) == KEFU_QUERY_ROW)
    g_string_append_printf (out, "%s%s", out->len ? "," : "", kefu_engine_get_text (st, col));
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
scalar (KefuEngine *engine,
        const char *sql)
{
  g_autoptr(GError) error = NULL;
  gint64 v = -1;

  g_assert_true (kefu_engine_scalar (engine, sql, -1, &v, &error));
  g_assert_no_error (error);
  return v;
}

static void
test_init (KefuTestDir   *f,
           gconstpointer  data)
{
  g_autofree char *conninfo = kefu_test_pg_create ();
  g_autofree char *path = kefu_test_path (f, "fresh.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuEngine) sqlite = NULL;
  g_autoptr(KefuEngine) pg = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *tables = kefu_store_table_names ();
  gint64 n_tables;

  if (conninfo == NULL)
    return;
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o1, &e1, "server", "init", conninfo, NULL), ==, 0);
  g_assert_cmpstr (e1, ==, "");
  g_assert_nonnull (strstr (o1, "Created"));

  /* every table of a fresh SQLite file, with the same columns */
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  sqlite = kefu_engine_open_sqlite (path, FALSE, &error);
  g_assert_no_error (error);
  pg = kefu_engine_connect_pg (conninfo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_server_schema_version (pg, &error), ==, KEFU_SCHEMA_VERSION);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *want = columns (sqlite, tables[i]);
      g_autofree char *got = columns (pg, tables[i]);

      /* SQLite's full-text table keeps its id as the rowid */
      if (g_str_equal (tables[i], "ticket_search"))
        {
          g_autofree char *with_id = g_strconcat ("id,", want, NULL);
          g_assert_cmpstr (got, ==, with_id);
        }
      else
        {
          if (g_strcmp0 (got, want) != 0)
            g_test_message ("table %s differs on PostgreSQL: regenerate src/core/store/kefu-schema-pg.sql "
                            "with build-aux/pg-baseline.py (or write the migration for both engines)", tables[i]);
          g_assert_cmpstr (got, ==, want);
        }
    }
  n_tables = scalar (pg, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'");
  /* the tables, the one view (enrolments) and kefu_schema_version; the
   * server's own (kefu-server-rights.sql): kefu_person_estates and the
   * views owners_masked, tickets_masked, audit_log_by_login,
   * questions_open; server migration 30's kefu_ticket_numbers, 42's
   * view certificate_validity and 47's view cohort_new_hires */
  g_assert_cmpint (n_tables, ==, g_strv_length ((char **) tables) + 2 + 5 + 1 + 1 + 1);
  g_assert_cmpint (scalar (pg, "SELECT count(*) FROM pg_roles WHERE rolname IN ('kefu_agent', 'kefu_dispatcher', "
                               "'kefu_supervisor', 'kefu_trainer', 'kefu_manager', 'kefu_admin') AND NOT rolcanlogin"), ==, 6);
  /* the schema's foreign keys hold on the server too */
  g_assert_false (kefu_engine_exec (pg, "INSERT INTO buildings (estate_id, name) VALUES (4242, 'A')", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* twice: harmless */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "server", "init", conninfo, NULL), ==, 0);
  g_assert_nonnull (strstr (o2, "already"));
  g_assert_cmpint (scalar (pg, "SELECT count(*) FROM kefu_schema_version"), ==, KEFU_SCHEMA_VERSION - 25);   /* the baseline, each migration */
  g_assert_cmpint (scalar (pg, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), ==, n_tables);

  g_clear_pointer (&pg, kefu_engine_free);
  kefu_test_pg_drop (conninfo);
}

/* The training categories' course modules, "category=module" by category */
static char *
aliases_of (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = kefu_module_aliases (store, &error);

  g_assert_no_error (error);
  g_ptr_array_add (list, NULL);
  return g_strjoinv (" ", (char **) list->pdata);
}

/* `server init` gives a server the training categories' course modules a
 * new file has (法规 is 法律实务), on a new server and on one made before
 * (version 30); twice changes nothing, and a category the trainer mapped
 * keeps its module. */
static void
test_init_module_aliases (KefuTestDir   *f,
                          gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "fresh.db");
  g_autoptr(KefuStore) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *want = NULL;
  g_autofree char *law = NULL;

  file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  want = aliases_of (file);
  g_assert_nonnull (strstr (want, "法规=law"));
  for (guint way = 0; way < 2; way++)
    {
      g_autofree char *conninfo = kefu_test_pg_create ();
      g_autofree char *o = NULL, *e = NULL, *o2 = NULL, *e2 = NULL;
      g_autoptr(KefuEngine) pg = NULL;
      g_autoptr(KefuStore) server = NULL;
      g_autofree char *got = NULL;
      gboolean created = FALSE;

      if (conninfo == NULL)
        return;
      if (way == 1)
        {
          /* a server of the last version without them, its trainer's own
           * module for 礼仪 */
          g_assert_true (kefu_server_init_to (conninfo, 30, &created, &error));
          g_assert_no_error (error);
          pg = kefu_engine_connect_pg (conninfo, &error);
          g_assert_no_error (error);
          g_assert_cmpint (scalar (pg, "SELECT count(*) FROM training_module_aliases"), ==, 0);
          g_assert_true (kefu_engine_exec (pg, "INSERT INTO training_module_aliases VALUES ('礼仪', 'communication')",
                                           &error));
          g_assert_no_error (error);
        }
      g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "server", "init", conninfo, NULL), ==, 0);
      g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "server", "init", conninfo, NULL), ==, 0);
      server = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      got = aliases_of (server);
      if (way == 0)
        g_assert_cmpstr (got, ==, want);
      else
        {
          g_autoptr(GString) kept = g_string_new (want);

          g_assert_cmpuint (g_string_replace (kept, "礼仪=etiquette", "礼仪=communication", 1), ==, 1);
          g_assert_cmpstr (got, ==, kept->str);
        }
      law = kefu_module_alias_lookup (server, "物业法规");
      g_assert_cmpstr (law, ==, "law");
      g_clear_pointer (&law, g_free);
      g_clear_object (&server);
      g_clear_pointer (&pg, kefu_engine_free);
      kefu_test_pg_drop (conninfo);
    }
}

static void
test_newer_server (KefuTestDir   *f,
                   gconstpointer  data)
{
  g_autofree char *conninfo = kefu_test_pg_create ();
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL;
  g_autofree char *newer = g_strdup_printf ("%d", KEFU_SCHEMA_VERSION + 1);
  g_autofree char *ours = g_strdup_printf ("%d", KEFU_SCHEMA_VERSION);
  g_autofree char *bump = g_strdup_printf ("INSERT INTO kefu_schema_version (version) VALUES (%s)", newer);
  g_autoptr(KefuEngine) pg = NULL;
  g_autoptr(GError) error = NULL;

  if (conninfo == NULL)
    return;
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o1, &e1, "server", "init", conninfo, NULL), ==, 0);
  pg = kefu_engine_connect_pg (conninfo, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_engine_exec (pg, bump, &error));
  g_assert_true (kefu_engine_exec (pg, "DROP TABLE cohort_observations", &error));

  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "server", "init", conninfo, NULL), ==, 1);
  g_assert_nonnull (strstr (e2, "newer"));
  g_assert_nonnull (strstr (e2, newer));
  g_assert_nonnull (strstr (e2, ours));
  g_assert_cmpstr (o2, ==, "");
  /* nothing changed: the dropped table stays dropped */
  g_assert_cmpint (scalar (pg, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'cohort_observations'"), ==, 0);
  g_assert_cmpint (kefu_server_schema_version (pg, &error), ==, KEFU_SCHEMA_VERSION + 1);
  /* a desk of this (older) version meets it: refused, both versions named */
  {
    g_autoptr(KefuStore) desk = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, &error);

    g_assert_null (desk);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NEWER_SCHEMA);
    g_assert_nonnull (strstr (error->message, newer));
    g_assert_nonnull (strstr (error->message, ours));
    g_clear_error (&error);
  }

  g_clear_pointer (&pg, kefu_engine_free);
  kefu_test_pg_drop (conninfo);
}

/* A server made by an older Kefu (the baseline, 26) gets the server
 * migrations after it: from init, or from a desk's open; each version is
 * recorded, and 27 brings the SQLite triggers (append-only audit log and
 * timeline, the timeline's audit entries, the KPI bookkeeping). */
static void
test_upgrade (KefuTestDir   *f,
              gconstpointer  data)
{
  const char *triggers = "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname IN ('audit_log_no_update', "
                         "'audit_log_no_delete', 'ticket_events_no_update', 'ticket_events_no_delete', "
                         "'kefu_audit_ticket_event', 'kpi_ticket_insert', 'kpi_ticket_delete', 'kpi_ticket_update', "
                         "'kpi_complaint_insert', 'kpi_complaint_delete', 'kpi_complaint_update', 'kpi_policy_insert', "
                         "'kpi_policy_delete', 'kpi_policy_update')";
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;

  g_assert_cmpint (kefu_server_baseline_version (), ==, 26);
  for (guint way = 0; way < 2; way++)
    {
      g_autofree char *conninfo = kefu_test_pg_create ();
      g_autoptr(KefuEngine) pg = NULL;

      if (conninfo == NULL)
        return;
      g_assert_true (kefu_server_init_to (conninfo, 26, &created, &error));
      g_assert_no_error (error);
      g_assert_true (created);
      pg = kefu_engine_connect_pg (conninfo, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kefu_server_schema_version (pg, &error), ==, 26);
      g_assert_cmpint (scalar (pg, triggers), ==, 0);
      if (way == 0)
        {
          g_autofree char *o = NULL, *e = NULL;

          g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "server", "init", conninfo, NULL), ==, 0);
          g_assert_nonnull (strstr (o, "Upgraded"));
          g_assert_nonnull (strstr (o, "from version 26 to"));
        }
      else
        {
          g_autoptr(KefuStore) desk = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, &error);

          g_assert_no_error (error);
          g_assert_nonnull (desk);
          g_assert_cmpint (kefu_store_get_schema_version (desk), ==, KEFU_SCHEMA_VERSION);
        }
      g_assert_cmpint (kefu_server_schema_version (pg, &error), ==, KEFU_SCHEMA_VERSION);
      g_assert_cmpint (scalar (pg, "SELECT count(*) FROM kefu_schema_version"), ==, KEFU_SCHEMA_VERSION - 25);
      g_assert_cmpint (scalar (pg, triggers), ==, 14);
      /* the audit log is append-only on the server too */
      g_assert_true (kefu_engine_exec (pg, "INSERT INTO audit_log (id, at, action, hash) VALUES (1, 0, 'test', 'x')", &error));
      g_assert_false (kefu_engine_exec (pg, "UPDATE audit_log SET action = 'forged'", &error));
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "append-only"));
      g_clear_error (&error);
      g_assert_false (kefu_engine_exec (pg, "DELETE FROM audit_log", &error));
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
      g_clear_error (&error);
      g_clear_pointer (&pg, kefu_engine_free);
      kefu_test_pg_drop (conninfo);
    }
}

/* What a server's schema is made of, one line each, sorted: the
 * columns, indexes, functions (their source's digest and whether they run
 * as their owner), triggers, row-level policies, constraints and each
 * table's privileges. Two servers with the same text have the same schema. */
static char *
schema_text (KefuEngine *pg)
{
  static const char sql[] =
    "SELECT string_agg (x, E'\\n' ORDER BY x) FROM ("
    " SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '"
    "        || coalesce (column_default, '') FROM information_schema.columns WHERE table_schema = 'public'"
    " UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'"
    " UNION ALL SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments (p.oid) || ') '"
    "        || md5 (p.prosrc) || ' ' || p.prosecdef || ' ' || coalesce (p.proconfig::text, '')"
    "        FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace"
    " UNION ALL SELECT 'trigger ' || pg_get_triggerdef (t.oid) FROM pg_trigger t WHERE NOT t.tgisinternal"
    " UNION ALL SELECT 'policy ' || tablename || ' ' || policyname || ' ' || cmd || ' ' || roles::text || ' '"
    "        || coalesce (qual, '') || ' ' || coalesce (with_check, '') FROM pg_policies WHERE schemaname = 'public'"
    " UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef (oid) FROM pg_constraint"
    "        WHERE connamespace = 'public'::regnamespace"
    " UNION ALL SELECT 'grants ' || c.relname || ' ' || coalesce ((SELECT string_agg (a::text, ',' ORDER BY a::text)"
    "        FROM unnest (c.relacl) a), '') || ' ' || c.relrowsecurity"
    "        FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v')"
    ") s (x)";
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngineStmt) stmt = kefu_engine_prepare (pg, sql, &error);
  char *text;

  g_assert_no_error (error);
  g_assert_cmpint (kefu_engine_step (stmt, &error), ==, KEFU_QUERY_ROW);
  g_assert_no_error (error);
  text = g_strdup (kefu_engine_get_text (stmt, 0));
  g_assert_nonnull (text);
  return text;
}

/* Issue 20: every later migration is tested from every version. A server
 * left at each version from the baseline on (as a Kefu of that version
 * made it) is upgraded by `server init` to this version, and ends with
 * exactly the schema a new server gets: the same columns, indexes,
 * functions, triggers, policies, constraints and privileges, and every
 * version recorded once. */
static void
test_upgrade_from_every_version (KefuTestDir   *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fresh = NULL;
  gboolean created = FALSE;

  {
    g_autofree char *conninfo = kefu_test_pg_create ();
    g_autoptr(KefuEngine) pg = NULL;

    if (conninfo == NULL)
      return;
    g_assert_true (kefu_server_init (conninfo, &created, &error));
    g_assert_no_error (error);
    pg = kefu_engine_connect_pg (conninfo, &error);
    g_assert_no_error (error);
    fresh = schema_text (pg);
    g_clear_pointer (&pg, kefu_engine_free);
    kefu_test_pg_drop (conninfo);
  }
  for (int from = kefu_server_baseline_version (); from < KEFU_SCHEMA_VERSION; from++)
    {
      g_autofree char *conninfo = kefu_test_pg_create ();
      g_autofree char *upgraded = NULL;
      g_autofree char *o = NULL, *e = NULL;
      g_autoptr(KefuEngine) pg = NULL;

      g_test_message ("from version %d", from);
      g_assert_nonnull (conninfo);
      g_assert_true (kefu_server_init_to (conninfo, from, &created, &error));
      g_assert_no_error (error);
      g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "server", "init", conninfo, NULL), ==, 0);
      g_assert_nonnull (strstr (o, "Upgraded"));
      pg = kefu_engine_connect_pg (conninfo, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kefu_server_schema_version (pg, &error), ==, KEFU_SCHEMA_VERSION);
      g_assert_cmpint (scalar (pg, "SELECT count(DISTINCT version) FROM kefu_schema_version"), ==,
                       KEFU_SCHEMA_VERSION - kefu_server_baseline_version () + 1);
      upgraded = schema_text (pg);
      if (g_strcmp0 (upgraded, fresh) != 0)
        {
          g_auto(GStrv) a = g_strsplit (fresh, "\n", -1);
          g_auto(GStrv) b = g_strsplit (upgraded, "\n", -1);

          /* say what differs, not the whole schema twice */
          for (guint i = 0; a[i] != NULL; i++)
            if (!g_strv_contains ((const char * const *) b, a[i]))
              g_test_message ("only on a new server: %s", a[i]);
          for (guint i = 0; b[i] != NULL; i++)
            if (!g_strv_contains ((const char * const *) a, b[i]))
              g_test_message ("only on a server upgraded from %d: %s", from, b[i]);
          g_test_fail_printf ("a server upgraded from version %d differs from a new one", from);
          return;
        }
      g_clear_pointer (&pg, kefu_engine_free);
      kefu_test_pg_drop (conninfo);
    }
}

static void
test_init_errors (KefuTestDir   *f,
                  gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_autofree char *nowhere = g_strdup_printf ("host=%s dbname=kefu connect_timeout=2", f->dir);

  /* a file is not a server */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o1, &e1, "server", "init", path, NULL), ==, 2);
  g_assert_nonnull (strstr (e1, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* no server there: says so, naming it */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "server", "init", nowhere, NULL), ==, 1);
  g_assert_nonnull (strstr (e2, "Could not connect"));
  g_assert_nonnull (strstr (e2, f->dir));
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "server", "init", "host=x frobnicate=1", NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "frobnicate"));
}


/* One text from @sql on @engine */
static char *
text_of (KefuEngine *engine,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (engine, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kefu_engine_step (st, &error), ==, KEFU_QUERY_ROW);
  return g_strdup (kefu_engine_get_text (st, 0));
}

static void
test_migrate (KefuTestDir   *f,
              gconstpointer  data)
{
  g_autofree char *conninfo = kefu_test_pg_create ();
  g_autofree char *path = kefu_test_path (f, "desk.db");
  g_autofree char *o = NULL, *e = NULL, *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_autoptr(KefuEngine) sqlite = NULL;
  g_autoptr(KefuEngine) pg = NULL;
  g_autoptr(KefuEngineStmt) st = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) photo = g_bytes_new ("\x89PNG\r\n\0\0\xff\x00tail", 14);
  g_autoptr(GBytes) photo_back = NULL;
  const char * const *tables = kefu_store_table_names ();
  gint64 tickets = 0, max_estate = 0, new_estate = 0;
  g_autofree char *want = NULL, *got = NULL;

  if (conninfo == NULL)
    return;
  /* a small desk's file, at a fixed moment, with a photo (bytes, NULs) */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "--db", path, "init", "--demo", "60", "--seed", "5",
                                      "--now", "2026-11-25 10:00", NULL), ==, 0);
  sqlite = kefu_engine_open_sqlite (path, FALSE, &error);
  g_assert_no_error (error);
  st = kefu_engine_prepare (sqlite, "INSERT INTO ticket_attachments (ticket_id, name, mime_type, data, created_at) "
                                    "VALUES ((SELECT min(id) FROM tickets), '照片.png', 'image/png', ?1, 1795572000)", &error);
  g_assert_no_error (error);
  kefu_engine_bind_blob (st, 1, photo);
  g_assert_cmpint (kefu_engine_step (st, &error), ==, KEFU_QUERY_DONE);
  g_clear_pointer (&st, kefu_engine_stmt_free);
  /* a CLI sign-in session of this desk's (a token's hash): it stays here */
  g_assert_true (kefu_engine_exec (sqlite, "INSERT INTO cli_sessions (token_hash, user_id, os_uid, role, created_at, "
                                           "expires_at) VALUES ('d3adb33f', (SELECT min(id) FROM users), 1000, "
                                           "'admin', 1795572000, 1795575600)", &error));
  g_assert_no_error (error);

  /* not before server init */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o1, &e1, "migrate", "--from", path, "--to", conninfo, NULL), ==, 1);
  g_assert_nonnull (strstr (e1, "server init"));

  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "server", "init", conninfo, NULL), ==, 0);
  g_clear_pointer (&o2, g_free);
  g_clear_pointer (&e2, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "migrate", "--from", path, "--to", conninfo, NULL), ==, 0);
  g_assert_cmpstr (e2, ==, "");
  {
    /* every table but the sessions, which are said to be left behind */
    g_autofree char *n = g_strdup_printf ("%u tables", g_strv_length ((char **) tables) - 1);
    const char *line = strstr (o2, "cli_sessions");

    g_assert_nonnull (strstr (o2, n));
    g_assert_nonnull (line);
    g_assert_true (g_str_has_prefix (strstr (line, "1 rows"), "1 rows   not copied"));
  }

  /* checked again here, table by table, through another connection */
  pg = kefu_engine_connect_pg (conninfo, &error);
  g_assert_no_error (error);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);

      if (g_str_equal (tables[i], "cli_sessions"))
        continue;
      g_assert_cmpint (scalar (pg, sql), ==, scalar (sqlite, sql));
    }
  g_assert_cmpint (scalar (pg, "SELECT count(*) FROM cli_sessions"), ==, 0);
  g_assert_cmpint (scalar (sqlite, "SELECT count(*) FROM cli_sessions"), ==, 1);
  tickets = scalar (pg, "SELECT count(*) FROM tickets");
  g_assert_cmpint (tickets, ==, 60);
  want = text_of (sqlite, "SELECT number || ' ' || description FROM tickets ORDER BY id DESC LIMIT 1");
  got = text_of (pg, "SELECT number || ' ' || description FROM tickets ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpint (scalar (pg, "SELECT count(*) FROM owners WHERE name_pinyin IS NOT NULL"), ==,
                   scalar (sqlite, "SELECT count(*) FROM owners WHERE name_pinyin IS NOT NULL"));
  st = kefu_engine_prepare (pg, "SELECT data FROM ticket_attachments WHERE name = '照片.png'", &error);
  g_assert_cmpint (kefu_engine_step (st, &error), ==, KEFU_QUERY_ROW);
  photo_back = kefu_engine_get_blob (st, 0);
  g_assert_true (g_bytes_equal (photo_back, photo));
  g_clear_pointer (&st, kefu_engine_stmt_free);

  /* a new row on the server gets an id after the copied ones */
  max_estate = scalar (pg, "SELECT max(id) FROM estates");
  g_assert_cmpint (max_estate, >, 0);
  new_estate = scalar (pg, "INSERT INTO estates (name, created_at) VALUES ('新苑', 1795572000) RETURNING id");
  g_assert_cmpint (new_estate, >, max_estate);

  /* twice: refused, nothing copied */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "migrate", "--from", path, "--to", conninfo, NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "has data already"));
  g_assert_cmpint (scalar (pg, "SELECT count(*) FROM tickets"), ==, tickets);

  g_clear_pointer (&pg, kefu_engine_free);
  kefu_test_pg_drop (conninfo);
}

/* One number from @sql through @store; statements as another program runs them */
static gint64
store_scalar (KefuStore  *store,
              const char *sql)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kefu_query_step (store, q, &error), ==, KEFU_QUERY_ROW);
  return kefu_query_get_int (q, 0);
}

static void
store_exec (KefuStore  *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

/* Whether a search for @text on @store finds ticket @id */
static gboolean
search_finds (KefuStore  *store,
              const char *text,
              gint64      id)
{
  g_autoptr(GError) error = NULL;
  KefuTicketQuery query = { .search = text };
  g_autoptr(GArray) ids = kefu_desk_query_ticket_ids (store, &query, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Whether ticket @id is among the server's hits for @text, read through
 * a bare connection (a store opened as the owner would first rebuild an
 * index marked stale) */
static gboolean
search_finds_on (const char *conninfo,
                 const char *text,
                 gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) pg = kefu_engine_connect_pg (conninfo, &error);
  g_autofree char *expr = kefu_search_match_expr (text);
  g_autoptr(KefuEngineStmt) st = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  st = kefu_engine_prepare (pg, "SELECT count(*) FROM kefu_search_ticket_ids (?1) i WHERE i = ?2", &error);
  g_assert_no_error (error);
  kefu_engine_bind_text (st, 1, expr);
  kefu_engine_bind_int (st, 2, id);
  g_assert_cmpint (kefu_engine_step (st, &error), ==, KEFU_QUERY_ROW);
  found = kefu_engine_get_int (st, 0) > 0;
  return found;
}

/* A server whose index a desk built from the phones it read masked (before
 * the server wrote the phones' digits itself, kefu_search_index()): a
 * search for the whole number misses the ticket until server migration 32,
 * which `server init` applies, with the index rebuilt at once. */
static void
test_masked_index_rebuilt (KefuTestDir   *f,
                           gconstpointer  data)
{
  g_autofree char *conninfo = kefu_test_pg_create ();
  g_autofree char *path = kefu_test_path (f, "desk.db");
  g_autofree char *o = NULL, *e = NULL, *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(KefuStore) server = NULL;
  g_autoptr(KefuEngine) pg = NULL;
  g_autoptr(GError) error = NULL;
  gboolean created = FALSE;
  gint64 ticket;

  if (conninfo == NULL)
    return;
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "--db", path, "init", "--demo", "20", "--seed", "5",
                                      "--now", "2026-11-25 10:00", NULL), ==, 0);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o1, &e1, "server", "init", conninfo, NULL), ==, 0);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "migrate", "--from", path, "--to", conninfo, NULL), ==, 0);

  /* one ticket of a caller whose number is ours, indexed as today */
  server = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  ticket = store_scalar (server, "SELECT min(id) FROM tickets");
  sql = g_strdup_printf ("UPDATE tickets SET contact_phone = '13902468135' WHERE id = %" G_GINT64_FORMAT, ticket);
  store_exec (server, sql);
  g_assert_true (kefu_search_index_ticket (server, ticket, &error));
  g_assert_no_error (error);
  g_assert_true (search_finds (server, "13902468135", ticket));
  g_assert_true (search_finds (server, "8135", ticket));

  /* its row as an older desk built it: the digits of 139****8135 */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE ticket_search s SET body = replace (s.body, kefu_search_phone_tokens (t.contact_phone), "
                         "kefu_search_phone_tokens (kefu_mask_phone (t.contact_phone))) FROM tickets t "
                         "WHERE t.id = s.id AND t.id = %" G_GINT64_FORMAT, ticket);
  store_exec (server, sql);
  g_assert_false (search_finds (server, "13902468135", ticket));
  g_assert_true (search_finds (server, "8135", ticket));
  g_clear_object (&server);

  /* migration 32 applied to it (as to a server before it: the later
   * migrations' objects are there already, so their versions are put back
   * as they were), then `server init`, as the upgrade runs it */
  pg = kefu_engine_connect_pg (conninfo, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_engine_exec (pg, "DELETE FROM kefu_schema_version WHERE version > 31", &error));
  g_assert_no_error (error);
  g_assert_true (kefu_server_init_to (conninfo, 32, &created, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (pg, "SELECT count(*) FROM settings WHERE key = 'search_index_stale'"), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO kefu_schema_version (version) SELECT generate_series (33, %d)", KEFU_SCHEMA_VERSION);
  g_assert_true (kefu_engine_exec (pg, sql, &error));
  g_assert_no_error (error);
  g_assert_false (search_finds_on (conninfo, "13902468135", ticket));
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "server", "init", conninfo, NULL), ==, 0);
  g_assert_cmpstr (e3, ==, "");
  g_assert_cmpint (scalar (pg, "SELECT count(*) FROM settings WHERE key = 'search_index_stale'"), ==, 0);

  server = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (search_finds (server, "13902468135", ticket));
  g_assert_true (search_finds (server, "0246", ticket));
  /* every ticket has its row again */
  g_assert_cmpint (store_scalar (server, "SELECT count(*) FROM ticket_search"), ==,
                   store_scalar (server, "SELECT count(*) FROM tickets"));
  g_clear_object (&server);
  g_clear_pointer (&pg, kefu_engine_free);
  kefu_test_pg_drop (conninfo);
}

/* `kefu-cli report kpi` on a server prints what it prints on the file the
 * server's data came from (migrate), figure by figure, for a month and a
 * year; and the charts' tables too. */
static void
test_report_kpi (KefuTestDir   *f,
                 gconstpointer  data)
{
  g_autofree char *conninfo = kefu_test_pg_create ();
  g_autofree char *path = kefu_test_path (f, "desk.db");
  g_autofree char *o = NULL, *e = NULL, *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL;
  const char *periods[][2] = { { "2026-11-01", "2026-12-01" }, { "2025-12-01", "2026-12-01" } };

  if (conninfo == NULL)
    return;
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "--db", path, "init", "--demo", "400", "--seed", "9",
                                      "--now", "2026-11-25 10:00", NULL), ==, 0);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "server", "init", conninfo, NULL), ==, 0);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "migrate", "--from", path, "--to", conninfo, NULL), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    for (int json = 0; json < 2; json++)
      {
        g_clear_pointer (&o1, g_free);
        g_clear_pointer (&e1, g_free);
        g_clear_pointer (&o2, g_free);
        g_clear_pointer (&e2, g_free);
        g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o1, &e1, "--db", path, "report", "kpi", "--from", periods[i][0],
                                            "--to", periods[i][1], json ? "--json" : NULL, NULL), ==, 0);
        g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "--db", conninfo, "report", "kpi", "--from",
                                            periods[i][0], "--to", periods[i][1], json ? "--json" : NULL, NULL), ==, 0);
        g_assert_cmpstr (e2, ==, "");
        g_assert_nonnull (strstr (o1, json ? "\"tickets\"" : "Tickets"));
        g_assert_cmpstr (o2, ==, o1);
      }
  kefu_test_pg_drop (conninfo);
}

/* `kefu-cli bench --db` times the floors beside Kefu's paths on both
 * stores, and --reuse times the sample an earlier run kept again, without
 * building or copying one; it refuses without --keep or where the file
 * and the server do not hold the same sample. */
static void
test_bench_reuse (KefuTestDir   *f,
                  gconstpointer  data)
{
  g_autofree char *conninfo = kefu_test_pg_create ();
  g_autofree char *path = kefu_test_path (f, "bench.db");
  g_autofree char *other = kefu_test_path (f, "other.db");
  g_autofree char *o = NULL, *e = NULL;
  static const char *keys[] = { "list.floor", "search.two_chars.floor", "list.first_page", "search.two_chars" };

  if (conninfo == NULL)
    return;
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "bench", "--tickets", "1000", "--runs", "1", "--json",
                                      "--db", conninfo, "--keep", path, NULL), ==, 0);
  g_assert_nonnull (strstr (o, "\"migrate.copy\""));
  for (int again = 0; again < 2; again++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          /* a figure on the server and one on the file */
          g_autofree char *pattern = g_strdup_printf ("\"%s\",[^}]*\"median\": [0-9][^}]*\"baseline_median\": [0-9]",
                                                      keys[i]);
          g_assert_true (g_regex_match_simple (pattern, o, 0, 0));
        }
      if (again)
        break;
      g_clear_pointer (&o, g_free);
      g_clear_pointer (&e, g_free);
      g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "bench", "--tickets", "1000", "--runs", "1", "--json",
                                          "--db", conninfo, "--keep", path, "--reuse", NULL), ==, 0);
      /* nothing built or copied again */
      g_assert_null (strstr (o, "\"migrate.copy\""));
      g_assert_null (strstr (o, "\"load.generator\""));
    }
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "bench", "--db", conninfo, "--reuse", NULL), ==, 2);
  g_assert_nonnull (strstr (e, "--keep FILE"));
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "bench", "--db", conninfo, "--keep", other, "--reuse", NULL), ==, 1);
  g_assert_nonnull (strstr (e, "other.db"));
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  kefu_test_pg_drop (conninfo);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/server/uri-is-not-a-file", KefuTestDir, NULL, kefu_test_dir_setup, test_uri_is_not_a_file, kefu_test_dir_teardown);
  g_test_add ("/server/init", KefuTestDir, NULL, kefu_test_dir_setup, test_init, kefu_test_dir_teardown);
  g_test_add ("/server/init-module-aliases", KefuTestDir, NULL, kefu_test_dir_setup, test_init_module_aliases,
              kefu_test_dir_teardown);
  g_test_add ("/server/masked-index-rebuilt", KefuTestDir, NULL, kefu_test_dir_setup, test_masked_index_rebuilt,
              kefu_test_dir_teardown);
  g_test_add ("/server/newer-server", KefuTestDir, NULL, kefu_test_dir_setup, test_newer_server, kefu_test_dir_teardown);
  g_test_add ("/server/upgrade", KefuTestDir, NULL, kefu_test_dir_setup, test_upgrade, kefu_test_dir_teardown);
  g_test_add ("/server/upgrade-from-every-version", KefuTestDir, NULL, kefu_test_dir_setup,
              test_upgrade_from_every_version, kefu_test_dir_teardown);
  g_test_add ("/server/migrate", KefuTestDir, NULL, kefu_test_dir_setup, test_migrate, kefu_test_dir_teardown);
  g_test_add ("/server/init-errors", KefuTestDir, NULL, kefu_test_dir_setup, test_init_errors, kefu_test_dir_teardown);
  g_test_add ("/server/report-kpi-as-on-the-file", KefuTestDir, NULL, kefu_test_dir_setup, test_report_kpi,
              kefu_test_dir_teardown);
  g_test_add ("/server/bench-reuse", KefuTestDir, NULL, kefu_test_dir_setup, test_bench_reuse, kefu_test_dir_teardown);
  return g_test_run ();
}
