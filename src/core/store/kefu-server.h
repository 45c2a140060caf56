/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server.h — a PostgreSQL server for Kefu (#20): its schema and roles */
#pragma once

#include "kefu-engine.h"
#include "kefu-progress.h"
#include "kefu-store.h"

G_BEGIN_DECLS

/* The group roles `server init` makes, one per Kefu role (users.role) */
const char * const *kefu_server_role_names (void);

/* The schema version the server @pg holds: 0 when it has none yet. */
int       kefu_server_schema_version (KefuEngine  *pg,
                                      GError     **error);

/* The version the PostgreSQL baseline of this build creates. */
int       kefu_server_baseline_version (void);

/* Creates Kefu's schema (the baseline, kefu-schema-pg.sql, then every
 * server migration after it) and the group roles on the server @conninfo
 * names, in one transaction. A server that has this version already is
 * left as it is (*@created = FALSE; its roles are made if missing); an
 * older one gets the migrations it lacks; one with a newer schema is
 * refused (KEFU_STORE_ERROR_NEWER_SCHEMA), untouched. */
gboolean  kefu_server_init           (const char  *conninfo,
                                      gboolean    *created,
                                      GError     **error);
/* The same, stopping at @version (>= the baseline's): what an older Kefu
 * made, for the tests of the upgrade. */
gboolean  kefu_server_init_to        (const char  *conninfo,
                                      int          version,
                                      gboolean    *created,
                                      GError     **error);
/* On @pg (connected, outside a transaction): the server migrations the
 * server lacks, in one transaction under init's lock, and the rights
 * again; nothing changed on failure. */
gboolean  kefu_server_upgrade        (KefuEngine  *pg,
                                      GError     **error);

/* One table's copy, as kefu_server_migrate() checked it */
typedef struct {
  const char *table;
  gint64      rows;        /* in the file, and (checked) on the server */
  char       *checksum;    /* of the file's rows, equal on the server */
  gboolean    copied;      /* FALSE: a table neither copy takes (the CLI's
                            * sign-in sessions): @rows were left behind,
                            * no checksum (NULL), not checked */
} KefuMigratedTable;

typedef void (*KefuMigrateFunc) (const KefuMigratedTable *table,
                                 gpointer                 user_data);

/* Copies every table of the SQLite file @path (at this Kefu's schema
 * version, read in one snapshot) to the server @conninfo (initialised by
 * kefu_server_init(), every table empty), in one transaction: foreign keys
 * checked at its commit, identity columns moved past the copied ids.
 * Then reads each table back from the server and compares its row count
 * and a checksum of its rows (order-free: the sum of a SHA-256 of each
 * row's values, normalised by column type) with the file's; @func hears
 * of each table checked. Nothing is committed unless every table
 * matches. The CLI's sign-in sessions (cli_sessions) are not copied
 * (either way): @func hears of them last, with the rows left behind. */
gboolean  kefu_server_migrate        (const char       *path,
                                      const char       *conninfo,
                                      KefuMigrateFunc   func,
                                      gpointer          user_data,
                                      GError          **error);

/* The reverse (`kefu-cli migrate --from URI --to FILE`): writes every
 * table of the server @conninfo (at this Kefu's schema version, read in
 * one snapshot) to a new SQLite file @path, then reads each table back
 * from the file and compares its row count and checksum with the
 * server's (@func hears of each). The file is marked as an offline copy
 * of the server taken at the server's time: Kefu opens it read-only
 * (kefu_store_is_offline_copy()). Nothing is left at @path unless every
 * table matches; an existing @path is refused. */
gboolean  kefu_server_copy_to_file   (const char       *conninfo,
                                      const char       *path,
                                      KefuMigrateFunc   func,
                                      gpointer          user_data,
                                      GError          **error);

/* The same, as the person signed in to @server (#20), on its connection
 * (a worker's own): what their role reads, phones masked as the server
 * masks them, the tables it keeps from them empty and their estates only
 * (see person_select_sql() in kefu-server-migrate.c); the server's search
 * index is not copied: the file builds its own from the rows it got, as
 * any file's. @progress hears of each table copied and checked. */
gboolean  kefu_server_copy_store_to_file (KefuStore         *server,
                                          const char        *path,
                                          KefuProgressFunc   progress,
                                          gpointer           user_data,
                                          GError           **error);

G_END_DECLS
