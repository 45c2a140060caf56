/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-grading-window.c — a trainer grades written (case-analysis) answers
 *
 * Every submitted attempt of the paper with answers awaiting a grade: the
 * question, its rubric and the trainee's text, a score from 0 to the
 * question's points and a comment. Each grade is saved at once through
 * kefu_attempt_grade; when an attempt's last answer is graded the core
 * marks it graded, with its final score and pass or fail. Grading is a
 * trainer's or a supervisor's: anyone else at the desk has one of them
 * type their PIN in place, and the grade is theirs. Grading is blind by
 * default (*Blind* in the header): each answer shows a candidate number,
 * not the trainee's name. A grade corrected later (the attempt's page) is
 * recorded with the old and the new score.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-desk.h"
#include "kefu-exam.h"
#include "kefu-grade-card.h"
#include "kefu-grading-window.h"

struct _KefuGradingWindow
{
  AdwWindow   parent_instance;

  KefuStore  *store;
  gint64      exam_id;
  GtkBox     *content;
  guint       n_pending;
  GtkToggleButton *blind;
  GPtrArray  *cards;             /* KefuGradeCard: each answer awaiting a grade */
};

G_DEFINE_FINAL_TYPE (KefuGradingWindow, kefu_grading_window, ADW_TYPE_WINDOW)

static void
graded_cb (KefuGradingWindow *self)
{
  self->n_pending--;
}

static void
load (KefuGradingWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) attempts = kefu_attempts_awaiting_grading (self->store, self->exam_id, &error);

  for (guint i = 0; attempts != NULL && i < attempts->len; i++)
    {
      gint64 attempt_id = g_array_index (attempts, gint64, i);
      g_auto(KefuAttemptInfo) info = { 0 };
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(KefuUser) user = NULL;

      if (!kefu_attempt_get_info (self->store, attempt_id, &info, &error) ||
          (items = kefu_attempt_items (self->store, attempt_id, &error)) == NULL)
        break;
      user = kefu_desk_get_user (self->store, info.user_id, NULL);
      for (guint k = 0; k < items->len; k++)
        {
          KefuAttemptItem *item = items->pdata[k];
          KefuGradeCard *card;

          if (item->graded || !kefu_question_type_is_written (item->question->type))
            continue;
          card = kefu_grade_card_new (self->store, attempt_id, user != NULL ? kefu_user_get_name (user) : "?", i + 1, item);

          g_signal_connect_object (card, "graded", G_CALLBACK (graded_cb), self, G_CONNECT_SWAPPED);
          g_ptr_array_add (self->cards, card);
          gtk_box_append (self->content, GTK_WIDGET (card));
          self->n_pending++;
        }
    }
  if (error != NULL)
    {
      GtkWidget *label = gtk_label_new (error->message);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (self->content, label);
    }
  else if (self->n_pending == 0)
    {
      GtkWidget *empty = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Nothing to Grade"));
      adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                       _("Written answers of submitted attempts appear here until they are graded."));
      gtk_box_append (self->content, empty);
    }
}

/* The headings: the trainee's name, or with blind grading a candidate
 * number (the order of submission), so a grade is given to the answer. */
static void
update_titles (KefuGradingWindow *self)
{
  gboolean blind = gtk_toggle_button_get_active (self->blind);

  for (guint i = 0; i < self->cards->len; i++)
    kefu_grade_card_set_blind (self->cards->pdata[i], blind);
}

void
kefu_grading_window_set_blind (KefuGradingWindow *self,
                               gboolean           blind)
{
  g_return_if_fail (KEFU_IS_GRADING_WINDOW (self));
  gtk_toggle_button_set_active (self->blind, blind);
}

/* The heading of answer @index as shown (for tests). */
const char *
kefu_grading_window_get_heading (KefuGradingWindow *self,
                                 guint              index)
{
  g_return_val_if_fail (KEFU_IS_GRADING_WINDOW (self), NULL);
  return index < self->cards->len ? kefu_grade_card_get_heading (self->cards->pdata[index]) : NULL;
}

guint
kefu_grading_window_get_n_pending (KefuGradingWindow *self)
{
  g_return_val_if_fail (KEFU_IS_GRADING_WINDOW (self), 0);
  return self->n_pending;
}

static void
kefu_grading_window_dispose (GObject *object)
{
  KefuGradingWindow *self = KEFU_GRADING_WINDOW (object);

  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kefu_grading_window_parent_class)->dispose (object);
}

static void
kefu_grading_window_class_init (KefuGradingWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kefu_grading_window_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kefu_grading_window_init (KefuGradingWindow *self)
{
  self->cards = g_ptr_array_new ();
}

KefuGradingWindow *
kefu_grading_window_new (GtkWindow *parent,
                         KefuStore *store,
                         gint64     exam_id)
{
  KefuGradingWindow *self = g_object_new (KEFU_TYPE_GRADING_WINDOW, "modal", TRUE, "transient-for", parent,
                                          "default-width", 760, "default-height", 640,
                                          "title", _("Grade Written Answers"), NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroll = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header, *blind;

  self->store = g_object_ref (store);
  self->exam_id = exam_id;
  self->content = GTK_BOX (content);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), clamp);
  gtk_widget_set_vexpand (scroll, TRUE);
  header = adw_header_bar_new ();
  blind = gtk_toggle_button_new_with_mnemonic (_("_Blind"));
  gtk_widget_set_tooltip_text (blind, _("Hide the trainees' names while grading: each answer shows a candidate "
                                        "number instead"));
  gtk_widget_set_name (blind, "blind");
  self->blind = GTK_TOGGLE_BUTTON (blind);
  /* blind by default: a grade is given to the answer, not to the person */
  gtk_toggle_button_set_active (self->blind, TRUE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), blind);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scroll);
  adw_window_set_content (ADW_WINDOW (self), box);
  load (self);
  update_titles (self);
  g_signal_connect_swapped (blind, "toggled", G_CALLBACK (update_titles), self);
  return self;
}
