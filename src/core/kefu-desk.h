/* kefu-desk.h — reading and writing the desk's tickets and users */
#pragma once

#include "kefu-store.h"
#include "kefu-ticket.h"
#include "kefu-user.h"

G_BEGIN_DECLS

/* Users */
GListStore *kefu_desk_list_users      (KefuStore   *store,
                                       GError     **error);
KefuUser   *kefu_desk_get_user        (KefuStore   *store,
                                       gint64       id,
                                       GError     **error);
KefuUser   *kefu_desk_find_user       (KefuStore   *store,
                                       const char  *login,
                                       GError     **error);
gint64      kefu_desk_add_user        (KefuStore   *store,
                                       const char  *login,
                                       const char  *name,
                                       const char  *role,
                                       const char  *title,
                                       GError     **error);

/* Tickets */
typedef struct {
  const char *search;     /* number, description, location, owner name or phone digits */
  const char *status;     /* a status code, "open" for every unfinished one, or NULL */
} KefuTicketQuery;

GArray     *kefu_desk_query_ticket_ids (KefuStore             *store,
                                        const KefuTicketQuery *query,
                                        GCancellable          *cancellable,
                                        GError               **error);
GPtrArray  *kefu_desk_load_tickets     (KefuStore             *store,
                                        const gint64          *ids,
                                        guint                  n_ids,
                                        GError               **error);
KefuTicket *kefu_desk_get_ticket       (KefuStore             *store,
                                        gint64                 id,
                                        GError               **error);
gint64      kefu_desk_find_ticket      (KefuStore             *store,
                                        const char            *number);
GListStore *kefu_desk_list_events      (KefuStore             *store,
                                        gint64                 ticket_id,
                                        GError               **error);
gboolean    kefu_desk_add_note         (KefuStore             *store,
                                        gint64                 ticket_id,
                                        const char            *text,
                                        GError               **error);
gboolean    kefu_desk_reveal_phone     (KefuStore             *store,
                                        KefuUser              *user,
                                        gint64                 ticket_id,
                                        char                 **phone,
                                        GError               **error);

G_END_DECLS
