/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-plan.c — editing a cohort's plan: staff groups and their
 * members, a cohort's dates, members and sessions, the follow-up
 * checkpoints after it and the supervisor's weekly observations
 *
 * See kefu-cohort.h. Every write checks the signed-in user's right and
 * runs in a savepoint; deletions and changes to a cohort or a group are
 * audited, and so is each observation (it is a record about a person).
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kefu-auth.h"
#include "kefu-cohort.h"
#include "kefu-training-private.h"

#define DAY ((gint64) 86400)

/* The row's name (or NULL for none) from a "SELECT name … WHERE id = ?1". */
static gboolean
need_named (KefuStore   *store,
            const char  *sql,
            gint64       id,
            const char  *what,
            char       **name,
            GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, id);
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_ROW)
    {
      if (name != NULL)
        *name = g_strdup (kefu_query_get_text (stmt, 0));
      return TRUE;
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
               /* Translators: e.g. "There is no cohort 12." */
               _("There is no %s %lld."), what, (long long) id);
  return FALSE;
}

#define GROUP_NAME_SQL "SELECT name FROM staff_groups WHERE id = ?1"
#define COHORT_NAME_SQL "SELECT name FROM cohorts WHERE id = ?1"
#define USER_NAME_SQL "SELECT name FROM users WHERE id = ?1"

static gboolean
audit (KefuStore   *store,
       const char  *action,
       const char  *table,
       gint64       id,
       const char  *detail,
       GError     **error)
{
  return kefu_auth_audit (store, kefu_store_get_actor (store), action, table, id, detail, error);
}

void
kefu_course_ref_free (KefuCourseRef *course)
{
  if (course == NULL)
    return;
  g_free (course->name);
  g_free (course->layer);
  g_free (course);
}

GPtrArray *
kefu_cohort_courses (KefuStore  *store,
                     GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_course_ref_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT id, name, layer FROM courses ORDER BY CASE layer WHEN 'basic' THEN 0 WHEN 'professional' THEN 1 ELSE 2 END, "
      "name, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuCourseRef *c = g_new0 (KefuCourseRef, 1);
      c->id = kefu_query_get_int (stmt, 0);
      c->name = g_strdup (kefu_query_get_text (stmt, 1));
      c->layer = g_strdup (kefu_query_get_text (stmt, 2));
      g_ptr_array_add (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
kefu_cohort_parse_day (const char  *text,
                       const char  *what,
                       gint64      *at,
                       GError     **error)
{
  int y = 0, m = 0, d = 0;
  char tail = 0;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || sscanf (text, "%d-%d-%d%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y) ||
      (dt = g_date_time_new_local (y, m, d, 0, 0, 0)) == NULL)
    /* Translators: e.g. "The start date “3/2” is not a date like 2026-03-02." */
    return kefu_training_invalid (error, _("The %s “%s” is not a date like 2026-03-02."), what, text != NULL ? text : "");
  *at = g_date_time_to_unix (dt);
  return TRUE;
}

/* Staff groups ----------------------------------------------------------- */

gboolean
kefu_staff_group_rename (KefuStore   *store,
                         gint64       group_id,
                         const char  *name,
                         GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *old = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need_named (store, GROUP_NAME_SQL, group_id, _("staff group"), &old, error))
    return FALSE;
  if (*clean == '\0')
    return kefu_training_invalid (error, "%s", _("A staff group needs a name."));
  if (g_strcmp0 (clean, old) == 0)
    return TRUE;
  {
    KEFU_AUTO_QUERY *dup = kefu_query_prepare (store, "SELECT 1 FROM staff_groups WHERE name = ?1 AND id <> ?2", error);
    if (dup == NULL)
      return FALSE;
    kefu_query_bind_text (dup, 1, clean);
    kefu_query_bind_int (dup, 2, group_id);
    if (kefu_query_step (store, dup, NULL) == KEFU_QUERY_ROW)
      return kefu_training_invalid (error, _("There is already a staff group “%s”."), clean);
  }
  stmt = kefu_query_prepare (store, "UPDATE staff_groups SET name = ?1 WHERE id = ?2", error);
  if (stmt == NULL || !kefu_training_savepoint (store, error))
    return FALSE;
  kefu_query_bind_text (stmt, 1, clean);
  kefu_query_bind_int (stmt, 2, group_id);
  ok = kefu_query_run (store, stmt, error) &&
       audit (store, "rename_staff_group", "staff_groups", group_id, clean, error);
  return kefu_training_release (store, ok, error) && ok;
}

gboolean
kefu_staff_group_delete (KefuStore   *store,
                         gint64       group_id,
                         GError     **error)
{
  g_autofree char *name = NULL;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need_named (store, GROUP_NAME_SQL, group_id, _("staff group"), &name, error) ||
      !kefu_training_savepoint (store, error))
    return FALSE;
  ok = kefu_query_exec (store, "UPDATE cohorts SET group_id = NULL WHERE group_id = ?1", group_id, 0, error) &&
       kefu_query_exec (store, "DELETE FROM staff_groups WHERE id = ?1", group_id, 0, error) &&
       audit (store, "delete_staff_group", "staff_groups", group_id, name, error);
  return kefu_training_release (store, ok, error) && ok;
}

void
kefu_cohort_member_free (KefuCohortMember *member)
{
  if (member == NULL)
    return;
  g_free (member->login);
  g_free (member->name);
  g_free (member->tier);
  g_free (member);
}

static GPtrArray *
members_from (KefuStore    *store,
              KefuQuery     *stmt,
              GError      **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_cohort_member_free);
  int rc;

  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuCohortMember *m = g_new0 (KefuCohortMember, 1);
      m->user_id = kefu_query_get_int (stmt, 0);
      m->login = g_strdup (kefu_query_get_text (stmt, 1));
      m->name = g_strdup (kefu_query_get_text (stmt, 2));
      m->tier = g_strdup (kefu_query_get_text (stmt, 3));
      m->answered = (int) kefu_query_get_int (stmt, 4) != 0;
      m->attended = (int) kefu_query_get_int (stmt, 5);
      g_ptr_array_add (list, m);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
kefu_staff_group_members (KefuStore  *store,
                          gint64      group_id,
                          GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!need_named (store, GROUP_NAME_SQL, group_id, _("staff group"), NULL, error))
    return NULL;
  stmt = kefu_query_prepare (store,
      "SELECT u.id, u.login, u.name, NULL, 0, 0 FROM staff_group_members m JOIN users u ON u.id = m.user_id "
      "WHERE m.group_id = ?1 ORDER BY u.name, u.id", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, group_id);
  return members_from (store, stmt, error);
}

/* Cohorts ---------------------------------------------------------------- */

GPtrArray *
kefu_cohort_members (KefuStore  *store,
                     gint64      cohort_id,
                     GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!need_named (store, COHORT_NAME_SQL, cohort_id, _("cohort"), NULL, error))
    return NULL;
  stmt = kefu_query_prepare (store,
      "SELECT u.id, u.login, u.name, m.tier, "
      "  EXISTS (SELECT 1 FROM cohort_surveys v WHERE v.cohort_id = m.cohort_id AND v.user_id = m.user_id), "
      "  (SELECT count(*) FROM session_attendance a JOIN cohort_sessions s ON s.id = a.session_id "
      "   WHERE s.cohort_id = m.cohort_id AND a.user_id = m.user_id AND a.present = 1) "
      "FROM cohort_members m JOIN users u ON u.id = m.user_id WHERE m.cohort_id = ?1 ORDER BY u.name, u.id", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, cohort_id);
  return members_from (store, stmt, error);
}

KefuCohortSummary *
kefu_cohort_get (KefuStore  *store,
                 gint64      cohort_id,
                 GError    **error)
{
  g_autoptr(GPtrArray) all = kefu_cohorts (store, error);

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    if (((KefuCohortSummary *) all->pdata[i])->id == cohort_id)
      return g_ptr_array_steal_index (all, i);
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no %s %lld."), _("cohort"),
               (long long) cohort_id);
  return NULL;
}

static char *
local_date (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  return g_date_time_format (dt, "%Y-%m-%d");
}

gboolean
kefu_cohort_update (KefuStore   *store,
                    gint64       cohort_id,
                    const char  *name,
                    gint64       starts_at,
                    gint64       ends_at,
                    gint64       group_id,
                    gint64       trainer_id,
                    GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  KEFU_AUTO_QUERY *stmt = NULL;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need_named (store, COHORT_NAME_SQL, cohort_id, _("cohort"), NULL, error))
    return FALSE;
  if (*clean == '\0')
    return kefu_training_invalid (error, "%s", _("A cohort needs a name."));
  if (ends_at <= starts_at)
    {
      g_autofree char *from = local_date (starts_at);
      g_autofree char *to = local_date (ends_at);
      return kefu_training_invalid (error, _("The cohort “%s” must end after it starts (it starts %s and ends %s)."), clean, from, to);
    }
  if ((group_id > 0 && !need_named (store, GROUP_NAME_SQL, group_id, _("staff group"), NULL, error)) ||
      (trainer_id > 0 && !need_named (store, USER_NAME_SQL, trainer_id, _("user"), NULL, error)))
    return FALSE;
  stmt = kefu_query_prepare (store,
      "UPDATE cohorts SET name = ?1, starts_at = ?2, ends_at = ?3, group_id = ?4, trainer_id = ?5 WHERE id = ?6", error);
  if (stmt == NULL || !kefu_training_savepoint (store, error))
    return FALSE;
  kefu_query_bind_text (stmt, 1, clean);
  kefu_query_bind_int (stmt, 2, starts_at);
  kefu_query_bind_int (stmt, 3, ends_at);
  kefu_query_bind_id (stmt, 4, group_id);
  kefu_query_bind_id (stmt, 5, trainer_id);
  kefu_query_bind_int (stmt, 6, cohort_id);
  ok = kefu_query_run (store, stmt, error) &&
       audit (store, "update_cohort", "cohorts", cohort_id, clean, error);
  return kefu_training_release (store, ok, error) && ok;
}

gboolean
kefu_cohort_delete (KefuStore   *store,
                    gint64       cohort_id,
                    GError     **error)
{
  g_autofree char *name = NULL;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need_named (store, COHORT_NAME_SQL, cohort_id, _("cohort"), &name, error) ||
      !kefu_training_savepoint (store, error))
    return FALSE;
  /* the rest goes with it (ON DELETE CASCADE) */
  ok = kefu_query_exec (store, "DELETE FROM cohorts WHERE id = ?1", cohort_id, 0, error) &&
       audit (store, "delete_cohort", "cohorts", cohort_id, name, error);
  return kefu_training_release (store, ok, error) && ok;
}

gboolean
kefu_cohort_remove_member (KefuStore   *store,
                           gint64       cohort_id,
                           gint64       user_id,
                           GError     **error)
{
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need_named (store, COHORT_NAME_SQL, cohort_id, _("cohort"), NULL, error) ||
      !kefu_training_savepoint (store, error))
    return FALSE;
  ok = kefu_query_exec (store, "DELETE FROM session_attendance WHERE user_id = ?2 AND session_id IN "
                                "(SELECT id FROM cohort_sessions WHERE cohort_id = ?1)", cohort_id, user_id, error) &&
       kefu_query_exec (store, "DELETE FROM cohort_observations WHERE cohort_id = ?1 AND user_id = ?2", cohort_id, user_id, error) &&
       kefu_query_exec (store, "DELETE FROM cohort_members WHERE cohort_id = ?1 AND user_id = ?2", cohort_id, user_id, error);
  if (ok && kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("User %lld is not a member of cohort %lld."), (long long) user_id, (long long) cohort_id);
      ok = FALSE;
    }
  return kefu_training_release (store, ok, error) && ok;
}

/* Sessions --------------------------------------------------------------- */

void
kefu_cohort_session_free (KefuCohortSession *session)
{
  if (session == NULL)
    return;
  g_free (session->topic);
  g_free (session->place);
  g_free (session->trainer);
  g_clear_pointer (&session->present, g_array_unref);
  g_free (session);
}

gboolean
kefu_cohort_session_has (const KefuCohortSession *session,
                         gint64                   user_id)
{
  for (guint i = 0; i < session->present->len; i++)
    if (g_array_index (session->present, gint64, i) == user_id)
      return TRUE;
  return FALSE;
}

GPtrArray *
kefu_cohort_sessions (KefuStore  *store,
                      gint64      cohort_id,
                      GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_cohort_session_free);
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *marks = NULL;
  int rc;

  if (!need_named (store, COHORT_NAME_SQL, cohort_id, _("cohort"), NULL, error))
    return NULL;
  stmt = kefu_query_prepare (store,
      "SELECT s.id, s.starts_at, s.hours, s.topic, s.place, t.name FROM cohort_sessions s "
      "LEFT JOIN users t ON t.id = s.trainer_id WHERE s.cohort_id = ?1 ORDER BY s.starts_at, s.id", error);
  marks = kefu_query_prepare (store,
      "SELECT a.user_id, a.present FROM session_attendance a "
      "JOIN cohort_members m ON m.user_id = a.user_id AND m.cohort_id = ?2 WHERE a.session_id = ?1", error);
  if (stmt == NULL || marks == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, cohort_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuCohortSession *s = g_new0 (KefuCohortSession, 1);
      s->id = kefu_query_get_int (stmt, 0);
      s->starts_at = kefu_query_get_int (stmt, 1);
      s->hours = kefu_query_get_double (stmt, 2);
      s->topic = g_strdup (kefu_query_get_text (stmt, 3));
      s->place = g_strdup (kefu_query_get_text (stmt, 4));
      s->trainer = g_strdup (kefu_query_get_text (stmt, 5));
      s->present = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_ptr_array_add (list, s);
      kefu_query_reset (marks);
      kefu_query_bind_int (marks, 1, s->id);
      kefu_query_bind_int (marks, 2, cohort_id);
      while (kefu_query_step (store, marks, NULL) == KEFU_QUERY_ROW)
        {
          gint64 user = kefu_query_get_int (marks, 0);
          s->n_marked++;
          if ((int) kefu_query_get_int (marks, 1))
            g_array_append_val (s->present, user);
        }
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

gboolean
kefu_session_delete (KefuStore   *store,
                     gint64       session_id,
                     GError     **error)
{
  g_autofree char *topic = NULL;
  gint64 cohort_id = 0;
  gboolean ok;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT cohort_id, topic FROM cohort_sessions WHERE id = ?1", error);
    if (stmt == NULL)
      return FALSE;
    kefu_query_bind_int (stmt, 1, session_id);
    if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no %s %lld."), _("session"),
                     (long long) session_id);
        return FALSE;
      }
    cohort_id = kefu_query_get_int (stmt, 0);
    topic = g_strdup (kefu_query_get_text (stmt, 1));
  }
  if (!kefu_training_savepoint (store, error))
    return FALSE;
  ok = kefu_query_exec (store, "DELETE FROM cohort_sessions WHERE id = ?1", session_id, 0, error) &&
       audit (store, "delete_session", "cohorts", cohort_id, topic, error);
  return kefu_training_release (store, ok, error) && ok;
}

/* Follow-up checkpoints -------------------------------------------------- */

static const struct { int months; gint64 days; } checkpoint_days[KEFU_COHORT_N_CHECKPOINTS] = {
  { 1, 30 }, { 3, KEFU_COHORT_BEHAVIOUR_DAYS }, { 6, KEFU_COHORT_RESULTS_DAYS },
};

void
kefu_cohort_checkpoint_free (KefuCohortCheckpoint *checkpoint)
{
  if (checkpoint == NULL)
    return;
  g_free (checkpoint->done_by);
  g_free (checkpoint->note);
  g_free (checkpoint);
}

const char *
kefu_checkpoint_title (int months)
{
  switch (months)
    {
    case 1: return _("1-month follow-up");
    case 3: return _("3-month follow-up");
    case 6: return _("6-month follow-up");
    default: return NULL;
    }
}

const char *
kefu_checkpoint_description (int months)
{
  switch (months)
    {
    case 1: return _("Talk with each trainee and read the supervisor’s first observation forms.");
    case 3: return _("Behaviour: the observation forms are complete and the trainees’ own tickets of 13 weeks can be compared.");
    case 6: return _("Results: the center’s satisfaction and complaints of 26 weeks after the course, and the return on the training.");
    default: return NULL;
    }
}

GPtrArray *
kefu_cohort_checkpoints (KefuStore  *store,
                         gint64      cohort_id,
                         GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_cohort_checkpoint_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT c.ends_at, k.done_at, u.name, k.note FROM cohorts c "
      "LEFT JOIN cohort_checkpoints k ON k.cohort_id = c.id AND k.months = ?2 "
      "LEFT JOIN users u ON u.id = k.done_by WHERE c.id = ?1", error);
  gint64 now = kefu_store_now (store);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < KEFU_COHORT_N_CHECKPOINTS; i++)
    {
      KefuCohortCheckpoint *k;
      gint64 ends_at;

      kefu_query_reset (stmt);
      kefu_query_bind_int (stmt, 1, cohort_id);
      kefu_query_bind_int (stmt, 2, checkpoint_days[i].months);
      if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no %s %lld."), _("cohort"),
                       (long long) cohort_id);
          return NULL;
        }
      ends_at = kefu_query_get_int (stmt, 0);
      if (now < ends_at)
        break;
      k = g_new0 (KefuCohortCheckpoint, 1);
      k->months = checkpoint_days[i].months;
      k->due_at = ends_at + checkpoint_days[i].days * DAY;
      k->done_at = kefu_query_get_int (stmt, 1);
      k->done_by = g_strdup (kefu_query_get_text (stmt, 2));
      k->note = g_strdup (kefu_query_get_text (stmt, 3));
      k->state = k->done_at > 0 ? KEFU_CHECKPOINT_DONE : now >= k->due_at ? KEFU_CHECKPOINT_DUE : KEFU_CHECKPOINT_UPCOMING;
      g_ptr_array_add (list, k);
    }
  return g_steal_pointer (&list);
}

gboolean
kefu_cohort_checkpoint_done (KefuStore   *store,
                             gint64       cohort_id,
                             int          months,
                             const char  *note,
                             GError     **error)
{
  g_autoptr(GPtrArray) checkpoints = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  const KefuCohortCheckpoint *k = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      (checkpoints = kefu_cohort_checkpoints (store, cohort_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < checkpoints->len; i++)
    if (((KefuCohortCheckpoint *) checkpoints->pdata[i])->months == months)
      k = checkpoints->pdata[i];
  if (k == NULL && months != 1 && months != 3 && months != 6)
    return kefu_training_invalid (error, _("The follow-up checkpoints are at 1, 3 and 6 months, not %d."), months);
  if (k == NULL || k->state == KEFU_CHECKPOINT_UPCOMING)
    return kefu_training_invalid (error, _("The %s of cohort %lld is not due yet."), kefu_checkpoint_title (months),
                                  (long long) cohort_id);
  stmt = kefu_query_prepare (store,
      "INSERT INTO cohort_checkpoints (cohort_id, months, done_at, done_by, note) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (cohort_id, months) DO UPDATE SET done_at = excluded.done_at, done_by = excluded.done_by, "
      "note = excluded.note", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, cohort_id);
  kefu_query_bind_int (stmt, 2, months);
  kefu_query_bind_int (stmt, 3, kefu_store_now (store));
  kefu_query_bind_id (stmt, 4, kefu_store_get_actor (store));
  kefu_query_bind_text_or_null (stmt, 5, note != NULL && *note != '\0' ? note : NULL);
  return kefu_query_run (store, stmt, error);
}

/* Observations ----------------------------------------------------------- */

void
kefu_observation_free (KefuObservation *observation)
{
  if (observation == NULL)
    return;
  g_free (observation->name);
  g_free (observation->note);
  g_free (observation->observer);
  g_free (observation);
}

guint
kefu_cohort_week_at (gint64 ends_at,
                     gint64 now)
{
  gint64 week;

  if (now < ends_at)
    return 0;
  week = (now - ends_at) / (7 * DAY) + 1;
  return (guint) MIN (week, KEFU_COHORT_OBSERVATION_WEEKS + 1);
}

gint64
kefu_cohort_observe (KefuStore   *store,
                     gint64       cohort_id,
                     gint64       user_id,
                     guint        week,
                     double       phrase_rate,
                     double       handling_min,
                     int          cooperation,
                     const char  *note,
                     GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *name = NULL;
  gint64 ends_at = 0, id = -1;
  gboolean member = FALSE;

  if (!kefu_auth_require (store, KEFU_PERMISSION_DEVELOP_PEOPLE, error) ||
      !need_named (store, COHORT_NAME_SQL, cohort_id, _("cohort"), NULL, error) ||
      !need_named (store, USER_NAME_SQL, user_id, _("user"), &name, error))
    return -1;
  {
    KEFU_AUTO_QUERY *q = kefu_query_prepare (store,
        "SELECT c.ends_at, EXISTS (SELECT 1 FROM cohort_members m WHERE m.cohort_id = c.id AND m.user_id = ?2) "
        "FROM cohorts c WHERE c.id = ?1", error);
    if (q == NULL)
      return -1;
    kefu_query_bind_int (q, 1, cohort_id);
    kefu_query_bind_int (q, 2, user_id);
    if (kefu_query_step (store, q, NULL) == KEFU_QUERY_ROW)
      {
        ends_at = kefu_query_get_int (q, 0);
        member = (int) kefu_query_get_int (q, 1) != 0;
      }
  }
  if (!member)
    {
      kefu_training_invalid (error, _("%s is not a member of cohort %lld."), name, (long long) cohort_id);
      return -1;
    }
  if (week < 1 || week > KEFU_COHORT_OBSERVATION_WEEKS)
    {
      kefu_training_invalid (error, _("The observation weeks are 1 to %d after the course, not %u."), KEFU_COHORT_OBSERVATION_WEEKS, week);
      return -1;
    }
  if (week > kefu_cohort_week_at (ends_at, kefu_store_now (store)))
    {
      g_autofree char *from = local_date (ends_at + (gint64) (week - 1) * 7 * DAY);
      kefu_training_invalid (error, _("Week %u after the course begins on %s: it cannot be observed before then."), week, from);
      return -1;
    }
  if (!(phrase_rate >= 0 && phrase_rate <= 100))
    {
      kefu_training_invalid (error, _("Standard-phrase use is a percentage from 0 to 100, not %g."), phrase_rate);
      return -1;
    }
  if (!isnan (handling_min) && !(handling_min >= 0 && handling_min <= 24 * 60))
    {
      kefu_training_invalid (error, _("The handling time is in minutes from 0 to 1440, not %g."), handling_min);
      return -1;
    }
  if (cooperation < 1 || cooperation > 5)
    {
      kefu_training_invalid (error, _("Cooperation is rated from 1 to 5, not %d."), cooperation);
      return -1;
    }
  stmt = kefu_query_prepare (store,
      "INSERT INTO cohort_observations (cohort_id, user_id, week, phrase_rate, handling_min, cooperation, note, observer_id, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (cohort_id, user_id, week) DO UPDATE SET "
      "phrase_rate = excluded.phrase_rate, handling_min = excluded.handling_min, cooperation = excluded.cooperation, "
      "note = excluded.note, observer_id = excluded.observer_id, at = excluded.at RETURNING id", error);
  if (stmt == NULL || !kefu_training_savepoint (store, error))
    return -1;
  kefu_query_bind_int (stmt, 1, cohort_id);
  kefu_query_bind_int (stmt, 2, user_id);
  kefu_query_bind_int (stmt, 3, (int) week);
  kefu_query_bind_double (stmt, 4, phrase_rate);
  if (isnan (handling_min))
    kefu_query_bind_null (stmt, 5);
  else
    kefu_query_bind_double (stmt, 5, handling_min);
  kefu_query_bind_int (stmt, 6, cooperation);
  kefu_query_bind_text_or_null (stmt, 7, note != NULL && *note != '\0' ? note : NULL);
  kefu_query_bind_id (stmt, 8, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 9, kefu_store_now (store));
  if (kefu_query_step (store, stmt, error) == KEFU_QUERY_ROW)
    id = kefu_query_get_int (stmt, 0);
  kefu_query_reset (stmt);
  if (id > 0)
    {
      g_autofree char *detail = g_strdup_printf ("cohort %lld, week %u", (long long) cohort_id, week);
      if (!audit (store, "observe_trainee", "users", user_id, detail, error))
        id = -1;
    }
  if (!kefu_training_release (store, id > 0, error))
    return -1;
  return id;
}

GPtrArray *
kefu_cohort_observations (KefuStore  *store,
                          gint64      cohort_id,
                          GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_observation_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT o.id, o.user_id, u.name, o.week, o.phrase_rate, o.handling_min, o.cooperation, o.note, b.name "
      "FROM cohort_observations o JOIN users u ON u.id = o.user_id LEFT JOIN users b ON b.id = o.observer_id "
      "WHERE o.cohort_id = ?1 ORDER BY o.week, u.name, o.user_id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, cohort_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuObservation *o = g_new0 (KefuObservation, 1);
      o->id = kefu_query_get_int (stmt, 0);
      o->user_id = kefu_query_get_int (stmt, 1);
      o->name = g_strdup (kefu_query_get_text (stmt, 2));
      o->week = (int) kefu_query_get_int (stmt, 3);
      o->phrase_rate = kefu_query_get_double (stmt, 4);
      o->handling_min = kefu_query_is_null (stmt, 5) ? NAN : kefu_query_get_double (stmt, 5);
      o->cooperation = (int) kefu_query_get_int (stmt, 6);
      o->note = g_strdup (kefu_query_get_text (stmt, 7));
      o->observer = g_strdup (kefu_query_get_text (stmt, 8));
      g_ptr_array_add (list, o);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}
