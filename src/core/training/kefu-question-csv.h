/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-question-csv.h — the spreadsheet template of question banks
 *
 * Columns (Chinese or English headers, any order): 题型 type, 题干 stem,
 * 选项A…选项H (or A…H), 答案 answer, 解析 explanation, 分值 points,
 * 难度 difficulty, 分类 category; Kefu also writes and reads 标题 title,
 * 标签 tags ("a|b") and 权重 weights (percent per choice, "50|50|-100",
 * only where they are not the defaults of the right letters).
 *   题型    单选题, 多选题, 判断题, 填空题 (short answer), 案例分析题, or the codes
 *   答案    single "B"; multiple "ACD" or "A,C,D"; true/false 对/错, 正确/错误,
 *           √/×, T/F; short answer the accepted answers "a|b"; case analysis
 *           the rubric the trainer grades by
 *   难度    1–5, or 易 1, 较易 2, 中 3, 较难 4, 难 5; empty 3
 *   分值    a number; empty 1
 * Files are UTF-8 with or without BOM, or GB18030 (kefu-import.c detects
 * which). A row is one question; a bad row is skipped with its line.
 */
#pragma once

#include "kefu-question-io.h"

G_BEGIN_DECLS

GPtrArray *kefu_question_csv_parse (const char  *text,
                                    gsize        length,
                                    const char  *path,
                                    GArray      *skipped,
                                    GError     **error);
char      *kefu_question_csv_write (GPtrArray   *questions);

G_END_DECLS
