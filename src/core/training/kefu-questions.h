/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-questions.h — question banks and their questions, with versions
 *
 * A question is a plain struct the editor, the importers and the exam
 * engine share. Choices are kept in the order the author wrote them;
 * answers refer to them by letter (A = the first). Each choice has a
 * weight in percent of the question's points: for single choice 100 on
 * the right one; for multiple choice the weights of the right ones add up
 * to 100 and wrong ones may be negative (GIFT's ~%-50%). Where a file
 * gives only the right letters (the spreadsheet's 答案 "ACD") the right
 * choices share 100 and the wrong ones share −100, so ticking every box
 * scores nothing; kefu_question_set_right_letters() sets these defaults.
 * Short answers keep a weight per accepted answer (100 = full credit).
 *
 * Versions: a question that an attempt has used is never changed in
 * place. Saving an edit of it writes a new row (version + 1, same
 * family_id, supersedes = the old id) and retires the old one, so old
 * attempts keep the exact text they were given.
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_QUESTION_SINGLE_CHOICE,
  KEFU_QUESTION_MULTIPLE_CHOICE,
  KEFU_QUESTION_TRUE_FALSE,
  KEFU_QUESTION_SHORT_ANSWER,
  KEFU_QUESTION_CASE_ANALYSIS,
  KEFU_QUESTION_WRITTEN,          /* 简答题: a written answer a trainer grades by its rubric */
  KEFU_QUESTION_N_TYPES
} KefuQuestionType;

#define KEFU_QUESTION_MAX_OPTIONS 8   /* A…H, the spreadsheet template's columns */

typedef struct {
  gint64            id;            /* 0 until saved */
  gint64            family_id;     /* the first version's id; shared by all versions */
  gint64            bank_id;
  int               version;
  KefuQuestionType  type;
  char             *title;         /* GIFT's ::title::, or NULL */
  char             *stem;          /* 题干 */
  GPtrArray        *options;       /* char *: choices (A, B…); short answer: the accepted answers */
  GArray           *weights;       /* double per option, percent (always one per option) */
  GPtrArray        *feedback;      /* char * per option ("" for none); true/false: [if wrong, if right] */
  gboolean          answer_true;   /* true/false */
  char             *rubric;        /* case analysis, written answer: what the trainer grades against */
  char             *explanation;   /* 解析, shown after the answer (GIFT's #### general feedback) */
  double            points;        /* 分值 */
  int               difficulty;    /* 1 (easy) … 5 (hard) */
  char             *module;        /* a course module code (emergency…), or NULL */
  char             *category;      /* 分类 as the author wrote it, or NULL */
  GPtrArray        *tags;          /* char * */
  gboolean          retired;
  guint             line;          /* where an importer found it; 0 otherwise */
} KefuQuestion;

const char   *kefu_question_type_code      (KefuQuestionType     type);
gboolean      kefu_question_type_parse     (const char          *text,
                                            KefuQuestionType    *type);
const char   *kefu_question_type_chinese   (KefuQuestionType     type);
gboolean      kefu_question_type_is_written (KefuQuestionType    type);
const char   *kefu_module_parse            (const char          *text);
const char   *kefu_module_chinese          (const char          *code);

KefuQuestion *kefu_question_new            (KefuQuestionType     type);
KefuQuestion *kefu_question_copy           (const KefuQuestion  *q);
void          kefu_question_free           (KefuQuestion        *q);
void          kefu_question_add_option     (KefuQuestion        *q,
                                            const char          *text,
                                            double               weight,
                                            const char          *feedback);
double        kefu_question_weight         (const KefuQuestion  *q,
                                            guint                option);
gboolean      kefu_question_has_weights    (const KefuQuestion  *q);
char         *kefu_question_right_letters  (const KefuQuestion  *q);
gboolean      kefu_question_set_right_letters (KefuQuestion     *q,
                                            const char          *letters);
gboolean      kefu_question_validate       (const KefuQuestion  *q,
                                            GError             **error);
gboolean      kefu_question_equal          (const KefuQuestion  *a,
                                            const KefuQuestion  *b);
gboolean      kefu_question_same           (const KefuQuestion  *a,
                                            const KefuQuestion  *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuQuestion, kefu_question_free)

/* Banks */
gint64        kefu_bank_find               (KefuStore           *store,
                                            const char          *name,
                                            GError             **error);
gint64        kefu_bank_ensure             (KefuStore           *store,
                                            const char          *name,
                                            GError             **error);
GPtrArray    *kefu_bank_questions          (KefuStore           *store,
                                            gint64               bank_id,
                                            GError             **error);
gint64        kefu_bank_create             (KefuStore           *store,
                                            const char          *name,
                                            GError             **error);
gboolean      kefu_bank_rename             (KefuStore           *store,
                                            gint64               bank_id,
                                            const char          *name,
                                            GError             **error);
gboolean      kefu_bank_delete             (KefuStore           *store,
                                            gint64               bank_id,
                                            GError             **error);
char         *kefu_bank_name               (KefuStore           *store,
                                            gint64               bank_id,
                                            GError             **error);

/* Categories (分类) → course modules: the built-in names (应急处理…) and
 * the trainer's own mapping (法律法规 → law), kept in the store. */
char         *kefu_module_alias_lookup     (KefuStore           *store,
                                            const char          *category);
gboolean      kefu_module_alias_set        (KefuStore           *store,
                                            const char          *category,
                                            const char          *module,
                                            GError             **error);
GPtrArray    *kefu_module_aliases          (KefuStore           *store,
                                            GError             **error);

/* Questions */
gint64        kefu_question_insert         (KefuStore           *store,
                                            KefuQuestion        *q,
                                            GError             **error);
KefuQuestion *kefu_question_load           (KefuStore           *store,
                                            gint64               id,
                                            GError             **error);
gint64        kefu_question_save           (KefuStore           *store,
                                            KefuQuestion        *q,
                                            GError             **error);
gboolean      kefu_question_retire         (KefuStore           *store,
                                            gint64               id,
                                            GError             **error);
gint64        kefu_question_current        (KefuStore           *store,
                                            gint64               id,
                                            GError             **error);
gboolean      kefu_question_is_used        (KefuStore           *store,
                                            gint64               id);

/* The question list of a bank */
typedef struct {
  const char  *text;               /* in the stem, title, choices, category or tags; NULL: any */
  int          type;               /* a KefuQuestionType, or -1 for any */
  const char  *category;           /* 分类 exactly, or NULL */
  const char  *module;             /* a module code, or NULL */
  gboolean     include_retired;
} KefuQuestionFilter;

GPtrArray    *kefu_bank_search             (KefuStore                *store,
                                            gint64                    bank_id,
                                            const KefuQuestionFilter *filter,
                                            GError                  **error);
GPtrArray    *kefu_bank_categories         (KefuStore           *store,
                                            gint64               bank_id,
                                            GError             **error);
gboolean      kefu_question_unretire       (KefuStore           *store,
                                            gint64               id,
                                            GError             **error);

G_END_DECLS
