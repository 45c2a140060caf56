/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-desk.h — reading and writing the desk's tickets and users */
#pragma once

#include "kefu-choice.h"
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
/* A bare account row, no PIN, no check: for imports' placeholder agents
 * (they cannot sign in until an administrator sets a PIN) and for tests.
 * Screens and commands add users with kefu_auth_add_user(), which checks
 * the acting user's right. */
gint64      kefu_desk_add_user        (KefuStore   *store,
                                       const char  *login,
                                       const char  *name,
                                       const char  *role,
                                       const char  *title,
                                       GError     **error);

/* Tickets */
typedef struct {
  const char *search;       /* number, description, location, owner name or phone digits */
  const char *status;       /* a status code, "open" for every unfinished one, or NULL */
  const char *kind;
  const char *subtype;
  const char *channel;
  int         level;        /* 1–3, 0 = any */
  gint64      building_id;
  gint64      agent_id;
  gint64      team_id;
  gint64      owner_id;
  gint64      from;         /* created_at in [from, to), Unix seconds; 0 = open-ended */
  gint64      to;
  int         weekday;      /* created on this weekday, 1 = Monday … 7; 0 = any */
  int         hour;         /* created in this hour of the day + 1 (1 = 00:00–00:59); 0 = any */
  int         response_from_min;   /* with response_to_min > 0: first response took */
  int         response_to_min;     /* [from, to) minutes; to = G_MAXINT: at least from */
  gboolean    overdue;      /* a clock still running past its due moment (follow-up and review too) */
  gboolean    due_soon;     /* open, past the warning threshold, not yet due */
  gboolean    flagged;
  gboolean    recurring;    /* part of a fault reported three times or more */
  gboolean    follow_up_due; /* no follow-up try waiting: never called, or the next try after
                                "not reached" (KEFU_FOLLOW_UP_RETRY_HOURS later) has come */
  const char *sort;         /* "created" (default), "priority" (open flagged and urgent first, then by
                               created), "number", "kind", "level", "location", "status", "agent",
                               "resolved" (when the work was done) */
  gboolean    ascending;
} KefuTicketQuery;

typedef enum {
  KEFU_VIEW_ALL,
  KEFU_VIEW_MY_OPEN,
  KEFU_VIEW_AWAITING_FOLLOW_UP,
  KEFU_VIEW_DUE_SOON,
  KEFU_VIEW_OVERDUE,
  KEFU_VIEW_FLAGGED,
  KEFU_VIEW_RECURRING,
  KEFU_N_VIEWS
} KefuSavedView;

const char *kefu_saved_view_label      (KefuSavedView          view);
void        kefu_saved_view_apply      (KefuSavedView          view,
                                        gint64                 user_id,
                                        KefuTicketQuery       *query);
gint64      kefu_desk_count_tickets    (KefuStore             *store,
                                        const KefuTicketQuery *query,
                                        GError               **error);

GArray     *kefu_desk_query_ticket_ids (KefuStore             *store,
                                        const KefuTicketQuery *query,
                                        GCancellable          *cancellable,
                                        GError               **error);
GArray     *kefu_desk_query_first_ticket_ids (KefuStore             *store,
                                              const KefuTicketQuery *query,
                                              guint                  limit,
                                              GCancellable          *cancellable,
                                              GError               **error);
GPtrArray  *kefu_desk_query_first_tickets (KefuStore             *store,
                                           const KefuTicketQuery *query,
                                           guint                  limit,
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
gint64      kefu_desk_get_creator      (KefuStore             *store,
                                        gint64                 ticket_id);
GListStore *kefu_desk_list_events      (KefuStore             *store,
                                        gint64                 ticket_id,
                                        GError               **error);
gboolean    kefu_desk_add_note         (KefuStore             *store,
                                        gint64                 ticket_id,
                                        const char            *text,
                                        GError               **error);
gboolean    kefu_desk_reveal_needs_reason (KefuTicket          *ticket,
                                          KefuUser            *user);
gboolean    kefu_desk_reveal_phone     (KefuStore             *store,
                                        KefuUser              *user,
                                        gint64                 ticket_id,
                                        const char            *reason,
                                        char                 **phone,
                                        GError               **error);

/* Attachments: photos and files, kept inside the database file so a
 * backup of the file carries them. */
#define KEFU_ATTACHMENT_MAX_BYTES (20 * 1024 * 1024)
gint64      kefu_desk_add_attachment    (KefuStore   *store,
                                         gint64       ticket_id,
                                         const char  *name,
                                         const char  *mime_type,
                                         GBytes      *data,
                                         GError     **error);
GListStore *kefu_desk_list_attachments  (KefuStore   *store,
                                         gint64       ticket_id,
                                         GError     **error);
GBytes     *kefu_desk_get_attachment    (KefuStore   *store,
                                         gint64       attachment_id,
                                         char       **name,
                                         GError     **error);

/* Lists to pick from (KefuChoice) */
GListStore *kefu_desk_list_teams        (KefuStore   *store,
                                         GError     **error);
GListStore *kefu_desk_list_technicians  (KefuStore   *store,
                                         gint64       team_id,
                                         GError     **error);
GListStore *kefu_desk_list_buildings    (KefuStore   *store,
                                         GError     **error);
GListStore *kefu_desk_list_agents       (KefuStore   *store,
                                         GError     **error);
GListStore *kefu_desk_list_places       (KefuStore   *store,
                                         gint64       building_id,
                                         GError     **error);
GListStore *kefu_desk_find_owners       (KefuStore   *store,
                                         const char  *text,
                                         guint        limit,
                                         GError     **error);
char       *kefu_desk_owner_summary     (KefuStore   *store,
                                         gint64       owner_id,
                                         double      *mean_satisfaction,
                                         guint       *n_tickets,
                                         GError     **error);

/* The note kept on an owner (独居老人，来电请说慢些), at most this many
 * characters */
#define KEFU_OWNER_NOTE_MAX 200

char       *kefu_desk_get_owner_note    (KefuStore   *store,
                                         gint64       owner_id,
                                         GError     **error);
gboolean    kefu_desk_set_owner_note    (KefuStore   *store,
                                         gint64       owner_id,
                                         const char  *note,
                                         GError     **error);

G_END_DECLS
