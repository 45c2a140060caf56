/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-import-lookup.c — places and people: looked up once, created when
 * missing (estates, buildings, units, owners, agents, teams, technicians)
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-importer-private.h"
#include "kefu-pinyin.h"

/* Places and people: looked up once, created when missing --------------- */

static void
owner_free (gpointer data)
{
  Owner *o = data;
  g_free (o->name);
  g_free (o);
}

static GHashTable *
id_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
kefu_importer_clear (Importer *im)
{
  g_clear_pointer (&im->tz, g_time_zone_unref);
  if (im->key != NULL)
    g_string_free (im->key, TRUE);
  if (im->scratch != NULL)
    g_string_free (im->scratch, TRUE);
  g_clear_pointer (&im->estates, g_hash_table_unref);
  g_clear_pointer (&im->buildings, g_hash_table_unref);
  g_clear_pointer (&im->units, g_hash_table_unref);
  g_clear_pointer (&im->owners_by_phone, g_hash_table_unref);
  g_clear_pointer (&im->owners_by_unit, g_hash_table_unref);
  g_clear_pointer (&im->owners, g_ptr_array_unref);
  g_clear_pointer (&im->users, g_hash_table_unref);
  g_clear_pointer (&im->logins, g_hash_table_unref);
  g_clear_pointer (&im->teams, g_hash_table_unref);
  g_clear_pointer (&im->technicians, g_hash_table_unref);
  g_clear_pointer (&im->technician_names, g_hash_table_unref);
}

static gint64
cache_get (GHashTable *table,
           const char *key)
{
  gint64 *id = g_hash_table_lookup (table, key);
  return id != NULL ? *id : 0;
}

static void
cache_put (GHashTable *table,
           const char *key,
           gint64      id)
{
  if (!g_hash_table_contains (table, key))
    g_hash_table_insert (table, g_strdup (key), g_memdup2 (&id, sizeof id));
}

static const char *
pair_key (Importer   *im,
          gint64      parent,
          const char *name)
{
  g_string_printf (im->key, "%" G_GINT64_FORMAT "\x1f%s", parent, name);
  return im->key->str;
}

/* "138-1234 5678" → "13812345678": how phones are compared and stored */
gboolean
kefu_import_normalize_phone (const char *text,
                             GString    *buf)
{
  g_string_truncate (buf, 0);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p) || (*p == '+' && buf->len == 0))
        g_string_append_c (buf, *p);
      else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')')
        return FALSE;
    }
  return buf->len >= 3 && buf->len <= 20;
}

static Owner *
remember_owner (Importer   *im,
                gint64      id,
                const char *name,
                const char *phone)
{
  Owner *o = g_new0 (Owner, 1);

  o->id = id;
  o->name = g_strdup (name);
  g_ptr_array_add (im->owners, o);
  /* Phones typed elsewhere may have spaces or dashes: compare digits. */
  if (phone != NULL && kefu_import_normalize_phone (phone, im->scratch))
    phone = im->scratch->str;
  if (phone != NULL && *phone != '\0' && !g_hash_table_contains (im->owners_by_phone, phone))
    g_hash_table_insert (im->owners_by_phone, g_strdup (phone), o);
  return o;
}

/* Loads what the database has, once per import. */
gboolean
kefu_importer_load (Importer  *im,
                    GError   **error)
{
  static const char *const sql[] = {
    "SELECT id, name, NULL FROM estates ORDER BY id",
    "SELECT id, name, estate_id FROM buildings ORDER BY id",
    "SELECT id, name, building_id FROM units ORDER BY id",
    "SELECT id, name, phone FROM owners ORDER BY id",
    "SELECT o.id, o.name, ou.unit_id FROM owner_units ou JOIN owners o ON o.id = ou.owner_id ORDER BY o.id",
    "SELECT id, name, login FROM users ORDER BY id",
    "SELECT id, name, NULL FROM teams ORDER BY id",
    "SELECT id, name, team_id FROM technicians ORDER BY id",
  };
  g_autoptr(GHashTable) owners_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  /* (a person on a server reads no full phone: found row by row, below) */
  const char *owners_sql = im->masked ? "SELECT id, name, NULL FROM owners ORDER BY id"
                                      : "SELECT id, name, phone FROM owners ORDER BY id";

  im->estates = id_table ();
  im->buildings = id_table ();
  im->units = id_table ();
  im->owners = g_ptr_array_new_with_free_func (owner_free);
  im->owners_by_phone = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im->owners_by_unit = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im->users = id_table ();
  im->logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  im->teams = id_table ();
  im->technicians = id_table ();
  im->technician_names = id_table ();

  for (guint q = 0; q < G_N_ELEMENTS (sql); q++)
    {
      KEFU_AUTO_QUERY *stmt = kefu_query_prepare (im->store, q == 3 ? owners_sql : sql[q], error);
      KefuQueryStep rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = kefu_query_step (im->store, stmt, error)) == KEFU_QUERY_ROW)
        {
          gint64 id = kefu_query_get_int (stmt, 0);
          const char *name = kefu_query_get_text (stmt, 1);
          gint64 parent = kefu_query_get_int (stmt, 2);
          const char *third = kefu_query_get_text (stmt, 2);

          if (name == NULL)
            continue;
          switch (q)
            {
            case 0:
              cache_put (im->estates, name, id);
              im->n_estates++;
              im->last_estate = id;
              break;
            case 1:
              cache_put (im->buildings, pair_key (im, parent, name), id);
              break;
            case 2:
              cache_put (im->units, pair_key (im, parent, name), id);
              break;
            case 3:
              {
                Owner *o = remember_owner (im, id, name, third);
                g_hash_table_insert (owners_by_id, &o->id, o);
              }
              break;
            case 4:
              {
                Owner *o = g_hash_table_lookup (owners_by_id, &id);
                const char *k = pair_key (im, parent, name);
                if (o != NULL && !g_hash_table_contains (im->owners_by_unit, k))
                  g_hash_table_insert (im->owners_by_unit, g_strdup (k), o);
              }
              break;
            case 5:
              cache_put (im->users, name, id);
              if (third != NULL)
                g_hash_table_add (im->logins, g_strdup (third));
              break;
            case 6:
              cache_put (im->teams, name, id);
              break;
            case 7:
              cache_put (im->technicians, pair_key (im, parent, name), id);
              cache_put (im->technician_names, name, id);
              break;
            }
        }
      if (rc == KEFU_QUERY_FAILED)
        return FALSE;
    }
  return TRUE;
}

/* Steps a statement whose parameters are bound, and resets it. */
gboolean
kefu_importer_step (Importer   *im,
                    KefuQuery  *stmt,
                    GError    **error)
{
  gboolean ok = kefu_query_run (im->store, stmt, error);

  kefu_query_reset (stmt);
  return ok;
}

/* Steps an INSERT; the new row's id, or 0. */
gint64
kefu_importer_insert (Importer   *im,
                      KefuQuery  *stmt,
                      GError    **error)
{
  if (!kefu_importer_step (im, stmt, error))
    return 0;
  return kefu_query_last_id (im->store);
}

#define PREPARE(sql) \
  KefuQuery *stmt = kefu_query_prepare (im->store, sql, error); \
  if (stmt == NULL) \
    return 0

/* The row's estate: by name; a row without one gets the only estate there
 * is (one in the database, or the one the file named), else 默认项目. */
gint64
kefu_importer_ensure_estate (Importer    *im,
                             const char  *name,
                             GError     **error)
{
  gint64 id;

  if (*name == '\0')
    {
      if (im->n_estates == 1)
        return im->last_estate;
      name = DEFAULT_ESTATE;
    }
  id = cache_get (im->estates, name);
  if (id == 0)
    {
      PREPARE ("INSERT INTO estates (name, created_at) VALUES (?1, ?2)");
      kefu_query_bind_text (stmt, 1, name);
      kefu_query_bind_int (stmt, 2, im->now);
      if ((id = kefu_importer_insert (im, stmt, error)) == 0)
        return 0;
      cache_put (im->estates, name, id);
      im->n_estates++;
      im->last_estate = id;
      im->report->created[KEFU_IMPORT_CREATED_ESTATES]++;
    }
  return id;
}

gint64
kefu_importer_ensure_building (Importer    *im,
                               gint64       estate,
                               const char  *name,
                               GError     **error)
{
  gint64 id = cache_get (im->buildings, pair_key (im, estate, name));

  if (id == 0)
    {
      PREPARE ("INSERT INTO buildings (estate_id, name) VALUES (?1, ?2)");
      kefu_query_bind_int (stmt, 1, estate);
      kefu_query_bind_text (stmt, 2, name);
      if ((id = kefu_importer_insert (im, stmt, error)) == 0)
        return 0;
      cache_put (im->buildings, pair_key (im, estate, name), id);
      im->report->created[KEFU_IMPORT_CREATED_BUILDINGS]++;
    }
  return id;
}

gint64
kefu_importer_ensure_unit (Importer    *im,
                           gint64       building,
                           const char  *name,
                           GError     **error)
{
  gint64 id = cache_get (im->units, pair_key (im, building, name));

  if (id == 0)
    {
      PREPARE ("INSERT INTO units (building_id, name) VALUES (?1, ?2)");
      kefu_query_bind_int (stmt, 1, building);
      kefu_query_bind_text (stmt, 2, name);
      if ((id = kefu_importer_insert (im, stmt, error)) == 0)
        return 0;
      cache_put (im->units, pair_key (im, building, name), id);
      im->report->created[KEFU_IMPORT_CREATED_UNITS]++;
    }
  return id;
}

gboolean
kefu_importer_link_owner_unit (Importer    *im,
                               Owner       *owner,
                               gint64       unit,
                               const char  *relation,
                               GError     **error)
{
  const char *k = pair_key (im, unit, owner->name);
  KefuQuery *stmt = kefu_query_prepare (im->store,
      "INSERT INTO owner_units (owner_id, unit_id, relation) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (owner_id, unit_id) DO UPDATE SET relation = excluded.relation", error);

  if (stmt == NULL)
    return FALSE;
  if (!g_hash_table_contains (im->owners_by_unit, k))
    g_hash_table_insert (im->owners_by_unit, g_strdup (k), owner);
  kefu_query_bind_int (stmt, 1, owner->id);
  kefu_query_bind_int (stmt, 2, unit);
  kefu_query_bind_text (stmt, 3, relation);
  return kefu_importer_step (im, stmt, error);
}

/* An owner of the database loaded at the start, by id (they are in id
 * order, and those the import made come after them) */
static Owner *
owner_by_id (Importer *im,
             gint64    id)
{
  guint lo = 0, hi = im->owners->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      Owner *o = im->owners->pdata[mid];

      if (o->id == id)
        return o;
      if (o->id < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
}

/* A person signed in to a server reads no full phone (#20): the server's
 * kefu_owner_ids_by_phone() finds the owners whose phone holds these
 * digits, and the one whose masked phone is the mask of them is theirs
 * (the same number, as a file compares it); remembered for later rows. */
static gboolean
find_owner_on_server (Importer    *im,
                      const char  *phone,
                      Owner      **owner,
                      GError     **error)
{
  g_autofree char *mask = kefu_mask_phone (phone);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (im->store,
      "SELECT id, phone FROM owners_masked WHERE id IN (SELECT kefu_owner_ids_by_phone(?1)) ORDER BY id", error);
  KefuQueryStep rc;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_text (stmt, 1, phone);
  while ((rc = kefu_query_step (im->store, stmt, error)) == KEFU_QUERY_ROW)
    if (g_strcmp0 (kefu_query_get_text (stmt, 1), mask) == 0 &&
        (*owner = owner_by_id (im, kefu_query_get_int (stmt, 0))) != NULL)
      break;
  if (rc == KEFU_QUERY_FAILED)
    return FALSE;
  if (*owner != NULL)
    g_hash_table_insert (im->owners_by_phone, g_strdup (phone), *owner);
  return TRUE;
}

/* An owner by phone, else by name in the unit; *@owner is NULL when none
 * matches. FALSE only when the database fails. */
gboolean
kefu_importer_find_owner (Importer    *im,
                          const char  *name,
                          const char  *phone,
                          gint64       unit,
                          Owner      **owner,
                          GError     **error)
{
  Owner *o = NULL;

  *owner = NULL;
  if (*phone != '\0')
    {
      o = g_hash_table_lookup (im->owners_by_phone, phone);
      if (o == NULL && im->masked && !find_owner_on_server (im, phone, &o, error))
        return FALSE;
    }
  if (o == NULL && *name != '\0' && unit != 0)
    o = g_hash_table_lookup (im->owners_by_unit, pair_key (im, unit, name));
  *owner = o;
  return TRUE;
}

Owner *
kefu_importer_create_owner (Importer    *im,
                            const char  *name,
                            const char  *phone,
                            const char  *preferred_channel,
                            GError     **error)
{
  gint64 id;
  /* a file's connection has the SQL function kefu_pinyin(); on a server
   * the names' pinyin is computed here (the same function) */
  gboolean server = kefu_store_is_server (im->store);
  PREPARE (server ? "INSERT INTO owners (name, phone, preferred_channel, created_at, name_pinyin, name_initials) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                  : "INSERT INTO owners (name, phone, preferred_channel, created_at, name_pinyin, name_initials) "
                    "VALUES (?1, ?2, ?3, ?4, kefu_pinyin(?1, 0), kefu_pinyin(?1, 1))");

  if (server)
    {
      g_autofree char *full = kefu_pinyin (name, FALSE);
      g_autofree char *initials = kefu_pinyin (name, TRUE);

      kefu_query_bind_text_or_null (stmt, 5, full);
      kefu_query_bind_text_or_null (stmt, 6, initials);
    }
  kefu_query_bind_text (stmt, 1, name);
  kefu_query_bind_text_or_null (stmt, 2, phone);
  kefu_query_bind_text_or_null (stmt, 3, preferred_channel);
  kefu_query_bind_int (stmt, 4, im->now);
  if ((id = kefu_importer_insert (im, stmt, error)) == 0)
    return NULL;
  im->report->created[KEFU_IMPORT_CREATED_OWNERS]++;
  return remember_owner (im, id, name, phone);
}

/* A user by name; a new one is an agent with a generated login. */
gint64
kefu_importer_ensure_user (Importer    *im,
                           const char  *name,
                           GError     **error)
{
  gint64 id = cache_get (im->users, name);

  if (id == 0)
    {
      g_autofree char *login = NULL;

      do
        {
          g_free (login);
          login = g_strdup_printf ("agent%03u", ++im->next_login);
        }
      while (g_hash_table_contains (im->logins, login));
      id = kefu_desk_add_user (im->store, login, name, "agent", NULL, error);
      if (id == 0)
        return 0;
      g_hash_table_add (im->logins, g_steal_pointer (&login));
      cache_put (im->users, name, id);
      im->report->created[KEFU_IMPORT_CREATED_USERS]++;
    }
  return id;
}

gint64
kefu_importer_ensure_team (Importer    *im,
                           const char  *name,
                           GError     **error)
{
  gint64 id = cache_get (im->teams, name);

  if (id == 0)
    {
      PREPARE ("INSERT INTO teams (name) VALUES (?1)");
      kefu_query_bind_text (stmt, 1, name);
      if ((id = kefu_importer_insert (im, stmt, error)) == 0)
        return 0;
      cache_put (im->teams, name, id);
      im->report->created[KEFU_IMPORT_CREATED_TEAMS]++;
    }
  return id;
}

/* A technician of @team by name; without a team, one of that name anywhere. */
gint64
kefu_importer_ensure_technician (Importer    *im,
                                 gint64       team,
                                 const char  *name,
                                 GError     **error)
{
  gint64 id = team != 0 ? cache_get (im->technicians, pair_key (im, team, name))
                        : cache_get (im->technician_names, name);

  if (id == 0)
    {
      PREPARE ("INSERT INTO technicians (name, team_id) VALUES (?1, ?2)");
      g_assert (team != 0);   /* checked with the row */
      kefu_query_bind_text (stmt, 1, name);
      kefu_query_bind_int (stmt, 2, team);
      if ((id = kefu_importer_insert (im, stmt, error)) == 0)
        return 0;
      cache_put (im->technicians, pair_key (im, team, name), id);
      cache_put (im->technician_names, name, id);
      im->report->created[KEFU_IMPORT_CREATED_TECHNICIANS]++;
    }
  return id;
}

#undef PREPARE
