/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plan.c — a cohort's plan moved (kefu-cohort-schedule.c) and the
 * Gantt chart's editing geometry, on hand-made data at fixed moments */
#include "config.h"

#include <math.h>
#include <string.h>

#include "kefu-chart.h"
#include "kefu-cohort.h"
#include "kefu-cohort-schedule.h"
#include "kefu-desk.h"
#include "kefu-store-private.h"
#include "kefu-test-engines.h"
#include "kefu-test-util.h"

#define DAY ((gint64) 86400)
#define HOUR ((gint64) 3600)
/* the course: three days from Monday 2026-03-02 00:00 UTC */
#define S ((gint64) 1772409600)
#define E (S + 3 * DAY)

typedef struct {
  KefuTestDir  dir;
  char        *path;       /* the file (NULL on the server) */
  char        *spec;       /* what the store was opened on (kefu-test-engines.h) */
  KefuStore   *store;
  gint64       trainer, agent, cohort, first, second;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  kefu_test_dir_setup (&f->dir, data);
  /* on a file, or as the tables' owner on the server (#20) */
  f->store = kefu_test_engine_open (&f->dir, data, NULL, &f->spec);
  f->path = kefu_test_engine_is_server (data) ? NULL : g_strdup (f->spec);
  kefu_store_set_now (f->store, S - 10 * DAY);
  f->trainer = kefu_desk_add_user (f->store, "guohong", "郭红", "trainer", NULL, &error);
  f->agent = kefu_desk_add_user (f->store, "chenjing", "陈静", "agent", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_store_exec (f->store, "INSERT INTO courses (name, layer, module, hours) VALUES ('应急事件处理', 'professional', "
                                            "'emergency', 10)", &error));
  kefu_store_set_actor (f->store, f->trainer);
  f->cohort = kefu_cohort_create (f->store, 1, "应急 第1期", S, E, 0, f->trainer, 0, &error);
  f->first = kefu_cohort_add_session (f->store, f->cohort, S + 9 * HOUR, 3, "预案讲解", 0, NULL, &error);
  f->second = kefu_cohort_add_session (f->store, f->cohort, S + DAY + 14 * HOUR, 2, "困人演练", 0, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  kefu_test_engine_close (data, &f->spec);
  kefu_test_dir_teardown (&f->dir, data);
}

static gint64
field (Fixture    *f,
       const char *table,
       gint64      id,
       const char *what)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = %" G_GINT64_FORMAT, what, table, id);
  return kefu_test_store_scalar (f->store, sql);
}

/* Moving the cohort moves its sessions along; stretching leaves them;
 * the rules refuse and leave every row as it was. */
static void
test_reschedule (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_cohort_reschedule (f->store, f->cohort, S + 2 * DAY, E + 2 * DAY, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field (f, "cohorts", f->cohort, "starts_at"), ==, S + 2 * DAY);
  g_assert_cmpint (field (f, "cohort_sessions", f->first, "starts_at"), ==, S + 2 * DAY + 9 * HOUR);
  g_assert_cmpint (field (f, "cohort_sessions", f->second, "starts_at"), ==, S + 3 * DAY + 14 * HOUR);
  /* stretched: the sessions stay */
  g_assert_true (kefu_cohort_reschedule (f->store, f->cohort, S + 2 * DAY, E + 4 * DAY, FALSE, &error));
  g_assert_cmpint (field (f, "cohort_sessions", f->first, "starts_at"), ==, S + 2 * DAY + 9 * HOUR);
  /* shrunk so that the second session falls outside: refused, naming it */
  g_assert_false (kefu_cohort_reschedule (f->store, f->cohort, S + 2 * DAY, S + 3 * DAY, FALSE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "困人演练"));
  g_assert_nonnull (strstr (error->message, "outside"));
  g_clear_error (&error);
  g_assert_cmpint (field (f, "cohorts", f->cohort, "ends_at"), ==, E + 4 * DAY);
  /* the end before the start */
  g_assert_false (kefu_cohort_reschedule (f->store, f->cohort, S + 2 * DAY, S + 2 * DAY, TRUE, &error));
  g_assert_nonnull (strstr (error->message, "must end after it starts"));
  g_clear_error (&error);

  /* a session: a day later, an hour longer */
  g_assert_true (kefu_session_reschedule (f->store, f->first, S + 3 * DAY + 9 * HOUR, S + 3 * DAY + 13 * HOUR, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field (f, "cohort_sessions", f->first, "hours * 60"), ==, 240);
  /* outside, ending before it starts, or a day long: refused, nothing changed */
  g_assert_false (kefu_session_reschedule (f->store, f->first, S + 9 * HOUR, S + 12 * HOUR, &error));
  g_assert_nonnull (strstr (error->message, "预案讲解"));
  g_assert_nonnull (strstr (error->message, "outside"));
  g_clear_error (&error);
  g_assert_false (kefu_session_reschedule (f->store, f->first, S + 3 * DAY + 9 * HOUR, S + 3 * DAY + 9 * HOUR, &error));
  g_assert_nonnull (strstr (error->message, "before it starts"));
  g_clear_error (&error);
  g_assert_false (kefu_session_reschedule (f->store, f->first, S + 3 * DAY, S + 4 * DAY + HOUR, &error));
  g_assert_nonnull (strstr (error->message, "24 hours"));
  g_clear_error (&error);
  g_assert_cmpint (field (f, "cohort_sessions", f->first, "starts_at"), ==, S + 3 * DAY + 9 * HOUR);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM audit_log WHERE action LIKE 'reschedule_%'"), ==, 3);

  /* an agent may not */
  kefu_store_set_actor (f->store, f->agent);
  g_assert_false (kefu_cohort_reschedule (f->store, f->cohort, S, E, TRUE, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (kefu_session_reschedule (f->store, f->first, S + 3 * DAY, S + 3 * DAY + HOUR, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
}

/* With a fixed range the axis does not follow a moved span; a point on a
 * bar is its body, its last pixels its end; the scale is the range over
 * the plot's width. */
static void
test_gantt_geometry (void)
{
  g_autoptr(KefuChart) chart = kefu_chart_new (KEFU_CHART_GANTT, NULL);
  const char *rows[] = { "课程", "预案讲解", NULL };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 200);
  cairo_t *cr = cairo_create (surface);
  double x, y, w, h, spp, x2, w2;
  KefuChartHit hit;
  guint index = 99;
  gint64 start, end;

  kefu_chart_set_rows (chart, rows);
  kefu_chart_add_span (chart, 0, "应急 第1期", S, E);
  kefu_chart_add_span (chart, 1, "预案讲解", S + 9 * HOUR, S + 12 * HOUR);
  kefu_chart_set_value_range (chart, S - DAY, E + DAY);
  kefu_chart_render (chart, cr, 800, 200);
  g_assert_true (kefu_chart_get_mark (chart, 0, &hit, &x, &y, &w, &h));
  g_assert_cmpint (hit.series, ==, 0);
  spp = kefu_chart_seconds_per_pixel (chart);
  g_assert_cmpfloat (fabs (w * spp - 3 * DAY), <, spp);
  g_assert_cmpint (kefu_chart_span_at (chart, x + w / 2, y + h / 2, &index), ==, KEFU_CHART_SPAN_BODY);
  g_assert_cmpuint (index, ==, 0);
  g_assert_cmpint (kefu_chart_span_at (chart, x + w - 1, y + h / 2, &index), ==, KEFU_CHART_SPAN_END);
  g_assert_cmpint (kefu_chart_span_at (chart, x + w + 40, y + h / 2, NULL), ==, KEFU_CHART_SPAN_NONE);
  /* moved a day: the bar moves by a day's pixels, the axis stays */
  kefu_chart_set_span (chart, 0, S + DAY, E + DAY);
  g_assert_true (kefu_chart_get_span (chart, 0, NULL, &start, &end));
  g_assert_cmpint (start, ==, S + DAY);
  kefu_chart_render (chart, cr, 800, 200);
  g_assert_true (kefu_chart_get_mark (chart, 0, NULL, &x2, NULL, &w2, NULL));
  g_assert_cmpfloat (fabs ((x2 - x) * spp - DAY), <, spp);
  g_assert_cmpfloat (fabs (w2 - w), <, 0.01);
  g_assert_cmpfloat (kefu_chart_seconds_per_pixel (chart), ==, spp);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  KEFU_TEST_ADD_ENGINES ("/core/plan/reschedule", Fixture, fixture_setup, test_reschedule, fixture_teardown);
  g_test_add_func ("/core/plan/gantt-geometry", test_gantt_geometry);
  return g_test_run ();
}
