/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-confirm.h — a question about one item of the Training
 * view (a paper, a bank, a cohort), answered with a response; and the
 * view's error message */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_TRAINING_CONFIRM (kefu_training_confirm_get_type ())
G_DECLARE_FINAL_TYPE (KefuTrainingConfirm, kefu_training_confirm, KEFU, TRAINING_CONFIRM, AdwMessageDialog)

/* @name: the widget name tests find it by; @item_id: what it is about
 * (0: nothing yet, e.g. a new bank). */
KefuTrainingConfirm *kefu_training_confirm_new         (GtkWindow           *parent,
                                                        const char          *name,
                                                        const char          *heading,
                                                        const char          *body,
                                                        gint64               item_id);
gint64               kefu_training_confirm_get_item_id (KefuTrainingConfirm *self);
/* Cancel, and @response labelled @label with @appearance. */
void                 kefu_training_confirm_add_choice  (KefuTrainingConfirm *self,
                                                        const char          *response,
                                                        const char          *label,
                                                        AdwResponseAppearance appearance);

/* What @response does to the item: @op on @store; when it fails, the
 * dialog says why under @failed; then "done" (@done or NULL, TRUE). */
typedef gboolean (*KefuTrainingItemOp) (KefuStore  *store,
                                        gint64      item_id,
                                        GError    **error);
void                 kefu_training_confirm_set_op      (KefuTrainingConfirm *self,
                                                        const char          *response,
                                                        KefuStore           *store,
                                                        KefuTrainingItemOp   op,
                                                        const char          *failed,
                                                        const char          *done);

/* Says why something was not done, over @parent ("training-error"). */
void                 kefu_training_show_error          (GtkWindow           *parent,
                                                        const char          *heading,
                                                        const char          *message);

G_END_DECLS
