/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-pinyin-private.h — ICU's part of kefu-pinyin.c (kefu-pinyin-icu.c) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text in pinyin syllables separated by spaces, lower-case ASCII; NULL
 * when ICU's transliterator is not available */
char *kefu_pinyin_transliterate (const char *text);

G_END_DECLS
