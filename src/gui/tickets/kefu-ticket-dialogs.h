/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket-dialogs.h — the small questions a lifecycle step asks */
#pragma once

#include <adwaita.h>

#include "kefu-desk-lifecycle.h"
#include "kefu-store.h"

G_BEGIN_DECLS

/* The dialog each kefu_ask_*() function returns: it holds the answer's
 * controls and saves the answer when accepted. */
#define KEFU_TYPE_ASK_DIALOG (kefu_ask_dialog_get_type ())
G_DECLARE_FINAL_TYPE (KefuAskDialog, kefu_ask_dialog, KEFU, ASK_DIALOG, AdwMessageDialog)

/* Each saves the answer in one transaction and returns whether it did;
 * it is called again while another program holds the write lock
 * (kefu-write.h). */
typedef gboolean (*KefuTextSave)     (KefuStore   *store,
                                      const char  *text,
                                      gpointer     user_data,
                                      GError     **error);
typedef gboolean (*KefuDispatchSave) (KefuStore   *store,
                                      gint64       team_id,
                                      gint64       technician_id,
                                      gpointer     user_data,
                                      GError     **error);
typedef gboolean (*KefuFollowUpSave) (KefuStore   *store,
                                      int          rating,
                                      gboolean     solved,
                                      const char  *comment,
                                      gpointer     user_data,
                                      GError     **error);
typedef gboolean (*KefuResolveSave)  (KefuStore        *store,
                                      const char       *work_done,
                                      const char       *materials,
                                      const KefuPhoto  *photos,
                                      guint             n_photos,
                                      gpointer          user_data,
                                      GError          **error);
typedef gboolean (*KefuReviewSave)   (KefuStore   *store,
                                      const char  *cause,
                                      const char  *actions,
                                      const char  *prevention,
                                      gpointer     user_data,
                                      GError     **error);
/* The answer is saved; the dialog closes. */
typedef void     (*KefuSavedFunc)    (gpointer     user_data);

/* @destroy frees @user_data when the dialog goes, saved or not. */
GtkWidget *kefu_ask_text      (GtkWidget        *parent,
                               KefuStore        *store,
                               const char       *heading,
                               const char       *body,
                               const char       *accept_label,
                               gboolean          with_phrases,
                               KefuTextSave      save,
                               KefuSavedFunc     saved,
                               gpointer          user_data,
                               GDestroyNotify    destroy);
/* Proposes what the dispatch rules would choose for @ticket_id, with why,
 * and lists each technician's state (on shift, off, on site) and open jobs. */
GtkWidget *kefu_ask_dispatch  (GtkWidget        *parent,
                               KefuStore        *store,
                               gint64            ticket_id,
                               const char       *heading,
                               KefuDispatchSave  save,
                               KefuSavedFunc     saved,
                               gpointer          user_data,
                               GDestroyNotify    destroy);
GtkWidget *kefu_ask_follow_up (GtkWidget        *parent,
                               KefuStore        *store,
                               const char       *heading,
                               KefuFollowUpSave  save,
                               KefuSavedFunc     saved,
                               gpointer          user_data,
                               GDestroyNotify    destroy);

/* The follow-up's save gets rating 0 when the owner was not reached (the
 * dialog's "unreachable" response). */
GtkWidget *kefu_ask_resolve   (GtkWidget        *parent,
                               KefuStore        *store,
                               const char       *heading,
                               KefuResolveSave   save,
                               KefuSavedFunc     saved,
                               gpointer          user_data,
                               GDestroyNotify    destroy);
/* What the photo chooser adds (also for tests). */
void       kefu_ask_resolve_add_photo (GtkWidget  *dialog,
                                       const char *name,
                                       const char *mime_type,
                                       GBytes     *data);
GtkWidget *kefu_ask_review    (GtkWidget        *parent,
                               KefuStore        *store,
                               const char       *heading,
                               KefuReviewSave    save,
                               KefuSavedFunc     saved,
                               gpointer          user_data,
                               GDestroyNotify    destroy);

G_END_DECLS
