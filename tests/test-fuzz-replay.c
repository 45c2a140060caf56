/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fuzz-replay.c — the fuzz targets' seed corpora and every input that
 * once crashed one of them, replayed in the normal and the ASan builds
 *
 * tests/fuzz/corpus/TARGET/ holds small real files (see tests/fuzz/); an
 * input libFuzzer found to crash goes to tests/fuzz/regressions/TARGET/,
 * named for what it broke, and stays there once fixed. Each file is one
 * test case: it runs through the same code as the fuzz target
 * (kefu-fuzz-targets.c), which aborts on anything the target may not do.
 */
#include "config.h"

#include <string.h>

#include "fuzz/kefu-fuzz-targets.h"

typedef struct {
  const KefuFuzzTarget *target;
  char                 *path;
} Replay;

static void
replay (gconstpointer data)
{
  const Replay *r = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (r->path, &bytes, &size, &error));
  g_assert_no_error (error);
  kefu_fuzz_setup ();
  r->target->run ((const guint8 *) bytes, size);
}

static int
by_name (gconstpointer a,
         gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Adds a case per file of FOLDER/TARGET/, sorted; returns how many. */
static guint
add_cases (const char           *folder,
           const KefuFuzzTarget *target)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "fuzz", folder, target->name, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GDir *dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (dir);
  g_ptr_array_sort (names, by_name);
  for (guint i = 0; i < names->len; i++)
    {
      Replay *r = g_new0 (Replay, 1);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s/%s", folder, target->name,
                                                    (const char *) names->pdata[i]);

      r->target = target;
      r->path = g_build_filename (dir_path, names->pdata[i], NULL);
      /* the test path may not hold spaces or odd bytes: file names are ASCII */
      g_test_add_data_func_full (test_path, r, replay, NULL);
    }
  return names->len;
}

int
main (int    argc,
      char **argv)
{
  const KefuFuzzTarget *targets;
  guint n_targets;

  g_test_init (&argc, &argv, NULL);
  targets = kefu_fuzz_targets (&n_targets);
  for (guint i = 0; i < n_targets; i++)
    {
      /* every target has seeds: a corpus folder lost would go unnoticed */
      if (add_cases ("corpus", &targets[i]) == 0)
        g_error ("no seed corpus for the fuzz target %s", targets[i].name);
      add_cases ("regressions", &targets[i]);
    }
  return g_test_run ();
}
