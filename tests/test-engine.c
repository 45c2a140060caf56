/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-engine.c — the engine seam (kefu-engine.h): the same tests on
 * SQLite and on PostgreSQL (the throwaway cluster of build-aux/kefu test;
 * skipped without one) */
#include "kefu-engine.h"
#include "kefu-module.h"
#include "kefu-store.h"
#include "kefu-test-util.h"
#include "kefu-test-pg.h"

typedef struct {
  KefuEngineKind kind;
  char          *dir;        /* SQLite: the file's folder */
  char          *conninfo;   /* PostgreSQL: this test's database */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->kind = GPOINTER_TO_INT (data);
  if (f->kind == KEFU_ENGINE_SQLITE)
    f->dir = g_dir_make_tmp ("kefu-engine-XXXXXX", NULL);
  else
    f->conninfo = kefu_test_pg_create ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->dir != NULL)
    kefu_test_rm_rf (f->dir);
  kefu_test_pg_drop (f->conninfo);
  g_free (f->dir);
  g_free (f->conninfo);
}

/* A connection to the fixture's database; NULL when the test is skipped */
static KefuEngine *
connect (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KefuEngine *engine;

  if (f->kind == KEFU_ENGINE_SQLITE)
    {
      g_autofree char *path = g_build_filename (f->dir, "t.db", NULL);
      engine = kefu_engine_open_sqlite (path, TRUE, &error);
    }
  else if (f->conninfo == NULL)
    return NULL;
  else
    engine = kefu_engine_connect_pg (f->conninfo, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_engine_get_kind (engine), ==, f->kind);
  return engine;
}

/* the same text for both engines */
#define CREATE_T "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, " \
                 "n BIGINT, x DOUBLE PRECISION, note TEXT)"

static gint64
count_rows (KefuEngine *engine,
            const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM t%s%s", where ? " WHERE " : "", where ? where : "");
  gint64 n = -1;

  g_assert_true (kefu_engine_scalar (engine, sql, -1, &n, &error));
  g_assert_no_error (error);
  return n;
}

static void
insert (KefuEngine  *engine,
        gint64       id,
        const char  *name,
        GError     **error)
{
  g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (engine, "INSERT INTO t (id, name) VALUES (?1, ?2)", error);

  g_assert_nonnull (st);
  kefu_engine_bind_int (st, 1, id);
  kefu_engine_bind_text (st, 2, name);
  kefu_engine_step (st, error);
}

static void
test_params (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int n = 0;

  out = kefu_engine_translate_params ("SELECT '?1 it''s ?', \"a?\", ?1 -- ?9\n + ?12 /* ?7 */ FROM t WHERE x = ?2",
                                      &n, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, "SELECT '?1 it''s ?', \"a?\", $1 -- ?9\n + $12 /* ?7 */ FROM t WHERE x = $2");
  g_assert_cmpint (n, ==, 12);

  g_assert_null (kefu_engine_translate_params ("SELECT * FROM t WHERE id = ?", &n, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL);
  g_clear_error (&error);
  g_assert_null (kefu_engine_translate_params ("SELECT ?0", &n, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL);
}

static void
test_server_spec (void)
{
  g_autofree char *described = NULL;

  g_assert_true (kefu_engine_is_server_spec ("postgresql://db.example/kefu"));
  g_assert_true (kefu_engine_is_server_spec ("postgres://u@h:5433/kefu?sslmode=verify-full"));
  g_assert_true (kefu_engine_is_server_spec ("postgresql:/kefu"));   /* a URI a path normalisation cut */
  g_assert_true (kefu_engine_is_server_spec ("service=kefu"));
  g_assert_true (kefu_engine_is_server_spec ("host=/run/postgresql dbname=kefu"));
  g_assert_false (kefu_engine_is_server_spec ("kefu.db"));
  g_assert_false (kefu_engine_is_server_spec ("/home/li/kefu/kefu.db"));
  g_assert_false (kefu_engine_is_server_spec ("./a=b.db"));
  g_assert_false (kefu_engine_is_server_spec (NULL));
  /* messages never show a password */
  described = kefu_engine_describe_spec ("postgresql://li:s3cret@db.example:5433/kefu");
  g_assert_null (strstr (described, "s3cret"));
  g_assert_nonnull (strstr (described, "host=db.example"));
  g_assert_nonnull (strstr (described, "dbname=kefu"));
}

/* The modules (kefu-module.h): each registered one loads once, from this
 * build; a name nobody registered is refused with its name; a server that
 * is not there is an error to connect, whichever the module */
static void
test_modules (void)
{
  static const char *const names[] = { "pg", "pinyin", "ical" };
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) engine = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const KefuModuleInfo *info = kefu_module_get (names[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (info);
      g_assert_cmpstr (info->name, ==, names[i]);
      g_assert_cmpuint (info->abi, ==, KEFU_MODULE_ABI);
      g_assert_true (kefu_module_get (names[i], NULL) == (gconstpointer) info);
    }
  g_assert_null (kefu_module_get ("oracle", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "oracle"));
  g_clear_error (&error);

  engine = kefu_engine_connect_pg ("host=/nonexistent-kefu-socket-dir dbname=kefu connect_timeout=2", &error);
  g_assert_null (engine);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "nonexistent-kefu-socket-dir"));
}

static void
test_roundtrip (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KefuEngine) engine = connect (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngineStmt) ins = NULL;
  g_autoptr(KefuEngineStmt) sel = NULL;
  const gint64 big = G_GINT64_CONSTANT (9007199254740993);   /* not a double */

  if (engine == NULL)
    return;
  g_assert_true (kefu_engine_exec (engine, CREATE_T, &error));
  g_assert_no_error (error);

  /* a '?' in quotes is text */
  ins = kefu_engine_prepare (engine, "INSERT INTO t (id, name, n, x, note) VALUES (?1, ?2, ?3, ?4, ?5 || '?')", &error);
  g_assert_no_error (error);
  kefu_engine_bind_int (ins, 1, 1);
  kefu_engine_bind_text (ins, 2, "漏水 A栋-1203");
  kefu_engine_bind_int (ins, 3, big);
  kefu_engine_bind_double (ins, 4, 0.1);
  kefu_engine_bind_text (ins, 5, "why");
  g_assert_cmpint (kefu_engine_step (ins, &error), ==, KEFU_QUERY_DONE);
  g_assert_no_error (error);
  /* the same statement again, some bindings changed */
  kefu_engine_stmt_reset (ins);
  kefu_engine_bind_int (ins, 1, 2);
  kefu_engine_bind_text (ins, 2, "second");
  kefu_engine_bind_null (ins, 3);
  kefu_engine_bind_double (ins, 4, -2.5e10);
  kefu_engine_bind_null (ins, 5);
  g_assert_cmpint (kefu_engine_step (ins, &error), ==, KEFU_QUERY_DONE);
  g_assert_no_error (error);

  /* ?1 twice */
  sel = kefu_engine_prepare (engine, "SELECT id, name, n, x, note FROM t WHERE id = ?1 OR n = ?1 ORDER BY id", &error);
  g_assert_no_error (error);
  kefu_engine_bind_int (sel, 1, 1);
  g_assert_cmpint (kefu_engine_step (sel, &error), ==, KEFU_QUERY_ROW);
  g_assert_cmpint (kefu_engine_column_count (sel), ==, 5);
  g_assert_cmpstr (kefu_engine_column_name (sel, 3), ==, "x");
  g_assert_cmpint (kefu_engine_get_int (sel, 0), ==, 1);
  g_assert_cmpstr (kefu_engine_get_text (sel, 1), ==, "漏水 A栋-1203");
  g_assert_cmpint (kefu_engine_get_int (sel, 2), ==, big);
  g_assert_cmpfloat (kefu_engine_get_double (sel, 3), ==, 0.1);
  g_assert_cmpstr (kefu_engine_get_text (sel, 4), ==, "why?");
  g_assert_false (kefu_engine_is_null (sel, 4));
  g_assert_cmpint (kefu_engine_step (sel, &error), ==, KEFU_QUERY_DONE);
  g_assert_no_error (error);

  kefu_engine_stmt_reset (sel);
  kefu_engine_bind_int (sel, 1, 2);
  g_assert_cmpint (kefu_engine_step (sel, &error), ==, KEFU_QUERY_ROW);
  g_assert_true (kefu_engine_is_null (sel, 2));
  g_assert_null (kefu_engine_get_text (sel, 2));
  g_assert_cmpint (kefu_engine_get_int (sel, 2), ==, 0);
  g_assert_cmpfloat (kefu_engine_get_double (sel, 3), ==, -2.5e10);
  g_assert_true (kefu_engine_is_null (sel, 4));
  g_assert_cmpint (kefu_engine_step (sel, &error), ==, KEFU_QUERY_DONE);
}

/* Bytes with NULs, and an empty value that is not NULL */
static void
test_bytes (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KefuEngine) engine = connect (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngineStmt) ins = NULL;
  g_autoptr(KefuEngineStmt) sel = NULL;
  g_autoptr(GBytes) photo = g_bytes_new ("\x89PNG\0\0\xff\x01", 8);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GBytes) back_empty = NULL;

  if (engine == NULL)
    return;
  g_assert_true (kefu_engine_exec (engine, "CREATE TABLE b (id INTEGER PRIMARY KEY, data BYTEA)", &error));
  ins = kefu_engine_prepare (engine, "INSERT INTO b (id, data) VALUES (?1, ?2)", &error);
  g_assert_no_error (error);
  kefu_engine_bind_int (ins, 1, 1);
  kefu_engine_bind_blob (ins, 2, photo);
  g_assert_cmpint (kefu_engine_step (ins, &error), ==, KEFU_QUERY_DONE);
  kefu_engine_stmt_reset (ins);
  kefu_engine_bind_int (ins, 1, 2);
  kefu_engine_bind_blob (ins, 2, empty);
  g_assert_cmpint (kefu_engine_step (ins, &error), ==, KEFU_QUERY_DONE);
  kefu_engine_stmt_reset (ins);
  kefu_engine_bind_int (ins, 1, 3);
  kefu_engine_bind_blob (ins, 2, NULL);
  g_assert_cmpint (kefu_engine_step (ins, &error), ==, KEFU_QUERY_DONE);
  g_assert_no_error (error);

  sel = kefu_engine_prepare (engine, "SELECT data FROM b ORDER BY id", &error);
  g_assert_cmpint (kefu_engine_step (sel, &error), ==, KEFU_QUERY_ROW);
  back = kefu_engine_get_blob (sel, 0);
  g_assert_true (g_bytes_equal (back, photo));
  g_assert_cmpint (kefu_engine_step (sel, &error), ==, KEFU_QUERY_ROW);
  g_assert_false (kefu_engine_is_null (sel, 0));
  back_empty = kefu_engine_get_blob (sel, 0);
  g_assert_cmpuint (g_bytes_get_size (back_empty), ==, 0);
  g_assert_cmpint (kefu_engine_step (sel, &error), ==, KEFU_QUERY_ROW);
  g_assert_null (kefu_engine_get_blob (sel, 0));
  g_assert_cmpint (kefu_engine_step (sel, &error), ==, KEFU_QUERY_DONE);
  g_assert_no_error (error);
}

static void
test_constraints (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KefuEngine) engine = connect (f);
  g_autoptr(GError) error = NULL;

  if (engine == NULL)
    return;
  g_assert_true (kefu_engine_exec (engine, CREATE_T, &error));
  insert (engine, 1, "a", &error);
  g_assert_no_error (error);

  insert (engine, 2, "a", &error);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "INSERT INTO t"));
  g_clear_error (&error);
  insert (engine, 1, "b", &error);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  insert (engine, 3, NULL, &error);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kefu_engine_exec (engine, "SELECT * FROM no_such_table", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL);
  g_assert_cmpint (count_rows (engine, NULL), ==, 1);
}

static void
test_transactions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KefuEngine) engine = connect (f);
  g_autoptr(KefuEngine) other = NULL;
  g_autoptr(GError) error = NULL;

  if (engine == NULL)
    return;
  g_assert_true (kefu_engine_exec (engine, CREATE_T, &error));

  /* a rolled-back transaction leaves nothing */
  g_assert_true (kefu_engine_begin (engine, &error));
  insert (engine, 1, "gone", &error);
  g_assert_no_error (error);
  kefu_engine_rollback (engine);
  g_assert_cmpint (kefu_engine_depth (engine), ==, 0);
  g_assert_cmpint (count_rows (engine, NULL), ==, 0);

  /* a savepoint's rollback keeps what the outer transaction wrote, and
   * the transaction goes on after a failed statement inside it */
  g_assert_true (kefu_engine_begin (engine, &error));
  insert (engine, 1, "outer", &error);
  g_assert_true (kefu_engine_begin (engine, &error));
  g_assert_cmpint (kefu_engine_depth (engine), ==, 2);
  insert (engine, 2, "inner", &error);
  g_assert_no_error (error);
  insert (engine, 3, "outer", &error);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  kefu_engine_rollback (engine);
  g_assert_cmpint (kefu_engine_depth (engine), ==, 1);
  g_assert_true (kefu_engine_begin (engine, &error));
  insert (engine, 4, "kept", &error);
  g_assert_true (kefu_engine_commit (engine, &error));
  g_assert_no_error (error);

  /* not visible to another connection before the commit */
  other = connect (f);
  g_assert_cmpint (count_rows (other, NULL), ==, 0);
  g_assert_true (kefu_engine_commit (engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_engine_depth (engine), ==, 0);
  g_assert_cmpint (count_rows (other, NULL), ==, 2);
  g_assert_cmpint (count_rows (other, "name = 'outer'"), ==, 1);
  g_assert_cmpint (count_rows (other, "name = 'kept'"), ==, 1);
}

/* A second writer is told to try again (RETRY), nothing written */
static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(KefuEngine) a = connect (f);
  g_autoptr(KefuEngine) b = NULL;
  g_autoptr(GError) error = NULL;

  if (a == NULL)
    return;
  g_assert_true (kefu_engine_exec (a, CREATE_T, &error));
  insert (a, 1, "row", &error);
  g_assert_no_error (error);
  b = connect (f);

  if (f->kind == KEFU_ENGINE_SQLITE)
    {
      /* SQLite: the write lock, past the busy timeout */
      kefu_engine_set_busy_timeout (b, 0);
      g_assert_true (kefu_engine_begin (a, &error));
      g_assert_false (kefu_engine_begin (b, &error));
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_RETRY);
      g_assert_cmpint (kefu_engine_depth (b), ==, 0);
      kefu_engine_rollback (a);
      return;
    }

  /* 55P03: a row another transaction holds, taken without waiting */
  g_assert_true (kefu_engine_begin (a, &error));
  g_assert_true (kefu_engine_exec (a, "SELECT * FROM t WHERE id = 1 FOR UPDATE", &error));
  g_assert_false (kefu_engine_exec (b, "SELECT * FROM t WHERE id = 1 FOR UPDATE NOWAIT", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_RETRY);
  g_clear_error (&error);
  kefu_engine_rollback (a);

  /* 40001: a row changed since a repeatable-read snapshot began */
  g_assert_true (kefu_engine_exec (a, "BEGIN ISOLATION LEVEL REPEATABLE READ", &error));
  g_assert_cmpint (count_rows (a, NULL), ==, 1);
  g_assert_true (kefu_engine_exec (b, "UPDATE t SET note = 'b was here' WHERE id = 1", &error));
  g_assert_false (kefu_engine_exec (a, "UPDATE t SET note = 'a was here' WHERE id = 1", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_RETRY);
  g_clear_error (&error);
  g_assert_true (kefu_engine_exec (a, "ROLLBACK", &error));
  g_assert_cmpint (count_rows (a, "note = 'b was here'"), ==, 1);
}

/* The name of row @id through a statement made anew each time (as the
 * query layer does), so the engine's cache is what is reused */
static char *
name_of (KefuEngine  *engine,
         gint64       id,
         GError     **error)
{
  g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (engine, "SELECT name FROM t WHERE id = ?1", error);
  char *name = NULL;

  g_assert_nonnull (st);
  kefu_engine_bind_int (st, 1, id);
  if (kefu_engine_step (st, error) == KEFU_QUERY_ROW)
    name = g_strdup (kefu_engine_get_text (st, 0));
  return name;
}

/* Every column of row @id (SELECT *), counted; -1 when it failed */
static int
columns_of_row (KefuEngine  *engine,
                gint64       id,
                GError     **error)
{
  g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (engine, "SELECT * FROM t WHERE id = ?1", error);

  g_assert_nonnull (st);
  kefu_engine_bind_int (st, 1, id);
  return kefu_engine_step (st, error) == KEFU_QUERY_ROW ? kefu_engine_column_count (st) : -1;
}

/* The prepared statements the server holds for this connection */
static gint64
server_prepared (KefuEngine *engine)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (kefu_engine_scalar (engine, "SELECT count(*) FROM pg_prepared_statements", -1, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* #20: statements run again and again (prepared once per connection on
 * the server) give the right rows each time, with NULL and numbers in
 * turn for one parameter */
static void
test_prepared_many (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KefuEngine) engine = connect (f);
  g_autoptr(GError) error = NULL;
  guint before;

  if (engine == NULL)
    return;
  g_assert_true (kefu_engine_exec (engine, CREATE_T, &error));
  for (gint64 i = 1; i <= 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("房间 %" G_GINT64_FORMAT, i);

      insert (engine, i, name, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpint (count_rows (engine, NULL), ==, 40);
  before = kefu_engine_pg_prepared_count (engine);
  for (int round = 0; round < 3; round++)
    for (gint64 i = 1; i <= 40; i++)
      {
        g_autofree char *want = g_strdup_printf ("房间 %" G_GINT64_FORMAT, i);
        g_autofree char *name = name_of (engine, i, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (name, ==, want);
      }
  {
    g_autofree char *none = name_of (engine, 41, &error);

    g_assert_no_error (error);
    g_assert_null (none);
  }
  /* one parameter NULL, then a number, then NULL again */
  for (int i = 0; i < 6; i++)
    {
      g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (engine, "SELECT count(*) FROM t WHERE n IS NOT DISTINCT FROM ?1", &error);

      if (i % 2 == 0)
        kefu_engine_bind_null (st, 1);
      else
        kefu_engine_bind_int (st, 1, 7);
      g_assert_cmpint (kefu_engine_step (st, &error), ==, KEFU_QUERY_ROW);
      g_assert_no_error (error);
      g_assert_cmpint (kefu_engine_get_int (st, 0), ==, i % 2 == 0 ? 40 : 0);
    }
  if (f->kind != KEFU_ENGINE_POSTGRES)
    return;
  /* the SELECT by id prepared once, the count once for each type of its
   * parameter; the server holds them (and the INSERT's) */
  g_assert_cmpuint (kefu_engine_pg_prepared_count (engine) - before, ==, 3);
  g_assert_cmpint (server_prepared (engine), ==, 4);
  /* a statement that fails says why, prepared or not */
  for (int i = 0; i < 3; i++)
    {
      insert (engine, 1, "dup", &error);
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
      g_clear_error (&error);
    }
  g_assert_cmpint (count_rows (engine, NULL), ==, 40);
}

/* #20: after the connection went (the server ended it) and came back,
 * and after a new connection was taken over, the same statements run
 * (prepared again on the new connection) */
static void
test_prepared_reconnect (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KefuEngine) engine = connect (f);
  g_autoptr(KefuEngine) admin = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pid = 0;
  guint before;

  if (engine == NULL || f->kind != KEFU_ENGINE_POSTGRES)
    return;
  admin = connect (f);
  g_assert_true (kefu_engine_exec (engine, CREATE_T, &error));
  insert (engine, 1, "one", &error);
  insert (engine, 2, "two", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = name_of (engine, 2, &error);

      g_assert_cmpstr (name, ==, "two");
    }
  g_assert_cmpint (server_prepared (engine), >=, 1);

  /* the server ends the connection: the next call fails (lost), the one
   * after reconnects and runs the statement again */
  g_assert_true (kefu_engine_scalar (engine, "SELECT pg_backend_pid()", -1, &pid, &error));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT pg_terminate_backend(%" G_GINT64_FORMAT ")", pid);

    g_assert_true (kefu_engine_exec (admin, sql, &error));
    g_assert_no_error (error);
  }
  for (int tries = 0; tries < 50; tries++)
    {
      g_autofree char *name = name_of (engine, 1, &error);

      if (error == NULL)
        {
          g_assert_cmpstr (name, ==, "one");
          break;
        }
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
      g_clear_error (&error);
    }
  g_assert_cmpuint (kefu_engine_pg_generation (engine), ==, 1);
  before = kefu_engine_pg_prepared_count (engine);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = name_of (engine, 1, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (name, ==, "one");
    }
  g_assert_cmpuint (kefu_engine_pg_prepared_count (engine), ==, before + 1);
  g_assert_cmpint (server_prepared (engine), ==, 1);

  /* a new connection taken over: its own statements */
  kefu_engine_pg_adopt (engine, connect (f));
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = name_of (engine, 2, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (name, ==, "two");
    }
  g_assert_cmpuint (kefu_engine_pg_prepared_count (engine), ==, before + 2);
  g_assert_cmpint (server_prepared (engine), ==, 1);

  /* the server let them go (DEALLOCATE): prepared again, nothing lost */
  g_assert_true (kefu_engine_exec (engine, "DEALLOCATE ALL", &error));
  {
    g_autofree char *name = name_of (engine, 2, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (name, ==, "two");
  }
}

/* #20: a table changed (DDL) on the same connection and on another one:
 * the same statement sees the new columns, outside a transaction and
 * inside one (under its savepoint); two connections, each with its own
 * prepared statements */
static void
test_prepared_ddl (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KefuEngine) a = connect (f);
  g_autoptr(KefuEngine) b = NULL;
  g_autoptr(GError) error = NULL;

  if (a == NULL)
    return;
  b = connect (f);
  g_assert_true (kefu_engine_exec (a, CREATE_T, &error));
  insert (a, 1, "one", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 3; i++)
    {
      g_assert_cmpint (columns_of_row (a, 1, &error), ==, 5);
      g_assert_cmpint (columns_of_row (b, 1, &error), ==, 5);
      g_assert_no_error (error);
    }
  if (f->kind == KEFU_ENGINE_POSTGRES)
    {
      /* each connection prepared its own */
      g_assert_cmpint (server_prepared (a), ==, 1);
      g_assert_cmpint (server_prepared (b), ==, 1);
    }

  /* the same connection changes the table */
  g_assert_true (kefu_engine_exec (a, "ALTER TABLE t ADD COLUMN floor INTEGER", &error));
  g_assert_no_error (error);
  g_assert_cmpint (columns_of_row (a, 1, &error), ==, 6);
  g_assert_no_error (error);
  /* the other one finds its statement's result changed: outside a
   * transaction */
  g_assert_cmpint (columns_of_row (b, 1, &error), ==, 6);
  g_assert_no_error (error);

  /* … and inside one (a store's engine: each statement under its own
   * savepoint), the transaction going on */
  kefu_engine_set_statement_rollback (b, TRUE);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (columns_of_row (b, 1, &error), ==, 6);
  g_assert_true (kefu_engine_exec (a, "ALTER TABLE t ADD COLUMN wing TEXT", &error));
  g_assert_true (kefu_engine_begin (b, &error));
  insert (b, 2, "two", &error);
  g_assert_no_error (error);
  g_assert_cmpint (columns_of_row (b, 1, &error), ==, 7);
  g_assert_no_error (error);
  g_assert_true (kefu_engine_commit (b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (a, NULL), ==, 2);
  {
    g_autofree char *name = name_of (a, 2, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (name, ==, "two");
  }
}

int
main (int    argc,
      char **argv)
{
  static const struct { const char *name; KefuEngineKind kind; } engines[] = {
    { "sqlite", KEFU_ENGINE_SQLITE },
    { "pg", KEFU_ENGINE_POSTGRES },
  };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/engine/params", test_params);
  g_test_add_func ("/engine/server-spec", test_server_spec);
  g_test_add_func ("/engine/modules", test_modules);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    {
      gconstpointer kind = GINT_TO_POINTER (engines[i].kind);
      g_autofree char *p1 = g_strdup_printf ("/engine/%s/roundtrip", engines[i].name);
      g_autofree char *p2 = g_strdup_printf ("/engine/%s/constraints", engines[i].name);
      g_autofree char *p3 = g_strdup_printf ("/engine/%s/transactions", engines[i].name);
      g_autofree char *p4 = g_strdup_printf ("/engine/%s/retry", engines[i].name);
      g_autofree char *p5 = g_strdup_printf ("/engine/%s/bytes", engines[i].name);
      g_autofree char *p6 = g_strdup_printf ("/engine/%s/prepared-many", engines[i].name);
      g_autofree char *p7 = g_strdup_printf ("/engine/%s/prepared-reconnect", engines[i].name);
      g_autofree char *p8 = g_strdup_printf ("/engine/%s/prepared-ddl", engines[i].name);

      g_test_add (p1, Fixture, kind, fixture_setup, test_roundtrip, fixture_teardown);
      g_test_add (p2, Fixture, kind, fixture_setup, test_constraints, fixture_teardown);
      g_test_add (p3, Fixture, kind, fixture_setup, test_transactions, fixture_teardown);
      g_test_add (p4, Fixture, kind, fixture_setup, test_retry, fixture_teardown);
      g_test_add (p5, Fixture, kind, fixture_setup, test_bytes, fixture_teardown);
      g_test_add (p6, Fixture, kind, fixture_setup, test_prepared_many, fixture_teardown);
      g_test_add (p7, Fixture, kind, fixture_setup, test_prepared_reconnect, fixture_teardown);
      g_test_add (p8, Fixture, kind, fixture_setup, test_prepared_ddl, fixture_teardown);
    }
  return g_test_run ();
}
