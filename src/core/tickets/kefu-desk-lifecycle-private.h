/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-desk-lifecycle-private.h — lifecycle steps inside another module's transaction */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

gboolean kefu_intake_add_event       (KefuStore   *store,
                                      gint64       ticket_id,
                                      gint64       at,
                                      const char  *kind,
                                      const char  *from,
                                      const char  *to,
                                      const char  *body,
                                      GError     **error);
/* kefu_desk_dispatch without its own transaction: the caller holds one. */
gboolean kefu_intake_dispatch_locked (KefuStore   *store,
                                      gint64       ticket_id,
                                      gint64       team_id,
                                      gint64       technician_id,
                                      const char  *reason,
                                      GError     **error);

/* A ticket as a step or a move reads it first, in the caller's
 * transaction: the lifecycle's checks and dispatch's lanes read the same
 * row through kefu_ticket_read_state(). */
typedef struct {
  char   *number;
  char   *status;
  char   *held_from;
  int     level;
  gint64  created_by;
  gint64  verified_by;
  gint64  team_id;           /* 0: none */
  gint64  technician_id;     /* 0: none */
  char   *technician_name;
  gint64  dispatched_at;
  gint64  accepted_at;
  gint64  first_response_at;
  gint64  on_hold_since;
} KefuTicketState;

void     kefu_ticket_state_clear     (KefuTicketState *state);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KefuTicketState, kefu_ticket_state_clear)
/* FALSE with KEFU_STORE_ERROR_NOT_FOUND when the ticket is gone */
gboolean kefu_ticket_read_state      (KefuStore       *store,
                                      gint64           ticket_id,
                                      KefuTicketState *state,
                                      GError         **error);

G_END_DECLS
