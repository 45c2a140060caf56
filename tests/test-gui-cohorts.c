/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-cohorts.c — a trainer plans and runs a cohort, a supervisor
 * follows it up, and the people screens' forms, under Xvfb
 *
 * Runs once in English and once in zh_CN (see meson.build) and leaves
 * screenshots in $KEFU_SCREENSHOT_DIR (or _build/screenshots).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "kefu-application.h"
#include "kefu-cohort-editor.h"
#include "kefu-cohort-window.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-people.h"
#include "kefu-people-forms.h"
#include "kefu-people-window.h"
#include "kefu-trainers.h"
#include "kefu-enums.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-training.h"
#include "kefu-training-view.h"
#include "kefu-window.h"

static void
collect (GtkWidget  *widget,
         GType       type,
         GPtrArray  *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, type, out);
}

static gboolean
is_gone (gpointer widget)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint k = 0; k < g_list_model_get_n_items (tops); k++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (tops, k);
      if (w == widget && gtk_widget_get_visible (w))
        return FALSE;
    }
  return TRUE;
}

/* Answers a message dialog as its button does and waits until it has gone. */
static void
respond (GtkWindow  *dialog,
         const char *response)
{
  g_assert_nonnull (dialog);
  /* (a form may close itself on its response: it must not be gone before the destroy) */
  g_object_ref (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
  g_assert_true (wait_for (is_gone, dialog, 30));
  g_object_unref (dialog);
  wait_ms (50);
}

static GtkWidget *
nth (GtkWidget *widget,
     GType      type,
     guint      i)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  collect (widget, type, all);
  g_assert_cmpuint (all->len, >, i);
  return all->pdata[i];
}

static gint64
scalar (Fixture    *f,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static gint64
scalar (Fixture    *f,
        const char *format,
        ...)
{
  va_list args;
  g_autofree char *sql = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return kefu_test_scalar (f->path, sql);
}

/* A trainer creates a cohort, adds two members, schedules a session and
 * ticks who came (one click each), keys in a paper survey, removes a
 * member after confirming, and finally deletes the cohort after
 * confirming; the empty sections say what to do. */
static void
test_trainer_plans_cohort (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *view = open_training (f, "guohong");
  gint64 before = scalar (f, "SELECT count(*) FROM cohorts");
  gint64 cohort, first, second, session;
  GtkWindow *dialog;
  GtkWidget *editor, *check;

  g_assert_cmpuint (count_named (view, "cohort-row"), ==, before);
  g_assert_nonnull (find_descendant (view, GTK_TYPE_BUTTON, _("New _Cohort…")));
  g_assert_nonnull (find_descendant (view, GTK_TYPE_BUTTON, _("_Manage…")));

  /* New Cohort…: course, name, dates (a week from now, prefilled) */
  g_assert_true (gtk_widget_activate_action (view, "training.new-cohort", NULL));
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  dialog = GTK_WINDOW (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_editable_set_text (GTK_EDITABLE (nth (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, 0)), "服务礼仪 第9期");
  save_screenshot (GTK_WIDGET (dialog), "cohort-new");
  respond (dialog, "create");
  g_assert_true (wait_for (editor_shown, NULL, 5));
  editor = find_toplevel (KEFU_TYPE_COHORT_EDITOR);
  cohort = kefu_cohort_editor_get_cohort (KEFU_COHORT_EDITOR (editor));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohorts"), ==, before + 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohorts WHERE id = %" G_GINT64_FORMAT " AND name = '服务礼仪 第9期' "
                              "AND starts_at = %" G_GINT64_FORMAT " - (%" G_GINT64_FORMAT " + 8 * 3600) %% 86400 + 7 * 86400 "
                              "AND ends_at = starts_at + 12 * 86400",
                           cohort, TEST_NOW, TEST_NOW), ==, 1);
  /* an empty cohort says what to do: members, sessions, follow-up, observations */
  g_assert_cmpuint (count_named (editor, "empty-state"), ==, 4);
  wait_ms (100);
  save_screenshot (editor, "cohort-editor-empty");

  /* two members */
  for (int i = 0; i < 2; i++)
    {
      dialog = kefu_cohort_editor_add_member (KEFU_COHORT_EDITOR (editor));
      gtk_drop_down_set_selected (GTK_DROP_DOWN (nth (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, 0)), 3);
      respond (dialog, "add");
    }
  g_assert_cmpuint (count_named (editor, "member-row"), ==, 2);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohort_members WHERE cohort_id = %" G_GINT64_FORMAT " AND tier = 'in_post'",
                           cohort), ==, 2);
  first = scalar (f, "SELECT m.user_id FROM cohort_members m JOIN users u ON u.id = m.user_id WHERE cohort_id = %"
                     G_GINT64_FORMAT " ORDER BY u.name, u.id LIMIT 1", cohort);
  second = scalar (f, "SELECT m.user_id FROM cohort_members m JOIN users u ON u.id = m.user_id WHERE cohort_id = %"
                      G_GINT64_FORMAT " ORDER BY u.name DESC, u.id DESC LIMIT 1", cohort);
  g_assert_cmpint (first, !=, second);

  /* a session, and attendance with one click per trainee */
  dialog = kefu_cohort_editor_add_session (KEFU_COHORT_EDITOR (editor));
  gtk_editable_set_text (GTK_EDITABLE (nth (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, 1)), "14:30");
  gtk_editable_set_text (GTK_EDITABLE (nth (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, 2)), "接待礼仪");
  gtk_editable_set_text (GTK_EDITABLE (nth (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, 3)), "三楼培训室");
  save_screenshot (GTK_WIDGET (dialog), "cohort-session-new");
  respond (dialog, "add");
  session = scalar (f, "SELECT id FROM cohort_sessions WHERE cohort_id = %" G_GINT64_FORMAT " AND topic = '接待礼仪' "
                       "AND place = '三楼培训室' AND hours = 3 AND (starts_at + 8 * 3600) %% 86400 = 14 * 3600 + 1800", cohort);
  g_assert_cmpint (session, >, 0);
  g_assert_cmpuint (count_named (editor, "session-row"), ==, 1);
  check = kefu_cohort_editor_attendance_button (KEFU_COHORT_EDITOR (editor), session, first);
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_widget_activate (check);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM session_attendance WHERE session_id = %" G_GINT64_FORMAT
                              " AND user_id = %" G_GINT64_FORMAT " AND present = 1", session, first), ==, 1);
  gtk_widget_activate (kefu_cohort_editor_attendance_button (KEFU_COHORT_EDITOR (editor), session, second));
  gtk_widget_activate (kefu_cohort_editor_attendance_button (KEFU_COHORT_EDITOR (editor), session, second));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM session_attendance WHERE session_id = %" G_GINT64_FORMAT
                              " AND user_id = %" G_GINT64_FORMAT " AND present = 0", session, second), ==, 1);
  {
    /* the session's count follows the clicks */
    g_autofree char *present = g_strdup_printf (_(" · %u of %u present"), 1u, 2u);
    const char *subtitle = adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (named (editor, "session-row")));
    g_assert_nonnull (strstr (subtitle, present));
  }
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (named (editor, "session-row")), TRUE);

  /* a paper survey keyed in for the second member */
  dialog = kefu_cohort_editor_key_in_survey (KEFU_COHORT_EDITOR (editor));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (nth (GTK_WIDGET (dialog), GTK_TYPE_DROP_DOWN, 0)), 2);
  {
    const int answers[4] = { 4, 5, 3, 4 };
    for (guint i = 0; i < 4; i++)
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, i)), answers[i]);
  }
  save_screenshot (GTK_WIDGET (dialog), "cohort-key-in-survey");
  respond (dialog, "save");
  g_assert_cmpint (scalar (f, "SELECT usefulness * 1000 + trainer * 100 + format * 10 + organisation FROM cohort_surveys "
                              "WHERE cohort_id = %" G_GINT64_FORMAT " AND user_id = %" G_GINT64_FORMAT " AND keyed_by = "
                              "(SELECT id FROM users WHERE login = 'guohong')", cohort, second), ==, 4534);
  wait_ms (100);
  save_screenshot (editor, "cohort-editor");

  /* removing a member asks first: Cancel keeps them */
  dialog = kefu_cohort_editor_remove_member (KEFU_COHORT_EDITOR (editor), second);
  save_screenshot (GTK_WIDGET (dialog), "cohort-remove-member");
  respond (dialog, "cancel");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohort_members WHERE cohort_id = %" G_GINT64_FORMAT, cohort), ==, 2);
  respond (kefu_cohort_editor_remove_member (KEFU_COHORT_EDITOR (editor), second), "remove");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohort_members WHERE cohort_id = %" G_GINT64_FORMAT, cohort), ==, 1);
  g_assert_cmpuint (count_named (editor, "member-row"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (editor));

  /* deleting the cohort asks first too */
  g_assert_true (wait_for (view_idle, view, 30));
  wait_ms (100);
  g_assert_cmpuint (count_named (view, "cohort-row"), ==, before + 1);
  g_assert_true (gtk_widget_activate_action (view, "training.delete-cohort", "x", cohort));
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  dialog = GTK_WINDOW (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  save_screenshot (GTK_WIDGET (dialog), "cohort-delete");
  respond (dialog, "cancel");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohorts WHERE id = %" G_GINT64_FORMAT, cohort), ==, 1);
  g_assert_true (gtk_widget_activate_action (view, "training.delete-cohort", "x", cohort));
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  respond (GTK_WINDOW (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)), "delete");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohorts WHERE id = %" G_GINT64_FORMAT, cohort), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohort_sessions WHERE cohort_id = %" G_GINT64_FORMAT, cohort), ==, 0);
  g_assert_true (wait_for (view_idle, view, 30));
  wait_ms (100);
  g_assert_cmpuint (count_named (view, "cohort-row"), ==, before);
}

/* Half a year after a course: its three checkpoints are there by
 * themselves; the trainer marks the first done, a supervisor's weekly
 * form is saved and shows in the list and in the report. */
static void
test_follow_up_and_observation (Fixture       *f,
                                gconstpointer  data)
{
  GtkWidget *view = open_training (f, "guohong");
  gint64 old = scalar (f, "SELECT id FROM cohorts WHERE ends_at <= %" G_GINT64_FORMAT " ORDER BY id LIMIT 1",
                       TEST_NOW - 182 * 86400);
  gint64 trainee = scalar (f, "SELECT m.user_id FROM cohort_members m JOIN users u ON u.id = m.user_id WHERE cohort_id = %"
                              G_GINT64_FORMAT " ORDER BY u.name, u.id LIMIT 1", old);
  GtkWindow *editor, *dialog, *report;

  g_assert_cmpint (old, >, 0);
  editor = kefu_training_view_manage_cohort (KEFU_TRAINING_VIEW (view), old);
  g_assert_nonnull (editor);
  g_assert_cmpuint (count_named (GTK_WIDGET (editor), "checkpoint-row"), ==, 3);
  g_assert_cmpuint (count_named (GTK_WIDGET (editor), "observation-row"), ==,
                    scalar (f, "SELECT count(*) FROM cohort_observations WHERE cohort_id = %" G_GINT64_FORMAT, old));

  dialog = kefu_cohort_editor_checkpoint (KEFU_COHORT_EDITOR (editor), 1);
  gtk_editable_set_text (GTK_EDITABLE (nth (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, 0)), "逐一面谈，开场白仍需加强");
  respond (dialog, "done");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohort_checkpoints WHERE cohort_id = %" G_GINT64_FORMAT " AND months = 1 "
                              "AND done_at = %" G_GINT64_FORMAT " AND note = '逐一面谈，开场白仍需加强'", old, TEST_NOW), ==, 1);

  /* the weekly form: the first trainee, week 2, 85 % of the calls with the standard phrases */
  dialog = kefu_cohort_editor_observe (KEFU_COHORT_EDITOR (editor));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 0)), 2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 1)), 85);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 2)), 6.5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 3)), 4);
  save_screenshot (GTK_WIDGET (dialog), "cohort-observe");
  respond (dialog, "save");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM cohort_observations WHERE cohort_id = %" G_GINT64_FORMAT
                              " AND user_id = %" G_GINT64_FORMAT " AND week = 2 AND phrase_rate = 85 AND handling_min = 6.5 "
                              "AND cooperation = 4", old, trainee), ==, 1);
  g_assert_cmpuint (count_named (GTK_WIDGET (editor), "observation-row"), ==, 1);
  g_assert_true (gtk_widget_has_css_class (named (GTK_WIDGET (editor), "observation-row"), "below-target"));
  {
    /* the scrolled page's lower half: follow-up and observations */
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (find_descendant (GTK_WIDGET (editor), GTK_TYPE_SCROLLED_WINDOW, NULL)));
    wait_ms (100);
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    wait_ms (200);
    save_screenshot (GTK_WIDGET (editor), "cohort-follow-up");
  }
  gtk_window_destroy (editor);

  /* the report's behaviour level shows the forms' mean */
  report = kefu_training_view_show_cohort (KEFU_TRAINING_VIEW (view), old);
  g_assert_nonnull (report);
  {
    const KefuCohortReport *r = kefu_cohort_window_get_report (KEFU_COHORT_WINDOW (report));
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    g_assert_cmpuint (r->observations, ==, 1);
    g_assert_cmpfloat_with_epsilon (r->phrase_mean, 85, 1e-9);
    collect (named (GTK_WIDGET (report), "cohort-phrases"), GTK_TYPE_LABEL, labels);
    g_assert_cmpstr (gtk_label_get_text (labels->pdata[labels->len - 1]), ==, "85.0%");
  }
  gtk_window_destroy (report);
}

/* Staff groups: created, a member added, renamed, deleted after asking. */
static void
test_staff_groups (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *view = open_training (f, "guohong");
  gint64 before = scalar (f, "SELECT count(*) FROM staff_groups");
  GtkWidget *window;
  GtkWindow *dialog;
  gint64 group;

  g_assert_true (gtk_widget_activate_action (view, "training.staff-groups", NULL));
  wait_ms (50);
  window = find_toplevel (KEFU_TYPE_STAFF_GROUPS_WINDOW);
  g_assert_nonnull (window);
  g_assert_cmpuint (count_named (window, "staff-group-row"), ==, before);

  dialog = kefu_staff_groups_window_new_group (KEFU_STAFF_GROUPS_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (nth (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, 0)), "晚班二组");
  respond (dialog, "save");
  group = scalar (f, "SELECT id FROM staff_groups WHERE name = '晚班二组'");
  g_assert_cmpint (group, >, 0);
  g_assert_cmpuint (count_named (window, "staff-group-row"), ==, before + 1);

  /* renamed */
  dialog = kefu_staff_groups_window_rename (KEFU_STAFF_GROUPS_WINDOW (window), group);
  gtk_editable_set_text (GTK_EDITABLE (nth (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, 0)), "晚班三组");
  respond (dialog, "save");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM staff_groups WHERE id = %" G_GINT64_FORMAT " AND name = '晚班三组'", group),
                   ==, 1);

  dialog = kefu_staff_groups_window_add_member (KEFU_STAFF_GROUPS_WINDOW (window), group);
  respond (dialog, "add");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM staff_group_members WHERE group_id = %" G_GINT64_FORMAT, group), ==, 1);
  wait_ms (100);
  save_screenshot (window, "staff-groups");

  dialog = kefu_staff_groups_window_delete (KEFU_STAFF_GROUPS_WINDOW (window), group);
  save_screenshot (GTK_WIDGET (dialog), "staff-group-delete");
  respond (dialog, "cancel");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM staff_groups WHERE id = %" G_GINT64_FORMAT, group), ==, 1);
  respond (kefu_staff_groups_window_delete (KEFU_STAFF_GROUPS_WINDOW (window), group), "delete");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM staff_groups WHERE id = %" G_GINT64_FORMAT, group), ==, 0);
  g_assert_cmpuint (count_named (window, "staff-group-row"), ==, before);
  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
text_of (Fixture    *f,
         const char *sql)
{
  return kefu_test_other_text (f->path, sql);
}

/* A supervisor on a person's profile: starts the quarter's 360° review
 * with three peers and gives their own scores; turns a ticket into a case
 * whose text holds no owner's name, contact or unit; raises the
 * excellent grade's threshold and a radar source's weight. */
static void
test_people_forms (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *login = text_of (f, "SELECT login FROM users WHERE role = 'supervisor' AND active ORDER BY id LIMIT 1");
  /* an agent of the sample's staff group, whose average is drawn under theirs */
  gint64 agent = kefu_test_scalar (f->path, "SELECT m.user_id FROM staff_group_members m JOIN users u ON u.id = m.user_id "
                                            "WHERE u.role = 'agent' AND m.group_id IN (SELECT group_id FROM staff_group_members "
                                            "GROUP BY group_id HAVING count(*) >= 3) ORDER BY m.user_id LIMIT 1");
  g_autofree char *number = text_of (f, "SELECT t.number FROM tickets t JOIN owners o ON o.id = t.owner_id "
                                        "WHERE t.location IS NOT NULL ORDER BY t.id LIMIT 1");
  gint64 cases = kefu_test_scalar (f->path, "SELECT count(*) FROM cases");
  KefuStore *store;
  KefuPeopleWindow *people;
  GtkWindow *dialog;
  gint64 round;

  g_assert_nonnull (login);
  g_assert_nonnull (number);
  open_training (f, login);
  store = kefu_window_get_store (f->window);
  people = kefu_people_window_new (GTK_WINDOW (f->window), store, agent, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (people));
  g_assert_cmpint (agent, >, 0);
  {
    const KefuProfile *p = kefu_people_window_get_profile (people);
    g_autofree char *group = text_of (f, "SELECT g.name FROM staff_groups g JOIN staff_group_members m ON m.group_id = g.id "
                                         "WHERE m.user_id = (SELECT m.user_id FROM staff_group_members m JOIN users u "
                                         "ON u.id = m.user_id WHERE u.role = 'agent' AND m.group_id IN (SELECT group_id FROM "
                                         "staff_group_members GROUP BY group_id HAVING count(*) >= 3) ORDER BY m.user_id LIMIT 1) "
                                         "ORDER BY g.name, g.id LIMIT 1");
    g_assert_cmpstr (p->group, ==, group);
    g_assert_cmpuint (p->group_members, >=, 3);
  }
  g_assert_nonnull (find_descendant (GTK_WIDGET (people), GTK_TYPE_BUTTON, _("360° _Review…")));
  g_assert_nonnull (find_descendant (GTK_WIDGET (people), GTK_TYPE_BUTTON, _("_Case from Ticket…")));
  g_assert_nonnull (find_descendant (GTK_WIDGET (people), GTK_TYPE_BUTTON, _("_Settings…")));
  wait_ms (100);
  save_screenshot (GTK_WIDGET (people), "people-profile");

  /* 360°: a new round with three peers; the supervisor's scores */
  dialog = kefu_people_review_dialog (GTK_WINDOW (people), store, agent, GTK_WIDGET (people));
  g_assert_nonnull (dialog);
  for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, i)), 70 + 5 * i);
  for (guint i = 0; i < 3; i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, i)), TRUE);
  save_screenshot (GTK_WIDGET (dialog), "people-review");
  respond (dialog, "save");
  round = scalar (f, "SELECT id FROM review_rounds WHERE user_id = %" G_GINT64_FORMAT, agent);
  g_assert_cmpint (round, >, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM review_peers WHERE round_id = %" G_GINT64_FORMAT, round), ==, 3);
  g_assert_cmpint (scalar (f, "SELECT sum(score) FROM review_scores WHERE round_id = %" G_GINT64_FORMAT
                              " AND rater_kind = 'supervisor'", round), ==, 70 + 75 + 80 + 85 + 90);
  /* again this quarter: the same round, the scores replaced, no second round */
  dialog = kefu_people_review_dialog (GTK_WINDOW (people), store, agent, GTK_WIDGET (people));
  {
    g_autoptr(GPtrArray) checks = g_ptr_array_new ();
    collect (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, checks);
    g_assert_cmpuint (checks->len, ==, 0);   /* the peers were named when it started */
  }
  for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, i)), i == 0 ? 100 : 70 + 5 * i);
  respond (dialog, "save");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM review_rounds WHERE user_id = %" G_GINT64_FORMAT, agent), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT sum(score) FROM review_scores WHERE round_id = %" G_GINT64_FORMAT
                              " AND rater_kind = 'supervisor'", round), ==, 100 + 75 + 80 + 85 + 90);

  /* a peer asked answers from their own window: only totals are kept */
  {
    gint64 supervisor = kefu_store_get_actor (store);
    gint64 peer = scalar (f, "SELECT peer_id FROM review_peers WHERE round_id = %" G_GINT64_FORMAT " ORDER BY peer_id LIMIT 1",
                          round);

    kefu_store_set_actor (store, peer);
    dialog = kefu_people_peer_review_dialog (GTK_WINDOW (people), store, NULL);
    g_assert_nonnull (dialog);
    for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, i)), 60);
    save_screenshot (GTK_WIDGET (dialog), "people-peer-review");
    respond (dialog, "save");
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM review_peers WHERE round_id = %" G_GINT64_FORMAT " AND peer_id = %"
                                G_GINT64_FORMAT " AND answered = 1", round, peer), ==, 1);
    g_assert_cmpint (scalar (f, "SELECT sum(total) FROM review_peer_totals WHERE round_id = %" G_GINT64_FORMAT, round), ==, 300);
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM review_scores WHERE round_id = %" G_GINT64_FORMAT " AND rater_id = %"
                                G_GINT64_FORMAT, round, peer), ==, 0);
    /* answered once: nothing more to answer */
    g_assert_null (kefu_people_peer_review_dialog (GTK_WINDOW (people), store, NULL));
    g_assert_true (wait_for (message_dialog_shown, NULL, 5));
    gtk_window_destroy (GTK_WINDOW (find_toplevel (ADW_TYPE_MESSAGE_DIALOG)));
    wait_ms (50);
    kefu_store_set_actor (store, supervisor);
  }

  /* a case from a ticket, anonymised before it is saved */
  dialog = kefu_people_case_dialog (GTK_WINDOW (people), store, GTK_WIDGET (people));
  g_assert_false (kefu_people_case_dialog_load (dialog, "NO-SUCH-TICKET"));
  g_assert_true (wait_for (message_dialog_shown, NULL, 5));
  {
    /* the alert naming the number, on top of the case dialog */
    GListModel *tops = gtk_window_get_toplevels ();
    for (guint k = 0; k < g_list_model_get_n_items (tops); k++)
      {
        g_autoptr(GtkWidget) w = g_list_model_get_item (tops, k);
        if (ADW_IS_MESSAGE_DIALOG (w) && w != GTK_WIDGET (dialog) && gtk_widget_get_visible (w))
          {
            g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)), "NO-SUCH-TICKET"));
            gtk_window_destroy (GTK_WINDOW (w));
          }
      }
  }
  g_assert_true (kefu_people_case_dialog_load (dialog, number));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (nth (GTK_WIDGET (dialog), GTK_TYPE_ENTRY, 1))), !=, "");
  save_screenshot (GTK_WIDGET (dialog), "people-case");
  respond (dialog, "save");
  g_assert_cmpint (kefu_test_scalar (f->path, "SELECT count(*) FROM cases"), ==, cases + 1);
  {
    g_autofree char *leaks = g_strdup_printf (
        "SELECT count(*) FROM cases c, tickets t LEFT JOIN owners o ON o.id = t.owner_id WHERE t.number = '%s' "
        "AND c.id = (SELECT max(id) FROM cases) AND ("
        "  coalesce(instr(c.title || c.happened || c.handling || c.result || c.lessons, t.contact_name), 0) > 0 "
        "  OR instr(c.title || c.happened || c.handling || c.result || c.lessons, t.location) > 0 "
        "  OR (o.name IS NOT NULL AND instr(c.title || c.happened || c.handling || c.result || c.lessons, o.name) > 0))",
        number);
    g_assert_cmpint (kefu_test_scalar (f->path, leaks), ==, 0);
  }

  /* a refused save keeps the form open with what was typed, under an
   * alert that says why (a new source on a module that does not exist);
   * Cancel then closes it, nothing saved */
  {
    GtkWidget *button, *alert = NULL;
    GtkEditable *key;
    gint64 sources = scalar (f, "SELECT count(*) FROM capability_sources");

    dialog = kefu_people_settings_dialog (GTK_WINDOW (people), store, GTK_WIDGET (people));
    g_assert_nonnull (dialog);
    key = GTK_EDITABLE (kefu_people_form_get_part (KEFU_PEOPLE_FORM (dialog), KEFU_PEOPLE_FORM_NEW_KEY));
    gtk_editable_set_text (key, "no_such_module");
    button = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, _("_Save"));
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    wait_ms (200);
    g_assert_false (is_gone (dialog));
    g_assert_cmpstr (gtk_editable_get_text (key), ==, "no_such_module");
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM capability_sources"), ==, sources);
    {
      GListModel *tops = gtk_window_get_toplevels ();

      for (guint k = 0; k < g_list_model_get_n_items (tops); k++)
        {
          g_autoptr(GtkWidget) w = g_list_model_get_item (tops, k);
          if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (GTK_WINDOW (w)) == dialog)
            alert = w;
        }
    }
    g_assert_nonnull (alert);
    g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (alert)), ==, _("Settings Not Saved"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (alert)), "no_such_module"));
    save_screenshot (alert, "people-settings-refused");
    gtk_window_destroy (GTK_WINDOW (alert));
    button = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, _("_Cancel"));
    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    g_assert_true (wait_for (is_gone, dialog, 30));
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM capability_sources"), ==, sources);
    /* and Escape (the window's close) closes a form as before */
    dialog = kefu_people_settings_dialog (GTK_WINDOW (people), store, GTK_WIDGET (people));
    g_assert_nonnull (dialog);
    gtk_window_close (dialog);
    g_assert_true (wait_for (is_gone, dialog, 30));
  }

  /* settings: the excellent grade from 96 %, the first source weighs 2 */
  dialog = kefu_people_settings_dialog (GTK_WINDOW (people), store, GTK_WIDGET (people));
  g_assert_nonnull (dialog);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 0)), 96);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 4)), 2);
  save_screenshot (GTK_WIDGET (dialog), "people-settings");
  respond (dialog, "save");
  {
    KefuGradeThresholds t;
    g_autoptr(GPtrArray) sources = kefu_capability_sources (store, &error);

    kefu_appraisal_get_thresholds (store, &t);
    g_assert_cmpfloat_with_epsilon (t.excellent, 96, 1e-9);
    g_assert_cmpfloat_with_epsilon (t.good, 90, 1e-9);
    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (((KefuCapabilitySource *) sources->pdata[0])->weight, 2, 1e-9);
    g_assert_cmpfloat_with_epsilon (((KefuCapabilitySource *) sources->pdata[1])->weight, 1, 1e-9);
  }
  gtk_window_destroy (GTK_WINDOW (people));
}

/* The profile's text under the radar (the label that says where each score comes from) */
static const char *
details_of (KefuPeopleWindow *people)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (GTK_WIDGET (people), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (labels->pdata[i]), _("Where each score comes from")) != NULL)
      return gtk_label_get_text (labels->pdata[i]);
  g_assert_not_reached ();
}

static GtkWidget *
alert_over (GtkWindow *dialog)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint k = 0; k < g_list_model_get_n_items (tops); k++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (tops, k);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (GTK_WINDOW (w)) == dialog)
        return w;
    }
  return NULL;
}

/* A supervisor sets a goal from the People window: the KPI's baseline is
 * shown as the core measures it; a day that is no day is refused with the
 * form kept open; the goal then shows under the profile. Past its deadline
 * it is flagged at the top of the window, and told once by a desktop
 * notification (recorded once, however often the window opens). The
 * quarter's 360° round: peers withheld with a note until three answered,
 * then their mean per item, worked out here. */
static void
test_people_goal_and_360 (Fixture       *f,
                          gconstpointer  data)
{
  static const double peer_scores[3][KEFU_N_REVIEW_ITEMS] = {
    { 60, 70, 80, 90, 100 }, { 70, 80, 90, 60, 70 }, { 80, 60, 70, 90, 70 },
  };   /* peers' means: 70 70 80 80 80 */
  static const double boss[KEFU_N_REVIEW_ITEMS] = { 75, 80, 85, 70, 90 };
  g_autoptr(GError) error = NULL;
  g_autofree char *login = text_of (f, "SELECT login FROM users WHERE role = 'supervisor' AND active ORDER BY id LIMIT 1");
  g_autofree char *team_sql = g_strdup_printf ("SELECT m.user_id FROM staff_group_members m JOIN staff_groups g ON "
                                               "g.id = m.group_id JOIN users u ON u.id = g.leader_id WHERE u.login = '%s' "
                                               "ORDER BY m.user_id LIMIT 1", login);
  gint64 agent, goals, peers[3], round, deadline;
  g_autoptr(GArray) kpis = g_array_new (FALSE, FALSE, sizeof (KefuKpi));
  g_autofree char *name = NULL;
  KefuStore *store;
  KefuPeopleWindow *people;
  GtkWindow *dialog;
  GtkWidget *button, *alert;
  double baseline;
  guint mean_response = 0;

  open_training (f, login);
  store = kefu_window_get_store (f->window);
  agent = kefu_test_scalar (f->path, team_sql);
  g_assert_cmpint (agent, >, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT name FROM users WHERE id = %" G_GINT64_FORMAT, agent);
    name = text_of (f, sql);
  }
  goals = scalar (f, "SELECT count(*) FROM people_goals");
  people = kefu_people_window_new (GTK_WINDOW (f->window), store, agent, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (people));
  g_assert_nonnull (find_descendant (GTK_WIDGET (people), GTK_TYPE_BUTTON, _("Set _Goal…")));
  g_assert_nonnull (strstr (details_of (people), _("No round yet.")));

  /* the goal: mean response time, half the baseline, by a day that is no day, then by ten days on */
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    if (kefu_goal_kpi_allowed (k))
      {
        if (k == KEFU_KPI_MEAN_RESPONSE_MIN)
          mean_response = kpis->len;
        g_array_append_val (kpis, k);
      }
  g_assert_true (kefu_goal_baseline (store, agent, KEFU_KPI_MEAN_RESPONSE_MIN, &baseline, &error));
  g_assert_no_error (error);
  g_assert_false (isnan (baseline));
  dialog = kefu_people_goal_dialog (GTK_WINDOW (people), store, agent, GTK_WIDGET (people));
  g_assert_nonnull (dialog);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (kefu_people_form_get_part (KEFU_PEOPLE_FORM (dialog), KEFU_PEOPLE_FORM_KPI)), mean_response);
  {
    g_autofree char *figure = kefu_kpi_format (KEFU_KPI_MEAN_RESPONSE_MIN, baseline);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (kefu_people_form_get_part (KEFU_PEOPLE_FORM (dialog), KEFU_PEOPLE_FORM_BASELINE))), figure));
  }
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (kefu_people_form_get_part (KEFU_PEOPLE_FORM (dialog), KEFU_PEOPLE_FORM_TARGET)), floor (baseline / 2 * 10) / 10);
  gtk_editable_set_text (GTK_EDITABLE (kefu_people_form_get_part (KEFU_PEOPLE_FORM (dialog), KEFU_PEOPLE_FORM_DEADLINE)), "2026-13-45");
  button = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, _("_Set Goal"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_ms (200);
  g_assert_false (is_gone (dialog));
  alert = alert_over (dialog);
  g_assert_nonnull (alert);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (alert)), ==, _("Goal Not Set"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (alert)), "2026-13-45"));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM people_goals"), ==, goals);
  gtk_window_destroy (GTK_WINDOW (alert));
  {
    g_autofree char *day = kefu_format_time (TEST_NOW + 10 * 86400, "%Y-%m-%d");
    gtk_editable_set_text (GTK_EDITABLE (kefu_people_form_get_part (KEFU_PEOPLE_FORM (dialog), KEFU_PEOPLE_FORM_DEADLINE)), day);
  }
  save_screenshot (GTK_WIDGET (dialog), "people-goal");
  respond (dialog, "save");
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM people_goals"), ==, goals + 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM people_goals WHERE user_id = %" G_GINT64_FORMAT
                              " AND kpi = 'mean_response_min' AND abs(target - %.1f) < 0.01",
                              agent, floor (baseline / 2 * 10) / 10), ==, 1);
  deadline = scalar (f, "SELECT deadline FROM people_goals ORDER BY id DESC LIMIT 1");
  wait_ms (100);
  g_assert_nonnull (strstr (details_of (people), _(kefu_kpi_info (KEFU_KPI_MEAN_RESPONSE_MIN)->label)));
  g_assert_false (g_str_has_prefix (details_of (people), "⚠"));

  /* past the deadline: flagged at the top, and told once */
  kefu_store_set_now (store, deadline + 3600);
  gtk_widget_activate_action (GTK_WIDGET (people), "people.refresh", NULL);
  wait_ms (100);
  g_assert_true (g_str_has_prefix (details_of (people), "⚠"));
  g_assert_nonnull (strstr (details_of (people), name));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'goal_overdue_flagged'"), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      KefuPeopleWindow *again = kefu_people_window_new (GTK_WINDOW (f->window), store, agent, &error);
      g_assert_no_error (error);
      gtk_window_destroy (GTK_WINDOW (again));
      g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'goal_overdue_flagged'"), ==, 1);
    }

  /* 360°: the supervisor's scores and two peers: withheld, with a note */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM users WHERE role = 'agent' AND id <> %" G_GINT64_FORMAT
                                              " ORDER BY id LIMIT 1 OFFSET %u", agent, i);
      peers[i] = kefu_test_scalar (f->path, sql);
    }
  {
    gint64 supervisor = kefu_store_get_actor (store), from, to;

    kefu_people_quarter_of (kefu_store_now (store), &from, &to);
    round = kefu_review_start (store, agent, from, to, peers, 3, &error);
    g_assert_no_error (error);
    g_assert_true (kefu_review_answer (store, round, boss, &error));
    for (guint i = 0; i < 3; i++)
      {
        kefu_store_set_actor (store, peers[i]);
        g_assert_true (kefu_review_answer (store, round, peer_scores[i], &error));
        g_assert_no_error (error);
        kefu_store_set_actor (store, supervisor);
        gtk_widget_activate_action (GTK_WIDGET (people), "people.refresh", NULL);
        wait_ms (50);
        if (i < 2)
          {
            g_autofree char *note = g_strdup_printf (_("Peers’ scores withheld: %u of %u asked have answered, they are shown "
                                                       "from %u answers on so that nobody’s can be told apart."),
                                                     i + 1, 3, KEFU_REVIEW_MIN_PEERS);
            g_assert_nonnull (strstr (details_of (people), note));
          }
      }
  }
  /* opening the profile and the review is audited once per window, not at
   * each of the four refreshes: this window's once, each of the two
   * windows opened again once; the review, first shown in this window at a
   * refresh, once */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'profile_viewed' AND subject_id = %"
                              G_GINT64_FORMAT, agent), ==, 3);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'review_viewed' AND subject_id = %"
                              G_GINT64_FORMAT, agent), ==, 1);
  {
    KefuPeopleWindow *again = kefu_people_window_new (GTK_WINDOW (f->window), store, agent, &error);

    g_assert_no_error (error);
    gtk_window_destroy (GTK_WINDOW (again));
    g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'review_viewed' AND subject_id = %"
                                G_GINT64_FORMAT, agent), ==, 2);
  }
  for (guint item = 0; item < KEFU_N_REVIEW_ITEMS; item++)
    {
      double mean = (peer_scores[0][item] + peer_scores[1][item] + peer_scores[2][item]) / 3;
      g_autofree char *sup = g_strdup_printf ("%.0f", boss[item]);
      g_autofree char *peer = g_strdup_printf ("%.0f", mean);
      g_autofree char *line = g_strdup_printf (_("    %s: self %s · supervisor %s · peers %s\n"),
                                               kefu_review_item_label (item), "—", sup, peer);

      g_assert_nonnull (strstr (details_of (people), line));
    }
  {
    /* the review is at the end of the text: scroll there for the screenshot */
    g_autoptr(GPtrArray) all = g_ptr_array_new ();
    collect (GTK_WIDGET (people), GTK_TYPE_SCROLLED_WINDOW, all);
    for (guint i = 0; i < all->len; i++)
      {
        GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (all->pdata[i]);
        gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
      }
    wait_ms (100);
  }
  save_screenshot (GTK_WIDGET (people), "people-goal-360");
  gtk_window_destroy (GTK_WINDOW (people));
}

/* A trainer screens an internal trainer candidate (themselves here, as
 * the sample's trainer of the cohorts): satisfaction starts at what the
 * surveys give; the screen and the year are worked out as figures change:
 * 2.5 years, a major complaint, a lecture of 80 75 70 85 (77.5) → three
 * conditions named; 4 years, 92, none, 85 80 78 90 (83.25) → passes; the
 * year 92 × 0.4 + 80 × 0.3 + 70 × 0.2 + 60 × 0.1 = 80.8. A supervisor's
 * window has no such button. */
static void
test_people_trainer (Fixture       *f,
                     gconstpointer  data)
{
  static const double weak[] = { 80, 75, 70, 85 }, good[] = { 85, 80, 78, 90 };
  g_autoptr(GError) error = NULL;
  g_autofree char *login = text_of (f, "SELECT login FROM users WHERE role = 'trainer' AND active ORDER BY id LIMIT 1");
  KefuStore *store;
  KefuPeopleWindow *people;
  GtkWindow *dialog;
  GtkLabel *screen, *year;
  gint64 me, from, to;
  double measured;
  guint n;

  open_training (f, login);
  store = kefu_window_get_store (f->window);
  me = kefu_store_get_actor (store);
  people = kefu_people_window_new (GTK_WINDOW (f->window), store, me, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (people));
  g_assert_nonnull (find_descendant (GTK_WIDGET (people), GTK_TYPE_BUTTON, _("Internal _Trainer…")));
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kefu_store_now (store));
    g_autoptr(GDateTime) year_ago = g_date_time_add_years (now, -1);
    from = g_date_time_to_unix (year_ago);
    to = kefu_store_now (store) + 1;
  }
  g_assert_true (kefu_trainer_satisfaction (store, me, from, to, &measured, &n, &error));
  g_assert_cmpuint (n, >, 0);
  dialog = kefu_people_trainer_dialog (GTK_WINDOW (people), store, me);
  g_assert_nonnull (dialog);
  screen = GTK_LABEL (kefu_people_form_get_part (KEFU_PEOPLE_FORM (dialog), KEFU_PEOPLE_FORM_SCREEN_RESULT));
  year = GTK_LABEL (kefu_people_form_get_part (KEFU_PEOPLE_FORM (dialog), KEFU_PEOPLE_FORM_YEAR_RESULT));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog),
                                                                                    GTK_TYPE_SPIN_BUTTON, 1))),
                                  round (measured * 10) / 10, 1e-6);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 0)), 2.5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 1)), 92);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, 0)), TRUE);
  for (guint i = 0; i < 4; i++)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 2 + i)), weak[i]);
  {
    g_autofree char *lecture = g_strdup_printf (_("Trial lecture: %.1f. "), 77.5);
    g_autofree char *years = g_strdup_printf (_("%g years of service, fewer than %g."), 2.5, 3.0);
    g_autofree char *low = g_strdup_printf (_("Trial lecture %.1f, below %g."), 77.5, 80.0);

    g_assert_true (g_str_has_prefix (gtk_label_get_text (screen), lecture));
    g_assert_nonnull (strstr (gtk_label_get_text (screen), years));
    g_assert_nonnull (strstr (gtk_label_get_text (screen), _("A major complaint against them.")));
    g_assert_nonnull (strstr (gtk_label_get_text (screen), low));
  }
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 6)), 80);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 7)), 70);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 8)), 60);
  {
    KefuGradeThresholds t;
    gboolean noted;
    g_autofree char *line = NULL;

    kefu_appraisal_get_thresholds (store, &t);
    line = g_strdup_printf (_("Yearly evaluation: %.1f, %s"), 80.8, kefu_grade_label (kefu_grade_for (&t, 80.8, &noted)));
    g_assert_cmpstr (gtk_label_get_text (year), ==, line);
  }
  save_screenshot (GTK_WIDGET (dialog), "people-trainer-refused");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 0)), 4);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, 0)), FALSE);
  for (guint i = 0; i < 4; i++)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (nth (GTK_WIDGET (dialog), GTK_TYPE_SPIN_BUTTON, 2 + i)), good[i]);
  {
    g_autofree char *lecture = g_strdup_printf (_("Trial lecture: %.1f. "), (85 + 80 + 78 + 90) / 4.0);
    g_autofree char *passed = g_strconcat (lecture, _("Meets every condition of the internal trainer certification."), NULL);
    g_assert_cmpstr (gtk_label_get_text (screen), ==, passed);
  }
  save_screenshot (GTK_WIDGET (dialog), "people-trainer");
  respond (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (people));

  /* a supervisor: no such button */
  {
    g_autofree char *supervisor = text_of (f, "SELECT id FROM users WHERE role = 'supervisor' AND active ORDER BY id LIMIT 1");
    kefu_store_set_actor (store, g_ascii_strtoll (supervisor, NULL, 10));
    people = kefu_people_window_new (GTK_WINDOW (f->window), store, g_ascii_strtoll (supervisor, NULL, 10), &error);
    g_assert_no_error (error);
    g_assert_null (find_descendant (GTK_WIDGET (people), GTK_TYPE_BUTTON, _("Internal _Trainer…")));
    gtk_window_destroy (GTK_WINDOW (people));
  }
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;

#define GUI_ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  GUI_ADD ("/gui/cohorts/trainer-plans-cohort", test_trainer_plans_cohort);
  GUI_ADD ("/gui/cohorts/follow-up-and-observation", test_follow_up_and_observation);
  GUI_ADD ("/gui/cohorts/staff-groups", test_staff_groups);
  GUI_ADD ("/gui/people/forms", test_people_forms);
  GUI_ADD ("/gui/people/goal-and-360", test_people_goal_and_360);
  GUI_ADD ("/gui/people/internal-trainer", test_people_trainer);
#undef GUI_ADD

  return g_test_run ();
}
