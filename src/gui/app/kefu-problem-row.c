/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-problem-row.c — one problem of the window's database file (see the header) */
#include "config.h"

#include "kefu-problem-row.h"

struct _KefuProblemRow
{
  GtkBox    parent_instance;

  char     *source;
  GtkLabel *label;
};

G_DEFINE_FINAL_TYPE (KefuProblemRow, kefu_problem_row, GTK_TYPE_BOX)

static void
kefu_problem_row_finalize (GObject *object)
{
  KefuProblemRow *self = KEFU_PROBLEM_ROW (object);

  g_free (self->source);
  G_OBJECT_CLASS (kefu_problem_row_parent_class)->finalize (object);
}

static void
kefu_problem_row_class_init (KefuProblemRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_problem_row_finalize;
}

static void
kefu_problem_row_init (KefuProblemRow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "kefu-problem");
  gtk_box_append (GTK_BOX (self), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->label));
}

/* An empty row for @source's problem; the caller may append a Dismiss button. */
GtkWidget *
kefu_problem_row_new (const char *source)
{
  KefuProblemRow *self;

  g_return_val_if_fail (source != NULL, NULL);
  self = g_object_new (KEFU_TYPE_PROBLEM_ROW, "orientation", GTK_ORIENTATION_HORIZONTAL, "spacing", 12, NULL);
  self->source = g_strdup (source);
  return GTK_WIDGET (self);
}

const char *
kefu_problem_row_get_source (KefuProblemRow *self)
{
  g_return_val_if_fail (KEFU_IS_PROBLEM_ROW (self), NULL);
  return self->source;
}

const char *
kefu_problem_row_get_message (KefuProblemRow *self)
{
  g_return_val_if_fail (KEFU_IS_PROBLEM_ROW (self), NULL);
  return gtk_label_get_text (self->label);
}

void
kefu_problem_row_set_message (KefuProblemRow *self,
                              const char     *message)
{
  g_return_if_fail (KEFU_IS_PROBLEM_ROW (self));
  gtk_label_set_text (self->label, message);
}
