/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-auth.h — signing in at a shared desk, and the rights the core enforces
 *
 * Every user signs in with a PIN (an administrator with a password), kept
 * only as an argon2id string (libsodium's crypto_pwhash_str at its
 * interactive cost) in users.pin_hash, never in clear and never logged.
 * Five wrong tries in a row lock that user: for a minute, then twice as
 * long after each further wrong try, up to an hour. The count and the end
 * of the lock are kept in the database and timed by the store's clock.
 * Every sign-in, wrong try and refusal is written to the audit log, with
 * ids only.
 *
 * Acts that need a second person or a higher role (the second check of an
 * urgent ticket, approving a cancellation, revealing a phone, grading,
 * rating a practical) take that person's PIN in place: kefu_auth_confirm()
 * checks the PIN and the person's role and makes that person, not the
 * desk's signed-in user, the author of the next such act, within
 * KEFU_AUTH_CONFIRM_SECONDS and once; who is signed in does not change.
 *
 * The functions that change data check the rights themselves
 * (kefu_auth_require(), kefu_auth_person_for()), so no screen and no
 * kefu-cli command can go around them.
 */
#pragma once

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_AUTH_ERROR (kefu_auth_error_quark ())

typedef enum {
  KEFU_AUTH_ERROR_WRONG_PIN,
  KEFU_AUTH_ERROR_LOCKED,       /* too many wrong tries: wait, or an administrator resets the PIN */
  KEFU_AUTH_ERROR_NO_PIN,       /* the account has no PIN yet: an administrator sets one */
  KEFU_AUTH_ERROR_DISABLED,
  KEFU_AUTH_ERROR_WEAK,         /* a new PIN or password breaks the rules */
  KEFU_AUTH_ERROR_RECOVERY,     /* a wrong recovery code */
  KEFU_AUTH_ERROR_SESSION,      /* a kefu-cli session that cannot be used (kefu-session.h) */
} KefuAuthError;

#define KEFU_AUTH_MAX_TRIES           5      /* wrong tries in a row before a lock */
#define KEFU_AUTH_FIRST_LOCK_SECONDS  60     /* doubled after each further wrong try */
#define KEFU_AUTH_MAX_LOCK_SECONDS    3600
#define KEFU_AUTH_CONFIRM_SECONDS     120    /* a second person's PIN holds this long, for one act */
#define KEFU_PIN_MIN_CHARS            4
#define KEFU_PASSWORD_MIN_CHARS       8      /* an administrator's */
#define KEFU_SECRET_MAX_BYTES         128

/* The sample service center's PIN, the same for all its users (kefu-demo.c). */
#define KEFU_DEMO_PIN "1234"

typedef struct {
  gint64    id;
  char     *login;
  char     *name;
  char     *role;
  char     *title;
  gboolean  active;
  gboolean  has_pin;
  guint     failed_tries;
  gint64    locked_until;   /* 0: not locked */
} KefuAccount;

GQuark      kefu_auth_error_quark       (void);

char       *kefu_auth_hash              (const char      *secret,
                                         GError         **error);
gboolean    kefu_auth_check_new_secret  (const char      *role,
                                         const char      *secret,
                                         GError         **error);
gint64      kefu_auth_lock_seconds      (guint            failed_tries);

KefuUser   *kefu_auth_sign_in           (KefuStore       *store,
                                         gint64           user_id,
                                         const char      *pin,
                                         GError         **error);
KefuUser   *kefu_auth_sign_in_login     (KefuStore       *store,
                                         const char      *login,
                                         const char      *pin,
                                         GError         **error);
/* On a server store signed in as a person (kefu_store_open_as(), #20):
 * their Kefu user (the active users row of that login, whose role the
 * server's group role matches), made the author of what follows; the
 * sign-in is written to the audit log by the server. */
KefuUser   *kefu_auth_sign_in_server    (KefuStore       *store,
                                         GError         **error);
void        kefu_auth_sign_out          (KefuStore       *store);
KefuUser   *kefu_auth_confirm           (KefuStore       *store,
                                         gint64           user_id,
                                         const char      *pin,
                                         KefuPermission   right,
                                         GError         **error);
gint64      kefu_auth_locked_until      (KefuStore       *store,
                                         gint64           user_id);
GListStore *kefu_auth_eligible          (KefuStore       *store,
                                         KefuPermission   right,
                                         gint64           except_id,
                                         GError         **error);

gboolean    kefu_auth_change_pin        (KefuStore       *store,
                                         const char      *current,
                                         const char      *new_pin,
                                         GError         **error);
gboolean    kefu_auth_reset_pin         (KefuStore       *store,
                                         gint64           user_id,
                                         const char      *new_pin,
                                         GError         **error);

gint64      kefu_auth_create_admin      (KefuStore       *store,
                                         const char      *login,
                                         const char      *name,
                                         const char      *password,
                                         char           **recovery_code,
                                         GError         **error);
char       *kefu_auth_recover           (KefuStore       *store,
                                         gint64           user_id,
                                         const char      *code,
                                         const char      *new_password,
                                         GError         **error);

gint64      kefu_auth_add_user          (KefuStore       *store,
                                         const char      *login,
                                         const char      *name,
                                         const char      *role,
                                         const char      *title,
                                         const char      *pin,
                                         GError         **error);
gboolean    kefu_auth_set_active        (KefuStore       *store,
                                         gint64           user_id,
                                         gboolean         active,
                                         GError         **error);
GPtrArray  *kefu_auth_list_accounts     (KefuStore       *store,
                                         GError         **error);

/* For the core's own modules: one audit row in the caller's transaction */
gboolean    kefu_auth_audit             (KefuStore       *store,
                                         gint64           by_user,
                                         const char      *action,
                                         const char      *subject_table,
                                         gint64           subject_id,
                                         const char      *detail,
                                         GError         **error);

/* The checks the core's functions make */
gboolean    kefu_auth_require           (KefuStore       *store,
                                         KefuPermission   right,
                                         GError         **error);
gint64      kefu_auth_person_for        (KefuStore       *store,
                                         KefuPermission   right,
                                         GError         **error);
gboolean    kefu_auth_require_person    (KefuStore       *store,
                                         gint64           person_id,
                                         KefuPermission   right,
                                         GError         **error);

/* kefu-cli's --now on a command that writes: an administrator's right; an
 * audit entry at the real time, naming @now, is committed before the store's
 * clock is set to @now. */
gboolean    kefu_auth_set_clock         (KefuStore       *store,
                                         gint64           now,
                                         GError         **error);

G_END_DECLS
