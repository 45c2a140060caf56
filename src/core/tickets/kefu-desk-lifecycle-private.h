/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-desk-lifecycle-private.h — lifecycle steps inside another module's transaction */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

gboolean kefu_intake_add_event       (KefuStore   *store,
                                      gint64       ticket_id,
                                      gint64       at,
                                      const char  *kind,
                                      const char  *from,
                                      const char  *to,
                                      const char  *body,
                                      GError     **error);
/* kefu_desk_dispatch without its own transaction: the caller holds one. */
gboolean kefu_intake_dispatch_locked (KefuStore   *store,
                                      gint64       ticket_id,
                                      gint64       team_id,
                                      gint64       technician_id,
                                      const char  *reason,
                                      GError     **error);

G_END_DECLS
