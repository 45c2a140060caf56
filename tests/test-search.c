/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-search.c — two-character Chinese, digits and mixed queries */
#include "config.h"

#include "kefu-auth.h"
#include "kefu-choice.h"
#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-search.h"
#include "kefu-store.h"
#include "kefu-store-private.h"
#include "kefu-test-engines.h"

static void
test_tokens (void)
{
  struct { const char *text, *tokens; } cases[] = {
    { "漏水", "漏水 水" },
    { "天花板漏水", "天花 花板 板漏 漏水 水" },
    { "3栋502", "3 栋 50 02 2" },
    { "Elevator NOISE!", "elevator noise" },
    { "138-1234", "13 38 8 12 23 34 4" },
    { "GD202611250007", "gd 20 02 26 61 11 12 25 50 00 00 07 7" },
    { "，。！", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tokens = kefu_search_tokens (cases[i].text);
      g_assert_cmpstr (tokens, ==, cases[i].tokens);
    }
}

/* A phone is indexed by its digits only (the rule the server applies
 * itself, kefu-server-rights.sql): full-width digits as ASCII */
static void
test_phone_tokens (void)
{
  struct { const char *phone, *tokens; } cases[] = {
    { "13812345678", "13 38 81 12 23 34 45 56 67 78 8" },
    { "138-1234", "13 38 8 12 23 34 4" },
    { "+86 (755) 2666", "86 6 75 55 5 26 66 66 6" },
    { "0755-2666 转 802 ext9", "07 75 55 5 26 66 66 6 80 02 2 9" },
    { "１３７1", "13 37 71 1" },
    { "王先生", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tokens = kefu_search_phone_tokens (cases[i].phone);
      g_assert_cmpstr (tokens, ==, cases[i].tokens);
    }
  g_assert_cmpstr (kefu_search_phone_tokens (NULL), ==, "");
}

static void
test_match_expr (void)
{
  struct { const char *query, *expr; } cases[] = {
    /* a whole bigram is looked up as it is; a last single character or
     * word is a prefix of what may follow */
    { "漏水", "\"漏水\"" },
    { "漏", "\"漏\" *" },
    { "电梯异响", "\"电梯 梯异 异响\"" },
    { "5678", "\"56 67 78\"" },
    { "3栋50", "\"3 栋 50\"" },
    { "3栋5", "\"3 栋 5\" *" },
    { "漏水 3栋", "\"漏水\" AND \"3 栋\" *" },
    { "elev", "\"elev\" *" },
    { "ab", "\"ab\" *" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expr = kefu_search_match_expr (cases[i].query);
      g_assert_cmpstr (expr, ==, cases[i].expr);
    }
  g_assert_null (kefu_search_match_expr ("“”，"));
  g_assert_null (kefu_search_match_expr (""));
}

typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;
  char        *spec;    /* the file or the server's database */
} Fixture;

static gint64
add_ticket (KefuStore  *store,
            const char *number,
            const char *location,
            const char *description,
            const char *phone,
            gint64      created)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "INSERT INTO tickets (number, channel, kind, location, description, "
                                                  "contact_phone, created_at, updated_at) "
                                                  "VALUES (?1, 'phone', 'repair', ?2, ?3, ?4, ?5, ?5)", &error);
  gint64 id;

  g_assert_no_error (error);
  kefu_query_bind_text (q, 1, number);
  kefu_query_bind_text (q, 2, location);
  kefu_query_bind_text (q, 3, description);
  kefu_query_bind_text (q, 4, phone);
  kefu_query_bind_int (q, 5, created);
  g_assert_true (kefu_query_run (store, q, &error));
  g_assert_no_error (error);
  id = kefu_query_last_id (store);
  g_assert_true (kefu_search_index_ticket (store, id, &error));
  g_assert_no_error (error);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_dir_setup (&f->dir, data);
  f->store = kefu_test_engine_open (&f->dir, data, NULL, &f->spec);
  add_ticket (f->store, "GD202607010001", "3栋502", "卫生间天花板漏水，楼上水管破裂", "13812345678", 1000);
  add_ticket (f->store, "GD202607010002", "5栋 电梯", "电梯异响，像金属摩擦", "13955556666", 2000);
  add_ticket (f->store, "GD202607020001", "3栋501", "厨房水龙头漏水", "13700001111", 3000);
  add_ticket (f->store, "GD202607020002", "地下车库", "Elevator noise reported by the night guard", "13812349999", 4000);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  kefu_test_engine_close (data, &f->spec);
  kefu_test_dir_teardown (&f->dir, data);
}

/* The numbers of the tickets a query finds, newest first, as "a b c". */
static char *
find (Fixture    *f,
      const char *query)
{
  KefuTicketQuery q = { query, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
  g_autoptr(GPtrArray) tickets = NULL;
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  tickets = kefu_desk_load_tickets (f->store, (gint64 *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tickets->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", kefu_ticket_get_number (tickets->pdata[i]) + 10);
  return g_string_free (s, FALSE);
}

#define ASSERT_FINDS(query, expected) \
  G_STMT_START { g_autofree char *got = find (f, query); g_assert_cmpstr (got, ==, expected); } G_STMT_END

static void
test_chinese (Fixture       *f,
              gconstpointer  data)
{
  ASSERT_FINDS ("漏水", "0001 0001");          /* two characters, two tickets, newest first */
  ASSERT_FINDS ("电梯", "0002");
  ASSERT_FINDS ("电梯异响", "0002");
  ASSERT_FINDS ("异响电梯", "");              /* the order of characters matters */
  ASSERT_FINDS ("漏", "0001 0001");            /* one character: a prefix */
  ASSERT_FINDS ("破裂", "0001");               /* the last two characters of a run */
  ASSERT_FINDS ("裂", "0001");
  ASSERT_FINDS ("水管 漏水", "0001");          /* both words */
}

static void
test_digits (Fixture       *f,
             gconstpointer  data)
{
  ASSERT_FINDS ("5678", "0001");               /* the phone's last digits */
  ASSERT_FINDS ("1234", "0002 0001");          /* 138-1234-9999 and 138-1234-5678 */
  ASSERT_FINDS ("5555", "0002");
  ASSERT_FINDS ("GD202607010002", "0002");     /* a whole ticket number */
  ASSERT_FINDS ("gd2026070200", "0002 0001");  /* part of one, any case */
}

static void
test_mixed (Fixture       *f,
            gconstpointer  data)
{
  ASSERT_FINDS ("3栋502", "0001");
  ASSERT_FINDS ("3栋50", "0001 0001");          /* 3栋501 and 3栋502 */
  ASSERT_FINDS ("3栋 漏水", "0001 0001");
  ASSERT_FINDS ("elevator", "0002");
  ASSERT_FINDS ("NOIS", "0002");
  ASSERT_FINDS ("“”！", "");
}

static void
test_note_is_searchable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  ASSERT_FINDS ("配件", "");
  g_assert_true (kefu_desk_add_note (f->store, 2, "等待电梯配件到货", &error));
  g_assert_no_error (error);
  ASSERT_FINDS ("配件", "0002");
}

static void
test_index_rebuilt_after_migration (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* As after upgrading from version 3 (or copying such a file to a
   * server): the index is empty and marked stale. */
  kefu_test_store_exec (f->store, "DELETE FROM ticket_search; "
                                  "INSERT INTO settings VALUES ('search_index_stale', '1')");
  ASSERT_FINDS ("漏水", "");
  g_clear_object (&f->store);
  f->store = kefu_store_open (f->spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  ASSERT_FINDS ("漏水", "0001 0001");
  g_assert_null (kefu_store_get_setting (f->store, "search_index_stale"));
}

/* The ids of a search's whole result by SQL's own ORDER BY: what the
 * search must give, in the same order */
static GArray *
ordered_by_sql (KefuStore  *store,
                const char *query,
                gboolean    ascending)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *match = kefu_search_match_expr (query);
  g_autofree char *sql = g_strdup_printf ("SELECT t.id FROM tickets t WHERE t.id IN (SELECT rowid FROM ticket_search "
                                          "WHERE ticket_search MATCH ?1) ORDER BY t.created_at %s, t.id %s",
                                          ascending ? "" : "DESC", ascending ? "" : "DESC");
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  kefu_query_bind_text (q, 1, match);
  while (kefu_query_step (store, q, &error) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (q, 0);
      g_array_append_val (ids, id);
    }
  g_assert_no_error (error);
  return ids;
}

static void
assert_same_ids (GArray *got,
                 GArray *want)
{
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpint (g_array_index (got, gint64, i), ==, g_array_index (want, gint64, i));
}

/* The whole result in creation order when the ids are not: older tickets
 * added later (an import), several at one moment; newest first and oldest
 * first, and the first page the same as the whole result's start */
static void
test_creation_order (Fixture       *f,
                     gconstpointer  data)
{
  static const gint64 created[] = { 5000, 2500, 6000, 6000, 1500, 7000, 2500, 500 };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (created); i++)
    {
      g_autofree char *number = g_strdup_printf ("GD20260801%04u", i + 1);
      add_ticket (f->store, number, "7栋101", "阳台漏水", "13600000000", created[i]);
    }
  for (int asc = 0; asc <= 1; asc++)
    {
      KefuTicketQuery q = { "漏水", NULL };
      g_autoptr(GArray) want = ordered_by_sql (f->store, "漏水", asc);
      g_autoptr(GArray) got = NULL;
      g_autoptr(GArray) first = NULL;

      q.ascending = asc;
      got = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (want->len, ==, 2 + G_N_ELEMENTS (created));
      assert_same_ids (got, want);
      first = kefu_desk_query_first_ticket_ids (f->store, &q, 3, NULL, &error);
      g_assert_no_error (error);
      g_array_set_size (want, 3);
      assert_same_ids (first, want);
    }
  /* in creation order already: the same */
  {
    KefuTicketQuery q = { "电梯", NULL };
    g_autoptr(GArray) want = ordered_by_sql (f->store, "电梯", FALSE);
    g_autoptr(GArray) got = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);

    g_assert_no_error (error);
    assert_same_ids (got, want);
  }
}

/* The order mark of a file (schema v37): every ticket up to it in
 * creation order; -1 on a server, which keeps none. */
static gint64
order_mark (Fixture *f)
{
  g_autofree char *value = NULL;

  if (kefu_store_is_server (f->store))
    return -1;
  value = kefu_store_get_setting (f->store, "tickets_in_order_to");
  g_assert_nonnull (value);
  return g_ascii_strtoll (value, NULL, 10);
}

static gint64
last_ticket (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (f->store, "SELECT max(id) FROM tickets", &error);

  g_assert_no_error (error);
  g_assert_cmpint (kefu_query_step (f->store, q, &error), ==, KEFU_QUERY_ROW);
  return kefu_query_get_int (q, 0);
}

#define ASSERT_MARK(want) \
  G_STMT_START { if (!kefu_store_is_server (f->store)) g_assert_cmpint (order_mark (f), ==, (want)); } G_STMT_END

/* What a user sees for @text: the whole result newest first and oldest
 * first, and its count, the same as each hit looked up and sorted by SQL
 * (the filtered path), whether the order mark covers the hits or not. */
static void
assert_search_as_sql (Fixture    *f,
                      const char *text,
                      guint       n_hits)
{
  g_autoptr(GError) error = NULL;

  for (int asc = 0; asc <= 1; asc++)
    {
      KefuTicketQuery q = { text, NULL };
      g_autoptr(GArray) want = ordered_by_sql (f->store, text, asc);
      g_autoptr(GArray) got = NULL;

      q.ascending = asc;
      got = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (want->len, ==, n_hits);
      assert_same_ids (got, want);
      g_assert_cmpint (kefu_desk_count_tickets (f->store, &q, &error), ==, n_hits);
      g_assert_no_error (error);
    }
}

static void
set_created (Fixture *f,
             gint64   id,
             gint64   created)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (f->store, "UPDATE tickets SET created_at = ?2 WHERE id = ?1", &error);

  g_assert_no_error (error);
  kefu_query_bind_int (q, 1, id);
  kefu_query_bind_int (q, 2, created);
  g_assert_true (kefu_query_run (f->store, q, &error));
  g_assert_no_error (error);
}

/* Tickets written one by one (#21): the mark follows each ticket in
 * creation order, ties included; an older ticket imported later lowers
 * it below itself, and tickets after it leave it there. The results are
 * the filtered path's at every step, on both engines. */
static void
test_order_mark_inserts (Fixture       *f,
                         gconstpointer  data)
{
  static const gint64 created[] = { 4000, 4000, 5000, 5000, 5000 };
  gint64 old_one, id = 0;

  ASSERT_MARK (last_ticket (f));   /* the fixture's 4, in order */
  assert_search_as_sql (f, "漏水", 2);
  for (guint i = 0; i < G_N_ELEMENTS (created); i++)
    {
      g_autofree char *number = g_strdup_printf ("GD20260803%04u", i + 1);

      id = add_ticket (f->store, number, "9栋", i % 2 ? "阳台漏水" : "窗户漏风", "13600000000", created[i]);
      ASSERT_MARK (id);
    }
  assert_search_as_sql (f, "漏水", 4);
  assert_search_as_sql (f, "漏风", 3);

  /* an older ticket imported now: out of order, the mark stays below it */
  old_one = add_ticket (f->store, "GD202607010009", "3栋", "水管漏水", "13600000000", 1500);
  ASSERT_MARK (old_one - 1);
  assert_search_as_sql (f, "漏水", 5);
  id = add_ticket (f->store, "GD202608030010", "9栋", "屋顶漏水", "13600000000", 9000);
  ASSERT_MARK (old_one - 1);
  assert_search_as_sql (f, "漏水", 6);
  /* hits all below the mark still come from the index alone */
  assert_search_as_sql (f, "漏风", 3);
}

/* A ticket's creation time changed (#21): within its neighbours the mark
 * stays, beyond them it is lowered below the ticket; a ticket deleted
 * lowers it below itself (its search row may stay). Same results. */
static void
test_order_mark_updates (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 last = last_ticket (f);

  /* the fixture: 1000, 2000, 3000, 4000 */
  set_created (f, 2, 2000);
  ASSERT_MARK (last);
  set_created (f, 2, 3000);   /* a tie with the next one: in order */
  ASSERT_MARK (last);
  assert_search_as_sql (f, "漏水", 2);
  set_created (f, 3, 500);    /* the second 漏水 now the oldest */
  ASSERT_MARK (2);
  assert_search_as_sql (f, "漏水", 2);
  set_created (f, 3, 3000);   /* back in order: the mark is not raised again */
  ASSERT_MARK (2);
  assert_search_as_sql (f, "漏水", 2);

  /* a deleted ticket: below it (a file's; a server keeps no mark) */
  if (kefu_store_is_server (f->store))
    return;
  g_assert_true (kefu_store_exec (f->store, "DELETE FROM tickets WHERE id = 2", &error));
  g_assert_no_error (error);
  ASSERT_MARK (1);
  assert_search_as_sql (f, "漏水", 2);
  assert_search_as_sql (f, "电梯", 0);
}

/* A bulk load, its triggers off (#21): its end raises the mark over its
 * rows in creation order (ties included), or to just before the first
 * out of order; a load after a break leaves the mark where it was. */
static void
test_order_mark_bulk_load (Fixture       *f,
                           gconstpointer  data)
{
  static const gint64 first[] = { 4000, 4500, 4500, 6000 };
  static const gint64 second[] = { 7000, 8000, 6500, 9000 };
  g_autoptr(GError) error = NULL;
  KefuBulkLoad load;
  gint64 before = last_ticket (f), broken;

  for (guint k = 0; k < 3; k++)
    {
      const gint64 *created = k == 0 ? first : second;

      g_assert_true (kefu_store_begin (f->store, &error));
      g_assert_true (kefu_bulk_load_begin (f->store, &load, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < 4; i++)
        {
          g_autofree char *number = g_strdup_printf ("GD2026080%u%04u", 4 + k, i + 1);

          add_ticket (f->store, number, "8栋", "地漏漏水", "13600000000", created[i] + (k == 2 ? 10000 : 0));
        }
      g_assert_true (kefu_bulk_load_end (&load, &error));
      g_assert_true (kefu_store_commit (f->store, &error));
      g_assert_no_error (error);
      if (k == 0)
        ASSERT_MARK (before + 4);
    }
  /* the second load's third row is older than its second */
  broken = before + 4 + 3;
  ASSERT_MARK (broken - 1);
  assert_search_as_sql (f, "漏水", 2 + 12);
  assert_search_as_sql (f, "地漏", 12);
}

/* A first page whose hits are many among the newest tickets, and one
 * whose hits are few, among older tickets (the server's first page is its
 * own function, kefu-server-34.sql; a file stops stepping at the page):
 * the same ids as the whole result's start, newest first and oldest
 * first, creation times out of id order. */
static void
test_first_page_many_and_few_hits (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* 200 tickets a minute apart, created in reverse order of their ids;
   * the newest and the 4 oldest "门禁失灵", every 2nd other one "水管爆裂" */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *number = g_strdup_printf ("GD20260802%04u", i + 1);
      gint64 created = 1785600000 - 60 * (gint64) i;

      add_ticket (f->store, number, "3栋", (i == 0 || i >= 196) ? "门禁失灵" : i % 2 == 0 ? "水管爆裂" : "路灯不亮",
                  "13700000000", created);
    }
  for (int asc = 0; asc <= 1; asc++)
    {
      static const char *const texts[] = { "水管", "门禁" };

      for (guint k = 0; k < G_N_ELEMENTS (texts); k++)
        {
          KefuTicketQuery q = { texts[k], NULL };
          g_autoptr(GArray) want = ordered_by_sql (f->store, texts[k], asc);
          g_autoptr(GArray) first = NULL;

          q.ascending = asc;
          first = kefu_desk_query_first_ticket_ids (f->store, &q, 3, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (want->len, ==, k == 0 ? 98 : 5);   /* (and the fixture's 水管破裂) */
          g_array_set_size (want, 3);
          assert_same_ids (first, want);
        }
    }
}

/* A first page found by walking the newest (or oldest) tickets in
 * chunks (the server's kefu_search_first_ids(), kefu-server-38.sql): a
 * word whose page fills within the first chunk, one whose page needs
 * the walk to go on past a chunk's end, a phrase whose bigrams always
 * come together, and a rare word the walk gives up on; three tickets at
 * each moment, so ties run across the chunks' ends, created in reverse
 * order of their ids in blocks. Each the same as the whole result's
 * start, for a page of 64 and of 3, newest first and oldest first. */
static void
test_first_page_walked (Fixture       *f,
                        gconstpointer  data)
{
  static const struct { const char *text; guint hits; } words[] = {
    { "门锁", 69 }, { "电梯困人", 274 }, { "燃气", 2 }, { "水管", 1 },
  };
  g_autoptr(GError) error = NULL;

  g_assert_true (kefu_store_begin (f->store, &error));
  for (guint i = 0; i < 1100; i++)
    {
      g_autofree char *number = g_strdup_printf ("GD20260803%04u", i + 1);
      /* blocks of 10 ids whose times run backwards, 3 tickets a minute */
      gint64 created = 1785700000 + 60 * (gint64) (((i / 10) * 10 + (9 - i % 10)) / 3);
      const char *text = i < 2 ? "燃气泄漏" : i % 16 == 5 ? "门锁坏了" : i % 4 == 0 ? "电梯困人" : "路灯不亮";

      add_ticket (f->store, number, "5栋", text, "13500000000", created);
    }
  g_assert_true (kefu_store_commit (f->store, &error));
  for (int asc = 0; asc <= 1; asc++)
    for (guint k = 0; k < G_N_ELEMENTS (words); k++)
      {
        static const guint pages[] = { 64, 3 };
        g_autoptr(GArray) all = ordered_by_sql (f->store, words[k].text, asc);

        /* (水管: the fixture's own ticket) */
        g_assert_cmpuint (all->len, ==, words[k].hits);
        for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
          {
            KefuTicketQuery q = { words[k].text, NULL };
            g_autoptr(GArray) want = g_array_copy (all);
            g_autoptr(GArray) first = NULL;

            q.ascending = asc;
            first = kefu_desk_query_first_ticket_ids (f->store, &q, pages[p], NULL, &error);
            g_assert_no_error (error);
            g_array_set_size (want, MIN (pages[p], want->len));
            assert_same_ids (first, want);
          }
      }
}

/* Tickets logged at an agent's desk (#20): on a server the agent is
 * signed in as themself and sees phones masked, yet the index holds the
 * phones in full, as a file's does; the same searches find the same
 * tickets on both engines, and the list shows the phone masked there. */
static void
test_agent_desk_phones (Fixture       *f,
                        gconstpointer  data)
{
  gboolean server = kefu_test_engine_is_server (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) desk = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autofree char *login = g_strdup_printf ("search_agent_%d", (int) getpid ());
  gint64 estate, building, unit, owner;
  struct { const char *name, *phone, *description; gboolean with_owner; gint64 id; } tickets[] = {
    /* the owner's phone on file (no number typed) */
    { "张先生", NULL, "阳台渗水，墙皮脱落", TRUE, 0 },
    { NULL, "158 1111 2222", "门铃不响", FALSE, 0 },
    { "李女士", "0755-2666 8888 转 802", "楼道灯不亮 lamp", FALSE, 0 },
    { NULL, "１３７１２３４９８７６", "窗户渗水", FALSE, 0 },
  };
  /* query → the tickets above it finds (their index), newest first */
  struct { const char *query, *finds; } searches[] = {
    { "13987654321", "0" },      /* the owner's phone, in full */
    { "4321", "0" },             /* its last four digits */
    { "139 4321", "0" },
    { "15811112222", "" },       /* typed with spaces: found by its runs */
    { "1111 2222", "1" },
    { "2222", "1" },
    { "0755", "2" },
    { "802", "2" },
    { "转", "" },                /* not a digit: not indexed from a phone */
    { "13712349876", "3" },      /* typed in full-width digits */
    { "9876", "3 0" },           /* (13987654321 has 9876 too) */
    { "49876", "3" },
    { "渗水", "3 0" },           /* two Chinese characters */
    { "门铃", "1" },
    { "lamp", "2" },             /* a word */
    { "zhang", "" },             /* pinyin: names are found by it in the owner finder, not here */
  };

  estate = kefu_test_row_int (f->store, "INSERT INTO estates (name, created_at) VALUES ('搜索小区', 0) RETURNING id");
  building = kefu_test_row_int (f->store, "INSERT INTO buildings (estate_id, name) VALUES (?1, '9栋') RETURNING id",
                                KEFU_TEST_INT (estate));
  unit = kefu_test_row_int (f->store, "INSERT INTO units (building_id, name) VALUES (?1, '901') RETURNING id",
                            KEFU_TEST_INT (building));
  owner = kefu_test_row_int (f->store, "INSERT INTO owners (name, phone, created_at, name_pinyin, name_initials) "
                                       "VALUES ('张海涛', '13987654321', 0, 'zhanghaitao', 'zht') RETURNING id");
  kefu_test_exec (f->store, "INSERT INTO owner_units (owner_id, unit_id, relation) VALUES (?1, ?2, 'owner')",
                  KEFU_TEST_INT (owner), KEFU_TEST_INT (unit));
  if (server)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '前台小孙', 'agent', "
                                              "'search-password-1')", login);

      g_assert_cmpint (kefu_test_row_int (f->store, sql), >, 0);
      desk = kefu_store_open_as (f->spec, login, "search-password-1", &error);
      g_assert_no_error (error);
      g_assert_true (kefu_store_masks_phones (desk));
      kefu_store_set_now (desk, TEST_NOW);
      user = kefu_auth_sign_in_server (desk, &error);
      g_assert_no_error (error);
    }
  else
    {
      gint64 agent = kefu_test_row_int (f->store, "INSERT INTO users (login, name, role, created_at) "
                                                  "VALUES (?1, '前台小孙', 'agent', 0) RETURNING id",
                                        KEFU_TEST_TEXT (login));

      desk = g_object_ref (f->store);
      kefu_store_set_now (desk, TEST_NOW);
      kefu_store_set_actor (desk, agent);
    }

  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    {
      KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 2, building, unit, NULL,
                            tickets[i].with_owner ? owner : 0, tickets[i].name, tickets[i].phone,
                            tickets[i].description, 0 };

      tickets[i].id = kefu_desk_create_ticket (desk, &d, &error);
      g_assert_no_error (error);
      g_assert_cmpint (tickets[i].id, >, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      KefuTicketQuery q = { searches[i].query, NULL };
      g_autoptr(GArray) ids = kefu_desk_query_ticket_ids (desk, &q, NULL, &error);
      GString *found = g_string_new (NULL);
      g_autofree char *got = NULL;

      g_assert_no_error (error);
      for (guint k = 0; k < ids->len; k++)
        for (guint t = 0; t < G_N_ELEMENTS (tickets); t++)
          if (tickets[t].id == g_array_index (ids, gint64, k))
            g_string_append_printf (found, "%s%u", found->len ? " " : "", t);
      got = g_string_free (found, FALSE);
      g_test_message ("%s → [%s]", searches[i].query, got);
      g_assert_cmpstr (got, ==, searches[i].finds);
    }

  /* the owner's phone found the ticket; the list shows it as the desk may */
  {
    g_autoptr(GPtrArray) list = kefu_desk_load_tickets (desk, &tickets[0].id, 1, &error);
    const char *phone;

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    phone = kefu_ticket_get_contact_phone (list->pdata[0]);
    g_test_message ("the list shows %s", phone);
    g_assert_cmpstr (phone, ==, server ? "139****4321" : "13987654321");
  }

  /* the owner search at intake: by the whole number a caller gives, by
   * its last digits, by pinyin; the phone shown masked on both */
  {
    const char *typed[] = { "13987654321", "4321", "98765", "zht", "zhanghaitao" };

    for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
      {
        g_autoptr(GListStore) found = kefu_desk_find_owners (desk, typed[i], 10, &error);
        g_autoptr(KefuChoice) first = NULL;

        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (found)), ==, 1);
        first = g_list_model_get_item (G_LIST_MODEL (found), 0);
        g_assert_cmpint (kefu_choice_get_id (first), ==, owner);
        g_test_message ("%s → %s", typed[i], kefu_choice_get_detail (first));
        g_assert_nonnull (strstr (kefu_choice_get_detail (first), "139****4321"));
      }
  }

  /* a rebuild writes the same (on a server, the owner's) */
  {
    g_autoptr(GArray) before = NULL, after = NULL;
    KefuTicketQuery q = { "4321", NULL };

    before = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (kefu_search_rebuild (f->store, &error));
    g_assert_no_error (error);
    after = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (before->len, ==, 1);
    g_assert_cmpuint (after->len, ==, 1);
    g_assert_cmpint (g_array_index (after, gint64, 0), ==, tickets[0].id);
  }

  if (server)
    {
      /* the desk writes the index only through the server's function */
      {
        g_autoptr(GError) refused = NULL;
        KEFU_AUTO_QUERY *q = kefu_query_prepare (desk, "INSERT INTO ticket_search (rowid, body) VALUES (?1, 'x')",
                                                 &error);

        g_assert_no_error (error);
        kefu_query_bind_int (q, 1, 999999);
        g_assert_false (kefu_query_run (desk, q, &refused));
        g_assert_nonnull (refused);
      }
      g_clear_object (&user);
      g_clear_object (&desk);
      {
        g_autofree char *drop = g_strdup_printf ("DROP ROLE IF EXISTS %s", login);
        g_autoptr(KefuEngine) admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);

        g_assert_no_error (error);
        /* the database first: the role owns nothing there but is named in it */
        g_clear_object (&f->store);
        kefu_test_engine_close (data, &f->spec);
        g_assert_true (kefu_engine_exec (admin, drop, &error));
        g_assert_no_error (error);
      }
    }
}

/* every row of the index, "rowid: body" a line */
static char *
index_rows (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT rowid, body FROM ticket_search ORDER BY rowid", &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  while (kefu_query_step (store, q, &error) == KEFU_QUERY_ROW)
    g_string_append_printf (s, "%" G_GINT64_FORMAT ": %s\n", (gint64) kefu_query_get_int (q, 0),
                            kefu_query_get_text (q, 1));
  g_assert_no_error (error);
  return g_string_free (s, FALSE);
}

/* A file's rebuild reads the notes and calls in one pass and keeps the
 * tokens of texts it saw: each row is still what indexing the ticket
 * alone writes — notes in the timeline's order (by time, then as added,
 * whatever order they were added in), other events' text left out, the
 * same place and text in several tickets, a text too long to keep, an
 * owner's name and phone, a place that is not UTF-8 (nothing of the
 * ticket's number, place, text and contact is indexed then). */
static void
test_rebuild_same_rows (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *long_text = NULL;
  g_autofree char *one_by_one = NULL;
  g_autofree char *rebuilt = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 ids[4];

  for (guint i = 0; i < 40; i++)
    g_string_append (text, "电梯异响 ");
  long_text = g_strdup (text->str);
  ids[0] = add_ticket (f->store, "GD202607030001", "3栋502", "厨房水龙头漏水", "13700001111", 5000);
  ids[1] = add_ticket (f->store, "GD202607030002", "3栋502", long_text, "13700001111", 6000);
  ids[2] = add_ticket (f->store, "GD202607030003", "5栋 电梯", "电梯异响，像金属摩擦", "13955556666", 7000);
  ids[3] = add_ticket (f->store, "GD202607030004", "1栋101", "门禁卡失灵", "13600000000", 8000);
  kefu_test_store_exec (f->store,
      "INSERT INTO owners (name, phone, preferred_channel, created_at) VALUES ('王伟', '139-5555 6666', 'phone', 1);"
      "UPDATE tickets SET owner_id = last_insert_rowid(), contact_name = '王先生' WHERE contact_phone = '13955556666';"
      "UPDATE tickets SET location = CAST (x'33e6a0' AS TEXT) WHERE number = 'GD202607030004';"
      "INSERT INTO ticket_events (ticket_id, at, kind, body) VALUES "
      "  (2, 900, 'note', '最后的备注'), (2, 100, 'call', '已致电业主'), (2, 500, 'note', '中间的备注'),"
      "  (2, 100, 'note', '同一时刻'), (2, 200, 'status', '不入索引'), (3, 300, 'note', ''),"
      "  (1, 50, 'note', '已致电业主'), (4, 10, 'link', '重复报告：GD202607010001');");
  for (gint64 id = 1; id <= ids[3]; id++)
    {
      g_assert_true (kefu_search_index_ticket (f->store, id, &error));
      g_assert_no_error (error);
    }
  one_by_one = index_rows (f->store);
  g_test_message ("%s", one_by_one);
  g_assert_nonnull (strstr (one_by_one, "中间 间的 的备 备注 注 最后"));
  g_assert_true (kefu_search_rebuild (f->store, &error));
  g_assert_no_error (error);
  rebuilt = index_rows (f->store);
  g_assert_cmpstr (rebuilt, ==, one_by_one);
  ASSERT_FINDS ("中间的备注", "0002");
  ASSERT_FINDS ("王伟", "0003 0002");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/search/tokens", test_tokens);
  g_test_add_func ("/core/search/match-expression", test_match_expr);
  g_test_add_func ("/core/search/phone-tokens", test_phone_tokens);
#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)
  ADD ("/core/search/chinese", test_chinese);
  ADD ("/core/search/digits", test_digits);
  ADD ("/core/search/mixed", test_mixed);
  ADD ("/core/search/notes", test_note_is_searchable);
  ADD ("/core/search/rebuilt-after-migration", test_index_rebuilt_after_migration);
  ADD ("/core/search/creation-order", test_creation_order);
  ADD ("/core/search/first-page-many-and-few-hits", test_first_page_many_and_few_hits);
  ADD ("/core/search/first-page-walked", test_first_page_walked);
  ADD ("/core/search/order-mark-inserts", test_order_mark_inserts);
  ADD ("/core/search/order-mark-updates", test_order_mark_updates);
  ADD ("/core/search/order-mark-bulk-load", test_order_mark_bulk_load);
  ADD ("/core/search/agent-desk-phones", test_agent_desk_phones);
  g_test_add ("/core/search/rebuild-same-rows", Fixture, &kefu_test_on_file, fixture_setup, test_rebuild_same_rows,
              fixture_teardown);
#undef ADD
  return g_test_run ();
}
