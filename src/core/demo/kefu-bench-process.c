/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-bench-process.c — kefu-cli as whole processes, each beside its
 * floor measured in the same run (issue 21)
 *
 * `kefu-cli --version` beside /bin/true: what a process costs before and
 * around main(), the libraries it loads and relocates. A signed-in
 * `kefu-cli search 漏水 --count` beside the same work in this process, and
 * beside the sqlite3 shell counting the same LIKE scan as a whole process.
 * Signed in as a person does it for a series of reads: one
 * `kefu-cli --as LOGIN signin` (the PIN's Argon2id once, in a runtime
 * folder of the bench's own), then each search shows the session's token
 * (kefu-session.h); in-process, the same token's look-up and the search.
 * The PIN's check alone is timed beside them. The runs alternate
 * (A B A B …) so that a machine's drift touches both sides alike. What is
 * compared is CPU time (user and system, the operating system's account
 * of each child; in-process, this process's): a wall clock on a shared
 * machine counts the other programs' turns, and forking this big process
 * costs the floor and Kefu alike.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/resource.h>
#include <unistd.h>

#include "kefu-auth.h"
#include "kefu-bench.h"
#include "kefu-bench-private.h"
#include "kefu-desk.h"
#include "kefu-module.h"
#include "kefu-session.h"

/* kefu-cli itself: the build tree's when this program is one of it */
static char *
cli_path (void)
{
  return g_build_filename (kefu_module_in_build_tree () ? BUILD_CLIDIR : BINDIR, "kefu-cli", NULL);
}

static double
cpu_ms (int who)
{
  struct rusage u;

  getrusage (who, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

/* CPU milliseconds of one whole process (spawned, waited for); NAN (and
 * @error) when it could not be started or failed. */
/* the runtime folder the bench's kefu-cli keeps its session in */
static const char *runtime_dir;

static double
process_ms (const char * const  *argv,
            const char          *input,
            GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                       (input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;
  double start = cpu_ms (RUSAGE_CHILDREN);

  if (runtime_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, input, NULL, NULL, &err, error))
    return NAN;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", argv[0], err != NULL ? g_strstrip (err) : "");
      return NAN;
    }
  return cpu_ms (RUSAGE_CHILDREN) - start;
}

/* @a and @b whole processes in turn, @runs each after one of each not
 * counted; FALSE with @error when one failed */
static gboolean
alternate (const char * const *a,
           const char         *a_input,
           const char * const *b,
           const char         *b_input,
           guint               runs,
           double             *a_median,
           double             *a_p95,
           double             *b_median,
           double             *b_p95,
           GError            **error)
{
  g_autoptr(GArray) ta = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) tb = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i <= runs; i++)
    {
      double x = process_ms (a, a_input, error), y;

      if (isnan (x))
        return FALSE;
      y = process_ms (b, b_input, error);
      if (isnan (y))
        return FALSE;
      if (i > 0)
        {
          g_array_append_val (ta, x);
          g_array_append_val (tb, y);
        }
    }
  kefu_bench_percentiles (ta, a_median, a_p95);
  kefu_bench_percentiles (tb, b_median, b_p95);
  return TRUE;
}

/* The token kefu-cli keeps in the bench's runtime folder (one file) */
static char *
session_token (const char *runtime)
{
  g_autofree char *dir = g_build_filename (runtime, "kefu", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name = d != NULL ? g_dir_read_name (d) : NULL;
  g_autofree char *file = name != NULL ? g_build_filename (dir, name, NULL) : NULL;
  char *text = NULL;

  if (file == NULL || !g_file_get_contents (file, &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

/* The search the command runs, in this process, after the same sign-in:
 * the session's look-up */
static double
in_process_ms (KefuStore   *store,
               const char  *login,
               const char  *token,
               const char  *text,
               GError     **error)
{
  KefuTicketQuery q = { NULL, NULL };
  g_autoptr(KefuUser) user = NULL;
  g_autoptr(GArray) ids = NULL;
  double start = cpu_ms (RUSAGE_SELF);

  user = kefu_session_resume (store, token, login, getuid (), error);
  if (user == NULL)
    return NAN;
  q.search = text;
  ids = kefu_desk_query_ticket_ids (store, &q, NULL, error);
  if (ids == NULL)
    return NAN;
  return cpu_ms (RUSAGE_SELF) - start;
}

void
kefu_bench_processes (KefuStore   *store,
                      const char  *path,
                      const char  *login,
                      GPtrArray   *results,
                      guint        runs)
{
  g_autofree char *cli = cli_path ();
  g_autofree char *shell = g_find_program_in_path ("sqlite3");
  g_autofree char *pin = g_strdup_printf ("%s\n", KEFU_DEMO_PIN);
  const char *version[] = { cli, "--version", NULL };
  const char *floor[] = { "/bin/true", NULL };
  const char *search[] = { cli, "--db", path, "--as", login, "search", "漏水", "--count", NULL };
  const char *like[] = { shell, "-readonly", path,
                         "SELECT count(*) FROM tickets WHERE description LIKE '%漏水%' OR location LIKE '%漏水%'", NULL };
  g_autoptr(GError) error = NULL;
  KefuBenchResult *r;
  double like_median = NAN, like_p95, pin_ms = NAN;

  r = kefu_bench_result_new ("process.version", _("kefu-cli --version, whole process, CPU"), "ms", 5);
  r->runs = runs;
  if (!alternate (version, NULL, floor, NULL, runs, &r->median, &r->p95,
                  &r->baseline_median, &r->baseline_p95, &error))
    {
      r->median = r->p95 = NAN;
      r->note = g_strdup_printf (_("not measured: %s"), error->message);
      g_clear_error (&error);
    }
  else
    r->note = g_strdup (_("beside /bin/true, run in turn: what a process costs before main() and around it"));
  g_ptr_array_add (results, r);

  /* signed in once (the PIN), then each search shows the session */
  r = kefu_bench_result_new ("process.search", _("kefu-cli search 漏水 --count, whole process, CPU"), "ms", NAN);
  r->runs = runs;
  {
    g_autoptr(GArray) inside = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) outside = g_array_new (FALSE, FALSE, sizeof (double));
    g_autofree char *runtime = g_dir_make_tmp ("kefu-bench-run-XXXXXX", &error);
    g_autofree char *token = NULL;
    const char *signin[] = { cli, "--db", path, "--as", login, "signin", "--minutes", "60", NULL };
    const char *signout[] = { cli, "--db", path, "--as", login, "signout", NULL };
    double in_p95, pin_start;

    runtime_dir = runtime;
    if (runtime != NULL && !isnan (process_ms (signin, pin, &error)))
      token = session_token (runtime);
    if (error == NULL && token == NULL)
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "kefu-cli signin kept no session");
    for (guint i = 0; i <= runs && error == NULL; i++)
      {
        double whole = process_ms (search, "", &error);
        double in = isnan (whole) ? NAN : in_process_ms (store, login, token, "漏水", &error);

        if (i > 0 && !isnan (in))
          {
            g_array_append_val (outside, whole);
            g_array_append_val (inside, in);
          }
      }
    /* what the PIN's check costs instead, once */
    pin_start = cpu_ms (RUSAGE_SELF);
    if (error == NULL)
      {
        g_autoptr(KefuUser) user = kefu_auth_sign_in_login (store, login, KEFU_DEMO_PIN, &error);
        pin_ms = cpu_ms (RUSAGE_SELF) - pin_start;
      }
    if (error == NULL && shell != NULL &&
        !alternate (like, NULL, search, "", MIN (runs, 5), &like_median, &like_p95, &in_p95, &in_p95, &error))
      like_median = NAN;
    if (runtime != NULL)
      {
        g_autofree char *folder = g_build_filename (runtime, "kefu", NULL);
        g_autoptr(GError) ignored = NULL;

        process_ms (signout, "", &ignored);
        g_rmdir (folder);
        g_rmdir (runtime);
      }
    runtime_dir = NULL;
    if (token != NULL)
      kefu_session_token_free (g_steal_pointer (&token));
    if (error != NULL)
      {
        r->median = r->p95 = NAN;
        r->note = g_strdup_printf (_("not measured: %s"), error->message);
      }
    else
      {
        kefu_bench_percentiles (outside, &r->median, &r->p95);
        kefu_bench_percentiles (inside, &r->baseline_median, &in_p95);
        r->target = 1.5 * r->baseline_median;
        r->note = g_strdup_printf (_("after one “kefu-cli --as LOGIN signin” (the PIN's Argon2id once: %.0f ms), "
                                     "each search shows the session's token; beside the same look-up and search "
                                     "in this process"), pin_ms);
      }
    g_ptr_array_add (results, r);

    r = kefu_bench_result_new ("process.search_like", _("the same beside the sqlite3 shell's LIKE count, whole processes, CPU"),
                               "ms", NAN);
    r->runs = MIN (runs, 5);
    if (error == NULL && !isnan (like_median))
      {
        r->median = ((KefuBenchResult *) results->pdata[results->len - 1])->median;
        r->p95 = ((KefuBenchResult *) results->pdata[results->len - 1])->p95;
        r->baseline_median = like_median;
        r->baseline_p95 = like_p95;
        r->target = like_median / 10;
        r->note = g_strdup (_("sqlite3 -readonly FILE \"SELECT count(*) FROM tickets WHERE description LIKE '%漏水%' "
                              "OR location LIKE '%漏水%'\", in turn with kefu-cli; the target: 10 times faster"));
      }
    else
      {
        r->median = r->p95 = NAN;
        r->note = g_strdup (shell == NULL ? _("not measured: the sqlite3 shell is not installed")
                                          : _("not measured"));
      }
  }
  g_ptr_array_add (results, r);
}
