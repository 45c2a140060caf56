/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-report.c — the four-level evaluation of a cohort, and its JSON
 *
 * See kefu-cohort.h for what each level measures. The ticket figures are
 * the dashboard's (src/core/kpi/), computed here over the tickets a set of
 * agents handled: one trainee, all of a cohort's trainees, a staff group,
 * or the whole center.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "kefu-assessment.h"
#include "kefu-auth.h"
#include "kefu-cohort.h"
#include "kefu-kpi-private.h"
#include "kefu-training-private.h"

#define DAY ((gint64) 86400)

/* The figures ------------------------------------------------------------ */

static const KefuCohortFigureInfo behaviour_infos[KEFU_BEHAVIOUR_N] = {
  [KEFU_BEHAVIOUR_RESPONSE_MIN] = { "mean_response_min", N_("Mean response time"), 15, FALSE, FALSE, TRUE },
  [KEFU_BEHAVIOUR_FIRST_CONTACT] = { "first_contact_resolution_rate", N_("First-contact resolution"), 0.85, TRUE, TRUE, FALSE },
  [KEFU_BEHAVIOUR_REPEAT_COMPLAINT] = { "repeat_complaint_rate", N_("Repeat complaints"), 0.12, FALSE, TRUE, FALSE },
  [KEFU_BEHAVIOUR_SATISFACTION] = { "satisfaction", N_("Satisfaction"), 90, TRUE, FALSE, FALSE },
};

static const KefuCohortFigureInfo result_infos[KEFU_RESULT_N] = {
  [KEFU_RESULT_SATISFACTION] = { "satisfaction", N_("Satisfaction"), 90, TRUE, FALSE, FALSE },
  [KEFU_RESULT_COMPLAINT_CLOSURE] = { "complaint_closure_rate", N_("Complaint closure"), 0.95, TRUE, TRUE, FALSE },
  [KEFU_RESULT_REPEAT_COMPLAINT] = { "repeat_complaint_rate", N_("Repeat complaints"), 0.12, FALSE, TRUE, FALSE },
};

const KefuCohortFigureInfo *
kefu_behaviour_info (KefuBehaviourFigure figure)
{
  g_return_val_if_fail (figure < KEFU_BEHAVIOUR_N, NULL);
  return &behaviour_infos[figure];
}

const KefuCohortFigureInfo *
kefu_result_info (KefuResultFigure figure)
{
  g_return_val_if_fail (figure < KEFU_RESULT_N, NULL);
  return &result_infos[figure];
}

char *
kefu_cohort_figure_format (const KefuCohortFigureInfo *info,
                           double                      value)
{
  if (isnan (value))
    return g_strdup ("—");
  if (info->is_rate)
    return g_strdup_printf ("%.1f%%", value * 100);
  if (info->is_minutes)
    return g_strdup_printf (_("%.1f min"), value);
  return g_strdup_printf ("%.1f", value);
}

static const char *
verdict_reason (KefuTrendVerdict verdict)
{
  switch (verdict)
    {
    case KEFU_TREND_NO_DATA: return _("no data on one side");
    case KEFU_TREND_TOO_FEW: return _("too few cases");
    case KEFU_TREND_WINDOW_OPEN: return _("window still open");
    case KEFU_TREND_NOT_YET: return _("course not ended");
    case KEFU_TREND_SHOWN:
    default: return "";
    }
}

static const char *
verdict_code (KefuTrendVerdict verdict)
{
  switch (verdict)
    {
    case KEFU_TREND_NO_DATA: return "no_data";
    case KEFU_TREND_TOO_FEW: return "too_few";
    case KEFU_TREND_WINDOW_OPEN: return "window_open";
    case KEFU_TREND_NOT_YET: return "not_yet";
    case KEFU_TREND_SHOWN:
    default: return "shown";
    }
}

char *
kefu_cohort_figure_change (const KefuCohortFigureInfo *info,
                           const KefuCohortFigure     *f)
{
  double d;

  if (f->verdict != KEFU_TREND_SHOWN)
    return g_strdup (verdict_reason (f->verdict));
  d = f->after - f->before;
  if (info->is_rate)
    /* Translators: a change in percentage points */
    return g_strdup_printf (_("%+.1f pts"), d * 100);
  if (info->is_minutes)
    return g_strdup_printf (_("%+.1f min"), d);
  return g_strdup_printf ("%+.1f", d);
}

/* Whose tickets: the whole center, one agent, a staff group's members, or a cohort's. */
typedef enum { WHO_CENTER, WHO_AGENT, WHO_GROUP, WHO_COHORT } Who;

typedef struct {
  gint64 tickets, responded, response_seconds, resolved, first_time;
  gint64 complaints, closed, repeated, ratings, rating_sum;
} Sums;

static gboolean
ticket_sums (KefuStore  *store,
             Who         who,
             gint64      id,
             gint64      from,
             gint64      to,
             Sums       *s,
             GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      /* sums of CASE and a filter of truth values: the same on both engines (#20) */
      "SELECT count(*), count(p.first_response_at), coalesce(sum(p.first_response_at - p.created_at), 0), "
      "  " KEFU_KPI_COUNT_IF ("p.resolved_at IS NOT NULL") ", "
      "  " KEFU_KPI_COUNT_IF ("p.resolved_at IS NOT NULL AND p.reopen_count = 0") ", "
      "  " KEFU_KPI_COUNT_IF ("p.kind = 'complaint'") ", " KEFU_KPI_COUNT_IF ("p.kind = 'complaint' AND p.status = 'closed'") ", "
      "  " KEFU_KPI_COUNT_IF (KEFU_KPI_REPEATED) ", " KEFU_KPI_COUNT_IF ("p.satisfaction BETWEEN 1 AND 5") ", "
      "  coalesce(sum(CASE WHEN p.satisfaction BETWEEN 1 AND 5 THEN p.satisfaction END), 0) "
      "FROM tickets p WHERE p.created_at >= ?1 AND p.created_at < ?2 AND ("
      "  ?3 = 0 "
      "  OR (?3 = 1 AND p.agent_id = ?4) "
      "  OR (?3 = 2 AND p.agent_id IN (SELECT user_id FROM staff_group_members WHERE group_id = ?4)) "
      "  OR (?3 = 3 AND p.agent_id IN (SELECT user_id FROM cohort_members WHERE cohort_id = ?4)))", error);
  int rc;

  memset (s, 0, sizeof *s);
  if (stmt == NULL)
    return FALSE;
  if (from >= to)
    return TRUE;
  kefu_query_bind_int (stmt, 1, from);
  kefu_query_bind_int (stmt, 2, to);
  kefu_query_bind_int (stmt, 3, who);
  kefu_query_bind_int (stmt, 4, id);
  rc = kefu_query_step (store, stmt, error);
  if (rc != KEFU_QUERY_ROW)
    {
      return FALSE;
    }
  s->tickets = kefu_query_get_int (stmt, 0);
  s->responded = kefu_query_get_int (stmt, 1);
  s->response_seconds = kefu_query_get_int (stmt, 2);
  s->resolved = kefu_query_get_int (stmt, 3);
  s->first_time = kefu_query_get_int (stmt, 4);
  s->complaints = kefu_query_get_int (stmt, 5);
  s->closed = kefu_query_get_int (stmt, 6);
  s->repeated = kefu_query_get_int (stmt, 7);
  s->ratings = kefu_query_get_int (stmt, 8);
  s->rating_sum = kefu_query_get_int (stmt, 9);
  return TRUE;
}

static double
ratio (gint64 num,
       gint64 den)
{
  return den > 0 ? (double) num / (double) den : NAN;
}

/* A figure's value and the cases it rests on. */
static void
behaviour_value (const Sums          *s,
                 KefuBehaviourFigure  f,
                 double              *value,
                 gint64              *n)
{
  switch (f)
    {
    case KEFU_BEHAVIOUR_RESPONSE_MIN:
      *n = s->responded;
      *value = s->responded > 0 ? s->response_seconds / 60.0 / (double) s->responded : NAN;
      break;
    case KEFU_BEHAVIOUR_FIRST_CONTACT:
      *n = s->resolved;
      *value = ratio (s->first_time, s->resolved);
      break;
    case KEFU_BEHAVIOUR_REPEAT_COMPLAINT:
      *n = s->complaints;
      *value = ratio (s->repeated, s->complaints);
      break;
    case KEFU_BEHAVIOUR_SATISFACTION:
    case KEFU_BEHAVIOUR_N:
    default:
      *n = s->ratings;
      *value = s->ratings > 0 ? s->rating_sum * 20.0 / (double) s->ratings : NAN;
      break;
    }
}

static void
result_value (const Sums       *s,
              KefuResultFigure  f,
              double           *value,
              gint64           *n)
{
  switch (f)
    {
    case KEFU_RESULT_SATISFACTION:
      behaviour_value (s, KEFU_BEHAVIOUR_SATISFACTION, value, n);
      break;
    case KEFU_RESULT_COMPLAINT_CLOSURE:
      *n = s->complaints;
      *value = ratio (s->closed, s->complaints);
      break;
    case KEFU_RESULT_REPEAT_COMPLAINT:
    case KEFU_RESULT_N:
    default:
      behaviour_value (s, KEFU_BEHAVIOUR_REPEAT_COMPLAINT, value, n);
      break;
    }
}

/* The windows of a level: [starts − days, starts) and [ends, ends + days),
 * the second cut at now while it lasts. */
typedef struct {
  gint64 before_from, before_to, after_from, after_to, after_full_to;
  gboolean not_yet, open;
} Windows;

static Windows
windows_for (const KefuCohortReport *r,
             int                     days)
{
  Windows w;

  w.before_from = r->starts_at - days * DAY;
  w.before_to = r->starts_at;
  w.after_from = r->ends_at;
  w.after_full_to = r->ends_at + days * DAY;
  w.after_to = MIN (w.after_full_to, r->now);
  w.not_yet = r->now <= r->ends_at;
  w.open = r->now < w.after_full_to;
  return w;
}

static void
judge (KefuCohortFigure *f,
       const Windows    *w)
{
  if (w->not_yet)
    {
      f->after = NAN;
      f->n_after = 0;
      f->verdict = KEFU_TREND_NOT_YET;
    }
  else if (f->n_before == 0 || f->n_after == 0)
    f->verdict = KEFU_TREND_NO_DATA;
  else if (w->open)
    f->verdict = KEFU_TREND_WINDOW_OPEN;
  else if (f->n_before < KEFU_COHORT_MIN_CASES || f->n_after < KEFU_COHORT_MIN_CASES)
    f->verdict = KEFU_TREND_TOO_FEW;
  else
    f->verdict = KEFU_TREND_SHOWN;
}

static gboolean
behaviour_of (KefuStore         *store,
              Who                who,
              gint64             id,
              const Windows     *w,
              KefuCohortFigure   out[KEFU_BEHAVIOUR_N],
              GError           **error)
{
  Sums before, after;

  if (!ticket_sums (store, who, id, w->before_from, w->before_to, &before, error) ||
      !ticket_sums (store, who, id, w->after_from, w->after_to, &after, error))
    return FALSE;
  for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
    {
      behaviour_value (&before, f, &out[f].before, &out[f].n_before);
      behaviour_value (&after, f, &out[f].after, &out[f].n_after);
      judge (&out[f], w);
    }
  return TRUE;
}

static KefuCohortResults *
results_of (KefuStore      *store,
            Who             who,
            gint64          id,
            const char     *scope,
            const Windows  *w,
            GError        **error)
{
  KefuCohortResults *res;
  Sums before, after;

  if (!ticket_sums (store, who, id, w->before_from, w->before_to, &before, error) ||
      !ticket_sums (store, who, id, w->after_from, w->after_to, &after, error))
    return NULL;
  res = g_new0 (KefuCohortResults, 1);
  res->scope = g_strdup (scope);
  res->group_id = who == WHO_GROUP ? id : 0;
  res->tickets_before = before.tickets;
  res->tickets_after = w->not_yet ? 0 : after.tickets;
  for (KefuResultFigure f = 0; f < KEFU_RESULT_N; f++)
    {
      result_value (&before, f, &res->figures[f].before, &res->figures[f].n_before);
      result_value (&after, f, &res->figures[f].after, &res->figures[f].n_after);
      judge (&res->figures[f], w);
    }
  return res;
}

static void
results_free (KefuCohortResults *r)
{
  g_free (r->scope);
  g_free (r);
}

static void
trainee_free (KefuCohortTrainee *t)
{
  g_free (t->name);
  g_free (t->tier);
  g_free (t);
}

void
kefu_cohort_report_free (KefuCohortReport *r)
{
  if (r == NULL)
    return;
  g_free (r->name);
  g_free (r->course);
  g_free (r->layer);
  g_free (r->group);
  g_free (r->trainer);
  g_clear_pointer (&r->trainees, g_ptr_array_unref);
  g_clear_pointer (&r->results, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (r->notes); i++)
    g_clear_pointer (&r->notes[i], g_ptr_array_unref);
  g_free (r);
}

static void
note (KefuCohortReport *r,
      guint             level,
      const char       *format,
      ...) G_GNUC_PRINTF (3, 4);

static void
note (KefuCohortReport *r,
      guint             level,
      const char       *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (r->notes[level], g_strdup_vprintf (format, args));
  va_end (args);
}

/* The notes on the figures that show no trend, one per figure. */
static void
note_figure (KefuCohortReport       *r,
             guint                   level,
             const char             *scope,
             const KefuCohortFigureInfo *info,
             const KefuCohortFigure *f)
{
  if (f->verdict == KEFU_TREND_TOO_FEW)
    /* Translators: "Trainees’ tickets — Repeat complaints: 6 cases before and 4 after; a trend needs 20 on each side." */
    note (r, level, _("%s — %s: %lld cases before and %lld after; a trend needs %d on each side."),
          scope, _(info->label), (long long) f->n_before, (long long) f->n_after, KEFU_COHORT_MIN_CASES);
  else if (f->verdict == KEFU_TREND_NO_DATA)
    note (r, level, _("%s — %s: no cases on one side (%lld before, %lld after)."),
          scope, _(info->label), (long long) f->n_before, (long long) f->n_after);
}

static gboolean
read_header (KefuStore         *store,
             gint64             cohort_id,
             KefuCohortReport  *r,
             GError           **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, KEFU_COHORT_SUMMARY_SQL "WHERE c.id = ?1", error);
  g_autoptr(KefuCohortSummary) s = NULL;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, cohort_id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("There is no %s %lld."), _("cohort"), (long long) cohort_id);
      return FALSE;
    }
  s = kefu_cohort_summary_from_row (stmt, r->now);
  r->id = s->id;
  r->name = g_steal_pointer (&s->name);
  r->course = g_steal_pointer (&s->course);
  r->layer = g_steal_pointer (&s->layer);
  r->starts_at = s->starts_at;
  r->ends_at = s->ends_at;
  r->group = g_steal_pointer (&s->group);
  r->trainer = g_steal_pointer (&s->trainer);
  r->state = s->state;
  r->n_members = s->n_members;
  r->n_sessions = s->n_sessions;
  return TRUE;
}

static gboolean
read_members (KefuStore         *store,
              KefuCohortReport  *r,
              GError           **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT m.user_id, u.name, m.tier, "
      "  (SELECT count(*) FROM session_attendance a JOIN cohort_sessions s ON s.id = a.session_id "
      "     WHERE s.cohort_id = m.cohort_id AND a.user_id = m.user_id AND a.present = 1), "
      "  (SELECT coalesce(sum(s.hours), 0) FROM session_attendance a JOIN cohort_sessions s ON s.id = a.session_id "
      "     WHERE s.cohort_id = m.cohort_id AND a.user_id = m.user_id AND a.present = 1), "
      "  EXISTS (SELECT 1 FROM cohort_surveys v WHERE v.cohort_id = m.cohort_id AND v.user_id = m.user_id), "
      "  (SELECT max(CASE WHEN a.max_score > 0 THEN 100.0 * a.score / a.max_score END) FROM attempts a "
      "     WHERE a.user_id = m.user_id AND a.state = 'graded' AND a.submitted_at >= ?2 AND a.submitted_at < ?3 "
      "     AND (c.exam_id IS NULL OR a.exam_id = c.exam_id)) "
      "FROM cohort_members m JOIN users u ON u.id = m.user_id JOIN cohorts c ON c.id = m.cohort_id "
      "WHERE m.cohort_id = ?1 ORDER BY u.name, u.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, r->id);
  kefu_query_bind_int (stmt, 2, r->starts_at);
  kefu_query_bind_int (stmt, 3, r->learning_until);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuCohortTrainee *t = g_new0 (KefuCohortTrainee, 1);
      t->user_id = kefu_query_get_int (stmt, 0);
      t->name = g_strdup (kefu_query_get_text (stmt, 1));
      t->tier = g_strdup (kefu_query_get_text (stmt, 2));
      t->sessions_attended = (int) kefu_query_get_int (stmt, 3);
      t->hours = kefu_query_get_double (stmt, 4);
      t->answered_survey = (int) kefu_query_get_int (stmt, 5);
      t->exam_percent = kefu_query_is_null (stmt, 6) ? NAN : kefu_query_get_double (stmt, 6);
      t->practical_score = NAN;
      g_ptr_array_add (r->trainees, t);
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  return TRUE;
}

/* Each trainee's best practical assessment held in the learning window. */
static gboolean
read_practicals (KefuStore         *store,
                 KefuCohortReport  *r,
                 GError           **error)
{
  for (guint i = 0; i < r->trainees->len; i++)
    {
      KefuCohortTrainee *t = r->trainees->pdata[i];
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      {
        KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
            "SELECT id FROM assessments WHERE trainee_id = ?1 AND held_at >= ?2 AND held_at < ?3 ORDER BY id", error);
        if (stmt == NULL)
          return FALSE;
        kefu_query_bind_int (stmt, 1, t->user_id);
        kefu_query_bind_int (stmt, 2, r->starts_at);
        kefu_query_bind_int (stmt, 3, r->learning_until);
        while (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
          {
            gint64 id = kefu_query_get_int (stmt, 0);
            g_array_append_val (ids, id);
          }
      }
      for (guint a = 0; a < ids->len; a++)
        {
          g_auto(KefuAssessmentResult) res = { 0 };
          if (!kefu_assessment_result (store, g_array_index (ids, gint64, a), &res, error))
            return FALSE;
          /* only final results count (a provisional one waits for its
           * panel), as pass rates count only finished grading */
          if (res.n_raters > 0 && !res.provisional && (isnan (t->practical_score) || res.mean > t->practical_score))
            t->practical_score = res.mean;
        }
    }
  return TRUE;
}

static gboolean
read_reaction (KefuStore         *store,
               KefuCohortReport  *r,
               GError           **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT count(*), avg(usefulness), avg(trainer), avg(format), avg(organisation), "
      "  avg((usefulness + trainer + format + organisation) / 4.0) FROM cohort_surveys WHERE cohort_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, r->id);
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    {
      return FALSE;
    }
  r->responses = (int) kefu_query_get_int (stmt, 0);
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    r->item_mean[i] = r->responses > 0 ? kefu_query_get_double (stmt, 1 + i) : NAN;
  r->reaction_mean = r->responses > 0 ? kefu_query_get_double (stmt, 5) : NAN;
  r->response_rate = r->n_members > 0 ? (double) r->responses / r->n_members : NAN;
  return TRUE;
}

static gboolean
read_attendance (KefuStore         *store,
                 KefuCohortReport  *r,
                 GError           **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT (SELECT coalesce(sum(hours), 0) FROM cohort_sessions WHERE cohort_id = ?1), "
      "  (SELECT count(*) FROM session_attendance a JOIN cohort_sessions s ON s.id = a.session_id "
      "     JOIN cohort_members m ON m.cohort_id = s.cohort_id AND m.user_id = a.user_id "
      "     WHERE s.cohort_id = ?1 AND a.present = 1), "
      "  (SELECT count(DISTINCT a.session_id) FROM session_attendance a JOIN cohort_sessions s ON s.id = a.session_id "
      "     WHERE s.cohort_id = ?1)", error);
  gint64 present, taken;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, r->id);
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    {
      return FALSE;
    }
  r->planned_hours = kefu_query_get_double (stmt, 0);
  present = kefu_query_get_int (stmt, 1);
  taken = kefu_query_get_int (stmt, 2);
  /* over the sessions whose attendance was taken: absent unless marked present */
  r->attendance_rate = taken > 0 && r->n_members > 0 ? (double) present / (double) (taken * r->n_members) : NAN;
  if (r->n_sessions == 0)
    note (r, 0, "%s", _("No sessions are recorded: attendance and hours cannot be judged."));
  else if (taken < r->n_sessions)
    note (r, 0, _("Attendance was taken at %lld of %u sessions; the rate is over those."),
          (long long) taken, r->n_sessions);
  if (!isnan (r->attendance_rate) && r->attendance_rate < KEFU_COHORT_ATTENDANCE_TARGET - 1e-9)
    note (r, 0, _("Attendance was %.1f%%, below the target of %.0f%%."), r->attendance_rate * 100,
          KEFU_COHORT_ATTENDANCE_TARGET * 100);
  return TRUE;
}

static gboolean
read_ledger (KefuStore         *store,
             KefuCohortReport  *r,
             GError           **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT coalesce(sum(CASE WHEN kind = 'cost' THEN amount END), 0), "
      "  coalesce(sum(CASE WHEN kind = 'saving' THEN amount END), 0), count(*) FROM cohort_ledger WHERE cohort_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, r->id);
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    {
      return FALSE;
    }
  r->costs = kefu_query_get_double (stmt, 0);
  r->savings = kefu_query_get_double (stmt, 1);
  r->roi = r->costs > 0 ? r->savings / r->costs : NAN;
  return TRUE;
}

static void
learning (KefuCohortReport *r)
{
  double exam_sum = 0, practical_sum = 0;
  guint no_exam = 0;

  for (guint i = 0; i < r->trainees->len; i++)
    {
      KefuCohortTrainee *t = r->trainees->pdata[i];
      if (!isnan (t->exam_percent))
        {
          r->exam_taken++;
          r->exam_passed += t->exam_percent >= KEFU_COHORT_EXAM_PASS - 1e-9;
          exam_sum += t->exam_percent;
        }
      else
        no_exam++;
      if (!isnan (t->practical_score))
        {
          r->practical_taken++;
          r->practical_passed += t->practical_score >= KEFU_COHORT_PRACTICAL_PASS - 1e-9;
          practical_sum += t->practical_score;
        }
    }
  r->exam_mean = r->exam_taken > 0 ? exam_sum / r->exam_taken : NAN;
  r->practical_mean = r->practical_taken > 0 ? practical_sum / r->practical_taken : NAN;
  if (r->now < r->learning_until)
    {
      g_autofree char *until = kefu_cohort_local_date (r->learning_until - 1);
      note (r, 2, _("Results count until %s; more may still come."), until);
    }
  if (no_exam > 0)
    note (r, 2, _("%u of %u members have no graded exam in the window."), no_exam, r->n_members);
}

/* The desk's records may begin inside a window before the course (a new
 * installation, an import of the last months only): say so. */
static gboolean
note_records_begin (KefuStore         *store,
                    KefuCohortReport  *r,
                    guint              level,
                    gint64             before_from,
                    GError           **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT min(created_at) FROM tickets", error);

  if (stmt == NULL)
    return FALSE;
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW && !kefu_query_is_null (stmt, 0) &&
      kefu_query_get_int (stmt, 0) > before_from + DAY && kefu_query_get_int (stmt, 0) < r->starts_at)
    {
      g_autofree char *first = kefu_cohort_local_date (kefu_query_get_int (stmt, 0));
      note (r, level, _("The desk’s tickets begin on %s: the weeks before the course are not all covered."), first);
    }
  return TRUE;
}

/* The supervisor's weekly forms (kefu-cohort-plan.c): their means. */
static gboolean
read_observations (KefuStore         *store,
                   KefuCohortReport  *r,
                   GError           **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT count(*), count(DISTINCT o.user_id), avg(o.phrase_rate), avg(o.handling_min), avg(o.cooperation) "
      "FROM cohort_observations o JOIN cohort_members m ON m.cohort_id = o.cohort_id AND m.user_id = o.user_id "
      "WHERE o.cohort_id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, r->id);
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    {
      return FALSE;
    }
  r->observations = (int) kefu_query_get_int (stmt, 0);
  r->observed_trainees = (int) kefu_query_get_int (stmt, 1);
  r->phrase_mean = kefu_query_is_null (stmt, 2) ? NAN : kefu_query_get_double (stmt, 2);
  r->handling_mean = kefu_query_is_null (stmt, 3) ? NAN : kefu_query_get_double (stmt, 3);
  r->cooperation_mean = kefu_query_is_null (stmt, 4) ? NAN : kefu_query_get_double (stmt, 4);
  return TRUE;
}

KefuCohortReport *
kefu_cohort_report (KefuStore  *store,
                    gint64      cohort_id,
                    GError    **error)
{
  g_autoptr(KefuCohortReport) r = g_new0 (KefuCohortReport, 1);
  Windows w3, w4;
  guint thin = 0;

  if (!kefu_auth_require (store, KEFU_PERMISSION_SEE_TRAINING_RESULTS, error))
    return NULL;
  r->now = kefu_store_now (store);
  r->trainees = g_ptr_array_new_with_free_func ((GDestroyNotify) trainee_free);
  r->results = g_ptr_array_new_with_free_func ((GDestroyNotify) results_free);
  for (guint i = 0; i < G_N_ELEMENTS (r->notes); i++)
    r->notes[i] = g_ptr_array_new_with_free_func (g_free);
  if (!read_header (store, cohort_id, r, error))
    return NULL;
  r->learning_until = r->ends_at + KEFU_COHORT_LEARNING_DAYS * DAY;
  if (!read_attendance (store, r, error) || !read_members (store, r, error) ||
      !read_practicals (store, r, error) || !read_reaction (store, r, error) || !read_ledger (store, r, error))
    return NULL;

  /* 1 reaction */
  if (r->responses == 0)
    note (r, 1, "%s", _("No one has answered the survey yet."));
  else if (r->response_rate < 0.5)
    note (r, 1, _("Only %u of %u members answered: the mean may not speak for the group."), r->responses, r->n_members);

  /* 2 learning */
  learning (r);

  /* 3 behaviour */
  w3 = windows_for (r, KEFU_COHORT_BEHAVIOUR_DAYS);
  r->behaviour_before_from = w3.before_from;
  r->behaviour_after_to = w3.after_full_to;
  if (!behaviour_of (store, WHO_COHORT, r->id, &w3, r->behaviour, error))
    return NULL;
  for (guint i = 0; i < r->trainees->len; i++)
    {
      KefuCohortTrainee *t = r->trainees->pdata[i];
      if (!behaviour_of (store, WHO_AGENT, t->user_id, &w3, t->behaviour, error))
        return NULL;
      if (t->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].verdict == KEFU_TREND_TOO_FEW ||
          t->behaviour[KEFU_BEHAVIOUR_RESPONSE_MIN].verdict == KEFU_TREND_NO_DATA)
        thin++;
    }
  if (!read_observations (store, r, error) || !note_records_begin (store, r, 3, w3.before_from, error))
    return NULL;
  if (!w3.not_yet && r->observations == 0)
    note (r, 3, "%s", _("No supervisor has filled in an observation form for these trainees yet."));
  else if (!w3.not_yet && r->observed_trainees < r->trainees->len)
    note (r, 3, _("Observation forms cover %u of %u trainees: the means speak only for them."),
          r->observed_trainees, r->trainees->len);
  if (w3.not_yet)
    note (r, 3, "%s", _("The course has not ended: there is nothing yet to compare."));
  else if (w3.open)
    {
      g_autofree char *until = kefu_cohort_local_date (w3.after_full_to - 1);
      note (r, 3, _("The 13 weeks after the course run until %s: the figures so far are shown without a trend."), until);
    }
  else
    {
      for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
        note_figure (r, 3, _("All trainees"), &behaviour_infos[f], &r->behaviour[f]);
      if (thin > 0)
        note (r, 3, _("%u of %u trainees handled too few tickets of their own for a trend (fewer than %d on a side)."),
              thin, r->trainees->len, KEFU_COHORT_MIN_CASES);
    }

  /* 4 results */
  w4 = windows_for (r, KEFU_COHORT_RESULTS_DAYS);
  r->results_before_from = w4.before_from;
  r->results_after_to = w4.after_full_to;
  {
    KefuCohortResults *center = results_of (store, WHO_CENTER, 0, _("The center"), &w4, error);
    if (center == NULL)
      return NULL;
    g_ptr_array_add (r->results, center);
  }
  {
    KEFU_AUTO_QUERY *g = kefu_query_prepare (store, "SELECT group_id FROM cohorts WHERE id = ?1 AND group_id IS NOT NULL", error);
    if (g == NULL)
      return NULL;
    kefu_query_bind_int (g, 1, r->id);
    if (kefu_query_step (store, g, NULL) == KEFU_QUERY_ROW)
      {
        KefuCohortResults *group = results_of (store, WHO_GROUP, kefu_query_get_int (g, 0), r->group, &w4, error);
        if (group == NULL)
          return NULL;
        g_ptr_array_add (r->results, group);
      }
  }
  if (!note_records_begin (store, r, 4, w4.before_from, error))
    return NULL;
  if (w4.not_yet)
    note (r, 4, "%s", _("The course has not ended: there is nothing yet to compare."));
  else if (w4.open)
    {
      g_autofree char *until = kefu_cohort_local_date (w4.after_full_to - 1);
      note (r, 4, _("The 26 weeks after the course run until %s: the figures so far are shown without a trend."), until);
    }
  else
    for (guint i = 0; i < r->results->len; i++)
      {
        KefuCohortResults *res = r->results->pdata[i];
        for (KefuResultFigure f = 0; f < KEFU_RESULT_N; f++)
          note_figure (r, 4, res->scope, &result_infos[f], &res->figures[f]);
        if (res->tickets_before > 0 &&
            fabs ((double) (res->tickets_after - res->tickets_before)) / res->tickets_before > KEFU_COHORT_SEASON_CHANGE)
          note (r, 4, _("%s had %lld tickets before and %lld after: a season or an event may explain part of the change, not only the training."),
                res->scope, (long long) res->tickets_before, (long long) res->tickets_after);
      }
  if (r->results->len > 1)
    note (r, 4, "%s", _("The staff group is counted with its members as they are now."));
  if (r->costs <= 0)
    note (r, 4, "%s", _("No costs are entered: the return on the training cannot be computed."));
  else if (r->savings <= 0)
    note (r, 4, "%s", _("No savings are entered: the return shown is zero until the trainer enters them."));

  return g_steal_pointer (&r);
}

/* JSON ------------------------------------------------------------------- */

static void
add_number (JsonBuilder *b,
            const char  *key,
            double       value)
{
  json_builder_set_member_name (b, key);
  if (isnan (value) || isinf (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, round (value * 10000) / 10000);
}

static void
add_int (JsonBuilder *b,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value);
}

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value == NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, value);
}

static void
add_date (JsonBuilder *b,
          const char  *key,
          gint64       at)
{
  g_autofree char *text = kefu_cohort_local_date (at);
  add_string (b, key, text);
}

static void
add_figure (JsonBuilder                *b,
            const KefuCohortFigureInfo *info,
            const KefuCohortFigure     *f)
{
  json_builder_set_member_name (b, info->key);
  json_builder_begin_object (b);
  add_number (b, "before", f->before);
  add_number (b, "after", f->after);
  add_int (b, "cases_before", f->n_before);
  add_int (b, "cases_after", f->n_after);
  add_number (b, "target", info->target);
  add_number (b, "change", f->verdict == KEFU_TREND_SHOWN ? f->after - f->before : NAN);
  add_string (b, "trend", verdict_code (f->verdict));
  json_builder_end_object (b);
}

static void
add_notes (JsonBuilder     *b,
           const GPtrArray *notes)
{
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint i = 0; i < notes->len; i++)
    json_builder_add_string_value (b, notes->pdata[i]);
  json_builder_end_array (b);
}

char *
kefu_cohort_report_to_json (const KefuCohortReport *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  static const char *item_keys[KEFU_SURVEY_N_ITEMS] = { "usefulness", "trainer", "format", "organisation" };

  json_builder_begin_object (b);
  add_int (b, "id", r->id);
  add_string (b, "name", r->name);
  add_string (b, "course", r->course);
  add_string (b, "layer", r->layer);
  add_date (b, "starts", r->starts_at);
  add_date (b, "ends", r->ends_at - 1);
  add_string (b, "state", kefu_cohort_state_code (r->state));
  add_string (b, "group", r->group);
  add_string (b, "trainer", r->trainer);
  add_date (b, "as_of", r->now);

  json_builder_set_member_name (b, "attendance");
  json_builder_begin_object (b);
  add_int (b, "members", r->n_members);
  add_int (b, "sessions", r->n_sessions);
  add_number (b, "hours", r->planned_hours);
  add_number (b, "rate", r->attendance_rate);
  add_number (b, "target", KEFU_COHORT_ATTENDANCE_TARGET);
  add_notes (b, r->notes[0]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "reaction");
  json_builder_begin_object (b);
  add_number (b, "mean", r->reaction_mean);
  add_number (b, "target", KEFU_COHORT_REACTION_TARGET);
  add_int (b, "responses", r->responses);
  add_number (b, "response_rate", r->response_rate);
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    add_number (b, item_keys[i], r->item_mean[i]);
  add_notes (b, r->notes[1]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "learning");
  json_builder_begin_object (b);
  add_date (b, "until", r->learning_until - 1);
  add_int (b, "exam_taken", r->exam_taken);
  add_int (b, "exam_passed", r->exam_passed);
  add_number (b, "exam_mean", r->exam_mean);
  add_number (b, "exam_pass_mark", KEFU_COHORT_EXAM_PASS);
  add_int (b, "practical_taken", r->practical_taken);
  add_int (b, "practical_passed", r->practical_passed);
  add_number (b, "practical_mean", r->practical_mean);
  add_number (b, "practical_pass_mark", KEFU_COHORT_PRACTICAL_PASS);
  add_notes (b, r->notes[2]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "behaviour");
  json_builder_begin_object (b);
  add_date (b, "before_from", r->behaviour_before_from);
  add_date (b, "after_to", r->behaviour_after_to - 1);
  add_int (b, "min_cases", KEFU_COHORT_MIN_CASES);
  json_builder_set_member_name (b, "observations");
  json_builder_begin_object (b);
  add_int (b, "forms", r->observations);
  add_int (b, "trainees", r->observed_trainees);
  add_number (b, "phrase_rate_mean", r->phrase_mean);
  add_number (b, "phrase_rate_target", KEFU_COHORT_PHRASE_TARGET);
  add_number (b, "handling_min_mean", r->handling_mean);
  add_number (b, "cooperation_mean", r->cooperation_mean);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "all_trainees");
  json_builder_begin_object (b);
  for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
    add_figure (b, &behaviour_infos[f], &r->behaviour[f]);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "trainees");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->trainees->len; i++)
    {
      const KefuCohortTrainee *t = r->trainees->pdata[i];
      json_builder_begin_object (b);
      add_int (b, "user_id", t->user_id);
      add_string (b, "name", t->name);
      add_string (b, "tier", t->tier);
      add_int (b, "sessions_attended", t->sessions_attended);
      add_number (b, "hours", t->hours);
      json_builder_set_member_name (b, "answered_survey");
      json_builder_add_boolean_value (b, t->answered_survey);
      add_number (b, "exam_percent", t->exam_percent);
      add_number (b, "practical_score", t->practical_score);
      for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
        add_figure (b, &behaviour_infos[f], &t->behaviour[f]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_notes (b, r->notes[3]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "results");
  json_builder_begin_object (b);
  add_date (b, "before_from", r->results_before_from);
  add_date (b, "after_to", r->results_after_to - 1);
  json_builder_set_member_name (b, "scopes");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->results->len; i++)
    {
      const KefuCohortResults *res = r->results->pdata[i];
      json_builder_begin_object (b);
      add_string (b, "scope", res->group_id > 0 ? "group" : "center");
      add_string (b, "name", res->scope);
      add_int (b, "tickets_before", res->tickets_before);
      add_int (b, "tickets_after", res->tickets_after);
      for (KefuResultFigure f = 0; f < KEFU_RESULT_N; f++)
        add_figure (b, &result_infos[f], &res->figures[f]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_number (b, "costs", r->costs);
  add_number (b, "savings", r->savings);
  add_number (b, "roi", r->roi);
  add_number (b, "roi_target", KEFU_COHORT_ROI_TARGET);
  add_notes (b, r->notes[4]);
  json_builder_end_object (b);

  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}
