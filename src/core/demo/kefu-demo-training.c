/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-demo-training.c — the sample center's training records
 *
 * Staff groups and cohorts; the courses, a question bank, an exam with
 * its attempts and answers, practice, assessments and their scores. See
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

gboolean
kefu_demo_make_training (Demo *d)
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
