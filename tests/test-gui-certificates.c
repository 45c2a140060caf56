/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-certificates.c — certification at the desk and in the training
 * view, under Xvfb
 *
 * Runs once in English and once in zh_CN (see meson.build) and leaves
 * screenshots in $KEFU_SCREENSHOT_DIR (or _build/screenshots).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "kefu-application.h"
#include "kefu-auth.h"
#include "kefu-certificate.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-enums.h"
#include "kefu-pin-dialog.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-ticket-detail.h"
#include "kefu-tickets-view.h"
#include "kefu-training-view.h"
#include "kefu-window.h"

typedef struct {
  KefuTestDir  dir;
  char        *path;
  KefuWindow  *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  KefuDemoOptions options = { 300, 5, TEST_NOW };

  kefu_test_dir_setup (&f->dir, data);
  f->path = kefu_test_path (&f->dir, "kefu.db");
  store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  wait_ms (50);
  g_free (f->path);
  kefu_test_dir_teardown (&f->dir, data);
}

static gint64
user_id (Fixture    *f,
         const char *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", login);
  return kefu_test_scalar (f->path, sql);
}

static GtkWidget *
named (GtkWidget  *widget,
       const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_named (GtkWidget  *widget,
             const char *name)
{
  guint n = g_strcmp0 (gtk_widget_get_name (widget), name) == 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_named (c, name);
  return n;
}

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;
  return FALSE;
}

static void
open_as (Fixture    *f,
         const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) user = NULL;

  if (f->window == NULL)
    {
      f->window = kefu_window_new (NULL);
      gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
      kefu_test_window_open_at (f->window, f->path, TEST_NOW);
      gtk_window_present (GTK_WINDOW (f->window));
    }
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.lock", NULL));
  user = kefu_desk_find_user (kefu_window_get_store (f->window), login, &error);
  g_assert_no_error (error);
  kefu_window_sign_in (f->window, user);
  wait_ms (100);
}

static gboolean
view_idle (gpointer data)
{
  return !kefu_training_view_is_loading (data) &&
         gtk_widget_get_first_child (child (data, KEFU_TYPE_TRAINING_VIEW, "content_box")) != NULL;
}

static gboolean
shows_ticket (gpointer data)
{
  gpointer *args = data;
  KefuTicket *t = kefu_ticket_detail_get_ticket (args[0]);
  return t != NULL && kefu_ticket_get_id (t) == (gint64) GPOINTER_TO_SIZE (args[1]) && named (args[0], "certification-gate") != NULL;
}

/* 周婷, a new hire not yet certified, is reminded at sign-in and logs an
 * urgent ticket: the pane names who may check it; the PIN dialog offers
 * only certified agents (not 林霞, a dispatcher without a certificate,
 * nor herself), and 陈静's PIN records the check as hers. */
static void
test_new_hire_waits_for_certified (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reminder = NULL;
  GtkWidget *view, *detail, *pin, *gate;
  KefuStore *store;
  gint64 id;

  open_as (f, "zhouting");
  store = kefu_window_get_store (f->window);
  g_assert_true (kefu_certification_pending (store, user_id (f, "zhouting")));
  reminder = kefu_certificate_reminder (store, user_id (f, "zhouting"));
  g_assert_cmpstr (reminder, ==, _("You are not certified yet: until you pass your tier’s exam and practical, a certified agent "
                                   "makes the second check of your urgent tickets."));
  g_assert_true (shows_text (GTK_WIDGET (f->window), reminder));
  save_screenshot (GTK_WIDGET (f->window), "certificate-sign-in-reminder");
  {
    KefuTicketDraft d = { "phone", "repair", "elevator", 2, 0, 0, "地下车库", 0, NULL, "13800000000", "电梯困人，有老人被困", 0 };
    id = kefu_desk_create_ticket (store, &d, &error);
    g_assert_no_error (error);
  }
  kefu_window_set_view (f->window, "tickets");
  view = kefu_window_get_tickets_view (f->window);
  kefu_tickets_view_show_ticket (KEFU_TICKETS_VIEW (view), id);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  {
    gpointer args[2] = { detail, GSIZE_TO_POINTER (id) };
    g_assert_true (wait_for (shows_ticket, args, 30));
  }
  gate = named (detail, "certification-gate");
  {
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (gate));
    g_assert_nonnull (strstr (subtitle, "周婷"));
    g_assert_nonnull (strstr (subtitle, "陈静"));
    g_assert_null (strstr (subtitle, "林霞"));
  }
  save_screenshot (GTK_WIDGET (f->window), "certificate-gate-detail");

  g_assert_true (gtk_widget_activate_action (detail, "ticket.verify", NULL));
  pin = find_toplevel (KEFU_TYPE_PIN_DIALOG);
  g_assert_nonnull (pin);
  g_assert_false (kefu_pin_dialog_select (KEFU_PIN_DIALOG (pin), "zhouting"));
  g_assert_false (kefu_pin_dialog_select (KEFU_PIN_DIALOG (pin), "linxia"));
  g_assert_false (kefu_pin_dialog_select (KEFU_PIN_DIALOG (pin), "zhengjun"));
  g_assert_true (kefu_pin_dialog_select (KEFU_PIN_DIALOG (pin), "xuqiang"));
  g_assert_true (kefu_pin_dialog_select (KEFU_PIN_DIALOG (pin), "chenjing"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (pin, KEFU_TYPE_PIN_DIALOG, "body_label"))), "周婷"));
  save_screenshot (pin, "certificate-gate-pin");
  gtk_editable_set_text (GTK_EDITABLE (child (pin, KEFU_TYPE_PIN_DIALOG, "pin_row")), KEFU_DEMO_PIN);
  g_assert_true (gtk_widget_activate_action (pin, "pin.confirm", NULL));
  wait_ms (50);
  g_assert_null (find_toplevel (KEFU_TYPE_PIN_DIALOG));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT coalesce(verified_by, 0) FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
    for (int i = 0; i < 100 && kefu_test_scalar (f->path, sql) == 0; i++)
      wait_ms (50);
    g_assert_cmpint (kefu_test_scalar (f->path, sql), ==, user_id (f, "chenjing"));
  }
  /* checked: the pane no longer asks for it */
  for (int i = 0; i < 100 && named (detail, "certification-gate") != NULL; i++)
    wait_ms (50);
  g_assert_null (named (detail, "certification-gate"));

  /* her training view says the same, above her (no) certificates */
  kefu_window_set_view (f->window, "training");
  view = kefu_window_get_training_view (f->window);
  g_assert_true (wait_for (view_idle, view, 30));
  wait_ms (100);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (named (view, "my-certificates"))), ==,
                   reminder);
  g_assert_cmpuint (count_named (view, "certificate-row"), ==, 0);
  save_screenshot (GTK_WIDGET (f->window), "certificate-new-hire-training");
}

/* At a dispatcher's desk without a certificate, the core refuses his own
 * check of a new hire's urgent ticket and says why. */
static void
test_core_refuses_uncertified (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KefuStore *store;
  gint64 id;

  open_as (f, "zhouting");
  store = kefu_window_get_store (f->window);
  {
    KefuTicketDraft d = { "phone", "repair", "fire", 1, 0, 0, "地下车库", 0, NULL, "13800000000", "地下车库冒烟", 0 };
    id = kefu_desk_create_ticket (store, &d, &error);
    g_assert_no_error (error);
  }
  open_as (f, "linxia");
  g_assert_false (kefu_desk_verify (store, id, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "周婷"));
  g_assert_nonnull (strstr (error->message, "林霞"));
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* The trainer's training view: everyone's certificates, the renewals due
 * (吴浩's, 20 days before it lapses) first; Certify… on a cohort issues
 * to who passed and names who did not. */
static void
test_training_view (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) due = NULL;
  GtkWidget *view, *dialog;
  gint64 before, round;
  KefuStore *store;

  open_as (f, "guohong");
  store = kefu_window_get_store (f->window);
  kefu_window_set_view (f->window, "training");
  view = kefu_window_get_training_view (f->window);
  g_assert_true (wait_for (view_idle, view, 30));
  wait_ms (100);
  due = kefu_certificates (store, 0, KEFU_CERTIFICATE_REMIND_DAYS, NULL);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (((KefuCertificate *) due->pdata[0])->login, ==, "wuhao");
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u certificate expires within %d days: plan a refresher.",
                                                          "%u certificates expire within %d days: plan a refresher.", 1),
                                             1u, KEFU_CERTIFICATE_REMIND_DAYS);
    g_assert_nonnull (strstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (named (view, "certificates"))),
                              text));
  }
  before = kefu_test_scalar (f->path, "SELECT count(*) FROM certificates");
  g_assert_cmpuint (count_named (view, "certificate-row"), ==, before);
  save_screenshot (GTK_WIDGET (f->window), "certificates-view");

  round = kefu_test_scalar (f->path, "SELECT cohort_id FROM certificates WHERE cohort_id IS NOT NULL LIMIT 1");
  g_assert_true (gtk_widget_activate_action (view, "training.certify", "x", round));
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  /* those holding this cohort's certificate are named as such; 周婷 is
   * named with what she lacks, unless she passed */
  if (kefu_certification_pending (store, user_id (f, "zhouting")))
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "周婷"));
  /* 陈静 holds it already: not named */
  g_assert_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "陈静"));
  save_screenshot (dialog, "certificates-certify");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM certificates"), >=, before);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  setlocale (LC_ALL, "");
  kefu_i18n_init ();
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_message ("no display: the GUI tests need one (build-aux/kefu test runs them under Xvfb)");
      return 77;
    }
  adw_init ();
  kefu_load_style ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define GUI_ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/certificates/new-hire-waits-for-certified", test_new_hire_waits_for_certified);
  GUI_ADD ("/gui/certificates/core-refuses-uncertified", test_core_refuses_uncertified);
  GUI_ADD ("/gui/certificates/training-view", test_training_view);
#undef GUI_ADD

  return g_test_run ();
}
