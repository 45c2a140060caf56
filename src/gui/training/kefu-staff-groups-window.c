/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-staff-groups-window.c — the staff groups (班组) with their members
 *
 * Every change goes through the core, which checks the right again; an
 * error is shown as it says.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-cohort-form.h"
#include "kefu-cohort-ui.h"
#include "kefu-desk.h"
#include "kefu-staff-groups-window.h"

struct _KefuStaffGroupsWindow
{
  AdwWindow   parent_instance;

  KefuStore  *store;
  GtkWidget  *title;
  GtkWidget  *content;
  GPtrArray  *groups;
};

G_DEFINE_FINAL_TYPE (KefuStaffGroupsWindow, kefu_staff_groups_window, ADW_TYPE_WINDOW)

static gboolean
groups_build (KefuStaffGroupsWindow  *self,
              GError                **error)
{
  g_autoptr(GPtrArray) groups = kefu_staff_groups (self->store, error);
  GtkWidget *group;

  if (groups == NULL)
    return FALSE;
  kefu_cohort_ui_clear_box (self->content);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  self->groups = g_steal_pointer (&groups);
  group = kefu_cohort_ui_group_new (self->content, "staff-groups", _("Staff Groups"),
                     _("Groups of desk staff (班组) to put into a cohort together and to compare; technicians’ teams are not staff groups."));
  kefu_cohort_ui_header_buttons (group, _("_New Group…"), "groups.new", NULL, NULL);
  for (guint i = 0; i < self->groups->len; i++)
    {
      KefuStaffGroup *g = self->groups->pdata[i];
      g_autoptr(GPtrArray) members = kefu_staff_group_members (self->store, g->id, error);
      g_autofree char *subtitle = NULL;
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      if (members == NULL)
        return FALSE;
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", g->n_members), g->n_members);
      gtk_widget_set_name (expander, "staff-group-row");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), g->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      gtk_box_append (GTK_BOX (box), kefu_cohort_ui_button_new (_("Add _Member…"), "groups.add-member", g_variant_new_int64 (g->id)));
      gtk_box_append (GTK_BOX (box), kefu_cohort_ui_button_new (_("_Rename…"), "groups.rename", g_variant_new_int64 (g->id)));
      gtk_box_append (GTK_BOX (box), kefu_cohort_ui_button_new (_("_Delete…"), "groups.delete", g_variant_new_int64 (g->id)));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), box);
      for (guint j = 0; j < members->len; j++)
        {
          KefuCohortMember *m = members->pdata[j];
          GtkWidget *row = kefu_cohort_ui_row_new (expander, "staff-member-row", m->name, m->login);
          GtkWidget *remove = kefu_cohort_ui_button_new (_("Remove"), "groups.remove-member", NULL);

          gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "(xx)", g->id, m->user_id);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
        }
      if (members->len == 0)
        kefu_cohort_ui_row_new (expander, "staff-member-empty", _("No members yet: add them with Add Member…."), NULL);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
    }
  if (self->groups->len == 0)
    kefu_cohort_ui_empty_new (group, _("No staff groups yet: create one with New Group…, then add its members."));
  return TRUE;
}

static void
groups_done (KefuStaffGroupsWindow *self,
             gboolean               ok,
             const char            *heading,
             GError                *error)
{
  g_autoptr(GError) again = NULL;

  if (!ok)
    kefu_cohort_ui_alert (GTK_WINDOW (self), heading, error != NULL ? error->message : "");
  else if (!groups_build (self, &again))
    kefu_cohort_ui_alert (GTK_WINDOW (self), heading, again->message);
}

static void
group_name_response_cb (KefuCohortForm        *dialog,
                        const char            *response,
                        KefuStaffGroupsWindow *self)
{
  GtkWidget *name = dialog->name;
  gint64 id = dialog->id;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (id > 0)
    groups_done (self, kefu_staff_group_rename (self->store, id, gtk_editable_get_text (GTK_EDITABLE (name)), &error),
                 _("Group Not Renamed"), error);
  else
    groups_done (self, kefu_staff_group_create (self->store, gtk_editable_get_text (GTK_EDITABLE (name)), 0, &error) > 0,
                 _("Group Not Created"), error);
}

static GtkWindow *
group_name_dialog (KefuStaffGroupsWindow *self,
                   gint64                 group_id)
{
  const char *old = NULL;
  GtkWidget *name, *dialog;

  for (guint i = 0; i < self->groups->len; i++)
    if (((KefuStaffGroup *) self->groups->pdata[i])->id == group_id)
      old = ((KefuStaffGroup *) self->groups->pdata[i])->name;
  name = kefu_cohort_ui_entry_new (old, _("e.g. Early shift, team A"));
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), group_id > 0 ? _("Rename the Staff Group") : _("New Staff Group"), NULL, name,
                "save", group_id > 0 ? _("_Rename") : _("C_reate"), FALSE, G_CALLBACK (group_name_response_cb), self);
  KEFU_COHORT_FORM (dialog)->name = name;
  KEFU_COHORT_FORM (dialog)->id = group_id;
  return GTK_WINDOW (dialog);
}

GtkWindow *
kefu_staff_groups_window_new_group (KefuStaffGroupsWindow *self)
{
  return group_name_dialog (self, 0);
}

GtkWindow *
kefu_staff_groups_window_rename (KefuStaffGroupsWindow *self,
                                 gint64                 group_id)
{
  return group_name_dialog (self, group_id);
}

static void
group_delete_response_cb (KefuCohortForm        *dialog,
                          const char            *response,
                          KefuStaffGroupsWindow *self)
{
  gint64 id = dialog->id;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  groups_done (self, kefu_staff_group_delete (self->store, id, &error), _("Group Not Deleted"), error);
}

GtkWindow *
kefu_staff_groups_window_delete (KefuStaffGroupsWindow *self,
                                 gint64                 group_id)
{
  const KefuStaffGroup *g = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < self->groups->len; i++)
    if (((KefuStaffGroup *) self->groups->pdata[i])->id == group_id)
      g = self->groups->pdata[i];
  if (g == NULL)
    return NULL;
  body = g_strdup_printf (_("The group “%s” is deleted; its people stay, and its cohorts keep their members without a group."),
                          g->name);
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), _("Delete the Staff Group?"), body, NULL, "delete", _("_Delete"), TRUE,
                G_CALLBACK (group_delete_response_cb), self);
  KEFU_COHORT_FORM (dialog)->id = group_id;
  return GTK_WINDOW (dialog);
}

static void
group_add_response_cb (KefuCohortForm        *dialog,
                       const char            *response,
                       KefuStaffGroupsWindow *self)
{
  GtkWidget *person = dialog->person;
  gint64 id = dialog->id;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;
  groups_done (self, kefu_staff_group_add_member (self->store, id, kefu_cohort_ui_dropdown_id (person), &error), _("Member Not Added"), error);
}

GtkWindow *
kefu_staff_groups_window_add_member (KefuStaffGroupsWindow *self,
                                     gint64                 group_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = kefu_staff_group_members (self->store, group_id, &error);
  GtkWidget *person = members != NULL ? kefu_cohort_ui_people_dropdown (self->store, members, &error) : NULL;
  GtkWidget *dialog;

  if (person == NULL)
    {
      kefu_cohort_ui_alert (GTK_WINDOW (self), _("Member Not Added"), error->message);
      return NULL;
    }
  dialog = kefu_cohort_ui_ask (GTK_WINDOW (self), _("Add a Member"), NULL, person, "add", _("_Add"), FALSE,
                G_CALLBACK (group_add_response_cb), self);
  KEFU_COHORT_FORM (dialog)->person = person;
  KEFU_COHORT_FORM (dialog)->id = group_id;
  return GTK_WINDOW (dialog);
}

gboolean
kefu_staff_groups_window_remove_member (KefuStaffGroupsWindow *self,
                                        gint64                 group_id,
                                        gint64                 user_id)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = kefu_staff_group_remove_member (self->store, group_id, user_id, &error);

  groups_done (self, ok, _("Member Not Removed"), error);
  return ok;
}

static void
groups_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KefuStaffGroupsWindow *self = KEFU_STAFF_GROUPS_WINDOW (widget);

  if (g_str_equal (action_name, "groups.new"))
    kefu_staff_groups_window_new_group (self);
  else if (g_str_equal (action_name, "groups.rename"))
    kefu_staff_groups_window_rename (self, g_variant_get_int64 (parameter));
  else if (g_str_equal (action_name, "groups.delete"))
    kefu_staff_groups_window_delete (self, g_variant_get_int64 (parameter));
  else if (g_str_equal (action_name, "groups.add-member"))
    kefu_staff_groups_window_add_member (self, g_variant_get_int64 (parameter));
  else if (g_str_equal (action_name, "groups.remove-member"))
    {
      gint64 group_id, user_id;
      g_variant_get (parameter, "(xx)", &group_id, &user_id);
      kefu_staff_groups_window_remove_member (self, group_id, user_id);
    }
}

static void
kefu_staff_groups_window_dispose (GObject *object)
{
  KefuStaffGroupsWindow *self = KEFU_STAFF_GROUPS_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  G_OBJECT_CLASS (kefu_staff_groups_window_parent_class)->dispose (object);
}

static void
kefu_staff_groups_window_class_init (KefuStaffGroupsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_staff_groups_window_dispose;
  gtk_widget_class_install_action (widget_class, "groups.new", NULL, groups_action);
  gtk_widget_class_install_action (widget_class, "groups.rename", "x", groups_action);
  gtk_widget_class_install_action (widget_class, "groups.delete", "x", groups_action);
  gtk_widget_class_install_action (widget_class, "groups.add-member", "x", groups_action);
  gtk_widget_class_install_action (widget_class, "groups.remove-member", "(xx)", groups_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_staff_groups_window_init (KefuStaffGroupsWindow *self)
{
  self->content = kefu_cohort_ui_window_frame (ADW_WINDOW (self), &self->title);
  adw_window_title_set_title (ADW_WINDOW_TITLE (self->title), _("Staff Groups"));
}

KefuStaffGroupsWindow *
kefu_staff_groups_window_new (GtkWindow  *parent,
                              KefuStore  *store,
                              GError    **error)
{
  KefuStaffGroupsWindow *self = g_object_new (KEFU_TYPE_STAFF_GROUPS_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  if (!groups_build (self, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}
