/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-application.c — the desktop program: options, settings, app actions */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-application.h"
#include "kefu-engine.h"
#include "kefu-enums.h"
#include "kefu-profile.h"
#include "kefu-resources.h"
#include "kefu-store.h"
#include "kefu-window.h"

struct _KefuApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (KefuApplication, kefu_application, ADW_TYPE_APPLICATION)

static const GOptionEntry options[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open this database file, or a database server (postgresql://HOST/DB), instead of the default one"), N_("FILE") },
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open on a view: tickets, dispatch, dashboard or training"), N_("VIEW") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "profile-scroll", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Scroll the ticket list top to bottom, print frame times and quit"), NULL },
  { "profile-scroll-floor", 0, 0, G_OPTION_ARG_NONE, NULL, N_("The same with a bare list of the same columns and text held in memory, for comparison"), NULL },
  { "profile-signed-in", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Sign in to the sample database with its PIN before the window shows (with KEFU_PROFILE: the ticket list’s first frame)"), NULL },
  { "profile-first-frame-floor", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show a bare window instead, print the time to its first frame and quit (to compare with KEFU_PROFILE=1)"), NULL },
  { NULL }
};

/* The schema from the system, or from the build tree when run uninstalled;
 * without either, Kefu runs with defaults rather than aborting. */
static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL && g_file_test (BUILD_SCHEMADIR "/gschemas.compiled", G_FILE_TEST_EXISTS))
    {
      build_source = g_settings_schema_source_new_from_directory (BUILD_SCHEMADIR, source, FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APP_ID, FALSE);
    }
  if (schema == NULL)
    {
      g_message ("GSettings schema %s not found: window size and preferences will not be kept", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
apply_color_scheme (KefuApplication *self,
                    const char      *scheme)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (g_strcmp0 (scheme, "light") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_strcmp0 (scheme, "dark") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
color_scheme_action_cb (GSimpleAction *action,
                        GVariant      *value,
                        gpointer       user_data)
{
  KefuApplication *self = user_data;
  const char *scheme = g_variant_get_string (value, NULL);

  g_simple_action_set_state (action, value);
  apply_color_scheme (self, scheme);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "color-scheme", scheme);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close windows properly so each saves its size. */
  for (GList *l = windows; l != NULL; l = windows)
    {
      windows = l->next;
      gtk_window_close (l->data);
    }
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "Kefu developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Kefu"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("The service desk for property-management service centers: "
                                       "tickets, dispatch, service levels, KPIs and training in one local file."),
                         "developer-name", _("Kefu developers"),
                         "developers", developers,
                         "website", "https://github.com/kefudesk/kefu",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static KefuWindow *
get_window (KefuApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL && KEFU_IS_WINDOW (window))
    return KEFU_WINDOW (window);
  return NULL;
}

static int
kefu_application_command_line (GApplication            *app,
                                GApplicationCommandLine *command_line)
{
  KefuApplication *self = KEFU_APPLICATION (app);
  GVariantDict *dict = g_application_command_line_get_options_dict (command_line);
  g_autofree char *db = NULL;
  g_autofree char *last_view = NULL;
  const char *view = NULL;
  KefuWindow *window;

  g_variant_dict_lookup (dict, "db", "^ay", &db);
  g_variant_dict_lookup (dict, "view", "&s", &view);

  if (view != NULL && !kefu_window_is_view_name (view))
    {
      g_application_command_line_printerr (command_line,
                                           _("Unknown view “%s”: use tickets, dispatch, dashboard or training.\n"),
                                           view);
      return 2;
    }

  if (g_variant_dict_contains (dict, "profile-first-frame-floor"))
    {
      kefu_profile_first_frame_floor (GTK_APPLICATION (app));
      return 0;
    }
  window = get_window (self);
  if (window == NULL)
    {
      g_autofree char *path = NULL;

      /* a server (#20) is never a file name: its sign-in page asks who
       * is at the desk, and the desk connects to it as them */
      if (kefu_engine_is_server_spec (db))
        path = g_strdup (db);
      else if (db != NULL)
        {
          g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, db);
          path = g_file_get_path (file);
        }
      else
        path = kefu_store_default_path ();

      kefu_profile_mark ("command line handled");
      window = kefu_window_new (self);
      kefu_profile_mark ("window built");
      kefu_profile_first_frame (window);
      if (view == NULL && self->settings != NULL)
        {
          last_view = g_settings_get_string (self->settings, "last-view");
          if (kefu_window_is_view_name (last_view))
            view = last_view;
        }
      kefu_window_open_database (window, path);
      kefu_profile_mark ("database opened");
    }
  if (view != NULL)
    kefu_window_set_view (window, view);
  if (g_variant_dict_contains (dict, "profile-signed-in") && !kefu_profile_sign_in (window))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      return 1;
    }
  gtk_window_present (GTK_WINDOW (window));
  kefu_profile_mark ("window presented");
  if (g_variant_dict_contains (dict, "profile-scroll"))
    kefu_profile_scroll (window, app);
  else if (g_variant_dict_contains (dict, "profile-scroll-floor"))
    kefu_profile_scroll_floor (window, app);
  return 0;
}

static int
kefu_application_handle_local_options (GApplication *app,
                                       GVariantDict *options_dict)
{
  if (g_variant_dict_contains (options_dict, "version"))
    {
      g_print ("kefu %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
kefu_application_startup (GApplication *app)
{
  KefuApplication *self = KEFU_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "quit", quit_action_cb },
    { "about", about_action_cb },
    { "color-scheme", NULL, "s", "'default'", color_scheme_action_cb },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  /* GTK's own for its help overlay, which Kefu's window builds when first
   * shown (kefu-window.c) instead of with every window */
  static const char *help_accels[] = { "<Control>question", NULL };
  g_autofree char *scheme = NULL;

  kefu_profile_mark ("GTK starting");
  G_APPLICATION_CLASS (kefu_application_parent_class)->startup (app);
  kefu_profile_mark ("GTK started");
  kefu_load_style ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);

  self->settings = load_settings ();
  scheme = self->settings ? g_settings_get_string (self->settings, "color-scheme") : g_strdup ("default");
  g_action_group_change_action_state (G_ACTION_GROUP (app), "color-scheme", g_variant_new_string (scheme));
}

static void
kefu_application_finalize (GObject *object)
{
  KefuApplication *self = (KefuApplication *)object;

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (kefu_application_parent_class)->finalize (object);
}

static void
kefu_application_class_init (KefuApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kefu_application_finalize;
  app_class->startup = kefu_application_startup;
  app_class->command_line = kefu_application_command_line;
  app_class->handle_local_options = kefu_application_handle_local_options;
}

static void
kefu_application_init (KefuApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The service desk for property-management service centers."));
}

/* The bundle is registered by hand: from a static library, an automatic
 * constructor would be dropped by the linker. */
void
kefu_ensure_resources (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      kefu_register_resource ();
      g_once_init_leave (&done, 1);
    }
}

/* Kefu's stylesheet and icons on top of libadwaita's, for every display. Loaded by
 * hand (not as the automatic style.css) so test windows get it too. */
void
kefu_load_style (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (done || gdk_display_get_default () == NULL)
    return;
  done = TRUE;
  kefu_ensure_resources ();
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/kefudesk/Kefu/kefu.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* The app icon, also when Kefu runs from the build tree. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/kefudesk/Kefu/icons");
}

KefuApplication *
kefu_application_new (void)
{
  kefu_ensure_resources ();
  kefu_i18n_init ();
  textdomain (GETTEXT_PACKAGE);

  return g_object_new (KEFU_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}

GSettings *
kefu_application_get_settings (KefuApplication *self)
{
  g_return_val_if_fail (KEFU_IS_APPLICATION (self), NULL);
  return self->settings;
}
