/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-text.c — PangoCairo text in Simplified Chinese faces (see kefu-text.h) */
#include "config.h"

#include "kefu-text.h"

void
kefu_text_set_language (PangoContext *context)
{
  g_return_if_fail (PANGO_IS_CONTEXT (context));
  pango_context_set_language (context, pango_language_from_string (KEFU_TEXT_LANGUAGE));
}

PangoContext *
kefu_text_context_new (cairo_t *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);

  kefu_text_set_language (context);
  return context;
}

PangoLayout *
kefu_text_layout_new (cairo_t *cr)
{
  PangoContext *context = kefu_text_context_new (cr);
  PangoLayout *layout = pango_layout_new (context);

  g_object_unref (context);
  return layout;
}
