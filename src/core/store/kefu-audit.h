/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-audit.h — the audit log: append-only, hash-chained, anchored
 *
 * Every sign-in, reveal of a phone number, export, permission change and
 * every change to tickets and settings is one row of audit_log, written
 * through kefu_audit_append() (a ticket's timeline events are appended by
 * a trigger of each connection, the same way). Entries hold only ids,
 * never an owner's name or phone.
 *
 * Each entry's hash is the SHA-256 of the previous entry's hash and the
 * entry's canonical content (kefu_audit_canonical()), so an entry changed
 * with another tool breaks the chain from there on. Triggers in the file
 * refuse UPDATE and DELETE of audit_log and ticket_events. A chain cannot
 * see its own tail cut off, so its head (entries, last id, hash) is
 * anchored outside the log: in a small file beside the database
 * (DB.audit-anchor, rewritten when a connection that appended closes), in
 * the monthly report, and in every backup; kefu_audit_verify() checks the
 * chain and the log against an anchor.
 */
#pragma once

#include <gio/gio.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_AUDIT_ERROR (kefu_audit_error_quark ())

typedef enum {
  KEFU_AUDIT_ERROR_BROKEN,      /* an entry's hash does not follow from the chain: it was changed */
  KEFU_AUDIT_ERROR_TRUNCATED,   /* the log is shorter than its anchor: entries were removed */
  KEFU_AUDIT_ERROR_ANCHOR,      /* the anchored entry differs from the anchor */
  KEFU_AUDIT_ERROR_NO_ANCHOR,   /* no anchor to check the tail against */
  KEFU_AUDIT_ERROR_BAD_ANCHOR,  /* the anchor file cannot be read */
  KEFU_AUDIT_ERROR_TIMELINE,    /* an audited timeline event is missing or changed its ticket or kind */
} KefuAuditError;

GQuark   kefu_audit_error_quark    (void);

/* The head of the log: how many entries, the newest one's id and hash. */
typedef struct {
  gint64 entries;
  gint64 last_id;               /* 0 for an empty log */
  char   hash[65];              /* lower-case hex SHA-256; "" for an empty log */
} KefuAuditHead;

gboolean kefu_audit_append         (KefuStore           *store,
                                    gint64               user_id,
                                    const char          *action,
                                    const char          *subject_table,
                                    gint64               subject_id,
                                    const char          *detail,
                                    GError             **error);

/* Ticket events are audited by a trigger of each connection; a bulk load
 * (the sample, an import) turns that off and appends one entry for all. */
void     kefu_audit_set_events     (KefuStore           *store,
                                    gboolean             enabled);

gboolean kefu_audit_get_head       (KefuStore           *store,
                                    KefuAuditHead       *head,
                                    GError             **error);
/* "1,234 entries · #1234 · SHA-256 3f2a…" with the whole hash */
char    *kefu_audit_head_describe  (const KefuAuditHead *head);
/* "1234:3f2a…": the form `kefu-cli audit verify --anchor` reads */
char    *kefu_audit_head_to_string (const KefuAuditHead *head);
gboolean kefu_audit_head_parse     (const char          *text,
                                    KefuAuditHead       *head);

char    *kefu_audit_anchor_path    (KefuStore           *store);
/* FALSE with KEFU_AUDIT_ERROR_NO_ANCHOR when there is none yet */
gboolean kefu_audit_read_anchor    (const char          *path,
                                    KefuAuditHead       *anchor,
                                    GError             **error);
/* Rewrites the anchor file (mode 0600) with the head, unless the log no
 * longer holds the entry the old anchor names (that is evidence: kept). */
gboolean kefu_audit_write_anchor   (KefuStore           *store,
                                    GError             **error);

/* Walks the whole chain, then checks it against @anchor (NULL: none).
 * On the first problem returns FALSE, an error naming the entry, and the
 * entry's id in @broken_id (0 when it is about the log as a whole). */
gboolean kefu_audit_verify         (KefuStore           *store,
                                    const KefuAuditHead *anchor,
                                    KefuAuditHead       *head,
                                    gint64              *broken_id,
                                    GError             **error);

/* The text an entry's hash covers, for tools that check the chain. */
char    *kefu_audit_canonical      (gint64               id,
                                    gint64               at,
                                    gint64               user_id,
                                    const char          *action,
                                    const char          *subject_table,
                                    gint64               subject_id,
                                    const char          *detail);

/* One entry, for the audit view. */
#define KEFU_TYPE_AUDIT_ENTRY (kefu_audit_entry_get_type ())
G_DECLARE_FINAL_TYPE (KefuAuditEntry, kefu_audit_entry, KEFU, AUDIT_ENTRY, GObject)

gint64      kefu_audit_entry_get_id            (KefuAuditEntry *self);
gint64      kefu_audit_entry_get_at            (KefuAuditEntry *self);
gint64      kefu_audit_entry_get_user_id       (KefuAuditEntry *self);
const char *kefu_audit_entry_get_user_name     (KefuAuditEntry *self);
const char *kefu_audit_entry_get_action        (KefuAuditEntry *self);
const char *kefu_audit_entry_get_subject_table (KefuAuditEntry *self);
gint64      kefu_audit_entry_get_subject_id    (KefuAuditEntry *self);
const char *kefu_audit_entry_get_detail        (KefuAuditEntry *self);
/* "Revealed a phone number" … for known actions, else the code itself */
const char *kefu_audit_action_label            (const char     *action);

typedef struct {
  gint64      user_id;       /* 0 = anyone */
  const char *action;        /* an action code, or NULL for all */
  gint64      from;          /* at in [from, to), Unix seconds; 0 = open-ended */
  gint64      to;
} KefuAuditFilter;

/* The matching entries, newest first, as a GListModel of KefuAuditEntry
 * that reads its rows from @store as they are asked for. Only roles with
 * KEFU_PERMISSION_VIEW_AUDIT (the acting user of @store) may read it. */
GListModel *kefu_audit_list        (KefuStore             *store,
                                    const KefuAuditFilter *filter,
                                    GError               **error);
/* The action codes present in the log, sorted. */
GStrv       kefu_audit_list_actions (KefuStore            *store,
                                     GError              **error);

G_END_DECLS
