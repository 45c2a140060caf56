/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-paper-row.c — a paper in the trainer's Papers
 *
 * The paper's name; its questions, time limit, pass mark, attempts and
 * pass rate, and its state (draft, withdrawn, or assigned until when);
 * a make-up exam says so. The buttons are what the role may do with it
 * (training.publish, .assign, .print, .key-in, .grade, .stats and, in
 * its menu, .attempts, .copy-paper, .withdraw, .make-up on the view).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-enums.h"
#include "kefu-gui-util.h"
#include "kefu-paper-row.h"
#include "kefu-training-group.h"

struct _KefuPaperRow
{
  AdwActionRow parent_instance;

  gint64       exam_id;
};

G_DEFINE_FINAL_TYPE (KefuPaperRow, kefu_paper_row, ADW_TYPE_ACTION_ROW)

static void
kefu_paper_row_class_init (KefuPaperRowClass *klass)
{
}

static void
kefu_paper_row_init (KefuPaperRow *self)
{
}

static char *
paper_subtitle (const KefuExamSummary *e)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, "%u question", "%u questions", e->n_questions), e->n_questions);
  if (e->time_limit_min > 0)
    g_string_append_printf (s, _(" · %d min"), e->time_limit_min);
  g_string_append_printf (s, _(" · pass mark %.0f%%"), e->pass_mark);
  g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, " · %u attempt", " · %u attempts", e->n_attempts), e->n_attempts);
  if (e->n_attempts > 0)
    g_string_append_printf (s, _(" · pass rate %.0f%%"), 100.0 * e->n_passed / e->n_attempts);
  if (e->state == KEFU_EXAM_DRAFT)
    g_string_append (s, _(" · draft"));
  else if (e->state == KEFU_EXAM_WITHDRAWN)
    g_string_append (s, _(" · withdrawn"));
  else if (e->n_assigned > 0)
    {
      g_autofree char *closes = kefu_format_time (e->closes_at, "%Y-%m-%d %H:%M");
      g_string_append_printf (s, g_dngettext (GETTEXT_PACKAGE, " · assigned to %u person until %s",
                                              " · assigned to %u people until %s", e->n_assigned),
                              e->n_assigned, closes);
    }
  if (e->makeup_of > 0)
    g_string_append_printf (s, "\n%s", _("Make-up exam (补考)"));
  return g_string_free (s, FALSE);
}

/* Attempts, Copy, Withdraw, Make-Up: what a trainer does less often. */
static GtkWidget *
more_button (const KefuExamSummary *e)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *more = gtk_menu_button_new ();
  const struct { const char *label, *action; gboolean show; } entries[] = {
    { N_("_Attempts…"), "training.attempts", TRUE },
    { N_("_Copy"), "training.copy-paper", TRUE },
    { N_("_Withdraw…"), "training.withdraw", e->state == KEFU_EXAM_PUBLISHED },
    { N_("_Make-Up Exam…"), "training.make-up", e->state != KEFU_EXAM_DRAFT },
  };

  for (guint k = 0; k < G_N_ELEMENTS (entries); k++)
    if (entries[k].show)
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (_(entries[k].label), NULL);
        g_menu_item_set_action_and_target_value (item, entries[k].action, g_variant_new_int64 (e->id));
        g_menu_append_item (menu, item);
      }
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_widget_set_tooltip_text (more, _("More for this paper"));
  gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (more, "flat");
  return more;
}

KefuPaperRow *
kefu_paper_row_new (const KefuExamSummary *e,
                    KefuUser              *user)
{
  KefuPaperRow *self = g_object_new (KEFU_TYPE_PAPER_ROW, "use-markup", FALSE, "title", e->name, NULL);
  GtkWidget *row = GTK_WIDGET (self);
  g_autofree char *subtitle = paper_subtitle (e);
  gboolean train = kefu_user_can (user, KEFU_PERMISSION_TRAIN);

  self->exam_id = e->id;
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_name (row, "paper-row");
  if (train && e->state == KEFU_EXAM_DRAFT)
    kefu_training_row_button (row, _("P_ublish…"), "training.publish", g_variant_new_int64 (e->id), TRUE);
  else if (train && e->state == KEFU_EXAM_PUBLISHED)
    kefu_training_row_button (row, _("_Assign…"), "training.assign", g_variant_new_int64 (e->id), FALSE);
  if (kefu_user_can (user, KEFU_PERMISSION_READ_ANSWER_KEYS))
    kefu_training_row_button (row, _("_Print…"), "training.print", g_variant_new_int64 (e->id), FALSE);
  if (train)
    kefu_training_row_button (row, _("_Key In…"), "training.key-in", g_variant_new_int64 (e->id), FALSE);
  /* grading by someone else takes their PIN in place */
  kefu_training_row_button (row, _("_Grade…"), "training.grade", g_variant_new_int64 (e->id), FALSE);
  if (kefu_user_can (user, KEFU_PERMISSION_SEE_TRAINING_RESULTS))
    kefu_training_row_button (row, _("S_tatistics"), "training.stats", g_variant_new_int64 (e->id), FALSE);
  if (train)
    adw_action_row_add_suffix (ADW_ACTION_ROW (self), more_button (e));
  return self;
}

gint64
kefu_paper_row_get_exam_id (KefuPaperRow *self)
{
  g_return_val_if_fail (KEFU_IS_PAPER_ROW (self), 0);
  return self->exam_id;
}
