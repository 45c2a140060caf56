/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-backup.c — kefu-cli backup (now, list, the schedule) and
 * kefu-cli restore
 */
#include "config.h"

#include "kefu-cli-private.h"

/* Backups -------------------------------------------------------------------- */

static const char backup_usage[] =
  N_("Usage: kefu-cli [--db FILE] backup [--out FILE]   back up now: into the backup folder, keeping 7 daily, 4 weekly\n"
     "                                  and 12 monthly backups within the space set, or to FILE (FILE.gz is compressed)\n"
     "       kefu-cli [--db FILE] backup list             the backups in the folder, newest first\n"
     "       kefu-cli [--db FILE] backup config [--folder DIR|default] [--budget MB]   show or change the folder and the space");

/* Progress of a long copy on stderr: each step, and every tenth */
static void
backup_progress_cb (double      fraction,
                    const char *message,
                    gpointer    user_data)
{
  static char last[256];
  static int last_tenth = -1;
  int tenth = (int) (fraction * 10);

  if (g_strcmp0 (last, message) != 0 || tenth != last_tenth)
    {
      g_strlcpy (last, message, sizeof last);
      last_tenth = tenth;
      fprintf (stderr, "%3.0f%%  %s\n", fraction * 100, message);
    }
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static int
backup_list (KefuStore *store)
{
  g_autofree char *folder = kefu_backup_get_folder (store);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = kefu_backup_list (folder, kefu_store_get_path (store), &error);
  gint64 total = 0;

  if (files == NULL)
    return fail_with (error);
  if (files->len == 0)
    {
      g_print (_("No backups of “%s” in “%s” yet.\n"), kefu_store_get_path (store), folder);
      return 0;
    }
  for (guint i = 0; i < files->len; i++)
    {
      KefuBackupFile *f = files->pdata[i];
      g_autofree char *when = kefu_format_time (f->time, "%Y-%m-%d %H:%M:%S");
      g_autofree char *size = g_format_size (f->size);

      g_print ("%s  %10s  %s\n", when, size, f->path);
      total += f->size;
    }
  {
    g_autofree char *size = g_format_size (total);
    g_autofree char *budget = g_format_size (kefu_backup_get_budget (store));

    g_print (g_dngettext (GETTEXT_PACKAGE, "%u backup, %s of the %s set aside for backups.\n",
                          "%u backups, %s of the %s set aside for backups.\n", files->len),
             files->len, size, budget);
  }
  return 0;
}

static int
backup_config (const char *db_path,
               int         argc,
               char      **argv)
{
  g_autoptr(KefuStore) store = NULL;
  static const char *names[] = { "--folder", "--budget", NULL };
  const char *values[2] = { NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *budget = NULL;

  if (!take_options (argc, argv, "backup config", names, values, args) || args->len > 0)
    {
      g_printerr ("%s\n", _(backup_usage));
      return 2;
    }
  if (values[1] != NULL && !g_ascii_string_to_unsigned (values[1], 10, 0, G_MAXINT32, NULL, NULL))
    {
      g_printerr (_("backup config: --budget takes a number of megabytes, not “%s”.\n"), values[1]);
      return 2;
    }
  /* showing is anyone's; a change is an administrator's, signed in */
  store = values[0] != NULL || values[1] != NULL ? open_store_as (db_path, "backup") : open_store (db_path);
  if (store == NULL)
    return 1;
  if (values[1] != NULL)
    {
      guint64 mb = g_ascii_strtoull (values[1], NULL, 10);

      if (!kefu_backup_set_budget (store, mb, &error))
        return fail_with (error);
    }
  if (values[0] != NULL)
    {
      g_autofree char *absolute = NULL;

      if (!g_str_equal (values[0], "default"))
        {
          g_autoptr(GFile) file = g_file_new_for_commandline_arg (values[0]);
          absolute = g_file_get_path (file);
        }
      if (!kefu_backup_set_folder (store, absolute, &error))
        return fail_with (error);
    }
  folder = kefu_backup_get_folder (store);
  budget = g_format_size (kefu_backup_get_budget (store));
  g_print (_("Backup folder: %s\n"), folder);
  g_print (_("Space for backups: %s\n"), budget);
  return 0;
}

/* kefu-cli backup [--out FILE] | list | config */
int
cmd_backup (const char  *db_path,
            int          argc,
            char       **argv)
{
  static const char *names[] = { "--out", NULL };
  const char *values[1] = { NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      g_print ("%s\n", _(backup_usage));
      return 0;
    }
  if (argc > 1 && (g_str_equal (argv[1], "list") || g_str_equal (argv[1], "config")))
    {
      if (g_str_equal (argv[1], "list") && argc > 2)
        {
          g_printerr ("%s\n", _(backup_usage));
          return 2;
        }
      if (g_str_equal (argv[1], "config"))
        return backup_config (db_path, argc - 1, argv + 1);
      store = open_store (db_path);
      if (store == NULL)
        return 1;
      return backup_list (store);
    }
  if (!take_options (argc, argv, "backup", names, values, args) || args->len > 0)
    {
      g_printerr ("%s\n", _(backup_usage));
      return 2;
    }

  store = open_store (db_path);
  if (store == NULL)
    return 1;
  if (values[0] != NULL)
    {
      g_autofree char *size = NULL;

      if (!kefu_backup_write (store, values[0], backup_progress_cb, NULL, NULL, &error))
        return fail_with (error);
      size = g_format_size (file_size (values[0]));
      g_print (_("Backed up to “%s” (%s); the copy passed SQLite’s integrity check.\n"), values[0], size);
      return 0;
    }
  {
    g_autofree char *folder = kefu_backup_get_folder (store);
    g_autofree char *path = NULL;
    g_autofree char *size = NULL;
    guint pruned = 0;

    path = kefu_backup_run (store, folder, kefu_store_now (store), kefu_backup_get_budget (store), &pruned,
                            backup_progress_cb, NULL, NULL, &error);
    if (path == NULL)
      return fail_with (error);
    size = g_format_size (file_size (path));
    g_print (_("Backed up to “%s” (%s); the copy passed SQLite’s integrity check.\n"), path, size);
    if (pruned > 0)
      g_print (g_dngettext (GETTEXT_PACKAGE, "Removed %u older backup that the retention rules no longer keep.\n",
                            "Removed %u older backups that the retention rules no longer keep.\n", pruned),
               pruned);
  }
  return 0;
}

/* kefu-cli restore FILE */
int
cmd_restore (const char  *db_path,
             int          argc,
             char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;

  if (argc == 2 && g_str_equal (argv[1], "--help"))
    {
      g_print ("%s\n", _("Usage: kefu-cli [--db FILE] restore BACKUP   replace the database by a backup, after checking it; "
                         "the current file is kept beside it as FILE.before-restore-DATE"));
      return 0;
    }
  if (argc != 2 || g_str_has_prefix (argv[1], "--"))
    {
      g_printerr ("%s\n", _("Usage: kefu-cli [--db FILE] restore BACKUP   replace the database by a backup, after checking it; "
                            "the current file is kept beside it as FILE.before-restore-DATE"));
      return 2;
    }
  /* no store is open during a restore: the file kept aside is named by the
   * wall clock */
  if (!kefu_restore (argv[1], db_path, g_get_real_time () / G_USEC_PER_SEC, &aside, backup_progress_cb, NULL,
                     NULL, &error))
    return fail_with (error);
  g_print (_("Restored “%s” into “%s”.\n"), argv[1], db_path);
  if (aside != NULL)
    g_print (_("The database as it was before is kept as “%s”.\n"), aside);
  return 0;
}
