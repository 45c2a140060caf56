/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-util.h — a temporary folder per test */
#pragma once

#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "kefu-test-store.h"

/* The moment the tests' sample data ends and their stores' clocks say,
 * whatever today is: a Wednesday, 2026-11-25 10:00 in Shenzhen. */
#define TEST_NOW G_GINT64_CONSTANT (1795572000)

typedef struct {
  char *dir;
} KefuTestDir;

static inline void
kefu_test_dir_setup (KefuTestDir   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kefu-test-XXXXXX", &error);
  g_assert_no_error (error);
}

static inline int
kefu_test_rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          g_chmod (child, 0700);
          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            kefu_test_rm_rf (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_chmod (path, 0700);
  return g_rmdir (path);
}

static inline void
kefu_test_dir_teardown (KefuTestDir   *fixture,
                        gconstpointer  data)
{
  kefu_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static inline char *
kefu_test_path (KefuTestDir *fixture,
                const char  *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* One number from a query, through a connection of its own (what another
 * program opening the database would see): @db_path is a file or a
 * server's connection string. 0 for NULL, -1 when there is no row.
 * That connection is a store's, which may write: it switches a file in
 * another journal mode to WAL, and checkpoints the WAL when it closes
 * last. A check of a file that must stay as it is (a backup, what a kill
 * left) reads it with kefu-test-sqlite.h instead. */
static inline gint64
kefu_test_scalar (const char *db_path,
                  const char *sql)
{
  return kefu_test_other_int (db_path, sql);
}

#define KEFU_TEST_ADD(path, func) \
  g_test_add (path, KefuTestDir, NULL, kefu_test_dir_setup, func, kefu_test_dir_teardown)

/* A child (kefu-cli) started under `faketime WHEN`: its clock starts from
 * WHEN, not from an offset to the test's own when the clock suite runs
 * the test in faketime; and an ASan build's runtime accepts libfaketime
 * preloaded before it. */
static inline void
kefu_test_launcher_for_faketime (GSubprocessLauncher *launcher)
{
  const char *asan = g_getenv ("ASAN_OPTIONS");
  g_autofree char *options = g_strconcat (asan != NULL ? asan : "", asan != NULL ? ":" : "",
                                          "verify_asan_link_order=0", NULL);

  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LD_PRELOAD");
  g_subprocess_launcher_unsetenv (launcher, "FAKETIME");
  g_subprocess_launcher_unsetenv (launcher, "FAKETIME_SHARED");
}

/* an empty output may come back as no bytes, or bytes without data */
static inline char *
kefu_test_bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return size > 0 ? g_strndup (data, size) : g_strdup ("");
}

/* Runs @argv (NULL-terminated) from @launcher (NULL for a plain one; its
 * environment and child set-up are kept, its flags set here), @input on
 * its standard input (NULL gives it an empty one). Returns its exit
 * status, -1 when a signal ended it; *out and *err receive what it
 * printed.
 *
 * @input comes from a file, not a pipe: a command that fails before it
 * reads its PIN may have ended before the test writes (kefu-cli starts in
 * a few milliseconds), and GLib 2.74's g_subprocess_communicate() then
 * fails with EPIPE; SIGPIPE is ignored so that it cannot end the test. */
static inline int
kefu_test_spawn (GSubprocessLauncher *launcher,
                 const char * const  *argv,
                 const char          *input,
                 char               **out,
                 char               **err)
{
  g_autoptr(GSubprocessLauncher) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autofree char *in_path = NULL;
  int fd;

  signal (SIGPIPE, SIG_IGN);
  if (launcher == NULL)
    launcher = plain = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  fd = g_file_open_tmp ("kefu-test-stdin-XXXXXX", &in_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (in_path, input != NULL ? input : "", -1, &error));
  g_subprocess_launcher_set_stdin_file_path (launcher, in_path);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (proc, NULL, NULL, &out_bytes, &err_bytes, &error));
  g_assert_no_error (error);
  g_unlink (in_path);
  *out = kefu_test_bytes_to_string (out_bytes);
  *err = kefu_test_bytes_to_string (err_bytes);
  return g_subprocess_get_if_exited (proc) ? g_subprocess_get_exit_status (proc) : -1;
}

/* kefu-cli ($KEFU_CLI) with the arguments from @first to NULL, @input on
 * its standard input (no terminal, so the PINs it asks for are read one
 * per line), as kefu_test_spawn(). With @when ("YYYY-MM-DD HH:MM:SS",
 * local) it runs under Debian's faketime, its clock starting then. */
static inline int
kefu_test_run_cli_valist (const char  *when,
                          const char  *input,
                          char       **out,
                          char       **err,
                          const char  *first,
                          va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("KEFU_CLI");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

  g_assert_nonnull (cli);
  if (when != NULL)
    {
      g_ptr_array_add (argv, "faketime");
      g_ptr_array_add (argv, (gpointer) when);
      kefu_test_launcher_for_faketime (launcher);
    }
  g_ptr_array_add (argv, (gpointer) cli);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);
  return kefu_test_spawn (launcher, (const char * const *) argv->pdata, input, out, err);
}

static inline int
kefu_test_run_cli (const char  *when,
                   const char  *input,
                   char       **out,
                   char       **err,
                   const char  *first,
                   ...)
{
  va_list args;
  int status;

  va_start (args, first);
  status = kefu_test_run_cli_valist (when, input, out, err, first, args);
  va_end (args);
  return status;
}
