/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-schema.h — the schema's migrations, one per version */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SQL that takes a database from version (i) to version (i + 1);
 * index 0 creates version 1 from nothing. */
const char *kefu_schema_migration     (int from_version);

/* Counts the rows that break the CHECK constraints of the tables a bulk
 * load writes: tickets from id ?1 on, events from id ?2 on. */
const char *kefu_schema_bulk_check_sql (void);

G_END_DECLS
