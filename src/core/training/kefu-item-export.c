/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-item-export.c — item statistics with per-choice (distractor)
 * analysis, as a CSV or XLSX file
 *
 * Moodle's quiz statistics report lists, under each question, how often
 * each choice was picked ("frequency") and whether it is right; a wrong
 * choice nobody picks is no distractor, and one picked more often by the
 * stronger candidates than the right one points to a wrong key or an
 * ambiguous question. Here, over the graded attempts (voided ones never
 * count): per choice of a single-, multiple-choice or true/false question,
 * in the question's own order, whether it is right, how many attempts
 * picked it, their share, and the mean attempt percentage of those who
 * picked it. One table, one row per choice (one row for other types), the
 * question's facility and discrimination repeated on each.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "kefu-item-stats.h"
#include "kefu-privacy.h"
#include "kefu-safe-file.h"
#include "kefu-training-private.h"
#include "kefu-xlsx.h"

void
kefu_choice_stat_free (KefuChoiceStat *stat)
{
  if (stat == NULL)
    return;
  g_free (stat->stem);
  g_free (stat->text);
  g_free (stat);
}

/* The graded attempts' answers to the question family @family_id:
 * (answer, attempt percent) pairs. */
static gboolean
family_answers (KefuStore  *store,
                gint64      exam_id,
                gint64      family_id,
                GPtrArray  *answers,
                GArray     *percents,
                GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT x.answer, CASE WHEN a.max_score > 0 THEN 100.0 * a.score / a.max_score ELSE 0 END "
    "FROM attempt_answers x JOIN attempts a ON a.id = x.attempt_id JOIN questions q ON q.id = x.question_id "
    "WHERE a.exam_id = ?1 AND a.state = 'graded' AND COALESCE(q.family_id, q.id) = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, exam_id);
  kefu_query_bind_int (stmt, 2, family_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      double p = kefu_query_get_double (stmt, 1);
      g_ptr_array_add (answers, g_strdup (kefu_query_get_text (stmt, 0)));
      g_array_append_val (percents, p);
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  return TRUE;
}

/* KefuChoiceStat per choice of each objective question, by position;
 * other questions get one row with letter '\0'. */
GPtrArray *
kefu_exam_choice_stats (KefuStore  *store,
                        gint64      exam_id,
                        GError    **error)
{
  g_autoptr(KefuExamStats) stats = kefu_exam_stats (store, exam_id, error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_choice_stat_free);

  if (stats == NULL)
    return NULL;
  for (guint i = 0; i < stats->items->len; i++)
    {
      const KefuItemStat *item = stats->items->pdata[i];
      g_autoptr(KefuQuestion) q = kefu_question_load (store, item->question_id, error);
      g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) percents = g_array_new (FALSE, FALSE, sizeof (double));
      guint n_choices = 0;

      if (q == NULL || !family_answers (store, exam_id, item->family_id, answers, percents, error))
        return NULL;
      if (q->type == KEFU_QUESTION_SINGLE_CHOICE || q->type == KEFU_QUESTION_MULTIPLE_CHOICE)
        n_choices = q->options->len;
      else if (q->type == KEFU_QUESTION_TRUE_FALSE)
        n_choices = 2;
      for (guint k = 0; k < MAX (n_choices, 1); k++)
        {
          KefuChoiceStat *c = g_new0 (KefuChoiceStat, 1);
          double sum = 0;

          c->position = item->position;
          c->question_id = item->question_id;
          c->type = q->type;
          c->stem = g_strdup (q->stem);
          c->facility = item->facility;
          c->discrimination = item->discrimination;
          c->n_attempts = answers->len;
          c->mean_percent = NAN;
          if (n_choices > 0)
            {
              const char *tf[2] = { "true", "false" };

              c->letter = q->type == KEFU_QUESTION_TRUE_FALSE ? (k == 0 ? 'T' : 'F') : (char) ('A' + k);
              c->text = g_strdup (q->type == KEFU_QUESTION_TRUE_FALSE ? (k == 0 ? "对" : "错")
                                                                       : (const char *) q->options->pdata[k]);
              c->right = q->type == KEFU_QUESTION_TRUE_FALSE ? (k == 0) == q->answer_true
                                                             : g_array_index (q->weights, double, k) > 0;
              for (guint a = 0; a < answers->len; a++)
                {
                  const char *answer = answers->pdata[a];
                  gboolean picked = answer != NULL &&
                                    (q->type == KEFU_QUESTION_TRUE_FALSE ? g_str_equal (answer, tf[k])
                                                                         : strchr (answer, c->letter) != NULL);
                  if (picked)
                    {
                      c->n_chosen++;
                      sum += g_array_index (percents, double, a);
                    }
                }
              if (c->n_chosen > 0)
                c->mean_percent = sum / c->n_chosen;
            }
          g_ptr_array_add (rows, c);
        }
    }
  return g_steal_pointer (&rows);
}

static const char *const headers[] = {
  N_("Question"), N_("Type"), N_("Stem"), N_("Attempts"), N_("Facility (%)"), N_("Discrimination"),
  N_("Choice"), N_("Choice text"), N_("Right"), N_("Picked"), N_("Picked (%)"), N_("Mean score of those who picked it (%)"),
};

/* The row's cells as text ("" for none). */
static char **
row_cells (const KefuChoiceStat *c)
{
  char **cells = g_new0 (char *, G_N_ELEMENTS (headers) + 1);
  gboolean choice = c->letter != '\0';

  cells[0] = g_strdup_printf ("%u", c->position);
  cells[1] = g_strdup (kefu_question_type_chinese (c->type));
  cells[2] = g_strdup (c->stem);
  cells[3] = g_strdup_printf ("%u", c->n_attempts);
  cells[4] = c->n_attempts > 0 ? g_strdup_printf ("%.1f", 100 * c->facility) : g_strdup ("");
  cells[5] = isnan (c->discrimination) ? g_strdup ("") : g_strdup_printf ("%.1f", 100 * c->discrimination);
  cells[6] = choice ? g_strdup_printf ("%c", c->letter) : g_strdup ("");
  cells[7] = g_strdup (choice ? c->text : "");
  cells[8] = g_strdup (!choice ? "" : c->right ? _("yes") : _("no"));
  cells[9] = choice ? g_strdup_printf ("%u", c->n_chosen) : g_strdup ("");
  cells[10] = choice && c->n_attempts > 0 ? g_strdup_printf ("%.1f", 100.0 * c->n_chosen / c->n_attempts) : g_strdup ("");
  cells[11] = choice && !isnan (c->mean_percent) ? g_strdup_printf ("%.1f", c->mean_percent) : g_strdup ("");
  return cells;
}

static void
csv_field (GString    *out,
           const char *text)
{
  g_autofree char *safe = kefu_csv_needs_apostrophe (text) ? g_strconcat ("'", text, NULL) : g_strdup (text);

  if (strpbrk (safe, ",\"\r\n") == NULL)
    {
      g_string_append (out, safe);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = safe; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static gboolean
write_csv (GPtrArray   *rows,
           const char  *path,
           GError     **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");   /* a BOM, for Excel */

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      csv_field (out, _(headers[c]));
    }
  g_string_append (out, "\r\n");
  for (guint i = 0; i < rows->len; i++)
    {
      g_auto(GStrv) cells = row_cells (rows->pdata[i]);
      for (guint c = 0; cells[c] != NULL; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          csv_field (out, cells[c]);
        }
      g_string_append (out, "\r\n");
    }
  return kefu_safe_file_write (path, out->str, out->len, error);
}

static gboolean
write_xlsx (GPtrArray   *rows,
            const char  *path,
            GError     **error)
{
  KefuXlsx xlsx;
  lxw_workbook *book = kefu_xlsx_begin (&xlsx, path, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, error);
  lxw_worksheet *sheet;
  lxw_format *bold;

  if (book == NULL)
    return FALSE;
  bold = workbook_add_format (book);
  format_set_bold (bold);
  /* Translators: a sheet name in the item statistics workbook (at most 31 characters) */
  sheet = workbook_add_worksheet (book, _("Item statistics"));
  for (lxw_col_t c = 0; c < G_N_ELEMENTS (headers); c++)
    worksheet_write_string (sheet, 0, c, _(headers[c]), bold);
  for (guint i = 0; i < rows->len; i++)
    {
      const KefuChoiceStat *s = rows->pdata[i];
      g_auto(GStrv) cells = row_cells (s);
      /* numbers as numbers, so the sheet can sort and chart them */
      kefu_xlsx_write_row (sheet, 1 + i, cells,
                           KEFU_XLSX_NUMBER (0) | KEFU_XLSX_NUMBER (3) | KEFU_XLSX_NUMBER (4) | KEFU_XLSX_NUMBER (5) |
                           KEFU_XLSX_NUMBER (9) | KEFU_XLSX_NUMBER (10) | KEFU_XLSX_NUMBER (11), NULL);
    }
  worksheet_set_column (sheet, 2, 2, 40, NULL);
  worksheet_set_column (sheet, 7, 7, 30, NULL);
  return kefu_xlsx_commit (&xlsx, error);
}

/* The paper's item statistics with the per-choice analysis to @path,
 * FILE.csv (UTF-8 with a BOM) or FILE.xlsx. */
gboolean
kefu_exam_stats_export (KefuStore   *store,
                        gint64       exam_id,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (!g_str_has_suffix (path, ".csv") && !g_str_has_suffix (path, ".xlsx"))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s”: item statistics are written as .csv or .xlsx."), path);
      return FALSE;
    }
  rows = kefu_exam_choice_stats (store, exam_id, error);
  if (rows == NULL)
    return FALSE;
  return g_str_has_suffix (path, ".csv") ? write_csv (rows, path, error) : write_xlsx (rows, path, error);
}
