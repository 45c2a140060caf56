/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-fuzz-targets.c — what each fuzz target does with one input
 *
 * See kefu-fuzz-targets.h. The database holds a small sample service
 * center (so imports meet existing estates, owners and staff, and searches
 * have tickets to find); whatever an input commits is undone by copying
 * the pristine pages back, so every input meets the same database.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kefu-calendar-store.h"
#include "kefu-desk.h"
#include "kefu-import.h"
#include "kefu-question-io.h"
#include "kefu-search.h"
#include "kefu-store-private.h"

#include "kefu-fuzz-targets.h"

static char      *scratch_dir;
static KefuStore *store;
static sqlite3   *pristine;   /* an in-memory copy of the database as set up */

/* A broken rule: said on stderr, then abort(), which libFuzzer catches and
 * saves the input for (it does not catch the SIGTRAP of g_error()). */
static void fail (const char *format, ...) G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN;

static void
fail (const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  fputs ("fuzz: ", stderr);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
  abort ();
}

/* GLib's criticals and warnings abort the same way. */
static GLogWriterOutput
write_log (GLogLevelFlags   log_level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  GLogWriterOutput out = g_log_writer_standard_streams (log_level, fields, n_fields, user_data);

  if ((log_level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    abort ();
  return out;
}

static void
remove_scratch (void)
{
  GDir *dir;
  const char *name;

  g_clear_object (&store);
  if (pristine != NULL)
    sqlite3_close (pristine);
  pristine = NULL;
  if (scratch_dir == NULL || (dir = g_dir_open (scratch_dir, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (scratch_dir, name, NULL);
      g_remove (path);
    }
  g_dir_close (dir);
  g_rmdir (scratch_dir);
  g_clear_pointer (&scratch_dir, g_free);
}

static void
copy_database (sqlite3    *to,
               sqlite3    *from,
               const char *what)
{
  sqlite3_backup *b = sqlite3_backup_init (to, "main", from, "main");
  int rc;

  if (b == NULL)
    fail ("cannot %s the database: %s", what, sqlite3_errmsg (to));
  rc = sqlite3_backup_step (b, -1);
  sqlite3_backup_finish (b);
  if (rc != SQLITE_DONE)
    fail ("cannot %s the database: %s", what, sqlite3_errstr (rc));
}

/* The base every input meets: the seed files' estates, owners, staff and
 * tickets (a few of each keep an import's lookups cheap). */
static void
load_base (void)
{
  static const struct { const char *file; gboolean owners; } base[] = {
    { "tickets-csv/export-en-utf8-bom.csv", FALSE },
    { "tickets-csv/export-zh-gb18030.csv", FALSE },
    { "owners-csv/zh-utf8-bom.csv", TRUE },
  };
  KefuImportOptions options = { KEFU_IMPORT_ENCODING_AUTO, TRUE, FALSE };

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    {
      g_autofree char *path = g_build_filename (KEFU_FUZZ_CORPUS_DIR, base[i].file, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(KefuImportReport) report =
        base[i].owners ? kefu_import_owners (store, path, &options, NULL, NULL, NULL, &error)
                       : kefu_import_tickets (store, path, &options, NULL, NULL, NULL, &error);

      if (report == NULL || kefu_import_report_get_outcome (report) != KEFU_IMPORT_OUTCOME_IMPORTED)
        fail ("cannot set up the database from %s: %s", path, error != NULL ? error->message : "refused");
    }
}

void
kefu_fuzz_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;

  if (store != NULL)
    return;
  /* An input that makes the core complain through GLib is a finding too. */
  g_log_set_writer_func (write_log, NULL, NULL);

  /* in memory when /dev/shm is there: fsync costs nothing */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && access ("/dev/shm", W_OK) == 0)
    scratch_dir = g_mkdtemp (g_strdup ("/dev/shm/kefu-fuzz-XXXXXX"));
  if (scratch_dir == NULL)
    scratch_dir = g_dir_make_tmp ("kefu-fuzz-XXXXXX", &error);
  if (scratch_dir == NULL)
    fail ("%s", error->message);
  atexit (remove_scratch);
  db_path = g_build_filename (scratch_dir, "kefu.db", NULL);
  store = kefu_store_open (db_path, KEFU_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    fail ("cannot create the database: %s", error->message);
  /* whatever day it is: Wednesday 2026-11-25 10:00 in Shenzhen */
  kefu_store_set_now (store, G_GINT64_CONSTANT (1795572000));
  load_base ();
  if (sqlite3_open (":memory:", &pristine) != SQLITE_OK)
    fail ("no in-memory database");
  copy_database (pristine, kefu_store_get_db (store), "keep");
}

/* The input as a file of the scratch folder, named for its kind. */
static char *
input_file (const char   *name,
            const guint8 *data,
            gsize         size)
{
  char *path = g_build_filename (scratch_dir, name, NULL);
  FILE *f = fopen (path, "wb");

  if (f == NULL || (size > 0 && fwrite (data, 1, size, f) != size) || fclose (f) != 0)
    fail ("cannot write %s", path);
  return path;
}

static void
check_message (const char *what,
               const char *message)
{
  if (message == NULL || *message == '\0' || !g_utf8_validate (message, -1, NULL))
    {
      g_autofree char *escaped = message != NULL ? g_strescape (message, NULL) : NULL;
      fail ("%s without a readable message: “%s”", what, escaped != NULL ? escaped : "(none)");
    }
}

/* What an input committed is checked (integrity, references), then undone. */
static void
after_input (sqlite3_int64 changes_before)
{
  sqlite3 *db = kefu_store_get_db (store);

  if (sqlite3_get_autocommit (db) == 0)
    fail ("an importer left a transaction open");
  if (sqlite3_total_changes64 (db) != changes_before)
    {
      g_autoptr(GString) report = g_string_new (NULL);
      g_autoptr(GError) error = NULL;

      if (!kefu_store_check (store, report, &error))
        fail ("the database fails its check after an import: %s\n%s", error->message, report->str);
      copy_database (db, pristine, "restore");
    }
}

static void
run_csv_import (const guint8 *data,
                gsize         size,
                gboolean      owners)
{
  g_autofree char *path = input_file (owners ? "owners.csv" : "tickets.csv", data, size);
  KefuImportOptions options = { KEFU_IMPORT_ENCODING_AUTO, TRUE, FALSE };
  sqlite3_int64 before = sqlite3_total_changes64 (kefu_store_get_db (store));
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuImportReport) report = NULL;

  report = owners ? kefu_import_owners (store, path, &options, NULL, NULL, NULL, &error)
                  : kefu_import_tickets (store, path, &options, NULL, NULL, NULL, &error);
  if (report == NULL)
    check_message ("a refused file", error != NULL ? error->message : NULL);
  else
    {
      if (kefu_import_report_get_n_imported (report) > kefu_import_report_get_n_rows (report))
        fail ("more rows imported (%u) than read (%u)",
                 kefu_import_report_get_n_imported (report), kefu_import_report_get_n_rows (report));
      for (guint i = 0; i < kefu_import_report_get_n_problems (report); i++)
        {
          g_autofree char *text = kefu_import_problem_format (kefu_import_report_get_problem (report, i));
          check_message ("a problem", text);
        }
    }
  after_input (before);
}

static void
run_tickets_csv (const guint8 *data,
                 gsize         size)
{
  run_csv_import (data, size, FALSE);
}

static void
run_owners_csv (const guint8 *data,
                gsize         size)
{
  run_csv_import (data, size, TRUE);
}

static void
run_questions (const guint8       *data,
               gsize               size,
               KefuQuestionFormat  format)
{
  g_autofree char *path = input_file (format == KEFU_QUESTION_FORMAT_CSV ? "questions.csv" : "questions.gift",
                                      data, size);
  sqlite3_int64 before = sqlite3_total_changes64 (kefu_store_get_db (store));
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuQuestionImport) import = kefu_questions_import_file (store, path, format, "fuzz", &error);

  if (import == NULL)
    check_message ("a refused question file", error != NULL ? error->message : NULL);
  else
    for (guint i = 0; i < import->skipped->len; i++)
      check_message ("a skipped question", g_array_index (import->skipped, KefuQuestionSkip, i).reason);
  after_input (before);
}

static void
run_question_csv (const guint8 *data,
                  gsize         size)
{
  run_questions (data, size, KEFU_QUESTION_FORMAT_CSV);
}

static void
run_gift (const guint8 *data,
          gsize         size)
{
  run_questions (data, size, KEFU_QUESTION_FORMAT_GIFT);
}

/* Read, stored as a calendar, loaded back and used for an SLA sum. */
static void
run_holidays (const guint8 *data,
              gsize         size,
              const char   *name)
{
  g_autofree char *path = input_file (name, data, size);
  sqlite3_int64 before = sqlite3_total_changes64 (kefu_store_get_db (store));
  g_autoptr(GError) error = NULL;
  GArray *days = kefu_holidays_read (path, &error);
  guint n_years = 0;

  if (days == NULL)
    {
      check_message ("a refused holiday file", error != NULL ? error->message : NULL);
      return;
    }
  if (kefu_calendar_store_import (store, "fuzz", KEFU_DEFAULT_BUSINESS_HOURS, days, &n_years, &error))
    {
      g_autoptr(KefuCalendar) calendar = kefu_calendar_store_load (store, "fuzz", &error);

      if (calendar == NULL)
        fail ("a calendar just stored cannot be loaded: %s", error->message);
      if (days->len > 0)
        {
          /* eight working hours from 09:00 UTC of the file's first day */
          g_autoptr(GDateTime) first = NULL;
          const char *date = g_array_index (days, KefuHoliday, 0).date;
          int y = 0, m = 0, d = 0;

          if (sscanf (date, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
              (first = g_date_time_new_utc (y, m, d, 9, 0, 0)) != NULL)
            {
              gint64 start = g_date_time_to_unix (first);
              gint64 end = kefu_calendar_add_minutes (calendar, start, 480);

              if (end < start)
                fail ("eight working hours end before they start");
            }
        }
    }
  else
    check_message ("a calendar not stored", error->message);
  kefu_holidays_free (days);
  after_input (before);
}

static void
run_holiday_json (const guint8 *data,
                  gsize         size)
{
  run_holidays (data, size, "holidays.json");
}

static void
run_ics (const guint8 *data,
         gsize         size)
{
  run_holidays (data, size, "holidays.ics");
}

/* Whatever is typed in the search box (or given to kefu-cli search)
 * runs: the full-text expression built from it is always valid. */
static void
run_search (const guint8 *data,
            gsize         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *tokens = kefu_search_tokens (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) first = NULL;
  KefuTicketQuery query = { .search = text };
  gint64 n = kefu_desk_count_tickets (store, &query, &error);

  if (n < 0)
    fail ("the search “%s” fails: %s", text, error != NULL ? error->message : "?");
  query.sort = "priority";
  first = kefu_desk_query_first_ticket_ids (store, &query, 20, NULL, &error);
  if (first == NULL)
    fail ("the first page of the search “%s” fails: %s", text, error != NULL ? error->message : "?");
  if ((gint64) first->len > n)
    fail ("the search “%s” counts %" G_GINT64_FORMAT " tickets but its first page has %u",
             text, n, first->len);
}

static const KefuFuzzTarget targets[] = {
  { "tickets-csv", run_tickets_csv },
  { "owners-csv", run_owners_csv },
  { "question-csv", run_question_csv },
  { "gift", run_gift },
  { "holiday-json", run_holiday_json },
  { "ics", run_ics },
  { "search", run_search },
};

const KefuFuzzTarget *
kefu_fuzz_targets (guint *n_targets)
{
  *n_targets = G_N_ELEMENTS (targets);
  return targets;
}

const KefuFuzzTarget *
kefu_fuzz_target_find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_str_equal (targets[i].name, name))
      return &targets[i];
  return NULL;
}
