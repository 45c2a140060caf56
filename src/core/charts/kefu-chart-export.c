/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-chart-export.c — writing a chart to a PNG, SVG or PDF file
 */
#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "kefu-chart-private.h"
#include "kefu-safe-file.h"

/* ---- export ------------------------------------------------------------------- */

gboolean
kefu_chart_export (KefuChart   *self,
                   const char  *path,
                   int          width,
                   int          height,
                   GError     **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GError) local_error = NULL;
  KefuSafeFile file = { NULL, NULL };
  const char *tmp;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  gboolean png = FALSE;
  const Palette *pal;

  g_return_val_if_fail (KEFU_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_FORMAT,
                   _("Cannot export the chart to “%s”: the size %d × %d is empty"), display, width, height);
      return FALSE;
    }

  lower = g_ascii_strdown (path, -1);
  if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg") && !g_str_has_suffix (lower, ".pdf"))
    {
      g_set_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_FORMAT,
                   _("Cannot export the chart to “%s”: the file name must end in .png, .svg or .pdf"), display);
      return FALSE;
    }
  /* Written beside the file and renamed: it appears complete or not at all. */
  if (!kefu_safe_file_begin (&file, path, &local_error))
    {
      g_set_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_WRITE,
                   _("Cannot write the chart to “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  tmp = file.tmp;
  if (g_str_has_suffix (lower, ".png"))
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      png = TRUE;
    }
  else if (g_str_has_suffix (lower, ".svg"))
    surface = cairo_svg_surface_create (tmp, width, height);
  else
    surface = cairo_pdf_surface_create (tmp, width, height);

  cr = cairo_create (surface);
  pal = kefu_chart_palette (self);
  kefu_chart_set_rgb (cr, &pal->bg);
  cairo_paint (cr);
  kefu_chart_render (self, cr, width, height);
  cairo_destroy (cr);

  if (png)
    status = cairo_surface_write_to_png (surface, tmp);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_WRITE,
                   _("Cannot write the chart to “%s”: %s"), display, cairo_status_to_string (status));
      kefu_safe_file_abort (&file);
      return FALSE;
    }
  if (!kefu_safe_file_commit (&file, &local_error))
    {
      g_set_error (error, KEFU_CHART_ERROR, KEFU_CHART_ERROR_WRITE,
                   _("Cannot write the chart to “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}
