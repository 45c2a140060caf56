/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-desk.c — the sample service center, ticket queries and the paged list */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "kefu-demo.h"
#include "kefu-demo-questions.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-store.h"
#include "kefu-ticket-list.h"
#include "kefu-test-engines.h"

/* A fixed "now": Wednesday 2026-11-25 10:00 in Shenzhen (02:00 UTC). */
#define TEST_TICKETS 2000

typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;
  char        *spec;   /* the file or the server's database */
} Demo;

/* The sample: TEST_TICKETS tickets ending at the tests' now */
static void
fill_demo (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { TEST_TICKETS, 7, TEST_NOW };

  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
demo_setup (Demo          *f,
            gconstpointer  data)
{
  kefu_test_dir_setup (&f->dir, data);
  f->store = kefu_test_engine_open (&f->dir, data, fill_demo, &f->spec);
}

static void
demo_teardown (Demo          *f,
               gconstpointer  data)
{
  g_clear_object (&f->store);
  kefu_test_engine_close (data, &f->spec);
  kefu_test_dir_teardown (&f->dir, data);
}

/* What an analyst reads, through the store (a file or a server) */
static double
query_double (Demo       *f,
              const char *sql)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (f->store, sql, &error);

  if (q == NULL)
    g_error ("%s: %s", sql, error->message);
  g_assert_cmpint (kefu_query_step (f->store, q, &error), ==, KEFU_QUERY_ROW);
  g_assert_no_error (error);
  return kefu_query_get_double (q, 0);
}

static char *
query_text (Demo       *f,
            const char *sql)
{
  char *v = kefu_test_store_text (f->store, sql);

  g_assert_nonnull (v);
  return v;
}

#define Q(sql) query_double (f, sql)

static void
test_demo_places_and_people (Demo          *f,
                             gconstpointer  data)
{
  g_autoptr(GString) report = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n;
  const KefuCode *roles = kefu_codes (KEFU_CODES_ROLE, &n);

  g_assert_true (kefu_store_check (f->store, report, &error));
  g_assert_no_error (error);

  g_assert_cmpfloat (Q ("SELECT count(*) FROM estates"), ==, 1);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM buildings"), ==, 12);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM owners"), ==, KEFU_DEMO_N_OWNERS);
  /* Every owner lives somewhere; every unit has an owner. */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM owners WHERE id NOT IN (SELECT owner_id FROM owner_units)"), ==, 0);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM units WHERE id NOT IN (SELECT unit_id FROM owner_units WHERE relation = 'owner')"), ==, 0);
  /* Chinese names, mobile numbers that can be masked. */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM owners WHERE length(name) NOT BETWEEN 2 AND 3"), ==, 0);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM owners WHERE phone NOT GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"), ==, 0);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM owner_tags WHERE tag = '老年业主'"), >, 100);
  /* Elderly owners prefer the phone. */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM owners o JOIN owner_tags t ON t.owner_id = o.id "
                        "WHERE t.tag = '老年业主' AND o.preferred_channel <> 'phone'"), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM users WHERE role = '%s'", roles[i].code);
      g_assert_cmpfloat (Q (sql), >=, 1);
    }
  g_assert_cmpfloat (Q ("SELECT count(*) FROM users WHERE role = 'agent'"), >=, 5);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM teams WHERE is_contractor"), >=, 1);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM technicians"), >=, 20);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM sla_policies"), >=, 3);
}

static void
test_demo_tickets (Demo          *f,
                   gconstpointer  data)
{
  double july, january, open, mean_response, satisfaction;

  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets"), ==, TEST_TICKETS);
  /* Within the last 12 months, nothing in the future. */
  g_assert_cmpfloat (Q ("SELECT min(created_at) FROM tickets"), >=, TEST_NOW - 366 * 86400.0);
  g_assert_cmpfloat (Q ("SELECT max(max(created_at, coalesce(closed_at, 0), coalesce(resolved_at, 0))) FROM tickets"), <=, TEST_NOW);
  /* Milestones in order. */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets WHERE first_response_at < created_at "
                        "OR dispatched_at < first_response_at OR accepted_at < dispatched_at "
                        "OR arrived_at < accepted_at OR resolved_at < created_at OR closed_at < resolved_at"), ==, 0);
  /* Every kind and channel of the domain occurs. */
  g_assert_cmpfloat (Q ("SELECT count(DISTINCT kind) FROM tickets"), ==, 6);
  g_assert_cmpfloat (Q ("SELECT count(DISTINCT channel) FROM tickets"), ==, 5);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets WHERE kind = 'repair'"), >, TEST_TICKETS * 0.4);
  /* Summer leaks: July well above January. */
  july = Q ("SELECT count(*) FROM tickets WHERE subtype = 'plumbing_electrical' AND strftime('%m', created_at, 'unixepoch', '+8 hours') = '07'");
  january = Q ("SELECT count(*) FROM tickets WHERE subtype = 'plumbing_electrical' AND strftime('%m', created_at, 'unixepoch', '+8 hours') = '01'");
  g_assert_cmpfloat (july, >, january * 1.4);
  /* Around the industry's figures: responses about 40 minutes, ratings about 80. */
  mean_response = Q ("SELECT avg(first_response_at - created_at) / 60.0 FROM tickets WHERE level = 3 AND first_response_at");
  g_assert_cmpfloat (mean_response, >, 20);
  g_assert_cmpfloat (mean_response, <, 60);
  satisfaction = Q ("SELECT avg(satisfaction) * 20 FROM tickets WHERE satisfaction");
  g_assert_cmpfloat (satisfaction, >, 70);
  g_assert_cmpfloat (satisfaction, <, 90);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets WHERE reopen_count > 0"), >, TEST_TICKETS * 0.02);
  /* A few dozen open tickets, their clocks running now. */
  open = Q ("SELECT count(*) FROM tickets WHERE status NOT IN ('closed', 'cancelled', 'resolved')");
  g_assert_cmpfloat (open, >=, 24);
  g_assert_cmpfloat (open, <=, 60);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets WHERE status NOT IN ('closed','cancelled','resolved','on_hold') AND next_due_at IS NULL"), ==, 0);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets WHERE status = 'on_hold' AND hold_reason IS NULL"), ==, 0);
  /* Closed tickets were followed up and rated. */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets WHERE status = 'closed' AND (satisfaction IS NULL OR followed_up_at IS NULL)"), ==, 0);
  /* The timeline tells the story: every ticket starts with "created". */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'created')"), ==, 0);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets WHERE status = 'closed' AND id NOT IN (SELECT ticket_id FROM ticket_events WHERE to_status = 'closed')"), ==, 0);
  /* Repeated reports of a fault are linked to the first; some recur. */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets t JOIN tickets p ON p.id = t.linked_to "
                        "WHERE p.location <> t.location OR p.subtype <> t.subtype OR p.linked_to IS NOT NULL "
                        "OR t.created_at - p.created_at >= 7 * 86400 OR t.created_at < p.created_at"), ==, 0);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM (SELECT linked_to FROM tickets WHERE linked_to IS NOT NULL "
                        "GROUP BY linked_to HAVING count(*) >= 2)"), >=, 1);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets t WHERE linked_to IS NOT NULL AND NOT EXISTS "
                        "(SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'link')"), ==, 0);
  /* Each report that may repeat one (a repair or complaint of an
   * elevator, a common facility or fire safety, at a common area) is
   * linked to just what the rule names: the first earlier report at the
   * same place with the same sub-type and text, within the week before
   * it, that is not linked itself; none when there is none. This is the
   * rule as the UPDATE that once linked them said it (a report linked
   * before is never changed after, so the rows as they end up answer it
   * as they did then); a file's generator links them as it writes them.
   * Nothing else is linked. */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets WHERE linked_to IS NOT NULL"), >=, 10);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets t "
                        "WHERE t.unit_id IS NULL AND t.kind IN ('repair', 'complaint') "
                        "  AND t.subtype IN ('elevator', 'common_facilities', 'fire') "
                        "  AND t.linked_to IS DISTINCT FROM (SELECT p.id FROM tickets p "
                        "    WHERE p.location = t.location AND p.subtype = t.subtype AND p.unit_id IS NULL "
                        "      AND p.description = t.description AND p.linked_to IS NULL AND p.id < t.id "
                        "      AND p.created_at > t.created_at - 7 * 86400 AND p.created_at <= t.created_at "
                        "    ORDER BY p.id LIMIT 1)"), ==, 0);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets WHERE linked_to IS NOT NULL AND NOT (unit_id IS NULL "
                        "AND kind IN ('repair', 'complaint') AND subtype IN ('elevator', 'common_facilities', 'fire'))"), ==, 0);
  /* one link event each, naming the first report */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM ticket_events WHERE kind = 'link'"), ==,
                     Q ("SELECT count(*) FROM tickets WHERE linked_to IS NOT NULL"));
  g_assert_cmpfloat (Q ("SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id "
                        "JOIN tickets p ON p.id = t.linked_to WHERE e.kind = 'link' AND e.body <> '重复报告：' || p.number"), ==, 0);
  /* Ticket numbers carry the local date. */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets WHERE substr(number, 3, 8) <> strftime('%Y%m%d', created_at, 'unixepoch', '+8 hours')"), ==, 0);
}

static void
test_demo_training (Demo          *f,
                    gconstpointer  data)
{
  g_assert_cmpfloat (Q ("SELECT count(*) FROM questions"), >=, 60);
  g_assert_cmpfloat (Q ("SELECT count(DISTINCT module) FROM questions"), ==, 9);
  g_assert_cmpfloat (Q ("SELECT count(DISTINCT type) FROM questions"), ==, 5);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM attempts WHERE state = 'graded'"), >=, 5);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM attempts WHERE passed"), >=, 1);
  /* Scores agree with the answers they come from. */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM attempts a WHERE abs(a.score - 100.0 * "
                        "(SELECT sum(score) FROM attempt_answers WHERE attempt_id = a.id) / "
                        "(SELECT sum(q.points) FROM attempt_answers x JOIN questions q ON q.id = x.question_id WHERE x.attempt_id = a.id)) > 0.06"), ==, 0);
  /* Wrong answers are queued for re-practice. */
  g_assert_cmpfloat (Q ("SELECT count(*) FROM attempt_answers x JOIN attempts a ON a.id = x.attempt_id "
                        "WHERE NOT x.correct AND NOT EXISTS (SELECT 1 FROM practice_queue p WHERE p.user_id = a.user_id AND p.question_id = x.question_id)"), ==, 0);
  g_assert_cmpfloat (Q ("SELECT count(DISTINCT rater_role) FROM assessment_scores"), ==, 3);
}

static void
test_demo_deterministic (KefuTestDir   *f,
                         gconstpointer  data)
{
  g_autofree char *digest[3] = { NULL, NULL, NULL };
  const guint32 seeds[3] = { 11, 11, 12 };

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("d%u.db", i);
      g_autofree char *path = kefu_test_path (f, name);
      g_autoptr(GError) error = NULL;
      g_autoptr(KefuStore) store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
      KefuDemoOptions options = { 300, seeds[i], TEST_NOW };
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      sqlite3 *db;
      sqlite3_stmt *stmt;

      g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT number, location, description, status, created_at, satisfaction "
                                               "FROM tickets ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < 6; c++)
          {
            const char *text = (const char *) sqlite3_column_text (stmt, c);
            g_checksum_update (sum, (const guchar *) (text ? text : "-"), -1);
          }
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      digest[i] = g_strdup (g_checksum_get_string (sum));
    }
  g_assert_cmpstr (digest[0], ==, digest[1]);
  g_assert_cmpstr (digest[0], !=, digest[2]);
}

static void
test_demo_refuses_data (Demo          *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { 10, 1, TEST_NOW };

  g_assert_false (kefu_demo_generate (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM tickets"), ==, TEST_TICKETS);
}

static GArray *
ids_for (Demo       *f,
         const char *search,
         const char *status)
{
  KefuTicketQuery query = { search, status };
  g_autoptr(GError) error = NULL;
  GArray *ids = kefu_desk_query_ticket_ids (f->store, &query, NULL, &error);

  g_assert_no_error (error);
  return ids;
}

static void
test_query_search (Demo          *f,
                   gconstpointer  data)
{
  g_autoptr(GArray) all = ids_for (f, NULL, NULL);
  g_autoptr(GArray) leaks = ids_for (f, "漏水", NULL);
  g_autoptr(GArray) open = ids_for (f, NULL, "open");
  g_autoptr(GArray) held = ids_for (f, NULL, "on_hold");
  g_autoptr(GArray) by_number = NULL;
  g_autoptr(GArray) by_phone = NULL;
  g_autoptr(GArray) by_unit = NULL;
  g_autoptr(GArray) nothing = ids_for (f, "不存在的内容xyz", NULL);
  g_autofree char *number = query_text (f, "SELECT number FROM tickets ORDER BY id LIMIT 1 OFFSET 77");
  g_autofree char *phone = query_text (f, "SELECT substr(phone, 8) FROM owners WHERE id = (SELECT owner_id FROM tickets ORDER BY id LIMIT 1 OFFSET 5)");
  g_autofree char *unit = query_text (f, "SELECT location FROM tickets WHERE unit_id IS NOT NULL ORDER BY id LIMIT 1");
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (all->len, ==, TEST_TICKETS);
  /* Newest first. */
  first = kefu_desk_load_tickets (f->store, (gint64 *) all->data, 64, &error);
  g_assert_no_error (error);
  for (guint i = 1; i < first->len; i++)
    g_assert_cmpint (kefu_ticket_get_milestone (first->pdata[i - 1], KEFU_TICKET_CREATED), >=,
                     kefu_ticket_get_milestone (first->pdata[i], KEFU_TICKET_CREATED));

  g_assert_cmpuint (leaks->len, ==, (guint) Q ("SELECT count(*) FROM tickets WHERE description LIKE '%漏水%'"));
  g_assert_cmpuint (leaks->len, >, 0);
  g_assert_cmpuint (open->len, ==, (guint) Q ("SELECT count(*) FROM tickets WHERE status NOT IN ('resolved','closed','cancelled')"));
  g_assert_cmpuint (held->len, ==, (guint) Q ("SELECT count(*) FROM tickets WHERE status = 'on_hold'"));
  g_assert_cmpuint (nothing->len, ==, 0);

  /* a ticket number finds that ticket; its prefix (the day's numbers), in
   * lower case too, finds exactly the tickets whose number starts so */
  by_number = ids_for (f, number, NULL);
  g_assert_cmpuint (by_number->len, ==, 1);
  g_assert_cmpint (g_array_index (by_number, gint64, 0), ==, 78);
  g_assert_cmpint (kefu_desk_find_ticket (f->store, number), ==, 78);
  {
    g_autofree char *day = g_ascii_strdown (number, 10);
    g_autofree char *day_sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE number LIKE '%s%%'", day);
    g_autoptr(GArray) by_day = ids_for (f, day, NULL);

    g_assert_cmpuint (by_day->len, ==, (guint) Q (day_sql));
    g_assert_cmpuint (by_day->len, >=, 1);
  }

  by_phone = ids_for (f, phone, NULL);
  sql = g_strdup_printf ("SELECT count(*) FROM tickets t LEFT JOIN owners o ON o.id = t.owner_id "
                         "WHERE o.phone LIKE '%%%s%%' OR t.contact_phone LIKE '%%%s%%' OR t.number LIKE '%%%s%%'",
                         phone, phone, phone);
  g_assert_cmpuint (by_phone->len, ==, (guint) Q (sql));
  g_assert_cmpuint (by_phone->len, >=, 1);

  by_unit = ids_for (f, unit, NULL);
  g_assert_cmpuint (by_unit->len, >=, 1);
}

/* One ticket as the analyst's connection reads it, for filtering in C. */
typedef struct {
  gint64  id, created, responded, agent, next_due, next_warn;
  int     level;
  char   *kind, *status, *channel, *description;
} Row;

static void
row_clear (gpointer data)
{
  Row *r = data;

  g_free (r->kind);
  g_free (r->status);
  g_free (r->channel);
  g_free (r->description);
}

static GArray *
read_rows (Demo *f)
{
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (f->store,
      "SELECT id, created_at, coalesce(first_response_at, -1), coalesce(agent_id, 0), coalesce(next_due_at, -1), "
      "coalesce(next_warn_at, -1), level, kind, status, channel, description FROM tickets", &error);
  KefuQueryStep rc;

  g_assert_no_error (error);
  g_array_set_clear_func (rows, row_clear);
  while ((rc = kefu_query_step (f->store, q, &error)) == KEFU_QUERY_ROW)
    {
      Row r = { kefu_query_get_int (q, 0), kefu_query_get_int (q, 1), kefu_query_get_int (q, 2),
                kefu_query_get_int (q, 3), kefu_query_get_int (q, 4), kefu_query_get_int (q, 5),
                (int) kefu_query_get_int (q, 6),
                g_strdup (kefu_query_get_text (q, 7)), g_strdup (kefu_query_get_text (q, 8)),
                g_strdup (kefu_query_get_text (q, 9)), g_strdup (kefu_query_get_text (q, 10)) };
      g_array_append_val (rows, r);
    }
  g_assert_cmpint (rc, ==, KEFU_QUERY_DONE);
  return rows;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

/* The list and the count of @query against the rows @keep accepts. */
static void
assert_query (Demo                  *f,
              GArray                *rows,
              const KefuTicketQuery *query,
              gboolean             (*keep) (const Row *r, gconstpointer data),
              gconstpointer          data,
              guint                  at_least)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) got = kefu_desk_query_ticket_ids (f->store, query, NULL, &error);
  g_autoptr(GArray) want = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    if (keep (&g_array_index (rows, Row, i), data))
      g_array_append_val (want, g_array_index (rows, Row, i).id);
  g_assert_cmpuint (want->len, >=, at_least);
  g_assert_cmpint (kefu_desk_count_tickets (f->store, query, &error), ==, want->len);
  g_assert_no_error (error);
  g_array_sort (got, compare_ids);
  g_array_sort (want, compare_ids);
  g_assert_cmpmem (got->data, got->len * sizeof (gint64), want->data, want->len * sizeof (gint64));
}

static gboolean
is_open (const Row *r)
{
  return !g_str_equal (r->status, "resolved") && !g_str_equal (r->status, "closed") && !g_str_equal (r->status, "cancelled");
}

/* created on @weekday (1 = Monday) in hour @hour (1 = 00:00–00:59), local time */
static gboolean
created_at (const Row *r,
            int        weekday,
            int        hour)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (r->created);

  return g_date_time_get_day_of_week (t) == weekday && g_date_time_get_hour (t) + 1 == hour;
}

static gboolean
keep_repair_weekday_hour (const Row *r, gconstpointer data)
{
  const int *wh = data;
  return g_str_equal (r->kind, "repair") && created_at (r, wh[0], wh[1]);
}

static gboolean
keep_leak_in_month (const Row *r, gconstpointer data)
{
  return r->created >= TEST_NOW - 30 * 86400 && r->created < TEST_NOW &&
         strstr (r->description, "漏水") != NULL;
}

static gboolean
keep_phone_quick_level (const Row *r, gconstpointer data)
{
  return g_str_equal (r->channel, "phone") && r->level == 3 && r->responded >= 0 &&
         r->responded - r->created >= 5 * 60 && r->responded - r->created < 30 * 60;
}

static gboolean
keep_open_due_soon (const Row *r, gconstpointer data)
{
  gint64 now = *(const gint64 *) data;
  return is_open (r) && r->next_due >= now && r->next_warn >= 0 && r->next_warn <= now &&
         !g_str_equal (r->status, "on_hold");
}

static gboolean
keep_agent_closed_leak (const Row *r, gconstpointer data)
{
  return r->agent == *(const gint64 *) data && g_str_equal (r->status, "closed") && strstr (r->description, "漏水") != NULL;
}

/* Filters combined: every value lands on its own parameter, a value used
 * twice on the same one, the search's MATCH among the others. */
static void
test_query_combined (Demo          *f,
                     gconstpointer  data)
{
  g_autoptr(GArray) rows = read_rows (f);
  guint busiest[8][24] = { { 0 } };
  g_autofree char *agent = query_text (f, "SELECT agent_id FROM tickets WHERE description LIKE '%漏水%' AND agent_id IS NOT NULL "
                                          "AND status = 'closed' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
  int w = 0, h = 0, wh[2];
  gint64 now = kefu_store_now (f->store), agent_id = g_ascii_strtoll (agent, NULL, 10);

  /* the busiest weekday (1 = Monday … 7) and hour of repairs, local time */
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *r = &g_array_index (rows, Row, i);
      g_autoptr(GDateTime) t = NULL;

      if (g_strcmp0 (r->kind, "repair") != 0)
        continue;
      t = g_date_time_new_from_unix_local (r->created);
      if (++busiest[g_date_time_get_day_of_week (t)][g_date_time_get_hour (t)]
          > busiest[w][h])
        {
          w = g_date_time_get_day_of_week (t);
          h = g_date_time_get_hour (t);
        }
    }
  wh[0] = w;
  wh[1] = h + 1;
  {
    KefuTicketQuery q = { .kind = "repair", .weekday = wh[0], .hour = wh[1] };
    assert_query (f, rows, &q, keep_repair_weekday_hour, wh, 1);
  }
  {
    KefuTicketQuery q = { .search = "漏水", .from = TEST_NOW - 30 * 86400, .to = TEST_NOW };
    assert_query (f, rows, &q, keep_leak_in_month, NULL, 1);
  }
  {
    KefuTicketQuery q = { .channel = "phone", .level = 3, .response_from_min = 5, .response_to_min = 30 };
    assert_query (f, rows, &q, keep_phone_quick_level, NULL, 1);
  }
  {
    KefuTicketQuery q = { .status = "open", .due_soon = TRUE };
    assert_query (f, rows, &q, keep_open_due_soon, &now, 0);
  }
  {
    KefuTicketQuery q = { .search = "漏水", .status = "closed", .agent_id = agent_id };
    assert_query (f, rows, &q, keep_agent_closed_leak, &agent_id, 2);
  }
}

/* The desk's default order: open high-emotion and urgent tickets first,
 * then the newest. */
static void
test_priority_order (Demo          *f,
                     gconstpointer  data)
{
  KefuTicketQuery q = { .sort = "priority" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
  g_autoptr(GPtrArray) tickets = kefu_desk_load_tickets (f->store, (gint64 *) ids->data, ids->len, &error);
  guint pinned = (guint) Q ("SELECT count(*) FROM tickets WHERE status NOT IN ('resolved','closed','cancelled') "
                            "AND (flagged <> 0 OR level < 3)");

  g_assert_cmpuint (pinned, >, 0);
  g_assert_cmpuint (tickets->len, ==, TEST_TICKETS);
  for (guint i = 0; i < tickets->len; i++)
    {
      KefuTicket *t = tickets->pdata[i];
      gboolean urgent = kefu_status_is_open (kefu_ticket_get_status (t)) &&
                        (kefu_ticket_get_flagged (t) || kefu_ticket_get_level (t) < 3);

      g_assert_cmpint (urgent, ==, i < pinned);
      if (i > 0 && i != pinned)
        g_assert_cmpint (kefu_ticket_get_milestone (tickets->pdata[i - 1], KEFU_TICKET_CREATED), >=,
                         kefu_ticket_get_milestone (t, KEFU_TICKET_CREATED));
    }
}

static void
test_note_records_actor (Demo          *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) agent = kefu_desk_find_user (f->store, "chenjing", &error);
  g_autoptr(GListStore) events = NULL;
  g_autoptr(KefuTicketEvent) last = NULL;
  guint n;

  g_assert_no_error (error);
  kefu_store_set_actor (f->store, kefu_user_get_id (agent));
  g_assert_true (kefu_desk_add_note (f->store, 10, "  业主来电询问进度，已告知明天上午上门  ", &error));
  g_assert_no_error (error);
  g_assert_false (kefu_desk_add_note (f->store, 10, "   ", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kefu_desk_add_note (f->store, 999999, "x", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  events = kefu_desk_list_events (f->store, 10, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (events));
  last = g_list_model_get_item (G_LIST_MODEL (events), n - 1);
  g_assert_cmpstr (kefu_ticket_event_get_kind (last), ==, "note");
  g_assert_cmpstr (kefu_ticket_event_get_body (last), ==, "业主来电询问进度，已告知明天上午上门");
  g_assert_cmpstr (kefu_ticket_event_get_user_name (last), ==, "陈静");
}

/* A statement refused inside a transaction takes back only itself, as on
 * SQLite: the transaction goes on and commits the rest (a server aborts
 * the whole transaction unless each statement has its own savepoint). */
static void
test_refused_statement_keeps_the_transaction (Demo          *f,
                                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTransaction) tx = NULL;
  gint64 notes = kefu_test_store_scalar (f->store, "SELECT count(*) FROM ticket_events WHERE ticket_id = 10 AND kind = 'note'");

  kefu_store_set_actor (f->store, kefu_test_store_scalar (f->store, "SELECT id FROM users WHERE login = 'chenjing'"));
  tx = kefu_transaction_begin (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_desk_add_note (f->store, 10, "第一条", &error));
  g_assert_no_error (error);
  /* a key that exists already */
  g_assert_false (kefu_query_exec (f->store, "INSERT INTO tickets (id, number, channel, kind, location, description, "
                                             "created_at, updated_at) SELECT id, number, channel, kind, location, "
                                             "description, created_at, updated_at FROM tickets WHERE id = ?1", 10, 0, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  /* and a script of statements (kefu_store_exec) */
  g_assert_false (kefu_store_exec (f->store, "UPDATE settings SET value = value WHERE key = 'x'; "
                                             "INSERT INTO tickets (id, number, channel, kind, location, description, "
                                             "created_at, updated_at) SELECT id, number, channel, kind, location, "
                                             "description, created_at, updated_at FROM tickets WHERE id = 10", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (kefu_desk_add_note (f->store, 10, "第二条", &error));
  g_assert_no_error (error);
  g_assert_true (kefu_transaction_commit (tx, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM ticket_events WHERE ticket_id = 10 AND kind = 'note'"),
                   ==, notes + 2);
  g_assert_cmpint (kefu_test_store_scalar (f->store, "SELECT count(*) FROM tickets WHERE id = 10"), ==, 1);
}

static void
test_reveal_phone (Demo          *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) trainer = kefu_desk_find_user (f->store, "guohong", &error);
  g_autoptr(KefuUser) supervisor = kefu_desk_find_user (f->store, "xuqiang", &error);
  g_autofree char *agent_login = query_text (f, "SELECT login FROM users WHERE id = (SELECT agent_id FROM tickets WHERE id = 3)");
  g_autoptr(KefuUser) agent = kefu_desk_find_user (f->store, agent_login, &error);
  g_autofree char *phone = NULL;
  g_autofree char *expected = query_text (f, "SELECT contact_phone FROM tickets WHERE id = 3");

  g_assert_no_error (error);
  g_assert_cmpstr (kefu_user_get_role (agent), ==, "agent");
  kefu_store_set_actor (f->store, kefu_user_get_id (trainer));
  g_assert_false (kefu_desk_reveal_phone (f->store, trainer, 3, "回访", &phone, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_assert_null (phone);
  g_clear_error (&error);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM audit_log WHERE action = 'reveal_phone'"), ==, 0);

  /* not for someone else without their PIN (kefu_auth_confirm, test-auth) */
  g_assert_false (kefu_desk_reveal_phone (f->store, supervisor, 3, "业主投诉回访", &phone, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM audit_log WHERE action = 'reveal_phone'"), ==, 0);
  kefu_store_set_actor (f->store, kefu_user_get_id (supervisor));
  /* not the supervisor's own ticket: a reason is asked for, and kept */
  g_assert_false (kefu_desk_reveal_phone (f->store, supervisor, 3, "  ", &phone, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_null (phone);
  g_clear_error (&error);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM audit_log WHERE action = 'reveal_phone'"), ==, 0);
  g_assert_true (kefu_desk_reveal_phone (f->store, supervisor, 3, "业主投诉回访", &phone, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (phone, ==, expected);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM audit_log WHERE action = 'reveal_phone' AND subject_id = 3 "
                        "AND detail = 'reason=业主投诉回访' "
                        "AND user_id = (SELECT id FROM users WHERE login = 'xuqiang')"), ==, 1);
  g_clear_pointer (&phone, g_free);

  /* the agent who took the call reveals it on their own ticket without a reason, audited too */
  kefu_store_set_actor (f->store, kefu_user_get_id (agent));
  g_assert_true (kefu_desk_reveal_phone (f->store, agent, 3, NULL, &phone, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (phone, ==, expected);
  g_assert_cmpfloat (Q ("SELECT count(*) FROM audit_log WHERE action = 'reveal_phone' AND subject_id = 3 "
                        "AND detail IS NULL AND user_id = (SELECT agent_id FROM tickets WHERE id = 3)"), ==, 1);
}

typedef struct {
  guint n;                   /* items-changed emissions */
  guint position, removed, added;   /* the last one */
  guint partial_len;         /* n-items while the list said it was partial */
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Changes *c = user_data;

  c->n++;
  c->position = position;
  c->removed = removed;
  c->added = added;
  if (kefu_ticket_list_get_partial (KEFU_TICKET_LIST (model)))
    c->partial_len = g_list_model_get_n_items (model);
}

static void
wait_loaded (KefuTicketList *list)
{
  while (kefu_ticket_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_ticket_list_pages (Demo          *f,
                        gconstpointer  data)
{
  g_autoptr(KefuTicketList) list = kefu_ticket_list_new (f->store);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GArray) ids = ids_for (f, NULL, NULL);
  Changes changes = { 0 };
  guint n;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  wait_loaded (list);
  /* the first page at once, then the rest added after it */
  g_assert_cmpuint (changes.n, ==, 2);
  g_assert_cmpuint (changes.partial_len, ==, 64);
  g_assert_cmpuint (changes.position, ==, 64);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, TEST_TICKETS - 64);
  g_assert_false (kefu_ticket_list_get_partial (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, TEST_TICKETS);
  g_assert_true (g_list_model_get_item_type (model) == KEFU_TYPE_TICKET);

  /* Rows far apart, in any order, are the right tickets. */
  for (guint pos = TEST_TICKETS - 1; pos < TEST_TICKETS; pos -= 137)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (model, pos);
      g_assert_cmpint (kefu_ticket_get_id (t), ==, g_array_index (ids, gint64, pos));
      g_assert_nonnull (kefu_ticket_get_number (t));
      g_assert_nonnull (kefu_ticket_get_location (t));
    }
  g_assert_null (g_list_model_get_item (model, TEST_TICKETS));

  /* A search swaps the list: its first page, then its rest. */
  changes.partial_len = 0;
  kefu_ticket_list_set_search (list, "电梯");
  wait_loaded (list);
  g_assert_cmpuint (changes.n, ==, 4);
  g_assert_cmpuint (changes.partial_len, ==, 64);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, (guint) Q ("SELECT count(*) FROM tickets WHERE description LIKE '%电梯%' OR location LIKE '%电梯%'"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (model, i);
      g_assert_true (strstr (kefu_ticket_get_description (t), "电梯") != NULL ||
                     strstr (kefu_ticket_get_location (t), "电梯") != NULL);
    }

  kefu_ticket_list_set_status (list, "on_hold");
  wait_loaded (list);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (model, i);
      g_assert_cmpstr (kefu_ticket_get_status (t), ==, "on_hold");
    }
}

/* A view that shows 10 rows asks for a first page of 10: the rest come
 * after it, and the rows after the 10th (in the page the first one read
 * short) are the right tickets, not the short page's. Reloads after it
 * read a whole page first. */
static void
test_ticket_list_short_first_page (Demo          *f,
                                   gconstpointer  data)
{
  g_autoptr(KefuTicketList) list = kefu_ticket_list_new_sized (f->store, 10);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GArray) ids = ids_for (f, NULL, NULL);
  Changes changes = { 0 };

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  /* the first page's rows are read (a view binds them) before the rest come */
  while (kefu_ticket_list_get_loading (list) && !kefu_ticket_list_get_partial (list))
    g_main_context_iteration (NULL, TRUE);
  if (kefu_ticket_list_get_partial (list))
    {
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
      for (guint pos = 0; pos < 10; pos++)
        {
          g_autoptr(KefuTicket) t = g_list_model_get_item (model, pos);
          g_assert_cmpint (kefu_ticket_get_id (t), ==, g_array_index (ids, gint64, pos));
        }
    }
  wait_loaded (list);
  g_assert_cmpuint (changes.partial_len, ==, 10);
  g_assert_cmpuint (changes.position, ==, 10);
  g_assert_cmpuint (changes.added, ==, TEST_TICKETS - 10);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, TEST_TICKETS);
  for (guint pos = 0; pos < 130; pos++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (model, pos);
      g_assert_cmpint (kefu_ticket_get_id (t), ==, g_array_index (ids, gint64, pos));
    }
  /* only the first rows shown: a reload's first page is a whole page */
  changes.partial_len = 0;
  kefu_ticket_list_reload (list);
  wait_loaded (list);
  g_assert_cmpuint (changes.partial_len, ==, 64);
}

static void
rest_held_cb (KefuTicketList *list,
              gpointer        data)
{
  (*(guint *) data)++;
}

/* A view that holds the rest (its first frame shows the first page
 * alone) sees the first page, then nothing until it lets go; then the
 * rest is added after the first page, which stays. A reload drops what
 * was held. */
static void
test_ticket_list_held_rest (Demo          *f,
                            gconstpointer  data)
{
  g_autoptr(KefuTicketList) list = kefu_ticket_list_new_sized (f->store, 10);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GArray) ids = ids_for (f, NULL, NULL);
  Changes changes = { 0 };
  guint held = 0;

  kefu_ticket_list_hold_rest (list, TRUE);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_signal_connect (list, "rest-held", G_CALLBACK (rest_held_cb), &held);
  while (held == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (kefu_ticket_list_get_rest_held (list));
  g_assert_true (kefu_ticket_list_get_partial (list));
  g_assert_true (kefu_ticket_list_get_loading (list));
  g_assert_cmpuint (changes.n, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);

  kefu_ticket_list_hold_rest (list, FALSE);
  g_assert_false (kefu_ticket_list_get_rest_held (list));
  g_assert_false (kefu_ticket_list_get_loading (list));
  g_assert_cmpuint (changes.n, ==, 2);
  g_assert_cmpuint (changes.position, ==, 10);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, TEST_TICKETS - 10);
  for (guint pos = 0; pos < 130; pos++)
    {
      g_autoptr(KefuTicket) t = g_list_model_get_item (model, pos);
      g_assert_cmpint (kefu_ticket_get_id (t), ==, g_array_index (ids, gint64, pos));
    }

  /* held again, then a new search: the old rest never comes */
  kefu_ticket_list_hold_rest (list, TRUE);
  kefu_ticket_list_reload (list);
  while (held == 1)
    g_main_context_iteration (NULL, TRUE);
  kefu_ticket_list_set_search (list, "电梯");
  g_assert_false (kefu_ticket_list_get_rest_held (list));
  kefu_ticket_list_hold_rest (list, FALSE);
  wait_loaded (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    (guint) Q ("SELECT count(*) FROM tickets WHERE description LIKE '%电梯%' OR location LIKE '%电梯%'"));
}

/* The list's first page, found without the rest, is exactly the first
 * page of the whole result — for every kind of order and a search with
 * many hits (which walks the creation-time index instead). */
static void
test_first_ids_are_prefix (Demo          *f,
                           gconstpointer  data)
{
  KefuTicketQuery queries[] = {
    { 0 },
    { .search = "漏水" },
    { .search = "20" },              /* every ticket's number: the index walk */
    { .search = "20", .ascending = TRUE },
    { .search = "20", .sort = "created" },
    { .search = "漏水", .sort = "created", .ascending = TRUE },
    { .search = "20", .sort = "priority" },
    { .sort = "priority" },
    { .status = "open", .sort = "priority" },
    { .sort = "location" },
    { .search = "20", .sort = "level", .ascending = TRUE },
    { .search = "不存在的内容xyz" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) all = kefu_desk_query_ticket_ids (f->store, &queries[i], NULL, &error);
      g_autoptr(GArray) first = NULL;

      g_assert_no_error (error);
      first = kefu_desk_query_first_ticket_ids (f->store, &queries[i], 64, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (first->len, ==, MIN (all->len, 64));
      for (guint j = 0; j < first->len; j++)
        g_assert_cmpint (g_array_index (first, gint64, j), ==, g_array_index (all, gint64, j));
    }
  /* "20" is in every ticket number: the walk's case */
  {
    g_autoptr(GArray) all = ids_for (f, "20", NULL);
    g_assert_cmpuint (all->len, ==, TEST_TICKETS);
  }
}


/* The list's first page with its rows (one statement on a server) is the
 * two steps' page: the first ids, then their rows, the same tickets in
 * the same order with the same columns, for every kind of order, search
 * and filter, short and long pages. */
static void
test_first_tickets_are_the_two_steps (Demo          *f,
                                      gconstpointer  data)
{
  KefuTicketQuery queries[] = {
    { 0 },
    { .ascending = TRUE },
    { .search = "漏水" },
    { .search = "20" },
    { .search = "20", .ascending = TRUE },
    { .search = "漏水", .sort = "created", .ascending = TRUE },
    { .search = "20", .sort = "priority" },
    { .sort = "priority" },
    { .sort = "priority", .ascending = TRUE },
    { .status = "open", .sort = "priority" },
    { .status = "open" },
    { .sort = "location" },
    { .sort = "number", .ascending = TRUE },
    { .sort = "resolved" },
    { .search = "20", .sort = "level", .ascending = TRUE },
    { .search = "漏水", .status = "closed" },
    { .level = 1, .flagged = FALSE },
    { .search = "不存在的内容xyz" },
  };
  const guint limits[] = { 64, 10, 200 };
  guint pages_with_rows = 0;

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GArray) ids = kefu_desk_query_first_ticket_ids (f->store, &queries[i], limits[l], NULL, &error);
        g_autoptr(GPtrArray) two_steps = NULL;
        g_autoptr(GPtrArray) one = NULL;

        g_assert_no_error (error);
        two_steps = kefu_desk_load_tickets (f->store, (const gint64 *) ids->data, ids->len, &error);
        g_assert_no_error (error);
        one = kefu_desk_query_first_tickets (f->store, &queries[i], limits[l], NULL, &error);
        g_assert_no_error (error);
        g_assert_nonnull (one);
        g_assert_cmpuint (one->len, ==, two_steps->len);
        g_assert_cmpuint (one->len, <=, limits[l]);
        pages_with_rows += one->len > 0;
        for (guint j = 0; j < one->len; j++)
          {
            KefuTicket *a = g_ptr_array_index (one, j), *b = g_ptr_array_index (two_steps, j);

            g_assert_cmpint (kefu_ticket_get_id (a), ==, kefu_ticket_get_id (b));
            g_assert_cmpstr (kefu_ticket_get_number (a), ==, kefu_ticket_get_number (b));
            g_assert_cmpstr (kefu_ticket_get_status (a), ==, kefu_ticket_get_status (b));
            g_assert_cmpstr (kefu_ticket_get_owner_name (a), ==, kefu_ticket_get_owner_name (b));
            g_assert_cmpstr (kefu_ticket_get_contact_phone (a), ==, kefu_ticket_get_contact_phone (b));
            g_assert_cmpstr (kefu_ticket_get_description (a), ==, kefu_ticket_get_description (b));
            g_assert_cmpstr (kefu_ticket_get_agent_name (a), ==, kefu_ticket_get_agent_name (b));
            g_assert_cmpstr (kefu_ticket_get_team_name (a), ==, kefu_ticket_get_team_name (b));
            g_assert_cmpint (kefu_ticket_get_level (a), ==, kefu_ticket_get_level (b));
            g_assert_cmpint (kefu_ticket_get_version (a), ==, kefu_ticket_get_version (b));
            g_assert_cmpint (kefu_ticket_get_milestone (a, KEFU_TICKET_CREATED), ==,
                             kefu_ticket_get_milestone (b, KEFU_TICKET_CREATED));
          }
      }
  /* (the whole list has TEST_TICKETS rows: not a test of empty pages only) */
  g_assert_cmpuint (pages_with_rows, >=, G_N_ELEMENTS (limits));
}

/* The sample in batches ----------------------------------------------------- */

static void
forget_other_program (const char *path)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM settings WHERE key = 'other_program'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/* Every table's rows, in order, as one digest: two loads are the same. */
static char *
database_digest (const char *path)
{
  const char * const *tables = kefu_store_table_names ();
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;

      /* (the search index and the roll-up's bookkeeping are derived; the
       * shipped policies are dated when the file was made, and the audit
       * log records when the sample was loaded; store_changes counts
       * commits, which batches make more of) */
      if (g_str_equal (tables[i], "ticket_search") || g_str_has_prefix (tables[i], "kpi_") ||
          g_str_equal (tables[i], "store_changes") ||
          g_str_equal (tables[i], "sla_policies") || g_str_equal (tables[i], "audit_log"))
        continue;
      sql = g_strdup_printf ("SELECT * FROM %s ORDER BY rowid", tables[i]);
      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          /* WITHOUT ROWID: by its key */
          g_free (sql);
          sql = g_strdup_printf ("SELECT * FROM %s ORDER BY 1, 2", tables[i]);
          g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
        }
      g_checksum_update (sum, (const guchar *) tables[i], -1);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const char *text = (const char *) sqlite3_column_text (stmt, c);
            g_checksum_update (sum, (const guchar *) (text ? text : "\x01"), text ? -1 : 1);
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_strdup (g_checksum_get_string (sum));
}

typedef struct {
  sqlite3  *other;
  guint     calls;
  guint     stop_at;
  gboolean  hold;          /* at the stop, the other program keeps the lock: the load cannot be taken out */
  GArray   *seen;          /* the tickets the other program sees after each batch */
} Between;

static gboolean
between_batches (guint    done,
                 guint    total,
                 gpointer user_data)
{
  Between *b = user_data;
  sqlite3_stmt *stmt;
  gint64 seen = -1;

  b->calls++;
  sqlite3_busy_timeout (b->other, 0);
  if (sqlite3_exec (b->other, "INSERT OR REPLACE INTO settings (key, value) VALUES ('other_program', 'was here')",
                    NULL, NULL, NULL) != SQLITE_OK)
    g_error ("the other program cannot write between batches: %s", sqlite3_errmsg (b->other));
  g_assert_cmpint (sqlite3_prepare_v2 (b->other, "SELECT count(*) FROM tickets", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seen = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_array_append_val (b->seen, seen);
  if (b->calls == b->stop_at && b->hold)
    g_assert_cmpint (sqlite3_exec (b->other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  return b->calls != b->stop_at;
}

/* The sample loads in short transactions: another program writes between
 * two and sees the tickets arrive batch by batch; the data is the same as
 * a load in one go. A load stopped half way takes itself out; one that
 * could not (as if killed) is taken out by the next load, which then
 * gives the same data again. */
static void
test_demo_in_batches (KefuTestDir   *f,
                      gconstpointer  data)
{
  g_autofree char *straight = kefu_test_path (f, "straight.db");
  g_autofree char *path = kefu_test_path (f, "batched.db");
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;
  Between b = { 0 };
  KefuBatchOptions batch = { 100, 0, 0, between_batches, &b };
  KefuBatchOptions one_go = { 0, 0, 0, NULL, NULL };
  KefuDemoOptions options = { 600, 7, TEST_NOW, &batch };
  KefuDemoOptions reference = { 600, 7, TEST_NOW, &one_go };

  store = kefu_store_open (straight, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_demo_generate (store, &reference, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  expected = database_digest (straight);

  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &b.other), ==, SQLITE_OK);
  b.seen = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* all the way, in batches */
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* the places and people, six batches of tickets, then links, training, index */
  g_assert_cmpuint (b.calls, >=, 600 / 100 + 3);
  g_assert_cmpint (g_array_index (b.seen, gint64, 0), ==, 0);
  for (guint i = 1; i <= 6; i++)
    g_assert_cmpint (g_array_index (b.seen, gint64, i), ==, 100 * i);
  g_clear_object (&store);
  sqlite3_close (b.other);
  forget_other_program (path);
  got = database_digest (path);
  g_assert_cmpstr (got, ==, expected);
  g_assert_cmpint (g_unlink (path), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *side = g_strconcat (path, i ? "-shm" : "-wal", NULL);
      g_unlink (side);
    }

  /* stopped after its third batch: it takes itself out */
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &b.other), ==, SQLITE_OK);
  b.calls = 0;
  b.stop_at = 3;
  g_assert_false (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM tickets"), ==, 0);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM users"), ==, 0);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM settings WHERE key = 'demo_loading'"), ==, 0);

  /* stopped while the other program keeps the lock (as if killed): the
   * half-loaded sample stays, marked; the next load takes it out first */
  b.calls = 0;
  b.hold = TRUE;
  kefu_store_set_busy_timeout (store, 200);
  g_assert_false (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_exec (b.other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM tickets"), ==, 200);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM settings WHERE key = 'demo_loading'"), ==, 1);
  kefu_store_set_busy_timeout (store, 5000);
  b.stop_at = 0;
  b.hold = FALSE;
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  sqlite3_close (b.other);
  forget_other_program (path);
  g_free (got);
  got = database_digest (path);
  g_assert_cmpstr (got, ==, expected);
  g_array_unref (b.seen);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

  /* the sample generator writes SQLite (a server gets its sample through
   * `migrate`): its own checks run on a file */
#define DEMO_ADD(path, func) g_test_add (path, Demo, &kefu_test_on_file, demo_setup, func, demo_teardown)
  DEMO_ADD ("/core/demo/places-and-people", test_demo_places_and_people);
  DEMO_ADD ("/core/demo/tickets", test_demo_tickets);
  DEMO_ADD ("/core/demo/training", test_demo_training);
  DEMO_ADD ("/core/demo/refuses-existing-data", test_demo_refuses_data);
  KEFU_TEST_ADD ("/core/demo/deterministic", test_demo_deterministic);
  KEFU_TEST_ADD ("/core/demo/in-batches-others-write-between", test_demo_in_batches);
#define DESK_ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Demo, demo_setup, func, demo_teardown)
  DESK_ADD ("/core/desk/query/search-and-status", test_query_search);
  DESK_ADD ("/core/desk/query/priority-order", test_priority_order);
  DESK_ADD ("/core/desk/query/combined-filters", test_query_combined);
  DESK_ADD ("/core/desk/note/records-actor", test_note_records_actor);
  DESK_ADD ("/core/desk/refused-statement-keeps-the-transaction", test_refused_statement_keeps_the_transaction);
  DESK_ADD ("/core/desk/phone/reveal-is-audited", test_reveal_phone);
  DESK_ADD ("/core/ticket-list/pages", test_ticket_list_pages);
  DESK_ADD ("/core/ticket-list/short-first-page", test_ticket_list_short_first_page);
  DESK_ADD ("/core/ticket-list/held-rest", test_ticket_list_held_rest);
  DESK_ADD ("/core/desk/query/first-page", test_first_ids_are_prefix);
  DESK_ADD ("/core/desk/query/first-tickets-one-statement", test_first_tickets_are_the_two_steps);
#undef DESK_ADD
#undef DEMO_ADD

  return g_test_run ();
}
