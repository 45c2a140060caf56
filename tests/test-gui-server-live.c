/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-server-live.c — many desks on one server, live (#20), under
 * Xvfb, with windows of one process as the desks (each its own
 * connection, signed in as its own person):
 *  - what an administrator changes at another desk — an SLA policy, the
 *    intake's emotion words, the radar's sources, a person's goal —
 *    appears in the first desk's open Preferences and People windows
 *    without anyone reloading them (the store watch's "settings" and
 *    "people");
 *  - an SLA breach at two desks: the center's one checker records it once
 *    (kefu_sla_notify, what `kefu-cli sla check --notify` runs), and the
 *    notice reaches the desk of the person it concerns exactly once (the
 *    mocked notification daemon's Notify calls), not the other desk.
 * Every clock is injected. Skipped without the test cluster (KEFU_TEST_PG). */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "kefu-auth.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-people.h"
#include "kefu-people-forms.h"
#include "kefu-people-window.h"
#include "kefu-preferences-window.h"
#include "kefu-server-people-window.h"
#include "kefu-sla.h"
#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-window.h"
#include "kefu-test-engines.h"
#include "kefu-test-gui-server.h"
#include "kefu-test-mock.h"

#define PASSWORD "live-password-1"
#define MINUTE   ((gint64) 60)

typedef struct {
  Fixture     gui;
  char       *spec;      /* the server's database, without credentials */
  KefuStore  *owner;     /* the tables' owner (the test harness, and the center's checker) */
  char       *trainer;   /* logins: roles of the cluster, named per process */
  char       *admin2;
  char       *agent_a;
  char       *agent_b;
  GPtrArray  *windows;   /* the desks (KefuWindow) */
} LiveFixture;

static void
live_setup (LiveFixture   *f,
            gconstpointer  data)
{
  g_autofree char *sql = NULL;

  if ((f->owner = kefu_test_server_owner (&f->gui.dir, data, NULL, &f->spec)) == NULL)
    return;
  f->trainer = g_strdup_printf ("live_trainer_%d", (int) getpid ());
  f->admin2 = g_strdup_printf ("live_admin2_%d", (int) getpid ());
  f->agent_a = g_strdup_printf ("live_agent_a_%d", (int) getpid ());
  f->agent_b = g_strdup_printf ("live_agent_b_%d", (int) getpid ());
  f->windows = g_ptr_array_new ();
  sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '培训师老陈', 'trainer', '" PASSWORD "') + "
                         "kefu_create_person ('%s', '管理员小林', 'admin', '" PASSWORD "') + "
                         "kefu_create_person ('%s', '前台小周', 'agent', '" PASSWORD "') + "
                         "kefu_create_person ('%s', '前台小吴', 'agent', '" PASSWORD "')",
                         f->trainer, f->admin2, f->agent_a, f->agent_b);
  g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), >, 0);
  /* the center the test asserts on: one estate, a building, an owner, and
   * one policy for level 3 repairs (a response within 10 minutes) */
  kefu_test_store_exec (f->owner, "INSERT INTO estates (name, created_at) VALUES ('测试东苑', 0)");
  kefu_test_store_exec (f->owner, "INSERT INTO buildings (estate_id, name, floors) "
                                  "SELECT id, '1栋', 18 FROM estates WHERE name = '测试东苑'");
  kefu_test_store_exec (f->owner, "INSERT INTO owners (name, phone, created_at) VALUES ('业主老赵', '13800000001', 0)");
  kefu_test_store_exec (f->owner, "INSERT INTO sla_policies (name, kind, level, response_min, resolution_min, created_at) "
                                  "VALUES ('三级报修', 'repair', 3, 10, 2880, 0)");
}

static void
live_teardown (LiveFixture   *f,
               gconstpointer  data)
{
  if (f->owner == NULL)
    return;
  while (find_toplevel (KEFU_TYPE_PEOPLE_WINDOW) != NULL)
    gtk_window_destroy (GTK_WINDOW (find_toplevel (KEFU_TYPE_PEOPLE_WINDOW)));
  while (find_toplevel (KEFU_TYPE_SERVER_PEOPLE_WINDOW) != NULL)
    gtk_window_destroy (GTK_WINDOW (find_toplevel (KEFU_TYPE_SERVER_PEOPLE_WINDOW)));
  while (find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW) != NULL)
    gtk_window_destroy (GTK_WINDOW (find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW)));
  for (guint i = 0; i < f->windows->len; i++)
    gtk_window_destroy (f->windows->pdata[i]);
  g_ptr_array_unref (f->windows);
  wait_ms (200);
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  kefu_test_drop_roles (g_getenv ("KEFU_TEST_PG"),
                        (const char *[]) { f->trainer, f->admin2, f->agent_a, f->agent_b, NULL });
  g_free (f->trainer);
  g_free (f->admin2);
  g_free (f->agent_a);
  g_free (f->agent_b);
  kefu_test_dir_teardown (&f->gui.dir, data);
}

static gint64
user_id (LiveFixture *f,
         const char  *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM users WHERE login = '%s'", login);

  return kefu_test_store_scalar (f->owner, sql);
}

/* A desk's store: signed in to the server as @login, its clock at @now */
static KefuStore *
desk_store (LiveFixture *f,
            const char  *login,
            gint64       now,
            KefuUser   **user)
{
  g_autoptr(GError) error = NULL;
  KefuStore *store = kefu_store_open_as (f->spec, login, PASSWORD, &error);

  g_assert_no_error (error);
  kefu_store_set_now (store, now);
  *user = kefu_auth_sign_in_server (store, &error);
  g_assert_no_error (error);
  return store;
}

/* A desk's window, @login signed in on a connection of its own whose
 * clock is @now from the start (what the server's sign-in page does,
 * kefu_window_set_store and kefu_window_sign_in, with the clock pinned
 * before the desk's first look at the service-level clocks) */
static KefuWindow *
desk_window (LiveFixture *f,
             const char  *login,
             gint64       now)
{
  g_autoptr(KefuUser) user = NULL;
  g_autoptr(KefuStore) store = desk_store (f, login, now, &user);
  KefuWindow *window = kefu_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  kefu_window_set_store (window, store);
  kefu_window_sign_in (window, user);
  g_assert_true (wait_for (kefu_test_at_main_page, window, 30));
  g_assert_nonnull (kefu_window_get_store_watch (window));
  g_assert_true (wait_for (kefu_test_live_listening, window, 30));
  g_ptr_array_add (f->windows, window);
  return window;
}

typedef struct {
  GtkWidget  *window;
  const char *title;
} RowWanted;

static gboolean
row_shown (gpointer data)
{
  RowWanted *w = data;

  return kefu_test_find_row (w->window, w->title) != NULL;
}

typedef struct {
  KefuPeopleWindow *window;
  const char       *kind, *key;
  double            weight;   /* 0: a goal wanted instead */
} ProfileWanted;

static gboolean
profile_shows (gpointer data)
{
  ProfileWanted *w = data;
  const KefuProfile *p = kefu_people_window_get_profile (w->window);

  if (w->weight == 0)
    return p->goals->len == 1;
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    for (guint i = 0; i < p->radar[f].sources->len; i++)
      {
        KefuCapabilitySource *s = p->radar[f].sources->pdata[i];

        if (g_strcmp0 (s->kind, w->kind) == 0 && g_strcmp0 (s->key, w->key) == 0 && s->weight == w->weight)
          return TRUE;
      }
  return FALSE;
}

typedef struct {
  KefuPeopleForm *form;
  const char     *kind, *key;
  double          weight;
  const char     *body;    /* NULL: the weight wanted instead */
} FormWanted;

/* The settings form shows @weight for the source, or @body */
static gboolean
form_shows (gpointer data)
{
  FormWanted *w = data;
  GtkWidget *weight;

  if (w->body != NULL)
    return g_strcmp0 (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w->form)), w->body) == 0;
  weight = kefu_people_form_get_source_weight (w->form, w->kind, w->key);
  return weight != NULL && fabs (gtk_spin_button_get_value (GTK_SPIN_BUTTON (weight)) - w->weight) < 1e-9;
}

static gboolean
words_shown (gpointer data)
{
  GtkWidget *row = find_descendant (data, ADW_TYPE_ENTRY_ROW, NULL);

  return row != NULL && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), "律师 曝光 投诉") == 0;
}

/* A trainer at desk 1 has the Preferences and a person's profile open; an
 * administrator at desk 2 changes a policy, the intake's words and a radar
 * source, and the trainer, at a desk of the training room, sets the
 * person a goal: desk 1's windows show each change by themselves; the
 * Appraisal and Radar Settings form too while untouched, and once the
 * trainer typed in it, it keeps what was typed and says another desk
 * changed the settings. */
static void
test_settings_live (LiveFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) admin2 = NULL;
  g_autoptr(KefuUser) trainer = NULL;
  g_autoptr(KefuStore) desk2 = NULL;
  g_autoptr(KefuStore) room = NULL;
  g_autoptr(GPtrArray) policies = NULL;
  KefuWindow *desk1;
  GtkWidget *prefs, *people;
  KefuPeopleWindow *profile;
  GtkWidget *form;
  gint64 agent = user_id (f, f->agent_a);

  if (f->owner == NULL)
    return;
  desk1 = desk_window (f, f->trainer, TEST_NOW);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (desk1), "win.preferences", NULL));
  prefs = find_toplevel (KEFU_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  g_assert_nonnull (kefu_test_find_row (prefs, "三级报修"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (desk1), "win.people", NULL));
  people = find_toplevel (KEFU_TYPE_SERVER_PEOPLE_WINDOW);
  g_assert_nonnull (people);
  g_assert_true (gtk_widget_activate_action (people, "people.profiles", NULL));
  profile = KEFU_PEOPLE_WINDOW (find_toplevel (KEFU_TYPE_PEOPLE_WINDOW));
  g_assert_nonnull (profile);
  g_assert_true (kefu_people_window_show_person (profile, agent, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_people_window_get_profile (profile)->goals->len, ==, 0);

  desk2 = desk_store (f, f->admin2, TEST_NOW, &admin2);

  /* the policy renamed, its response target changed */
  policies = kefu_sla_list_policies (desk2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (policies->len, ==, 1);
  {
    KefuSlaPolicy p = *(KefuSlaPolicy *) policies->pdata[0];
    RowWanted w = { prefs, "三级报修（夜间）" };

    p.name = (char *) "三级报修（夜间）";
    p.minutes[KEFU_CLOCK_RESPONSE] = 15;
    g_assert_cmpint (kefu_sla_save_policy (desk2, &p, &error), >, 0);
    g_assert_no_error (error);
    g_assert_true (wait_for (row_shown, &w, 20));
    g_assert_null (kefu_test_find_row (prefs, "三级报修"));
  }
  /* the intake's emotion words */
  g_assert_true (kefu_intake_set_emotion_words (desk2, "律师 曝光 投诉", &error));
  g_assert_no_error (error);
  g_assert_true (wait_for (words_shown, prefs, 20));
  save_screenshot (prefs, "server-live-preferences");

  /* a radar source's weight: the profile shows it, and so does the
   * Appraisal and Radar Settings form opened from it, untouched */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (profile), "people.settings", NULL));
  form = find_toplevel (KEFU_TYPE_PEOPLE_FORM);
  g_assert_nonnull (form);
  g_assert_true (kefu_capability_source_set (desk2, "exams", "mean_score", "learning", 7.5, &error));
  g_assert_no_error (error);
  {
    ProfileWanted w = { profile, "exams", "mean_score", 7.5 };
    FormWanted fw = { KEFU_PEOPLE_FORM (form), "exams", "mean_score", 7.5, NULL };

    g_assert_true (wait_for (profile_shows, &w, 20));
    g_assert_true (wait_for (form_shows, &fw, 20));
  }
  /* the trainer types a weight of 4; the administrator sets it to 9 at
   * desk 2: the form says so and keeps what was typed */
  {
    const char *note = _("Another desk changed these settings while you were editing them. What you typed "
                         "is kept here; Save writes the values you changed, over theirs.");
    FormWanted fw = { KEFU_PEOPLE_FORM (form), NULL, NULL, 0, note };
    GtkWidget *weight = kefu_people_form_get_source_weight (KEFU_PEOPLE_FORM (form), "exams", "mean_score");

    gtk_spin_button_set_value (GTK_SPIN_BUTTON (weight), 4);
    g_assert_true (kefu_capability_source_set (desk2, "exams", "mean_score", "learning", 9, &error));
    g_assert_no_error (error);
    g_assert_true (wait_for (form_shows, &fw, 20));
    g_assert_true (weight == kefu_people_form_get_source_weight (KEFU_PEOPLE_FORM (form), "exams", "mean_score"));
    g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (weight)), 4, 1e-9);
    save_screenshot (form, "server-live-settings-form-kept");
    gtk_window_destroy (GTK_WINDOW (form));
  }
  /* a goal for the person shown */
  room = desk_store (f, f->trainer, TEST_NOW, &trainer);
  {
    gint64 goal = kefu_goal_add (room, agent, KEFU_KPI_ON_TIME_RESPONSE_RATE, 0.95, TEST_NOW + 30 * 24 * 3600,
                                 "按时响应", &error);

    g_assert_no_error (error);
    g_assert_cmpint (goal, >, 0);
  }
  {
    ProfileWanted w = { profile, NULL, NULL, 0 };

    g_assert_true (wait_for (profile_shows, &w, 20));
  }
  /* (still the same person, not reset to the signed-in one) */
  g_assert_cmpint (kefu_people_window_get_profile (profile)->user_id, ==, agent);
  save_screenshot (GTK_WIDGET (profile), "server-live-profile");
}

static guint
n_calls (GDBusConnection *bus)
{
  g_autoptr(GPtrArray) calls = kefu_test_mock_notify_calls (bus);

  return calls->len;
}

/* The Notify calls whose summary is @summary */
static guint
count_notices (GDBusConnection *bus,
               const char      *summary)
{
  g_autoptr(GPtrArray) calls = kefu_test_mock_notify_calls (bus);
  guint n = 0;

  for (guint i = 0; i < calls->len; i++)
    {
      g_autoptr(GVariant) v = g_variant_get_child_value (calls->pdata[i], 3);
      g_autoptr(GVariant) s = g_variant_get_variant (v);

      n += g_strcmp0 (g_variant_get_string (s, NULL), summary) == 0;
    }
  return n;
}

typedef struct {
  GDBusConnection *bus;
  const char      *summary;
} NoticeWanted;

static gboolean
notice_shown (gpointer data)
{
  NoticeWanted *w = data;

  return count_notices (w->bus, w->summary) > 0;
}

/* Two people at two desks on one server; 小周's level 3 repair misses its
 * 10-minute response. The center's checker records the breach once; it
 * reaches 小周's desk exactly once, however often the desks look, and
 * never 小吴's (a level 3 breach is for the ticket's agent). */
static void
test_sla_notice_two_desks (LiveFixture   *f,
                           gconstpointer  data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) told = NULL;
  g_autoptr(KefuTicket) ticket = NULL;
  g_autofree char *overdue = NULL;
  KefuWindow *desk_a, *desk_b;
  gint64 created = TEST_NOW, breached = TEST_NOW + 12 * MINUTE, id;

  if (f->owner == NULL)
    return;
  if (!kefu_test_mock_clear (bus))
    {
      g_test_skip ("no mocked notification daemon on the session bus (build-aux/kefu test starts one)");
      return;
    }
  /* 小周 logs it at her desk, and 小吴 signs in at his, a minute later */
  desk_a = desk_window (f, f->agent_a, created);
  {
    KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 3, 0, 0, "1栋大堂", 0, NULL, "13800000001",
                          "大堂水龙头漏水", 0 };
    KefuStore *store = kefu_window_get_store (desk_a);

    d.building_id = kefu_test_store_scalar (f->owner, "SELECT id FROM buildings WHERE name = '1栋'");
    d.owner_id = kefu_test_store_scalar (f->owner, "SELECT id FROM owners WHERE name = '业主老赵'");
    id = kefu_desk_create_ticket (store, &d, &error);
    g_assert_no_error (error);
    ticket = kefu_desk_get_ticket (store, id, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM tickets WHERE response_due_at IS NOT NULL"),
                   ==, 1);
  desk_b = desk_window (f, f->agent_b, created + MINUTE);
  kefu_store_set_now (kefu_window_get_store (desk_a), created + MINUTE);
  kefu_window_check_clocks (desk_a);
  wait_ms (1000);
  g_assert_cmpuint (n_calls (bus), ==, 0);

  /* 12 minutes on (the response was due at 10; its escalation, for
   * managers, comes at 15): the center's one checker records the breach */
  kefu_store_set_now (f->owner, breached);   /* (the checker's clock: it records when it told) */
  told = kefu_sla_notify (f->owner, breached, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (told->len, >, 0);
  for (guint i = 0; i < told->len; i++)
    g_assert_cmpint (((KefuSlaAlert *) told->pdata[i])->ticket_id, ==, id);

  /* both desks look, twice each */
  overdue = g_strdup_printf (_("Ticket %s is overdue"), kefu_ticket_get_number (ticket));
  kefu_store_set_now (kefu_window_get_store (desk_a), breached);
  kefu_store_set_now (kefu_window_get_store (desk_b), breached);
  kefu_window_check_clocks (desk_b);
  kefu_window_check_clocks (desk_a);
  {
    NoticeWanted w = { bus, overdue };

    g_assert_true (wait_for (notice_shown, &w, 20));
  }
  wait_ms (1000);
  kefu_window_check_clocks (desk_a);
  kefu_window_check_clocks (desk_b);
  wait_ms (1500);
  g_assert_cmpuint (count_notices (bus, overdue), ==, 1);
  /* every notice shown came from 小周's desk; 小吴's showed none */
  g_assert_cmpuint (kefu_window_get_sla_alerts_shown (desk_b), ==, 0);
  g_assert_cmpuint (kefu_window_get_sla_alerts_shown (desk_a), ==, n_calls (bus));
  /* and the once-only record: each threshold recorded once */
  g_assert_cmpint (kefu_test_store_scalar (f->owner, "SELECT count(*) FROM (SELECT ticket_id, clock, threshold "
                                                     "FROM sla_notifications GROUP BY 1, 2, 3 HAVING count(*) > 1) x"),
                   ==, 0);
}

typedef struct {
  KefuTicketList *list;
  gint64          id;
} Listed;

static gboolean
listed_cb (gpointer data)
{
  Listed *l = data;

  return !kefu_ticket_list_get_loading (l->list) && kefu_ticket_list_get_position (l->list, l->id) != G_MAXUINT;
}

/* A ticket another desk commits after this desk's first read of its list
 * but before its watch's LISTEN (held back here, as a slow connect would:
 * kefu_store_watch_hold_listen) is in the list once the watch listens,
 * with no other change to tell of it. */
static gint64
log_ticket (KefuStore  *store,
            const char *place,
            const char *description)
{
  g_autoptr(GError) error = NULL;
  KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 3, 0, 0, place, 0, NULL, "13800000001",
                        description, 0 };
  gint64 id = kefu_desk_create_ticket (store, &d, &error);

  g_assert_no_error (error);
  return id;
}

static void
test_commit_before_listen (LiveFixture   *f,
                           gconstpointer  data)
{
  g_autoptr(KefuUser) user = NULL;
  g_autoptr(KefuUser) other_user = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuStore) other = NULL;
  KefuWindow *window;
  GtkWidget *view;
  KefuTicketList *list;
  Listed listed = { NULL, 0 };

  if (f->owner == NULL)
    return;
  /* another desk, which logs a ticket the first read finds */
  other = desk_store (f, f->agent_b, TEST_NOW, &other_user);
  kefu_store_set_actor (other, kefu_user_get_id (other_user));
  log_ticket (other, "1栋大堂", "大堂水龙头漏水");

  kefu_store_watch_hold_listen (TRUE);
  store = desk_store (f, f->admin2, TEST_NOW, &user);
  window = kefu_window_new (NULL);
  g_ptr_array_add (f->windows, window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  gtk_window_present (GTK_WINDOW (window));
  kefu_window_set_store (window, store);
  kefu_window_sign_in (window, user);
  g_assert_true (wait_for (kefu_test_at_main_page, window, 30));
  view = kefu_window_get_tickets_view (window);
  g_assert_true (wait_for (list_loaded, view, 30));
  list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_false (kefu_store_watch_is_listening (kefu_window_get_store_watch (window)));

  /* committed in between: the list was read, the watch not listening */
  listed.list = list;
  listed.id = log_ticket (other, "1栋2单元", "电梯按钮失灵");
  kefu_store_watch_hold_listen (FALSE);
  g_assert_true (wait_for (kefu_test_live_listening, window, 30));
  g_assert_true (wait_for (listed_cb, &listed, 20));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;
  g_test_add ("/gui/server-live/settings", LiveFixture, NULL, live_setup, test_settings_live, live_teardown);
  g_test_add ("/gui/server-live/sla-notice-two-desks", LiveFixture, NULL, live_setup, test_sla_notice_two_desks,
              live_teardown);
  g_test_add ("/gui/server-live/commit-before-listen", LiveFixture, NULL, live_setup, test_commit_before_listen,
              live_teardown);
  return g_test_run ();
}
