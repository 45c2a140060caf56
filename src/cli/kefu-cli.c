/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli.c — Kefu without a window: set-up, checks, reports
 *
 * Thin: parses options, calls the core, prints. The global options
 * --db FILE and --as LOGIN come before the command (kefu-cli --db x.db
 * --as chenjing search 漏水). Commands that change data or show personal
 * data act as a user: --as LOGIN and that user's PIN, read from the
 * terminal without echo or, when standard input is not a terminal, one
 * per line in the order asked (the acting user's PIN first, then a new
 * one). The core checks that user's rights; only the scheduled
 * "sla check" runs as the system.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-backup.h"
#include "kefu-bench.h"
#include "kefu-demo.h"
#include "kefu-calendar-store.h"
#include "kefu-cohort.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-sla.h"
#include "kefu-engine.h"
#include "kefu-enums.h"
#include "kefu-exam.h"
#include "kefu-exam-admin.h"
#include "kefu-exam-print.h"
#include "kefu-export.h"
#include "kefu-import.h"
#include "kefu-kpi.h"
#include "kefu-kpi-charts.h"
#include "kefu-report.h"
#include "kefu-item-stats.h"
#include "kefu-cases.h"
#include "kefu-people.h"
#include "kefu-trainers.h"
#include "kefu-privacy.h"
#include "kefu-question-io.h"
#include "kefu-store.h"

#include "kefu-cli-private.h"

/* --as LOGIN: who the command acts as */
static const char *as_login;

/* Opens an existing database once a command's options are known to be
 * good: only init creates one. */
KefuStore *
open_store (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  KefuStore *store;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_("There is no database “%s”. Create one with “kefu-cli --db %s init”, or check --db and KEFU_DB.\n"),
                  db_path, db_path);
      return NULL;
    }
  store = kefu_store_open (db_path, KEFU_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    g_printerr ("%s\n", error->message);
  return store;
}

/* How long a read-only command waits for a lock: in WAL, reading needs
 * none; this covers only a rare moment (a file being recovered) and the
 * KPI roll-up's refresh, which counts from the tickets instead when
 * another program is writing. */
#define READ_BUSY_TIMEOUT_MS 250

/* For the commands that only read: opened without migrating and without
 * the write lock, so they run while another program writes (an SLA pass,
 * an import). A file that is not yet at this version, or does not exist,
 * is opened as the writing commands open it. */
KefuStore *
open_store_to_read (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  KefuStore *store;

  if (!g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
    return open_store (db_path);
  store = kefu_store_open (db_path, KEFU_STORE_OPEN_READER, &error);
  if (store == NULL && g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN))
    return open_store (db_path);   /* to migrate first */
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  kefu_store_set_busy_timeout (store, READ_BUSY_TIMEOUT_MS);
  return store;
}

/* One secret: from a terminal without echo (the prompt on standard
 * error), otherwise the next line of standard input. NULL at its end. */
static char *
read_secret (const char *prompt)
{
  GString *line = g_string_new (NULL);
  struct termios old, quiet;
  gboolean tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &old) == 0;
  gboolean got = FALSE;
  int c;

  if (tty)
    {
      fprintf (stderr, "%s", prompt);
      fflush (stderr);
      quiet = old;
      quiet.c_lflag &= ~(ECHO | ECHONL);
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  while ((c = getchar ()) != EOF)
    {
      got = TRUE;
      if (c == '\n')
        break;
      g_string_append_c (line, (char) c);
    }
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
      fprintf (stderr, "\n");
    }
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  if (!got)
    {
      g_string_free (line, TRUE);
      return NULL;
    }
  return g_string_free (line, FALSE);
}

void
free_secret (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* A new PIN or password: asked twice on a terminal, once from a pipe. */
char *
read_new_secret (const char *prompt,
                 const char *again)
{
  char *first = read_secret (prompt);
  g_autoptr(Secret) second = NULL;

  if (first == NULL)
    {
      g_printerr ("%s\n", _("No new PIN was given."));
      return NULL;
    }
  if (!isatty (STDIN_FILENO))
    return first;
  second = read_secret (again);
  if (g_strcmp0 (first, second) != 0)
    {
      g_printerr ("%s\n", _("The two entries differ; nothing was changed."));
      free_secret (first);
      return NULL;
    }
  return first;
}

/* Signs in as --as LOGIN with the PIN read first. A wrong PIN is counted
 * towards the lock and audited by the core; the command then stops. */
static gboolean
act_as_user (KefuStore  *store,
             const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) found = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autoptr(Secret) pin = NULL;
  g_autofree char *prompt = NULL;

  if (as_login == NULL)
    {
      g_printerr (_("%s changes data or shows personal data: say who you are with --as LOGIN before the command "
                    "(kefu-cli --as LOGIN %s …); your PIN is asked next.\n"), command, command);
      return FALSE;
    }
  found = kefu_desk_find_user (store, as_login, NULL);
  if (found == NULL)
    {
      g_printerr (_("There is no user “%s”.\n"), as_login);
      return FALSE;
    }
  /* Translators: asked on the terminal; %s is the user's name, then login */
  prompt = g_strdup_printf (_("PIN for %s (%s): "), kefu_user_get_name (found), as_login);
  pin = read_secret (prompt);
  if (pin == NULL)
    {
      g_printerr (_("No PIN was given for “%s”.\n"), as_login);
      return FALSE;
    }
  user = kefu_auth_sign_in_login (store, as_login, pin, &error);
  if (user == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/* The database, with --as LOGIN signed in; NULL (and a message) otherwise. */
KefuStore *
open_store_as (const char *db_path,
               const char *command)
{
  g_autoptr(KefuStore) store = NULL;

  if (as_login == NULL)
    {
      act_as_user (NULL, command);
      return NULL;
    }
  store = open_store (db_path);
  if (store == NULL || !act_as_user (store, command))
    return NULL;
  return g_steal_pointer (&store);
}

/* The same for the commands that only read (open_store_to_read): the
 * sign-in itself writes its audit row, so it may wait for the write lock
 * as long as a writing command would. */
KefuStore *
open_store_to_read_as (const char *db_path,
                       const char *command)
{
  g_autoptr(KefuStore) store = NULL;
  gboolean ok;

  if (as_login == NULL)
    {
      act_as_user (NULL, command);
      return NULL;
    }
  store = open_store_to_read (db_path);
  if (store == NULL)
    return NULL;
  kefu_store_set_busy_timeout (store, 5000);
  ok = act_as_user (store, command);
  kefu_store_set_busy_timeout (store, READ_BUSY_TIMEOUT_MS);
  return ok ? g_steal_pointer (&store) : NULL;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n\n%s\n%s\n%s\n%s\n",
           _("Usage: kefu-cli [--db FILE] [--as LOGIN] COMMAND [OPTIONS…]"),
           _("Commands:"),
           _("  init [--demo [N]] [--seed S] [--now T]   create the database; --demo loads a sample service center with N tickets (default 5000) ending at T (default: now)\n"
             "  init --admin LOGIN [--name NAME]   create the database with its administrator (asks for a password)"),
           _("  check                           check the database's integrity, print its schema version and counts"),
           _("  search QUERY [--limit N] [--count]   the matching tickets, newest first"),
           _("  import tickets|owners FILE.csv [--encoding utf-8|gb18030] [--skip-bad] [--dry-run]\n"
             "                                  add tickets or owners from a CSV file (UTF-8 or GB18030, English or Chinese headers)"),
           _("  export tickets --out FILE [--format csv|xlsx] [--from DATE] [--to DATE] [--chinese-headers] [--full]\n"
             "                                  write the tickets created from DATE up to (not including) the --to DATE;\n"
             "                                  names and phones are masked unless --full (a right of its own, audited)"),
           _("  calendar import FILE [--name NAME] [--hours \"Mon-Fri 09:00-18:00\"]   holidays from holiday-cn JSON or iCalendar\n"
             "  calendar show NAME --year YYYY   the year's days off and make-up working days"),
           _("  sla due --calendar NAME --start \"YYYY-MM-DD HH:MM\" --minutes N   when N working minutes end\n"
             "  sla check [--now \"YYYY-MM-DD HH:MM\"] [--json] [--notify]   tickets in warning and breach"),
           _("  report kpi --from YYYY-MM-DD --to YYYY-MM-DD [--json]   the KPIs of the tickets created in that period\n"
             "  report chart KIND --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.png|svg|pdf [--width W --height H]\n"
             "                                  one of the dashboard's charts: trend, by-kind, by-channel, by-subtype, kind-share,\n"
             "                                  response-histogram, heatmap, arrivals, targets, agents\n"
             "  report monthly --month YYYY-MM --out FILE.pdf|xlsx   the month's report for management"),
           _("  dispatch run [--dry-run] [--now \"YYYY-MM-DD HH:MM\"]   dispatch the unassigned queue by the rules\n"
             "  dispatch rules                  the dispatch rules in the order they are tried\n"
             "  dispatch score YYYY-MM          score the contractors for a month; below 80 suspends them"),
           _("  bench [--tickets N] [--seed S] [--runs N] [--json] [--keep FILE]   measure Kefu's speed on N tickets (default 1,000,000)"),
           _("  questions import FILE [--bank NAME] [--json]   add a GIFT file or a CSV template to a question bank\n"
             "  questions export --bank NAME --format gift|csv --out FILE   write a question bank\n"
             "  exam stats EXAM [--json]        score distribution, pass rate and each question's facility and discrimination\n"
             "  exam print EXAM --out FILE.pdf [--versions A,B]   printed versions with their answer sheets\n"
             "  training cohorts [--json]       the cohorts: a course's runs, with dates and members\n"
             "  training report COHORT [--json] [--out FILE.xlsx|pdf]   the cohort's four-level evaluation: reaction, learning,\n"
             "                                  behaviour, results"),
           _("  training checkpoints COHORT     the 1-, 3- and 6-month follow-up after the course\n"
             "  training observe COHORT LOGIN --week N --phrases PERCENT [--handling MIN] --cooperation 1-5 [--note TEXT]\n"
             "                                  the supervisor's weekly observation form"),
           _("  training certificates [LOGIN] [--expiring DAYS] [--json]   certificates with their dates; --expiring: the renewals due\n"
             "  training certify COHORT         issue certificates to the cohort's members who passed its exam and practical\n"
             "  training certificate ID --out FILE.pdf   print a certificate"),
           _("  user add LOGIN --name NAME --role ROLE [--title TITLE]   a new user, with a PIN (asked after yours)\n"
             "  user list | user disable LOGIN | user enable LOGIN | user reset-pin LOGIN   manage users (administrators)"),
           _("  people profile LOGIN [--quarter YYYY-Qn] [--json]   a person's capability radar with its sources, modules, practicals, KPIs, goals\n"
             "  people appraisal --quarter YYYY-Qn|--year YYYY [--json]   every agent's appraisal grade\n"
             "  people goal add LOGIN --kpi KPI --target N --deadline YYYY-MM-DD | people goal list [LOGIN]   SMART goals\n"
             "  people source list | people source set KIND KEY --family FAMILY [--weight W]   the radar's sources\n"
             "  people review start LOGIN --quarter YYYY-Qn --peers A,B,C | answer ROUND --scores N,N,N,N,N | show ROUND   360° reviews\n"
             "  people case from-ticket NUMBER [--save] | people case list   the case library: a ticket as a case, personal data removed"),
           _("  audit verify [--anchor ID:SHA256]   check the audit log's hash chain and its anchor; names the first broken entry\n"
             "  owner erase OWNER_ID             anonymise an owner everywhere (an erasure request; the tickets stay)"),
           _("  backup [--out FILE]             back up now (online, checked): into the backup folder with retention, or to FILE\n"
             "  backup list | backup config [--folder DIR] [--budget MB]   the backups; where they go and the space they may use\n"
             "  restore BACKUP                  replace the database by a checked backup; the current file is kept aside"),
           _("  server init URI                 create Kefu’s schema and group roles on a PostgreSQL server (server mode is in progress)\n"
             "  migrate --from FILE --to URI    copy a database file to an empty server, every table counted and checksummed"),
           _("The database is $XDG_DATA_HOME/kefu/kefu.db unless --db FILE or KEFU_DB says otherwise. Only init creates one."),
           _("Commands that change data or show personal data need --as LOGIN and that user's PIN: typed without echo, "
             "or one per line on standard input (your PIN first, then a new one)."),
           _("--now on a command that writes (dispatch run, sla check --notify) is an administrator's (--as): "
             "the audit log records it at the real time."),
           _("Run “kefu-cli COMMAND --help” for a command’s options."));
}

gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *out)
{
  return g_ascii_string_to_unsigned (text, 10, 0, max, out, NULL);
}

void
progress_cb (double      fraction,
             const char *message,
             gpointer    user_data)
{
  static char last[256];

  if (g_strcmp0 (last, message) != 0)
    {
      g_strlcpy (last, message, sizeof last);
      fprintf (stderr, "%3.0f%%  %s\n", fraction * 100, message);
    }
}

/* The first line of a description, at most @max characters. */
static char *
first_line (const char *text,
            glong       max)
{
  const char *end = text != NULL ? strchr (text, '\n') : NULL;
  g_autofree char *line = text == NULL ? g_strdup ("")
                          : end != NULL ? g_strndup (text, end - text) : g_strdup (text);

  if (g_utf8_strlen (line, -1) > max)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, max - 1);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&line);
}

static int
cmd_search (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  KefuTicketQuery q = { NULL, NULL };
  guint64 limit = 50;
  gboolean count = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--count"))
        count = TRUE;
      else if (g_str_equal (argv[i], "--limit") && i + 1 < argc)
        {
          if (!parse_uint (argv[++i], G_MAXUINT32, &limit))
            {
              g_printerr (_("search: --limit takes a whole number, not “%s”.\n"), argv[i]);
              return 2;
            }
        }
      else if (g_str_equal (argv[i], "--help"))
        {
          g_print ("%s\n", _("Usage: kefu-cli [--db FILE] search QUERY [--limit N] [--count]"));
          return 0;
        }
      else if (g_str_has_prefix (argv[i], "--"))
        {
          g_printerr (_("search: unknown option “%s”.\n"), argv[i]);
          return 2;
        }
      else
        g_string_append_printf (query, "%s%s", query->len ? " " : "", argv[i]);
    }
  if (query->len == 0)
    {
      g_printerr ("%s\n", _("search: say what to look for, e.g. kefu-cli search 漏水"));
      return 2;
    }

  /* the lines show places and descriptions: someone answers for reading them */
  store = open_store_to_read_as (db_path, "search");
  if (store == NULL)
    return 1;
  q.search = query->str;
  ids = kefu_desk_query_ticket_ids (store, &q, NULL, &error);
  if (ids == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (count)
    {
      g_print ("%u\n", ids->len);
      return 0;
    }
  for (guint start = 0; start < MIN (ids->len, limit); start += 256)
    {
      guint n = MIN (256, MIN (ids->len, limit) - start);
      g_autoptr(GPtrArray) tickets = kefu_desk_load_tickets (store, &g_array_index (ids, gint64, start), n, &error);

      if (tickets == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      for (guint i = 0; i < tickets->len; i++)
        {
          KefuTicket *t = tickets->pdata[i];
          g_autofree char *masked = kefu_mask_phones_in_text (kefu_ticket_get_description (t));
          g_autofree char *line = first_line (masked, 40);

          g_print ("%s\t%s\t%s\t%s\n", kefu_ticket_get_number (t),
                   kefu_code_label (KEFU_CODES_STATUS, kefu_ticket_get_status (t)),
                   kefu_ticket_get_location (t), line);
        }
    }
  return 0;
}

/* Columns on a terminal: Chinese characters take two. */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

/* --from and --to (names[0], names[1]) as the days [from, to); says what
 * is wrong otherwise. */
static gboolean
parse_period (const char **names,
              const char **values,
              gint64      *from,
              gint64      *to)
{
  for (guint i = 0; i < 2; i++)
    if (!kefu_export_parse_date (values[i], i == 0 ? from : to))
      {
        g_printerr (_("report: %s takes a day like “2025-07-01”, not “%s”.\n"), names[i], values[i]);
        return FALSE;
      }
  if (*to <= *from)
    {
      g_printerr ("%s\n", _("report: --to must be a later day than --from (the --to day itself is not included)."));
      return FALSE;
    }
  return TRUE;
}

/* report kpi: the dashboard's figures, as text or JSON */
static int
report_kpi (const char  *db_path,
            int          argc,
            char       **argv)
{
  static const char *names[] = { "--from", "--to", NULL };
  const char *values[2] = { NULL, NULL };
  const char *usage = _("Usage: kefu-cli [--db FILE] report kpi --from YYYY-MM-DD --to YYYY-MM-DD [--json]");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuKpiReport) report = NULL;
  g_autoptr(KefuKpiReport) before = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gint64 from = 0, to = 0;

  for (int i = 0; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (g_str_equal (argv[i], "--help"))
        {
          g_print ("%s\n", usage);
          return 0;
        }
      else
        g_ptr_array_add (rest, argv[i]);
    }
  if (!take_options (rest->len, (char **) rest->pdata, "report", names, values, args))
    return 2;
  if (values[0] == NULL || values[1] == NULL || args->len != 0)
    {
      g_printerr ("%s\n", usage);
      return 2;
    }
  if (!parse_period (names, values, &from, &to))
    return 2;
  store = open_store_to_read (db_path);
  if (store == NULL)
    return 1;
  report = kefu_kpi_compute (store, from, to, &error);
  if (report != NULL)
    before = kefu_kpi_compute (store, from - (to - from), from, &error);
  if (report == NULL || before == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (json)
    {
      g_autofree char *text = kefu_kpi_report_to_json (report);
      g_print ("%s\n", text);
      return 0;
    }
  g_print (_("KPIs of the tickets created from %s up to %s (not included)\n"), values[0], values[1]);
  g_print ("%-28s %12s %12s %12s\n", _("KPI"), _("Value"), _("Target"), _("Before"));
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      const KefuKpiInfo *info = kefu_kpi_info (k);
      g_autofree char *value = kefu_kpi_format (k, report->value[k]);
      g_autofree char *target = kefu_kpi_format (k, info->target);
      g_autofree char *previous = kefu_kpi_format (k, before->value[k]);
      const char *label = _(info->label);
      int pad = 28 - display_width (label);

      g_print ("%s%*s %12s %12s %12s\n", label, MAX (pad, 0), "", value,
               isnan (info->target) ? "" : target, previous);
    }
  return 0;
}

/* report chart KIND: one of the dashboard's charts to PNG, SVG or PDF */
static int
report_chart (const char  *db_path,
              int          argc,
              char       **argv)
{
  static const char *names[] = { "--from", "--to", "--out", "--width", "--height", NULL };
  const char *values[5] = { NULL, NULL, NULL, NULL, NULL };
  const char *usage = _("Usage: kefu-cli [--db FILE] report chart KIND --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.png|svg|pdf [--width W --height H]");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuChart) chart = NULL;
  g_autoptr(GError) error = NULL;
  KefuReportChart which;
  gint64 from = 0, to = 0;
  guint64 width = 1200, height = 700;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      g_print ("%s\n", usage);
      return 0;
    }
  if (!take_options (argc, argv, "report", names, values, args))
    return 2;
  if (args->len != 1 || values[0] == NULL || values[1] == NULL || values[2] == NULL)
    {
      g_printerr ("%s\n", usage);
      return 2;
    }
  if (!kefu_report_chart_from_key (args->pdata[0], &which))
    {
      g_autoptr(GString) kinds = g_string_new (NULL);
      for (KefuReportChart c = 0; c < KEFU_N_REPORT_CHARTS; c++)
        g_string_append_printf (kinds, "%s%s", c ? ", " : "", kefu_report_chart_key (c));
      g_printerr (_("report: no chart “%s”; the charts are %s.\n"), (const char *) args->pdata[0], kinds->str);
      return 2;
    }
  if (!parse_period (names, values, &from, &to))
    return 2;
  if ((values[3] != NULL && (!parse_uint (values[3], 10000, &width) || width < 200)) ||
      (values[4] != NULL && (!parse_uint (values[4], 10000, &height) || height < 150)))
    {
      g_printerr ("%s\n", _("report: --width takes 200 to 10000 and --height 150 to 10000 (pixels or points)."));
      return 2;
    }
  store = open_store_to_read (db_path);
  if (store == NULL)
    return 1;
  chart = kefu_report_chart_build (store, which, from, to, NULL, &error);
  if (chart == NULL || !kefu_chart_export (chart, values[2], width, height, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print (_("Wrote “%s” (%s, %u×%u).\n"), values[2], kefu_report_chart_title (which), (guint) width, (guint) height);
  return 0;
}

/* report monthly: the month's report for management, PDF or XLSX */
static int
report_monthly (const char  *db_path,
                int          argc,
                char       **argv)
{
  static const char *names[] = { "--month", "--out", NULL };
  const char *values[2] = { NULL, NULL };
  const char *usage = _("Usage: kefu-cli [--db FILE] report monthly --month YYYY-MM --out FILE.pdf|xlsx");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 from, to;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      g_print ("%s\n", usage);
      return 0;
    }
  if (!take_options (argc, argv, "report", names, values, args))
    return 2;
  if (args->len != 0 || values[0] == NULL || values[1] == NULL)
    {
      g_printerr ("%s\n", usage);
      return 2;
    }
  if (!kefu_report_parse_month (values[0], &from, &to))
    {
      g_printerr (_("report: --month takes a month like “2026-07”, not “%s”.\n"), values[0]);
      return 2;
    }
  if (!g_str_has_suffix (values[1], ".pdf") && !g_str_has_suffix (values[1], ".xlsx"))
    {
      g_printerr (_("report: “%s”: the report is written as .pdf or .xlsx.\n"), values[1]);
      return 2;
    }
  store = open_store_to_read (db_path);
  if (store == NULL)
    return 1;
  if (!kefu_report_monthly (store, values[0], values[1], &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print (_("Wrote the report for %s to “%s”.\n"), values[0], values[1]);
  return 0;
}

static int
cmd_report (const char  *db_path,
            int          argc,
            char       **argv)
{
  if (argc > 1 && g_str_equal (argv[1], "kpi"))
    return report_kpi (db_path, argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "chart"))
    return report_chart (db_path, argc - 1, argv + 1);
  if (argc > 1 && g_str_equal (argv[1], "monthly"))
    return report_monthly (db_path, argc - 1, argv + 1);
  g_printerr ("%s\n%s\n%s\n", _("Usage: kefu-cli [--db FILE] report kpi --from YYYY-MM-DD --to YYYY-MM-DD [--json]"),
              _("       kefu-cli [--db FILE] report chart KIND --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.png|svg|pdf"),
              _("       kefu-cli [--db FILE] report monthly --month YYYY-MM --out FILE.pdf|xlsx"));
  return 2;
}

static void
print_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

static void
print_questions_usage (FILE *out)
{
  fprintf (out, "%s\n%s\n",
           _("Usage: kefu-cli [--db FILE] --as LOGIN questions import FILE [--bank NAME] [--json]"),
           _("       kefu-cli [--db FILE] --as LOGIN questions export --bank NAME --format gift|csv --out FILE"));
  fprintf (out, "%s\n%s\n",
           _("       kefu-cli [--db FILE] --as LOGIN questions list --bank NAME [--search TEXT] [--type TYPE]"),
           _("       kefu-cli [--db FILE] --as LOGIN questions correct-key ID KEY --reason TEXT"));
}

static int
questions_import (KefuStore  *store,
                  const char *path,
                  const char *bank,
                  gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autoptr(KefuQuestionImport) import = NULL;

  if (bank == NULL)
    {
      char *dot;
      base = g_path_get_basename (path);
      dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        *dot = '\0';
      bank = base;
    }
  import = kefu_questions_import_file (store, path, KEFU_QUESTION_FORMAT_AUTO, bank, &error);
  if (import == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "imported");
      json_builder_begin_object (b);
      for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
        {
          json_builder_set_member_name (b, kefu_question_type_code (t));
          json_builder_add_int_value (b, import->imported[t]);
        }
      json_builder_end_object (b);
      for (guint k = 0; k < 3; k++)
        {
          GArray *list = k == 0 ? import->skipped : k == 1 ? import->duplicates : import->notes;

          json_builder_set_member_name (b, k == 0 ? "skipped" : k == 1 ? "duplicates" : "notes");
          json_builder_begin_array (b);
          for (guint i = 0; i < list->len; i++)
            {
              KefuQuestionSkip *skip = &g_array_index (list, KefuQuestionSkip, i);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "line");
              json_builder_add_int_value (b, skip->line);
              json_builder_set_member_name (b, "reason");
              json_builder_add_string_value (b, skip->reason);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
      print_json (b);
      return import_status (kefu_question_import_total (import), import->skipped->len);
    }
  if (kefu_question_import_total (import) == 0 && import->skipped->len == 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Nothing was imported: the file’s only question is already in the bank.\n",
                          "Nothing was imported: all %u questions of the file are already in the bank.\n",
                          import->duplicates->len),
             import->duplicates->len);
  else if (kefu_question_import_total (import) == 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Nothing was imported: the file’s only question was skipped.\n",
                          "Nothing was imported: all %u questions of the file were skipped.\n", import->skipped->len),
             import->skipped->len);
  else
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u question into the bank “%s” (%s).\n",
                            "Imported %u questions into the bank “%s” (%s).\n", kefu_question_import_total (import)),
               kefu_question_import_total (import), bank, import->encoding);
      for (guint t = 0; t < KEFU_QUESTION_N_TYPES; t++)
        g_print ("  %-24s %u\n", kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (t)),
                 import->imported[t]);
    }
  if (import->skipped->len > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Skipped %u question:\n", "Skipped %u questions:\n", import->skipped->len),
             import->skipped->len);
  for (guint i = 0; i < import->skipped->len; i++)
    {
      KefuQuestionSkip *skip = &g_array_index (import->skipped, KefuQuestionSkip, i);
      g_print (_("  line %u: %s\n"), skip->line, skip->reason);
    }
  if (import->duplicates->len > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Not added again, already in the bank: %u question:\n",
                          "Not added again, already in the bank: %u questions:\n", import->duplicates->len),
             import->duplicates->len);
  for (guint i = 0; i < import->duplicates->len; i++)
    {
      KefuQuestionSkip *skip = &g_array_index (import->duplicates, KefuQuestionSkip, i);
      g_print (_("  line %u: %s\n"), skip->line, skip->reason);
    }
  if (import->notes->len > 0)
    g_print ("%s\n", _("To check:"));
  for (guint i = 0; i < import->notes->len; i++)
    {
      KefuQuestionSkip *skip = &g_array_index (import->notes, KefuQuestionSkip, i);
      g_print (_("  line %u: %s\n"), skip->line, skip->reason);
    }
  return import_status (kefu_question_import_total (import), import->skipped->len);
}

/* kefu-cli questions import|export */
static int
cmd_questions (const char  *db_path,
               int          argc,
               char       **argv)
{
  static const char *names[] = { "--bank", "--format", "--out", "--search", "--type", "--reason", NULL };
  const char *values[6] = { NULL, NULL, NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      print_questions_usage (stdout);
      return 0;
    }
  g_ptr_array_add (rest, argv[0]);
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else
        g_ptr_array_add (rest, argv[i]);
    }
  if (!take_options (rest->len, (char **) rest->pdata, "questions", names, values, args))
    return 2;

  if (args->len == 2 && g_str_equal (args->pdata[0], "import") && values[1] == NULL && values[2] == NULL)
    {
      store = open_store_as (db_path, "questions");
      if (store == NULL)
        return 1;
      return questions_import (store, args->pdata[1], values[0], json);
    }
  if (args->len == 1 && g_str_equal (args->pdata[0], "export") && values[0] != NULL && values[2] != NULL && !json)
    {
      KefuQuestionFormat format;
      gint64 bank;
      guint n = 0;

      if (g_strcmp0 (values[1], "gift") == 0)
        format = KEFU_QUESTION_FORMAT_GIFT;
      else if (g_strcmp0 (values[1], "csv") == 0)
        format = KEFU_QUESTION_FORMAT_CSV;
      else
        {
          g_printerr (_("questions: --format takes gift or csv, not “%s”.\n"), values[1] != NULL ? values[1] : "");
          return 2;
        }
      /* the file holds the answers: a trainer's, a supervisor's or an administrator's */
      store = open_store_to_read_as (db_path, "questions");
      if (store == NULL)
        return 1;
      bank = kefu_bank_find (store, values[0], &error);
      if (bank <= 0 || !kefu_questions_export_file (store, bank, format, values[2], &n, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u question to %s\n", "Exported %u questions to %s\n", n),
               n, values[2]);
      return 0;
    }
  if (args->len == 1 && g_str_equal (args->pdata[0], "list") && values[0] != NULL && !json)
    {
      KefuQuestionFilter filter = { values[3], -1, NULL, NULL, FALSE };
      KefuQuestionType type;
      g_autoptr(GPtrArray) list = NULL;
      gint64 bank;

      if (values[4] != NULL)
        {
          if (!kefu_question_type_parse (values[4], &type))
            {
              g_printerr (_("questions: “%s” is not a question type.\n"), values[4]);
              return 2;
            }
          filter.type = type;
        }
      /* the list shows the keys */
      store = open_store_to_read_as (db_path, "questions");
      if (store == NULL)
        return 1;
      bank = kefu_bank_find (store, values[0], &error);
      if (bank <= 0 || (list = kefu_bank_search (store, bank, &filter, &error)) == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      for (guint i = 0; i < list->len; i++)
        {
          KefuQuestion *q = list->pdata[i];
          g_autofree char *key = kefu_question_key_text (q);
          g_autofree char *stem = g_utf8_substring (q->stem, 0, MIN (g_utf8_strlen (q->stem, -1), 40));

          if (key != NULL)
            g_strdelimit (key, "\n", '/');
          g_print ("%6" G_GINT64_FORMAT "  %-15s  %-8s  %s\n", q->id, kefu_question_type_code (q->type),
                   key != NULL ? key : "—", stem);
        }
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u question\n", "%u questions\n", list->len), list->len);
      return 0;
    }
  if (args->len == 3 && g_str_equal (args->pdata[0], "correct-key") && !json)
    {
      KefuKeyCorrection result;
      gint64 id = g_ascii_strtoll (args->pdata[1], NULL, 10);

      store = open_store_as (db_path, "questions");
      if (store == NULL)
        return 1;
      if (!kefu_question_correct_key (store, id, args->pdata[2], values[5], &result, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print (_("Key corrected: %u answers marked again, %u scores changed in %u attempts, %u of them now pass or no "
                 "longer pass.\n"), result.n_answers, result.n_changed, result.n_attempts, result.n_pass_changed);
      return 0;
    }
  print_questions_usage (stderr);
  return 2;
}

static void
json_number_or_null (JsonBuilder *b,
                     const char  *name,
                     double       value)
{
  json_builder_set_member_name (b, name);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, round (value * 10000) / 10000);
}

static void
print_stats (KefuExamStats *stats,
             gboolean       json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "exam_id");
      json_builder_add_int_value (b, stats->exam_id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, stats->name);
      json_builder_set_member_name (b, "attempts");
      json_builder_add_int_value (b, stats->n_attempts);
      json_builder_set_member_name (b, "passed");
      json_builder_add_int_value (b, stats->n_passed);
      json_number_or_null (b, "pass_mark", stats->pass_mark);
      json_number_or_null (b, "pass_rate", stats->pass_rate);
      json_number_or_null (b, "mean_percent", stats->mean_percent);
      json_number_or_null (b, "sd_percent", stats->sd_percent);
      json_builder_set_member_name (b, "distribution");
      json_builder_begin_array (b);
      for (guint i = 0; i < KEFU_STATS_N_BINS; i++)
        json_builder_add_int_value (b, stats->bins[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "questions");
      json_builder_begin_array (b);
      for (guint i = 0; i < stats->items->len; i++)
        {
          KefuItemStat *it = stats->items->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "position");
          json_builder_add_int_value (b, it->position);
          json_builder_set_member_name (b, "question_id");
          json_builder_add_int_value (b, it->question_id);
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, kefu_question_type_code (it->type));
          json_builder_set_member_name (b, "attempts");
          json_builder_add_int_value (b, it->n);
          json_number_or_null (b, "facility", it->facility);
          json_number_or_null (b, "discrimination", it->discrimination);
          json_builder_set_member_name (b, "flags");
          json_builder_begin_array (b);
          if (it->too_easy)
            json_builder_add_string_value (b, "too_easy");
          if (it->too_hard)
            json_builder_add_string_value (b, "too_hard");
          if (it->poor_discrimination)
            json_builder_add_string_value (b, "poor_discrimination");
          json_builder_end_array (b);
          json_builder_set_member_name (b, "stem");
          json_builder_add_string_value (b, it->stem);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
      return;
    }

  g_print (_("Paper “%s”: %u graded attempts, %u passed (%.0f%%, pass mark %.0f), mean %.1f%%\n"),
           stats->name, stats->n_attempts, stats->n_passed, 100 * stats->pass_rate, stats->pass_mark,
           stats->mean_percent);
  g_print ("%s\n", _("Score distribution:"));
  for (guint i = 0; i < KEFU_STATS_N_BINS; i++)
    {
      g_autofree char *bar = g_strnfill (stats->bins[i], '#');
      g_print ("  %3u–%3u%%  %4u  %s\n", i * 10, (i + 1) * 10, stats->bins[i], bar);
    }
  g_print ("%s\n", _("Questions (facility: share of the points scored; discrimination: correlation with the rest of the paper):"));
  for (guint i = 0; i < stats->items->len; i++)
    {
      KefuItemStat *it = stats->items->pdata[i];
      g_autoptr(GString) flags = g_string_new (NULL);
      g_autofree char *stem = g_utf8_substring (it->stem, 0, MIN (g_utf8_strlen (it->stem, -1), 30));
      g_autofree char *disc = isnan (it->discrimination) ? g_strdup ("—")
                                                          : g_strdup_printf ("%.2f", it->discrimination);

      if (it->too_easy)
        g_string_append_printf (flags, "%s ", _("too easy"));
      if (it->too_hard)
        g_string_append_printf (flags, "%s ", _("too hard"));
      if (it->poor_discrimination)
        g_string_append_printf (flags, "%s ", _("discriminates poorly"));
      g_print ("  %3u  %5.2f  %6s  %s%s%s\n", it->position, it->facility, disc, flags->str,
               flags->len > 0 ? "· " : "", stem);
    }
}

/* kefu-cli exam stats EXAM [--json] [--out FILE.csv|xlsx] */
static int
cmd_exam (const char  *db_path,
          int          argc,
          char       **argv)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuExamStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  const char *exam = NULL;
  const char *out = NULL;
  gboolean json = FALSE;
  gint64 id;

  if (argc > 1 && g_str_equal (argv[1], "--help"))
    {
      g_print ("%s\n%s\n%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN exam stats EXAM [--json] [--out FILE.csv|xlsx]   "
                                   "EXAM is the paper's id or name"),
               _("       kefu-cli [--db FILE] --as LOGIN exam print EXAM --out FILE.pdf [--versions A,B]"),
               _("       kefu-cli [--db FILE] --as LOGIN exam void ATTEMPT --reason TEXT | exam withdraw EXAM"));
      return 0;
    }
  if (argc > 1 && (g_str_equal (argv[1], "void") || g_str_equal (argv[1], "withdraw")))
    {
      static const char *names[] = { "--reason", NULL };
      const char *values[1] = { NULL };
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      gboolean voiding = g_str_equal (argv[1], "void");
      gboolean ok;

      if (!take_options (argc - 1, argv + 1, "exam", names, values, args) || args->len != 1 ||
          (voiding && values[0] == NULL))
        {
          g_printerr ("%s\n", _("       kefu-cli [--db FILE] --as LOGIN exam void ATTEMPT --reason TEXT | exam withdraw EXAM"));
          return 2;
        }
      store = open_store_as (db_path, "exam");
      if (store == NULL)
        return 1;
      if (voiding)
        ok = kefu_attempt_void (store, g_ascii_strtoll (args->pdata[0], NULL, 10), values[0], &error);
      else
        ok = (id = kefu_exam_find (store, args->pdata[0], &error)) > 0 && kefu_exam_withdraw (store, id, &error);
      if (!ok)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("%s\n", voiding ? _("The attempt was voided.") : _("The paper was withdrawn."));
      return 0;
    }
  if (argc > 1 && g_str_equal (argv[1], "print"))
    {
      static const char *names[] = { "--out", "--versions", NULL };
      const char *values[2] = { NULL, NULL };
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_auto(GStrv) labels = NULL;

      if (!take_options (argc - 1, argv + 1, "exam", names, values, args) || args->len != 1 || values[0] == NULL)
        {
          g_printerr ("%s\n", _("       kefu-cli [--db FILE] --as LOGIN exam print EXAM --out FILE.pdf [--versions A,B]"));
          return 2;
        }
      labels = g_strsplit (values[1] != NULL ? values[1] : "A,B", ",", -1);
      store = open_store_as (db_path, "exam");
      if (store == NULL)
        return 1;
      id = kefu_exam_find (store, args->pdata[0], &error);
      if (id <= 0 || !kefu_exam_print_versions (store, id, (const char * const *) labels, values[0], &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print (_("Wrote versions %s of the paper to “%s”.\n"), values[1] != NULL ? values[1] : "A,B", values[0]);
      return 0;
    }
  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (g_str_equal (argv[i], "--out") && i + 1 < argc)
        out = argv[++i];
      else if (g_str_has_prefix (argv[i], "--") || exam != NULL)
        {
          g_printerr (_("exam: unexpected “%s”.\n"), argv[i]);
          return 2;
        }
      else
        exam = argv[i];
    }
  if (argc < 2 || !g_str_equal (argv[1], "stats") || exam == NULL)
    {
      g_printerr ("%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN exam stats EXAM [--json] [--out FILE.csv|xlsx]   "
                             "EXAM is the paper's id or name"));
      return 2;
    }
  /* everyone's scores: for those whose role may see others' results */
  store = open_store_to_read_as (db_path, "exam");
  if (store == NULL)
    return 1;
  id = kefu_exam_find (store, exam, &error);
  if (id > 0)
    stats = kefu_exam_stats (store, id, &error);
  if (stats == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (out != NULL)
    {
      /* the figures with each choice's analysis, for a spreadsheet */
      if (!kefu_exam_stats_export (store, id, out, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print (_("Wrote the item statistics of “%s” to “%s”.\n"), stats->name, out);
      return 0;
    }
  print_stats (stats, json);
  return 0;
}

/* training: cohorts and their four-level report */
static void
print_padded (const char *text,
              int         width)
{
  g_print ("%s%*s", text, MAX (width - display_width (text), 0), "");
}

static void
print_notes (GPtrArray *notes)
{
  for (guint i = 0; i < notes->len; i++)
    /* Translators: a note under a figure the data is too thin for */
    g_print (_("  Note: %s\n"), (const char *) notes->pdata[i]);
}

static void
print_figure_row (const char                 *indent,
                  const KefuCohortFigureInfo *info,
                  const KefuCohortFigure     *f)
{
  g_autofree char *before = kefu_cohort_figure_format (info, f->before);
  g_autofree char *after = kefu_cohort_figure_format (info, f->after);
  g_autofree char *change = kefu_cohort_figure_change (info, f);
  g_autofree char *target = kefu_cohort_figure_format (info, info->target);

  g_print ("%s", indent);
  print_padded (_(info->label), 28);
  print_padded (before, 12);
  print_padded (after, 12);
  print_padded (change, 22);
  /* Translators: how many tickets (or ratings, complaints) a figure rests on, before and after */
  g_print (_("%lld / %lld cases; target %s%s\n"), (long long) f->n_before, (long long) f->n_after,
           info->higher_is_better ? "≥ " : "≤ ", target);
}

static char *
format_day (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);
  return g_date_time_format (dt, "%Y-%m-%d");
}

static void
print_cohort_report (const KefuCohortReport *r)
{
  g_autofree char *starts = format_day (r->starts_at);
  g_autofree char *ends = format_day (r->ends_at - 1);
  g_autofree char *now = format_day (r->now);
  g_autofree char *until = format_day (r->learning_until - 1);
  g_autofree char *b3 = format_day (r->behaviour_before_from);
  g_autofree char *a3 = format_day (r->behaviour_after_to - 1);
  g_autofree char *b4 = format_day (r->results_before_from);
  g_autofree char *a4 = format_day (r->results_after_to - 1);

  g_print (_("Cohort %lld: %s — course %s\n"), (long long) r->id, r->name, r->course);
  g_print (_("%s to %s · %s · staff group %s · trainer %s · as of %s\n"), starts, ends,
           kefu_cohort_state_label (r->state), r->group != NULL ? r->group : "—", r->trainer != NULL ? r->trainer : "—", now);
  if (isnan (r->attendance_rate))
    g_print (_("Attendance: %u members, %u sessions, %.1f hours; not taken\n"), r->n_members, r->n_sessions, r->planned_hours);
  else
    g_print (_("Attendance: %u members, %u sessions, %.1f hours; %.1f%% attended (target ≥ %.0f%%)\n"), r->n_members,
             r->n_sessions, r->planned_hours, r->attendance_rate * 100, KEFU_COHORT_ATTENDANCE_TARGET * 100);
  print_notes (r->notes[0]);

  g_print ("\n");
  if (r->responses > 0)
    {
      g_print (_("1 Reaction: mean %.2f of 5 (target ≥ %.1f), %u answers, %.0f%% of the members\n"), r->reaction_mean,
               KEFU_COHORT_REACTION_TARGET, r->responses, r->response_rate * 100);
      for (int i = 0; i < KEFU_SURVEY_N_ITEMS; i++)
        {
          g_print ("  ");
          print_padded (kefu_survey_item_label (i), 28);
          g_print ("%.2f\n", r->item_mean[i]);
        }
    }
  else
    g_print ("%s\n", _("1 Reaction: no answers"));
  print_notes (r->notes[1]);

  g_print ("\n");
  {
    g_autofree char *exam = isnan (r->exam_mean) ? g_strdup ("—") : g_strdup_printf ("%.1f", r->exam_mean);
    g_autofree char *practical = isnan (r->practical_mean) ? g_strdup ("—") : g_strdup_printf ("%.1f", r->practical_mean);
    g_print (_("2 Learning (results up to %s): exam %u of %u passed (≥ %.0f), mean %s; practical %u of %u passed (≥ %.0f), mean %s\n"),
             until, r->exam_passed, r->exam_taken, KEFU_COHORT_EXAM_PASS, exam,
             r->practical_passed, r->practical_taken, KEFU_COHORT_PRACTICAL_PASS, practical);
  }
  print_notes (r->notes[2]);

  g_print ("\n");
  g_print (_("3 Behaviour: the trainees’ own tickets, from %s to the start and from the end to %s\n"), b3, a3);
  g_print ("  ");
  print_padded (_("All trainees"), 28);
  print_padded (_("Before"), 12);
  print_padded (_("After"), 12);
  print_padded (_("Change"), 22);
  g_print ("\n");
  for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
    print_figure_row ("  ", kefu_behaviour_info (f), &r->behaviour[f]);
  for (guint i = 0; i < r->trainees->len; i++)
    {
      const KefuCohortTrainee *t = r->trainees->pdata[i];
      g_autofree char *exam = isnan (t->exam_percent) ? g_strdup ("—") : g_strdup_printf ("%.1f", t->exam_percent);
      g_autofree char *practical = isnan (t->practical_score) ? g_strdup ("—") : g_strdup_printf ("%.1f", t->practical_score);

      g_print (_("  %s (%s): %.1f hours, exam %s, practical %s, survey %s\n"), t->name, kefu_tier_label (t->tier), t->hours,
               exam, practical, t->answered_survey ? _("answered") : _("not answered"));
      for (KefuBehaviourFigure f = 0; f < KEFU_BEHAVIOUR_N; f++)
        print_figure_row ("    ", kefu_behaviour_info (f), &t->behaviour[f]);
    }
  print_notes (r->notes[3]);

  g_print ("\n");
  g_print (_("4 Results: from %s to the start and from the end to %s\n"), b4, a4);
  for (guint i = 0; i < r->results->len; i++)
    {
      const KefuCohortResults *res = r->results->pdata[i];
      g_print (_("  %s: %lld tickets before, %lld after\n"), res->scope,
               (long long) res->tickets_before, (long long) res->tickets_after);
      for (KefuResultFigure f = 0; f < KEFU_RESULT_N; f++)
        print_figure_row ("    ", kefu_result_info (f), &res->figures[f]);
    }
  if (isnan (r->roi))
    g_print (_("  Return: costs %.0f yuan, savings %.0f yuan; no ratio without costs (target 1:%.0f)\n"), r->costs,
             r->savings, KEFU_COHORT_ROI_TARGET);
  else
    g_print (_("  Return: costs %.0f yuan, savings %.0f yuan, 1:%.1f (target 1:%.0f)\n"), r->costs, r->savings, r->roi,
             KEFU_COHORT_ROI_TARGET);
  print_notes (r->notes[4]);
}

static double
number_option (const char *value,
               const char *option,
               gboolean   *ok)
{
  char *end = NULL;
  double v;

  if (value == NULL)
    return NAN;
  v = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0')
    {
      g_printerr (_("training: %s takes a number, not “%s”.\n"), option, value);
      *ok = FALSE;
    }
  return v;
}

/* training checkpoints COHORT, training observe COHORT LOGIN … (kefu-cohort-plan.c) */
static int
training_follow_up (const char  *db_path,
                    int          argc,
                    char       **argv)
{
  static const char *names[] = { "--week", "--phrases", "--handling", "--cooperation", "--note", NULL };
  const char *values[G_N_ELEMENTS (names)] = { NULL };
  const char *usage = _("Usage: kefu-cli [--db FILE] --as LOGIN training checkpoints COHORT\n"
                        "       kefu-cli [--db FILE] --as LOGIN training observe COHORT LOGIN --week N --phrases PERCENT "
                        "[--handling MIN] --cooperation 1-5 [--note TEXT]");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean observe = g_str_equal (argv[1], "observe");
  gboolean ok = TRUE;
  double week, phrases, handling, cooperation;
  gint64 cohort;

  if (!take_options (argc - 1, argv + 1, "training", names, values, args))
    return 2;
  week = number_option (values[0], "--week", &ok);
  phrases = number_option (values[1], "--phrases", &ok);
  handling = number_option (values[2], "--handling", &ok);
  cooperation = number_option (values[3], "--cooperation", &ok);
  if (!ok || args->len != (observe ? 2u : 1u) ||
      (observe && (isnan (week) || isnan (phrases) || isnan (cooperation))) ||
      (!observe && (values[0] || values[1] || values[2] || values[3] || values[4])))
    {
      g_printerr ("%s\n", usage);
      return 2;
    }
  store = observe ? open_store_as (db_path, "training") : open_store_to_read_as (db_path, "training");
  if (store == NULL)
    return 1;
  cohort = kefu_cohort_find (store, args->pdata[0], &error);
  if (cohort <= 0)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (observe)
    {
      g_autoptr(KefuUser) trainee = kefu_desk_find_user (store, args->pdata[1], NULL);

      if (trainee == NULL)
        {
          g_printerr (_("training: there is no user “%s”.\n"), (const char *) args->pdata[1]);
          return 1;
        }
      if (week != floor (week) || week < 1 || cooperation != floor (cooperation) ||
          kefu_cohort_observe (store, cohort, kefu_user_get_id (trainee), (guint) week, phrases, handling,
                               (int) cooperation, values[4], &error) <= 0)
        {
          g_printerr ("%s\n", error != NULL ? error->message : _("training: --week and --cooperation are whole numbers."));
          return 1;
        }
      g_print (_("Week %u of %s observed: standard phrases %.0f%%, cooperation %d of 5.\n"), (guint) week,
               kefu_user_get_name (trainee), phrases, (int) cooperation);
      return 0;
    }
  {
    g_autoptr(GPtrArray) list = kefu_cohort_checkpoints (store, cohort, &error);

    if (list == NULL)
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }
    if (list->len == 0)
      g_print ("%s\n", _("The course has not ended: its checkpoints come when it does."));
    for (guint i = 0; i < list->len; i++)
      {
        KefuCohortCheckpoint *k = list->pdata[i];
        g_autofree char *due = kefu_format_time (k->due_at, "%Y-%m-%d");
        const char *state = k->state == KEFU_CHECKPOINT_DONE ? _("done") : k->state == KEFU_CHECKPOINT_DUE ? _("due")
                                                                                                            : _("upcoming");
        g_print ("%s  %s  %s%s%s\n", due, kefu_checkpoint_title (k->months), state, k->note != NULL ? " · " : "",
                 k->note != NULL ? k->note : "");
      }
  }
  return 0;
}

static int
cmd_training (const char  *db_path,
              int          argc,
              char       **argv)
{
  const char *usage_list = _("Usage: kefu-cli [--db FILE] training cohorts [--json]");
  const char *usage_report = _("       kefu-cli [--db FILE] --as LOGIN training report COHORT [--json] [--out FILE.xlsx|pdf]   COHORT is its number or name");
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *what = argc > 1 ? argv[1] : NULL;
  const char *cohort = NULL;
  const char *out = NULL;
  gboolean json = FALSE;

  if (g_strcmp0 (what, "checkpoints") == 0 || g_strcmp0 (what, "observe") == 0)
    return training_follow_up (db_path, argc, argv);
  if (g_strcmp0 (what, "practical") == 0)
    return training_practical (db_path, argc, argv);
  if (g_strcmp0 (what, "certificates") == 0 || g_strcmp0 (what, "certify") == 0 ||
      g_strcmp0 (what, "certificate") == 0)
    return training_certificates (db_path, argc, argv);
  for (int i = 2; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else if (g_str_equal (argv[i], "--out") && i + 1 < argc && g_strcmp0 (what, "report") == 0)
        out = argv[++i];
      else if (g_str_equal (argv[i], "--help"))
        what = "--help";
      else if (g_str_has_prefix (argv[i], "--") || cohort != NULL || g_strcmp0 (what, "report") != 0)
        {
          g_printerr (_("training: unexpected “%s”.\n"), argv[i]);
          return 2;
        }
      else
        cohort = argv[i];
    }
  if (g_strcmp0 (what, "--help") == 0)
    {
      g_print ("%s\n%s\n", usage_list, usage_report);
      return 0;
    }
  if (g_strcmp0 (what, "cohorts") == 0)
    {
      g_autoptr(GPtrArray) list = NULL;

      /* names of courses and groups, dates and counts: nobody's results */
      store = open_store_to_read (db_path);
      if (store == NULL)
        return 1;
      list = kefu_cohorts (store, &error);
      if (list == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          g_autoptr(JsonGenerator) gen = json_generator_new ();
          g_autoptr(JsonNode) root = NULL;
          g_autofree char *text = NULL;

          json_builder_begin_array (b);
          for (guint i = 0; i < list->len; i++)
            {
              const KefuCohortSummary *c = list->pdata[i];
              g_autofree char *starts = format_day (c->starts_at);
              g_autofree char *ends = format_day (c->ends_at - 1);

              json_builder_begin_object (b);
              json_builder_set_member_name (b, "id");
              json_builder_add_int_value (b, c->id);
              json_builder_set_member_name (b, "name");
              json_builder_add_string_value (b, c->name);
              json_builder_set_member_name (b, "course");
              json_builder_add_string_value (b, c->course);
              json_builder_set_member_name (b, "layer");
              json_builder_add_string_value (b, c->layer);
              json_builder_set_member_name (b, "starts");
              json_builder_add_string_value (b, starts);
              json_builder_set_member_name (b, "ends");
              json_builder_add_string_value (b, ends);
              json_builder_set_member_name (b, "state");
              json_builder_add_string_value (b, kefu_cohort_state_code (c->state));
              json_builder_set_member_name (b, "group");
              if (c->group != NULL)
                json_builder_add_string_value (b, c->group);
              else
                json_builder_add_null_value (b);
              json_builder_set_member_name (b, "members");
              json_builder_add_int_value (b, c->n_members);
              json_builder_set_member_name (b, "sessions");
              json_builder_add_int_value (b, c->n_sessions);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          root = json_builder_get_root (b);
          json_generator_set_root (gen, root);
          json_generator_set_pretty (gen, TRUE);
          text = json_generator_to_data (gen, NULL);
          g_print ("%s\n", text);
          return 0;
        }
      for (guint i = 0; i < list->len; i++)
        {
          const KefuCohortSummary *c = list->pdata[i];
          g_autofree char *starts = format_day (c->starts_at);
          g_autofree char *ends = format_day (c->ends_at - 1);

          g_print ("%4" G_GINT64_FORMAT "  %s – %s  ", c->id, starts, ends);
          print_padded (kefu_cohort_state_label (c->state), 10);
          print_padded (c->name, 36);
          /* Translators: the members of a cohort */
          g_print (_("%u members"), c->n_members);
          g_print ("  %s\n", c->group != NULL ? c->group : "");
        }
      if (list->len == 0)
        g_print ("%s\n", _("No cohorts yet."));
      return 0;
    }
  if (g_strcmp0 (what, "report") == 0 && cohort != NULL)
    {
      g_autoptr(KefuCohortReport) report = NULL;
      gint64 id;

      /* each trainee's results and tickets: for those whose role may see others' */
      store = open_store_to_read_as (db_path, "training");
      if (store == NULL)
        return 1;
      id = kefu_cohort_find (store, cohort, &error);
      if (id > 0)
        report = kefu_cohort_report (store, id, &error);
      if (report == NULL || (out != NULL && !kefu_cohort_report_write (report, out, &error)))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (out != NULL)
        g_print (_("Wrote the report of cohort %lld to “%s”.\n"), (long long) id, out);
      else if (json)
        {
          g_autofree char *text = kefu_cohort_report_to_json (report);
          g_print ("%s\n", text);
        }
      else
        print_cohort_report (report);
      return 0;
    }
  g_printerr ("%s\n%s\n", usage_list, usage_report);
  return 2;
}

static int
cmd_owner (const char  *db_path,
           int          argc,
           char       **argv)
{
  static const char *names[] = { NULL };
  const char *values[G_N_ELEMENTS (names)] = { NULL };
  g_autoptr(GPtrArray) positional = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  KefuErasureReport report;
  guint64 id;

  if (argc > 1 && g_str_equal (argv[argc - 1], "--help"))
    {
      g_print ("%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN owner erase OWNER_ID"));
      return 0;
    }
  if (!take_options (argc, argv, "owner", names, values, positional))
    return 2;
  if (positional->len != 2 || !g_str_equal (positional->pdata[0], "erase"))
    {
      g_printerr ("%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN owner erase OWNER_ID"));
      return 2;
    }
  if (!parse_uint (positional->pdata[1], G_MAXINT64, &id) || id == 0)
    {
      g_printerr (_("owner: the owner is given by their id, a whole number, not “%s”.\n"),
                  (const char *) positional->pdata[1]);
      return 2;
    }
  store = open_store_as (db_path, "owner");
  if (store == NULL)
    return 1;
  if (!kefu_owner_erase (store, id, &report, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print (_("Owner %llu erased: %lld tickets anonymised, %lld texts rewritten, %lld attachments removed. "
             "The tickets stay for the statistics.\n"),
           (unsigned long long) id, (long long) report.tickets, (long long) report.texts, (long long) report.attachments);
  return 0;
}

/* people: profiles, the appraisal, goals ------------------------------------------- */

static void
print_people_usage (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: kefu-cli [--db FILE] --as LOGIN people profile LOGIN [--quarter YYYY-Qn] [--json]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people appraisal --quarter YYYY-Qn|--year YYYY [--json]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people goal add LOGIN --kpi KPI --target N --deadline YYYY-MM-DD [--note TEXT]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people goal list [LOGIN] [--json]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people source list | people source set KIND KEY --family FAMILY [--weight W]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people review start LOGIN --quarter YYYY-Qn --peers LOGIN,LOGIN,…\n"
                          "       kefu-cli [--db FILE] --as LOGIN people review answer ROUND --scores N,N,N,N,N | people review show ROUND [--json]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people case from-ticket NUMBER [--type TYPE] [--risk red|yellow|blue] [--title T] [--lessons TEXT] [--save]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people case list\n"
                          "KPI is a key of “report kpi --json” (first_contact_resolution_rate…); rates are given in percent."));
  fprintf (out, "%s\n", _("       kefu-cli [--db FILE] --as LOGIN people trainer screen LOGIN --years N --lecture C,C,I,D [--satisfaction N] [--major-complaint yes|no]\n"
                          "       kefu-cli [--db FILE] --as LOGIN people trainer evaluate LOGIN --year YYYY --results N --courses N --contribution N [--satisfaction N]\n"
                          "Internal trainers (内训师): the certification screen (the trial lecture's content, clarity, interaction, delivery, 0–100) "
                          "and the yearly evaluation; satisfaction, if not given, is measured from the cohorts' surveys."));
}

/* A percentage or a score, or "—" */
static char *
format_percent (double value)
{
  return isnan (value) ? g_strdup ("—") : g_strdup_printf ("%.1f", value);
}

static char *
local_day (gint64 unix_utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_utc);
  return g_date_time_format (dt, "%Y-%m-%d");
}

static gint64
user_id_of (KefuStore  *store,
            const char *login)
{
  g_autoptr(KefuUser) user = kefu_desk_find_user (store, login, NULL);

  if (user == NULL)
    {
      g_printerr (_("There is no user “%s”.\n"), login);
      return 0;
    }
  return kefu_user_get_id (user);
}

/* A goal's figure as the user reads it: rates in percent */
static char *
format_goal_value (KefuKpi kpi,
                   double  value)
{
  return kefu_kpi_format (kpi, value);
}

static void
print_goals (GPtrArray *goals)
{
  if (goals->len == 0)
    {
      g_print ("%s\n", _("No goals."));
      return;
    }
  for (guint i = 0; i < goals->len; i++)
    {
      KefuGoal *g = goals->pdata[i];
      g_autofree char *baseline = format_goal_value (g->kpi, g->baseline);
      g_autofree char *target = format_goal_value (g->kpi, g->target);
      g_autofree char *current = format_goal_value (g->kpi, g->current);
      g_autofree char *deadline = local_day (g->deadline - 1);   /* by the end of that day */
      g_autofree char *progress = isnan (g->progress) ? g_strdup ("—") : g_strdup_printf ("%.0f%%", g->progress * 100);

      /* Translators: one SMART goal: id, person, KPI, baseline → target, the figure now, progress, deadline, state */
      g_print (_("#%lld %s (%s) %s: %s → %s, now %s, progress %s, deadline %s — %s%s\n"),
               (long long) g->id, g->name, g->login, _(kefu_kpi_info (g->kpi)->label), baseline, target, current, progress,
               deadline, g->state == KEFU_GOAL_OVERDUE ? "⚠ " : "", kefu_goal_state_label (g->state));
      if (g->note != NULL)
        g_print ("    %s\n", g->note);
    }
}

static void
print_profile (KefuProfile *p)
{
  g_autofree char *from = local_day (p->from);
  g_autofree char *last = local_day (p->to - 1);
  g_autoptr(GString) passed = g_string_new (NULL);
  g_autoptr(GString) weak = g_string_new (NULL);

  g_print (_("Profile of %s (%s), %s: tickets from %s to %s\n"), p->name, p->login,
           kefu_code_label (KEFU_CODES_ROLE, p->role), from, last);
  g_print ("\n%s\n", _("Capability radar (0–100; each family is the weighted mean of its sources with data)"));
  for (guint f = 0; f < KEFU_N_CAPABILITIES; f++)
    {
      g_autofree char *score = format_percent (p->radar[f].score);
      const char *label = kefu_capability_label (f);

      g_print ("  %s%*s %6s\n", label, MAX (20 - display_width (label), 0), "", score);
      for (guint i = 0; i < p->radar[f].sources->len; i++)
        {
          KefuCapabilitySource *s = p->radar[f].sources->pdata[i];
          g_autofree char *what = kefu_capability_source_label (s);
          g_autofree char *value = format_percent (s->value);

          /* Translators: one source of a capability score: its name, value, weight and how many items, tickets or ratings it rests on */
          g_print (_("      %s: %s (weight %g, n = %u)\n"), what, value, s->weight, s->n);
        }
    }
  for (guint i = 0; i < p->modules->len; i++)
    {
      KefuModuleResult *m = p->modules->pdata[i];
      GString *into = m->passed ? passed : weak;

      g_string_append_printf (into, "%s%s %.1f%%", into->len > 0 ? _(", ") : "",
                              kefu_code_label (KEFU_CODES_MODULE, m->module), m->percent);
    }
  g_print ("\n%s %s\n", _("Modules passed:"), passed->len > 0 ? passed->str : "—");
  g_print ("%s %s\n", _("Weak modules:"), weak->len > 0 ? weak->str : "—");
  g_print ("\n%s\n", _("Practical assessments:"));
  if (p->practicals->len == 0)
    g_print ("  —\n");
  for (guint i = 0; i < p->practicals->len; i++)
    {
      KefuPracticalResult *r = p->practicals->pdata[i];
      g_autofree char *day = local_day (r->held_at);
      g_autofree char *score = format_percent (r->mean);

      g_print ("  ");
      /* Translators: a practical assessment: date, scenario, score (result) */
      g_print (_("%s %s: %s (%s)"), day, r->scenario, score,
               r->n_raters == 0 ? _("not rated yet") : r->passed ? _("passed") : _("not passed"));
      g_print ("\n");
    }
  g_print ("\n%s\n", _("Ticket KPIs of the tickets they own:"));
  for (KefuKpi k = 0; k < KEFU_N_KPIS; k++)
    {
      g_autofree char *value = kefu_kpi_format (k, p->kpi->value[k]);
      const char *label = _(kefu_kpi_info (k)->label);

      g_print ("  %s%*s %12s\n", label, MAX (28 - display_width (label), 0), "", value);
    }
  g_print ("\n%s\n", _("Goals:"));
  print_goals (p->goals);
}

static int
people_profile (const char  *db_path,
                int          argc,
                char       **argv,
                gboolean     json)
{
  static const char *names[] = { "--quarter", NULL };
  const char *values[1] = { NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  gint64 from = 0, to = 0, id;

  if (!take_options (argc, argv, "people", names, values, args) || args->len != 1)
    {
      print_people_usage (stderr);
      return 2;
    }
  if (values[0] != NULL && !kefu_people_parse_quarter (values[0], &from, &to, &error))
    {
      g_printerr ("people: %s\n", error->message);
      return 2;
    }
  store = open_store_to_read_as (db_path, "people");
  if (store == NULL)
    return 1;
  if (values[0] == NULL)
    kefu_people_quarter_of (kefu_store_now (store), &from, &to);
  id = user_id_of (store, args->pdata[0]);
  if (id <= 0)
    return 1;
  profile = kefu_profile_load (store, id, from, to, &error);
  if (profile == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (json)
    {
      g_autofree char *text = kefu_profile_to_json (profile);
      g_print ("%s\n", text);
    }
  else
    print_profile (profile);
  return 0;
}

static int
people_appraisal (const char  *db_path,
                  int          argc,
                  char       **argv,
                  gboolean     json)
{
  static const char *names[] = { "--quarter", "--year", NULL };
  const char *values[2] = { NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  KefuGradeThresholds t;
  gint64 from = 0, to = 0;

  if (!take_options (argc, argv, "people", names, values, args) || args->len != 0 ||
      (values[0] == NULL) == (values[1] == NULL))
    {
      print_people_usage (stderr);
      return 2;
    }
  if (values[0] != NULL ? !kefu_people_parse_quarter (values[0], &from, &to, &error)
                        : !kefu_people_parse_year (values[1], &from, &to, &error))
    {
      g_printerr ("people: %s\n", error->message);
      return 2;
    }
  store = open_store_to_read_as (db_path, "people");
  if (store == NULL)
    return 1;
  list = kefu_appraisal_compute (store, from, to, &error);
  if (list == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (json)
    {
      g_autofree char *text = kefu_appraisals_to_json (list, from, to);
      g_print ("%s\n", text);
      return 0;
    }
  kefu_appraisal_get_thresholds (store, &t);
  g_print (_("Appraisal for %s: the mean of on-time response, on-time resolution, complaint closure, first-contact "
             "resolution, satisfaction and follow-up calls (those with data) over each agent’s own tickets.\n"),
           values[0] != NULL ? values[0] : values[1]);
  g_print (_("Grades: %s ≥ %g%%, %s ≥ %g%%, %s ≥ %g%%, %s below %g%%.\n"),
           kefu_grade_label (KEFU_GRADE_EXCELLENT), t.excellent, kefu_grade_label (KEFU_GRADE_GOOD), t.good,
           kefu_grade_label (KEFU_GRADE_FAIR), t.fair, kefu_grade_label (KEFU_GRADE_NEEDS_IMPROVEMENT),
           t.needs_improvement_below);
  for (guint i = 0; i < list->len; i++)
    {
      KefuAppraisal *a = list->pdata[i];
      g_autofree char *percent = isnan (a->percent) ? g_strdup ("—") : g_strdup_printf ("%.1f%%", a->percent);
      const char *grade = kefu_grade_label (a->grade);

      g_print ("  %s%*s %-12s %8s  %s%*s", a->name, MAX (10 - display_width (a->name), 0), "", a->login, percent,
               grade, MAX (10 - display_width (grade), 0), "");
      if (a->noted)
        /* Translators: after a grade of 一般 for a percentage between the two thresholds */
        g_print (_(" (between %g%% and %g%%: a band the standard leaves unnamed)"), t.needs_improvement_below, t.fair);
      g_print ("\n");
    }
  return 0;
}

static int
people_goal (const char  *db_path,
             int          argc,
             char       **argv,
             gboolean     json)
{
  static const char *names[] = { "--kpi", "--target", "--deadline", "--note", NULL };
  const char *values[4] = { NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *what;

  if (!take_options (argc, argv, "people", names, values, args))
    return 2;
  what = args->len > 0 ? args->pdata[0] : "";
  if (g_str_equal (what, "list") && args->len <= 2 && values[0] == NULL && values[1] == NULL && values[2] == NULL &&
      values[3] == NULL)
    {
      g_autoptr(GPtrArray) goals = NULL;
      gint64 id = 0;

      store = open_store_to_read_as (db_path, "people");
      if (store == NULL)
        return 1;
      if (args->len == 2 && (id = user_id_of (store, args->pdata[1])) <= 0)
        return 1;
      goals = kefu_goal_list (store, id, &error);
      if (goals == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (json)
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "goals");
          json_builder_begin_array (b);
          for (guint i = 0; i < goals->len; i++)
            {
              KefuGoal *g = goals->pdata[i];
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "id");
              json_builder_add_int_value (b, g->id);
              json_builder_set_member_name (b, "login");
              json_builder_add_string_value (b, g->login);
              json_builder_set_member_name (b, "kpi");
              json_builder_add_string_value (b, kefu_kpi_info (g->kpi)->key);
              json_number_or_null (b, "baseline", g->baseline);
              json_number_or_null (b, "target", g->target);
              json_number_or_null (b, "current", g->current);
              json_number_or_null (b, "progress", g->progress);
              json_builder_set_member_name (b, "deadline");
              json_builder_add_int_value (b, g->deadline);
              json_builder_set_member_name (b, "state");
              json_builder_add_string_value (b, kefu_goal_state_code (g->state));
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
          print_json (b);
        }
      else
        print_goals (goals);
      return 0;
    }
  if (g_str_equal (what, "add") && args->len == 2 && values[0] != NULL && values[1] != NULL && values[2] != NULL)
    {
      int kpi = kefu_kpi_from_key (values[0]);
      char *end = NULL;
      double target = g_ascii_strtod (values[1], &end);
      gint64 day = 0, deadline, id, user;

      if (kpi < 0 || !kefu_goal_kpi_allowed (kpi))
        {
          g_printerr (_("people: “%s” is not a KPI a goal can have (use a key of “report kpi --json” such as "
                        "first_contact_resolution_rate, satisfaction or mean_response_min).\n"), values[0]);
          return 2;
        }
      if (end == values[1] || *end != '\0' || isnan (target))
        {
          g_printerr (_("people: --target takes a number, not “%s”.\n"), values[1]);
          return 2;
        }
      if (!kefu_export_parse_date (values[2], &day))
        {
          g_printerr (_("people: --deadline takes a day like “2026-12-31”, not “%s”.\n"), values[2]);
          return 2;
        }
      {
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (day);
        g_autoptr(GDateTime) next = g_date_time_add_days (dt, 1);
        deadline = g_date_time_to_unix (next);   /* by the end of that day */
      }
      if (kefu_kpi_info (kpi)->format == KEFU_KPI_FORMAT_RATE)
        target /= 100;
      store = open_store_as (db_path, "people");
      if (store == NULL)
        return 1;
      user = user_id_of (store, args->pdata[1]);
      if (user <= 0)
        return 1;
      id = kefu_goal_add (store, user, kpi, target, deadline, values[3], &error);
      if (id <= 0)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print (_("Goal #%lld set.\n"), (long long) id);
      return 0;
    }
  print_people_usage (stderr);
  return 2;
}

static int
people_source (const char  *db_path,
               int          argc,
               char       **argv)
{
  static const char *names[] = { "--family", "--weight", NULL };
  const char *values[2] = { NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *what;

  if (!take_options (argc, argv, "people", names, values, args))
    return 2;
  what = args->len > 0 ? args->pdata[0] : "";
  if (g_str_equal (what, "list") && args->len == 1 && values[0] == NULL && values[1] == NULL)
    {
      g_autoptr(GPtrArray) sources = NULL;

      store = open_store_to_read (db_path);
      if (store == NULL)
        return 1;
      sources = kefu_capability_sources (store, &error);
      if (sources == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      for (guint i = 0; i < sources->len; i++)
        {
          KefuCapabilitySource *s = sources->pdata[i];
          g_autofree char *label = kefu_capability_source_label (s);
          const char *family = kefu_capability_label (s->family);

          g_print ("  %s%*s %-10s %-32s %g  %s\n", family, MAX (16 - display_width (family), 0), "", s->kind, s->key,
                   s->weight, label);
        }
      return 0;
    }
  if (g_str_equal (what, "set") && args->len == 3 && values[0] != NULL)
    {
      char *end = NULL;
      double weight = values[1] != NULL ? g_ascii_strtod (values[1], &end) : 1;

      if (values[1] != NULL && (end == values[1] || *end != '\0'))
        {
          g_printerr (_("people: --weight takes a number, not “%s”.\n"), values[1]);
          return 2;
        }
      store = open_store_as (db_path, "people");
      if (store == NULL)
        return 1;
      if (!kefu_capability_source_set (store, args->pdata[1], args->pdata[2], values[0], weight, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print (_("The radar’s %s “%s” now counts for %s, weight %g.\n"), (const char *) args->pdata[1],
               (const char *) args->pdata[2], kefu_capability_label (kefu_capability_from_code (values[0])), weight);
      return 0;
    }
  print_people_usage (stderr);
  return 2;
}

static int
people_review (const char  *db_path,
               int          argc,
               char       **argv,
               gboolean     json)
{
  static const char *names[] = { "--quarter", "--peers", "--scores", NULL };
  const char *values[3] = { NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *what;
  guint64 round = 0;

  if (!take_options (argc, argv, "people", names, values, args))
    return 2;
  what = args->len > 0 ? args->pdata[0] : "";
  if ((g_str_equal (what, "answer") || g_str_equal (what, "show")) && args->len == 2 &&
      (!parse_uint (args->pdata[1], G_MAXINT64, &round) || round == 0))
    {
      g_printerr (_("people: “%s” is not a review round’s number.\n"), (const char *) args->pdata[1]);
      return 2;
    }
  if (g_str_equal (what, "start") && args->len == 2 && values[0] != NULL && values[1] != NULL && values[2] == NULL)
    {
      g_auto(GStrv) logins = g_strsplit (values[1], ",", -1);
      g_autoptr(GArray) peers = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 from, to, user, id;

      if (!kefu_people_parse_quarter (values[0], &from, &to, &error))
        {
          g_printerr ("people: %s\n", error->message);
          return 2;
        }
      store = open_store_as (db_path, "people");
      if (store == NULL || (user = user_id_of (store, args->pdata[1])) <= 0)
        return 1;
      for (guint i = 0; logins[i] != NULL; i++)
        {
          gint64 peer = user_id_of (store, g_strstrip (logins[i]));
          if (peer <= 0)
            return 1;
          g_array_append_val (peers, peer);
        }
      id = kefu_review_start (store, user, from, to, (const gint64 *) peers->data, peers->len, &error);
      if (id <= 0)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print (_("360° review #%lld started; %u peers asked.\n"), (long long) id, peers->len);
      return 0;
    }
  if (g_str_equal (what, "answer") && args->len == 2 && values[2] != NULL && values[0] == NULL && values[1] == NULL)
    {
      g_auto(GStrv) parts = g_strsplit (values[2], ",", -1);
      double scores[KEFU_N_REVIEW_ITEMS];

      if (g_strv_length (parts) != KEFU_N_REVIEW_ITEMS)
        {
          g_printerr (_("people: --scores takes five scores 0–100, comma-separated: 工作成果, 团队管理, 沟通, 应急处理, 服务质量.\n"));
          return 2;
        }
      for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
        {
          char *end = NULL;
          scores[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
          if (end == parts[i] || *end != '\0')
            {
              g_printerr (_("people: --scores takes numbers, not “%s”.\n"), parts[i]);
              return 2;
            }
        }
      store = open_store_as (db_path, "people");
      if (store == NULL)
        return 1;
      if (!kefu_review_answer (store, round, scores, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print (_("Answer saved.\n"));
      return 0;
    }
  if (g_str_equal (what, "show") && args->len == 2 && values[0] == NULL && values[1] == NULL && values[2] == NULL)
    {
      g_autoptr(KefuReviewResult) r = NULL;

      store = open_store_to_read_as (db_path, "people");
      if (store == NULL)
        return 1;
      r = kefu_review_result (store, round, &error);
      if (r == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (json)
        {
          g_autofree char *text = kefu_review_result_to_json (r);
          g_print ("%s\n", text);
          return 0;
        }
      g_print (_("360° review #%lld of %s: %u of %u peers answered%s\n"), (long long) r->round_id, r->name,
               r->peers_answered, r->peers_asked,
               r->peers_shown ? "" : _(" (peers' scores are shown from 3 answers on)"));
      {
        const char *heads[] = { "", _("Self"), _("Supervisor"), _("Peers") };

        for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
          g_print ("%*s%s", MAX ((c == 0 ? 20 : 12) - display_width (heads[c]), 0), "", heads[c]);
        g_print ("\n");
      }
      for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
        {
          g_autofree char *a = format_percent (r->self[i]);
          g_autofree char *b = format_percent (r->supervisor[i]);
          g_autofree char *c = format_percent (r->peers[i]);
          const char *cells[] = { a, b, c };
          const char *label = kefu_review_item_label (i);

          g_print ("  %s%*s", label, MAX (18 - display_width (label), 0), "");
          for (guint k = 0; k < G_N_ELEMENTS (cells); k++)
            g_print ("%*s%s", MAX (12 - display_width (cells[k]), 0), "", cells[k]);
          g_print ("\n");
        }
      {
        g_autofree char *owners = format_percent (r->owners);
        g_print (_("  Owners' satisfaction from follow-ups: %s (%u ratings)\n"), owners, r->owner_ratings);
      }
      return 0;
    }
  print_people_usage (stderr);
  return 2;
}

static void
print_case (const KefuCase *c)
{
  g_print ("%s\n", c->title);
  g_print (_("Type: %s · risk: %s\n"), kefu_case_type_label (c->type), kefu_risk_label (c->risk));
  g_print ("\n%s\n%s\n", _("What happened:"), c->happened != NULL ? c->happened : "—");
  g_print ("\n%s\n%s\n", _("How it was handled:"), c->handling != NULL && *c->handling != '\0' ? c->handling : "—");
  g_print ("\n%s\n%s\n", _("Result:"), c->result != NULL ? c->result : "—");
  g_print ("\n%s\n%s\n", _("Lessons:"), c->lessons != NULL ? c->lessons : "—");
}

/* people case from-ticket NUMBER [--save …] | people case list */
static int
people_case (const char  *db_path,
             int          argc,
             char       **argv)
{
  static const char *names[] = { "--type", "--risk", "--lessons", "--title", NULL };
  const char *values[4] = { NULL, NULL, NULL, NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean save = FALSE;
  const char *what;

  for (int i = 0; i < argc; i++)
    if (g_str_equal (argv[i], "--save"))
      save = TRUE;
    else
      g_ptr_array_add (rest, argv[i]);
  if (!take_options (rest->len, (char **) rest->pdata, "people", names, values, args))
    return 2;
  what = args->len > 0 ? args->pdata[0] : "";
  if (g_str_equal (what, "list") && args->len == 1 && !save)
    {
      g_autoptr(GPtrArray) list = NULL;

      store = open_store_to_read_as (db_path, "people");
      if (store == NULL)
        return 1;
      list = kefu_case_list (store, &error);
      if (list == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      for (guint i = 0; i < list->len; i++)
        {
          KefuCase *c = list->pdata[i];
          g_print ("#%lld [%s] %s — %s\n", (long long) c->id, kefu_risk_label (c->risk), c->title,
                   kefu_case_type_label (c->type));
        }
      if (list->len == 0)
        g_print ("%s\n", _("No cases yet."));
      return 0;
    }
  if (g_str_equal (what, "from-ticket") && args->len == 2)
    {
      g_autoptr(KefuCase) c = NULL;
      gint64 ticket;
      int type = values[0] != NULL ? kefu_case_type_from_code (values[0]) : 0;
      int risk = values[1] != NULL ? kefu_risk_from_code (values[1]) : 0;

      if (type < 0 || risk < 0)
        {
          g_printerr (_("people: --type is public_opinion, legal, operational or service; --risk is red, yellow or blue.\n"));
          return 2;
        }
      store = open_store_as (db_path, "people");
      if (store == NULL)
        return 1;
      ticket = kefu_desk_find_ticket (store, args->pdata[1]);
      if (ticket <= 0)
        {
          g_printerr (_("There is no ticket “%s”.\n"), (const char *) args->pdata[1]);
          return 1;
        }
      c = kefu_case_draft_from_ticket (store, ticket, &error);
      if (c == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (values[0] != NULL)
        c->type = type;
      if (values[1] != NULL)
        c->risk = risk;
      if (values[2] != NULL)
        c->lessons = g_strdup (values[2]);
      if (values[3] != NULL)
        {
          g_free (c->title);
          c->title = g_strdup (values[3]);
        }
      print_case (c);
      if (!save)
        {
          g_print ("\n%s\n", _("A draft, personal data removed; nothing saved. Add --save to keep it in the case library."));
          return 0;
        }
      c->id = kefu_case_save (store, c, &error);
      if (c->id <= 0)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("\n");
      g_print (_("Saved as case #%lld.\n"), (long long) c->id);
      return 0;
    }
  print_people_usage (stderr);
  return 2;
}

/* people trainer screen|evaluate: internal trainers (kefu-trainers.h) */
static gboolean
figure_of (const char  *option,
           const char  *text,
           double      *value)
{
  char *end = NULL;

  *value = text != NULL ? g_ascii_strtod (text, &end) : NAN;
  if (text == NULL || end == text || *end != '\0' || isnan (*value))
    {
      g_printerr (_("people: %s takes a number, not “%s”.\n"), option, text != NULL ? text : "");
      return FALSE;
    }
  return TRUE;
}

static int
people_trainer (const char  *db_path,
                int          argc,
                char       **argv)
{
  static const char *names[] = { "--years", "--lecture", "--satisfaction", "--major-complaint", "--year", "--results",
                                 "--courses", "--contribution", NULL };
  const char *values[8] = { NULL };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean screen;
  gint64 id, from, to;
  double satisfaction = NAN;

  if (!take_options (argc, argv, "people", names, values, args) || args->len != 2 ||
      (!g_str_equal (args->pdata[0], "screen") && !g_str_equal (args->pdata[0], "evaluate")))
    {
      print_people_usage (stderr);
      return 2;
    }
  screen = g_str_equal (args->pdata[0], "screen");
  if (values[2] != NULL && !figure_of ("--satisfaction", values[2], &satisfaction))
    return 2;
  if (screen)
    {
      g_autoptr(GDateTime) now = NULL;
      KefuTrainerCandidate c = { 0 };
      g_auto(GStrv) parts = g_strsplit (values[1] != NULL ? values[1] : "", ",", -1);
      g_autoptr(KefuTrainerScreen) result = NULL;

      if (!figure_of ("--years", values[0], &c.years))
        return 2;
      if (g_strv_length (parts) != KEFU_N_LECTURE_CRITERIA)
        {
          g_printerr (_("people: --lecture takes four scores, content, clarity, interaction and delivery, like "
                        "“85,80,78,90”.\n"));
          return 2;
        }
      for (guint i = 0; i < KEFU_N_LECTURE_CRITERIA; i++)
        if (!figure_of ("--lecture", parts[i], &c.lecture[i]))
          return 2;
      if (values[3] != NULL && !g_str_equal (values[3], "yes") && !g_str_equal (values[3], "no"))
        {
          g_printerr (_("people: --major-complaint takes yes or no, not “%s”.\n"), values[3]);
          return 2;
        }
      c.major_complaint = g_strcmp0 (values[3], "yes") == 0;
      store = open_store_to_read_as (db_path, "people");
      if (store == NULL)
        return 1;
      id = user_id_of (store, args->pdata[1]);
      if (id <= 0)
        return 1;
      if (isnan (satisfaction))
        {
          guint n;

          /* the twelve months before now */
          now = g_date_time_new_from_unix_local (kefu_store_now (store));
          {
            g_autoptr(GDateTime) year_ago = g_date_time_add_years (now, -1);
            from = g_date_time_to_unix (year_ago);
          }
          to = kefu_store_now (store) + 1;
          if (!kefu_trainer_satisfaction (store, id, from, to, &satisfaction, &n, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          if (n == 0)
            {
              g_printerr (_("people: no survey rated %s as trainer in the last twelve months: give --satisfaction.\n"),
                          (const char *) args->pdata[1]);
              return 1;
            }
        }
      c.satisfaction = satisfaction;
      result = kefu_trainer_screen (&c, &error);
      if (result == NULL)
        {
          g_printerr ("people: %s\n", error->message);
          return 2;
        }
      g_print (_("Trainees’ satisfaction: %.1f\nTrial lecture: %.1f\n"), c.satisfaction, result->lecture);
      g_print ("%s\n", result->passed ? _("Meets every condition of the internal trainer certification.")
                                      : _("Does not meet the internal trainer certification:"));
      for (guint i = 0; i < result->unmet->len; i++)
        g_print ("  %s\n", (const char *) result->unmet->pdata[i]);
      return 0;
    }
  else
    {
      KefuTrainerYear y = { 0 };
      KefuGradeThresholds t;
      gboolean noted;
      double score;

      if (!kefu_people_parse_year (values[4], &from, &to, &error))
        {
          g_printerr ("people: %s\n", error->message);
          return 2;
        }
      if (!figure_of ("--results", values[5], &y.results) || !figure_of ("--courses", values[6], &y.courses) ||
          !figure_of ("--contribution", values[7], &y.contribution))
        return 2;
      store = open_store_to_read_as (db_path, "people");
      if (store == NULL)
        return 1;
      id = user_id_of (store, args->pdata[1]);
      if (id <= 0)
        return 1;
      if (isnan (satisfaction))
        {
          guint n;

          if (!kefu_trainer_satisfaction (store, id, from, to, &satisfaction, &n, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          if (n == 0)
            {
              g_printerr (_("people: no survey rated %s as trainer in %s: give --satisfaction.\n"),
                          (const char *) args->pdata[1], values[4]);
              return 1;
            }
        }
      y.satisfaction = satisfaction;
      score = kefu_trainer_evaluate (&y, &error);
      if (isnan (score))
        {
          g_printerr ("people: %s\n", error->message);
          return 2;
        }
      kefu_appraisal_get_thresholds (store, &t);
      g_print (_("Satisfaction %.1f × 40%% + results applied %.1f × 30%% + new courses %.1f × 20%% + contribution "
                 "%.1f × 10%% = %.1f\n"), y.satisfaction, y.results, y.courses, y.contribution, score);
      g_print (_("Grade: %s\n"), kefu_grade_label (kefu_grade_for (&t, score, &noted)));
      return 0;
    }
}

/* kefu-cli --as LOGIN people profile|appraisal|goal|source */
static int
cmd_people (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GPtrArray) rest = g_ptr_array_new ();
  gboolean json = FALSE;
  const char *what = argc > 1 ? argv[1] : "";

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--help"))
        {
          print_people_usage (stdout);
          return 0;
        }
      if (g_str_equal (argv[i], "--json"))
        json = TRUE;
      else
        g_ptr_array_add (rest, argv[i]);
    }
  /* rest[0] is the subcommand; the helpers take it as their argv[0] */
  if (g_str_equal (what, "profile"))
    return people_profile (db_path, rest->len, (char **) rest->pdata, json);
  if (g_str_equal (what, "appraisal"))
    return people_appraisal (db_path, rest->len, (char **) rest->pdata, json);
  if (g_str_equal (what, "goal"))
    return people_goal (db_path, rest->len, (char **) rest->pdata, json);
  if (g_str_equal (what, "case") && !json)
    return people_case (db_path, rest->len, (char **) rest->pdata);
  if (g_str_equal (what, "review"))
    return people_review (db_path, rest->len, (char **) rest->pdata, json);
  if (g_str_equal (what, "source") && !json)
    return people_source (db_path, rest->len, (char **) rest->pdata);
  if (g_str_equal (what, "trainer") && !json)
    return people_trainer (db_path, (int) rest->len, (char **) rest->pdata);
  print_people_usage (stderr);
  return 2;
}

static const struct { const char *name; CommandFunc func; } commands[] = {
  { "init", cmd_init },
  { "check", cmd_check },
  { "search", cmd_search },
  { "import", cmd_import },
  { "export", cmd_export },
  { "calendar", cmd_calendar },
  { "sla", cmd_sla },
  { "report", cmd_report },
  { "bench", cmd_bench },
  { "dispatch", cmd_dispatch },
  { "questions", cmd_questions },
  { "exam", cmd_exam },
  { "training", cmd_training },
  { "audit", cmd_audit },
  { "owner", cmd_owner },
  { "backup", cmd_backup },
  { "restore", cmd_restore },
  { "user", cmd_user },
  { "people", cmd_people },
  { "server", cmd_server },
  { "migrate", cmd_migrate },
};

int
main (int    argc,
      char **argv)
{
  g_autofree char *db_path = NULL;
  CommandFunc func = NULL;
  int i = 1;
  int rc;

  setlocale (LC_ALL, "");
  kefu_i18n_init ();
  textdomain (GETTEXT_PACKAGE);

  for (; i < argc && argv[i][0] == '-'; i++)
    {
      if (g_str_equal (argv[i], "--db") && i + 1 < argc)
        db_path = g_strdup (argv[++i]);
      else if (g_str_has_prefix (argv[i], "--db="))
        db_path = g_strdup (argv[i] + 5);
      else if (g_str_equal (argv[i], "--as") && i + 1 < argc)
        as_login = argv[++i];
      else if (g_str_has_prefix (argv[i], "--as="))
        as_login = argv[i] + 5;
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_usage (stdout);
          return 0;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          g_print ("kefu-cli %s\n", PACKAGE_VERSION);
#ifdef KEFU_TEST_CHEAP_PIN_HASH
          g_print ("%s\n", _("A test build: PINs are hashed at the lowest cost (test_cheap_pin_hash). Never use it for real data."));
#endif
          return 0;
        }
      else
        {
          g_printerr (_("Unknown option “%s”.\n\n"), argv[i]);
          print_usage (stderr);
          return 2;
        }
    }

  if (i >= argc)
    {
      print_usage (stderr);
      return 2;
    }
  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      func = commands[c].func;
  if (func == NULL)
    {
      g_printerr (_("Unknown command “%s”.\n\n"), argv[i]);
      print_usage (stderr);
      return 2;
    }

  if (db_path == NULL)
    db_path = kefu_store_default_path ();
  /* a server is never taken for a file name (#20); only “server” and
   * “migrate” work with one so far, and they name it themselves */
  if (kefu_engine_is_server_spec (db_path) && func != cmd_server && func != cmd_migrate)
    {
      g_autofree char *where = kefu_engine_describe_spec (db_path);
      g_printerr (_("“%s” names a database server (PostgreSQL). Server mode is not available for “%s” yet: "
                    "so far only “kefu-cli server init URI” works with a server. Use a database file (--db FILE).\n"),
                  where, argv[i]);
      return 1;
    }
  rc = func (db_path, argc - i, argv + i);
  /* a statement met a damaged page, even one whose caller took the error
   * for "no such row": what the command printed or wrote may be missing
   * rows, so it did not succeed; the store refused every write after it */
  if (kefu_store_corruption_count () > 0)
    {
      g_printerr (_("The database “%s” is damaged: parts of it could not be read, so this command’s "
                    "result is incomplete, and nothing more was saved to it. Restore the latest "
                    "backup (Preferences ▸ Backups).\n"), db_path);
      if (rc == 0)
        rc = 1;
    }
  return rc;
}
