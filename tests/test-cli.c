/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c — kefu-cli as a user runs it */
#include "config.h"

#include <gio/gio.h>
#include <cairo.h>
#include <json-glib/json-glib.h>

#include "kefu-questions.h"
#include "kefu-sla.h"
#include "kefu-store.h"
#include "kefu-test-mock.h"
#include "kefu-test-util.h"

/* The sample's PIN, and the administrator's password of the databases
 * the tests create with init --admin. */
#define PIN "1234\n"
#define ADMIN_PASSWORD "客服台管理员的长密码\n"

/* kefu-cli with @input typed in, at @when by the system's clock (NULL: now) */
#define run_cli_at kefu_test_run_cli

/* kefu-cli now, with nothing typed in; with lines typed in (the PINs it asks for) */
#define run_cli(out, err, ...) run_cli_at (NULL, NULL, out, err, __VA_ARGS__)
#define run_cli_in(input, out, err, ...) run_cli_at (NULL, input, out, err, __VA_ARGS__)

/* A new database with its administrator "boss" (ADMIN_PASSWORD). */
static void
init_admin (const char *path)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &out, &err, "--db", path, "init", "--admin", "boss", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Administrator “boss” created."));
}

static void
test_init_demo_then_check (KefuTestDir   *f,
                           gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;

  g_assert_cmpint (run_cli (&out, &err, "--db", path, "init", "--demo", "500", "--seed", "3", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "500"));
  /* the sample's documented PIN; nothing was asked */
  g_assert_nonnull (strstr (out, "signs in with the PIN 1234"));
  g_assert_cmpint (run_cli (&out2, &err2, "--db", path, "check", NULL), ==, 0);
  {
    g_autofree char *version = g_strdup_printf ("Schema version: %d\n", KEFU_SCHEMA_VERSION);
    g_assert_nonnull (strstr (out2, version));
  }
  g_assert_true (g_regex_match_simple ("tickets\\s+500\\n", out2, 0, 0));
  g_assert_true (g_regex_match_simple ("owners\\s+2000\\n", out2, 0, 0));
  g_assert_nonnull (strstr (out2, "ok"));

  /* A second --demo refuses to mix into existing data. */
  g_assert_cmpint (run_cli (&out3, &err3, "--db", path, "init", "--demo", NULL), ==, 1);
  g_assert_nonnull (strstr (err3, "already has data"));
}

static void
test_search (KefuTestDir   *f,
             gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 count;

  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "init", "--demo", "800", NULL), ==, 0);
  g_assert_cmpint (run_cli_in (PIN, &o2, &e2, "--db", path, "--as", "chenjing", "search", "漏水", "--count", NULL), ==, 0);
  g_assert_true (g_ascii_string_to_unsigned (g_strstrip (o2), 10, 1, 800, &count, NULL));
  /* the count (the search index's own on this file, #21) is the whole
   * list's length */
  {
    g_autofree char *o = NULL, *e = NULL;
    g_auto(GStrv) all = NULL;

    g_assert_cmpint (run_cli_in (PIN, &o, &e, "--db", path, "--as", "chenjing", "search", "漏水", "--limit", "1000", NULL),
                     ==, 0);
    all = g_strsplit (g_strstrip (o), "\n", -1);
    g_assert_cmpuint (g_strv_length (all), ==, count);
  }

  g_assert_cmpint (run_cli_in (PIN, &o3, &e3, "--db", path, "--as", "chenjing", "search", "漏水", "--limit", "5", NULL), ==, 0);
  lines = g_strsplit (g_strstrip (o3), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, MIN (5, count));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (cols), ==, 4);
      g_assert_true (g_str_has_prefix (cols[0], "GD"));
      g_assert_nonnull (strstr (cols[3], "漏水"));
      /* newest first: numbers carry the date and the day's sequence */
      if (i > 0)
        {
          g_auto(GStrv) prev = g_strsplit (lines[i - 1], "\t", -1);
          g_assert_cmpstr (prev[0], >, cols[0]);
        }
    }
}

/* The CLI: import holiday-cn's file, show the year, compute a due moment. */
static void
test_calendar_and_sla_due (KefuTestDir   *f,
                           gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *json = g_test_build_filename (G_TEST_DIST, "data", "2025.json", NULL);
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;

  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  init_admin (path);
  /* a change: refused without --as, and nothing imported */
  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "calendar", "import", json, "--name", "工作日",
                            "--hours", "Mon-Fri 08:30-12:00,13:30-18:00", NULL), ==, 1);
  g_assert_nonnull (strstr (e1, "--as LOGIN"));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM calendar_days"), ==, 0);
  g_clear_pointer (&o1, g_free);
  g_clear_pointer (&e1, g_free);
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o1, &e1, "--db", path, "--as", "boss", "calendar", "import", json,
                               "--name", "工作日", "--hours", "Mon-Fri 08:30-12:00,13:30-18:00", NULL), ==, 0);
  g_assert_cmpint (run_cli (&o2, &e2, "--db", path, "calendar", "show", "工作日", "--year", "2025", NULL), ==, 0);
  g_assert_nonnull (strstr (o2, "2025-01-26  make-up working day  春节"));
  g_assert_nonnull (strstr (o2, "2025-02-04  day off  春节"));
  g_assert_cmpint (run_cli (&o3, &e3, "--db", path, "sla", "due", "--calendar", "工作日",
                            "--start", "2025-01-24 17:55", "--minutes", "60", NULL), ==, 0);
  g_assert_cmpstr (o3, ==, "2025-01-26 09:25\n");
  g_assert_cmpint (run_cli (&o4, &e4, "--db", path, "sla", "due", "--calendar", "工作日",
                            "--start", "2025-02-30 10:00", "--minutes", "60", NULL), ==, 2);
  g_assert_nonnull (strstr (e4, "2025-02-30"));
}

/* The 130-byte ICS spanning 1900–9999 is refused (exit 1), stores
 * nothing, and sla due afterwards says what is wrong: never "(null)" nor a
 * GLib-CRITICAL, also for a calendar without that much working time. */
static void
test_calendar_refused_then_sla_due (KefuTestDir   *f,
                                    gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *ics = kefu_test_path (f, "huge.ics");
  g_autofree char *json = g_test_build_filename (G_TEST_DIST, "data", "2025.json", NULL);
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autofree char *max_minutes = g_strdup_printf ("%d", 10 * 366 * 24 * 60);

  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_assert_true (g_file_set_contents (ics, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:19000101\r\n"
                                           "DTEND;VALUE=DATE:99991231\r\nSUMMARY:休\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
                                      -1, NULL));
  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "calendar", "import", ics, "--name", "节假日", NULL), ==, 1);
  g_assert_nonnull (strstr (e1, "line 3, DTSTART: the year 1900 is outside the years a calendar holds (2000–2100)"));
  /* refused before the database was even opened */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  init_admin (path);

  g_assert_cmpint (run_cli (&o2, &e2, "--db", path, "sla", "due", "--calendar", "节假日",
                            "--start", "2025-01-24 17:55", "--minutes", "60", NULL), ==, 1);
  g_assert_nonnull (strstr (e2, "节假日"));
  g_assert_cmpstr (o2, ==, "");

  /* ten years of minutes do not fit in ten years of working days */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o3, &e3, "--db", path, "--as", "boss", "calendar", "import", json, "--name", "节假日", NULL), ==, 0);
  g_assert_cmpint (run_cli (&o4, &e4, "--db", path, "sla", "due", "--calendar", "节假日",
                            "--start", "2025-01-24 17:55", "--minutes", max_minutes, NULL), ==, 1);
  g_assert_cmpstr (o4, ==, "");
  g_assert_cmpstr (e4, ==, "sla: the calendar “节假日” has not that much working time in the ten years after 2025-01-24 17:55.\n");
  for (guint i = 0; i < 2; i++)
    {
      const char *out = i ? o4 : o2, *err = i ? e4 : e2;
      g_assert_null (strstr (out, "(null)"));
      g_assert_null (strstr (err, "CRITICAL"));
    }
}

/* Exit status of every import: 0 all taken, 1 nothing taken, 3 some rows
 * or questions skipped; the per-row report is printed either way. */
static void
test_import_exit_status (KefuTestDir   *f,
                         gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *bad = kefu_test_path (f, "bad.csv");
  g_autofree char *empty = kefu_test_path (f, "empty.csv");
  g_autofree char *owners = kefu_test_path (f, "owners.csv");
  g_autofree char *questions = kefu_test_path (f, "questions.csv");
  g_autofree char *comments = kefu_test_path (f, "comments.gift");
  g_autofree char *mac = kefu_test_path (f, "mac.gift");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autofree char *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL, *o7 = NULL, *e7 = NULL;

  g_assert_true (g_file_set_contents (bad, "number,created_at,channel,kind,location,description,status\n"
                                           "GD1,1900-01-01 09:30,phone,repair,3栋502,漏水,new\n"
                                           "GD\x07" "2,2025-06-01 09:30,phone,repair,3栋502,漏水,closed\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "number,created_at,channel,kind,location,description\n", -1, NULL));
  g_assert_true (g_file_set_contents (owners, "姓名,电话,楼栋,房号\n王\x1b芳,13812345678,3栋,502\n", -1, NULL));
  g_assert_true (g_file_set_contents (questions, "题型,题干,选项A,选项B,答案\r\n"
                                                 "连线题,不认识的题型,,,\r\n"
                                                 "单选题,答案不是选项,甲,乙,E\r\n", -1, NULL));
  g_assert_true (g_file_set_contents (comments, "// Kefu question bank (GIFT)\r// 只有注释\r", -1, NULL));
  g_assert_true (g_file_set_contents (mac, "// 来自旧的 Mac\r\r火警电话？{=119 ~110}\r\r回访时应确认问题是否解决。{T}\r", -1, NULL));

  init_admin (path);
  /* --skip-bad with every row bad: nothing imported */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o1, &e1, "--db", path, "--as", "boss", "import", "tickets", bad, "--skip-bad", NULL), ==, 1);
  g_assert_cmpstr (o1, ==, "Nothing was imported: all 2 rows have problems.\n");
  g_assert_cmpstr (e1, ==, "Line 2, column “created_at”: “1900-01-01 09:30” is before the year 2000: Kefu takes dates from 2000-01-01 on.\n"
                           "Line 3, column “number”: The value has a control character (U+0007) at character 3; remove it.\n");
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o2, &e2, "--db", path, "--as", "boss", "import", "tickets", empty, NULL), ==, 1);
  g_assert_nonnull (strstr (e2, "has no rows below its header"));
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o3, &e3, "--db", path, "--as", "boss", "import", "owners", owners, "--skip-bad", NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "Line 2, column “姓名”: The value has a control character (U+001B) at character 2"));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM tickets"), ==, 0);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM owners"), ==, 0);

  /* questions: every one skipped, or none in the file */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o4, &e4, "--db", path, "--as", "boss", "questions", "import", questions, NULL), ==, 1);
  g_assert_nonnull (strstr (o4, "Nothing was imported: all 2 questions of the file were skipped.\n"));
  g_assert_nonnull (strstr (o4, "  line 2: "));
  g_assert_nonnull (strstr (o4, "  line 3: "));
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o5, &e5, "--db", path, "--as", "boss", "questions", "import", comments, NULL), ==, 1);
  g_assert_nonnull (strstr (e5, "has no questions"));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM question_banks"), ==, 0);

  /* a GIFT file with old Mac line ends: every question, exit 0 */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o6, &e6, "--db", path, "--as", "boss", "questions", "import", mac, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (o6, "\"skipped\""));
  g_assert_null (strstr (o6, "\"line\""));   /* no question skipped */
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM questions"), ==, 2);

  /* a good ticket file: 0 */
  g_assert_true (g_file_set_contents (bad, "number,created_at,channel,kind,location,description\n"
                                           "GD1,2025-06-01 09:30,phone,repair,3栋502,漏水\n", -1, NULL));
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o7, &e7, "--db", path, "--as", "boss", "import", "tickets", bad, NULL), ==, 0);
  g_assert_cmpstr (e7, ==, "");
}

/* The sample data's "now" in these tests: a Monday morning after a weekend. */
#define SAMPLE_NOW "2025-11-24 09:00"

static void
test_sla_check_notify (KefuTestDir   *f,
                       gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *list;

  g_autoptr(GPtrArray) clocks = g_ptr_array_new ();

  /* every clock the code knows, from the code */
  for (KefuClock k = 0; k < KEFU_N_CLOCKS; k++)
    g_ptr_array_add (clocks, (gpointer) kefu_clock_code (k));
  g_ptr_array_add (clocks, NULL);

  /* a sample year that ends at a fixed moment, looked at then: any day */
  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "init", "--demo", "300", "--now", SAMPLE_NOW, NULL), ==, 0);

  /* A look: what is in warning or breach now, as JSON. */
  g_assert_cmpint (run_cli (&o2, &e2, "--db", path, "sla", "check", "--json", "--now", SAMPLE_NOW, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, o2, -1, NULL));
  list = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (list), >, 5);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);
      const char *state = json_object_get_string_member (o, "state");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "number"), "GD"));
      g_assert_true (g_strv_contains ((const char *[]) { "warning", "breach", "escalation", NULL }, state));
      g_assert_true (g_strv_contains ((const char * const *) clocks->pdata, json_object_get_string_member (o, "clock")));
    }

  /* As text: one line per ticket, the worst first (escalation, breach, warning) */
  {
    g_autofree char *o5 = NULL, *e5 = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    int last = G_MAXINT;

    g_assert_cmpint (run_cli (&o5, &e5, "--db", path, "sla", "check", "--now", SAMPLE_NOW, NULL), ==, 0);
    lines = g_strsplit (g_strstrip (o5), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), >, 5);
    g_assert_cmpuint (g_strv_length (lines), <=, json_array_get_length (list));
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_auto(GStrv) cols = g_strsplit (lines[i], "\t", 3);
        int rank = g_str_equal (cols[1], "escalation") ? 2 : g_str_equal (cols[1], "breach") ? 1 : 0;

        g_assert_false (g_hash_table_contains (numbers, cols[0]));
        g_hash_table_add (numbers, g_strdup (cols[0]));
        g_assert_cmpint (rank, <=, last);
        last = rank;
      }
  }

  if (!kefu_test_mock_clear (bus))
    {
      g_test_skip ("no mocked notification daemon on the session bus (build-aux/kefu test starts one)");
      return;
    }
  before = kefu_test_mock_notify_calls (bus);
  g_assert_cmpuint (before->len, ==, 0);

  /* --notify (the systemd timer's command, as the system) at SAMPLE_NOW by
   * the machine's clock: a burst after a weekend becomes one summary. */
  g_assert_cmpint (run_cli_at (SAMPLE_NOW, NULL, &o3, &e3, "--db", path, "sla", "check", "--notify", NULL), ==, 0);
  after = kefu_test_mock_notify_calls (bus);
  g_assert_cmpuint (after->len, ==, 1);
  {
    GVariant *args = after->pdata[0];
    g_autoptr(GVariant) app = g_variant_get_child_value (args, 0);
    g_autoptr(GVariant) summary = g_variant_get_child_value (args, 3);
    g_autoptr(GVariant) hints = g_variant_get_child_value (args, 6);
    g_autoptr(GVariant) app_v = g_variant_get_variant (app);
    g_autoptr(GVariant) summary_v = g_variant_get_variant (summary);
    g_autoptr(GVariant) hints_v = g_variant_get_variant (hints);
    guchar urgency = 0;

    g_assert_cmpstr (g_variant_get_string (app_v, NULL), ==, "Kefu");
    g_assert_true (g_str_has_suffix (g_variant_get_string (summary_v, NULL), "service-level alerts"));
    g_assert_true (g_variant_lookup (hints_v, "urgency", "y", &urgency));
    g_assert_cmpint (urgency, >=, 1);
  }

  /* Once per clock and threshold, ever: a second run tells nothing new. */
  g_assert_cmpint (run_cli_at (SAMPLE_NOW, NULL, &o4, &e4, "--db", path, "sla", "check", "--notify", NULL), ==, 0);
  again = kefu_test_mock_notify_calls (bus);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_nonnull (strstr (o4, "No ticket"));
}

static void
test_db_from_environment (KefuTestDir   *f,
                          gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "from-env.db");
  g_autofree char *out = NULL, *err = NULL;

  g_setenv ("KEFU_DB", path, TRUE);
  g_assert_cmpint (run_cli (&out, &err, "init", NULL), ==, 0);
  g_unsetenv ("KEFU_DB");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (out, path));
}

static void
test_check_not_a_database (KefuTestDir   *f,
                           gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "photo.db");
  g_autofree char *out = NULL, *err = NULL, *after = NULL;

  g_assert_true (g_file_set_contents (path, "\x89PNG not a database", -1, NULL));
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "check", NULL), ==, 1);
  g_assert_nonnull (strstr (err, path));
  g_assert_nonnull (strstr (err, "not a Kefu database"));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "\x89PNG not a database");
}

static void
test_messages_in_chinese (KefuTestDir   *f,
                          gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "photo.db");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_true (g_file_set_contents (path, "not a database at all", -1, NULL));
  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "check", NULL), ==, 1);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  g_assert_nonnull (strstr (err, path));
  g_assert_nonnull (strstr (err, "不是"));
}

static void
test_usage_errors (KefuTestDir   *f,
                   gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;

  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (e1, "frobnicate"));
  g_assert_cmpint (run_cli (&o2, &e2, "--db", path, "init", "--demo", "0", NULL), ==, 2);
  g_assert_cmpint (run_cli (&o3, &e3, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (o3, "check"));
  /* Nothing was created by commands that failed to parse. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Only init creates a database: any other command refuses a missing file. */
  {
    g_autofree char *o4 = NULL, *e4 = NULL, *o5 = NULL, *e5 = NULL;

    g_assert_cmpint (run_cli (&o4, &e4, "--db", path, "check", NULL), ==, 1);
    g_assert_nonnull (strstr (e4, "There is no database"));
    g_assert_nonnull (strstr (e4, "init"));
    g_assert_cmpint (run_cli_in (PIN, &o5, &e5, "--db", path, "--as", "chenjing", "search", "漏水", NULL), ==, 1);
    g_assert_nonnull (strstr (e5, "There is no database"));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

static void
test_import_bad_rows (KefuTestDir   *f,
                      gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *csv = kefu_test_path (f, "tickets.csv");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autofree char *o5 = NULL, *e5 = NULL;

  g_assert_true (g_file_set_contents (csv,
                                      "工单号,创建时间,渠道,类型,级别,位置,描述\r\n"
                                      "GD1,2026-11-25 09:30,电话,报修,1,3栋502,漏水\r\n"
                                      "GD2,2026-11-25 09:31,电话,报修,5,3栋502,又漏了\r\n", -1, NULL));

  init_admin (path);
  /* Refused: nothing imported, exit 1, the problem says where. */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o1, &e1, "--db", path, "--as", "boss", "import", "tickets", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (o1, "Nothing was imported: 1 of 2 rows have problems"));
  g_assert_nonnull (strstr (e1, "Line 3, column “级别”: “5” is not a level (use 1, 2 or 3)\n"));

  /* A dry run reports the same, writes nothing, and exits as the import
   * would: 1 (refused), or 3 (partly imported) with --skip-bad. */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o2, &e2, "--db", path, "--as", "boss", "import", "tickets", csv, "--dry-run", NULL), ==, 1);
  g_assert_nonnull (strstr (o2, "Dry run: 1 of 2 rows can be imported"));
  g_assert_nonnull (strstr (e2, "Line 3"));
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o5, &e5, "--db", path, "--as", "boss", "import", "tickets", csv, "--dry-run", "--skip-bad", NULL), ==, 3);

  /* Rows skipped: imported, but not a success (exit 3) */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o3, &e3, "--db", path, "--as", "boss", "import", "tickets", csv, "--skip-bad", NULL), ==, 3);
  g_assert_nonnull (strstr (o3, "Imported 1 ticket; 1 row skipped\n"));
  g_assert_nonnull (strstr (e3, "Line 3"));

  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o4, &e4, "--db", path, "--as", "boss", "search", "漏水", "--count", NULL), ==, 0);
  g_assert_cmpstr (o4, ==, "1\n");
  /* the import is recorded under who ran it */
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE created_by = "
                                           "(SELECT id FROM users WHERE login = 'boss')"), ==, 1);
}

static void
test_export_then_import (KefuTestDir   *f,
                         gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *copy = kefu_test_path (f, "copy.db");
  g_autofree char *csv = kefu_test_path (f, "tickets.csv");
  g_autofree char *xlsx = kefu_test_path (f, "tickets.xlsx");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;

  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "init", "--demo", "300", NULL), ==, 0);
  /* owners' phones leave the file in full only with someone who may export them */
  {
    g_autofree char *o = NULL, *e = NULL, *o2b = NULL, *e2b = NULL;

    g_assert_cmpint (run_cli (&o, &e, "--db", path, "export", "tickets", "--out", csv, "--full", NULL), ==, 1);
    g_assert_nonnull (strstr (e, "--as LOGIN"));
    /* a trainer may not */
    g_assert_cmpint (run_cli_in (PIN, &o2b, &e2b, "--db", path, "--as", "guohong", "export", "tickets", "--out", csv,
                                 "--full", NULL), ==, 1);
    g_assert_nonnull (strstr (e2b, "may not export owners’ personal data"));
    g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  }
  /* in full (names and phones, for the import to match owners), by a role that may */
  g_assert_cmpint (run_cli_in (PIN, &o2, &e2, "--db", path, "--as", "xuqiang", "export", "tickets", "--out", csv,
                               "--full", NULL), ==, 0);
  g_assert_nonnull (strstr (o2, "Exported 300 tickets to"));
  init_admin (copy);
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o3, &e3, "--db", copy, "--as", "boss", "import", "tickets", csv, NULL), ==, 0);
  g_assert_nonnull (strstr (o3, "Imported 300 tickets\n"));
  g_assert_nonnull (strstr (o3, "Created: 1 estate, 12 buildings"));
  g_assert_cmpstr (e3, ==, "");
  /* The format follows the file name. */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o4, &e4, "--db", copy, "--as", "boss", "export", "tickets", "--out", xlsx, NULL), ==, 0);
  g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
}

static void
test_import_export_usage_errors (KefuTestDir   *f,
                                 gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *csv = kefu_test_path (f, "tickets.csv");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_autofree char *o4 = NULL, *e4 = NULL, *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL;

  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "import", "tickets", csv, "--encoding", "big5", NULL), ==, 2);
  g_assert_nonnull (strstr (e1, "big5"));
  g_assert_cmpint (run_cli (&o2, &e2, "--db", path, "import", "invoices", csv, NULL), ==, 2);
  g_assert_cmpint (run_cli (&o3, &e3, "--db", path, "export", "tickets", NULL), ==, 2);
  g_assert_nonnull (strstr (e3, "--out"));
  g_assert_cmpint (run_cli (&o4, &e4, "--db", path, "export", "tickets", "--out", csv, "--from", "2026-13-01", NULL), ==, 2);
  g_assert_nonnull (strstr (e4, "2026-13-01"));
  g_assert_cmpint (run_cli (&o5, &e5, "--db", path, "export", "tickets", "--out", csv,
                            "--from", "2026-11-02", "--to", "2026-11-01", NULL), ==, 2);
  /* A file that is not there: an error, found before the database is touched. */
  g_assert_cmpint (run_cli (&o6, &e6, "--db", path, "import", "owners", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (e6, csv));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
}

/* report kpi --json prints exactly the dashboard's keys; the text form
 * has each KPI with its target. */
static void
test_report_kpi (KefuTestDir   *f,
                 gconstpointer  data)
{
  static const char *keys[] = {
    "tickets", "mean_response_min", "p90_response_min", "on_time_response_rate", "on_time_resolution_rate",
    "complaint_closure_rate", "first_contact_resolution_rate", "repeat_complaint_rate", "satisfaction",
    "satisfied_rate", "follow_up_rate", "backlog", "by",
  };
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "init", "--demo", "500", "--seed", "3", NULL), ==, 0);
  g_assert_cmpint (run_cli (&o2, &e2, "--db", path, "report", "kpi", "--from", "2000-01-01", "--to", "2100-01-01",
                            "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, o2, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (root, keys[i]));
  g_assert_cmpint (json_object_get_int_member (root, "tickets"), ==, 500);
  g_assert_cmpint (json_object_get_int_member (root, "tickets"), ==,
                   kefu_test_scalar (path, "SELECT count(*) FROM tickets"));
  g_assert_cmpfloat (json_object_get_double_member (root, "satisfied_rate"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (root, "satisfied_rate"), <=, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "backlog"), "total"), ==,
                   kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE resolved_at IS NULL AND cancelled_at IS NULL "
                                           "AND closed_at IS NULL"));

  g_assert_cmpint (run_cli (&o3, &e3, "--db", path, "report", "kpi", "--from", "2000-01-01", "--to", "2100-01-01", NULL), ==, 0);
  g_assert_true (g_regex_match_simple ("Complaint closure\\s+[0-9.]+%\\s+95\\.0%", o3, 0, 0));
  /* a wrong day is named */
  g_assert_cmpint (run_cli (&o4, &e4, "--db", path, "report", "kpi", "--from", "2025-13-01", "--to", "2026-01-01", NULL), ==, 2);
  g_assert_nonnull (strstr (e4, "2025-13-01"));

  /* report chart: a PNG of the asked size; an unknown chart lists the known ones */
  {
    g_autofree char *png = kefu_test_path (f, "trend.png");
    g_autofree char *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL, *o7 = NULL, *e7 = NULL;
    cairo_surface_t *image;

    g_assert_cmpint (run_cli (&o5, &e5, "--db", path, "report", "chart", "trend", "--from", "2000-01-01", "--to", "2100-01-01",
                              "--out", png, "--width", "900", "--height", "500", NULL), ==, 0);
    image = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 900);
    g_assert_cmpint (cairo_image_surface_get_height (image), ==, 500);
    cairo_surface_destroy (image);
    g_assert_cmpint (run_cli (&o6, &e6, "--db", path, "report", "chart", "pie", "--from", "2000-01-01", "--to", "2100-01-01",
                              "--out", png, NULL), ==, 2);
    g_assert_nonnull (strstr (e6, "response-histogram"));
    g_assert_cmpint (run_cli (&o7, &e7, "--db", path, "report", "monthly", "--month", "2026-13", "--out", png, NULL), ==, 2);
    g_assert_nonnull (strstr (e7, "2026-13"));
  }
}

/* The benchmark's quick mode: every measurement ran and gave a sane
 * number (never a time limit: speed is judged by the full run). */
static void
test_bench_quick (KefuTestDir   *f,
                  gconstpointer  data)
{
  static const char *keys[] = {
    "load.generator", "load.import", "search.two_chars", "search.two_chars.all", "search.four_chars",
    "search.four_chars.all", "search.phone", "search.phone.all", "search.number", "search.number.all",
    "list.first_page", "list.all_ids", "list.deep_page", "list.filter_change", "list.view_counts", "board.model", "sla.pass",
    "dashboard.rollup", "dashboard.kpis", "dashboard.tables", "chart.draw", "process.version", "process.search",
    "process.search_like", "memory.peak",
  };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *results;

  g_assert_cmpint (run_cli (&out, &err, "bench", "--tickets", "20000", "--runs", "3", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "machine"),
                            "SQLite"));
  results = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      double median = json_object_get_double_member (r, "median");

      g_assert_cmpstr (json_object_get_string_member (r, "key"), ==, keys[i]);
      g_assert_cmpfloat (median, >, 0);
      g_assert_cmpfloat (json_object_get_double_member (r, "p95"), >=, median);
      if (!json_object_get_null_member (r, "baseline_median"))
        g_assert_cmpfloat (json_object_get_double_member (r, "baseline_median"), >, 0);
    }
  /* kefu-cli as whole processes, each beside its floor (not "not measured") */
  g_assert_true (g_regex_match_simple ("\"process.version\"[^}]*\"baseline_median\": [0-9]", out, 0, 0));
  g_assert_true (g_regex_match_simple ("\"process.search\"[^}]*\"baseline_median\": [0-9]", out, 0, 0));
  g_assert_true (g_regex_match_simple ("\"process.search_like\"[^}]*\"baseline_median\": [0-9]", out, 0, 0));
  /* the search path finds what LIKE finds: the note counts hits */
  g_assert_false (g_regex_match_simple ("\"search.two_chars.all\"[^}]*\"note\": \"0 hits", out, 0, 0));
}

/* bench --only load: the two bulk loads, each run the given number of
 * times beside its floor (never a time limit) */
static void
test_bench_load_only (KefuTestDir   *f,
                      gconstpointer  data)
{
  static const char *keys[] = { "load.generator", "load.import" };
  g_autofree char *out = NULL, *err = NULL, *o2 = NULL, *e2 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *results;

  g_assert_cmpint (run_cli (&out, &err, "bench", "--only", "load", "--tickets", "1000", "--runs", "2", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  results = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      double median = json_object_get_double_member (r, "median");

      g_assert_cmpstr (json_object_get_string_member (r, "key"), ==, keys[i]);
      g_assert_cmpint (json_object_get_int_member (r, "runs"), ==, 2);
      g_assert_cmpfloat (median, >, 0);
      /* for a rate, the slow end: the slowest run */
      g_assert_cmpfloat (json_object_get_double_member (r, "p95"), <=, median);
      g_assert_cmpfloat (json_object_get_double_member (r, "p95"), >, 0);
      if (!json_object_get_null_member (r, "baseline_median"))
        g_assert_cmpfloat (json_object_get_double_member (r, "baseline_median"), >, 0);
    }
  g_assert_cmpint (run_cli (&o2, &e2, "bench", "--only", "search", NULL), ==, 2);
  g_assert_nonnull (strstr (e2, "“search”"));
}

static guint
count_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += *lines[i] != '\0';
  return n;
}

/* The CLI: the rules in order, a dry run that changes nothing, then
 * the same decisions applied, each line number, team, technician, reason. */
static void
test_dispatch_rules_and_run (KefuTestDir   *f,
                             gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autofree char *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL, *o7 = NULL, *e7 = NULL, *o8 = NULL, *e8 = NULL;
  /* the sample year ends early on a Sunday; the dispatcher runs the queue
   * on Monday at 10:00 and scores the contractor for October */
  const char *sample_end = "2025-11-23 05:30", *now = "2025-11-24 10:00", *month = "2025-10";
  g_auto(GStrv) rules = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 queue, assigned = 0;

  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "init", "--demo", "300", "--seed", "3", "--now", sample_end, NULL), ==, 0);
  g_assert_cmpint (run_cli (&o2, &e2, "--db", path, "dispatch", "rules", NULL), ==, 0);
  rules = g_strsplit (g_strstrip (o2), "\n", -1);
  g_assert_cmpuint (g_strv_length (rules), ==, 10);
  g_assert_true (g_str_has_prefix (rules[0], "1\t消防设施\t"));
  g_assert_true (g_str_has_prefix (rules[2], "3\t电梯\t"));
  g_assert_true (g_str_has_suffix (rules[2], "→ 特种设备组"));
  g_assert_true (g_str_has_suffix (rules[3], "→ 深圳通达电梯服务有限公司"));

  queue = kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')");
  g_assert_cmpint (queue, >, 0);
  g_assert_cmpint (run_cli_in (PIN, &o3, &e3, "--db", path, "--as", "huangwei", "dispatch", "run", "--dry-run", "--now", now, NULL), ==, 0);
  lines = g_strsplit (g_strstrip (o3), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, queue);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (cols), ==, 4);
      g_assert_true (g_str_has_prefix (cols[0], "GD"));
      if (!g_str_equal (cols[1], "-") && strstr (cols[3], "second person") == NULL)
        {
          g_autofree char *rule = g_strdup_printf ("→ %s; %s: on shift", cols[1], cols[2]);
          g_assert_true (g_str_has_prefix (cols[3], "Rule "));
          g_assert_nonnull (strstr (cols[3], rule));
          assigned++;
        }
    }
  g_assert_cmpint (assigned, >, 0);
  /* nothing changed */
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')"), ==, queue);

  /* Applied: the same decisions, now in the timeline. */
  g_assert_cmpint (run_cli_at (now, PIN, &o4, &e4, "--db", path, "--as", "huangwei", "dispatch", "run", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (o4), ==, o3);   /* o3 was stripped above */
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')"), ==,
                   queue - assigned);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM ticket_events e JOIN users u ON u.id = e.user_id "
                                           "WHERE e.kind = 'assign' AND e.body LIKE '%Rule %' AND u.role = 'dispatcher'"),
                   ==, assigned);
  /* What is left, the rules cannot place. */
  g_assert_cmpint (run_cli_in (PIN, &o5, &e5, "--db", path, "--as", "huangwei", "dispatch", "run", "--dry-run", "--now", now, NULL), ==, 0);
  g_assert_true (g_regex_match_simple ("Dry run: 0 jobs would be dispatched", e5, 0, 0));

  /* Scoring the contractor for last month. */
  g_assert_cmpint (run_cli_in (PIN, &o6, &e6, "--db", path, "--as", "huangwei", "dispatch", "score", month, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (o6, month));
  g_assert_nonnull (strstr (o6, "深圳通达电梯服务有限公司"));

  /* Usage errors. */
  g_assert_cmpint (run_cli_in (PIN, &o7, &e7, "--db", path, "--as", "huangwei", "dispatch", "run", "--dry-run", "--now", "2026-02-30 10:00", NULL), ==, 2);
  g_assert_nonnull (strstr (e7, "2026-02-30"));
  g_assert_cmpint (run_cli (&o8, &e8, "--db", path, "dispatch", NULL), ==, 2);
  g_assert_nonnull (strstr (e8, "dispatch run"));
  g_assert_cmpuint (count_lines (o8), ==, 0);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* A Moodle file with a matching and a numerical question among good ones:
 * counts per type and every skipped question with its line, as JSON. */
static void
test_questions_import_json (KefuTestDir   *f,
                            gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *gift = kefu_test_path (f, "moodle.gift");
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *imported;
  JsonArray *skipped;
  static const char text[] =
    "// 来自 Moodle\n"
    "$CATEGORY: $course$/top/应急处理\n"
    "\n"
    "电梯困人属于几级响应？{=二级 ~一级 ~三级}\n"
    "\n"
    "电梯困人时应当：{~%50%安抚被困人员 ~%50%通知维保单位 ~%-100%自行撬门}\n"
    "\n"
    "把设备和班组配对{=电梯 -> 特种设备组 =水管 -> 水电维修组}\n"
    "\n"
    "火警电话？{=119 =火警119}\n"
    "\n"
    "楼高多少米？{#30:5}\n"
    "\n"
    "回访时应确认问题是否解决。{T}\n"
    "\n"
    "写出处理步骤。{}\n";

  g_assert_true (g_file_set_contents (gift, text, -1, NULL));
  init_admin (path);
  /* two questions skipped: imported, exit 3 */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &out, &err, "--db", path, "--as", "boss", "questions", "import", gift,
                               "--bank", "Moodle", "--json", NULL), ==, 3);
  root = parse_json (out);
  /* imported, skipped, duplicates (already in the bank), notes (to check) */
  g_assert_cmpuint (json_object_get_size (json_node_get_object (root)), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "duplicates")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "notes")), ==, 0);
  imported = json_object_get_object_member (json_node_get_object (root), "imported");
  g_assert_cmpuint (json_object_get_size (imported), ==, KEFU_QUESTION_N_TYPES);
  g_assert_cmpint (json_object_get_int_member (imported, "written"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (imported, "single_choice"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (imported, "multiple_choice"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (imported, "true_false"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (imported, "short_answer"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (imported, "case_analysis"), ==, 1);
  skipped = json_object_get_array_member (json_node_get_object (root), "skipped");
  g_assert_cmpuint (json_array_get_length (skipped), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (skipped, 0), "line"), ==, 8);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (skipped, 0), "reason"), "->"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (skipped, 1), "line"), ==, 12);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM questions"), ==, 5);

  /* the same in words */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &out2, &err2, "--db", path, "--as", "boss", "questions", "import", gift, "--bank", "再一次", NULL), ==, 3);
  g_assert_true (g_regex_match_simple ("Imported 5 questions into the bank “再一次”", out2, 0, 0));
  g_assert_nonnull (strstr (out2, "line 8: matching questions"));
  g_assert_nonnull (strstr (out2, "line 12: numerical questions"));
}

/* export → import → export gives the same file, in both formats */
static void
test_questions_export_round_trip (KefuTestDir   *f,
                                  gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *csv = kefu_test_path (f, "去年.csv");
  static const char text[] =
    "\xef\xbb\xbf题型,题干,选项A,选项B,选项C,选项D,答案,解析,分值,难度,分类\r\n"
    "单选题,座机来电应在响铃几声内接听？,1声内,3声内,5声内,10声内,B,超过3声应先致歉。,2,1,服务礼仪\r\n"
    "多选题,电梯困人时正确的有：,安抚被困人员,通知维保单位,自行撬门,每5分钟通报进展,ABD,,3,3,应急处理\r\n"
    "判断题,回访时应确认问题是否解决。,,,,,对,,2,2,沟通技巧\r\n"
    "填空题,火警电话是多少？,,,,,119|火警119,,4,2,应急处理\r\n"
    "案例分析题,\"业主投诉楼上漏水，\n写出处理步骤。\",,,,,安抚3分,,10,4,应急处理\r\n";

  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  init_admin (path);
  {
    g_autofree char *o = NULL, *e = NULL;
    g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o, &e, "--db", path, "--as", "boss", "questions", "import", csv, NULL), ==, 0);
    g_assert_true (g_regex_match_simple ("Imported 5 questions into the bank “去年”", o, 0, 0));
  }
  for (guint k = 0; k < 2; k++)
    {
      const char *format = k == 0 ? "gift" : "csv";
      g_autofree char *first = kefu_test_path (f, k == 0 ? "a.gift" : "a.csv");
      g_autofree char *second = kefu_test_path (f, k == 0 ? "b.gift" : "b.csv");
      g_autofree char *bank = g_strdup_printf ("副本-%s", format);
      g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
      g_autofree char *t1 = NULL, *t2 = NULL;

      g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o1, &e1, "--db", path, "--as", "boss", "questions", "export", "--bank", "去年", "--format", format,
                                "--out", first, NULL), ==, 0);
      g_assert_nonnull (strstr (o1, "Exported 5 questions"));
      g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o2, &e2, "--db", path, "--as", "boss", "questions", "import", first, "--bank", bank, NULL), ==, 0);
      g_assert_nonnull (strstr (o2, "Imported 5 questions"));
      g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o3, &e3, "--db", path, "--as", "boss", "questions", "export", "--bank", bank, "--format", format,
                                "--out", second, NULL), ==, 0);
      g_assert_true (g_file_get_contents (first, &t1, NULL, NULL));
      g_assert_true (g_file_get_contents (second, &t2, NULL, NULL));
      g_assert_cmpstr (t1, ==, t2);
    }
  {
    g_autofree char *o = NULL, *e = NULL, *o2 = NULL, *e2 = NULL;
    g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o, &e, "--db", path, "--as", "boss", "questions", "export", "--bank", "没有", "--format", "gift",
                              "--out", csv, NULL), ==, 1);
    g_assert_nonnull (strstr (e, "没有"));
    g_assert_cmpint (run_cli (&o2, &e2, "--db", path, "questions", "export", "--bank", "去年", "--format", "docx",
                              "--out", csv, NULL), ==, 2);
  }
}

/* The sample's exam: a distribution that adds up, a figure per question */
static void
test_exam_stats (KefuTestDir   *f,
                 gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  JsonArray *bins, *questions;
  gint64 attempts, sum = 0;

  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "init", "--demo", "300", NULL), ==, 0);
  g_assert_cmpint (run_cli_in (PIN, &o2, &e2, "--db", path, "--as", "guohong", "exam", "stats", "新员工入职理论考核", "--json", NULL), ==, 0);
  root = parse_json (o2);
  obj = json_node_get_object (root);
  attempts = json_object_get_int_member (obj, "attempts");
  g_assert_cmpint (attempts, ==, kefu_test_scalar (path, "SELECT count(*) FROM attempts WHERE state = 'graded'"));
  g_assert_cmpint (attempts, >, 0);
  bins = json_object_get_array_member (obj, "distribution");
  g_assert_cmpuint (json_array_get_length (bins), ==, 10);
  for (guint i = 0; i < 10; i++)
    sum += json_array_get_int_element (bins, i);
  g_assert_cmpint (sum, ==, attempts);
  g_assert_cmpint (json_object_get_int_member (obj, "passed"), ==,
                   kefu_test_scalar (path, "SELECT count(*) FROM attempts WHERE passed = 1"));
  questions = json_object_get_array_member (obj, "questions");
  g_assert_cmpuint (json_array_get_length (questions), ==, 20);
  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      JsonObject *q = json_array_get_object_element (questions, i);
      double facility = json_object_get_double_member (q, "facility");
      g_assert_cmpint (json_object_get_int_member (q, "position"), ==, i + 1);
      g_assert_cmpfloat (facility, >=, 0);
      g_assert_cmpfloat (facility, <=, 1);
      if (facility > 0.9)
        g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (q, "flags"), 0), ==, "too_easy");
    }

  /* by id, in words; an unknown paper is an error */
  g_assert_cmpint (run_cli_in (PIN, &o3, &e3, "--db", path, "--as", "guohong", "exam", "stats", "1", NULL), ==, 0);
  g_assert_nonnull (strstr (o3, "新员工入职理论考核"));
  g_assert_nonnull (strstr (o3, "Score distribution"));
  g_assert_cmpint (run_cli_in (PIN, &o4, &e4, "--db", path, "--as", "guohong", "exam", "stats", "期末考试", NULL), ==, 1);
  g_assert_nonnull (strstr (e4, "期末考试"));
  /* everyone's scores are not an agent's to read */
  {
    g_autofree char *o5 = NULL, *e5 = NULL;
    g_assert_cmpint (run_cli_in (PIN, &o5, &e5, "--db", path, "--as", "chenjing", "exam", "stats", "1", NULL), ==, 1);
    g_assert_nonnull (strstr (e5, "other people’s training results"));
    g_assert_cmpstr (o5, ==, "");
  }
}

/* A wrong PIN stops the command with an error, counts towards the lock
 * and is audited; the right one goes on. Without --as a change is refused. */
static void
test_acting_user (KefuTestDir   *f,
                  gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  /* the sample ends early on a Sunday; the queue is run on Monday at 10:00 */
  const char *sample_end = "2025-11-23 05:30", *now = "2025-11-24 10:00";
  gint64 queue, assigns, by_linxia;

  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "init", "--demo", "200", "--seed", "3", "--now", sample_end, NULL), ==, 0);
  queue = kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')");

  /* no --as: refused before anything is done; no longer "the first dispatcher" */
  g_assert_cmpint (run_cli (&o2, &e2, "--db", path, "dispatch", "run", "--now", now, NULL), ==, 1);
  g_assert_nonnull (strstr (e2, "--as LOGIN"));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')"), ==, queue);

  g_assert_cmpint (run_cli_in ("4321\n", &o3, &e3, "--db", path, "--as", "huangwei", "dispatch", "run", "--now", now, NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "Wrong PIN for 黄伟"));
  g_assert_cmpstr (o3, ==, "");
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')"), ==, queue);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed' AND subject_id = "
                                           "(SELECT id FROM users WHERE login = 'huangwei')"), ==, 1);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT failed_tries FROM users WHERE login = 'huangwei'"), ==, 1);
  /* no PIN at all (standard input empty) */
  g_clear_pointer (&e3, g_free);
  g_clear_pointer (&o3, g_free);
  g_assert_cmpint (run_cli (&o3, &e3, "--db", path, "--as", "huangwei", "dispatch", "run", "--now", now, NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "No PIN"));
  /* an unknown user */
  g_assert_cmpint (run_cli_in (PIN, &o4, &e4, "--db", path, "--as", "nobody", "dispatch", "run", "--now", now, NULL), ==, 1);
  g_assert_nonnull (strstr (e4, "There is no user “nobody”"));

  /* the right PIN: every assignment of the run is that dispatcher's, with a sign-in */
  g_clear_pointer (&o4, g_free);
  g_clear_pointer (&e4, g_free);
  assigns = kefu_test_scalar (path, "SELECT count(*) FROM ticket_events WHERE kind = 'assign'");
  by_linxia = kefu_test_scalar (path, "SELECT count(*) FROM ticket_events WHERE kind = 'assign' AND user_id = "
                                      "(SELECT id FROM users WHERE login = 'linxia')");
  g_assert_cmpint (run_cli_at (now, PIN, &o4, &e4, "--db", path, "--as", "linxia", "dispatch", "run", NULL), ==, 0);
  assigns = kefu_test_scalar (path, "SELECT count(*) FROM ticket_events WHERE kind = 'assign'") - assigns;
  g_assert_cmpint (assigns, >, 0);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM ticket_events WHERE kind = 'assign' AND user_id = "
                                           "(SELECT id FROM users WHERE login = 'linxia')") - by_linxia, ==, assigns);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND user_id = "
                                           "(SELECT id FROM users WHERE login = 'linxia')"), ==, 1);
}

/* Unix seconds of @text ("YYYY-MM-DD HH:MM") in Shenzhen */
static gint64
shenzhen_time (const char *text)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi;

  g_assert_cmpint (sscanf (text, "%4d-%2d-%2d %2d:%2d", &y, &mo, &d, &h, &mi), ==, 5);
  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

/* --now on a command that writes is an administrator's: a dispatcher's and
 * the system's are refused before anything is written; an administrator's
 * goes through, the work is recorded at the time given, and one audit
 * entry at the real time (a later day, by the machine's clock) names it. */
static void
test_now_on_writes (KefuTestDir   *f,
                    gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_autofree char *o4 = NULL, *e4 = NULL, *o5 = NULL, *e5 = NULL;
  const char *sample_end = "2025-11-23 05:30", *now = "2025-11-24 10:00", *real = "2026-01-05 08:00";
  gint64 queue, events, alerts, at;

  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_assert_cmpint (run_cli (&o1, &e1, "--db", path, "init", "--demo", "200", "--seed", "3", "--now", sample_end, NULL), ==, 0);
  queue = kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')");
  events = kefu_test_scalar (path, "SELECT count(*) FROM ticket_events");
  alerts = kefu_test_scalar (path, "SELECT count(*) FROM sla_notifications");
  g_assert_cmpint (queue, >, 0);

  /* a dispatcher may dispatch, but not at another time than now */
  g_assert_cmpint (run_cli_at (real, PIN, &o2, &e2, "--db", path, "--as", "huangwei", "dispatch", "run", "--now", now, NULL), ==, 1);
  g_assert_nonnull (strstr (e2, "Only an administrator may run a command that writes at another time"));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')"), ==, queue);
  /* the timer's SLA pass runs as the system: at another time, it needs --as */
  g_assert_cmpint (run_cli_at (real, NULL, &o3, &e3, "--db", path, "sla", "check", "--notify", "--now", now, NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "--as LOGIN"));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM sla_notifications"), ==, alerts);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM ticket_events"), ==, events);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM audit_log WHERE action = 'clock_set'"), ==, 0);

  /* the administrator: done, at the time given, and on the record at the real time */
  g_assert_cmpint (run_cli_at (real, PIN, &o4, &e4, "--db", path, "--as", "admin", "dispatch", "run", "--now", now, NULL), ==, 0);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')"), <, queue);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT min(at) FROM ticket_events WHERE kind = 'assign' AND user_id = "
                                           "(SELECT id FROM users WHERE login = 'admin')"), ==, shenzhen_time (now));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM audit_log WHERE action = 'clock_set' AND user_id = "
                                           "(SELECT id FROM users WHERE login = 'admin')"), ==, 1);
  {
    g_autofree char *detail = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'clock_set' AND detail = 'now=%"
                                               G_GINT64_FORMAT "'", shenzhen_time (now));
    g_assert_cmpint (kefu_test_scalar (path, detail), ==, 1);
  }
  at = kefu_test_scalar (path, "SELECT at FROM audit_log WHERE action = 'clock_set'");
  g_assert_cmpint (at, >=, shenzhen_time (real));
  g_assert_cmpint (at, <, shenzhen_time (real) + 600);

  /* and the SLA pass */
  g_assert_cmpint (run_cli_at (real, PIN, &o5, &e5, "--db", path, "--as", "admin", "sla", "check", "--notify", "--now", now, NULL), ==, 0);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM audit_log WHERE action = 'clock_set'"), ==, 2);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM sla_notifications"), >, alerts);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT max(notified_at) FROM sla_notifications"), <=, shenzhen_time (now));
}

/* An administrator's users: add with a PIN, list, reset a PIN, disable;
 * nobody else may; init --admin only once. */
static void
test_users (KefuTestDir   *f,
            gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autofree char *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL, *o7 = NULL, *e7 = NULL, *o8 = NULL, *e8 = NULL;
  g_autofree char *o9 = NULL, *e9 = NULL;

  init_admin (path);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM users WHERE role = 'admin' AND pin_hash LIKE '$argon2id$%'"), ==, 1);
  /* only once */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o1, &e1, "--db", path, "init", "--admin", "boss2", NULL), ==, 1);
  g_assert_nonnull (strstr (e1, "has users already"));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM users"), ==, 1);

  /* the acting administrator's password first, then the new user's PIN */
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD "2468\n", &o2, &e2, "--db", path, "--as", "boss", "user", "add", "chenjing",
                               "--name", "陈静", "--role", "agent", "--title", "资深客服", NULL), ==, 0);
  g_assert_nonnull (strstr (o2, "User “chenjing” added"));
  g_assert_cmpint (run_cli_in ("2468\n", &o3, &e3, "--db", path, "--as", "chenjing", "user", "list", NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "Only an administrator may manage users"));
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o4, &e4, "--db", path, "--as", "boss", "user", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (o4, "chenjing\t陈静\tService agent\tactive\n"));
  g_assert_nonnull (strstr (o4, "boss\t"));
  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o5, &e5, "--db", path, "--as", "boss", "user", "add", "x",
                               "--name", "某人", "--role", "boss", NULL), ==, 2);
  g_assert_nonnull (strstr (e5, "“boss” is not a role"));

  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD "8642\n", &o6, &e6, "--db", path, "--as", "boss", "user", "reset-pin",
                               "chenjing", NULL), ==, 0);
  g_assert_cmpint (run_cli_in ("2468\n", &o7, &e7, "--db", path, "--as", "chenjing", "search", "漏水", NULL), ==, 1);
  g_assert_nonnull (strstr (e7, "Wrong PIN"));

  g_assert_cmpint (run_cli_in (ADMIN_PASSWORD, &o8, &e8, "--db", path, "--as", "boss", "user", "disable", "chenjing", NULL), ==, 0);
  g_assert_cmpint (run_cli_in ("8642\n", &o9, &e9, "--db", path, "--as", "chenjing", "search", "漏水", NULL), ==, 1);
  g_assert_nonnull (strstr (e9, "disabled"));
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM audit_log WHERE action IN ('user_added', 'pin_reset', 'user_disabled') "
                                           "AND user_id = (SELECT id FROM users WHERE login = 'boss')"), ==, 3);
}


/* The commands that only read run while another program holds the write
 * lock (kefu-cli sla check --notify, an import, a desk saving): they take
 * no lock, wait for nobody and see what was committed; a command that
 * writes waits for the lock and says so when it does not come. A command
 * that acts as a user (--as) writes its sign-in to the audit log first
 * (kefu-auth.h): it waits for the lock like a write, and shows nothing
 * until its sign-in is recorded. */
static void
test_reads_while_another_writes (KefuTestDir   *f,
                                 gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (f, "kefu.db");
  g_autofree char *csv = kefu_test_path (f, "out.csv");
  g_autofree char *o = NULL, *e = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;
  g_autofree char *o4 = NULL, *e4 = NULL, *o5 = NULL, *e5 = NULL, *o6 = NULL, *e6 = NULL;
  g_autofree char *o7 = NULL, *e7 = NULL, *o8 = NULL, *e8 = NULL;
  g_autofree char *count = NULL;
  g_autofree char *tickets = NULL;
  g_autofree char *exported = NULL;
  g_auto(GStrv) rows = NULL;
  g_autoptr(KefuStore) other = NULL;
  gint64 started;

  g_assert_cmpint (run_cli (&o, &e, "--db", path, "init", "--demo", "300", "--seed", "4", NULL), ==, 0);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (run_cli_in (PIN, &o, &e, "--db", path, "--as", "xuqiang", "search", "漏水", "--count", NULL), ==, 0);
  count = g_strdup (o);

  /* another program writes, and keeps writing */
  other = kefu_test_other_store_for (path);
  g_assert_true (kefu_store_begin (other, NULL));   /* BEGIN IMMEDIATE: the write lock, held */
  kefu_test_exec (other, "DELETE FROM ticket_search");
  kefu_test_exec (other, "DELETE FROM ticket_attachments");
  kefu_test_exec (other, "INSERT INTO settings (key, value) VALUES ('other_program', 'writing')");

  started = g_get_monotonic_time ();
  g_assert_cmpint (run_cli (&o3, &e3, "--db", path, "check", NULL), ==, 0);
  g_assert_true (g_regex_match_simple ("tickets\\s+300\\n", o3, 0, 0));
  g_assert_nonnull (strstr (o3, "ok"));
  g_assert_cmpint (run_cli (&o5, &e5, "--db", path, "report", "kpi", "--from", "2000-01-01", "--to", "2100-01-01",
                            "--json", NULL), ==, 0);
  tickets = g_strdup_printf ("\"tickets\": %d,", 300);
  g_assert_nonnull (strstr (o5, tickets));
  /* neither waited for the lock (each would have waited 5 s for it) */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * 5 * G_USEC_PER_SEC);
  for (const char *err = e3; err != NULL; err = err == e3 ? e5 : NULL)
    g_assert_null (strstr (err, "locked"));

  /* signing in writes: it waits for the lock, then says who holds it, and
   * shows nothing */
  g_assert_cmpint (run_cli_in (PIN, &o2, &e2, "--db", path, "--as", "xuqiang", "search", "漏水", "--count", NULL), ==, 1);
  g_assert_nonnull (strstr (e2, "locked by another program"));
  g_assert_cmpstr (o2, ==, "");
  g_assert_cmpint (run_cli_in (PIN, &o4, &e4, "--db", path, "--as", "xuqiang", "export", "tickets", "--out", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (e4, "locked by another program"));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));

  /* a command that writes waits for the lock, then says who holds it */
  g_assert_cmpint (run_cli (&o6, &e6, "--db", path, "sla", "check", "--notify", NULL), ==, 1);
  g_assert_nonnull (strstr (e6, "locked by another program"));

  kefu_store_rollback (other);
  g_clear_object (&other);

  /* once it let go: what was committed */
  g_assert_cmpint (run_cli_in (PIN, &o7, &e7, "--db", path, "--as", "xuqiang", "search", "漏水", "--count", NULL), ==, 0);
  g_assert_cmpstr (o7, ==, count);
  g_assert_cmpint (run_cli_in (PIN, &o8, &e8, "--db", path, "--as", "xuqiang", "export", "tickets", "--out", csv, NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv, &exported, NULL, NULL));
  rows = g_strsplit (g_strstrip (exported), "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 301);   /* the header and each ticket */
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  KEFU_TEST_ADD ("/cli/bench/quick", test_bench_quick);
  KEFU_TEST_ADD ("/cli/bench/load-only", test_bench_load_only);
  KEFU_TEST_ADD ("/cli/report/kpi", test_report_kpi);
  KEFU_TEST_ADD ("/cli/init-demo-then-check", test_init_demo_then_check);
  KEFU_TEST_ADD ("/cli/db-from-environment", test_db_from_environment);
  KEFU_TEST_ADD ("/cli/search", test_search);
  KEFU_TEST_ADD ("/cli/reads-while-another-writes", test_reads_while_another_writes);
  KEFU_TEST_ADD ("/cli/calendar-and-sla-due", test_calendar_and_sla_due);
  KEFU_TEST_ADD ("/cli/sla-check-json-and-notify", test_sla_check_notify);
  KEFU_TEST_ADD ("/cli/check/not-a-database", test_check_not_a_database);
  KEFU_TEST_ADD ("/cli/check/messages-in-chinese", test_messages_in_chinese);
  KEFU_TEST_ADD ("/cli/usage-errors", test_usage_errors);
  KEFU_TEST_ADD ("/cli/import/bad-rows", test_import_bad_rows);
  KEFU_TEST_ADD ("/cli/import/exit-status", test_import_exit_status);
  KEFU_TEST_ADD ("/cli/calendar/refused-then-sla-due", test_calendar_refused_then_sla_due);
  KEFU_TEST_ADD ("/cli/export/then-import", test_export_then_import);
  KEFU_TEST_ADD ("/cli/import-export/usage-errors", test_import_export_usage_errors);
  KEFU_TEST_ADD ("/cli/dispatch/rules-and-run", test_dispatch_rules_and_run);
  KEFU_TEST_ADD ("/cli/questions/import-json", test_questions_import_json);
  KEFU_TEST_ADD ("/cli/questions/export-round-trip", test_questions_export_round_trip);
  KEFU_TEST_ADD ("/cli/exam/stats", test_exam_stats);
  KEFU_TEST_ADD ("/cli/auth/acting-user", test_acting_user);
  KEFU_TEST_ADD ("/cli/auth/users", test_users);
  KEFU_TEST_ADD ("/cli/auth/now-on-writes", test_now_on_writes);

  return g_test_run ();
}
