/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-lifecycle.h — the ticket's states and the moves between them
 *
 * Pure rules, no I/O: kefu-desk-lifecycle.c applies them to the database.
 *
 *   new → dispatched → accepted → on_site → resolved → closed
 *   new → resolved                 (the desk answers an inquiry itself)
 *   any open state ⇄ on_hold       (resume returns to where it was)
 *   resolved, closed → reopened    (owner not satisfied: a repeat)
 *   reopened → dispatched | resolved
 *   any open state → cancelled     (with a reason)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean     kefu_lifecycle_can_move      (const char *from,
                                           const char *to);
const char **kefu_lifecycle_next_states   (const char *from);
gboolean     kefu_lifecycle_needs_reason  (const char *to);

/* 信息核对五要素: what a ticket must have before it is saved. */
typedef enum {
  KEFU_FACT_ADDRESS = 1 << 0,   /* 地址: building or common area */
  KEFU_FACT_UNIT    = 1 << 1,   /* 房号: the unit, or the common area itself */
  KEFU_FACT_NEED    = 1 << 2,   /* 需求: what is wanted */
  KEFU_FACT_URGENCY = 1 << 3,   /* 紧急程度: level 1–3 chosen */
  KEFU_FACT_CONTACT = 1 << 4,   /* 联系方式: a phone number */
} KefuFacts;

const char  *kefu_fact_label              (KefuFacts   fact);
char        *kefu_facts_describe_missing  (KefuFacts   missing);

/* Words that flag a high-emotion request for a senior agent. */
#define KEFU_DEFAULT_EMOTION_WORDS "太离谱,必须解决,投诉到底,曝光,媒体,律师,12345,市长热线,报警,起诉"
gboolean     kefu_text_has_emotion        (const char *text,
                                           const char *words);

/* 禁忌用语 and the wording to use instead. */
typedef struct {
  guint        offset;       /* bytes into the text */
  guint        length;       /* bytes */
  const char  *phrase;
  const char  *suggestion;   /* translated */
} KefuTabooMatch;

GArray      *kefu_text_find_taboo         (const char *text);
const char * const *kefu_standard_phrases (void);

/* Kinds that suggest an emergency level (三级响应). */
int          kefu_suggest_level           (const char *kind,
                                           const char *subtype,
                                           const char *description);

G_END_DECLS
