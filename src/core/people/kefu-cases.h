/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cases.h — the case library (案例库)
 *
 * A case: its type (舆情 public opinion, 法律 legal, 操作 operational, or a
 * service case), what happened, how it was handled, the result and the
 * lessons, a risk grade red / yellow / blue, linked to questions and
 * courses. A ticket becomes a draft case with the owner's personal data
 * replaced before anything is saved: the names of the ticket's owner and
 * contact (and 张先生-style forms of them) become 某业主, phone numbers
 * (masked ones too) ***, the ticket's unit and location 某单元; then any
 * other name, unit or phone written in the free text (kefu_case_scrub) is
 * replaced too; the case keeps no link back to the ticket. Saving scrubs
 * every text of the case again (what the trainer typed or edited), and
 * still refuses text that holds a phone-like number. Trainers, supervisors and administrators keep the
 * library (KEFU_PERMISSION_TRAIN).
 */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

typedef enum {
  KEFU_CASE_PUBLIC_OPINION,
  KEFU_CASE_LEGAL,
  KEFU_CASE_OPERATIONAL,
  KEFU_CASE_SERVICE,
  KEFU_N_CASE_TYPES
} KefuCaseType;

typedef enum {
  KEFU_RISK_RED,
  KEFU_RISK_YELLOW,
  KEFU_RISK_BLUE,
  KEFU_N_RISKS
} KefuRisk;

typedef struct {
  gint64        id;          /* 0 for a draft */
  char         *title;
  KefuCaseType  type;
  KefuRisk      risk;
  char         *kind;        /* the ticket's kind and sub-type codes, or NULL */
  char         *subtype;
  char         *happened;
  char         *handling;
  char         *result;
  char         *lessons;
} KefuCase;

const char *kefu_case_type_code  (KefuCaseType type);
const char *kefu_case_type_label (KefuCaseType type);
int         kefu_case_type_from_code (const char *code);
const char *kefu_risk_code       (KefuRisk risk);
const char *kefu_risk_label      (KefuRisk risk);
int         kefu_risk_from_code  (const char *code);

void        kefu_case_free       (KefuCase   *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KefuCase, kefu_case_free)

/* Names written in free text (a common surname and up to two characters
 * before 先生/女士/小姐/阿姨/叔叔/大爷/大妈/师傅 → 某先生…, one to three
 * before 业主 → 某业主), units (3栋502, 5号楼1单元1201室, 3#502, 502室 →
 * 某单元) and phone numbers (→ ***) replaced, whoever's they are. */
char       *kefu_case_scrub      (const char          *text);
/* @text with @names (and their 张先生 forms), @places and phone numbers
 * replaced, then kefu_case_scrub()bed. */
char       *kefu_case_anonymize  (const char          *text,
                                  const char * const  *names,
                                  const char * const  *places);
/* A draft from a ticket, anonymised; nothing is saved. */
KefuCase   *kefu_case_draft_from_ticket (KefuStore  *store,
                                         gint64      ticket_id,
                                         GError    **error);
/* Saves a new case (audited); returns its id. */
gint64      kefu_case_save       (KefuStore       *store,
                                  const KefuCase  *c,
                                  GError         **error);
/* Links a case to a question or (@question_id 0) a course. */
gboolean    kefu_case_link       (KefuStore  *store,
                                  gint64      case_id,
                                  gint64      question_id,
                                  gint64      course_id,
                                  GError    **error);
GPtrArray  *kefu_case_list       (KefuStore  *store,
                                  GError    **error);

G_END_DECLS
