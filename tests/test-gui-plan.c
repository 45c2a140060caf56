/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-plan.c — certification at the desk and in the training view,
 * and a cohort's plan moved on its Gantt chart, under Xvfb
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
#include "kefu-cohort.h"
#include "kefu-cohort-editor.h"
#include "kefu-plan-gantt.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-enums.h"
#include "kefu-pin-dialog.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-training.h"
#include "kefu-ticket-detail.h"
#include "kefu-tickets-view.h"
#include "kefu-training-view.h"
#include "kefu-window.h"

static gint64
user_id (Fixture    *f,
         const char *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", login);
  return kefu_test_scalar (f->path, sql);
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


static gboolean
gantt_allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 100 && gtk_widget_get_mapped (data);
}

static gint64
cohort_field (Fixture    *f,
              gint64      cohort,
              const char *field)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM cohorts WHERE id = %" G_GINT64_FORMAT, field, cohort);
  return kefu_test_scalar (f->path, sql);
}

static gint64
session_field (Fixture    *f,
               gint64      session,
               const char *field)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM cohort_sessions WHERE id = %" G_GINT64_FORMAT, field, session);
  return kefu_test_scalar (f->path, sql);
}

/* Drags bar @bar from its middle (or its right end) by @days days. */
static gboolean
drag_bar (KefuPlanGantt *gantt,
          guint          bar,
          gboolean       at_end,
          double         days,
          double         day_px)
{
  graphene_rect_t box;

  g_assert_true (kefu_plan_gantt_bar_box (gantt, bar, &box));
  return kefu_plan_gantt_drag (gantt, at_end ? box.origin.x + box.size.width - 1 : box.origin.x + box.size.width / 2,
                               box.origin.y + box.size.height / 2, days * day_px);
}

static void
close_alert (void)
{
  GtkWidget *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_ms (50);
}

/* The planned cohort (three days, two weeks ahead) with two sessions: the
 * trainer drags a session a day later and undoes it, drags one past the
 * cohort's end (refused, nothing saved), stretches the cohort by two days,
 * drags the whole cohort a day on (its sessions go along), then with the
 * keyboard moves it back a day and shortens a session an hour at a time
 * until it would end before it starts. */
static void
test_gantt_moves_the_plan (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *view, *editor;
  KefuPlanGantt *gantt;
  KefuStore *store;
  graphene_rect_t course;
  gint64 cohort, first, second, s0, e0, t1, t2;
  double day_px;

  open_as (f, "guohong");
  store = kefu_window_get_store (f->window);
  cohort = kefu_test_scalar (f->path, "SELECT max(id) FROM cohorts");
  s0 = cohort_field (f, cohort, "starts_at");
  e0 = cohort_field (f, cohort, "ends_at");
  g_assert_cmpint (e0 - s0, ==, 3 * 86400);
  first = kefu_cohort_add_session (store, cohort, s0 + 9 * 3600, 3, "应急预案讲解", 0, "三楼培训室", &error);
  g_assert_no_error (error);
  second = kefu_cohort_add_session (store, cohort, s0 + 86400 + 14 * 3600, 2, "电梯困人演练", 0, "三楼培训室", &error);
  g_assert_no_error (error);
  t1 = s0 + 9 * 3600;
  t2 = s0 + 86400 + 14 * 3600;

  kefu_window_set_view (f->window, "training");
  view = kefu_window_get_training_view (f->window);
  g_assert_true (wait_for (view_idle, view, 30));
  g_assert_true (gtk_widget_activate_action (view, "training.manage-cohort", "x", cohort));
  g_assert_true (wait_for (editor_shown, NULL, 5));
  editor = find_toplevel (KEFU_TYPE_COHORT_EDITOR);
  gantt = KEFU_PLAN_GANTT (kefu_cohort_editor_get_gantt (KEFU_COHORT_EDITOR (editor)));
  g_assert_true (wait_for (gantt_allocated, gantt, 10));
  g_assert_cmpuint (kefu_plan_gantt_get_n_bars (gantt), ==, 3);
  g_assert_true (kefu_plan_gantt_bar_box (gantt, 0, &course));
  day_px = course.size.width / 3;
  g_assert_cmpfloat (day_px, >, 20);
  save_screenshot (editor, "plan-gantt");

  /* the first session a day later; Undo puts it back */
  g_assert_true (drag_bar (gantt, 1, FALSE, 1, day_px));
  g_assert_cmpint (session_field (f, first, "starts_at"), ==, t1 + 86400);
  g_assert_cmpint (session_field (f, first, "hours * 60"), ==, 180);
  save_screenshot (editor, "plan-gantt-moved");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gantt), "plan.undo", NULL));
  g_assert_cmpint (session_field (f, first, "starts_at"), ==, t1);

  /* past the cohort's last day: refused with the rule, nothing saved */
  g_assert_false (drag_bar (gantt, 1, FALSE, 4, day_px));
  g_assert_nonnull (kefu_plan_gantt_get_error (gantt));
  g_assert_nonnull (strstr (kefu_plan_gantt_get_error (gantt), "应急预案讲解"));
  g_assert_cmpint (session_field (f, first, "starts_at"), ==, t1);
  save_screenshot (find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "plan-gantt-refused");
  close_alert ();

  /* the cohort's end two days later (stretch); the sessions stay */
  wait_ms (200);
  g_assert_true (drag_bar (gantt, 0, TRUE, 2, day_px));
  g_assert_cmpint (cohort_field (f, cohort, "starts_at"), ==, s0);
  g_assert_cmpint (cohort_field (f, cohort, "ends_at"), ==, e0 + 2 * 86400);
  g_assert_cmpint (session_field (f, second, "starts_at"), ==, t2);

  /* the whole cohort a day on: its sessions go along, in one transaction */
  wait_ms (200);
  gantt = KEFU_PLAN_GANTT (kefu_cohort_editor_get_gantt (KEFU_COHORT_EDITOR (editor)));
  g_assert_true (wait_for (gantt_allocated, gantt, 10));
  g_assert_true (kefu_plan_gantt_bar_box (gantt, 0, &course));
  day_px = course.size.width / 5;
  g_assert_true (drag_bar (gantt, 0, FALSE, 1, day_px));
  g_assert_cmpint (cohort_field (f, cohort, "starts_at"), ==, s0 + 86400);
  g_assert_cmpint (cohort_field (f, cohort, "ends_at"), ==, e0 + 3 * 86400);
  g_assert_cmpint (session_field (f, first, "starts_at"), ==, t1 + 86400);
  g_assert_cmpint (session_field (f, second, "starts_at"), ==, t2 + 86400);

  /* keys: the cohort selected, Left moves it (and its sessions) back a day */
  wait_ms (200);
  kefu_plan_gantt_select (gantt, 0);
  g_assert_true (kefu_plan_gantt_press (gantt, GDK_KEY_Left, 0));
  g_assert_cmpint (cohort_field (f, cohort, "starts_at"), ==, s0);
  g_assert_cmpint (session_field (f, second, "starts_at"), ==, t2);
  /* the second session: Shift+Left shortens it an hour; a third would end it before it starts */
  wait_ms (200);
  kefu_plan_gantt_select (gantt, 2);
  g_assert_true (kefu_plan_gantt_press (gantt, GDK_KEY_Left, GDK_SHIFT_MASK));
  g_assert_cmpint (session_field (f, second, "hours * 60"), ==, 60);
  g_assert_true (kefu_plan_gantt_press (gantt, GDK_KEY_Left, GDK_SHIFT_MASK));
  g_assert_cmpint (session_field (f, second, "hours * 60"), ==, 60);
  g_assert_nonnull (strstr (kefu_plan_gantt_get_error (gantt), "电梯困人演练"));
  close_alert ();
  g_assert_true (kefu_plan_gantt_press (gantt, GDK_KEY_Right, GDK_SHIFT_MASK));
  g_assert_cmpint (session_field (f, second, "hours * 60"), ==, 120);
  /* the changes are audited */
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM audit_log WHERE action LIKE 'reschedule_%'"), ==, 7);
  wait_ms (200);
  save_screenshot (editor, "plan-gantt-after");
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;

#define GUI_ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/certificates/new-hire-waits-for-certified", test_new_hire_waits_for_certified);
  GUI_ADD ("/gui/certificates/core-refuses-uncertified", test_core_refuses_uncertified);
  GUI_ADD ("/gui/certificates/training-view", test_training_view);
  GUI_ADD ("/gui/plan/gantt-moves-the-plan", test_gantt_moves_the_plan);
#undef GUI_ADD

  return g_test_run ();
}
