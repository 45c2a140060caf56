-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-37.sql: server migration 37 (#21), beside SQLite's migration
-- 37 (kefu-schema.c): there, a settings row and three triggers keep a
-- proof that a file's tickets are in creation order, so a search's whole
-- result and its count need no look-up of each hit. A server keeps no such
-- proof (its search function joins each hit with its ticket under
-- row-level security, and the whole result is sorted there): nothing to
-- add. A mark copied from a file by `kefu-cli migrate` means nothing on a
-- server and is dropped; an offline copy of a server checks its own
-- tickets' order at its end (kefu_server_copy_to_file()).
-- kefu-server-migration: 37

DELETE FROM settings WHERE key = 'tickets_in_order_to';
