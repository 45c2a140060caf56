/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-certificate-pdf.c — a certificate as a PDF (see kefu-certificate.h),
 * apart from kefu-certificate.c so that what checks certificates at the
 * desk does not bring cairo and Pango into every program
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-certificate.h"
#include "kefu-cohort.h"
#include "kefu-pdf-private.h"
#include "kefu-training-private.h"

/* The PDF ------------------------------------------------------------------ */

gboolean
kefu_certificate_write_pdf (KefuStore   *store,
                            gint64       certificate_id,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(KefuCertificate) c = kefu_certificate_get (store, certificate_id, error);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  g_autofree char *issued = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *number = NULL;
  g_autofree char *line = NULL;
  KefuPdf pdf = { NULL, 0, 0, pages };
  double y = 150, w = KEFU_PDF_PAGE_W - 160;
  gboolean ok;

  if (c == NULL)
    return FALSE;
  issued = kefu_certificate_format_day (c->issued_at);
  expires = kefu_certificate_format_day (c->expires_at - 1);
  kefu_pdf_start_page (&pdf);
  /* a double frame */
  cairo_set_source_rgb (pdf.cr, 0.55, 0.12, 0.10);
  cairo_set_line_width (pdf.cr, 3);
  cairo_rectangle (pdf.cr, 40, 40, KEFU_PDF_PAGE_W - 80, KEFU_PDF_PAGE_H - 80);
  cairo_stroke (pdf.cr);
  cairo_set_line_width (pdf.cr, 0.8);
  cairo_rectangle (pdf.cr, 50, 50, KEFU_PDF_PAGE_W - 100, KEFU_PDF_PAGE_H - 100);
  cairo_stroke (pdf.cr);
  cairo_set_source_rgb (pdf.cr, 0.1, 0.1, 0.1);

  y += kefu_pdf_text (&pdf, _("Certificate of Training"), 80, y, w, "Sans Bold 26", PANGO_ALIGN_CENTER, FALSE) + 12;
  number = g_strdup_printf (_("No. %06lld"), (long long) c->id);
  y += kefu_pdf_text (&pdf, number, 80, y, w, "Sans 10", PANGO_ALIGN_CENTER, FALSE) + 60;
  y += kefu_pdf_text (&pdf, c->name, 80, y, w, "Sans Bold 22", PANGO_ALIGN_CENTER, FALSE) + 30;
  line = g_strdup_printf (_("has passed the exam and the practical assessment of the %s tier"), kefu_tier_label (c->tier));
  y += kefu_pdf_text (&pdf, line, 80, y, w, "Sans 13", PANGO_ALIGN_CENTER, FALSE) + 8;
  if (c->cohort != NULL)
    y += kefu_pdf_text (&pdf, c->cohort, 80, y, w, "Sans Bold 13", PANGO_ALIGN_CENTER, FALSE) + 8;
  g_clear_pointer (&line, g_free);
  if (!isnan (c->exam_percent) && !isnan (c->practical_score))
    {
      line = g_strdup_printf (_("Exam %.1f %% · Practical %.1f"), c->exam_percent, c->practical_score);
      y += kefu_pdf_text (&pdf, line, 80, y, w, "Sans 11", PANGO_ALIGN_CENTER, FALSE) + 8;
      g_clear_pointer (&line, g_free);
    }
  y += 40;
  line = g_strdup_printf (_("Issued on %s · valid until %s"), issued, expires);
  y += kefu_pdf_text (&pdf, line, 80, y, w, "Sans 12", PANGO_ALIGN_CENTER, FALSE) + 8;
  g_clear_pointer (&line, g_free);
  if (c->issued_by != NULL)
    {
      line = g_strdup_printf (_("Issued by %s"), c->issued_by);
      kefu_pdf_text (&pdf, line, 80, y, w, "Sans 11", PANGO_ALIGN_CENTER, FALSE);
    }
  kefu_pdf_text (&pdf, _("With a valid certificate the holder makes the second check of urgent tickets at the desk."),
                 80, KEFU_PDF_PAGE_H - 120, w, "Sans Italic 9", PANGO_ALIGN_CENTER, FALSE);
  cairo_destroy (pdf.cr);
  ok = kefu_pdf_write (pages, _("Certificate of Training"), path, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, error);
  return ok;
}
