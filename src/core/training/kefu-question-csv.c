/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-question-csv.c — the spreadsheet template (see the header) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-import-private.h"
#include "kefu-privacy.h"
#include "kefu-question-csv.h"

typedef enum {
  COL_TYPE, COL_STEM,
  COL_A, COL_B, COL_C, COL_D, COL_E, COL_F, COL_G, COL_H,
  COL_ANSWER, COL_EXPLANATION, COL_POINTS, COL_DIFFICULTY, COL_CATEGORY,
  COL_TITLE, COL_TAGS, COL_WEIGHTS,
  N_COLS
} Col;

/* the header written first, then other accepted spellings */
static const char *const headers[N_COLS] = {
  [COL_TYPE] = "题型|类型|题目类型|type",
  [COL_STEM] = "题干|题目|试题|stem|question",
  [COL_A] = "选项A|A|选项a|option a", [COL_B] = "选项B|B|选项b|option b",
  [COL_C] = "选项C|C|选项c|option c", [COL_D] = "选项D|D|选项d|option d",
  [COL_E] = "选项E|E|选项e|option e", [COL_F] = "选项F|F|选项f|option f",
  [COL_G] = "选项G|G|选项g|option g", [COL_H] = "选项H|H|选项h|option h",
  [COL_ANSWER] = "答案|正确答案|参考答案|answer",
  [COL_EXPLANATION] = "解析|答案解析|试题解析|explanation",
  [COL_POINTS] = "分值|分数|points|score",
  [COL_DIFFICULTY] = "难度|难度系数|difficulty",
  [COL_CATEGORY] = "分类|类别|知识点|模块|category|module",
  [COL_TITLE] = "标题|title",
  [COL_TAGS] = "标签|tags",
  [COL_WEIGHTS] = "权重|选项权重|weights",
};

static char *first_name (Col c);

static int
header_column (const char *text)
{
  g_autofree char *key = g_utf8_strdown (text, -1);

  for (guint c = 0; c < N_COLS; c++)
    {
      g_auto(GStrv) names = g_strsplit (headers[c], "|", -1);
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *name = g_utf8_strdown (names[i], -1);
          if (g_str_equal (key, name))
            return c;
        }
    }
  return -1;
}

static gboolean
parse_true_false (const char *text,
                  gboolean   *value)
{
  static const char *const yes[] = { "对", "正确", "√", "✓", "是", "T", "TRUE", "Y", "YES", "1", NULL };
  static const char *const no[] = { "错", "错误", "×", "✗", "否", "F", "FALSE", "N", "NO", "0", NULL };
  g_autofree char *key = g_ascii_strup (text, -1);

  if (g_strv_contains (yes, key))
    *value = TRUE;
  else if (g_strv_contains (no, key))
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_difficulty (const char *text,
                  int        *value)
{
  static const char *const words[] = { "易|简单|容易", "较易|较简单", "中|中等|一般|适中", "较难", "难|困难" };
  guint64 n;

  if (*text == '\0')
    {
      *value = 3;
      return TRUE;
    }
  if (g_ascii_string_to_unsigned (text, 10, 1, 5, &n, NULL))
    {
      *value = n;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_auto(GStrv) names = g_strsplit (words[i], "|", -1);
      if (g_strv_contains ((const char * const *) names, text))
        {
          *value = i + 1;
          return TRUE;
        }
    }
  return FALSE;
}

/* "a|b｜c" → parts, trimmed, empty ones dropped */
static GPtrArray *
split_bars (const char *text)
{
  g_autofree char *normal = NULL;
  g_auto(GStrv) parts = NULL;
  GPtrArray *list = g_ptr_array_new_with_free_func (g_free);
  GString *s = g_string_new (text);

  g_string_replace (s, "｜", "|", 0);
  normal = g_string_free (s, FALSE);
  parts = g_strsplit (normal, "|", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *p = kefu_import_strip (parts[i]);
      if (*p != '\0')
        g_ptr_array_add (list, g_strdup (p));
    }
  return list;
}

/* Every problem of a row is named, not only the first: the reasons are
 * joined with "; ". */
static KefuQuestion *
parse_row (KefuCsvReader      *r,
           const int          *field_of,
           const char *const  *header,
           char              **reason)
{
  const char *v[N_COLS];
  KefuQuestionType type;
  gboolean typed;
  g_autoptr(KefuQuestion) q = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  char *end;

  for (guint c = 0; c < N_COLS; c++)
    v[c] = field_of[c] >= 0 && (guint) field_of[c] < kefu_csv_n_fields (r)
           ? kefu_import_strip (kefu_csv_field (r, field_of[c])) : "";
  /* Control characters first: no other message quotes them back. Cells of
   * text may have tabs and line breaks. */
  for (guint c = 0; c < N_COLS; c++)
    {
      gboolean multiline = c == COL_STEM || c == COL_ANSWER || c == COL_EXPLANATION;
      glong at = 0;
      gunichar control = kefu_import_find_control (v[c], multiline, &at);

      if (control != 0)
        {
          *reason = g_strdup_printf (_("the column “%s” has a control character (U+%04X) at character %ld"),
                                     header[c], (guint) control, at);
          return NULL;
        }
    }

  typed = kefu_question_type_parse (v[COL_TYPE], &type);
  if (!typed)
    {
      if (*v[COL_TYPE] == '\0')
        g_ptr_array_add (problems, g_strdup (_("the question type (题型) is empty")));
      else
        g_ptr_array_add (problems,
                         g_strdup_printf (_("the question type “%s” is not one of 单选题, 多选题, 判断题, 填空题, 简答题, 案例分析题"),
                                          v[COL_TYPE]));
      type = KEFU_QUESTION_CASE_ANALYSIS;   /* to check the rest of the row */
    }
  q = kefu_question_new (type);
  q->stem = g_strdup (v[COL_STEM]);
  if (*q->stem == '\0')
    g_ptr_array_add (problems, g_strdup (_("the question text (题干) is empty")));
  q->title = *v[COL_TITLE] ? g_strdup (v[COL_TITLE]) : NULL;
  q->explanation = *v[COL_EXPLANATION] ? g_strdup (v[COL_EXPLANATION]) : NULL;
  q->category = *v[COL_CATEGORY] ? g_strdup (v[COL_CATEGORY]) : NULL;
  q->module = g_strdup (kefu_module_parse (q->category));
  {
    g_autoptr(GPtrArray) tags = split_bars (v[COL_TAGS]);
    for (guint i = 0; i < tags->len; i++)
      g_ptr_array_add (q->tags, g_strdup (tags->pdata[i]));
  }
  if (*v[COL_POINTS] != '\0')
    {
      q->points = g_ascii_strtod (v[COL_POINTS], &end);
      if (end == v[COL_POINTS] || *end != '\0' || !(q->points > 0))
        g_ptr_array_add (problems, g_strdup_printf (_("the points (分值) “%s” are not a number above 0"),
                                                    v[COL_POINTS]));
    }
  if (!parse_difficulty (v[COL_DIFFICULTY], &q->difficulty))
    g_ptr_array_add (problems, g_strdup_printf (_("the difficulty (难度) “%s” is not 1–5"), v[COL_DIFFICULTY]));

  switch (typed ? type : KEFU_QUESTION_N_TYPES)
    {
    case KEFU_QUESTION_SINGLE_CHOICE:
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      {
        guint last = 0;
        gboolean gap = FALSE;

        for (guint c = COL_A; c <= COL_H; c++)
          if (*v[c] != '\0')
            last = c - COL_A + 1;
        for (guint i = 0; i < last; i++)
          {
            if (*v[COL_A + i] == '\0' && !gap)
              {
                g_ptr_array_add (problems, g_strdup_printf (_("choice %c is empty but a later one is not"), 'A' + i));
                gap = TRUE;
              }
            kefu_question_add_option (q, *v[COL_A + i] != '\0' ? v[COL_A + i] : "?", 0, NULL);
          }
        if (last < 2)
          g_ptr_array_add (problems, g_strdup (_("a choice question needs at least two choices (选项A, 选项B…)")));
        if (*v[COL_ANSWER] == '\0')
          g_ptr_array_add (problems, g_strdup (_("the answer (答案) is empty: give the letters of the right choices, "
                                                 "e.g. B or A、C、D")));
        else if (last > 0 && !kefu_question_set_right_letters (q, v[COL_ANSWER]))
          g_ptr_array_add (problems, g_strdup_printf (_("the answer “%s” is not letters of the choices (A–%c)"),
                                                      v[COL_ANSWER], 'A' + last - 1));
      }
      break;
    case KEFU_QUESTION_TRUE_FALSE:
      if (*v[COL_ANSWER] == '\0')
        g_ptr_array_add (problems, g_strdup (_("the answer (答案) is empty: give 对 or 错")));
      else if (!parse_true_false (v[COL_ANSWER], &q->answer_true))
        g_ptr_array_add (problems, g_strdup_printf (_("the answer “%s” of a true-or-false question is not 对 or 错"),
                                                    v[COL_ANSWER]));
      break;
    case KEFU_QUESTION_SHORT_ANSWER:
      {
        g_autoptr(GPtrArray) answers = split_bars (v[COL_ANSWER]);
        for (guint i = 0; i < answers->len; i++)
          kefu_question_add_option (q, answers->pdata[i], 100, NULL);
        if (answers->len == 0)
          g_ptr_array_add (problems, g_strdup (_("the answer (答案) is empty: a fill-in question (填空题) needs its "
                                                 "accepted answers, separated by |")));
      }
      break;
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
      q->rubric = g_strdup (v[COL_ANSWER]);
      break;
    case KEFU_QUESTION_N_TYPES:
    default:
      break;
    }

  if (*v[COL_WEIGHTS] != '\0' && typed)
    {
      g_autoptr(GPtrArray) weights = split_bars (v[COL_WEIGHTS]);

      if (weights->len != q->options->len)
        g_ptr_array_add (problems, g_strdup_printf (_("there are %u weights (权重) for %u choices"), weights->len,
                                                    q->options->len));
      else
        for (guint i = 0; i < weights->len; i++)
          {
            double w = g_ascii_strtod (weights->pdata[i], &end);
            if (end == weights->pdata[i] || (*end != '\0' && !g_str_equal (end, "%")))
              {
                g_ptr_array_add (problems, g_strdup_printf (_("the weight “%s” is not a number"),
                                                            (const char *) weights->pdata[i]));
                break;
              }
            g_array_index (q->weights, double, i) = w;
          }
    }
  if (problems->len > 0)
    {
      g_ptr_array_add (problems, NULL);
      /* Translators: joins the problems of one row */
      *reason = g_strjoinv (_("; "), (char **) problems->pdata);
      return NULL;
    }
  return g_steal_pointer (&q);
}

/* The questions of a template file's text (already UTF-8); rows that cannot
 * be taken go to @skipped. NULL with @error when the file is not a
 * template at all (no 题型 or 题干 column, broken quoting). */
GPtrArray *
kefu_question_csv_parse (const char  *text,
                         gsize        length,
                         const char  *path,
                         GArray      *skipped,
                         GError     **error)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_question_free);
  int field_of[N_COLS];
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  KefuCsvReader r;
  guint line = 0;
  GError *local_error = NULL;

  for (guint c = 0; c < N_COLS; c++)
    field_of[c] = -1;
  kefu_csv_init (&r, text, length);
  if (!kefu_csv_next (&r, path, &line, &local_error))
    {
      kefu_csv_clear (&r);
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("The file “%s” is empty."), path);
      return NULL;
    }
  for (guint i = 0; i < kefu_csv_n_fields (&r); i++)
    {
      int c = header_column (kefu_import_strip (kefu_csv_field (&r, i)));
      if (c >= 0 && field_of[c] < 0)
        field_of[c] = i;
    }
  /* each column as the file spells it, for messages */
  for (guint c = 0; c < N_COLS; c++)
    g_ptr_array_add (header, field_of[c] >= 0 ? g_strdup (kefu_import_strip (kefu_csv_field (&r, field_of[c])))
                                              : first_name (c));
  if (field_of[COL_TYPE] < 0 || field_of[COL_STEM] < 0)
    {
      kefu_csv_clear (&r);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The file “%s” is not a question template: its first line needs the columns 题型 and 题干."),
                   path);
      return NULL;
    }

  while (kefu_csv_next (&r, path, &line, &local_error))
    {
      g_autofree char *reason = NULL;
      KefuQuestion *q;
      gboolean blank = TRUE;

      for (guint i = 0; i < kefu_csv_n_fields (&r) && blank; i++)
        blank = *kefu_import_strip (kefu_csv_field (&r, i)) == '\0';
      if (blank)
        continue;
      q = parse_row (&r, field_of, (const char *const *) header->pdata, &reason);
      if (q != NULL)
        {
          q->line = line;
          g_ptr_array_add (questions, q);
        }
      else
        kefu_question_skip_add (skipped, line, "%s", reason);
    }
  kefu_csv_clear (&r);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&questions);
}

static void
append_field (GString    *out,
              const char *text,
              gboolean    last)
{
  g_autofree char *neutral = NULL;

  if (text == NULL)
    text = "";
  /* a spreadsheet shows it as text instead of running it (kefu-privacy.h) */
  if (kefu_csv_needs_apostrophe (text))
    text = neutral = g_strconcat ("'", text, NULL);
  if (strpbrk (text, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static char *
first_name (Col c)
{
  const char *bar = strchr (headers[c], '|');
  return g_strndup (headers[c], bar - headers[c]);
}

static char *
join_bars (GPtrArray *list)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (s, "%s%s", i ? "|" : "", (const char *) list->pdata[i]);
  return g_string_free (s, FALSE);
}

/* UTF-8 with a BOM (so Excel reads the Chinese), CRLF, the template's
 * columns first. */
char *
kefu_question_csv_write (GPtrArray *questions)
{
  GString *out = g_string_new ("\xef\xbb\xbf");

  for (guint c = 0; c < N_COLS; c++)
    {
      g_autofree char *name = first_name (c);
      append_field (out, name, c == N_COLS - 1);
    }
  for (guint n = 0; n < questions->len; n++)
    {
      const KefuQuestion *q = questions->pdata[n];
      g_autofree char *answer = NULL, *tags = join_bars (q->tags), *weights = NULL;
      char points[G_ASCII_DTOSTR_BUF_SIZE], difficulty[8];
      gboolean choice = q->type == KEFU_QUESTION_SINGLE_CHOICE || q->type == KEFU_QUESTION_MULTIPLE_CHOICE;

      switch (q->type)
        {
        case KEFU_QUESTION_SINGLE_CHOICE:
        case KEFU_QUESTION_MULTIPLE_CHOICE:
          answer = kefu_question_right_letters (q);
          break;
        case KEFU_QUESTION_TRUE_FALSE:
          answer = g_strdup (q->answer_true ? "对" : "错");
          break;
        case KEFU_QUESTION_SHORT_ANSWER:
          answer = join_bars (q->options);
          break;
        case KEFU_QUESTION_CASE_ANALYSIS:
        case KEFU_QUESTION_WRITTEN:
          answer = g_strdup (q->rubric);
          break;
        case KEFU_QUESTION_N_TYPES:
        default:
          g_assert_not_reached ();
        }
      if (kefu_question_has_weights (q))
        {
          GString *s = g_string_new (NULL);
          for (guint i = 0; i < q->weights->len; i++)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];
              g_string_append_printf (s, "%s%s", i ? "|" : "",
                                      g_ascii_formatd (buf, sizeof buf, "%.10g", kefu_question_weight (q, i)));
            }
          weights = g_string_free (s, FALSE);
        }
      g_ascii_formatd (points, sizeof points, "%.10g", q->points);
      g_snprintf (difficulty, sizeof difficulty, "%d", q->difficulty);

      append_field (out, kefu_question_type_chinese (q->type), FALSE);
      append_field (out, q->stem, FALSE);
      for (guint i = 0; i < KEFU_QUESTION_MAX_OPTIONS; i++)
        append_field (out, choice && i < q->options->len ? q->options->pdata[i] : "", FALSE);
      append_field (out, answer, FALSE);
      append_field (out, q->explanation, FALSE);
      append_field (out, points, FALSE);
      append_field (out, difficulty, FALSE);
      append_field (out, q->category, FALSE);
      append_field (out, q->title, FALSE);
      append_field (out, tags, FALSE);
      append_field (out, weights, TRUE);
    }
  return g_string_free (out, FALSE);
}
