/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server-people.c — the people of a center on a server (#20)
 *
 * On a server a person is a PostgreSQL LOGIN role in their role's group;
 * only the server's SECURITY DEFINER functions make, switch off and move
 * them (kefu_create_person() and the others in kefu-server-rights.sql),
 * and they refuse whoever is not an administrator. These calls run them
 * as the person signed in to @store, check first what can be told on the
 * desk (in words the desk translates) and say the server's refusals in
 * them too.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-engine-private.h"
#include "kefu-query.h"
#include "kefu-server-people.h"
#include "kefu-store-private.h"
#include "kefu-user.h"

#define SCRAM_ITERATIONS 4096

static void
hmac (const guint8 *key,
      gsize         key_length,
      const guint8 *data,
      gsize         length,
      guint8        out[32])
{
  g_autoptr(GHmac) h = g_hmac_new (G_CHECKSUM_SHA256, key, key_length);
  gsize n = 32;

  g_hmac_update (h, data, length);
  g_hmac_get_digest (h, out, &n);
}

char *
kefu_server_scram_verifier (const char *password)
{
  guint8 salt[16], u[32], salted[32], client_key[32], stored_key[32], server_key[32];
  guint8 first[sizeof salt + 4];
  gsize n = 32;
  g_autofree char *salt64 = NULL, *stored64 = NULL, *server64 = NULL;
  g_autoptr(GChecksum) sha = NULL;

  g_return_val_if_fail (password != NULL, NULL);
  /* SASLprep leaves printable ASCII as it is; anything else is the server's to prepare */
  for (const char *p = password; *p != '\0'; p++)
    if (*p < 0x20 || *p > 0x7e)
      return NULL;
  for (guint i = 0; i < sizeof salt; i++)
    salt[i] = (guint8) g_random_int_range (0, 256);
  /* PBKDF2-HMAC-SHA-256 (RFC 5802's Hi) */
  memcpy (first, salt, sizeof salt);
  memcpy (first + sizeof salt, "\0\0\0\1", 4);
  hmac ((const guint8 *) password, strlen (password), first, sizeof first, u);
  memcpy (salted, u, sizeof salted);
  for (int i = 1; i < SCRAM_ITERATIONS; i++)
    {
      hmac ((const guint8 *) password, strlen (password), u, sizeof u, u);
      for (guint j = 0; j < sizeof salted; j++)
        salted[j] ^= u[j];
    }
  hmac (salted, sizeof salted, (const guint8 *) "Client Key", 10, client_key);
  hmac (salted, sizeof salted, (const guint8 *) "Server Key", 10, server_key);
  sha = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sha, client_key, sizeof client_key);
  g_checksum_get_digest (sha, stored_key, &n);
  salt64 = g_base64_encode (salt, sizeof salt);
  stored64 = g_base64_encode (stored_key, sizeof stored_key);
  server64 = g_base64_encode (server_key, sizeof server_key);
  return g_strdup_printf ("SCRAM-SHA-256$%d:%s$%s:%s", SCRAM_ITERATIONS, salt64, stored64, server64);
}

/* The server's refusal in the desk's words: not an administrator, or
 * what the server said, naming whose change it was */
static void
say_refusal (GError     *local,
             const char *login,
             GError    **error)
{
  /* a refusal of the server's own (KFnnn) reads its own sentence
   * (kefu-engine.c): KF020, another's password, is no lack of the
   * administrator's right; PostgreSQL's own "permission denied" for a
   * function granted to administrators only is */
  if (g_error_matches (local, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION) && kefu_engine_is_server_refusal (local))
    g_set_error_literal (error, local->domain, local->code, local->message);
  else if (g_error_matches (local, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION))
    g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                         kefu_permission_refusal (KEFU_PERMISSION_MANAGE_USERS));
  else
    /* Translators: %s is a login name, then the server's own message */
    g_set_error (error, local->domain, local->code, _("The server refused the change to “%s”: %s"), login,
                 local->message);
}

static gboolean
require_server (KefuStore  *store,
                GError    **error)
{
  if (kefu_store_is_server (store))
    return TRUE;
  g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       _("People are made this way only on a database server."));
  return FALSE;
}

static gboolean
check_role (const char  *role,
            GError     **error)
{
  static const char * const roles[] = { "agent", "dispatcher", "supervisor", "trainer", "manager", "admin", NULL };

  if (role != NULL && g_strv_contains (roles, role))
    return TRUE;
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("“%s” is not a role of Kefu."),
               role != NULL ? role : "");
  return FALSE;
}

static gboolean
check_password (const char  *login,
                const char  *password,
                GError     **error)
{
  if (password != NULL && g_utf8_strlen (password, -1) >= 8)
    return TRUE;
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
               _("The password of “%s” needs at least 8 characters."), login);
  return FALSE;
}

/* "{1,2}" for the server's bigint[], NULL for every estate */
static char *
estates_text (GArray *estates)
{
  GString *text;

  if (estates == NULL)
    return NULL;
  text = g_string_new ("{");
  for (guint i = 0; i < estates->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (estates, gint64, i));
  g_string_append_c (text, '}');
  return g_string_free (text, FALSE);
}

static void
bind_estates (KefuQuery *stmt,
              int        index,
              GArray    *estates)
{
  g_autofree char *text = estates_text (estates);

  if (text != NULL)
    kefu_query_bind_text (stmt, index, text);
  else
    kefu_query_bind_null (stmt, index);
}

/* Runs @stmt (bound) for @login; FALSE with the refusal in words */
static gboolean
run_call (KefuStore  *store,
          KefuQuery  *stmt,
          const char *login,
          gint64     *result,
          GError    **error)
{
  g_autoptr(GError) local = NULL;

  if (kefu_query_step (store, stmt, &local) != KEFU_QUERY_ROW)
    {
      if (local == NULL)
        g_set_error_literal (&local, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL, _("The server gave no answer."));
      say_refusal (local, login, error);
      return FALSE;
    }
  if (result != NULL)
    *result = kefu_query_get_int (stmt, 0);
  return TRUE;
}

/* Runs @sql, a call of the server's (login, password) for @login with
 * @password, sent as a SCRAM verifier made here when it is plain ASCII */
static gboolean
call_with_password (KefuStore  *store,
                    const char *sql,
                    const char *login,
                    const char *password,
                    GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);
  g_autofree char *verifier = NULL;

  if (stmt == NULL)
    return FALSE;
  verifier = kefu_server_scram_verifier (password);
  kefu_query_bind_text (stmt, 1, login);
  kefu_query_bind_text (stmt, 2, verifier != NULL ? verifier : password);
  return run_call (store, stmt, login, NULL, error);
}

void
kefu_server_person_free (KefuServerPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->login);
  g_free (person->name);
  g_free (person->role);
  g_free (person);
}

GPtrArray *
kefu_server_people_list (KefuStore  *store,
                         GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_server_person_free);
  int rc;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  stmt = kefu_query_prepare (store, "SELECT id, login, name, role, active FROM users ORDER BY active DESC, name, login",
                             error);
  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuServerPerson *p = g_new0 (KefuServerPerson, 1);

      p->id = kefu_query_get_int (stmt, 0);
      p->login = g_strdup (kefu_query_get_text (stmt, 1));
      p->name = g_strdup (kefu_query_get_text (stmt, 2));
      p->role = g_strdup (kefu_query_get_text (stmt, 3));
      p->active = kefu_query_get_int (stmt, 4) != 0;
      g_ptr_array_add (people, p);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&people);
}

static void
estate_free (KefuServerEstate *estate)
{
  g_free (estate->name);
  g_free (estate);
}

GPtrArray *
kefu_server_estates_list (KefuStore  *store,
                          GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autoptr(GPtrArray) estates = g_ptr_array_new_with_free_func ((GDestroyNotify) estate_free);
  int rc;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  stmt = kefu_query_prepare (store, "SELECT id, name FROM estates ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuServerEstate *e = g_new0 (KefuServerEstate, 1);

      e->id = kefu_query_get_int (stmt, 0);
      e->name = g_strdup (kefu_query_get_text (stmt, 1));
      g_ptr_array_add (estates, e);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&estates);
}

/**
 * kefu_server_person_create:
 * @estates: (nullable): gint64 estate ids they work for; NULL: every estate
 *
 * Makes @login a person of the center: a LOGIN role with @password (at
 * least 8 characters; sent as a SCRAM verifier when it is plain ASCII) in
 * @role's group, and their users row. Administrators only (the server
 * checks). Returns their users id, or 0.
 */
gint64
kefu_server_person_create (KefuStore   *store,
                           const char  *login,
                           const char  *name,
                           const char  *role,
                           const char  *password,
                           GArray      *estates,
                           GError     **error)
{
  return kefu_server_person_create_with_title (store, login, name, NULL, role, password, estates, error);
}

/**
 * kefu_server_person_create_with_title:
 * @title: (nullable): the person's job title (what a file's
 *   kefu_auth_add_user() keeps), or %NULL for none
 *
 * kefu_server_person_create() with a job title.
 */
gint64
kefu_server_person_create_with_title (KefuStore   *store,
                                      const char  *login,
                                      const char  *name,
                                      const char  *title,
                                      const char  *role,
                                      const char  *password,
                                      GArray      *estates,
                                      GError     **error)
{
  KEFU_AUTO_QUERY *exists = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *verifier = NULL;
  gint64 id = 0;

  g_return_val_if_fail (KEFU_IS_STORE (store), 0);
  if (!require_server (store, error) || !check_role (role, error))
    return 0;
  if (login == NULL || !g_regex_match_simple ("^[^[:space:][:cntrl:]]{1,63}$", login, 0, 0) ||
      g_str_has_prefix (login, "kefu_") || g_str_has_prefix (login, "pg_") || strlen (login) > 63)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The login “%s” cannot be used: it needs 1 to 63 characters without spaces, not starting "
                     "with kefu_ or pg_."), login != NULL ? login : "");
      return 0;
    }
  if (!check_password (login, password, error))
    return 0;
  /* (every role may read the cluster's role names) */
  exists = kefu_query_prepare (store, "SELECT count(*) FROM pg_roles WHERE rolname = ?1", error);
  if (exists == NULL)
    return 0;
  kefu_query_bind_text (exists, 1, login);
  if (kefu_query_step (store, exists, error) != KEFU_QUERY_ROW)
    return 0;
  if (kefu_query_get_int (exists, 0) > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT,
                   _("The login “%s” is taken on this server already."), login);
      return 0;
    }
  stmt = kefu_query_prepare (store, "SELECT kefu_create_person (?1, ?2, ?3, ?4, CAST(?5 AS bigint[]), ?6)", error);
  if (stmt == NULL)
    return 0;
  verifier = kefu_server_scram_verifier (password);
  kefu_query_bind_text (stmt, 1, login);
  kefu_query_bind_text (stmt, 2, name != NULL && *name != '\0' ? name : login);
  kefu_query_bind_text (stmt, 3, role);
  kefu_query_bind_text (stmt, 4, verifier != NULL ? verifier : password);
  bind_estates (stmt, 5, estates);
  if (title != NULL && *title != '\0')
    kefu_query_bind_text (stmt, 6, title);
  else
    kefu_query_bind_null (stmt, 6);
  if (!run_call (store, stmt, login, &id, error))
    return 0;
  return id;
}

/* Switches @login off (they can no longer sign in) or on again */
gboolean
kefu_server_person_set_active (KefuStore   *store,
                               const char  *login,
                               gboolean     active,
                               GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  g_return_val_if_fail (KEFU_IS_STORE (store) && login != NULL, FALSE);
  if (!require_server (store, error))
    return FALSE;
  if (!active && g_strcmp0 (login, kefu_store_get_person (store)) == 0)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("You cannot switch yourself off."));
      return FALSE;
    }
  stmt = kefu_query_prepare (store, "SELECT 1 FROM (SELECT kefu_set_person_active (?1, ?2 <> 0)) x", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, login);
  kefu_query_bind_int (stmt, 2, active ? 1 : 0);
  return run_call (store, stmt, login, NULL, error);
}

/* Moves @login to @role's group */
gboolean
kefu_server_person_set_role (KefuStore   *store,
                             const char  *login,
                             const char  *role,
                             GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  g_return_val_if_fail (KEFU_IS_STORE (store) && login != NULL, FALSE);
  if (!require_server (store, error) || !check_role (role, error))
    return FALSE;
  stmt = kefu_query_prepare (store, "SELECT 1 FROM (SELECT kefu_set_person_role (?1, ?2)) x", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, login);
  kefu_query_bind_text (stmt, 2, role);
  return run_call (store, stmt, login, NULL, error);
}

gboolean
kefu_server_person_set_estates (KefuStore   *store,
                                const char  *login,
                                GArray      *estates,
                                GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  g_return_val_if_fail (KEFU_IS_STORE (store) && login != NULL, FALSE);
  if (!require_server (store, error))
    return FALSE;
  stmt = kefu_query_prepare (store, "SELECT 1 FROM (SELECT kefu_set_person_estates (?1, CAST(?2 AS bigint[]))) x", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, login);
  bind_estates (stmt, 2, estates);
  return run_call (store, stmt, login, NULL, error);
}

/**
 * kefu_server_person_estates:
 * @every: (out): whether @login works for every estate
 *
 * The estates @login works for as the server keeps them (what
 * kefu_server_person_set_estates() last set), read through
 * kefu_person_estates_of() (SECURITY DEFINER, administrators only: the
 * table itself is nobody's to read).
 *
 * Returns: (transfer full): gint64 estate ids (empty with *@every, or for
 *   someone who works for none), NULL with @error on a refusal
 */
GArray *
kefu_server_person_estates (KefuStore   *store,
                            const char  *login,
                            gboolean    *every,
                            GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local = NULL;
  KefuQueryStep rc;

  g_return_val_if_fail (KEFU_IS_STORE (store) && login != NULL && every != NULL, NULL);
  *every = FALSE;
  if (!require_server (store, error))
    return NULL;
  stmt = kefu_query_prepare (store, "SELECT e FROM kefu_person_estates_of (?1) AS e", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, login);
  while ((rc = kefu_query_step (store, stmt, &local)) == KEFU_QUERY_ROW)
    {
      gint64 id;

      if (kefu_query_is_null (stmt, 0))
        {
          *every = TRUE;
          continue;
        }
      id = kefu_query_get_int (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc == KEFU_QUERY_FAILED)
    {
      say_refusal (local, login, error);
      return NULL;
    }
  if (*every)
    g_array_set_size (ids, 0);
  return g_steal_pointer (&ids);
}

/**
 * kefu_server_person_set_password:
 *
 * An administrator gives @login a new @password (a forgotten one): at
 * least 8 characters, sent as a SCRAM verifier when plain ASCII. The
 * server checks that the caller is an administrator and records it in the
 * audit log.
 */
gboolean
kefu_server_person_set_password (KefuStore   *store,
                                 const char  *login,
                                 const char  *password,
                                 GError     **error)
{
  g_return_val_if_fail (KEFU_IS_STORE (store) && login != NULL, FALSE);
  return require_server (store, error) && check_password (login, password, error) &&
         call_with_password (store, "SELECT 1 FROM (SELECT kefu_set_person_password (?1, ?2)) x", login, password,
                             error);
}

/**
 * kefu_server_change_own_password:
 *
 * The person signed in to @store changes their own password: @current
 * must be the one they signed in with; @password needs at least 8
 * characters. The desk's later connections use the new one.
 */
gboolean
kefu_server_change_own_password (KefuStore   *store,
                                 const char  *current,
                                 const char  *password,
                                 GError     **error)
{
  const char *person;

  g_return_val_if_fail (KEFU_IS_STORE (store), FALSE);
  if (!require_server (store, error))
    return FALSE;
  person = kefu_store_get_person (store);
  if (person == NULL)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("Only a person signed in to the server has a password to change here."));
      return FALSE;
    }
  if (!kefu_store_signed_in_with (store, current))
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SIGN_IN,
                           _("The current password is not right; your password is unchanged."));
      return FALSE;
    }
  if (!check_password (person, password, error) ||
      !call_with_password (store, "SELECT 1 FROM (SELECT kefu_change_own_password (?1, ?2)) x", person, password,
                           error))
    return FALSE;
  kefu_store_set_password (store, password);
  return TRUE;
}
