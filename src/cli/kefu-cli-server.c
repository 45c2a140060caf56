/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-server.c — kefu-cli server init URI: Kefu's schema and group
 * roles on a PostgreSQL server (#20, in progress). The server's own
 * authentication decides who may: the connection string's user needs the
 * right to create tables (and roles, the first time).
 */
#include "config.h"

#include "kefu-engine.h"
#include "kefu-server.h"

#include "kefu-cli-private.h"

static void
print_server_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: kefu-cli server init URI\n"
                          "  URI is a PostgreSQL connection: postgresql://HOST/DATABASE, or service=NAME,\n"
                          "  or key=value pairs (host=… dbname=… user=…)."));
  fprintf (out, "%s\n", _("       kefu-cli server add-checker URI LOGIN [--password]\n"
                          "  make LOGIN the center's SLA checker (the group role kefu_sla_checker), as an\n"
                          "  administrator; without --password it signs in by the server's peer authentication."));
}

/* kefu-cli server add-checker URI LOGIN [--password]: the SLA checker's
 * LOGIN role, through kefu_create_checker() (kefu-server-rights.sql) */
static int
add_checker (int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) pg = NULL;
  g_autoptr(KefuEngineStmt) stmt = NULL;
  g_autofree char *where = NULL;
  char *password = NULL;
  gboolean with_password = argc == 5 && g_str_equal (argv[4], "--password");

  if ((argc != 4 && !with_password) || !kefu_engine_is_server_spec (argv[2]))
    {
      print_server_usage (stderr);
      return 2;
    }
  where = kefu_engine_describe_spec (argv[2]);
  if (with_password && (password = read_new_secret (_("Password for the SLA checker: "), _("The same password again: "))) == NULL)
    return 1;
  pg = kefu_engine_connect_pg (argv[2], &error);
  if (pg != NULL)
    stmt = kefu_engine_prepare (pg, "SELECT kefu_create_checker(?1, ?2)", &error);
  if (stmt != NULL)
    {
      kefu_engine_bind_text (stmt, 1, argv[3]);
      kefu_engine_bind_text (stmt, 2, password);
    }
  if (password != NULL)
    free_secret (password);
  if (stmt == NULL || kefu_engine_step (stmt, &error) == KEFU_QUERY_FAILED)
    {
      g_printerr (_("server add-checker: %s\n"), error->message);
      return 1;
    }
  g_print (_("“%s” is the SLA checker of “%s” now (the group role kefu_sla_checker): it reads the clocks and "
             "records the notifications, nothing else.\n"), argv[3], where);
  return 0;
}

int
cmd_server (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  g_autofree char *roles = NULL;
  gboolean created = FALSE;
  int before;

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      print_server_usage (stdout);
      return 0;
    }
  if (argc >= 2 && g_str_equal (argv[1], "add-checker"))
    return add_checker (argc, argv);
  if (argc != 3 || !g_str_equal (argv[1], "init"))
    {
      print_server_usage (stderr);
      return 2;
    }
  if (!kefu_engine_is_server_spec (argv[2]))
    {
      g_printerr (_("server init: “%s” is not a PostgreSQL connection (postgresql://HOST/DATABASE or service=NAME).\n"),
                  argv[2]);
      return 2;
    }
  where = kefu_engine_describe_spec (argv[2]);
  /* what the server held before: to say whether it was upgraded */
  {
    g_autoptr(KefuEngine) pg = kefu_engine_connect_pg (argv[2], NULL);

    before = pg != NULL ? kefu_server_schema_version (pg, NULL) : -1;
  }
  if (!kefu_server_init (argv[2], &created, &error))
    {
      g_printerr (_("server init: %s\n"), error->message);
      return 1;
    }
  roles = g_strjoinv (", ", (char **) kefu_server_role_names ());
  if (created)
    g_print (_("Created Kefu’s schema (version %d) on “%s”, with the group roles %s.\n"),
             KEFU_SCHEMA_VERSION, where, roles);
  else if (before > 0 && before < KEFU_SCHEMA_VERSION)
    g_print (_("Upgraded Kefu’s schema on “%s” from version %d to %d; the group roles %s are there.\n"),
             where, before, KEFU_SCHEMA_VERSION, roles);
  else
    g_print (_("“%s” has Kefu’s schema (version %d) already: nothing to create; the group roles %s are there.\n"),
             where, KEFU_SCHEMA_VERSION, roles);
  return 0;
}

/* A table migrate leaves behind (the CLI's sign-in sessions): said so;
 * FALSE for it, TRUE for a table copied and checked */
static gboolean
print_not_copied (const KefuMigratedTable *table)
{
  if (table->copied)
    return TRUE;
  g_print (_("  %-28s %10lld rows   not copied: sign-in sessions stay where they were made "
             "(sign in again with “kefu-cli signin”)\n"),
           table->table, (long long) table->rows);
  return FALSE;
}

static void
print_migrated (const KefuMigratedTable *table,
                gpointer                 user_data)
{
  guint *n = user_data;

  if (!print_not_copied (table))
    return;
  (*n)++;
  g_print (_("  %-28s %10lld rows   checksum %s   same on the server\n"),
           table->table, (long long) table->rows, table->checksum);
}

static void
print_copied (const KefuMigratedTable *table,
              gpointer                 user_data)
{
  guint *n = user_data;

  if (!print_not_copied (table))
    return;
  (*n)++;
  g_print (_("  %-28s %10lld rows   checksum %s   same in the file\n"),
           table->table, (long long) table->rows, table->checksum);
}

/* kefu-cli migrate --from FILE --to URI, or --from URI --to FILE */
int
cmd_migrate (const char  *db_path,
             int          argc,
             char       **argv)
{
  static const char *names[] = { "--from", "--to", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  const char *from = NULL, *to = NULL;
  guint n_tables = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          g_print ("%s\n", _("Usage: kefu-cli migrate --from FILE --to URI\n"
                             "  copy a database file's every table to a PostgreSQL server that “server init” prepared\n"
                             "  and is still empty; each table's row count and checksum are compared on both sides."));
          g_print ("%s\n", _("       kefu-cli migrate --from URI --to FILE\n"
                             "  write a server's every table to a new file, an offline copy that Kefu opens read-only;\n"
                             "  each table's row count and checksum are compared on both sides."));
          return 0;
        }
      else if (g_str_equal (argv[i], names[0]) && i + 1 < argc)
        from = argv[++i];
      else if (g_str_equal (argv[i], names[1]) && i + 1 < argc)
        to = argv[++i];
      else
        {
          g_printerr (_("migrate: unknown option “%s”.\n"), argv[i]);
          return 2;
        }
    }
  if (from == NULL || to == NULL)
    {
      g_printerr ("%s\n", _("migrate: say which file and which server: kefu-cli migrate --from FILE --to URI"));
      return 2;
    }
  if (!kefu_engine_is_server_spec (to) && !kefu_engine_is_server_spec (from))
    {
      g_printerr (_("migrate: --to “%s” is not a PostgreSQL connection (postgresql://HOST/DATABASE or service=NAME).\n"),
                  to);
      return 2;
    }
  if (kefu_engine_is_server_spec (from))
    {
      /* the reverse: a server to a new file, an offline copy */
      if (kefu_engine_is_server_spec (to))
        {
          g_printerr (_("migrate: --to “%s” is a server too; copy a server to a file or a file to a server.\n"), to);
          return 2;
        }
      where = kefu_engine_describe_spec (from);
      if (!kefu_server_copy_to_file (from, to, print_copied, &n_tables, &error))
        {
          g_printerr (_("migrate: %s\n"), error->message);
          return 1;
        }
      g_print (_("Copied “%s” to the offline copy “%s”: %u tables, every count and checksum the same in the file. "
                 "Kefu opens it read-only.\n"),
               where, to, n_tables);
      return 0;
    }
  where = kefu_engine_describe_spec (to);
  if (!kefu_server_migrate (from, to, print_migrated, &n_tables, &error))
    {
      g_printerr (_("migrate: %s\n"), error->message);
      return 1;
    }
  g_print (_("Copied “%s” to “%s”: %u tables, every count and checksum the same on the server.\n"),
           from, where, n_tables);
  return 0;
}
