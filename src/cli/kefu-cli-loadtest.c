/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-loadtest.c — kefu-cli loadtest: many desks against one server (#20)
 */
#include "config.h"

#include <stdlib.h>

#include "kefu-cli-private.h"
#include "kefu-engine.h"
#include "kefu-loadtest.h"

/* loadtest --desks N --minutes M [--db URI]: a busy day at 10×, then every
 * acknowledged write looked up on the server */
int
cmd_loadtest (const char  *db_path,
              int          argc,
              char       **argv)
{
  static const char *names[] = { "--desks", "--minutes", "--db", "--seed", "--speed", NULL };
  const char *values[5] = { NULL, NULL, NULL, NULL, NULL };
  const char *usage = _("Usage: kefu-cli loadtest --desks N --minutes M [--db URI] [--speed 10] [--seed S]");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuLoadtestReport) report = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KefuLoadtestOptions options = { 0, 0, 10, 1 };
  const char *server;
  guint64 n;
  double minutes;
  char *end = NULL;
  gint64 n_missing;

  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")))
    {
      g_print ("%s\n", usage);
      return 0;
    }
  if (!take_options (argc, argv, "loadtest", names, values, args) || args->len != 0
      || values[0] == NULL || values[1] == NULL)
    {
      g_printerr ("%s\n", usage);
      return 2;
    }
  if (!parse_uint (values[0], 1000, &n) || n == 0)
    {
      g_printerr (_("loadtest: --desks takes a number from 1 to 1000, not “%s”.\n"), values[0]);
      return 2;
    }
  options.desks = n;
  minutes = g_ascii_strtod (values[1], &end);
  if (end == values[1] || *end != '\0' || !(minutes > 0) || minutes > 24 * 60)
    {
      g_printerr (_("loadtest: --minutes takes a number of minutes above 0 (0.1 is six seconds), not “%s”.\n"), values[1]);
      return 2;
    }
  options.seconds = minutes * 60;
  if (values[3] != NULL)
    {
      if (!parse_uint (values[3], G_MAXUINT32, &n))
        {
          g_printerr (_("loadtest: --seed takes a whole number, not “%s”.\n"), values[3]);
          return 2;
        }
      options.seed = n;
    }
  if (values[4] != NULL)
    {
      if (!parse_uint (values[4], 1000, &n) || n == 0)
        {
          g_printerr (_("loadtest: --speed takes a number from 1 to 1000, not “%s”.\n"), values[4]);
          return 2;
        }
      options.speed = n;
    }
  server = values[2] != NULL ? values[2] : db_path;
  if (server == NULL || !kefu_engine_is_server_spec (server))
    {
      g_printerr (_("loadtest: it plays many desks against one PostgreSQL server: give it with --db URI "
                    "(postgresql://HOST/DATABASE or service=NAME), prepared with kefu-cli server init and migrate.\n"));
      return 2;
    }

  report = kefu_loadtest_run (server, &options, &error);
  if (report == NULL)
    {
      g_printerr (_("loadtest: %s\n"), error->message);
      return 1;
    }
  n_missing = kefu_loadtest_verify (server, report, &missing, &error);
  text = kefu_loadtest_format (report, n_missing);
  g_print ("%s", text);
  if (n_missing < 0)
    {
      g_printerr (_("loadtest: the final check could not read the server: %s\n"), error->message);
      return 1;
    }
  for (guint i = 0; i < missing->len && i < 20; i++)
    g_print (_("Missing: %s\n"), (const char *) missing->pdata[i]);
  return n_missing == 0 ? 0 : 1;
}
