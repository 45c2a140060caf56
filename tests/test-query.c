/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-query.c — the store's query layer (kefu-query.h): parameters,
 * running to the end, errors a caller can act on, transactions and
 * savepoints, statements run per id, lists to pick from */
#include "config.h"

#include "kefu-choice.h"
#include "kefu-query.h"
#include "kefu-store-private.h"
#include "kefu-test-util.h"
#include "kefu-training-private.h"

/* A store with a small table of its own: names unique, amounts not negative. */
static KefuStore *
open_with_table (KefuTestDir *f)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autoptr(GError) error = NULL;
  KefuStore *store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (kefu_store_exec (store,
                                  "CREATE TABLE IF NOT EXISTS q_items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                                  "amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0), note TEXT)", &error));
  g_assert_no_error (error);
  return store;
}

static gint64
add_item (KefuStore  *store,
          const char *name,
          gint64      amount,
          GError    **error)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "INSERT INTO q_items (name, amount) VALUES (?1, ?2)", error);

  if (q == NULL)
    return 0;
  kefu_query_bind_text (q, 1, name);
  kefu_query_bind_int (q, 2, amount);
  return kefu_query_run (store, q, error) ? kefu_query_last_id (store) : 0;
}

static gint64
count_items (KefuStore  *store,
             const char *where)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM q_items WHERE %s", where);
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (kefu_query_step (store, q, &error), ==, KEFU_QUERY_ROW);
  g_assert_no_error (error);
  return kefu_query_get_int (q, 0);
}

static void
test_numbered_parameters (KefuTestDir   *f,
                          gconstpointer  data)
{
  g_autoptr(KefuStore) store = open_with_table (f);
  g_autoptr(GError) error = NULL;
  KefuQueryStep rc;
  guint rows = 0;

  g_assert_cmpint (add_item (store, "扳手", 3, &error), >, 0);
  g_assert_cmpint (add_item (store, "钳子", 5, &error), >, 0);
  g_assert_cmpint (add_item (store, "胶带", 8, &error), >, 0);
  g_assert_no_error (error);

  {
    /* ?1 used twice is one value; ?2 another; NULL and "" as the helpers say */
    KEFU_AUTO_QUERY *q = kefu_query_prepare (store,
        "SELECT name, amount * ?1, ?1, ?2 IS NULL, ?3 IS NULL, ?4 IS NULL, ?5 FROM q_items "
        "WHERE amount >= ?1 ORDER BY amount", &error);
    g_assert_no_error (error);
    kefu_query_bind_int (q, 1, 5);
    kefu_query_bind_text_or_null (q, 2, "");
    kefu_query_bind_id (q, 3, 0);
    kefu_query_bind_text (q, 4, "");
    kefu_query_bind_double (q, 5, 2.5);
    while ((rc = kefu_query_step (store, q, &error)) == KEFU_QUERY_ROW)
      {
        const char *expect[] = { "钳子", "胶带" };
        const gint64 times[] = { 25, 40 };

        g_assert_cmpuint (rows, <, 2);
        g_assert_cmpstr (kefu_query_get_text (q, 0), ==, expect[rows]);
        g_assert_cmpint (kefu_query_get_int (q, 1), ==, times[rows]);
        g_assert_cmpint (kefu_query_get_int (q, 2), ==, 5);
        g_assert_cmpint (kefu_query_get_int (q, 3), ==, 1);
        g_assert_cmpint (kefu_query_get_int (q, 4), ==, 1);
        g_assert_cmpint (kefu_query_get_int (q, 5), ==, 0);
        g_assert_cmpfloat (kefu_query_get_double (q, 6), ==, 2.5);
        rows++;
      }
    g_assert_cmpint (rc, ==, KEFU_QUERY_DONE);
    g_assert_no_error (error);
    g_assert_cmpuint (rows, ==, 2);
  }

  {
    /* the same text prepared again is clean: no binding left over */
    KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT ?1 IS NULL, note FROM q_items WHERE id = 1", &error);
    g_assert_no_error (error);
    g_assert_cmpint (kefu_query_step (store, q, &error), ==, KEFU_QUERY_ROW);
    g_assert_cmpint (kefu_query_get_int (q, 0), ==, 1);
    g_assert_true (kefu_query_is_null (q, 1));
    g_assert_null (kefu_query_get_text (q, 1));
  }
}

/* A bare `?` (which PostgreSQL would not know how to number) is refused
 * loudly, before SQLite sees it; inside quotes it is text. */
static void
test_bare_parameter_refused (KefuTestDir   *f,
                             gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(KefuStore) store = open_with_table (f);
      g_autoptr(GError) error = NULL;

      {
        KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT '?', name FROM q_items WHERE id = ?1", &error);
        g_assert_no_error (error);
        g_assert_nonnull (q);
      }
      /* the critical is told, not fatal here, so the test folder is removed */
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      g_assert_null (kefu_query_prepare (store, "SELECT name FROM q_items WHERE id = ?", &error));
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*parameters are numbered*WHERE id = ?*");
}

static void
test_run_until_done (KefuTestDir   *f,
                     gconstpointer  data)
{
  g_autoptr(KefuStore) store = open_with_table (f);
  g_autoptr(GError) error = NULL;

  for (int i = 1; i <= 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("item %d", i);
      g_assert_cmpint (add_item (store, name, i, &error), ==, i);
    }

  {
    /* an UPDATE … RETURNING gives rows: run passes over them all, so every
     * row is changed; the query is reset with its bindings kept, and runs
     * again */
    KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "UPDATE q_items SET amount = amount + ?1 RETURNING id", &error);
    g_assert_no_error (error);
    kefu_query_bind_int (q, 1, 10);
    g_assert_true (kefu_query_run (store, q, &error));
    g_assert_true (kefu_query_run (store, q, &error));
    g_assert_no_error (error);
    g_assert_cmpint (kefu_query_changes (store), ==, 3);
    g_assert_cmpint (count_items (store, "amount = id + 20"), ==, 3);
  }

  {
    /* a statement failing on its third row fails the run, naming what it
     * read, and the cached query is usable again afterwards */
    const char *sql = "SELECT CASE WHEN id = ?1 THEN abs(-9223372036854775807 - 1) ELSE id END FROM q_items ORDER BY id";
    KEFU_AUTO_QUERY *q = kefu_query_prepare (store, sql, &error);
    g_assert_no_error (error);
    kefu_query_bind_int (q, 1, 3);
    g_assert_false (kefu_query_run (store, q, &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL);
    g_assert_true (g_str_has_prefix (error->message, "Could not read “q_items”: "));
    g_assert_nonnull (strstr (error->message, "integer overflow"));
    g_clear_error (&error);
    kefu_query_bind_int (q, 1, 0);
    g_assert_true (kefu_query_run (store, q, &error));
    g_assert_no_error (error);
  }

  /* a CHECK constraint: refused as invalid, naming the table written */
  g_assert_cmpint (add_item (store, "negative", -1, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Could not add to “q_items”: "));
  g_clear_error (&error);
  g_assert_cmpint (count_items (store, "1"), ==, 3);

  /* UPDATE OR … names its table too */
  g_assert_false (kefu_query_exec (store, "UPDATE OR ABORT q_items SET amount = -?1 WHERE id = ?2", 1, 2, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Could not change “q_items”: "));
}

static void
test_unique_is_conflict (KefuTestDir   *f,
                         gconstpointer  data)
{
  g_autoptr(KefuStore) store = open_with_table (f);
  g_autoptr(GError) error = NULL;
  gint64 id = add_item (store, "扳手", 1, &error);

  g_assert_no_error (error);
  g_assert_cmpint (add_item (store, "扳手", 2, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
  g_assert_true (g_str_has_prefix (error->message, "Could not add to “q_items”: "));
  g_clear_error (&error);

  /* a primary key taken is a conflict as well */
  g_assert_false (kefu_query_exec (store, "INSERT INTO q_items (id, name) VALUES (?1, 'other')", id, 0, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (count_items (store, "1"), ==, 1);
  g_assert_cmpint (count_items (store, "amount = 1"), ==, 1);
}

/* Another program holds the write lock: a write waits the busy timeout,
 * then fails with RETRY, nothing written; once the lock is free, the same
 * write succeeds. A transaction takes the lock at BEGIN, before its first
 * write (BEGIN IMMEDIATE). */
static void
test_busy_is_retry (KefuTestDir   *f,
                    gconstpointer  data)
{
  g_autoptr(KefuStore) store = open_with_table (f);
  g_autoptr(KefuStore) other = kefu_store_open (kefu_store_get_path (store), KEFU_STORE_OPEN_DEFAULT, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuTransaction) holder = NULL;

  g_assert_nonnull (other);
  kefu_store_set_busy_timeout (store, 50);
  kefu_store_set_busy_timeout (other, 50);

  /* BEGIN only: the other connection has written nothing yet */
  holder = kefu_transaction_begin (other, &error);
  g_assert_no_error (error);
  g_assert_nonnull (holder);

  g_assert_cmpint (add_item (store, "扳手", 1, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_RETRY);
  g_assert_true (g_str_has_prefix (error->message, "Could not add to “q_items”: "));
  g_clear_error (&error);

  {
    g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, &error);
    g_assert_null (tx);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_RETRY);
    g_clear_error (&error);
    g_assert_false (kefu_store_in_transaction (store));
  }

  /* the holder writes and commits: the same work now goes through */
  g_assert_cmpint (add_item (other, "钳子", 2, &error), >, 0);
  g_assert_true (kefu_transaction_commit (holder, &error));
  g_assert_no_error (error);
  g_assert_cmpint (add_item (store, "扳手", 1, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count_items (store, "1"), ==, 2);
}

static void
test_savepoint_inside_transaction (KefuTestDir   *f,
                                   gconstpointer  data)
{
  g_autoptr(KefuStore) store = open_with_table (f);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, &error);

    g_assert_nonnull (tx);
    g_assert_true (kefu_store_in_transaction (store));
    g_assert_cmpint (add_item (store, "outer before", 1, &error), >, 0);
    {
      /* a savepoint that fails half way: its own writes go, the outer's stay */
      g_autoptr(KefuTransaction) inner = kefu_transaction_begin (store, &error);
      g_assert_nonnull (inner);
      g_assert_cmpint (add_item (store, "inner lost", 2, &error), >, 0);
      g_assert_cmpint (add_item (store, "outer before", 3, &error), ==, 0);
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CONFLICT);
      g_clear_error (&error);
    }
    g_assert_true (kefu_store_in_transaction (store));
    {
      /* one that commits: released into the outer transaction */
      g_autoptr(KefuTransaction) inner = kefu_transaction_begin (store, &error);
      g_assert_cmpint (add_item (store, "inner kept", 4, &error), >, 0);
      g_assert_true (kefu_transaction_commit (inner, &error));
    }
    g_assert_cmpint (add_item (store, "outer after", 5, &error), >, 0);
    g_assert_true (kefu_transaction_commit (tx, &error));
    g_assert_no_error (error);
  }
  g_assert_false (kefu_store_in_transaction (store));
  g_assert_cmpint (kefu_test_scalar (kefu_store_get_path (store), "SELECT count(*) FROM q_items"), ==, 3);
  g_assert_cmpint (kefu_test_scalar (kefu_store_get_path (store),
                                     "SELECT count(*) FROM q_items WHERE name IN ('outer before', 'inner kept', 'outer after')"), ==, 3);

  {
    /* the outer one not committed: everything in it goes, savepoints too */
    g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, &error);
    g_autoptr(KefuTransaction) inner = NULL;

    g_assert_cmpint (add_item (store, "gone 1", 1, &error), >, 0);
    inner = kefu_transaction_begin (store, &error);
    g_assert_cmpint (add_item (store, "gone 2", 1, &error), >, 0);
    g_assert_true (kefu_transaction_commit (inner, &error));
  }
  g_assert_false (kefu_store_in_transaction (store));
  g_assert_cmpint (count_items (store, "name LIKE 'gone%'"), ==, 0);

  /* kefu_store_finish: commits when told so, rolls back otherwise */
  g_assert_true (kefu_store_begin (store, &error));
  g_assert_cmpint (add_item (store, "finished", 1, &error), >, 0);
  g_assert_false (kefu_store_finish (store, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_store_begin (store, &error));
  g_assert_cmpint (add_item (store, "finished", 1, &error), >, 0);
  g_assert_true (kefu_store_finish (store, TRUE, &error));
  g_assert_cmpint (kefu_test_scalar (kefu_store_get_path (store), "SELECT count(*) FROM q_items WHERE name = 'finished'"), ==, 1);
}

static void
test_run_with_ids (KefuTestDir   *f,
                   gconstpointer  data)
{
  g_autoptr(KefuStore) store = open_with_table (f);
  g_autoptr(GError) error = NULL;
  gint64 ids[5];
  const gint64 some[] = { 0, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("item %u", i);
      ids[i] = add_item (store, name, 1, &error);
      g_assert_cmpint (ids[i], >, 0);
    }

  /* once per id, ?1 = the id: the second and fourth rows only */
  {
    gint64 picked[] = { ids[1], ids[3] };
    g_assert_true (kefu_query_run_with_ids (store, "UPDATE q_items SET amount = amount + 10 WHERE id = ?1",
                                            picked, G_N_ELEMENTS (picked), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (count_items (store, "amount = 11"), ==, 2);
  g_assert_cmpint (kefu_test_scalar (kefu_store_get_path (store), "SELECT group_concat(name, ',') = 'item 1,item 3' "
                                     "FROM (SELECT name FROM q_items WHERE amount = 11 ORDER BY id)"), ==, 1);
  /* none: nothing runs */
  g_assert_true (kefu_query_run_with_ids (store, "DELETE FROM q_items WHERE id = ?1", some, 0, &error));
  g_assert_cmpint (count_items (store, "1"), ==, 5);

  /* in a transaction, the first failure stops it and the rollback undoes
   * the ids before it */
  {
    g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, &error);
    gint64 picked[] = { ids[0], ids[2], ids[4] };

    g_assert_nonnull (tx);
    g_assert_true (kefu_query_exec (store, "UPDATE q_items SET amount = 0 WHERE id = ?1", ids[2], 0, &error));
    g_assert_false (kefu_query_run_with_ids (store, "UPDATE q_items SET amount = amount - 1 WHERE id = ?1",
                                             picked, G_N_ELEMENTS (picked), &error));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpint (count_items (store, "amount = 1"), ==, 3);

  /* ?1 and ?2 at once */
  g_assert_true (kefu_query_exec (store, "UPDATE q_items SET amount = ?2 WHERE id = ?1", ids[4], 7, &error));
  g_assert_cmpint (count_items (store, "amount = 7"), ==, 1);
  g_assert_true (kefu_query_exec (store, "DELETE FROM q_items WHERE id = ?1", ids[4], 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_items (store, "1"), ==, 4);
}

static void
test_list_choices (KefuTestDir   *f,
                   gconstpointer  data)
{
  g_autoptr(KefuStore) store = open_with_table (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) list = NULL;
  g_autoptr(KefuChoice) second = NULL;

  add_item (store, "扳手", 3, &error);
  add_item (store, "钳子", 5, &error);
  add_item (store, "胶带", 8, &error);
  g_assert_no_error (error);

  list = kefu_query_list_choices (store, "SELECT id, name, 'amount ' || amount FROM q_items WHERE amount > ?1 ORDER BY amount DESC",
                                  4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  second = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_cmpint (kefu_choice_get_id (second), ==, 2);
  g_assert_cmpstr (kefu_choice_get_name (second), ==, "钳子");
  g_assert_cmpstr (kefu_choice_get_detail (second), ==, "amount 5");
  g_clear_object (&list);
  g_clear_object (&second);

  /* two columns, no parameter: no detail */
  list = kefu_query_list_choices (store, "SELECT id, name FROM q_items ORDER BY id", 0, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  second = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_null (kefu_choice_get_detail (second));
  g_clear_object (&list);

  /* a failure is an error, not a short list */
  list = kefu_query_list_choices (store, "SELECT id, abs(-9223372036854775807 - 1) FROM q_items", 0, &error);
  g_assert_null (list);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL);
}

/* A read snapshot takes no write lock: another connection writes
 * meanwhile, and the snapshot keeps seeing the data as it was. */
static void
test_read_snapshot (KefuTestDir   *f,
                    gconstpointer  data)
{
  g_autoptr(KefuStore) store = open_with_table (f);
  g_autoptr(KefuStore) other = kefu_store_open (kefu_store_get_path (store), KEFU_STORE_OPEN_DEFAULT, NULL);
  g_autoptr(GError) error = NULL;

  kefu_store_set_busy_timeout (other, 50);
  g_assert_cmpint (add_item (store, "扳手", 1, &error), >, 0);
  g_assert_true (kefu_store_begin_read (store, &error));
  g_assert_cmpint (count_items (store, "1"), ==, 1);

  g_assert_cmpint (add_item (other, "钳子", 2, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count_items (store, "1"), ==, 1);
  g_assert_true (kefu_store_in_transaction (store));

  kefu_store_end_read (store);
  g_assert_false (kefu_store_in_transaction (store));
  g_assert_cmpint (count_items (store, "1"), ==, 2);
}

/* A training write started alone (kefu_training_savepoint) takes the write
 * lock at its start: another program's write meanwhile waits (RETRY here),
 * and the training write after its own read goes through. A deferred
 * start (a top-level SAVEPOINT) let the other program commit in between,
 * and the write after the read then failed at once (SQLITE_BUSY_SNAPSHOT). */
static void
test_training_write_alone (KefuTestDir   *f,
                           gconstpointer  data)
{
  g_autoptr(KefuStore) store = open_with_table (f);
  g_autoptr(KefuStore) other = kefu_store_open (kefu_store_get_path (store), KEFU_STORE_OPEN_DEFAULT, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (other);
  kefu_store_set_busy_timeout (store, 50);
  kefu_store_set_busy_timeout (other, 50);

  g_assert_true (kefu_training_savepoint (store, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_store_in_transaction (store));
  g_assert_cmpint (count_items (store, "1"), ==, 0);

  g_assert_cmpint (add_item (other, "钳子", 2, &error), ==, 0);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_RETRY);
  g_clear_error (&error);

  g_assert_cmpint (add_item (store, "扳手", 1, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (kefu_training_release (store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (kefu_store_in_transaction (store));
  g_assert_cmpint (count_items (other, "name = '扳手'"), ==, 1);

  /* nested in a caller's transaction, a failed part rolls back alone */
  g_assert_true (kefu_training_savepoint (store, &error));
  g_assert_cmpint (add_item (store, "锤子", 1, &error), >, 0);
  g_assert_true (kefu_training_savepoint (store, &error));
  g_assert_cmpint (add_item (store, "螺丝刀", 1, &error), >, 0);
  g_assert_false (kefu_training_release (store, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_training_release (store, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_items (other, "name = '锤子'"), ==, 1);
  g_assert_cmpint (count_items (other, "name = '螺丝刀'"), ==, 0);
}


/* One row or none: the row to read, the caller's "no longer exists", or
 * the step's own error; kefu_transaction_end commits when ok and otherwise
 * rolls back at once (before the transaction is freed). */
static void
test_step_one_and_end (KefuTestDir   *f,
                       gconstpointer  data)
{
  g_autoptr(KefuStore) store = open_with_table (f);
  g_autoptr(GError) error = NULL;
  gint64 id = add_item (store, "扳手", 3, &error);

  g_assert_no_error (error);
  {
    KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT name, amount FROM q_items WHERE id = ?1", &error);

    g_assert_no_error (error);
    kefu_query_bind_int (q, 1, id);
    g_assert_true (kefu_query_step_one (store, q, &error, KEFU_STORE_ERROR_NOT_FOUND, "Item %lld is gone.", (long long) id));
    g_assert_no_error (error);
    g_assert_cmpstr (kefu_query_get_text (q, 0), ==, "扳手");
    g_assert_cmpint (kefu_query_get_int (q, 1), ==, 3);
    g_assert_cmpint (kefu_query_column_count (q), ==, 2);

    kefu_query_reset (q);
    kefu_query_bind_int (q, 1, id + 1);
    g_assert_false (kefu_query_step_one (store, q, &error, KEFU_STORE_ERROR_NOT_FOUND, "Item %lld is gone.", (long long) id + 1));
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND);
    {
      g_autofree char *expected = g_strdup_printf ("Item %lld is gone.", (long long) id + 1);

      g_assert_cmpstr (error->message, ==, expected);
    }
    g_clear_error (&error);
  }
  {
    /* a failing step keeps its own error, not the "missing" one */
    KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT abs(-9223372036854775807 - ?1)", &error);

    g_assert_no_error (error);
    kefu_query_bind_int (q, 1, 1);
    g_assert_false (kefu_query_step_one (store, q, &error, KEFU_STORE_ERROR_NOT_FOUND, "missing"));
    g_assert_nonnull (error);
    g_assert_false (g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND));
    g_clear_error (&error);
  }
  {
    g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, &error);

    g_assert_no_error (error);
    g_assert_cmpint (add_item (store, "钳子", 1, &error), >, 0);
    g_assert_false (kefu_transaction_end (tx, FALSE, &error));
    g_assert_no_error (error);
    /* rolled back already, while tx still lives */
    g_assert_false (kefu_store_in_transaction (store));
    g_assert_cmpint (count_items (store, "name = '钳子'"), ==, 0);
  }
  {
    g_autoptr(KefuTransaction) tx = kefu_transaction_begin (store, &error);

    g_assert_no_error (error);
    g_assert_cmpint (add_item (store, "锤子", 2, &error), >, 0);
    g_assert_true (kefu_transaction_end (tx, TRUE, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (count_items (store, "name = '锤子'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  KEFU_TEST_ADD ("/core/query/numbered-parameters", test_numbered_parameters);
  KEFU_TEST_ADD ("/core/query/bare-parameter-refused", test_bare_parameter_refused);
  KEFU_TEST_ADD ("/core/query/run-until-done", test_run_until_done);
  KEFU_TEST_ADD ("/core/query/unique-is-conflict", test_unique_is_conflict);
  KEFU_TEST_ADD ("/core/query/busy-is-retry", test_busy_is_retry);
  KEFU_TEST_ADD ("/core/query/savepoint-inside-transaction", test_savepoint_inside_transaction);
  KEFU_TEST_ADD ("/core/query/read-snapshot", test_read_snapshot);
  KEFU_TEST_ADD ("/core/query/run-with-ids", test_run_with_ids);
  KEFU_TEST_ADD ("/core/query/list-choices", test_list_choices);
  KEFU_TEST_ADD ("/core/query/training-write-alone", test_training_write_alone);
  KEFU_TEST_ADD ("/core/query/step-one-and-transaction-end", test_step_one_and_end);

  return g_test_run ();
}
