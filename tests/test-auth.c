/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-auth.c — PINs, locks, second persons and the rights the core enforces
 *
 * Each argon2id hash or check takes a good fraction of a second (64 MB,
 * on purpose): the tests make few of them.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "kefu-auth.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-exam.h"
#include "kefu-exam-print.h"
#include "kefu-enums.h"
#include "kefu-export.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-question-io.h"
#include "kefu-questions.h"
#include "kefu-store.h"
#include "kefu-test-util.h"

/* The argon2id cost of this build's hashes: libsodium's interactive one,
 * or its minimum in a build with the test-only option test_cheap_pin_hash. */
#ifdef KEFU_TEST_CHEAP_PIN_HASH
#define BUILD_COST "$argon2id$v=19$m=8,t=1,p=1$"
#define OTHER_COST "$argon2id$v=19$m=65536,t=2,p=1$"
#define OTHER_OPS crypto_pwhash_OPSLIMIT_INTERACTIVE
#define OTHER_MEM crypto_pwhash_MEMLIMIT_INTERACTIVE
#else
#define BUILD_COST "$argon2id$v=19$m=65536,t=2,p=1$"
#define OTHER_COST "$argon2id$v=19$m=8,t=1,p=1$"
#define OTHER_OPS crypto_pwhash_OPSLIMIT_MIN
#define OTHER_MEM crypto_pwhash_MEMLIMIT_MIN
#endif

/* A fixed "now": Wednesday 2026-11-25 10:00 in Shenzhen (02:00 UTC). */
#define TEST_NOW G_GINT64_CONSTANT (1795572000)

typedef struct {
  KefuTestDir  dir;
  char        *path;
  KefuStore   *store;
} Fixture;

/* The store's clock: every lock and audit row is timed by it. */
static void
set_clock (Fixture *f,
           gint64   unix_utc)
{
  kefu_store_set_now (f->store, unix_utc);
}

static gint64
scalar (Fixture    *f,
        const char *sql)
{
  return kefu_test_scalar (f->path, sql);
}

static gint64
user_id (Fixture    *f,
         const char *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", login);
  return scalar (f, sql);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kefu_test_dir_setup (&f->dir, data);
  f->path = kefu_test_path (&f->dir, "kefu.db");
  f->store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  set_clock (f, TEST_NOW);
  if (GPOINTER_TO_UINT (data) > 0)
    {
      KefuDemoOptions options = { GPOINTER_TO_UINT (data), 3, TEST_NOW };

      g_assert_true (kefu_demo_generate (f->store, &options, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      /* these tests act by hand: the dispatcher turns the rules off */
      kefu_store_set_actor (f->store, user_id (f, "huangwei"));
      g_assert_true (kefu_dispatch_set_auto (f->store, FALSE, &error));
      g_assert_no_error (error);
      kefu_store_set_actor (f->store, 0);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  kefu_test_dir_teardown (&f->dir, data);
}

static void
test_lock_seconds (void)
{
  g_assert_cmpint (kefu_auth_lock_seconds (0), ==, 0);
  g_assert_cmpint (kefu_auth_lock_seconds (4), ==, 0);
  g_assert_cmpint (kefu_auth_lock_seconds (5), ==, 60);
  g_assert_cmpint (kefu_auth_lock_seconds (6), ==, 120);
  g_assert_cmpint (kefu_auth_lock_seconds (7), ==, 240);
  g_assert_cmpint (kefu_auth_lock_seconds (10), ==, 1920);
  g_assert_cmpint (kefu_auth_lock_seconds (11), ==, 3600);
  g_assert_cmpint (kefu_auth_lock_seconds (1000), ==, 3600);
}

static void
test_new_secret_rules (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_auth_check_new_secret ("agent", "2468", &error));
  g_assert_no_error (error);
  g_assert_true (kefu_auth_check_new_secret ("agent", "静静静静", &error));
  g_assert_false (kefu_auth_check_new_secret ("agent", "123", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WEAK);
  g_clear_error (&error);
  /* an administrator's password is longer */
  g_assert_false (kefu_auth_check_new_secret ("admin", "1234567", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WEAK);
  g_assert_nonnull (strstr (error->message, "8"));
  g_clear_error (&error);
  g_assert_true (kefu_auth_check_new_secret ("admin", "12345678", &error));
  g_assert_false (kefu_auth_check_new_secret ("agent", "12\t34", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WEAK);
  g_clear_error (&error);
  {
    g_autofree char *long_pin = g_strnfill (KEFU_SECRET_MAX_BYTES + 1, '7');
    g_assert_false (kefu_auth_check_new_secret ("agent", long_pin, &error));
    g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WEAK);
  }
}

/* The first administrator: a password kept as argon2id only, a one-time
 * recovery code, and sign-in with it (a wrong password is audited). */
static void
test_first_admin (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *second_code = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autofree char *hash = NULL;
  gint64 id;

  g_assert_true (kefu_store_is_empty (f->store));
  id = kefu_auth_create_admin (f->store, "admin", "王管理", "correct horse", &code, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* XXXX-XXXX-XXXX-XXXX of unambiguous letters and digits */
  g_assert_cmpuint (strlen (code), ==, 19);
  g_assert_true (g_regex_match_simple ("^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$", code, 0, 0));

  /* stored as argon2id strings, never in clear */
  {
    g_autoptr(KefuStore) other = kefu_test_other_store_for (f->path);
    const char *sql = "SELECT pin_hash, recovery_hash, role FROM users";
    KEFU_AUTO_QUERY *stmt = kefu_test_query (other, sql);

    g_assert_true (kefu_test_step (other, sql, stmt));
    hash = g_strdup (kefu_query_get_text (stmt, 0));
    g_assert_true (g_str_has_prefix (hash, BUILD_COST));
    g_assert_null (strstr (hash, "correct horse"));
    g_assert_true (g_str_has_prefix (kefu_query_get_text (stmt, 1), "$argon2id$"));
    g_assert_cmpstr (kefu_query_get_text (stmt, 2), ==, "admin");
  }

  /* only once: the database has a user now */
  g_assert_cmpint (kefu_auth_create_admin (f->store, "admin2", NULL, "another password", &second_code, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_null (second_code);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM users"), ==, 1);

  user = kefu_auth_sign_in_login (f->store, "admin", "correct horse!", &error);
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN);
  g_assert_null (user);
  g_assert_cmpint (kefu_store_get_actor (f->store), ==, 0);
  g_clear_error (&error);
  user = kefu_auth_sign_in_login (f->store, "admin", "correct horse", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kefu_user_get_name (user), ==, "王管理");
  g_assert_cmpint (kefu_store_get_actor (f->store), ==, id);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'admin_created'"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed' AND subject_id = 1 "
                              "AND detail = '1'"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND user_id = 1"), ==, 1);
  /* the audit log holds ids and codes, no secrets */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE detail LIKE '%horse%'"), ==, 0);
  /* a right PIN clears the count of wrong ones */
  g_assert_cmpint (scalar (f, "SELECT failed_tries FROM users WHERE id = 1"), ==, 0);
}

/* Five wrong tries lock the user for a minute; a wrong try after the lock
 * locks for two; while locked even the right PIN is refused; a right PIN
 * after the lock signs in and clears the count. The store's clock decides. */
static void
test_wrong_pin_locks (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autoptr(KefuUser) user = NULL;
  gint64 agent;

  g_assert_cmpint (kefu_auth_create_admin (f->store, "admin", NULL, "admin-password", &code, &error), >, 0);
  kefu_store_set_actor (f->store, 1);
  agent = kefu_auth_add_user (f->store, "chenjing", "陈静", "agent", NULL, "2468", &error);
  g_assert_no_error (error);
  kefu_auth_sign_out (f->store);

  for (guint i = 1; i <= 4; i++)
    {
      g_assert_null (kefu_auth_sign_in (f->store, agent, "1357", &error));
      g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN);
      g_clear_error (&error);
      g_assert_cmpint (kefu_auth_locked_until (f->store, agent), ==, 0);
    }
  g_assert_cmpint (scalar (f, "SELECT failed_tries FROM users WHERE login = 'chenjing'"), ==, 4);

  /* the fifth locks for a minute */
  g_assert_null (kefu_auth_sign_in (f->store, agent, "1357", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN);
  g_assert_nonnull (strstr (error->message, "1 minute"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_auth_locked_until (f->store, agent), ==, TEST_NOW + 60);
  g_assert_cmpint (scalar (f, "SELECT locked_until FROM users WHERE login = 'chenjing'"), ==, TEST_NOW + 60);

  /* locked: the right PIN is refused, not even checked, and not counted */
  set_clock (f, TEST_NOW + 59);
  g_assert_null (kefu_auth_sign_in (f->store, agent, "2468", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (kefu_store_get_actor (f->store), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT failed_tries FROM users WHERE login = 'chenjing'"), ==, 5);

  /* after the lock, one more wrong try locks for twice as long */
  set_clock (f, TEST_NOW + 61);
  g_assert_null (kefu_auth_sign_in (f->store, agent, "1357", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN);
  g_assert_nonnull (strstr (error->message, "2 minutes"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_auth_locked_until (f->store, agent), ==, TEST_NOW + 61 + 120);
  set_clock (f, TEST_NOW + 61 + 119);
  g_assert_null (kefu_auth_sign_in (f->store, agent, "2468", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_LOCKED);
  g_clear_error (&error);

  set_clock (f, TEST_NOW + 61 + 120);
  user = kefu_auth_sign_in (f->store, agent, "2468", &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpint (kefu_store_get_actor (f->store), ==, agent);
  g_assert_cmpint (scalar (f, "SELECT failed_tries FROM users WHERE login = 'chenjing'"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT locked_until IS NULL FROM users WHERE login = 'chenjing'"), ==, 1);

  /* every try is in the audit log, at the store's time */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed' AND subject_id = 2"), ==, 6);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'user_locked' AND subject_id = 2"), ==, 2);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'sign_in_refused' AND subject_id = 2 "
                              "AND detail = 'locked'"), ==, 2);
  g_assert_cmpint (scalar (f, "SELECT max(at) FROM audit_log WHERE action = 'sign_in' AND subject_id = 2"), ==,
                   TEST_NOW + 181);
}

/* An administrator adds users, resets a PIN (which lifts a lock) and
 * disables an account; nobody else may. */
static void
test_manage_users (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  gint64 agent, admin;

  admin = kefu_auth_create_admin (f->store, "admin", NULL, "admin-password", &code, &error);
  /* nobody signed in: refused */
  g_assert_cmpint (kefu_auth_add_user (f->store, "liuyang", "刘洋", "agent", NULL, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  kefu_store_set_actor (f->store, admin);
  agent = kefu_auth_add_user (f->store, "liuyang", "刘洋", "agent", "客服专员", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_auth_add_user (f->store, "liuyang", "刘洋", "agent", NULL, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_auth_add_user (f->store, "li yang", "刘洋", "agent", NULL, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (kefu_auth_add_user (f->store, "x", "某人", "boss", NULL, NULL, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* without a PIN nobody can sign in as them */
  kefu_auth_sign_out (f->store);
  g_assert_null (kefu_auth_sign_in (f->store, agent, "", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_NO_PIN);
  g_clear_error (&error);

  /* an agent may not manage users */
  kefu_store_set_actor (f->store, agent);
  g_assert_false (kefu_auth_reset_pin (f->store, agent, "2468", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (kefu_auth_list_accounts (f->store, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  kefu_store_set_actor (f->store, admin);
  g_assert_false (kefu_auth_reset_pin (f->store, agent, "12", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WEAK);
  g_clear_error (&error);
  g_assert_true (kefu_auth_reset_pin (f->store, agent, "2468", &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'pin_reset' AND user_id = 1 AND subject_id = 2"), ==, 1);

  /* a reset lifts a lock */
  kefu_test_other_exec (f->path, "UPDATE users SET failed_tries = 7, locked_until = 1795579200 WHERE id = 2");
  g_assert_cmpint (kefu_auth_locked_until (f->store, agent), ==, 1795579200);
  g_assert_true (kefu_auth_reset_pin (f->store, agent, "8642", &error));
  g_assert_cmpint (kefu_auth_locked_until (f->store, agent), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT failed_tries FROM users WHERE id = 2"), ==, 0);

  /* nobody disables themselves; a disabled user cannot sign in */
  g_assert_false (kefu_auth_set_active (f->store, admin, FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_auth_set_active (f->store, agent, FALSE, &error));
  g_assert_no_error (error);
  accounts = kefu_auth_list_accounts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 2);
  g_assert_cmpstr (((KefuAccount *) accounts->pdata[1])->login, ==, "liuyang");
  g_assert_false (((KefuAccount *) accounts->pdata[1])->active);
  g_assert_true (((KefuAccount *) accounts->pdata[1])->has_pin);
  g_assert_null (kefu_auth_sign_in (f->store, agent, "8642", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_DISABLED);
  g_clear_error (&error);
  /* still the admin at this desk: a refused sign-in changes nobody */
  g_assert_cmpint (kefu_store_get_actor (f->store), ==, admin);
}

/* One's own PIN, with the current one first; and the recovery code: a way
 * back in for an administrator, used once. */
static void
test_change_pin_and_recover (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *next = NULL;
  g_autofree char *again = NULL;
  g_autoptr(KefuUser) user = NULL;
  gint64 admin;

  admin = kefu_auth_create_admin (f->store, "admin", NULL, "first password", &code, &error);
  g_assert_no_error (error);

  /* nobody signed in: nothing to change */
  g_assert_false (kefu_auth_change_pin (f->store, "first password", "second password", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, admin);
  g_assert_false (kefu_auth_change_pin (f->store, "not it", "second password", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_true (kefu_auth_change_pin (f->store, "first password", "second password", &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'pin_changed' AND user_id = 1"), ==, 1);

  /* forgotten: a wrong code is refused and audited */
  kefu_auth_sign_out (f->store);
  g_assert_null (kefu_auth_recover (f->store, admin, "AAAA-BBBB-CCCC-DDDD", "third password", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_RECOVERY);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'recovery_failed'"), ==, 1);
  /* typed in lower case with spaces: the same code */
  {
    g_autofree char *typed = g_ascii_strdown (code, -1);
    g_strdelimit (typed, "-", ' ');
    next = kefu_auth_recover (f->store, admin, typed, "third password", &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (next);
  g_assert_cmpstr (next, !=, code);
  /* used up */
  g_assert_null (kefu_auth_recover (f->store, admin, code, "fourth password", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_RECOVERY);
  g_clear_error (&error);

  g_assert_null (kefu_auth_sign_in (f->store, admin, "second password", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN);
  g_clear_error (&error);
  user = kefu_auth_sign_in (f->store, admin, "third password", &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'recovered' AND user_id = 1"), ==, 1);
}

static gint64
log_urgent_ticket (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KefuTicketDraft d = { "phone", "repair", "elevator", 2,
                        scalar (f, "SELECT id FROM buildings WHERE name = '3栋'"), 0, "电梯", 0,
                        "李先生", "13800138000", "电梯困人，有老人被困", 0 };
  gint64 id = kefu_desk_create_ticket (f->store, &d, &error);

  g_assert_no_error (error);
  return id;
}

/* 双人复核 at one desk: the agent who logged the urgent ticket stays signed
 * in; a colleague types their own PIN and the check is theirs. A wrong
 * PIN, a role that may not, or a confirmation gone stale is refused. */
static void
test_second_person (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) agent = NULL;
  g_autoptr(KefuUser) colleague = NULL;
  g_autoptr(KefuUser) supervisor = NULL;
  gint64 liuyang = user_id (f, "liuyang"), guohong = user_id (f, "guohong"), xuqiang = user_id (f, "xuqiang");
  gint64 id, other;

  agent = kefu_auth_sign_in_login (f->store, "chenjing", KEFU_DEMO_PIN, &error);
  g_assert_no_error (error);
  id = log_urgent_ticket (f);
  other = log_urgent_ticket (f);

  /* not by the agent who logged it */
  g_assert_false (kefu_desk_verify (f->store, id, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* a wrong PIN confirms nothing, and is audited */
  g_assert_null (kefu_auth_confirm (f->store, liuyang, "0000", KEFU_PERMISSION_VERIFY, &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN);
  g_clear_error (&error);
  g_assert_false (kefu_desk_verify (f->store, id, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* a trainer may not verify: refused before the PIN is even checked */
  g_assert_null (kefu_auth_confirm (f->store, guohong, KEFU_DEMO_PIN, KEFU_PERMISSION_VERIFY, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  colleague = kefu_auth_confirm (f->store, liuyang, KEFU_DEMO_PIN, KEFU_PERMISSION_VERIFY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kefu_user_get_login (colleague), ==, "liuyang");
  g_assert_true (kefu_desk_verify (f->store, id, &error));
  g_assert_no_error (error);
  /* the desk did not change hands */
  g_assert_cmpint (kefu_store_get_actor (f->store), ==, kefu_user_get_id (agent));
  g_assert_cmpint (scalar (f, "SELECT verified_by FROM tickets ORDER BY id DESC LIMIT 1 OFFSET 1"), ==, liuyang);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM ticket_events WHERE kind = 'verify' AND user_id = "
                              "(SELECT id FROM users WHERE login = 'liuyang')"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'confirm' AND detail = 'verify' AND user_id = "
                              "(SELECT id FROM users WHERE login = 'liuyang')"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed' AND subject_id = "
                              "(SELECT id FROM users WHERE login = 'liuyang')"), ==, 1);

  /* used once: the next ticket needs the PIN again */
  g_assert_false (kefu_desk_verify (f->store, other, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  /* and only for a while */
  g_clear_object (&colleague);
  colleague = kefu_auth_confirm (f->store, liuyang, KEFU_DEMO_PIN, KEFU_PERMISSION_VERIFY, &error);
  g_assert_no_error (error);
  set_clock (f, TEST_NOW + KEFU_AUTH_CONFIRM_SECONDS + 1);
  g_assert_false (kefu_desk_verify (f->store, other, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT verified_by IS NULL FROM tickets ORDER BY id DESC LIMIT 1"), ==, 1);

  /* approving a cancellation: an agent may not cancel alone */
  g_assert_false (kefu_desk_move (f->store, other, "cancelled", "业主已自行脱困", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  supervisor = kefu_auth_confirm (f->store, xuqiang, KEFU_DEMO_PIN, KEFU_PERMISSION_CANCEL_TICKETS, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_desk_move (f->store, other, "cancelled", "业主已自行脱困", &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets WHERE status = 'cancelled' AND id = "
                              "(SELECT max(id) FROM tickets)"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'approve_cancel' AND subject_table = 'tickets' "
                              "AND subject_id = (SELECT max(id) FROM tickets) AND user_id = "
                              "(SELECT id FROM users WHERE login = 'xuqiang')"), ==, 1);
  g_assert_cmpint (kefu_store_get_actor (f->store), ==, kefu_user_get_id (agent));
}

/* A trainer may not export owners' phones; a supervisor may. Answer keys
 * go only to trainers, supervisors and administrators. */
static void
test_rights_in_the_core (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = kefu_test_path (&f->dir, "tickets.csv");
  g_autofree char *gift = kefu_test_path (&f->dir, "bank.gift");
  g_autofree char *pdf = kefu_test_path (&f->dir, "paper.pdf");
  KefuExportOptions options = { KEFU_EXPORT_CSV, csv, 0, 0, FALSE, NULL, TRUE };   /* in full */
  const char *labels[] = { "A", NULL };
  gint64 bank = scalar (f, "SELECT min(id) FROM question_banks");
  gint64 exam = scalar (f, "SELECT min(id) FROM exams");
  guint n = 0;

  /* nobody signed in */
  g_assert_false (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  kefu_store_set_actor (f->store, user_id (f, "guohong"));
  g_assert_false (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  /* the trainer reads answer keys */
  g_assert_true (kefu_questions_export_file (f->store, bank, KEFU_QUESTION_FORMAT_GIFT, gift, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);

  kefu_store_set_actor (f->store, user_id (f, "chenjing"));
  g_assert_false (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_remove (gift);
  g_assert_false (kefu_questions_export_file (f->store, bank, KEFU_QUESTION_FORMAT_GIFT, gift, &n, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (g_file_test (gift, G_FILE_TEST_EXISTS));
  g_assert_false (kefu_exam_print_versions (f->store, exam, labels, pdf, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  /* nor change a bank */
  g_assert_cmpint (kefu_bank_ensure (f->store, "新题库", &error), <, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);

  kefu_store_set_actor (f->store, user_id (f, "xuqiang"));
  g_assert_true (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
}

/* The cost of a hash is the build's: libsodium's interactive cost, unless
 * the build has the test-only option test_cheap_pin_hash; a hash made at
 * the other cost (a database a test build touched) is renewed at this
 * build's cost by the next right PIN, and a wrong PIN changes nothing. */
static void
test_hash_cost (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autofree char *hash = kefu_auth_hash ("2468", &error);
  g_autofree char *stored = NULL;
  char other[crypto_pwhash_STRBYTES];
  gint64 id;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, BUILD_COST));
  g_assert_cmpint (crypto_pwhash_str_verify (hash, "2468", 4), ==, 0);

  /* 陈静's hash, as a build with the other cost made it */
  id = user_id (f, "chenjing");
  g_assert_cmpint (sodium_init (), >=, 0);
  g_assert_cmpint (crypto_pwhash_str (other, "2468", 4, OTHER_OPS, OTHER_MEM), ==, 0);
  g_assert_true (g_str_has_prefix (other, OTHER_COST));
  kefu_test_other_exec (f->path, "UPDATE users SET pin_hash = ?1 WHERE id = ?2", KEFU_TEST_TEXT (other), KEFU_TEST_INT (id));

  /* a wrong PIN leaves it as it is */
  g_assert_null (kefu_auth_sign_in (f->store, id, "1357", &error));
  g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN);
  g_clear_error (&error);
  {
    /* an argon2id string holds no quote */
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM users WHERE id = %" G_GINT64_FORMAT " AND pin_hash = '%s'",
                                            id, other);
    g_assert_cmpint (scalar (f, sql), ==, 1);
  }

  /* the right one signs in and renews it at this build's cost */
  user = kefu_auth_sign_in (f->store, id, "2468", &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  stored = kefu_test_other_row_text (f->path, "SELECT pin_hash FROM users WHERE id = ?1", KEFU_TEST_INT (id));
  g_assert_true (g_str_has_prefix (stored, BUILD_COST));
  g_assert_cmpstr (stored, !=, other);
  g_assert_cmpint (crypto_pwhash_str_verify (stored, "2468", 4), ==, 0);
  /* and the same PIN still signs in */
  kefu_auth_sign_out (f->store);
  g_clear_object (&user);
  user = kefu_auth_sign_in (f->store, id, "2468", &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
}

/* A sign-in row says the role once: a job title that is only the role's
 * Chinese name is not added to the English one. */
static void
test_role_with_title (void)
{
  static const struct { const char *role, *title, *shown; } cases[] = {
    { "agent", "客服专员", "Service agent" },
    { "agent", "资深客服", "Service agent · 资深客服" },
    { "agent", "Service agent", "Service agent" },
    { "supervisor", "客服主管", "Supervisor" },
    { "dispatcher", NULL, "Dispatcher" },
    { "trainer", "内训师", "Trainer · 内训师" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = kefu_role_with_title (cases[i].role, cases[i].title);
      g_assert_cmpstr (shown, ==, cases[i].shown);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/auth/lock-seconds", test_lock_seconds);
  g_test_add_func ("/core/auth/role-said-once", test_role_with_title);
  g_test_add_func ("/core/auth/new-secret-rules", test_new_secret_rules);
  g_test_add ("/core/auth/first-admin", Fixture, NULL, fixture_setup, test_first_admin, fixture_teardown);
  g_test_add ("/core/auth/hash-cost", Fixture, GUINT_TO_POINTER (20), fixture_setup, test_hash_cost, fixture_teardown);
  g_test_add ("/core/auth/wrong-pin-locks", Fixture, NULL, fixture_setup, test_wrong_pin_locks, fixture_teardown);
  g_test_add ("/core/auth/manage-users", Fixture, NULL, fixture_setup, test_manage_users, fixture_teardown);
  g_test_add ("/core/auth/change-pin-and-recover", Fixture, NULL, fixture_setup, test_change_pin_and_recover,
              fixture_teardown);
  g_test_add ("/core/auth/second-person", Fixture, GUINT_TO_POINTER (60), fixture_setup, test_second_person,
              fixture_teardown);
  g_test_add ("/core/auth/rights-in-the-core", Fixture, GUINT_TO_POINTER (60), fixture_setup, test_rights_in_the_core,
              fixture_teardown);

  return g_test_run ();
}
