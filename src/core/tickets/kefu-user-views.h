/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-user-views.h — the views each user saves for themselves
 *
 * A user view is a built-in view (All Tickets, Overdue…) narrowed by what
 * the ticket list filters on: the search, the status, the kind, urgency,
 * channel, building, team, first-contact agent, the creation dates and
 * the order. Each belongs to one signed-in user; its name is unique for
 * that user (letter case aside).
 */
#pragma once

#include "kefu-desk.h"
#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_USER_VIEW_NAME_MAX 40   /* characters */

typedef struct {
  gint64         id;
  gint64         user_id;
  char          *name;
  KefuSavedView  base;
  char          *search;
  char          *status;         /* NULL, "open" or a status code */
  char          *kind;
  char          *channel;
  int            level;          /* 0 = any */
  gint64         building_id;    /* with the name it had when saved */
  char          *building_name;
  gint64         team_id;
  char          *team_name;
  gint64         agent_id;
  char          *agent_name;
  gint64         from_day;       /* local midnight of the first day; 0 = open-ended */
  gint64         to_day;         /* local midnight of the last day, included; 0 = open-ended */
  char          *sort;           /* NULL: the base view's order, or the list's own */
  gboolean       ascending;
} KefuUserView;

KefuUserView *kefu_user_view_new        (void);
KefuUserView *kefu_user_view_copy       (const KefuUserView *view);
void          kefu_user_view_free       (KefuUserView       *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuUserView, kefu_user_view_free)

/* Whether @name may name a new view of @user_id (or view @except_id
 * renamed): not empty, at most KEFU_USER_VIEW_NAME_MAX characters, no
 * control characters, not a built-in view's name, not one of the user's
 * other views. The error says which, translated. */
gboolean      kefu_user_view_check_name (KefuStore          *store,
                                         gint64              user_id,
                                         const char         *name,
                                         gint64              except_id,
                                         GError            **error);
/* The views of @user_id, by name (GPtrArray of KefuUserView). */
GPtrArray    *kefu_user_view_list       (KefuStore          *store,
                                         gint64              user_id,
                                         GError            **error);
KefuUserView *kefu_user_view_get        (KefuStore          *store,
                                         gint64              user_id,
                                         gint64              view_id,
                                         GError            **error);
/* Saves @view for view->user_id: a new view when view->id is 0 (its id
 * is set), else that view's name and filters replaced. The name is
 * trimmed and checked as above. */
gboolean      kefu_user_view_save       (KefuStore          *store,
                                         KefuUserView       *view,
                                         GError            **error);
gboolean      kefu_user_view_rename     (KefuStore          *store,
                                         gint64              user_id,
                                         gint64              view_id,
                                         const char         *name,
                                         GError            **error);
gboolean      kefu_user_view_delete     (KefuStore          *store,
                                         gint64              user_id,
                                         gint64              view_id,
                                         GError            **error);

/* Fills @query (cleared first; its strings are borrowed from @view) as
 * the ticket list shows @view. A building, team or agent that is no
 * longer there (deleted; an agent no longer active) is left out, and
 * @dropped, when given, is set to a translated sentence naming what was
 * left out (NULL when nothing was). */
void          kefu_user_view_apply      (KefuStore          *store,
                                         const KefuUserView *view,
                                         KefuTicketQuery    *query,
                                         char              **dropped);

/* The stable code of a built-in view ("all", "overdue"…), and back. */
const char   *kefu_saved_view_code      (KefuSavedView       view);
gboolean      kefu_saved_view_from_code (const char         *code,
                                         KefuSavedView      *view);

G_END_DECLS
