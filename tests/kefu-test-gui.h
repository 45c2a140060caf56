/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-test-gui.h — what the GUI tests share: waiting, finding widgets,
 * screenshots */
#pragma once

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "kefu-application.h"
#include "kefu-enums.h"

/* What every GUI test program does first: Shanghai's zone, settings in
 * memory, the translations, GTK and libadwaita with Kefu's style and no
 * animations (screenshots show settled pages, not a cross-fade half way).
 * FALSE without a display: the program then returns 77 (skipped). */
static inline gboolean
kefu_test_gui_init (int    *argc,
                    char ***argv)
{
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  setlocale (LC_ALL, "");
  kefu_i18n_init ();
  textdomain (GETTEXT_PACKAGE);
  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_message ("no display: the GUI tests need one (build-aux/kefu test runs them under Xvfb)");
      return FALSE;
    }
  adw_init ();
  kefu_load_style ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return TRUE;
}


/* Opens @path in @window on a store whose clock says @now: the GUI takes
 * its clock from the store, so no GUI test depends on today's date. */
#define kefu_test_window_open_at(window, path, now) \
  G_STMT_START { \
    g_autoptr(GError) open_error_ = NULL; \
    g_autoptr(KefuStore) open_store_ = kefu_store_open ((path), KEFU_STORE_OPEN_DEFAULT, &open_error_); \
    if (open_store_ == NULL) /* the window shows its error page */ \
      kefu_window_open_database ((window), (path)); \
    else \
      { \
        kefu_store_set_now (open_store_, (now)); \
        kefu_window_set_store ((window), open_store_); \
      } \
  } G_STMT_END

static inline const char *
lang_tag (void)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);
  return messages != NULL && g_str_has_prefix (messages, "zh_CN") ? "zh_CN" : "en";
}

static inline gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static inline void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Spins the main loop until @check is true, for at most @seconds. */
static inline gboolean
wait_for (gboolean (*check) (gpointer),
          gpointer  data,
          guint     seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!check (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static inline void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("KEFU_SCREENSHOT_DIR");
  g_autofree char *fallback = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                                "..", "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s-%s.png", lang_tag (), name);
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w, h;

  wait_ms (300);
  /* a new window is shown and allocated a few frames later (slower under ASan) */
  for (int i = 0; i < 100 && gtk_widget_get_width (widget) == 0; i++)
    wait_ms (50);
  w = gtk_widget_get_width (widget);
  h = gtk_widget_get_height (widget);
  g_assert_cmpint (w, >, 0);
  /* A window whose dialog just closed may have no picture of itself until
   * its next frame: ask for one. */
  for (int i = 0; i < 20 && node == NULL; i++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (i > 0)
        {
          gtk_widget_queue_draw (widget);
          wait_ms (50);
        }
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  if (dir == NULL)
    dir = fallback;
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static inline GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *obj = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);
  g_assert_nonnull (obj);
  return GTK_WIDGET (obj);
}

static inline GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (w))
        return w;
    }
  return NULL;
}

static inline GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (label == NULL || (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}
