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

#include <errno.h>
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
#include "kefu-exam-print.h"
#include "kefu-export.h"
#include "kefu-import.h"
#include "kefu-kpi.h"
#include "kefu-kpi-charts.h"
#include "kefu-report.h"
#include "kefu-item-stats.h"
#include "kefu-cases.h"
#include "kefu-people.h"
#include "kefu-privacy.h"
#include "kefu-question-io.h"
#include "kefu-store.h"

#include "kefu-cli-private.h"
#include "kefu-module.h"

/* --as LOGIN: who the command acts as */
static const char *as_login;

/* Opens an existing database once a command's options are known to be
 * good: only init creates one. */
KefuStore *
open_store (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  KefuStore *store;

  if (!kefu_engine_is_server_spec (db_path) && !g_file_test (db_path, G_FILE_TEST_EXISTS))
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

  if (kefu_engine_is_server_spec (db_path) || !g_file_test (db_path, G_FILE_TEST_IS_REGULAR))
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

/* The id of the user signing in as @login, or 0 after saying there is
 * no such user. */
gint64
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

/* One secret: from a terminal without echo (the prompt on standard
 * error), otherwise the next line of standard input. NULL at its end. */
char *
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

const char *
cli_as_login (void)
{
  return as_login;
}

/* FALSE (and how to say who) without --as LOGIN */
gboolean
sign_in_needs_login (const char *command)
{
  if (as_login != NULL)
    return TRUE;
  act_as_user (NULL, command);
  return FALSE;
}

/* The database, with --as LOGIN signed in; NULL (and a message) otherwise. */
KefuStore *
open_store_with_pin (const char *db_path,
                     const char *command)
{
  return open_store_as (db_path, command);
}

KefuStore *
open_store_as (const char *db_path,
               const char *command)
{
  g_autoptr(KefuStore) store = NULL;

  /* on a server the person is the connection's login (#20) */
  if (kefu_engine_is_server_spec (db_path))
    return open_store_as_person (db_path, command);
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

KefuStore *
open_store_as_person (const char *db_path,
                      const char *command)
{
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autoptr(GError) error = NULL;
  const char *person;

  if (!kefu_engine_is_server_spec (db_path))
    return open_store_as (db_path, command);
  /* (a password, never a PIN, and no kefu-cli session: PostgreSQL's own login) */
  store = open_store (db_path);
  if (store == NULL)
    return NULL;
  if (!kefu_store_take_person (store, &error))
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  person = kefu_store_get_person (store);
  if (person == NULL)
    {
      /* the tables' owner: who is at the desk, as on a file */
      if (!act_as_user (store, command))
        return NULL;
      return g_steal_pointer (&store);
    }
  if (as_login != NULL && g_strcmp0 (as_login, person) != 0)
    {
      g_printerr (_("%s: the server connection is signed in as “%s”, so --as “%s” does not apply: "
                    "leave out --as, or connect as that login (user=%s).\n"),
                  command, person, as_login, as_login);
      return NULL;
    }
  user = kefu_auth_sign_in_server (store, &error);
  if (user == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  return g_steal_pointer (&store);
}

/* The same for the commands that only read (open_store_to_read): with
 * --as LOGIN's session when this account keeps a usable one
 * (kefu-cli-session.c: one look-up, nothing written), else the PIN, whose
 * sign-in writes its audit row, so it may wait for the write lock as long
 * as a writing command would. */
KefuStore *
open_store_to_read_as (const char *db_path,
                       const char *command)
{
  g_autoptr(KefuStore) store = NULL;
  gboolean ok;

  /* on a server, as the connection's person (#20) */
  if (kefu_engine_is_server_spec (db_path))
    return open_store_as_person (db_path, command);
  if (as_login == NULL)
    {
      act_as_user (NULL, command);
      return NULL;
    }
  store = open_store_to_read (db_path);
  if (store == NULL)
    return NULL;
  if (resume_session (store, db_path, as_login))
    return g_steal_pointer (&store);
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
           _("  search QUERY [--limit N] [--count]   the matching tickets, newest first\n"
             "  signin [--minutes N] | signout   keep --as LOGIN signed in on this account for N minutes (default 15):\n"
             "                                  the commands that only read then take no PIN"),
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
           _("  bench [--tickets N] [--seed S] [--runs N] [--json] [--keep FILE] [--db URI]   measure Kefu's speed on N tickets (default 1,000,000);\n"
             "                                  with --db, on an empty PostgreSQL server beside the same file\n"
             "  loadtest --desks N --minutes M [--db URI]   a busy day of N desks at 10× against one server; checks every write"),
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
             "  user list | user disable LOGIN | user enable LOGIN | user reset-pin LOGIN   manage users (administrators)\n"
             "  user role LOGIN ROLE | user password LOGIN   on a database server: a person's role, their new password\n"
             "                                  (there people sign in as the connection's login, with a password: no PIN)"),
           _("  people profile LOGIN [--quarter YYYY-Qn] [--json]   a person's capability radar with its sources, modules, practicals, KPIs, goals\n"
             "  people appraisal --quarter YYYY-Qn|--year YYYY [--json]   every agent's appraisal grade\n"
             "  people goal add LOGIN --kpi KPI --target N --deadline YYYY-MM-DD | people goal list [LOGIN]   SMART goals\n"
             "  people source list | people source set KIND KEY --family FAMILY [--weight W]   the radar's sources\n"
             "  people review start LOGIN --quarter YYYY-Qn --peers A,B,C | answer ROUND --scores N,N,N,N,N | show ROUND   360° reviews\n"
             "  people case from-ticket NUMBER [--save] | people case list   the case library: a ticket as a case, personal data removed"),
           _("  audit verify [--anchor ID:SHA256]   check the audit log's hash chain and its anchor; names the first broken entry\n"
             "  audit list [LOGIN] [--action ACTION] [--limit N]   the newest entries of the audit log (default 50)\n"
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

/* Columns on a terminal: Chinese characters take two. */
int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

gboolean
take_json_flag (int         argc,
                char      **argv,
                gboolean   *json,
                GPtrArray  *rest)
{
  for (int i = 0; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--json"))
        *json = TRUE;
      else if (g_str_equal (argv[i], "--help"))
        return FALSE;
      else
        g_ptr_array_add (rest, argv[i]);
    }
  return TRUE;
}

int
fail_with (const GError *error)
{
  g_printerr ("%s\n", error->message);
  return 1;
}

void
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

void
json_string_or_null (JsonBuilder *b,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
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

/* A command that may draw or write a document (charts, PDF reports,
 * certificates, printed exams, spreadsheets) is built only into
 * kefu-cli-draw, which links cairo, Pango and libxlsxwriter; kefu-cli
 * runs that program in its place (src/cli/meson.build). */
#ifdef KEFU_CLI_DRAWS
#define DRAWS(func) func
#else
#define DRAWS(func) NULL
#endif

static const struct { const char *name; CommandFunc func; } commands[] = {
  { "init", cmd_init },
  { "check", cmd_check },
  { "search", cmd_search },
  { "signin", cmd_signin },
  { "signout", cmd_signout },
  { "import", DRAWS (cmd_import) },
  { "export", DRAWS (cmd_export) },
  { "calendar", cmd_calendar },
  { "sla", cmd_sla },
  { "report", DRAWS (cmd_report) },
  { "bench", DRAWS (cmd_bench) },
  { "loadtest", DRAWS (cmd_loadtest) },
  { "dispatch", cmd_dispatch },
  { "questions", DRAWS (cmd_questions) },
  { "exam", DRAWS (cmd_exam) },
  { "training", DRAWS (cmd_training) },
  { "audit", cmd_audit },
  { "owner", cmd_owner },
  { "backup", cmd_backup },
  { "restore", cmd_restore },
  { "user", cmd_user },
  { "people", cmd_people },
  { "server", cmd_server },
  { "migrate", cmd_migrate },
};

/* The commands that work with --db naming a server (#20): check (the
   * schema version, counts and audit chain), search, the SLA clocks and check, the working calendars, the dispatch rules (read),
   * the KPIs and reports (kefu-cli-draw's `report`), export and import (as
   * the connection's person: open_store_as_person()); `server` and `migrate`
   * name their servers themselves. people, user, audit, dispatch run and
   * score: as the connection's person too (open_store_as() and
   * open_store_to_read_as() on a server). */
static gboolean
works_on_server (CommandFunc   func,
                 int           argc,
                 char        **argv)
{
  if (func == cmd_dispatch)
    return argc >= 2 && (g_str_equal (argv[1], "rules") || g_str_equal (argv[1], "run") ||
                         g_str_equal (argv[1], "score") || g_str_equal (argv[1], "--help"));
  /* people, user, audit and owner erase: as the connection's person */
  if (func == cmd_people || func == cmd_user || func == cmd_audit || func == cmd_owner)
    return TRUE;
#ifdef KEFU_CLI_DRAWS
  if (func == cmd_report || func == cmd_export || func == cmd_import)
    return TRUE;
  /* question banks, papers, cohorts, practicals and certificates, as the
   * connection's person (kefu-cli-training.c) */
  if (func == cmd_questions || func == cmd_exam || func == cmd_training)
    return TRUE;
#endif
  return func == cmd_search || func == cmd_sla || func == cmd_calendar || func == cmd_check
         || func == cmd_server || func == cmd_migrate;
}

/* What to use instead of a command that has no meaning on a server: a
 * database file's backups, and kefu-cli's own sign-in sessions (on a
 * server signing in is PostgreSQL's login); NULL for the others */
static const char *
not_for_a_server (CommandFunc func)
{
  if (func == cmd_backup || func == cmd_restore)
    return _("Backups of a database server are PostgreSQL’s own: take them with pg_dump (or pg_basebackup) "
             "and restore them with pg_restore on the server; “backup” and “restore” copy a database file.");
  if (func == cmd_signin || func == cmd_signout)
    return _("On a database server you sign in as yourself to PostgreSQL: name your login in the connection "
             "(user=LOGIN) and keep its password in ~/.pgpass or PGPASSWORD; “signin” and “signout” keep a "
             "session on a database file.");
  return NULL;
}

/* Runs the whole command line in kefu-cli-draw instead; returns only when
 * that program cannot be started. */
static int
run_in_draw_program (const char  *command,
                     char       **argv)
{
  g_autofree char *path = g_build_filename (kefu_module_in_build_tree () ? BUILD_CLIDIR : LIBEXECDIR,
                                            "kefu-cli-draw", NULL);
  int saved;

  argv[0] = path;
  execv (path, argv);
  saved = errno;
  g_printerr (_("“%s” draws charts and documents in a second program, %s, which cannot be started: %s. "
                "Reinstall Kefu or rebuild it.\n"), command, path, g_strerror (saved));
  return 1;
}

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
      {
        if (commands[c].func == NULL)
          return run_in_draw_program (argv[i], argv);
        func = commands[c].func;
      }
  if (func == NULL)
    {
      g_printerr (_("Unknown command “%s”.\n\n"), argv[i]);
      print_usage (stderr);
      return 2;
    }

  if (db_path == NULL)
    db_path = kefu_store_default_path ();
  /* a server is never taken for a file name (#20); the commands whose
   * code runs on a server (on the query layer, tested on both engines)
   * take one, the others say so */
  if (kefu_engine_is_server_spec (db_path) && not_for_a_server (func) != NULL)
    {
      g_autofree char *where = kefu_engine_describe_spec (db_path);

      /* Translators: %s is the server, then the command, then what to use instead */
      g_printerr (_("“%s” names a database server (PostgreSQL), where “%s” does not apply. %s\n"),
                  where, argv[i], not_for_a_server (func));
      return 1;
    }
  if (kefu_engine_is_server_spec (db_path) && !works_on_server (func, argc - i, argv + i))
    {
      g_autofree char *where = kefu_engine_describe_spec (db_path);
      g_printerr (_("“%s” names a database server (PostgreSQL). Server mode is not available for “%s” yet: "
                    "so far “check”, “search”, “sla”, “calendar”, “dispatch”, “people”, “user”, “audit”, “owner erase”, “questions”, “exam”, “training”, "
                    "“report”, “export”, “import”, “server” and “migrate” work with a server. "
                    "Use a database file (--db FILE).\n"),
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
