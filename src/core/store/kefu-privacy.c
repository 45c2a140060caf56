/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-privacy.c — masking, CSV injection, owners' erasure (see kefu-privacy.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-privacy.h"
#include "kefu-search.h"
#include "kefu-query.h"
#include "kefu-store-private.h"
#include "kefu-auth.h"
#include "kefu-user.h"

/* Masking ------------------------------------------------------------------ */

char *
kefu_mask_name (const char *name)
{
  GString *s;
  glong n;

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    return g_strdup ("");
  n = g_utf8_strlen (name, -1);
  s = g_string_new (NULL);
  g_string_append_len (s, name, g_utf8_next_char (name) - name);
  for (glong i = 1; i < MAX (n, 2); i++)
    g_string_append_c (s, '*');
  return g_string_free (s, FALSE);
}

static GRegex *
mobile_regex (void)
{
  static gsize once;
  static GRegex *regex;

  if (g_once_init_enter (&once))
    {
      regex = g_regex_new ("(?<![0-9A-Za-z])(1[3-9][0-9])[- ]?([0-9]{4})[- ]?([0-9]{4})(?![0-9A-Za-z])",
                           G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&once, 1);
    }
  return regex;
}

static gboolean
mask_match (const GMatchInfo *info,
            GString          *out,
            gpointer          user_data)
{
  g_autofree char *head = g_match_info_fetch (info, 1);
  g_autofree char *tail = g_match_info_fetch (info, 3);

  g_string_append_printf (out, "%s****%s", head, tail);
  return FALSE;
}

char *
kefu_mask_phones_in_text (const char *text)
{
  guint digits = 0;

  if (text == NULL)
    return NULL;
  /* most text has no phone number: no regex for it */
  for (const char *p = text; *p != '\0' && digits < 11; p++)
    if (g_ascii_isdigit (*p))
      digits++;
  if (digits < 11)
    return g_strdup (text);
  return g_regex_replace_eval (mobile_regex (), text, -1, 0, 0, mask_match, NULL, NULL);
}

/* CSV injection ------------------------------------------------------------ */

static gboolean
formula_start (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

gboolean
kefu_csv_needs_apostrophe (const char *text)
{
  if (text == NULL)
    return FALSE;
  while (*text == '\'')
    text++;
  return formula_start (*text);
}

gboolean
kefu_csv_has_apostrophe (const char *field)
{
  return field != NULL && *field == '\'' && kefu_csv_needs_apostrophe (field + 1);
}

/* Erasure ------------------------------------------------------------------ */

static gboolean
run (KefuStore   *store,
     GError     **error,
     gint64      *changes,
     const char  *sql,
     const char  *types,
     ...)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);
  va_list args;

  if (stmt == NULL)
    return FALSE;
  va_start (args, types);
  for (int i = 0; types[i] != '\0'; i++)
    {
      if (types[i] == 'x')
        kefu_query_bind_int (stmt, i + 1, va_arg (args, gint64));
      else
        {
          const char *text = va_arg (args, const char *);
          if (text != NULL)
            kefu_query_bind_text (stmt, i + 1, text);
          else
            kefu_query_bind_null (stmt, i + 1);
        }
    }
  va_end (args);
  if (!kefu_query_run (store, stmt, error))
    return FALSE;
  if (changes != NULL)
    *changes += kefu_query_changes (store);
  return TRUE;
}

gboolean
kefu_owner_is_erased (KefuStore *store,
                      gint64     owner_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT 1 FROM owner_erasures WHERE owner_id = ?1 AND state = 'done'", NULL);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, owner_id);
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW;
}

/* The forms a phone number is written in: 13812345678, 138-1234-5678,
 * 138 1234 5678 (the digits only, for other lengths). */
static GPtrArray *
phone_forms (const char *phone)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func (g_free);
  GString *digits = g_string_new (NULL);

  for (const char *p = phone != NULL ? phone : ""; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (digits->len >= 5)
    {
      const char *d = digits->str;

      g_ptr_array_add (forms, g_strdup (d));
      if (digits->len == 11)
        {
          g_ptr_array_add (forms, g_strdup_printf ("%.3s-%.4s-%.4s", d, d + 3, d + 7));
          g_ptr_array_add (forms, g_strdup_printf ("%.3s %.4s %.4s", d, d + 3, d + 7));
        }
      if (phone != NULL && !g_str_equal (phone, d))
        g_ptr_array_add (forms, g_strdup (phone));
    }
  g_string_free (digits, TRUE);
  return forms;
}

/* Replaces @term by @marker in the texts of the tickets in temp.erase_ids
 * (only those of the owner when @own_only). */
static gboolean
rewrite_texts (KefuStore   *store,
               const char  *term,
               const char  *marker,
               gboolean     own_only,
               gint64      *texts,
               GError     **error)
{
  static const char *const columns[] = { "description", "followup_comment", "hold_reason", "cancel_reason",
                                         "work_done", "materials" };

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      g_autofree char *sql = g_strdup_printf (
          "UPDATE tickets SET %s = replace(%s, ?1, ?2) "
          "WHERE id IN (SELECT id FROM temp.erase_ids WHERE own OR NOT ?3) AND instr(%s, ?1) > 0",
          columns[c], columns[c], columns[c]);

      if (!run (store, error, texts, sql, "ssx", term, marker, (gint64) own_only))
        return FALSE;
    }
  return run (store, error, texts,
              "UPDATE ticket_events SET body = replace(body, ?1, ?2) "
              "WHERE ticket_id IN (SELECT id FROM temp.erase_ids WHERE own OR NOT ?3) AND instr(body, ?1) > 0",
              "ssx", term, marker, (gint64) own_only);
}

/* The tickets the search index finds for @text, into temp.erase_ids. */
static gboolean
add_found (KefuStore   *store,
           const char  *text,
           GError     **error)
{
  g_autofree char *expr = kefu_search_match_expr (text);

  if (expr == NULL)
    return TRUE;
  return run (store, error, NULL,
              "INSERT OR IGNORE INTO temp.erase_ids (id, own) SELECT rowid, 0 FROM ticket_search WHERE ticket_search MATCH ?1",
              "s", expr);
}

static gboolean
erase (KefuStore          *store,
       gint64              owner_id,
       const char         *name,
       const char         *phone,
       KefuErasureReport  *report,
       GError            **error)
{
  g_autoptr(GPtrArray) forms = phone_forms (phone);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *marker = _("[erased]");
  g_autofree char *detail = NULL;
  gint64 actor = kefu_store_get_actor (store);
  KEFU_AUTO_QUERY *stmt = NULL;
  KefuQueryStep step;

  if (!run (store, error, NULL, "UPDATE owner_erasures SET state = 'running' WHERE id = ?1", "x", report->erasure_id) ||
      !kefu_store_exec (store, "CREATE TEMP TABLE IF NOT EXISTS erase_ids (id INTEGER PRIMARY KEY, own INTEGER NOT NULL);"
                               "DELETE FROM temp.erase_ids", error))
    return FALSE;

  /* the owner's tickets, and those that copied their phone */
  if (!run (store, error, NULL,
            "INSERT OR IGNORE INTO temp.erase_ids (id, own) "
            "SELECT id, 1 FROM tickets WHERE owner_id = ?1 OR (?2 IS NOT NULL AND contact_phone = ?2)",
            "xs", owner_id, phone))
    return FALSE;
  for (guint i = 0; i < forms->len; i++)
    if (!add_found (store, forms->pdata[i], error))
      return FALSE;

  /* their name in their own tickets' texts (a one-character name would
   * take characters out of other words); their phone wherever it is */
  if (name != NULL && g_utf8_strlen (name, -1) >= 2 &&
      !rewrite_texts (store, name, marker, TRUE, &report->texts, error))
    return FALSE;
  for (guint i = 0; i < forms->len; i++)
    if (!rewrite_texts (store, forms->pdata[i], marker, FALSE, &report->texts, error))
      return FALSE;

  if (!run (store, error, NULL,
            "UPDATE tickets SET contact_name = NULL, contact_phone = NULL "
            "WHERE id IN (SELECT id FROM temp.erase_ids WHERE own)", "") ||
      !run (store, error, &report->attachments,
            "DELETE FROM ticket_attachments WHERE ticket_id IN (SELECT id FROM temp.erase_ids WHERE own)", "") ||
      !run (store, error, NULL,
            "UPDATE owners SET name = ?1, phone = NULL, note = NULL, preferred_channel = NULL, "
            "name_pinyin = NULL, name_initials = NULL WHERE id = ?2",
            "sx", _("Erased owner"), owner_id) ||
      !run (store, error, NULL, "DELETE FROM owner_tags WHERE owner_id = ?1", "x", owner_id) ||
      !run (store, error, NULL, "DELETE FROM owner_units WHERE owner_id = ?1", "x", owner_id))
    return FALSE;

  /* the search index: each ticket's row rewritten from what is left */
  stmt = kefu_query_prepare (store, "SELECT id, own FROM temp.erase_ids ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((step = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);

      g_array_append_val (ids, id);
      if (kefu_query_get_int (stmt, 1) != 0)
        report->tickets++;
    }
  if (step == KEFU_QUERY_FAILED)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!kefu_search_index_ticket (store, g_array_index (ids, gint64, i), error))
      return FALSE;

  detail = g_strdup_printf ("erasure=%" G_GINT64_FORMAT " tickets=%" G_GINT64_FORMAT " texts=%" G_GINT64_FORMAT
                            " attachments=%" G_GINT64_FORMAT,
                            report->erasure_id, report->tickets, report->texts, report->attachments);
  return run (store, error, NULL,
              "UPDATE owner_erasures SET state = 'done', completed_at = ?1 WHERE id = ?2",
              "xx", kefu_store_now (store), report->erasure_id) &&
         kefu_store_exec (store, "DELETE FROM temp.erase_ids", error) &&
         kefu_audit_append (store, actor, "erase_owner_done", "owners", owner_id, detail, error);
}

/* On a server, as in a file: the request first, committed on its own
 * (kefu_erase_owner_request(), server migration 49: the server's checks,
 * clock and audit entry), so that it stays recorded whatever happens
 * next; then kefu_erase_owner() carries out that request as the file's
 * erase() does, and the desk writes the search index rows of the tickets
 * it touched, which the function emptied (the tokenizer is the desk's),
 * in the same transaction. No secure_delete there: the README says what
 * the operator does (VACUUM). */
static gboolean
erase_on_server (KefuStore          *store,
                 gint64              owner_id,
                 KefuErasureReport  *report,
                 GError            **error)
{
  g_autoptr(KefuTransaction) request = kefu_transaction_begin (store, error);
  g_autoptr(KefuTransaction) tx = NULL;
  g_auto(GStrv) ids = NULL;

  if (request == NULL)
    return FALSE;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT kefu_erase_owner_request(?1)", error);

    if (stmt == NULL)
      return FALSE;
    kefu_query_bind_int (stmt, 1, owner_id);
    if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND,
                              _("There is no owner %lld."), (long long) owner_id))
      return FALSE;
    report->erasure_id = kefu_query_get_int (stmt, 0);
  }
  if (!kefu_transaction_commit (request, error))
    return FALSE;

  if ((tx = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
        "SELECT erasure_id, tickets, texts, attachments, array_to_string(ticket_ids, ' ') "
        "FROM kefu_erase_owner(?1, ?2, ?3, ?4)", error);

    if (stmt == NULL)
      return FALSE;
    kefu_query_bind_int (stmt, 1, owner_id);
    kefu_query_bind_text (stmt, 2, _("[erased]"));
    kefu_query_bind_text (stmt, 3, _("Erased owner"));
    kefu_query_bind_int (stmt, 4, report->erasure_id);
    if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND,
                              _("There is no owner %lld."), (long long) owner_id))
      return FALSE;
    report->tickets = kefu_query_get_int (stmt, 1);
    report->texts = kefu_query_get_int (stmt, 2);
    report->attachments = kefu_query_get_int (stmt, 3);
    ids = g_strsplit (kefu_query_get_text (stmt, 4) != NULL ? kefu_query_get_text (stmt, 4) : "", " ", -1);
  }
  for (guint i = 0; ids[i] != NULL; i++)
    if (*ids[i] != '\0' &&
        !kefu_search_index_ticket (store, g_ascii_strtoll (ids[i], NULL, 10), error))
      return FALSE;
  return kefu_transaction_commit (tx, error);
}

/**
 * kefu_owner_erase:
 *
 * Carries out an owner's erasure request for the acting user (managers and
 * administrators). The request is committed and audited first; the
 * erasure is one transaction. Deleted content is overwritten in the file
 * (secure_delete), the search index is merged so no old segment keeps the
 * owner's tokens, and the WAL is checkpointed. Backups taken before keep
 * the data until they age out (see the README). On a server the same:
 * kefu_erase_owner_request() records the request, committed on its own,
 * then kefu_erase_owner() carries it out (server migration 49).
 */
gboolean
kefu_owner_erase (KefuStore          *store,
                  gint64              owner_id,
                  KefuErasureReport  *report,
                  GError            **error)
{
  KefuErasureReport local = { 0 };
  gint64 actor = kefu_store_get_actor (store);
  g_autofree char *name = NULL, *phone = NULL, *detail = NULL;
  g_autoptr(KefuTransaction) request = NULL;
  g_autoptr(KefuTransaction) erasure = NULL;
  gboolean ok;

  if (report == NULL)
    report = &local;
  memset (report, 0, sizeof *report);
  if (!kefu_auth_require (store, KEFU_PERMISSION_ERASE_OWNER, error))
    return FALSE;
  if (kefu_store_is_server (store))
    return erase_on_server (store, owner_id, report, error);
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT name, phone FROM owners WHERE id = ?1", error);

    if (stmt == NULL)
      return FALSE;
    kefu_query_bind_int (stmt, 1, owner_id);
    if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND,
                              _("There is no owner %lld."), (long long) owner_id))
      return FALSE;
    name = g_strdup (kefu_query_get_text (stmt, 0));
    phone = g_strdup (kefu_query_get_text (stmt, 1));
  }
  if (kefu_owner_is_erased (store, owner_id))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("Owner %lld was erased already."), (long long) owner_id);
      return FALSE;
    }

  /* the request, on its own: it stays recorded whatever happens next */
  if ((request = kefu_transaction_begin (store, error)) == NULL)
    return FALSE;
  if (!run (store, error, NULL,
            "INSERT INTO owner_erasures (owner_id, requested_at, requested_by, state) VALUES (?1, ?2, ?3, 'requested')",
            "xxx", owner_id, kefu_store_now (store), actor))
    return FALSE;
  report->erasure_id = kefu_query_last_id (store);
  detail = g_strdup_printf ("erasure=%" G_GINT64_FORMAT, report->erasure_id);
  if (!kefu_audit_append (store, actor, "erase_owner_request", "owners", owner_id, detail, error) ||
      !kefu_transaction_commit (request, error))
    return FALSE;

  /* SQLite's own: overwrite what is deleted, merge the index, checkpoint
   * (each best effort, as before: a failure here loses nothing) */
  kefu_store_exec (store, "PRAGMA secure_delete = ON", NULL);
  erasure = kefu_transaction_begin (store, error);
  ok = erasure != NULL &&
       erase (store, owner_id, name, phone, report, error) &&
       kefu_transaction_commit (erasure, error);
  g_clear_pointer (&erasure, kefu_transaction_free);   /* rolled back unless committed */
  if (ok)
    {
      /* merge the index's segments: the old ones still hold the tokens of
       * what was rewritten; then checkpoint, so the WAL keeps no old page */
      kefu_store_exec (store, "INSERT INTO ticket_search (ticket_search) VALUES ('optimize')", NULL);
      kefu_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
    }
  kefu_store_exec (store, "PRAGMA secure_delete = OFF", NULL);
  return ok;
}
