/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-desk-lifecycle.h — logging tickets and moving them through their lifecycle */
#pragma once

#include "kefu-lifecycle.h"
#include "kefu-store.h"
#include "kefu-ticket.h"

G_BEGIN_DECLS

typedef struct {
  const char *channel;
  const char *kind;
  const char *subtype;
  int         level;           /* 1–3; 0 = not chosen yet */
  gint64      building_id;
  gint64      unit_id;         /* 0 for a common area */
  const char *common_area;     /* e.g. "电梯", when unit_id is 0 */
  gint64      owner_id;
  const char *contact_name;
  const char *contact_phone;   /* defaults to the owner's phone */
  const char *description;
  gint64      link_to;         /* a related ticket this one repeats */
} KefuTicketDraft;

KefuFacts   kefu_draft_missing_facts   (KefuStore             *store,
                                        const KefuTicketDraft *draft);
gint64      kefu_desk_create_ticket    (KefuStore             *store,
                                        const KefuTicketDraft *draft,
                                        GError               **error);
/* The same with the intake's own key (#20; NULL: none), made once when
 * the intake starts (g_uuid_string_random()) and sent with every try of
 * its save: a key a ticket already has returns that ticket (its id, its
 * number) and saves nothing, so a try whose answer was lost on the way
 * (the server committed, the connection dropped) may be made again. */
gint64      kefu_desk_create_ticket_keyed (KefuStore             *store,
                                           const KefuTicketDraft *draft,
                                           const char            *client_key,
                                           GError               **error);

gboolean    kefu_desk_verify           (KefuStore   *store,
                                        gint64       ticket_id,
                                        GError     **error);
gboolean    kefu_desk_dispatch         (KefuStore   *store,
                                        gint64       ticket_id,
                                        gint64       team_id,
                                        gint64       technician_id,
                                        const char  *reason,
                                        GError     **error);
gboolean    kefu_desk_move             (KefuStore   *store,
                                        gint64       ticket_id,
                                        const char  *to_status,
                                        const char  *reason,
                                        GError     **error);
gboolean    kefu_desk_resume           (KefuStore   *store,
                                        gint64       ticket_id,
                                        GError     **error);
gboolean    kefu_desk_follow_up        (KefuStore   *store,
                                        gint64       ticket_id,
                                        int          satisfaction,
                                        gboolean     solved,
                                        const char  *comment,
                                        GError     **error);
/* A photo or file recorded with a step. */
typedef struct {
  const char *name;
  const char *mime_type;
  GBytes     *data;
} KefuPhoto;

gboolean    kefu_desk_resolve          (KefuStore        *store,
                                        gint64            ticket_id,
                                        const char       *work_done,
                                        const char       *materials,
                                        const KefuPhoto  *photos,
                                        guint             n_photos,
                                        GError          **error);
char       *kefu_desk_get_work_done    (KefuStore   *store,
                                        gint64       ticket_id,
                                        char       **materials);

#define KEFU_FOLLOW_UP_TRIES 3          /* not reached this often: closed as unreachable */
#define KEFU_FOLLOW_UP_RETRY_HOURS 24   /* the next try, a day later */
gboolean    kefu_desk_follow_up_unreachable (KefuStore   *store,
                                             gint64       ticket_id,
                                             const char  *note,
                                             GError     **error);
guint       kefu_desk_get_follow_up_tries   (KefuStore   *store,
                                             gint64       ticket_id,
                                             gint64      *retry_at,
                                             gboolean    *unreachable);
GArray     *kefu_desk_list_ratings     (KefuStore   *store,
                                        gint64       ticket_id,
                                        GError     **error);
gboolean    kefu_desk_log_call         (KefuStore   *store,
                                        gint64       ticket_id,
                                        const char  *summary,
                                        GError     **error);
/* Level 1 (一级响应): starts the emergency plan (启动预案), allowed before
 * the second check; it is the ticket's first response. The plan's
 * checklist is kefu_emergency_plan_steps(). */
gboolean    kefu_desk_start_plan       (KefuStore   *store,
                                        gint64       ticket_id,
                                        GError     **error);
/* The plan's steps, untranslated (N_): pass each through _(). */
const char * const *kefu_emergency_plan_steps (void);
/* Level 2: files the incident review report (复盘报告), due within 24
 * hours of the incident: what caused it, what was done, what prevents it. */
gboolean    kefu_desk_file_review      (KefuStore   *store,
                                        gint64       ticket_id,
                                        const char  *cause,
                                        const char  *actions,
                                        const char  *prevention,
                                        GError     **error);
gboolean    kefu_desk_link             (KefuStore   *store,
                                        gint64       ticket_id,
                                        gint64       to_ticket_id,
                                        GError     **error);

/* Open or recent tickets of the same sub-type at the same unit or common
 * area: possible duplicates and recurring faults. Only the open ones take
 * a repeat (KefuTicketDraft.link_to); a finished one is reopened instead. */
GArray     *kefu_desk_find_related     (KefuStore   *store,
                                        gint64       unit_id,
                                        const char  *location,
                                        const char  *subtype,
                                        int          days,
                                        GError     **error);
GArray     *kefu_desk_unit_history     (KefuStore   *store,
                                        gint64       unit_id,
                                        gint64       owner_id,
                                        guint        recent,
                                        GError     **error);
guint       kefu_desk_count_linked     (KefuStore   *store,
                                        gint64       ticket_id);
#define KEFU_RECURRING_FAULT_REPORTS 3

/* The service center's intake settings (table settings). */
#define KEFU_DEFAULT_RELATED_DAYS 7
int         kefu_intake_get_related_days  (KefuStore   *store);
char       *kefu_intake_get_emotion_words (KefuStore   *store);
gboolean    kefu_intake_set_related_days  (KefuStore   *store,
                                           int          days,
                                           GError     **error);
gboolean    kefu_intake_set_emotion_words (KefuStore   *store,
                                           const char  *words,
                                           GError     **error);

G_END_DECLS
