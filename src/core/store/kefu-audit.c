/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-audit.c — the audit log: append-only, hash-chained, anchored
 * (see kefu-audit.h)
 *
 * The chain's hash is computed by an SQL function of each connection,
 * kefu_audit_hash(prev, id, at, user_id, action, subject_table,
 * subject_id, detail), so kefu_audit_append() and the trigger that audits
 * timeline events write an entry with one INSERT … SELECT each, and the
 * migration that introduced the chain hashed the entries already there
 * the same way. Other tools opening the file need none of it: the
 * triggers stored in the file only refuse UPDATE and DELETE.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-audit-private.h"
#include "kefu-query.h"
#include "kefu-enums.h"
#include "kefu-auth.h"
#include "kefu-user.h"

G_DEFINE_QUARK (kefu-audit-error-quark, kefu_audit_error)

/* The schema version that added the chain (kefu-schema.c, migration 14). */
#define AUDIT_SCHEMA 14   /* the migration that made the chain */

/* Per connection: whether timeline events are audited (off during a bulk
 * load) and whether this connection appended (then it rewrites the anchor
 * when it closes). Freed by SQLite with the connection's functions. */
typedef struct {
  gboolean events;
  gboolean appended;
} AuditConn;

#define CONN_KEY "kefu-audit-conn"

static AuditConn *
conn_of (KefuStore *store)
{
  return g_object_get_data (G_OBJECT (store), CONN_KEY);
}

/* Canonical content ------------------------------------------------------ */

/* An integer field: its decimal digits, "-" for NULL; a text field: its
 * length in bytes, ":" and its bytes, "-" for NULL. Each ends with a line
 * feed. Anything but an integer where one belongs reads as "?" and text. */
static void
canon_int (GString       *out,
           sqlite3_value *v)
{
  switch (sqlite3_value_type (v))
    {
    case SQLITE_NULL:
      g_string_append (out, "-\n");
      break;
    case SQLITE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT "\n", (gint64) sqlite3_value_int64 (v));
      break;
    default:
      g_string_append_printf (out, "?%s\n", (const char *) sqlite3_value_text (v));
      break;
    }
}

static void
canon_text_len (GString    *out,
                const char *text,
                gsize       len)
{
  if (text == NULL)
    {
      g_string_append (out, "-\n");
      return;
    }
  g_string_append_printf (out, "%" G_GSIZE_FORMAT ":", len);
  g_string_append_len (out, text, len);
  g_string_append_c (out, '\n');
}

static void
canon_text (GString       *out,
            sqlite3_value *v)
{
  if (sqlite3_value_type (v) == SQLITE_NULL)
    canon_text_len (out, NULL, 0);
  else
    {
      const char *text = (const char *) sqlite3_value_text (v);
      canon_text_len (out, text, sqlite3_value_bytes (v));
    }
}

/* v[0..6]: id, at, user_id, action, subject_table, subject_id, detail */
static void
canonical_from_values (GString        *out,
                       sqlite3_value **v)
{
  canon_int (out, v[0]);
  canon_int (out, v[1]);
  canon_int (out, v[2]);
  canon_text (out, v[3]);
  canon_text (out, v[4]);
  canon_int (out, v[5]);
  canon_text (out, v[6]);
}

/* The same from a row of id, at, user_id, action, subject_table,
 * subject_id, detail read through the query layer (a server's typed
 * columns: an integer column holds only integers there). */
static void
canonical_from_query (GString   *out,
                      KefuQuery *q)
{
  static const gboolean is_text[7] = { FALSE, FALSE, FALSE, TRUE, TRUE, FALSE, TRUE };

  for (int c = 0; c < 7; c++)
    {
      if (kefu_query_is_null (q, c))
        canon_text_len (out, NULL, 0);
      else if (is_text[c])
        {
          const char *text = kefu_query_get_text (q, c);
          canon_text_len (out, text, strlen (text));
        }
      else
        g_string_append_printf (out, "%" G_GINT64_FORMAT "\n", kefu_query_get_int (q, c));
    }
}

/* Where the audit log is read from, as a relation named "a" with its
 * columns (id, at, user_id, action, subject_table, subject_id, detail,
 * hash). On a server only the tables' owner may read audit_log itself;
 * a person with the right to see the log reads it through the view
 * audit_log_by_login (kefu-server-rights.sql), whose login gives the
 * user's id back. */
static const char *
audit_source (KefuStore *store)
{
  if (!kefu_store_is_server (store))
    return "audit_log a";
  return "(SELECT v.id, v.at, w.id AS user_id, v.action, v.subject_table, v.subject_id, v.detail, v.hash "
         "FROM audit_log_by_login v LEFT JOIN users w ON w.login = v.login) a";
}

char *
kefu_audit_canonical (gint64      id,
                      gint64      at,
                      gint64      user_id,
                      const char *action,
                      const char *subject_table,
                      gint64      subject_id,
                      const char *detail)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n", id, at);
  if (user_id > 0)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "\n", user_id);
  else
    g_string_append (out, "-\n");
  canon_text_len (out, action, action != NULL ? strlen (action) : 0);
  canon_text_len (out, subject_table, subject_table != NULL ? strlen (subject_table) : 0);
  g_string_append_printf (out, "%" G_GINT64_FORMAT "\n", subject_id);
  canon_text_len (out, detail, detail != NULL ? strlen (detail) : 0);
  return g_string_free (out, FALSE);
}

/* SHA-256 of the previous hash (empty for the first entry), a line feed,
 * and the canonical content. */
static void
chain_hash (const char *prev,
            GString    *canonical,
            char        hex[65])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  if (prev != NULL)
    g_checksum_update (sum, (const guchar *) prev, strlen (prev));
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) canonical->str, canonical->len);
  g_strlcpy (hex, g_checksum_get_string (sum), 65);
}

/* kefu_audit_hash(prev, id, at, user_id, action, subject_table, subject_id, detail) */
static void
hash_function (sqlite3_context  *ctx,
               int               argc,
               sqlite3_value   **argv)
{
  g_autoptr(GString) canonical = g_string_new (NULL);
  char hex[65];

  canonical_from_values (canonical, argv + 1);
  chain_hash ((const char *) sqlite3_value_text (argv[0]), canonical, hex);
  sqlite3_result_text (ctx, hex, 64, SQLITE_TRANSIENT);
}

/* kefu_audit_events_on(): whether the timeline trigger writes an entry */
static void
events_on_function (sqlite3_context  *ctx,
                    int               argc,
                    sqlite3_value   **argv)
{
  AuditConn *conn = sqlite3_user_data (ctx);

  if (conn->events)
    conn->appended = TRUE;
  sqlite3_result_int (ctx, conn->events);
}

void
kefu_audit_register (KefuStore *store)
{
  sqlite3 *db = kefu_store_get_db (store);
  AuditConn *conn = g_new0 (AuditConn, 1);

  conn->events = TRUE;
  sqlite3_create_function_v2 (db, "kefu_audit_hash", 8, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                              NULL, hash_function, NULL, NULL, NULL);
  /* the connection's functions own @conn: freed when it closes */
  sqlite3_create_function_v2 (db, "kefu_audit_events_on", 0, SQLITE_UTF8, conn,
                              events_on_function, NULL, NULL, g_free);
  g_object_set_data (G_OBJECT (store), CONN_KEY, conn);
}

/* Appending ---------------------------------------------------------------- */

/* The next id and the previous hash in one row: the entry is written by
 * the one statement that reads them, inside the writer's transaction. */
#define NEXT_ENTRY \
  "(SELECT coalesce(max(id), 0) + 1 AS n, (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev FROM audit_log) AS next_entry"

static const char append_sql[] =
  "INSERT INTO audit_log (id, at, user_id, action, subject_table, subject_id, detail, hash) "
  "SELECT n, ?1, ?2, ?3, ?4, ?5, ?6, kefu_audit_hash(prev, n, ?1, ?2, ?3, ?4, ?5, ?6) FROM " NEXT_ENTRY;

/* Written by each connection's own trigger: a ticket's timeline event, by
 * its id (its text stays in ticket_events). */
static const char event_trigger_sql[] =
  "CREATE TEMP TRIGGER IF NOT EXISTS kefu_audit_ticket_event AFTER INSERT ON main.ticket_events "
  "WHEN kefu_audit_events_on() BEGIN "
  "  INSERT INTO audit_log (id, at, user_id, action, subject_table, subject_id, detail, hash) "
  "  SELECT n, NEW.at, NEW.user_id, 'ticket_' || NEW.kind, 'tickets', NEW.ticket_id, 'event=' || NEW.id, "
  "    kefu_audit_hash(prev, n, NEW.at, NEW.user_id, 'ticket_' || NEW.kind, 'tickets', NEW.ticket_id, 'event=' || NEW.id) "
  "  FROM " NEXT_ENTRY ";"
  "END";

/**
 * kefu_audit_append:
 * @user_id: who did it; 0 for the system (the scheduled SLA check)
 * @detail: (nullable): ids and codes only, never personal data
 *
 * Appends one entry at the store's time. Inside the caller's transaction
 * if there is one (then it is rolled back with it), else in its own.
 */
gboolean
kefu_audit_append (KefuStore   *store,
                   gint64       user_id,
                   const char  *action,
                   const char  *subject_table,
                   gint64       subject_id,
                   const char  *detail,
                   GError     **error)
{
  gboolean own = !kefu_store_in_transaction (store);
  g_autoptr(KefuTransaction) tx = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  AuditConn *conn = conn_of (store);

  g_return_val_if_fail (action != NULL, FALSE);

  /* a file opened at an older schema for a migration test has no chain yet */
  if (kefu_store_get_schema_version (store) < AUDIT_SCHEMA)
    return TRUE;
  if (own && (tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  if (kefu_store_get_person (store) != NULL)
    {
      /* a server signed in as a person (#20): no role may write the log
       * itself; the server's function stamps who (session_user) and when
       * (its clock), on the same chain (kefu-server-rights.sql) */
      stmt = kefu_query_prepare (store, "SELECT kefu_audit_append(?1, ?2, ?3, ?4)", error);
      if (stmt == NULL)
        return FALSE;
      kefu_query_bind_text (stmt, 1, action);
      kefu_query_bind_text (stmt, 2, subject_table);
      kefu_query_bind_int (stmt, 3, subject_id);
      kefu_query_bind_text (stmt, 4, detail);
      if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
        return FALSE;
    }
  else
    {
      stmt = kefu_query_prepare (store, append_sql, error);
      if (stmt == NULL)
        return FALSE;   /* (rolled back with tx) */
      kefu_query_bind_int (stmt, 1, kefu_store_now (store));
      kefu_query_bind_id (stmt, 2, user_id);
      kefu_query_bind_text (stmt, 3, action);
      kefu_query_bind_text (stmt, 4, subject_table);
      kefu_query_bind_int (stmt, 5, subject_id);
      kefu_query_bind_text (stmt, 6, detail);
      if (!kefu_query_run (store, stmt, error))
        return FALSE;
    }
  if (conn != NULL)
    conn->appended = TRUE;
  if (own)
    return kefu_transaction_commit (tx, error);
  return TRUE;
}

void
kefu_audit_set_events (KefuStore *store,
                       gboolean   enabled)
{
  AuditConn *conn = conn_of (store);

  if (conn != NULL)
    conn->events = enabled;
}

/* The head and the anchor -------------------------------------------------- */

gboolean
kefu_audit_get_head (KefuStore      *store,
                     KefuAuditHead  *head,
                     GError        **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT (SELECT count(*) FROM audit_log), id, hash FROM audit_log ORDER BY id DESC LIMIT 1", error);
  KefuQueryStep rc;

  memset (head, 0, sizeof *head);
  if (stmt == NULL)
    return FALSE;
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_ROW)
    {
      head->entries = kefu_query_get_int (stmt, 0);
      head->last_id = kefu_query_get_int (stmt, 1);
      g_strlcpy (head->hash, kefu_query_get_text (stmt, 2) != NULL ? kefu_query_get_text (stmt, 2) : "", sizeof head->hash);
    }
  return rc != KEFU_QUERY_FAILED;
}

char *
kefu_audit_head_describe (const KefuAuditHead *head)
{
  if (head->last_id == 0)
    return g_strdup (_("The audit log is empty."));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%lld entry · last #%lld · SHA-256 %s",
                                       "%lld entries · last #%lld · SHA-256 %s",
                                       head->entries),
                          (long long) head->entries, (long long) head->last_id, head->hash);
}

char *
kefu_audit_head_to_string (const KefuAuditHead *head)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s", head->last_id, head->hash);
}

static gboolean
is_hex64 (const char *text)
{
  if (strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

/* "1234:3f2a…" (the last id and its hash) */
gboolean
kefu_audit_head_parse (const char    *text,
                       KefuAuditHead *head)
{
  g_auto(GStrv) parts = NULL;
  guint64 id;

  memset (head, 0, sizeof *head);
  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ":", 2);
  if (g_strv_length (parts) != 2 || !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXINT64, &id, NULL) ||
      !is_hex64 (parts[1]))
    return FALSE;
  head->last_id = id;
  head->entries = 0;    /* not known from this form */
  g_strlcpy (head->hash, parts[1], sizeof head->hash);
  for (char *p = head->hash; *p != '\0'; p++)
    *p = g_ascii_tolower (*p);
  return TRUE;
}

char *
kefu_audit_anchor_path (KefuStore *store)
{
  return g_strconcat (kefu_store_get_path (store), ".audit-anchor", NULL);
}

gboolean
kefu_audit_read_anchor (const char     *path,
                        KefuAuditHead  *anchor,
                        GError        **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean have_entries = FALSE, have_last = FALSE, have_hash = FALSE;

  memset (anchor, 0, sizeof *anchor);
  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_NO_ANCHOR,
                     _("There is no audit anchor “%s” yet: the end of the log cannot be checked."), path);
      else
        g_set_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_BAD_ANCHOR,
                     _("The audit anchor “%s” cannot be read: %s"), path, local_error->message);
      return FALSE;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (lines[i]), " ", 2);
      guint64 n;

      if (kv[0] == NULL || kv[0][0] == '#' || kv[0][0] == '\0' || kv[1] == NULL)
        continue;
      if (g_str_equal (kv[0], "entries") && g_ascii_string_to_unsigned (kv[1], 10, 0, G_MAXINT64, &n, NULL))
        anchor->entries = n, have_entries = TRUE;
      else if (g_str_equal (kv[0], "last") && g_ascii_string_to_unsigned (kv[1], 10, 0, G_MAXINT64, &n, NULL))
        anchor->last_id = n, have_last = TRUE;
      else if (g_str_equal (kv[0], "sha256") && (is_hex64 (kv[1]) || *kv[1] == '-'))
        g_strlcpy (anchor->hash, *kv[1] == '-' ? "" : kv[1], sizeof anchor->hash), have_hash = TRUE;
    }
  if (!have_entries || !have_last || !have_hash || (anchor->last_id > 0) != (anchor->hash[0] != '\0'))
    {
      g_set_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_BAD_ANCHOR,
                   _("The audit anchor “%s” is damaged: it should hold the lines “entries”, “last” and “sha256”."),
                   path);
      return FALSE;
    }
  return TRUE;
}

/* Whether the log still holds the entry @anchor names, unchanged. */
static gboolean
log_holds (KefuStore           *store,
           const KefuAuditHead *anchor,
           gboolean            *holds,
           GError             **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep rc;

  *holds = TRUE;
  if (anchor->last_id == 0)
    return TRUE;
  stmt = kefu_query_prepare (store, "SELECT hash FROM audit_log WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, anchor->last_id);
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_ROW)
    *holds = g_strcmp0 (kefu_query_get_text (stmt, 0), anchor->hash) == 0;
  else if (rc == KEFU_QUERY_DONE)
    *holds = FALSE;
  return rc != KEFU_QUERY_FAILED;
}

gboolean
kefu_audit_write_anchor (KefuStore  *store,
                         GError    **error)
{
  g_autofree char *path = kefu_audit_anchor_path (store);
  g_autofree char *contents = NULL;
  g_autoptr(GError) read_error = NULL;
  KefuAuditHead head, old;
  gboolean holds;

  if (!kefu_audit_get_head (store, &head, error))
    return FALSE;
  if (kefu_audit_read_anchor (path, &old, &read_error))
    {
      if (!log_holds (store, &old, &holds, error))
        return FALSE;
      if (!holds || head.entries < old.entries)
        {
          g_set_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_ANCHOR,
                       _("The audit log no longer matches its anchor “%s”; the anchor is kept as evidence. "
                         "Run “kefu-cli audit verify”."), path);
          return FALSE;
        }
      if (old.last_id == head.last_id && old.entries == head.entries)
        return TRUE;
    }
  contents = g_strdup_printf ("# Kefu audit anchor: the head of the audit log of %s.\n"
                              "# kefu-cli audit verify checks the log against it.\n"
                              "entries %" G_GINT64_FORMAT "\nlast %" G_GINT64_FORMAT "\nsha256 %s\n",
                              kefu_store_get_path (store), head.entries, head.last_id,
                              head.hash[0] != '\0' ? head.hash : "-");
  return g_file_set_contents_full (path, contents, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0600, error);
}

/* A connection that appended rewrites the anchor as it closes (the app
 * when it quits or opens another file, kefu-cli when its command ends). */
static void
store_closing (gpointer  data,
               GObject  *where_the_object_was)
{
  KefuStore *store = data;
  AuditConn *conn = conn_of (store);
  g_autoptr(GError) error = NULL;

  if (conn == NULL || !conn->appended)
    return;
  /* not fatal: the log is what it is; `audit verify` says what is wrong */
  if (!kefu_audit_write_anchor (store, &error))
    g_message ("%s", error->message);
}

gboolean
kefu_audit_attach (KefuStore  *store,
                   GError    **error)
{
  if (kefu_store_get_schema_version (store) < AUDIT_SCHEMA)
    return TRUE;
  if (!kefu_store_exec (store, event_trigger_sql, error))
    return FALSE;
  g_object_weak_ref (G_OBJECT (store), store_closing, store);
  return TRUE;
}

/* Verifying ----------------------------------------------------------------- */

static void
end_read (KefuStore *store,
          gboolean   own)
{
  if (own)
    kefu_store_end_read (store);
}

gboolean
kefu_audit_verify (KefuStore            *store,
                   const KefuAuditHead  *anchor,
                   KefuAuditHead        *head_out,
                   gint64               *broken_id,
                   GError              **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autoptr(GString) canonical = g_string_new (NULL);
  KefuAuditHead head = { 0 };
  char prev[65] = "", hex[65];
  gboolean first = TRUE, own;
  /* a server's columns are typed (bigint, text): the same canonical text
   * as kefu_audit_hash() makes there */
  gboolean server = kefu_store_is_server (store);
  KefuQueryStep rc;

  if (broken_id != NULL)
    *broken_id = 0;
  /* one read transaction: the chain and the checks see the same log */
  own = !kefu_store_in_transaction (store);
  if (own && !kefu_store_begin_read (store, error))
    return FALSE;
  {
    g_autofree char *sql = g_strdup_printf ("SELECT a.id, a.at, a.user_id, a.action, a.subject_table, a.subject_id, "
                                            "a.detail, a.hash FROM %s ORDER BY a.id", audit_source (store));

    stmt = kefu_query_prepare (store, sql, error);
  }
  if (stmt == NULL)
    {
      end_read (store, own);
      return FALSE;
    }
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      const char *stored = kefu_query_get_text (stmt, 7);
      gint64 id = kefu_query_get_int (stmt, 0);

      g_string_truncate (canonical, 0);
      if (server)
        canonical_from_query (canonical, stmt);
      else
        {
          sqlite3_value *v[7];

          /* the stored values as SQLite holds them (an integer column
           * holding text reads as tampered with): the hash is over
           * SQLite's types */
          for (int c = 0; c < 7; c++)
            v[c] = sqlite3_column_value (stmt, c);
          canonical_from_values (canonical, v);
        }
      chain_hash (first ? NULL : prev, canonical, hex);
      if (g_strcmp0 (stored, hex) != 0)
        {
          if (broken_id != NULL)
            *broken_id = id;
          if (first)
            g_set_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_BROKEN,
                         _("Audit log entry %lld is not what was written: it was changed, "
                           "or entries before it were removed."), (long long) id);
          else
            g_set_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_BROKEN,
                         _("Audit log entry %lld does not follow from entry %lld: it was changed, "
                           "or entries between them were removed."), (long long) id, (long long) head.last_id);
          kefu_query_reset (stmt);
          end_read (store, own);
          return FALSE;
        }
      memcpy (prev, hex, sizeof prev);
      first = FALSE;
      head.entries++;
      head.last_id = id;
    }
  kefu_query_reset (stmt);
  stmt = NULL;
  if (rc == KEFU_QUERY_FAILED)
    {
      end_read (store, own);
      return FALSE;
    }
  g_strlcpy (head.hash, prev, sizeof head.hash);
  if (head_out != NULL)
    *head_out = head;

  if (anchor != NULL && anchor->last_id > 0)
    {
      gboolean holds = TRUE;

      if (head.last_id < anchor->last_id || head.entries < anchor->entries)
        {
          if (head.last_id == 0)
            g_set_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_TRUNCATED,
                         _("The audit log is empty, but its anchor says it held %lld entries up to entry %lld: "
                           "it was emptied."), (long long) anchor->entries, (long long) anchor->last_id);
          else
            g_set_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_TRUNCATED,
                         _("The audit log ends at entry %lld, but its anchor says it held %lld entries up to entry %lld: "
                           "entries after %lld were removed."),
                         (long long) head.last_id, (long long) anchor->entries, (long long) anchor->last_id,
                         (long long) head.last_id);
          if (broken_id != NULL)
            *broken_id = head.last_id + 1;
          end_read (store, own);
          return FALSE;
        }
      if (!log_holds (store, anchor, &holds, error))
        {
          end_read (store, own);
          return FALSE;
        }
      if (!holds)
        {
          g_set_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_ANCHOR,
                       _("Audit log entry %lld is not the one its anchor names: the log was rewritten."),
                       (long long) anchor->last_id);
          if (broken_id != NULL)
            *broken_id = anchor->last_id;
          end_read (store, own);
          return FALSE;
        }
    }

  /* every audited timeline event is still there, on its ticket, of its kind */
  stmt = kefu_query_prepare (store,
      "SELECT a.id, substr(a.detail, 7) FROM audit_log a "
      "WHERE a.subject_table = 'tickets' AND a.action LIKE 'ticket\\_%' ESCAPE '\\' AND a.detail LIKE 'event=%' "
      "  AND NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.id = CAST(substr(a.detail, 7) AS INTEGER) "
      "                  AND e.ticket_id = a.subject_id AND 'ticket_' || e.kind = a.action) "
      "ORDER BY a.id LIMIT 1", error);
  rc = stmt != NULL ? kefu_query_step (store, stmt, error) : KEFU_QUERY_FAILED;
  if (rc == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);

      g_set_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_TIMELINE,
                   _("Audit log entry %lld records timeline event %s, which is missing or was changed."),
                   (long long) id, kefu_query_get_text (stmt, 1));
      if (broken_id != NULL)
        *broken_id = id;
    }
  if (stmt != NULL)
    kefu_query_reset (stmt);
  stmt = NULL;
  if (rc != KEFU_QUERY_DONE)
    {
      end_read (store, own);
      return FALSE;
    }
  end_read (store, own);
  return TRUE;
}

/* Entries, for the audit view -------------------------------------------- */

struct _KefuAuditEntry
{
  GObject  parent_instance;
  gint64   id, at, user_id, subject_id;
  char    *user_name, *action, *subject_table, *detail;
};

G_DEFINE_FINAL_TYPE (KefuAuditEntry, kefu_audit_entry, G_TYPE_OBJECT)

static void
kefu_audit_entry_finalize (GObject *object)
{
  KefuAuditEntry *self = (KefuAuditEntry *) object;

  g_free (self->user_name);
  g_free (self->action);
  g_free (self->subject_table);
  g_free (self->detail);
  G_OBJECT_CLASS (kefu_audit_entry_parent_class)->finalize (object);
}

static void
kefu_audit_entry_class_init (KefuAuditEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_audit_entry_finalize;
}

static void
kefu_audit_entry_init (KefuAuditEntry *self)
{
}

gint64 kefu_audit_entry_get_id (KefuAuditEntry *self) { return self->id; }
gint64 kefu_audit_entry_get_at (KefuAuditEntry *self) { return self->at; }
gint64 kefu_audit_entry_get_user_id (KefuAuditEntry *self) { return self->user_id; }
const char *kefu_audit_entry_get_user_name (KefuAuditEntry *self) { return self->user_name; }
const char *kefu_audit_entry_get_action (KefuAuditEntry *self) { return self->action; }
const char *kefu_audit_entry_get_subject_table (KefuAuditEntry *self) { return self->subject_table; }
gint64 kefu_audit_entry_get_subject_id (KefuAuditEntry *self) { return self->subject_id; }
const char *kefu_audit_entry_get_detail (KefuAuditEntry *self) { return self->detail; }

static const struct { const char *action; const char *label; } action_labels[] = {
  { "sign_in", N_("Signed in") },
  { "sign_in_failed", N_("Sign-in failed") },
  { "clock_set", N_("Ran a command at another time than now") },
  { "reveal_phone", N_("Revealed a phone number") },
  { "export_tickets", N_("Exported tickets, personal data masked") },
  { "export_tickets_full", N_("Exported tickets with personal data") },
  { "erase_owner_request", N_("Owner’s erasure requested") },
  { "erase_owner_done", N_("Owner’s personal data erased") },
  { "owner_note", N_("Changed an owner’s note") },
  { "load_sample", N_("Loaded the sample service center") },
  { "import_tickets", N_("Imported tickets") },
  { "import_owners", N_("Imported owners") },
  { "add_user", N_("Added a user") },
  { "set_setting", N_("Changed a setting") },
  { "save_sla_policy", N_("Saved a service-level policy") },
  { "import_calendar", N_("Imported a holiday calendar") },
  { "backup_folder", N_("Changed the backup folder") },
  { "backup_budget_mb", N_("Changed the space for backups") },
  { "ticket_created", N_("Ticket created") },
  { "ticket_status", N_("Ticket status changed") },
  { "ticket_note", N_("Note added to a ticket") },
  { "ticket_call", N_("Call logged on a ticket") },
  { "ticket_assign", N_("Ticket assigned") },
  { "ticket_verify", N_("Ticket checked by a second person") },
  { "ticket_followup", N_("Follow-up call recorded") },
  { "ticket_link", N_("Ticket linked") },
  { "ticket_sla", N_("Service-level alert on a ticket") },
  { "ticket_escalation", N_("Ticket escalated") },
  { "ticket_ack", N_("Alert acknowledged") },
  { "ticket_edit", N_("Ticket edited") },
  { "auto_dispatch_on", N_("Automatic dispatch turned on") },
  { "auto_dispatch_off", N_("Automatic dispatch turned off") },
  { "suspend_team", N_("Contractor suspended") },
  { "reinstate_team", N_("Contractor reinstated") },
  { "add_team", N_("Team added") },
  { "update_team", N_("Team changed") },
  { "delete_team", N_("Team deleted") },
  { "add_rule", N_("Dispatch rule added") },
  { "update_rule", N_("Dispatch rule changed") },
  { "delete_rule", N_("Dispatch rule deleted") },
  { "move_rule", N_("Dispatch rule moved") },
  { "activate_rule", N_("Dispatch rule switched on") },
  { "deactivate_rule", N_("Dispatch rule switched off") },
  { "add_technician", N_("Technician added") },
  { "update_technician", N_("Technician changed") },
  { "rename_technician", N_("Technician renamed") },
  { "activate_technician", N_("Technician reactivated") },
  { "deactivate_technician", N_("Technician deactivated") },
  { "set_technician_teams", N_("Technician’s teams changed") },
  { "set_technician_buildings", N_("Technician’s buildings changed") },
  { "add_shift", N_("Shift added") },
  { "set_shift", N_("Shift changed") },
  { "remove_shift", N_("Shift removed") },
  { "add_exception", N_("Leave or extra shift added") },
  { "remove_exception", N_("Leave or extra shift removed") },
  { "swap_shift", N_("Shifts swapped") },
  { "remove_swap", N_("Shift swap removed") },
  { "profile_viewed", N_("Opened someone’s profile") },
  { "appraisal_viewed", N_("Opened appraisals") },
  { "goals_viewed", N_("Opened someone’s goals") },
  { "goal_set", N_("Goal set") },
  { "capability_source_set", N_("Capability radar source changed") },
  { "capability_source_removed", N_("Capability radar source removed") },
  { "appraisal_thresholds", N_("Appraisal grade thresholds changed") },
  { "review_started", N_("360° review started") },
  { "review_answered", N_("360° review answered") },
  { "review_viewed", N_("Opened someone’s 360° review") },
  { "case_saved", N_("Case added to the case library") },
  { "case_linked", N_("Case linked to a question or course") },
};

const char *
kefu_audit_action_label (const char *action)
{
  for (guint i = 0; action != NULL && i < G_N_ELEMENTS (action_labels); i++)
    if (g_str_equal (action_labels[i].action, action))
      return g_dgettext (GETTEXT_PACKAGE, action_labels[i].label);
  return action;
}

/* A list model that holds the matching ids and reads entries a page at a
 * time as they are asked for (a log grows to millions of entries). */
#define KEFU_TYPE_AUDIT_LIST (kefu_audit_list_get_type ())
G_DECLARE_FINAL_TYPE (KefuAuditList, kefu_audit_list, KEFU, AUDIT_LIST, GObject)

#define PAGE 128

static void
unref_entry (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

struct _KefuAuditList
{
  GObject     parent_instance;
  KefuStore  *store;
  GArray     *ids;       /* gint64, newest first */
  GPtrArray  *entries;   /* KefuAuditEntry or NULL, as ids */
};

static GType
kefu_audit_list_get_item_type (GListModel *model)
{
  return KEFU_TYPE_AUDIT_ENTRY;
}

static guint
kefu_audit_list_get_n_items (GListModel *model)
{
  return KEFU_AUDIT_LIST (model)->ids->len;
}

static void
load_page (KefuAuditList *self,
           guint          start)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GHashTable) where = g_hash_table_new (g_int64_hash, g_int64_equal);
  KEFU_AUTO_QUERY *stmt = NULL;
  guint end = MIN (start + PAGE, self->ids->len);

  g_string_printf (sql, "SELECT a.id, a.at, a.user_id, u.name, a.action, a.subject_table, a.subject_id, a.detail "
                        "FROM %s LEFT JOIN users u ON u.id = a.user_id WHERE a.id IN (", audit_source (self->store));
  /* always PAGE parameters (the last id again for a short page): one
   * statement for every page */
  for (guint i = 0; i < PAGE; i++)
    g_string_append_printf (sql, "%s?%u", i > 0 ? "," : "", i + 1);
  g_string_append_c (sql, ')');
  stmt = kefu_query_prepare (self->store, sql->str, NULL);
  if (stmt == NULL)
    return;
  for (guint i = start; i < end; i++)
    g_hash_table_insert (where, &g_array_index (self->ids, gint64, i), GUINT_TO_POINTER (i));
  for (guint i = 0; i < PAGE; i++)
    kefu_query_bind_int (stmt, i + 1, g_array_index (self->ids, gint64, MIN (start + i, end - 1)));
  while (kefu_query_step (self->store, stmt, NULL) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      gpointer pos;
      KefuAuditEntry *e;

      if (!g_hash_table_lookup_extended (where, &id, NULL, &pos))
        continue;
      e = g_object_new (KEFU_TYPE_AUDIT_ENTRY, NULL);
      e->id = id;
      e->at = kefu_query_get_int (stmt, 1);
      e->user_id = kefu_query_get_int (stmt, 2);
      e->user_name = g_strdup (kefu_query_get_text (stmt, 3));
      e->action = g_strdup (kefu_query_get_text (stmt, 4));
      e->subject_table = g_strdup (kefu_query_get_text (stmt, 5));
      e->subject_id = kefu_query_get_int (stmt, 6);
      e->detail = g_strdup (kefu_query_get_text (stmt, 7));
      g_clear_object (&self->entries->pdata[GPOINTER_TO_UINT (pos)]);
      self->entries->pdata[GPOINTER_TO_UINT (pos)] = e;
    }
}

static gpointer
kefu_audit_list_get_item (GListModel *model,
                          guint       position)
{
  KefuAuditList *self = KEFU_AUDIT_LIST (model);

  if (position >= self->ids->len)
    return NULL;
  if (self->entries->pdata[position] == NULL)
    load_page (self, position - position % PAGE);
  if (self->entries->pdata[position] == NULL)
    {
      /* the row is gone (another tool removed it): an entry saying so */
      KefuAuditEntry *e = g_object_new (KEFU_TYPE_AUDIT_ENTRY, NULL);
      e->id = g_array_index (self->ids, gint64, position);
      self->entries->pdata[position] = e;
    }
  return g_object_ref (self->entries->pdata[position]);
}

static void
kefu_audit_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kefu_audit_list_get_item_type;
  iface->get_n_items = kefu_audit_list_get_n_items;
  iface->get_item = kefu_audit_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (KefuAuditList, kefu_audit_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kefu_audit_list_model_init))

static void
kefu_audit_list_finalize (GObject *object)
{
  KefuAuditList *self = (KefuAuditList *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (kefu_audit_list_parent_class)->finalize (object);
}

static void
kefu_audit_list_class_init (KefuAuditListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_audit_list_finalize;
}

static void
kefu_audit_list_init (KefuAuditList *self)
{
}

GListModel *
kefu_audit_list (KefuStore              *store,
                 const KefuAuditFilter  *filter,
                 GError                **error)
{
  g_autoptr(KefuAuditList) self = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  int rc;

  if (!kefu_auth_require (store, KEFU_PERMISSION_VIEW_AUDIT, error))
    return NULL;
  {
    g_autofree char *sql = g_strdup_printf ("SELECT a.id FROM %s WHERE (?1 = 0 OR a.user_id = ?1) "
                                            "AND (CAST (?2 AS TEXT) IS NULL OR a.action = ?2) AND (?3 = 0 OR a.at >= ?3) "
                                            "AND (?4 = 0 OR a.at < ?4) ORDER BY a.id DESC", audit_source (store));

    stmt = kefu_query_prepare (store, sql, error);
  }
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, filter != NULL ? filter->user_id : 0);
  if (filter != NULL && filter->action != NULL && *filter->action != '\0')
    kefu_query_bind_text (stmt, 2, filter->action);
  kefu_query_bind_int (stmt, 3, filter != NULL ? filter->from : 0);
  kefu_query_bind_int (stmt, 4, filter != NULL ? filter->to : 0);

  self = g_object_new (KEFU_TYPE_AUDIT_LIST, NULL);
  self->store = g_object_ref (store);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      g_array_append_val (self->ids, id);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  self->entries = g_ptr_array_new_full (self->ids->len, unref_entry);
  g_ptr_array_set_size (self->entries, self->ids->len);
  return G_LIST_MODEL (g_steal_pointer (&self));
}

GStrv
kefu_audit_list_actions (KefuStore  *store,
                         GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT DISTINCT a.action FROM %s ORDER BY a.action", audit_source (store));
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    g_strv_builder_add (builder, kefu_query_get_text (stmt, 0));
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_strv_builder_end (builder);
}
