/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-gift.c — Moodle's GIFT format (see kefu-gift.h for what is read) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kefu-gift.h"

/* The next unescaped @c in [p, end), or NULL. */
static const char *
find_unescaped (const char *p,
                const char *end,
                char        c)
{
  for (; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      else if (*p == c)
        return p;
    }
  return NULL;
}

static const char *
find_unescaped_any (const char *p,
                    const char *end,
                    const char *set)
{
  for (; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      else if (strchr (set, *p) != NULL)
        return p;
    }
  return end;
}

/* Unescapes and trims [p, end). */
static char *
unescape (const char *p,
          const char *end)
{
  GString *s = g_string_sized_new (end - p);

  for (; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end && (p[1] == 'n' || strchr ("~=#{}:\\", p[1]) != NULL))
        {
          /* Moodle's escapes; any other backslash is kept as written */
          p++;
          g_string_append_c (s, *p == 'n' ? '\n' : *p);
        }
      else
        g_string_append_c (s, *p);
    }
  return g_strstrip (g_string_free (s, FALSE));
}

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && g_ascii_isspace (*p))
    p++;
  return p;
}

typedef struct {
  double     points;
  int        difficulty;
  char      *module;
  GPtrArray *tags;
  GString   *rubric;
  gboolean   has_rubric;
  gboolean   written;     /* "// kefu: type=written": an essay that is a 简答题 */
} Meta;

static void
meta_reset (Meta *m)
{
  m->points = 1;
  m->difficulty = 3;
  g_clear_pointer (&m->module, g_free);
  g_ptr_array_set_size (m->tags, 0);
  g_string_truncate (m->rubric, 0);
  m->has_rubric = FALSE;
  m->written = FALSE;
}

/* "// kefu: points=2 difficulty=3 module=law", "// [tag:x] [tag:y]",
 * "// kefu-rubric: …"; anything else is an ordinary comment. */
static void
meta_read (Meta       *m,
           const char *comment)
{
  const char *p = comment;

  if (g_str_has_prefix (p, "kefu-rubric:"))
    {
      p += strlen ("kefu-rubric:");
      if (*p == ' ')
        p++;
      if (m->has_rubric)
        g_string_append_c (m->rubric, '\n');
      g_string_append (m->rubric, p);
      m->has_rubric = TRUE;
      return;
    }
  if (g_str_has_prefix (p, "kefu:"))
    {
      g_auto(GStrv) parts = g_strsplit (p + strlen ("kefu:"), " ", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          if (g_str_has_prefix (parts[i], "points="))
            m->points = g_ascii_strtod (parts[i] + 7, NULL);
          else if (g_str_has_prefix (parts[i], "difficulty="))
            m->difficulty = atoi (parts[i] + 11);
          else if (g_str_equal (parts[i], "type=written"))
            m->written = TRUE;
          else if (g_str_has_prefix (parts[i], "module="))
            {
              g_free (m->module);
              m->module = g_strdup (parts[i] + 7);
            }
        }
      return;
    }
  while ((p = strstr (p, "[tag:")) != NULL)
    {
      const char *close = strchr (p, ']');

      if (close == NULL)
        break;
      g_ptr_array_add (m->tags, g_strndup (p + 5, close - p - 5));
      p = close + 1;
    }
}

static gboolean
parse_weight (const char **pp,
              const char  *end,
              double      *weight)
{
  const char *p = *pp, *close;
  g_autofree char *number = NULL;
  char *number_end;

  close = memchr (p + 1, '%', end - p - 1);
  if (close == NULL)
    return FALSE;
  number = g_strndup (p + 1, close - p - 1);
  *weight = g_ascii_strtod (number, &number_end);
  if (number_end == number || *number_end != '\0')
    return FALSE;
  *pp = close + 1;
  return TRUE;
}

/* One answer of a choice or short-answer block */
typedef struct {
  char    marker;      /* '=' or '~' */
  gboolean weighted;
  double   weight;
  char    *text;
  char    *feedback;
} Answer;

static void
answer_clear (gpointer data)
{
  Answer *a = data;
  g_free (a->text);
  g_free (a->feedback);
}

/* The question in [p, end) starting on @line; NULL with a reason when it
 * cannot be taken whole. */
typedef enum { FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN } TextFormat;

/* HTML → plain text: tags dropped (<br>, </p>, </li> become line breaks),
 * the common entities decoded. Text without a tag or entity is unchanged. */
static char *
html_to_plain (const char *text)
{
  static const struct { const char *entity, *text; } entities[] = {
    { "&nbsp;", " " }, { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&#39;", "'" },
    { "&apos;", "'" },
  };
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0';)
    {
      if (*p == '<' && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
        {
          const char *gt = strchr (p, '>');
          g_autofree char *tag = NULL;

          if (gt == NULL)
            {
              g_string_append (out, p);
              break;
            }
          tag = g_ascii_strdown (p + 1, gt - p - 1);
          if (g_str_has_prefix (tag, "br") || g_str_equal (tag, "/p") || g_str_equal (tag, "/li") ||
              g_str_equal (tag, "/div") || g_str_has_prefix (tag, "/h"))
            g_string_append_c (out, '\n');
          p = gt + 1;
          continue;
        }
      if (*p == '&')
        {
          gboolean done = FALSE;
          for (guint i = 0; i < G_N_ELEMENTS (entities) && !done; i++)
            if (g_str_has_prefix (p, entities[i].entity))
              {
                g_string_append (out, entities[i].text);
                p += strlen (entities[i].entity);
                done = TRUE;
              }
          if (done)
            continue;
        }
      g_string_append_c (out, *p++);
    }
  /* no blank lines left by closing tags at the end */
  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

/* Markdown → plain text: **strong**, *em*, __strong__, `code`, # headings,
 * [text](link) and list bullets lose their marks. */
static char *
markdown_to_plain (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint l = 0; lines[l] != NULL; l++)
    {
      const char *p = lines[l];

      if (l > 0)
        g_string_append_c (out, '\n');
      while (*p == '#')
        p++;
      if (p != lines[l] && *p == ' ')
        p++;
      if ((p[0] == '*' || p[0] == '-' || p[0] == '+') && p[1] == ' ')
        p += 2;
      while (*p != '\0')
        {
          if (g_str_has_prefix (p, "___"))
            while (*p == '_')   /* a blank to fill in, not emphasis */
              g_string_append_c (out, *p++);
          else if ((p[0] == '*' && p[1] == '*') || (p[0] == '_' && p[1] == '_'))
            p += 2;
          else if (*p == '*' || *p == '`')
            p++;
          else if (*p == '[')
            {
              const char *close = strchr (p, ']');
              if (close != NULL && close[1] == '(' && strchr (close, ')') != NULL)
                {
                  g_string_append_len (out, p + 1, close - p - 1);
                  p = strchr (close, ')') + 1;
                }
              else
                g_string_append_c (out, *p++);
            }
          else
            g_string_append_c (out, *p++);
        }
    }
  return g_string_free (out, FALSE);
}

static void
plain_in_place (char       **text,
                TextFormat   format)
{
  char *plain;

  if (*text == NULL || format == FORMAT_PLAIN)
    return;
  plain = format == FORMAT_MARKDOWN ? markdown_to_plain (*text) : html_to_plain (*text);
  g_free (*text);
  *text = plain;
}

static KefuQuestion *
parse_question (const char  *p,
                const char  *end,
                const char  *category,
                Meta        *meta,
                char       **reason)
{
  static const char *const markers[] = { "[html]", "[moodle]", "[plain]", "[markdown]" };
  g_autoptr(KefuQuestion) q = NULL;
  g_autoptr(GArray) answers = g_array_new (FALSE, TRUE, sizeof (Answer));
  g_autofree char *title = NULL, *before = NULL, *after = NULL, *general = NULL;
  const char *open, *close, *body, *body_end;
  KefuQuestionType type;
  TextFormat format = FORMAT_HTML;   /* Moodle's own (auto) format reads HTML */

  g_array_set_clear_func (answers, answer_clear);
  p = skip_space (p, end);
  if (g_str_has_prefix (p, "::"))
    {
      const char *t = p + 2;

      for (close = NULL; (t = find_unescaped (t, end, ':')) != NULL; t++)
        if (t + 1 < end && t[1] == ':')
          {
            close = t;
            break;
          }
      if (close == NULL)
        {
          *reason = g_strdup (_("the title (::…::) is never closed"));
          return NULL;
        }
      title = unescape (p + 2, close);
      p = close + 2;
    }

  open = find_unescaped (p, end, '{');
  if (open == NULL)
    {
      *reason = g_strdup (_("there is no answer block {…}: descriptions are not supported"));
      return NULL;
    }
  close = find_unescaped (open + 1, end, '}');
  if (close == NULL)
    {
      *reason = g_strdup (_("the answer block that starts with “{” is never closed"));
      return NULL;
    }
  if (find_unescaped (close + 1, end, '{') != NULL)
    {
      *reason = g_strdup (_("the question has more than one answer block"));
      return NULL;
    }
  if (find_unescaped (open + 1, close, '{') != NULL)
    {
      *reason = g_strdup (_("an answer block contains an unescaped “{”"));
      return NULL;
    }

  before = unescape (p, open);
  after = unescape (close + 1, end);
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    if (g_str_has_prefix (before, markers[i]))
      {
        memmove (before, before + strlen (markers[i]), strlen (before) - strlen (markers[i]) + 1);
        g_strchug (before);
        format = i == 3 ? FORMAT_MARKDOWN : i == 2 ? FORMAT_PLAIN : FORMAT_HTML;
      }
  /* a missing word keeps the spaces around its blank ("costs _____ to") */
  if (*after != '\0')
    {
      if (open > p && g_ascii_isspace (open[-1]) && *before != '\0')
        {
          char *spaced = g_strconcat (before, " ", NULL);
          g_free (before);
          before = spaced;
        }
      if (close + 1 < end && g_ascii_isspace (close[1]))
        {
          char *spaced = g_strconcat (" ", after, NULL);
          g_free (after);
          after = spaced;
        }
    }

  body = skip_space (open + 1, close);
  body_end = close;
  while (body_end > body && g_ascii_isspace (body_end[-1]))
    body_end--;

  /* General feedback: #### to the end of the block. */
  for (const char *h = body; (h = find_unescaped (h, body_end, '#')) != NULL; h++)
    if (body_end - h >= 4 && memcmp (h, "####", 4) == 0)
      {
        general = unescape (h + 4, body_end);
        body_end = h;
        while (body_end > body && g_ascii_isspace (body_end[-1]))
          body_end--;
        break;
      }

  if (body == body_end)
    type = KEFU_QUESTION_CASE_ANALYSIS;
  else if (*body == '#')
    {
      *reason = g_strdup (_("numerical questions ({#…}) are not supported"));
      return NULL;
    }
  else if (*body != '=' && *body != '~')
    {
      const char *hash = find_unescaped (body, body_end, '#');
      g_autofree char *word = g_ascii_strup (body, (hash != NULL ? hash : body_end) - body);

      g_strstrip (word);
      if (!g_str_equal (word, "T") && !g_str_equal (word, "TRUE") &&
          !g_str_equal (word, "F") && !g_str_equal (word, "FALSE"))
        {
          *reason = g_strdup_printf (_("the answer block starts with “%s”, not =, ~, T or F"), word);
          return NULL;
        }
      type = KEFU_QUESTION_TRUE_FALSE;
      q = kefu_question_new (type);
      q->answer_true = word[0] == 'T';
      if (hash != NULL)
        {
          const char *second = find_unescaped (hash + 1, body_end, '#');
          g_ptr_array_add (q->feedback, unescape (hash + 1, second != NULL ? second : body_end));
          g_ptr_array_add (q->feedback, second != NULL ? unescape (second + 1, body_end) : g_strdup (""));
        }
    }
  else
    {
      guint n_right = 0, n_wrong = 0;
      gboolean positive = FALSE;
      const char *a = body;

      while (a < body_end)
        {
          Answer ans = { *a, FALSE, 0, NULL, NULL };
          const char *text_end;

          a++;
          if (a < body_end && *a == '%')
            {
              if (!parse_weight (&a, body_end, &ans.weight))
                {
                  *reason = g_strdup (_("a weight is not written as %number%"));
                  return NULL;
                }
              ans.weighted = TRUE;
            }
          text_end = find_unescaped_any (a, body_end, "=~#");
          ans.text = unescape (a, text_end);
          a = text_end;
          if (a < body_end && *a == '#')
            {
              const char *fb_end = find_unescaped_any (a + 1, body_end, "=~#");
              ans.feedback = unescape (a + 1, fb_end);
              a = fb_end;
              if (a < body_end && *a == '#')
                {
                  answer_clear (&ans);
                  *reason = g_strdup (_("an answer has two feedbacks (#…#)"));
                  return NULL;
                }
            }
          if (strstr (ans.text, "->") != NULL)
            {
              answer_clear (&ans);
              *reason = g_strdup (_("matching questions (->) are not supported"));
              return NULL;
            }
          if (*ans.text == '\0')
            {
              answer_clear (&ans);
              *reason = g_strdup (_("an answer is empty"));
              return NULL;
            }
          if (ans.marker == '=')
            n_right++;
          else
            n_wrong++;
          positive |= ans.marker == '~' && ans.weighted && ans.weight > 0;
          g_array_append_val (answers, ans);
          a = skip_space (a, body_end);
        }

      if (n_wrong == 0)
        type = KEFU_QUESTION_SHORT_ANSWER;
      else if (n_right == 1)
        type = KEFU_QUESTION_SINGLE_CHOICE;
      else if (n_right > 1)
        {
          *reason = g_strdup (_("more than one choice is marked right with “=”: "
                                "a multiple-choice question gives each right choice a weight (~%50%)"));
          return NULL;
        }
      else if (positive)
        type = KEFU_QUESTION_MULTIPLE_CHOICE;
      else
        {
          *reason = g_strdup (_("no choice is right: mark one with “=” or give weights (~%50%)"));
          return NULL;
        }
      q = kefu_question_new (type);
      for (guint i = 0; i < answers->len; i++)
        {
          Answer *ans = &g_array_index (answers, Answer, i);
          double w = ans->weighted ? ans->weight : ans->marker == '=' ? 100 : 0;
          kefu_question_add_option (q, ans->text, w, ans->feedback);
        }
    }

  if (q == NULL)
    q = kefu_question_new (type);
  if (*after != '\0')
    q->stem = g_strconcat (before, "_____", after, NULL);
  else
    q->stem = g_steal_pointer (&before);
  q->title = g_steal_pointer (&title);
  q->explanation = g_steal_pointer (&general);
  q->points = meta->points;
  q->difficulty = meta->difficulty;
  q->category = g_strdup (category);
  q->module = g_strdup (meta->module != NULL ? meta->module : kefu_module_parse (category));
  for (guint i = 0; i < meta->tags->len; i++)
    g_ptr_array_add (q->tags, g_strdup (meta->tags->pdata[i]));
  if (type == KEFU_QUESTION_CASE_ANALYSIS && meta->written)
    q->type = KEFU_QUESTION_WRITTEN;
  if (kefu_question_type_is_written (q->type) && meta->has_rubric)
    q->rubric = g_strdup (meta->rubric->str);
  /* markup shown as what it says, not as tags and asterisks */
  plain_in_place (&q->stem, format);
  plain_in_place (&q->title, format);
  plain_in_place (&q->explanation, format);
  for (guint i = 0; i < q->options->len; i++)
    plain_in_place ((char **) &q->options->pdata[i], format);
  if (*q->stem == '\0')
    {
      *reason = g_strdup (_("the question has no text"));
      return NULL;
    }
  return g_steal_pointer (&q);
}

static char *
clean_category (const char *text)
{
  const char *p = text;

  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, "$course$/"))
    p += strlen ("$course$/");
  if (g_str_has_prefix (p, "top/"))
    p += strlen ("top/");
  return g_strstrip (g_strdup (p));
}

/* @text with every line end as LF: CRLF (Windows) and a lone CR (old Mac
 * files, which would otherwise be one long line) alike. */
static char *
normalize_line_ends (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          if (p[1] == '\n')
            p++;
          g_string_append_c (out, '\n');
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Questions in file order; what cannot be taken goes to @skipped. */
GPtrArray *
kefu_gift_parse (const char *text,
                 GArray     *skipped)
{
  g_autoptr(GPtrArray) questions = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_question_free);
  g_autofree char *normal = normalize_line_ends (text);
  g_auto(GStrv) lines = g_strsplit (normal, "\n", -1);
  g_autoptr(GString) block = g_string_new (NULL);
  g_autofree char *category = NULL;
  Meta meta = { 1, 3, NULL, g_ptr_array_new_with_free_func (g_free), g_string_new (NULL), FALSE, FALSE };
  guint block_line = 0;

  for (guint i = 0; ; i++)
    {
      char *line = lines[i];
      gboolean last = line == NULL;
      const char *s;

      if (!last && i == 0 && g_str_has_prefix (line, "\xef\xbb\xbf"))
        line += 3;
      s = last ? "" : skip_space (line, line + strlen (line));

      if (!last && g_str_has_prefix (s, "//"))
        {
          const char *c = s + 2;
          while (*c == ' ')
            c++;
          meta_read (&meta, c);
          continue;
        }
      if (!last && block->len == 0 && g_str_has_prefix (s, "$CATEGORY:"))
        {
          g_free (category);
          category = clean_category (s + strlen ("$CATEGORY:"));
          if (*category == '\0')
            g_clear_pointer (&category, g_free);
          continue;
        }
      if (!last && *s != '\0')
        {
          if (block->len == 0)
            block_line = i + 1;
          else
            g_string_append_c (block, '\n');
          g_string_append (block, line);
          continue;
        }

      /* A blank line or the end: the block so far is one question. */
      if (block->len > 0)
        {
          g_autofree char *reason = NULL;
          KefuQuestion *q = parse_question (block->str, block->str + block->len, category, &meta, &reason);

          if (q != NULL)
            {
              q->line = block_line;
              g_ptr_array_add (questions, q);
            }
          else
            kefu_question_skip_add (skipped, block_line, "%s", reason);
          g_string_truncate (block, 0);
          meta_reset (&meta);
        }
      if (last)
        break;
    }
  g_free (meta.module);
  g_ptr_array_unref (meta.tags);
  g_string_free (meta.rubric, TRUE);
  return g_steal_pointer (&questions);
}

/* Writing --------------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (strchr ("~=#{}:\\", *p) != NULL)
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p != '\r')
        g_string_append_c (out, *p);
    }
}

static void
append_number (GString    *out,
               const char *format,
               double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

static void
append_weight (GString *out,
               double   weight)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *dot;

  g_ascii_formatd (buf, sizeof buf, "%.5f", weight);
  dot = strchr (buf, '.');
  if (dot != NULL)
    {
      char *e = buf + strlen (buf);
      while (e > dot && (e[-1] == '0' || e[-1] == '.'))
        *--e = '\0';
    }
  g_string_append_printf (out, "%%%s%%", buf);
}

static void
append_feedback (GString    *out,
                 GPtrArray  *feedback,
                 guint       i)
{
  if (i < feedback->len && *(const char *) feedback->pdata[i] != '\0')
    {
      g_string_append_c (out, '#');
      append_escaped (out, feedback->pdata[i]);
    }
}

char *
kefu_gift_write (GPtrArray *questions)
{
  GString *out = g_string_new ("// Kefu question bank (GIFT)\n\n");
  const char *category = NULL;

  for (guint n = 0; n < questions->len; n++)
    {
      const KefuQuestion *q = questions->pdata[n];

      if (n == 0 ? q->category != NULL : g_strcmp0 (category, q->category) != 0)
        g_string_append_printf (out, "$CATEGORY: %s\n\n", q->category != NULL ? q->category : "");
      category = q->category;

      g_string_append (out, "// kefu: points=");
      append_number (out, "%.10g", q->points);
      g_string_append_printf (out, " difficulty=%d", q->difficulty);
      if (q->type == KEFU_QUESTION_WRITTEN)
        g_string_append (out, " type=written");
      if (q->module != NULL)
        g_string_append_printf (out, " module=%s", q->module);
      g_string_append_c (out, '\n');
      if (q->tags->len > 0)
        {
          g_string_append (out, "//");
          for (guint i = 0; i < q->tags->len; i++)
            g_string_append_printf (out, " [tag:%s]", (const char *) q->tags->pdata[i]);
          g_string_append_c (out, '\n');
        }
      if (kefu_question_type_is_written (q->type) && q->rubric != NULL && *q->rubric != '\0')
        {
          g_auto(GStrv) lines = g_strsplit (q->rubric, "\n", -1);
          for (guint i = 0; lines[i] != NULL; i++)
            g_string_append_printf (out, "// kefu-rubric: %s\n", lines[i]);
        }

      if (q->title != NULL && *q->title != '\0')
        {
          g_string_append (out, "::");
          append_escaped (out, q->title);
          g_string_append (out, "::");
        }
      append_escaped (out, q->stem);
      g_string_append (out, " {");
      switch (q->type)
        {
        case KEFU_QUESTION_TRUE_FALSE:
          g_string_append (out, q->answer_true ? "TRUE" : "FALSE");
          if (q->feedback->len == 2)
            {
              g_string_append_c (out, '#');
              append_escaped (out, q->feedback->pdata[0]);
              g_string_append_c (out, '#');
              append_escaped (out, q->feedback->pdata[1]);
            }
          break;
        case KEFU_QUESTION_CASE_ANALYSIS:
        case KEFU_QUESTION_WRITTEN:
          break;
        case KEFU_QUESTION_SINGLE_CHOICE:
        case KEFU_QUESTION_MULTIPLE_CHOICE:
        case KEFU_QUESTION_SHORT_ANSWER:
          for (guint i = 0; i < q->options->len; i++)
            {
              double w = kefu_question_weight (q, i);

              g_string_append (out, "\n  ");
              if (q->type == KEFU_QUESTION_SHORT_ANSWER)
                {
                  g_string_append_c (out, '=');
                  if (fabs (w - 100) > 1e-9)
                    append_weight (out, w);
                }
              else if (q->type == KEFU_QUESTION_SINGLE_CHOICE && fabs (w - 100) < 1e-9)
                g_string_append_c (out, '=');
              else
                {
                  g_string_append_c (out, '~');
                  if (w != 0)
                    append_weight (out, w);
                }
              append_escaped (out, q->options->pdata[i]);
              append_feedback (out, q->feedback, i);
            }
          break;
        case KEFU_QUESTION_N_TYPES:
        default:
          g_assert_not_reached ();
        }
      if (q->explanation != NULL && *q->explanation != '\0')
        {
          g_string_append (out, "\n  ####");
          append_escaped (out, q->explanation);
        }
      if (q->type != KEFU_QUESTION_TRUE_FALSE && !kefu_question_type_is_written (q->type))
        g_string_append_c (out, '\n');
      g_string_append (out, "}\n\n");
    }
  return g_string_free (out, FALSE);
}
