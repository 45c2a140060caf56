/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-audit-window.h — the audit log, for supervisors and administrators */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_AUDIT_WINDOW (kefu_audit_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuAuditWindow, kefu_audit_window, KEFU, AUDIT_WINDOW, AdwWindow)

/* NULL with a KEFU_STORE_ERROR_PERMISSION error when the store's acting
 * user may not read the log. */
KefuAuditWindow *kefu_audit_window_new         (GtkWindow       *parent,
                                                KefuStore       *store,
                                                GError         **error);
/* What the list shows now (KefuAuditEntry, newest first). */
GListModel      *kefu_audit_window_get_entries (KefuAuditWindow *self);

G_END_DECLS
