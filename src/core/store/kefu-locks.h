/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-locks.h — SQLite's file locks that no other descriptor can drop
 * (see kefu-locks.c). kefu_store_open() installs them; call it earlier
 * only to open a database with sqlite3_open() before any KefuStore. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     kefu_locks_install   (void);
gboolean kefu_locks_installed (void);

G_END_DECLS
