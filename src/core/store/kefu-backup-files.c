/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-backup-files.c — the backups' names, the list of a folder's
 * backups, and which of them to keep
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kefu-audit.h"
#include "kefu-backup.h"
#include "kefu-backup-private.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-query.h"
#include "kefu-store-private.h"
#include "kefu-user.h"

/* Names -------------------------------------------------------------------- */

/* "kefu" for kefu.db, "center.sqlite" for center.sqlite */
char *
kefu_backup_db_stem (const char *db_path)
{
  g_autofree char *base = g_path_get_basename (db_path);

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';
  return g_steal_pointer (&base);
}

char *
kefu_backup_file_name (const char *db_path,
                       gint64      now,
                       GTimeZone  *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autofree char *stem = kefu_backup_db_stem (db_path);
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d-%H%M%S%z");

  return g_strdup_printf ("%s-%s%s", stem, when, GZ_SUFFIX);
}

static gboolean
take_digits (const char **p,
             int          n,
             int         *out)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

gint64
kefu_backup_parse_name (const char *db_path,
                        const char *name)
{
  g_autofree char *stem = kefu_backup_db_stem (db_path);
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = NULL;
  const char *p = name;
  int y, mo, d, h, mi, s, oh, om, sign;

  if (!g_str_has_prefix (p, stem) || p[strlen (stem)] != '-')
    return -1;
  p += strlen (stem) + 1;
  if (!take_digits (&p, 4, &y) || *p++ != '-' || !take_digits (&p, 2, &mo) || *p++ != '-' ||
      !take_digits (&p, 2, &d) || *p++ != '-' || !take_digits (&p, 2, &h) ||
      !take_digits (&p, 2, &mi) || !take_digits (&p, 2, &s))
    return -1;
  if (*p != '+' && *p != '-')
    return -1;
  sign = *p++ == '+' ? 1 : -1;
  if (!take_digits (&p, 2, &oh) || !take_digits (&p, 2, &om) || oh > 14 || om > 59)
    return -1;
  if (*p == '-')   /* a second backup in the same second: "-2" */
    {
      const char *digits = ++p;

      while (g_ascii_isdigit (*p))
        p++;
      if (p == digits)
        return -1;
    }
  if (!g_str_equal (p, GZ_SUFFIX))
    return -1;
  tz = g_time_zone_new_offset (sign * (oh * 3600 + om * 60));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
    return -1;
  dt = g_date_time_new (tz, y, mo, d, h, mi, s);
  if (dt == NULL || g_date_time_get_day_of_month (dt) != d)
    return -1;
  return g_date_time_to_unix (dt);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const KefuBackupFile *fa = *(KefuBackupFile * const *) a;
  const KefuBackupFile *fb = *(KefuBackupFile * const *) b;

  if (fa->time != fb->time)
    return fa->time < fb->time ? 1 : -1;
  return -g_strcmp0 (fa->name, fb->name);
}

GPtrArray *
kefu_backup_list (const char  *folder,
                  const char  *db_path,
                  GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_backup_file_free);
  GDir *dir;
  const char *name;
  GError *local = NULL;

  dir = g_dir_open (folder, 0, &local);
  if (dir == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_error_free (local);
          return g_steal_pointer (&files);
        }
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("The backup folder “%s” cannot be read: %s"), folder, local->message);
      g_error_free (local);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gint64 time = kefu_backup_parse_name (db_path, name);
      g_autofree char *path = NULL;
      GStatBuf st;
      KefuBackupFile *file;

      if (time < 0)
        continue;
      path = g_build_filename (folder, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      file = g_new0 (KefuBackupFile, 1);
      file->path = g_steal_pointer (&path);
      file->name = g_strdup (name);
      file->time = time;
      file->size = st.st_size;
      g_ptr_array_add (files, file);
    }
  g_dir_close (dir);
  g_ptr_array_sort (files, compare_newest_first);
  return g_steal_pointer (&files);
}

/* Retention ---------------------------------------------------------------- */

typedef enum { PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH } Period;

static gint64
period_key (gint64     time,
            GTimeZone *tz,
            Period     period)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time);
  g_autoptr(GDateTime) dt = g_date_time_to_timezone (utc, tz);

  switch (period)
    {
    case PERIOD_DAY:
      return (gint64) g_date_time_get_year (dt) * 10000 + g_date_time_get_month (dt) * 100 +
             g_date_time_get_day_of_month (dt);
    case PERIOD_WEEK:   /* ISO 8601: 2027-01-03 is in week 53 of 2026 */
      return (gint64) g_date_time_get_week_numbering_year (dt) * 100 + g_date_time_get_week_of_year (dt);
    case PERIOD_MONTH:
    default:
      return (gint64) g_date_time_get_year (dt) * 100 + g_date_time_get_month (dt);
    }
}

static int
compare_index_newest_first (gconstpointer a,
                            gconstpointer b,
                            gpointer      data)
{
  KefuBackupFile * const *files = data;
  KefuBackupFile *fa = files[*(const guint *) a];
  KefuBackupFile *fb = files[*(const guint *) b];

  if (fa->time != fb->time)
    return fa->time < fb->time ? 1 : -1;
  return -g_strcmp0 (fa->name, fb->name);
}

gboolean *
kefu_backup_retain (KefuBackupFile * const *files,
                    guint                   n,
                    GTimeZone              *tz,
                    gint64                  budget)
{
  static const struct { Period period; guint count; } rules[] = {
    { PERIOD_DAY, KEFU_BACKUP_KEEP_DAILY },
    { PERIOD_WEEK, KEFU_BACKUP_KEEP_WEEKLY },
    { PERIOD_MONTH, KEFU_BACKUP_KEEP_MONTHLY },
  };
  gboolean *keep = g_new0 (gboolean, MAX (n, 1));
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  gint64 total = 0;

  if (n == 0)
    return keep;
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_index_newest_first, (gpointer) files);

  /* the newest of each of the most recent periods that have a backup */
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      gint64 last = G_MININT64;
      guint taken = 0;

      for (guint i = 0; i < n && taken < rules[r].count; i++)
        {
          gint64 key = period_key (files[order[i]]->time, tz, rules[r].period);

          if (key == last)
            continue;
          last = key;
          keep[order[i]] = TRUE;
          taken++;
        }
    }
  /* everything of the newest backup's last 24 hours: a backup made after a
   * mistake does not push out the one from before it */
  for (guint i = 0; i < n; i++)
    if (files[order[0]]->time - files[i]->time < KEFU_BACKUP_KEEP_ALL_SECONDS)
      keep[i] = TRUE;

  /* within the budget: the oldest go first, never the newest */
  if (budget > 0)
    {
      for (guint i = 0; i < n; i++)
        if (keep[i])
          total += files[i]->size;
      for (guint i = n - 1; i > 0 && total > budget; i--)
        if (keep[order[i]])
          {
            keep[order[i]] = FALSE;
            total -= files[order[i]]->size;
          }
    }
  return keep;
}
