/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import-format.c — the file formats: the ticket and owner columns,
 * what each column may hold, the Chinese names of the codes, and local
 * times as files write them
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-export.h"
#include "kefu-importer-private.h"

/* The file format --------------------------------------------------------- */

const KefuColumnSpec kefu_ticket_columns[KEFU_TICKET_N_COLUMNS] = {
  [KEFU_TICKET_NUMBER] = { "number", "工单号", "工单编号|单号|ticket_number", KEFU_COLUMN_TEXT, 0, 17 },
  [KEFU_TICKET_CREATED_AT] = { "created_at", "创建时间", "受理时间|报事时间|created", KEFU_COLUMN_TIME, 0, 19 },
  [KEFU_TICKET_CHANNEL] = { "channel", "渠道", "来源|报事渠道", KEFU_COLUMN_CODE, KEFU_CODES_CHANNEL, 7 },
  [KEFU_TICKET_KIND] = { "kind", "类型", "工单类型|type", KEFU_COLUMN_CODE, KEFU_CODES_KIND, 7 },
  [KEFU_TICKET_SUBTYPE] = { "subtype", "子类型", "类别|细类", KEFU_COLUMN_CODE, KEFU_CODES_SUBTYPE, 10 },
  [KEFU_TICKET_LEVEL] = { "level", "级别", "响应级别|紧急程度", KEFU_COLUMN_LEVEL, 0, 7 },
  [KEFU_TICKET_ESTATE] = { "estate", "项目", "小区|项目名称", KEFU_COLUMN_TEXT, 0, 12 },
  [KEFU_TICKET_BUILDING] = { "building", "楼栋", "楼号|栋", KEFU_COLUMN_TEXT, 0, 7 },
  [KEFU_TICKET_UNIT] = { "unit", "房号", "房间号|房屋", KEFU_COLUMN_TEXT, 0, 7 },
  [KEFU_TICKET_LOCATION] = { "location", "位置", "地址|地点|报事位置", KEFU_COLUMN_TEXT, 0, 14 },
  [KEFU_TICKET_OWNER_NAME] = { "owner_name", "业主姓名", "联系人|报事人|contact_name", KEFU_COLUMN_TEXT, 0, 9 },
  [KEFU_TICKET_OWNER_PHONE] = { "owner_phone", "业主电话", "联系电话|联系方式|手机|contact_phone", KEFU_COLUMN_TEXT, 0, 13 },
  [KEFU_TICKET_DESCRIPTION] = { "description", "描述", "问题描述|内容|报事内容", KEFU_COLUMN_TEXT, 0, 40 },
  [KEFU_TICKET_STATUS] = { "status", "状态", "工单状态", KEFU_COLUMN_CODE, KEFU_CODES_STATUS, 8 },
  [KEFU_TICKET_AGENT] = { "agent", "首问客服", "受理人|客服|首问负责人", KEFU_COLUMN_TEXT, 0, 9 },
  [KEFU_TICKET_TEAM] = { "team", "班组", "维修班组|处理班组", KEFU_COLUMN_TEXT, 0, 14 },
  [KEFU_TICKET_TECHNICIAN] = { "technician", "维修师傅", "维修人员|处理人", KEFU_COLUMN_TEXT, 0, 9 },
  [KEFU_TICKET_FIRST_RESPONSE_AT] = { "first_response_at", "首次响应时间", "响应时间", KEFU_COLUMN_TIME, 0, 19 },
  [KEFU_TICKET_DISPATCHED_AT] = { "dispatched_at", "派单时间", NULL, KEFU_COLUMN_TIME, 0, 19 },
  [KEFU_TICKET_ACCEPTED_AT] = { "accepted_at", "接单时间", NULL, KEFU_COLUMN_TIME, 0, 19 },
  [KEFU_TICKET_ARRIVED_AT] = { "arrived_at", "到场时间", NULL, KEFU_COLUMN_TIME, 0, 19 },
  [KEFU_TICKET_RESOLVED_AT] = { "resolved_at", "处理完成时间", "完成时间", KEFU_COLUMN_TIME, 0, 19 },
  [KEFU_TICKET_CLOSED_AT] = { "closed_at", "关闭时间", "结案时间", KEFU_COLUMN_TIME, 0, 19 },
  [KEFU_TICKET_SATISFACTION] = { "satisfaction", "满意度", "满意度评分", KEFU_COLUMN_SCORE, 0, 7 },
  [KEFU_TICKET_REOPEN_COUNT] = { "reopen_count", "重开次数", NULL, KEFU_COLUMN_COUNT, 0, 8 },
  [KEFU_TICKET_FOLLOWED_UP_AT] = { "followed_up_at", "回访时间", NULL, KEFU_COLUMN_TIME, 0, 19 },
  [KEFU_TICKET_CANCELLED_AT] = { "cancelled_at", "取消时间", NULL, KEFU_COLUMN_TIME, 0, 19 },
  [KEFU_TICKET_HOLD_REASON] = { "hold_reason", "挂起原因", NULL, KEFU_COLUMN_TEXT, 0, 16 },
  [KEFU_TICKET_CANCEL_REASON] = { "cancel_reason", "取消原因", NULL, KEFU_COLUMN_TEXT, 0, 16 },
  [KEFU_TICKET_FOLLOWUP_COMMENT] = { "followup_comment", "回访意见", "回访评价", KEFU_COLUMN_TEXT, 0, 20 },
};

static const KefuColumnSpec kefu_owner_columns[OWNER_N_COLUMNS] = {
  [OWNER_NAME] = { "name", "姓名", "业主姓名|owner_name", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_PHONE] = { "phone", "电话", "业主电话|手机|联系电话|owner_phone", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_ESTATE] = { "estate", "项目", "小区", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_BUILDING] = { "building", "楼栋", "楼号", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_UNIT] = { "unit", "房号", "房间号", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_RELATION] = { "relation", "关系", "身份|业主关系", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_TAGS] = { "tags", "标签", NULL, KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_PREFERRED_CHANNEL] = { "preferred_channel", "偏好渠道", "联系偏好", KEFU_COLUMN_CODE, KEFU_CODES_CHANNEL, 0 },
};

static const ColumnRule kefu_ticket_rules[KEFU_TICKET_N_COLUMNS] = {
  [KEFU_TICKET_NUMBER] = { 32, FALSE },
  [KEFU_TICKET_ESTATE] = { 64, FALSE },
  [KEFU_TICKET_BUILDING] = { 32, FALSE },
  [KEFU_TICKET_UNIT] = { 32, FALSE },
  [KEFU_TICKET_LOCATION] = { 200, FALSE },
  [KEFU_TICKET_OWNER_NAME] = { 64, FALSE },
  [KEFU_TICKET_OWNER_PHONE] = { 32, FALSE },
  [KEFU_TICKET_DESCRIPTION] = { 10000, TRUE },
  [KEFU_TICKET_AGENT] = { 64, FALSE },
  [KEFU_TICKET_TEAM] = { 64, FALSE },
  [KEFU_TICKET_TECHNICIAN] = { 64, FALSE },
  [KEFU_TICKET_HOLD_REASON] = { 1000, TRUE },
  [KEFU_TICKET_CANCEL_REASON] = { 1000, TRUE },
  [KEFU_TICKET_FOLLOWUP_COMMENT] = { 2000, TRUE },
};

static const ColumnRule kefu_owner_rules[OWNER_N_COLUMNS] = {
  [OWNER_NAME] = { 64, FALSE },
  [OWNER_PHONE] = { 32, FALSE },
  [OWNER_ESTATE] = { 64, FALSE },
  [OWNER_BUILDING] = { 32, FALSE },
  [OWNER_UNIT] = { 32, FALSE },
  [OWNER_TAGS] = { 500, FALSE },
};

static const int ticket_required[] = {
  KEFU_TICKET_CREATED_AT, KEFU_TICKET_CHANNEL, KEFU_TICKET_KIND, KEFU_TICKET_DESCRIPTION, -1
};

static const int owner_required[] = { OWNER_NAME, OWNER_BUILDING, OWNER_UNIT, -1 };

const KefuImportFormat kefu_import_ticket_format = {
  .columns = kefu_ticket_columns,
  .rules = kefu_ticket_rules,
  .n_columns = KEFU_TICKET_N_COLUMNS,
  .required = ticket_required,   /* and a place: see run_import() */
  .audit_action = "import_tickets",
  .audit_target = "tickets",
};

const KefuImportFormat kefu_import_owner_format = {
  .columns = kefu_owner_columns,
  .rules = kefu_owner_rules,
  .n_columns = OWNER_N_COLUMNS,
  .required = owner_required,
  .audit_action = "import_owners",
  .audit_target = "owners",
};

/* The Chinese names of the codes, whatever the locale: the first is what
 * spreadsheets get; all are accepted, with the zh_CN translations of the
 * labels in kefu-enums.c (po/zh_CN.po) among them. */
typedef struct {
  const char *code;
  const char *names;   /* "|"-separated */
} ChineseNames;

static const ChineseNames channel_names[] = {
  { "phone", "电话|来电|电话报修" },
  { "wechat", "微信|微信公众号" },
  { "app", "APP|业主APP" },
  { "walk_in", "现场|来访|上门" },
  { "patrol", "巡查|巡检" },
};

static const ChineseNames kind_names[] = {
  { "repair", "报修|维修" },
  { "complaint", "投诉" },
  { "inquiry", "咨询" },
  { "suggestion", "建议" },
  { "praise", "表扬" },
  { "assistance", "求助|协助" },
};

static const ChineseNames subtype_names[] = {
  { "plumbing_electrical", "水电|水电维修" },
  { "elevator", "电梯" },
  { "doors_windows", "门窗" },
  { "common_facilities", "公共设施" },
  { "fire", "消防设施|消防" },
  { "environment", "保洁绿化|环境|保洁|绿化|环境卫生" },
  { "security", "安保停车|安保|治安|停车" },
  { "noise", "噪音邻里|噪音|邻里" },
  { "fees", "收费缴费|收费|缴费|费用" },
  { "service", "服务态度|服务" },
  { "other", "其他|其它" },
};

static const ChineseNames status_names[] = {
  { "new", "新建|待派单" },
  { "dispatched", "已派单" },
  { "accepted", "已接单" },
  { "on_site", "已到场" },
  { "resolved", "待回访|已处理|已处理/待回访|已处理（待回访）|已处理(待回访)" },
  { "closed", "已关闭|已回访|已回访/已关闭|已结案" },
  { "on_hold", "挂起|已挂起" },
  { "reopened", "重开|已重开" },
  { "cancelled", "已取消|作废" },
};

static const ChineseNames level_names[] = {
  { "1", "一级|一级 · 紧急|1级|一级响应|Level 1" },
  { "2", "二级|二级 · 较急|2级|二级响应|Level 2" },
  { "3", "三级|三级 · 一般|3级|三级响应|Level 3" },
};

static const ChineseNames relation_names[] = {
  { "owner", "业主|产权人" },
  { "tenant", "租户|租客" },
  { "family", "家属|家庭成员" },
};

static const struct { const ChineseNames *names; guint n; } chinese_lists[KEFU_N_CODE_LISTS + 1] = {
  [KEFU_CODES_CHANNEL] = { channel_names, G_N_ELEMENTS (channel_names) },
  [KEFU_CODES_KIND] = { kind_names, G_N_ELEMENTS (kind_names) },
  [KEFU_CODES_SUBTYPE] = { subtype_names, G_N_ELEMENTS (subtype_names) },
  [KEFU_CODES_STATUS] = { status_names, G_N_ELEMENTS (status_names) },
  [KEFU_CODES_LEVEL] = { level_names, G_N_ELEMENTS (level_names) },
  [RELATION_LIST] = { relation_names, G_N_ELEMENTS (relation_names) },
};

/* "Walk-in " → "walk_in"; Chinese passes unchanged. */
void
kefu_import_normalize_key (const char *text,
                           GString    *out)
{
  g_string_truncate (out, 0);
  for (const char *p = text; *p != '\0'; p++)
    {
      char c = *p;
      if (c == ' ' || c == '-')
        c = '_';
      g_string_append_c (out, g_ascii_tolower (c));
    }
  /* trim the underscores that were spaces at either end */
  while (out->len > 0 && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
  while (out->len > 0 && out->str[0] == '_')
    g_string_erase (out, 0, 1);
}

static void
add_names (GHashTable *table,
           const char *names,
           const char *code)
{
  g_auto(GStrv) parts = g_strsplit (names, "|", -1);
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      kefu_import_normalize_key (parts[i], key);
      g_hash_table_insert (table, g_strdup (key->str), (gpointer) code);
    }
}

/* normalized text → code, one table per list; built once, then read-only */
static GHashTable *
code_table (guint list)
{
  static GHashTable *tables[KEFU_N_CODE_LISTS + 1];
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      for (guint l = 0; l <= KEFU_N_CODE_LISTS; l++)
        {
          GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

          if (l < KEFU_N_CODE_LISTS)
            {
              guint n;
              const KefuCode *codes = kefu_codes (l, &n);

              for (guint i = 0; i < n; i++)
                {
                  add_names (t, codes[i].code, codes[i].code);
                  add_names (t, codes[i].label, codes[i].code);
                }
            }
          for (guint i = 0; i < chinese_lists[l].n; i++)
            {
              const ChineseNames *c = &chinese_lists[l].names[i];
              if (l == RELATION_LIST)
                add_names (t, c->code, c->code);
              add_names (t, c->names, c->code);
            }
          tables[l] = t;
        }
      g_once_init_leave (&ready, 1);
    }
  return tables[list];
}

const char *
kefu_import_parse_code (guint       list,
                        const char *text,
                        GString    *scratch)
{
  kefu_import_normalize_key (text, scratch);
  return g_hash_table_lookup (code_table (list), scratch->str);
}

const char *
kefu_import_chinese_name (KefuCodeList  list,
                          const char   *code)
{
  static GHashTable *canonical;
  static gsize ready = 0;
  const char *name;

  if (g_once_init_enter (&ready))
    {
      /* "list:code" → the first Chinese name, interned */
      GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint l = 0; l < KEFU_N_CODE_LISTS; l++)
        for (guint i = 0; i < chinese_lists[l].n; i++)
          {
            const ChineseNames *c = &chinese_lists[l].names[i];
            const char *bar = strchr (c->names, '|');
            g_autofree char *first = bar ? g_strndup (c->names, bar - c->names) : g_strdup (c->names);
            g_hash_table_insert (t, g_strdup_printf ("%u:%s", l, c->code), (gpointer) g_intern_string (first));
          }
      canonical = t;
      g_once_init_leave (&ready, 1);
    }
  if (code == NULL)
    return NULL;
  {
    g_autofree char *key = g_strdup_printf ("%u:%s", (guint) list, code);
    name = g_hash_table_lookup (canonical, key);
  }
  return name != NULL ? name : code;
}

/* Time ------------------------------------------------------------------- */

static gboolean
read_digits (const char **p,
             guint        min,
             guint        max,
             int         *out)
{
  const char *s = *p;
  int v = 0;
  guint n = 0;

  while (g_ascii_isdigit (*s) && n < max)
    {
      v = v * 10 + (*s - '0');
      s++;
      n++;
    }
  if (n < min)
    return FALSE;
  *p = s;
  *out = v;
  return TRUE;
}

/* "2026-11-01" → local midnight of that day */
gboolean
kefu_export_parse_date (const char *text,
                        gint64     *unix_utc)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *midnight = NULL;

  if (text == NULL || !g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text, 0, 0))
    return FALSE;
  midnight = g_strconcat (text, " 00:00", NULL);
  return kefu_import_parse_time (midnight, local, unix_utc);
}

/* "2026-11-25 09:30[:15]" (also with / or . between the date's parts) in
 * local time, or ISO 8601 with an offset: "2026-11-25T01:30:15Z",
 * "2026-11-25T09:30:15+08:00". */
gboolean
kefu_import_parse_time (const char *text,
                        GTimeZone  *local,
                        gint64     *unix_utc)
{
  const char *p = text;
  int y, mo, d, h, mi, s = 0;
  char sep;
  GDate date;
  gint64 wall;

  if (!read_digits (&p, 4, 4, &y))
    return FALSE;
  sep = *p;
  if (sep != '-' && sep != '/' && sep != '.')
    return FALSE;
  p++;
  if (!read_digits (&p, 1, 2, &mo) || *p != sep)
    return FALSE;
  p++;
  if (!read_digits (&p, 1, 2, &d))
    return FALSE;
  if (*p != ' ' && *p != 'T')
    return FALSE;
  while (*p == ' ' || *p == 'T')
    p++;
  if (!read_digits (&p, 1, 2, &h) || *p != ':')
    return FALSE;
  p++;
  if (!read_digits (&p, 2, 2, &mi))
    return FALSE;
  if (*p == ':')
    {
      p++;
      if (!read_digits (&p, 2, 2, &s))
        return FALSE;
      if (*p == '.' || *p == ',')   /* fractions of a second: dropped */
        {
          int frac;
          p++;
          if (!read_digits (&p, 1, 9, &frac))
            return FALSE;
        }
    }
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 ||
      !g_date_valid_dmy (d, mo, y))
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, mo, y);
  wall = ((gint64) g_date_get_julian (&date) - JULIAN_UNIX_EPOCH) * DAY_SECONDS + h * 3600 + mi * 60 + s;

  if (*p == '\0')
    {
      gint64 adjusted = wall;
      int interval = g_time_zone_adjust_time (local, G_TIME_TYPE_STANDARD, &adjusted);
      *unix_utc = adjusted - g_time_zone_get_offset (local, interval);
      return TRUE;
    }
  if (*p == 'Z' && p[1] == '\0')
    {
      *unix_utc = wall;
      return TRUE;
    }
  if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1, oh, om = 0;
      p++;
      if (!read_digits (&p, 2, 2, &oh))
        return FALSE;
      if (*p == ':')
        p++;
      if (*p != '\0' && !read_digits (&p, 2, 2, &om))
        return FALSE;
      if (*p != '\0' || oh > 14 || om > 59)
        return FALSE;
      *unix_utc = wall - sign * (oh * 3600 + om * 60);
      return TRUE;
    }
  return FALSE;
}

gint64
kefu_export_local_seconds (gint64     unix_utc,
                           GTimeZone *local)
{
  int interval = g_time_zone_find_interval (local, G_TIME_TYPE_UNIVERSAL, unix_utc);
  return unix_utc + g_time_zone_get_offset (local, interval);
}

/* "2026-11-25 09:30:15" in local time */
void
kefu_export_format_time (gint64     unix_utc,
                         GTimeZone *local,
                         char       out[20])
{
  gint64 wall = kefu_export_local_seconds (unix_utc, local);
  gint64 days = wall >= 0 ? wall / DAY_SECONDS : -((-wall + DAY_SECONDS - 1) / DAY_SECONDS);
  int secs = (int) (wall - days * DAY_SECONDS);
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (days + JULIAN_UNIX_EPOCH));
  g_snprintf (out, 20, "%04d-%02d-%02d %02d:%02d:%02d",
              g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
              secs / 3600, secs / 60 % 60, secs % 60);
}

char *
kefu_import_allowed_values (guint list)
{
  GString *s = g_string_new (NULL);
  const ChineseNames *names = chinese_lists[list].names;

  for (guint i = 0; i < chinese_lists[list].n; i++)
    {
      const char *bar = strchr (names[i].names, '|');
      int len = bar != NULL ? (int) (bar - names[i].names) : (int) strlen (names[i].names);
      g_string_append_printf (s, "%s%s %.*s", i ? ", " : "", names[i].code, len, names[i].names);
    }
  return g_string_free (s, FALSE);
}
