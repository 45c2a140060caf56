/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chart.c — charts: scales, layout geometry, questions, export
 *
 * Charts render to image surfaces and the tests read the geometry each
 * render keeps (kefu-chart-private.h): bars proportional, slices summing
 * to a turn, labels inside the chart and apart. /core/chart/gallery also
 * writes a PNG of every kind with demo-like Chinese data into
 * $G_TEST_BUILDDIR/charts/ for people to look at.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "kefu-chart-private.h"
#include "kefu-test-util.h"

#define W 720
#define H 420

/* ---- demo-like data ------------------------------------------------------ */

static const char *const months[] = { "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月", NULL };

static KefuChart *
trend_chart (void)
{
  static const double this_year[] = { 412, 380, 455, 498, 560, 690, 1005, 920, 640, 520, 470, 430 };
  static const double last_year[] = { 398, 350, 430, 470, 530, 610, 693, 700, 600, 505, 455, 420 };
  KefuChart *chart = kefu_chart_new (KEFU_CHART_LINE, "月度工单量（与去年同期对比）");

  kefu_chart_set_categories (chart, months);
  kefu_chart_add_series (chart, "今年", this_year, 12);
  kefu_chart_add_series (chart, "去年", last_year, 12);
  return chart;
}

static KefuChart *
by_kind_chart (void)
{
  static const double repair[] = { 250, 231, 280, 301, 350, 452, 720, 650, 410, 320, 290, 260 };
  static const double complaint[] = { 42, 38, 45, 50, 55, 70, 98, 90, 66, 52, 47, 44 };
  static const double inquiry[] = { 80, 72, 85, 90, 100, 108, 120, 115, 100, 95, 88, 82 };
  static const double suggestion[] = { 25, 22, 28, 35, 32, 38, 42, 40, 38, 30, 28, 26 };
  KefuChart *chart = kefu_chart_new (KEFU_CHART_STACKED_BARS, "各月工单（按类型）");

  kefu_chart_set_categories (chart, months);
  kefu_chart_add_series (chart, "报修", repair, 12);
  kefu_chart_add_series (chart, "投诉", complaint, 12);
  kefu_chart_add_series (chart, "咨询", inquiry, 12);
  kefu_chart_add_series (chart, "建议", suggestion, 12);
  return chart;
}

static KefuChart *
kind_share_chart (void)
{
  static const char *const kinds[] = { "报修", "投诉", "咨询", "建议", "表扬", NULL };
  static const double counts[] = { 4514, 697, 1135, 384, 118 };
  KefuChart *chart = kefu_chart_new (KEFU_CHART_DONUT, "工单类型占比");

  kefu_chart_set_categories (chart, kinds);
  kefu_chart_add_series (chart, "工单", counts, 5);
  return chart;
}

static KefuChart *
histogram_chart (void)
{
  static const char *const bins[] = { "0–5", "5–10", "10–15", "15–30", "30–60", "60–120", "≥120", NULL };
  static const double counts[] = { 1830, 1422, 905, 611, 240, 96, 31 };
  KefuChart *chart = kefu_chart_new (KEFU_CHART_HISTOGRAM, "首次响应时间分布（分钟）");

  kefu_chart_set_categories (chart, bins);
  kefu_chart_add_series (chart, "工单", counts, 7);
  kefu_chart_set_target (chart, 15, "目标 15 分钟");
  return chart;
}

static KefuChart *
heatmap_chart (void)
{
  static const char *const subtypes[] = { "漏水", "电梯故障", "噪音", "停车", "保洁", "绿化", "安保", "物业费", NULL };
  static const char *const buildings[] = { "1栋", "2栋", "3栋", "4栋", "5栋", "6栋", "7栋", "8栋", "9栋", "10栋", "11栋", "12栋", NULL };
  KefuChart *chart = kefu_chart_new (KEFU_CHART_HEATMAP, "投诉热力图：楼栋 × 子类");

  kefu_chart_set_categories (chart, subtypes);
  kefu_chart_set_rows (chart, buildings);
  for (guint b = 0; b < 12; b++)
    {
      double values[8];
      for (guint s = 0; s < 8; s++)
        values[s] = (double) ((b * 7 + s * 5 + (b == 6 && s == 0 ? 40 : 0)) % 23);
      kefu_chart_add_series (chart, buildings[b], values, 8);
    }
  return chart;
}

static KefuChart *
bullet_chart (void)
{
  KefuChart *chart = kefu_chart_new (KEFU_CHART_BULLET, "关键指标与目标");

  kefu_chart_set_format (chart, KEFU_CHART_FORMAT_PERCENT);
  kefu_chart_add_bullet (chart, "投诉处理率", 0.962, 0.95, 0.948, 1, TRUE);
  kefu_chart_add_bullet (chart, "及时响应率", 0.931, 0.95, 0.922, 1, TRUE);
  kefu_chart_add_bullet (chart, "一次解决率", 0.874, 0.85, 0.881, 1, TRUE);
  kefu_chart_add_bullet (chart, "重复投诉率", 0.042, 0.05, 0.057, 0.2, FALSE);
  kefu_chart_add_bullet (chart, "满意度", 88.4, 90, 86.1, 100, TRUE);
  kefu_chart_set_bullet_format (chart, 4, KEFU_CHART_FORMAT_SCORE);
  return chart;
}

static KefuChart *
agents_chart (void)
{
  static const char *const weeks[] = { "第1周", "第2周", "第3周", "第4周", "第5周", "第6周", "第7周", "第8周", NULL };
  static const char *const agents[] = { "张敏", "李娜", "王磊", "刘洋", "陈静", "杨帆" };
  KefuChart *chart = kefu_chart_new (KEFU_CHART_SPARKLINES, "客服人员每周处理工单");

  kefu_chart_set_categories (chart, weeks);
  for (guint a = 0; a < G_N_ELEMENTS (agents); a++)
    {
      double values[8];
      for (guint w = 0; w < 8; w++)
        values[w] = 40 + (a * 13 + w * 7 + (w * w * (a + 1)) % 11) % 35;
      kefu_chart_add_series (chart, agents[a], values, 8);
    }
  return chart;
}

static KefuChart *
radar_chart (void)
{
  static const char *const skills[] = { "服务礼仪", "沟通技巧", "业务知识", "系统操作", "应急处置", "投诉处理", NULL };
  static const double agent[] = { 92, 85, 78, 95, 70, 82 };
  static const double team[] = { 85, 80, 82, 88, 76, 79 };
  KefuChart *chart = kefu_chart_new (KEFU_CHART_RADAR, "张敏 能力评估");

  kefu_chart_set_categories (chart, skills);
  kefu_chart_set_format (chart, KEFU_CHART_FORMAT_SCORE);
  kefu_chart_set_value_range (chart, 0, 100);
  kefu_chart_add_series (chart, "张敏", agent, 6);
  kefu_chart_add_series (chart, "班组平均", team, 6);
  return chart;
}

static gint64
day (int y, int m, int d)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = g_date_time_new (tz, y, m, d, 0, 0, 0);

  return g_date_time_to_unix (dt);
}

static KefuChart *
gantt_chart (void)
{
  static const char *const tracks[] = { "应急认证", "投诉分析", "新员工培训", "礼仪复训", NULL };
  KefuChart *chart = kefu_chart_new (KEFU_CHART_GANTT, "2024 年培训计划");

  kefu_chart_set_rows (chart, tracks);
  kefu_chart_add_span (chart, 0, "理论学习", day (2024, 1, 8), day (2024, 2, 5));
  kefu_chart_add_span (chart, 0, "实操考核", day (2024, 2, 19), day (2024, 3, 11));
  kefu_chart_add_span (chart, 1, "案例分析", day (2024, 3, 1), day (2024, 7, 1));
  kefu_chart_add_span (chart, 2, "入职培训", day (2024, 4, 1), day (2024, 4, 29));
  kefu_chart_add_span (chart, 2, "跟岗", day (2024, 5, 1), day (2024, 6, 15));
  kefu_chart_add_span (chart, 3, "季度复训", day (2024, 6, 3), day (2024, 6, 17));
  return chart;
}

/* 30 buildings with long names, too many to label level. */
static KefuChart *
buildings_chart (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  double values[30];
  KefuChart *chart = kefu_chart_new (KEFU_CHART_STACKED_BARS, "各楼栋报修量");

  for (guint i = 0; i < 30; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("翠湖花园第%u栋", i + 1));
      values[i] = 20 + (i * 37) % 60;
    }
  g_ptr_array_add (names, NULL);
  kefu_chart_set_categories (chart, (const char *const *) names->pdata);
  kefu_chart_add_series (chart, "报修", values, 30);
  return chart;
}

/* Arrivals by weekday and hour: 7 × 24 cells. */
static KefuChart *
arrivals_chart (void)
{
  static const char *const weekdays[] = { "周一", "周二", "周三", "周四", "周五", "周六", "周日", NULL };
  g_autoptr(GPtrArray) hours = g_ptr_array_new_with_free_func (g_free);
  KefuChart *chart = kefu_chart_new (KEFU_CHART_HEATMAP, "来电时段分布（星期 × 小时）");

  for (guint h = 0; h < 24; h++)
    g_ptr_array_add (hours, g_strdup_printf ("%u时", h));
  g_ptr_array_add (hours, NULL);
  kefu_chart_set_categories (chart, (const char *const *) hours->pdata);
  kefu_chart_set_rows (chart, weekdays);
  for (guint d = 0; d < 7; d++)
    {
      double values[24];
      for (guint h = 0; h < 24; h++)
        values[h] = (h >= 8 && h <= 20 ? 30 + 25 * sin ((h - 8) / 12.0 * G_PI) : 3 + h % 4) * (d >= 5 ? 0.7 : 1);
      kefu_chart_add_series (chart, weekdays[d], values, 24);
    }
  return chart;
}

/* A year by day: 366 points per line, rates against a target. */
static KefuChart *
daily_rate_chart (void)
{
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (g_free);
  double this_year[366], last_year[366];
  KefuChart *chart = kefu_chart_new (KEFU_CHART_LINE, "每日及时响应率");

  for (guint i = 0; i < 366; i++)
    {
      g_autoptr(GDateTime) d = g_date_time_new_utc (2024, 1, 1, 0, 0, 0);
      g_autoptr(GDateTime) e = g_date_time_add_days (d, i);
      g_ptr_array_add (days, g_date_time_format (e, "%-m月%-d日"));
      this_year[i] = 0.9 + 0.08 * sin (i / 20.0);
      last_year[i] = i % 50 == 7 ? NAN : 0.88 + 0.07 * cos (i / 17.0);
    }
  g_ptr_array_add (days, NULL);
  kefu_chart_set_categories (chart, (const char *const *) days->pdata);
  kefu_chart_set_format (chart, KEFU_CHART_FORMAT_PERCENT);
  kefu_chart_add_series (chart, "2024", this_year, 366);
  kefu_chart_add_series (chart, "2023", last_year, 366);
  kefu_chart_set_target (chart, 0.95, "目标 95%");
  return chart;
}

typedef KefuChart *(*ChartFactory) (void);

static const struct {
  const char  *name;
  ChartFactory make;
} gallery[] = {
  { "trend", trend_chart },
  { "by-kind", by_kind_chart },
  { "kind-share", kind_share_chart },
  { "response-histogram", histogram_chart },
  { "heatmap", heatmap_chart },
  { "targets", bullet_chart },
  { "agents", agents_chart },
  { "radar", radar_chart },
  { "gantt", gantt_chart },
  { "buildings", buildings_chart },
  { "arrivals", arrivals_chart },
  { "daily-rate", daily_rate_chart },
};

/* ---- helpers ---------------------------------------------------------------- */

static void
render (KefuChart *chart,
        int        width,
        int        height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  kefu_chart_render (chart, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static const KefuChartMark *
mark (KefuChart *chart,
      guint      i)
{
  const KefuChartGeometry *geo = kefu_chart_get_geometry (chart);

  g_assert_cmpuint (i, <, geo->marks->len);
  return &g_array_index (geo->marks, KefuChartMark, i);
}

static const KefuChartMark *
find (KefuChart *chart,
      int        series,
      int        category,
      int        row)
{
  KefuChartHit hit = { series, category, row };
  int i = kefu_chart_find_mark (chart, &hit);

  g_assert_cmpint (i, >=, 0);
  return mark (chart, i);
}

#define ASSERT_NEAR(a, b, eps) g_assert_cmpfloat_with_epsilon ((a), (b), (eps))

static gboolean
rect_inside (const KefuChartRect *inner,
             const KefuChartRect *outer)
{
  const double eps = 0.01;

  return inner->x >= outer->x - eps && inner->y >= outer->y - eps &&
         inner->x + inner->width <= outer->x + outer->width + eps &&
         inner->y + inner->height <= outer->y + outer->height + eps;
}

/* The test's own overlap check of two placed texts: rotated into the
 * first one's frame when both have the same angle, else by bounds. */
static gboolean
overlap (const KefuChartText *a,
         const KefuChartText *b)
{
  if (fabs (a->angle - b->angle) < 1e-9)
    {
      double c = cos (a->angle), s = sin (a->angle);
      /* Coordinates along and across the text direction. */
      double au = a->x * c + a->y * s, av = -a->x * s + a->y * c;
      double bu = b->x * c + b->y * s, bv = -b->x * s + b->y * c;

      return au + a->width > bu + 0.01 && bu + b->width > au + 0.01 &&
             av + a->height > bv + 0.01 && bv + b->height > av + 0.01;
    }
  return a->box.x + a->box.width > b->box.x + 0.01 && b->box.x + b->box.width > a->box.x + 0.01 &&
         a->box.y + a->box.height > b->box.y + 0.01 && b->box.y + b->box.height > a->box.y + 0.01;
}

/* Every text inside the chart and none over another. */
static void
assert_texts_legible (KefuChart  *chart,
                      const char *what)
{
  const KefuChartGeometry *geo = kefu_chart_get_geometry (chart);
  KefuChartRect page = { 0, 0, geo->width, geo->height };

  g_assert_cmpuint (geo->texts->len, >, 0);
  for (guint i = 0; i < geo->texts->len; i++)
    {
      const KefuChartText *a = &g_array_index (geo->texts, KefuChartText, i);

      if (!rect_inside (&a->box, &page))
        g_error ("%s: “%s” at (%.1f, %.1f) %.1f × %.1f is outside the %g × %g chart", what, a->text,
                 a->box.x, a->box.y, a->box.width, a->box.height, geo->width, geo->height);
      g_assert_cmpfloat (a->width, >, 0);
      for (guint j = i + 1; j < geo->texts->len; j++)
        {
          const KefuChartText *b = &g_array_index (geo->texts, KefuChartText, j);
          if (overlap (a, b))
            g_error ("%s: “%s” (%.1f, %.1f, %.1f × %.1f) overlaps “%s” (%.1f, %.1f, %.1f × %.1f)", what,
                     a->text, a->x, a->y, a->width, a->height, b->text, b->x, b->y, b->width, b->height);
        }
    }
}

static guint
count_texts (KefuChart         *chart,
             KefuChartTextRole  role)
{
  const KefuChartGeometry *geo = kefu_chart_get_geometry (chart);
  guint n = 0;

  for (guint i = 0; i < geo->texts->len; i++)
    n += g_array_index (geo->texts, KefuChartText, i).role == role;
  return n;
}

/* ---- scales ------------------------------------------------------------------- */

static void
assert_ticks (double min,
              double max,
              guint  max_ticks,
              double want_min,
              double want_max,
              double want_step)
{
  double lo, hi, step, mantissa;
  guint n = kefu_chart_nice_ticks (min, max, max_ticks, &lo, &hi, &step);

  ASSERT_NEAR (lo, want_min, 1e-9 * MAX (1, fabs (want_min)));
  ASSERT_NEAR (hi, want_max, 1e-9 * MAX (1, fabs (want_max)));
  ASSERT_NEAR (step, want_step, 1e-12 * MAX (1, want_step));
  g_assert_cmpuint (n, <=, max_ticks);
  g_assert_cmpuint (n, ==, (guint) llround ((hi - lo) / step) + 1);
  g_assert_cmpfloat (lo, <=, min);
  g_assert_cmpfloat (hi, >=, max);
  mantissa = step / pow (10, floor (log10 (step) + 1e-9));
  g_assert_true (fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 || fabs (mantissa - 5) < 1e-9);
}

static void
test_ticks_one_two_five (void)
{
  assert_ticks (0, 87, 6, 0, 100, 20);
  assert_ticks (0, 1005, 8, 0, 1200, 200);
  assert_ticks (0, 1, 6, 0, 1, 0.2);
  assert_ticks (0.82, 0.97, 5, 0.8, 1, 0.05);
  assert_ticks (-13, 47, 7, -20, 60, 20);
  assert_ticks (0, 3, 8, 0, 3, 0.5);
  assert_ticks (0, 7, 3, 0, 10, 5);
  assert_ticks (0, 1234567, 6, 0, 1500000, 500000);
  /* One value, or none: still a scale from zero. */
  assert_ticks (42, 42, 5, 0, 60, 20);
  assert_ticks (0, 0, 5, 0, 1, 0.5);
}

static void
test_format_values (void)
{
  g_autofree char *pct = kefu_chart_format_value (KEFU_CHART_FORMAT_PERCENT, 0.875);
  g_autofree char *pct_whole = kefu_chart_format_value (KEFU_CHART_FORMAT_PERCENT, 0.95);
  g_autofree char *minutes = kefu_chart_format_value (KEFU_CHART_FORMAT_MINUTES, 12);
  g_autofree char *hours = kefu_chart_format_value (KEFU_CHART_FORMAT_MINUTES, 125);
  g_autofree char *count = kefu_chart_format_value (KEFU_CHART_FORMAT_COUNT, 1234567);
  g_autofree char *score = kefu_chart_format_value (KEFU_CHART_FORMAT_SCORE, 88.44);
  g_autofree char *tick_pct = kefu_chart_format_tick (KEFU_CHART_FORMAT_PERCENT, 0.2, 0.2);
  g_autofree char *tick_h = kefu_chart_format_tick (KEFU_CHART_FORMAT_MINUTES, 120, 60);

  g_assert_cmpstr (pct, ==, "87.5%");
  g_assert_cmpstr (pct_whole, ==, "95%");
  g_assert_cmpstr (minutes, ==, "12 min");
  g_assert_cmpstr (hours, ==, "2 h 05 min");
  g_assert_cmpstr (count, ==, "1,234,567");
  g_assert_cmpstr (score, ==, "88.4");
  g_assert_cmpstr (tick_pct, ==, "20%");
  g_assert_cmpstr (tick_h, ==, "2 h");
}

/* ---- geometry per kind ----------------------------------------------------------- */

static void
test_stacked_bars_proportional (void)
{
  g_autoptr(KefuChart) chart = by_kind_chart ();
  const KefuChartGeometry *geo;
  double per_unit = 0;
  double zero_y;

  render (chart, W, H);
  geo = kefu_chart_get_geometry (chart);
  g_assert_cmpuint (geo->marks->len, ==, 48);
  zero_y = geo->plot.y + geo->plot.height * geo->v_max / (geo->v_max - geo->v_min);

  for (guint i = 0; i < 12; i++)
    {
      double bottom = zero_y;

      for (int s = 0; s < 4; s++)
        {
          const KefuChartMark *m = find (chart, s, i, -1);

          /* The same pixels per ticket in every segment of every bar. */
          if (per_unit == 0)
            per_unit = m->box.height / m->value;
          ASSERT_NEAR (m->box.height / m->value, per_unit, 1e-9);
          /* Each segment sits on the one below, the first on zero. */
          ASSERT_NEAR (m->box.y + m->box.height, bottom, 1e-9);
          bottom = m->box.y;
          g_assert_true (rect_inside (&m->box, &geo->plot));
          /* One bar per category, in order. */
          g_assert_cmpfloat (m->cx, >, geo->plot.x + i * geo->slot);
          g_assert_cmpfloat (m->cx, <, geo->plot.x + (i + 1) * geo->slot);
        }
    }
  /* July, the leak peak, is the tallest bar. */
  g_assert_cmpfloat (find (chart, 3, 6, -1)->box.y, <, find (chart, 3, 7, -1)->box.y);
  assert_texts_legible (chart, "by kind");
}

static void
test_line_points_on_scale (void)
{
  g_autoptr(KefuChart) chart = trend_chart ();
  const KefuChartGeometry *geo;
  const KefuChartMark *jan, *jul;
  double per_unit;

  kefu_chart_set_target (chart, 800, "警戒线");
  render (chart, W, H);
  geo = kefu_chart_get_geometry (chart);
  g_assert_cmpuint (geo->marks->len, ==, 24);
  jan = find (chart, 0, 0, -1);
  jul = find (chart, 0, 6, -1);
  per_unit = (jan->cy - jul->cy) / (jul->value - jan->value);
  g_assert_cmpfloat (per_unit, >, 0);
  for (guint i = 0; i < geo->marks->len; i++)
    {
      const KefuChartMark *m = mark (chart, i);
      ASSERT_NEAR (jan->cy - m->cy, (m->value - jan->value) * per_unit, 1e-6);
      ASSERT_NEAR (m->cx, geo->plot.x + (m->hit.category + 0.5) * geo->slot, 1e-9);
      g_assert_true (rect_inside (&(KefuChartRect) { m->cx, m->cy, 0, 0 }, &geo->plot));
    }
  /* The target line at its value. */
  ASSERT_NEAR (jan->cy - geo->target_pos, (800 - jan->value) * per_unit, 1e-6);
  /* Two series and the target in the legend. */
  g_assert_cmpuint (geo->swatches->len, ==, 3);
  assert_texts_legible (chart, "trend");
}

static void
test_donut_angles (void)
{
  g_autoptr(KefuChart) chart = kind_share_chart ();
  const KefuChartGeometry *geo;
  double total_value = 4514 + 697 + 1135 + 384 + 118, total_angle = 0, previous_end;

  render (chart, W, H);
  geo = kefu_chart_get_geometry (chart);
  g_assert_cmpuint (geo->marks->len, ==, 5);
  previous_end = mark (chart, 0)->a0;
  ASSERT_NEAR (previous_end, -G_PI / 2, 1e-9);   /* from twelve o'clock */
  for (guint i = 0; i < 5; i++)
    {
      const KefuChartMark *m = mark (chart, i);

      ASSERT_NEAR (m->a1 - m->a0, 2 * G_PI * m->value / total_value, 1e-9);
      ASSERT_NEAR (m->a0, previous_end, 1e-9);
      previous_end = m->a1;
      total_angle += m->a1 - m->a0;
      g_assert_cmpint (m->hit.category, ==, i);
    }
  ASSERT_NEAR (total_angle, 2 * G_PI, 1e-9);
  assert_texts_legible (chart, "kind share");
}

static void
test_heatmap_cells_fill_grid (void)
{
  g_autoptr(KefuChart) chart = heatmap_chart ();
  const KefuChartGeometry *geo;
  double area = 0;

  render (chart, W, H);
  geo = kefu_chart_get_geometry (chart);
  g_assert_cmpuint (geo->marks->len, ==, 12 * 8);
  for (guint r = 0; r < 12; r++)
    for (guint c = 0; c < 8; c++)
      {
        const KefuChartMark *m = find (chart, r, c, r);

        g_assert_true (rect_inside (&m->box, &geo->plot));
        ASSERT_NEAR (m->box.x, geo->plot.x + c * geo->plot.width / 8, 1e-6);
        ASSERT_NEAR (m->box.y, geo->plot.y + r * geo->plot.height / 12, 1e-6);
        area += m->box.width * m->box.height;
      }
  ASSERT_NEAR (area, geo->plot.width * geo->plot.height, 1e-6);
  g_assert_cmpuint (count_texts (chart, KEFU_CHART_TEXT_ROW), ==, 12);
  assert_texts_legible (chart, "heat map");
}

static void
test_histogram_target_at_boundary (void)
{
  g_autoptr(KefuChart) chart = histogram_chart ();
  const KefuChartGeometry *geo;
  double per_unit = 0;

  render (chart, W, H);
  geo = kefu_chart_get_geometry (chart);
  g_assert_cmpuint (geo->marks->len, ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      const KefuChartMark *m = mark (chart, i);
      if (per_unit == 0)
        per_unit = m->box.height / m->value;
      ASSERT_NEAR (m->box.height / m->value, per_unit, 1e-9);
    }
  /* 15 minutes is the boundary between "10–15" and "15–30". */
  ASSERT_NEAR (geo->target_pos, geo->plot.x + 3 * geo->slot, 1e-9);
  assert_texts_legible (chart, "histogram");
}

static void
test_bullets_value_and_target (void)
{
  g_autoptr(KefuChart) chart = bullet_chart ();
  const KefuChartGeometry *geo;

  render (chart, W, H);
  geo = kefu_chart_get_geometry (chart);
  g_assert_cmpuint (geo->marks->len, ==, 5);
  /* Each bar runs from the track's start to value / max of its length. */
  ASSERT_NEAR (mark (chart, 0)->box.width, geo->plot.width * 0.962, 1e-6);
  ASSERT_NEAR (mark (chart, 3)->box.width, geo->plot.width * 0.042 / 0.2, 1e-6);
  ASSERT_NEAR (mark (chart, 4)->box.width, geo->plot.width * 0.884, 1e-6);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpint (mark (chart, i)->hit.category, ==, i);
      ASSERT_NEAR (mark (chart, i)->box.x, geo->plot.x, 1e-9);
    }
  assert_texts_legible (chart, "targets");
}

static void
test_radar_vertices (void)
{
  g_autoptr(KefuChart) chart = radar_chart ();
  const KefuChartGeometry *geo;
  double cx, cy, R;

  render (chart, W, H);
  geo = kefu_chart_get_geometry (chart);
  cx = geo->plot.x + geo->plot.width / 2;
  cy = geo->plot.y + geo->plot.height / 2;
  R = geo->plot.width / 2;
  g_assert_cmpuint (geo->marks->len, ==, 12);
  for (guint i = 0; i < geo->marks->len; i++)
    {
      const KefuChartMark *m = mark (chart, i);
      double angle = -G_PI / 2 + 2 * G_PI * m->hit.category / 6;

      ASSERT_NEAR (hypot (m->cx - cx, m->cy - cy), R * m->value / 100, 1e-6);
      ASSERT_NEAR (m->cx - cx, cos (angle) * R * m->value / 100, 1e-6);
    }
  assert_texts_legible (chart, "radar");
}

static void
test_gantt_spans_on_time_axis (void)
{
  g_autoptr(KefuChart) chart = gantt_chart ();
  const KefuChartGeometry *geo;
  gint64 t0 = day (2024, 1, 8), t1 = day (2024, 7, 1);
  double per_second;

  render (chart, W, H);
  geo = kefu_chart_get_geometry (chart);
  g_assert_cmpuint (geo->marks->len, ==, 6);
  per_second = geo->plot.width / (double) (t1 - t0);
  /* Span 2 (案例分析) runs from 1 March to 1 July, the end of the axis. */
  ASSERT_NEAR (find (chart, 2, -1, 1)->box.x, geo->plot.x + (day (2024, 3, 1) - t0) * per_second, 1e-6);
  ASSERT_NEAR (find (chart, 2, -1, 1)->box.x + find (chart, 2, -1, 1)->box.width, geo->plot.x + geo->plot.width, 1e-6);
  /* Keyboard order: by row, then by start. */
  for (guint i = 1; i < geo->marks->len; i++)
    {
      const KefuChartMark *a = mark (chart, i - 1), *b = mark (chart, i);
      g_assert_true (a->hit.row < b->hit.row || (a->hit.row == b->hit.row && a->box.x <= b->box.x));
    }
  /* Month ticks. */
  g_assert_cmpuint (geo->time_ticks->len, >=, 3);
  assert_texts_legible (chart, "gantt");
}

/* ---- questions: hit, describe ------------------------------------------------------- */

static void
test_hit_centre_and_outside (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (gallery); k++)
    {
      g_autoptr(KefuChart) chart = gallery[k].make ();
      const KefuChartGeometry *geo;
      KefuChartHit hit;

      render (chart, W, H);
      geo = kefu_chart_get_geometry (chart);
      g_assert_cmpuint (kefu_chart_get_n_marks (chart), >, 0);
      for (guint i = 0; i < kefu_chart_get_n_marks (chart); i++)
        {
          const KefuChartMark *m = mark (chart, i);
          double x, y, w, h;
          KefuChartHit expected;

          g_assert_true (kefu_chart_get_mark (chart, i, &expected, &x, &y, &w, &h));
          g_assert_true (kefu_chart_hit (chart, m->cx, m->cy, &hit));
          if (hit.series != expected.series || hit.category != expected.category || hit.row != expected.row)
            g_error ("%s: mark %u (%d, %d, %d) at (%.1f, %.1f) hits (%d, %d, %d)", gallery[k].name, i,
                     expected.series, expected.category, expected.row, m->cx, m->cy, hit.series, hit.category, hit.row);
        }
      /* The corners of the chart and the title are no mark. */
      g_assert_false (kefu_chart_hit (chart, 1, 1, &hit));
      g_assert_false (kefu_chart_hit (chart, geo->width - 1, 1, &hit));
      g_assert_false (kefu_chart_hit (chart, 1, geo->height - 1, &hit));
      g_assert_false (kefu_chart_hit (chart, -5, -5, &hit));
    }
}

static void
test_hit_outside_plot (void)
{
  g_autoptr(KefuChart) bars = by_kind_chart ();
  g_autoptr(KefuChart) line = trend_chart ();
  g_autoptr(KefuChart) donut = kind_share_chart ();
  const KefuChartGeometry *geo;
  const KefuChartMark *m;
  KefuChartHit hit;

  render (bars, W, H);
  geo = kefu_chart_get_geometry (bars);
  /* Above a bar, below the axis, left of the axis. */
  m = find (bars, 3, 0, -1);
  g_assert_false (kefu_chart_hit (bars, m->cx, m->box.y - 3, &hit));
  g_assert_false (kefu_chart_hit (bars, m->cx, geo->plot.y + geo->plot.height + 3, &hit));
  g_assert_false (kefu_chart_hit (bars, geo->plot.x - 3, m->cy, &hit));

  render (line, W, H);
  geo = kefu_chart_get_geometry (line);
  g_assert_true (kefu_chart_hit (line, find (line, 1, 6, -1)->cx, find (line, 1, 6, -1)->cy + 2, &hit));
  g_assert_cmpint (hit.series, ==, 1);
  g_assert_cmpint (hit.category, ==, 6);
  g_assert_false (kefu_chart_hit (line, geo->plot.x - 1, geo->plot.y + geo->plot.height / 2, &hit));
  g_assert_false (kefu_chart_hit (line, geo->plot.x + geo->plot.width / 2, geo->plot.y + geo->plot.height + 2, &hit));

  render (donut, W, H);
  geo = kefu_chart_get_geometry (donut);
  /* The hole and outside the ring. */
  g_assert_false (kefu_chart_hit (donut, geo->plot.x + geo->plot.width / 2, geo->plot.y + geo->plot.height / 2, &hit));
  g_assert_false (kefu_chart_hit (donut, geo->plot.x + 2, geo->plot.y + 2, &hit));
}

static void
test_describe_mentions_values (void)
{
  g_autoptr(KefuChart) trend = trend_chart ();
  g_autoptr(KefuChart) share = kind_share_chart ();
  g_autoptr(KefuChart) targets = bullet_chart ();
  g_autoptr(KefuChart) heat = heatmap_chart ();
  g_autofree char *trend_text = kefu_chart_describe (trend);
  g_autofree char *share_text = kefu_chart_describe (share);
  g_autofree char *targets_text = kefu_chart_describe (targets);
  g_autofree char *heat_text = kefu_chart_describe (heat);
  g_autofree char *tip = NULL;
  g_autofree char *slice_tip = NULL;
  g_autofree char *bullet_tip = NULL;
  KefuChartHit july_this_year = { 0, 6, -1 }, repair = { 0, 0, -1 }, closure = { -1, 0, -1 };

  g_assert_nonnull (strstr (trend_text, "月度工单量"));
  g_assert_nonnull (strstr (trend_text, "今年"));
  g_assert_nonnull (strstr (trend_text, "7月 1,005"));
  g_assert_nonnull (strstr (trend_text, "去年"));
  g_assert_nonnull (strstr (trend_text, "7月 693"));
  g_assert_nonnull (strstr (share_text, "报修 4,514 (65.9%)"));
  g_assert_nonnull (strstr (share_text, "6,848"));
  g_assert_nonnull (strstr (targets_text, "投诉处理率: 96.2%"));
  g_assert_nonnull (strstr (targets_text, "95%"));
  g_assert_nonnull (strstr (targets_text, "88.4"));
  g_assert_nonnull (strstr (heat_text, "7栋: 漏水"));

  tip = kefu_chart_describe_hit (trend, &july_this_year);
  g_assert_cmpstr (tip, ==, "7月\n今年: 1,005");
  slice_tip = kefu_chart_describe_hit (share, &repair);
  g_assert_cmpstr (slice_tip, ==, "报修: 4,514 (65.9% of the total)");
  bullet_tip = kefu_chart_describe_hit (targets, &closure);
  g_assert_nonnull (strstr (bullet_tip, "96.2%"));
  g_assert_nonnull (strstr (bullet_tip, "at least 95%"));
  g_assert_nonnull (strstr (bullet_tip, "▲ 1.4%"));
}

/* ---- labels ---------------------------------------------------------------------- */

static void
test_labels_months_level (void)
{
  g_autoptr(KefuChart) chart = trend_chart ();
  const KefuChartGeometry *geo;

  render (chart, W, H);
  geo = kefu_chart_get_geometry (chart);
  g_assert_false (geo->labels_rotated);
  g_assert_cmpint (geo->label_step, ==, 1);
  g_assert_cmpuint (count_texts (chart, KEFU_CHART_TEXT_CATEGORY), ==, 12);
  assert_texts_legible (chart, "months");
}

static void
test_labels_thirty_buildings (void)
{
  int sizes[][2] = { { 720, 420 }, { 480, 320 }, { 1200, 500 }, { 320, 240 } };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      g_autoptr(KefuChart) chart = buildings_chart ();
      const KefuChartGeometry *geo;
      guint shown;
      g_autofree char *what = g_strdup_printf ("30 buildings at %d × %d", sizes[k][0], sizes[k][1]);

      render (chart, sizes[k][0], sizes[k][1]);
      geo = kefu_chart_get_geometry (chart);
      shown = count_texts (chart, KEFU_CHART_TEXT_CATEGORY);
      /* Every step-th label, starting with the first. */
      g_assert_cmpuint (shown, ==, (30 + geo->label_step - 1) / geo->label_step);
      g_assert_cmpuint (shown, >=, 5);
      assert_texts_legible (chart, what);
      /* The bars still have their room. */
      g_assert_cmpfloat (geo->plot.height, >=, sizes[k][1] * 0.4);
    }
}

static void
test_labels_layout_function (void)
{
  double centres[20], widths[20], heights[20];
  KefuChartText out[20];
  gboolean shown[20], rotated;
  double used;
  KefuChartRect bounds = { 0, 300, 640, 120 };
  int step;

  /* Short labels with room: all level. */
  for (guint i = 0; i < 20; i++)
    centres[i] = 40 + i * 30, widths[i] = 20, heights[i] = 16;
  memset (out, 0, sizeof out);
  step = kefu_chart_layout_axis_labels (centres, widths, heights, 20, 30, &bounds, out, shown, &rotated, &used);
  g_assert_cmpint (step, ==, 1);
  g_assert_false (rotated);
  ASSERT_NEAR (used, 16, 1e-9);

  /* Long labels: rotated 45°, apart, inside, shortened to the room below. */
  for (guint i = 0; i < 20; i++)
    widths[i] = 90 + (i % 3) * 40;
  memset (out, 0, sizeof out);
  step = kefu_chart_layout_axis_labels (centres, widths, heights, 20, 30, &bounds, out, shown, &rotated, &used);
  g_assert_true (rotated);
  g_assert_cmpint (step, ==, 1);   /* 30 × sin 45° ≥ 16 + gap */
  g_assert_cmpfloat (used, <=, bounds.height);
  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (rect_inside (&out[i].box, &bounds));
      if (i > 0)
        g_assert_false (overlap (&out[i - 1], &out[i]));
    }

  /* Crowded: thinned out. */
  for (guint i = 0; i < 20; i++)
    centres[i] = 40 + i * 8;
  memset (out, 0, sizeof out);
  step = kefu_chart_layout_axis_labels (centres, widths, heights, 20, 8, &bounds, out, shown, &rotated, &used);
  g_assert_cmpint (step, >, 1);
  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (shown[i] == (i % step == 0));
      for (guint j = i + 1; j < 20; j++)
        if (shown[i] && shown[j])
          g_assert_false (overlap (&out[i], &out[j]));
    }
}

/* Where @needle is in @len bytes of @haystack (a PDF has NULs), or NULL. */
static const char *
find_bytes (const char *haystack,
            gsize       len,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return haystack + i;
  return NULL;
}

/* ---- export ------------------------------------------------------------------------ */

static void
test_export_png_svg_pdf (KefuTestDir   *dir,
                         gconstpointer  data)
{
  g_autoptr(KefuChart) chart = by_kind_chart ();
  g_autofree char *png = kefu_test_path (dir, "chart.png");
  g_autofree char *svg = kefu_test_path (dir, "chart.svg");
  g_autofree char *pdf = kefu_test_path (dir, "chart.PDF");
  g_autofree char *bad = kefu_test_path (dir, "chart.bmp");
  g_autofree char *missing = kefu_test_path (dir, "no/such/folder/chart.png");
  g_autofree char *svg_text = NULL, *pdf_text = NULL;
  gsize svg_len, pdf_len;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  const char *p;
  guint pages = 0;
  g_autoptr(GRegex) svg_size = g_regex_new ("<svg[^>]*width=\"800(pt)?\"[^>]*height=\"500(pt)?\"", 0, 0, NULL);

  g_assert_true (kefu_chart_export (chart, png, 800, 500, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 500);
  cairo_surface_destroy (image);

  g_assert_true (kefu_chart_export (chart, svg, 800, 500, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &svg_text, &svg_len, NULL));
  g_assert_nonnull (strstr (svg_text, "<?xml"));
  g_assert_true (g_regex_match (svg_size, svg_text, 0, NULL));
  g_assert_nonnull (strstr (svg_text, "</svg>"));

  g_assert_true (kefu_chart_export (chart, pdf, 800, 500, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &pdf_text, &pdf_len, NULL));
  g_assert_true (g_str_has_prefix (pdf_text, "%PDF-"));
  for (p = pdf_text; (p = find_bytes (p, pdf_len - (p - pdf_text), "/Type /Page")) != NULL; p += 11)
    if (p[11] != 's')
      pages++;
  g_assert_cmpuint (pages, ==, 1);
  g_assert_nonnull (find_bytes (pdf_text, pdf_len, "/MediaBox [ 0 0 800 500 ]"));
  g_assert_true (find_bytes (pdf_text, pdf_len, "NotoSansCJK") != NULL ||
                 find_bytes (pdf_text, pdf_len, "WenQuanYi") != NULL ||
                 find_bytes (pdf_text, pdf_len, "CJK") != NULL);
  /* Simplified Chinese glyphs whatever the locale (C.UTF-8 here) */
  g_assert_null (find_bytes (pdf_text, pdf_len, "NotoSansCJKjp"));
  g_assert_null (find_bytes (pdf_text, pdf_len, "NotoSansCJKtc"));
  g_assert_true (find_bytes (pdf_text, pdf_len, "NotoSansCJKsc") != NULL ||
                 find_bytes (pdf_text, pdf_len, "WenQuanYi") != NULL);

  /* No half files: a bad name or folder is an error and leaves nothing. */
  g_assert_false (kefu_chart_export (chart, bad, 800, 500, &error));
  g_assert_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "chart.bmp"));
  g_clear_error (&error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_false (kefu_chart_export (chart, missing, 800, 500, &error));
  g_assert_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "chart.png"));
}

/* ---- every kind, light and dark, written for people to look at -------------------------- */

static void
test_gallery (void)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *folder = g_build_filename (builddir != NULL ? builddir : ".", "charts", NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  for (guint k = 0; k < G_N_ELEMENTS (gallery); k++)
    for (int dark = 0; dark < 2; dark++)
      {
        g_autoptr(KefuChart) chart = gallery[k].make ();
        g_autofree char *name = g_strdup_printf ("%s%s.png", gallery[k].name, dark ? "-dark" : "");
        g_autofree char *path = g_build_filename (folder, name, NULL);
        g_autoptr(GError) error = NULL;
        cairo_surface_t *image;

        kefu_chart_set_dark (chart, dark);
        g_assert_true (kefu_chart_export (chart, path, W, H, &error));
        g_assert_no_error (error);
        assert_texts_legible (chart, name);
        image = cairo_image_surface_create_from_png (path);
        g_assert_cmpint (cairo_image_surface_get_width (image), ==, W);
        cairo_surface_destroy (image);
      }
}

/* Small cards to a full-HD dashboard: every kind keeps its texts inside
 * and apart, and its marks inside the chart. */
static void
test_every_kind_every_size (void)
{
  static const int sizes[][2] = { { 320, 220 }, { 480, 300 }, { 720, 420 }, { 1000, 360 }, { 1920, 1080 }, { 360, 640 } };

  for (guint k = 0; k < G_N_ELEMENTS (gallery); k++)
    for (guint z = 0; z < G_N_ELEMENTS (sizes); z++)
      {
        g_autoptr(KefuChart) chart = gallery[k].make ();
        g_autofree char *what = g_strdup_printf ("%s at %d × %d", gallery[k].name, sizes[z][0], sizes[z][1]);
        const KefuChartGeometry *geo;
        KefuChartRect page = { 0, 0, sizes[z][0], sizes[z][1] };

        render (chart, sizes[z][0], sizes[z][1]);
        geo = kefu_chart_get_geometry (chart);
        assert_texts_legible (chart, what);
        g_assert_cmpuint (geo->marks->len, >, 0);
        for (guint i = 0; i < geo->marks->len; i++)
          if (!rect_inside (&mark (chart, i)->box, &page))
            g_error ("%s: mark %u is outside the chart", what, i);
      }
}

static void
test_empty_chart (void)
{
  g_autoptr(KefuChart) chart = kefu_chart_new (KEFU_CHART_STACKED_BARS, "各月工单");
  g_autofree char *text = NULL;
  KefuChartHit hit;

  render (chart, W, H);
  g_assert_cmpuint (kefu_chart_get_n_marks (chart), ==, 0);
  g_assert_false (kefu_chart_hit (chart, W / 2.0, H / 2.0, &hit));
  g_assert_cmpuint (count_texts (chart, KEFU_CHART_TEXT_NOTE), ==, 1);
  text = kefu_chart_describe (chart);
  g_assert_nonnull (strstr (text, "No data"));
}

/* ---- highlight ------------------------------------------------------------------- */

static cairo_surface_t *
render_image (KefuChart *chart,
              int        width,
              int        height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  kefu_chart_render (chart, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Hovering (or focusing) a mark changes only the pixels around that mark:
 * no line from the last text drawn (the chart's corner) to the point. */
static void
test_highlight_only_around_the_mark (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (gallery); k++)
    {
      g_autoptr(KefuChart) chart = gallery[k].make ();
      cairo_surface_t *plain, *lit;
      const KefuChartMark *m;
      int n, index, stride;
      guint changed = 0, stray = 0;
      const guchar *a, *b;

      plain = render_image (chart, W, H);
      n = (int) kefu_chart_get_n_marks (chart);
      g_assert_cmpint (n, >, 0);
      index = n / 2;
      kefu_chart_set_highlight (chart, index);
      lit = render_image (chart, W, H);
      m = mark (chart, index);
      a = cairo_image_surface_get_data (plain);
      b = cairo_image_surface_get_data (lit);
      stride = cairo_image_surface_get_stride (plain);
      for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
          {
            const guint32 pa = *(const guint32 *) (a + y * stride + 4 * x);
            const guint32 pb = *(const guint32 *) (b + y * stride + 4 * x);
            double bx0 = m->box.x, by0 = m->box.y, bx1 = m->box.x + m->box.width, by1 = m->box.y + m->box.height;

            if (pa == pb)
              continue;
            changed++;
            if (m->shape == KEFU_CHART_MARK_SLICE)
              {
                double d = hypot (x + 0.5 - m->ox, y + 0.5 - m->oy);
                if (d < m->r0 - 6 || d > m->r1 + 6)
                  stray++;
                continue;
              }
            if (m->shape == KEFU_CHART_MARK_POINT)
              bx0 = bx1 = m->cx, by0 = by1 = m->cy;
            if (x + 0.5 < bx0 - 9 || x + 0.5 > bx1 + 9 || y + 0.5 < by0 - 9 || y + 0.5 > by1 + 9)
              stray++;
          }
      if (stray > 0)
        g_error ("%s: highlighting mark %d changed %u pixels away from it", gallery[k].name, index, stray);
      g_assert_cmpuint (changed, >, 0);
      cairo_surface_destroy (plain);
      cairo_surface_destroy (lit);
    }
}

/* ---- colours ----------------------------------------------------------------------- */

static double
linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
lab_f (double t)
{
  return t > 0.008856 ? cbrt (t) : 7.787 * t + 16.0 / 116;
}

/* @rgb (sRGB) as a person with @vision sees it (Machado, Oliveira and
 * Fernandes 2009, full severity), in CIE L*a*b*. */
static void
seen_as_lab (const double rgb[3],
             guint        vision,
             double       lab[3])
{
  static const double m[4][3][3] = {
    { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
    { { 0.152286, 1.052583, -0.204868 }, { 0.114503, 0.786281, 0.099216 }, { -0.003882, -0.048116, 1.051998 } },
    { { 0.367322, 0.860646, -0.227968 }, { 0.280085, 0.672501, 0.047413 }, { -0.011820, 0.042940, 0.968881 } },
    { { 1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 }, { 0.004733, 0.691367, 0.303900 } },
  };
  double lin[3], o[3], x, y, z;

  for (guint i = 0; i < 3; i++)
    lin[i] = linear (rgb[i]);
  for (guint i = 0; i < 3; i++)
    o[i] = CLAMP (m[vision][i][0] * lin[0] + m[vision][i][1] * lin[1] + m[vision][i][2] * lin[2], 0, 1);
  x = lab_f ((0.4124 * o[0] + 0.3576 * o[1] + 0.1805 * o[2]) / 0.95047);
  y = lab_f (0.2126 * o[0] + 0.7152 * o[1] + 0.0722 * o[2]);
  z = lab_f ((0.0193 * o[0] + 0.1192 * o[1] + 0.9505 * o[2]) / 1.08883);
  lab[0] = 116 * y - 16;
  lab[1] = 500 * (x - y);
  lab[2] = 200 * (y - z);
}

/* The eight series colours stay apart (ΔE*ab ≥ 12) in light and dark
 * style, with normal vision and each of protanopia, deuteranopia and
 * tritanopia; the ninth and later repeat a colour only with a pattern. */
static void
test_series_colours_distinct (void)
{
  static const char *const visions[] = { "normal vision", "protanopia", "deuteranopia", "tritanopia" };

  for (int dark = 0; dark < 2; dark++)
    for (guint v = 0; v < G_N_ELEMENTS (visions); v++)
      for (guint i = 0; i < 8; i++)
        for (guint j = i + 1; j < 8; j++)
          {
            double a[3], b[3], la[3], lb[3], d;
            guint pa, pb;

            kefu_chart_series_colour (dark, i, a, &pa);
            kefu_chart_series_colour (dark, j, b, &pb);
            g_assert_cmpuint (pa, ==, 0);
            g_assert_cmpuint (pb, ==, 0);
            seen_as_lab (a, v, la);
            seen_as_lab (b, v, lb);
            d = sqrt ((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1]) +
                      (la[2] - lb[2]) * (la[2] - lb[2]));
            if (d < 12)
              g_error ("%s style, %s: series %u and %u are only %.1f apart", dark ? "dark" : "light", visions[v], i, j, d);
          }
  for (guint i = 8; i < 24; i++)
    {
      double a[3], b[3];
      guint pattern;

      kefu_chart_series_colour (FALSE, i, a, &pattern);
      kefu_chart_series_colour (FALSE, i % 8, b, NULL);
      g_assert_cmpuint (pattern, ==, i / 8);
      g_assert_true (a[0] == b[0] && a[1] == b[1] && a[2] == b[2]);
    }
}

/* Distinct pixel values in a strip along @box's left side, 3 to 12 px in
 * (clear of the value centred in it). */
static guint
colours_inside (cairo_surface_t     *image,
                const KefuChartRect *box)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  const guchar *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);

  for (int y = (int) ceil (box->y) + 3; y < (int) floor (box->y + box->height) - 3; y++)
    for (int x = (int) ceil (box->x) + 3; x < (int) ceil (box->x) + 12; x++)
      g_hash_table_add (seen, GUINT_TO_POINTER (*(const guint32 *) (data + y * stride + 4 * x) & 0xffffff));
  return g_hash_table_size (seen);
}

/* Ten sub-types stacked: the first eight are plain colours, the ninth and
 * tenth the first two colours hatched, so 水电 and the ninth differ. */
static void
test_series_beyond_eight_patterned (void)
{
  static const char *const names[] = { "水电", "其他", "公共设施", "收费缴费", "门窗", "电梯", "服务态度", "噪音邻里",
                                       "消防设施", "保洁绿化" };
  static const char *const two[] = { "1月", "2月", NULL };
  static const double values[] = { 40, 40 };
  g_autoptr(KefuChart) chart = kefu_chart_new (KEFU_CHART_STACKED_BARS, "各月工单量（按子类）");
  cairo_surface_t *image;

  kefu_chart_set_categories (chart, two);
  for (guint s = 0; s < G_N_ELEMENTS (names); s++)
    kefu_chart_add_series (chart, names[s], values, 2);
  image = render_image (chart, 800, 900);
  for (guint s = 0; s < G_N_ELEMENTS (names); s++)
    {
      const KefuChartMark *m = find (chart, s, 0, -1);
      guint n = colours_inside (image, &m->box);

      if (s < 8)
        g_assert_cmpuint (n, ==, 1);
      else
        g_assert_cmpuint (n, >=, 2);
    }
  /* the hatched segment is not the plain segment of the same colour */
  {
    const KefuChartMark *plain = find (chart, 0, 1, -1), *hatched = find (chart, 8, 1, -1);
    const guchar *data = cairo_image_surface_get_data (image);
    int stride = cairo_image_surface_get_stride (image);
    guint differ = 0, total = 0;

    for (int dy = 3; dy < (int) MIN (plain->box.height, hatched->box.height) - 3; dy++)
      for (int dx = 3; dx < 12; dx++)
        {
          guint32 a = *(const guint32 *) (data + ((int) plain->box.y + dy) * stride + 4 * ((int) plain->box.x + dx));
          guint32 b = *(const guint32 *) (data + ((int) hatched->box.y + dy) * stride + 4 * ((int) hatched->box.x + dx));
          total++;
          differ += (a & 0xffffff) != (b & 0xffffff);
        }
    g_assert_cmpuint (total, >, 0);
    g_assert_cmpuint (differ, >=, total / 5);
  }
  cairo_surface_destroy (image);
}

/* A few tickets a day: the count axis has whole ticks (no 0.5 ticket),
 * and a missing day (NaN) is no point, so the line has a gap there. */
static void
test_count_axis_whole_and_gaps (void)
{
  static const char *const days[] = { "1日", "2日", "3日", "4日", "5日", "6日", NULL };
  static const double counts[] = { 0, 1, 3, 2, NAN, NAN };
  g_autoptr(KefuChart) chart = kefu_chart_new (KEFU_CHART_LINE, "每日工单");
  const KefuChartGeometry *geo;
  guint ticks = 0;

  kefu_chart_set_categories (chart, days);
  kefu_chart_add_series (chart, "本期", counts, 6);
  for (int h = 220; h <= 900; h += 340)
    {
      render (chart, W, h);
      geo = kefu_chart_get_geometry (chart);
      g_assert_cmpfloat (geo->tick_step, >=, 1);
      g_assert_cmpfloat (geo->tick_step, ==, round (geo->tick_step));
      for (guint i = 0; i < geo->texts->len; i++)
        {
          const KefuChartText *t = &g_array_index (geo->texts, KefuChartText, i);
          if (t->role != KEFU_CHART_TEXT_TICK)
            continue;
          ticks++;
          g_assert_null (strchr (t->text, '.'));
        }
      /* four points: the days to come are not drawn as zeros */
      g_assert_cmpuint (kefu_chart_get_n_marks (chart), ==, 4);
    }
  g_assert_cmpuint (ticks, >=, 4);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/chart/ticks/one-two-five", test_ticks_one_two_five);
  g_test_add_func ("/core/chart/format/rates-minutes-counts", test_format_values);
  g_test_add_func ("/core/chart/stacked-bars/proportional-and-stacked", test_stacked_bars_proportional);
  g_test_add_func ("/core/chart/line/points-on-the-value-scale", test_line_points_on_scale);
  g_test_add_func ("/core/chart/donut/angles-sum-to-a-turn", test_donut_angles);
  g_test_add_func ("/core/chart/heatmap/cells-fill-the-grid", test_heatmap_cells_fill_grid);
  g_test_add_func ("/core/chart/histogram/target-at-bin-boundary", test_histogram_target_at_boundary);
  g_test_add_func ("/core/chart/bullet/bar-proportional-to-value", test_bullets_value_and_target);
  g_test_add_func ("/core/chart/radar/vertices-at-their-value", test_radar_vertices);
  g_test_add_func ("/core/chart/gantt/spans-on-the-time-axis", test_gantt_spans_on_time_axis);
  g_test_add_func ("/core/chart/hit/mark-under-its-centre", test_hit_centre_and_outside);
  g_test_add_func ("/core/chart/hit/nothing-outside-the-marks", test_hit_outside_plot);
  g_test_add_func ("/core/chart/describe/mentions-the-values", test_describe_mentions_values);
  g_test_add_func ("/core/chart/labels/twelve-months-level", test_labels_months_level);
  g_test_add_func ("/core/chart/labels/thirty-buildings-apart-and-inside", test_labels_thirty_buildings);
  g_test_add_func ("/core/chart/labels/layout-rotates-and-thins", test_labels_layout_function);
  g_test_add ("/core/chart/export/png-svg-pdf", KefuTestDir, NULL, kefu_test_dir_setup,
              test_export_png_svg_pdf, kefu_test_dir_teardown);
  g_test_add_func ("/core/chart/labels/every-kind-every-size", test_every_kind_every_size);
  g_test_add_func ("/core/chart/empty/says-no-data", test_empty_chart);
  g_test_add_func ("/core/chart/gallery", test_gallery);
  g_test_add_func ("/core/chart/highlight/only-around-the-mark", test_highlight_only_around_the_mark);
  g_test_add_func ("/core/chart/colours/eight-distinct-for-colour-blindness", test_series_colours_distinct);
  g_test_add_func ("/core/chart/colours/beyond-eight-patterned", test_series_beyond_eight_patterned);
  g_test_add_func ("/core/chart/line/count-axis-whole-gaps-for-missing", test_count_axis_whole_and_gaps);

  return g_test_run ();
}
