/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket-detail.h — one ticket's fields, milestones and timeline */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-ticket.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_TICKET_DETAIL (kefu_ticket_detail_get_type ())
G_DECLARE_FINAL_TYPE (KefuTicketDetail, kefu_ticket_detail, KEFU, TICKET_DETAIL, GtkWidget)

void        kefu_ticket_detail_set_context (KefuTicketDetail *self,
                                            KefuStore        *store,
                                            KefuUser         *user);
void        kefu_ticket_detail_set_ticket  (KefuTicketDetail *self,
                                            KefuTicket       *ticket);
KefuTicket *kefu_ticket_detail_get_ticket  (KefuTicketDetail *self);
/* Tests: how long a revealed phone number stays (60 seconds) */
void        kefu_ticket_detail_set_reveal_seconds (guint seconds);

G_END_DECLS
