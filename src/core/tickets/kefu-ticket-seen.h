/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket-seen.h — two people changing one ticket (#20)
 *
 * Every ticket has a row version (schema v27), raised by every change of
 * its row (a trigger on both engines). A screen that shows a ticket keeps
 * the version it showed (kefu_ticket_get_version, a board card's) and,
 * before saving a change of it, tells the store
 * (kefu_store_expect_version); the desk's update paths call
 * kefu_ticket_check_seen() inside their transaction, first thing, so a
 * change made meanwhile by someone else is never silently overwritten.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

/* Inside a write transaction: when the store expects a version of
 * @ticket_id (kefu_store_expect_version) and the row has another, FALSE
 * with KEFU_STORE_ERROR_STALE naming who changed what and when ("王芳
 * changed this ticket’s status to “已派单” at 14:05."). On a server the row
 * stays locked (FOR UPDATE) until the commit, so a change in between waits
 * for it. TRUE when nothing is expected of @ticket_id. */
gboolean kefu_ticket_check_seen   (KefuStore  *store,
                                   gint64      ticket_id,
                                   GError    **error);
/* The row's version now; 0 when the ticket does not exist. */
gint64   kefu_ticket_read_version (KefuStore  *store,
                                   gint64      ticket_id,
                                   GError    **error);

G_END_DECLS
