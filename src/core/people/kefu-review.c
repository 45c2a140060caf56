/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-review.c — 360° reviews: self, supervisor, peers and owners
 *
 * A round asks named peers; each peer answers once. What a peer gave is
 * never stored with who gave it: the peers' scores are only added to the
 * round's totals per item (review_peer_totals), and review_peers keeps that
 * a peer answered. The audit log records that they answered (and when),
 * not what: with only totals kept, no row links a peer to a score. The
 * peers' mean is shown from KEFU_REVIEW_MIN_PEERS answers on.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-audit.h"
#include "kefu-auth.h"
#include "kefu-people-private.h"
#include "kefu-query.h"
#include "kefu-store-private.h"

static const struct { const char *code; const char *label; } items[KEFU_N_REVIEW_ITEMS] = {
  [KEFU_REVIEW_RESULTS] = { "results", N_("Work results") },
  [KEFU_REVIEW_TEAM_MANAGEMENT] = { "team_management", N_("Team management") },
  [KEFU_REVIEW_COMMUNICATION] = { "communication", N_("Communication") },
  [KEFU_REVIEW_EMERGENCY] = { "emergency", N_("Emergency handling") },
  [KEFU_REVIEW_SERVICE_QUALITY] = { "service_quality", N_("Service quality") },
};

const char *
kefu_review_item_code (KefuReviewItem item)
{
  g_return_val_if_fail (item < KEFU_N_REVIEW_ITEMS, NULL);
  return items[item].code;
}

const char *
kefu_review_item_label (KefuReviewItem item)
{
  g_return_val_if_fail (item < KEFU_N_REVIEW_ITEMS, NULL);
  return _(items[item].label);
}

gint64
kefu_review_start (KefuStore     *store,
                   gint64         user_id,
                   gint64         from,
                   gint64         to,
                   const gint64  *peers,
                   guint          n_peers,
                   GError       **error)
{
  KEFU_AUTO_QUERY *round = NULL;
  KEFU_AUTO_QUERY *peer = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  if (!kefu_auth_require (store, KEFU_PERMISSION_DEVELOP_PEOPLE, error) ||
      !kefu_people_load_user (store, user_id, NULL, NULL, NULL, error) ||
      !kefu_people_check_team (store, user_id, "review_started", error))
    return 0;
  if (to <= from)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("A review’s period must end after it starts."));
      return 0;
    }
  for (guint i = 0; i < n_peers; i++)
    {
      if (!kefu_people_load_user (store, peers[i], NULL, NULL, NULL, error))
        return 0;
      for (guint j = 0; j < i; j++)
        if (peers[j] == peers[i])
          {
            g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                                 _("A peer is named twice in the review."));
            return 0;
          }
      if (peers[i] == user_id)
        {
          g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                               _("The person reviewed cannot be their own peer: they answer as themselves."));
          return 0;
        }
    }
  if (!kefu_store_begin (store, error))
    return 0;
  round = kefu_query_prepare (store,
      "INSERT INTO review_rounds (user_id, period_from, period_to, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (round == NULL)
    goto fail;
  kefu_query_bind_int (round, 1, user_id);
  kefu_query_bind_int (round, 2, from);
  kefu_query_bind_int (round, 3, to);
  kefu_query_bind_int (round, 4, kefu_store_get_actor (store));
  kefu_query_bind_int (round, 5, kefu_store_now (store));
  if (!kefu_query_run (store, round, error))
    goto fail;
  id = kefu_query_last_id (store);
  peer = kefu_query_prepare (store, "INSERT INTO review_peers (round_id, peer_id) VALUES (?1, ?2)", error);
  if (peer == NULL)
    goto fail;
  for (guint i = 0; i < n_peers; i++)
    {
      kefu_query_reset (peer);
      kefu_query_bind_int (peer, 1, id);
      kefu_query_bind_int (peer, 2, peers[i]);
      if (!kefu_query_run (store, peer, error))
        goto fail;
    }
  detail = g_strdup_printf ("round=%" G_GINT64_FORMAT " peers=%u", id, n_peers);
  if (!kefu_audit_append (store, kefu_store_get_actor (store), "review_started", "users", user_id, detail, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  return id;

fail:
  kefu_store_rollback (store);
  return 0;
}

/* The round's person, and whether the actor is one of its peers (-1: not
 * asked, 0: asked, 1: answered already). */
static gboolean
load_round (KefuStore  *store,
            gint64      round_id,
            gint64     *user_id,
            gint64     *from,
            gint64     *to,
            int        *peer_state,
            GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT r.user_id, r.period_from, r.period_to, "
      "  coalesce((SELECT answered FROM review_peers p WHERE p.round_id = r.id AND p.peer_id = ?2), -1) "
      "FROM review_rounds r WHERE r.id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, round_id);
  kefu_query_bind_int (stmt, 2, kefu_store_get_actor (store));
  if (!kefu_query_step_one (store, stmt, error, KEFU_STORE_ERROR_NOT_FOUND,
                            _("There is no review round %lld."), (long long) round_id))
    return FALSE;
  *user_id = kefu_query_get_int (stmt, 0);
  if (from != NULL)
    *from = kefu_query_get_int (stmt, 1);
  if (to != NULL)
    *to = kefu_query_get_int (stmt, 2);
  if (peer_state != NULL)
    *peer_state = kefu_query_get_int (stmt, 3);
  return TRUE;
}

gboolean
kefu_review_answer (KefuStore     *store,
                    gint64         round_id,
                    const double  *scores,
                    GError       **error)
{
  gint64 user_id = 0, actor;
  int peer_state = -1;
  const char *kind;
  KEFU_AUTO_QUERY *stmt = NULL;
  g_autofree char *detail = NULL;

  if (!kefu_store_require_actor (store, error) ||
      !load_round (store, round_id, &user_id, NULL, NULL, &peer_state, error))
    return FALSE;
  actor = kefu_store_get_actor (store);
  for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
    if (!(scores[i] >= 0 && scores[i] <= 100))
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                     _("A review score is from 0 to 100, not %g (%s)."), scores[i], kefu_review_item_label (i));
        return FALSE;
      }
  if (actor == user_id)
    kind = "self";
  else if (peer_state == 1)
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID,
                           _("You have answered this review as a peer already; a peer’s answer cannot be changed, "
                             "since nobody knows which it was."));
      return FALSE;
    }
  else if (peer_state == 0)
    kind = "peer";
  else if (kefu_auth_require (store, KEFU_PERMISSION_DEVELOP_PEOPLE, NULL))
    {
      if (!kefu_people_check_team (store, user_id, "review_answered", error))
        return FALSE;
      kind = "supervisor";
    }
  else
    {
      g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                           _("Only the person, the peers asked and supervisors, trainers or managers may answer this review."));
      return FALSE;
    }

  if (!kefu_store_begin (store, error))
    return FALSE;
  if (g_str_equal (kind, "peer") && kefu_store_is_server (store))
    {
      /* on a server the server adds it (kefu_review_peer_answer(), server
       * migration 36): no peer writes the totals themselves */
      stmt = kefu_query_prepare (store, "SELECT kefu_review_peer_answer (?1, ?2, ?3, ?4, ?5, ?6, ?7)", error);
      if (stmt == NULL)
        goto fail;
      kefu_query_bind_int (stmt, 1, round_id);
      kefu_query_bind_int (stmt, 2, actor);
      for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
        kefu_query_bind_double (stmt, 3 + i, scores[i]);
      if (!kefu_query_run (store, stmt, error))
        goto fail;
    }
  else if (g_str_equal (kind, "peer"))
    {
      stmt = kefu_query_prepare (store,
          "INSERT INTO review_peer_totals (round_id, item, total, answers) VALUES (?1, ?2, ?3, 1) "
          "ON CONFLICT (round_id, item) DO UPDATE SET total = review_peer_totals.total + excluded.total, "
          "answers = review_peer_totals.answers + 1", error);
      if (stmt == NULL)
        goto fail;
      for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
        {
          kefu_query_reset (stmt);
          kefu_query_bind_int (stmt, 1, round_id);
          kefu_query_bind_text (stmt, 2, items[i].code);
          kefu_query_bind_double (stmt, 3, scores[i]);
          if (!kefu_query_run (store, stmt, error))
            goto fail;
        }
      kefu_query_reset (stmt);
      stmt = kefu_query_prepare (store, "UPDATE review_peers SET answered = 1 WHERE round_id = ?1 AND peer_id = ?2", error);
      if (stmt == NULL)
        goto fail;
      kefu_query_bind_int (stmt, 1, round_id);
      kefu_query_bind_int (stmt, 2, actor);
      if (!kefu_query_run (store, stmt, error))
        goto fail;
    }
  else
    {
      stmt = kefu_query_prepare (store,
          "INSERT INTO review_scores (round_id, rater_id, rater_kind, item, score) VALUES (?1, ?2, ?3, ?4, ?5) "
          "ON CONFLICT (round_id, rater_id, item) DO UPDATE SET score = excluded.score", error);
      if (stmt == NULL)
        goto fail;
      for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
        {
          kefu_query_reset (stmt);
          kefu_query_bind_int (stmt, 1, round_id);
          kefu_query_bind_int (stmt, 2, actor);
          kefu_query_bind_text (stmt, 3, kind);
          kefu_query_bind_text (stmt, 4, items[i].code);
          kefu_query_bind_double (stmt, 5, scores[i]);
          if (!kefu_query_run (store, stmt, error))
            goto fail;
        }
    }
  /* that they answered and as what; never the scores */
  detail = g_strdup_printf ("round=%" G_GINT64_FORMAT " as=%s", round_id, kind);
  if (!kefu_audit_append (store, actor, "review_answered", "review_rounds", round_id, detail, error) ||
      !kefu_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  kefu_store_rollback (store);
  return FALSE;
}

void
kefu_review_result_free (KefuReviewResult *r)
{
  if (r == NULL)
    return;
  g_free (r->name);
  g_free (r);
}

static int
item_of (const char *code)
{
  for (int i = 0; code != NULL && i < KEFU_N_REVIEW_ITEMS; i++)
    if (g_str_equal (items[i].code, code))
      return i;
  return -1;
}

/* @audit: the audit entry's action, NULL for none (a result shown again) */
static KefuReviewResult *
review_result (KefuStore  *store,
               gint64      round_id,
               const char *audit,
               GError    **error)
{
  g_autoptr(KefuReviewResult) r = g_new0 (KefuReviewResult, 1);
  g_autofree char *detail = g_strdup_printf ("round=%" G_GINT64_FORMAT, round_id);
  g_autoptr(KefuKpiReport) kpi = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  int rc;

  if (!kefu_store_require_actor (store, error) ||
      !load_round (store, round_id, &r->user_id, &r->from, &r->to, NULL, error) ||
      !kefu_people_load_user (store, r->user_id, NULL, &r->name, NULL, error) ||
      !kefu_people_check_access (store, r->user_id, audit, detail, error))
    return NULL;
  r->round_id = round_id;
  for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
    r->self[i] = r->supervisor[i] = r->peers[i] = NAN;

  stmt = kefu_query_prepare (store,
      "SELECT rater_kind, item, avg(score) FROM review_scores WHERE round_id = ?1 GROUP BY rater_kind, item", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, round_id);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      int item = item_of (kefu_query_get_text (stmt, 1));
      if (item < 0)
        continue;
      if (g_str_equal (kefu_query_get_text (stmt, 0), "self"))
        r->self[item] = kefu_query_get_double (stmt, 2);
      else
        r->supervisor[item] = kefu_query_get_double (stmt, 2);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  kefu_query_reset (stmt);

  stmt = kefu_query_prepare (store,
      "SELECT count(*), coalesce(sum(answered), 0) FROM review_peers WHERE round_id = ?1", error);
  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, round_id);
  if (kefu_query_step (store, stmt, error) != KEFU_QUERY_ROW)
    return NULL;   /* the count always gives a row */
  r->peers_asked = kefu_query_get_int (stmt, 0);
  r->peers_answered = kefu_query_get_int (stmt, 1);
  r->peers_shown = r->peers_answered >= KEFU_REVIEW_MIN_PEERS;
  kefu_query_reset (stmt);
  if (r->peers_shown)
    {
      stmt = kefu_query_prepare (store, "SELECT item, total / answers FROM review_peer_totals WHERE round_id = ?1", error);
      if (stmt == NULL)
        return NULL;
      kefu_query_bind_int (stmt, 1, round_id);
      while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
        {
          int item = item_of (kefu_query_get_text (stmt, 0));
          if (item >= 0)
            r->peers[item] = kefu_query_get_double (stmt, 1);
        }
      if (rc == KEFU_QUERY_FAILED)
        return NULL;
      kefu_query_reset (stmt);
    }

  /* the owners: their follow-up ratings of the person's tickets */
  kpi = kefu_kpi_compute_agent (store, r->user_id, r->from, r->to, error);
  if (kpi == NULL)
    return NULL;
  r->owners = kpi->value[KEFU_KPI_SATISFACTION];
  r->owner_ratings = (guint) kpi->ratings;
  return g_steal_pointer (&r);
}

KefuReviewResult *
kefu_review_result (KefuStore  *store,
                    gint64      round_id,
                    GError    **error)
{
  return review_result (store, round_id, "review_viewed", error);
}

KefuReviewResult *
kefu_review_result_reload (KefuStore  *store,
                           gint64      round_id,
                           GError    **error)
{
  return review_result (store, round_id, NULL, error);
}

char *
kefu_review_result_to_json (const KefuReviewResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "round");
  json_builder_add_int_value (b, r->round_id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, r->name);
  json_builder_set_member_name (b, "peers_asked");
  json_builder_add_int_value (b, r->peers_asked);
  json_builder_set_member_name (b, "peers_answered");
  json_builder_add_int_value (b, r->peers_answered);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < KEFU_N_REVIEW_ITEMS; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "item");
      json_builder_add_string_value (b, items[i].code);
      kefu_people_json_number (b, "self", r->self[i]);
      kefu_people_json_number (b, "supervisor", r->supervisor[i]);
      kefu_people_json_number (b, "peers", r->peers[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  kefu_people_json_number (b, "owners", r->owners);
  json_builder_set_member_name (b, "owner_ratings");
  json_builder_add_int_value (b, r->owner_ratings);
  json_builder_end_object (b);
  return kefu_people_json_text (b);
}

gint64
kefu_review_find_round (KefuStore  *store,
                        gint64      user_id,
                        gint64      from,
                        gint64      to,
                        GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT id FROM review_rounds WHERE user_id = ?1 AND period_from = ?2 AND period_to = ?3 ORDER BY id DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return -1;
  kefu_query_bind_int (stmt, 1, user_id);
  kefu_query_bind_int (stmt, 2, from);
  kefu_query_bind_int (stmt, 3, to);
  rc = kefu_query_step (store, stmt, error);
  if (rc == KEFU_QUERY_ROW)
    return kefu_query_get_int (stmt, 0);
  if (rc == KEFU_QUERY_FAILED)
    return -1;
  return 0;
}

void
kefu_review_asked_free (KefuReviewAsked *asked)
{
  if (asked == NULL)
    return;
  g_free (asked->name);
  g_free (asked);
}

GPtrArray *
kefu_review_asked (KefuStore  *store,
                   GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_review_asked_free);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT r.id, u.name, r.period_from, r.period_to FROM review_peers p JOIN review_rounds r ON r.id = p.round_id "
      "JOIN users u ON u.id = r.user_id WHERE p.peer_id = ?1 AND p.answered = 0 ORDER BY r.id DESC", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, kefu_store_get_actor (store));
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    {
      KefuReviewAsked *a = g_new0 (KefuReviewAsked, 1);
      a->round_id = kefu_query_get_int (stmt, 0);
      a->name = g_strdup (kefu_query_get_text (stmt, 1));
      a->from = kefu_query_get_int (stmt, 2);
      a->to = kefu_query_get_int (stmt, 3);
      g_ptr_array_add (list, a);
    }
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}
