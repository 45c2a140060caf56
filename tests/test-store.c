/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c — opening, migrating and checking the database
 *
 * SQLite-specific: the file itself (journal_mode, user_version, a file
 * from a newer Kefu, files that are not databases, integrity checks,
 * migrations of older SQLite files) is read and written through a plain
 * sqlite3 connection, as another tool would. The server's schema and
 * migrations are tested in test-server.c. */
#include "config.h"

#include <sqlite3.h>
#include <unistd.h>

#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-store-private.h"
#include "kefu-test-sqlite.h"
#include "kefu-test-util.h"

static char *
file_contents (const char *path,
               gsize      *len)
{
  char *data = NULL;
  g_assert_true (g_file_get_contents (path, &data, len, NULL));
  return data;
}

static void
test_open_new_file (KefuTestDir   *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "sub", "folder", "kefu.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (kefu_store_get_schema_version (store), ==, KEFU_SCHEMA_VERSION);
  g_assert_true (kefu_store_is_empty (store));

  /* What another tool sees: WAL, the version, the documented tables. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, KEFU_SCHEMA_VERSION);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT number, description, status, created_at FROM tickets", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_open_not_a_database (KefuTestDir   *f,
                          gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "notes.db");
  const char *text = "这不是数据库 — just a text file that happens to end in .db\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = NULL;
  gsize len;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, path));

  after = file_contents (path, &len);
  g_assert_cmpstr (after, ==, text);
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_open_newer_schema (KefuTestDir   *f,
                        gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "future.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len_before, len_after;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = file_contents (path, &len_before);

  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "99"));

  after = file_contents (path, &len_after);
  g_assert_cmpmem (before, len_before, after, len_after);
}

static void
test_open_read_only (KefuTestDir   *f,
                     gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_clear_object (&store);
  if (geteuid () == 0)
    {
      /* root writes through any file mode: use a path nobody can create instead. */
      store = kefu_store_open ("/proc/kefu-cannot-be-here/kefu.db", KEFU_STORE_OPEN_DEFAULT, &error);
      g_assert_null (store);
      g_assert_nonnull (error);
      g_assert_true (error->domain == KEFU_STORE_ERROR);
      return;
    }
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_READ_ONLY);
}

static void
test_open_unwritable_folder (KefuTestDir   *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autofree char *blocker = kefu_test_path (f, "a-file");
  g_autofree char *path = g_build_filename (blocker, "kefu.db", NULL);

  /* The "folder" is a file: nothing can be created below it, even by root. */
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, blocker));
}

/* Another program writing: the file opens and reads at once (no write
 * lock unless a migration is due), and the first save waits its turn; a
 * file that must be migrated first waits, then says it is locked. */
static void
test_open_locked (KefuTestDir   *f,
                  gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *old_path = kefu_test_path (f, "old.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(KefuStore) second = NULL;
  g_autoptr(KefuStore) old = NULL;
  sqlite3 *writer;
  gint64 start;

  g_assert_no_error (error);
  g_assert_true (kefu_store_set_setting (store, "before", "1", &error));
  g_clear_object (&store);
  old = kefu_store_open_at_version (old_path, KEFU_SCHEMA_VERSION - 1, &error);
  g_assert_no_error (error);
  g_clear_object (&old);

  /* Another program holds the write lock and keeps it. */
  g_assert_cmpint (sqlite3_open (path, &writer), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (writer, "BEGIN IMMEDIATE; INSERT INTO settings VALUES ('x', 'y');", NULL, NULL, NULL), ==, SQLITE_OK);

  start = g_get_monotonic_time ();
  second = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);   /* the busy timeout is 5 s */
  {
    g_autofree char *before = kefu_store_get_setting (second, "before");
    g_assert_cmpstr (before, ==, "1");
    g_assert_null (kefu_store_get_setting (second, "x"));
  }
  kefu_store_set_busy_timeout (second, 100);
  g_assert_false (kefu_store_set_setting (second, "mine", "1", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* Once the other program lets go, the save goes through. */
  g_assert_cmpint (sqlite3_exec (writer, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (writer);
  g_assert_true (kefu_store_set_setting (second, "mine", "1", &error));
  g_assert_no_error (error);

  /* A migration takes the write lock: it waits, then reports the lock. */
  g_assert_cmpint (sqlite3_open (old_path, &writer), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (writer, "BEGIN IMMEDIATE; INSERT INTO settings VALUES ('x', 'y');", NULL, NULL, NULL), ==, SQLITE_OK);
  old = kefu_store_open (old_path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_null (old);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, old_path));
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (writer, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (writer);
  old = kefu_store_open (old_path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_store_get_schema_version (old), ==, KEFU_SCHEMA_VERSION);
}

/* A database left at each older version, with data in it, migrates to
 * the newest and keeps that data. */
static void
test_migrate_from (KefuTestDir   *f,
                   gconstpointer  data)
{
  int from = GPOINTER_TO_INT (data);
  g_autofree char *path = kefu_test_path (f, "old.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) old = kefu_store_open_at_version (path, from, &error);
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(KefuUser) user = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (kefu_store_get_schema_version (old), ==, from);
  if (from >= 1)
    g_assert_cmpint (kefu_desk_add_user (old, "chenjing", "陈静", "agent", NULL, &error), >, 0);
  g_assert_no_error (error);
  g_clear_object (&old);

  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_store_get_schema_version (store), ==, KEFU_SCHEMA_VERSION);
  g_assert_true (kefu_store_check (store, report, &error));
  g_assert_no_error (error);
  if (from >= 1)
    {
      user = kefu_desk_find_user (store, "chenjing", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (kefu_user_get_name (user), ==, "陈静");
    }
  /* The newest tables exist. */
  g_assert_cmpint (kefu_store_count_rows (store, "attempt_answers", &error), ==, 0);
  g_assert_cmpint (kefu_store_count_rows (store, "sla_notifications", &error), ==, 0);
  g_assert_cmpint (kefu_store_count_rows (store, "dispatch_moves", &error), ==, 0);
  g_assert_cmpint (kefu_store_count_rows (store, "contractor_scores", &error), ==, 0);
  g_assert_no_error (error);
  /* v8's columns: question versions, draw rules, shown choice order */
  g_assert_cmpint (kefu_test_file_scalar (path, "SELECT count(*) FROM pragma_table_info('questions') "
                                           "WHERE name IN ('family_id', 'category', 'option_weights', 'option_feedback')"), ==, 4);
  g_assert_cmpint (kefu_test_file_scalar (path, "SELECT count(*) FROM pragma_table_info('attempt_answers') "
                                           "WHERE name IN ('option_order', 'max_score', 'graded_by', 'comment')"), ==, 4);
  g_assert_cmpint (kefu_test_file_scalar (path, "SELECT count(*) FROM pragma_table_info('exam_items') "
                                           "WHERE name IN ('draw_bank_id', 'draw_category', 'draw_type', 'draw_max_difficulty')"), ==, 4);
  /* v31's client key, unique where set */
  g_assert_cmpint (kefu_test_file_scalar (path, "SELECT count(*) FROM pragma_table_info('tickets') WHERE name = 'client_key'"), ==, 1);
  g_assert_cmpint (kefu_test_file_scalar (path, "SELECT count(*) FROM pragma_index_list('tickets') "
                                           "WHERE name = 'tickets_client_key' AND \"unique\" AND partial"), ==, 1);
}

/* Every code the program knows is accepted by the schema's CHECKs. */
static void
test_codes_accepted (KefuTestDir   *f,
                     gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  sqlite3 *db;
  guint n;
  const KefuCode *codes;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);

#define TRY(list, fmt) \
  codes = kefu_codes (list, &n); \
  for (guint i = 0; i < n; i++) \
    { \
      g_autofree char *sql = g_strdup_printf (fmt, codes[i].code, i); \
      int rc = sqlite3_exec (db, sql, NULL, NULL, NULL); \
      if (rc != SQLITE_OK) \
        g_error ("%s: %s", sql, sqlite3_errmsg (db)); \
    }
  TRY (KEFU_CODES_ROLE, "INSERT INTO users (login, name, role, created_at) VALUES ('u-%1$s%2$u', 'x', '%1$s', 0)");
  TRY (KEFU_CODES_CHANNEL, "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) VALUES ('c-%1$s%2$u', '%1$s', 'repair', 'x', 'x', 0, 0)");
  TRY (KEFU_CODES_KIND, "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) VALUES ('k-%1$s%2$u', 'phone', '%1$s', 'x', 'x', 0, 0)");
  TRY (KEFU_CODES_SUBTYPE, "INSERT INTO tickets (number, channel, kind, subtype, location, description, created_at, updated_at) VALUES ('s-%1$s%2$u', 'phone', 'repair', '%1$s', 'x', 'x', 0, 0)");
  TRY (KEFU_CODES_STATUS, "INSERT INTO tickets (number, channel, kind, status, location, description, created_at, updated_at) VALUES ('t-%1$s%2$u', 'phone', 'repair', '%1$s', 'x', 'x', 0, 0)");
  TRY (KEFU_CODES_EVENT, "INSERT INTO ticket_events (ticket_id, at, kind) VALUES (1, %2$u, '%1$s')");
  TRY (KEFU_CODES_MODULE, "INSERT INTO courses (name, layer, module) VALUES ('%1$s%2$u', 'basic', '%1$s')");
#undef TRY

  /* And a code it does not know is refused. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) "
                                     "VALUES ('bad', 'fax', 'repair', 'x', 'x', 0, 0)", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);
}

/* A bulk load skips the CHECKs row by row and checks its rows once at the
 * end: every code the schema takes passes that check, and every row an
 * INSERT's CHECK refuses fails it. */
static void
test_bulk_check_matches_schema (KefuTestDir   *f,
                                gconstpointer  data)
{
  static const char *const refused[] = {
    "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) VALUES ('b1', 'fax', 'repair', 'x', 'x', 0, 0)",
    "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) VALUES ('b2', 'phone', 'repairs', 'x', 'x', 0, 0)",
    "INSERT INTO tickets (number, channel, kind, subtype, location, description, created_at, updated_at) VALUES ('b3', 'phone', 'repair', 'roof', 'x', 'x', 0, 0)",
    "INSERT INTO tickets (number, channel, kind, level, location, description, created_at, updated_at) VALUES ('b4', 'phone', 'repair', 4, 'x', 'x', 0, 0)",
    "INSERT INTO tickets (number, channel, kind, status, location, description, created_at, updated_at) VALUES ('b5', 'phone', 'repair', 'done', 'x', 'x', 0, 0)",
    "INSERT INTO tickets (number, channel, kind, satisfaction, location, description, created_at, updated_at) VALUES ('b6', 'phone', 'repair', 6, 'x', 'x', 0, 0)",
    "INSERT INTO ticket_events (ticket_id, at, kind) VALUES (1, 0, 'comment')",
    "INSERT INTO owners (name, preferred_channel, created_at) VALUES ('x', 'fax', 0)",
    "INSERT INTO owner_units (owner_id, unit_id, relation) VALUES (1, 1, 'landlord')",
    "INSERT INTO users (login, name, role, created_at) VALUES ('b', 'x', 'boss', 0)",
  };
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  sqlite3 *db = kefu_store_get_db (store);
  KefuBulkLoad load;
  guint n;
  const KefuCode *codes;

  g_assert_no_error (error);
  g_assert_true (kefu_store_exec (store,
      "INSERT INTO estates (name, created_at) VALUES ('e', 0);"
      "INSERT INTO buildings (estate_id, name) VALUES (1, 'b');"
      "INSERT INTO units (building_id, name) VALUES (1, 'u');"
      "INSERT INTO owners (name, created_at) VALUES ('o', 0);"
      "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) "
      "  VALUES ('first', 'phone', 'repair', 'x', 'x', 0, 0)", &error));
  g_assert_no_error (error);

  /* every code the schema takes */
  g_assert_true (kefu_store_begin (store, &error));
  g_assert_true (kefu_bulk_load_begin (store, &load, &error));
  g_assert_cmpint (load.first_ticket, ==, 2);
#define TRY(list, fmt) \
  codes = kefu_codes (list, &n); \
  for (guint i = 0; i < n; i++) \
    { \
      g_autofree char *sql = g_strdup_printf (fmt, codes[i].code, i); \
      g_assert_true (kefu_store_exec (store, sql, &error)); \
    }
  TRY (KEFU_CODES_ROLE, "INSERT INTO users (login, name, role, created_at) VALUES ('u-%1$s%2$u', 'x', '%1$s', 0)");
  TRY (KEFU_CODES_CHANNEL, "INSERT INTO owners (name, preferred_channel, created_at) VALUES ('c-%1$s%2$u', '%1$s', 0)");
  TRY (KEFU_CODES_CHANNEL, "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) VALUES ('c-%1$s%2$u', '%1$s', 'repair', 'x', 'x', 0, 0)");
  TRY (KEFU_CODES_KIND, "INSERT INTO tickets (number, channel, kind, location, description, created_at, updated_at) VALUES ('k-%1$s%2$u', 'phone', '%1$s', 'x', 'x', 0, 0)");
  TRY (KEFU_CODES_SUBTYPE, "INSERT INTO tickets (number, channel, kind, subtype, location, description, created_at, updated_at) VALUES ('s-%1$s%2$u', 'phone', 'repair', '%1$s', 'x', 'x', 0, 0)");
  TRY (KEFU_CODES_STATUS, "INSERT INTO tickets (number, channel, kind, status, level, satisfaction, location, description, created_at, updated_at) VALUES ('t-%1$s%2$u', 'phone', 'repair', '%1$s', 1 + %2$u %% 3, 1 + %2$u %% 5, 'x', 'x', 0, 0)");
  TRY (KEFU_CODES_EVENT, "INSERT INTO ticket_events (ticket_id, at, kind) VALUES (1, %2$u, '%1$s')");
#undef TRY
  g_assert_true (kefu_store_exec (store, "INSERT INTO owner_units (owner_id, unit_id, relation) VALUES (1, 1, 'tenant')", &error));
  g_assert_true (kefu_bulk_load_end (&load, &error));
  g_assert_no_error (error);
  kefu_store_rollback (store);

  /* each row an INSERT refuses fails the load's check, and the connection
   * checks row by row again after it */
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_cmpint (sqlite3_exec (db, refused[i], NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
      g_assert_true (kefu_store_begin (store, &error));
      g_assert_true (kefu_bulk_load_begin (store, &load, &error));
      g_assert_true (kefu_store_exec (store, refused[i], &error));
      g_assert_false (kefu_bulk_load_end (&load, &error));
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
      g_clear_error (&error);
      kefu_store_rollback (store);
      g_assert_cmpint (sqlite3_exec (db, refused[i], NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
    }
}

static void
test_check_finds_broken_reference (KefuTestDir   *f,
                                   gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GString) report = g_string_new (NULL);
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_true (kefu_store_check (store, report, &error));
  g_assert_cmpstr (report->str, ==, "");

  /* Another tool, without foreign keys on, leaves a dangling reference. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO ticket_events (ticket_id, at, kind) VALUES (4242, 0, 'note')", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_false (kefu_store_check (store, report, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (report->str, "ticket_events"));
}

static void
test_settings_roundtrip (KefuTestDir   *f,
                         gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autofree char *value = NULL;

  g_assert_no_error (error);
  g_assert_null (kefu_store_get_setting (store, "emotion-words"));
  g_assert_true (kefu_store_set_setting (store, "emotion-words", "太离谱,必须解决", &error));
  g_assert_true (kefu_store_set_setting (store, "emotion-words", "太离谱,必须解决,曝光", &error));
  value = kefu_store_get_setting (store, "emotion-words");
  g_assert_cmpstr (value, ==, "太离谱,必须解决,曝光");
}

static void
test_mask_phone (void)
{
  struct { const char *in, *out; } cases[] = {
    { "13812345678", "138****5678" },
    { "+8613812345678", "+86****5678" },
    { "83456789", "****6789" },
    { "1234", "****" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = kefu_mask_phone (cases[i].in);
      g_assert_cmpstr (masked, ==, cases[i].out);
    }
}

static void
test_roles (void)
{
  g_assert_true (kefu_role_can ("supervisor", KEFU_PERMISSION_SEE_PHONE));
  g_assert_false (kefu_role_can ("trainer", KEFU_PERMISSION_SEE_PHONE));
  g_assert_false (kefu_role_can ("dispatcher", KEFU_PERMISSION_SEE_PHONE));
  g_assert_true (kefu_role_can ("dispatcher", KEFU_PERMISSION_DISPATCH));
  g_assert_false (kefu_role_can ("agent", KEFU_PERMISSION_MANAGE_USERS));
  g_assert_true (kefu_role_can ("admin", KEFU_PERMISSION_MANAGE_USERS));
  g_assert_false (kefu_role_can (NULL, KEFU_PERMISSION_TRAIN));
  g_assert_false (kefu_role_can ("nobody", KEFU_PERMISSION_TRAIN));
}

/* Every table the schema makes is one the store names: the sample's
 * unload, backups' row counts and `kefu-cli check` go by that list, so a
 * table left off it is a table they silently skip. */
static void
test_every_table_named (KefuTestDir   *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "kefu.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  const char * const *names = kefu_store_table_names ();
  sqlite3_stmt *stmt;
  guint seen = 0;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (kefu_store_get_db (store),
                                       "SELECT name FROM sqlite_schema WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                       "AND name NOT LIKE 'ticket\\_search\\_%' ESCAPE '\\'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (!g_strv_contains (names, name))
        g_error ("table %s is not in kefu_store_table_names ()", name);
      seen++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (seen, >, 40);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  KEFU_TEST_ADD ("/core/store/open/new-file", test_open_new_file);
  KEFU_TEST_ADD ("/core/store/open/not-a-database", test_open_not_a_database);
  KEFU_TEST_ADD ("/core/store/open/newer-schema", test_open_newer_schema);
  KEFU_TEST_ADD ("/core/store/open/read-only", test_open_read_only);
  KEFU_TEST_ADD ("/core/store/open/unwritable-folder", test_open_unwritable_folder);
  KEFU_TEST_ADD ("/core/store/open/locked", test_open_locked);
  for (int v = 0; v < KEFU_SCHEMA_VERSION; v++)
    {
      g_autofree char *name = g_strdup_printf ("/core/store/migrate/from-v%d", v);
      g_test_add (name, KefuTestDir, GINT_TO_POINTER (v), kefu_test_dir_setup, test_migrate_from, kefu_test_dir_teardown);
    }
  KEFU_TEST_ADD ("/core/store/schema/codes-accepted", test_codes_accepted);
  KEFU_TEST_ADD ("/core/store/schema/every-table-named", test_every_table_named);
  KEFU_TEST_ADD ("/core/store/check/broken-reference", test_check_finds_broken_reference);
  KEFU_TEST_ADD ("/core/store/bulk-check-matches-schema", test_bulk_check_matches_schema);
  KEFU_TEST_ADD ("/core/store/settings/roundtrip", test_settings_roundtrip);
  g_test_add_func ("/core/enums/mask-phone", test_mask_phone);
  g_test_add_func ("/core/user/roles", test_roles);

  return g_test_run ();
}
