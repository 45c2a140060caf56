/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket-private.h — the store fills tickets in directly */
#pragma once

#include "kefu-ticket.h"

G_BEGIN_DECLS

struct _KefuTicket
{
  GObject  parent_instance;

  gint64   id;
  char    *number;
  char    *channel;
  char    *kind;
  char    *subtype;
  int      level;
  char    *location;
  gint64   owner_id;
  char    *owner_name;
  char    *contact_phone;
  char    *description;
  char    *status;
  char    *agent_name;
  gint64   agent_id;
  char    *team_name;
  char    *technician_name;
  char    *hold_reason;
  char    *cancel_reason;
  char    *followup_comment;
  int      satisfaction;
  int      reopen_count;
  gboolean flagged;
  gboolean verified;
  gint64   paused_seconds;
  gint64   milestones[KEFU_TICKET_N_MILESTONES];
  gint64   due[6];           /* response, on site, resolution, follow-up, update, review (KefuClock) */
  gint64   next_due_at;
  gint64   next_warn_at;
  gint64   plan_started_at;
  gint64   review_filed_at;
  gint64   version;          /* the row's version when read (#20, kefu-ticket-seen.h) */
};

G_END_DECLS
