/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-store-watch.c — what other desks changed: LISTEN/NOTIFY on a
 * server, PRAGMA data_version and store_changes on a file (#20); see
 * kefu-store-watch.h */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-store-private.h"
#include "kefu-store-watch.h"

#define CHANNEL "kefu_changes"

enum {
  TOPIC_TICKETS,
  TOPIC_BOARD,
  TOPIC_PEOPLE,
  TOPIC_SETTINGS,
  N_TOPICS
};

static const char * const topic_names[N_TOPICS] = { "tickets", "board", "people", "settings" };

struct _KefuStoreWatch
{
  GObject       parent_instance;

  GMainContext *context;
  KefuStore    *store;        /* the watched store: its own commits are no news */
  sqlite3      *db;           /* a file: a connection of the watch's own */
  sqlite3_stmt *version_stmt;
  sqlite3_stmt *changes_stmt;
  gint64        data_version;
  gint64        seq[N_TOPICS];
  gint64        own_version;  /* the store's connection's data_version, last read */
  gboolean      carry;        /* another's commit may be in the next counters read */
  int           own_pid;      /* a server: the store's backend (pg_backend_pid) */
  KefuEngine   *pg;           /* a server: the LISTENing connection */
  GSource      *socket_source;
  GSource      *check_source;
  GSource      *coalesce_source;
  GSource      *retry_source;   /* a server: LISTEN again after a lost connection */
  guint         retry_ms;
  gboolean      relistening;  /* a server: a connect under way in a worker thread */
  gboolean      listening;    /* a server: LISTEN is up (a file: always TRUE) */
  guint         own_generation; /* the store's connection's, when own_pid was read */
  guint         check_ms;
  guint         coalesce_ms;
  guint         pending;      /* 1 << TOPIC_… */
  gint64        last_id[N_TOPICS];
  guint         found;        /* a file: the topics whose counters moved, this read */
  gint64        found_id[N_TOPICS];
  GError       *error;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CONNECTED,
  PROP_LISTENING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KefuStoreWatch, kefu_store_watch, G_TYPE_OBJECT)

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
kefu_store_watch_dispose (GObject *object)
{
  KefuStoreWatch *self = KEFU_STORE_WATCH (object);

  clear_source (&self->socket_source);
  clear_source (&self->check_source);
  clear_source (&self->coalesce_source);
  clear_source (&self->retry_source);
  G_OBJECT_CLASS (kefu_store_watch_parent_class)->dispose (object);
}

static void
kefu_store_watch_finalize (GObject *object)
{
  KefuStoreWatch *self = KEFU_STORE_WATCH (object);

  g_clear_pointer (&self->version_stmt, sqlite3_finalize);
  g_clear_pointer (&self->changes_stmt, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->pg, kefu_engine_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->store);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (kefu_store_watch_parent_class)->finalize (object);
}

static void kefu_store_watch_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec);

static void
kefu_store_watch_class_init (KefuStoreWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kefu_store_watch_dispose;
  object_class->finalize = kefu_store_watch_finalize;
  object_class->get_property = kefu_store_watch_get_property;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRV);
  properties[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LISTENING] = g_param_spec_boolean ("listening", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kefu_store_watch_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KefuStoreWatch *self = KEFU_STORE_WATCH (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->error == NULL);
      break;
    case PROP_LISTENING:
      g_value_set_boolean (value, self->listening);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kefu_store_watch_init (KefuStoreWatch *self)
{
  self->check_ms = KEFU_STORE_WATCH_CHECK_MS;
  self->coalesce_ms = KEFU_STORE_WATCH_COALESCE_MS;
}

static void
set_listening (KefuStoreWatch *self,
               gboolean        listening)
{
  if (self->listening == listening)
    return;
  self->listening = listening;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTENING]);
}

static void
fail (KefuStoreWatch *self,
      GError         *error)
{
  gboolean was = self->error == NULL;

  set_listening (self, FALSE);
  g_clear_error (&self->error);
  self->error = error;
  g_message ("store watch: %s", error->message);
  if (was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/* PRAGMA data_version of the watched store's own connection: it moves
 * only when another connection commits (-1 when it cannot be read) */
static gint64
own_data_version (KefuStoreWatch *self)
{
  sqlite3 *db = kefu_store_get_db (self->store);
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (db != NULL && sqlite3_prepare_v2 (db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* A file: the counters of store_changes, when data_version moved. They
 * are read before the store's own data_version: another's commit after
 * the read of the counters but before that of the version is in the
 * next read's counters, which are news then too (carry). */
static void
check_file (KefuStoreWatch *self)
{
  gint64 version, own;
  gboolean others;
  int rc;

  if (self->db == NULL)
    return;
  rc = sqlite3_step (self->version_stmt);
  version = rc == SQLITE_ROW ? sqlite3_column_int64 (self->version_stmt, 0) : self->data_version;
  sqlite3_reset (self->version_stmt);
  if (version == self->data_version)
    return;
  self->data_version = version;
  while ((rc = sqlite3_step (self->changes_stmt)) == SQLITE_ROW)
    {
      const char *topic = (const char *) sqlite3_column_text (self->changes_stmt, 0);
      gint64 seq = sqlite3_column_int64 (self->changes_stmt, 1);

      for (guint i = 0; i < N_TOPICS; i++)
        if (g_strcmp0 (topic, topic_names[i]) == 0 && seq != self->seq[i])
          {
            self->seq[i] = seq;
            self->found |= 1u << i;
            self->found_id[i] = sqlite3_column_int64 (self->changes_stmt, 2);
          }
    }
  sqlite3_reset (self->changes_stmt);
  own = own_data_version (self);
  others = own != self->own_version || own < 0 || self->carry;
  self->carry = own != self->own_version || own < 0;
  self->own_version = own;
  if (!others)
    {
      /* only the store's own commits moved the counters */
      self->found = 0;
      return;
    }
  for (guint i = 0; i < N_TOPICS; i++)
    if (self->found & (1u << i))
      {
        self->pending |= 1u << i;
        self->last_id[i] = self->found_id[i];
      }
  self->found = 0;
}

static void schedule_retry (KefuStoreWatch *self);
static void watch_socket (KefuStoreWatch *self);

/* A server: the notifications the socket holds ('topic:id') */
static void
check_server (KefuStoreWatch *self)
{
  g_autoptr(GPtrArray) payloads = NULL;
  GError *error = NULL;
  KefuEngine *own = kefu_store_get_engine (self->store);

  if (self->pg == NULL || self->socket_source == NULL)
    return;
  /* the store reconnected: its backend, whose notifications are its own,
   * is another */
  if (own != NULL && kefu_engine_pg_generation (own) != self->own_generation)
    {
      gint64 pid = 0;

      if (kefu_engine_scalar (own, "SELECT pg_backend_pid()", 0, &pid, NULL))
        {
          self->own_pid = (int) pid;
          self->own_generation = kefu_engine_pg_generation (own);
        }
    }
  payloads = kefu_engine_pg_take_notifies (self->pg, CHANNEL, self->own_pid, &error);
  if (payloads == NULL)
    {
      /* the server is gone: LISTEN again once it is back */
      fail (self, error);
      clear_source (&self->socket_source);
      self->retry_ms = 0;
      schedule_retry (self);
      return;
    }
  for (guint n = 0; n < payloads->len; n++)
    {
      const char *payload = payloads->pdata[n];
      const char *colon = strchr (payload, ':');
      gsize len = colon != NULL ? (gsize) (colon - payload) : strlen (payload);

      for (guint i = 0; i < N_TOPICS; i++)
        if (strlen (topic_names[i]) == len && strncmp (payload, topic_names[i], len) == 0)
          {
            self->pending |= 1u << i;
            if (colon != NULL && colon[1] != '\0')
              self->last_id[i] = g_ascii_strtoll (colon + 1, NULL, 10);
          }
    }
}

static gboolean
coalesce_cb (gpointer data)
{
  KefuStoreWatch *self = data;

  g_clear_pointer (&self->coalesce_source, g_source_unref);
  kefu_store_watch_flush (self);
  return G_SOURCE_REMOVE;
}

gboolean
kefu_store_watch_is_listening (KefuStoreWatch *self)
{
  g_return_val_if_fail (KEFU_IS_STORE_WATCH (self), FALSE);
  return self->listening;
}

gboolean
kefu_store_watch_check (KefuStoreWatch *self)
{
  g_return_val_if_fail (KEFU_IS_STORE_WATCH (self), FALSE);

  check_file (self);
  check_server (self);
  /* the first change of a burst starts the window; the rest join it */
  if (self->pending != 0 && self->coalesce_source == NULL && self->coalesce_ms != G_MAXUINT)
    {
      self->coalesce_source = g_timeout_source_new (self->coalesce_ms);
      g_source_set_name (self->coalesce_source, "[kefu] store watch coalesce");
      g_source_set_callback (self->coalesce_source, coalesce_cb, self, NULL);
      g_source_attach (self->coalesce_source, self->context);
    }
  return self->pending != 0;
}

void
kefu_store_watch_flush (KefuStoreWatch *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) topics = NULL;
  guint pending;

  g_return_if_fail (KEFU_IS_STORE_WATCH (self));
  clear_source (&self->coalesce_source);
  pending = self->pending;
  self->pending = 0;
  if (pending == 0)
    return;
  /* sorted: board, counts, people, settings, tickets */
  if (pending & ((1u << TOPIC_TICKETS) | (1u << TOPIC_BOARD)))
    g_strv_builder_add (builder, "board");
  if (pending & (1u << TOPIC_TICKETS))
    g_strv_builder_add (builder, "counts");
  if (pending & (1u << TOPIC_PEOPLE))
    g_strv_builder_add (builder, "people");
  if (pending & (1u << TOPIC_SETTINGS))
    g_strv_builder_add (builder, "settings");
  if (pending & (1u << TOPIC_TICKETS))
    g_strv_builder_add (builder, "tickets");
  topics = g_strv_builder_end (builder);
  g_signal_emit (self, signals[CHANGED], 0, topics);
}

static gboolean
check_cb (gpointer data)
{
  kefu_store_watch_check (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
socket_cb (int          fd,
           GIOCondition condition,
           gpointer     data)
{
  kefu_store_watch_check (data);
  return G_SOURCE_CONTINUE;
}

static void
start_timer (KefuStoreWatch *self)
{
  clear_source (&self->check_source);
  if (self->db == NULL || self->check_ms == 0)
    return;
  self->check_source = g_timeout_source_new (self->check_ms);
  g_source_set_name (self->check_source, "[kefu] store watch check");
  g_source_set_callback (self->check_source, check_cb, self, NULL);
  g_source_attach (self->check_source, self->context);
}

void
kefu_store_watch_set_intervals (KefuStoreWatch *self,
                                guint           check_ms,
                                guint           coalesce_ms)
{
  g_return_if_fail (KEFU_IS_STORE_WATCH (self));
  self->coalesce_ms = coalesce_ms;
  if (self->check_ms != check_ms)
    {
      self->check_ms = check_ms;
      start_timer (self);
    }
}

gint64
kefu_store_watch_get_last_id (KefuStoreWatch *self,
                              const char     *topic)
{
  g_return_val_if_fail (KEFU_IS_STORE_WATCH (self), 0);
  for (guint i = 0; i < N_TOPICS; i++)
    if (g_strcmp0 (topic, topic_names[i]) == 0)
      return self->last_id[i];
  return 0;
}

const GError *
kefu_store_watch_get_error (KefuStoreWatch *self)
{
  g_return_val_if_fail (KEFU_IS_STORE_WATCH (self), NULL);
  return self->error;
}

static gboolean
open_file (KefuStoreWatch  *self,
           const char      *path,
           GError         **error)
{
  int rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);

  /* (reading the schema may meet another connection's lock a moment) */
  if (rc == SQLITE_OK)
    rc = sqlite3_busy_timeout (self->db, 1000);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v3 (self->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT, &self->version_stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v3 (self->db, "SELECT topic, seq, coalesce(last_id, 0) FROM store_changes", -1,
                             SQLITE_PREPARE_PERSISTENT, &self->changes_stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN,
                   _("Could not watch the database “%s” for other desks’ changes: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  /* what is committed already is not news */
  self->data_version = -1;
  check_file (self);
  self->own_version = own_data_version (self);
  self->carry = FALSE;
  self->pending = 0;
  memset (self->last_id, 0, sizeof self->last_id);
  start_timer (self);
  return TRUE;
}

static void
watch_socket (KefuStoreWatch *self)
{
  clear_source (&self->socket_source);
  self->socket_source = g_unix_fd_source_new (kefu_engine_pg_socket (self->pg), G_IO_IN | G_IO_ERR | G_IO_HUP);
  g_source_set_name (self->socket_source, "[kefu] store watch LISTEN");
  g_source_set_callback (self->socket_source, (GSourceFunc) (GCallback) socket_cb, self, NULL);
  g_source_attach (self->socket_source, self->context);
}

/* kefu_store_watch_hold_listen() */
static GMutex hold_mutex;
static GCond  hold_cond;
static gboolean hold_listen;

void
kefu_store_watch_hold_listen (gboolean hold)
{
  g_mutex_lock (&hold_mutex);
  hold_listen = hold;
  g_cond_broadcast (&hold_cond);
  g_mutex_unlock (&hold_mutex);
}

/* The server came back: LISTEN again; what changed meanwhile was not
 * heard, so every topic is news. Otherwise tried again in 1, 2, 4… up
 * to 30 seconds. The connect runs in a worker thread (a host that
 * accepts nothing holds it until libpq's connect_timeout): the watch's
 * context never waits for it. */
static void
relisten_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;
  KefuEngine *fresh = kefu_engine_connect_pg (task_data, &error);

  g_mutex_lock (&hold_mutex);
  while (hold_listen)
    g_cond_wait (&hold_cond, &hold_mutex);
  g_mutex_unlock (&hold_mutex);
  if (fresh != NULL && !kefu_engine_exec (fresh, "LISTEN " CHANNEL, &error))
    g_clear_pointer (&fresh, kefu_engine_free);
  if (fresh == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, fresh, (GDestroyNotify) kefu_engine_free);
}

static void
relisten_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  KefuStoreWatch *self = KEFU_STORE_WATCH (source);
  GError *error = NULL;
  KefuEngine *fresh = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean first = self->pg == NULL && self->error == NULL;
  gboolean was_connected = self->error == NULL;

  self->relistening = FALSE;
  if (fresh == NULL)
    {
      fail (self, error);
      schedule_retry (self);
      return;
    }
  g_clear_pointer (&self->pg, kefu_engine_free);
  self->pg = fresh;
  g_clear_error (&self->error);
  self->retry_ms = 0;
  watch_socket (self);
  set_listening (self, TRUE);
  if (!was_connected)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  /* the first LISTEN: what was committed before it is not news; after a
   * lost connection, what changed meanwhile was not heard: all of it is */
  if (!first)
    {
      self->pending = (1u << N_TOPICS) - 1;
      memset (self->last_id, 0, sizeof self->last_id);
    }
  kefu_store_watch_check (self);
}

/* Connects and LISTENs in a worker thread; relisten_done_cb takes the
 * connection on the watch's context */
static void
start_listen (KefuStoreWatch *self)
{
  g_autoptr(GTask) task = NULL;

  /* (the answer comes back to the watch's context) */
  g_main_context_push_thread_default (self->context);
  task = g_task_new (self, NULL, relisten_done_cb, NULL);
  g_main_context_pop_thread_default (self->context);
  g_task_set_source_tag (task, start_listen);
  g_task_set_name (task, "[kefu] store watch LISTEN");
  g_task_set_task_data (task, g_strdup (kefu_store_get_conninfo (self->store)), g_free);
  self->relistening = TRUE;
  g_task_run_in_thread (task, relisten_thread);
}

static gboolean
retry_cb (gpointer data)
{
  KefuStoreWatch *self = data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  start_listen (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (KefuStoreWatch *self)
{
  if (self->retry_source != NULL || self->relistening)
    return;
  self->retry_ms = self->retry_ms == 0 ? 1000 : MIN (self->retry_ms * 2, 30000);
  self->retry_source = g_timeout_source_new (self->retry_ms);
  g_source_set_name (self->retry_source, "[kefu] store watch reconnect");
  g_source_set_callback (self->retry_source, retry_cb, self, NULL);
  g_source_attach (self->retry_source, self->context);
}

KefuStoreWatch *
kefu_store_watch_new (KefuStore  *store,
                      GError    **error)
{
  g_autoptr(KefuStoreWatch) self = NULL;
  const char *conninfo;

  g_return_val_if_fail (KEFU_IS_STORE (store), NULL);

  self = g_object_new (KEFU_TYPE_STORE_WATCH, NULL);
  self->context = g_main_context_ref_thread_default ();
  self->store = g_object_ref (store);
  conninfo = kefu_store_get_conninfo (store);
  if (conninfo != NULL)
    {
      /* a server: the connect and LISTEN in a worker thread (a silent
       * host holds a connect until libpq's connect_timeout); the store's
       * own backend, whose notifications are no news, is asked at the
       * first check (check_server), on the store's connection */
      self->own_generation = G_MAXUINT;
      start_listen (self);
    }
  else if (!open_file (self, kefu_store_get_path (store), error))
    return NULL;
  else
    self->listening = TRUE;
  return g_steal_pointer (&self);
}
