/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-enums.c — the domain's code lists and their display names */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "kefu-enums.h"

static const KefuCode channels[] = {
  { "phone", N_("Phone") },
  { "wechat", N_("WeChat") },
  { "app", N_("App") },
  { "walk_in", N_("Walk-in") },
  { "patrol", N_("Patrol") },
};

static const KefuCode kinds[] = {
  { "repair", N_("Repair") },
  { "complaint", N_("Complaint") },
  { "inquiry", N_("Inquiry") },
  { "suggestion", N_("Suggestion") },
  { "praise", N_("Praise") },
  { "assistance", N_("Assistance") },
};

static const KefuCode subtypes[] = {
  { "plumbing_electrical", N_("Plumbing & electrical") },
  { "elevator", N_("Elevator") },
  { "doors_windows", N_("Doors & windows") },
  { "common_facilities", N_("Common facilities") },
  { "fire", N_("Fire equipment") },
  { "environment", N_("Cleaning & landscaping") },
  { "security", N_("Security & parking") },
  { "noise", N_("Noise & neighbours") },
  { "fees", N_("Fees & billing") },
  { "service", N_("Service attitude") },
  { "other", N_("Other") },
};

static const KefuCode statuses[] = {
  { "new", N_("New") },
  { "dispatched", N_("Dispatched") },
  { "accepted", N_("Accepted") },
  { "on_site", N_("On site") },
  { "resolved", N_("Awaiting follow-up") },
  { "closed", N_("Closed") },
  { "on_hold", N_("On hold") },
  { "reopened", N_("Reopened") },
  { "cancelled", N_("Cancelled") },
};

static const KefuCode roles[] = {
  { "agent", N_("Service agent") },
  { "dispatcher", N_("Dispatcher") },
  { "supervisor", N_("Supervisor") },
  { "trainer", N_("Trainer") },
  { "manager", N_("Manager") },
  { "admin", N_("Administrator") },
};

static const KefuCode events[] = {
  { "created", N_("Created") },
  { "status", N_("Status changed") },
  { "note", N_("Note") },
  { "call", N_("Call") },
  { "assign", N_("Assigned") },
  { "verify", N_("Five facts verified") },
  { "followup", N_("Follow-up call") },
  { "link", N_("Linked") },
  { "sla", N_("Service-level alert") },
  { "escalation", N_("Escalated") },
  { "ack", N_("Acknowledged") },
  { "edit", N_("Edited") },
};

static const KefuCode modules[] = {
  { "etiquette", N_("Service etiquette") },
  { "communication", N_("Communication skills") },
  { "digital_tools", N_("Digital tools") },
  { "engineering", N_("Engineering basics") },
  { "law", N_("Law in practice") },
  { "emergency", N_("Emergency handling") },
  { "team_management", N_("Team management") },
  { "data_analysis", N_("Data analysis") },
  { "value_added", N_("Value-added services") },
};

static const KefuCode question_types[] = {
  { "single_choice", N_("Single choice") },
  { "multiple_choice", N_("Multiple choice") },
  { "true_false", N_("True or false") },
  { "short_answer", N_("Short answer") },
  { "case_analysis", N_("Case analysis") },
  { "written", N_("Written answer") },
};

static const KefuCode levels[] = {
  { "1", N_("Level 1 · emergency") },
  { "2", N_("Level 2 · urgent") },
  { "3", N_("Level 3 · ordinary") },
};

#define LIST(a) { a, G_N_ELEMENTS (a) }
static const struct { const KefuCode *codes; guint n; } lists[KEFU_N_CODE_LISTS] = {
  [KEFU_CODES_CHANNEL] = LIST (channels),
  [KEFU_CODES_KIND] = LIST (kinds),
  [KEFU_CODES_SUBTYPE] = LIST (subtypes),
  [KEFU_CODES_STATUS] = LIST (statuses),
  [KEFU_CODES_ROLE] = LIST (roles),
  [KEFU_CODES_EVENT] = LIST (events),
  [KEFU_CODES_MODULE] = LIST (modules),
  [KEFU_CODES_QUESTION_TYPE] = LIST (question_types),
  [KEFU_CODES_LEVEL] = LIST (levels),
};
#undef LIST

const KefuCode *
kefu_codes (KefuCodeList  list,
            guint        *n_codes)
{
  g_return_val_if_fail (list < KEFU_N_CODE_LISTS, NULL);
  if (n_codes != NULL)
    *n_codes = lists[list].n;
  return lists[list].codes;
}

static const KefuCode *
find_code (KefuCodeList  list,
           const char   *code)
{
  guint n;
  const KefuCode *codes = kefu_codes (list, &n);

  if (code == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (codes[i].code, code))
      return &codes[i];
  return NULL;
}

gboolean
kefu_code_is_valid (KefuCodeList  list,
                    const char   *code)
{
  return find_code (list, code) != NULL;
}

/* The translated label, or the code itself when it is not in the list
 * (a value written by a newer version stays readable). */
const char *
kefu_code_label (KefuCodeList  list,
                 const char   *code)
{
  const KefuCode *c = find_code (list, code);

  if (c == NULL)
    return code != NULL ? code : "";
  return _(c->label);
}

/* "'a','b','c'" — for the CHECK constraints of the schema */
char *
kefu_codes_sql_list (KefuCodeList list)
{
  GString *s = g_string_new (NULL);
  guint n;
  const KefuCode *codes = kefu_codes (list, &n);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s'%s'", i ? "," : "", codes[i].code);
  return g_string_free (s, FALSE);
}

gboolean
kefu_status_is_open (const char *status)
{
  return status != NULL &&
         !g_str_equal (status, "closed") &&
         !g_str_equal (status, "cancelled") &&
         !g_str_equal (status, "resolved");
}

/* 13812345678 → 138****5678; shorter numbers keep their last four digits */
char *
kefu_mask_phone (const char *phone)
{
  gsize len;

  if (phone == NULL || *phone == '\0')
    return g_strdup ("");
  len = strlen (phone);
  if (len >= 11)
    return g_strdup_printf ("%.3s****%s", phone, phone + len - 4);
  if (len > 4)
    {
      GString *s = g_string_new (NULL);
      for (gsize i = 0; i < len - 4; i++)
        g_string_append_c (s, '*');
      g_string_append (s, phone + len - 4);
      return g_string_free (s, FALSE);
    }
  return g_strdup ("****");
}

/* The local time zone, kept: GLib 2.74's g_time_zone_new_local() (and so
 * g_date_time_to_local()) reads /etc/localtime again on every call when
 * TZ is not set (about 40 µs against 2 for the rest of a formatted time,
 * once per row of the ticket list while it scrolls). Made again when TZ
 * changes, as GLib's own cache is meant to be. */
static GTimeZone *
local_zone (void)
{
  static GMutex lock;
  static GTimeZone *zone;
  static char *zone_tz;
  const char *tz = g_getenv ("TZ");
  GTimeZone *result;

  g_mutex_lock (&lock);
  if (zone == NULL || g_strcmp0 (zone_tz, tz) != 0)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      g_free (zone_tz);
      zone = g_time_zone_new_local ();
      zone_tz = g_strdup (tz);
    }
  result = g_time_zone_ref (zone);
  g_mutex_unlock (&lock);
  return result;
}

/* Timestamps are stored as Unix seconds (UTC) and shown in local time. */
char *
kefu_format_time (gint64      unix_utc,
                  const char *format)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  if (unix_utc <= 0)
    return g_strdup ("");
  utc = g_date_time_new_from_unix_utc (unix_utc);
  if (utc == NULL)
    return g_strdup ("");
  zone = local_zone ();
  local = g_date_time_to_timezone (utc, zone);
  return g_date_time_format (local, format != NULL ? format : "%Y-%m-%d %H:%M");
}

/* Binds the gettext domain; the build tree's catalogue wins when
 * KEFU_LOCALEDIR is set (running from _build without installing). */
const char *
kefu_i18n_init (void)
{
  static const char *dir = NULL;

  if (dir == NULL)
    {
      const char *env = g_getenv ("KEFU_LOCALEDIR");

      if (env != NULL && *env != '\0')
        dir = g_intern_string (env);
      else if (g_file_test (BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR) &&
               !g_file_test (LOCALEDIR "/zh_CN/LC_MESSAGES/" GETTEXT_PACKAGE ".mo", G_FILE_TEST_EXISTS))
        dir = BUILD_LOCALEDIR;
      else
        dir = LOCALEDIR;
      bindtextdomain (GETTEXT_PACKAGE, dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    }
  return dir;
}

/* @text as a JSON string, quoted and escaped (UTF-8 passes through). */
void
kefu_json_append_string (GString    *out,
                         const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* The roles' names as Chinese service centers write them (po/zh_CN.po). */
static const struct { const char *code, *chinese; } role_chinese[] = {
  { "agent", "客服专员" }, { "dispatcher", "调度员" }, { "supervisor", "客服主管" },
  { "trainer", "培训师" }, { "manager", "项目经理" }, { "admin", "管理员" },
};

char *
kefu_role_with_title (const char *role,
                      const char *title)
{
  const char *label = kefu_code_label (KEFU_CODES_ROLE, role);

  if (title == NULL || *title == '\0' || g_strcmp0 (title, label) == 0)
    return g_strdup (label);
  for (guint i = 0; i < G_N_ELEMENTS (role_chinese); i++)
    if (g_strcmp0 (role, role_chinese[i].code) == 0 && g_strcmp0 (title, role_chinese[i].chinese) == 0)
      return g_strdup (label);
  /* Translators: role · job title, e.g. "Service agent · Senior agent" */
  return g_strdup_printf (_("%s · %s"), label, title);
}
