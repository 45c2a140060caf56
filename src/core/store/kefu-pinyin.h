/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-pinyin.h — people's names in pinyin, to find them by what is typed
 *
 * An agent types 张海涛 as "zhanghaitao" or "zht". Names are turned into
 * pinyin by ICU's Han-Latin transliterator (tone marks dropped), with the
 * surnames read differently from the same character elsewhere (曾 zeng,
 * 单 shan, 区 ou …) put right. owners.name_pinyin and owners.name_initials
 * hold both forms (schema 15), written with the name through the SQL
 * function kefu_pinyin(name, initials) each connection has.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

/* "zhanghaitao", or with @initials "zht"; letters and digits in the name
 * are kept, lower-case; NULL for NULL. */
char    *kefu_pinyin          (const char *name,
                               gboolean    initials);

/* Gives the store's connection the SQL function kefu_pinyin(text, initials). */
void     kefu_pinyin_register (KefuStore  *store);

/* Whether @text could be pinyin or initials typed in a search box: ASCII
 * letters (spaces and apostrophes allowed), at least two. Fills @key with
 * what to match (lower-case, no spaces). */
gboolean kefu_pinyin_query    (const char *text,
                               GString    *key);

G_END_DECLS
