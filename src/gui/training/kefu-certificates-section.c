/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-certificates-section.c — the training view's certificates
 *
 * See kefu-certificates-section.h. The lists are short (one row per
 * certificate of the user, the renewals due, the latest 30), read on the
 * main thread when the view is built.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-certificate.h"
#include "kefu-certificates-section.h"
#include "kefu-cohort.h"
#include "kefu-enums.h"

static GtkWidget *
cert_row (GtkWidget             *group,
          const KefuCertificate *c,
          gint64                 now,
          gboolean               with_name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button, *badge;
  g_autofree char *issued = kefu_certificate_format_day (c->issued_at);
  g_autofree char *valid = kefu_certificate_format_day (c->expires_at - 1);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *state, *css;

  /* Translators: a certificate's holder and tier */
  title = with_name ? g_strdup_printf (_("%s · %s"), c->name, kefu_tier_label (c->tier)) : g_strdup (kefu_tier_label (c->tier));
  /* Translators: a certificate's dates, then the cohort it came from */
  subtitle = g_strdup_printf (_("Issued %s · valid until %s%s%s"), issued, valid,
                              c->cohort != NULL ? " · " : "", c->cohort != NULL ? c->cohort : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (now >= c->expires_at)
    state = _("Expired"), css = "error";
  else if (c->expires_at - now <= KEFU_CERTIFICATE_REMIND_DAYS * (gint64) 86400)
    state = _("Renew soon"), css = "warning";
  else
    state = _("Valid"), css = "success";
  badge = gtk_label_new (state);
  gtk_widget_add_css_class (badge, "status-badge");
  gtk_widget_add_css_class (badge, css);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  button = gtk_button_new_with_mnemonic (_("_Print…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "training.print-certificate");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (c->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_widget_set_name (row, "certificate-row");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
add_note (GtkWidget  *group,
          const char *text,
          const char *name)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_name (label, name);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
}

void
kefu_certificates_section_add (GtkBox     *box,
                               KefuStore  *store,
                               KefuUser   *user)
{
  gint64 me = kefu_user_get_id (user);
  gint64 now = kefu_store_now (store);
  g_autoptr(GPtrArray) mine = kefu_certificates (store, me, -1, NULL);
  g_autofree char *reminder = kefu_certificate_reminder (store, me);
  const char *about = _("Issued when a trainee passes their tier’s exam and practical, valid a year. Until certified, a new "
                        "hire’s urgent tickets need the second check of a certified agent.");

  if (mine != NULL && (mine->len > 0 || reminder != NULL))
    {
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("My Certificates"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), reminder != NULL ? reminder : about);
      gtk_widget_set_name (group, "my-certificates");
      gtk_box_append (box, group);
      for (guint i = 0; i < mine->len; i++)
        cert_row (group, mine->pdata[i], now, FALSE);
    }

  if (kefu_user_can (user, KEFU_PERMISSION_TRAIN))
    {
      g_autoptr(GPtrArray) due = kefu_certificates (store, 0, KEFU_CERTIFICATE_REMIND_DAYS, NULL);
      g_autoptr(GPtrArray) all = kefu_certificates (store, 0, -1, NULL);
      GtkWidget *group = adw_preferences_group_new ();
      guint shown = 0;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Certificates"));
      gtk_widget_set_name (group, "certificates");
      gtk_box_append (box, group);
      if (due != NULL && due->len > 0)
        {
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                "%u certificate expires within %d days: plan a refresher.",
                                                                "%u certificates expire within %d days: plan a refresher.",
                                                                due->len), due->len, KEFU_CERTIFICATE_REMIND_DAYS);
          g_autofree char *description = g_strdup_printf ("%s\n%s", about, text);

          adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
          for (guint i = 0; i < due->len; i++)
            cert_row (group, due->pdata[i], now, TRUE);
        }
      else
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), about);
      for (guint i = 0; all != NULL && i < all->len && shown < 30; i++)
        {
          const KefuCertificate *c = all->pdata[i];
          gboolean listed = FALSE;

          for (guint k = 0; due != NULL && k < due->len && !listed; k++)
            listed = ((KefuCertificate *) due->pdata[k])->id == c->id;
          if (!listed)
            {
              cert_row (group, c, now, TRUE);
              shown++;
            }
        }
      if (all == NULL || all->len == 0)
        add_note (group, _("No certificates yet: a cohort’s Certify… issues them to the members who passed."),
                  "certificates-empty");
    }
}

/* Printing ----------------------------------------------------------------- */

typedef struct {
  GtkWidget *parent;
  KefuStore *store;
  gint64     id;
} Print;

static void
print_free (Print *p)
{
  g_object_unref (p->parent);
  g_object_unref (p->store);
  g_free (p);
}

static void
print_response_cb (GtkNativeDialog *dialog,
                   int              response,
                   gpointer         user_data)
{
  Print *p = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      if (path == NULL)
        message = g_strdup (_("Choose a file on this computer."));
      else if (kefu_certificate_write_pdf (p->store, p->id, path, &error))
        message = g_strdup_printf (_("Wrote “%s”."), path);
      else
        message = g_strdup (error->message);
      gtk_widget_activate_action (p->parent, "win.toast", "s", message);
    }
  print_free (p);
  g_object_unref (dialog);
}

void
kefu_certificates_print (GtkWidget  *parent,
                         KefuStore  *store,
                         gint64      certificate_id)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Print the Certificate to PDF"),
                                                              GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  Print *p = g_new0 (Print, 1);
  /* Translators: the suggested file name of a printed certificate */
  g_autofree char *name = g_strdup_printf (_("certificate-%lld.pdf"), (long long) certificate_id);

  p->parent = g_object_ref (parent);
  p->store = g_object_ref (store);
  p->id = certificate_id;
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (print_response_cb), p);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Issuing ------------------------------------------------------------------ */

GtkWidget *
kefu_certificates_certify (GtkWidget  *parent,
                           KefuStore  *store,
                           gint64      cohort_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *dialog;
  guint held = 0;
  int issued = kefu_cohort_certify (store, cohort_id, &refused, &held, &error);

  if (issued < 0)
    g_string_append (body, error->message);
  else
    {
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%d certificate issued.", "%d certificates issued.", issued),
                              issued);
      if (held > 0)
        {
          g_string_append_c (body, ' ');
          g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%u member holds the cohort’s certificate already.",
                                                     "%u members hold the cohort’s certificate already.", held), held);
        }
      if (refused->len > 0)
        g_string_append_printf (body, "\n\n%s", _("Not certified yet:"));
      for (guint i = 0; i < refused->len; i++)
        g_string_append_printf (body, "\n• %s", (const char *) refused->pdata[i]);
    }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Certify the Cohort"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
