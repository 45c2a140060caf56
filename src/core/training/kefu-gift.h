/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-gift.h — Moodle's GIFT format, read and written
 *
 * What is read (https://docs.moodle.org/en/GIFT_format):
 *   // comment lines            ignored, except Kefu's own below
 *   $CATEGORY: path             the category (分类) of the questions after it;
 *                               its last part may name a course module (应急处理)
 *   ::title::                   the question's title
 *   [html] [plain] [markdown]   format markers before the text, dropped
 *   {=right ~wrong ~wrong}      single choice; ~%50% gives a wrong choice credit
 *   {~%50%a ~%50%b ~%-100%c}    multiple choice: no "=", weights, negative allowed
 *   {T} {TRUE} {F} {FALSE}      true/false, with #if-wrong#if-right feedback
 *   {=a =b =%50%c}              short answer: every accepted answer
 *   {}                          essay: a case analysis graded by the trainer
 *   text {…} text               "missing word": the blank is shown as _____
 *   #feedback                   after a choice or an answer
 *   ####feedback                general feedback: the explanation (解析)
 *   \~ \= \# \{ \} \: \\ \n     escapes
 * Questions are separated by blank lines. Matching (->), numerical ({#…}),
 * descriptions (no {…}) and malformed questions are skipped and reported
 * with the line they start on.
 *
 * Kefu keeps what GIFT has no syntax for in comment lines Moodle ignores,
 * so its exports round-trip: "// kefu: points=2 difficulty=3 module=law",
 * "// [tag:礼仪]" (Moodle's own tag comment) and "// kefu-rubric: …" lines.
 */
#pragma once

#include "kefu-question-io.h"

G_BEGIN_DECLS

GPtrArray *kefu_gift_parse  (const char  *text,
                             GArray      *skipped);
char      *kefu_gift_write  (GPtrArray   *questions);

G_END_DECLS
