/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort.c — cohorts and staff groups: members, sessions and
 * attendance, surveys, the training ledger
 *
 * The four-level evaluation of a cohort is in kefu-cohort-report.c.
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

static const char *const tiers[] = { "new_hire", "in_post", "supervisor", NULL };

const char *
kefu_tier_label (const char *tier)
{
  if (g_strcmp0 (tier, "new_hire") == 0)
    return _("New hire");
  if (g_strcmp0 (tier, "in_post") == 0)
    return _("In post");
  if (g_strcmp0 (tier, "supervisor") == 0)
    return _("Supervisor");
  return tier;
}

const char *
kefu_cohort_state_code (KefuCohortState state)
{
  switch (state)
    {
    case KEFU_COHORT_PLANNED: return "planned";
    case KEFU_COHORT_RUNNING: return "running";
    case KEFU_COHORT_FINISHED:
    default: return "finished";
    }
}

const char *
kefu_cohort_state_label (KefuCohortState state)
{
  switch (state)
    {
    case KEFU_COHORT_PLANNED: return _("Planned");
    case KEFU_COHORT_RUNNING: return _("Running");
    case KEFU_COHORT_FINISHED:
    default: return _("Finished");
    }
}

static KefuCohortState
state_at (gint64 now,
          gint64 starts_at,
          gint64 ends_at)
{
  if (now < starts_at)
    return KEFU_COHORT_PLANNED;
  return now < ends_at ? KEFU_COHORT_RUNNING : KEFU_COHORT_FINISHED;
}

char *
kefu_cohort_local_date (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  return g_date_time_format (dt, "%Y-%m-%d");
}

/* KEFU_STORE_ERROR_INVALID with the message made from @format; FALSE */
gboolean
kefu_training_invalid (GError     **error,
                       const char  *format,
                       ...)
{
  va_list args;

  va_start (args, format);
  g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, "");
  if (error != NULL && *error != NULL)
    {
      g_free ((*error)->message);
      (*error)->message = g_strdup_vprintf (format, args);
    }
  va_end (args);
  return FALSE;
}

/* Whether a row with this id exists in @table (a fixed name). */
static int
row_exists (KefuStore   *store,
            const char  *sql,
            gint64       id,
            GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, id);
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_ROW)
    return 1;
  if (rc == KEFU_QUERY_DONE)
    return 0;
  return -1;
}

static gboolean
need (KefuStore   *store,
      const char  *sql,
      gint64       id,
      const char  *what,
      GError     **error)
{
  int found = row_exists (store, sql, id, error);

  if (found < 0)
    return FALSE;
  if (found == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   /* Translators: e.g. "There is no cohort 12." */
                   _("There is no %s %lld."), what, (long long) id);
      return FALSE;
    }
  return TRUE;
}

#define USER_SQL "SELECT 1 FROM users WHERE id = ?1"
#define GROUP_SQL "SELECT 1 FROM staff_groups WHERE id = ?1"
#define COHORT_SQL "SELECT 1 FROM cohorts WHERE id = ?1"

static gint64
insert_done (KefuStore     *store,
             KefuQuery     *stmt,
             GError       **error)
{
  if (!kefu_query_run (store, stmt, error))
    return -1;
  return kefu_query_last_id (store);
}

/* Staff groups ----------------------------------------------------------- */

void
kefu_staff_group_free (KefuStaffGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->name);
  g_free (group->leader);
  g_free (group);
}

gint64
kefu_staff_group_create (KefuStore   *store,
                         const char  *name,
                         gint64       leader_id,
                         GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  gint64 id;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return -1;
  if (*clean == '\0')
    {
      kefu_training_invalid (error, "%s", _("A staff group needs a name."));
      return -1;
    }
  {
    KEFU_AUTO_QUERY *dup = kefu_query_prepare (store, "SELECT 1 FROM staff_groups WHERE name = ?1", error);
    if (dup == NULL)
      return -1;
    kefu_query_bind_text (dup, 1, clean);
    if (kefu_query_step (store, dup, NULL) == KEFU_QUERY_ROW)
      {
        kefu_training_invalid (error, _("There is already a staff group “%s”."), clean);
        return -1;
      }
  }
  if (leader_id > 0 && !need (store, USER_SQL, leader_id, _("user"), error))
    return -1;
  stmt = kefu_query_prepare (store,
      "INSERT INTO staff_groups (name, leader_id, created_by, created_at) VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL || !kefu_training_savepoint (store, error))
    return -1;
  kefu_query_bind_text (stmt, 1, clean);
  kefu_query_bind_id (stmt, 2, leader_id);
  kefu_query_bind_id (stmt, 3, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 4, kefu_store_now (store));
  id = insert_done (store, stmt, error);
  if (id > 0 && !kefu_auth_audit (store, kefu_store_get_actor (store), "create_staff_group", "staff_groups", id, NULL, error))
    id = -1;
  if (!kefu_training_release (store, id > 0, error))
    return -1;
  return id;
}

/* Adds @user_id to the group; they get the papers assigned to the group
 * that have not closed (kefu_exam_group_joined()). */
gboolean
kefu_staff_group_add_member (KefuStore   *store,
                             gint64       group_id,
                             gint64       user_id,
                             GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *q = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need (store, GROUP_SQL, group_id, _("staff group"), error) ||
      !need (store, USER_SQL, user_id, _("user"), error))
    return FALSE;
  q = kefu_query_prepare (store,
    "INSERT INTO staff_group_members (group_id, user_id) VALUES (?1, ?2) ON CONFLICT (group_id, user_id) DO NOTHING",
    error);
  if (q == NULL || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  kefu_query_bind_int (q, 1, group_id);
  kefu_query_bind_int (q, 2, user_id);
  return kefu_query_run (store, q, error) &&
         kefu_exam_group_joined (store, group_id, user_id, error) &&
         kefu_transaction_commit (tx, error);
}

/* Takes @user_id out of the group; the group's papers they have not
 * started and that have not closed go with it (kefu_exam_group_left()). */
gboolean
kefu_staff_group_remove_member (KefuStore   *store,
                                gint64       group_id,
                                gint64       user_id,
                                GError     **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *q = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  q = kefu_query_prepare (store, "DELETE FROM staff_group_members WHERE group_id = ?1 AND user_id = ?2", error);
  if (q == NULL || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  kefu_query_bind_int (q, 1, group_id);
  kefu_query_bind_int (q, 2, user_id);
  return kefu_query_run (store, q, error) &&
         kefu_exam_group_left (store, group_id, user_id, error) &&
         kefu_transaction_commit (tx, error);
}

GPtrArray *
kefu_staff_groups (KefuStore  *store,
                   GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_staff_group_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT g.id, g.name, g.leader_id, u.name, (SELECT count(*) FROM staff_group_members m WHERE m.group_id = g.id) "
      "FROM staff_groups g LEFT JOIN users u ON u.id = g.leader_id ORDER BY g.name", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuStaffGroup *g = g_new0 (KefuStaffGroup, 1);
      g->id = kefu_query_get_int (stmt, 0);
      g->name = g_strdup (kefu_query_get_text (stmt, 1));
      g->leader_id = kefu_query_get_int (stmt, 2);
      g->leader = g_strdup (kefu_query_get_text (stmt, 3));
      g->n_members = (int) kefu_query_get_int (stmt, 4);
      g_ptr_array_add (list, g);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* Cohorts ---------------------------------------------------------------- */

void
kefu_cohort_summary_free (KefuCohortSummary *c)
{
  if (c == NULL)
    return;
  g_free (c->name);
  g_free (c->course);
  g_free (c->layer);
  g_free (c->group);
  g_free (c->trainer);
  g_free (c);
}

gint64
kefu_cohort_create (KefuStore   *store,
                    gint64       course_id,
                    const char  *name,
                    gint64       starts_at,
                    gint64       ends_at,
                    gint64       group_id,
                    gint64       trainer_id,
                    gint64       exam_id,
                    GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  gint64 id;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need (store, "SELECT 1 FROM courses WHERE id = ?1", course_id, _("course"), error))
    return -1;
  if (*clean == '\0')
    {
      kefu_training_invalid (error, "%s", _("A cohort needs a name."));
      return -1;
    }
  if (ends_at <= starts_at)
    {
      g_autofree char *from = kefu_cohort_local_date (starts_at);
      g_autofree char *to = kefu_cohort_local_date (ends_at);
      kefu_training_invalid (error, _("The cohort “%s” must end after it starts (it starts %s and ends %s)."), clean, from, to);
      return -1;
    }
  if ((group_id > 0 && !need (store, GROUP_SQL, group_id, _("staff group"), error)) ||
      (trainer_id > 0 && !need (store, USER_SQL, trainer_id, _("user"), error)) ||
      (exam_id > 0 && !need (store, "SELECT 1 FROM exams WHERE id = ?1", exam_id, _("paper"), error)))
    return -1;
  stmt = kefu_query_prepare (store,
      "INSERT INTO cohorts (course_id, name, starts_at, ends_at, group_id, trainer_id, exam_id, created_by, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (stmt == NULL || !kefu_training_savepoint (store, error))
    return -1;
  kefu_query_bind_int (stmt, 1, course_id);
  kefu_query_bind_text (stmt, 2, clean);
  kefu_query_bind_int (stmt, 3, starts_at);
  kefu_query_bind_int (stmt, 4, ends_at);
  kefu_query_bind_id (stmt, 5, group_id);
  kefu_query_bind_id (stmt, 6, trainer_id);
  kefu_query_bind_id (stmt, 7, exam_id);
  kefu_query_bind_id (stmt, 8, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 9, kefu_store_now (store));
  id = insert_done (store, stmt, error);
  if (id > 0 && !kefu_auth_audit (store, kefu_store_get_actor (store), "create_cohort", "cohorts", id, NULL, error))
    id = -1;
  if (!kefu_training_release (store, id > 0, error))
    return -1;
  return id;
}

gboolean
kefu_cohort_add_member (KefuStore   *store,
                        gint64       cohort_id,
                        gint64       user_id,
                        const char  *tier,
                        GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need (store, COHORT_SQL, cohort_id, _("cohort"), error) ||
      !need (store, USER_SQL, user_id, _("user"), error))
    return FALSE;
  if (tier == NULL || !g_strv_contains (tiers, tier))
    return kefu_training_invalid (error, _("“%s” is not a trainee tier; the tiers are new_hire, in_post and supervisor."),
                                  tier != NULL ? tier : "");
  stmt = kefu_query_prepare (store,
      "INSERT INTO cohort_members (cohort_id, user_id, tier) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (cohort_id, user_id) DO UPDATE SET tier = excluded.tier", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, cohort_id);
  kefu_query_bind_int (stmt, 2, user_id);
  kefu_query_bind_text (stmt, 3, tier);
  return kefu_query_run (store, stmt, error);
}

int
kefu_cohort_add_group (KefuStore   *store,
                       gint64       cohort_id,
                       gint64       group_id,
                       const char  *tier,
                       GError     **error)
{
  g_autoptr(GArray) users = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean ok = TRUE;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need (store, GROUP_SQL, group_id, _("staff group"), error))
    return -1;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
        "SELECT user_id FROM staff_group_members WHERE group_id = ?1 ORDER BY user_id", error);
    if (stmt == NULL)
      return -1;
    kefu_query_bind_int (stmt, 1, group_id);
    while (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
      {
        gint64 id = kefu_query_get_int (stmt, 0);
        g_array_append_val (users, id);
      }
  }
  if (!kefu_training_savepoint (store, error))
    return -1;
  for (guint i = 0; i < users->len && ok; i++)
    ok = kefu_cohort_add_member (store, cohort_id, g_array_index (users, gint64, i), tier, error);
  if (!kefu_training_release (store, ok, error))
    return -1;
  return (int) users->len;
}

gboolean
kefu_cohort_set_completed (KefuStore   *store,
                           gint64       cohort_id,
                           gint64       user_id,
                           gint64       completed_at,
                           GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  stmt = kefu_query_prepare (store, "UPDATE cohort_members SET completed_at = ?3 WHERE cohort_id = ?1 AND user_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, cohort_id);
  kefu_query_bind_int (stmt, 2, user_id);
  kefu_query_bind_id (stmt, 3, completed_at);
  if (!kefu_query_run (store, stmt, error))
    return FALSE;
  if (kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("User %lld is not a member of cohort %lld."), (long long) user_id, (long long) cohort_id);
      return FALSE;
    }
  return TRUE;
}

gint64
kefu_cohort_find (KefuStore   *store,
                  const char  *id_or_name,
                  GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 id = 0, number = 0;
  int n = 0;

  /* a number is the cohort's id when there is one */
  if (g_ascii_string_to_signed (id_or_name, 10, 1, G_MAXINT64, &number, NULL))
    {
      int found = row_exists (store, COHORT_SQL, number, error);
      if (found < 0)
        return 0;
      if (found > 0)
        return number;
    }
  stmt = kefu_query_prepare (store, "SELECT id FROM cohorts WHERE name = ?1 ORDER BY id", error);
  if (stmt == NULL)
    return 0;
  kefu_query_bind_text (stmt, 1, id_or_name);
  while (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    {
      if (n++ == 0)
        id = kefu_query_get_int (stmt, 0);
    }
  if (n == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("There is no cohort “%s” (give its number or its exact name; “kefu-cli training cohorts” lists them)."),
                   id_or_name);
      return 0;
    }
  if (n > 1)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("%d cohorts are named “%s”: give the cohort’s number instead."), n, id_or_name);
      return 0;
    }
  return id;
}

KefuCohortSummary *
kefu_cohort_summary_from_row (KefuQuery     *stmt,
                              gint64        now)
{
  KefuCohortSummary *c = g_new0 (KefuCohortSummary, 1);

  c->id = kefu_query_get_int (stmt, 0);
  c->name = g_strdup (kefu_query_get_text (stmt, 1));
  c->course_id = kefu_query_get_int (stmt, 2);
  c->course = g_strdup (kefu_query_get_text (stmt, 3));
  c->layer = g_strdup (kefu_query_get_text (stmt, 4));
  c->starts_at = kefu_query_get_int (stmt, 5);
  c->ends_at = kefu_query_get_int (stmt, 6);
  c->group_id = kefu_query_get_int (stmt, 7);
  c->group = g_strdup (kefu_query_get_text (stmt, 8));
  c->trainer = g_strdup (kefu_query_get_text (stmt, 9));
  c->n_members = (int) kefu_query_get_int (stmt, 10);
  c->n_sessions = (int) kefu_query_get_int (stmt, 11);
  c->trainer_id = kefu_query_get_int (stmt, 12);
  c->n_surveys = (int) kefu_query_get_int (stmt, 13);
  c->state = state_at (now, c->starts_at, c->ends_at);
  return c;
}

GPtrArray *
kefu_cohorts (KefuStore  *store,
              GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_cohort_summary_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, KEFU_COHORT_SUMMARY_SQL "ORDER BY c.starts_at DESC, c.id DESC", error);
  gint64 now = kefu_store_now (store);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    g_ptr_array_add (list, kefu_cohort_summary_from_row (stmt, now));
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

GPtrArray *
kefu_cohorts_of_member (KefuStore  *store,
                        gint64      user_id,
                        GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_cohort_summary_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, KEFU_COHORT_SUMMARY_SQL
      "JOIN cohort_members me ON me.cohort_id = c.id AND me.user_id = ?1 WHERE c.starts_at <= ?2 "
      "ORDER BY c.ends_at DESC, c.id DESC", error);
  KEFU_AUTO_QUERY *answered = kefu_query_prepare (store,
      "SELECT EXISTS (SELECT 1 FROM cohort_surveys WHERE cohort_id = ?1 AND user_id = ?2)", error);
  gint64 now = kefu_store_now (store);
  int rc;

  if (stmt == NULL || answered == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, user_id);
  kefu_query_bind_int (stmt, 2, now);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuCohortSummary *c = kefu_cohort_summary_from_row (stmt, now);
      kefu_query_reset (answered);
      kefu_query_bind_int (answered, 1, c->id);
      kefu_query_bind_int (answered, 2, user_id);
      c->answered = kefu_query_step (store, answered, NULL) == KEFU_QUERY_ROW && (int) kefu_query_get_int (answered, 0);
      g_ptr_array_add (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

gint64
kefu_cohort_add_session (KefuStore   *store,
                         gint64       cohort_id,
                         gint64       starts_at,
                         double       hours,
                         const char  *topic,
                         gint64       trainer_id,
                         const char  *place,
                         GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need (store, COHORT_SQL, cohort_id, _("cohort"), error) ||
      (trainer_id > 0 && !need (store, USER_SQL, trainer_id, _("user"), error)))
    return -1;
  if (!(hours > 0 && hours <= 24))
    {
      kefu_training_invalid (error, _("A session lasts more than 0 and at most 24 hours, not %g."), hours);
      return -1;
    }
  stmt = kefu_query_prepare (store,
      "INSERT INTO cohort_sessions (cohort_id, starts_at, hours, topic, trainer_id, place) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, cohort_id);
  kefu_query_bind_int (stmt, 2, starts_at);
  kefu_query_bind_double (stmt, 3, hours);
  kefu_query_bind_text_or_null (stmt, 4, topic);
  kefu_query_bind_id (stmt, 5, trainer_id);
  kefu_query_bind_text_or_null (stmt, 6, place);
  return insert_done (store, stmt, error);
}

gboolean
kefu_session_set_attendance (KefuStore   *store,
                             gint64       session_id,
                             gint64       user_id,
                             gboolean     present,
                             GError     **error)
{
  KEFU_AUTO_QUERY *member = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  member = kefu_query_prepare (store,
      "SELECT EXISTS (SELECT 1 FROM cohort_members m JOIN cohort_sessions s ON s.cohort_id = m.cohort_id "
      "  WHERE s.id = ?1 AND m.user_id = ?2), EXISTS (SELECT 1 FROM cohort_sessions WHERE id = ?1)", error);
  if (member == NULL)
    return FALSE;
  kefu_query_bind_int (member, 1, session_id);
  kefu_query_bind_int (member, 2, user_id);
  if (kefu_query_step (store, member, error) != KEFU_QUERY_ROW)
    {
      return FALSE;
    }
  if (!(int) kefu_query_get_int (member, 1))
    return need (store, "SELECT 1 FROM cohort_sessions WHERE id = ?1", session_id, _("session"), error);
  if (!(int) kefu_query_get_int (member, 0))
    return kefu_training_invalid (error, _("User %lld is not a member of the cohort of session %lld."),
                                  (long long) user_id, (long long) session_id);
  stmt = kefu_query_prepare (store,
      "INSERT INTO session_attendance (session_id, user_id, present) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (session_id, user_id) DO UPDATE SET present = excluded.present", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, session_id);
  kefu_query_bind_int (stmt, 2, user_id);
  kefu_query_bind_int (stmt, 3, present ? 1 : 0);
  return kefu_query_run (store, stmt, error);
}

const char *
kefu_survey_item_label (KefuSurveyItem item)
{
  switch (item)
    {
    case KEFU_SURVEY_USEFULNESS: return _("Usefulness of the content");
    case KEFU_SURVEY_TRAINER: return _("Trainer");
    case KEFU_SURVEY_FORMAT: return _("Format");
    case KEFU_SURVEY_ORGANISATION: return _("Organisation");
    case KEFU_SURVEY_N_ITEMS:
    default: g_return_val_if_reached (NULL);
    }
}

gint64
kefu_cohort_add_survey (KefuStore   *store,
                        gint64       cohort_id,
                        gint64       user_id,
                        const int    scores[KEFU_SURVEY_N_ITEMS],
                        const char  *comment,
                        GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 actor = kefu_store_get_actor (store);

  /* a member answers for themselves; a trainer keys in the paper forms */
  if ((user_id == 0 || user_id != actor) && !kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return -1;
  if (!need (store, COHORT_SQL, cohort_id, _("cohort"), error))
    return -1;
  if (user_id > 0)
    {
      KEFU_AUTO_QUERY *m = kefu_query_prepare (store,
          "SELECT 1 FROM cohort_members WHERE cohort_id = ?1 AND user_id = ?2", error);
      if (m == NULL)
        return -1;
      kefu_query_bind_int (m, 1, cohort_id);
      kefu_query_bind_int (m, 2, user_id);
      if (kefu_query_step (store, m, NULL) != KEFU_QUERY_ROW)
        {
          kefu_training_invalid (error, _("User %lld is not a member of cohort %lld and cannot answer its survey."), (long long) user_id, (long long) cohort_id);
          return -1;
        }
    }
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    if (scores[i] < 1 || scores[i] > 5)
      {
        kefu_training_invalid (error, _("“%s” is answered from 1 to 5, not %d."), kefu_survey_item_label (i), scores[i]);
        return -1;
      }
  stmt = kefu_query_prepare (store,
      "INSERT INTO cohort_surveys (cohort_id, user_id, usefulness, trainer, format, organisation, comment, at, keyed_by) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
      "ON CONFLICT (cohort_id, user_id) DO UPDATE SET usefulness = excluded.usefulness, trainer = excluded.trainer, "
      "  format = excluded.format, organisation = excluded.organisation, comment = excluded.comment, at = excluded.at, "
      "  keyed_by = excluded.keyed_by", error);
  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, cohort_id);
  kefu_query_bind_id (stmt, 2, user_id);
  for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
    kefu_query_bind_int (stmt, 3 + i, scores[i]);
  kefu_query_bind_text_or_null (stmt, 7, comment != NULL && *comment != '\0' ? comment : NULL);
  kefu_query_bind_int (stmt, 8, kefu_store_now (store));
  kefu_query_bind_id (stmt, 9, user_id == actor ? 0 : actor);
  return insert_done (store, stmt, error);
}

gint64
kefu_cohort_add_ledger (KefuStore   *store,
                        gint64       cohort_id,
                        gboolean     saving,
                        const char  *item,
                        double       amount,
                        GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (item != NULL ? item : ""));
  gint64 id;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !need (store, COHORT_SQL, cohort_id, _("cohort"), error))
    return -1;
  if (*clean == '\0')
    {
      kefu_training_invalid (error, "%s", _("A cost or saving needs a description."));
      return -1;
    }
  if (!(amount >= 0 && amount < 1e12))
    {
      kefu_training_invalid (error, _("“%s”: the amount is in yuan, 0 or more, not %g."), clean, amount);
      return -1;
    }
  stmt = kefu_query_prepare (store,
      "INSERT INTO cohort_ledger (cohort_id, kind, item, amount, entered_by, entered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL || !kefu_training_savepoint (store, error))
    return -1;
  kefu_query_bind_int (stmt, 1, cohort_id);
  kefu_query_bind_text (stmt, 2, saving ? "saving" : "cost");
  kefu_query_bind_text (stmt, 3, clean);
  kefu_query_bind_double (stmt, 4, amount);
  kefu_query_bind_id (stmt, 5, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 6, kefu_store_now (store));
  id = insert_done (store, stmt, error);
  if (id > 0 && !kefu_auth_audit (store, kefu_store_get_actor (store), saving ? "add_training_saving" : "add_training_cost",
                                  "cohorts", cohort_id, clean, error))
    id = -1;
  if (!kefu_training_release (store, id > 0, error))
    return -1;
  return id;
}
