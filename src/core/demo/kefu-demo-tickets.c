/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-demo-tickets.c — the sample center's year of tickets
 *
 * The kinds, sub-types, channels and texts with their weights, the
 * arrival times (a summer peak of leaks), response and repair durations,
 * events and open tickets; then repeats linked and clocks started. See
 * kefu-demo.c for the load as a whole.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-batch-private.h"
#include "kefu-demo.h"
#include "kefu-demo-private.h"
#include "kefu-demo-questions.h"
#include "kefu-search.h"
#include "kefu-sla.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

typedef struct { const char *subtype; int weight; int level; const char *const *texts; } SubtypeSpec;

static const char *const t_plumbing[] = {
  "卫生间天花板漏水，怀疑楼上水管破裂", "厨房水龙头关不紧，一直滴水", "家里突然停电，总闸跳了合不上",
  "阳台地漏堵塞，下雨天积水倒灌", "热水器所在墙面插座冒火花，已断电", "马桶水箱一直进水停不下来",
  "客厅顶灯线路老化，开关时闪烁", "楼上渗水到我家卧室墙面，墙皮起泡", NULL };
static const char *const t_elevator[] = {
  "电梯运行时有异响，像金属摩擦声", "电梯门关不上，反复开合", "电梯困人！有老人被困在电梯里",
  "电梯按钮失灵，按了没反应", "电梯平层不准，出门有台阶容易绊倒", NULL };
static const char *const t_doors[] = {
  "入户门锁芯坏了，钥匙拧不动", "单元门禁刷卡没反应", "窗户密封条老化，下雨进水",
  "楼道防火门闭门器损坏，门关不上", NULL };
static const char *const t_common[] = {
  "地下车库照明灯坏了好几盏", "楼道声控灯不亮", "小区健身器材螺丝松动，有安全隐患",
  "儿童乐园滑梯有裂缝", "大堂自动门卡住了", NULL };
static const char *const t_fire[] = {
  "楼道灭火器过期了", "消防栓箱门脱落", "烟感报警器一直在响", "消防通道被杂物堵塞", NULL };
static const char *const t_other[] = { "信报箱钥匙丢失，需要开锁", "快递柜屏幕黑屏", NULL };
static const char *const t_noise[] = {
  "楼上深夜一直有敲击声，严重影响休息", "隔壁装修周末一早就开始电钻，不按规定时间施工",
  "广场舞音响声音太大", NULL };
static const char *const t_environment[] = {
  "垃圾桶满了没人清理，气味很大", "楼道有人堆放杂物", "草坪很久没修剪", "有宠物粪便没人清理", NULL };
static const char *const t_service[] = {
  "上次报修的师傅态度很差，太离谱了", "打电话到客服中心一直没人接", "报修三天了还没人来处理，必须解决！",
  "前台工作人员说这不是她的事，推诿扯皮", NULL };
static const char *const t_fees[] = {
  "物业费账单金额和去年不一致，请核实", "停车费怎么缴纳？", "公摊水电费明细在哪里查看", NULL };
static const char *const t_security[] = {
  "外来车辆占用我的车位", "有陌生人在楼道发小广告", "小区北门晚上没人值守", NULL };
static const char *const t_inquiry[] = {
  "装修需要办理什么手续？", "访客车辆如何登记进入？", "业主大会什么时候召开？",
  "如何办理门禁卡补办？", "水电费可以线上缴纳吗？", NULL };
static const char *const t_suggestion[] = {
  "建议在电动车棚增加充电桩", "建议小区增加夜间巡逻频次", "建议垃圾分类点增加洗手池", NULL };
static const char *const t_praise[] = {
  "感谢维修李师傅，半小时就修好了", "客服小陈耐心帮忙，非常满意", "保安大哥帮忙搬东西，点赞", NULL };
static const char *const t_assistance[] = {
  "家中老人摔倒，请物业帮忙联系家属", "钥匙锁在家里了，请协助联系开锁", "快递太重，请帮忙搬上楼",
  "孩子走失，请帮忙查看监控", NULL };

static const SubtypeSpec repair_subtypes[] = {
  { "plumbing_electrical", 45, 3, t_plumbing }, { "elevator", 12, 3, t_elevator },
  { "doors_windows", 15, 3, t_doors }, { "common_facilities", 15, 3, t_common },
  { "fire", 5, 2, t_fire }, { "other", 8, 3, t_other },
};
static const SubtypeSpec complaint_subtypes[] = {
  { "noise", 25, 3, t_noise }, { "environment", 20, 3, t_environment }, { "service", 20, 3, t_service },
  { "fees", 10, 3, t_fees }, { "security", 15, 3, t_security }, { "elevator", 10, 3, t_elevator },
};
static const SubtypeSpec inquiry_subtypes[] = { { "fees", 50, 3, t_fees }, { "other", 50, 3, t_inquiry } };
static const SubtypeSpec suggestion_subtypes[] = { { "common_facilities", 100, 3, t_suggestion } };
static const SubtypeSpec praise_subtypes[] = { { "service", 100, 3, t_praise } };
static const SubtypeSpec assistance_subtypes[] = { { "other", 100, 3, t_assistance } };

static const struct { const char *kind; int weight; const SubtypeSpec *subtypes; guint n; } kinds[] = {
  { "repair", 55, repair_subtypes, G_N_ELEMENTS (repair_subtypes) },
  { "complaint", 12, complaint_subtypes, G_N_ELEMENTS (complaint_subtypes) },
  { "inquiry", 15, inquiry_subtypes, G_N_ELEMENTS (inquiry_subtypes) },
  { "suggestion", 5, suggestion_subtypes, G_N_ELEMENTS (suggestion_subtypes) },
  { "praise", 4, praise_subtypes, G_N_ELEMENTS (praise_subtypes) },
  { "assistance", 9, assistance_subtypes, G_N_ELEMENTS (assistance_subtypes) },
};

static const struct { const char *code; int weight; } channels[] = {
  { "phone", 40 }, { "wechat", 30 }, { "app", 18 }, { "walk_in", 8 }, { "patrol", 4 },
};

/* Leaks by month, January first: the summer peak (+45% in July). */
static const double leak_season[12] = { 0.7, 0.7, 0.8, 0.9, 1.1, 1.3, 1.45, 1.35, 1.1, 0.9, 0.8, 0.7 };

static int
pick_weighted (GRand     *rand,
               const int *weights,
               guint      n)
{
  int total = 0, r;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  r = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  return n - 1;
}

/* A log-normal duration in seconds around @median_min minutes. */
static gint64
lognormal_seconds (GRand  *rand,
                   double  median_min,
                   double  sigma)
{
  double u1 = g_rand_double_range (rand, 1e-9, 1.0);
  double u2 = g_rand_double (rand);
  double z = sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);

  return (gint64) (median_min * exp (sigma * z) * 60.0) + 30;
}

static const char *
pick_text (GRand             *rand,
           const char *const *texts)
{
  guint n = g_strv_length ((char **) texts);
  return texts[g_rand_int_range (rand, 0, n)];
}

static int
team_for (const char *kind,
          const char *subtype)
{
  if (g_str_equal (subtype, "elevator") || g_str_equal (subtype, "fire"))
    return TEAM_SPECIAL;
  if (g_str_equal (subtype, "environment"))
    return TEAM_CLEANING;
  if (g_str_equal (subtype, "security") || g_str_equal (subtype, "noise"))
    return TEAM_SECURITY;
  if (g_str_equal (subtype, "common_facilities"))
    return TEAM_ENGINEERING;
  if (g_str_equal (kind, "repair"))
    return TEAM_PLUMBING;
  return -1;   /* inquiries, praise: the desk answers itself */
}

static gint64 *
ticket_times (Demo  *d,
              guint  n,
              guint  n_open)
{
  gint64 *times = g_new (gint64, n);
  gint64 start = d->now - 365 * (gint64) DAY;
  /* the zone once (as in make_tickets): a local time per ticket read
   * /etc/localtime twice */
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  static const int hour_weights[24] = { 1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 13, 11, 9, 10, 11, 11, 10, 9, 10, 9, 7, 5, 3, 2 };

  for (guint i = 0; i < n; i++)
    {
      gint64 t;

      if (i < n_open)
        t = d->now - g_rand_int_range (d->rand, 10 * 60, 2 * DAY);
      else
        {
          /* Accept a day with a probability that follows the season. */
          for (;;)
            {
              g_autoptr(GDateTime) utc = NULL;
              g_autoptr(GDateTime) dt = NULL;
              gint64 day = start + g_rand_int_range (d->rand, 0, 363) * (gint64) DAY;

              utc = g_date_time_new_from_unix_utc (day);
              dt = g_date_time_to_timezone (utc, local);
              /* Overall volume follows the season a little; leaks follow it fully (below). */
              if (g_rand_double (d->rand) * 1.09 < 0.8 + 0.2 * leak_season[g_date_time_get_month (dt) - 1])
                {
                  g_autoptr(GDateTime) midnight =
                    g_date_time_new (local, g_date_time_get_year (dt), g_date_time_get_month (dt),
                                     g_date_time_get_day_of_month (dt), 0, 0, 0);
                  int hour = pick_weighted (d->rand, hour_weights, 24);
                  t = g_date_time_to_unix (midnight) + hour * 3600 + g_rand_int_range (d->rand, 0, 3600);
                  break;
                }
            }
        }
      times[i] = t;
    }
  return times;
}

static int
compare_i64 (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* Repeated reports, found as the tickets are written, as
 * kefu_demo_link_repeats()'s UPDATE finds them afterwards: a report
 * (repair or complaint) of an elevator, a common facility or a fire
 * safety fault at a common area (no unit) is linked to the first earlier
 * report at the same place with the same sub-type and text, within the
 * week before it, that is not itself linked. The tickets come in
 * creation order, so each place's unlinked reports are a queue whose
 * head drops out of the week for good. */
typedef struct {
  gint64 id;
  gint64 created;
} Report;

typedef struct {
  GArray *reports;   /* Report, by id */
  guint   head;      /* the first one still within a week */
} Reports;

static void
reports_free (gpointer data)
{
  Reports *r = data;

  g_array_unref (r->reports);
  g_free (r);
}

/* the report @key (place, sub-type, text) repeats, or 0 */
static gint64
repeats_first (GHashTable *repeats,
               const char *key,
               gint64      created)
{
  Reports *r = g_hash_table_lookup (repeats, key);

  if (r == NULL)
    return 0;
  while (r->head < r->reports->len && g_array_index (r->reports, Report, r->head).created <= created - 7 * DAY)
    r->head++;
  /* (what dropped out goes, now and then) */
  if (r->head > 1024 && r->head * 2 > r->reports->len)
    {
      g_array_remove_range (r->reports, 0, r->head);
      r->head = 0;
    }
  return r->head < r->reports->len ? g_array_index (r->reports, Report, r->head).id : 0;
}

static void
repeats_add (GHashTable *repeats,
             const char *key,
             gint64      id,
             gint64      created)
{
  Reports *r = g_hash_table_lookup (repeats, key);
  Report report = { id, created };

  if (r == NULL)
    {
      r = g_new0 (Reports, 1);
      r->reports = g_array_new (FALSE, FALSE, sizeof (Report));
      g_hash_table_insert (repeats, g_strdup (key), r);
    }
  g_array_append_val (r->reports, report);
}

typedef struct {
  KefuBulkRows *tickets;  /* the same, each with its id (kefu_bulk_rows_new_keyed) */
  KefuBulkRows *events;   /* written as sets during the bulk load (kefu_bulk_rows_new) */
} TicketStmts;

static gboolean
add_event (Demo         *d,
           TicketStmts  *s,
           gint64        ticket_id,
           gint64        at,
           gint64        user_id,
           const char   *kind,
           const char   *from,
           const char   *to,
           const char   *body)
{
  kefu_bulk_rows_int (s->events, ticket_id);
  kefu_bulk_rows_int (s->events, at);
  kefu_bulk_rows_id (s->events, user_id);
  kefu_bulk_rows_text (s->events, kind);
  kefu_bulk_rows_text_or_null (s->events, from);
  kefu_bulk_rows_text_or_null (s->events, to);
  kefu_bulk_rows_text_or_null (s->events, body);
  return kefu_bulk_rows_end_row (s->events, d->error);
}

static gboolean
make_tickets (Demo  *d,
              guint  n)
{
  static const char *const open_states[] = { "new", "dispatched", "accepted", "on_site", "on_hold", "resolved", "reopened" };
  static const int satisfaction_weights[5] = { 5, 8, 17, 32, 38 };
  guint n_open = MIN (n / 10, 48);
  g_autofree gint64 *times = ticket_times (d, n, n_open);
  /* the zone once: GLib 2.74 reads /etc/localtime again for each
   * g_date_time_new_from_unix_local () when TZ is not set */
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  int kind_weights[G_N_ELEMENTS (kinds)];
  int channel_weights[G_N_ELEMENTS (channels)];
  TicketStmts s;
  g_autoptr(KefuBulkRows) tickets = NULL;
  g_autoptr(KefuBulkRows) events = NULL;
  char last_day[16] = "";
  guint day_seq = 0;
  /* a file's load links repeated reports as it goes (a server's with the
   * UPDATE of kefu_demo_link_repeats) */
  gboolean link = !kefu_store_is_server (d->store);
  g_autoptr(GHashTable) repeats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, reports_free);

  /* the tickets as sets too, each given the id it will have, and their
   * events written after them */
  tickets = kefu_bulk_rows_new_keyed (&d->load, "tickets",
    "number, channel, kind, subtype, level, estate_id, building_id, unit_id, location, "
    "owner_id, contact_phone, description, status, agent_id, team_id, technician_id, created_by, created_at, "
    "first_response_at, dispatched_at, accepted_at, arrived_at, resolved_at, closed_at, cancelled_at, "
    "hold_reason, cancel_reason, satisfaction, followup_comment, followed_up_at, reopen_count, flagged, "
    "response_due_at, resolution_due_at, next_due_at, on_hold_since, updated_at, linked_to, version", 39);
  s.tickets = tickets;
  events = kefu_bulk_rows_new (&d->load, "ticket_events", "ticket_id, at, user_id, kind, from_status, to_status, body", 7);
  kefu_bulk_rows_set_parent (events, tickets);
  s.events = events;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    kind_weights[i] = kinds[i].weight;
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    channel_weights[i] = channels[i].weight;

  /* The open ones are the newest: generate in time order, then decide. */
  qsort (times, n, sizeof (gint64), compare_i64);

  for (guint i = 0; i < n; i++)
    {
      gint64 created = times[i];
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (created);
      g_autoptr(GDateTime) dt = g_date_time_to_timezone (utc, local);
      g_autofree char *day = g_date_time_format (dt, "%Y%m%d");
      g_autofree char *number = NULL;
      g_autofree char *location = NULL;
      g_autofree char *description = NULL;
      int k = pick_weighted (d->rand, kind_weights, G_N_ELEMENTS (kinds));
      const char *kind = kinds[k].kind;
      const SubtypeSpec *sub;
      int sub_weights[8];
      const char *channel;
      guint owner_index = g_rand_int_range (d->rand, 0, d->owner_ids->len);
      guint unit_index = g_array_index (d->owner_unit, guint, owner_index);
      int building = g_array_index (d->unit_building, int, unit_index);
      gint64 agent = g_array_index (d->agents, gint64, g_rand_int_range (d->rand, 0, d->agents->len));
      gint64 dispatcher = g_array_index (d->dispatchers, gint64, g_rand_int_range (d->rand, 0, d->dispatchers->len));
      gboolean is_open = created > d->now - 2 * DAY - 1 && (n - i) <= n_open;
      const char *status;
      int level, team;
      gint64 tech = 0, ticket_id;
      gint64 response, dispatched = 0, accepted = 0, arrived = 0, resolved = 0, closed = 0, followed = 0, cancelled = 0;
      int satisfaction = 0, reopen = 0;
      gboolean flagged = FALSE, common_area;
      const char *hold_reason = NULL, *cancel_reason = NULL;
      gint64 response_due, resolution_due;
      g_autofree char *repeat_key = NULL;
      gboolean linkable;
      gint64 linked_to = 0;

      if (g_str_equal (day, last_day))
        day_seq++;
      else
        {
          g_strlcpy (last_day, day, sizeof last_day);
          day_seq = 1;
        }
      number = g_strdup_printf ("GD%s%04u", day, day_seq);

      for (guint j = 0; j < kinds[k].n; j++)
        {
          sub_weights[j] = kinds[k].subtypes[j].weight;
          if (g_str_equal (kinds[k].subtypes[j].subtype, "plumbing_electrical"))
            sub_weights[j] = (int) (sub_weights[j] * leak_season[g_date_time_get_month (dt) - 1]);
        }
      sub = &kinds[k].subtypes[pick_weighted (d->rand, sub_weights, kinds[k].n)];
      description = g_strdup (pick_text (d->rand, sub->texts));
      level = sub->level;
      if (strstr (description, "困人") != NULL || strstr (description, "摔倒") != NULL ||
          strstr (description, "走失") != NULL || strstr (description, "冒火花") != NULL)
        level = 2;
      if (g_rand_int_range (d->rand, 0, 1000) < 3)
        {
          level = 1;
          g_free (description);
          description = g_strdup ("楼道配电箱冒烟起火，请立即处理！");
        }
      flagged = strstr (description, "太离谱") != NULL || strstr (description, "必须解决") != NULL;

      channel = g_array_index (d->owner_elderly, gboolean, owner_index)
                ? (g_rand_int_range (d->rand, 0, 10) < 8 ? "phone" : "walk_in")
                : channels[pick_weighted (d->rand, channel_weights, G_N_ELEMENTS (channels))].code;
      if (g_str_equal (channel, "patrol"))
        flagged = FALSE;

      common_area = g_str_equal (sub->subtype, "elevator") || g_str_equal (sub->subtype, "common_facilities") ||
                    g_str_equal (sub->subtype, "fire") || g_str_equal (sub->subtype, "environment") ||
                    g_str_equal (sub->subtype, "security") || level == 1;
      if (common_area)
        {
          static const char *const spots[] = { "电梯", "大堂", "楼道", "地下车库" };
          const char *spot = g_str_equal (sub->subtype, "elevator") ? "电梯"
                             : spots[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (spots))];
          location = g_str_equal (spot, "地下车库") ? g_strdup (spot)
                                                    : g_strdup_printf ("%d栋 %s", building + 1, spot);
        }
      else
        location = g_strdup (g_ptr_array_index (d->unit_names, unit_index));

      team = team_for (kind, sub->subtype);
      if (team == TEAM_SPECIAL && g_rand_int_range (d->rand, 0, 4) == 0)
        team = TEAM_CONTRACTOR;
      if (team >= 0)
        tech = g_array_index (d->teams[team].techs, gint64, g_rand_int_range (d->rand, 0, d->teams[team].techs->len));

      /* The clocks: about 40 minutes to respond, 3 hours to repair. */
      response = created + (level < 3 ? lognormal_seconds (d->rand, 3, 0.5) : lognormal_seconds (d->rand, 25, 0.9));
      response_due = created + (level == 1 ? 60 : level == 2 ? 5 * 60 : 15 * 60);
      resolution_due = created + (level == 1 ? 4 * 3600 : level == 2 ? 8 * 3600
                                  : g_str_equal (kind, "complaint") ? 48 * 3600 : 24 * 3600);
      if (team >= 0)
        {
          dispatched = response + lognormal_seconds (d->rand, 5, 0.6);
          accepted = dispatched + lognormal_seconds (d->rand, 6, 0.7);
          arrived = accepted + lognormal_seconds (d->rand, level < 3 ? 8 : 35, 0.6);
          resolved = arrived + lognormal_seconds (d->rand, g_str_equal (kind, "complaint") ? 600 : 90, 0.8);
        }
      else
        resolved = response + lognormal_seconds (d->rand, 20, 0.8);
      followed = resolved + lognormal_seconds (d->rand, 600, 0.7);
      closed = followed;
      satisfaction = 1 + pick_weighted (d->rand, satisfaction_weights, 5);

      if (is_open)
        {
          status = open_states[i % G_N_ELEMENTS (open_states)];
          if (g_str_equal (status, "new"))
            response = dispatched = accepted = arrived = resolved = 0;
          if (team < 0 && !g_str_equal (status, "new"))
            status = "resolved";
          if (g_str_equal (status, "dispatched"))
            accepted = arrived = resolved = 0;
          else if (g_str_equal (status, "accepted"))
            arrived = resolved = 0;
          else if (g_str_equal (status, "on_site") || g_str_equal (status, "on_hold") || g_str_equal (status, "reopened"))
            resolved = 0;
          if (g_str_equal (status, "on_hold"))
            hold_reason = "等待配件到货";
          if (g_str_equal (status, "reopened"))
            reopen = 1;
          /* Nothing in the future: a step that would lie ahead has not happened yet. */
          if (resolved > d->now) resolved = 0;
          if (arrived > d->now) { arrived = 0; resolved = 0; }
          if (accepted > d->now) { accepted = 0; arrived = resolved = 0; }
          if (dispatched > d->now) { dispatched = accepted = arrived = resolved = 0; }
          if (response > d->now) response = 0;
          followed = closed = 0;
          satisfaction = 0;
          if (resolved == 0 && g_str_equal (status, "resolved"))
            status = "on_site";
        }
      else if (g_rand_int_range (d->rand, 0, 100) < 2)
        {
          status = "cancelled";
          cancelled = response + 600;
          cancel_reason = "业主已自行处理";
          dispatched = accepted = arrived = resolved = followed = closed = 0;
          satisfaction = 0;
        }
      else
        {
          status = "closed";
          if (satisfaction <= 2 || g_rand_int_range (d->rand, 0, 100) < 4)
            reopen = 1;   /* not satisfied at the call-back: redone, then closed */
          if (reopen)
            {
              satisfaction = 3 + g_rand_int_range (d->rand, 0, 3);
              closed = followed = followed + lognormal_seconds (d->rand, 1200, 0.5);
            }
        }
      /* A ticket made in the last hours whose call-back or cancellation
       * would lie after "now" has not ended yet: it stays open, as far as
       * it has come (no random draws, so the tickets that follow are the
       * same). */
      if (!is_open && MAX (closed, cancelled) > d->now)
        {
          status = "resolved";
          cancel_reason = NULL;
          cancelled = followed = closed = 0;
          satisfaction = 0;
          reopen = 0;
          if (resolved > d->now) resolved = 0;
          if (arrived > d->now) { arrived = 0; resolved = 0; }
          if (accepted > d->now) { accepted = 0; arrived = resolved = 0; }
          if (dispatched > d->now) { dispatched = accepted = arrived = resolved = 0; }
          if (response > d->now)
            {
              status = "new";
              response = dispatched = accepted = arrived = resolved = 0;
            }
          else if (resolved == 0)
            status = "on_site";
        }

      /* what kefu_demo_link_repeats()'s UPDATE sets: the UPDATE touched
       * each such report, raising its version once (tickets_version) */
      linkable = link && common_area && (g_str_equal (kind, "repair") || g_str_equal (kind, "complaint")) &&
                 (g_str_equal (sub->subtype, "elevator") || g_str_equal (sub->subtype, "common_facilities") ||
                  g_str_equal (sub->subtype, "fire"));
      if (link && common_area)
        repeat_key = g_strjoin ("\n", location, sub->subtype, description, NULL);
      if (linkable)
        linked_to = repeats_first (repeats, repeat_key, created);

      {
        KefuBulkRows *t = s.tickets;

        kefu_bulk_rows_text (t, number);
        kefu_bulk_rows_text (t, channel);
        kefu_bulk_rows_text (t, kind);
        kefu_bulk_rows_text (t, sub->subtype);
        kefu_bulk_rows_int (t, level);
        kefu_bulk_rows_int (t, d->estate_id);
        kefu_bulk_rows_int (t, d->building_ids[building]);
        kefu_bulk_rows_id (t, common_area ? 0 : g_array_index (d->unit_ids, gint64, unit_index));
        kefu_bulk_rows_text (t, location);
        kefu_bulk_rows_int (t, g_array_index (d->owner_ids, gint64, owner_index));
        kefu_bulk_rows_text (t, g_ptr_array_index (d->owner_phones, owner_index));
        kefu_bulk_rows_text (t, description);
        kefu_bulk_rows_text (t, status);
        kefu_bulk_rows_int (t, agent);
        kefu_bulk_rows_id (t, dispatched ? d->teams[team].id : 0);
        kefu_bulk_rows_id (t, dispatched ? tech : 0);
        kefu_bulk_rows_int (t, agent);   /* created_by */
        kefu_bulk_rows_int (t, created);
        kefu_bulk_rows_id (t, response);
        kefu_bulk_rows_id (t, dispatched);
        kefu_bulk_rows_id (t, accepted);
        kefu_bulk_rows_id (t, arrived);
        kefu_bulk_rows_id (t, resolved);
        kefu_bulk_rows_id (t, closed);
        kefu_bulk_rows_id (t, cancelled);
        kefu_bulk_rows_text_or_null (t, hold_reason);
        kefu_bulk_rows_text_or_null (t, cancel_reason);
        kefu_bulk_rows_id (t, satisfaction);
        kefu_bulk_rows_text_or_null (t, satisfaction >= 4 ? "满意，处理及时" : satisfaction > 0 ? "速度有点慢" : NULL);
        kefu_bulk_rows_id (t, followed);
        kefu_bulk_rows_int (t, reopen);
        kefu_bulk_rows_int (t, flagged);
        kefu_bulk_rows_int (t, response_due);
        kefu_bulk_rows_int (t, resolution_due);
        kefu_bulk_rows_id (t, is_open && !g_str_equal (status, "on_hold")
                              ? (response ? resolution_due : response_due) : 0);
        kefu_bulk_rows_id (t, g_str_equal (status, "on_hold") ? MAX (arrived, created) + 600 : 0);
        kefu_bulk_rows_int (t, MAX (MAX (created, closed), MAX (resolved, cancelled)));
        kefu_bulk_rows_id (t, linked_to);
        kefu_bulk_rows_int (t, linkable ? 2 : 1);
        if (!kefu_bulk_rows_end_keyed_row (t, &ticket_id, d->error))
          return FALSE;
      }
      if (linkable)
        {
          d->n_link_updates++;
          d->last_link_update = ticket_id;
        }
      /* an unlinked report at a common area may be repeated by later ones */
      if (repeat_key != NULL && linked_to == 0)
        repeats_add (repeats, repeat_key, ticket_id, created);

      /* The timeline tells the same story. */
      if (!add_event (d, &s, ticket_id, created, agent, "created", NULL, "new", NULL))
        return FALSE;
      if (response && !add_event (d, &s, ticket_id, response, agent, "call", NULL, NULL, "已致电业主确认需求"))
        return FALSE;
      if (dispatched &&
          (!add_event (d, &s, ticket_id, dispatched, dispatcher, "status", "new", "dispatched", NULL) ||
           (accepted && !add_event (d, &s, ticket_id, accepted, 0, "status", "dispatched", "accepted", NULL)) ||
           (arrived && !add_event (d, &s, ticket_id, arrived, 0, "status", "accepted", "on_site", NULL))))
        return FALSE;
      if (hold_reason && !add_event (d, &s, ticket_id, MAX (arrived, created) + 600, agent, "status", "on_site", "on_hold", hold_reason))
        return FALSE;
      if (resolved && !add_event (d, &s, ticket_id, resolved, agent, "status", arrived ? "on_site" : "new", "resolved", NULL))
        return FALSE;
      if (reopen && resolved)
        {
          gint64 back = resolved + lognormal_seconds (d->rand, 300, 0.5);
          if (back < d->now &&
              (!add_event (d, &s, ticket_id, back, agent, "followup", NULL, NULL, "回访：业主表示问题未解决（满意度 2）") ||
               !add_event (d, &s, ticket_id, back, agent, "status", "resolved", "reopened", NULL)))
            return FALSE;
        }
      if (followed &&
          (!add_event (d, &s, ticket_id, followed, agent, "followup", NULL, NULL, NULL) ||
           !add_event (d, &s, ticket_id, closed, agent, "status", "resolved", "closed", NULL)))
        return FALSE;
      if (cancelled && !add_event (d, &s, ticket_id, cancelled, agent, "status", "new", "cancelled", cancel_reason))
        return FALSE;

      if ((i & 0x3ff) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (d->cancellable, d->error))
            return FALSE;
          if (d->progress)
            d->progress (0.15 + 0.7 * i / n, _("Writing a year of tickets…"), d->progress_data);
        }
      /* a full batch is checked, committed, and the next one begins */
      d->batch.rows++;
      if (i + 1 < n && kefu_batch_full (&d->batch) &&
          (!kefu_bulk_rows_flush (events, d->error) || !kefu_bulk_load_end (&d->load, d->error) ||
           !kefu_batch_next (&d->batch, d->error) ||
           !kefu_bulk_load_begin (d->store, &d->load, d->error)))
        return FALSE;
    }
  d->links_made = link;
  /* the last set, before the load's end checks it */
  return kefu_bulk_rows_flush (events, d->error);
}

/* The tickets and their events as one bulk load (kefu-bulk-load.c): the
 * CHECKs and the roll-up's marks once for all of them. */
gboolean
kefu_demo_make_tickets_in_bulk (Demo  *d,
                                guint  n)
{
  if (!kefu_bulk_load_begin (d->store, &d->load, d->error))
    return FALSE;
  if (!make_tickets (d, n))
    {
      kefu_bulk_load_abort (&d->load);
      return FALSE;
    }
  return kefu_bulk_load_end (&d->load, d->error);
}

/* A report of the same fault (sub-type) at the same common area within a
 * week of an earlier one is linked to the first report, as the intake
 * form offers; three or more make a recurring fault. */
gboolean
kefu_demo_link_repeats (Demo *d)
{
  /* A file's tickets were linked as they were written (make_tickets),
   * each touched report with the version the UPDATE below gave it; what
   * the UPDATE's triggers did besides: the tickets' topic counted once
   * for each report touched (tickets_changed_update), the last one's id
   * kept. Then each link's event, as below. */
  if (d->links_made)
    {
      if (d->n_link_updates > 0 &&
          !kefu_query_exec (d->store, "UPDATE store_changes SET seq = seq + ?1, last_id = ?2 WHERE topic = 'tickets'",
                            d->n_link_updates, d->last_link_update, d->error))
        return FALSE;
      return kefu_store_exec (d->store,
          "INSERT INTO ticket_events (ticket_id, at, user_id, kind, body) "
          "SELECT t.id, t.created_at, t.agent_id, 'link', '重复报告：' || p.number "
          "FROM tickets t JOIN tickets p ON p.id = t.linked_to", d->error);
    }
  /* the week before each report, found through an index that lives only
   * while linking (without it, a million tickets take quadratic time) */
  return kefu_store_exec (d->store,
      "CREATE INDEX demo_repeats ON tickets(location, subtype, description, created_at) WHERE unit_id IS NULL;"
      "UPDATE tickets SET linked_to = ("
      "  SELECT p.id FROM tickets p"
      "  WHERE p.location = tickets.location AND p.subtype = tickets.subtype AND p.unit_id IS NULL"
      "    AND p.description = tickets.description AND p.linked_to IS NULL AND p.id < tickets.id"
      "    AND p.created_at > tickets.created_at - 7 * 86400 AND p.created_at <= tickets.created_at"
      "  ORDER BY p.id LIMIT 1) "
      "WHERE unit_id IS NULL AND kind IN ('repair', 'complaint') "
      "  AND subtype IN ('elevator', 'common_facilities', 'fire');"
      "DROP INDEX demo_repeats;"
      "INSERT INTO ticket_events (ticket_id, at, user_id, kind, body) "
      "SELECT t.id, t.created_at, t.agent_id, 'link', '重复报告：' || p.number "
      "FROM tickets t JOIN tickets p ON p.id = t.linked_to", d->error);
}

/* The open tickets run on the shipped service-level policies. */
gboolean
kefu_demo_start_clocks (Demo *d)
{
  KEFU_AUTO_QUERY *stmt = prep (d, "SELECT id FROM tickets WHERE status NOT IN ('closed', 'cancelled')");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (stmt == NULL)
    return FALSE;
  while (kefu_query_step (d->store, stmt, NULL) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < ids->len; i++)
    if (!kefu_sla_update_ticket (d->store, g_array_index (ids, gint64, i), d->error))
      return FALSE;
  return TRUE;
}
