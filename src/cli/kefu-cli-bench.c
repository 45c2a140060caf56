/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-bench.c — kefu-cli bench: timings on a sample database
 */
#include "config.h"

#include "kefu-cli-private.h"
#include "kefu-engine.h"

/* bench: Kefu's speed at scale, each path beside a naive baseline */
int
cmd_bench (const char  *db_path,
           int          argc,
           char       **argv)
{
  static const char *names[] = { "--tickets", "--seed", "--keep", "--runs", "--db", NULL };
  const char *values[5] = { NULL, NULL, NULL, NULL, NULL };
  const char *usage = _("Usage: kefu-cli bench [--tickets N] [--seed S] [--runs N] [--json] [--keep FILE] [--db URI [--reuse]]");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flags = g_ptr_array_new ();
  KefuBenchOptions options = { 1000000, 1, NULL, 0, FALSE };
  gboolean json = FALSE;
  guint64 n;

  if (!take_json_flag (argc, argv, &json, flags))
    {
      g_print ("%s\n", usage);
      return 0;
    }
  /* --reuse: the sample an earlier `bench --db URI --keep FILE` left */
  for (guint i = 0; i < flags->len; i++)
    if (g_str_equal (g_ptr_array_index (flags, i), "--reuse"))
      options.reuse = TRUE;
    else
      g_ptr_array_add (rest, g_ptr_array_index (flags, i));
  if (!take_options (rest->len, (char **) rest->pdata, "bench", names, values, args) || args->len != 0)
    {
      g_printerr ("%s\n", usage);
      return 2;
    }
  if (values[0] != NULL)
    {
      if (!parse_uint (values[0], 100000000, &n) || n < 1000)
        {
          g_printerr (_("bench: --tickets takes a number from 1000 up, not “%s”.\n"), values[0]);
          return 2;
        }
      options.n_tickets = n;
    }
  if (values[1] != NULL)
    {
      if (!parse_uint (values[1], G_MAXUINT32, &n))
        {
          g_printerr (_("bench: --seed takes a whole number, not “%s”.\n"), values[1]);
          return 2;
        }
      options.seed = n;
    }
  options.keep = values[2];
  if (values[3] != NULL)
    {
      if (!parse_uint (values[3], 1000, &n) || n == 0)
        {
          g_printerr (_("bench: --runs takes a number from 1 to 1000, not “%s”.\n"), values[3]);
          return 2;
        }
      options.runs = n;
    }

  if (values[4] != NULL && !kefu_engine_is_server_spec (values[4]))
    {
      g_printerr (_("bench: --db “%s” is not a PostgreSQL connection (postgresql://HOST/DATABASE or service=NAME).\n"),
                  values[4]);
      return 2;
    }
  if (options.reuse && (values[4] == NULL || values[2] == NULL))
    {
      g_printerr (_("bench: --reuse times again the sample of an earlier run: it needs --db URI and --keep FILE.\n"));
      return 2;
    }
  if (values[4] != NULL)
    results = kefu_bench_run_server (&options, values[4], isatty (STDERR_FILENO) ? progress_cb : NULL, NULL, &error);
  else
    results = kefu_bench_run (&options, NULL, NULL, isatty (STDERR_FILENO) ? progress_cb : NULL, NULL, &error);
  if (results == NULL)
    return fail_with (error);
  if (json)
    {
      g_autofree char *text = kefu_bench_format_json (results);
      g_print ("%s", text);
    }
  else
    {
      g_autofree char *machine = kefu_bench_machine ();
      g_autofree char *table = kefu_bench_format_table (results);
      g_print (_("Kefu benchmark: %u tickets on %s\n\n"), options.n_tickets, machine);
      if (values[4] != NULL)
        {
          g_autofree char *where = kefu_engine_describe_spec (values[4]);
          g_print (_("Median and p95: on the server “%s”; baseline: the same path on the SQLite file the sample "
                     "was copied from, in this run (a ratio below 1× means the server is slower).\n\n"), where);
        }
      g_print ("%s", table);
    }
  return 0;
}
