/* kefu-sla.c — each ticket's service-level clocks
 *
 * A ticket takes the most specific active policy for its kind, level and
 * channel when it is logged, and keeps it: later edits of policies apply
 * to new tickets only. Each clock's due moment is its start plus the
 * target in the policy's calendar, moved on by the working time the
 * ticket spent on hold — credited exactly, across nights, weekends and
 * holidays. next_due_at (indexed) is the earliest due moment of a clock
 * still running; on hold it is empty, as the clocks stand still.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-calendar-store.h"
#include "kefu-sla.h"
#include "kefu-store-private.h"

/* Most specific first: a channel match outweighs a kind match, which
 * outweighs a level match; a policy names only what it is for. */
gint64
kefu_sla_policy_for (KefuStore   *store,
                     const char  *kind,
                     int          level,
                     const char  *channel,
                     GError     **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT id FROM sla_policies WHERE active "
      "AND (kind IS NULL OR kind = ?1) AND (level IS NULL OR level = ?2) AND (channel IS NULL OR channel = ?3) "
      "ORDER BY (channel IS NOT NULL) * 4 + (kind IS NOT NULL) * 2 + (level IS NOT NULL) DESC, id DESC LIMIT 1",
      error);
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, level);
  sqlite3_bind_text (stmt, 3, channel, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      kefu_store_set_error (store, rc, error);
      return -1;
    }
  return 0;   /* no policy: no clocks */
}

/* The calendar of the ticket's policy; around the clock without one. */
KefuCalendar *
kefu_sla_calendar_of (KefuStore  *store,
                      gint64      ticket_id,
                      GError    **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store,
      "SELECT c.name FROM tickets t JOIN sla_policies p ON p.id = t.sla_policy_id "
      "JOIN calendars c ON c.id = p.calendar_id WHERE t.id = ?", error);
  g_autofree char *name = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup (kefu_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return name != NULL ? kefu_calendar_store_load (store, name, error) : kefu_calendar_new_always ();
}

/* Start + target (minutes, from column @col) + the working seconds spent
 * on hold, all in working time. */
static gint64
due (KefuCalendar *cal,
     gint64        start,
     sqlite3_stmt *stmt,
     int           col,
     gint64        paused)
{
  if (start <= 0 || sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return 0;
  return kefu_calendar_add_seconds (cal, start, sqlite3_column_int64 (stmt, col) * 60 + paused);
}

gboolean
kefu_sla_update_ticket (KefuStore  *store,
                        gint64      ticket_id,
                        GError    **error)
{
  g_autoptr(KefuCalendar) cal = NULL;
  KEFU_AUTO_STMT *read = NULL;
  KEFU_AUTO_STMT *write = NULL;
  gint64 dues[KEFU_N_CLOCKS] = { 0 };
  gint64 next = 0;
  gint64 created, dispatched, resolved, first_response, arrived, followed, paused;
  const char *status;
  gboolean open;

  /* a ticket without a policy takes one now, and keeps it */
  {
    KEFU_AUTO_STMT *pick = kefu_store_prepare (store,
        "SELECT kind, level, channel, sla_policy_id FROM tickets WHERE id = ?", error);
    if (pick == NULL)
      return FALSE;
    sqlite3_bind_int64 (pick, 1, ticket_id);
    if (sqlite3_step (pick) != SQLITE_ROW)
      return TRUE;
    if (sqlite3_column_type (pick, 3) == SQLITE_NULL)
      {
        gint64 policy = kefu_sla_policy_for (store, kefu_column_text (pick, 0), sqlite3_column_int (pick, 1),
                                             kefu_column_text (pick, 2), error);
        KEFU_AUTO_STMT *set = NULL;

        if (policy < 0)
          return FALSE;
        if (policy == 0)
          return TRUE;
        set = kefu_store_prepare (store, "UPDATE tickets SET sla_policy_id = ? WHERE id = ?", error);
        if (set == NULL)
          return FALSE;
        sqlite3_bind_int64 (set, 1, policy);
        sqlite3_bind_int64 (set, 2, ticket_id);
        if (sqlite3_step (set) != SQLITE_DONE)
          {
            kefu_store_set_error (store, sqlite3_errcode (kefu_store_get_db (store)), error);
            return FALSE;
          }
      }
  }

  cal = kefu_sla_calendar_of (store, ticket_id, error);
  if (cal == NULL)
    return FALSE;
  read = kefu_store_prepare (store,
      "SELECT t.created_at, t.dispatched_at, t.resolved_at, t.first_response_at, t.arrived_at, t.followed_up_at, "
      "t.paused_seconds, t.status, p.response_min, p.onsite_min, p.resolution_min, p.followup_min "
      "FROM tickets t JOIN sla_policies p ON p.id = t.sla_policy_id WHERE t.id = ?", error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, ticket_id);
  if (sqlite3_step (read) != SQLITE_ROW)
    return TRUE;
  created = sqlite3_column_int64 (read, 0);
  dispatched = sqlite3_column_int64 (read, 1);
  resolved = sqlite3_column_int64 (read, 2);
  first_response = sqlite3_column_int64 (read, 3);
  arrived = sqlite3_column_int64 (read, 4);
  followed = sqlite3_column_int64 (read, 5);
  paused = sqlite3_column_int64 (read, 6);
  status = kefu_column_text (read, 7);

  dues[KEFU_CLOCK_RESPONSE] = due (cal, created, read, 8, paused);
  dues[KEFU_CLOCK_ONSITE] = due (cal, dispatched, read, 9, paused);
  dues[KEFU_CLOCK_RESOLUTION] = due (cal, created, read, 10, paused);
  dues[KEFU_CLOCK_FOLLOWUP] = due (cal, resolved, read, 11, 0);

  /* the earliest due moment of a clock still running */
  open = g_strcmp0 (status, "on_hold") != 0 && g_strcmp0 (status, "closed") != 0 && g_strcmp0 (status, "cancelled") != 0;
  if (open)
    {
      gboolean running[KEFU_N_CLOCKS] = {
        [KEFU_CLOCK_RESPONSE] = first_response <= 0,
        [KEFU_CLOCK_ONSITE] = dispatched > 0 && arrived <= 0,
        [KEFU_CLOCK_RESOLUTION] = resolved <= 0,
        [KEFU_CLOCK_FOLLOWUP] = resolved > 0 && followed <= 0,
      };
      for (KefuClock c = 0; c < KEFU_N_CLOCKS; c++)
        if (running[c] && dues[c] > 0 && (next == 0 || dues[c] < next))
          next = dues[c];
    }

  write = kefu_store_prepare (store,
      "UPDATE tickets SET response_due_at = ?1, onsite_due_at = ?2, resolution_due_at = ?3, "
      "followup_due_at = ?4, next_due_at = ?5 WHERE id = ?6", error);
  if (write == NULL)
    return FALSE;
  for (KefuClock c = 0; c < KEFU_N_CLOCKS; c++)
    kefu_bind_id_or_null (write, c + 1, dues[c]);
  kefu_bind_id_or_null (write, 5, next);
  sqlite3_bind_int64 (write, 6, ticket_id);
  if (sqlite3_step (write) != SQLITE_DONE)
    {
      kefu_store_set_error (store, sqlite3_errcode (kefu_store_get_db (store)), error);
      return FALSE;
    }
  return TRUE;
}

/* Adds the working time of a hold, in the ticket's calendar, to its
 * paused time. */
gboolean
kefu_sla_credit_pause (KefuStore  *store,
                       gint64      ticket_id,
                       gint64      hold_start,
                       gint64      hold_end,
                       GError    **error)
{
  g_autoptr(KefuCalendar) cal = kefu_sla_calendar_of (store, ticket_id, error);
  KEFU_AUTO_STMT *stmt = NULL;

  if (cal == NULL)
    return FALSE;
  stmt = kefu_store_prepare (store, "UPDATE tickets SET paused_seconds = paused_seconds + ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kefu_calendar_seconds_between (cal, hold_start, hold_end));
  sqlite3_bind_int64 (stmt, 2, ticket_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      kefu_store_set_error (store, sqlite3_errcode (kefu_store_get_db (store)), error);
      return FALSE;
    }
  return TRUE;
}
