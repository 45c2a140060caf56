/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server-people.h — the people of a center on a server (#20): made,
 * switched off, given a role and estates through the server's SECURITY
 * DEFINER functions (kefu-server-rights.sql), as the signed-in person */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64    id;
  char     *login;
  char     *name;
  char     *role;
  gboolean  active;
} KefuServerPerson;

void      kefu_server_person_free         (KefuServerPerson *person);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuServerPerson, kefu_server_person_free)

/* Every person of the center, switched off ones too, by name
 * (KefuServerPerson) */
GPtrArray *kefu_server_people_list        (KefuStore   *store,
                                           GError     **error);

typedef struct {
  gint64  id;
  char   *name;
} KefuServerEstate;

/* The center's estates, by name (KefuServerEstate) */
GPtrArray *kefu_server_estates_list       (KefuStore   *store,
                                           GError     **error);

/* A SCRAM-SHA-256 verifier of @password (what PostgreSQL keeps), so the
 * password itself never reaches the server; NULL for a password that is
 * not plain ASCII (the server prepares those itself). */
char     *kefu_server_scram_verifier      (const char  *password);

gint64    kefu_server_person_create       (KefuStore   *store,
                                           const char  *login,
                                           const char  *name,
                                           const char  *role,
                                           const char  *password,
                                           GArray      *estates,
                                           GError     **error);
gint64    kefu_server_person_create_with_title (KefuStore   *store,
                                                const char  *login,
                                                const char  *name,
                                                const char  *title,
                                                const char  *role,
                                                const char  *password,
                                                GArray      *estates,
                                                GError     **error);
gboolean  kefu_server_person_set_active   (KefuStore   *store,
                                           const char  *login,
                                           gboolean     active,
                                           GError     **error);
gboolean  kefu_server_person_set_role     (KefuStore   *store,
                                           const char  *login,
                                           const char  *role,
                                           GError     **error);
/* gint64 estate ids; *@every and none for every estate */
GArray   *kefu_server_person_estates      (KefuStore   *store,
                                           const char  *login,
                                           gboolean    *every,
                                           GError     **error);
/* @estates: gint64 estate ids; NULL for every estate */
gboolean  kefu_server_person_set_estates  (KefuStore   *store,
                                           const char  *login,
                                           GArray      *estates,
                                           GError     **error);
/* An administrator's reset of @login's password (a forgotten one) */
gboolean  kefu_server_person_set_password (KefuStore   *store,
                                           const char  *login,
                                           const char  *password,
                                           GError     **error);
/* The signed-in person's own password; @current is the one they signed in with */
gboolean  kefu_server_change_own_password (KefuStore   *store,
                                           const char  *current,
                                           const char  *password,
                                           GError     **error);

G_END_DECLS
