/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-ops.c — running a center on a PostgreSQL server (#20): the
 * one SLA checker under its own service role (kefu_sla_checker, `kefu-cli
 * server add-checker`, the advisory lock of `sla check --notify`), the
 * notices that reach each person at whichever desk they sign in, and a
 * desk that loses its server and reconnects by itself (on a cluster of
 * this test's own, stopped and started again). Skipped without the
 * throwaway cluster (tests/kefu-pg-cluster.sh). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-dispatch.h"
#include "kefu-batch.h"
#include "kefu-demo.h"
#include "kefu-sla.h"
#include "kefu-store-watch.h"
#include "kefu-ticket-list.h"
#include "kefu-test-engines.h"

#define PASSWORD "s3cret-Kefu-pw"

typedef struct {
  KefuTestDir  dir;
  KefuStore   *store;      /* the database's owner, who ran server init */
  char        *spec;
  gint64       building, owner;
} Fixture;

static gint64
at (const char *local)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi;

  g_assert_cmpint (sscanf (local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), ==, 5);
  dt = g_date_time_new (tz, y, mo, d, h, mi, 0);
  return g_date_time_to_unix (dt);
}

static gint64
scalar (KefuStore  *store,
        const char *sql)
{
  return kefu_test_store_scalar (store, sql);
}

static void
fill_sample (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { 20, 2, 0 };

  kefu_store_set_now (store, TEST_NOW);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A file holding the same sample as the fixture's server */
static char *
same_sample_file (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *path = kefu_test_path (&f->dir, "same-sample.db");
  g_autoptr(KefuStore) file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  fill_sample (file);
  return path;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  kefu_test_dir_setup (&f->dir, data);
  if (g_getenv ("KEFU_TEST_PG") == NULL || *g_getenv ("KEFU_TEST_PG") == '\0')
    return;
  f->store = kefu_test_engine_open (&f->dir, &kefu_test_on_server, fill_sample, &f->spec);
  f->building = scalar (f->store, "SELECT id FROM buildings WHERE name = '7栋'");
  f->owner = scalar (f->store, "SELECT owner_id FROM owner_units WHERE unit_id = (SELECT min(id) FROM units "
                               "WHERE building_id = (SELECT id FROM buildings WHERE name = '7栋'))");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  if (f->spec != NULL)
    kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  kefu_test_dir_teardown (&f->dir, data);
}

static gboolean
skipped (Fixture *f)
{
  if (f->store != NULL)
    return FALSE;
  g_test_skip ("no PostgreSQL test cluster: KEFU_TEST_PG is not set");
  return TRUE;
}

/* A level 2 burst pipe logged at @when by @agent: response due in 5
 * minutes (warning at 4) */
static gint64
log_ticket (Fixture    *f,
            gint64      agent,
            const char *when)
{
  KefuTicketDraft d = { "phone", "repair", "elevator", 2, f->building, 0, "电梯", f->owner, NULL, NULL,
                        "7栋地下室爆管跑水", 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  kefu_store_set_actor (f->store, agent);
  kefu_store_set_now (f->store, at (when));
  id = kefu_desk_create_ticket (f->store, &d, &error);
  g_assert_no_error (error);
  return id;
}

/* Role names belong to the whole cluster: each test's get names of their own */
static char *
role_name (const char *base)
{
  return g_strdup_printf ("%s_%d", base, (int) getpid ());
}

static char *
signed_in (const char *spec,
           const char *login)
{
  return g_strdup_printf ("%s user=%s password=%s", spec, login, PASSWORD);
}

/* A person made through kefu_create_person() (as the owner, a superuser
 * here): their users id */
static gint64
make_person (Fixture    *f,
             const char *login,
             const char *role)
{
  g_autofree char *sql = g_strdup_printf ("SELECT kefu_create_person('%s', '%s', '%s', '%s')", login, login, role,
                                          PASSWORD);

  return scalar (f->store, sql);
}

/* The SQLSTATE class of what @sql met as @engine: the error's kind */
static int
refused_kind (KefuEngine *engine,
              const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (kefu_engine_exec (engine, sql, &error));
  g_assert_nonnull (error);
  return error->code;
}

/* The checker's role: `server add-checker` makes it; it records the
 * clocks' notifications and can neither read phones nor write the audit
 * log, people or a ticket's work; a second checker at the same moment does
 * nothing, and nothing is recorded twice. */
static void
test_checker_role (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *checker = role_name ("kefu-sla");
  g_autofree char *checker_spec = NULL;
  g_autofree char *o = NULL, *e = NULL;
  g_autoptr(KefuStore) first = NULL;
  g_autoptr(KefuStore) second = NULL;
  g_autoptr(KefuEngine) raw = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) looked = NULL;
  gint64 agent, ticket, events, notes;
  gboolean taken = FALSE;

  if (skipped (f))
    return;
  agent = scalar (f->store, "SELECT id FROM users WHERE login = 'chenjing'");
  ticket = log_ticket (f, agent, "2025-01-24 17:55");

  /* made by an administrator (here the owner, a superuser), with a password */
  g_assert_cmpint (kefu_test_run_cli (NULL, PASSWORD "\n", &o, &e, "server", "add-checker", f->spec, checker,
                                      "--password", NULL), ==, 0);
  g_assert_cmpstr (e, ==, "");
  g_assert_nonnull (strstr (o, checker));
  checker_spec = signed_in (f->spec, checker);

  /* the checker records the clocks of every estate */
  first = kefu_store_open (checker_spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_sla_checker_lock (first, &taken, &error));
  g_assert_true (taken);
  /* a desk looked at 17:59 and found the warning new */
  kefu_store_set_now (f->store, at ("2025-01-24 17:59"));
  looked = kefu_sla_check (f->store, at ("2025-01-24 17:59"), FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (looked->len, ==, 1);
  kefu_store_set_now (first, at ("2025-01-24 17:59"));
  alerts = kefu_sla_notify (first, at ("2025-01-24 17:59"), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, ==, 1);
  g_assert_cmpint (((KefuSlaAlert *) alerts->pdata[0])->ticket_id, ==, ticket);
  g_assert_cmpint (((KefuSlaAlert *) alerts->pdata[0])->threshold, ==, KEFU_THRESHOLD_WARNING);
  /* the desk records what it found too, a moment late: nothing doubled */
  g_assert_true (kefu_sla_record (f->store, looked, at ("2025-01-24 17:59"), &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM ticket_events WHERE ticket_id = %" G_GINT64_FORMAT
                                            " AND kind = 'sla'", ticket);
    g_assert_cmpint (scalar (f->store, sql), ==, 1);
  }

  /* a second checker at the same time: it does not get the lock */
  second = kefu_store_open (checker_spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_sla_checker_lock (second, &taken, &error));
  g_assert_false (taken);
  /* nor does the timer's kefu-cli: it says so, records nothing, and
   * exits 0 (systemd sees no failure) */
  notes = scalar (f->store, "SELECT count(*) FROM sla_notifications");
  events = scalar (f->store, "SELECT count(*) FROM ticket_events WHERE kind IN ('sla', 'escalation')");
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "--db", checker_spec, "sla", "check", "--notify", NULL), ==, 0);
  g_assert_nonnull (strstr (e, "Another SLA checker is running"));
  g_assert_cmpstr (o, ==, "");
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM sla_notifications"), ==, notes);
  /* once the first lets go, the timer's run records what is due now
   * (the server's clock: every clock of that ticket is long late) */
  kefu_sla_checker_unlock (first);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "--db", checker_spec, "sla", "check", "--notify", NULL), ==, 0);
  g_assert_cmpstr (e, ==, "");
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM sla_notifications"), >, notes);
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM ticket_events WHERE kind IN ('sla', 'escalation')"), >, events);
  /* run again: nothing new, nothing doubled */
  notes = scalar (f->store, "SELECT count(*) FROM sla_notifications");
  events = scalar (f->store, "SELECT count(*) FROM ticket_events WHERE kind IN ('sla', 'escalation')");
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "--db", checker_spec, "sla", "check", "--notify", NULL), ==, 0);
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM sla_notifications"), ==, notes);
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM ticket_events WHERE kind IN ('sla', 'escalation')"), ==, events);
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM (SELECT ticket_id, clock, threshold FROM sla_notifications "
                                     "GROUP BY 1, 2, 3 HAVING count(*) > 1) d"), ==, 0);

  /* what the checker's credentials cannot do, in psql or anywhere */
  raw = kefu_engine_connect_pg (checker_spec, &error);
  g_assert_no_error (error);
  g_assert_cmpint (refused_kind (raw, "SELECT contact_phone FROM tickets LIMIT 1"), ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "SELECT phone FROM owners LIMIT 1"), ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "SELECT phone FROM owners_masked LIMIT 1"), ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "SELECT kefu_reveal_phone(1, 'audit')"), ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "INSERT INTO audit_log (id, at, action, hash) VALUES (999999, 0, 'forged', 'x')"),
                   ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "SELECT kefu_audit_append('forged')"), ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "SELECT count(*) FROM audit_log"), ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "UPDATE tickets SET status = 'closed'"), ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "UPDATE tickets SET description = 'x'"), ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "DELETE FROM sla_notifications"), ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "INSERT INTO users (login, name, role, created_at) VALUES ('x', 'x', 'admin', 0)"),
                   ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "SELECT kefu_create_checker('another_checker')"), ==, KEFU_STORE_ERROR_PERMISSION);
  g_assert_cmpint (refused_kind (raw, "SET ROLE kefu_admin"), ==, KEFU_STORE_ERROR_PERMISSION);
  /* the timeline events it wrote were audited by the server, by nobody's name */
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'ticket_sla' AND user_id IS NULL"),
                   >=, 1);
  /* adding it was audited; a person's name cannot be taken for a checker */
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM audit_log WHERE action = 'checker_added'"), ==, 1);
  g_clear_pointer (&o, g_free);
  g_clear_pointer (&e, g_free);
  {
    g_autofree char *person = role_name ("agent");

    make_person (f, person, "agent");
    g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o, &e, "server", "add-checker", f->spec, person, NULL), ==, 1);
    g_assert_nonnull (strstr (e, "is not an SLA checker"));
  }
}

/* A notice the checker recorded reaches the person it concerns at
 * whichever desk they sign in, once; not others it does not concern. */
static void
test_notices_follow_the_person (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *agent = role_name ("agent_n");
  g_autofree char *other = role_name ("other_n");
  g_autofree char *boss = role_name ("super_n");
  g_autofree char *agent_spec = NULL;
  g_autofree char *other_spec = NULL;
  g_autofree char *boss_spec = NULL;
  g_autoptr(KefuStore) desk_a = NULL;
  g_autoptr(KefuStore) desk_b = NULL;
  g_autoptr(KefuStore) desk_other = NULL;
  g_autoptr(KefuStore) desk_boss = NULL;
  g_autoptr(GPtrArray) told = NULL;
  g_autoptr(GPtrArray) at_a = NULL;
  g_autoptr(GPtrArray) at_b = NULL;
  g_autoptr(GPtrArray) not_hers = NULL;
  g_autoptr(GPtrArray) boss_sees = NULL;
  g_autoptr(GPtrArray) breach = NULL;
  gint64 agent_id, other_id, boss_id, ticket;

  if (skipped (f))
    return;
  agent_id = make_person (f, agent, "agent");
  other_id = make_person (f, other, "agent");
  boss_id = make_person (f, boss, "supervisor");
  ticket = log_ticket (f, agent_id, "2025-01-24 17:55");

  /* 17:59: the center's checker records the response warning */
  told = kefu_sla_notify (f->store, at ("2025-01-24 17:59"), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (told->len, ==, 1);

  /* 18:00 (before the breach is recorded): the agent signs in at desk A */
  agent_spec = signed_in (f->spec, agent);
  desk_a = kefu_store_open (agent_spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  at_a = kefu_sla_unseen (desk_a, agent_id, "agent", at ("2025-01-24 17:59"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_a->len, ==, 1);
  g_assert_cmpint (((KefuSlaAlert *) at_a->pdata[0])->ticket_id, ==, ticket);
  g_assert_cmpint (((KefuSlaAlert *) at_a->pdata[0])->threshold, ==, KEFU_THRESHOLD_WARNING);
  g_assert_true (kefu_sla_mark_seen (desk_a, agent_id, at_a, at ("2025-01-24 17:59"), &error));
  g_assert_no_error (error);
  /* she moves to desk B: told once already */
  desk_b = kefu_store_open (agent_spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  at_b = kefu_sla_unseen (desk_b, agent_id, "agent", at ("2025-01-24 17:59"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_b->len, ==, 0);
  /* another agent is not told of her warning; her supervisor is */
  other_spec = signed_in (f->spec, other);
  desk_other = kefu_store_open (other_spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  not_hers = kefu_sla_unseen (desk_other, other_id, "agent", at ("2025-01-24 17:59"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (not_hers->len, ==, 0);
  boss_spec = signed_in (f->spec, boss);
  desk_boss = kefu_store_open (boss_spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  boss_sees = kefu_sla_unseen (desk_boss, boss_id, "supervisor", at ("2025-01-24 17:59"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (boss_sees->len, ==, 1);

  /* 18:00 the breach is recorded: desk B tells her that, as the latest */
  g_clear_pointer (&told, g_ptr_array_unref);
  told = kefu_sla_notify (f->store, at ("2025-01-24 18:00"), NULL, NULL, &error);
  g_assert_no_error (error);
  breach = kefu_sla_unseen (desk_b, agent_id, "agent", at ("2025-01-24 18:00"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (breach->len, ==, 1);
  g_assert_cmpint (((KefuSlaAlert *) breach->pdata[0])->threshold, ==, KEFU_THRESHOLD_BREACH);
  g_assert_cmpint (((KefuSlaAlert *) breach->pdata[0])->clock, ==, KEFU_CLOCK_RESPONSE);
  g_assert_true (kefu_sla_mark_seen (desk_b, agent_id, breach, at ("2025-01-24 18:00"), &error));
  {
    g_autoptr(GPtrArray) again = kefu_sla_unseen (desk_a, agent_id, "agent", at ("2025-01-24 18:00"), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (again->len, ==, 0);
  }
  /* a level 2 breach is for every desk: the other agent is told it too */
  {
    g_autoptr(GPtrArray) urgent = kefu_sla_unseen (desk_other, other_id, "agent", at ("2025-01-24 18:00"), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (urgent->len, ==, 1);
  }
}

/* kefu-cli commands that only read through the query layer take a
 * server and print what they print for a file of the same sample; the
 * others still say they do not. */
/* A timeline event's audit entry is appended at its transaction's
 * commit (server migration 41), so a desk that has written an event and
 * not yet committed does not hold the audit chain's lock: another desk's
 * event goes through meanwhile. Before, the second desk waited on the
 * first's lock (here: refused when its lock_timeout ran out). The two
 * entries are on the chain afterwards, in commit order, and the chain
 * checks. */
static void
test_audit_lock_at_commit (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuEngine) a = NULL;
  g_autoptr(KefuEngine) b = NULL;
  gint64 ticket = 0, before = 0, after = 0, first = 0, second = 0, broken = 0;
  KefuAuditHead head = { 0 };

  if (skipped (f))
    return;
  a = kefu_engine_connect_pg (f->spec, &error);
  g_assert_no_error (error);
  b = kefu_engine_connect_pg (f->spec, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_engine_scalar (a, "SELECT min(id) FROM tickets", 0, &ticket, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ticket, >, 0);
  g_assert_true (kefu_engine_scalar (a, "SELECT count(*) FROM audit_log", 0, &before, &error));

  /* desk A writes an event and keeps its transaction open */
  g_assert_true (kefu_engine_begin (a, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_engine_exec (a, "INSERT INTO ticket_events (ticket_id, at, kind, body) "
                                      "SELECT min(id), 1800000000, 'note', 'desk A' FROM tickets", &error));
  g_assert_no_error (error);

  /* desk B's event and commit do not wait for A */
  g_assert_true (kefu_engine_begin (b, &error));
  g_assert_true (kefu_engine_exec (b, "SET LOCAL lock_timeout = '10s'", &error));
  g_assert_true (kefu_engine_exec (b, "INSERT INTO ticket_events (ticket_id, at, kind, body) "
                                      "SELECT min(id), 1800000001, 'note', 'desk B' FROM tickets", &error));
  g_assert_no_error (error);
  g_assert_true (kefu_engine_commit (b, &error));
  g_assert_no_error (error);

  /* B's entry is on the chain; A's is not, until A commits */
  g_assert_true (kefu_engine_scalar (b, "SELECT count(*) FROM audit_log", 0, &after, &error));
  g_assert_cmpint (after, ==, before + 1);
  g_assert_true (kefu_engine_commit (a, &error));
  g_assert_no_error (error);
  g_assert_true (kefu_engine_scalar (b, "SELECT count(*) FROM audit_log", 0, &after, &error));
  g_assert_cmpint (after, ==, before + 2);

  /* in commit order: B's event before A's */
  g_assert_true (kefu_engine_scalar (b, "SELECT a.id FROM audit_log a JOIN ticket_events e "
                                        "ON a.detail = 'event=' || e.id WHERE e.body = 'desk B'", 0, &first, &error));
  g_assert_true (kefu_engine_scalar (b, "SELECT a.id FROM audit_log a JOIN ticket_events e "
                                        "ON a.detail = 'event=' || e.id WHERE e.body = 'desk A'", 0, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (second, ==, first + 1);

  /* a transaction taken back leaves no entry */
  g_assert_true (kefu_engine_begin (a, &error));
  g_assert_true (kefu_engine_exec (a, "INSERT INTO ticket_events (ticket_id, at, kind, body) "
                                      "SELECT min(id), 1800000002, 'note', 'taken back' FROM tickets", &error));
  g_assert_no_error (error);
  kefu_engine_rollback (a);
  g_assert_true (kefu_engine_scalar (b, "SELECT count(*) FROM audit_log", 0, &after, &error));
  g_assert_cmpint (after, ==, before + 2);

  /* and the chain holds */
  g_assert_true (kefu_audit_verify (f->store, NULL, &head, &broken, &error));
  g_assert_no_error (error);
  g_assert_cmpint (broken, ==, 0);
  g_assert_cmpint (head.entries, ==, before + 2);

  /* an entry forged behind the functions' back (the owner writing the
   * table itself) is found by the same check */
  {
    gint64 forged = head.last_id + 1;
    g_autofree char *forge = g_strdup_printf ("INSERT INTO audit_log (id, at, action, hash) VALUES (%" G_GINT64_FORMAT
                                              ", 1800000003, 'forged', repeat ('0', 64))", forged);

    g_assert_true (kefu_engine_exec (a, forge, &error));
    g_assert_no_error (error);
    g_assert_false (kefu_audit_verify (f->store, NULL, &head, &broken, &error));
    g_assert_error (error, KEFU_AUDIT_ERROR, KEFU_AUDIT_ERROR_BROKEN);
    g_assert_cmpint (broken, ==, forged);
  }
}

static void
test_cli_on_server (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL;

  if (skipped (f))
    return;
  path = same_sample_file (f);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o1, &e1, "--db", path, "dispatch", "rules", NULL), ==, 0);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o2, &e2, "--db", f->spec, "dispatch", "rules", NULL), ==, 0);
  g_assert_cmpstr (e2, ==, "");
  g_assert_cmpstr (o2, !=, "");
  g_assert_cmpstr (o2, ==, o1);
  /* a file's init is not for a server: refused, naming what works (an
   * owner's erasure among them: test-server-cli.c) */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "--db", f->spec, "init", NULL), ==, 1);
  g_assert_nonnull (strstr (e3, "names a database server"));
  g_assert_nonnull (strstr (e3, "“dispatch”"));
  g_assert_nonnull (strstr (e3, "“owner erase”"));
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* Whether @text holds a whole mobile number (1 and ten more digits) */
static gboolean
has_full_phone (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '1' && (p == text || !g_ascii_isdigit (p[-1])))
      {
        int n = 0;

        while (g_ascii_isdigit (p[n]))
          n++;
        if (n == 11)
          return TRUE;
      }
  return FALSE;
}

/* `kefu-cli --db URI export` (#20): the person is the connection's login;
 * an agent's export from the server has the same rows as the same sample
 * exported by an agent from a file, phones masked; --full is refused to
 * an agent; the export is audited under the person's name. */
static void
test_export_on_server (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *from_file = NULL, *from_server = NULL, *full = NULL;
  g_autofree char *agent = role_name ("agent_x");
  g_autofree char *agent_spec = NULL;
  g_autofree char *file_text = NULL, *server_text = NULL;
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autofree char *sql = NULL;
  int rc;

  if (skipped (f))
    return;
  path = same_sample_file (f);
  from_file = kefu_test_path (&f->dir, "from-file.csv");
  from_server = kefu_test_path (&f->dir, "from-server.csv");
  full = kefu_test_path (&f->dir, "full.csv");
  make_person (f, agent, "agent");
  agent_spec = signed_in (f->spec, agent);

  g_assert_cmpint (kefu_test_run_cli (NULL, KEFU_DEMO_PIN "\n", &o1, &e1, "--db", path, "--as", "chenjing", "export",
                                      "tickets", "--out", from_file, NULL), ==, 0);
  rc = kefu_test_run_cli (NULL, NULL, &o2, &e2, "--db", agent_spec, "export", "tickets", "--out", from_server, NULL);
  g_assert_cmpstr (e2, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (o2, "Exported 20 tickets"));
  file_text = read_text (from_file);
  server_text = read_text (from_server);
  g_assert_cmpuint (strlen (server_text), >, 200);
  g_assert_cmpstr (server_text, ==, file_text);
  g_assert_nonnull (strstr (server_text, "****"));
  g_assert_false (has_full_phone (server_text));
  /* audited as the person who took it */
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.user_id "
                         "WHERE a.action = 'export_tickets' AND u.login = '%s'", agent);
  g_assert_cmpint (scalar (f->store, sql), ==, 1);

  /* an agent may not take phones out in full */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "--db", agent_spec, "export", "tickets", "--out", full,
                                      "--full", NULL), ==, 1);
  g_assert_cmpstr (e3, !=, "");
  g_assert_false (g_file_test (full, G_FILE_TEST_EXISTS));
  /* --as names someone else: refused, nothing written */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o4, &e4, "--db", agent_spec, "--as", "chenjing", "export", "tickets",
                                      "--out", full, NULL), ==, 1);
  g_assert_nonnull (strstr (e4, "--as"));
  g_assert_false (g_file_test (full, G_FILE_TEST_EXISTS));
}

/* `kefu-cli --db URI import` (#20), as the connection's person: a small
 * CSV lands on the server; a file with bad rows is refused with the same
 * report as on a file, nothing written; --skip-bad takes the good row;
 * an owners file makes the owner with the full phone. */
static void
test_import_on_server (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *good = NULL, *bad = NULL, *mixed = NULL;
  g_autofree char *admin = role_name ("admin_i");
  g_autofree char *admin_spec = NULL;
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  gint64 before;
  int rc;

  if (skipped (f))
    return;
  path = same_sample_file (f);
  good = kefu_test_path (&f->dir, "good.csv");
  bad = kefu_test_path (&f->dir, "bad.csv");
  mixed = kefu_test_path (&f->dir, "mixed.csv");
  g_assert_true (g_file_set_contents (good, "number,created_at,channel,kind,location,description\n"
                                            ",2025-06-01 09:30,phone,repair,3栋502,命令行导入的漏水\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "number,created_at,channel,kind,location,description\n"
                                           "GD1,1900-01-01 09:30,phone,repair,3栋502,坏行一\n"
                                           "GD2,2025-06-01 09:31,phone,repair,3栋502,好行\n"
                                           "GD\x07" "3,2025-06-01 09:32,phone,repair,3栋502,坏行二\n", -1, NULL));
  g_assert_true (g_file_set_contents (mixed, "number,created_at,channel,kind,location,description\n"
                                             ",1900-01-01 09:30,phone,repair,3栋502,坏行\n"
                                             ",2025-06-01 09:33,phone,repair,3栋502,跳过坏行后导入\n", -1, NULL));
  make_person (f, admin, "admin");
  admin_spec = signed_in (f->spec, admin);
  before = scalar (f->store, "SELECT count(*) FROM tickets");

  rc = kefu_test_run_cli (NULL, NULL, &o1, &e1, "--db", admin_spec, "import", "tickets", good, NULL);
  g_assert_cmpstr (e1, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_cmpstr (o1, ==, "Imported 1 ticket\n");
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM tickets WHERE description = '命令行导入的漏水' "
                                     "AND location = '3栋502'"), ==, 1);

  /* all or nothing: the same report as the same sample's file gives */
  g_assert_cmpint (kefu_test_run_cli (NULL, KEFU_DEMO_PIN "\n", &o2, &e2, "--db", path, "--as", "admin", "import",
                                      "tickets", bad, NULL), ==, 1);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o3, &e3, "--db", admin_spec, "import", "tickets", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (o3, "Nothing was imported: 2 of 3 rows have problems."));
  g_assert_nonnull (strstr (e3, "Line 2, column “created_at”"));
  g_assert_nonnull (strstr (e3, "Line 4, column “number”"));
  g_assert_cmpstr (o3, ==, o2);
  g_assert_cmpstr (e3, ==, e2);
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM tickets"), ==, before + 1);

  /* --skip-bad: the good row in, exit 3 (partial) */
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o4, &e4, "--db", admin_spec, "import", "tickets", mixed,
                                      "--skip-bad", NULL), ==, 3);
  g_assert_nonnull (strstr (o4, "Imported 1 ticket; 1 row skipped"));
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM tickets WHERE description = '跳过坏行后导入'"), ==, 1);
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM tickets"), ==, before + 2);

  /* owners, with Chinese headers: the owner and the unit made */
  g_assert_true (g_file_set_contents (good, "姓名,电话,楼栋,房号\n命令行业主,13987654321,7栋,9901\n", -1, NULL));
  g_clear_pointer (&o1, g_free);
  g_clear_pointer (&e1, g_free);
  rc = kefu_test_run_cli (NULL, NULL, &o1, &e1, "--db", admin_spec, "import", "owners", good, NULL);
  g_assert_cmpstr (e1, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_nonnull (strstr (o1, "Imported 1 owner row"));
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM owners o JOIN owner_units ou ON ou.owner_id = o.id "
                                     "JOIN units u ON u.id = ou.unit_id WHERE o.name = '命令行业主' "
                                     "AND o.phone = '13987654321' AND u.name = '9901'"), ==, 1);
}

/* Only the lines of @text that start with two spaces (check's counts) */
static char *
count_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "  "))
      g_string_append_printf (out, "%s\n", lines[i]);
  return g_string_free (out, FALSE);
}

/* `kefu-cli --db URI check` (#20): the schema version and every table's
 * count, the same as the same sample's file; SQLite's integrity check
 * said not to apply; the audit chain checked on the server. */
static void
test_check_on_server (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL;
  g_autofree char *c1 = NULL, *c2 = NULL, *version = NULL;
  int rc;

  if (skipped (f))
    return;
  path = same_sample_file (f);
  g_assert_cmpint (kefu_test_run_cli (NULL, NULL, &o1, &e1, "--db", path, "check", NULL), ==, 0);
  rc = kefu_test_run_cli (NULL, NULL, &o2, &e2, "--db", f->spec, "check", NULL);
  g_assert_cmpstr (e2, ==, "");
  g_assert_cmpint (rc, ==, 0);
  version = g_strdup_printf ("Schema version: %d\n", KEFU_SCHEMA_VERSION);
  g_assert_nonnull (strstr (o2, version));
  c1 = count_lines (o1);
  c2 = count_lines (o2);
  g_assert_nonnull (strstr (c2, "tickets"));
  g_assert_cmpstr (c2, ==, c1);
  g_assert_nonnull (strstr (o2, "SQLite’s integrity check does not apply to a database server"));
  g_assert_nonnull (strstr (o2, "Audit log: the chain holds"));
}

static gboolean
run_insert (KefuStore   *store,
            const char  *key,
            GError     **error)
{
  KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "INSERT INTO settings (key, value) VALUES (?1, 'x')", error);

  if (q == NULL)
    return FALSE;
  kefu_query_bind_text (q, 1, key);
  return kefu_query_run (store, q, error);
}

static void
changed_cb (KefuStoreWatch  *watch,
            char           **topics,
            gpointer         data)
{
  g_autofree char *joined = g_strjoinv (",", topics);
  GPtrArray *heard = data;

  g_ptr_array_add (heard, g_steal_pointer (&joined));
}

static gboolean
give_up_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits (a minute at most, a failure) until @watch has an error */
static void
wait_watch_error (KefuStoreWatch *watch)
{
  gboolean late = FALSE;
  guint guard = g_timeout_add_seconds (60, give_up_cb, &late);

  while (kefu_store_watch_get_error (watch) == NULL && !late)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (late);
  g_source_remove (guard);
}

/* Waits (a minute at most, a failure) until @heard holds @n emissions */
static void
wait_heard (GPtrArray *heard,
            guint      n)
{
  gboolean late = FALSE;
  guint guard = g_timeout_add_seconds (60, give_up_cb, &late);

  while (heard->len < n && !late)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (late);
  g_source_remove (guard);
}

/* A desk that loses its server: told at once (OFFLINE, naming the
 * server), a transaction under way is over and nothing of it written,
 * the next call reconnects by itself, and the watch LISTENs again. */
static void
test_lost_server (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(KefuStore) desk = NULL;
  g_autoptr(KefuStore) other = NULL;
  g_autoptr(KefuStoreWatch) watch = NULL;
  g_autoptr(GPtrArray) heard = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KefuTransaction) tx = NULL;
  gboolean created = FALSE;
  KefuQueryStep rc;

  if ((lines = kefu_test_cluster_start ()) == NULL)
    return;
  g_assert_true (kefu_server_init (lines[1], &created, &error));
  g_assert_no_error (error);
  desk = kefu_store_open (lines[1], KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (desk, TEST_NOW);

  /* a transaction under way when the server stops */
  tx = kefu_transaction_begin (desk, &error);
  g_assert_no_error (error);
  g_assert_true (run_insert (desk, "before_the_stop", &error));
  g_assert_cmpint (kefu_test_cluster ("halt", lines[0], NULL), ==, 0);
  g_assert_false (run_insert (desk, "after_the_stop", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, lines[0]));          /* names the server */
  g_assert_nonnull (strstr (error->message, "not saved"));
  g_clear_error (&error);
  g_assert_cmpint (kefu_test_cluster ("resume", lines[0], NULL), ==, 0);
  /* the server is back, but that transaction is over: its rest is
   * refused rather than run alone on a new connection */
  g_assert_false (run_insert (desk, "after_the_restart", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_false (kefu_transaction_commit (tx, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
  g_clear_error (&error);
  g_clear_pointer (&tx, kefu_transaction_free);
  /* the next call reconnects by itself; nothing of it was written */
  g_assert_cmpint (scalar (desk, "SELECT count(*) FROM settings WHERE key IN ('before_the_stop', 'after_the_stop', "
                                 "'after_the_restart')"), ==, 0);
  g_assert_true (run_insert (desk, "acknowledged", &error));
  g_assert_no_error (error);

  /* a plain read when the server goes: told, then back by itself */
  g_assert_cmpint (kefu_test_cluster ("halt", lines[0], NULL), ==, 0);
  {
    KEFU_AUTO_QUERY *q = kefu_query_prepare (desk, "SELECT count(*) FROM settings", &error);

    g_assert_no_error (error);
    rc = kefu_query_step (desk, q, &error);
    g_assert_cmpint (rc, ==, KEFU_QUERY_FAILED);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
    g_clear_error (&error);
  }
  g_assert_cmpint (kefu_test_cluster ("resume", lines[0], NULL), ==, 0);
  g_assert_cmpint (scalar (desk, "SELECT count(*) FROM settings WHERE key = 'acknowledged'"), ==, 1);

  /* the watch hears its connection go, LISTENs again once it is back
   * (everything is news then: what changed meanwhile was not heard), and
   * hears the next change of another desk */
  watch = kefu_store_watch_new (desk, &error);
  g_assert_no_error (error);
  kefu_test_watch_listening (watch);
  kefu_store_watch_set_intervals (watch, 200, 0);
  g_signal_connect (watch, "changed", G_CALLBACK (changed_cb), heard);
  g_assert_cmpint (kefu_test_cluster ("halt", lines[0], NULL), ==, 0);
  wait_watch_error (watch);
  g_assert_error ((GError *) kefu_store_watch_get_error (watch), KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
  g_assert_cmpint (kefu_test_cluster ("resume", lines[0], NULL), ==, 0);
  wait_heard (heard, 1);
  g_assert_cmpstr (heard->pdata[0], ==, "board,counts,people,settings,tickets");
  g_assert_null (kefu_store_watch_get_error (watch));
  other = kefu_store_open (lines[1], KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  {
    KEFU_AUTO_QUERY *q = kefu_query_prepare (other, "INSERT INTO users (login, name, role, created_at) "
                                                    "VALUES ('back', '回来了', 'agent', 0)", &error);
    guint before = heard->len;

    g_assert_no_error (error);
    g_assert_true (kefu_query_run (other, q, &error));
    g_assert_no_error (error);
    wait_heard (heard, before + 1);
    g_assert_cmpstr (heard->pdata[before], ==, "people");
  }
  g_clear_object (&watch);
  g_clear_object (&desk);
  g_clear_object (&other);
  kefu_test_cluster ("stop", lines[0], NULL);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Reconnect;

static void
reconnected_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Reconnect *r = data;

  r->ok = kefu_store_reconnect_finish (KEFU_STORE (source), result, &r->error);
  r->done = TRUE;
}

static void
count_cb (gpointer data)
{
  (*(int *) data)++;
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the default context until *@flag (a minute at most, a failure) */
static void
wait_flag (gboolean *flag)
{
  gboolean late = FALSE;
  guint guard = g_timeout_add_seconds (60, give_up_cb, &late);

  while (!*flag && !late)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (late);
  g_source_remove (guard);
}

/* A window's store (kefu_store_set_reconnect_in_background): after its
 * server goes, no call on it tries to connect (each is refused at once
 * and ::server-lost said so), and kefu_store_reconnect_async() connects
 * in a worker thread: while that connect hangs on a host that never
 * answers, the main loop goes on (a connection accepted, an idle run, a
 * call refused at once), all before the connect is done; once the server
 * is back the next try takes the store back to it. Orderings, not times. */
static void
test_reconnect_in_background (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(KefuStore) owner = NULL;
  g_autoptr(KefuStore) desk = NULL;
  g_autoptr(GSocketService) blackhole = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  Reconnect r = { 0 };
  gboolean created = FALSE, idle_ran = FALSE;
  int lost = 0;
  guint generation;

  if ((lines = kefu_test_cluster_start ()) == NULL)
    return;
  g_assert_true (kefu_server_init (lines[1], &created, &error));
  g_assert_no_error (error);
  owner = kefu_store_open (lines[1], KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  /* the blackhole: 127.0.0.1, a port of its own */
  blackhole = g_socket_service_new ();
  any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (blackhole), any, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (blackhole, "incoming", G_CALLBACK (kefu_test_blackhole_incoming_cb), held);
  g_socket_service_start (blackhole);
  /* the desk's server: the cluster first, then the blackhole (libpq tries
   * the hosts in turn: the blackhole only while the cluster is away) */
  spec = g_strdup_printf ("host=%s,127.0.0.1 port=%d,%u user=postgres dbname=kefu_test", lines[0],
                          (int) scalar (owner, "SELECT current_setting ('port')::int"),
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_clear_object (&owner);
  desk = kefu_store_open (spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_now (desk, TEST_NOW);
  kefu_store_set_reconnect_in_background (desk, TRUE);
  g_signal_connect_swapped (desk, "server-lost", G_CALLBACK (count_cb), &lost);
  g_assert_true (run_insert (desk, "before", &error));
  g_assert_no_error (error);
  generation = kefu_engine_pg_generation (kefu_store_get_engine (desk));

  /* the server goes: said once, and no call tries to connect (it would
   * hang on the blackhole) */
  g_assert_cmpint (kefu_test_cluster ("halt", lines[0], NULL), ==, 0);
  g_assert_false (run_insert (desk, "lost", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpint (lost, ==, 1);
  g_assert_false (run_insert (desk, "lost_again", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpuint (held->len, ==, 0);
  /* nor does a reader (a worker's connection, opened on the caller's thread) */
  g_assert_null (kefu_store_open_reader (desk, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpuint (held->len, ==, 0);

  /* the reconnect: its connect reaches the blackhole and hangs there; the
   * main loop meanwhile accepts that connection, runs an idle, and a call
   * on the store is refused at once, all before the connect is done */
  kefu_store_reconnect_async (desk, NULL, reconnected_cb, &r);
  while (held->len == 0 && !r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (held->len, ==, 1);
  g_assert_false (r.done);
  g_idle_add (flag_cb, &idle_ran);
  wait_flag (&idle_ran);
  g_assert_false (r.done);
  g_assert_false (run_insert (desk, "while_connecting", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_false (r.done);

  /* the server is back; the blackhole lets go: that try failed (the
   * cluster was away when it was tried), the store untouched */
  g_assert_cmpint (kefu_test_cluster ("resume", lines[0], NULL), ==, 0);
  g_ptr_array_set_size (held, 0);
  wait_flag (&r.done);
  g_assert_false (r.ok);
  g_assert_nonnull (r.error);
  g_test_message ("the try on the blackhole: %s", r.error->message);
  g_clear_error (&r.error);
  g_assert_cmpuint (kefu_engine_pg_generation (kefu_store_get_engine (desk)), ==, generation);

  /* the next try finds the cluster, and the store works again */
  r.done = FALSE;
  kefu_store_reconnect_async (desk, NULL, reconnected_cb, &r);
  wait_flag (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (kefu_engine_pg_generation (kefu_store_get_engine (desk)), ==, generation + 1);
  g_assert_cmpuint (held->len, ==, 0);
  g_assert_true (run_insert (desk, "after", &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (desk, "SELECT count(*) FROM settings WHERE key IN ('before', 'after')"), ==, 2);
  g_assert_cmpint (scalar (desk, "SELECT count(*) FROM settings WHERE key IN ('lost', 'lost_again', "
                                 "'while_connecting')"), ==, 0);
  g_assert_cmpint (lost, ==, 1);

  /* the window's word that the server is away (its watch heard it go):
   * refused at once, though the store's own connection is fine */
  kefu_store_set_offline (desk);
  g_assert_false (run_insert (desk, "said_away", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_null (kefu_store_open_reader (desk, &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OFFLINE);
  g_clear_error (&error);
  r.done = FALSE;
  kefu_store_reconnect_async (desk, NULL, reconnected_cb, &r);
  wait_flag (&r.done);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (kefu_engine_pg_generation (kefu_store_get_engine (desk)), ==, generation + 2);
  g_assert_true (run_insert (desk, "said_back", &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (desk, "SELECT count(*) FROM settings WHERE key IN ('said_away', 'said_back')"), ==, 1);
  g_assert_cmpuint (held->len, ==, 0);

  g_socket_service_stop (blackhole);
  g_socket_listener_close (G_SOCKET_LISTENER (blackhole));
  g_clear_object (&desk);
  kefu_test_cluster ("stop", lines[0], NULL);
}

/* A connect in a thread of its own, for test_silent_host: when it ended,
 * in order among the others (done is its place, 1 for the first) */
typedef struct {
  const char *spec;
  GError     *error;
  int         done;
} Connect;

static int connects_done;   /* atomic */

static gpointer
connect_thread (gpointer data)
{
  Connect *c = data;
  KefuEngine *engine = kefu_engine_connect_pg (c->spec, &c->error);

  g_clear_pointer (&engine, kefu_engine_free);
  g_atomic_int_set (&c->done, g_atomic_int_add (&connects_done, 1) + 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

static void
loading_changed_cb (GObject    *list,
                    GParamSpec *pspec,
                    gpointer    data)
{
  *(gboolean *) data = !kefu_ticket_list_get_loading (KEFU_TICKET_LIST (list));
}

/* A host gone silent (#20). A connection gets Kefu's settings
 * (connect_timeout 10 s, keepalives, tcp_user_timeout) where its spec
 * and the environment set none, theirs where they do. A connect to a host
 * that accepts and never answers fails with an error rather than waiting
 * for TCP (a spec's shorter connect_timeout first, Kefu's own next); and a
 * ticket list's worker connection is opened in its worker: the list is
 * made at once, and the main loop accepts the worker's connect while the
 * list waits for it, then the list ends with the error; the same for
 * the live-update watch's LISTEN connection. Orderings and errors, not
 * times. */
static void
test_silent_host (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(KefuStore) owner = NULL;
  g_autoptr(KefuStore) desk = NULL;
  g_autoptr(KefuTicketList) list = NULL;
  g_autoptr(GSocketService) blackhole = NULL;
  g_autoptr(GSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *plain = NULL;
  g_autofree char *own = NULL;
  g_autofree char *silent = NULL;
  g_autofree char *silent_quick = NULL;
  g_autofree char *spec = NULL;
  Connect slow = { 0 }, quick = { 0 };
  GThread *threads[2];
  gboolean created = FALSE, loaded = FALSE;
  int port;

  if ((lines = kefu_test_cluster_start ()) == NULL)
    return;
  g_assert_true (kefu_server_init (lines[1], &created, &error));
  g_assert_no_error (error);
  owner = kefu_store_open (lines[1], KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  port = (int) scalar (owner, "SELECT current_setting ('port')::int");
  g_clear_object (&owner);

  /* the settings: Kefu's where nothing else sets them */
  plain = g_strdup_printf ("host=%s port=%d user=postgres dbname=kefu_test", lines[0], port);
  own = g_strdup_printf ("%s connect_timeout=3 keepalives_idle=30", plain);
  {
    static const char * const kefu[][2] = {
      { "connect_timeout", "10" }, { "keepalives", "1" }, { "keepalives_idle", "5" },
      { "keepalives_interval", "2" }, { "keepalives_count", "3" }, { "tcp_user_timeout", "10000" },
    };
    g_autoptr(KefuEngine) e = kefu_engine_connect_pg (plain, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (kefu); i++)
      {
        g_autofree char *value = kefu_engine_pg_option (e, kefu[i][0]);

        g_assert_cmpstr (value, ==, kefu[i][1]);
      }
  }
  {
    g_autoptr(KefuEngine) e = kefu_engine_connect_pg (own, &error);
    g_autofree char *timeout = NULL, *idle = NULL, *interval = NULL;

    g_assert_no_error (error);
    timeout = kefu_engine_pg_option (e, "connect_timeout");
    idle = kefu_engine_pg_option (e, "keepalives_idle");
    interval = kefu_engine_pg_option (e, "keepalives_interval");
    g_assert_cmpstr (timeout, ==, "3");
    g_assert_cmpstr (idle, ==, "30");
    g_assert_cmpstr (interval, ==, "2");
  }
  {
    g_autoptr(KefuEngine) e = NULL;
    g_autofree char *timeout = NULL;

    g_setenv ("PGCONNECT_TIMEOUT", "4", TRUE);
    e = kefu_engine_connect_pg (plain, &error);
    g_unsetenv ("PGCONNECT_TIMEOUT");
    g_assert_no_error (error);
    timeout = kefu_engine_pg_option (e, "connect_timeout");
    g_assert_cmpstr (timeout, ==, "4");
  }

  /* the blackhole: 127.0.0.1, a port of its own */
  blackhole = g_socket_service_new ();
  any = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (blackhole), any, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (blackhole, "incoming", G_CALLBACK (kefu_test_blackhole_incoming_cb), held);
  g_socket_service_start (blackhole);

  /* two connects to it, Kefu's timeout first: the spec's shorter one
   * (started after it is held there) fails first, then Kefu's; neither
   * waits for TCP */
  silent = g_strdup_printf ("host=127.0.0.1 port=%u user=postgres dbname=kefu_test",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  silent_quick = g_strdup_printf ("%s connect_timeout=2", silent);
  slow.spec = silent;
  quick.spec = silent_quick;
  threads[0] = g_thread_new ("slow connect", connect_thread, &slow);
  while (held->len < 1)
    g_main_context_iteration (NULL, TRUE);
  threads[1] = g_thread_new ("quick connect", connect_thread, &quick);
  while (g_atomic_int_get (&slow.done) == 0 || g_atomic_int_get (&quick.done) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (threads[0]);
  g_thread_join (threads[1]);
  g_assert_cmpuint (held->len, ==, 2);
  g_assert_cmpint (quick.done, ==, 1);
  g_assert_cmpint (slow.done, ==, 2);
  g_assert_error (quick.error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN);
  g_assert_error (slow.error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN);
  g_test_message ("a connect to a silent host: %s", slow.error->message);
  g_clear_error (&quick.error);
  g_clear_error (&slow.error);
  g_ptr_array_set_size (held, 0);

  /* a desk on the cluster, then the blackhole (libpq tries the second
   * only while the first is away); the cluster stops */
  spec = g_strdup_printf ("host=%s,127.0.0.1 port=%d,%u user=postgres dbname=kefu_test", lines[0], port,
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  desk = kefu_store_open (spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_test_cluster ("halt", lines[0], NULL), ==, 0);
  /* the list is made at once (its worker's connect hangs on the
   * blackhole): the main loop accepts that connect while the list loads */
  list = kefu_ticket_list_new (desk);
  g_signal_connect (list, "notify::loading", G_CALLBACK (loading_changed_cb), &loaded);
  g_assert_true (kefu_ticket_list_get_loading (list));
  g_assert_cmpuint (held->len, ==, 0);
  while (held->len == 0 && !loaded)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (held->len, ==, 1);
  g_assert_true (kefu_ticket_list_get_loading (list));
  /* then its connect_timeout: the list says why it is empty */
  {
    /* (the list's warning of the failed query is told, not fatal here) */
    GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);

    wait_flag (&loaded);
    g_log_set_always_fatal (fatal);
  }
  g_assert_nonnull (kefu_ticket_list_get_error (list));
  g_assert_true (g_error_matches (kefu_ticket_list_get_error (list), KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* the desk's live-update watch: made at once, with no call on the
   * server; its LISTEN connection is opened in a worker thread, whose
   * connect hangs on the blackhole while the main loop goes on (the
   * connect accepted, then an idle run), neither listening nor failed
   * yet; then its connect_timeout: not connected, and it says why */
  g_ptr_array_set_size (held, 0);
  {
    g_autoptr(KefuStoreWatch) watch = kefu_store_watch_new (desk, &error);
    gboolean idled = FALSE, connected = TRUE;

    g_assert_no_error (error);
    g_assert_nonnull (watch);
    g_assert_false (kefu_store_watch_is_listening (watch));
    g_assert_cmpuint (held->len, ==, 0);
    while (held->len == 0 && kefu_store_watch_get_error (watch) == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (held->len, ==, 1);
    g_idle_add (flag_cb, &idled);
    wait_flag (&idled);
    g_assert_null (kefu_store_watch_get_error (watch));
    g_assert_false (kefu_store_watch_is_listening (watch));
    wait_watch_error (watch);
    g_assert_error ((GError *) kefu_store_watch_get_error (watch), KEFU_STORE_ERROR, KEFU_STORE_ERROR_OPEN);
    g_object_get (watch, "connected", &connected, NULL);
    g_assert_false (connected);
    g_assert_false (kefu_store_watch_is_listening (watch));
  }

  g_clear_object (&list);
  g_clear_object (&desk);
  g_socket_service_stop (blackhole);
  g_socket_listener_close (G_SOCKET_LISTENER (blackhole));
  kefu_test_cluster ("stop", lines[0], NULL);
}

/* --- kefu-cli dispatch run on a server (#20) --- */

/* A level 3 lift fault in 7栋 logged by chenjing @minutes after the
 * sample's end: it waits in the unassigned queue, the last of it. */
static gint64
queue_lift_job (KefuStore  *store,
                int         minutes)
{
  KefuTicketDraft d = { "phone", "repair", "elevator", 3, 0, 0, "电梯", 0, NULL, NULL, "7栋电梯异响", 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  d.building_id = kefu_test_store_scalar (store, "SELECT id FROM buildings WHERE name = '7栋'");
  d.owner_id = kefu_test_store_scalar (store, "SELECT owner_id FROM owner_units WHERE unit_id = (SELECT min(id) FROM units "
                                              "WHERE building_id = (SELECT id FROM buildings WHERE name = '7栋'))");
  kefu_store_set_actor (store, kefu_test_store_scalar (store, "SELECT id FROM users WHERE login = 'chenjing'"));
  kefu_store_set_now (store, TEST_NOW + minutes * 60);
  id = kefu_desk_create_ticket (store, &d, &error);
  g_assert_no_error (error);
  return id;
}

/* New jobs wait in the queue (no dispatch at intake) */
static void
no_auto_dispatch (KefuStore *store)
{
  g_autoptr(GError) error = NULL;

  kefu_store_set_actor (store, kefu_test_store_scalar (store, "SELECT id FROM users WHERE login = 'huangwei'"));
  g_assert_true (kefu_dispatch_set_auto (store, FALSE, &error));
  g_assert_no_error (error);
}

static char *
local_time (gint64      unix_time,
            const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  return g_date_time_format (dt, format);
}

/* `dispatch run` on a server: the dry run plans what it plans on a file
 * holding the same sample; the real run assigns those jobs on the
 * server, as huangwei, and a second run assigns none of them again. */
static void
test_cli_dispatch_run_on_server (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *now = local_time (TEST_NOW + 10 * 60, "%Y-%m-%d %H:%M");
  g_autofree char *o1 = NULL, *e1 = NULL, *o2 = NULL, *e2 = NULL, *o3 = NULL, *e3 = NULL, *o4 = NULL, *e4 = NULL;
  g_autofree char *number = NULL, *line = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 mine[2], queue, assigned = 0, events;

  if (skipped (f))
    return;
  path = kefu_test_path (&f->dir, "same-sample.db");
  {
    g_autoptr(KefuStore) file = kefu_store_open (path, KEFU_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    fill_sample (file);
    no_auto_dispatch (file);
    queue_lift_job (file, 1);
    queue_lift_job (file, 2);
  }
  no_auto_dispatch (f->store);
  mine[0] = queue_lift_job (f->store, 1);
  mine[1] = queue_lift_job (f->store, 2);
  queue = scalar (f->store, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')");

  /* the same plan on the file and on the server; nothing changed */
  g_assert_cmpint (kefu_test_run_cli (NULL, "1234\n", &o1, &e1, "--db", path, "--as", "huangwei",
                                      "dispatch", "run", "--dry-run", "--now", now, NULL), ==, 0);
  g_assert_cmpint (kefu_test_run_cli (NULL, "1234\n", &o2, &e2, "--db", f->spec, "--as", "huangwei",
                                      "dispatch", "run", "--dry-run", "--now", now, NULL), ==, 0);
  g_assert_nonnull (strstr (e2, "Dry run:"));
  g_assert_cmpstr (o2, ==, o1);
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')"), ==, queue);
  /* our two lift jobs go to the lift team */
  lines = g_strsplit (g_strstrip (o2), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, queue);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT number FROM tickets WHERE id = %" G_GINT64_FORMAT, mine[i]);
      g_autofree char *prefix = NULL;
      gboolean found = FALSE;

      g_free (number);
      number = kefu_test_store_text (f->store, sql);
      prefix = g_strdup_printf ("%s\t", number);
      for (guint j = 0; lines[j] != NULL; j++)
        if (g_str_has_prefix (lines[j], prefix))
          {
            g_auto(GStrv) cols = g_strsplit (lines[j], "\t", -1);
            g_assert_cmpstr (cols[1], !=, "-");
            g_assert_cmpstr (cols[2], !=, "-");
            found = TRUE;
          }
      g_assert_true (found);
    }
  for (guint j = 0; lines[j] != NULL; j++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[j], "\t", -1);
      assigned += !g_str_equal (cols[1], "-") && strstr (cols[3], "second person") == NULL;
    }

  /* done: the same decisions, on the server. The server's clock is the
   * clock of record, so the run at the dry run's moment is an
   * administrator's (--now, on the record) */
  events = scalar (f->store, "SELECT count(*) FROM ticket_events e JOIN users u ON u.id = e.user_id "
                             "WHERE e.kind = 'assign' AND u.login = 'admin'");
  g_assert_cmpint (kefu_test_run_cli (NULL, "1234\n", &o3, &e3, "--db", f->spec, "--as", "admin",
                                      "dispatch", "run", "--now", now, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (o3), ==, o2);   /* o2 was stripped above */
  line = g_strdup_printf ("%" G_GINT64_FORMAT " jobs dispatched", assigned);
  g_assert_nonnull (strstr (e3, line));
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')"), ==,
                   queue - assigned);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT
                                              " AND status = 'dispatched' AND technician_id IS NOT NULL", mine[i]);
      g_assert_cmpint (scalar (f->store, sql), ==, 1);
    }
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM ticket_events e JOIN users u ON u.id = e.user_id "
                                     "WHERE e.kind = 'assign' AND u.login = 'admin'"), ==, events + assigned);
  events += assigned;
  /* again: nothing is assigned twice */
  g_assert_cmpint (kefu_test_run_cli (NULL, "1234\n", &o4, &e4, "--db", f->spec, "--as", "admin",
                                      "dispatch", "run", "--now", now, NULL), ==, 0);
  if (queue == assigned)
    g_assert_nonnull (strstr (o4, "The unassigned queue is empty."));
  else
    g_assert_nonnull (strstr (e4, "0 jobs dispatched"));
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM ticket_events e JOIN users u ON u.id = e.user_id "
                                     "WHERE e.kind = 'assign' AND u.login = 'admin'"), ==, events);
  g_assert_cmpint (scalar (f->store, "SELECT count(*) FROM tickets WHERE status IN ('new', 'reopened')"), ==,
                   queue - assigned);
}

typedef struct {
  KefuStore *store;
  gint64     at;
  gint64     first;        /* the job queued just before the last one */
  GMutex     lock;
  GCond      cond;
  int        stage;        /* 1: the run dispatched the first job; 2: a desk holds the last job */
  gboolean   synced;       /* (the run's thread only) */
  gboolean   finished;     /* the run returned */
  GError    *error;
  GPtrArray *decisions;
} Race;

static gboolean
race_committed_cb (guint    done,
                   guint    total,
                   gpointer data)
{
  Race *r = data;

  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT
                                          " AND status = 'dispatched'", r->first);

  /* once the run has dispatched the job before the last one */
  if (r->synced || kefu_test_store_scalar (r->store, sql) == 0)
    return TRUE;
  r->synced = TRUE;
  g_mutex_lock (&r->lock);
  r->stage = 1;
  g_cond_broadcast (&r->cond);
  while (r->stage < 2)
    g_cond_wait (&r->cond, &r->lock);
  g_mutex_unlock (&r->lock);
  return TRUE;
}

static gpointer
race_run_thread (gpointer data)
{
  Race *r = data;
  KefuBatchOptions options = { 1, 0, 0, race_committed_cb, r };

  r->decisions = kefu_dispatch_run_batched (r->store, r->at, TRUE, &options, &r->error);
  g_mutex_lock (&r->lock);
  r->finished = TRUE;
  g_cond_broadcast (&r->cond);
  g_mutex_unlock (&r->lock);
  return NULL;
}

/* A desk takes a job while the run is on its way to it: the desk's
 * dispatch is not yet committed when the run reads the queue and looks
 * again, and the run then waits for that row. Once the desk commits, the
 * run leaves the job to the desk (the row version it read is gone), as a
 * card dragged on the board would, instead of writing over the desk's
 * technician. */
static void
test_dispatch_run_beside_a_desk (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) runner = NULL;
  g_autoptr(KefuStore) desk = NULL;
  g_autoptr(KefuTransaction) tx = NULL;
  g_autofree char *sql = NULL;
  Race r = { 0 };
  GThread *thread;
  gint64 first, last, tech, waited = 0;

  if (skipped (f))
    return;
  no_auto_dispatch (f->store);
  first = queue_lift_job (f->store, 1);
  last = queue_lift_job (f->store, 2);
  runner = kefu_store_open (f->spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  desk = kefu_store_open (f->spec, KEFU_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  kefu_store_set_actor (runner, scalar (f->store, "SELECT id FROM users WHERE login = 'huangwei'"));
  kefu_store_set_actor (desk, scalar (f->store, "SELECT id FROM users WHERE login = 'linxia'"));
  r.at = TEST_NOW + 10 * 60;
  kefu_store_set_now (runner, r.at);
  kefu_store_set_now (desk, r.at);
  tech = scalar (f->store, "SELECT max(id) FROM technicians WHERE active <> 0");

  r.store = runner;
  r.first = first;
  g_mutex_init (&r.lock);
  g_cond_init (&r.cond);
  thread = g_thread_new ("dispatch-run", race_run_thread, &r);
  g_mutex_lock (&r.lock);
  while (r.stage < 1 && !r.finished)
    g_cond_wait (&r.cond, &r.lock);
  g_mutex_unlock (&r.lock);
  if (r.finished)   /* the run ended before it dispatched the first job */
    {
      g_thread_join (thread);
      g_assert_no_error (r.error);
      g_assert_not_reached ();
    }
  /* the run has dispatched the first job; the last job is still queued,
   * and now a desk dispatches it by hand, not committed yet */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT " AND status = 'new'", last);
  g_assert_cmpint (scalar (f->store, sql), ==, 1);
  tx = kefu_transaction_begin (desk, &error);
  g_assert_no_error (error);
  g_assert_true (kefu_dispatch_assign (desk, last, tech, 0, &error));   /* a card dragged on the board */
  g_assert_no_error (error);
  g_mutex_lock (&r.lock);
  r.stage = 2;
  g_cond_broadcast (&r.cond);
  g_mutex_unlock (&r.lock);
  /* until the run waits for that row (a minute at most) */
  while (scalar (f->store, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                           "AND datname = current_database()") == 0)
    {
      g_assert_cmpint (waited, <, 60 * 1000);
      g_usleep (20 * 1000);
      waited += 20;
    }
  g_assert_true (kefu_transaction_commit (tx, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.decisions);

  /* the first job is the run's; the last one stays the desk's, dispatched once */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT " AND status = 'dispatched'", first);
  g_assert_cmpint (scalar (f->store, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT technician_id FROM tickets WHERE id = %" G_GINT64_FORMAT, last);
  g_assert_cmpint (scalar (f->store, sql), ==, tech);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM ticket_events WHERE kind = 'assign' AND ticket_id = %" G_GINT64_FORMAT, last);
  g_assert_cmpint (scalar (f->store, sql), ==, 1);
  for (guint i = 0; i < r.decisions->len; i++)
    {
      KefuDispatchDecision *d = r.decisions->pdata[i];
      if (d->ticket_id == last)
        g_assert_false (d->applied);
    }
  g_ptr_array_unref (r.decisions);
  g_mutex_clear (&r.lock);
  g_cond_clear (&r.cond);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  kefu_store_init_sqlite ();
  g_test_add ("/server-ops/checker-role", Fixture, NULL, fixture_setup, test_checker_role, fixture_teardown);
  g_test_add ("/server-ops/notices-follow-the-person", Fixture, NULL, fixture_setup, test_notices_follow_the_person,
              fixture_teardown);
  g_test_add ("/server-ops/cli-on-server", Fixture, NULL, fixture_setup, test_cli_on_server, fixture_teardown);
  g_test_add ("/server-ops/export-on-server", Fixture, NULL, fixture_setup, test_export_on_server, fixture_teardown);
  g_test_add ("/server-ops/import-on-server", Fixture, NULL, fixture_setup, test_import_on_server, fixture_teardown);
  g_test_add ("/server-ops/check-on-server", Fixture, NULL, fixture_setup, test_check_on_server, fixture_teardown);
  g_test_add ("/server-ops/audit-lock-at-commit", Fixture, NULL, fixture_setup, test_audit_lock_at_commit,
              fixture_teardown);
  g_test_add ("/server-ops/cli-dispatch-run", Fixture, NULL, fixture_setup, test_cli_dispatch_run_on_server,
              fixture_teardown);
  g_test_add ("/server-ops/dispatch-run-beside-a-desk", Fixture, NULL, fixture_setup, test_dispatch_run_beside_a_desk,
              fixture_teardown);
  g_test_add_func ("/server-ops/lost-server", test_lost_server);
  g_test_add_func ("/server-ops/reconnect-in-background", test_reconnect_in_background);
  g_test_add_func ("/server-ops/silent-host", test_silent_host);
  return g_test_run ();
}
