/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cli-private.h — what the files of kefu-cli share
 *
 * kefu-cli.c holds main(), the command table, the common options,
 * sign-in (--db, --as with the PIN on stdin) and the helpers the groups
 * share; each kefu-cli-<group>.c holds one group of commands. Each
 * command is a CommandFunc: it parses its own arguments and returns the
 * exit status.
 */
#pragma once

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


G_BEGIN_DECLS

/* A command: parses its own arguments (argv[0] is the command's name)
 * and returns the exit status. */
typedef int (*CommandFunc) (const char *db_path, int argc, char **argv);

/* kefu-cli.c: opening the database (only init creates one), as the --as
 * user after their PIN (the _as forms; NULL after printing why), reading
 * a new PIN or password twice without echo, numbers, progress on stderr */
KefuStore *open_store            (const char  *db_path);
KefuStore *open_store_to_read    (const char  *db_path);
KefuStore *open_store_as         (const char  *db_path,
                                  const char  *command);
KefuStore *open_store_to_read_as (const char  *db_path,
                                  const char  *command);
/* open_store_as(), but on a server (#20) the person is the login of the
 * connection string (--db "… user=LOGIN"): the server checked its
 * password, masks phones for it and shows it its estates only; --as, if
 * given, must name the same login. A connection as the tables' owner
 * signs in with --as LOGIN and the PIN, as on a file. */
KefuStore *open_store_as_person  (const char  *db_path,
                                  const char  *command);
/* open_store_to_read_as() takes --as LOGIN's session when this account
 * keeps one (kefu-cli-session.c); open_store_with_pin() always asks */
KefuStore *open_store_with_pin   (const char  *db_path,
                                  const char  *command);
const char *cli_as_login         (void);
gboolean   sign_in_needs_login   (const char  *command);
gboolean   resume_session        (KefuStore   *store,
                                  const char  *db_path,
                                  const char  *login);
gint64     user_id_of            (KefuStore   *store,
                                  const char  *login);
char      *read_secret           (const char  *prompt);
void       free_secret           (char        *secret);
char      *read_new_secret       (const char  *prompt,
                                  const char  *again);
gboolean   parse_uint            (const char  *text,
                                  guint64      max,
                                  guint64     *out);
/* Takes --json (setting @json) out of @argv, the other arguments into
 * @rest; FALSE when --help was asked for (the caller prints its usage). */
gboolean   take_json_flag        (int          argc,
                                  char       **argv,
                                  gboolean    *json,
                                  GPtrArray   *rest);
/* Prints @error's message on stderr; 1, the exit status of a command
 * whose work failed: return fail_with (error); */
int        fail_with             (const GError *error);
void       progress_cb           (double       fraction,
                                  const char  *message,
                                  gpointer     user_data);
/* kefu-cli.c: terminal columns (Chinese characters take two), pretty
 * JSON on standard output, a rounded number or null as a JSON member */
int        display_width         (const char  *text);
void       print_json            (JsonBuilder *b);
void       json_number_or_null   (JsonBuilder *b,
                                  const char  *name,
                                  double       value);
void       json_string_or_null   (JsonBuilder *b,
                                  const char  *name,
                                  const char  *value);

/* A PIN or password: wiped before it is freed. */
typedef char Secret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Secret, free_secret)

/* kefu-cli-init.c: the audit chain's check, also for kefu-cli audit */
int verify_audit (KefuStore  *store,
                  const char *anchor_text,
                  gboolean    need_anchor);

/* kefu-cli-transfer.c: an import's exit status, also for kefu-cli
 * questions import */
int import_status (guint n_taken,
                   guint n_skipped);

/* kefu-cli-sla.c: "--name value" options and positional arguments; local
 * times "YYYY-MM-DD[ HH:MM]" */
gboolean take_options     (int           argc,
                           char        **argv,
                           const char   *command,
                           const char  **names,
                           const char  **values,
                           GPtrArray    *positional);
gboolean parse_local_time (const char   *text,
                           gint64       *unix_utc);
char    *local_time       (gint64        unix_utc);

/* The commands, by file */
int cmd_init     (const char *db_path, int argc, char **argv);   /* kefu-cli-init.c */
int cmd_check    (const char *db_path, int argc, char **argv);
int cmd_import   (const char *db_path, int argc, char **argv);   /* kefu-cli-transfer.c */
int cmd_export   (const char *db_path, int argc, char **argv);
int cmd_calendar (const char *db_path, int argc, char **argv);   /* kefu-cli-sla.c */
int cmd_sla      (const char *db_path, int argc, char **argv);
int cmd_bench    (const char *db_path, int argc, char **argv);   /* kefu-cli-bench.c */
int cmd_loadtest (const char *db_path, int argc, char **argv);   /* kefu-cli-loadtest.c */
int cmd_dispatch (const char *db_path, int argc, char **argv);   /* kefu-cli-dispatch.c */
int cmd_audit    (const char *db_path, int argc, char **argv);   /* kefu-cli-user.c */
int cmd_user     (const char *db_path, int argc, char **argv);
int cmd_backup   (const char *db_path, int argc, char **argv);   /* kefu-cli-backup.c */
int cmd_restore  (const char *db_path, int argc, char **argv);
int cmd_server   (const char *db_path, int argc, char **argv);   /* kefu-cli-server.c */
int cmd_migrate  (const char *db_path, int argc, char **argv);
int cmd_search    (const char *db_path, int argc, char **argv);  /* kefu-cli-search.c */
int cmd_signin    (const char *db_path, int argc, char **argv);  /* kefu-cli-session.c */
int cmd_signout   (const char *db_path, int argc, char **argv);
int cmd_report    (const char *db_path, int argc, char **argv);  /* kefu-cli-report.c */
int cmd_questions (const char *db_path, int argc, char **argv);  /* kefu-cli-training.c */
int cmd_exam      (const char *db_path, int argc, char **argv);
int cmd_training  (const char *db_path, int argc, char **argv);  /* kefu-cli-cohort.c */
int cmd_owner     (const char *db_path, int argc, char **argv);  /* kefu-cli-owner.c */
int cmd_people    (const char *db_path, int argc, char **argv);  /* kefu-cli-people.c */
/* kefu-cli-certificates.c: training certificates, certify, certificate */
int training_certificates (const char *db_path, int argc, char **argv);
/* kefu-cli-practical.c: training practical (assessments and their panel) */
int training_practical (const char *db_path, int argc, char **argv);
/* kefu-cli-training.c: for the training commands that only read,
 * open_store_to_read_as() on a file (a kept session or the PIN); on a
 * server the connection's person (open_store_as_person()), as their
 * writing commands take it */
KefuStore *training_store_to_read (const char *db_path,
                                   const char *command);

G_END_DECLS
