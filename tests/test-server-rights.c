/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-rights.c — who may do what on a Kefu server, enforced by
 * PostgreSQL (#20, kefu-server-rights.sql): people signed in through libpq
 * as the LOGIN roles kefu_create_person() makes (SCRAM passwords on the
 * test cluster), doing what a desk's credentials in psql could; and
 * two-character Chinese search on the server giving SQLite's answers.
 * Skipped without the throwaway cluster (tests/kefu-pg-cluster.sh). */
#include "config.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include "kefu-audit.h"
#include "kefu-engine.h"
#include "kefu-enums.h"
#include "kefu-search.h"
#include "kefu-store.h"
#include "kefu-test-pg.h"
#include "kefu-test-util.h"

/* Signs in as @user on @conninfo's database; NULL and *why set when
 * refused */
static PGconn *
sign_in (const char  *conninfo,
         const char  *user,
         const char  *password,
         char       **why)
{
  g_autofree char *ci = g_strdup_printf ("%s user=%s password=%s", conninfo, user, password);
  PGconn *conn = PQconnectdb (ci);

  if (PQstatus (conn) != CONNECTION_OK)
    {
      if (why != NULL)
        *why = g_strdup (PQerrorMessage (conn));
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

static PGconn *
must_sign_in (const char *conninfo,
              const char *user,
              const char *password)
{
  g_autofree char *why = NULL;
  PGconn *conn = sign_in (conninfo, user, password, &why);

  if (conn == NULL)
    g_error ("%s could not sign in: %s", user, why);
  return conn;
}

/* The first value of @sql's first row ("" for NULL, "(none)" without a
 * row); the statement must succeed */
static char *
one (PGconn     *conn,
     const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  char *out;

  if (PQresultStatus (res) != PGRES_TUPLES_OK && PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s failed: %s", sql, PQresultErrorMessage (res));
  out = g_strdup (PQntuples (res) > 0 ? PQgetvalue (res, 0, 0) : "(none)");
  PQclear (res);
  return out;
}

static gint64
number (PGconn     *conn,
        const char *sql)
{
  g_autofree char *v = one (conn, sql);

  return g_ascii_strtoll (v, NULL, 10);
}

/* The SQLSTATE @sql fails with; the test fails if it succeeds */
static char *
refused (PGconn     *conn,
         const char *sql)
{
  PGresult *res = PQexec (conn, sql);
  char *state;

  if (PQresultStatus (res) == PGRES_TUPLES_OK || PQresultStatus (res) == PGRES_COMMAND_OK)
    g_error ("%s should have been refused", sql);
  state = g_strdup (PQresultErrorField (res, PG_DIAG_SQLSTATE));
  PQclear (res);
  return state;
}

#define assert_refused(conn, sql, state) \
  G_STMT_START { g_autofree char *s_ = refused ((conn), (sql)); g_assert_cmpstr (s_, ==, (state)); } G_STMT_END

#define INSUFFICIENT_PRIVILEGE "42501"
#define RLS_VIOLATION "42501"

static char *
server_init (const char *conninfo)
{
  g_autofree char *o = NULL, *e = NULL;

  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "server", "init", conninfo, NULL), ==, 0);
  g_assert_cmpstr (e, ==, "");
  return g_steal_pointer (&o);
}

/* Role names belong to the whole cluster: each test's people get names
 * of their own */
static char *
person (const char *base)
{
  return g_strdup_printf ("%s_%d", base, (int) getpid ());
}

static void
test_people_and_audit (void)
{
  g_autofree char *conninfo = kefu_test_pg_create ();
  g_autofree char *out = NULL, *boss = person ("boss"), *rec = person ("rec"), *rec2 = person ("rec_b");
  g_autofree char *disp = person ("disp"), *why = NULL, *sql = NULL, *verifier = NULL;
  g_autofree char *ticket_a = NULL, *ticket_b = NULL;
  PGconn *root, *admin, *agent, *agent2, *dispatcher, *wrong;
  gint64 t_before, t_after, entry, rec_id, start, slowest = 0;

  if (conninfo == NULL)
    return;
  out = server_init (conninfo);
  root = must_sign_in (conninfo, "postgres", "-");

  /* two estates (two centers' worth), a ticket and an owner in each: ids
   * 1 and 2 of a new database */
  g_free (one (root, "INSERT INTO estates (name, created_at) VALUES ('东苑', 1795572000), ('西苑', 1795572000)"));
  g_free (one (root, "INSERT INTO owners (name, phone, created_at) VALUES "
                     "('张三', '13812345678', 1795572000), ('李四', '13955556666', 1795572000)"));
  g_free (one (root, "INSERT INTO tickets (number, channel, kind, estate_id, location, owner_id, contact_phone, "
                     "description, created_at, updated_at) VALUES "
                     "('GD202611250001', 'phone', 'repair', 1, '3栋502', 1, '13812345678', '漏水', 1795572000, 1795572000), "
                     "('GD202611250002', 'phone', 'repair', 2, '5栋101', 2, '13955556666', '电梯异响', 1795572000, 1795572000)"));
  g_free (one (root, "INSERT INTO ticket_events (ticket_id, at, kind, body) VALUES (2, 1795572000, 'note', '西苑的记录')"));

  /* the installer makes the first administrator; the administrator,
   * without CREATEROLE, makes the others */
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '王经理', 'admin', 'boss-password-1')", boss);
  g_free (one (root, sql));
  admin = must_sign_in (conninfo, boss, "boss-password-1");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT rolcreaterole::text || rolsuper::text FROM pg_roles WHERE rolname = '%s'", boss);
  {
    g_autofree char *attrs = one (admin, sql);
    g_assert_cmpstr (attrs, ==, "falsefalse");
  }
  /* the desk sends a SCRAM verifier, never the password itself */
  verifier = PQencryptPasswordConn (admin, "agent-password-1", rec, "scram-sha-256");
  g_assert_nonnull (verifier);
  g_assert_true (g_str_has_prefix (verifier, "SCRAM-SHA-256$"));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '前台小刘', 'agent', '%s', ARRAY[1]::bigint[])", rec, verifier);
  rec_id = number (admin, sql);
  g_assert_cmpint (rec_id, >, 0);
  PQfreemem (g_steal_pointer (&verifier));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '前台小赵', 'agent', 'agent-password-2', ARRAY[2]::bigint[])", rec2);
  g_free (one (admin, sql));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '调度老陈', 'dispatcher', 'dispatch-password', NULL)", disp);
  g_free (one (admin, sql));
  /* the server keeps SCRAM verifiers only */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM pg_authid WHERE rolname IN ('%s', '%s', '%s', '%s') "
                         "AND rolpassword LIKE 'SCRAM-SHA-256$%%'", boss, rec, rec2, disp);
  g_assert_cmpint (number (root, sql), ==, 4);
  /* an administrator may not write the log or the users table directly */
  assert_refused (admin, "INSERT INTO audit_log (at, action) VALUES (1, 'forged')", INSUFFICIENT_PRIVILEGE);
  assert_refused (admin, "UPDATE users SET role = 'admin'", INSUFFICIENT_PRIVILEGE);

  /* a wrong password: refused, and slowed by auth_delay (200 ms here).
   * The delay's sleep ends early when the backend gets a signal (another
   * test's DROP DATABASE signals every backend): one of three tries must
   * take the whole delay. */
  for (int i = 0; i < 3; i++)
    {
      gint64 took;

      start = g_get_monotonic_time ();
      g_clear_pointer (&why, g_free);
      wrong = sign_in (conninfo, rec, "agent-password-x", &why);
      took = g_get_monotonic_time () - start;
      g_assert_null (wrong);
      g_assert_nonnull (strstr (why, "password authentication failed"));
      slowest = MAX (slowest, took);
    }
  g_assert_cmpint (slowest, >=, 200 * 1000);
  agent = must_sign_in (conninfo, rec, "agent-password-1");

  /* phones: never the raw column; masked as Kefu masks them */
  assert_refused (agent, "SELECT phone FROM owners", INSUFFICIENT_PRIVILEGE);
  assert_refused (agent, "SELECT * FROM owners", INSUFFICIENT_PRIVILEGE);
  assert_refused (agent, "SELECT contact_phone FROM tickets", INSUFFICIENT_PRIVILEGE);
  assert_refused (agent, "SELECT body FROM ticket_search", INSUFFICIENT_PRIVILEGE);
  {
    g_autofree char *masked = one (agent, "SELECT phone FROM owners_masked WHERE id = 1");
    g_autofree char *ticket_masked = one (agent, "SELECT contact_phone FROM tickets_masked WHERE id = 1");
    g_autofree char *c_masked = kefu_mask_phone ("13812345678");
    g_assert_cmpstr (masked, ==, "138****5678");
    g_assert_cmpstr (masked, ==, c_masked);
    g_assert_cmpstr (ticket_masked, ==, c_masked);
  }
  /* the same mask as kefu_mask_phone() for short and empty numbers too */
  {
    const char *phones[] = { "12345", "1234", "", "0755-8888 1234", "13812345678" };
    for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
      {
        g_autofree char *q = g_strdup_printf ("SELECT kefu_mask_phone ('%s')", phones[i]);
        g_autofree char *server = one (agent, q);
        g_autofree char *desk = kefu_mask_phone (phones[i]);
        g_assert_cmpstr (server, ==, desk);
      }
  }

  /* the audit log: no direct writes, not even through a group role */
  assert_refused (agent, "INSERT INTO audit_log (at, user_id, action) VALUES (1, 1, 'forged')", INSUFFICIENT_PRIVILEGE);
  assert_refused (agent, "UPDATE audit_log SET action = 'x'", INSUFFICIENT_PRIVILEGE);
  assert_refused (agent, "DELETE FROM audit_log", INSUFFICIENT_PRIVILEGE);
  assert_refused (agent, "SELECT * FROM audit_log", INSUFFICIENT_PRIVILEGE);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SET SESSION AUTHORIZATION %s", boss);
  assert_refused (agent, sql, INSUFFICIENT_PRIVILEGE);
  assert_refused (agent, "SET ROLE kefu_admin", INSUFFICIENT_PRIVILEGE);
  assert_refused (agent, "SET ROLE kefu_owner", INSUFFICIENT_PRIVILEGE);
  /* its own group role is allowed, and changes nothing in the log */
  g_free (one (agent, "SET ROLE kefu_agent"));
  t_before = number (agent, "SELECT floor (extract (epoch FROM now ()))");
  entry = number (agent, "SELECT kefu_audit_append ('print', 'tickets', 1, 'copies=1')");
  t_after = number (agent, "SELECT floor (extract (epoch FROM now ()))");
  g_free (one (agent, "RESET ROLE"));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT u.login FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.id = %" G_GINT64_FORMAT, entry);
  {
    g_autofree char *author = one (root, sql);
    g_autofree char *at_sql = g_strdup_printf ("SELECT at FROM audit_log WHERE id = %" G_GINT64_FORMAT, entry);
    gint64 at = number (root, at_sql);
    g_autofree char *hash_sql = g_strdup_printf ("SELECT hash FROM audit_log WHERE id = %" G_GINT64_FORMAT, entry);
    g_autofree char *prev_sql = g_strdup_printf ("SELECT hash FROM audit_log WHERE id = %" G_GINT64_FORMAT, entry - 1);
    g_autofree char *hash = one (root, hash_sql);
    g_autofree char *prev = one (root, prev_sql);
    g_autofree char *canonical = kefu_audit_canonical (entry, at, rec_id, "print", "tickets", 1, "copies=1");
    g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

    g_assert_cmpstr (author, ==, rec);
    /* the server's time, not one the caller could pass */
    g_assert_cmpint (at, >=, t_before);
    g_assert_cmpint (at, <=, t_after);
    /* the chain kefu-audit.c computes, continued on the server */
    g_checksum_update (sum, (const guchar *) prev, strlen (prev));
    g_checksum_update (sum, (const guchar *) "\n", 1);
    g_checksum_update (sum, (const guchar *) canonical, strlen (canonical));
    g_assert_cmpstr (hash, ==, g_checksum_get_string (sum));
  }
  /* no function lets a desk name another author */
  assert_refused (agent, "SELECT kefu_audit_append ('x', 'y', 1, 'z', 42)", "42883");

  /* a phone in full: audited, with a reason outside one's own tickets */
  {
    g_autofree char *state = refused (agent, "SELECT kefu_reveal_phone (1)");
    g_autofree char *phone = one (agent, "SELECT kefu_reveal_phone (1, '业主来电要求回拨')");
    g_autofree char *who = NULL;

    g_assert_cmpstr (state, ==, "KF025");   /* not yours: say why (server migration 43) */
    g_assert_cmpstr (phone, ==, "13812345678");
    who = one (root, "SELECT u.login || ' ' || a.detail FROM audit_log a JOIN users u ON u.id = a.user_id "
                     "WHERE a.action = 'reveal_phone' AND a.subject_id = 1");
    g_assert_true (g_str_has_prefix (who, rec));
    g_assert_nonnull (strstr (who, "reason=业主来电要求回拨"));
  }
  /* not for a dispatcher (Kefu's see_phone right) */
  dispatcher = must_sign_in (conninfo, disp, "dispatch-password");
  assert_refused (dispatcher, "SELECT kefu_reveal_phone (1, 'x')", "KF023");
  assert_refused (dispatcher, "SELECT phone FROM owners", INSUFFICIENT_PRIVILEGE);
  /* and nobody but an administrator manages people */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_create_person ('x%s', 'x', 'admin', 'password-123')", rec);
  assert_refused (agent, sql, INSUFFICIENT_PRIVILEGE);
  assert_refused (dispatcher, "CREATE ROLE sneaky LOGIN PASSWORD 'password-123'", INSUFFICIENT_PRIVILEGE);

  /* row-level security: the agent of 东苑 sees 东苑's tickets only */
  ticket_a = one (agent, "SELECT string_agg (number, ' ' ORDER BY id) FROM tickets");
  g_assert_cmpstr (ticket_a, ==, "GD202611250001");
  g_assert_cmpint (number (agent, "SELECT count(*) FROM tickets_masked"), ==, 1);
  g_assert_cmpint (number (agent, "SELECT count(*) FROM ticket_events WHERE ticket_id = 2"), ==, 0);
  {
    g_autofree char *state = refused (agent, "SELECT kefu_reveal_phone (2, 'x')");
    g_assert_cmpstr (state, ==, "KF024");   /* no ticket the caller may see */
  }
  assert_refused (agent, "INSERT INTO tickets (number, channel, kind, estate_id, location, description, created_at, "
                         "updated_at) VALUES ('GD202611250003', 'phone', 'repair', 2, '1栋', '漏水', 1795572000, 1795572000)",
                  RLS_VIOLATION);
  /* an UPDATE of the other estate's ticket finds nothing */
  g_assert_cmpint (number (agent, "WITH u AS (UPDATE tickets SET flagged = 1 WHERE id = 2 RETURNING 1) "
                                  "SELECT count(*) FROM u"), ==, 0);
  /* its own estate: may write */
  g_assert_cmpint (number (agent, "INSERT INTO tickets (number, channel, kind, estate_id, location, description, "
                                  "created_at, updated_at) VALUES ('GD202611250004', 'phone', 'repair', 1, '1栋', '门锁坏', "
                                  "1795572000, 1795572000) RETURNING id"), >, 2);
  agent2 = must_sign_in (conninfo, rec2, "agent-password-2");
  ticket_b = one (agent2, "SELECT string_agg (number, ' ' ORDER BY id) FROM tickets");
  g_assert_cmpstr (ticket_b, ==, "GD202611250002");
  g_assert_cmpint (number (agent2, "SELECT count(*) FROM ticket_events WHERE ticket_id = 2"), ==, 1);
  /* a dispatcher of every estate sees all three */
  g_assert_cmpint (number (dispatcher, "SELECT count(*) FROM tickets"), ==, 3);

  /* switched off: can no longer sign in; moved: loses the right */
  PQfinish (agent2);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_set_person_active ('%s', false)", rec2);
  g_free (one (admin, sql));
  g_clear_pointer (&why, g_free);
  g_assert_null (sign_in (conninfo, rec2, "agent-password-2", &why));
  g_assert_nonnull (strstr (why, "not permitted to log in"));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_set_person_role ('%s', 'dispatcher')", rec);
  g_free (one (admin, sql));
  PQfinish (agent);
  agent = must_sign_in (conninfo, rec, "agent-password-1");
  assert_refused (agent, "SELECT kefu_reveal_phone (1, 'x')", "KF023");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT role FROM users WHERE login = '%s'", rec);
  {
    g_autofree char *role = one (admin, sql);
    g_assert_cmpstr (role, ==, "dispatcher");
  }
  /* the functions touch only Kefu's people */
  assert_refused (admin, "SELECT kefu_set_person_active ('postgres', false)", "KF016");
  assert_refused (admin, "SELECT kefu_set_person_role ('kefu_owner', 'admin')", "KF016");
  /* and every change to people is in the log, by the administrator */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log_by_login WHERE login = '%s' "
                         "AND action IN ('user_added', 'user_disabled', 'role_changed')", boss);
  g_assert_cmpint (number (admin, sql), ==, 5);

  PQfinish (agent);
  PQfinish (dispatcher);
  PQfinish (admin);
  PQfinish (root);
  /* the cluster's roles outlive the database */
  {
    g_autoptr(KefuEngine) pg = NULL;
    g_autoptr(GError) error = NULL;
    const char *names[] = { boss, rec, rec2, disp };

    kefu_test_pg_drop (conninfo);
    pg = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", names[i]);
        g_assert_true (kefu_engine_exec (pg, drop, &error));
      }
  }
}

/* Search --------------------------------------------------------------------- */

static void
add_ticket (sqlite3    *db,
            KefuStore  *store,
            gint64      id,
            const char *location,
            const char *description,
            const char *phone)
{
  sqlite3_stmt *stmt;
  g_autofree char *number = g_strdup_printf ("GD20261125%04d", (int) id);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tickets (id, number, channel, kind, location, description, "
                                           "contact_phone, created_at, updated_at) VALUES (?, ?, 'phone', 'repair', ?, ?, ?, ?, ?)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, location, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, description, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, phone, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, 1795572000 + id);
  sqlite3_bind_int64 (stmt, 7, 1795572000 + id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_true (kefu_search_index_ticket (store, id, &error));
  g_assert_no_error (error);
}

/* The ids @engine's search finds for @query, newest first, as "a b c" */
static char *
sqlite_ids (KefuEngine *sqlite,
            const char *expr)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngineStmt) st = kefu_engine_prepare (sqlite, "SELECT rowid FROM ticket_search WHERE ticket_search "
                                                              "MATCH ?1 ORDER BY rowid DESC", &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  kefu_engine_bind_text (st, 1, expr);
  while (kefu_engine_step (st, &error) == KEFU_QUERY_ROW)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, s->len ? " " : "", kefu_engine_get_int (st, 0));
  g_assert_no_error (error);
  return g_string_free (s, FALSE);
}

static char *
server_ids (PGconn     *conn,
            const char *expr)
{
  const char *params[] = { expr };
  PGresult *res = PQexecParams (conn, "SELECT string_agg (id::text, ' ') FROM kefu_search_ticket_ids ($1) AS id",
                                1, NULL, params, NULL, NULL, 0);
  char *out;

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("search %s failed: %s", expr, PQresultErrorMessage (res));
  out = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return out;
}

static void
test_search (KefuTestDir   *f,
             gconstpointer  data)
{
  g_autofree char *conninfo = kefu_test_pg_create ();
  g_autofree char *path = kefu_test_path (f, "desk.db");
  g_autofree char *out = NULL, *o = NULL, *e = NULL, *sql = NULL, *who = person ("finder");
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuEngine) sqlite = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  PGconn *root, *finder;
  guint nonempty = 0;
  /* 2-, 3- and 4-character queries, digits, words, a prefix, two words;
   * 漏水管 is in no ticket as one phrase though 漏水 and 水管 are in #1 */
  const char *queries[] = {
    "漏水", "水管", "电梯", "天花", "门锁", "异响",
    "天花板", "漏水管", "水龙头", "电梯异", "楼上水",
    "天花板漏", "电梯异响", "厨房水龙", "水管破裂", "楼上漏水",
    "漏", "5678", "3栋50", "3栋5", "502", "elev", "noise", "漏水 3栋", "电梯 5栋", "1381",
  };

  if (conninfo == NULL)
    return;
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  add_ticket (db, store, 1, "3栋502", "卫生间天花板漏水，楼上水管破裂", "13812345678");
  add_ticket (db, store, 2, "5栋 电梯", "电梯异响，像金属摩擦", "13955556666");
  add_ticket (db, store, 3, "3栋501", "厨房水龙头漏水", "13700001111");
  add_ticket (db, store, 4, "地下车库", "Elevator noise reported by the night guard", "13812349999");
  add_ticket (db, store, 5, "7栋1203", "楼上漏水到天花板，门锁也坏了", "18600005678");
  add_ticket (db, store, 6, "3栋5", "电梯间异味", "");
  add_ticket (db, store, 7, "12栋", "水管漏水管道老化", "13612345678");
  sqlite3_close (db);
  g_clear_object (&store);

  out = server_init (conninfo);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "migrate", "--from", path, "--to", conninfo, NULL), ==, 0);
  /* a person seeing every estate searches, signed in as themself */
  root = must_sign_in (conninfo, "postgres", "-");
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '查询员', 'agent', 'finder-password', NULL)", who);
  g_free (one (root, sql));
  finder = must_sign_in (conninfo, who, "finder-password");

  sqlite = kefu_engine_open_sqlite (path, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *expr = kefu_search_match_expr (queries[i]);
      g_autofree char *want = sqlite_ids (sqlite, expr);
      g_autofree char *got = server_ids (finder, expr);

      g_test_message ("%s → %s: SQLite [%s], server [%s]", queries[i], expr, want, got);
      g_assert_cmpstr (got, ==, want);
      if (*want != '\0')
        nonempty++;
    }
  /* the cases are not all empty, nor all one answer */
  g_assert_cmpuint (nonempty, >=, G_N_ELEMENTS (queries) - 3);
  {
    g_autofree char *e1 = kefu_search_match_expr ("漏水管");
    g_autofree char *e2 = kefu_search_match_expr ("漏水");
    g_autofree char *phrase = server_ids (finder, e1);
    g_autofree char *pair = server_ids (finder, e2);
    g_assert_cmpstr (phrase, ==, "7");
    g_assert_cmpstr (pair, ==, "7 5 3 1");
  }
  /* a person bound to estates: the function looks each hit's ticket up
   * under their row-level security (one who sees them all reads the index
   * alone); bound to both estates the tickets are in, the same answers */
  g_free (one (root, "INSERT INTO estates (id, name, created_at) VALUES (901, '甲苑', 0), (902, '乙苑', 0)"));
  g_free (one (root, "UPDATE tickets SET estate_id = CASE WHEN id % 2 = 1 THEN 901 ELSE 902 END"));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_set_person_estates ('%s', '{901,902}')", who);
  g_free (one (root, sql));
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *expr = kefu_search_match_expr (queries[i]);
      g_autofree char *want = sqlite_ids (sqlite, expr);
      g_autofree char *got = server_ids (finder, expr);

      g_assert_cmpstr (got, ==, want);
    }
  /* bound to one estate, its tickets alone: none of 漏水's (#1, #3, #5,
   * #7, in the other one), both of 电梯's */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_set_person_estates ('%s', '{902}')", who);
  g_free (one (root, sql));
  {
    g_autofree char *e1 = kefu_search_match_expr ("漏水");
    g_autofree char *e2 = kefu_search_match_expr ("电梯");
    g_autofree char *odd = server_ids (finder, e1);
    g_autofree char *even = server_ids (finder, e2);
    g_assert_cmpstr (odd, ==, "");
    g_assert_cmpstr (even, ==, "6 2");
  }
  /* the server's row-level security holds in search too */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT kefu_set_person_estates ('%s', '{}')", who);
  g_free (one (root, sql));
  {
    g_autofree char *expr = kefu_search_match_expr ("漏水");
    g_autofree char *none = server_ids (finder, expr);
    g_assert_cmpstr (none, ==, "");
  }

  PQfinish (finder);
  PQfinish (root);
  g_clear_pointer (&sqlite, kefu_engine_free);
  kefu_test_pg_drop (conninfo);
  {
    g_autoptr(KefuEngine) pg = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
    g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", who);
    g_assert_no_error (error);
    g_assert_true (kefu_engine_exec (pg, drop, &error));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server-rights/people-and-audit", test_people_and_audit);
  g_test_add ("/server-rights/search", KefuTestDir, NULL, kefu_test_dir_setup, test_search, kefu_test_dir_teardown);
  return g_test_run ();
}
