/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-cohort-ui.c — what the cohort editor and the staff groups window
 * build their pages and forms from (see the header) */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-choice.h"
#include "kefu-cohort-form.h"
#include "kefu-cohort-ui.h"
#include "kefu-desk.h"
#include "kefu-enums.h"
#include "kefu-gui-util.h"

void
kefu_cohort_ui_alert (GtkWindow  *parent,
                      const char *heading,
                      const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
kefu_cohort_ui_ask (GtkWindow  *parent,
                    const char *heading,
                    const char *body,
                    GtkWidget  *extra,
                    const char *response,
                    const char *label,
                    gboolean    destructive,
                    GCallback   callback,
                    gpointer    self)
{
  GtkWidget *dialog = GTK_WIDGET (kefu_cohort_form_new (parent, heading, body));

  if (extra != NULL)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), destructive ? "cancel" : response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", callback, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* A labelled field in a dialog's grid. */
GtkWidget *
kefu_cohort_ui_field (GtkWidget  *grid,
                      int         row,
                      const char *label,
                      GtkWidget  *widget)
{
  GtkWidget *l = gtk_label_new (label);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), widget, 1, row, 1, 1);
  return widget;
}

GtkWidget *
kefu_cohort_ui_grid_new (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  return grid;
}

GtkWidget *
kefu_cohort_ui_entry_new (const char *text,
                          const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  return entry;
}

/* A drop-down of KefuChoices: @labels with their @ids (gint64), both taken. */
GtkWidget *
kefu_cohort_ui_dropdown_new (GtkStringList *labels,
                             GArray        *ids,
                             gint64         selected)
{
  GListStore *choices = g_list_store_new (KEFU_TYPE_CHOICE);
  GtkWidget *dropdown;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(KefuChoice) choice = kefu_choice_new (g_array_index (ids, gint64, i),
                                                      gtk_string_list_get_string (labels, i), NULL);
      g_list_store_append (choices, choice);
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (choices),
                                gtk_property_expression_new (KEFU_TYPE_CHOICE, NULL, "name"));
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == selected)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
  g_object_unref (labels);
  g_array_unref (ids);
  return dropdown;
}

gint64
kefu_cohort_ui_dropdown_id (GtkWidget *dropdown)
{
  KefuChoice *choice = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (dropdown));

  return choice != NULL ? kefu_choice_get_id (choice) : 0;
}

/* The staff groups, after "None" when @none. */
GtkWidget *
kefu_cohort_ui_groups_dropdown (KefuStore  *store,
                                gboolean    none,
                                gint64      selected,
                                GError    **error)
{
  g_autoptr(GPtrArray) groups = kefu_staff_groups (store, error);
  GtkStringList *labels;
  GArray *ids;

  if (groups == NULL)
    return NULL;
  labels = gtk_string_list_new (NULL);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (none)
    {
      gint64 zero = 0;
      gtk_string_list_append (labels, _("None"));
      g_array_append_val (ids, zero);
    }
  for (guint i = 0; i < groups->len; i++)
    {
      KefuStaffGroup *g = groups->pdata[i];
      gtk_string_list_append (labels, g->name);
      g_array_append_val (ids, g->id);
    }
  return kefu_cohort_ui_dropdown_new (labels, ids, selected);
}

/* Active desk staff, each as "Name (role)", leaving out @except. */
GtkWidget *
kefu_cohort_ui_people_dropdown (KefuStore  *store,
                                GPtrArray  *except,
                                GError    **error)
{
  g_autoptr(GListStore) users = kefu_desk_list_users (store, error);
  GtkStringList *labels;
  GArray *ids;

  if (users == NULL)
    return NULL;
  labels = gtk_string_list_new (NULL);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (users)); i++)
    {
      g_autoptr(KefuUser) u = g_list_model_get_item (G_LIST_MODEL (users), i);
      gint64 id = kefu_user_get_id (u);
      g_autofree char *label = NULL;
      gboolean skip = FALSE;

      for (guint j = 0; except != NULL && j < except->len; j++)
        skip |= ((KefuCohortMember *) except->pdata[j])->user_id == id;
      if (skip)
        continue;
      label = g_strdup_printf ("%s (%s)", kefu_user_get_name (u), kefu_code_label (KEFU_CODES_ROLE, kefu_user_get_role (u)));
      gtk_string_list_append (labels, label);
      g_array_append_val (ids, id);
    }
  return kefu_cohort_ui_dropdown_new (labels, ids, 0);
}

GtkWidget *
kefu_cohort_ui_tier_dropdown (void)
{
  const char *labels[] = { kefu_tier_label ("new_hire"), kefu_tier_label ("in_post"), kefu_tier_label ("supervisor"), NULL };
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (labels);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  return dropdown;
}

const char *
kefu_cohort_ui_tier_code (GtkWidget *dropdown)
{
  static const char *const codes[] = { "new_hire", "in_post", "supervisor" };
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));

  return codes[MIN (i, 2)];
}

GtkWidget *
kefu_cohort_ui_group_new (GtkWidget  *box,
                          const char *name,
                          const char *title,
                          const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  gtk_widget_set_name (group, name);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (GTK_BOX (box), group);
  return group;
}

GtkWidget *
kefu_cohort_ui_row_new (GtkWidget  *group,
                        const char *name,
                        const char *title,
                        const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (ADW_IS_EXPANDER_ROW (group))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (group), row);
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

void
kefu_cohort_ui_empty_new (GtkWidget  *group,
                          const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (label, "empty-state");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
}

GtkWidget *
kefu_cohort_ui_button_new (const char *label,
                           const char *action,
                           GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

GtkWidget *
kefu_cohort_ui_header_buttons (GtkWidget  *group,
                               const char *label1,
                               const char *action1,
                               const char *label2,
                               const char *action2)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *b = kefu_cohort_ui_button_new (label1, action1, NULL);

  gtk_widget_add_css_class (b, "flat");
  gtk_box_append (GTK_BOX (box), b);
  if (label2 != NULL)
    {
      b = kefu_cohort_ui_button_new (label2, action2, NULL);
      gtk_widget_add_css_class (b, "flat");
      gtk_box_append (GTK_BOX (box), b);
    }
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), box);
  return box;
}

GtkWidget *
kefu_cohort_ui_window_frame (AdwWindow   *window,
                             GtkWidget  **title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);

  *title = adw_window_title_new ("", NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), *title);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (window, box);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  return content;
}

void
kefu_cohort_ui_clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
}

char *
kefu_cohort_ui_day_text (gint64 at)
{
  return kefu_format_time (at, "%Y-%m-%d");
}
