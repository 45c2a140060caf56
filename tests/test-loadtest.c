/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-loadtest.c — kefu-cli loadtest, tiny, on the test cluster (#20):
 * two desks for a few seconds, every acknowledged write found at the end,
 * and the final check finding a write that was taken away behind its back
 */
#include "config.h"

#include <locale.h>

#include "kefu-demo.h"
#include "kefu-loadtest.h"
#include "kefu-test-engines.h"

static void
fill_sample (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { 150, 11, TEST_NOW, NULL };

  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Runs @sql as the cluster's superuser on the database of @spec, with
 * every trigger and foreign key off (session_replication_role): what a
 * lost write would leave, made by hand */
static void
behind_its_back (const char *spec,
                 const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) pg = kefu_engine_connect_pg (spec, &error);
  g_autofree char *script = g_strdup_printf ("SET session_replication_role = replica; %s", sql);

  g_assert_no_error (error);
  g_assert_true (kefu_engine_exec (pg, script, &error));
  g_assert_no_error (error);
}

static void
test_tiny (gconstpointer data)
{
  KefuTestDir dir = { NULL };
  g_autofree char *spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuLoadtestReport) report = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  KefuLoadtestOptions options = { 2, 4, 200, 3 };
  const KefuLoadAck *victim = NULL;
  GArray *acks;
  guint writes = 0, failed = 0;

  kefu_test_dir_setup (&dir, data);
  {
    KefuStore *store = kefu_test_engine_open (&dir, data, fill_sample, &spec);
    g_object_unref (store);
  }

  report = kefu_loadtest_run (spec, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  for (KefuLoadAction a = 0; a < KEFU_LOAD_N_ACTIONS; a++)
    {
      guint f = 0;
      guint n = kefu_loadtest_report_count (report, a, &f);
      if (a == KEFU_LOAD_INTAKE || a == KEFU_LOAD_MOVE || a == KEFU_LOAD_FOLLOW_UP)
        writes += n - f;
      failed += f;
    }
  text = kefu_loadtest_format (report, 0);
  g_test_message ("%s", text);
  g_assert_cmpuint (failed, ==, 0);
  acks = kefu_loadtest_report_get_acks (report);
  g_assert_cmpuint (acks->len, >, 0);
  g_assert_cmpuint (acks->len, <=, writes);

  /* every acknowledged write is there, read from a new connection */
  g_assert_cmpint (kefu_loadtest_verify (spec, report, &missing, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (missing->len, ==, 0);
  g_clear_pointer (&missing, g_ptr_array_unref);

  /* one of them lost (its timeline event taken away by hand): the check
   * finds exactly that one, by its ticket */
  victim = &g_array_index (acks, KefuLoadAck, acks->len / 2);
  g_assert_cmpint (victim->event_id, >, 0);
  sql = g_strdup_printf ("DELETE FROM ticket_events WHERE id = %" G_GINT64_FORMAT, victim->event_id);
  behind_its_back (spec, sql);
  g_assert_cmpint (kefu_loadtest_verify (spec, report, &missing, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (missing->len, ==, 1);
  expected = g_strdup_printf ("ticket %" G_GINT64_FORMAT ":", victim->ticket_id);
  g_assert_nonnull (strstr (missing->pdata[0], expected));
  g_clear_pointer (&missing, g_ptr_array_unref);

  /* and a ticket taken away whole: its writes are missing too */
  g_clear_pointer (&sql, g_free);
  victim = &g_array_index (acks, KefuLoadAck, 0);
  sql = g_strdup_printf ("DELETE FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT "; "
                         "DELETE FROM tickets WHERE id = %" G_GINT64_FORMAT, victim->ticket_id, victim->ticket_id);
  behind_its_back (spec, sql);
  g_assert_cmpint (kefu_loadtest_verify (spec, report, &missing, &error), >=, 2);
  g_assert_no_error (error);

  kefu_test_engine_close (data, &spec);
  kefu_test_dir_teardown (&dir, data);
}

static void
test_cli_refuses_a_file (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = kefu_test_run_cli (NULL, NULL, &out, &err, "loadtest", "--desks", "2", "--minutes", "0.1",
                                  "--db", "/tmp/not-a-server.db", NULL);

  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "PostgreSQL server"));
  g_assert_false (g_file_test ("/tmp/not-a-server.db", G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("KEFU_TEST_PG") != NULL && *g_getenv ("KEFU_TEST_PG") != '\0')
    g_test_add_data_func ("/pg/loadtest/tiny", &kefu_test_on_server, test_tiny);
  else
    g_test_add_data_func ("/pg/loadtest/tiny", NULL, kefu_test_pg_skip);
  g_test_add_func ("/loadtest/cli-refuses-a-file", test_cli_refuses_a_file);
  return g_test_run ();
}
