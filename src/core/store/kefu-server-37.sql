-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-37.sql: server migration 37 (#21), beside SQLite's migration
-- 37 (kefu-schema.c): there, a settings row and three triggers keep a
-- proof that a file's tickets are in creation order, so a search's whole
-- result and its count need no look-up of each hit. A server keeps no such
-- proof (its search function joins each hit with its ticket under
-- row-level security, and the whole result is sorted there): nothing to
-- add. A mark copied from a file by `kefu-cli migrate` means nothing on a
-- server (nothing there reads it; one copied before this version is
-- dropped here); an offline copy of a server sets its own at its end,
-- from its tickets' order (kefu_server_copy_to_file()).
-- kefu-server-migration: 37

DELETE FROM settings WHERE key = 'tickets_in_order_to';
