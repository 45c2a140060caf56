-- SPDX-License-Identifier: GPL-3.0-or-later
-- kefu-server-32.sql: server migration 32 (#20), beside SQLite's migration
-- 32 (kefu-schema.c, empty there).
--
--  * The training categories' course modules (training_module_aliases):
--    SQLite's migration 18 gives every file these rows, which the trainer
--    edits (kefu_question_set_module_alias()); the server's baseline was
--    written with the table but not its rows, so a question of 法规 had no
--    module on a server. A category the server maps already keeps its
--    module. (`kefu-cli migrate` replaces them with the file's own.)
--  * The search index rebuilt: a server made before the index was written
--    through kefu_search_index() (which takes the phones' digits from the
--    tables) holds rows a desk built from the phones it read masked
--    (138****5678), so searching a whole number missed them. The index
--    is marked stale; the next open by the tables' owner rebuilds it
--    (refresh_search_index() in kefu-store.c), and `kefu-cli server init`,
--    which brings a server to this version, opens it so at once: no step
--    of its own. A server without tickets has nothing to rebuild.
-- kefu-server-migration: 32

INSERT INTO training_module_aliases (category, module) VALUES
  ('法律法规', 'law'), ('法规', 'law'), ('物业法规', 'law'), ('礼仪', 'etiquette'), ('服务规范', 'etiquette'),
  ('沟通', 'communication'), ('客户沟通', 'communication'), ('投诉处理', 'communication'),
  ('工程', 'engineering'), ('工程维修', 'engineering'), ('设备设施', 'engineering'),
  ('应急', 'emergency'), ('安全应急', 'emergency'), ('应急预案', 'emergency'),
  ('信息化', 'digital_tools'), ('系统操作', 'digital_tools')
  ON CONFLICT (category) DO NOTHING;

INSERT INTO settings (key, value) SELECT 'search_index_stale', '1' WHERE EXISTS (SELECT 1 FROM tickets)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value;
