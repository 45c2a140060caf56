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

G_END_DECLS
