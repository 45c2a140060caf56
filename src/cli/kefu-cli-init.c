/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-init.c — kefu-cli init (a new database, its administrator or
 * the sample service center) and kefu-cli check (integrity, schema,
 * the audit chain)
 */
#include "config.h"

#include "kefu-cli-private.h"

int
cmd_init (const char  *db_path,
          int          argc,
          char       **argv)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { KEFU_DEMO_DEFAULT_TICKETS, 1, 0 };
  gboolean demo = FALSE;
  const char *admin = NULL, *admin_name = NULL;

  for (int i = 1; i < argc; i++)
    {
      guint64 value;

      if (g_str_equal (argv[i], "--admin") && i + 1 < argc)
        admin = argv[++i];
      else if (g_str_equal (argv[i], "--name") && i + 1 < argc)
        admin_name = argv[++i];
      else if (g_str_equal (argv[i], "--demo"))
        {
          demo = TRUE;
          if (i + 1 < argc && g_ascii_isdigit (argv[i + 1][0]))
            {
              if (!parse_uint (argv[++i], 10000000, &value) || value == 0)
                {
                  g_printerr (_("init: --demo takes a number of tickets from 1 to 10000000, not “%s”.\n"), argv[i]);
                  return 2;
                }
              options.n_tickets = value;
            }
        }
      else if (g_str_equal (argv[i], "--seed") && i + 1 < argc)
        {
          if (!parse_uint (argv[++i], G_MAXUINT32, &value))
            {
              g_printerr (_("init: --seed takes a whole number, not “%s”.\n"), argv[i]);
              return 2;
            }
          options.seed = value;
        }
      else if (g_str_equal (argv[i], "--now") && i + 1 < argc)
        {
          if (!parse_local_time (argv[++i], &options.now))
            {
              g_printerr (_("init: --now takes a local time like “2025-01-24 17:55”, not “%s”.\n"), argv[i]);
              return 2;
            }
        }
      else if (g_str_equal (argv[i], "--help"))
        {
          g_print ("%s\n%s\n", _("Usage: kefu-cli [--db FILE] init [--demo [N]] [--seed S] [--now \"YYYY-MM-DD HH:MM\"]"),
                   _("       kefu-cli [--db FILE] init --admin LOGIN [--name NAME]   asks for the administrator's password"));
          return 0;
        }
      else
        {
          g_printerr (_("init: unknown option “%s”.\n"), argv[i]);
          return 2;
        }
    }
  if (admin != NULL && demo)
    {
      g_printerr ("%s\n", _("init: --admin and --demo do not go together: the sample service center has its own users."));
      return 2;
    }
  if (admin_name != NULL && admin == NULL)
    {
      g_printerr ("%s\n", _("init: --name names the administrator of --admin LOGIN."));
      return 2;
    }

  /* the one command that creates a database file */
  store = kefu_store_open (db_path, KEFU_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return fail_with (error);
  if (demo && !kefu_demo_generate (store, &options, progress_cb, NULL, NULL, &error))
    return fail_with (error);
  if (admin != NULL)
    {
      g_autoptr(Secret) password = NULL;
      g_autofree char *code = NULL;
      g_autofree char *prompt = NULL;

      if (!kefu_store_is_empty (store))
        {
          g_printerr (_("init: the database “%s” has users already; an administrator adds more with “kefu-cli --as LOGIN user add”.\n"),
                      kefu_store_get_path (store));
          return 1;
        }
      prompt = g_strdup_printf (_("New password for the administrator %s: "), admin);
      password = read_new_secret (prompt, _("The same password again: "));
      if (password == NULL)
        return 1;
      if (kefu_auth_create_admin (store, admin, admin_name, password, &code, &error) <= 0)
        return fail_with (error);
      g_print (_("Administrator “%s” created.\n"), admin);
      g_print (_("Recovery code: %s\n"), code);
      g_print ("%s\n", _("Write the recovery code down and keep it away from this computer: it is shown only this once, "
                         "and it is the way back in if the administrator’s password is forgotten."));
    }
  g_print (_("Database ready: %s (schema version %d)\n"),
           kefu_store_get_path (store), kefu_store_get_schema_version (store));
  if (demo)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "Sample service center loaded with %u ticket.\n",
                            "Sample service center loaded with %u tickets.\n", options.n_tickets),
               options.n_tickets);
      /* Translators: %s is the sample's PIN, 1234 */
      g_print (_("Every sample user (chenjing, xuqiang, admin…) signs in with the PIN %s.\n"), KEFU_DEMO_PIN);
    }
  return 0;
}

/* The audit log's chain, then its anchor: @anchor_text, else the file
 * beside the database (without one the end of the log cannot be checked,
 * which fails only when @need_anchor). */
int
verify_audit (KefuStore  *store,
              const char *anchor_text,
              gboolean    need_anchor)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *anchor_path = kefu_audit_anchor_path (store);
  g_autofree char *described = NULL;
  KefuAuditHead anchor, head;
  gboolean have_anchor = FALSE;
  gint64 broken;

  if (anchor_text != NULL)
    {
      if (!kefu_audit_head_parse (anchor_text, &anchor))
        {
          g_printerr (_("audit: --anchor takes the last entry’s id and hash, like 1234:3f2a… (64 hex digits), not “%s”.\n"),
                      anchor_text);
          return 2;
        }
      have_anchor = TRUE;
    }
  else if (kefu_audit_read_anchor (anchor_path, &anchor, &error))
    have_anchor = TRUE;
  else if (!g_error_matches (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_NO_ANCHOR))
    return fail_with (error);
  g_clear_error (&error);

  if (!kefu_audit_verify (store, have_anchor ? &anchor : NULL, &head, &broken, &error))
    return fail_with (error);
  described = kefu_audit_head_describe (&head);
  if (!have_anchor && head.last_id > 0)
    {
      g_autofree char *message = g_strdup_printf (_("Audit log: the chain holds (%s), but there is no anchor “%s” "
                                                    "to check its end against."), described, anchor_path);
      if (need_anchor)
        {
          g_printerr ("%s\n", message);
          return 1;
        }
      g_print ("%s\n", message);
      return 0;
    }
  g_print (_("Audit log: ok (%s)\n"), described);
  return 0;
}

int
cmd_check (const char  *db_path,
           int          argc,
           char       **argv)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char * const *tables = kefu_store_table_names ();
  gboolean ok;

  if (argc > 1)
    {
      if (g_str_equal (argv[1], "--help"))
        {
          g_print ("%s\n", _("Usage: kefu-cli [--db FILE] check"));
          return 0;
        }
      g_printerr (_("check: unknown option “%s”.\n"), argv[1]);
      return 2;
    }

  store = open_store_to_read (db_path);
  if (store == NULL)
    return 1;
  g_print (_("Database: %s\n"), kefu_store_get_path (store));
  g_print (_("Schema version: %d\n"), kefu_store_get_schema_version (store));
  for (guint i = 0; tables[i] != NULL; i++)
    {
      gint64 n = kefu_store_count_rows (store, tables[i], &error);
      if (n < 0)
        return fail_with (error);
      g_print ("  %-22s %10" G_GINT64_FORMAT "\n", tables[i], n);
    }

  if (kefu_store_is_server (store))
    {
      KefuAuditHead head;
      gint64 broken = 0;
      g_autofree char *described = NULL;

      /* #20: PRAGMA integrity_check is SQLite's; the server's pages and
       * foreign keys are its own business */
      g_print ("%s\n", _("Integrity: SQLite’s integrity check does not apply to a database server: PostgreSQL "
                         "enforces the foreign keys itself, and its pages are checked with its own tools "
                         "(data checksums, amcheck) by the server’s administrator."));
      if (!kefu_audit_verify (store, NULL, &head, &broken, &error))
        return fail_with (error);
      described = kefu_audit_head_describe (&head);
      g_print (_("Audit log: the chain holds (%s); a server keeps no anchor file to check its end against.\n"),
               described);
      return 0;
    }
  ok = kefu_store_check (store, report, &error);
  if (report->len > 0)
    g_printerr ("%s", report->str);
  if (!ok)
    return fail_with (error);
  g_print ("%s\n", _("Integrity and foreign keys: ok"));
  return verify_audit (store, NULL, FALSE);
}
