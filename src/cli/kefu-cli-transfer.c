/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-transfer.c — kefu-cli import and export (tickets and owners
 * as CSV, tickets as CSV or XLSX)
 */
#include "config.h"

#include "kefu-cli-private.h"

/* 1234567 → "1,234,567" */
static char *
format_count (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

/* The exit status of an import: 0 when every row or question was taken,
 * 1 when nothing was, 3 when some were skipped (scripts can tell a partial
 * import from a complete one). */
#define EXIT_PARTIAL 3

int
import_status (guint n_taken,
               guint n_skipped)
{
  if (n_taken == 0)
    return 1;
  return n_skipped > 0 ? EXIT_PARTIAL : 0;
}

/* "2 buildings, 14 units, 3 agents" — what an import created */
static char *
created_summary (KefuImportReport *report)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  for (guint w = 0; w < KEFU_IMPORT_N_CREATED; w++)
    {
      guint n = kefu_import_report_get_n_created (report, w);
      g_autofree char *count = format_count (n);
      char *part = NULL;

      if (n == 0)
        continue;
      switch ((KefuImportCreated) w)
        {
        case KEFU_IMPORT_CREATED_ESTATES:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s estate", "%s estates", n), count);
          break;
        case KEFU_IMPORT_CREATED_BUILDINGS:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s building", "%s buildings", n), count);
          break;
        case KEFU_IMPORT_CREATED_UNITS:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s unit", "%s units", n), count);
          break;
        case KEFU_IMPORT_CREATED_OWNERS:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s owner", "%s owners", n), count);
          break;
        case KEFU_IMPORT_CREATED_USERS:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s agent", "%s agents", n), count);
          break;
        case KEFU_IMPORT_CREATED_TEAMS:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s team", "%s teams", n), count);
          break;
        case KEFU_IMPORT_CREATED_TECHNICIANS:
          part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s technician", "%s technicians", n), count);
          break;
        case KEFU_IMPORT_N_CREATED:
        default:
          g_assert_not_reached ();
        }
      g_ptr_array_add (parts, part);
    }
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

int
cmd_import (const char  *db_path,
            int          argc,
            char       **argv)
{
  static const char usage[] =
    N_("Usage: kefu-cli [--db FILE] import tickets|owners FILE.csv [--encoding utf-8|gb18030] [--skip-bad] [--dry-run]");
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  KefuImportOptions options = { KEFU_IMPORT_ENCODING_AUTO, FALSE, FALSE };
  const char *what = NULL, *path = NULL;
  gboolean tickets;
  guint rows, good, bad;
  g_autofree char *n_rows = NULL, *n_good = NULL, *n_bad = NULL, *created = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--skip-bad"))
        options.skip_bad = TRUE;
      else if (g_str_equal (argv[i], "--dry-run"))
        options.dry_run = TRUE;
      else if (g_str_equal (argv[i], "--encoding") && i + 1 < argc)
        {
          g_autofree char *enc = g_ascii_strdown (argv[++i], -1);

          if (g_str_equal (enc, "utf-8") || g_str_equal (enc, "utf8"))
            options.encoding = KEFU_IMPORT_ENCODING_UTF8;
          else if (g_str_equal (enc, "gb18030") || g_str_equal (enc, "gbk") || g_str_equal (enc, "gb2312"))
            options.encoding = KEFU_IMPORT_ENCODING_GB18030;
          else
            {
              g_printerr (_("import: --encoding takes utf-8 or gb18030, not “%s”.\n"), argv[i]);
              return 2;
            }
        }
      else if (g_str_equal (argv[i], "--help"))
        {
          g_print ("%s\n", _(usage));
          return 0;
        }
      else if (g_str_has_prefix (argv[i], "--"))
        {
          g_printerr (_("import: unknown option “%s”.\n"), argv[i]);
          return 2;
        }
      else if (what == NULL)
        what = argv[i];
      else if (path == NULL)
        path = argv[i];
      else
        {
          g_printerr (_("import: one file at a time; “%s” is one too many.\n"), argv[i]);
          return 2;
        }
    }
  if (what == NULL || path == NULL || (!g_str_equal (what, "tickets") && !g_str_equal (what, "owners")))
    {
      g_printerr ("%s\n", _(usage));
      return 2;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr (_("import: there is no file “%s”.\n"), path);
      return 1;
    }

  store = open_store_as_person (db_path, "import");
  if (store == NULL)
    return 1;
  tickets = g_str_equal (what, "tickets");
  report = (tickets ? kefu_import_tickets : kefu_import_owners)
             (store, path, &options, isatty (STDERR_FILENO) ? progress_cb : NULL, NULL, NULL, &error);
  if (report == NULL)
    return fail_with (error);

  rows = kefu_import_report_get_n_rows (report);
  good = kefu_import_report_get_n_good (report);
  bad = kefu_import_report_get_n_bad (report);
  n_rows = format_count (rows);
  n_good = format_count (good);
  n_bad = format_count (bad);
  created = created_summary (report);
  switch (kefu_import_report_get_outcome (report))
    {
    case KEFU_IMPORT_OUTCOME_IMPORTED:
      if (good == 0)
        {
          g_print (g_dngettext (GETTEXT_PACKAGE, "Nothing was imported: the file’s only row has problems.\n",
                                "Nothing was imported: all %s rows have problems.\n", rows), n_rows);
          break;
        }
      g_print (tickets ? g_dngettext (GETTEXT_PACKAGE, "Imported %s ticket", "Imported %s tickets", good)
                       : g_dngettext (GETTEXT_PACKAGE, "Imported %s owner row", "Imported %s owner rows", good),
               n_good);
      if (bad > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE, "; %s row skipped", "; %s rows skipped", bad), n_bad);
      g_print ("\n");
      if (created != NULL)
        g_print (_("Created: %s.\n"), created);
      break;
    case KEFU_IMPORT_OUTCOME_DRY_RUN:
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Dry run: %s of %s row can be imported; nothing was written.\n",
                            "Dry run: %s of %s rows can be imported; nothing was written.\n", rows),
               n_good, n_rows);
      if (created != NULL)
        g_print (_("It would create: %s.\n"), created);
      break;
    case KEFU_IMPORT_OUTCOME_REFUSED:
    default:
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Nothing was imported: %s of %s row has problems. Correct it, or use --skip-bad to import the others.\n",
                            "Nothing was imported: %s of %s rows have problems. Correct them, or use --skip-bad to import the others.\n",
                            rows),
               n_bad, n_rows);
      break;
    }

  for (guint i = 0; i < kefu_import_report_get_n_problems (report); i++)
    {
      g_autofree char *line = kefu_import_problem_format (kefu_import_report_get_problem (report, i));
      g_printerr ("%s\n", line);
    }
  /* Non-zero whenever a row was left out; a dry run says what the import
   * would end with. */
  if (kefu_import_report_get_outcome (report) == KEFU_IMPORT_OUTCOME_REFUSED ||
      (bad > 0 && !options.skip_bad))
    return 1;
  return import_status (good, bad);
}

int
cmd_export (const char  *db_path,
            int          argc,
            char       **argv)
{
  static const char usage[] =
    N_("Usage: kefu-cli [--db FILE] export tickets --out FILE [--format csv|xlsx] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--chinese-headers] [--full]");
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  KefuExportOptions options = { KEFU_EXPORT_CSV, NULL, 0, 0, FALSE };
  const char *what = NULL, *format = NULL;
  g_autofree char *count = NULL;
  gint64 n;

  for (int i = 1; i < argc; i++)
    {
      gboolean is_from = g_str_equal (argv[i], "--from");

      if (g_str_equal (argv[i], "--chinese-headers"))
        options.chinese_headers = TRUE;
      else if (g_str_equal (argv[i], "--full"))
        options.full = TRUE;
      else if (g_str_equal (argv[i], "--as"))
        {
          g_printerr ("%s\n", _("export: --as LOGIN goes before the command: kefu-cli --as LOGIN export …"));
          return 2;
        }
      else if (g_str_equal (argv[i], "--out") && i + 1 < argc)
        options.path = argv[++i];
      else if (g_str_equal (argv[i], "--format") && i + 1 < argc)
        format = argv[++i];
      else if ((is_from || g_str_equal (argv[i], "--to")) && i + 1 < argc)
        {
          if (!kefu_export_parse_date (argv[i + 1], is_from ? &options.from : &options.to))
            {
              g_printerr (_("export: %s takes a date like 2026-11-01, not “%s”.\n"), argv[i], argv[i + 1]);
              return 2;
            }
          i++;
        }
      else if (g_str_equal (argv[i], "--help"))
        {
          g_print ("%s\n", _(usage));
          return 0;
        }
      else if (g_str_has_prefix (argv[i], "--"))
        {
          g_printerr (_("export: unknown option “%s”.\n"), argv[i]);
          return 2;
        }
      else if (what == NULL)
        what = argv[i];
      else
        {
          g_printerr (_("export: unexpected “%s”.\n"), argv[i]);
          return 2;
        }
    }
  if (what == NULL || !g_str_equal (what, "tickets") || options.path == NULL)
    {
      g_printerr ("%s\n", _(usage));
      return 2;
    }
  if (format == NULL)
    format = g_str_has_suffix (options.path, ".xlsx") || g_str_has_suffix (options.path, ".XLSX") ? "xlsx" : "csv";
  if (g_ascii_strcasecmp (format, "xlsx") == 0)
    options.format = KEFU_EXPORT_XLSX;
  else if (g_ascii_strcasecmp (format, "csv") != 0)
    {
      g_printerr (_("export: --format takes csv or xlsx, not “%s”.\n"), format);
      return 2;
    }
  if (options.from != 0 && options.to != 0 && options.to <= options.from)
    {
      g_printerr ("%s\n", _("export: --to must be a later day than --from (the --to day itself is not included)."));
      return 2;
    }

  /* it writes: the audit entry of what leaves, and who took it */
  store = open_store_as_person (db_path, "export");
  if (store == NULL)
    return 1;
  n = kefu_export_count_tickets (store, &options, &error);
  if (n < 0 || !kefu_export_tickets (store, &options, isatty (STDERR_FILENO) ? progress_cb : NULL,
                                     NULL, NULL, &error))
    return fail_with (error);
  count = format_count ((guint) n);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %s ticket to %s\n", "Exported %s tickets to %s\n", (gulong) n),
           count, options.path);
  return 0;
}
