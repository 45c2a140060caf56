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

/* The settings key of the order mark (migration 37): every ticket with
 * id <= its value is in creation order, and none of them was deleted. */
#define KEFU_SETTING_TICKETS_IN_ORDER_TO "tickets_in_order_to"

/* Sets the order mark again after tickets went in with triggers off:
 * @whole, over the whole file (no parameter); otherwise over the rows
 * from ?1 + 1 on, where ?1 is the last ticket before them. */
const char *kefu_schema_order_mark_sql (gboolean whole);

G_END_DECLS
