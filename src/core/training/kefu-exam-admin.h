/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-exam-admin.h — looking after papers and results once they exist
 *
 * Correcting a key: a question's answer key was wrong. The key is fixed in
 * place on every version of the question that carries the same wrong key
 * (the versions attempts used; its text is unchanged, so no new version is
 * made), and every submitted or graded attempt that answered it is
 * re-marked at once: the question's score, the attempt's score and
 * whether it passed. The correction (old key, new key, who, when, why)
 * and each changed score (old and new, the attempt's too) are recorded.
 * A written answer has no key: its grade is corrected by grading again,
 * which is recorded the same way.
 *
 * Voiding an attempt: a trainer voids an attempt made by mistake (the
 * wrong person at the desk, a sheet keyed to the wrong name) with a
 * reason. It stays on the record but no longer counts: not in results,
 * statistics or pass rates, and not against the attempts allowed.
 *
 * Papers: a copy is a new draft with the same settings, questions and
 * draw rules. A make-up paper (补考) is a published copy assigned, for the
 * dates given, to those assigned to the original (or who sat it) who
 * failed it or never sat it; whoever passed, or still waits for grading,
 * is left out. It names the paper it makes up for.
 */
#pragma once

#include "kefu-exam.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_SCORE_CHANGE_REGRADE,        /* a trainer graded a written answer again */
  KEFU_SCORE_CHANGE_KEY,            /* re-marked after a key correction */
} KefuScoreChangeKind;

typedef struct {
  gint64               attempt_id;
  guint                position;
  KefuScoreChangeKind  kind;
  double               old_score;          /* NAN: there was none */
  double               new_score;
  double               old_attempt_score;
  double               new_attempt_score;
  char                *reason;             /* the key correction's, or NULL */
  char                *changed_by;         /* the name */
  gint64               changed_at;
} KefuScoreChange;

typedef struct {
  guint  n_versions;                 /* question versions whose key changed */
  guint  n_answers;                  /* answers re-marked */
  guint  n_changed;                  /* … whose score changed */
  guint  n_attempts;                 /* attempts whose score changed */
  guint  n_pass_changed;             /* attempts that now pass, or no longer do */
} KefuKeyCorrection;

char       *kefu_question_key_text        (const KefuQuestion  *q);
gboolean    kefu_question_correct_key     (KefuStore           *store,
                                           gint64               question_id,
                                           const char          *key,
                                           const char          *reason,
                                           KefuKeyCorrection   *result,
                                           GError             **error);
gboolean    kefu_attempt_void             (KefuStore           *store,
                                           gint64               attempt_id,
                                           const char          *reason,
                                           GError             **error);
GPtrArray  *kefu_attempt_score_changes    (KefuStore           *store,
                                           gint64               attempt_id,
                                           GError             **error);
void        kefu_score_change_free        (KefuScoreChange     *change);
gint64      kefu_exam_copy                (KefuStore           *store,
                                           gint64               exam_id,
                                           const char          *name,
                                           GError             **error);
gint64      kefu_exam_make_up             (KefuStore           *store,
                                           gint64               exam_id,
                                           gint64               opens_at,
                                           gint64               closes_at,
                                           guint               *n_assigned,
                                           GError             **error);
GArray     *kefu_exam_attempt_ids         (KefuStore           *store,
                                           gint64               exam_id,
                                           GError             **error);
char       *kefu_attempt_void_note        (KefuStore           *store,
                                           gint64               attempt_id);
gint64      kefu_exam_makeup_of           (KefuStore           *store,
                                           gint64               exam_id);

G_END_DECLS
