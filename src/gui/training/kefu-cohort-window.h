/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-window.h — a cohort's four-level evaluation on one page */
#pragma once

#include <adwaita.h>

#include "kefu-cohort.h"

G_BEGIN_DECLS

#define KEFU_TYPE_COHORT_WINDOW (kefu_cohort_window_get_type ())
G_DECLARE_FINAL_TYPE (KefuCohortWindow, kefu_cohort_window, KEFU, COHORT_WINDOW, AdwWindow)

KefuCohortWindow       *kefu_cohort_window_new        (GtkWindow         *parent,
                                                       KefuStore         *store,
                                                       gint64             cohort_id,
                                                       GError           **error);
const KefuCohortReport *kefu_cohort_window_get_report (KefuCohortWindow  *self);
GtkWindow              *kefu_cohort_window_add_ledger (KefuCohortWindow  *self);

G_END_DECLS
