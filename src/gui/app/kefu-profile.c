/* kefu-profile.c — KEFU_PROFILE=1 and kefu --profile-scroll: the GUI's own numbers
 *
 * Frames are timed by the window's frame clock: a frame's work runs from
 * its before-paint to its after-paint signal; the interval is from one
 * before-paint to the next.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kefu-desk.h"
#include "kefu-profile.h"
#include "kefu-tickets-view.h"

/* Microseconds since this process started (from /proc; 10 ms resolution). */
static gint64
since_process_start (void)
{
  g_autofree char *stat = NULL;
  struct timespec now;
  unsigned long long start_ticks = 0;
  const char *p;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) || (p = strrchr (stat, ')')) == NULL)
    return -1;
  /* field 22, starttime, counted after the command name's closing parenthesis */
  if (sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
              &start_ticks) != 1)
    return -1;
  clock_gettime (CLOCK_BOOTTIME, &now);
  return (gint64) now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000
         - (gint64) (start_ticks * G_USEC_PER_SEC / sysconf (_SC_CLK_TCK));
}

/* Milliseconds of CPU this process has used (all threads). */
static double
cpu_ms (void)
{
  struct timespec cpu;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);
  return cpu.tv_sec * 1e3 + cpu.tv_nsec / 1e6;
}

/* With KEFU_PROFILE=1, prints how long after the process started @what
 * happened: the steps before the first frame. */
void
kefu_profile_mark (const char *what)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_strcmp0 (g_getenv ("KEFU_PROFILE"), "1") == 0 || g_strcmp0 (g_getenv ("KEFU_PROFILE"), "quit") == 0;
  if (!enabled)
    return;
  printf ("kefu: %s %.0f ms after the process started (CPU %.0f ms)\n", what,
          since_process_start () / 1000.0, cpu_ms ());
  fflush (stdout);
}

static void
first_after_paint_cb (GdkFrameClock *clock,
                      gpointer       data)
{
  gint64 us = since_process_start ();

  g_signal_handlers_disconnect_by_func (clock, first_after_paint_cb, data);
  printf ("kefu: first frame %.0f ms after the process started (CPU %.0f ms)\n", us / 1000.0, cpu_ms ());
  fflush (stdout);
  /* KEFU_PROFILE=quit: measure start-up repeatedly from a script */
  if (g_strcmp0 (g_getenv ("KEFU_PROFILE"), "quit") == 0)
    g_application_quit (g_application_get_default ());
}

static void
window_mapped_cb (GtkWidget *widget,
                  gpointer   data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (first_after_paint_cb), NULL);
}

void
kefu_profile_first_frame (KefuWindow *window)
{
  if (g_strcmp0 (g_getenv ("KEFU_PROFILE"), "1") != 0 && g_strcmp0 (g_getenv ("KEFU_PROFILE"), "quit") != 0)
    return;
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
}

/* Scrolling ------------------------------------------------------------------ */

typedef struct {
  KefuWindow    *window;
  GApplication  *app;
  GtkAdjustment *adjustment;
  GdkFrameClock *clock;
  GArray        *work;        /* double ms */
  GArray        *intervals;
  gint64         before;
  gint64         last_before;
  guint          tick;
  gboolean       done;
  guint          waiting;
} Scroll;

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  guint rank;

  if (values->len == 0)
    return 0;
  rank = (guint) ceil (p * values->len);
  return g_array_index (values, double, MAX (rank, 1) - 1);
}

static void
report_and_quit (Scroll *s)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (s->window));
  guint within = 0;

  g_array_sort (s->work, compare_double);
  g_array_sort (s->intervals, compare_double);
  for (guint i = 0; i < s->work->len; i++)
    within += g_array_index (s->work, double, i) <= 16.7;
  printf ("kefu: scrolled %.0f rows in %u frames with %s\n",
          gtk_adjustment_get_upper (s->adjustment) > 0 ? (double) g_list_model_get_n_items (
            G_LIST_MODEL (kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (kefu_window_get_tickets_view (s->window))))) : 0.0,
          s->work->len, renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "no renderer");
  printf ("kefu: frame work   p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms  (%.0f%% within 16.7 ms)\n",
          percentile (s->work, 0.5), percentile (s->work, 0.95), percentile (s->work, 0.99),
          percentile (s->work, 1.0), s->work->len ? 100.0 * within / s->work->len : 0);
  printf ("kefu: frame interval p50 %.1f ms  p95 %.1f ms  p99 %.1f ms\n",
          percentile (s->intervals, 0.5), percentile (s->intervals, 0.95), percentile (s->intervals, 0.99));
  fflush (stdout);
  g_application_quit (s->app);
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Scroll        *s)
{
  s->before = g_get_monotonic_time ();
  if (s->last_before > 0)
    {
      double ms = (s->before - s->last_before) / 1000.0;
      g_array_append_val (s->intervals, ms);
    }
  s->last_before = s->before;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Scroll        *s)
{
  double ms = (g_get_monotonic_time () - s->before) / 1000.0;

  g_array_append_val (s->work, ms);
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  Scroll *s = data;
  double value = gtk_adjustment_get_value (s->adjustment);
  double page = gtk_adjustment_get_page_size (s->adjustment);
  double bottom = gtk_adjustment_get_upper (s->adjustment) - page;

  if (bottom <= page)
    return G_SOURCE_CONTINUE;   /* not laid out yet */
  if (s->done)
    {
      g_signal_handlers_disconnect_by_data (s->clock, s);
      report_and_quit (s);
      return G_SOURCE_REMOVE;
    }
  /* a step of more than a page, so every visible row is bound anew, and
   * at most about 2,000 frames from top to bottom */
  value = MIN (value + MAX (page * 1.5 + 1, bottom / 2000), bottom);
  gtk_adjustment_set_value (s->adjustment, value);
  if (value >= bottom)
    s->done = TRUE;
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_for_list_cb (gpointer data)
{
  Scroll *s = data;
  GtkWidget *view = kefu_window_get_tickets_view (s->window);
  KefuTicketList *list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));
  GtkWidget *column_view;

  if (list == NULL || kefu_ticket_list_get_loading (list) || g_list_model_get_n_items (G_LIST_MODEL (list)) == 0)
    return G_SOURCE_CONTINUE;
  column_view = find_type (view, GTK_TYPE_COLUMN_VIEW);
  s->adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
  s->clock = gtk_widget_get_frame_clock (column_view);
  g_signal_connect (s->clock, "before-paint", G_CALLBACK (before_paint_cb), s);
  g_signal_connect (s->clock, "after-paint", G_CALLBACK (after_paint_cb), s);
  gtk_widget_grab_focus (column_view);
  gtk_widget_add_tick_callback (column_view, scroll_tick_cb, s, NULL);
  s->waiting = 0;
  return G_SOURCE_REMOVE;
}

void
kefu_profile_scroll (KefuWindow   *window,
                     GApplication *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) users = NULL;
  g_autoptr(KefuUser) user = NULL;
  Scroll *s;

  if (kefu_window_get_store (window) == NULL ||
      (users = kefu_desk_list_users (kefu_window_get_store (window), &error)) == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (users)) == 0)
    {
      g_printerr ("kefu: --profile-scroll needs a database with users and tickets\n");
      g_application_quit (app);
      return;
    }
  user = g_list_model_get_item (G_LIST_MODEL (users), 0);
  kefu_window_sign_in (window, user);
  kefu_window_set_view (window, "tickets");
  s = g_new0 (Scroll, 1);   /* lives until the program quits */
  s->window = window;
  s->app = app;
  s->work = g_array_new (FALSE, FALSE, sizeof (double));
  s->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_application_hold (app);
  s->waiting = g_timeout_add (50, wait_for_list_cb, s);
}
