/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-search.h — full-text search that answers two-character Chinese queries
 *
 * Chinese has no spaces and most queries are two characters (漏水, 电梯).
 * Kefu splits text into overlapping bigrams itself — CJK and digit runs
 * become "漏水 水管 管" — and stores them in a plain unicode61 FTS5 table,
 * so the index needs no custom tokenizer and any SQLite can read the file.
 * A query becomes an FTS5 phrase of the same bigrams, its last token a
 * prefix: "漏" finds 漏水, "5678" finds 13812345678, "3栋50" finds 3栋502.
 * A phone is indexed by its digits only (kefu_search_phone_tokens()), the
 * rule a server applies itself for desks that may not read phones (#20).
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

char     *kefu_search_tokens       (const char *text);
char     *kefu_search_match_expr   (const char *query);
char     *kefu_search_phone_tokens (const char *phone);

gboolean  kefu_search_index_ticket (KefuStore  *store,
                                    gint64      ticket_id,
                                    GError    **error);
gboolean  kefu_search_rebuild      (KefuStore  *store,
                                    GError    **error);

G_END_DECLS
