-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-bulk-floor.sql — SQLite's own floor for a bulk load, with the sqlite3 shell
--
-- What the same rows cost when SQLite alone inserts them into the same
-- schema with the same indexes: kefu-cli bench runs this beside the
-- sample generator and the CSV import, and anyone can run it by hand on
-- a database Kefu loaded (kefu-cli bench --keep FILE, or init --demo):
--
--   cd an empty folder
--   sqlite3 -bail -cmd "ATTACH 'LOADED.db' AS source" floor.db < kefu-bulk-floor.sql
--   time sqlite3 -bail -cmd "ATTACH 'LOADED.db' AS source" floor.db < floor-load.sql
--
-- The first command (not timed) gives floor.db the loaded file's tables,
-- indexes, triggers and views, empty, and writes floor-load.sql; the
-- second, timed as a whole process, copies every row in one transaction
-- with what Kefu's bulk load keeps: WAL, synchronous=FULL, foreign keys
-- (checked at the commit), the indexes maintained row by row, the search
-- index (FTS5) tokenized again. Like Kefu's bulk load it leaves the
-- triggers and the CHECKs off during the load; Kefu then checks the
-- CHECKs and marks the roll-up's days in three queries, which the floor
-- does not, so the floor is a true lower bound.
.bail on
.headers off
.mode list

-- the schema, in the loaded file's order (tables first); the search
-- index's own tables (ticket_search_data …) come with its CREATE
-- VIRTUAL TABLE
CREATE TEMP VIEW floor_tables AS
  SELECT s.rowid AS ord, s.name, s.type, s.sql, s.sql LIKE 'CREATE VIRTUAL TABLE%' AS virtual
    FROM source.sqlite_master s
   WHERE s.sql IS NOT NULL
     AND s.name NOT LIKE 'sqlite\_%' ESCAPE '\'
     AND NOT EXISTS (SELECT 1 FROM source.sqlite_master v
                      WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' AND s.name <> v.name
                        AND s.name LIKE v.name || '\_%' ESCAPE '\');

.output floor-schema.sql
SELECT 'PRAGMA journal_mode = WAL;';
SELECT sql || ';' FROM floor_tables
 ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, ord;
.output floor-load.sql
SELECT '.bail on';
SELECT 'PRAGMA synchronous = FULL;';
SELECT 'PRAGMA foreign_keys = ON;';
SELECT 'PRAGMA cache_size = -65536;';
SELECT '.dbconfig enable_trigger off';
SELECT 'PRAGMA ignore_check_constraints = ON;';
SELECT 'BEGIN IMMEDIATE;';
SELECT 'PRAGMA defer_foreign_keys = ON;';
SELECT 'INSERT INTO main."' || replace (name, '"', '""') || '" SELECT * FROM source."' || replace (name, '"', '""') || '";'
  FROM floor_tables WHERE type = 'table' AND NOT virtual ORDER BY ord;
SELECT 'INSERT INTO main."' || replace (t.name, '"', '""') || '" (rowid, '
       || (SELECT group_concat ('"' || replace (c.name, '"', '""') || '"', ', ') FROM pragma_table_info (t.name, 'source') c)
       || ') SELECT rowid, * FROM source."' || replace (t.name, '"', '""') || '";'
  FROM floor_tables t WHERE t.type = 'table' AND t.virtual ORDER BY t.ord;
SELECT 'COMMIT;';
.output stdout
.read floor-schema.sql
