-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-reserved.sql: server migrations 29 to 32 in this branch,
-- numbers other branches of the release took; nothing, as SQLite's
-- migrations 29 to 32 here (kefu-schema.c). Replaced by theirs at merge.
DO $$ BEGIN END $$;
