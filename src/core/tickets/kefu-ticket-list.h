/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket-list.h — the ticket list as a lazily paged GListModel */
#pragma once

#include <gio/gio.h>

#include "kefu-desk.h"
#include "kefu-store.h"
#include "kefu-ticket.h"

G_BEGIN_DECLS

#define KEFU_TYPE_TICKET_LIST (kefu_ticket_list_get_type ())
G_DECLARE_FINAL_TYPE (KefuTicketList, kefu_ticket_list, KEFU, TICKET_LIST, GObject)

KefuTicketList *kefu_ticket_list_new          (KefuStore      *store);
KefuTicketList *kefu_ticket_list_new_sized    (KefuStore      *store,
                                               guint           first_page);
KefuTicketList *kefu_ticket_list_new_for_query (KefuStore             *store,
                                                guint                  first_page,
                                                const KefuTicketQuery *query);
void            kefu_ticket_list_set_search   (KefuTicketList *self,
                                               const char     *search);
const char     *kefu_ticket_list_get_search   (KefuTicketList *self);
void            kefu_ticket_list_set_status   (KefuTicketList *self,
                                               const char     *status);
void            kefu_ticket_list_set_query    (KefuTicketList        *self,
                                               const KefuTicketQuery *query);
void            kefu_ticket_list_reload       (KefuTicketList *self);
void            kefu_ticket_list_stop         (KefuTicketList *self);
void            kefu_ticket_list_hold_rest    (KefuTicketList *self,
                                               gboolean        hold);
gboolean        kefu_ticket_list_get_rest_held (KefuTicketList *self);
const KefuTicketQuery *kefu_ticket_list_get_query (KefuTicketList *self);
gboolean        kefu_ticket_list_get_loading  (KefuTicketList *self);
gboolean        kefu_ticket_list_get_partial  (KefuTicketList *self);
const GError   *kefu_ticket_list_get_error    (KefuTicketList *self);
guint           kefu_ticket_list_get_position (KefuTicketList *self,
                                               gint64          ticket_id);

G_END_DECLS
