/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-pinyin.c — people's names in pinyin (see kefu-pinyin.h) */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "kefu-pinyin.h"
#include "kefu-pinyin-private.h"
#include "kefu-pinyin-table.h"   /* generated: kefu-pinyin-table.c */
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

/* Names seen lately and their syllables: ICU's transliterator is most of
 * the cost of a new owner, every owner's name is put in pinyin twice
 * (whole and initials), and names repeat (a bulk load's thousands) */
#define CACHE_MAX 8192
static GMutex cache_lock;
static GHashTable *cache;

/* Through the module "pinyin" (ICU), loaded on the first call */
static char *
transliterate (const char *text)
{
  static gsize module;   /* its table, or 1 when it cannot be loaded */
  char *syllables;

  if (g_once_init_enter (&module))
    {
      g_autoptr(GError) error = NULL;
      gconstpointer table = kefu_module_get ("pinyin", &error);

      if (table == NULL)
        g_warning ("%s", error->message);
      g_once_init_leave (&module, table != NULL ? (gsize) table : 1);
    }
  if (module == 1)
    return NULL;

  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  syllables = g_strdup (g_hash_table_lookup (cache, text));
  g_mutex_unlock (&cache_lock);
  if (syllables != NULL)
    return syllables;

  syllables = ((const KefuPinyinModule *) module)->transliterate (text);
  if (syllables != NULL)
    {
      g_mutex_lock (&cache_lock);
      if (g_hash_table_size (cache) >= CACHE_MAX)
        g_hash_table_remove_all (cache);
      g_hash_table_replace (cache, g_strdup (text), g_strdup (syllables));
      g_mutex_unlock (&cache_lock);
    }
  return syllables;
}

/* Han characters read one by one
 *
 * ICU's Han-Latin (ICU 72, Debian 12) first puts a space between a Han
 * character and a letter next to it (its Han-Spacedhan pass: every Han
 * character of the basic block U+4E00–U+9FFF is both), then reads each
 * Han character by a rule of its own, with no context, except for four
 * rules that read a character by the character after it (藏文 zàng,
 * 重庆 chóng, 沈阳 shěn, 秘鲁 bì); Latin-ASCII and Lower then work letter
 * by letter on the result. So a name made only of basic-block Han
 * characters, none of those four pairs, comes out as each character's reading
 * alone, separated by spaces. Those readings are ICU's, taken at build
 * time (kefu-pinyin-table.c): such a name is put together from them
 * without loading ICU, whose transliterator takes some 110 ms of CPU to
 * open in each process. Anything else (other characters, a character ICU
 * leaves as it is, one of the four followed by its pair) goes to ICU
 * whole, as before.
 * test-pinyin compares both ways over every character of the block,
 * alone, in sequences and after each of the four, and checks that ICU's
 * rules still read only these four pairs by their context. */
#define HAN_FIRST 0x4E00
#define HAN_LAST  0x9FFF
G_STATIC_ASSERT (G_N_ELEMENTS (kefu_pinyin_readings) == HAN_LAST - HAN_FIRST + 1);
/* ICU reads the first differently when the second follows it */
static const gunichar context_rules[][2] = {
  { 0x85CF, 0x6587 },   /* 藏文 */
  { 0x91CD, 0x5E86 },   /* 重庆 */
  { 0x6C88, 0x9633 },   /* 沈阳 */
  { 0x79D8, 0x9C81 },   /* 秘鲁 */
};

gboolean
kefu_pinyin_reads_alone (gunichar c,
                         gunichar next)
{
  if (c < HAN_FIRST || c > HAN_LAST || kefu_pinyin_readings[c - HAN_FIRST] == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (context_rules); i++)
    if (c == context_rules[i][0] && next == context_rules[i][1])
      return FALSE;
  return TRUE;
}

/* @text read character by character into @out, or FALSE (@out as it was)
 * when one of its characters is not read alone */
static gboolean
read_by_character (const char *text,
                   gboolean    initials,
                   GString    *out)
{
  gsize len = out->len;
  gunichar c = g_utf8_get_char (text);

  for (const char *p = text; *p != '\0'; )
    {
      const char *r;
      gunichar next;

      p = g_utf8_next_char (p);
      next = g_utf8_get_char (p);   /* 0 at the end */
      if (!kefu_pinyin_reads_alone (c, next))
        {
          g_string_truncate (out, len);
          return FALSE;
        }
      r = kefu_pinyin_syllables + kefu_pinyin_readings[c - HAN_FIRST] - 1;
      if (initials)
        g_string_append_c (out, r[0]);
      else
        g_string_append (out, r);
      c = next;
    }
  return TRUE;
}

char *
kefu_pinyin (const char *name,
             gboolean    initials)
{
  return kefu_pinyin_read (name, initials, TRUE);
}

char *
kefu_pinyin_read (const char *name,
                  gboolean    initials,
                  gboolean    by_character)
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

  if (by_character && rest[0] != '\0' && g_utf8_validate (rest, -1, NULL) && read_by_character (rest, initials, out))
    return g_string_free (out, FALSE);
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
