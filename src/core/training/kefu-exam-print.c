/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-print.c — paper exams: printed versions with an answer sheet
 *
 * Each version is the paper drawn in that version's order (the same layout
 * kefu_exam_paper_version gives, so keying in grades against it), with the
 * choices lettered as shown, then an answer sheet: a box per choice for
 * objective questions, a line per written one.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-auth.h"
#include "kefu-exam-print.h"
#include "kefu-exam.h"
#include "kefu-pdf-private.h"

#define MARGIN 54.0
#define WIDTH (KEFU_PDF_PAGE_W - 2 * MARGIN)

static void
need (KefuPdf *pdf,
      double   height)
{
  if (pdf->y + height > KEFU_PDF_PAGE_H - MARGIN)
    {
      kefu_pdf_start_page (pdf);
      pdf->page++;
      pdf->y = MARGIN;
    }
}

static double
measure (KefuPdf    *pdf,
         const char *text,
         double      width,
         const char *font)
{
  PangoLayout *layout = kefu_text_layout_new (pdf->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &w, &h);
  pango_font_description_free (desc);
  g_object_unref (layout);
  return h / (double) PANGO_SCALE;
}

static void
paragraph (KefuPdf    *pdf,
           const char *text,
           double      indent,
           const char *font,
           double      after)
{
  need (pdf, measure (pdf, text, WIDTH - indent, font));
  pdf->y += kefu_pdf_text (pdf, text, MARGIN + indent, pdf->y, WIDTH - indent, font, PANGO_ALIGN_LEFT, FALSE) + after;
}

static void
box (KefuPdf *pdf,
     double   x,
     double   y)
{
  cairo_rectangle (pdf->cr, x, y + 2, 9, 9);
  cairo_set_line_width (pdf->cr, 0.8);
  cairo_stroke (pdf->cr);
}

static const char *
type_label (KefuQuestionType type)
{
  switch (type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE: return _("single choice");
    case KEFU_QUESTION_MULTIPLE_CHOICE: return _("multiple choice");
    case KEFU_QUESTION_TRUE_FALSE: return _("true or false");
    case KEFU_QUESTION_SHORT_ANSWER: return _("short answer");
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
    case KEFU_QUESTION_N_TYPES:
    default: return _("case analysis");
    }
}

static void
draw_version (KefuPdf                *pdf,
              const KefuExamSettings *settings,
              const char             *label,
              GPtrArray              *items)
{
  g_autofree char *title = g_strdup_printf (_("%s — version %s"), settings->name, label);
  g_autofree char *facts = NULL;
  g_autofree char *sheet = g_strdup_printf (_("Answer sheet — %s, version %s"), settings->name, label);
  const char *who = _("Name ____________    Staff no. ____________    Date ____________    Score ________");

  /* Translators: under a printed paper's title: questions, minutes, pass mark */
  facts = g_strdup_printf (_("%u questions · %d minutes · pass mark %.0f · hand in this paper with the answer sheet"),
                           items->len, settings->time_limit_min, settings->pass_mark);
  kefu_pdf_start_page (pdf);
  pdf->page++;
  pdf->y = MARGIN;
  paragraph (pdf, title, 0, "Sans Bold 15", 6);
  paragraph (pdf, facts, 0, "Sans 9", 6);
  paragraph (pdf, who, 0, "Sans 10", 16);

  for (guint i = 0; i < items->len; i++)
    {
      const KefuAttemptItem *item = items->pdata[i];
      const KefuQuestion *q = item->question;
      /* Translators: a printed question: number, type, points, stem */
      g_autofree char *head = g_strdup_printf (_("%u. (%s, %.0f points) %s"), item->position, type_label (q->type),
                                               item->max_score > 0 ? item->max_score : q->points, q->stem);

      paragraph (pdf, head, 0, "Sans 10.5", 4);
      switch (q->type)
        {
        case KEFU_QUESTION_SINGLE_CHOICE:
        case KEFU_QUESTION_MULTIPLE_CHOICE:
          for (guint k = 0; item->option_order != NULL && k < item->option_order->len; k++)
            {
              guint original = g_array_index (item->option_order, guint, k);
              g_autofree char *option = g_strdup_printf ("%c. %s", 'A' + k, (const char *) q->options->pdata[original]);
              paragraph (pdf, option, 18, "Sans 10", 2);
            }
          break;
        case KEFU_QUESTION_TRUE_FALSE:
          paragraph (pdf, _("True / False: mark 对 or 错 on the answer sheet"), 18, "Sans 10", 2);
          break;
        case KEFU_QUESTION_SHORT_ANSWER:
        case KEFU_QUESTION_CASE_ANALYSIS:
        case KEFU_QUESTION_WRITTEN:
        case KEFU_QUESTION_N_TYPES:
        default:
          paragraph (pdf, _("Write the answer on the answer sheet."), 18, "Sans Italic 9.5", 2);
          break;
        }
      pdf->y += 10;
    }

  /* the answer sheet */
  kefu_pdf_start_page (pdf);
  pdf->page++;
  pdf->y = MARGIN;
  paragraph (pdf, sheet, 0, "Sans Bold 15", 6);
  paragraph (pdf, who, 0, "Sans 10", 16);
  for (guint i = 0; i < items->len; i++)
    {
      const KefuAttemptItem *item = items->pdata[i];
      const KefuQuestion *q = item->question;
      g_autofree char *number = g_strdup_printf ("%u.", item->position);
      gboolean written = q->type == KEFU_QUESTION_SHORT_ANSWER || kefu_question_type_is_written (q->type);
      double height = written ? (kefu_question_type_is_written (q->type) ? 120 : 36) : 20;

      need (pdf, height);
      kefu_pdf_text (pdf, number, MARGIN, pdf->y, 30, "Sans Bold 10", PANGO_ALIGN_RIGHT, FALSE);
      if (q->type == KEFU_QUESTION_TRUE_FALSE)
        {
          box (pdf, MARGIN + 44, pdf->y);
          kefu_pdf_text (pdf, "对", MARGIN + 57, pdf->y, 30, "Sans 10", PANGO_ALIGN_LEFT, FALSE);
          box (pdf, MARGIN + 94, pdf->y);
          kefu_pdf_text (pdf, "错", MARGIN + 107, pdf->y, 30, "Sans 10", PANGO_ALIGN_LEFT, FALSE);
        }
      else if (!written)
        for (guint k = 0; item->option_order != NULL && k < item->option_order->len; k++)
          {
            char letter[2] = { (char) ('A' + k), '\0' };
            box (pdf, MARGIN + 44 + k * 44, pdf->y);
            kefu_pdf_text (pdf, letter, MARGIN + 57 + k * 44, pdf->y, 20, "Sans 10", PANGO_ALIGN_LEFT, FALSE);
          }
      else
        for (double line = pdf->y + 16; line < pdf->y + height; line += 20)
          {
            cairo_move_to (pdf->cr, MARGIN + 44, line);
            cairo_line_to (pdf->cr, MARGIN + WIDTH, line);
            cairo_set_line_width (pdf->cr, 0.5);
            cairo_stroke (pdf->cr);
          }
      pdf->y += height;
    }
}

gboolean
kefu_exam_print_versions (KefuStore          *store,
                          gint64              exam_id,
                          const char * const *labels,
                          const char         *path,
                          GError            **error)
{
  g_auto(KefuExamSettings) settings = { 0 };
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  KefuPdf pdf = { NULL, 0, 0, pages };
  gboolean ok = TRUE;

  g_return_val_if_fail (labels != NULL && labels[0] != NULL, FALSE);
  /* each version comes with its answer sheet */
  if (!kefu_auth_require (store, KEFU_PERMISSION_READ_ANSWER_KEYS, error) ||
      !kefu_exam_load (store, exam_id, &settings, error))
    return FALSE;
  for (guint v = 0; ok && labels[v] != NULL; v++)
    {
      g_autoptr(GPtrArray) items = kefu_exam_paper_version (store, exam_id, labels[v], error);

      if (items == NULL)
        ok = FALSE;
      else
        draw_version (&pdf, &settings, labels[v], items);
    }
  if (pdf.cr != NULL)
    cairo_destroy (pdf.cr);
  return ok && kefu_pdf_write (pages, settings.name, path, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, error);
}
