/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-report.c — kefu-cli report kpi|chart|monthly (the dashboard's
 * figures and charts, the month's report for management)
 */
#include "config.h"

#include "kefu-cli-private.h"

/* --from and --to (names[0], names[1]) as the days [from, to); says what
 * is wrong otherwise. */
static gboolean
parse_period (const char **names,
              const char **values,
              gint64      *from,
              gint64      *to)
{
  for (guint i = 0; i < 2; i++)
    if (!kefu_export_parse_date (values[i], i == 0 ? from : to))
      {
        g_printerr (_("report: %s takes a day like “2025-07-01”, not “%s”.\n"), names[i], values[i]);
        return FALSE;
      }
  if (*to <= *from)
    {
      g_printerr ("%s\n", _("report: --to must be a later day than --from (the --to day itself is not included)."));
      return FALSE;
    }
  return TRUE;
}

/* report kpi: the dashboard's figures, as text or JSON */
static int
report_kpi (const char  *db_path,
            int          argc,
            char       **argv)
{
  static const char *names[] = { "--from", "--to", NULL };
  const char *values[2] = { NULL, NULL };
  const char *usage = _("Usage: kefu-cli [--db FILE] report kpi --from YYYY-MM-DD --to YYYY-MM-DD [--json]");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuKpiReport) report = NULL;
  g_autoptr(KefuKpiReport) before = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gint64 from = 0, to = 0;

  if (!take_json_flag (argc, argv, &json, rest))
    {
      g_print ("%s\n", usage);
      return 0;
    }
  if (!take_options (rest->len, (char **) rest->pdata, "report", names, values, args))
    return 2;
  if (values[0] == NULL || values[1] == NULL || args->len != 0)
    {
      g_printerr ("%s\n", usage);
      return 2;
    }
  if (!parse_period (names, values, &from, &to))
    return 2;
  store = open_store_to_read (db_path);
  if (store == NULL)
    return 1;
  report = kefu_kpi_compute (store, from, to, &error);
  if (report != NULL)
    before = kefu_kpi_compute (store, from - (to - from), from, &error);
  if (report == NULL || before == NULL)
    return fail_with (error);
  if (json)
    {
      g_autofree char *text = kefu_kpi_report_to_json (report);
      g_print ("%s\n", text);
      return 0;
    }
  g_print (_("KPIs of the tickets created from %s up to %s (not included)\n"), values[0], values[1]);
  g_print ("%-28s %12s %12s %12s\n", _("KPI"), _("Value"), _("Target"), _("Before"));
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      const KefuKpiInfo *info = kefu_kpi_info (k);
      g_autofree char *value = kefu_kpi_format (k, report->value[k]);
      g_autofree char *target = kefu_kpi_format (k, info->target);
      g_autofree char *previous = kefu_kpi_format (k, before->value[k]);
      const char *label = _(info->label);
      int pad = 28 - display_width (label);

      g_print ("%s%*s %12s %12s %12s\n", label, MAX (pad, 0), "", value,
               isnan (info->target) ? "" : target, previous);
    }
  return 0;
}

/* report chart KIND: one of the dashboard's charts to PNG, SVG or PDF */
static int
report_chart (const char  *db_path,
              int          argc,
              char       **argv)
{
  static const char *names[] = { "--from", "--to", "--out", "--width", "--height", NULL };
  const char *values[5] = { NULL, NULL, NULL, NULL, NULL };
  const char *usage = _("Usage: kefu-cli [--db FILE] report chart KIND --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.png|svg|pdf [--width W --height H]");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuChart) chart = NULL;
  g_autoptr(GError) error = NULL;
  KefuReportChart which;
  gint64 from = 0, to = 0;
  guint64 width = 1200, height = 700;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      g_print ("%s\n", usage);
      return 0;
    }
  if (!take_options (argc, argv, "report", names, values, args))
    return 2;
  if (args->len != 1 || values[0] == NULL || values[1] == NULL || values[2] == NULL)
    {
      g_printerr ("%s\n", usage);
      return 2;
    }
  if (!kefu_report_chart_from_key (args->pdata[0], &which))
    {
      g_autoptr(GString) kinds = g_string_new (NULL);
      for (KefuReportChart c = 0; c < KEFU_N_REPORT_CHARTS; c++)
        g_string_append_printf (kinds, "%s%s", c ? ", " : "", kefu_report_chart_key (c));
      g_printerr (_("report: no chart “%s”; the charts are %s.\n"), (const char *) args->pdata[0], kinds->str);
      return 2;
    }
  if (!parse_period (names, values, &from, &to))
    return 2;
  if ((values[3] != NULL && (!parse_uint (values[3], 10000, &width) || width < 200)) ||
      (values[4] != NULL && (!parse_uint (values[4], 10000, &height) || height < 150)))
    {
      g_printerr ("%s\n", _("report: --width takes 200 to 10000 and --height 150 to 10000 (pixels or points)."));
      return 2;
    }
  store = open_store_to_read (db_path);
  if (store == NULL)
    return 1;
  chart = kefu_report_chart_build (store, which, from, to, NULL, &error);
  if (chart == NULL || !kefu_chart_export (chart, values[2], width, height, &error))
    return fail_with (error);
  g_print (_("Wrote “%s” (%s, %u×%u).\n"), values[2], kefu_report_chart_title (which), (guint) width, (guint) height);
  return 0;
}

/* report monthly: the month's report for management, PDF or XLSX */
static int
report_monthly (const char  *db_path,
                int          argc,
                char       **argv)
{
  static const char *names[] = { "--month", "--out", NULL };
  const char *values[2] = { NULL, NULL };
  const char *usage = _("Usage: kefu-cli [--db FILE] report monthly --month YYYY-MM --out FILE.pdf|xlsx");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 from, to;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      g_print ("%s\n", usage);
      return 0;
    }
  if (!take_options (argc, argv, "report", names, values, args))
    return 2;
  if (args->len != 0 || values[0] == NULL || values[1] == NULL)
    {
      g_printerr ("%s\n", usage);
      return 2;
    }
  if (!kefu_report_parse_month (values[0], &from, &to))
    {
      g_printerr (_("report: --month takes a month like “2026-07”, not “%s”.\n"), values[0]);
      return 2;
    }
  if (!g_str_has_suffix (values[1], ".pdf") && !g_str_has_suffix (values[1], ".xlsx"))
    {
      g_printerr (_("report: “%s”: the report is written as .pdf or .xlsx.\n"), values[1]);
      return 2;
    }
  store = open_store_to_read (db_path);
  if (store == NULL)
    return 1;
  if (!kefu_report_monthly (store, values[0], values[1], &error))
    return fail_with (error);
  g_print (_("Wrote the report for %s to “%s”.\n"), values[0], values[1]);
  return 0;
}

int
cmd_report (const char  *db_path,
            int          argc,
            char       **argv)
{
  if (argc > 1 && g_str_equal (argv[1], "kpi"))
    return report_kpi (db_path, argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "chart"))
    return report_chart (db_path, argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "monthly"))
    return report_monthly (db_path, argc - 1, argv + 1);
  g_printerr ("%s\n%s\n%s\n", _("Usage: kefu-cli [--db FILE] report kpi --from YYYY-MM-DD --to YYYY-MM-DD [--json]"),
              _("       kefu-cli [--db FILE] report chart KIND --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.png|svg|pdf"),
              _("       kefu-cli [--db FILE] report monthly --month YYYY-MM --out FILE.pdf|xlsx"));
  return 2;
}
