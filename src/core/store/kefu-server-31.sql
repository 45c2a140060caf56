-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-31.sql: server migration 31 (#20), beside SQLite's migration
-- 31 (kefu-schema.c): a ticket's client key. A desk gives each intake a
-- random key (a UUID) and sends it with every try of the save; when the
-- server committed a ticket but its answer was lost on the way (the
-- connection dropped after COMMIT), the desk's next try finds the key
-- taken and gets that ticket back instead of saving it twice
-- (kefu_desk_create_ticket_keyed()). Tickets saved without a key keep
-- NULL: only the keyed ones are in the index.
-- kefu-server-migration: 31

ALTER TABLE tickets ADD COLUMN client_key text;
CREATE UNIQUE INDEX tickets_client_key ON tickets (client_key) WHERE client_key IS NOT NULL;
