/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-export.c — a cohort's report as a spreadsheet or a PDF
 *
 * The same rows as the screen: per level its figures (before, after,
 * change or why none, target, cases), then the notes; the spreadsheet has
 * a second sheet with each trainee's own figures. Written beside the
 * target and renamed over it when complete (kefu-safe-file.c).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-cohort.h"
#include "kefu-pdf-private.h"
#include "kefu-xlsx.h"

static char *
number (double      value,
        int         decimals,
        const char *suffix)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.*f%s", decimals, value, suffix);
}

/* One line: level, figure, before, after, change, target, cases before, cases after */
static void
add_line (GPtrArray  *rows,
          const char *level,
          const char *figure,
          char       *before,
          char       *after,
          char       *change,
          char       *target,
          char       *n_before,
          char       *n_after)
{
  char **row = g_new0 (char *, 9);

  row[0] = g_strdup (level);
  row[1] = g_strdup (figure);
  row[2] = before != NULL ? before : g_strdup ("");
  row[3] = after != NULL ? after : g_strdup ("");
  row[4] = change != NULL ? change : g_strdup ("");
  row[5] = target != NULL ? target : g_strdup ("");
  row[6] = n_before != NULL ? n_before : g_strdup ("");
  row[7] = n_after != NULL ? n_after : g_strdup ("");
  g_ptr_array_add (rows, row);
}

static void
add_figure (GPtrArray                  *rows,
            const char                 *level,
            const char                 *scope,
            const KefuCohortFigureInfo *info,
            const KefuCohortFigure     *f)
{
  g_autofree char *label = scope != NULL ? g_strdup_printf ("%s · %s", scope, _(info->label)) : g_strdup (_(info->label));
  g_autofree char *target = kefu_cohort_figure_format (info, info->target);

  add_line (rows, level, label, kefu_cohort_figure_format (info, f->before), kefu_cohort_figure_format (info, f->after),
            kefu_cohort_figure_change (info, f), g_strdup_printf ("%s%s", info->higher_is_better ? "≥ " : "≤ ", target),
            g_strdup_printf ("%" G_GINT64_FORMAT, f->n_before), g_strdup_printf ("%" G_GINT64_FORMAT, f->n_after));
}

static GPtrArray *
report_rows (const KefuCohortReport *r)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *l1 = _("1 · Reaction"), *l2 = _("2 · Learning"), *l3 = _("3 · Behaviour"), *l4 = _("4 · Results");

  add_line (rows, _("Attendance"), _("Attendance"), NULL, number (r->attendance_rate * 100, 1, "%"), NULL,
            g_strdup_printf ("≥ %.0f%%", KEFU_COHORT_ATTENDANCE_TARGET * 100), NULL, NULL);
  add_line (rows, l1, _("Mean"), NULL, number (r->reaction_mean, 2, ""), NULL,
            g_strdup_printf ("≥ %.1f", KEFU_COHORT_REACTION_TARGET), NULL, g_strdup_printf ("%u", r->responses));
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    add_line (rows, l1, kefu_survey_item_label (i), NULL, number (r->item_mean[i], 2, ""), NULL, NULL, NULL, NULL);
  add_line (rows, l2, _("Exam"), NULL, g_strdup_printf (_("%u of %u passed"), r->exam_passed, r->exam_taken), NULL,
            g_strdup_printf ("≥ %.0f", KEFU_COHORT_EXAM_PASS), NULL, NULL);
  add_line (rows, l2, _("Practical"), NULL, g_strdup_printf (_("%u of %u passed"), r->practical_passed, r->practical_taken),
            NULL, g_strdup_printf ("≥ %.0f", KEFU_COHORT_PRACTICAL_PASS), NULL, NULL);
  for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
    add_figure (rows, l3, _("All trainees"), kefu_behaviour_info (f), &r->behaviour[f]);
  for (guint i = 0; i < r->results->len; i++)
    {
      const KefuCohortResults *res = r->results->pdata[i];
      for (KefuResultFigure f = 0; f < KEFU_RESULT_N; f++)
        add_figure (rows, l4, res->scope, kefu_result_info (f), &res->figures[f]);
    }
  add_line (rows, l4, _("Return on the training"), g_strdup_printf ("%.0f", r->costs), g_strdup_printf ("%.0f", r->savings),
            isnan (r->roi) ? g_strdup ("—") : g_strdup_printf ("1 : %.1f", r->roi),
            g_strdup_printf ("1 : %.0f", KEFU_COHORT_ROI_TARGET), NULL, NULL);
  return rows;
}

static const char *const headers[] = {
  N_("Level"), N_("Figure"), N_("Before"), N_("After"), N_("Change"), N_("Target"), N_("Cases before"), N_("Cases after"),
};

static char *
title_of (const KefuCohortReport *r)
{
  g_autoptr(GDateTime) s = g_date_time_new_from_unix_local (r->starts_at);
  g_autoptr(GDateTime) e = g_date_time_new_from_unix_local (r->ends_at - 1);
  g_autofree char *starts = g_date_time_format (s, "%Y-%m-%d");
  g_autofree char *ends = g_date_time_format (e, "%Y-%m-%d");

  /* Translators: the title of a cohort's report: its name, course and dates */
  return g_strdup_printf (_("%s — %s, %s to %s"), r->name, r->course, starts, ends);
}

static gboolean
write_xlsx (const KefuCohortReport  *r,
            const char              *path,
            GError                 **error)
{
  g_autoptr(GPtrArray) rows = report_rows (r);
  g_autofree char *title = title_of (r);
  KefuXlsx xlsx;
  lxw_workbook *book;
  lxw_worksheet *sheet, *trainees;
  lxw_format *bold;
  lxw_row_t y;

  book = kefu_xlsx_begin (&xlsx, path, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, error);
  if (book == NULL)
    return FALSE;
  bold = workbook_add_format (book);
  format_set_bold (bold);
  format_set_bg_color (bold, 0xE6EDF7);

  /* Translators: sheet names in the workbook (at most 31 characters) */
  sheet = workbook_add_worksheet (book, _("Evaluation"));
  worksheet_write_string (sheet, 0, 0, title, bold);
  for (lxw_col_t c = 0; c < G_N_ELEMENTS (headers); c++)
    worksheet_write_string (sheet, 2, c, _(headers[c]), bold);
  for (guint i = 0; i < rows->len; i++)
    kefu_xlsx_write_row (sheet, 3 + i, rows->pdata[i], 0, NULL);
  y = 4 + rows->len;
  worksheet_write_string (sheet, y++, 0, _("Notes"), bold);
  for (guint level = 0; level < G_N_ELEMENTS (r->notes); level++)
    for (guint i = 0; i < r->notes[level]->len; i++)
      worksheet_write_string (sheet, y++, 0, r->notes[level]->pdata[i], NULL);
  worksheet_set_column (sheet, 0, 0, 14, NULL);
  worksheet_set_column (sheet, 1, 1, 34, NULL);
  worksheet_set_column (sheet, 2, 7, 14, NULL);

  trainees = workbook_add_worksheet (book, _("Trainees"));
  worksheet_write_string (trainees, 0, 0, _("Trainee"), bold);
  worksheet_write_string (trainees, 0, 1, _("Tier"), bold);
  worksheet_write_string (trainees, 0, 2, _("Hours"), bold);
  worksheet_write_string (trainees, 0, 3, _("Exam"), bold);
  worksheet_write_string (trainees, 0, 4, _("Practical"), bold);
  for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
    {
      g_autofree char *b = g_strdup_printf (_("%s before"), _(kefu_behaviour_info (f)->label));
      g_autofree char *a = g_strdup_printf (_("%s after"), _(kefu_behaviour_info (f)->label));
      worksheet_write_string (trainees, 0, 5 + 3 * f, b, bold);
      worksheet_write_string (trainees, 0, 6 + 3 * f, a, bold);
      worksheet_write_string (trainees, 0, 7 + 3 * f, _("Change"), bold);
    }
  for (guint i = 0; i < r->trainees->len; i++)
    {
      const KefuCohortTrainee *t = r->trainees->pdata[i];
      worksheet_write_string (trainees, 1 + i, 0, t->name, NULL);
      worksheet_write_string (trainees, 1 + i, 1, kefu_tier_label (t->tier), NULL);
      worksheet_write_number (trainees, 1 + i, 2, t->hours, NULL);
      if (!isnan (t->exam_percent))
        worksheet_write_number (trainees, 1 + i, 3, t->exam_percent, NULL);
      if (!isnan (t->practical_score))
        worksheet_write_number (trainees, 1 + i, 4, t->practical_score, NULL);
      for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
        {
          const KefuCohortFigureInfo *info = kefu_behaviour_info (f);
          g_autofree char *b = kefu_cohort_figure_format (info, t->behaviour[f].before);
          g_autofree char *a = kefu_cohort_figure_format (info, t->behaviour[f].after);
          g_autofree char *c = kefu_cohort_figure_change (info, &t->behaviour[f]);
          worksheet_write_string (trainees, 1 + i, 5 + 3 * f, b, NULL);
          worksheet_write_string (trainees, 1 + i, 6 + 3 * f, a, NULL);
          worksheet_write_string (trainees, 1 + i, 7 + 3 * f, c, NULL);
        }
    }
  worksheet_set_column (trainees, 0, 0, 12, NULL);
  worksheet_set_column (trainees, 5, 16, 16, NULL);

  return kefu_xlsx_commit (&xlsx, error);
}

#define MARGIN 48.0
#define WIDTH (KEFU_PDF_PAGE_W - 2 * MARGIN)

static void
pdf_line (KefuPdf    *pdf,
          const char *text,
          const char *font,
          double      gap)
{
  if (pdf->cr == NULL || pdf->y > KEFU_PDF_PAGE_H - MARGIN - 24)
    {
      kefu_pdf_start_page (pdf);
      pdf->y = MARGIN;
    }
  pdf->y += kefu_pdf_text (pdf, text, MARGIN, pdf->y, WIDTH, font, PANGO_ALIGN_LEFT, FALSE) + gap;
}

static gboolean
write_pdf (const KefuCohortReport  *r,
           const char              *path,
           GError                 **error)
{
  g_autoptr(GPtrArray) rows = report_rows (r);
  g_autofree char *title = title_of (r);
  KefuPdf pdf = { NULL, 0, MARGIN, g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy) };
  const char *level = NULL;
  gboolean ok;

  pdf_line (&pdf, title, "Sans Bold 13", 10);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = rows->pdata[i];
      g_autofree char *line = NULL;

      if (g_strcmp0 (level, row[0]) != 0)
        {
          level = row[0];
          pdf_line (&pdf, level, "Sans Bold 10", 4);
        }
      if (*row[2] == '\0')
        line = *row[5] != '\0' ? g_strdup_printf (_("%s: %s  (target %s)"), row[1], row[3], row[5])
                               : g_strdup_printf ("%s: %s", row[1], row[3]);
      else
        /* Translators: a line of the cohort report's PDF: figure, before → after, change, target, cases */
        line = g_strdup_printf (_("%s: %s → %s  %s  (target %s; cases %s / %s)"), row[1], row[2], row[3], row[4], row[5],
                                row[6], row[7]);
      pdf_line (&pdf, line, "Sans 9", 2);
    }
  pdf_line (&pdf, _("Notes"), "Sans Bold 10", 4);
  for (guint l = 0; l < G_N_ELEMENTS (r->notes); l++)
    for (guint i = 0; i < r->notes[l]->len; i++)
      pdf_line (&pdf, r->notes[l]->pdata[i], "Sans Italic 9", 2);
  if (pdf.cr != NULL)
    cairo_destroy (pdf.cr);
  ok = kefu_pdf_write (pdf.pages, title, path, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, error);
  g_ptr_array_unref (pdf.pages);
  return ok;
}

gboolean
kefu_cohort_report_write (const KefuCohortReport  *report,
                          const char              *path,
                          GError                 **error)
{
  if (g_str_has_suffix (path, ".xlsx"))
    return write_xlsx (report, path, error);
  if (g_str_has_suffix (path, ".pdf"))
    return write_pdf (report, path, error);
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
               _("“%s”: the cohort report is written as .xlsx or .pdf."), path);
  return FALSE;
}
