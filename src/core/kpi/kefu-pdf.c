/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-pdf.c — A4 pages drawn with Cairo and Pango, recorded, then
 * written to a PDF file or replayed onto a printer's pages */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "kefu-pdf-private.h"
#include "kefu-safe-file.h"

void
kefu_pdf_start_page (KefuPdf *pdf)
{
  cairo_rectangle_t extents = { 0, 0, KEFU_PDF_PAGE_W, KEFU_PDF_PAGE_H };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);

  if (pdf->cr != NULL)
    cairo_destroy (pdf->cr);
  g_ptr_array_add (pdf->pages, surface);
  pdf->cr = cairo_create (surface);
}

double
kefu_pdf_text (KefuPdf        *pdf,
               const char     *markup_or_text,
               double          x,
               double          y,
               double          width,
               const char     *font,
               PangoAlignment  align,
               gboolean        markup)
{
  PangoLayout *layout = kefu_text_layout_new (pdf->cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  if (markup)
    pango_layout_set_markup (layout, markup_or_text, -1);
  else
    pango_layout_set_text (layout, markup_or_text, -1);
  cairo_move_to (pdf->cr, x, y);
  pango_cairo_show_layout (pdf->cr, layout);
  pango_layout_get_size (layout, &w, &h);
  pango_font_description_free (desc);
  g_object_unref (layout);
  return h / (double) PANGO_SCALE;
}

gboolean
kefu_pdf_write (GPtrArray   *pages,
                const char  *title,
                const char  *path,
                GQuark       domain,
                int          code,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  KefuSafeFile file = { NULL, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  /* Written beside the target and renamed over it when complete (cairo
   * itself only says "error while writing to output stream"). */
  if (!kefu_safe_file_begin (&file, path, &local_error))
    {
      g_set_error (error, domain, code, _("Could not write “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  surface = cairo_pdf_surface_create (file.tmp, KEFU_PDF_PAGE_W, KEFU_PDF_PAGE_H);
  status = cairo_surface_status (surface);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kefu " PACKAGE_VERSION);
  cr = cairo_create (surface);
  for (guint i = 0; i < pages->len; i++)
    {
      cairo_set_source_surface (cr, pages->pdata[i], 0, 0);
      cairo_paint (cr);
      cairo_show_page (cr);
    }
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      kefu_safe_file_abort (&file);
      g_set_error (error, domain, code, _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
      return FALSE;
    }
  if (!kefu_safe_file_commit (&file, &local_error))
    {
      g_set_error (error, domain, code, _("Could not write “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
