/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket.h — one ticket (工单), as read from the store */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define KEFU_TYPE_TICKET (kefu_ticket_get_type ())
G_DECLARE_FINAL_TYPE (KefuTicket, kefu_ticket, KEFU, TICKET, GObject)

gint64      kefu_ticket_get_id                (KefuTicket *self);
const char *kefu_ticket_get_number            (KefuTicket *self);
const char *kefu_ticket_get_channel           (KefuTicket *self);
const char *kefu_ticket_get_kind              (KefuTicket *self);
const char *kefu_ticket_get_subtype           (KefuTicket *self);
int         kefu_ticket_get_level             (KefuTicket *self);
const char *kefu_ticket_get_location          (KefuTicket *self);
gint64      kefu_ticket_get_owner_id          (KefuTicket *self);
const char *kefu_ticket_get_owner_name        (KefuTicket *self);
const char *kefu_ticket_get_contact_phone     (KefuTicket *self);
const char *kefu_ticket_get_description       (KefuTicket *self);
const char *kefu_ticket_get_status            (KefuTicket *self);
const char *kefu_ticket_get_agent_name        (KefuTicket *self);
gint64      kefu_ticket_get_agent_id          (KefuTicket *self);
const char *kefu_ticket_get_team_name         (KefuTicket *self);
const char *kefu_ticket_get_technician_name   (KefuTicket *self);
const char *kefu_ticket_get_hold_reason       (KefuTicket *self);
const char *kefu_ticket_get_cancel_reason     (KefuTicket *self);
const char *kefu_ticket_get_followup_comment  (KefuTicket *self);
int         kefu_ticket_get_satisfaction      (KefuTicket *self);
int         kefu_ticket_get_reopen_count      (KefuTicket *self);
gboolean    kefu_ticket_get_flagged           (KefuTicket *self);
gboolean    kefu_ticket_get_verified          (KefuTicket *self);
gint64      kefu_ticket_get_paused_seconds    (KefuTicket *self);
/* Level 1: when its emergency plan was started (0: not yet). */
gint64      kefu_ticket_get_plan_started_at   (KefuTicket *self);
/* Level 2: when its incident review report was filed (0: not yet). */
gint64      kefu_ticket_get_review_filed_at   (KefuTicket *self);
/* The row's version when it was read: kefu_store_expect_version() (#20) */
gint64      kefu_ticket_get_version           (KefuTicket *self);

typedef enum {
  KEFU_TICKET_CREATED,
  KEFU_TICKET_FIRST_RESPONSE,
  KEFU_TICKET_DISPATCHED,
  KEFU_TICKET_ACCEPTED,
  KEFU_TICKET_ARRIVED,
  KEFU_TICKET_RESOLVED,
  KEFU_TICKET_FOLLOWED_UP,
  KEFU_TICKET_CLOSED,
  KEFU_TICKET_CANCELLED,
  KEFU_TICKET_N_MILESTONES
} KefuTicketMilestone;

gint64      kefu_ticket_get_milestone         (KefuTicket          *self,
                                               KefuTicketMilestone  milestone);

/* The service-level clocks, as the badge and the detail pane show them. */
typedef enum {
  KEFU_CLOCK_STATE_NONE,       /* no clock running */
  KEFU_CLOCK_STATE_OK,         /* green */
  KEFU_CLOCK_STATE_WARNING,    /* yellow: past the warning threshold */
  KEFU_CLOCK_STATE_BREACHED,   /* red */
} KefuClockState;

gint64         kefu_ticket_get_due            (KefuTicket *self,
                                               guint       clock);
KefuClockState kefu_ticket_get_clock_state    (KefuTicket *self,
                                               gint64      now,
                                               char      **text);
char          *kefu_format_duration           (gint64      seconds);
KefuClockState kefu_clock_state_at            (gint64      next_due_at,
                                               gint64      next_warn_at,
                                               gint64      now,
                                               char      **text);
const char *kefu_ticket_milestone_label       (KefuTicketMilestone  milestone);

#define KEFU_TYPE_TICKET_EVENT (kefu_ticket_event_get_type ())
G_DECLARE_FINAL_TYPE (KefuTicketEvent, kefu_ticket_event, KEFU, TICKET_EVENT, GObject)

KefuTicketEvent *kefu_ticket_event_new            (gint64      at,
                                                   const char *kind,
                                                   const char *user_name,
                                                   const char *from_status,
                                                   const char *to_status,
                                                   const char *body);
gint64           kefu_ticket_event_get_at          (KefuTicketEvent *self);
const char      *kefu_ticket_event_get_kind        (KefuTicketEvent *self);
const char      *kefu_ticket_event_get_user_name   (KefuTicketEvent *self);
const char      *kefu_ticket_event_get_from_status (KefuTicketEvent *self);
const char      *kefu_ticket_event_get_to_status   (KefuTicketEvent *self);
const char      *kefu_ticket_event_get_body        (KefuTicketEvent *self);
char            *kefu_ticket_event_describe        (KefuTicketEvent *self);

G_END_DECLS
