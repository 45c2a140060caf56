/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-certificate.h — certificates, and how they gate the desk
 *
 * A cohort's trainee who passed its exam (best graded attempt since the
 * course began ≥ KEFU_COHORT_EXAM_PASS percent, the cohort's paper when it
 * has one) and a practical assessment (best mean ≥ KEFU_COHORT_PRACTICAL_PASS)
 * is issued a certificate for the tier they trained at, dated by the
 * store's clock and valid for KEFU_CERTIFICATE_VALID_DAYS.
 *
 * The desk's gate (kefu_desk_verify): a new hire (a cohort's new_hire
 * member) without a valid certificate is "pending"; the second check of
 * their urgent tickets (levels 1 and 2) must be made by someone holding a
 * valid certificate, and they make no second check of an urgent ticket
 * themselves. Everyone else checks as before.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_CERTIFICATE_VALID_DAYS   365
#define KEFU_CERTIFICATE_REMIND_DAYS  30   /* renewal reminders this many days before expiry */

typedef struct {
  gint64  id;
  gint64  user_id;
  char   *login;
  char   *name;
  char   *tier;              /* new_hire, in_post, supervisor */
  gint64  cohort_id;         /* 0: none (the cohort was deleted, or an earlier record) */
  char   *cohort;            /* NULL: none */
  double  exam_percent;      /* NAN: not recorded */
  double  practical_score;   /* NAN: not recorded */
  gint64  issued_at;
  gint64  expires_at;        /* valid while issued_at ≤ now < expires_at */
  char   *issued_by;         /* a name, NULL: none */
} KefuCertificate;

void        kefu_certificate_free        (KefuCertificate *certificate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuCertificate, kefu_certificate_free)

/* Trainers, supervisors and administrators (KEFU_PERMISSION_TRAIN); audited.
 * Refuses with a message naming what is missing (exam, practical, and
 * the best result so far) or that the member already holds this
 * cohort's certificate. Returns the new certificate's id, 0 on error. */
gint64      kefu_certificate_issue       (KefuStore    *store,
                                          gint64        cohort_id,
                                          gint64        user_id,
                                          GError      **error);
/* Every member who passed and holds no certificate of the cohort yet, in
 * one transaction. @refused (optional) gets a translated line per member
 * who has not passed, saying why; @n_held (optional) how many hold the
 * cohort's certificate already. Returns how many were issued, -1 on error. */
int         kefu_cohort_certify          (KefuStore    *store,
                                          gint64        cohort_id,
                                          GPtrArray   **refused,
                                          guint        *n_held,
                                          GError      **error);
/* KefuCertificate, newest first per person, by name. @user_id 0: everyone.
 * @expiring_days ≥ 0: only those still valid that expire within that
 * many days of the store's now (the renewal reminders), soonest first. */
GPtrArray  *kefu_certificates            (KefuStore    *store,
                                          gint64        user_id,
                                          int           expiring_days,
                                          GError      **error);
KefuCertificate *kefu_certificate_get    (KefuStore    *store,
                                          gint64        certificate_id,
                                          GError      **error);

/* Holds a certificate valid at the store's now. */
gboolean    kefu_certificate_holds       (KefuStore    *store,
                                          gint64        user_id);
/* A new hire without a valid certificate: gated at the desk. */
gboolean    kefu_certification_pending   (KefuStore    *store,
                                          gint64        user_id);
/* The active people holding a valid certificate (gint64 ids, by name). */
GArray     *kefu_certified_people        (KefuStore    *store,
                                          GError      **error);
/* For kefu_desk_verify(), inside its transaction: refuses when the ticket
 * (level @level, logged by @logger) is urgent and @checker may not check
 * it because of the gate; the message names the person and why. */
gboolean    kefu_certification_check     (KefuStore    *store,
                                          const char   *ticket_number,
                                          int           level,
                                          gint64        logger,
                                          gint64        checker,
                                          GError      **error);

/* What @user_id is reminded of at sign-in and in the training view,
 * translated, or NULL: a certificate that expires within
 * KEFU_CERTIFICATE_REMIND_DAYS (and is not renewed by a later one), or,
 * for a new hire, that they are not certified yet. */
char       *kefu_certificate_reminder    (KefuStore    *store,
                                          gint64        user_id);

/* The certificate as a one-page A4 PDF (Chinese in a Simplified Chinese face). */
gboolean    kefu_certificate_write_pdf   (KefuStore    *store,
                                          gint64        certificate_id,
                                          const char   *path,
                                          GError      **error);
/* "2027-01-05" in local time, for lists */
char       *kefu_certificate_format_day  (gint64        at);

G_END_DECLS
