/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kefu-practice-window.c — today's re-practice of wrong answers (错题重练)
 *
 * The questions due by now (kefu_practice_due), one at a time: answer,
 * Check shows right or wrong with the right answer and the explanation
 * (解析), and records it in the Leitner queue (a right answer moves the
 * question one box on, a wrong one back to box 1); Next goes on. Case
 * analyses are graded by trainers and are left out.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kefu-enums.h"
#include "kefu-exam.h"
#include "kefu-practice.h"
#include "kefu-practice-window.h"

struct _KefuPracticeWindow
{
  AdwWindow      parent_instance;

  KefuStore     *store;
  gint64         user_id;
  GPtrArray     *questions;    /* KefuQuestion, due today */
  GArray        *boxes;        /* guint, each question's box */
  guint          current;
  guint          n_right;
  gboolean       checked;
  GPtrArray     *choices;      /* GtkCheckButton */
  GtkWidget     *entry;

  /* template */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkLabel       *position_label;
  GtkLabel       *stem_label;
  GtkBox         *answer_box;
  GtkLabel       *verdict_label;
  GtkLabel       *explanation_label;
  GtkWidget      *check_button;
  GtkWidget      *next_button;
  AdwStatusPage  *done_page;
};

G_DEFINE_FINAL_TYPE (KefuPracticeWindow, kefu_practice_window, ADW_TYPE_WINDOW)

static void
show_question (KefuPracticeWindow *self)
{
  KefuQuestion *q;
  GtkWidget *c;
  g_autofree char *position = NULL;

  while ((c = gtk_widget_get_first_child (GTK_WIDGET (self->answer_box))) != NULL)
    gtk_box_remove (self->answer_box, c);
  g_ptr_array_set_size (self->choices, 0);
  self->entry = NULL;
  self->checked = FALSE;
  if (self->current >= self->questions->len)
    {
      g_autofree char *text = g_strdup_printf (_("%u of %u right. Questions answered right come back later at a longer interval; wrong ones tomorrow."),
                                               self->n_right, self->questions->len);
      adw_status_page_set_description (self->done_page, text);
      gtk_stack_set_visible_child_name (self->stack, "done");
      return;
    }
  q = self->questions->pdata[self->current];
  /* Translators: practice: question number of all · type · the Leitner box it is in */
  position = g_strdup_printf (_("Question %u of %u · %s · box %u of %u"), self->current + 1, self->questions->len,
                              kefu_code_label (KEFU_CODES_QUESTION_TYPE, kefu_question_type_code (q->type)),
                              g_array_index (self->boxes, guint, self->current), KEFU_PRACTICE_N_BOXES);
  gtk_label_set_text (self->position_label, position);
  gtk_label_set_text (self->stem_label, q->stem);
  if (q->type == KEFU_QUESTION_SHORT_ANSWER)
    {
      self->entry = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (self->entry), _("Your answer"));
      gtk_box_append (self->answer_box, self->entry);
    }
  else
    {
      guint n = q->type == KEFU_QUESTION_TRUE_FALSE ? 2 : q->options->len;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *label = q->type == KEFU_QUESTION_TRUE_FALSE
                                   ? g_strdup (i == 0 ? _("True") : _("False"))
                                   : g_strdup_printf ("%c. %s", 'A' + i, (const char *) q->options->pdata[i]);
          GtkWidget *b = gtk_check_button_new_with_label (label);

          if (q->type != KEFU_QUESTION_MULTIPLE_CHOICE && i > 0)
            gtk_check_button_set_group (GTK_CHECK_BUTTON (b), self->choices->pdata[0]);
          gtk_widget_add_css_class (b, "exam-choice");
          gtk_box_append (self->answer_box, b);
          g_ptr_array_add (self->choices, b);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), FALSE);
  gtk_widget_set_visible (self->check_button, TRUE);
  gtk_widget_set_visible (self->next_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "question");
}

static char *
given_answer (KefuPracticeWindow *self)
{
  KefuQuestion *q = self->questions->pdata[self->current];
  GString *s;

  if (self->entry != NULL)
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  if (q->type == KEFU_QUESTION_TRUE_FALSE)
    return g_strdup (gtk_check_button_get_active (self->choices->pdata[0]) ? "true"
                     : gtk_check_button_get_active (self->choices->pdata[1]) ? "false" : "");
  s = g_string_new (NULL);
  for (guint i = 0; i < self->choices->len; i++)
    if (gtk_check_button_get_active (self->choices->pdata[i]))
      g_string_append_c (s, 'A' + i);
  return g_string_free (s, FALSE);
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KefuPracticeWindow *self = KEFU_PRACTICE_WINDOW (widget);
  KefuQuestion *q;
  g_autofree char *answer = NULL;
  g_autofree char *right = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gboolean correct = FALSE;

  if (self->checked || self->current >= self->questions->len)
    return;
  q = self->questions->pdata[self->current];
  answer = given_answer (self);
  if (*answer == '\0')
    return;
  if (!kefu_practice_answer (self->store, self->user_id, q->id, answer, kefu_store_now (self->store), &correct, &error))
    {
      gtk_label_set_text (self->verdict_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), TRUE);
      return;
    }
  self->checked = TRUE;
  self->n_right += correct;
  right = q->type == KEFU_QUESTION_TRUE_FALSE ? g_strdup (q->answer_true ? _("True") : _("False"))
          : q->type == KEFU_QUESTION_SHORT_ANSWER ? g_strdup (q->options->pdata[0])
          : kefu_question_right_letters (q);
  gtk_label_set_text (self->verdict_label, correct ? _("Right") : _("Wrong"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), correct ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), correct ? "success" : "error");
  /* Translators: after a practice answer: the right answer, then the explanation */
  text = g_strdup_printf (_("Right answer: %s\n%s"), right, q->explanation != NULL ? q->explanation : "");
  gtk_label_set_text (self->explanation_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), TRUE);
  gtk_widget_set_visible (self->check_button, FALSE);
  gtk_widget_set_visible (self->next_button, TRUE);
  /* each choice says whether it was right: the right ones ✓, a wrong one ticked ✗ */
  for (guint i = 0; i < self->choices->len; i++)
    {
      GtkCheckButton *b = self->choices->pdata[i];
      gboolean is_right = q->type == KEFU_QUESTION_TRUE_FALSE ? (i == 0) == !!q->answer_true
                                                              : kefu_question_weight (q, i) > 0;
      gboolean ticked = gtk_check_button_get_active (b);

      if (is_right || ticked)
        {
          g_autofree char *label = g_strdup_printf ("%s  %s", gtk_check_button_get_label (b),
                                                    /* Translators: marks on practice choices after checking */
                                                    is_right ? _("✓ right") : _("✗ wrong"));
          gtk_check_button_set_label (b, label);
          gtk_widget_add_css_class (GTK_WIDGET (b), is_right ? "success" : "error");
        }
      gtk_widget_set_sensitive (GTK_WIDGET (b), FALSE);
    }
  if (self->entry != NULL)
    gtk_widget_set_sensitive (self->entry, FALSE);
  gtk_widget_grab_focus (self->next_button);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KefuPracticeWindow *self = KEFU_PRACTICE_WINDOW (widget);

  if (!self->checked)
    return;
  self->current++;
  show_question (self);
}

static void
kefu_practice_window_dispose (GObject *object)
{
  KefuPracticeWindow *self = KEFU_PRACTICE_WINDOW (object);

  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->boxes, g_array_unref);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), KEFU_TYPE_PRACTICE_WINDOW);
  G_OBJECT_CLASS (kefu_practice_window_parent_class)->dispose (object);
}

static void
kefu_practice_window_class_init (KefuPracticeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kefu_practice_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kefudesk/Kefu/kefu-practice-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KefuPracticeWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KefuPracticeWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KefuPracticeWindow, position_label);
  gtk_widget_class_bind_template_child (widget_class, KefuPracticeWindow, stem_label);
  gtk_widget_class_bind_template_child (widget_class, KefuPracticeWindow, answer_box);
  gtk_widget_class_bind_template_child (widget_class, KefuPracticeWindow, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, KefuPracticeWindow, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, KefuPracticeWindow, check_button);
  gtk_widget_class_bind_template_child (widget_class, KefuPracticeWindow, next_button);
  gtk_widget_class_bind_template_child (widget_class, KefuPracticeWindow, done_page);
  gtk_widget_class_install_action (widget_class, "practice.check", NULL, check_action);
  gtk_widget_class_install_action (widget_class, "practice.next", NULL, next_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "practice.check", NULL);
}

static void
kefu_practice_window_init (KefuPracticeWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->choices = g_ptr_array_new ();
}

/* The session of @user_id's questions due now; owned by GTK. */
KefuPracticeWindow *
kefu_practice_window_new (GtkWindow  *parent,
                          KefuStore  *store,
                          gint64      user_id,
                          GError    **error)
{
  KefuPracticeWindow *self;
  g_autoptr(GArray) due = kefu_practice_due (store, user_id, kefu_store_now (store), error);
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GArray) boxes = NULL;

  if (due == NULL)
    return NULL;
  questions = g_ptr_array_new_with_free_func ((GDestroyNotify) kefu_question_free);
  boxes = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < due->len; i++)
    {
      KefuPracticeCard *card = &g_array_index (due, KefuPracticeCard, i);
      KefuQuestion *q = kefu_question_load (store, card->question_id, error);

      if (q == NULL)
        return NULL;
      if (kefu_question_type_is_written (q->type))
        {
          kefu_question_free (q);
          continue;
        }
      g_ptr_array_add (questions, q);
      g_array_append_val (boxes, card->box);
    }
  self = g_object_new (KEFU_TYPE_PRACTICE_WINDOW, NULL);
  self->store = g_object_ref (store);
  self->user_id = user_id;
  self->questions = g_steal_pointer (&questions);
  self->boxes = g_steal_pointer (&boxes);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  show_question (self);
  return self;
}
