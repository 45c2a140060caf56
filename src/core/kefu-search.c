/* kefu-search.c — bigram full-text search (see kefu-search.h) */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "kefu-search.h"
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

typedef struct {
  GPtrArray *tokens;     /* char* */
  gboolean   for_query;
} Tokenizer;

/* Emits one run of characters of the same class. */
static void
emit_run (Tokenizer  *t,
          CharClass   cls,
          gunichar   *run,
          guint       n,
          gboolean    last_of_query)
{
  if (n == 0 || cls == CLASS_SEP)
    return;
  if (cls == CLASS_WORD)
    {
      g_autofree char *word = g_ucs4_to_utf8 (run, n, NULL, NULL, NULL);
      g_ptr_array_add (t->tokens, g_utf8_strdown (word, -1));
      return;
    }
  if (n == 1)
    {
      g_ptr_array_add (t->tokens, g_ucs4_to_utf8 (run, 1, NULL, NULL, NULL));
      return;
    }
  for (guint i = 0; i + 1 < n; i++)
    g_ptr_array_add (t->tokens, g_ucs4_to_utf8 (run + i, 2, NULL, NULL, NULL));
  /* The run's last character alone, so a one-character prefix query finds
   * it; a query's last run leaves it out (its last bigram is a prefix). */
  if (!last_of_query)
    g_ptr_array_add (t->tokens, g_ucs4_to_utf8 (run + n - 1, 1, NULL, NULL, NULL));
}

static GPtrArray *
tokenize (const char *text,
          gboolean    for_query)
{
  Tokenizer t = { g_ptr_array_new_with_free_func (g_free), for_query };
  g_autoptr(GArray) run = g_array_new (FALSE, FALSE, sizeof (gunichar));
  CharClass run_class = CLASS_SEP;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return t.tokens;

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      CharClass cls = c ? classify (c) : CLASS_SEP;

      if (cls != run_class || c == 0)
        {
          gboolean last = for_query && c == 0;
          emit_run (&t, run_class, (gunichar *) run->data, run->len, last);
          g_array_set_size (run, 0);
          run_class = cls;
        }
      if (c == 0)
        break;
      if (cls != CLASS_SEP)
        g_array_append_val (run, c);
    }
  return t.tokens;
}

/* "天花板漏水 3栋502" → "天花 花板 板漏 漏水 水 3 栋 50 02 2" */
char *
kefu_search_tokens (const char *text)
{
  g_autoptr(GPtrArray) tokens = tokenize (text, FALSE);

  g_ptr_array_add (tokens, NULL);
  return g_strjoinv (" ", (char **) tokens->pdata);
}

/* An FTS5 MATCH expression for what a user typed, or NULL when it holds
 * nothing searchable. Words separated by spaces must all match. */
char *
kefu_search_match_expr (const char *query)
{
  g_auto(GStrv) parts = NULL;
  GString *expr = g_string_new (NULL);

  if (query == NULL)
    return NULL;
  parts = g_strsplit_set (query, " \t\u3000", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) tokens = tokenize (parts[i], TRUE);

      if (tokens->len == 0)
        continue;
      {
        const char *last = g_ptr_array_index (tokens, tokens->len - 1);
        /* A two-character CJK or digit token is a whole bigram, which the
         * index holds as it is: no prefix query (it would scan the term
         * range). A single character or a word may be the start of more. */
        gboolean whole = g_utf8_strlen (last, -1) == 2 && classify (g_utf8_get_char (last)) != CLASS_WORD;
        g_autofree char *phrase = NULL;

        g_ptr_array_add (tokens, NULL);
        phrase = g_strjoinv (" ", (char **) tokens->pdata);
        g_string_append_printf (expr, "%s\"%s\"%s", expr->len ? " AND " : "", phrase, whole ? "" : " *");
      }
    }
  if (expr->len == 0)
    {
      g_string_free (expr, TRUE);
      return NULL;
    }
  return g_string_free (expr, FALSE);
}

#define BODY_SQL \
  "SELECT t.id, t.number, t.location, t.description, coalesce(t.contact_name, ''), " \
  "coalesce(t.contact_phone, ''), coalesce(o.name, ''), coalesce(o.phone, ''), " \
  "coalesce((SELECT group_concat(e.body, ' ') FROM ticket_events e " \
  "          WHERE e.ticket_id = t.id AND e.kind IN ('note', 'call') AND e.body IS NOT NULL), '') " \
  "FROM tickets t LEFT JOIN owners o ON o.id = t.owner_id "

static char *
body_from_row (sqlite3_stmt *stmt)
{
  GString *text = g_string_new (NULL);

  for (int c = 1; c <= 8; c++)
    {
      const char *v = kefu_column_text (stmt, c);
      if (v != NULL && *v != '\0')
        g_string_append_printf (text, "%s\n", v);
    }
  {
    g_autofree char *plain = g_string_free (text, FALSE);
    return kefu_search_tokens (plain);
  }
}

static gboolean
write_row (KefuStore   *store,
           gint64       id,
           const char  *body,
           GError     **error)
{
  KEFU_AUTO_STMT *del = kefu_store_prepare (store, "DELETE FROM ticket_search WHERE rowid = ?", error);
  KEFU_AUTO_STMT *ins = NULL;

  if (del == NULL)
    return FALSE;
  sqlite3_bind_int64 (del, 1, id);
  if (sqlite3_step (del) != SQLITE_DONE)
    goto fail;
  if (body == NULL)
    return TRUE;
  ins = kefu_store_prepare (store, "INSERT INTO ticket_search (rowid, body) VALUES (?, ?)", error);
  if (ins == NULL)
    return FALSE;
  sqlite3_bind_int64 (ins, 1, id);
  sqlite3_bind_text (ins, 2, body, -1, SQLITE_STATIC);
  if (sqlite3_step (ins) != SQLITE_DONE)
    goto fail;
  return TRUE;

fail:
  kefu_store_set_error (store, sqlite3_errcode (kefu_store_get_db (store)), error);
  return FALSE;
}

/* Brings one ticket's index row up to date; call inside the transaction
 * that changed the ticket, its owner or its notes. */
gboolean
kefu_search_index_ticket (KefuStore  *store,
                          gint64      ticket_id,
                          GError    **error)
{
  KEFU_AUTO_STMT *stmt = kefu_store_prepare (store, BODY_SQL "WHERE t.id = ?", error);
  g_autofree char *body = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    body = body_from_row (stmt);
  else if (rc != SQLITE_DONE)
    {
      kefu_store_set_error (store, rc, error);
      return FALSE;
    }
  return write_row (store, ticket_id, body, error);
}

/* Rebuilds the whole index (after a migration or a bulk load), in the
 * caller's transaction if there is one. */
gboolean
kefu_search_rebuild (KefuStore  *store,
                     GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  KEFU_AUTO_STMT *ins = NULL;
  int rc;

  if (!kefu_store_exec (store, "DELETE FROM ticket_search", error))
    return FALSE;
  ins = kefu_store_prepare (store, "INSERT INTO ticket_search (rowid, body) VALUES (?, ?)", error);
  if (ins == NULL)
    return FALSE;
  rc = sqlite3_prepare_v2 (kefu_store_get_db (store), BODY_SQL, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *body = body_from_row (stmt);

      sqlite3_bind_int64 (ins, 1, sqlite3_column_int64 (stmt, 0));
      sqlite3_bind_text (ins, 2, body, -1, SQLITE_STATIC);
      if (sqlite3_step (ins) != SQLITE_DONE)
        {
          rc = sqlite3_errcode (kefu_store_get_db (store));
          break;
        }
      sqlite3_reset (ins);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      kefu_store_set_error (store, rc, error);
      return FALSE;
    }
  return TRUE;
}
