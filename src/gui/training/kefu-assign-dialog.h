/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-assign-dialog.h — a paper assigned to staff groups and people,
 * from an opening to a closing time */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_ASSIGN_DIALOG (kefu_assign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuAssignDialog, kefu_assign_dialog, KEFU, ASSIGN_DIALOG, AdwMessageDialog)

/* NULL (with @error) if the people or staff groups cannot be read.
 * "done" (a toast's text or NULL, whether anything changed) follows an
 * Assign that was tried and got as far as the commit. */
KefuAssignDialog *kefu_assign_dialog_new (GtkWindow  *parent,
                                          KefuStore  *store,
                                          gint64      exam_id,
                                          GError    **error);

G_END_DECLS
