/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-ticket.c — one ticket, and one line of its timeline
 *
 * Plain values read from the store; no SQL here (the reads are in kefu-desk.c).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-enums.h"
#include "kefu-ticket-private.h"

G_DEFINE_FINAL_TYPE (KefuTicket, kefu_ticket, G_TYPE_OBJECT)

enum { PROP_0, PROP_ID, PROP_NUMBER, PROP_STATUS, PROP_DESCRIPTION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
kefu_ticket_finalize (GObject *object)
{
  KefuTicket *self = (KefuTicket *)object;

  g_free (self->number);
  g_free (self->channel);
  g_free (self->kind);
  g_free (self->subtype);
  g_free (self->location);
  g_free (self->owner_name);
  g_free (self->contact_phone);
  g_free (self->description);
  g_free (self->status);
  g_free (self->agent_name);
  g_free (self->team_name);
  g_free (self->technician_name);
  g_free (self->hold_reason);
  g_free (self->cancel_reason);
  g_free (self->followup_comment);
  G_OBJECT_CLASS (kefu_ticket_parent_class)->finalize (object);
}

static void
kefu_ticket_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KefuTicket *self = KEFU_TICKET (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NUMBER: g_value_set_string (value, self->number); break;
    case PROP_STATUS: g_value_set_string (value, self->status); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kefu_ticket_class_init (KefuTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kefu_ticket_finalize;
  object_class->get_property = kefu_ticket_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kefu_ticket_init (KefuTicket *self)
{
}

gint64 kefu_ticket_get_id (KefuTicket *self) { return self->id; }
const char *kefu_ticket_get_number (KefuTicket *self) { return self->number; }
const char *kefu_ticket_get_channel (KefuTicket *self) { return self->channel; }
const char *kefu_ticket_get_kind (KefuTicket *self) { return self->kind; }
const char *kefu_ticket_get_subtype (KefuTicket *self) { return self->subtype; }
int kefu_ticket_get_level (KefuTicket *self) { return self->level; }
const char *kefu_ticket_get_location (KefuTicket *self) { return self->location; }
gint64 kefu_ticket_get_owner_id (KefuTicket *self) { return self->owner_id; }
const char *kefu_ticket_get_owner_name (KefuTicket *self) { return self->owner_name; }
const char *kefu_ticket_get_contact_phone (KefuTicket *self) { return self->contact_phone; }
const char *kefu_ticket_get_description (KefuTicket *self) { return self->description; }
const char *kefu_ticket_get_status (KefuTicket *self) { return self->status; }
const char *kefu_ticket_get_agent_name (KefuTicket *self) { return self->agent_name; }
gint64 kefu_ticket_get_agent_id (KefuTicket *self) { return self->agent_id; }
const char *kefu_ticket_get_team_name (KefuTicket *self) { return self->team_name; }
const char *kefu_ticket_get_technician_name (KefuTicket *self) { return self->technician_name; }
const char *kefu_ticket_get_hold_reason (KefuTicket *self) { return self->hold_reason; }
const char *kefu_ticket_get_cancel_reason (KefuTicket *self) { return self->cancel_reason; }
const char *kefu_ticket_get_followup_comment (KefuTicket *self) { return self->followup_comment; }
int kefu_ticket_get_satisfaction (KefuTicket *self) { return self->satisfaction; }
int kefu_ticket_get_reopen_count (KefuTicket *self) { return self->reopen_count; }
gboolean kefu_ticket_get_flagged (KefuTicket *self) { return self->flagged; }
gboolean kefu_ticket_get_verified (KefuTicket *self) { return self->verified; }
gint64 kefu_ticket_get_paused_seconds (KefuTicket *self) { return self->paused_seconds; }
gint64 kefu_ticket_get_plan_started_at (KefuTicket *self) { return self->plan_started_at; }
gint64 kefu_ticket_get_review_filed_at (KefuTicket *self) { return self->review_filed_at; }
gint64 kefu_ticket_get_version (KefuTicket *self) { return self->version; }

gint64
kefu_ticket_get_milestone (KefuTicket          *self,
                           KefuTicketMilestone  milestone)
{
  g_return_val_if_fail (milestone < KEFU_TICKET_N_MILESTONES, 0);
  return self->milestones[milestone];
}

gint64
kefu_ticket_get_due (KefuTicket *self,
                     guint       clock)
{
  g_return_val_if_fail (clock < G_N_ELEMENTS (self->due), 0);
  return self->due[clock];
}

/* Every duration Kefu shows a person (clock badges, the detail pane,
 * notifications) in one style, rounded up to the minute: "45 min" under an
 * hour, "1 h 57 min" and "2 h" under two days, "3 d 4 h" beyond. A badge of
 * "117 minutes" beside one of "2 hours" read as two different rules. */
char *
kefu_format_duration (gint64 seconds)
{
  gint64 minutes = (ABS (seconds) + 59) / 60;

  if (minutes >= 48 * 60)
    {
      gint64 days = minutes / 1440, hours = minutes % 1440 / 60;
      /* Translators: a duration in days, e.g. "3 d" */
      return hours == 0 ? g_strdup_printf (_("%lld d"), (long long) days)
                        /* Translators: a duration in days and hours, e.g. "3 d 4 h" */
                        : g_strdup_printf (_("%lld d %lld h"), (long long) days, (long long) hours);
    }
  if (minutes >= 60)
    /* Translators: a duration in hours, e.g. "2 h"; then hours and minutes, e.g. "1 h 05 min" */
    return minutes % 60 == 0 ? g_strdup_printf (_("%lld h"), (long long) (minutes / 60))
                             : g_strdup_printf (_("%lld h %02lld min"), (long long) (minutes / 60), (long long) (minutes % 60));
  /* Translators: a duration in minutes, e.g. "45 min" */
  return g_strdup_printf (_("%lld min"), (long long) minutes);
}

/* The nearest running clock at @now; @text says how long is left or how
 * late it is ("12 min left", "1 h 05 min late"). */
KefuClockState
kefu_ticket_get_clock_state (KefuTicket  *self,
                             gint64       now,
                             char       **text)
{
  return kefu_clock_state_at (self->next_due_at, self->next_warn_at, now, text);
}

/* The badge of a ticket whose nearest clock is due at @next_due_at and
 * turns yellow at @next_warn_at (the list, the board). */
KefuClockState
kefu_clock_state_at (gint64   next_due_at,
                     gint64   next_warn_at,
                     gint64   now,
                     char   **text)
{
  g_autofree char *span = NULL;
  KefuClockState state;

  if (next_due_at <= 0)
    {
      if (text != NULL)
        *text = g_strdup ("");
      return KEFU_CLOCK_STATE_NONE;
    }
  span = kefu_format_duration (next_due_at - now);
  if (now >= next_due_at)
    state = KEFU_CLOCK_STATE_BREACHED;
  else if (next_warn_at > 0 && now >= next_warn_at)
    state = KEFU_CLOCK_STATE_WARNING;
  else
    state = KEFU_CLOCK_STATE_OK;
  if (text != NULL)
    *text = state == KEFU_CLOCK_STATE_BREACHED
      /* Translators: the list's clock badge, e.g. "5 min late" */
      ? g_strdup_printf (_("%s late"), span)
      /* Translators: the list's clock badge, e.g. "12 min left" */
      : g_strdup_printf (_("%s left"), span);
  return state;
}

const char *
kefu_ticket_milestone_label (KefuTicketMilestone milestone)
{
  static const char *labels[KEFU_TICKET_N_MILESTONES] = {
    [KEFU_TICKET_CREATED] = N_("Created"),
    [KEFU_TICKET_FIRST_RESPONSE] = N_("First response"),
    [KEFU_TICKET_DISPATCHED] = N_("Dispatched"),
    [KEFU_TICKET_ACCEPTED] = N_("Accepted"),
    [KEFU_TICKET_ARRIVED] = N_("On site"),
    [KEFU_TICKET_RESOLVED] = N_("Resolved"),
    [KEFU_TICKET_FOLLOWED_UP] = N_("Followed up"),
    [KEFU_TICKET_CLOSED] = N_("Closed"),
    [KEFU_TICKET_CANCELLED] = N_("Cancelled"),
  };
  g_return_val_if_fail (milestone < KEFU_TICKET_N_MILESTONES, NULL);
  return _(labels[milestone]);
}


struct _KefuTicketEvent
{
  GObject  parent_instance;
  gint64   at;
  char    *kind;
  char    *user_name;
  char    *from_status;
  char    *to_status;
  char    *body;
};

G_DEFINE_FINAL_TYPE (KefuTicketEvent, kefu_ticket_event, G_TYPE_OBJECT)

static void
kefu_ticket_event_finalize (GObject *object)
{
  KefuTicketEvent *self = (KefuTicketEvent *)object;

  g_free (self->kind);
  g_free (self->user_name);
  g_free (self->from_status);
  g_free (self->to_status);
  g_free (self->body);
  G_OBJECT_CLASS (kefu_ticket_event_parent_class)->finalize (object);
}

static void
kefu_ticket_event_class_init (KefuTicketEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_ticket_event_finalize;
}

static void
kefu_ticket_event_init (KefuTicketEvent *self)
{
}

KefuTicketEvent *
kefu_ticket_event_new (gint64      at,
                       const char *kind,
                       const char *user_name,
                       const char *from_status,
                       const char *to_status,
                       const char *body)
{
  KefuTicketEvent *self = g_object_new (KEFU_TYPE_TICKET_EVENT, NULL);

  self->at = at;
  self->kind = g_strdup (kind);
  self->user_name = g_strdup (user_name);
  self->from_status = g_strdup (from_status);
  self->to_status = g_strdup (to_status);
  self->body = g_strdup (body);
  return self;
}

gint64 kefu_ticket_event_get_at (KefuTicketEvent *self) { return self->at; }
const char *kefu_ticket_event_get_kind (KefuTicketEvent *self) { return self->kind; }
const char *kefu_ticket_event_get_user_name (KefuTicketEvent *self) { return self->user_name; }
const char *kefu_ticket_event_get_from_status (KefuTicketEvent *self) { return self->from_status; }
const char *kefu_ticket_event_get_to_status (KefuTicketEvent *self) { return self->to_status; }
const char *kefu_ticket_event_get_body (KefuTicketEvent *self) { return self->body; }

/* One line for the timeline: "Status changed: Dispatched → Accepted" */
char *
kefu_ticket_event_describe (KefuTicketEvent *self)
{
  const char *what = kefu_code_label (KEFU_CODES_EVENT, self->kind);

  if (self->to_status != NULL && !g_str_equal (self->kind, "created"))
    {
      if (self->from_status != NULL)
        /* Translators: timeline line, e.g. "Status changed: Dispatched → Accepted" */
        return g_strdup_printf (_("%s: %s → %s"), what,
                                kefu_code_label (KEFU_CODES_STATUS, self->from_status),
                                kefu_code_label (KEFU_CODES_STATUS, self->to_status));
      return g_strdup_printf (_("%s: %s"), what,
                              kefu_code_label (KEFU_CODES_STATUS, self->to_status));
    }
  return g_strdup (what);
}
