/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-assign-dialog.c — a paper assigned to staff groups and people
 *
 * The opening and closing moments (kefu-opening-range.c, by default now
 * and a week from now by the store's clock), then a tick per staff group
 * (班组: its members at the time of assigning) and per person; each tick
 * is named for tests: "group-<id>", or the person's login. Assign writes
 * every assignment in one transaction, or none, and says why.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-assign-dialog.h"
#include "kefu-cohort.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-exam-admin.h"
#include "kefu-opening-range.h"
#include "kefu-training-confirm.h"

/* A tick and whom it stands for. */
typedef struct {
  GtkCheckButton *check;
  gint64          id;
} Choice;

struct _KefuAssignDialog
{
  AdwMessageDialog  parent_instance;

  KefuStore        *store;
  gint64            exam_id;
  GArray           *groups;      /* Choice */
  GArray           *people;      /* Choice */

  /* template */
  KefuOpeningRange *range;
  GtkListBox       *group_list;
  GtkListBox       *people_list;
};

G_DEFINE_FINAL_TYPE (KefuAssignDialog, kefu_assign_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (KefuAssignDialog *self,
            const char       *message)
{
  kefu_training_show_error (gtk_window_get_transient_for (GTK_WINDOW (self)), _("The Paper Was Not Assigned"), message);
}

static void
assign (KefuAssignDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *bad_text;
  gint64 opens, closes;
  guint n = 0, n_groups = 0;

  if (!kefu_opening_range_get (self->range, &opens, &closes, &bad_text))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a date and time such as 2026-12-07 09:00."), bad_text);
      show_error (self, message);
      return;
    }
  if (!kefu_store_begin (self->store, &error))
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; error == NULL && i < self->groups->len; i++)
    {
      Choice *c = &g_array_index (self->groups, Choice, i);
      if (!gtk_check_button_get_active (c->check))
        continue;
      if (!kefu_exam_assign_group (self->store, self->exam_id, c->id, opens, closes, &error))
        break;
      n_groups++;
    }
  for (guint i = 0; error == NULL && i < self->people->len; i++)
    {
      Choice *c = &g_array_index (self->people, Choice, i);
      if (!gtk_check_button_get_active (c->check))
        continue;
      if (!kefu_exam_assign (self->store, self->exam_id, c->id, opens, closes, &error))
        break;
      n++;
    }
  if (error == NULL && n == 0 && n_groups == 0)
    g_set_error_literal (&error, KEFU_STORE_ERROR, KEFU_STORE_ERROR_INVALID, _("Choose at least one staff group or person."));
  if (error != NULL)
    {
      kefu_store_rollback (self->store);
      show_error (self, error->message);
      return;
    }
  if (!kefu_store_commit (self->store, &error))
    {
      show_error (self, error->message);
      g_signal_emit (self, signals[DONE], 0, NULL, TRUE);
      return;
    }
  if (n_groups > 0 && n > 0)
    {
      g_autofree char *g = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u staff group", "%u staff groups",
                                                         n_groups), n_groups);
      g_autofree char *p = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more person", "%u more people", n), n);
      /* Translators: "… to 1 staff group and 2 more people." */
      text = g_strdup_printf (_("The paper was assigned to %s and %s."), g, p);
    }
  else if (n_groups > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The paper was assigned to %u staff group.",
                                         "The paper was assigned to %u staff groups.", n_groups), n_groups);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The paper was assigned to %u person.",
                                         "The paper was assigned to %u people.", n), n);
  g_signal_emit (self, signals[DONE], 0, text, TRUE);
}

static void
response_cb (KefuAssignDialog *self,
             const char       *response)
{
  if (g_strcmp0 (response, "assign") == 0)
    assign (self);
}

static void
kefu_assign_dialog_finalize (GObject *object)
{
  KefuAssignDialog *self = KEFU_ASSIGN_DIALOG (object);

  g_clear_object (&self->store);
  g_array_unref (self->groups);
  g_array_unref (self->people);
  G_OBJECT_CLASS (kefu_assign_dialog_parent_class)->finalize (object);
}

static void
kefu_assign_dialog_class_init (KefuAssignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = kefu_assign_dialog_finalize;
  /* after an Assign that worked (the toast's text), or whose commit
   * failed (NULL); changed: the papers are to be read again */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  g_type_ensure (KEFU_TYPE_OPENING_RANGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-assign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuAssignDialog, range);
  gtk_widget_class_bind_template_child (widget_class, KefuAssignDialog, group_list);
  gtk_widget_class_bind_template_child (widget_class, KefuAssignDialog, people_list);
}

static void
kefu_assign_dialog_init (KefuAssignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_array_new (FALSE, FALSE, sizeof (Choice));
  self->people = g_array_new (FALSE, FALSE, sizeof (Choice));
  g_signal_connect (self, "response", G_CALLBACK (response_cb), NULL);
}

static void
add_choice (GtkListBox *list,
            GArray     *choices,
            gint64      id,
            const char *name,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  Choice choice = { GTK_CHECK_BUTTON (gtk_check_button_new ()), id };

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (choice.check));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (choice.check));
  gtk_widget_set_name (GTK_WIDGET (choice.check), name);
  g_array_append_val (choices, choice);
  gtk_list_box_append (list, row);
}

KefuAssignDialog *
kefu_assign_dialog_new (GtkWindow  *parent,
                        KefuStore  *store,
                        gint64      exam_id,
                        GError    **error)
{
  g_autoptr(GListStore) users = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  KefuAssignDialog *self;

  if ((users = kefu_desk_list_users (store, error)) == NULL ||
      (groups = kefu_staff_groups (store, error)) == NULL)
    return NULL;
  self = g_object_new (KEFU_TYPE_ASSIGN_DIALOG,
                       "transient-for", parent,
                       "heading", _("Assign the Paper"),
                       "body", _("It appears in the My Exams of these staff groups' members and people from the opening until the closing time."),
                       NULL);
  self->store = g_object_ref (store);
  self->exam_id = exam_id;
  kefu_opening_range_set_from (self->range, kefu_store_now (store));
  for (guint i = 0; i < groups->len; i++)
    {
      KefuStaffGroup *g = groups->pdata[i];
      g_autofree char *members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Staff group · %u member",
                                                               "Staff group · %u members", g->n_members), g->n_members);
      g_autofree char *name = g_strdup_printf ("group-%" G_GINT64_FORMAT, g->id);

      add_choice (self->group_list, self->groups, g->id, name, g->name, members);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->group_list), groups->len > 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (users), i);

      add_choice (self->people_list, self->people, kefu_user_get_id (u), kefu_user_get_login (u),
                  kefu_user_get_name (u), kefu_code_label (KEFU_CODES_ROLE, kefu_user_get_role (u)));
    }
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"), "assign", _("_Assign"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "assign", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  return self;
}
