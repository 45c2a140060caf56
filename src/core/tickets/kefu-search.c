/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-search.c — bigram full-text search (see kefu-search.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-search.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

typedef enum { CLASS_SEP, CLASS_WORD, CLASS_DIGIT, CLASS_CJK } CharClass;

static CharClass
classify (gunichar c)
{
  if (c < 0x80)
    {
      if (g_ascii_isdigit (c))
        return CLASS_DIGIT;
      if (g_ascii_isalpha (c))
        return CLASS_WORD;
      return CLASS_SEP;
    }
  /* most of what is indexed: CJK Unified Ideographs, all Han and none a
   * digit in every GLib since Unicode 11 (the look-ups below are a
   * binary search each) */
  if (c >= 0x4E00 && c <= 0x9FEF)
    return CLASS_CJK;
  if (g_unichar_isdigit (c))
    return CLASS_DIGIT;
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
      return CLASS_CJK;
    default:
      return g_unichar_isalnum (c) ? CLASS_WORD : CLASS_SEP;
    }
}

static void
add_token (GString    *out,
           const char *token,
           gsize       len)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_len (out, token, len);
}

/* Emits one run of characters of the same class: text[at[0], end), the
 * i-th character starting at at[i]. Tokens are slices of the text (valid
 * UTF-8), written straight into @out. */
static void
emit_run (GString     *out,
          const char  *text,
          CharClass    cls,
          const guint *at,
          guint        n,
          guint        end,
          gboolean     last_of_query)
{
  if (n == 0 || cls == CLASS_SEP)
    return;
  if (cls == CLASS_WORD)
    {
      g_autofree char *word = g_utf8_strdown (text + at[0], end - at[0]);
      add_token (out, word, strlen (word));
      return;
    }
  if (n == 1)
    {
      add_token (out, text + at[0], end - at[0]);
      return;
    }
  for (guint i = 0; i + 1 < n; i++)
    add_token (out, text + at[i], (i + 2 < n ? at[i + 2] : end) - at[i]);
  /* The run's last character alone, so a one-character prefix query finds
   * it; a query's last run leaves it out (its last bigram is a prefix). */
  if (!last_of_query)
    add_token (out, text + at[n - 1], end - at[n - 1]);
}

/* The tokens of @text separated by spaces, appended to @out. */
static void
tokenize (const char *text,
          gboolean    for_query,
          GString    *out)
{
  guint at_stack[256];
  g_autoptr(GArray) at_heap = NULL;
  guint *at = at_stack, n = 0, capacity = G_N_ELEMENTS (at_stack);
  CharClass run_class = CLASS_SEP;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return;

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      CharClass cls = c ? classify (c) : CLASS_SEP;

      if (cls != run_class || c == 0)
        {
          gboolean last = for_query && c == 0;
          emit_run (out, text, run_class, at, n, p - text, last);
          n = 0;
          run_class = cls;
        }
      if (c == 0)
        break;
      if (cls != CLASS_SEP)
        {
          if (n == capacity)
            {
              /* a run longer than the stack holds */
              if (at_heap == NULL)
                {
                  at_heap = g_array_sized_new (FALSE, FALSE, sizeof (guint), capacity * 2);
                  g_array_append_vals (at_heap, at_stack, n);
                }
              g_array_set_size (at_heap, capacity * 2);
              capacity *= 2;
              at = (guint *) at_heap->data;
            }
          at[n++] = p - text;
        }
    }
}

/* "天花板漏水 3栋502" → "天花 花板 板漏 漏水 水 3 栋 50 02 2" */
char *
kefu_search_tokens (const char *text)
{
  GString *out = g_string_new (NULL);

  tokenize (text, FALSE, out);
  return g_string_free (out, FALSE);
}

/* An FTS5 MATCH expression for what a user typed, or NULL when it holds
 * nothing searchable. Words separated by spaces must all match. */
char *
kefu_search_match_expr (const char *query)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) phrase = g_string_new (NULL);
  GString *expr = g_string_new (NULL);

  if (query == NULL)
    return NULL;
  parts = g_strsplit_set (query, " \t\u3000", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_string_truncate (phrase, 0);
      tokenize (parts[i], TRUE, phrase);
      if (phrase->len == 0)
        continue;
      {
        /* the phrase's last token: after its last space */
        const char *last = strrchr (phrase->str, ' ');
        /* A two-character CJK or digit token is a whole bigram, which the
         * index holds as it is: no prefix query (it would scan the term
         * range). A single character or a word may be the start of more. */
        gboolean whole;

        last = last != NULL ? last + 1 : phrase->str;
        whole = g_utf8_strlen (last, -1) == 2 && classify (g_utf8_get_char (last)) != CLASS_WORD;
        g_string_append_printf (expr, "%s\"%s\"%s", expr->len ? " AND " : "", phrase->str, whole ? "" : " *");
      }
    }
  if (expr->len == 0)
    {
      g_string_free (expr, TRUE);
      return NULL;
    }
  return g_string_free (expr, FALSE);
}

/* A phone's tokens: the bigrams of its digit runs, as any digits are
 * indexed ("138-1234 5678" → "13 38 8 12 23 34 4 56 67 78 8"), and nothing
 * else of it (letters, 转, punctuation). Full-width digits count as the
 * ASCII ones an IME typed them for. The server computes the same from
 * the table itself (kefu_search_phone_tokens() in kefu-server-rights.sql)
 * for a desk that may not read the phone (#20). */
char *
kefu_search_phone_tokens (const char *phone)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  if (phone != NULL && g_utf8_validate (phone, -1, NULL))
    for (const char *p = phone; *p != '\0'; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (c >= '0' && c <= '9')
          g_string_append_c (digits, (char) c);
        else if (c >= 0xFF10 && c <= 0xFF19)
          g_string_append_c (digits, (char) ('0' + (c - 0xFF10)));
        else if (digits->len > 0 && digits->str[digits->len - 1] != ' ')
          g_string_append_c (digits, ' ');
      }
  tokenize (digits->str, FALSE, out);
  return g_string_free (out, FALSE);
}

/* A ticket's row: its id, then the text before the contact phone (number,
 * location, description, contact name), the contact phone, the owner's
 * name, the owner's phone, the notes and calls. The index holds their
 * tokens in this order. */
#define BODY_SQL_WITH(contact_phone, owner_phone) \
  "SELECT t.id, t.number, t.location, t.description, coalesce(t.contact_name, ''), " \
  contact_phone ", coalesce(o.name, ''), " owner_phone ", " \
  "coalesce((SELECT group_concat(e.body, ' ') FROM ticket_events e " \
  "          WHERE e.ticket_id = t.id AND e.kind IN ('note', 'call') AND e.body IS NOT NULL), '') " \
  "FROM tickets t LEFT JOIN owners o ON o.id = t.owner_id "
#define BODY_SQL BODY_SQL_WITH ("coalesce(t.contact_phone, '')", "coalesce(o.phone, '')")
/* A file's rebuild: the same columns but the notes' and calls', which
 * come from TAILS_SQL in one pass over the timeline, sorted as the
 * correlated sub-query above reads them (ticket_events_ticket: by ticket,
 * time, id). That sub-query looked every ticket's events up through the
 * index, some 7 row look-ups a ticket, about a sixth of a sample's load
 * (0.5 s of CPU for 100,000 tickets, against 0.04 s for one pass). */
#define HEAD_SQL \
  "SELECT t.id, t.number, t.location, t.description, coalesce(t.contact_name, ''), " \
  "coalesce(t.contact_phone, ''), coalesce(o.name, ''), coalesce(o.phone, '') " \
  "FROM tickets t LEFT JOIN owners o ON o.id = t.owner_id ORDER BY t.id"
#define TAILS_SQL \
  "SELECT ticket_id, body FROM ticket_events NOT INDEXED " \
  "WHERE kind IN ('note', 'call') AND body IS NOT NULL ORDER BY ticket_id, at, id"
/* On a server the phones' tokens come from the server itself
 * (kefu_search_index()): a desk signed in as a person may not read them,
 * and the index must hold them as a file's does (#20) */
#define BODY_SQL_SERVER BODY_SQL_WITH ("NULL", "NULL")

typedef struct {
  char *head;          /* the tokens before the contact phone */
  char *contact_phone; /* (not on a server) */
  char *owner_name;
  char *owner_phone;   /* (not on a server) */
  char *tail;          /* the notes' and calls' */
} Parts;

static void
parts_clear (Parts *p)
{
  g_free (p->head);
  g_free (p->contact_phone);
  g_free (p->owner_name);
  g_free (p->owner_phone);
  g_free (p->tail);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parts, parts_clear)

static void
parts_from_row (KefuQuery *stmt,
                Parts     *parts)
{
  g_autoptr(GString) head = g_string_new (NULL);

  for (int c = 1; c <= 4; c++)
    {
      const char *v = kefu_query_get_text (stmt, c);
      if (v != NULL && *v != '\0')
        g_string_append_printf (head, "%s\n", v);
    }
  parts->head = kefu_search_tokens (head->str);
  parts->contact_phone = kefu_search_phone_tokens (kefu_query_get_text (stmt, 5));
  parts->owner_name = kefu_search_tokens (kefu_query_get_text (stmt, 6));
  parts->owner_phone = kefu_search_phone_tokens (kefu_query_get_text (stmt, 7));
  parts->tail = kefu_search_tokens (kefu_query_get_text (stmt, 8));
}

/* A rebuild's tokens of the texts it has seen: a place, a description,
 * an owner's name and phone come back in ticket after ticket (the sample
 * has a few hundred places and some 60 descriptions; a real desk's
 * owners report again and again), and tokenizing them again cost about a
 * fifth of a rebuild beside FTS5's own work (callgrind, the sample
 * generator). Texts longer than CACHE_TEXT_MAX are tokenized each time;
 * the cache starts afresh when it holds CACHE_ENTRIES_MAX of them. */
#define CACHE_TEXT_MAX    256
#define CACHE_ENTRIES_MAX 65536

typedef struct {
  GHashTable *text;    /* text → kefu_search_tokens (text) */
  GHashTable *phone;   /* phone → kefu_search_phone_tokens (phone) */
} TokenCache;

static void
token_cache_clear (TokenCache *cache)
{
  g_clear_pointer (&cache->text, g_hash_table_unref);
  g_clear_pointer (&cache->phone, g_hash_table_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TokenCache, token_cache_clear)

/* @text's tokens by @tokens (a new string), from @table when seen before */
static char *
cached_tokens (GHashTable  *table,
               const char  *text,
               char      *(*tokens) (const char *))
{
  const char *known;
  char *made;

  if (text == NULL || strlen (text) > CACHE_TEXT_MAX)
    return tokens (text);
  known = g_hash_table_lookup (table, text);
  if (known != NULL)
    return g_strdup (known);
  made = tokens (text);
  if (g_hash_table_size (table) >= CACHE_ENTRIES_MAX)
    g_hash_table_remove_all (table);
  g_hash_table_insert (table, g_strdup (text), g_strdup (made));
  return made;
}

/* The same parts as parts_from_row(), through @cache, with the notes'
 * and calls' text @tail (column 8 of BODY_SQL). The head's columns
 * are tokenized one by one: a newline, which ended each column in the
 * head's text, is a separator, so no token spans two columns and the
 * head's tokens are each column's in turn; a column that is not UTF-8
 * made the whole text so, and left the head empty, as here. */
static void
parts_from_row_cached (KefuQuery  *stmt,
                       const char *tail,
                       Parts      *parts,
                       TokenCache *cache)
{
  g_autoptr(GString) head = g_string_new (NULL);
  gboolean valid = TRUE;

  for (int c = 1; c <= 4 && valid; c++)
    {
      const char *v = kefu_query_get_text (stmt, c);
      g_autofree char *tokens = NULL;

      if (v == NULL || *v == '\0')
        continue;
      if (!g_utf8_validate (v, -1, NULL))
        {
          valid = FALSE;
          break;
        }
      /* (the ticket's number is its own: not kept) */
      tokens = c == 1 ? kefu_search_tokens (v) : cached_tokens (cache->text, v, kefu_search_tokens);
      if (*tokens != '\0')
        add_token (head, tokens, strlen (tokens));
    }
  parts->head = valid ? g_strdup (head->str) : g_strdup ("");
  parts->contact_phone = cached_tokens (cache->phone, kefu_query_get_text (stmt, 5), kefu_search_phone_tokens);
  parts->owner_name = cached_tokens (cache->text, kefu_query_get_text (stmt, 6), kefu_search_tokens);
  parts->owner_phone = cached_tokens (cache->phone, kefu_query_get_text (stmt, 7), kefu_search_phone_tokens);
  parts->tail = cached_tokens (cache->text, tail, kefu_search_tokens);
}

/* The body a file's index holds: the parts' tokens, in order */
static char *
body_from_parts (const Parts *p)
{
  const char *all[] = { p->head, p->contact_phone, p->owner_name, p->owner_phone, p->tail };
  GString *body = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (all[i] != NULL && *all[i] != '\0')
      add_token (body, all[i], strlen (all[i]));
  return g_string_free (body, FALSE);
}

/* A server's row for ticket @id: written by kefu_search_index() there,
 * which adds the phones' tokens from the tables and checks that the
 * caller may see the ticket (row-level security) */
static gboolean
write_server_row (KefuStore    *store,
                  KefuQuery   **put,
                  gint64        id,
                  const Parts  *parts,
                  GError      **error)
{
  if (*put == NULL)
    *put = kefu_query_prepare (store, "SELECT kefu_search_index (?1, ?2, ?3, ?4)", error);
  if (*put == NULL)
    return FALSE;
  kefu_query_bind_int (*put, 1, id);
  kefu_query_bind_text (*put, 2, parts->head);
  kefu_query_bind_text (*put, 3, parts->owner_name);
  kefu_query_bind_text (*put, 4, parts->tail);
  return kefu_query_run (store, *put, error);
}

static gboolean
write_row (KefuStore   *store,
           gint64       id,
           const char  *body,
           GError     **error)
{
  KEFU_AUTO_QUERY *del = kefu_query_prepare (store, "DELETE FROM ticket_search WHERE rowid = ?1", error);
  KEFU_AUTO_QUERY *ins = NULL;

  if (del == NULL)
    return FALSE;
  kefu_query_bind_int (del, 1, id);
  if (!kefu_query_run (store, del, error))
    return FALSE;
  if (body == NULL)
    return TRUE;
  ins = kefu_query_prepare (store, "INSERT INTO ticket_search (rowid, body) VALUES (?1, ?2)", error);
  if (ins == NULL)
    return FALSE;
  kefu_query_bind_int (ins, 1, id);
  kefu_query_bind_text (ins, 2, body);
  return kefu_query_run (store, ins, error);
}

/* Brings one ticket's index row up to date; call inside the transaction
 * that changed the ticket, its owner or its notes. */
gboolean
kefu_search_index_ticket (KefuStore  *store,
                          gint64      ticket_id,
                          GError    **error)
{
  gboolean server = kefu_store_is_server (store);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, server ? BODY_SQL_SERVER "WHERE t.id = ?1"
                                                            : BODY_SQL "WHERE t.id = ?1", error);
  KEFU_AUTO_QUERY *put = NULL;
  g_auto(Parts) parts = { NULL };
  g_autofree char *body = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, ticket_id);
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  if (rc == KEFU_QUERY_ROW)
    parts_from_row (stmt, &parts);
  /* a server's tickets are never deleted; one the caller cannot see is
   * not theirs to index */
  if (server)
    return rc != KEFU_QUERY_ROW || write_server_row (store, &put, ticket_id, &parts, error);
  if (rc == KEFU_QUERY_ROW)
    body = body_from_parts (&parts);
  return write_row (store, ticket_id, body, error);
}

/* Rebuilds the whole index (after a migration or a bulk load), in the
 * caller's transaction if there is one. On a server a person's desk
 * rewrites the rows of the tickets it sees; the whole index is emptied
 * first only by a connection that may (the tables' owner). */
gboolean
kefu_search_rebuild (KefuStore  *store,
                     GError    **error)
{
  gboolean server = kefu_store_is_server (store);
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *ins = NULL;
  g_autoptr(KefuBulkRows) rows = NULL;
  g_auto(TokenCache) cache = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free),
                               g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  KEFU_AUTO_QUERY *tails = NULL;
  g_autoptr(GString) tail = g_string_new (NULL);
  KefuQueryStep step, tail_step = KEFU_QUERY_DONE;

  if (!(server && kefu_store_masks_phones (store)) && !kefu_store_exec (store, "DELETE FROM ticket_search", error))
    return FALSE;
  /* a file's rows go in as sets of 4,096 (one INSERT … SELECT each, not
   * a statement a row), in the same order with the same bodies */
  if (!server)
    rows = kefu_bulk_rows_new_sets (store, "ticket_search", "rowid, body", 2);
  stmt = kefu_query_prepare (store, server ? BODY_SQL_SERVER : HEAD_SQL, error);
  if (stmt == NULL)
    return FALSE;
  if (!server)
    {
      tails = kefu_query_prepare (store, TAILS_SQL, error);
      if (tails == NULL || (tail_step = kefu_query_step (store, tails, error)) == KEFU_QUERY_FAILED)
        return FALSE;
    }
  while ((step = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      g_auto(Parts) parts = { NULL };
      g_autofree char *body = NULL;
      gint64 id = kefu_query_get_int (stmt, 0);
      gboolean ok;

      /* this ticket's notes and calls, as group_concat (body, ' ') */
      g_string_truncate (tail, 0);
      if (!server)
        for (gboolean first = TRUE; tail_step == KEFU_QUERY_ROW && kefu_query_get_int (tails, 0) <= id;
             tail_step = kefu_query_step (store, tails, error))
          if (kefu_query_get_int (tails, 0) == id)
            {
              if (!first)
                g_string_append_c (tail, ' ');
              g_string_append (tail, kefu_query_get_text (tails, 1));
              first = FALSE;
            }
      if (tail_step == KEFU_QUERY_FAILED)
        return FALSE;
      parts_from_row_cached (stmt, server ? kefu_query_get_text (stmt, 8) : tail->str, &parts, &cache);
      if (server)
        ok = write_server_row (store, &ins, id, &parts, error);
      else
        {
          body = body_from_parts (&parts);
          kefu_bulk_rows_int (rows, id);
          kefu_bulk_rows_text (rows, body);
          ok = kefu_bulk_rows_end_row (rows, error);
        }
      if (!ok)
        {
          step = KEFU_QUERY_FAILED;
          break;
        }
    }
  if (step == KEFU_QUERY_DONE && rows != NULL && !kefu_bulk_rows_flush (rows, error))
    return FALSE;
  return step == KEFU_QUERY_DONE;
}
