/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-session.c — a sign-in kept for a few minutes (see kefu-session.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "kefu-auth.h"
#include "kefu-query.h"
#include "kefu-session.h"
#include "kefu-store-private.h"

#define HEX_CHARS (KEFU_SESSION_TOKEN_BYTES * 2)

void
kefu_session_token_free (char *token)
{
  if (token != NULL)
    sodium_memzero (token, strlen (token));
  g_free (token);
}

char *
kefu_session_token_hash (const char *token)
{
  unsigned char raw[KEFU_SESSION_TOKEN_BYTES], hash[crypto_generichash_BYTES];
  char hex[crypto_generichash_BYTES * 2 + 1];

  if (token == NULL || strlen (token) != HEX_CHARS ||
      sodium_hex2bin (raw, sizeof raw, token, HEX_CHARS, NULL, NULL, NULL) != 0)
    return NULL;
  kefu_store_ensure_sodium ();
  crypto_generichash (hash, sizeof hash, raw, sizeof raw, NULL, 0);
  sodium_memzero (raw, sizeof raw);
  return g_strdup (sodium_bin2hex (hex, sizeof hex, hash, sizeof hash));
}

static gboolean
refuse_on_server (KefuStore  *store,
                  GError    **error)
{
  if (!kefu_store_is_server (store))
    return FALSE;
  g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_SESSION,
               _("Sessions are kept for database files only: a server signs in its connections itself."));
  return TRUE;
}

char *
kefu_session_start (KefuStore   *store,
                    guint        os_uid,
                    guint        minutes,
                    gint64      *expires_at,
                    GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *role = NULL;
  g_autofree char *detail = NULL;
  unsigned char raw[KEFU_SESSION_TOKEN_BYTES];
  char hex[HEX_CHARS + 1];
  gint64 user_id = kefu_store_get_actor (store);
  gint64 now = kefu_store_now (store), until;
  KEFU_AUTO_QUERY *who = NULL;
  KEFU_AUTO_QUERY *old = NULL;
  KEFU_AUTO_QUERY *ins = NULL;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  if (refuse_on_server (store, error) || !kefu_store_require_actor (store, error))
    return NULL;
  if (minutes < 1 || minutes > KEFU_SESSION_MAX_MINUTES)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A session lasts 1 to %d minutes, not %u."), KEFU_SESSION_MAX_MINUTES, minutes);
      return NULL;
    }
  until = now + (gint64) minutes * 60;

  who = kefu_query_prepare (store, "SELECT role FROM users WHERE id = ?1 AND active = 1", error);
  if (who == NULL)
    return NULL;
  kefu_query_bind_int (who, 1, user_id);
  if (!kefu_query_step_one (store, who, error, KEFU_STORE_ERROR_NOT_FOUND, _("No such user.")))
    return NULL;
  role = g_strdup (kefu_query_get_text (who, 0));
  kefu_query_reset (who);

  kefu_store_ensure_sodium ();
  randombytes_buf (raw, sizeof raw);
  sodium_bin2hex (hex, sizeof hex, raw, sizeof raw);
  sodium_memzero (raw, sizeof raw);
  hash = kefu_session_token_hash (hex);

  tx = kefu_transaction_begin (store, error);
  if (tx == NULL)
    goto fail;
  /* sessions that ended lie about only until the next start */
  old = kefu_query_prepare (store, "DELETE FROM cli_sessions WHERE expires_at <= ?1", error);
  if (old == NULL)
    goto fail;
  kefu_query_bind_int (old, 1, now);
  ins = kefu_query_prepare (store, "INSERT INTO cli_sessions (token_hash, user_id, os_uid, role, created_at, expires_at) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (ins == NULL || !kefu_query_run (store, old, error))
    goto fail;
  kefu_query_bind_text (ins, 1, hash);
  kefu_query_bind_int (ins, 2, user_id);
  kefu_query_bind_int (ins, 3, os_uid);
  kefu_query_bind_text (ins, 4, role);
  kefu_query_bind_int (ins, 5, now);
  kefu_query_bind_int (ins, 6, until);
  if (!kefu_query_run (store, ins, error))
    goto fail;
  /* ids and numbers only: the OS user and the length */
  detail = g_strdup_printf ("uid=%u minutes=%u", os_uid, minutes);
  if (!kefu_auth_audit (store, user_id, "session_start", "cli_sessions", kefu_query_last_id (store), detail, error) ||
      !kefu_transaction_commit (tx, error))
    goto fail;
  if (expires_at != NULL)
    *expires_at = until;
  return g_strdup (hex);

fail:
  sodium_memzero (hex, sizeof hex);
  return NULL;
}

KefuUser *
kefu_session_resume (KefuStore   *store,
                     const char  *token,
                     const char  *login,
                     guint        os_uid,
                     GError     **error)
{
  g_autofree char *hash = kefu_session_token_hash (token);
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;
  const char *why = NULL;
  KefuUser *user;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  if (refuse_on_server (store, error))
    return NULL;
  if (hash == NULL)
    {
      g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_SESSION, _("The session token is not valid."));
      return NULL;
    }
  stmt = kefu_query_prepare (store, "SELECT s.user_id, s.os_uid, s.expires_at, s.role, u.login, u.name, u.role, "
                                    "u.title, u.active FROM cli_sessions s JOIN users u ON u.id = s.user_id "
                                    "WHERE s.token_hash = ?1", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, hash);
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  if (rc == KEFU_QUERY_DONE)
    why = _("it was signed out or revoked");
  else if (g_strcmp0 (kefu_query_get_text (stmt, 4), login) != 0)
    why = _("it is another user’s");
  else if (kefu_query_get_int (stmt, 1) != (gint64) os_uid)
    why = _("it belongs to another account of this computer");
  else if (kefu_query_get_int (stmt, 2) <= kefu_store_now (store))
    why = _("it expired");
  else if (kefu_query_get_int (stmt, 8) == 0)
    why = _("the account is disabled");
  else if (g_strcmp0 (kefu_query_get_text (stmt, 3), kefu_query_get_text (stmt, 6)) != 0)
    why = _("the user’s role changed");
  if (why != NULL)
    {
      /* Translators: %s is the user's login, then why, e.g. "it expired" */
      g_set_error (error, KEFU_AUTH_ERROR, KEFU_AUTH_ERROR_SESSION, _("The session of “%s” cannot be used: %s."),
                   login, why);
      return NULL;
    }
  user = kefu_user_new (kefu_query_get_int (stmt, 0), kefu_query_get_text (stmt, 4), kefu_query_get_text (stmt, 5),
                        kefu_query_get_text (stmt, 6), kefu_query_get_text (stmt, 7));
  kefu_store_set_actor (store, kefu_user_get_id (user));
  return user;
}

gboolean
kefu_session_end (KefuStore   *store,
                  const char  *token,
                  gboolean    *existed,
                  GError     **error)
{
  g_autofree char *hash = kefu_session_token_hash (token);
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 id, user_id;

  if (existed != NULL)
    *existed = FALSE;
  if (refuse_on_server (store, error))
    return FALSE;
  if (hash == NULL)
    return TRUE;
  tx = kefu_transaction_begin (store, error);
  if (tx == NULL)
    return FALSE;
  stmt = kefu_query_prepare (store, "DELETE FROM cli_sessions WHERE token_hash = ?1 RETURNING id, user_id", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, hash);
  switch (kefu_query_step (store, stmt, error))
    {
    case KEFU_QUERY_ROW:
      id = kefu_query_get_int (stmt, 0);
      user_id = kefu_query_get_int (stmt, 1);
      kefu_query_reset (stmt);
      if (!kefu_auth_audit (store, user_id, "session_end", "cli_sessions", id, NULL, error))
        return FALSE;
      if (existed != NULL)
        *existed = TRUE;
      break;
    case KEFU_QUERY_DONE:
      break;
    default:
      return FALSE;
    }
  return kefu_transaction_commit (tx, error);
}

gboolean
kefu_session_end_user (KefuStore  *store,
                       gint64      user_id,
                       GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (kefu_store_is_server (store))
    return TRUE;
  stmt = kefu_query_prepare (store, "DELETE FROM cli_sessions WHERE user_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, user_id);
  return kefu_query_run (store, stmt, error);
}
