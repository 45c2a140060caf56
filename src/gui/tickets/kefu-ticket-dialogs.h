/* kefu-ticket-dialogs.h — the small questions a lifecycle step asks */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

/* Called with the text, or NULL when the user cancelled. */
typedef void (*KefuTextFunc)     (const char *text,
                                  gpointer    user_data);
typedef void (*KefuDispatchFunc) (gint64      team_id,
                                  gint64      technician_id,
                                  gpointer    user_data);
typedef void (*KefuFollowUpFunc) (int         rating,
                                  gboolean    solved,
                                  const char *comment,
                                  gpointer    user_data);

GtkWidget *kefu_ask_text      (GtkWidget        *parent,
                               const char       *heading,
                               const char       *body,
                               const char       *accept_label,
                               gboolean          with_phrases,
                               KefuTextFunc      callback,
                               gpointer          user_data);
GtkWidget *kefu_ask_dispatch  (GtkWidget        *parent,
                               KefuStore        *store,
                               const char       *heading,
                               KefuDispatchFunc  callback,
                               gpointer          user_data);
GtkWidget *kefu_ask_follow_up (GtkWidget        *parent,
                               const char       *heading,
                               KefuFollowUpFunc  callback,
                               gpointer          user_data);

G_END_DECLS
