/* kefu-schema.h — the schema's migrations, one per version */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SQL that takes a database from version (i) to version (i + 1);
 * index 0 creates version 1 from nothing. */
const char *kefu_schema_migration (int from_version);

G_END_DECLS
