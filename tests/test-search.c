/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-search.c — two-character Chinese, digits and mixed queries */
#include "config.h"

#include "kefu-desk.h"
#include "kefu-search.h"
#include "kefu-store.h"
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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/search/tokens", test_tokens);
  g_test_add_func ("/core/search/match-expression", test_match_expr);
#define ADD(path, func) KEFU_TEST_ADD_ENGINES (path, Fixture, fixture_setup, func, fixture_teardown)
  ADD ("/core/search/chinese", test_chinese);
  ADD ("/core/search/digits", test_digits);
  ADD ("/core/search/mixed", test_mixed);
  ADD ("/core/search/notes", test_note_is_searchable);
  ADD ("/core/search/rebuilt-after-migration", test_index_rebuilt_after_migration);
  ADD ("/core/search/creation-order", test_creation_order);
#undef ADD
  return g_test_run ();
}
