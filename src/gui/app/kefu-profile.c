/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-profile.c — KEFU_PROFILE=1 and kefu --profile-scroll: the GUI's own numbers
 *
 * Frames are timed by the window's frame clock: a frame's work runs from
 * its before-paint to its after-paint signal; the interval is from one
 * before-paint to the next.
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kefu-auth.h"
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

static gboolean list_shown (KefuWindow *window);

/* --profile-signed-in: the PIN check's time, which a person's first frame
 * of the list does not wait for (it is drawn after they typed the PIN),
 * and which is deliberately slow (the PIN's hash) */
static gint64 pin_check_us;
static double pin_check_cpu_ms;

/* @data: the window; not Kefu's for the floor
 * (--profile-first-frame-floor), which always quits after its first frame */
static void
first_after_paint_cb (GdkFrameClock *clock,
                      gpointer       data)
{
  gboolean floor = !KEFU_IS_WINDOW (data);
  gboolean signed_in = !floor && kefu_window_get_user (data) != NULL;
  gint64 us;

  /* signed in (--profile-signed-in): the first frame with the list's
   * first page on it */
  if (signed_in && !list_shown (data))
    return;
  us = since_process_start () - (signed_in ? pin_check_us : 0);
  g_signal_handlers_disconnect_by_func (clock, first_after_paint_cb, data);
  printf ("kefu: first frame %.0f ms after the process started (CPU %.0f ms)%s\n", us / 1000.0,
          cpu_ms () - (signed_in ? pin_check_cpu_ms : 0),
          floor ? " (a bare libadwaita window)" : signed_in ? " (the ticket list, signed in)" : "");
  fflush (stdout);
  /* KEFU_PROFILE=quit: measure start-up repeatedly from a script */
  if (floor || g_strcmp0 (g_getenv ("KEFU_PROFILE"), "quit") == 0)
    g_application_quit (g_application_get_default ());
}

static void
window_mapped_cb (GtkWidget *widget,
                  gpointer   data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (first_after_paint_cb), widget);
}

void
kefu_profile_first_frame (KefuWindow *window)
{
  if (g_strcmp0 (g_getenv ("KEFU_PROFILE"), "1") != 0 && g_strcmp0 (g_getenv ("KEFU_PROFILE"), "quit") != 0)
    return;
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
}

void
kefu_profile_first_frame_floor (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), APP_ID);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("A bare window, to compare Kefu’s first frame with"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

/* Scrolling ------------------------------------------------------------------
 *
 * Two scrolls, each timed frame by frame: a jump scroll from top to bottom
 * in steps of more than a page (every visible row is bound anew each
 * frame), then, back at the top, a wheel scroll of a few rows a frame
 * (what a person does: most rows stay, a few are bound). */

typedef enum { PHASE_WAIT, PHASE_JUMP, PHASE_SETTLE, PHASE_WHEEL } Phase;

#define WHEEL_ROWS 3
#define SETTLE_FRAMES 5

typedef struct {
  GtkWindow     *window;
  GApplication  *app;
  GtkAdjustment *adjustment;
  GListModel    *list;
  const char    *what;
  double         frames;       /* about how many jump frames from top to bottom */
  guint          wheel_frames;
  GdkFrameClock *clock;
  Phase          phase;
  Phase          frame_phase;  /* what this frame does */
  guint          settled;
  guint          wheeled;
  GArray        *work[PHASE_WHEEL + 1];       /* double ms, per phase */
  GArray        *intervals[PHASE_WHEEL + 1];
  GArray        *cpu[PHASE_WHEEL + 1];         /* the main thread's CPU ms */
  double         before_cpu;
  gint64         before;
  gint64         last_before;
  Phase          last_phase;
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

/* Milliseconds of CPU the calling thread has used. */
static double
thread_cpu_ms (void)
{
  struct timespec cpu;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu);
  return cpu.tv_sec * 1e3 + cpu.tv_nsec / 1e6;
}

static void
report_phase (Scroll     *s,
              Phase       phase,
              const char *what)
{
  GArray *work = s->work[phase], *intervals = s->intervals[phase], *cpu = s->cpu[phase];
  guint within = 0;

  g_array_sort (work, compare_double);
  g_array_sort (intervals, compare_double);
  g_array_sort (cpu, compare_double);
  for (guint i = 0; i < work->len; i++)
    within += g_array_index (work, double, i) <= 16.7;
  printf ("kefu: %s: %u frames, frame work p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms, "
          "%.0f%% within 16.7 ms; interval p50 %.1f ms  p95 %.1f ms\n",
          what, work->len, percentile (work, 0.5), percentile (work, 0.95), percentile (work, 0.99),
          percentile (work, 1.0), work->len ? 100.0 * within / work->len : 0,
          percentile (intervals, 0.5), percentile (intervals, 0.95));
  /* on a loaded machine the wall time above waits for the CPU too */
  printf ("kefu: %s: the main thread's CPU a frame p50 %.1f ms  p95 %.1f ms\n",
          what, percentile (cpu, 0.5), percentile (cpu, 0.95));
}

static void
report_and_quit (Scroll *s)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (s->window));

  printf ("kefu: %s: %u rows with %s\n", s->what, g_list_model_get_n_items (s->list),
          renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "no renderer");
  report_phase (s, PHASE_JUMP, "jump scroll (steps of more than a page)");
  report_phase (s, PHASE_WHEEL, "wheel scroll (" G_STRINGIFY (WHEEL_ROWS) " rows a frame)");
  fflush (stdout);
  g_application_quit (s->app);
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Scroll        *s)
{
  s->before = g_get_monotonic_time ();
  s->before_cpu = thread_cpu_ms ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Scroll        *s)
{
  Phase phase = s->frame_phase;
  double ms = (g_get_monotonic_time () - s->before) / 1000.0;

  s->frame_phase = PHASE_WAIT;
  if (phase != PHASE_JUMP && phase != PHASE_WHEEL)
    return;
  g_array_append_val (s->work[phase], ms);
  ms = thread_cpu_ms () - s->before_cpu;
  g_array_append_val (s->cpu[phase], ms);
  if (s->last_phase == phase)
    {
      ms = (s->before - s->last_before) / 1000.0;
      g_array_append_val (s->intervals[phase], ms);
    }
  s->last_before = s->before;
  s->last_phase = phase;
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  Scroll *s = data;
  double value = gtk_adjustment_get_value (s->adjustment);
  double page = gtk_adjustment_get_page_size (s->adjustment);
  double upper = gtk_adjustment_get_upper (s->adjustment);
  double bottom = upper - page;
  guint n = g_list_model_get_n_items (s->list);

  /* not laid out yet, or not yet for the whole list (its first page is
   * shown first): every row is at least a pixel high */
  if (bottom <= page || upper < n)
    return G_SOURCE_CONTINUE;
  switch (s->phase)
    {
    case PHASE_WAIT:
      s->phase = PHASE_JUMP;
      G_GNUC_FALLTHROUGH;
    case PHASE_JUMP:
      if (value >= bottom)
        {
          /* back to the top, and a few frames to settle there */
          s->phase = s->frame_phase = PHASE_SETTLE;
          gtk_adjustment_set_value (s->adjustment, 0);
          return G_SOURCE_CONTINUE;
        }
      /* a step of more than a page, so every visible row is bound anew,
       * and at most about s->frames frames from top to bottom */
      gtk_adjustment_set_value (s->adjustment, MIN (value + MAX (page * 1.5 + 1, bottom / s->frames), bottom));
      s->frame_phase = PHASE_JUMP;
      return G_SOURCE_CONTINUE;
    case PHASE_SETTLE:
      s->frame_phase = PHASE_SETTLE;
      if (++s->settled >= SETTLE_FRAMES)
        s->phase = PHASE_WHEEL;
      return G_SOURCE_CONTINUE;
    case PHASE_WHEEL:
    default:
      if (s->wheeled >= s->wheel_frames || value >= bottom)
        {
          g_signal_handlers_disconnect_by_data (s->clock, s);
          report_and_quit (s);
          return G_SOURCE_REMOVE;
        }
      /* a few rows' height (the rows are all as high) */
      gtk_adjustment_set_value (s->adjustment, MIN (value + WHEEL_ROWS * upper / n, bottom));
      s->wheeled++;
      s->frame_phase = PHASE_WHEEL;
      return G_SOURCE_CONTINUE;
    }
}

/* Starts scrolling @column_view once its list is complete. */
static void
start_scrolling (Scroll     *s,
                 GtkWidget  *column_view,
                 GListModel *list)
{
  s->adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
  s->list = list;
  s->clock = gtk_widget_get_frame_clock (column_view);
  g_signal_connect (s->clock, "before-paint", G_CALLBACK (before_paint_cb), s);
  g_signal_connect (s->clock, "after-paint", G_CALLBACK (after_paint_cb), s);
  gtk_widget_grab_focus (column_view);
  gtk_widget_add_tick_callback (column_view, scroll_tick_cb, s, NULL);
}

static Scroll *
scroll_new (GtkWindow    *window,
            GApplication *app,
            const char   *what)
{
  Scroll *s = g_new0 (Scroll, 1);   /* lives until the program quits */
  const char *frames = g_getenv ("KEFU_PROFILE_FRAMES");
  const char *wheel = g_getenv ("KEFU_PROFILE_WHEEL_FRAMES");

  s->window = window;
  s->app = app;
  s->what = what;
  /* KEFU_PROFILE_FRAMES, KEFU_PROFILE_WHEEL_FRAMES: fewer frames for a
   * quicker, rougher run */
  s->frames = frames != NULL ? CLAMP (g_ascii_strtod (frames, NULL), 10, 100000) : 2000;
  s->wheel_frames = wheel != NULL ? CLAMP (g_ascii_strtoull (wheel, NULL, 10), 10, 100000) : 600;
  for (guint i = 0; i < G_N_ELEMENTS (s->work); i++)
    {
      s->work[i] = g_array_new (FALSE, FALSE, sizeof (double));
      s->intervals[i] = g_array_new (FALSE, FALSE, sizeof (double));
      s->cpu[i] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  g_application_hold (app);
  return s;
}

/* Signs in as the sample's first user with its published PIN, on the
 * tickets view. FALSE (said why) elsewhere. */
static gboolean
sign_in_sample (KefuWindow *window,
                const char *option)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) users = NULL;
  g_autoptr(KefuUser) first = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autofree char *pin = NULL;
  KefuStore *store = kefu_window_get_store (window);

  /* it signs in by itself: only where the PIN is public, the sample */
  if (store == NULL || (pin = kefu_store_get_setting (store, "sample_pin")) == NULL ||
      (users = kefu_desk_list_users (store, &error)) == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (users)) == 0)
    {
      g_printerr ("kefu: %s needs the sample database (kefu-cli init --demo): it signs in with its PIN\n", option);
      return FALSE;
    }
  first = g_list_model_get_item (G_LIST_MODEL (users), 0);
  pin_check_us = g_get_monotonic_time ();
  pin_check_cpu_ms = cpu_ms ();
  user = kefu_auth_sign_in (store, kefu_user_get_id (first), pin, &error);
  pin_check_us = g_get_monotonic_time () - pin_check_us;
  pin_check_cpu_ms = cpu_ms () - pin_check_cpu_ms;
  if (user == NULL)
    {
      g_printerr ("kefu: %s: %s\n", option, error->message);
      return FALSE;
    }
  kefu_window_set_view (window, "tickets");
  kefu_window_sign_in (window, user);
  kefu_window_set_view (window, "tickets");
  return TRUE;
}

gboolean
kefu_profile_sign_in (KefuWindow *window)
{
  if (!sign_in_sample (window, "--profile-signed-in"))
    return FALSE;
  printf ("kefu: the PIN check took %.0f ms (CPU %.0f ms): not counted in the first frame below\n",
          pin_check_us / 1000.0, pin_check_cpu_ms);
  return TRUE;
}

/* The list has its first page (or knows it is empty). */
static gboolean
list_shown (KefuWindow *window)
{
  KefuTicketList *list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (kefu_window_get_tickets_view (window)));

  return list != NULL && (!kefu_ticket_list_get_loading (list) || g_list_model_get_n_items (G_LIST_MODEL (list)) > 0);
}

/* The whole list is there, rows and all. */
static KefuTicketList *
list_complete (KefuWindow *window)
{
  KefuTicketList *list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (kefu_window_get_tickets_view (window)));

  if (list == NULL || kefu_ticket_list_get_loading (list) || g_list_model_get_n_items (G_LIST_MODEL (list)) == 0)
    return NULL;
  return list;
}

static gboolean
wait_for_list_cb (gpointer data)
{
  Scroll *s = data;
  GtkWidget *view = kefu_window_get_tickets_view (KEFU_WINDOW (s->window));
  KefuTicketList *list = list_complete (KEFU_WINDOW (s->window));

  if (list == NULL)
    return G_SOURCE_CONTINUE;
  start_scrolling (s, find_type (view, GTK_TYPE_COLUMN_VIEW), G_LIST_MODEL (list));
  return G_SOURCE_REMOVE;
}

void
kefu_profile_scroll (KefuWindow   *window,
                     GApplication *app)
{
  Scroll *s;

  if (!sign_in_sample (window, "--profile-scroll"))
    {
      g_application_quit (app);
      return;
    }
  s = scroll_new (GTK_WINDOW (window), app, "the ticket list");
  g_timeout_add (50, wait_for_list_cb, s);
}

/* The floor: a bare GtkColumnView ----------------------------------------- */

typedef struct {
  KefuWindow   *window;
  GApplication *app;
  Scroll       *scroll;
  GtkWidget    *view;
} Floor;

static gboolean
floor_wait_cb (gpointer data)
{
  Floor *f = data;

  start_scrolling (f->scroll, f->view, f->scroll->list);
  g_free (f);
  return G_SOURCE_REMOVE;
}

/* Once the list is complete: its rows' text is read into memory, and
 * the list's scrolled window gives way, in the same place of the same
 * window, to one with nothing but a column view of the same columns,
 * which scrolls over that text. */
static gboolean
floor_read_cb (gpointer data)
{
  Floor *f = data;
  GtkWidget *tickets = kefu_window_get_tickets_view (f->window);
  GtkWidget *list_view = find_type (tickets, GTK_TYPE_COLUMN_VIEW);
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (tickets, KEFU_TYPE_TICKETS_VIEW, "list_stack"));
  GtkWidget *scrolled;
  g_autoptr(GListModel) rows = NULL;
  KefuTicketList *list = list_complete (f->window);

  /* the whole list, laid out (as the list's own scroll waits for) */
  if (list == NULL || gtk_widget_get_height (list_view) <= 0 ||
      gtk_adjustment_get_upper (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view))) <
      g_list_model_get_n_items (G_LIST_MODEL (list)))
    return G_SOURCE_CONTINUE;
  rows = kefu_tickets_view_read_rows (KEFU_TICKETS_VIEW (tickets));
  f->view = kefu_tickets_view_new_floor (KEFU_TICKETS_VIEW (tickets), rows);
  printf ("kefu: the floor: %u rows of the ticket list read into memory, shown in %u columns at %d×%d\n",
          g_list_model_get_n_items (rows), g_list_model_get_n_items (gtk_column_view_get_columns (GTK_COLUMN_VIEW (f->view))),
          gtk_widget_get_width (list_view), gtk_widget_get_height (list_view));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), f->view);
  /* (a homogeneous stack would measure the hidden list with it) */
  gtk_stack_set_hhomogeneous (stack, FALSE);
  gtk_stack_set_vhomogeneous (stack, FALSE);
  gtk_stack_add_named (stack, scrolled, "profile-floor");
  gtk_stack_set_visible_child (stack, scrolled);
  f->scroll = scroll_new (GTK_WINDOW (f->window), f->app, "the floor (the list's columns and text, in memory)");
  f->scroll->list = rows;   /* (the view holds it) */
  g_application_release (f->app);   /* (held by the scroll now) */
  g_timeout_add (200, floor_wait_cb, f);
  return G_SOURCE_REMOVE;
}

void
kefu_profile_scroll_floor (KefuWindow   *window,
                           GApplication *app)
{
  Floor *f;

  if (!sign_in_sample (window, "--profile-scroll-floor"))
    {
      g_application_quit (app);
      return;
    }
  f = g_new0 (Floor, 1);
  f->window = window;
  f->app = app;
  g_application_hold (app);
  g_timeout_add (50, floor_read_cb, f);
}
