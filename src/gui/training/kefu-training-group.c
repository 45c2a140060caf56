/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-training-group.c — a group of the Training view
 *
 * Every section of the view (My Exams, Papers, Cohorts…) is one of these:
 * rows with the buttons their actions need (training.* on the view), an
 * empty state saying what to do, and buttons in the header.
 */
#include "config.h"

#include "kefu-training-group.h"

struct _KefuTrainingGroup
{
  AdwPreferencesGroup parent_instance;
};

G_DEFINE_FINAL_TYPE (KefuTrainingGroup, kefu_training_group, ADW_TYPE_PREFERENCES_GROUP)

static void
kefu_training_group_class_init (KefuTrainingGroupClass *klass)
{
}

static void
kefu_training_group_init (KefuTrainingGroup *self)
{
}

KefuTrainingGroup *
kefu_training_group_add (GtkBox     *box,
                         const char *title,
                         const char *description)
{
  KefuTrainingGroup *group = g_object_new (KEFU_TYPE_TRAINING_GROUP, "title", title, NULL);

  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (box, GTK_WIDGET (group));
  return group;
}

GtkWidget *
kefu_training_group_add_row (KefuTrainingGroup *self,
                             const char        *title,
                             const char        *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  return row;
}

/* An empty state inside a group: says what to do. */
void
kefu_training_group_add_empty (KefuTrainingGroup *self,
                               const char        *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), label);
}

GtkWidget *
kefu_training_row_button (GtkWidget  *row,
                          const char *label,
                          const char *action,
                          GVariant   *target,
                          gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  if (row != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return button;
}

void
kefu_training_row_note (GtkWidget  *row,
                        const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
}

GtkWidget *
kefu_training_group_add_header_buttons (KefuTrainingGroup *self,
                                        const char        *label,
                                        const char        *action,
                                        ...)
{
  GtkWidget *box = NULL, *first = NULL;
  va_list args;

  va_start (args, action);
  while (label != NULL)
    {
      GtkWidget *button = kefu_training_row_button (NULL, label, action, NULL, FALSE);

      gtk_widget_add_css_class (button, "flat");
      if (first == NULL)
        first = button;
      else
        {
          if (box == NULL)
            {
              box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
              gtk_box_append (GTK_BOX (box), first);
            }
          gtk_box_append (GTK_BOX (box), button);
        }
      label = va_arg (args, const char *);
      if (label != NULL)
        action = va_arg (args, const char *);
    }
  va_end (args);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), box != NULL ? box : first);
  return first;
}
