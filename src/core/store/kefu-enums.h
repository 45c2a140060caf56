/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-enums.h — the domain's code lists and their display names
 *
 * Every code here is what the database stores (plain English words, so
 * analysts can read the file); the display name is translated.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *code;
  const char *label;   /* N_() source string; translate with _() */
} KefuCode;

typedef enum {
  KEFU_CODES_CHANNEL,
  KEFU_CODES_KIND,
  KEFU_CODES_SUBTYPE,
  KEFU_CODES_STATUS,
  KEFU_CODES_ROLE,
  KEFU_CODES_EVENT,
  KEFU_CODES_MODULE,
  KEFU_CODES_QUESTION_TYPE,
  KEFU_CODES_LEVEL,
  KEFU_N_CODE_LISTS
} KefuCodeList;

const KefuCode *kefu_codes          (KefuCodeList list,
                                     guint       *n_codes);
gboolean        kefu_code_is_valid  (KefuCodeList list,
                                     const char  *code);
const char     *kefu_code_label     (KefuCodeList list,
                                     const char  *code);
char           *kefu_codes_sql_list (KefuCodeList list);

gboolean        kefu_status_is_open (const char  *status);
/* The same, as an SQL list. */
#define KEFU_OPEN_STATUSES "'new','dispatched','accepted','on_site','on_hold','reopened'"

char           *kefu_mask_phone     (const char  *phone);
char           *kefu_format_time    (gint64       unix_utc,
                                     const char  *format);
const char     *kefu_i18n_init      (void);
void            kefu_json_append_string (GString    *out,
                                         const char *text);

/* How a user's role reads in lists: the role, then the job title when it
 * says more ("Service agent · 资深客服"), not when the title is only the
 * role's name in Chinese or in the interface language ("Service agent ·
 * 客服专员" said the role twice in two languages). */
char           *kefu_role_with_title (const char   *role,
                                      const char   *title);

G_END_DECLS
