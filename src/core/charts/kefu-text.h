/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-text.h — PangoCairo text as Kefu draws it in charts and PDFs
 *
 * Kefu's data are Chinese whatever the interface language: names,
 * addresses, sub-types. Pango picks a CJK face by the context's language,
 * which defaults to the locale's, so under an English or C locale
 * fontconfig chose Noto Sans CJK JP (Japanese glyph shapes for 直, 骨,
 * 户…). Every layout Kefu draws with Cairo is made here, with the
 * language zh-cn: Simplified Chinese faces for Han, the same Latin face.
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

#define KEFU_TEXT_LANGUAGE "zh-cn"

/* Sets @context's language to Simplified Chinese. */
void         kefu_text_set_language (PangoContext *context);
/* pango_cairo_create_context() with that language. */
PangoContext *kefu_text_context_new (cairo_t      *cr);
/* pango_cairo_create_layout() with that language. */
PangoLayout *kefu_text_layout_new   (cairo_t      *cr);

G_END_DECLS
