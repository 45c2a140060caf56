/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-privacy.h — owners' personal data: masked when shown, neutral in
 * spreadsheets, erased on request
 *
 * 信息管理三原则: collect nothing unnecessary, use it with authority, store
 * and show it desensitised. Phones are shown as 138****5678 (kefu_mask_phone
 * in kefu-enums.h); a full number is revealed one at a time and audited
 * (kefu_desk_reveal_phone).
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

/* 王芳 → 王*, 欧阳娜娜 → 欧***: the first character kept */
char     *kefu_mask_name             (const char *name);
/* Mobile numbers inside free text (13812345678, 138-1234-5678,
 * 138 1234 5678) masked as 138****5678; ticket numbers and other digits
 * are left alone. */
char     *kefu_mask_phones_in_text   (const char *text);

/* OWASP's rule against CSV injection: a text cell that begins with =, +,
 * -, @, a tab or a carriage return (or with apostrophes and then one of
 * those) is written with one more apostrophe in front, so a spreadsheet
 * shows it as text instead of running it as a formula. Kefu's CSV reader
 * takes that apostrophe off again (kefu_csv_next), so its own exports
 * import back as they were. */
gboolean  kefu_csv_needs_apostrophe  (const char *text);
gboolean  kefu_csv_has_apostrophe    (const char *field);

/* An owner's erasure request (删除个人信息): their name, phone, note, tags
 * and units; the names and phones their tickets copied; their name and
 * phone in those tickets' descriptions, notes and comments (their phone in
 * any ticket); the attachments of their tickets; and the search index.
 * The tickets stay, anonymised, for the statistics. The request and its
 * completion are two audit entries holding only ids. */
typedef struct {
  gint64 erasure_id;       /* the row of owner_erasures */
  gint64 tickets;          /* tickets of the owner, or that copied their phone */
  gint64 texts;            /* descriptions, comments and timeline notes rewritten */
  gint64 attachments;      /* attachments removed */
} KefuErasureReport;

gboolean  kefu_owner_erase           (KefuStore         *store,
                                      gint64             owner_id,
                                      KefuErasureReport *report,
                                      GError           **error);
gboolean  kefu_owner_is_erased       (KefuStore         *store,
                                      gint64             owner_id);

G_END_DECLS
