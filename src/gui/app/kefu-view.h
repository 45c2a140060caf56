/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-view.h — what the window asks of a main view
 *
 * The dashboard, the dispatch board and the training view are read when
 * they are looked at and anew each time: the window hands the visible one
 * the store and the signed-in user (kefu_view_set_store, which reloads),
 * and a view says when it is reading (kefu_view_is_loading) and when what
 * it read is shown (the "loaded" signal). Each reads through its own
 * KefuLoader (kefu-loader.h). The tickets view follows the store itself
 * (its list reloads on every change): it sets follows_store and is given
 * the store once, when someone signs in.
 */
#pragma once

#include <gtk/gtk.h>

#include "kefu-store.h"
#include "kefu-user.h"

G_BEGIN_DECLS

#define KEFU_TYPE_VIEW (kefu_view_get_type ())
G_DECLARE_INTERFACE (KefuView, kefu_view, KEFU, VIEW, GtkWidget)

struct _KefuViewInterface
{
  GTypeInterface parent_iface;

  /* sets what the view reads, and who for, and reads it anew */
  void     (*set_store)  (KefuView  *self,
                          KefuStore *store,
                          KefuUser  *user);
  void     (*reload)     (KefuView  *self);
  gboolean (*is_loading) (KefuView  *self);

  /* TRUE: set once at sign-in, not each time it is looked at */
  gboolean follows_store;
};

void     kefu_view_set_store   (KefuView  *self,
                                KefuStore *store,
                                KefuUser  *user);
void     kefu_view_reload      (KefuView  *self);
gboolean kefu_view_is_loading  (KefuView  *self);
gboolean kefu_view_follows_store (KefuView *self);
void     kefu_view_emit_loaded (KefuView  *self);

G_END_DECLS
