/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-questions.c — question banks, questions and their versions */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-questions.h"
#include "kefu-store-private.h"
#include "kefu-training-private.h"

static const struct { const char *code, *chinese, *aliases; } type_names[KEFU_QUESTION_N_TYPES] = {
  [KEFU_QUESTION_SINGLE_CHOICE] = { "single_choice", "单选题", "单选|单项选择题|单项选择|single choice" },
  [KEFU_QUESTION_MULTIPLE_CHOICE] = { "multiple_choice", "多选题", "多选|多项选择题|多项选择|multiple choice" },
  [KEFU_QUESTION_TRUE_FALSE] = { "true_false", "判断题", "判断|是非题|true/false|true or false" },
  [KEFU_QUESTION_SHORT_ANSWER] = { "short_answer", "填空题", "填空|short answer" },
  [KEFU_QUESTION_CASE_ANALYSIS] = { "case_analysis", "案例分析题", "案例分析|案例题|论述题|case analysis|essay" },
  [KEFU_QUESTION_WRITTEN] = { "written", "简答题", "简答|问答题|问答|written|written answer" },
};

static const struct { const char *code, *chinese; } module_names[] = {
  { "etiquette", "服务礼仪" }, { "communication", "沟通技巧" }, { "digital_tools", "数字化工具" },
  { "engineering", "工程知识" }, { "law", "法律实务" }, { "emergency", "应急处理" },
  { "team_management", "团队管理" }, { "data_analysis", "数据分析" }, { "value_added", "增值服务" },
};

const char *
kefu_question_type_code (KefuQuestionType type)
{
  g_return_val_if_fail (type < KEFU_QUESTION_N_TYPES, NULL);
  return type_names[type].code;
}

/* The Chinese name the spreadsheet template uses (单选题…) */
const char *
kefu_question_type_chinese (KefuQuestionType type)
{
  g_return_val_if_fail (type < KEFU_QUESTION_N_TYPES, NULL);
  return type_names[type].chinese;
}

/* Case analysis and written answers: graded by a trainer by the rubric */
gboolean
kefu_question_type_is_written (KefuQuestionType type)
{
  return type == KEFU_QUESTION_CASE_ANALYSIS || type == KEFU_QUESTION_WRITTEN;
}

/* "单选题", "单选", "single_choice", "Single choice" … */
gboolean
kefu_question_type_parse (const char       *text,
                          KefuQuestionType *type)
{
  g_autofree char *key = NULL;

  if (text == NULL)
    return FALSE;
  key = g_utf8_strdown (text, -1);
  g_strstrip (key);
  for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    {
      g_auto(GStrv) aliases = g_strsplit (type_names[t].aliases, "|", -1);

      if (g_str_equal (key, type_names[t].code) || g_str_equal (key, type_names[t].chinese) ||
          g_strv_contains ((const char * const *) aliases, key))
        {
          *type = t;
          return TRUE;
        }
    }
  return FALSE;
}

/* A category such as "应急处理", "emergency" or "培训/应急处理" → "emergency";
 * NULL when it names no course module. */
const char *
kefu_module_parse (const char *text)
{
  const char *last;

  if (text == NULL)
    return NULL;
  last = strrchr (text, '/');
  last = last != NULL ? last + 1 : text;
  for (guint i = 0; i < G_N_ELEMENTS (module_names); i++)
    if (g_str_equal (last, module_names[i].code) || g_str_equal (last, module_names[i].chinese))
      return module_names[i].code;
  return NULL;
}

const char *
kefu_module_chinese (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (module_names); i++)
    if (g_str_equal (code, module_names[i].code))
      return module_names[i].chinese;
  return NULL;
}

/* The struct ------------------------------------------------------------- */

KefuQuestion *
kefu_question_new (KefuQuestionType type)
{
  KefuQuestion *q = g_new0 (KefuQuestion, 1);

  q->type = type;
  q->version = 1;
  q->options = g_ptr_array_new_with_free_func (g_free);
  q->weights = g_array_new (FALSE, FALSE, sizeof (double));
  q->feedback = g_ptr_array_new_with_free_func (g_free);
  q->tags = g_ptr_array_new_with_free_func (g_free);
  q->points = 1;
  q->difficulty = 3;
  return q;
}

void
kefu_question_free (KefuQuestion *q)
{
  if (q == NULL)
    return;
  g_free (q->title);
  g_free (q->stem);
  g_ptr_array_unref (q->options);
  g_array_unref (q->weights);
  g_ptr_array_unref (q->feedback);
  g_free (q->rubric);
  g_free (q->explanation);
  g_free (q->module);
  g_free (q->category);
  g_ptr_array_unref (q->tags);
  g_free (q);
}

static GPtrArray *
copy_strings (GPtrArray *from)
{
  GPtrArray *to = g_ptr_array_new_full (from->len, g_free);

  for (guint i = 0; i < from->len; i++)
    g_ptr_array_add (to, g_strdup (from->pdata[i]));
  return to;
}

KefuQuestion *
kefu_question_copy (const KefuQuestion *q)
{
  KefuQuestion *c = g_memdup2 (q, sizeof *q);

  c->title = g_strdup (q->title);
  c->stem = g_strdup (q->stem);
  c->options = copy_strings (q->options);
  c->weights = g_array_copy (q->weights);
  c->feedback = copy_strings (q->feedback);
  c->rubric = g_strdup (q->rubric);
  c->explanation = g_strdup (q->explanation);
  c->module = g_strdup (q->module);
  c->category = g_strdup (q->category);
  c->tags = copy_strings (q->tags);
  return c;
}

void
kefu_question_add_option (KefuQuestion *q,
                          const char   *text,
                          double        weight,
                          const char   *feedback)
{
  g_ptr_array_add (q->options, g_strdup (text));
  g_array_append_val (q->weights, weight);
  g_ptr_array_add (q->feedback, g_strdup (feedback != NULL ? feedback : ""));
}

double
kefu_question_weight (const KefuQuestion *q,
                      guint               option)
{
  g_return_val_if_fail (option < q->weights->len, 0);
  return g_array_index (q->weights, double, option);
}

/* "ACD": the choices with a positive weight */
char *
kefu_question_right_letters (const KefuQuestion *q)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < q->weights->len && i < 26; i++)
    if (kefu_question_weight (q, i) > 0)
      g_string_append_c (s, 'A' + i);
  return g_string_free (s, FALSE);
}

static void
default_weights (KefuQuestionType  type,
                 guint             n_options,
                 const gboolean   *right,
                 double           *out)
{
  guint k = 0;

  for (guint i = 0; i < n_options; i++)
    k += right[i];
  for (guint i = 0; i < n_options; i++)
    {
      if (type != KEFU_QUESTION_MULTIPLE_CHOICE)
        out[i] = right[i] ? 100 : 0;
      else if (right[i])
        out[i] = 100.0 / k;
      else
        out[i] = -100.0 / (n_options - k);
    }
}

/* Sets the default weights for the right letters ("B", "ACD", "a,c"); FALSE
 * when a letter is not one of the choices. */
gboolean
kefu_question_set_right_letters (KefuQuestion *q,
                                 const char   *letters)
{
  gboolean right[KEFU_QUESTION_MAX_OPTIONS * 4] = { FALSE };
  double w[KEFU_QUESTION_MAX_OPTIONS * 4];
  guint n = MIN (q->options->len, G_N_ELEMENTS (right));

  g_autofree char *normal = g_utf8_normalize (letters, -1, G_NORMALIZE_ALL_COMPOSE);  /* Ａ，→ A, */

  if (normal == NULL)
    return FALSE;
  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar u = g_utf8_get_char (p);
      char c;

      /* "A、B、D", "A，C", "A；C": the usual Chinese list separators */
      if (u == ',' || u == ' ' || u == ';' || u == '/' || u == '|' || u == 0x3001 /* 、 */ ||
          u == 0xFF0C /* ， */ || u == 0xFF1B /* ； */ || u == 0x3000 || u == '.' || u == 0x3002)
        continue;
      if (u >= 0x80)
        return FALSE;
      c = g_ascii_toupper ((char) u);
      if (c < 'A' || (guint) (c - 'A') >= n)
        return FALSE;
      right[c - 'A'] = TRUE;
    }
  default_weights (q->type, n, right, w);
  g_array_set_size (q->weights, 0);
  g_array_append_vals (q->weights, w, n);
  return TRUE;
}

/* Whether the weights differ from the defaults of the right letters, i.e.
 * whether a file must spell them out. */
gboolean
kefu_question_has_weights (const KefuQuestion *q)
{
  gboolean right[KEFU_QUESTION_MAX_OPTIONS * 4] = { FALSE };
  double w[KEFU_QUESTION_MAX_OPTIONS * 4];
  guint n = q->weights->len;

  if (q->type == KEFU_QUESTION_SHORT_ANSWER)
    {
      for (guint i = 0; i < n; i++)
        if (fabs (kefu_question_weight (q, i) - 100) > 1e-6)
          return TRUE;
      return FALSE;
    }
  if (n > G_N_ELEMENTS (right))
    return TRUE;
  for (guint i = 0; i < n; i++)
    right[i] = kefu_question_weight (q, i) > 0;
  default_weights (q->type, n, right, w);
  for (guint i = 0; i < n; i++)
    if (fabs (w[i] - kefu_question_weight (q, i)) > 1e-4)
      return TRUE;
  return FALSE;
}

gboolean
kefu_question_validate (const KefuQuestion  *q,
                        GError             **error)
{
  gboolean choice = q->type == KEFU_QUESTION_SINGLE_CHOICE || q->type == KEFU_QUESTION_MULTIPLE_CHOICE;
  double positive = 0, best = -G_MAXDOUBLE;
  guint n_full = 0;

#define INVALID(...) G_STMT_START { \
    g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, __VA_ARGS__); \
    return FALSE; } G_STMT_END

  if (q->type >= KEFU_QUESTION_N_TYPES)
    INVALID (_("The question has no type."));
  if (q->stem == NULL || *q->stem == '\0')
    INVALID (_("The question has no text."));
  if (!(q->points > 0) || q->points > 1000)
    INVALID (_("The points must be more than 0 and at most 1000, not %g."), q->points);
  if (q->difficulty < 1 || q->difficulty > 5)
    INVALID (_("The difficulty must be from 1 to 5, not %d."), q->difficulty);
  if (q->weights->len != q->options->len ||
      (q->type == KEFU_QUESTION_TRUE_FALSE ? q->feedback->len != 0 && q->feedback->len != 2
                                           : q->feedback->len != q->options->len))
    INVALID (_("Each choice needs its weight and its feedback."));
  for (guint i = 0; i < q->options->len; i++)
    {
      double w = kefu_question_weight (q, i);

      if (*(const char *) q->options->pdata[i] == '\0')
        INVALID (_("Choice %c is empty."), 'A' + i);
      if (w < -100 - 1e-6 || w > 100 + 1e-6)
        INVALID (_("A weight must be from −100%% to 100%%, not %g%%."), w);
      if (w > 0)
        positive += w;
      if (fabs (w - 100) < 1e-6)
        n_full++;
      best = MAX (best, w);
    }
  if (choice && (q->options->len < 2 || q->options->len > KEFU_QUESTION_MAX_OPTIONS))
    INVALID (_("A choice question needs 2 to %d choices, not %u."), KEFU_QUESTION_MAX_OPTIONS, q->options->len);
  if (q->type == KEFU_QUESTION_SINGLE_CHOICE && n_full != 1)
    INVALID (_("A single-choice question needs exactly one right choice, not %u."), n_full);
  if (q->type == KEFU_QUESTION_MULTIPLE_CHOICE && fabs (positive - 100) > 0.01)
    INVALID (_("The weights of the right choices of a multiple-choice question must add up to 100%%, not %g%%."),
             positive);
  if (q->type == KEFU_QUESTION_SHORT_ANSWER && (q->options->len == 0 || fabs (best - 100) > 1e-6))
    INVALID (_("A short-answer question needs at least one accepted answer worth 100%%."));
  if ((q->type == KEFU_QUESTION_TRUE_FALSE || kefu_question_type_is_written (q->type)) && q->options->len > 0)
    INVALID (_("A true-or-false, written-answer or case-analysis question has no choices."));
  for (guint i = 0; i < q->options->len; i++)
    if (strchr (q->options->pdata[i], '\n') != NULL)
      INVALID (_("Choice %c spans several lines; a choice is one line."), 'A' + i);
#undef INVALID
  return TRUE;
}

static gboolean
strings_equal (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], b->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

static const char *
nonempty (const char *s)
{
  return s != NULL && *s != '\0' ? s : NULL;
}

/* The same content (not the same row): what a round trip through a file keeps. */
gboolean
kefu_question_equal (const KefuQuestion *a,
                     const KefuQuestion *b)
{
  if (a->type != b->type || g_strcmp0 (nonempty (a->title), nonempty (b->title)) != 0 ||
      g_strcmp0 (a->stem, b->stem) != 0 || !strings_equal (a->options, b->options) ||
      !strings_equal (a->feedback, b->feedback) || a->weights->len != b->weights->len ||
      g_strcmp0 (nonempty (a->rubric), nonempty (b->rubric)) != 0 ||
      g_strcmp0 (nonempty (a->explanation), nonempty (b->explanation)) != 0 ||
      fabs (a->points - b->points) > 1e-9 || a->difficulty != b->difficulty ||
      g_strcmp0 (a->module, b->module) != 0 || g_strcmp0 (nonempty (a->category), nonempty (b->category)) != 0 ||
      !strings_equal (a->tags, b->tags))
    return FALSE;
  if (a->type == KEFU_QUESTION_TRUE_FALSE && a->answer_true != b->answer_true)
    return FALSE;
  for (guint i = 0; i < a->weights->len; i++)
    if (fabs (kefu_question_weight (a, i) - kefu_question_weight (b, i)) > 1e-4)
      return FALSE;
  return TRUE;
}

/* The same question for a trainer: the same type, text, choices and key
 * (what an import of the same file again must not add twice), whatever
 * the explanation, points or tags say. */
gboolean
kefu_question_same (const KefuQuestion *a,
                    const KefuQuestion *b)
{
  if (a->type != b->type || g_strcmp0 (a->stem, b->stem) != 0 || !strings_equal (a->options, b->options) ||
      a->weights->len != b->weights->len)
    return FALSE;
  if (a->type == KEFU_QUESTION_TRUE_FALSE && a->answer_true != b->answer_true)
    return FALSE;
  for (guint i = 0; i < a->weights->len; i++)
    if (fabs (kefu_question_weight (a, i) - kefu_question_weight (b, i)) > 1e-4)
      return FALSE;
  return TRUE;
}

/* Transactions: these writes work inside a caller's transaction (as a
 * savepoint) or alone (BEGIN IMMEDIATE, so a second writer waits in the
 * busy handler instead of failing at its first write after a read). The
 * open ones are the store's, innermost last. */

static GPtrArray *
training_transactions (KefuStore *store)
{
  static GQuark quark;
  GPtrArray *stack;

  if (quark == 0)
    quark = g_quark_from_static_string ("kefu-training-transactions");
  stack = g_object_get_qdata (G_OBJECT (store), quark);
  if (stack == NULL)
    {
      stack = g_ptr_array_new ();
      g_object_set_qdata_full (G_OBJECT (store), quark, stack, (GDestroyNotify) g_ptr_array_unref);
    }
  return stack;
}

gboolean
kefu_training_savepoint (KefuStore  *store,
                         GError    **error)
{
  KefuTransaction *tx = kefu_transaction_begin (store, error);

  if (tx == NULL)
    return FALSE;
  g_ptr_array_add (training_transactions (store), tx);
  return TRUE;
}

gboolean
kefu_training_release (KefuStore  *store,
                       gboolean    ok,
                       GError    **error)
{
  GPtrArray *stack = training_transactions (store);
  g_autoptr(KefuTransaction) tx = NULL;

  g_return_val_if_fail (stack->len > 0, FALSE);
  tx = g_ptr_array_steal_index (stack, stack->len - 1);
  /* freed without a commit, it rolls back */
  return ok && kefu_transaction_commit (tx, error);
}

/* Banks ------------------------------------------------------------------ */

gint64
kefu_bank_find (KefuStore   *store,
                const char  *name,
                GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT id FROM question_banks WHERE name = ?1", error);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_text (stmt, 1, name);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    return kefu_query_get_int (stmt, 0);
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
               _("There is no question bank “%s”."), name);
  return -1;
}

gint64
kefu_bank_ensure (KefuStore   *store,
                  const char  *name,
                  GError     **error)
{
  gint64 id = kefu_bank_find (store, name, NULL);
  KEFU_AUTO_QUERY *stmt = NULL;

  if (id > 0)
    return id;
  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return -1;
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("A question bank needs a name."));
      return -1;
    }
  stmt = kefu_query_prepare (store,
                             "INSERT INTO question_banks (name, created_by, created_at) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return -1;
  kefu_query_bind_text (stmt, 1, name);
  kefu_query_bind_id (stmt, 2, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 3, kefu_store_now (store));
  if (!kefu_query_run (store, stmt, error))
    return -1;
  return kefu_query_last_id (store);
}

/* Rows ↔ structs ---------------------------------------------------------- */

#define QUESTION_COLUMNS \
  "id, COALESCE(family_id, id), bank_id, version, type, title, stem, options, answer, explanation, " \
  "points, difficulty, module, category, tags, option_weights, option_feedback, retired"

/* Where a desk reads questions: on a server, a person reads them through
 * questions_open, whose key columns (answer, explanation, weights,
 * feedback) are NULL unless the server lets them see that key
 * (kefu-server-rights.sql: a trainer's role, a question practised again,
 * a graded paper's review); the questions table's key columns are refused
 * to everyone else. */
static const char *
questions_table (KefuStore *store)
{
  return kefu_store_masks_phones (store) ? "questions_open" : "questions";
}

static void
split_into (GPtrArray  *into,
            const char *text,
            const char *separator)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL || *text == '\0')
    return;
  parts = g_strsplit (text, separator, -1);
  for (guint i = 0; parts[i] != NULL; i++)
    g_ptr_array_add (into, g_strdup (parts[i]));
}

static KefuQuestion *
question_from_row (KefuQuery     *stmt)
{
  KefuQuestionType type = KEFU_QUESTION_SINGLE_CHOICE;
  g_autoptr(KefuQuestion) q = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) weights = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) feedback = g_ptr_array_new_with_free_func (g_free);
  const char *answer = kefu_query_get_text (stmt, 8);

  kefu_question_type_parse (kefu_query_get_text (stmt, 4), &type);
  q = kefu_question_new (type);
  q->id = kefu_query_get_int (stmt, 0);
  q->family_id = kefu_query_get_int (stmt, 1);
  q->bank_id = kefu_query_get_int (stmt, 2);
  q->version = (int) kefu_query_get_int (stmt, 3);
  q->title = g_strdup (kefu_query_get_text (stmt, 5));
  q->stem = g_strdup (kefu_query_get_text (stmt, 6));
  q->explanation = g_strdup (kefu_query_get_text (stmt, 9));
  q->points = kefu_query_get_double (stmt, 10);
  q->difficulty = (int) kefu_query_get_int (stmt, 11);
  q->module = g_strdup (kefu_query_get_text (stmt, 12));
  q->category = g_strdup (kefu_query_get_text (stmt, 13));
  split_into (q->tags, kefu_query_get_text (stmt, 14), ",");
  split_into (weights, kefu_query_get_text (stmt, 15), ",");
  split_into (feedback, kefu_query_get_text (stmt, 16), "\n");
  q->retired = (int) kefu_query_get_int (stmt, 17);

  switch (type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE:
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      split_into (texts, kefu_query_get_text (stmt, 7), "\n");
      break;
    case KEFU_QUESTION_SHORT_ANSWER:
      split_into (texts, answer, "\n");
      break;
    case KEFU_QUESTION_TRUE_FALSE:
      q->answer_true = g_strcmp0 (answer, "true") == 0;
      break;
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
      q->rubric = g_strdup (answer);
      break;
    case KEFU_QUESTION_N_TYPES:
    default:
      g_assert_not_reached ();
    }
  if (type == KEFU_QUESTION_TRUE_FALSE)
    for (guint i = 0; i < feedback->len; i++)
      g_ptr_array_add (q->feedback, g_strdup (feedback->pdata[i]));
  for (guint i = 0; i < texts->len; i++)
    kefu_question_add_option (q, texts->pdata[i], type == KEFU_QUESTION_SHORT_ANSWER ? 100 : 0,
                              i < feedback->len ? feedback->pdata[i] : "");
  if (weights->len == texts->len && weights->len > 0)
    for (guint i = 0; i < weights->len; i++)
      g_array_index (q->weights, double, i) = g_ascii_strtod (weights->pdata[i], NULL);
  else if (type == KEFU_QUESTION_SINGLE_CHOICE || type == KEFU_QUESTION_MULTIPLE_CHOICE)
    kefu_question_set_right_letters (q, answer != NULL ? answer : "");
  return g_steal_pointer (&q);
}

static char *
join_strings (GPtrArray  *strings,
              const char *separator)
{
  g_autoptr(GPtrArray) v = g_ptr_array_new ();

  for (guint i = 0; i < strings->len; i++)
    g_ptr_array_add (v, strings->pdata[i]);
  g_ptr_array_add (v, NULL);
  return g_strjoinv (separator, (char **) v->pdata);
}

static gboolean
any_nonempty (GPtrArray *strings)
{
  for (guint i = 0; i < strings->len; i++)
    if (*(const char *) strings->pdata[i] != '\0')
      return TRUE;
  return FALSE;
}

/* Binds the content columns 1…15 of INSERT/UPDATE below. */
static void
bind_content (KefuQuery           *stmt,
              const KefuQuestion *q)
{
  g_autofree char *options = NULL, *answer = NULL, *weights = NULL, *feedback = NULL, *tags = NULL;

  switch (q->type)
    {
    case KEFU_QUESTION_SINGLE_CHOICE:
    case KEFU_QUESTION_MULTIPLE_CHOICE:
      options = join_strings (q->options, "\n");
      answer = kefu_question_right_letters (q);
      break;
    case KEFU_QUESTION_SHORT_ANSWER:
      answer = join_strings (q->options, "\n");
      break;
    case KEFU_QUESTION_TRUE_FALSE:
      answer = g_strdup (q->answer_true ? "true" : "false");
      break;
    case KEFU_QUESTION_CASE_ANALYSIS:
    case KEFU_QUESTION_WRITTEN:
      answer = g_strdup (q->rubric != NULL ? q->rubric : "");
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
          g_string_append_printf (s, "%s%s", i ? "," : "",
                                  g_ascii_formatd (buf, sizeof buf, "%.10g", kefu_question_weight (q, i)));
        }
      weights = g_string_free (s, FALSE);
    }
  if (any_nonempty (q->feedback))
    feedback = join_strings (q->feedback, "\n");
  if (q->tags->len > 0)
    tags = join_strings (q->tags, ",");

  kefu_query_bind_int (stmt, 1, q->bank_id);
  kefu_query_bind_text_or_null (stmt, 2, q->module);
  kefu_query_bind_text (stmt, 3, kefu_question_type_code (q->type));
  kefu_query_bind_text_or_null (stmt, 4, q->title);
  kefu_query_bind_text (stmt, 5, q->stem);
  kefu_query_bind_text_or_null (stmt, 6, options);
  kefu_query_bind_text (stmt, 7, answer);
  kefu_query_bind_text_or_null (stmt, 8, q->explanation);
  kefu_query_bind_double (stmt, 9, q->points);
  kefu_query_bind_int (stmt, 10, q->difficulty);
  kefu_query_bind_text_or_null (stmt, 11, tags);
  kefu_query_bind_text_or_null (stmt, 12, q->category);
  kefu_query_bind_text_or_null (stmt, 13, weights);
  kefu_query_bind_text_or_null (stmt, 14, feedback);
}

static gint64
insert_row (KefuStore     *store,
            KefuQuestion  *q,
            gint64         supersedes,
            GError       **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "INSERT INTO questions (bank_id, module, type, title, stem, options, answer, explanation, points, "
    "difficulty, tags, category, option_weights, option_feedback, version, family_id, supersedes, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)", error);
  KEFU_AUTO_QUERY *family = NULL;
  gint64 id;

  if (stmt == NULL)
    return -1;
  bind_content (stmt, q);
  kefu_query_bind_int (stmt, 15, MAX (q->version, 1));
  kefu_query_bind_id (stmt, 16, q->family_id);
  kefu_query_bind_id (stmt, 17, supersedes);
  kefu_query_bind_int (stmt, 18, kefu_store_now (store));
  if (!kefu_query_run (store, stmt, error))
    return -1;
  id = kefu_query_last_id (store);
  if (q->family_id <= 0)
    {
      family = kefu_query_prepare (store, "UPDATE questions SET family_id = id WHERE id = ?1", error);
      if (family == NULL)
        return -1;
      kefu_query_bind_int (family, 1, id);
      if (!kefu_query_run (store, family, error))
        return -1;
      q->family_id = id;
    }
  q->id = id;
  return id;
}

/* Adds a new question (q->bank_id must be set); fills q->id and q->family_id. */
gint64
kefu_question_insert (KefuStore     *store,
                      KefuQuestion  *q,
                      GError       **error)
{
  gint64 id;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !kefu_question_validate (q, error) || !kefu_training_savepoint (store, error))
    return -1;
  q->family_id = 0;
  q->version = 1;
  id = insert_row (store, q, 0, error);
  if (!kefu_training_release (store, id > 0, error))
    return -1;
  return id;
}

KefuQuestion *
kefu_question_load (KefuStore  *store,
                    gint64      id,
                    GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " QUESTION_COLUMNS " FROM %s WHERE id = ?1", questions_table (store));
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no question %lld."),
                   (long long) id);
      return NULL;
    }
  return question_from_row (stmt);
}

/* The questions in use in a bank (the newest version of each), oldest first. */
GPtrArray *
kefu_bank_questions (KefuStore  *store,
                     gint64      bank_id,
                     GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " QUESTION_COLUMNS " FROM %s WHERE bank_id = ?1 AND retired = 0 "
                                          "ORDER BY COALESCE(family_id, id), id", questions_table (store));
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_question_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, bank_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    g_ptr_array_add (list, question_from_row (stmt));
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
kefu_question_is_used (KefuStore *store,
                       gint64     id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
                                             "SELECT 1 FROM attempt_answers WHERE question_id = ?1 LIMIT 1", NULL);

  if (stmt == NULL)
    return TRUE;
  kefu_query_bind_int (stmt, 1, id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW;
}

static gboolean
bank_name_ok (KefuStore   *store,
              const char  *name,
              gint64       except_id,
              GError     **error)
{
  gint64 other;

  if (name == NULL || *name == '\0' || g_utf8_strlen (name, -1) > 100 || strchr (name, '\n') != NULL)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A question bank needs a name of one line, at most 100 characters."));
      return FALSE;
    }
  other = kefu_bank_find (store, name, NULL);
  if (other > 0 && other != except_id)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("There is already a question bank “%s”: choose another name."), name);
      return FALSE;
    }
  return TRUE;
}

/* A new, empty bank; refused when the name is taken. */
gint64
kefu_bank_create (KefuStore   *store,
                  const char  *name,
                  GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !bank_name_ok (store, trimmed, 0, error))
    return -1;
  return kefu_bank_ensure (store, trimmed, error);
}

char *
kefu_bank_name (KefuStore  *store,
                gint64      bank_id,
                GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT name FROM question_banks WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, bank_id);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    return g_strdup (kefu_query_get_text (stmt, 0));
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no question bank %lld."),
               (long long) bank_id);
  return NULL;
}

gboolean
kefu_bank_rename (KefuStore   *store,
                  gint64       bank_id,
                  const char  *name,
                  GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *old = NULL, *detail = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      (old = kefu_bank_name (store, bank_id, error)) == NULL || !bank_name_ok (store, trimmed, bank_id, error) ||
      !kefu_training_savepoint (store, error))
    return FALSE;
  stmt = kefu_query_prepare (store, "UPDATE question_banks SET name = ?1 WHERE id = ?2", error);
  ok = stmt != NULL;
  if (ok)
    {
      kefu_query_bind_text (stmt, 1, trimmed);
      kefu_query_bind_int (stmt, 2, bank_id);
      detail = g_strdup_printf ("%s → %s", old, trimmed);
      ok = kefu_query_run (store, stmt, error) &&
           kefu_audit_append (store, kefu_store_get_actor (store), "bank.rename", "question_banks", bank_id, detail,
                              error);
    }
  return kefu_training_release (store, ok, error);
}

/* Deletes a bank and its questions. Refused, with the reason, while any of
 * its questions (any version) is on a paper, in an attempt, or a paper
 * draws from the bank: then its questions are retired instead. */
gboolean
kefu_bank_delete (KefuStore   *store,
                  gint64       bank_id,
                  GError     **error)
{
  KEFU_AUTO_QUERY *uses = NULL;
  g_autofree char *name = NULL;
  gint64 n_papers = 0, n_attempts = 0;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      (name = kefu_bank_name (store, bank_id, error)) == NULL)
    return FALSE;
  uses = kefu_query_prepare (store,
    "SELECT (SELECT count(DISTINCT exam_id) FROM exam_items WHERE draw_bank_id = ?1 "
    "        OR question_id IN (SELECT id FROM questions WHERE bank_id = ?1)), "
    "       (SELECT count(DISTINCT attempt_id) FROM attempt_answers "
    "        WHERE question_id IN (SELECT id FROM questions WHERE bank_id = ?1))", error);
  if (uses == NULL)
    return FALSE;
  kefu_query_bind_int (uses, 1, bank_id);
  if (kefu_query_step (store, uses, NULL) == KEFU_QUERY_ROW)
    {
      n_papers = kefu_query_get_int (uses, 0);
      n_attempts = kefu_query_get_int (uses, 1);
    }
  if (n_papers > 0 || n_attempts > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   /* Translators: bank name, papers, attempts */
                   _("The question bank “%s” cannot be deleted: %lld papers and %lld attempts use its questions. "
                     "Retire the questions you no longer want instead."),
                   name, (long long) n_papers, (long long) n_attempts);
      return FALSE;
    }
  if (!kefu_training_savepoint (store, error))
    return FALSE;
  ok = kefu_query_exec (store, "DELETE FROM practice_queue WHERE question_id IN "
                               "(SELECT id FROM questions WHERE bank_id = ?1)", bank_id, 0, error) &&
       kefu_query_exec (store, "UPDATE questions SET supersedes = NULL, family_id = NULL WHERE bank_id = ?1",
                        bank_id, 0, error) &&
       kefu_query_exec (store, "DELETE FROM questions WHERE bank_id = ?1", bank_id, 0, error) &&
       kefu_query_exec (store, "DELETE FROM question_banks WHERE id = ?1", bank_id, 0, error) &&
       kefu_audit_append (store, kefu_store_get_actor (store), "bank.delete", "question_banks", bank_id, name, error);
  return kefu_training_release (store, ok, error);
}

/* Categories → modules ----------------------------------------------------- */

/* The module a category names: a built-in name ("应急处理", "培训/应急处理")
 * or the trainer's mapping (its last part, or whole); NULL when none. */
char *
kefu_module_alias_lookup (KefuStore  *store,
                          const char *category)
{
  const char *builtin = kefu_module_parse (category);
  const char *last;
  KEFU_AUTO_QUERY *stmt = NULL;

  if (builtin != NULL || category == NULL)
    return g_strdup (builtin);
  last = strrchr (category, '/');
  last = last != NULL ? last + 1 : category;
  stmt = kefu_query_prepare (store,
    "SELECT module FROM training_module_aliases WHERE category = ?1 OR category = ?2 ORDER BY category = ?2 DESC LIMIT 1",
    NULL);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, category);
  kefu_query_bind_text (stmt, 2, last);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? g_strdup (kefu_query_get_text (stmt, 0)) : NULL;
}

/* Maps @category to @module (a code or its Chinese name); NULL or "" removes it. */
gboolean
kefu_module_alias_set (KefuStore   *store,
                       const char  *category,
                       const char  *module,
                       GError     **error)
{
  const char *code = module != NULL && *module != '\0' ? kefu_module_parse (module) : NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *detail = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  if (category == NULL || *category == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("A mapping needs the category (分类) it maps."));
      return FALSE;
    }
  if (module != NULL && *module != '\0' && code == NULL)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is not a course module (服务礼仪, 沟通技巧, 数字化工具, 工程知识, 法律实务, 应急处理, "
                     "团队管理, 数据分析, 增值服务)."), module);
      return FALSE;
    }
  stmt = kefu_query_prepare (store, code != NULL
                             ? "INSERT INTO training_module_aliases (category, module) VALUES (?1, ?2) "
                               "ON CONFLICT (category) DO UPDATE SET module = ?2"
                             : "DELETE FROM training_module_aliases WHERE category = ?1", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, category);
  if (code != NULL)
    kefu_query_bind_text (stmt, 2, code);
  detail = g_strdup_printf ("%s → %s", category, code != NULL ? code : "-");
  return kefu_query_run (store, stmt, error) &&
         kefu_audit_append (store, kefu_store_get_actor (store), "training.module-alias", NULL, 0, detail, error);
}

/* The trainer's mapping: "category=module" strings, by category. */
GPtrArray *
kefu_module_aliases (KefuStore  *store,
                     GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT category, module FROM training_module_aliases ORDER BY category", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return NULL;
  while (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    g_ptr_array_add (list, g_strdup_printf ("%s=%s", kefu_query_get_text (stmt, 0), kefu_query_get_text (stmt, 1)));
  return g_steal_pointer (&list);
}

/* Saves an edit of q (loaded from the store). A question no attempt has
 * used changes in place; a used one gets a new version, which papers and
 * the re-practice queue use from now on, while the attempts that used it
 * keep theirs. Returns the id that now holds the question (q->id too). */
gint64
kefu_question_save (KefuStore     *store,
                    KefuQuestion  *q,
                    GError       **error)
{
  gint64 old = q->id;
  gboolean ok;

  if (old <= 0)
    return kefu_question_insert (store, q, error);
  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !kefu_question_validate (q, error) || !kefu_training_savepoint (store, error))
    return -1;

  if (!kefu_question_is_used (store, old))
    {
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
        "UPDATE questions SET bank_id = ?1, module = ?2, type = ?3, title = ?4, stem = ?5, options = ?6, "
        "answer = ?7, explanation = ?8, points = ?9, difficulty = ?10, tags = ?11, category = ?12, "
        "option_weights = ?13, option_feedback = ?14 WHERE id = ?15", error);
      ok = stmt != NULL;
      if (ok)
        {
          bind_content (stmt, q);
          kefu_query_bind_int (stmt, 15, old);
          ok = kefu_query_run (store, stmt, error);
        }
      return kefu_training_release (store, ok, error) ? old : -1;
    }

  q->version++;
  ok = insert_row (store, q, old, error) > 0 &&
       kefu_query_exec (store, "UPDATE questions SET retired = 1 WHERE id = ?1", old, 0, error) &&
       kefu_query_exec (store, "UPDATE exam_items SET question_id = ?1 WHERE question_id = ?2", q->id, old, error) &&
       /* the queued cards follow the new version (a card of it already,
        * if any, gives way: one per person and question), on both engines */
       kefu_query_exec (store, "DELETE FROM practice_queue WHERE question_id = ?1 "
                               "AND user_id IN (SELECT user_id FROM practice_queue WHERE question_id = ?2)",
                        q->id, old, error) &&
       kefu_query_exec (store, "UPDATE practice_queue SET question_id = ?1 WHERE question_id = ?2",
                        q->id, old, error);
  if (!kefu_training_release (store, ok, error))
    {
      q->id = old;
      q->version--;
      return -1;
    }
  return q->id;
}

/* Takes a question out of use (papers still holding it keep it). */
gboolean
kefu_question_retire (KefuStore  *store,
                      gint64      id,
                      GError    **error)
{
  return kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) &&
         kefu_query_exec (store, "UPDATE questions SET retired = 1 WHERE id = ?1", id, 0, error) &&
         kefu_audit_append (store, kefu_store_get_actor (store), "question.retire", "questions", id, NULL, error);
}

/* The newest version of the question @id is a version of. */
gint64
kefu_question_current (KefuStore  *store,
                       gint64      id,
                       GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT q.id FROM questions q, questions f WHERE f.id = ?1 "
    "AND COALESCE(q.family_id, q.id) = COALESCE(f.family_id, f.id) ORDER BY q.version DESC, q.id DESC LIMIT 1",
    error);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, id);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    return kefu_query_get_int (stmt, 0);
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no question %lld."),
               (long long) id);
  return -1;
}

/* The question list of a bank: the newest version of each question whose
 * stem, title, choices, category or tags contain @filter->text (case
 * ignored for Latin letters), of a type, category and module when given;
 * retired ones too when asked (after the others). */
GPtrArray *
kefu_bank_search (KefuStore                *store,
                  gint64                    bank_id,
                  const KefuQuestionFilter *filter,
                  GError                  **error)
{
  /* (the casts give PostgreSQL the type of a parameter that may be NULL;
   * the fields are joined by a newline a search term cannot span) */
  g_autofree char *sql = g_strdup_printf (
    "SELECT " QUESTION_COLUMNS " FROM %s q WHERE bank_id = ?1 "
    "AND NOT EXISTS (SELECT 1 FROM questions n WHERE n.supersedes = q.id) "
    "AND (?2 <> 0 OR retired = 0) "
    "AND (CAST(?3 AS TEXT) IS NULL OR instr(lower(stem || '\n' || COALESCE(title, '') || '\n' || COALESCE(options, '') "
    "     || '\n' || COALESCE(category, '') || '\n' || COALESCE(tags, '')), lower(?3)) > 0) "
    "AND (CAST(?4 AS TEXT) IS NULL OR type = ?4) AND (CAST(?5 AS TEXT) IS NULL OR category = ?5) "
    "AND (CAST(?6 AS TEXT) IS NULL OR module = ?6) "
    "ORDER BY retired, COALESCE(family_id, id), id", questions_table (store));
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_question_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, bank_id);
  kefu_query_bind_int (stmt, 2, filter != NULL && filter->include_retired);
  if (filter != NULL && filter->text != NULL && *filter->text != '\0')
    kefu_query_bind_text (stmt, 3, filter->text);
  if (filter != NULL && filter->type >= 0 && filter->type < KEFU_QUESTION_N_TYPES)
    kefu_query_bind_text (stmt, 4, kefu_question_type_code (filter->type));
  if (filter != NULL && filter->category != NULL && *filter->category != '\0')
    kefu_query_bind_text (stmt, 5, filter->category);
  if (filter != NULL && filter->module != NULL && *filter->module != '\0')
    kefu_query_bind_text (stmt, 6, filter->module);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    g_ptr_array_add (list, question_from_row (stmt));
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* The categories (分类) the bank's questions in use have, sorted. */
GPtrArray *
kefu_bank_categories (KefuStore  *store,
                      gint64      bank_id,
                      GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT DISTINCT category FROM questions WHERE bank_id = ?1 AND retired = 0 AND category IS NOT NULL "
    "AND category <> '' ORDER BY category", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, bank_id);
  while (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    g_ptr_array_add (list, g_strdup (kefu_query_get_text (stmt, 0)));
  return g_steal_pointer (&list);
}

/* Brings a retired question back into use (its newest version). */
gboolean
kefu_question_unretire (KefuStore  *store,
                        gint64      id,
                        GError    **error)
{
  return kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) &&
         kefu_query_exec (store, "UPDATE questions SET retired = 0 WHERE id = ?1 "
                                 "AND NOT EXISTS (SELECT 1 FROM questions n WHERE n.supersedes = ?1)", id, 0, error) &&
         kefu_audit_append (store, kefu_store_get_actor (store), "question.unretire", "questions", id, NULL, error);
}

/* Writes q's content over its row in place, whoever used it: only for a
 * key correction, whose caller re-marks the attempts. */
gboolean
kefu_question_overwrite (KefuStore           *store,
                         const KefuQuestion  *q,
                         GError             **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "UPDATE questions SET bank_id = ?1, module = ?2, type = ?3, title = ?4, stem = ?5, options = ?6, "
    "answer = ?7, explanation = ?8, points = ?9, difficulty = ?10, tags = ?11, category = ?12, "
    "option_weights = ?13, option_feedback = ?14 WHERE id = ?15", error);

  if (stmt == NULL)
    return FALSE;
  bind_content (stmt, q);
  kefu_query_bind_int (stmt, 15, q->id);
  return kefu_query_run (store, stmt, error);
}
