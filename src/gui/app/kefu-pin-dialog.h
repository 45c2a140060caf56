/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-pin-dialog.h — a second person's PIN, typed in place */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_PIN_DIALOG (kefu_pin_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuPinDialog, kefu_pin_dialog, KEFU, PIN_DIALOG, AdwWindow)

/* @person: who confirmed with their PIN, or NULL when the dialog was closed */
typedef void (*KefuPinFunc) (KefuUser *person,
                             gpointer  user_data);

KefuPinDialog *kefu_pin_dialog_ask (GtkWidget      *parent,
                                    KefuStore      *store,
                                    KefuPermission  right,
                                    gint64          except_id,
                                    gint64          preselect_id,
                                    const char     *heading,
                                    const char     *body,
                                    KefuPinFunc     callback,
                                    gpointer        user_data,
                                    GDestroyNotify  destroy);
guint          kefu_pin_dialog_get_n_people (KefuPinDialog *self);
void           kefu_pin_dialog_keep_only (KefuPinDialog *self,
                                          GArray        *ids,
                                          const char    *none);
gboolean       kefu_pin_dialog_select (KefuPinDialog *self,
                                       const char    *login);

G_END_DECLS
