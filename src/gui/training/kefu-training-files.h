/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-files.h — the Training view's files: question banks in
 * and out (GIFT, CSV), papers printed (PDF) */
#pragma once

#include <adwaita.h>

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_TYPE_TRAINING_FILES (kefu_training_files_get_type ())
G_DECLARE_FINAL_TYPE (KefuTrainingFiles, kefu_training_files, KEFU, TRAINING_FILES, GObject)

KefuTrainingFiles *kefu_training_files_new           (GtkWidget            *owner);
void                  kefu_training_files_set_store     (KefuTrainingFiles *self,
                                                            KefuStore            *store);
/* Imports @path into @bank_name (NULL: a bank named after the file) on a
 * worker thread, then shows what was imported and skipped; "imported"
 * follows, whether or not it worked. */
void                  kefu_training_files_import_file   (KefuTrainingFiles *self,
                                                            const char           *path,
                                                            const char           *bank_name);
gboolean              kefu_training_files_is_importing  (KefuTrainingFiles *self);
/* Asks for the file, then imports it into the bank @bank_id (0: a new bank). */
void                  kefu_training_files_choose_import (KefuTrainingFiles *self,
                                                            gint64                bank_id);
/* Asks where, then exports the bank @bank_id (GIFT, or CSV by the name). */
void                  kefu_training_files_choose_export (KefuTrainingFiles *self,
                                                            gint64                bank_id);
/* Asks where, then prints the paper's versions A and B with their answer
 * sheets to a PDF, and says where (a toast). */
void                  kefu_training_files_choose_print  (KefuTrainingFiles *self,
                                                         gint64             exam_id);

G_END_DECLS
