/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-people-private.h — what the people files share */
#pragma once

#include <json-glib/json-glib.h>

#include "kefu-people.h"

G_BEGIN_DECLS

/* The acting user is @user_id, or has KEFU_PERMISSION_DEVELOP_PEOPLE; then
 * @action (if any) is audited about @user_id (0: about nobody in particular). */
gboolean   kefu_people_check_access (KefuStore    *store,
                                     gint64        user_id,
                                     const char   *action,
                                     const char   *detail,
                                     GError      **error);
/* @user_id is the acting user, in a team they lead, or they see everyone
 * (trainers, managers); a supervisor outside their team is refused with
 * a message naming the person, and the refusal is audited ("people_refused",
 * detail tried=@action). */
gboolean   kefu_people_check_team   (KefuStore    *store,
                                     gint64        user_id,
                                     const char   *action,
                                     GError      **error);
gboolean   kefu_people_load_user    (KefuStore    *store,
                                     gint64        user_id,
                                     char        **login,
                                     char        **name,
                                     char        **role,
                                     GError      **error);
double     kefu_people_kpi_percent  (const KefuKpiReport *report,
                                     KefuKpi              kpi);
/* Goals without the access check (the caller made it) */
GPtrArray *kefu_people_goals_of     (KefuStore    *store,
                                     gint64        user_id,
                                     GError      **error);
void       kefu_people_json_number  (JsonBuilder  *b,
                                     const char   *member,
                                     double        value);
char      *kefu_people_json_text    (JsonBuilder  *b);

G_END_DECLS
