/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-grade-card.c — one written answer to grade
 *
 * The heading (the trainee, or a candidate number when grading blind;
 * the question's position and points), the question, its rubric and the
 * trainee's text; a score from 0 to the question's points and a comment.
 * Save Grade writes it at once through kefu_attempt_grade (tried again
 * while another program holds the write lock: kefu-write.h); grading is
 * a trainer's or a supervisor's, anyone else at the desk has one of them
 * type their PIN in place. The grading window (kefu-grading-window.c)
 * holds one card per answer awaiting a grade.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-desk.h"
#include "kefu-grade-card.h"
#include "kefu-pin-dialog.h"
#include "kefu-write.h"

struct _KefuGradeCard
{
  GtkBox         parent_instance;

  KefuStore     *store;
  gint64         attempt_id;
  guint          position;
  char          *trainee;
  guint          candidate;
  double         max_score;
  GtkLabel      *title;
  GtkSpinButton *score;
  GtkEntry      *comment;
  GtkLabel      *state;
  GtkWidget     *save;
  KefuWaitBar   *wait_bar;
};

G_DEFINE_FINAL_TYPE (KefuGradeCard, kefu_grade_card, GTK_TYPE_BOX)

enum {
  GRADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
kefu_grade_card_finalize (GObject *object)
{
  KefuGradeCard *self = KEFU_GRADE_CARD (object);

  g_clear_object (&self->store);
  g_free (self->trainee);
  G_OBJECT_CLASS (kefu_grade_card_parent_class)->finalize (object);
}

static void
kefu_grade_card_class_init (KefuGradeCardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kefu_grade_card_finalize;
  signals[GRADED] = g_signal_new ("graded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kefu_grade_card_init (KefuGradeCard *self)
{
}

/* (tried again, with the score and comment as shown, while another
 * program holds the write lock: kefu-write.h) */
static gboolean
grade_write_cb (KefuStore  *store,
                gpointer    data,
                GError    **error)
{
  KefuGradeCard *g = data;

  return kefu_attempt_grade (store, g->attempt_id, g->position, gtk_spin_button_get_value (g->score),
                             gtk_editable_get_text (GTK_EDITABLE (g->comment)), error);
}

static void
grade_done_cb (KefuWriteOutcome  outcome,
               const GError     *error,
               gpointer          data)
{
  KefuGradeCard *g = data;
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
  if (kefu_attempt_get_info (g->store, g->attempt_id, &info, NULL) && info.state == KEFU_ATTEMPT_GRADED)
    /* Translators: after the last written answer of an attempt is graded */
    text = g_strdup_printf (_("Graded. The attempt is complete: %.1f%%, %s."), info.percent,
                            info.passed ? _("passed") : _("not passed"));
  else
    text = g_strdup (_("Graded."));
  gtk_label_set_text (g->state, text);
  g_signal_emit (g, signals[GRADED], 0);
}

static void
save_grade (KefuGradeCard *g)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (g));

  /* read-only until saved (the focus leaves first: see kefu-ticket-dialogs.c) */
  if (GTK_IS_WINDOW (root))
    gtk_window_set_focus (GTK_WINDOW (root), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (g->score), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (g->comment), FALSE);
  gtk_widget_set_sensitive (g->save, FALSE);
  kefu_write_run (g->store, g->wait_bar, grade_write_cb, grade_done_cb, g_object_ref (g), g_object_unref);
}

static void
grader_confirmed_cb (KefuUser *person,
                     gpointer  data)
{
  if (person != NULL)
    save_grade (KEFU_GRADE_CARD (data));
}

static void
save_grade_cb (KefuGradeCard *g)
{
  g_autoptr(KefuUser) desk = kefu_desk_get_user (g->store, kefu_store_get_actor (g->store), NULL);

  /* the desk's user may not grade: a trainer or supervisor does, in place */
  if (!kefu_user_can (desk, KEFU_PERMISSION_GRADE))
    {
      kefu_pin_dialog_ask (g->save, g->store, KEFU_PERMISSION_GRADE, 0, 0, _("Grade the Answer"),
                           _("Answers are graded by a trainer or a supervisor: they type their PIN, and the "
                             "grade is recorded under their name."),
                           grader_confirmed_cb, g_object_ref (g), g_object_unref);
      return;
    }
  save_grade (g);
}

KefuGradeCard *
kefu_grade_card_new (KefuStore             *store,
                     gint64                 attempt_id,
                     const char            *trainee,
                     guint                  candidate,
                     const KefuAttemptItem *item)
{
  KefuGradeCard *g = g_object_new (KEFU_TYPE_GRADE_CARD, "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 8, NULL);
  GtkWidget *box = GTK_WIDGET (g);
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

  g->store = g_object_ref (store);
  g->attempt_id = attempt_id;
  g->position = item->position;
  g->score = GTK_SPIN_BUTTON (score);
  g->comment = GTK_ENTRY (comment);
  g->state = GTK_LABEL (state);
  g->save = save;
  g->wait_bar = KEFU_WAIT_BAR (wait_bar);
  g->title = GTK_LABEL (title);
  g->trainee = g_strdup (trainee);
  g->candidate = candidate;
  g->max_score = item->max_score;
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_grade_cb), g);
  return g;
}


void
kefu_grade_card_set_blind (KefuGradeCard *self,
                           gboolean       blind)
{
  g_autofree char *who = NULL;
  g_autofree char *heading = NULL;

  g_return_if_fail (KEFU_IS_GRADE_CARD (self));
  who = blind
        /* Translators: blind grading hides the name: candidate 1, 2… */
        ? g_strdup_printf (_("Candidate %u"), self->candidate)
        : g_strdup (self->trainee);
  heading = g_strdup_printf (_("%s · question %u · up to %.1f points"), who, self->position, self->max_score);
  gtk_label_set_text (self->title, heading);
}

const char *
kefu_grade_card_get_heading (KefuGradeCard *self)
{
  g_return_val_if_fail (KEFU_IS_GRADE_CARD (self), NULL);
  return gtk_label_get_text (self->title);
}
