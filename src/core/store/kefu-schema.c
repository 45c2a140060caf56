/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-schema.c — the schema, as the migrations that build it
 *
 * The schema is a documented interface (README.md, "The database schema"): analysts open
 * the file with other tools. Timestamps are INTEGER Unix seconds, UTC
 * (sqlite: datetime(created_at, 'unixepoch', 'localtime')). Codes are
 * plain English words (status 'on_hold', channel 'wechat').
 *
 * Never edit a migration that has shipped: add the next one.
 */
#include "config.h"

#include "kefu-schema.h"

/* The code lists as each migration froze them (kefu-enums.c holds the
 * live lists; a test checks they agree). */
#define CHANNELS "'phone','wechat','app','walk_in','patrol'"
#define KINDS "'repair','complaint','inquiry','suggestion','praise','assistance'"
#define SUBTYPES "'plumbing_electrical','elevator','doors_windows','common_facilities','fire'," \
                 "'environment','security','noise','fees','service','other'"
#define STATUSES "'new','dispatched','accepted','on_site','resolved','closed','on_hold','reopened','cancelled'"
#define ROLES "'agent','dispatcher','supervisor','trainer','manager','admin'"
#define EVENTS "'created','status','note','call','assign','verify','followup','link','sla','escalation','ack','edit'"
#define MODULES "'etiquette','communication','digital_tools','engineering','law','emergency'," \
                "'team_management','data_analysis','value_added'"
#define QTYPES "'single_choice','multiple_choice','true_false','short_answer','case_analysis'"

/* Version 1: the desk — places, people, users, teams, tickets. */
static const char migration_1[] =
  "CREATE TABLE estates ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  city TEXT,"
  "  address TEXT,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE buildings ("
  "  id INTEGER PRIMARY KEY,"
  "  estate_id INTEGER NOT NULL REFERENCES estates(id),"
  "  name TEXT NOT NULL,"
  "  floors INTEGER,"
  "  UNIQUE (estate_id, name));"
  "CREATE TABLE units ("
  "  id INTEGER PRIMARY KEY,"
  "  building_id INTEGER NOT NULL REFERENCES buildings(id),"
  "  name TEXT NOT NULL,"
  "  floor INTEGER,"
  "  area_m2 REAL,"
  "  UNIQUE (building_id, name));"
  "CREATE TABLE common_areas ("
  "  id INTEGER PRIMARY KEY,"
  "  estate_id INTEGER NOT NULL REFERENCES estates(id),"
  "  building_id INTEGER REFERENCES buildings(id),"
  "  name TEXT NOT NULL);"
  "CREATE TABLE owners ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  phone TEXT,"
  "  preferred_channel TEXT CHECK (preferred_channel IN (" CHANNELS ")),"
  "  note TEXT,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX owners_phone ON owners(phone);"
  "CREATE TABLE owner_units ("
  "  owner_id INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,"
  "  unit_id INTEGER NOT NULL REFERENCES units(id),"
  "  relation TEXT NOT NULL DEFAULT 'owner' CHECK (relation IN ('owner','tenant','family')),"
  "  PRIMARY KEY (owner_id, unit_id));"
  "CREATE INDEX owner_units_unit ON owner_units(unit_id);"
  "CREATE TABLE owner_tags ("
  "  owner_id INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,"
  "  tag TEXT NOT NULL,"
  "  PRIMARY KEY (owner_id, tag));"
  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  login TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN (" ROLES ")),"
  "  title TEXT,"
  "  pin_hash TEXT,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE teams ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  subtypes TEXT NOT NULL DEFAULT '',"
  "  is_contractor INTEGER NOT NULL DEFAULT 0,"
  "  suspended INTEGER NOT NULL DEFAULT 0,"
  "  suspended_reason TEXT);"
  "CREATE TABLE technicians ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  phone TEXT,"
  "  team_id INTEGER NOT NULL REFERENCES teams(id),"
  "  skills TEXT NOT NULL DEFAULT '',"
  "  active INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX technicians_team ON technicians(team_id);"
  "CREATE TABLE tickets ("
  "  id INTEGER PRIMARY KEY,"
  "  number TEXT NOT NULL UNIQUE,"
  "  channel TEXT NOT NULL CHECK (channel IN (" CHANNELS ")),"
  "  kind TEXT NOT NULL CHECK (kind IN (" KINDS ")),"
  "  subtype TEXT CHECK (subtype IN (" SUBTYPES ")),"
  "  level INTEGER NOT NULL DEFAULT 3 CHECK (level BETWEEN 1 AND 3),"
  "  estate_id INTEGER REFERENCES estates(id),"
  "  building_id INTEGER REFERENCES buildings(id),"
  "  unit_id INTEGER REFERENCES units(id),"
  "  location TEXT NOT NULL,"
  "  owner_id INTEGER REFERENCES owners(id),"
  "  contact_name TEXT,"
  "  contact_phone TEXT,"
  "  description TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'new' CHECK (status IN (" STATUSES ")),"
  "  agent_id INTEGER REFERENCES users(id),"
  "  team_id INTEGER REFERENCES teams(id),"
  "  technician_id INTEGER REFERENCES technicians(id),"
  "  created_by INTEGER REFERENCES users(id),"
  "  created_at INTEGER NOT NULL,"
  "  first_response_at INTEGER,"
  "  dispatched_at INTEGER,"
  "  accepted_at INTEGER,"
  "  arrived_at INTEGER,"
  "  resolved_at INTEGER,"
  "  closed_at INTEGER,"
  "  cancelled_at INTEGER,"
  "  hold_reason TEXT,"
  "  cancel_reason TEXT,"
  "  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),"
  "  followup_comment TEXT,"
  "  followed_up_at INTEGER,"
  "  reopen_count INTEGER NOT NULL DEFAULT 0,"
  "  flagged INTEGER NOT NULL DEFAULT 0,"
  "  verified_by INTEGER REFERENCES users(id),"
  "  verified_at INTEGER,"
  "  linked_to INTEGER REFERENCES tickets(id),"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX tickets_created ON tickets(created_at);"
  "CREATE INDEX tickets_status ON tickets(status, created_at);"
  "CREATE INDEX tickets_owner ON tickets(owner_id, created_at);"
  "CREATE INDEX tickets_unit ON tickets(unit_id, created_at);"
  "CREATE INDEX tickets_agent ON tickets(agent_id, created_at);"
  "CREATE TABLE ticket_events ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  user_id INTEGER REFERENCES users(id),"
  "  kind TEXT NOT NULL CHECK (kind IN (" EVENTS ")),"
  "  from_status TEXT,"
  "  to_status TEXT,"
  "  body TEXT);"
  "CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, at);"
  "CREATE TABLE ticket_attachments ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  mime_type TEXT,"
  "  data BLOB NOT NULL,"
  "  user_id INTEGER REFERENCES users(id),"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  user_id INTEGER REFERENCES users(id),"
  "  action TEXT NOT NULL,"
  "  subject_table TEXT,"
  "  subject_id INTEGER,"
  "  detail TEXT);"
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT);";

/* Version 2: service levels and dispatch — calendars, SLA policies,
 * shifts, rules, and each ticket's due moments. */
static const char migration_2[] =
  "CREATE TABLE calendars ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  around_the_clock INTEGER NOT NULL DEFAULT 0,"
  "  hours TEXT NOT NULL DEFAULT 'Mon-Fri 09:00-18:00');"
  "CREATE TABLE calendar_days ("
  "  calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,"
  "  date TEXT NOT NULL,"
  "  is_off_day INTEGER NOT NULL,"
  "  name TEXT,"
  "  PRIMARY KEY (calendar_id, date));"
  "CREATE TABLE sla_policies ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  estate_id INTEGER REFERENCES estates(id),"
  "  kind TEXT CHECK (kind IN (" KINDS ")),"
  "  level INTEGER CHECK (level BETWEEN 1 AND 3),"
  "  channel TEXT CHECK (channel IN (" CHANNELS ")),"
  "  response_min INTEGER,"
  "  onsite_min INTEGER,"
  "  resolution_min INTEGER,"
  "  update_interval_min INTEGER,"
  "  followup_min INTEGER,"
  "  calendar_id INTEGER REFERENCES calendars(id),"
  "  warn_percent INTEGER NOT NULL DEFAULT 80,"
  "  escalate_percent INTEGER NOT NULL DEFAULT 150,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL);"
  "ALTER TABLE tickets ADD COLUMN sla_policy_id INTEGER REFERENCES sla_policies(id);"
  "ALTER TABLE tickets ADD COLUMN response_due_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN onsite_due_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN resolution_due_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN followup_due_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN next_due_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN paused_seconds INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN on_hold_since INTEGER;"
  "ALTER TABLE tickets ADD COLUMN appointment_at INTEGER;"
  "CREATE INDEX tickets_next_due ON tickets(next_due_at) WHERE next_due_at IS NOT NULL;"
  "CREATE TABLE sla_notifications ("
  "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
  "  clock TEXT NOT NULL CHECK (clock IN ('response','onsite','resolution','update','followup')),"
  "  threshold TEXT NOT NULL CHECK (threshold IN ('warning','breach','escalation')),"
  "  notified_at INTEGER NOT NULL,"
  "  acknowledged_by INTEGER REFERENCES users(id),"
  "  acknowledged_at INTEGER,"
  "  PRIMARY KEY (ticket_id, clock, threshold));"
  "CREATE TABLE technician_buildings ("
  "  technician_id INTEGER NOT NULL REFERENCES technicians(id) ON DELETE CASCADE,"
  "  building_id INTEGER NOT NULL REFERENCES buildings(id),"
  "  PRIMARY KEY (technician_id, building_id));"
  "CREATE TABLE shifts ("
  "  id INTEGER PRIMARY KEY,"
  "  technician_id INTEGER NOT NULL REFERENCES technicians(id) ON DELETE CASCADE,"
  "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),"
  "  start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),"
  "  end_min INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440));"
  "CREATE TABLE shift_exceptions ("
  "  id INTEGER PRIMARY KEY,"
  "  technician_id INTEGER NOT NULL REFERENCES technicians(id) ON DELETE CASCADE,"
  "  date TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('leave','extra')),"
  "  start_min INTEGER,"
  "  end_min INTEGER,"
  "  note TEXT);"
  "CREATE TABLE dispatch_rules ("
  "  id INTEGER PRIMARY KEY,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  kind TEXT, subtype TEXT, level INTEGER, building_id INTEGER REFERENCES buildings(id),"
  "  channel TEXT, from_min INTEGER, to_min INTEGER,"
  "  team_id INTEGER NOT NULL REFERENCES teams(id),"
  "  active INTEGER NOT NULL DEFAULT 1);";

/* Version 3: training and assessment. */
static const char migration_3[] =
  "CREATE TABLE courses ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  layer TEXT NOT NULL CHECK (layer IN ('basic','professional','management')),"
  "  module TEXT NOT NULL CHECK (module IN (" MODULES ")),"
  "  hours REAL,"
  "  description TEXT);"
  "CREATE TABLE question_banks ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  created_by INTEGER REFERENCES users(id),"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE questions ("
  "  id INTEGER PRIMARY KEY,"
  "  bank_id INTEGER NOT NULL REFERENCES question_banks(id),"
  "  module TEXT CHECK (module IN (" MODULES ")),"
  "  type TEXT NOT NULL CHECK (type IN (" QTYPES ")),"
  "  title TEXT,"
  "  stem TEXT NOT NULL,"
  "  options TEXT,"
  "  answer TEXT NOT NULL,"
  "  explanation TEXT,"
  "  points REAL NOT NULL DEFAULT 1,"
  "  difficulty INTEGER NOT NULL DEFAULT 3 CHECK (difficulty BETWEEN 1 AND 5),"
  "  tags TEXT,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  supersedes INTEGER REFERENCES questions(id),"
  "  retired INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX questions_bank ON questions(bank_id, module);"
  "CREATE TABLE exams ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  pass_mark REAL NOT NULL DEFAULT 80,"
  "  time_limit_min INTEGER,"
  "  attempts_allowed INTEGER NOT NULL DEFAULT 1,"
  "  shuffle_questions INTEGER NOT NULL DEFAULT 1,"
  "  shuffle_options INTEGER NOT NULL DEFAULT 1,"
  "  scoring TEXT NOT NULL DEFAULT 'partial' CHECK (scoring IN ('partial','all_or_nothing')),"
  "  review TEXT NOT NULL DEFAULT 'score_and_answers',"
  "  created_by INTEGER REFERENCES users(id),"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE exam_items ("
  "  exam_id INTEGER NOT NULL REFERENCES exams(id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  question_id INTEGER REFERENCES questions(id),"
  "  draw_module TEXT, draw_count INTEGER, draw_min_difficulty INTEGER,"
  "  PRIMARY KEY (exam_id, position));"
  "CREATE TABLE attempts ("
  "  id INTEGER PRIMARY KEY,"
  "  exam_id INTEGER NOT NULL REFERENCES exams(id),"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  state TEXT NOT NULL DEFAULT 'in_progress' CHECK (state IN ('in_progress','submitted','graded')),"
  "  seed INTEGER NOT NULL DEFAULT 0,"
  "  started_at INTEGER NOT NULL,"
  "  deadline_at INTEGER,"
  "  submitted_at INTEGER,"
  "  score REAL, max_score REAL, passed INTEGER);"
  "CREATE INDEX attempts_user ON attempts(user_id, started_at);"
  "CREATE TABLE attempt_answers ("
  "  attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  question_id INTEGER NOT NULL REFERENCES questions(id),"
  "  answer TEXT, score REAL, correct INTEGER,"
  "  flagged INTEGER NOT NULL DEFAULT 0,"
  "  answered_at INTEGER,"
  "  PRIMARY KEY (attempt_id, position));"
  "CREATE TABLE practice_queue ("
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  question_id INTEGER NOT NULL REFERENCES questions(id),"
  "  box INTEGER NOT NULL DEFAULT 1,"
  "  due_at INTEGER NOT NULL,"
  "  PRIMARY KEY (user_id, question_id));"
  "CREATE TABLE assessments ("
  "  id INTEGER PRIMARY KEY,"
  "  scenario TEXT NOT NULL,"
  "  trainee_id INTEGER NOT NULL REFERENCES users(id),"
  "  held_at INTEGER NOT NULL,"
  "  pass_mark REAL NOT NULL DEFAULT 85,"
  "  created_by INTEGER REFERENCES users(id));"
  "CREATE TABLE assessment_criteria ("
  "  id INTEGER PRIMARY KEY,"
  "  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  weight REAL NOT NULL);"
  "CREATE TABLE assessment_scores ("
  "  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,"
  "  criterion_id INTEGER NOT NULL REFERENCES assessment_criteria(id) ON DELETE CASCADE,"
  "  rater_id INTEGER NOT NULL REFERENCES users(id),"
  "  rater_role TEXT NOT NULL,"
  "  score REAL NOT NULL CHECK (score BETWEEN 0 AND 100),"
  "  PRIMARY KEY (assessment_id, criterion_id, rater_id));"
  "CREATE TABLE enrolments ("
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  course_id INTEGER NOT NULL REFERENCES courses(id),"
  "  tier TEXT NOT NULL CHECK (tier IN ('new_hire','in_post','supervisor')),"
  "  started_at INTEGER NOT NULL,"
  "  completed_at INTEGER,"
  "  PRIMARY KEY (user_id, course_id));"
  "CREATE TABLE training_evaluations ("
  "  id INTEGER PRIMARY KEY,"
  "  course_id INTEGER REFERENCES courses(id),"
  "  user_id INTEGER REFERENCES users(id),"
  "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),"
  "  at INTEGER NOT NULL,"
  "  score REAL,"
  "  data TEXT);";

/* Version 4: the search index. The body holds bigram tokens computed by
 * Kefu (kefu-search.c), so plain unicode61 FTS5 serves Chinese; the store
 * fills it after migrating. */
static const char migration_4[] =
  "CREATE VIRTUAL TABLE ticket_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 0');"
  "CREATE INDEX tickets_linked ON tickets(linked_to) WHERE linked_to IS NOT NULL;"
  "ALTER TABLE tickets ADD COLUMN held_from TEXT;"
  "CREATE INDEX tickets_number_day ON tickets(substr(number, 1, 10));"
  "INSERT INTO settings (key, value) VALUES ('search_index_stale', '1') "
  "  ON CONFLICT (key) DO UPDATE SET value = '1';";

/* Version 5: the default service levels of the domain, shipped with every
 * database (kept if the center already has its own). Targets are minutes;
 * the most specific policy for a ticket's kind, level and channel wins. */
static const char migration_5[] =
  "INSERT INTO calendars (name, around_the_clock, hours) "
  "  SELECT '全天候', 1, 'Mon-Sun 00:00-24:00' WHERE NOT EXISTS (SELECT 1 FROM calendars WHERE name = '全天候');"
  "INSERT INTO calendars (name, around_the_clock, hours) "
  "  SELECT '工作日', 0, 'Mon-Fri 08:30-12:00,13:30-18:00' WHERE NOT EXISTS (SELECT 1 FROM calendars WHERE name = '工作日');"
  "INSERT INTO sla_policies (name, kind, level, channel, response_min, onsite_min, resolution_min, "
  "                          update_interval_min, followup_min, calendar_id, created_at) "
  "  SELECT column1, column2, column3, column4, column5, column6, column7, column8, column9, "
  "         (SELECT id FROM calendars WHERE name = '全天候'), CAST(strftime('%s', 'now') AS INTEGER) "
  "  FROM (VALUES"
  "    ('一级响应（火灾、人员伤亡）', NULL, 1, NULL, 1, 5, 240, 10, 1440),"
  "    ('二级响应（电梯困人、大面积停水）', NULL, 2, NULL, 5, 15, 480, 10, 1440),"
  "    ('三级响应（一般报修）', NULL, 3, NULL, 15, 120, 1440, NULL, 1440),"
  "    ('投诉处理', 'complaint', 3, NULL, 15, NULL, 2880, NULL, 1440),"
  "    ('微信留言', NULL, 3, 'wechat', 30, 120, 1440, NULL, 1440),"
  "    ('APP留言', NULL, 3, 'app', 15, 120, 1440, NULL, 1440))"
  "  WHERE NOT EXISTS (SELECT 1 FROM sla_policies);"
  "CREATE INDEX tickets_policy ON tickets(sla_policy_id);"
  "ALTER TABLE tickets ADD COLUMN next_alert_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN next_warn_at INTEGER;"
  "CREATE INDEX tickets_next_alert ON tickets(next_alert_at) WHERE next_alert_at IS NOT NULL;";

/* v6: the progress-update clock (level 1 and 2: the owner hears how it goes
 * every few minutes until it is resolved); its due moment is kept like the others */
static const char migration_6[] =
  "ALTER TABLE tickets ADD COLUMN update_due_at INTEGER;";

/* v7: the dispatch board — a card's place in its technician's lane, the
 * board's moves (so the last one can be undone), contractors' monthly
 * scores, and indexes for open jobs per technician and this week's finishes. */
static const char migration_7[] =
  "ALTER TABLE tickets ADD COLUMN board_position INTEGER;"
  "CREATE INDEX tickets_technician ON tickets(technician_id, status) WHERE technician_id IS NOT NULL;"
  "CREATE INDEX tickets_resolved ON tickets(resolved_at) WHERE resolved_at IS NOT NULL;"
  "CREATE INDEX dispatch_rules_position ON dispatch_rules(position);"
  "CREATE INDEX shift_exceptions_date ON shift_exceptions(date, technician_id);"
  "CREATE TABLE dispatch_moves ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  user_id INTEGER REFERENCES users(id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('assign','reorder')),"
  "  from_team_id INTEGER REFERENCES teams(id),"
  "  from_technician_id INTEGER REFERENCES technicians(id),"
  "  from_status TEXT,"
  "  from_dispatched_at INTEGER,"
  "  from_accepted_at INTEGER,"
  "  from_first_response_at INTEGER,"
  "  to_team_id INTEGER REFERENCES teams(id),"
  "  to_technician_id INTEGER REFERENCES technicians(id),"
  "  to_status TEXT,"
  "  positions TEXT NOT NULL DEFAULT '',"
  "  undone_at INTEGER);"
  "CREATE INDEX dispatch_moves_user ON dispatch_moves(user_id, id);"
  "CREATE TABLE contractor_scores ("
  "  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,"
  "  month TEXT NOT NULL,"
  "  jobs INTEGER NOT NULL,"
  "  response_minutes REAL,"
  "  rework_rate REAL,"
  "  satisfaction REAL,"
  "  score INTEGER,"
  "  computed_at INTEGER NOT NULL,"
  "  PRIMARY KEY (team_id, month));";

/* v8: training — question versions and categories, option weights and
 * feedback (GIFT's ~%50% and #feedback), draw rules by bank, category,
 * type and difficulty range, the seed of a paper's printed versions, the
 * shown order of each answer's options, trainers' grading of written
 * answers, and the re-practice queue's history. */
static const char migration_8[] =
  "ALTER TABLE questions ADD COLUMN family_id INTEGER REFERENCES questions(id);"
  "ALTER TABLE questions ADD COLUMN category TEXT;"
  "ALTER TABLE questions ADD COLUMN option_weights TEXT;"
  "ALTER TABLE questions ADD COLUMN option_feedback TEXT;"
  "UPDATE questions SET family_id = id WHERE family_id IS NULL;"
  "CREATE INDEX questions_family ON questions(family_id, version);"
  "ALTER TABLE exams ADD COLUMN paper_seed INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE exam_items ADD COLUMN draw_bank_id INTEGER REFERENCES question_banks(id);"
  "ALTER TABLE exam_items ADD COLUMN draw_category TEXT;"
  "ALTER TABLE exam_items ADD COLUMN draw_type TEXT CHECK (draw_type IN (" QTYPES "));"
  "ALTER TABLE exam_items ADD COLUMN draw_max_difficulty INTEGER;"
  "ALTER TABLE attempts ADD COLUMN paper_version TEXT;"
  "ALTER TABLE attempts ADD COLUMN graded_at INTEGER;"
  "CREATE INDEX attempts_exam ON attempts(exam_id, state);"
  "ALTER TABLE attempt_answers ADD COLUMN option_order TEXT;"
  "ALTER TABLE attempt_answers ADD COLUMN max_score REAL;"
  "ALTER TABLE attempt_answers ADD COLUMN graded_by INTEGER REFERENCES users(id);"
  "ALTER TABLE attempt_answers ADD COLUMN comment TEXT;"
  "UPDATE attempt_answers SET max_score = (SELECT points FROM questions WHERE id = question_id);"
  "CREATE INDEX attempt_answers_question ON attempt_answers(question_id);"
  "ALTER TABLE practice_queue ADD COLUMN added_at INTEGER;"
  "ALTER TABLE practice_queue ADD COLUMN reviewed_at INTEGER;"
  "CREATE INDEX practice_queue_due ON practice_queue(user_id, due_at);"
  "ALTER TABLE assessment_scores ADD COLUMN scored_at INTEGER;";

/* v9: the dashboard's daily roll-up. Derived data, rebuilt from tickets
 * whenever it is missing or stale (kefu-kpi-rollup.c): one row per local
 * day of creation with the sums behind every KPI, breakdowns per day, the
 * tickets that stayed open past their day (for the backlog at a past
 * moment), and the days whose rows must be recomputed. Triggers only mark
 * days; the KPI functions recompute them before reading. Three indexes
 * serve what cannot be summed per day: the P90's probe, a complaint's
 * repeats from the same unit, and the tickets open now. */
#define KPI_MARK_REPEATS(ROW) \
  "  INSERT OR IGNORE INTO kpi_dirty (utc_day) SELECT p.created_at / 86400 FROM tickets p " \
  "    WHERE " ROW ".kind = 'complaint' AND p.unit_id = " ROW ".unit_id AND p.kind = 'complaint' " \
  "    AND p.subtype IS " ROW ".subtype AND p.created_at >= " ROW ".created_at - 30 * 86400 " \
  "    AND p.created_at <= " ROW ".created_at;"
#define KPI_COLUMNS \
  "created_at, channel, kind, subtype, level, building_id, unit_id, status, agent_id, first_response_at, " \
  "resolved_at, closed_at, cancelled_at, satisfaction, followed_up_at, reopen_count, sla_policy_id, " \
  "response_due_at, resolution_due_at"
#define KPI_MARK_POLICY_DAYS \
  "  INSERT OR IGNORE INTO kpi_dirty (utc_day) SELECT day / 86400 FROM kpi_daily WHERE policy_dependent > 0;"
static const char migration_9[] =
  "CREATE TABLE kpi_daily ("
  "  day INTEGER PRIMARY KEY,"
  "  day_end INTEGER NOT NULL,"
  "  tickets INTEGER NOT NULL,"
  "  responded INTEGER NOT NULL,"
  "  response_seconds INTEGER NOT NULL,"
  "  response_met INTEGER NOT NULL,"
  "  response_judged INTEGER NOT NULL,"
  "  response_waiting INTEGER NOT NULL,"
  "  response_waiting_first INTEGER,"
  "  response_waiting_last INTEGER,"
  "  resolution_met INTEGER NOT NULL,"
  "  resolution_judged INTEGER NOT NULL,"
  "  resolution_waiting INTEGER NOT NULL,"
  "  resolution_waiting_first INTEGER,"
  "  resolution_waiting_last INTEGER,"
  "  complaints INTEGER NOT NULL,"
  "  complaints_closed INTEGER NOT NULL,"
  "  complaints_repeated INTEGER NOT NULL,"
  "  resolved INTEGER NOT NULL,"
  "  resolved_first_time INTEGER NOT NULL,"
  "  followed_up INTEGER NOT NULL,"
  "  ratings INTEGER NOT NULL,"
  "  rating_sum INTEGER NOT NULL,"
  "  satisfied INTEGER NOT NULL,"
  "  policy_dependent INTEGER NOT NULL,"
  "  ended_last INTEGER,"
  "  response_minutes TEXT NOT NULL DEFAULT '{}');"
  "CREATE TABLE kpi_daily_by ("
  "  dim TEXT NOT NULL CHECK (dim IN ('kind','channel','level','building','subtype','hour')),"
  "  day INTEGER NOT NULL,"
  "  key,"
  "  tickets INTEGER NOT NULL);"
  "CREATE INDEX kpi_daily_by_dim ON kpi_daily_by(dim, day, key, tickets);"
  "CREATE TABLE kpi_daily_complaints ("
  "  day INTEGER NOT NULL,"
  "  building_id INTEGER NOT NULL,"
  "  subtype TEXT,"
  "  tickets INTEGER NOT NULL);"
  "CREATE INDEX kpi_daily_complaints_day ON kpi_daily_complaints(day);"
  "CREATE TABLE kpi_daily_agents ("
  "  day INTEGER NOT NULL,"
  "  agent_id INTEGER NOT NULL,"
  "  tickets INTEGER NOT NULL,"
  "  responded INTEGER NOT NULL,"
  "  response_seconds INTEGER NOT NULL,"
  "  ratings INTEGER NOT NULL,"
  "  rating_sum INTEGER NOT NULL,"
  "  PRIMARY KEY (day, agent_id)) WITHOUT ROWID;"
  "CREATE TABLE kpi_carry ("
  "  day INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  ended_at INTEGER NOT NULL);"
  "CREATE INDEX kpi_carry_day ON kpi_carry(day);"
  "CREATE TABLE kpi_dirty ("
  "  utc_day INTEGER PRIMARY KEY);"
  "CREATE INDEX tickets_response_time ON tickets(first_response_at - created_at, created_at) "
  "  WHERE first_response_at IS NOT NULL;"
  "CREATE INDEX tickets_complaints ON tickets(unit_id, subtype, created_at) WHERE kind = 'complaint';"
  "CREATE INDEX tickets_unended ON tickets(created_at) "
  "  WHERE resolved_at IS NULL AND cancelled_at IS NULL AND closed_at IS NULL;"
  "CREATE TRIGGER kpi_ticket_insert AFTER INSERT ON tickets BEGIN"
  "  INSERT OR IGNORE INTO kpi_dirty (utc_day) VALUES (NEW.created_at / 86400);"
  " END;"
  "CREATE TRIGGER kpi_ticket_delete AFTER DELETE ON tickets BEGIN"
  "  INSERT OR IGNORE INTO kpi_dirty (utc_day) VALUES (OLD.created_at / 86400);"
  " END;"
  "CREATE TRIGGER kpi_ticket_update AFTER UPDATE OF " KPI_COLUMNS " ON tickets "
  "WHEN OLD.created_at IS NOT NEW.created_at OR OLD.channel IS NOT NEW.channel OR OLD.kind IS NOT NEW.kind "
  "  OR OLD.subtype IS NOT NEW.subtype OR OLD.level IS NOT NEW.level OR OLD.building_id IS NOT NEW.building_id "
  "  OR OLD.unit_id IS NOT NEW.unit_id OR OLD.status IS NOT NEW.status OR OLD.agent_id IS NOT NEW.agent_id "
  "  OR OLD.first_response_at IS NOT NEW.first_response_at OR OLD.resolved_at IS NOT NEW.resolved_at "
  "  OR OLD.closed_at IS NOT NEW.closed_at OR OLD.cancelled_at IS NOT NEW.cancelled_at "
  "  OR OLD.satisfaction IS NOT NEW.satisfaction OR OLD.followed_up_at IS NOT NEW.followed_up_at "
  "  OR OLD.reopen_count IS NOT NEW.reopen_count OR OLD.sla_policy_id IS NOT NEW.sla_policy_id "
  "  OR OLD.response_due_at IS NOT NEW.response_due_at OR OLD.resolution_due_at IS NOT NEW.resolution_due_at "
  "BEGIN"
  "  INSERT OR IGNORE INTO kpi_dirty (utc_day) VALUES (OLD.created_at / 86400), (NEW.created_at / 86400);"
  " END;"
  /* a complaint that comes, goes or moves (another unit, sub-type, kind or
   * time) changes whether the complaints before it count as repeated */
  "CREATE TRIGGER kpi_complaint_insert AFTER INSERT ON tickets "
  "WHEN NEW.kind = 'complaint' AND NEW.unit_id IS NOT NULL BEGIN" KPI_MARK_REPEATS ("NEW") " END;"
  "CREATE TRIGGER kpi_complaint_delete AFTER DELETE ON tickets "
  "WHEN OLD.kind = 'complaint' AND OLD.unit_id IS NOT NULL BEGIN" KPI_MARK_REPEATS ("OLD") " END;"
  "CREATE TRIGGER kpi_complaint_update AFTER UPDATE OF kind, unit_id, subtype, created_at ON tickets "
  "WHEN (OLD.kind = 'complaint' OR NEW.kind = 'complaint') AND (OLD.kind IS NOT NEW.kind "
  "  OR OLD.unit_id IS NOT NEW.unit_id OR OLD.subtype IS NOT NEW.subtype OR OLD.created_at IS NOT NEW.created_at) "
  "BEGIN" KPI_MARK_REPEATS ("OLD") KPI_MARK_REPEATS ("NEW") " END;"
  /* tickets without stored due moments are judged by today's policies */
  "CREATE TRIGGER kpi_policy_insert AFTER INSERT ON sla_policies BEGIN" KPI_MARK_POLICY_DAYS " END;"
  "CREATE TRIGGER kpi_policy_delete AFTER DELETE ON sla_policies BEGIN" KPI_MARK_POLICY_DAYS " END;"
  "CREATE TRIGGER kpi_policy_update AFTER UPDATE OF active, kind, level, channel, response_min, resolution_min "
  "  ON sla_policies BEGIN" KPI_MARK_POLICY_DAYS " END;";

/* v10: people and teams — a technician's other teams (technicians.team_id
 * stays the primary one: their lane on the board), and the leave and extra
 * shift of a swap (调班) linked as one: both carry swap_id, the id of the
 * swap's first row. */
static const char migration_10[] =
  "CREATE TABLE technician_teams ("
  "  technician_id INTEGER NOT NULL REFERENCES technicians(id) ON DELETE CASCADE,"
  "  team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,"
  "  PRIMARY KEY (technician_id, team_id)) WITHOUT ROWID;"
  "CREATE INDEX technician_teams_team ON technician_teams(team_id);"
  "ALTER TABLE shift_exceptions ADD COLUMN swap_id INTEGER;"
  "CREATE INDEX shift_exceptions_swap ON shift_exceptions(swap_id) WHERE swap_id IS NOT NULL;";

/* v11: search results in creation order. A search's hits are sorted by
 * creation time; this small covering index (id, created_at) answers that
 * for each hit without reading its row from the large tickets table: 30,000
 * hits at a million tickets sort in about 30 ms instead of 100 ms or more. */
static const char migration_11[] =
  "CREATE INDEX tickets_id_created ON tickets(id, created_at);";

/* v12: the length of the window agreed with the owner (预约时段) after
 * appointment_at, in minutes; empty = one hour. */
static const char migration_12[] =
  "ALTER TABLE tickets ADD COLUMN appointment_minutes INTEGER CHECK (appointment_minutes > 0);";

/* v13 (sign-in): what a PIN sign-in keeps beside users.pin_hash (an argon2id
 * string, never the PIN): wrong tries in a row and the moment a lock after
 * too many ends, when the PIN was last set, and the hash of an
 * administrator's one-time recovery code. */
static const char migration_13[] =
  "ALTER TABLE users ADD COLUMN failed_tries INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE users ADD COLUMN locked_until INTEGER;"
  "ALTER TABLE users ADD COLUMN pin_set_at INTEGER;"
  "ALTER TABLE users ADD COLUMN recovery_hash TEXT;";
/* v14: privacy and a tamper-evident audit log. Each audit entry carries
 * the SHA-256 chain hash of the entry before it and its own content
 * (kefu-audit.c; the entries already there are hashed here, in id order,
 * through the connection's kefu_audit_hash()). Triggers refuse to change
 * or remove audit entries and timeline events; the exceptions are an
 * owner's erasure while it runs, which rewrites the notes that name them,
 * and a sample load that did not finish, whose rows are taken out again.
 * owner_erasures records each request by ids only. */
static const char migration_14[] =
  "ALTER TABLE audit_log ADD COLUMN hash TEXT;"
  "CREATE TEMP TABLE audit_seal AS "
  "  WITH RECURSIVE chain (id, hash) AS ("
  "    SELECT id, kefu_audit_hash(NULL, id, at, user_id, action, subject_table, subject_id, detail) "
  "      FROM audit_log WHERE id = (SELECT min(id) FROM audit_log) "
  "    UNION ALL "
  "    SELECT a.id, kefu_audit_hash(c.hash, a.id, a.at, a.user_id, a.action, a.subject_table, a.subject_id, a.detail) "
  "      FROM chain c JOIN audit_log a ON a.id = (SELECT min(id) FROM audit_log WHERE id > c.id)) "
  "  SELECT id, hash FROM chain;"
  "UPDATE audit_log SET hash = (SELECT s.hash FROM temp.audit_seal s WHERE s.id = audit_log.id);"
  "DROP TABLE temp.audit_seal;"
  "CREATE TABLE owner_erasures ("
  "  id INTEGER PRIMARY KEY,"
  "  owner_id INTEGER NOT NULL REFERENCES owners(id),"
  "  requested_at INTEGER NOT NULL,"
  "  requested_by INTEGER REFERENCES users(id),"
  "  state TEXT NOT NULL CHECK (state IN ('requested','running','done')),"
  "  completed_at INTEGER);"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN"
  "  SELECT RAISE(ABORT, 'audit_log is append-only: its entries cannot be changed');"
  " END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN"
  "  SELECT RAISE(ABORT, 'audit_log is append-only: its entries cannot be removed');"
  " END;"
  "CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events "
  "WHEN NOT EXISTS (SELECT 1 FROM owner_erasures WHERE state = 'running') BEGIN"
  "  SELECT RAISE(ABORT, 'ticket_events is append-only: the timeline cannot be changed');"
  " END;"
  "CREATE TRIGGER ticket_events_no_delete BEFORE DELETE ON ticket_events "
  "WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'demo_loading') BEGIN"
  "  SELECT RAISE(ABORT, 'ticket_events is append-only: the timeline cannot be removed');"
  " END;";

/* v15: owners' names in pinyin, whole and initials ("zhanghaitao", "zht"),
 * so intake finds 张海涛 by either (kefu-pinyin.c; the connection's
 * kefu_pinyin() fills the owners already there). */
static const char migration_15[] =
  "ALTER TABLE owners ADD COLUMN name_pinyin TEXT;"
  "ALTER TABLE owners ADD COLUMN name_initials TEXT;"
  "UPDATE owners SET name_pinyin = kefu_pinyin(name, 0), name_initials = kefu_pinyin(name, 1);";

/* v16: every follow-up call is kept (a second one no longer overwrites the
 * first rating; tickets.satisfaction stays the final one), with the tries
 * that did not reach the owner: the next try is scheduled, and after three
 * the ticket is closed as unreachable, counted apart in the follow-up rate
 * (kpi_daily.unreachable). Resolving records the work done and the
 * materials used. */
static const char migration_16[] =
  "CREATE TABLE followups ("
  "  id INTEGER PRIMARY KEY,"
  "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  user_id INTEGER REFERENCES users(id),"
  "  reached INTEGER NOT NULL CHECK (reached IN (0, 1)),"
  "  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),"
  "  solved INTEGER CHECK (solved IN (0, 1)),"
  "  CHECK ((reached = 1) = (satisfaction IS NOT NULL)));"
  "CREATE INDEX followups_ticket ON followups(ticket_id, at);"
  "INSERT INTO followups (ticket_id, at, reached, satisfaction) "
  "  SELECT id, coalesce(followed_up_at, updated_at, created_at), 1, satisfaction FROM tickets "
  "  WHERE satisfaction BETWEEN 1 AND 5;"
  "ALTER TABLE tickets ADD COLUMN followup_tries INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN followup_retry_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN unreachable INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tickets ADD COLUMN work_done TEXT;"
  "ALTER TABLE tickets ADD COLUMN materials TEXT;"
  "ALTER TABLE kpi_daily ADD COLUMN unreachable INTEGER NOT NULL DEFAULT 0;";

/* v17: cohorts and staff groups (kefu-cohort.c). A cohort is one run of a
 * course for a group of people, with dates; its members replace the
 * enrolments table, whose key (user, course) forbade taking a course
 * again: each old enrolment becomes the membership of a cohort made per
 * course and start (ending at the last completion, a day at least), and
 * enrolments stays as a view over them. Staff groups (班组) are groups of
 * desk staff kept by a trainer or supervisor (not technicians' teams).
 * Sessions carry hours and attendance; the reaction survey keeps the four
 * 1–5 answers; the ledger the costs and savings behind a training's ROI. */
static const char migration_17[] =
  "CREATE TABLE staff_groups ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  leader_id INTEGER REFERENCES users(id),"
  "  created_by INTEGER REFERENCES users(id),"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE staff_group_members ("
  "  group_id INTEGER NOT NULL REFERENCES staff_groups(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  PRIMARY KEY (group_id, user_id));"
  "CREATE INDEX staff_group_members_user ON staff_group_members(user_id);"
  "CREATE TABLE cohorts ("
  "  id INTEGER PRIMARY KEY,"
  "  course_id INTEGER NOT NULL REFERENCES courses(id),"
  "  name TEXT NOT NULL,"
  "  starts_at INTEGER NOT NULL,"
  "  ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),"
  "  group_id INTEGER REFERENCES staff_groups(id),"
  "  trainer_id INTEGER REFERENCES users(id),"
  "  exam_id INTEGER REFERENCES exams(id),"
  "  created_by INTEGER REFERENCES users(id),"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX cohorts_course ON cohorts(course_id, starts_at);"
  "CREATE TABLE cohort_members ("
  "  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  tier TEXT NOT NULL CHECK (tier IN ('new_hire','in_post','supervisor')),"
  "  completed_at INTEGER,"
  "  PRIMARY KEY (cohort_id, user_id));"
  "CREATE INDEX cohort_members_user ON cohort_members(user_id);"
  "CREATE TABLE cohort_sessions ("
  "  id INTEGER PRIMARY KEY,"
  "  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
  "  starts_at INTEGER NOT NULL,"
  "  hours REAL NOT NULL CHECK (hours > 0),"
  "  topic TEXT,"
  "  trainer_id INTEGER REFERENCES users(id),"
  "  place TEXT);"
  "CREATE INDEX cohort_sessions_cohort ON cohort_sessions(cohort_id, starts_at);"
  "CREATE TABLE session_attendance ("
  "  session_id INTEGER NOT NULL REFERENCES cohort_sessions(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  present INTEGER NOT NULL CHECK (present IN (0, 1)),"
  "  PRIMARY KEY (session_id, user_id));"
  "CREATE TABLE cohort_surveys ("
  "  id INTEGER PRIMARY KEY,"
  "  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
  "  user_id INTEGER REFERENCES users(id),"
  "  usefulness INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),"
  "  trainer INTEGER NOT NULL CHECK (trainer BETWEEN 1 AND 5),"
  "  format INTEGER NOT NULL CHECK (format BETWEEN 1 AND 5),"
  "  organisation INTEGER NOT NULL CHECK (organisation BETWEEN 1 AND 5),"
  "  comment TEXT,"
  "  at INTEGER NOT NULL,"
  "  keyed_by INTEGER REFERENCES users(id),"
  "  UNIQUE (cohort_id, user_id));"
  "CREATE TABLE cohort_ledger ("
  "  id INTEGER PRIMARY KEY,"
  "  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('cost','saving')),"
  "  item TEXT NOT NULL,"
  "  amount REAL NOT NULL CHECK (amount >= 0),"
  "  entered_by INTEGER REFERENCES users(id),"
  "  entered_at INTEGER NOT NULL);"
  "INSERT INTO cohorts (course_id, name, starts_at, ends_at, created_at) "
  "  SELECT e.course_id, c.name || ' ' || date(e.started_at, 'unixepoch', 'localtime'), e.started_at, "
  "         max(e.started_at + 86400, coalesce(max(e.completed_at), 0)), e.started_at "
  "  FROM enrolments e JOIN courses c ON c.id = e.course_id "
  "  GROUP BY e.course_id, e.started_at ORDER BY e.started_at, e.course_id;"
  "INSERT INTO cohort_members (cohort_id, user_id, tier, completed_at) "
  "  SELECT co.id, e.user_id, e.tier, e.completed_at "
  "  FROM enrolments e JOIN cohorts co ON co.course_id = e.course_id AND co.starts_at = e.started_at;"
  "DROP TABLE enrolments;"
  "CREATE VIEW enrolments AS "
  "  SELECT m.user_id, c.course_id, m.tier, c.starts_at AS started_at, m.completed_at, m.cohort_id "
  "  FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id;";

/* v18: training II. A written answer (简答题) becomes its own question type,
 * graded by hand against a rubric like a case analysis; the type lists of
 * questions and draw rules gain it (the CHECK is widened in place: adding
 * a value breaks no row; the CREATE INDEX after it bumps the schema
 * cookie). Questions that came from 简答题 rows as short answers move to
 * it: a short answer with one accepted answer that reads as a sentence
 * (over 15 characters, or with ，。；) and no blank in its stem.
 * Categories map to course modules by a table the trainer edits. Papers
 * are drafts until published, assigned to people with an opening and a
 * closing moment, and may give points per question type; papers from
 * before stay published and open to everyone. */
static const char migration_18[] =
  "PRAGMA writable_schema = ON;"
  "UPDATE sqlite_schema SET sql = replace(sql, '''short_answer'',''case_analysis''', "
  "  '''short_answer'',''case_analysis'',''written''') "
  "  WHERE type = 'table' AND name IN ('questions', 'exam_items');"
  "PRAGMA writable_schema = RESET;"
  "UPDATE questions SET type = 'written', option_weights = NULL, option_feedback = NULL "
  "  WHERE type = 'short_answer' AND instr(answer, char(10)) = 0 "
  "  AND instr(stem, '__') = 0 AND instr(stem, '（ ）') = 0 AND instr(stem, '（）') = 0 "
  "  AND instr(stem, '( )') = 0 AND instr(stem, '()') = 0 "
  "  AND (length(answer) > 15 OR instr(answer, '，') > 0 OR instr(answer, '。') > 0 OR instr(answer, '；') > 0);"
  "CREATE TABLE training_module_aliases ("
  "  category TEXT PRIMARY KEY,"
  "  module TEXT NOT NULL CHECK (module IN (" MODULES ")));"
  "INSERT INTO training_module_aliases (category, module) VALUES "
  "  ('法律法规', 'law'), ('法规', 'law'), ('物业法规', 'law'), ('礼仪', 'etiquette'), ('服务规范', 'etiquette'),"
  "  ('沟通', 'communication'), ('客户沟通', 'communication'), ('投诉处理', 'communication'),"
  "  ('工程', 'engineering'), ('工程维修', 'engineering'), ('设备设施', 'engineering'),"
  "  ('应急', 'emergency'), ('安全应急', 'emergency'), ('应急预案', 'emergency'),"
  "  ('信息化', 'digital_tools'), ('系统操作', 'digital_tools');"
  "ALTER TABLE exams ADD COLUMN state TEXT NOT NULL DEFAULT 'published' "
  "  CHECK (state IN ('draft','published','withdrawn'));"
  "ALTER TABLE exams ADD COLUMN open_to_all INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE exams ADD COLUMN published_at INTEGER;"
  "ALTER TABLE exams ADD COLUMN type_points TEXT;"
  "CREATE TABLE exam_assignments ("
  "  exam_id INTEGER NOT NULL REFERENCES exams(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  opens_at INTEGER NOT NULL,"
  "  closes_at INTEGER NOT NULL CHECK (closes_at > opens_at),"
  "  assigned_by INTEGER REFERENCES users(id),"
  "  assigned_at INTEGER NOT NULL,"
  "  PRIMARY KEY (exam_id, user_id));"
  "CREATE INDEX exam_assignments_user ON exam_assignments(user_id, closes_at);";

/* v19: the urgent levels' own steps. Level 1's emergency plan (启动预案)
 * is started from the ticket (plan_started_at: it is the response); a level
 * 2 incident has a review report (复盘报告) due within 24 hours, filed in
 * incident_reviews, with its due moment kept like the other clocks'. */
static const char migration_19[] =
  "ALTER TABLE tickets ADD COLUMN plan_started_at INTEGER;"
  "ALTER TABLE tickets ADD COLUMN review_due_at INTEGER;"
  "CREATE TABLE incident_reviews ("
  "  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,"
  "  filed_at INTEGER NOT NULL,"
  "  filed_by INTEGER REFERENCES users(id),"
  "  cause TEXT NOT NULL,"
  "  actions TEXT NOT NULL,"
  "  prevention TEXT NOT NULL);"
  /* the review report's clock is told like the others' */
  "CREATE TABLE sla_notifications_v19 ("
  "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
  "  clock TEXT NOT NULL CHECK (clock IN ('response','onsite','resolution','update','followup','review')),"
  "  threshold TEXT NOT NULL CHECK (threshold IN ('warning','breach','escalation')),"
  "  notified_at INTEGER NOT NULL,"
  "  acknowledged_by INTEGER REFERENCES users(id),"
  "  acknowledged_at INTEGER,"
  "  PRIMARY KEY (ticket_id, clock, threshold));"
  "INSERT INTO sla_notifications_v19 SELECT ticket_id, clock, threshold, notified_at, acknowledged_by, acknowledged_at "
  "  FROM sla_notifications;"
  "DROP TABLE sla_notifications;"
  "ALTER TABLE sla_notifications_v19 RENAME TO sla_notifications;"
  /* a level 1 or 2 breach is told at every desk: who was shown which */
  "CREATE TABLE sla_seen ("
  "  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,"
  "  clock TEXT NOT NULL,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  seen_at INTEGER NOT NULL,"
  "  PRIMARY KEY (ticket_id, clock, user_id));";

/* v20: people development (src/core/people/). Where each score of the
 * capability radar comes from: a training module's item scores, one of the
 * dashboard's KPIs over the person's own tickets, a practical assessment's
 * criterion, or the person's exam results; each source feeds one of the six
 * families with a weight, and trainers edit the table. The appraisal's
 * grade thresholds (percent) are settings. SMART goals: one KPI of the
 * dashboard, its baseline measured when the goal is set (over the window
 * kept with it), a target in the KPI's own unit and a deadline. 360°
 * reviews: a round per person and period; the self and supervisors'
 * scores by name; the peers asked and whether each answered, and the
 * peers' scores only as totals per item, so no row says who gave what.
 * The case library (案例库): cases with type and risk grade, linked to
 * questions and courses; a case drawn from a ticket keeps no link to it. */
#define REVIEW_ITEMS "'results','team_management','communication','emergency','service_quality'"
#define CAPABILITY_FAMILIES "'technical','management','communication','problem_solving','learning','professionalism'"
static const char migration_20[] =
  "CREATE TABLE capability_sources ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('module','kpi','practical','exams')),"
  "  key TEXT NOT NULL,"
  "  family TEXT NOT NULL CHECK (family IN (" CAPABILITY_FAMILIES ")),"
  "  weight REAL NOT NULL DEFAULT 1 CHECK (weight > 0 AND weight <= 100),"
  "  UNIQUE (kind, key));"
  "INSERT INTO capability_sources (kind, key, family) VALUES "
  "  ('module', 'engineering', 'technical'), ('module', 'digital_tools', 'technical'),"
  "  ('module', 'team_management', 'management'), ('module', 'data_analysis', 'management'),"
  "  ('module', 'value_added', 'management'),"
  "  ('module', 'etiquette', 'communication'), ('module', 'communication', 'communication'),"
  "  ('kpi', 'satisfaction', 'communication'), ('practical', '沟通有效性', 'communication'),"
  "  ('module', 'emergency', 'problem_solving'), ('kpi', 'first_contact_resolution_rate', 'problem_solving'),"
  "  ('practical', '问题解决效率', 'problem_solving'),"
  "  ('exams', 'mean_score', 'learning'), ('exams', 'pass_rate', 'learning'),"
  "  ('module', 'law', 'professionalism'), ('kpi', 'on_time_response_rate', 'professionalism'),"
  "  ('kpi', 'follow_up_rate', 'professionalism'), ('practical', '流程规范性', 'professionalism');"
  "INSERT OR IGNORE INTO settings (key, value) VALUES "
  "  ('appraisal_excellent_min', '95'), ('appraisal_good_min', '90'), ('appraisal_fair_min', '85'),"
  "  ('appraisal_needs_improvement_below', '80');"
  "CREATE TABLE people_goals ("
  "  id INTEGER PRIMARY KEY,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  kpi TEXT NOT NULL,"
  "  baseline REAL,"
  "  baseline_from INTEGER NOT NULL,"
  "  baseline_to INTEGER NOT NULL,"
  "  target REAL NOT NULL,"
  "  start_at INTEGER NOT NULL,"
  "  deadline INTEGER NOT NULL,"
  "  note TEXT,"
  "  created_by INTEGER REFERENCES users(id),"
  "  created_at INTEGER NOT NULL,"
  "  CHECK (deadline > start_at));"
  "CREATE INDEX people_goals_user ON people_goals(user_id, deadline);"
  "CREATE TABLE review_rounds ("
  "  id INTEGER PRIMARY KEY,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  period_from INTEGER NOT NULL,"
  "  period_to INTEGER NOT NULL,"
  "  created_by INTEGER REFERENCES users(id),"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE review_scores ("
  "  round_id INTEGER NOT NULL REFERENCES review_rounds(id) ON DELETE CASCADE,"
  "  rater_id INTEGER NOT NULL REFERENCES users(id),"
  "  rater_kind TEXT NOT NULL CHECK (rater_kind IN ('self','supervisor')),"
  "  item TEXT NOT NULL CHECK (item IN (" REVIEW_ITEMS ")),"
  "  score REAL NOT NULL CHECK (score BETWEEN 0 AND 100),"
  "  PRIMARY KEY (round_id, rater_id, item)) WITHOUT ROWID;"
  "CREATE TABLE review_peers ("
  "  round_id INTEGER NOT NULL REFERENCES review_rounds(id) ON DELETE CASCADE,"
  "  peer_id INTEGER NOT NULL REFERENCES users(id),"
  "  answered INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (round_id, peer_id)) WITHOUT ROWID;"
  "CREATE TABLE review_peer_totals ("
  "  round_id INTEGER NOT NULL REFERENCES review_rounds(id) ON DELETE CASCADE,"
  "  item TEXT NOT NULL CHECK (item IN (" REVIEW_ITEMS ")),"
  "  total REAL NOT NULL,"
  "  answers INTEGER NOT NULL,"
  "  PRIMARY KEY (round_id, item)) WITHOUT ROWID;"
  "CREATE TABLE cases ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT NOT NULL,"
  "  type TEXT NOT NULL CHECK (type IN ('public_opinion','legal','operational','service')),"
  "  risk TEXT NOT NULL CHECK (risk IN ('red','yellow','blue')),"
  "  kind TEXT,"
  "  subtype TEXT,"
  "  happened TEXT NOT NULL,"
  "  handling TEXT,"
  "  result TEXT,"
  "  lessons TEXT,"
  "  created_by INTEGER REFERENCES users(id),"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE case_links ("
  "  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,"
  "  question_id INTEGER REFERENCES questions(id),"
  "  course_id INTEGER REFERENCES courses(id),"
  "  CHECK ((question_id IS NULL) <> (course_id IS NULL)));"
  "CREATE INDEX case_links_case ON case_links(case_id);";

/* v21: training II, looking after what was made. An attempt can be voided
 * by a trainer (state 'voided', with who, when and why): it no longer
 * counts, not even against the attempts allowed; the state CHECK is
 * widened in place as v18 did. Every change of a recorded score is kept
 * (score_changes): a trainer's corrected grade, or a re-mark after a key
 * was corrected (key_corrections: which question, the old and new key,
 * who, when, why). A make-up paper (补考) names the paper it makes up for. */
static const char migration_21[] =
  "PRAGMA writable_schema = ON;"
  "UPDATE sqlite_schema SET sql = replace(sql, '''in_progress'',''submitted'',''graded''', "
  "  '''in_progress'',''submitted'',''graded'',''voided''') "
  "  WHERE type = 'table' AND name = 'attempts';"
  "PRAGMA writable_schema = RESET;"
  "ALTER TABLE attempts ADD COLUMN voided_at INTEGER;"
  "ALTER TABLE attempts ADD COLUMN voided_by INTEGER REFERENCES users(id);"
  "ALTER TABLE attempts ADD COLUMN void_reason TEXT;"
  "ALTER TABLE exams ADD COLUMN makeup_of INTEGER REFERENCES exams(id);"
  "CREATE TABLE key_corrections ("
  "  id INTEGER PRIMARY KEY,"
  "  question_id INTEGER NOT NULL REFERENCES questions(id),"
  "  old_key TEXT NOT NULL,"
  "  new_key TEXT NOT NULL,"
  "  reason TEXT NOT NULL,"
  "  corrected_by INTEGER REFERENCES users(id),"
  "  corrected_at INTEGER NOT NULL,"
  "  n_attempts INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE score_changes ("
  "  id INTEGER PRIMARY KEY,"
  "  attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('regrade','key')),"
  "  old_score REAL,"
  "  new_score REAL NOT NULL,"
  "  old_attempt_score REAL,"
  "  new_attempt_score REAL,"
  "  correction_id INTEGER REFERENCES key_corrections(id),"
  "  reason TEXT,"
  "  changed_by INTEGER REFERENCES users(id),"
  "  changed_at INTEGER NOT NULL);"
  "CREATE INDEX score_changes_attempt ON score_changes(attempt_id, id);";

/* The CHECK constraints of the tables a bulk load writes (tickets and
 * their events from ?1 and ?2 on; owners, their units and users whole),
 * as one query that counts the rows breaking any. A bulk load skips them
 * row by row (PRAGMA ignore_check_constraints: SQLite builds a temporary
 * b-tree for each IN list of each row, half the cost of an INSERT) and
 * runs this once instead, before its commit. CHECK passes on NULL, hence
 * the coalesce. A migration that changes one of these CHECKs changes this
 * too (test-store's /core/store/bulk-check-matches-schema). */
static const char bulk_check[] =
  "SELECT (SELECT count(*) FROM tickets WHERE id >= ?1 AND NOT ("
  "    coalesce(channel IN (" CHANNELS "), 1) AND coalesce(kind IN (" KINDS "), 1)"
  "    AND coalesce(subtype IN (" SUBTYPES "), 1) AND coalesce(level BETWEEN 1 AND 3, 1)"
  "    AND coalesce(status IN (" STATUSES "), 1) AND coalesce(satisfaction BETWEEN 1 AND 5, 1)"
  "    AND coalesce(appointment_minutes > 0, 1)))"
  " + (SELECT count(*) FROM ticket_events WHERE id >= ?2 AND NOT coalesce(kind IN (" EVENTS "), 1))"
  " + (SELECT count(*) FROM owners WHERE NOT coalesce(preferred_channel IN (" CHANNELS "), 1))"
  " + (SELECT count(*) FROM owner_units WHERE NOT coalesce(relation IN ('owner','tenant','family'), 1))"
  " + (SELECT count(*) FROM users WHERE NOT coalesce(role IN (" ROLES "), 1))";

/* v22: the cohort's follow-up and the supervisor's observations
 * (kefu-cohort-plan.c). The 1-, 3- and 6-month checkpoints are computed
 * from the cohort's end, so they exist by themselves; a row here records
 * that one was done, by whom and with what note. The weekly observation
 * form of the three months after a course: a trainee's standard-phrase use
 * (percent of the calls listened to), handling time and cooperation (1–5),
 * one form per trainee and week 1–13. */
static const char migration_22[] =
  "CREATE TABLE cohort_checkpoints ("
  "  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
  "  months INTEGER NOT NULL CHECK (months IN (1, 3, 6)),"
  "  done_at INTEGER NOT NULL,"
  "  done_by INTEGER REFERENCES users(id),"
  "  note TEXT,"
  "  PRIMARY KEY (cohort_id, months));"
  "CREATE TABLE cohort_observations ("
  "  id INTEGER PRIMARY KEY,"
  "  cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  week INTEGER NOT NULL CHECK (week BETWEEN 1 AND 13),"
  "  phrase_rate REAL NOT NULL CHECK (phrase_rate BETWEEN 0 AND 100),"
  "  handling_min REAL CHECK (handling_min >= 0),"
  "  cooperation INTEGER NOT NULL CHECK (cooperation BETWEEN 1 AND 5),"
  "  note TEXT,"
  "  observer_id INTEGER REFERENCES users(id),"
  "  at INTEGER NOT NULL,"
  "  UNIQUE (cohort_id, user_id, week));"
  "CREATE INDEX cohort_observations_user ON cohort_observations(user_id);";

/* v23: the views an agent saves for themselves (kefu-user-views.c): a
 * built-in view narrowed by a search and the list's filters, under a name
 * unique for that user. The building, team and agent are kept by id with
 * the name they had, and without a foreign key: a view whose building is
 * deleted still opens and says what it left out. Names are compared
 * letter case aside by kefu-user-views.c (no COLLATE NOCASE: the
 * PostgreSQL baseline has no such collation). */
static const char migration_23[] =
  "CREATE TABLE user_views ("
  "  id INTEGER PRIMARY KEY,"
  "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),"
  "  base TEXT NOT NULL DEFAULT 'all',"
  "  search TEXT,"
  "  status TEXT,"
  "  kind TEXT,"
  "  channel TEXT,"
  "  level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 3),"
  "  building_id INTEGER,"
  "  building_name TEXT,"
  "  team_id INTEGER,"
  "  team_name TEXT,"
  "  agent_id INTEGER,"
  "  agent_name TEXT,"
  "  from_day INTEGER,"
  "  to_day INTEGER,"
  "  sort TEXT,"
  "  ascending INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  UNIQUE (user_id, name));";

/* v24: certificates (kefu-certificate.c): issued to a cohort's trainee who
 * passed its exam (≥ 80 %) and practical (≥ 85), for the trainee's tier,
 * valid from issued_at until expires_at. A new hire without a valid one has
 * urgent tickets checked by a certified agent (kefu-desk-lifecycle.c). */
static const char migration_24[] =
  "CREATE TABLE certificates ("
  "  id INTEGER PRIMARY KEY,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  tier TEXT NOT NULL CHECK (tier IN ('new_hire','in_post','supervisor')),"
  "  cohort_id INTEGER REFERENCES cohorts(id) ON DELETE SET NULL,"
  "  exam_percent REAL,"
  "  practical_score REAL,"
  "  issued_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL CHECK (expires_at > issued_at),"
  "  issued_by INTEGER REFERENCES users(id));"
  "CREATE INDEX certificates_user ON certificates(user_id, expires_at);";

/* v25: paper answer sheets keyed in (kefu_attempt_key_in_sheet): who keyed
 * a sheet and when. The attempt's started_at and submitted_at are the
 * sitting's moment the trainer entered, not the keying's. Papers assigned
 * to a staff group (kefu_exam_assign_group): the group's assignment, and
 * each member's own row carrying the group it came from; the notices a
 * trainee was given at sign-in (a new paper, a deadline within a day),
 * each once. */
static const char migration_25[] =
  "ALTER TABLE attempts ADD COLUMN keyed_at INTEGER;"
  "ALTER TABLE attempts ADD COLUMN keyed_by INTEGER REFERENCES users(id);"
  "CREATE TABLE exam_group_assignments ("
  "  exam_id INTEGER NOT NULL REFERENCES exams(id) ON DELETE CASCADE,"
  "  group_id INTEGER NOT NULL REFERENCES staff_groups(id) ON DELETE CASCADE,"
  "  opens_at INTEGER NOT NULL,"
  "  closes_at INTEGER NOT NULL CHECK (closes_at > opens_at),"
  "  assigned_by INTEGER REFERENCES users(id),"
  "  assigned_at INTEGER NOT NULL,"
  "  PRIMARY KEY (exam_id, group_id));"
  "ALTER TABLE exam_assignments ADD COLUMN group_id INTEGER REFERENCES staff_groups(id) ON DELETE SET NULL;"
  "CREATE TABLE exam_notices ("
  "  exam_id INTEGER NOT NULL REFERENCES exams(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  kind TEXT NOT NULL CHECK (kind IN ('new','deadline')),"
  "  told_at INTEGER NOT NULL,"
  "  PRIMARY KEY (exam_id, user_id, kind));";

/* v26: a practical assessment's panel (kefu-assessment.c): staff raters
 * (users) and named external raters (an owner representative, not a
 * user) whose scores the trainer enters and vouches for; every score's
 * change (old, new, who, when, why); the decisions that settle a spread
 * above 15 points; and a scenario's own weighted criteria (summing to
 * 100). */
static const char migration_26[] =
  "CREATE TABLE assessment_panel ("
  "  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  added_by INTEGER REFERENCES users(id),"
  "  added_at INTEGER NOT NULL,"
  "  PRIMARY KEY (assessment_id, user_id));"
  "CREATE TABLE assessment_external_raters ("
  "  id INTEGER PRIMARY KEY,"
  "  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
  "  role TEXT NOT NULL CHECK (length(trim(role)) > 0),"
  "  added_by INTEGER REFERENCES users(id),"
  "  added_at INTEGER NOT NULL,"
  "  UNIQUE (assessment_id, name));"
  "CREATE TABLE assessment_external_scores ("
  "  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,"
  "  criterion_id INTEGER NOT NULL REFERENCES assessment_criteria(id) ON DELETE CASCADE,"
  "  external_id INTEGER NOT NULL REFERENCES assessment_external_raters(id) ON DELETE CASCADE,"
  "  score REAL NOT NULL CHECK (score BETWEEN 0 AND 100),"
  "  entered_by INTEGER NOT NULL REFERENCES users(id),"
  "  scored_at INTEGER NOT NULL,"
  "  PRIMARY KEY (criterion_id, external_id));"
  "CREATE TABLE assessment_score_history ("
  "  id INTEGER PRIMARY KEY,"
  "  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,"
  "  criterion_id INTEGER NOT NULL REFERENCES assessment_criteria(id) ON DELETE CASCADE,"
  "  rater_id INTEGER REFERENCES users(id),"
  "  external_id INTEGER REFERENCES assessment_external_raters(id) ON DELETE CASCADE,"
  "  old_score REAL,"
  "  new_score REAL NOT NULL,"
  "  changed_by INTEGER REFERENCES users(id),"
  "  changed_at INTEGER NOT NULL,"
  "  reason TEXT,"
  "  CHECK ((rater_id IS NULL) <> (external_id IS NULL)));"
  "CREATE INDEX assessment_score_history_of ON assessment_score_history(assessment_id, id);"
  "CREATE TABLE assessment_decisions ("
  "  id INTEGER PRIMARY KEY,"
  "  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,"
  "  score REAL NOT NULL CHECK (score BETWEEN 0 AND 100),"
  "  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),"
  "  decided_by INTEGER NOT NULL REFERENCES users(id),"
  "  decided_at INTEGER NOT NULL,"
  "  last_change INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE scenario_criteria ("
  "  scenario TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  weight REAL NOT NULL CHECK (weight > 0),"
  "  defined_by INTEGER REFERENCES users(id),"
  "  defined_at INTEGER NOT NULL,"
  "  PRIMARY KEY (scenario, position));";

const char *
kefu_schema_bulk_check_sql (void)
{
  return bulk_check;
}

/* v27: nothing on a file. On a server (#20) the SQLite triggers in
 * PL/pgSQL (kefu-server-27.sql): a server migration and its file
 * twin share one number, so both engines stay at one version. */
static const char migration_27[] = "";

/* v28: many desks on one file (#20). A ticket's row version, raised by
 * every UPDATE that does not set it (the nested UPDATE touches only
 * `version`, so the KPI triggers, which watch other columns, do not run
 * twice): a desk's change names the version its user saw and a stale one
 * is refused (kefu-ticket-seen.c). And store_changes, one row per topic
 * whose counter every commit that changed the topic's tables raises: a
 * KefuStoreWatch on another connection (another process, another desk
 * on the same file) reads these few rows when PRAGMA data_version says
 * something was committed, and tells its listeners which topics changed
 * (kefu-store-watch.c). The server's twin, kefu-server-28.sql, has NOTIFY instead. */
#define CHANGE_TRIGGERS(table, topic, row) \
  "CREATE TRIGGER " table "_changed_insert AFTER INSERT ON " table " BEGIN" \
  " UPDATE store_changes SET seq = seq + 1, last_id = new." row " WHERE topic = '" topic "'; END;" \
  "CREATE TRIGGER " table "_changed_delete AFTER DELETE ON " table " BEGIN" \
  " UPDATE store_changes SET seq = seq + 1, last_id = old." row " WHERE topic = '" topic "'; END;"
#define CHANGE_UPDATE_TRIGGER(table, topic, row) \
  "CREATE TRIGGER " table "_changed_update AFTER UPDATE ON " table " BEGIN" \
  " UPDATE store_changes SET seq = seq + 1, last_id = new." row " WHERE topic = '" topic "'; END;"
static const char migration_28[] =
  "ALTER TABLE tickets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
  "CREATE TRIGGER tickets_version AFTER UPDATE ON tickets WHEN new.version = old.version BEGIN"
  "  UPDATE tickets SET version = old.version + 1 WHERE id = new.id; END;"
  "CREATE TABLE store_changes ("
  "  topic TEXT PRIMARY KEY CHECK (topic IN ('tickets','board','people')),"
  "  seq INTEGER NOT NULL DEFAULT 0,"
  "  last_id INTEGER);"
  "INSERT INTO store_changes (topic) VALUES ('tickets'), ('board'), ('people');"
  CHANGE_TRIGGERS ("tickets", "tickets", "id")
  /* every UPDATE of a ticket raises its version once: that nested UPDATE
   * is the one counted */
  "CREATE TRIGGER tickets_changed_update AFTER UPDATE OF version ON tickets BEGIN"
  " UPDATE store_changes SET seq = seq + 1, last_id = new.id WHERE topic = 'tickets'; END;"
  CHANGE_TRIGGERS ("technicians", "board", "id")
  CHANGE_UPDATE_TRIGGER ("technicians", "board", "id")
  CHANGE_TRIGGERS ("shifts", "board", "technician_id")
  CHANGE_UPDATE_TRIGGER ("shifts", "board", "technician_id")
  CHANGE_TRIGGERS ("shift_exceptions", "board", "technician_id")
  CHANGE_UPDATE_TRIGGER ("shift_exceptions", "board", "technician_id")
  CHANGE_TRIGGERS ("users", "people", "id")
  CHANGE_UPDATE_TRIGGER ("users", "people", "id");

/* v29: kefu-cli's sessions (#21). A signed-in `kefu-cli --as LOGIN signin`
 * keeps a random token in the OS user's runtime folder; the file keeps only
 * its BLAKE2b hash, with the user, the OS user's uid, the user's role then,
 * and an expiry of minutes (kefu-session.c). A later read-only command shows
 * the token instead of the PIN: one look-up by the hash's index. */
static const char migration_29[] =
  "CREATE TABLE cli_sessions ("
  "  id INTEGER PRIMARY KEY,"
  "  token_hash TEXT NOT NULL UNIQUE,"
  "  user_id INTEGER NOT NULL REFERENCES users(id),"
  "  os_uid INTEGER NOT NULL,"
  "  role TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL);"
  "CREATE INDEX cli_sessions_user ON cli_sessions(user_id);";

/* v30: nothing on a file. On a server (kefu-server-30.sql) each day's
 * ticket numbers come from a counter row, since desks there save at once
 * and see only their estates' tickets (#20); a file has one writer, and
 * max(number) + 1 in its transaction stays right (kefu-desk-lifecycle.c). */
static const char migration_30[] = "";

/* v31: a lost reply never saves a ticket twice (#20). The desk that
 * starts an intake gives it a random key of its own (a UUID) and sends it
 * with every try of the save; a try whose key a ticket already has gets
 * that ticket back instead of a second one (kefu_desk_create_ticket_keyed(),
 * kefu-desk-lifecycle.c). NULL for every ticket saved without one (older
 * desks, imports, the demo): only the keyed ones are indexed. The same
 * column and index on a server (kefu-server-31.sql). */
static const char migration_31[] =
  "ALTER TABLE tickets ADD COLUMN client_key TEXT;"
  "CREATE UNIQUE INDEX tickets_client_key ON tickets(client_key) WHERE client_key IS NOT NULL;";

/* v32: nothing on a file. On a server (kefu-server-32.sql) the training
 * categories' course modules that migration 18 gave every file (a
 * server's baseline has the table without its rows), and the search index
 * rebuilt where it was built from masked phones. */
static const char migration_32[] = "";

/* v33: a number given to another branch of this session (#20), which
 * needed none: nothing, on either engine. */
static const char migration_33[] = "";

/* v34: nothing on a file. On a server (kefu-server-34.sql) a search's
 * first page in creation order is one function, the page itself (#20);
 * a file steps the same statement and stops at the page. */
static const char migration_34[] = "";

/* v35: what an administrator, a trainer or a supervisor changes besides
 * tickets, the board and the people list is news for the other desks too
 * (#20; the same on a server, kefu-server-35.sql): a person's goals raise
 * the "people" counter; the center's settings (appraisal thresholds,
 * intake words…), the SLA policies, the calendars and their days, and the
 * radar's capability sources raise a new "settings" one (no row id: a
 * key or a pair). store_changes is made anew for its CHECK, its counters
 * kept. */
#define SETTINGS_TRIGGERS(table) \
  "CREATE TRIGGER " table "_changed_insert AFTER INSERT ON " table " BEGIN" \
  " UPDATE store_changes SET seq = seq + 1, last_id = NULL WHERE topic = 'settings'; END;" \
  "CREATE TRIGGER " table "_changed_update AFTER UPDATE ON " table " BEGIN" \
  " UPDATE store_changes SET seq = seq + 1, last_id = NULL WHERE topic = 'settings'; END;" \
  "CREATE TRIGGER " table "_changed_delete AFTER DELETE ON " table " BEGIN" \
  " UPDATE store_changes SET seq = seq + 1, last_id = NULL WHERE topic = 'settings'; END;"
/* the settings table's own: not for the search's order mark (migration
 * 37), which a new ticket moves and no desk shows */
#define SETTINGS_KEY_TRIGGERS \
  "CREATE TRIGGER settings_changed_insert AFTER INSERT ON settings WHEN NEW.key <> 'tickets_in_order_to' BEGIN" \
  " UPDATE store_changes SET seq = seq + 1, last_id = NULL WHERE topic = 'settings'; END;" \
  "CREATE TRIGGER settings_changed_update AFTER UPDATE ON settings WHEN NEW.key <> 'tickets_in_order_to' BEGIN" \
  " UPDATE store_changes SET seq = seq + 1, last_id = NULL WHERE topic = 'settings'; END;" \
  "CREATE TRIGGER settings_changed_delete AFTER DELETE ON settings WHEN OLD.key <> 'tickets_in_order_to' BEGIN" \
  " UPDATE store_changes SET seq = seq + 1, last_id = NULL WHERE topic = 'settings'; END;"
static const char migration_35[] =
  "CREATE TEMP TABLE store_changes_34 AS SELECT topic, seq, last_id FROM store_changes;"
  "DROP TABLE store_changes;"
  "CREATE TABLE store_changes ("
  "  topic TEXT PRIMARY KEY CHECK (topic IN ('tickets','board','people','settings')),"
  "  seq INTEGER NOT NULL DEFAULT 0,"
  "  last_id INTEGER);"
  "INSERT INTO store_changes (topic, seq, last_id) SELECT topic, seq, last_id FROM store_changes_34;"
  "DROP TABLE temp.store_changes_34;"
  "INSERT INTO store_changes (topic) VALUES ('settings');"
  CHANGE_TRIGGERS ("people_goals", "people", "user_id")
  CHANGE_UPDATE_TRIGGER ("people_goals", "people", "user_id")
  SETTINGS_KEY_TRIGGERS
  SETTINGS_TRIGGERS ("sla_policies")
  SETTINGS_TRIGGERS ("calendars")
  SETTINGS_TRIGGERS ("calendar_days")
  SETTINGS_TRIGGERS ("capability_sources");

/* v36: nothing on a file (the desk draws a paper and writes a peer's
 * totals itself there). On a server (kefu-server-36.sql) the server
 * draws a paper's questions (kefu_draw_paper()) and adds a peer's 360°
 * answer (kefu_review_peer_answer()): a trainee or a peer no longer
 * writes those rows (#20). */
static const char migration_36[] = "";

/* v37: a kept proof that tickets are in creation order (#21), so a
 * search's whole result in creation order is its hits in id order (the
 * bigram index gives them so), with no look-up of each hit's creation
 * time, and a search's count is the index's own count.
 *
 * The settings row KEFU_ORDER_MARK holds N: every ticket with id <= N has
 * a creation time no earlier than the ticket with the next smaller id
 * (ties allowed: creation order is created_at, then id), and no ticket
 * with id <= N was ever deleted (so every search row up to N is a
 * ticket's). Tickets are numbered as they are created, so N normally
 * follows the newest ticket. The triggers keep it true row by row: a new
 * ticket in order after the last one raises N to it; one out of order
 * (older tickets imported later, a changed creation time, a deletion)
 * lowers N below it. A bulk load turns triggers off: its end checks its
 * own rows in one query (kefu_schema_order_mark_sql(), kefu-bulk-load.c);
 * an offline copy of a server checks them all at its end. No row, or a
 * server: N is taken as 0, and the search looks each hit up as before. */
#define KEFU_ORDER_MARK "'tickets_in_order_to'"
#define ORDER_N "CAST((SELECT value FROM settings WHERE key = " KEFU_ORDER_MARK ") AS INTEGER)"
#define ORDER_PREV_ID(x) "(SELECT max(id) FROM tickets WHERE id < " x ")"
#define ORDER_PREV_AT(x) "(SELECT created_at FROM tickets WHERE id < " x " ORDER BY id DESC LIMIT 1)"
#define ORDER_NEXT_AT(x) "(SELECT created_at FROM tickets WHERE id > " x " ORDER BY id LIMIT 1)"
/* the first id from ?1 on whose creation time is earlier than the one
 * before it, less one; or the last id when there is none */
#define ORDER_RECOMPUTE(from) \
  "coalesce((SELECT min(id) - 1 FROM (SELECT id, created_at < lag(created_at) OVER (ORDER BY id) AS back " \
  "FROM tickets INDEXED BY tickets_id_created WHERE id >= " from ") WHERE back), " \
  "(SELECT coalesce(max(id), 0) FROM tickets))"
static const char migration_37[] =
  "INSERT OR REPLACE INTO settings (key, value) VALUES (" KEFU_ORDER_MARK ", " ORDER_RECOMPUTE ("0") ");"
  "CREATE TRIGGER tickets_order_insert AFTER INSERT ON tickets BEGIN"
  "  UPDATE settings SET value = CASE"
  "    WHEN NEW.id > CAST(value AS INTEGER) THEN"
  "      CASE WHEN coalesce(" ORDER_PREV_ID ("NEW.id") ", 0) <= CAST(value AS INTEGER)"
  "            AND coalesce(" ORDER_PREV_AT ("NEW.id") ", NEW.created_at) <= NEW.created_at"
  "           THEN NEW.id ELSE value END"
  "    WHEN coalesce(" ORDER_PREV_AT ("NEW.id") ", NEW.created_at) <= NEW.created_at"
  "         AND coalesce(" ORDER_NEXT_AT ("NEW.id") ", NEW.created_at) >= NEW.created_at THEN value"
  "    ELSE NEW.id - 1 END"
  "  WHERE key = " KEFU_ORDER_MARK ";"
  "END;"
  "CREATE TRIGGER tickets_order_update AFTER UPDATE OF id, created_at ON tickets"
  "  WHEN min(OLD.id, NEW.id) <= " ORDER_N " BEGIN"
  "  UPDATE settings SET value = CASE"
  "    WHEN OLD.id <> NEW.id THEN min(OLD.id, NEW.id) - 1"
  "    WHEN coalesce(" ORDER_PREV_AT ("NEW.id") ", NEW.created_at) <= NEW.created_at"
  "         AND coalesce(" ORDER_NEXT_AT ("NEW.id") ", NEW.created_at) >= NEW.created_at THEN value"
  "    ELSE NEW.id - 1 END"
  "  WHERE key = " KEFU_ORDER_MARK ";"
  "END;"
  "CREATE TRIGGER tickets_order_delete AFTER DELETE ON tickets WHEN OLD.id <= " ORDER_N " BEGIN"
  "  UPDATE settings SET value = OLD.id - 1 WHERE key = " KEFU_ORDER_MARK ";"
  "END;";

/* v38: nothing on a file (its creation-time index holds each ticket's id
 * already). On a server (kefu-server-38.sql) a search's first page walks
 * the newest tickets itself while the word is common (#20). */
static const char migration_38[] = "";

/* v39: nothing on a file (a desk checks a paper's window itself). On a
 * server (kefu-server-39.sql) kefu_draw_paper() refuses a paper outside its
 * assignment's window by the server's clock, and the server functions'
 * refusals carry SQLSTATEs a desk translates (#20). */
static const char migration_39[] = "";

/* v40: nothing on a file (its sidebar counts are fast there). On a server
 * (kefu-server-40.sql) the counts' indexes hold what the counts read (#20). */
static const char migration_40[] = "";

/* v41: nothing on a file (one writer at a time). On a server
 * (kefu-server-41.sql) a timeline event's audit entry is written at the
 * commit, so the audit chain's lock is held for the commit only (#20). */
static const char migration_41[] = "";

/* v42: nothing on a file (Kefu's own checks are the only way in). On a
 * server (kefu-server-42.sql) row-level security keeps the training
 * results, practice cards, exam notices and saved views to whom Kefu
 * shows them (#20). */
static const char migration_42[] = "";

/* v43: nothing on a file (the desk's own refusals are translated
 * already). On a server (kefu-server-43.sql) the append-only triggers
 * refuse with SQLSTATEs a desk translates; the server's people, phone and
 * hand-in functions (kefu-server-rights.sql, made again by the upgrade to
 * this version) do the same (#20). */
static const char migration_43[] = "";

/* v44: nothing on a file (its board is within its target). On a server
 * (kefu-server-44.sql) the board's week of finished jobs is read from an
 * index that holds what it reads (#20). */
static const char migration_44[] = "";

/* v45: nothing on a file (its erasure is kefu_owner_erase()'s own). On a
 * server (kefu-server-45.sql) an owner's erasure is a SECURITY DEFINER
 * function, kefu_erase_owner(), the only writer the timeline's append-only
 * trigger lets rewrite a note (#20). */
static const char migration_45[] = "";

/* v46: nothing on a file (a desk checks a role's rights itself). On a
 * server the rights file grants a practical's panel, sheets, decisions
 * and score history to those who train or rate (kefu-server-46.sql). */
static const char migration_46[] = "";

/* v47: nothing on a file (a desk shows each role its own training
 * itself). On a server row-level security bounds the cohorts, their
 * members, sessions, costs and follow-ups, and the exam assignments to
 * whom Kefu shows them (kefu-server-47.sql). */
static const char migration_47[] = "";

/* v48: nothing on a file (its look-ups by row id are cheap: the same index
 * did not speed its board). On a server (kefu-server-48.sql) the board's
 * open jobs are read from an index that holds what the board reads (#20). */
static const char migration_48[] = "";

/* v49: nothing on a file (kefu_owner_erase() commits the request before
 * the erasure already). On a server the request is committed on its own
 * too: kefu_erase_owner_request(), then kefu_erase_owner() of that
 * request (kefu-server-49.sql). */
static const char migration_49[] = "";

/* After rows went in with triggers off, all of them with ids from ?2 on
 * (?1 = ?2 - 1, the last ticket before them): where the mark reached
 * them, it is raised over those in order (else it stays: their ids are
 * above it). */
static const char order_mark_after_load[] =
  "UPDATE settings SET value = " ORDER_RECOMPUTE ("?1")
  " WHERE key = " KEFU_ORDER_MARK " AND CAST(value AS INTEGER) >= ?1";

/* The whole file checked again (after rows copied with triggers off). */
static const char order_mark_all[] =
  "INSERT OR REPLACE INTO settings (key, value) VALUES (" KEFU_ORDER_MARK ", " ORDER_RECOMPUTE ("0") ")";

const char *
kefu_schema_order_mark_sql (gboolean whole)
{
  return whole ? order_mark_all : order_mark_after_load;
}

static const char *const migrations[] = { migration_1, migration_2, migration_3, migration_4, migration_5, migration_6,
                                          migration_7, migration_8, migration_9, migration_10, migration_11,
                                          migration_12, migration_13, migration_14, migration_15, migration_16,
                                          migration_17, migration_18, migration_19,
                                          migration_20, migration_21, migration_22, migration_23, migration_24,
                                          migration_25, migration_26, migration_27, migration_28,
                                          migration_29, migration_30, migration_31, migration_32,
                                          migration_33, migration_34, migration_35, migration_36,
                                          migration_37, migration_38, migration_39, migration_40,
                                          migration_41, migration_42, migration_43,
                                          migration_44, migration_45, migration_46, migration_47,
                                          migration_48, migration_49 };
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == 49);

const char *
kefu_schema_migration (int from_version)
{
  if (from_version < 0 || from_version >= (int) G_N_ELEMENTS (migrations))
    return NULL;
  return migrations[from_version];
}
