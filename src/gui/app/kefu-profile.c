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

/* @data: non-NULL for the floor (--profile-first-frame-floor), which
 * always quits after its first frame */
static void
first_after_paint_cb (GdkFrameClock *clock,
                      gpointer       data)
{
  gint64 us = since_process_start ();

  g_signal_handlers_disconnect_by_func (clock, first_after_paint_cb, data);
  printf ("kefu: first frame %.0f ms after the process started (CPU %.0f ms)%s\n", us / 1000.0, cpu_ms (),
          data != NULL ? " (a bare libadwaita window)" : "");
  fflush (stdout);
  /* KEFU_PROFILE=quit: measure start-up repeatedly from a script */
  if (data != NULL || g_strcmp0 (g_getenv ("KEFU_PROFILE"), "quit") == 0)
    g_application_quit (g_application_get_default ());
}

static void
window_mapped_cb (GtkWidget *widget,
                  gpointer   data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock != NULL)
    g_signal_connect (clock, "after-paint", G_CALLBACK (first_after_paint_cb), data);
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
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), GINT_TO_POINTER (1));
  gtk_window_present (GTK_WINDOW (window));
}

/* Scrolling ------------------------------------------------------------------ */

typedef struct {
  GtkWindow     *window;
  GApplication  *app;
  GtkAdjustment *adjustment;
  GListModel    *list;
  const char    *what;
  double         frames;     /* about how many frames from top to bottom */
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
  printf ("kefu: %s: scrolled %u rows in %u frames with %s\n", s->what,
          g_list_model_get_n_items (s->list), s->work->len, renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "no renderer");
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

  /* not laid out yet, or not yet for the whole list (its first page is
   * shown first): every row is at least a pixel high */
  if (bottom <= page || gtk_adjustment_get_upper (s->adjustment) < g_list_model_get_n_items (s->list))
    return G_SOURCE_CONTINUE;
  if (s->done)
    {
      g_signal_handlers_disconnect_by_data (s->clock, s);
      report_and_quit (s);
      return G_SOURCE_REMOVE;
    }
  /* a step of more than a page, so every visible row is bound anew, and
   * at most about 2,000 frames from top to bottom */
  value = MIN (value + MAX (page * 1.5 + 1, bottom / s->frames), bottom);
  gtk_adjustment_set_value (s->adjustment, value);
  if (value >= bottom)
    s->done = TRUE;
  return G_SOURCE_CONTINUE;
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

  s->window = window;
  s->app = app;
  s->what = what;
  /* KEFU_PROFILE_FRAMES: fewer frames for a quicker, rougher run */
  s->frames = g_getenv ("KEFU_PROFILE_FRAMES") != NULL ? CLAMP (g_ascii_strtod (g_getenv ("KEFU_PROFILE_FRAMES"), NULL), 10, 100000) : 2000;
  s->work = g_array_new (FALSE, FALSE, sizeof (double));
  s->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_application_hold (app);
  return s;
}

static gboolean
wait_for_list_cb (gpointer data)
{
  Scroll *s = data;
  GtkWidget *view = kefu_window_get_tickets_view (KEFU_WINDOW (s->window));
  KefuTicketList *list = kefu_tickets_view_get_list (KEFU_TICKETS_VIEW (view));

  if (list == NULL || kefu_ticket_list_get_loading (list) || g_list_model_get_n_items (G_LIST_MODEL (list)) == 0)
    return G_SOURCE_CONTINUE;
  start_scrolling (s, find_type (view, GTK_TYPE_COLUMN_VIEW), G_LIST_MODEL (list));
  s->waiting = 0;
  return G_SOURCE_REMOVE;
}

void
kefu_profile_scroll (KefuWindow   *window,
                     GApplication *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) users = NULL;
  g_autoptr(KefuUser) first = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autofree char *pin = NULL;
  KefuStore *store = kefu_window_get_store (window);
  Scroll *s;

  /* it signs in by itself: only where the PIN is public, the sample */
  if (store == NULL || (pin = kefu_store_get_setting (store, "sample_pin")) == NULL ||
      (users = kefu_desk_list_users (store, &error)) == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (users)) == 0)
    {
      g_printerr ("kefu: --profile-scroll needs the sample database (kefu-cli init --demo): it signs in with its PIN\n");
      g_application_quit (app);
      return;
    }
  first = g_list_model_get_item (G_LIST_MODEL (users), 0);
  user = kefu_auth_sign_in (store, kefu_user_get_id (first), pin, &error);
  if (user == NULL)
    {
      g_printerr ("kefu: --profile-scroll: %s\n", error->message);
      g_application_quit (app);
      return;
    }
  kefu_window_sign_in (window, user);
  kefu_window_set_view (window, "tickets");
  s = scroll_new (GTK_WINDOW (window), app, "the ticket list");
  s->waiting = g_timeout_add (50, wait_for_list_cb, s);
}

/* The floor: a bare GtkColumnView ----------------------------------------- */

/* Nine label columns like the ticket list's, over a million rows held in
 * memory, with text of the same kinds and variety (Chinese names and
 * places, digits; as many different strings as the real rows, so the text
 * shaping caches help the floor no more than the list): what GTK itself
 * costs to rebind and draw a page of such rows, without Kefu's model,
 * badges or styles. */
static const char *const floor_kinds[] = { "报修", "投诉", "咨询", "求助", "建议", "表扬" };
static const char *const floor_statuses[] = { "新建", "已派单", "已接单", "已到场", "挂起", "已解决", "待回访", "已关闭", "重开" };
static const char *const floor_surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗" };
static const char *const floor_given[] = { "丽", "建国", "明", "芳", "敏", "静", "伟", "强", "磊", "洋", "婷", "杰", "娟", "涛", "秀英", "海燕", "志强", "晓明", "桂英", "玉兰" };
static const char *const floor_places[] = { "电梯", "大堂", "楼道", "地下车库", "东门岗亭", "会所", "泳池", "中心花园" };

#define N_FLOOR_COLUMNS 9

static void
floor_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_list_item_set_child (item, label);
}

static void
floor_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  guint col = GPOINTER_TO_UINT (data);
  guint row = gtk_list_item_get_position (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  guint h = row * 2654435761u;   /* a different mix per row */
  char text[64];

  switch (col)
    {
    case 0: g_snprintf (text, sizeof text, "GD2026%08u", row); break;
    case 1: g_snprintf (text, sizeof text, "%02u-%02u %02u:%02u", 1 + h % 12, 1 + (h >> 4) % 28, (h >> 9) % 24, (h >> 14) % 60); break;
    case 2: g_strlcpy (text, floor_kinds[h % G_N_ELEMENTS (floor_kinds)], sizeof text); break;
    case 3: g_snprintf (text, sizeof text, "%u级", 1 + (h >> 3) % 3); break;
    case 4:
      if (h % 3 == 0)
        g_snprintf (text, sizeof text, "%u栋 %s", 1 + (h >> 5) % 30, floor_places[(h >> 11) % G_N_ELEMENTS (floor_places)]);
      else
        g_snprintf (text, sizeof text, "%u栋%u", 1 + (h >> 5) % 30, 100 * (1 + (h >> 11) % 32) + 1 + (h >> 17) % 6);
      break;
    case 5: g_snprintf (text, sizeof text, "%s%s", floor_surnames[(h >> 7) % G_N_ELEMENTS (floor_surnames)],
                        floor_given[(h >> 13) % G_N_ELEMENTS (floor_given)]); break;
    case 6: g_strlcpy (text, floor_statuses[(h >> 2) % G_N_ELEMENTS (floor_statuses)], sizeof text); break;
    case 7: g_snprintf (text, sizeof text, (h & 1) ? "超时 %u 天" : "剩 %u 分钟", 1 + (h >> 8) % 60); break;
    default: g_snprintf (text, sizeof text, "%s%s", floor_surnames[(h >> 19) % G_N_ELEMENTS (floor_surnames)],
                         floor_given[(h >> 23) % G_N_ELEMENTS (floor_given)]); break;
    }
  gtk_label_set_text (label, text);
}

static gboolean
floor_wait_cb (gpointer data)
{
  Scroll *s = data;

  start_scrolling (s, find_type (GTK_WIDGET (s->window), GTK_TYPE_COLUMN_VIEW), s->list);
  return G_SOURCE_REMOVE;
}

void
kefu_profile_scroll_floor (GtkWindow    *like,
                           GApplication *app)
{
  GtkStringList *rows = gtk_string_list_new (NULL);
  GtkWidget *window = gtk_application_window_new (GTK_APPLICATION (app));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view;
  Scroll *s;
  int width, height;

  /* the rows' items are only positions: the text comes from the position */
  for (guint i = 0; i < 1000000; i++)
    gtk_string_list_take (rows, g_strdup (""));
  view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (rows))));
  for (guint c = 0; c < N_FLOOR_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (floor_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (floor_bind_cb), GUINT_TO_POINTER (c));
      column = gtk_column_view_column_new ("列", factory);
      gtk_column_view_column_set_expand (column, c == 4);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_get_default_size (like, &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_close (like);
  s = scroll_new (GTK_WINDOW (window), app, "a bare GtkColumnView");
  s->list = G_LIST_MODEL (rows);
  g_timeout_add (200, floor_wait_cb, s);
}
