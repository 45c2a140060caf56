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

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      print_server_usage (stdout);
      return 0;
    }
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
  if (!kefu_server_init (argv[2], &created, &error))
    {
      g_printerr (_("server init: %s\n"), error->message);
      return 1;
    }
  roles = g_strjoinv (", ", (char **) kefu_server_role_names ());
  if (created)
    g_print (_("Created Kefu’s schema (version %d) on “%s”, with the group roles %s.\n"),
             kefu_server_baseline_version (), where, roles);
  else
    g_print (_("“%s” has Kefu’s schema (version %d) already: nothing to create; the group roles %s are there.\n"),
             where, kefu_server_baseline_version (), roles);
  return 0;
}
