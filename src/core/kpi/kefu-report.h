/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-report.h — the monthly report for management: PDF and XLSX */
#pragma once

#include "kefu-store.h"

G_BEGIN_DECLS

#define KEFU_REPORT_ERROR (kefu_report_error_quark ())
GQuark kefu_report_error_quark (void);

typedef enum {
  KEFU_REPORT_ERROR_FORMAT,    /* the file name ends in neither .pdf nor .xlsx */
  KEFU_REPORT_ERROR_WRITE,     /* the file cannot be written */
} KefuReportError;

/* One row of the customer-analysis table the industry reports with:
 * 序号 | 客户类别 | 数量 | 比例 | 服务需求及反馈意见 | 处理状态 | 满意度评分 | 处理时长(天) | 跟进计划.
 * The category is the owner's tag (the first in collation order), "普通业主"
 * for an owner without tags, and "公共区域" for tickets without an owner. */
typedef struct {
  char   *category;
  gint64  tickets;
  double  share;            /* 0–1 */
  char   *needs;            /* the three most frequent sub-types with counts */
  gint64  resolved;
  gint64  open;
  double  satisfaction;     /* mean rating × 20, NAN without ratings */
  double  days;             /* mean created → resolved, days; NAN if none resolved */
  char   *plan;             /* what to follow up, from the figures */
} KefuCustomerRow;

typedef struct {
  char   *location;
  char   *subtype;          /* translated */
  gint64  reports;
  gint64  first_at;
  gint64  last_at;
} KefuRecurringFault;

GPtrArray  *kefu_report_customers        (KefuStore   *store,
                                          gint64       from,
                                          gint64       to,
                                          GError     **error);
GPtrArray  *kefu_report_recurring_faults (KefuStore   *store,
                                          gint64       from,
                                          gint64       to,
                                          guint        limit,
                                          GError     **error);

/* The month's report (@month "YYYY-MM") to @path, .pdf or .xlsx. */
gboolean    kefu_report_monthly          (KefuStore   *store,
                                          const char  *month,
                                          const char  *path,
                                          GError     **error);
/* The report's pages for any period (the dashboard's), as cairo recording
 * surfaces of kefu_report_page_size() points, to replay onto a printer's
 * pages. "Last month" columns are then the previous period of the same length. */
GPtrArray  *kefu_report_render_pages     (KefuStore   *store,
                                          gint64       from,
                                          gint64       to,
                                          const char  *title,
                                          GError     **error);
void        kefu_report_page_size        (double      *width,
                                          double      *height);
/* The month a report is for unless chosen: the last whole month before
 * @now (the store's clock), "YYYY-MM". */
char       *kefu_report_default_month    (gint64       now);
gboolean    kefu_report_parse_month      (const char  *month,
                                          gint64      *from,
                                          gint64      *to);

G_END_DECLS
