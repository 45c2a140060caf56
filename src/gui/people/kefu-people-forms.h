/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-people-forms.h — the forms of the Capability Profile window: a 360°
 * review, a ticket turned into an anonymised case, the appraisal's
 * thresholds and the radar's sources */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"
#include "kefu-store-watch.h"

G_BEGIN_DECLS

/* Each form is a KefuPeopleForm: a message dialog that holds its widgets
 * and what its callbacks need, typed. */
#define KEFU_TYPE_PEOPLE_FORM (kefu_people_form_get_type ())
G_DECLARE_FINAL_TYPE (KefuPeopleForm, kefu_people_form, KEFU, PEOPLE_FORM, AdwMessageDialog)

typedef enum {
  KEFU_PEOPLE_FORM_KPI,            /* a goal's: GtkDropDown */
  KEFU_PEOPLE_FORM_BASELINE,       /* GtkLabel */
  KEFU_PEOPLE_FORM_TARGET,         /* GtkSpinButton */
  KEFU_PEOPLE_FORM_DEADLINE,       /* GtkEditable */
  KEFU_PEOPLE_FORM_SCREEN_RESULT,  /* the internal trainer's: GtkLabel */
  KEFU_PEOPLE_FORM_YEAR_RESULT,    /* GtkLabel */
  KEFU_PEOPLE_FORM_NEW_KEY,        /* the settings' new source: GtkEditable */
  KEFU_PEOPLE_FORM_EXCELLENT,      /* the settings' first threshold: GtkSpinButton */
} KefuPeopleFormPart;

/* (for the tests: what a user types into or reads) */
GtkWidget  *kefu_people_form_get_part   (KefuPeopleForm     *self,
                                         KefuPeopleFormPart  part);

/* Each returns the dialog shown (NULL and a message when it cannot be
 * opened); on a save, @notify gets the action "people.refresh". */

/* The signed-in user's scores for @person_id over the quarter of now:
 * as the person themselves, or as a supervisor, trainer or manager, who
 * starts the quarter's round (naming the peers asked) when there is none. */
GtkWindow  *kefu_people_review_dialog   (GtkWindow  *parent,
                                         KefuStore  *store,
                                         gint64      person_id,
                                         GtkWidget  *notify);
/* The signed-in user's answer as a peer to a round they were asked for:
 * pick the round, give five scores; only totals are kept. */
GtkWindow  *kefu_people_peer_review_dialog (GtkWindow  *parent,
                                         KefuStore  *store,
                                         GtkWidget  *notify);
/* A SMART goal for @person_id: a KPI of the dashboard's list (its baseline
 * shown as measured now), a target in its unit, a deadline (the quarter's
 * last day at first), a note; the core checks and refuses with a reason. */
GtkWindow  *kefu_people_goal_dialog     (GtkWindow  *parent,
                                         KefuStore  *store,
                                         gint64      person_id,
                                         GtkWidget  *notify);
/* An internal trainer (内训师) candidate @person_id: the certification
 * screen (years, satisfaction — measured from the surveys when there are
 * some —, a major complaint, the trial lecture's four criteria) and the
 * yearly evaluation, worked out as the figures change; nothing is saved. */
GtkWindow  *kefu_people_trainer_dialog  (GtkWindow  *parent,
                                         KefuStore  *store,
                                         gint64      person_id);
/* A ticket's number → an anonymised draft to edit → a case of the library. */
GtkWindow  *kefu_people_case_dialog     (GtkWindow  *parent,
                                         KefuStore  *store,
                                         GtkWidget  *notify);
/* Fills the case dialog from the ticket numbered @number (as its Anonymise button). */
gboolean    kefu_people_case_dialog_load (GtkWindow  *dialog,
                                         const char *number);
/* The appraisal's thresholds (KEFU_PERMISSION_EDIT_SLA) and the radar's
 * sources (KEFU_PERMISSION_TRAIN), each part only for those with its right. */
GtkWindow  *kefu_people_settings_dialog (GtkWindow  *parent,
                                         KefuStore  *store,
                                         GtkWidget  *notify);
/* The settings dialog follows other desks' changes (#20): shown anew while
 * untouched; with the user's edits, those are kept and it says another
 * desk changed the settings. */
void        kefu_people_settings_dialog_follow (GtkWindow      *dialog,
                                         KefuStoreWatch *watch);
/* (for the tests) the weight of the source @kind/@key in the settings
 * dialog, NULL when it shows none */
GtkWidget  *kefu_people_form_get_source_weight (KefuPeopleForm *self,
                                         const char     *kind,
                                         const char     *key);

G_END_DECLS
