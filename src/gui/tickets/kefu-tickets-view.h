/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-tickets-view.h — the ticket list, its search and the detail pane */
#pragma once

#include <adwaita.h>

#include "kefu-desk.h"
#include "kefu-store.h"
#include "kefu-ticket-list.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_TICKETS_VIEW (kefu_tickets_view_get_type ())
G_DECLARE_FINAL_TYPE (KefuTicketsView, kefu_tickets_view, KEFU, TICKETS_VIEW, GtkWidget)

void            kefu_tickets_view_set_store     (KefuTicketsView *self,
                                                 KefuStore       *store,
                                                 KefuUser        *user);
KefuTicketList *kefu_tickets_view_get_list      (KefuTicketsView *self);
void            kefu_tickets_view_focus_search  (KefuTicketsView *self);
void            kefu_tickets_view_select        (KefuTicketsView *self,
                                                 guint            position);
GtkWidget      *kefu_tickets_view_get_detail    (KefuTicketsView *self);
/* Another desk changed tickets (KefuStoreWatch): the list and the counts
 * are read anew, keeping the ticket being worked on (the user's newest
 * choice) and the scroll position. */
void            kefu_tickets_view_refresh       (KefuTicketsView *self);
/* How many refreshes so far (for tests) */
guint           kefu_tickets_view_get_refreshes (KefuTicketsView *self);
void            kefu_tickets_view_show_ticket   (KefuTicketsView *self,
                                                 gint64           ticket_id);
void            kefu_tickets_view_set_saved_view (KefuTicketsView *self,
                                                  KefuSavedView    view);
void            kefu_tickets_view_show_query    (KefuTicketsView       *self,
                                                 const KefuTicketQuery *query,
                                                 const char            *description);
char           *kefu_tickets_view_cell_text     (KefuTicketsView *self,
                                                 KefuTicket      *ticket,
                                                 guint            column);
/* kefu --profile-scroll-floor: the same columns and text without the list */
GListModel     *kefu_tickets_view_read_rows     (KefuTicketsView *self);
GtkWidget      *kefu_tickets_view_new_floor     (KefuTicketsView *self,
                                                 GListModel      *rows);

G_END_DECLS
