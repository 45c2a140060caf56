/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server.h — a PostgreSQL server for Kefu (#20): its schema and roles */
#pragma once

#include "kefu-engine.h"

G_BEGIN_DECLS

/* The group roles `server init` makes, one per Kefu role (users.role) */
const char * const *kefu_server_role_names (void);

/* The schema version the server @pg holds: 0 when it has none yet. */
int       kefu_server_schema_version (KefuEngine  *pg,
                                      GError     **error);

/* The version the PostgreSQL baseline of this build creates. */
int       kefu_server_baseline_version (void);

/* Creates Kefu's schema (the baseline, kefu-schema-pg.sql) and the group
 * roles on the server @conninfo names, in one transaction. A server that
 * has this version already is left as it is (*@created = FALSE; its
 * roles are made if missing); one with a newer schema is refused
 * (KEFU_STORE_ERROR_NEWER_SCHEMA), as is an older one (no server
 * migrations yet). */
gboolean  kefu_server_init           (const char  *conninfo,
                                      gboolean    *created,
                                      GError     **error);

G_END_DECLS
