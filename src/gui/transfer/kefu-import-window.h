/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import-window.h — moving in from a spreadsheet, with a preview */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_IMPORT_WINDOW (kefu_import_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuImportWindow, kefu_import_window, KEFU, IMPORT_WINDOW, AdwWindow)

KefuImportWindow *kefu_import_window_new      (GtkWindow        *parent,
                                               KefuStore        *store);
void              kefu_import_window_set_file (KefuImportWindow *self,
                                               GFile            *file);

G_END_DECLS
