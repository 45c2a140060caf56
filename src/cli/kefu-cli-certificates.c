/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-certificates.c — training certificates, certify, certificate
 * (kefu-certificate.c) */
#include "config.h"

#include "kefu-certificate.h"
#include "kefu-cli-private.h"

static const char *
usage (void)
{
  return _("Usage: kefu-cli [--db FILE] --as LOGIN training certificates [LOGIN] [--expiring DAYS] [--json]\n"
           "       kefu-cli [--db FILE] --as LOGIN training certify COHORT\n"
           "       kefu-cli [--db FILE] --as LOGIN training certificate ID --out FILE.pdf");
}

static void
print_certificates_json (GPtrArray *list,
                         gint64     now)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      const KefuCertificate *c = list->pdata[i];
      g_autofree char *issued = kefu_certificate_format_day (c->issued_at);
      g_autofree char *valid = kefu_certificate_format_day (c->expires_at - 1);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, c->id);
      json_builder_set_member_name (b, "login");
      json_builder_add_string_value (b, c->login);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, c->name);
      json_builder_set_member_name (b, "tier");
      json_builder_add_string_value (b, c->tier);
      json_string_or_null (b, "cohort", c->cohort);
      json_builder_set_member_name (b, "issued");
      json_builder_add_string_value (b, issued);
      json_builder_set_member_name (b, "valid_until");
      json_builder_add_string_value (b, valid);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, c->issued_at <= now && now < c->expires_at);
      json_builder_set_member_name (b, "days_left");
      json_builder_add_int_value (b, now < c->expires_at ? (c->expires_at - now + 86399) / 86400 : 0);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  print_json (b);
}

static int
list_certificates (KefuStore  *store,
                   const char *login,
                   int         expiring,
                   gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 user = 0;
  gint64 now = kefu_store_now (store);

  if (login != NULL)
    {
      g_autoptr(KefuUser) u = kefu_desk_find_user (store, login, NULL);
      if (u == NULL)
        {
          g_printerr (_("training: there is no user “%s”.\n"), login);
          return 1;
        }
      user = kefu_user_get_id (u);
    }
  list = kefu_certificates (store, user, expiring, &error);
  if (list == NULL)
    return fail_with (error);
  if (json)
    {
      print_certificates_json (list, now);
      return 0;
    }
  for (guint i = 0; i < list->len; i++)
    {
      const KefuCertificate *c = list->pdata[i];
      g_autofree char *issued = kefu_certificate_format_day (c->issued_at);
      g_autofree char *valid = kefu_certificate_format_day (c->expires_at - 1);
      g_autofree char *state = NULL;

      if (now >= c->expires_at)
        state = g_strdup (_("expired"));
      else if (c->expires_at - now <= KEFU_CERTIFICATE_REMIND_DAYS * (gint64) 86400)
        /* Translators: a certificate that expires soon: renew it */
        state = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "renew: %d day left", "renew: %d days left",
                                              (gulong) ((c->expires_at - now + 86399) / 86400)),
                                 (int) ((c->expires_at - now + 86399) / 86400));
      else
        state = g_strdup (_("valid"));
      g_print ("%4" G_GINT64_FORMAT "  %s  %s – %s  %s  %s  %s\n", c->id, c->name, issued, valid,
               kefu_tier_label (c->tier), c->cohort != NULL ? c->cohort : "", state);
    }
  if (list->len == 0)
    g_print ("%s\n", expiring >= 0 ? _("No certificate expires within that many days.") : _("No certificates yet."));
  return 0;
}

/* training certificates | certify | certificate */
int
training_certificates (const char  *db_path,
                       int          argc,
                       char       **argv)
{
  static const char *names[] = { "--expiring", "--out", NULL };
  const char *values[G_N_ELEMENTS (names)] = { NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *what = argv[1];
  gboolean json = FALSE;
  guint64 days = 0;

  for (int i = 0; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json") && g_str_equal (what, "certificates"))
        json = TRUE;
      else if (g_str_equal (argv[i], "--help"))
        {
          g_print ("%s\n", usage ());
          return 0;
        }
      else
        g_ptr_array_add (rest, argv[i]);
    }
  if (!take_options ((int) rest->len - 1, (char **) rest->pdata + 1, "training", names, values, args))
    return 2;
  if ((g_str_equal (what, "certificates") && (args->len > 1 || values[1] != NULL)) ||
      (g_str_equal (what, "certify") && (args->len != 1 || values[0] != NULL || values[1] != NULL)) ||
      (g_str_equal (what, "certificate") && (args->len != 1 || values[0] != NULL || values[1] == NULL)))
    {
      g_printerr ("%s\n", usage ());
      return 2;
    }
  if (values[0] != NULL && !parse_uint (values[0], 3650, &days))
    {
      g_printerr (_("training: --expiring takes a number of days (0–3650), not “%s”.\n"), values[0]);
      return 2;
    }

  if (g_str_equal (what, "certificates"))
    {
      store = training_store_to_read (db_path, "training");
      if (store == NULL)
        return 1;
      return list_certificates (store, args->len > 0 ? args->pdata[0] : NULL, values[0] != NULL ? (int) days : -1, json);
    }
  if (g_str_equal (what, "certify"))
    {
      g_autoptr(GPtrArray) refused = NULL;
      guint held = 0;
      gint64 cohort;
      int issued;

      store = open_store_as_person (db_path, "training");
      if (store == NULL)
        return 1;
      cohort = kefu_cohort_find (store, args->pdata[0], &error);
      issued = cohort > 0 ? kefu_cohort_certify (store, cohort, &refused, &held, &error) : -1;
      if (issued < 0)
        return fail_with (error);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%d certificate issued.\n", "%d certificates issued.\n", issued), issued);
      if (held > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE, "%u member holds the cohort’s certificate already.\n",
                              "%u members hold the cohort’s certificate already.\n", held), held);
      for (guint i = 0; i < refused->len; i++)
        g_print ("  %s\n", (const char *) refused->pdata[i]);
      return 0;
    }
  {
    guint64 id;

    if (!parse_uint (args->pdata[0], G_MAXINT64, &id))
      {
        g_printerr (_("training: “%s” is not a certificate number.\n"), (const char *) args->pdata[0]);
        return 2;
      }
    store = training_store_to_read (db_path, "training");
    if (store == NULL)
      return 1;
    if (!kefu_certificate_write_pdf (store, (gint64) id, values[1], &error))
      return fail_with (error);
    g_print (_("Wrote certificate %lld to “%s”.\n"), (long long) id, values[1]);
    return 0;
  }
}
