/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server.c — `kefu-cli server init`: Kefu's schema and group roles on
 * a PostgreSQL server (#20)
 *
 * The schema is the baseline kefu-schema-pg.sql (a resource of this
 * library), written by build-aux/pg-baseline.py from the SQLite schema of
 * the same version; the server records its version in
 * kefu_schema_version. Every later version is a server migration
 * (kefu-server-NN.sql, a resource too) beside SQLite's of the same number
 * (kefu-schema.c): init and a store's open apply the missing ones in
 * order, each recorded in kefu_schema_version. Then the group roles, and the server's own rights
 * (kefu-server-rights.sql, also a resource: grants by role, the audit and
 * people functions, masked phones, row-level security by estate, the
 * search index), run again by every init. Everything is one transaction
 * under an advisory lock, so two inits at once make one schema, and a
 * failure leaves nothing half-made.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "kefu-server.h"
#include "kefu-store-resources.h"
#include "kefu-store.h"

#define BASELINE_RESOURCE "/io/github/kefudesk/Kefu/store/kefu-schema-pg.sql"
#define RIGHTS_RESOURCE "/io/github/kefudesk/Kefu/store/kefu-server-rights.sql"
#define VERSION_MARK "-- kefu-schema-version: "

/* The server migrations after the baseline, in order: version N turns a
 * server at N - 1 into N. Written with SQLite's migration N, never
 * changed once released. A NULL resource: a version with nothing to do
 * on a server (its file migration alone), recorded all the same. */
static const struct {
  int         version;
  const char *resource;
} server_migrations[] = {
  { 27, "/io/github/kefudesk/Kefu/store/kefu-server-27.sql" },
  { 28, "/io/github/kefudesk/Kefu/store/kefu-server-28.sql" },
  { 29, "/io/github/kefudesk/Kefu/store/kefu-server-29.sql" },
  { 30, "/io/github/kefudesk/Kefu/store/kefu-server-30.sql" },
  { 31, "/io/github/kefudesk/Kefu/store/kefu-server-31.sql" },
  { 32, "/io/github/kefudesk/Kefu/store/kefu-server-32.sql" },
  /* 33: a number given to another branch of this session (#20), which
   * needed none; NULL: nothing on a server, the version recorded all the same */
  { 33, NULL },
  { 34, "/io/github/kefudesk/Kefu/store/kefu-server-34.sql" },
  { 35, "/io/github/kefudesk/Kefu/store/kefu-server-35.sql" },
  { 36, "/io/github/kefudesk/Kefu/store/kefu-server-36.sql" },
  { 37, "/io/github/kefudesk/Kefu/store/kefu-server-37.sql" },
  { 38, "/io/github/kefudesk/Kefu/store/kefu-server-38.sql" },
  { 39, "/io/github/kefudesk/Kefu/store/kefu-server-39.sql" },
  { 40, "/io/github/kefudesk/Kefu/store/kefu-server-40.sql" },
  { 41, "/io/github/kefudesk/Kefu/store/kefu-server-41.sql" },
  { 42, "/io/github/kefudesk/Kefu/store/kefu-server-42.sql" },
  { 43, "/io/github/kefudesk/Kefu/store/kefu-server-43.sql" },
  { 44, "/io/github/kefudesk/Kefu/store/kefu-server-44.sql" },
  { 45, "/io/github/kefudesk/Kefu/store/kefu-server-45.sql" },
  { 46, "/io/github/kefudesk/Kefu/store/kefu-server-46.sql" },
  { 47, "/io/github/kefudesk/Kefu/store/kefu-server-47.sql" },
  { 48, "/io/github/kefudesk/Kefu/store/kefu-server-48.sql" },
  { 49, "/io/github/kefudesk/Kefu/store/kefu-server-49.sql" },
};

static const char * const role_names[] = {
  "kefu_agent", "kefu_dispatcher", "kefu_supervisor", "kefu_trainer", "kefu_manager", "kefu_admin", NULL
};

const char * const *
kefu_server_role_names (void)
{
  return role_names;
}

static GBytes *
resource_sql (const char *path)
{
  /* through the resource itself: a static library drops an object only
   * its constructor would use */
  GBytes *bytes = g_resource_lookup_data (kefu_store_get_resource (), path, 0, NULL);

  g_assert (bytes != NULL);
  return bytes;
}

static GBytes *
baseline_sql (void)
{
  return resource_sql (BASELINE_RESOURCE);
}

int
kefu_server_baseline_version (void)
{
  g_autoptr(GBytes) bytes = baseline_sql ();
  const char *text = g_bytes_get_data (bytes, NULL);
  const char *mark = strstr (text, VERSION_MARK);

  return mark != NULL ? atoi (mark + strlen (VERSION_MARK)) : 0;
}

/* The version the baseline and every server migration of this build reach */
static int
server_target_version (void)
{
  int version = kefu_server_baseline_version ();

  for (guint i = 0; i < G_N_ELEMENTS (server_migrations); i++)
    if (server_migrations[i].version == version + 1)
      version++;
  return version;
}

/* Runs the server migrations from @from up to @to, each recorded; inside
 * the caller's transaction. */
static gboolean
apply_migrations (KefuEngine  *pg,
                  int          from,
                  int          to,
                  GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (server_migrations); i++)
    {
      int v = server_migrations[i].version;
      g_autoptr(GBytes) sql = NULL;
      g_autofree char *record = NULL;

      if (v <= from || v > to)
        continue;
      record = g_strdup_printf ("INSERT INTO kefu_schema_version (version) VALUES (%d)", v);
      if (server_migrations[i].resource != NULL)
        {
          sql = resource_sql (server_migrations[i].resource);
          if (!kefu_engine_exec (pg, g_bytes_get_data (sql, NULL), error))
            return FALSE;
        }
      if (!kefu_engine_exec (pg, record, error))
        return FALSE;
    }
  return TRUE;
}

int
kefu_server_schema_version (KefuEngine  *pg,
                            GError     **error)
{
  gint64 exists = 0, version = 0;

  if (!kefu_engine_scalar (pg, "SELECT to_regclass('public.kefu_schema_version') IS NOT NULL",
                           0, &exists, error))
    return -1;
  if (exists && !kefu_engine_scalar (pg, "SELECT max(version) FROM kefu_schema_version", 0, &version, error))
    return -1;
  return (int) version;
}

static gboolean
make_roles (KefuEngine  *pg,
            GError     **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *list = g_strjoinv (", ", (char **) role_names);

  /* roles belong to the cluster: another database's init may make the
   * same one at the same moment. kefu_owner owns the SECURITY DEFINER
   * functions of kefu-server-rights.sql (which manage people, hence
   * CREATEROLE); nobody logs in as it or is a member of it.
   * kefu_sla_checker is the SLA checker's group (`kefu-cli server
   * add-checker`): not a Kefu role, so not in role_names. */
  g_string_append (sql, "DO $$ DECLARE r text; BEGIN FOREACH r IN ARRAY ARRAY[");
  for (guint i = 0; role_names[i] != NULL; i++)
    g_string_append_printf (sql, "%s'%s'", i ? ", " : "", role_names[i]);
  g_string_append (sql, ", 'kefu_owner', 'kefu_sla_checker'] LOOP IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN "
                        "BEGIN EXECUTE format('CREATE ROLE %I NOLOGIN', r) || "
                        "CASE WHEN r = 'kefu_owner' THEN ' CREATEROLE' ELSE '' END; "
                        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; "
                        "END IF; END LOOP; END $$;\n");
  /* each role's rights: kefu-server-rights.sql */
  g_string_append_printf (sql, "GRANT USAGE ON SCHEMA public TO %s;\n", list);
  return kefu_engine_exec (pg, sql->str, error);
}

/* The common part of init and open's upgrade: inside a transaction of
 * @pg under the advisory lock, from whatever the server holds up to @to
 * (the baseline first on an empty one). */
static gboolean
bring_up_to (KefuEngine  *pg,
             int          to,
             gboolean     make_schema,
             gboolean    *created,
             GError     **error)
{
  int version = kefu_server_schema_version (pg, error);

  if (version < 0)
    return FALSE;
  if (version > KEFU_SCHEMA_VERSION)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NEWER_SCHEMA,
                   _("The server’s Kefu schema is version %d, newer than this Kefu’s (version %d): "
                     "nothing was changed. Use a newer Kefu on this computer."),
                   version, KEFU_SCHEMA_VERSION);
      return FALSE;
    }
  if (version == 0)
    {
      g_autoptr(GBytes) baseline = baseline_sql ();

      if (!make_schema)
        return TRUE;
      if (!kefu_engine_exec (pg, g_bytes_get_data (baseline, NULL), error))
        return FALSE;
      version = kefu_server_baseline_version ();
      *created = TRUE;
    }
  return apply_migrations (pg, version, to, error);
}

static gboolean
check_build (GError **error)
{
  if (server_target_version () != KEFU_SCHEMA_VERSION)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL,
                   _("This Kefu’s PostgreSQL schema is version %d but its SQLite schema is version %d: "
                     "the program was built without its server schema (build-aux/pg-baseline.py)."),
                   server_target_version (), KEFU_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* The search index marked stale (server migration 32 on a server with
 * tickets): rebuilt by opening the store as the caller (the tables'
 * owner), whose open rebuilds it (refresh_search_index() in
 * kefu-store.c), so no step of its own is needed after an upgrade. */
static gboolean
rebuild_stale_index (const char  *conninfo,
                     GError     **error)
{
  g_autoptr(KefuEngine) pg = kefu_engine_connect_pg (conninfo, error);
  g_autoptr(KefuStore) store = NULL;
  gint64 stale = 0;

  if (pg == NULL || !kefu_engine_scalar (pg, "SELECT count(*) FROM settings WHERE key = 'search_index_stale' "
                                             "AND value = '1'", 0, &stale, error))
    return FALSE;
  if (!stale)
    return TRUE;
  store = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, error);
  return store != NULL;
}

gboolean
kefu_server_init_to (const char  *conninfo,
                     int          version,
                     gboolean    *created,
                     GError     **error)
{
  g_autoptr(KefuEngine) pg = NULL;
  g_autoptr(GBytes) rights = resource_sql (RIGHTS_RESOURCE);

  *created = FALSE;
  if (!check_build (error))
    return FALSE;
  pg = kefu_engine_connect_pg (conninfo, error);
  if (pg == NULL || !kefu_engine_begin (pg, error)
      || !kefu_engine_exec (pg, "SELECT pg_advisory_xact_lock(hashtext('kefu server init'))", error))
    return FALSE;
  /* the rights (grants, functions, masking, row-level security), every
   * time: they replace what an earlier init made */
  if (!bring_up_to (pg, version, TRUE, created, error)
      || !make_roles (pg, error) || !kefu_engine_exec (pg, g_bytes_get_data (rights, NULL), error)
      || !kefu_engine_commit (pg, error))
    {
      *created = FALSE;
      return FALSE;
    }
  if (version == KEFU_SCHEMA_VERSION && !rebuild_stale_index (conninfo, error))
    {
      g_prefix_error (error, _("The schema is up to date, but rebuilding the search index failed: "));
      return FALSE;
    }
  return TRUE;
}

gboolean
kefu_server_init (const char  *conninfo,
                  gboolean    *created,
                  GError     **error)
{
  return kefu_server_init_to (conninfo, KEFU_SCHEMA_VERSION, created, error);
}

gboolean
kefu_server_upgrade (KefuEngine  *pg,
                     GError     **error)
{
  g_autoptr(GBytes) rights = resource_sql (RIGHTS_RESOURCE);
  gboolean created = FALSE;

  if (!check_build (error))
    return FALSE;
  if (!kefu_engine_begin (pg, error))
    return FALSE;
  if (!kefu_engine_exec (pg, "SELECT pg_advisory_xact_lock(hashtext('kefu server init'))", error)
      || !bring_up_to (pg, KEFU_SCHEMA_VERSION, FALSE, &created, error)
      || !make_roles (pg, error) || !kefu_engine_exec (pg, g_bytes_get_data (rights, NULL), error))
    {
      kefu_engine_rollback (pg);
      return FALSE;
    }
  return kefu_engine_commit (pg, error);
}
