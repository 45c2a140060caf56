/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

/* Called once the trainer chose Create: the new assessment's id, or -1
 * and why (@error may be NULL when nothing was done) */
typedef void (*KefuNewAssessmentCreated) (gpointer      data,
                                          gint64        id,
                                          const GError *error);

GtkWindow *kefu_new_assessment_present (GtkWindow                *parent,
                                        KefuStore                *store,
                                        GListModel               *users,
                                        KefuNewAssessmentCreated  created,
                                        gpointer                  data,
                                        GDestroyNotify            destroy);

G_END_DECLS
