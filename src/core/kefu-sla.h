/* kefu-sla.h — each ticket's service-level clocks */
#pragma once

#include "kefu-calendar.h"
#include "kefu-store.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_CLOCK_RESPONSE,     /* created → first response */
  KEFU_CLOCK_ONSITE,       /* dispatched → on site */
  KEFU_CLOCK_RESOLUTION,   /* created → resolved */
  KEFU_CLOCK_FOLLOWUP,     /* resolved → follow-up call */
  KEFU_N_CLOCKS
} KefuClock;

gint64        kefu_sla_policy_for     (KefuStore   *store,
                                       const char  *kind,
                                       int          level,
                                       const char  *channel,
                                       GError     **error);
KefuCalendar *kefu_sla_calendar_of    (KefuStore   *store,
                                       gint64       ticket_id,
                                       GError     **error);
gboolean      kefu_sla_update_ticket  (KefuStore   *store,
                                       gint64       ticket_id,
                                       GError     **error);
gboolean      kefu_sla_credit_pause   (KefuStore   *store,
                                       gint64       ticket_id,
                                       gint64       hold_start,
                                       gint64       hold_end,
                                       GError     **error);

G_END_DECLS
