/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-certificates-section.h — the training view's certificates */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

/* Appends the Certificates group to @box: the user's own with the
 * renewal reminder (or that a new hire is not certified yet); for those
 * with the training right, the renewals due and everyone's certificates.
 * Each row prints with training.print-certificate (int64 id). */
void      kefu_certificates_section_add    (GtkBox     *box,
                                            KefuStore  *store,
                                            KefuUser   *user);
/* training.print-certificate: asks where, writes the PDF, says so (win.toast). */
void      kefu_certificates_print          (GtkWidget  *parent,
                                            KefuStore  *store,
                                            gint64      certificate_id);
/* training.certify: issues the cohort's certificates and shows who got
 * one and who did not, and why. Returns the dialog (for tests). */
GtkWidget *kefu_certificates_certify       (GtkWidget  *parent,
                                            KefuStore  *store,
                                            gint64      cohort_id);

G_END_DECLS
