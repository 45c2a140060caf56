/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-store.h — the one SQLite file that holds everything
 *
 * One KefuStore is one connection; use it from one thread only. Worker
 * threads open their own with kefu_store_open_reader().
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KEFU_STORE_ERROR (kefu_store_error_quark ())

typedef enum {
  KEFU_STORE_ERROR_OPEN,            /* cannot create or open the file */
  KEFU_STORE_ERROR_NOT_A_DATABASE,  /* the file is not a SQLite database */
  KEFU_STORE_ERROR_READ_ONLY,       /* the file or its folder cannot be written */
  KEFU_STORE_ERROR_LOCKED,          /* another program holds the write lock: try again */
  KEFU_STORE_ERROR_NEWER_SCHEMA,    /* written by a newer Kefu */
  KEFU_STORE_ERROR_CORRUPT,
  KEFU_STORE_ERROR_FULL,            /* disk full */
  KEFU_STORE_ERROR_SQL,             /* anything else SQLite reports */
  KEFU_STORE_ERROR_NOT_FOUND,
  KEFU_STORE_ERROR_INVALID,         /* the caller's data breaks a rule */
  KEFU_STORE_ERROR_PERMISSION,      /* the acting user's role may not do this */
  KEFU_STORE_ERROR_REPLACED,        /* the file or its WAL was removed or replaced under the store */
  KEFU_STORE_ERROR_CONFLICT,        /* a row with the same unique key exists already */
  KEFU_STORE_ERROR_STALE,           /* someone else changed the row since the user saw it (#20) */
  KEFU_STORE_ERROR_OFFLINE,         /* the connection to the server is lost: the next call reconnects (#20) */
  KEFU_STORE_ERROR_SIGN_IN,         /* the server refused the login and password (#20) */
  /* nothing was written and the same work may be tried again: the write
   * lock stayed taken past the busy timeout (the query layer's word for
   * it, kefu-query.h) */
  KEFU_STORE_ERROR_RETRY = KEFU_STORE_ERROR_LOCKED,
} KefuStoreError;

/* The newest schema this build knows. */
#define KEFU_SCHEMA_VERSION 49

typedef enum {
  KEFU_STORE_OPEN_DEFAULT = 0,
  KEFU_STORE_OPEN_READER  = 1 << 0,  /* no migration: for worker threads */
} KefuStoreOpenFlags;

#define KEFU_TYPE_STORE (kefu_store_get_type ())
G_DECLARE_FINAL_TYPE (KefuStore, kefu_store, KEFU, STORE, GObject)

GQuark      kefu_store_error_quark        (void);

void        kefu_store_init_sqlite        (void);
char       *kefu_store_default_path       (void);
KefuStore  *kefu_store_open               (const char          *path,
                                           KefuStoreOpenFlags   flags,
                                           GError             **error);
KefuStore  *kefu_store_open_at_version    (const char          *path,
                                           int                  version,
                                           GError             **error);
KefuStore  *kefu_store_open_reader        (KefuStore           *self,
                                           GError             **error);
/* A worker's own connection opened in the worker (#20): what it needs,
 * taken at once in the store's thread, then opened where it may wait. */
typedef struct _KefuReaderSpec KefuReaderSpec;
KefuReaderSpec *kefu_store_get_reader_spec (KefuStore          *self,
                                           GError            **error);
KefuStore  *kefu_reader_spec_open         (const KefuReaderSpec *spec,
                                           GError             **error);
void        kefu_reader_spec_free         (KefuReaderSpec      *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuReaderSpec, kefu_reader_spec_free)
void        kefu_store_set_busy_timeout   (KefuStore           *self,
                                           int                  milliseconds);
int         kefu_store_get_busy_timeout   (KefuStore           *self);
const char *kefu_store_get_path           (KefuStore           *self);
int         kefu_store_get_schema_version (KefuStore           *self);

void        kefu_store_set_actor          (KefuStore           *self,
                                           gint64               user_id);
gint64      kefu_store_get_actor          (KefuStore           *self);

gboolean    kefu_store_begin              (KefuStore           *self,
                                           GError             **error);
gboolean    kefu_store_commit             (KefuStore           *self,
                                           GError             **error);
void        kefu_store_rollback           (KefuStore           *self);
void        kefu_store_set_bulk_mode      (KefuStore           *self,
                                           gboolean             bulk);

gboolean    kefu_store_is_empty           (KefuStore           *self);
gint64      kefu_store_now                (KefuStore           *self);
void        kefu_store_set_now            (KefuStore           *self,
                                           gint64               unix_utc);
gboolean    kefu_store_has_fixed_now      (KefuStore           *self);
gint64      kefu_store_count_rows         (KefuStore           *self,
                                           const char          *table,
                                           GError             **error);
const char * const *kefu_store_table_names (void);
gboolean    kefu_store_check              (KefuStore           *self,
                                           GString             *report,
                                           GError             **error);
gboolean    kefu_store_quick_check        (KefuStore           *self,
                                           GError             **error);
gboolean    kefu_store_can_write          (KefuStore           *self,
                                           GError             **error);
gboolean    kefu_store_is_damaged         (KefuStore           *self);
guint       kefu_store_corruption_count   (void);
void        kefu_store_report_problem     (KefuStore           *self,
                                           const char          *source,
                                           const char          *message);
/* Background work that did not fail but left something for a person to
 * do (automatic dispatch left a ticket unassigned): KefuStore::notice
 * (source, message, ticket id or 0), for the window's toast. */
void        kefu_store_report_notice      (KefuStore           *self,
                                           const char          *source,
                                           const char          *message,
                                           gint64               ticket_id);

/* Server mode (#20): a store opened on a postgresql:// URI or a
 * key=value connection string. */
gboolean    kefu_store_is_server          (KefuStore           *self);
/* A server store signed in as a Kefu person (#20): @spec (a URI or a
 * key=value string, without credentials) as the PostgreSQL role @login
 * with @password. The password is kept in this process's memory only,
 * for the connections of worker threads (kefu_store_open_reader()), and
 * wiped when the store goes; a wrong one is KEFU_STORE_ERROR_SIGN_IN.
 * Slow on purpose when wrong (the server's auth_delay): call it off the
 * main thread. */
KefuStore  *kefu_store_open_as            (const char          *spec,
                                           const char          *login,
                                           const char          *password,
                                           GError             **error);
/* The PostgreSQL role a server store is signed in as through
 * kefu_store_open_as(), or NULL (a file; a server opened as its owner). */
const char *kefu_store_get_person         (KefuStore           *self);
/* A server store opened on a connection string naming a person's login
 * (kefu-cli --db URI): that person's from now on, as kefu_store_open_as()
 * makes it; the tables' owner stays the owner (kefu-store.c). */
gboolean    kefu_store_take_person        (KefuStore           *self,
                                           GError             **error);
/* Whether the store gives owners' phone numbers masked only (a server
 * signed in as a person: the server masks them, kefu-server-rights.sql);
 * the full number then comes only through the desk's reveal. */
gboolean    kefu_store_masks_phones       (KefuStore           *self);
/* A file written by `kefu-cli migrate --from URI --to FILE`: read-only,
 * every write refused with a message naming the server and the moment. */
gboolean    kefu_store_is_offline_copy    (KefuStore           *self,
                                           const char         **server,
                                           gint64              *at);

/* Many desks (#20): the version of ticket @ticket_id that the user saw
 * (KefuTicket's version, a board card's), for the changes this store
 * makes until it is set again (0, 0: none). A change of that ticket whose
 * row has another version by then is refused with KEFU_STORE_ERROR_STALE,
 * naming who changed what and when (kefu_ticket_check_seen); once a
 * transaction found it current, the rest of that transaction may change
 * it, and its commit ends the expectation. */
void        kefu_store_expect_version     (KefuStore           *self,
                                           gint64               ticket_id,
                                           gint64               version);
gboolean    kefu_store_get_expected_version (KefuStore         *self,
                                           gint64               ticket_id,
                                           gint64              *version);
/* The expectation was found current in this transaction. */
void        kefu_store_set_version_checked (KefuStore          *self);

/* Many desks (#20): a lock named @name that one connection at a time
 * holds across every desk of a server (a PostgreSQL session advisory
 * lock, pg_try_advisory_lock), never waited for: *@taken is FALSE, with
 * no error, when another connection holds it. It lasts until
 * kefu_store_unlock() or the connection's end (a lost connection lets it
 * go). On a file there is nothing to take (*@taken TRUE): SQLite's write
 * lock orders the writers. */
gboolean    kefu_store_try_lock           (KefuStore           *self,
                                           const char          *name,
                                           gboolean            *taken,
                                           GError             **error);
void        kefu_store_unlock             (KefuStore           *self,
                                           const char          *name);

/* Many desks (#20): on a server, TRUE when it answers a trivial query
 * now; a lost connection is tried again at once (not waiting for the
 * engine's next try, kefu-engine.h), unless a transaction of this store
 * is under way. KEFU_STORE_ERROR_OFFLINE while the server is away. TRUE
 * on a file. */
gboolean    kefu_store_reconnect          (KefuStore           *self,
                                           GError             **error);
/* The same without waiting: the connect runs in a worker thread (a host
 * that accepts nothing holds it until libpq's connect_timeout), the new
 * connection replaces the store's own (given up) in _finish(), called in
 * the thread that uses the store, unless a transaction of the store is
 * under way (KEFU_STORE_ERROR_RETRY). G_IO_ERROR_CANCELLED once
 * @cancellable is. */
void        kefu_store_reconnect_async    (KefuStore           *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    kefu_store_reconnect_finish   (KefuStore           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* A window's store (#20): a lost connection is never tried again by the
 * next call on it (which would wait for the connect on the caller's
 * thread), only by kefu_store_reconnect_async(); each call meanwhile is
 * refused at once (KEFU_STORE_ERROR_OFFLINE), and KefuStore::server-lost
 * is emitted when a call finds the connection lost. */
void        kefu_store_set_reconnect_in_background (KefuStore  *self,
                                                    gboolean    background);
/* The window's word that the server is away (its watch heard it go, or
 * a call met it): until kefu_store_reconnect_finish() finds the server,
 * every call and kefu_store_open_reader() is refused at once
 * (KEFU_STORE_ERROR_OFFLINE) rather than wait on a host gone silent. */
void        kefu_store_set_offline        (KefuStore           *self);

char       *kefu_store_get_setting        (KefuStore           *self,
                                           const char          *key);
gboolean    kefu_store_set_setting        (KefuStore           *self,
                                           const char          *key,
                                           const char          *value,
                                           GError             **error);

G_END_DECLS
