-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-31.sql: server migration 31, beside SQLite's migration 31
-- (kefu-schema.c). Another change's number, kept free in this branch: its
-- own file replaces this one on merging.
-- kefu-server-migration: 31

SELECT 1;
