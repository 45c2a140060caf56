/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-server-people-window.c — the people of a center on a database
 * server (#20)
 *
 * Everyone signed in sees who works at the center (name, login, role,
 * switched off); an administrator adds a person (a password, not a PIN:
 * on a server signing in is PostgreSQL's), switches them off or on, and
 * changes their role and estates — through the server's SECURITY DEFINER
 * functions (kefu-server-people.c). The server refuses anyone else, in
 * words the desk translates; the window does not offer it to them.
 * Profiles, appraisals and goals open from it (KefuPeopleWindow), read
 * and written as the signed-in person's role. The list follows other
 * desks' changes through the window's store watch (the "people" topic).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-enums.h"
#include "kefu-people-window.h"
#include "kefu-server-people.h"
#include "kefu-server-people-window.h"

static const char * const roles[] = { "agent", "dispatcher", "supervisor", "trainer", "manager", "admin", NULL };

struct _KefuServerPeopleWindow
{
  AdwWindow             parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  AdwPreferencesGroup  *group;
  GtkButton            *add_button;
  GtkButton            *profiles_button;

  KefuStore            *store;
  gint64                user_id;  /* the person signed in */
  gboolean              admin;
  GPtrArray            *rows;     /* AdwActionRow, in the group */
  GPtrArray            *people;   /* KefuServerPerson, the rows' order */
  KefuStoreWatch       *watch;    /* other desks' changes (NULL: not followed) */
};

G_DEFINE_FINAL_TYPE (KefuServerPeopleWindow, kefu_server_people_window, ADW_TYPE_WINDOW)

static void
say (KefuServerPeopleWindow *self,
     const char             *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static char *
subtitle_of (const KefuServerPerson *p)
{
  const char *role = kefu_code_label (KEFU_CODES_ROLE, p->role);

  if (!p->active)
    /* Translators: a person on the server: login · role · switched off */
    return g_strdup_printf (_("%s · %s · switched off"), p->login, role);
  /* Translators: a person on the server: login · role */
  return g_strdup_printf (_("%s · %s"), p->login, role);
}

/* The menu of an administrator's changes to one person */
static GMenuModel *
person_menu (const KefuServerPerson *p)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) role_menu = g_menu_new ();
  g_autoptr(GMenu) rest = g_menu_new ();

  for (guint i = 0; roles[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (kefu_code_label (KEFU_CODES_ROLE, roles[i]), NULL);

      g_menu_item_set_action_and_target_value (item, "people.set-role", g_variant_new ("(ss)", p->login, roles[i]));
      g_menu_append_item (role_menu, item);
    }
  g_menu_append_submenu (menu, _("_Role"), G_MENU_MODEL (role_menu));
  {
    g_autoptr(GMenuItem) estates = g_menu_item_new (_("_Estates…"), NULL);
    g_autoptr(GMenuItem) active = g_menu_item_new (p->active ? _("Switch _Off") : _("Switch _On"), NULL);

    g_autoptr(GMenuItem) password = g_menu_item_new (_("New _Password…"), NULL);

    g_menu_item_set_action_and_target_value (estates, "people.estates", g_variant_new_string (p->login));
    g_menu_item_set_action_and_target_value (active, "people.set-active", g_variant_new ("(sb)", p->login, !p->active));
    g_menu_item_set_action_and_target_value (password, "people.password", g_variant_new_string (p->login));
    g_menu_append_item (rest, estates);
    g_menu_append_item (rest, password);
    g_menu_append_item (rest, active);
  }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (rest));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static gboolean
reload (KefuServerPeopleWindow  *self,
        GError                 **error)
{
  g_autoptr(GPtrArray) people = kefu_server_people_list (self->store, error);

  if (people == NULL)
    return FALSE;
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  self->people = g_steal_pointer (&people);
  for (guint i = 0; i < self->people->len; i++)
    {
      const KefuServerPerson *p = self->people->pdata[i];
      g_autofree char *subtitle = subtitle_of (p);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (!p->active)
        gtk_widget_add_css_class (row, "dim-label");
      if (self->admin)
        {
          g_autoptr(GMenuModel) menu = person_menu (p);
          GtkWidget *button = gtk_menu_button_new ();

          gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
          gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, _("Change this person"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
  return TRUE;
}

/* After a change: the list read again, or the refusal said */
static void
changed (KefuServerPeopleWindow *self,
         gboolean                done,
         GError                 *error,
         const char             *success)
{
  g_autoptr(GError) again = NULL;

  if (!done)
    {
      say (self, error->message);
      return;
    }
  if (!reload (self, &again))
    say (self, again->message);
  else if (success != NULL)
    say (self, success);
}

gboolean
kefu_server_people_window_add (KefuServerPeopleWindow  *self,
                               const char              *login,
                               const char              *name,
                               const char              *role,
                               const char              *password,
                               GError                 **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *text = NULL;
  gboolean done;

  g_return_val_if_fail (KEFU_IS_SERVER_PEOPLE_WINDOW (self), FALSE);
  done = kefu_server_person_create (self->store, login, name, role, password, NULL, &local) > 0;
  /* Translators: a toast; %s is the new person's login */
  text = g_strdup_printf (_("“%s” may sign in now, with the password you gave."), login);
  changed (self, done, local, text);
  if (!done)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static void
set_role_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KefuServerPeopleWindow *self = KEFU_SERVER_PEOPLE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  const char *login, *role;
  gboolean done;

  g_variant_get (parameter, "(&s&s)", &login, &role);
  done = kefu_server_person_set_role (self->store, login, role, &error);
  changed (self, done, error, NULL);
}

static void
set_active_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KefuServerPeopleWindow *self = KEFU_SERVER_PEOPLE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  const char *login;
  gboolean active, done;

  g_variant_get (parameter, "(&sb)", &login, &active);
  done = kefu_server_person_set_active (self->store, login, active, &error);
  changed (self, done, error, NULL);
}

/* ---- the dialogs ---- */

typedef struct {
  KefuServerPeopleWindow *window;
  GtkWidget              *dialog;
  GtkWidget              *login, *name, *role, *password, *again;
  char                   *person;    /* the estates dialog's */
  GtkWidget              *every;     /* "every estate" */
  GPtrArray              *checks;    /* GtkCheckButton per estate */
  GPtrArray              *estates;   /* KefuServerEstate */
} Dialog;

static void
dialog_free (Dialog *d)
{
  g_free (d->person);
  g_clear_pointer (&d->checks, g_ptr_array_unref);
  g_clear_pointer (&d->estates, g_ptr_array_unref);
  g_free (d);
}

/* A modal window with Cancel and @verb in its header, @group below */
static GtkWidget *
dialog_window (KefuServerPeopleWindow *self,
               const char             *title,
               const char             *verb,
               GtkWidget              *group,
               GtkWidget             **verb_button)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 520);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  *verb_button = gtk_button_new_with_mnemonic (verb);
  gtk_widget_add_css_class (*verb_button, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), *verb_button);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), page);
  gtk_widget_set_vexpand (page, TRUE);
  adw_window_set_content (ADW_WINDOW (window), box);
  return window;
}

static void
add_clicked_cb (GtkButton *button,
                Dialog    *d)
{
  g_autoptr(GError) error = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (d->password));
  guint role = adw_combo_row_get_selected (ADW_COMBO_ROW (d->role));

  if (g_strcmp0 (password, gtk_editable_get_text (GTK_EDITABLE (d->again))) != 0)
    {
      say (d->window, _("The two passwords differ: type the same password twice."));
      return;
    }
  if (!kefu_server_people_window_add (d->window, gtk_editable_get_text (GTK_EDITABLE (d->login)),
                                      gtk_editable_get_text (GTK_EDITABLE (d->name)),
                                      roles[MIN (role, G_N_ELEMENTS (roles) - 2)], password, &error))
    return;   /* said in the window; the dialog keeps what was typed */
  gtk_window_destroy (GTK_WINDOW (d->dialog));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  KefuServerPeopleWindow *self = KEFU_SERVER_PEOPLE_WINDOW (widget);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *add;
  Dialog *d = g_new0 (Dialog, 1);

  d->window = self;
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The new person signs in to the server with this login and password "
                                           "(at least 8 characters). They work for every estate until you "
                                           "choose theirs."));
  d->login = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->login), _("Login"));
  d->name = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->name), _("Full name"));
  for (guint i = 0; roles[i] != NULL; i++)
    gtk_string_list_append (labels, kefu_code_label (KEFU_CODES_ROLE, roles[i]));
  d->role = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->role), _("Role"));
  adw_combo_row_set_model (ADW_COMBO_ROW (d->role), G_LIST_MODEL (labels));
  d->password = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->password), _("Password"));
  d->again = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->again), _("Password again"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), d->login);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), d->name);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), d->role);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), d->password);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), d->again);
  d->dialog = dialog_window (self, _("Add Person"), _("_Add"), group, &add);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-dialog", d, (GDestroyNotify) dialog_free);
  g_signal_connect (add, "clicked", G_CALLBACK (add_clicked_cb), d);
  gtk_window_present (GTK_WINDOW (d->dialog));
}

static void
password_clicked_cb (GtkButton *button,
                     Dialog    *d)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (d->password));

  if (g_strcmp0 (password, gtk_editable_get_text (GTK_EDITABLE (d->again))) != 0)
    {
      say (d->window, _("The two passwords differ: type the same password twice."));
      return;
    }
  if (!kefu_server_person_set_password (d->window->store, d->person, password, &error))
    {
      say (d->window, error->message);   /* the dialog keeps what was typed */
      return;
    }
  /* Translators: a toast; %s is a person's login */
  text = g_strdup_printf (_("“%s” signs in with the new password from now on."), d->person);
  changed (d->window, TRUE, NULL, text);
  gtk_window_destroy (GTK_WINDOW (d->dialog));
}

/* An administrator gives a person who forgot theirs a new password */
static void
password_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KefuServerPeopleWindow *self = KEFU_SERVER_PEOPLE_WINDOW (widget);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *set;
  g_autofree char *title = NULL;
  Dialog *d = g_new0 (Dialog, 1);

  d->window = self;
  d->person = g_variant_dup_string (parameter, NULL);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("For a person who forgot theirs: tell them the new password "
                                           "(at least 8 characters) in person. Their old one stops working."));
  d->password = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->password), _("Password"));
  d->again = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->again), _("Password again"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), d->password);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), d->again);
  /* Translators: a window's title; %s is a person's login */
  title = g_strdup_printf (_("New Password for “%s”"), d->person);
  d->dialog = dialog_window (self, title, _("_Set Password"), group, &set);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-dialog", d, (GDestroyNotify) dialog_free);
  g_signal_connect (set, "clicked", G_CALLBACK (password_clicked_cb), d);
  gtk_window_present (GTK_WINDOW (d->dialog));
  gtk_widget_grab_focus (d->password);
}

static void
estates_clicked_cb (GtkButton *button,
                    Dialog    *d)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gboolean done;

  if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (d->every)))
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < d->checks->len; i++)
        if (gtk_check_button_get_active (d->checks->pdata[i]))
          g_array_append_val (ids, ((KefuServerEstate *) d->estates->pdata[i])->id);
      if (ids->len == 0)
        {
          say (d->window, _("Choose at least one estate, or every estate."));
          return;
        }
    }
  done = kefu_server_person_set_estates (d->window->store, d->person, ids, &error);
  changed (d->window, done, error, NULL);
  if (done)
    gtk_window_destroy (GTK_WINDOW (d->dialog));
}

static void
every_toggled_cb (GtkCheckButton *every,
                  Dialog         *d)
{
  for (guint i = 0; i < d->checks->len; i++)
    gtk_widget_set_sensitive (d->checks->pdata[i], !gtk_check_button_get_active (every));
}

static void
estates_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KefuServerPeopleWindow *self = KEFU_SERVER_PEOPLE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  GtkWidget *group, *save, *row;
  Dialog *d;
  g_autoptr(GPtrArray) estates = kefu_server_estates_list (self->store, &error);
  g_autoptr(GArray) current = NULL;
  gboolean every = FALSE;

  if (estates != NULL)
    current = kefu_server_person_estates (self->store, g_variant_get_string (parameter, NULL), &every, &error);
  if (current == NULL)
    {
      say (self, error->message);
      return;
    }
  d = g_new0 (Dialog, 1);
  d->window = self;
  d->person = g_variant_dup_string (parameter, NULL);
  d->estates = g_steal_pointer (&estates);
  d->checks = g_ptr_array_new ();
  group = adw_preferences_group_new ();
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The server shows the person only these estates’ tickets."));
  /* what the server keeps for them now */
  d->every = gtk_check_button_new ();
  gtk_check_button_set_active (GTK_CHECK_BUTTON (d->every), every);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Every estate"));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), d->every);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), d->every);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  for (guint i = 0; i < d->estates->len; i++)
    {
      GtkWidget *check = gtk_check_button_new ();
      gint64 id = ((KefuServerEstate *) d->estates->pdata[i])->id;

      for (guint j = 0; j < current->len; j++)
        if (g_array_index (current, gint64, j) == id)
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ((KefuServerEstate *) d->estates->pdata[i])->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_widget_set_sensitive (check, !every);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (d->checks, check);
    }
  g_signal_connect (d->every, "toggled", G_CALLBACK (every_toggled_cb), d);
  /* Translators: the title of the estates dialog; %s is a login */
  title = g_strdup_printf (_("Estates of %s"), d->person);
  d->dialog = dialog_window (self, title, _("_Save"), group, &save);
  g_object_set_data_full (G_OBJECT (d->dialog), "kefu-dialog", d, (GDestroyNotify) dialog_free);
  g_signal_connect (save, "clicked", G_CALLBACK (estates_clicked_cb), d);
  gtk_window_present (GTK_WINDOW (d->dialog));
}

/* ---- profiles and other desks ---- */

/* The capability profiles, appraisals and goals: the person's own, and
 * whoever else their role may see (the server's grants decide too) */
static void
profiles_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KefuServerPeopleWindow *self = KEFU_SERVER_PEOPLE_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  KefuPeopleWindow *window = kefu_people_window_new (GTK_WINDOW (self), self->store, self->user_id, &error);

  if (window == NULL)
    {
      say (self, error->message);
      return;
    }
  if (self->watch != NULL)
    kefu_people_window_follow (window, self->watch);
  gtk_window_present (GTK_WINDOW (window));
}

/* Another desk added, switched off or changed someone (their estates too) */
static void
live_changed_cb (KefuServerPeopleWindow  *self,
                 char                   **topics)
{
  g_autoptr(GError) error = NULL;

  if (!g_strv_contains ((const char * const *) topics, "people"))
    return;
  if (!reload (self, &error))
    say (self, error->message);
}

void
kefu_server_people_window_follow (KefuServerPeopleWindow *self,
                                  KefuStoreWatch         *watch)
{
  g_return_if_fail (KEFU_IS_SERVER_PEOPLE_WINDOW (self));
  g_return_if_fail (KEFU_IS_STORE_WATCH (watch));
  g_set_object (&self->watch, watch);
  g_signal_connect_object (watch, "changed", G_CALLBACK (live_changed_cb), self, G_CONNECT_SWAPPED);
}

/* ---- the class ---- */

static void
kefu_server_people_window_dispose (GObject *object)
{
  KefuServerPeopleWindow *self = KEFU_SERVER_PEOPLE_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->watch);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_SERVER_PEOPLE_WINDOW);
  G_OBJECT_CLASS (kefu_server_people_window_parent_class)->dispose (object);
}

static void
kefu_server_people_window_class_init (KefuServerPeopleWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_server_people_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-server-people-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuServerPeopleWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KefuServerPeopleWindow, group);
  gtk_widget_class_bind_template_child (widget_class, KefuServerPeopleWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, KefuServerPeopleWindow, profiles_button);
  gtk_widget_class_install_action (widget_class, "people.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "people.set-role", "(ss)", set_role_action);
  gtk_widget_class_install_action (widget_class, "people.set-active", "(sb)", set_active_action);
  gtk_widget_class_install_action (widget_class, "people.estates", "s", estates_action);
  gtk_widget_class_install_action (widget_class, "people.password", "s", password_action);
  gtk_widget_class_install_action (widget_class, "people.profiles", NULL, profiles_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_server_people_window_init (KefuServerPeopleWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

KefuServerPeopleWindow *
kefu_server_people_window_new (GtkWindow  *parent,
                               KefuStore  *store,
                               KefuUser   *user,
                               GError    **error)
{
  KefuServerPeopleWindow *self = g_object_new (KEFU_TYPE_SERVER_PEOPLE_WINDOW, "transient-for", parent,
                                               "destroy-with-parent", TRUE, NULL);

  self->store = g_object_ref (store);
  self->user_id = kefu_user_get_id (user);
  /* the server decides; the window offers the changes only to those it lets */
  self->admin = kefu_user_can (user, KEFU_PERMISSION_MANAGE_USERS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "people.add", self->admin);
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), self->admin);
  if (!reload (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}

guint
kefu_server_people_window_get_n_people (KefuServerPeopleWindow *self)
{
  g_return_val_if_fail (KEFU_IS_SERVER_PEOPLE_WINDOW (self), 0);
  return self->people->len;
}

char *
kefu_server_people_window_describe (KefuServerPeopleWindow *self,
                                    const char             *login)
{
  g_return_val_if_fail (KEFU_IS_SERVER_PEOPLE_WINDOW (self), NULL);
  for (guint i = 0; i < self->people->len; i++)
    if (g_strcmp0 (((KefuServerPerson *) self->people->pdata[i])->login, login) == 0)
      return g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (self->rows->pdata[i]),
                              adw_action_row_get_subtitle (self->rows->pdata[i]));
  return g_strdup ("");
}
