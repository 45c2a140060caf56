/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-desk.c — the SQL behind the desk's tickets and users */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-auth.h"
#include "kefu-audit.h"
#include "kefu-desk.h"
#include "kefu-pinyin.h"
#include "kefu-privacy.h"
#include "kefu-enums.h"
#include "kefu-search.h"
#include "kefu-query.h"
#include "kefu-schema.h"
#include "kefu-store-private.h"
#include "kefu-ticket-private.h"

#define PAGE_BINDS 64

/* Users ------------------------------------------------------------------ */

static KefuUser *
user_from_row (KefuQuery *stmt)
{
  return kefu_user_new (kefu_query_get_int (stmt, 0),
                        kefu_query_get_text (stmt, 1),
                        kefu_query_get_text (stmt, 2),
                        kefu_query_get_text (stmt, 3),
                        kefu_query_get_text (stmt, 4));
}

#define USER_COLUMNS "id, login, name, role, title"

GListStore *
kefu_desk_list_users (KefuStore  *store,
                      GError    **error)
{
  g_autoptr(GListStore) users = g_list_store_new (KEFU_TYPE_USER);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT " USER_COLUMNS " FROM users WHERE active <> 0 "
      "ORDER BY CASE role WHEN 'agent' THEN 1 WHEN 'dispatcher' THEN 2 WHEN 'supervisor' THEN 3 "
      "WHEN 'trainer' THEN 4 WHEN 'manager' THEN 5 ELSE 6 END, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      g_autoptr(KefuUser) user = user_from_row (stmt);
      g_list_store_append (users, user);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&users);
}

static KefuUser *
get_user_where (KefuStore  *store,
                KefuQuery  *stmt,
                GError    **error)
{
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("No such user.")))
    return NULL;
  return user_from_row (stmt);
}

KefuUser *
kefu_desk_get_user (KefuStore  *store,
                    gint64      id,
                    GError    **error)
{
  static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE id = ?1";
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, id);
  return get_user_where (store, stmt, error);
}

KefuUser *
kefu_desk_find_user (KefuStore   *store,
                     const char  *login,
                     GError     **error)
{
  static const char sql[] = "SELECT " USER_COLUMNS " FROM users WHERE login = ?1";
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, login);
  return get_user_where (store, stmt, error);
}

gint64
kefu_desk_add_user (KefuStore   *store,
                    const char  *login,
                    const char  *name,
                    const char  *role,
                    const char  *title,
                    GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  if (!kefu_code_is_valid (KEFU_CODES_ROLE, role))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is not a role (use agent, dispatcher, supervisor, trainer, manager or admin)."),
                   role);
      return 0;
    }
  stmt = kefu_query_prepare (store,
                             "INSERT INTO users (login, name, role, title, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return 0;
  kefu_query_bind_text (stmt, 1, login);
  kefu_query_bind_text (stmt, 2, name);
  kefu_query_bind_text (stmt, 3, role);
  kefu_query_bind_text_or_null (stmt, 4, title);
  kefu_query_bind_int (stmt, 5, kefu_store_now (store));
  if (!kefu_query_run (store, stmt, error))
    return 0;
  id = kefu_query_last_id (store);
  detail = g_strdup_printf ("role=%s", role);
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "add_user", "users", id, detail, error))
    return 0;
  return id;
}

/* Tickets ---------------------------------------------------------------- */

/* The contact's phone: in full from the tables, or (a server signed in
 * as a person, who may not read the phone columns: #20) as the server
 * masks it (tickets_masked, kefu-server-rights.sql), the same text as
 * kefu_mask_phone() gives */
#define PHONE_FULL "coalesce(t.contact_phone, o.phone)"
#define PHONE_MASKED \
  "(SELECT coalesce(nullif(m.contact_phone, ''), nullif(m.owner_phone, '')) FROM tickets_masked m WHERE m.id = t.id)"
#define TICKET_COLUMNS_OF(owner_name, phone, names) \
  "t.id, t.number, t.channel, t.kind, t.subtype, t.level, t.location, t.owner_id, " \
  owner_name ", " phone ", t.description, t.status, " \
  names ", t.hold_reason, t.cancel_reason, t.followup_comment, " \
  "t.satisfaction, t.reopen_count, t.flagged, " \
  "t.created_at, t.first_response_at, t.dispatched_at, t.accepted_at, t.arrived_at, " \
  "t.resolved_at, t.followed_up_at, t.closed_at, t.cancelled_at, t.verified_by IS NOT NULL, t.paused_seconds, " \
  "t.response_due_at, t.onsite_due_at, t.resolution_due_at, t.followup_due_at, t.update_due_at, t.review_due_at, t.next_due_at, t.next_warn_at, t.agent_id, " \
  "t.plan_started_at, (SELECT r.filed_at FROM incident_reviews r WHERE r.ticket_id = t.id), t.version "
#define TICKET_COLUMNS_WITH(phone) TICKET_COLUMNS_OF ("coalesce(o.name, t.contact_name)", phone, "u.name, tm.name, tc.name")
#define TICKET_COLUMNS TICKET_COLUMNS_WITH (PHONE_FULL)
#define TICKET_COLUMNS_MASKED TICKET_COLUMNS_WITH (PHONE_MASKED)
/* The same columns without the joins (TICKET_JOINS): each name looked up
 * by its key in a subquery of its own, for the server's first page
 * (server_first_tickets()), whose planning a five-table join doubled */
#define TICKET_COLUMNS_LOOKED_UP_WITH(phone) \
  TICKET_COLUMNS_OF ("coalesce((SELECT o.name FROM owners o WHERE o.id = t.owner_id), t.contact_name)", phone, \
                     "(SELECT u.name FROM users u WHERE u.id = t.agent_id), " \
                     "(SELECT tm.name FROM teams tm WHERE tm.id = t.team_id), " \
                     "(SELECT tc.name FROM technicians tc WHERE tc.id = t.technician_id)")
#define TICKET_COLUMNS_LOOKED_UP \
  TICKET_COLUMNS_LOOKED_UP_WITH ("coalesce(t.contact_phone, (SELECT o.phone FROM owners o WHERE o.id = t.owner_id))")
#define TICKET_COLUMNS_LOOKED_UP_MASKED TICKET_COLUMNS_LOOKED_UP_WITH (PHONE_MASKED)
#define TICKET_JOINS \
  "FROM tickets t LEFT JOIN owners o ON o.id = t.owner_id " \
  "LEFT JOIN users u ON u.id = t.agent_id LEFT JOIN teams tm ON tm.id = t.team_id " \
  "LEFT JOIN technicians tc ON tc.id = t.technician_id "

static KefuTicket *
ticket_from_row (KefuQuery *stmt)
{
  KefuTicket *t = g_object_new (KEFU_TYPE_TICKET, NULL);
  int c = 0;

  t->id = kefu_query_get_int (stmt, c++);
  t->number = g_strdup (kefu_query_get_text (stmt, c++));
  t->channel = g_strdup (kefu_query_get_text (stmt, c++));
  t->kind = g_strdup (kefu_query_get_text (stmt, c++));
  t->subtype = g_strdup (kefu_query_get_text (stmt, c++));
  t->level = kefu_query_get_int (stmt, c++);
  t->location = g_strdup (kefu_query_get_text (stmt, c++));
  t->owner_id = kefu_query_get_int (stmt, c++);
  t->owner_name = g_strdup (kefu_query_get_text (stmt, c++));
  t->contact_phone = g_strdup (kefu_query_get_text (stmt, c++));
  t->description = g_strdup (kefu_query_get_text (stmt, c++));
  t->status = g_strdup (kefu_query_get_text (stmt, c++));
  t->agent_name = g_strdup (kefu_query_get_text (stmt, c++));
  t->team_name = g_strdup (kefu_query_get_text (stmt, c++));
  t->technician_name = g_strdup (kefu_query_get_text (stmt, c++));
  t->hold_reason = g_strdup (kefu_query_get_text (stmt, c++));
  t->cancel_reason = g_strdup (kefu_query_get_text (stmt, c++));
  t->followup_comment = g_strdup (kefu_query_get_text (stmt, c++));
  t->satisfaction = kefu_query_get_int (stmt, c++);
  t->reopen_count = kefu_query_get_int (stmt, c++);
  t->flagged = kefu_query_get_int (stmt, c++) != 0;
  for (guint m = 0; m < KEFU_TICKET_N_MILESTONES; m++)
    t->milestones[m] = kefu_query_get_int (stmt, c++);
  t->verified = kefu_query_get_int (stmt, c++) != 0;
  t->paused_seconds = kefu_query_get_int (stmt, c++);
  for (guint k = 0; k < G_N_ELEMENTS (t->due); k++)
    t->due[k] = kefu_query_get_int (stmt, c++);
  t->next_due_at = kefu_query_get_int (stmt, c++);
  t->next_warn_at = kefu_query_get_int (stmt, c++);
  t->agent_id = kefu_query_get_int (stmt, c++);
  t->plan_started_at = kefu_query_get_int (stmt, c++);
  t->review_filed_at = kefu_query_get_int (stmt, c++);
  t->version = kefu_query_get_int (stmt, c++);
  return t;
}

const char *
kefu_saved_view_label (KefuSavedView view)
{
  static const char *labels[KEFU_N_VIEWS] = {
    [KEFU_VIEW_ALL] = N_("All Tickets"),
    [KEFU_VIEW_MY_OPEN] = N_("My Open Tickets"),
    [KEFU_VIEW_AWAITING_FOLLOW_UP] = N_("Awaiting Follow-up"),
    [KEFU_VIEW_DUE_SOON] = N_("Due Soon"),
    [KEFU_VIEW_OVERDUE] = N_("Overdue"),
    [KEFU_VIEW_FLAGGED] = N_("Flagged"),
    [KEFU_VIEW_RECURRING] = N_("Recurring Faults"),
  };
  g_return_val_if_fail (view < KEFU_N_VIEWS, NULL);
  return _(labels[view]);
}

/* Narrows @query to a saved view; other fields are left as they are. */
void
kefu_saved_view_apply (KefuSavedView    view,
                       gint64           user_id,
                       KefuTicketQuery *query)
{
  switch (view)
    {
    case KEFU_VIEW_MY_OPEN:
      query->status = "open";
      query->agent_id = user_id;
      break;
    case KEFU_VIEW_AWAITING_FOLLOW_UP:
      query->status = "resolved";
      /* an owner not reached waits until the next try is due */
      query->follow_up_due = TRUE;
      query->sort = "resolved";
      query->ascending = TRUE;   /* the longest waiting first: resolved the earliest */
      break;
    case KEFU_VIEW_DUE_SOON:
      query->due_soon = TRUE;
      break;
    case KEFU_VIEW_OVERDUE:
      query->overdue = TRUE;
      break;
    case KEFU_VIEW_FLAGGED:
      /* what still needs a senior agent, not every flagged call in history */
      query->flagged = TRUE;
      query->status = "open";
      break;
    case KEFU_VIEW_RECURRING:
      query->recurring = TRUE;
      break;
    case KEFU_VIEW_ALL:
    case KEFU_N_VIEWS:
    default:
      break;
    }
}

/* The values a ticket query's conditions compare with. */
typedef enum {
  P_STATUS, P_KIND, P_SUBTYPE, P_WEEKDAY, P_HOUR, P_RFROM, P_RTO, P_CHANNEL, P_MATCH,
  P_NUMBER_FROM, P_NUMBER_TO, P_LEVEL, P_BUILDING, P_AGENT, P_TEAM, P_OWNER, P_FROM, P_TO, P_NOW,
  N_PARAMS
} Param;

typedef struct {
  GString *sql;
  char    *match;
  char    *number_from;   /* a ticket number typed in the search: its prefix range */
  char    *number_to;
  gboolean walk_order;    /* a first page of a search with many hits: walk the
                           * order's index and test each ticket against the hits */
  gboolean server;        /* the store is a PostgreSQL server */
  guint    n_conditions;
  guint    number[N_PARAMS];   /* each value's parameter (?N) in the text, 0: not in it */
  guint    n_params;
} Where;

/* The parameter number of @p in @w's text, given at its first use. */
static guint
param (Where *w,
       Param  p)
{
  if (w->number[p] == 0)
    w->number[p] = ++w->n_params;
  return w->number[p];
}

/* "GD2026061500" or a whole ticket number: letters, then six digits or
 * more. Such a search looks the number up by its prefix through the
 * number's index; every ticket number shares the bigrams of its digits. */
static gboolean
is_ticket_number (const char *text)
{
  const char *p = text;
  guint letters = 0, digits = 0;

  while (g_ascii_isalpha (*p) && letters < 5)
    p++, letters++;
  while (g_ascii_isdigit (*p))
    p++, digits++;
  return *p == '\0' && letters >= 1 && letters <= 4 && digits >= 6;
}

/* Appends the WHERE clause of @q; its parameters are numbered as they
 * come (Where.number says which is which) so the same binder serves the
 * list and the counts. */
static void
build_where (const KefuTicketQuery *q,
             Where                 *w)
{
  gboolean first = TRUE;
  g_autofree char *search = NULL;
  guint a, b;

#define AND(...) G_STMT_START { g_string_append (w->sql, first ? " WHERE " : " AND "); \
                                g_string_append_printf (w->sql, __VA_ARGS__); first = FALSE; w->n_conditions++; } G_STMT_END
  w->n_params = 0;
  memset (w->number, 0, sizeof w->number);
  if (q == NULL)
    return;
  if (q->status != NULL)
    {
      /* the open statuses by name, so the status index finds the few open
       * tickets instead of a scan of the newest-first index (a test checks
       * this list against kefu_status_is_open) */
      if (g_str_equal (q->status, "open"))
        AND ("%s", "t.status IN (" KEFU_OPEN_STATUSES ")");
      else
        AND ("t.status = ?%u", param (w, P_STATUS));
    }
  if (q->kind != NULL)
    AND ("t.kind = ?%u", param (w, P_KIND));
  if (q->subtype != NULL)
    AND ("t.subtype = ?%u", param (w, P_SUBTYPE));
  if (q->weekday > 0)
    AND ("(CAST(strftime('%%w', t.created_at, 'unixepoch', 'localtime') AS INTEGER) + 6) %% 7 + 1 = ?%u",
         param (w, P_WEEKDAY));
  if (q->hour > 0)
    AND ("CAST(strftime('%%H', t.created_at, 'unixepoch', 'localtime') AS INTEGER) + 1 = ?%u", param (w, P_HOUR));
  if (q->response_to_min > 0)
    {
      a = param (w, P_RFROM);
      b = param (w, P_RTO);
      AND ("t.first_response_at - t.created_at >= 60 * ?%u AND t.first_response_at - t.created_at < 60 * ?%u", a, b);
    }
  if (q->channel != NULL)
    AND ("t.channel = ?%u", param (w, P_CHANNEL));
  if (q->level > 0)
    AND ("t.level = ?%u", param (w, P_LEVEL));
  if (q->building_id > 0)
    AND ("t.building_id = ?%u", param (w, P_BUILDING));
  if (q->agent_id > 0)
    AND ("t.agent_id = ?%u", param (w, P_AGENT));
  if (q->team_id > 0)
    AND ("t.team_id = ?%u", param (w, P_TEAM));
  if (q->owner_id > 0)
    AND ("t.owner_id = ?%u", param (w, P_OWNER));
  if (q->from > 0)
    AND ("t.created_at >= ?%u", param (w, P_FROM));
  if (q->to > 0)
    AND ("t.created_at < ?%u", param (w, P_TO));
  if (q->overdue)
    /* a running clock past its due moment: next_due_at is only set while
     * one runs (a follow-up call after the ticket is resolved, a review
     * report after it is closed too) */
    AND ("t.next_due_at < ?%u AND t.status NOT IN ('cancelled','on_hold')", param (w, P_NOW));
  if (q->due_soon)
    {
      a = param (w, P_NOW);
      AND ("t.next_due_at >= ?%u AND t.next_warn_at <= ?%u AND t.status NOT IN ('cancelled','on_hold')", a, a);
    }
  if (q->follow_up_due)
    AND ("(t.followup_retry_at IS NULL OR t.followup_retry_at <= ?%u)", param (w, P_NOW));
  if (q->flagged)
    AND ("%s", "t.flagged <> 0");
  if (q->recurring && !w->server)
    /* the first report or a repeat of one with two repeats or more, each
     * side through an index (tickets_linked, the primary key) */
    AND ("%s", "(t.id IN (SELECT linked_to FROM tickets WHERE linked_to IS NOT NULL GROUP BY linked_to HAVING count(*) >= 2) "
               "OR t.linked_to IN (SELECT linked_to FROM tickets WHERE linked_to IS NOT NULL GROUP BY linked_to HAVING count(*) >= 2))");
  else if (q->recurring)
    /* the same rows on a server, whose planner tests an OR of two
     * subqueries on every ticket (a scan of the table, 204–261 ms at
     * 100,000 tickets under load): the faults' first reports and their
     * repeats as one list of ids, each looked up by its primary key
     * (137–157 ms; SQLite's own plan of the form above, an index per
     * side, is twice as fast there as this one) */
    AND ("%s", "t.id IN (SELECT g.linked_to FROM (SELECT linked_to FROM tickets WHERE linked_to IS NOT NULL "
               "GROUP BY linked_to HAVING count(*) >= 2) g UNION ALL SELECT r.id FROM tickets r WHERE r.linked_to IN "
               "(SELECT linked_to FROM tickets WHERE linked_to IS NOT NULL GROUP BY linked_to HAVING count(*) >= 2))");
  if (q->search != NULL)
    search = g_strstrip (g_strdup (q->search));
  if (search != NULL && *search != '\0')
    {
      if (is_ticket_number (search))
        {
          w->number_from = g_ascii_strup (search, -1);
          w->number_to = g_strconcat (w->number_from, "\x7f", NULL);
          a = param (w, P_NUMBER_FROM);
          b = param (w, P_NUMBER_TO);
          AND ("t.number >= ?%u AND t.number < ?%u", a, b);
        }
      else
        {
          /* The bigram index answers; a query with nothing searchable in it
           * (only punctuation) matches nothing. */
          w->match = kefu_search_match_expr (search);
          /* "+t.id" keeps the planner from driving the query by the hits
           * (then sorting them all) when only a first page is wanted */
          if (w->match == NULL)
            AND ("%s", "1 = 0");
          else
            AND ("%st.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?%u)",
                 w->walk_order ? "+" : "", param (w, P_MATCH));
        }
    }
#undef AND
}

static void
bind_where (KefuStore             *store,
            KefuQuery             *stmt,
            const KefuTicketQuery *q,
            const Where           *w)
{
  struct { const char *text; gint64 value; } params[N_PARAMS] = {
    [P_STATUS] = { q ? q->status : NULL, 0 }, [P_KIND] = { q ? q->kind : NULL, 0 },
    [P_SUBTYPE] = { q ? q->subtype : NULL, 0 }, [P_WEEKDAY] = { NULL, q ? q->weekday : 0 },
    [P_HOUR] = { NULL, q ? q->hour : 0 }, [P_RFROM] = { NULL, q ? q->response_from_min : 0 },
    [P_RTO] = { NULL, q ? MIN (q->response_to_min, 1 << 28) : 0 },
    [P_CHANNEL] = { q ? q->channel : NULL, 0 }, [P_MATCH] = { w->match, 0 },
    [P_NUMBER_FROM] = { w->number_from, 0 }, [P_NUMBER_TO] = { w->number_to, 0 },
    [P_LEVEL] = { NULL, q ? q->level : 0 }, [P_BUILDING] = { NULL, q ? q->building_id : 0 },
    [P_AGENT] = { NULL, q ? q->agent_id : 0 }, [P_TEAM] = { NULL, q ? q->team_id : 0 },
    [P_OWNER] = { NULL, q ? q->owner_id : 0 }, [P_FROM] = { NULL, q ? q->from : 0 },
    [P_TO] = { NULL, q ? q->to : 0 },
    /* only when a condition compares with it: on a server, the clock of
     * record is the server's, a round trip */
    [P_NOW] = { NULL, w->number[P_NOW] != 0 ? kefu_store_now (store) : 0 },
  };

  for (guint i = 0; i < N_PARAMS; i++)
    {
      if (w->number[i] == 0)
        continue;
      if (params[i].text != NULL)
        kefu_query_bind_text (stmt, w->number[i], params[i].text);
      else
        kefu_query_bind_int (stmt, w->number[i], params[i].value);
    }
}

static const char *
order_by (const KefuTicketQuery *q)
{
  static const struct { const char *key, *asc, *desc; } orders[] = {
    { "number", " ORDER BY t.number", " ORDER BY t.number DESC" },
    { "kind", " ORDER BY t.kind, t.created_at DESC", " ORDER BY t.kind DESC, t.created_at DESC" },
    { "level", " ORDER BY t.level, t.created_at DESC", " ORDER BY t.level DESC, t.created_at DESC" },
    { "location", " ORDER BY t.location, t.created_at DESC", " ORDER BY t.location DESC, t.created_at DESC" },
    { "status", " ORDER BY t.status, t.created_at DESC", " ORDER BY t.status DESC, t.created_at DESC" },
    { "agent", " ORDER BY t.agent_id, t.created_at DESC", " ORDER BY t.agent_id DESC, t.created_at DESC" },
    { "resolved", " ORDER BY t.resolved_at, t.id", " ORDER BY t.resolved_at DESC, t.id DESC" },
  };

  for (guint i = 0; q != NULL && q->sort != NULL && i < G_N_ELEMENTS (orders); i++)
    if (g_str_equal (q->sort, orders[i].key))
      return q->ascending ? orders[i].asc : orders[i].desc;
  return q != NULL && q->ascending ? " ORDER BY t.created_at, t.id" : " ORDER BY t.created_at DESC, t.id DESC";
}

/* Appends the ids of one statement to @ids, skipping those in @skip. */
static gboolean
collect_ids (KefuStore             *store,
             const char            *sql,
             const KefuTicketQuery *query,
             const Where           *w,
             GArray                *ids,
             guint                  limit,
             GHashTable            *skip,
             GCancellable          *cancellable,
             GError               **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);
  KefuQueryStep rc = KEFU_QUERY_DONE;
  guint n = 0;

  if (stmt == NULL)
    return FALSE;
  bind_where (store, stmt, query, w);
  /* stopping at the limit is as good as done */
  while ((limit == 0 || ids->len < limit) && (rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);

      if (skip == NULL || !g_hash_table_contains (skip, &id))
        g_array_append_val (ids, id);
      if ((++n & 0xfff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      rc = KEFU_QUERY_DONE;
    }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return TRUE;
}

/* How many tickets an FTS5 expression matches: the index alone, a few
 * milliseconds for tens of thousands of hits. */
static gint64
count_hits (KefuStore  *store,
            const char *match)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT count(*) FROM ticket_search WHERE ticket_search MATCH ?1",
                                              NULL);

  if (stmt == NULL)
    return -1;
  kefu_query_bind_text (stmt, 1, match);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? kefu_query_get_int (stmt, 0) : -1;
}

/* Above this many hits, the first page of a search newest first is
 * found faster by walking the creation-time index (about @limit × tickets
 * ÷ hits entries) than by reading every hit's row to sort them. */
#define WALK_MIN_HITS 2000

/* One hit of a search with its creation time */
typedef struct {
  gint64 created;
  gint64 id;
} Hit;

static int
hit_compare (gconstpointer a,
             gconstpointer b)
{
  const Hit *x = a, *y = b;

  if (x->created != y->created)
    return x->created < y->created ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The whole result of a search alone in creation order (ORDER BY
 * created_at, id, or both DESC): each hit's creation time comes from the
 * small covering index tickets(id, created_at), read in the order of the
 * ids, with no ORDER BY for SQLite to sort. Tickets are numbered as they
 * are created, so the times come in order: the result is then the ids as
 * read (reversed for newest first), which is checked pair by pair as the
 * rows come. Where they are not in order (older tickets imported later,
 * a server's own order), the pairs are sorted here; the result is the
 * same either way. */
static gboolean
search_in_creation_order (KefuStore             *store,
                          const KefuTicketQuery *query,
                          const Where           *w,
                          gboolean               ascending,
                          GArray                *ids,
                          GCancellable          *cancellable,
                          GError               **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  g_autofree char *sql = g_strconcat ("SELECT t.id, t.created_at FROM tickets t INDEXED BY tickets_id_created",
                                      w->sql->str, NULL);
  KefuQueryStep rc;
  gboolean in_order = TRUE;
  Hit last = { G_MININT64, G_MININT64 };
  guint n;

  stmt = kefu_query_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_where (store, stmt, query, w);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      Hit h = { kefu_query_get_int (stmt, 1), kefu_query_get_int (stmt, 0) };

      if (in_order && hit_compare (&last, &h) > 0)
        in_order = FALSE;
      last = h;
      g_array_append_val (hits, h);
      if ((hits->len & 0xfff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  if (rc == KEFU_QUERY_FAILED || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!in_order)
    g_array_sort (hits, hit_compare);
  n = hits->len;
  g_array_set_size (ids, n);
  for (guint i = 0; i < n; i++)
    g_array_index (ids, gint64, ascending ? i : n - 1 - i) = g_array_index (hits, Hit, i).id;
  return TRUE;
}

/* The order mark (schema v37): every ticket with id <= it is in creation
 * order, and every search row up to it is a ticket's (kefu-schema.c).
 * 0 where there is none, and on a server, which keeps none. */
static gint64
tickets_in_order_to (KefuStore *store)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (kefu_store_is_server (store))
    return 0;
  stmt = kefu_query_prepare (store, "SELECT CAST(value AS INTEGER) FROM settings WHERE key = '"
                             KEFU_SETTING_TICKETS_IN_ORDER_TO "'", NULL);
  if (stmt == NULL || kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    return 0;
  return kefu_query_get_int (stmt, 0);
}

/* The whole result of a search alone in creation order where the order
 * mark covers every hit: the hits in id order as the bigram index gives
 * them (reversed for newest first), no ticket looked up — tickets up to
 * the mark are in creation order, ties by id. *@covered FALSE (@ids left
 * empty) when a hit lies above the mark: the caller looks them up. */
static gboolean
search_by_order_mark (KefuStore     *store,
                      const char    *match,
                      gboolean       ascending,
                      GArray        *ids,
                      gboolean      *covered,
                      GCancellable  *cancellable,
                      GError       **error)
{
  gint64 mark = tickets_in_order_to (store);
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;
  guint n;

  *covered = FALSE;
  if (mark <= 0)
    return TRUE;
  stmt = kefu_query_prepare (store, "SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?1 ORDER BY rowid", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, match);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);

      if (id > mark)
        {
          g_array_set_size (ids, 0);
          return TRUE;
        }
      g_array_append_val (ids, id);
      if ((ids->len & 0xfff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  if (rc == KEFU_QUERY_FAILED || g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  n = ids->len;
  if (!ascending)
    for (guint i = 0; i < n / 2; i++)
      {
        gint64 t = g_array_index (ids, gint64, i);

        g_array_index (ids, gint64, i) = g_array_index (ids, gint64, n - 1 - i);
        g_array_index (ids, gint64, n - 1 - i) = t;
      }
  *covered = TRUE;
  return TRUE;
}

static GArray *
query_ids (KefuStore             *store,
           const KefuTicketQuery *query,
           guint                  limit,
           GCancellable          *cancellable,
           GError               **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean priority = query != NULL && g_strcmp0 (query->sort, "priority") == 0;
  gboolean by_created = query == NULL || query->sort == NULL || priority || g_str_equal (query->sort, "created");
  const char *from = "SELECT t.id FROM tickets t";
  Where w = { g_string_new (NULL), NULL, .server = kefu_store_is_server (store) };
  g_autoptr(GHashTable) pinned = NULL;
  g_autofree char *sql = NULL;
  /* On a server a statement's whole result comes before its first row,
   * so a first page asks for @limit rows; a search's hits in creation
   * order (a total order: the same rows as the whole result's start) are
   * sorted there in the same statement (the index walk below is SQLite's:
   * on a server it joins every row walked with the hits one by one, 4.6 s
   * instead of 0.35 s for 3,130 hits of 100,000). On a file the rows come
   * as they are found: stepping stops at @limit, and a search with many
   * hits walks the order's index. */
  gboolean server = kefu_store_is_server (store);
  gboolean searching = query != NULL && query->search != NULL && *query->search != '\0';
  g_autofree char *limit_sql = limit > 0 && (!searching || (server && by_created)) ? g_strdup_printf (" LIMIT %u", limit)
                                                                                   : g_strdup ("");
  gboolean ok = TRUE;

  build_where (query, &w);
  if (server && limit > 0 && w.match != NULL && w.n_conditions == 1 && by_created && !priority)
    {
      /* a first page of a search alone on a server: the server's function
       * gives the page itself, in creation order (kefu-server-34.sql: each
       * hit's creation time from the ticket its search already joins, no
       * second look-up), one round trip */
      g_autofree char *first_sql = g_strdup_printf ("SELECT * FROM kefu_search_first_ids (?1, %s, %u)",
                                                    query->ascending ? "FALSE" : "TRUE", limit);
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, first_sql, error);
      KefuQueryStep rc = KEFU_QUERY_FAILED;

      if (stmt != NULL)
        kefu_query_bind_text (stmt, 1, w.match);
      while (stmt != NULL && (rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
        {
          gint64 id = kefu_query_get_int (stmt, 0);

          g_array_append_val (ids, id);
        }
      ok = rc == KEFU_QUERY_DONE;
      goto done;
    }
  /* (a first page of a search with other conditions on a server: one
   * statement, below) */
  if (w.match != NULL && by_created && !(server && limit > 0))
    {
      if (limit > 0 && count_hits (store, w.match) >= WALK_MIN_HITS)
        {
          /* a first page: the same conditions, walking the order's index */
          g_string_truncate (w.sql, 0);
          g_clear_pointer (&w.match, g_free);
          w.n_conditions = 0;
          w.walk_order = TRUE;
          build_where (query, &w);
        }
      else if (w.n_conditions == 1 && limit == 0 && !priority)
        {
          /* a search alone, the whole result: where the order mark
           * covers the hits, they are the result in id order; otherwise
           * each hit's creation time from the small covering index
           * instead of its row in the large table, in the ids' order */
          gboolean covered = FALSE;

          ok = search_by_order_mark (store, w.match, query != NULL && query->ascending, ids, &covered,
                                     cancellable, error);
          if (ok && !covered)
            ok = search_in_creation_order (store, query, &w, query != NULL && query->ascending, ids, cancellable, error);
          goto done;
        }
      else if (w.n_conditions == 1)
        from = "SELECT t.id FROM tickets t INDEXED BY tickets_id_created";
    }
  if (priority)
    {
      /* the few open urgent ones through the status index */
      g_autofree char *pinned_sql = g_strdup_printf ("SELECT t.id FROM tickets t%s%s t.status IN (" KEFU_OPEN_STATUSES ") "
                                                     "AND (t.flagged <> 0 OR t.level < 3) ORDER BY t.created_at DESC, t.id DESC%s",
                                                     w.sql->str, w.n_conditions > 0 ? " AND" : " WHERE", limit_sql);

      ok = collect_ids (store, pinned_sql, query, &w, ids, limit, NULL, cancellable, error);
      pinned = g_hash_table_new (g_int64_hash, g_int64_equal);
    }
  if (ok && (limit == 0 || ids->len < limit))
    {
      /* (LIMIT: the pinned ids it skips are among the first @limit) */
      sql = g_strconcat (from, w.sql->str,
                         priority ? (query->ascending ? " ORDER BY t.created_at, t.id"
                                                      : " ORDER BY t.created_at DESC, t.id DESC")
                                  : order_by (query), limit_sql, NULL);
      /* the pinned ids' storage moves when ids grows: look them up in a copy */
      if (pinned != NULL)
        {
          g_autoptr(GArray) first = g_array_copy (ids);

          for (guint i = 0; i < first->len; i++)
            g_hash_table_add (pinned, &g_array_index (first, gint64, i));
          ok = collect_ids (store, sql, query, &w, ids, limit, pinned, cancellable, error);
          g_hash_table_remove_all (pinned);
        }
      else
        ok = collect_ids (store, sql, query, &w, ids, limit, NULL, cancellable, error);
    }
done:
  g_string_free (w.sql, TRUE);
  g_free (w.match);
  g_free (w.number_from);
  g_free (w.number_to);
  return ok ? g_steal_pointer (&ids) : NULL;
}

/* The ids of the matching tickets, newest first unless @query sorts
 * otherwise. Runs on a worker's own connection for large databases;
 * @cancellable stops it between rows.
 *
 * "priority" puts open high-emotion and urgent tickets first: those few
 * come from the status index, then the newest-first index scan follows
 * without them — no sort of the whole table. */
GArray *
kefu_desk_query_ticket_ids (KefuStore             *store,
                            const KefuTicketQuery *query,
                            GCancellable          *cancellable,
                            GError               **error)
{
  return query_ids (store, query, 0, cancellable, error);
}

/* The first @limit ids of kefu_desk_query_ticket_ids() for @query, in the
 * same order, without finding the rest: what the list shows while the
 * whole result is counted. A search with many hits walks the order's
 * index instead of sorting every hit. */
GArray *
kefu_desk_query_first_ticket_ids (KefuStore             *store,
                                  const KefuTicketQuery *query,
                                  guint                  limit,
                                  GCancellable          *cancellable,
                                  GError               **error)
{
  g_return_val_if_fail (limit > 0, NULL);

  return query_ids (store, query, limit, cancellable, error);
}

/* A server's first page of rows in one statement: the ids statement(s)
 * query_ids() runs for a first page on a server, as arrays in the order
 * they give (ARRAY(subquery) keeps the subquery's order), joined with
 * their rows in that order. The same ids as query_ids(): the priority
 * order's pinned ids first, then the rest without them (the first one of
 * each id kept), at most @limit. The names come from subqueries, not
 * joins: the server plans the statement each time, and planning the
 * five-table join was half its work (at 100,000 tickets here, pgbench:
 * 12–15 ms against 18–19 ms with the joins, on a machine at load 18). */
static GPtrArray *
server_first_tickets (KefuStore             *store,
                      const KefuTicketQuery *query,
                      guint                  limit,
                      GError               **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean priority = query != NULL && g_strcmp0 (query->sort, "priority") == 0;
  gboolean by_created = query == NULL || query->sort == NULL || priority || g_str_equal (query->sort, "created");
  gboolean searching = query != NULL && query->search != NULL && *query->search != '\0';
  Where w = { g_string_new (NULL), NULL, .server = TRUE };
  /* (as query_ids(): a search in another order has no LIMIT, its first
   * @limit rows of the whole sorted result are kept below) */
  g_autofree char *limit_sql = !searching || by_created ? g_strdup_printf (" LIMIT %u", limit) : g_strdup ("");
  g_autofree char *ids_sql = NULL;
  g_autofree char *sql = NULL;
  KefuQueryStep rc = KEFU_QUERY_FAILED;

  build_where (query, &w);
  if (w.match != NULL && w.n_conditions == 1 && by_created && !priority)
    ids_sql = g_strdup_printf ("ARRAY(SELECT * FROM kefu_search_first_ids (?1, %s, %u))",
                               query->ascending ? "FALSE" : "TRUE", limit);
  else if (priority)
    ids_sql = g_strdup_printf ("ARRAY(SELECT t.id FROM tickets t%s%s t.status IN (" KEFU_OPEN_STATUSES ") "
                               "AND (t.flagged <> 0 OR t.level < 3) ORDER BY t.created_at DESC, t.id DESC%s) || "
                               "ARRAY(SELECT t.id FROM tickets t%s%s%s)",
                               w.sql->str, w.n_conditions > 0 ? " AND" : " WHERE", limit_sql,
                               w.sql->str, query->ascending ? " ORDER BY t.created_at, t.id"
                                                            : " ORDER BY t.created_at DESC, t.id DESC", limit_sql);
  else
    ids_sql = g_strdup_printf ("ARRAY(SELECT t.id FROM tickets t%s%s%s)", w.sql->str, order_by (query), limit_sql);
  /* (the pinned ids come again among the rest: the first of each kept) */
  if (priority)
    sql = g_strdup_printf ("SELECT %s FROM (SELECT f.id, min (f.ord) AS ord FROM unnest (%s) WITH ORDINALITY AS f (id, ord) "
                           "GROUP BY f.id ORDER BY 2 LIMIT %u) p JOIN tickets t ON t.id = p.id ORDER BY p.ord",
                           kefu_store_masks_phones (store) ? TICKET_COLUMNS_LOOKED_UP_MASKED : TICKET_COLUMNS_LOOKED_UP,
                           ids_sql, limit);
  else
    sql = g_strdup_printf ("SELECT %s FROM unnest (%s) WITH ORDINALITY AS p (id, ord) JOIN tickets t ON t.id = p.id "
                           "WHERE p.ord <= %u ORDER BY p.ord",
                           kefu_store_masks_phones (store) ? TICKET_COLUMNS_LOOKED_UP_MASKED : TICKET_COLUMNS_LOOKED_UP,
                           ids_sql, limit);
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);

    if (stmt != NULL)
      {
        if (w.match != NULL && w.n_conditions == 1 && by_created && !priority)
          kefu_query_bind_text (stmt, 1, w.match);
        else
          bind_where (store, stmt, query, &w);
        while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
          g_ptr_array_add (tickets, ticket_from_row (stmt));
      }
  }
  g_string_free (w.sql, TRUE);
  g_free (w.match);
  g_free (w.number_from);
  g_free (w.number_to);
  return rc == KEFU_QUERY_DONE ? g_steal_pointer (&tickets) : NULL;
}

/* The first @limit tickets of kefu_desk_query_ticket_ids() for @query, in
 * the same order, with their rows: what the list shows first. On a
 * server one statement (one round trip: server_first_tickets()); on a
 * file the first ids, then their rows (kefu_desk_load_tickets()), which
 * cost no more there. Each ticket's id is its place's. */
GPtrArray *
kefu_desk_query_first_tickets (KefuStore             *store,
                               const KefuTicketQuery *query,
                               guint                  limit,
                               GCancellable          *cancellable,
                               GError               **error)
{
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (limit > 0, NULL);

  if (kefu_store_is_server (store))
    return server_first_tickets (store, query, limit, error);
  ids = query_ids (store, query, limit, cancellable, error);
  if (ids == NULL)
    return NULL;
  return kefu_desk_load_tickets (store, (const gint64 *) ids->data, ids->len, error);
}

gint64
kefu_desk_count_tickets (KefuStore             *store,
                         const KefuTicketQuery *query,
                         GError               **error)
{
  Where w = { g_string_new ("SELECT count(*) FROM tickets t"), NULL, .server = kefu_store_is_server (store) };
  gint64 n = -1;
  gint64 mark;

  build_where (query, &w);
  /* The recurring faults alone on a server (the sidebar's count): the
   * union of first reports and repeats counted as the repeats (each group's
   * own count) plus the first reports that are no repeat of a counted
   * group themselves, |R| + |F \ R| = |F ∪ R|, the same number as the
   * list's statement. One walk of the linked index, then a primary-key
   * look-up per group (a subquery per row: the planner, which guesses 200
   * groups for 15,616, would otherwise merge-join with the whole table),
   * not a look-up per repeat and a hash of them all (3.6–5.6 s at
   * 1,000,000 tickets under load; this 0.8–1.0 s). Each read of tickets is
   * under the row-level security of the list's own: the groups, repeats
   * and first reports a person may see (a first report not seen: NULL,
   * not counted). */
  if (w.server && query != NULL && query->recurring && w.n_conditions == 1)
    {
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
          "WITH g AS MATERIALIZED (SELECT linked_to, count(*) AS n FROM tickets "
          "  WHERE linked_to IS NOT NULL GROUP BY linked_to HAVING count(*) >= 2), "
          "f AS MATERIALIZED (SELECT (SELECT coalesce (t.linked_to, 0) FROM tickets t WHERE t.id = g.linked_to) AS up "
          "  FROM g) "
          "SELECT coalesce ((SELECT sum(n) FROM g), 0)::bigint "
          "  + (SELECT count(*) FROM f WHERE up = 0 OR up NOT IN (SELECT linked_to FROM g))", error);

      if (stmt != NULL && kefu_query_step (store, stmt, error) == KEFU_QUERY_ROW)
        n = kefu_query_get_int (stmt, 0);
      goto out;
    }
  /* A search alone on a file, which binds no rows to estates: the count
   * is the bigram index's own, no hit looked up, where the order mark
   * proves every hit a ticket's (kefu-schema.c, v37). A server keeps no
   * mark: there the search function's own count (kefu-server-rights.sql,
   * kefu_search_ticket_ids(): the tickets the caller may see, as the
   * list's statement), no hit's ticket looked up again. */
  if (w.server && w.match != NULL && w.n_conditions == 1)
    {
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT count(*) FROM ticket_search WHERE ticket_search MATCH ?1",
                                                  error);

      if (stmt != NULL)
        {
          kefu_query_bind_text (stmt, 1, w.match);
          if (kefu_query_step (store, stmt, error) == KEFU_QUERY_ROW)
            n = kefu_query_get_int (stmt, 0);
        }
      goto out;
    }
  if (w.match != NULL && w.n_conditions == 1 && (mark = tickets_in_order_to (store)) > 0)
    {
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT count(*), coalesce(max(rowid), 0) FROM ticket_search "
                                                  "WHERE ticket_search MATCH ?1", error);

      if (stmt == NULL)
        goto out;
      kefu_query_bind_text (stmt, 1, w.match);
      if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
        goto out;
      if (kefu_query_get_int (stmt, 1) <= mark)
        {
          n = kefu_query_get_int (stmt, 0);
          goto out;
        }
    }
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, w.sql->str, error);

    if (stmt != NULL)
      {
        bind_where (store, stmt, query, &w);
        if (kefu_query_step (store, stmt, error) == KEFU_QUERY_ROW)   /* the count always gives a row */
          n = kefu_query_get_int (stmt, 0);
      }
  }
out:
  g_string_free (w.sql, TRUE);
  g_free (w.match);
  g_free (w.number_from);
  g_free (w.number_to);
  return n;
}

/* The tickets with these ids, in the same order (a page of the list). */
GPtrArray *
kefu_desk_load_tickets (KefuStore     *store,
                        const gint64  *ids,
                        guint          n_ids,
                        GError       **error)
{
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_full (n_ids, g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);

  for (guint start = 0; start < n_ids; start += PAGE_BINDS)
    {
      guint count = MIN (PAGE_BINDS, n_ids - start);
      g_autofree char *sql = NULL;
      GString *s = g_string_new (kefu_store_masks_phones (store) ? "SELECT " TICKET_COLUMNS_MASKED TICKET_JOINS "WHERE t.id IN ("
                                                                 : "SELECT " TICKET_COLUMNS TICKET_JOINS "WHERE t.id IN (");
      KEFU_AUTO_QUERY *stmt = NULL;
      int rc;

      for (guint i = 0; i < PAGE_BINDS; i++)
        g_string_append_printf (s, "%s?%u", i ? "," : "", i + 1);
      g_string_append (s, ")");
      sql = g_string_free (s, FALSE);

      stmt = kefu_query_prepare (store, sql, error);
      if (stmt == NULL)
        return NULL;
      for (guint i = 0; i < PAGE_BINDS; i++)
        kefu_query_bind_int (stmt, i + 1, ids[start + MIN (i, count - 1)]);
      while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
        {
          KefuTicket *t = ticket_from_row (stmt);
          g_hash_table_replace (by_id, &t->id, t);
        }
      if (rc == KEFU_QUERY_FAILED)
        return NULL;
    }

  for (guint i = 0; i < n_ids; i++)
    {
      KefuTicket *t = g_hash_table_lookup (by_id, &ids[i]);
      if (t == NULL)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                       _("Ticket %lld no longer exists."), (long long) ids[i]);
          return NULL;
        }
      g_ptr_array_add (tickets, g_object_ref (t));
    }
  return g_steal_pointer (&tickets);
}

KefuTicket *
kefu_desk_get_ticket (KefuStore  *store,
                      gint64      id,
                      GError    **error)
{
  g_autoptr(GPtrArray) one = kefu_desk_load_tickets (store, &id, 1, error);

  if (one == NULL)
    return NULL;
  return g_object_ref (g_ptr_array_index (one, 0));
}

/* Who logged the ticket (0 if unknown): never its second checker. */
gint64
kefu_desk_get_creator (KefuStore *store,
                       gint64     ticket_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT coalesce(created_by, 0) FROM tickets WHERE id = ?1", NULL);

  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, ticket_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW ? kefu_query_get_int (stmt, 0) : 0;
}

gint64
kefu_desk_find_ticket (KefuStore  *store,
                       const char *number)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT id FROM tickets WHERE number = ?1", NULL);

  if (stmt == NULL)
    return 0;
  kefu_query_bind_text (stmt, 1, number);
  if (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    return kefu_query_get_int (stmt, 0);
  return 0;
}

GListStore *
kefu_desk_list_events (KefuStore  *store,
                       gint64      ticket_id,
                       GError    **error)
{
  g_autoptr(GListStore) events = g_list_store_new (KEFU_TYPE_TICKET_EVENT);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT e.at, e.kind, u.name, e.from_status, e.to_status, e.body "
      "FROM ticket_events e LEFT JOIN users u ON u.id = e.user_id "
      "WHERE e.ticket_id = ?1 ORDER BY e.at, e.id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, ticket_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      g_autoptr(KefuTicketEvent) e =
        kefu_ticket_event_new (kefu_query_get_int (stmt, 0),
                               kefu_query_get_text (stmt, 1), kefu_query_get_text (stmt, 2),
                               kefu_query_get_text (stmt, 3), kefu_query_get_text (stmt, 4),
                               kefu_query_get_text (stmt, 5));
      g_list_store_append (events, e);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&events);
}

static gboolean
insert_event (KefuStore   *store,
              gint64       ticket_id,
              const char  *kind,
              const char  *body,
              GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "INSERT INTO ticket_events (ticket_id, at, user_id, kind, body) VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, ticket_id);
  kefu_query_bind_int (stmt, 2, kefu_store_now (store));
  kefu_query_bind_id (stmt, 3, kefu_store_get_actor (store));
  kefu_query_bind_text (stmt, 4, kind);
  kefu_query_bind_text_or_null (stmt, 5, body);
  if (!kefu_query_run (store, stmt, error))
    return FALSE;
  return TRUE;
}

/* A note in the ticket's timeline, by the acting user. */
gboolean
kefu_desk_add_note (KefuStore   *store,
                    gint64       ticket_id,
                    const char  *text,
                    GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  KEFU_AUTO_QUERY *touch = NULL;
  g_autoptr(KefuTransaction) tx = NULL;

  if (*trimmed == '\0')
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("The note is empty."));
      return FALSE;
    }
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  touch = kefu_query_prepare (store, "UPDATE tickets SET updated_at = ?1 WHERE id = ?2", error);
  if (touch == NULL)
    return FALSE;
  kefu_query_bind_int (touch, 1, kefu_store_now (store));
  kefu_query_bind_int (touch, 2, ticket_id);
  if (!kefu_query_run (store, touch, error))
    return FALSE;
  if (kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("Ticket %lld no longer exists."), (long long) ticket_id);
      return FALSE;
    }
  if (!insert_event (store, ticket_id, "note", trimmed, error) ||
      !kefu_search_index_ticket (store, ticket_id, error))
    return FALSE;
  return kefu_transaction_commit (tx, error);
}

/* Whether @user must say why before seeing the phone of @ticket: always,
 * but on the tickets they took themselves (首问负责制). */
gboolean
kefu_desk_reveal_needs_reason (KefuTicket *ticket,
                               KefuUser   *user)
{
  return user == NULL || ticket == NULL || kefu_ticket_get_agent_id (ticket) != kefu_user_get_id (user);
}

/* The full phone number of a ticket's contact, for a user whose role may
 * see it; every reveal is written to the audit log first, with the
 * reason given (asked for outside the user's own tickets). */
gboolean
kefu_desk_reveal_phone (KefuStore   *store,
                        KefuUser    *user,
                        gint64       ticket_id,
                        const char  *reason,
                        char       **phone,
                        GError     **error)
{
  g_autoptr(KefuTicket) ticket = NULL;
  g_autofree char *why = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autofree char *detail = NULL;

  /* @user is the signed-in user, or someone who just confirmed with their
   * PIN; their role is read from the database */
  if (!kefu_auth_require_person (store, user != NULL ? kefu_user_get_id (user) : 0, KEFU_PERMISSION_SEE_PHONE, error))
    return FALSE;
  ticket = kefu_desk_get_ticket (store, ticket_id, error);
  if (ticket == NULL)
    return FALSE;
  if (*why == '\0' && kefu_desk_reveal_needs_reason (ticket, user))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Ticket %s is not yours: say why you need the owner’s phone number."),
                   kefu_ticket_get_number (ticket));
      return FALSE;
    }
  if (kefu_store_masks_phones (store))
    {
      /* only the server gives the number in full, after writing the
       * reveal to its log itself (kefu_reveal_phone) */
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT kefu_reveal_phone(?1, ?2)", error);

      if (stmt == NULL)
        return FALSE;
      kefu_query_bind_int (stmt, 1, ticket_id);
      kefu_query_bind_text_or_null (stmt, 2, *why != '\0' ? why : NULL);
      if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
        return FALSE;
      *phone = g_strdup (kefu_query_get_text (stmt, 0) != NULL ? kefu_query_get_text (stmt, 0) : "");
      return TRUE;
    }
  if (*why != '\0')
    detail = g_strdup_printf ("reason=%s", why);
  if (!kefu_audit_append (store, kefu_user_get_id (user), "reveal_phone", "tickets", ticket_id, detail, error))
    return FALSE;
  *phone = g_strdup (kefu_ticket_get_contact_phone (ticket));
  return TRUE;
}

/* Attachments -------------------------------------------------------------- */

gint64
kefu_desk_add_attachment (KefuStore   *store,
                          gint64       ticket_id,
                          const char  *name,
                          const char  *mime_type,
                          GBytes      *data,
                          GError     **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *body = NULL;
  gsize size = data != NULL ? g_bytes_get_size (data) : 0;
  gint64 id;

  if (!kefu_store_require_actor (store, error))
    return 0;
  if (size > KEFU_ATTACHMENT_MAX_BYTES)
    {
      g_autofree char *have = g_format_size (size);
      g_autofree char *max = g_format_size (KEFU_ATTACHMENT_MAX_BYTES);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("“%s” is %s; attachments may be at most %s."), name, have, max);
      return 0;
    }
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return 0;
  stmt = kefu_query_prepare (store,
      "INSERT INTO ticket_attachments (ticket_id, name, mime_type, data, user_id, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return 0;
  kefu_query_bind_int (stmt, 1, ticket_id);
  kefu_query_bind_text (stmt, 2, name);
  kefu_query_bind_text_or_null (stmt, 3, mime_type);
  kefu_query_bind_bytes (stmt, 4, data);
  kefu_query_bind_int (stmt, 5, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 6, kefu_store_now (store));
  if (!kefu_query_run (store, stmt, error))
    return 0;
  id = kefu_query_last_id (store);
  body = g_strdup_printf (_("Attached %s"), name);
  if (!insert_event (store, ticket_id, "note", body, error) ||
      !kefu_transaction_commit (tx, error))
    return 0;
  return id;
}

/* name, and "image/jpeg · 1.2 MB" as the detail */
GListStore *
kefu_desk_list_attachments (KefuStore  *store,
                            gint64      ticket_id,
                            GError    **error)
{
  g_autoptr(GListStore) list = g_list_store_new (KEFU_TYPE_CHOICE);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT id, name, coalesce(mime_type, ''), length(data), created_at FROM ticket_attachments "
      "WHERE ticket_id = ?1 ORDER BY created_at, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, ticket_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      g_autofree char *size = g_format_size (kefu_query_get_int (stmt, 3));
      g_autofree char *when = kefu_format_time (kefu_query_get_int (stmt, 4), "%Y-%m-%d %H:%M");
      g_autofree char *detail = g_strdup_printf ("%s · %s", when, size);
      g_autoptr(KefuChoice) c = kefu_choice_new (kefu_query_get_int (stmt, 0), kefu_query_get_text (stmt, 1), detail);

      g_list_store_append (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

GBytes *
kefu_desk_get_attachment (KefuStore   *store,
                          gint64       attachment_id,
                          char       **name,
                          GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT name, data FROM ticket_attachments WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, attachment_id);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("The attachment no longer exists.")))
    return NULL;
  if (name != NULL)
    *name = g_strdup (kefu_query_get_text (stmt, 0));
  return kefu_query_get_bytes (stmt, 1);
}

/* Lists to pick from ------------------------------------------------------ */

GListStore *
kefu_desk_list_teams (KefuStore  *store,
                      GError    **error)
{
  return kefu_query_list_choices (store, "SELECT id, name, CASE WHEN suspended <> 0 THEN 'suspended' WHEN is_contractor <> 0 THEN 'contractor' END "
                                         "FROM teams ORDER BY is_contractor, id", 0, error);
}

/* The team's technicians (theirs or one of their other teams) with their
 * open jobs, the least busy first. */
GListStore *
kefu_desk_list_technicians (KefuStore  *store,
                            gint64      team_id,
                            GError    **error)
{
  return kefu_query_list_choices (store, "SELECT tc.id, tc.name, (SELECT count(*) FROM tickets t WHERE t.technician_id = tc.id "
                                         "AND t.status IN ('dispatched','accepted','on_site','on_hold')) "
                                         "FROM technicians tc WHERE (tc.team_id = ?1 OR tc.id IN (SELECT technician_id FROM technician_teams "
                                         "WHERE team_id = ?1)) AND tc.active <> 0 ORDER BY 3, tc.id", team_id, error);
}

/* The agents, for the list's filter */
GListStore *
kefu_desk_list_agents (KefuStore  *store,
                       GError    **error)
{
  return kefu_query_list_choices (store, "SELECT id, name, title FROM users WHERE role = 'agent' AND active <> 0 ORDER BY id", 0, error);
}

/* The buildings, estate by estate (the estate's name as the detail): the
 * one list of them, for the intake, the filters and dispatch's settings */
GListStore *
kefu_desk_list_buildings (KefuStore  *store,
                          GError    **error)
{
  return kefu_query_list_choices (store,
                                  "SELECT b.id, b.name, e.name FROM buildings b JOIN estates e ON e.id = b.estate_id "
                                  "ORDER BY e.id, CAST(b.name AS INTEGER), b.name, b.id", 0, error);
}

/* A building's units (id > 0) and then its common areas and the estate's
 * (id 0, detail "area"). */
GListStore *
kefu_desk_list_places (KefuStore  *store,
                       gint64      building_id,
                       GError    **error)
{
  return kefu_query_list_choices (store,
                                  "SELECT id, name, 'unit' FROM (SELECT id, name, floor FROM units WHERE building_id = ?1 ORDER BY floor, name) AS u "
                                  "UNION ALL SELECT 0, name, 'area' FROM (SELECT DISTINCT CASE WHEN instr(name, ' ') > 0 "
                                  "  THEN substr(name, instr(name, ' ') + 1) ELSE name END AS name, building_id IS NULL AS estate_wide "
                                  "  FROM common_areas WHERE building_id = ?1 OR building_id IS NULL ORDER BY estate_wide, name) AS a",
                                  building_id, error);
}

/* @text for LIKE … ESCAPE '\': the wildcards % and _ and the escape itself
 * stand for themselves */
static char *
like_escape (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

/* Owners by part of a phone number, a name, or a unit such as 3栋502;
 * detail is where they live and their tags. */
GListStore *
kefu_desk_find_owners (KefuStore   *store,
                       const char  *text,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(GListStore) list = g_list_store_new (KEFU_TYPE_CHOICE);
  g_autofree char *needle = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *escaped = NULL;
  g_autofree char *like = NULL;
  g_autofree char *building = NULL, *unit = NULL;
  g_autoptr(GString) pinyin = g_string_new (NULL);
  KEFU_AUTO_QUERY *stmt = NULL;
  int rc;

  /* nothing to look for; or longer than any name, phone or unit (and than
   * SQLite's limit for a LIKE pattern) */
  if (*needle == '\0' || strlen (needle) > 256)
    return g_steal_pointer (&list);
  /* what was typed is matched as text: % and _ are no wildcards */
  escaped = like_escape (needle);
  like = g_strdup_printf ("%%%s%%", escaped);
  /* a unit as people write it: 3-502, 3#502, 3号楼502, 3幢502, 3栋 502 */
  {
    g_autoptr(GRegex) unit_form = g_regex_new ("^([0-9A-Za-z]+)\\s*(?:栋|幢|号楼|座|#|＃|-|－|—|\\s)\\s*([0-9]+)\\s*(?:室|号)?$",
                                               G_REGEX_OPTIMIZE, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;

    if (g_regex_match (unit_form, needle, 0, &match))
      {
        building = g_match_info_fetch (match, 1);
        unit = g_match_info_fetch (match, 2);
      }
  }
  /* a name typed in pinyin, whole or by initials: zhanghaitao, zht */
  if (kefu_pinyin_query (needle, pinyin))
    g_string_append_c (pinyin, '%');
  else
    g_string_truncate (pinyin, 0);
  /* a server signed in as a person reads owners' phones masked (#20):
   * the server finds the typed digits in the full phones itself
   * (kefu_owner_ids_by_phone()), and the list shows them masked */
#define FIND_OWNERS_SQL(owners, phone_match) \
      "SELECT o.id, o.name, b.name || u.name, " \
      "  (SELECT group_concat(tag, '、') FROM owner_tags WHERE owner_id = o.id), b.id, u.id, o.phone " \
      "FROM " owners " o JOIN owner_units ou ON ou.owner_id = o.id JOIN units u ON u.id = ou.unit_id " \
      "JOIN buildings b ON b.id = u.building_id " \
      "WHERE " phone_match " OR o.name LIKE ?1 ESCAPE '\\' OR (b.name || u.name) LIKE ?1 ESCAPE '\\' " \
      "  OR (rtrim(b.name, '栋幢号楼座#') = ?6 AND u.name = ?7) " \
      "  OR o.name_pinyin LIKE ?5 OR o.name_initials LIKE ?5 " \
      "ORDER BY (b.name || u.name) = ?2 OR (rtrim(b.name, '栋幢号楼座#') = ?6 AND u.name = ?7) DESC, " \
      "  o.phone LIKE ?3 ESCAPE '\\' DESC, " \
      "  o.name_pinyin || '%' = ?5 OR o.name_initials || '%' = ?5 DESC, o.name LIMIT ?4"
  stmt = kefu_query_prepare (store, kefu_store_masks_phones (store)
                                      ? FIND_OWNERS_SQL ("owners_masked", "o.id IN (SELECT kefu_owner_ids_by_phone (?2))")
                                      : FIND_OWNERS_SQL ("owners", "o.phone LIKE ?1 ESCAPE '\\'"), error);
#undef FIND_OWNERS_SQL
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, like);
  kefu_query_bind_text (stmt, 2, needle);
  {
    g_autofree char *suffix = g_strdup_printf ("%%%s", escaped);
    kefu_query_bind_text (stmt, 3, suffix);
  }
  kefu_query_bind_int (stmt, 4, limit);
  if (pinyin->len > 0)
    kefu_query_bind_text (stmt, 5, pinyin->str);
  if (building != NULL)
    {
      kefu_query_bind_text (stmt, 6, building);
      kefu_query_bind_text (stmt, 7, unit);
    }
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      g_autofree char *masked = kefu_mask_phone (kefu_query_get_text (stmt, 6));
      g_autofree char *detail = kefu_query_get_text (stmt, 3) != NULL
        ? g_strdup_printf ("%s · %s · %s", kefu_query_get_text (stmt, 2), masked, kefu_query_get_text (stmt, 3))
        : g_strdup_printf ("%s · %s", kefu_query_get_text (stmt, 2), masked);
      g_autoptr(KefuChoice) c = kefu_choice_new (kefu_query_get_int (stmt, 0), kefu_query_get_text (stmt, 1), detail);

      kefu_choice_set_place (c, kefu_query_get_int (stmt, 4), kefu_query_get_int (stmt, 5));
      g_list_store_append (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

/* "陈静 · 3栋502 · 老年业主": the owner view's heading, with their mean
 * rating and how many tickets they filed. */
char *
kefu_desk_owner_summary (KefuStore   *store,
                         gint64       owner_id,
                         double      *mean_satisfaction,
                         guint       *n_tickets,
                         GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT o.name, (SELECT group_concat(b.name || u.name, '、') FROM owner_units ou JOIN units u ON u.id = ou.unit_id "
      "  JOIN buildings b ON b.id = u.building_id WHERE ou.owner_id = o.id), "
      "  (SELECT group_concat(tag, '、') FROM owner_tags WHERE owner_id = o.id), "
      "  (SELECT avg(satisfaction) FROM tickets WHERE owner_id = o.id AND satisfaction <> 0), "
      "  (SELECT count(*) FROM tickets WHERE owner_id = o.id) "
      "FROM owners o WHERE o.id = ?1", error);
  GString *s;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, owner_id);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("No such owner.")))
    return NULL;
  s = g_string_new (kefu_query_get_text (stmt, 0));
  if (kefu_query_get_text (stmt, 1) != NULL)
    g_string_append_printf (s, " · %s", kefu_query_get_text (stmt, 1));
  if (kefu_query_get_text (stmt, 2) != NULL)
    g_string_append_printf (s, " · %s", kefu_query_get_text (stmt, 2));
  if (mean_satisfaction != NULL)
    *mean_satisfaction = kefu_query_get_double (stmt, 3);
  if (n_tickets != NULL)
    *n_tickets = kefu_query_get_int (stmt, 4);
  return g_string_free (s, FALSE);
}

/* The owner's note ("" for none; NULL with @error when they cannot be
 * read). */
char *
kefu_desk_get_owner_note (KefuStore  *store,
                          gint64      owner_id,
                          GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT coalesce (note, '') FROM owners WHERE id = ?1", error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, owner_id);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("There is no owner %lld."),
                            (long long) owner_id))
    return NULL;
  return g_strdup (kefu_query_get_text (stmt, 0));
}

/* Keeps @note on the owner (trimmed; empty: none), by the acting user,
 * audited without the text (it is personal data). An erased owner keeps
 * none. */
gboolean
kefu_desk_set_owner_note (KefuStore   *store,
                          gint64       owner_id,
                          const char  *note,
                          GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (note != NULL ? note : ""));
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  glong length;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("The owner’s note is not valid text."));
      return FALSE;
    }
  if ((length = g_utf8_strlen (text, -1)) > KEFU_OWNER_NOTE_MAX)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("The owner’s note is %ld characters long; at most %d fit."), length, KEFU_OWNER_NOTE_MAX);
      return FALSE;
    }
  if (kefu_owner_is_erased (store, owner_id))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Owner %lld was erased: no note is kept on them."), (long long) owner_id);
      return FALSE;
    }
  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  stmt = kefu_query_prepare (store, "UPDATE owners SET note = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  if (*text != '\0')
    kefu_query_bind_text (stmt, 1, text);
  else
    kefu_query_bind_null (stmt, 1);
  kefu_query_bind_int (stmt, 2, owner_id);
  if (!kefu_query_run (store, stmt, error))
    return FALSE;
  if (kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND, _("There is no owner %lld."), (long long) owner_id);
      return FALSE;
    }
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "owner_note", "owners", owner_id, NULL, error))
    return FALSE;
  return kefu_transaction_commit (tx, error);
}
