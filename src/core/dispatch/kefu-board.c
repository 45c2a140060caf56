/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-board.c — the dispatch board: its lanes and cards for a day, shift spans
 * and appointment conflicts */
#include "config.h"

#include "kefu-dispatch-private.h"

/* The board ----------------------------------------------------------------- */

static void
lane_free (KefuBoardLane *l)
{
  g_free (l->technician_name);
  g_free (l->team_name);
  g_clear_pointer (&l->shifts, g_array_unref);
  g_free (l);
}

/* A card and its five texts are one block (card_new()) */
static void
card_free (KefuBoardCard *c)
{
  g_free (c);
}

/* A card with copies of its texts after it, in one allocation (10,036
 * cards were 60,216 allocations) */
static KefuBoardCard *
card_new (const char *const texts[5])
{
  gsize length[5], total = sizeof (KefuBoardCard);
  KefuBoardCard *c;
  char *at;
  char **fields[5];

  for (int i = 0; i < 5; i++)
    {
      length[i] = texts[i] != NULL ? strlen (texts[i]) + 1 : 0;
      total += length[i];
    }
  c = g_malloc0 (total);
  fields[0] = &c->number;
  fields[1] = &c->location;
  fields[2] = &c->kind;
  fields[3] = &c->subtype;
  fields[4] = &c->status;
  at = (char *) (c + 1);
  for (int i = 0; i < 5; i++)
    if (texts[i] != NULL)
      {
        memcpy (at, texts[i], length[i]);
        *fields[i] = at;
        at += length[i];
      }
  return c;
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

/* A card as read, with what orders it in its lane (LANE_ORDER) */
typedef struct {
  KefuBoardCard *card;
  int            rank;           /* its lane's place on the board (lane_rank()) */
  gboolean       in_lane;        /* lane IS NOT NULL */
  gboolean       has_position;   /* board_position IS NOT NULL */
  gint64         position;
  gboolean       has_appointment;
  gint64         appointment_at;
} ReadCard;

/* The order the cards' statement used to sort by, here in memory (the
 * server sorted 10,036 cards in 250 ms of a 400 ms statement under load;
 * sorted here they cost a few): ORDER BY lane IS NOT NULL, CASE WHEN lane
 * IS NULL THEN level END, lane, then LANE_ORDER; the lanes in the board's
 * order (by team: the lanes' rank), so the cards need no second sort.
 * Every key is compared only among cards that agree on the ones before
 * it, so neither engine's place for NULLs enters; the id makes it a total
 * order. */
static int
compare_read_cards (gconstpointer a,
                    gconstpointer b)
{
  const ReadCard *x = a, *y = b;

#define BY(cx, cy) G_STMT_START { if ((cx) != (cy)) return (cx) < (cy) ? -1 : 1; } G_STMT_END
  BY (x->in_lane, y->in_lane);
  if (!x->in_lane)
    BY (x->card->level, y->card->level);
  else
    {
      BY (x->rank, y->rank);
      BY (x->card->technician_id, y->card->technician_id);
    }
  BY (!x->has_position, !y->has_position);
  if (x->has_position)
    BY (x->position, y->position);
  BY (!x->has_appointment, !y->has_appointment);
  if (x->has_appointment)
    BY (x->appointment_at, y->appointment_at);
  BY (x->card->created_at, y->card->created_at);
  BY (x->card->ticket_id, y->card->ticket_id);
#undef BY
  return 0;
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
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT technician_id, 0, start_min, end_min FROM shifts WHERE weekday = ?1 "
      "UNION ALL SELECT technician_id, 1, start_min, end_min FROM shifts WHERE weekday = ?2 AND end_min < start_min "
      "UNION ALL SELECT technician_id, CASE kind WHEN 'leave' THEN 2 ELSE 3 END, start_min, end_min "
      "  FROM shift_exceptions WHERE date = ?3", error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, m->weekday);
  kefu_query_bind_int (stmt, 2, m->weekday == 1 ? 7 : m->weekday - 1);
  kefu_query_bind_text (stmt, 3, m->date);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 tech = kefu_query_get_int (stmt, 0);
      int kind = kefu_query_get_int (stmt, 1);
      gboolean whole_day = kefu_query_is_null (stmt, 2) || kefu_query_is_null (stmt, 3);
      int start = kefu_query_get_int (stmt, 2), end = kefu_query_get_int (stmt, 3);
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
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;

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

/* The board's cards: every open job, the columns it reads, not *: on a
 * server a dispatcher may not read the contact's phone (#20) */
#define BOARD_CARDS_SQL \
      "SELECT id, number, location, kind, subtype, status, level, flagged, created_at, appointment_at, "\
      "       team_id, technician_id, next_due_at, next_warn_at, appointment_minutes, version, board_position "\
      "FROM tickets WHERE status IN (" QUEUE_STATES "," ASSIGNED_STATES ")"
#define BOARD_CARDS_COLUMNS 17

/* Whether @status is one of ASSIGNED_STATES (a job in a technician's lane) */
static gboolean
is_assigned_state (const char *status)
{
  static const char *const states[] = { "dispatched", "accepted", "on_site", "on_hold" };

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (states); i++)
    if (strcmp (status, states[i]) == 0)
      return TRUE;
  return FALSE;
}

KefuBoard *
kefu_dispatch_load_board (KefuStore  *store,
                          gint64      at,
                          GError    **error)
{
  g_autoptr(KefuBoard) board = g_new0 (KefuBoard, 1);
  g_autoptr(GHashTable) on = NULL;
  g_autoptr(GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  KEFU_AUTO_QUERY *lanes = NULL;
  KEFU_AUTO_QUERY *cards = NULL;
  g_autoptr(GArray) read = NULL;
  LocalMoment m;
  gint64 lane_tech = -1;
  int seq = 0;
  KefuQueryStep rc;

  board->at = at > 0 ? at : kefu_store_now (store);
  kefu_dispatch_local_moment (board->at, &m);
  board->day_start = m.day_start;
  board->day_end = m.day_end;
  board->lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) lane_free);
  board->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) card_free);

  on = kefu_dispatch_load_on_shift (store, board->at, 0, error);
  if (on == NULL)
    return NULL;

  lanes = kefu_query_prepare (store,
      /* (each lane's open jobs are counted from the cards, below) */
      "SELECT tc.id, tc.name, tm.id, tm.name, tm.is_contractor, tm.suspended, "
      "       coalesce(w.n, 0), w.mean "
      "FROM technicians tc JOIN teams tm ON tm.id = tc.team_id "
      "LEFT JOIN (SELECT technician_id, count(*) AS n, avg(resolved_at - dispatched_at) / 60.0 AS mean FROM tickets "
      "           WHERE resolved_at >= ?1 AND resolved_at < ?2 AND dispatched_at IS NOT NULL "
      "           AND technician_id IS NOT NULL GROUP BY technician_id) w "
      "  ON w.technician_id = tc.id "
      "WHERE tc.active <> 0 ORDER BY tm.is_contractor, tm.id, tc.id", error);
  if (lanes == NULL)
    return NULL;
  kefu_query_bind_int (lanes, 1, m.week_start);
  kefu_query_bind_int (lanes, 2, m.week_start + 7 * 24 * 3600);
  while ((rc = kefu_query_step (store, lanes, error)) == KEFU_QUERY_ROW)
    {
      KefuBoardLane *l = g_new0 (KefuBoardLane, 1);

      l->technician_id = kefu_query_get_int (lanes, 0);
      l->technician_name = g_strdup (kefu_query_get_text (lanes, 1));
      l->team_id = kefu_query_get_int (lanes, 2);
      l->team_name = g_strdup (kefu_query_get_text (lanes, 3));
      l->contractor = kefu_query_get_int (lanes, 4) != 0;
      l->suspended = kefu_query_get_int (lanes, 5) != 0;
      l->on_shift = g_hash_table_contains (on, &l->technician_id);
      l->status = l->on_shift ? KEFU_TECHNICIAN_ON_SHIFT : KEFU_TECHNICIAN_OFF;
      l->finished_this_week = kefu_query_get_int (lanes, 6);
      l->mean_finish_minutes = kefu_query_is_null (lanes, 7) ? -1 : kefu_query_get_double (lanes, 7);
      g_ptr_array_add (board->lanes, l);
      g_hash_table_insert (index, &l->technician_id, GINT_TO_POINTER (board->lanes->len));
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;

  cards = kefu_query_prepare (store, BOARD_CARDS_SQL, error);
  if (cards == NULL)
    return NULL;
  read = g_array_sized_new (FALSE, FALSE, sizeof (ReadCard), 256);
  while ((rc = kefu_query_step (store, cards, error)) == KEFU_QUERY_ROW)
    {
      const char *texts[5] = { kefu_query_get_text (cards, 1), kefu_query_get_text (cards, 2),
                               kefu_query_get_text (cards, 3), kefu_query_get_text (cards, 4),
                               kefu_query_get_text (cards, 5) };
      KefuBoardCard *c = card_new (texts);
      ReadCard r;

      c->ticket_id = kefu_query_get_int (cards, 0);
      c->level = kefu_query_get_int (cards, 6);
      c->flagged = kefu_query_get_int (cards, 7) != 0;
      c->created_at = kefu_query_get_int (cards, 8);
      /* (a NULL reads as 0: no appointment, no team, no clock) */
      c->appointment_at = kefu_query_get_int (cards, 9);
      c->team_id = kefu_query_get_int (cards, 10);
      /* a lane: a technician's, in the assigned states (the queue's
       * states keep a technician named before a reopening in no lane) */
      r.in_lane = !kefu_query_is_null (cards, 11) && is_assigned_state (c->status);
      c->technician_id = r.in_lane ? kefu_query_get_int (cards, 11) : 0;
      c->next_due_at = kefu_query_get_int (cards, 12);
      c->next_warn_at = kefu_query_get_int (cards, 13);
      c->appointment_minutes = kefu_query_is_null (cards, 14) ? KEFU_APPOINTMENT_DEFAULT_MINUTES
                                                                           : kefu_query_get_int (cards, 14);
      c->version = kefu_query_get_int (cards, 15);
      r.card = c;
      r.rank = lane_rank (index, c);
      if (r.rank > 0 && r.rank != G_MAXINT)
        {
          /* a job assigned to an active technician (a lane: the board's
           * assigned states, a technician set): its lane's count, and
           * whether the technician is on site now */
          KefuBoardLane *lane = board->lanes->pdata[r.rank - 1];

          lane->open_jobs++;
          if (g_strcmp0 (c->status, "on_site") == 0)
            lane->status = KEFU_TECHNICIAN_ON_SITE;
        }
      r.has_position = !kefu_query_is_null (cards, 16);
      r.position = kefu_query_get_int (cards, 16);
      r.has_appointment = !kefu_query_is_null (cards, 9);
      r.appointment_at = c->appointment_at;
      g_array_append_val (read, r);
    }
  if (rc == KEFU_QUERY_FAILED)
    {
      for (guint i = 0; i < read->len; i++)
        card_free (g_array_index (read, ReadCard, i).card);
      return NULL;
    }
  g_array_sort (read, compare_read_cards);
  for (guint i = 0; i < read->len; i++)
    {
      KefuBoardCard *c = g_array_index (read, ReadCard, i).card;

      if (c->technician_id != lane_tech)
        {
          lane_tech = c->technician_id;
          seq = 0;
        }
      c->position = ++seq;
      g_ptr_array_add (board->cards, c);
    }
  if (!board_load_shifts (store, board, &m, error))
    return NULL;
  kefu_board_mark_conflicts (board);
  return g_steal_pointer (&board);
}

/* The bench's floor for the board (#20): the cards' statement run and
 * every value of every row read as the board reads it, nothing built */
gboolean
kefu_dispatch_read_board_floor (KefuStore  *store,
                                guint      *n_cards,
                                GError    **error)
{
  KEFU_AUTO_QUERY *cards = kefu_query_prepare (store, BOARD_CARDS_SQL, error);
  KefuQueryStep rc;
  gint64 sum = 0;
  gsize length = 0;
  guint n = 0;

  if (cards == NULL)
    return FALSE;
  while ((rc = kefu_query_step (store, cards, error)) == KEFU_QUERY_ROW)
    {
      for (int col = 0; col < BOARD_CARDS_COLUMNS; col++)
        {
          if (col >= 1 && col <= 5)
            {
              const char *text = kefu_query_get_text (cards, col);

              length += text != NULL ? strlen (text) : 0;
            }
          else if (!kefu_query_is_null (cards, col))
            sum += kefu_query_get_int (cards, col);
        }
      n++;
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  /* (what was read is used, so that none of it is left out) */
  g_debug ("board floor: %u cards, %" G_GSIZE_FORMAT " characters, sum %" G_GINT64_FORMAT, n, length, sum);
  if (n_cards != NULL)
    *n_cards = n;
  return TRUE;
}
