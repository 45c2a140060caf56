/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report.c — the monthly report: its tables, and the PDF and XLSX as
 * a reader opens them (pdfinfo/pdftotext from poppler-utils, unzip) */
#include "config.h"

#include <signal.h>
#include <sys/resource.h>

#include "kefu-demo.h"
#include "kefu-exam.h"
#include "kefu-exam-print.h"
#include "kefu-kpi.h"
#include "kefu-report.h"
#include "kefu-store-private.h"
#include "kefu-test-util.h"

#define NOW TEST_NOW

typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  KefuDemoOptions options = { 3000, 11, NOW };

  kefu_test_dir_setup (&f->dir, data);
  path = kefu_test_path (&f->dir, "kefu.db");
  f->store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_demo_generate (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  kefu_test_dir_teardown (&f->dir, data);
}

static char *
run (const char *tool,
     const char *arg1,
     const char *arg2)
{
  g_autofree char *program = g_find_program_in_path (tool);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  const char *argv[] = { program, arg1, arg2, NULL };

  /* build-aux/kefu installs poppler-utils and unzip */
  g_assert_nonnull (program);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* Chinese in the PDF is set in a Simplified Chinese face whatever the
 * locale (these tests run under C.UTF-8): pdffonts lists the embedded
 * fonts, and no Japanese, Traditional or Korean CJK face is among them. */
static void
assert_simplified_chinese_fonts (const char *path)
{
  g_autofree char *fonts = run ("pdffonts", path, NULL);
  static const char *const others[] = { "CJKjp", "CJKtc", "CJKhk", "CJKkr", "CJK JP", "CJK TC", "CJK KR" };

  if (strstr (fonts, "NotoSansCJKsc") == NULL && strstr (fonts, "WenQuanYi") == NULL)
    g_error ("“%s” has no Simplified Chinese face:\n%s", path, fonts);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    if (strstr (fonts, others[i]) != NULL)
      g_error ("“%s” sets Chinese in %s:\n%s", path, others[i], fonts);
}

/* Each page's lowest line of content, in points from the top, header
 * (above 40 pt) and footer (the last 40 pt) left out: pdftotext -bbox. */
static void
assert_no_near_empty_page (const char *path)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr(GRegex) page_re = g_regex_new ("<page width=\"([0-9.]+)\" height=\"([0-9.]+)\">(.*?)</page>", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) word_re = g_regex_new ("<word xMin=\"[0-9.]+\" yMin=\"([0-9.]+)\" xMax=\"[0-9.]+\" yMax=\"([0-9.]+)\">", 0, 0, NULL);
  g_autoptr(GMatchInfo) page = NULL;
  const char *argv[] = { program, "-bbox", path, "-", NULL };
  int status, n = 0;

  g_assert_nonnull (program);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, NULL));
  g_assert_true (g_regex_match (page_re, out, 0, &page));
  for (; g_match_info_matches (page); g_match_info_next (page, NULL))
    {
      g_autofree char *h = g_match_info_fetch (page, 2);
      g_autofree char *body = g_match_info_fetch (page, 3);
      g_autoptr(GMatchInfo) word = NULL;
      double height = g_ascii_strtod (h, NULL), lowest = 0;

      n++;
      g_regex_match (word_re, body, 0, &word);
      for (; g_match_info_matches (word); g_match_info_next (word, NULL))
        {
          g_autofree char *y0 = g_match_info_fetch (word, 1);
          g_autofree char *y1 = g_match_info_fetch (word, 2);
          double top = g_ascii_strtod (y0, NULL), bottom = g_ascii_strtod (y1, NULL);

          if (top > 40 && bottom < height - 40)
            lowest = MAX (lowest, bottom);
        }
      /* a page is at least a quarter full */
      if (lowest < height / 4)
        g_error ("“%s”: page %d is nearly empty (its content ends %.0f pt down a %.0f pt page)", path, n, lowest, height);
    }
  g_assert_cmpint (n, >=, 6);
}

/* The customer-analysis table covers every ticket of the month once. */
static void
test_customers (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 from, to, sum = 0;
  double share = 0;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(KefuKpiReport) report = NULL;

  g_assert_true (kefu_report_parse_month ("2026-07", &from, &to));
  g_assert_false (kefu_report_parse_month ("2026-13", &from, &to));
  g_assert_false (kefu_report_parse_month ("July", &from, &to));
  g_assert_true (kefu_report_parse_month ("2026-07", &from, &to));
  rows = kefu_report_customers (f->store, from, to, &error);
  report = kefu_kpi_compute (f->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      KefuCustomerRow *r = rows->pdata[i];
      sum += r->tickets;
      share += r->share;
      g_assert_cmpint (r->resolved + r->open, <=, r->tickets);
      g_assert_nonnull (r->plan);
      if (i > 0)
        g_assert_cmpint (r->tickets, <=, ((KefuCustomerRow *) rows->pdata[i - 1])->tickets);
    }
  g_assert_cmpint (sum, ==, (gint64) report->value[KEFU_KPI_TICKETS]);
  g_assert_cmpfloat_with_epsilon (share, 1.0, 1e-9);
}

/* A fault reported again: its first report and every report linked to it. */
static void
test_recurring_faults (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) faults = kefu_report_recurring_faults (f->store, 0, G_MAXINT64, 100, &error);
  gint64 linked = kefu_test_scalar (kefu_store_get_path (f->store), "SELECT count(*) FROM tickets WHERE linked_to IS NOT NULL");
  gint64 firsts = kefu_test_scalar (kefu_store_get_path (f->store),
                                    "SELECT count(DISTINCT linked_to) FROM tickets WHERE linked_to IS NOT NULL");
  gint64 reports = 0;

  g_assert_no_error (error);
  g_assert_cmpint (linked, >, 0);
  for (guint i = 0; i < faults->len; i++)
    reports += ((KefuRecurringFault *) faults->pdata[i])->reports;
  if (firsts <= 100)
    g_assert_cmpint (reports, ==, linked + firsts);
  g_assert_cmpint (((KefuRecurringFault *) faults->pdata[0])->reports, >=, 2);
}

static void
test_monthly_pdf (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "report.pdf");
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) pages = g_regex_new ("Pages:\\s+(\\d+)", 0, 0, NULL);
  gint64 from, to;
  g_autoptr(KefuKpiReport) report = NULL;
  g_autofree char *tickets = NULL;

  g_assert_true (kefu_report_monthly (f->store, "2026-07", path, &error));
  g_assert_no_error (error);
  info = run ("pdfinfo", path, NULL);
  g_assert_true (g_regex_match (pages, info, 0, &match));
  {
    g_autofree char *n = g_match_info_fetch (match, 1);
    /* cover, KPIs, three chart pages, customers (and faults) */
    g_assert_cmpint (atoi (n), >=, 6);
  }
  g_assert_nonnull (strstr (info, "Monthly Service Report"));
  text = run ("pdftotext", path, "-");
  g_assert_true (kefu_report_parse_month ("2026-07", &from, &to));
  report = kefu_kpi_compute (f->store, from, to, &error);
  tickets = g_strdup_printf ("%.0f tickets", report->value[KEFU_KPI_TICKETS]);
  g_assert_nonnull (strstr (text, tickets));              /* the cover's figure */
  g_assert_nonnull (strstr (text, "July 2026"));
  g_assert_nonnull (strstr (text, "Complaint closure"));
  g_assert_nonnull (strstr (text, "Customer analysis"));
  g_assert_nonnull (strstr (text, "租户"));                /* Chinese text is real text, not shapes */
  g_assert_nonnull (strstr (text, "Recurring faults"));
  g_assert_false (g_file_test (path, G_FILE_TEST_IS_DIR));
  assert_simplified_chinese_fonts (path);
  assert_no_near_empty_page (path);

  /* a name that is neither: refused, nothing written */
  {
    g_autofree char *bad = kefu_test_path (&f->dir, "report.doc");
    g_assert_false (kefu_report_monthly (f->store, "2026-07", bad, &error));
    g_assert_error (error, KEFU_REPORT_ERROR, KEFU_REPORT_ERROR_FORMAT);
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
    g_assert_false (kefu_report_monthly (f->store, "2026-7-1", path, &error));
    g_assert_error (error, KEFU_REPORT_ERROR, KEFU_REPORT_ERROR_FORMAT);
  }
}

/* A customer category is a name: the PDF's customer table never breaks
 * one across lines ("业主委员会\n委员"), however long; pdftotext reads
 * each whole. */
static void
test_monthly_pdf_names_whole (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "names.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *sql = NULL;
  gint64 from, to;
  gboolean long_name = FALSE;

  g_assert_true (kefu_report_parse_month ("2026-07", &from, &to));
  /* an owner who called in July is tagged with a long category name */
  sql = g_strdup_printf ("CREATE TEMP TABLE caller AS SELECT owner_id AS id FROM tickets WHERE owner_id IS NOT NULL "
                         "AND created_at >= %" G_GINT64_FORMAT " AND created_at < %" G_GINT64_FORMAT " LIMIT 1; "
                         "DELETE FROM owner_tags WHERE owner_id = (SELECT id FROM caller); "
                         "INSERT INTO owner_tags (owner_id, tag) SELECT id, '业主委员会委员' FROM caller;", from, to);
  kefu_test_exec_script (f->store, sql);
  g_assert_true (kefu_report_monthly (f->store, "2026-07", path, &error));
  g_assert_no_error (error);
  text = run ("pdftotext", path, "-");
  rows = kefu_report_customers (f->store, from, to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *name = ((KefuCustomerRow *) rows->pdata[i])->category;

      if (strstr (text, name) == NULL)
        g_error ("the category “%s” is broken across lines in the PDF", name);
      long_name |= g_str_equal (name, "业主委员会委员");
    }
  g_assert_true (long_name);
}

static void
test_monthly_xlsx (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "report.xlsx");
  g_autofree char *listing = NULL;
  g_autofree char *strings = NULL;
  g_autofree char *chart = NULL;

  g_assert_true (kefu_report_monthly (f->store, "2026-07", path, &error));
  g_assert_no_error (error);
  listing = run ("unzip", "-l", path);
  /* six sheets and three native charts */
  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *sheet = g_strdup_printf ("xl/worksheets/sheet%u.xml", i);
      g_assert_nonnull (strstr (listing, sheet));
    }
  g_assert_nonnull (strstr (listing, "xl/charts/chart3.xml"));
  {
    g_autofree char *program = g_find_program_in_path ("unzip");
    const char *argv[] = { program, "-p", path, "xl/sharedStrings.xml", NULL };
    const char *argv2[] = { program, "-p", path, "xl/charts/chart2.xml", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &strings, NULL, NULL, NULL));
    g_assert_true (g_spawn_sync (NULL, (char **) argv2, NULL, 0, NULL, NULL, &chart, NULL, NULL, NULL));
  }
  g_assert_nonnull (strstr (strings, "租户"));
  g_assert_nonnull (strstr (strings, "Customer category"));
  g_assert_nonnull (strstr (chart, "doughnutChart"));
}

/* The disk fills half-way (the process's file-size limit makes writes
 * past 16 KiB fail, as a full disk would): the PDF and the XLSX leave no
 * file, cut or temporary, and an old report keeps its contents. */
static void
test_monthly_fails_half_way (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *dir = kefu_test_path (&f->dir, "reports");
  g_autofree char *old = g_build_filename (dir, "old.pdf", NULL);
  g_autofree char *pdf = g_build_filename (dir, "new.pdf", NULL);
  g_autofree char *xlsx = g_build_filename (dir, "new.xlsx", NULL);
  g_autofree char *scratch = kefu_test_path (&f->dir, "whole.pdf");
  g_autofree char *scratch_xlsx = kefu_test_path (&f->dir, "whole.xlsx");
  g_autofree char *contents = NULL;
  g_autoptr(GError) e1 = NULL, e2 = NULL, e3 = NULL;
  struct rlimit saved, small;
  gboolean ok1, ok2, ok3;
  GDir *d;
  const char *name;
  guint n = 0;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (old, "last month's report\n", -1, NULL));
  /* once whole first: the month's figures are computed and kept, so the
   * database is not written under the limit */
  g_assert_true (kefu_report_monthly (f->store, "2026-07", scratch, &e1));
  g_assert_true (kefu_report_monthly (f->store, "2026-07", scratch_xlsx, &e1));
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small = saved;
  small.rlim_cur = 16 * 1024;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  ok1 = kefu_report_monthly (f->store, "2026-07", pdf, &e1);
  ok2 = kefu_report_monthly (f->store, "2026-07", old, &e2);
  ok3 = kefu_report_monthly (f->store, "2026-07", xlsx, &e3);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

  g_assert_false (ok1);
  g_assert_error (e1, KEFU_REPORT_ERROR, KEFU_REPORT_ERROR_WRITE);
  g_assert_false (ok2);
  g_assert_error (e2, KEFU_REPORT_ERROR, KEFU_REPORT_ERROR_WRITE);
  g_assert_false (ok3);
  g_assert_error (e3, KEFU_REPORT_ERROR, KEFU_REPORT_ERROR_WRITE);
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_assert_cmpstr (name, ==, "old.pdf");
      n++;
    }
  g_dir_close (d);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (g_file_get_contents (old, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "last month's report\n");
}

/* A paper exam: versions A and B in their own orders, each with its
 * answer sheet, as the keying-in expects them. */
static void
test_exam_print (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "paper.pdf");
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  const char *labels[] = { "A", "B", NULL };
  gint64 exam = kefu_test_scalar (kefu_store_get_path (f->store), "SELECT min(id) FROM exams");
  g_autoptr(GPtrArray) a = kefu_exam_paper_version (f->store, exam, "A", &error);
  g_autoptr(GPtrArray) b = kefu_exam_paper_version (f->store, exam, "B", &error);
  const char *in_a, *in_b, *sheet_a;
  g_autofree char *first_a = NULL, *first_b = NULL;

  g_assert_no_error (error);
  /* the answer sheets are a trainer's to print (kefu-auth.h) */
  kefu_store_set_actor (f->store, kefu_test_scalar (kefu_store_get_path (f->store), "SELECT id FROM users WHERE login = 'guohong'"));
  g_assert_true (kefu_exam_print_versions (f->store, exam, labels, path, &error));
  g_assert_no_error (error);
  info = run ("pdfinfo", path, NULL);
  g_assert_true (g_regex_match_simple ("Pages:\\s+([4-9]|1[0-9])\\b", info, 0, 0));
  text = run ("pdftotext", path, "-");
  /* each version starts with its own first question */
  first_a = g_strndup (((KefuAttemptItem *) a->pdata[0])->question->stem, 12);
  first_b = g_strndup (((KefuAttemptItem *) b->pdata[0])->question->stem, 12);
  in_a = strstr (text, "version A");
  in_b = strstr (text, "version B");
  sheet_a = strstr (text, "Answer sheet");
  g_assert_nonnull (in_a);
  g_assert_nonnull (in_b);
  g_assert_nonnull (sheet_a);
  g_assert_true (in_a < sheet_a && sheet_a < in_b);
  g_assert_nonnull (strstr (in_a, first_a));
  g_assert_nonnull (strstr (in_b, first_b));
  assert_simplified_chinese_fonts (path);
  /* a version that is not a letter is refused, and nothing is written */
  {
    g_autofree char *bad = kefu_test_path (&f->dir, "bad.pdf");
    const char *wrong[] = { "A1", NULL };
    g_assert_false (kefu_exam_print_versions (f->store, exam, wrong, bad, &error));
    g_assert_nonnull (error);
    g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  }
}

/* The month under way (the clock on 25 November): its figures so far are
 * compared with the same days of October, and the report says so. */
static void
test_monthly_partial_month (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "partial.pdf");
  g_autofree char *text = NULL;
  g_autofree char *layout = NULL;
  g_autoptr(KefuKpiReport) now = NULL;
  g_autoptr(KefuKpiReport) before = NULL;
  g_autoptr(GRegex) row = g_regex_new ("Tickets\\s+(\\d+)\\s+(\\d+)\\s+([-+]\\d+)\\s", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  gint64 from, to, oct_from, oct_to;

  kefu_store_set_now (f->store, NOW);
  g_assert_true (kefu_report_parse_month ("2026-11", &from, &to));
  g_assert_true (kefu_report_parse_month ("2026-10", &oct_from, &oct_to));
  g_assert_true (NOW > from && NOW < to);
  g_assert_true (kefu_report_monthly (f->store, "2026-11", path, &error));
  g_assert_no_error (error);
  {
    /* words as a reader reads them, whatever the table's line breaks; the
     * layout keeps a table row on one line */
    g_autofree char *program = g_find_program_in_path ("pdftotext");
    const char *argv[] = { program, "-layout", path, "-", NULL };
    g_autofree char *raw = run ("pdftotext", path, "-");
    g_autofree char *raw_layout = NULL;
    g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &raw_layout, NULL,
                                 NULL, NULL));
    text = g_regex_replace_literal (space, raw, -1, 0, " ", 0, NULL);
    layout = g_regex_replace_literal (space, raw_layout, -1, 0, " ", 0, NULL);
  }
  g_assert_nonnull (strstr (text, "This month so far"));
  g_assert_nonnull (strstr (text, "Same days last month"));
  g_assert_nonnull (strstr (text, "November 2026 is not over"));
  g_assert_nonnull (strstr (text, "2026-10-25 10:00"));   /* October up to the same moment */

  now = kefu_kpi_compute (f->store, from, NOW, &error);
  before = kefu_kpi_compute (f->store, oct_from, oct_from + (NOW - from), &error);
  g_assert_no_error (error);
  /* the whole of October has clearly more tickets than its first 24 days */
  {
    g_autoptr(KefuKpiReport) october = kefu_kpi_compute (f->store, oct_from, oct_to, &error);
    g_assert_cmpfloat (october->value[KEFU_KPI_TICKETS], >, before->value[KEFU_KPI_TICKETS]);
  }
  if (!g_regex_match (row, layout, 0, &match))
    g_error ("no Tickets row in: %.600s", layout);
  {
    g_autofree char *a = g_match_info_fetch (match, 1);
    g_autofree char *b = g_match_info_fetch (match, 2);
    g_autofree char *c = g_match_info_fetch (match, 3);

    g_assert_cmpfloat (g_ascii_strtod (a, NULL), ==, now->value[KEFU_KPI_TICKETS]);
    g_assert_cmpfloat (g_ascii_strtod (b, NULL), ==, before->value[KEFU_KPI_TICKETS]);
    g_assert_cmpfloat (g_ascii_strtod (c, NULL), ==, now->value[KEFU_KPI_TICKETS] - before->value[KEFU_KPI_TICKETS]);
  }
  /* a whole month says nothing of the kind */
  {
    g_autofree char *whole = kefu_test_path (&f->dir, "october.pdf");
    g_autofree char *oct_text = NULL;

    g_assert_true (kefu_report_monthly (f->store, "2026-10", whole, &error));
    oct_text = run ("pdftotext", whole, "-");
    g_assert_null (strstr (oct_text, "so far"));
    g_assert_true (g_regex_match_simple ("Last\\s+month", oct_text, 0, 0));
    assert_no_near_empty_page (whole);
  }
  assert_no_near_empty_page (path);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/core/report/customer-analysis-covers-the-month", test_customers);
  ADD ("/core/report/recurring-faults", test_recurring_faults);
  ADD ("/core/report/monthly-pdf-pages-and-text", test_monthly_pdf);
  ADD ("/core/report/monthly-pdf-names-whole", test_monthly_pdf_names_whole);
  ADD ("/core/report/monthly-xlsx-sheets-and-charts", test_monthly_xlsx);
  ADD ("/core/report/monthly-partial-month-same-days", test_monthly_partial_month);
  ADD ("/core/report/monthly-fails-half-way", test_monthly_fails_half_way);
  ADD ("/core/report/exam-versions-with-answer-sheets", test_exam_print);
#undef ADD
  return g_test_run ();
}
