/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bench-floor.c — the bulk load's floor: the same rows inserted by
 * the sqlite3 shell alone
 *
 * kefu-bulk-floor.sql (a resource of this part, and a file of the
 * repository to run by hand) gives an empty file the loaded database's
 * schema and writes the copy; the copy is then timed as a whole sqlite3
 * process. Nothing here runs when the shell is not installed: the bench
 * then says so beside the figure.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <math.h>
#include <sys/resource.h>

#include "kefu-bench-private.h"
#include "kefu-demo-resources.h"

#define FLOOR_RESOURCE "/io/github/kefudesk/Kefu/demo/kefu-bulk-floor.sql"

/* sqlite3 -bail -cmd "ATTACH '@source' AS source" floor.db < @script, in @dir */
static gboolean
run_shell (const char  *shell,
           const char  *dir,
           const char  *source,
           const char  *script,
           GError     **error)
{
  g_autofree char *quoted = NULL;
  g_autofree char *attach = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *err = NULL;
  g_auto(GStrv) parts = g_strsplit (source, "'", -1);

  quoted = g_strjoinv ("''", parts);
  attach = g_strdup_printf ("ATTACH '%s' AS source", quoted);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_set_stdin_file_path (launcher, script);
  process = g_subprocess_launcher_spawn (launcher, error, shell, "-bail", "-cmd", attach, "floor.db", NULL);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "sqlite3 %s: %s", script, err != NULL ? g_strstrip (err) : "");
      return FALSE;
    }
  return TRUE;
}

static void
remove_floor (const char *dir)
{
  static const char *const names[] = { "floor.db", "floor.db-wal", "floor.db-shm", "floor-schema.sql",
                                       "floor-load.sql", "kefu-bulk-floor.sql" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
}

double
kefu_bench_cpu_seconds (gboolean children)
{
  struct rusage u;

  if (getrusage (children ? RUSAGE_CHILDREN : RUSAGE_SELF, &u) != 0)
    return NAN;
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/* Seconds the sqlite3 shell takes to insert every row of @source into an
 * empty copy of its schema (files in @dir, removed after); NAN and a note
 * when the shell is not installed. */
double
kefu_bench_floor_seconds (const char  *source,
                          const char  *dir,
                          double      *cpu,
                          char       **note,
                          GError     **error)
{
  g_autofree char *shell = g_find_program_in_path ("sqlite3");
  g_autofree char *script = g_build_filename (dir, "kefu-bulk-floor.sql", NULL);
  g_autofree char *load = g_build_filename (dir, "floor-load.sql", NULL);
  g_autoptr(GBytes) text = NULL;
  double seconds = NAN;
  double cpu_start;
  gint64 start;

  if (shell == NULL)
    {
      *note = g_strdup (_("no floor: the sqlite3 shell is not installed"));
      return NAN;
    }
  text = g_resource_lookup_data (kefu_demo_get_resource (), FLOOR_RESOURCE, 0, error);
  if (text == NULL ||
      !g_file_set_contents (script, g_bytes_get_data (text, NULL), g_bytes_get_size (text), error) ||
      !run_shell (shell, dir, source, script, error))
    goto out;
  cpu_start = kefu_bench_cpu_seconds (TRUE);
  start = g_get_monotonic_time ();
  if (!run_shell (shell, dir, source, load, error))
    goto out;
  seconds = (g_get_monotonic_time () - start) / 1e6;
  /* (the shell is waited for before run_shell returns) */
  if (cpu != NULL)
    *cpu = kefu_bench_cpu_seconds (TRUE) - cpu_start;
  *note = g_strdup (_("floor: the sqlite3 shell copying the same rows into the same schema and indexes "
                      "(kefu-bulk-floor.sql), one whole process"));
out:
  remove_floor (dir);
  return seconds;
}
