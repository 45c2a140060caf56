/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-store-watch.h — what other desks changed (#20)
 *
 * A KefuStoreWatch tells which parts of the store others changed:
 * another connection of this process, another Kefu on the same SQLite
 * file, or any other desk on the same server. What the watched store
 * commits itself is no news (its screen shows it already): on a server,
 * the notifications its own backend sent are left out; on a file,
 * counters that moved while the store's own connection saw no other
 * connection commit (its PRAGMA data_version unchanged) are its own. Its
 * own commit landing within one check of another's may be reported with
 * it (never the other way round). It emits
 *
 *   changed (topics)   a NULL-terminated, sorted list among "board",
 *                      "counts", "people", "settings", "tickets"
 *
 * on the thread-default main context of its creation, after the commit,
 * at most once per coalescing window (250 ms by default): a burst of
 * changes is one emission naming every topic it touched. A change of a
 * ticket is "tickets", "counts" and "board"; of technicians and shifts
 * "board"; of people, their goals and (on a server) their estates
 * "people"; of the center's settings, SLA policies, calendars and the
 * radar's capability sources "settings" (schema v35). Nothing is emitted
 * when nothing changed.
 *
 * How it learns of a commit, without reading the tables over and over:
 *  - a server: LISTEN kefu_changes on a connection of its own; every
 *    watched table's trigger sends NOTIFY with 'topic:id' in the changing
 *    transaction (kefu-server-28.sql). The socket is watched by a
 *    GSource; reading it never blocks (PQconsumeInput, PQnotifies).
 *  - a SQLite file: a connection of its own asks `PRAGMA data_version`
 *    every 200 ms (by default): a few microseconds, no page read, and it
 *    changes only when another connection committed. Then it reads the
 *    rows of store_changes (per topic, a counter every commit that
 *    changed the topic's tables raises, by triggers, schema v28). A
 *    GFileMonitor on the -wal file was not chosen: GLib rate-limits its
 *    change events (up to a second late), a checkpoint rewrites the WAL
 *    without a change of data, and it cannot say which topic changed.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_STORE_WATCH_CHECK_MS    200
#define KEFU_STORE_WATCH_COALESCE_MS 250

#define KEFU_TYPE_STORE_WATCH (kefu_store_watch_get_type ())
G_DECLARE_FINAL_TYPE (KefuStoreWatch, kefu_store_watch, KEFU, STORE_WATCH, GObject)

/* Watches @store's file or server from now on (what was committed before
 * is not news). Opens a connection of its own: to a file at once; to a
 * server in a worker thread, so that a host that never answers holds no
 * one's window (the call makes no call on the server, on @store's
 * connection either): it hears what is committed from the moment it is
 * "listening" (a failed connect is an error, "connected" FALSE, tried
 * again like a lost one). */
KefuStoreWatch *kefu_store_watch_new          (KefuStore      *store,
                                               GError        **error);
/* How often a file is asked (0: only by kefu_store_watch_check), and how
 * long changes are gathered before one emission (G_MAXUINT: only by
 * kefu_store_watch_flush, for tests). */
void            kefu_store_watch_set_intervals (KefuStoreWatch *self,
                                               guint           check_ms,
                                               guint           coalesce_ms);
/* Reads what is known now (the file's version and counters; what the
 * server's socket holds) without waiting; TRUE when changes are pending. */
gboolean        kefu_store_watch_check        (KefuStoreWatch *self);
/* Emits the pending changes now (nothing when none). */
void            kefu_store_watch_flush        (KefuStoreWatch *self);
/* The newest row id named for @topic so far (a ticket's id for
 * "tickets"), 0 when none: for tests waiting for a given change. */
gint64          kefu_store_watch_get_last_id  (KefuStoreWatch *self,
                                               const char     *topic);
/* The last error of the watch's own connection (NULL: none): a lost
 * server. */
const GError   *kefu_store_watch_get_error    (KefuStoreWatch *self);
/* The "listening" property (notified when it changes): TRUE while the
 * watch hears the server (from its first LISTEN; always TRUE on a file). */
gboolean        kefu_store_watch_is_listening (KefuStoreWatch *self);
/* The "connected" property (notified when it changes): FALSE from the
 * moment the watch's own connection to the server is lost until it
 * LISTENs again (always TRUE on a file). A desk's window says so. */

/* For tests: while held, every server watch's LISTEN (the first, or again
 * after a lost connection) waits after its connect, in its worker thread:
 * the moment between a desk's first reads and its LISTEN, made as long as
 * a test needs. */
void            kefu_store_watch_hold_listen  (gboolean        hold);

G_END_DECLS
