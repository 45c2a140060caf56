/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-owner.c — kefu-cli owner erase (an owner's erasure request)
 */
#include "config.h"

#include "kefu-cli-private.h"

int
cmd_owner (const char  *db_path,
           int          argc,
           char       **argv)
{
  static const char *names[] = { NULL };
  const char *values[G_N_ELEMENTS (names)] = { NULL };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  KefuErasureReport report;
  guint64 id;

  if (argc > 1 && g_str_equal (argv[argc - 1], "--help"))
    {
      g_print ("%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN owner erase OWNER_ID\n"
                         "       kefu-cli --db URI owner erase OWNER_ID   (on a database server, as the connection’s login)"));
      return 0;
    }
  if (!take_options (argc, argv, "owner", names, values, positional))
    return 2;
  if (positional->len != 2 || !g_str_equal (positional->pdata[0], "erase"))
    {
      g_printerr ("%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN owner erase OWNER_ID\n"
                         "       kefu-cli --db URI owner erase OWNER_ID   (on a database server, as the connection’s login)"));
      return 2;
    }
  if (!parse_uint (positional->pdata[1], G_MAXINT64, &id) || id == 0)
    {
      g_printerr (_("owner: the owner is given by their id, a whole number, not “%s”.\n"),
                  (const char *) positional->pdata[1]);
      return 2;
    }
  store = open_store_as (db_path, "owner");
  if (store == NULL)
    return 1;
  if (!kefu_owner_erase (store, id, &report, &error))
    return fail_with (error);
  g_print (_("Owner %llu erased: %lld tickets anonymised, %lld texts rewritten, %lld attachments removed. "
             "The tickets stay for the statistics.\n"),
           (unsigned long long) id, (long long) report.tickets, (long long) report.texts, (long long) report.attachments);
  return 0;
}

