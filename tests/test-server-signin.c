/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-signin.c — the desk signed in to a Kefu server as a person
 * (#20): kefu_store_open_as() with the person's PostgreSQL password (SCRAM
 * on the test cluster), kefu_auth_sign_in_server(), and the desk's own
 * calls (intake, the list, a ticket's detail, a step of its lifecycle,
 * search, the phone's reveal) run as an agent's role, a board move as a
 * dispatcher's: what the server refuses a role (the phone columns, the
 * audit log, users' secrets) must not stop them. Skipped without the
 * throwaway cluster (tests/kefu-pg-cluster.sh). */
#include "config.h"

#include "kefu-auth.h"
#include "kefu-demo.h"
#include "kefu-desk.h"
#include "kefu-desk-lifecycle.h"
#include "kefu-dispatch.h"
#include "kefu-enums.h"
#include "kefu-server-people.h"
#include "kefu-test-engines.h"

typedef struct {
  KefuTestDir  dir;
  char        *spec;     /* the server's database, without credentials */
  KefuStore   *owner;    /* the tables' owner (the test harness) */
  char        *agent;    /* the people's logins (roles are the cluster's: named per process) */
  char        *dispatcher;
} Fixture;

static void
fill_sample (KefuStore *store)
{
  g_autoptr(GError) error = NULL;
  KefuDemoOptions options = { 20, 5, 0, NULL };

  kefu_store_set_now (store, TEST_NOW);
  g_assert_true (kefu_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static gint64
owner_scalar (Fixture    *f,
              const char *sql)
{
  return kefu_test_store_scalar (f->owner, sql);
}

static void
make_person (Fixture    *f,
             const char *login,
             const char *name,
             const char *role,
             const char *password)
{
  g_autofree char *sql = g_strdup_printf ("SELECT kefu_create_person ('%s', '%s', '%s', '%s')", login, name, role,
                                          password);

  g_assert_cmpint (owner_scalar (f, sql), >, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  if (g_getenv ("KEFU_TEST_PG") == NULL || *g_getenv ("KEFU_TEST_PG") == '\0')
    {
      kefu_test_pg_skip (data);
      return;
    }
  kefu_test_dir_setup (&f->dir, data);
  f->owner = kefu_test_engine_open (&f->dir, &kefu_test_on_server, fill_sample, &f->spec);
  f->agent = g_strdup_printf ("agent_%d", (int) getpid ());
  f->dispatcher = g_strdup_printf ("dispatch_%d", (int) getpid ());
  /* roles outlive a database: a previous run's are gone with theirs
   * only if dropped; these names are this process's */
  make_person (f, f->agent, "前台小刘", "agent", "agent-password-1");
  make_person (f, f->dispatcher, "调度老陈", "dispatcher", "dispatch-password-1");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->owner == NULL)
    return;
  g_clear_object (&f->owner);
  kefu_test_engine_close (&kefu_test_on_server, &f->spec);
  {
    /* the people's roles belong to the cluster: dropped with the case */
    g_autoptr(GError) error = NULL;
    g_autoptr(KefuEngine) admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
    /* and the two of the numbers' case */
    g_autofree char *sql = g_strdup_printf ("DROP ROLE IF EXISTS %s; DROP ROLE IF EXISTS %s; "
                                            "DROP ROLE IF EXISTS east_%d; DROP ROLE IF EXISTS west_%d; "
                                            "DROP ROLE IF EXISTS pwadmin_%d",
                                            f->agent, f->dispatcher, (int) getpid (), (int) getpid (),
                                            (int) getpid ());

    g_assert_no_error (error);
    g_assert_true (kefu_engine_exec (admin, sql, &error));
    g_assert_no_error (error);
  }
  g_free (f->agent);
  g_free (f->dispatcher);
  kefu_test_dir_teardown (&f->dir, data);
}

/* The person at the desk: the store signed in with their password, and
 * their Kefu user */
static KefuStore *
sign_in (Fixture     *f,
         const char  *login,
         const char  *password,
         KefuUser   **user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open_as (f->spec, login, password, &error);

  g_assert_no_error (error);
  g_assert_true (kefu_store_is_server (store));
  g_assert_cmpstr (kefu_store_get_person (store), ==, login);
  g_assert_true (kefu_store_masks_phones (store));
  kefu_store_set_now (store, TEST_NOW);
  *user = kefu_auth_sign_in_server (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*user);
  g_assert_cmpstr (kefu_user_get_login (*user), ==, login);
  g_assert_cmpint (kefu_store_get_actor (store), ==, kefu_user_get_id (*user));
  return g_steal_pointer (&store);
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = NULL;

  if (f->owner == NULL)
    return;
  store = kefu_store_open_as (f->spec, f->agent, "not-the-password", &error);
  g_assert_null (store);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SIGN_IN);
  /* names the login, never the password */
  g_assert_nonnull (strstr (error->message, f->agent));
  g_assert_null (strstr (error->message, "not-the-password"));
  g_clear_error (&error);
  store = kefu_store_open_as (f->spec, f->agent, "", &error);
  g_assert_null (store);
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SIGN_IN);
  g_clear_error (&error);
  /* a role of the cluster outside Kefu's groups: refused at once */
  {
    g_autofree char *sql = g_strdup_printf ("CREATE ROLE %s_y LOGIN PASSWORD 'outsider-password'", f->agent);
    g_autofree char *drop = g_strdup_printf ("DROP ROLE %s_y", f->agent);
    g_autofree char *login = g_strdup_printf ("%s_y", f->agent);
    g_autoptr(KefuEngine) admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);

    g_assert_no_error (error);
    g_assert_true (kefu_engine_exec (admin, sql, &error));
    store = kefu_store_open_as (f->spec, login, "outsider-password", &error);
    g_assert_null (store);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
    g_assert_true (kefu_engine_exec (admin, drop, &error));
  }
  /* one in an agents' group with no Kefu user: signs in to the server, is
   * not at the desk */
  {
    g_autofree char *sql = g_strdup_printf ("CREATE ROLE %s_x LOGIN PASSWORD 'stranger-password' IN ROLE kefu_agent",
                                            f->agent);
    g_autofree char *drop = g_strdup_printf ("DROP ROLE %s_x", f->agent);
    g_autofree char *login = g_strdup_printf ("%s_x", f->agent);
    g_autoptr(KefuEngine) admin = kefu_engine_connect_pg (g_getenv ("KEFU_TEST_PG"), &error);
    g_autoptr(KefuUser) user = NULL;

    g_assert_no_error (error);
    g_assert_true (kefu_engine_exec (admin, sql, &error));
    store = kefu_store_open_as (f->spec, login, "stranger-password", &error);
    g_assert_no_error (error);
    user = kefu_auth_sign_in_server (store, &error);
    g_assert_null (user);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
    g_assert_cmpint (kefu_store_get_actor (store), ==, 0);
    g_clear_error (&error);
    g_clear_object (&store);
    g_assert_true (kefu_engine_exec (admin, drop, &error));
  }
}

static gboolean
contains_id (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static void
test_agent_desk (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) user = NULL;
  g_autoptr(KefuStore) store = NULL;
  g_autoptr(KefuTicket) ticket = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GListStore) events = NULL;
  g_autofree char *phone = NULL, *sql = NULL, *who = NULL;
  KefuTicketQuery query = { 0 };
  gint64 building, unit, id, before;

  if (f->owner == NULL)
    return;
  building = owner_scalar (f, "SELECT min(b.id) FROM buildings b JOIN units u ON u.building_id = b.id");
  sql = g_strdup_printf ("SELECT min(id) FROM units WHERE building_id = %" G_GINT64_FORMAT, building);
  unit = owner_scalar (f, sql);
  before = owner_scalar (f, "SELECT count(*) FROM tickets");

  store = sign_in (f, f->agent, "agent-password-1", &user);
  g_assert_cmpstr (kefu_user_get_role (user), ==, "agent");
  /* the sign-in is in the server's log, by that login */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log_by_login WHERE login = '%s' AND action = 'sign_in'", f->agent);
  g_assert_cmpint (owner_scalar (f, sql), ==, 1);

  /* intake: the five facts, a phone typed by the agent */
  {
    KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 2, building, unit, NULL, 0,
                          "王女士", "13912345678", "东门水管爆裂，楼道积水", 0 };

    id = kefu_desk_create_ticket (store, &d, &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
  }
  g_assert_cmpint (owner_scalar (f, "SELECT count(*) FROM tickets"), ==, before + 1);
  /* the agent is its first-contact agent; the phone is stored in full */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT agent_id FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (owner_scalar (f, sql), ==, kefu_user_get_id (user));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT contact_phone FROM tickets WHERE id = %" G_GINT64_FORMAT, id);
  who = kefu_test_store_text (f->owner, sql);
  g_assert_cmpstr (who, ==, "13912345678");

  /* the list: the new ticket first, counted */
  ids = kefu_desk_query_first_ticket_ids (store, &query, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id);
  g_assert_cmpint (kefu_desk_count_tickets (store, &query, &error), ==, before + 1);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) page = kefu_desk_load_tickets (store, (const gint64 *) ids->data, ids->len, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, ids->len);
  }

  /* the detail: the phone masked as the server masks it */
  ticket = kefu_desk_get_ticket (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kefu_ticket_get_description (ticket), ==, "东门水管爆裂，楼道积水");
  g_assert_cmpstr (kefu_ticket_get_contact_phone (ticket), ==, "139****5678");
  g_assert_cmpstr (kefu_ticket_get_status (ticket), ==, "new");

  /* a step: a call logged (the first response) */
  g_assert_true (kefu_desk_log_call (store, id, "已致电王女士，师傅半小时内到", &error));
  g_assert_no_error (error);
  g_clear_object (&ticket);
  ticket = kefu_desk_get_ticket (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kefu_ticket_get_milestone (ticket, KEFU_TICKET_FIRST_RESPONSE), >, 0);
  events = kefu_desk_list_events (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), >=, 2);

  /* search: by a word of its description, and of the call */
  g_clear_pointer (&ids, g_array_unref);
  query.search = "爆裂";
  ids = kefu_desk_query_ticket_ids (store, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (contains_id (ids, id));
  g_clear_pointer (&ids, g_array_unref);
  query.search = "半小时";
  ids = kefu_desk_query_ticket_ids (store, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (contains_id (ids, id));
  /* and by the phone's last four digits (what the mask shows) */
  g_clear_pointer (&ids, g_array_unref);
  query.search = "5678";
  ids = kefu_desk_query_ticket_ids (store, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (contains_id (ids, id));

  /* the phone in full: their own ticket, from the server, logged there */
  g_assert_true (kefu_desk_reveal_phone (store, user, id, NULL, &phone, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (phone, ==, "13912345678");
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log_by_login WHERE login = '%s' AND action = 'reveal_phone' "
                         "AND subject_id = %" G_GINT64_FORMAT, f->agent, id);
  g_assert_cmpint (owner_scalar (f, sql), ==, 1);
  /* the timeline's events are logged by the server as the agent too */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log_by_login WHERE login = '%s' AND action = 'ticket_call' "
                         "AND subject_id = %" G_GINT64_FORMAT, f->agent, id);
  g_assert_cmpint (owner_scalar (f, sql), ==, 1);

  /* what the agent's role may not do, the server refuses whatever the desk */
  {
    g_autoptr(GError) refused = NULL;
    KEFU_AUTO_QUERY *q = kefu_query_prepare (store, "SELECT phone FROM owners", &refused);

    if (q != NULL)
      g_assert_cmpint (kefu_query_step (store, q, &refused), ==, KEFU_QUERY_FAILED);
    g_assert_error (refused, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  }
}

static void
test_dispatcher_board (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) agent = NULL, dispatcher = NULL;
  g_autoptr(KefuStore) desk = NULL, board_store = NULL;
  g_autoptr(KefuBoard) board = NULL;
  g_autoptr(KefuTicket) ticket = NULL;
  g_autofree char *sql = NULL;
  gint64 building, unit, id, technician = 0;
  gboolean on_board = FALSE;

  if (f->owner == NULL)
    return;
  building = owner_scalar (f, "SELECT min(b.id) FROM buildings b JOIN units u ON u.building_id = b.id");
  sql = g_strdup_printf ("SELECT min(id) FROM units WHERE building_id = %" G_GINT64_FORMAT, building);
  unit = owner_scalar (f, sql);

  /* an agent logs a job; the dispatcher's board shows it */
  desk = sign_in (f, f->agent, "agent-password-1", &agent);
  {
    KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 3, building, unit, NULL, 0,
                          "李先生", "13700001111", "厨房水龙头滴水", 0 };

    id = kefu_desk_create_ticket (desk, &d, &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
  }
  board_store = sign_in (f, f->dispatcher, "dispatch-password-1", &dispatcher);
  g_assert_cmpstr (kefu_user_get_role (dispatcher), ==, "dispatcher");
  board = kefu_dispatch_load_board (board_store, TEST_NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (board->lanes->len, >, 0);
  for (guint i = 0; i < board->cards->len; i++)
    {
      const KefuBoardCard *card = g_ptr_array_index (board->cards, i);
      if (card->ticket_id == id)
        on_board = TRUE;
    }
  g_assert_true (on_board);
  technician = ((const KefuBoardLane *) g_ptr_array_index (board->lanes, 0))->technician_id;

  /* the move: the job onto a technician's lane, first */
  g_assert_true (kefu_dispatch_assign (board_store, id, technician, 1, &error));
  g_assert_no_error (error);
  ticket = kefu_desk_get_ticket (desk, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kefu_ticket_get_status (ticket), ==, "dispatched");
  g_assert_nonnull (kefu_ticket_get_technician_name (ticket));
  /* recorded as the dispatcher's, by the server */
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM dispatch_moves m JOIN users u ON u.id = m.user_id "
                         "WHERE m.ticket_id = %" G_GINT64_FORMAT " AND u.login = '%s'", id, f->dispatcher);
  g_assert_cmpint (owner_scalar (f, sql), >=, 1);
  /* and the agent may not make it (the server's grants) */
  g_assert_false (kefu_dispatch_reorder (desk, id, 1, &error));
  g_assert_nonnull (error);
}

/* Ticket numbers on a server (#20): two agents of two estates, who do not
 * see each other's tickets, log tickets the same day, one after the other
 * and then at once from two desks (threads, a connection each): every
 * ticket is saved, each with a number of its own in the day's sequence. */
typedef struct {
  Fixture    *f;
  const char *login;
  gint64      building;
  gint64      unit;
  int         n;
  int         saved;
} Intake;

static gint64
log_one (KefuStore *store,
         gint64     building,
         gint64     unit,
         GError   **error)
{
  KefuTicketDraft d = { "phone", "repair", "plumbing_electrical", 2, building, unit, NULL, 0,
                        "王女士", "13912345678", "厨房水管漏水", 0 };

  return kefu_desk_create_ticket (store, &d, error);
}

static gpointer
intake_thread (gpointer data)
{
  Intake *in = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open_as (in->f->spec, in->login, "numbers-password-1", &error);
  g_autoptr(KefuUser) user = NULL;

  if (store == NULL)
    return g_strdup (error->message);
  kefu_store_set_now (store, TEST_NOW);
  user = kefu_auth_sign_in_server (store, &error);
  if (user == NULL)
    return g_strdup (error->message);
  for (int i = 0; i < in->n; i++)
    {
      if (log_one (store, in->building, in->unit, &error) <= 0)
        return g_strdup_printf ("%s's ticket %d: %s", in->login, i, error->message);
      in->saved++;
    }
  return NULL;
}

static void
test_numbers_across_estates (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *east = g_strdup_printf ("east_%d", (int) getpid ());
  g_autofree char *west = g_strdup_printf ("west_%d", (int) getpid ());
  g_autofree char *sql = NULL, *prefix = NULL;
  Intake in[2] = { { f, east, 0, 0, 15, 0 }, { f, west, 0, 0, 15, 0 } };
  GThread *threads[2];
  gint64 estate[2], day_before, first, second;

  if (f->owner == NULL)
    return;
  /* two estates, a building and a unit each */
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *insert = g_strdup_printf (
          "INSERT INTO estates (name, created_at) VALUES ('号码测试小区%d', 0) RETURNING id", i);
      g_autofree char *b = NULL, *u = NULL, *person = NULL;

      estate[i] = owner_scalar (f, insert);
      b = g_strdup_printf ("INSERT INTO buildings (estate_id, name) VALUES (%" G_GINT64_FORMAT ", '%d栋') RETURNING id",
                           estate[i], i + 1);
      in[i].building = owner_scalar (f, b);
      u = g_strdup_printf ("INSERT INTO units (building_id, name) VALUES (%" G_GINT64_FORMAT ", '101') RETURNING id",
                           in[i].building);
      in[i].unit = owner_scalar (f, u);
      person = g_strdup_printf ("SELECT kefu_create_person ('%s', '%s', 'agent', 'numbers-password-1', "
                                "ARRAY[%" G_GINT64_FORMAT "]::bigint[])", in[i].login, i == 0 ? "东区小王" : "西区小李",
                                estate[i]);
      g_assert_cmpint (owner_scalar (f, person), >, 0);
    }
  {
    g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (TEST_NOW);

    prefix = g_date_time_format (local, "GD%Y%m%d");
  }
  sql = g_strdup_printf ("SELECT count(*) FROM tickets WHERE substr(number, 1, 10) = '%s'", prefix);
  day_before = owner_scalar (f, sql);

  /* one after the other: the west agent cannot see the east one's ticket */
  {
    g_autoptr(KefuUser) a = NULL, b = NULL;
    g_autoptr(KefuStore) one = kefu_store_open_as (f->spec, east, "numbers-password-1", &error);
    g_autoptr(KefuStore) two = kefu_store_open_as (f->spec, west, "numbers-password-1", &error);
    g_autoptr(KefuTicket) t1 = NULL, t2 = NULL;
    g_autofree char *seen = NULL;

    g_assert_no_error (error);
    kefu_store_set_now (one, TEST_NOW);
    kefu_store_set_now (two, TEST_NOW);
    a = kefu_auth_sign_in_server (one, &error);
    g_assert_no_error (error);
    b = kefu_auth_sign_in_server (two, &error);
    g_assert_no_error (error);
    first = log_one (one, in[0].building, in[0].unit, &error);
    g_assert_no_error (error);
    g_assert_cmpint (first, >, 0);
    seen = g_strdup_printf ("SELECT count(*) FROM tickets WHERE id = %" G_GINT64_FORMAT, first);
    g_assert_cmpint (kefu_test_store_scalar (two, seen), ==, 0);   /* row-level security */
    second = log_one (two, in[1].building, in[1].unit, &error);
    g_assert_no_error (error);
    g_assert_cmpint (second, >, 0);
    t1 = kefu_desk_get_ticket (one, first, &error);
    g_assert_no_error (error);
    t2 = kefu_desk_get_ticket (two, second, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (kefu_ticket_get_number (t1), prefix));
    g_assert_true (g_str_has_prefix (kefu_ticket_get_number (t2), prefix));
    g_assert_cmpint (g_ascii_strtoll (kefu_ticket_get_number (t2) + 10, NULL, 10), ==,
                     g_ascii_strtoll (kefu_ticket_get_number (t1) + 10, NULL, 10) + 1);
  }

  /* at once, from two desks */
  for (int i = 0; i < 2; i++)
    threads[i] = g_thread_new ("intake", intake_thread, &in[i]);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *failure = g_thread_join (threads[i]);

      g_assert_cmpstr (failure, ==, NULL);
      g_assert_cmpint (in[i].saved, ==, in[i].n);
    }
  g_assert_cmpint (owner_scalar (f, sql), ==, day_before + 2 + 30);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(DISTINCT number) FROM tickets WHERE substr(number, 1, 10) = '%s'", prefix);
  g_assert_cmpint (owner_scalar (f, sql), ==, day_before + 2 + 30);
}

static gint64
audited (Fixture    *f,
         const char *action,
         const char *login)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.subject_id "
                                          "WHERE a.action = '%s' AND u.login = '%s'", action, login);

  return owner_scalar (f, sql);
}

static void
assert_signs_in (Fixture    *f,
                 const char *login,
                 const char *password,
                 gboolean    expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuStore) store = kefu_store_open_as (f->spec, login, password, &error);

  if (expected)
    {
      g_assert_no_error (error);
      g_assert_nonnull (store);
    }
  else
    {
      g_assert_null (store);
      g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SIGN_IN);
    }
}

/* A person changes their own password (the current one first); an
 * administrator gives a forgotten one a new password; nobody else can */
static void
test_passwords (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KefuUser) agent_user = NULL;
  g_autoptr(KefuUser) admin_user = NULL;
  g_autoptr(KefuStore) agent = NULL;
  g_autoptr(KefuStore) admin = NULL;
  g_autoptr(KefuStore) reader = NULL;
  g_autofree char *admin_login = NULL;
  g_autofree char *forged = NULL;

  if (f->owner == NULL)
    return;
  admin_login = g_strdup_printf ("pwadmin_%d", (int) getpid ());
  make_person (f, admin_login, "管理员老王", "admin", "admin-password-1");
  agent = sign_in (f, f->agent, "agent-password-1", &agent_user);

  /* the current password must be the one signed in with */
  g_assert_false (kefu_server_change_own_password (agent, "agent-password-X", "agent-password-2", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_SIGN_IN);
  g_clear_error (&error);
  /* and the new one needs 8 characters */
  g_assert_false (kefu_server_change_own_password (agent, "agent-password-1", "short", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (audited (f, "password_changed", f->agent), ==, 0);
  assert_signs_in (f, f->agent, "agent-password-1", TRUE);

  g_assert_true (kefu_server_change_own_password (agent, "agent-password-1", "新的密码-agent-2", &error));
  g_assert_no_error (error);
  assert_signs_in (f, f->agent, "agent-password-1", FALSE);
  assert_signs_in (f, f->agent, "新的密码-agent-2", TRUE);
  /* the desk's next connections (a worker's) sign in with the new one */
  reader = kefu_store_open_reader (agent, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  g_assert_cmpint (audited (f, "password_changed", f->agent), ==, 1);

  /* an agent cannot set anyone else's, through Kefu or in psql */
  g_assert_false (kefu_server_person_set_password (agent, f->dispatcher, "taken-over-1", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
  g_clear_error (&error);
  forged = g_strdup_printf ("SELECT 1 FROM (SELECT kefu_change_own_password ('%s', 'taken-over-1')) x", f->dispatcher);
  {
    KEFU_AUTO_QUERY *q = kefu_query_prepare (agent, forged, &error);

    g_assert_no_error (error);
    g_assert_cmpint (kefu_query_step (agent, q, &error), ==, KEFU_QUERY_FAILED);
    g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION);
    g_clear_error (&error);
  }
  assert_signs_in (f, f->dispatcher, "dispatch-password-1", TRUE);

  /* an administrator resets the agent's forgotten password */
  admin = sign_in (f, admin_login, "admin-password-1", &admin_user);
  g_assert_false (kefu_server_person_set_password (admin, f->agent, "1234567", &error));
  g_assert_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (kefu_server_person_set_password (admin, f->agent, "reset-password-3", &error));
  g_assert_no_error (error);
  assert_signs_in (f, f->agent, "新的密码-agent-2", FALSE);
  assert_signs_in (f, f->agent, "reset-password-3", TRUE);
  g_assert_cmpint (audited (f, "password_reset", f->agent), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/pg/server-signin/wrong-password", Fixture, NULL, fixture_setup, test_wrong_password, fixture_teardown);
  g_test_add ("/pg/server-signin/agent-desk", Fixture, NULL, fixture_setup, test_agent_desk, fixture_teardown);
  g_test_add ("/pg/server-signin/numbers-across-estates-and-desks", Fixture, NULL, fixture_setup,
              test_numbers_across_estates, fixture_teardown);
  g_test_add ("/pg/server-signin/dispatcher-board", Fixture, NULL, fixture_setup, test_dispatcher_board,
              fixture_teardown);
  g_test_add ("/pg/server-signin/passwords", Fixture, NULL, fixture_setup, test_passwords, fixture_teardown);
  return g_test_run ();
}
