/* SPDX-License-Identifier: GPL-3.0-or-later */
/* two-desks-driver.c — desk B of test-gui-two-desks (#20): a Kefu window
 * in a process of its own, on its own connection to the server, signed in
 * through the server's sign-in page as another person. It says "ready"
 * on standard output once its ticket list is shown, then answers one line
 * for each command read from standard input, looking at its own window:
 *
 *   listed ID SECONDS   "listed ID MS" when ticket ID is in the list
 *   count N SECONDS     "count N MS" when the sidebar's "All" says N
 *   board ID SECONDS    "board ID MS" when the dispatch board (shown from
 *                       then on) has ID in its Unassigned column
 *   assign ID           assigns ID on the board to the first technician:
 *                       "assigned ID NAME", NAME the ticket's technician
 *   shot NAME           a screenshot of the window
 *   quit
 *
 * Waiting is polling the window every few milliseconds with its main loop
 * running, up to SECONDS: "timeout …" (with what it saw) after that. MS
 * is how long the wait took. Usage: two-desks-driver SPEC LOGIN PASSWORD.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kefu-application.h"
#include "kefu-desk.h"
#include "kefu-dispatch-board.h"
#include "kefu-enums.h"
#include "kefu-server-sign-in.h"
#include "kefu-ticket-list.h"
#include "kefu-tickets-view.h"
#include "kefu-window.h"
#include "kefu-test-gui.h"
#include "kefu-query.h"

static KefuWindow *desk;

/* The first technician at work (as B's person may read it) */
static gint64
first_technician (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT min(id) FROM technicians WHERE active <> 0", &error);

  if (q == NULL || kefu_query_step (store, q, &error) != KEFU_QUERY_ROW)
    return 0;
  return kefu_query_get_int (q, 0);
}
static GString *input;

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static KefuTicketList *
list (void)
{
  return kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (kefu_window_get_tickets_view (desk)));
}

static gboolean
at_main_page (gpointer data)
{
  return g_strcmp0 (kefu_window_get_page (desk), "main") == 0;
}

static gboolean
not_busy (gpointer data)
{
  return !kefu_server_sign_in_is_busy (data);
}

static gboolean
loaded (gpointer data)
{
  return !kefu_ticket_list_get_loading (list ());
}

static gboolean
listed (gpointer data)
{
  return !kefu_ticket_list_get_loading (list ()) && kefu_ticket_list_get_position (list (), *(gint64 *) data) != G_MAXUINT;
}

/* The "All" row of the saved views: its count label */
static GtkLabel *
all_count (void)
{
  GtkWidget *views = child (kefu_window_get_tickets_view (desk), KEFU_TYPE_TICKETS_VIEW, "views_list");
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (views), KEFU_VIEW_ALL));

  return GTK_LABEL (gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row))));
}

static gboolean
counts (gpointer data)
{
  return g_strcmp0 (gtk_label_get_text (all_count ()), data) == 0;
}

static KefuDispatchBoard *
board (void)
{
  return KEFU_DISPATCH_BOARD (find_descendant (GTK_WIDGET (desk), KEFU_TYPE_DISPATCH_BOARD, NULL));
}

static gboolean
on_board (gpointer data)
{
  KefuDispatchBoard *b = board ();
  g_autoptr(GArray) lane = NULL;

  if (b == NULL || kefu_dispatch_board_is_loading (b))
    return FALSE;
  lane = kefu_dispatch_board_get_lane (b, 0);
  for (guint i = 0; lane != NULL && i < lane->len; i++)
    if (g_array_index (lane, gint64, i) == *(gint64 *) data)
      return TRUE;
  return FALSE;
}

static double
since_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
run (char **words)
{
  guint n = g_strv_length (words);
  gint64 start = g_get_monotonic_time ();

  if (n == 3 && g_str_equal (words[0], "listed"))
    {
      gint64 id = g_ascii_strtoll (words[1], NULL, 10);

      if (wait_for (listed, &id, atoi (words[2])))
        say ("listed %s %.0f", words[1], since_ms (start));
      else
        say ("timeout listed %s", words[1]);
    }
  else if (n == 3 && g_str_equal (words[0], "count"))
    {
      if (wait_for (counts, words[1], atoi (words[2])))
        say ("count %s %.0f", words[1], since_ms (start));
      else
        say ("timeout count %s", gtk_label_get_text (all_count ()));
    }
  else if (n == 3 && g_str_equal (words[0], "board"))
    {
      gint64 id = g_ascii_strtoll (words[1], NULL, 10);

      kefu_window_set_view (desk, "dispatch");
      if (wait_for (on_board, &id, atoi (words[2])))
        say ("board %s %.0f", words[1], since_ms (start));
      else
        say ("timeout board %s", words[1]);
    }
  else if (n == 2 && g_str_equal (words[0], "assign"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KefuTicket) t = NULL;
      KefuStore *store = kefu_window_get_store (desk);
      gint64 id = g_ascii_strtoll (words[1], NULL, 10);
      gint64 technician = first_technician (store);

      kefu_dispatch_board_assign (board (), id, technician, 0);
      t = kefu_desk_get_ticket (store, id, &error);
      if (t == NULL || kefu_ticket_get_technician_name (t) == NULL)
        say ("error %s", error != NULL ? error->message : "not assigned");
      else
        say ("assigned %s %s", words[1], kefu_ticket_get_technician_name (t));
    }
  else if (n == 2 && g_str_equal (words[0], "shot"))
    {
      save_screenshot (GTK_WIDGET (desk), words[1]);
      say ("shot %s", words[1]);
    }
  else if (n == 1 && g_str_equal (words[0], "quit"))
    {
      gtk_window_destroy (GTK_WINDOW (desk));
      exit (0);
    }
  else
    say ("error unknown command");
}

/* Standard input: each whole line is a command */
static gboolean
input_cb (int          fd,
          GIOCondition condition,
          gpointer     data)
{
  char buf[512];
  ssize_t got = read (fd, buf, sizeof buf);
  char *nl;

  if (got <= 0)
    exit (0);   /* the test went */
  g_string_append_len (input, buf, got);
  while ((nl = strchr (input->str, '\n')) != NULL)
    {
      g_autofree char *line = g_strndup (input->str, nl - input->str);
      g_auto(GStrv) words = g_strsplit (g_strstrip (line), " ", -1);

      g_string_erase (input, 0, nl - input->str + 1);
      run (words);
    }
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  KefuServerSignIn *page;

  if (argc != 4)
    {
      g_printerr ("usage: %s SPEC LOGIN PASSWORD\n", argv[0]);
      return 2;
    }
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  setlocale (LC_ALL, "");
  kefu_i18n_init ();
  textdomain (GETTEXT_PACKAGE);
  if (!gtk_init_check ())
    return 77;
  adw_init ();
  kefu_load_style ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  desk = kefu_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (desk), 1200, 800);
  kefu_window_open_database (desk, argv[1]);
  gtk_window_present (GTK_WINDOW (desk));
  page = kefu_window_get_server_sign_in (desk);
  kefu_server_sign_in_submit (page, argv[2], argv[3]);
  if (!wait_for (not_busy, page, 60) || !wait_for (at_main_page, NULL, 30))
    {
      say ("error sign-in: %s", kefu_server_sign_in_get_message (page) ? kefu_server_sign_in_get_message (page) : "?");
      return 1;
    }
  kefu_window_set_view (desk, "tickets");
  if (!wait_for (loaded, NULL, 60))
    {
      say ("error the list did not load");
      return 1;
    }
  input = g_string_new (NULL);
  g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, input_cb, NULL);
  say ("ready %s", kefu_store_get_person (kefu_window_get_store (desk)));
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
