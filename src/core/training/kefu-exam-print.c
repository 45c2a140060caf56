/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-print.c — paper exams: printed versions with an answer sheet
 *
 * Each version is the paper drawn in that version's order (the same layout
 * kefu_exam_paper_version gives, so keying in grades against it), with the
 * choices lettered as shown, then an answer sheet: a box per choice for
 * objective questions, a line per written one; then the version's answer
 * key, for the trainer: the right letters as this version shows them, the
 * accepted answers, the rubric of written ones, and the points.
 *
 * The pass mark is printed the way it is applied: a percent of the
 * paper's points, with the score it comes to ("80 % of 63 points (50.4
 * points)"), not "80 points".
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

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

/* "50.4", "63": a score with one decimal when it has one */
static char *
points_text (double points)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double rounded = floor (points * 10 + 0.5) / 10;

  if (fabs (rounded - floor (rounded)) < 1e-9)
    return g_strdup_printf ("%.0f", rounded);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f", rounded));
}

static double
item_points (const KefuAttemptItem *item)
{
  return item->max_score > 0 ? item->max_score : item->question->points;
}

/* The pass mark as it is applied: a percent of the paper's points. */
char *
kefu_exam_pass_mark_text (double pass_mark,
                          double max_points)
{
  g_autofree char *percent = points_text (pass_mark);
  g_autofree char *max = points_text (max_points);
  g_autofree char *needed = points_text (pass_mark * max_points / 100.0);

  /* Translators: a printed paper's pass mark: the percent, the paper's points, the score needed */
  return g_strdup_printf (_("Pass mark: %s %% of %s points (%s points)"), percent, max, needed);
}

/* The version's answer key: per question the right answer as this version
 * shows it, and the points. */
static void
draw_key (KefuPdf                *pdf,
          const KefuExamSettings *settings,
          const char             *label,
          GPtrArray              *items,
          const char             *pass)
{
  /* Translators: the title of a printed version's answer key */
  g_autofree char *title = g_strdup_printf (_("Answer key — %s, version %s"), settings->name, label);

  kefu_pdf_start_page (pdf);
  pdf->page++;
  pdf->y = MARGIN;
  paragraph (pdf, title, 0, "Sans Bold 15", 6);
  paragraph (pdf, _("For the trainer: do not hand out."), 0, "Sans Italic 9", 4);
  paragraph (pdf, pass, 0, "Sans 10", 14);
  for (guint i = 0; i < items->len; i++)
    {
      const KefuAttemptItem *item = items->pdata[i];
      const KefuQuestion *q = item->question;
      g_autofree char *points = points_text (item_points (item));
      g_autofree char *answer = NULL;
      g_autofree char *line = NULL;

      switch (q->type)
        {
        case KEFU_QUESTION_SINGLE_CHOICE:
        case KEFU_QUESTION_MULTIPLE_CHOICE:
          {
            g_autofree char *right = kefu_question_right_letters (q);
            answer = kefu_attempt_item_to_shown (item, right);
          }
          break;
        case KEFU_QUESTION_TRUE_FALSE:
          answer = g_strdup (q->answer_true ? "对" : "错");
          break;
        case KEFU_QUESTION_SHORT_ANSWER:
          {
            g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
            g_auto(GStrv) accepted = NULL;

            for (guint k = 0; q->options != NULL && k < q->options->len; k++)
              g_strv_builder_add (b, q->options->pdata[k]);
            accepted = g_strv_builder_end (b);
            /* Translators: accepted answers of a fill-in question, joined with the list separator */
            answer = g_strjoinv (_(" / "), accepted);
          }
          break;
        case KEFU_QUESTION_CASE_ANALYSIS:
        case KEFU_QUESTION_WRITTEN:
        case KEFU_QUESTION_N_TYPES:
        default:
          /* Translators: the answer key of a written question: graded by hand against the rubric */
          answer = g_strdup_printf (_("graded by hand. Rubric: %s"),
                                    q->rubric != NULL && *q->rubric != '\0' ? q->rubric : _("(none)"));
          break;
        }
      /* Translators: a line of a printed answer key: number, answer, points */
      line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u. %s  (%s point)", "%u. %s  (%s points)",
                                           fabs (item_points (item) - 1) < 1e-9 ? 1 : 2),
                              item->position, answer != NULL ? answer : "", points);
      paragraph (pdf, line, 0, "Sans 10.5", 4);
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
  g_autofree char *pass = NULL;
  double max_points = 0;

  for (guint i = 0; i < items->len; i++)
    max_points += item_points (items->pdata[i]);
  pass = kefu_exam_pass_mark_text (settings->pass_mark, max_points);
  if (settings->time_limit_min > 0)
    /* Translators: under a printed paper's title: questions, minutes, the pass mark ("Pass mark: 80 % of …") */
    facts = g_strdup_printf (_("%u questions · %d minutes · %s · hand in this paper with the answer sheet"),
                             items->len, settings->time_limit_min, pass);
  else
    /* Translators: under a printed paper's title: questions, the pass mark ("Pass mark: 80 % of …") */
    facts = g_strdup_printf (_("%u questions · %s · hand in this paper with the answer sheet"), items->len, pass);
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

  draw_key (pdf, settings, label, items, pass);
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
