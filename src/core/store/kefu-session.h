/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-session.h — a sign-in kept for a few minutes, for one OS user (#21)
 *
 * Checking a PIN costs Argon2id at libsodium's interactive cost on purpose
 * (a stolen file's PINs stay expensive to guess), which is most of a
 * kefu-cli command that only reads. After one signed-in command
 * (`kefu-cli --as LOGIN signin`), kefu_session_start() makes a random
 * token of 32 bytes (libsodium's randombytes); the caller keeps it where
 * only that OS user can read it (kefu-cli: $XDG_RUNTIME_DIR/kefu/, 0700,
 * on tmpfs). The database keeps only its BLAKE2b hash (crypto_generichash,
 * 32 bytes), the user, the OS user's uid, the user's role then, and an
 * expiry of minutes: a stolen file gives hashes of short-lived random
 * tokens, never a PIN and never a usable token.
 *
 * kefu_session_resume() takes a token instead of the PIN: one look-up by
 * the hash's index; it refuses a token that is unknown (signed out,
 * revoked), of another OS user, expired, of a disabled user, or whose
 * user's role changed since. It writes nothing (no audit row per read:
 * the session's start is audited), so a read-only command needs no write
 * transaction. A PIN change or reset and disabling the user end their
 * sessions; kefu_session_end() is signing out.
 *
 * Files only: on a server the connection is signed in by the server.
 */
#pragma once

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_SESSION_TOKEN_BYTES      32
#define KEFU_SESSION_DEFAULT_MINUTES  15
#define KEFU_SESSION_MAX_MINUTES      480

/* After a sign-in with the PIN (the store's actor): a new session of
 * @minutes for OS user @os_uid. Returns the token, 64 hex digits (the
 * caller wipes it with kefu_session_token_free()); @expires_at the end. */
char       *kefu_session_start        (KefuStore   *store,
                                       guint        os_uid,
                                       guint        minutes,
                                       gint64      *expires_at,
                                       GError     **error);
/* The user of @token when it may act as @login for OS user @os_uid now;
 * makes them the store's actor. NULL with KEFU_AUTH_ERROR_SESSION
 * otherwise (the message says why). */
KefuUser   *kefu_session_resume       (KefuStore   *store,
                                       const char  *token,
                                       const char  *login,
                                       guint        os_uid,
                                       GError     **error);
/* Signing out: the session of @token is deleted (TRUE also when there was
 * none); audited when there was one. */
gboolean    kefu_session_end          (KefuStore   *store,
                                       const char  *token,
                                       gboolean    *existed,
                                       GError     **error);
/* Every session of @user_id, in the caller's transaction (a PIN changed
 * or reset, the user disabled). Nothing on a server. */
gboolean    kefu_session_end_user     (KefuStore   *store,
                                       gint64       user_id,
                                       GError     **error);
/* The hash the database keeps for @token (hex); NULL for a malformed token. */
char       *kefu_session_token_hash   (const char  *token);
void        kefu_session_token_free   (char        *token);

G_END_DECLS
