/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-dispatch-moves.c — moves on the board: assign, reorder, undo,
 * appointments, a technician's report by phone */
#include "config.h"

#include "kefu-dispatch-private.h"
#include "kefu-ticket-seen.h"

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
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT t.number, t.status, coalesce(t.team_id, 0), coalesce(t.technician_id, 0), tc.name, "
      "       t.dispatched_at, t.accepted_at, t.first_response_at "
      "FROM tickets t LEFT JOIN technicians tc ON tc.id = t.technician_id WHERE t.id = ?1", error);
  KefuQueryStep rc;

  /* the version the dispatcher saw, first: a job someone else just took
   * is not taken from them */
  if (stmt == NULL || !kefu_ticket_check_seen (store, ticket_id, error))
    return FALSE;
  kefu_query_bind_int (stmt, 1, ticket_id);
  rc = kefu_query_step (store, stmt, error);
  if (rc != KEFU_QUERY_ROW)
    {
      if (rc == KEFU_QUERY_DONE)
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                     _("Ticket %lld no longer exists."), (long long) ticket_id);
      return FALSE;
    }
  p->number = g_strdup (kefu_query_get_text (stmt, 0));
  p->status = g_strdup (kefu_query_get_text (stmt, 1));
  p->team_id = kefu_query_get_int (stmt, 2);
  p->technician_id = kefu_query_get_int (stmt, 3);
  p->technician_name = g_strdup (kefu_query_get_text (stmt, 4));
  p->dispatched_at = kefu_query_get_int (stmt, 5);
  p->accepted_at = kefu_query_get_int (stmt, 6);
  p->first_response_at = kefu_query_get_int (stmt, 7);
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
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT id, board_position FROM tickets WHERE technician_id = ?1 AND status IN (" ASSIGNED_STATES ") "
      "ORDER BY " LANE_ORDER, error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, technician_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      g_array_append_val (ids, id);
      if (snapshot != NULL)
        {
          g_string_append_printf (snapshot, "%s%" G_GINT64_FORMAT ":", snapshot->len ? "," : "", id);
          if (!kefu_query_is_null (stmt, 1))
            g_string_append_printf (snapshot, "%d", (int) kefu_query_get_int (stmt, 1));
        }
    }
  if (rc == KEFU_QUERY_FAILED)
    {
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
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "UPDATE tickets SET board_position = ?1 WHERE id = ?2", error);
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
      kefu_query_bind_int (stmt, 1, (int) i + 1);
      kefu_query_bind_int (stmt, 2, g_array_index (ids, gint64, i));
      if (!kefu_query_run (store, stmt, error))
        return FALSE;
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
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "INSERT INTO dispatch_moves (ticket_id, at, user_id, kind, from_team_id, from_technician_id, from_status, "
      "from_dispatched_at, from_accepted_at, from_first_response_at, to_team_id, to_technician_id, to_status, positions) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, ticket_id);
  kefu_query_bind_int (stmt, 2, kefu_store_now (store));
  kefu_query_bind_id (stmt, 3, kefu_store_get_actor (store));
  kefu_query_bind_text (stmt, 4, kind);
  kefu_query_bind_id (stmt, 5, from->team_id);
  kefu_query_bind_id (stmt, 6, from->technician_id);
  kefu_query_bind_text (stmt, 7, from->status);
  kefu_query_bind_id (stmt, 8, from->dispatched_at);
  kefu_query_bind_id (stmt, 9, from->accepted_at);
  kefu_query_bind_id (stmt, 10, from->first_response_at);
  kefu_query_bind_id (stmt, 11, to->team_id);
  kefu_query_bind_id (stmt, 12, to->technician_id);
  kefu_query_bind_text (stmt, 13, to->status);
  kefu_query_bind_text (stmt, 14, positions);
  return kefu_query_run (store, stmt, error);
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
  g_autoptr(KefuTransaction) tx = NULL;
  g_auto(Placed) p = { 0 };
  gboolean ok;

  if (!kefu_store_require_actor (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
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
  return kefu_transaction_end (tx, ok, error);
}

gboolean
kefu_dispatch_assign (KefuStore  *store,
                      gint64      ticket_id,
                      gint64      technician_id,
                      int         position,
                      GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_auto(Placed) from = { 0 };
  g_auto(Placed) to = { 0 };
  g_autoptr(GString) snapshot = g_string_new (NULL);
  g_autoptr(GArray) ids = NULL;
  g_autofree char *reason = NULL;
  KEFU_AUTO_QUERY *tech = NULL;
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
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  ok = read_placed (store, ticket_id, &from, error);
  if (ok && in_lane (&from) && from.technician_id == technician_id)
    return kefu_transaction_end (tx, reorder_locked (store, ticket_id, &from, position, error), error);
  if (ok)
    {
      tech = kefu_query_prepare (store, "SELECT team_id FROM technicians WHERE id = ?1 AND active <> 0", error);
      ok = tech != NULL;
    }
  if (ok)
    {
      kefu_query_bind_int (tech, 1, technician_id);
      ok = kefu_query_step_one (store, tech, error, KEFU_STORE_ERROR_NOT_FOUND,
                                _("Technician %lld is not an active member of any team."), (long long) technician_id);
      if (ok)
        team_id = kefu_query_get_int (tech, 0);
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
  return kefu_transaction_end (tx, ok, error);
}

static gboolean
restore_positions (KefuStore   *store,
                   const char  *snapshot,
                   GError     **error)
{
  g_auto(GStrv) items = g_strsplit (snapshot, ",", -1);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "UPDATE tickets SET board_position = ?1 WHERE id = ?2", error);

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
        kefu_query_bind_int (stmt, 1, g_ascii_strtoll (colon + 1, NULL, 10));
      else
        kefu_query_bind_null (stmt, 1);
      kefu_query_bind_int (stmt, 2, id);
      if (!kefu_query_run (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kefu_dispatch_undo (KefuStore  *store,
                    gint64     *ticket_id,
                    GError    **error)
{
  g_autoptr(KefuTransaction) tx = NULL;
  g_auto(Placed) now_at = { 0 };
  KEFU_AUTO_QUERY *last = NULL;
  KEFU_AUTO_QUERY *names = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *from_status = NULL;
  g_autofree char *to_status = NULL;
  g_autofree char *positions = NULL;
  g_autofree char *body = NULL;
  gint64 move_id = 0, id = 0, from_team = 0, from_tech = 0, to_tech = 0;
  gint64 from_dispatched = 0, from_accepted = 0, from_response = 0;
  gint64 now = kefu_store_now (store);
  gboolean ok;

  if (!kefu_store_require_actor (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  last = kefu_query_prepare (store,
      "SELECT id, ticket_id, kind, coalesce(from_team_id, 0), coalesce(from_technician_id, 0), from_status, "
      "       coalesce(from_dispatched_at, 0), coalesce(from_accepted_at, 0), coalesce(from_first_response_at, 0), "
      "       coalesce(to_technician_id, 0), to_status, positions "
      "FROM dispatch_moves WHERE user_id = ?1 AND undone_at IS NULL ORDER BY id DESC LIMIT 1", error);
  ok = last != NULL;
  if (ok)
    {
      kefu_query_bind_int (last, 1, kefu_store_get_actor (store));
      ok = kefu_query_step_one (store, last, error, KEFU_STORE_ERROR_INVALID, _("There is no move of yours to undo."));
    }
  if (ok)
    {
      move_id = kefu_query_get_int (last, 0);
      id = kefu_query_get_int (last, 1);
      kind = g_strdup (kefu_query_get_text (last, 2));
      from_team = kefu_query_get_int (last, 3);
      from_tech = kefu_query_get_int (last, 4);
      from_status = g_strdup (kefu_query_get_text (last, 5));
      from_dispatched = kefu_query_get_int (last, 6);
      from_accepted = kefu_query_get_int (last, 7);
      from_response = kefu_query_get_int (last, 8);
      to_tech = kefu_query_get_int (last, 9);
      to_status = g_strdup (kefu_query_get_text (last, 10));
      positions = g_strdup (kefu_query_get_text (last, 11));
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
      KEFU_AUTO_QUERY *restore = kefu_query_prepare (store,
          "UPDATE tickets SET team_id = ?1, technician_id = ?2, status = ?3, dispatched_at = ?4, accepted_at = ?5, "
          "first_response_at = ?6, updated_at = ?7 WHERE id = ?8", error);
      ok = restore != NULL;
      if (ok)
        {
          kefu_query_bind_id (restore, 1, from_team);
          kefu_query_bind_id (restore, 2, from_tech);
          kefu_query_bind_text (restore, 3, from_status);
          kefu_query_bind_id (restore, 4, from_dispatched);
          kefu_query_bind_id (restore, 5, from_accepted);
          kefu_query_bind_id (restore, 6, from_response);
          kefu_query_bind_int (restore, 7, now);
          kefu_query_bind_int (restore, 8, id);
          ok = kefu_query_run (store, restore, error);
        }
      if (ok && from_tech > 0)
        {
          names = kefu_query_prepare (store,
              "SELECT tm.name, tc.name FROM technicians tc JOIN teams tm ON tm.id = ?1 WHERE tc.id = ?2", error);
          ok = names != NULL;
          if (ok)
            {
              KefuQueryStep rc;

              kefu_query_bind_int (names, 1, from_team);
              kefu_query_bind_int (names, 2, from_tech);
              rc = kefu_query_step (store, names, error);
              ok = rc != KEFU_QUERY_FAILED;
              if (rc == KEFU_QUERY_ROW)
                body = g_strdup_printf (_("Undone: back to %s · %s"), kefu_query_get_text (names, 0), kefu_query_get_text (names, 1));
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
      KEFU_AUTO_QUERY *mark = kefu_query_prepare (store, "UPDATE dispatch_moves SET undone_at = ?1 WHERE id = ?2", error);
      ok = mark != NULL && restore_positions (store, positions, error);
      if (ok)
        {
          kefu_query_bind_int (mark, 1, now);
          kefu_query_bind_int (mark, 2, move_id);
          ok = kefu_query_run (store, mark, error) && kefu_sla_update_ticket (store, id, error);
        }
    }
  if (ok && ticket_id != NULL)
    *ticket_id = id;
  return kefu_transaction_end (tx, ok, error);
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
  g_autoptr(KefuTransaction) tx = NULL;
  static const char *const open[] = { "new", "reopened", "dispatched", "accepted", "on_hold", NULL };
  g_auto(Placed) p = { 0 };
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *body = NULL;
  gint64 now = kefu_store_now (store);
  gboolean ok;

  if (minutes < 0 || minutes > 24 * 60)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("An appointment’s window is from 1 minute to 24 hours, not %d minutes."), minutes);
      return FALSE;
    }
  if (!kefu_store_require_actor (store, error) || (tx = kefu_transaction_begin (store, error)) == NULL)
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
      stmt = kefu_query_prepare (store,
          "UPDATE tickets SET appointment_at = ?1, appointment_minutes = ?2, updated_at = ?3 WHERE id = ?4", error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      kefu_query_bind_id (stmt, 1, appointment_at);
      kefu_query_bind_id (stmt, 2, appointment_at > 0 ? minutes : 0);
      kefu_query_bind_int (stmt, 3, now);
      kefu_query_bind_int (stmt, 4, ticket_id);
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
      ok = kefu_query_run (store, stmt, error) &&
           kefu_intake_add_event (store, ticket_id, now, "edit", NULL, NULL, body, error);
    }
  return kefu_transaction_end (tx, ok, error);
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
