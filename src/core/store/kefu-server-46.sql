-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-46.sql: server migration 46 (#20), beside SQLite's
-- migration 46 (kefu-schema.c, empty there).
--
-- Nothing of its own: the rights file (kefu-server-rights.sql), which
-- every init and upgrade runs after the migrations, now grants a
-- practical's scenario criteria, panel, external raters and their sheets,
-- decisions and score history to those who train or rate (trainers,
-- supervisors, managers, administrators), whose rows the policies of
-- migration 42 bound. Before, the server refused a trainer's practical
-- sheet. This version makes a server kept at 45 or below run the rights
-- file again.
-- kefu-server-migration: 46

SELECT 1;
