/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import.c — tickets and owners from CSV files (see kefu-import.h)
 *
 * The whole file is read into memory and converted to UTF-8 once; a small
 * RFC 4180 reader walks it record by record, counting physical lines so
 * every problem can say where it is. All rows go into one transaction
 * with cached statements; places, owners, users, teams and technicians
 * are looked up in hash tables loaded once, and created when missing.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-desk.h"
#include "kefu-import-private.h"
#include "kefu-privacy.h"
#include "kefu-search.h"
#include "kefu-store-private.h"

G_DEFINE_QUARK (kefu-import-error-quark, kefu_import_error)

#define DEFAULT_ESTATE "默认项目"
/* Days from 0001-01-01 (GDate's Julian day 1) to 1970-01-01. */
#define JULIAN_UNIX_EPOCH 719163
#define DAY_SECONDS (24 * 3600)

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

typedef enum {
  OWNER_NAME,
  OWNER_PHONE,
  OWNER_ESTATE,
  OWNER_BUILDING,
  OWNER_UNIT,
  OWNER_RELATION,
  OWNER_TAGS,
  OWNER_PREFERRED_CHANNEL,
  OWNER_N_COLUMNS
} OwnerColumn;

static const KefuColumnSpec owner_columns[OWNER_N_COLUMNS] = {
  [OWNER_NAME] = { "name", "姓名", "业主姓名|owner_name", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_PHONE] = { "phone", "电话", "业主电话|手机|联系电话|owner_phone", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_ESTATE] = { "estate", "项目", "小区", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_BUILDING] = { "building", "楼栋", "楼号", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_UNIT] = { "unit", "房号", "房间号", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_RELATION] = { "relation", "关系", "身份|业主关系", KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_TAGS] = { "tags", "标签", NULL, KEFU_COLUMN_TEXT, 0, 0 },
  [OWNER_PREFERRED_CHANNEL] = { "preferred_channel", "偏好渠道", "联系偏好", KEFU_COLUMN_CODE, KEFU_CODES_CHANNEL, 0 },
};

/* What a value of a column may hold beyond its type: how many characters,
 * and whether tabs and line breaks are allowed (free text). Any other
 * control character is refused everywhere. */
typedef struct {
  guint    max_chars;   /* 0: DEFAULT_MAX_CHARS */
  gboolean multiline;
} ColumnRule;

#define DEFAULT_MAX_CHARS 64   /* codes, times, numbers: far longer than any good value */

static const ColumnRule ticket_rules[KEFU_TICKET_N_COLUMNS] = {
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

static const ColumnRule owner_rules[OWNER_N_COLUMNS] = {
  [OWNER_NAME] = { 64, FALSE },
  [OWNER_PHONE] = { 32, FALSE },
  [OWNER_ESTATE] = { 64, FALSE },
  [OWNER_BUILDING] = { 32, FALSE },
  [OWNER_UNIT] = { 32, FALSE },
  [OWNER_TAGS] = { 500, FALSE },
};

/* Dates before this are taken for typing errors (1900-01-01, Excel's 0). */
#define OLDEST_DATE "2000-01-01 00:00"

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

#define RELATION_LIST KEFU_N_CODE_LISTS   /* not a KefuCodeList: only files have it */

static const struct { const ChineseNames *names; guint n; } chinese_lists[KEFU_N_CODE_LISTS + 1] = {
  [KEFU_CODES_CHANNEL] = { channel_names, G_N_ELEMENTS (channel_names) },
  [KEFU_CODES_KIND] = { kind_names, G_N_ELEMENTS (kind_names) },
  [KEFU_CODES_SUBTYPE] = { subtype_names, G_N_ELEMENTS (subtype_names) },
  [KEFU_CODES_STATUS] = { status_names, G_N_ELEMENTS (status_names) },
  [KEFU_CODES_LEVEL] = { level_names, G_N_ELEMENTS (level_names) },
  [RELATION_LIST] = { relation_names, G_N_ELEMENTS (relation_names) },
};

/* "Walk-in " → "walk_in"; Chinese passes unchanged. */
static void
normalize_key (const char *text,
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
      normalize_key (parts[i], key);
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

static const char *
parse_code (guint       list,
            const char *text,
            GString    *scratch)
{
  normalize_key (text, scratch);
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

/* The report ------------------------------------------------------------- */

struct _KefuImportReport
{
  GObject            parent_instance;

  KefuImportOutcome  outcome;
  const char        *encoding;
  guint              n_rows, n_good, n_bad, n_imported, n_skipped, n_matched;
  guint              created[KEFU_IMPORT_N_CREATED];
  GArray            *problems;   /* KefuImportProblem, owning its strings */
};

G_DEFINE_FINAL_TYPE (KefuImportReport, kefu_import_report, G_TYPE_OBJECT)

static void
clear_problem (gpointer data)
{
  KefuImportProblem *p = data;
  g_free ((char *) p->column);
  g_free ((char *) p->message);
}

static void
kefu_import_report_finalize (GObject *object)
{
  KefuImportReport *self = (KefuImportReport *) object;

  g_clear_pointer (&self->problems, g_array_unref);
  G_OBJECT_CLASS (kefu_import_report_parent_class)->finalize (object);
}

static void
kefu_import_report_class_init (KefuImportReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_import_report_finalize;
}

static void
kefu_import_report_init (KefuImportReport *self)
{
  self->problems = g_array_new (FALSE, TRUE, sizeof (KefuImportProblem));
  g_array_set_clear_func (self->problems, clear_problem);
  self->encoding = "UTF-8";
}

KefuImportOutcome
kefu_import_report_get_outcome (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), KEFU_IMPORT_OUTCOME_REFUSED);
  return self->outcome;
}

/* "UTF-8" or "GB18030": what the file turned out to be */
const char *
kefu_import_report_get_encoding (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), NULL);
  return self->encoding;
}

/* Data rows read (blank lines not counted). */
guint
kefu_import_report_get_n_rows (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_rows;
}

/* Rows without errors: imported, or importable in a dry run. */
guint
kefu_import_report_get_n_good (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_good;
}

/* Rows with at least one error. */
guint
kefu_import_report_get_n_bad (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_bad;
}

/* Rows now in the database (0 unless the outcome is IMPORTED). */
guint
kefu_import_report_get_n_imported (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_imported;
}

/* Bad rows left out of a committed import (skip_bad). */
guint
kefu_import_report_get_n_skipped (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_skipped;
}

/* Owner imports: rows that matched an owner already in the database. */
guint
kefu_import_report_get_n_matched (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->n_matched;
}

guint
kefu_import_report_get_n_created (KefuImportReport  *self,
                                  KefuImportCreated  what)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  g_return_val_if_fail (what < KEFU_IMPORT_N_CREATED, 0);
  return self->created[what];
}

guint
kefu_import_report_get_n_problems (KefuImportReport *self)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), 0);
  return self->problems->len;
}

/* Problems in file order: the header's first, then row by row. The
 * returned struct is the report's; it lives as long as the report. */
const KefuImportProblem *
kefu_import_report_get_problem (KefuImportReport *self,
                                guint             index)
{
  g_return_val_if_fail (KEFU_IS_IMPORT_REPORT (self), NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);
  return &g_array_index (self->problems, KefuImportProblem, index);
}

/* "Line 12, column “级别”: “5” is not a level (use 1, 2 or 3)" */
char *
kefu_import_problem_format (const KefuImportProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);
  if (problem->column != NULL)
    return g_strdup_printf (_("Line %u, column “%s”: %s"), problem->line, problem->column, problem->message);
  return g_strdup_printf (_("Line %u: %s"), problem->line, problem->message);
}

static void
report_add (KefuImportReport   *self,
            guint               line,
            const char         *column,
            KefuImportSeverity  severity,
            char               *message)   /* taken */
{
  KefuImportProblem p = { line, g_strdup (column), message, severity };
  g_array_append_val (self->problems, p);
}

/* Reading the file ------------------------------------------------------- */

static guint
line_at (const char *text,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      line++;
  return line;
}

/* The file as UTF-8 without a BOM; *encoding says what it was. */
char *
kefu_import_load_text (const char          *path,
                       KefuImportEncoding   encoding,
                       const char         **encoding_out,
                       gsize               *length_out,
                       GError             **error)
{
  g_autofree char *raw = NULL;
  g_autoptr(GError) local_error = NULL;
  char *text;
  gsize len, start = 0;
  const char *end = NULL;

  if (!g_file_get_contents (path, &raw, &len, &local_error))
    {
      g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_READ,
                   _("The file “%s” cannot be read: %s"), path, local_error->message);
      return NULL;
    }
  if (len >= 2 && (((guchar) raw[0] == 0xff && (guchar) raw[1] == 0xfe) ||
                   ((guchar) raw[0] == 0xfe && (guchar) raw[1] == 0xff)))
    {
      g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_ENCODING,
                   _("The file “%s” is UTF-16 text (Excel’s “Unicode text”). "
                     "Save it as “CSV UTF-8 (comma delimited)” and import that."), path);
      return NULL;
    }
  if (len >= 3 && memcmp (raw, "\xef\xbb\xbf", 3) == 0)
    {
      start = 3;
      if (encoding == KEFU_IMPORT_ENCODING_AUTO)
        encoding = KEFU_IMPORT_ENCODING_UTF8;
    }
  if (encoding == KEFU_IMPORT_ENCODING_AUTO)
    encoding = g_utf8_validate_len (raw, len, NULL) ? KEFU_IMPORT_ENCODING_UTF8
                                                    : KEFU_IMPORT_ENCODING_GB18030;

  if (encoding == KEFU_IMPORT_ENCODING_UTF8)
    {
      if (!g_utf8_validate_len (raw + start, len - start, &end))
        {
          g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_ENCODING,
                       _("The file “%s” is not UTF-8 text (line %u has bytes that are not). "
                         "If Chinese Excel saved it, import it as GB18030."),
                       path, line_at (raw, end - raw));
          return NULL;
        }
      *encoding_out = "UTF-8";
      memmove (raw, raw + start, len - start + 1);   /* with the NUL g_file_get_contents() adds */
      *length_out = len - start;
      return g_steal_pointer (&raw);
    }

  {
    gsize bytes_read = 0, bytes_written = 0;

    text = g_convert (raw, len, "UTF-8", "GB18030", &bytes_read, &bytes_written, &local_error);
    if (text == NULL)
      {
        g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_ENCODING,
                     _("The file “%s” is neither UTF-8 nor GB18030 text (line %u). "
                       "Save it from Excel as “CSV UTF-8 (comma delimited)”."),
                     path, line_at (raw, MIN (bytes_read, len)));
        return NULL;
      }
    if (memchr (text, '\0', bytes_written) != NULL)
      {
        g_free (text);
        g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_ENCODING,
                     _("The file “%s” is not a text file."), path);
        return NULL;
      }
    if (bytes_written >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
      {
        memmove (text, text + 3, bytes_written - 2);
        bytes_written -= 3;
      }
    *encoding_out = "GB18030";
    *length_out = bytes_written;
    return text;
  }
}

void
kefu_csv_init (KefuCsvReader *r,
               const char    *text,
               gsize          len)
{
  r->p = text;
  r->end = text + len;
  r->line = 1;
  r->buf = g_string_sized_new (4096);
  r->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
}

void
kefu_csv_clear (KefuCsvReader *r)
{
  g_string_free (r->buf, TRUE);
  g_array_unref (r->offsets);
}

/* Reads one record; FALSE at the end of the text or on error (*error set).
 * *line is the physical line the record starts on. */
gboolean
kefu_csv_next (KefuCsvReader  *r,
               const char     *path,
               guint          *line,
               GError        **error)
{
  const char *p = r->p, *end = r->end;

  g_string_truncate (r->buf, 0);
  g_array_set_size (r->offsets, 0);
  *line = r->line;
  if (p >= end)
    return FALSE;

  for (;;)
    {
      guint offset = r->buf->len;

      g_array_append_val (r->offsets, offset);
      if (*p == '"')
        {
          guint quote_line = r->line;

          p++;
          for (;;)
            {
              const char *q = memchr (p, '"', end - p);

              if (q == NULL)
                {
                  g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_MALFORMED,
                               _("The file “%s” is not valid CSV: the quoted field that starts on line %u is never closed."),
                               path, quote_line);
                  return FALSE;
                }
              for (const char *c = p; c < q; c++)
                {
                  if (*c == '\n')
                    r->line++;
                  else if (*c == '\r' && c + 1 < q && c[1] == '\n')
                    continue;   /* CRLF inside a field becomes LF */
                  else if (*c == '\r')
                    {
                      /* so does a lone CR (old Mac line ends) */
                      r->line++;
                      g_string_append_c (r->buf, '\n');
                      continue;
                    }
                  g_string_append_c (r->buf, *c);
                }
              p = q + 1;
              if (p < end && *p == '"')
                {
                  g_string_append_c (r->buf, '"');
                  p++;
                  continue;
                }
              break;
            }
          /* anything between the closing quote and the separator is kept */
          while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            g_string_append_c (r->buf, *p++);
        }
      else
        {
          const char *s = p;
          while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            p++;
          g_string_append_len (r->buf, s, p - s);
        }
      /* the apostrophe an export put before a formula-like text (kefu-privacy.h) */
      g_string_append_c (r->buf, '\0');
      if (kefu_csv_has_apostrophe (r->buf->str + offset))
        g_string_erase (r->buf, offset, 1);

      if (p < end && *p == ',')
        {
          p++;
          continue;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      r->line++;
      break;
    }
  r->p = p;
  return TRUE;
}

/* Strips ASCII space and the full-width and no-break spaces, in place. */
char *
kefu_import_strip (char *s)
{
  char *e;

  for (;;)
    {
      if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
      else if (g_str_has_prefix (s, "\u3000"))
        s += 3;
      else if (g_str_has_prefix (s, "\u00a0"))
        s += 2;
      else
        break;
    }
  e = s + strlen (s);
  for (;;)
    {
      if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        e--;
      else if (e - s >= 3 && memcmp (e - 3, "\u3000", 3) == 0)
        e -= 3;
      else if (e - s >= 2 && memcmp (e - 2, "\u00a0", 2) == 0)
        e -= 2;
      else
        break;
    }
  *e = '\0';
  return s;
}

static gboolean
record_is_blank (KefuCsvReader *r)
{
  for (guint i = 0; i < kefu_csv_n_fields (r); i++)
    if (*kefu_import_strip (kefu_csv_field (r, i)) != '\0')
      return FALSE;
  return TRUE;
}

/* The header ------------------------------------------------------------- */

typedef struct {
  const KefuColumnSpec *specs;
  guint                 n_specs;
  int                  *field_column;   /* per field of the file: a spec index or -1 */
  guint                 n_fields;
  char                **header;         /* per spec: the file's own spelling, or NULL */
} Header;

static void
header_clear (Header *h)
{
  g_free (h->field_column);
  if (h->header != NULL)
    for (guint s = 0; s < h->n_specs; s++)
      g_free (h->header[s]);   /* NULL holes: not a GStrv */
  g_free (h->header);
}

/* Reads the first non-blank record as the header; unknown columns are
 * warnings; a column given twice is an error. */
static gboolean
read_header (KefuCsvReader            *r,
             const char           *path,
             const KefuColumnSpec *specs,
             guint                 n_specs,
             Header               *h,
             KefuImportReport     *report,
             GError              **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  guint line;

  for (guint s = 0; s < n_specs; s++)
    {
      g_autofree char *all = g_strdup_printf ("%s|%s%s%s", specs[s].name, specs[s].chinese,
                                              specs[s].aliases ? "|" : "", specs[s].aliases ? specs[s].aliases : "");
      g_auto(GStrv) parts = g_strsplit (all, "|", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          normalize_key (parts[i], key);
          g_hash_table_insert (names, g_strdup (key->str), GUINT_TO_POINTER (s + 1));
        }
    }

  do
    {
      if (!kefu_csv_next (r, path, &line, error))
        {
          if (error == NULL || *error == NULL)
            g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER,
                         _("The file “%s” is empty: it has no header row."), path);
          return FALSE;
        }
    }
  while (record_is_blank (r));

  h->specs = specs;
  h->n_specs = n_specs;
  h->n_fields = kefu_csv_n_fields (r);
  h->field_column = g_new (int, h->n_fields);
  h->header = g_new0 (char *, n_specs);

  for (guint i = 0; i < h->n_fields; i++)
    {
      const char *text = kefu_import_strip (kefu_csv_field (r, i));
      guint s;

      normalize_key (text, key);
      s = GPOINTER_TO_UINT (g_hash_table_lookup (names, key->str));
      h->field_column[i] = (int) s - 1;
      if (s == 0)
        {
          if (*text != '\0')
            report_add (report, line, text, KEFU_IMPORT_SEVERITY_WARNING,
                        g_strdup (_("Kefu does not know this column; it was ignored.")));
          continue;
        }
      if (h->header[s - 1] != NULL)
        {
          g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER,
                       _("In “%s”, the columns “%s” and “%s” both give “%s”: keep one of them."),
                       path, h->header[s - 1], text, specs[s - 1].name);
          return FALSE;
        }
      h->header[s - 1] = g_strdup (text);
    }
  return TRUE;
}

static gboolean
require_column (Header      *h,
                const char  *path,
                guint        column,
                GError     **error)
{
  if (h->header[column] != NULL)
    return TRUE;
  g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER,
               _("The file “%s” has no column “%s” (or “%s”), which every row needs."),
               path, h->specs[column].name, h->specs[column].chinese);
  return FALSE;
}

/* The header's spelling of a column, for messages */
static const char *
column_name (Header *h,
             guint   column)
{
  return h->header[column] != NULL ? h->header[column] : h->specs[column].name;
}

/* Places and people: looked up once, created when missing --------------- */

typedef struct {
  gint64  id;
  char   *name;
} Owner;

static void
owner_free (gpointer data)
{
  Owner *o = data;
  g_free (o->name);
  g_free (o);
}

typedef struct {
  KefuStore        *store;
  KefuImportReport *report;
  const char       *path;
  GTimeZone        *tz;
  GString          *key;          /* scratch for cache keys */
  GString          *scratch;      /* scratch for code lookups */
  gint64            now;
  gint64            oldest;       /* no time before OLDEST_DATE… */
  gint64            latest;       /* …nor more than a day after now */

  GHashTable *estates;            /* name → gint64* */
  guint       n_estates;          /* in the database, with those this import made */
  gint64      last_estate;
  GHashTable *buildings;          /* "estate\x1fname" → gint64* */
  GHashTable *units;              /* "building\x1fname" → gint64* */
  GPtrArray  *owners;             /* Owner*, owns them */
  GHashTable *owners_by_phone;    /* phone → Owner* */
  GHashTable *owners_by_unit;     /* "unit\x1fname" → Owner* */
  GHashTable *users;              /* name → gint64* */
  GHashTable *logins;             /* set */
  guint       next_login;
  GHashTable *teams;              /* name → gint64* */
  GHashTable *technicians;        /* "team\x1fname" → gint64* */
  GHashTable *technician_names;   /* name → gint64* (the first of that name) */
} Importer;

static GHashTable *
id_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
importer_clear (Importer *im)
{
  g_clear_pointer (&im->tz, g_time_zone_unref);
  if (im->key != NULL)
    g_string_free (im->key, TRUE);
  if (im->scratch != NULL)
    g_string_free (im->scratch, TRUE);
  g_clear_pointer (&im->estates, g_hash_table_unref);
  g_clear_pointer (&im->buildings, g_hash_table_unref);
  g_clear_pointer (&im->units, g_hash_table_unref);
  g_clear_pointer (&im->owners_by_phone, g_hash_table_unref);
  g_clear_pointer (&im->owners_by_unit, g_hash_table_unref);
  g_clear_pointer (&im->owners, g_ptr_array_unref);
  g_clear_pointer (&im->users, g_hash_table_unref);
  g_clear_pointer (&im->logins, g_hash_table_unref);
  g_clear_pointer (&im->teams, g_hash_table_unref);
  g_clear_pointer (&im->technicians, g_hash_table_unref);
  g_clear_pointer (&im->technician_names, g_hash_table_unref);
}

static gint64
cache_get (GHashTable *table,
           const char *key)
{
  gint64 *id = g_hash_table_lookup (table, key);
  return id != NULL ? *id : 0;
}

static void
cache_put (GHashTable *table,
           const char *key,
           gint64      id)
{
  if (!g_hash_table_contains (table, key))
    g_hash_table_insert (table, g_strdup (key), g_memdup2 (&id, sizeof id));
}

static const char *
pair_key (Importer   *im,
          gint64      parent,
          const char *name)
{
  g_string_printf (im->key, "%" G_GINT64_FORMAT "\x1f%s", parent, name);
  return im->key->str;
}

/* "138-1234 5678" → "13812345678": how phones are compared and stored */
static gboolean
normalize_phone (const char *text,
                 GString    *buf)
{
  g_string_truncate (buf, 0);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p) || (*p == '+' && buf->len == 0))
        g_string_append_c (buf, *p);
      else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')')
        return FALSE;
    }
  return buf->len >= 3 && buf->len <= 20;
}

static Owner *
remember_owner (Importer   *im,
                gint64      id,
                const char *name,
                const char *phone)
{
  Owner *o = g_new0 (Owner, 1);

  o->id = id;
  o->name = g_strdup (name);
  g_ptr_array_add (im->owners, o);
  /* Phones typed elsewhere may have spaces or dashes: compare digits. */
  if (phone != NULL && normalize_phone (phone, im->scratch))
    phone = im->scratch->str;
  if (phone != NULL && *phone != '\0' && !g_hash_table_contains (im->owners_by_phone, phone))
    g_hash_table_insert (im->owners_by_phone, g_strdup (phone), o);
  return o;
}

/* Loads what the database has, once per import. */
static gboolean
importer_load (Importer  *im,
               GError   **error)
{
  static const char *const sql[] = {
    "SELECT id, name, NULL FROM estates ORDER BY id",
    "SELECT id, name, estate_id FROM buildings ORDER BY id",
    "SELECT id, name, building_id FROM units ORDER BY id",
    "SELECT id, name, phone FROM owners ORDER BY id",
    "SELECT o.id, o.name, ou.unit_id FROM owner_units ou JOIN owners o ON o.id = ou.owner_id ORDER BY o.id",
    "SELECT id, name, login FROM users ORDER BY id",
    "SELECT id, name, NULL FROM teams ORDER BY id",
    "SELECT id, name, team_id FROM technicians ORDER BY id",
  };
  g_autoptr(GHashTable) owners_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  im->estates = id_table ();
  im->buildings = id_table ();
  im->units = id_table ();
  im->owners = g_ptr_array_new_with_free_func (owner_free);
  im->owners_by_phone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im->owners_by_unit = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im->users = id_table ();
  im->logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im->teams = id_table ();
  im->technicians = id_table ();
  im->technician_names = id_table ();

  for (guint q = 0; q < G_N_ELEMENTS (sql); q++)
    {
      KEFU_AUTO_STMT *stmt = kefu_store_prepare (im->store, sql[q], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          const char *name = kefu_column_text (stmt, 1);
          gint64 parent = sqlite3_column_int64 (stmt, 2);
          const char *third = kefu_column_text (stmt, 2);

          if (name == NULL)
            continue;
          switch (q)
            {
            case 0:
              cache_put (im->estates, name, id);
              im->n_estates++;
              im->last_estate = id;
              break;
            case 1:
              cache_put (im->buildings, pair_key (im, parent, name), id);
              break;
            case 2:
              cache_put (im->units, pair_key (im, parent, name), id);
              break;
            case 3:
              {
                Owner *o = remember_owner (im, id, name, third);
                g_hash_table_insert (owners_by_id, &o->id, o);
              }
              break;
            case 4:
              {
                Owner *o = g_hash_table_lookup (owners_by_id, &id);
                const char *k = pair_key (im, parent, name);
                if (o != NULL && !g_hash_table_contains (im->owners_by_unit, k))
                  g_hash_table_insert (im->owners_by_unit, g_strdup (k), o);
              }
              break;
            case 5:
              cache_put (im->users, name, id);
              if (third != NULL)
                g_hash_table_add (im->logins, g_strdup (third));
              break;
            case 6:
              cache_put (im->teams, name, id);
              break;
            case 7:
              cache_put (im->technicians, pair_key (im, parent, name), id);
              cache_put (im->technician_names, name, id);
              break;
            }
        }
      if (rc != SQLITE_DONE)
        {
          kefu_store_set_error (im->store, rc, error);
          return FALSE;
        }
    }
  return TRUE;
}

/* Steps a statement whose parameters are bound, and resets it. */
static gboolean
step (Importer      *im,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      kefu_store_set_error (im->store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Steps an INSERT; the new row's id, or 0. */
static gint64
insert (Importer      *im,
        sqlite3_stmt  *stmt,
        GError       **error)
{
  if (!step (im, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (kefu_store_get_db (im->store));
}

#define PREPARE(sql) \
  sqlite3_stmt *stmt = kefu_store_prepare (im->store, sql, error); \
  if (stmt == NULL) \
    return 0

/* The row's estate: by name; a row without one gets the only estate there
 * is (one in the database, or the one the file named), else 默认项目. */
static gint64
ensure_estate (Importer    *im,
               const char  *name,
               GError     **error)
{
  gint64 id;

  if (*name == '\0')
    {
      if (im->n_estates == 1)
        return im->last_estate;
      name = DEFAULT_ESTATE;
    }
  id = cache_get (im->estates, name);
  if (id == 0)
    {
      PREPARE ("INSERT INTO estates (name, created_at) VALUES (?, ?)");
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, im->now);
      if ((id = insert (im, stmt, error)) == 0)
        return 0;
      cache_put (im->estates, name, id);
      im->n_estates++;
      im->last_estate = id;
      im->report->created[KEFU_IMPORT_CREATED_ESTATES]++;
    }
  return id;
}

static gint64
ensure_building (Importer    *im,
                 gint64       estate,
                 const char  *name,
                 GError     **error)
{
  gint64 id = cache_get (im->buildings, pair_key (im, estate, name));

  if (id == 0)
    {
      PREPARE ("INSERT INTO buildings (estate_id, name) VALUES (?, ?)");
      sqlite3_bind_int64 (stmt, 1, estate);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      if ((id = insert (im, stmt, error)) == 0)
        return 0;
      cache_put (im->buildings, pair_key (im, estate, name), id);
      im->report->created[KEFU_IMPORT_CREATED_BUILDINGS]++;
    }
  return id;
}

static gint64
ensure_unit (Importer    *im,
             gint64       building,
             const char  *name,
             GError     **error)
{
  gint64 id = cache_get (im->units, pair_key (im, building, name));

  if (id == 0)
    {
      PREPARE ("INSERT INTO units (building_id, name) VALUES (?, ?)");
      sqlite3_bind_int64 (stmt, 1, building);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      if ((id = insert (im, stmt, error)) == 0)
        return 0;
      cache_put (im->units, pair_key (im, building, name), id);
      im->report->created[KEFU_IMPORT_CREATED_UNITS]++;
    }
  return id;
}

static gboolean
link_owner_unit (Importer    *im,
                 Owner       *owner,
                 gint64       unit,
                 const char  *relation,
                 GError     **error)
{
  const char *k = pair_key (im, unit, owner->name);
  sqlite3_stmt *stmt = kefu_store_prepare (im->store,
      "INSERT INTO owner_units (owner_id, unit_id, relation) VALUES (?, ?, ?) "
      "ON CONFLICT (owner_id, unit_id) DO UPDATE SET relation = excluded.relation", error);

  if (stmt == NULL)
    return FALSE;
  if (!g_hash_table_contains (im->owners_by_unit, k))
    g_hash_table_insert (im->owners_by_unit, g_strdup (k), owner);
  sqlite3_bind_int64 (stmt, 1, owner->id);
  sqlite3_bind_int64 (stmt, 2, unit);
  sqlite3_bind_text (stmt, 3, relation, -1, SQLITE_STATIC);
  return step (im, stmt, error);
}

/* An owner by phone, else by name in the unit; NULL when none matches. */
static Owner *
find_owner (Importer   *im,
            const char *name,
            const char *phone,
            gint64      unit)
{
  Owner *o = NULL;

  if (*phone != '\0')
    o = g_hash_table_lookup (im->owners_by_phone, phone);
  if (o == NULL && *name != '\0' && unit != 0)
    o = g_hash_table_lookup (im->owners_by_unit, pair_key (im, unit, name));
  return o;
}

static Owner *
create_owner (Importer    *im,
              const char  *name,
              const char  *phone,
              const char  *preferred_channel,
              GError     **error)
{
  gint64 id;
  PREPARE ("INSERT INTO owners (name, phone, preferred_channel, created_at, name_pinyin, name_initials) "
                      "VALUES (?1, ?2, ?3, ?4, kefu_pinyin(?1, 0), kefu_pinyin(?1, 1))");

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  kefu_bind_text_or_null (stmt, 2, phone);
  kefu_bind_text_or_null (stmt, 3, preferred_channel);
  sqlite3_bind_int64 (stmt, 4, im->now);
  if ((id = insert (im, stmt, error)) == 0)
    return NULL;
  im->report->created[KEFU_IMPORT_CREATED_OWNERS]++;
  return remember_owner (im, id, name, phone);
}

/* A user by name; a new one is an agent with a generated login. */
static gint64
ensure_user (Importer    *im,
             const char  *name,
             GError     **error)
{
  gint64 id = cache_get (im->users, name);

  if (id == 0)
    {
      g_autofree char *login = NULL;

      do
        {
          g_free (login);
          login = g_strdup_printf ("agent%03u", ++im->next_login);
        }
      while (g_hash_table_contains (im->logins, login));
      id = kefu_desk_add_user (im->store, login, name, "agent", NULL, error);
      if (id == 0)
        return 0;
      g_hash_table_add (im->logins, g_steal_pointer (&login));
      cache_put (im->users, name, id);
      im->report->created[KEFU_IMPORT_CREATED_USERS]++;
    }
  return id;
}

static gint64
ensure_team (Importer    *im,
             const char  *name,
             GError     **error)
{
  gint64 id = cache_get (im->teams, name);

  if (id == 0)
    {
      PREPARE ("INSERT INTO teams (name) VALUES (?)");
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      if ((id = insert (im, stmt, error)) == 0)
        return 0;
      cache_put (im->teams, name, id);
      im->report->created[KEFU_IMPORT_CREATED_TEAMS]++;
    }
  return id;
}

/* A technician of @team by name; without a team, one of that name anywhere. */
static gint64
ensure_technician (Importer    *im,
                   gint64       team,
                   const char  *name,
                   GError     **error)
{
  gint64 id = team != 0 ? cache_get (im->technicians, pair_key (im, team, name))
                        : cache_get (im->technician_names, name);

  if (id == 0)
    {
      PREPARE ("INSERT INTO technicians (name, team_id) VALUES (?, ?)");
      g_assert (team != 0);   /* checked with the row */
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, team);
      if ((id = insert (im, stmt, error)) == 0)
        return 0;
      cache_put (im->technicians, pair_key (im, team, name), id);
      cache_put (im->technician_names, name, id);
      im->report->created[KEFU_IMPORT_CREATED_TECHNICIANS]++;
    }
  return id;
}

#undef PREPARE

/* One row ---------------------------------------------------------------- */

typedef struct {
  Importer   *im;
  Header     *h;
  guint       line;
  gboolean    bad;
  const char *v[KEFU_TICKET_N_COLUMNS];   /* stripped; "" when absent (owners use the first few) */
} Row;

G_STATIC_ASSERT ((int) KEFU_TICKET_N_COLUMNS >= (int) OWNER_N_COLUMNS);

static void row_problem (Row        *row,
                         int         column,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

/* An error of @column (-1: of the whole row); the row is not imported. */
static void
row_problem (Row        *row,
             int         column,
             const char *format,
             ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  report_add (row->im->report, row->line, column >= 0 ? column_name (row->h, column) : NULL,
              KEFU_IMPORT_SEVERITY_ERROR, message);
  row->bad = TRUE;
}

/* The first control character of @text (tab and line feed allowed when
 * @multiline), with its position in characters from 1; 0 when none. */
gunichar
kefu_import_find_control (const char *text,
                          gboolean    multiline,
                          glong      *position)
{
  glong i = 1;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\t' || c == '\n'))
        continue;
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        {
          *position = i;
          return c;
        }
    }
  return 0;
}

/* Splits a record into the row's columns; extra non-empty fields are an
 * error (most often a comma in a field that lost its quotes), and so are
 * control characters and values longer than their column takes. */
static void
row_fill (Row       *row,
          KefuCsvReader *r)
{
  Header *h = row->h;
  const ColumnRule *rules = h->specs == kefu_ticket_columns ? ticket_rules : owner_rules;
  guint n = kefu_csv_n_fields (r);

  for (guint c = 0; c < h->n_specs; c++)
    row->v[c] = "";
  for (guint i = 0; i < n; i++)
    {
      char *text = kefu_import_strip (kefu_csv_field (r, i));

      if (i >= h->n_fields)
        {
          if (*text != '\0')
            {
              row_problem (row, -1,
                           _("The row has %u fields but the header has %u: does a field with a comma lack its quotes?"),
                           n, h->n_fields);
              return;
            }
        }
      else if (h->field_column[i] >= 0)
        {
          int c = h->field_column[i];
          guint max = rules[c].max_chars != 0 ? rules[c].max_chars : DEFAULT_MAX_CHARS;
          glong length = g_utf8_strlen (text, -1), at = 0;
          gunichar control = kefu_import_find_control (text, rules[c].multiline, &at);

          row->v[c] = text;
          /* (the value is not quoted back: it is what is wrong with it) */
          if (control != 0)
            row_problem (row, c, _("The value has a control character (U+%04X) at character %ld; remove it."),
                         (guint) control, at);
          else if (length > (glong) max)
            row_problem (row, c, _("The value has %ld characters; this column takes at most %u."), length, max);
        }
    }
}

static char *
allowed_values (guint list)
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

/* The code of a code column, NULL when empty or wrong (then reported). */
static const char *
row_code (Row  *row,
          int   column,
          guint list)
{
  const char *text = row->v[column];
  const char *code;
  g_autofree char *allowed = NULL;

  if (*text == '\0')
    return NULL;
  code = parse_code (list, text, row->im->scratch);
  if (code != NULL)
    return code;
  allowed = allowed_values (list);
  switch (list)
    {
    case KEFU_CODES_CHANNEL:
      row_problem (row, column, _("“%s” is not a channel; use one of: %s"), text, allowed);
      break;
    case KEFU_CODES_KIND:
      row_problem (row, column, _("“%s” is not a kind of ticket; use one of: %s"), text, allowed);
      break;
    case KEFU_CODES_SUBTYPE:
      row_problem (row, column, _("“%s” is not a subtype; use one of: %s"), text, allowed);
      break;
    case KEFU_CODES_STATUS:
      row_problem (row, column, _("“%s” is not a status; use one of: %s"), text, allowed);
      break;
    case RELATION_LIST:
      row_problem (row, column, _("“%s” is not a relation to the unit; use one of: %s"), text, allowed);
      break;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static gint64
row_time (Row *row,
          int  column)
{
  const char *text = row->v[column];
  gint64 t;

  if (*text == '\0')
    return 0;
  if (!kefu_import_parse_time (text, row->im->tz, &t))
    {
      row_problem (row, column, _("“%s” is not a date and time (use YYYY-MM-DD HH:MM, e.g. 2026-11-25 09:30)"), text);
      return 0;
    }
  if (t < row->im->oldest)
    {
      row_problem (row, column, _("“%s” is before the year 2000: Kefu takes dates from 2000-01-01 on."), text);
      return 0;
    }
  if (t > row->im->latest)
    {
      char now[20];

      kefu_export_format_time (row->im->now, row->im->tz, now);
      row_problem (row, column, _("“%s” is in the future: more than a day after now (%s)."), text, now);
      return 0;
    }
  return t;
}

static gboolean
parse_int (const char *text,
           guint64     min,
           guint64     max,
           int        *out)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &v, NULL))
    return FALSE;
  *out = (int) v;
  return TRUE;
}

/* "1.38123E+10": what Excel makes of a long number in a General column */
static gboolean
looks_rounded_by_excel (const char *text)
{
  const char *p = text;

  if (!g_ascii_isdigit (*p++))
    return FALSE;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if ((*p != 'E' && *p != 'e') || p[1] != '+' || !g_ascii_isdigit (p[2]))
    return FALSE;
  for (p += 2; g_ascii_isdigit (*p); p++)
    ;
  return *p == '\0';
}

/* A phone number without spaces, dashes or brackets; "" when empty, NULL
 * when it is not a number (reported). @buf holds the result. */
static const char *
row_phone (Row     *row,
           int      column,
           GString *buf)
{
  const char *text = row->v[column];

  g_string_truncate (buf, 0);
  if (*text == '\0')
    return "";
  if (looks_rounded_by_excel (text))
    {
      row_problem (row, column,
                   _("“%s” is a phone number that Excel turned into a rounded number; "
                     "format the column as text in Excel and save the file again."), text);
      return NULL;
    }
  if (!normalize_phone (text, buf))
    {
      row_problem (row, column, _("“%s” is not a phone number."), text);
      return NULL;
    }
  return buf->str;
}

static void
row_require (Row *row,
             int  column)
{
  if (*row->v[column] == '\0')
    row_problem (row, column, _("The value is missing; every row needs one."));
}

/* Tickets ---------------------------------------------------------------- */

typedef struct {
  Importer   *im;
  char       *event_body;      /* "Imported from FILE" */
  gboolean    has_numbers;     /* the file has a number column */
  gboolean    db_has_tickets;  /* else numbers need no look-up in the database */
  GHashTable *file_numbers;    /* every number the file gives, for generated ones to avoid */
  GHashTable *seen;            /* number → first line (GUINT) */
  GHashTable *day_seq;         /* "YYYYMMDD" → next sequence (GUINT) */
  GArray     *ids;             /* the new tickets */
  GString    *phone;
  GString    *location;
  const char *path;
  /* the two INSERTs of every row, looked up once (kefu_store_prepare()
   * hashes the whole SQL text at each call) */
  sqlite3_stmt *insert_ticket;
  sqlite3_stmt *insert_event;
} TicketImport;

static const int milestone_columns[] = {
  KEFU_TICKET_FIRST_RESPONSE_AT, KEFU_TICKET_DISPATCHED_AT, KEFU_TICKET_ACCEPTED_AT,
  KEFU_TICKET_ARRIVED_AT, KEFU_TICKET_RESOLVED_AT, KEFU_TICKET_CLOSED_AT,
  KEFU_TICKET_FOLLOWED_UP_AT, KEFU_TICKET_CANCELLED_AT,
};

/* Every number the file gives: read once, when a row without one needs a
 * number that no later row will claim. */
static gboolean
collect_numbers (TicketImport  *ti,
                 const char    *text,
                 gsize          len,
                 Header        *h,
                 GError       **error)
{
  KefuCsvReader r;
  guint line, field = 0;
  gboolean first = TRUE;

  ti->file_numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < h->n_fields; i++)
    if (h->field_column[i] == KEFU_TICKET_NUMBER)
      field = i;
  kefu_csv_init (&r, text, len);
  while (kefu_csv_next (&r, ti->path, &line, error))
    {
      if (first && !record_is_blank (&r))
        first = FALSE;   /* the header */
      else if (field < kefu_csv_n_fields (&r))
        {
          const char *n = kefu_import_strip (kefu_csv_field (&r, field));
          if (*n != '\0')
            g_hash_table_add (ti->file_numbers, g_strdup (n));
        }
    }
  kefu_csv_clear (&r);
  return error == NULL || *error == NULL;
}

/* GD + the local day + a sequence, like the desk's own numbers. */
static char *
generate_number (TicketImport *ti,
                 gint64        created_at)
{
  char when[20], day[9];
  guint seq;

  kefu_export_format_time (created_at, ti->im->tz, when);
  g_snprintf (day, sizeof day, "%.4s%.2s%.2s", when, when + 5, when + 8);
  seq = GPOINTER_TO_UINT (g_hash_table_lookup (ti->day_seq, day));
  for (;;)
    {
      char *number = g_strdup_printf ("GD%s%04u", day, ++seq);

      if (!g_hash_table_contains (ti->file_numbers, number) &&
          !g_hash_table_contains (ti->seen, number) &&
          (!ti->db_has_tickets || kefu_desk_find_ticket (ti->im->store, number) == 0))
        {
          g_hash_table_insert (ti->day_seq, g_strdup (day), GUINT_TO_POINTER (seq));
          return number;
        }
      g_free (number);
    }
}

static gboolean
insert_created_event (TicketImport  *ti,
                      gint64         ticket_id,
                      gint64         at,
                      GError       **error)
{
  Importer *im = ti->im;
  sqlite3_stmt *stmt = ti->insert_event;

  if (stmt == NULL)
    stmt = ti->insert_event = kefu_store_prepare (im->store,
        "INSERT INTO ticket_events (ticket_id, at, user_id, kind, to_status, body) "
        "VALUES (?, ?, ?, 'created', 'new', ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, at);
  kefu_bind_id_or_null (stmt, 3, kefu_store_get_actor (im->store));
  sqlite3_bind_text (stmt, 4, ti->event_body, -1, SQLITE_STATIC);
  return insert (im, stmt, error) != 0;
}

/* The index in milestone_columns (and a row's times) of @column */
static guint
milestone_index (int column)
{
  for (guint m = 0; m < G_N_ELEMENTS (milestone_columns); m++)
    if (milestone_columns[m] == column)
      return m;
  g_assert_not_reached ();
}

/* What the status says has happened must have its time, and a time must
 * not say more than the status: Kefu's own tickets hold these (a reopen
 * clears resolved_at and closed_at; a rating comes with the call-back). */
static void
ticket_milestones (Row          *row,
                   const char   *status,
                   const gint64 *times,
                   int           satisfaction)
{
  static const struct { const char *status; int column; } needs[] = {
    { "resolved", KEFU_TICKET_RESOLVED_AT },
    { "closed", KEFU_TICKET_CLOSED_AT },
    { "cancelled", KEFU_TICKET_CANCELLED_AT },
  };
  static const struct { int column; const char *statuses[3]; } allows[] = {
    { KEFU_TICKET_RESOLVED_AT, { "resolved", "closed", NULL } },
    { KEFU_TICKET_CLOSED_AT, { "closed", NULL } },
    { KEFU_TICKET_CANCELLED_AT, { "cancelled", NULL } },
  };
  const char *const *v = row->v;
  const char *label = kefu_code_label (KEFU_CODES_STATUS, status);
  gint64 resolved = times[milestone_index (KEFU_TICKET_RESOLVED_AT)];
  gint64 closed = times[milestone_index (KEFU_TICKET_CLOSED_AT)];
  gint64 followed = times[milestone_index (KEFU_TICKET_FOLLOWED_UP_AT)];

  for (guint i = 0; i < G_N_ELEMENTS (needs); i++)
    if (g_str_equal (status, needs[i].status) && times[milestone_index (needs[i].column)] == 0)
      row_problem (row, needs[i].column, _("The ticket’s status is “%s”, so it needs this time; it is empty."), label);
  for (guint i = 0; i < G_N_ELEMENTS (allows); i++)
    if (times[milestone_index (allows[i].column)] != 0 &&
        !g_strv_contains ((const char *const *) allows[i].statuses, status))
      row_problem (row, allows[i].column, _("“%s” says the ticket got this far, but its status is “%s”."),
                   v[allows[i].column], label);
  if (resolved != 0 && closed != 0 && closed < resolved)
    row_problem (row, KEFU_TICKET_CLOSED_AT, _("“%s” is before the ticket was resolved (%s)."),
                 v[KEFU_TICKET_CLOSED_AT], v[KEFU_TICKET_RESOLVED_AT]);
  if (satisfaction != 0 && followed == 0 && closed == 0)
    row_problem (row, KEFU_TICKET_SATISFACTION,
                 _("“%s” is a rating, but the ticket was never called back nor closed (no “%s” or “%s”)."),
                 v[KEFU_TICKET_SATISFACTION], column_name (row->h, KEFU_TICKET_FOLLOWED_UP_AT),
                 column_name (row->h, KEFU_TICKET_CLOSED_AT));
}

/* Checks one row and, when it is good, writes it. FALSE only for errors
 * that stop the whole import (the database failed). */
static gboolean
ticket_row (TicketImport  *ti,
            Row           *row,
            const char    *text,
            gsize          len,
            GError       **error)
{
  Importer *im = ti->im;
  const char *const *v = row->v;
  const char *channel, *kind, *subtype, *status, *phone;
  g_autofree char *number = NULL;
  gint64 created_at, times[G_N_ELEMENTS (milestone_columns)], updated_at;
  int level = 3, satisfaction = 0, reopen_count = 0;
  gint64 estate, building = 0, unit = 0, agent = 0, team = 0, technician = 0, id;
  Owner *owner = NULL;
  const char *location, *contact_name;
  sqlite3_stmt *stmt;
  guint n_problems;
  int p = 1;

  /* Check everything first: a bad row writes nothing. */
  row_require (row, KEFU_TICKET_CREATED_AT);
  row_require (row, KEFU_TICKET_KIND);
  row_require (row, KEFU_TICKET_CHANNEL);
  row_require (row, KEFU_TICKET_DESCRIPTION);
  created_at = row_time (row, KEFU_TICKET_CREATED_AT);
  channel = row_code (row, KEFU_TICKET_CHANNEL, KEFU_CODES_CHANNEL);
  kind = row_code (row, KEFU_TICKET_KIND, KEFU_CODES_KIND);
  subtype = row_code (row, KEFU_TICKET_SUBTYPE, KEFU_CODES_SUBTYPE);
  if (*v[KEFU_TICKET_LEVEL] != '\0')
    {
      const char *code = parse_code (KEFU_CODES_LEVEL, v[KEFU_TICKET_LEVEL], im->scratch);
      if (code != NULL)
        level = code[0] - '0';
      else
        row_problem (row, KEFU_TICKET_LEVEL, _("“%s” is not a level (use 1, 2 or 3)"), v[KEFU_TICKET_LEVEL]);
    }
  status = row_code (row, KEFU_TICKET_STATUS, KEFU_CODES_STATUS);
  n_problems = im->report->problems->len;
  if (status == NULL)
    status = *v[KEFU_TICKET_STATUS] == '\0' ? "new" : NULL;
  for (guint m = 0; m < G_N_ELEMENTS (milestone_columns); m++)
    {
      times[m] = row_time (row, milestone_columns[m]);
      if (times[m] != 0 && created_at != 0 && times[m] < created_at)
        row_problem (row, milestone_columns[m], _("“%s” is before the ticket was created (%s)."),
                     v[milestone_columns[m]], v[KEFU_TICKET_CREATED_AT]);
    }
  if (*v[KEFU_TICKET_SATISFACTION] != '\0' && !parse_int (v[KEFU_TICKET_SATISFACTION], 1, 5, &satisfaction))
    row_problem (row, KEFU_TICKET_SATISFACTION, _("“%s” is not a satisfaction score (use 1 to 5)"),
                 v[KEFU_TICKET_SATISFACTION]);
  /* The milestones must tell the story the status ends: only when the
   * status and every time could be read. */
  if (status != NULL && created_at != 0 && im->report->problems->len == n_problems)
    ticket_milestones (row, status, times, satisfaction);
  if (*v[KEFU_TICKET_REOPEN_COUNT] != '\0' && !parse_int (v[KEFU_TICKET_REOPEN_COUNT], 0, 1000, &reopen_count))
    row_problem (row, KEFU_TICKET_REOPEN_COUNT, _("“%s” is not a count (use a whole number, 0 or more)"),
                 v[KEFU_TICKET_REOPEN_COUNT]);
  phone = row_phone (row, KEFU_TICKET_OWNER_PHONE, ti->phone);
  if (*v[KEFU_TICKET_UNIT] != '\0' && *v[KEFU_TICKET_BUILDING] == '\0')
    row_problem (row, KEFU_TICKET_UNIT, _("“%s” is a unit, but the row gives no building (column “%s”)."),
                 v[KEFU_TICKET_UNIT], column_name (row->h, KEFU_TICKET_BUILDING));
  else if (*v[KEFU_TICKET_LOCATION] == '\0' && (*v[KEFU_TICKET_BUILDING] == '\0' || *v[KEFU_TICKET_UNIT] == '\0'))
    row_problem (row, KEFU_TICKET_LOCATION, _("The ticket has no place: give “%s”, or both “%s” and “%s”."),
                 column_name (row->h, KEFU_TICKET_LOCATION), column_name (row->h, KEFU_TICKET_BUILDING),
                 column_name (row->h, KEFU_TICKET_UNIT));
  if (*v[KEFU_TICKET_TECHNICIAN] != '\0' && *v[KEFU_TICKET_TEAM] == '\0' &&
      !g_hash_table_contains (im->technician_names, v[KEFU_TICKET_TECHNICIAN]))
    row_problem (row, KEFU_TICKET_TECHNICIAN,
                 _("“%s” is not a technician Kefu knows, and the row names no team (column “%s”) to add them to."),
                 v[KEFU_TICKET_TECHNICIAN], column_name (row->h, KEFU_TICKET_TEAM));
  if (row->bad)
    return TRUE;

  /* The number last: only good rows claim one. */
  if (*v[KEFU_TICKET_NUMBER] != '\0')
    {
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (ti->seen, v[KEFU_TICKET_NUMBER]));

      if (first != 0)
        row_problem (row, KEFU_TICKET_NUMBER, _("Ticket number “%s” is also on line %u."),
                     v[KEFU_TICKET_NUMBER], first);
      else if (ti->db_has_tickets && kefu_desk_find_ticket (im->store, v[KEFU_TICKET_NUMBER]) != 0)
        row_problem (row, KEFU_TICKET_NUMBER, _("Ticket number “%s” is already in the database."),
                     v[KEFU_TICKET_NUMBER]);
      if (row->bad)
        return TRUE;
      number = g_strdup (v[KEFU_TICKET_NUMBER]);
    }
  else
    {
      if (ti->file_numbers == NULL && ti->has_numbers && !collect_numbers (ti, text, len, row->h, error))
        return FALSE;
      if (ti->file_numbers == NULL)
        ti->file_numbers = g_hash_table_new (g_str_hash, g_str_equal);
      number = generate_number (ti, created_at);
    }
  g_hash_table_insert (ti->seen, g_strdup (number), GUINT_TO_POINTER (row->line));

  /* Then find or create what it refers to. */
  estate = ensure_estate (im, v[KEFU_TICKET_ESTATE], error);
  if (estate == 0)
    return FALSE;
  if (*v[KEFU_TICKET_BUILDING] != '\0' && (building = ensure_building (im, estate, v[KEFU_TICKET_BUILDING], error)) == 0)
    return FALSE;
  if (*v[KEFU_TICKET_UNIT] != '\0' && (unit = ensure_unit (im, building, v[KEFU_TICKET_UNIT], error)) == 0)
    return FALSE;
  location = v[KEFU_TICKET_LOCATION];
  if (*location == '\0')
    {
      g_string_printf (ti->location, "%s%s", v[KEFU_TICKET_BUILDING], v[KEFU_TICKET_UNIT]);
      location = ti->location->str;
    }

  /* A new owner belongs to the unit of the row that named them first; a
   * later ticket for another unit (the flat below) does not make them its
   * owner. */
  owner = find_owner (im, v[KEFU_TICKET_OWNER_NAME], phone, unit);
  if (owner == NULL && *v[KEFU_TICKET_OWNER_NAME] != '\0' && (*phone != '\0' || unit != 0))
    {
      owner = create_owner (im, v[KEFU_TICKET_OWNER_NAME], phone, NULL, error);
      if (owner == NULL || (unit != 0 && !link_owner_unit (im, owner, unit, "owner", error)))
        return FALSE;
    }
  /* The contact is kept when it is not the owner (a tenant, a relative). */
  contact_name = owner != NULL && g_str_equal (owner->name, v[KEFU_TICKET_OWNER_NAME]) ? NULL
                 : v[KEFU_TICKET_OWNER_NAME];

  if (*v[KEFU_TICKET_AGENT] != '\0' && (agent = ensure_user (im, v[KEFU_TICKET_AGENT], error)) == 0)
    return FALSE;
  if (*v[KEFU_TICKET_TEAM] != '\0' && (team = ensure_team (im, v[KEFU_TICKET_TEAM], error)) == 0)
    return FALSE;
  if (*v[KEFU_TICKET_TECHNICIAN] != '\0' &&
      (technician = ensure_technician (im, team, v[KEFU_TICKET_TECHNICIAN], error)) == 0)
    return FALSE;

  updated_at = created_at;
  for (guint m = 0; m < G_N_ELEMENTS (times); m++)
    updated_at = MAX (updated_at, times[m]);

  stmt = ti->insert_ticket;
  if (stmt == NULL)
    stmt = ti->insert_ticket = kefu_store_prepare (im->store,
        "INSERT INTO tickets (number, channel, kind, subtype, level, estate_id, building_id, unit_id, "
        "location, owner_id, contact_name, contact_phone, description, status, agent_id, team_id, "
        "technician_id, created_by, created_at, first_response_at, dispatched_at, accepted_at, "
        "arrived_at, resolved_at, closed_at, followed_up_at, cancelled_at, satisfaction, reopen_count, "
        "hold_reason, cancel_reason, followup_comment, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, p++, number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, p++, channel, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, p++, kind, -1, SQLITE_STATIC);
  kefu_bind_text_or_null (stmt, p++, subtype);
  sqlite3_bind_int (stmt, p++, level);
  sqlite3_bind_int64 (stmt, p++, estate);
  kefu_bind_id_or_null (stmt, p++, building);
  kefu_bind_id_or_null (stmt, p++, unit);
  sqlite3_bind_text (stmt, p++, location, -1, SQLITE_TRANSIENT);
  kefu_bind_id_or_null (stmt, p++, owner != NULL ? owner->id : 0);
  kefu_bind_text_or_null (stmt, p++, contact_name);
  kefu_bind_text_or_null (stmt, p++, phone);
  sqlite3_bind_text (stmt, p++, v[KEFU_TICKET_DESCRIPTION], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, p++, status, -1, SQLITE_STATIC);
  kefu_bind_id_or_null (stmt, p++, agent);
  kefu_bind_id_or_null (stmt, p++, team);
  kefu_bind_id_or_null (stmt, p++, technician);
  kefu_bind_id_or_null (stmt, p++, kefu_store_get_actor (im->store));
  sqlite3_bind_int64 (stmt, p++, created_at);
  for (guint m = 0; m < G_N_ELEMENTS (times); m++)
    kefu_bind_id_or_null (stmt, p++, times[m]);
  kefu_bind_id_or_null (stmt, p++, satisfaction);
  sqlite3_bind_int (stmt, p++, reopen_count);
  kefu_bind_text_or_null (stmt, p++, v[KEFU_TICKET_HOLD_REASON]);
  kefu_bind_text_or_null (stmt, p++, v[KEFU_TICKET_CANCEL_REASON]);
  kefu_bind_text_or_null (stmt, p++, v[KEFU_TICKET_FOLLOWUP_COMMENT]);
  sqlite3_bind_int64 (stmt, p++, updated_at);
  if ((id = insert (im, stmt, error)) == 0)
    return FALSE;
  g_array_append_val (ti->ids, id);
  return insert_created_event (ti, id, created_at, error);
}

/* Owners ----------------------------------------------------------------- */

static gboolean
owner_row (Importer  *im,
           Row       *row,
           GString   *phone_buf,
           GError   **error)
{
  const char *const *v = row->v;
  const char *phone, *relation, *channel;
  gint64 estate, building, unit;
  Owner *owner;

  row_require (row, OWNER_NAME);
  row_require (row, OWNER_BUILDING);
  row_require (row, OWNER_UNIT);
  phone = row_phone (row, OWNER_PHONE, phone_buf);
  relation = row_code (row, OWNER_RELATION, RELATION_LIST);
  channel = row_code (row, OWNER_PREFERRED_CHANNEL, KEFU_CODES_CHANNEL);
  if (row->bad)
    return TRUE;
  if (relation == NULL)
    relation = "owner";

  if ((estate = ensure_estate (im, v[OWNER_ESTATE], error)) == 0 ||
      (building = ensure_building (im, estate, v[OWNER_BUILDING], error)) == 0 ||
      (unit = ensure_unit (im, building, v[OWNER_UNIT], error)) == 0)
    return FALSE;

  owner = find_owner (im, v[OWNER_NAME], phone, unit);
  if (owner == NULL)
    {
      if ((owner = create_owner (im, v[OWNER_NAME], phone, channel, error)) == NULL)
        return FALSE;
    }
  else
    {
      im->report->n_matched++;
      if (!g_str_equal (owner->name, v[OWNER_NAME]))
        report_add (im->report, row->line, column_name (row->h, OWNER_PHONE), KEFU_IMPORT_SEVERITY_WARNING,
                    g_strdup_printf (_("“%s” is already the phone number of “%s”; the row was added to that owner."),
                                     phone, owner->name));
      if (channel != NULL)
        {
          sqlite3_stmt *stmt = kefu_store_prepare (im->store,
              "UPDATE owners SET preferred_channel = ? WHERE id = ?", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, channel, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, owner->id);
          if (!step (im, stmt, error))
            return FALSE;
        }
    }
  if (!link_owner_unit (im, owner, unit, relation, error))
    return FALSE;

  if (*v[OWNER_TAGS] != '\0')
    {
      g_auto(GStrv) tags = g_regex_split_simple ("[;；、，,]", v[OWNER_TAGS], 0, 0);
      sqlite3_stmt *stmt = kefu_store_prepare (im->store,
          "INSERT OR IGNORE INTO owner_tags (owner_id, tag) VALUES (?, ?)", error);

      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; tags[i] != NULL; i++)
        {
          const char *tag = kefu_import_strip (tags[i]);
          if (*tag == '\0')
            continue;
          sqlite3_bind_int64 (stmt, 1, owner->id);
          sqlite3_bind_text (stmt, 2, tag, -1, SQLITE_TRANSIENT);
          if (!step (im, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* The import ------------------------------------------------------------- */

typedef enum { IMPORT_TICKETS, IMPORT_OWNERS } ImportKind;

/* The search index for the new tickets: row by row for a few, rebuilt in
 * one pass when the import is most of the database. */
static gboolean
index_tickets (KefuStore  *store,
               GArray     *ids,
               GError    **error)
{
  gint64 total = kefu_store_count_rows (store, "tickets", error);

  if (total < 0)
    return FALSE;
  if (ids->len > 2000 && ids->len * 2 >= total)
    return kefu_search_rebuild (store, error);
  for (guint i = 0; i < ids->len; i++)
    if (!kefu_search_index_ticket (store, g_array_index (ids, gint64, i), error))
      return FALSE;
  return TRUE;
}

static KefuImportReport *
run_import (KefuStore                *store,
            const char               *path,
            const KefuImportOptions  *options,
            ImportKind                kind,
            KefuProgressFunc          progress,
            gpointer                  user_data,
            GCancellable             *cancellable,
            GError                  **error)
{
  static const KefuImportOptions defaults = { KEFU_IMPORT_ENCODING_AUTO, FALSE, FALSE };
  g_autoptr(KefuImportReport) report = g_object_new (KEFU_TYPE_IMPORT_REPORT, NULL);
  g_autofree char *text = NULL;
  g_autofree char *file_name = NULL;
  g_autoptr(GString) phone = g_string_new (NULL);
  const char *message = kind == IMPORT_TICKETS ? _("Importing tickets…") : _("Importing owners…");
  Importer im = { 0 };
  TicketImport ti = { 0 };
  KefuBulkLoad load = { 0 };
  Header h = { 0 };
  KefuCsvReader r;
  gsize len;
  guint line, n = 0;
  gboolean ok = FALSE, commit;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  if (options == NULL)
    options = &defaults;

  text = kefu_import_load_text (path, options->encoding, &report->encoding, &len, error);
  if (text == NULL)
    return NULL;
  kefu_csv_init (&r, text, len);

  if (kind == IMPORT_TICKETS)
    {
      if (!read_header (&r, path, kefu_ticket_columns, KEFU_TICKET_N_COLUMNS, &h, report, error) ||
          !require_column (&h, path, KEFU_TICKET_CREATED_AT, error) ||
          !require_column (&h, path, KEFU_TICKET_CHANNEL, error) ||
          !require_column (&h, path, KEFU_TICKET_KIND, error) ||
          !require_column (&h, path, KEFU_TICKET_DESCRIPTION, error))
        goto out;
      if (h.header[KEFU_TICKET_LOCATION] == NULL &&
          (h.header[KEFU_TICKET_BUILDING] == NULL || h.header[KEFU_TICKET_UNIT] == NULL))
        {
          g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER,
                       _("The file “%s” has no column “location” (位置), nor both “building” (楼栋) "
                         "and “unit” (房号): every ticket needs a place."), path);
          goto out;
        }
    }
  else if (!read_header (&r, path, owner_columns, OWNER_N_COLUMNS, &h, report, error) ||
           !require_column (&h, path, OWNER_NAME, error) ||
           !require_column (&h, path, OWNER_BUILDING, error) ||
           !require_column (&h, path, OWNER_UNIT, error))
    goto out;

  im.store = store;
  im.report = report;
  im.path = path;
  im.tz = g_time_zone_new_local ();
  im.key = g_string_new (NULL);
  im.scratch = g_string_new (NULL);
  im.now = kefu_store_now (store);
  if (!kefu_import_parse_time (OLDEST_DATE, im.tz, &im.oldest))
    g_assert_not_reached ();
  im.latest = im.now + DAY_SECONDS;
  file_name = g_path_get_basename (path);
  ti.im = &im;
  ti.path = path;
  ti.event_body = g_strdup_printf (_("Imported from %s"), file_name);
  ti.has_numbers = h.header[KEFU_TICKET_NUMBER] != NULL;
  ti.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ti.day_seq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ti.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ti.phone = g_string_new (NULL);
  ti.location = g_string_new (NULL);

  /* (with room in the page cache for the indexes a big import touches) */
  kefu_store_set_bulk_mode (store, TRUE);
  /* one audit entry for the import, not one per timeline event */
  kefu_audit_set_events (store, FALSE);
  if (!kefu_store_begin (store, error))
    goto out;
  if (!importer_load (&im, error))
    goto rollback;
  ti.db_has_tickets = kefu_store_count_rows (store, "tickets", NULL) != 0;
  if (kind == IMPORT_TICKETS && !kefu_bulk_load_begin (store, &load, error))
    goto rollback;

  while (kefu_csv_next (&r, path, &line, error))
    {
      Row row = { &im, &h, line, FALSE, { NULL } };

      if (record_is_blank (&r))
        continue;
      report->n_rows++;
      row_fill (&row, &r);
      if (!row.bad &&
          !(kind == IMPORT_TICKETS ? ticket_row (&ti, &row, text, len, error)
                                   : owner_row (&im, &row, phone, error)))
        goto rollback;
      if (row.bad)
        report->n_bad++;
      else
        report->n_good++;

      if ((++n & 0x3ff) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto rollback;
          if (progress != NULL)
            progress (0.95 * (r.p - text) / MAX (len, 1), message, user_data);
        }
    }
  if (error != NULL && *error != NULL)
    goto rollback;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto rollback;
  if (report->n_rows == 0)
    {
      g_set_error (error, KEFU_IMPORT_ERROR, KEFU_IMPORT_ERROR_HEADER,
                   _("The file “%s” has no rows below its header: there is nothing to import."), path);
      goto rollback;
    }

  commit = !options->dry_run && (report->n_bad == 0 || options->skip_bad);
  report->outcome = options->dry_run ? KEFU_IMPORT_OUTCOME_DRY_RUN
                    : commit ? KEFU_IMPORT_OUTCOME_IMPORTED : KEFU_IMPORT_OUTCOME_REFUSED;
  if (!commit)
    {
      kefu_bulk_load_abort (&load);
      kefu_store_rollback (store);
      ok = TRUE;
      goto out;
    }
  if (kind == IMPORT_TICKETS)
    {
      if (progress != NULL)
        progress (0.96, _("Updating the search index…"), user_data);
      if (!kefu_bulk_load_end (&load, error) ||
          !index_tickets (store, ti.ids, error))
        goto rollback;
    }
  {
    g_autofree char *detail = g_strdup_printf ("rows=%u skipped=%u", report->n_good, report->n_bad);

    if (!kefu_audit_append (store, kefu_store_get_actor (store),
                            kind == IMPORT_TICKETS ? "import_tickets" : "import_owners",
                            kind == IMPORT_TICKETS ? "tickets" : "owners", 0, detail, error))
      goto rollback;
  }
  if (!kefu_store_commit (store, error))
    goto out;
  report->n_imported = report->n_good;
  report->n_skipped = report->n_bad;
  ok = TRUE;
  if (progress != NULL)
    progress (1.0, _("Done"), user_data);
  goto out;

rollback:
  kefu_bulk_load_abort (&load);
  kefu_store_rollback (store);
out:
  kefu_bulk_load_abort (&load);
  kefu_audit_set_events (store, TRUE);
  kefu_store_set_bulk_mode (store, FALSE);
  kefu_csv_clear (&r);
  header_clear (&h);
  importer_clear (&im);
  g_free (ti.event_body);
  g_clear_pointer (&ti.file_numbers, g_hash_table_unref);
  g_clear_pointer (&ti.seen, g_hash_table_unref);
  g_clear_pointer (&ti.day_seq, g_hash_table_unref);
  g_clear_pointer (&ti.ids, g_array_unref);
  if (ti.phone != NULL)
    g_string_free (ti.phone, TRUE);
  if (ti.location != NULL)
    g_string_free (ti.location, TRUE);
  return ok ? g_steal_pointer (&report) : NULL;
}

/**
 * kefu_import_tickets:
 *
 * Imports the tickets of a CSV file as history: each keeps the status and
 * milestones the file gives, and gets one "created" event at its creation
 * time. Missing buildings, units, owners, agents, teams and technicians
 * are created. Returns a report (also when rows were bad and nothing was
 * imported: see its outcome), or NULL with @error set when the file cannot
 * be read as a ticket file or the database fails.
 */
KefuImportReport *
kefu_import_tickets (KefuStore                *store,
                     const char               *path,
                     const KefuImportOptions  *options,
                     KefuProgressFunc          progress,
                     gpointer                  user_data,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  return run_import (store, path, options, IMPORT_TICKETS, progress, user_data, cancellable, error);
}

/**
 * kefu_import_owners:
 *
 * Imports owners, tenants and family members with their units, tags and
 * preferred channel. A row whose phone (else name in the same unit)
 * matches an owner adds to that owner instead of creating another.
 */
KefuImportReport *
kefu_import_owners (KefuStore                *store,
                    const char               *path,
                    const KefuImportOptions  *options,
                    KefuProgressFunc          progress,
                    gpointer                  user_data,
                    GCancellable             *cancellable,
                    GError                  **error)
{
  return run_import (store, path, options, IMPORT_OWNERS, progress, user_data, cancellable, error);
}
