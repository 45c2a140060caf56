/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-audit-private.h — what the store calls when it opens a connection */
#pragma once

#include "kefu-store-private.h"

G_BEGIN_DECLS

/* The chain's SQL functions, before any migration runs (the one that adds
 * the chain hashes the entries already there). */
void     kefu_audit_register (KefuStore  *store);
/* After migrations: the trigger that audits timeline events, and the
 * anchor written when this connection closes if it appended. */
gboolean kefu_audit_attach   (KefuStore  *store,
                              GError    **error);

G_END_DECLS
