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
#include "kefu-demo-private.h"
#include "kefu-demo-questions.h"
#include "kefu-search.h"
#include "kefu-sla.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

static const char surnames[] =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万钱戴严莫孔向常汤康易乔赖文施洪庄傅章鲁岳";
static const char given[] =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志鹏辉宇浩然欣怡子涵梓轩雨婷晨曦思远嘉豪佳琪俊杰淑珍秀英文博海燕春梅德胜永安宏伟晓东丽娟凤莲新民";

static const char *const technician_names[] = {
  "李建国", "王师傅", "陈志强", "刘德胜", "张海涛", "赵永安", "黄宏伟", "周晓东",
  "吴国强", "郑大勇", "孙立平", "马小军", "胡文斌", "郭春生", "何建平", "林水生",
  "罗金龙", "高明亮", "梁振华", "宋国庆", "谢保平", "唐志远", "韩德明", "冯建军",
};

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

/* The sample's users all have the documented PIN KEFU_DEMO_PIN, and all
 * get the same argon2id string (one salt) at libsodium's interactive
 * cost: a shared salt is acceptable for sample data whose PIN is printed
 * on the sign-in page anyway. Never do this for real accounts
 * (kefu_auth_hash salts each one). The string is made once, here, not by
 * each load: hashing it took 0.2-0.3 s of CPU (64 MB of argon2id) in
 * every load, which the bulk-load floor (kefu-bulk-floor.sql) does not
 * pay. A test build hashes at the minimum cost (test_cheap_pin_hash) and
 * makes its own, once per process, so that its sign-ins stay cheap;
 * every test signing in to the sample (test-auth's) checks the string. */
#define DEMO_PIN_HASH "$argon2id$v=19$m=65536,t=2,p=1$HT5VgqfAPhCtg/uN7IYaiA$16/ksEVILZmPi/NoAsLYBZ2JJ16aaitbBSz47PEOPDY"

static const char *
demo_pin_hash (GError **error)
{
#ifdef KEFU_TEST_CHEAP_PIN_HASH
  static char *hash;
  G_LOCK_DEFINE_STATIC (hash);
  const char *result;

  G_LOCK (hash);
  if (hash == NULL)
    hash = kefu_auth_hash (KEFU_DEMO_PIN, error);
  result = hash;
  G_UNLOCK (hash);
  return result;
#else
  (void) error;
  return DEMO_PIN_HASH;
#endif
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
  gboolean one_go = options != NULL && options->batch != NULL &&
                    options->batch->max_rows == 0 && options->batch->max_ms == 0 &&
                    !kefu_store_is_server (store);

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
/* a load with neither limit (a file of its own, that nobody else writes
 * to: the bench's) is one transaction from the estate to the search
 * index, as the floor's copy is: each commit between would write the
 * pages the next step changes again and checkpoint the whole WAL (a
 * server's load keeps its commits) */
#define NEXT() \
  G_STMT_START { if (!one_go && !kefu_batch_next (&d.batch, error)) goto rollback; } G_STMT_END

  STEP (0.02, _("Building the estate…"), make_places (&d));
  STEP (0.06, _("Registering owners…"), make_owners (&d));
  STEP (0.10, _("Adding staff and teams…"), make_staff (&d) && make_dispatch (&d));
  NEXT ();
  STEP (0.15, _("Writing a year of tickets…"), kefu_demo_make_tickets_in_bulk (&d, n_tickets));
  NEXT ();
  STEP (0.88, _("Linking repeated reports…"), kefu_demo_link_repeats (&d));
  STEP (0.89, _("Starting the clocks of open tickets…"), kefu_demo_start_clocks (&d));
  NEXT ();
  STEP (0.90, _("Preparing the training records…"), kefu_demo_make_training (&d));
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
