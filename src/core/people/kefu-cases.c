/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cases.c — the case library, and a ticket made an anonymised case
 * (see kefu-cases.h) */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-cases.h"
#include "kefu-enums.h"
#include "kefu-query.h"

static const struct { const char *code; const char *label; } types[KEFU_N_CASE_TYPES] = {
  [KEFU_CASE_PUBLIC_OPINION] = { "public_opinion", N_("Public opinion") },
  [KEFU_CASE_LEGAL] = { "legal", N_("Legal") },
  [KEFU_CASE_OPERATIONAL] = { "operational", N_("Operational") },
  [KEFU_CASE_SERVICE] = { "service", N_("Service") },
};

static const struct { const char *code; const char *label; } risks[KEFU_N_RISKS] = {
  [KEFU_RISK_RED] = { "red", N_("Red") },
  [KEFU_RISK_YELLOW] = { "yellow", N_("Yellow") },
  [KEFU_RISK_BLUE] = { "blue", N_("Blue") },
};

const char *kefu_case_type_code (KefuCaseType t) { g_return_val_if_fail (t < KEFU_N_CASE_TYPES, NULL); return types[t].code; }
const char *kefu_case_type_label (KefuCaseType t) { g_return_val_if_fail (t < KEFU_N_CASE_TYPES, NULL); return _(types[t].label); }
const char *kefu_risk_code (KefuRisk r) { g_return_val_if_fail (r < KEFU_N_RISKS, NULL); return risks[r].code; }
const char *kefu_risk_label (KefuRisk r) { g_return_val_if_fail (r < KEFU_N_RISKS, NULL); return _(risks[r].label); }

int
kefu_case_type_from_code (const char *code)
{
  for (int i = 0; code != NULL && i < KEFU_N_CASE_TYPES; i++)
    if (g_str_equal (types[i].code, code))
      return i;
  return -1;
}

int
kefu_risk_from_code (const char *code)
{
  for (int i = 0; code != NULL && i < KEFU_N_RISKS; i++)
    if (g_str_equal (risks[i].code, code))
      return i;
  return -1;
}

void
kefu_case_free (KefuCase *c)
{
  if (c == NULL)
    return;
  g_free (c->title);
  g_free (c->kind);
  g_free (c->subtype);
  g_free (c->happened);
  g_free (c->handling);
  g_free (c->result);
  g_free (c->lessons);
  g_free (c);
}

/* Phone numbers: mobiles (with +86, spaces or dashes), masked ones
 * (138****5678), landlines with their area code, and bare 7–8 digit
 * numbers. */
#define PHONE_PATTERN "(\\+?86[- ]?)?1[3-9][0-9]([- ]?[0-9]){8}|1[3-9][0-9]\\*{4}[0-9]{4}|0[0-9]{2,3}-[0-9]{7,8}" \
                      "|(?<![0-9])[0-9]{7,8}(?![0-9])"

static char *
replace_all (const char *text,
             const char *what,
             const char *with)
{
  g_auto(GStrv) parts = NULL;

  if (what == NULL || *what == '\0')
    return g_strdup (text);
  parts = g_strsplit (text, what, -1);
  return g_strjoinv (with, parts);
}

static int
by_length_desc (gconstpointer a,
                gconstpointer b)
{
  return (int) strlen (*(const char * const *) b) - (int) strlen (*(const char * const *) a);
}

/* Names written in free text, whoever's: a common surname and up to two
 * more characters before a polite form (李先生, 王建国师傅), or one to
 * three before 业主 (张海涛业主). Surnames that begin everyday words
 * before 业主 (单元业主, 全体业主) are left out of the list. */
#define SURNAMES "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈" \
                 "任姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
#define NAME_PATTERN "[" SURNAMES "]\\p{Han}{0,2}(?=先生|女士|小姐|阿姨|叔叔|大爷|大妈|师傅)" \
                     "|[" SURNAMES "]\\p{Han}{1,3}(?=业主)"
/* Units written in free text: 3栋502, 5号楼1单元1201室, 3#502, A座1201, 502室 */
#define UNIT_PATTERN "[0-9A-Za-z]{1,3}(栋|幢|号楼|座|#)([0-9]{1,2}单元)?[0-9]{2,4}(室|号)?" \
                     "|(?<![0-9])[0-9]{3,4}室"

char *
kefu_case_scrub (const char *text)
{
  g_autoptr(GRegex) phone = g_regex_new (PHONE_PATTERN, 0, 0, NULL);
  g_autoptr(GRegex) unit = g_regex_new (UNIT_PATTERN, 0, 0, NULL);
  g_autoptr(GRegex) name = g_regex_new (NAME_PATTERN, 0, 0, NULL);
  g_autofree char *no_phone = NULL, *no_unit = NULL;

  g_return_val_if_fail (phone != NULL && unit != NULL && name != NULL, NULL);
  if (text == NULL)
    return NULL;
  no_phone = g_regex_replace_literal (phone, text, -1, 0, "***", 0, NULL);
  no_unit = g_regex_replace_literal (unit, no_phone, -1, 0, "某单元", 0, NULL);
  return g_regex_replace_literal (name, no_unit, -1, 0, "某", 0, NULL);
}

char *
kefu_case_anonymize (const char          *text,
                     const char * const  *names,
                     const char * const  *places)
{
  static const char *const honorifics[] = { "先生", "女士", "小姐", "阿姨", "叔叔", "大爷", "大妈", "老师", "师傅" };
  g_autoptr(GRegex) phone = g_regex_new (PHONE_PATTERN, 0, 0, NULL);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;

  if (text == NULL)
    return NULL;
  out = g_regex_replace_literal (phone, text, -1, 0, "***", 0, NULL);
  /* longest first, so 3栋502 goes before 502 */
  for (guint i = 0; places != NULL && places[i] != NULL; i++)
    if (*places[i] != '\0')
      g_ptr_array_add (words, g_strdup (places[i]));
  g_ptr_array_sort (words, by_length_desc);
  for (guint i = 0; i < words->len; i++)
    {
      char *next = replace_all (out, words->pdata[i], "某单元");
      g_free (out);
      out = next;
    }
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      char *next;

      if (g_utf8_strlen (names[i], -1) < 2)
        continue;
      next = replace_all (out, names[i], "某业主");
      g_free (out);
      out = next;
      /* 张先生, 张女士…: the surname with a polite form */
      for (guint h = 0; h < G_N_ELEMENTS (honorifics); h++)
        {
          g_autofree char *surname = g_utf8_substring (names[i], 0, 1);
          g_autofree char *form = g_strconcat (surname, honorifics[h], NULL);

          next = replace_all (out, form, "某业主");
          g_free (out);
          out = next;
        }
    }
  /* then anyone else's name, unit or phone written in the text */
  return kefu_case_scrub (out);
}

static char *
dup_column (KefuQuery *stmt,
            int           col)
{
  return kefu_query_is_null (stmt, col) ? NULL : g_strdup (kefu_query_get_text (stmt, col));
}

KefuCase *
kefu_case_draft_from_ticket (KefuStore  *store,
                             gint64      ticket_id,
                             GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  KEFU_AUTO_QUERY *events = NULL;
  g_autoptr(KefuCase) c = g_new0 (KefuCase, 1);
  g_autofree char *description = NULL, *location = NULL, *contact = NULL, *owner = NULL, *unit = NULL;
  g_autofree char *building = NULL, *comment = NULL, *status = NULL;
  g_autoptr(GString) handling = g_string_new (NULL);
  g_autoptr(GString) result = g_string_new (NULL);
  int level, satisfaction, rc;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return NULL;
  stmt = kefu_query_prepare (store,
      "SELECT t.kind, t.subtype, t.level, t.description, t.location, t.contact_name, o.name, u.name, b.name, "
      "  t.followup_comment, t.status, coalesce(t.satisfaction, 0) "
      "FROM tickets t LEFT JOIN owners o ON o.id = t.owner_id LEFT JOIN units u ON u.id = t.unit_id "
      "LEFT JOIN buildings b ON b.id = coalesce(u.building_id, t.building_id) WHERE t.id = ?1", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, ticket_id);
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND, _("There is no ticket %lld."),
                            (long long) ticket_id))
    return NULL;
  c->kind = dup_column (stmt, 0);
  c->subtype = dup_column (stmt, 1);
  level = kefu_query_get_int (stmt, 2);
  description = dup_column (stmt, 3);
  location = dup_column (stmt, 4);
  contact = dup_column (stmt, 5);
  owner = dup_column (stmt, 6);
  unit = dup_column (stmt, 7);
  building = dup_column (stmt, 8);
  comment = dup_column (stmt, 9);
  status = dup_column (stmt, 10);
  satisfaction = kefu_query_get_int (stmt, 11);

  {
    g_autofree char *building_unit = building != NULL && unit != NULL ? g_strconcat (building, unit, NULL) : NULL;
    const char *names[] = { owner, contact, NULL };
    const char *places[] = { location != NULL ? location : "", building_unit != NULL ? building_unit : "",
                             unit != NULL ? unit : "", NULL };

    if (owner == NULL)
      names[0] = contact, names[1] = NULL;
    c->happened = kefu_case_anonymize (description, names, places);

    events = kefu_query_prepare (store,
        "SELECT at, kind, body FROM ticket_events WHERE ticket_id = ?1 AND kind IN ('note', 'call', 'followup') "
        "AND body IS NOT NULL AND body <> '' ORDER BY at, id", error);
    if (events == NULL)
      return NULL;
    kefu_query_bind_int (events, 1, ticket_id);
    while ((rc = kefu_query_step (store, events, error)) == KEFU_QUERY_ROW)
      {
        g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (kefu_query_get_int (events, 0));
        g_autofree char *day = g_date_time_format (at, "%Y-%m-%d %H:%M");
        g_autofree char *body = kefu_case_anonymize (kefu_query_get_text (events, 2), names, places);

        g_string_append_printf (handling, "%s%s %s", handling->len > 0 ? "\n" : "", day, body);
      }
    if (rc == KEFU_QUERY_FAILED)
      return NULL;
    g_string_append (result, kefu_code_label (KEFU_CODES_STATUS, status));
    if (satisfaction > 0)
      /* Translators: the owner's rating at the follow-up call, 1–5 */
      g_string_append_printf (result, _("; rated %d of 5"), satisfaction);
    if (comment != NULL && *comment != '\0')
      {
        g_autofree char *said = kefu_case_anonymize (comment, names, places);
        g_string_append_printf (result, "; %s", said);
      }
  }
  c->handling = g_string_free (g_steal_pointer (&handling), FALSE);
  c->result = g_string_free (g_steal_pointer (&result), FALSE);
  c->title = g_strdup_printf ("%s · %s", kefu_code_label (KEFU_CODES_KIND, c->kind),
                              c->subtype != NULL ? kefu_code_label (KEFU_CODES_SUBTYPE, c->subtype) : "—");
  c->type = g_strcmp0 (c->subtype, "fees") == 0 ? KEFU_CASE_LEGAL : KEFU_CASE_SERVICE;
  c->risk = level == 1 ? KEFU_RISK_RED : level == 2 ? KEFU_RISK_YELLOW : KEFU_RISK_BLUE;
  return g_steal_pointer (&c);
}

static gboolean
check_text (const char  *what,
            const char  *text,
            gboolean     required,
            GError     **error)
{
  g_autoptr(GRegex) phone = g_regex_new (PHONE_PATTERN, 0, 0, NULL);

  if (text == NULL || *text == '\0')
    {
      if (!required)
        return TRUE;
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("A case needs “%s”."), what);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > 20000)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A case’s “%s” is text of at most 20,000 characters."), what);
      return FALSE;
    }
  if (g_regex_match (phone, text, 0, NULL))
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                   _("A case’s “%s” holds something like a phone number: take it out before saving."), what);
      return FALSE;
    }
  return TRUE;
}

gint64
kefu_case_save (KefuStore       *store,
                const KefuCase  *c,
                GError         **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *detail = NULL;
  gint64 id;
  /* whatever was typed or edited: names, units and phones written in the
   * text are replaced before anything is saved */
  g_autofree char *title = kefu_case_scrub (c->title), *happened = kefu_case_scrub (c->happened);
  g_autofree char *handling = kefu_case_scrub (c->handling), *result = kefu_case_scrub (c->result);
  g_autofree char *lessons = kefu_case_scrub (c->lessons);
  KefuCase scrubbed = *c;

  scrubbed.title = title, scrubbed.happened = happened, scrubbed.handling = handling;
  scrubbed.result = result, scrubbed.lessons = lessons;
  c = &scrubbed;
  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) ||
      !check_text (_("Title"), c->title, TRUE, error) || !check_text (_("What happened"), c->happened, TRUE, error) ||
      !check_text (_("How it was handled"), c->handling, FALSE, error) ||
      !check_text (_("Result"), c->result, FALSE, error) || !check_text (_("Lessons"), c->lessons, FALSE, error))
    return 0;
  if (c->type >= KEFU_N_CASE_TYPES || c->risk >= KEFU_N_RISKS)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("A case needs a type and a risk grade."));
      return 0;
    }
  if (!kefu_store_begin (store, error))
    return 0;
  stmt = kefu_query_prepare (store,
      "INSERT INTO cases (title, type, risk, kind, subtype, happened, handling, result, lessons, created_by, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_text (stmt, 1, c->title);
  kefu_query_bind_text (stmt, 2, types[c->type].code);
  kefu_query_bind_text (stmt, 3, risks[c->risk].code);
  kefu_query_bind_text_or_null (stmt, 4, c->kind);
  kefu_query_bind_text_or_null (stmt, 5, c->subtype);
  kefu_query_bind_text (stmt, 6, c->happened);
  kefu_query_bind_text_or_null (stmt, 7, c->handling);
  kefu_query_bind_text_or_null (stmt, 8, c->result);
  kefu_query_bind_text_or_null (stmt, 9, c->lessons);
  kefu_query_bind_int (stmt, 10, kefu_store_get_actor (store));
  kefu_query_bind_int (stmt, 11, kefu_store_now (store));
  if (!kefu_query_run (store, stmt, error))
    goto fail;
  id = kefu_query_last_id (store);
  detail = g_strdup_printf ("type=%s risk=%s", types[c->type].code, risks[c->risk].code);
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "case_saved", "cases", id, detail, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  return id;

fail:
  kefu_store_rollback (store);
  return 0;
}

gboolean
kefu_case_link (KefuStore  *store,
                gint64      case_id,
                gint64      question_id,
                gint64      course_id,
                GError    **error)
{
  KEFU_AUTO_QUERY *stmt = NULL;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return FALSE;
  if ((question_id > 0) == (course_id > 0))
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("A case is linked to one question or one course at a time."));
      return FALSE;
    }
  if (!kefu_store_begin (store, error))
    return FALSE;
  stmt = kefu_query_prepare (store,
      "INSERT INTO case_links (case_id, question_id, course_id) "
      "SELECT CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS BIGINT) WHERE EXISTS (SELECT 1 FROM cases WHERE id = ?1) "
      "AND (?2 IS NULL OR EXISTS (SELECT 1 FROM questions WHERE id = ?2)) "
      "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM courses WHERE id = ?3))", error);
  if (stmt == NULL)
    goto fail;
  kefu_query_bind_int (stmt, 1, case_id);
  kefu_query_bind_id (stmt, 2, question_id);
  kefu_query_bind_id (stmt, 3, course_id);
  if (!kefu_query_run (store, stmt, error))
    goto fail;
  if (kefu_query_changes (store) == 0)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("There is no case %lld, or no such question or course."), (long long) case_id);
      goto fail;
    }
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "case_linked", "cases", case_id, NULL, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kefu_store_rollback (store);
  return FALSE;
}

GPtrArray *
kefu_case_list (KefuStore  *store,
                GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_case_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT id, title, type, risk, kind, subtype, happened, handling, result, lessons FROM cases "
      "ORDER BY CASE risk WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END, id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuCase *c = g_new0 (KefuCase, 1);
      int t = kefu_case_type_from_code (kefu_query_get_text (stmt, 2)), r = kefu_risk_from_code (kefu_query_get_text (stmt, 3));

      c->id = kefu_query_get_int (stmt, 0);
      c->title = dup_column (stmt, 1);
      c->type = t >= 0 ? t : KEFU_CASE_SERVICE;
      c->risk = r >= 0 ? r : KEFU_RISK_BLUE;
      c->kind = dup_column (stmt, 4);
      c->subtype = dup_column (stmt, 5);
      c->happened = dup_column (stmt, 6);
      c->handling = dup_column (stmt, 7);
      c->result = dup_column (stmt, 8);
      c->lessons = dup_column (stmt, 9);
      g_ptr_array_add (list, c);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}
