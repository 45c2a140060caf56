/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-user.c — kefu-cli user (accounts, roles, PINs) and kefu-cli
 * audit (the audit log and its chain)
 */
#include "config.h"

#include "kefu-cli-private.h"

int
cmd_audit (const char  *db_path,
           int          argc,
           char       **argv)
{
  static const char *names[] = { "--anchor", NULL };
  const char *values[G_N_ELEMENTS (names)] = { NULL };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;

  if (argc > 1 && g_str_equal (argv[argc - 1], "--help"))
    {
      g_print ("%s\n", _("Usage: kefu-cli [--db FILE] audit verify [--anchor ID:SHA256]"));
      return 0;
    }
  if (!take_options (argc, argv, "audit", names, values, positional))
    return 2;
  if (positional->len != 1 || !g_str_equal (positional->pdata[0], "verify"))
    {
      g_printerr ("%s\n", _("Usage: kefu-cli [--db FILE] audit verify [--anchor ID:SHA256]"));
      return 2;
    }
  /* it reads the audit log: a right of its own, under the signed-in user */
  store = open_store_to_read_as (db_path, "audit");
  if (store == NULL)
    return 1;
  return verify_audit (store, values[0], TRUE);
}

static void
print_user_usage (FILE *out)
{
  fprintf (out, "%s\n%s\n%s\n%s\n",
           _("Usage: kefu-cli [--db FILE] --as LOGIN user add LOGIN --name NAME --role ROLE [--title TITLE]"),
           _("       kefu-cli [--db FILE] --as LOGIN user list"),
           _("       kefu-cli [--db FILE] --as LOGIN user disable|enable LOGIN"),
           _("       kefu-cli [--db FILE] --as LOGIN user reset-pin LOGIN"));
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

/* kefu-cli --as ADMIN user add|list|disable|enable|reset-pin */
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
  gboolean add, list, one;

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
  one = (g_str_equal (what, "disable") || g_str_equal (what, "enable") || g_str_equal (what, "reset-pin")) &&
        args->len == 2 && values[0] == NULL && values[1] == NULL && values[2] == NULL;
  if (!list && !add && !one)
    {
      print_user_usage (stderr);
      return 2;
    }
  if (add && !kefu_code_is_valid (KEFU_CODES_ROLE, values[1]))
    {
      g_printerr (_("user: “%s” is not a role (use agent, dispatcher, supervisor, trainer, manager or admin).\n"), values[1]);
      return 2;
    }

  store = open_store_as (db_path, "user");
  if (store == NULL)
    return 1;
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
