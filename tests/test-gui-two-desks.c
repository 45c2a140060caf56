/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gui-two-desks.c — two Kefu desks on one database server, each its
 * own process on its own connection, signed in as two people (#20):
 *
 *  - each-others-changes: desk A is a window in this process, signed in
 *    through the server's sign-in page as an agent; desk B is another
 *    process (two-desks-driver), signed in as a dispatcher, that answers
 *    what its own window shows. A's agent logs a ticket through the
 *    intake dialog; B's list, its sidebar count and its dispatch board
 *    show it (LISTEN/NOTIFY, KefuStoreWatch). A's agent begins putting it
 *    on hold and types a reason; meanwhile B's dispatcher assigns it on
 *    the board; A's save is refused naming the dispatcher and the
 *    technician, the reason kept, and A's pane shows B's assignment.
 *  - server-lost: a cluster of this test's own is stopped under a signed-in
 *    window with an intake form typed: the window says it is not connected
 *    and reconnecting; saving keeps the form, and closing it then keeps
 *    it hidden; when the server is back the row goes by itself, New
 *    Ticket brings the form back as typed and saving logs the ticket once.
 *
 * Waits poll with a timeout; the times it took are reported, not asserted.
 * Runs once in English and once in zh_CN (screenshots of the banner).
 * Skipped without the test cluster (tests/kefu-pg-cluster.sh, KEFU_TEST_PG).
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include "kefu-test-gui.h"
#include "kefu-test-util.h"
#include "kefu-test-gui-window.h"
#include "kefu-test-engines.h"
#include "kefu-test-gui-server.h"

#define PASSWORD "desk-password-2"

typedef struct {
  Fixture         gui;      /* desk A's window */
  char           *spec;     /* the server's database, without credentials */
  KefuStore      *owner;    /* the tables' owner (the test harness) */
  char           *agent;    /* desk A's person */
  char           *dispatcher;   /* desk B's */
  GSubprocess    *desk_b;
  GDataInputStream *b_out;
  GOutputStream  *b_in;
  char           *cluster;  /* server-lost: the cluster's folder */
} TwoDesks;

static char *
make_person (KefuStore  *owner,
             const char *base,
             const char *name,
             const char *role)
{
  char *login = g_strdup_printf ("%s_%d", base, (int) getpid ());
  g_autofree char *sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '%s', '%s', '%s')", login, name, role,
                                          PASSWORD);

  g_assert_cmpint (kefu_test_store_scalar (owner, sql), >, 0);
  return login;
}

static void
two_setup (TwoDesks      *f,
           gconstpointer  data)
{
  if ((f->owner = kefu_test_server_owner (&f->gui.dir, data, kefu_test_fill_sample_by_hand, &f->spec)) == NULL)
    return;
  f->agent = make_person (f->owner, "desk_a", "前台小周", "agent");
  f->dispatcher = make_person (f->owner, "desk_b", "调度老陈", "dispatcher");
}

static void
two_teardown (TwoDesks      *f,
              gconstpointer  data)
{
  if (f->owner == NULL)
    return;
  if (f->desk_b != NULL)
    {
      g_autoptr(GError) error = NULL;

      g_output_stream_close (f->b_in, NULL, NULL);
      if (!g_subprocess_wait (f->desk_b, NULL, &error) || !g_subprocess_get_if_exited (f->desk_b))
        g_subprocess_force_exit (f->desk_b);
      g_clear_object (&f->b_out);
      g_clear_object (&f->desk_b);
    }
  if (f->gui.window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  {
    const char *logins[] = { f->agent, f->dispatcher, NULL };

    kefu_test_drop_roles (g_getenv ("KEFU_TEST_PG"), logins);
  }
  g_free (f->agent);
  g_free (f->dispatcher);
  kefu_test_dir_teardown (&f->gui.dir, data);
}

/* Desk B's next line, the main loop (desk A) running meanwhile; NULL
 * after @seconds */
typedef struct {
  char    *line;
  gboolean done;
} Reply;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Reply *r = data;

  r->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  r->done = TRUE;
}

static gboolean
reply_done (gpointer data)
{
  return ((Reply *) data)->done;
}

static char *
b_reply (TwoDesks *f,
         guint     seconds)
{
  Reply r = { NULL, FALSE };
  g_autoptr(GCancellable) cancel = g_cancellable_new ();

  g_data_input_stream_read_line_async (f->b_out, G_PRIORITY_DEFAULT, cancel, line_read_cb, &r);
  if (!wait_for (reply_done, &r, seconds))
    {
      g_cancellable_cancel (cancel);
      while (!r.done)
        g_main_context_iteration (NULL, TRUE);
      g_free (r.line);
      return NULL;
    }
  g_test_message ("desk B: %s", r.line != NULL ? r.line : "(ended)");
  return r.line;
}

/* Tells desk B @command and returns its answer (within @seconds and a
 * margin for the pipe) */
static char *
b_say (TwoDesks   *f,
       guint       seconds,
       const char *format,
       ...) G_GNUC_PRINTF (3, 4);

static char *
b_say (TwoDesks   *f,
       guint       seconds,
       const char *format,
       ...)
{
  g_autofree char *command = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  command = g_strdup_vprintf (format, args);
  va_end (args);
  line = g_strconcat (command, "\n", NULL);
  g_assert_true (g_output_stream_write_all (f->b_in, line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_flush (f->b_in, NULL, &error));
  return b_reply (f, seconds + 30);
}

static void
start_desk_b (TwoDesks *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *driver = g_test_build_filename (G_TEST_BUILT, "two-desks-driver", NULL);
  g_autofree char *ready = NULL;

  f->desk_b = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                driver, f->spec, f->dispatcher, PASSWORD, NULL);
  g_assert_no_error (error);
  f->b_in = g_subprocess_get_stdin_pipe (f->desk_b);
  f->b_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->desk_b));
  ready = b_reply (f, 120);
  g_assert_nonnull (ready);
  g_assert_true (g_str_has_prefix (ready, "ready "));
  g_assert_cmpstr (ready + strlen ("ready "), ==, f->dispatcher);
}

/* Desk A: `kefu --db SPEC`, @login signing in with their password */
static GtkWidget *
open_desk_a (TwoDesks   *f,
             const char *spec,
             const char *login)
{
  KefuServerSignIn *page;
  GtkWidget *view;

  f->gui.window = kefu_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->gui.window), 1400, 860);
  kefu_window_open_database (f->gui.window, spec);
  gtk_window_present (GTK_WINDOW (f->gui.window));
  page = kefu_window_get_server_sign_in (f->gui.window);
  kefu_server_sign_in_submit (page, login, PASSWORD);
  g_assert_true (wait_for (kefu_test_sign_in_done, page, 60));
  g_assert_true (wait_for (kefu_test_at_main_page, f->gui.window, 30));
  g_assert_cmpstr (kefu_store_get_person (kefu_window_get_store (f->gui.window)), ==, login);
  g_assert_nonnull (kefu_window_get_store_watch (f->gui.window));
  g_assert_true (wait_for (kefu_test_live_listening, f->gui.window, 30));
  view = kefu_window_get_tickets_view (f->gui.window);
  g_assert_true (wait_for (list_loaded, view, 60));
  return view;
}

/* Desk A's intake dialog, filled in: the owner found by @place */
static GtkWidget *
fill_intake (TwoDesks   *f,
             const char *place,
             const char *description)
{
  GtkWidget *dialog, *owner_results, *row;
  GtkTextBuffer *buffer;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.new-ticket", NULL));
  dialog = find_toplevel (KEFU_TYPE_INTAKE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_search")), place);
  owner_results = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "owner_results");
  for (int i = 0; i < 100 && gtk_list_box_get_row_at_index (GTK_LIST_BOX (owner_results), 0) == NULL; i++)
    wait_ms (100);
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (owner_results), 0));
  g_assert_nonnull (row);
  g_signal_emit_by_name (owner_results, "row-activated", row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "subtype_row")), 1);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "description_view")));
  gtk_text_buffer_set_text (buffer, description, -1);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "level3")), TRUE);
  g_assert_true (gtk_widget_is_sensitive (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "save_button")));
  return dialog;
}

static char *
intake_text (GtkWidget *dialog)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, KEFU_TYPE_INTAKE_DIALOG,
                                                                          "description_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
a_place (KefuStore *owner)
{
  return kefu_test_store_text (owner, "SELECT b.name || u.name FROM owner_units ou JOIN units u ON u.id = ou.unit_id "
                                      "JOIN buildings b ON b.id = u.building_id ORDER BY ou.owner_id LIMIT 1");
}

static gboolean
shows_part (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (shows_part (c, text))
      return TRUE;
  return FALSE;
}

static gboolean
pane_assigned_cb (gpointer data)
{
  gpointer *args = data;
  KefuTicket *t = kefu_ticket_detail_get_ticket (args[0]);

  return t != NULL && g_strcmp0 (kefu_ticket_get_technician_name (t), args[1]) == 0;
}

/* The milliseconds in desk B's answer "WORD ID MS" */
static double
b_ms (const char *reply)
{
  const char *last = strrchr (reply, ' ');

  return last != NULL ? g_ascii_strtod (last + 1, NULL) : -1;
}

static void
test_each_others_changes (TwoDesks      *f,
                          gconstpointer  data)
{
  GtkWidget *view, *detail, *dialog, *entry;
  KefuTicket *ticket;
  g_autofree char *place = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *technician = NULL;
  const char *reason = "业主要求改天上门";
  gint64 before, id, saved_at;
  double seen_ms;

  if (f->owner == NULL)
    return;
  /* two processes, two connections, two people */
  start_desk_b (f);
  view = open_desk_a (f, f->spec, f->agent);
  detail = kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view));
  before = kefu_test_store_scalar (f->owner, "SELECT count(*) FROM tickets");
  reply = b_say (f, 20, "count %" G_GINT64_FORMAT " 20", before);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "count "));

  /* desk A's agent logs a ticket */
  place = a_place (f->owner);
  g_assert_nonnull (place);
  dialog = fill_intake (f, place, "二楼走廊灯不亮，两台测试");
  g_assert_true (gtk_widget_activate_action (dialog, "intake.save", NULL));
  saved_at = g_get_monotonic_time ();
  g_assert_true (wait_for (selected_is_not_loading, view, 60));
  ticket = kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (detail));
  g_assert_cmpstr (kefu_ticket_get_description (ticket), ==, "二楼走廊灯不亮，两台测试");
  id = kefu_ticket_get_id (ticket);

  /* desk B: in its list, its count, then on its dispatcher's board */
  g_clear_pointer (&reply, g_free);
  reply = b_say (f, 10, "listed %" G_GINT64_FORMAT " 10", id);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "listed "));
  seen_ms = (g_get_monotonic_time () - saved_at) / 1000.0;
  g_test_message ("desk A's ticket in desk B's list %.0f ms after A saved it", seen_ms);
  g_clear_pointer (&reply, g_free);
  reply = b_say (f, 10, "count %" G_GINT64_FORMAT " 10", before + 1);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "count "));
  g_test_message ("… in its sidebar count %.0f ms after", (g_get_monotonic_time () - saved_at) / 1000.0);
  g_clear_pointer (&reply, g_free);
  reply = b_say (f, 20, "board %" G_GINT64_FORMAT " 20", id);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "board "));
  g_test_message ("… on its dispatch board after %.0f ms (the board built when first shown)", b_ms (reply));
  g_free (b_say (f, 10, "shot two-desks-b-board"));

  /* desk A's agent begins putting it on hold, a reason typed */
  g_assert_true (gtk_widget_activate_action (detail, "ticket.hold", NULL));
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  entry = find_descendant (dialog, GTK_TYPE_TEXT, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), reason);

  /* meanwhile desk B's dispatcher assigns it on the board */
  g_clear_pointer (&reply, g_free);
  reply = b_say (f, 10, "assign %" G_GINT64_FORMAT, id);
  g_assert_nonnull (reply);
  g_assert_true (g_str_has_prefix (reply, "assigned "));
  technician = g_strdup (strchr (reply + strlen ("assigned "), ' ') + 1);

  /* A's hold is refused, naming who changed what; the reason stays */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  wait_ms (50);
  g_assert_true (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, reason);
  g_assert_true (shows_part (dialog, "调度老陈"));
  g_assert_true (shows_part (dialog, technician));
  save_screenshot (dialog, "two-desks-stale-refused");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT
                                            " AND status = 'on_hold'", id);
    g_assert_cmpint (kefu_test_store_scalar (f->owner, sql), ==, 0);
  }
  /* A's pane behind the dialog shows B's assignment */
  {
    gpointer args[2] = { detail, technician };
    g_assert_true (wait_for (pane_assigned_cb, args, 20));
  }
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  wait_ms (50);
  save_screenshot (GTK_WIDGET (f->gui.window), "two-desks-a");
  g_free (b_say (f, 5, "quit"));
}

static void
lost_setup (TwoDesks      *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean created = FALSE;

  if (g_getenv ("KEFU_TEST_PG") == NULL || *g_getenv ("KEFU_TEST_PG") == '\0')
    {
      kefu_test_pg_skip (data);
      return;
    }
  if ((lines = kefu_test_cluster_start ()) == NULL)
    return;
  kefu_test_dir_setup (&f->gui.dir, data);
  f->cluster = g_strdup (lines[0]);
  f->spec = g_strdup (lines[1]);
  /* a desk's file, moved to the server */
  g_assert_true (kefu_server_init (f->spec, &created, &error));
  g_assert_no_error (error);
  path = kefu_test_path (&f->gui.dir, "sample.db");
  {
    g_autoptr(KefuStore) file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    kefu_test_fill_sample_by_hand (file);
  }
  g_assert_true (kefu_server_migrate (path, f->spec, NULL, NULL, &error));
  g_assert_no_error (error);
  f->owner = kefu_store_open (f->spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->agent = make_person (f->owner, "desk_a", "前台小周", "agent");
}

static void
lost_teardown (TwoDesks      *f,
               gconstpointer  data)
{
  if (f->cluster == NULL)
    return;
  if (f->gui.window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);
  g_clear_object (&f->owner);
  kefu_test_cluster ("stop", f->cluster, NULL);
  g_free (f->cluster);
  g_free (f->spec);
  g_free (f->agent);
  kefu_test_dir_teardown (&f->gui.dir, data);
}

static gboolean
says_offline (gpointer data)
{
  return kefu_window_get_problem (data, "server") != NULL;
}

static gboolean
says_nothing (gpointer data)
{
  return kefu_window_get_problem (data, "server") == NULL;
}

static gint64
count_on_server (const char *spec,
                 const char *description)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) look = kefu_store_open (spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE description = '%s'", description);

  g_assert_no_error (error);
  return kefu_test_store_scalar (look, sql);
}

static void
test_server_lost (TwoDesks      *f,
                  gconstpointer  data)
{
  const char *description = "六号楼水箱溢水，断线测试";
  GtkWidget *view, *dialog, *missing;
  g_autofree char *place = NULL;
  g_autofree char *typed = NULL;
  KefuTicket *ticket;
  gint64 start;

  if (f->cluster == NULL)
    return;
  view = open_desk_a (f, f->spec, f->agent);
  g_assert_null (kefu_window_get_problem (f->gui.window, "server"));
  place = a_place (f->owner);
  dialog = fill_intake (f, place, description);

  /* the server stops: the window says so at once */
  g_assert_cmpint (kefu_test_cluster ("halt", f->cluster, NULL), ==, 0);
  start = g_get_monotonic_time ();
  g_assert_true (wait_for (says_offline, f->gui.window, 20));
  g_test_message ("the window said it lost the server after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (kefu_window_is_offline (f->gui.window));
  g_assert_cmpstr (kefu_window_get_problem (f->gui.window, "server"), ==, _("Not connected to the server — reconnecting…"));
  if (g_str_equal (lang_tag (), "zh_CN"))
    g_assert_nonnull (strstr (kefu_window_get_problem (f->gui.window, "server"), "服务器"));
  save_screenshot (GTK_WIDGET (f->gui.window), "server-lost-banner");

  /* saving now: not saved, the form as typed */
  g_assert_true (gtk_widget_activate_action (dialog, "intake.save", NULL));
  wait_ms (100);
  g_assert_true (find_toplevel (KEFU_TYPE_INTAKE_DIALOG) == dialog);
  typed = intake_text (dialog);
  g_assert_cmpstr (typed, ==, description);
  g_assert_true (gtk_widget_is_sensitive (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "save_button")));
  missing = child (dialog, KEFU_TYPE_INTAKE_DIALOG, "missing_label");
  g_assert_true (gtk_widget_has_css_class (missing, "error"));
  g_test_message ("the intake says: %s", gtk_label_get_text (GTK_LABEL (missing)));
  /* the lost server, named (not a missing fact: the owner's phone could not be read) */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (missing)), f->cluster));
  save_screenshot (dialog, "server-lost-intake");
  g_assert_true (kefu_window_is_offline (f->gui.window));
  /* closed now: kept as typed, hidden */
  gtk_window_close (GTK_WINDOW (dialog));
  wait_ms (50);
  g_assert_null (find_toplevel (KEFU_TYPE_INTAKE_DIALOG));
  g_assert_true (kefu_intake_dialog_is_kept (KEFU_INTAKE_DIALOG (dialog)));

  /* the server is back: the row goes by itself */
  g_assert_cmpint (kefu_test_cluster ("resume", f->cluster, NULL), ==, 0);
  start = g_get_monotonic_time ();
  g_assert_true (wait_for (says_nothing, f->gui.window, 60));
  g_test_message ("the window found the server again %.0f ms after it was back",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_false (kefu_window_is_offline (f->gui.window));
  g_assert_cmpint (count_on_server (f->spec, description), ==, 0);

  /* New Ticket brings it back as it was */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->gui.window), "win.new-ticket", NULL));
  g_assert_true (find_toplevel (KEFU_TYPE_INTAKE_DIALOG) == dialog);
  g_clear_pointer (&typed, g_free);
  typed = intake_text (dialog);
  g_assert_cmpstr (typed, ==, description);

  /* saving again logs it, once */
  g_assert_true (gtk_widget_activate_action (dialog, "intake.save", NULL));
  g_assert_true (wait_for (selected_is_not_loading, view, 60));
  g_assert_null (find_toplevel (KEFU_TYPE_INTAKE_DIALOG));
  ticket = kefu_ticket_detail_get_ticket (KEFU_TICKET_DETAIL (kefu_tickets_view_get_detail (KEFU_TICKETS_VIEW (view))));
  g_assert_cmpstr (kefu_ticket_get_description (ticket), ==, description);
  g_assert_cmpint (count_on_server (f->spec, description), ==, 1);
  save_screenshot (GTK_WIDGET (f->gui.window), "server-back");
}

static gboolean
holds_two (gpointer data)
{
  return ((GPtrArray *) data)->len >= 2;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The drafts kept on this computer (the user's data folder, this test's own) */
static GPtrArray *
drafts (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "kefu", "drafts", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (files, g_build_filename (dir, name, NULL));
  return files;
}

/* The server's host stops answering under a signed-in window with an
 * intake typed (the desk's server is the test cluster, then a blackhole
 * address: libpq tries the second only while the first is away). While
 * the window's reconnect hangs on the blackhole, the window goes on: an
 * idle runs, the row says reconnecting, the intake takes typing and its
 * save is refused at once and keeps the form, all before that reconnect
 * is done. The form closed (kept) and the window quit while the server is
 * still away: the draft is on this computer, without the password. With
 * the server back, a new window signed in as the same person shows the
 * form as typed and says so; saving logs the ticket once and the draft
 * goes. Orderings, not times (waits poll with a limit). */
static void
test_draft_survives_quit (TwoDesks      *f,
                          gconstpointer  data)
{
  const char *description = "七号楼电梯困人，断网草稿测试";
  g_autoptr(GSocketService) blackhole = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *place = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *view, *dialog, *restored;
  GtkTextBuffer *buffer;
  gboolean idle_ran = FALSE;

  if (f->cluster == NULL)
    return;
  blackhole = g_socket_service_new ();
  any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (blackhole), any, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (blackhole, "incoming", G_CALLBACK (kefu_test_blackhole_incoming_cb), held);
  g_socket_service_start (blackhole);
  spec = g_strdup_printf ("host=%s,127.0.0.1 port=%d,%u dbname=kefu_test", f->cluster,
                          (int) kefu_test_store_scalar (f->owner, "SELECT current_setting ('port')::int"),
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  {
    g_autoptr(GPtrArray) before = drafts ();

    g_assert_cmpuint (before->len, ==, 0);
  }

  view = open_desk_a (f, spec, f->agent);
  place = a_place (f->owner);
  dialog = fill_intake (f, place, description);
  g_assert_cmpuint (held->len, ==, 0);

  /* the server stops; the window's reconnect (and its watch's) hang on the blackhole */
  g_assert_cmpint (kefu_test_cluster ("halt", f->cluster, NULL), ==, 0);
  g_assert_true (wait_for (says_offline, f->gui.window, 20));
  g_assert_true (wait_for (holds_two, held, 30));
  g_assert_true (kefu_window_is_reconnecting (f->gui.window));
  /* meanwhile the window goes on */
  g_idle_add (set_flag_cb, &idle_ran);
  g_assert_true (wait_for (flag_set, &idle_ran, 10));
  g_assert_true (kefu_window_is_reconnecting (f->gui.window));
  g_assert_cmpstr (kefu_window_get_problem (f->gui.window, "server"), ==, _("Not connected to the server — reconnecting…"));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (dialog, KEFU_TYPE_INTAKE_DIALOG, "description_view")));
  gtk_text_buffer_set_text (buffer, "七号楼电梯", -1);
  gtk_text_buffer_set_text (buffer, description, -1);
  g_assert_true (gtk_widget_activate_action (dialog, "intake.save", NULL));
  wait_ms (50);
  g_assert_true (find_toplevel (KEFU_TYPE_INTAKE_DIALOG) == dialog);
  typed = intake_text (dialog);
  g_assert_cmpstr (typed, ==, description);
  g_assert_true (kefu_window_is_reconnecting (f->gui.window));
  g_assert_true (kefu_window_is_offline (f->gui.window));
  save_screenshot (GTK_WIDGET (f->gui.window), "reconnecting-on-a-dead-host");

  /* closed (kept) and quit, the server still away: the draft is on disk */
  gtk_window_close (GTK_WINDOW (dialog));
  wait_ms (50);
  g_assert_true (kefu_intake_dialog_is_kept (KEFU_INTAKE_DIALOG (dialog)));
  gtk_window_destroy (GTK_WINDOW (f->gui.window));
  f->gui.window = NULL;
  wait_ms (100);
  kept = drafts ();
  g_assert_cmpuint (kept->len, ==, 1);
  g_assert_true (g_file_get_contents (kept->pdata[0], &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, description));
  g_assert_null (strstr (contents, PASSWORD));

  /* the server back, the blackhole lets go; a new window, the same person */
  g_assert_cmpint (kefu_test_cluster ("resume", f->cluster, NULL), ==, 0);
  g_ptr_array_set_size (held, 0);
  g_socket_service_stop (blackhole);
  view = open_desk_a (f, spec, f->agent);
  restored = find_toplevel (KEFU_TYPE_INTAKE_DIALOG);
  g_assert_nonnull (restored);
  g_assert_true (restored != dialog);
  g_clear_pointer (&typed, g_free);
  typed = intake_text (restored);
  g_assert_cmpstr (typed, ==, description);
  /* (the rest of the form too: the level chosen, the owner and place found) */
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child (restored, KEFU_TYPE_INTAKE_DIALOG, "level3"))));
  g_assert_true (gtk_widget_get_visible (child (restored, KEFU_TYPE_INTAKE_DIALOG, "owner_label")));
  g_assert_nonnull (gtk_drop_down_get_selected_item (GTK_DROP_DOWN (child (restored, KEFU_TYPE_INTAKE_DIALOG,
                                                                              "place_dropdown"))));
  g_assert_true (gtk_widget_is_sensitive (child (restored, KEFU_TYPE_INTAKE_DIALOG, "save_button")));
  g_assert_cmpint (count_on_server (f->spec, description), ==, 0);
  save_screenshot (GTK_WIDGET (f->gui.window), "draft-restored");
  save_screenshot (restored, "draft-restored-intake");

  /* saved once; the draft goes */
  g_assert_true (gtk_widget_activate_action (restored, "intake.save", NULL));
  g_assert_true (wait_for (selected_is_not_loading, view, 60));
  g_assert_null (find_toplevel (KEFU_TYPE_INTAKE_DIALOG));
  g_assert_cmpint (count_on_server (f->spec, description), ==, 1);
  g_clear_pointer (&kept, g_ptr_array_unref);
  kept = drafts ();
  g_assert_cmpuint (kept->len, ==, 0);
  g_socket_listener_close (G_SOCKET_LISTENER (blackhole));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("kefu-two-desks-XXXXXX", NULL);
  int status;

  /* the drafts a desk keeps on this computer: this test's own folder */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!kefu_test_gui_init (&argc, &argv))
    return 77;
  g_test_add ("/gui/two-desks/each-others-changes", TwoDesks, NULL, two_setup, test_each_others_changes, two_teardown);
  g_test_add ("/gui/two-desks/server-lost", TwoDesks, NULL, lost_setup, test_server_lost, lost_teardown);
  g_test_add ("/gui/two-desks/draft-survives-quit", TwoDesks, NULL, lost_setup, test_draft_survives_quit,
              lost_teardown);
  status = g_test_run ();
  kefu_test_rm_rf (data_home);
  return status;
}
