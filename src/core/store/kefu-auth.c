/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-auth.c — PINs, locks, second persons and the rights checks
 *
 * See kefu-auth.h. The PIN is verified before any write, outside a
 * transaction (argon2id takes a good fraction of a second on purpose);
 * the outcome — the count of wrong tries, a lock, the audit rows — is
 * then written in one short transaction, also when the PIN was wrong.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-query.h"
#include "kefu-session.h"
#include "kefu-store-private.h"

G_DEFINE_QUARK (kefu-auth-error-quark, kefu_auth_error)

#define CONFIRMATION_KEY "kefu-auth-confirmation"
#define RECOVERY_ALPHABET "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   /* 32 symbols, none that look alike */
#define RECOVERY_SYMBOLS 16                                     /* 80 bits */

/* A second person's PIN, checked for one act (kept on the connection). */
typedef struct {
  gint64          user_id;
  KefuPermission  right;
  gint64          until;
} Confirmation;

typedef struct {
  gint64    id;
  char     *login;
  char     *name;
  char     *role;
  char     *title;
  char     *pin_hash;
  char     *recovery_hash;
  gboolean  active;
  guint     failed_tries;
  gint64    locked_until;
} Account;

static void
account_clear (Account *a)
{
  g_clear_pointer (&a->login, g_free);
  g_clear_pointer (&a->name, g_free);
  g_clear_pointer (&a->role, g_free);
  g_clear_pointer (&a->title, g_free);
  g_clear_pointer (&a->pin_hash, g_free);
  g_clear_pointer (&a->recovery_hash, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Account, account_clear)

/* The time every outcome is recorded at: the store's clock. */
static gint64
auth_now (KefuStore *store)
{
  return kefu_store_now (store);
}

/* libsodium set up once per process, before its first use (PIN hashes
 * here, kefu-cli's session tokens in kefu-session.c) */
void
kefu_store_ensure_sodium (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      if (sodium_init () < 0)
        g_error ("libsodium cannot be initialised");
      g_once_init_leave (&done, 1);
    }
}

/* One row of the audit log, in the caller's transaction: who (@by_user),
 * what, about which row; ids and codes only, never a PIN, name or phone. */
gboolean
kefu_auth_audit (KefuStore   *store,
                 gint64       by_user,
                 const char  *action,
                 const char  *subject_table,
                 gint64       subject_id,
                 const char  *detail,
                 GError     **error)
{
  /* the hash chain's one append (kefu-audit.c) */
  return kefu_audit_append (store, by_user, action, subject_table, subject_id, detail, error);
}

static gboolean
audit (KefuStore   *store,
       gint64       by_user,
       const char  *action,
       gint64       subject_id,
       const char  *detail,
       GError     **error)
{
  return kefu_auth_audit (store, by_user, action, "users", subject_id, detail, error);
}

#define ACCOUNT_COLUMNS \
  "id, login, name, role, title, pin_hash, recovery_hash, active, failed_tries, coalesce(locked_until, 0)"

static gboolean
account_from (KefuStore     *store,
              KefuQuery  *stmt,
              Account       *a,
              GError       **error)
{
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("No such user.")))
    return FALSE;
  a->id = kefu_query_get_int (stmt, 0);
  a->login = g_strdup (kefu_query_get_text (stmt, 1));
  a->name = g_strdup (kefu_query_get_text (stmt, 2));
  a->role = g_strdup (kefu_query_get_text (stmt, 3));
  a->title = g_strdup (kefu_query_get_text (stmt, 4));
  a->pin_hash = g_strdup (kefu_query_get_text (stmt, 5));
  a->recovery_hash = g_strdup (kefu_query_get_text (stmt, 6));
  a->active = kefu_query_get_int (stmt, 7) != 0;
  a->failed_tries = kefu_query_get_int (stmt, 8);
  a->locked_until = kefu_query_get_int (stmt, 9);
  return TRUE;
}

static gboolean
load_account (KefuStore   *store,
              gint64       id,
              Account     *a,
              GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM users WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, id);
  return account_from (store, stmt, a, error);
}

static gboolean
load_account_by_login (KefuStore   *store,
                       const char  *login,
                       Account     *a,
                       GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM users WHERE login = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, login);
  if (!account_from (store, stmt, a, NULL))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no user “%s”."), login);
      return FALSE;
    }
  return TRUE;
}

static KefuUser *
account_user (const Account *a)
{
  return kefu_user_new (a->id, a->login, a->name, a->role, a->title);
}

/* Hashing ------------------------------------------------------------------- */

/* The cost of a hash: libsodium's interactive one. A build configured with
 * the test-only option test_cheap_pin_hash (meson_options.txt) uses the
 * minimum instead, to make the test suite faster; nothing at run time can
 * choose it. A hash made at the other cost is renewed at the next right
 * PIN (check_pin), so a database touched by a test build gets its full
 * cost back in a normal one. */
#ifdef KEFU_TEST_CHEAP_PIN_HASH
#define PIN_OPSLIMIT crypto_pwhash_OPSLIMIT_MIN
#define PIN_MEMLIMIT crypto_pwhash_MEMLIMIT_MIN
#else
#define PIN_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PIN_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE
#endif

/* An argon2id string ($argon2id$v=19$m=65536,t=2,p=1$salt$hash) at
 * libsodium's interactive cost, with a random salt. */
char *
kefu_auth_hash (const char  *secret,
                GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (secret != NULL, NULL);
  kefu_store_ensure_sodium ();
  if (crypto_pwhash_str (out, secret, strlen (secret), PIN_OPSLIMIT, PIN_MEMLIMIT) != 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL,
                   _("There is not enough memory to protect the PIN (argon2id needs 64 MB)."));
      return NULL;
    }
  return g_strdup (out);
}

static gboolean
secret_matches (const char *hash,
                const char *secret)
{
  gsize len;

  if (hash == NULL || secret == NULL)
    return FALSE;
  len = strlen (secret);
  if (len == 0 || len > KEFU_SECRET_MAX_BYTES)
    return FALSE;
  kefu_store_ensure_sodium ();
  return crypto_pwhash_str_verify (hash, secret, len) == 0;
}

/* The rules for a new PIN or password: at least 4 characters (8 for an
 * administrator), at most 128 bytes, no control characters. */
gboolean
kefu_auth_check_new_secret (const char  *role,
                            const char  *secret,
                            GError     **error)
{
  gboolean admin = g_strcmp0 (role, "admin") == 0;
  glong min = admin ? KEFU_PASSWORD_MIN_CHARS : KEFU_PIN_MIN_CHARS;

  if (secret == NULL || !g_utf8_validate (secret, -1, NULL))
    {
      g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WEAK, _("The new PIN is not valid text."));
      return FALSE;
    }
  for (const char *p = secret; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WEAK,
                     _("The new PIN may not contain control characters such as tabs or line breaks."));
        return FALSE;
      }
  if (g_utf8_strlen (secret, -1) < min)
    {
      g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WEAK,
                   admin ? g_dngettext (GETTEXT_PACKAGE, "An administrator’s password needs at least %ld character.",
                                        "An administrator’s password needs at least %ld characters.", min)
                         : g_dngettext (GETTEXT_PACKAGE, "A PIN needs at least %ld character.",
                                        "A PIN needs at least %ld characters.", min),
                   min);
      return FALSE;
    }
  if (strlen (secret) > KEFU_SECRET_MAX_BYTES)
    {
      g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WEAK,
                   _("The new PIN is too long (at most %d bytes)."), KEFU_SECRET_MAX_BYTES);
      return FALSE;
    }
  return TRUE;
}

/* How long @failed_tries wrong tries in a row lock an account: nothing
 * below five, then a minute, doubling with each further try, up to an hour. */
gint64
kefu_auth_lock_seconds (guint failed_tries)
{
  guint doublings;

  if (failed_tries < KEFU_AUTH_MAX_TRIES)
    return 0;
  doublings = MIN (failed_tries - KEFU_AUTH_MAX_TRIES, 12);
  return MIN ((gint64) KEFU_AUTH_FIRST_LOCK_SECONDS << doublings, KEFU_AUTH_MAX_LOCK_SECONDS);
}

/* "3 minutes (until 10:05)" */
static char *
describe_wait (gint64 now,
               gint64 until)
{
  gint64 minutes = MAX (1, (until - now + 59) / 60);
  g_autoptr(GDateTime) end = g_date_time_new_from_unix_local (until);
  g_autofree char *clock = g_date_time_format (end, "%H:%M");

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute (until %s)", "%d minutes (until %s)", minutes),
                          (int) minutes, clock);
}

/* Checking a PIN ------------------------------------------------------------ */

/* Checks @pin against @a's hash, unless the account is disabled, has no
 * PIN or is locked. Records the outcome (a right PIN clears the count; a
 * wrong one adds to it and may lock) with its audit rows: @ok_action on
 * success (NULL: none), "sign_in_failed" and "user_locked" otherwise. */
static gboolean
check_pin (KefuStore    *store,
           Account      *a,
           const char   *pin,
           const char   *ok_action,
           const char   *detail,
           GError      **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  gint64 now = auth_now (store);
  g_autoptr(GError) local = NULL;
  g_autofree char *renewed = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gboolean ok;
  guint tries;
  gint64 lock;

  if (!a->active || a->pin_hash == NULL || a->locked_until > now)
    {
      const char *why = !a->active ? "disabled" : a->pin_hash == NULL ? "no_pin" : "locked";

      {
        g_autoptr(KefuTransaction) refused = kefu_transaction_begin (store, error);

        if (refused == NULL || !audit (store, a->id, "sign_in_refused", a->id, why, error) ||
            !kefu_transaction_commit (refused, error))
          return FALSE;
      }
      if (!a->active)
        g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_DISABLED,
                     _("The account of %s is disabled."), a->name);
      else if (a->pin_hash == NULL)
        g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_NO_PIN,
                     _("%s has no PIN yet: an administrator sets one (kefu-cli user reset-pin %s)."),
                     a->name, a->login);
      else
        {
          g_autofree char *wait = describe_wait (now, a->locked_until);
          g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_LOCKED,
                       _("%s is locked after too many wrong PINs. Try again in %s, "
                         "or ask an administrator to reset the PIN."), a->name, wait);
        }
      return FALSE;
    }

  ok = secret_matches (a->pin_hash, pin);
  /* a hash at another cost than this build's (test_cheap_pin_hash) is
   * renewed while the PIN is at hand; outside the transaction, as hashing is slow */
  if (ok && crypto_pwhash_str_needs_rehash (a->pin_hash, PIN_OPSLIMIT, PIN_MEMLIMIT) != 0)
    renewed = kefu_auth_hash (pin, NULL);

  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  if (ok)
    {
      stmt = kefu_query_prepare (store, "UPDATE users SET failed_tries = 0, locked_until = NULL, "
                                        "pin_hash = coalesce(?2, pin_hash) WHERE id = ?1", error);
      if (stmt == NULL)
        goto fail;
      kefu_query_bind_int (stmt, 1, a->id);
      kefu_query_bind_text (stmt, 2, renewed);
      if (!kefu_query_run (store, stmt, error) ||
          (ok_action != NULL && !audit (store, a->id, ok_action, a->id, detail, error)) ||
          !kefu_transaction_commit (tx, error))
        goto fail;
      a->failed_tries = 0;
      a->locked_until = 0;
      return TRUE;
    }

  /* counted in the transaction: two desks trying at once both count */
  stmt = kefu_query_prepare (store, "UPDATE users SET failed_tries = failed_tries + 1 WHERE id = ?1 RETURNING failed_tries",
                             error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_int (stmt, 1, a->id);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("No such user.")))
    goto fail;
  tries = kefu_query_get_int (stmt, 0);
  kefu_query_reset (stmt);
  lock = kefu_auth_lock_seconds (tries);
  {
    g_autofree char *try_detail = g_strdup_printf ("%u", tries);
    if (!audit (store, a->id, "sign_in_failed", a->id, try_detail, error))
      goto fail;
  }
  if (lock > 0)
    {
      KEFU_AUTO_QUERY *lock_stmt = kefu_query_prepare (store, "UPDATE users SET locked_until = ?1 WHERE id = ?2", error);
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, lock);

      if (lock_stmt == NULL)
        goto fail;
      kefu_query_bind_int (lock_stmt, 1, now + lock);
      kefu_query_bind_int (lock_stmt, 2, a->id);
      if (!kefu_query_run (store, lock_stmt, error) || !audit (store, a->id, "user_locked", a->id, seconds, error))
        goto fail;
    }
  if (!kefu_transaction_commit (tx, error))
    goto fail;
  a->failed_tries = tries;
  a->locked_until = lock > 0 ? now + lock : 0;

  if (lock > 0)
    {
      g_autofree char *wait = describe_wait (now, now + lock);
      g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Wrong PIN for %s. After %u wrong try in a row the account is locked for %s.",
                                "Wrong PIN for %s. After %u wrong tries in a row the account is locked for %s.", tries),
                   a->name, tries, wait);
    }
  else
    {
      guint left = KEFU_AUTH_MAX_TRIES - tries;
      g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_WRONG_PIN,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Wrong PIN for %s. %u more wrong try locks the account for a while.",
                                "Wrong PIN for %s. %u more wrong tries lock the account for a while.", left),
                   a->name, left);
    }
  return FALSE;

fail:
  return FALSE;   /* tx rolls back */
}

/* Signing in ---------------------------------------------------------------- */

static void
clear_confirmation (KefuStore *store)
{
  g_object_set_data (G_OBJECT (store), CONFIRMATION_KEY, NULL);
}

static KefuUser *
sign_in (KefuStore  *store,
         Account    *a,
         const char *pin,
         GError    **error)
{
  if (!check_pin (store, a, pin, "sign_in", NULL, error))
    return NULL;
  clear_confirmation (store);
  kefu_store_set_actor (store, a->id);
  return account_user (a);
}

/* Checks @pin and makes the user the author of every change that follows
 * on @store; a wrong PIN counts towards the lock. */
KefuUser *
kefu_auth_sign_in (KefuStore   *store,
                   gint64       user_id,
                   const char  *pin,
                   GError     **error)
{
  g_auto(Account) a = { 0 };

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  if (!load_account (store, user_id, &a, error))
    return NULL;
  return sign_in (store, &a, pin, error);
}

KefuUser *
kefu_auth_sign_in_login (KefuStore   *store,
                         const char  *login,
                         const char  *pin,
                         GError     **error)
{
  g_auto(Account) a = { 0 };

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  if (!load_account_by_login (store, login, &a, error))
    return NULL;
  return sign_in (store, &a, pin, error);
}

/* The server checked the password (kefu_store_open_as): who that is in
 * Kefu, read as themselves (users without its secrets' columns). */
KefuUser *
kefu_auth_sign_in_server (KefuStore  *store,
                          GError    **error)
{
  const char *login;
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autoptr(KefuUser) user = NULL;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  login = kefu_store_get_person (store);
  g_return_val_if_fail (login != NULL, NULL);

  stmt = kefu_query_prepare (store, "SELECT id, login, name, role, title FROM users "
                                    "WHERE login = session_user AND active <> 0", error);
  if (stmt == NULL)
    return NULL;
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                     _("“%s” may sign in to the database server but is not an active person of Kefu there: "
                       "ask an administrator."), login);
      return NULL;
    }
  user = kefu_user_new (kefu_query_get_int (stmt, 0), kefu_query_get_text (stmt, 1), kefu_query_get_text (stmt, 2),
                        kefu_query_get_text (stmt, 3), kefu_query_get_text (stmt, 4));
  kefu_query_reset (stmt);
  clear_confirmation (store);
  kefu_store_set_actor (store, kefu_user_get_id (user));
  if (!audit (store, kefu_user_get_id (user), "sign_in", kefu_user_get_id (user), NULL, error))
    {
      kefu_store_set_actor (store, 0);
      return NULL;
    }
  return g_steal_pointer (&user);
}

/* Nobody is at the desk any more: nothing can be changed until someone
 * signs in. */
void
kefu_auth_sign_out (KefuStore *store)
{
  g_return_if_fail (KEFU_IS_STORE (store));
  clear_confirmation (store);
  kefu_store_set_actor (store, 0);
}

static const char *
right_code (KefuPermission right)
{
  static const char *const codes[] = {
    [KEFU_PERMISSION_SEE_PHONE] = "see_phone", [KEFU_PERMISSION_DISPATCH] = "dispatch",
    [KEFU_PERMISSION_VERIFY] = "verify", [KEFU_PERMISSION_EDIT_SLA] = "edit_sla",
    [KEFU_PERMISSION_MANAGE_USERS] = "manage_users", [KEFU_PERMISSION_TRAIN] = "train",
    [KEFU_PERMISSION_VIEW_REPORTS] = "view_reports", [KEFU_PERMISSION_MANAGE_BACKUPS] = "manage_backups",
    [KEFU_PERMISSION_EXPORT_PERSONAL] = "export_personal",
    [KEFU_PERMISSION_READ_ANSWER_KEYS] = "read_answer_keys",
    [KEFU_PERMISSION_SEE_TRAINING_RESULTS] = "see_training_results",
    [KEFU_PERMISSION_CANCEL_TICKETS] = "cancel_tickets", [KEFU_PERMISSION_GRADE] = "grade",
    [KEFU_PERMISSION_RATE_PRACTICAL] = "rate_practical",
    [KEFU_PERMISSION_VIEW_AUDIT] = "view_audit", [KEFU_PERMISSION_ERASE_OWNER] = "erase_owner",
    [KEFU_PERMISSION_SET_CLOCK] = "set_clock", [KEFU_PERMISSION_DEVELOP_PEOPLE] = "develop_people",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (codes) == KEFU_N_PERMISSIONS);
  /* (a right added without its code above is audited as "?", never NULL) */
  return (guint) right < G_N_ELEMENTS (codes) && codes[right] != NULL ? codes[right] : "?";
}

/* A second person, at the desk, vouches for the next act needing @right
 * with their PIN: their role must have the right. The desk's signed-in
 * user stays who they are; the next act needing @right (within
 * KEFU_AUTH_CONFIRM_SECONDS) is recorded under the confirmed person. */
KefuUser *
kefu_auth_confirm (KefuStore       *store,
                   gint64           user_id,
                   const char      *pin,
                   KefuPermission   right,
                   GError         **error)
{
  g_auto(Account) a = { 0 };
  Confirmation *c;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  clear_confirmation (store);
  if (!load_account (store, user_id, &a, error))
    return NULL;
  if (!kefu_role_can (a.role, right))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   /* Translators: %s is a person's name; then why their role may not, e.g. "Your role may not verify tickets." */
                   _("%s cannot confirm this: %s"), a.name, kefu_permission_refusal (right));
      return NULL;
    }
  if (!check_pin (store, &a, pin, "confirm", right_code (right), error))
    return NULL;
  c = g_new0 (Confirmation, 1);
  c->user_id = a.id;
  c->right = right;
  c->until = auth_now (store) + KEFU_AUTH_CONFIRM_SECONDS;
  g_object_set_data_full (G_OBJECT (store), CONFIRMATION_KEY, c, g_free);
  return account_user (&a);
}

/* When @user_id's lock ends, or 0 when they may try now. */
gint64
kefu_auth_locked_until (KefuStore *store,
                        gint64     user_id)
{
  g_auto(Account) a = { 0 };

  if (!load_account (store, user_id, &a, NULL))
    return 0;
  return a.locked_until > auth_now (store) ? a.locked_until : 0;
}

/* Who may vouch for an act needing @right: active users with a PIN whose
 * role has it, in the sign-in list's order, without @except_id. */
GListStore *
kefu_auth_eligible (KefuStore       *store,
                    KefuPermission   right,
                    gint64           except_id,
                    GError         **error)
{
  g_autoptr(GListStore) all = kefu_desk_list_users (store, error);
  g_autoptr(GListStore) eligible = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;

  if (all == NULL)
    return NULL;
  eligible = g_list_store_new (KEFU_TYPE_USER);
  stmt = kefu_query_prepare (store, "SELECT pin_hash IS NOT NULL FROM users WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (all), i);

      if (kefu_user_get_id (u) == except_id || !kefu_user_can (u, right))
        continue;
      kefu_query_reset (stmt);
      kefu_query_bind_int (stmt, 1, kefu_user_get_id (u));
      if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW && kefu_query_get_int (stmt, 0) != 0)
        g_list_store_append (eligible, u);
    }
  return g_steal_pointer (&eligible);
}

/* Changing PINs ------------------------------------------------------------- */

static gboolean
store_pin (KefuStore    *store,
           gint64        user_id,
           const char   *hash,
           GError      **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "UPDATE users SET pin_hash = ?1, pin_set_at = ?2, failed_tries = 0, locked_until = NULL WHERE id = ?3", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, hash);
  kefu_query_bind_int (stmt, 2, auth_now (store));
  kefu_query_bind_int (stmt, 3, user_id);
  /* a new PIN ends the user's kefu-cli sessions too */
  return kefu_query_run (store, stmt, error) && kefu_session_end_user (store, user_id, error);
}

/* The signed-in user's own PIN: the current one first (a wrong one counts
 * towards the lock). */
gboolean
kefu_auth_change_pin (KefuStore   *store,
                      const char  *current,
                      const char  *new_pin,
                      GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_auto(Account) a = { 0 };
  g_autofree char *hash = NULL;

  if (!kefu_store_require_actor (store, error) ||
      !load_account (store, kefu_store_get_actor (store), &a, error) ||
      !kefu_auth_check_new_secret (a.role, new_pin, error) ||
      !check_pin (store, &a, current, NULL, NULL, error) ||
      (hash = kefu_auth_hash (new_pin, error)) == NULL)
    return FALSE;
  tx = kefu_transaction_begin (store, error);
  return tx != NULL &&
         store_pin (store, a.id, hash, error) &&
         audit (store, a.id, "pin_changed", a.id, NULL, error) &&
         kefu_transaction_commit (tx, error);
}

/* An administrator sets someone's PIN (a new user's, or a forgotten one);
 * it also lifts a lock. */
gboolean
kefu_auth_reset_pin (KefuStore   *store,
                     gint64       user_id,
                     const char  *new_pin,
                     GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_auto(Account) a = { 0 };
  g_autofree char *hash = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_MANAGE_USERS, error) ||
      !load_account (store, user_id, &a, error) ||
      !kefu_auth_check_new_secret (a.role, new_pin, error) ||
      (hash = kefu_auth_hash (new_pin, error)) == NULL)
    return FALSE;
  tx = kefu_transaction_begin (store, error);
  return tx != NULL &&
         store_pin (store, a.id, hash, error) &&
         audit (store, kefu_store_get_actor (store), "pin_reset", a.id, NULL, error) &&
         kefu_transaction_commit (tx, error);
}

/* The first administrator, and the way back in ------------------------------ */

static gboolean
check_login (const char  *login,
             GError     **error)
{
  if (login == NULL || *login == '\0' || strlen (login) > 64 || !g_utf8_validate (login, -1, NULL))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A login name needs 1 to 64 bytes of text."));
      return FALSE;
    }
  for (const char *p = login; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       _("The login name “%s” may not contain spaces or control characters."), login);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
new_recovery_code (void)
{
  GString *code = g_string_new (NULL);

  kefu_store_ensure_sodium ();
  for (guint i = 0; i < RECOVERY_SYMBOLS; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, RECOVERY_ALPHABET[randombytes_uniform (sizeof RECOVERY_ALPHABET - 1)]);
    }
  return g_string_free (code, FALSE);
}

/* "abcd efgh-…" → "ABCDEFGH…": what is hashed and compared */
static char *
normalize_code (const char *code)
{
  GString *s = g_string_new (NULL);

  for (const char *p = code != NULL ? code : ""; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_toupper (*p));
  return g_string_free (s, FALSE);
}

static void
free_secret (char *secret)
{
  if (secret != NULL)
    sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

/* Only in a database without users: the administrator, with a password
 * and a one-time recovery code (returned once; only its hash is kept). */
gint64
kefu_auth_create_admin (KefuStore   *store,
                        const char  *login,
                        const char  *name,
                        const char  *password,
                        char       **recovery_code,
                        GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *code = NULL;
  g_autofree char *code_hash = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 id;

  g_return_val_if_fail (recovery_code != NULL, 0);
  if (!check_login (login, error) || !kefu_auth_check_new_secret ("admin", password, error))
    return 0;
  if (name == NULL || *name == '\0')
    name = login;
  code = new_recovery_code ();
  {
    char *plain = normalize_code (code);
    code_hash = kefu_auth_hash (plain, error);
    free_secret (plain);
  }
  if (code_hash == NULL || (hash = kefu_auth_hash (password, error)) == NULL)
    return 0;
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return 0;
  if (kefu_store_count_rows (store, "users", error) != 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("This database has users already; an administrator adds more (kefu-cli user add)."));
      goto fail;
    }
  stmt = kefu_query_prepare (store,
      "INSERT INTO users (login, name, role, pin_hash, pin_set_at, recovery_hash, created_at) "
      "VALUES (?1, ?2, 'admin', ?3, ?4, ?5, ?4)", error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_text (stmt, 1, login);
  kefu_query_bind_text (stmt, 2, name);
  kefu_query_bind_text (stmt, 3, hash);
  kefu_query_bind_text (stmt, 5, code_hash);
  kefu_query_bind_int (stmt, 4, auth_now (store));
  if (!kefu_query_run (store, stmt, error))
    goto fail;
  id = kefu_query_last_id (store);
  if (!audit (store, id, "admin_created", id, NULL, error) || !kefu_transaction_commit (tx, error))
    goto fail;
  *recovery_code = g_steal_pointer (&code);
  return id;

fail:
  return 0;   /* tx rolls back */
}

/* An administrator who forgot the password sets a new one with the
 * recovery code; that code is used up, and the next one is returned. */
char *
kefu_auth_recover (KefuStore   *store,
                   gint64       user_id,
                   const char  *code,
                   const char  *new_password,
                   GError     **error)
{
  g_auto(Account) a = { 0 };
  g_autofree char *hash = NULL;
  g_autofree char *next = NULL;
  g_autofree char *next_hash = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gboolean ok;

  if (!load_account (store, user_id, &a, error) || !kefu_auth_check_new_secret (a.role, new_password, error))
    return NULL;
  {
    char *plain = normalize_code (code);
    ok = a.active && a.recovery_hash != NULL && secret_matches (a.recovery_hash, plain);
    free_secret (plain);
  }
  if (!ok)
    {
      if (kefu_store_begin (store, error))
        {
          if (!audit (store, a.id, "recovery_failed", a.id, NULL, error) || !kefu_store_commit (store, error))
            kefu_store_rollback (store);
        }
      if (error != NULL && *error == NULL)
        g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_RECOVERY,
                     a.recovery_hash == NULL ? _("%s has no recovery code.") : _("That is not the recovery code of %s."),
                     a.name);
      return NULL;
    }
  next = new_recovery_code ();
  {
    char *plain = normalize_code (next);
    next_hash = kefu_auth_hash (plain, error);
    free_secret (plain);
  }
  if (next_hash == NULL || (hash = kefu_auth_hash (new_password, error)) == NULL)
    return NULL;
  if (!kefu_store_begin (store, error))
    return NULL;
  stmt = kefu_query_prepare (store, "UPDATE users SET recovery_hash = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_text (stmt, 1, next_hash);
  kefu_query_bind_int (stmt, 2, a.id);
  if (!kefu_query_run (store, stmt, error) || !store_pin (store, a.id, hash, error) ||
      !audit (store, a.id, "recovered", a.id, NULL, error) || !kefu_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&next);

fail:
  kefu_store_rollback (store);
  return NULL;
}

/* Managing users ------------------------------------------------------------ */

/* A new user, by an administrator; with @pin NULL they cannot sign in
 * until one is set (kefu_auth_reset_pin). */
gint64
kefu_auth_add_user (KefuStore   *store,
                    const char  *login,
                    const char  *name,
                    const char  *role,
                    const char  *title,
                    const char  *pin,
                    GError     **error)
{
  g_autofree char *hash = NULL;
  gint64 id;

  if (!kefu_auth_require (store, KEFU_PERMISSION_MANAGE_USERS, error) || !check_login (login, error))
    return 0;
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("The new user needs a name."));
      return 0;
    }
  if (!kefu_code_is_valid (KEFU_CODES_ROLE, role))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is not a role (use agent, dispatcher, supervisor, trainer, manager or admin)."), role);
      return 0;
    }
  if (pin != NULL && (!kefu_auth_check_new_secret (role, pin, error) || (hash = kefu_auth_hash (pin, error)) == NULL))
    return 0;
  if (!kefu_store_begin (store, error))
    return 0;
  {
    g_autoptr(KefuUser) existing = kefu_desk_find_user (store, login, NULL);
    if (existing != NULL)
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("There is a user “%s” already."), login);
        goto fail;
      }
  }
  id = kefu_desk_add_user (store, login, name, role, title, error);
  if (id == 0 || (hash != NULL && !store_pin (store, id, hash, error)) ||
      !audit (store, kefu_store_get_actor (store), "user_added", id, role, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  return id;

fail:
  kefu_store_rollback (store);
  return 0;
}

/* Disables (or enables again) an account: a disabled user cannot sign in
 * and is not listed; what they did stays theirs. Nobody disables
 * themselves: the administrator who acts always remains. */
gboolean
kefu_auth_set_active (KefuStore  *store,
                      gint64      user_id,
                      gboolean    active,
                      GError    **error)
{
  g_auto(Account) a = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_MANAGE_USERS, error) || !load_account (store, user_id, &a, error))
    return FALSE;
  if (!active && user_id == kefu_store_get_actor (store))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("You cannot disable your own account."));
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  stmt = kefu_query_prepare (store, "UPDATE users SET active = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_int (stmt, 1, active ? 1 : 0);
  kefu_query_bind_int (stmt, 2, user_id);
  if (!kefu_query_run (store, stmt, error) ||
      (!active && !kefu_session_end_user (store, user_id, error)) ||
      !audit (store, kefu_store_get_actor (store), active ? "user_enabled" : "user_disabled", user_id, NULL, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kefu_store_rollback (store);
  return FALSE;
}

static void
account_free (gpointer data)
{
  KefuAccount *a = data;

  g_free (a->login);
  g_free (a->name);
  g_free (a->role);
  g_free (a->title);
  g_free (a);
}

/* Every account, disabled ones too, for an administrator. */
GPtrArray *
kefu_auth_list_accounts (KefuStore  *store,
                         GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 now = auth_now (store);
  int rc;

  if (!kefu_auth_require (store, KEFU_PERMISSION_MANAGE_USERS, error))
    return NULL;
  stmt = kefu_query_prepare (store,
      "SELECT id, login, name, role, title, active, pin_hash IS NOT NULL, failed_tries, coalesce(locked_until, 0) "
      "FROM users ORDER BY active DESC, CASE role WHEN 'agent' THEN 1 WHEN 'dispatcher' THEN 2 WHEN 'supervisor' THEN 3 "
      "WHEN 'trainer' THEN 4 WHEN 'manager' THEN 5 ELSE 6 END, id", error);
  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func (account_free);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuAccount *a = g_new0 (KefuAccount, 1);

      a->id = kefu_query_get_int (stmt, 0);
      a->login = g_strdup (kefu_query_get_text (stmt, 1));
      a->name = g_strdup (kefu_query_get_text (stmt, 2));
      a->role = g_strdup (kefu_query_get_text (stmt, 3));
      a->title = g_strdup (kefu_query_get_text (stmt, 4));
      a->active = kefu_query_get_int (stmt, 5) != 0;
      a->has_pin = kefu_query_get_int (stmt, 6) != 0;
      a->failed_tries = kefu_query_get_int (stmt, 7);
      a->locked_until = kefu_query_get_int (stmt, 8) > now ? kefu_query_get_int (stmt, 8) : 0;
      g_ptr_array_add (list, a);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* The checks ---------------------------------------------------------------- */

static gboolean
role_of (KefuStore  *store,
         gint64      user_id,
         char      **role)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT role FROM users WHERE id = ?1 AND active <> 0", NULL);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, user_id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    return FALSE;
  *role = g_strdup (kefu_query_get_text (stmt, 0));
  return TRUE;
}

static gboolean
user_has (KefuStore       *store,
          gint64           user_id,
          KefuPermission   right)
{
  g_autofree char *role = NULL;

  return user_id > 0 && role_of (store, user_id, &role) && kefu_role_can (role, right);
}

/* The signed-in user's role has @right (read from the database, not from
 * whatever a screen holds). */
gboolean
kefu_auth_require (KefuStore       *store,
                   KefuPermission   right,
                   GError         **error)
{
  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (!user_has (store, kefu_store_get_actor (store), right))
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION, kefu_permission_refusal (right));
      return FALSE;
    }
  return TRUE;
}

/* Takes the confirmation for @right if one is pending and fresh. */
static gint64
take_confirmation (KefuStore       *store,
                   KefuPermission   right,
                   gint64           person_id)
{
  Confirmation *c = g_object_get_data (G_OBJECT (store), CONFIRMATION_KEY);
  gint64 id;

  if (c == NULL)
    return 0;
  if (c->until < auth_now (store))
    {
      clear_confirmation (store);
      return 0;
    }
  if (c->right != right || (person_id > 0 && c->user_id != person_id))
    return 0;
  id = c->user_id;
  clear_confirmation (store);
  return user_has (store, id, right) ? id : 0;
}

/* Who does an act needing @right: the person who just confirmed it with
 * their PIN (kefu_auth_confirm), else the signed-in user if their role
 * has it. A confirmation is used up by the act. */
gint64
kefu_auth_person_for (KefuStore       *store,
                      KefuPermission   right,
                      GError         **error)
{
  gint64 id = take_confirmation (store, right, 0);

  if (id > 0)
    return id;
  if (!kefu_auth_require (store, right, error))
    return 0;
  return kefu_store_get_actor (store);
}

/* @person_id may do an act needing @right: they are the signed-in user
 * and their role has it, or they just confirmed it with their PIN. */
gboolean
kefu_auth_require_person (KefuStore       *store,
                          gint64           person_id,
                          KefuPermission   right,
                          GError         **error)
{
  if (person_id > 0 && take_confirmation (store, right, person_id) == person_id)
    return TRUE;
  if (person_id > 0 && person_id == kefu_store_get_actor (store))
    return kefu_auth_require (store, right, error);
  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (!user_has (store, person_id, right))
    g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION, kefu_permission_refusal (right));
  else
    g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                 _("Someone other than the signed-in user must first confirm with their own PIN."));
  return FALSE;
}

/**
 * kefu_auth_set_clock:
 * @now: the moment the store's next writes are recorded at (Unix seconds)
 *
 * For kefu-cli's --now on a command that writes (dispatch run, sla check
 * --notify): what it records carries @now, so only an administrator may,
 * and one audit entry at the real time, naming the time given, is committed
 * first: work recorded at @now cannot pass for work done then.
 */
gboolean
kefu_auth_set_clock (KefuStore  *store,
                     gint64      now,
                     GError    **error)
{
  g_autofree char *detail = g_strdup_printf ("now=%" G_GINT64_FORMAT, now);

  if (!kefu_auth_require (store, KEFU_PERMISSION_SET_CLOCK, error) || !kefu_store_begin (store, error))
    return FALSE;
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "clock_set", NULL, 0, detail, error) ||
      !kefu_store_commit (store, error))
    {
      kefu_store_rollback (store);
      return FALSE;
    }
  kefu_store_set_now (store, now);
  return TRUE;
}
