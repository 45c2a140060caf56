/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-pinyin-private.h — ICU's part of kefu-pinyin.c (kefu-pinyin-icu.c),
 * the module "pinyin" (kefu-module.h), loaded on the first name put in
 * pinyin */
#pragma once

#include "kefu-module.h"

G_BEGIN_DECLS

typedef struct {
  KefuModuleInfo info;
  /* @text in pinyin syllables separated by spaces, lower-case ASCII;
   * NULL when ICU's transliterator is not available */
  char *(*transliterate) (const char *text);
} KefuPinyinModule;

/* kefu_pinyin() with @by_character FALSE puts the whole name through ICU
 * (for tests: both ways must agree) */
char     *kefu_pinyin_read        (const char *name,
                                   gboolean    initials,
                                   gboolean    by_character);
/* whether kefu_pinyin() reads @c followed by @next (0: nothing) by ICU's
 * reading of @c alone (taken at build time: kefu-pinyin-table.c) */
gboolean  kefu_pinyin_reads_alone (gunichar    c,
                                   gunichar    next);

G_END_DECLS
