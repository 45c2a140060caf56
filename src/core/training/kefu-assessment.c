/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-assessment.c — practical assessments scored by several raters */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-assessment.h"
#include "kefu-training-private.h"

/* data names, the same in every language (as the sample's) */
static const KefuCriterionSpec default_criteria[] = {
  { "流程规范性", 40 },
  { "沟通有效性", 30 },
  { "问题解决效率", 30 },
};

const KefuCriterionSpec *
kefu_assessment_default_criteria (guint *n)
{
  *n = G_N_ELEMENTS (default_criteria);
  return default_criteria;
}

/* A scenario for @trainee_id with its rubric (NULL: the scenario's own
 * criteria, kefu_assessment_define_criteria(), else the default three);
 * @pass_mark ≤ 0 takes 85. Weights are relative: 40/30/30 or 4/3/3. */
gint64
kefu_assessment_create (KefuStore                *store,
                        const char               *scenario,
                        gint64                    trainee_id,
                        gint64                    held_at,
                        double                    pass_mark,
                        const KefuCriterionSpec  *criteria,
                        guint                     n_criteria,
                        GError                  **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *crit = NULL;
  gint64 id = -1;
  gboolean ok;

  g_autoptr(GArray) own = NULL;
  g_autofree KefuCriterionSpec *own_specs = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return -1;
  /* without criteria given: the scenario's own, if it defined them */
  if (criteria == NULL && scenario != NULL && *scenario != '\0')
    {
      own = kefu_assessment_scenario_criteria (store, scenario, error);
      if (own == NULL)
        return -1;
      if (own->len > 0)
        {
          own_specs = g_new0 (KefuCriterionSpec, own->len);
          for (guint i = 0; i < own->len; i++)
            {
              own_specs[i].name = g_array_index (own, KefuCriterion, i).name;
              own_specs[i].weight = g_array_index (own, KefuCriterion, i).weight;
            }
          criteria = own_specs;
          n_criteria = own->len;
        }
    }
  if (criteria == NULL)
    criteria = kefu_assessment_default_criteria (&n_criteria);
  if (scenario == NULL || *scenario == '\0' || n_criteria == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A practical assessment needs a scenario and at least one criterion."));
      return -1;
    }
  for (guint i = 0; i < n_criteria; i++)
    if (!(criteria[i].weight > 0) || criteria[i].name == NULL || *criteria[i].name == '\0')
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("Criterion %u of the assessment needs a name and a weight above 0."), i + 1);
        return -1;
      }
  if (!kefu_training_savepoint (store, error))
    return -1;
  stmt = kefu_query_prepare (store,
    "INSERT INTO assessments (scenario, trainee_id, held_at, pass_mark, created_by) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  crit = kefu_query_prepare (store,
    "INSERT INTO assessment_criteria (assessment_id, name, weight) VALUES (?1, ?2, ?3)", error);
  ok = stmt != NULL && crit != NULL;
  if (ok)
    {
      kefu_query_bind_text (stmt, 1, scenario);
      kefu_query_bind_int (stmt, 2, trainee_id);
      kefu_query_bind_int (stmt, 3, held_at > 0 ? held_at : kefu_store_now (store));
      kefu_query_bind_double (stmt, 4, pass_mark > 0 ? pass_mark : KEFU_ASSESSMENT_PASS_MARK);
      kefu_query_bind_id (stmt, 5, kefu_store_get_actor (store));
      ok = kefu_query_run (store, stmt, error);
      id = kefu_query_last_id (store);
    }
  for (guint i = 0; ok && i < n_criteria; i++)
    {
      kefu_query_reset (crit);
      kefu_query_bind_int (crit, 1, id);
      kefu_query_bind_text (crit, 2, criteria[i].name);
      kefu_query_bind_double (crit, 3, criteria[i].weight);
      ok = kefu_query_run (store, crit, error);
    }
  if (!kefu_training_release (store, ok, error))
    return -1;
  return id;
}

static void
criterion_clear (gpointer data)
{
  g_free (((KefuCriterion *) data)->name);
}

/* The criteria a bound query gives as (id, name, weight) rows; NULL
 * after setting @error. */
static GArray *
read_criteria (KefuStore  *store,
               KefuQuery  *stmt,
               GError    **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (KefuCriterion));
  KefuQueryStep rc;

  g_array_set_clear_func (list, criterion_clear);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuCriterion c = { kefu_query_get_int (stmt, 0), g_strdup (kefu_query_get_text (stmt, 1)),
                          kefu_query_get_double (stmt, 2) };
      g_array_append_val (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* The rubric, in the order raters score it. */
GArray *
kefu_assessment_criteria (KefuStore  *store,
                          gint64      assessment_id,
                          GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT id, name, weight FROM assessment_criteria WHERE assessment_id = ?1 ORDER BY id", error);
  g_autoptr(GArray) list = NULL;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, assessment_id);
  list = read_criteria (store, stmt, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("There is no practical assessment %lld."), (long long) assessment_id);
      return NULL;
    }
  return g_steal_pointer (&list);
}


static void rater_clear (gpointer data);

/* A scenario's own rubric, used by every assessment of it created
 * afterwards without criteria given; replaces what it had. The weights
 * are points out of 100 and must add up to 100. */
gboolean
kefu_assessment_define_criteria (KefuStore               *store,
                                 const char              *scenario,
                                 const KefuCriterionSpec *criteria,
                                 guint                    n_criteria,
                                 GError                 **error)
{
  KEFU_AUTO_QUERY *clear = NULL;
  KEFU_AUTO_QUERY *insert = NULL;
  g_autofree char *detail = NULL;
  double sum = 0;
  gboolean ok;
  g_autofree char *trimmed = g_strstrip (g_strdup (scenario != NULL ? scenario : ""));

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  if (*trimmed == '\0' || n_criteria == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A scenario’s criteria need the scenario’s name and at least one criterion."));
      return FALSE;
    }
  for (guint i = 0; i < n_criteria; i++)
    {
      if (criteria[i].name == NULL || *criteria[i].name == '\0' || !(criteria[i].weight > 0))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       _("Criterion %u of “%s” needs a name and a weight above 0."), i + 1, scenario);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (criteria[i].name, criteria[j].name) == 0)
          {
            g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                         _("“%s” names the criterion “%s” twice."), scenario, criteria[i].name);
            return FALSE;
          }
      sum += criteria[i].weight;
    }
  if (fabs (sum - 100) > 1e-6)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The weights of “%s” add up to %g: a scenario’s criteria must add up to 100."), scenario, sum);
      return FALSE;
    }
  if (!kefu_training_savepoint (store, error))
    return FALSE;
  clear = kefu_query_prepare (store, "DELETE FROM scenario_criteria WHERE scenario = ?1", error);
  insert = kefu_query_prepare (store,
    "INSERT INTO scenario_criteria (scenario, position, name, weight, defined_by, defined_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  ok = clear != NULL && insert != NULL;
  if (ok)
    {
      kefu_query_bind_text (clear, 1, scenario);
      ok = kefu_query_run (store, clear, error);
    }
  for (guint i = 0; ok && i < n_criteria; i++)
    {
      kefu_query_reset (insert);
      kefu_query_bind_text (insert, 1, scenario);
      kefu_query_bind_int (insert, 2, (int) i + 1);
      kefu_query_bind_text (insert, 3, criteria[i].name);
      kefu_query_bind_double (insert, 4, criteria[i].weight);
      kefu_query_bind_id (insert, 5, kefu_store_get_actor (store));
      kefu_query_bind_int (insert, 6, kefu_store_now (store));
      ok = kefu_query_run (store, insert, error);
    }
  detail = g_strdup_printf ("criteria=%u", n_criteria);
  ok = ok && kefu_audit_append (store, kefu_store_get_actor (store), "scenario.criteria", "scenario_criteria", 0, detail, error);
  return kefu_training_release (store, ok, error);
}

/* The criteria @scenario defined (criterion_id: their position), or an
 * empty array when it uses the default ones. */
GArray *
kefu_assessment_scenario_criteria (KefuStore   *store,
                                   const char  *scenario,
                                   GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT position, name, weight FROM scenario_criteria WHERE scenario = ?1 ORDER BY position", error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, scenario);
  return read_criteria (store, stmt, error);
}

/* The assessment's trainee, or 0 (and an error) when there is none. */
static gint64
trainee_of (KefuStore  *store,
            gint64      assessment_id,
            GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT trainee_id FROM assessments WHERE id = ?1", error);

  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, assessment_id);
  if (kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND,
                           _("There is no practical assessment %lld."), (long long) assessment_id))
    return kefu_query_get_int (stmt, 0);
  return 0;
}

/* A user's name and role, FALSE (and an error) when there is no such user. */
static gboolean
user_of (KefuStore  *store,
         gint64      user_id,
         char      **name,
         char      **role,
         GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT name, role FROM users WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, user_id);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND,
                            _("There is no user %lld."), (long long) user_id))
    return FALSE;
  if (name != NULL)
    *name = g_strdup (kefu_query_get_text (stmt, 0));
  if (role != NULL)
    *role = g_strdup (kefu_query_get_text (stmt, 1));
  return TRUE;
}

/* Names a staff rater to the panel: a user whose role may rate, not the
 * trainee. */
gboolean
kefu_assessment_add_rater (KefuStore  *store,
                           gint64      assessment_id,
                           gint64      user_id,
                           GError    **error)
{
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  g_autofree char *detail = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 trainee;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      (trainee = trainee_of (store, assessment_id, error)) == 0 ||
      !user_of (store, user_id, &name, &role, error))
    return FALSE;
  if (user_id == trainee)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Nobody rates their own practical assessment."));
      return FALSE;
    }
  if (!kefu_role_can (role, KEFU_PERMISSION_RATE_PRACTICAL))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   /* Translators: %s is a person's name */
                   _("%s cannot rate a practical assessment: only trainers, supervisors and managers can."), name);
      return FALSE;
    }
  if (!kefu_training_savepoint (store, error))
    return FALSE;
  stmt = kefu_query_prepare (store,
    "INSERT INTO assessment_panel (assessment_id, user_id, added_by, added_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT DO NOTHING", error);
  ok = stmt != NULL;
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, assessment_id);
      kefu_query_bind_int (stmt, 2, user_id);
      kefu_query_bind_id (stmt, 3, kefu_store_get_actor (store));
      kefu_query_bind_int (stmt, 4, kefu_store_now (store));
      ok = kefu_query_run (store, stmt, error);
      if (ok && kefu_query_changes (store) == 0)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("%s is on the panel already."), name);
          ok = FALSE;
        }
    }
  detail = g_strdup_printf ("rater=%" G_GINT64_FORMAT, user_id);
  ok = ok && kefu_audit_append (store, kefu_store_get_actor (store), "assessment.panel", "assessments", assessment_id,
                                detail, error);
  return kefu_training_release (store, ok, error);
}

/* Names an external rater (an owner representative 业主代表, not a user)
 * to the panel, with the role they rate in. Their id, or -1. */
gint64
kefu_assessment_add_external (KefuStore   *store,
                              gint64       assessment_id,
                              const char  *name,
                              const char  *role,
                              GError     **error)
{
  g_autofree char *n = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *r = g_strstrip (g_strdup (role != NULL ? role : ""));
  g_autofree char *detail = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autoptr(GError) local = NULL;
  gint64 id = -1;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || trainee_of (store, assessment_id, error) == 0)
    return -1;
  if (*n == '\0' || *r == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("An external rater needs a name and the role they rate in (such as 业主代表)."));
      return -1;
    }
  if (!kefu_training_savepoint (store, error))
    return -1;
  stmt = kefu_query_prepare (store,
    "INSERT INTO assessment_external_raters (assessment_id, name, role, added_by, added_at) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  ok = stmt != NULL;
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, assessment_id);
      kefu_query_bind_text (stmt, 2, n);
      kefu_query_bind_text (stmt, 3, r);
      kefu_query_bind_id (stmt, 4, kefu_store_get_actor (store));
      kefu_query_bind_int (stmt, 5, kefu_store_now (store));
      ok = kefu_query_run (store, stmt, &local);
      if (g_error_matches (local, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT))
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("%s is on the panel already."), n);
      else if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      id = kefu_query_last_id (store);
    }
  detail = g_strdup_printf ("external=%" G_GINT64_FORMAT, id);
  ok = ok && kefu_audit_append (store, kefu_store_get_actor (store), "assessment.panel", "assessments", assessment_id,
                                detail, error);
  if (!kefu_training_release (store, ok, error))
    return -1;
  return id;
}

static void
panel_member_free (KefuPanelMember *m)
{
  g_free (m->name);
  g_free (m->role);
  g_free (m);
}

/* The panel: the staff raters named (and any staff who scored: an
 * assessment without a named panel has those), then the external ones. */
static GPtrArray *
load_panel (KefuStore  *store,
            gint64      assessment_id,
            GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
    "SELECT u.id, 0, u.name, u.role, "
    "  (SELECT count(*) FROM assessment_scores s WHERE s.assessment_id = ?1 AND s.rater_id = u.id) "
    "FROM users u WHERE u.id IN (SELECT user_id FROM assessment_panel WHERE assessment_id = ?1 "
    "                            UNION SELECT rater_id FROM assessment_scores WHERE assessment_id = ?1) "
    "UNION ALL "
    "SELECT 0, e.id, e.name, e.role, (SELECT count(*) FROM assessment_external_scores x WHERE x.external_id = e.id) "
    "FROM assessment_external_raters e WHERE e.assessment_id = ?1 "
    "ORDER BY 2, 1", error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) panel_member_free);
  KefuQueryStep rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, assessment_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuPanelMember *m = g_new0 (KefuPanelMember, 1);

      m->user_id = kefu_query_get_int (stmt, 0);
      m->external_id = kefu_query_get_int (stmt, 1);
      m->name = g_strdup (kefu_query_get_text (stmt, 2));
      m->role = g_strdup (kefu_query_get_text (stmt, 3));
      m->n_scored = kefu_query_get_int (stmt, 4);
      g_ptr_array_add (list, m);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
kefu_assessment_panel (KefuStore  *store,
                       gint64      assessment_id,
                       GError    **error)
{
  if (trainee_of (store, assessment_id, error) == 0)
    return NULL;
  return load_panel (store, assessment_id, error);
}

static gboolean
check_sheet (GArray        *criteria,
             const double  *scores,
             guint          n_scores,
             GError       **error)
{
  if (n_scores != criteria->len)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The assessment has %u criteria, but %u scores were given."), criteria->len, n_scores);
      return FALSE;
    }
  for (guint i = 0; i < n_scores; i++)
    if (!(scores[i] >= 0 && scores[i] <= 100))
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("The score for “%s” must be from 0 to 100, not %g."),
                     g_array_index (criteria, KefuCriterion, i).name, scores[i]);
        return FALSE;
      }
  return TRUE;
}

/* Writes a sheet inside the caller's savepoint: each criterion whose
 * score is new or changed, with its history row. The number changed, or
 * -1. */
static int
write_sheet (KefuStore     *store,
             gint64         assessment_id,
             GArray        *criteria,
             gint64         rater_id,
             gint64         external_id,
             const char    *role,
             const double  *scores,
             const char    *reason,
             gint64         changed_by,
             GError       **error)
{
  KEFU_AUTO_QUERY *old = kefu_query_prepare (store, rater_id > 0
    ? "SELECT score FROM assessment_scores WHERE criterion_id = ?1 AND rater_id = ?2"
    : "SELECT score FROM assessment_external_scores WHERE criterion_id = ?1 AND external_id = ?2", error);
  KEFU_AUTO_QUERY *put = kefu_query_prepare (store, rater_id > 0
    ? "INSERT INTO assessment_scores (assessment_id, criterion_id, rater_id, rater_role, score, scored_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (assessment_id, criterion_id, rater_id) "
      "DO UPDATE SET rater_role = excluded.rater_role, score = excluded.score, scored_at = excluded.scored_at"
    /* numbered without a gap: PostgreSQL cannot type a parameter left unused (#20) */
    : "INSERT INTO assessment_external_scores (assessment_id, criterion_id, external_id, score, scored_at, entered_by) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (criterion_id, external_id) "
      "DO UPDATE SET score = excluded.score, scored_at = excluded.scored_at, entered_by = excluded.entered_by", error);
  KEFU_AUTO_QUERY *history = kefu_query_prepare (store,
    "INSERT INTO assessment_score_history (assessment_id, criterion_id, rater_id, external_id, old_score, new_score, "
    "  changed_by, changed_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  gint64 now = kefu_store_now (store);
  KefuQueryStep rc;
  int changed = 0;

  if (old == NULL || put == NULL || history == NULL)
    return -1;
  for (guint i = 0; i < criteria->len; i++)
    {
      gint64 criterion = g_array_index (criteria, KefuCriterion, i).criterion_id;
      gboolean had;
      double before = 0;

      kefu_query_reset (old);
      kefu_query_bind_int (old, 1, criterion);
      kefu_query_bind_int (old, 2, rater_id > 0 ? rater_id : external_id);
      rc = kefu_query_step (store, old, error);
      if (rc == KEFU_QUERY_FAILED)
        return -1;
      had = rc == KEFU_QUERY_ROW;
      if (had)
        before = kefu_query_get_double (old, 0);
      if (had && before == scores[i])
        continue;
      kefu_query_reset (put);
      kefu_query_bind_int (put, 1, assessment_id);
      kefu_query_bind_int (put, 2, criterion);
      kefu_query_bind_int (put, 3, rater_id > 0 ? rater_id : external_id);
      if (rater_id > 0)
        {
          kefu_query_bind_text (put, 4, role);
          kefu_query_bind_double (put, 5, scores[i]);
          kefu_query_bind_int (put, 6, now);
        }
      else
        {
          kefu_query_bind_double (put, 4, scores[i]);
          kefu_query_bind_int (put, 5, now);
          kefu_query_bind_int (put, 6, changed_by);
        }
      if (!kefu_query_run (store, put, error))
        return -1;
      kefu_query_reset (history);
      kefu_query_bind_int (history, 1, assessment_id);
      kefu_query_bind_int (history, 2, criterion);
      kefu_query_bind_id (history, 3, rater_id);
      kefu_query_bind_id (history, 4, external_id);
      if (had)
        kefu_query_bind_double (history, 5, before);
      else
        kefu_query_bind_null (history, 5);
      kefu_query_bind_double (history, 6, scores[i]);
      kefu_query_bind_id (history, 7, changed_by);
      kefu_query_bind_int (history, 8, now);
      if (reason != NULL && *reason != '\0')
        kefu_query_bind_text (history, 9, reason);
      else
        kefu_query_bind_null (history, 9);
      if (!kefu_query_run (store, history, error))
        return -1;
      changed++;
    }
  return changed;
}

/* A staff rater's sheet: a score 0–100 per criterion, in the rubric's
 * order, recorded under @rater_id with their role. The rater is the
 * desk's signed-in user or has just confirmed with their PIN
 * (kefu_auth_confirm). When a panel was named, only its members rate; on
 * an assessment without one, whoever scored is its panel. Scoring again changes
 * the rater's scores; each change is kept with @reason (may be NULL). */
gboolean
kefu_assessment_score (KefuStore     *store,
                       gint64         assessment_id,
                       gint64         rater_id,
                       const double  *scores,
                       guint          n_scores,
                       const char    *reason,
                       GError       **error)
{
  g_autoptr(GArray) criteria = kefu_assessment_criteria (store, assessment_id, error);
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  g_autofree char *detail = NULL;
  gboolean named = FALSE, member = FALSE, ok;
  gint64 trainee;
  int changed;

  if (criteria == NULL || (trainee = trainee_of (store, assessment_id, error)) == 0 ||
      !user_of (store, rater_id, &name, &role, error))
    return FALSE;
  if (rater_id == trainee)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Nobody rates their own practical assessment."));
      return FALSE;
    }
  if (!check_sheet (criteria, scores, n_scores, error))
    return FALSE;
  {
    KEFU_AUTO_QUERY *panel = kefu_query_prepare (store,
      "SELECT EXISTS (SELECT 1 FROM assessment_panel WHERE assessment_id = ?1) "
      "    OR EXISTS (SELECT 1 FROM assessment_external_raters WHERE assessment_id = ?1), "
      "  EXISTS (SELECT 1 FROM assessment_panel WHERE assessment_id = ?1 AND user_id = ?2)", error);
    KefuQueryStep rc;

    if (panel == NULL)
      return FALSE;
    kefu_query_bind_int (panel, 1, assessment_id);
    kefu_query_bind_int (panel, 2, rater_id);
    rc = kefu_query_step (store, panel, error);
    if (rc == KEFU_QUERY_FAILED)
      return FALSE;
    if (rc == KEFU_QUERY_ROW)
      {
        named = kefu_query_get_int (panel, 0);
        member = kefu_query_get_int (panel, 1);
      }
  }
  if (named && !member)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   /* Translators: %s is a person's name */
                   _("%s is not on this assessment’s panel: a trainer adds them to it first."), name);
      return FALSE;
    }
  /* the rater is a trainer, supervisor or manager, at the desk or vouching
   * for these scores with their PIN there */
  if (!kefu_auth_require_person (store, rater_id, KEFU_PERMISSION_RATE_PRACTICAL, error))
    return FALSE;
  if (!kefu_training_savepoint (store, error))
    return FALSE;
  ok = TRUE;
  changed = ok ? write_sheet (store, assessment_id, criteria, rater_id, 0, role, scores, reason, rater_id, error) : -1;
  ok = changed >= 0;
  detail = g_strdup_printf ("rater=%" G_GINT64_FORMAT " desk=%" G_GINT64_FORMAT " changed=%d",
                            rater_id, kefu_store_get_actor (store), changed);
  ok = ok && (changed == 0 ||
              kefu_audit_append (store, rater_id, "assessment.score", "assessments", assessment_id, detail, error));
  return kefu_training_release (store, ok, error);
}

/* An external rater's sheet, entered by the signed-in trainer, who vouches
 * for it: recorded as entered by them, for @external_id. */
gboolean
kefu_assessment_score_external (KefuStore     *store,
                                gint64         assessment_id,
                                gint64         external_id,
                                const double  *scores,
                                guint          n_scores,
                                const char    *reason,
                                GError       **error)
{
  g_autoptr(GArray) criteria = kefu_assessment_criteria (store, assessment_id, error);
  g_autofree char *detail = NULL;
  gint64 actor = kefu_store_get_actor (store);
  gboolean ok;
  int changed;

  if (criteria == NULL || !kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT 1 FROM assessment_external_raters WHERE id = ?1 AND assessment_id = ?2", error);

    if (stmt == NULL)
      return FALSE;
    kefu_query_bind_int (stmt, 1, external_id);
    kefu_query_bind_int (stmt, 2, assessment_id);
    if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND,
                              _("Practical assessment %lld has no external rater %lld."),
                              (long long) assessment_id, (long long) external_id))
      return FALSE;
  }
  if (!check_sheet (criteria, scores, n_scores, error) || !kefu_training_savepoint (store, error))
    return FALSE;
  changed = write_sheet (store, assessment_id, criteria, 0, external_id, NULL, scores, reason, actor, error);
  ok = changed >= 0;
  detail = g_strdup_printf ("external=%" G_GINT64_FORMAT " changed=%d", external_id, changed);
  ok = ok && (changed == 0 ||
              kefu_audit_append (store, actor, "assessment.score", "assessments", assessment_id, detail, error));
  return kefu_training_release (store, ok, error);
}

static double
spread_between (double lo,
                double hi)
{
  return hi >= lo ? hi - lo : 0;
}

static gboolean
compute (KefuStore             *store,
         gint64                 assessment_id,
         KefuAssessmentResult  *result,
         GError               **error)
{
  g_autoptr(GArray) criteria = kefu_assessment_criteria (store, assessment_id, error);
  g_autoptr(GPtrArray) panel = NULL;
  g_autofree double *wsum = NULL, *wtot = NULL, *lo = NULL, *hi = NULL;
  g_autofree char **roles = NULL;
  g_autofree gint64 *entered = NULL;
  KEFU_AUTO_QUERY *head = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *decision = NULL;
  double rlo = G_MAXDOUBLE, rhi = -G_MAXDOUBLE, sum = 0;
  gint64 last_change = 0;
  KefuQueryStep rc;

  if (criteria == NULL || (panel = load_panel (store, assessment_id, error)) == NULL)
    return FALSE;
  result->raters = g_array_new (FALSE, TRUE, sizeof (KefuRaterScore));
  g_array_set_clear_func (result->raters, rater_clear);
  result->n_criteria = criteria->len;
  result->n_panel = panel->len;
  wsum = g_new0 (double, panel->len + 1);
  wtot = g_new0 (double, panel->len + 1);
  roles = g_new0 (char *, panel->len + 1);
  entered = g_new0 (gint64, panel->len + 1);
  lo = g_new (double, criteria->len);
  hi = g_new (double, criteria->len);
  for (guint c = 0; c < criteria->len; c++)
    {
      lo[c] = G_MAXDOUBLE;
      hi[c] = -G_MAXDOUBLE;
    }

  head = kefu_query_prepare (store,
    "SELECT a.pass_mark, (SELECT max(id) FROM assessment_score_history h WHERE h.assessment_id = a.id) "
    "FROM assessments a WHERE a.id = ?1", error);
  if (head == NULL)
    return FALSE;
  kefu_query_bind_int (head, 1, assessment_id);
  rc = kefu_query_step (store, head, error);
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  if (rc == KEFU_QUERY_ROW)
    {
      result->pass_mark = kefu_query_get_double (head, 0);
      last_change = kefu_query_get_int (head, 1);
    }

  stmt = kefu_query_prepare (store,
    "SELECT rater_id, 0, criterion_id, score, rater_role, rater_id FROM assessment_scores WHERE assessment_id = ?1 "
    "UNION ALL "
    "SELECT 0, x.external_id, x.criterion_id, x.score, e.role, x.entered_by FROM assessment_external_scores x "
    "JOIN assessment_external_raters e ON e.id = x.external_id WHERE x.assessment_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, assessment_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 rater = kefu_query_get_int (stmt, 0), external = kefu_query_get_int (stmt, 1);
      gint64 criterion = kefu_query_get_int (stmt, 2);
      double score = kefu_query_get_double (stmt, 3);
      guint m, c;

      for (m = 0; m < panel->len; m++)
        {
          KefuPanelMember *p = panel->pdata[m];
          if (p->user_id == rater && p->external_id == external)
            break;
        }
      for (c = 0; c < criteria->len; c++)
        if (g_array_index (criteria, KefuCriterion, c).criterion_id == criterion)
          break;
      if (m == panel->len || c == criteria->len)
        continue;
      wsum[m] += score * g_array_index (criteria, KefuCriterion, c).weight;
      wtot[m] += g_array_index (criteria, KefuCriterion, c).weight;
      if (roles[m] == NULL)
        roles[m] = g_strdup (kefu_query_get_text (stmt, 4));
      entered[m] = kefu_query_get_int (stmt, 5);
      lo[c] = MIN (lo[c], score);
      hi[c] = MAX (hi[c], score);
    }
  if (rc == KEFU_QUERY_FAILED)
    {
      for (guint m = 0; m < panel->len; m++)
        g_free (roles[m]);
      return FALSE;
    }

  for (guint m = 0; m < panel->len; m++)
    {
      KefuPanelMember *p = panel->pdata[m];
      KefuRaterScore r = { 0 };

      if (p->n_scored >= criteria->len)
        result->n_complete++;
      if (p->n_scored == 0 || wtot[m] <= 0)
        {
          g_free (roles[m]);
          continue;
        }
      r.rater_id = p->user_id;
      r.external_id = p->external_id;
      r.role = roles[m];
      r.name = g_strdup (p->name);
      r.score = wsum[m] / wtot[m];
      r.n_scored = p->n_scored;
      r.entered_by = entered[m];
      g_array_append_val (result->raters, r);
      sum += r.score;
      rlo = MIN (rlo, r.score);
      rhi = MAX (rhi, r.score);
    }
  for (guint c = 0; c < criteria->len; c++)
    if (hi[c] >= lo[c] && (result->widest_criterion == NULL || spread_between (lo[c], hi[c]) > result->widest_spread))
      {
        g_free (result->widest_criterion);
        result->widest_criterion = g_strdup (g_array_index (criteria, KefuCriterion, c).name);
        result->widest_spread = spread_between (lo[c], hi[c]);
      }
  result->n_raters = result->raters->len;
  result->raters_disagree = result->widest_spread > KEFU_ASSESSMENT_MAX_SPREAD + 1e-9;

  decision = kefu_query_prepare (store,
    "SELECT score, reason, decided_by, last_change FROM assessment_decisions WHERE assessment_id = ?1 "
    "ORDER BY id DESC LIMIT 1", error);
  if (decision == NULL)
    return FALSE;
  kefu_query_bind_int (decision, 1, assessment_id);
  rc = kefu_query_step (store, decision, error);
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  if (rc == KEFU_QUERY_ROW && kefu_query_get_int (decision, 3) >= last_change)
    {
      result->decided = TRUE;
      result->decided_score = kefu_query_get_double (decision, 0);
      result->decision_reason = g_strdup (kefu_query_get_text (decision, 1));
      result->decided_by = kefu_query_get_int (decision, 2);
    }

  if (result->n_raters > 0)
    {
      result->mean = result->decided ? result->decided_score : sum / result->n_raters;
      result->spread = rhi - rlo;
      result->passed = result->mean >= result->pass_mark - 1e-9;
    }
  result->provisional = result->n_panel == 0 || result->n_complete < result->n_panel ||
                        (result->raters_disagree && !result->decided);
  return TRUE;
}

/* Settles a spread above 15 points once every panel member has scored:
 * the result's value (0–100) and why, recorded under the signed-in
 * trainer. A score changed afterwards reopens the question. */
gboolean
kefu_assessment_decide (KefuStore   *store,
                        gint64       assessment_id,
                        double       score,
                        const char  *reason,
                        GError     **error)
{
  g_auto(KefuAssessmentResult) result = { 0 };
  g_autofree char *why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autofree char *detail = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      trainee_of (store, assessment_id, error) == 0 || !compute (store, assessment_id, &result, error))
    return FALSE;
  if (result.n_panel == 0 || result.n_complete < result.n_panel)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Not every rater has scored yet (%u of %u): a decision waits for all of them."),
                   result.n_complete, result.n_panel);
      return FALSE;
    }
  if (!result.raters_disagree)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The raters are within %.0f points on every criterion: there is nothing to decide."),
                   KEFU_ASSESSMENT_MAX_SPREAD);
      return FALSE;
    }
  if (!(score >= 0 && score <= 100))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A decided result must be from 0 to 100, not %g."), score);
      return FALSE;
    }
  if (*why == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A decision needs its reason: say why this result stands."));
      return FALSE;
    }
  if (!kefu_training_savepoint (store, error))
    return FALSE;
  stmt = kefu_query_prepare (store,
    "INSERT INTO assessment_decisions (assessment_id, score, reason, decided_by, decided_at, last_change) "
    "VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(id), 0) FROM assessment_score_history WHERE assessment_id = ?1))",
    error);
  ok = stmt != NULL;
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, assessment_id);
      kefu_query_bind_double (stmt, 2, score);
      kefu_query_bind_text (stmt, 3, why);
      kefu_query_bind_int (stmt, 4, kefu_store_get_actor (store));
      kefu_query_bind_int (stmt, 5, kefu_store_now (store));
      ok = kefu_query_run (store, stmt, error);
    }
  detail = g_strdup_printf ("score=%g", score);
  ok = ok && kefu_audit_append (store, kefu_store_get_actor (store), "assessment.decide", "assessments", assessment_id,
                                detail, error);
  return kefu_training_release (store, ok, error);
}

static void
change_free (KefuPracticalChange *c)
{
  g_free (c->criterion);
  g_free (c->rater);
  g_free (c->changed_by_name);
  g_free (c->reason);
  g_free (c);
}

/* Every score change of the assessment, the oldest first. */
GPtrArray *
kefu_assessment_history (KefuStore  *store,
                         gint64      assessment_id,
                         GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  gint64 trainee;
  KefuQueryStep rc;

  if ((trainee = trainee_of (store, assessment_id, error)) == 0)
    return NULL;
  if (trainee != kefu_store_get_actor (store) && !kefu_auth_require (store, KEFU_PERMISSION_SEE_TRAINING_RESULTS, error))
    return NULL;
  stmt = kefu_query_prepare (store,
    "SELECT h.id, c.name, coalesce(h.rater_id, 0), coalesce(h.external_id, 0), coalesce(u.name, e.name), "
    "  h.old_score, h.new_score, coalesce(h.changed_by, 0), b.name, h.changed_at, h.reason "
    "FROM assessment_score_history h JOIN assessment_criteria c ON c.id = h.criterion_id "
    "LEFT JOIN users u ON u.id = h.rater_id LEFT JOIN assessment_external_raters e ON e.id = h.external_id "
    "LEFT JOIN users b ON b.id = h.changed_by WHERE h.assessment_id = ?1 ORDER BY h.id", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, assessment_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuPracticalChange *c = g_new0 (KefuPracticalChange, 1);

      c->id = kefu_query_get_int (stmt, 0);
      c->criterion = g_strdup (kefu_query_get_text (stmt, 1));
      c->rater_id = kefu_query_get_int (stmt, 2);
      c->external_id = kefu_query_get_int (stmt, 3);
      c->rater = g_strdup (kefu_query_get_text (stmt, 4));
      c->old_score = kefu_query_is_null (stmt, 5) ? NAN : kefu_query_get_double (stmt, 5);
      c->new_score = kefu_query_get_double (stmt, 6);
      c->changed_by = kefu_query_get_int (stmt, 7);
      c->changed_by_name = g_strdup (kefu_query_get_text (stmt, 8));
      c->changed_at = kefu_query_get_int (stmt, 9);
      c->reason = kefu_query_is_null (stmt, 10) ? NULL : g_strdup (kefu_query_get_text (stmt, 10));
      g_ptr_array_add (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

static void
rater_clear (gpointer data)
{
  KefuRaterScore *r = data;

  g_free (r->role);
  g_free (r->name);
}

void
kefu_assessment_result_clear (KefuAssessmentResult *result)
{
  g_clear_pointer (&result->raters, g_array_unref);
  g_clear_pointer (&result->widest_criterion, g_free);
  g_clear_pointer (&result->decision_reason, g_free);
}

/* The result as @reader_id may read it: their own, or any when their
 * role may see others' training results. */
gboolean
kefu_assessment_result_for (KefuStore             *store,
                            gint64                 assessment_id,
                            gint64                 reader_id,
                            KefuAssessmentResult  *result,
                            GError               **error)
{
  gint64 trainee;

  memset (result, 0, sizeof *result);
  result->pass_mark = KEFU_ASSESSMENT_PASS_MARK;
  if ((trainee = trainee_of (store, assessment_id, error)) == 0)
    return FALSE;
  if (reader_id != trainee)
    {
      if (reader_id == kefu_store_get_actor (store))
        {
          if (!kefu_auth_require (store, KEFU_PERMISSION_SEE_TRAINING_RESULTS, error))
            return FALSE;
        }
      else
        {
          g_autofree char *role = NULL;

          if (!user_of (store, reader_id, NULL, &role, error))
            return FALSE;
          if (!kefu_role_can (role, KEFU_PERMISSION_SEE_TRAINING_RESULTS))
            {
              g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                                   kefu_permission_refusal (KEFU_PERMISSION_SEE_TRAINING_RESULTS));
              return FALSE;
            }
        }
    }
  if (!compute (store, assessment_id, result, error))
    {
      kefu_assessment_result_clear (result);
      return FALSE;
    }
  return TRUE;
}

/* The same without a reader's check, for a list its caller has gated
 * (kefu_training_assessments, read on a reader connection without a
 * signed-in user). */
gboolean
kefu_assessment_result_listed (KefuStore             *store,
                               gint64                 assessment_id,
                               KefuAssessmentResult  *result,
                               GError               **error)
{
  memset (result, 0, sizeof *result);
  result->pass_mark = KEFU_ASSESSMENT_PASS_MARK;
  if (!compute (store, assessment_id, result, error))
    {
      kefu_assessment_result_clear (result);
      return FALSE;
    }
  return TRUE;
}

/* The raters' weighted scores, their mean, spread, the panel's state and
 * the verdict, as the signed-in user may read them. */
gboolean
kefu_assessment_result (KefuStore             *store,
                        gint64                 assessment_id,
                        KefuAssessmentResult  *result,
                        GError               **error)
{
  return kefu_assessment_result_for (store, assessment_id, kefu_store_get_actor (store), result, error);
}

/* What a list says of the result: final (and its value) or provisional
 * and why. */
char *
kefu_assessment_status (const KefuAssessmentResult *r)
{
  if (r->n_panel == 0)
    return g_strdup (_("Provisional: no rater on the panel yet"));
  if (r->n_complete < r->n_panel)
    /* Translators: a practical's result is not final yet, e.g. "2 of 3 raters scored" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Provisional: %u of %u rater scored",
                                         "Provisional: %u of %u raters scored", r->n_panel),
                            r->n_complete, r->n_panel);
  if (r->raters_disagree && !r->decided)
    /* Translators: the highest and lowest rater differ by more than the limit on a criterion */
    return g_strdup_printf (_("Provisional: spread %.0f > %.0f on %s"), r->widest_spread, KEFU_ASSESSMENT_MAX_SPREAD,
                            r->widest_criterion);
  if (r->decided)
    return g_strdup_printf (_("Final (decided): %.1f · %s"), r->mean, r->passed ? _("Passed") : _("Not passed"));
  return g_strdup_printf (_("Final: %.1f · %s"), r->mean, r->passed ? _("Passed") : _("Not passed"));
}
