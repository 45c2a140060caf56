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
#include "kefu-grading-window.h"
#include "kefu-pin-dialog.h"
#include "kefu-write.h"

struct _KefuGradingWindow
{
  AdwWindow   parent_instance;

  KefuStore  *store;
  gint64      exam_id;
  GtkBox     *content;
  guint       n_pending;
  GtkToggleButton *blind;
  GPtrArray  *titles;            /* GtkLabel * of each answer's heading */
};

G_DEFINE_FINAL_TYPE (KefuGradingWindow, kefu_grading_window, ADW_TYPE_WINDOW)

typedef struct {
  KefuGradingWindow *self;
  gint64             attempt_id;
  guint              position;
  GtkSpinButton     *score;
  GtkEntry          *comment;
  GtkLabel          *state;
  GtkWidget         *save;
  GtkWidget         *box;        /* owns the Grade */
  KefuWaitBar       *wait_bar;
} Grade;

/* (tried again, with the score and comment as shown, while another
 * program holds the write lock: kefu-write.h) */
static gboolean
grade_write_cb (KefuStore  *store,
                gpointer    data,
                GError    **error)
{
  Grade *g = data;

  return kefu_attempt_grade (store, g->attempt_id, g->position, gtk_spin_button_get_value (g->score),
                             gtk_editable_get_text (GTK_EDITABLE (g->comment)), error);
}

static void
grade_done_cb (KefuWriteOutcome  outcome,
               const GError     *error,
               gpointer          data)
{
  Grade *g = data;
  g_auto(KefuAttemptInfo) info = { 0 };
  g_autofree char *text = NULL;

  if (outcome != KEFU_WRITE_DONE)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (g->score), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (g->comment), TRUE);
      gtk_widget_set_sensitive (g->save, TRUE);
      if (outcome == KEFU_WRITE_FAILED)
        {
          gtk_label_set_text (g->state, error->message);
          gtk_widget_add_css_class (GTK_WIDGET (g->state), "error");
        }
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (g->state), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (g->score), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (g->comment), FALSE);
  gtk_widget_set_sensitive (g->save, FALSE);
  g->self->n_pending--;
  if (kefu_attempt_get_info (g->self->store, g->attempt_id, &info, NULL) && info.state == KEFU_ATTEMPT_GRADED)
    /* Translators: after the last written answer of an attempt is graded */
    text = g_strdup_printf (_("Graded. The attempt is complete: %.1f%%, %s."), info.percent,
                            info.passed ? _("passed") : _("not passed"));
  else
    text = g_strdup (_("Graded."));
  gtk_label_set_text (g->state, text);
}

static void
save_grade (Grade *g)
{
  /* read-only until saved (the focus leaves first: see kefu-ticket-dialogs.c) */
  gtk_window_set_focus (GTK_WINDOW (g->self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (g->score), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (g->comment), FALSE);
  gtk_widget_set_sensitive (g->save, FALSE);
  kefu_write_run (g->self->store, g->wait_bar, grade_write_cb, grade_done_cb, g, NULL);
}

static void
grader_confirmed_cb (KefuUser *person,
                     gpointer  data)
{
  Grade *g = g_object_get_data (data, "kefu-grade");

  if (person != NULL && g != NULL)
    save_grade (g);
}

static void
save_grade_cb (GtkButton *button,
               Grade     *g)
{
  g_autoptr(KefuUser) desk = kefu_desk_get_user (g->self->store, kefu_store_get_actor (g->self->store), NULL);

  /* the desk's user may not grade: a trainer or supervisor does, in place */
  if (!kefu_user_can (desk, KEFU_PERMISSION_GRADE))
    {
      kefu_pin_dialog_ask (g->save, g->self->store, KEFU_PERMISSION_GRADE, 0, 0, _("Grade the Answer"),
                           _("Answers are graded by a trainer or a supervisor: they type their PIN, and the "
                             "grade is recorded under their name."),
                           grader_confirmed_cb, g_object_ref (g->box), g_object_unref);
      return;
    }
  save_grade (g);
}

static GtkWidget *
make_answer (KefuGradingWindow     *self,
             gint64                 attempt_id,
             const char            *trainee,
             guint                  candidate,
             const KefuAttemptItem *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *stem = gtk_label_new (item->question->stem);
  g_autofree char *rubric_text = g_strdup_printf (_("Rubric: %s"), item->question->rubric != NULL && *item->question->rubric
                                                                   ? item->question->rubric : _("none given"));
  GtkWidget *rubric = gtk_label_new (rubric_text);
  /* Translators: the trainee's written answer, shown for grading */
  g_autofree char *answer_text = g_strdup_printf (_("Answer: %s"), item->answer != NULL && *item->answer ? item->answer
                                                                                                      : _("(no answer)"));
  GtkWidget *answer = gtk_label_new (answer_text);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *score_label = gtk_label_new_with_mnemonic (_("_Score"));
  GtkWidget *score = gtk_spin_button_new_with_range (0, MAX (item->max_score, 0.5), 0.5);
  GtkWidget *comment = gtk_entry_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("Save _Grade"));
  GtkWidget *state = gtk_label_new (NULL);
  GtkWidget *wait_bar = kefu_wait_bar_new ();
  Grade *g = g_new0 (Grade, 1);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_margin_start (title, 12);
  gtk_widget_set_margin_top (title, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (stem), TRUE);
  gtk_label_set_xalign (GTK_LABEL (stem), 0);
  gtk_widget_set_margin_start (stem, 12);
  gtk_widget_set_margin_end (stem, 12);
  gtk_label_set_wrap (GTK_LABEL (rubric), TRUE);
  gtk_label_set_xalign (GTK_LABEL (rubric), 0);
  gtk_widget_add_css_class (rubric, "dim-label");
  gtk_widget_set_margin_start (rubric, 12);
  gtk_widget_set_margin_end (rubric, 12);
  gtk_label_set_wrap (GTK_LABEL (answer), TRUE);
  gtk_label_set_xalign (GTK_LABEL (answer), 0);
  gtk_widget_add_css_class (answer, "grading-answer");
  gtk_widget_set_margin_start (answer, 12);
  gtk_widget_set_margin_end (answer, 12);
  gtk_label_set_mnemonic_widget (GTK_LABEL (score_label), score);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (score), 1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (comment), _("Comment for the trainee (optional)"));
  gtk_widget_set_hexpand (comment, TRUE);
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_box_append (GTK_BOX (row), score_label);
  gtk_box_append (GTK_BOX (row), score);
  gtk_box_append (GTK_BOX (row), comment);
  gtk_box_append (GTK_BOX (row), save);
  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_widget_set_margin_start (state, 12);
  gtk_widget_set_margin_bottom (state, 12);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), stem);
  gtk_box_append (GTK_BOX (box), rubric);
  gtk_box_append (GTK_BOX (box), answer);
  gtk_box_append (GTK_BOX (box), row);
  gtk_widget_set_margin_start (wait_bar, 12);
  gtk_widget_set_margin_end (wait_bar, 12);
  gtk_box_append (GTK_BOX (box), wait_bar);
  gtk_box_append (GTK_BOX (box), state);

  g->self = self;
  g->attempt_id = attempt_id;
  g->position = item->position;
  g->score = GTK_SPIN_BUTTON (score);
  g->comment = GTK_ENTRY (comment);
  g->state = GTK_LABEL (state);
  g->save = save;
  g->wait_bar = KEFU_WAIT_BAR (wait_bar);
  g->box = box;
  g_object_set_data_full (G_OBJECT (box), "kefu-grade", g, g_free);
  g_object_set_data_full (G_OBJECT (title), "trainee", g_strdup (trainee), g_free);
  g_object_set_data (G_OBJECT (title), "position", GUINT_TO_POINTER (item->position));
  g_object_set_data (G_OBJECT (title), "candidate", GUINT_TO_POINTER (candidate));
  g_object_set_data_full (G_OBJECT (title), "max-score", g_memdup2 (&item->max_score, sizeof (double)), g_free);
  g_ptr_array_add (self->titles, title);
  g_signal_connect (save, "clicked", G_CALLBACK (save_grade_cb), g);
  return box;
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

          if (item->graded || !kefu_question_type_is_written (item->question->type))
            continue;
          gtk_box_append (self->content, make_answer (self, attempt_id, user != NULL ? kefu_user_get_name (user) : "?",
                                                      i + 1, item));
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

  for (guint i = 0; i < self->titles->len; i++)
    {
      GtkLabel *title = self->titles->pdata[i];
      g_autofree char *who = blind
        /* Translators: blind grading hides the name: candidate 1, 2… */
        ? g_strdup_printf (_("Candidate %u"), GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (title), "candidate")))
        : g_strdup (g_object_get_data (G_OBJECT (title), "trainee"));
      g_autofree char *heading = g_strdup_printf (_("%s · question %u · up to %.1f points"), who,
                                                  GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (title), "position")),
                                                  *(double *) g_object_get_data (G_OBJECT (title), "max-score"));
      gtk_label_set_text (title, heading);
    }
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
  return index < self->titles->len ? gtk_label_get_text (self->titles->pdata[index]) : NULL;
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

  g_clear_pointer (&self->titles, g_ptr_array_unref);
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
  self->titles = g_ptr_array_new ();
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
