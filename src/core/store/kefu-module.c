/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-module.c — loading a module by its registered name (kefu-module.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "kefu-module.h"
#include "kefu-store.h"

/* Every module there is, with what it is for (for messages) */
static const struct {
  const char *name;
  const char *what;
} registry[] = {
  { "pg",     N_("connections to a PostgreSQL server (libpq)") },
  { "pinyin", N_("names in pinyin (ICU)") },
  { "ical",   N_("reading iCalendar files (libical)") },
};

static GMutex lock;
static GHashTable *loaded;   /* name → table */

gboolean
kefu_module_in_build_tree (void)
{
  static gsize answer;   /* 1 no, 2 yes */

  if (g_once_init_enter (&answer))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

      g_once_init_leave (&answer, exe != NULL && g_str_has_prefix (exe, BUILD_ROOT "/") ? 2 : 1);
    }
  return answer == 2;
}

const char *
kefu_module_dir (void)
{
  /* a program of the build tree loads the build tree's modules, an
   * installed one the installed modules: never one the other's */
  return kefu_module_in_build_tree () ? BUILD_MODULEDIR : MODULEDIR;
}

static gconstpointer
load (const char  *name,
      const char  *what,
      GError     **error)
{
  g_autofree char *file = g_strdup_printf ("kefu-%s.%s", name, G_MODULE_SUFFIX);
  g_autofree char *path = g_build_filename (kefu_module_dir (), file, NULL);
  const KefuModuleInfo *(*info) (void) = NULL;
  const KefuModuleInfo *table;
  GModule *module;

  /* bound now: a function the program does not have fails here, with
   * its name, not at its first call */
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("Kefu’s module for %s cannot be loaded from %s (%s); reinstall Kefu or rebuild it."),
                   _(what), path, g_module_error ());
      return NULL;
    }
  if (!g_module_symbol (module, "kefu_module_info", (gpointer *) &info) || info == NULL
      || (table = info ()) == NULL || table->abi != KEFU_MODULE_ABI
      || g_strcmp0 (table->name, name) != 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("%s is not Kefu’s module for %s from this build; reinstall Kefu or rebuild it."),
                   path, _(what));
      g_module_close (module);
      return NULL;
    }
  g_module_make_resident (module);
  return table;
}

gconstpointer
kefu_module_get (const char  *name,
                 GError     **error)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  gconstpointer table;

  if (loaded == NULL)
    loaded = g_hash_table_new (g_str_hash, g_str_equal);
  table = g_hash_table_lookup (loaded, name);
  if (table != NULL)
    return table;
  for (guint i = 0; i < G_N_ELEMENTS (registry); i++)
    if (g_str_equal (registry[i].name, name))
      {
        table = load (name, registry[i].what, error);
        if (table != NULL)
          g_hash_table_insert (loaded, (gpointer) registry[i].name, (gpointer) table);
        return table;
      }
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
               _("Kefu has no module called “%s”."), name);
  return NULL;
}
