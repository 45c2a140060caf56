/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-rules.c — the dispatch rules: list, describe, match, add, edit, order */
#include "config.h"

#include "kefu-dispatch-private.h"

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
rule_from_row (KefuQuery *stmt)
{
  KefuDispatchRule *r = g_new0 (KefuDispatchRule, 1);

  r->id = kefu_query_get_int (stmt, 0);
  r->position = kefu_query_get_int (stmt, 1);
  r->name = g_strdup (kefu_query_get_text (stmt, 2));
  r->kind = g_strdup (kefu_query_get_text (stmt, 3));
  r->subtype = g_strdup (kefu_query_get_text (stmt, 4));
  r->level = kefu_query_get_int (stmt, 5);
  r->building_id = kefu_query_get_int (stmt, 6);
  r->channel = g_strdup (kefu_query_get_text (stmt, 7));
  r->from_min = kefu_query_get_int (stmt, 8);
  r->to_min = kefu_query_get_int (stmt, 9);
  r->team_id = kefu_query_get_int (stmt, 10);
  r->team_name = g_strdup (kefu_query_get_text (stmt, 11));
  r->active = kefu_query_get_int (stmt, 12) != 0;
  r->building_name = g_strdup (kefu_query_get_text (stmt, 13));
  return r;
}

GPtrArray *
kefu_dispatch_read_rules (KefuStore  *store,
                          gboolean    active_only,
                          GError    **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_dispatch_rule_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT " RULE_COLUMNS RULE_JOINS "WHERE r.active <> 0 OR ?1 = 0 ORDER BY r.position, r.id", error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, active_only);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    g_ptr_array_add (rules, rule_from_row (stmt));
  if (rc == KEFU_QUERY_FAILED)
    {
      return NULL;
    }
  return g_steal_pointer (&rules);
}

GPtrArray *
kefu_dispatch_list_rules (KefuStore  *store,
                          GError    **error)
{
  return kefu_dispatch_read_rules (store, FALSE, error);
}

char *
kefu_dispatch_format_minute (int minute)
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
      g_autofree char *from = kefu_dispatch_format_minute (rule->from_min);
      g_autofree char *to = kefu_dispatch_format_minute (rule->to_min);
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
  KEFU_AUTO_QUERY *team = NULL;

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
  team = kefu_query_prepare (store, "SELECT 1 FROM teams WHERE id = ?1", error);
  if (team == NULL)
    return FALSE;
  kefu_query_bind_int (team, 1, rule->team_id);
  return kefu_query_step_one (store, team, error, KEFU_STORE_ERROR_INVALID,
                              _("Dispatch rule “%s”: choose the team it sends jobs to."), name);
}

static void
bind_rule (KefuQuery           *stmt,
           const KefuDispatchRule *rule)
{
  g_autofree char *name = g_strstrip (g_strdup (rule->name));

  kefu_query_bind_text (stmt, 1, name);
  kefu_query_bind_text_or_null (stmt, 2, rule->kind);
  kefu_query_bind_text_or_null (stmt, 3, rule->subtype);
  kefu_query_bind_id (stmt, 4, rule->level);
  kefu_query_bind_id (stmt, 5, rule->building_id);
  kefu_query_bind_text_or_null (stmt, 6, rule->channel);
  if (rule->from_min >= 0)
    kefu_query_bind_int (stmt, 7, rule->from_min);
  else
    kefu_query_bind_null (stmt, 7);
  if (rule->to_min >= 0)
    kefu_query_bind_int (stmt, 8, rule->to_min);
  else
    kefu_query_bind_null (stmt, 8);
  kefu_query_bind_int (stmt, 9, rule->team_id);
  kefu_query_bind_int (stmt, 10, rule->active);
}

/* "夜间电梯: repair · 电梯 · 22:00–08:00 → 特种设备组" */
static char *
describe_for_audit (KefuStore              *store,
                    const KefuDispatchRule *rule)
{
  KefuDispatchRule named = *rule;
  g_autofree char *team = kefu_dispatch_team_name (store, rule->team_id, NULL);
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
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 id = 0;

  if (!kefu_dispatch_may_dispatch (store, error) || !check_rule (store, rule, error))
    return 0;
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return 0;
  stmt = kefu_query_prepare (store,
      "INSERT INTO dispatch_rules (name, kind, subtype, level, building_id, channel, from_min, to_min, team_id, active, "
      "position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, (SELECT coalesce(max(position), 0) + 1 FROM dispatch_rules))",
      error);
  if (stmt != NULL)
    {
      bind_rule (stmt, rule);
      if (kefu_query_run (store, stmt, error))
        id = kefu_query_last_id (store);
    }
  if (id > 0)
    {
      g_autofree char *detail = describe_for_audit (store, rule);

      if (!kefu_dispatch_audit (store, "add_rule", "dispatch_rules", id, detail, error))
        id = 0;
    }
  if (!kefu_transaction_end (tx, id > 0, error))
    return 0;
  return id;
}

gboolean
kefu_dispatch_update_rule (KefuStore               *store,
                           const KefuDispatchRule  *rule,
                           GError                 **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *detail = NULL;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || !check_rule (store, rule, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  stmt = kefu_query_prepare (store,
      "UPDATE dispatch_rules SET name = ?1, kind = ?2, subtype = ?3, level = ?4, building_id = ?5, channel = ?6, "
      "from_min = ?7, to_min = ?8, team_id = ?9, active = ?10 WHERE id = ?11", error);
  ok = stmt != NULL;
  if (ok)
    {
      bind_rule (stmt, rule);
      kefu_query_bind_int (stmt, 11, rule->id);
      ok = kefu_query_run (store, stmt, error);
    }
  if (ok && kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Dispatch rule %lld no longer exists."),
                   (long long) rule->id);
      ok = FALSE;
    }
  if (ok)
    {
      detail = describe_for_audit (store, rule);
      ok = kefu_dispatch_audit (store, "update_rule", "dispatch_rules", rule->id, detail, error);
    }
  return kefu_transaction_end (tx, ok, error);
}

static int
rule_position (KefuStore  *store,
               gint64      rule_id,
               GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT position FROM dispatch_rules WHERE id = ?1", error);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, rule_id);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("Dispatch rule %lld no longer exists."),
                            (long long) rule_id))
    return -1;
  return kefu_query_get_int (stmt, 0);
}

/* Positions stay 1…n: the rules after a deleted one move up. */
gboolean
kefu_dispatch_delete_rule (KefuStore  *store,
                           gint64      rule_id,
                           GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *del = NULL;
  KEFU_AUTO_QUERY *shift = NULL;
  int position;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  position = rule_position (store, rule_id, error);
  ok = position >= 0;
  if (ok)
    {
      del = kefu_query_prepare (store, "DELETE FROM dispatch_rules WHERE id = ?1", error);
      shift = kefu_query_prepare (store, "UPDATE dispatch_rules SET position = position - 1 WHERE position > ?1", error);
      ok = del != NULL && shift != NULL;
    }
  if (ok)
    {
      kefu_query_bind_int (del, 1, rule_id);
      kefu_query_bind_int (shift, 1, position);
      ok = kefu_query_run (store, del, error) && kefu_query_run (store, shift, error);
    }
  if (ok)
    {
      g_autofree char *detail = g_strdup_printf ("position %d", position);
      ok = kefu_dispatch_audit (store, "delete_rule", "dispatch_rules", rule_id, detail, error);
    }
  return kefu_transaction_end (tx, ok, error);
}

/* To @position (1…n, clamped); the rules in between shift by one. */
gboolean
kefu_dispatch_move_rule (KefuStore  *store,
                         gint64      rule_id,
                         int         position,
                         GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *count = NULL;
  KEFU_AUTO_QUERY *shift = NULL;
  KEFU_AUTO_QUERY *place = NULL;
  int from;
  int n = 0;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  from = rule_position (store, rule_id, error);
  ok = from >= 0;
  if (ok)
    {
      count = kefu_query_prepare (store, "SELECT count(*) FROM dispatch_rules", error);
      ok = count != NULL && kefu_query_step (store, count, error) == KEFU_QUERY_ROW;
      if (ok)
        n = kefu_query_get_int (count, 0);
    }
  position = CLAMP (position, 1, MAX (n, 1));
  if (ok && position != from)
    {
      shift = kefu_query_prepare (store,
          "UPDATE dispatch_rules SET position = position + CASE WHEN ?1 < ?2 THEN -1 ELSE 1 END "
          "WHERE id != ?3 AND position BETWEEN min(?1, ?2) AND max(?1, ?2)", error);
      place = kefu_query_prepare (store, "UPDATE dispatch_rules SET position = ?1 WHERE id = ?2", error);
      ok = shift != NULL && place != NULL;
      if (ok)
        {
          kefu_query_bind_int (shift, 1, from);
          kefu_query_bind_int (shift, 2, position);
          kefu_query_bind_int (shift, 3, rule_id);
          kefu_query_bind_int (place, 1, position);
          kefu_query_bind_int (place, 2, rule_id);
          ok = kefu_query_run (store, shift, error) && kefu_query_run (store, place, error);
        }
      if (ok)
        {
          g_autofree char *detail = g_strdup_printf ("position %d → %d", from, position);
          ok = kefu_dispatch_audit (store, "move_rule", "dispatch_rules", rule_id, detail, error);
        }
    }
  return kefu_transaction_end (tx, ok, error);
}

gboolean
kefu_dispatch_set_rule_active (KefuStore  *store,
                               gint64      rule_id,
                               gboolean    active,
                               GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gboolean ok;

  if (!kefu_dispatch_may_dispatch (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  stmt = kefu_query_prepare (store, "UPDATE dispatch_rules SET active = ?1 WHERE id = ?2", error);
  ok = stmt != NULL;
  if (ok)
    {
      kefu_query_bind_int (stmt, 1, active != 0);
      kefu_query_bind_int (stmt, 2, rule_id);
      ok = kefu_query_run (store, stmt, error);
    }
  if (ok && kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("Dispatch rule %lld no longer exists."),
                   (long long) rule_id);
      ok = FALSE;
    }
  ok = ok && kefu_dispatch_audit (store, active ? "activate_rule" : "deactivate_rule", "dispatch_rules", rule_id, NULL, error);
  return kefu_transaction_end (tx, ok, error);
}
