/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-backup-runner.h — the window's backups: at start, daily, on demand
 *
 * One backup at a time, in a worker thread with a connection of its own;
 * "progress" and "finished" are emitted on the main thread.
 */
#pragma once

#include <gtk/gtk.h>

#include "kefu-store.h"

G_BEGIN_DECLS

/* At start a backup is made unless one is younger than this; while the
 * app runs, once the newest is a day old. */
#define KEFU_BACKUP_AT_START_AFTER_SECONDS 3600
#define KEFU_BACKUP_EVERY_SECONDS          (24 * 3600)

#define KEFU_TYPE_BACKUP_RUNNER (kefu_backup_runner_get_type ())
G_DECLARE_FINAL_TYPE (KefuBackupRunner, kefu_backup_runner, KEFU, BACKUP_RUNNER, GObject)

KefuBackupRunner *kefu_backup_runner_new          (void);
/* Weak: the runner never keeps the database open. */
void              kefu_backup_runner_set_store    (KefuBackupRunner *self,
                                                   KefuStore        *store);
/* Automatic backups: the first after @widget's next frame, then daily. */
void              kefu_backup_runner_schedule     (KefuBackupRunner *self,
                                                   GtkWidget        *widget);
/* Starts a backup unless one is under way (then FALSE: watch that one). */
gboolean          kefu_backup_runner_run          (KefuBackupRunner *self,
                                                   gboolean          automatic);
gboolean          kefu_backup_runner_is_running   (KefuBackupRunner *self);
double            kefu_backup_runner_get_fraction (KefuBackupRunner *self);
void              kefu_backup_runner_cancel       (KefuBackupRunner *self);
const GError     *kefu_backup_runner_get_last_error (KefuBackupRunner *self);
/* The newest backup's time in the folder, or 0 */
gint64            kefu_backup_runner_newest       (KefuBackupRunner *self);

G_END_DECLS
