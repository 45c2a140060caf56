/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-mapping-dialog.h — the trainer's mapping of question categories
 * (分类) to course modules */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_MAPPING_DIALOG (kefu_mapping_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuMappingDialog, kefu_mapping_dialog, KEFU, MAPPING_DIALOG, AdwMessageDialog)

/* NULL (with @error) if the mapping cannot be read. "done" (a toast's
 * text, FALSE) follows a Save that worked. */
KefuMappingDialog *kefu_mapping_dialog_new (GtkWindow  *parent,
                                            KefuStore  *store,
                                            GError    **error);

G_END_DECLS
