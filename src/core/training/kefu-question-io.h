/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-question-io.h — question banks from and to files
 *
 * Two formats: Moodle's GIFT (kefu-gift.h) and the spreadsheet template
 * Chinese trainers use (kefu-question-csv.h). A file is read whole first;
 * each question is taken entirely or skipped entirely, and every skipped
 * question is reported with the line it starts on and why. The good ones
 * are written in one transaction. A question the bank already holds (the
 * same type, text, choices and key: kefu_question_same()) is not added
 * again but reported, so importing a file twice changes nothing. A
 * category (分类) that names no course module, built in or in the
 * trainer's mapping (kefu_module_alias_set()), is kept and reported.
 */
#pragma once

#include "kefu-questions.h"

G_BEGIN_DECLS

typedef struct {
  guint  line;     /* where the question starts in the file */
  char  *reason;   /* translated */
} KefuQuestionSkip;

typedef enum {
  KEFU_QUESTION_FORMAT_AUTO,   /* by the file name: .csv is the template, anything else GIFT */
  KEFU_QUESTION_FORMAT_GIFT,
  KEFU_QUESTION_FORMAT_CSV,
} KefuQuestionFormat;

typedef struct {
  gint64      bank_id;
  guint       imported[KEFU_QUESTION_N_TYPES];
  GArray     *skipped;      /* KefuQuestionSkip, in file order */
  GArray     *duplicates;   /* KefuQuestionSkip: already in the bank (or earlier in the file), not added again */
  GArray     *notes;        /* KefuQuestionSkip: imported, but with something to check (a category with no module) */
  const char *encoding;     /* "UTF-8" or "GB18030" */
} KefuQuestionImport;

void                kefu_question_skip_add        (GArray              *skipped,
                                                   guint                line,
                                                   const char          *format,
                                                   ...) G_GNUC_PRINTF (3, 4);
GArray             *kefu_question_skips_new       (void);

KefuQuestionImport *kefu_questions_import_file    (KefuStore           *store,
                                                   const char          *path,
                                                   KefuQuestionFormat   format,
                                                   const char          *bank_name,
                                                   GError             **error);
KefuQuestionImport *kefu_questions_import_into    (KefuStore           *store,
                                                   const char          *path,
                                                   KefuQuestionFormat   format,
                                                   gint64               bank_id,
                                                   GError             **error);
void                kefu_question_import_free     (KefuQuestionImport  *import);
guint               kefu_question_import_total    (const KefuQuestionImport *import);

gboolean            kefu_questions_export_file    (KefuStore           *store,
                                                   gint64               bank_id,
                                                   KefuQuestionFormat   format,
                                                   const char          *path,
                                                   guint               *n_written,
                                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuQuestionImport, kefu_question_import_free)

G_END_DECLS
