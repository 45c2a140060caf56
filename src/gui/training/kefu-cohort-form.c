/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-form.c — a form of the cohort windows (see the header) */

#include "kefu-cohort-form.h"

G_DEFINE_FINAL_TYPE (KefuCohortForm, kefu_cohort_form, ADW_TYPE_MESSAGE_DIALOG)

static void
kefu_cohort_form_finalize (GObject *object)
{
  KefuCohortForm *self = KEFU_COHORT_FORM (object);

  g_clear_object (&self->store);
  g_clear_object (&self->refresh);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  G_OBJECT_CLASS (kefu_cohort_form_parent_class)->finalize (object);
}

static void
kefu_cohort_form_class_init (KefuCohortFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_cohort_form_finalize;
}

static void
kefu_cohort_form_init (KefuCohortForm *self)
{
}

KefuCohortForm *
kefu_cohort_form_new (GtkWindow  *parent,
                      const char *heading,
                      const char *body)
{
  KefuCohortForm *self = g_object_new (KEFU_TYPE_COHORT_FORM, "transient-for", parent, NULL);

  if (heading != NULL)
    adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  if (body != NULL)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  return self;
}
