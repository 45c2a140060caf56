/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-user.c — kefu-cli user (accounts, roles, PINs) and kefu-cli
 * audit (the audit log and its chain)
 */
#include "config.h"

#include "kefu-cli-private.h"
#include "kefu-engine.h"
#include "kefu-server-people.h"

/* `audit list [LOGIN] [--action ACTION] [--limit N]`: the newest entries
 * first, as the Audit window shows them (kefu_audit_list: on a server
 * through audit_log_by_login, for the people who may read the log) */
static int
audit_list (KefuStore  *store,
            const char *login,
            const char *action,
            guint64     limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) entries = NULL;
  KefuAuditFilter filter = { 0, action, 0, 0 };
  guint n;

  if (login != NULL && (filter.user_id = user_id_of (store, login)) <= 0)
    return 1;
  entries = kefu_audit_list (store, &filter, &error);
  if (entries == NULL)
    return fail_with (error);
  n = MIN (g_list_model_get_n_items (entries), limit);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KefuAuditEntry) e = g_list_model_get_item (entries, i);
      g_autofree char *when = local_time (kefu_audit_entry_get_at (e));
      const char *table = kefu_audit_entry_get_subject_table (e);
      g_autofree char *subject = table != NULL ? g_strdup_printf ("%s %" G_GINT64_FORMAT, table,
                                                                   kefu_audit_entry_get_subject_id (e))
                                               : g_strdup ("-");

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s\n", kefu_audit_entry_get_id (e), when,
               kefu_audit_entry_get_user_name (e) != NULL ? kefu_audit_entry_get_user_name (e) : "-",
               kefu_audit_action_label (kefu_audit_entry_get_action (e)), subject,
               kefu_audit_entry_get_detail (e) != NULL ? kefu_audit_entry_get_detail (e) : "");
    }
  if (n == 0)
    g_print ("%s\n", _("No audit entries match."));
  return 0;
}

static void
print_audit_usage (FILE *out)
{
  fprintf (out, "%s\n%s\n", _("Usage: kefu-cli [--db FILE] audit verify [--anchor ID:SHA256]"),
           _("       kefu-cli [--db FILE] audit list [LOGIN] [--action ACTION] [--limit N]"));
}

int
cmd_audit (const char  *db_path,
           int          argc,
           char       **argv)
{
  static const char *names[] = { "--anchor", "--action", "--limit", NULL };
  const char *values[G_N_ELEMENTS (names)] = { NULL };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;

  if (argc > 1 && g_str_equal (argv[argc - 1], "--help"))
    {
      print_audit_usage (stdout);
      return 0;
    }
  if (!take_options (argc, argv, "audit", names, values, positional))
    return 2;
  if (positional->len >= 1 && positional->len <= 2 && g_str_equal (positional->pdata[0], "list") && values[0] == NULL)
    {
      guint64 limit = 50;

      if (values[2] != NULL && (!parse_uint (values[2], G_MAXUINT32, &limit) || limit == 0))
        {
          g_printerr (_("audit: --limit takes a whole number above 0, not “%s”.\n"), values[2]);
          return 2;
        }
      store = open_store_to_read_as (db_path, "audit");
      if (store == NULL)
        return 1;
      return audit_list (store, positional->len == 2 ? positional->pdata[1] : NULL, values[1], limit);
    }
  if (positional->len != 1 || !g_str_equal (positional->pdata[0], "verify") || values[1] != NULL || values[2] != NULL)
    {
      print_audit_usage (stderr);
      return 2;
    }
  /* it reads the audit log: a right of its own, under the signed-in user */
  store = open_store_to_read_as (db_path, "audit");
  if (store == NULL)
    return 1;
  /* on a server no file lies beside the database: the anchor is the
   * monthly report's, given with --anchor; without it the chain is checked */
  if (kefu_store_is_server (store) && values[0] == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *described = NULL;
      KefuAuditHead head;
      gint64 broken = 0;

      if (!kefu_audit_verify (store, NULL, &head, &broken, &error))
        return fail_with (error);
      described = kefu_audit_head_describe (&head);
      g_print (_("Audit log: the chain holds (%s). On a database server there is no anchor file: check the "
                 "log’s end against the monthly report’s anchor with --anchor ID:SHA256.\n"), described);
      return 0;
    }
  return verify_audit (store, values[0], TRUE);
}

static void
print_user_usage (FILE *out)
{
  fprintf (out, "%s\n%s\n%s\n%s\n%s\n",
           _("Usage: kefu-cli [--db FILE] --as LOGIN user add LOGIN --name NAME --role ROLE [--title TITLE]"),
           _("       kefu-cli [--db FILE] --as LOGIN user list"),
           _("       kefu-cli [--db FILE] --as LOGIN user disable|enable LOGIN"),
           _("       kefu-cli [--db FILE] --as LOGIN user reset-pin LOGIN"),
           _("       kefu-cli --db SERVER user add|list|disable|enable … | user role LOGIN ROLE | user password LOGIN\n"
             "         on a server (as the connection’s person, an administrator): a person’s password, not a PIN"));
}

static int
user_list (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = kefu_auth_list_accounts (store, &error);

  if (accounts == NULL)
    return fail_with (error);
  for (guint i = 0; i < accounts->len; i++)
    {
      KefuAccount *a = accounts->pdata[i];
      g_autofree char *state = NULL;

      if (!a->active)
        state = g_strdup (_("disabled"));
      else if (a->locked_until > 0)
        {
          g_autofree char *until = local_time (a->locked_until);
          state = g_strdup_printf (_("locked until %s"), until);
        }
      else if (!a->has_pin)
        state = g_strdup (_("no PIN yet"));
      else
        state = g_strdup (_("active"));
      g_print ("%s\t%s\t%s\t%s\n", a->login, a->name, kefu_code_label (KEFU_CODES_ROLE, a->role), state);
    }
  return 0;
}

/* `user …` on a server (#20): the people are PostgreSQL logins, made,
 * switched off, moved and given a password only through the server's
 * functions (kefu-server-people.h, as the GUI's People window does), as
 * the connection's person; the server checks they are an administrator. */
static int
user_on_server (KefuStore   *store,
                const char  *what,
                const char  *login,
                const char  *name,
                const char  *title,
                const char  *role)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (what, "list"))
    {
      g_autoptr(GPtrArray) people = kefu_server_people_list (store, &error);

      if (people == NULL)
        return fail_with (error);
      for (guint i = 0; i < people->len; i++)
        {
          KefuServerPerson *p = people->pdata[i];

          g_print ("%s\t%s\t%s\t%s\n", p->login, p->name, kefu_code_label (KEFU_CODES_ROLE, p->role),
                   p->active ? _("active") : _("disabled"));
        }
      return 0;
    }
  if (g_str_equal (what, "add"))
    {
      g_autofree char *prompt = g_strdup_printf (_("Password for the new person %s: "), login);
      g_autoptr(Secret) password = read_new_secret (prompt, _("The same password again: "));

      if (password == NULL)
        return 1;
      if (kefu_server_person_create_with_title (store, login, name, title, role, password, NULL, &error) <= 0)
        return fail_with (error);
      g_print (_("“%s” may now sign in to the server as %s, with that password.\n"), login,
               kefu_code_label (KEFU_CODES_ROLE, role));
      return 0;
    }
  if (g_str_equal (what, "role"))
    {
      if (!kefu_server_person_set_role (store, login, role, &error))
        return fail_with (error);
      g_print (_("“%s” is now %s.\n"), login, kefu_code_label (KEFU_CODES_ROLE, role));
      return 0;
    }
  if (g_str_equal (what, "password"))
    {
      g_autofree char *prompt = g_strdup_printf (_("New password for %s: "), login);
      g_autoptr(Secret) password = read_new_secret (prompt, _("The same password again: "));

      if (password == NULL)
        return 1;
      if (!kefu_server_person_set_password (store, login, password, &error))
        return fail_with (error);
      g_print (_("New password set for “%s”.\n"), login);
      return 0;
    }
  if (!kefu_server_person_set_active (store, login, g_str_equal (what, "enable"), &error))
    return fail_with (error);
  g_print (g_str_equal (what, "enable") ? _("“%s” may sign in again.\n") : _("“%s” can no longer sign in.\n"), login);
  return 0;
}

/* kefu-cli --as ADMIN user add|list|disable|enable|reset-pin; on a
 * server also role and password */
int
cmd_user (const char  *db_path,
          int          argc,
          char       **argv)
{
  static const char *names[] = { "--name", "--role", "--title", NULL };
  const char *values[3] = { NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) target = NULL;
  const char *what;
  gboolean add, list, one, role;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      print_user_usage (stdout);
      return 0;
    }
  if (!take_options (argc, argv, "user", names, values, args))
    return 2;
  what = args->len > 0 ? args->pdata[0] : "";
  list = g_str_equal (what, "list") && args->len == 1 && values[0] == NULL && values[1] == NULL && values[2] == NULL;
  add = g_str_equal (what, "add") && args->len == 2 && values[0] != NULL && values[1] != NULL;
  one = (g_str_equal (what, "disable") || g_str_equal (what, "enable") || g_str_equal (what, "reset-pin") ||
         g_str_equal (what, "password")) &&
        args->len == 2 && values[0] == NULL && values[1] == NULL && values[2] == NULL;
  role = g_str_equal (what, "role") && args->len == 3 && values[0] == NULL && values[1] == NULL && values[2] == NULL;
  if (!list && !add && !one && !role)
    {
      print_user_usage (stderr);
      return 2;
    }
  if ((add || role) && !kefu_code_is_valid (KEFU_CODES_ROLE, add ? values[1] : args->pdata[2]))
    {
      g_printerr (_("user: “%s” is not a role (use agent, dispatcher, supervisor, trainer, manager or admin).\n"),
                  add ? values[1] : (const char *) args->pdata[2]);
      return 2;
    }
  if (kefu_engine_is_server_spec (db_path))
    {
      if (g_str_equal (what, "reset-pin"))
        {
          g_printerr ("%s\n", _("user reset-pin: on a database server people sign in with a password, not a PIN: "
                                "use “user password LOGIN”."));
          return 2;
        }
    }
  else if (role || g_str_equal (what, "password"))
    {
      g_printerr (_("user %s works with a database server (--db naming it). On a database file a user keeps their "
                    "role: disable the account and add one with the new role; a PIN is reset with “user reset-pin LOGIN”.\n"),
                  what);
      return 2;
    }

  store = open_store_as (db_path, "user");
  if (store == NULL)
    return 1;
  if (kefu_store_is_server (store))
    return user_on_server (store, what, list ? NULL : args->pdata[1], values[0], values[2],
                           add ? values[1] : role ? args->pdata[2] : NULL);
  if (list)
    return user_list (store);
  if (add)
    {
      g_autofree char *prompt = g_strdup_printf (_("PIN for the new user %s: "), (const char *) args->pdata[1]);
      g_autoptr(Secret) pin = read_new_secret (prompt, _("The same PIN again: "));

      if (pin == NULL)
        return 1;
      if (kefu_auth_add_user (store, args->pdata[1], values[0], values[1], values[2], pin, &error) <= 0)
        return fail_with (error);
      g_print (_("User “%s” added as %s.\n"), (const char *) args->pdata[1], kefu_code_label (KEFU_CODES_ROLE, values[1]));
      return 0;
    }

  target = kefu_desk_find_user (store, args->pdata[1], NULL);
  if (target == NULL)
    {
      g_printerr (_("There is no user “%s”.\n"), (const char *) args->pdata[1]);
      return 1;
    }
  if (g_str_equal (what, "reset-pin"))
    {
      g_autofree char *prompt = g_strdup_printf (_("New PIN for %s: "), kefu_user_get_login (target));
      g_autoptr(Secret) pin = read_new_secret (prompt, _("The same PIN again: "));

      if (pin == NULL)
        return 1;
      if (!kefu_auth_reset_pin (store, kefu_user_get_id (target), pin, &error))
        return fail_with (error);
      g_print (_("New PIN set for %s; any lock is lifted.\n"), kefu_user_get_name (target));
      return 0;
    }
  if (!kefu_auth_set_active (store, kefu_user_get_id (target), g_str_equal (what, "enable"), &error))
    return fail_with (error);
  g_print (g_str_equal (what, "enable") ? _("%s may sign in again.\n") : _("%s can no longer sign in.\n"),
           kefu_user_get_name (target));
  return 0;
}
