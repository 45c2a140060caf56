/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-form.h — a form of the cohort windows (edit a cohort, add a
 * member, schedule a session, key in a survey, a new staff group…): a
 * message dialog holding its fields, typed, for its response callback.
 * Each form fills in the fields it shows and leaves the others NULL. */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_COHORT_FORM (kefu_cohort_form_get_type ())
G_DECLARE_FINAL_TYPE (KefuCohortForm, kefu_cohort_form, KEFU, COHORT_FORM, AdwMessageDialog)

struct _KefuCohortForm
{
  AdwMessageDialog  parent_instance;

  KefuStore        *store;      /* the forms opened without an editor */
  GtkWidget        *refresh;    /* gets "training.refresh" after a change */
  gint64            id;         /* the session, member, cohort or staff group it is about */
  int               months;     /* a checkpoint's */

  /* a cohort */
  GtkWidget        *course;     /* drop-downs of KefuChoice */
  GtkWidget        *group;
  GtkWidget        *name;
  GtkWidget        *from;
  GtkWidget        *to;
  /* a member */
  GtkWidget        *person;
  GtkWidget        *tier;
  /* a session */
  GtkWidget        *day;
  GtkWidget        *time;
  GtkWidget        *hours;
  GtkWidget        *topic;
  GtkWidget        *place;
  /* a survey, a checkpoint, an observation */
  GPtrArray        *spins;      /* GtkSpinButton */
  GtkWidget        *comment;
  GtkWidget        *note;
  GtkWidget        *week;
  GtkWidget        *phrases;
  GtkWidget        *handling;
  GtkWidget        *cooperation;
};

/* As adw_message_dialog_new() (@heading and @body are plain text). */
KefuCohortForm *kefu_cohort_form_new (GtkWindow  *parent,
                                      const char *heading,
                                      const char *body);

G_END_DECLS
