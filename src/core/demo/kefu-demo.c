/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-demo.c — a realistic sample service center
 *
 * One estate in Shenzhen, twelve buildings, ~2,000 owners, a year of
 * tickets with the industry's distributions (docs/domain.md): leaks
 * peak in July, responses average about 40 minutes against a promise of
 * 15, repairs take about 3 hours, ratings average about 82 of 100. A
 * few dozen recent tickets are still open, their clocks running. The
 * same seed and the same "now" always give the same data.
 *
 * It is written in short transactions (kefu-batch.h): the places, people
 * and teams in one, the year of tickets in batches of a few hundred (each
 * its own bulk load), then the links, clocks, training and search index,
 * with a pause between two, so a desk program waiting to write gets the
 * lock within a second or so. A setting ("demo_loading", with each
 * table's last row before the load) marks the load until its last
 * transaction: a load that failed, was cancelled or killed half way is
 * taken out again, now or by the next load, which then starts afresh.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-batch-private.h"
#include "kefu-demo.h"
#include "kefu-demo-questions.h"
#include "kefu-search.h"
#include "kefu-sla.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

#define N_BUILDINGS 12
#define UNITS_PER_FLOOR 4
#define DAY (24 * 3600)

typedef struct {
  KefuStore    *store;
  GRand        *rand;
  gint64        now;
  GCancellable *cancellable;
  KefuProgressFunc progress;
  gpointer      progress_data;
  GError      **error;

  gint64        estate_id;
  gint64        building_ids[N_BUILDINGS];
  GArray       *unit_ids;       /* gint64 */
  GArray       *unit_building;  /* int: index into building_ids */
  GPtrArray    *unit_names;     /* "3栋502" */
  GArray       *owner_ids;      /* gint64 */
  GArray       *owner_unit;     /* guint: index into unit_ids */
  GPtrArray    *owner_phones;
  GArray       *owner_elderly;  /* gboolean */
  GArray       *agents;         /* gint64 user ids */
  GArray       *dispatchers;
  gint64        trainer_id, supervisor_id, manager_id;
  GArray       *agent_trainees;
  struct { gint64 id; GArray *techs; } teams[7];
  KefuBatch     batch;
  KefuBulkLoad  load;           /* the tickets of the open batch */
} Demo;

enum { TEAM_PLUMBING, TEAM_SPECIAL, TEAM_CLEANING, TEAM_GREEN, TEAM_SECURITY, TEAM_ENGINEERING, TEAM_CONTRACTOR };

static const char surnames[] =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万钱戴严莫孔向常汤康易乔赖文施洪庄傅章鲁岳";
static const char given[] =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志鹏辉宇浩然欣怡子涵梓轩雨婷晨曦思远嘉豪佳琪俊杰淑珍秀英文博海燕春梅德胜永安宏伟晓东丽娟凤莲新民";

static const char *const technician_names[] = {
  "李建国", "王师傅", "陈志强", "刘德胜", "张海涛", "赵永安", "黄宏伟", "周晓东",
  "吴国强", "郑大勇", "孙立平", "马小军", "胡文斌", "郭春生", "何建平", "林水生",
  "罗金龙", "高明亮", "梁振华", "宋国庆", "谢保平", "唐志远", "韩德明", "冯建军",
};

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

static char *
random_name (GRand *rand)
{
  glong ns = g_utf8_strlen (surnames, -1), ng = g_utf8_strlen (given, -1);
  GString *s = g_string_new (NULL);
  const char *p;
  guint n_given = g_rand_int_range (rand, 0, 10) < 4 ? 1 : 2;

  p = g_utf8_offset_to_pointer (surnames, g_rand_int_range (rand, 0, ns));
  g_string_append_len (s, p, g_utf8_next_char (p) - p);
  for (guint i = 0; i < n_given; i++)
    {
      p = g_utf8_offset_to_pointer (given, g_rand_int_range (rand, 0, ng));
      g_string_append_len (s, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (s, FALSE);
}

static char *
random_phone (GRand *rand)
{
  static const char *const prefixes[] = { "138", "139", "136", "135", "137", "150", "151", "158",
                                          "159", "186", "187", "188", "133", "177", "180", "199" };
  return g_strdup_printf ("%s%08u", prefixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (prefixes))],
                          (guint) g_rand_int_range (rand, 0, 100000000));
}

/* kefu_query_run in the generator's context, leaving the query unbound */
static gboolean
step_done (Demo         *d,
           KefuQuery *stmt)
{
  gboolean ok = kefu_query_run (d->store, stmt, d->error);

  kefu_query_reset (stmt);
  return ok;
}

static gint64
last_id (Demo *d)
{
  return kefu_query_last_id (d->store);
}

static KefuQuery *
prep (Demo       *d,
      const char *sql)
{
  return kefu_query_prepare (d->store, sql, d->error);
}

static gboolean
make_places (Demo *d)
{
  KefuQuery *estate = prep (d, "INSERT INTO estates (name, city, address, created_at) VALUES (?1, ?2, ?3, ?4)");
  KefuQuery *building = prep (d, "INSERT INTO buildings (estate_id, name, floors) VALUES (?1, ?2, ?3)");
  KefuQuery *unit = prep (d, "INSERT INTO units (building_id, name, floor, area_m2) VALUES (?1, ?2, ?3, ?4)");
  KefuQuery *area = prep (d, "INSERT INTO common_areas (estate_id, building_id, name) VALUES (?1, ?2, ?3)");
  static const char *const estate_areas[] = { "地下车库", "中心绿地", "北门岗亭", "南门岗亭", "游泳池", "儿童乐园", "会所", "垃圾站" };
  static const char *const building_areas[] = { "电梯", "大堂", "楼道", "天台" };

  if (!estate || !building || !unit || !area)
    return FALSE;
  kefu_query_bind_text (estate, 1, "翠湖花园");
  kefu_query_bind_text (estate, 2, "深圳");
  kefu_query_bind_text (estate, 3, "深圳市南山区翠湖路88号");
  kefu_query_bind_int (estate, 4, d->now - 400 * (gint64) DAY);
  if (!step_done (d, estate))
    return FALSE;
  d->estate_id = last_id (d);

  for (guint i = 0; i < G_N_ELEMENTS (estate_areas); i++)
    {
      kefu_query_bind_int (area, 1, d->estate_id);
      kefu_query_bind_text (area, 3, estate_areas[i]);
      if (!step_done (d, area))
        return FALSE;
    }

  for (int b = 0; b < N_BUILDINGS; b++)
    {
      g_autofree char *bname = g_strdup_printf ("%d栋", b + 1);
      int floors = 18 + (b % 4) * 4;

      kefu_query_bind_int (building, 1, d->estate_id);
      kefu_query_bind_text (building, 2, bname);
      kefu_query_bind_int (building, 3, floors);
      if (!step_done (d, building))
        return FALSE;
      d->building_ids[b] = last_id (d);

      for (guint i = 0; i < G_N_ELEMENTS (building_areas); i++)
        {
          g_autofree char *aname = g_strdup_printf ("%s %s", bname, building_areas[i]);
          kefu_query_bind_int (area, 1, d->estate_id);
          kefu_query_bind_int (area, 2, d->building_ids[b]);
          kefu_query_bind_text (area, 3, aname);
          if (!step_done (d, area))
            return FALSE;
        }

      for (int f = 1; f <= floors; f++)
        for (int u = 1; u <= UNITS_PER_FLOOR; u++)
          {
            g_autofree char *uname = g_strdup_printf ("%d%02d", f, u);
            gint64 id;

            kefu_query_bind_int (unit, 1, d->building_ids[b]);
            kefu_query_bind_text (unit, 2, uname);
            kefu_query_bind_int (unit, 3, f);
            kefu_query_bind_double (unit, 4, (u % 2) ? 89.5 : 126.0);
            if (!step_done (d, unit))
              return FALSE;
            id = last_id (d);
            g_array_append_val (d->unit_ids, id);
            g_array_append_val (d->unit_building, b);
            g_ptr_array_add (d->unit_names, g_strdup_printf ("%s%s", bname, uname));
          }
    }
  return TRUE;
}

static gboolean
make_owners (Demo *d)
{
  KefuQuery *owner = prep (d, "INSERT INTO owners (name, phone, preferred_channel, created_at, name_pinyin, name_initials) "
                      "VALUES (?1, ?2, ?3, ?4, kefu_pinyin(?1, 0), kefu_pinyin(?1, 1))");
  KefuQuery *link = prep (d, "INSERT OR IGNORE INTO owner_units (owner_id, unit_id, relation) VALUES (?1, ?2, ?3)");
  KefuQuery *tag = prep (d, "INSERT OR IGNORE INTO owner_tags (owner_id, tag) VALUES (?1, ?2)");
  static const char *const tags[] = { "上班族", "宝妈", "业委会成员", "VIP", "独居老人", "残障人士", "新入住" };
  static const char *const pref[] = { "phone", "wechat", "app", "wechat", "phone" };

  if (!owner || !link || !tag)
    return FALSE;
  for (guint i = 0; i < KEFU_DEMO_N_OWNERS; i++)
    {
      g_autofree char *name = random_name (d->rand);
      char *phone = random_phone (d->rand);
      guint unit_index = i < d->unit_ids->len ? i : (guint) g_rand_int_range (d->rand, 0, d->unit_ids->len);
      gboolean elderly = g_rand_int_range (d->rand, 0, 100) < 18;
      const char *relation = i < d->unit_ids->len ? "owner" : (g_rand_boolean (d->rand) ? "tenant" : "family");
      gint64 id;

      kefu_query_bind_text (owner, 1, name);
      kefu_query_bind_text (owner, 2, phone);
      /* Elderly owners prefer the phone. */
      kefu_query_bind_text (owner, 3, elderly ? "phone" : pref[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (pref))]);
      kefu_query_bind_int (owner, 4, d->now - g_rand_int_range (d->rand, 200, 2000) * (gint64) DAY);
      if (!step_done (d, owner))
        return FALSE;
      id = last_id (d);
      g_array_append_val (d->owner_ids, id);
      g_array_append_val (d->owner_unit, unit_index);
      g_ptr_array_add (d->owner_phones, phone);
      g_array_append_val (d->owner_elderly, elderly);

      kefu_query_bind_int (link, 1, id);
      kefu_query_bind_int (link, 2, g_array_index (d->unit_ids, gint64, unit_index));
      kefu_query_bind_text (link, 3, relation);
      if (!step_done (d, link))
        return FALSE;

      if (elderly || relation[0] == 't' || g_rand_int_range (d->rand, 0, 100) < 30)
        {
          kefu_query_bind_int (tag, 1, id);
          kefu_query_bind_text (tag, 2, elderly ? "老年业主" : relation[0] == 't' ? "租户"
                                   : tags[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (tags))]);
          if (!step_done (d, tag))
            return FALSE;
        }
    }
  return TRUE;
}

/* The sample's users all have the documented PIN KEFU_DEMO_PIN. It is
 * hashed once per process and the same argon2id string (one salt) is
 * given to every sample user: twenty hashes at the interactive cost would
 * take seconds, and a shared salt is acceptable for sample data whose PIN
 * is printed on the sign-in page anyway. Never do this for real accounts
 * (kefu_auth_hash salts each one). */
static const char *
demo_pin_hash (GError **error)
{
  static char *hash;
  G_LOCK_DEFINE_STATIC (hash);
  const char *result;

  G_LOCK (hash);
  if (hash == NULL)
    hash = kefu_auth_hash (KEFU_DEMO_PIN, error);
  result = hash;
  G_UNLOCK (hash);
  return result;
}

static gboolean
add_user (Demo       *d,
          const char *login,
          const char *name,
          const char *role,
          const char *title,
          GArray     *into,
          gint64     *id_out)
{
  KefuQuery *user = prep (d, "INSERT INTO users (login, name, role, title, created_at, pin_hash, pin_set_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)");
  const char *pin_hash = demo_pin_hash (d->error);
  gint64 id;

  if (user == NULL || pin_hash == NULL)
    return FALSE;
  kefu_query_bind_text (user, 6, pin_hash);
  kefu_query_bind_text (user, 1, login);
  kefu_query_bind_text (user, 2, name);
  kefu_query_bind_text (user, 3, role);
  kefu_query_bind_text (user, 4, title);
  kefu_query_bind_int (user, 5, d->now - 500 * (gint64) DAY);
  if (!step_done (d, user))
    return FALSE;
  id = last_id (d);
  if (into != NULL)
    g_array_append_val (into, id);
  if (id_out != NULL)
    *id_out = id;
  return TRUE;
}

/* Not everyone in a team does everything: a few specialists. */
static const char *
skills_of (guint       team,
           int         k,
           const char *team_subtypes)
{
  static const char *const plumbing[] = { "plumbing_electrical,doors_windows,other", "plumbing_electrical",
                                          "doors_windows,other" };

  if (team == TEAM_PLUMBING)
    return plumbing[k % 3];
  if (team == TEAM_SPECIAL)
    return k % 2 ? "elevator" : "elevator,fire";
  return team_subtypes;
}

static gboolean
make_staff (Demo *d)
{
  static const struct { const char *login, *name, *role, *title; } staff[] = {
    { "chenjing", "陈静", "agent", "资深客服" }, { "liuyang", "刘洋", "agent", "客服专员" },
    { "zhangmin", "张敏", "agent", "客服专员" }, { "wangfang", "王芳", "agent", "客服专员" },
    { "zhaoli", "赵丽", "agent", "客服专员" }, { "sunjie", "孙杰", "agent", "新入职客服" },
    { "zhouting", "周婷", "agent", "新入职客服" }, { "wuhao", "吴浩", "agent", "资深客服" },
    { "huangwei", "黄伟", "dispatcher", "调度员" }, { "linxia", "林霞", "dispatcher", "调度员" },
    { "xuqiang", "许强", "supervisor", "客服主管" }, { "hemei", "何美", "supervisor", "客服主管" },
    { "guohong", "郭红", "trainer", "内训师" }, { "luoping", "罗平", "trainer", "培训师" },
    { "zhengjun", "郑军", "manager", "项目经理" }, { "admin", "系统管理员", "admin", "管理员" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      GArray *into = NULL;
      gint64 id;

      if (g_str_equal (staff[i].role, "agent"))
        into = d->agents;
      else if (g_str_equal (staff[i].role, "dispatcher"))
        into = d->dispatchers;
      if (!add_user (d, staff[i].login, staff[i].name, staff[i].role, staff[i].title, into, &id))
        return FALSE;
      if (g_str_equal (staff[i].role, "trainer") && d->trainer_id == 0)
        d->trainer_id = id;
      if (g_str_equal (staff[i].role, "supervisor") && d->supervisor_id == 0)
        d->supervisor_id = id;
      if (g_str_equal (staff[i].role, "manager") && d->manager_id == 0)
        d->manager_id = id;
    }

  {
    static const struct { const char *name, *subtypes; gboolean contractor; int n; } teams[] = {
      [TEAM_PLUMBING] = { "水电维修组", "plumbing_electrical,doors_windows,other", FALSE, 6 },
      [TEAM_SPECIAL] = { "特种设备组", "elevator,fire", FALSE, 4 },
      [TEAM_CLEANING] = { "保洁", "environment", FALSE, 3 },
      [TEAM_GREEN] = { "绿化", "environment", FALSE, 2 },
      [TEAM_SECURITY] = { "安保", "security,noise", FALSE, 4 },
      [TEAM_ENGINEERING] = { "工程部", "common_facilities", FALSE, 3 },
      [TEAM_CONTRACTOR] = { "深圳通达电梯服务有限公司", "elevator", TRUE, 2 },
    };
    KefuQuery *team = prep (d, "INSERT INTO teams (name, subtypes, is_contractor) VALUES (?1, ?2, ?3)");
    KefuQuery *tech = prep (d, "INSERT INTO technicians (name, phone, team_id, skills) VALUES (?1, ?2, ?3, ?4)");
    KefuQuery *shift = prep (d, "INSERT INTO shifts (technician_id, weekday, start_min, end_min) VALUES (?1, ?2, ?3, ?4)");
    guint next_tech = 0;

    if (!team || !tech || !shift)
      return FALSE;
    for (guint t = 0; t < G_N_ELEMENTS (teams); t++)
      {
        kefu_query_bind_text (team, 1, teams[t].name);
        kefu_query_bind_text (team, 2, teams[t].subtypes);
        kefu_query_bind_int (team, 3, teams[t].contractor);
        if (!step_done (d, team))
          return FALSE;
        d->teams[t].id = last_id (d);
        d->teams[t].techs = g_array_new (FALSE, FALSE, sizeof (gint64));
        for (int k = 0; k < teams[t].n; k++)
          {
            g_autofree char *phone = random_phone (d->rand);
            const char *name = technician_names[next_tech++ % G_N_ELEMENTS (technician_names)];
            gint64 id;

            kefu_query_bind_text (tech, 1, name);
            kefu_query_bind_text (tech, 2, phone);
            kefu_query_bind_int (tech, 3, d->teams[t].id);
            kefu_query_bind_text (tech, 4, skills_of (t, k, teams[t].subtypes));
            if (!step_done (d, tech))
              return FALSE;
            id = last_id (d);
            g_array_append_val (d->teams[t].techs, id);
            /* Two shifts a day, staggered so someone is on through the
             * day and evening; nights and weekends have an on-call cover
             * (值班): the elevator contractor every day and night, and a
             * night electrician (22:00–08:00) in the plumbing team. */
            for (int wd = 1; wd <= 7; wd++)
              {
                if ((wd + k) % 7 == 0 && t != TEAM_CONTRACTOR)
                  continue;   /* a day off a week */
                kefu_query_bind_int (shift, 1, id);
                kefu_query_bind_int (shift, 2, wd);
                if (t == TEAM_CONTRACTOR)
                  {
                    /* the elevator contractor is on call day (08:00–20:00) and night (20:00–08:00) */
                    kefu_query_bind_int (shift, 3, k % 2 ? 20 * 60 : 8 * 60);
                    kefu_query_bind_int (shift, 4, k % 2 ? 8 * 60 : 20 * 60);
                  }
                else if (t == TEAM_PLUMBING && k == teams[t].n - 1)
                  {
                    /* the night electrician on call */
                    kefu_query_bind_int (shift, 3, 22 * 60);
                    kefu_query_bind_int (shift, 4, 8 * 60);
                  }
                else
                  {
                    kefu_query_bind_int (shift, 3, k % 2 ? 14 * 60 : 8 * 60);
                    kefu_query_bind_int (shift, 4, k % 2 ? 22 * 60 : 17 * 60);
                  }
                if (!step_done (d, shift))
                  return FALSE;
              }
          }
      }
  }
  return TRUE;
}

/* The dispatch rules, each technician's buildings, and a few days of leave
 * and an extra night shift around "now"; no random draws, so the tickets
 * that follow are the same as before. */
static gboolean
make_dispatch (Demo *d)
{
  static const struct { const char *name, *kind, *subtype; int team; } rules[] = {
    { "消防设施", NULL, "fire", TEAM_SPECIAL },
    { "水电", "repair", "plumbing_electrical", TEAM_PLUMBING },
    { "电梯", NULL, "elevator", TEAM_SPECIAL },
    { "电梯（外包备援）", NULL, "elevator", TEAM_CONTRACTOR },
    { "门窗", "repair", "doors_windows", TEAM_PLUMBING },
    { "公共设施", NULL, "common_facilities", TEAM_ENGINEERING },
    { "环境卫生", NULL, "environment", TEAM_CLEANING },
    { "治安", NULL, "security", TEAM_SECURITY },
    { "噪音", NULL, "noise", TEAM_SECURITY },
    { "其他报修", "repair", NULL, TEAM_PLUMBING },
  };
  static const struct { int team, k, day; const char *kind; int start, end; const char *note; } exceptions[] = {
    { TEAM_PLUMBING, 2, 0, "leave", -1, -1, "年假" },
    { TEAM_PLUMBING, 2, 1, "leave", -1, -1, "年假" },
    { TEAM_SPECIAL, 0, 0, "leave", 8 * 60, 12 * 60, "体检" },
    { TEAM_SPECIAL, 2, 0, "extra", 22 * 60, 24 * 60, "夜间值班" },
    { TEAM_SECURITY, 1, -1, "leave", -1, -1, "病假" },
  };
  KefuQuery *rule = prep (d, "INSERT INTO dispatch_rules (position, name, kind, subtype, team_id) VALUES (?1, ?2, ?3, ?4, ?5)");
  KefuQuery *area = prep (d, "INSERT INTO technician_buildings (technician_id, building_id) VALUES (?1, ?2)");
  KefuQuery *exception = prep (d, "INSERT INTO shift_exceptions (technician_id, date, kind, start_min, end_min, note) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (d->now);

  if (!rule || !area || !exception)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      kefu_query_bind_int (rule, 1, (int) i + 1);
      kefu_query_bind_text (rule, 2, rules[i].name);
      kefu_query_bind_text_or_null (rule, 3, rules[i].kind);
      kefu_query_bind_text_or_null (rule, 4, rules[i].subtype);
      kefu_query_bind_int (rule, 5, d->teams[rules[i].team].id);
      if (!step_done (d, rule))
        return FALSE;
    }
  /* The estate's own teams split the buildings among their members. */
  for (guint t = 0; t < G_N_ELEMENTS (d->teams); t++)
    {
      GArray *techs = d->teams[t].techs;

      if (t == TEAM_CONTRACTOR || techs->len == 0)
        continue;
      for (guint b = 0; b < N_BUILDINGS; b++)
        {
          kefu_query_bind_int (area, 1, g_array_index (techs, gint64, b % techs->len));
          kefu_query_bind_int (area, 2, d->building_ids[b]);
          if (!step_done (d, area))
            return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (exceptions); i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (today, exceptions[i].day);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

      kefu_query_bind_int (exception, 1, g_array_index (d->teams[exceptions[i].team].techs, gint64, exceptions[i].k));
      kefu_query_bind_text (exception, 2, date);
      kefu_query_bind_text (exception, 3, exceptions[i].kind);
      kefu_query_bind_id (exception, 4, exceptions[i].start >= 0 ? exceptions[i].start : 0);
      kefu_query_bind_id (exception, 5, exceptions[i].end >= 0 ? exceptions[i].end : 0);
      kefu_query_bind_text (exception, 6, exceptions[i].note);
      if (!step_done (d, exception))
        return FALSE;
    }
  return TRUE;
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

typedef struct {
  KefuQuery *ticket;
  KefuQuery *event;
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
  kefu_query_bind_int (s->event, 1, ticket_id);
  kefu_query_bind_int (s->event, 2, at);
  kefu_query_bind_id (s->event, 3, user_id);
  kefu_query_bind_text (s->event, 4, kind);
  kefu_query_bind_text_or_null (s->event, 5, from);
  kefu_query_bind_text_or_null (s->event, 6, to);
  kefu_query_bind_text_or_null (s->event, 7, body);
  return step_done (d, s->event);
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
  char last_day[16] = "";
  guint day_seq = 0;

  s.ticket = prep (d,
    "INSERT INTO tickets (number, channel, kind, subtype, level, estate_id, building_id, unit_id, location, "
    "owner_id, contact_phone, description, status, agent_id, team_id, technician_id, created_by, created_at, "
    "first_response_at, dispatched_at, accepted_at, arrived_at, resolved_at, closed_at, cancelled_at, "
    "hold_reason, cancel_reason, satisfaction, followup_comment, followed_up_at, reopen_count, flagged, "
    "response_due_at, resolution_due_at, next_due_at, on_hold_since, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?14, ?17, ?18, ?19, ?20, "
    "?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36)");
  s.event = prep (d,
    "INSERT INTO ticket_events (ticket_id, at, user_id, kind, from_status, to_status, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!s.ticket || !s.event)
    return FALSE;

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

      kefu_query_bind_text (s.ticket, 1, number);
      kefu_query_bind_text (s.ticket, 2, channel);
      kefu_query_bind_text (s.ticket, 3, kind);
      kefu_query_bind_text (s.ticket, 4, sub->subtype);
      kefu_query_bind_int (s.ticket, 5, level);
      kefu_query_bind_int (s.ticket, 6, d->estate_id);
      kefu_query_bind_int (s.ticket, 7, d->building_ids[building]);
      if (common_area)
        kefu_query_bind_null (s.ticket, 8);
      else
        kefu_query_bind_int (s.ticket, 8, g_array_index (d->unit_ids, gint64, unit_index));
      kefu_query_bind_text (s.ticket, 9, location);
      kefu_query_bind_int (s.ticket, 10, g_array_index (d->owner_ids, gint64, owner_index));
      kefu_query_bind_text (s.ticket, 11, g_ptr_array_index (d->owner_phones, owner_index));
      kefu_query_bind_text (s.ticket, 12, description);
      kefu_query_bind_text (s.ticket, 13, status);
      kefu_query_bind_int (s.ticket, 14, agent);
      kefu_query_bind_id (s.ticket, 15, dispatched ? d->teams[team].id : 0);
      kefu_query_bind_id (s.ticket, 16, dispatched ? tech : 0);
      kefu_query_bind_int (s.ticket, 17, created);
      kefu_query_bind_id (s.ticket, 18, response);
      kefu_query_bind_id (s.ticket, 19, dispatched);
      kefu_query_bind_id (s.ticket, 20, accepted);
      kefu_query_bind_id (s.ticket, 21, arrived);
      kefu_query_bind_id (s.ticket, 22, resolved);
      kefu_query_bind_id (s.ticket, 23, closed);
      kefu_query_bind_id (s.ticket, 24, cancelled);
      kefu_query_bind_text_or_null (s.ticket, 25, hold_reason);
      kefu_query_bind_text_or_null (s.ticket, 26, cancel_reason);
      kefu_query_bind_id (s.ticket, 27, satisfaction);
      kefu_query_bind_text_or_null (s.ticket, 28, satisfaction >= 4 ? "满意，处理及时" : satisfaction > 0 ? "速度有点慢" : NULL);
      kefu_query_bind_id (s.ticket, 29, followed);
      kefu_query_bind_int (s.ticket, 30, reopen);
      kefu_query_bind_int (s.ticket, 31, flagged);
      kefu_query_bind_int (s.ticket, 32, response_due);
      kefu_query_bind_int (s.ticket, 33, resolution_due);
      kefu_query_bind_id (s.ticket, 34, is_open && !g_str_equal (status, "on_hold")
                                         ? (response ? resolution_due : response_due) : 0);
      kefu_query_bind_id (s.ticket, 35, g_str_equal (status, "on_hold") ? MAX (arrived, created) + 600 : 0);
      kefu_query_bind_int (s.ticket, 36, MAX (MAX (created, closed), MAX (resolved, cancelled)));
      if (!step_done (d, s.ticket))
        return FALSE;
      ticket_id = last_id (d);

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
          (!kefu_bulk_load_end (&d->load, d->error) || !kefu_batch_next (&d->batch, d->error) ||
           !kefu_bulk_load_begin (d->store, &d->load, d->error)))
        return FALSE;
    }
  return TRUE;
}

/* The tickets and their events as one bulk load (kefu-bulk-load.c): the
 * CHECKs and the roll-up's marks once for all of them. */
static gboolean
make_tickets_in_bulk (Demo  *d,
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
static gboolean
link_repeats (Demo *d)
{
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
static gboolean
start_clocks (Demo *d)
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

/* Staff groups and cohorts: the two front-desk shifts (班组); a
 * communication course for the first, finished more than six months ago;
 * the round of the three basic courses for every agent some four months
 * ago (the sample's exam belongs to it); an emergency course planned for
 * the second shift. Sessions, attendance, the reaction survey and the
 * costs and savings are fixed here, so the rest of the sample stays as it
 * was. */
static gboolean
make_cohorts (Demo   *d,
              GArray *course_ids,
              gint64  exam_id)
{
  static const char *const group_names[2] = { "前台一班", "前台二班" };
  static const int answers[8][4] = {
    { 5, 5, 4, 5 }, { 4, 5, 4, 4 }, { 5, 4, 4, 5 }, { 4, 4, 3, 4 },
    { 5, 5, 5, 4 }, { 4, 5, 4, 5 }, { 5, 5, 4, 4 }, { 4, 4, 4, 5 },
  };
  KEFU_AUTO_QUERY *group = prep (d, "INSERT INTO staff_groups (name, leader_id, created_by, created_at) VALUES (?1, ?2, ?3, ?4)");
  KEFU_AUTO_QUERY *gm = prep (d, "INSERT INTO staff_group_members (group_id, user_id) VALUES (?1, ?2)");
  KEFU_AUTO_QUERY *cohort = prep (d,
    "INSERT INTO cohorts (course_id, name, starts_at, ends_at, group_id, trainer_id, exam_id, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  KEFU_AUTO_QUERY *member = prep (d, "INSERT INTO cohort_members (cohort_id, user_id, tier, completed_at) VALUES (?1, ?2, ?3, ?4)");
  KEFU_AUTO_QUERY *session = prep (d,
    "INSERT INTO cohort_sessions (cohort_id, starts_at, hours, topic, trainer_id, place) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  KEFU_AUTO_QUERY *present = prep (d, "INSERT INTO session_attendance (session_id, user_id, present) VALUES (?1, ?2, ?3)");
  KEFU_AUTO_QUERY *survey = prep (d,
    "INSERT INTO cohort_surveys (cohort_id, user_id, usefulness, trainer, format, organisation, comment, at, keyed_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  KEFU_AUTO_QUERY *ledger = prep (d,
    "INSERT INTO cohort_ledger (cohort_id, kind, item, amount, entered_by, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  gint64 groups[2], round_id = 0;
  guint n = d->agents->len;

  if (!group || !gm || !cohort || !member || !session || !present || !survey || !ledger)
    return FALSE;
  for (guint g = 0; g < 2; g++)
    {
      kefu_query_bind_text (group, 1, group_names[g]);
      kefu_query_bind_int (group, 2, d->supervisor_id + g);
      kefu_query_bind_int (group, 3, d->trainer_id);
      kefu_query_bind_int (group, 4, d->now - 400 * (gint64) DAY);
      if (!step_done (d, group))
        return FALSE;
      groups[g] = last_id (d);
    }
  for (guint a = 0; a < n; a++)
    {
      kefu_query_bind_int (gm, 1, groups[a < n / 2 ? 0 : 1]);
      kefu_query_bind_int (gm, 2, g_array_index (d->agents, gint64, a));
      if (!step_done (d, gm))
        return FALSE;
    }

  /* cohort 0: 沟通技巧 for the first shift; 1–3: the basic round for all;
   * 4: planned for the second shift */
  for (guint c = 0; c < 5; c++)
    {
      static const struct { guint course; int start_day, days; int group; const char *suffix; } plan[5] = {
        { 1, -190, 4, 0, "前台一班" }, { 0, -130, 30, -1, "全员轮训" }, { 1, -130, 30, -1, "全员轮训" },
        { 2, -130, 30, -1, "全员轮训" }, { 5, 14, 3, 1, "前台二班" },
      };
      gint64 starts = d->now + plan[c].start_day * (gint64) DAY;
      gint64 ends = starts + plan[c].days * (gint64) DAY;
      gint64 cohort_id, sessions[4] = { 0 };
      guint n_sessions = c == 0 ? 4 : c == 1 ? 2 : 0;
      g_autofree char *name = NULL;
      KEFU_AUTO_QUERY *course_name = prep (d, "SELECT name FROM courses WHERE id = ?1");

      if (course_name == NULL)
        return FALSE;
      kefu_query_bind_int (course_name, 1, g_array_index (course_ids, gint64, plan[c].course));
      if (kefu_query_step (d->store, course_name, NULL) != KEFU_QUERY_ROW)
        return FALSE;
      name = g_strdup_printf ("%s · %s", kefu_query_get_text (course_name, 0), plan[c].suffix);
      kefu_query_bind_int (cohort, 1, g_array_index (course_ids, gint64, plan[c].course));
      kefu_query_bind_text (cohort, 2, name);
      kefu_query_bind_int (cohort, 3, starts);
      kefu_query_bind_int (cohort, 4, ends);
      kefu_query_bind_id (cohort, 5, plan[c].group >= 0 ? groups[plan[c].group] : 0);
      kefu_query_bind_int (cohort, 6, d->trainer_id);
      kefu_query_bind_id (cohort, 7, c == 1 ? exam_id : 0);
      kefu_query_bind_int (cohort, 8, d->trainer_id);
      kefu_query_bind_int (cohort, 9, starts - 30 * (gint64) DAY);
      if (!step_done (d, cohort))
        return FALSE;
      cohort_id = last_id (d);
      if (c == 1)
        round_id = cohort_id;

      for (guint s = 0; s < n_sessions; s++)
        {
          static const char *const topics[2][4] = {
            { "3F倾听：事实、感受、关注点", "标准话术与禁忌用语", "投诉情景演练", "复盘与考核说明" },
            { "服务礼仪与形象", "接待与电话礼仪演练", NULL, NULL },
          };
          kefu_query_bind_int (session, 1, cohort_id);
          kefu_query_bind_int (session, 2, starts + (c == 0 ? s : 7 * s) * (gint64) DAY + 9 * 3600);
          kefu_query_bind_double (session, 3, c == 0 ? 2 : 4);
          kefu_query_bind_text (session, 4, topics[c == 0 ? 0 : 1][s]);
          kefu_query_bind_int (session, 5, d->trainer_id);
          kefu_query_bind_text (session, 6, "三楼培训室");
          if (!step_done (d, session))
            return FALSE;
          sessions[s] = last_id (d);
        }

      for (guint a = 0; a < n; a++)
        {
          gint64 user = g_array_index (d->agents, gint64, a);
          if (plan[c].group >= 0 && (a < n / 2 ? 0 : 1) != plan[c].group)
            continue;
          kefu_query_bind_int (member, 1, cohort_id);
          kefu_query_bind_int (member, 2, user);
          kefu_query_bind_text (member, 3, c >= 1 && c <= 3 && a >= 5 && a <= 6 ? "new_hire" : "in_post");
          kefu_query_bind_id (member, 4, ends < d->now ? ends : 0);
          if (!step_done (d, member))
            return FALSE;
          for (guint s = 0; s < n_sessions; s++)
            {
              kefu_query_bind_int (present, 1, sessions[s]);
              kefu_query_bind_int (present, 2, user);
              /* one absence in each: the fourth agent on the last day */
              kefu_query_bind_int (present, 3, !(a == 3 && s == n_sessions - 1));
              if (!step_done (d, present))
                return FALSE;
            }
          /* the survey: everyone in the first, six of eight in the round */
          if (c == 0 || (c == 1 && a < 6))
            {
              kefu_query_bind_int (survey, 1, cohort_id);
              kefu_query_bind_int (survey, 2, user);
              for (int i = 0; i < 4; i++)
                kefu_query_bind_int (survey, 3 + i, answers[(a + c) % 8][i]);
              kefu_query_bind_text_or_null (survey, 7, a == 0 ? "情景演练很实用，希望多安排几次。" : NULL);
              kefu_query_bind_int (survey, 8, ends);
              kefu_query_bind_null (survey, 9);
              if (!step_done (d, survey))
                return FALSE;
            }
        }

      if (c == 0)
        {
          static const struct { const char *kind, *item; double amount; } entries[] = {
            { "cost", "讲师课酬", 2400 }, { "cost", "场地与资料", 600 }, { "cost", "员工脱岗工时", 1600 },
            { "saving", "重复投诉返工减少", 7200 }, { "saving", "投诉赔偿减少", 6800 },
          };
          for (guint e = 0; e < G_N_ELEMENTS (entries); e++)
            {
              kefu_query_bind_int (ledger, 1, cohort_id);
              kefu_query_bind_text (ledger, 2, entries[e].kind);
              kefu_query_bind_text (ledger, 3, entries[e].item);
              kefu_query_bind_double (ledger, 4, entries[e].amount);
              kefu_query_bind_int (ledger, 5, d->trainer_id);
              kefu_query_bind_int (ledger, 6, d->now - 90 * (gint64) DAY);
              if (!step_done (d, ledger))
                return FALSE;
            }
        }
    }
  /* Certificates (kefu-certificate.c): the basic round's members, a year
   * each, from a week after it ended, except 周婷 (a new hire, not yet
   * certified: her urgent tickets wait for a certified agent) and 吴浩,
   * whose earlier certificate is due for renewal in 20 days; the two
   * supervisors' own. */
  {
    KEFU_AUTO_QUERY *cert = prep (d,
      "INSERT INTO certificates (user_id, tier, cohort_id, issued_at, expires_at, issued_by) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    KEFU_AUTO_QUERY *earlier = prep (d,
      "INSERT INTO certificates (user_id, tier, issued_at, expires_at, issued_by) VALUES (?1, ?2, ?3, ?4, ?5)");
    gint64 issued = d->now - 93 * (gint64) DAY;

    if (!cert || !earlier)
      return FALSE;
    for (guint a = 0; a < n; a++)
      {
        if (a == 6 || a == 7)
          continue;
        kefu_query_bind_int (cert, 1, g_array_index (d->agents, gint64, a));
        kefu_query_bind_text (cert, 2, a == 5 ? "new_hire" : "in_post");
        kefu_query_bind_int (cert, 3, round_id);
        kefu_query_bind_int (cert, 4, issued);
        kefu_query_bind_int (cert, 5, issued + 365 * (gint64) DAY);
        kefu_query_bind_int (cert, 6, d->trainer_id);
        if (!step_done (d, cert))
          return FALSE;
      }
    for (guint k = 0; k < 3; k++)
      {
        gint64 at = k == 0 ? d->now - 345 * (gint64) DAY : d->now - 200 * (gint64) DAY;
        kefu_query_bind_int (earlier, 1, k == 0 ? g_array_index (d->agents, gint64, MIN (7u, n - 1)) : d->supervisor_id + k - 1);
        kefu_query_bind_text (earlier, 2, k == 0 ? "in_post" : "supervisor");
        kefu_query_bind_int (earlier, 3, at);
        kefu_query_bind_int (earlier, 4, at + 365 * (gint64) DAY);
        kefu_query_bind_int (earlier, 5, d->trainer_id);
        if (!step_done (d, earlier))
          return FALSE;
      }
  }
  return TRUE;
}

static gboolean
make_training (Demo *d)
{
  static const struct { const char *name, *layer, *module; double hours; } courses[] = {
    { "服务礼仪与形象", "basic", "etiquette", 8 }, { "沟通技巧与3F倾听", "basic", "communication", 8 },
    { "工单系统与数字化工具", "basic", "digital_tools", 6 }, { "物业工程基础知识", "professional", "engineering", 12 },
    { "《民法典》与物业管理法规", "professional", "law", 10 }, { "应急事件处理", "professional", "emergency", 10 },
    { "团队建设与管理", "management", "team_management", 8 }, { "服务数据分析", "management", "data_analysis", 6 },
    { "增值服务拓展", "management", "value_added", 6 },
  };
  KefuQuery *course = prep (d, "INSERT INTO courses (name, layer, module, hours) VALUES (?1, ?2, ?3, ?4)");
  KefuQuery *bank = prep (d, "INSERT INTO question_banks (name, created_by, created_at) VALUES (?1, ?2, ?3)");
  KefuQuery *q = prep (d,
    "INSERT INTO questions (bank_id, module, type, stem, options, answer, explanation, points, difficulty, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  KefuQuery *exam = prep (d,
    "INSERT INTO exams (name, pass_mark, time_limit_min, attempts_allowed, created_by, created_at) VALUES (?1, 80, 60, 2, ?2, ?3)");
  KefuQuery *item = prep (d, "INSERT INTO exam_items (exam_id, position, question_id) VALUES (?1, ?2, ?3)");
  KefuQuery *attempt = prep (d,
    "INSERT INTO attempts (exam_id, user_id, state, seed, started_at, deadline_at, submitted_at, score, max_score, passed) "
    "VALUES (?1, ?2, 'graded', ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  KefuQuery *answer = prep (d,
    "INSERT INTO attempt_answers (attempt_id, position, question_id, answer, score, correct, answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  KefuQuery *practice = prep (d,
    "INSERT OR IGNORE INTO practice_queue (user_id, question_id, box, due_at) VALUES (?1, ?2, 1, ?3)");
  KefuQuery *assessment = prep (d,
    "INSERT INTO assessments (scenario, trainee_id, held_at, created_by) VALUES (?1, ?2, ?3, ?4)");
  KefuQuery *criterion = prep (d, "INSERT INTO assessment_criteria (assessment_id, name, weight) VALUES (?1, ?2, ?3)");
  KefuQuery *score = prep (d,
    "INSERT INTO assessment_scores (assessment_id, criterion_id, rater_id, rater_role, score) VALUES (?1, ?2, ?3, ?4, ?5)");
  g_autoptr(GArray) qids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) course_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 bank_id, exam_id;

  if (!course || !bank || !q || !exam || !item || !attempt || !answer || !practice ||
      !assessment || !criterion || !score)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (courses); i++)
    {
      gint64 id;
      kefu_query_bind_text (course, 1, courses[i].name);
      kefu_query_bind_text (course, 2, courses[i].layer);
      kefu_query_bind_text (course, 3, courses[i].module);
      kefu_query_bind_double (course, 4, courses[i].hours);
      if (!step_done (d, course))
        return FALSE;
      id = last_id (d);
      g_array_append_val (course_ids, id);
    }

  kefu_query_bind_text (bank, 1, "客服中心综合题库");
  kefu_query_bind_int (bank, 2, d->trainer_id);
  kefu_query_bind_int (bank, 3, d->now - 200 * (gint64) DAY);
  if (!step_done (d, bank))
    return FALSE;
  bank_id = last_id (d);

  for (guint i = 0; i < kefu_demo_n_questions; i++)
    {
      const KefuDemoQuestion *dq = &kefu_demo_questions[i];
      gint64 id;

      kefu_query_bind_int (q, 1, bank_id);
      kefu_query_bind_text (q, 2, dq->module);
      kefu_query_bind_text (q, 3, dq->type);
      kefu_query_bind_text (q, 4, dq->stem);
      kefu_query_bind_text_or_null (q, 5, dq->options);
      kefu_query_bind_text (q, 6, dq->answer);
      kefu_query_bind_text_or_null (q, 7, dq->explanation);
      kefu_query_bind_double (q, 8, dq->points);
      kefu_query_bind_int (q, 9, dq->difficulty);
      kefu_query_bind_int (q, 10, d->now - 200 * (gint64) DAY);
      if (!step_done (d, q))
        return FALSE;
      id = last_id (d);
      g_array_append_val (qids, id);
    }

  /* Each question is its own first version; its category (分类) is its
   * module's Chinese name, as a trainer's spreadsheet has it. */
  if (!kefu_store_exec (d->store,
        "UPDATE questions SET family_id = id, category = CASE module "
        "  WHEN 'etiquette' THEN '服务礼仪' WHEN 'communication' THEN '沟通技巧' "
        "  WHEN 'digital_tools' THEN '数字化工具' WHEN 'engineering' THEN '工程知识' "
        "  WHEN 'law' THEN '法律实务' WHEN 'emergency' THEN '应急处理' "
        "  WHEN 'team_management' THEN '团队管理' WHEN 'data_analysis' THEN '数据分析' "
        "  WHEN 'value_added' THEN '增值服务' END "
        "WHERE family_id IS NULL", NULL))
    return FALSE;

  kefu_query_bind_text (exam, 1, "新员工入职理论考核");
  kefu_query_bind_int (exam, 2, d->trainer_id);
  kefu_query_bind_int (exam, 3, d->now - 120 * (gint64) DAY);
  if (!step_done (d, exam))
    return FALSE;
  exam_id = last_id (d);

  /* Twenty objective questions, spread over the bank. */
  {
    g_autoptr(GArray) paper = g_array_new (FALSE, FALSE, sizeof (guint));
    for (guint i = 0; i < kefu_demo_n_questions && paper->len < 20; i++)
      {
        const char *type = kefu_demo_questions[i].type;
        if ((g_str_equal (type, "single_choice") || g_str_equal (type, "true_false") ||
             g_str_equal (type, "multiple_choice")) && i % 3 == 0)
          g_array_append_val (paper, i);
      }
    for (guint p = 0; p < paper->len; p++)
      {
        kefu_query_bind_int (item, 1, exam_id);
        kefu_query_bind_int (item, 2, p + 1);
        kefu_query_bind_int (item, 3, g_array_index (qids, gint64, g_array_index (paper, guint, p)));
        if (!step_done (d, item))
          return FALSE;
      }

    /* Every agent sat it once; some twice after failing. */
    for (guint a = 0; a < d->agents->len; a++)
      {
        gint64 user = g_array_index (d->agents, gint64, a);
        double skill = 0.6 + 0.35 * g_rand_double (d->rand);
        int tries = skill < 0.75 ? 2 : 1;

        for (int t = 0; t < tries; t++)
          {
            gint64 started = d->now - (110 - 14 * t - a) * (gint64) DAY + 9 * 3600;
            double total = 0, max = 0;
            gint64 attempt_id;

            kefu_query_bind_int (attempt, 1, exam_id);
            kefu_query_bind_int (attempt, 2, user);
            kefu_query_bind_int (attempt, 3, g_rand_int (d->rand) & 0x7fffffff);
            kefu_query_bind_int (attempt, 4, started);
            kefu_query_bind_int (attempt, 5, started + 3600);
            kefu_query_bind_int (attempt, 6, started + 2400 + g_rand_int_range (d->rand, 0, 1000));
            kefu_query_bind_null (attempt, 7);
            kefu_query_bind_null (attempt, 8);
            kefu_query_bind_null (attempt, 9);
            if (!step_done (d, attempt))
              return FALSE;
            attempt_id = last_id (d);

            for (guint p = 0; p < paper->len; p++)
              {
                const KefuDemoQuestion *dq = &kefu_demo_questions[g_array_index (paper, guint, p)];
                gint64 qid = g_array_index (qids, gint64, g_array_index (paper, guint, p));
                double chance = skill + 0.1 * t - 0.04 * (dq->difficulty - 3);
                gboolean right = g_rand_double (d->rand) < chance;
                const char *given_answer = right ? dq->answer
                                           : g_str_equal (dq->type, "true_false")
                                             ? (g_str_equal (dq->answer, "true") ? "false" : "true")
                                             : (g_str_equal (dq->answer, "A") ? "B" : "A");

                max += dq->points;
                total += right ? dq->points : 0;
                kefu_query_bind_int (answer, 1, attempt_id);
                kefu_query_bind_int (answer, 2, p + 1);
                kefu_query_bind_int (answer, 3, qid);
                kefu_query_bind_text (answer, 4, given_answer);
                kefu_query_bind_double (answer, 5, right ? dq->points : 0);
                kefu_query_bind_int (answer, 6, right);
                kefu_query_bind_int (answer, 7, started + 60 * (p + 1));
                if (!step_done (d, answer))
                  return FALSE;
                if (!right)
                  {
                    /* Wrong answers go to re-practice (错题重练). */
                    kefu_query_bind_int (practice, 1, user);
                    kefu_query_bind_int (practice, 2, qid);
                    kefu_query_bind_int (practice, 3, started + DAY);
                    if (!step_done (d, practice))
                      return FALSE;
                  }
              }
            {
              KEFU_AUTO_QUERY *upd = prep (d, "UPDATE attempts SET score = ?1, max_score = ?2, passed = ?3 WHERE id = ?4");
              double pct = max > 0 ? 100.0 * total / max : 0;
              if (upd == NULL)
                return FALSE;
              kefu_query_bind_double (upd, 1, round (pct * 10) / 10);
              kefu_query_bind_double (upd, 2, 100);
              kefu_query_bind_int (upd, 3, pct >= 80);
              kefu_query_bind_int (upd, 4, attempt_id);
              if (!step_done (d, upd))
                return FALSE;
              if (pct >= 80)
                break;
            }
          }

      }
    if (!make_cohorts (d, course_ids, exam_id))
      return FALSE;
  }

  /* An elevator-entrapment drill for three agents, scored by three raters. */
  {
    static const struct { const char *name; double weight; } criteria[] = {
      { "流程规范性", 0.4 }, { "沟通有效性", 0.3 }, { "问题解决效率", 0.3 },
    };
    static const char *const rater_roles[] = { "trainer", "supervisor", "owner_rep" };
    /* raters are trainers, supervisors or managers (kefu-auth.h): the
     * project manager keys in the owners' representative's sheet */
    gint64 raters[3] = { d->trainer_id, d->supervisor_id, d->manager_id };

    for (guint a = 1; a <= 3 && a < d->agents->len; a++)
      {
        gint64 assessment_id;

        kefu_query_bind_text (assessment, 1, "电梯困人应急演练");
        kefu_query_bind_int (assessment, 2, g_array_index (d->agents, gint64, a));
        kefu_query_bind_int (assessment, 3, d->now - 60 * (gint64) DAY);
        kefu_query_bind_int (assessment, 4, d->trainer_id);
        if (!step_done (d, assessment))
          return FALSE;
        assessment_id = last_id (d);
        for (guint c = 0; c < G_N_ELEMENTS (criteria); c++)
          {
            gint64 criterion_id;
            kefu_query_bind_int (criterion, 1, assessment_id);
            kefu_query_bind_text (criterion, 2, criteria[c].name);
            kefu_query_bind_double (criterion, 3, criteria[c].weight);
            if (!step_done (d, criterion))
              return FALSE;
            criterion_id = last_id (d);
            for (guint r = 0; r < 3; r++)
              {
                kefu_query_bind_int (score, 1, assessment_id);
                kefu_query_bind_int (score, 2, criterion_id);
                kefu_query_bind_int (score, 3, raters[r]);
                kefu_query_bind_text (score, 4, rater_roles[r]);
                kefu_query_bind_double (score, 5, 75 + g_rand_int_range (d->rand, 0, 21));
                if (!step_done (d, score))
                  return FALSE;
              }
          }
      }
  }
  return TRUE;
}

/* The last row of each table before the load: what the load wrote is
 * what lies above. */
static char *
load_marker (KefuStore  *store,
             GError    **error)
{
  const char * const *tables = kefu_store_table_names ();
  GString *marker = g_string_new (NULL);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(rowid), 0) FROM %s", tables[i]);
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, NULL);
      gboolean rowid = TRUE;

      /* a table WITHOUT ROWID: how many rows ("!N"); the load's rows go
       * with the others only if it had none */
      if (stmt == NULL)
        {
          g_free (sql);
          sql = g_strdup_printf ("SELECT count(*) FROM %s", tables[i]);
          rowid = FALSE;
          stmt = kefu_query_prepare (store, sql, error);
        }
      if (stmt == NULL || kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
        {
          g_string_free (marker, TRUE);
          return NULL;   /* the aggregate always gives a row */
        }
      g_string_append_printf (marker, "%s%s=%s%" G_GINT64_FORMAT, i ? ";" : "", tables[i], rowid ? "" : "!",
                              (gint64) kefu_query_get_int (stmt, 0));
    }
  return g_string_free (marker, FALSE);
}

/* Takes out what an unfinished load wrote, in one transaction. */
static gboolean
unload (KefuStore   *store,
        const char  *marker,
        GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (marker, ";", -1);

  if (!kefu_store_begin (store, error))
    return FALSE;
  /* everything goes: the references between the rows are checked at the end */
  if (!kefu_store_exec (store, "PRAGMA defer_foreign_keys = ON; DROP INDEX IF EXISTS demo_repeats", error))
    goto fail;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (parts[i], "=", 2);
      g_autofree char *sql = NULL;
      gboolean rowid;
      gint64 last;

      if (g_strv_length (kv) != 2 || !g_strv_contains (kefu_store_table_names (), kv[0]))
        continue;
      /* the audit log is append-only (the load wrote to it only in its last
       * step, which did not commit; another desk's entries stay) */
      if (g_str_equal (kv[0], "audit_log") || g_str_equal (kv[0], "owner_erasures"))
        continue;
      rowid = kv[1][0] != '!';
      if (!g_ascii_string_to_signed (kv[1] + !rowid, 10, 0, G_MAXINT64, &last, NULL) || (!rowid && last > 0))
        continue;
      sql = rowid ? g_strdup_printf ("DELETE FROM %s WHERE rowid > %" G_GINT64_FORMAT, kv[0], last)
                  : g_strdup_printf ("DELETE FROM %s", kv[0]);
      if (!kefu_store_exec (store, sql, error))
        goto fail;
    }
  if (!kefu_store_exec (store, "DELETE FROM settings WHERE key = 'demo_loading'", error))
    goto fail;
  return kefu_store_commit (store, error);

fail:
  kefu_store_rollback (store);
  return FALSE;
}

gboolean
kefu_demo_generate (KefuStore             *store,
                    const KefuDemoOptions *options,
                    KefuProgressFunc       progress,
                    gpointer               user_data,
                    GCancellable          *cancellable,
                    GError               **error)
{
  Demo d = { 0 };
  gboolean ok = FALSE;
  guint n_tickets = options && options->n_tickets ? options->n_tickets : KEFU_DEMO_DEFAULT_TICKETS;
  g_autofree char *unfinished = NULL;
  g_autofree char *marker = NULL;
  gint64 users;

  g_return_val_if_fail (KEFU_IS_STORE (store), FALSE);

  /* a load that did not finish (killed half way) is taken out first */
  unfinished = kefu_store_get_setting (store, "demo_loading");
  if (unfinished != NULL && !unload (store, unfinished, error))
    return FALSE;
  users = kefu_store_count_rows (store, "users", error);
  if (users < 0)
    return FALSE;
  if (users > 0 || kefu_store_count_rows (store, "tickets", NULL) > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The database “%s” already has data; the sample service center "
                     "is only loaded into a new, empty database."),
                   kefu_store_get_path (store));
      return FALSE;
    }

  d.store = store;
  d.rand = g_rand_new_with_seed (options ? options->seed : 1);
  d.now = options && options->now ? options->now : kefu_store_now (store);
  d.cancellable = cancellable;
  d.progress = progress;
  d.progress_data = user_data;
  d.error = error;
  d.unit_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  d.unit_building = g_array_new (FALSE, FALSE, sizeof (int));
  d.unit_names = g_ptr_array_new_with_free_func (g_free);
  d.owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  d.owner_unit = g_array_new (FALSE, FALSE, sizeof (guint));
  d.owner_phones = g_ptr_array_new_with_free_func (g_free);
  d.owner_elderly = g_array_new (FALSE, FALSE, sizeof (gboolean));
  d.agents = g_array_new (FALSE, FALSE, sizeof (gint64));
  d.dispatchers = g_array_new (FALSE, FALSE, sizeof (gint64));

  kefu_store_set_bulk_mode (store, TRUE);
  /* one audit entry for the whole sample, not one per timeline event */
  kefu_audit_set_events (store, FALSE);
  marker = load_marker (store, error);
  if (marker == NULL || !kefu_batch_begin (&d.batch, store, options != NULL ? options->batch : NULL, n_tickets, error))
    goto out;
  if (!kefu_store_set_setting (store, "demo_loading", marker, error))
    goto rollback;

#define STEP(fraction, message, call) \
  G_STMT_START { \
    if (progress) progress (fraction, message, user_data); \
    if (g_cancellable_set_error_if_cancelled (cancellable, error) || !(call)) \
      goto rollback; \
  } G_STMT_END
#define NEXT() \
  G_STMT_START { if (!kefu_batch_next (&d.batch, error)) goto rollback; } G_STMT_END

  STEP (0.02, _("Building the estate…"), make_places (&d));
  STEP (0.06, _("Registering owners…"), make_owners (&d));
  STEP (0.10, _("Adding staff and teams…"), make_staff (&d) && make_dispatch (&d));
  NEXT ();
  STEP (0.15, _("Writing a year of tickets…"), make_tickets_in_bulk (&d, n_tickets));
  NEXT ();
  STEP (0.88, _("Linking repeated reports…"), link_repeats (&d));
  STEP (0.89, _("Starting the clocks of open tickets…"), start_clocks (&d));
  NEXT ();
  STEP (0.90, _("Preparing the training records…"), make_training (&d));
  NEXT ();
  STEP (0.95, _("Indexing for search…"), kefu_search_rebuild (store, error));
  {
    g_autofree char *detail = g_strdup_printf ("tickets=%u seed=%u", n_tickets, options ? options->seed : 1);
    STEP (0.99, _("Indexing for search…"),
          kefu_audit_append (store, kefu_store_get_actor (store), "load_sample", "tickets", 0, detail, error));
  }
  STEP (0.99, _("Indexing for search…"), kefu_store_exec (store, "DELETE FROM settings WHERE key = 'demo_loading'", error));
#undef NEXT
#undef STEP
  /* the sign-in page says so, for this sample database only */
  if (!kefu_store_set_setting (store, "sample_pin", KEFU_DEMO_PIN, error))
    goto rollback;

  if (!kefu_batch_end (&d.batch, error))
    goto unload;
  ok = TRUE;
  if (progress)
    progress (1.0, _("Done"), user_data);
  goto out;

rollback:
  kefu_batch_abort (&d.batch);
unload:
  /* what the batches before wrote goes too: nothing of a failed load stays
   * (if this fails as well, the mark stays and the next load does it) */
  unload (store, marker, NULL);
out:
  kefu_audit_set_events (store, TRUE);
  kefu_store_set_bulk_mode (store, FALSE);
  g_rand_free (d.rand);
  g_array_unref (d.unit_ids);
  g_array_unref (d.unit_building);
  g_ptr_array_unref (d.unit_names);
  g_array_unref (d.owner_ids);
  g_array_unref (d.owner_unit);
  g_ptr_array_unref (d.owner_phones);
  g_array_unref (d.owner_elderly);
  g_array_unref (d.agents);
  g_array_unref (d.dispatchers);
  for (guint t = 0; t < G_N_ELEMENTS (d.teams); t++)
    if (d.teams[t].techs)
      g_array_unref (d.teams[t].techs);
  return ok;
}
