/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-view.c — the main views' interface (see the header) */

#include "kefu-view.h"

G_DEFINE_INTERFACE (KefuView, kefu_view, GTK_TYPE_WIDGET)

enum {
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kefu_view_default_init (KefuViewInterface *iface)
{
  /* what the view read is shown (not emitted for a failed or stale read) */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
kefu_view_set_store (KefuView  *self,
                     KefuStore *store,
                     KefuUser  *user)
{
  g_return_if_fail (KEFU_IS_VIEW (self));
  KEFU_VIEW_GET_IFACE (self)->set_store (self, store, user);
}

void
kefu_view_reload (KefuView *self)
{
  g_return_if_fail (KEFU_IS_VIEW (self));
  KEFU_VIEW_GET_IFACE (self)->reload (self);
}

gboolean
kefu_view_is_loading (KefuView *self)
{
  g_return_val_if_fail (KEFU_IS_VIEW (self), FALSE);
  return KEFU_VIEW_GET_IFACE (self)->is_loading (self);
}

/* Whether the view keeps up with the store's changes by itself. */
gboolean
kefu_view_follows_store (KefuView *self)
{
  g_return_val_if_fail (KEFU_IS_VIEW (self), FALSE);
  return KEFU_VIEW_GET_IFACE (self)->follows_store;
}

/* For the views themselves: what they read is on screen now. */
void
kefu_view_emit_loaded (KefuView *self)
{
  g_return_if_fail (KEFU_IS_VIEW (self));
  g_signal_emit (self, signals[LOADED], 0);
}
