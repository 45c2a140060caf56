/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-demo-questions.h — built-in demo question bank (示例题库) for training
 * and assessment (培训与考核).
 */
#pragma once
#include <glib.h>
G_BEGIN_DECLS
typedef struct {
  const char *module;      /* one of: "etiquette" (服务礼仪), "communication" (沟通技巧), "digital_tools" (数字化工具),
                              "engineering" (工程知识), "law" (法律实务), "emergency" (应急处理),
                              "team_management" (团队管理), "data_analysis" (数据分析), "value_added" (增值服务) */
  const char *type;        /* "single_choice", "multiple_choice", "true_false", "short_answer", "case_analysis" */
  int         difficulty;  /* 1 (easy) .. 5 (hard) */
  const char *stem;        /* question text, Chinese */
  const char *options;     /* choice options joined by '\n' (2..6 options, no "A." prefixes); NULL for other types */
  const char *answer;      /* single: "B"; multiple: letters in order e.g. "ACD"; true_false: "true" or "false";
                              short_answer: accepted answers joined by '\n'; case_analysis: the grading rubric (Chinese, points per item) */
  const char *explanation; /* 解析, Chinese, one or two sentences */
  double      points;      /* single/true_false 2, multiple 3, short 4, case 10 */
} KefuDemoQuestion;
extern const KefuDemoQuestion kefu_demo_questions[];
extern const guint kefu_demo_n_questions;
G_END_DECLS
