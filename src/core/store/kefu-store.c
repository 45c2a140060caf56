/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-store.c — opening, checking and migrating the SQLite file
 *
 * The rules: WAL, foreign keys on, a busy timeout, synchronous=FULL for
 * what users commit. Opening only reads, unless a migration is due: then
 * it takes the write lock (BEGIN IMMEDIATE). A file that cannot be
 * written, is not a database or comes from a newer Kefu is reported at
 * once, and left as it was; one that another program is writing to opens
 * (WAL readers never wait for a writer) and its first save waits.
 *
 * Nothing is written where it would be lost: the locks are kept whatever
 * else the process opens (kefu-locks.c); every commit (explicit or not)
 * passes a commit hook that refuses it once the file or its WAL was
 * removed or replaced under the store, or once the file is known to be
 * damaged (a check failed, or any statement met SQLITE_CORRUPT). What a
 * connection learns about the file, every connection of the process to
 * the same file knows (FileHealth).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "kefu-audit-private.h"
#include "kefu-pinyin.h"
#include "kefu-engine.h"
#include "kefu-enums.h"
#include "kefu-locks.h"
#include "kefu-schema.h"
#include "kefu-server.h"
#include "kefu-search.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

#define DEFAULT_BUSY_TIMEOUT_MS 5000

/* One per database file (device and inode) in the process, shared by all
 * its connections: the main one, the readers of worker threads. */
typedef struct {
  dev_t  dev;
  ino_t  ino;
  guint  refs;       /* under health_mutex */
  int    damaged;    /* atomic: a check or a statement found the file damaged */
  int    replaced;   /* atomic: the file or its WAL was removed or replaced */
  int    wal_known;  /* atomic; wal_dev/wal_ino are set once before it */
  dev_t  wal_dev;
  ino_t  wal_ino;
} FileHealth;

static GMutex     health_mutex;
static GPtrArray *health_files;

/* SQLITE_CORRUPT met by any statement, even one whose caller took the
 * error for "no row": SQLite logs each (sqlite3_config SQLITE_CONFIG_LOG),
 * in the thread that runs the statement; a trace callback noted which
 * file that thread's KefuStore statement is on. */
static int               corruption_events;   /* atomic, the process */
static __thread gboolean running_known;
static __thread dev_t    running_dev;
static __thread ino_t    running_ino;

struct _KefuStore
{
  GObject     parent_instance;

  sqlite3    *db;          /* a file; NULL on a server */
  KefuEngine *engine;      /* a server (#20); NULL for a file */
  char       *conninfo;    /* the server's spec as given (with any password: wiped at the end) */
  char       *person;      /* the PostgreSQL role signed in as (kefu_store_open_as), or NULL */
  char       *spec;        /* and the server's spec without credentials */
  gint64      seen_ticket;  /* kefu_store_expect_version() */
  gint64      seen_version;
  gboolean    seen_checked; /* found current in the open transaction */
  GHashTable *server_statements;   /* SQL text → KefuEngineStmt (the query layer's cache) */
  char       *offline_of;  /* an offline copy of this server (kefu_server_copy_to_file) */
  gint64      offline_at;
  char       *path;
  FileHealth *health;
  GHashTable *statements;   /* SQL text → sqlite3_stmt */
  gint64      actor_id;
  int         schema_version;
  int         cache_size;   /* PRAGMA cache_size outside bulk mode */
  int         busy_timeout; /* ms, as last set */
  gint64      now;          /* the clock: a fixed moment, or 0 for the system's */
  guint       bulk : 1;
  guint       no_bulk_load : 1;   /* tests: bulk loads row by row */
};

G_DEFINE_TYPE (KefuStore, kefu_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (kefu-store-error-quark, kefu_store_error)

static const char * const table_names[] = {
  "estates", "buildings", "units", "common_areas", "owners", "owner_units",
  "owner_tags", "users", "teams", "technicians", "tickets", "ticket_events",
  "ticket_attachments", "audit_log", "settings", "calendars", "calendar_days",
  "sla_policies", "sla_notifications", "technician_buildings", "shifts",
  "shift_exceptions", "dispatch_rules", "courses", "question_banks",
  "questions", "exams", "exam_items", "attempts", "attempt_answers",
  "practice_queue", "assessments", "assessment_criteria",
  "assessment_scores", "training_evaluations", "ticket_search",
  "dispatch_moves", "contractor_scores", "kpi_daily", "kpi_daily_by",
  "kpi_daily_complaints", "kpi_daily_agents", "kpi_carry", "kpi_dirty", "technician_teams",
  "owner_erasures", "staff_groups", "staff_group_members", "cohorts", "cohort_members",
  "cohort_sessions", "session_attendance", "cohort_surveys", "cohort_ledger", "followups",
  "exam_assignments", "training_module_aliases", "incident_reviews", "sla_seen",
  "capability_sources", "people_goals", "review_rounds", "review_scores", "review_peers", "review_peer_totals",
  "cases", "case_links", "key_corrections", "score_changes", "cohort_checkpoints", "cohort_observations", "user_views",
  "certificates", "exam_group_assignments", "exam_notices",
  "assessment_panel", "assessment_external_raters", "assessment_external_scores", "assessment_score_history",
  "assessment_decisions", "scenario_criteria", "store_changes", "cli_sessions", NULL
};

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

static FileHealth *
health_ref (dev_t dev,
            ino_t ino)
{
  FileHealth *h = NULL;

  g_mutex_lock (&health_mutex);
  if (health_files == NULL)
    health_files = g_ptr_array_new ();
  for (guint i = 0; i < health_files->len && h == NULL; i++)
    {
      FileHealth *candidate = health_files->pdata[i];
      if (candidate->dev == dev && candidate->ino == ino)
        h = candidate;
    }
  if (h == NULL)
    {
      h = g_new0 (FileHealth, 1);
      h->dev = dev;
      h->ino = ino;
      g_ptr_array_add (health_files, h);
    }
  h->refs++;
  g_mutex_unlock (&health_mutex);
  return h;
}

static void
health_unref (FileHealth *h)
{
  g_mutex_lock (&health_mutex);
  if (--h->refs == 0)
    {
      g_ptr_array_remove_fast (health_files, h);
      g_free (h);
    }
  g_mutex_unlock (&health_mutex);
}

static void
kefu_store_finalize (GObject *object)
{
  KefuStore *self = (KefuStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->server_statements, g_hash_table_unref);
  g_clear_pointer (&self->engine, kefu_engine_free);
  if (self->conninfo != NULL)
    explicit_bzero (self->conninfo, strlen (self->conninfo));
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->person, g_free);
  g_clear_pointer (&self->spec, g_free);
  g_clear_pointer (&self->offline_of, g_free);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->health, health_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (kefu_store_parent_class)->finalize (object);
}

enum { PROBLEM, NOTICE, SERVER_LOST, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
kefu_store_class_init (KefuStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_store_finalize;

  /* KefuStore::problem (source, message): work the user did not start
   * themselves failed (an automatic dispatch); emitted in the thread that
   * uses the store, for the window to show */
  signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* KefuStore::notice (source, message, ticket id): work the user did not
   * start left something for them (a ticket automatic dispatch could not
   * place); for the window to show as a toast */
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT64);
  /* KefuStore::server-lost: a call on a server store reconnected only by
   * its caller (kefu_store_set_reconnect_in_background) found the
   * connection lost; emitted in the thread that made the call */
  signals[SERVER_LOST] = g_signal_new ("server-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* Background work that failed tells the user through the window, not
 * only on stderr; @source names it ("dispatch"), @message is translated. */
void
kefu_store_report_problem (KefuStore  *self,
                           const char *source,
                           const char *message)
{
  g_return_if_fail (KEFU_IS_STORE (self));
  g_message ("%s: %s", source, message);
  g_signal_emit (self, signals[PROBLEM], 0, source, message);
}

void
kefu_store_report_notice (KefuStore  *self,
                          const char *source,
                          const char *message,
                          gint64      ticket_id)
{
  g_return_if_fail (KEFU_IS_STORE (self));
  g_signal_emit (self, signals[NOTICE], 0, source, message, ticket_id);
}

static void
kefu_store_init (KefuStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
}

/* The clock of this store: the time every write records and every "now"
 * of a query is taken from. It is the system's clock unless
 * kefu_store_set_now() pinned it to a moment, for "what if it were then"
 * checks (kefu-cli … --now) and for tests. Each store (and so each
 * thread's connection) carries its own: readers copy it when opened, and
 * no process-wide switch exists for a worker thread to race on. This is
 * the one place in the core that reads the system's time. */
gint64
kefu_store_now (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), 0);

  if (self->now > 0)
    return self->now;
  /* on a server, the server's clock is the clock of record (#20): every
   * desk records the same "now", whatever its own clock says */
  if (self->engine != NULL)
    {
      g_autoptr(GError) error = NULL;
      gint64 now = kefu_engine_now (self->engine, &error);

      if (now > 0)
        return now;
      /* a server away is expected, and said in the window (#20); the
       * write that follows fails on it too */
      if (g_error_matches (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE))
        g_debug ("The server's clock could not be read: %s", error->message);
      else
        g_warning ("The server's clock could not be read: %s", error != NULL ? error->message : "?");
    }
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Pins the clock to @unix_utc (seconds since the epoch), or back to the
 * system's clock with 0. Readers opened afterwards inherit it. */
void
kefu_store_set_now (KefuStore *self,
                    gint64     unix_utc)
{
  g_return_if_fail (KEFU_IS_STORE (self));

  self->now = MAX (unix_utc, 0);
}

/* Tests: FALSE writes this store's bulk loads row by row, checked and
 * marked by each INSERT, to compare the two ways. */
void
kefu_store_set_bulk_load_enabled (KefuStore *self,
                                  gboolean   enabled)
{
  g_return_if_fail (KEFU_IS_STORE (self));

  self->no_bulk_load = !enabled;
}

gboolean
kefu_store_get_bulk_load_enabled (KefuStore *self)
{
  return !self->no_bulk_load;
}

/* Whether the clock is pinned (a test, or a command's --now). */
gboolean
kefu_store_has_fixed_now (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);

  return self->now > 0;
}

static void
health_mark_damaged (dev_t dev,
                     ino_t ino)
{
  g_mutex_lock (&health_mutex);
  for (guint i = 0; health_files != NULL && i < health_files->len; i++)
    {
      FileHealth *h = health_files->pdata[i];
      if (h->dev == dev && h->ino == ino)
        g_atomic_int_set (&h->damaged, 1);
    }
  g_mutex_unlock (&health_mutex);
}

static void
sqlite_log_cb (void       *data,
               int         code,
               const char *message)
{
  if ((code & 0xff) == SQLITE_CORRUPT)
    {
      g_atomic_int_inc (&corruption_events);
      if (running_known)
        health_mark_damaged (running_dev, running_ino);
    }
}

/* Each statement a KefuStore starts: this thread now runs it. */
static int
trace_cb (unsigned  type,
          void     *ctx,
          void     *p,
          void     *x)
{
  FileHealth *h = ((KefuStore *) ctx)->health;

  running_known = h != NULL;
  if (h != NULL)
    {
      running_dev = h->dev;
      running_ino = h->ino;
    }
  return 0;
}

/* Once, before the process's first connection: SQLite's log (it can only
 * be set before SQLite initializes) and the locks (kefu-locks.c).
 * kefu_store_open() calls it; a program that opens SQLite itself before
 * its first KefuStore calls it first. */
void
kefu_store_init_sqlite (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      if (sqlite3_config (SQLITE_CONFIG_LOG, sqlite_log_cb, NULL) != SQLITE_OK)
        g_debug ("SQLite was initialized before the first KefuStore: damage met by a statement "
                 "is only seen where its error is reported");
      kefu_locks_install ();
      g_once_init_leave (&once, 1);
    }
}

/* How many times any statement of the process met a damaged page. */
guint
kefu_store_corruption_count (void)
{
  return (guint) g_atomic_int_get (&corruption_events);
}

/* $XDG_DATA_HOME/kefu/kefu.db, unless KEFU_DB says otherwise */
char *
kefu_store_default_path (void)
{
  const char *env = g_getenv ("KEFU_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "kefu", "kefu.db", NULL);
}

static void
set_replaced_error (KefuStore  *self,
                    GError    **error)
{
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_REPLACED,
               _("The database “%s” or its journal “%s-wal” was removed or replaced by another "
                 "program while Kefu had it open. Kefu stopped saving, so that nothing is written "
                 "where it would be lost. Close Kefu and open it again, then check your latest changes."),
               self->path, self->path);
}

static void
set_damaged_error (KefuStore  *self,
                   const char *detail,
                   GError    **error)
{
  if (detail != NULL)
    g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                 _("The database “%s” is damaged (%s). Kefu no longer saves to it, so nothing more "
                   "is lost. Restore the latest backup (Preferences ▸ Backups)."),
                 self->path, detail);
  else
    g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                 _("The database “%s” is damaged. Kefu no longer saves to it, so nothing more "
                   "is lost. Restore the latest backup (Preferences ▸ Backups)."),
                 self->path);
}

static void
mark_damaged (KefuStore *self)
{
  if (self->health != NULL && !g_atomic_int_get (&self->health->damaged))
    {
      g_atomic_int_set (&self->health->damaged, 1);
      g_debug ("The database %s is damaged: no more writes to it", self->path);
    }
}

static void set_offline_error (KefuStore  *self,
                               GError    **error);

void
kefu_store_set_error (KefuStore  *self,
                      int         rc,
                      GError    **error)
{
  const char *path = self->path;
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  if ((rc & 0xff) == SQLITE_READONLY && self->offline_of != NULL)
    {
      set_offline_error (self, error);
      return;
    }
  if ((rc & 0xff) == SQLITE_CORRUPT)
    mark_damaged (self);
  /* the commit hook refused a commit */
  if (rc == SQLITE_CONSTRAINT_COMMITHOOK && self->health != NULL)
    {
      if (g_atomic_int_get (&self->health->replaced))
        {
          set_replaced_error (self, error);
          return;
        }
      if (g_atomic_int_get (&self->health->damaged))
        {
          set_damaged_error (self, NULL, error);
          return;
        }
    }

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_LOCKED,
                   _("The database “%s” is locked by another program that is writing to it. "
                     "Close the other program (or wait for it to finish) and try again."),
                   path);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_READ_ONLY,
                   _("The database “%s” cannot be written: the file or its folder is read-only."),
                   path);
      break;
    case SQLITE_NOTADB:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_A_DATABASE,
                   _("The file “%s” is not a Kefu database (it is not a SQLite file). "
                     "It was left untouched."),
                   path);
      break;
    case SQLITE_CORRUPT:
      set_damaged_error (self, detail, error);
      break;
    case SQLITE_FULL:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_FULL,
                   _("The disk holding “%s” is full. Nothing was saved; free some space and try again."),
                   path);
      break;
    case SQLITE_IOERR:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL,
                   _("The disk or file system holding “%s” failed to read or write it (%s). "
                     "This change was not saved; what was saved before is kept. "
                     "Check the disk, then try again."),
                   path, detail);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("The database “%s” cannot be opened or created (%s)."),
                   path, detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, KEFU_STORE_ERROR,
                   rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
                   rc == SQLITE_CONSTRAINT_ROWID
                   ? KEFU_STORE_ERROR_CONFLICT : KEFU_STORE_ERROR_INVALID,
                   _("The change was refused by the database “%s”: %s."),
                   path, detail);
      break;
    default:
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL,
                   _("Database error in “%s”: %s."), path, detail);
      break;
    }
}

sqlite3 *
kefu_store_get_db (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), NULL);
  return self->db;
}

/* What a module not yet on the query layer says on a server store */
static void
set_not_on_server_error (KefuStore  *self,
                         GError    **error)
{
  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SQL,
               _("This part of Kefu does not work on a database server yet (“%s”): "
                 "use a database file for it."), self->path);
}

sqlite3_stmt *
kefu_store_prepare (KefuStore   *self,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (self->engine != NULL)
    {
      /* a module not yet on the query layer (kefu-query.h) */
      set_not_on_server_error (self, error);
      return NULL;
    }
  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      kefu_store_set_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
kefu_store_exec (KefuStore   *self,
                 const char  *sql,
                 GError     **error)
{
  int rc;

  if (self->engine != NULL)
    {
      g_autofree char *text = kefu_query_script_for_server (sql);

      return kefu_engine_exec (self->engine, text, error);
    }
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      kefu_store_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* FALSE once the database file or its WAL is no longer the one this
 * process opened (removed, or replaced by another file): a commit now
 * would go where nobody finds it, and is refused from then on. */
static gboolean
file_in_place (KefuStore *self)
{
  FileHealth *h = self->health;
  int moved = 0;

  if (h == NULL || self->db == NULL)
    return TRUE;
  if (g_atomic_int_get (&h->replaced))
    return FALSE;
  if (sqlite3_file_control (self->db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK)
    moved = 0;
  if (!moved && g_atomic_int_get (&h->wal_known))
    {
      const char *wal = sqlite3_filename_wal (sqlite3_db_filename (self->db, "main"));
      struct stat st;

      if (stat (wal, &st) != 0)
        moved = errno == ENOENT;
      else
        moved = st.st_dev != h->wal_dev || st.st_ino != h->wal_ino;
    }
  if (!moved)
    return TRUE;
  if (!g_atomic_int_get (&h->replaced))
    {
      g_atomic_int_set (&h->replaced, 1);
      g_debug ("The database %s or its WAL was removed or replaced: no more writes to it", self->path);
    }
  return FALSE;
}

/* The WAL this process writes to: the one there when the first
 * connection had read the file in WAL mode. The process's SHARED lock
 * on the file keeps any other program from deleting it meanwhile. */
static void
note_wal (KefuStore *self)
{
  FileHealth *h = self->health;
  const char *wal;
  struct stat st;

  if (g_atomic_int_get (&h->wal_known))
    return;
  wal = sqlite3_filename_wal (sqlite3_db_filename (self->db, "main"));
  g_mutex_lock (&health_mutex);
  if (!g_atomic_int_get (&h->wal_known) && wal != NULL && stat (wal, &st) == 0)
    {
      h->wal_dev = st.st_dev;
      h->wal_ino = st.st_ino;
      g_atomic_int_set (&h->wal_known, 1);
    }
  g_mutex_unlock (&health_mutex);
}

/* Every commit of every connection, COMMIT or an autocommit statement:
 * non-zero turns it into a rollback (SQLITE_CONSTRAINT_COMMITHOOK). */
static int
commit_hook (void *data)
{
  KefuStore *self = data;

  if (self->health != NULL && g_atomic_int_get (&self->health->damaged))
    return 1;
  return file_in_place (self) ? 0 : 1;
}

/* An offline copy written from a server (kefu_server_copy_to_file) is
 * only read: changes belong on the server. */
static void
set_offline_error (KefuStore  *self,
                   GError    **error)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (self->offline_at);
  g_autofree char *when = at != NULL ? g_date_time_format (at, "%Y-%m-%d %H:%M") : g_strdup ("?");

  g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_READ_ONLY,
               _("“%s” is an offline copy of the server “%s” taken at %s: it can be read but not changed. "
                 "Make changes on the server."),
               self->path, self->offline_of, when);
}

/* Whether a write may start now: FALSE, with the reason, once the file
 * is known to be damaged or was removed or replaced under the store. */
gboolean
kefu_store_can_write (KefuStore  *self,
                      GError    **error)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);

  if (self->offline_of != NULL)
    {
      set_offline_error (self, error);
      return FALSE;
    }
  if (self->health != NULL && g_atomic_int_get (&self->health->damaged))
    {
      set_damaged_error (self, NULL, error);
      return FALSE;
    }
  if (!file_in_place (self))
    {
      set_replaced_error (self, error);
      return FALSE;
    }
  return TRUE;
}

gboolean
kefu_store_is_damaged (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);
  return self->health != NULL && g_atomic_int_get (&self->health->damaged);
}

static int
read_user_version (KefuStore  *self,
                   GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc, version = -1;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  if (rc != SQLITE_OK)
    kefu_store_set_error (self, rc, error);
  sqlite3_finalize (stmt);
  return version;
}

/* Runs each missing migration in its own transaction, up to @target. */
static gboolean
migrate (KefuStore  *self,
         int         target,
         GError    **error)
{
  int version;

  if (!kefu_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  version = read_user_version (self, error);
  if (version < 0)
    goto fail;
  if (version > KEFU_SCHEMA_VERSION)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NEWER_SCHEMA,
                   _("The database “%s” was written by a newer version of Kefu "
                     "(schema %d; this version understands up to %d). It was left untouched; "
                     "update Kefu to open it."),
                   self->path, version, KEFU_SCHEMA_VERSION);
      goto fail;
    }

  while (version < target)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!kefu_store_exec (self, kefu_schema_migration (version), error) ||
          !kefu_store_exec (self, bump, error) ||
          !kefu_store_exec (self, "COMMIT", error))
        goto fail;
      version++;
      if (version < target && !kefu_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  if (version == target && sqlite3_get_autocommit (self->db) == 0 &&
      !kefu_store_exec (self, "COMMIT", error))
    goto fail;

  self->schema_version = version;
  return TRUE;

fail:
  if (sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* A migration that added or changed the index leaves it to be filled. */
static gboolean
refresh_search_index (KefuStore  *self,
                      GError    **error)
{
  g_autofree char *stale = NULL;
  g_autoptr(KefuTransaction) tx = NULL;

  if (self->schema_version < 4)
    return TRUE;
  stale = kefu_store_get_setting (self, "search_index_stale");
  if (g_strcmp0 (stale, "1") != 0)
    return TRUE;
  /* on a server, only a connection that may rewrite the whole index (the
   * tables' owner) rebuilds it: a person's desk sees only some estates'
   * tickets, and leaves it to the owner's next open */
  if (self->engine != NULL)
    {
      gint64 may = 0;

      if (!kefu_engine_scalar (self->engine, "SELECT has_table_privilege ('ticket_search', 'DELETE')", 0, &may,
                               error))
        return FALSE;
      if (!may)
        return TRUE;
    }
  tx = kefu_transaction_begin (self, error);
  if (tx == NULL ||
      !kefu_search_rebuild (self, error) ||
      !kefu_store_exec (self, "DELETE FROM settings WHERE key = 'search_index_stale'", error))
    return FALSE;
  return kefu_transaction_commit (tx, error);
}

/* A store on a PostgreSQL server: only modules on the query layer work
 * on it (kefu-query.h); the schema is the server's (kefu-cli server init),
 * at exactly this Kefu's version. */
static KefuStore *
open_server (KefuStore           *store,
             const char          *conninfo,
             KefuStoreOpenFlags   flags,
             GError             **error)
{
  g_autoptr(KefuStore) self = store;
  int version;

  self->path = kefu_engine_describe_spec (conninfo);
  self->conninfo = g_strdup (conninfo);
  self->engine = kefu_engine_connect_pg (conninfo, error);
  if (self->engine == NULL)
    return NULL;
  kefu_engine_set_statement_rollback (self->engine, TRUE);
  version = kefu_server_schema_version (self->engine, error);
  if (version < 0)
    return NULL;
  if (version == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("The server “%s” has no Kefu database yet: run “kefu-cli server init” on it first."),
                   self->path);
      return NULL;
    }
  if (version > KEFU_SCHEMA_VERSION)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NEWER_SCHEMA,
                   _("The server “%s” holds Kefu’s schema version %d, newer than this Kefu understands (%d). "
                     "Nothing was changed; update Kefu on this desk to use it."),
                   self->path, version, KEFU_SCHEMA_VERSION);
      return NULL;
    }
  /* an older server is brought up to this version (its server
   * migrations, kefu-server.c), which takes the schema's owner */
  if (version < KEFU_SCHEMA_VERSION)
    {
      g_autoptr(GError) local = NULL;

      if (!kefu_server_upgrade (self->engine, &local))
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                       _("The server “%s” holds Kefu’s schema version %d, older than this Kefu’s (%d), and "
                         "it could not be upgraded from here (%s). Nothing was changed; run “kefu-cli server "
                         "init” on it as the owner of its database."),
                       self->path, version, KEFU_SCHEMA_VERSION, local->message);
          return NULL;
        }
      version = KEFU_SCHEMA_VERSION;
    }
  self->schema_version = version;
  if (!refresh_search_index (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* An offline copy of a server (kefu_server_copy_to_file) opens for
 * reading only: every statement that would write fails (query_only), with
 * the message of set_offline_error(). */
static gboolean
note_offline_copy (KefuStore  *self,
                   GError    **error)
{
  g_autofree char *of = NULL;
  g_autofree char *at = NULL;

  if (self->schema_version < 1)
    return TRUE;
  of = kefu_store_get_setting (self, KEFU_OFFLINE_COPY_OF);
  if (of == NULL)
    return TRUE;
  at = kefu_store_get_setting (self, KEFU_OFFLINE_COPY_AT);
  self->offline_of = g_steal_pointer (&of);
  self->offline_at = at != NULL ? g_ascii_strtoll (at, NULL, 10) : 0;
  return kefu_store_exec (self, "PRAGMA query_only = ON", error);
}

static KefuStore *
open_internal (const char          *path,
               KefuStoreOpenFlags   flags,
               int                  target_version,
               GError             **error)
{
  g_autoptr(KefuStore) self = g_object_new (KEFU_TYPE_STORE, NULL);
  g_autofree char *dir = NULL;
  gboolean exists;
  gboolean read_only;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  /* postgresql://… or service=…: never a file name (#20) */
  if (kefu_engine_is_server_spec (path))
    return open_server (g_steal_pointer (&self), path, flags, error);

  self->path = g_strdup (path);
  exists = g_file_test (path, G_FILE_TEST_EXISTS);

  if (exists && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("“%s” is a folder, not a database file."), path);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  if (!exists && g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, KEFU_STORE_ERROR,
                   saved_errno == EACCES || saved_errno == EROFS ? KEFU_STORE_ERROR_READ_ONLY
                                                                 : KEFU_STORE_ERROR_OPEN,
                   _("The folder “%s” for the database cannot be created: %s."),
                   dir, g_strerror (saved_errno));
      return NULL;
    }
  /* A new file is the owner's alone (0600); SQLite gives its -wal and
   * -shm the database's mode. An existing file keeps its mode. */
  if (!exists)
    {
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd >= 0)
        g_close (fd, NULL);
    }

  /* before any connection of the process opens a file */
  kefu_store_init_sqlite ();
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      kefu_store_set_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  kefu_store_set_busy_timeout (self, DEFAULT_BUSY_TIMEOUT_MS);
  {
    struct stat st;

    if (stat (path, &st) == 0)
      self->health = health_ref (st.st_dev, st.st_ino);
  }
  sqlite3_commit_hook (self->db, commit_hook, self);
  sqlite3_trace_v2 (self->db, SQLITE_TRACE_STMT, trace_cb, self);
  kefu_audit_register (self);
  kefu_pinyin_register (self);

  /* Read before writing anything: a file that is not a database, or is
   * from a newer Kefu, must stay exactly as it is. */
  version = read_user_version (self, error);
  if (version < 0)
    return NULL;
  if (version > KEFU_SCHEMA_VERSION)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NEWER_SCHEMA,
                   _("The database “%s” was written by a newer version of Kefu "
                     "(schema %d; this version understands up to %d). It was left untouched; "
                     "update Kefu to open it."),
                   path, version, KEFU_SCHEMA_VERSION);
      return NULL;
    }
  /* a reader also opens a file it may not write (a read-only command on
   * a copy, a backup, a read-only share): its writes fail as writes do */
  read_only = sqlite3_db_readonly (self->db, "main") == 1;
  if (read_only && (flags & KEFU_STORE_OPEN_READER) == 0)
    {
      kefu_store_set_error (self, SQLITE_READONLY, error);
      return NULL;
    }

  /* cell_size_check: each b-tree page is checked as it is read, so a
   * command meets damage on the pages it touches (SQLITE_CORRUPT), which
   * stops every write to the file (commit_hook) */
  /* WAL is the mode of a desk's database, set by the program that owns
   * it; a reader takes a file as it is (a backup in delete-journal mode
   * read by `kefu-cli check` stays a single self-contained file) */
  if ((!read_only && (flags & KEFU_STORE_OPEN_READER) == 0 &&
       !kefu_store_exec (self, "PRAGMA journal_mode = WAL", error)) ||
      !kefu_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !kefu_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !kefu_store_exec (self, "PRAGMA cell_size_check = ON", error))
    return NULL;

  if ((flags & KEFU_STORE_OPEN_READER) != 0)
    {
      if (version != KEFU_SCHEMA_VERSION)
        {
          g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                       _("The database “%s” has not been prepared yet."), path);
          return NULL;
        }
      self->schema_version = version;
      note_wal (self);
      if (!kefu_audit_attach (self, error) || !note_offline_copy (self, error))
        return NULL;
      return g_steal_pointer (&self);
    }

  /* The write lock only when a migration is due (migrate() reads the
   * version again under it): opening while another program writes does
   * not wait for it. */
  if (version < target_version)
    {
      if (!migrate (self, target_version, error))
        return NULL;
    }
  else
    self->schema_version = version;
  if (!refresh_search_index (self, error))
    return NULL;
  note_wal (self);
  if (!kefu_audit_attach (self, error) || !note_offline_copy (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

KefuStore *
kefu_store_open (const char          *path,
                 KefuStoreOpenFlags   flags,
                 GError             **error)
{
  return open_internal (path, flags, KEFU_SCHEMA_VERSION, error);
}

/* For migration tests: a database built only up to @version. */
KefuStore *
kefu_store_open_at_version (const char  *path,
                            int          version,
                            GError     **error)
{
  g_return_val_if_fail (version >= 0 && version <= KEFU_SCHEMA_VERSION, NULL);
  return open_internal (path, KEFU_STORE_OPEN_DEFAULT, version, error);
}

/* What a worker's own connection needs (kefu_reader_spec_open()), copied
 * in the store's thread: the store's connection string (with any
 * password: wiped when freed), who is signed in, its clock. */
struct _KefuReaderSpec {
  char   *spec;
  char   *person;
  gint64  actor_id;
  gint64  now;
};

void
kefu_reader_spec_free (KefuReaderSpec *spec)
{
  if (spec == NULL)
    return;
  if (spec->spec != NULL)
    explicit_bzero (spec->spec, strlen (spec->spec));
  g_free (spec->spec);
  g_free (spec->person);
  g_free (spec);
}

/* In the store's thread, without waiting for anything (#20): what a
 * worker needs to open its own connection to the same file or server
 * (a connect to a server may wait for a host that stopped answering
 * until libpq's connect_timeout: that is the worker's, in
 * kefu_reader_spec_open()). Refused at once while a window's server is
 * away (kefu_store_set_offline()). */
KefuReaderSpec *
kefu_store_get_reader_spec (KefuStore  *self,
                            GError    **error)
{
  KefuReaderSpec *spec;

  g_return_val_if_fail (KEFU_IS_STORE (self), NULL);
  /* a window's server away (#20): no connect on its behalf meanwhile */
  if (self->engine != NULL && kefu_engine_pg_is_offline (self->engine))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE,
                   _("The database server “%s” is not answering: Kefu is reconnecting."), self->path);
      return NULL;
    }
  spec = g_new0 (KefuReaderSpec, 1);
  spec->spec = g_strdup (self->conninfo != NULL ? self->conninfo : self->path);
  spec->person = g_strdup (self->person);
  spec->actor_id = self->actor_id;
  spec->now = self->now;
  return spec;
}

/* A second connection to the same file or server, in any thread (a
 * worker's: the connection is then that thread's). */
KefuStore *
kefu_reader_spec_open (const KefuReaderSpec  *spec,
                       GError               **error)
{
  KefuStore *reader;

  g_return_val_if_fail (spec != NULL, NULL);
  reader = kefu_store_open (spec->spec, KEFU_STORE_OPEN_READER, error);
  if (reader != NULL)
    {
      reader->person = g_strdup (spec->person);
      reader->actor_id = spec->actor_id;
      reader->now = spec->now;
    }
  return reader;
}

/* A second connection to the same file, for a worker thread, opened
 * here (a worker opening its own: kefu_store_get_reader_spec()). */
KefuStore *
kefu_store_open_reader (KefuStore  *self,
                        GError    **error)
{
  g_autoptr(KefuReaderSpec) spec = kefu_store_get_reader_spec (self, error);

  return spec != NULL ? kefu_reader_spec_open (spec, error) : NULL;
}

void
kefu_store_set_busy_timeout (KefuStore *self,
                             int        milliseconds)
{
  g_return_if_fail (KEFU_IS_STORE (self));
  if (self->db != NULL)
    sqlite3_busy_timeout (self->db, milliseconds);
  self->busy_timeout = milliseconds;
}

/* How long a statement waits for another program's lock (ms). */
int
kefu_store_get_busy_timeout (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), 0);
  return self->busy_timeout;
}

const char *
kefu_store_get_path (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), NULL);
  return self->path;
}

int
kefu_store_get_schema_version (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), -1);
  return self->schema_version;
}

/* Writes that record who made them refuse to run with nobody signed in. */
gboolean
kefu_store_require_actor (KefuStore  *self,
                          GError    **error)
{
  if (self->actor_id <= 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Nobody is signed in: every change must be recorded under a user."));
      return FALSE;
    }
  return TRUE;
}

/* Every write records this user (created_by, ticket_events.user_id). */
void
kefu_store_set_actor (KefuStore *self,
                      gint64     user_id)
{
  g_return_if_fail (KEFU_IS_STORE (self));
  self->actor_id = user_id;
}

gint64
kefu_store_get_actor (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), 0);
  return self->actor_id;
}

gboolean
kefu_store_begin (KefuStore  *self,
                  GError    **error)
{
  if (!kefu_store_can_write (self, error))
    return FALSE;
  /* the server: READ COMMITTED, its default; a row's writers wait for
   * each other's commit */
  return kefu_store_exec (self, self->engine != NULL ? "BEGIN" : "BEGIN IMMEDIATE", error);
}

gboolean
kefu_store_commit (KefuStore  *self,
                   GError    **error)
{
  if (!kefu_store_exec (self, "COMMIT", error))
    {
      kefu_store_rollback (self);
      return FALSE;
    }
  /* the change the user saw the ticket for is made */
  if (self->seen_checked)
    self->seen_ticket = self->seen_version = 0;
  self->seen_checked = FALSE;
  return TRUE;
}

void
kefu_store_expect_version (KefuStore *self,
                           gint64     ticket_id,
                           gint64     version)
{
  g_return_if_fail (KEFU_IS_STORE (self));
  self->seen_ticket = ticket_id > 0 ? ticket_id : 0;
  self->seen_version = ticket_id > 0 ? version : 0;
  self->seen_checked = FALSE;
}

gboolean
kefu_store_get_expected_version (KefuStore *self,
                                 gint64     ticket_id,
                                 gint64    *version)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);
  if (ticket_id <= 0 || self->seen_ticket != ticket_id || self->seen_checked)
    return FALSE;
  *version = self->seen_version;
  return TRUE;
}

void
kefu_store_set_version_checked (KefuStore *self)
{
  g_return_if_fail (KEFU_IS_STORE (self));
  self->seen_checked = TRUE;
}

const char *
kefu_store_get_conninfo (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), NULL);
  return self->conninfo;
}

void
kefu_store_rollback (KefuStore *self)
{
  self->seen_checked = FALSE;
  if (self->engine != NULL)
    {
      if (kefu_engine_in_transaction (self->engine))
        kefu_engine_exec (self->engine, "ROLLBACK", NULL);
      return;
    }
  if (sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Bulk work (the sample generator, imports) trades the fsync per commit
 * for speed; the final commit is made durable by a checkpoint. Its one
 * transaction is atomic whatever the setting: synchronous=NORMAL in WAL
 * mode can lose the last commit on power loss, never corrupt the file,
 * and the checkpoint at the end syncs the WAL and the database.
 *
 * The page cache grows to 64 MB meanwhile, so a big transaction's index
 * pages are not spilled to the WAL and read back. (Temporary files stay
 * on disk: a single big statement, the generator's linking of repeated
 * reports at a million tickets, journals hundreds of MB of pages.) */
void
kefu_store_set_bulk_mode (KefuStore *self,
                          gboolean   bulk)
{
  g_return_if_fail (KEFU_IS_STORE (self));
  if (self->bulk == !!bulk || self->engine != NULL)
    return;
  self->bulk = !!bulk;
  if (bulk)
    {
      sqlite3_stmt *stmt = NULL;

      self->cache_size = 0;
      if (sqlite3_prepare_v2 (self->db, "PRAGMA cache_size", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        self->cache_size = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      sqlite3_exec (self->db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536", NULL, NULL, NULL);
      return;
    }
  sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  if (self->cache_size != 0)
    {
      g_autofree char *restore = g_strdup_printf ("PRAGMA cache_size = %d", self->cache_size);
      sqlite3_exec (self->db, restore, NULL, NULL, NULL);
    }
  sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

const char * const *
kefu_store_table_names (void)
{
  return table_names;
}

gint64
kefu_store_count_rows (KefuStore   *self,
                       const char  *table,
                       GError     **error)
{
  g_autofree char *sql = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;

  g_return_val_if_fail (g_strv_contains (table_names, table), -1);

  sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  stmt = kefu_query_prepare (self, sql, error);
  if (stmt == NULL || kefu_query_step (self, stmt, error) != KEFU_QUERY_ROW)
    return -1;   /* count(*) always gives a row */
  return kefu_query_get_int (stmt, 0);
}

/* A new database has no users yet: the app shows its welcome page. */
gboolean
kefu_store_is_empty (KefuStore *self)
{
  return kefu_store_count_rows (self, "users", NULL) == 0;
}

/* integrity_check and foreign_key_check; appends what it found to @report */
gboolean
kefu_store_check (KefuStore  *self,
                  GString    *report,
                  GError    **error)
{
  guint problems = 0;
  KefuQueryStep rc = KEFU_QUERY_FAILED;

  if (self->engine != NULL)
    {
      set_not_on_server_error (self, error);
      return FALSE;
    }
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (self, "PRAGMA integrity_check", error);

    while (stmt != NULL && (rc = kefu_query_step (self, stmt, error)) == KEFU_QUERY_ROW)
      {
        const char *line = kefu_query_get_text (stmt, 0);
        if (g_strcmp0 (line, "ok") != 0)
          {
            problems++;
            g_string_append_printf (report, _("Integrity: %s\n"), line);
          }
      }
  }
  if (problems > 0)
    mark_damaged (self);
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;

  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (self, "PRAGMA foreign_key_check", error);

    rc = KEFU_QUERY_FAILED;
    while (stmt != NULL && (rc = kefu_query_step (self, stmt, error)) == KEFU_QUERY_ROW)
      {
        problems++;
        g_string_append_printf (report,
                                _("Broken reference: row %lld of table “%s” points to a missing row of “%s”\n"),
                                (long long) kefu_query_get_int (stmt, 1),
                                kefu_query_get_text (stmt, 0), kefu_query_get_text (stmt, 2));
      }
  }
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;

  if (problems > 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_CORRUPT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The database “%s” has %u problem.",
                                "The database “%s” has %u problems.", problems),
                   self->path, problems);
      return FALSE;
    }
  return TRUE;
}

/* PRAGMA quick_check over the whole file: what the GUI runs on a reader
 * in a worker thread after opening and daily. A problem marks the file
 * damaged for every connection of the process, so nothing more is
 * written to it; the error leads to the latest backup. */
gboolean
kefu_store_quick_check (KefuStore  *self,
                        GError    **error)
{
  g_autoptr(GError) failed = NULL;
  g_autofree char *first = NULL;
  guint problems = 0;
  KefuQueryStep rc = KEFU_QUERY_FAILED;

  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);
  if (self->engine != NULL)
    {
      set_not_on_server_error (self, error);
      return FALSE;
    }

  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (self, "PRAGMA quick_check", &failed);

    while (stmt != NULL && (rc = kefu_query_step (self, stmt, &failed)) == KEFU_QUERY_ROW)
      {
        const char *line = kefu_query_get_text (stmt, 0);

        if (g_strcmp0 (line, "ok") != 0)
          {
            problems++;
            if (first == NULL)
              first = g_strdup (line);
          }
      }
  }
  if (problems > 0)
    {
      mark_damaged (self);
      set_damaged_error (self, first, error);
      return FALSE;
    }
  if (rc == KEFU_QUERY_FAILED)
    {
      g_propagate_error (error, g_steal_pointer (&failed));
      return FALSE;
    }
  return TRUE;
}

char *
kefu_store_get_setting (KefuStore  *self,
                        const char *key)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (self, "SELECT value FROM settings WHERE key = ?1", NULL);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_text (stmt, 1, key);
  if (kefu_query_step (self, stmt, NULL) == KEFU_QUERY_ROW)
    return g_strdup (kefu_query_get_text (stmt, 0));
  return NULL;
}

gboolean
kefu_store_set_setting (KefuStore   *self,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (self,
                                              "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                              error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, key);
  kefu_query_bind_text_or_null (stmt, 2, value);
  return kefu_query_run (self, stmt, error);
}

/* Whether @self is on a database server (kefu_store_open() of a
 * postgresql:// URI or a key=value connection string). */
gboolean
kefu_store_is_server (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);
  return self->engine != NULL;
}

KefuStore *
kefu_store_open_as (const char  *spec,
                    const char  *login,
                    const char  *password,
                    GError     **error)
{
  g_autofree char *conninfo = NULL;
  KefuStore *self;

  g_return_val_if_fail (kefu_engine_is_server_spec (spec), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  if (*login == '\0' || password == NULL || *password == '\0')
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SIGN_IN,
                           _("Type your login and your password for the server."));
      return NULL;
    }
  conninfo = kefu_engine_spec_with_login (spec, login, password);
  self = kefu_store_open (conninfo, KEFU_STORE_OPEN_DEFAULT, error);
  explicit_bzero (conninfo, strlen (conninfo));
  if (self != NULL)
    {
      self->person = g_strdup (login);
      self->spec = g_strdup (spec);
    }
  return self;
}

/* Whether @password is the one @self signed in with (kefu_store_open_as):
 * a person changing their own password confirms the current one. */
gboolean
kefu_store_signed_in_with (KefuStore  *self,
                           const char *password)
{
  g_autofree char *conninfo = NULL;
  gboolean same;

  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);
  if (self->spec == NULL || self->person == NULL || self->conninfo == NULL || password == NULL || *password == '\0')
    return FALSE;
  conninfo = kefu_engine_spec_with_login (self->spec, self->person, password);
  same = strlen (conninfo) == strlen (self->conninfo) && sodium_memcmp (conninfo, self->conninfo, strlen (conninfo)) == 0;
  explicit_bzero (conninfo, strlen (conninfo));
  return same;
}

/* The server took the person's new @password: the connections made from
 * now on (worker threads', a reconnect) sign in with it. Main thread. */
void
kefu_store_set_password (KefuStore  *self,
                         const char *password)
{
  g_return_if_fail (KEFU_IS_STORE (self));
  g_return_if_fail (self->spec != NULL && self->person != NULL && password != NULL);
  if (self->conninfo != NULL)
    explicit_bzero (self->conninfo, strlen (self->conninfo));
  g_free (self->conninfo);
  self->conninfo = kefu_engine_spec_with_login (self->spec, self->person, password);
}

const char *
kefu_store_get_person (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), NULL);
  return self->person;
}

/* kefu-cli --db URI (#20): a server store opened with kefu_store_open()
 * on a connection string that names its own login (user=…, or libpq's
 * PGUSER) is that person's, as kefu_store_open_as() makes it, when the
 * login is a person's: a direct member of one of Kefu's group roles
 * (kefu-server-rights.sql). The tables' owner (who ran server init) and
 * the service roles stay what they are. FALSE only on an error. */
gboolean
kefu_store_take_person (KefuStore  *self,
                        GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);
  if (self->engine == NULL || self->person != NULL)
    return TRUE;
  stmt = kefu_query_prepare (self,
                             "SELECT u.rolname::text FROM pg_auth_members m "
                             "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                             "WHERE u.rolname = session_user AND g.rolname IN ('kefu_agent', 'kefu_dispatcher', "
                             "'kefu_supervisor', 'kefu_trainer', 'kefu_manager', 'kefu_admin') LIMIT 1",
                             error);
  if (stmt == NULL)
    return FALSE;
  switch (kefu_query_step (self, stmt, error))
    {
    case KEFU_QUERY_ROW:
      self->person = g_strdup (kefu_query_get_text (stmt, 0));
      return TRUE;
    case KEFU_QUERY_DONE:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
kefu_store_masks_phones (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);
  return self->engine != NULL && self->person != NULL;
}

/* The server's connection (NULL for a file): for the query layer only. */
KefuEngine *
kefu_store_get_engine (KefuStore *self)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), NULL);
  return self->engine;
}

/* The query layer's statements on the server, by their SQL text. */
GHashTable *
kefu_store_get_server_statements (KefuStore *self)
{
  if (self->server_statements == NULL)
    self->server_statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, kefu_query_forget);
  return self->server_statements;
}

/* Whether @self is an offline copy of a server: *@server and *@at say
 * which and when (the copy's clock). */
gboolean
kefu_store_is_offline_copy (KefuStore   *self,
                            const char **server,
                            gint64      *at)
{
  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);
  if (server != NULL)
    *server = self->offline_of;
  if (at != NULL)
    *at = self->offline_at;
  return self->offline_of != NULL;
}

static gboolean
advisory (KefuStore   *self,
          const char  *sql,
          const char  *name,
          gboolean    *result,
          GError     **error)
{
  g_autoptr(KefuEngineStmt) stmt = kefu_engine_prepare (self->engine, sql, error);

  if (stmt == NULL)
    return FALSE;
  kefu_engine_bind_text (stmt, 1, name);
  if (kefu_engine_step (stmt, error) != KEFU_QUERY_ROW)
    return FALSE;
  *result = kefu_engine_get_int (stmt, 0) != 0;
  return TRUE;
}

gboolean
kefu_store_try_lock (KefuStore   *self,
                     const char  *name,
                     gboolean    *taken,
                     GError     **error)
{
  g_return_val_if_fail (KEFU_IS_STORE (self) && name != NULL && taken != NULL, FALSE);

  *taken = TRUE;
  if (self->engine == NULL)
    return TRUE;
  *taken = FALSE;
  return advisory (self, "SELECT pg_try_advisory_lock(hashtext(?1))", name, taken, error);
}

void
kefu_store_unlock (KefuStore  *self,
                   const char *name)
{
  gboolean released = FALSE;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KEFU_IS_STORE (self) && name != NULL);
  if (self->engine != NULL && !advisory (self, "SELECT pg_advisory_unlock(hashtext(?1))", name, &released, &error))
    g_debug ("unlock %s: %s", name, error->message);
}

/* Many desks (#20), a window's store: nothing of its main thread waits
 * for a connection. A lost one is not tried again by the next call (each
 * is refused at once, KEFU_STORE_ERROR_OFFLINE, and ::server-lost is
 * emitted) but by kefu_store_reconnect_async(). */
static void
engine_lost_cb (gpointer data)
{
  g_signal_emit (data, signals[SERVER_LOST], 0);
}

void
kefu_store_set_reconnect_in_background (KefuStore *self,
                                        gboolean   background)
{
  g_return_if_fail (KEFU_IS_STORE (self));
  if (!kefu_store_is_server (self))
    return;
  kefu_engine_pg_set_reconnect_by_caller (kefu_store_get_engine (self), background,
                                          background ? engine_lost_cb : NULL, self);
}

static void
wipe_free (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
  g_free (text);
}

/* The worker: a connection of its own to the same server (the store is
 * not touched here: its connection stays its thread's) */
static void
reconnect_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  KefuEngine *fresh = kefu_engine_connect_pg (task_data, &error);

  if (fresh == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, fresh, (GDestroyNotify) kefu_engine_free);
}

/* Connects to the server again in a worker thread; _finish(), in the
 * thread that uses the store, hands the new connection to the store
 * (unless its own still answers). Done at once on a file. */
void
kefu_store_reconnect_async (KefuStore           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KEFU_IS_STORE (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kefu_store_reconnect_async);
  g_task_set_name (task, "[kefu] store reconnect");
  if (!kefu_store_is_server (self))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_task_set_task_data (task, g_strdup (self->conninfo), (GDestroyNotify) wipe_free);
  g_task_run_in_thread (task, reconnect_thread);
}

gboolean
kefu_store_reconnect_finish (KefuStore     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(KefuEngine) fresh = NULL;
  KefuEngine *engine;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  fresh = g_task_propagate_pointer (G_TASK (result), error);
  if (!kefu_store_is_server (self))
    return TRUE;
  if (fresh == NULL)
    return FALSE;
  engine = kefu_store_get_engine (self);
  /* (a transaction under way is its owner's to end) */
  if (kefu_engine_in_transaction (engine))
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_RETRY,
                           _("A change is under way on the old connection: try again when it is done."));
      return FALSE;
    }
  /* the server answers: the new connection is the store's (the old one,
   * whatever became of it, is given up: asking it could hang on a host
   * gone silent) */
  kefu_engine_pg_adopt (engine, g_steal_pointer (&fresh));
  return TRUE;
}

/* The window's word that the server is away (its watch heard it go):
 * until the next kefu_store_reconnect_finish() that finds the server,
 * every call on the store and every kefu_store_open_reader() is refused
 * at once (KEFU_STORE_ERROR_OFFLINE). Nothing on a file. */
void
kefu_store_set_offline (KefuStore *self)
{
  g_return_if_fail (KEFU_IS_STORE (self));
  if (kefu_store_is_server (self))
    kefu_engine_pg_set_offline (kefu_store_get_engine (self));
}

/* Many desks (#20): whether the server answers now, connecting again at
 * once when the connection was lost (whatever the engine's wait between
 * tries: the window asks when it has reason to, kefu-window.c). */
gboolean
kefu_store_reconnect (KefuStore  *self,
                      GError    **error)
{
  KefuEngine *engine;
  g_autoptr(GError) lost = NULL;

  g_return_val_if_fail (KEFU_IS_STORE (self), FALSE);
  if (!kefu_store_is_server (self))
    return TRUE;
  engine = kefu_store_get_engine (self);
  if (kefu_engine_exec (engine, "SELECT 1", &lost))
    return TRUE;
  /* (a transaction under way is its owner's to end) */
  if (!g_error_matches (lost, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE) || kefu_engine_in_transaction (engine))
    {
      g_propagate_error (error, g_steal_pointer (&lost));
      return FALSE;
    }
  return kefu_engine_pg_reconnect (engine, error);
}
