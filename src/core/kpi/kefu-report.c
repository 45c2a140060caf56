/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-report.c — the monthly report for management: PDF and XLSX
 *
 * The PDF is drawn with Cairo and PangoCairo on A4 pages: a cover, the KPI
 * table against targets and the previous month, the dashboard's charts,
 * the customer-analysis table and the recurring faults. The workbook has
 * the same tables as data sheets and native Excel charts (libxlsxwriter).
 * Every figure comes from kefu-kpi.c, the same as the dashboard's.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-enums.h"
#include "kefu-kpi-charts.h"
#include "kefu-kpi.h"
#include "kefu-pdf-private.h"
#include "kefu-query.h"
#include "kefu-report.h"
#include "kefu-safe-file.h"
#include "kefu-store-private.h"
#include "kefu-xlsx.h"

G_DEFINE_QUARK (kefu-report-error-quark, kefu_report_error)

/* Data ------------------------------------------------------------------- */

static void
customer_row_free (gpointer data)
{
  KefuCustomerRow *r = data;

  g_free (r->category);
  g_free (r->needs);
  g_free (r->plan);
  g_free (r);
}

static void
fault_free (gpointer data)
{
  KefuRecurringFault *f = data;

  g_free (f->location);
  g_free (f->subtype);
  g_free (f);
}

/* The head of the audit log, anchored in the report (kefu-audit.h): "" when
 * it cannot be read, so a report is never refused for it. */
static char *
audit_anchor_line (KefuStore *store)
{
  KefuAuditHead head;
  g_autofree char *anchor = NULL;

  if (!kefu_audit_get_head (store, &head, NULL))
    return g_strdup ("");
  anchor = kefu_audit_head_to_string (&head);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Audit log: %lld entry. Its anchor, for “kefu-cli audit verify --anchor”: %s",
                                       "Audit log: %lld entries. Its anchor, for “kefu-cli audit verify --anchor”: %s",
                                       head.entries),
                          (long long) head.entries, anchor);
}

#define CATEGORY \
  "coalesce((SELECT min(tag) FROM owner_tags g WHERE g.owner_id = t.owner_id), " \
  "         CASE WHEN t.owner_id IS NULL THEN '公共区域' ELSE '普通业主' END)"

static char *
plan_for (const KefuCustomerRow *r)
{
  const KefuKpiInfo *satisfaction = kefu_kpi_info (KEFU_KPI_SATISFACTION);

  /* what a supervisor writes in the last column, from the figures */
  if (!isnan (r->satisfaction) && r->satisfaction < satisfaction->target - 10)
    return g_strdup (_("Call back every rated ticket below 4; review with the team"));
  if (!isnan (r->satisfaction) && r->satisfaction < satisfaction->target)
    return g_strdup (_("Call back low ratings within a week"));
  if (r->open > 0 && r->tickets > 0 && (double) r->open / r->tickets > 0.1)
    return g_strdup (_("Chase the open tickets at the daily meeting"));
  return g_strdup (_("Keep the routine follow-up calls"));
}

GPtrArray *
kefu_report_customers (KefuStore  *store,
                       gint64      from,
                       gint64      to,
                       GError    **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (customer_row_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT " CATEGORY ", count(*), sum(CASE WHEN t.resolved_at IS NOT NULL THEN 1 ELSE 0 END), "
      "  sum(CASE WHEN t.status NOT IN ('resolved', 'closed', 'cancelled') THEN 1 ELSE 0 END), "
      "  avg(CASE WHEN t.satisfaction BETWEEN 1 AND 5 THEN t.satisfaction * 20.0 END), "
      "  avg(CASE WHEN t.resolved_at IS NOT NULL THEN (t.resolved_at - t.created_at) / 86400.0 END) "
      "FROM tickets t WHERE t.created_at >= ?1 AND t.created_at < ?2 GROUP BY 1 ORDER BY 2 DESC, 1", error);
  KEFU_AUTO_QUERY *needs = kefu_query_prepare (store,
      "SELECT t.subtype, count(*) FROM tickets t WHERE t.created_at >= ?1 AND t.created_at < ?2 "
      "AND " CATEGORY " = ?3 AND t.subtype IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3", error);
  gint64 total = 0;
  KefuQueryStep rc;

  if (stmt == NULL || needs == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, from);
  kefu_query_bind_int (stmt, 2, to);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuCustomerRow *r = g_new0 (KefuCustomerRow, 1);

      r->category = g_strdup (kefu_query_get_text (stmt, 0));
      r->tickets = kefu_query_get_int (stmt, 1);
      r->resolved = kefu_query_get_int (stmt, 2);
      r->open = kefu_query_get_int (stmt, 3);
      r->satisfaction = kefu_query_is_null (stmt, 4) ? NAN : kefu_query_get_double (stmt, 4);
      r->days = kefu_query_is_null (stmt, 5) ? NAN : kefu_query_get_double (stmt, 5);
      total += r->tickets;
      g_ptr_array_add (rows, r);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      KefuCustomerRow *r = rows->pdata[i];
      g_autoptr(GString) text = g_string_new (NULL);

      r->share = total > 0 ? (double) r->tickets / total : 0;
      kefu_query_reset (needs);
      kefu_query_bind_int (needs, 1, from);
      kefu_query_bind_int (needs, 2, to);
      kefu_query_bind_text (needs, 3, r->category);
      while ((rc = kefu_query_step (store, needs, error)) == KEFU_QUERY_ROW)
        g_string_append_printf (text, "%s%s %lld", text->len ? C_("list separator", ", ") : "",
                                kefu_code_label (KEFU_CODES_SUBTYPE, kefu_query_get_text (needs, 0)),
                                (long long) kefu_query_get_int (needs, 1));
      if (rc == KEFU_QUERY_FAILED)
        return NULL;
      r->needs = g_string_free (g_steal_pointer (&text), FALSE);
      r->plan = plan_for (r);
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
kefu_report_recurring_faults (KefuStore  *store,
                              gint64      from,
                              gint64      to,
                              guint       limit,
                              GError    **error)
{
  g_autoptr(GPtrArray) faults = g_ptr_array_new_with_free_func (fault_free);
  /* a first report and those linked to it (the intake's "same fault") */
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT f.location, f.subtype, 1 + count(r.id), f.created_at, max(r.created_at) "
      "FROM tickets f JOIN tickets r ON r.linked_to = f.id "
      "WHERE r.created_at >= ?1 AND r.created_at < ?2 "
      "GROUP BY f.id ORDER BY 3 DESC, f.created_at LIMIT ?3", error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, from);
  kefu_query_bind_int (stmt, 2, to);
  kefu_query_bind_int (stmt, 3, limit);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuRecurringFault *f = g_new0 (KefuRecurringFault, 1);
      const char *subtype = kefu_query_get_text (stmt, 1);

      f->location = g_strdup (kefu_query_get_text (stmt, 0));
      f->subtype = g_strdup (subtype != NULL ? kefu_code_label (KEFU_CODES_SUBTYPE, subtype) : "");
      f->reports = kefu_query_get_int (stmt, 2);
      f->first_at = kefu_query_get_int (stmt, 3);
      f->last_at = kefu_query_get_int (stmt, 4);
      g_ptr_array_add (faults, f);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&faults);
}

char *
kefu_report_default_month (gint64 now)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) this_month = g_date_time_new_local (g_date_time_get_year (at), g_date_time_get_month (at), 1, 0, 0, 0);
  g_autoptr(GDateTime) last = g_date_time_add_months (this_month, -1);

  return g_date_time_format (last, "%Y-%m");
}

gboolean
kefu_report_parse_month (const char *month,
                         gint64     *from,
                         gint64     *to)
{
  int y, m;
  char tail;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  if (month == NULL || sscanf (month, "%4d-%2d%c", &y, &m, &tail) != 2 || y < 1970 || y > 9999 || m < 1 || m > 12)
    return FALSE;
  start = g_date_time_new_local (y, m, 1, 0, 0, 0);
  end = g_date_time_add_months (start, 1);
  *from = g_date_time_to_unix (start);
  *to = g_date_time_to_unix (end);
  return TRUE;
}

typedef struct {
  gboolean       month;           /* a calendar month (else the dashboard's period) */
  char          *month_title;     /* "2026年11月" */
  gint64         from, to;
  gboolean       partial;         /* the period is not over: figures up to the store's clock */
  gint64         through;         /* partial: the clock */
  gint64         before_from, before_to;   /* what the previous columns cover */
  KefuKpiReport *report;
  KefuKpiReport *before;
  GPtrArray     *customers;
  GPtrArray     *faults;
} Monthly;

static void
monthly_clear (Monthly *m)
{
  g_clear_pointer (&m->month_title, g_free);
  g_clear_pointer (&m->report, kefu_kpi_report_free);
  g_clear_pointer (&m->before, kefu_kpi_report_free);
  g_clear_pointer (&m->customers, g_ptr_array_unref);
  g_clear_pointer (&m->faults, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Monthly, monthly_clear)

/* The period's figures and the previous period's from @before_from. A
 * period not over yet (the store's clock inside it) is compared with the
 * same days of the previous one: 1–20 November with 1–20 October, not
 * with the whole of October. */
static gboolean
load_figures (KefuStore  *store,
              Monthly    *m,
              gint64      before_from,
              GError    **error)
{
  gint64 now = kefu_store_now (store), end = m->to;

  m->before_from = before_from;
  m->before_to = m->from;
  if (now > m->from && now < m->to)
    {
      m->partial = TRUE;
      m->through = now;
      end = now;
      m->before_to = MIN (before_from + (now - m->from), m->from);
    }
  m->report = kefu_kpi_compute (store, m->from, end, error);
  if (m->report == NULL)
    return FALSE;
  m->before = kefu_kpi_compute (store, m->before_from, m->before_to, error);
  return m->before != NULL;
}

static gboolean
monthly_load (KefuStore   *store,
              const char  *month,
              Monthly     *m,
              GError     **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) previous = NULL;

  if (!kefu_report_parse_month (month, &m->from, &m->to))
    {
      g_set_error (error, KEFU_REPORT_ERROR, KEFU_REPORT_ERROR_FORMAT,
                   _("“%s” is not a month; write it as YYYY-MM, e.g. 2026-07."), month);
      return FALSE;
    }
  m->month = TRUE;
  start = g_date_time_new_from_unix_local (m->from);
  previous = g_date_time_add_months (start, -1);
  /* Translators: the report's month, strftime format */
  m->month_title = g_date_time_format (start, C_("dashboard period", "%B %Y"));
  /* the previous calendar month, not the same number of days */
  if (!load_figures (store, m, g_date_time_to_unix (previous), error))
    return FALSE;
  m->customers = kefu_report_customers (store, m->from, m->to, error);
  if (m->customers == NULL)
    return FALSE;
  m->faults = kefu_report_recurring_faults (store, m->from, m->to, 10, error);
  return m->faults != NULL;
}

static char *
change_text (KefuKpi k,
             double  now,
             double  before)
{
  if (isnan (now) || isnan (before))
    return g_strdup ("—");
  switch (kefu_kpi_info (k)->format)
    {
    case KEFU_KPI_FORMAT_RATE:
      /* Translators: a change in percentage points */
      return g_strdup_printf (_("%+.1f pts"), (now - before) * 100);
    case KEFU_KPI_FORMAT_MINUTES:
      /* Translators: a change in minutes, e.g. "+6.6 min" */
      return g_strdup_printf (_("%+.1f min"), now - before);
    case KEFU_KPI_FORMAT_COUNT:
      return g_strdup_printf ("%+.0f", now - before);
    case KEFU_KPI_FORMAT_SCORE:
    default:
      return g_strdup_printf ("%+.1f", now - before);
    }
}

static const char *
met_text (KefuKpi k,
          double  value)
{
  const KefuKpiInfo *info = kefu_kpi_info (k);

  if (isnan (info->target) || isnan (value))
    return "";
  return (info->higher_is_better ? value >= info->target : value <= info->target) ? _("Met") : _("Missed");
}

static char *
one_decimal (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.1f", value);
}

/* PDF -------------------------------------------------------------------- */

#define PAGE_W KEFU_PDF_PAGE_W
#define PAGE_H KEFU_PDF_PAGE_H
#define MARGIN 48.0

typedef KefuPdf Pdf;



static void
page_frame (Pdf        *pdf,
            const char *title,
            const char *month)
{
  g_autofree char *footer = NULL;

  cairo_set_source_rgb (pdf->cr, 0.35, 0.35, 0.4);
  kefu_pdf_text (pdf, month, MARGIN, 24, PAGE_W - 2 * MARGIN, "Sans 8", PANGO_ALIGN_RIGHT, FALSE);
  /* Translators: the report's page footer */
  footer = g_strdup_printf (_("Page %d"), pdf->page);
  kefu_pdf_text (pdf, footer, MARGIN, PAGE_H - 32, PAGE_W - 2 * MARGIN, "Sans 8", PANGO_ALIGN_CENTER, FALSE);
  cairo_set_source_rgb (pdf->cr, 0.1, 0.1, 0.15);
  pdf->y = MARGIN + 10;
  if (title != NULL)
    pdf->y += kefu_pdf_text (pdf, title, MARGIN, pdf->y, PAGE_W - 2 * MARGIN, "Sans Bold 16", PANGO_ALIGN_LEFT, FALSE) + 14;
}

static void
new_page (Pdf        *pdf,
          const char *title,
          const char *month)
{
  kefu_pdf_start_page (pdf);
  pdf->page++;
  page_frame (pdf, title, month);
}

/* @font, smaller if needed (down to 5.5 pt) so that no word of @text in a
 * Latin script is wider than @width: Pango would break it mid-word
 * ("Satisf|action", "Custo|mer"). Chinese breaks between characters,
 * except in a @whole cell (a name, "业委会成员"): it is one word. */
static char *
fitted_font (Pdf        *pdf,
             const char *text,
             double      width,
             const char *font,
             gboolean    whole)
{
  PangoFontDescription *desc = pango_font_description_from_string (font);
  double size = pango_font_description_get_size (desc) / (double) PANGO_SCALE, widest = 0;
  const char *p = text != NULL ? text : "";
  char *out;

  while (*p != '\0')
    {
      const char *start = p;

      while (*p != '\0' && (whole || (*p != ' ' && g_utf8_get_char (p) < 0x2e80)))
        p = g_utf8_next_char (p);
      if (p > start)
        {
          PangoLayout *layout = kefu_text_layout_new (pdf->cr);
          int w, h;

          pango_layout_set_font_description (layout, desc);
          pango_layout_set_text (layout, start, (int) (p - start));
          pango_layout_get_size (layout, &w, &h);
          widest = MAX (widest, w / (double) PANGO_SCALE);
          g_object_unref (layout);
        }
      if (*p != '\0')
        p = g_utf8_next_char (p);
    }
  if (widest > width && width > 0)
    pango_font_description_set_size (desc, (int) (MAX (floor (size * width / widest * 10) / 10, 5.5) * PANGO_SCALE));
  /* a name is set on one line: its type steps down until it is (glyph
   * advances are not proportional to the size; the rounding of hinted
   * metrics can leave the scaled name a point too wide) */
  while (whole && text != NULL && widest > width && width > 0 && pango_font_description_get_size (desc) > 5.5 * PANGO_SCALE)
    {
      PangoLayout *layout = kefu_text_layout_new (pdf->cr);
      int w, h;

      pango_layout_set_font_description (layout, desc);
      pango_layout_set_text (layout, text, -1);
      pango_layout_get_size (layout, &w, &h);
      g_object_unref (layout);
      if (w / (double) PANGO_SCALE <= width)
        break;
      pango_font_description_set_size (desc, MAX (pango_font_description_get_size (desc) - PANGO_SCALE / 4, (int) (5.5 * PANGO_SCALE)));
    }
  out = pango_font_description_to_string (desc);
  pango_font_description_free (desc);
  return out;
}

/* @whole: a bit for each column whose cells are names, never broken
 * inside (see fitted_font()) */
static double
row_height (Pdf                *pdf,
            const char * const *cells,
            const double       *widths,
            guint               n_columns,
            guint               whole,
            const char         *font)
{
  double height = 0;

  for (guint c = 0; c < n_columns; c++)
    {
      PangoLayout *layout = kefu_text_layout_new (pdf->cr);
      g_autofree char *cell_font = fitted_font (pdf, cells[c], widths[c] - 8, font, (whole >> c) & 1);
      PangoFontDescription *desc = pango_font_description_from_string (cell_font);
      int lw, lh;

      pango_layout_set_font_description (layout, desc);
      pango_layout_set_width (layout, (int) ((widths[c] - 8) * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text (layout, cells[c] != NULL ? cells[c] : "", -1);
      pango_layout_get_size (layout, &lw, &lh);
      height = MAX (height, lh / (double) PANGO_SCALE + 8);
      pango_font_description_free (desc);
      g_object_unref (layout);
    }
  return height;
}

/* The height @text takes in @font within @width, without drawing it. */
static double
text_height (Pdf        *pdf,
             const char *text,
             double      width,
             const char *font)
{
  const char *cells[] = { text };
  double widths[] = { width + 8 };

  return row_height (pdf, cells, widths, 1, 0, font) - 8;
}

static void
draw_row (Pdf                *pdf,
          const char * const *cells,
          const double       *widths,
          guint               n_columns,
          guint               whole,
          gboolean            header)
{
  const char *font = header ? "Sans Bold 8.5" : "Sans 8.5";
  double height = row_height (pdf, cells, widths, n_columns, whole, font), x = MARGIN;

  if (header)
    {
      cairo_set_source_rgb (pdf->cr, 0.90, 0.93, 0.97);
      cairo_rectangle (pdf->cr, MARGIN, pdf->y, PAGE_W - 2 * MARGIN, height);
      cairo_fill (pdf->cr);
    }
  cairo_set_source_rgb (pdf->cr, 0.1, 0.1, 0.15);
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *cell_font = fitted_font (pdf, cells[c], widths[c] - 8, font, (whole >> c) & 1);

      kefu_pdf_text (pdf, cells[c] != NULL ? cells[c] : "", x + 4, pdf->y + 4, widths[c] - 8, cell_font, PANGO_ALIGN_LEFT, FALSE);
      x += widths[c];
    }
  pdf->y += height;
  cairo_set_source_rgb (pdf->cr, 0.8, 0.82, 0.86);
  cairo_set_line_width (pdf->cr, 0.5);
  cairo_move_to (pdf->cr, MARGIN, pdf->y);
  cairo_line_to (pdf->cr, PAGE_W - MARGIN, pdf->y);
  cairo_stroke (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0.1, 0.1, 0.15);
}

/* A table: a header row on a tinted band, then rows with thin rules; a
 * row that does not fit starts a new page, which repeats the header. */
static void
table (Pdf                *pdf,
       const char * const *headers,
       const double       *widths,
       guint               n_columns,
       guint               whole,        /* the columns of names, a bit each */
       GPtrArray          *rows,         /* GStrv each */
       const char         *month)
{
  draw_row (pdf, headers, widths, n_columns, 0, TRUE);
  for (guint r = 0; r < rows->len; r++)
    {
      const char * const *cells = rows->pdata[r];

      if (pdf->y + row_height (pdf, cells, widths, n_columns, whole, "Sans 8.5") > PAGE_H - MARGIN - 20)
        {
          new_page (pdf, NULL, month);
          draw_row (pdf, headers, widths, n_columns, 0, TRUE);
        }
      draw_row (pdf, cells, widths, n_columns, whole, FALSE);
    }
}

/* @text (taken) with the spaces around its numbers made no-break
 * (U+00A0): "≤ 15.0 min" and "+6.6 min" never wrap between a number and
 * its unit or label. */
static char *
no_break (char *text)
{
  GString *out = g_string_new (NULL);

  /* after a number ("15.0 min", "50 %"), or before one unless after a
   * comma ("≤ 15.0", "已办结 44", but "resolved, 0 open" may break) */
  for (const char *p = text; *p != '\0'; p++)
    if (*p == ' ' && p > text &&
        (g_ascii_isdigit (p[-1]) || p[-1] == '%' ||
         (g_ascii_isdigit (p[1]) && p[-1] != ',' && !g_str_has_suffix (out->str, "，"))))
      g_string_append (out, "\u00a0");
    else
      g_string_append_c (out, *p);
  g_free (text);
  return g_string_free (out, FALSE);
}

static GPtrArray *
kpi_rows (const Monthly *m)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      const KefuKpiInfo *info = kefu_kpi_info (k);
      GStrv row = g_new0 (char *, 7);

      row[0] = g_strdup (_(info->label));
      row[1] = kefu_kpi_format (k, m->report->value[k]);
      row[2] = isnan (info->target) ? g_strdup ("") :
               g_strdup_printf ("%s %s", info->higher_is_better ? "≥" : "≤", kefu_kpi_format (k, info->target));
      row[3] = kefu_kpi_format (k, m->before->value[k]);
      row[4] = change_text (k, m->report->value[k], m->before->value[k]);
      row[5] = g_strdup (met_text (k, m->report->value[k]));
      for (guint c = 1; c <= 4; c++)
        row[c] = no_break (row[c]);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static GPtrArray *
customer_rows (const Monthly *m)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < m->customers->len; i++)
    {
      KefuCustomerRow *c = m->customers->pdata[i];
      GStrv row = g_new0 (char *, 10);

      row[0] = g_strdup_printf ("%u", i + 1);
      row[1] = g_strdup (c->category);
      row[2] = g_strdup_printf ("%lld", (long long) c->tickets);
      row[3] = g_strdup_printf ("%.1f%%", c->share * 100);
      row[4] = g_strdup (c->needs);
      /* Translators: processing status of a customer category: resolved, open */
      row[5] = g_strdup_printf (_("%lld resolved, %lld open"), (long long) c->resolved, (long long) c->open);
      row[6] = one_decimal (c->satisfaction);
      row[7] = one_decimal (c->days);
      row[8] = g_strdup (c->plan);
      /* numbers keep their units and labels: "50.8%", "已办结 44" */
      row[4] = no_break (row[4]);
      row[5] = no_break (row[5]);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static GPtrArray *
fault_rows (const Monthly *m)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < m->faults->len; i++)
    {
      KefuRecurringFault *f = m->faults->pdata[i];
      GStrv row = g_new0 (char *, 6);

      row[0] = g_strdup_printf ("%u", i + 1);
      row[1] = g_strdup (f->location);
      row[2] = g_strdup (f->subtype);
      row[3] = g_strdup_printf ("%lld", (long long) f->reports);
      row[4] = kefu_format_time (f->first_at, "%Y-%m-%d");
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static const char *customer_headers[] = {
  N_("No."), N_("Customer category"), N_("Tickets"), N_("Share"), N_("Needs and feedback"),
  N_("Status"), N_("Satisfaction"), N_("Days to resolve"), N_("Follow-up plan"),
};

static const char *kpi_headers[] = { N_("KPI"), N_("This month"), N_("Target"), N_("Last month"), N_("Change"), N_("Target met") };

static const char *fault_headers[] = { N_("No."), N_("Location"), N_("Fault"), N_("Reports"), N_("First reported") };

static GStrv
translated (const char * const *headers,
            guint               n)
{
  GStrv out = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    out[i] = g_strdup (_(headers[i]));
  return out;
}

static GPtrArray *
render_pages (KefuStore     *store,
              const Monthly *m,
              GError       **error)
{
  static const KefuReportChart pages[][2] = {
    { KEFU_REPORT_CHART_TREND, KEFU_REPORT_CHART_KIND_SHARE },
    { KEFU_REPORT_CHART_RESPONSE_HISTOGRAM, KEFU_REPORT_CHART_TARGETS },
    { KEFU_REPORT_CHART_HEATMAP, KEFU_REPORT_CHART_ARRIVALS },
  };
  g_autoptr(GPtrArray) kpis = kpi_rows (m);
  g_autoptr(GPtrArray) customers = customer_rows (m);
  g_autoptr(GPtrArray) faults = fault_rows (m);
  g_auto(GStrv) kh = translated (kpi_headers, G_N_ELEMENTS (kpi_headers));
  g_auto(GStrv) ch = translated (customer_headers, G_N_ELEMENTS (customer_headers));
  g_auto(GStrv) fh = translated (fault_headers, G_N_ELEMENTS (fault_headers));
  /* wide enough for "≤ 15.0 分钟", "+5.7 个百分点" and "100.0%" on one line */
  static const double kpi_widths[] = { 118, 74, 80, 74, 88, 65 };
  /* a customer category is a name (业委会成员, 独居老人): wide enough for six
   * characters on one line, and never broken (smaller type if longer) */
  static const double customer_widths[] = { 22, 78, 40, 40, 78, 60, 58, 44, 79 };
  static const double fault_widths[] = { 30, 170, 110, 70, 119 };
  Pdf pdf = { 0 };

  if (!m->month)
    {
      g_free (kh[1]);
      g_free (kh[3]);
      kh[1] = g_strdup (_("This period"));
      kh[3] = g_strdup (_("Previous period"));
    }
  if (m->partial)
    {
      g_free (kh[1]);
      g_free (kh[3]);
      kh[1] = g_strdup (m->month ? _("This month so far") : _("This period so far"));
      kh[3] = g_strdup (m->month ? _("Same days last month") : _("Same days, previous period"));
    }
  pdf.pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  kefu_pdf_start_page (&pdf);

  /* the cover */
  {
    g_autofree char *now = kefu_format_time (kefu_store_now (store), "%Y-%m-%d %H:%M");
    g_autofree char *generated = g_strdup_printf (_("Generated by Kefu on %s"), now);
    g_autofree char *tickets = kefu_kpi_format (KEFU_KPI_TICKETS, m->report->value[KEFU_KPI_TICKETS]);
    g_autofree char *satisfaction = kefu_kpi_format (KEFU_KPI_SATISFACTION, m->report->value[KEFU_KPI_SATISFACTION]);
    g_autofree char *closure = kefu_kpi_format (KEFU_KPI_COMPLAINT_CLOSURE_RATE, m->report->value[KEFU_KPI_COMPLAINT_CLOSURE_RATE]);
    g_autofree char *summary = g_strdup_printf (_("%s tickets · satisfaction %s · complaint closure %s"),
                                                tickets, satisfaction, closure);

    pdf.page = 1;
    cairo_set_source_rgb (pdf.cr, 0.11, 0.35, 0.62);
    cairo_rectangle (pdf.cr, 0, 0, PAGE_W, 260);
    cairo_fill (pdf.cr);
    cairo_set_source_rgb (pdf.cr, 1, 1, 1);
    pdf.y = 120;
    pdf.y += kefu_pdf_text (&pdf, _("Service Center"), MARGIN, pdf.y, PAGE_W - 2 * MARGIN, "Sans 14", PANGO_ALIGN_LEFT, FALSE) + 6;
    kefu_pdf_text (&pdf, _("Monthly Service Report"), MARGIN, pdf.y, PAGE_W - 2 * MARGIN, "Sans Bold 28", PANGO_ALIGN_LEFT, FALSE);
    cairo_set_source_rgb (pdf.cr, 0.1, 0.1, 0.15);
    pdf.y = 300;
    pdf.y += kefu_pdf_text (&pdf, m->month_title, MARGIN, pdf.y, PAGE_W - 2 * MARGIN, "Sans Bold 20", PANGO_ALIGN_LEFT, FALSE) + 16;
    pdf.y += kefu_pdf_text (&pdf, summary, MARGIN, pdf.y, PAGE_W - 2 * MARGIN, "Sans 12", PANGO_ALIGN_LEFT, FALSE) + 24;
    /* a period not over yet says so on its cover */
    if (m->partial)
      {
        g_autofree char *through = kefu_format_time (m->through, "%Y-%m-%d %H:%M");
        g_autofree char *a = kefu_format_time (m->before_from, "%Y-%m-%d %H:%M");
        g_autofree char *b = kefu_format_time (m->before_to, "%Y-%m-%d %H:%M");
        /* Translators: on the cover of a month not over yet: the month, the clock, the previous period's days */
        g_autofree char *note = g_strdup_printf (_("%s is not over: its figures up to %s are compared with the same days "
                                                   "of the previous period, %s to %s."), m->month_title, through, a, b);

        cairo_set_source_rgb (pdf.cr, 0.6, 0.25, 0.0);
        pdf.y += kefu_pdf_text (&pdf, note, MARGIN, pdf.y, PAGE_W - 2 * MARGIN, "Sans Bold 11", PANGO_ALIGN_LEFT, FALSE) + 8;
      }
    cairo_set_source_rgb (pdf.cr, 0.35, 0.35, 0.4);
    kefu_pdf_text (&pdf, generated, MARGIN, PAGE_H - 80, PAGE_W - 2 * MARGIN, "Sans 9", PANGO_ALIGN_LEFT, FALSE);
    {
      g_autofree char *anchor = audit_anchor_line (store);
      kefu_pdf_text (&pdf, anchor, MARGIN, PAGE_H - 64, PAGE_W - 2 * MARGIN, "Sans 7", PANGO_ALIGN_LEFT, FALSE);
    }
  }

  /* the KPIs */
  new_page (&pdf, _("Key figures against target"), m->month_title);
  table (&pdf, (const char * const *) kh, kpi_widths, G_N_ELEMENTS (kpi_widths), 0, kpis, m->month_title);
  pdf.y += 10;
  pdf.y += 4;
  /* How each KPI is computed, in small print under the table: smaller and
   * closer together if that keeps them on this page, so that no page is
   * left with a line or two. */
  {
    static const struct { const char *font; double gap; } styles[] = { { "Sans 7.5", 3 }, { "Sans 7", 1.5 }, { "Sans 6.5", 1 } };
    g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
    guint style = 0;
    double bottom = PAGE_H - MARGIN - 20;

    for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
      /* Translators: a KPI's name and how it is computed */
      g_ptr_array_add (notes, g_strdup_printf (_("%s: %s"), _(kefu_kpi_info (k)->label), _(kefu_kpi_info (k)->how)));
    for (; style + 1 < G_N_ELEMENTS (styles); style++)
      {
        double total = 0;
        for (guint i = 0; i < notes->len; i++)
          total += text_height (&pdf, notes->pdata[i], PAGE_W - 2 * MARGIN, styles[style].font) + styles[style].gap;
        if (pdf.y + total <= bottom)
          break;
      }
    {
      double total = 0;
      for (guint i = 0; i < notes->len; i++)
        total += text_height (&pdf, notes->pdata[i], PAGE_W - 2 * MARGIN, styles[style].font) + styles[style].gap;
      /* still too long: all of them on the next page, under their own heading */
      if (pdf.y + total > bottom)
        {
          style = 0;
          new_page (&pdf, _("How the figures are computed"), m->month_title);
        }
    }
    for (guint i = 0; i < notes->len; i++)
      {
        double h = text_height (&pdf, notes->pdata[i], PAGE_W - 2 * MARGIN, styles[style].font);

        if (pdf.y + h > bottom)
          new_page (&pdf, NULL, m->month_title);
        cairo_set_source_rgb (pdf.cr, 0.35, 0.35, 0.4);
        pdf.y += kefu_pdf_text (&pdf, notes->pdata[i], MARGIN, pdf.y, PAGE_W - 2 * MARGIN, styles[style].font,
                                PANGO_ALIGN_LEFT, FALSE) + styles[style].gap;
      }
  }

  /* the charts, two to a page */
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      double height;

      new_page (&pdf, p == 0 ? _("Charts") : NULL, m->month_title);
      height = (PAGE_H - pdf.y - MARGIN - 30) / 2 - 10;
      for (guint c = 0; c < 2; c++)
        {
          g_autoptr(KefuChart) chart = kefu_report_chart_build (store, pages[p][c], m->from, m->to, NULL, error);
          double top = pdf.y;

          if (chart == NULL)
            goto fail;
          cairo_save (pdf.cr);
          cairo_translate (pdf.cr, MARGIN, top);
          kefu_chart_render (chart, pdf.cr, PAGE_W - 2 * MARGIN, height);
          cairo_restore (pdf.cr);
          pdf.y = top + height + 20;
        }
    }

  /* recurring faults, then customers: a short faults section (often one
   * line) never stands alone on a page after the long customer table */
  new_page (&pdf, _("Recurring faults"), m->month_title);
  if (faults->len == 0)
    pdf.y += kefu_pdf_text (&pdf, _("No fault was reported again this month."), MARGIN, pdf.y, PAGE_W - 2 * MARGIN,
                            "Sans 9", PANGO_ALIGN_LEFT, FALSE);
  else
    table (&pdf, (const char * const *) fh, fault_widths, G_N_ELEMENTS (fault_widths), 0, faults, m->month_title);
  pdf.y += 24;
  /* the heading with the table's header and two rows */
  if (pdf.y + 140 > PAGE_H - MARGIN - 20)
    new_page (&pdf, NULL, m->month_title);
  cairo_set_source_rgb (pdf.cr, 0.1, 0.1, 0.15);
  pdf.y += kefu_pdf_text (&pdf, _("Customer analysis"), MARGIN, pdf.y, PAGE_W - 2 * MARGIN, "Sans Bold 16", PANGO_ALIGN_LEFT, FALSE) + 14;
  table (&pdf, (const char * const *) ch, customer_widths, G_N_ELEMENTS (customer_widths), 1 << 1, customers, m->month_title);

  cairo_destroy (pdf.cr);
  return pdf.pages;

fail:
  cairo_destroy (pdf.cr);
  g_ptr_array_unref (pdf.pages);
  return NULL;
}


/* XLSX ------------------------------------------------------------------- */

static gboolean
write_xlsx (KefuStore     *store,
            const Monthly *m,
            const char    *path,
            GError       **error)
{
  KefuXlsx xlsx;
  lxw_workbook *book;
  lxw_worksheet *summary, *daily, *kinds, *responses, *customers, *faults;
  lxw_format *bold, *percent;
  g_autoptr(GPtrArray) kpi = kpi_rows (m);
  g_autoptr(GPtrArray) cust = customer_rows (m);
  g_autoptr(GPtrArray) flt = fault_rows (m);
  g_auto(GStrv) kh = translated (kpi_headers, G_N_ELEMENTS (kpi_headers));
  g_auto(GStrv) ch = translated (customer_headers, G_N_ELEMENTS (customer_headers));
  g_auto(GStrv) fh = translated (fault_headers, G_N_ELEMENTS (fault_headers));
  g_autoptr(KefuKpiTable) trend = NULL;
  g_autoptr(KefuKpiTable) share = NULL;
  g_autoptr(KefuKpiTable) histogram = NULL;

  trend = kefu_kpi_trend (store, m->from, m->to, KEFU_KPI_BUCKET_DAY, TRUE, error);
  share = trend != NULL ? kefu_kpi_share (store, m->from, m->to, KEFU_KPI_BY_KIND, error) : NULL;
  histogram = share != NULL ? kefu_kpi_response_histogram (store, m->from, m->to, 10, 13, error) : NULL;
  if (histogram == NULL)
    return FALSE;
  book = kefu_xlsx_begin (&xlsx, path, KEFU_REPORT_ERROR, KEFU_REPORT_ERROR_WRITE, error);
  if (book == NULL)
    return FALSE;
  bold = workbook_add_format (book);
  format_set_bold (bold);
  format_set_bg_color (bold, 0xE6EDF7);
  percent = workbook_add_format (book);
  format_set_num_format (percent, "0.0%");

  /* Translators: sheet names in the workbook (at most 31 characters) */
  summary = workbook_add_worksheet (book, _("KPIs"));
  worksheet_write_string (summary, 0, 0, m->month_title, bold);
  kefu_xlsx_write_row (summary, 2, kh, 0, bold);
  for (guint i = 0; i < kpi->len; i++)
    kefu_xlsx_write_row (summary, 3 + i, kpi->pdata[i], 0, NULL);
  worksheet_set_column (summary, 0, 0, 22, NULL);
  worksheet_set_column (summary, 1, 5, 14, NULL);
  {
    g_autofree char *anchor = audit_anchor_line (store);
    worksheet_write_string (summary, 3 + kpi->len + 1, 0, anchor, NULL);
  }

  daily = workbook_add_worksheet (book, _("Tickets by day"));
  worksheet_write_string (daily, 0, 0, _("Day"), bold);
  for (guint s = 0; s < trend->n_series; s++)
    worksheet_write_string (daily, 0, 1 + s, trend->series[s], bold);
  for (guint c = 0; c < trend->n_categories; c++)
    {
      worksheet_write_string (daily, 1 + c, 0, trend->categories[c], NULL);
      for (guint s = 0; s < trend->n_series; s++)
        if (isfinite (trend->values[s][c]))   /* NaN: no data (days to come), an empty cell */
          worksheet_write_number (daily, 1 + c, 1 + s, trend->values[s][c], NULL);
    }
  if (trend->n_categories > 0)
    {
      lxw_chart *line = workbook_add_chart (book, LXW_CHART_LINE);
      g_autofree char *sheet = g_strdup (_("Tickets by day"));
      for (guint s = 0; s < trend->n_series; s++)
        {
          lxw_chart_series *series = chart_add_series (line, NULL, NULL);
          chart_series_set_categories (series, sheet, 1, 0, trend->n_categories, 0);
          chart_series_set_values (series, sheet, 1, 1 + s, trend->n_categories, 1 + s);
          chart_series_set_name_range (series, sheet, 0, 1 + s);
        }
      chart_title_set_name (line, kefu_report_chart_title (KEFU_REPORT_CHART_TREND));
      worksheet_insert_chart (daily, 1, 4, line);
    }

  kinds = workbook_add_worksheet (book, _("Share by kind"));
  worksheet_write_string (kinds, 0, 0, _("Kind"), bold);
  worksheet_write_string (kinds, 0, 1, _("Tickets"), bold);
  for (guint c = 0; c < share->n_categories; c++)
    {
      worksheet_write_string (kinds, 1 + c, 0, share->categories[c], NULL);
      worksheet_write_number (kinds, 1 + c, 1, share->values[0][c], NULL);
    }
  if (share->n_categories > 0)
    {
      lxw_chart *pie = workbook_add_chart (book, LXW_CHART_DOUGHNUT);
      g_autofree char *sheet = g_strdup (_("Share by kind"));
      lxw_chart_series *series = chart_add_series (pie, NULL, NULL);
      chart_series_set_categories (series, sheet, 1, 0, share->n_categories, 0);
      chart_series_set_values (series, sheet, 1, 1, share->n_categories, 1);
      chart_title_set_name (pie, kefu_report_chart_title (KEFU_REPORT_CHART_KIND_SHARE));
      worksheet_insert_chart (kinds, 1, 3, pie);
    }

  responses = workbook_add_worksheet (book, _("Response times"));
  worksheet_write_string (responses, 0, 0, _("Minutes"), bold);
  worksheet_write_string (responses, 0, 1, _("Tickets"), bold);
  for (guint c = 0; c < histogram->n_categories; c++)
    {
      worksheet_write_string (responses, 1 + c, 0, histogram->categories[c], NULL);
      worksheet_write_number (responses, 1 + c, 1, histogram->values[0][c], NULL);
    }
  {
    lxw_chart *columns = workbook_add_chart (book, LXW_CHART_COLUMN);
    g_autofree char *sheet = g_strdup (_("Response times"));
    lxw_chart_series *series = chart_add_series (columns, NULL, NULL);
    chart_series_set_categories (series, sheet, 1, 0, histogram->n_categories, 0);
    chart_series_set_values (series, sheet, 1, 1, histogram->n_categories, 1);
    chart_title_set_name (columns, kefu_report_chart_title (KEFU_REPORT_CHART_RESPONSE_HISTOGRAM));
    chart_legend_set_position (columns, LXW_CHART_LEGEND_NONE);
    worksheet_insert_chart (responses, 1, 3, columns);
  }

  customers = workbook_add_worksheet (book, _("Customer analysis"));
  kefu_xlsx_write_row (customers, 0, ch, 0, bold);
  for (guint i = 0; i < m->customers->len; i++)
    {
      KefuCustomerRow *c = m->customers->pdata[i];
      GStrv cells = cust->pdata[i];

      kefu_xlsx_write_row (customers, 1 + i, cells, 0, NULL);
      /* numbers as numbers, for the manager's own formulas */
      worksheet_write_number (customers, 1 + i, 0, i + 1, NULL);
      worksheet_write_number (customers, 1 + i, 2, c->tickets, NULL);
      worksheet_write_number (customers, 1 + i, 3, c->share, percent);
      if (!isnan (c->satisfaction))
        worksheet_write_number (customers, 1 + i, 6, round (c->satisfaction * 10) / 10, NULL);
      if (!isnan (c->days))
        worksheet_write_number (customers, 1 + i, 7, round (c->days * 10) / 10, NULL);
    }
  worksheet_set_column (customers, 1, 1, 12, NULL);
  worksheet_set_column (customers, 4, 5, 28, NULL);
  worksheet_set_column (customers, 8, 8, 36, NULL);

  faults = workbook_add_worksheet (book, _("Recurring faults"));
  kefu_xlsx_write_row (faults, 0, fh, 0, bold);
  for (guint i = 0; i < flt->len; i++)
    kefu_xlsx_write_row (faults, 1 + i, flt->pdata[i], 0, NULL);
  worksheet_set_column (faults, 1, 2, 20, NULL);

  return kefu_xlsx_commit (&xlsx, error);
}

gboolean
kefu_report_monthly (KefuStore   *store,
                     const char  *month,
                     const char  *path,
                     GError     **error)
{
  g_auto(Monthly) m = { 0 };
  gboolean pdf = g_str_has_suffix (path, ".pdf"), xlsx = g_str_has_suffix (path, ".xlsx");

  if (!pdf && !xlsx)
    {
      g_set_error (error, KEFU_REPORT_ERROR, KEFU_REPORT_ERROR_FORMAT,
                   _("“%s”: the report is written as .pdf or .xlsx."), path);
      return FALSE;
    }
  if (!monthly_load (store, month, &m, error))
    return FALSE;
  if (pdf)
    {
      g_autoptr(GPtrArray) pages = render_pages (store, &m, error);
      return pages != NULL && kefu_pdf_write (pages, _("Monthly Service Report"), path, KEFU_REPORT_ERROR, KEFU_REPORT_ERROR_WRITE, error);
    }
  return write_xlsx (store, &m, path, error);
}

GPtrArray *
kefu_report_render_pages (KefuStore   *store,
                          gint64       from,
                          gint64       to,
                          const char  *title,
                          GError     **error)
{
  g_auto(Monthly) m = { 0 };

  m.from = from;
  m.to = to;
  m.month_title = g_strdup (title);
  if (!load_figures (store, &m, from - (to - from), error))
    return NULL;
  m.customers = kefu_report_customers (store, from, to, error);
  if (m.customers == NULL)
    return NULL;
  m.faults = kefu_report_recurring_faults (store, from, to, 10, error);
  if (m.faults == NULL)
    return NULL;
  return render_pages (store, &m, error);
}

void
kefu_report_page_size (double *width,
                       double *height)
{
  *width = PAGE_W;
  *height = PAGE_H;
}
