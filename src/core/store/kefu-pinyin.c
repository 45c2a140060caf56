/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-pinyin.c — people's names in pinyin (see kefu-pinyin.h) */
#include "config.h"

#include <sqlite3.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "kefu-pinyin.h"
#include "kefu-store-private.h"

/* Surnames a transliterator reads as the common word (ICU gives 曾 ceng,
 * 单 dan, 区 qu …). Two-character surnames first. */
static const struct { const char *han; const char *pinyin[2]; } surnames[] = {
  { "尉迟", { "yu", "chi" } }, { "长孙", { "zhang", "sun" } }, { "万俟", { "mo", "qi" } },
  { "曾", { "zeng" } }, { "单", { "shan" } }, { "区", { "ou" } }, { "仇", { "qiu" } },
  { "查", { "zha" } }, { "解", { "xie" } }, { "朴", { "piao" } }, { "盖", { "ge" } },
  { "缪", { "miao" } }, { "翟", { "zhai" } }, { "覃", { "qin" } }, { "乐", { "yue" } },
  { "种", { "chong" } }, { "秘", { "bi" } }, { "柏", { "bai" } }, { "召", { "shao" } },
  { "谌", { "chen" } }, { "员", { "yun" } }, { "冼", { "xian" } }, { "句", { "gou" } },
};

/* One transliterator for the process: ICU's is not to be used from two
 * threads at once. */
static GMutex lock;
static UTransliterator *transliterator;
static gboolean unavailable;

/* @text in pinyin syllables separated by spaces, lower-case ASCII */
static char *
transliterate (const char *text)
{
  g_autofree UChar *buf = NULL;
  UErrorCode status = U_ZERO_ERROR;
  int32_t len = 0, capacity, limit;
  char *out = NULL;

  u_strFromUTF8 (NULL, 0, &len, text, -1, &status);
  if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE (status))
    return NULL;
  /* a syllable is at most six letters and a space for each character */
  capacity = len * 8 + 16;
  buf = g_new0 (UChar, capacity);
  status = U_ZERO_ERROR;
  u_strFromUTF8 (buf, capacity, &len, text, -1, &status);
  if (U_FAILURE (status))
    return NULL;

  g_mutex_lock (&lock);
  if (transliterator == NULL && !unavailable)
    {
      UChar id[64];

      u_uastrcpy (id, "Han-Latin; Latin-ASCII; Lower");
      transliterator = utrans_openU (id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
      if (U_FAILURE (status))
        {
          g_warning ("ICU's Han-Latin transliterator is not available: %s", u_errorName (status));
          transliterator = NULL;
          unavailable = TRUE;
        }
      status = U_ZERO_ERROR;
    }
  if (transliterator != NULL)
    {
      limit = len;
      utrans_transUChars (transliterator, buf, &len, capacity, 0, &limit, &status);
    }
  g_mutex_unlock (&lock);
  if (transliterator == NULL || U_FAILURE (status))
    return NULL;

  {
    int32_t n = 0;

    status = U_ZERO_ERROR;
    u_strToUTF8 (NULL, 0, &n, buf, len, &status);
    out = g_malloc (n + 1);
    status = U_ZERO_ERROR;
    u_strToUTF8 (out, n + 1, NULL, buf, len, &status);
    if (U_FAILURE (status))
      g_clear_pointer (&out, g_free);
  }
  return out;
}

char *
kefu_pinyin (const char *name,
             gboolean    initials)
{
  g_autofree char *stripped = NULL;
  g_autofree char *syllables = NULL;
  g_auto(GStrv) words = NULL;
  const char *rest;
  GString *out;

  if (name == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (name));
  out = g_string_new (NULL);
  rest = stripped;
  for (guint i = 0; i < G_N_ELEMENTS (surnames); i++)
    if (g_str_has_prefix (stripped, surnames[i].han))
      {
        for (guint k = 0; k < 2 && surnames[i].pinyin[k] != NULL; k++)
          if (initials)
            g_string_append_c (out, surnames[i].pinyin[k][0]);
          else
            g_string_append (out, surnames[i].pinyin[k]);
        rest = stripped + strlen (surnames[i].han);
        break;
      }

  syllables = transliterate (rest);
  if (syllables == NULL)
    return g_string_free (out, TRUE), NULL;
  words = g_strsplit_set (syllables, " \t-'·・", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      GString *word = g_string_new (NULL);

      /* what is left is ASCII: keep letters and digits */
      for (const char *p = words[i]; *p != '\0'; p++)
        if (g_ascii_isalnum (*p))
          g_string_append_c (word, g_ascii_tolower (*p));
      if (word->len > 0)
        {
          if (initials)
            g_string_append_c (out, word->str[0]);
          else
            g_string_append (out, word->str);
        }
      g_string_free (word, TRUE);
    }
  return g_string_free (out, FALSE);
}

static void
pinyin_function (sqlite3_context  *ctx,
                 int               argc,
                 sqlite3_value   **argv)
{
  const char *name = (const char *) sqlite3_value_text (argv[0]);
  char *result;

  if (name == NULL)
    {
      sqlite3_result_null (ctx);
      return;
    }
  result = kefu_pinyin (name, sqlite3_value_int (argv[1]) != 0);
  if (result == NULL)
    sqlite3_result_null (ctx);
  else
    sqlite3_result_text (ctx, result, -1, g_free);
}

void
kefu_pinyin_register (KefuStore *store)
{
  sqlite3_create_function_v2 (kefu_store_get_db (store), "kefu_pinyin", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                              NULL, pinyin_function, NULL, NULL, NULL);
}

gboolean
kefu_pinyin_query (const char *text,
                   GString    *key)
{
  g_string_truncate (key, 0);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        g_string_append_c (key, g_ascii_tolower (*p));
      else if (*p != ' ' && *p != '\'')
        return FALSE;
    }
  return key->len >= 2;
}
