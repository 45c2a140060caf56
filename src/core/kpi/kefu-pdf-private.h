/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-pdf-private.h — A4 pages drawn with Cairo and Pango, recorded,
 * then written to a PDF file or replayed onto a printer's pages */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "kefu-text.h"

G_BEGIN_DECLS

#define KEFU_PDF_PAGE_W 595.0   /* A4 in points */
#define KEFU_PDF_PAGE_H 842.0

typedef struct {
  cairo_t   *cr;        /* the current page */
  int        page;
  double     y;         /* where the next thing goes */
  GPtrArray *pages;     /* cairo_surface_t (recording), one per page */
} KefuPdf;

void      kefu_pdf_start_page (KefuPdf        *pdf);
/* Draws @text (or Pango markup) at x, y within @width; returns its height. */
double    kefu_pdf_text       (KefuPdf        *pdf,
                               const char     *markup_or_text,
                               double          x,
                               double          y,
                               double          width,
                               const char     *font,
                               PangoAlignment  align,
                               gboolean        markup);
gboolean  kefu_pdf_write      (GPtrArray      *pages,
                               const char     *title,
                               const char     *path,
                               GQuark          domain,
                               int             code,
                               GError        **error);

G_END_DECLS
