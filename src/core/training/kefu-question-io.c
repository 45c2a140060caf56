/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-question-io.c — question banks from and to files */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-auth.h"
#include "kefu-gift.h"
#include "kefu-import-private.h"
#include "kefu-question-csv.h"
#include "kefu-question-io.h"
#include "kefu-safe-file.h"
#include "kefu-training-private.h"

static void
skip_clear (gpointer data)
{
  g_free (((KefuQuestionSkip *) data)->reason);
}

GArray *
kefu_question_skips_new (void)
{
  GArray *a = g_array_new (FALSE, TRUE, sizeof (KefuQuestionSkip));
  g_array_set_clear_func (a, skip_clear);
  return a;
}

void
kefu_question_skip_add (GArray     *skipped,
                        guint       line,
                        const char *format,
                        ...)
{
  KefuQuestionSkip s = { line, NULL };
  va_list args;

  va_start (args, format);
  s.reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (skipped, s);
}

void
kefu_question_import_free (KefuQuestionImport *import)
{
  if (import == NULL)
    return;
  g_array_unref (import->skipped);
  g_clear_pointer (&import->duplicates, g_array_unref);
  g_clear_pointer (&import->notes, g_array_unref);
  g_free (import);
}

guint
kefu_question_import_total (const KefuQuestionImport *import)
{
  guint n = 0;
  for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
    n += import->imported[t];
  return n;
}

static KefuQuestionFormat
format_for (const char         *path,
            KefuQuestionFormat  format)
{
  if (format != KEFU_QUESTION_FORMAT_AUTO)
    return format;
  {
    g_autofree char *lower = g_ascii_strdown (path, -1);
    return g_str_has_suffix (lower, ".csv") ? KEFU_QUESTION_FORMAT_CSV : KEFU_QUESTION_FORMAT_GIFT;
  }
}

/* How long each part of an imported question may be, in characters. */
#define MAX_STEM        5000
#define MAX_CHOICE      1000
#define MAX_EXPLANATION 5000
#define MAX_TITLE       200
#define MAX_CATEGORY    100
#define MAX_TAG         50

/* NULL when @text is fine; else why not, naming the part (@what). */
static char *
text_problem (const char *what,
              const char *text,
              guint       max_chars,
              gboolean    multiline)
{
  glong at = 0, length;
  gunichar control;

  if (text == NULL)
    return NULL;
  control = kefu_import_find_control (text, multiline, &at);
  if (control != 0)
    /* Translators: the first %s is a part of a question, e.g. "the question text (题干)" */
    return g_strdup_printf (_("%s has a control character (U+%04X) at character %ld"), what, (guint) control, at);
  length = g_utf8_strlen (text, -1);
  if (length > (glong) max_chars)
    /* Translators: the first %s is a part of a question, e.g. "the question text (题干)" */
    return g_strdup_printf (_("%s has %ld characters; at most %u are taken"), what, length, max_chars);
  return NULL;
}

/* Control characters (tabs and line breaks only where a question may have
 * them) and lengths, in every part of @q; NULL when all are fine. The
 * parts are named as the CSV template's columns are. */
static char *
question_text_problem (const KefuQuestion *q)
{
  gboolean choice = q->type == KEFU_QUESTION_SINGLE_CHOICE || q->type == KEFU_QUESTION_MULTIPLE_CHOICE;
  char *why;

  if ((why = text_problem (_("the title (标题)"), q->title, MAX_TITLE, FALSE)) != NULL ||
      (why = text_problem (_("the question text (题干)"), q->stem, MAX_STEM, TRUE)) != NULL ||
      (why = text_problem (_("the explanation (解析)"), q->explanation, MAX_EXPLANATION, TRUE)) != NULL ||
      (why = text_problem (_("the rubric (答案)"), q->rubric, MAX_EXPLANATION, TRUE)) != NULL ||
      (why = text_problem (_("the category (分类)"), q->category, MAX_CATEGORY, FALSE)) != NULL ||
      (why = text_problem (_("the course module"), q->module, MAX_CATEGORY, FALSE)) != NULL)
    return why;
  for (guint i = 0; i < q->options->len; i++)
    {
      g_autofree char *what = choice ? g_strdup_printf (_("choice %c (选项%c)"), 'A' + i, 'A' + i)
                                     : g_strdup_printf (_("accepted answer %u (答案)"), i + 1);
      if ((why = text_problem (what, q->options->pdata[i], MAX_CHOICE, FALSE)) != NULL)
        return why;
    }
  for (guint i = 0; i < q->feedback->len; i++)
    {
      g_autofree char *what = g_strdup_printf (_("feedback %u"), i + 1);
      if ((why = text_problem (what, q->feedback->pdata[i], MAX_CHOICE, TRUE)) != NULL)
        return why;
    }
  for (guint i = 0; i < q->tags->len; i++)
    if ((why = text_problem (_("a tag (标签)"), q->tags->pdata[i], MAX_TAG, FALSE)) != NULL)
      return why;
  return NULL;
}

static int
by_line (gconstpointer a,
         gconstpointer b)
{
  const KefuQuestionSkip *x = a, *y = b;
  return (x->line > y->line) - (x->line < y->line);
}

/* Reads @path whole, then adds every good question that is not already
 * there to the bank @bank_id, or (@bank_id 0) to the bank @bank_name,
 * created if new, in one transaction. NULL with @error when the file
 * cannot be read or has no questions at all; otherwise the counts, every
 * skipped question with its line and reason, the questions already in the
 * bank, and notes. When nothing new is taken, nothing is written (bank_id
 * is the existing bank's or 0: no bank is created). */
static KefuQuestionImport *
import_file (KefuStore           *store,
             const char          *path,
             KefuQuestionFormat   format,
             gint64               bank_id,
             const char          *bank_name,
             GError             **error)
{
  g_autoptr(KefuQuestionImport) import = g_new0 (KefuQuestionImport, 1);
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GPtrArray) good = g_ptr_array_new ();
  g_autoptr(GPtrArray) existing = NULL;
  g_autofree char *text = NULL, *name = NULL;
  gsize length = 0;

  import->skipped = kefu_question_skips_new ();
  import->duplicates = kefu_question_skips_new ();
  import->notes = kefu_question_skips_new ();
  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return NULL;
  if (bank_id > 0)
    {
      if ((name = kefu_bank_name (store, bank_id, error)) == NULL)
        return NULL;
    }
  else
    {
      name = g_strdup (bank_name);
      bank_id = kefu_bank_find (store, name, NULL);
    }
  if (bank_id > 0 && (existing = kefu_bank_questions (store, bank_id, error)) == NULL)
    return NULL;
  text = kefu_import_load_text (path, KEFU_IMPORT_ENCODING_AUTO, &import->encoding, &length, error);
  if (text == NULL)
    return NULL;
  if (format_for (path, format) == KEFU_QUESTION_FORMAT_CSV)
    questions = kefu_question_csv_parse (text, length, path, import->skipped, error);
  else
    questions = kefu_gift_parse (text, import->skipped);
  if (questions == NULL)
    return NULL;

  for (guint i = 0; i < questions->len; i++)
    {
      KefuQuestion *q = questions->pdata[i];
      g_autoptr(GError) invalid = NULL;
      g_autofree char *why = question_text_problem (q);
      const KefuQuestion *same = NULL;

      if (why != NULL)
        {
          kefu_question_skip_add (import->skipped, q->line, "%s", why);
          continue;
        }
      if (!kefu_question_validate (q, &invalid))
        {
          kefu_question_skip_add (import->skipped, q->line, "%s", invalid->message);
          continue;
        }
      for (guint k = 0; existing != NULL && same == NULL && k < existing->len; k++)
        if (kefu_question_same (q, existing->pdata[k]))
          same = existing->pdata[k];
      if (same != NULL)
        {
          kefu_question_skip_add (import->duplicates, q->line,
                                  _("the same question is already in the bank “%s” (question %lld)"), name,
                                  (long long) same->id);
          continue;
        }
      for (guint k = 0; same == NULL && k < good->len; k++)
        if (kefu_question_same (q, good->pdata[k]))
          same = good->pdata[k];
      if (same != NULL)
        {
          kefu_question_skip_add (import->duplicates, q->line,
                                  _("the same question is already in this file, on line %u"), same->line);
          continue;
        }
      /* the category's module: built in or by the trainer's mapping, else said */
      if (q->module == NULL && q->category != NULL)
        {
          q->module = kefu_module_alias_lookup (store, q->category);
          if (q->module == NULL)
            kefu_question_skip_add (import->notes, q->line,
                                    _("the category “%s” names no course module: the question has none until you "
                                      "map the category to a module"), q->category);
        }
      g_ptr_array_add (good, q);
    }
  g_array_sort (import->skipped, by_line);
  if (good->len == 0)
    {
      if (import->skipped->len == 0 && import->duplicates->len == 0)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       _("The file “%s” has no questions: nothing was imported."), path);
          return NULL;
        }
      import->bank_id = MAX (bank_id, 0);
      return g_steal_pointer (&import);   /* nothing new: the report says why */
    }

  if (!kefu_store_begin (store, error))
    return NULL;
  import->bank_id = bank_id > 0 ? bank_id : kefu_bank_ensure (store, name, error);
  if (import->bank_id <= 0)
    {
      kefu_store_rollback (store);
      return NULL;
    }
  for (guint i = 0; i < good->len; i++)
    {
      KefuQuestion *q = good->pdata[i];

      q->bank_id = import->bank_id;
      if (kefu_question_insert (store, q, error) <= 0)
        {
          kefu_store_rollback (store);
          return NULL;
        }
      import->imported[q->type]++;
    }
  if (!kefu_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&import);
}

KefuQuestionImport *
kefu_questions_import_file (KefuStore           *store,
                            const char          *path,
                            KefuQuestionFormat   format,
                            const char          *bank_name,
                            GError             **error)
{
  return import_file (store, path, format, 0, bank_name, error);
}

/* The same into an existing bank, chosen by its id. */
KefuQuestionImport *
kefu_questions_import_into (KefuStore           *store,
                            const char          *path,
                            KefuQuestionFormat   format,
                            gint64               bank_id,
                            GError             **error)
{
  g_return_val_if_fail (bank_id > 0, NULL);
  return import_file (store, path, format, bank_id, NULL, error);
}

/* Writes the bank's questions in use; GIFT as UTF-8, the template as
 * UTF-8 with a BOM. The file is replaced whole (written aside, then renamed). */
gboolean
kefu_questions_export_file (KefuStore           *store,
                            gint64               bank_id,
                            KefuQuestionFormat   format,
                            const char          *path,
                            guint               *n_written,
                            GError             **error)
{
  g_autoptr(GPtrArray) questions = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  /* the file holds every answer */
  if (!kefu_auth_require (store, KEFU_PERMISSION_READ_ANSWER_KEYS, error) ||
      (questions = kefu_bank_questions (store, bank_id, error)) == NULL)
    return FALSE;
  if (format_for (path, format) == KEFU_QUESTION_FORMAT_CSV)
    text = kefu_question_csv_write (questions);
  else
    text = kefu_gift_write (questions);
  if (!kefu_safe_file_write (path, text, strlen (text), &local_error))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN, _("The file “%s” cannot be written: %s"),
                   path, local_error->message);
      return FALSE;
    }
  if (n_written != NULL)
    *n_written = questions->len;
  return TRUE;
}
