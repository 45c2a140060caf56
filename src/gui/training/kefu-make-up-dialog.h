/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-make-up-dialog.h — a make-up exam (补考) for a paper */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_MAKE_UP_DIALOG (kefu_make_up_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuMakeUpDialog, kefu_make_up_dialog, KEFU, MAKE_UP_DIALOG, AdwMessageDialog)

/* "done" (a toast's text or NULL, whether anything changed) follows a
 * Publish Make-Up that was tried: NULL when it failed (the dialog said why). */
KefuMakeUpDialog *kefu_make_up_dialog_new (GtkWindow *parent,
                                           KefuStore *store,
                                           gint64     exam_id);

G_END_DECLS
