/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-certificate.c — certificates, and how they gate the desk
 *
 * See kefu-certificate.h. Every date is the store's clock.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-assessment.h"
#include "kefu-auth.h"
#include "kefu-certificate.h"
#include "kefu-cohort.h"
#include "kefu-training-private.h"

#define DAY ((gint64) 86400)

void
kefu_certificate_free (KefuCertificate *c)
{
  if (c == NULL)
    return;
  g_free (c->login);
  g_free (c->name);
  g_free (c->tier);
  g_free (c->cohort);
  g_free (c->issued_by);
  g_free (c);
}

char *
kefu_certificate_format_day (gint64 at)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (at);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("?");
}

static char *
user_name (KefuStore *store,
           gint64     user_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT name FROM users WHERE id = ?1", NULL);

  if (stmt == NULL)
    return g_strdup ("?");
  kefu_query_bind_int (stmt, 1, user_id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    return g_strdup_printf ("#%" G_GINT64_FORMAT, user_id);
  return g_strdup (kefu_query_get_text (stmt, 0));
}

/* Learning results --------------------------------------------------------- */

typedef struct {
  char   *tier;
  char   *name;
  char   *cohort;
  double  exam;        /* NAN: none */
  double  practical;   /* NAN: none final */
  gboolean practical_provisional; /* a practical waits for its panel */
  gboolean has_one;    /* already holds a certificate of this cohort */
} Results;

static void
results_clear (Results *r)
{
  g_free (r->tier);
  g_free (r->name);
  g_free (r->cohort);
}

/* The member's best exam and practical since the cohort began. */
static gboolean
read_results (KefuStore  *store,
              gint64      cohort_id,
              gint64      user_id,
              Results    *r,
              GError    **error)
{
  gint64 now = kefu_store_now (store);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      "SELECT m.tier, u.name, c.name, c.starts_at, "
      "  (SELECT max(CASE WHEN a.max_score > 0 THEN 100.0 * a.score / a.max_score END) FROM attempts a "
      "     WHERE a.user_id = m.user_id AND a.state = 'graded' AND a.submitted_at >= c.starts_at "
      "     AND a.submitted_at <= ?3 AND (c.exam_id IS NULL OR a.exam_id = c.exam_id)), "
      "  EXISTS (SELECT 1 FROM certificates x WHERE x.user_id = m.user_id AND x.cohort_id = m.cohort_id) "
      "FROM cohort_members m JOIN users u ON u.id = m.user_id JOIN cohorts c ON c.id = m.cohort_id "
      "WHERE m.cohort_id = ?1 AND m.user_id = ?2", error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 starts;

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, cohort_id);
  kefu_query_bind_int (stmt, 2, user_id);
  kefu_query_bind_int (stmt, 3, now);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    {
      g_autofree char *name = user_name (store, user_id);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("%s is not a member of cohort %lld."), name, (long long) cohort_id);
      return FALSE;
    }
  r->tier = g_strdup (kefu_query_get_text (stmt, 0));
  r->name = g_strdup (kefu_query_get_text (stmt, 1));
  r->cohort = g_strdup (kefu_query_get_text (stmt, 2));
  starts = kefu_query_get_int (stmt, 3);
  r->exam = kefu_query_is_null (stmt, 4) ? NAN : kefu_query_get_double (stmt, 4);
  r->has_one = (int) kefu_query_get_int (stmt, 5);
  r->practical = NAN;
  {
    KEFU_AUTO_QUERY *a = kefu_query_prepare (store,
        "SELECT id FROM assessments WHERE trainee_id = ?1 AND held_at >= ?2 AND held_at <= ?3 ORDER BY id", error);
    if (a == NULL)
      return FALSE;
    kefu_query_bind_int (a, 1, user_id);
    kefu_query_bind_int (a, 2, starts);
    kefu_query_bind_int (a, 3, now);
    while (kefu_query_step (store, a, NULL) == KEFU_QUERY_ROW)
      {
        gint64 id = kefu_query_get_int (a, 0);
        g_array_append_val (ids, id);
      }
  }
  for (guint i = 0; i < ids->len; i++)
    {
      g_auto(KefuAssessmentResult) res = { 0 };
      if (!kefu_assessment_result (store, g_array_index (ids, gint64, i), &res, error))
        return FALSE;
      /* a provisional result (a rater missing, a spread over 15 not
       * resolved) is not a result yet */
      if (res.n_raters > 0 && res.provisional)
        r->practical_provisional = TRUE;
      else if (res.n_raters > 0 && (isnan (r->practical) || res.mean > r->practical))
        r->practical = res.mean;
    }
  return TRUE;
}

/* NULL when @r passes; otherwise why not, translated. */
static char *
why_not (const Results *r)
{
  g_autofree char *exam = NULL;
  g_autofree char *practical = NULL;

  if (r->has_one)
    return g_strdup_printf (_("%s already holds the certificate of “%s”."), r->name, r->cohort);
  if (isnan (r->exam))
    exam = g_strdup_printf (_("no graded exam yet (%.0f %% needed)"), KEFU_COHORT_EXAM_PASS);
  else if (r->exam < KEFU_COHORT_EXAM_PASS)
    exam = g_strdup_printf (_("best exam %.1f %%, %.0f %% needed"), r->exam, KEFU_COHORT_EXAM_PASS);
  if (isnan (r->practical) && r->practical_provisional)
    practical = g_strdup_printf (_("the practical's result is still provisional (%.0f needed)"), KEFU_COHORT_PRACTICAL_PASS);
  else if (isnan (r->practical))
    practical = g_strdup_printf (_("no rated practical yet (%.0f needed)"), KEFU_COHORT_PRACTICAL_PASS);
  else if (r->practical < KEFU_COHORT_PRACTICAL_PASS)
    practical = g_strdup_printf (_("best practical %.1f, %.0f needed"), r->practical, KEFU_COHORT_PRACTICAL_PASS);
  if (exam == NULL && practical == NULL)
    return NULL;
  {
    g_autofree char *what = exam != NULL && practical != NULL
                            /* Translators: joins two reasons */
                            ? g_strdup_printf (_("%s; %s"), exam, practical)
                            : g_strdup (exam != NULL ? exam : practical);
    /* Translators: the person, the cohort, then what is missing */
    return g_strdup_printf (_("%s has not passed “%s”: %s."), r->name, r->cohort, what);
  }
}

/* Issuing ------------------------------------------------------------------ */

/* Inside the caller's savepoint. Returns the id, 0 when refused or on error. */
static gint64
issue_locked (KefuStore  *store,
              gint64      cohort_id,
              gint64      user_id,
              char      **refused,
              gboolean   *held,
              GError    **error)
{
  Results r = { 0 };
  g_autofree char *why = NULL;
  KEFU_AUTO_QUERY *stmt = NULL;
  gint64 now = kefu_store_now (store);
  gint64 id = 0;

  if (!read_results (store, cohort_id, user_id, &r, error))
    goto out;
  if (held != NULL && r.has_one)
    {
      *held = TRUE;
      goto out;
    }
  why = why_not (&r);
  if (why != NULL)
    {
      if (refused != NULL)
        *refused = g_steal_pointer (&why);
      else
        g_set_error_literal (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, why);
      goto out;
    }
  stmt = kefu_query_prepare (store,
      "INSERT INTO certificates (user_id, tier, cohort_id, exam_percent, practical_score, issued_at, expires_at, issued_by) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    goto out;
  kefu_query_bind_int (stmt, 1, user_id);
  kefu_query_bind_text (stmt, 2, r.tier);
  kefu_query_bind_int (stmt, 3, cohort_id);
  kefu_query_bind_double (stmt, 4, r.exam);
  kefu_query_bind_double (stmt, 5, r.practical);
  kefu_query_bind_int (stmt, 6, now);
  kefu_query_bind_int (stmt, 7, now + KEFU_CERTIFICATE_VALID_DAYS * DAY);
  kefu_query_bind_id (stmt, 8, kefu_store_get_actor (store));
  if (!kefu_query_run (store, stmt, error))
    goto out;
  id = kefu_query_last_id (store);
  if (!kefu_auth_audit (store, kefu_store_get_actor (store), "issue_certificate", "certificates", id, NULL, error))
    id = 0;
out:
  results_clear (&r);
  return id;
}

gint64
kefu_certificate_issue (KefuStore  *store,
                        gint64      cohort_id,
                        gint64      user_id,
                        GError    **error)
{
  gint64 id;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error) || !kefu_training_savepoint (store, error))
    return 0;
  id = issue_locked (store, cohort_id, user_id, NULL, NULL, error);
  if (!kefu_training_release (store, id > 0, error))
    return 0;
  return id;
}

int
kefu_cohort_certify (KefuStore   *store,
                     gint64       cohort_id,
                     GPtrArray  **refused,
                     guint       *n_held,
                     GError     **error)
{
  g_autoptr(GArray) users = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) why = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;
  int issued = 0;
  guint held = 0;

  if (!kefu_auth_require (store, KEFU_PERMISSION_TRAIN, error))
    return -1;
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
        "SELECT m.user_id FROM cohort_members m JOIN users u ON u.id = m.user_id "
        "WHERE m.cohort_id = ?1 ORDER BY u.name, u.id", error);
    if (stmt == NULL)
      return -1;
    kefu_query_bind_int (stmt, 1, cohort_id);
    while (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
      {
        gint64 id = kefu_query_get_int (stmt, 0);
        g_array_append_val (users, id);
      }
  }
  {
    KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, "SELECT 1 FROM cohorts WHERE id = ?1", error);
    if (stmt == NULL)
      return -1;
    kefu_query_bind_int (stmt, 1, cohort_id);
    if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
      {
        g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                     _("There is no %s %lld."), _("cohort"), (long long) cohort_id);
        return -1;
      }
  }
  if (!kefu_training_savepoint (store, error))
    return -1;
  for (guint i = 0; i < users->len && ok; i++)
    {
      char *reason = NULL;
      gboolean has_one = FALSE;
      gint64 id = issue_locked (store, cohort_id, g_array_index (users, gint64, i), &reason, &has_one, error);

      if (id > 0)
        issued++;
      else if (has_one)
        held++;
      else if (reason != NULL)
        g_ptr_array_add (why, reason);
      else
        ok = FALSE;
    }
  if (!kefu_training_release (store, ok, error))
    return -1;
  if (refused != NULL)
    *refused = g_steal_pointer (&why);
  if (n_held != NULL)
    *n_held = held;
  return issued;
}

/* Reading ------------------------------------------------------------------ */

#define CERT_SELECT \
  "SELECT x.id, x.user_id, u.login, u.name, x.tier, x.cohort_id, c.name, x.exam_percent, x.practical_score, " \
  "  x.issued_at, x.expires_at, b.name " \
  "FROM certificates x JOIN users u ON u.id = x.user_id LEFT JOIN cohorts c ON c.id = x.cohort_id " \
  "LEFT JOIN users b ON b.id = x.issued_by "

static KefuCertificate *
cert_from_row (KefuQuery     *stmt)
{
  KefuCertificate *c = g_new0 (KefuCertificate, 1);

  c->id = kefu_query_get_int (stmt, 0);
  c->user_id = kefu_query_get_int (stmt, 1);
  c->login = g_strdup (kefu_query_get_text (stmt, 2));
  c->name = g_strdup (kefu_query_get_text (stmt, 3));
  c->tier = g_strdup (kefu_query_get_text (stmt, 4));
  c->cohort_id = kefu_query_get_int (stmt, 5);
  c->cohort = g_strdup (kefu_query_get_text (stmt, 6));
  c->exam_percent = kefu_query_is_null (stmt, 7) ? NAN : kefu_query_get_double (stmt, 7);
  c->practical_score = kefu_query_is_null (stmt, 8) ? NAN : kefu_query_get_double (stmt, 8);
  c->issued_at = kefu_query_get_int (stmt, 9);
  c->expires_at = kefu_query_get_int (stmt, 10);
  c->issued_by = g_strdup (kefu_query_get_text (stmt, 11));
  return c;
}

GPtrArray *
kefu_certificates (KefuStore  *store,
                   gint64      user_id,
                   int         expiring_days,
                   GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_certificate_free);
  gint64 now = kefu_store_now (store);
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store,
      CERT_SELECT
      "WHERE (?1 = 0 OR x.user_id = ?1) "
      "AND (?2 < 0 OR (x.issued_at <= ?3 AND x.expires_at > ?3 AND x.expires_at <= ?3 + ?2 * 86400 "
      "     AND NOT EXISTS (SELECT 1 FROM certificates y WHERE y.user_id = x.user_id AND y.tier = x.tier "
      "                     AND y.expires_at > x.expires_at))) "
      "ORDER BY CASE WHEN ?2 < 0 THEN 0 ELSE x.expires_at END, u.name, u.id, x.issued_at DESC, x.id DESC", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, user_id);
  kefu_query_bind_int (stmt, 2, expiring_days);
  kefu_query_bind_int (stmt, 3, now);
  while ((rc = kefu_query_step (store, stmt, error)) == KEFU_QUERY_ROW)
    g_ptr_array_add (list, cert_from_row (stmt));
  if (rc == KEFU_QUERY_FAILED)
    return NULL;
  return g_steal_pointer (&list);
}

KefuCertificate *
kefu_certificate_get (KefuStore  *store,
                      gint64      certificate_id,
                      GError    **error)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, CERT_SELECT "WHERE x.id = ?1", error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, certificate_id);
  if (kefu_query_step (store, stmt, NULL) != KEFU_QUERY_ROW)
    {
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_NOT_FOUND,
                   _("There is no %s %lld."), _("certificate"), (long long) certificate_id);
      return NULL;
    }
  return cert_from_row (stmt);
}

static gboolean
ask (KefuStore  *store,
     const char *sql,
     gint64      user_id)
{
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, NULL);

  if (stmt == NULL)
    return FALSE;
  kefu_query_bind_int (stmt, 1, user_id);
  kefu_query_bind_int (stmt, 2, kefu_store_now (store));
  return kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW && (int) kefu_query_get_int (stmt, 0);
}

/* Who holds a certificate when, for the desk's gate: every desk asks it
 * of other people (a ticket's logger, the certified checkers). On a
 * server a person reads only their own certificates (row-level security,
 * server migration 42); certificate_validity shows everyone's holder,
 * tier and dates without the scores. */
static const char *
validity (KefuStore *store)
{
  return kefu_store_is_server (store) ? "certificate_validity" : "certificates";
}

#define HOLDS_SQL \
  "EXISTS (SELECT 1 FROM %s x WHERE x.user_id = ?1 AND x.issued_at <= ?2 AND x.expires_at > ?2)"

gboolean
kefu_certificate_holds (KefuStore *store,
                        gint64     user_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " HOLDS_SQL, validity (store));

  return ask (store, sql, user_id);
}

/* Who is a new hire: on a server every desk reads it through the view
 * cohort_new_hires (server migration 47), which shows no cohort; the
 * members themselves only to whom Kefu shows them. */
static const char *
new_hires (KefuStore *store)
{
  return kefu_store_is_server (store) ? "cohort_new_hires m WHERE" : "cohort_members m WHERE m.tier = 'new_hire' AND";
}

gboolean
kefu_certification_pending (KefuStore *store,
                            gint64     user_id)
{
  g_autofree char *sql = g_strdup_printf (
      "SELECT EXISTS (SELECT 1 FROM %s m.user_id = ?1) AND NOT " HOLDS_SQL, new_hires (store), validity (store));

  return ask (store, sql, user_id);
}

GArray *
kefu_certified_people (KefuStore  *store,
                       GError    **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = g_strdup_printf (
      "SELECT u.id FROM users u WHERE u.active <> 0 AND EXISTS (SELECT 1 FROM %s x WHERE x.user_id = u.id "
      "AND x.issued_at <= ?1 AND x.expires_at > ?1) ORDER BY u.name, u.id", validity (store));
  KEFU_AUTO_QUERY *stmt = kefu_query_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  kefu_query_bind_int (stmt, 1, kefu_store_now (store));
  while (kefu_query_step (store, stmt, NULL) == KEFU_QUERY_ROW)
    {
      gint64 id = kefu_query_get_int (stmt, 0);
      g_array_append_val (ids, id);
    }
  return g_steal_pointer (&ids);
}

gboolean
kefu_certification_check (KefuStore   *store,
                          const char  *ticket_number,
                          int          level,
                          gint64       logger,
                          gint64       checker,
                          GError     **error)
{
  if (level < 1 || level > 2)
    return TRUE;
  if (kefu_certification_pending (store, checker))
    {
      g_autofree char *name = user_name (store, checker);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("%s is a new hire without a valid certificate and may not make the second check of urgent "
                     "ticket %s: a certified agent checks it."), name, ticket_number);
      return FALSE;
    }
  if (logger > 0 && kefu_certification_pending (store, logger) && !kefu_certificate_holds (store, checker))
    {
      g_autofree char *who = user_name (store, logger);
      g_autofree char *name = user_name (store, checker);
      g_set_error (error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_PERMISSION,
                   _("Ticket %s was logged by %s, a new hire not yet certified: its second check must be made by "
                     "a certified agent, and %s holds no valid certificate."), ticket_number, who, name);
      return FALSE;
    }
  return TRUE;
}

char *
kefu_certificate_reminder (KefuStore *store,
                           gint64     user_id)
{
  g_autoptr(GPtrArray) due = kefu_certificates (store, user_id, KEFU_CERTIFICATE_REMIND_DAYS, NULL);
  gint64 now = kefu_store_now (store);

  if (due != NULL && due->len > 0)
    {
      const KefuCertificate *c = due->pdata[0];
      g_autofree char *day = kefu_certificate_format_day (c->expires_at - 1);
      int days = (int) ((c->expires_at - now + DAY - 1) / DAY);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Your %s certificate is valid until %s, %d day from now: renew it with a refresher course and its exam.",
                                           "Your %s certificate is valid until %s, %d days from now: renew it with a refresher course and its exam.",
                                           days),
                              kefu_tier_label (c->tier), day, days);
    }
  if (kefu_certification_pending (store, user_id))
    return g_strdup (_("You are not certified yet: until you pass your tier’s exam and practical, a certified agent "
                       "makes the second check of your urgent tickets."));
  return NULL;
}
