/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-group.h — a group of the Training view: its rows, its
 * empty state and its header buttons */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KEFU_TYPE_TRAINING_GROUP (kefu_training_group_get_type ())
G_DECLARE_FINAL_TYPE (KefuTrainingGroup, kefu_training_group, KEFU, TRAINING_GROUP, AdwPreferencesGroup)

/* Appended to @box. */
KefuTrainingGroup *kefu_training_group_add       (GtkBox            *box,
                                                  const char        *title,
                                                  const char        *description);
GtkWidget         *kefu_training_group_add_row   (KefuTrainingGroup *self,
                                                  const char        *title,
                                                  const char        *subtitle);
void               kefu_training_group_add_empty (KefuTrainingGroup *self,
                                                  const char        *text);
/* Flat buttons in the group's header: pairs of a mnemonic label and an
 * action name, NULL-terminated. Returns the first button. */
GtkWidget         *kefu_training_group_add_header_buttons (KefuTrainingGroup *self,
                                                           const char        *label,
                                                           const char        *action,
                                                           ...) G_GNUC_NULL_TERMINATED;

/* A button on a row (@row NULL: not added) activating @action with @target. */
GtkWidget         *kefu_training_row_button      (GtkWidget         *row,
                                                  const char        *label,
                                                  const char        *action,
                                                  GVariant          *target,
                                                  gboolean           suggested);
/* A dim label at the row's end, in place of a button. */
void               kefu_training_row_note        (GtkWidget         *row,
                                                  const char        *text);

G_END_DECLS
