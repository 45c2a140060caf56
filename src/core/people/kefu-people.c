/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-people.c — a person's profile and capability radar, the radar's
 * sources, the periods (see kefu-people.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kefu-assessment.h"
#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-enums.h"
#include "kefu-people-private.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

static const struct { const char *code; const char *label; } families[KEFU_N_CAPABILITIES] = {
  [KEFU_CAPABILITY_TECHNICAL] = { "technical", N_("Technical") },
  [KEFU_CAPABILITY_MANAGEMENT] = { "management", N_("Management") },
  [KEFU_CAPABILITY_COMMUNICATION] = { "communication", N_("Communication") },
  [KEFU_CAPABILITY_PROBLEM_SOLVING] = { "problem_solving", N_("Problem solving") },
  [KEFU_CAPABILITY_LEARNING] = { "learning", N_("Learning") },
  [KEFU_CAPABILITY_PROFESSIONALISM] = { "professionalism", N_("Professionalism") },
};

const char *
kefu_capability_code (KefuCapability family)
{
  g_return_val_if_fail (family < KEFU_N_CAPABILITIES, NULL);
  return families[family].code;
}

const char *
kefu_capability_label (KefuCapability family)
{
  g_return_val_if_fail (family < KEFU_N_CAPABILITIES, NULL);
  return _(families[family].label);
}

int
kefu_capability_from_code (const char *code)
{
  for (int f = 0; code != NULL && f < KEFU_N_CAPABILITIES; f++)
    if (g_str_equal (families[f].code, code))
      return f;
  return -1;
}

char *
kefu_capability_source_label (const KefuCapabilitySource *s)
{
  if (g_strcmp0 (s->kind, "module") == 0)
    /* Translators: a capability score's source: a training module's exam items, e.g. "Exam items: Service etiquette" */
    return g_strdup_printf (_("Exam items: %s"), kefu_code_label (KEFU_CODES_MODULE, s->key));
  if (g_strcmp0 (s->kind, "kpi") == 0)
    {
      int k = kefu_kpi_from_key (s->key);
      /* Translators: a capability score's source: one of the dashboard's KPIs over the person's tickets */
      return g_strdup_printf (_("Tickets: %s"), k >= 0 ? _(kefu_kpi_info (k)->label) : s->key);
    }
  if (g_strcmp0 (s->kind, "practical") == 0)
    /* Translators: a capability score's source: a criterion of the practical assessments (情景模拟) */
    return g_strdup_printf (_("Practical: %s"), s->key);
  if (g_strcmp0 (s->key, "pass_rate") == 0)
    return g_strdup (_("Exams passed"));
  return g_strdup (_("Mean exam score"));
}

/* Periods ------------------------------------------------------------------ */

static gint64
local_midnight (int year,
                int month)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (year, month, 1, 0, 0, 0);
  return g_date_time_to_unix (dt);
}

void
kefu_people_quarter_of (gint64  at,
                        gint64 *from,
                        gint64 *to)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  int year = g_date_time_get_year (dt), q = (g_date_time_get_month (dt) - 1) / 3;

  *from = local_midnight (year, q * 3 + 1);
  *to = q == 3 ? local_midnight (year + 1, 1) : local_midnight (year, q * 3 + 4);
}

gboolean
kefu_people_parse_quarter (const char  *text,
                           gint64      *from,
                           gint64      *to,
                           GError     **error)
{
  unsigned year = 0, q = 0;
  char tail = 0;

  if (text == NULL || sscanf (text, "%4u-Q%1u%c", &year, &q, &tail) != 2 || year < 1970 || year > 9998 ||
      q < 1 || q > 4 || strlen (text) != 7)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is not a quarter: write it like “2026-Q3”."), text != NULL ? text : "");
      return FALSE;
    }
  *from = local_midnight (year, (q - 1) * 3 + 1);
  *to = q == 4 ? local_midnight (year + 1, 1) : local_midnight (year, q * 3 + 1);
  return TRUE;
}

gboolean
kefu_people_parse_year (const char  *text,
                        gint64      *from,
                        gint64      *to,
                        GError     **error)
{
  unsigned year = 0;
  char tail = 0;

  if (text == NULL || sscanf (text, "%4u%c", &year, &tail) != 1 || year < 1970 || year > 9998 || strlen (text) != 4)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is not a year: write it like “2026”."), text != NULL ? text : "");
      return FALSE;
    }
  *from = local_midnight (year, 1);
  *to = local_midnight (year + 1, 1);
  return TRUE;
}

/* Who may see: oneself, or with the right (and then it is audited) ------- */

gboolean
kefu_people_leads (KefuStore *store,
                   gint64     actor,
                   gint64     user_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT 1 FROM staff_groups g JOIN staff_group_members m ON m.group_id = g.id "
      "WHERE g.leader_id = ?1 AND m.user_id = ?2 LIMIT 1", NULL);

  if (stmt == NULL || user_id <= 0)
    return FALSE;
  kefu_query_bind_int (stmt, 1, actor);
  kefu_query_bind_int (stmt, 2, user_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW;
}

/* Trainers and managers see everyone's development; a supervisor (who
 * also has KEFU_PERMISSION_DEVELOP_PEOPLE) only their own team's. */
gboolean
kefu_people_sees_everyone (KefuStore *store)
{
  g_autofree char *role = NULL;
  gint64 actor = kefu_store_get_actor (store);

  if (actor <= 0 || !kefu_people_load_user (store, actor, NULL, NULL, &role, NULL))
    return FALSE;
  return kefu_role_can (role, KEFU_PERMISSION_DEVELOP_PEOPLE) && !g_str_equal (role, "supervisor");
}

gboolean
kefu_people_may_see (KefuStore *store,
                     gint64     user_id)
{
  gint64 actor = kefu_store_get_actor (store);

  if (actor <= 0 || user_id <= 0)
    return FALSE;
  return actor == user_id || kefu_people_leads (store, actor, user_id) || kefu_people_sees_everyone (store);
}

/* A supervisor reaching outside their team: refused, and the refusal audited */
static gboolean
refuse_outside_team (KefuStore   *store,
                     gint64       user_id,
                     const char  *action,
                     GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *detail = g_strdup_printf ("tried=%s", action != NULL ? action : "?");

  if (!kefu_people_load_user (store, user_id, NULL, &name, NULL, error))
    return FALSE;
  if (kefu_store_begin (store, NULL))
    {
      if (kefu_audit_append (store, kefu_store_get_actor (store), "people_refused", "users", user_id, detail, NULL))
        kefu_store_commit (store, NULL);
      else
        kefu_store_rollback (store);
    }
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
               _("%s is not in a staff group you lead: a supervisor sees and develops only their own team."), name);
  return FALSE;
}

gboolean
kefu_people_check_team (KefuStore   *store,
                        gint64       user_id,
                        const char  *action,
                        GError     **error)
{
  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (kefu_people_may_see (store, user_id))
    return TRUE;
  if (!kefu_auth_require (store, KEFU_PERMISSION_DEVELOP_PEOPLE, error))
    return FALSE;
  return refuse_outside_team (store, user_id, action, error);
}

gboolean
kefu_people_check_access (KefuStore   *store,
                          gint64       user_id,
                          const char  *action,
                          const char  *detail,
                          GError     **error)
{
  gint64 actor;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  actor = kefu_store_get_actor (store);
  if (actor == user_id)
    return TRUE;
  if (user_id > 0)
    {
      if (!kefu_people_check_team (store, user_id, action, error))
        return FALSE;
    }
  else if (!kefu_auth_require (store, KEFU_PERMISSION_DEVELOP_PEOPLE, error))
    return FALSE;
  if (action == NULL)
    return TRUE;
  if (!kefu_store_begin (store, error))
    return FALSE;
  if (!kefu_audit_append (store, actor, action, user_id > 0 ? "users" : NULL, user_id, detail, error) ||
      !kefu_store_commit (store, error))
    {
      kefu_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
kefu_people_load_user (KefuStore  *store,
                       gint64      user_id,
                       char      **login,
                       char      **name,
                       char      **role,
                       GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT login, name, role FROM users WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, user_id);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND,
                            _("There is no user with id %lld."), (long long) user_id))
    return FALSE;
  if (login != NULL)
    *login = g_strdup (kefu_query_get_text (stmt, 0));
  if (name != NULL)
    *name = g_strdup (kefu_query_get_text (stmt, 1));
  if (role != NULL)
    *role = g_strdup (kefu_query_get_text (stmt, 2));
  return TRUE;
}

/* The radar's sources -------------------------------------------------------- */

static void
source_free (gpointer data)
{
  KefuCapabilitySource *s = data;

  g_free (s->kind);
  g_free (s->key);
  g_free (s);
}

GPtrArray *
kefu_capability_sources (KefuStore  *store,
                         GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT id, kind, key, family, weight FROM capability_sources ORDER BY "
      "CASE family WHEN 'technical' THEN 0 WHEN 'management' THEN 1 WHEN 'communication' THEN 2 "
      "WHEN 'problem_solving' THEN 3 WHEN 'learning' THEN 4 ELSE 5 END, "
      "CASE kind WHEN 'module' THEN 0 WHEN 'kpi' THEN 1 WHEN 'practical' THEN 2 ELSE 3 END, id", error);
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func (source_free);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuCapabilitySource *s = g_new0 (KefuCapabilitySource, 1);
      int f = kefu_capability_from_code (kefu_query_get_text (stmt, 3));

      s->id = kefu_query_get_int (stmt, 0);
      s->kind = g_strdup (kefu_query_get_text (stmt, 1));
      s->key = g_strdup (kefu_query_get_text (stmt, 2));
      s->family = f >= 0 ? f : KEFU_CAPABILITY_PROFESSIONALISM;
      s->weight = kefu_query_get_double (stmt, 4);
      s->value = NAN;
      g_ptr_array_add (list, s);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* Whether a source names something Kefu can measure. */
static gboolean
check_source (const char  *kind,
              const char  *key,
              GError     **error)
{
  if (g_strcmp0 (kind, "module") == 0)
    {
      if (kefu_code_is_valid (KEFU_CODES_MODULE, key))
        return TRUE;
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is not a training module (use etiquette, communication, digital_tools, engineering, law, "
                     "emergency, team_management, data_analysis or value_added)."), key != NULL ? key : "");
      return FALSE;
    }
  if (g_strcmp0 (kind, "kpi") == 0)
    {
      int k = kefu_kpi_from_key (key);
      if (k >= 0 && (kefu_kpi_info (k)->format == KEFU_KPI_FORMAT_RATE || k == KEFU_KPI_SATISFACTION))
        return TRUE;
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is not a KPI a capability can rest on (use a rate such as first_contact_resolution_rate, "
                     "or satisfaction)."), key != NULL ? key : "");
      return FALSE;
    }
  if (g_strcmp0 (kind, "practical") == 0)
    {
      if (key != NULL && *key != '\0' && g_utf8_validate (key, -1, NULL) && strlen (key) <= 200)
        return TRUE;
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("A practical source needs the name of an assessment criterion, such as 沟通有效性."));
      return FALSE;
    }
  if (g_strcmp0 (kind, "exams") == 0)
    {
      if (g_strcmp0 (key, "mean_score") == 0 || g_strcmp0 (key, "pass_rate") == 0)
        return TRUE;
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is not an exam figure (use mean_score or pass_rate)."), key != NULL ? key : "");
      return FALSE;
    }
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
               _("“%s” is not a kind of source (use module, kpi, practical or exams)."), kind != NULL ? kind : "");
  return FALSE;
}

gboolean
kefu_capability_source_set (KefuStore   *store,
                            const char  *kind,
                            const char  *key,
                            const char  *family,
                            double       weight,
                            GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *detail = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !check_source (kind, key, error))
    return FALSE;
  if (kefu_capability_from_code (family) < 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is not a capability family (use technical, management, communication, problem_solving, "
                     "learning or professionalism)."), family != NULL ? family : "");
      return FALSE;
    }
  if (!(weight > 0 && weight <= 100))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A source’s weight must be more than 0 and at most 100, not %g."), weight);
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  stmt = kefu_query_prepare (store,
      "INSERT INTO capability_sources (kind, key, family, weight) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (kind, key) DO UPDATE SET family = excluded.family, weight = excluded.weight", error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_text (stmt, 1, kind);
  kefu_query_bind_text (stmt, 2, key);
  kefu_query_bind_text (stmt, 3, family);
  kefu_query_bind_double (stmt, 4, weight);
  if (!kefu_query_run (store, stmt, error))
    goto fail;
  detail = g_strdup_printf ("%s:%s family=%s weight=%g", kind, key, family, weight);
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "capability_source_set", "capability_sources",
                          kefu_query_last_id (store), detail, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kefu_store_rollback (store);
  return FALSE;
}

gboolean
kefu_capability_source_remove (KefuStore   *store,
                               const char  *kind,
                               const char  *key,
                               GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *detail = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !kefu_store_begin (store, error))
    return FALSE;
  stmt = kefu_query_prepare (store, "DELETE FROM capability_sources WHERE kind = ?1 AND key = ?2", error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_text (stmt, 1, kind);
  kefu_query_bind_text (stmt, 2, key);
  if (!kefu_query_run (store, stmt, error))
    goto fail;
  if (kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("The radar has no source %s “%s”."), kind != NULL ? kind : "", key != NULL ? key : "");
      goto fail;
    }
  detail = g_strdup_printf ("%s:%s", kind, key);
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "capability_source_removed", "capability_sources", 0,
                          detail, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kefu_store_rollback (store);
  return FALSE;
}

/* The profile ------------------------------------------------------------------ */

static void
module_free (gpointer data)
{
  KefuModuleResult *m = data;

  g_free (m->module);
  g_free (m);
}

static void
practical_free (gpointer data)
{
  KefuPracticalResult *p = data;

  g_free (p->scenario);
  g_free (p);
}

void
kefu_profile_free (KefuProfile *p)
{
  if (p == NULL)
    return;
  g_free (p->login);
  g_free (p->name);
  g_free (p->role);
  g_clear_pointer (&p->modules, g_ptr_array_unref);
  g_clear_pointer (&p->practicals, g_ptr_array_unref);
  g_clear_pointer (&p->kpi, kefu_kpi_report_free);
  g_clear_pointer (&p->goals, g_ptr_array_unref);
  g_free (p->group);
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    g_clear_pointer (&p->radar[f].sources, g_ptr_array_unref);
  g_free (p);
}

static int
module_rank (const char *module)
{
  guint n = 0;
  const KefuCode *codes = kefu_codes (KEFU_CODES_MODULE, &n);

  for (guint c = 0; c < n; c++)
    if (g_str_equal (codes[c].code, module))
      return (int) c;
  return (int) n;
}

static int
by_syllabus (gconstpointer a,
             gconstpointer b)
{
  const KefuModuleResult *x = *(KefuModuleResult * const *) a, *y = *(KefuModuleResult * const *) b;

  return module_rank (x->module) - module_rank (y->module);
}

/* The share of points per module over the graded attempts finished before @to;
 * an answer left blank earns nothing. */
static gboolean
load_modules (KefuStore    *store,
              KefuProfile  *p,
              GError      **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT q.module, sum(coalesce(aa.score, 0)), sum(coalesce(aa.max_score, q.points)), count(*) "
      "FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id JOIN questions q ON q.id = aa.question_id "
      "WHERE a.user_id = ?1 AND a.state = 'graded' AND coalesce(a.graded_at, a.submitted_at, a.started_at) < ?2 "
      "AND q.module IS NOT NULL GROUP BY q.module", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, p->user_id);
  kefu_query_bind_int (stmt, 2, p->to);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuModuleResult *m = g_new0 (KefuModuleResult, 1);

      m->module = g_strdup (kefu_query_get_text (stmt, 0));
      m->score = kefu_query_get_double (stmt, 1);
      m->max = kefu_query_get_double (stmt, 2);
      m->items = kefu_query_get_int (stmt, 3);
      m->percent = m->max > 0 ? 100.0 * m->score / m->max : NAN;
      m->passed = !isnan (m->percent) && m->percent >= KEFU_PEOPLE_MODULE_PASS - 1e-9;
      g_ptr_array_add (p->modules, m);
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  /* in the syllabus's order */
  g_ptr_array_sort (p->modules, by_syllabus);
  return TRUE;
}

/* The practicals are read as the person (an explicit reader, not by
 * signing them in): whoever may see the profile (the caller has checked
 * it) sees them, as a group's average counts them without showing them. */
static gboolean
load_practicals (KefuStore    *store,
                 KefuProfile  *p,
                 GError      **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT id, scenario, held_at, pass_mark FROM assessments WHERE trainee_id = ?1 AND held_at < ?2 "
      "ORDER BY held_at, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, p->user_id);
  kefu_query_bind_int (stmt, 2, p->to);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuPracticalResult *r = g_new0 (KefuPracticalResult, 1);

      r->assessment_id = kefu_query_get_int (stmt, 0);
      r->scenario = g_strdup (kefu_query_get_text (stmt, 1));
      r->held_at = kefu_query_get_int (stmt, 2);
      r->pass_mark = kefu_query_get_double (stmt, 3);
      r->mean = NAN;
      g_ptr_array_add (p->practicals, r);
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  kefu_query_reset (stmt);
  for (guint i = 0; i < p->practicals->len; i++)
    {
      KefuPracticalResult *r = p->practicals->pdata[i];
      g_auto(KefuAssessmentResult) result = { 0 };

      if (!kefu_assessment_result_for (store, r->assessment_id, p->user_id, &result, error))
        return FALSE;
      r->n_raters = result.n_raters;
      if (result.n_raters > 0)
        {
          r->mean = result.mean;
          r->passed = result.passed;
        }
    }
  return TRUE;
}

/* What @kpi's rate rests on: the tickets it is a share of. */
static guint
kpi_basis (const KefuKpiReport *r,
           KefuKpi              kpi)
{
  switch (kpi)
    {
    case KEFU_KPI_ON_TIME_RESPONSE_RATE: return (guint) r->response_decided;
    case KEFU_KPI_ON_TIME_RESOLUTION_RATE: return (guint) r->resolution_decided;
    case KEFU_KPI_COMPLAINT_CLOSURE_RATE:
    case KEFU_KPI_REPEAT_COMPLAINT_RATE: return (guint) r->complaints;
    case KEFU_KPI_FIRST_CONTACT_RESOLUTION_RATE:
    case KEFU_KPI_FOLLOW_UP_RATE: return (guint) r->resolved;
    case KEFU_KPI_SATISFACTION:
    case KEFU_KPI_SATISFIED_RATE: return (guint) r->ratings;
    case KEFU_KPI_MEAN_RESPONSE_MIN:
    case KEFU_KPI_P90_RESPONSE_MIN: return (guint) r->responded;
    case KEFU_KPI_TICKETS:
    case KEFU_KPI_BACKLOG:
    case KEFU_N_KPIS:
    default:
      return (guint) r->value[KEFU_KPI_TICKETS];
    }
}

/* A KPI as a capability score, 0–100. */
double
kefu_people_kpi_percent (const KefuKpiReport *r,
                         KefuKpi              kpi)
{
  const KefuKpiInfo *info = kefu_kpi_info (kpi);
  double v = r->value[kpi];

  if (isnan (v))
    return NAN;
  if (info->format == KEFU_KPI_FORMAT_SCORE)
    return v;
  if (info->format == KEFU_KPI_FORMAT_RATE)
    return info->higher_is_better ? 100.0 * v : 100.0 * (1.0 - v);
  return NAN;
}

/* Each source's value for the person. */
static gboolean
measure_source (KefuStore             *store,
                const KefuProfile     *p,
                KefuCapabilitySource  *s,
                GError               **error)
{
  s->value = NAN;
  s->n = 0;
  if (g_str_equal (s->kind, "module"))
    {
      for (guint i = 0; i < p->modules->len; i++)
        {
          KefuModuleResult *m = p->modules->pdata[i];
          if (g_str_equal (m->module, s->key))
            {
              s->value = m->percent;
              s->n = m->items;
            }
        }
      return TRUE;
    }
  if (g_str_equal (s->kind, "kpi"))
    {
      int k = kefu_kpi_from_key (s->key);
      if (k >= 0)
        {
          s->value = kefu_people_kpi_percent (p->kpi, k);
          s->n = kpi_basis (p->kpi, k);
        }
      return TRUE;
    }
  if (g_str_equal (s->kind, "practical"))
    {
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
          "SELECT avg(sc.score), count(*) FROM assessment_scores sc "
          "JOIN assessment_criteria c ON c.id = sc.criterion_id JOIN assessments x ON x.id = sc.assessment_id "
          "WHERE x.trainee_id = ?1 AND x.held_at < ?2 AND c.name = ?3", error);

      if (stmt == NULL)
        return FALSE;
      kefu_query_bind_int (stmt, 1, p->user_id);
      kefu_query_bind_int (stmt, 2, p->to);
      kefu_query_bind_text (stmt, 3, s->key);
      if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
        return FALSE;   /* the aggregate always gives a row */
      s->n = kefu_query_get_int (stmt, 1);
      if (s->n > 0)
        s->value = kefu_query_get_double (stmt, 0);
      return TRUE;
    }
  if (g_str_equal (s->kind, "exams"))
    {
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
          "SELECT avg(100.0 * score / max_score), 100.0 * avg(coalesce(passed, 0)), count(*) FROM attempts "
          "WHERE user_id = ?1 AND state = 'graded' AND max_score > 0 "
          "AND coalesce(graded_at, submitted_at, started_at) < ?2", error);

      if (stmt == NULL)
        return FALSE;
      kefu_query_bind_int (stmt, 1, p->user_id);
      kefu_query_bind_int (stmt, 2, p->to);
      if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
        return FALSE;   /* the aggregate always gives a row */
      s->n = kefu_query_get_int (stmt, 2);
      if (s->n > 0)
        s->value = kefu_query_get_double (stmt, g_str_equal (s->key, "pass_rate") ? 1 : 0);
    }
  return TRUE;
}

static gboolean
compute_radar (KefuStore    *store,
               KefuProfile  *p,
               GError      **error)
{
  g_autoptr(GPtrArray) sources = kefu_capability_sources (store, error);

  if (sources == NULL)
    return FALSE;
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    {
      p->radar[f].family = f;
      p->radar[f].score = NAN;
      p->radar[f].sources = g_ptr_array_new_with_free_func (source_free);
    }
  for (guint i = 0; i < sources->len; i++)
    {
      KefuCapabilitySource *s = sources->pdata[i];

      if (!measure_source (store, p, s, error))
        return FALSE;
      g_ptr_array_add (p->radar[s->family].sources, s);
      sources->pdata[i] = NULL;
    }
  g_ptr_array_set_free_func (sources, NULL);
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    {
      double sum = 0, weights = 0;

      for (guint i = 0; i < p->radar[f].sources->len; i++)
        {
          KefuCapabilitySource *s = p->radar[f].sources->pdata[i];
          if (!isnan (s->value))
            {
              sum += s->weight * s->value;
              weights += s->weight;
            }
        }
      if (weights > 0)
        p->radar[f].score = sum / weights;
    }
  return TRUE;
}

/* The radar of another member of the group: computed as the profile's, not
 * shown or audited on its own (only the group's mean leaves this file). */
static gboolean
member_radar (KefuStore  *store,
              gint64      user_id,
              gint64      from,
              gint64      to,
              double      radar[KEFU_N_CAPABILITIES],
              GError    **error)
{
  g_autoptr(KefuProfile) m = g_new0 (KefuProfile, 1);

  m->user_id = user_id;
  m->from = from;
  m->to = to;
  m->modules = g_ptr_array_new_with_free_func (module_free);
  m->practicals = g_ptr_array_new_with_free_func (practical_free);
  if (!load_modules (store, m, error) || !load_practicals (store, m, error))
    return FALSE;
  m->kpi = kefu_kpi_compute_agent (store, user_id, from, to, error);
  if (m->kpi == NULL || !compute_radar (store, m, error))
    return FALSE;
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    radar[f] = m->radar[f].score;
  return TRUE;
}

/* The person's first staff group by name, and its members' mean radar. */
static gboolean
group_radar (KefuStore    *store,
             KefuProfile  *p,
             GError      **error)
{
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *name = NULL;
  double sum[KEFU_N_CAPABILITIES] = { 0 };
  guint n[KEFU_N_CAPABILITIES] = { 0 };
  gint64 group = 0;

  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    p->group_radar[f] = NAN;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
        "SELECT g.id, g.name FROM staff_groups g JOIN staff_group_members m ON m.group_id = g.id "
        "WHERE m.user_id = ?1 ORDER BY g.name, g.id LIMIT 1", error);
    if (stmt == NULL)
      return FALSE;
    kefu_query_bind_int (stmt, 1, p->user_id);
    if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
      return TRUE;
    group = kefu_query_get_int (stmt, 0);
    name = g_strdup (kefu_query_get_text (stmt, 1));
  }
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT user_id FROM staff_group_members WHERE group_id = ?1 ORDER BY user_id",
                                               error);
    if (stmt == NULL)
      return FALSE;
    kefu_query_bind_int (stmt, 1, group);
    while (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
      {
        gint64 id = kefu_query_get_int (stmt, 0);
        g_array_append_val (members, id);
      }
  }
  if (members->len < KEFU_PEOPLE_GROUP_MIN)
    return TRUE;
  for (guint i = 0; i < members->len; i++)
    {
      gint64 id = g_array_index (members, gint64, i);
      double radar[KEFU_N_CAPABILITIES];

      if (id == p->user_id)
        for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
          radar[f] = p->radar[f].score;
      else if (!member_radar (store, id, p->from, p->to, radar, error))
        return FALSE;
      for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
        if (!isnan (radar[f]))
          {
            sum[f] += radar[f];
            n[f]++;
          }
    }
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    p->group_radar[f] = n[f] > 0 ? sum[f] / n[f] : NAN;
  p->group = g_steal_pointer (&name);
  p->group_members = members->len;
  return TRUE;
}

/* @audit: the audit entry's action, NULL for none (a profile shown again) */
static KefuProfile *
profile_load (KefuStore  *store,
              gint64      user_id,
              gint64      from,
              gint64      to,
              const char *audit,
              GError    **error)
{
  g_autoptr(KefuProfile) p = g_new0 (KefuProfile, 1);
  g_autofree char *detail = g_strdup_printf ("from=%" G_GINT64_FORMAT " to=%" G_GINT64_FORMAT, from, to);

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);
  if (to <= from)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("A profile’s period must end after it starts."));
      return NULL;
    }
  p->user_id = user_id;
  p->from = from;
  p->to = to;
  if (!kefu_people_load_user (store, user_id, &p->login, &p->name, &p->role, error) ||
      !kefu_people_check_access (store, user_id, audit, detail, error))
    return NULL;
  p->modules = g_ptr_array_new_with_free_func (module_free);
  p->practicals = g_ptr_array_new_with_free_func (practical_free);
  if (!load_modules (store, p, error) || !load_practicals (store, p, error))
    return NULL;
  p->kpi = kefu_kpi_compute_agent (store, user_id, from, to, error);
  if (p->kpi == NULL || !compute_radar (store, p, error) || !group_radar (store, p, error))
    return NULL;
  p->goals = kefu_people_goals_of (store, user_id, error);
  if (p->goals == NULL)
    return NULL;
  return g_steal_pointer (&p);
}

/**
 * kefu_profile_load:
 * @from: @to: the period of the KPIs (training counts up to @to)
 *
 * One person's profile, for themselves or for a supervisor, trainer or
 * manager; opening someone else's is audited.
 */
KefuProfile *
kefu_profile_load (KefuStore  *store,
                   gint64      user_id,
                   gint64      from,
                   gint64      to,
                   GError    **error)
{
  return profile_load (store, user_id, from, to, "profile_viewed", error);
}

KefuProfile *
kefu_profile_reload (KefuStore  *store,
                     gint64      user_id,
                     gint64      from,
                     gint64      to,
                     GError    **error)
{
  return profile_load (store, user_id, from, to, NULL, error);
}

/* JSON ------------------------------------------------------------------------------ */

void
kefu_people_json_number (JsonBuilder *b,
                         const char  *member,
                         double       value)
{
  json_builder_set_member_name (b, member);
  if (isnan (value) || isinf (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, round (value * 10000) / 10000);
}

char *
kefu_people_json_text (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

char *
kefu_profile_to_json (const KefuProfile *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "login");
  json_builder_add_string_value (b, p->login);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, p->name);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, p->role);
  json_builder_set_member_name (b, "from");
  json_builder_add_int_value (b, p->from);
  json_builder_set_member_name (b, "to");
  json_builder_add_int_value (b, p->to);

  if (p->group != NULL)
    {
      json_builder_set_member_name (b, "group");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, p->group);
      json_builder_set_member_name (b, "members");
      json_builder_add_int_value (b, p->group_members);
      for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
        kefu_people_json_number (b, kefu_capability_code (f), p->group_radar[f]);
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "radar");
  json_builder_begin_array (b);
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "family");
      json_builder_add_string_value (b, kefu_capability_code (f));
      kefu_people_json_number (b, "score", p->radar[f].score);
      json_builder_set_member_name (b, "sources");
      json_builder_begin_array (b);
      for (guint i = 0; i < p->radar[f].sources->len; i++)
        {
          KefuCapabilitySource *s = p->radar[f].sources->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, s->kind);
          json_builder_set_member_name (b, "key");
          json_builder_add_string_value (b, s->key);
          kefu_people_json_number (b, "weight", s->weight);
          kefu_people_json_number (b, "value", s->value);
          json_builder_set_member_name (b, "n");
          json_builder_add_int_value (b, s->n);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "modules");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->modules->len; i++)
    {
      KefuModuleResult *m = p->modules->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "module");
      json_builder_add_string_value (b, m->module);
      kefu_people_json_number (b, "percent", m->percent);
      json_builder_set_member_name (b, "items");
      json_builder_add_int_value (b, m->items);
      json_builder_set_member_name (b, "passed");
      json_builder_add_boolean_value (b, m->passed);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "practicals");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->practicals->len; i++)
    {
      KefuPracticalResult *r = p->practicals->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "scenario");
      json_builder_add_string_value (b, r->scenario);
      json_builder_set_member_name (b, "held_at");
      json_builder_add_int_value (b, r->held_at);
      kefu_people_json_number (b, "score", r->mean);
      json_builder_set_member_name (b, "raters");
      json_builder_add_int_value (b, r->n_raters);
      json_builder_set_member_name (b, "passed");
      json_builder_add_boolean_value (b, r->passed);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "kpi");
  json_builder_begin_object (b);
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    kefu_people_json_number (b, kefu_kpi_info (k)->key, p->kpi->value[k]);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "goals");
  kefu_people_goals_json (b, p->goals);
  json_builder_end_object (b);
  return kefu_people_json_text (b);
}
