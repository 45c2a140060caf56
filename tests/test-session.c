/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c — kefu-cli's sessions: a sign-in kept for a few minutes
 * for one OS user (#21, kefu-session.h, src/cli/kefu-cli-session.c)
 *
 * After `kefu-cli --as LOGIN signin` (the PIN once), a command that only
 * reads takes no PIN; what the database keeps cannot be used as a token;
 * a token of another OS user, an expired one, a signed-out one, a revoked
 * one (new PIN, disabled user) and one whose user's role changed are
 * refused, and so are token files and folders open to others; signing out
 * removes the file and the database's row. Files only: SQLite.
 */
#include "config.h"

#include <gio/gio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kefu-auth.h"
#include "kefu-session.h"
#include "kefu-store.h"
#include "kefu-test-store.h"
#include "kefu-test-util.h"

#define SAMPLE_NOW "2026-11-25 10:00"
#define LOGIN "xuqiang"
#define PIN "1234\n"

/* A sample desk of 60 tickets, and a runtime folder of this test's own */
static char *
make_desk (KefuTestDir *f)
{
  char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *run = kefu_test_path (f, "run");
  g_autofree char *o = NULL, *e = NULL;

  g_assert_cmpint (g_mkdir (run, 0700), ==, 0);
  g_setenv ("XDG_RUNTIME_DIR", run, TRUE);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "--db", path, "init", "--demo", "60", "--seed", "5",
                                      "--now", SAMPLE_NOW, NULL), ==, 0);
  return path;
}

/* The one token file under $XDG_RUNTIME_DIR/kefu, or NULL */
static char *
token_file (KefuTestDir *f)
{
  g_autofree char *dir = kefu_test_path (f, "run/kefu");
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_assert_null (found);
      found = g_build_filename (dir, name, NULL);
    }
  return found;
}

static char *
token_of (const char *file)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
  return g_strstrip (g_strdup (text));
}

static void
signin (const char *path,
        const char *when,
        const char *minutes)
{
  g_autofree char *o = NULL, *e = NULL;

  g_assert_cmpint (kefu_test_run_cli (when, PIN, &o, &e, "--db", path, "--as", LOGIN, "signin",
                                      "--minutes", minutes, NULL), ==, 0);
  g_assert_cmpstr (e, ==, "");
  g_assert_nonnull (strstr (o, "Signed in as " LOGIN));
}

/* search 漏水 --count without a PIN: its exit status; *out the count */
static int
search_without_pin (const char  *path,
                    const char  *when,
                    char       **out,
                    char       **err)
{
  return kefu_test_run_cli (when, NULL, out, err, "--db", path, "--as", LOGIN, "search", "漏水", "--count", NULL);
}

static void
test_signin_search_signout (KefuTestDir   *f,
                            gconstpointer  data)
{
  g_autofree char *path = make_desk (f);
  g_autofree char *file = NULL, *token = NULL, *hash = NULL, *dir = kefu_test_path (f, "run/kefu");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  struct stat st;
  gint64 audit_before;

  /* without a session, no PIN: refused */
  g_assert_cmpint (search_without_pin (path, NULL, &o1, &e1), ==, 1);
  g_assert_nonnull (strstr (e1, "No PIN was given"));
  g_clear_pointer (&o1, g_free);
  g_clear_pointer (&e1, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, PIN, &o1, &e1, "--db", path, "--as", LOGIN, "search", "漏水", "--count",
                                      NULL), ==, 0);

  signin (path, NULL, "15");
  /* signing in again ends the session kept before */
  signin (path, NULL, "15");
  g_assert_cmpint (kefu_test_other_int (path, "SELECT count(*) FROM cli_sessions"), ==, 1);
  /* the folder and the file are this account's alone */
  g_assert_cmpint (stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  file = token_file (f);
  g_assert_nonnull (file);
  g_assert_cmpint (stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (st.st_uid, ==, getuid ());
  token = token_of (file);
  g_assert_cmpuint (strlen (token), ==, 64);

  /* the database keeps the token's hash only, with the OS user and the
   * start audited once */
  hash = kefu_session_token_hash (token);
  g_assert_cmpint (kefu_test_other_int (path, "SELECT count(*) FROM cli_sessions"), ==, 1);
  g_assert_cmpint (kefu_test_other_int (path, "SELECT count(*) FROM cli_sessions WHERE token_hash = ?1 AND os_uid = ?2 "
                                              "AND expires_at - created_at = 900",
                                        KEFU_TEST_TEXT (hash), KEFU_TEST_INT (getuid ())), ==, 1);
  g_assert_cmpint (kefu_test_other_int (path, "SELECT count(*) FROM cli_sessions WHERE instr(token_hash, ?1) > 0 "
                                              "OR instr(role, ?1) > 0", KEFU_TEST_TEXT (token)), ==, 0);
  g_assert_cmpint (kefu_test_other_int (path, "SELECT count(*) FROM audit_log WHERE instr(coalesce(detail, ''), ?1) > 0",
                                        KEFU_TEST_TEXT (token)), ==, 0);
  g_assert_cmpint (kefu_test_other_int (path, "SELECT count(*) FROM audit_log WHERE action = 'session_start'"), ==, 2);

  /* a read without the PIN: the same answer, and nothing written */
  audit_before = kefu_test_other_int (path, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (search_without_pin (path, NULL, &o2, &e2), ==, 0);
  g_assert_cmpstr (e2, ==, "");
  g_assert_cmpstr (o2, ==, o1);
  g_assert_cmpint (kefu_test_other_int (path, "SELECT count(*) FROM audit_log"), ==, audit_before);

  /* a command that changes data still asks for the PIN */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "--db", path, "--as", LOGIN, "owner", "erase", "1", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (e3, "No PIN was given"));

  /* signing out removes both */
  g_clear_pointer (&o3, g_free);
  g_clear_pointer (&e3, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "--db", path, "--as", LOGIN, "signout", NULL), ==, 0);
  g_assert_nonnull (strstr (o3, "Signed out"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_assert_cmpint (kefu_test_other_int (path, "SELECT count(*) FROM cli_sessions"), ==, 0);
  g_assert_cmpint (kefu_test_other_int (path, "SELECT count(*) FROM audit_log WHERE action = 'session_end'"), ==, 2);
  g_assert_cmpint (search_without_pin (path, NULL, &o4, &e4), ==, 1);
  g_assert_nonnull (strstr (e4, "No PIN was given"));
}

/* A token file holding what the database keeps is no token; a file or a
 * folder open to others is refused; no session without XDG_RUNTIME_DIR */
static void
test_refused_files (KefuTestDir   *f,
                    gconstpointer  data)
{
  g_autofree char *path = make_desk (f);
  g_autofree char *file = NULL, *token = NULL, *hash = NULL, *dir = kefu_test_path (f, "run/kefu");
  g_autofree char *run = kefu_test_path (f, "run");
  g_autofree char *o = NULL, *e = NULL;

  signin (path, NULL, "15");
  file = token_file (f);
  token = token_of (file);

  /* open to others: refused, then the PIN is asked as before */
  g_assert_cmpint (chmod (file, 0644), ==, 0);
  g_assert_cmpint (search_without_pin (path, NULL, &o, &e), ==, 1);
  g_assert_nonnull (strstr (e, "is refused"));
  g_assert_nonnull (strstr (e, "No PIN was given"));
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, PIN, &o, &e, "--db", path, "--as", LOGIN, "search", "漏水", "--count",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (e, "is refused"));
  g_assert_cmpint (chmod (file, 0600), ==, 0);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (search_without_pin (path, NULL, &o, &e), ==, 0);

  /* the database's hash in the file: no session */
  hash = kefu_session_token_hash (token);
  g_assert_true (g_file_set_contents (file, hash, -1, NULL));
  g_assert_cmpint (chmod (file, 0600), ==, 0);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (search_without_pin (path, NULL, &o, &e), ==, 1);
  g_assert_nonnull (strstr (e, "signed out or revoked"));
  /* a stale file is removed */
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  /* a folder open to others: no sign-in, and no PIN is asked for it */
  g_assert_cmpint (chmod (dir, 0755), ==, 0);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, PIN, &o, &e, "--db", path, "--as", LOGIN, "signin", NULL), ==, 1);
  g_assert_nonnull (strstr (e, "is refused"));
  g_assert_cmpint (kefu_test_other_int (path, "SELECT count(*) FROM cli_sessions WHERE expires_at > unixepoch()"), ==, 1);
  g_assert_cmpint (chmod (dir, 0700), ==, 0);

  /* no XDG_RUNTIME_DIR: none */
  g_unsetenv ("XDG_RUNTIME_DIR");
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, PIN, &o, &e, "--db", path, "--as", LOGIN, "signin", NULL), ==, 1);
  g_assert_nonnull (strstr (e, "XDG_RUNTIME_DIR"));
  g_setenv ("XDG_RUNTIME_DIR", run, TRUE);
}

/* Another OS user's token, a role changed, a user disabled, a new PIN */
static void
test_refused_sessions (KefuTestDir   *f,
                       gconstpointer  data)
{
  g_autofree char *path = make_desk (f);
  g_autofree char *o = NULL, *e = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autofree char *role = NULL;
  gint64 admin;

  /* a session row of another uid (a token carried to another account) */
  signin (path, NULL, "15");
  kefu_test_other_exec (path, "UPDATE cli_sessions SET os_uid = os_uid + 1");
  g_assert_cmpint (search_without_pin (path, NULL, &o, &e), ==, 1);
  g_assert_nonnull (strstr (e, "another account"));
  g_assert_null (token_file (f));

  /* the role changed since */
  role = kefu_test_other_text (path, "SELECT role FROM users WHERE login = ?1", KEFU_TEST_TEXT (LOGIN));
  signin (path, NULL, "15");
  kefu_test_other_exec (path, "UPDATE users SET role = 'trainer' WHERE login = ?1", KEFU_TEST_TEXT (LOGIN));
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (search_without_pin (path, NULL, &o, &e), ==, 1);
  g_assert_nonnull (strstr (e, "role changed"));
  kefu_test_other_exec (path, "UPDATE users SET role = ?2 WHERE login = ?1", KEFU_TEST_TEXT (LOGIN), KEFU_TEST_TEXT (role));

  /* disabled by another tool: refused; by Kefu: the sessions are gone */
  signin (path, NULL, "15");
  kefu_test_other_exec (path, "UPDATE users SET active = 0 WHERE login = ?1", KEFU_TEST_TEXT (LOGIN));
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (search_without_pin (path, NULL, &o, &e), ==, 1);
  g_assert_nonnull (strstr (e, "disabled"));
  kefu_test_other_exec (path, "UPDATE users SET active = 1 WHERE login = ?1", KEFU_TEST_TEXT (LOGIN));

  signin (path, NULL, "15");
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  admin = kefu_test_int (store, "SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1");
  kefu_store_set_actor (store, admin);
  g_assert_true (kefu_auth_set_active (store, kefu_test_int (store, "SELECT id FROM users WHERE login = ?1",
                                                             KEFU_TEST_TEXT (LOGIN)), FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_int (store, "SELECT count(*) FROM cli_sessions"), ==, 0);
  g_assert_true (kefu_auth_set_active (store, kefu_test_int (store, "SELECT id FROM users WHERE login = ?1",
                                                             KEFU_TEST_TEXT (LOGIN)), TRUE, &error));
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (search_without_pin (path, NULL, &o, &e), ==, 1);
  g_assert_nonnull (strstr (e, "signed out or revoked"));

  /* a new PIN ends the sessions */
  signin (path, NULL, "15");
  g_assert_true (kefu_auth_reset_pin (store, kefu_test_int (store, "SELECT id FROM users WHERE login = ?1",
                                                            KEFU_TEST_TEXT (LOGIN)), "4321", &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_int (store, "SELECT count(*) FROM cli_sessions"), ==, 0);

  /* the core: a session for another login is refused; on the store's clock */
  kefu_store_set_actor (store, kefu_test_int (store, "SELECT id FROM users WHERE login = ?1", KEFU_TEST_TEXT (LOGIN)));
  kefu_store_set_now (store, 1800000000);
  {
    gint64 until = 0;
    char *token = kefu_session_start (store, 1000, 5, &until, &error);

    g_assert_no_error (error);
    g_assert_cmpint (until, ==, 1800000000 + 300);
    user = kefu_session_resume (store, token, "chenjing", 1000, &error);
    g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_SESSION);
    g_clear_error (&error);
    user = kefu_session_resume (store, token, LOGIN, 1000, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (kefu_user_get_login (user), ==, LOGIN);
    g_clear_object (&user);
    kefu_store_set_now (store, 1800000000 + 300);
    user = kefu_session_resume (store, token, LOGIN, 1000, &error);
    g_assert_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_SESSION);
    g_assert_nonnull (strstr (error->message, "expired"));
    g_clear_error (&error);
    kefu_session_token_free (token);
  }
}

/* The expiry, on kefu-cli's own clock */
static void
test_expiry (KefuTestDir   *f,
             gconstpointer  data)
{
  g_autofree char *path = make_desk (f);
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL;

  signin (path, "2031-01-06 10:00:00", "5");
  g_assert_cmpint (search_without_pin (path, "2031-01-06 10:04:00", &o1, &e1), ==, 0);
  g_assert_cmpstr (e1, ==, "");
  g_assert_cmpint (search_without_pin (path, "2031-01-06 10:06:00", &o2, &e2), ==, 1);
  g_assert_nonnull (strstr (e2, "expired"));
  g_assert_null (token_file (f));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  KEFU_TEST_ADD ("/session/signin-search-signout", test_signin_search_signout);
  KEFU_TEST_ADD ("/session/refused-files", test_refused_files);
  KEFU_TEST_ADD ("/session/refused-sessions", test_refused_sessions);
  KEFU_TEST_ADD ("/session/expiry", test_expiry);
  return g_test_run ();
}
