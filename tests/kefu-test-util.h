/* kefu-test-util.h — a temporary folder per test */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

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

#define KEFU_TEST_ADD(path, func) \
  g_test_add (path, KefuTestDir, NULL, kefu_test_dir_setup, func, kefu_test_dir_teardown)
