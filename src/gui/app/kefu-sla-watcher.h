/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-sla-watcher.h — the desk's eye on the service-level clocks */
#pragma once

#include <glib-object.h>

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_SLA_WATCHER (kefu_sla_watcher_get_type ())
G_DECLARE_FINAL_TYPE (KefuSlaWatcher, kefu_sla_watcher, KEFU, SLA_WATCHER, GObject)

KefuSlaWatcher *kefu_sla_watcher_new       (KefuStore      *store,
                                            KefuUser       *user);
void            kefu_sla_watcher_check_now (KefuSlaWatcher *self);
guint           kefu_sla_watcher_get_shown (KefuSlaWatcher *self);
void            kefu_sla_watcher_set_masked (KefuSlaWatcher *self,
                                             gboolean        masked);

G_END_DECLS
