/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-intake-dialog.h — logging a new ticket while the owner is on the phone */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_INTAKE_DIALOG (kefu_intake_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuIntakeDialog, kefu_intake_dialog, KEFU, INTAKE_DIALOG, AdwWindow)

KefuIntakeDialog *kefu_intake_dialog_new (GtkWindow *parent,
                                          KefuStore *store,
                                          KefuUser  *user);
/* The form its person left on this computer while the server was away
 * (#20), restored; NULL when there is none. @kept: when it was kept. */
KefuIntakeDialog *kefu_intake_dialog_new_from_draft (GtkWindow *parent,
                                                     KefuStore *store,
                                                     KefuUser  *user,
                                                     gint64    *kept);
/* Where a form of @store's person is kept on this computer while the
 * server is away (#20); NULL for a file. A restored draft is claimed by
 * its form under another name until that form goes. */
char             *kefu_intake_dialog_draft_path     (KefuStore *store);
/* Whether its save waits for another program's write lock. */
gboolean          kefu_intake_dialog_is_waiting (KefuIntakeDialog *self);
/* Closed after its save met a lost server (#20): hidden, kept as typed */
gboolean          kefu_intake_dialog_is_kept    (KefuIntakeDialog *self);
/* The intake's client key (#20), made when the form opens and sent with
 * every try of its save, so that a save whose answer was lost is never
 * made twice: a draft kept for later keeps it, and the form that brings
 * the draft back takes it again before saving. */
const char       *kefu_intake_dialog_get_client_key (KefuIntakeDialog *self);
void              kefu_intake_dialog_set_client_key (KefuIntakeDialog *self,
                                                     const char       *key);

G_END_DECLS
