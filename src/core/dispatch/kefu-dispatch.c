/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch.c — automatic dispatch, the dispatch board, contractor scores
 *
 * The rule engine loads what it needs once (the active rules, the teams,
 * the active technicians with their open jobs, areas and whether they are
 * on shift at that moment) and then decides in memory, so running over the
 * whole unassigned queue costs a handful of queries. Writes go through the
 * lifecycle (kefu_desk_dispatch, kefu_desk_move) so each one is checked and
 * written into the ticket's timeline.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-batch-private.h"
#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-enums.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-desk-lifecycle-private.h"
#include "kefu-pinyin.h"
#include "kefu-sla.h"
#include "kefu-store-private.h"

/* A job in a technician's lane; "new" and "reopened" wait in the queue. */
#define ASSIGNED_STATES "'dispatched','accepted','on_site','on_hold'"
#define QUEUE_STATES "'new','reopened'"
#define LANE_ORDER "board_position IS NULL, board_position, appointment_at IS NULL, appointment_at, created_at, id"

static char *team_name (KefuStore  *store,
                        gint64      team_id,
                        GError    **error);

static gboolean
fail_sql (KefuStore  *store,
          GError    **error)
{
  kefu_store_set_error (store, sqlite3_errcode (kefu_store_get_db (store)), error);
  return FALSE;
}

static gpointer
fail_sql_null (KefuStore  *store,
               GError    **error)
{
  fail_sql (store, error);
  return NULL;
}

static gboolean
step_done (KefuStore    *store,
           sqlite3_stmt *stmt,
           GError      **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return fail_sql (store, error);
  return TRUE;
}

static gboolean
finish (KefuStore  *store,
        gboolean    ok,
        GError    **error)
{
  if (!ok)
    {
      kefu_store_rollback (store);
      return FALSE;
    }
  return kefu_store_commit (store, error);
}

static gboolean
may_dispatch (KefuStore  *store,
              GError    **error)
{
  g_autoptr(KefuUser) user = NULL;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  user = kefu_desk_get_user (store, kefu_store_get_actor (store), NULL);
  if (!kefu_user_can (user, KEFU_PERMISSION_DISPATCH))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Only dispatchers, supervisors, managers and administrators may change how jobs are dispatched."));
      return FALSE;
    }
  return TRUE;
}

/* One audit-log entry by the acting user (kefu-audit.c), in the caller's transaction. */
static gboolean
audit (KefuStore   *store,
       const char  *action,
       const char  *table,
       gint64       subject_id,
       const char  *detail,
       GError     **error)
{
  return kefu_audit_append (store, kefu_store_get_actor (store), action, table, subject_id, detail, error);
}

/* Settings ------------------------------------------------------------------ */

gboolean
kefu_dispatch_get_auto (KefuStore *store)
{
  g_autofree char *value = kefu_store_get_setting (store, "auto_dispatch");

  return g_strcmp0 (value, "0") != 0;
}

gboolean
kefu_dispatch_set_auto (KefuStore  *store,
                        gboolean    enabled,
                        GError    **error)
{
  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  return finish (store,
                 kefu_store_set_setting (store, "auto_dispatch", enabled ? "1" : "0", error)
                 && audit (store, enabled ? "auto_dispatch_on" : "auto_dispatch_off", "settings", 0, NULL, error),
                 error);
}

/* Rules --------------------------------------------------------------------- */

void
kefu_dispatch_rule_free (KefuDispatchRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->name);
  g_free (rule->kind);
  g_free (rule->subtype);
  g_free (rule->channel);
  g_free (rule->team_name);
  g_free (rule->building_name);
  g_free (rule);
}

#define RULE_COLUMNS \
  "r.id, r.position, r.name, r.kind, r.subtype, coalesce(r.level, 0), coalesce(r.building_id, 0), r.channel, " \
  "coalesce(r.from_min, -1), coalesce(r.to_min, -1), r.team_id, tm.name, r.active, b.name "
#define RULE_JOINS \
  "FROM dispatch_rules r JOIN teams tm ON tm.id = r.team_id LEFT JOIN buildings b ON b.id = r.building_id "

static KefuDispatchRule *
rule_from_row (sqlite3_stmt *stmt)
{
  KefuDispatchRule *r = g_new0 (KefuDispatchRule, 1);

  r->id = sqlite3_column_int64 (stmt, 0);
  r->position = sqlite3_column_int (stmt, 1);
  r->name = g_strdup (kefu_column_text (stmt, 2));
  r->kind = g_strdup (kefu_column_text (stmt, 3));
  r->subtype = g_strdup (kefu_column_text (stmt, 4));
  r->level = sqlite3_column_int (stmt, 5);
  r->building_id = sqlite3_column_int64 (stmt, 6);
  r->channel = g_strdup (kefu_column_text (stmt, 7));
  r->from_min = sqlite3_column_int (stmt, 8);
  r->to_min = sqlite3_column_int (stmt, 9);
  r->team_id = sqlite3_column_int64 (stmt, 10);
  r->team_name = g_strdup (kefu_column_text (stmt, 11));
  r->active = sqlite3_column_int (stmt, 12) != 0;
  r->building_name = g_strdup (kefu_column_text (stmt, 13));
  return r;
}

static GPtrArray *
list_rules (KefuStore  *store,
            gboolean    active_only,
            GError    **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_dispatch_rule_free);
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT " RULE_COLUMNS RULE_JOINS "WHERE r.active OR NOT ?1 ORDER BY r.position, r.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, active_only);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rules, rule_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      fail_sql (store, error);
      return NULL;
    }
  return g_steal_pointer (&rules);
}

GPtrArray *
kefu_dispatch_list_rules (KefuStore  *store,
                          GError    **error)
{
  return list_rules (store, FALSE, error);
}

static char *
format_minute (int minute)
{
  return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

/* "repair · 电梯 · level 2 · 7栋 · 22:00–08:00 → 特种设备组" */
char *
kefu_dispatch_rule_describe (const KefuDispatchRule *rule)
{
  GString *s = g_string_new (NULL);

#define PART(...) G_STMT_START { if (s->len) g_string_append (s, " · "); g_string_append_printf (s, __VA_ARGS__); } G_STMT_END
  if (rule->kind != NULL)
    PART ("%s", kefu_code_label (KEFU_CODES_KIND, rule->kind));
  if (rule->subtype != NULL)
    PART ("%s", kefu_code_label (KEFU_CODES_SUBTYPE, rule->subtype));
  if (rule->level > 0)
    PART (_("level %d"), rule->level);
  if (rule->building_id > 0)
    PART ("%s", rule->building_name != NULL ? rule->building_name : "?");
  if (rule->channel != NULL)
    PART ("%s", kefu_code_label (KEFU_CODES_CHANNEL, rule->channel));
  if (rule->from_min >= 0 && rule->to_min >= 0)
    {
      g_autofree char *from = format_minute (rule->from_min);
      g_autofree char *to = format_minute (rule->to_min);
      PART ("%s–%s", from, to);
    }
#undef PART
  if (s->len == 0)
    g_string_append (s, _("any ticket"));
  g_string_append_printf (s, " → %s", rule->team_name != NULL ? rule->team_name : "?");
  return g_string_free (s, FALSE);
}

gboolean
kefu_dispatch_rule_matches (const KefuDispatchRule *rule,
                            const char             *kind,
                            const char             *subtype,
                            int                     level,
                            gint64                  building_id,
                            const char             *channel,
                            int                     minute)
{
  if (rule->kind != NULL && g_strcmp0 (rule->kind, kind) != 0)
    return FALSE;
  if (rule->subtype != NULL && g_strcmp0 (rule->subtype, subtype) != 0)
    return FALSE;
  if (rule->level > 0 && rule->level != level)
    return FALSE;
  if (rule->building_id > 0 && rule->building_id != building_id)
    return FALSE;
  if (rule->channel != NULL && g_strcmp0 (rule->channel, channel) != 0)
    return FALSE;
  if (rule->from_min >= 0 && rule->to_min >= 0 && rule->from_min != rule->to_min)
    {
      if (rule->from_min < rule->to_min)
        return minute >= rule->from_min && minute < rule->to_min;
      return minute >= rule->from_min || minute < rule->to_min;   /* over midnight */
    }
  return TRUE;
}

static gboolean
check_rule (KefuStore               *store,
            const KefuDispatchRule  *rule,
            GError                 **error)
{
  g_autofree char *name = g_strstrip (g_strdup (rule->name != NULL ? rule->name : ""));
  KEFU_AUTO_STMT *team = NULL;

  if (*name == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Give the dispatch rule a name."));
      return FALSE;
    }
  if ((rule->kind != NULL && !kefu_code_is_valid (KEFU_CODES_KIND, rule->kind)) ||
      (rule->subtype != NULL && !kefu_code_is_valid (KEFU_CODES_SUBTYPE, rule->subtype)) ||
      (rule->channel != NULL && !kefu_code_is_valid (KEFU_CODES_CHANNEL, rule->channel)) ||
      rule->level < 0 || rule->level > 3)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Dispatch rule “%s”: the kind, sub-type, level or channel is not one Kefu knows."), name);
      return FALSE;
    }
  if ((rule->from_min >= 0) != (rule->to_min >= 0) || rule->from_min > 1440 || rule->to_min > 1440)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Dispatch rule “%s”: give both ends of the time of day, from 00:00 to 24:00, or neither."), name);
      return FALSE;
    }
  team = kefu_store_prepare (store, "SELECT 1 FROM teams WHERE id = ?", error);
  if (team == NULL)
    return FALSE;
  sqlite3_bind_int64 (team, 1, rule->team_id);
  if (sqlite3_step (team) != SQLITE_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Dispatch rule “%s”: choose the team it sends jobs to."), name);
      return FALSE;
    }
  return TRUE;
}

static void
bind_rule (sqlite3_stmt           *stmt,
           const KefuDispatchRule *rule)
{
  g_autofree char *name = g_strstrip (g_strdup (rule->name));

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  kefu_bind_text_or_null (stmt, 2, rule->kind);
  kefu_bind_text_or_null (stmt, 3, rule->subtype);
  kefu_bind_id_or_null (stmt, 4, rule->level);
  kefu_bind_id_or_null (stmt, 5, rule->building_id);
  kefu_bind_text_or_null (stmt, 6, rule->channel);
  if (rule->from_min >= 0)
    sqlite3_bind_int (stmt, 7, rule->from_min);
  else
    sqlite3_bind_null (stmt, 7);
  if (rule->to_min >= 0)
    sqlite3_bind_int (stmt, 8, rule->to_min);
  else
    sqlite3_bind_null (stmt, 8);
  sqlite3_bind_int64 (stmt, 9, rule->team_id);
  sqlite3_bind_int (stmt, 10, rule->active);
}

/* "夜间电梯: repair · 电梯 · 22:00–08:00 → 特种设备组" */
static char *
describe_for_audit (KefuStore              *store,
                    const KefuDispatchRule *rule)
{
  KefuDispatchRule named = *rule;
  g_autofree char *team = team_name (store, rule->team_id, NULL);
  g_autofree char *what = NULL;

  named.team_name = team;
  what = kefu_dispatch_rule_describe (&named);
  return g_strdup_printf ("%s: %s", rule->name != NULL ? rule->name : "", what);
}

/* Appended after the last rule. */
gint64
kefu_dispatch_add_rule (KefuStore               *store,
                        const KefuDispatchRule  *rule,
                        GError                 **error)
{
  KEFU_AUTO_STMT *stmt = NULL;
  gint64 id = 0;

  if (!may_dispatch (store, error) || !check_rule (store, rule, error))
    return 0;
  if (!kefu_store_begin (store, error))
    return 0;
  stmt = kefu_store_prepare (store,
      "INSERT INTO dispatch_rules (name, kind, subtype, level, building_id, channel, from_min, to_min, team_id, active, "
      "position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, (SELECT coalesce(max(position), 0) + 1 FROM dispatch_rules))",
      error);
  if (stmt != NULL)
    {
      bind_rule (stmt, rule);
      if (step_done (store, stmt, error))
        id = sqlite3_last_insert_rowid (kefu_store_get_db (store));
    }
  if (id > 0)
    {
      g_autofree char *detail = describe_for_audit (store, rule);

      if (!audit (store, "add_rule", "dispatch_rules", id, detail, error))
        id = 0;
    }
  if (!finish (store, id > 0, error))
    return 0;
  return id;
}

gboolean
kefu_dispatch_update_rule (KefuStore               *store,
                           const KefuDispatchRule  *rule,
                           GError                 **error)
{
  KEFU_AUTO_STMT *stmt = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  if (!may_dispatch (store, error) || !check_rule (store, rule, error) || !kefu_store_begin (store, error))
    return FALSE;
  stmt = kefu_store_prepare (store,
      "UPDATE dispatch_rules SET name = ?1, kind = ?2, subtype = ?3, level = ?4, building_id = ?5, channel = ?6, "
      "from_min = ?7, to_min = ?8, team_id = ?9, active = ?10 WHERE id = ?11", error);
  ok = stmt != NULL;
  if (ok)
    {
      bind_rule (stmt, rule);
      sqlite3_bind_int64 (stmt, 11, rule->id);
      ok = step_done (store, stmt, error);
    }
  if (ok && sqlite3_changes (kefu_store_get_db (store)) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Dispatch rule %lld no longer exists."),
                   (long long) rule->id);
      ok = FALSE;
    }
  if (ok)
    {
      detail = describe_for_audit (store, rule);
      ok = audit (store, "update_rule", "dispatch_rules", rule->id, detail, error);
    }
  return finish (store, ok, error);
}

static int
rule_position (KefuStore  *store,
               gint64      rule_id,
               GError    **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, "SELECT position FROM dispatch_rules WHERE id = ?", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, rule_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Dispatch rule %lld no longer exists."),
                   (long long) rule_id);
      return -1;
    }
  return sqlite3_column_int (stmt, 0);
}

/* Positions stay 1…n: the rules after a deleted one move up. */
gboolean
kefu_dispatch_delete_rule (KefuStore  *store,
                           gint64      rule_id,
                           GError    **error)
{
  KEFU_AUTO_STMT *del = NULL;
  KEFU_AUTO_STMT *shift = NULL;
  int position;
  gboolean ok;

  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  position = rule_position (store, rule_id, error);
  ok = position >= 0;
  if (ok)
    {
      del = kefu_store_prepare (store, "DELETE FROM dispatch_rules WHERE id = ?", error);
      shift = kefu_store_prepare (store, "UPDATE dispatch_rules SET position = position - 1 WHERE position > ?", error);
      ok = del != NULL && shift != NULL;
    }
  if (ok)
    {
      sqlite3_bind_int64 (del, 1, rule_id);
      sqlite3_bind_int (shift, 1, position);
      ok = step_done (store, del, error) && step_done (store, shift, error);
    }
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("position %d", position);
      ok = audit (store, "delete_rule", "dispatch_rules", rule_id, detail, error);
    }
  return finish (store, ok, error);
}

/* To @position (1…n, clamped); the rules in between shift by one. */
gboolean
kefu_dispatch_move_rule (KefuStore  *store,
                         gint64      rule_id,
                         int         position,
                         GError    **error)
{
  KEFU_AUTO_STMT *count = NULL;
  KEFU_AUTO_STMT *shift = NULL;
  KEFU_AUTO_STMT *place = NULL;
  int from;
  int n = 0;
  gboolean ok;

  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  from = rule_position (store, rule_id, error);
  ok = from >= 0;
  if (ok)
    {
      count = kefu_store_prepare (store, "SELECT count(*) FROM dispatch_rules", error);
      ok = count != NULL && sqlite3_step (count) == SQLITE_ROW;
      if (ok)
        n = sqlite3_column_int (count, 0);
    }
  position = CLAMP (position, 1, MAX (n, 1));
  if (ok && position != from)
    {
      shift = kefu_store_prepare (store,
          "UPDATE dispatch_rules SET position = position + CASE WHEN ?1 < ?2 THEN -1 ELSE 1 END "
          "WHERE id != ?3 AND position BETWEEN min(?1, ?2) AND max(?1, ?2)", error);
      place = kefu_store_prepare (store, "UPDATE dispatch_rules SET position = ? WHERE id = ?", error);
      ok = shift != NULL && place != NULL;
      if (ok)
        {
          sqlite3_bind_int (shift, 1, from);
          sqlite3_bind_int (shift, 2, position);
          sqlite3_bind_int64 (shift, 3, rule_id);
          sqlite3_bind_int (place, 1, position);
          sqlite3_bind_int64 (place, 2, rule_id);
          ok = step_done (store, shift, error) && step_done (store, place, error);
        }
      if (ok)
        {
          g_autofree char *detail = g_strdup_printf ("position %d → %d", from, position);
          ok = audit (store, "move_rule", "dispatch_rules", rule_id, detail, error);
        }
    }
  return finish (store, ok, error);
}

gboolean
kefu_dispatch_set_rule_active (KefuStore  *store,
                               gint64      rule_id,
                               gboolean    active,
                               GError    **error)
{
  KEFU_AUTO_STMT *stmt = NULL;
  gboolean ok;

  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  stmt = kefu_store_prepare (store, "UPDATE dispatch_rules SET active = ? WHERE id = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int (stmt, 1, active != 0);
      sqlite3_bind_int64 (stmt, 2, rule_id);
      ok = step_done (store, stmt, error);
    }
  if (ok && sqlite3_changes (kefu_store_get_db (store)) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Dispatch rule %lld no longer exists."),
                   (long long) rule_id);
      ok = FALSE;
    }
  ok = ok && audit (store, active ? "activate_rule" : "deactivate_rule", "dispatch_rules", rule_id, NULL, error);
  return finish (store, ok, error);
}

/* Shifts -------------------------------------------------------------------- */

const char *
kefu_technician_status_label (KefuTechnicianStatus status)
{
  switch (status)
    {
    case KEFU_TECHNICIAN_ON_SHIFT: return _("On shift");
    case KEFU_TECHNICIAN_ON_SITE: return _("On site");
    case KEFU_TECHNICIAN_OFF: default: return _("Off");
    }
}

/* The local calendar facts of a moment. */
typedef struct {
  int     weekday;        /* 1 = Monday */
  int     minute;         /* from local midnight */
  char    date[11];       /* YYYY-MM-DD */
  gint64  day_start;
  gint64  day_end;
  gint64  week_start;     /* Monday 00:00 */
} LocalMoment;

static void
local_moment (gint64       at,
              LocalMoment *m)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                                         g_date_time_get_day_of_month (dt), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);
  g_autoptr(GDateTime) monday = g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (dt));

  m->weekday = g_date_time_get_day_of_week (dt);
  m->minute = g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt);
  g_snprintf (m->date, sizeof m->date, "%04d-%02d-%02d", g_date_time_get_year (dt), g_date_time_get_month (dt),
              g_date_time_get_day_of_month (dt));
  m->day_start = g_date_time_to_unix (midnight);
  m->day_end = g_date_time_to_unix (next);
  m->week_start = g_date_time_to_unix (monday);
}

enum { ROW_WEEKLY, ROW_OVERNIGHT, ROW_LEAVE, ROW_EXTRA };
enum { BY_WEEKLY = 1, BY_LEAVE = 2, BY_EXTRA = 4 };

/* The set of technician ids on shift at @at: one query over the weekly
 * shifts of that weekday (and the night before's running past midnight)
 * and that date's exceptions. @only, when > 0, limits it to one technician. */
static GHashTable *
load_on_shift (KefuStore  *store,
               gint64      at,
               gint64      only,
               GError    **error)
{
  g_autoptr(GHashTable) flags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTable *on = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT technician_id, 0, start_min, end_min FROM shifts WHERE weekday = ?1 AND (?4 <= 0 OR technician_id = ?4) "
      "UNION ALL SELECT technician_id, 1, start_min, end_min FROM shifts "
      "  WHERE weekday = ?2 AND end_min < start_min AND (?4 <= 0 OR technician_id = ?4) "
      "UNION ALL SELECT technician_id, CASE kind WHEN 'leave' THEN 2 ELSE 3 END, start_min, end_min "
      "  FROM shift_exceptions WHERE date = ?3 AND (?4 <= 0 OR technician_id = ?4)", error);
  LocalMoment m;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (stmt == NULL)
    {
      g_hash_table_unref (on);
      return NULL;
    }
  local_moment (at, &m);
  sqlite3_bind_int (stmt, 1, m.weekday);
  sqlite3_bind_int (stmt, 2, m.weekday == 1 ? 7 : m.weekday - 1);
  sqlite3_bind_text (stmt, 3, m.date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, only);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 tech = sqlite3_column_int64 (stmt, 0);
      int kind = sqlite3_column_int (stmt, 1);
      gboolean whole_day = sqlite3_column_type (stmt, 2) == SQLITE_NULL || sqlite3_column_type (stmt, 3) == SQLITE_NULL;
      int start = sqlite3_column_int (stmt, 2), end = sqlite3_column_int (stmt, 3);
      gboolean covers;
      guint bit;

      switch (kind)
        {
        case ROW_WEEKLY:
          covers = start < end ? m.minute >= start && m.minute < end : m.minute >= start;
          bit = BY_WEEKLY;
          break;
        case ROW_OVERNIGHT:
          covers = m.minute < end;
          bit = BY_WEEKLY;
          break;
        default:
          covers = whole_day || (m.minute >= start && m.minute < end);
          bit = kind == ROW_LEAVE ? BY_LEAVE : BY_EXTRA;
          break;
        }
      if (covers)
        {
          gint64 *k = g_memdup2 (&tech, sizeof tech);
          guint old = GPOINTER_TO_UINT (g_hash_table_lookup (flags, &tech));
          g_hash_table_replace (flags, k, GUINT_TO_POINTER (old | bit));
        }
    }
  if (rc != SQLITE_DONE)
    {
      fail_sql (store, error);
      g_hash_table_unref (on);
      return NULL;
    }
  /* leave removes the weekly shift; an extra shift adds time even then */
  g_hash_table_iter_init (&iter, flags);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint f = GPOINTER_TO_UINT (value);
      if ((f & BY_EXTRA) || ((f & BY_WEEKLY) && !(f & BY_LEAVE)))
        g_hash_table_add (on, g_memdup2 (key, sizeof (gint64)));
    }
  return on;
}

gboolean
kefu_dispatch_is_on_shift (KefuStore  *store,
                           gint64      technician_id,
                           gint64      at,
                           GError    **error)
{
  g_autoptr(GHashTable) on = load_on_shift (store, at > 0 ? at : kefu_store_now (store), technician_id, error);

  return on != NULL && g_hash_table_contains (on, &technician_id);
}

void
kefu_team_member_free (KefuTeamMember *member)
{
  if (member == NULL)
    return;
  g_free (member->name);
  g_free (member);
}

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  const KefuTeamMember *x = *(KefuTeamMember * const *) a;
  const KefuTeamMember *y = *(KefuTeamMember * const *) b;

  if (x->on_shift != y->on_shift)
    return x->on_shift ? -1 : 1;
  if (x->open_jobs != y->open_jobs)
    return x->open_jobs < y->open_jobs ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

GPtrArray *
kefu_dispatch_list_team_members (KefuStore  *store,
                                 gint64      team_id,
                                 gint64      at,
                                 GError    **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_team_member_free);
  g_autoptr(GHashTable) on = load_on_shift (store, at > 0 ? at : kefu_store_now (store), 0, error);
  KEFU_AUTO_STMT *stmt = NULL;
  int rc;

  if (on == NULL)
    return NULL;
  stmt = kefu_store_prepare (store,
      "SELECT tc.id, tc.name, coalesce(o.n, 0), coalesce(o.on_site, 0) FROM technicians tc "
      "LEFT JOIN (SELECT technician_id, count(*) AS n, sum(status = 'on_site') AS on_site FROM tickets "
      "           WHERE status IN (" ASSIGNED_STATES ") AND technician_id IS NOT NULL GROUP BY technician_id) o "
      "  ON o.technician_id = tc.id "
      "WHERE tc.active AND (tc.team_id = ?1 OR tc.id IN (SELECT technician_id FROM technician_teams WHERE team_id = ?1))",
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, team_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KefuTeamMember *m = g_new0 (KefuTeamMember, 1);

      m->id = sqlite3_column_int64 (stmt, 0);
      m->name = g_strdup (kefu_column_text (stmt, 1));
      m->open_jobs = sqlite3_column_int (stmt, 2);
      m->on_shift = g_hash_table_contains (on, &m->id);
      m->status = sqlite3_column_int (stmt, 3) > 0 ? KEFU_TECHNICIAN_ON_SITE
                : m->on_shift ? KEFU_TECHNICIAN_ON_SHIFT : KEFU_TECHNICIAN_OFF;
      g_ptr_array_add (members, m);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);
  g_ptr_array_sort (members, compare_members);
  return g_steal_pointer (&members);
}

char *
kefu_team_member_describe (const KefuTeamMember *member)
{
  g_autofree char *jobs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open job", "%u open jobs", member->open_jobs),
                                           member->open_jobs);
  const char *state;

  if (member->status == KEFU_TECHNICIAN_ON_SITE)
    state = member->on_shift ? _("On site, on shift") : _("On site, off shift");
  else
    state = kefu_technician_status_label (member->status);
  /* Translators: a technician in the Dispatch dialog: name, state, open jobs,
   * e.g. "李师傅 · On shift · 2 open jobs" */
  return g_strdup_printf (_("%s · %s · %s"), member->name, state, jobs);
}

/* The search ------------------------------------------------------------------ */

static void
append_search_forms (GString    *out,
                     const char *name)
{
  g_autofree char *lower = NULL;
  g_autofree char *full = NULL;
  g_autofree char *initials = NULL;

  if (name == NULL || *name == '\0')
    return;
  lower = g_utf8_strdown (name, -1);
  full = kefu_pinyin (name, FALSE);
  initials = kefu_pinyin (name, TRUE);
  g_string_append_printf (out, "%s%s", out->len > 0 ? "\n" : "", lower);
  if (full != NULL && *full != '\0')
    g_string_append_printf (out, "\n%s", full);
  if (initials != NULL && *initials != '\0')
    g_string_append_printf (out, "\n%s", initials);
}

char *
kefu_dispatch_search_text (const char *technician,
                           const char *team)
{
  GString *out = g_string_new (NULL);

  append_search_forms (out, technician);
  append_search_forms (out, team);
  return g_string_free (out, FALSE);
}

gboolean
kefu_dispatch_search_matches (const char *haystack,
                              const char *text)
{
  g_autofree char *needle = NULL;
  g_autoptr(GString) key = g_string_new (NULL);

  if (text == NULL)
    return TRUE;
  needle = g_utf8_strdown (text, -1);
  g_strstrip (needle);
  if (*needle == '\0')
    return TRUE;
  if (haystack == NULL)
    return FALSE;
  if (strstr (haystack, needle) != NULL)
    return TRUE;
  /* "li shi fu", "LSF": pinyin as typed, without spaces */
  return kefu_pinyin_query (needle, key) && strstr (haystack, key->str) != NULL;
}

/* Technicians' settings ------------------------------------------------------ */

/* Runs @sql once, binding the arguments in order by @types: 'x' a gint64
 * (0 or less binds NULL), 'i' an int, 's' a string (NULL or empty binds
 * NULL). With @out, the first column of the first row (0 without a row). */
static gboolean
run_va (KefuStore   *store,
        GError     **error,
        gint64      *out,
        const char  *sql,
        const char  *types,
        va_list      args)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; types[i] != '\0'; i++)
    {
      switch (types[i])
        {
        case 'x': kefu_bind_id_or_null (stmt, i + 1, va_arg (args, gint64)); break;
        case 'i': sqlite3_bind_int (stmt, i + 1, va_arg (args, int)); break;
        case 's': kefu_bind_text_or_null (stmt, i + 1, va_arg (args, const char *)); break;
        default: g_assert_not_reached ();
        }
    }
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fail_sql (store, error);
  if (out != NULL)
    *out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

static gboolean
run (KefuStore   *store,
     GError     **error,
     const char  *sql,
     const char  *types,
     ...)
{
  va_list args;
  gboolean ok;

  va_start (args, types);
  ok = run_va (store, error, NULL, sql, types, args);
  va_end (args);
  return ok;
}

/* -1 on an error */
static gint64
query_int (KefuStore   *store,
           GError     **error,
           const char  *sql,
           const char  *types,
           ...)
{
  va_list args;
  gint64 value = 0;
  gboolean ok;

  va_start (args, types);
  ok = run_va (store, error, &value, sql, types, args);
  va_end (args);
  return ok ? value : -1;
}

/* The technician's name, or NULL with an error when there is none. */
static char *
technician_name (KefuStore  *store,
                 gint64      technician_id,
                 GError    **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, "SELECT name FROM technicians WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, technician_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Technician %lld no longer exists."),
                   (long long) technician_id);
      return NULL;
    }
  return g_strdup (kefu_column_text (stmt, 0));
}

static char *
team_name (KefuStore  *store,
           gint64      team_id,
           GError    **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, "SELECT name FROM teams WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, team_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Team %lld no longer exists."), (long long) team_id);
      return NULL;
    }
  return g_strdup (kefu_column_text (stmt, 0));
}

static const char *
weekday_label (int weekday)
{
  static const char *names[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                                 N_("Saturday"), N_("Sunday") };
  return weekday >= 1 && weekday <= 7 ? _(names[weekday - 1]) : "?";
}

/* "08:00–12:00", for messages and the audit log */
static char *
format_span (int from_min,
             int to_min)
{
  g_autofree char *a = format_minute (from_min);
  g_autofree char *b = format_minute (to_min);

  return g_strdup_printf ("%s–%s", a, b);
}

/* "2026-12-01", or NULL with an error */
static char *
canonical_date (const char  *date,
                GError     **error)
{
  int y = 0, m = 0, d = 0;

  if (date == NULL || sscanf (date, "%d-%d-%d", &y, &m, &d) != 3 || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31
      || !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Leave or extra shift: “%s” is not a date like 2026-12-01."),
                   date != NULL ? date : "");
      return NULL;
    }
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

/* A comma list of valid sub-type codes, each once; or NULL with an error
 * naming the unknown one (in a technician's @skills or a team's sub-types). */
static char *
clean_subtypes (const char  *codes,
                gboolean     skills,
                GError     **error)
{
  g_auto(GStrv) items = g_strsplit_set (codes != NULL ? codes : "", ",，、 ", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GString *clean = g_string_new (NULL);

  for (guint i = 0; items[i] != NULL; i++)
    {

      if (*items[i] == '\0')
        continue;
      if (!kefu_code_is_valid (KEFU_CODES_SUBTYPE, items[i]))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       skills ? _("Technician's skills: “%s” is not a ticket sub-type code.")
                              : _("Team's sub-types: “%s” is not a ticket sub-type code."), items[i]);
          g_string_free (clean, TRUE);
          return NULL;
        }
      if (!g_hash_table_add (seen, items[i]))
        continue;
      g_string_append_printf (clean, "%s%s", clean->len > 0 ? "," : "", items[i]);
    }
  return g_string_free (clean, FALSE);
}

void
kefu_shift_exception_free (KefuShiftException *x)
{
  if (x == NULL)
    return;
  g_free (x->date);
  g_free (x->kind);
  g_free (x->note);
  g_free (x);
}

void
kefu_technician_schedule_free (KefuTechnicianSchedule *s)
{
  if (s == NULL)
    return;
  g_free (s->name);
  g_free (s->team_name);
  g_free (s->phone);
  g_free (s->skills);
  g_clear_pointer (&s->other_teams, g_array_unref);
  g_clear_pointer (&s->buildings, g_array_unref);
  g_clear_pointer (&s->shifts, g_array_unref);
  g_clear_pointer (&s->exceptions, g_ptr_array_unref);
  g_free (s);
}

GPtrArray *
kefu_dispatch_list_schedules (KefuStore   *store,
                              const char  *from_date,
                              GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_technician_schedule_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  KEFU_AUTO_STMT *techs = kefu_store_prepare (store,
      "SELECT tc.id, tc.name, tc.team_id, tm.name, tc.phone, tc.skills, tc.active FROM technicians tc "
      "JOIN teams tm ON tm.id = tc.team_id ORDER BY NOT tc.active, tm.is_contractor, tm.id, tc.id", error);
  KEFU_AUTO_STMT *shifts = NULL;
  KEFU_AUTO_STMT *links = NULL;
  KEFU_AUTO_STMT *exceptions = NULL;
  int rc;

  if (techs == NULL)
    return NULL;
  while ((rc = sqlite3_step (techs)) == SQLITE_ROW)
    {
      KefuTechnicianSchedule *s = g_new0 (KefuTechnicianSchedule, 1);

      s->id = sqlite3_column_int64 (techs, 0);
      s->name = g_strdup (kefu_column_text (techs, 1));
      s->team_id = sqlite3_column_int64 (techs, 2);
      s->team_name = g_strdup (kefu_column_text (techs, 3));
      s->phone = g_strdup (kefu_column_text (techs, 4));
      s->skills = g_strdup (kefu_column_text (techs, 5));
      s->active = sqlite3_column_int (techs, 6) != 0;
      for (int d = 0; d < 7; d++)
        s->shift_from[d] = s->shift_to[d] = -1;
      s->other_teams = g_array_new (FALSE, FALSE, sizeof (gint64));
      s->buildings = g_array_new (FALSE, FALSE, sizeof (gint64));
      s->shifts = g_array_new (FALSE, FALSE, sizeof (KefuShift));
      s->exceptions = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_shift_exception_free);
      g_ptr_array_add (list, s);
      g_hash_table_insert (by_id, &s->id, s);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);

  shifts = kefu_store_prepare (store,
      "SELECT technician_id, id, weekday, start_min, end_min FROM shifts ORDER BY weekday, start_min, id", error);
  if (shifts == NULL)
    return NULL;
  while ((rc = sqlite3_step (shifts)) == SQLITE_ROW)
    {
      gint64 tech = sqlite3_column_int64 (shifts, 0);
      KefuTechnicianSchedule *s = g_hash_table_lookup (by_id, &tech);
      KefuShift shift;

      shift.id = sqlite3_column_int64 (shifts, 1);
      shift.weekday = sqlite3_column_int (shifts, 2);
      shift.from_min = sqlite3_column_int (shifts, 3);
      shift.to_min = sqlite3_column_int (shifts, 4);
      if (s == NULL || shift.weekday < 1 || shift.weekday > 7)
        continue;
      g_array_append_val (s->shifts, shift);
      if (s->shift_from[shift.weekday - 1] < 0)
        {
          s->shift_from[shift.weekday - 1] = shift.from_min;
          s->shift_to[shift.weekday - 1] = shift.to_min;
        }
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);

  /* 0: another team; 1: a building */
  links = kefu_store_prepare (store,
      "SELECT technician_id, 0, x.team_id FROM technician_teams x JOIN teams tm ON tm.id = x.team_id "
      "UNION ALL SELECT technician_id, 1, building_id FROM technician_buildings ORDER BY 2, 3", error);
  if (links == NULL)
    return NULL;
  while ((rc = sqlite3_step (links)) == SQLITE_ROW)
    {
      gint64 tech = sqlite3_column_int64 (links, 0);
      gint64 id = sqlite3_column_int64 (links, 2);
      KefuTechnicianSchedule *s = g_hash_table_lookup (by_id, &tech);

      if (s != NULL)
        g_array_append_val (sqlite3_column_int (links, 1) == 0 ? s->other_teams : s->buildings, id);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);

  exceptions = kefu_store_prepare (store,
      "SELECT id, technician_id, date, kind, start_min, end_min, note, coalesce(swap_id, 0) FROM shift_exceptions "
      "WHERE date >= ? ORDER BY date, coalesce(start_min, -1), id", error);
  if (exceptions == NULL)
    return NULL;
  sqlite3_bind_text (exceptions, 1, from_date != NULL ? from_date : "", -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (exceptions)) == SQLITE_ROW)
    {
      gint64 tech = sqlite3_column_int64 (exceptions, 1);
      KefuTechnicianSchedule *s = g_hash_table_lookup (by_id, &tech);
      KefuShiftException *x;
      gboolean whole_day = sqlite3_column_type (exceptions, 4) == SQLITE_NULL || sqlite3_column_type (exceptions, 5) == SQLITE_NULL;

      if (s == NULL)
        continue;
      x = g_new0 (KefuShiftException, 1);
      x->id = sqlite3_column_int64 (exceptions, 0);
      x->date = g_strdup (kefu_column_text (exceptions, 2));
      x->kind = g_strdup (kefu_column_text (exceptions, 3));
      x->from_min = whole_day ? -1 : sqlite3_column_int (exceptions, 4);
      x->to_min = whole_day ? -1 : sqlite3_column_int (exceptions, 5);
      x->note = g_strdup (kefu_column_text (exceptions, 6));
      x->swap_id = sqlite3_column_int64 (exceptions, 7);
      g_ptr_array_add (s->exceptions, x);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);
  return g_steal_pointer (&list);
}

static gboolean
check_times (int          from_min,
             int          to_min,
             gboolean     may_wrap,
             GError     **error)
{
  if (from_min < 0 || from_min > 1440 || to_min < 0 || to_min > 1440 || from_min == to_min
      || (!may_wrap && to_min < from_min) || (may_wrap && from_min == 1440))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   may_wrap ? _("Shift times: the start and the end must be different times of day between 00:00 and 24:00.")
                            : _("Exception times: the end must come after the start, between 00:00 and 24:00."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_weekday (int      weekday,
               GError **error)
{
  if (weekday < 1 || weekday > 7)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Shift: weekday %d is not between 1 (Monday) and 7 (Sunday)."),
                   weekday);
      return FALSE;
    }
  return TRUE;
}

gboolean
kefu_dispatch_set_shift (KefuStore   *store,
                         gint64       technician_id,
                         int          weekday,
                         int          from_min,
                         int          to_min,
                         GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  if (!may_dispatch (store, error) || !check_weekday (weekday, error))
    return FALSE;
  if (from_min >= 0 && !check_times (from_min, to_min, TRUE, error))
    return FALSE;
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = (name = technician_name (store, technician_id, error)) != NULL
       && run (store, error, "DELETE FROM shifts WHERE technician_id = ? AND weekday = ?", "xi", technician_id, weekday)
       && (from_min < 0
           || run (store, error, "INSERT INTO shifts (technician_id, weekday, start_min, end_min) VALUES (?, ?, ?, ?)", "xiii",
                   technician_id, weekday, from_min, to_min));
  if (ok)
    {
      g_autofree char *span = from_min >= 0 ? format_span (from_min, to_min) : g_strdup ("off");
      detail = g_strdup_printf ("%s: weekday %d %s", name, weekday, span);
      ok = audit (store, "set_shift", "technicians", technician_id, detail, error);
    }
  return finish (store, ok, error);
}

/* A shift on the week's line of minutes, Monday 00:00 = 0. */
#define WEEK_MINUTES (7 * 1440)

static void
week_span (int  weekday,
           int  from_min,
           int  to_min,
           int *start,
           int *end)
{
  *start = (weekday - 1) * 1440 + from_min;
  *end = (weekday - 1) * 1440 + (to_min > from_min ? to_min : 1440 + to_min);
}

gint64
kefu_dispatch_add_shift (KefuStore   *store,
                         gint64       technician_id,
                         int          weekday,
                         int          from_min,
                         int          to_min,
                         GError     **error)
{
  KEFU_AUTO_STMT *others = NULL;
  g_autofree char *name = NULL;
  gint64 id = 0;
  int start, end, rc;
  gboolean ok;

  if (!may_dispatch (store, error) || !check_weekday (weekday, error) || !check_times (from_min, to_min, TRUE, error))
    return 0;
  if (!kefu_store_begin (store, error))
    return 0;
  ok = (name = technician_name (store, technician_id, error)) != NULL
       && (others = kefu_store_prepare (store, "SELECT weekday, start_min, end_min FROM shifts WHERE technician_id = ?", error)) != NULL;
  week_span (weekday, from_min, to_min, &start, &end);
  if (ok)
    {
      sqlite3_bind_int64 (others, 1, technician_id);
      while (ok && (rc = sqlite3_step (others)) == SQLITE_ROW)
        {
          int day = sqlite3_column_int (others, 0), s = sqlite3_column_int (others, 1), e = sqlite3_column_int (others, 2);
          int o_start, o_end;

          week_span (day, s, e, &o_start, &o_end);
          /* the week wraps: Sunday night runs into Monday morning */
          for (int k = -1; k <= 1; k++)
            if (start < o_end + k * WEEK_MINUTES && o_start + k * WEEK_MINUTES < end)
              {
                g_autofree char *mine = format_span (from_min, to_min);
                g_autofree char *theirs = format_span (s, e);

                g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                             _("The shift %s on %s overlaps %s’s shift %s on %s."),
                             mine, weekday_label (weekday), name, theirs, weekday_label (day));
                ok = FALSE;
                break;
              }
        }
      if (ok && rc != SQLITE_DONE)
        ok = fail_sql (store, error);
    }
  if (ok)
    ok = run (store, error, "INSERT INTO shifts (technician_id, weekday, start_min, end_min) VALUES (?, ?, ?, ?)", "xiii",
              technician_id, weekday, from_min, to_min);
  if (ok)
    {
      g_autofree char *span = format_span (from_min, to_min);
      g_autofree char *detail = g_strdup_printf ("%s: weekday %d %s", name, weekday, span);

      id = sqlite3_last_insert_rowid (kefu_store_get_db (store));
      ok = audit (store, "add_shift", "technicians", technician_id, detail, error);
    }
  if (!finish (store, ok, error))
    return 0;
  return id;
}

gboolean
kefu_dispatch_remove_shift (KefuStore  *store,
                            gint64      shift_id,
                            GError    **error)
{
  KEFU_AUTO_STMT *stmt = NULL;
  g_autofree char *detail = NULL;
  gint64 technician_id = 0;
  gboolean ok;

  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  stmt = kefu_store_prepare (store,
      "SELECT s.technician_id, tc.name, s.weekday, s.start_min, s.end_min FROM shifts s "
      "JOIN technicians tc ON tc.id = s.technician_id WHERE s.id = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, shift_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *span = format_span (sqlite3_column_int (stmt, 3), sqlite3_column_int (stmt, 4));

          technician_id = sqlite3_column_int64 (stmt, 0);
          detail = g_strdup_printf ("%s: weekday %d %s", kefu_column_text (stmt, 1), sqlite3_column_int (stmt, 2), span);
        }
      else
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("This shift no longer exists."));
          ok = FALSE;
        }
    }
  ok = ok && run (store, error, "DELETE FROM shifts WHERE id = ?", "x", shift_id)
       && audit (store, "remove_shift", "technicians", technician_id, detail, error);
  return finish (store, ok, error);
}

static gint64
insert_exception (KefuStore   *store,
                  gint64       technician_id,
                  const char  *date,
                  const char  *kind,
                  int          from_min,
                  int          to_min,
                  const char  *note,
                  gint64       swap_id,
                  GError     **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "INSERT INTO shift_exceptions (technician_id, date, kind, start_min, end_min, note, swap_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
      error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, technician_id);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_TRANSIENT);
  if (from_min >= 0)
    {
      sqlite3_bind_int (stmt, 4, from_min);
      sqlite3_bind_int (stmt, 5, to_min);
    }
  else
    {
      sqlite3_bind_null (stmt, 4);
      sqlite3_bind_null (stmt, 5);
    }
  kefu_bind_text_or_null (stmt, 6, note);
  kefu_bind_id_or_null (stmt, 7, swap_id);
  if (!step_done (store, stmt, error))
    return 0;
  return sqlite3_last_insert_rowid (kefu_store_get_db (store));
}

gint64
kefu_dispatch_add_exception (KefuStore   *store,
                             gint64       technician_id,
                             const char  *date,
                             const char  *kind,
                             int          from_min,
                             int          to_min,
                             const char  *note,
                             GError     **error)
{
  g_autofree char *clean_note = g_strstrip (g_strdup (note != NULL ? note : ""));
  g_autofree char *canonical = NULL;
  g_autofree char *name = NULL;
  gint64 id = 0;

  if (!may_dispatch (store, error))
    return 0;
  if ((canonical = canonical_date (date, error)) == NULL)
    return 0;
  if (g_strcmp0 (kind, "leave") != 0 && g_strcmp0 (kind, "extra") != 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Shift exception: the kind must be leave or extra shift."));
      return 0;
    }
  if (from_min >= 0 && !check_times (from_min, to_min, FALSE, error))
    return 0;
  if (!kefu_store_begin (store, error))
    return 0;
  if ((name = technician_name (store, technician_id, error)) != NULL
      && (id = insert_exception (store, technician_id, canonical, kind, from_min, to_min, clean_note, 0, error)) > 0)
    {
      g_autofree char *span = from_min >= 0 ? format_span (from_min, to_min) : g_strdup ("whole day");
      g_autofree char *detail = g_strdup_printf ("%s: %s %s %s%s%s", name, kind, canonical, span,
                                                 *clean_note != '\0' ? " · " : "", clean_note);

      if (!audit (store, "add_exception", "technicians", technician_id, detail, error))
        id = 0;
    }
  if (!finish (store, id > 0, error))
    return 0;
  return id;
}

gboolean
kefu_dispatch_remove_exception (KefuStore   *store,
                                gint64       exception_id,
                                GError     **error)
{
  KEFU_AUTO_STMT *stmt = NULL;
  g_autofree char *detail = NULL;
  gint64 technician_id = 0, swap_id = 0;
  gboolean ok;

  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  stmt = kefu_store_prepare (store,
      "SELECT x.technician_id, tc.name, x.kind, x.date, coalesce(x.swap_id, 0) FROM shift_exceptions x "
      "JOIN technicians tc ON tc.id = x.technician_id WHERE x.id = ?", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, exception_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          technician_id = sqlite3_column_int64 (stmt, 0);
          swap_id = sqlite3_column_int64 (stmt, 4);
          detail = g_strdup_printf ("%s: %s %s%s", kefu_column_text (stmt, 1),
                                    swap_id > 0 ? "swap" : kefu_column_text (stmt, 2), kefu_column_text (stmt, 3),
                                    swap_id > 0 ? " (the whole swap)" : "");
        }
      else
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("This leave or extra shift no longer exists."));
          ok = FALSE;
        }
    }
  /* a swap goes as one: the leave and the extra shifts it linked */
  ok = ok && run (store, error, "DELETE FROM shift_exceptions WHERE id = ?1 OR swap_id = ?2", "xx", exception_id, swap_id);
  return finish (store, ok && audit (store, swap_id > 0 ? "remove_swap" : "remove_exception", "technicians", technician_id,
                                     detail, error), error);
}

/* The date after @date ("YYYY-MM-DD", valid) */
static char *
next_date (const char *date)
{
  int y, m, d;
  g_autoptr(GDate) day = NULL;
  char buf[11];

  sscanf (date, "%d-%d-%d", &y, &m, &d);
  day = g_date_new_dmy (d, m, y);
  g_date_add_days (day, 1);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", day);
  return g_strdup (buf);
}

gint64
kefu_dispatch_swap_shift (KefuStore   *store,
                          gint64       technician_id,
                          gint64       with_id,
                          const char  *date,
                          GError     **error)
{
  KEFU_AUTO_STMT *shifts = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *tomorrow = NULL;
  g_autofree char *name = NULL;
  g_autofree char *with = NULL;
  g_autofree char *note_a = NULL;
  g_autofree char *note_b = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (int));
  gint64 swap_id = 0;
  gboolean ok;
  int y, m, d, weekday, rc;

  if (!may_dispatch (store, error) || (canonical = canonical_date (date, error)) == NULL)
    return 0;
  if (technician_id == with_id)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Swap shift: choose another technician to work the shift."));
      return 0;
    }
  sscanf (canonical, "%d-%d-%d", &y, &m, &d);
  {
    g_autoptr(GDate) day = g_date_new_dmy (d, m, y);
    weekday = g_date_get_weekday (day);   /* G_DATE_MONDAY = 1 … G_DATE_SUNDAY = 7 */
  }
  tomorrow = next_date (canonical);
  if (!kefu_store_begin (store, error))
    return 0;
  ok = (name = technician_name (store, technician_id, error)) != NULL
       && (with = technician_name (store, with_id, error)) != NULL;
  if (ok && query_int (store, error, "SELECT active FROM technicians WHERE id = ?", "x", with_id) != 1)
    {
      g_clear_error (error);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Swap shift: %s is deactivated."), with);
      ok = FALSE;
    }
  if (ok)
    {
      shifts = kefu_store_prepare (store,
          "SELECT start_min, end_min FROM shifts WHERE technician_id = ? AND weekday = ? ORDER BY start_min", error);
      ok = shifts != NULL;
    }
  if (ok)
    {
      sqlite3_bind_int64 (shifts, 1, technician_id);
      sqlite3_bind_int (shifts, 2, weekday);
      while ((rc = sqlite3_step (shifts)) == SQLITE_ROW)
        {
          int s = sqlite3_column_int (shifts, 0), e = sqlite3_column_int (shifts, 1);
          g_array_append_val (spans, s);
          g_array_append_val (spans, e);
        }
      if (rc != SQLITE_DONE)
        ok = fail_sql (store, error);
      else if (spans->len == 0)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Swap shift: %s has no shift on %s (%s) to swap."),
                       name, canonical, weekday_label (weekday));
          ok = FALSE;
        }
    }
  /* Translators: the note on both sides of a swapped shift (调班); %s is the other technician */
  note_a = g_strdup_printf (_("Shift swap with %s"), with);
  note_b = g_strdup_printf (_("Shift swap with %s"), name);
  for (guint i = 0; ok && i < spans->len; i += 2)
    {
      int s = g_array_index (spans, int, i), e = g_array_index (spans, int, i + 1);
      /* a shift past midnight is the evening of the date and the morning after */
      struct { const char *date; int from, to; } pieces[2] = {
        { canonical, s, e > s ? e : 1440 },
        { tomorrow, 0, e > s ? 0 : e },
      };

      for (guint p = 0; ok && p < G_N_ELEMENTS (pieces); p++)
        {
          gint64 leave, extra;

          if (pieces[p].to <= pieces[p].from)
            continue;
          leave = insert_exception (store, technician_id, pieces[p].date, "leave", pieces[p].from, pieces[p].to, note_a, swap_id, error);
          if (leave > 0 && swap_id == 0)
            {
              swap_id = leave;
              ok = run (store, error, "UPDATE shift_exceptions SET swap_id = ?1 WHERE id = ?1", "x", swap_id);
            }
          extra = insert_exception (store, with_id, pieces[p].date, "extra", pieces[p].from, pieces[p].to, note_b, swap_id, error);
          ok = ok && leave > 0 && extra > 0;
        }
    }
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s → %s: %s", name, with, canonical);
      ok = audit (store, "swap_shift", "technicians", technician_id, detail, error);
    }
  if (!finish (store, ok, error))
    return 0;
  return swap_id;
}

gboolean
kefu_dispatch_update_technician (KefuStore   *store,
                                 gint64       technician_id,
                                 const char  *phone,
                                 const char  *skills,
                                 GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *clean_phone = g_strstrip (g_strdup (phone != NULL ? phone : ""));
  g_autofree char *name = NULL;
  gboolean ok;

  if (!may_dispatch (store, error) || (clean = clean_subtypes (skills, TRUE, error)) == NULL)
    return FALSE;
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = (name = technician_name (store, technician_id, error)) != NULL
       && run (store, error, "UPDATE technicians SET phone = ?, skills = coalesce(?, '') WHERE id = ?", "ssx",
               clean_phone, clean, technician_id);
  if (ok)
    {
      /* the phone number itself stays out of the audit log */
      g_autofree char *detail = g_strdup_printf ("%s: phone %s, skills %s", name, *clean_phone ? "set" : "-",
                                                 *clean ? clean : "-");
      ok = audit (store, "update_technician", "technicians", technician_id, detail, error);
    }
  return finish (store, ok, error);
}

/* The name trimmed, or NULL with an error when it is empty. */
static char *
clean_name (const char  *name,
            const char  *empty_message,
            GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (*clean == '\0')
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, empty_message);
      return NULL;
    }
  return g_steal_pointer (&clean);
}

gint64
kefu_dispatch_add_technician (KefuStore   *store,
                              const char  *name,
                              const char  *phone,
                              gint64       team_id,
                              GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *clean_phone = g_strstrip (g_strdup (phone != NULL ? phone : ""));
  g_autofree char *team = NULL;
  gint64 id = 0;
  gboolean ok;

  if (!may_dispatch (store, error) || (clean = clean_name (name, _("Give the technician a name."), error)) == NULL)
    return 0;
  if (team_id <= 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Choose the technician’s team."));
      return 0;
    }
  if (!kefu_store_begin (store, error))
    return 0;
  ok = (team = team_name (store, team_id, error)) != NULL
       && run (store, error, "INSERT INTO technicians (name, phone, team_id) VALUES (?, ?, ?)", "ssx", clean, clean_phone, team_id);
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s, %s", clean, team);

      id = sqlite3_last_insert_rowid (kefu_store_get_db (store));
      ok = audit (store, "add_technician", "technicians", id, detail, error);
    }
  if (!finish (store, ok, error))
    return 0;
  return id;
}

gboolean
kefu_dispatch_rename_technician (KefuStore   *store,
                                 gint64       technician_id,
                                 const char  *name,
                                 GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *old = NULL;
  gboolean ok;

  if (!may_dispatch (store, error) || (clean = clean_name (name, _("Give the technician a name."), error)) == NULL)
    return FALSE;
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = (old = technician_name (store, technician_id, error)) != NULL
       && run (store, error, "UPDATE technicians SET name = ? WHERE id = ?", "sx", clean, technician_id);
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s → %s", old, clean);
      ok = audit (store, "rename_technician", "technicians", technician_id, detail, error);
    }
  return finish (store, ok, error);
}

gboolean
kefu_dispatch_set_technician_active (KefuStore  *store,
                                     gint64      technician_id,
                                     gboolean    active,
                                     GError    **error)
{
  g_autofree char *name = NULL;
  gint64 open = 0;
  gboolean ok;

  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  ok = (name = technician_name (store, technician_id, error)) != NULL;
  if (ok && !active)
    {
      open = query_int (store, error, "SELECT count(*) FROM tickets WHERE technician_id = ? AND status IN (" ASSIGNED_STATES ")",
                        "x", technician_id);
      ok = open >= 0;
      if (open > 0)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE, "%s still has %u open job: give it to someone else on the board first.",
                                    "%s still has %u open jobs: give them to someone else on the board first.", (gulong) open),
                       name, (guint) open);
          ok = FALSE;
        }
    }
  ok = ok && run (store, error, "UPDATE technicians SET active = ? WHERE id = ?", "ix", active != 0, technician_id)
       && audit (store, active ? "activate_technician" : "deactivate_technician", "technicians", technician_id, name, error);
  return finish (store, ok, error);
}

gboolean
kefu_dispatch_set_technician_teams (KefuStore     *store,
                                    gint64         technician_id,
                                    gint64         team_id,
                                    const gint64  *other_teams,
                                    guint          n_other_teams,
                                    GError       **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  gboolean ok;

  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  ok = (name = technician_name (store, technician_id, error)) != NULL;
  if (ok)
    {
      g_autofree char *primary = team_name (store, team_id, error);

      ok = primary != NULL;
      if (ok)
        g_string_printf (detail, "%s: %s", name, primary);
    }
  ok = ok && run (store, error, "UPDATE technicians SET team_id = ? WHERE id = ?", "xx", team_id, technician_id)
       && run (store, error, "DELETE FROM technician_teams WHERE technician_id = ?", "x", technician_id);
  for (guint i = 0; ok && i < n_other_teams; i++)
    {
      g_autofree char *other = NULL;

      if (other_teams[i] == team_id)
        continue;
      ok = (other = team_name (store, other_teams[i], error)) != NULL
           && run (store, error, "INSERT OR IGNORE INTO technician_teams (technician_id, team_id) VALUES (?, ?)", "xx",
                   technician_id, other_teams[i]);
      if (ok)
        g_string_append_printf (detail, ", %s", other);
    }
  ok = ok && audit (store, "set_technician_teams", "technicians", technician_id, detail->str, error);
  return finish (store, ok, error);
}

gboolean
kefu_dispatch_set_technician_buildings (KefuStore     *store,
                                        gint64         technician_id,
                                        const gint64  *buildings,
                                        guint          n_buildings,
                                        GError       **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GString) detail = g_string_new (NULL);
  gboolean ok;

  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  ok = (name = technician_name (store, technician_id, error)) != NULL
       && run (store, error, "DELETE FROM technician_buildings WHERE technician_id = ?", "x", technician_id);
  if (ok)
    g_string_printf (detail, "%s:", name);
  for (guint i = 0; ok && i < n_buildings; i++)
    {
      KEFU_AUTO_STMT *building = kefu_store_prepare (store, "SELECT name FROM buildings WHERE id = ?", error);

      ok = building != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (building, 1, buildings[i]);
          if (sqlite3_step (building) != SQLITE_ROW)
            {
              g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Building %lld no longer exists."),
                           (long long) buildings[i]);
              ok = FALSE;
            }
          else
            g_string_append_printf (detail, " %s", kefu_column_text (building, 0));
        }
      ok = ok && run (store, error, "INSERT OR IGNORE INTO technician_buildings (technician_id, building_id) VALUES (?, ?)", "xx",
                      technician_id, buildings[i]);
    }
  ok = ok && audit (store, "set_technician_buildings", "technicians", technician_id, detail->str, error);
  return finish (store, ok, error);
}

GListStore *
kefu_dispatch_list_buildings (KefuStore  *store,
                              GError    **error)
{
  g_autoptr(GListStore) list = g_list_store_new (KEFU_TYPE_CHOICE);
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT b.id, b.name, e.name FROM buildings b JOIN estates e ON e.id = b.estate_id "
      "ORDER BY e.id, CAST(b.name AS INTEGER), b.name, b.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KefuChoice) c = kefu_choice_new (sqlite3_column_int64 (stmt, 0), kefu_column_text (stmt, 1),
                                                 kefu_column_text (stmt, 2));
      g_list_store_append (list, c);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);
  return g_steal_pointer (&list);
}

/* Teams ---------------------------------------------------------------------- */

void
kefu_team_free (KefuTeam *team)
{
  if (team == NULL)
    return;
  g_free (team->name);
  g_free (team->subtypes);
  g_free (team->suspended_reason);
  g_free (team);
}

GPtrArray *
kefu_dispatch_list_teams (KefuStore  *store,
                          GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_team_free);
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT tm.id, tm.name, tm.subtypes, tm.is_contractor, tm.suspended, tm.suspended_reason, "
      "  (SELECT count(*) FROM technicians tc WHERE tc.active AND (tc.team_id = tm.id "
      "     OR tc.id IN (SELECT technician_id FROM technician_teams x WHERE x.team_id = tm.id))), "
      "  (SELECT count(*) FROM tickets t WHERE t.team_id = tm.id AND t.status IN (" KEFU_OPEN_STATUSES ")) "
      "FROM teams tm ORDER BY tm.is_contractor, tm.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KefuTeam *t = g_new0 (KefuTeam, 1);

      t->id = sqlite3_column_int64 (stmt, 0);
      t->name = g_strdup (kefu_column_text (stmt, 1));
      t->subtypes = g_strdup (kefu_column_text (stmt, 2) != NULL ? kefu_column_text (stmt, 2) : "");
      t->contractor = sqlite3_column_int (stmt, 3) != 0;
      t->suspended = sqlite3_column_int (stmt, 4) != 0;
      t->suspended_reason = g_strdup (kefu_column_text (stmt, 5));
      t->technicians = sqlite3_column_int (stmt, 6);
      t->open_tickets = sqlite3_column_int (stmt, 7);
      g_ptr_array_add (list, t);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);
  return g_steal_pointer (&list);
}

/* A team's name must be unique; @except is the team being renamed. */
static gboolean
check_team_name (KefuStore   *store,
                 const char  *name,
                 gint64       except,
                 GError     **error)
{
  gint64 other = query_int (store, error, "SELECT id FROM teams WHERE name = ? AND id IS NOT ?", "sx", name, except);

  if (other > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("There is already a team called “%s”."), name);
      return FALSE;
    }
  return other == 0;
}

gint64
kefu_dispatch_add_team (KefuStore   *store,
                        const char  *name,
                        const char  *subtypes,
                        gboolean     contractor,
                        GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *codes = NULL;
  gint64 id = 0;
  gboolean ok;

  if (!may_dispatch (store, error) || (clean = clean_name (name, _("Give the team a name."), error)) == NULL
      || (codes = clean_subtypes (subtypes, FALSE, error)) == NULL)
    return 0;
  if (!kefu_store_begin (store, error))
    return 0;
  ok = check_team_name (store, clean, 0, error)
       && run (store, error, "INSERT INTO teams (name, subtypes, is_contractor) VALUES (?, coalesce(?, ''), ?)", "ssi",
               clean, codes, contractor != 0);
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s: %s%s", clean, *codes ? codes : "-", contractor ? ", contractor" : "");

      id = sqlite3_last_insert_rowid (kefu_store_get_db (store));
      ok = audit (store, "add_team", "teams", id, detail, error);
    }
  if (!finish (store, ok, error))
    return 0;
  return id;
}

gboolean
kefu_dispatch_update_team (KefuStore   *store,
                           gint64       team_id,
                           const char  *name,
                           const char  *subtypes,
                           gboolean     contractor,
                           GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *codes = NULL;
  g_autofree char *old = NULL;
  gboolean ok;

  if (!may_dispatch (store, error) || (clean = clean_name (name, _("Give the team a name."), error)) == NULL
      || (codes = clean_subtypes (subtypes, FALSE, error)) == NULL)
    return FALSE;
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = (old = team_name (store, team_id, error)) != NULL
       && check_team_name (store, clean, team_id, error)
       && run (store, error, "UPDATE teams SET name = ?, subtypes = coalesce(?, ''), is_contractor = ? WHERE id = ?", "ssix",
               clean, codes, contractor != 0, team_id);
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("%s%s%s: %s%s", old, g_strcmp0 (old, clean) != 0 ? " → " : "",
                                                 g_strcmp0 (old, clean) != 0 ? clean : "", *codes ? codes : "-",
                                                 contractor ? ", contractor" : "");
      ok = audit (store, "update_team", "teams", team_id, detail, error);
    }
  return finish (store, ok, error);
}

gboolean
kefu_dispatch_delete_team (KefuStore  *store,
                           gint64      team_id,
                           GError    **error)
{
  g_autofree char *name = NULL;
  gint64 n;
  gboolean ok;

  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  ok = (name = team_name (store, team_id, error)) != NULL;
  /* each reason it must stay, in the order a dispatcher would clear them */
  if (ok && (n = query_int (store, error,
                            "SELECT count(*) FROM technicians tc WHERE tc.team_id = ?1 "
                            "OR (tc.active AND tc.id IN (SELECT technician_id FROM technician_teams WHERE team_id = ?1))",
                            "x", team_id)) != 0)
    {
      if (n > 0)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE, "%s still has %u technician: move them to another team first.",
                                  "%s still has %u technicians: move them to another team first.", (gulong) n),
                     name, (guint) n);
      ok = FALSE;
    }
  if (ok && (n = query_int (store, error, "SELECT count(*) FROM tickets WHERE team_id = ? AND status IN (" KEFU_OPEN_STATUSES ")",
                            "x", team_id)) != 0)
    {
      if (n > 0)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE, "%s has %u open ticket: finish it or give it to another team first.",
                                  "%s has %u open tickets: finish them or give them to another team first.", (gulong) n),
                     name, (guint) n);
      ok = FALSE;
    }
  if (ok && (n = query_int (store, error, "SELECT count(*) FROM dispatch_rules WHERE team_id = ?", "x", team_id)) != 0)
    {
      if (n > 0)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     g_dngettext (GETTEXT_PACKAGE, "%u dispatch rule sends jobs to %s: change or delete it first.",
                                  "%u dispatch rules send jobs to %s: change or delete them first.", (gulong) n),
                     (guint) n, name);
      ok = FALSE;
    }
  if (ok && (n = query_int (store, error,
                            "SELECT (SELECT count(*) FROM tickets WHERE team_id = ?1) "
                            "+ (SELECT count(*) FROM dispatch_moves WHERE from_team_id = ?1 OR to_team_id = ?1)",
                            "x", team_id)) != 0)
    {
      if (n > 0)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("%s handled past tickets, and their history names it: it cannot be deleted. Rename it instead."), name);
      ok = FALSE;
    }
  ok = ok && run (store, error, "DELETE FROM teams WHERE id = ?", "x", team_id)
       && audit (store, "delete_team", "teams", team_id, name, error);
  return finish (store, ok, error);
}

/* The engine ---------------------------------------------------------------- */

typedef struct {
  gint64    id;
  char     *name;
  gint64    team_id;
  GStrv     skills;
  GArray   *buildings;   /* gint64 */
  guint     open;
} Tech;

typedef struct {
  gint64     id;
  char      *name;
  gboolean   contractor;
  gboolean   suspended;
  char      *suspended_reason;
  GPtrArray *techs;      /* Tech, owned by Engine.techs */
} Team;

typedef struct {
  KefuStore  *store;
  gint64      at;
  GHashTable *on_shift;  /* moment → set of technician ids on shift then */
  GPtrArray  *rules;     /* active, in order */
  GHashTable *teams;     /* id → Team */
  GPtrArray  *techs;     /* Tech */
} Engine;

static void
tech_free (Tech *t)
{
  g_free (t->name);
  g_strfreev (t->skills);
  g_array_unref (t->buildings);
  g_free (t);
}

static void
team_free (Team *t)
{
  g_free (t->name);
  g_free (t->suspended_reason);
  g_ptr_array_unref (t->techs);
  g_free (t);
}

static void
engine_free (Engine *e)
{
  g_clear_pointer (&e->rules, g_ptr_array_unref);
  g_clear_pointer (&e->teams, g_hash_table_unref);
  g_clear_pointer (&e->techs, g_ptr_array_unref);
  g_clear_pointer (&e->on_shift, g_hash_table_unref);
  g_free (e);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Engine, engine_free)

static Engine *
engine_load (KefuStore  *store,
             gint64      at,
             GError    **error)
{
  g_autoptr(Engine) e = g_new0 (Engine, 1);
  GHashTable *on = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  KEFU_AUTO_STMT *teams = NULL;
  KEFU_AUTO_STMT *techs = NULL;
  KEFU_AUTO_STMT *others = NULL;
  KEFU_AUTO_STMT *areas = NULL;
  int rc;

  e->store = store;
  e->at = at;
  e->on_shift = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_hash_table_unref);
  e->teams = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) team_free);
  e->techs = g_ptr_array_new_with_free_func ((GDestroyNotify) tech_free);
  e->rules = list_rules (store, TRUE, error);
  if (e->rules == NULL || (on = load_on_shift (store, at, 0, error)) == NULL)
    return NULL;
  g_hash_table_insert (e->on_shift, g_memdup2 (&at, sizeof at), on);

  teams = kefu_store_prepare (store, "SELECT id, name, is_contractor, suspended, suspended_reason FROM teams", error);
  if (teams == NULL)
    return NULL;
  while ((rc = sqlite3_step (teams)) == SQLITE_ROW)
    {
      Team *t = g_new0 (Team, 1);
      t->id = sqlite3_column_int64 (teams, 0);
      t->name = g_strdup (kefu_column_text (teams, 1));
      t->contractor = sqlite3_column_int (teams, 2) != 0;
      t->suspended = sqlite3_column_int (teams, 3) != 0;
      t->suspended_reason = g_strdup (kefu_column_text (teams, 4));
      t->techs = g_ptr_array_new ();
      g_hash_table_insert (e->teams, &t->id, t);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);

  techs = kefu_store_prepare (store,
      "SELECT tc.id, tc.name, tc.team_id, tc.skills, coalesce(o.n, 0) FROM technicians tc "
      "LEFT JOIN (SELECT technician_id, count(*) AS n FROM tickets WHERE status IN (" ASSIGNED_STATES ") "
      "           AND technician_id IS NOT NULL GROUP BY technician_id) o ON o.technician_id = tc.id "
      "WHERE tc.active ORDER BY tc.id", error);
  if (techs == NULL)
    return NULL;
  while ((rc = sqlite3_step (techs)) == SQLITE_ROW)
    {
      Tech *t = g_new0 (Tech, 1);
      Team *team;

      t->id = sqlite3_column_int64 (techs, 0);
      t->name = g_strdup (kefu_column_text (techs, 1));
      t->team_id = sqlite3_column_int64 (techs, 2);
      t->skills = g_strsplit_set (kefu_column_text (techs, 3) ? kefu_column_text (techs, 3) : "", ", ", -1);
      t->open = sqlite3_column_int (techs, 4);
      t->buildings = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_ptr_array_add (e->techs, t);
      g_hash_table_insert (by_id, &t->id, t);
      team = g_hash_table_lookup (e->teams, &t->team_id);
      if (team != NULL)
        g_ptr_array_add (team->techs, t);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);

  /* members of other teams than their own are chosen there too */
  others = kefu_store_prepare (store, "SELECT technician_id, team_id FROM technician_teams", error);
  if (others == NULL)
    return NULL;
  while ((rc = sqlite3_step (others)) == SQLITE_ROW)
    {
      gint64 tech_id = sqlite3_column_int64 (others, 0);
      gint64 team_id = sqlite3_column_int64 (others, 1);
      Tech *t = g_hash_table_lookup (by_id, &tech_id);
      Team *team = g_hash_table_lookup (e->teams, &team_id);

      if (t != NULL && team != NULL && t->team_id != team_id)
        g_ptr_array_add (team->techs, t);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);

  areas = kefu_store_prepare (store, "SELECT technician_id, building_id FROM technician_buildings", error);
  if (areas == NULL)
    return NULL;
  while ((rc = sqlite3_step (areas)) == SQLITE_ROW)
    {
      gint64 tech_id = sqlite3_column_int64 (areas, 0);
      gint64 building = sqlite3_column_int64 (areas, 1);
      Tech *t = g_hash_table_lookup (by_id, &tech_id);
      if (t != NULL)
        g_array_append_val (t->buildings, building);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);
  return g_steal_pointer (&e);
}

/* A ticket as the rules see it. */
typedef struct {
  gint64  id;
  char   *number;
  char   *kind;
  char   *subtype;
  int     level;
  gint64  building_id;
  char   *building;
  char   *channel;
  gboolean verified;
  gint64  appointment_at;
} Job;

static void
job_clear (Job *j)
{
  g_free (j->number);
  g_free (j->kind);
  g_free (j->subtype);
  g_free (j->building);
  g_free (j->channel);
}

#define JOB_COLUMNS \
  "t.id, t.number, t.kind, t.subtype, t.level, coalesce(t.building_id, 0), b.name, t.channel, t.verified_by IS NOT NULL, " \
  "coalesce(t.appointment_at, 0) "
#define JOB_JOINS "FROM tickets t LEFT JOIN buildings b ON b.id = t.building_id "

static void
job_from_row (sqlite3_stmt *stmt,
              Job          *j)
{
  j->id = sqlite3_column_int64 (stmt, 0);
  j->number = g_strdup (kefu_column_text (stmt, 1));
  j->kind = g_strdup (kefu_column_text (stmt, 2));
  j->subtype = g_strdup (kefu_column_text (stmt, 3));
  j->level = sqlite3_column_int (stmt, 4);
  j->building_id = sqlite3_column_int64 (stmt, 5);
  j->building = g_strdup (kefu_column_text (stmt, 6));
  j->channel = g_strdup (kefu_column_text (stmt, 7));
  j->verified = sqlite3_column_int (stmt, 8) != 0;
  j->appointment_at = sqlite3_column_int64 (stmt, 9);
}

static gboolean
tech_has_skill (const Tech *t,
                const Job  *j)
{
  return j->subtype != NULL && g_strv_contains ((const char * const *) t->skills, j->subtype);
}

static gboolean
tech_covers (const Tech *t,
             const Job  *j)
{
  for (guint i = 0; i < t->buildings->len; i++)
    if (g_array_index (t->buildings, gint64, i) == j->building_id)
      return TRUE;
  return FALSE;
}

/* On shift; then skill, area, fewest open jobs, lowest id. */
/* Who is on shift at @moment; loaded once per moment. */
static GHashTable *
engine_on_shift (Engine *e,
                 gint64  moment)
{
  GHashTable *on = g_hash_table_lookup (e->on_shift, &moment);

  if (on == NULL)
    {
      g_autoptr(GError) error = NULL;

      on = load_on_shift (e->store, moment, 0, &error);
      if (on == NULL)
        {
          g_message ("Shifts at %" G_GINT64_FORMAT " could not be read: %s", moment, error->message);
          on = g_hash_table_new (g_int64_hash, g_int64_equal);
        }
      g_hash_table_insert (e->on_shift, g_memdup2 (&moment, sizeof moment), on);
    }
  return on;
}

static Tech *
choose_technician (Engine     *e,
                   const Team *team,
                   const Job  *j,
                   gint64      moment)
{
  GHashTable *on = engine_on_shift (e, moment);
  Tech *best = NULL;

  for (guint i = 0; i < team->techs->len; i++)
    {
      Tech *t = team->techs->pdata[i];
      int d;

      if (!g_hash_table_contains (on, &t->id))
        continue;
      if (best == NULL)
        {
          best = t;
          continue;
        }
      /* d > 0: t is the better choice */
      d = (int) tech_has_skill (t, j) - (int) tech_has_skill (best, j);
      if (d == 0)
        d = (int) tech_covers (t, j) - (int) tech_covers (best, j);
      if (d == 0)
        d = best->open < t->open ? -1 : best->open > t->open;
      if (d == 0)
        d = best->id < t->id ? -1 : 1;
      if (d > 0)
        best = t;
    }
  return best;
}

void
kefu_dispatch_decision_free (KefuDispatchDecision *d)
{
  if (d == NULL)
    return;
  g_free (d->number);
  g_free (d->team_name);
  g_free (d->technician_name);
  g_free (d->reason);
  g_free (d);
}

static char *
join_reason (const char *a,
             const char *b)
{
  if (a == NULL || *a == '\0')
    return g_strdup (b);
  /* Translators: joins two parts of an automatic-dispatch explanation,
   * e.g. "Rule 3: Elevator → 特种设备组; 李师傅: on shift, 2 open jobs" */
  return g_strdup_printf (_("%s; %s"), a, b);
}

static char *
explain_technician (const Tech *t,
                    const Job  *j)
{
  gboolean skill = tech_has_skill (t, j);
  gboolean area = tech_covers (t, j);
  const char *subtype = j->subtype != NULL ? kefu_code_label (KEFU_CODES_SUBTYPE, j->subtype) : "";
  const char *building = j->building != NULL ? j->building : "";

  if (skill && area)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: on shift, skilled in %s, covers %s, %u open job",
                                         "%s: on shift, skilled in %s, covers %s, %u open jobs", t->open),
                            t->name, subtype, building, t->open);
  if (skill)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: on shift, skilled in %s, %u open job",
                                         "%s: on shift, skilled in %s, %u open jobs", t->open),
                            t->name, subtype, t->open);
  if (area)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: on shift, covers %s, %u open job",
                                         "%s: on shift, covers %s, %u open jobs", t->open),
                            t->name, building, t->open);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: on shift, %u open job", "%s: on shift, %u open jobs", t->open),
                          t->name, t->open);
}

static KefuDispatchDecision *
engine_decide (Engine    *e,
               const Job *j)
{
  KefuDispatchDecision *d = g_new0 (KefuDispatchDecision, 1);
  g_autofree char *skipped = NULL;
  gboolean any_match = FALSE;
  /* a job booked for later goes to whoever works then (预约时段) */
  gint64 moment = j->appointment_at > e->at ? j->appointment_at : e->at;
  LocalMoment m;

  local_moment (moment, &m);
  d->ticket_id = j->id;
  d->number = g_strdup (j->number);
  d->level = j->level;
  for (guint i = 0; i < e->rules->len; i++)
    {
      KefuDispatchRule *r = e->rules->pdata[i];
      Team *team;
      Tech *tech = NULL;
      g_autofree char *note = NULL;
      g_autofree char *rule_part = NULL;
      g_autofree char *tech_part = NULL;
      g_autofree char *head = NULL;
      char *joined;

      if (!kefu_dispatch_rule_matches (r, j->kind, j->subtype, j->level, j->building_id, j->channel, m.minute))
        continue;
      team = g_hash_table_lookup (e->teams, &r->team_id);
      if (team == NULL)
        continue;
      any_match = TRUE;
      if (team->suspended)
        note = g_strdup_printf (_("Rule %d: %s is suspended (%s)"), r->position, team->name,
                                team->suspended_reason != NULL ? team->suspended_reason : _("no reason given"));
      else if ((tech = choose_technician (e, team, j, moment)) == NULL)
        note = g_strdup_printf (_("Rule %d: nobody of %s is on shift"), r->position, team->name);
      if (note != NULL)
        {
          joined = join_reason (skipped, note);
          g_free (skipped);
          skipped = joined;
          continue;
        }

      d->rule_id = r->id;
      d->rule_position = r->position;
      d->team_id = team->id;
      d->team_name = g_strdup (team->name);
      d->technician_id = tech->id;
      d->technician_name = g_strdup (tech->name);
      d->open_jobs = tech->open;
      rule_part = g_strdup_printf (_("Rule %d: %s → %s"), r->position, r->name, team->name);
      tech_part = explain_technician (tech, j);
      head = join_reason (skipped, rule_part);
      d->reason = join_reason (head, tech_part);
      if (moment != e->at)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (moment);
          g_autofree char *text = g_date_time_format (when, "%Y-%m-%d %H:%M");
          g_autofree char *booked = g_strdup_printf (_("for the appointment at %s"), text);
          char *with = join_reason (d->reason, booked);

          g_free (d->reason);
          d->reason = with;
        }
      d->outcome = KEFU_DISPATCH_ASSIGN;
      if (j->level < 3 && !j->verified)
        {
          char *waits = join_reason (d->reason, _("waits for the second person’s check of its five facts"));
          g_free (d->reason);
          d->reason = waits;
          d->outcome = KEFU_DISPATCH_AWAITING_CHECK;
        }
      return d;
    }
  if (any_match)
    {
      d->outcome = KEFU_DISPATCH_NO_TECHNICIAN;
      d->reason = join_reason (skipped, _("left unassigned"));
    }
  else
    {
      d->outcome = KEFU_DISPATCH_NO_RULE;
      d->reason = g_strdup_printf (_("No dispatch rule matches (%s, %s, level %d); left unassigned"),
                                   kefu_code_label (KEFU_CODES_KIND, j->kind),
                                   j->subtype != NULL ? kefu_code_label (KEFU_CODES_SUBTYPE, j->subtype) : "-",
                                   j->level);
    }
  return d;
}

/* Counts the job given so the next decision sees it. */
static void
engine_took (Engine                     *e,
             const KefuDispatchDecision *d)
{
  for (guint i = 0; i < e->techs->len; i++)
    {
      Tech *t = e->techs->pdata[i];
      if (t->id == d->technician_id)
        t->open++;
    }
}

KefuDispatchDecision *
kefu_dispatch_decide (KefuStore  *store,
                      gint64      ticket_id,
                      gint64      at,
                      GError    **error)
{
  g_autoptr(Engine) e = NULL;
  KEFU_AUTO_STMT *stmt = NULL;
  Job j = { 0 };
  KefuDispatchDecision *d;
  int rc;

  e = engine_load (store, at > 0 ? at : kefu_store_now (store), error);
  if (e == NULL)
    return NULL;
  stmt = kefu_store_prepare (store, "SELECT " JOB_COLUMNS JOB_JOINS "WHERE t.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                     _("Ticket %lld no longer exists."), (long long) ticket_id);
      else
        fail_sql (store, error);
      return NULL;
    }
  job_from_row (stmt, &j);
  d = engine_decide (e, &j);
  job_clear (&j);
  return d;
}

/* Why the rules left @d's ticket unassigned, as a note without a user in
 * its timeline; not again when its last such note says the same. Sets
 * @written when it wrote one. In the caller's transaction. */
static gboolean
note_unassigned (KefuStore                  *store,
                 const KefuDispatchDecision *d,
                 gboolean                   *written,
                 GError                    **error)
{
  /* Translators: a note in a ticket's timeline, with why the rules did not dispatch it */
  g_autofree char *body = g_strdup_printf (_("Automatic dispatch: %s"), d->reason);
  KEFU_AUTO_STMT *last = kefu_store_prepare (store,
      "SELECT body FROM ticket_events WHERE ticket_id = ? AND kind = 'note' AND user_id IS NULL "
      "ORDER BY at DESC, id DESC LIMIT 1", error);
  KEFU_AUTO_STMT *add = NULL;
  int rc;

  *written = FALSE;
  if (last == NULL)
    return FALSE;
  sqlite3_bind_int64 (last, 1, d->ticket_id);
  rc = sqlite3_step (last);
  if (rc == SQLITE_ROW && g_strcmp0 (kefu_column_text (last, 0), body) == 0)
    return TRUE;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fail_sql (store, error);
  add = kefu_store_prepare (store, "INSERT INTO ticket_events (ticket_id, at, kind, body) VALUES (?, ?, 'note', ?)", error);
  if (add == NULL)
    return FALSE;
  sqlite3_bind_int64 (add, 1, d->ticket_id);
  sqlite3_bind_int64 (add, 2, kefu_store_now (store));
  sqlite3_bind_text (add, 3, body, -1, SQLITE_STATIC);
  if (!step_done (store, add, error))
    return FALSE;
  *written = TRUE;
  return TRUE;
}

/* Whether @ticket_id still waits in the queue (another desk may have
 * dispatched or cancelled it since the run read the queue). */
static int
still_queued (KefuStore  *store,
              gint64      ticket_id,
              GError    **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT 1 FROM tickets WHERE id = ? AND status IN (" QUEUE_STATES ")", error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  fail_sql (store, error);
  return -1;
}

/* The queue's dispatches are written in batches (kefu-batch.h), each one
 * dispatch after another in the batch's transaction: other programs write
 * between two batches. A ticket taken meanwhile by someone else is left
 * alone; a run stopped between batches (a crash) has dispatched the
 * batches before, which have left the queue, so a run again goes on with
 * the rest. */
GPtrArray *
kefu_dispatch_run_batched (KefuStore               *store,
                           gint64                   at,
                           gboolean                 apply,
                           const KefuBatchOptions  *options,
                           GError                 **error)
{
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_dispatch_decision_free);
  g_autoptr(Engine) e = NULL;
  g_autoptr(GArray) jobs = g_array_new (FALSE, TRUE, sizeof (Job));
  KefuBatch batch;
  int rc;

  g_array_set_clear_func (jobs, (GDestroyNotify) job_clear);
  if (apply && !may_dispatch (store, error))
    return NULL;
  e = engine_load (store, at > 0 ? at : kefu_store_now (store), error);
  if (e == NULL)
    return NULL;
  {
    KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
        "SELECT " JOB_COLUMNS JOB_JOINS "WHERE t.status IN (" QUEUE_STATES ") ORDER BY t.level, t.created_at, t.id", error);
    if (stmt == NULL)
      return NULL;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        Job j = { 0 };
        job_from_row (stmt, &j);
        g_array_append_val (jobs, j);
      }
    if (rc != SQLITE_DONE)
      {
        fail_sql (store, error);
        return NULL;
      }
  }
  if (apply && jobs->len > 0 && !kefu_batch_begin (&batch, store, options, jobs->len, error))
    return NULL;
  for (guint i = 0; i < jobs->len; i++)
    {
      KefuDispatchDecision *d = engine_decide (e, &g_array_index (jobs, Job, i));
      g_autoptr(GError) local = NULL;
      int queued;

      g_ptr_array_add (decisions, d);
      if (apply && (d->outcome == KEFU_DISPATCH_NO_RULE || d->outcome == KEFU_DISPATCH_NO_TECHNICIAN))
        {
          gboolean written;

          queued = still_queued (store, d->ticket_id, error);
          if (queued < 0)
            goto fail;
          if (queued == 0)
            continue;
          if (!note_unassigned (store, d, &written, error))
            goto fail;
          if (written && !kefu_batch_row (&batch, error))
            goto fail;
          continue;
        }
      if (d->outcome != KEFU_DISPATCH_ASSIGN)
        continue;
      if (apply)
        {
          queued = still_queued (store, d->ticket_id, error);
          if (queued < 0)
            goto fail;
          if (queued == 0)
            continue;   /* someone dispatched it meanwhile */
          if (!kefu_store_exec (store, "SAVEPOINT dispatch_one", error))
            goto fail;
          if (!kefu_intake_dispatch_locked (store, d->ticket_id, d->team_id, d->technician_id, d->reason, &local))
            {
              sqlite3_exec (kefu_store_get_db (store), "ROLLBACK TO dispatch_one; RELEASE dispatch_one", NULL, NULL, NULL);
              /* it changed under the run (e.g. reopened unverified): left in the queue */
              if (g_error_matches (local, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID))
                continue;
              g_propagate_error (error, g_steal_pointer (&local));
              goto fail;
            }
          if (!kefu_store_exec (store, "RELEASE dispatch_one", error))
            goto fail;
          d->applied = TRUE;
          if (!kefu_batch_row (&batch, error))
            goto fail;
        }
      engine_took (e, d);
    }
  if (apply && jobs->len > 0 && !kefu_batch_end (&batch, error))
    return NULL;
  return g_steal_pointer (&decisions);

fail:
  kefu_batch_abort (&batch);
  return NULL;
}

GPtrArray *
kefu_dispatch_run (KefuStore  *store,
                   gint64      at,
                   gboolean    apply,
                   GError    **error)
{
  return kefu_dispatch_run_batched (store, at, apply, NULL, error);
}

gboolean
kefu_dispatch_on_intake (KefuStore *store,
                         gint64     ticket_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuDispatchDecision) d = NULL;
  g_autoptr(KefuTicket) t = NULL;

  if (!kefu_dispatch_get_auto (store))
    return FALSE;
  t = kefu_desk_get_ticket (store, ticket_id, &error);
  if (t == NULL || (g_strcmp0 (kefu_ticket_get_status (t), "new") != 0 &&
                    g_strcmp0 (kefu_ticket_get_status (t), "reopened") != 0))
    return FALSE;
  d = kefu_dispatch_decide (store, ticket_id, 0, &error);
  if (d != NULL && (d->outcome == KEFU_DISPATCH_NO_RULE || d->outcome == KEFU_DISPATCH_NO_TECHNICIAN))
    {
      gboolean written = FALSE;
      /* Translators: a toast: ticket number, why the rules did not dispatch it */
      g_autofree char *text = g_strdup_printf (_("%s is not dispatched: %s"), kefu_ticket_get_number (t), d->reason);

      /* the reason stays with the ticket; the desk is told at once */
      if (!kefu_store_begin (store, &error) || !finish (store, note_unassigned (store, d, &written, &error), &error))
        g_message ("The reason %s was left unassigned could not be written: %s", kefu_ticket_get_number (t),
                   error->message);
      /* an inquiry or a suggestion no rule sends out is the desk's own
       * work: told in its timeline, without a toast */
      if (d->outcome == KEFU_DISPATCH_NO_TECHNICIAN || d->level <= 2 ||
          g_strcmp0 (kefu_ticket_get_kind (t), "repair") == 0)
        kefu_store_report_notice (store, "dispatch", text, ticket_id);
      return FALSE;
    }
  if (d != NULL && d->outcome != KEFU_DISPATCH_ASSIGN)
    return FALSE;
  if (d == NULL || !kefu_desk_dispatch (store, ticket_id, d->team_id, d->technician_id, d->reason, &error))
    {
      /* the ticket stands; whoever is at the desk learns it waits */
      g_autofree char *text = g_strdup_printf (_("Ticket %s was saved, but its automatic dispatch failed: %s"),
                                               kefu_ticket_get_number (t), error->message);
      kefu_store_report_problem (store, "dispatch", text);
      return FALSE;
    }
  return TRUE;
}

/* The board ----------------------------------------------------------------- */

static void
lane_free (KefuBoardLane *l)
{
  g_free (l->technician_name);
  g_free (l->team_name);
  g_clear_pointer (&l->shifts, g_array_unref);
  g_free (l);
}

static void
card_free (KefuBoardCard *c)
{
  g_free (c->number);
  g_free (c->location);
  g_free (c->kind);
  g_free (c->subtype);
  g_free (c->status);
  g_free (c);
}

void
kefu_board_free (KefuBoard *board)
{
  if (board == NULL)
    return;
  g_ptr_array_unref (board->lanes);
  g_ptr_array_unref (board->cards);
  g_free (board);
}

static int
lane_rank (GHashTable          *index,
           const KefuBoardCard *c)
{
  int rank;

  if (c->technician_id <= 0)
    return 0;
  rank = GPOINTER_TO_INT (g_hash_table_lookup (index, &c->technician_id));
  return rank > 0 ? rank : G_MAXINT;   /* a technician no longer active: at the end */
}

static int
compare_cards (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const KefuBoardCard *x = *(KefuBoardCard * const *) a;
  const KefuBoardCard *y = *(KefuBoardCard * const *) b;
  GHashTable *index = user_data;
  int rx = lane_rank (index, x), ry = lane_rank (index, y);

  if (rx != ry)
    return rx < ry ? -1 : 1;
  if (rx == G_MAXINT && x->technician_id != y->technician_id)
    return x->technician_id < y->technician_id ? -1 : 1;
  /* the SQL order within a lane is kept: the sort is stable on it */
  return x->position < y->position ? -1 : x->position > y->position;
}

/* The board's day: shift spans and appointments ----------------------------- */

enum { ON_WEEKLY = 1, ON_LEAVE = 2, ON_EXTRA = 4 };

static void
mark_minutes (guint8 *minutes,
              int     from,
              int     to,
              guint8  bit)
{
  for (int i = MAX (from, 0); i < MIN (to, 24 * 60); i++)
    minutes[i] |= bit;
}

/* Each lane's spans on shift during the board's day, as load_on_shift
 * decides a moment: (weekly − leave) ∪ extra, with the night before's
 * shift running past midnight. One query for all technicians. */
static gboolean
board_load_shifts (KefuStore         *store,
                   KefuBoard         *board,
                   const LocalMoment *m,
                   GError           **error)
{
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT technician_id, 0, start_min, end_min FROM shifts WHERE weekday = ?1 "
      "UNION ALL SELECT technician_id, 1, start_min, end_min FROM shifts WHERE weekday = ?2 AND end_min < start_min "
      "UNION ALL SELECT technician_id, CASE kind WHEN 'leave' THEN 2 ELSE 3 END, start_min, end_min "
      "  FROM shift_exceptions WHERE date = ?3", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, m->weekday);
  sqlite3_bind_int (stmt, 2, m->weekday == 1 ? 7 : m->weekday - 1);
  sqlite3_bind_text (stmt, 3, m->date, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 tech = sqlite3_column_int64 (stmt, 0);
      int kind = sqlite3_column_int (stmt, 1);
      gboolean whole_day = sqlite3_column_type (stmt, 2) == SQLITE_NULL || sqlite3_column_type (stmt, 3) == SQLITE_NULL;
      int start = sqlite3_column_int (stmt, 2), end = sqlite3_column_int (stmt, 3);
      guint8 *minutes = g_hash_table_lookup (days, &tech);

      if (minutes == NULL)
        {
          minutes = g_malloc0 (24 * 60);
          g_hash_table_insert (days, g_memdup2 (&tech, sizeof tech), minutes);
        }
      switch (kind)
        {
        case ROW_WEEKLY:
          mark_minutes (minutes, start, start < end ? end : 24 * 60, ON_WEEKLY);
          break;
        case ROW_OVERNIGHT:
          mark_minutes (minutes, 0, end, ON_WEEKLY);
          break;
        default:
          mark_minutes (minutes, whole_day ? 0 : start, whole_day ? 24 * 60 : end,
                        kind == ROW_LEAVE ? ON_LEAVE : ON_EXTRA);
          break;
        }
    }
  if (rc != SQLITE_DONE)
    return fail_sql (store, error);

  for (guint i = 0; i < board->lanes->len; i++)
    {
      KefuBoardLane *lane = board->lanes->pdata[i];
      const guint8 *minutes = g_hash_table_lookup (days, &lane->technician_id);
      KefuMinuteSpan span = { -1, -1 };

      lane->shifts = g_array_new (FALSE, FALSE, sizeof (KefuMinuteSpan));
      for (int t = 0; minutes != NULL && t <= 24 * 60; t++)
        {
          gboolean on = t < 24 * 60 && ((minutes[t] & ON_EXTRA) || ((minutes[t] & ON_WEEKLY) && !(minutes[t] & ON_LEAVE)));

          if (on && span.from_min < 0)
            span.from_min = t;
          else if (!on && span.from_min >= 0)
            {
              span.to_min = t;
              g_array_append_val (lane->shifts, span);
              span.from_min = -1;
            }
        }
    }
  return TRUE;
}

gboolean
kefu_board_card_span (const KefuBoard     *board,
                      const KefuBoardCard *card,
                      KefuMinuteSpan      *span)
{
  gint64 from, to;

  g_return_val_if_fail (board != NULL && card != NULL, FALSE);
  if (card->appointment_at <= 0)
    return FALSE;
  from = card->appointment_at;
  to = from + 60 * (gint64) (card->appointment_minutes > 0 ? card->appointment_minutes : KEFU_APPOINTMENT_DEFAULT_MINUTES);
  if (to <= board->day_start || from >= board->day_end)
    return FALSE;
  if (span != NULL)
    {
      span->from_min = (int) ((MAX (from, board->day_start) - board->day_start) / 60);
      span->to_min = (int) ((MIN (to, board->day_end) - board->day_start + 59) / 60);
    }
  return TRUE;
}

static gboolean
within_shifts (const KefuBoardLane  *lane,
               const KefuMinuteSpan *span)
{
  for (guint i = 0; lane->shifts != NULL && i < lane->shifts->len; i++)
    {
      const KefuMinuteSpan *s = &g_array_index (lane->shifts, KefuMinuteSpan, i);
      if (s->from_min <= span->from_min && span->to_min <= s->to_min)
        return TRUE;
    }
  return FALSE;
}

static int
compare_appointments (gconstpointer a,
                      gconstpointer b)
{
  const KefuBoardCard *x = *(KefuBoardCard * const *) a;
  const KefuBoardCard *y = *(KefuBoardCard * const *) b;

  if (x->technician_id != y->technician_id)
    return x->technician_id < y->technician_id ? -1 : 1;
  if (x->appointment_at != y->appointment_at)
    return x->appointment_at < y->appointment_at ? -1 : 1;
  return x->ticket_id < y->ticket_id ? -1 : x->ticket_id > y->ticket_id;
}

static gint64
appointment_end (const KefuBoardCard *c)
{
  return c->appointment_at + 60 * (gint64) (c->appointment_minutes > 0 ? c->appointment_minutes
                                                                        : KEFU_APPOINTMENT_DEFAULT_MINUTES);
}

void
kefu_board_mark_conflicts (KefuBoard *board)
{
  g_autoptr(GPtrArray) booked = g_ptr_array_new ();
  g_autoptr(GHashTable) lanes = g_hash_table_new (g_int64_hash, g_int64_equal);
  const KefuBoardCard *latest = NULL;   /* of the lane so far, the one ending last */

  g_return_if_fail (board != NULL);
  for (guint i = 0; i < board->lanes->len; i++)
    {
      KefuBoardLane *lane = board->lanes->pdata[i];
      g_hash_table_insert (lanes, &lane->technician_id, lane);
    }
  for (guint i = 0; i < board->cards->len; i++)
    {
      KefuBoardCard *c = board->cards->pdata[i];

      c->conflicts = KEFU_APPOINTMENT_FINE;
      c->overlaps_with = 0;
      if (c->appointment_at > 0 && c->technician_id > 0)
        g_ptr_array_add (booked, c);
    }
  /* by lane and start: each overlaps the latest-ending one before it, if any */
  g_ptr_array_sort (booked, compare_appointments);
  for (guint i = 0; i < booked->len; i++)
    {
      KefuBoardCard *c = booked->pdata[i];
      const KefuBoardLane *lane = g_hash_table_lookup (lanes, &c->technician_id);
      KefuMinuteSpan span;

      if (latest != NULL && latest->technician_id != c->technician_id)
        latest = NULL;
      if (latest != NULL && appointment_end (latest) > c->appointment_at)
        {
          KefuBoardCard *other = (KefuBoardCard *) latest;

          c->conflicts |= KEFU_APPOINTMENT_OVERLAPS;
          c->overlaps_with = other->ticket_id;
          other->conflicts |= KEFU_APPOINTMENT_OVERLAPS;
          if (other->overlaps_with == 0)
            other->overlaps_with = c->ticket_id;
        }
      if (latest == NULL || appointment_end (c) > appointment_end (latest))
        latest = c;
      if (lane != NULL && kefu_board_card_span (board, c, &span) && !within_shifts (lane, &span))
        c->conflicts |= KEFU_APPOINTMENT_OFF_SHIFT;
    }
}

KefuBoard *
kefu_dispatch_load_board (KefuStore  *store,
                          gint64      at,
                          GError    **error)
{
  g_autoptr(KefuBoard) board = g_new0 (KefuBoard, 1);
  g_autoptr(GHashTable) on = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  KEFU_AUTO_STMT *lanes = NULL;
  KEFU_AUTO_STMT *cards = NULL;
  LocalMoment m;
  gint64 lane_tech = -1;
  int seq = 0;
  int rc;

  board->at = at > 0 ? at : kefu_store_now (store);
  local_moment (board->at, &m);
  board->day_start = m.day_start;
  board->day_end = m.day_end;
  board->lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) lane_free);
  board->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) card_free);

  on = load_on_shift (store, board->at, 0, error);
  if (on == NULL)
    return NULL;

  lanes = kefu_store_prepare (store,
      "SELECT tc.id, tc.name, tm.id, tm.name, tm.is_contractor, tm.suspended, "
      "       coalesce(o.n, 0), coalesce(o.on_site, 0), coalesce(w.n, 0), w.mean "
      "FROM technicians tc JOIN teams tm ON tm.id = tc.team_id "
      "LEFT JOIN (SELECT technician_id, count(*) AS n, sum(status = 'on_site') AS on_site FROM tickets "
      "           WHERE status IN (" ASSIGNED_STATES ") AND technician_id IS NOT NULL GROUP BY technician_id) o "
      "  ON o.technician_id = tc.id "
      "LEFT JOIN (SELECT technician_id, count(*) AS n, avg(resolved_at - dispatched_at) / 60.0 AS mean FROM tickets "
      "           WHERE resolved_at >= ?1 AND resolved_at < ?2 AND dispatched_at IS NOT NULL "
      "           AND technician_id IS NOT NULL GROUP BY technician_id) w "
      "  ON w.technician_id = tc.id "
      "WHERE tc.active ORDER BY tm.is_contractor, tm.id, tc.id", error);
  if (lanes == NULL)
    return NULL;
  sqlite3_bind_int64 (lanes, 1, m.week_start);
  sqlite3_bind_int64 (lanes, 2, m.week_start + 7 * 24 * 3600);
  while ((rc = sqlite3_step (lanes)) == SQLITE_ROW)
    {
      KefuBoardLane *l = g_new0 (KefuBoardLane, 1);

      l->technician_id = sqlite3_column_int64 (lanes, 0);
      l->technician_name = g_strdup (kefu_column_text (lanes, 1));
      l->team_id = sqlite3_column_int64 (lanes, 2);
      l->team_name = g_strdup (kefu_column_text (lanes, 3));
      l->contractor = sqlite3_column_int (lanes, 4) != 0;
      l->suspended = sqlite3_column_int (lanes, 5) != 0;
      l->open_jobs = sqlite3_column_int (lanes, 6);
      l->on_shift = g_hash_table_contains (on, &l->technician_id);
      l->status = sqlite3_column_int (lanes, 7) > 0 ? KEFU_TECHNICIAN_ON_SITE
                : l->on_shift ? KEFU_TECHNICIAN_ON_SHIFT
                : KEFU_TECHNICIAN_OFF;
      l->finished_this_week = sqlite3_column_int (lanes, 8);
      l->mean_finish_minutes = sqlite3_column_type (lanes, 9) == SQLITE_NULL ? -1 : sqlite3_column_double (lanes, 9);
      g_ptr_array_add (board->lanes, l);
      g_hash_table_insert (index, &l->technician_id, GINT_TO_POINTER (board->lanes->len));
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);

  cards = kefu_store_prepare (store,
      "SELECT id, number, location, kind, subtype, status, level, flagged, created_at, coalesce(appointment_at, 0), "
      "       coalesce(team_id, 0), lane, coalesce(next_due_at, 0), coalesce(next_warn_at, 0), appointment_minutes "
      "FROM (SELECT *, CASE WHEN status IN (" ASSIGNED_STATES ") THEN technician_id END AS lane FROM tickets "
      "      WHERE status IN (" QUEUE_STATES "," ASSIGNED_STATES ")) "
      "ORDER BY lane IS NOT NULL, CASE WHEN lane IS NULL THEN level END, lane, " LANE_ORDER, error);
  if (cards == NULL)
    return NULL;
  while ((rc = sqlite3_step (cards)) == SQLITE_ROW)
    {
      KefuBoardCard *c = g_new0 (KefuBoardCard, 1);

      c->ticket_id = sqlite3_column_int64 (cards, 0);
      c->number = g_strdup (kefu_column_text (cards, 1));
      c->location = g_strdup (kefu_column_text (cards, 2));
      c->kind = g_strdup (kefu_column_text (cards, 3));
      c->subtype = g_strdup (kefu_column_text (cards, 4));
      c->status = g_strdup (kefu_column_text (cards, 5));
      c->level = sqlite3_column_int (cards, 6);
      c->flagged = sqlite3_column_int (cards, 7) != 0;
      c->created_at = sqlite3_column_int64 (cards, 8);
      c->appointment_at = sqlite3_column_int64 (cards, 9);
      c->team_id = sqlite3_column_int64 (cards, 10);
      c->technician_id = sqlite3_column_int64 (cards, 11);
      c->next_due_at = sqlite3_column_int64 (cards, 12);
      c->next_warn_at = sqlite3_column_int64 (cards, 13);
      c->appointment_minutes = sqlite3_column_type (cards, 14) == SQLITE_NULL ? KEFU_APPOINTMENT_DEFAULT_MINUTES
                                                                           : sqlite3_column_int (cards, 14);
      if (c->technician_id != lane_tech)
        {
          lane_tech = c->technician_id;
          seq = 0;
        }
      c->position = ++seq;
      g_ptr_array_add (board->cards, c);
    }
  if (rc != SQLITE_DONE)
    return fail_sql_null (store, error);
  /* lanes are by team; the SQL gave the cards by technician id */
  g_ptr_array_sort_with_data (board->cards, compare_cards, index);
  if (!board_load_shifts (store, board, &m, error))
    return NULL;
  kefu_board_mark_conflicts (board);
  return g_steal_pointer (&board);
}

/* Moves --------------------------------------------------------------------- */

typedef struct {
  char   *number;
  char   *status;
  gint64  team_id;
  gint64  technician_id;
  char   *technician_name;
  gint64  dispatched_at;
  gint64  accepted_at;
  gint64  first_response_at;
} Placed;

static void
placed_clear (Placed *p)
{
  g_clear_pointer (&p->number, g_free);
  g_clear_pointer (&p->status, g_free);
  g_clear_pointer (&p->technician_name, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Placed, placed_clear)

static gboolean
read_placed (KefuStore  *store,
             gint64      ticket_id,
             Placed     *p,
             GError    **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT t.number, t.status, coalesce(t.team_id, 0), coalesce(t.technician_id, 0), tc.name, "
      "       t.dispatched_at, t.accepted_at, t.first_response_at "
      "FROM tickets t LEFT JOIN technicians tc ON tc.id = t.technician_id WHERE t.id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                     _("Ticket %lld no longer exists."), (long long) ticket_id);
      else
        fail_sql (store, error);
      return FALSE;
    }
  p->number = g_strdup (kefu_column_text (stmt, 0));
  p->status = g_strdup (kefu_column_text (stmt, 1));
  p->team_id = sqlite3_column_int64 (stmt, 2);
  p->technician_id = sqlite3_column_int64 (stmt, 3);
  p->technician_name = g_strdup (kefu_column_text (stmt, 4));
  p->dispatched_at = sqlite3_column_int64 (stmt, 5);
  p->accepted_at = sqlite3_column_int64 (stmt, 6);
  p->first_response_at = sqlite3_column_int64 (stmt, 7);
  return TRUE;
}

static gboolean
in_lane (const Placed *p)
{
  static const char *const states[] = { "dispatched", "accepted", "on_site", "on_hold", NULL };

  return p->technician_id > 0 && g_strv_contains (states, p->status);
}

/* The lane's ticket ids in order, and "id:position,…" as they stand. */
static GArray *
lane_ids (KefuStore  *store,
          gint64      technician_id,
          GString    *snapshot,
          GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT id, board_position FROM tickets WHERE technician_id = ? AND status IN (" ASSIGNED_STATES ") "
      "ORDER BY " LANE_ORDER, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, technician_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
      if (snapshot != NULL)
        {
          g_string_append_printf (snapshot, "%s%" G_GINT64_FORMAT ":", snapshot->len ? "," : "", id);
          if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
            g_string_append_printf (snapshot, "%d", sqlite3_column_int (stmt, 1));
        }
    }
  if (rc != SQLITE_DONE)
    {
      fail_sql (store, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

/* Puts @ticket_id at @position (1…, 0 = end) and numbers the lane 1…n. */
static gboolean
place_in_lane (KefuStore  *store,
               GArray     *ids,
               gint64      ticket_id,
               int         position,
               GError    **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, "UPDATE tickets SET board_position = ? WHERE id = ?", error);
  guint at;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == ticket_id)
      {
        g_array_remove_index (ids, i);
        break;
      }
  at = position <= 0 ? ids->len : MIN ((guint) position - 1, ids->len);
  g_array_insert_val (ids, at, ticket_id);
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int (stmt, 1, (int) i + 1);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!step_done (store, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static gboolean
record_move (KefuStore     *store,
             gint64         ticket_id,
             const char    *kind,
             const Placed  *from,
             const Placed  *to,
             const char    *positions,
             GError       **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "INSERT INTO dispatch_moves (ticket_id, at, user_id, kind, from_team_id, from_technician_id, from_status, "
      "from_dispatched_at, from_accepted_at, from_first_response_at, to_team_id, to_technician_id, to_status, positions) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, kefu_store_now (store));
  kefu_bind_id_or_null (stmt, 3, kefu_store_get_actor (store));
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  kefu_bind_id_or_null (stmt, 5, from->team_id);
  kefu_bind_id_or_null (stmt, 6, from->technician_id);
  sqlite3_bind_text (stmt, 7, from->status, -1, SQLITE_TRANSIENT);
  kefu_bind_id_or_null (stmt, 8, from->dispatched_at);
  kefu_bind_id_or_null (stmt, 9, from->accepted_at);
  kefu_bind_id_or_null (stmt, 10, from->first_response_at);
  kefu_bind_id_or_null (stmt, 11, to->team_id);
  kefu_bind_id_or_null (stmt, 12, to->technician_id);
  sqlite3_bind_text (stmt, 13, to->status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 14, positions, -1, SQLITE_TRANSIENT);
  return step_done (store, stmt, error);
}

static gboolean
reorder_locked (KefuStore     *store,
                gint64         ticket_id,
                const Placed  *p,
                int            position,
                GError       **error)
{
  g_autoptr(GString) snapshot = g_string_new (NULL);
  g_autoptr(GArray) ids = lane_ids (store, p->technician_id, snapshot, error);
  g_autofree char *body = NULL;
  guint place = 0;

  if (ids == NULL || !place_in_lane (store, ids, ticket_id, position, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == ticket_id)
      place = i + 1;
  body = g_strdup_printf (_("Moved to place %u of %u in %s’s lane"), place, ids->len, p->technician_name);
  return kefu_intake_add_event (store, ticket_id, kefu_store_now (store), "edit", NULL, NULL, body, error) &&
         record_move (store, ticket_id, "reorder", p, p, snapshot->str, error);
}

gboolean
kefu_dispatch_reorder (KefuStore  *store,
                       gint64      ticket_id,
                       int         position,
                       GError    **error)
{
  g_auto(Placed) p = { 0 };
  gboolean ok;

  if (!kefu_store_require_actor (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  ok = read_placed (store, ticket_id, &p, error);
  if (ok && !in_lane (&p))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is not in a technician’s lane; assign it first."), p.number);
      ok = FALSE;
    }
  if (ok)
    ok = reorder_locked (store, ticket_id, &p, position, error);
  return finish (store, ok, error);
}

gboolean
kefu_dispatch_assign (KefuStore  *store,
                      gint64      ticket_id,
                      gint64      technician_id,
                      int         position,
                      GError    **error)
{
  g_auto(Placed) from = { 0 };
  g_auto(Placed) to = { 0 };
  g_autoptr(GString) snapshot = g_string_new (NULL);
  g_autoptr(GArray) ids = NULL;
  g_autofree char *reason = NULL;
  KEFU_AUTO_STMT *tech = NULL;
  gint64 team_id = 0;
  gboolean ok;

  if (!kefu_store_require_actor (store, error))
    return FALSE;
  if (technician_id <= 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A dispatched job does not go back to the unassigned queue: assign it to a technician, or undo."));
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  ok = read_placed (store, ticket_id, &from, error);
  if (ok && in_lane (&from) && from.technician_id == technician_id)
    return finish (store, reorder_locked (store, ticket_id, &from, position, error), error);
  if (ok)
    {
      tech = kefu_store_prepare (store, "SELECT team_id FROM technicians WHERE id = ? AND active", error);
      ok = tech != NULL;
    }
  if (ok)
    {
      sqlite3_bind_int64 (tech, 1, technician_id);
      if (sqlite3_step (tech) == SQLITE_ROW)
        team_id = sqlite3_column_int64 (tech, 0);
      else
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                       _("Technician %lld is not an active member of any team."), (long long) technician_id);
          ok = FALSE;
        }
    }
  if (ok)
    {
      /* the ticket's old place goes into the snapshot, so undo restores it */
      g_string_append_printf (snapshot, "%" G_GINT64_FORMAT ":", ticket_id);
      ids = lane_ids (store, technician_id, snapshot, error);
      ok = ids != NULL;
    }
  if (ok)
    {
      if (in_lane (&from))
        reason = g_strdup_printf (_("Reassigned from %s"), from.technician_name);
      else
        reason = g_strdup (_("Assigned on the dispatch board"));
      ok = kefu_intake_dispatch_locked (store, ticket_id, team_id, technician_id, reason, error) &&
           place_in_lane (store, ids, ticket_id, position, error) &&
           read_placed (store, ticket_id, &to, error) &&
           record_move (store, ticket_id, "assign", &from, &to, snapshot->str, error);
    }
  return finish (store, ok, error);
}

static gboolean
restore_positions (KefuStore   *store,
                   const char  *snapshot,
                   GError     **error)
{
  g_auto(GStrv) items = g_strsplit (snapshot, ",", -1);
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, "UPDATE tickets SET board_position = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *colon = strchr (items[i], ':');
      gint64 id;

      if (colon == NULL)
        continue;
      *colon = '\0';
      id = g_ascii_strtoll (items[i], NULL, 10);
      if (colon[1] != '\0')
        sqlite3_bind_int64 (stmt, 1, g_ascii_strtoll (colon + 1, NULL, 10));
      else
        sqlite3_bind_null (stmt, 1);
      sqlite3_bind_int64 (stmt, 2, id);
      if (!step_done (store, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

gboolean
kefu_dispatch_undo (KefuStore  *store,
                    gint64     *ticket_id,
                    GError    **error)
{
  g_auto(Placed) now_at = { 0 };
  KEFU_AUTO_STMT *last = NULL;
  KEFU_AUTO_STMT *names = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *from_status = NULL;
  g_autofree char *to_status = NULL;
  g_autofree char *positions = NULL;
  g_autofree char *body = NULL;
  gint64 move_id = 0, id = 0, from_team = 0, from_tech = 0, to_tech = 0;
  gint64 from_dispatched = 0, from_accepted = 0, from_response = 0;
  gint64 now = kefu_store_now (store);
  gboolean ok;

  if (!kefu_store_require_actor (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  last = kefu_store_prepare (store,
      "SELECT id, ticket_id, kind, coalesce(from_team_id, 0), coalesce(from_technician_id, 0), from_status, "
      "       coalesce(from_dispatched_at, 0), coalesce(from_accepted_at, 0), coalesce(from_first_response_at, 0), "
      "       coalesce(to_technician_id, 0), to_status, positions "
      "FROM dispatch_moves WHERE user_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1", error);
  ok = last != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (last, 1, kefu_store_get_actor (store));
      if (sqlite3_step (last) != SQLITE_ROW)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("There is no move of yours to undo."));
          ok = FALSE;
        }
    }
  if (ok)
    {
      move_id = sqlite3_column_int64 (last, 0);
      id = sqlite3_column_int64 (last, 1);
      kind = g_strdup (kefu_column_text (last, 2));
      from_team = sqlite3_column_int64 (last, 3);
      from_tech = sqlite3_column_int64 (last, 4);
      from_status = g_strdup (kefu_column_text (last, 5));
      from_dispatched = sqlite3_column_int64 (last, 6);
      from_accepted = sqlite3_column_int64 (last, 7);
      from_response = sqlite3_column_int64 (last, 8);
      to_tech = sqlite3_column_int64 (last, 9);
      to_status = g_strdup (kefu_column_text (last, 10));
      positions = g_strdup (kefu_column_text (last, 11));
      ok = read_placed (store, id, &now_at, error);
    }
  if (ok && (now_at.technician_id != to_tech || g_strcmp0 (now_at.status, to_status) != 0))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s has changed since it was moved; the move was not undone."), now_at.number);
      ok = FALSE;
    }
  if (ok && g_str_equal (kind, "assign"))
    {
      KEFU_AUTO_STMT *restore = kefu_store_prepare (store,
          "UPDATE tickets SET team_id = ?1, technician_id = ?2, status = ?3, dispatched_at = ?4, accepted_at = ?5, "
          "first_response_at = ?6, updated_at = ?7 WHERE id = ?8", error);
      ok = restore != NULL;
      if (ok)
        {
          kefu_bind_id_or_null (restore, 1, from_team);
          kefu_bind_id_or_null (restore, 2, from_tech);
          sqlite3_bind_text (restore, 3, from_status, -1, SQLITE_STATIC);
          kefu_bind_id_or_null (restore, 4, from_dispatched);
          kefu_bind_id_or_null (restore, 5, from_accepted);
          kefu_bind_id_or_null (restore, 6, from_response);
          sqlite3_bind_int64 (restore, 7, now);
          sqlite3_bind_int64 (restore, 8, id);
          ok = step_done (store, restore, error);
        }
      if (ok && from_tech > 0)
        {
          names = kefu_store_prepare (store,
              "SELECT tm.name, tc.name FROM technicians tc JOIN teams tm ON tm.id = ?1 WHERE tc.id = ?2", error);
          ok = names != NULL;
          if (ok)
            {
              sqlite3_bind_int64 (names, 1, from_team);
              sqlite3_bind_int64 (names, 2, from_tech);
              if (sqlite3_step (names) == SQLITE_ROW)
                body = g_strdup_printf (_("Undone: back to %s · %s"), kefu_column_text (names, 0), kefu_column_text (names, 1));
            }
        }
      if (body == NULL)
        body = g_strdup (_("Undone: back to the unassigned queue"));
      ok = ok && kefu_intake_add_event (store, id, now, "assign", NULL, NULL, body, error) &&
           (g_strcmp0 (from_status, to_status) == 0 ||
            kefu_intake_add_event (store, id, now, "status", to_status, from_status, NULL, error));
    }
  else if (ok)
    ok = kefu_intake_add_event (store, id, now, "edit", NULL, NULL, _("Undone: the lane’s order is restored"), error);
  if (ok)
    {
      KEFU_AUTO_STMT *mark = kefu_store_prepare (store, "UPDATE dispatch_moves SET undone_at = ? WHERE id = ?", error);
      ok = mark != NULL && restore_positions (store, positions, error);
      if (ok)
        {
          sqlite3_bind_int64 (mark, 1, now);
          sqlite3_bind_int64 (mark, 2, move_id);
          ok = step_done (store, mark, error) && kefu_sla_update_ticket (store, id, error);
        }
    }
  if (ok && ticket_id != NULL)
    *ticket_id = id;
  return finish (store, ok, error);
}

gboolean
kefu_dispatch_set_appointment (KefuStore   *store,
                               gint64       ticket_id,
                               gint64       appointment_at,
                               GError     **error)
{
  return kefu_dispatch_set_appointment_window (store, ticket_id, appointment_at, 0, error);
}

gboolean
kefu_dispatch_set_appointment_window (KefuStore   *store,
                                      gint64       ticket_id,
                                      gint64       appointment_at,
                                      int          minutes,
                                      GError     **error)
{
  static const char *const open[] = { "new", "reopened", "dispatched", "accepted", "on_hold", NULL };
  g_auto(Placed) p = { 0 };
  KEFU_AUTO_STMT *stmt = NULL;
  g_autofree char *body = NULL;
  gint64 now = kefu_store_now (store);
  gboolean ok;

  if (minutes < 0 || minutes > 24 * 60)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("An appointment’s window is from 1 minute to 24 hours, not %d minutes."), minutes);
      return FALSE;
    }
  if (!kefu_store_require_actor (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  ok = read_placed (store, ticket_id, &p, error);
  if (ok && !g_strv_contains (open, p.status))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is “%s”: an appointment is only made for a job still to be done."),
                   p.number, kefu_code_label (KEFU_CODES_STATUS, p.status));
      ok = FALSE;
    }
  if (ok)
    {
      stmt = kefu_store_prepare (store,
          "UPDATE tickets SET appointment_at = ?, appointment_minutes = ?, updated_at = ? WHERE id = ?", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      kefu_bind_id_or_null (stmt, 1, appointment_at);
      kefu_bind_id_or_null (stmt, 2, appointment_at > 0 ? minutes : 0);
      sqlite3_bind_int64 (stmt, 3, now);
      sqlite3_bind_int64 (stmt, 4, ticket_id);
      if (appointment_at > 0)
        {
          g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (appointment_at);
          g_autofree char *text = g_date_time_format (when, "%Y-%m-%d %H:%M");

          if (minutes > 0)
            {
              g_autoptr(GDateTime) until = g_date_time_add_minutes (when, minutes);
              g_autofree char *end = g_date_time_format (until, "%H:%M");
              /* Translators: a timeline event: the appointment's start date and time, its end time */
              body = g_strdup_printf (_("Appointment with the owner: %s–%s"), text, end);
            }
          else
            body = g_strdup_printf (_("Appointment with the owner: %s"), text);
        }
      else
        body = g_strdup (_("Appointment cancelled"));
      ok = step_done (store, stmt, error) &&
           kefu_intake_add_event (store, ticket_id, now, "edit", NULL, NULL, body, error);
    }
  return finish (store, ok, error);
}

gboolean
kefu_dispatch_report (KefuStore   *store,
                      gint64       ticket_id,
                      const char  *to_status,
                      GError     **error)
{
  static const char *const steps[] = { "accepted", "on_site", "resolved", NULL };
  g_auto(Placed) p = { 0 };
  g_autofree char *reason = NULL;

  if (to_status == NULL || !g_strv_contains (steps, to_status))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A technician reports a job accepted, on site or resolved, not “%s”."), to_status ? to_status : "");
      return FALSE;
    }
  if (!read_placed (store, ticket_id, &p, error))
    return FALSE;
  if (p.technician_name != NULL)
    reason = g_strdup_printf (_("Reported by phone by %s"), p.technician_name);
  return kefu_desk_move (store, ticket_id, to_status, reason, error);
}

/* Contractors --------------------------------------------------------------- */

void
kefu_contractor_score_free (KefuContractorScore *s)
{
  if (s == NULL)
    return;
  g_free (s->team_name);
  g_free (s->month);
  g_free (s->reason);
  g_free (s);
}

static gboolean
month_bounds (const char  *month,
              gint64      *start,
              gint64      *end)
{
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) next = NULL;
  int y, m;
  char extra;

  if (month == NULL || sscanf (month, "%4d-%2d%c", &y, &m, &extra) != 2 || strlen (month) != 7 ||
      m < 1 || m > 12 || y < 1900)
    return FALSE;
  first = g_date_time_new_local (y, m, 1, 0, 0, 0);
  if (first == NULL)
    return FALSE;
  next = g_date_time_add_months (first, 1);
  *start = g_date_time_to_unix (first);
  *end = g_date_time_to_unix (next);
  return TRUE;
}

/* The parts of the score, each 0–100, and the weighted whole (see the header). */
static int
score_parts (KefuContractorScore *s,
             double              *speed,
             double              *rework,
             double              *ratings)
{
  double sum = 0, weights = 0;

  *speed = s->response_minutes < 0 ? -1 : CLAMP ((150.0 - s->response_minutes) / 120.0 * 100.0, 0.0, 100.0);
  *rework = MAX (0.0, 100.0 * (1.0 - s->rework_rate / 0.25));
  *ratings = s->satisfaction < 0 ? -1 : CLAMP ((s->satisfaction - 1.0) / 4.0 * 100.0, 0.0, 100.0);
  if (*speed >= 0)
    sum += 0.3 * *speed, weights += 0.3;
  sum += 0.4 * *rework, weights += 0.4;
  if (*ratings >= 0)
    sum += 0.3 * *ratings, weights += 0.3;
  return (int) lround (sum / weights);
}

GPtrArray *
kefu_dispatch_score_contractors (KefuStore   *store,
                                 const char  *month,
                                 GError     **error)
{
  g_autoptr(GPtrArray) scores = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_contractor_score_free);
  KEFU_AUTO_STMT *stmt = NULL;
  KEFU_AUTO_STMT *save = NULL;
  KEFU_AUTO_STMT *suspend = NULL;
  gint64 start, end;
  gboolean ok;
  int rc = SQLITE_DONE;

  if (!month_bounds (month, &start, &end))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Give the month as YYYY-MM, such as 2026-10, not “%s”."), month ? month : "");
      return NULL;
    }
  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return NULL;
  stmt = kefu_store_prepare (store,
      "SELECT tm.id, tm.name, tm.suspended, count(t.id), "
      "       avg(CASE WHEN t.arrived_at >= t.dispatched_at THEN (t.arrived_at - t.dispatched_at) / 60.0 END), "
      "       avg(t.reopen_count > 0), avg(t.satisfaction) "
      "FROM teams tm LEFT JOIN tickets t ON t.team_id = tm.id AND t.dispatched_at >= ?1 AND t.dispatched_at < ?2 "
      "  AND t.status != 'cancelled' "
      "WHERE tm.is_contractor GROUP BY tm.id ORDER BY tm.id", error);
  save = kefu_store_prepare (store,
      "INSERT INTO contractor_scores (team_id, month, jobs, response_minutes, rework_rate, satisfaction, score, computed_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, month) DO UPDATE SET jobs = excluded.jobs, "
      "response_minutes = excluded.response_minutes, rework_rate = excluded.rework_rate, "
      "satisfaction = excluded.satisfaction, score = excluded.score, computed_at = excluded.computed_at", error);
  suspend = kefu_store_prepare (store, "UPDATE teams SET suspended = 1, suspended_reason = ? WHERE id = ?", error);
  ok = stmt != NULL && save != NULL && suspend != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, start);
      sqlite3_bind_int64 (stmt, 2, end);
    }
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KefuContractorScore *s = g_new0 (KefuContractorScore, 1);
      gboolean was_suspended = sqlite3_column_int (stmt, 2) != 0;
      double speed = -1, rework = -1, ratings = -1;

      g_ptr_array_add (scores, s);
      s->team_id = sqlite3_column_int64 (stmt, 0);
      s->team_name = g_strdup (kefu_column_text (stmt, 1));
      s->month = g_strdup (month);
      s->jobs = sqlite3_column_int (stmt, 3);
      s->response_minutes = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_double (stmt, 4);
      s->rework_rate = sqlite3_column_double (stmt, 5);
      s->satisfaction = sqlite3_column_type (stmt, 6) == SQLITE_NULL ? -1 : sqlite3_column_double (stmt, 6);
      s->score = s->jobs > 0 ? score_parts (s, &speed, &rework, &ratings) : -1;

      sqlite3_bind_int64 (save, 1, s->team_id);
      sqlite3_bind_text (save, 2, month, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (save, 3, s->jobs);
      if (s->response_minutes >= 0) sqlite3_bind_double (save, 4, s->response_minutes); else sqlite3_bind_null (save, 4);
      if (s->jobs > 0) sqlite3_bind_double (save, 5, s->rework_rate); else sqlite3_bind_null (save, 5);
      if (s->satisfaction >= 0) sqlite3_bind_double (save, 6, s->satisfaction); else sqlite3_bind_null (save, 6);
      if (s->score >= 0) sqlite3_bind_int (save, 7, s->score); else sqlite3_bind_null (save, 7);
      sqlite3_bind_int64 (save, 8, kefu_store_now (store));
      ok = step_done (store, save, error);
      sqlite3_reset (save);
      if (ok && s->score >= 0 && s->score < KEFU_CONTRACTOR_MIN_SCORE)
        {
          g_autofree char *weakest = NULL;

          if (speed >= 0 && speed <= rework && (ratings < 0 || speed <= ratings))
            weakest = g_strdup_printf (_("on site %.0f min after dispatch on average"), s->response_minutes);
          else if (ratings >= 0 && ratings < rework)
            weakest = g_strdup_printf (_("owner satisfaction %.1f of 5"), s->satisfaction);
          else
            weakest = g_strdup_printf (_("rework rate %.0f%%"), s->rework_rate * 100);
          /* Translators: "2026-10 score 72: rework rate 18%" */
          s->reason = g_strdup_printf (_("%s score %d: %s"), month, s->score, weakest);
          s->suspended = !was_suspended;
          sqlite3_bind_text (suspend, 1, s->reason, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (suspend, 2, s->team_id);
          ok = step_done (store, suspend, error) &&
               audit (store, "suspend_team", "teams", s->team_id, s->reason, error);
          sqlite3_reset (suspend);
        }
    }
  if (ok && rc != SQLITE_DONE)
    ok = fail_sql (store, error);
  if (!finish (store, ok, error))
    return NULL;
  return g_steal_pointer (&scores);
}

gboolean
kefu_dispatch_reinstate_team (KefuStore  *store,
                              gint64      team_id,
                              GError    **error)
{
  KEFU_AUTO_STMT *stmt = NULL;
  gboolean ok;

  if (!may_dispatch (store, error) || !kefu_store_begin (store, error))
    return FALSE;
  stmt = kefu_store_prepare (store, "UPDATE teams SET suspended = 0, suspended_reason = NULL WHERE id = ? AND suspended",
                             error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, team_id);
      ok = step_done (store, stmt, error);
    }
  if (ok && sqlite3_changes (kefu_store_get_db (store)) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("That team is not suspended."));
      ok = FALSE;
    }
  if (ok)
    ok = audit (store, "reinstate_team", "teams", team_id, NULL, error);
  return finish (store, ok, error);
}
