/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-pinyin-icu.c — Chinese text in pinyin syllables with ICU's
 * Han-Latin transliterator (kefu-pinyin.c) */
#include "config.h"

#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "kefu-pinyin-private.h"

/* One transliterator for the process: ICU's is not to be used from two
 * threads at once. */
static GMutex lock;
static UTransliterator *transliterator;
static gboolean unavailable;

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


static const KefuPinyinModule pinyin_module = {
  .info = { KEFU_MODULE_ABI, "pinyin" },
  .transliterate = transliterate,
};

const KefuModuleInfo *
kefu_module_info (void)
{
  return &pinyin_module.info;
}
